"""singleuser/singleuser-launch-env-contract: c.Spawner.cmd names a launcher script of the
site's own, and the launcher breaks the contract between the hub and the server: it drops
the JUPYTERHUB_* environment, or passes its own port or prefix. One hub (LocalProcessSpawner);
the launcher is a file read at each spawn, so each variant is the same hub with another
launcher in place, as an admin editing the script would do. A file cannot stage that."""

from __future__ import annotations

import time

import pytest

from tests.hub.sections import exec_section, fragment, section
from tests.hub.user_client import UserClient

pytestmark = pytest.mark.scenario

ENTRY = "singleuser-launch-env-contract"
FOLDER = f"singleuser/{ENTRY}"
CHECK = f"{FOLDER}/check.sh"
VERIFY = f"{FOLDER}/verify.sh"
LAUNCHER = "/usr/local/bin/start-singleuser"  # the path broken.py names
# The user's server's environment, read as the user (root in a container lacks ptrace).
ENVIRON = "tr '\\0' '\\n' < /proc/$(pgrep -o -u you -f jupyterhub-singleuser)/environ"
TIMEOUTS = {"http_timeout": 10, "start_timeout": 20, "poll_interval": 2}


def install_launcher(hub, file: str, name: str) -> None:
    """The page's launcher section, as the whole script at the path c.Spawner.cmd names."""
    hub.write_file(LAUNCHER, "#!/bin/sh\n" + section(f"{FOLDER}/{file}", name), mode=0o755)


def observed(hub, client, mark):
    """What the hub, the proxy and the browser showed since ``mark``. With c.Spawner.cmd
    replaced by the launcher, the harness no longer sends the server's output to a file of
    its own: LocalProcessSpawner's server writes to the hub's output, as on a real machine,
    so that is where its lines are."""
    seen = hub.observed(client, since=mark)
    seen["singleuser-log"] = "\n".join(filter(None, [seen["singleuser-log"], seen["hub-log"]]))
    return seen


def told_while_running(hub, name: str, timeout: float = 20):
    """check.sh:told once the user's server has written its runtime file (it is running)."""
    deadline = time.monotonic() + timeout
    while True:
        result = exec_section(hub, CHECK, "told", name=name)
        if "server at: http" in result.stdout or time.monotonic() > deadline:
            return result
        time.sleep(0.5)


def wait_stopped(hub, name: str, timeout: float = 20) -> None:
    """Until the hub no longer lists the user's default server (it stopped a failed one)."""
    deadline = time.monotonic() + timeout
    while ((hub.user_model(name) or {}).get("servers") or {}).get(""):
        assert time.monotonic() < deadline, hub.user_model(name)
        time.sleep(0.5)


@pytest.mark.reproduces("singleuser-launch-env-contract", "missing-service-url", "prefix-404-api")
def test_launcher_breaks_contract(hub_factory, symptoms):
    hub = hub_factory([fragment(f"{FOLDER}/broken.py")], timeouts=TIMEOUTS)
    install_launcher(hub, "launcher-drops-env.sh", "drops-env")
    hub.start()
    mark = hub.mark()

    # 1. The launcher drops the environment: the server exits at once, the spawn fails.
    user = UserClient.with_failed_spawn(hub, "you")
    found = exec_section(hub, CHECK, "launcher", launcher=LAUNCHER)
    assert "env -i" in found.stdout, found.output
    seen = observed(hub, user, mark)
    assert "Failed to load JupyterHubSingleUser server extension" in seen["singleuser-log"]
    wait_stopped(hub, "you")

    # 2. The launcher passes its own port: the server runs, where the hub does not look.
    install_launcher(hub, "launcher-own-port.sh", "own-port")
    port_mark = hub.mark()
    spawning = UserClient(hub)
    spawning.login("you")
    spawning.spawn("you", wait=False)
    told = told_while_running(hub, "you")
    assert "MISMATCH" in told.stdout and ":8888/user/you/" in told.stdout, told.output
    assert "hub told: http://127.0.0.1:" in told.stdout, told.output
    hub.wait_for_log(
        r"you's server never showed up at \S+ after 10 seconds", 30, "hub", since=port_mark
    )
    wait_stopped(hub, "you")

    # 3. The launcher passes its own prefix: the hub's poll gets a 404, which counts as up;
    # the user's pages are 404s.
    install_launcher(hub, "launcher-own-prefix.sh", "own-prefix")
    hub.start_server("you")  # through the API: the browser would land on the last failure
    prefixed = UserClient(hub)
    prefixed.login("you")
    page = prefixed.get("user/you/")
    assert page.status == 404, prefixed.trail()
    told = exec_section(hub, CHECK, "told", name="you")
    assert "MISMATCH" in told.stdout, told.output
    status = exec_section(hub, VERIFY, "verify", name="you")
    assert status.stdout.strip() == "404", status.output
    symptoms.all_seen_soon(lambda: observed(hub, user, mark))
    hub.stop_server("you")

    # The fix: a launcher that keeps the hub's environment and arguments.
    install_launcher(hub, "start-singleuser.sh", "fixed")
    mark = hub.mark()
    fixed = UserClient.with_server(hub, "you")
    told = exec_section(hub, CHECK, "told", name="you")
    assert "OK: the server listens where the hub waits for it" in told.stdout, told.output
    status = exec_section(hub, VERIFY, "verify", name="you")
    assert status.stdout.strip() == "200", status.output
    env = hub.exec(ENVIRON, user="you")
    assert "EXAMPLE_SITE_SETTING=on" in env.stdout, env.output
    symptoms.all_gone(observed(hub, fixed, mark))
    hub.stop_server("you")

    # Or no launcher at all: the page's fix.py, with the site's variable in the environment.
    hub.reconfigure([fragment(f"{FOLDER}/broken.py"), fragment(f"{FOLDER}/fix.py")])
    hub.restart()
    mark = hub.mark()
    direct = UserClient.with_server(hub, "you")
    told = exec_section(hub, CHECK, "told", name="you")
    assert "OK: the server listens where the hub waits for it" in told.stdout, told.output
    env = hub.exec(ENVIRON, user="you")
    assert "EXAMPLE_SITE_SETTING=on" in env.stdout, env.output
    symptoms.all_gone(observed(hub, direct, mark))

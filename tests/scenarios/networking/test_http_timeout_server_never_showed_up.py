"""networking/http-timeout-server-never-showed-up: a server that listens where the hub does
not look (its container's loopback, or a plain Jupyter server instead of
jupyterhub-singleuser), or that starts later than Spawner.http_timeout."""

from __future__ import annotations

import pytest

from tests.hub.config import scratch_fragment
from tests.hub.sections import container_suffix, fragment, remove_user_container, run_section
from tests.hub.user_client import UserClient
from tests.scenarios.reproduce import check_names

pytestmark = pytest.mark.scenario

ENTRY = "http-timeout-server-never-showed-up"
CHECK = f"networking/{ENTRY}/check.sh"


@pytest.mark.reproduces("http-timeout-server-never-showed-up", "never-showed-up", "took-too-long")
def test_slow_server_needs_a_longer_http_timeout(hub_factory, symptoms, tmp_path):
    # A server that needs ~8 s before it listens (a large environment, a slow file
    # system), against an http_timeout of 4 s (the hub's own timeout, set short so the
    # failure costs seconds; the page's fix raises it to 90).
    slow_server = scratch_fragment(
        tmp_path,
        "slow-server",
        "c.DockerSpawner.cmd = ['sh', '-c', 'sleep 6; exec jupyterhub-singleuser \"$@\"', 'sh']\n",
    )
    timeouts = {"http_timeout": 4, "start_timeout": 20, "poll_interval": 2}
    hub = hub_factory([slow_server], spawner="docker", timeouts=timeouts).start()
    symptoms.all_seen(hub.observed(UserClient.with_failed_spawn(hub, "you")))

    hub.reconfigure([slow_server, fragment(f"networking/{ENTRY}/slow.py")])
    hub.restart()
    remove_user_container(hub, "you")
    mark = hub.mark()
    UserClient.with_server(hub, "you", timeout=60)
    symptoms.all_gone(hub.observed(since=mark))


@pytest.mark.reproduces(
    "http-timeout-server-never-showed-up", "never-showed-up", "not-accessible", "spawn-failed"
)
def test_command_that_is_not_jupyterhub_singleuser(hub_factory, symptoms):
    # c.DockerSpawner.cmd replaced by a plain Jupyter server, in an image that does have
    # jupyterhub-singleuser.
    replaced = fragment(f"networking/{ENTRY}/replaced-cmd.py")
    timeouts = {"http_timeout": 5, "start_timeout": 20, "poll_interval": 2}
    hub = hub_factory([replaced], spawner="docker", timeouts=timeouts).start()
    assert check_names(hub, ENTRY)  # the page's check finds it in the configuration
    symptoms.all_seen(hub.observed(UserClient.with_failed_spawn(hub, "you")))
    assert "JupyterHubSingleUser" not in hub.singleuser_log("you")

    # The page's ways to tell: URLs without /user/you/, then the container's command and
    # whether its image has jupyterhub-singleuser.
    name = container_suffix(hub, "you")
    where = run_section(CHECK, "where", env=hub.engine.env, name=name)
    assert "is running at:" in where.stdout and "/user/" not in where.stdout, where
    command = run_section(CHECK, "command", env=hub.engine.env, name=name)
    assert command.returncode == 0, command.stderr
    told, has = command.stdout.strip().splitlines()
    # (no entrypoint: Docker prints null, Podman [])
    assert told.endswith('  command: ["jupyter","server"]'), command.stdout
    assert has.endswith("/jupyterhub-singleuser"), command.stdout

    # The fix: run jupyterhub-singleuser, remove the old container.
    hub.reconfigure([replaced, fragment(f"networking/{ENTRY}/singleuser-cmd.py")])
    hub.restart()
    assert not check_names(hub, ENTRY)
    remove_user_container(hub, "you")
    mark = hub.mark()
    browser = UserClient.with_server(hub, "you")
    symptoms.all_gone(hub.observed(browser, since=mark))
    where = run_section(CHECK, "where", env=hub.engine.env, name=name)
    assert "/user/you/" in where.stdout, where

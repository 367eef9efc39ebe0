"""Proxy section: the hub cannot start, or cannot talk to, configurable-http-proxy.

Every scenario starts a real hub from the entry's own snippet files, checks the page's
symptoms through the page's own patterns, applies the page's fix (its fragments, and its
shell sections run for real) and ends with the login page answering 200 through the proxy.

Two things about containers shape these tests:

- The hub is PID 1 of its container. When it exits (most start-up failures), every
  process in the container goes with it: the leftover proxy or the other program on a
  port is gone at the next start, where on a real machine it would still be there. So a
  fix round puts the owner back as it was, *holds* the hub's start (`hold_start`), runs the
  page's commands against the owner while the hub waits, then lets the hub start.
- The hub image has no `ss`, `ps`, `pgrep`, `curl` or `sudo`. The page's shell sections run
  on the hub's machine as the page means it: inside the hub container's network namespace
  (`nsenter -n`), with the host's tools. `ss`, `curl` and 127.0.0.1 then see the hub's
  ports; pids are the host's view of the container's processes, so `ps` and `kill` act on
  the same processes. `sudo` is a no-op (the tests run as root). Nothing leaves that
  namespace's loopback.
"""

from __future__ import annotations

import os
import re
import secrets
import shlex
import subprocess
import time
from pathlib import Path

import docker.errors
import pytest

from tests.hub.browser import Browser
from tests.hub.hub import HUB_DIR
from tests.scenarios.snippets import fragment, section, with_parameters

pytestmark = pytest.mark.scenario

CHP = "/opt/chp/node_modules/.bin/configurable-http-proxy"  # where the image has it


# ---------------------------------------------------------------- helpers


@pytest.fixture(scope="module")
def host_tools(tmp_path_factory) -> Path:
    """A PATH directory with `sudo` as a no-op (root needs none; the host has no sudo)."""
    d = tmp_path_factory.mktemp("host-tools")
    sudo = d / "sudo"
    sudo.write_text('#!/bin/sh\nexec "$@"\n')
    sudo.chmod(0o755)
    return d


def on_hub_machine(hub, host_tools: Path, rel: str, name: str, env=None, **params):
    """Run a snippet's shell section in the hub container's network namespace, with its
    parameter lines set (`pid=...`); recorded in the hub's shell transcript. Returns the
    CompletedProcess (not checked: a diagnostic command may fail on purpose)."""
    script = with_parameters(section(rel, name), **params)
    hub.container.reload()
    pid = hub.container.attrs["State"]["Pid"]
    assert pid, f"{hub.container_name} is not running"
    run_env = {**os.environ, **(env or {}), "PATH": f"{host_tools}:{os.environ['PATH']}"}
    proc = subprocess.run(
        ["nsenter", "-t", str(pid), "-n", "sh", "-ec", script],
        env=run_env,
        capture_output=True,
        text=True,
        timeout=30,
    )
    if proc.returncode != 0 and proc.stderr.startswith("nsenter:"):
        pytest.fail(f"cannot enter the hub's network namespace (needs root): {proc.stderr}")
    hub.shell.append(f"$ # {rel}:{name} {params or ''}\n{proc.stdout}{proc.stderr}".rstrip())
    return proc


_SS_LINE = re.compile(r'\s(\S+):(\d+)\s+\S+\s+users:\(\("([^"]+)",pid=(\d+)')


def listeners(ss_output: str) -> dict[int, list[tuple[str, int, str]]]:
    """`ss -ltnp` output -> {port: [(process name, pid, local address), ...]}."""
    found: dict[int, list[tuple[str, int, str]]] = {}
    for line in ss_output.splitlines():
        m = _SS_LINE.search(line)
        if m:
            addr, port, name, pid = m.groups()
            found.setdefault(int(port), []).append((name, int(pid), addr))
    return found


def cmdline(pid: int) -> str:
    """A process's command line (host pid), to tell which listener is which: `ss` names
    processes by their thread name, and a recent Node.js calls its main thread
    "MainThread"."""
    return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()


def is_chp(owner: tuple[str, int, str]) -> bool:
    return "configurable-http-proxy" in cmdline(owner[1])


def hold_start(hub) -> str:
    """Queue a pause before the hub's next start: the container runs, with whatever was
    queued before (a port squatter, a leftover proxy), but the hub itself waits until
    `release(hub, key)`. Start with `hub.start(wait=None)`, then `wait_held(hub, key)`."""
    key = f"/tmp/harness-hold-{secrets.token_hex(4)}"
    hub.before_start(
        f"touch {key}.held; n=0\n"
        f"while [ ! -e {key}.go ] && [ $n -lt 600 ]; do sleep 0.05; n=$((n+1)); done"
    )
    return key


def wait_held(hub, key: str, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if hub.exec(f"test -e {key}.held", record=False).exit_code == 0:
                return
        except docker.errors.APIError:  # not running yet
            pass
        time.sleep(0.05)
    raise AssertionError(f"the held start never got to its pause:\n{hub.log(run=-1)[-2000:]}")


def release(hub, key: str) -> None:
    hub.exec(f"touch {key}.go", record=False).check()


def reconfigure(hub, fragments) -> None:
    """Replace the hub's config fragments (the page's fix) for its next start."""
    hub.fragments = [Path(f) for f in fragments]
    hub.write_file(f"{HUB_DIR}/jupyterhub_config.py", hub.config_text())


def latest(hub) -> dict[str, str]:
    """What the latest start printed (for symptoms.gone after a fix)."""
    return {"hub-log": hub.hub_log(run=-1), "proxy-log": hub.proxy_log(run=-1)}


def login_page_ok(hub) -> None:
    """The hub runs and its login page answers 200 through the proxy (published port)."""
    hop = Browser(hub, timeout=10).get("hub/login")
    assert hop.status == 200, f"{hop}\n{hub.log(run=-1)[-3000:]}"


def exit_code_of_failed_start(hub, timeout: float = 30) -> int:
    hub.start(wait=None)
    return hub.wait_exit(timeout=timeout)


# ---------------------------------------------------------------- port-bind-errors


@pytest.mark.reproduces("port-bind-errors", "listen-eaddrinuse")
def test_public_port_taken_hub_says_running_users_reach_the_other_process(
    hub_factory, host_tools, symptoms
):
    hub = hub_factory()
    hub.squat_port(8000)  # another program holds the public port (accepts, never answers)
    hub.start(wait="log")  # the hub still says "JupyterHub is now running"
    symptoms.seen("port-bind-errors", "listen-eaddrinuse", hub.observed())
    hop = Browser(hub, timeout=2).get("hub/login")  # the user reaches the other program
    assert hop.status is None and "Timeout" in hop.error, hop

    # The page's fix: find who holds the port, stop it by its pid.
    rel = "proxy/port-bind-errors/fix.sh"
    found = on_hub_machine(hub, host_tools, rel, "find-owner")
    assert found.returncode == 0, found.stderr
    owners = listeners(found.stdout)
    assert all(is_chp(o) for o in owners[8001]), found.stdout  # the hub's own proxy
    (other,) = [o for o in owners[8000] if not is_chp(o)]
    stop = on_hub_machine(hub, host_tools, rel, "stop-owner", pid=str(other[1]))
    assert stop.returncode == 0, stop.stdout + stop.stderr
    assert "squat.py" in stop.stdout  # `ps` showed what it was before the kill
    assert 8000 not in listeners(on_hub_machine(hub, host_tools, rel, "find-owner").stdout)

    # Then start the hub again: its proxy gets the port, the login page answers.
    hub.restart()
    symptoms.gone("port-bind-errors", "listen-eaddrinuse", latest(hub))
    login_page_ok(hub)


@pytest.mark.reproduces("port-bind-errors", "api-port-not-a-proxy", "listen-eaddrinuse")
@pytest.mark.reproduces("proxy-fails-to-start", "api-request-failed")
def test_proxy_api_port_taken_by_another_http_server(hub_factory, host_tools, symptoms):
    hub = hub_factory()
    hub.squat_port(8001, ip="127.0.0.1", mode="http")  # a web server that answers 404
    assert exit_code_of_failed_start(hub) == 1
    seen = hub.observed()
    symptoms.seen("port-bind-errors", "api-port-not-a-proxy", seen)
    symptoms.seen("proxy-fails-to-start", "api-request-failed", seen)  # the router's line
    assert any(
        "127.0.0.1:8001" in line
        for line in symptoms.seen("port-bind-errors", "listen-eaddrinuse", seen)
    )

    # The web server is still there on a real machine (here it went with the container):
    # put it back, hold the hub, find the owner of 8001 and stop it by its pid.
    rel = "proxy/port-bind-errors/fix.sh"
    hub.squat_port(8001, ip="127.0.0.1", mode="http")
    key = hold_start(hub)
    hub.start(wait=None)
    wait_held(hub, key)
    owners = listeners(on_hub_machine(hub, host_tools, rel, "find-owner").stdout)
    (other,) = owners[8001]
    assert not is_chp(other)
    stop = on_hub_machine(hub, host_tools, rel, "stop-owner", pid=str(other[1]))
    assert stop.returncode == 0 and "squat.py" in stop.stdout, stop.stdout + stop.stderr
    release(hub, key)
    hub.wait_ready("http", timeout=60)
    after = latest(hub)
    symptoms.gone("port-bind-errors", "api-port-not-a-proxy", after)
    symptoms.gone("port-bind-errors", "listen-eaddrinuse", after)
    symptoms.gone("proxy-fails-to-start", "api-request-failed", after)
    login_page_ok(hub)


@pytest.mark.reproduces("port-bind-errors", "hub-bind-failed", "address-in-use")
def test_hub_port_collides_with_proxy_api_port(hub_factory, host_tools, symptoms):
    # The page's one-line config: hub_port = 8001, the proxy API's default port. The proxy
    # starts first and wins; the hub cannot bind and exits.
    hub = hub_factory([fragment("proxy/port-bind-errors/broken.py")])
    assert exit_code_of_failed_start(hub) == 1
    seen = hub.observed()
    symptoms.seen("port-bind-errors", "hub-bind-failed", seen)
    symptoms.seen("port-bind-errors", "address-in-use", seen)

    # The fix: the three ports written down in one place (after the broken line, as a
    # reader would append it), then the page's check: who listens where, and a 200.
    reconfigure(
        hub,
        [fragment("proxy/port-bind-errors/broken.py"), fragment("proxy/port-bind-errors/fix.py")],
    )
    hub.start()
    after = latest(hub)
    symptoms.gone("port-bind-errors", "hub-bind-failed", after)
    symptoms.gone("port-bind-errors", "address-in-use", after)
    check = on_hub_machine(hub, host_tools, "proxy/port-bind-errors/verify.sh", "verify")
    assert check.returncode == 0 and check.stdout.rstrip().endswith("200"), check.stdout
    owners = listeners(check.stdout)
    assert all(is_chp(o) for port in (8000, 8001) for o in owners[port]), check.stdout
    assert [n for n, _, _ in owners[8081]] == ["jupyterhub"], check.stdout
    login_page_ok(hub)


@pytest.mark.reproduces("port-bind-errors", "proxy-still-running")
def test_pid_file_lets_the_hub_stop_a_leftover_proxy(hub_factory, symptoms):
    # A proxy left by an earlier hub that used the same pid file (fix.py:pid-file), as
    # the earlier hub would have recorded it. The new hub stops it before starting its own.
    pid_file = "/srv/jupyterhub/jupyterhub-proxy.pid"
    assert f'pid_file = "{pid_file}"' in section("proxy/port-bind-errors/fix.py", "pid-file")
    hub = hub_factory([fragment("proxy/port-bind-errors/fix.py")])
    # The leftover runs under a shell that waits for it, standing in for a real machine's
    # init: in the container the hub is PID 1 and would inherit the orphan, and a process
    # whose parent does not reap it stays a zombie, which the hub takes for "still running".
    hub.before_start(
        "nohup sh -c 'CONFIGPROXY_AUTH_TOKEN=earlier-hubs-token "
        f"{CHP} --port 8000 --api-ip 127.0.0.1 --api-port 8001 & echo $! > {pid_file}; wait' "
        ">/var/log/earlier-proxy.log 2>&1 </dev/null &\n"
        "/usr/bin/python3 /opt/harness/waitport.py 8001 127.0.0.1 15"
    )
    hub.start()
    (line,) = symptoms.seen("port-bind-errors", "proxy-still-running", hub.observed())
    pid = re.search(r"pid=(\d+)", line).group(1)
    hub.wait_for_log(rf"Stopped proxy at pid={pid}", source="hub")
    assert "EADDRINUSE" not in hub.proxy_log()
    login_page_ok(hub)


# ---------------------------------------------------------------- proxy-api-token-mismatch


@pytest.mark.reproduces("proxy-api-token-mismatch", "api-403", "proxy-refuses-token")
@pytest.mark.reproduces("proxy-fails-to-start", "api-request-failed")
def test_leftover_proxy_with_another_token(hub_factory, host_tools, symptoms):
    # A proxy left by an earlier hub (killed, or started from another directory, so this
    # hub has no pid file for it) holds 8000 and 8001 with that hub's token.
    hub = hub_factory()
    stray_log = hub.start_stray_proxy(token="the-earlier-hubs-token")
    assert exit_code_of_failed_start(hub) == 1
    seen = hub.observed()
    symptoms.seen("proxy-api-token-mismatch", "api-403", seen)
    symptoms.seen("proxy-fails-to-start", "api-request-failed", seen)
    # The refusal is in the log of whoever started that proxy: here its own log file.
    stray = {"proxy-log": hub.read_file(stray_log) or ""}
    symptoms.seen("proxy-api-token-mismatch", "proxy-refuses-token", stray)
    assert "EADDRINUSE" in seen["proxy-log"]  # this hub's own proxy could not listen

    # The page's fix, on the leftover as it would still be there: find the proxy on the
    # API port, look at it, stop it by its pid; then start the hub again.
    rel = "proxy/proxy-api-token-mismatch/fix.sh"
    hub.start_stray_proxy(token="the-earlier-hubs-token")
    key = hold_start(hub)
    hub.start(wait=None)
    wait_held(hub, key)
    found = on_hub_machine(hub, host_tools, rel, "find-stale")
    (leftover,) = listeners(found.stdout)[8001]
    assert is_chp(leftover), found.stdout
    assert "configurable-http-proxy" in found.stdout  # pgrep -a lists it too
    stop = on_hub_machine(hub, host_tools, rel, "stop-stale", pid=str(leftover[1]))
    assert stop.returncode == 0 and "--api-port 8001" in stop.stdout, stop.stdout + stop.stderr
    release(hub, key)
    hub.wait_ready("http", timeout=60)
    after = latest(hub)
    symptoms.gone("proxy-api-token-mismatch", "api-403", after)
    symptoms.gone("proxy-fails-to-start", "api-request-failed", after)
    login_page_ok(hub)


def shared_token_proxy(hub, token: str) -> None:
    """The page's shared-token section, run in the hub container before the hub: it
    starts configurable-http-proxy with the secret (its `CONFIGPROXY_AUTH_TOKEN=` line set
    to `token`) in the background. Its last line starts the hub; the harness does that
    itself (the hub is PID 1), so `jupyterhub` is a no-op function in this script."""
    script = with_parameters(
        section("proxy/proxy-api-token-mismatch/fix.sh", "shared-token"),
        CONFIGPROXY_AUTH_TOKEN=token,
    )
    assert "configurable-http-proxy --port 8000 --api-ip 127.0.0.1 --api-port 8001" in script
    hub.before_start(
        "jupyterhub() { :; }  # the harness starts the hub right after this script\n"
        + script
        + "/usr/bin/python3 /opt/harness/waitport.py 8001 127.0.0.1 15\n"
    )


@pytest.mark.reproduces(
    "proxy-api-token-mismatch", "api-403", "proxy-refuses-token", "token-required"
)
def test_external_proxy_token(hub_factory, host_tools, symptoms):
    token = secrets.token_hex(32)
    fix = fragment("proxy/proxy-api-token-mismatch/fix.py")

    # The fix's config without the variable in the hub's environment: refused at once.
    lonely = hub_factory([fix], name="no-token")
    assert exit_code_of_failed_start(lonely) == 1
    symptoms.seen("proxy-api-token-mismatch", "token-required", lonely.observed())

    # A proxy run as its own process with one secret, a hub configured with another.
    hub = hub_factory(
        [fragment("proxy/proxy-api-token-mismatch/broken.py")],
        env={"CONFIGPROXY_AUTH_TOKEN": token},
    )
    shared_token_proxy(hub, token)
    assert exit_code_of_failed_start(hub) == 1
    seen = hub.observed()
    symptoms.seen("proxy-api-token-mismatch", "api-403", seen)
    symptoms.seen("proxy-api-token-mismatch", "proxy-refuses-token", seen)

    # The fix: the hub reads the same variable the proxy was started with.
    reconfigure(hub, [fix])
    shared_token_proxy(hub, token)
    hub.start()
    after = latest(hub)
    symptoms.gone("proxy-api-token-mismatch", "api-403", after)
    symptoms.gone("proxy-api-token-mismatch", "proxy-refuses-token", after)
    assert "JupyterHub is now running, internal Hub API at" in after["hub-log"]
    check = on_hub_machine(
        hub,
        host_tools,
        "proxy/proxy-api-token-mismatch/verify.sh",
        "verify",
        env={"CONFIGPROXY_AUTH_TOKEN": token},
    )
    assert check.stdout.strip() == "200", check.stdout + check.stderr
    login_page_ok(hub)


# ---------------------------------------------------------------- chp-missing-or-broken

# The usual installation: Debian's node in /usr/bin, `npm install -g` puts
# configurable-http-proxy in /usr/local/bin; a service that sets PATH to the hub's venv
# and the system directories only does not see it.
HUB_PATH = "/opt/hub/bin:/usr/bin:/bin"
LOGIN_PATH = "/usr/local/bin:/usr/bin:/bin"
NPM_GLOBAL_INSTALL = (
    'ln -sf "$(readlink -f /usr/local/bin/node)" /usr/bin/node\n'
    f"ln -sf {CHP} /usr/local/bin/configurable-http-proxy\n"
)


@pytest.mark.reproduces(
    "chp-missing-or-broken", "proxy-not-found", "failed-to-start-proxy", "file-not-found"
)
@pytest.mark.reproduces("proxy-fails-to-start", "failed-to-start-proxy")
def test_proxy_not_on_the_hubs_path(hub_factory, symptoms):
    broken = fragment("proxy/chp-missing-or-broken/broken.py")
    hub = hub_factory([broken], env={"PATH": HUB_PATH})
    hub.before_start(NPM_GLOBAL_INSTALL)
    assert exit_code_of_failed_start(hub) == 1
    seen = hub.observed()
    for symptom in ("proxy-not-found", "failed-to-start-proxy", "file-not-found"):
        symptoms.seen("chp-missing-or-broken", symptom, seen)
    symptoms.seen("proxy-fails-to-start", "failed-to-start-proxy", seen)

    # Step 1 of the fix, in the hub's environment (the start is held so the container
    # runs): the proxy is not on the hub's PATH; with a login shell's PATH it is, at the
    # path the page's fix names.
    hub.before_start(NPM_GLOBAL_INSTALL)
    key = hold_start(hub)
    hub.start(wait=None)
    wait_held(hub, key)
    check = section("proxy/chp-missing-or-broken/fix.sh", "check")
    as_hub = hub.exec(check)
    assert as_hub.exit_code != 0 and "not on this PATH" in as_hub.stdout, as_hub.output
    as_login = hub.exec(check, env={"PATH": LOGIN_PATH})
    assert as_login.exit_code == 0, as_login.output
    where = as_login.stdout.splitlines()[0]
    fix = fragment("proxy/chp-missing-or-broken/fix.py")
    assert f'["{where}"]' in section("proxy/chp-missing-or-broken/fix.py", "fix")

    # Step 3: the absolute command. The hub's PATH is unchanged; the hub starts.
    reconfigure(hub, [broken, fix])
    release(hub, key)
    hub.wait_ready("http", timeout=60)
    after = latest(hub)
    for symptom in ("proxy-not-found", "failed-to-start-proxy", "file-not-found"):
        symptoms.gone("chp-missing-or-broken", symptom, after)
    symptoms.gone("proxy-fails-to-start", "failed-to-start-proxy", after)
    login_page_ok(hub)


# ---------------------------------------------------------------- proxy-bind-ip-wrong (legacy)


@pytest.mark.reproduces("proxy-bind-ip-wrong", "interpreting-star", "starting-proxy-star")
def test_ip_star_starts_today_with_a_warning(hub_factory, host_tools, symptoms):
    # The 2016 advice's suspect: today the hub starts, the proxy only warns.
    hub = hub_factory([fragment("proxy/proxy-bind-ip-wrong/broken.py")]).start()
    seen = hub.observed()
    symptoms.seen("proxy-bind-ip-wrong", "interpreting-star", seen)
    symptoms.seen("proxy-bind-ip-wrong", "starting-proxy-star", seen)
    login_page_ok(hub)

    # The page's spellings of what '*' means: no warning, and the login page answers.
    for fix in ("proxy/proxy-bind-ip-wrong/fix.py", "proxy/port-bind-errors/ipv4.py"):
        reconfigure(hub, [fragment("proxy/proxy-bind-ip-wrong/broken.py"), fragment(fix)])
        hub.restart()
        after = latest(hub)
        symptoms.gone("proxy-bind-ip-wrong", "interpreting-star", after)
        symptoms.gone("proxy-bind-ip-wrong", "starting-proxy-star", after)
        check = on_hub_machine(hub, host_tools, "proxy/chp-missing-or-broken/verify.sh", "verify")
        assert check.stdout.strip() == "200", f"{fix}: {check.stdout}{check.stderr}"
        login_page_ok(hub)

    # The command-line spelling: its options after `-f <config>`, given to a hub whose config
    # still says '*' (the command line wins).
    (cmd,) = [
        ln
        for ln in section("proxy/proxy-bind-ip-wrong/fix.sh", "cli").splitlines()
        if ln.startswith("jupyterhub ")
    ]
    words = shlex.split(cmd)[1:]
    args = [w for i, w in enumerate(words) if w != "-f" and (i == 0 or words[i - 1] != "-f")]
    assert args == ["--ip=0.0.0.0"], cmd
    cli = hub_factory([fragment("proxy/proxy-bind-ip-wrong/broken.py")], args=args).start()
    after = latest(cli)
    symptoms.gone("proxy-bind-ip-wrong", "interpreting-star", after)
    symptoms.gone("proxy-bind-ip-wrong", "starting-proxy-star", after)
    login_page_ok(cli)

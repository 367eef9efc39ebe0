"""Proxy section: the hub cannot start, or cannot talk to, configurable-http-proxy.

Every scenario starts a real hub from the entry's own snippet files, checks the page's
symptoms through the page's own patterns, applies the page's fix (its fragments, and its
shell sections run for real) and ends with the login page answering 200 through the proxy.

Two things about containers shape these tests:

- The hub is PID 1 of its container. When it exits (most start-up failures), every
  process in the container goes with it: the leftover proxy or the other program on a
  port is gone at the next start, where on a real machine it would still be there. So a
  fix round puts the owner back as it was, *holds* the hub's start (`hub.held_start()`),
  runs the page's commands against the owner while the hub waits, then lets the hub start.
- The hub's container is the hub's machine. The page's shell sections run there
  (`exec_section`), with the image's `ss`, `ps`, `pgrep`, `curl` and `sudo`: `ss`, `curl`
  and 127.0.0.1 see the hub's ports, pids are the container's, so `ps` and `kill` act on
  the processes `ss` names.
"""

from __future__ import annotations

import re
import secrets
import shlex

import pytest

from tests.hub.browser import Browser
from tests.hub.hub import CHP
from tests.scenarios.snippets import exec_section, fragment, section, with_parameters

pytestmark = pytest.mark.scenario


# ---------------------------------------------------------------- helpers


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


def cmdline(hub, pid: int) -> str:
    """A process's command line (the container's pid), to tell which listener is which:
    `ss` names processes by their thread name, and a recent Node.js calls its main thread
    "MainThread"."""
    return hub.exec(["cat", f"/proc/{pid}/cmdline"], record=False).stdout.replace("\0", " ")


def is_chp(hub, owner: tuple[str, int, str]) -> bool:
    return "configurable-http-proxy" in cmdline(hub, owner[1])


def login_page_ok(hub) -> None:
    """The hub runs and its login page answers 200 through the proxy (published port)."""
    hop = Browser(hub, timeout=10).get("hub/login")
    assert hop.status == 200, f"{hop}\n{hub.log(run=-1)[-3000:]}"


def exit_code_of_failed_start(hub, timeout: float = 30) -> int:
    hub.start(wait=None)
    return hub.wait_exit(timeout=timeout)


# ---------------------------------------------------------------- port-bind-errors


@pytest.mark.reproduces("port-bind-errors", "listen-eaddrinuse")
def test_public_port_taken_hub_says_running_users_reach_the_other_process(hub_factory, symptoms):
    hub = hub_factory()
    hub.squat_port(8000)  # another program holds the public port (accepts, never answers)
    hub.start(wait="log")  # the hub still says "JupyterHub is now running"
    symptoms.seen("port-bind-errors", "listen-eaddrinuse", hub.observed())
    hop = Browser(hub, timeout=2).get("hub/login")  # the user reaches the other program
    assert hop.status is None and "Timeout" in hop.error, hop

    # The page's fix: find who holds the port, stop it by its pid.
    rel = "proxy/port-bind-errors/fix.sh"
    found = exec_section(hub, rel, "find-owner")
    assert found.exit_code == 0, found.stderr
    owners = listeners(found.stdout)
    assert all(is_chp(hub, o) for o in owners[8001]), found.stdout  # the hub's own proxy
    (other,) = [o for o in owners[8000] if not is_chp(hub, o)]
    stop = exec_section(hub, rel, "stop-owner", pid=str(other[1]))
    assert stop.exit_code == 0, stop.stdout + stop.stderr
    assert "squat.py" in stop.stdout  # `ps` showed what it was before the kill
    assert 8000 not in listeners(exec_section(hub, rel, "find-owner").stdout)

    # Then start the hub again: its proxy gets the port, the login page answers.
    hub.restart()
    symptoms.gone("port-bind-errors", "listen-eaddrinuse", hub.observed(run=-1))
    login_page_ok(hub)


@pytest.mark.reproduces("port-bind-errors", "api-port-not-a-proxy", "listen-eaddrinuse")
@pytest.mark.reproduces("proxy-fails-to-start", "api-request-failed")
def test_proxy_api_port_taken_by_another_http_server(hub_factory, symptoms):
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
    with hub.held_start():
        owners = listeners(exec_section(hub, rel, "find-owner").stdout)
        (other,) = owners[8001]
        assert not is_chp(hub, other)
        stop = exec_section(hub, rel, "stop-owner", pid=str(other[1]))
        assert stop.exit_code == 0 and "squat.py" in stop.stdout, stop.stdout + stop.stderr
    after = hub.observed(run=-1)
    symptoms.gone("port-bind-errors", "api-port-not-a-proxy", after)
    symptoms.gone("port-bind-errors", "listen-eaddrinuse", after)
    symptoms.gone("proxy-fails-to-start", "api-request-failed", after)
    login_page_ok(hub)


@pytest.mark.reproduces("port-bind-errors", "hub-bind-failed", "address-in-use")
def test_hub_port_collides_with_proxy_api_port(hub_factory, symptoms):
    # The page's one-line config: hub_port = 8001, the proxy API's default port. The proxy
    # starts first and wins; the hub cannot bind and exits.
    hub = hub_factory([fragment("proxy/port-bind-errors/broken.py")])
    assert exit_code_of_failed_start(hub) == 1
    seen = hub.observed()
    symptoms.seen("port-bind-errors", "hub-bind-failed", seen)
    symptoms.seen("port-bind-errors", "address-in-use", seen)

    # The fix: the three ports written down in one place (after the broken line, as a
    # reader would append it), then the page's check: who listens where, and a 200.
    hub.reconfigure(
        [fragment("proxy/port-bind-errors/broken.py"), fragment("proxy/port-bind-errors/fix.py")],
    )
    hub.start()
    after = hub.observed(run=-1)
    symptoms.gone("port-bind-errors", "hub-bind-failed", after)
    symptoms.gone("port-bind-errors", "address-in-use", after)
    check = exec_section(hub, "proxy/port-bind-errors/verify.sh", "verify")
    assert check.exit_code == 0 and check.stdout.rstrip().endswith("200"), check.stdout
    owners = listeners(check.stdout)
    assert all(is_chp(hub, o) for port in (8000, 8001) for o in owners[port]), check.stdout
    assert [n for n, _, _ in owners[8081]] == ["jupyterhub"], check.stdout
    login_page_ok(hub)


@pytest.mark.reproduces("port-bind-errors", "proxy-still-running")
def test_pid_file_lets_the_hub_stop_a_leftover_proxy(hub_factory, symptoms):
    # A proxy left by an earlier hub that used the same pid file (fix.py:pid-file), as
    # the earlier hub would have recorded it. The new hub stops it before starting its own.
    pid_file = "/srv/jupyterhub/jupyterhub-proxy.pid"
    assert f'pid_file = "{pid_file}"' in section("proxy/port-bind-errors/fix.py", "pid-file")
    hub = hub_factory([fragment("proxy/port-bind-errors/fix.py")])
    # On 8000 and 8001, reaped when stopped as on a real machine (see start_stray_proxy).
    leftover = hub.start_stray_proxy(token="earlier-hubs-token", pid_file=pid_file)
    with hub.held_start():  # to read the pid file before the hub writes its own proxy's
        recorded = leftover.pid
    (line,) = symptoms.seen("port-bind-errors", "proxy-still-running", hub.observed())
    pid = re.search(r"pid=(\d+)", line).group(1)
    assert int(pid) == recorded
    hub.wait_for_log(rf"Stopped proxy at pid={pid}", source="hub")
    assert "EADDRINUSE" not in hub.proxy_log()
    login_page_ok(hub)


# ---------------------------------------------------------------- proxy-api-token-mismatch


@pytest.mark.reproduces("proxy-api-token-mismatch", "api-403", "proxy-refuses-token")
@pytest.mark.reproduces("proxy-fails-to-start", "api-request-failed")
def test_leftover_proxy_with_another_token(hub_factory, symptoms):
    # A proxy left by an earlier hub (killed, or started from another directory, so this
    # hub has no pid file for it) holds 8000 and 8001 with that hub's token.
    hub = hub_factory()
    earlier = hub.start_stray_proxy(token="the-earlier-hubs-token")
    assert exit_code_of_failed_start(hub) == 1
    seen = hub.observed()
    symptoms.seen("proxy-api-token-mismatch", "api-403", seen)
    symptoms.seen("proxy-fails-to-start", "api-request-failed", seen)
    # The refusal is in the log of whoever started that proxy: here its own log file.
    stray = {"proxy-log": earlier.read_log()}
    symptoms.seen("proxy-api-token-mismatch", "proxy-refuses-token", stray)
    assert "EADDRINUSE" in seen["proxy-log"]  # this hub's own proxy could not listen

    # The page's fix, on the leftover as it would still be there: find the proxy on the
    # API port, look at it, stop it by its pid; then start the hub again.
    rel = "proxy/proxy-api-token-mismatch/fix.sh"
    still_there = hub.start_stray_proxy(token="the-earlier-hubs-token")
    with hub.held_start():
        found = exec_section(hub, rel, "find-stale")
        (leftover,) = listeners(found.stdout)[8001]
        assert is_chp(hub, leftover), found.stdout
        assert leftover[1] == still_there.pid, found.stdout
        assert "configurable-http-proxy" in found.stdout  # pgrep -a lists it too
        stop = exec_section(hub, rel, "stop-stale", pid=str(leftover[1]))
        assert stop.exit_code == 0 and "--api-port 8001" in stop.stdout, stop.output
    after = hub.observed(run=-1)
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
def test_external_proxy_token(hub_factory, symptoms):
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
    hub.reconfigure([fix])
    shared_token_proxy(hub, token)
    hub.start()
    after = hub.observed(run=-1)
    symptoms.gone("proxy-api-token-mismatch", "api-403", after)
    symptoms.gone("proxy-api-token-mismatch", "proxy-refuses-token", after)
    assert "JupyterHub is now running, internal Hub API at" in after["hub-log"]
    check = exec_section(
        hub,
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
    with hub.held_start():
        check = section("proxy/chp-missing-or-broken/fix.sh", "check")
        as_hub = hub.exec(check)
        assert as_hub.exit_code != 0 and "not on this PATH" in as_hub.stdout, as_hub.output
        as_login = hub.exec(check, env={"PATH": LOGIN_PATH})
        assert as_login.exit_code == 0, as_login.output
        where = as_login.stdout.splitlines()[0]
        fix = fragment("proxy/chp-missing-or-broken/fix.py")
        assert f'["{where}"]' in section("proxy/chp-missing-or-broken/fix.py", "fix")

        # Step 3: the absolute command. The hub's PATH is unchanged; the hub starts.
        hub.reconfigure([broken, fix])
    after = hub.observed(run=-1)
    for symptom in ("proxy-not-found", "failed-to-start-proxy", "file-not-found"):
        symptoms.gone("chp-missing-or-broken", symptom, after)
    symptoms.gone("proxy-fails-to-start", "failed-to-start-proxy", after)
    login_page_ok(hub)


# ---------------------------------------------------------------- proxy-bind-ip-wrong (legacy)


@pytest.mark.reproduces("proxy-bind-ip-wrong", "interpreting-star", "starting-proxy-star")
def test_ip_star_starts_today_with_a_warning(hub_factory, symptoms):
    # The 2016 advice's suspect: today the hub starts, the proxy only warns.
    hub = hub_factory([fragment("proxy/proxy-bind-ip-wrong/broken.py")]).start()
    seen = hub.observed()
    symptoms.seen("proxy-bind-ip-wrong", "interpreting-star", seen)
    symptoms.seen("proxy-bind-ip-wrong", "starting-proxy-star", seen)
    login_page_ok(hub)

    # The page's spellings of what '*' means: no warning, and the login page answers.
    for fix in ("proxy/proxy-bind-ip-wrong/fix.py", "proxy/port-bind-errors/ipv4.py"):
        hub.reconfigure([fragment("proxy/proxy-bind-ip-wrong/broken.py"), fragment(fix)])
        hub.restart()
        after = hub.observed(run=-1)
        symptoms.gone("proxy-bind-ip-wrong", "interpreting-star", after)
        symptoms.gone("proxy-bind-ip-wrong", "starting-proxy-star", after)
        check = exec_section(hub, "proxy/chp-missing-or-broken/verify.sh", "verify")
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
    after = cli.observed(run=-1)
    symptoms.gone("proxy-bind-ip-wrong", "interpreting-star", after)
    symptoms.gone("proxy-bind-ip-wrong", "starting-proxy-star", after)
    login_page_ok(cli)

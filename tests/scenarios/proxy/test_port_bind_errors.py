"""proxy/port-bind-errors: another program on the public port, the proxy's API port or the
hub's port; a proxy left by an earlier hub, stopped through its pid file.

The hub is PID 1 of its container: when it exits, the program on the port goes with it,
where on a real machine it would still be there. So a fix round puts the owner back,
holds the hub's start, and runs the page's commands (`ss`, `ps`, `kill` in the hub's
container, where pids and ports are the hub's machine's) while the hub waits.
"""

from __future__ import annotations

import re

import pytest

from tests.hub.processes import is_proxy, listeners
from tests.hub.sections import exec_section, fragment, section
from tests.hub.user_client import UserClient, assert_login_page_answers

pytestmark = pytest.mark.scenario

ENTRY = "port-bind-errors"
FIX_SH = f"proxy/{ENTRY}/fix.sh"
BROKEN = fragment(f"proxy/{ENTRY}/broken.py")
FIX = fragment(f"proxy/{ENTRY}/fix.py")


@pytest.mark.reproduces("port-bind-errors", "listen-eaddrinuse")
def test_public_port_taken_hub_says_running_users_reach_the_other_process(hub_factory, symptoms):
    hub = hub_factory()
    hub.squat_port(8000)  # another program holds the public port (accepts, never answers)
    hub.start(wait="log")  # the hub still says "JupyterHub is now running"
    symptoms.all_seen(hub.observed())
    hop = UserClient(hub, timeout=1).get("hub/login")  # the user reaches the other program
    assert hop.status is None and "Timeout" in hop.error, hop

    # The page's fix: find who holds the port, stop it by its pid.
    found = exec_section(hub, FIX_SH, "find-owner")
    assert found.exit_code == 0, found.stderr
    owners = listeners(found.stdout)
    assert all(is_proxy(hub, o) for o in owners[8001]), found.stdout  # the hub's own proxy
    (other,) = [o for o in owners[8000] if not is_proxy(hub, o)]
    stop = exec_section(hub, FIX_SH, "stop-owner", pid=str(other[1]))
    assert stop.exit_code == 0, stop.stdout + stop.stderr
    assert "squat.py" in stop.stdout  # `ps` showed what it was before the kill
    assert 8000 not in listeners(exec_section(hub, FIX_SH, "find-owner").stdout)

    # Then start the hub again: its proxy gets the port, the login page answers.
    hub.restart()
    symptoms.all_gone(hub.observed(run=-1))
    assert_login_page_answers(hub)


@pytest.mark.reproduces("port-bind-errors", "api-port-not-a-proxy", "listen-eaddrinuse")
@pytest.mark.reproduces("proxy-fails-to-start", "api-request-failed")
def test_proxy_api_port_taken_by_another_http_server(hub_factory, symptoms):
    hub = hub_factory()
    hub.squat_port(8001, ip="127.0.0.1", mode="http")  # a web server that answers 404
    assert hub.start_until_exit() == 1
    found = symptoms.all_seen(hub.observed())  # with the router's line
    assert any("127.0.0.1:8001" in line for line in found[ENTRY, "listen-eaddrinuse"])

    # The web server is still there on a real machine (here it went with the container):
    # put it back, hold the hub, find the owner of 8001 and stop it by its pid.
    hub.squat_port(8001, ip="127.0.0.1", mode="http")
    with hub.held_start():
        owners = listeners(exec_section(hub, FIX_SH, "find-owner").stdout)
        (other,) = owners[8001]
        assert not is_proxy(hub, other)
        stop = exec_section(hub, FIX_SH, "stop-owner", pid=str(other[1]))
        assert stop.exit_code == 0 and "squat.py" in stop.stdout, stop.stdout + stop.stderr
    symptoms.all_gone(hub.observed(run=-1))
    assert_login_page_answers(hub)


@pytest.mark.reproduces("port-bind-errors", "proxy-still-running")
def test_pid_file_lets_the_hub_stop_a_leftover_proxy(hub_factory, symptoms):
    # A proxy left by an earlier hub that used the same pid file (fix.py:pid-file), as
    # the earlier hub would have recorded it. The new hub stops it before starting its own.
    pid_file = "/srv/jupyterhub/jupyterhub-proxy.pid"
    assert f'pid_file = "{pid_file}"' in section(f"proxy/{ENTRY}/fix.py", "pid-file")
    hub = hub_factory([FIX])
    # On 8000 and 8001, reaped when stopped as on a real machine (see start_stray_proxy).
    leftover = hub.start_stray_proxy(token="earlier-hubs-token", pid_file=pid_file)
    with hub.held_start():  # to read the pid file before the hub writes its own proxy's
        recorded = leftover.pid
    (line,) = symptoms.seen(ENTRY, "proxy-still-running", hub.observed())
    pid = re.search(r"pid=(\d+)", line).group(1)
    assert int(pid) == recorded
    hub.wait_for_log(rf"Stopped proxy at pid={pid}", source="hub")
    assert "EADDRINUSE" not in hub.proxy_log()
    assert_login_page_answers(hub)

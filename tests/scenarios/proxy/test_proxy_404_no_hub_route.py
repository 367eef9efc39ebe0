"""proxy/proxy-404-no-hub-route: a proxy without the hub's routes (restarted on its own,
or a hub stuck before it adds them) answers 404 to everyone.

Test-only configuration, kept out of the page, is written under the test's tmp_path and
named as such (`scratch_fragment`).
"""

from __future__ import annotations

import json
import secrets

import pytest

from tests.hub.config import scratch_fragment
from tests.hub.processes import listeners
from tests.hub.sections import exec_section, fragment, section
from tests.hub.user_client import UserClient

pytestmark = pytest.mark.scenario

ENTRY = "proxy-404-no-hub-route"
PROXY_SH = f"proxy/{ENTRY}/proxy.sh"
CHP_PID = "/tmp/separate-proxy.pid"
WAIT_API = "/usr/bin/python3 /opt/harness/waitport.py 8001 127.0.0.1 15"
WAIT_API_FREE = (
    "/usr/bin/python3 -c 'import socket, time\n"
    "for _ in range(100):\n"
    '    try: socket.create_connection(("127.0.0.1", 8001), 0.2).close()\n'
    "    except OSError: break\n"
    "    time.sleep(0.1)'"
)


def proxy_command(name: str) -> str:
    """The page's proxy command (a section of proxy.sh, it ends with `&`), run as its
    service manager would: output to the container's log (the hub's is there too, as a
    journal would hold both), pid remembered for the next restart."""
    script = section(PROXY_SH, name)
    return f"{{\n{script}}} >>/proc/1/fd/1 2>&1 </dev/null\necho $! > {CHP_PID}\n{WAIT_API}\n"


def restart_separate_proxy(hub, name: str) -> None:
    """`systemctl restart configurable-http-proxy`: stop it, start it with that command."""
    hub.exec(f'kill "$(cat {CHP_PID})"\n{WAIT_API_FREE}\n{proxy_command(name)}').check()


@pytest.mark.reproduces(
    "proxy-404-no-hub-route", "proxy-404", "no-service-registered", "hub-error-404"
)
def test_separate_proxy_restarted_has_no_route_to_the_hub(hub_factory, symptoms, tmp_path):
    # DockerSpawner, so that users' servers outlive the hub's container. The separate
    # proxy runs in the hub's container (a process of its own, started before the hub);
    # that container stops with the hub, so every start of the hub queues it again.
    token = secrets.token_hex(32)
    broken = fragment(f"proxy/{ENTRY}/broken.py")
    check = f"proxy/{ENTRY}/check.sh"
    hub = hub_factory([broken], spawner="docker", env={"CONFIGPROXY_AUTH_TOKEN": token})
    hub.before_start(proxy_command("without-default"))
    hub.start()
    user = UserClient.with_server(hub, "you")

    # The proxy restarts on its own; the hub keeps running and does not notice.
    mark = hub.mark()
    restart_separate_proxy(hub, "without-default")
    visitor = UserClient(hub)
    assert visitor.get("hub/login").status == 404, visitor.trail()
    assert user.get("user/you/api/status", follow=False).status == 404, user.trail()
    seen = hub.observed(visitor, since=mark)
    symptoms.seen(ENTRY, "proxy-404", seen)
    symptoms.seen(ENTRY, "no-service-registered", seen)

    # Step 1: the routing table is empty.
    routes = exec_section(hub, check, "routes")
    assert routes.exit_code == 0 and routes.stdout.strip() == "{}", routes.output

    # A proxy that asks the hub for its error pages: the hub's 404 page, the hub's log.
    mark = hub.mark()
    restart_separate_proxy(hub, "error-page-only")
    other = UserClient(hub)
    assert other.get("hub/login").status == 404, other.trail()
    assert "404 : Not Found" in other.transcript(), other.transcript()
    # The hub logs its error page after answering it: wait for the line.
    hub.wait_for_log(symptoms.symptom(ENTRY, "hub-error-404").regex, source="hub", since=mark)
    seen = hub.observed(other, since=mark)
    symptoms.seen(ENTRY, "hub-error-404", seen)
    symptoms.seen(ENTRY, "proxy-404", seen)

    # Step 2: restart the hub (the page's systemctl line); it adds every route again,
    # users' servers included.
    assert "systemctl restart jupyterhub" in section(f"proxy/{ENTRY}/fix.sh", "restart-hub")
    hub.stop()
    hub.before_start(proxy_command("error-page-only"))
    mark = hub.mark()
    hub.start()
    hub.wait_for_log(r"Adding route for Hub: / => ", source="hub", since=mark)
    assert UserClient(hub).get("hub/login").status == 200
    assert user.working_server("you"), user.trail()
    routes = json.loads(exec_section(hub, check, "routes").stdout)
    assert "/" in routes and "/user/you" in routes, routes
    after = hub.observed(since=mark)
    for symptom in ("proxy-404", "hub-error-404"):
        symptoms.gone(ENTRY, symptom, after)

    # Steps 3 and 4: the proxy with the hub as default target and error page, and the hub
    # checking its routes more often. The page says 60 s; the test shortens it to 5 s as
    # the harness shortens every other timeout (the fix file must set it all the same).
    fix = fragment(f"proxy/{ENTRY}/fix.py")
    assert "c.JupyterHub.last_activity_interval = 60" in fix.read_text()
    shorter = scratch_fragment(
        tmp_path, "route-check-interval", "c.JupyterHub.last_activity_interval = 5\n"
    )
    hub.stop()
    hub.reconfigure([broken, fix, shorter])
    hub.before_start(proxy_command("with-default"))
    hub.start()
    assert user.working_server("you"), user.trail()

    # The same event again: the proxy restarts. The hub's pages answer at once, users'
    # servers within the interval.
    mark = hub.mark()
    restart_separate_proxy(hub, "with-default")
    fresh = UserClient(hub)
    assert fresh.get("hub/login").status == 200, fresh.trail()
    hub.wait_for_log(r"Adding missing route for /user/you/", source="hub", since=mark, timeout=20)
    assert user.working_server("you"), user.trail()
    symptoms.all_gone(hub.observed(fresh, since=mark))


@pytest.mark.reproduces("proxy-404-no-hub-route", "proxy-404", "custom-error-page")
def test_hub_stuck_after_starting_its_proxy(hub_factory, symptoms):
    # Something accepts connections on the proxy's API port and never answers: the hub
    # started its proxy, then waits (five minutes) for the proxy's API. Users get 404s.
    hub = hub_factory()
    hub.squat_port(8001, ip="127.0.0.1", mode="silent")
    hub.start(wait=None)
    hub.wait_for_log(r"Proxying .* to \(no default\)", source="proxy")
    visitor = UserClient(hub, timeout=10)
    page = visitor.get("hub/login")
    assert page.status == 404 and "Not Found" in page.body, visitor.trail()
    hub.wait_for_log(r"Failed to get custom error page", source="proxy")
    seen = hub.observed(visitor)
    symptoms.all_seen(seen)
    assert "Adding route for Hub" not in seen["hub-log"]

    # The page sends this case to "a port is already in use": find the owner of 8001 and
    # stop it, as there (the squatter is queued again: on a real machine it would still be
    # there after the hub's restart), then the hub starts.
    hub.stop()
    hub.squat_port(8001, ip="127.0.0.1", mode="silent")
    with hub.held_start():
        found = exec_section(hub, "proxy/port-bind-errors/fix.sh", "find-owner")
        (owner,) = listeners(found.stdout)[8001]
        stop = exec_section(hub, "proxy/port-bind-errors/fix.sh", "stop-owner", pid=str(owner[1]))
        assert stop.exit_code == 0 and "squat.py" in stop.stdout, stop.output
    symptoms.all_gone(hub.observed(run=-1))
    assert UserClient(hub).get("hub/login").status == 200

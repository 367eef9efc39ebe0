"""proxy/proxy-503-target-unreachable: a route whose target does not answer (a server that
died, a hub listening elsewhere than it advertises)."""

from __future__ import annotations

import json

import pytest

from tests.hub.sections import exec_section
from tests.hub.user_client import UserClient

pytestmark = pytest.mark.scenario

ENTRY = "proxy-503-target-unreachable"
CHECK = f"proxy/{ENTRY}/check.sh"


@pytest.mark.reproduces(
    "proxy-503-target-unreachable", "proxy-503-connect", "hub-error-503", "service-unavailable"
)
def test_dead_server_gets_503_from_the_proxy(hub_factory, symptoms):
    # Poll every 30 s, JupyterHub's default, so that the hub has not noticed the death yet.
    hub = hub_factory(timeouts={"http_timeout": 10, "start_timeout": 20, "poll_interval": 30})
    hub.start()
    user = UserClient.with_server(hub, "you")

    # The server is killed (out of memory, by hand): the route stays.
    hub.exec("kill -9 $(pgrep -u you -f jupyterhub-singleuser)").check()
    mark = hub.mark()
    page = user.get("user/you/api/status", follow=False)
    assert page.status == 503, user.trail()
    hub.wait_for_log(r"GET /hub/error/503\?url=", source="hub", since=mark)
    symptoms.all_seen(hub.observed(user, since=mark))

    # Steps 1 and 2: the route's target, and nothing listening on its port.
    env = {"JUPYTERHUB_API_TOKEN": hub.driver_token}
    routes = json.loads(exec_section(hub, CHECK, "routes", env=env).stdout)
    target = routes["/user/you/"]["target"]
    port = target.rsplit(":", 1)[1]
    listening = exec_section(hub, CHECK, "listening", port=port)
    assert f":{port} " not in listening.stdout, listening.output

    # Step 3: stop the server through the hub, then the user starts it again.
    stopped = exec_section(hub, f"proxy/{ENTRY}/fix.sh", "restart-server", env=env, name="you")
    assert stopped.stdout.strip() in ("202", "204"), stopped.output
    mark = hub.mark()
    again = UserClient.with_server(hub, "you")
    symptoms.all_gone(hub.observed(again, since=mark))

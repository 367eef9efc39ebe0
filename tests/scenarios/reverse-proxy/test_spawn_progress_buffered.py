"""reverse-proxy/spawn-progress-buffered: a spawn whose progress events come over several
seconds (a test-only spawner: one event a second, then the server), its event stream
read as it arrives, with the time of each event, through reverse proxies in front of a
real hub. nginx holds the events until the end with the page's two broken
configurations (HTTP/1.0 to the hub; gzip of text/event-stream), both with nginx's
default proxy_buffering on; the page's fix (proxy_buffering off) passes them one by one,
as nginx with HTTP/1.1 and no gzip already does, and as Apache with mod_deflate and Caddy
with encode do. The page's check command reads the stream through nginx with curl.
scenario.yaml cannot put a server in front of the hub or time a stream."""

from __future__ import annotations

import json
import re
import time

import pytest

from tests.hub.config import scratch_fragment
from tests.hub.front import KINDS, FrontServer
from tests.hub.sections import exec_section, fragment
from tests.hub.user_client import UserClient

pytestmark = pytest.mark.scenario

ENTRY = "spawn-progress-buffered"
FOLDER = f"reverse-proxy/{ENTRY}"
CHECK = f"{FOLDER}/check.sh"
FIX = f"{FOLDER}/fix.sh"
EVENT_SOURCE = re.compile(r'new EventSource\("([^"]+)"\)')

# Test-only: a spawn that reports a step a second for 7 s before it starts the server,
# as a spawner that pulls an image or waits for a batch job does.
SLOW_SPAWN = """\
import asyncio
from jupyterhub.spawner import LocalProcessSpawner

class StepSpawner(LocalProcessSpawner):
    async def start(self):
        await asyncio.sleep(7)
        return await super().start()

    async def progress(self):
        for step in range(1, 8):
            yield {"progress": 10 * step, "message": f"Step {step} of 7"}
            await asyncio.sleep(1)

c.JupyterHub.spawner_class = StepSpawner
c.Spawner.start_timeout = 60
"""


def timed_spawn(client: UserClient, user: str, timeout: float = 60) -> list[tuple[float, dict]]:
    """GET /hub/spawn, then the progress stream the pending page opens, read as it arrives
    (as the browser's EventSource does): each event with the seconds since the stream
    was opened."""
    landing = client.get("hub/spawn")
    assert "/spawn-pending/" in landing.url, client.trail(3)
    url = client._abs(EVENT_SOURCE.search(landing.body).group(1).replace("&amp;", "&"))
    headers = {"Accept": "text/event-stream", "Accept-Encoding": "gzip, deflate"}
    events: list[tuple[float, dict]] = []
    t0 = time.monotonic()
    with client.session.get(url, headers=headers, stream=True, timeout=(5, timeout)) as r:
        assert r.status_code == 200, r.status_code
        pending = ""
        for chunk in r.iter_content(chunk_size=None, decode_unicode=True):
            now = time.monotonic() - t0
            pending += chunk
            *blocks, pending = pending.split("\n\n")
            for block in blocks:
                for line in block.splitlines():
                    if line.startswith("data:"):
                        events.append((now, json.loads(line[5:])))
            if events and (events[-1][1].get("ready") or events[-1][1].get("failed")):
                break
    assert events and events[-1][1].get("ready"), events
    return events


def spread(events) -> float:
    return events[-1][0] - events[0][0]


def show(label: str, events) -> str:
    return f"--- {label}\n" + "\n".join(
        f"{t:6.2f} s  {event.get('progress')}%  {event.get('message')}" for t, event in events
    )


def held(events) -> bool:
    """Every event came in one go, at the end of a spawn that took seconds."""
    return spread(events) < 0.5 and events[0][0] > 4


def one_by_one(events) -> bool:
    return spread(events) > 4 and len({round(t) for t, _ in events}) >= 5


def fresh_spawn(hub, client, user="you"):
    server = (hub.user_model(user) or {}).get("servers", {}).get("")
    if server:
        hub.stop_server(user)
    return timed_spawn(client, user)


def stream_seconds(hub, client, user="you") -> list[str]:
    """The page's check: curl reads the progress stream through nginx during a spawn;
    the times (to the second) at which its events came."""
    if (hub.user_model(user) or {}).get("servers", {}).get(""):
        hub.stop_server(user)
    landing = client.get("hub/spawn")  # the spawn starts; the hub answers after 1 s
    assert "/spawn-pending/" in landing.url, client.trail(3)
    shown = exec_section(
        hub, CHECK, "stream", url="http://127.0.0.1", name=user, token=hub.driver_token
    )
    assert shown.exit_code == 0, shown.output
    lines = [line for line in shown.stdout.splitlines() if " data: " in line]
    assert lines and '"ready": true' in lines[-1], shown.output
    return [line.split()[0] for line in lines]


def logged_in(front) -> UserClient:
    client = UserClient(front.url)
    client.login("you")
    assert client.logged_in, client.trail()
    return client


@pytest.mark.reproduces("spawn-progress-buffered", "hub-progress-request")
def test_nginx_http10_holds_the_progress_events(hub_factory, symptoms, tmp_path):
    slow = scratch_fragment(tmp_path, "step-spawn", SLOW_SPAWN)
    hub = hub_factory([slow], publish=(80,)).start()
    front = FrontServer(hub, "nginx")
    installed = front.install(fragment(f"{FOLDER}/broken-http10.nginx.conf"))
    assert installed.exit_code == 0, installed.output
    front.start()
    client = logged_in(front)
    events = fresh_spawn(hub, client)
    print(show("nginx, HTTP/1.0 to the hub", events))
    assert held(events), show("expected the events held until the end", events)
    symptoms.all_seen(hub.observed(client))
    times = stream_seconds(hub, client)
    print("--- check.sh stream, broken:", times)
    assert len(set(times)) <= 2, times
    shown = exec_section(hub, CHECK, "nginx-buffering")
    assert "proxy_buffering" not in shown.stdout, shown.output

    # The page's fix, and a new login, spawn and server through it.
    hub.write_file(KINDS["nginx"].site, fragment(f"{FOLDER}/fix.nginx.conf").read_text())
    reloaded = exec_section(hub, FIX, "reload-nginx")
    assert reloaded.exit_code == 0, reloaded.output
    time.sleep(1)  # nginx's new workers take over
    shown = exec_section(hub, CHECK, "nginx-buffering")
    assert "proxy_buffering off;" in shown.stdout, shown.output
    fixed = logged_in(front)
    events = fresh_spawn(hub, fixed)
    print(show("nginx, the page's fix", events))
    assert one_by_one(events), show("expected the events one by one", events)
    assert fixed.working_server("you"), fixed.trail(4)
    times = stream_seconds(hub, fixed)
    print("--- check.sh stream, fixed:", times)
    assert len(set(times)) >= 5, times


def test_nginx_gzip_holds_the_progress_events(hub_factory, tmp_path):
    slow = scratch_fragment(tmp_path, "step-spawn", SLOW_SPAWN)
    hub = hub_factory([slow], publish=(80,)).start()
    front = FrontServer(hub, "nginx")
    broken = fragment(f"{FOLDER}/broken-gzip.nginx.conf").read_text()
    installed = front.install_text(broken)
    assert installed.exit_code == 0, installed.output
    front.start()
    client = logged_in(front)
    events = fresh_spawn(hub, client)
    print(show("nginx, gzip of text/event-stream", events))
    assert held(events), show("expected the events held until the end", events)
    # The page's fix in this configuration: proxy_buffering off, gzip left as it was.
    fixed_text = broken.replace(
        "proxy_http_version 1.1;", "proxy_http_version 1.1;\n        proxy_buffering off;"
    )
    installed = front.install_text(fixed_text)
    assert installed.exit_code == 0, installed.output
    assert front.reload().exit_code == 0
    time.sleep(1)
    events = fresh_spawn(hub, logged_in(front))
    print(show("nginx, gzip and proxy_buffering off", events))
    assert one_by_one(events), show("expected the events one by one", events)


APACHE_DEFLATE = """\
<VirtualHost *:80>
    ServerName hub.example.org
    ErrorLog ${APACHE_LOG_DIR}/error.log
    CustomLog ${APACHE_LOG_DIR}/access.log combined
    SetOutputFilter DEFLATE
    ProxyPreserveHost On
    ProxyPass / http://127.0.0.1:8000/ upgrade=websocket
    ProxyPassReverse / http://127.0.0.1:8000/
</VirtualHost>
"""
CADDY_ENCODE = """\
:80 {
    encode gzip
    reverse_proxy 127.0.0.1:8000
}
"""


def test_apache_deflate_and_caddy_encode_pass_events_one_by_one(hub_factory, tmp_path):
    slow = scratch_fragment(tmp_path, "step-spawn", SLOW_SPAWN)
    hub = hub_factory([slow], publish=(80,)).start()
    apache = FrontServer(hub, "apache")
    installed = apache.install_text(APACHE_DEFLATE)
    assert installed.exit_code == 0, installed.output
    apache.start()
    events = fresh_spawn(hub, logged_in(apache))
    print(show("Apache, SetOutputFilter DEFLATE", events))
    assert one_by_one(events), show("expected the events one by one", events)
    hub.exec("apache2ctl stop; sleep 1").check()
    caddy = FrontServer(hub, "caddy")
    installed = caddy.install_text(CADDY_ENCODE)
    assert installed.exit_code == 0, installed.output
    caddy.start()
    events = fresh_spawn(hub, logged_in(caddy))
    print(show("Caddy, encode gzip", events))
    assert one_by_one(events), show("expected the events one by one", events)

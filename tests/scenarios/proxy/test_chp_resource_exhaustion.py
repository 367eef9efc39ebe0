"""proxy/chp-resource-exhaustion: configurable-http-proxy out of file descriptors, and a
proxy that dies under the hub.

The hub image's real configurable-http-proxy (5.3.0, Node.js 24) behind the hub under
test. Node.js raises its own soft limit of open files to the hard limit when it starts,
so the limit that counts is the hard one. The scenario stands in 96 for a low hard limit
(the proxy holds about 25 descriptors at rest), so that 60 requests at once, not
hundreds, reach it. The requests go to a managed service that answers after four seconds,
so that they are all open together, as long requests and websockets of many users are.

1. On a hub run by systemd (init="systemd"), the page's drop-in sets LimitNOFILE=96: the
   page's check shows 96 for the proxy; of 60 requests at once many are reset (curl), and
   the proxy logs `503 ... Error: connect EMFILE ...` and, as the hub is at the same
   limit, `Failed to get custom error page: Error: connect EMFILE ...`. The same drop-in with a higher
   limit (16384 here: the container's own hard limit is 20000, which root in it cannot
   raise; the page says 65536): the check shows it, and the 60 requests all get 200.
2. On an ordinary hub, the proxy started with only its soft limit lowered (64): the check
   shows that Node.js raised it to the hard limit, and the 60 requests all get 200. Then
   the proxy is killed (as an out-of-memory kill does): the hub notices within
   check_running_interval (5 s), starts a new proxy and restores its routes.
"""

from __future__ import annotations

import re

import pytest

from tests.hub.config import scratch_fragment
from tests.hub.sections import exec_section

pytestmark = pytest.mark.scenario

ENTRY = "chp-resource-exhaustion"
FOLDER = f"proxy/{ENTRY}"
CHECK = f"{FOLDER}/check.sh"
FIX = f"{FOLDER}/fix-systemd.sh"
STAND_IN_LIMIT = 96  # for a hard limit of 1024 or 4096 under ten times the load
FIXED_LIMIT = 16384  # below the container's own hard limit (20000)
REQUESTS = 60
READY = r"JupyterHub is now running"

# A managed service that holds each request for four seconds (threads: all at once).
SLOW_SERVICE = r'''
import sys

SLOW_SERVER = """
import http.server, time
class Slow(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        time.sleep(4)
        body = b"slow ok\\n"
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def log_message(self, *args):
        pass
http.server.ThreadingHTTPServer.request_queue_size = 256
http.server.ThreadingHTTPServer(("127.0.0.1", 9101), Slow).serve_forever()
"""
c.JupyterHub.services = [
    {
        "name": "slow",
        "url": "http://127.0.0.1:9101",
        "command": [sys.executable, "-c", SLOW_SERVER],
    }
]
'''
# Only the soft limit lowered, for the proxy: Node.js raises it again by itself.
LOW_SOFT_LIMIT = (
    "c.ConfigurableHTTPProxy.command = "
    "['sh', '-c', 'ulimit -Sn 64 && exec configurable-http-proxy \"$@\"', '--']\n"
)


def load(hub, count: int = REQUESTS):
    """``count`` requests at once through the proxy (inside the hub's container, to its
    own public port), bounded by curl's --max-time; each prints its HTTP status."""
    script = (
        f"for i in $(seq {count}); do\n"
        "  curl -sS -o /dev/null -w '%{http_code}\\n' --max-time 20 "
        '"http://127.0.0.1:8000/services/slow/load-$i" &\n'
        "done\n"
        "wait\n"
    )
    result = hub.exec(script, timeout=60)
    codes = re.findall(r"^(\d{3})$", result.stdout, re.M)
    assert len(codes) == count, result.output
    return codes, result


def proxy_limits(hub) -> tuple[int, int]:
    """The page's check: (soft, hard) limit of open files of the running proxy."""
    check = exec_section(hub, CHECK, "limits")
    assert check.exit_code == 0, check.output
    assert len(re.findall(r"^proxy pid \d+$", check.stdout, re.M)) == 1, check.output
    found = re.search(r"^Max open files\s+(\d+)\s+(\d+)\s+files", check.stdout, re.M)
    assert found, check.output
    assert re.search(r"^open descriptors: \d+$", check.stdout, re.M), check.output
    assert re.search(r"^resident memory: \d+ KiB, running for \S+$", check.stdout, re.M)
    return int(found.group(1)), int(found.group(2))


def set_limit(hub, limit: int) -> None:
    """The page's systemd drop-in with this limit; the hub restarts and is ready again."""
    mark = hub.mark()
    done = exec_section(hub, FIX, "limit", limit=str(limit))
    assert done.exit_code == 0, done.output
    hub.wait_for_log(READY, source="hub", since=mark, timeout=60)


@pytest.mark.reproduces(
    "chp-resource-exhaustion", "connect-emfile", "error-page-emfile", "curl-connection-reset"
)
def test_proxy_runs_out_of_file_descriptors(hub_factory, symptoms, tmp_path):
    slow = scratch_fragment(tmp_path, "slow-service", SLOW_SERVICE)
    hub = hub_factory([slow], init="systemd")
    hub.start()

    set_limit(hub, STAND_IN_LIMIT)
    assert proxy_limits(hub) == (STAND_IN_LIMIT, STAND_IN_LIMIT)
    sockets = exec_section(hub, CHECK, "sockets")
    assert sockets.exit_code == 0 and "TCP:" in sockets.stdout, sockets.output

    mark = hub.mark()
    codes, _ = load(hub)
    assert codes.count("200") < REQUESTS, codes
    symptoms.all_seen_soon(lambda: hub.observed(since=mark))

    # The fix: the same drop-in with a higher limit.
    set_limit(hub, FIXED_LIMIT)
    assert proxy_limits(hub) == (FIXED_LIMIT, FIXED_LIMIT)
    mark = hub.mark()
    codes, result = load(hub)
    assert codes == ["200"] * REQUESTS, result.output
    symptoms.all_gone(hub.observed(since=mark))


@pytest.mark.reproduces(
    "chp-resource-exhaustion", "proxy-stopped", "routes-on-new-proxy", "new-proxy-up"
)
def test_soft_limit_raised_by_node_and_killed_proxy_restarted(hub_factory, symptoms, tmp_path):
    slow = scratch_fragment(tmp_path, "slow-service", SLOW_SERVICE)
    low_soft = scratch_fragment(tmp_path, "proxy-soft-limit-64", LOW_SOFT_LIMIT)
    hub = hub_factory([slow, low_soft])
    hub.start()
    soft, hard = proxy_limits(hub)
    assert soft == hard > 64, (soft, hard)  # Node.js raised its soft limit itself
    codes, result = load(hub)
    assert codes == ["200"] * REQUESTS, result.output

    # What the kernel's out-of-memory killer does to the proxy.
    mark = hub.mark()
    killed = hub.exec("kill -KILL $(pgrep -f '[c]onfigurable-http-proxy')")
    assert killed.exit_code == 0, killed.output
    hub.wait_for_log(r"New proxy back up and good to go", source="hub", since=mark, timeout=30)
    symptoms.all_seen(hub.observed(since=mark))
    codes, result = load(hub, 3)
    assert codes == ["200"] * 3, result.output
    proxy_limits(hub)  # the page's check finds the new proxy

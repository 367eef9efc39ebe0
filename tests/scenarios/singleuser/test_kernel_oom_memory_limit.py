"""singleuser/kernel-oom-memory-limit: a notebook's kernel takes more memory than the
server's mem_limit, and the Linux kernel's out-of-memory killer kills it.

A real ipykernel (the `kernel` user image) in DockerSpawner's container, held to
`c.Spawner.mem_limit` by the engine (memory cgroup). The scenario starts a kernel through
the server's REST API and runs cells over the kernel's websocket, as JupyterLab does (a
tornado websocket client with the browser's cookies): one cell allocates more than the
limit, the kernel is killed by the Linux kernel (not by the test), jupyter_server's
restarter starts it again and tells the browser `restarting`, and the cell's variables
are gone. Then the page's diagnosis, for real: the cgroup's OOM-kill counter, the engine's
record, the server's log. The fix raises the limit (a new container), and the same cell
runs.

What scenario.yaml cannot say: a kernel started with the server's XSRF token, cells run
over a websocket, a container removed between two starts.
"""

from __future__ import annotations

import asyncio
import json
import re
import uuid
from datetime import UTC, datetime

import pytest
import requests
from tornado.httpclient import HTTPRequest
from tornado.websocket import websocket_connect

from tests.hub.sections import container_suffix, fragment, run_section
from tests.hub.user_client import UserClient

pytestmark = pytest.mark.scenario

ENTRY = "kernel-oom-memory-limit"
FOLDER = f"singleuser/{ENTRY}"
BROKEN = fragment(f"{FOLDER}/broken.py")
FIX = fragment(f"{FOLDER}/fix.py")
CHECK = f"{FOLDER}/check.sh"
FIX_SH = f"{FOLDER}/fix.sh"
VERIFY = f"{FOLDER}/verify.sh"
USER = "you"
LIMIT = 256 * 1024 * 1024  # broken.py's 256M
NEW_LIMIT = 1024 * 1024 * 1024  # fix.py's 1G
# The user's cell: a data set of 384 MiB, more than 256M and less than 1G.
BIG_FILE = "/home/jovyan/big.bin"
BIG_CELL = "data = bytearray(384 * 1024 * 1024)\nprint(len(data) >> 20, 'MiB loaded')"


def start_kernel(browser: UserClient, user: str) -> str:
    """JupyterLab's new notebook: POST /user/<name>/api/kernels, with the server's XSRF."""
    path = f"user/{user}/api/kernels"
    started = browser.post(
        path, json={"name": "python3"}, headers={"X-XSRFToken": browser.xsrf_for(path)}
    )
    assert started.status == 201, browser.trail()
    return json.loads(started.body)["id"]


async def _run_cell(url: str, cookie: str, code: str, timeout: float) -> list[dict]:
    """Send one execute_request on the kernel's websocket (the JSON protocol JupyterLab
    speaks without a subprotocol) and read what comes back, until the cell is done (its
    status `idle`), the server says the kernel is restarting, or the socket closes."""
    session = uuid.uuid4().hex
    request = HTTPRequest(
        f"{url}?session_id={session}",
        headers={"Cookie": cookie, "Sec-Fetch-Mode": "websocket"},
        request_timeout=timeout,
    )
    conn = await websocket_connect(request)
    msg_id = uuid.uuid4().hex
    conn.write_message(
        json.dumps(
            {
                "header": {
                    "msg_id": msg_id,
                    "msg_type": "execute_request",
                    "username": USER,
                    "session": session,
                    "date": datetime.now(UTC).isoformat(),
                    "version": "5.3",
                },
                "parent_header": {},
                "metadata": {},
                "channel": "shell",
                "buffers": [],
                "content": {
                    "code": code,
                    "silent": False,
                    "store_history": True,
                    "user_expressions": {},
                    "allow_stdin": False,
                    "stop_on_error": True,
                },
            }
        )
    )
    seen: list[dict] = []
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    try:
        while True:
            raw = await asyncio.wait_for(conn.read_message(), max(0.1, deadline - loop.time()))
            if raw is None:
                break
            msg = json.loads(raw)
            seen.append(msg)
            if msg.get("msg_type") == "status":
                state = msg["content"]["execution_state"]
                mine = msg.get("parent_header", {}).get("msg_id") == msg_id
                if state == "restarting" or (state == "idle" and mine):
                    break
    except TimeoutError:
        pass
    finally:
        conn.close()
    return seen


def run_cell(browser: UserClient, user: str, kernel_id: str, code: str, timeout=60.0):
    http = browser._abs(f"user/{user}/api/kernels/{kernel_id}/channels")
    # The cookies a browser sends to that path: the server's own and the hub's.
    cookie = browser.session.prepare_request(requests.Request("GET", http)).headers["Cookie"]
    return asyncio.run(_run_cell("ws" + http.removeprefix("http"), cookie, code, timeout))


def states(messages: list[dict]) -> list[str]:
    return [m["content"]["execution_state"] for m in messages if m.get("msg_type") == "status"]


def text_of(messages: list[dict]) -> str:
    """What the notebook shows under the cell: its output and its error."""
    out = []
    for m in messages:
        if m.get("msg_type") == "stream":
            out.append(m["content"]["text"])
        elif m.get("msg_type") == "error":
            out.append(f"{m['content']['ename']}: {m['content']['evalue']}")
    return "".join(out)


@pytest.mark.reproduces(
    "kernel-oom-memory-limit",
    "restarter-restarting",
    "kernel-restarted",
    "oom-kill-counter",
    "oom-kill-line",
    "memcg-killed-process",
)
def test_kernel_killed_over_mem_limit_and_restarted(hub_factory, engine, symptoms):
    hub = hub_factory([BROKEN], spawner="docker", user_image="kernel").start()
    browser = UserClient.with_server(hub, USER)
    name = container_suffix(hub, USER)
    kernel_id = start_kernel(browser, USER)
    hub.wait_for_log(f"Kernel started: {kernel_id}", source=f"singleuser:{USER}")

    # A first cell: the kernel works and holds the user's state.
    first = run_cell(browser, USER, kernel_id, "x = 42\nprint('x is', x)")
    assert "x is 42" in text_of(first), first
    mark = first_kill = hub.mark()

    # The cell that loads too much: the Linux kernel kills the ipykernel process, and
    # jupyter_server tells the notebook that the kernel is restarting.
    died = run_cell(browser, USER, kernel_id, BIG_CELL)
    assert "restarting" in states(died), died
    assert "MiB loaded" not in text_of(died), died
    hub.wait_for_log(
        r"AsyncIOLoopKernelRestarter: restarting kernel \(1/5\)",
        source=f"singleuser:{USER}",
        since=mark,
        timeout=30,
    )
    hub.wait_for_log(
        f"kernel {kernel_id} restarted", source=f"singleuser:{USER}", since=mark, timeout=30
    )

    # The page's diagnosis, on the host against the engine.
    limit = run_section(CHECK, "limit", env=engine.env, name=name)
    assert limit.returncode == 0, limit.stderr
    assert f"Memory={LIMIT} " in limit.stdout, limit.stdout
    counter = run_section(CHECK, "oom-kills", env=engine.env, name=name)
    assert counter.returncode == 0, counter.stderr
    assert re.search(r"^oom_kill [1-9]\d*$", counter.stdout, re.M), counter.stdout
    hub.shell.append(f"$ # snippets/{CHECK} [oom-kills] (on the host)\n{counter.stdout}")
    server_log = run_section(CHECK, "server-log", env=engine.env, name=name)
    assert server_log.returncode == 0, server_log.stderr
    assert "restarting kernel (1/5)" in server_log.stdout, server_log.stdout
    inspected = run_section(CHECK, "oom-killed", env=engine.env, name=name)
    assert inspected.returncode == 0, inspected.stderr
    # The server (the container's main process) still runs. Docker Engine records the
    # kill in OOMKilled at once; Podman only when the container exits, if at all.
    assert "Running=true" in inspected.stdout, inspected.stdout
    if engine.kind == "docker":
        assert "OOMKilled=true" in inspected.stdout, inspected.stdout
    # The Linux kernel's report, for this container only (dmesg: the host must allow it).
    kernel_log = run_section(CHECK, "kernel-log", env=engine.env, name=name)
    assert kernel_log.returncode == 0, kernel_log.stderr
    # The kernel process is the server's Python running ipykernel: `python` here.
    assert re.search(r"task=python3?,pid=\d+,uid=1000$", kernel_log.stdout, re.M), kernel_log.stdout
    hub.shell.append(f"$ # snippets/{CHECK} [kernel-log] (on the host)\n{kernel_log.stdout}")

    # The kernel is back, and what the notebook had is gone.
    after = run_cell(browser, USER, kernel_id, "print('x is', x)")
    assert "NameError: name 'x' is not defined" in text_of(after), after

    # When the server itself takes the most memory (here: it reads a 160 MiB file to send
    # it to the browser, as JupyterLab's download or open does), the OOM killer picks the
    # server: the container exits, and the engine records the OOM kill.
    made = hub.exec_user(USER, ["sh", "-c", f"head -c 160M /dev/urandom > {BIG_FILE}"])
    assert made.exit_code == 0, made.output
    mark = hub.mark()
    opened = browser.get(f"user/{USER}/api/contents/big.bin?content=1&format=base64&type=file")
    assert opened.status != 200, opened
    hub.wait_for_log(
        rf"User {USER} server stopped, with exit code: ExitCode=137\b",
        source="hub",
        since=mark,
        timeout=30,
    )
    stopped = run_section(CHECK, "oom-killed", env=engine.env, name=name)
    assert stopped.returncode == 0, stopped.stderr
    assert "Running=false " in stopped.stdout and "ExitCode=137" in stopped.stdout, stopped.stdout
    if engine.kind == "docker":
        assert "OOMKilled=true" in stopped.stdout, stopped.stdout
    # The kernel's report names the server's process this time.
    server_kill = run_section(CHECK, "kernel-log", env=engine.env, name=name)
    kills = re.findall(
        r"Memory cgroup out of memory: Killed process \d+ \((\S+)\)", server_kill.stdout
    )
    assert len(kills) >= 2 and kills[-1] not in ("python", "python3"), server_kill.stdout
    symptoms.all_seen(hub.observed(browser, since=first_kill))

    # The fix: a limit the work fits in, on a new container.
    removed = run_section(FIX_SH, "remove-container", env=engine.env, name=name)
    assert removed.returncode == 0, removed.stderr
    assert hub.user_container(USER) is None
    hub.reconfigure([BROKEN, FIX])
    hub.restart()
    mark = hub.mark()
    browser = UserClient.with_server(hub, USER)
    kernel_id = start_kernel(browser, USER)
    hub.wait_for_log(f"Kernel started: {kernel_id}", source=f"singleuser:{USER}", since=mark)
    fine = run_cell(browser, USER, kernel_id, BIG_CELL)
    assert "384 MiB loaded" in text_of(fine), fine
    assert "restarting" not in states(fine), fine
    verify = run_section(VERIFY, "verify", env=engine.env, name=name)
    assert verify.returncode == 0, verify.stdout + verify.stderr
    assert f"Memory={NEW_LIMIT} " in verify.stdout, verify.stdout
    assert re.search(r"^oom_kill 0$", verify.stdout, re.M), verify.stdout
    symptoms.all_gone(hub.observed(browser, since=mark))

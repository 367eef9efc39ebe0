"""UserClient: an HTTP client that acts like a user's browser: logs in through the proxy,
spawns, follows OAuth redirects. (Real-browser tests of the site are in tests/browser/.)

It sends what a current browser sends (Sec-Fetch-* headers, the ``_xsrf`` cookie value
in forms and in the progress URL the spawn-pending page gives), follows redirects one
hop at a time, and records every hop, so a scenario can assert on what the user saw:

    b = UserClient(hub)
    b.login("you")
    spawn = b.spawn("you")            # waits on the progress event stream
    assert spawn.ready, spawn.message
    page = b.open("/user/you/files/hello.txt")
    print(b.trail())    # 302 GET /user/you/files/... -> 302 GET /hub/api/oauth2/... -> 200 ...
"""

from __future__ import annotations

import asyncio
import html
import json
import re
import time
import uuid
from dataclasses import dataclass, field
from urllib.parse import quote, urljoin, urlsplit

import aiohttp
import requests

NAVIGATE = {
    "Sec-Fetch-Mode": "navigate",
    "Sec-Fetch-Site": "same-origin",
    "Sec-Fetch-Dest": "document",
}
USER_AGENT = "Mozilla/5.0 (jupyterhub-troubleshooting hub harness)"
_EVENT_SOURCE = re.compile(r'new EventSource\("([^"]+)"\)')


_TAGS = re.compile(r"<(script|style)\b.*?</\1>|<[^>]+>", re.S | re.I)


def _text(body: str) -> str:
    """Page text as a person reads it: no tags, no blank lines."""
    if "<" in body:
        body = html.unescape(_TAGS.sub(" ", body))
    lines = (" ".join(line.split()) for line in body.splitlines())
    return "\n".join(line for line in lines if line)


@dataclass
class Hop:
    method: str
    url: str
    status: int | None  # None: no response (connection error, timeout)
    location: str | None = None
    body: str = ""
    error: str | None = None
    seconds: float = 0.0

    @property
    def path(self) -> str:
        parts = urlsplit(self.url)
        return parts.path + (f"?{parts.query}" if parts.query else "")

    def __str__(self) -> str:
        status = self.status if self.status is not None else f"ERR {self.error}"
        return f"{status} {self.method} {self.path[:120]}"


@dataclass
class SpawnResult:
    ready: bool
    failed: bool
    message: str  # the last progress message ("Spawn failed: ..." on failure)
    events: list[dict] = field(default_factory=list)
    seconds: float = 0.0
    landing: Hop | None = None  # where GET /hub/spawn ended up


class UserClient:
    def __init__(self, hub_or_url, timeout: float = 15.0):
        url = hub_or_url if isinstance(hub_or_url, str) else hub_or_url.url
        self.base = url if url.endswith("/") else url + "/"
        self.timeout = timeout
        self.session = requests.Session()
        self.session.headers["User-Agent"] = USER_AGENT
        self.history: list[Hop] = []

    @classmethod
    def _login_and_spawn(cls, hub, username: str, timeout: float) -> tuple[UserClient, SpawnResult]:
        client = cls(hub)
        client.login(username)
        return client, client.spawn(username, timeout=timeout)

    @classmethod
    def with_server(cls, hub, username: str, timeout: float = 40.0) -> UserClient:
        """A new client that logs in as ``username``, spawns the server and reaches it
        working (working_server). AssertionError with the trail and the hub's latest log
        lines otherwise."""
        client, spawn = cls._login_and_spawn(hub, username, timeout)
        if not spawn.ready:
            raise AssertionError(
                f"{username}'s server did not start: {spawn.message}\n{client.trail()}\n"
                f"{hub.hub_log(run=-1)[-3000:]}"
            )
        if not client.working_server(username):
            raise AssertionError(f"{username}'s server does not work: {client.trail()}")
        return client

    @classmethod
    def with_failed_spawn(cls, hub, username: str, timeout: float = 40.0) -> UserClient:
        """A new client that logs in as ``username`` and whose spawn fails (the progress
        stream says so); AssertionError with the trail if it does not."""
        client, spawn = cls._login_and_spawn(hub, username, timeout)
        if not spawn.failed:
            raise AssertionError(
                f"{username}'s spawn did not fail: {spawn.message}\n{client.trail()}"
            )
        return client

    # ------------------------------------------------------------------ requests

    def _abs(self, path: str) -> str:
        return path if "://" in path else urljoin(self.base, path.lstrip("/"))

    def request(
        self,
        method: str,
        path: str,
        *,
        follow: bool = True,
        max_hops: int = 15,
        headers: dict | None = None,
        **kw,
    ) -> Hop:
        """One navigation: the request and (if follow) each redirect; returns the last hop."""
        url = self._abs(path)
        kw.setdefault("timeout", self.timeout)
        hop = None
        for _ in range(max_hops):
            t0 = time.monotonic()
            try:
                r = self.session.request(
                    method,
                    url,
                    allow_redirects=False,
                    headers={**NAVIGATE, **(headers or {})},
                    **kw,
                )
            except requests.RequestException as exc:
                hop = Hop(
                    method,
                    url,
                    None,
                    error=f"{type(exc).__name__}: {exc}",
                    seconds=time.monotonic() - t0,
                )
                self.history.append(hop)
                return hop
            hop = Hop(
                method,
                url,
                r.status_code,
                r.headers.get("Location"),
                r.text,
                seconds=time.monotonic() - t0,
            )
            self.history.append(hop)
            if not (follow and r.is_redirect and hop.location):
                return hop
            url = urljoin(url, hop.location)
            if r.status_code != 307:
                method, kw = "GET", {k: v for k, v in kw.items() if k not in ("data", "json")}
        return hop

    def get(self, path: str, **kw) -> Hop:
        return self.request("GET", path, **kw)

    def post(self, path: str, data: dict | None = None, **kw) -> Hop:
        return self.request("POST", path, data=data, **kw)

    @property
    def xsrf(self) -> str | None:
        for cookie in self.session.cookies:
            if cookie.name == "_xsrf":
                return cookie.value
        return None

    def xsrf_for(self, path: str) -> str | None:
        """The ``_xsrf`` cookie a browser sends with a request to ``path``: the hub and
        each single-user server set their own (paths /hub/ and /user/<name>/), and the
        one with the longest matching path wins, as in the X-XSRFToken header JupyterLab
        sends."""
        path = "/" + self._abs(path).split("://", 1)[1].split("/", 1)[1]
        found = [c for c in self.session.cookies if c.name == "_xsrf" and path.startswith(c.path)]
        return max(found, key=lambda c: len(c.path)).value if found else None

    def transcript(self) -> str:
        """Everything the user saw: each response's status line and its text (tags
        removed), and the spawn progress messages. The "browser" of hub.observed()."""
        out = []
        for hop in self.history:
            out.append(str(hop))
            text = _text(hop.body)
            if text:
                out.extend("    " + line for line in text.splitlines())
        return "\n".join(out)

    def trail(self, last: int | None = None) -> str:
        """The hops so far, e.g. for assertion messages."""
        hops = self.history[-last:] if last else self.history
        return " -> ".join(str(h) for h in hops)

    # ------------------------------------------------------------------ user actions

    def login(self, username: str, password: str = "any-password") -> Hop:
        """The login form, as a person fills it in."""
        form = self.get("hub/login")
        if form.status != 200:
            return form
        return self.post(
            "hub/login", data={"username": username, "password": password, "_xsrf": self.xsrf or ""}
        )

    @property
    def logged_in(self) -> bool:
        return any(
            c.name.startswith("jupyterhub-session-id") or c.name == "jupyterhub-hub-login"
            for c in self.session.cookies
        )

    def spawn(self, username: str, wait: bool = True, timeout: float = 60.0) -> SpawnResult:
        """GET /hub/spawn (no options form) and follow the progress events until ready or failed."""
        t0 = time.monotonic()
        last = self.history[-1] if self.history else None
        # As the URLs the hub sends the browser to spell the name: percent-encoded.
        pending = urlsplit(self._abs(f"hub/spawn-pending/{quote(username)}")).path
        server = urlsplit(self._abs(f"user/{quote(username)}/")).path
        if last and last.status == 200 and last.path.startswith(server):
            # the login already led to the running server (JupyterHub sends a fresh login
            # to /hub/spawn, and a fast spawn finishes within its 1 s wait)
            return SpawnResult(True, False, "", [], 0.0, last)
        if last and last.status == 200 and last.path.startswith(pending):
            landing = last  # the login already led here
        else:
            landing = self.get("hub/spawn")
        if landing.status == 200 and "/spawn-pending/" not in landing.url:
            # already running (landed on the server), or an options form
            running = f"/user/{quote(username)}/" in landing.url
            return SpawnResult(running, False, "", [], time.monotonic() - t0, landing)
        if not wait:
            return SpawnResult(False, False, "", [], time.monotonic() - t0, landing)
        m = _EVENT_SOURCE.search(landing.body or "")
        progress = (
            m.group(1).replace("&amp;", "&")
            if m
            else f"hub/api/users/{username}/server/progress?_xsrf={self.xsrf}"
        )
        events = self.progress(progress, timeout=max(1.0, timeout - (time.monotonic() - t0)))
        last = events[-1] if events else {}
        return SpawnResult(
            bool(last.get("ready")),
            bool(last.get("failed")),
            last.get("message", ""),
            events,
            time.monotonic() - t0,
            landing,
        )

    def progress(self, path: str, timeout: float = 60.0) -> list[dict]:
        """Read the spawn progress event stream until ready/failed, or timeout."""
        events: list[dict] = []
        url = self._abs(path)
        headers = {
            "Accept": "text/event-stream",
            "Sec-Fetch-Mode": "cors",
            "Sec-Fetch-Site": "same-origin",
            "Sec-Fetch-Dest": "empty",
        }
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                with self.session.get(
                    url,
                    headers=headers,
                    stream=True,
                    timeout=(5, max(1.0, deadline - time.monotonic())),
                ) as r:
                    hop = Hop("GET", url, r.status_code)
                    self.history.append(hop)
                    if r.status_code != 200:
                        events.append(
                            {
                                "failed": True,
                                "message": f"progress: HTTP {r.status_code}",
                                "status": r.status_code,
                            }
                        )
                        return events
                    for line in r.iter_lines(decode_unicode=True):
                        if line and line.startswith("data:"):
                            event = json.loads(line[5:])
                            events.append(event)
                            hop.body += f"progress: {event.get('message', '')}\n"
                            if event.get("ready") or event.get("failed"):
                                return events
                        if time.monotonic() > deadline:
                            break
            except requests.RequestException as exc:
                events.append({"message": f"progress stream: {type(exc).__name__}"})
                time.sleep(0.2)
        events.append(
            {
                "failed": False,
                "ready": False,
                "message": f"no ready/failed event within {timeout:.0f} s",
            }
        )
        return events

    def start_kernel(self, username: str) -> str:
        """Start a kernel on the user's running server (its REST API, as JupyterLab does:
        the server's _xsrf cookie in X-XSRFToken). Returns the kernel's id."""
        path = f"user/{username}/api/kernels"
        self.open(f"user/{username}/files/hello.txt")  # the server's cookies, via OAuth
        hop = self.request(
            "POST", path, follow=False, json={}, headers={"X-XSRFToken": self.xsrf_for(path) or ""}
        )
        if hop.status != 201:
            raise AssertionError(f"starting a kernel: {hop}\n{hop.body[:500]}\n{self.trail(6)}")
        return json.loads(hop.body)["id"]

    def kernel_websocket(
        self, username: str, kernel_id: str, timeout: float = 20.0
    ) -> KernelSocket:
        """Open the kernel's websocket (``/api/kernels/<id>/channels``) the way JupyterLab
        does (the session's cookies, the page's Origin), send a kernel_info_request and wait
        for its reply. The handshake is recorded as a hop (101, or what refused it)."""
        url = self._abs(f"user/{username}/api/kernels/{kernel_id}/channels")
        result = asyncio.run(_kernel_roundtrip(self, url, timeout))
        self.history.append(Hop("GET", url, result.status, body=result.body, error=result.error))
        return result

    def open(self, path: str, **kw) -> Hop:
        """Navigate to a page (e.g. /user/you/files/hello.txt), following OAuth redirects."""
        return self.get(path, **kw)

    def server_status(self, username: str) -> Hop:
        """GET /user/<name>/api/status as a navigation (after open() set the server's cookie)."""
        return self.get(f"user/{username}/api/status", follow=False)

    def working_server(self, username: str) -> bool:
        """The check for "the user reaches a working server": a page through OAuth, then
        /user/<name>/api/status answers 200 through the proxy."""
        self.open(f"user/{username}/files/hello.txt")
        return self.server_status(username).status == 200


@dataclass
class KernelSocket:
    """What opening a kernel's websocket gave: the handshake's status (101 when it was
    upgraded; None without a response), and whether the kernel answered through it."""

    status: int | None
    replied: bool = False
    body: str = ""  # the refusal's text, when the handshake was refused
    error: str | None = None

    @property
    def connected(self) -> bool:
        return self.status == 101 and self.replied


async def _kernel_roundtrip(client: UserClient, url: str, timeout: float) -> KernelSocket:
    parts = urlsplit(url)
    origin = f"{parts.scheme}://{parts.netloc}"
    cookies = "; ".join(
        f"{c.name}={c.value}" for c in client.session.cookies if parts.path.startswith(c.path)
    )
    headers = {"Cookie": cookies, "Origin": origin, "User-Agent": USER_AGENT}
    ws_url = ("wss" if parts.scheme == "https" else "ws") + url[len(parts.scheme) :]
    msg_id = uuid.uuid4().hex
    request = {
        "header": {
            "msg_id": msg_id,
            "msg_type": "kernel_info_request",
            "username": "harness",
            "session": uuid.uuid4().hex,
            "version": "5.3",
            "date": "",
        },
        "parent_header": {},
        "metadata": {},
        "content": {},
        "channel": "shell",
    }
    try:
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=timeout)) as http:
            try:
                ws = await http.ws_connect(ws_url, headers=headers, ssl=False)
            except aiohttp.WSServerHandshakeError as exc:
                return KernelSocket(exc.status, body=str(exc.message), error="handshake refused")
            async with ws:
                await ws.send_str(json.dumps(request))
                async for message in ws:
                    if message.type != aiohttp.WSMsgType.TEXT:
                        break
                    reply = json.loads(message.data)
                    if reply.get("parent_header", {}).get("msg_id") == msg_id and (
                        reply["header"]["msg_type"] == "kernel_info_reply"
                    ):
                        return KernelSocket(101, replied=True)
                return KernelSocket(101, error=f"closed before the reply ({ws.close_code})")
    except (TimeoutError, aiohttp.ClientError) as exc:
        return KernelSocket(None, error=f"{type(exc).__name__}: {exc}")


def assert_login_page_answers(hub) -> None:
    """The hub runs and its login page answers 200 through the proxy (published port)."""
    hop = UserClient(hub, timeout=10).get("hub/login")
    assert hop.status == 200, f"{hop}\n{hub.log(run=-1)[-3000:]}"

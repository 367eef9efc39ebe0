"""Debian's Chromium, driven by Playwright, as a user's browser in front of a hub: for what
only a browser does itself (its websocket handshake, and what its console then says).

    with HubBrowser(front.url) as browser:     # or hub.url
        browser.login("you")
        browser.spawn("you")
        socket = browser.kernel_websocket("you")
        socket.opened, socket.console          # True / False; Chromium's console lines

The same launch as the site's browser tests (tests/browser/harness.py): Debian's
/usr/bin/chromium, never a downloaded browser; without it the scenario fails and says
`apt-get install chromium`.
"""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass, field

from tests.browser.harness import launch

# In a page of the hub: open a websocket and resolve to what happened.
WEBSOCKET_JS = """
async ([url, timeoutMs]) => await new Promise(resolve => {
  const ws = new WebSocket(url);
  ws.onopen = () => { ws.close(); resolve("open"); };
  ws.onerror = () => resolve("error");
  setTimeout(() => resolve("timeout"), timeoutMs);
})
"""


@dataclass
class BrowserSocket:
    opened: bool
    state: str  # open | error | timeout | no kernel: <status>
    url: str
    console: list[str] = field(default_factory=list)  # what Chromium's console showed


class HubBrowser:
    def __init__(self, url: str, timeout: float = 30.0):
        self.base = url if url.endswith("/") else url + "/"
        self.timeout_ms = int(timeout * 1000)
        self.console: list[str] = []

    def __enter__(self) -> HubBrowser:
        from playwright.sync_api import sync_playwright

        self._playwright = sync_playwright().start()
        try:
            self._chromium = launch(self._playwright)
        except Exception:
            self._playwright.stop()
            raise
        self.page = self._chromium.new_page()
        self.page.set_default_timeout(self.timeout_ms)
        self.page.on("console", lambda msg: self.console.append(msg.text))
        return self

    def __exit__(self, *exc) -> None:
        self._chromium.close()
        self._playwright.stop()

    def goto(self, url: str, attempts: int = 3, **options):
        """page.goto, again when Chromium drops the load with ERR_NETWORK_CHANGED: it does
        when the machine's interfaces change, as they do whenever a scenario running
        beside this one creates or removes its container network. Any other error (a
        certificate refused, a connection refused) is raised at once, as the test wants."""
        for attempt in range(attempts):
            try:
                return self.page.goto(url, **options)
            except Exception as exc:  # playwright's Error: "Page.goto: net::ERR_..."
                if "ERR_NETWORK_CHANGED" not in str(exc) or attempt == attempts - 1:
                    raise
                time.sleep(0.5)

    def login(self, username: str, password: str = "any-password") -> None:
        self.goto(self.base + "hub/login")
        self.page.fill("input[name=username]", username)
        self.page.fill("input[name=password]", password)
        self.page.click("input[type=submit], button[type=submit]")
        self.page.wait_for_load_state()

    def spawn(self, username: str, timeout: float = 60.0) -> None:
        """Start the user's server the way the Start button does: the spawn-pending page
        follows the progress and moves on to the server when it is ready."""
        self.goto(self.base + "hub/spawn")
        self.page.wait_for_url(f"**/user/{username}/**", timeout=timeout * 1000)

    def kernel_websocket(self, username: str, timeout: float = 10.0) -> BrowserSocket:
        """Start a kernel on the user's server (its REST API with the server's _xsrf
        cookie, as JupyterLab does), then open the kernel's websocket from a page of the
        hub, as JupyterLab would from its own page."""
        self.goto(self.base + f"user/{username}/files/hello.txt")  # OAuth: its cookies
        server = "/" + self.base.split("://", 1)[1].split("/", 1)[1] + f"user/{username}/"
        xsrf = [
            c["value"]
            for c in self.page.context.cookies()
            if c["name"] == "_xsrf" and c["path"].rstrip("/") == server.rstrip("/")
        ]
        started = self.page.request.post(
            self.base + f"user/{username}/api/kernels",
            headers={"X-XSRFToken": xsrf[0] if xsrf else ""},
            data="{}",
        )
        if started.status != 201:
            return BrowserSocket(False, f"no kernel: {started.status}", "", [])
        kernel_id = started.json()["id"]
        # A page of the hub (a server's /files/ pages are sandboxed: no scripts there).
        self.goto(self.base + "hub/home")
        before = len(self.console)
        url = self.base.replace("http", "ws", 1) + (
            f"user/{username}/api/kernels/{kernel_id}/channels?session_id={uuid.uuid4()}"
        )
        state = self.page.evaluate(WEBSOCKET_JS, [url, int(timeout * 1000)])
        time.sleep(0.5)  # the console message of a failed handshake can trail the event
        return BrowserSocket(state == "open", state, url, self.console[before:])

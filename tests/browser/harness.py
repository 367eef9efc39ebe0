"""Drive the built site in Debian's Chromium: shared by the browser tests and the benchmark.

- `build_site()` builds the site with `mkdocs build --strict`, optionally from a variant
  config that INHERITs mkdocs.yml (the benchmark's "Material defaults" site);
- `SiteServer` serves built sites on 127.0.0.1 under a sub-path, as a project site would be
  (https://org.github.io/guide/), so that scripts must compute their base URL;
- `launch()` starts Chromium from the system (never a downloaded browser) with the flags
  that keep it from phoning home, and `guard()` aborts and records any request to a host
  other than 127.0.0.1;
- `SearchBox` and `Diagnoser` use the site the way a reader does: typing or pasting with
  the real keyboard and clipboard, and reading what the page shows.
"""

from __future__ import annotations

import functools
import html
import http.server
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from troubleshoot.model import MKDOCS_YML, ROOT

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    # Without these Chromium contacts Google's servers on start-up.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTEFACTS = ROOT / ".artefacts" / "browser"
QUIET_MKDOCS = {"NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
NORMALISER = "assets/javascripts/search-normalise.js"


class BrowserMissing(RuntimeError):
    pass


def chromium_path() -> str:
    """Debian's Chromium (or $CHROMIUM). Playwright's own browser downloads are not used."""
    for candidate in (os.environ.get("CHROMIUM"), shutil.which("chromium"), "/usr/bin/chromium"):
        if candidate and Path(candidate).is_file():
            return candidate
    raise BrowserMissing(
        "Chromium is not installed. The browser tests drive Debian's Chromium: "
        "run `apt-get install chromium` (as root, or with sudo), or point $CHROMIUM at a "
        "Chromium binary. Do not run `playwright install`."
    )


def launch(playwright):
    try:
        from playwright.sync_api import Error as PlaywrightError
    except ImportError as exc:  # pragma: no cover - the test group installs it
        raise BrowserMissing(
            "playwright is not installed: pip install 'playwright>=1.55,<2'"
        ) from exc
    try:
        return playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
    except PlaywrightError as exc:
        raise BrowserMissing(
            f"Chromium did not start ({exc}); try `apt-get install chromium`"
        ) from exc


# ---------------------------------------------------------------------------- the site


def default_search_config(tmp: Path) -> Path:
    """A config that INHERITs mkdocs.yml with Material's default search and no normaliser."""
    config = yaml.safe_load(MKDOCS_YML.read_text(encoding="utf-8"))
    plugins = ["search" if _plugin_name(p) == "search" else p for p in config["plugins"]]
    scripts = [s for s in config.get("extra_javascript", []) if s != NORMALISER]
    variant = {
        "INHERIT": str(MKDOCS_YML),
        "plugins": plugins,  # lists are replaced, not merged, by INHERIT
        "extra_javascript": scripts,
        # Paths in the inherited settings resolve against this file's folder: pin them.
        "docs_dir": str(ROOT / config.get("docs_dir", "docs")),
        "watch": [str(ROOT / p) for p in config.get("watch", [])],
    }
    if config.get("theme", {}).get("custom_dir"):
        variant["theme"] = {"custom_dir": str(ROOT / config["theme"]["custom_dir"])}
    path = tmp / "mkdocs-default-search.yml"
    path.write_text(yaml.safe_dump(variant, sort_keys=False), encoding="utf-8")
    return path


def _plugin_name(plugin) -> str:
    return plugin if isinstance(plugin, str) else next(iter(plugin))


def build_site(dest: Path, config: Path | None = None) -> Path:
    """`mkdocs build --strict` into dest; raises with mkdocs' output when it fails."""
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(dest)]
    if config is not None:
        command += ["--config-file", str(config)]
    result = subprocess.run(
        command,
        cwd=ROOT,
        env={**os.environ, **QUIET_MKDOCS},
        capture_output=True,
        text=True,
        timeout=300,
    )
    if result.returncode != 0:
        raise RuntimeError(f"mkdocs build --strict failed:\n{result.stdout}\n{result.stderr}")
    return dest


class SiteServer:
    """Serves {prefix: site directory} on 127.0.0.1 with a threaded http.server."""

    def __init__(self, sites: dict[str, Path]):
        self.sites = {f"/{p.strip('/')}/": Path(d) for p, d in sites.items()}
        handler = functools.partial(_Handler, sites=self.sites)
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def url(self, prefix: str) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/{prefix.strip('/')}/"

    def __enter__(self) -> SiteServer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


class _Handler(http.server.SimpleHTTPRequestHandler):
    def __init__(self, *args, sites: dict[str, Path], **kwargs):
        self.sites = sites
        super().__init__(*args, directory=str(ROOT), **kwargs)

    def translate_path(self, path: str) -> str:
        path = urlsplit(path).path
        for prefix, directory in self.sites.items():
            if path.startswith(prefix):
                self.directory = str(directory)
                return super().translate_path("/" + path[len(prefix) :])
        self.directory = None
        return str(Path(tempfile.gettempdir()) / "no-such-site" / "x")  # 404 outside the sites

    def send_error(self, code, message=None, explain=None) -> None:
        """A missing page of a site gets the site's 404.html, as GitHub Pages serves it."""
        page = Path(self.directory) / "404.html" if getattr(self, "directory", None) else None
        if code != 404 or page is None or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, *args) -> None:  # keep test output readable
        pass


# ------------------------------------------------------------------------- the network


class NetworkGuard:
    """Aborts and records every request that would leave 127.0.0.1."""

    def __init__(self):
        self.blocked: list[str] = []

    def install(self, context) -> NetworkGuard:
        context.route("**/*", self._route)
        return self

    def _route(self, route) -> None:
        url = route.request.url
        host = urlsplit(url).hostname or ""
        if urlsplit(url).scheme in ("http", "https", "ws", "wss") and host != "127.0.0.1":
            self.blocked.append(url)
            route.abort("blockedbyclient")
        else:
            route.continue_()


def new_context(browser, guard: NetworkGuard, base_url: str):
    """A browser context for the site: light scheme, clipboard allowed, network guarded."""
    context = browser.new_context(color_scheme="light", viewport={"width": 1280, "height": 900})
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(base_url))
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=origin)
    guard.install(context)
    return context


# ---------------------------------------------------------------------- the search box

# Material runs lunr in a web worker. Watching its messages tells when the results for the
# last query have arrived (Material renders them synchronously on that message) and what
# query lunr was given. postMessage is watched on the prototype, beneath the site's own
# normaliser (search-normalise.js), so the spy sees the query after normalisation.
SEARCH_SPY = """
(() => {
  const spy = window.__jhSearch = { ready: false, sent: 0, received: 0, query: null };
  const post = Worker.prototype.postMessage;
  Worker.prototype.postMessage = function (message, ...rest) {
    if (message && message.type === 2) { spy.sent++; spy.query = message.data; }  // QUERY
    return post.call(this, message, ...rest);
  };
  const Native = window.Worker;
  window.Worker = function (url, options) {
    const worker = new Native(url, options);
    worker.addEventListener("message", ev => {
      if (ev.data.type === 1) spy.ready = true;  // READY
      if (ev.data.type === 3) spy.received++;    // RESULT
    });
    return worker;
  };
  window.Worker.prototype = Native.prototype;
})();
"""


class SearchBox:
    """Material's search box on a page of the served site, used with the real keyboard."""

    def __init__(self, context, base_url: str):
        self.base_url = base_url
        context.add_init_script(SEARCH_SPY)
        self.page = context.new_page()
        self.page.goto(base_url)
        self.page.wait_for_function("() => window.__jhSearch && window.__jhSearch.ready")
        self.input = self.page.locator(".md-search__input")

    def _settled(self) -> None:
        self.page.wait_for_function("() => window.__jhSearch.sent === window.__jhSearch.received")

    def clear(self) -> None:
        self.input.click()
        self.page.keyboard.press("Control+A")
        self.page.keyboard.press("Backspace")
        self._settled()

    def type(self, text: str) -> list[str]:
        if "\n" in text:
            raise ValueError("typing a newline would press Enter; paste multi-line text instead")
        self.clear()
        # Keyboard input, the last key pressed for real: Material searches on keyup, as when
        # a reader types. (Pressing every key re-runs the search per key: same result, slower.)
        self.page.keyboard.insert_text(text[:-1])
        self.page.keyboard.type(text[-1:])
        return self.results()

    def paste(self, text: str) -> list[str]:
        self.clear()
        paste_into(self.page, text)
        return self.results()

    def query(self) -> str:
        """The query lunr was last given (after the site's normaliser, if any)."""
        return self.page.evaluate("() => window.__jhSearch.query")

    def results(self) -> list[str]:
        """Pages in the order shown, as paths relative to the site root ('' is the home page)."""
        self._settled()
        # One item per page: its first link is the page, the others its best sections.
        hrefs = self.page.eval_on_selector_all(
            ".md-search-result__list > .md-search-result__item",
            "items => items.map(i => i.querySelector('a.md-search-result__link').href)",
        )
        # search.highlight adds ?h=<terms>; sections add #anchors.
        return [h.split("#")[0].split("?")[0].removeprefix(self.base_url) for h in hrefs]


def paste_into(page, text: str) -> None:
    """A real, trusted paste: the text goes through the clipboard and Ctrl+V."""
    page.evaluate("text => navigator.clipboard.writeText(text)", text)
    page.keyboard.press("Control+V")


# ------------------------------------------------------------------------ the diagnoser


class Diagnoser:
    """The paste-your-log box on diagnose/."""

    def __init__(self, page):
        self.page = page
        self.box = page.locator("[data-jh-diagnose]").first
        self.area = self.box.locator("textarea")
        page.wait_for_function("() => document.querySelector('[data-jh-diagnose] textarea')")

    @classmethod
    def open(cls, context, base_url: str) -> Diagnoser:
        page = context.new_page()
        page.goto(base_url + "diagnose/")
        return cls(page)

    def _run(self, act) -> list[tuple[str, list[int]]]:
        self.box.evaluate("box => { box.dataset.state = '' }")
        act()
        self.page.wait_for_function(
            "() => ['done', 'error'].includes("
            "document.querySelector('[data-jh-diagnose]').dataset.state)",
            timeout=120_000,
        )
        if self.box.get_attribute("data-state") == "error":
            raise AssertionError(
                "the diagnoser failed: " + self.box.locator("[role=status]").inner_text()
            )
        return self.findings()

    def paste(self, text: str) -> list[tuple[str, list[int]]]:
        """Paste into the empty box: the diagnosis starts by itself."""

        def act():
            self.area.fill("")
            self.area.click()
            paste_into(self.page, text)

        return self._run(act)

    def submit(self, text: str) -> list[tuple[str, list[int]]]:
        """Fill the box and press the button (faster than the clipboard for many cases)."""

        def act():
            self.area.fill(text)
            self.box.locator("button.jh-diagnose__run").click()

        return self._run(act)

    def open_file(self, path: Path) -> list[tuple[str, list[int]]]:
        """Choose a log file, as a reader does (a path: no bytes pass through page JS)."""
        return self._run(lambda: self.box.locator("input[type=file]").set_input_files(path))

    def related(self) -> list[str]:
        """The pages offered as possibly related, best first, as paths from the site root."""
        root = self.page.url.split("#")[0].removesuffix("diagnose/")
        hrefs = self.box.locator(".jh-diagnose__related a").evaluate_all(
            "links => links.map(a => a.href)"
        )
        return [h.removeprefix(root) for h in hrefs]

    def explained(self) -> list[str]:
        """The message reference's entries shown for lines no problem page matched, as
        paths from the site root (with their anchors), in the order shown."""
        root = self.page.url.split("#")[0].removesuffix("diagnose/")
        hrefs = self.box.locator(".jh-diagnose__message > a").evaluate_all(
            "links => links.map(a => a.href)"
        )
        return [h.removeprefix(root) for h in hrefs]

    def facts(self) -> list[str]:
        """The versions and platform shown as detected in the log, as text."""
        return self.box.locator(".jh-diagnose__facts li").all_inner_texts()

    def leads(self) -> list[str]:
        """The triage guides listed under "Where to look next", as paths from the site root,
        in the order shown."""
        root = self.page.url.split("#")[0].removesuffix("diagnose/")
        hrefs = self.box.locator(".jh-diagnose__lead > a").evaluate_all(
            "links => links.map(a => a.href)"
        )
        return [h.removeprefix(root) for h in hrefs]

    def findings(self) -> list[tuple[str, list[int]]]:
        """(entry id, matching line numbers) in the order shown."""
        return [
            (entry, [int(n) for n in lines.split(",")])
            for entry, lines in self.box.locator("[data-entry]").evaluate_all(
                "items => items.map(i => [i.dataset.entry, i.dataset.lines])"
            )
        ]


# ------------------------------------------------------------------------- log material

NOISE = [
    "[I 2026-11-25 23:29:20.101 JupyterHub app:3354] Running JupyterHub version 6.1.0",
    "[I 2026-11-25 23:29:20.115 JupyterHub app:3384] Using Authenticator: "
    "jupyterhub.auth.DummyAuthenticator-6.1.0",
    "[D 2026-11-25 23:29:20.121 JupyterHub app:3100] Loaded config file: jupyterhub_config.py",
    "2026-11-25T23:29:20.402Z [ConfigProxy] info: Proxying http://*:8000 to (no default)",
    "2026-11-25T23:29:20.403Z [ConfigProxy] info: Proxy API at http://127.0.0.1:8001/api/routes",
    "[I 2026-11-25 23:29:21.493 JupyterHub log:192] 200 GET /hub/api (@10.0.0.2) 0.65ms",
    "[I 2026-11-25 23:29:22.010 JupyterHub log:192] 302 GET / -> /hub/ (@::ffff:172.17.0.1) 0.42ms",
    "[I 2026-11-25 23:29:22.307 JupyterHub spawner:1520] Spawning jupyterhub-singleuser --port=41",
    "[I 2026-11-25 23:29:23.881 ServerApp] Jupyter Server 2.15.0 is running at:",
    "[D 2026-11-25 23:29:24.002 JupyterHub proxy:392] Fetching routes to check",
    "    Traceback (most recent call last):",
    '      File "/usr/local/lib/python3.12/site-packages/tornado/web.py", line 1790, in _execute',
    "        result = await result",
    "\x1b[32m[I 2026-11-25 23:29:25.123 JupyterHub log:192]\x1b[0m 200 GET /hub/home (@::1) 1ms",
]

WHERE_PREFIX = {
    "hub-log": "[E 2026-11-25 23:29:31.028 JupyterHub app:3372] ",
    "proxy-log": "2026-11-25T23:29:31.040Z [ConfigProxy] error: ",
    "singleuser-log": "[E 2026-11-25 23:29:31.101 JupyterHubSingleUser] ",
    "browser": "",
    "shell": "",
}


def noisy_log(lines: list[str], repeat: int = 2) -> str:
    """Lines embedded in a healthy hub's chatter, as they would be in a real log."""
    return "\n".join(NOISE * repeat + lines + NOISE)


def in_log(symptom) -> str:
    """A symptom's message as it appears in its log, with that log's prefix."""
    return WHERE_PREFIX.get(symptom.where, "") + symptom.message


def page_texts(site: Path) -> dict[str, list[str]]:
    """Each page's searchable text (titles and text of all its sections) as plain-text lines
    (code blocks keep their lines), keyed by the page's path relative to the site root."""
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    pages: dict[str, list[str]] = {}
    for doc in index["docs"]:
        for part in (doc["title"], doc["text"]):
            text = re.sub(r"</?(?:p|pre|li|ul|ol|br|h\d|div|table|tr|td|th)\b[^>]*>", "\n", part)
            text = html.unescape(re.sub(r"<[^>]+>", " ", text))
            lines = (" ".join(line.split()) for line in text.split("\n"))
            pages.setdefault(doc["location"].split("#")[0], []).extend(filter(None, lines))
    return pages

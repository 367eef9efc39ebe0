"""Lighthouse's four scores and layout shift for the built site, as a phone sees it:
python -m tests.bench_lighthouse --lighthouse PATH --site DIR [--runs N]

A benchmark, not a test (machines are noisy): `nox -s lighthouse` builds the site,
installs Lighthouse from npm (into .cache/npm/) and runs this. The site is served from
127.0.0.1 under /guide/ (its path on GitHub Pages) with gzip, as GitHub Pages serves it;
Lighthouse drives Debian's Chromium with its default mobile settings. Printed per page:
the median of each category's score (0-100) and of the cumulative layout shift.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import statistics
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

PAGES = {"home": "", "entry": "proxy/port-bind-errors/", "diagnoser": "diagnose/"}
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
PREFIX = "/guide/"
COMPRESSED = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt")


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """The site under PREFIX, text files gzip-compressed for clients that accept it."""

    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0]
        if not path.startswith(PREFIX):
            self.send_error(404)
            return
        local = Path(self.translate_path("/" + path[len(PREFIX) :]))
        if local.is_dir():
            if not path.endswith("/"):
                self.send_response(301)
                self.send_header("Location", path + "/")
                self.end_headers()
                return
            local = local / "index.html"
        if not local.is_file():
            self.send_error(404)
            return
        body = local.read_bytes()
        gzipped = local.suffix in COMPRESSED and "gzip" in self.headers.get("Accept-Encoding", "")
        if gzipped:
            body = gzip.compress(body, compresslevel=6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(local)))
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=600")
        if gzipped:
            self.send_header("Content-Encoding", "gzip")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


def audit(lighthouse: Path, url: str, chromium: str) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.json"
        result = subprocess.run(
            [
                str(lighthouse),
                url,
                f"--chrome-path={chromium}",
                "--chrome-flags=--headless=new --no-sandbox",
                f"--only-categories={','.join(CATEGORIES)}",
                "--output=json",
                f"--output-path={report}",
                "--quiet",
            ],
            capture_output=True,
            text=True,
            timeout=300,
        )
        if result.returncode != 0 or not report.is_file():
            sys.exit(f"bench_lighthouse: lighthouse failed on {url}:\n{result.stderr[-2000:]}")
        data = json.loads(report.read_text(encoding="utf-8"))
    scores = {c: round(100 * (data["categories"][c]["score"] or 0)) for c in CATEGORIES}
    scores["cls"] = data["audits"]["cumulative-layout-shift"]["numericValue"]
    return scores


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lighthouse", type=Path, required=True, help="the lighthouse CLI")
    parser.add_argument("--site", type=Path, required=True, help="the built site")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    handler = functools.partial(GzipHandler, directory=str(args.site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}{PREFIX}"
    try:
        print(f"{'page':<10}" + "".join(f"{c:>16}" for c in CATEGORIES) + f"{'CLS':>8}")
        for name, path in PAGES.items():
            runs = [audit(args.lighthouse, base + path, args.chromium) for _ in range(args.runs)]
            medians = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
            print(
                f"{name:<10}"
                + "".join(f"{medians[c]:>16.0f}" for c in CATEGORIES)
                + f"{medians['cls']:>8.3f}"
            )
    finally:
        server.shutdown()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

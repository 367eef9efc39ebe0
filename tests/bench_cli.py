"""Time and memory of `python -m troubleshoot diagnose` on a long log:
python -m tests.bench_cli [--megabytes 50] [--runs 3] [--search-index PATH]

The log is the whole logs of tests/logs (real hub output), repeated until it is that long,
each copy with other values where a hub's log varies from one incident to the next
(times, durations, user names, addresses, ids): as long a log as an operator hands over,
not one line repeated. Each run is a fresh process, timed from outside; its peak memory
is the kernel's account of it (and of the child process it may start).

Printed: the median (min-max) seconds and the peak resident memory, read with and without
the search index (with it, the lines no message matched are also searched), plain and
gzip-compressed.
"""

from __future__ import annotations

import argparse
import gzip
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOGS = ROOT / "tests" / "logs"

# What differs between two copies of one incident in a hub's log.
STAMP = re.compile(r"\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d(?:\.\d+)?")
DURATION = re.compile(r"\b\d+\.\d+ms\b")
ADDRESS = re.compile(r"\b(\d{1,3}\.\d{1,3}\.\d{1,3})\.\d{1,3}\b")
HEX_ID = re.compile(r"\b[0-9a-f]{7,}\b")
USER = re.compile(r"\byou\b")  # the test hubs' user


def varied(text: str, copy: int, rng: random.Random) -> str:
    """`text` as another incident would print it."""
    base = 1_790_000_000 + copy * 600

    def stamp(match: re.Match) -> str:
        when = time.gmtime(base + rng.randrange(600))
        return time.strftime("%Y-%m-%d %H:%M:%S", when) + f".{rng.randrange(1000):03d}"

    text = STAMP.sub(stamp, text)
    text = DURATION.sub(lambda m: f"{rng.uniform(0.5, 2000):.2f}ms", text)
    text = ADDRESS.sub(lambda m: f"{m.group(1)}.{rng.randrange(2, 250)}", text)
    text = HEX_ID.sub(lambda m: f"{rng.getrandbits(4 * len(m.group())):0{len(m.group())}x}", text)
    return USER.sub(f"user{copy % 997}", text)


def write_log(path: Path, megabytes: float) -> int:
    """A log of about `megabytes` MB at `path`; returns its number of lines."""
    sources = [p.read_text(encoding="utf-8") for p in sorted(LOGS.glob("*.log"))]
    if not sources:
        sys.exit(f"bench_cli: no logs in {LOGS}")
    rng = random.Random(0)
    size, lines, copy = 0, 0, 0
    limit = int(megabytes * 1_000_000)
    with path.open("w", encoding="utf-8") as out:
        while size < limit:
            text = varied(sources[copy % len(sources)], copy, rng)
            out.write(text if text.endswith("\n") else text + "\n")
            size += len(text.encode())
            lines += text.count("\n") + (not text.endswith("\n"))
            copy += 1
    return lines


def run_once(log: Path, index: Path | None) -> tuple[float, int, int]:
    """Seconds, peak resident kilobytes and exit code of one diagnose run."""
    command = [sys.executable, "-m", "troubleshoot", "diagnose", str(log)]
    command += ["--search-index", str(index) if index else os.devnull + ".absent"]
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    return seconds, usage.ru_maxrss, process.returncode


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=float, default=50)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--search-index",
        type=Path,
        default=ROOT / "site" / "search" / "search_index.json",
        help="the built site's index (`nox -s build`); default: %(default)s",
    )
    args = parser.parse_args()
    if not args.search_index.is_file():
        sys.exit(f"bench_cli: no search index at {args.search_index}: run `nox -s build`")
    with tempfile.TemporaryDirectory() as tmp:
        log = Path(tmp) / "hub.log"
        lines = write_log(log, args.megabytes)
        compressed = Path(tmp) / "hub.log.gz"
        with log.open("rb") as src, gzip.open(compressed, "wb", compresslevel=6) as dst:
            dst.writelines(src)
        size = log.stat().st_size
        print(f"log: {size / 1e6:.1f} MB, {lines} lines (from {LOGS.relative_to(ROOT)})")
        print(f"{'input':<10} {'search':<8} {'seconds (median, min-max)':<28} {'peak memory':>12}")
        for name, path in (("plain", log), ("gzip", compressed)):
            for index in (args.search_index, None):
                times, peaks = [], []
                for _ in range(args.runs):
                    seconds, peak_kb, code = run_once(path, index)
                    if code not in (0, 1):
                        sys.exit(f"bench_cli: diagnose exited {code} on {path.name}")
                    times.append(seconds)
                    peaks.append(peak_kb)
                spread = f"{statistics.median(times):.2f} ({min(times):.2f}-{max(times):.2f})"
                print(
                    f"{name:<10} {'yes' if index else 'no':<8} {spread:<28} "
                    f"{max(peaks) / 1024:>9.0f} MB"
                )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

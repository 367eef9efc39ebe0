"""The scenario suite's wall time, side by side against one at a time:
python -m tests.hub.bench_suite [--workers N] [--parallel-only] [-- pytest args]

Runs `pytest -m scenario` twice in this invocation, once with N pytest-xdist workers (as
`nox -s scenarios` does) and once serially, and prints for each: every scenario's wall time
(setup + call + teardown, from pytest's JUnit report) as median, p90 and max, the slowest
ones, the suite's total, and the speed-up. The first test of each worker also carries its
start-up (engine, image lookup): that is part of what a contributor waits for.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from .util import REPO_ROOT


@dataclass
class SuiteRun:
    label: str
    seconds: float
    exit_code: int
    times: dict[str, float]  # test id -> wall seconds
    failed: list[str]


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


REPORTS = REPO_ROOT / ".artefacts" / "bench"


def run_suite(label: str, workers: int, pytest_args: list[str]) -> SuiteRun:
    """One run of the suite; its JUnit report stays in .artefacts/bench/ to look into."""
    REPORTS.mkdir(parents=True, exist_ok=True)
    report = REPORTS / f"scenarios-{'serial' if workers <= 1 else f'{workers}-workers'}.xml"
    report.unlink(missing_ok=True)
    spread = ["-p", "no:xdist"] if workers <= 1 else ["-n", str(workers), "--dist", "worksteal"]
    command = [
        sys.executable,
        "-m",
        "pytest",
        "-m",
        "scenario",
        "-q",
        "-p",
        "no:cacheprovider",
        f"--junitxml={report}",
        *spread,
        *pytest_args,
    ]
    print(f"[{label}] {' '.join(command[1:])}", flush=True)
    started = time.monotonic()
    exit_code = subprocess.call(command, cwd=REPO_ROOT)
    seconds = time.monotonic() - started
    times, failed = {}, []
    if report.is_file():
        for case in ET.parse(report).getroot().iter("testcase"):
            name = f"{case.get('classname')}::{case.get('name')}"
            times[name] = float(case.get("time") or 0)
            if case.find("failure") is not None or case.find("error") is not None:
                failed.append(name)
    return SuiteRun(label, seconds, exit_code, times, failed)


def describe(run: SuiteRun, slowest: int = 5) -> str:
    values = list(run.times.values())
    if not values:
        return f"{run.label}: no scenario ran (exit code {run.exit_code})"
    lines = [
        f"{run.label}: {len(values)} scenarios, {len(run.failed)} failed, suite {run.seconds:.0f} s",
        f"  per scenario: median {statistics.median(values):.1f} s, "
        f"p90 {percentile(values, 0.9):.1f} s, max {max(values):.1f} s",
        "  slowest:",
    ]
    for name, seconds in sorted(run.times.items(), key=lambda kv: -kv[1])[:slowest]:
        lines.append(f"    {seconds:6.1f} s  {name}")
    lines += [f"  FAILED {name}" for name in run.failed]
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.hub.bench_suite")
    parser.add_argument("--workers", type=int, default=4, help="pytest-xdist workers")
    parser.add_argument("--parallel-only", action="store_true", help="skip the serial run")
    # Anything else goes to pytest, e.g. -k proxy.
    args, args.pytest_args = parser.parse_known_args(argv)

    runs = [run_suite(f"{args.workers} workers", args.workers, args.pytest_args)]
    if not args.parallel_only:
        runs.append(run_suite("serial", 1, args.pytest_args))
    print()
    for run in runs:
        print(describe(run))
    if len(runs) == 2 and runs[0].seconds:
        print(f"\nspeed-up: {runs[1].seconds / runs[0].seconds:.2f}x ({args.workers} workers)")
    return max(run.exit_code for run in runs)


if __name__ == "__main__":
    sys.exit(main())

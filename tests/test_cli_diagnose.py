"""`python -m troubleshoot diagnose` takes a log however the operator has it, and says
plainly when the input is no log: files, `-`, pipes, process substitution, gzip; a
directory, a binary file and empty input are errors (exit 2) with one line naming the input;
Ctrl-C and a closed pipe end it quietly."""

from __future__ import annotations

import gzip
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from troubleshoot.model import ROOT

LOG = (
    "[I 2026-11-25 23:24:10.503 JupyterHub app:3493] Running JupyterHub version 6.1.1\n"
    "[C 2026-11-25 23:24:10.503 JupyterHub app:3872] Failed to start proxy\n"
    "    FileNotFoundError: [Errno 2] No such file or directory: 'configurable-http-proxy'\n"
)
CLI = [sys.executable, "-m", "troubleshoot", "diagnose"]


def run(args, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([*CLI, *args], cwd=ROOT, capture_output=True, text=True, timeout=60, **kw)


def found(result: subprocess.CompletedProcess) -> bool:
    return result.returncode == 0 and "[chp-missing-or-broken]" in result.stdout


@pytest.fixture
def log(tmp_path: Path) -> Path:
    path = tmp_path / "jupyterhub.log"
    path.write_text(LOG)
    return path


def test_a_file_standard_input_and_dev_stdin(log):
    assert found(run([str(log)]))
    assert found(run(["-"], input=LOG))
    assert found(run(["/dev/stdin"], input=LOG))


def test_a_pipe_and_process_substitution(log):
    shell = f"{' '.join(CLI)} <(cat {log}) && cat {log} | {' '.join(CLI)} /dev/stdin"
    result = subprocess.run(
        ["bash", "-c", shell], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("[chp-missing-or-broken]") == 2


def test_a_gzip_log_is_read_as_it_is(tmp_path):
    path = tmp_path / "jupyterhub.log.gz"
    path.write_bytes(gzip.compress(LOG.encode()))
    assert found(run([str(path)]))
    truncated = tmp_path / "cut.log.gz"
    truncated.write_bytes(gzip.compress(LOG.encode() * 1000)[:200])
    result = run([str(truncated)])
    assert result.returncode == 2 and "cannot be read" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("make", "says"),
    [
        (lambda d: d, "is a directory; give a log file"),
        (lambda d: d / "missing.log", "no such file"),
        (lambda d: _write(d / "x.bin", b"\x7fELF\x02\x01\x00\x00" * 64), "looks binary"),
        (lambda d: _write(d / "empty.log", b""), "is empty"),
        (lambda d: _write(d / "blank.log", b"\n  \n\t\n"), "is empty"),
    ],
    ids=["directory", "missing", "binary", "empty", "blank"],
)
def test_input_that_is_no_log_is_an_error_naming_it(tmp_path, make, says):
    path = make(tmp_path)
    result = run([str(path)])
    assert result.returncode == 2, result
    assert result.stderr.startswith(f"diagnose: {path}: {says}"), result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def test_nothing_found_exits_1(tmp_path):
    path = _write(tmp_path / "quiet.log", b"[I 2026-11-25 23:24:10.503 JupyterHub app:1] fine\n")
    result = run([str(path)])
    assert result.returncode == 1 and "No known symptom found" in result.stdout


def test_json_for_scripts(log):
    result = run([str(log), "--json"])
    data = json.loads(result.stdout)
    assert data["lines"] == 3
    first = data["findings"][0]
    assert first["entry"] == "chp-missing-or-broken"
    assert {"failed-to-start-proxy", "file-not-found"} <= set(first["symptoms"])
    assert [line["number"] for line in first["lines"]] == [2, 3]
    assert first["url"].endswith("/proxy/chp-missing-or-broken/")


def test_a_closed_pipe_is_quiet(tmp_path):
    path = tmp_path / "long.log"
    path.write_text(LOG * 2000)  # many matching lines: more output than `head` reads
    shell = f"{' '.join(CLI)} --lines 100000 {path} | head -1"
    result = subprocess.run(
        ["bash", "-c", f"set -o pipefail; {shell}"], cwd=ROOT, capture_output=True, text=True
    )
    assert result.stderr == ""
    # what `head` read: the first line the command prints when its output stays open
    whole = subprocess.run([*CLI, str(path)], cwd=ROOT, capture_output=True, text=True)
    assert result.stdout == whole.stdout.splitlines(keepends=True)[0]


def test_ctrl_c_is_quiet():
    returncode, stderr, _ = interrupt_while_reading(LOG)
    assert returncode == 130
    assert b"Traceback" not in stderr


def interrupt_while_reading(text: str, *args: str) -> tuple[int, bytes, list[int]]:
    """Ctrl-C while the command waits for more of a log still being written: its exit code,
    its stderr and the processes it had started then."""
    reader, writer = os.pipe()
    process = subprocess.Popen(
        [*CLI, "-", *args],
        cwd=ROOT,
        stdin=reader,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        # Ctrl-C's SIGINT as at a terminal: a job started in the background (CI) inherits
        # it ignored, and Python then never raises KeyboardInterrupt.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    with os.fdopen(writer, "wb", closefd=False) as pipe:
        pipe.write(text.encode())  # the command waits for more: the writer stays open
    wait_until_reading(process.pid)
    children = Path(f"/proc/{process.pid}/task/{process.pid}/children").read_text().split()
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=30)
    os.close(writer)
    os.close(reader)
    return process.returncode, stderr, [int(pid) for pid in children]


def wait_until_reading(pid: int, timeout: float = 30.0) -> None:
    """Until the process sleeps in a read of its pipe (the kernel's wait channel says so)."""
    wchan = Path(f"/proc/{pid}/wchan")
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if "pipe_read" in wchan.read_text(errors="replace"):
            return
        time.sleep(0.05)
    raise AssertionError(f"the command never waited on its input: {wchan.read_text()!r}")


def test_a_finding_that_check_can_find_says_so(log, catalogue):
    """The diagnosis points to `jupyterhub-troubleshoot check` for entries that carry a check,
    and only for those."""
    checkable = {e.id for e in catalogue if e.checks}
    data = json.loads(run([str(log), "--json"]).stdout)
    flags = {f["entry"]: f["checkable"] for f in data["findings"]}
    assert flags == {entry: entry in checkable for entry in flags}
    assert True in flags.values() and False in flags.values(), flags
    text = run([str(log)]).stdout
    hint = "`jupyterhub-troubleshoot check` finds this in a jupyterhub_config.py"
    assert text.count(hint) == sum(flags.values())

"""The Python log matcher, and agreement of every pattern with JavaScript's RegExp."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest

from troubleshoot import matcher
from troubleshoot.model import ROOT


def noisy_log(lines: list[str]) -> str:
    noise = [
        "[I 2026-11-25 23:29:21.493 JupyterHub log:192] 200 GET /hub/api (@10.0.0.2) 0.65ms",
        "[D 2026-11-25 23:29:21.500 JupyterHub app:3100] Loaded config file: jupyterhub_config.py",
        "2026-11-25T23:23:49.959Z [ConfigProxy] info: Proxying http://*:8000 to (no default)",
    ]
    return "\n".join(noise + lines + noise)


def test_every_symptom_message_finds_its_entry(catalogue):
    signatures = matcher.load_signatures()
    for entry in catalogue:
        for symptom in entry.symptoms:
            findings = matcher.diagnose(noisy_log([symptom.message]), signatures)
            found = {f.entry["id"]: f for f in findings}
            assert entry.id in found, f"{entry.id}/{symptom.id}: message not matched"
            assert symptom.id in found[entry.id].symptoms


def test_a_message_quoted_without_its_final_punctuation_still_matches(catalogue):
    """Issue titles and retyped quotes drop the final '.' or '?': the matchers ignore it."""
    checked = 0
    for entry in catalogue:
        for symptom in entry.symptoms:
            if symptom.message[-1] in ".?!" and symptom.message[-2:] != "..":
                cut = symptom.message.rstrip(".?!")
                found = {f.entry["id"] for f in matcher.diagnose(noisy_log([cut]))}
                assert entry.id in found, f"{entry.id}/{symptom.id}: {cut!r} not matched"
                checked += 1
    assert checked >= 5, "too few messages end in punctuation for this test to mean anything"


def test_ansi_colours_are_ignored(catalogue):
    entry = next(e for e in catalogue if e.kind == "problem")
    message = entry.symptoms[0].message
    coloured = f"\x1b[33m{message[:5]}\x1b[0m{message[5:]}"
    assert entry.id in {f.entry["id"] for f in matcher.diagnose(coloured)}


def test_problem_pages_rank_above_routers(catalogue):
    routers = [e for e in catalogue if e.kind == "router"]
    problems = {e.id: e for e in catalogue if e.kind == "problem"}
    for router in routers:
        cause = problems[router.causes[0]]
        log = noisy_log([s.message for s in cause.symptoms] + [s.message for s in router.symptoms])
        assert matcher.diagnose(log)[0].entry["id"] != router.id


def test_cli_diagnose_prints_entry_and_url(catalogue, tmp_path):
    entry = next(e for e in catalogue if e.kind == "problem")
    log = tmp_path / "hub.log"
    log.write_text(noisy_log([entry.symptoms[0].message]))
    result = subprocess.run(
        [sys.executable, "-m", "troubleshoot", "diagnose", str(log)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert entry.url in result.stdout and entry.id in result.stdout
    empty = subprocess.run(
        [sys.executable, "-m", "troubleshoot", "diagnose", "-"],
        cwd=ROOT,
        input="all good\n",
        capture_output=True,
        text=True,
    )
    assert empty.returncode == 1 and "No known symptom" in empty.stdout


def test_patterns_mean_the_same_in_javascript(catalogue):
    """Each pattern compiles in node and matches its own message there too."""
    node = shutil.which("node")
    if node is None:
        pytest.fail(
            "node is not installed: apt-get install nodejs (the README's test command does it)"
        )
    cases = [
        {"pattern": s.pattern, "message": s.message, "id": f"{e.id}/{s.id}"}
        for e in catalogue
        for s in e.symptoms
    ]
    script = (
        "const cases = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
        "const bad = [];"
        "for (const c of cases) {"
        "  try { if (!new RegExp(c.pattern).test(c.message)) bad.push(c.id + ': no match'); }"
        "  catch (e) { bad.push(c.id + ': ' + e.message); }"
        "}"
        "console.log(JSON.stringify(bad));"
    )
    result = subprocess.run(
        [node, "-e", script], input=json.dumps(cases), capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == []

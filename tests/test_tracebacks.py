"""Tracebacks read by their frames: the reader (troubleshoot/matcher.py's TracebackReader and
diagnose.js's newTracebackReader) and the evidence entries declare (`tracebacks:` in front
matter), held to the tracebacks the scenarios printed and the pages quote."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest

from tests.test_matcher import disagreements, javascript_findings, python_findings
from tests.test_stages import page_tracebacks
from troubleshoot import matcher

TORNADO = """\
[E 2026-12-07 04:35:15.100 JupyterHub user:1000] Unhandled error starting you's server
    Traceback (most recent call last):
      File "/opt/hub/lib/python3.11/site-packages/jupyterhub/user.py", line 999, in spawn
        raise
      File "/opt/hub/lib/python3.11/site-packages/jupyterhub/spawner.py", line 2077, in user_env
        home = pwd.getpwnam(self.user.name).pw_dir
               ^^^^^^^^^^^^^^^^^^^^^^^^^^^^
    KeyError: "getpwnam(): name not found: 'zoe'"
[I 2026-12-07 04:35:15.200 JupyterHub log:192] 302 GET /hub/spawn/zoe
"""


def read(text: str) -> list[matcher.Traceback]:
    reader = matcher.TracebackReader(matcher.default_rules())
    found = []
    for number, line in enumerate(text.splitlines(), 1):
        found += reader.feed(number, line)
    return found + reader.close()


def test_a_tornado_indented_traceback_ends_at_its_exception_not_at_a_code_line():
    (traceback,) = read(TORNADO)
    assert [(f.path.rsplit("/", 1)[-1], f.function, f.line) for f in traceback.frames] == [
        ("user.py", "spawn", 3),
        ("spawner.py", "user_env", 5),
    ]
    assert traceback.exception == "KeyError"  # not `raise`, a code line indented deeper


def test_a_traceback_cut_before_its_exception_is_read_with_none():
    cut = "\n".join(TORNADO.splitlines()[:6])
    (traceback,) = read(cut)
    assert traceback.exception is None and traceback.frames[-1].function == "user_env"


def test_windows_paths_prefixed_lines_and_chained_tracebacks():
    text = textwrap.dedent(
        """\
        Traceback (most recent call last):
          File "C:\\hub\\Lib\\site-packages\\jupyterhub\\app.py", line 3, in init_db
            x()
        sqlalchemy.exc.OperationalError: (sqlite3.OperationalError) unable to open database file

        During handling of the above exception, another exception occurred:

        Traceback (most recent call last):
          File "/srv/venv/lib/python3.12/site-packages/jupyterhub/app.py", line 9, in launch_instance
        SystemExit: 1
        """
    )
    first, second = read(text)
    assert first.frames[0].path.endswith("site-packages/jupyterhub/app.py")
    assert first.exception == "sqlalchemy.exc.OperationalError"
    assert (second.frames[0].function, second.exception) == ("launch_instance", "SystemExit")
    prefixed = "\n".join(f"hub-1  | {line}" for line in TORNADO.splitlines())
    assert [f.function for f in read(prefixed)[0].frames] == ["spawn", "user_env"]


def evidence_of(entry_id: str, catalogue) -> list:
    (entry,) = [e for e in catalogue if e.id == entry_id]
    return entry.tracebacks


def test_every_declared_traceback_is_one_its_page_quotes(catalogue):
    """Evidence is written from real tracebacks: each declared frame and exception matches a
    traceback the entry's own page quotes (what its scenario printed)."""
    quoted: dict[str, list[list[str]]] = {}
    for page, lines in page_tracebacks():
        quoted.setdefault(page, []).append(lines)
    declared = [(e, t) for e in catalogue for t in e.tracebacks]
    assert len(declared) >= 5, "fewer than five entries declare tracebacks"
    for entry, evidence in declared:
        record = {
            "file": evidence.file,
            "function": evidence.function or "",
            "exception": evidence.exception or "",
        }
        hits = [
            seen
            for lines in quoted.get(entry.id, [])
            for traceback in read("\n".join(lines))
            if (seen := matcher.traceback_evidence(record, traceback)) and seen[1]
        ]
        assert hits, f"{entry.id}: no traceback its page quotes has {evidence.id}"


def quoted_cases(catalogue) -> dict[str, tuple[str, str]]:
    """Each page's quoted traceback whole, and cut after each frame the evidence names:
    name -> (text, the entry)."""
    with_evidence = {e.id for e in catalogue if e.tracebacks}
    cases = {}
    for n, (page, lines) in enumerate(page_tracebacks()):
        if page not in with_evidence:
            continue
        cases[f"{page} #{n} whole"] = ("\n".join(lines), page)
        for cut, line in enumerate(lines):
            if re.search(r'File "[^"]+", line \d+, in ', line):
                cases[f"{page} #{n} cut at {cut}"] = ("\n".join(lines[: cut + 1]), page)
    return cases


def test_a_quoted_traceback_finds_its_page_whole_or_cut_after_its_frame(catalogue):
    """The page's own traceback ranks it first; cut after the frame its evidence names (the
    paste stops before the exception), the page is still found, on that frame's line."""
    cases = quoted_cases(catalogue)
    python = python_findings({name: text for name, (text, _) in cases.items()})
    cut_found = 0
    for name, (_, page) in cases.items():
        findings = python[name]["findings"]
        ranked = [f["entry"] for f in findings]
        if name.endswith("whole"):
            assert ranked and ranked[0] == page, (name, ranked)
            continue
        ours = next((f for f in findings if f["entry"] == page), {"symptoms": []})
        frames = {s for s in ours["symptoms"] if s.startswith("traceback in")}
        if frames:
            cut_found += 1
            assert frames <= set(ours["partial"]), (name, ours)  # no exception: partial
    assert cut_found >= 5, f"only {cut_found} cut tracebacks found their page by a frame"


def test_both_matchers_read_tracebacks_alike(catalogue):
    cases = quoted_cases(catalogue)
    texts = {name: text for name, (text, _) in cases.items()}
    texts["tornado"] = TORNADO
    texts["tornado cut"] = "\n".join(TORNADO.splitlines()[:6])
    python = python_findings(texts)
    assert any(
        s.startswith("traceback in")
        for f in python["tornado cut"]["findings"]
        for s in f["partial"]
    ), "a cut traceback gave no partial evidence: the rule goes untested"
    problem = disagreements(python, javascript_findings(texts))
    assert not problem, "the matchers disagree:\n" + problem


@pytest.mark.parametrize(
    ("item", "expected"),
    [
        ({"frame": "jupyterhub/spawner.py user_env"}, "is not a frame"),
        ({"frame": "jupyterhub/spawner.py: user env"}, "is not a frame"),
        ({"frame": "jupyterhub/app.py", "exception": "Key Error"}, "is not an exception type"),
        ({"frame": "jupyterhub/app.py", "where": "browser"}, "a traceback is in the hub-log"),
        ({"frame": "jupyterhub/app.py", "exceptoin": "KeyError"}, "did you mean 'exception'"),
    ],
)
def test_bad_traceback_evidence_is_refused_with_the_field_and_the_fix(tmp_path, item, expected):
    from tests.test_entries import VALID_ENTRY, errors_for

    lines = ["tracebacks:", f"  - frame: {item['frame']!r}"]
    lines += [f"    {key}: {value!r}" for key, value in item.items() if key != "frame"]
    page = VALID_ENTRY.replace("reproduced:", "\n".join(lines) + "\nreproduced:", 1)
    errors = errors_for(tmp_path, {"proxy/example-problem.md": page})
    assert any("tracebacks[1]" in e and expected in e for e in errors), errors


@pytest.mark.provenance
def test_declared_frames_are_files_of_a_release_the_provenance_check_reads(catalogue):
    """A frame in a package the provenance check reads (JupyterHub and its plug-ins) names
    a file of one of its releases; other packages' frames (alembic, jupyter_core...) are
    held to the page's quoted traceback only."""
    from troubleshoot.provenance import source_matrix
    from troubleshoot.snippets import jupyterhub_matrix
    from troubleshoot.sources import release_source

    roots: dict[str, list[Path]] = {
        "jupyterhub": [
            release_source("jupyterhub", v, "pypi") for v in jupyterhub_matrix().values()
        ]
    }
    for package, versions in source_matrix().items():
        if package != "configurable-http-proxy":
            roots[package] = [release_source(package, v, "pypi") for v in versions]
    checked, missing = 0, []
    for entry in catalogue:
        for evidence in entry.tracebacks:
            folder = evidence.file.split("/", 1)[0]
            owners = [r for rs in roots.values() for r in rs if (r / folder).is_dir()]
            if not owners:
                continue
            checked += 1
            if not any((root / evidence.file).is_file() for root in owners):
                missing.append(f"{entry.id}: {evidence.file}")
    assert checked, "no declared frame is in a package the provenance check reads"
    assert not missing, "frames in no release:\n" + "\n".join(missing)

"""Entry validation: the real catalogue is valid, and broken entries fail with clear errors."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from troubleshoot.model import (
    DOCS,
    MKDOCS_YML,
    ROOT,
    SECTIONS,
    CatalogueError,
    allowed_tags,
    load_catalogue,
)
from troubleshoot.regex_subset import portable_regex_problem

VALID_ENTRY = """\
---
id: example-problem
title: Example problem
kind: problem
section: proxy
summary: Something was misconfigured.
tags: [proxy, startup]
jupyterhub: ">=4.1"
status: current
symptoms:
  - id: failed
    where: hub-log
    message: "Failed to find proxy ['configurable-http-proxy']"
    pattern: 'Failed to find proxy \\[[^\\[\\]]*\\]'
  - id: browser-500
    where: browser
    printed_by: proxy
    message: "500 : Internal Server Error"
reproduced: "example only"
sources:
  - jupyterhub/jupyterhub#1020
---

# Example problem

## What you see {#symptoms}

### `Failed to find proxy ['configurable-http-proxy']`

### `500 : Internal Server Error`

## Why it happens {#cause}

## How to fix it {#fix}

## Check that it worked {#verify}

## Versions {#versions}
"""


def make_docs(tmp_path: Path, pages: dict[str, str]) -> Path:
    docs = tmp_path / "docs"
    for rel, text in pages.items():
        (docs / rel).parent.mkdir(parents=True, exist_ok=True)
        (docs / rel).write_text(text)
    return docs


def errors_for(tmp_path: Path, pages: dict[str, str]) -> list[str]:
    docs = make_docs(tmp_path, pages)
    with pytest.raises(CatalogueError) as info:
        load_catalogue(docs, MKDOCS_YML)
    lines = [str(e) for e in info.value.errors]
    for line in lines:
        assert "\n" not in line, f"error message spans lines: {line!r}"
    return lines


def test_real_catalogue_is_valid(catalogue):
    assert catalogue, "no entries found under docs/<section>/"
    assert {e.section for e in catalogue} <= set(SECTIONS)


def test_section_folders_are_the_sections_with_entries(catalogue):
    """A section without entries has no folder, index page or place in the navigation."""
    folders = {p.name for p in DOCS.iterdir() if p.is_dir()} - {"assets", "reference", "triage"}
    assert folders == {e.section for e in catalogue}


def test_home_page_links_every_section_with_entries(catalogue):
    """docs/index.md lists the sections by hand: their titles, in order, and no empty one."""
    text = (DOCS / "index.md").read_text(encoding="utf-8").split("\n## Sections", 1)[1]
    listed = re.findall(r"^- \[([^\]]+)\]\(([a-z-]+)/index\.md\)", text.split("\n## ")[0], re.M)
    used = [s for s in SECTIONS if any(e.section == s for e in catalogue)]
    assert listed == [(SECTIONS[s], s) for s in used], (
        "docs/index.md's Sections list must link every section that has entries, in the order "
        "and with the titles of SECTIONS in troubleshoot/vocabulary.py"
    )


def test_contributing_names_every_section():
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    paragraph = text.split("The sections are", 1)[1].split("\n\n", 1)[0]
    assert re.findall(r"`([a-z-]+)`", paragraph.split("Pick the one")[0]) == list(SECTIONS)


def test_the_2016_problems_are_covered(catalogue):
    ids = {e.id for e in catalogue}
    for needed in (
        "proxy-fails-to-start",
        "http-500-after-spawn",
        "singleuser-cannot-reach-hub-api",
        "stale-api-token-reused-container",
    ):
        assert needed in ids, f"the 2016 problem page {needed!r} is missing"


def test_valid_template_passes(tmp_path):
    docs = make_docs(tmp_path, {"proxy/example-problem.md": VALID_ENTRY})
    (entry,) = load_catalogue(docs, MKDOCS_YML)
    assert entry.id == "example-problem"
    assert entry.symptom("failed").regex.search("Failed to find proxy ['x']")
    assert str(entry.symptom("browser-500").jupyterhub) == ">=4.1"  # inherits the entry's range


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (("summary: Something was misconfigured.\n", ""), "summary: missing required field"),
        (
            ("summary: Something was misconfigured.\n", "summary: EXTERNAL-IP stays <pending>.\n"),
            "summary: '<pending>' would render as an HTML tag: write it in capitals (PENDING)",
        ),
        (
            ("tags: [proxy, startup]", "tags: [proxy, startpu]"),
            "tags: unknown tag 'startpu' (did you mean 'startup'?)",
        ),
        (
            ("section: proxy", "section: proxxy"),
            "section: unknown section 'proxxy' (did you mean 'proxy'?)",
        ),
        (
            ("section: proxy", "section: auth"),
            "section: is 'auth' but the page lives in docs/proxy/",
        ),
        (
            ("id: example-problem", "id: other-problem"),
            "id: 'other-problem' differs from the file name",
        ),
        (("status: current", "status: legacy"), "legacy_note: required when status is legacy"),
        (
            ("kind: problem", "kind: probelm"),
            "kind: unknown kind 'probelm' (did you mean 'problem'?); known: problem, router",
        ),
        (
            ("status: current", "status: curent"),
            "status: unknown status 'curent' (did you mean 'current'?)",
        ),
        (
            ("status: current\n", "status: current\ncauses: [other-problem]\n"),
            "causes: no entry with id 'other-problem'",
        ),
        (
            ("status: current\n", "status: current\ncauses: [example-problem]\n"),
            "causes: 'example-problem' is not a cause this page can list: a cause is another "
            "problem page (kind: problem), not the page itself or a router",
        ),
        (("section: proxy", "section: [proxy]"), "section: unknown section ['proxy']"),
        (
            ('jupyterhub: ">=4.1"', 'jupyterhub: "four"'),
            "jupyterhub: 'four' is not a version range",
        ),
        (
            ('reproduced: "example only"', "reproduced: false"),
            "reproduced: must be true, or a sentence",
        ),
        (("status: current\n", "status: current\nfix_by: tomorrow\n"), "fix_by: unknown field"),
        (
            ("sources:\n  - jupyterhub/jupyterhub#1020", "sources:\n  - see the forum"),
            "sources: 'see the forum' is not a source",
        ),
        (
            ("'Failed to find proxy \\[[^\\[\\]]*\\]'", "'Failed to find proxy \\[(.*'"),
            "symptoms[1] (failed).pattern: does not compile in Python",
        ),
        (
            ("'Failed to find proxy \\[[^\\[\\]]*\\]'", "'(?i)failed to find proxy'"),
            "symptoms[1] (failed).pattern: not portable to JavaScript: inline flags",
        ),
        (
            ("'Failed to find proxy \\[[^\\[\\]]*\\]'", "'(?P<what>Failed) to find'"),
            "symptoms[1] (failed).pattern: not portable to JavaScript: named groups",
        ),
        (
            ("'Failed to find proxy \\[[^\\[\\]]*\\]'", "'Failed to start proxy'"),
            "symptoms[1] (failed).pattern: does not match its own message",
        ),
        (
            ("'Failed to find proxy \\[[^\\[\\]]*\\]'", "'Failed to find proxy \\[.+\\]'"),
            "symptoms[1] (failed).pattern: may be slow on a long line",
        ),
        (
            ("where: hub-log", "where: hub_log"),
            "symptoms[1] (failed).where: unknown place 'hub_log' (did you mean 'hub-log'?)",
        ),
        (
            ("    printed_by: proxy\n", ""),
            "symptoms[2] (browser-500).printed_by: required for a symptom seen in the browser",
        ),
        (
            ("printed_by: proxy", "printed_by: Chromium"),
            "symptoms[2] (browser-500).printed_by: 'Chromium' is not a program",
        ),
        (
            ("printed_by: proxy", "printed_by: chromium"),
            "symptoms[2] (browser-500).printed_by: 'chromium' is not a program whose source "
            "the provenance check reads (hub, singleuser, proxy, dockerspawner, sudospawner, "
            "systemdspawner, batchspawner, oauthenticator, ldapauthenticator, idle-culler, "
            "kubespawner): "
            "give the source",
        ),
        (
            (
                "    printed_by: proxy\n",
                '    printed_by: proxy\n    configurable-http-proxy: "5"\n',
            ),
            "symptoms[2] (browser-500).configurable-http-proxy: '5' is not a version range",
        ),
        (
            ("  - id: browser-500", "  - id: failed"),
            "symptoms[2] (failed).id: duplicate symptom id 'failed'",
        ),
        (
            ("## Check that it worked {#verify}\n", ""),
            "body: missing section(s) '## ... {#verify}'",
        ),
        (
            ("### `Failed to find proxy ['configurable-http-proxy']`", "### Something else"),
            "body: symptom 'failed' has no heading under 'What you see'",
        ),
        (
            (
                "## How to fix it {#fix}\n",
                '## How to fix it {#fix}\n\n```python\n--8<-- "proxy/nope/fix.py:fix"\n```\n',
            ),
            "body: includes snippet 'proxy/nope/fix.py', which does not exist",
        ),
        (("tags: [proxy, startup]", "tags: [proxy, startup"), "front matter: invalid YAML at line"),
    ],
    ids=lambda v: v if isinstance(v, str) else None,
)
def test_broken_entry_names_file_and_field(tmp_path, change, expected):
    old, new = change
    assert old in VALID_ENTRY, f"test bug: {old!r} not in the template"
    errors = errors_for(tmp_path, {"proxy/example-problem.md": VALID_ENTRY.replace(old, new, 1)})
    assert any(
        e.startswith("docs/proxy/example-problem.md: ") or "example-problem.md: " in e
        for e in errors
    ), errors
    assert any(expected in e for e in errors), f"expected {expected!r} in {errors}"


def test_duplicate_id_across_sections(tmp_path):
    moved = VALID_ENTRY.replace("section: proxy", "section: auth")
    errors = errors_for(
        tmp_path,
        {"proxy/example-problem.md": VALID_ENTRY, "auth/example-problem.md": moved},
    )
    assert any("id: duplicate id 'example-problem', also used by" in e for e in errors), errors


def test_router_causes_must_exist_and_be_linked(tmp_path):
    router = textwrap.dedent(
        """\
        ---
        id: example-router
        title: Example router
        kind: router
        section: proxy
        summary: Several causes.
        tags: [proxy]
        jupyterhub: ">=4.1"
        status: current
        symptoms:
          - id: browser-500
            where: browser
            printed_by: proxy
            message: "500 : Internal Server Error"
        reproduced: "example only"
        sources: [jupyterhub/jupyterhub#1020]
        causes: [example-problem, no-such-page]
        ---

        ## What you see {#symptoms}

        ### `500 : Internal Server Error`

        ## Causes {#causes}

        ## Versions {#versions}
        """
    )
    errors = errors_for(
        tmp_path,
        {"proxy/example-problem.md": VALID_ENTRY, "proxy/example-router.md": router},
    )
    assert any("causes: no entry with id 'no-such-page'" in e for e in errors), errors
    assert any("must link to the cause page proxy/example-problem.md" in e for e in errors), errors


def test_unknown_section_folder(tmp_path):
    errors = errors_for(
        tmp_path,
        {"proxy/example-problem.md": VALID_ENTRY, "proxyy/other.md": VALID_ENTRY},
    )
    assert any("docs/proxyy/ is not a known section (did you mean 'proxy'?)" in e for e in errors)


@pytest.mark.parametrize(
    "pattern",
    [r"a(?=b)", r"\d+ms", r"(?:x|y){2,3}", r"\[E \S+ JupyterHub", r"a\\Z"],
)
def test_portable_patterns_are_accepted(pattern):
    assert portable_regex_problem(pattern) is None


@pytest.mark.parametrize(
    "pattern",
    [r"(?<=a)b", r"a++", r"(?>a)", r"\Aa", r"a\Z", r"(?i:a)", r"(a)?(?(1)b|c)", r"[]a]", r"(?#x)a"],
)
def test_unportable_patterns_are_rejected(pattern):
    assert portable_regex_problem(pattern)


def test_cli_reports_one_line_per_problem(tmp_path):
    """The command contributors run prints file: field: message and exits non-zero."""
    copy = tmp_path / "repo"
    shutil.copytree(ROOT / "troubleshoot", copy / "troubleshoot")
    shutil.copy(MKDOCS_YML, copy / "mkdocs.yml")
    shutil.copytree(ROOT / "snippets", copy / "snippets")
    make_docs(
        copy,
        {"proxy/example-problem.md": VALID_ENTRY.replace("tags: [proxy, startup]", "tags: [nope]")},
    )
    result = subprocess.run(
        [sys.executable, "-m", "troubleshoot", "validate"], cwd=copy, capture_output=True, text=True
    )
    assert result.returncode == 1
    assert "docs/proxy/example-problem.md: tags: unknown tag 'nope'" in result.stderr


def test_tags_vocabulary_comes_from_mkdocs_yml():
    tags = allowed_tags()
    assert "http-500" in tags and len(tags) == len(set(tags))

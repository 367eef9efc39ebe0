"""Generated files are committed; this fails with the command to run when they are stale."""

from __future__ import annotations

import json

from troubleshoot import generate
from troubleshoot.model import ROOT, WHERE


def test_generated_files_are_fresh(catalogue):
    stale = generate.stale_files(catalogue)
    assert not stale, (
        "generated files are stale: "
        + ", ".join(str(p.relative_to(ROOT)) for p in stale)
        + ". Run `nox -s generate` and commit the result."
    )


def test_symptom_index_lists_every_symptom_under_its_place(catalogue):
    text = generate.render_symptom_index(catalogue)
    for entry in catalogue:
        for symptom in entry.symptoms:
            heading = f"## {WHERE[symptom.where]} {{#{symptom.where}}}"
            section = text.split(heading, 1)[1].split("\n## ", 1)[0]
            assert symptom.message.replace("|", "\\|") in section, (entry.id, symptom.id)
            assert f"]({entry.doc_path})" in section


def test_signatures_cover_every_symptom(catalogue):
    data = json.loads(generate.render_signatures(catalogue))
    pairs = {(s["entry"], s["symptom"]) for s in data["signatures"]}
    assert pairs == {(e.id, s.id) for e in catalogue for s in e.symptoms}
    assert {e["id"] for e in data["entries"]} == {e.id for e in catalogue}


def test_table_cells_escape_pipes():
    assert generate._code("a | b") == "`a \\| b`"
    assert generate._code("x `y` z") == "``x `y` z``"


def test_the_commands_link_to_the_site_mkdocs_publishes():
    """`diagnose` prints links without the docs at hand (the package installs on its own), so
    its default site address is a constant: the one mkdocs.yml publishes to."""
    from troubleshoot.__main__ import SITE_URL_DEFAULT

    assert SITE_URL_DEFAULT == generate.site_url()

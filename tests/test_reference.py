"""The message reference (troubleshoot/reference.py): its data file is validated with
errors naming the file, item and field; a message the source prints but the file does not
list, or an item no release prints, is caught; the pages show every item; and, against the
real releases' source, the file's facts are the source's."""

from __future__ import annotations

import pytest
import yaml

from troubleshoot import reference
from troubleshoot.model import DOCS

GOOD = {
    "level": "warning",
    "text": "{}'s server never showed up at {} after {} seconds. Giving up.",
    "module": "jupyterhub/user.py",
    "versions": ["5.5.4", "6.1.1"],
    "explanation": "The server did not answer in time.",
    "harmless": False,
}


def write(tmp_path, messages, **top):
    path = tmp_path / "jupyterhub.yaml"
    data = {"package": "jupyterhub", "unexplained": 0, "messages": messages, **top}
    path.write_text(yaml.safe_dump(data))
    return path


def test_a_good_item_loads(tmp_path):
    [item] = reference.load_reference("jupyterhub", write(tmp_path, [GOOD]))
    assert item.key == (GOOD["level"], GOOD["text"]) and item.versions == ("5.5.4", "6.1.1")
    assert item.regex.search(
        "alice's server never showed up at http://x:8/ after 30 seconds. Giving up."
    )
    assert not item.regex.search("alice's server never showed up at http://x:8/ after 30 seconds.")


@pytest.mark.parametrize(
    "change, expected",
    [
        ({"level": "info"}, "messages[1].level: must be one of critical, error"),
        ({"colour": "red"}, "messages[1].colour: unknown field"),
        ({"explanation": "TODO: explain"}, "messages[1].explanation: still says TODO"),
        ({"explanation": ""}, "messages[1].explanation: must be text"),
        ({"versions": "6.1.1"}, "messages[1].versions: must list releases"),
        ({"harmless": "no"}, "messages[1].harmless: must be true or false"),
        ({"module": None}, "messages[1].module: must be text"),
    ],
)
def test_a_bad_item_names_its_file_and_field(tmp_path, change, expected):
    path = write(tmp_path, [{**GOOD, **change}])
    with pytest.raises(reference.ReferenceError) as caught:
        reference.load_reference("jupyterhub", path)
    assert any(p.startswith(f"{path}: ") and expected in p for p in caught.value.problems), (
        caught.value.problems
    )


def test_a_missing_field_and_a_repeated_message_are_named(tmp_path):
    bare = {k: v for k, v in GOOD.items() if k != "harmless"}
    with pytest.raises(reference.ReferenceError) as caught:
        reference.load_reference("jupyterhub", write(tmp_path, [GOOD, GOOD, bare]))
    problems = "\n".join(caught.value.problems)
    assert "messages[2]: the same level and text as messages[1]" in problems
    assert "messages[3].harmless: missing" in problems


@pytest.mark.parametrize(
    "top, expected", [({"package": "oauthenticator"}, "package: jupyterhub"),
                      ({"unexplained": -1}, "unexplained: must be the count")]
)  # fmt: skip
def test_a_bad_file_says_what_it_must_be(tmp_path, top, expected):
    with pytest.raises(reference.ReferenceError, match=expected):
        reference.load_reference("jupyterhub", write(tmp_path, [GOOD], **top))


def test_a_planted_message_and_a_stale_item_are_caught(tmp_path):
    """The completeness check: what a release prints and the file does not list, and what
    the file lists and no release prints."""
    listed = reference.load_reference("jupyterhub", write(tmp_path, [GOOD]))
    source = {
        (GOOD["level"], GOOD["text"]): {"module": GOOD["module"], "versions": ["5.5.4", "6.1.1"]},
        ("error", "A planted message {}"): {"module": "jupyterhub/app.py", "versions": ["6.1.1"]},
    }
    diff = reference.compare(listed, source)
    assert diff["missing"] == [("error", "A planted message {}")]
    assert diff["stale"] == [] and diff["facts"] == []
    gone = reference.compare(listed, {})
    assert [e.key for e in gone["stale"]] == [(GOOD["level"], GOOD["text"])]
    moved = {(GOOD["level"], GOOD["text"]): {"module": "jupyterhub/app.py", "versions": ["6.1.1"]}}
    assert [e.key for e, _ in reference.compare(listed, moved)["facts"]] == [listed[0].key]


def test_every_program_of_the_sources_with_a_reference_is_read(catalogue):
    """JupyterHub's and configurable-http-proxy's files exist; each names its package."""
    assert {"jupyterhub", "configurable-http-proxy"} <= set(reference.packages())


@pytest.mark.parametrize("package", reference.packages())
def test_the_pages_show_every_item_once_with_its_anchor(catalogue, package):
    listed = reference.load_reference(package)
    pages = reference.render_pages(package, catalogue, DOCS)
    text = "\n".join(pages.values())
    for message in listed:
        assert text.count(f"{{#{message.anchor}}}") == 1, message.text
        assert reference.as_text(message.explanation) in text
    assert set(pages) <= {DOCS / "reference" / package / f"{slug}.md"
                          for slug, _, _ in reference.PAGES[package]}  # fmt: skip


def test_a_message_an_entry_documents_links_to_it(catalogue):
    listed = reference.load_reference("jupyterhub")
    linked = [(m, reference.documenting(m, catalogue)) for m in listed]
    linked = [(m, entries) for m, entries in linked if entries]
    assert linked, "no explained message is documented by an entry: the links go untested"
    pages = reference.render_pages("jupyterhub", catalogue, DOCS)
    for message, entries in linked:
        page = pages[
            DOCS
            / "reference"
            / "jupyterhub"
            / f"{reference.page_of('jupyterhub', message.module)}.md"
        ]
        for entry in entries:
            assert f"(../../{entry.section}/{entry.id}.md)" in page


def test_an_explanation_shows_as_written():
    shown = reference.as_text('GET /hub/api/users/<name> sets "__x_" and *y*; `a_b` is code')
    assert shown == r'GET /hub/api/users/&lt;name> sets "\_\_x\_" and \*y\*; `a_b` is code'


def test_inline_code_holds_backticks():
    assert reference.code("a `b` c") == "``a `b` c``"
    assert reference.code("`x") == "`` `x ``"


@pytest.mark.provenance
@pytest.mark.parametrize("package", reference.packages())
def test_the_file_lists_every_message_with_the_sources_facts(package):
    """Like rust's tidy: every message a release of the matrix prints at warning level or
    worse has an item, no item is for a message no release prints, module and versions are
    as the source has them, and `unexplained` says so."""
    listed = reference.load_reference(package)
    source = reference.printed(package, reference.matrix_releases(package))
    diff = reference.compare(listed, source)
    assert not diff["missing"], (
        f"{len(diff['missing'])} message(s) without an explanation "
        "(python -m troubleshoot reference --missing lists them):\n"
        + "\n".join(f"{level}: {text}" for level, text in diff["missing"][:20])
    )
    assert not diff["stale"], [e.text for e in diff["stale"]]
    assert not diff["facts"], [(e.text, facts) for e, facts in diff["facts"]]
    data = yaml.safe_load(reference.reference_path(package).read_text(encoding="utf-8"))
    assert data["unexplained"] == len(diff["missing"]), "run: python -m troubleshoot reference"

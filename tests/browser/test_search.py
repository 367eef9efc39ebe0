"""Material's search, tuned: every documented message, typed or pasted, finds its page first."""

from __future__ import annotations

import re

import pytest

from troubleshoot.model import DOCS

from .harness import SearchBox, in_log, noisy_log, page_texts

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def search(new_context, site_url) -> SearchBox:
    return SearchBox(new_context(), site_url)


@pytest.fixture(scope="module")
def expected_first(built_site, search, catalogue):
    """The pages a symptom message may bring up first: its own entry, any other page that
    quotes the same message (a bare "Failed to start proxy" is printed in several
    situations), any entry documenting another instance of the same message (one symptom's
    pattern, its format string, matches the other's message: `User 'alice' not allowed.`
    and `User 'alice@example.org' not allowed.`), and any page quoting a line that the
    normaliser reduces to the same words (search tells messages apart by their words only:
    `Starting proxy @ http://*:8000/` and the everyday `Starting proxy @ http://:8000/`
    are the same query)."""
    pages = page_texts(built_site)
    lines = sorted({line for text in pages.values() for line in text})
    normalised = search.page.evaluate("ls => ls.map(window.jhSearchNormalise)", lines)
    words = dict(zip(lines, normalised, strict=True))

    def expected(entry, symptom) -> set[str]:
        message = " ".join(symptom.message.split())
        same = search.page.evaluate("m => window.jhSearchNormalise(m)", message)
        same_format = {
            other.url
            for other in catalogue
            for theirs in other.symptoms
            if theirs.regex.search(symptom.message) or symptom.regex.search(theirs.message)
        }
        return (
            {entry.url}
            | same_format
            | {
                url
                for url, text in pages.items()
                if message in " ".join(text) or (same and any(words[line] == same for line in text))
            }
        )

    return expected


def check(search, expected_first, entry, how: str, text=lambda s: s.message) -> None:
    failures = []
    for symptom in entry.symptoms:
        results = getattr(search, how)(text(symptom))
        if not results or results[0] not in expected_first(entry, symptom):
            failures.append(
                f"{entry.id}/{symptom.id}: {how} {text(symptom)!r}\n"
                f"    lunr was given {search.query()!r}\n"
                f"    expected {sorted(expected_first(entry, symptom))} first, "
                f"got {results[:3] or 'no results'}"
            )
    assert not failures, "\n".join(failures)


def test_typed_message_finds_its_entry_first(search, expected_first, entry):
    check(search, expected_first, entry, "type")


def test_pasted_message_finds_its_entry_first(search, expected_first, entry):
    check(search, expected_first, entry, "paste")


def test_pasted_log_line_with_prefix_finds_its_entry_first(search, expected_first, entry):
    """The same messages pasted with the log prefix a reader copies along with them."""
    check(search, expected_first, entry, "paste", text=in_log)


def test_lunr_operators_never_empty_the_results(search):
    """`--flag`, `word-word:`, `~` and `^` are lunr syntax; untreated, the box shows nothing."""
    for text in [
        "jupyterhub --ip=0.0.0.0 proxy",
        "configurable-http-proxy: proxy",
        "proxy~ hub^2",
        "+proxy -hub *",
    ]:
        for how in ("type", "paste"):
            results = getattr(search, how)(text)
            query = search.query()
            assert not set(query) & set(":^~+*"), f"{how} {text!r}: lunr was given {query!r}"
            assert not query.startswith("-") and " -" not in query, (
                f"{how} {text!r}: lunr was given {query!r}"
            )
            assert results, f"{how} {text!r}: no results for {query!r}"


def test_every_word_of_the_titles_finds_something(search, catalogue):
    """Each word of every entry title, alone, gives results: a separator that breaks the
    tokenizer (a ' in its character class once made every "JupyterHub" query empty) shows
    up here as a word that finds nothing."""
    words = sorted(
        {w for e in catalogue for w in re.findall(r"[A-Za-z][A-Za-z0-9]{3,}", e.title)}
        | {"JupyterHub", "configurable-http-proxy", "DockerSpawner"}
    )
    # Stop words ("from", "does") reach lunr as nothing at all, by design: the site's
    # normaliser drops the words of its own STOP list.
    normaliser = (DOCS / "assets" / "javascripts" / "search-normalise.js").read_text()
    stop = set(" ".join(re.findall(r'"([a-z ]+)"', normaliser.split("new Set(", 1)[1])).split())
    assert {"from", "the", "cannot"} <= stop, "could not read the normaliser's stop words"
    empty = [w for w in words if w.lower() not in stop and not search.type(w)]
    assert not empty, f"no results for: {empty}"


def test_typing_leaves_the_box_alone(search):
    """Typed text is normalised on its way to lunr, not in the box under the reader's caret."""
    search.type("Errno 13: Permission denied --debug")
    assert search.input.input_value() == "Errno 13: Permission denied --debug"


def test_pasted_log_offers_the_diagnoser(search, catalogue):
    """A pasted multi-line log links to the diagnoser, which receives the whole log."""
    entry = next(e for e in catalogue if e.kind == "problem")
    log = noisy_log([in_log(s) for s in entry.symptoms])
    search.paste(log)
    link = search.page.locator(".jh-search-hint a")
    assert link.is_visible(), "no 'Diagnose the whole log' hint after pasting a log"
    link.click()
    search.page.wait_for_function(
        "() => document.querySelector('[data-jh-diagnose]')?.dataset.state === 'done'"
    )
    first = search.page.locator("[data-jh-diagnose] [data-entry]").first.get_attribute("data-entry")
    assert first == entry.id
    assert search.page.locator("[data-jh-diagnose] textarea").input_value() == log
    search.page.goto(search.base_url)
    search.page.wait_for_function("() => window.__jhSearch && window.__jhSearch.ready")

"""Accessibility: axe-core (Deque's engine, from npm) in Chromium finds no violation of WCAG 2
A/AA on the pages readers meet first, in both colour schemes: the home page, every section
index, three entries (those with the most code, whose highlighting colours are the ones
most likely to fall short), the symptom index, the diagnoser with results, and the 404
page; the search dialog once open with results.

`nox -s a11y` (and `nox -s test`) fetch axe-core into .cache/sources/npm/ first; a run
without it fails, saying so.
"""

from __future__ import annotations

import json

import pytest

from troubleshoot import sources

from .harness import Diagnoser, SearchBox, in_log, noisy_log

pytestmark = [pytest.mark.browser, pytest.mark.a11y]

AXE_VERSION = "4.11.4"  # noxfile.py fetches this one
RULES = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


@pytest.fixture(scope="module")
def axe() -> str:
    folder = sources.cache_dir("axe-core", AXE_VERSION, "npm")
    script = folder / "axe.min.js"
    if not (folder / sources.COMPLETE).is_file() or not script.is_file():
        pytest.fail(
            f"axe-core {AXE_VERSION} is not in {folder}: `nox -s a11y` fetches it from npm "
            f'(or: python -c "from troubleshoot import sources; '
            f"sources.release_source('axe-core', '{AXE_VERSION}', 'npm')\")"
        )
    return script.read_text(encoding="utf-8")


def violations(page, axe: str) -> list[str]:
    """What axe-core finds on the page as it is now: one line per rule and element."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.add_script_tag(content=axe)
    # Colours mid-transition (the search dialog fades in) are not the colours readers see.
    page.wait_for_function("() => document.getAnimations().every(a => a.playState !== 'running')")
    found = page.evaluate(f"async () => (await axe.run(document, {json.dumps(RULES)})).violations")
    return [
        f"{v['id']} ({v['impact']}): {' '.join(node['target'])}: {node['failureSummary']}"
        for v in found
        for node in v["nodes"]
    ]


def pages_to_check(catalogue, built_site) -> list[str]:
    sections = sorted({e.section for e in catalogue})
    by_code = sorted(
        (e for e in catalogue if e.kind == "problem"),
        key=lambda e: (-(built_site / e.url / "index.html").read_text().count("<pre"), e.id),
    )
    return ["", *(f"{s}/" for s in sections), *(e.url for e in by_code[:3]), "symptoms/"]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_wcag_violations(new_context, site_url, built_site, catalogue, axe, scheme):
    context = new_context()
    problems: dict[str, list[str]] = {}
    page = context.new_page()
    page.emulate_media(color_scheme=scheme)
    for path in pages_to_check(catalogue, built_site):
        page.goto(site_url + path)
        page.wait_for_load_state("networkidle")
        problems[path or "home"] = violations(page, axe)

    page.goto(site_url + "no/such/page/")
    problems["404"] = violations(page, axe)

    entry = next(e for e in catalogue if e.kind == "problem")
    log = noisy_log([in_log(s) for s in entry.symptoms])
    diagnoser = Diagnoser.open(context, site_url)
    diagnoser.page.emulate_media(color_scheme=scheme)
    diagnoser.paste(log)
    problems["diagnose/ with results"] = violations(diagnoser.page, axe)

    search = SearchBox(context, site_url)
    search.page.emulate_media(color_scheme=scheme)
    assert search.type("Address already in use"), "the search found nothing to check"
    problems["search with results"] = violations(search.page, axe)

    found = {where: v for where, v in problems.items() if v}
    assert not found, f"{scheme} scheme:\n" + "\n".join(
        f"{where}: {line}" for where, lines in found.items() for line in lines
    )


if __name__ == "__main__":  # python -m tests.browser.test_a11y --fetch (noxfile.py)
    import sys

    if sys.argv[1:] != ["--fetch"]:
        sys.exit("usage: python -m tests.browser.test_a11y --fetch")
    try:
        print(sources.release_source("axe-core", AXE_VERSION, "npm") / "axe.min.js")
    except sources.SourceError as error:
        sys.exit(f"axe-core: {error}")

"""Compare the site as MkDocs and as Zensical build it: `nox -s build-zensical` runs this.

    python -m tests.zensical_compare MKDOCS_SITE ZENSICAL_SITE

Material for MkDocs reaches end of life in May 2027; Zensical reads the same mkdocs.yml.
What readers and contributors rely on is checked in both builds, and any difference there
fails (exit 1): every page built, every documented message on its entry's page, every
snippet a page includes rendered into it, our scripts and styles loaded, edit links and
the contributor footer, no third-party request. Known differences are reported, not failed:
the search engine (Material's lunr index, which our tuning and browser tests target, vs
Zensical's own) and how redirects are written.
"""

from __future__ import annotations

import html
import re
import sys
from pathlib import Path

from tests.test_build import RequestCollector, third_party
from troubleshoot.model import SNIPPETS, load_catalogue

SCRIPTS = ("assets/javascripts/search-normalise.js", "assets/javascripts/diagnose.js")
STYLES = ("assets/stylesheets/extra.css",)
MARKER = re.compile(r"--8<-- \[(?:start|end):[^\]]+\]")


def pages(site: Path) -> set[str]:
    return {str(p.relative_to(site)) for p in site.rglob("*.html")}


def text_of(page: Path) -> str:
    """The page's visible text, entities decoded, whitespace collapsed."""
    raw = page.read_text(encoding="utf-8")
    raw = re.sub(r"<(script|style)\b.*?</\1>", " ", raw, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", raw)).split())


def snippet_lines(rel: str, section: str | None) -> list[str]:
    """Non-blank lines of an included snippet (or of its named section), markers dropped."""
    text = (SNIPPETS / rel).read_text(encoding="utf-8")
    if section and not section[0].isdigit():
        match = re.search(
            rf"--8<-- \[start:{re.escape(section)}\][^\n]*\n(.*?)^[^\n]*--8<-- \[end:{re.escape(section)}\]",
            text,
            re.S | re.M,
        )
        text = match.group(1) if match else ""
    return [
        " ".join(line.split())
        for line in text.splitlines()
        if line.strip() and not MARKER.search(line)
    ]


def essentials(site: Path) -> dict[str, list[str]]:
    """Check name -> problems, for one built site."""
    problems: dict[str, list[str]] = {
        "documented messages on their pages": [],
        "included snippets rendered": [],
        "our scripts and styles loaded": [],
        "edit link and contributor footer": [],
        "no third-party requests": [],
    }
    for entry in load_catalogue():
        page = site / entry.url / "index.html"
        if not page.is_file():
            continue  # reported by the page comparison
        raw = page.read_text(encoding="utf-8")
        text = text_of(page)
        for symptom in entry.symptoms:
            if not symptom.regex.search(text):
                problems["documented messages on their pages"].append(
                    f"{entry.url}: {symptom.message[:70]}"
                )
        for rel, section in entry.snippet_includes():
            missing = [line for line in snippet_lines(rel, section) if line not in text]
            if missing:
                problems["included snippets rendered"].append(
                    f"{entry.url}: {rel}:{section or ''}: {missing[0][:60]}"
                )
        for asset in SCRIPTS + STYLES:
            if asset not in raw:
                problems["our scripts and styles loaded"].append(f"{entry.url}: {asset}")
        if f"edit/main/docs/{entry.doc_path}" not in raw or "jh-edit-note" not in raw:
            problems["edit link and contributor footer"].append(entry.url)
    for page in sorted(site.rglob("*.html")):
        collector = RequestCollector()
        collector.feed(page.read_text(encoding="utf-8"))
        for url in collector.urls:
            if third_party(url):
                problems["no third-party requests"].append(f"{page.relative_to(site)}: {url}")
    return problems


def report(mkdocs_site: Path, zensical_site: Path) -> int:
    failed = False

    def line(ok: bool, name: str, detail: str = "") -> None:
        print(f"{'same   ' if ok else 'DIFFERS'}  {name}{': ' + detail if detail else ''}")

    ours, theirs = pages(mkdocs_site), pages(zensical_site)
    only = sorted(ours ^ theirs)
    line(not only, f"pages built ({len(ours)} vs {len(theirs)})", ", ".join(only[:5]))
    failed |= bool(only)

    expected = essentials(mkdocs_site)
    actual = essentials(zensical_site)
    for name, problems in actual.items():
        new = [p for p in problems if p not in expected[name]]
        line(not new, name, f"{len(new)}, e.g. {new[0]}" if new else "")
        failed |= bool(new)

    print("\nKnown differences (reported, not failed):")
    lunr = (mkdocs_site / "search" / "search_index.json").is_file()
    disco = (zensical_site / "search.json").is_file()
    print(
        f"  search index: MkDocs {'search/search_index.json (lunr)' if lunr else 'none'}, "
        f"Zensical {'search.json (its own engine)' if disco else 'none'}; the separator and "
        "field boosts in mkdocs.yml, the paste normaliser's lunr hooks and the browser "
        "tests target Material's lunr search"
    )
    redirects = (zensical_site / "redirect.json").is_file()
    print(
        "  redirects: MkDocs writes an HTML page per old URL (mkdocs-redirects); Zensical "
        f"{'lists them in redirect.json' if redirects else 'wrote no redirect file'}"
    )
    print(
        "  contributor footer: Zensical's templates have no page.markdown, so the snippet "
        "note is shown on every problem page (all include snippets) instead of on pages "
        "whose Markdown includes a snippet"
    )
    return 1 if failed else 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        raise SystemExit("usage: python -m tests.zensical_compare MKDOCS_SITE ZENSICAL_SITE")
    raise SystemExit(report(Path(sys.argv[1]), Path(sys.argv[2])))

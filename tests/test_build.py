"""The strict build passes, offline, and the built pages request nothing from third parties."""

from __future__ import annotations

import html as html_module
import re
from html.parser import HTMLParser
from urllib.parse import urlparse

from troubleshoot.model import MKDOCS_YML

LOCAL_HOSTS = {"", "127.0.0.1", "localhost"}
SITE_URL = re.search(r"^site_url: (\S+)$", MKDOCS_YML.read_text(encoding="utf-8"), re.M)[1]
# Tags whose URL attribute makes the browser fetch something when the page loads.
FETCHING = {
    "script": "src",
    "img": "src",
    "iframe": "src",
    "source": "src",
    "audio": "src",
    "video": "src",
    "embed": "src",
    "object": "data",
}
FETCHING_LINK_RELS = {
    "stylesheet",
    "preload",
    "prefetch",
    "preconnect",
    "icon",
    "manifest",
    "modulepreload",
    "dns-prefetch",
}


class RequestCollector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.urls: list[str] = []
        self.stray_fences = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in FETCHING and attrs.get(FETCHING[tag]):
            self.urls.append(attrs[FETCHING[tag]])
        if tag == "link" and set((attrs.get("rel") or "").split()) & FETCHING_LINK_RELS:
            self.urls.append(attrs.get("href") or "")
        for url in re.findall(r"url\(([^)]+)\)", attrs.get("style") or ""):
            self.urls.append(url.strip("'\""))


def third_party(url: str) -> bool:
    parsed = urlparse(url if not url.startswith("//") else "https:" + url)
    return parsed.scheme in ("http", "https") and (parsed.hostname or "") not in LOCAL_HOSTS


def test_strict_build_passes(built_site):
    assert (built_site / "index.html").is_file()
    assert (built_site / "symptoms" / "index.html").is_file()


def test_every_entry_page_is_built_with_an_edit_link(built_site, catalogue):
    for entry in catalogue:
        page = built_site / entry.url / "index.html"
        assert page.is_file(), f"{entry.url} was not built"
        html = page.read_text(encoding="utf-8")
        assert f"edit/main/docs/{entry.doc_path}" in html, f"{entry.url} has no edit link"


def edit_note(html: str) -> str:
    """The contributor footer of a built page (overrides/partials/source-file.html)."""
    match = re.search(r'<aside class="md-source-file jh-edit-note">(.*?)</aside>', html, re.S)
    assert match, "no contributor footer"
    return match.group(1)


def test_pages_with_snippets_say_where_the_snippet_files_live(built_site, catalogue):
    with_snippets = [e for e in catalogue if e.snippet_includes()]
    assert with_snippets, "no entry includes snippets: the check would prove nothing"
    for entry in catalogue:
        note = edit_note((built_site / entry.url / "index.html").read_text(encoding="utf-8"))
        folder = f"snippets/{entry.section}/{entry.id}"
        assert 'rel="edit"' in note and f"edit/main/docs/{entry.doc_path}" in note, entry.url
        if entry in with_snippets:
            assert f"/tree/main/{folder}" in note and f"<code>{folder}/</code>" in note, entry.url
        else:
            assert "snippets/" not in note, f"{entry.url} includes no snippet but says it does"


def test_generated_pages_point_to_their_source_not_to_themselves(built_site):
    contributing = (built_site / "contributing" / "index.html").read_text(encoding="utf-8")
    assert "edit/main/CONTRIBUTING.md" in contributing
    assert "edit/main/docs/contributing.md" not in contributing
    # Its example include line is shown, not replaced by the snippet file's content.
    text = html_module.unescape(re.sub(r"<[^>]+>", "", contributing))
    assert '--8<-- "networking/singleuser-cannot-reach-hub-api/fix.py:fix"' in text
    assert ";--8<--" not in text
    for generated in ("symptoms", "proxy"):
        html = (built_site / generated / "index.html").read_text(encoding="utf-8")
        assert "edit/main/docs/" not in html, f"{generated}: edit link to a generated file"
        assert "This page is generated from the entries" in edit_note(html)


def test_no_third_party_requests(built_site):
    offenders = []
    for page in sorted(built_site.rglob("*.html")):
        collector = RequestCollector()
        collector.feed(page.read_text(encoding="utf-8"))
        offenders += [
            f"{page.relative_to(built_site)}: {u}" for u in collector.urls if third_party(u)
        ]
    for css in sorted(built_site.rglob("*.css")):
        for url in re.findall(
            r"""(?:@import\s+|url\()\s*['"]?(https?://[^'")\s]+)""", css.read_text(encoding="utf-8")
        ):
            if third_party(url):
                offenders.append(f"{css.relative_to(built_site)}: {url}")
    assert not offenders, "pages would fetch from third parties:\n" + "\n".join(offenders[:20])
    assert not any(
        "fonts.googleapis.com" in p.read_text(encoding="utf-8") for p in built_site.rglob("*.html")
    )


def test_the_offline_check_would_catch_a_google_font():
    collector = RequestCollector()
    collector.feed('<link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Roboto">')
    assert [u for u in collector.urls if third_party(u)]


def test_no_fence_rendered_as_inline_code(built_site):
    """A fence with unbraced custom attributes silently renders as <p><code>."""
    for page in built_site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert not re.search(r"<p><code>(?:python|py|sh|bash|text|console)\b", html), page


def test_every_entry_page_is_in_the_search_index(built_site, catalogue):
    """Every entry reaches the search index (ranking is checked in tests/browser)."""
    import json

    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    locations = {doc["location"].split("#")[0] for doc in index["docs"]}
    for entry in catalogue:
        assert entry.url in locations, f"{entry.url} missing from the search index"


def head_of(page) -> dict[str, list[str]]:
    """The <title> and the content of each named or property <meta> of a built page."""
    text = page.read_text(encoding="utf-8")
    found: dict[str, list[str]] = {"title": re.findall(r"<title>([^<]*)</title>", text)}
    for key, value in re.findall(r'<meta (?:name|property)="([^"]+)" content="([^"]*)"', text):
        found.setdefault(key, []).append(html_module.unescape(value))
    found["title"] = [html_module.unescape(t) for t in found["title"]]
    return found


def test_entry_pages_tell_web_search_their_messages(built_site, catalogue):
    """Readers search for the message in front of them: every entry page's title holds one
    of its messages, and its description (one of its own, unlike any other page's) its
    summary and a message; link previews say the same."""
    descriptions: dict[str, str] = {}
    for entry in catalogue:
        head = head_of(built_site / entry.url / "index.html")
        messages = [s.message for s in entry.symptoms]
        (title,) = head["title"]
        (description,) = head["description"]
        assert any(m in title for m in messages), f"{entry.url}: no message in {title!r}"
        assert entry.title in title, title
        assert description.startswith(entry.summary), description
        assert any(m in description for m in messages), f"{entry.url}: {description!r}"
        assert description not in descriptions, f"{entry.url} and {descriptions[description]}"
        descriptions[description] = entry.url
        assert head["og:title"] == head["twitter:title"] and title.startswith(head["og:title"][0])
        assert head["og:description"] == [description] and head["og:type"] == ["article"]
        assert head["og:url"] == [f"{SITE_URL}{entry.url}"]


def test_the_home_page_title_is_not_repeated(built_site):
    assert head_of(built_site / "index.html")["title"] == ["JupyterHub Troubleshooting"]


def test_the_not_found_page_links_from_the_root(built_site):
    """GitHub Pages serves 404.html at any depth: relative links would lead nowhere."""
    text = (built_site / "404.html").read_text(encoding="utf-8")
    article = text[text.index("<article") : text.index("</article>")]
    links = re.findall(r'href="([^"]+)"', article)
    assert len(links) >= 7 and all(link.startswith("/") for link in links), links
    assert 'for="__search"' in article and "data-jh-diagnose" in article

"""Entry URLs are forever: every URL in published-urls.txt still leads to a page.

A URL stays alive as an entry page (current or legacy: "no longer occurs since ..."), or as
a redirect in mkdocs.yml's redirect_maps to a page that exists. New entries join the list
(`nox -s new` and `nox -s generate` append them), so that they are protected from then on too.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import yaml

from troubleshoot.generate import PUBLISHED_URLS, listed_urls
from troubleshoot.model import DOCS, MKDOCS_YML, ROOT

LIST = PUBLISHED_URLS.relative_to(ROOT)


def redirect_maps(mkdocs_yml: Path = MKDOCS_YML) -> dict[str, str]:
    config = yaml.safe_load(mkdocs_yml.read_text(encoding="utf-8"))
    for plugin in config.get("plugins", []):
        if isinstance(plugin, dict) and "redirects" in plugin:
            return dict(plugin["redirects"].get("redirect_maps") or {})
    return {}


def url_problems(listed: list[str], pages: set[str], redirects: dict[str, str]) -> list[str]:
    """What breaks a listed URL: no page and no redirect, or a redirect to nothing."""
    problems = []
    for url in listed:
        source = url.rstrip("/") + ".md"
        if source in pages:
            if source in redirects:
                problems.append(f"{LIST}: {url}: both a page and a redirect; remove one")
            continue
        if source not in redirects:
            problems.append(
                f"{LIST}: {url}: docs/{source} is gone and redirect_maps in mkdocs.yml has no "
                f'"{source}": add one to the page that replaces it, or restore the page with '
                "status: legacy saying since which version the problem no longer occurs"
            )
        elif redirects[source].split("#")[0] not in pages:
            problems.append(
                f"mkdocs.yml: redirect_maps: {source} -> {redirects[source]}: no such page in docs/"
            )
    return problems


def all_pages() -> set[str]:
    return {str(p.relative_to(DOCS)) for p in DOCS.rglob("*.md")}


def test_every_published_url_still_leads_to_a_page():
    problems = url_problems(listed_urls(), all_pages(), redirect_maps())
    assert not problems, "\n".join(problems)


def test_every_entry_is_on_the_list(catalogue):
    listed = set(listed_urls())
    missing = [e.url for e in catalogue if e.url not in listed]
    assert not missing, f"entries missing from {LIST} (nox -s generate adds them): {missing}"


def test_generate_appends_new_entries_and_never_drops_a_line(catalogue, tmp_path):
    from troubleshoot.generate import render_published_urls

    listed = tmp_path / "published-urls.txt"
    listed.write_text("# header\nproxy/retired-problem/\n")
    text = render_published_urls(catalogue[:2], listed)
    assert text.startswith("# header\nproxy/retired-problem/\n")
    assert sorted(text.splitlines()[2:]) == sorted(e.url for e in catalogue[:2])
    listed.write_text(text)
    assert render_published_urls(catalogue[:2], listed) == text  # nothing twice


def test_the_list_never_names_a_url_twice():
    urls = listed_urls()
    assert len(urls) == len(set(urls)), sorted(u for u in set(urls) if urls.count(u) > 1)


def test_a_page_that_disappears_without_a_redirect_is_caught():
    pages = {"proxy/a.md", "proxy/b.md"}
    listed = ["proxy/a/", "proxy/b/", "proxy/gone/"]
    assert url_problems(listed, pages, {}) == [
        f"{LIST}: proxy/gone/: docs/proxy/gone.md is gone and redirect_maps in mkdocs.yml "
        'has no "proxy/gone.md": add one to the page that replaces it, or restore the page '
        "with status: legacy saying since which version the problem no longer occurs"
    ]
    assert url_problems(listed, pages, {"proxy/gone.md": "proxy/b.md"}) == []
    assert url_problems(listed, pages, {"proxy/gone.md": "proxy/nowhere.md"}) == [
        "mkdocs.yml: redirect_maps: proxy/gone.md -> proxy/nowhere.md: no such page in docs/"
    ]


def test_a_redirect_really_serves_the_old_url(tmp_path):
    """The redirects plugin as configured: an old entry URL lands on its new page."""
    catalogue_page = "proxy/chp-missing-or-broken.md"
    config = yaml.safe_load(MKDOCS_YML.read_text(encoding="utf-8"))
    for plugin in config["plugins"]:
        if isinstance(plugin, dict) and "redirects" in plugin:
            plugin["redirects"]["redirect_maps"] = {"proxy/old-name.md": catalogue_page}
    for folder in ("docs", "overrides", "snippets"):
        (tmp_path / folder).symlink_to(ROOT / folder)
    (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(tmp_path / "site")],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    old = (tmp_path / "site" / "proxy" / "old-name" / "index.html").read_text(encoding="utf-8")
    assert 'http-equiv="refresh"' in old and "../chp-missing-or-broken/" in old, old

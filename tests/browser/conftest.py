"""Fixtures for the real-browser tests: the site built once, served on 127.0.0.1, Chromium.

No test is ever skipped for a missing browser: without Chromium they fail and say
`apt-get install chromium`.
"""

from __future__ import annotations

import pytest

from troubleshoot.model import load_catalogue

from . import harness
from .harness import BrowserMissing, NetworkGuard, SiteServer, launch


def pytest_generate_tests(metafunc):
    # One test per entry, named by its id, straight from the catalogue's front matter.
    if "entry" in metafunc.fixturenames:
        entries = load_catalogue()
        metafunc.parametrize("entry", entries, ids=[e.id for e in entries])


@pytest.fixture(scope="session")
def site_url(built_site):
    """The built site, served under a sub-path like a project site on GitHub Pages."""
    with SiteServer({"guide": built_site}) as server:
        yield server.url("guide")


@pytest.fixture(scope="session")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail(
            "playwright is not installed: install the browser group "
            "(pip install 'playwright>=1.55,<2')"
        )
    with sync_playwright() as playwright:
        try:
            chromium = launch(playwright)
        except BrowserMissing as exc:
            pytest.fail(str(exc))
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def network_guard():
    return NetworkGuard()


@pytest.fixture(autouse=True)
def no_request_leaves_the_machine(request, network_guard):
    """Every browser test fails if the page tried to reach any host but 127.0.0.1."""
    before = len(network_guard.blocked)
    yield
    blocked = network_guard.blocked[before:]
    assert not blocked, "requests to hosts other than 127.0.0.1 (blocked):\n" + "\n".join(blocked)


@pytest.fixture(scope="session")
def new_context(browser, network_guard, site_url):
    """Factory for browser contexts on the served site (see harness.new_context)."""
    contexts = []

    def make():
        contexts.append(harness.new_context(browser, network_guard, site_url))
        return contexts[-1]

    yield make
    for context in contexts:
        context.close()

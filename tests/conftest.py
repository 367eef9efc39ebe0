"""Fixtures shared by every test: the catalogue, the built site, the symptom checker, and
the containerized hub harness's (engine, images, hub_factory: tests/hub/fixtures.py),
defined here once so that the scenarios and the harness's own tests share one engine."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.hub.fixtures import *  # noqa: F401,F403
from troubleshoot.model import ROOT, load_catalogue


@pytest.fixture(scope="session")
def catalogue():
    return load_catalogue()


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The site built once per session with `mkdocs build --strict`, as CI and deploys do."""
    site = tmp_path_factory.mktemp("site")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    if result.returncode != 0:
        pytest.fail(f"mkdocs build --strict failed:\n{result.stdout}\n{result.stderr}")
    return site


@pytest.fixture
def symptoms(request, catalogue):
    """Checks a scenario's symptoms against the entry's own front-matter patterns.

    Every (entry, symptom) the test claims with @pytest.mark.reproduces must be proven
    with `symptoms.all_seen(...)` or `symptoms.seen(...)` before the test ends.
    """
    from tests.scenarios.reproduce import SymptomChecker

    checker = SymptomChecker({e.id: e for e in catalogue})
    # iter_markers yields the bottom decorator first: reversed, the order they are read.
    for mark in reversed(list(request.node.iter_markers("reproduces"))):
        entry_id, *symptom_ids = mark.args
        for symptom_id in symptom_ids:
            checker.claim(entry_id, symptom_id)
    yield checker
    call = getattr(request.node, "rep_call", None)
    if call is not None and call.passed:
        missing = checker.unproven()
        if missing:
            pytest.fail(
                "the test claims symptoms it never checked with symptoms.all_seen() or "
                "symptoms.seen(): " + ", ".join(f"{e}/{s}" for e, s in missing)
            )


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the item, so fixtures can see whether the test passed."""
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report

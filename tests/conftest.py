"""Fixtures shared by the fast checks (no containers, no browser)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

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

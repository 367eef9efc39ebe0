"""pytest fixtures of the hub harness, defined for every test by tests/conftest.py:

    from tests.hub.fixtures import *  # noqa: F401,F403

The harness's modules (and the docker SDK) are imported when a fixture is first used, so
the fast checks load this without a container engine's client installed.

engine              session: the container engine (Engine), torn down (and swept) at the end
images              session: images(jupyterhub=None, user_image=None) -> ImageInfo of that
                    release (None: the one under test), or of its user image variant
                    (user_image.py); each built or found in the cache once per session
image               session: the hub image of the release under test (ImageInfo)
hub_factory         function: make_hub(fragments, jupyterhub=None, user_image=None, **Hub
                    options) -> Hub, removed after the test; jupyterhub="5.5.4": a hub of
                    another release; user_image="kernel": in that variant (ipykernel)
module_hub_factory  module: the same, for hubs shared by the tests of a module
artefacts           function: this test's artefact dir (.artefacts/hub/<test>/), logs land there

Environment: HUB_ENGINE=auto|podman|docker, HUB_JUPYTERHUB_VERSION (image's JupyterHub),
HUB_ARTEFACTS (artefact root, default <repo>/.artefacts/hub), HUB_KEEP_ARTEFACTS=1 (save
the logs of tests that passed too; by default only a failed test's are saved).
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from .hub import Hub

from .errors import EngineUnavailable, ImageBuildError
from .explained import check_hubs
from .util import REPO_ROOT

__all__ = [
    "engine",
    "images",
    "image",
    "hub_factory",
    "module_hub_factory",
    "artefacts",
    "artefact_root",
]


def artefact_root() -> Path:
    return Path(os.environ.get("HUB_ARTEFACTS") or REPO_ROOT / ".artefacts" / "hub")


def _slug(nodeid: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", nodeid.replace("::", "__"))[-150:]


def _reporter_log(config):
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    if reporter is None:
        return print
    return lambda msg: reporter.write_line(msg)


@pytest.fixture(scope="session")
def engine(request):
    from .engine import Engine

    try:
        e = Engine.connect()
    except EngineUnavailable as exc:
        pytest.fail(f"no container engine for the scenarios:\n{exc}", pytrace=False)
    _reporter_log(request.config)(f"[hub harness] engine: {e.describe()}; run id {e.run_id}")
    yield e
    left = e.close()
    if any(left.values()):
        pytest.fail(f"the hub harness left things behind: {left}", pytrace=False)


@pytest.fixture(scope="session")
def images(engine, request):
    from .image import DEFAULT_JUPYTERHUB, ensure_image
    from .user_image import ensure_user_image

    found = {}

    def image_of(jupyterhub: str | None = None, user_image: str | None = None):
        version = jupyterhub or DEFAULT_JUPYTERHUB
        if (version, user_image) not in found:
            try:
                if version not in found:
                    found[version] = ensure_image(
                        engine,
                        version,
                        log=_reporter_log(request.config),
                        log_dir=artefact_root() / "image",
                    )
                if user_image is not None:
                    found[version, user_image] = ensure_user_image(
                        engine, found[version], user_image, log=_reporter_log(request.config)
                    )
            except ImageBuildError as exc:
                pytest.fail(str(exc), pytrace=False)
        return found[version] if user_image is None else found[version, user_image]

    return image_of


@pytest.fixture(scope="session")
def image(images):
    return images()


@pytest.fixture
def artefacts(request) -> Path:
    d = artefact_root() / _slug(request.node.nodeid)
    shutil.rmtree(d, ignore_errors=True)
    return d


class _Factory:
    def __init__(self, engine, images, artefacts: Path):
        self.engine, self.images, self.artefacts = engine, images, artefacts
        self.hubs: list[Hub] = []

    def __call__(
        self, fragments=(), *, jupyterhub: str | None = None, user_image: str | None = None, **kw
    ) -> Hub:
        """A Hub of the release under test, or of ``jupyterhub`` (its image built once);
        with ``user_image``, in that variant of the image (user_image.py), servers too."""
        from .hub import Hub

        name = kw.setdefault("name", "hub" if not self.hubs else f"hub{len(self.hubs) + 1}")
        kw.setdefault("artefacts", self.artefacts / name)
        hub = Hub(self.engine, self.images(jupyterhub, user_image), fragments, **kw)
        self.hubs.append(hub)
        return hub

    def close(self, save_logs: bool = True):
        errors = []
        for hub in reversed(self.hubs):
            try:
                # logs saved now, containers removed in the background
                hub.remove(wait=False, save_logs=save_logs)
            except Exception as exc:  # keep removing the others
                errors.append(exc)
        if errors:
            raise errors[0]


def _passed(request) -> bool:
    """Whether the test's setup and call passed (reports kept by tests/conftest.py)."""
    reports = [getattr(request.node, f"rep_{when}", None) for when in ("setup", "call")]
    return all(r is not None and r.passed for r in reports)


@pytest.fixture
def hub_factory(engine, images, artefacts, request):
    factory = _Factory(engine, images, artefacts)
    yield factory
    passed = _passed(request)
    try:
        if passed:  # a failed test has said what went wrong already
            check_hubs(factory.hubs, request.node.nodeid)
    finally:
        # A passed test's logs are rarely read and cost ~0.3 s a hub to save.
        factory.close(save_logs=not passed or os.environ.get("HUB_KEEP_ARTEFACTS") == "1")


@pytest.fixture(scope="module")
def module_hub_factory(engine, images, request):
    factory = _Factory(engine, images, artefact_root() / _slug(request.node.nodeid))
    yield factory
    try:
        check_hubs(factory.hubs, request.node.nodeid)
    finally:
        factory.close()

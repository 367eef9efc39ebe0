"""The harness's own tests use its fixtures (tests/hub/fixtures.py)."""

from tests.hub.fixtures import *  # noqa: F401,F403

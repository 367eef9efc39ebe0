"""Scenario fixtures: the containerized hub harness (tests/hub/fixtures.py)."""

from tests.hub.fixtures import *  # noqa: F401,F403

"""Exceptions of the hub harness. Each message says what happened and where to look."""

from __future__ import annotations


class HarnessError(RuntimeError):
    """Something in the harness itself (engine, image, container) went wrong."""


class EngineUnavailable(HarnessError):
    """No container engine could be found or started."""


class ImageBuildError(HarnessError):
    """The hub image (or its base image) could not be built."""


class HubStartError(HarnessError):
    """A hub did not become ready. Subclasses say why."""


class HubExited(HubStartError):
    """The hub's container exited while the harness waited for it."""


class HubNotReady(HubStartError):
    """The hub kept running but never became ready within the time allowed."""

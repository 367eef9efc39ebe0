"""Timings of the hub harness: python -m tests.hub.bench [--runs N] [--cold]

Prints the median (and min-max) of:
  image (cached)   ensure_image() when the image for the current inputs exists
  hub ready        Hub.start(): network + container + config copied in, until GET /hub/api
                   answers 200 through the proxy
  spawn local      login form -> server ready (LocalProcessSpawner in the hub container)
  spawn docker     the same with DockerSpawner (a container per user)
  full cycle       new hub, login, spawn, page through OAuth, /api/status 200, remove
--cold removes the hub image first and times one full build (the base image stays,
unless --cold-base, which rebuilds it with debootstrap when it cannot be pulled).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time

from .engine import Engine
from .hub import Hub
from .image import BASE_IMAGE, ensure_image, image_tag
from .user_client import UserClient


def _fmt(values: list[float]) -> str:
    if not values:
        return "-"
    med = statistics.median(values)
    return f"{med:6.2f} s  (min {min(values):.2f}, max {max(values):.2f}, n={len(values)})"


def _spawn(engine, image, spawner: str) -> tuple[float, float]:
    hub = Hub(engine, image, spawner=spawner)
    try:
        hub.start()
        browser = UserClient(hub)
        t0 = time.monotonic()
        browser.login("you")
        result = browser.spawn("you", timeout=60)
        spawn = time.monotonic() - t0
        if not result.ready:
            raise RuntimeError(f"{spawner} spawn failed: {result.message}\n{hub.hub_log()[-2000:]}")
        return hub.ready_seconds, spawn
    finally:
        hub.remove()


def _cycle(engine, image) -> float:
    t0 = time.monotonic()
    hub = Hub(engine, image)
    try:
        hub.start()
        browser = UserClient(hub)
        browser.login("you")
        if not browser.spawn("you").ready or not browser.working_server("you"):
            raise RuntimeError(f"cycle failed: {browser.trail()}")
    finally:
        hub.remove()
    return time.monotonic() - t0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.hub.bench")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--cold", action="store_true", help="time a full image build first")
    parser.add_argument("--cold-base", action="store_true", help="also rebuild the base image")
    args = parser.parse_args(argv)

    results: dict[str, list[float]] = {}
    with Engine.connect() as engine:
        print(f"engine: {engine.describe()}", flush=True)
        if args.cold or args.cold_base:
            tag = image_tag(engine)
            if tag:
                engine.client.images.remove(tag, force=True)
            if args.cold_base:
                engine.client.images.remove(BASE_IMAGE, force=True)
            t0 = time.monotonic()
            ensure_image(engine, log=lambda m: print(m, flush=True))
            results["image (cold build)"] = [time.monotonic() - t0]
        image = ensure_image(engine)
        results["image (cached)"] = []
        for _ in range(args.runs):
            t0 = time.monotonic()
            ensure_image(engine, log=None)
            results["image (cached)"].append(time.monotonic() - t0)
        for key in ("hub ready", "spawn local", "spawn docker", "full cycle"):
            results[key] = []
        for i in range(args.runs):
            ready, spawn = _spawn(engine, image, "local")
            results["hub ready"].append(ready)
            results["spawn local"].append(spawn)
            ready, spawn = _spawn(engine, image, "docker")
            results["hub ready"].append(ready)
            results["spawn docker"].append(spawn)
            results["full cycle"].append(_cycle(engine, image))
            print(f"run {i + 1}/{args.runs} done", flush=True)
    print()
    for key, values in results.items():
        print(f"{key:20s} {_fmt(values)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

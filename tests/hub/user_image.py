"""User images: the hub image plus what a scenario's single-user server needs and the hub
image leaves out on purpose (ipykernel for kernels, jupyter-server-proxy for its apps),
built offline FROM the hub image of the release under test.

A variant is a name and its top-level requirements (VARIANTS). Its lock,
``user-images/<variant>.txt``, pins every wheel its requirements need, at the hub image's
pins where they overlap (``python -m tests.hub.user_image lock <variant>`` rewrites it):
the hub image of another JupyterHub release may lack one the newest has. The build
downloads those wheels on the host, as the hub image's does, and installs them with
``--no-deps`` into the hub's environment. The tag is a hash of the hub image's tag and the lock: a new hub
image or a new lock makes a new user image; older builds of the variant are removed.

``hub_factory(fragments, user_image="kernel")`` runs a hub (and its LocalProcessSpawner or
DockerSpawner servers) in the variant.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sys
import tempfile
import time
from pathlib import Path

import docker.errors

from .errors import ImageBuildError
from .image import (
    DEFAULT_JUPYTERHUB,
    ImageInfo,
    _exists,
    _lock_pins,
    _norm,
    _pip_target_args,
    _run,
    _say,
    _use,
    _wheel_pins,
    build_image,
)
from .util import HERE, LABEL, PROJECT, file_lock

USER_REPO = f"localhost/{PROJECT}/user"
LOCK_DIR = HERE / "user-images"
# variant -> its top-level requirements: the lock pins them and what they bring; a package
# named here gets its version from the variant, not from the hub image's lock.
VARIANTS = {
    "kernel": ("ipykernel",),
    "server-proxy": ("ipykernel", "jupyter-server-proxy"),
    # the last jupyter_server 1.x, with the anyio 3 it needs (what pip would downgrade)
    "jupyter-server-1": ("jupyter_server==1.24.0", "anyio<4"),
    # the hub's own spawner for kubernetes/kubespawner-profile-list-errors: the KubeSpawner
    # the newest chart pairs with JupyterHub 6 (noxfile.py kubespawner_for)
    "kubespawner": ("jupyterhub-kubespawner==7.0.0",),
}
CONTAINERFILE = """\
FROM {base}
COPY pip.whl /tmp/pip.whl
COPY wheels /tmp/wheels
RUN /opt/hub/bin/python /tmp/pip.whl/pip install --quiet --no-index --no-deps \\
        --find-links /tmp/wheels -r /tmp/wheels/requirements.txt \\
    && rm -rf /tmp/wheels /tmp/pip.whl
"""


def lock_path(variant: str) -> Path:
    if variant not in VARIANTS:
        raise ImageBuildError(
            f"unknown user image {variant!r}: known are {', '.join(sorted(VARIANTS))} "
            "(tests/hub/user_image.py VARIANTS)"
        )
    return LOCK_DIR / f"{variant}.txt"


def _pins(path: Path) -> dict[str, str]:
    pins = {}
    for line in path.read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, _, version = line.partition("==")
            pins[_norm(name)] = version
    return pins


def user_tag(base: ImageInfo, variant: str) -> str:
    lock = lock_path(variant)
    if not lock.is_file():
        raise ImageBuildError(
            f"{lock} is missing: write it with python -m tests.hub.user_image lock {variant}"
        )
    h = hashlib.sha256(f"{base.tag}\0{variant}\0".encode() + lock.read_bytes())
    return f"{USER_REPO}:{variant}-{base.jupyterhub}-{h.hexdigest()[:12]}"


def ensure_user_image(engine, base: ImageInfo, variant: str, log=print) -> ImageInfo:
    """Find or build the variant on top of ``base`` (the hub image). Safe across processes."""
    t0 = time.monotonic()
    tag = user_tag(base, variant)
    with file_lock(f"user-image-{variant}"):
        _use(tag)
        if _exists(engine, tag):
            return ImageInfo(tag, base.jupyterhub, False, time.monotonic() - t0, "present")
        _say(log, f"[user image] building {tag}")
        with tempfile.TemporaryDirectory(prefix="jhts-user-build-") as tmp:
            ctx = Path(tmp)
            _download(ctx, variant, engine.arch)
            (ctx / "Containerfile").write_text(CONTAINERFILE.format(base=base.tag))
            build_image(
                engine,
                ctx,
                tag,
                log,
                None,
                buildargs={},
                labels={f"{LABEL}.image": "user", f"{LABEL}.user-image": variant},
            )
        _prune_old(engine, f"{variant}-{base.jupyterhub}", keep=tag, log=log)
    seconds = time.monotonic() - t0
    _say(log, f"[user image] {tag} ready in {seconds:.0f} s")
    return ImageInfo(tag, base.jupyterhub, True, seconds, "built")


def _download(ctx: Path, variant: str, arch: str) -> None:
    wheels = ctx / "wheels"
    wheels.mkdir()
    pins = _pins(lock_path(variant))
    hub_pins = _lock_pins()
    pip_pin = f"pip=={hub_pins['pip']}"
    reqs = [f"{n}=={v}" for n, v in sorted(pins.items())]
    _run(
        [
            sys.executable,
            "-m",
            "pip",
            "download",
            "--quiet",
            "--disable-pip-version-check",
            "--no-deps",
            "-d",
            str(wheels),
            *_pip_target_args(arch),
            *reqs,
            pip_pin,
        ],
        f"downloading the wheels of the user image {variant!r}",
    )
    next(wheels.glob("pip-*.whl")).rename(ctx / "pip.whl")
    (wheels / "requirements.txt").write_text("".join(f"{r}\n" for r in reqs))


def _prune_old(engine, variant_release: str, keep: str, log=None) -> None:
    """Drop this variant's older builds for the same JupyterHub release ("kernel-6.1.1"):
    another hub image or lock made them (best effort: one a container or a concurrent
    run still uses stays)."""
    prefix = f"{USER_REPO}:{variant_release}-"
    for img in engine.client.images.list(name=USER_REPO):
        tags = [t for t in img.tags or [] if t.startswith(prefix)]
        if not tags or keep in tags:
            continue
        try:
            engine.client.images.remove(img.id, noprune=False)
        except docker.errors.APIError:
            continue
        _say(log, f"[user image] removed the old build {', '.join(tags)}")


def write_lock(variant: str, arch: str = "x86_64") -> None:
    """Resolve the variant's requirements, at the hub image's pins where they overlap;
    pin all of them (installed with --no-deps on any release's hub image)."""
    hub_pins = _lock_pins()
    replaced = {_norm(re.split(r"[<>=!~;\[ ]", req, maxsplit=1)[0]) for req in VARIANTS[variant]}
    with tempfile.TemporaryDirectory(prefix="jhts-user-lock-") as tmp:
        wheels = Path(tmp) / "wheels"
        # The hub's pins hold, but for what the variant names (e.g. an older jupyter_server).
        kept = Path(tmp) / "hub-pins.txt"
        kept.write_text("".join(f"{n}=={v}\n" for n, v in hub_pins.items() if n not in replaced))
        _run(
            [
                sys.executable,
                "-m",
                "pip",
                "download",
                "--quiet",
                "-d",
                str(wheels),
                *_pip_target_args(arch),
                *VARIANTS[variant],
                "-c",
                str(kept),
            ],
            f"resolving the user image {variant!r}",
        )
        got = _wheel_pins(wheels)
    # Everything the variant's requirements need, also what the hub image of this lock
    # has already: the hub image of another JupyterHub release may lack it.
    # Not jupyterhub itself (a plug-in's dependency): the hub image of the release under
    # test has its own, which --no-deps would otherwise replace with this lock's.
    added = {n: v for n, v in got.items() if n not in ("pip", "jupyterhub")}
    path = lock_path(variant)
    path.parent.mkdir(exist_ok=True)
    path.write_text(
        f"# The user image {variant!r}: the hub image plus {', '.join(VARIANTS[variant])}.\n"
        "# All it needs, at tests/hub/image-requirements.txt's pins where they overlap\n"
        "# (installed with --no-deps on the hub image of any release), for Python 3.11;\n"
        "# without jupyterhub itself: the hub image of the release under test has its own.\n"
        f"# Regenerate: python -m tests.hub.user_image lock {variant}\n"
        + "".join(f"{n}=={v}\n" for n, v in sorted(added.items()))
    )
    print(f"wrote {path} ({len(added)} pins)")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.hub.user_image")
    sub = parser.add_subparsers(dest="cmd", required=True)
    lock = sub.add_parser("lock", help="rewrite user-images/<variant>.txt")
    lock.add_argument("variant", choices=sorted(VARIANTS))
    build = sub.add_parser("build", help="build (or find) a user image")
    build.add_argument("variant", choices=sorted(VARIANTS))
    build.add_argument("--jupyterhub", default=DEFAULT_JUPYTERHUB)
    args = parser.parse_args(argv)
    try:
        if args.cmd == "lock":
            write_lock(args.variant)
            return 0
        from .engine import Engine
        from .image import ensure_image

        with Engine.connect() as engine:
            info = ensure_user_image(engine, ensure_image(engine, args.jupyterhub), args.variant)
            print(f"{info.tag} ({'built' if info.built else 'cached'}, {info.seconds:.1f} s)")
    except ImageBuildError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

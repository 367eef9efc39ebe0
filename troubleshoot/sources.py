"""The source of one release of a package, fetched once from its registry and kept on disk.

A release is immutable, so it is fetched with the registry's ordinary client (pip, npm)
the first time and read from `.cache/sources/<registry>/<package>-<version>/` ever after,
without any network access. A cache directory counts only once it holds the COMPLETE
marker, and it only appears by an atomic rename of a finished temporary directory: an
interrupted or concurrent run leaves either nothing or a whole release, never half of one.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
import zipfile
from email.parser import HeaderParser
from pathlib import Path

from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import canonicalize_name

from .vocabulary import ROOT, relative

CACHE = ROOT / ".cache" / "sources"
REGISTRIES = ("pypi", "npm")
# Written last, inside the temporary directory, so a cache directory without it never exists.
COMPLETE = ".complete.json"
FETCH_TIMEOUT = 300  # seconds; pip and npm retry on their own before giving up


class SourceError(Exception):
    """A release that could not be fetched or read; its message is one line for the user."""


def release_source(package: str, version: str, registry: str) -> Path:
    """The unpacked source of `package` `version` from `registry` ("pypi" or "npm")."""
    target = cache_dir(package, version, registry)
    if (target / COMPLETE).is_file():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    _remove_abandoned(target)
    # Beside the target, so that the final rename stays on one file system.
    work = Path(tempfile.mkdtemp(prefix=f".partial-{target.name}-", dir=target.parent))
    try:
        tree = _fetch(package, version, registry, work)
        marker = {"package": package, "version": version, "registry": registry}
        (tree / COMPLETE).write_text(json.dumps(marker) + "\n", encoding="utf-8")
        _publish(tree, target)
    except SourceError:
        raise
    except (OSError, tarfile.TarError, zipfile.BadZipFile) as error:
        raise _error(package, version, registry, str(error)) from None
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return target


def _remove_abandoned(target: Path) -> None:
    """Temporary directories of runs that were killed outright (a `finally` never ran);
    a younger one may be a concurrent run's, still at work."""
    for partial in target.parent.glob(f".partial-{target.name}-*"):
        try:
            abandoned = time.time() - partial.stat().st_mtime > 2 * FETCH_TIMEOUT
        except OSError:
            continue
        if abandoned:
            shutil.rmtree(partial, ignore_errors=True)


def cache_dir(package: str, version: str, registry: str) -> Path:
    if registry not in REGISTRIES:
        raise SourceError(f"unknown registry {registry!r}: expected one of {', '.join(REGISTRIES)}")
    # npm scopes (@org/name) would otherwise make a nested directory.
    return CACHE / registry / f"{package.replace('/', '+')}-{version}"


def requires(package: str, version: str, registry: str | None = None) -> list[str]:
    """What the release depends on, read from its cache: the wheel's Requires-Dist names
    other than extras' (normalised, lower case), or package.json "dependencies".

    Without `registry`, the release must already be cached under exactly one registry.
    """
    if registry is None:
        cached = [r for r in REGISTRIES if (cache_dir(package, version, r) / COMPLETE).is_file()]
        if len(cached) != 1:
            why = "not cached yet" if not cached else "cached from both pypi and npm"
            raise SourceError(f"{package} {version} is {why}: name its registry")
        registry = cached[0]
    root = release_source(package, version, registry)
    if registry == "npm":
        return _npm_requires(root, package, version)
    return _pypi_requires(root, package, version)


def _fetch(package: str, version: str, registry: str, work: Path) -> Path:
    """Download into `work` with the registry's client and unpack; return the unpacked tree."""
    download = work / "download"
    download.mkdir()
    if registry == "npm":
        npm = ["npm", "pack", f"{package}@{version}", "--pack-destination", str(download)]
        _run(npm, package, version, registry)
    else:
        pip = [sys.executable, "-m", "pip", "download", "--no-deps", f"{package}=={version}"]
        try:
            _run([*pip, "--only-binary=:all:", "-d", str(download)], package, version, registry)
            has_wheel = True
        except SourceError:
            has_wheel = False
        if not has_wheel:  # out of the except block: one error, not a chain of two
            # Some releases have no wheel; their sdist is the source all the same.
            _run([*pip, "--no-binary=:all:", "-d", str(download)], package, version, registry)
    archives = sorted(download.iterdir())
    if len(archives) != 1:
        names = ", ".join(a.name for a in archives) or "nothing"
        raise _error(package, version, registry, f"expected one archive, got {names}")
    tree = work / "tree"
    _unpack(archives[0], tree)
    return tree


def _run(command: list[str], package: str, version: str, registry: str) -> None:
    try:
        result = subprocess.run(
            command, capture_output=True, text=True, timeout=FETCH_TIMEOUT, stdin=subprocess.DEVNULL
        )
    except FileNotFoundError:
        raise _error(package, version, registry, f"{command[0]} is not installed") from None
    except subprocess.TimeoutExpired:
        reason = f"{command[0]} took longer than {FETCH_TIMEOUT} s"
        raise _error(package, version, registry, reason) from None
    if result.returncode != 0:
        raise _error(package, version, registry, _reason(result.stderr or result.stdout))


def _reason(output: str) -> str:
    """The line of pip's or npm's error output that says what went wrong."""
    lines = [line.strip() for line in output.splitlines() if line.strip()]
    # pip: the last "ERROR:" line ("No matching distribution found for x==1").
    pip_errors = [
        line.removeprefix("ERROR:").strip() for line in lines if line.startswith("ERROR:")
    ]
    if pip_errors:
        return re.sub(r"\s*\(from versions:.*?\)", "", pip_errors[-1])
    # npm: "npm error code ETARGET", "npm error notarget No matching version found for ...".
    for line in lines:
        if not line.startswith("npm error "):
            continue
        text = line.removeprefix("npm error ").strip()
        if re.match(r"(code|syscall|errno|path|A complete log|In most cases)\b", text):
            continue
        return re.sub(r"^[a-z]+ (?=[A-Z])", "", text)  # the heading word, as in "notarget"
    # Anything else (the pip config warning about /opt/pypi-more is not the reason).
    useful = [line for line in lines if "is ignored" not in line]
    return (useful or lines or ["no output"])[-1]


def _unpack(archive: Path, tree: Path) -> None:
    """Unpack a wheel as is, and an sdist or npm tarball without its one top-level folder."""
    if archive.suffix == ".whl":
        with zipfile.ZipFile(archive) as wheel:
            wheel.extractall(tree)  # zipfile drops absolute paths and "..": safe as it is
        return
    unpacked = tree.with_name("unpacked")
    if tarfile.is_tarfile(archive):
        with tarfile.open(archive) as tar:
            tar.extractall(unpacked, filter="data")
    else:
        with zipfile.ZipFile(archive) as sdist:  # old sdists are zips
            sdist.extractall(unpacked)
    entries = list(unpacked.iterdir())
    top = entries[0] if len(entries) == 1 and entries[0].is_dir() else unpacked
    top.rename(tree)


def _publish(tree: Path, target: Path) -> None:
    """Move the finished tree into place; a concurrent run may have won the race."""
    try:
        os.rename(tree, target)
    except OSError:
        if (target / COMPLETE).is_file():
            return  # the same immutable release, put there by another run
        # Not a cache directory at all (left by hand): replace it.
        shutil.rmtree(target)
        os.rename(tree, target)


def _pypi_requires(root: Path, package: str, version: str) -> list[str]:
    metadata = sorted(root.glob("*.dist-info/METADATA")) or sorted(root.glob("PKG-INFO"))
    if not metadata:
        raise _error(package, version, "pypi", f"no METADATA or PKG-INFO in {root}")
    headers = HeaderParser().parsestr(metadata[0].read_text(encoding="utf-8"))
    lines = headers.get_all("Requires-Dist") or _egg_info_requires(root)
    names: set[str] = set()
    for line in lines:
        try:
            requirement = Requirement(line)
        except InvalidRequirement:
            continue
        # An extra's dependencies are not installed with the package itself.
        if requirement.marker is None or "extra" not in str(requirement.marker):
            names.add(canonicalize_name(requirement.name))
    return sorted(names)


def _egg_info_requires(root: Path) -> list[str]:
    """An older sdist's requirements: requires.txt up to its first [extra] section."""
    for requires_txt in sorted(root.glob("*.egg-info/requires.txt")):
        text = requires_txt.read_text(encoding="utf-8")
        unconditional = re.split(r"^\[", text, maxsplit=1, flags=re.M)[0]
        return [line for line in unconditional.splitlines() if line.strip()]
    return []


def _npm_requires(root: Path, package: str, version: str) -> list[str]:
    try:
        manifest = json.loads((root / "package.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise _error(package, version, "npm", f"cannot read package.json: {error}") from None
    return sorted(name.lower() for name in manifest.get("dependencies") or {})


def _error(package: str, version: str, registry: str, reason: str) -> SourceError:
    return SourceError(
        f"cannot fetch {package} {version} from {registry}: {reason}; "
        f"run once with network access to fill {relative(CACHE)}"
    )

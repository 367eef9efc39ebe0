"""Release sources from a filled cache without the network, and what a failed fetch says.

pip and npm are never run: `subprocess.run` is replaced by fakes that fail, or that leave
the archive the real client would have downloaded."""

from __future__ import annotations

import io
import json
import os
import subprocess
import tarfile
import zipfile
from pathlib import Path

import pytest

from troubleshoot import sources
from troubleshoot.sources import COMPLETE, SourceError, release_source, requires

METADATA = """\
Metadata-Version: 2.1
Name: jupyterhub
Version: 9.9.9
Requires-Dist: Traitlets>=5
Requires-Dist: tornado (>=5.1)
Requires-Dist: importlib_metadata>=3.6; python_version < "3.10"
Requires-Dist: pytest; extra == "test"
"""
PIP_NOT_FOUND = """\
WARNING: Location 'file:///opt/pypi-more/simple/jupyterhub/' is ignored: it is neither a file nor a directory.
ERROR: Could not find a version that satisfies the requirement jupyterhub==99.0 (from versions: 4.1.6, 5.5.4)
ERROR: No matching distribution found for jupyterhub==99.0
"""
NPM_NOT_FOUND = """\
npm error code ETARGET
npm error notarget No matching version found for configurable-http-proxy@9.9.9.
npm error notarget In most cases you or one of your dependencies are requesting
npm error A complete log of this run can be found in: /root/.npm/_logs/debug-0.log
"""


@pytest.fixture
def cache(tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.setattr(sources, "CACHE", tmp_path / "sources")
    return tmp_path / "sources"


@pytest.fixture
def offline(monkeypatch) -> None:
    def no_network(command, **kwargs):
        raise AssertionError(f"ran {command[:3]} with a complete cache")

    monkeypatch.setattr(subprocess, "run", no_network)


def fill(cache: Path, registry: str, name: str, files: dict[str, str]) -> Path:
    release = cache / registry / name
    for relative, text in {**files, COMPLETE: "{}"}.items():
        (release / relative).parent.mkdir(parents=True, exist_ok=True)
        (release / relative).write_text(text, encoding="utf-8")
    return release


def failing(stderr: str, returncode: int = 1):
    def run(command, **kwargs):
        return subprocess.CompletedProcess(command, returncode, stdout="", stderr=stderr)

    return run


def test_a_complete_cache_is_used_without_the_network(cache: Path, offline):
    release = fill(
        cache,
        "pypi",
        "jupyterhub-9.9.9",
        {"jupyterhub-9.9.9.dist-info/METADATA": METADATA, "jupyterhub/app.py": "x = 1\n"},
    )
    assert release_source("jupyterhub", "9.9.9", "pypi") == release
    # Names normalised; an extra's requirement is not the package's own.
    assert requires("jupyterhub", "9.9.9") == ["importlib-metadata", "tornado", "traitlets"]


def test_npm_dependencies_from_a_complete_cache(cache: Path, offline):
    manifest = {"name": "chp", "dependencies": {"winston": "~3", "Commander": "~11"}}
    fill(cache, "npm", "configurable-http-proxy-9.9.9", {"package.json": json.dumps(manifest)})
    assert requires("configurable-http-proxy", "9.9.9", "npm") == ["commander", "winston"]


def test_a_cache_without_its_marker_is_fetched_again(cache: Path, monkeypatch):
    (cache / "pypi" / "jupyterhub-99.0" / "jupyterhub").mkdir(parents=True)
    monkeypatch.setattr(subprocess, "run", failing(PIP_NOT_FOUND))
    with pytest.raises(SourceError):
        release_source("jupyterhub", "99.0", "pypi")


@pytest.mark.parametrize(
    ("package", "version", "registry", "output", "reason"),
    [
        ("jupyterhub", "99.0", "pypi", PIP_NOT_FOUND,
         "No matching distribution found for jupyterhub==99.0"),
        ("configurable-http-proxy", "9.9.9", "npm", NPM_NOT_FOUND,
         "No matching version found for configurable-http-proxy@9.9.9."),
    ],
    ids=["pip", "npm"],
)  # fmt: skip
def test_a_failed_fetch_says_why_in_one_line(
    cache: Path, monkeypatch, package, version, registry, output, reason
):
    monkeypatch.setattr(subprocess, "run", failing(output))
    with pytest.raises(SourceError) as raised:
        release_source(package, version, registry)
    assert str(raised.value) == (
        f"cannot fetch {package} {version} from {registry}: {reason}; run once with network "
        f"access to fill {cache}"
    )
    assert raised.value.__cause__ is None and raised.value.__context__ is None  # no traceback chain
    assert not cache.exists() or not any(cache.glob(f"{registry}/*"))  # nothing half-made


def test_a_missing_client_is_a_source_error(cache: Path, monkeypatch):
    def no_npm(command, **kwargs):
        raise FileNotFoundError(2, "No such file or directory", command[0])

    monkeypatch.setattr(subprocess, "run", no_npm)
    with pytest.raises(SourceError, match="from npm: npm is not installed; run once"):
        release_source("configurable-http-proxy", "4.6.3", "npm")


def test_an_unknown_registry(cache: Path):
    with pytest.raises(SourceError, match="unknown registry 'conda'"):
        release_source("jupyterhub", "5.5.4", "conda")


def test_requires_of_a_release_not_cached(cache: Path, offline):
    with pytest.raises(SourceError, match="jupyterhub 1.0 is not cached yet: name its registry"):
        requires("jupyterhub", "1.0")


def wheel_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as wheel:
        wheel.writestr("jupyterhub/proxy.py", 'log.error("Failed to start proxy")\n')
        wheel.writestr("jupyterhub-9.9.9.dist-info/METADATA", METADATA)
    return buffer.getvalue()


def npm_tarball(path: Path) -> None:
    with tarfile.open(path, "w:gz") as tar:
        data = json.dumps({"name": "chp", "dependencies": {"winston": "~3"}}).encode()
        info = tarfile.TarInfo("package/package.json")
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))


def test_a_fetched_wheel_is_unpacked_once_then_read_offline(cache: Path, monkeypatch):
    commands = []

    def pip_download(command, **kwargs):
        commands.append(command)
        destination = Path(command[command.index("-d") + 1])
        (destination / "jupyterhub-9.9.9-py3-none-any.whl").write_bytes(wheel_bytes())
        return subprocess.CompletedProcess(command, 0, stdout="", stderr="")

    monkeypatch.setattr(subprocess, "run", pip_download)
    release = release_source("jupyterhub", "9.9.9", "pypi")
    assert release == cache / "pypi" / "jupyterhub-9.9.9"
    assert (release / "jupyterhub" / "proxy.py").is_file()
    assert (release / COMPLETE).is_file()
    assert [p.name for p in release.parent.iterdir()] == [release.name]  # no partial left
    assert "--only-binary=:all:" in commands[0]

    monkeypatch.setattr(subprocess, "run", failing("no network"))
    assert release_source("jupyterhub", "9.9.9", "pypi") == release
    assert requires("jupyterhub", "9.9.9", "pypi") == ["importlib-metadata", "tornado", "traitlets"]


def test_an_npm_tarball_is_unpacked_without_its_package_folder(cache: Path, monkeypatch):
    def npm_pack(command, **kwargs):
        destination = Path(command[command.index("--pack-destination") + 1])
        npm_tarball(destination / "chp-1.0.0.tgz")
        return subprocess.CompletedProcess(command, 0, stdout="", stderr="")

    monkeypatch.setattr(subprocess, "run", npm_pack)
    release = release_source("chp", "1.0.0", "npm")
    assert (release / "package.json").is_file()
    assert requires("chp", "1.0.0") == ["winston"]


def test_without_a_wheel_pip_falls_back_to_the_sdist(cache: Path, monkeypatch):
    commands = []

    def pip_download(command, **kwargs):
        commands.append(command)
        if "--only-binary=:all:" in command:
            return failing(PIP_NOT_FOUND)(command)
        destination = Path(command[command.index("-d") + 1])
        with tarfile.open(destination / "oldpkg-1.0.tar.gz", "w:gz") as tar:
            data = b"Metadata-Version: 1.1\nName: oldpkg\nVersion: 1.0\n"
            info = tarfile.TarInfo("oldpkg-1.0/PKG-INFO")
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
        return subprocess.CompletedProcess(command, 0, stdout="", stderr="")

    monkeypatch.setattr(subprocess, "run", pip_download)
    release = release_source("oldpkg", "1.0", "pypi")
    assert (release / "PKG-INFO").is_file()
    assert ["--no-binary=:all:" in command for command in commands] == [False, True]


def test_an_interrupted_fetch_leaves_no_cache(cache: Path, monkeypatch):
    def interrupted(command, **kwargs):
        destination = Path(command[command.index("-d") + 1])
        (destination / "jupyterhub-9.9.9-py3-none-any.whl").write_bytes(b"half a wheel")
        raise KeyboardInterrupt

    monkeypatch.setattr(subprocess, "run", interrupted)
    with pytest.raises(KeyboardInterrupt):
        release_source("jupyterhub", "9.9.9", "pypi")
    assert list((cache / "pypi").iterdir()) == []


def test_a_killed_run_is_cleaned_up_by_the_next_one(cache: Path, monkeypatch):
    killed = cache / "pypi" / ".partial-jupyterhub-9.9.9-abc123"
    running = cache / "pypi" / ".partial-jupyterhub-9.9.9-def456"
    for partial in (killed, running):
        (partial / "download").mkdir(parents=True)
    os.utime(killed, (0, 0))
    monkeypatch.setattr(subprocess, "run", failing(PIP_NOT_FOUND))
    with pytest.raises(SourceError):
        release_source("jupyterhub", "9.9.9", "pypi")
    assert not killed.exists()
    assert running.exists()  # may be a concurrent run's

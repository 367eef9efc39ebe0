"""Static checks of the files in snippets/: config fragments set real traits.

A config fragment is executed with `c` (a traitlets Config) and `get_config` injected,
like JupyterHub does with jupyterhub_config.py. Every `c.Class.trait` it sets must exist
on the installed JupyterHub, or on the spawner/authenticator package that defines Class;
typos get a "did you mean".

The same check runs once per JupyterHub release of the version matrix (`nox -s versions`):
every fragment a page includes must set real traits on every release its entry claims
(the entry's `jupyterhub` range), unless the fragment narrows that range itself with a
first-lines comment such as `# jupyterhub: ">=6"`.
"""

from __future__ import annotations

import difflib
import importlib
import re
import runpy
from importlib.metadata import version as installed_version
from pathlib import Path
from typing import TYPE_CHECKING

from packaging.specifiers import InvalidSpecifier, SpecifierSet

from .model import ROOT, SNIPPETS, relative

if TYPE_CHECKING:
    from .model import Entry

# Packages whose configurable classes fragments may set, besides JupyterHub itself.
CONFIGURABLE_MODULES = (
    "jupyterhub.app",
    "jupyterhub.auth",
    "jupyterhub.spawner",
    "jupyterhub.proxy",
    "jupyterhub.crypto",
    "jupyterhub.services.auth",
    "jupyterhub.httpclient",
    "dockerspawner",
    "sudospawner",
    "systemdspawner",
    "batchspawner",
    "oauthenticator.oauth2",
    "oauthenticator.generic",
    "oauthenticator.github",
    "oauthenticator.gitlab",
    "oauthenticator.google",
    "oauthenticator.azuread",
    "ldapauthenticator",
    "kubespawner",  # Helm values' hub.config (helm_values.py); installed by nox -s versions
    "jupyterhub_traefik_proxy.proxy",  # TraefikProxy and its subclasses (traefik_file)
    "jupyterhub_traefik_proxy.fileprovider",
)


class SnippetError(Exception):
    pass


def configurable_classes() -> dict[str, type]:
    """Class name -> class, for every Configurable the known packages define."""
    from traitlets.config import Configurable

    found: dict[str, type] = {}

    def add(cls: type) -> None:
        if cls.__name__ not in found:
            found[cls.__name__] = cls
            for sub in cls.__subclasses__():
                add(sub)

    for name in CONFIGURABLE_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError:
            # Older releases lack some modules (jupyterhub.httpclient is new in 6.0); their
            # classes are then missing, which is exactly what the version matrix reports.
            continue
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, Configurable):
                add(value)
    from jupyterhub.app import JupyterHub

    for cls in JupyterHub().classes:
        add(cls)
    return found


def load_fragment(path: Path):
    """Execute a fragment the way JupyterHub would; return the Config it built."""
    from traitlets.config import Config

    config = Config()
    try:
        runpy.run_path(
            str(path),
            init_globals={"c": config, "get_config": lambda: config},
            run_name="__config__",
        )
    except Exception as exc:  # the fragment's own error, reported with its file
        raise SnippetError(f"{relative(path)}: does not load: {type(exc).__name__}: {exc}") from exc
    return config


def check_fragment(path: Path, classes: dict[str, type]) -> list[str]:
    """Problems with one fragment, each naming file, class and trait."""
    config = load_fragment(path)
    problems = []
    for class_name in sorted(config):
        if not class_name[:1].isupper():
            problems.append(
                f"{relative(path)}: c.{class_name}: not a configurable class "
                "(write c.ClassName.trait = value)"
            )
            continue
        cls = classes.get(class_name)
        if cls is None:
            close = difflib.get_close_matches(class_name, list(classes), n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            problems.append(
                f"{relative(path)}: c.{class_name}: no such configurable class in JupyterHub or "
                f"the spawner/authenticator packages checked{hint}"
            )
            continue
        traits = cls.class_traits(config=True)
        for trait in sorted(config[class_name]):
            if trait not in traits:
                close = difflib.get_close_matches(trait, list(traits), n=1)
                hint = f" (did you mean {close[0]!r}?)" if close else ""
                problems.append(
                    f"{relative(path)}: c.{class_name}.{trait}: {class_name} has no "
                    f"configurable trait {trait!r}{hint}"
                )
    return problems


def fragment_paths(root: Path = SNIPPETS) -> list[Path]:
    return sorted(root.rglob("*.py"))


def shell_paths(root: Path = SNIPPETS) -> list[Path]:
    return sorted(root.rglob("*.sh"))


# A fragment that only applies to some releases says so in its first lines.
FRAGMENT_RANGE = re.compile(r"""^# jupyterhub: ["']?([^"'\n]+?)["']?\s*$""", re.M)
FRAGMENT_RANGE_LINES = 5


def jupyterhub_matrix(pyproject: Path = ROOT / "pyproject.toml") -> dict[str, str]:
    """Series -> exact release, from [tool.troubleshoot] jupyterhub-matrix in pyproject.toml."""
    import tomllib

    from packaging.version import InvalidVersion, Version

    field = "[tool.troubleshoot] jupyterhub-matrix"
    data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    releases = data.get("tool", {}).get("troubleshoot", {}).get("jupyterhub-matrix")
    if not isinstance(releases, list) or not releases:
        raise SnippetError(
            f"{relative(pyproject)}: {field}: missing or empty; list the exact JupyterHub "
            'releases to check, oldest first, e.g. ["4.1.6", "5.5.4", "6.1.1"]'
        )
    for release in releases:
        try:
            Version(str(release))
        except InvalidVersion:
            raise SnippetError(
                f"{relative(pyproject)}: {field}: {release!r} is not a release number "
                '(write e.g. "5.5.4")'
            ) from None
    return {".".join(str(r).split(".")[:2]): str(r) for r in releases}


def jupyterhub_version() -> str:
    return installed_version("jupyterhub")


def fragment_range(path: Path) -> SpecifierSet | None:
    """The range a fragment declares for itself, or None when it follows its entry."""
    head = "\n".join(path.read_text(encoding="utf-8").splitlines()[:FRAGMENT_RANGE_LINES])
    match = FRAGMENT_RANGE.search(head)
    if not match:
        return None
    try:
        return SpecifierSet(match.group(1))
    except InvalidSpecifier:
        raise SnippetError(
            f"{relative(path)}: '# jupyterhub:' line: {match.group(1)!r} is not a version "
            'range (write e.g. # jupyterhub: ">=6" or "<6")'
        ) from None


def included_fragments(entry: Entry, root: Path = SNIPPETS) -> list[Path]:
    """The config fragments (.py) a page includes, each once, in order."""
    seen: dict[Path, None] = {}
    for rel, _ in entry.snippet_includes():
        if rel.endswith(".py"):
            seen.setdefault(root / rel, None)
    return list(seen)


def applies(entry_range: SpecifierSet, path: Path, release: str) -> bool:
    """Does the fragment apply to this release, given its entry's range and its own?"""
    own = fragment_range(path)
    return entry_range.contains(release, prereleases=True) and (
        own is None or own.contains(release, prereleases=True)
    )


def range_problems(
    page: Path,
    entry_range: SpecifierSet,
    fragments: list[Path],
    release: str,
    classes: dict[str, type],
) -> list[str]:
    """Problems of fragments that apply to `release` but set traits it lacks."""
    problems = []
    for path in fragments:
        if not applies(entry_range, path, release):
            continue
        own = fragment_range(path)
        for problem in check_fragment(path, classes):
            claim = (
                f"jupyterhub {str(own)!r} (the fragment's own line)"
                if own
                else (f"jupyterhub {str(entry_range)!r}")
            )
            problems.append(
                f"{relative(page)}: jupyterhub: claims {claim}, which includes JupyterHub "
                f"{release}, but {problem}. Narrow the entry's range, or start the fragment "
                "with a line such as '# jupyterhub: \">=6\"' naming the releases it is for."
            )
    return problems

"""Static checks of the files in snippets/: config fragments set real traits.

A config fragment is executed with `c` (a traitlets Config) and `get_config` injected,
like JupyterHub does with jupyterhub_config.py. Every `c.Class.trait` it sets must exist
on the installed JupyterHub, or on the spawner/authenticator package that defines Class;
typos get a "did you mean".
"""

from __future__ import annotations

import difflib
import importlib
import runpy
from pathlib import Path

from .model import SNIPPETS, relative

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
        module = importlib.import_module(name)
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

"""Where the catalogue lives and the words an entry may use, each defined once.

Validation (`model`), the generators (`generate`) and the scaffold (`scaffold`) read these;
nothing else spells a section, a place or a kind.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
SNIPPETS = ROOT / "snippets"
MKDOCS_YML = ROOT / "mkdocs.yml"

# The sections, in reading order: folder under docs/ -> title of its index page. The order
# sorts the catalogue and the signatures. A section gets its folder, its generated index
# (docs/<folder>/index.md) and so its place in the navigation with its first entry;
# `nox -s new -- <folder> <id>` accepts every section listed here, with or without entries.
SECTIONS: dict[str, str] = {
    "proxy": "Proxy (configurable-http-proxy)",
    "networking": "Hub networking",
    "auth": "Authentication, tokens and OAuth",
    "spawners": "Spawners",
    "singleuser": "Single-user servers",
    "reverse-proxy": "Reverse proxy, TLS and websockets",
    "database": "Database, upgrades and start-up",
    "scale": "Performance and scale",
    "kubernetes": "Kubernetes (Zero to JupyterHub)",
    "tljh": "The Littlest JupyterHub",
}

# Where a user sees a symptom -> how the symptom index names it.
WHERE: dict[str, str] = {
    "browser": "In the browser",
    "hub-log": "In the hub log",
    "proxy-log": "In the proxy log",
    "singleuser-log": "In the single-user server log",
    "front-log": "In the reverse proxy's log",
    "database-log": "In the database server's log",
    "shell": "In a shell",
}

# Who prints a symptom -> the package whose releases its version range counts, and the
# registry its source comes from (the provenance check reads every release of the matrix).
# The single-user server runs the JupyterHub installed in the user's image, not the hub's.
PRINTERS: dict[str, tuple[str, str]] = {
    "hub": ("jupyterhub", "pypi"),
    "singleuser": ("jupyterhub", "pypi"),
    "proxy": ("configurable-http-proxy", "npm"),
    "dockerspawner": ("dockerspawner", "pypi"),
    "sudospawner": ("sudospawner", "pypi"),
    "systemdspawner": ("jupyterhub-systemdspawner", "pypi"),
    "batchspawner": ("batchspawner", "pypi"),
    "oauthenticator": ("oauthenticator", "pypi"),
    "ldapauthenticator": ("jupyterhub-ldapauthenticator", "pypi"),
    "idle-culler": ("jupyterhub-idle-culler", "pypi"),
    "kubespawner": ("jupyterhub-kubespawner", "pypi"),
}
# How pages name them in words.
PRINTER_NAMES: dict[str, str] = {
    "hub": "the hub (JupyterHub)",
    "singleuser": "the single-user server (the JupyterHub in the user's image)",
    "proxy": "configurable-http-proxy",
    "dockerspawner": "DockerSpawner",
    "sudospawner": "SudoSpawner",
    "systemdspawner": "SystemdSpawner",
    "batchspawner": "BatchSpawner",
    "oauthenticator": "OAuthenticator",
    "ldapauthenticator": "LDAPAuthenticator",
    "idle-culler": "jupyterhub-idle-culler",
    "kubespawner": "KubeSpawner",
}
# Where a symptom is seen -> who prints it, unless the symptom says (browser and shell
# messages come from too many programs to guess).
DEFAULT_PRINTER: dict[str, str] = {
    "hub-log": "hub",
    "proxy-log": "proxy",
    "singleuser-log": "singleuser",
}

# How much a matched symptom says: "cause" names this page's problem; "context" is a line
# that healthy hubs print too (a warning most hubs show, an access-log line, a start-up
# note): it supports a diagnosis, and alone ranks below any cause.
EVIDENCE = ("cause", "context")

KINDS = ("problem", "router")
STATUSES = ("current", "legacy")

# H2 anchors every page of a kind must have, in this order.
BODY_SECTIONS: dict[str, tuple[str, ...]] = {
    "problem": ("symptoms", "cause", "fix", "verify", "versions"),
    "router": ("symptoms", "causes", "versions"),
}

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SOURCE = re.compile(r"^(?:[A-Za-z0-9][\w.-]*/[\w.-]+(?:#\d+|:[\w./-]+)|https://\S+)$")

# What `nox -s new` leaves for the author to replace; a page or snippet holding one is invalid.
PLACEHOLDER = re.compile(r"\bTODO\b")

H2 = re.compile(r"^## .*?\{#([a-z0-9-]+)\}\s*$", re.M)
H3 = re.compile(r"^#{3,4} (.*)$", re.M)
INCLUDE = re.compile(r"""^\s*-{1,}8<-{1,}\s+["']([^"']+)["']\s*$""", re.M)
SECTION_MARK = re.compile(r"--8<-- \[(start|end):([a-z][-_0-9a-z]*)\]")


def allowed_tags(mkdocs_yml: Path = MKDOCS_YML) -> list[str]:
    """The controlled tag vocabulary, read from the tags plugin in mkdocs.yml."""
    config = yaml.safe_load(mkdocs_yml.read_text(encoding="utf-8"))
    for plugin in config.get("plugins", []):
        if isinstance(plugin, dict) and "tags" in plugin:
            return list(plugin["tags"]["tags_allowed"])
    raise RuntimeError(f"{relative(mkdocs_yml)}: plugins: no tags plugin with tags_allowed")


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, sorted(choices), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def relative(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(ROOT))
    except ValueError:
        return str(path)

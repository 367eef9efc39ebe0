"""The snippet files a page includes, as scenarios use them.

Config fragments are passed to the hub as files (`fragment()`); shell sections are run
for real, on the host (`run_section()`: e.g. the docker CLI) or on the hub's machine, its
container (`exec_section()`), with their parameter lines overridden: a line `name=alice` in
a snippet section is a parameter a reader edits, and a scenario sets it to the name its
hub really uses. Overriding a parameter the section does not have is an error, so a
snippet that drops its parameter cannot be tested by accident.

Also the pages' shared step that removes a user's container (`remove_user_container`).
"""

from __future__ import annotations

import re
import shlex
import subprocess
from pathlib import Path

from troubleshoot.model import SNIPPETS

# The pages' command that removes a user's container created with an old configuration
# (DockerSpawner would start it again as it was); other pages include it as their step.
REMOVE_OLD_CONTAINERS = (
    "networking/singleuser-cannot-reach-hub-api/fix.sh",
    "remove-old-containers",
)


def fragment(rel: str) -> Path:
    """Absolute path of a config fragment, e.g. fragment("proxy/x/fix.py")."""
    path = SNIPPETS / rel
    if not path.is_file():
        raise FileNotFoundError(f"snippets/{rel} does not exist")
    return path


def section(rel: str, name: str) -> str:
    """The text between `--8<-- [start:name]` and `--8<-- [end:name]`, markers excluded."""
    text = fragment(rel).read_text(encoding="utf-8")
    match = re.search(
        rf"^[^\n]*--8<-- \[start:{re.escape(name)}\][^\n]*\n(.*?)^[^\n]*--8<-- \[end:{re.escape(name)}\]",
        text,
        re.M | re.S,
    )
    if not match:
        raise KeyError(f"snippets/{rel} has no section {name!r}")
    return match.group(1)


def with_parameters(script: str, **values: str) -> str:
    """Replace each `NAME=...` parameter line of a snippet section with NAME=<value>."""
    for key, value in values.items():
        line = re.compile(rf"^([ \t]*){re.escape(key)}=.*$", re.M)
        if not line.search(script):
            raise KeyError(f"the snippet has no parameter line {key}=...")
        assignment = f"{key}={shlex.quote(value)}"
        script = line.sub(lambda m, a=assignment: m.group(1) + a, script)
    return script


def run_section(
    rel: str, section_name: str, /, *, env: dict | None = None, timeout: float = 60, **values: str
) -> subprocess.CompletedProcess:
    """Run a shell snippet section on the host with `sh -e`, parameters overridden.

    Positional-only, so that a parameter may be called `name` (as in `name=alice`).
    """
    script = with_parameters(section(rel, section_name), **values)
    return subprocess.run(
        ["sh", "-ec", script], env=env, capture_output=True, text=True, timeout=timeout
    )


def exec_section(
    hub, rel: str, section_name: str, /, *, env: dict | None = None, timeout: float = 60, **values
):
    """Run a shell snippet section in the hub's container (`set -e`), parameters
    overridden: on the hub's machine, as the page means it (the image has its tools:
    `ss`, `ps`, `pgrep`, `curl`, `sudo`; pids are the container's). Recorded in the hub's
    shell transcript; returns the ExecResult unchecked (a diagnosis may fail on purpose)."""
    script = with_parameters(section(rel, section_name), **values)
    return hub.exec(
        f"# snippets/{rel} [{section_name}]\nset -e\n{script}", env=env, timeout=timeout
    )


def container_suffix(hub, user: str) -> str:
    """The pages' `name` parameter for a user's DockerSpawner container: their commands
    address `jupyter-$name`, and the harness's containers are `jupyter-<hub id>-<user>`."""
    return hub.user_container_name(user).removeprefix("jupyter-")


def remove_user_container(hub, user: str) -> None:
    """The pages' step: remove the user's container created with the old configuration."""
    rel, name = REMOVE_OLD_CONTAINERS
    done = run_section(rel, name, env=hub.engine.env, name=container_suffix(hub, user))
    assert done.returncode == 0, done.stderr
    assert hub.user_container(user) is None

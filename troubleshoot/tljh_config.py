"""The Littlest JupyterHub's configuration, checked against TLJH's own schema.

A page about TLJH shows its configuration two ways, and both are checked against every
TLJH release the project keeps:

- `snippets/<section>/<id>/*tljh-config.yaml`: TLJH's `/opt/tljh/config/config.yaml` as
  the page shows it. It must pass the schema `tljh-config` validates with, and name only
  keys TLJH reads. A file that shows a mistake on purpose says so on its first line,
  `# rejected by TLJH's schema`, and is then checked the other way: the schema must
  reject it.
- every `tljh-config set|add-item|remove-item|unset KEY ...` in a shell snippet: KEY must
  be a key TLJH reads, and `set`/`add-item` are replayed as `tljh-config` does them (its
  `parse_value` makes `4` an integer, `0.5` a number, `true` a boolean, anything else a
  string) and the result validated, so `set https.enabled yes` or `set users.admin alice`
  (a list) fails here as on the server. `reload` takes `hub` or `proxy`. A value or key
  that is a shell parameter (`"$email"`) is not replayed; only `unset` and `remove-item`
  may take the key from one (the reader names a wrong key to remove: `key=KEY-PATH`).

TLJH's schema is stricter inside its sections than at the top: `additionalProperties:
False` sits inside the top-level `properties` (a key named so), so `tljh-config set
limit.memory 4G` passes TLJH's validation and is silently ignored. Here every key path must
be one the schema lists, or lie under a top-level key that TLJH's `configurer.py` reads but
the schema leaves out (`auth`, free-form: `auth.type`, `auth.<Authenticator>.<trait>`), or
under a mapping the schema leaves open (`users.extra_user_groups.<group>`).

The facts, kept in `reference/tljh/config-schema-<release>.json`, are `config_schema` of
`tljh/config_schema.py` (first in 2.0.0b1; 1.0.0 has no schema and does not validate) and
`default` of `tljh/configurer.py` at that release's tag in jupyterhub/the-littlest-jupyterhub,
descriptions removed. Regenerate them from a clone:

    python -m troubleshoot tljh-schema /path/to/the-littlest-jupyterhub 2.0.0
"""

from __future__ import annotations

import ast
import json
import re
import shlex
import subprocess
from collections.abc import Iterator
from copy import deepcopy
from pathlib import Path
from typing import Any

import yaml
from packaging.version import Version

from .vocabulary import ROOT, did_you_mean, relative

SCHEMAS = ROOT / "reference" / "tljh"
TLJH_REPO = "jupyterhub/the-littlest-jupyterhub"
SCHEMA_FILE = "tljh/config_schema.py"
DEFAULTS_FILE = "tljh/configurer.py"
REJECTED = "# rejected by TLJH's schema"
# Schema keywords that only document: dropped from the facts.
DOCUMENTATION = ("description", "examples", "title")
# tljh-config's subcommands and how many arguments each takes (tljh/config.py main()).
ACTIONS = {"show": (0, 0), "unset": (1, 1), "set": (2, 2), "add-item": (2, 2),
           "remove-item": (2, 2), "reload": (0, 1)}  # fmt: skip
RELOADABLE = ("hub", "proxy")
# Where a shell command starts: the line's start, or after a pipe, ;, &&, ||, ( or $(.
COMMAND_START = re.compile(r"(?:^|[|;&(]|\$\()\s*(?:sudo\s+(?:-E\s+)?)?tljh-config(?=\s|$)")
PARAMETER = re.compile(r"\$\{[^}]*\}|\$\w+|\$\([^()]*\)|`[^`]*`")
UNKNOWN = "\x00"  # stands for a shell parameter's value: not replayed


class TljhConfigError(Exception):
    """A config file that cannot be checked at all, or facts that cannot be written."""


def releases(schemas: Path = SCHEMAS) -> list[str]:
    """The TLJH releases whose schema the project keeps, oldest first."""
    names = [
        p.name.removeprefix("config-schema-").removesuffix(".json")
        for p in schemas.glob("config-schema-*.json")
    ]
    return sorted(names, key=Version)


def load_facts(release: str, schemas: Path = SCHEMAS) -> dict:
    """{"schema": ..., "defaults": ...} of one TLJH release."""
    return json.loads((schemas / f"config-schema-{release}.json").read_text(encoding="utf-8"))


def is_config_file(path: Path) -> bool:
    return path.name.endswith("tljh-config.yaml")


def expects_rejection(path: Path) -> bool:
    first = path.read_text(encoding="utf-8").split("\n", 1)[0]
    return first.strip() == REJECTED


# --------------------------------------------------------------------------- key paths


def _resolve(schema: dict, node: Any) -> dict:
    while isinstance(node, dict) and "$ref" in node:
        name = node["$ref"].removeprefix("#/definitions/")
        node = schema["definitions"][name]
    return node if isinstance(node, dict) else {}


def _known_keys(schema: dict, node: dict, top: bool) -> list[str]:
    keys = list((node.get("properties") or {}).keys())
    # TLJH's top-level `additionalProperties: False` is inside `properties`: not a key.
    return [k for k in keys if not (top and k == "additionalProperties")]


def key_problem(parts: list[str], facts: dict, release: str) -> str | None:
    """Why this key path is not one TLJH reads (None: it is), naming the path."""
    schema = facts["schema"]
    node = schema
    for depth, part in enumerate(parts):
        node = _resolve(schema, node)
        where = ".".join(parts[: depth + 1])
        if "properties" not in node:
            if node.get("type", "object") == "object":
                return None  # a mapping the schema leaves open (extra_user_groups)
            return f"{where}: TLJH {release} keeps a {node['type']} at {'.'.join(parts[:depth])}, not keys"
        known = _known_keys(schema, node, depth == 0)
        if part in known:
            node = node["properties"][part]
            continue
        if depth == 0 and part in facts["defaults"]:
            return None  # read by configurer.py, free-form in the schema (auth)
        choices = known + (list(facts["defaults"]) if depth == 0 else [])
        return f"{where}: not a key of TLJH {release}{did_you_mean(part, choices)}"
    return None


def _key_paths(config: Any, prefix: tuple[str, ...] = ()) -> Iterator[list[str]]:
    """Every key path of a config mapping, leaves and mappings alike."""
    if isinstance(config, dict):
        for key, value in config.items():
            path = (*prefix, str(key))
            yield list(path)
            yield from _key_paths(value, path)


def unknown_keys(config: dict, facts: dict, release: str) -> list[str]:
    problems: list[str] = []
    for parts in _key_paths(config):
        problem = key_problem(parts, facts, release)
        # one line per unknown key, not one for each key under it
        if problem and not any(problem.startswith(p.split(":")[0] + ".") for p in problems):
            problems.append(problem)
    return problems


# --------------------------------------------------------------------------- the schema


def _json_type(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if value is None:
        return "null"
    return {str: "string", list: "array", dict: "object"}.get(type(value), type(value).__name__)


def schema_problems(
    config: dict, facts: dict, release: str, gives: str = "the file gives", command: bool = False
) -> list[str]:
    """What TLJH's schema says about a config (empty: `tljh-config` would accept it);
    unknown keys are left to `unknown_keys`, which also sees the top level."""
    from jsonschema import Draft7Validator

    validator = Draft7Validator(facts["schema"])
    problems = []
    for error in sorted(
        validator.iter_errors(config), key=lambda e: list(map(str, e.absolute_path))
    ):
        where = ".".join(str(p) for p in error.absolute_path) or "(top level)"
        if error.validator == "additionalProperties":
            continue
        if error.validator == "type":
            wanted = error.validator_value
            wanted = " or ".join(wanted) if isinstance(wanted, list) else wanted
            got = _json_type(error.instance)
            hint = ""
            if wanted == "array" and got == "string":
                hint = " (a list: `tljh-config add-item` adds one item)"
            elif wanted == "boolean":
                hint = " (write true or false)"
            elif wanted == "string" and got in ("integer", "number") and not command:
                hint = " (quote it in YAML)"
            problems.append(f"{where}: TLJH {release} wants {wanted}, {gives} {got}{hint}")
        elif error.validator == "enum":
            choices = ", ".join(repr(c) for c in error.validator_value)
            problems.append(
                f"{where}: TLJH {release} takes one of {choices}, not {error.instance!r}"
            )
        else:
            problems.append(f"{where}: TLJH {release}: {error.message}")
    return problems


def schema_rejects(config: dict, facts: dict) -> bool:
    from jsonschema import Draft7Validator

    return any(True for _ in Draft7Validator(facts["schema"]).iter_errors(config))


# --------------------------------------------------------------------------- config.yaml


def read_config(path: Path) -> dict:
    try:
        config = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise TljhConfigError(f"{relative(path)}: not valid YAML: {exc}") from None
    if config is None:
        return {}
    if not isinstance(config, dict):
        raise TljhConfigError(
            f"{relative(path)}: TLJH's config.yaml is a mapping of keys (users:, https: ...), "
            f"not a {type(config).__name__}"
        )
    return config


def config_file_problems(path: Path, schemas: Path = SCHEMAS) -> list[str]:
    """Problems of one `*tljh-config.yaml` for every kept TLJH release, each naming the
    file, the key path and what to do; a file marked REJECTED must be rejected by each."""
    kept = releases(schemas)
    if not kept:
        return [
            f"{relative(path)}: no TLJH schema kept in {relative(schemas)} (tljh-schema writes one)"
        ]
    try:
        config = read_config(path)
    except TljhConfigError as exc:
        return [str(exc)]
    problems = []
    for release in kept:
        facts = load_facts(release, schemas)
        if expects_rejection(path):
            if not schema_rejects(config, facts):
                problems.append(
                    f"{relative(path)}: says it is rejected by TLJH's schema, but TLJH {release} "
                    "accepts it (fix the mistake it shows, or remove the first line)"
                )
            continue
        found = unknown_keys(config, facts, release) + schema_problems(config, facts, release)
        problems += [f"{relative(path)}: {p}" for p in found]
    return problems


# --------------------------------------------------------------------------- tljh-config


def parse_value(value: str) -> Any:
    """tljh-config's own parse_value (tljh/config.py, 2.0.0)."""
    if re.match(r"^\d+$", value):
        return int(value)
    if re.match(r"^\d+\.\d*$", value):
        return float(value)
    if value.lower() == "true":
        return True
    if value.lower() == "false":
        return False
    return value


def replay(action: str, key: str, value: Any) -> dict:
    """The config `tljh-config set/add-item KEY VALUE` makes from an empty one."""
    parts = key.split(".")
    config: dict = {}
    node = config
    for part in parts[:-1]:
        node = node.setdefault(part, {})
    node[parts[-1]] = [value] if action == "add-item" else deepcopy(value)
    return config


def invocations(text: str) -> list[tuple[int, list[str]]]:
    """(line number, tljh-config's arguments) of every tljh-config command in a shell text;
    a parameter or command substitution becomes UNKNOWN."""
    found = []
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        start, line = i, lines[i]
        while line.endswith("\\") and i + 1 < len(lines):  # continuation lines
            i += 1
            line = line[:-1] + " " + lines[i]
        i += 1
        if line.lstrip().startswith("#"):
            continue
        for match in COMMAND_START.finditer(line):
            rest = PARAMETER.sub(UNKNOWN, line[match.end() :])
            lexer = shlex.shlex(rest, posix=True, punctuation_chars=";&|()<>")
            lexer.whitespace_split = True
            lexer.commenters = "#"
            args = []
            try:
                for token in lexer:
                    if token and set(token) <= set(";&|()<>"):
                        break
                    args.append(token)
            except ValueError:  # an unclosed quote: shellcheck reports it
                continue
            found.append((start + 1, args))
    return found


def command_problems(args: list[str], schemas: Path = SCHEMAS) -> list[str]:
    """What is wrong with one `tljh-config ARGS` for the kept TLJH releases."""
    words = list(args)
    while words and words[0].startswith("-"):  # tljh-config's own options
        option = words.pop(0)
        if option == "--config-path" and words:
            words.pop(0)
        elif option not in (
            "--validate",
            "--no-validate",
            "--config-path",
        ) and not option.startswith("--config-path="):
            return [
                f"tljh-config has no option {option} (--config-path, --validate, --no-validate)"
            ]
    if not words:
        return ["tljh-config without a subcommand only prints its help"]
    action, operands = words[0], words[1:]
    if action not in ACTIONS:
        return [f"tljh-config has no subcommand {action!r}{did_you_mean(action, ACTIONS)}"]
    least, most = ACTIONS[action]
    if not least <= len(operands) <= most:
        wanted = f"{least}" if least == most else f"{least} to {most}"
        return [f"tljh-config {action} takes {wanted} argument(s), not {len(operands)}"]
    if action == "reload":
        if operands and operands[0] not in RELOADABLE:
            return [f"tljh-config reload takes hub or proxy, not {operands[0]!r}"]
        return []
    if action == "show":
        return []
    key = operands[0]
    if UNKNOWN in key:
        if action in ("unset", "remove-item"):
            return []  # the reader names what to remove (key=KEY-PATH)
        return [f"tljh-config {action}: the key is a shell parameter; write the key path itself"]
    problems = []
    for release in releases(schemas):
        facts = load_facts(release, schemas)
        problem = key_problem(key.split("."), facts, release)
        if problem:
            problems.append(f"tljh-config {action} {problem}")
            continue
        if action in ("set", "add-item") and UNKNOWN not in operands[1]:
            config = replay(action, key, parse_value(operands[1]))
            gives = f"tljh-config reads {operands[1]!r} as"
            problems += [
                f"tljh-config {action} {p}"
                for p in schema_problems(config, facts, release, gives, command=True)
            ]
    return problems


def shell_problems(path: Path, schemas: Path = SCHEMAS) -> list[str]:
    """Every problem of the tljh-config commands of one shell snippet, naming file and line."""
    text = path.read_text(encoding="utf-8")
    return [
        f"{relative(path)}:{line}: {problem}"
        for line, args in invocations(text)
        for problem in command_problems(args, schemas)
    ]


def folder_problems(folder: Path, schemas: Path = SCHEMAS) -> list[str]:
    """The TLJH config files and tljh-config commands of one entry's snippet folder."""
    problems = []
    for path in sorted(folder.glob("*.yaml")):
        if is_config_file(path):
            problems += config_file_problems(path, schemas)
    for path in sorted(folder.glob("*.sh")):
        problems += shell_problems(path, schemas)
    return problems


# --------------------------------------------------------------------------- the facts


def _strip(node: Any) -> Any:
    if isinstance(node, dict):
        return {k: _strip(v) for k, v in node.items() if k not in DOCUMENTATION}
    if isinstance(node, list):
        return [_strip(v) for v in node]
    return node


def _literal(source: str, name: str, where: str) -> Any:
    """The value of the module-level `name = <literal>` in a Python source file."""
    for node in ast.parse(source).body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == name for t in node.targets
        ):
            return ast.literal_eval(node.value)
    raise TljhConfigError(f"{where} has no module-level {name} = ...")


def _git_show(clone: Path, release: str, name: str) -> str:
    shown = subprocess.run(
        ["git", "-C", str(clone), "show", f"{release}:{name}"], capture_output=True, text=True
    )
    if shown.returncode != 0:
        raise TljhConfigError(f"{clone}: tag {release} has no {name} ({shown.stderr.strip()})")
    return shown.stdout


def write_schema(clone: Path, release: str, schemas: Path = SCHEMAS) -> Path:
    """TLJH's config schema and configurer defaults at a tag of a git clone, as facts."""
    schema = _literal(_git_show(clone, release, SCHEMA_FILE), "config_schema", SCHEMA_FILE)
    defaults = _literal(_git_show(clone, release, DEFAULTS_FILE), "default", DEFAULTS_FILE)
    facts = {
        "$comment": (
            f"{TLJH_REPO}:{SCHEMA_FILE} (config_schema) and {DEFAULTS_FILE} (default) at tag "
            f"{release}, descriptions removed (python -m troubleshoot tljh-schema regenerates it)"
        ),
        "release": release,
        "source": f"{TLJH_REPO}:{SCHEMA_FILE}",
        "schema": _strip(schema),
        "defaults": defaults,
    }
    schemas.mkdir(parents=True, exist_ok=True)
    out = schemas / f"config-schema-{release}.json"
    out.write_text(json.dumps(facts, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return out

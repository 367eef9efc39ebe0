"""Checks an operator runs against their own hub's configuration: `jupyterhub-troubleshoot
check [jupyterhub_config.py]`.

An entry whose problem shows in the configuration before anything fails declares it in
its front matter, next to the rest of its content:

    checks:
      - certainty: certain            # or likely: the settings usually, not always, mean it
        jupyterhub: ">=5"             # optional; the entry's own range otherwise
        when:                         # every condition must hold
          - setting: JupyterHub.hub_connect_ip
            one_of: ["0.0.0.0", "::"]
          - setting: "*.enable_auth_state"    # any class's section (Authenticator, a subclass)
            one_of: [true]
          - setting: ["*.allowed_users", "*.allow_all"]
            is: unset                 # none of them is set
          - env: JUPYTERHUB_CRYPT_KEY
            is: unset
          - file: JupyterHub.cookie_secret_file   # the machine: a setting that names a file
            is: open-to-others        # or missing, unwritable (by the user running check)
          - command: ConfigurableHTTPProxy.command  # a setting that names a command
            default: configurable-http-proxy        # its value when the config leaves it
            is: missing               # not on PATH (or, a path, not an executable file)
        first_step: Set c.JupyterHub.hub_connect_ip to an address the servers can reach.
        broken: [zero.py]             # the entry's own fragments (snippets/<section>/<id>/):
        fixed: [fix.py]               # tests/test_checks.py proves the check fires on these
                                      # and stays quiet on those; [] when the fix is on the
                                      # machine (a file mode), not in the configuration

`file` and `command` look at the machine the check runs on, as the hub would: a relative
path from the working directory, a bare command on PATH. They are proven by the entries'
scenarios, which run the check in the hub's container before and after the fix.

`troubleshoot generate` writes every entry's checks to troubleshoot/checks.json (package
data), so the command needs neither the docs nor the site: the package installs on its own.
The configuration is loaded with the installed JupyterHub's own loader, as `jupyterhub
--config` does, and nothing is started.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.version import InvalidVersion, Version

CHECKS_JSON = Path(__file__).with_name("checks.json")
CERTAINTIES = ("certain", "likely")
SETTING = re.compile(r"^(?:\*|[A-Za-z_]\w*)\.[A-Za-z_]\w*$")
MISSING = object()
SUBJECTS = ("setting", "env", "file", "command")
# What a file condition can find, and what each means (also the wording of a finding).
FILE_STATES = {
    "open-to-others": "can be read or written by users other than its owner and group",
    "missing": "does not exist",
    "unwritable": "cannot be written by this user",
}


class Invalid(ValueError):
    """A check in an entry's front matter that cannot be run: (where, what) pairs."""

    def __init__(self, problems: list[tuple[str, str]]):
        super().__init__(problems)
        self.problems = problems


class CheckError(Exception):
    """The check cannot run (exit 2): the message says why and what to do."""


# ------------------------------------------------------------------ front matter


CHECK_FIELDS = ("certainty", "jupyterhub", "when", "first_step", "broken", "fixed")


def parse_checks(value: Any, snippets: Path | None = None) -> list[dict]:
    """An entry's `checks:` as plain data, or Invalid naming each problem's place;
    `snippets` is the entry's snippet folder, where broken and fixed files must exist."""
    if not isinstance(value, list) or not value:
        raise Invalid([("", "must be a non-empty list of checks")])
    problems: list[tuple[str, str]] = []
    checks = []
    for n, item in enumerate(value, 1):
        where = f"[{n}]"
        if not isinstance(item, dict):
            problems.append((where, "must be a mapping with certainty, when and first_step"))
            continue
        unknown = set(item) - set(CHECK_FIELDS)
        problems += [(f"{where}.{k}", f"unknown field ({', '.join(CHECK_FIELDS)})")
                     for k in sorted(unknown)]  # fmt: skip
        for key in ("broken", "fixed"):
            files = item.get(key)
            if not isinstance(files, list) or not all(
                isinstance(f, str) and re.match(r"^[\w.-]+\.py$", f) for f in files
            ):
                problems.append((f"{where}.{key}", "must list the entry's snippet files (x.py)"))
            elif snippets is not None:
                problems += [(f"{where}.{key}", f"{snippets / f} does not exist")
                             for f in files if not (snippets / f).is_file()]  # fmt: skip
        if not item.get("broken"):
            problems.append((f"{where}.broken", "name at least one fragment the check finds"))
        if item.get("certainty") not in CERTAINTIES:
            problems.append((f"{where}.certainty", f"must be one of {', '.join(CERTAINTIES)}"))
        if "jupyterhub" in item:
            try:
                SpecifierSet(str(item["jupyterhub"]))
            except InvalidSpecifier:
                problems.append((f"{where}.jupyterhub", "is not a version range like '>=5'"))
        step = item.get("first_step")
        if not isinstance(step, str) or not step.strip() or "\n" in step.strip():
            problems.append((f"{where}.first_step", "must be one line: the fix's first step"))
        when = item.get("when")
        if not isinstance(when, list) or not when:
            problems.append((f"{where}.when", "must be a non-empty list of conditions"))
        else:
            for m, condition in enumerate(when, 1):
                problems += [
                    (f"{where}.when[{m}]{part}", msg)
                    for part, msg in _condition_problems(condition)
                ]
            if item.get("fixed") == [] and not any(
                isinstance(c, dict) and is_machine(c) for c in when
            ):
                problems.append((f"{where}.fixed", "name the fix's fragments; [] is only for a "
                                 "fix made on the machine (a check with a file or command)"))  # fmt: skip
        checks.append(item)
    if problems:
        raise Invalid(problems)
    return checks


def _condition_problems(condition: Any) -> list[tuple[str, str]]:
    if not isinstance(condition, dict):
        return [("", "must be a mapping: setting, env, file or command, and one_of, matches or is")]
    fields = (*SUBJECTS, "one_of", "matches", "is", "default")
    subject = [k for k in SUBJECTS if k in condition]
    tests = [k for k in ("one_of", "matches", "is") if k in condition]
    unknown = set(condition) - set(fields)
    problems = [(f".{k}", f"unknown field ({', '.join(fields)})") for k in sorted(unknown)]
    if len(subject) != 1:
        return problems + [
            ("", "needs exactly one of setting (Class.trait), env (NAME), file or command")
        ]
    if len(tests) != 1:
        return problems + [("", "needs exactly one of one_of, matches or is")]
    name, test = subject[0], tests[0]
    if name in ("file", "command"):
        return problems + _machine_problems(condition, name)
    if "default" in condition:
        problems.append((".default", "only a file or command condition takes a default"))
    names = condition[name] if isinstance(condition[name], list) else [condition[name]]
    if name == "setting":
        bad = [s for s in names if not isinstance(s, str) or not SETTING.match(s)]
        if bad or not names:
            problems.append((".setting", "must be Class.trait or *.trait (or a list of them)"))
    elif not all(isinstance(s, str) and re.match(r"^[A-Za-z_]\w*$", s) for s in names):
        problems.append((".env", "must be an environment variable's name"))
    if len(names) > 1 and test != "is":
        problems.append(("", "a list of settings takes only `is: unset` or `is: set`"))
    if test == "is" and condition["is"] not in ("set", "unset"):
        problems.append((".is", "must be set or unset"))
    if test == "one_of" and not isinstance(condition["one_of"], list):
        problems.append((".one_of", "must be a list of values"))
    if test == "matches":
        try:
            re.compile(str(condition["matches"]))
        except re.error as exc:
            problems.append((".matches", f"is not a regular expression: {exc}"))
    return problems


def render_checks(entries, site_url: str) -> str:
    """troubleshoot/checks.json: what the command needs, for every entry with checks."""
    data = []
    for entry in entries:
        for n, check in enumerate(entry.checks, 1):
            data.append(
                {
                    "entry": entry.id,
                    "n": n,
                    "title": entry.title,
                    "url": site_url.rstrip("/") + "/" + entry.url,
                    "certainty": check["certainty"],
                    "jupyterhub": str(check.get("jupyterhub") or entry.jupyterhub),
                    "when": check["when"],
                    "first_step": check["first_step"].strip(),
                }
            )
    return json.dumps({"checks": data}, indent=1, ensure_ascii=False) + "\n"


def load_checks(path: Path = CHECKS_JSON) -> list[dict]:
    try:
        return json.loads(path.read_text(encoding="utf-8"))["checks"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise CheckError(
            f"{path}: the package's list of checks cannot be read ({exc}); reinstall the "
            "package, or run `python -m troubleshoot generate` in a clone of the guide"
        ) from None


# ------------------------------------------------------------------ the operator's hub


def _machine_problems(condition: dict, name: str) -> list[tuple[str, str]]:
    problems = []
    if (
        not isinstance(condition[name], str)
        or not SETTING.match(condition[name])
        or condition[name].startswith("*")
    ):
        problems.append((f".{name}", "must be one setting, Class.trait"))
    states = FILE_STATES if name == "file" else {"missing": ""}
    if condition.get("is") not in states:
        problems.append((".is", f"must be one of {', '.join(states)}"))
    default = condition.get("default")
    if default is not None and not (
        isinstance(default, str)
        or (isinstance(default, list) and default and all(isinstance(d, str) for d in default))
    ):
        problems.append((".default", "must be the setting's value: a string or list of strings"))
    return problems


def is_machine(condition: dict) -> bool:
    """Whether the condition looks at the machine (a file, a command), not the settings."""
    return "file" in condition or "command" in condition


@dataclass
class Settings:
    """A loaded configuration: the JupyterHub application (config applied to its traits,
    defaults for the rest) and the config object with every class's section."""

    path: Path | None
    version: str
    app: Any
    config: Mapping

    def sections_setting(self, setting: str) -> list[tuple[str, Any]]:
        """(Class.trait, value) for every section that sets it; `*` is any class."""
        cls, trait = setting.split(".", 1)
        found = []
        for section, values in self.config.items():
            if (cls == "*" or section == cls) and isinstance(values, Mapping) and trait in values:
                found.append((f"{section}.{trait}", values[trait]))
        return found

    def value(self, setting: str) -> tuple[str, Any]:
        """The value the hub would use: the config's, else JupyterHub's own default."""
        found = self.sections_setting(setting)
        if found:
            return found[0]
        cls, trait = setting.split(".", 1)
        if cls == "JupyterHub" and self.app.has_trait(trait):
            return f"{setting} (default)", getattr(self.app, trait)
        return setting, MISSING


def load_settings(path: Path | None) -> Settings:
    """The configuration as `jupyterhub --config PATH` would load it, without starting."""
    try:
        import jupyterhub
        from jupyterhub.app import JupyterHub
    except ImportError as exc:
        raise CheckError(
            f"JupyterHub cannot be imported in this Python ({exc}): run the check with the "
            "Python environment your hub runs in (where `jupyterhub --version` works)"
        ) from None
    app = JupyterHub()
    if path is not None:
        if not path.is_file():
            raise CheckError(f"{path}: no such configuration file")
        try:
            app.load_config_file(path.name, path=str(path.parent.resolve()))
        except SystemExit:
            raise CheckError(f"{path}: the configuration exits when it is loaded") from None
        except Exception as exc:  # the config is the operator's Python: anything may raise
            raise CheckError(
                f"{path}: loading it raised {type(exc).__name__}: {exc} (the hub would not "
                "start either: fix that first)"
            ) from None
    return Settings(path, jupyterhub.__version__, app, app.config)


def _text(value: Any) -> str:
    """What `matches` reads: a string as it is, a class as module.Name, others as repr."""
    if isinstance(value, str):
        return value
    if isinstance(value, type):
        return f"{value.__module__}.{value.__qualname__}"
    return repr(value)


def _show(value: Any) -> str:
    return _text(value) if isinstance(value, type) else repr(value)


def _named(condition: dict, settings: Settings, subject: str) -> tuple[str, Any]:
    """(where the value comes from, the value) of a file or command condition's setting."""
    key, value = settings.value(condition[subject])
    if (value is MISSING or type(value).__name__ == "LazyConfigValue") and (
        condition.get("default") is not None
    ):
        return f"{condition[subject]} (default)", condition["default"]
    return key, value


def _file_holds(condition: dict, settings: Settings) -> str | None:
    key, value = _named(condition, settings, "file")
    if not isinstance(value, str) or not value:
        return None
    path = os.path.abspath(os.path.expanduser(value))  # as the hub resolves it
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        mode = None
    except OSError as exc:
        raise CheckError(
            f"cannot look at {path} ({key}): {exc.strerror or exc}; run the check as the "
            "user the hub runs as"
        ) from None
    state = condition["is"]
    if state == "missing":
        found = mode is None
    elif state == "open-to-others":
        found = mode is not None and bool(mode & 0o007)
    else:  # unwritable: the file, or the directory it would be made in
        target = path if mode is not None else os.path.dirname(path)
        found = not os.access(target, os.W_OK)
    return f"{key} = {value!r}: {path} {FILE_STATES[state]}" if found else None


def _command_holds(condition: dict, settings: Settings, env: Mapping[str, str]) -> str | None:
    key, value = _named(condition, settings, "command")
    words = [value] if isinstance(value, str) else value
    if not isinstance(words, list | tuple) or not words or not isinstance(words[0], str):
        return None
    command = words[0]
    if os.sep in command:
        found = not (os.path.isfile(command) and os.access(command, os.X_OK))
        where = "is not an executable file"
    else:
        found = shutil.which(command, path=env.get("PATH", os.defpath)) is None
        where = "is not on PATH"
    return f"{key} = {value!r}: {command} {where}" if found else None


def _holds(condition: dict, settings: Settings, env: Mapping[str, str]) -> str | None:
    """The fact that makes the condition true, in words, or None when it does not hold."""
    if "file" in condition:
        return _file_holds(condition, settings)
    if "command" in condition:
        return _command_holds(condition, settings, env)
    if "env" in condition:
        names = condition["env"] if isinstance(condition["env"], list) else [condition["env"]]
        present = [n for n in names if env.get(n)]
        if condition["is"] == "unset":
            return None if present else " and ".join(names) + " not set in the environment"
        return (
            ", ".join(present) + " set in the environment" if len(present) == len(names) else None
        )
    names = (
        condition["setting"] if isinstance(condition["setting"], list) else [condition["setting"]]
    )
    if "is" in condition:
        found = [f for name in names for f in settings.sections_setting(name)]
        if condition["is"] == "unset":
            return None if found else "none of " + ", ".join(names) + " is set"
        return ", ".join(f"{k} = {_show(v)}" for k, v in found) if found else None
    for name in names:
        candidates = settings.sections_setting(name) or [settings.value(name)]
        for key, value in candidates:
            if value is MISSING or type(value).__name__ == "LazyConfigValue":
                continue
            if "one_of" in condition and any(
                value == wanted and type(value) is type(wanted) for wanted in condition["one_of"]
            ):
                return f"{key} = {_show(value)}"
            if "matches" in condition and re.search(condition["matches"], _text(value)):
                return f"{key} = {_show(value)}"
    return None


def run_checks(checks: list[dict], settings: Settings, env: Mapping[str, str] | None = None):
    """The checks that fire, each with the facts that made it fire."""
    env = os.environ if env is None else env
    try:
        version = Version(settings.version)
    except InvalidVersion:
        raise CheckError(f"JupyterHub's version {settings.version!r} cannot be read") from None
    findings = []
    for check in checks:
        if not SpecifierSet(check["jupyterhub"]).contains(version, prereleases=True):
            continue
        facts = [_holds(c, settings, env) for c in check["when"]]
        if all(facts):
            findings.append({**check, "found": facts})
    return findings

"""`check`: each entry's check fires on the entry's own broken fragments and not on its fixed
ones, loaded by the real JupyterHub config loader; no certain check fires on any fix in the
catalogue; bad input is one line and exit code 2."""

from __future__ import annotations

import json
import sys

import pytest

from troubleshoot import checks
from troubleshoot.__main__ import main
from troubleshoot.model import SNIPPETS, EntryError, parse_entry

CRYPT_KEY = "0123456789abcdef" * 4  # a well-formed key: the fix for an env-unset condition


def entries_with_checks(catalogue):
    return [e for e in catalogue if e.checks]


def environment(check, fixed: bool) -> dict[str, str]:
    """No variables for the broken run; for the fixed run, every variable the check wants
    unset is set, as the entry's fix does."""
    env = {}
    if fixed:
        for condition in check["when"]:
            if condition.get("env") and condition.get("is") == "unset":
                names = (
                    condition["env"] if isinstance(condition["env"], list) else [condition["env"]]
                )
                env.update(dict.fromkeys(names, CRYPT_KEY))
    return env


def fires(entry, check, path, env, machine: bool = True) -> bool:
    """Whether this one check fires on a fragment, as the command would run it; with
    machine=False, on its settings and environment alone (what a file or command
    condition finds is proven by the entry's scenario, on the hub's machine)."""
    rendered = json.loads(checks.render_checks([entry], "https://example.invalid/"))["checks"]
    mine = [c for c in rendered if c["when"] == check["when"]]
    if not machine:
        mine = [{**c, "when": [w for w in c["when"] if not checks.is_machine(w)]} for c in mine]
    settings = checks.load_settings(path)
    return bool(checks.run_checks(mine, settings, env))


def test_some_entries_carry_checks(catalogue):
    assert len(entries_with_checks(catalogue)) >= 3


def test_each_check_fires_on_its_broken_fragments_and_not_on_its_fixed_ones(catalogue):
    failures = []
    for entry in entries_with_checks(catalogue):
        folder = SNIPPETS / entry.section / entry.id
        for n, check in enumerate(entry.checks, 1):
            for name in check["broken"]:
                env = environment(check, fixed=False)
                if not fires(entry, check, folder / name, env, machine=False):
                    failures.append(f"{entry.id} check {n}: silent on broken {name}")
            if any(checks.is_machine(c) for c in check["when"]):
                continue  # quiet on the fixed machine: proven by the entry's scenario
            for name in check.get("fixed", []):
                if fires(entry, check, folder / name, environment(check, fixed=True)):
                    failures.append(f"{entry.id} check {n}: fires on fixed {name}")
    assert not failures, "\n".join(failures)


def test_no_certain_check_fires_on_any_fix_in_the_catalogue(catalogue):
    """A certain check is a certain misconfiguration: the guide's own fixes never have one."""
    certain = [(e, c) for e in entries_with_checks(catalogue) for c in e.checks
               if c["certainty"] == "certain"]  # fmt: skip
    fixes = sorted(SNIPPETS.glob("*/*/fix*.py"))
    assert certain and fixes
    alarms = [
        f"{e.id}: {path.relative_to(SNIPPETS)}"
        for path in fixes
        for e, c in certain
        if fires(e, c, path, environment(c, fixed=True))
    ]
    assert not alarms, "certain checks firing on the guide's fixes:\n" + "\n".join(alarms)


def test_the_command_reports_each_problem_of_a_config_with_several(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("JUPYTERHUB_CRYPT_KEY", raising=False)
    config = tmp_path / "jupyterhub_config.py"
    config.write_text(
        'c.JupyterHub.hub_connect_ip = "0.0.0.0"\nc.Authenticator.enable_auth_state = True\n'
    )
    assert main(["check", str(config), "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    found = {f["entry"] for f in report["findings"]}
    assert {"hub-connect-ip-wrong", "auth-state-crypt-key-missing"} <= found
    assert report["config"] == str(config)
    connect = next(f for f in report["findings"] if f["entry"] == "hub-connect-ip-wrong")
    assert connect["found"] == ["JupyterHub.hub_connect_ip = '0.0.0.0'"]
    assert connect["url"].endswith("/networking/hub-connect-ip-wrong/")


def test_a_clean_config_exits_0(tmp_path, capsys, monkeypatch):
    bin_dir = tmp_path / "bin"  # what a working hub's PATH finds
    bin_dir.mkdir()
    for command in ("configurable-http-proxy", "jupyterhub-singleuser"):
        (bin_dir / command).write_text("#!/bin/sh\n")
        (bin_dir / command).chmod(0o755)
    monkeypatch.setenv("PATH", str(bin_dir))
    monkeypatch.chdir(tmp_path)
    config = tmp_path / "jupyterhub_config.py"
    config.write_text("c.Authenticator.allowed_users = {'alice'}\n")
    assert main(["check", str(config)]) == 0
    assert "no known problems found" in capsys.readouterr().out


def test_list_names_every_check(catalogue, capsys):
    assert main(["check", "--list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == sum(len(e.checks) for e in catalogue)
    assert any(line.startswith("hub-connect-ip-wrong  certain  jupyterhub>=") for line in lines)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("raise RuntimeError('boom')\n", "loading it raised RuntimeError: boom"),
        ("import sys\nsys.exit(3)\n", "the configuration exits when it is loaded"),
        ("c.JupyterHub.hub_ip = \n", "loading it raised SyntaxError"),
    ],
)
def test_a_config_that_fails_to_load_is_one_line_and_exit_2(tmp_path, capsys, text, expected):
    config = tmp_path / "jupyterhub_config.py"
    config.write_text(text)
    assert main(["check", str(config)]) == 2
    err = capsys.readouterr().err
    assert expected in err and str(config) in err and "Traceback" not in err


def test_a_missing_config_is_exit_2(tmp_path, capsys):
    assert main(["check", str(tmp_path / "nope.py")]) == 2
    assert "nope.py: no such configuration file" in capsys.readouterr().err


def test_without_jupyterhub_it_says_which_python_to_use(tmp_path, capsys, monkeypatch):
    monkeypatch.setitem(sys.modules, "jupyterhub", None)  # what Python does when it is absent
    monkeypatch.setitem(sys.modules, "jupyterhub.app", None)
    assert main(["check", str(tmp_path / "x.py")]) == 2
    err = capsys.readouterr().err
    assert "JupyterHub cannot be imported" in err and "jupyterhub --version" in err


@pytest.mark.parametrize(
    "checks_yaml, expected",
    [
        ("checks: yes", "checks: must be a non-empty list of checks"),
        (
            "checks:\n  - certainty: sure\n    when: [{setting: JupyterHub.hub_ip, is: set}]\n"
            "    first_step: x\n    broken: [broken.py]",
            "checks[1].certainty: must be one of certain, likely",
        ),
        (
            "checks:\n  - certainty: certain\n    when: [{setting: hub_ip, is: set}]\n"
            "    first_step: x\n    broken: [broken.py]",
            "checks[1].when[1].setting: must be Class.trait",
        ),
        (
            "checks:\n  - certainty: certain\n    when: [{setting: JupyterHub.hub_ip, matches: '('}]\n"
            "    first_step: x\n    broken: [broken.py]",
            "checks[1].when[1].matches: is not a regular expression",
        ),
        (
            "checks:\n  - certainty: certain\n    when: [{setting: JupyterHub.hub_ip, is: set}]\n"
            "    first_step: x\n    broken: [missing.py]",
            "missing.py does not exist",
        ),
    ],
)
def test_a_bad_check_in_front_matter_names_its_field(catalogue, checks_yaml, expected, tmp_path):
    messages = front_matter_errors(catalogue, checks_yaml, tmp_path)
    assert any(expected in m for m in messages), messages


def front_matter_errors(catalogue, checks_yaml: str, tmp_path) -> list[str]:
    """The errors of hub-connect-ip-wrong's page with its checks replaced by checks_yaml."""
    entry = next(e for e in catalogue if e.id == "hub-connect-ip-wrong")
    text = entry.path.read_text(encoding="utf-8")
    start = text.index("checks:\n")
    end = text.index("\nreproduced:", start)
    page = tmp_path / "networking" / entry.path.name
    page.parent.mkdir(exist_ok=True)
    page.write_text(text[:start] + checks_yaml + text[end:], encoding="utf-8")
    _, errors = parse_entry(page, [t for e in catalogue for t in e.tags])
    return [str(e) for e in errors if isinstance(e, EntryError)]


def write_config(tmp_path, text: str):
    config = tmp_path / "jupyterhub_config.py"
    config.write_text(text)
    return checks.load_settings(config)


FILE_OPEN = {"file": "JupyterHub.cookie_secret_file", "is": "open-to-others"}
COMMAND_MISSING = {
    "command": "ConfigurableHTTPProxy.command", "default": "configurable-http-proxy", "is": "missing"
}  # fmt: skip


def one(condition: dict) -> list[dict]:
    return [{"entry": "x", "jupyterhub": ">=0", "when": [condition]}]


@pytest.mark.parametrize("mode, fires_on", [(0o644, True), (0o604, True), (0o640, False),
                                            (0o600, False), (None, False)])  # fmt: skip
def test_a_file_condition_reads_the_real_mode(tmp_path, mode, fires_on):
    secret = tmp_path / "secret"
    if mode is not None:
        secret.write_text("00")
        secret.chmod(mode)
    settings = write_config(tmp_path, f"c.JupyterHub.cookie_secret_file = {str(secret)!r}\n")
    found = checks.run_checks(one(FILE_OPEN), settings, {})
    assert bool(found) == fires_on
    if fires_on:
        assert found[0]["found"] == [
            f"JupyterHub.cookie_secret_file = {str(secret)!r}: {secret} can be read or written "
            "by users other than its owner and group"
        ]


def test_a_relative_file_is_where_the_hub_runs(tmp_path, monkeypatch):
    (tmp_path / "jupyterhub_cookie_secret").write_text("00")
    (tmp_path / "jupyterhub_cookie_secret").chmod(0o666)
    settings = write_config(tmp_path, "")  # JupyterHub's default, a relative path
    monkeypatch.chdir(tmp_path)
    assert checks.run_checks(one(FILE_OPEN), settings, {})
    monkeypatch.chdir(tmp_path.parent)
    assert not checks.run_checks(one(FILE_OPEN), settings, {})


def test_a_command_condition_looks_on_path_and_at_paths(tmp_path):
    tool = tmp_path / "bin" / "configurable-http-proxy"
    tool.parent.mkdir()
    tool.write_text("#!/bin/sh\n")
    tool.chmod(0o755)
    default = write_config(tmp_path, "")
    assert checks.run_checks(one(COMMAND_MISSING), default, {"PATH": "/nonexistent"})
    assert not checks.run_checks(one(COMMAND_MISSING), default, {"PATH": str(tool.parent)})
    absolute = write_config(tmp_path, f"c.ConfigurableHTTPProxy.command = [{str(tool)!r}]\n")
    assert not checks.run_checks(one(COMMAND_MISSING), absolute, {"PATH": "/nonexistent"})
    tool.chmod(0o644)  # there, but not executable
    assert checks.run_checks(one(COMMAND_MISSING), absolute, {"PATH": "/nonexistent"})


def test_a_file_that_cannot_be_looked_at_is_exit_2(tmp_path, capsys):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    config = tmp_path / "jupyterhub_config.py"
    config.write_text(f"c.JupyterHub.cookie_secret_file = {str(blocker / 'secret')!r}\n")
    assert main(["check", str(config)]) == 2
    err = capsys.readouterr().err
    assert "cannot look at" in err and "Traceback" not in err


@pytest.mark.parametrize(
    "condition, expected",
    [
        ("{file: JupyterHub.cookie_secret_file, is: world-readable}", "when[1].is: must be one of"),
        ("{file: '*.cookie_secret_file', is: missing}", "when[1].file: must be one setting"),
        ("{command: X.command, is: missing, default: 3}", "when[1].default: must be the setting"),
        ("{setting: JupyterHub.hub_ip, is: set, default: x}", "only a file or command condition"),
    ],
)
def test_a_bad_machine_condition_names_its_field(catalogue, condition, expected, tmp_path):
    yaml = (f"checks:\n  - certainty: certain\n    when: [{condition}]\n"
            "    first_step: x\n    broken: [zero.py]\n    fixed: [fix.py]")  # fmt: skip
    assert any(expected in m for m in front_matter_errors(catalogue, yaml, tmp_path)), expected


def test_an_empty_fixed_is_only_for_a_fix_on_the_machine(catalogue, tmp_path):
    yaml = ("checks:\n  - certainty: certain\n    when: [{setting: JupyterHub.hub_ip, is: set}]\n"
            "    first_step: x\n    broken: [zero.py]\n    fixed: []")  # fmt: skip
    assert any("[] is only for a fix made on the machine" in m
               for m in front_matter_errors(catalogue, yaml, tmp_path))  # fmt: skip

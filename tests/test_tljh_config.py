"""The Littlest JupyterHub's configuration, checked against TLJH's own schema
(troubleshoot/tljh_config.py, facts in reference/tljh/)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from types import SimpleNamespace

import pytest

from troubleshoot import model
from troubleshoot.model import SNIPPETS
from troubleshoot.tljh_config import (
    REJECTED,
    SCHEMAS,
    command_problems,
    config_file_problems,
    folder_problems,
    invocations,
    is_config_file,
    load_facts,
    parse_value,
    releases,
    shell_problems,
    write_schema,
)


def write(tmp_path: Path, text: str, name: str = "fix.tljh-config.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def test_the_facts_name_their_source_and_keep_the_newest_release():
    kept = releases()
    assert "2.0.0" in kept  # the newest TLJH release, and the first with a schema
    for release in kept:
        facts = load_facts(release)
        assert facts["release"] == release
        assert f"at tag {release}" in facts["$comment"]
        assert facts["source"] == "jupyterhub/the-littlest-jupyterhub:tljh/config_schema.py"
        assert {"users", "https", "limits", "services"} <= set(facts["schema"]["properties"])
        assert "auth" in facts["defaults"]  # configurer.py reads it; the schema leaves it out


def test_an_ordinary_config_passes_every_release(tmp_path):
    path = write(
        tmp_path,
        "users:\n  admin: [alice]\n  extra_user_groups:\n    staff: [bob]\n"
        "auth:\n  type: oauthenticator.github.GitHubOAuthenticator\n"
        "  GitHubOAuthenticator:\n    client_id: abc\n"
        "https:\n  enabled: true\n  letsencrypt:\n    email: you@example.org\n"
        "    domains: [hub.example.org]\n"
        "limits:\n  memory: 4G\n"
        "services:\n  cull:\n    timeout: 3600\n",
    )
    assert config_file_problems(path) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "users:\n  admins: [alice]\n",
            "users.admins: not a key of TLJH 2.0.0 (did you mean 'admin'?)",
        ),
        # the schema leaves the top level open: TLJH accepts and ignores it, the check does not
        ("limit:\n  memory: 4G\n", "limit: not a key of TLJH 2.0.0 (did you mean 'limits'?)"),
        ("users:\n  admin: alice\n", "users.admin: TLJH 2.0.0 wants array, the file gives string"),
        ("https:\n  enabled: 'yes'\n", "https.enabled: TLJH 2.0.0 wants boolean"),
        ("limits:\n  memory: 4\n", "wants string, the file gives integer (quote it in YAML)"),
        (
            "user_environment:\n  default_app: lab\n",
            "takes one of 'jupyterlab', 'classic', not 'lab'",
        ),
        ("users:\n\tadmin: [alice]\n", "not valid YAML"),
        ("- users\n", "TLJH's config.yaml is a mapping of keys"),
    ],
)
def test_a_wrong_key_path_or_value_is_caught_with_the_file_and_the_path(tmp_path, text, expected):
    path = write(tmp_path, text)
    problems = config_file_problems(path)
    assert any(expected in p and "fix.tljh-config.yaml" in p for p in problems), problems


def test_a_file_that_shows_a_mistake_must_be_rejected_by_the_schema(tmp_path):
    rejected = write(tmp_path, f"{REJECTED}\nusers:\n  admin: alice\n", "broken.tljh-config.yaml")
    assert config_file_problems(rejected) == []
    # an unknown top-level key is not rejected by TLJH's schema: the marker would be false
    ignored = write(tmp_path, f"{REJECTED}\nlimit:\n  memory: 4G\n", "broken.tljh-config.yaml")
    problems = config_file_problems(ignored)
    assert problems and all("but TLJH 2.0.0 accepts it" in p for p in problems), problems


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        ("set users.admins alice", "users.admins: not a key of TLJH 2.0.0 (did you mean 'admin'?)"),
        ("set limit.memory 4G", "limit: not a key of TLJH 2.0.0"),
        ("unset https.letsencrypt.domain", "(did you mean 'domains'?)"),
        (
            "set https.enabled yes",
            "https.enabled: TLJH 2.0.0 wants boolean, tljh-config reads 'yes'",
        ),
        (
            "set limits.cpu 0.5",
            "limits.cpu: TLJH 2.0.0 wants integer, tljh-config reads '0.5' as number",
        ),
        (
            "set limits.memory 4",
            "limits.memory: TLJH 2.0.0 wants string, tljh-config reads '4' as integer",
        ),
        ("set users.admin alice", "wants array, tljh-config reads 'alice' as string (a list"),
        ("set https.letsencrypt.domains hub.example.org", "wants array"),
        ("set services.cull.timeout 1h", "services.cull.timeout: TLJH 2.0.0 wants integer"),
        ("reload hubb", "tljh-config reload takes hub or proxy, not 'hubb'"),
        ("sett base_url /", "no subcommand 'sett' (did you mean 'set'?)"),
        ("set https.enabled", "tljh-config set takes 2 argument(s), not 1"),
    ],
)
def test_a_wrong_key_or_type_in_a_command_is_caught(command, expected):
    problems = command_problems(command.split())
    assert any(expected in p for p in problems), problems


@pytest.mark.parametrize(
    "command",
    [
        "set https.enabled true",
        "set limits.memory 4G",
        "set limits.cpu 2",
        "add-item users.admin alice",
        "remove-item users.admin alice",
        "add-item https.letsencrypt.domains hub.example.org",
        "add-item users.extra_user_groups.staff bob",
        "set auth.type oauthenticator.github.GitHubOAuthenticator",
        "set auth.GitHubOAuthenticator.client_id abc",
        "unset users.admin",
        "--no-validate set base_url /jupyter/",
        "show",
        "reload",
        "reload proxy",
    ],
)
def test_a_right_command_passes(command):
    assert command_problems(command.split()) == []


def test_commands_are_found_in_shell_text_with_file_and_line(tmp_path):
    text = (
        "email=YOU@EXAMPLE.ORG\n"
        'sudo tljh-config set https.letsencrypt.email "$email"\n'
        "# sudo tljh-config set not.checked x\n"
        "sudo -E tljh-config add-item users.admin \\\n  alice && sudo tljh-config reload proxy\n"
        "sudo tljh-config set https.enabled yes\n"
    )
    found = invocations(text)
    assert [(line, args[0]) for line, args in found] == [
        (2, "set"),
        (4, "add-item"),
        (4, "reload"),
        (6, "set"),
    ]
    path = write(tmp_path, text, "fix.sh")
    (problem,) = shell_problems(path)
    assert "fix.sh:6: tljh-config set https.enabled: TLJH 2.0.0 wants boolean" in problem


def test_only_a_removal_may_take_its_key_from_the_reader():
    assert command_problems(["unset", "\x00"]) == []
    (problem,) = command_problems(["set", "\x00", "true"])
    assert "write the key path itself" in problem


def test_parse_value_reads_values_as_tljh_config_does():
    assert parse_value("4") == 4 and parse_value("0.5") == 0.5
    assert parse_value("True") is True and parse_value("false") is False
    assert parse_value("4G") == "4G"


def test_a_page_with_a_wrong_config_fails_validation(tmp_path, monkeypatch):
    folder = tmp_path / "tljh" / "example-problem"
    folder.mkdir(parents=True)
    (folder / "fix.tljh-config.yaml").write_text("users:\n  admins: [alice]\n")
    (folder / "fix.sh").write_text("sudo tljh-config set limits.cpu 0.5\n")
    monkeypatch.setattr(model, "SNIPPETS", tmp_path)
    page = SimpleNamespace(section="tljh", id="example-problem", path=Path("docs/tljh/x.md"))
    errors = [str(e) for e in model._tljh_config_errors([page])]
    assert any("users.admins: not a key" in e for e in errors), errors
    assert any("fix.sh:1: tljh-config set limits.cpu" in e for e in errors), errors


def test_every_tljh_config_of_the_guide_passes():
    problems = [p for folder in sorted(SNIPPETS.glob("*/*")) for p in folder_problems(folder)]
    assert problems == []


def test_only_config_files_are_checked():
    assert is_config_file(Path("fix.tljh-config.yaml"))
    assert not is_config_file(Path("fix.values.yaml")) and not is_config_file(Path("scenario.yaml"))


def test_the_facts_are_written_from_a_clone(tmp_path):
    clone = tmp_path / "tljh"
    (clone / "tljh").mkdir(parents=True)
    (clone / "tljh" / "config_schema.py").write_text(
        '"""doc"""\nconfig_schema = {"properties": {"users": {"type": "object", '
        '"description": "x"}}}\n'
    )
    (clone / "tljh" / "configurer.py").write_text('import os\ndefault = {"auth": {"type": None}}\n')
    git = ["git", "-C", str(clone), "-c", "user.name=t", "-c", "user.email=t@t"]
    subprocess.run([*git[:3], "init", "-q"], check=True)
    subprocess.run([*git, "add", "."], check=True)
    subprocess.run([*git, "commit", "-qm", "x"], check=True)
    subprocess.run([*git, "tag", "9.9.9"], check=True)
    out = write_schema(clone, "9.9.9", tmp_path / "facts")
    facts = json.loads(out.read_text())
    assert facts["schema"] == {"properties": {"users": {"type": "object"}}}
    assert facts["defaults"] == {"auth": {"type": None}}
    assert releases(tmp_path / "facts") == ["9.9.9"] and SCHEMAS.name == "tljh"

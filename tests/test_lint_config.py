"""`nox -s lint` and .pre-commit-config.yaml run the same checks, and every hook is local.

Each command of the lint session is a hook's entry followed by the paths to check, where
pre-commit appends the changed files instead. So every hook's entry must start one
`session.run(...)` of the lint session, and every such command must start with a hook's entry.
"""

from __future__ import annotations

import ast
import shlex
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
NOXFILE = ROOT / "noxfile.py"
PRE_COMMIT_CONFIG = ROOT / ".pre-commit-config.yaml"

# Languages pre-commit runs without installing anything (`unsupported` is pre-commit 4.4's
# new name for `system`). Any other needs network to build the hook's environment.
OFFLINE_LANGUAGES = {"system", "unsupported"}


def lint_commands(noxfile: Path) -> list[tuple[str, ...]]:
    """The leading string arguments of every `session.run(...)` in the `lint` session."""
    tree = ast.parse(noxfile.read_text(encoding="utf-8"))
    (lint,) = [n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == "lint"]
    calls = [
        node
        for node in ast.walk(lint)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "run"
        and isinstance(node.func.value, ast.Name)
        and node.func.value.id == "session"
    ]
    commands = []
    for call in sorted(calls, key=lambda c: c.lineno):
        words = []
        for arg in call.args:
            if not (isinstance(arg, ast.Constant) and isinstance(arg.value, str)):
                break  # computed arguments (file lists) end the literal command
            words.append(arg.value)
        commands.append(tuple(words))
    return commands


def load_repos(config: Path) -> list[dict]:
    return yaml.safe_load(config.read_text(encoding="utf-8"))["repos"]


def hook_entries(config: Path) -> dict[str, tuple[str, ...]]:
    """Hook id -> its entry, split like a shell would."""
    return {
        hook["id"]: tuple(shlex.split(hook["entry"]))
        for repo in load_repos(config)
        for hook in repo["hooks"]
    }


def sync_problems(noxfile: Path, config: Path) -> list[str]:
    commands = lint_commands(noxfile)
    entries = hook_entries(config)
    problems = [
        f"nox -s lint runs `{' '.join(command)}`, which no pre-commit hook's entry starts"
        for command in commands
        if not any(command[: len(entry)] == entry for entry in entries.values())
    ]
    problems += [
        f"pre-commit hook {hook_id!r} runs `{' '.join(entry)}`, which nox -s lint does not"
        for hook_id, entry in entries.items()
        if not any(command[: len(entry)] == entry for command in commands)
    ]
    return problems


def network_problems(config: Path) -> list[str]:
    problems = []
    for repo in load_repos(config):
        if repo["repo"] != "local":
            problems.append(f"repo {repo['repo']!r}: hooks must be `repo: local`")
            continue
        for hook in repo["hooks"]:
            if hook.get("language") not in OFFLINE_LANGUAGES:
                problems.append(f"hook {hook['id']!r}: language must be system")
            if hook.get("additional_dependencies"):
                problems.append(f"hook {hook['id']!r}: additional_dependencies need network")
    return problems


def test_lint_session_and_pre_commit_run_the_same_commands():
    assert sync_problems(NOXFILE, PRE_COMMIT_CONFIG) == []


def test_pre_commit_hooks_need_no_network():
    assert network_problems(PRE_COMMIT_CONFIG) == []


def test_lint_session_commands_are_found():
    tools = {command[0] for command in lint_commands(NOXFILE)}
    assert {"ruff", "codespell", "pymarkdown", "shellcheck", "python"} <= tools


def test_a_hook_missing_from_pre_commit_is_reported(tmp_path):
    repos = load_repos(PRE_COMMIT_CONFIG)
    repos[0]["hooks"] = [h for h in repos[0]["hooks"] if h["id"] != "shellcheck"]
    config = tmp_path / ".pre-commit-config.yaml"
    config.write_text(yaml.safe_dump({"repos": repos}), encoding="utf-8")

    assert sync_problems(NOXFILE, config) == [
        "nox -s lint runs `shellcheck`, which no pre-commit hook's entry starts"
    ]


def test_a_command_missing_from_the_lint_session_is_reported(tmp_path):
    noxfile = tmp_path / "noxfile.py"
    noxfile.write_text(
        "def lint(session):\n    session.run('codespell')\n    session.run('mypy', '.')\n",
        encoding="utf-8",
    )
    config = tmp_path / ".pre-commit-config.yaml"
    hooks = [{"id": "codespell", "entry": "codespell", "language": "system"}]
    config.write_text(
        yaml.safe_dump({"repos": [{"repo": "local", "hooks": hooks}]}), encoding="utf-8"
    )

    assert sync_problems(noxfile, config) == [
        "nox -s lint runs `mypy .`, which no pre-commit hook's entry starts"
    ]


def test_a_changed_hook_argument_is_reported(tmp_path):
    repos = load_repos(PRE_COMMIT_CONFIG)
    for hook in repos[0]["hooks"]:
        if hook["id"] == "ruff-check":
            hook["entry"] = "ruff check --fix --force-exclude"
    config = tmp_path / ".pre-commit-config.yaml"
    config.write_text(yaml.safe_dump({"repos": repos}), encoding="utf-8")

    assert sync_problems(NOXFILE, config) == [
        "nox -s lint runs `ruff check --force-exclude .`, which no pre-commit hook's entry starts",
        "pre-commit hook 'ruff-check' runs `ruff check --fix --force-exclude`, "
        "which nox -s lint does not",
    ]


def test_remote_hooks_and_installed_languages_are_reported(tmp_path):
    config = tmp_path / ".pre-commit-config.yaml"
    config.write_text(
        yaml.safe_dump(
            {
                "repos": [
                    {
                        "repo": "https://github.com/astral-sh/ruff-pre-commit",
                        "rev": "v0.6.0",
                        "hooks": [{"id": "ruff"}],
                    },
                    {
                        "repo": "local",
                        "hooks": [
                            {
                                "id": "codespell",
                                "entry": "codespell",
                                "language": "python",
                                "additional_dependencies": ["codespell"],
                            }
                        ],
                    },
                ]
            }
        ),
        encoding="utf-8",
    )

    assert network_problems(config) == [
        "repo 'https://github.com/astral-sh/ruff-pre-commit': hooks must be `repo: local`",
        "hook 'codespell': language must be system",
        "hook 'codespell': additional_dependencies need network",
    ]

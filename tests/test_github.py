"""The GitHub side: workflows and issue forms, checked before GitHub sees them.

GitHub reports a broken workflow only after a push, and a wrong session name only when the
job runs. These checks catch that here: every file parses; every `uses:` is pinned to a
full commit SHA with the release in a comment; every `nox -s NAME` in a `run:` (directly,
through `env:` or through the job's matrix) names a session that `nox --list` knows; every
checkout drops its token; `run:` scripts pass shellcheck; and the files match GitHub's own
schemas (check-jsonschema's vendored copies, offline). Problems read
`<file>: <path in the YAML>: <what is wrong>`.
"""

from __future__ import annotations

import difflib
import functools
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
GITHUB = ROOT / ".github"
WORKFLOWS = sorted((GITHUB / "workflows").glob("*.y*ml"))
ISSUE_TEMPLATES = GITHUB / "ISSUE_TEMPLATE"
ISSUE_CONFIG = ISSUE_TEMPLATES / "config.yml"
ISSUE_FORMS = sorted(p for p in ISSUE_TEMPLATES.glob("*.y*ml") if p != ISSUE_CONFIG)

# The sessions the README's `nox -s test` runs (lint on its own): CI must run each of them.
README_SUITE = {
    "checks", "scenarios", "browser", "versions", "provenance", "build-zensical", "lint",
}  # fmt: skip

FULL_SHA = re.compile(r"[0-9a-f]{40}")
VERSION_COMMENT = re.compile(r"#\s*v\d+\.\d+\.\d+\s*$")
EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")
MATRIX_EXPRESSION = re.compile(r"\$\{\{\s*matrix\.([\w-]+)\s*\}\}")
SHELL_VARIABLE = re.compile(r"\$(?:\{(\w+)\}|(\w+))")
# A `nox` command word: at the start, after a space or as the end of a path (.venv/bin/nox).
NOX_COMMAND = re.compile(r"(?<![\w.-])nox(?=\s|$)")
SESSION_OPTIONS = {"-s", "-e", "--session", "--sessions"}
SHELL_OPERATOR = re.compile(r"[();<>|&]+")
# Shellcheck codes actionlint also leaves out for `run:`: variables come from `env:`.
SHELLCHECK_EXCLUDE = "SC2154"


def relative(path: Path, root: Path = ROOT) -> str:
    return path.relative_to(root).as_posix()


def load_yaml(text: str) -> tuple[object, dict[str, tuple[str, int]]]:
    """The document with every scalar as written, and each scalar's path -> (value, line).

    Scalars stay strings: PyYAML would read the key `on` as True and `3.10` as 3.1.
    """
    scalars: dict[str, tuple[str, int]] = {}

    def convert(node: yaml.Node, where: str) -> object:
        if isinstance(node, yaml.MappingNode):
            return {
                key.value: convert(value, f"{where}.{key.value}" if where else key.value)
                for key, value in node.value
            }
        if isinstance(node, yaml.SequenceNode):
            return [convert(item, f"{where}[{i}]") for i, item in enumerate(node.value)]
        scalars[where] = (node.value, node.start_mark.line)
        return node.value

    root = yaml.compose(text)
    return (convert(root, "") if root is not None else None), scalars


@dataclass(frozen=True)
class NoxSessions:
    """What `nox -s` accepts: each session's name and each parametrised variant's name."""

    names: frozenset[str]

    def problem(self, name: str) -> str | None:
        if name in self.names:
            return None
        close = difflib.get_close_matches(name, sorted(self.names), n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        return f"{name!r} is not a nox session{hint}"


@functools.cache
def listed_nox_sessions(root: Path = ROOT) -> NoxSessions:
    """Asks nox itself, so a session renamed in noxfile.py fails here, not on GitHub."""
    # --json lists only the selected sessions, which without -s is nox.options.sessions
    # (just "checks"); -k True, a keyword expression that always holds, selects every one.
    command = [sys.executable, "-m", "nox", "-f", "noxfile.py", "--list", "--json", "-k", "True"]
    # NOXSESSION and friends in the caller's environment would narrow the list.
    env = {k: v for k, v in os.environ.items() if not k.startswith("NOX")}
    result = subprocess.run(command, cwd=root, env=env, capture_output=True, text=True, timeout=120)
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{result.stdout}{result.stderr}")
    listed = json.loads(result.stdout)
    # "name" is the bare name (versions), "session" the variant (versions(4.1)).
    return NoxSessions(frozenset(s["name"] for s in listed) | {s["session"] for s in listed})


def pin_problems(reference: str, line: str) -> list[str]:
    """Why a `uses:` value (on that source line) is not pinned the way we pin."""
    if reference.startswith("./"):
        return []  # an action or workflow of this repository, at this commit
    if reference.startswith("docker://"):
        return [] if "@sha256:" in reference else [f"{reference!r} is not pinned by digest"]
    action, _, ref = reference.partition("@")
    if not FULL_SHA.fullmatch(ref):
        return [
            f"{reference!r} is not pinned to a full 40-hex commit SHA"
            f" (write {action}@<sha> # vX.Y.Z)"
        ]
    if not VERSION_COMMENT.search(line):
        return [f"{reference!r} has no version comment (end the line with # vX.Y.Z)"]
    return []


def nox_session_words(script: str) -> list[str]:
    """The words after -s/--session(s) of every `nox` command in a shell script."""
    # Expressions may hold spaces; keep each one a single word while splitting.
    expressions: list[str] = []

    def hide(match: re.Match) -> str:
        expressions.append(match.group(0))
        return f"@expr{len(expressions) - 1}@"

    hidden = EXPRESSION.sub(hide, script.replace("\\\n", " "))
    words: list[str] = []
    for line in hidden.splitlines():
        for command in NOX_COMMAND.finditer(line):
            lexer = shlex.shlex(line[command.end() :], posix=True, punctuation_chars=True)
            lexer.whitespace_split = True
            collecting = False
            for token in lexer:
                if SHELL_OPERATOR.fullmatch(token) or token == "--":
                    break  # the end of this command (or the start of its posargs)
                option, equals, value = token.partition("=")
                if option in SESSION_OPTIONS:
                    collecting = not equals
                    if equals:
                        words.append(value)
                elif token.startswith("-"):
                    collecting = False
                elif collecting:
                    words.append(token)
    return [re.sub(r"@expr(\d+)@", lambda m: expressions[int(m.group(1))], w) for w in words]


def matrix_values(job_id: str, job: dict, key: str) -> tuple[list[tuple[str, str]], list[str]]:
    """(value, path) for each value `matrix.<key>` takes in that job, and any problems."""
    where = f"jobs.{job_id}.strategy.matrix"
    matrix = (job.get("strategy") or {}).get("matrix")
    if not isinstance(matrix, dict):
        return [], [f"{where}: cannot tell the values of matrix.{key}"]
    values: list[tuple[str, str]] = []
    listed = matrix.get(key)
    if isinstance(listed, list):
        values += [(value, f"{where}.{key}") for value in listed if isinstance(value, str)]
    elif listed is not None:
        return [], [f"{where}.{key}: cannot tell its values (not a list)"]
    for i, combination in enumerate(matrix.get("include") or []):
        if isinstance(combination, dict) and isinstance(combination.get(key), str):
            values.append((combination[key], f"{where}.include[{i}].{key}"))
    if not values:
        return [], [f"{where}: matrix.{key} has no values"]
    return values, []


def resolve_session_word(
    word: str, where: str, step: dict, job_id: str, job: dict, workflow: dict
) -> tuple[list[tuple[str, str]], list[str]]:
    """The session names a word of a `run:` stands for, each with the path it is written at."""
    variable = SHELL_VARIABLE.fullmatch(word)
    if not variable:
        return resolve_session_value(word, where, job_id, job)
    name = variable.group(1) or variable.group(2)
    scopes = [
        (step, f"{where.rsplit('.', 1)[0]}.env"),
        (job, f"jobs.{job_id}.env"),
        (workflow, "env"),
    ]
    for scope, env_path in scopes:
        env = scope.get("env")
        if isinstance(env, dict) and name in env:
            return resolve_session_value(env[name], f"{env_path}.{name}", job_id, job)
    return [], [f"{where}: ${name} names the nox session, but no env: sets it"]


def resolve_session_value(
    value: str, where: str, job_id: str, job: dict
) -> tuple[list[tuple[str, str]], list[str]]:
    """A session name as written, or the values of the `${{ matrix.<key> }}` it refers to."""
    matrix = MATRIX_EXPRESSION.fullmatch(value)
    if matrix:
        return matrix_values(job_id, job, matrix.group(1))
    if "$" in value:
        # GitHub does not expand $VAR in env: values, and other expressions are guesswork.
        return [], [f"{where}: cannot tell which nox session {value!r} names"]
    return [(value, where)], []


def run_steps(workflow: dict):
    """(job id, job, step, path of the step) for every step of every job."""
    for job_id, job in (workflow.get("jobs") or {}).items():
        if not isinstance(job, dict):
            continue
        for i, step in enumerate(job.get("steps") or []):
            if isinstance(step, dict):
                yield job_id, job, step, f"jobs.{job_id}.steps[{i}]"


def workflow_problems(path: Path, sessions: NoxSessions, root: Path = ROOT) -> list[str]:
    """Every pinning, session and checkout problem of one workflow file, one line each."""
    name = relative(path, root)
    text = path.read_text(encoding="utf-8")
    try:
        workflow, scalars = load_yaml(text)
    except yaml.YAMLError as error:
        return [f"{name}: not valid YAML: {error}"]
    if not isinstance(workflow, dict):
        return [f"{name}: not a workflow (expected a mapping at the top)"]
    source_lines = text.splitlines()
    problems: list[str] = []

    for where, (value, line) in scalars.items():
        if where.rsplit(".", 1)[-1] == "uses":
            problems += [f"{where}: {p}" for p in pin_problems(value, source_lines[line])]

    for job_id, job, step, where in run_steps(workflow):
        uses = step.get("uses")
        if isinstance(uses, str) and uses.startswith("actions/checkout@"):
            if str((step.get("with") or {}).get("persist-credentials")).lower() != "false":
                problems.append(
                    f"{where}.with.persist-credentials: checkout leaves the token in"
                    " .git/config for every later step; set it to false"
                )
        script = step.get("run")
        if not isinstance(script, str):
            continue
        try:
            words = nox_session_words(script)
        except ValueError as error:  # shlex: an unclosed quote
            problems.append(f"{where}.run: cannot read its nox command: {error}")
            continue
        for word in words:
            named, unresolved = resolve_session_word(
                word, f"{where}.run", step, job_id, job, workflow
            )
            problems += unresolved
            for session, written_at in named:
                problem = sessions.problem(session)
                if problem:
                    problems.append(f"{written_at}: {problem}")

    # A matrix value used by several steps is one problem, not several.
    return [f"{name}: {p}" for p in dict.fromkeys(problems)]


def shell_of(step: dict, job: dict, workflow: dict) -> str:
    """The shell a `run:` runs in: the step's, else the job's or workflow's default, else bash."""
    job_default = ((job.get("defaults") or {}).get("run") or {}).get("shell")
    workflow_default = ((workflow.get("defaults") or {}).get("run") or {}).get("shell")
    for shell in (step.get("shell"), job_default, workflow_default):
        if isinstance(shell, str):
            return shell.split()[0]
    return "bash"


def shellcheck_problems(path: Path, root: Path = ROOT) -> list[str]:
    """shellcheck on every bash/sh `run:` script, as actionlint would run it."""
    shellcheck = shutil.which("shellcheck")
    if shellcheck is None:
        pytest.fail(
            "shellcheck is not installed: apt-get install shellcheck (the README's test command does it)"
        )
    name = relative(path, root)
    workflow, _ = load_yaml(path.read_text(encoding="utf-8"))
    problems: list[str] = []
    for _, job, step, where in run_steps(workflow):
        script = step.get("run")
        shell = shell_of(step, job, workflow)
        if not isinstance(script, str) or shell not in ("bash", "sh"):
            continue
        # GitHub substitutes ${{ }} before the shell runs; a same-length word keeps columns.
        masked = EXPRESSION.sub(lambda m: "_" * len(m.group(0)), script)
        result = subprocess.run(
            [shellcheck, f"--shell={shell}", "--severity=style", "--format=gcc"]
            + [f"--exclude={SHELLCHECK_EXCLUDE}", "-"],
            input=masked,
            capture_output=True,
            text=True,
            timeout=60,
        )
        if result.returncode not in (0, 1):  # 1: findings; anything else: shellcheck failed
            problems.append(f"{name}: {where}.run: shellcheck failed: {result.stderr.strip()}")
        for finding in result.stdout.splitlines():
            # -:LINE:COLUMN: level: message [SCxxxx]
            _, line, _, message = finding.split(":", 3)
            problems.append(f"{name}: {where}.run: line {line}:{message}")
    return problems


def check_jsonschema(schema: str, paths: list[Path]) -> subprocess.CompletedProcess:
    """check-jsonschema with one of its vendored schemas: no network needed."""
    return subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema, *map(str, paths)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture(scope="module")
def nox_sessions() -> NoxSessions:
    try:
        return listed_nox_sessions()
    except RuntimeError as error:
        pytest.fail(str(error))


# --- the repository's files ------------------------------------------------------------


def test_the_github_files_are_there():
    expected = [
        "workflows/tests.yml",
        "workflows/deploy.yml",
        "PULL_REQUEST_TEMPLATE.md",
        "ISSUE_TEMPLATE/not-covered.yml",
        "ISSUE_TEMPLATE/config.yml",
    ]
    assert [p for p in expected if not (GITHUB / p).is_file()] == []


@pytest.mark.parametrize("path", WORKFLOWS + ISSUE_FORMS + [ISSUE_CONFIG], ids=relative)
def test_parses_as_yaml(path):
    try:
        yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        pytest.fail(f"{relative(path)}: not valid YAML: {error}")


@pytest.mark.parametrize("path", WORKFLOWS, ids=relative)
def test_workflow_pins_actions_and_names_real_sessions(path, nox_sessions):
    problems = workflow_problems(path, nox_sessions)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("path", WORKFLOWS, ids=relative)
def test_workflow_run_scripts_pass_shellcheck(path):
    problems = shellcheck_problems(path)
    assert not problems, "\n".join(problems)


def test_ci_runs_every_session_of_the_readme_suite():
    workflow, _ = load_yaml((GITHUB / "workflows" / "tests.yml").read_text(encoding="utf-8"))
    values, problems = matrix_values("nox", workflow["jobs"]["nox"], "session")
    assert not problems, problems
    missing = README_SUITE - {value for value, _ in values}
    assert not missing, f".github/workflows/tests.yml: the matrix leaves out {sorted(missing)}"


@pytest.mark.parametrize(
    ("schema", "paths"),
    [
        pytest.param("vendor.github-workflows", WORKFLOWS, id="workflows"),
        # Without timeout-minutes a hung job holds a runner for six hours.
        pytest.param("custom.github-workflows-require-timeout", WORKFLOWS, id="timeouts"),
        pytest.param("vendor.github-issue-forms", ISSUE_FORMS, id="issue-forms"),
        pytest.param("vendor.github-issue-config", [ISSUE_CONFIG], id="issue-config"),
    ],
)
def test_matches_githubs_schema(schema, paths):
    assert paths, f"no files to check against {schema}"
    result = check_jsonschema(schema, paths)
    assert result.returncode == 0, result.stdout + result.stderr


# --- the checks can fail ---------------------------------------------------------------

BROKEN_WORKFLOW = """\
on: pull_request
env:
  SITE_SESSION: docs-build
jobs:
  nox:
    runs-on: ubuntu-latest
    timeout-minutes: 10
    strategy:
      matrix:
        session: [checks, scenarioz]
        include:
          - session: lnit
    env:
      SESSION: ${{ matrix.session }}
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@5fda3b95a4ea91299a34e894583c3862153e4b97
      - uses: actions/upload-artifact@043fb46d1a93c77aae656e7c1c64a875d1fc6a0a # v7.0.1
      - run: .venv/bin/nox -s "$SESSION"
      - run: |
          python -m nox --session checks "$SITE_SESSION" -- -x
          nox -s "$UNSET"
"""


@pytest.fixture
def broken_workflow(tmp_path) -> Path:
    path = tmp_path / ".github" / "workflows" / "broken.yml"
    path.parent.mkdir(parents=True)
    path.write_text(BROKEN_WORKFLOW, encoding="utf-8")
    return path


def test_checker_names_the_file_and_each_problem(broken_workflow, tmp_path):
    sessions = NoxSessions(frozenset({"checks", "scenarios", "lint", "build"}))
    problems = workflow_problems(broken_workflow, sessions, root=tmp_path)
    name = ".github/workflows/broken.yml"
    assert problems == [
        f"{name}: jobs.nox.steps[0].uses: 'actions/checkout@v4' is not pinned to a full"
        " 40-hex commit SHA (write actions/checkout@<sha> # vX.Y.Z)",
        f"{name}: jobs.nox.steps[1].uses: 'actions/setup-python@5fda3b95a4ea91299a34e894583c3862153e4b97'"
        " has no version comment (end the line with # vX.Y.Z)",
        f"{name}: jobs.nox.steps[0].with.persist-credentials: checkout leaves the token in"
        " .git/config for every later step; set it to false",
        f"{name}: jobs.nox.strategy.matrix.session: 'scenarioz' is not a nox session"
        " (did you mean 'scenarios'?)",
        f"{name}: jobs.nox.strategy.matrix.include[0].session: 'lnit' is not a nox session"
        " (did you mean 'lint'?)",
        f"{name}: env.SITE_SESSION: 'docs-build' is not a nox session (did you mean 'build'?)",
        f"{name}: jobs.nox.steps[4].run: $UNSET names the nox session, but no env: sets it",
    ]


def test_parametrised_sessions_answer_to_their_bare_name():
    sessions = NoxSessions(frozenset({"versions", "versions(4.1)", "versions(5.5)"}))
    assert sessions.problem("versions") is None
    assert sessions.problem("versions(4.1)") is None
    assert (
        sessions.problem("version") == "'version' is not a nox session (did you mean 'versions'?)"
    )


def test_session_words_of_several_commands():
    script = (
        "python3 -m venv .venv && .venv/bin/pip install -q nox && .venv/bin/nox -s checks lint\n"
        "nox --sessions=build -r -- --strict; nox -e ${{ matrix.session }} -p 3.12\n"
    )
    assert nox_session_words(script) == ["checks", "lint", "build", "${{ matrix.session }}"]


def test_real_session_list_comes_from_nox(nox_sessions):
    # The noxfile's own sessions, as nox lists them; a stale hard-coded list would pass.
    assert {"checks", "scenarios", "browser", "lint", "build"} <= nox_sessions.names


def test_schema_check_rejects_a_job_without_timeout(broken_workflow):
    workflow, _ = load_yaml(BROKEN_WORKFLOW)
    del workflow["jobs"]["nox"]["timeout-minutes"]
    broken_workflow.write_text(yaml.safe_dump(workflow), encoding="utf-8")
    result = check_jsonschema("custom.github-workflows-require-timeout", [broken_workflow])
    assert result.returncode == 1
    assert "broken.yml::$.jobs.nox" in result.stdout
    assert "'timeout-minutes' is a required property" in result.stdout


def test_shellcheck_reports_run_script_problems(broken_workflow, tmp_path):
    broken_workflow.write_text(
        "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    timeout-minutes: 5\n"
        "    steps:\n      - run: |\n          cd site\n          ls ${{ github.workspace }}\n",
        encoding="utf-8",
    )
    problems = shellcheck_problems(broken_workflow, root=tmp_path)
    assert len(problems) == 1, problems
    assert problems[0].startswith(".github/workflows/broken.yml: jobs.a.steps[0].run: line 1:")
    assert "[SC2164]" in problems[0]  # cd without `|| exit`

"""`nox -s new`: refuses bad ids, and what it writes fails every check until filled in."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from troubleshoot.model import ROOT
from troubleshoot.scaffold import ScaffoldError, check_new_id


def run(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    # `python -m troubleshoot` from cwd imports cwd's copy of the package, which resolves
    # docs/, snippets/ and tests/ next to itself: the copy, never this checkout.
    return subprocess.run(
        [sys.executable, "-m", "troubleshoot", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def checkout(tmp_path) -> Path:
    """A copy of the project's files (tracked and new, not ignored) to scaffold into."""
    files = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.split(b"\0")
    for name in filter(None, files):
        source = ROOT / name.decode()
        if source.is_file():
            target = tmp_path / name.decode()
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    return tmp_path


@pytest.mark.parametrize(
    ("section", "entry_id", "message"),
    [
        ("proxi", "new-thing", "unknown section 'proxi' (did you mean 'proxy'?)"),
        ("proxy", "New_Thing", "'New_Thing' is not a valid id: use lowercase words joined by '-'"),
        (
            "proxy",
            "port-bind-errors",
            "id 'port-bind-errors' exists: docs/proxy/port-bind-errors.md",
        ),
        # An id is taken in every section, not only in its own.
        ("auth", "port-bind-errors", "id 'port-bind-errors' exists"),
    ],
)
def test_new_refuses(section, entry_id, message):
    with pytest.raises(ScaffoldError) as caught:
        check_new_id(section, entry_id)
    assert message in str(caught.value)


def test_new_refuses_an_id_published_before(checkout):
    urls = checkout / "published-urls.txt"
    urls.write_text(urls.read_text() + "proxy/retired-problem/\n")
    result = run(["new", "networking", "retired-problem"], checkout)
    assert result.returncode == 2
    assert "id 'retired-problem' was published before (proxy/retired-problem/" in result.stderr
    assert not (checkout / "docs" / "networking" / "retired-problem.md").exists()


def test_scaffold_fails_validation_at_every_placeholder(checkout):
    made = run(["new", "networking", "example-new-problem"], checkout)
    assert made.returncode == 0, made.stderr
    page = "docs/networking/example-new-problem.md"
    for written in (
        page,
        "snippets/networking/example-new-problem/broken.py",
        "snippets/networking/example-new-problem/fix.py",
        "snippets/networking/example-new-problem/check.sh",
        "snippets/networking/example-new-problem/verify.sh",
        "snippets/networking/example-new-problem/scenario.yaml",
    ):
        assert f"wrote {written}" in made.stdout
    assert "tests/" not in made.stdout  # a plain scenario is data: nothing in tests/
    assert "networking/example-new-problem/\n" in (checkout / "published-urls.txt").read_text()

    result = run(["validate"], checkout)
    assert result.returncode == 1
    errors = result.stderr.splitlines()
    for field in ("title", "summary", "tags[1]", "jupyterhub", "symptoms[1].id"):
        assert any(e.startswith(f"{page}: {field}: placeholder left") for e in errors), (
            field,
            errors,
        )
    assert any(e.startswith(f"{page}: body line ") for e in errors), errors
    for snippet in ("broken.py", "fix.py", "check.sh", "verify.sh"):
        assert any(
            f"snippet snippets/networking/example-new-problem/{snippet} line" in e for e in errors
        ), (snippet, errors)
    scenario = "snippets/networking/example-new-problem/scenario.yaml"
    for line in (5, 11):  # expect, symptoms
        assert any(e.startswith(f"{scenario} line {line}: placeholder left") for e in errors), (
            line,
            errors,
        )
    # The rest of the catalogue is untouched: every error is about the new entry.
    assert all(
        e.startswith((page, scenario)) for e in errors if ": " in e and not e[0].isdigit()
    ), errors

    # Again is refused: the id now exists.
    again = run(["new", "networking", "example-new-problem"], checkout)
    assert again.returncode == 2 and "exists" in again.stderr


def test_code_scenario_skeleton_fails_until_written(checkout):
    made = run(["new", "networking", "example-new-problem", "--code"], checkout)
    assert made.returncode == 0, made.stderr
    module = checkout / "tests" / "scenarios" / "networking" / "test_example_new_problem.py"
    tree = ast.parse(module.read_text())
    (test,) = [node for node in tree.body if isinstance(node, ast.FunctionDef)]
    assert test.name == "test_example_new_problem"
    marks = [ast.unparse(d) for d in test.decorator_list]
    assert "pytest.mark.reproduces('example-new-problem', 'TODO-short-name')" in marks
    calls = [ast.unparse(n.func) for n in ast.walk(test) if isinstance(n, ast.Call)]
    assert "pytest.fail" in calls
    assert not (checkout / "snippets/networking/example-new-problem/scenario.yaml").exists()


def tree(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in root.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    }


@pytest.mark.parametrize(
    ("section", "entry_id", "options", "scenario"),
    [
        ("scale", "example-scale-problem", [], None),
        (
            "proxy",
            "example-proxy-problem",
            ["--code"],
            "tests/scenarios/proxy/test_example_proxy_problem.py",
        ),
    ],
)
def test_a_new_entry_touches_only_its_own_files(checkout, section, entry_id, options, scenario):
    before = tree(checkout)
    assert run(["new", section, entry_id, *options], checkout).returncode == 0
    after = tree(checkout)
    changed = {path for path in before.keys() | after.keys() if before.get(path) != after.get(path)}
    own = {f"docs/{section}/{entry_id}.md", "published-urls.txt", *([scenario] if scenario else [])}
    own |= {path for path in changed if path.startswith(f"snippets/{section}/{entry_id}/")}
    assert changed == own, sorted(changed - own)
    assert f"snippets/{section}/{entry_id}/broken.py" in changed

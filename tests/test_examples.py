"""Inline Python blocks in docs/ are linted with pytest-examples.

Config that a page shows comes from snippets/ (checked in test_snippets.py); pytest-examples
would read those include blocks as Python, so they are filtered out here. A four-backtick
fence makes its block regex skip the next block silently, so such fences are refused.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pytest_examples import CodeExample, EvalExample, find_examples

from troubleshoot.model import DOCS

PYTHON_FENCE = re.compile(r"^ *```+ *(?:\{\s*\.?)?py", re.M)
FOUR_BACKTICKS = re.compile(r"^\s*````", re.M)
# An include line, or one escaped with ';' to be shown rather than included.
INCLUDE_BLOCK = re.compile(r"^\s*;?-+8<-+", re.M)


def inline_examples(root: Path) -> list[CodeExample]:
    return [ex for ex in find_examples(str(root)) if not INCLUDE_BLOCK.match(ex.source)]


@pytest.fixture
def evaluator(tmp_path, request, monkeypatch):
    # Concise output keeps ruff's line numbers mapped to the Markdown file (ruff >= 0.16).
    monkeypatch.setenv("RUFF_OUTPUT_FORMAT", "concise")
    ev = EvalExample(tmp_path=tmp_path, pytest_request=request)
    # F821: `c` is injected by JupyterHub in config files.
    ev.set_config(ruff_ignore=["F821"], line_length=100, target_version="py311")
    return ev


def lint_problems(evaluator: EvalExample, examples: list[CodeExample]) -> list[str]:
    problems = []
    for example in examples:
        try:
            evaluator.lint(example)
        except (Exception, pytest.fail.Exception) as exc:  # it reports through pytest.fail
            problems.append(f"{example}: {exc}")
    return problems


def test_no_four_backtick_fences():
    offenders = [
        f"{p.relative_to(DOCS.parent)}:{text[: m.start()].count(chr(10)) + 1}"
        for p in sorted(DOCS.rglob("*.md"))
        for text in [p.read_text(encoding="utf-8")]
        for m in FOUR_BACKTICKS.finditer(text)
    ]
    assert not offenders, (
        f"four-backtick fences hide the next code block from the checks: {offenders}"
    )


def test_every_python_fence_is_seen_by_the_checks():
    """Guards the block regex: as many examples found as Python fences written."""
    for page in sorted(DOCS.rglob("*.md")):
        fences = len(PYTHON_FENCE.findall(page.read_text(encoding="utf-8")))
        found = len(list(find_examples(str(page))))
        assert found == fences, f"{page}: {fences} python fences but pytest-examples saw {found}"


def test_inline_python_examples_pass_lint(evaluator):
    problems = lint_problems(evaluator, inline_examples(DOCS))
    assert not problems, "\n".join(problems)


def test_lint_catches_bad_inline_python_and_skips_includes(tmp_path, evaluator):
    page = tmp_path / "page.md"
    page.write_text(
        '```python\n--8<-- "proxy/x/fix.py:fix"\n```\n\n'
        '```python\nimport os\n\nc.JupyterHub.ip = "0.0.0.0"\n```\n'
    )
    examples = inline_examples(tmp_path)
    assert len(examples) == 1, "the include block must be filtered out"
    problems = lint_problems(evaluator, examples)
    assert problems and "F401" in problems[0], problems

"""Meta-test: every `reproduced: true` entry has scenarios claiming each of its symptoms.

Read statically from tests/scenarios/test_*.py (the claims are decorators), so this runs
with the fast checks, without a container engine. At run time the `symptoms` fixture makes
each scenario prove what it claims (tests/scenarios/reproduce.py).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.scenarios.reproduce import HUB_VERSION

SCENARIOS = Path(__file__).parent / "scenarios"


def claims_in(source: str, filename: str) -> list[tuple[str, str, str, int]]:
    """(entry, symptom, file, line) for every @pytest.mark.reproduces(...) in a module."""
    found = []
    for node in ast.walk(ast.parse(source, filename)):
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            continue
        for deco in node.decorator_list:
            if (
                isinstance(deco, ast.Call)
                and isinstance(deco.func, ast.Attribute)
                and deco.func.attr == "reproduces"
            ):
                args = [a.value for a in deco.args if isinstance(a, ast.Constant)]
                if len(args) != len(deco.args) or len(args) < 2:
                    raise AssertionError(
                        f"{filename}:{deco.lineno}: reproduces() takes literal strings: "
                        "an entry id and at least one symptom id"
                    )
                entry_id, *symptom_ids = args
                found += [(entry_id, s, filename, deco.lineno) for s in symptom_ids]
    return found


def all_claims() -> list[tuple[str, str, str, int]]:
    return [
        claim
        for path in sorted(SCENARIOS.glob("test_*.py"))
        for claim in claims_in(path.read_text(encoding="utf-8"), f"tests/scenarios/{path.name}")
    ]


def test_claims_name_real_entries_and_symptoms(catalogue):
    by_id = {e.id: e for e in catalogue}
    problems = []
    for entry_id, symptom_id, where, line in all_claims():
        entry = by_id.get(entry_id)
        if entry is None:
            problems.append(f"{where}:{line}: no entry {entry_id!r}")
        elif symptom_id not in {s.id for s in entry.symptoms}:
            problems.append(f"{where}:{line}: {entry_id} has no symptom {symptom_id!r}")
        elif entry.reproduced is not True:
            problems.append(
                f"{where}:{line}: {entry_id} says it is not reproduced "
                f"({entry.reproduced!r}), but this scenario reproduces it: set reproduced: true"
            )
    assert not problems, "\n".join(problems)


def test_every_reproduced_entry_has_its_symptoms_claimed(catalogue):
    claimed = {(e, s) for e, s, _, _ in all_claims()}
    problems = []
    for entry in catalogue:
        if entry.reproduced is not True:
            continue
        if not any(e == entry.id for e, _ in claimed):
            problems.append(f"{entry.path.name}: reproduced: true, but no scenario reproduces it")
            continue
        for symptom in entry.symptoms:
            if symptom.source or not symptom.applies_to(HUB_VERSION):
                continue
            if (entry.id, symptom.id) not in claimed:
                problems.append(
                    f"{entry.path.name}: symptoms: {symptom.id} applies to JupyterHub "
                    f"{HUB_VERSION} but no scenario asserts it (add it to a scenario's "
                    "@pytest.mark.reproduces, or give the source it is quoted from)"
                )
    assert not problems, "\n".join(problems)


def test_claims_parser_reads_decorators():
    source = "import pytest\n@pytest.mark.reproduces('a-b', 'x', 'y')\ndef test_one(): pass\n"
    assert [c[:2] for c in claims_in(source, "t.py")] == [("a-b", "x"), ("a-b", "y")]
    with pytest.raises(AssertionError, match="literal strings"):
        claims_in("import pytest\n@pytest.mark.reproduces(NAME)\ndef test(): pass\n", "t.py")

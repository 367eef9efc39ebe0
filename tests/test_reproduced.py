"""Meta-test: every `reproduced: true` entry has scenarios claiming each of its symptoms.

Claims are read statically, so this runs with the fast checks, without a container engine:
from the decorators of each entry's code scenario (tests/scenarios/<section>/test_<id>.py),
and from each plain scenario (snippets/<section>/<id>/scenario.yaml: its `symptoms`, by
default every one the release under test prints). At run time the `symptoms` fixture and
tests/scenarios/test_plain.py make each scenario prove what it claims.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.scenarios.reproduce import HUB_VERSION, RELEASES
from troubleshoot.model import relative
from troubleshoot.plain_scenario import plain_scenarios

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


def code_claims() -> list[tuple[str, str, str, int]]:
    return [
        claim
        for path in sorted(SCENARIOS.rglob("test_*.py"))
        for claim in claims_in(path.read_text(encoding="utf-8"), relative(path))
    ]


def plain_claims(catalogue) -> list[tuple[str, str, str, int]]:
    by_id = {e.id: e for e in catalogue}
    found = []
    for spec in plain_scenarios(catalogue):
        where = relative(spec.path)
        claims = spec.claims(by_id[spec.entry_id], RELEASES)
        found += [(entry_id, symptom_id, where, 0) for entry_id, symptom_id in claims]
    return found


def all_claims(catalogue) -> list[tuple[str, str, str, int]]:
    return code_claims() + plain_claims(catalogue)


def test_claims_name_real_entries_and_symptoms(catalogue):
    by_id = {e.id: e for e in catalogue}
    problems = []
    for entry_id, symptom_id, where, line in code_claims():
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
    claimed = {(e, s) for e, s, _, _ in all_claims(catalogue)}
    problems = []
    for entry in catalogue:
        if entry.reproduced is not True:
            continue
        if not any(e == entry.id for e, _ in claimed):
            problems.append(
                f"{entry.path.name}: reproduced: true, but no scenario reproduces it (write "
                f"snippets/{entry.section}/{entry.id}/scenario.yaml, or a module in "
                f"tests/scenarios/{entry.section}/)"
            )
            continue
        for symptom in entry.symptoms:
            if symptom.source or not symptom.applies_to(RELEASES):
                continue
            if (entry.id, symptom.id) not in claimed:
                problems.append(
                    f"{entry.path.name}: symptoms: {symptom.id} applies to JupyterHub "
                    f"{HUB_VERSION} but no scenario asserts it (add it to a scenario's "
                    "@pytest.mark.reproduces or its scenario.yaml, or give the source it is "
                    "quoted from)"
                )
    assert not problems, "\n".join(problems)


def test_claims_parser_reads_decorators():
    source = "import pytest\n@pytest.mark.reproduces('a-b', 'x', 'y')\ndef test_one(): pass\n"
    assert [c[:2] for c in claims_in(source, "t.py")] == [("a-b", "x"), ("a-b", "y")]
    with pytest.raises(AssertionError, match="literal strings"):
        claims_in("import pytest\n@pytest.mark.reproduces(NAME)\ndef test(): pass\n", "t.py")


def test_each_code_scenario_module_belongs_to_its_entry(catalogue):
    """tests/scenarios/<section>/test_<id>.py reproduces entry <id>; it may also claim the
    symptoms of a router page (one that points onwards to causes), named explicitly."""
    by_id = {e.id: e for e in catalogue}
    problems = []
    for path in sorted(SCENARIOS.glob("*/test_*.py")):
        section, entry_id = path.parent.name, path.stem.removeprefix("test_").replace("_", "-")
        if section == "triage":
            # The triage guides' commands (no entry, nothing claimed): must claim nothing.
            assert not claims_in(path.read_text(), relative(path)), relative(path)
            continue
        entry = by_id.get(entry_id)
        if entry is None or entry.section != section:
            problems.append(
                f"{relative(path)}: no entry {section}/{entry_id}: a scenario module is named "
                "after its entry (tests/scenarios/<section>/test_<id with _>.py)"
            )
            continue
        for claimed, symptom_id, where, line in claims_in(path.read_text(), relative(path)):
            other = by_id.get(claimed)
            if claimed != entry_id and (other is None or other.kind != "router"):
                problems.append(
                    f"{where}:{line}: claims {claimed}/{symptom_id}, which is neither this "
                    f"module's entry ({entry_id}) nor a router page: move the test to "
                    f"tests/scenarios/{other.section if other else '<section>'}/"
                    f"test_{claimed.replace('-', '_')}.py"
                )
    assert not problems, "\n".join(problems)

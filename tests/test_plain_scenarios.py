"""scenario.yaml files: the real ones are valid, and a broken one says file, field and fix."""

from __future__ import annotations

import shutil

import pytest

from troubleshoot.model import SNIPPETS
from troubleshoot.plain_scenario import FILENAME, SpecError, plain_scenarios, read_spec


def test_every_scenario_file_is_valid(catalogue):
    found = plain_scenarios(catalogue)
    assert len(found) == len(list(SNIPPETS.glob(f"*/*/{FILENAME}")))


@pytest.fixture
def entry_with_spec(catalogue, tmp_path):
    """A copy of port-bind-errors' snippet folder, to break its scenario file."""
    entry = next(e for e in catalogue if e.id == "port-bind-errors")
    shutil.copytree(SNIPPETS / entry.section, tmp_path / entry.section)

    def write(text: str):
        (tmp_path / entry.section / entry.id / FILENAME).write_text(text)
        return lambda: read_spec(entry, tmp_path)

    return write


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "broken: {config: [broken.py], expct: exit 1}\nfix: {config: [fix.py]}\n",
            "scenario.yaml: broken.expct: unknown field (did you mean 'expect'?)",
        ),
        (
            "broken: {config: [broken.py], expect: exits}\nfix: {config: [fix.py]}\n",
            "scenario.yaml: broken.expect: 'exits': expected 'exit <code>'",
        ),
        (
            "broken: {config: [brokn.py]}\nfix: {config: [fix.py]}\n",
            "scenario.yaml: broken.config[0]: no file snippets/proxy/port-bind-errors/brokn.py",
        ),
        (
            "broken: {config: [broken.py]}\nfix: {run: [fix.sh:nope]}\n",
            "scenario.yaml: fix.run[0].run: snippets/proxy/port-bind-errors/fix.sh has no "
            "section 'nope'",
        ),
        (
            "broken: {config: [broken.py]}\nfix:\n  run:\n    - run: fix.sh:find-owner\n"
            "      on: host\n",
            "scenario.yaml: fix.run[0]: a key YAML reads as True: quote it",
        ),
        (
            "broken: {config: [broken.py]}\nfix:\n  run:\n    - run: fix.sh:stop-owner\n"
            "      with: {pid: $HUB_PID}\n",
            "scenario.yaml: fix.run[0].with.pid: unknown variable '$HUB_PID'",
        ),
        (
            "broken: {config: [broken.py]}\nsymptoms: [adress-in-use]\nfix: {config: [fix.py]}\n",
            "scenario.yaml: symptoms[0]: port-bind-errors has no symptom 'adress-in-use' "
            "(did you mean 'address-in-use'?)",
        ),
        (
            "broken: {config: [broken.py]}\nfix:\n  run:\n    - run: fix.sh:find-owner\n"
            "      output: '(unclosed'\n",
            "scenario.yaml: fix.run[0].output: '(unclosed' is not a regular expression",
        ),
        ("broken: {config: [broken.py]}\n", "scenario.yaml: fix: no fix"),
        (
            "broken: {expect: exit 1, user: [{spawn: you}]}\nfix: {config: [fix.py]}\n",
            "scenario.yaml: broken.user: the hub exits",
        ),
        ("broken: [oops\n", "scenario.yaml: not valid YAML"),
        (
            "hub: {user_image: kernels}\nbroken: {config: [broken.py]}\nfix: {config: [fix.py]}\n",
            "scenario.yaml: hub.user_image: 'kernels' (did you mean 'kernel'?); expected one of",
        ),
    ],
)
def test_a_broken_scenario_file_names_file_field_and_fix(entry_with_spec, text, message):
    read = entry_with_spec(text)
    with pytest.raises(SpecError) as caught:
        read()
    assert any(message in problem for problem in caught.value.problems), caught.value.problems


def test_a_router_claim_must_name_real_symptoms(catalogue, tmp_path):
    entry = next(e for e in catalogue if e.id == "port-bind-errors")
    others = [e for e in catalogue if e.id != entry.id]
    shutil.copytree(SNIPPETS / entry.section, tmp_path / entry.section)
    (tmp_path / entry.section / entry.id / FILENAME).write_text(
        "broken: {config: [broken.py], expect: exit 1}\nfix: {config: [fix.py]}\n"
        "also: {proxy-fails-to-start: [api-request-faild], no-such-entry: [x]}\n"
    )
    with pytest.raises(SpecError) as caught:
        plain_scenarios([entry, *others], tmp_path)
    text = "\n".join(caught.value.problems)
    assert "also.proxy-fails-to-start: no symptom 'api-request-faild'" in text
    assert "(did you mean 'api-request-failed'?)" in text
    assert "also: no entry 'no-such-entry'" in text

"""The drift check: the newest releases against the documented symptoms.

No network: the registries' answers are recorded output, and the sources made-up templates.
"""

from __future__ import annotations

import dataclasses
import json
import subprocess

import pytest
from packaging.specifiers import SpecifierSet

from troubleshoot import drift
from troubleshoot.drift import DriftError, check_drift, parse_npm_versions, parse_pip_index
from troubleshoot.formats import Template

MATRIX = {
    "jupyterhub": ["5.5.4", "6.1.1"],
    "configurable-http-proxy": ["5.3.0"],
    "dockerspawner": ["14.0.0"],
}
PROXY_FAILED = "Proxy failed to start with exit code {}"
# Made-up sources: jupyterhub 6.2.0 rewords one message and drops another.
FAKE_SOURCES = {
    ("jupyterhub", "5.5.4"): [PROXY_FAILED, "Adding route for Hub: {}", "Spawn failed: {}"],
    ("jupyterhub", "6.1.1"): [PROXY_FAILED, "Adding route for Hub: {}", "Spawn failed: {}"],
    ("jupyterhub", "6.2.0"): ["Proxy failed to start, exit code {}", "Spawn failed: {}"],
    ("configurable-http-proxy", "5.3.0"): ["Proxying {} to {}"],
    ("configurable-http-proxy", "5.4.0"): ["Proxying {} to {}"],
    ("dockerspawner", "14.0.0"): ["Container {} is gone"],
}

PIP_OUTPUT = """\
WARNING: pip index is currently an experimental command. It may be removed/changed in a future release without prior warning.
WARNING: Location 'file:///opt/pypi/simple/jupyterhub/' is ignored: it is neither a file nor a directory.
jupyterhub (6.2.0b1)
Available versions: 6.2.0b1, 6.1.1, 6.1.0, 6.0.0b3, 5.5.4
"""
NPM_OUTPUT = json.dumps(["4.6.3", "5.0.0-beta.1", "5.3.0", "5.4.0-beta.1", "not-a-version"])
NPM_OFFLINE = """\
npm error code ECONNREFUSED
npm error syscall connect
npm error errno ECONNREFUSED
npm error FetchError: request to http://registry.example/configurable-http-proxy failed, reason: connect ECONNREFUSED 127.0.0.1:9
npm error     at ClientRequest.<anonymous> (/usr/lib/node_modules/npm/lib/index.js:130:14)
npm error A complete log of this run can be found in: /root/.npm/_logs/debug-0.log
"""
PIP_OFFLINE = """\
WARNING: Retrying (Retry(total=0, connect=None, read=None, redirect=None, status=None)) after connection broken by 'NewConnectionError("Failed to establish a new connection")': /simple/jupyterhub/
ERROR: No matching distribution found for jupyterhub
"""


def fake_templates(package: str, version: str) -> list[Template]:
    return [
        Template(text, "jupyterhub/app.py" if package == "jupyterhub" else f"{package}.js", n)
        for n, text in enumerate(FAKE_SOURCES[(package, version)], 1)
    ]


@pytest.fixture
def entry(catalogue):
    """A real entry, its symptoms replaced by each test."""
    return next(e for e in catalogue if e.id == "proxy-fails-to-start")


def with_symptoms(entry, *changes: dict):
    template = dataclasses.replace(entry.symptoms[0], range_reason=None, source=None)
    symptoms = [
        dataclasses.replace(template, id=f"symptom-{n}", printed_by="hub", **change)
        for n, change in enumerate(changes, 1)
    ]
    return dataclasses.replace(entry, symptoms=symptoms)


def hub_symptom(message: str, versions: str = ">=5") -> dict:
    return {"message": message, "versions": SpecifierSet(versions)}


NEWEST = {"jupyterhub": "6.2.0", "configurable-http-proxy": "5.3.0"}


def drift_of(entry, newest=NEWEST):
    return check_drift([entry], newest, MATRIX, fake_templates)


# --- the newest release on each registry --------------------------------------------------


def test_pip_index_output_gives_its_heading_release():
    assert parse_pip_index(PIP_OUTPUT, "jupyterhub") == "6.2.0b1"
    assert parse_pip_index(PIP_OUTPUT, "JupyterHub") == "6.2.0b1"


def test_pip_index_output_without_a_heading_is_an_error():
    with pytest.raises(DriftError, match=r"no 'jupyterhub \(X.Y.Z\)' line"):
        parse_pip_index("WARNING: something\n", "jupyterhub")


def test_npm_versions_give_the_highest_final_release_unless_pre():
    assert parse_npm_versions(NPM_OUTPUT, "configurable-http-proxy", pre=False) == "5.3.0"
    # As npm spells it: npm pack needs "5.4.0-beta.1", not packaging's "5.4.0b1".
    assert parse_npm_versions(NPM_OUTPUT, "configurable-http-proxy", pre=True) == "5.4.0-beta.1"
    assert parse_npm_versions('"5.3.0"', "configurable-http-proxy", pre=False) == "5.3.0"


def test_npm_versions_without_a_final_release_are_an_error():
    with pytest.raises(DriftError, match=r"no final releases \(--pre counts pre-releases too\)"):
        parse_npm_versions('["6.0.0-rc.1"]', "configurable-http-proxy", pre=False)


@pytest.mark.parametrize("pre", [False, True])
def test_pip_is_asked_for_pre_releases_only_with_pre(monkeypatch, pre):
    commands = []

    def run(command, **_):
        commands.append(command)
        return subprocess.CompletedProcess(command, 0, PIP_OUTPUT, "")

    monkeypatch.setattr(drift.subprocess, "run", run)
    assert drift.newest_on_pypi("jupyterhub", pre) == "6.2.0b1"
    [command] = commands
    assert command[1:] == ["-m", "pip", "index", "versions", "jupyterhub"] + ["--pre"] * pre


@pytest.mark.parametrize(
    ("registry", "output", "reason"),
    [
        ("npm", NPM_OFFLINE, "connect ECONNREFUSED 127.0.0.1:9"),
        ("pypi", PIP_OFFLINE, "No matching distribution found for jupyterhub"),
    ],
)
def test_offline_is_one_line_naming_what_and_how_to_fix(
    monkeypatch, capsys, entry, registry, output, reason
):
    def run(command, **_):
        if (command[0] == "npm") == (registry == "npm"):
            return subprocess.CompletedProcess(command, 1, "", output)
        return subprocess.CompletedProcess(command, 0, PIP_OUTPUT, "")  # pip before npm

    monkeypatch.setattr(drift.subprocess, "run", run)
    package = "jupyterhub" if registry == "pypi" else "configurable-http-proxy"
    assert drift.main([entry], templates_of=fake_templates) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    [line] = captured.err.splitlines()
    assert line.startswith(f"drift: cannot find the newest release of {package} on {registry}:")
    assert reason in line and "check the network" in line


def test_a_missing_client_is_one_line(monkeypatch, capsys):
    def run(command, **_):
        raise FileNotFoundError(command[0])

    monkeypatch.setattr(drift.subprocess, "run", run)
    assert drift.print_newest(pre=False) == 2
    [line] = capsys.readouterr().err.splitlines()
    assert "is not installed; install it" in line


# --- the check ----------------------------------------------------------------------------


def test_a_reworded_message_is_changed_wording_old_to_new(entry):
    report = drift_of(with_symptoms(entry, hub_symptom("Proxy failed to start with exit code 1")))
    [changed] = report.changed
    assert changed.old.text == PROXY_FAILED
    assert changed.new.text == "Proxy failed to start, exit code {}"
    assert changed.similarity >= drift.SIMILAR
    assert report.vanished == [] and report.ranges == []
    text = drift.render(report)
    assert text.startswith("# Drift: something drifted in jupyterhub 6.2.0: 1 changed wording")
    assert "- old: `jupyterhub/app.py:1` `Proxy failed to start with exit code {}`" in text
    assert "- new: `jupyterhub/app.py:1` `Proxy failed to start, exit code {}`" in text


def test_a_message_with_nothing_alike_left_has_vanished(entry):
    report = drift_of(with_symptoms(entry, hub_symptom("Adding route for Hub: / => http://hub")))
    [vanished] = report.vanished
    assert vanished.old.text == "Adding route for Hub: {}" and vanished.new is None
    assert report.changed == [] and report.ranges == []  # its range problem is this one
    assert "## Vanished" in drift.render(report)


def test_only_a_template_of_the_same_file_counts_as_the_new_wording(entry):
    def elsewhere(package, version):
        if version == "6.2.0":  # the new wording, in another module
            return [Template("Proxy failed to start, exit code {}", "jupyterhub/proxy.py", 9)]
        return fake_templates(package, version)

    symptomatic = with_symptoms(entry, hub_symptom("Proxy failed to start with exit code 1"))
    report = check_drift([symptomatic], NEWEST, MATRIX, elsewhere)
    assert [d.finding.symptom.id for d in report.vanished] == ["symptom-1"]


def test_a_range_ending_before_the_new_release_is_not_drift(entry):
    ended = with_symptoms(entry, hub_symptom("Adding route for Hub: / => http://hub", ">=5,<6.2"))
    report = drift_of(ended)
    assert report.drifted == 0


def test_a_range_that_ends_too_early_is_now_wrong(entry):
    ended = with_symptoms(entry, hub_symptom("Spawn failed: Timeout", ">=5,<6.2"))
    report = drift_of(ended)
    [problem] = report.ranges
    assert "message found in jupyterhub 6.2.0 but range says" in problem
    assert "## Ranges now wrong" in drift.render(report)


def test_an_old_range_problem_is_not_drift(entry):
    # Wrong for 5.5.4 and 6.1.1 already: `nox -s provenance` says so, not drift.
    wrong = with_symptoms(entry, hub_symptom("Spawn failed: Timeout", "<5"))
    report = drift_of(wrong)
    assert report.drifted == 0 and report.unrelated == 3


def test_nothing_new_to_compare_when_the_newest_is_listed(entry):
    symptomatic = with_symptoms(entry, hub_symptom("Adding route for Hub: / => http://hub"))
    report = drift_of(symptomatic, {"jupyterhub": "6.1.1", "configurable-http-proxy": "5.3.0"})
    assert report.drifted == 0
    assert "nothing new to compare" in drift.render(report)


# --- the command --------------------------------------------------------------------------


@pytest.fixture
def registries(monkeypatch):
    """Registries whose newest releases a test sets."""
    newest = dict(NEWEST)
    monkeypatch.setitem(drift.RESOLVERS, "pypi", lambda package, pre: newest[package])
    monkeypatch.setitem(drift.RESOLVERS, "npm", lambda package, pre: newest[package])
    monkeypatch.setattr(drift, "source_matrix", lambda: MATRIX)
    return newest


def test_nothing_drifted_exits_0(registries, entry, capsys):
    still = with_symptoms(entry, hub_symptom("Spawn failed: Timeout"))
    assert drift.main([still], templates_of=fake_templates) == 0
    out = capsys.readouterr().out
    assert out.startswith("# Drift: nothing drifted (1 documented symptom(s) still printed by")
    assert out.splitlines()[-1] == "newest: jupyterhub=6.2.0 configurable-http-proxy=5.3.0"


def test_drift_exits_1_and_writes_the_report(registries, entry, capsys, tmp_path):
    registries["configurable-http-proxy"] = "5.4.0"
    changed = with_symptoms(entry, hub_symptom("Proxy failed to start with exit code 1"))
    report = tmp_path / "drift.md"
    assert drift.main([changed], report_path=report, templates_of=fake_templates) == 1
    out = capsys.readouterr().out
    assert report.read_text(encoding="utf-8") + "\nnewest: " in out
    assert "| configurable-http-proxy | 5.4.0 | 5.3.0 | 5.3.0 → 5.4.0 |" in out
    assert out.splitlines()[-1] == "newest: jupyterhub=6.2.0 configurable-http-proxy=5.4.0"


def test_print_newest_is_the_reports_last_line(registries, capsys):
    assert drift.print_newest(pre=True) == 0
    assert capsys.readouterr().out == "newest: jupyterhub=6.2.0 configurable-http-proxy=5.3.0\n"


def test_markdown_code_holds_backticks():
    assert drift.code("run `nox`") == "`` run `nox` ``"
    assert drift.code("plain") == "`plain`"

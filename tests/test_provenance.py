"""The provenance check: symptoms traced to format strings, ranges held to where they are.

The fast tests give the check made-up sources; those marked `provenance` read the real
releases of [tool.troubleshoot.sources] (fetched once from PyPI and npm: nox -s provenance).
"""

from __future__ import annotations

import dataclasses

import pytest
from packaging.specifiers import SpecifierSet

from troubleshoot import provenance
from troubleshoot.formats import Template
from troubleshoot.provenance import ProvenanceError, check, source_matrix
from troubleshoot.vocabulary import PRINTERS

MATRIX = {
    "jupyterhub": ["4.1.6", "5.5.4", "6.1.1"],
    "configurable-http-proxy": ["4.6.3", "5.3.0"],
    "dockerspawner": ["14.0.0"],
}
# Made-up sources: the hub's message changed wording in 5.x; the proxy's exists from 5.
FAKE_SOURCES = {
    ("jupyterhub", "4.1.6"): ["Proxy failed to start with status {}", "Adding route for Hub: {}"],
    ("jupyterhub", "5.5.4"): [
        "Proxy failed to start with exit code {}",
        "Adding route for Hub: {}",
    ],
    ("jupyterhub", "6.1.1"): [
        "Proxy failed to start with exit code {}",
        "Adding route for Hub: {}",
    ],
    ("configurable-http-proxy", "4.6.3"): ["Proxying {}://{}:{} to {}"],
    ("configurable-http-proxy", "5.3.0"): ["Proxying {} to {}", "503 GET {} connect {}"],
    ("dockerspawner", "14.0.0"): ["Container {} is gone"],
}


def fake_templates(package: str, version: str) -> list[Template]:
    return [
        Template(text, f"{package}/fake.py", n)
        for n, text in enumerate(FAKE_SOURCES[(package, version)], 1)
    ]


@pytest.fixture
def entry(catalogue):
    """A real entry, its symptoms replaced by each test."""
    return next(e for e in catalogue if e.id == "proxy-fails-to-start")


def with_symptom(entry, **changes):
    symptom = dataclasses.replace(entry.symptoms[0], range_reason=None, source=None, **changes)
    return dataclasses.replace(entry, symptoms=[symptom])


def problems(entry) -> list[str]:
    return check([entry], MATRIX, fake_templates).problems


def test_a_range_that_says_exactly_where_the_message_is_passes(entry):
    hub = with_symptom(
        entry, printed_by="hub", message="Proxy failed to start with exit code 8",
        versions=SpecifierSet(">=5"),
    )  # fmt: skip
    assert problems(hub) == []


def test_a_range_that_misses_a_release_printing_it_is_reported(entry):
    hub = with_symptom(
        entry, printed_by="hub", message="Adding route for Hub: / => http://hub:8081",
        versions=SpecifierSet(">=5.5"),
    )  # fmt: skip
    [problem] = problems(hub)
    assert "message found in jupyterhub 4.1.6 but range says >=5.5" in problem
    assert "jupyterhub/fake.py:2" in problem
    assert problem.startswith("docs/proxy/proxy-fails-to-start.md: failed-to-start-proxy:")


def test_a_range_that_claims_a_release_without_it_is_reported(entry):
    hub = with_symptom(
        entry, printed_by="hub", message="Proxy failed to start with exit code -9",
        versions=SpecifierSet(),
    )  # fmt: skip
    [problem] = problems(hub)
    assert "not found in jupyterhub 4.1.6 but range says every release" in problem


def test_a_narrower_range_needs_its_reason(entry):
    hub = with_symptom(
        entry, printed_by="hub", message="Adding route for Hub: / => http://hub:8081",
        versions=SpecifierSet(">=6"),
    )  # fmt: skip
    assert len(problems(hub)) == 2  # found in 4.1.6 and 5.5.4
    reasoned = dataclasses.replace(
        hub.symptoms[0], range_reason="the route's text comes from a library that changed"
    )
    assert problems(dataclasses.replace(hub, symptoms=[reasoned])) == []


def test_the_proxy_is_held_to_its_own_releases(entry):
    proxy = with_symptom(
        entry, printed_by="proxy", where="proxy-log",
        message="503 GET /hub/login connect ECONNREFUSED 10.89.0.2:8081",
        versions=SpecifierSet(),
    )  # fmt: skip
    [problem] = problems(proxy)
    assert "not found in configurable-http-proxy 4.6.3" in problem


def test_a_message_found_nowhere_is_reported(entry):
    hub = with_symptom(entry, printed_by="hub", message="The hub is made of cheese today")
    [problem] = problems(hub)
    assert "message not found in any release of jupyterhub" in problem


def test_a_message_too_generic_to_find_is_traced_by_the_format_it_names(entry):
    generic = {("configurable-http-proxy", "5.3.0"): "%s %s %s %s"}

    def formats_of(package, version, declared):
        hit = generic.get((package, version)) == declared
        return [Template(declared, "lib/configproxy.js", 515)] if hit else []

    proxy = with_symptom(
        entry, printed_by="proxy", where="proxy-log", format="%s %s %s %s",
        message="503 GET /hub/login connect ECONNREFUSED 10.89.0.2:8081",
        versions=SpecifierSet(">=5"),
    )  # fmt: skip
    report = check([proxy], MATRIX, fake_templates, formats_of)
    assert report.problems == [] and len(report.by_format) == 1
    misfit = dataclasses.replace(proxy.symptoms[0], message="503GET")
    report = check(
        [dataclasses.replace(proxy, symptoms=[misfit])], MATRIX, fake_templates, formats_of
    )
    assert any("is not an instance of '%s %s %s %s'" in p for p in report.problems)


def test_other_programs_are_listed_as_exempt_not_checked(entry):
    node = with_symptom(entry, printed_by="nodejs", message="SyntaxError: Unexpected token")
    report = check([node], MATRIX, fake_templates)
    assert report.problems == [] and report.findings == []
    assert [s.id for _, s in report.exempt] == ["failed-to-start-proxy"]
    assert "1 printed by other programs (exempt)" in report.summary()


def test_source_matrix_errors_name_the_file_and_field(tmp_path):
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text("[tool.troubleshoot]\n")
    with pytest.raises(ProvenanceError, match=r"pyproject.toml: \[tool.troubleshoot.sources\]"):
        source_matrix(pyproject)
    pyproject.write_text(
        '[tool.troubleshoot.sources]\njupyterhub = ["6.1.1", "five"]\n'
        'configurable-http-proxy = ["5.3.0"]\ndockerspawner = ["14.0.0"]\n'
    )
    with pytest.raises(ProvenanceError, match=r"jupyterhub: .* not a release number"):
        source_matrix(pyproject)
    every_but_the_proxy = {package for package, _ in PRINTERS.values()} - {
        "configurable-http-proxy"
    }
    pyproject.write_text(
        "[tool.troubleshoot.sources]\n" + "".join(f'{p} = ["1.0.0"]\n' for p in every_but_the_proxy)
    )
    with pytest.raises(ProvenanceError, match=r"configurable-http-proxy: missing"):
        source_matrix(pyproject)


def test_the_project_lists_releases_of_every_printing_program():
    matrix = source_matrix()
    assert matrix["jupyterhub"] == sorted(matrix["jupyterhub"], key=provenance.Version)
    assert set(matrix) == {package for package, _ in PRINTERS.values()}
    assert {"jupyterhub", "configurable-http-proxy", "dockerspawner", "oauthenticator"} <= set(
        matrix
    )


# Real sources: one deliberately wrong range per printing program, each caught.
WRONG_RANGES = [
    # (printed_by, where, a message that program prints, a range that misses releases)
    ("hub", "hub-log", "Failed to start proxy", ">=5.5"),
    (
        "singleuser",
        "singleuser-log",
        "Failed to connect to my Hub at http://hub:8081/hub/api (attempt 1/5). Is it running?",
        "<5",
    ),
    (
        "proxy",
        "proxy-log",
        "Interpreting ip='*' as all-interfaces. Preferred usage is 0.0.0.0 for all IPv4 or '' "
        "for all-interfaces.",
        ">=5.1",
    ),
    ("dockerspawner", "hub-log", "Container not found: jupyter-alice", ">=15"),
    # The plug-ins with one release at hand: a range that leaves it out.
    ("sudospawner", "hub-log", "Failed to get JSON result from mediator: 'x'", "<1"),
    (
        "systemdspawner",
        "hub-log",
        "user:alice Could not stop already existing unit jupyter-alice-singleuser",
        ">=2",
    ),
    ("batchspawner", "hub-log", "Subprocess returned exitcode 1", "<1.3"),
    ("ldapauthenticator", "hub-log", "Ignoring blank 'bind_dn_template' entry!", "<2"),
]


@pytest.mark.provenance
@pytest.mark.parametrize("printer, where, message, wrong", WRONG_RANGES, ids=lambda v: str(v)[:12])
def test_a_wrong_range_is_caught_in_the_real_sources(entry, printer, where, message, wrong):
    symptom = dataclasses.replace(
        entry.symptoms[0], printed_by=printer, where=where, message=message,
        versions=SpecifierSet(), range_reason=None, source=None,
    )  # fmt: skip
    right = check([dataclasses.replace(entry, symptoms=[symptom])])
    assert right.problems == [] and right.traced, right.problems
    wrong_symptom = dataclasses.replace(symptom, versions=SpecifierSet(wrong))
    report = check([dataclasses.replace(entry, symptoms=[wrong_symptom])])
    assert any(f"but range says {wrong}" in p for p in report.problems), report.problems


@pytest.mark.provenance
def test_the_catalogue_is_traced(catalogue):
    report = check(catalogue)
    assert report.problems == [], "\n".join(report.problems)
    assert report.share > 95, report.summary()

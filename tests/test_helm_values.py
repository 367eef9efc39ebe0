"""Helm values of the Zero to JupyterHub chart, checked against the chart's own schema and
defaults (troubleshoot/helm_values.py, facts in reference/z2jh/)."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import pytest
from packaging.specifiers import SpecifierSet

from troubleshoot import helm_values, model
from troubleshoot.helm_values import (
    REJECTED,
    SCHEMAS,
    chart_releases,
    hub_config_settings,
    is_values_file,
    merged,
    read_values,
    values_problems,
)

ALL = SpecifierSet(">=2")


def write(tmp_path: Path, text: str, name: str = "fix.values.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def test_the_facts_name_their_source_and_cover_each_chart_major():
    releases = chart_releases()
    assert {r.split(".")[0] for r in releases} >= {"2", "3", "4"}
    for release in releases:
        facts = json.loads((SCHEMAS / f"chart-{release}.json").read_text())
        assert f"at tag {release}" in facts["$comment"]
        assert "jupyterhub/zero-to-jupyterhub-k8s:jupyterhub/" in facts["$comment"]
        # closed objects: what makes a typo an error, as in helm
        assert facts["schema"]["additionalProperties"] is False
        assert "hub" in facts["defaults"] and "singleuser" in facts["defaults"]


def test_an_ordinary_values_file_passes_every_release(tmp_path):
    path = write(
        tmp_path,
        "hub:\n  config:\n    Authenticator:\n      allow_all: true\n"
        "singleuser:\n  image:\n    name: quay.io/jupyter/scipy-notebook\n"
        '    tag: "2024-01-01"\n  memory:\n    limit: 2G\n',
    )
    assert values_problems(path, ALL) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("hub:\n  baseurl: /jupyter/\n", "hub.baseurl: not a key of chart 2.0.0, 3.0.0"),
        ("hub:\n  baseurl: /jupyter/\n", "(did you mean 'baseUrl'?)"),
        ("hub:\n  uid: 1000\n", "hub.uid: not a key of chart"),
        ("singleuser:\n  image:\n    tag: 2024.01\n", "wants string, the file gives number (quote"),
        ("singleuser:\n  profileList: {}\n", "singleuser.profileList: chart 2.0.0"),
        (
            "proxy:\n  service:\n    type: LoadBalancr\n",
            "takes one of 'ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName', not 'LoadBalancr'",
        ),
        ("[a list\n", "not valid YAML"),
        ("- hub\n", "a Helm values file is a mapping of keys"),
    ],
)
def test_a_wrong_key_path_or_value_is_caught_with_the_file_and_the_path(tmp_path, text, expected):
    path = write(tmp_path, text)
    problems = values_problems(path, ALL)
    assert any(expected in p and str(path) in p for p in problems), problems


def test_a_key_added_in_a_later_release_is_caught_for_the_earlier_ones(tmp_path):
    # ingress.extraPaths: 4.0.0+ (the chart's changelog; the schemas agree)
    path = write(tmp_path, "ingress:\n  extraPaths: []\n")
    assert values_problems(path, SpecifierSet(">=4")) == []
    (problem,) = values_problems(path, SpecifierSet(">=3"))
    assert "ingress.extraPaths: not a key of chart 3.0.0, 3.3.8" in problem


def test_a_file_that_shows_a_mistake_must_be_rejected(tmp_path):
    rejected = write(tmp_path, f"{REJECTED}\nhub:\n  uid: 1000\n", "broken.values.yaml")
    assert values_problems(rejected, ALL) == []
    accepted = write(tmp_path, f"{REJECTED}\nhub:\n  baseUrl: /\n", "broken.values.yaml")
    problems = values_problems(accepted, ALL)
    assert problems and all("but chart" in p and "accepts it" in p for p in problems), problems


def test_a_range_without_a_kept_release_is_an_error(tmp_path):
    path = write(tmp_path, "hub: {}\n")
    (problem,) = values_problems(path, SpecifierSet(">=99"))
    assert "names no chart release the project keeps" in problem


def test_null_removes_a_default_as_helm_does():
    defaults = {"hub": {"image": {"name": "x", "tag": "1"}, "db": {"type": "sqlite-pvc"}}}
    values = {"hub": {"image": {"tag": None}, "db": {"type": "postgres"}}}
    assert merged(defaults, values) == {"hub": {"image": {"name": "x"}, "db": {"type": "postgres"}}}


def test_hub_config_settings_are_class_and_trait_pairs(tmp_path):
    path = write(
        tmp_path,
        "hub:\n  config:\n    KubeSpawner:\n      start_timeout: 600\n"
        "    JupyterHub:\n      admin_access: false\n",
    )
    assert hub_config_settings(read_values(path)) == [
        ("KubeSpawner", "start_timeout"),
        ("JupyterHub", "admin_access"),
    ]


def test_a_page_with_values_must_name_its_chart_releases(tmp_path, monkeypatch):
    folder = tmp_path / "kubernetes" / "example-problem"
    folder.mkdir(parents=True)
    (folder / "fix.values.yaml").write_text("hub:\n  baseurl: /jupyter/\n")
    monkeypatch.setattr(model, "SNIPPETS", tmp_path)
    page = SimpleNamespace(
        section="kubernetes", id="example-problem", path=Path("docs/kubernetes/x.md"), z2jh=None
    )
    (error,) = model._helm_values_errors([page])
    assert error.field == "z2jh" and 'e.g. z2jh: ">=3"' in str(error)
    page.z2jh = SpecifierSet(">=3")
    errors = [str(e) for e in model._helm_values_errors([page])]
    assert errors and "hub.baseurl: not a key of chart" in errors[0], errors


def test_only_values_files_are_checked():
    assert is_values_file(Path("fix.values.yaml")) and is_values_file(Path("values.yaml"))
    assert not is_values_file(Path("scenario.yaml")) and not is_values_file(Path("fix.py"))


def test_the_triage_guides_values_pass_the_charts_they_name():
    """The Kubernetes guide's values files, against every kept chart release it names."""
    files = helm_values.triage_values_files()
    assert files, "no values file under snippets/triage/: the check goes untested"
    spec = SpecifierSet(helm_values.TRIAGE_CHARTS)
    problems = [p for path in files for p in helm_values.values_problems(path, spec)]
    assert not problems, "\n".join(problems)

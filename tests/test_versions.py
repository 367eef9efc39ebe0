"""The version matrix: config fragments against the JupyterHub release installed here.

`nox -s checks` runs this with the newest JupyterHub; `nox -s versions` runs it once per
release of [tool.troubleshoot] jupyterhub-matrix in pyproject.toml. A page whose range
claims a release must have fragments that set only traits that release has.
"""

from __future__ import annotations

from importlib import metadata

import pytest
from packaging.specifiers import SpecifierSet

from troubleshoot.helm_values import (
    TRIAGE_CHARTS,
    charts_bundling,
    expects_rejection,
    hub_config_settings,
    is_values_file,
    read_values,
    releases_in,
    triage_values_files,
)
from troubleshoot.model import SNIPPETS, did_you_mean, load_catalogue, triage_includes
from troubleshoot.snippets import (
    SnippetError,
    applies,
    check_fragment,
    configurable_classes,
    fragment_paths,
    fragment_range,
    included_fragments,
    jupyterhub_matrix,
    jupyterhub_version,
    range_problems,
)

RELEASE = jupyterhub_version()

# Config that really changed between the releases of the matrix, checked against each
# release it runs on: (class, trait, releases that have it).
TRAIT_HISTORY = [
    ("JupyterHub", "public_url", ">=5"),
    ("Authenticator", "allow_all", ">=5"),
    ("JupyterHubHTTPClient", "session_options", ">=6"),
    ("JupyterHub", "statsd_host", "<6"),
]


def fragments_that_apply():
    """(page, fragment) for every fragment that applies to the installed release."""
    return [
        pytest.param(entry, path, id=f"{entry.id}:{path.name}")
        for entry in load_catalogue()
        for path in included_fragments(entry)
        if applies(entry.jupyterhub, path, RELEASE)
    ]


@pytest.fixture(scope="module")
def classes():
    return configurable_classes()


@pytest.mark.parametrize(("entry", "path"), fragments_that_apply())
def test_fragment_sets_real_traits_on_every_release_its_page_claims(entry, path, classes):
    problems = range_problems(entry.path, entry.jupyterhub, [path], RELEASE, classes)
    assert not problems, "\n".join(problems)


def test_every_fragment_is_checked_on_some_release_of_the_matrix(catalogue):
    matrix = jupyterhub_matrix().values()
    unchecked = [
        f"{path.relative_to(SNIPPETS)} (page {entry.doc_path}, range {entry.jupyterhub}, "
        f"fragment {fragment_range(path) or 'follows the page'})"
        for entry in catalogue
        for path in included_fragments(entry)
        if not any(applies(entry.jupyterhub, path, release) for release in matrix)
    ]
    assert not unchecked, (
        "fragments that apply to no release of the matrix, so nothing checks their traits; "
        f"fix their ranges or extend jupyterhub-matrix in pyproject.toml: {unchecked}"
    )


def values_that_apply() -> list[tuple]:
    """(page, values file, charts) for every Helm values file whose page claims a chart
    release whose hub image has this JupyterHub's major release."""
    bundling = set(charts_bundling(RELEASE))
    found = []
    for entry in load_catalogue():
        charts = [c for c in releases_in(entry.z2jh or SpecifierSet("<0")) if c in bundling]
        folder = SNIPPETS / entry.section / entry.id
        for path in sorted(p for p in folder.glob("*.yaml") if is_values_file(p)):
            if charts and not expects_rejection(path):
                found.append((entry, path, charts))
    # The triage guides' values files, for the charts they name.
    charts = [c for c in releases_in(SpecifierSet(TRIAGE_CHARTS)) if c in bundling]
    found += [(None, path, charts) for path in triage_values_files() if charts]
    return found


def hub_config_problems(name: str, values: dict, charts, classes) -> list[str]:
    """hub.config.<Class>.<trait> of a values file (``name``) that this release and its
    plug-ins lack."""
    problems = []
    where = f"in JupyterHub {RELEASE} and its plug-ins (charts {', '.join(charts)})"
    for class_name, trait in hub_config_settings(values):
        cls = classes.get(class_name)
        if cls is None:
            problems.append(
                f"{name}: hub.config.{class_name}: no such configurable class {where}"
                f"{did_you_mean(class_name, classes)}"
            )
        elif trait not in cls.class_traits(config=True):
            problems.append(
                f"{name}: hub.config.{class_name}.{trait}: no such trait {where}"
                f"{did_you_mean(trait, cls.class_traits(config=True))}"
            )
    return problems


def test_helm_values_set_real_traits_of_their_charts_hub(classes):
    """One test over every values file (none yet on some releases: nothing to skip)."""
    problems = []
    for _entry, path, charts in values_that_apply():
        name = str(path.relative_to(SNIPPETS))
        problems += hub_config_problems(name, read_values(path), charts, classes)
    assert not problems, "\n".join(problems)


def test_a_misspelt_hub_config_trait_or_class_is_caught(classes):
    assert "KubeSpawner" in classes, "jupyterhub-kubespawner is not installed (nox -s versions)"
    values = {
        "hub": {"config": {"KubeSpawner": {"start_timout": 600}, "KubeSpawnr": {"uid": 1000}}}
    }
    problems = hub_config_problems("x.values.yaml", values, ["test"], classes)
    assert any("KubeSpawner.start_timout: no such trait" in p for p in problems), problems
    assert any("did you mean 'start_timeout'" in p for p in problems), problems
    assert any("hub.config.KubeSpawnr: no such configurable class" in p for p in problems)
    good = {"hub": {"config": {"KubeSpawner": {"start_timeout": 600, "profile_list": []}}}}
    assert hub_config_problems("x.values.yaml", good, ["test"], classes) == []


# A values file that shows a wrong kubespawner_override key on purpose names it on its
# first line; the check must then report exactly that key for that file.
KUBESPAWNER_REJECTED = "# rejected by KubeSpawner:"


def kubespawner_rejects(path) -> str | None:
    """The override key a values file says KubeSpawner does not have (its first line)."""
    first = path.read_text(encoding="utf-8").split("\n", 1)[0].strip()
    if first.startswith(KUBESPAWNER_REJECTED):
        return first.removeprefix(KUBESPAWNER_REJECTED).strip()
    return None


def profile_overrides(values: dict) -> list[tuple[str, str]]:
    """(where, key) of every kubespawner_override key in a values file's profile lists:
    singleuser.profileList and hub.config.KubeSpawner.profile_list, each profile's own
    overrides and those of its profile_options (each choice, and the unlisted choice)."""
    hub_config = ((values.get("hub") or {}).get("config") or {}).get("KubeSpawner") or {}
    lists = [
        ("singleuser.profileList", (values.get("singleuser") or {}).get("profileList")),
        ("hub.config.KubeSpawner.profile_list", hub_config.get("profile_list")),
    ]
    found = []
    for where, profiles in lists:
        if isinstance(profiles, dict):  # KubeSpawner 7.1: a mapping of slug to profile
            profiles = list(profiles.values())
        if not isinstance(profiles, list):
            continue
        for i, profile in enumerate(profiles):
            if not isinstance(profile, dict):
                continue
            overrides = [(f"{where}[{i}]", profile.get("kubespawner_override"))]
            for name, option in (profile.get("profile_options") or {}).items():
                option = option or {}
                for choice, settings in (option.get("choices") or {}).items():
                    overrides.append(
                        (
                            f"{where}[{i}].profile_options.{name}.choices.{choice}",
                            (settings or {}).get("kubespawner_override"),
                        )
                    )
                unlisted = option.get("unlisted_choice") or {}
                overrides.append(
                    (
                        f"{where}[{i}].profile_options.{name}.unlisted_choice",
                        unlisted.get("kubespawner_override"),
                    )
                )
            for place, override in overrides:
                if isinstance(override, dict):
                    found += [(f"{place}.kubespawner_override", str(key)) for key in override]
    return found


def profile_override_problems(name: str, values: dict, charts, classes) -> list[tuple[str, str]]:
    """(key, problem) for each kubespawner_override key that is not a setting of the
    KubeSpawner installed here (the one the charts ship). KubeSpawner applies an unknown
    key without a word when its value is a string or number, and fails the spawn with
    AttributeError when it is a mapping."""
    traits = classes["KubeSpawner"].class_traits(config=True)
    kubespawner = metadata.version("jupyterhub-kubespawner")
    where = (
        f"in KubeSpawner {kubespawner} (beside JupyterHub {RELEASE}; charts {', '.join(charts)})"
    )
    return [
        (
            key,
            f"{name}: {place}.{key}: no such KubeSpawner setting {where}"
            f"{did_you_mean(key, traits)}",
        )
        for place, key in profile_overrides(values)
        if key not in traits
    ]


def test_profile_overrides_are_real_kubespawner_traits(classes):
    """Every kubespawner_override key of every values file is a KubeSpawner setting of
    the charts its page claims; a file marked `# rejected by KubeSpawner: <key>` has
    exactly that one wrong key."""
    assert "KubeSpawner" in classes, "jupyterhub-kubespawner is not installed (nox -s versions)"
    problems = []
    for _entry, path, charts in values_that_apply():
        name = str(path.relative_to(SNIPPETS))
        found = profile_override_problems(name, read_values(path), charts, classes)
        marked = kubespawner_rejects(path)
        if marked is None:
            problems += [problem for _key, problem in found]
        elif {key for key, _ in found} != {marked}:
            problems.append(
                f"{name}: says KubeSpawner rejects {marked!r}, but the check reports "
                f"{sorted({key for key, _ in found}) or 'nothing'}"
            )
    assert not problems, "\n".join(problems)


def test_files_marked_rejected_by_kubespawner_are_rejected_here(classes):
    """On every release of the matrix (whatever charts bundle it): a marked file's one
    wrong key is not a setting of the KubeSpawner installed here either."""
    assert "KubeSpawner" in classes, "jupyterhub-kubespawner is not installed (nox -s versions)"
    problems = []
    for path in sorted(SNIPPETS.glob("*/*/*values.yaml")):
        marked = kubespawner_rejects(path)
        if marked is None:
            continue
        name = str(path.relative_to(SNIPPETS))
        found = {
            key for key, _ in profile_override_problems(name, read_values(path), ["-"], classes)
        }
        if found != {marked}:
            problems.append(f"{name}: marked {marked!r}, reported {sorted(found) or 'nothing'}")
    assert not problems, "\n".join(problems)


def test_a_misspelt_profile_override_is_caught(classes):
    assert "KubeSpawner" in classes, "jupyterhub-kubespawner is not installed (nox -s versions)"
    values = {
        "singleuser": {
            "profileList": [
                {"display_name": "Small", "kubespawner_override": {"mem_limt": "2G"}},
                {
                    "display_name": "Large",
                    "profile_options": {
                        "image": {
                            "choices": {"r": {"kubespawner_override": {"imag": "r:1"}}},
                            "unlisted_choice": {"kubespawner_override": {"image": "{value}"}},
                        }
                    },
                },
            ]
        },
        "hub": {
            "config": {
                "KubeSpawner": {
                    "profile_list": [{"kubespawner_override": {"storage": {"capacity": "1Gi"}}}]
                }
            }
        },
    }
    found = profile_override_problems("x.values.yaml", values, ["test"], classes)
    assert {key for key, _ in found} == {"mem_limt", "imag", "storage"}, found
    problems = [problem for _key, problem in found]
    assert any(
        "singleuser.profileList[0].kubespawner_override.mem_limt: no such KubeSpawner setting" in p
        and "did you mean 'mem_limit'" in p
        for p in problems
    ), problems
    assert any(
        "profileList[1].profile_options.image.choices.r.kubespawner_override.imag:" in p
        for p in problems
    ), problems
    assert any(
        "hub.config.KubeSpawner.profile_list[0].kubespawner_override.storage:" in p
        for p in problems
    ), problems
    good = {
        "singleuser": {"profileList": [{"kubespawner_override": {"mem_limit": "2G", "image": "x"}}]}
    }
    assert profile_override_problems("x.values.yaml", good, ["test"], classes) == []


def test_every_values_file_is_checked_on_some_release_of_the_matrix(catalogue):
    matrix = jupyterhub_matrix().values()
    checked = {c for release in matrix for c in charts_bundling(release)}
    unchecked = [
        f"{entry.doc_path} (z2jh {entry.z2jh})"
        for entry in catalogue
        if entry.z2jh is not None and not set(releases_in(entry.z2jh)) & checked
    ]
    assert not unchecked, (
        "pages whose Helm values no release of the matrix checks (their charts bundle no "
        f"JupyterHub of the matrix's major releases): {unchecked}"
    )


def triage_fragments():
    """The config fragments the triage guides (docs/triage/) include: they claim every
    release of the matrix."""
    return sorted({SNIPPETS / p for _, p, _ in triage_includes() if p.endswith(".py")})


@pytest.mark.parametrize("path", triage_fragments(), ids=lambda p: str(p.relative_to(SNIPPETS)))
def test_triage_fragment_sets_real_traits(path, classes):
    problems = check_fragment(path, classes)
    assert not problems, "\n".join(problems)


def test_every_fragment_belongs_to_a_page(catalogue):
    included = {path for entry in catalogue for path in included_fragments(entry)}
    included |= set(triage_fragments())
    assert set(fragment_paths()) <= included, sorted(set(fragment_paths()) - included)


@pytest.mark.parametrize(("class_name", "trait", "present_in"), TRAIT_HISTORY)
def test_trait_history_holds_for_this_release(class_name, trait, present_in, classes):
    expected = SpecifierSet(present_in).contains(RELEASE)
    has_it = class_name in classes and trait in classes[class_name].class_traits(config=True)
    assert has_it == expected, (
        f"JupyterHub {RELEASE}: c.{class_name}.{trait} is "
        f"{'present' if has_it else 'absent'}, but TRAIT_HISTORY says releases {present_in} have it"
    )


def test_a_range_wider_than_the_traits_is_caught(tmp_path, classes):
    """A page claiming '>=4.1' whose fix uses a trait this release lacks is reported."""
    class_name, trait, present_in = next(
        fact for fact in TRAIT_HISTORY if not SpecifierSet(fact[2]).contains(RELEASE)
    )
    page = tmp_path / "example-entry.md"
    fix = tmp_path / "fix.py"
    fix.write_text(f"c.{class_name}.{trait} = None\n")

    problems = range_problems(page, SpecifierSet(">=4.1"), [fix], RELEASE, classes)

    assert len(problems) == 1, problems
    assert problems[0].startswith(f"{page}: jupyterhub: claims jupyterhub '>=4.1'"), problems
    assert f"includes JupyterHub {RELEASE}" in problems[0]
    assert f"c.{class_name}" in problems[0] and str(fix) in problems[0]
    # The two ways out that the message names: narrow the page, or narrow the fragment.
    assert range_problems(page, SpecifierSet(present_in), [fix], RELEASE, classes) == []
    fix.write_text(f'# jupyterhub: "{present_in}"\nc.{class_name}.{trait} = None\n')
    assert range_problems(page, SpecifierSet(">=4.1"), [fix], RELEASE, classes) == []


def test_a_bad_fragment_range_line_names_the_file(tmp_path):
    fragment = tmp_path / "fix.py"
    fragment.write_text("# jupyterhub: version six\nc.JupyterHub.ip = '127.0.0.1'\n")
    with pytest.raises(SnippetError, match=r"fix.py: '# jupyterhub:' line: 'version six'"):
        fragment_range(fragment)


def test_a_broken_matrix_names_the_file_and_field(tmp_path):
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text('[tool.troubleshoot]\njupyterhub-matrix = ["5.5.4", "six"]\n')
    with pytest.raises(SnippetError, match=r"jupyterhub-matrix: 'six' is not a release number"):
        jupyterhub_matrix(pyproject)
    pyproject.write_text("[tool.other]\n")
    with pytest.raises(SnippetError, match=r"jupyterhub-matrix: missing or empty"):
        jupyterhub_matrix(pyproject)

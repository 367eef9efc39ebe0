"""Static checks of snippets/: every file is included, fragments set real traits, shell is clean."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from troubleshoot.model import SNIPPETS
from troubleshoot.snippets import (
    SnippetError,
    check_fragment,
    configurable_classes,
    shell_paths,
)


@pytest.fixture(scope="module")
def classes():
    return configurable_classes()


def all_snippet_files():
    return sorted(p for p in SNIPPETS.rglob("*") if p.is_file())


def test_every_snippet_file_is_included_by_a_page(catalogue):
    included = {path for e in catalogue for path, _ in e.snippet_includes()}
    orphans = [
        str(p.relative_to(SNIPPETS))
        for p in all_snippet_files()
        if str(p.relative_to(SNIPPETS)) not in included
    ]
    assert not orphans, f"snippet files no page includes (include them or delete them): {orphans}"


def test_snippets_live_under_their_entry(catalogue):
    by_id = {e.id: e for e in catalogue}
    for path in all_snippet_files():
        parts = path.relative_to(SNIPPETS).parts
        assert len(parts) == 3, f"snippets/{'/'.join(parts)}: use snippets/<section>/<id>/<file>"
        section, entry_id, _ = parts
        assert entry_id in by_id, f"snippets/{'/'.join(parts)}: no entry {entry_id!r}"
        assert by_id[entry_id].section == section, f"snippets/{'/'.join(parts)}: wrong section"


def test_trait_typo_gets_did_you_mean(tmp_path, classes):
    fragment = tmp_path / "typo.py"
    fragment.write_text("c.JupyterHub.hub_ipp = '0.0.0.0'\nc.JupyterHbu.port = 8000\n")
    problems = check_fragment(fragment, classes)
    assert any(
        "c.JupyterHub.hub_ipp: JupyterHub has no configurable trait 'hub_ipp' (did you mean 'hub_ip'?)"
        in p
        for p in problems
    ), problems
    assert any(
        "c.JupyterHbu: no such configurable class" in p and "did you mean 'JupyterHub'" in p
        for p in problems
    ), problems


def test_dockerspawner_traits_are_known(tmp_path, classes):
    fragment = tmp_path / "ok.py"
    fragment.write_text("c.DockerSpawner.remove = True\nc.DockerSpawner.network_name = 'jh'\n")
    assert check_fragment(fragment, classes) == []


def test_fragment_that_does_not_load_names_the_file(tmp_path, classes):
    fragment = tmp_path / "broken.py"
    fragment.write_text("c.JupyterHub.ip = \n")
    with pytest.raises(SnippetError, match=r"broken.py: does not load: SyntaxError"):
        check_fragment(fragment, classes)


@pytest.mark.parametrize("path", shell_paths(), ids=lambda p: str(p.relative_to(SNIPPETS)))
def test_shell_snippet_passes_shellcheck(path):
    shellcheck = shutil.which("shellcheck")
    if shellcheck is None:
        pytest.fail(
            "shellcheck is not installed: apt-get install shellcheck (the README's test command does it)"
        )
    result = subprocess.run(
        [shellcheck, "--severity=style", str(path)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_snippet_sections_run_with_their_parameters(tmp_path, monkeypatch):
    from tests.scenarios import snippets

    monkeypatch.setattr(snippets, "SNIPPETS", tmp_path)
    (tmp_path / "x.sh").write_text(
        '#!/bin/sh\n# --8<-- [start:greet]\nname=alice\necho "hello $name"\n# --8<-- [end:greet]\n'
    )
    assert snippets.section("x.sh", "greet") == 'name=alice\necho "hello $name"\n'
    result = snippets.run_section("x.sh", "greet", name="bob's")
    assert result.returncode == 0 and result.stdout == "hello bob's\n"
    with pytest.raises(KeyError, match="no parameter line user="):
        snippets.run_section("x.sh", "greet", user="bob")
    with pytest.raises(KeyError, match="no section 'nope'"):
        snippets.section("x.sh", "nope")

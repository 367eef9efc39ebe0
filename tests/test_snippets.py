"""Static checks of snippets/: every file is included, fragments set real traits, shell is clean."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from troubleshoot.model import SNIPPETS
from troubleshoot.plain_scenario import FILENAME
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
    """What readers copy; a plain scenario (scenario.yaml) is the test's, not the reader's."""
    included = {path for e in catalogue for path, _ in e.snippet_includes()}
    orphans = [
        str(p.relative_to(SNIPPETS))
        for p in all_snippet_files()
        if str(p.relative_to(SNIPPETS)) not in included and p.name != FILENAME
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
    from tests.hub import sections as snippets

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


# check.sh diagnoses and verify.sh proves the fix (CONTRIBUTING.md, "Two shell files"):
# a reader runs them to look, so neither may change anything. What acts goes in fix.sh.
STATE_CHANGING = re.compile(
    r"(?<![-\w])(?:kill|pkill|rm|rmdir|mkdir|chmod|chown|mv|useradd|userdel)\b"
    r"|\bsystemctl\s+(?:restart|stop|start|reload)\b"
    r"|\bdocker\s+(?:rm|stop|kill|restart|start|volume\s+rm)\b"
    r"|(?:-X|--request)\s*(?:POST|DELETE|PUT|PATCH)\b"
)


TEMP_FILE = re.compile(r"^\s*(\w+)=\$\(mktemp\b", re.M)


def test_check_and_verify_scripts_only_look():
    problems = []
    for path in sorted([*SNIPPETS.glob("*/*/check.sh"), *SNIPPETS.glob("*/*/verify.sh")]):
        text = path.read_text(encoding="utf-8")
        # Removing a temporary file the script made itself is tidying up, not acting.
        own = {f'rm -f "${name}"' for name in TEMP_FILE.findall(text)}
        for number, line in enumerate(text.splitlines(), 1):
            code = "" if line.lstrip().startswith("#") else line.strip()
            if STATE_CHANGING.search(code) and code not in own:
                problems.append(
                    f"snippets/{path.relative_to(SNIPPETS)} line {number}: {line.strip()!r} "
                    f"changes something; {path.name} only looks (move it to fix.sh)"
                )
    assert not problems, "\n".join(problems)


def test_state_changing_commands_are_recognised():
    for command in ('kill "$pid"', "docker rm -f jupyter-x", "curl -X DELETE http://h"):
        assert STATE_CHANGING.search(command), command
    for command in ("ss -ltnp", "docker logs jupyterhub", "ls -l /srv", "docker run --rm x"):
        assert not STATE_CHANGING.search(command), command

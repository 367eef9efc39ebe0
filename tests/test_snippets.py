"""Static checks of snippets/: every file is included, fragments set real traits, shell is clean."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess

import pytest

from troubleshoot.model import SNIPPETS, TRIAGE, triage_guides, triage_includes
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
    included |= {path for _, path, _ in triage_includes()}
    orphans = [
        str(p.relative_to(SNIPPETS))
        for p in all_snippet_files()
        if str(p.relative_to(SNIPPETS)) not in included and p.name != FILENAME
    ]
    assert not orphans, f"snippet files no page includes (include them or delete them): {orphans}"


def test_snippets_live_under_their_entry(catalogue):
    by_id = {e.id: e for e in catalogue}
    guides = {p.stem for p in triage_guides()}
    for path in all_snippet_files():
        parts = path.relative_to(SNIPPETS).parts
        assert len(parts) == 3, f"snippets/{'/'.join(parts)}: use snippets/<section>/<id>/<file>"
        section, entry_id, _ = parts
        if section == TRIAGE:
            assert entry_id in guides, (
                f"snippets/{'/'.join(parts)}: no guide docs/triage/{entry_id}.md"
            )
            continue
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


# ------------------------------------------------- commands that kill, delete or take over

# A reader pastes a fix into a root shell, often unchanged. A command that kills, deletes
# or changes an owner must take its target from the reader (a parameter line whose value
# is a placeholder in capitals, PID or USER-NAME, which no command accepts) or discover it
# ($(pgrep ...)): never a realistic stand-in such as pid=4809 or name=alice, which would
# act on whatever happens to have that number or name.
DESTRUCTIVE = re.compile(
    r"^\s*(?:sudo\s+)?(?P<command>kill|pkill|userdel|deluser|chown|rm"
    r"|(?:docker|podman)\s+(?:container\s+|volume\s+)?rm)\s+(?P<args>.*)$"
)
ASSIGNMENT = re.compile(r"^\s*(\w+)=(.*)$")
PLACEHOLDER = re.compile(r"[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)*")
VARIABLE = re.compile(r"\$\{?(\w+)")
SECTION = re.compile(r"# --8<-- \[start:([\w-]+)\]\n(.*?)# --8<-- \[end:\1\]", re.S)


def unsafe_targets(text: str) -> list[str]:
    """What in `text` (a shell snippet) kills, deletes or chowns a target that the reader
    did not supply and that the command did not discover: one line per such command."""
    problems = []
    for section, body in SECTION.findall(text) or [("(whole file)", text)]:
        values: dict[str, str] = {}
        for line in body.splitlines():
            code = line.split(" #", 1)[0].rstrip()
            if code.lstrip().startswith("#"):
                continue
            if assigned := ASSIGNMENT.match(code):
                values[assigned.group(1)] = assigned.group(2).strip().strip("\"'")
                continue
            found = DESTRUCTIVE.match(code)
            if not found:
                continue
            args = [a for a in shlex.split(found["args"], posix=False) if not a.startswith("-")]
            if found["command"] == "chown":
                args = args[:1]  # the new owner; the paths are the documented ones
            for arg in args:
                if "$(" in arg:
                    continue  # discovered by the command itself
                names = VARIABLE.findall(arg)
                literal = VARIABLE.sub("", arg.strip("\"'")).strip("-/")
                suspects = [n for n in names if _stand_in(values.get(n))]
                if suspects or (not names and not PLACEHOLDER.fullmatch(literal)):
                    problems.append(
                        f"[{section}] {line.strip()!r}: "
                        + (
                            ", ".join(f"{n}={values[n]}" for n in suspects)
                            if suspects
                            else f"literal target {arg}"
                        )
                        + " would act on a real target if pasted unchanged; use a"
                        " placeholder in capitals (pid=PID, name=USER-NAME) or discover it"
                    )
    return problems


def _stand_in(value: str | None) -> bool:
    """A parameter's value that names a real-looking target: not a placeholder, not
    discovered ($(...), $other), not left to the environment (None)."""
    if value is None or value.startswith("$") or "$(" in value:
        return False
    return not PLACEHOLDER.fullmatch(value)


def test_destructive_commands_take_their_target_from_the_reader():
    problems = [
        f"snippets/{path.relative_to(SNIPPETS)} {problem}"
        for path in sorted(SNIPPETS.rglob("*.sh"))
        for problem in unsafe_targets(path.read_text(encoding="utf-8"))
    ]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(
    ("snippet", "unsafe"),
    [
        ('pid=4809\nkill "$pid"', True),
        ('pid=PID\nkill "$pid"', False),
        ("kill 4809", True),
        ('name=alice\ndocker rm -f "jupyter-$name"', True),
        ('name=USER-NAME\ndocker rm -f "jupyter-$name"', False),
        ("sudo docker container rm jupyter-alice", True),
        ('hubuser=root\nchown "$hubuser" "$dir"', True),
        ('hubuser=HUB-USER\nchown "$hubuser" /srv/data', False),
        ('pid=$(pgrep -o -f configurable-http-proxy)\nkill "$pid"', False),
        ('jar=$(mktemp)\nrm -f "$jar"', False),
        ('for fd in x; do\n    pid=${fd#/proc/}\n    kill "$pid"\ndone', False),
        ("rm -rf /srv/jupyterhub", True),
        ("# kill 4809 (a comment)\nps -p 1", False),
    ],
)
def test_the_destructive_command_check_catches_stand_ins(snippet, unsafe):
    text = f"#!/bin/sh\n# --8<-- [start:x]\n{snippet}\n# --8<-- [end:x]\n"
    assert bool(unsafe_targets(text)) == unsafe, unsafe_targets(text)

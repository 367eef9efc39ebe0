"""Plain reproductions as data: `snippets/<section>/<id>/scenario.yaml`.

Most entries reproduce the same way: start a hub from the page's broken fragments, see it
exit or run, let a user try, observe the symptoms, apply the page's fix (fragments and shell
sections), and see the login page or a server work. For those, the scenario is this file,
next to the snippets it names, and one parametrised test runs them all
(tests/scenarios/test_plain.py), the way rust's `compile_fail,E0382` fences are data next to
the prose. Entries with state that a file cannot stage (held ports, old databases, a proxy
left behind) keep a code scenario in tests/scenarios/<section>/test_<id>.py.

    hub: {spawner: docker, args: [--debug], env: {NAME: value}, timeouts: {http_timeout: 15},
          user_image: kernel}             # a variant of the image (tests/hub/user-images/)
    broken:
      config: [broken.py]              # this folder's files, or <section>/<id>/<file>
      before: [secret.sh:make]         # sections run in the hub's container before it starts
      expect: exit 1                   # exit <code> | exit nonzero | running | running-unreachable
      user:                            # what a user does on the running hub, in order
        - {spawn: you, fails: true}
        - {open: user/you/files/hello.txt, status: 500}
      diagnose:                        # the page's check.sh, on the broken hub
        - {run: check.sh:told, in: host, with: {name: $USER_CONTAINER}, output: 'regex'}
    symptoms: [a, b]                   # default: every one this release prints (no `source`)
    also: {http-500-after-spawn: [spawn-failed]}   # a router's symptoms it shows too
    fix:
      config: [broken.py, fix.py]      # the configuration after the fix (default: unchanged)
      run: [{run: fix.sh:fix, with: {hub_user: root}}]   # while the hub's start is held
    verify:
      run: [{run: verify.sh:verify}]   # after the hub started again
      user: server                     # login-page (default) | server

Every problem is reported as `snippets/<section>/<id>/scenario.yaml: field: what is wrong`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .model import SNIPPETS, Entry, did_you_mean, relative
from .vocabulary import ROOT

FILENAME = "scenario.yaml"

SPAWNERS = ("local", "simple", "docker")
# The harness's user image variants, one lock file each (tests/hub/user_image.py).
USER_IMAGES_DIR = ROOT / "tests" / "hub" / "user-images"
TIMEOUTS = ("http_timeout", "start_timeout", "poll_interval")
PLACES = ("hub", "host")
FINAL_CHECKS = ("login-page", "server")
USER_ACTIONS = ("login", "spawn", "open")
# Values a step's `with:`/`env:` may name, filled in by the runner with what its hub uses.
VARIABLES = {
    "$USER_CONTAINER": "the name part of the user 'you's DockerSpawner container (jupyter-<name>)",
    "$HUB_CONTAINER": "the hub's container name",
    "$HUB_TOKEN": "an API token with admin scopes",
}
EXPECT = re.compile(r"^(?:exit (?:\d+|nonzero)|running|running-unreachable)$")
SECTION_REF = re.compile(r"^(?:[a-z0-9-]+/[a-z0-9-]+/)?[\w.-]+\.sh:[a-z][-_0-9a-z]*$")
SECTION_MARK = "--8<-- [start:{}]"


class SpecError(Exception):
    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass(frozen=True)
class Step:
    """A snippet section run on the hub's machine (its container) or on the host."""

    section: str  # path relative to snippets/, then ':' and the section's name
    place: str = "hub"  # `in:` hub (its container, the hub's machine) or host
    values: dict = field(default_factory=dict)  # the section's parameter lines (`name=...`)
    env: dict = field(default_factory=dict)
    fails: bool = False  # a diagnosis that must fail on the broken hub
    output: tuple[str, ...] = ()  # regexes its output must match (each, multi-line)

    @property
    def path(self) -> str:
        return self.section.partition(":")[0]

    @property
    def name(self) -> str:
        return self.section.partition(":")[2]


@dataclass(frozen=True)
class UserAction:
    action: str  # login | spawn | open
    target: str  # a user name, or a path under the hub's URL
    fails: bool = False  # spawn: the server must fail to start
    status: int | None = None  # open: the status of the page it lands on


@dataclass(frozen=True)
class PlainScenario:
    entry_id: str
    path: Path
    spawner: str = "local"
    docker_hub_connect: bool = True
    timeouts: dict | None = None
    user_image: str | None = None  # a variant of the hub image (tests/hub/user-images/)
    args: tuple = ()
    env: dict = field(default_factory=dict)
    broken_config: tuple[str, ...] = ()  # paths relative to snippets/
    before: tuple[Step, ...] = ()
    expect: str = "running"
    user: tuple[UserAction, ...] = ()
    diagnose: tuple[Step, ...] = ()
    symptoms: tuple[str, ...] = ()  # empty: the runner takes every applicable one
    also: dict = field(default_factory=dict)  # other entry (a router) -> its symptoms shown
    fix_config: tuple[str, ...] | None = None
    fix_run: tuple[Step, ...] = ()
    verify_run: tuple[Step, ...] = ()
    verify_user: str = "login-page"

    @property
    def exit_code(self) -> int | None:
        """The exit code the broken hub must exit with (-1: any but 0); None: it runs."""
        if not self.expect.startswith("exit "):
            return None
        code = self.expect.split()[1]
        return -1 if code == "nonzero" else int(code)

    def claims(self, entry: Entry, releases: Mapping[str, str]) -> list[tuple[str, str]]:
        """(entry, symptom) this scenario must show on `releases` ({package: version}):
        the listed symptoms, else every one of the entry that these releases print and
        that is not only quoted from a source; then the routers' symptoms under `also`."""
        own = list(self.symptoms) or [
            s.id for s in entry.symptoms if not s.source and s.applies_to(releases)
        ]
        also = [(other, s) for other, ids in self.also.items() for s in ids]
        return [(entry.id, s) for s in own] + also


PLACEHOLDER = re.compile(r"\bTODO\b")


def placeholder_problems(root: Path = SNIPPETS) -> list[str]:
    """A TODO left by `nox -s new` in any scenario file, one line each; read as text, so it
    is reported even while the page beside it does not validate yet."""
    return [
        f"{relative(path)} line {number}: placeholder left: {line.strip()}"
        for path in sorted(root.glob(f"*/*/{FILENAME}"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if PLACEHOLDER.search(line)
    ]


def spec_path(entry: Entry, root: Path = SNIPPETS) -> Path:
    return root / entry.section / entry.id / FILENAME


class _Reader:
    """Collects `file: field: problem` lines while reading one spec."""

    def __init__(self, path: Path, entry: Entry, root: Path):
        self.path, self.entry, self.root = path, entry, root
        self.folder = f"{entry.section}/{entry.id}"
        self.problems: list[str] = []

    def problem(self, where: str, message: str) -> None:
        self.problems.append(f"{relative(self.path)}: {where}: {message}")

    def mapping(self, where: str, value: Any, keys: tuple[str, ...]) -> dict:
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.problem(where, f"expected a mapping with keys {', '.join(keys)}")
            return {}
        for key in value:
            if isinstance(key, bool):
                self.problem(
                    where or "(top)",
                    f"a key YAML reads as {key}: quote it, or use the names {', '.join(keys)}",
                )
            elif key not in keys:
                self.problem(
                    f"{where}.{key}" if where else str(key),
                    f"unknown field{did_you_mean(str(key), keys)}; known: {', '.join(keys)}",
                )
        return value

    def strings(self, where: str, value: Any) -> list[str]:
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.problem(where, "expected a list of strings")
            return []
        return value

    def text_map(self, where: str, value: Any) -> dict:
        if value is None:
            return {}
        if not isinstance(value, dict) or not all(
            isinstance(k, str) and isinstance(v, str | int) for k, v in value.items()
        ):
            self.problem(where, "expected a mapping of names to strings")
            return {}
        for k, v in value.items():
            if str(v).startswith("$") and str(v) not in VARIABLES:
                self.problem(
                    f"{where}.{k}",
                    f"unknown variable {v!r}{did_you_mean(str(v), VARIABLES)}; "
                    f"known: {', '.join(VARIABLES)}",
                )
        return {k: str(v) for k, v in value.items()}

    def snippet(self, where: str, name: str) -> str | None:
        """A snippet file named in the spec: this folder's, or <section>/<id>/<file>."""
        rel = name if name.count("/") == 2 else f"{self.folder}/{name}"
        if not (self.root / rel).is_file():
            self.problem(where, f"no file snippets/{rel}")
            return None
        return rel

    def config(self, where: str, value: Any) -> tuple[str, ...]:
        found = (self.snippet(f"{where}[{i}]", v) for i, v in enumerate(self.strings(where, value)))
        return tuple(rel for rel in found if rel)

    def steps(self, where: str, value: Any, *, may_fail: bool) -> tuple[Step, ...]:
        if value is None:
            return ()
        if not isinstance(value, list):
            self.problem(where, "expected a list of steps such as {run: fix.sh:fix}")
            return ()
        return tuple(
            s
            for i, item in enumerate(value)
            if (s := self.step(f"{where}[{i}]", item, may_fail=may_fail))
        )

    def step(self, where: str, item: Any, *, may_fail: bool) -> Step | None:
        if isinstance(item, str):
            item = {"run": item}
        keys = ("run", "in", "with", "env", "output") + (("fails",) if may_fail else ())
        item = self.mapping(where, item, keys)
        ref = item.get("run")
        if not isinstance(ref, str) or not SECTION_REF.match(ref):
            self.problem(
                f"{where}.run",
                "expected <file>.sh:<section>, e.g. fix.sh:fix (a section this folder's file "
                "marks with --8<-- [start:fix])",
            )
            return None
        file, _, name = ref.partition(":")
        rel = self.snippet(f"{where}.run", file)
        if rel and SECTION_MARK.format(name) not in (self.root / rel).read_text(encoding="utf-8"):
            self.problem(f"{where}.run", f"snippets/{rel} has no section {name!r}")
        place = item.get("in", "hub")
        if place not in PLACES:
            self.problem(f"{where}.in", f"{place!r}: expected one of {', '.join(PLACES)}")
        output = item.get("output")
        output = [output] if isinstance(output, str) else self.strings(f"{where}.output", output)
        for regex in output:
            try:
                re.compile(regex)
            except re.error as exc:
                self.problem(f"{where}.output", f"{regex!r} is not a regular expression: {exc}")
        fails = item.get("fails", False)
        if not isinstance(fails, bool):
            self.problem(f"{where}.fails", "expected true or false")
        return Step(
            section=f"{rel or file}:{name}",
            place=place,
            values=self.text_map(f"{where}.with", item.get("with")),
            env=self.text_map(f"{where}.env", item.get("env")),
            fails=bool(fails),
            output=tuple(output),
        )

    def user(self, where: str, value: Any) -> tuple[UserAction, ...]:
        actions = []
        for i, item in enumerate(value or []):
            here = f"{where}[{i}]"
            item = self.mapping(here, item, (*USER_ACTIONS, "fails", "status"))
            named = [a for a in USER_ACTIONS if a in item]
            if len(named) != 1:
                self.problem(here, f"expected exactly one of {', '.join(USER_ACTIONS)}")
                continue
            action = named[0]
            status = item.get("status")
            if status is not None and not (isinstance(status, int) and 100 <= status < 600):
                self.problem(f"{here}.status", f"{status!r} is not an HTTP status")
            if action == "open" and status is None:
                self.problem(f"{here}.status", "the status the page must answer with is missing")
            actions.append(
                UserAction(action, str(item[action]), bool(item.get("fails", False)), status)
            )
        return tuple(actions)


def read_spec(entry: Entry, root: Path = SNIPPETS) -> PlainScenario | None:
    """The entry's plain scenario, None if it has none; SpecError lists every problem."""
    path = spec_path(entry, root)
    if not path.is_file():
        return None
    r = _Reader(path, entry, root)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise SpecError([f"{relative(path)}: not valid YAML: {exc}"]) from None
    data = r.mapping("", data, ("hub", "broken", "symptoms", "also", "fix", "verify"))
    hub = r.mapping(
        "hub",
        data.get("hub"),
        ("spawner", "docker_hub_connect", "timeouts", "args", "env", "user_image"),
    )
    broken = r.mapping(
        "broken", data.get("broken"), ("config", "before", "expect", "user", "diagnose")
    )
    fix = r.mapping("fix", data.get("fix"), ("config", "run"))
    verify = r.mapping("verify", data.get("verify"), ("run", "user"))

    spawner = hub.get("spawner", "local")
    if spawner not in SPAWNERS:
        r.problem(
            "hub.spawner",
            f"{spawner!r}{did_you_mean(str(spawner), SPAWNERS)}; expected one of {', '.join(SPAWNERS)}",
        )
    timeouts = r.mapping("hub.timeouts", hub.get("timeouts"), TIMEOUTS) or None
    user_image = hub.get("user_image")
    variants = sorted(p.stem for p in USER_IMAGES_DIR.glob("*.txt"))
    if user_image is not None and user_image not in variants:
        r.problem(
            "hub.user_image",
            f"{user_image!r}{did_you_mean(str(user_image), variants)}; expected one of "
            f"{', '.join(variants)} (tests/hub/user_image.py makes a new one)",
        )
    if timeouts and not all(isinstance(v, int | float) for v in timeouts.values()):
        r.problem("hub.timeouts", "expected seconds, e.g. {http_timeout: 15}")
    expect = str(broken.get("expect", "running"))
    if not EXPECT.match(expect):
        r.problem(
            "broken.expect",
            f"{expect!r}: expected 'exit <code>', 'exit nonzero', 'running' or 'running-unreachable'",
        )
    if (
        not broken.get("config")
        and not broken.get("before")
        and not hub.get("env")
        and not hub.get("args")
    ):
        r.problem(
            "broken",
            "nothing is broken: name the page's broken config, a `before` section, or hub env/args",
        )
    user = r.user("broken.user", broken.get("user"))
    if user and expect.startswith("exit"):
        r.problem("broken.user", "the hub exits: there is nobody to serve the user")
    symptoms = r.strings("symptoms", data.get("symptoms"))
    known = [s.id for s in entry.symptoms]
    for i, s in enumerate(symptoms):
        if s not in known:
            r.problem(f"symptoms[{i}]", f"{entry.id} has no symptom {s!r}{did_you_mean(s, known)}")
    also = {}
    for other, ids in r.mapping("also", data.get("also"), tuple(data.get("also") or ())).items():
        also[str(other)] = tuple(r.strings(f"also.{other}", ids))
    final = verify.get("user", "login-page")
    if final not in FINAL_CHECKS:
        r.problem("verify.user", f"{final!r}: expected one of {', '.join(FINAL_CHECKS)}")
    if not fix.get("config") and not fix.get("run"):
        r.problem("fix", "no fix: give the fixed `config`, or the page's `run` sections")

    spec = PlainScenario(
        entry_id=entry.id,
        path=path,
        spawner=spawner,
        docker_hub_connect=bool(hub.get("docker_hub_connect", True)),
        timeouts=dict(timeouts) if timeouts else None,
        user_image=user_image,
        args=tuple(r.strings("hub.args", hub.get("args"))),
        env=r.text_map("hub.env", hub.get("env")),
        broken_config=r.config("broken.config", broken.get("config")),
        before=r.steps("broken.before", broken.get("before"), may_fail=False),
        expect=expect,
        user=user,
        diagnose=r.steps("broken.diagnose", broken.get("diagnose"), may_fail=True),
        symptoms=tuple(symptoms),
        also=also,
        fix_config=r.config("fix.config", fix["config"]) if "config" in fix else None,
        fix_run=r.steps("fix.run", fix.get("run"), may_fail=False),
        verify_run=r.steps("verify.run", verify.get("run"), may_fail=False),
        verify_user=final,
    )
    if r.problems:
        raise SpecError(r.problems)
    return spec


def plain_scenarios(entries: list[Entry], root: Path = SNIPPETS) -> list[PlainScenario]:
    """Every entry's plain scenario; SpecError with the problems of all of them."""
    found, problems = [], []
    by_id = {e.id: e for e in entries}
    for entry in entries:
        try:
            spec = read_spec(entry, root)
        except SpecError as exc:
            problems += exc.problems
            continue
        if spec is not None:
            if entry.reproduced is not True:
                problems.append(
                    f"{relative(spec.path)}: the page says it is not reproduced "
                    f"({entry.reproduced!r}), but this file reproduces it: set reproduced: true"
                )
            for other, ids in spec.also.items():
                if other not in by_id:
                    problems.append(
                        f"{relative(spec.path)}: also: no entry {other!r}{did_you_mean(other, by_id)}"
                    )
                    continue
                known = [s.id for s in by_id[other].symptoms]
                problems += [
                    f"{relative(spec.path)}: also.{other}: no symptom {s!r}{did_you_mean(s, known)}"
                    for s in ids
                    if s not in known
                ]
            found.append(spec)
    if problems:
        raise SpecError(problems)
    return found

"""Whether the newest releases still print what the guide documents.

The provenance check reads only the releases listed in pyproject.toml
([tool.troubleshoot.sources]), so a new JupyterHub or configurable-http-proxy release that
rewords a message goes unnoticed until someone adds it there. This check asks each registry
for the newest release (`--pre`: pre-releases too), runs the provenance check with it
appended, and reports every symptom that the newest listed release prints and whose range
claims the new one too, but that the new release no longer prints:

- changed wording: a template at least 60 % alike is left in the same file (old -> new);
- vanished: nothing close is left;
- ranges now wrong: the provenance check's problems that name the new release.

It prints a Markdown report (the weekly workflow, .github/workflows/drift.yml, files it as
an issue) and, last, a line `newest: jupyterhub=X configurable-http-proxy=Y` for scripts.
Exit status: 0 nothing drifted, 1 something did, 2 the check could not run.
"""

from __future__ import annotations

import difflib
import json
import re
import subprocess
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from packaging.version import InvalidVersion, Version

from .entry import Entry
from .formats import Template
from .provenance import (
    Finding,
    ProvenanceError,
    TemplatesOf,
    check,
    registry_of,
    source_matrix,
    templates_from_registry,
)
from .sources import SourceError, _reason
from .vocabulary import relative

# The programs whose new releases reword what the guide quotes; plug-ins are read at the
# releases pyproject.toml lists.
PACKAGES = ("jupyterhub", "configurable-http-proxy")
SIMILAR = 0.6  # difflib ratio from which a template counts as the same message reworded
RESOLVE_TIMEOUT = 180  # seconds; pip and npm retry on their own before giving up
NEWEST_PREFIX = "newest:"


class DriftError(Exception):
    """The newest release could not be found out; one line naming what and how to fix."""


# ---------------------------------------------------------------------------------------------
# The newest release on each registry


def parse_pip_index(output: str, package: str) -> str:
    """The release in pip's heading line, `jupyterhub (6.1.1)`: the newest it may install
    (pre-releases included with --pre)."""
    for line in output.splitlines():
        name, _, rest = line.strip().partition(" (")
        if name.lower() == package.lower() and rest.endswith(")"):
            return rest.removesuffix(")")
    raise DriftError(f"pip index versions {package}: no '{package} (X.Y.Z)' line in its output")


def parse_npm_versions(output: str, package: str, pre: bool) -> str:
    """The highest release of `npm view PACKAGE versions --json`, as npm spells it (npm pack
    needs "5.0.0-beta.1", not packaging's "5.0.0b1")."""
    try:
        listed = json.loads(output)
    except ValueError:
        raise DriftError(f"npm view {package} versions: its output is not JSON") from None
    if isinstance(listed, str):  # npm prints a bare string for a single release
        listed = [listed]
    releases = []
    for text in listed if isinstance(listed, list) else []:
        try:
            version = Version(str(text))
        except InvalidVersion:
            continue  # npm allows versions packaging cannot order; none is ours to compare
        if pre or not version.is_prerelease:
            releases.append((version, str(text)))
    if not releases:
        hint = "" if pre else " (--pre counts pre-releases too)"
        raise DriftError(f"npm view {package} versions: no {'' if pre else 'final '}releases{hint}")
    return max(releases)[1]


def _run(command: list[str], package: str, registry: str) -> str:
    where = f"cannot find the newest release of {package} on {registry}"
    try:
        result = subprocess.run(
            command,
            capture_output=True,
            text=True,
            timeout=RESOLVE_TIMEOUT,
            stdin=subprocess.DEVNULL,
        )
    except FileNotFoundError:
        raise DriftError(f"{where}: {command[0]} is not installed; install it") from None
    except subprocess.TimeoutExpired:
        raise DriftError(
            f"{where}: {command[0]} took longer than {RESOLVE_TIMEOUT} s; check the network"
        ) from None
    if result.returncode != 0:
        raise DriftError(
            f"{where}: {_reason(result.stderr or result.stdout)}; check the network "
            f"(this check needs {registry}; the provenance check alone runs offline)"
        )
    return result.stdout


def newest_on_pypi(package: str, pre: bool) -> str:
    # pip itself, so that its configuration (index URLs, certificates, proxies) applies.
    command = [sys.executable, "-m", "pip", "index", "versions", package]
    if pre:
        command.append("--pre")
    return parse_pip_index(_run(command, package, "pypi"), package)


def newest_on_npm(package: str, pre: bool) -> str:
    output = _run(["npm", "view", package, "versions", "--json"], package, "npm")
    return parse_npm_versions(output, package, pre)


RESOLVERS: dict[str, Callable[[str, bool], str]] = {"pypi": newest_on_pypi, "npm": newest_on_npm}


def resolve_newest(pre: bool, packages: Iterable[str] = PACKAGES) -> dict[str, str]:
    return {package: RESOLVERS[registry_of(package)](package, pre) for package in packages}


def newest_line(newest: dict[str, str]) -> str:
    """`newest: jupyterhub=6.1.1 configurable-http-proxy=5.3.0`, read by `nox -s drift`."""
    return " ".join([NEWEST_PREFIX, *(f"{package}={v}" for package, v in newest.items())])


# ---------------------------------------------------------------------------------------------
# The check


@dataclass
class Comparison:
    """One package: its newest release against the newest one pyproject.toml lists."""

    package: str
    newest: str
    listed: str

    @property
    def is_new(self) -> bool:
        return Version(self.newest) > Version(self.listed)


@dataclass
class Drift:
    """A symptom the newest listed release prints and the new one does not."""

    finding: Finding
    comparison: Comparison
    old: Template  # where the newest listed release prints it
    new: Template | None = None  # the closest template of the new release, if any
    similarity: float = 0.0

    @property
    def label(self) -> str:
        return f"{relative(self.finding.entry.path)}: {self.finding.symptom.id}"


@dataclass
class DriftReport:
    comparisons: list[Comparison]
    changed: list[Drift] = field(default_factory=list)
    vanished: list[Drift] = field(default_factory=list)
    ranges: list[str] = field(default_factory=list)  # provenance problems naming a new release
    compared: int = 0  # symptoms the new releases were expected to print
    unrelated: int = 0  # provenance problems that new releases have nothing to do with

    @property
    def drifted(self) -> int:
        return len(self.changed) + len(self.vanished) + len(self.ranges)


def closest_template(
    olds: Iterable[Template], candidates: Iterable[Template]
) -> tuple[Template, Template | None, float]:
    """The old template and the candidate from its file most alike (ratio >= SIMILAR);
    the first old one and None when none is."""
    olds = list(olds)
    candidates = list(candidates)
    best: tuple[Template, Template | None, float] = (olds[0], None, 0.0)
    for old in olds:
        matcher = difflib.SequenceMatcher(None, autojunk=False)
        matcher.set_seq2(old.text)  # difflib caches what it learns of the second sequence
        for candidate in candidates:
            if candidate.file != old.file:
                continue
            matcher.set_seq1(candidate.text)
            if matcher.real_quick_ratio() < SIMILAR or matcher.quick_ratio() < SIMILAR:
                continue
            ratio = matcher.ratio()
            if ratio >= SIMILAR and ratio > best[2]:
                best = (old, candidate, ratio)
    return best


def check_drift(
    entries: Iterable[Entry],
    newest: dict[str, str],
    matrix: dict[str, list[str]] | None = None,
    templates_of: TemplatesOf = templates_from_registry,
) -> DriftReport:
    """The provenance check with each new release appended, read for drift."""
    matrix = matrix if matrix is not None else source_matrix()
    comparisons = [Comparison(p, release, matrix[p][-1]) for p, release in newest.items()]
    new = {c.package: c for c in comparisons if c.is_new}
    report = DriftReport(comparisons)
    if not new:
        return report  # every newest release is listed: `nox -s provenance` covers them
    extended = {
        p: [*releases, new[p].newest] if p in new else releases for p, releases in matrix.items()
    }
    provenance = check(entries, extended, templates_of)
    for finding in provenance.findings:
        comparison = new.get(finding.symptom.program)
        naming_new = [
            p for p in finding.problems if comparison and _names(p, comparison, finding.problems)
        ]
        report.unrelated += len(finding.problems) - len(naming_new)
        if comparison is None:
            continue
        if finding.found.get(comparison.listed) and finding.symptom.versions.contains(
            comparison.newest, prereleases=True
        ):
            report.compared += 1
        drift = _drift(finding, comparison, templates_of)
        if drift is None:
            report.ranges += naming_new
        # A drift's own range problem ("not found in <new release>") says no more than it.
        elif drift.new is not None:
            report.changed.append(drift)
        else:
            report.vanished.append(drift)
    return report


def _names(problem: str, comparison: Comparison, problems: list[str]) -> bool:
    """Whether a provenance problem is one the new release brings: it names the new release
    (not "any release of"), and the newest listed release has no problem of the same kind
    (a range that misses every release printing the message is older news)."""
    new = f" {comparison.package} {comparison.newest} but range says"
    if new not in problem:
        return False
    kind = problem.partition(new)[0].rsplit(": ", 1)[-1]  # "message found in", "... not found in"
    listed = f"{kind} {comparison.package} {comparison.listed} but range says"
    return not any(listed in other for other in problems)


def _drift(finding: Finding, comparison: Comparison, templates_of: TemplatesOf) -> Drift | None:
    """The symptom's drift, if the newest listed release prints it, its range claims the new
    one and the new one does not print it."""
    old = finding.found.get(comparison.listed)
    if not old or finding.found.get(comparison.newest):
        return None
    if not finding.symptom.versions.contains(comparison.newest, prereleases=True):
        return None  # its range already ends before the new release
    candidates = templates_of(comparison.package, comparison.newest)
    old_template, new_template, similarity = closest_template(old, candidates)
    return Drift(finding, comparison, old_template, new_template, similarity)


# ---------------------------------------------------------------------------------------------
# The report


def code(text: str) -> str:
    """Inline Markdown code that holds any backticks of `text`."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    padding = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{padding}{text}{padding}{fence}"


def render(report: DriftReport) -> str:
    lines = [f"# Drift: {_verdict(report)}", ""]
    lines += [
        "| Package | Newest release | Newest listed in pyproject.toml | Compared |",
        "| --- | --- | --- | --- |",
    ]
    for c in report.comparisons:
        if c.is_new:
            compared = f"{c.listed} → {c.newest}"
        elif c.newest == c.listed:
            compared = "no: already listed"
        else:
            compared = "no: not newer than the listed one"
        lines.append(f"| {c.package} | {c.newest} | {c.listed} | {compared} |")
    if report.changed:
        lines += ["", "## Changed wording", ""]
        for d in report.changed:
            c = d.comparison
            lines += [
                f"- {code(d.label)} ({c.package} {c.listed} → {c.newest}, "
                f"{d.similarity:.0%} alike):",
                f"    - old: {code(f'{d.old.file}:{d.old.line}')} {code(d.old.text)}",
                f"    - new: {code(f'{d.new.file}:{d.new.line}')} {code(d.new.text)}",
            ]
        lines += [
            "",
            "Add the new wording as a symptom whose range starts at the new release, and end "
            "the old one's range before it (CONTRIBUTING.md, *Fixing an entry*).",
        ]
    if report.vanished:
        lines += ["", "## Vanished", ""]
        for d in report.vanished:
            c = d.comparison
            lines.append(
                f"- {code(d.label)} ({c.package} {c.listed} → {c.newest}): "
                f"{code(f'{d.old.file}:{d.old.line}')} {code(d.old.text)}; nothing "
                f"{SIMILAR:.0%} alike left in {code(d.old.file)}"
            )
        lines += [
            "",
            "Find out what the new release prints instead (its changelog, or the scenario "
            "run against it), then document that or end the symptom's range before it.",
        ]
    if report.ranges:
        lines += ["", "## Ranges now wrong", ""]
        lines += [f"- {problem}" for problem in report.ranges]
    if report.unrelated:
        lines += [
            "",
            f"{report.unrelated} provenance problem(s) do not involve the new releases: "
            "`nox -s provenance` lists them.",
        ]
    return "\n".join(lines) + "\n"


def _verdict(report: DriftReport) -> str:
    new = [f"{c.package} {c.newest}" for c in report.comparisons if c.is_new]
    if not new:
        return "nothing new to compare (every newest release is listed in pyproject.toml)"
    if not report.drifted:
        return (
            f"nothing drifted ({report.compared} documented symptom(s) still printed by "
            f"{', '.join(new)})"
        )
    counts = [
        f"{len(items)} {name}"
        for items, name in [
            (report.changed, "changed wording"),
            (report.vanished, "vanished"),
            (report.ranges, "range(s) now wrong"),
        ]
        if items
    ]
    return f"something drifted in {', '.join(new)}: {', '.join(counts)}"


# ---------------------------------------------------------------------------------------------
# Command line


def print_newest(pre: bool) -> int:
    try:
        print(newest_line(resolve_newest(pre)))
    except DriftError as error:
        print(f"drift: {error}", file=sys.stderr)
        return 2
    return 0


def main(
    entries: Iterable[Entry],
    *,
    pre: bool = False,
    report_path: Path | None = None,
    templates_of: TemplatesOf = templates_from_registry,
) -> int:
    try:
        newest = resolve_newest(pre)
        report = check_drift(entries, newest, templates_of=templates_of)
    except (DriftError, SourceError, ProvenanceError) as error:
        print(f"drift: {error}", file=sys.stderr)
        return 2
    text = render(report)
    print(text)
    if report_path is not None:
        try:
            report_path.write_text(text, encoding="utf-8")
        except OSError as error:
            print(f"drift: cannot write the report to {report_path}: {error}", file=sys.stderr)
            return 2
    print(newest_line(newest))
    return 1 if report.drifted else 0

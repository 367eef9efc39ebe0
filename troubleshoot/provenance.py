"""Every symptom traced to the source that prints it, and its version range checked.

For each symptom printed by a program whose source we can install (`vocabulary.PRINTERS`:
the hub, the single-user server, configurable-http-proxy, plug-ins), the check reads that
program's source for every release listed in pyproject.toml ([tool.troubleshoot.sources]),
finds the format strings the documented message is an instance of (`formats.traces`), and
holds the symptom's range to where they are found:

    docs/database/db-schema-mismatch.md: unrecognized-upgrade-db: message found in
    jupyterhub 4.1.6 but range says >=5.5 (jupyterhub/app.py:2872); widen the range, ...

A message too generic to be found by its words names its format string (`format`); a
symptom whose range holds none of the releases read is an older wording, not checked.

A range may be narrower than where the format string is found only with a `range_reason`
(the text in a placeholder comes from a library that changed, say). Symptoms printed by
other programs (the OS, Node.js, traitlets...) are exempt, and listed with their evidence.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from packaging.version import InvalidVersion, Version

from .entry import Entry, Symptom
from .formats import SKIPPED_DIRS, Template, templates, traces
from .sources import SourceError, release_source
from .vocabulary import PRINTERS, ROOT, relative

PYPROJECT = ROOT / "pyproject.toml"
SOURCES_FIELD = "[tool.troubleshoot.sources]"


class ProvenanceError(Exception):
    """The release list is unusable; one line naming the file, field and fix."""


def source_matrix(pyproject: Path = PYPROJECT) -> dict[str, list[str]]:
    """Package -> the releases whose source is read, oldest first."""
    data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    table = data.get("tool", {}).get("troubleshoot", {}).get("sources")
    where = f"{relative(pyproject)}: {SOURCES_FIELD}"
    if not isinstance(table, dict) or not table:
        raise ProvenanceError(f"{where}: missing; list the releases of each printing program")
    packages = {package for package, _ in PRINTERS.values()}
    matrix = {}
    for package, releases in table.items():
        if package not in packages:
            raise ProvenanceError(
                f"{where}: {package}: no printer uses it; known: {', '.join(sorted(packages))}"
            )
        if not isinstance(releases, list) or not releases:
            raise ProvenanceError(f'{where}: {package}: write a list such as ["5.3.0"]')
        try:
            ordered = sorted(releases, key=Version)
        except (InvalidVersion, TypeError):
            raise ProvenanceError(
                f"{where}: {package}: {releases!r} holds something that is not a release number"
            ) from None
        matrix[package] = [str(r) for r in ordered]
    missing = sorted(packages - set(matrix))
    if missing:
        raise ProvenanceError(f"{where}: {missing[0]}: missing; list the releases to read")
    return matrix


def registry_of(package: str) -> str:
    return next(registry for name, registry in PRINTERS.values() if name == package)


TemplatesOf = Callable[[str, str], list[Template]]


def templates_from_registry(package: str, version: str) -> list[Template]:
    return templates(release_source(package, version, registry_of(package)))


@dataclass
class Finding:
    """One symptom's trace: where its format string is, release by release."""

    entry: Entry
    symptom: Symptom
    found: dict[str, list[Template]] = field(default_factory=dict)  # release -> templates
    problems: list[str] = field(default_factory=list)
    outside: bool = False  # its range holds no release of the matrix, and none prints it

    @property
    def traced(self) -> bool:
        return any(self.found.values())

    def where(self) -> str:
        for found in self.found.values():
            if found:
                return f"{found[0].file}:{found[0].line}"
        return "nowhere"


@dataclass
class Report:
    findings: list[Finding]
    exempt: list[tuple[Entry, Symptom]]

    @property
    def problems(self) -> list[str]:
        return [p for f in self.findings for p in f.problems]

    @property
    def traced(self) -> list[Finding]:
        return [f for f in self.findings if f.traced]

    @property
    def outside(self) -> list[Finding]:
        return [f for f in self.findings if f.outside]

    @property
    def by_format(self) -> list[Finding]:
        return [f for f in self.findings if f.symptom.format and f.traced]

    @property
    def share(self) -> float:
        """Traced, of the symptoms printed by programs whose source is at hand (older
        wordings whose range holds none of its releases aside)."""
        total = len(self.findings) - len(self.outside)
        return 100 * len(self.traced) / total if total else 100.0

    def summary(self) -> str:
        total = len(self.findings) + len(self.exempt)
        return (
            f"{len(self.traced)} symptoms traced to source ({len(self.by_format)} by the format "
            f"string they name), {self.share:.1f} % of those printed by "
            f"{', '.join(PRINTERS)}; {len(self.exempt)} printed by other programs (exempt); "
            f"{len(self.outside)} older wordings outside the releases at hand; {total} in all"
        )


def format_regex(declared: str) -> re.Pattern[str]:
    """A declared format string as a pattern: its fields ({name}, %s, ${x}) match anything."""
    fields = re.compile(
        r"\{\{.*?\}\}|\{[^{}]*\}|%(?:\([^)]*\))?[#0+\- ]*\d*(?:\.\d+)?[a-zA-Z]|\$\{[^}]*\}"
    )
    parts, last = [], 0
    for match in fields.finditer(declared):
        parts.append(re.escape(declared[last : match.start()]))
        parts.append(".*?")
        last = match.end()
    parts.append(re.escape(declared[last:]))
    return re.compile("".join(parts) + "$")


# Jinja writes a field with or without spaces inside its braces, by release.
JINJA_FIELD = re.compile(r"\{\{\s*(.*?)\s*\}\}")


def _jinja_spacing(text: str) -> str:
    return JINJA_FIELD.sub(r"{{\1}}", text)


def fits(message: str, declared: str) -> bool:
    """Whether the message is an instance of the declared format. A line that ended in an
    empty field ("%s %s %s %s" with no error text) was quoted without its trailing space."""
    regex = format_regex(declared)
    return bool(regex.search(message) or regex.search(message + " "))


SOURCE_SUFFIXES = {".py", ".js", ".html"}


def declared_format_in(root: Path, declared: str) -> list[Template]:
    """Where the source writes the declared format string verbatim (Jinja fields in any
    spacing)."""
    declared = _jinja_spacing(declared)
    found = []
    for path in sorted(root.rglob("*")):
        if path.suffix not in SOURCE_SUFFIXES and not (path.parent.name == "bin"):
            continue
        inside = path.relative_to(root).parts  # not the folders the cache itself is in
        if not path.is_file() or any(part in SKIPPED_DIRS for part in inside):
            continue
        text = _jinja_spacing(path.read_text(encoding="utf-8", errors="replace"))
        at = text.find(declared)
        if at >= 0:
            line = text.count("\n", 0, at) + 1
            found.append(Template(declared, path.relative_to(root).as_posix(), line))
    return found


FormatsOf = Callable[[str, str, str], list[Template]]


def formats_from_registry(package: str, version: str, declared: str) -> list[Template]:
    return declared_format_in(release_source(package, version, registry_of(package)), declared)


def check_symptom(
    entry: Entry,
    symptom: Symptom,
    matrix: dict[str, list[str]],
    templates_of: TemplatesOf,
    formats_of: FormatsOf = formats_from_registry,
) -> Finding:
    finding = Finding(entry, symptom)
    package = symptom.program
    label = f"{relative(entry.path)}: {symptom.id}"
    for release in matrix[package]:
        if symptom.format:
            finding.found[release] = formats_of(package, release, symptom.format)
        else:
            finding.found[release] = traces(symptom.message, templates_of(package, release))
    if symptom.format and not fits(symptom.message, symptom.format):
        finding.problems.append(
            f"{label}: format: the message is not an instance of {symptom.format!r}; quote the "
            "message as printed, or name the format string that prints it"
        )
    in_matrix = [r for r in matrix[package] if symptom.versions.contains(r, prereleases=True)]
    if not finding.traced and not in_matrix:
        finding.outside = True  # an older wording: no release at hand can show it
        return finding
    if not finding.traced:
        finding.problems.append(
            f"{label}: message not found in any release of {package} "
            f"({', '.join(matrix[package])}): quote it as the program prints it, or say who "
            "prints it (printed_by)"
        )
        return finding
    rng = symptom.versions
    # A symptom without a range of its own follows its entry's, which is the guide's scope
    # ("covers 4.1 and later"): releases outside it are not held against the symptom.
    inherited = symptom.program == "jupyterhub" and rng == entry.jupyterhub
    for release, found in finding.found.items():
        if inherited and not rng.contains(release, prereleases=True):
            continue
        claimed = rng.contains(release, prereleases=True)
        if found and not claimed and not symptom.range_reason:
            finding.problems.append(
                f"{label}: message found in {package} {release} but range says "
                f"{rng or 'every release'} ({found[0].file}:{found[0].line}); widen the range, "
                "or say why it is narrower (range_reason)"
            )
        elif claimed and not found:
            finding.problems.append(
                f"{label}: message not found in {package} {release} but range says "
                f"{rng or 'every release'} (found in {finding.where()}); narrow the range"
            )
    return finding


def check(
    entries: Iterable[Entry],
    matrix: dict[str, list[str]] | None = None,
    templates_of: TemplatesOf = templates_from_registry,
    formats_of: FormatsOf = formats_from_registry,
) -> Report:
    """Trace every symptom of `entries`; raises SourceError when a release cannot be read."""
    matrix = matrix if matrix is not None else source_matrix()
    findings, exempt = [], []
    for entry in entries:
        for symptom in entry.symptoms:
            if symptom.traceable:
                findings.append(check_symptom(entry, symptom, matrix, templates_of, formats_of))
            else:
                exempt.append((entry, symptom))
    return Report(findings, exempt)


def render(report: Report) -> str:
    lines = []
    for finding in report.findings:
        s = finding.symptom
        if finding.outside:
            lines.append(f"older   {finding.entry.id}/{s.id}: {s.program} {s.versions}")
            continue
        if not finding.traced:
            lines.append(f"missing {finding.entry.id}/{s.id}: not in {s.program}'s source")
            continue
        releases = [r for r, found in finding.found.items() if found]
        note = f"  (narrower: {s.range_reason})" if s.range_reason else ""
        note += f"  (format {s.format!r})" if s.format else ""
        lines.append(
            f"traced  {finding.entry.id}/{s.id}: {s.program} {', '.join(releases)} "
            f"at {finding.where()}{note}"
        )
    for entry, s in report.exempt:
        evidence = s.source or ("reproduced by a scenario" if entry.reproduced is True else "?")
        lines.append(f"exempt  {entry.id}/{s.id}: printed by {s.printed_by}; {evidence}")
    lines.append("")
    lines += report.problems
    lines.append(report.summary())
    return "\n".join(lines)


def main(entries: Iterable[Entry]) -> int:
    try:
        report = check(entries)
    except (SourceError, ProvenanceError) as error:
        print(f"provenance: {error}")
        return 2
    print(render(report))
    return 1 if report.problems else 0

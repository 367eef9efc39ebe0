"""An entry and its symptoms, as validated: `model.load_catalogue()` builds them."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from packaging.specifiers import SpecifierSet

from .vocabulary import INCLUDE, PRINTERS, did_you_mean


@dataclass(frozen=True)
class Symptom:
    id: str
    where: str
    message: str
    pattern: str
    # Who prints it: a key of vocabulary.PRINTERS, or another program (the OS, Node.js,
    # traitlets...) whose source the provenance check does not read.
    printed_by: str
    # The releases of the printing program that print it (its PRINTERS package; for other
    # programs, JupyterHub's); without a range of its own, every release.
    versions: SpecifierSet
    # Every range the symptom gives, by package: another program's releases may decide it
    # too (a Node.js error the proxy logs in one wording before configurable-http-proxy 4.3).
    ranges: Mapping[str, SpecifierSet]
    # The JupyterHub releases (of the hub) it is documented for: the entry's, or `versions`
    # when JupyterHub prints it.
    jupyterhub: SpecifierSet
    source: str | None
    entry_id: str
    # Why the range is narrower than the releases whose source holds the format string
    # (the text in a placeholder comes from a library that changed, say); see provenance.
    range_reason: str | None = None
    # The format string that prints it, as the printer's source writes it, for a message
    # too generic to be found by its words ("%s %s %s %s", an access-log format).
    format: str | None = None
    # Why the pattern holds one value of the message fixed where the format string has a
    # placeholder: that value is the diagnosis (0.0.0.0, status 599), or the program always
    # passes it. tests/test_variants.py varies every other placeholder.
    pins: str | None = None
    evidence: str = "cause"  # or "context" (vocabulary.EVIDENCE)
    # The release of a program outside the provenance matrix that printed it, as seen
    # (nginx 1.22.1, PostgreSQL 15.18): servers in front of and beneath the hub.
    printer_version: str | None = None

    @cached_property
    def regex(self) -> re.Pattern[str]:
        # ASCII: JavaScript's \d, \w and \s (without the u flag) are ASCII too.
        return re.compile(self.pattern, re.ASCII)

    @property
    def program(self) -> str:
        """The package whose releases `versions` counts: jupyterhub for the hub, the
        single-user server and programs outside the provenance check."""
        return PRINTERS.get(self.printed_by, ("jupyterhub", ""))[0]

    @property
    def traceable(self) -> bool:
        """Whether the provenance check can find its message in the printer's source."""
        return self.printed_by in PRINTERS

    def applies_to(self, releases: Mapping[str, str] | str) -> bool:
        """Whether these releases print it: {"jupyterhub": "6.1.1",
        "configurable-http-proxy": "5.3.0", ...}, or a JupyterHub release alone."""
        if isinstance(releases, str):
            releases = {"jupyterhub": releases}
        hub = releases.get("jupyterhub")
        if hub is not None and not self.jupyterhub.contains(hub, prereleases=True):
            return False
        return all(
            package not in releases or spec.contains(releases[package], prereleases=True)
            for package, spec in self.ranges.items()
        )


@dataclass(frozen=True)
class TracebackEvidence:
    """A Python traceback that points to this entry: one of its frames in `file` (the path
    from its package's folder: "jupyterhub/spawner.py"), in `function` when given, and, when
    given, ending in `exception` (its type as printed, or the type's last dotted part)."""

    file: str
    function: str | None
    exception: str | None
    where: str

    @property
    def id(self) -> str:
        """How findings name it, beside the entry's symptom ids."""
        at = f"{self.file}: {self.function}" if self.function else self.file
        return f"traceback in {at}" + (f" ending in {self.exception}" if self.exception else "")


@dataclass
class Entry:
    id: str
    title: str
    kind: str
    section: str
    summary: str
    tags: list[str]
    jupyterhub: SpecifierSet
    status: str
    legacy_note: str | None
    symptoms: list[Symptom]
    reproduced: bool | str
    sources: list[str]
    causes: list[str]
    path: Path
    body: str = field(repr=False)
    checks: list[dict] = field(default_factory=list)  # troubleshoot/checks.py
    # The Zero to JupyterHub chart releases its Helm values are for (helm_values.py).
    z2jh: SpecifierSet | None = None
    # Tracebacks that point to it, read by their frames (troubleshoot/matcher.py).
    tracebacks: list[TracebackEvidence] = field(default_factory=list)

    @property
    def url(self) -> str:
        """Path of the built page, relative to the site root."""
        return f"{self.section}/{self.id}/"

    @property
    def doc_path(self) -> str:
        """Path relative to docs/, as used in Markdown links."""
        return f"{self.section}/{self.id}.md"

    def symptom(self, symptom_id: str) -> Symptom:
        for s in self.symptoms:
            if s.id == symptom_id:
                return s
        raise KeyError(
            f"{self.id} has no symptom {symptom_id!r}"
            f"{did_you_mean(symptom_id, [s.id for s in self.symptoms])}"
        )

    def snippet_includes(self) -> list[tuple[str, str | None]]:
        """(path relative to snippets/, section or None) for every include in the body."""
        found = []
        for target in INCLUDE.findall(self.body):
            path, _, section = target.partition(":")
            found.append((path, section or None))
        return found

"""An entry and its symptoms, as validated: `model.load_catalogue()` builds them."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from packaging.specifiers import SpecifierSet

from .vocabulary import INCLUDE, did_you_mean


@dataclass(frozen=True)
class Symptom:
    id: str
    where: str
    message: str
    pattern: str
    jupyterhub: SpecifierSet
    source: str | None
    entry_id: str

    @cached_property
    def regex(self) -> re.Pattern[str]:
        # ASCII: JavaScript's \d, \w and \s (without the u flag) are ASCII too.
        return re.compile(self.pattern, re.ASCII)

    def applies_to(self, version: str) -> bool:
        return self.jupyterhub.contains(version, prereleases=True)


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

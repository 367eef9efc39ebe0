"""The log matcher: which entries does a pasted log or error page point to?

The browser's paste-your-log box (docs/assets/javascripts/diagnose.js) implements the same
semantics in JavaScript, and both read everything they match with from one file,
docs/assets/signatures.json: the symptom patterns, and under "rules" the ANSI codes to
remove, where lines break, what is stripped from a shown line, and the router weight
(troubleshoot/generate.py writes it; neither matcher hard-codes a rule).

1. the text is split into lines where "line_break" matches (Python's str.splitlines()),
   and "ansi" colour codes are removed;
2. every line is searched (not anchored) with every symptom pattern, and where that
   misses, with the symptom's "core" (its longest literal words) case-insensitively;
3. an entry scores 1 per distinct symptom of it whose pattern matched, plus "core_weight"
   per line holding the cores of others (matched by core alone), all times
   "router_weight" for router pages (which only point onwards to causes);
4. entries are listed by score, then problem pages before routers, then by the first
   matching line.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from .generate import SIGNATURES


@dataclass(frozen=True)
class Rules:
    """The "rules" of a signatures file, compiled."""

    ansi: re.Pattern
    line_break: re.Pattern
    strip: re.Pattern
    router_weight: float
    core_weight: float

    @classmethod
    def from_json(cls, rules: dict) -> Rules:
        return cls(
            ansi=re.compile(rules["ansi"], re.ASCII),
            line_break=re.compile(rules["line_break"], re.ASCII),
            strip=re.compile(rules["strip"], re.ASCII),
            router_weight=float(rules["router_weight"]),
            core_weight=float(rules["core_weight"]),
        )

    def lines(self, text: str) -> list[str]:
        """The text's lines; a break at the very end does not start another line."""
        lines = self.line_break.split(text)
        if lines[-1] == "":
            lines.pop()
        return lines


@dataclass
class Finding:
    entry: dict
    rules: Rules
    symptoms: set[str] = field(default_factory=set)  # matched by pattern or by core
    partial: dict[str, int] = field(default_factory=dict)  # by core alone: first line
    lines: list[tuple[int, str, str]] = field(default_factory=list)  # (number, where, text)

    @property
    def score(self) -> float:
        weight = self.rules.router_weight if self.entry["kind"] == "router" else 1.0
        whole = len(self.symptoms) - len(self.partial)
        # One line seen only through cores is one piece of evidence, however many of the
        # entry's symptoms (often wordings of one message) its cores match.
        return weight * (whole + self.rules.core_weight * len(set(self.partial.values())))


def load_signatures(path: Path = SIGNATURES) -> dict:
    data = json.loads(path.read_text(encoding="utf-8"))
    data["compiled_rules"] = Rules.from_json(data["rules"])
    for sig in data["signatures"]:
        sig["regex"] = re.compile(sig["pattern"], re.ASCII)
        core = sig.get("core")
        sig["core_regex"] = re.compile(core, re.ASCII | re.IGNORECASE) if core else None
    return data


@functools.cache
def default_rules() -> Rules:
    """The rules of the committed signatures file, read once."""
    return Rules.from_json(json.loads(SIGNATURES.read_text(encoding="utf-8"))["rules"])


def __getattr__(name: str):
    # `from troubleshoot.matcher import ANSI` (the hub harness strips container logs with
    # it): read from the signatures file on first use, so that a stale or missing file
    # does not stop `python -m troubleshoot generate` from importing this module.
    if name == "ANSI":
        return default_rules().ansi
    if name == "ROUTER_WEIGHT":
        return default_rules().router_weight
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def diagnose(text: str, signatures: dict | None = None) -> list[Finding]:
    signatures = signatures or load_signatures()
    rules: Rules = signatures["compiled_rules"]
    entries = {e["id"]: e for e in signatures["entries"]}
    found: dict[str, Finding] = {}
    for number, raw in enumerate(rules.lines(text), 1):
        line = rules.ansi.sub("", raw)
        for sig in signatures["signatures"]:
            whole = sig["regex"].search(line)
            if not whole and not (sig["core_regex"] and sig["core_regex"].search(line)):
                continue
            finding = found.get(sig["entry"])
            if finding is None:
                finding = found[sig["entry"]] = Finding(entries[sig["entry"]], rules)
            if whole:
                finding.partial.pop(sig["symptom"], None)
            elif sig["symptom"] not in finding.symptoms:
                finding.partial[sig["symptom"]] = number
            finding.symptoms.add(sig["symptom"])
            if not finding.lines or finding.lines[-1][0] != number:
                finding.lines.append((number, sig["where"], rules.strip.sub("", line)))
    return sorted(
        found.values(),
        key=lambda f: (-f.score, f.entry["kind"] == "router", f.lines[0][0]),
    )

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
3. each symptom of an entry counts once, where it was first seen: 1, or "context_weight"
   for one marked `evidence: context` (a line healthy hubs print too), times
   "core_weight" when only its core matched; a line counts only its strongest symptom;
   an entry scores the sum over its lines, times "router_weight" for router pages (which
   only point onwards to causes);
4. entries are listed by score, then problem pages before routers, then by the first
   matching line.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .generate import SIGNATURES, literal_runs


@dataclass(frozen=True)
class Rules:
    """The "rules" of a signatures file, compiled."""

    ansi: re.Pattern
    line_break: re.Pattern
    strip: re.Pattern
    router_weight: float
    core_weight: float
    context_weight: float

    @classmethod
    def from_json(cls, rules: dict) -> Rules:
        return cls(
            ansi=re.compile(rules["ansi"], re.ASCII),
            line_break=re.compile(rules["line_break"], re.ASCII),
            strip=re.compile(rules["strip"], re.ASCII),
            router_weight=float(rules["router_weight"]),
            core_weight=float(rules["core_weight"]),
            context_weight=float(rules["context_weight"]),
        )

    def weight(self, sig: dict) -> float:
        return self.context_weight if sig["evidence"] == "context" else 1.0

    def lines(self, text: str) -> list[str]:
        """The text's lines; a break at the very end does not start another line."""
        lines = self.line_break.split(text)
        if lines[-1] == "":
            lines.pop()
        return lines


# A line's evidence labels, weakest first ("" for none yet).
EVIDENCE_ORDER = ("", "partial", "context", "exact")


@dataclass
class Finding:
    entry: dict
    rules: Rules
    symptoms: dict[str, float] = field(default_factory=dict)  # by pattern or core: weight
    # Where each symptom was seen: its first line matched by pattern, or, until one is, by
    # core alone (then it is partial).
    seen: dict[str, tuple[int, bool]] = field(default_factory=dict)  # (line, by pattern)
    lines: list[tuple[int, str, str]] = field(default_factory=list)  # (number, where, text)
    # Why each line is listed: "exact" (a pattern of a cause), "context" (a pattern of a
    # line healthy hubs print too) or "partial" (a core alone); its strongest.
    evidence: dict[int, str] = field(default_factory=dict)

    @property
    def partial(self) -> list[str]:
        return [s for s, (_, whole) in self.seen.items() if not whole]

    def see(self, symptom: str, weight: float, number: int, whole: bool) -> None:
        label = "partial" if not whole else ("exact" if weight >= 1.0 else "context")
        if EVIDENCE_ORDER.index(label) > EVIDENCE_ORDER.index(self.evidence.get(number, "")):
            self.evidence[number] = label
        self.symptoms[symptom] = weight
        before = self.seen.get(symptom)
        if before is None or (whole and not before[1]):
            self.seen[symptom] = (number, whole)

    @property
    def score(self) -> float:
        """One line is one piece of evidence, however many symptoms of the entry it shows
        (a message and its older wording; a warning and the advice printed with it): its
        strongest counts, at core_weight when seen by core alone."""
        router = self.rules.router_weight if self.entry["kind"] == "router" else 1.0
        by_line: dict[int, float] = {}
        for symptom, (line, whole) in self.seen.items():
            value = self.symptoms[symptom] * (1.0 if whole else self.rules.core_weight)
            by_line[line] = max(by_line.get(line, 0.0), value)
        return router * sum(by_line.values())


# Words on most lines of a hub's or proxy's log: a poor key to look a signature up by.
LOG_WORDS = frozenset(
    "jupyterhub get post put patch delete head options failed error info warn warning debug "
    "server proxy user hub http https api not to the a an in at for of is on by with".split()
)


class Prefilter:
    """Which signatures could match a line, found without running their patterns: a speed-up
    only, since most lines of a log match nothing.

    Every line a signature matches, by pattern or by core, holds the first three words of
    its pattern's longest literal run (all of them when it has three or fewer), in some
    case and spacing. A word between two others stands alone between spaces, so it is one
    of the line's words; a run of one or two words must be looked for inside the line.
    Lower-casing both sides keeps every line that could match.
    """

    def __init__(self, signatures: list[dict]):
        self.by_word: dict[str, list[dict]] = {}
        self.by_substring: list[tuple[str, dict]] = []
        self.always: list[dict] = []
        self.order = {id(sig): n for n, sig in enumerate(signatures)}
        for sig in signatures:
            runs = sorted(literal_runs(sig["pattern"]), key=lambda run: -len(run.strip()))
            words = runs[0].lower().split() if runs else []
            # Not the first word, which may be glued to the text before it; not past the
            # third, where a cut line may end (the core's cut alternative); not the last.
            inner = [w for w in words[1 : min(3, len(words) - 1)] if w not in LOG_WORDS]
            if inner:
                self.by_word.setdefault(max(inner, key=len), []).append(sig)
            elif words:
                self.by_substring.append((max(words, key=len), sig))
            else:
                self.always.append(sig)

    def candidates(self, line: str) -> list[dict]:
        lower = line.lower()
        found = [sig for word, sig in self.by_substring if word in lower]
        by_word = self.by_word
        for word in set(lower.split()).intersection(by_word):
            found += by_word[word]
        if not found:
            return self.always
        # In the signatures' order, as without the prefilter (a finding's first line's where).
        return sorted(found + self.always, key=lambda sig: self.order[id(sig)])


def load_signatures(path: Path = SIGNATURES) -> dict:
    data = json.loads(path.read_text(encoding="utf-8"))
    data["compiled_rules"] = Rules.from_json(data["rules"])
    for sig in data["signatures"]:
        sig["regex"] = re.compile(sig["pattern"], re.ASCII)
        core = sig.get("core")
        sig["core_regex"] = re.compile(core, re.ASCII | re.IGNORECASE) if core else None
    data["prefilter"] = Prefilter(data["signatures"])
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


def matches_any(line: str, signatures: dict) -> bool:
    """Whether any signature matches the line, by pattern or core: the test each line of
    diagnose_lines() gets, alone (the search fallback asks it of the few lines it keeps)."""
    line = signatures["compiled_rules"].ansi.sub("", line)
    return any(
        sig["regex"].search(line) or (sig["core_regex"] and sig["core_regex"].search(line))
        for sig in signatures["prefilter"].candidates(line)
    )


def diagnose(text: str, signatures: dict | None = None) -> list[Finding]:
    signatures = signatures or load_signatures()
    return diagnose_lines(signatures["compiled_rules"].lines(text), signatures)


def diagnose_lines(lines: Iterable[str], signatures: dict | None = None) -> list[Finding]:
    """diagnose() over lines already split by the rules' line_break (a stream)."""
    signatures = signatures or load_signatures()
    rules: Rules = signatures["compiled_rules"]
    entries = {e["id"]: e for e in signatures["entries"]}
    prefilter: Prefilter = signatures["prefilter"]
    found: dict[str, Finding] = {}
    for number, raw in enumerate(lines, 1):
        line = rules.ansi.sub("", raw)
        for sig in prefilter.candidates(line):
            whole = sig["regex"].search(line)
            if not whole and not (sig["core_regex"] and sig["core_regex"].search(line)):
                continue
            finding = found.get(sig["entry"])
            if finding is None:
                finding = found[sig["entry"]] = Finding(entries[sig["entry"]], rules)
            finding.see(sig["symptom"], rules.weight(sig), number, bool(whole))
            if not finding.lines or finding.lines[-1][0] != number:
                finding.lines.append((number, sig["where"], rules.strip.sub("", line)))
    return sorted(
        found.values(),
        key=lambda f: (-f.score, f.entry["kind"] == "router", f.lines[0][0]),
    )

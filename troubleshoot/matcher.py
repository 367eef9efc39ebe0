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
   only point onwards to causes); a line a router matched is that router's evidence and
   counts nothing for the router's causes (a message printed whatever the cause tells
   them apart no better than the router does: the router comes first, the causes after);
4. entries are listed by score, then problem pages before routers, then by the first
   matching line.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .generate import SIGNATURES, alternatives_runs, core_cuts, literal_runs


@dataclass(frozen=True)
class Rules:
    """The "rules" of a signatures file, compiled."""

    ansi: re.Pattern
    line_break: re.Pattern
    strip: re.Pattern
    router_weight: float
    core_weight: float
    context_weight: float
    # What every "ansi" match starts with ("" when the pattern does not say): a line
    # without it has nothing to remove.
    ansi_lead: str

    @classmethod
    def from_json(cls, rules: dict) -> Rules:
        return cls(
            ansi_lead=_leading_literal(rules["ansi"]),
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


def _leading_literal(pattern: str) -> str:
    """The character every match of `pattern` starts with, or ""."""
    from re import _parser  # the parser of the re module itself: what the pattern means

    parsed = _parser.parse(pattern, re.ASCII)
    ignore_case = parsed.state.flags & re.IGNORECASE
    if len(parsed) and parsed[0][0] is _parser.LITERAL and not ignore_case:
        return chr(parsed[0][1])
    return ""


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
    # Lines a router page that lists this entry among its causes matched too.
    routed: set[int] = field(default_factory=set)

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
            if line in self.routed:
                value = 0.0
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

    Every line a signature matches, by pattern or by core, holds the words of its pattern's
    longest literal run in some case and spacing (when the core also finds a line cut after
    the run's third word, its first three). A word with words on both sides stands alone
    between spaces, so it is one of the line's words (split at white space, lower-cased):
    one set lookup finds the signatures keyed by it. A run with no such word (two words or
    fewer) is looked for inside the line.
    """

    def __init__(self, signatures: list[dict]):
        self.by_word: dict[str, list[dict]] = {}
        self.by_substring: dict[str, list[dict]] = {}
        self.always: list[dict] = []
        self.order = {id(sig): n for n, sig in enumerate(signatures)}
        self.shared = False  # whether a signature is found by more than one key
        for sig in signatures:
            runs = literal_runs(sig["pattern"])
            # A pattern that is one alternation has no run of its own: each alternative has.
            alternatives = alternatives_runs(sig["pattern"]) if not runs else None
            cut = sig["core"] not in (None, sig["pattern"])  # a core with more than the pattern
            keys = (
                [self.key(r, cut) for r in alternatives] if alternatives else [self.key(runs, cut)]
            )
            if None in keys:
                self.always.append(sig)
                continue
            self.shared = self.shared or len(keys) > 1
            for in_word, key in keys:
                (self.by_word if in_word else self.by_substring).setdefault(key, []).append(sig)
        self.word_keys = self.by_word.keys()
        self.substrings = tuple(self.by_substring.items())

    @staticmethod
    def key(runs: list[str], cut: bool) -> tuple[bool, str] | None:
        """(True, one of the line's words) or (False, text inside it) that every line the
        pattern with these runs matches holds, lower-cased; None if there is none. `cut`:
        its core also finds a line cut after the third word of the longest run."""
        runs = sorted(runs, key=lambda run: -len(run.strip()))
        words = runs[0].lower().split() if runs else []
        if not words:
            return None
        # Not past the third word where a line may end there.
        if cut and core_cuts(words):
            words = words[:3]
        # Not the first word, which may be glued to the text before it, nor the last.
        inner = words[1:-1]
        rare = [word for word in words if word not in LOG_WORDS and len(word) > 3]
        # The fewer lines hold the key, the fewer patterns run: the longest word that is
        # not one of every log's; looked for inside the line (dearer) when that is the only
        # way to have one.
        if any(word in rare for word in inner):
            return True, max(inner, key=lambda word: (word in rare, len(word)))
        if rare or not inner:
            return False, max(rare or words, key=len)
        return True, max(inner, key=len)

    def candidates(self, line: str) -> list[dict]:
        lower = line.lower()
        found = []
        for text, signatures in self.substrings:
            if text in lower:
                found += signatures
        words = lower.split()
        if not self.word_keys.isdisjoint(words):
            by_word = self.by_word
            for word in set(words).intersection(by_word):
                found += by_word[word]
        if not found:
            return self.always
        if self.shared:
            found = list({id(sig): sig for sig in found}.values())
        # In the signatures' order, as without the prefilter (a finding's first line's where).
        return sorted(found + self.always, key=lambda sig: self.order[id(sig)])


def load_signatures(path: Path = SIGNATURES) -> dict:
    data = json.loads(path.read_text(encoding="utf-8"))
    data["compiled_rules"] = Rules.from_json(data["rules"])
    for sig in data["signatures"]:
        sig["regex"] = re.compile(sig["pattern"], re.ASCII)
        core = sig.get("core")
        sig["core_regex"] = re.compile(core, re.ASCII | re.IGNORECASE) if core else None
        # A core holds its pattern (in any case): searched first, it tells most lines with
        # one search that neither matches; the pattern is searched only on a line it found.
        sig["loose_regex"] = sig["core_regex"] or sig["regex"]
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
    diagnose_lines() gets, alone (diagnose asks it of a single pasted line, which the search
    fallback reads only when no signature matched it)."""
    rules = signatures["compiled_rules"]
    if rules.ansi_lead in line:
        line = rules.ansi.sub("", line)
    return any(sig["loose_regex"].search(line) for sig in signatures["prefilter"].candidates(line))


def diagnose(text: str, signatures: dict | None = None) -> list[Finding]:
    signatures = signatures or load_signatures()
    return diagnose_lines(signatures["compiled_rules"].lines(text), signatures)


def diagnose_lines(
    lines: Iterable[str],
    signatures: dict | None = None,
    on_line: Callable[[str, bool], object] | None = None,
) -> list[Finding]:
    """diagnose() over lines already split by the rules' line_break (a stream).
    `on_line(line, matched)` is told of each line as it is read, and whether some
    signature matched it (the search fallback reads the lines none did)."""
    signatures = signatures or load_signatures()
    rules: Rules = signatures["compiled_rules"]
    entries = {e["id"]: e for e in signatures["entries"]}
    prefilter: Prefilter = signatures["prefilter"]
    found: dict[str, Finding] = {}
    ansi, ansi_lead = rules.ansi, rules.ansi_lead
    for number, raw in enumerate(lines, 1):
        line = ansi.sub("", raw) if ansi_lead in raw else raw
        hit = False
        for sig in prefilter.candidates(line):
            if not sig["loose_regex"].search(line):
                continue
            hit = True
            whole = sig["regex"].search(line)
            finding = found.get(sig["entry"])
            if finding is None:
                finding = found[sig["entry"]] = Finding(entries[sig["entry"]], rules)
            finding.see(sig["symptom"], rules.weight(sig), number, bool(whole))
            if not finding.lines or finding.lines[-1][0] != number:
                finding.lines.append((number, sig["where"], rules.strip.sub("", line)))
        if on_line is not None:
            on_line(raw, hit)
    for router in [f for f in found.values() if f.entry["kind"] == "router"]:
        numbers = {number for number, _, _ in router.lines}
        for cause in router.entry.get("causes", ()):
            if cause in found:
                found[cause].routed |= numbers
    return sorted(
        found.values(),
        key=lambda f: (-f.score, f.entry["kind"] == "router", f.lines[0][0]),
    )

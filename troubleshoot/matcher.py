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
   a problem page may list the problems that lead to it (`causes`, a pod that timed out
   and the reason it never ran): when such a cause matched a line of its own, the
   consequence's lines count for the cause as well;
   Python tracebacks are read by their frames (TracebackReader): a traceback through a
   frame an entry declares (`tracebacks:`) and ending in its exception counts as one of the
   entry's symptoms, on the frame's line; cut before its exception, as a core match;
4. entries are listed by score, then problem pages before routers, then causes before
   the consequences that list them, then by the first matching line.

A line holding Markdown's strong emphasis ("markup", kept by logs copied from an issue's
source) is matched as pasted and again without it.

The second tier (Explainer): a line no symptom matched, unless the log marks it as info or
debug ("quiet"), is searched with the message reference's patterns ("messages", the most
specific first); the first that matches tells which message of JupyterHub or its proxy it
is. The search fallback reads only the lines neither tier matched.

The last tier (Explainer.stage_of, "stages"): when no entry was found, a warning-or-worse
line or a traceback frame that neither tier matched names the stage of the code that
printed it, and so its triage guide (troubleshoot/stages.py): a lead, which the search
fallback still reads.
"""

from __future__ import annotations

import bisect
import functools
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .generate import SIGNATURES, alternatives_runs, cut_start, literal_runs


@dataclass(frozen=True)
class Rules:
    """The "rules" of a signatures file, compiled."""

    ansi: re.Pattern
    line_break: re.Pattern
    strip: re.Pattern
    router_weight: float
    core_weight: float
    context_weight: float
    # Lines at info or debug level: not given a message of the reference.
    quiet: re.Pattern
    # Markdown emphasis: a line holding it is matched again without it.
    markup: re.Pattern
    # What every "ansi" match starts with ("" when the pattern does not say): a line
    # without it has nothing to remove.
    ansi_lead: str
    # Python tracebacks: their first line, a frame, the exception that ends one.
    traceback_header: re.Pattern
    traceback_frame: re.Pattern
    traceback_exception: re.Pattern

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
            quiet=re.compile(rules["quiet"], re.ASCII),
            markup=re.compile(rules["markup"], re.ASCII),
            traceback_header=re.compile(rules["traceback"]["header"], re.ASCII),
            traceback_frame=re.compile(rules["traceback"]["frame"], re.ASCII),
            traceback_exception=re.compile(rules["traceback"]["exception"], re.ASCII),
        )

    def unmarked(self, line: str) -> str | None:
        """The line without Markdown's emphasis, or None when it has none."""
        if "**" not in line:
            return None
        plain = self.markup.sub("", line)
        return plain if plain != line else None

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
    # Lines of a problem page that lists this entry among its causes (a consequence): line
    # -> what it scored there. They count for this cause too.
    inherited: dict[int, float] = field(default_factory=dict)
    # Whether a cause this page lists was found too (then it ranks after that cause).
    has_found_cause: bool = False

    @property
    def partial(self) -> list[str]:
        return [s for s, (_, whole) in self.seen.items() if not whole]

    def add_line(self, number: int, where: str, text: str) -> None:
        """List a matching line once, in the log's order (a traceback's evidence comes
        when the traceback ends, after lines that follow its frame), stripped."""
        if not self.lines or self.lines[-1][0] < number:  # the usual case: the next line
            self.lines.append((number, where, self.rules.strip.sub("", text)))
            return
        at = bisect.bisect_left(self.lines, number, key=lambda listed: listed[0])
        if self.lines[at][0] != number:
            self.lines.insert(at, (number, where, self.rules.strip.sub("", text)))

    def see(self, symptom: str, weight: float, number: int, whole: bool) -> None:
        label = "partial" if not whole else ("exact" if weight >= 1.0 else "context")
        if EVIDENCE_ORDER.index(label) > EVIDENCE_ORDER.index(self.evidence.get(number, "")):
            self.evidence[number] = label
        self.symptoms[symptom] = weight
        before = self.seen.get(symptom)
        if before is None or (whole and not before[1]):
            self.seen[symptom] = (number, whole)

    def line_values(self) -> dict[int, float]:
        """One line is one piece of evidence, however many symptoms of the entry it shows
        (a message and its older wording; a warning and the advice printed with it): its
        strongest counts, at core_weight when seen by core alone."""
        by_line: dict[int, float] = {}
        for symptom, (line, whole) in self.seen.items():
            value = self.symptoms[symptom] * (1.0 if whole else self.rules.core_weight)
            if line in self.routed:
                value = 0.0
            by_line[line] = max(by_line.get(line, 0.0), value)
        return by_line

    @property
    def score(self) -> float:
        """The sum over its lines and the lines it inherits from its consequences."""
        router = self.rules.router_weight if self.entry["kind"] == "router" else 1.0
        by_line = self.line_values()
        for line, value in self.inherited.items():
            if line not in self.routed:
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
    longest literal run in some case and spacing (when the core also finds a line cut inside
    the run, its first cut_start words). A word with words on both sides stands alone
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
        its core also finds a line cut inside the longest run (after cut_start words)."""
        runs = sorted(runs, key=lambda run: -len(run.strip()))
        words = runs[0].lower().split() if runs else []
        if not words:
            return None
        # Not past the words a cut line must hold (cut_start), where a line may end.
        if cut and cut_start(words):
            words = words[: cut_start(words)]
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
    for message in data.get("messages", ()):
        message["regex"] = re.compile(message["pattern"], re.ASCII)
    stages = data.get("stages")
    if stages:
        stages["line_regex"] = re.compile(stages["line"], re.ASCII)
        stages["frame_regex"] = re.compile(stages["frame"], re.ASCII)
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
    prefilter = signatures["prefilter"]
    for text in (line, rules.unmarked(line)):
        if text is not None and any(
            sig["loose_regex"].search(text) for sig in prefilter.candidates(text)
        ):
            return True
    return False


@dataclass
class Frame:
    path: str  # with / between its parts
    function: str
    line: int  # its line in the log, and the line's text
    text: str


@dataclass
class Traceback:
    """A Python traceback read from a log: its frames, and its exception type (None when
    the paste stops before it)."""

    frames: list[Frame]
    exception: str | None


class TracebackReader:
    """Reads a log one line at a time and hands back each traceback as it ends. A frame is
    `File "...", line N, in name` anywhere in a line (a log may indent it, or put a
    prefix before it); the exception is the first line after the frames that is indented
    less than they are and starts with a dotted name and a colon (or is that name alone)."""

    def __init__(self, rules: Rules):
        self.rules = rules
        self.frames: list[Frame] = []
        self.indent = 0  # the exception's indentation is at most this

    def feed(self, number: int, line: str) -> list[Traceback]:
        rules = self.rules
        header = rules.traceback_header.match(line)
        if header:
            done = self.close()
            self.indent = len(header[1])
            return done
        frame = rules.traceback_frame.search(line) if 'File "' in line else None
        if frame:
            if not self.frames and not self.indent:
                self.indent = max(0, frame.start() - 2)
            self.frames.append(Frame(frame[1].replace("\\", "/"), frame[2], number, line))
            return []
        if self.frames:
            exception = rules.traceback_exception.match(line)
            if exception and len(exception[1]) <= self.indent:
                done = Traceback(self.frames, exception[2])
                self.frames, self.indent = [], 0
                return [done]
        return []

    def close(self) -> list[Traceback]:
        """The traceback still open (a paste cut before its exception), if any."""
        done = [Traceback(self.frames, None)] if self.frames else []
        self.frames, self.indent = [], 0
        return done


def traceback_evidence(evidence: dict, traceback: Traceback) -> tuple[Frame, bool] | None:
    """Where a traceback is the evidence: its deepest frame in the evidence's file (and
    function), and whether the exception is there too (False: a traceback cut before its
    exception, partial evidence); None when it is not this evidence."""
    file, function = evidence["file"], evidence["function"]
    frames = [
        f
        for f in traceback.frames
        if (f.path == file or f.path.endswith("/" + file)) and function in ("", f.function)
    ]
    if not frames:
        return None
    wanted, got = evidence["exception"], traceback.exception
    if got is None:
        return frames[-1], False
    if wanted and got != wanted and not got.endswith("." + wanted):
        return None
    return frames[-1], True


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

    def see(text: str, shown: str, number: int) -> bool:
        hit = False
        for sig in prefilter.candidates(text):
            if not sig["loose_regex"].search(text):
                continue
            hit = True
            whole = sig["regex"].search(text)
            finding = found.get(sig["entry"])
            if finding is None:
                finding = found[sig["entry"]] = Finding(entries[sig["entry"]], rules)
            finding.see(sig["symptom"], rules.weight(sig), number, bool(whole))
            finding.add_line(number, sig["where"], shown)
        return hit

    evidence = signatures.get("tracebacks", [])
    reader = TracebackReader(rules)

    def credit(traceback: Traceback) -> None:
        """What a traceback that ended (or was cut) is evidence of, on the line of its
        frame: with its exception, a symptom (a context one when the entry names no
        exception); cut before the exception, a partial one."""
        for item in evidence:
            seen = traceback_evidence(item, traceback)
            if seen is None:
                continue
            frame, whole = seen
            weight = 1.0 if item["exception"] else rules.context_weight
            finding = found.get(item["entry"])
            if finding is None:
                finding = found[item["entry"]] = Finding(entries[item["entry"]], rules)
            finding.see(item["symptom"], weight, frame.line, whole)
            finding.add_line(frame.line, item["where"], frame.text)

    for number, raw in enumerate(lines, 1):
        line = ansi.sub("", raw) if ansi_lead in raw else raw
        hit = see(line, line, number)
        if "**" in line:  # and, as it reads without Markdown's emphasis
            plain = rules.unmarked(line)
            if plain is not None:
                hit = see(plain, line, number) or hit
        if evidence:
            for traceback in reader.feed(number, line):
                credit(traceback)
        if on_line is not None:
            on_line(raw, hit)
    for traceback in reader.close() if evidence else ():
        credit(traceback)
    for router in [f for f in found.values() if f.entry["kind"] == "router"]:
        numbers = {number for number, _, _ in router.lines}
        for cause in router.entry.get("causes", ()):
            if cause in found:
                found[cause].routed |= numbers
    # A problem page and a cause it lists, the cause with evidence on a line of its own:
    # the cause explains the consequence's lines too, and ranks first. (A cause that only
    # quotes the consequence's message is no more specific than the consequence.)
    values = {f.entry["id"]: f.line_values() for f in found.values()}
    for consequence in [f for f in found.values() if f.entry["kind"] == "problem"]:
        mine = values[consequence.entry["id"]]
        for cause in consequence.entry.get("causes", ()):
            own = values.get(cause, {})
            if not any(value > 0 and line not in mine for line, value in own.items()):
                continue
            consequence.has_found_cause = True
            inherited = found[cause].inherited
            for line, value in mine.items():
                inherited[line] = max(inherited.get(line, 0.0), value)
    return sorted(
        found.values(),
        key=lambda f: (-f.score, f.entry["kind"] == "router", f.has_found_cause, f.lines[0][0]),
    )


@dataclass
class Explained:
    """A message of the reference, and the lines (number, shown text) that are instances."""

    message: dict
    lines: list[tuple[int, str]] = field(default_factory=list)


@dataclass
class Lead:
    """A triage guide, and the lines (number, shown text) of its stage that nothing else
    matched."""

    guide: dict
    lines: list[tuple[int, str]] = field(default_factory=list)


# Of several explained messages, the most severe first (then in the log's order).
LEVEL_ORDER = ("critical", "exception", "error", "http", "warning")


class Explainer:
    """The second tier, fed line by line (as diagnose_lines' `on_line` is): which message
    of the reference each line that no symptom matched is. `then(line, matched)` is told of
    every line after it, matched when either tier matched it."""

    def __init__(self, signatures: dict, then: Callable[[str, bool], object] | None = None):
        self.rules: Rules = signatures["compiled_rules"]
        self.messages = signatures.get("messages", [])
        self.stages = signatures.get("stages")
        self.then = then
        self.number = 0
        self.found: dict[str, Explained] = {}
        self.leads: dict[str, Lead] = {}

    def message_of(self, line: str) -> dict | None:
        """The reference's message the line (its colour codes removed) is an instance of,
        or None."""
        rules = self.rules
        if rules.quiet.search(line):
            return None
        for text in (line, rules.unmarked(line)):
            if text is None:
                continue
            for message in self.messages:
                if all(piece in text for piece in message["pieces"]) and message["regex"].search(
                    text
                ):
                    return message
        return None

    def stage_of(self, line: str) -> str | None:
        """The stage (a triage guide's name) of the module that printed the line, if it is a
        warning or worse, or of the traceback frame it is; None when it does not say."""
        stages = self.stages
        if not stages:
            return None
        if stages["frame_lead"] in line:
            frame = stages["frame_regex"].search(line)
            if frame:
                path = frame.group(1).replace("\\", "/")
                return next(
                    (stage for prefix, stage in stages["paths"] if path.startswith(prefix)), None
                )
        logged = stages["line_regex"].search(line)
        if logged is None:
            return None
        logger, module = logged.groups()
        return stages["loggers"].get(logger) or stages["modules"].get(module or "")

    def take(self, raw: str, matched: bool) -> None:
        self.number += 1
        if not matched:
            line = self.rules.ansi.sub("", raw) if self.rules.ansi_lead in raw else raw
            message = self.message_of(line)
            if message is not None:
                matched = True
                found = self.found.setdefault(message["url"], Explained(message))
                found.lines.append((self.number, self.rules.strip.sub("", line)))
            elif (stage := self.stage_of(line)) is not None:
                # A lead, not an answer: the search fallback still reads the line.
                lead = self.leads.setdefault(stage, Lead(self.stages["guides"][stage]))
                lead.lines.append((self.number, self.rules.strip.sub("", line)))
        if self.then is not None:
            self.then(raw, matched)

    def results(self, findings: list[Finding] = ()) -> list[Explained]:
        """The messages found, most severe first; those only a listed entry documents are
        left out (its page says more)."""
        listed = {f.entry["id"] for f in findings}
        kept = [
            e
            for e in self.found.values()
            if not (e.message["entries"] and set(e.message["entries"]) <= listed)
        ]
        return sorted(kept, key=lambda e: (LEVEL_ORDER.index(e.message["level"]), e.lines[0][0]))

    def lead_results(self, findings: list[Finding], explained: list[Explained]) -> list[Lead]:
        """Where to look next, when no entry was found: the guides of the stages the other
        lines came from, in the log's order, but those an explained message links already."""
        if findings:
            return []
        linked = {e.message["triage"]["url"] for e in explained if e.message.get("triage")}
        return [lead for lead in self.leads.values() if lead.guide["url"] not in linked]


def explain(text: str, signatures: dict | None = None) -> tuple[list[Finding], list[Explained]]:
    """Both tiers over a text: the entries found, and the reference's messages of the lines
    no entry's symptom matched."""
    findings, explained, _ = explain_with_leads(text, signatures)
    return findings, explained


def explain_with_leads(
    text: str, signatures: dict | None = None
) -> tuple[list[Finding], list[Explained], list[Lead]]:
    """explain(), and where to look next when no entry was found (Explainer.lead_results)."""
    signatures = signatures or load_signatures()
    explainer = Explainer(signatures)
    findings = diagnose_lines(signatures["compiled_rules"].lines(text), signatures, explainer.take)
    explained = explainer.results(findings)
    return findings, explained, explainer.lead_results(findings, explained)

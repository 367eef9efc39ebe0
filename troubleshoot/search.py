"""The site's search, in Python: what `diagnose` lists as "possibly related" for the lines of
a log that no documented message matched.

The site's diagnoser sends those lines through the search box's paste normaliser
(docs/assets/javascripts/search-normalise.js) and Material for MkDocs' lunr search worker,
and shows the first three pages. This module does the same over the same index file
(site/search/search_index.json), so that the command line and the page list the same pages:

- `normalise(text)` is a port of the normaliser's `normalise` (tests compare the two in node);
- `SearchIndex` builds the index as Material's worker does (its own HTML-aware tokenizer,
  the config's separator, pipeline and field boosts, b = 0) with lunr.py, the Python port of
  the lunr.js 2.3.9 Material bundles, and ranks as Material does (query transformation,
  the boost for page-level documents and for the share of query terms found, grouping by
  page), with the site worker's two changes to lunr (search-worker.js: an unambiguous
  token-set key, and scores weighed by how much of a title the query covers);
- `QueryLines` keeps, while a log streams past, the unmatched lines the normaliser would
  read: at most 235 lines, whatever the size of the log;
- `related(lines, index, exclude)` is the fallback itself.

Strings are compared the way JavaScript compares them: as UTF-16 code units (a character
outside the BMP is two), with JavaScript's definitions of white space, \\d, \\w and \\b.
"""

from __future__ import annotations

import functools
import json
import math
import re
from collections.abc import Callable, Iterable
from pathlib import Path

from lunr.builder import Builder
from lunr.exceptions import BaseLunrException
from lunr.idf import idf as lunr_idf
from lunr.query import Query, QueryPresence
from lunr.query_lexer import QueryLexer
from lunr.query_parser import QueryParser
from lunr.stemmer import PorterStemmer
from lunr.stop_word_filter import WORDS as LUNR_STOP_WORDS
from lunr.stop_word_filter import stop_word_filter
from lunr.token import Token
from lunr.token_set import TokenSet
from lunr.vector import Vector

# ------------------------------------------------------------------ JavaScript strings

# JavaScript's \s and String.prototype.trim(): WhiteSpace and LineTerminator. Python's \s
# (and str.strip) differ: they include \x1c-\x1f and \x85, and leave \ufeff out.
JS_SPACE = (
    "\t\n\v\f\r \xa0\u1680"
    + "".join(chr(c) for c in range(0x2000, 0x200B))
    + "\u2028\u2029\u202f\u205f\u3000\ufeff"
)
SP = f"[{JS_SPACE}]"
NSP = f"[^{JS_SPACE}]"
DOT = "[^\n\r\u2028\u2029]"  # JavaScript's . (without the s flag)
A = re.ASCII  # JavaScript's \d, \w and \b (without the u flag) are ASCII

ASTRAL = re.compile("[\U00010000-\U0010ffff]")
SURROGATE = re.compile("[\ud800-\udfff]")


def to_units(text: str) -> str:
    """`text` as JavaScript sees it: a character outside the BMP becomes two surrogates."""
    if text.isascii() or not ASTRAL.search(text):
        return text
    return ASTRAL.sub(lambda m: _pair(m.group()), text)


def _pair(char: str) -> str:
    code = ord(char) - 0x10000
    return chr(0xD800 + (code >> 10)) + chr(0xDC00 + (code & 0x3FF))


def from_units(text: str) -> str:
    """The inverse of to_units (a lone surrogate stays as it is)."""
    if not SURROGATE.search(text):
        return text
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "surrogatepass")


def js_trim(text: str) -> str:
    return text.strip(JS_SPACE)


def js_lower(text: str) -> str:
    """toLowerCase(): on code points, so a surrogate pair is lowered as its character."""
    if SURROGATE.search(text):
        return to_units(from_units(text).lower())
    return text.lower()


def js_replace_all(pattern: re.Pattern, text: str, replacement: str) -> str:
    """text.replace(/…/g, replacement): after an empty match JavaScript moves on one unit,
    where Python's re.sub would still try a longer match at the same place."""
    out, last, pos = [], 0, 0
    while pos <= len(text):
        m = pattern.search(text, pos)
        if m is None:
            break
        out.append(text[last : m.start()])
        out.append(replacement)
        last = m.end()
        pos = m.end() + (m.end() == m.start())
    out.append(text[last:])
    return "".join(out)


# ---------------------------------------------------- the paste normaliser (a port)

MAX_TERMS = 16  # search-normalise.js MAX_TERMS

# search-normalise.js STOP (lunr's English stop words).
STOP = frozenset(
    (
        "a able about across after all almost also am among an and any are as at be "
        "because been but by can cannot could dear did do does either else ever every for from get got "
        "had has have he her hers him his how however i if in into is it its just least let like likely "
        "may me might most must my neither no nor not of off often on only or other our own rather said "
        "say says she should since so some than that the their them then there these they this tis to "
        "too twas us wants was we were what when where which while who whom why will with would yet "
        "you your"
    ).split(" ")
)

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
PREFIXES = [
    re.compile(rf"^[A-Z][a-z]{{2}} +\d{{1,2}} \d\d:\d\d:\d\d {NSP}+ [^{JS_SPACE}:]+: ", A),
    re.compile(r"^\[[DIWEC] [^\]]*\]", A),
    re.compile(rf"^{DOT}{{0,40}}?\[ConfigProxy\] \w+:", A),
    re.compile(r"^\d{4}-\d\d-\d\d[T ][\d:.,]+(?:Z|[+-]\d\d:?\d\d)?", A),
]
VARYING = [
    re.compile(
        r"\b\d{4}-\d\d-\d\d(?:[T ]\d\d:\d\d(?::\d\d)?(?:[.,]\d+)?(?:Z|[+-]\d\d:?\d\d)?)?\b", A
    ),
    re.compile(r"\b\d\d:\d\d:\d\d(?:[.,]\d+)?\b", A),
    re.compile(rf"\b[a-z][a-z0-9+.-]*://[^/{JS_SPACE}'\"]*", A | re.I),
    re.compile(r"(?:::ffff:)?\b\d{1,3}(?:\.\d{1,3}){3}(?::\d+)?\b", A),
    re.compile(r"[0-9a-f:]*::[0-9a-f:.]*", A | re.I),
]
# JavaScript's `(?<=\b[A-Za-z_]\w*)=\d[^\s\]),]*` replaced by " ": Python's lookbehind must
# have a fixed width, so the name is matched and put back. The name is the whole run of word
# characters before "=", which is where the lookbehind's \b puts it too.
KEY_NUMBER = re.compile(rf"\b([A-Za-z_]\w*)=\d[^{JS_SPACE}\]),]*", A)
FRAME = re.compile(
    r"^(?:Traceback \(most recent call last\):?"
    rf"|at {NSP}{DOT}*|\.\.\.|…|[\^~{JS_SPACE}]+"
    rf"|During handling of the above exception{DOT}*"
    rf"|The above exception was the direct cause{DOT}*)\Z",
    A,
)
LOCATION = re.compile(
    rf'^(?:File "{DOT}*", line \d+{DOT}*|{NSP}+\.(?:py|js|mjs|cjs|ts):\d+(?::\d+)?)\Z', A
)
ERRORISH = re.compile(
    r"\b(?:error|exception|fail|failed|failure|failing|fatal|denied|refused|forbidden"
    r"|unauthori[sz]ed|time(?:d ?)?out|unable|cannot|can't|could not|not found|no such"
    r"|invalid|missing|not allowed|does not|doesn't|didn't|unknown|bad request|unavailable"
    r"|E[A-Z]{4,})\b",
    A | re.I,
)
ERROR_NAME = re.compile(r"^[\w.]*(?:Error|Exception|Exit|Failure)\b:?", A)
LINE_BREAK = re.compile("\r\n|[\n\r\v\f\u2028\u2029]")
WORD_SPLIT = re.compile(
    f"[{JS_SPACE}\"'`\u2018\u2019\u201c\u201d()\\[\\]{{}}<>,;:!?=|*+^~\\\\@#$%&]+"
)
WORD_EDGES = re.compile(r"^[-./]+|[-./]+\Z")
HTTP = re.compile(r"^https?\Z", re.I)
STATUS = re.compile(r"^[1-5]\d\d\Z", A)
NUMBER = re.compile(r"^\d[\d.]*(?:ms|s|m|h|min|%)?\Z", A | re.I)
COUNTER = re.compile(r"^\d+(?:[/.:-]\d+)+\Z", A)
REPEAT = re.compile(r"^x\d+\Z", A)
HEX_ID = re.compile(rf"^(?={DOT}*\d)[0-9a-f]{{8,}}\Z", A | re.I)
LONG_ID = re.compile(rf"^(?={DOT}*\d)(?={DOT}*[a-z])[\w-]{{16,}}\Z", A | re.I)


def clean_line(line: str) -> str:
    """search-normalise.js cleanLine. Each pattern runs only where the text it needs is in
    the line (a log is cleaned line by line: this is most of the fallback's cost)."""
    if "\x1b" in line:
        line = ANSI.sub("", line)
    line = js_trim(line)
    syslog, tornado, proxy, stamp = PREFIXES
    if "A" <= line[:1] <= "Z":
        line = js_trim(syslog.sub("", line, count=1))
    if line[:1] == "[":
        line = js_trim(tornado.sub("", line, count=1))
    if "[ConfigProxy]" in line:
        line = js_trim(proxy.sub("", line, count=1))
    if "0" <= line[:1] <= "9":
        line = js_trim(stamp.sub("", line, count=1))
    for needle, varying in zip(("-", ":", "://", ".", "::"), VARYING, strict=True):
        if needle in line:
            line = varying.sub(" ", line)
    if "=" in line:
        line = KEY_NUMBER.sub(lambda m: m.group(1) + " ", line)
    return js_trim(line)


def raw_score(raw: str) -> int:
    """The part of line_score() that the raw line decides."""
    trimmed = js_trim(raw)  # both ends: "[W " alone is "[W", no warning
    score = 0
    if trimmed.startswith(("[E ", "[C ")) or " [ConfigProxy] error:" in raw:
        score += 3
    elif trimmed.startswith("[W "):
        score += 1
    if trimmed.startswith(("[D ", "[I ", "D ", "I ")):
        score -= 2
    return score


def line_score(raw: str, text: str) -> int:
    """search-normalise.js lineScore: how much a line looks like the message that says what
    went wrong."""
    score = raw_score(raw)
    if ERRORISH.search(text):
        score += 2
    if ERROR_NAME.search(text):
        score += 2
    return score


def error_like(raw: str) -> bool:
    """search-normalise.js normalise.errorLike: whether a log line looks like an error or a
    warning. Of a log (more than one line), only such lines go to the search fallback."""
    units = to_units(raw)
    text = clean_line(units)
    return text != "" and line_score(units, text) > 0


def words(text: str) -> list[str]:
    out = []
    for w in WORD_SPLIT.split(text):
        w = WORD_EDGES.sub("", w)
        if len(w) < 2 or js_lower(w) in STOP or HTTP.search(w):
            continue
        if STATUS.search(w):
            out.append(w)
            continue
        if NUMBER.search(w) or COUNTER.search(w) or REPEAT.search(w):
            continue
        if HEX_ID.search(w) or LONG_ID.search(w):
            continue
        out.extend(  # a path, one segment at a time (see search-normalise.js)
            part
            for part in w.split("/")
            if len(part) >= 2 and js_lower(part) not in STOP and not HTTP.search(part)
        )
    return out


def normalise(text: str) -> str:
    """The search query for a pasted text (one line or a whole log): search-normalise.js
    normalise(), the same words in the same order."""
    lines = []  # (score, index, text)
    after_location = False
    for index, raw in enumerate(LINE_BREAK.split(to_units(str(text)))):
        cleaned = clean_line(raw)
        if not cleaned:
            continue
        quotes_code = after_location
        after_location = bool(LOCATION.search(cleaned))
        if not quotes_code and not after_location and not FRAME.search(cleaned):
            lines.append((line_score(raw, cleaned), index, cleaned))
    # Scores only order several lines; one line is read whatever its score.
    if len(lines) > 1:
        lines.sort(key=lambda line: (-line[0], line[1]))
    picked: list[str] = []
    seen: set[str] = set()
    for i, (score, _, cleaned) in enumerate(lines):
        if len(picked) >= MAX_TERMS:
            break
        if i > 0 and score < lines[0][0] and len(picked) >= MAX_TERMS / 2:
            break
        for w in words(cleaned):
            key = js_lower(w)
            if len(picked) < MAX_TERMS and key not in seen:
                seen.add(key)
                picked.append(w)
    return from_units(" ".join(picked))


class QueryLines:
    """The lines of a streamed log that `normalise` would read from its unmatched lines,
    within a fixed bound: `normalise("\\n".join(q.lines()))` equals normalise() of all the
    unmatched lines joined, for any log.

    normalise() reads lines best score first (earliest first among equals) until it has 16
    words, and stops at a worse line once it has 8. So a line is kept only if it brings its
    score a word (case-insensitively) that earlier kept lines of that score lack, while that
    score has fewer than 16; and no line is kept below the best score whose lines, with
    those above, hold 8 words. At most 17 lines per score (lineScore spans -2..7), and 64
    recent lines (below): 235 lines, however long the log.

    normalise() also skips the line after a `File "x.py", line 5` (it quotes source code):
    a line whose last unmatched predecessor locates. Most lines are never cleaned (the
    costly part): told from the raw line alone, they can neither be kept nor locate. Such
    a line, unless matched, is held among the recent ones only while the last unmatched
    line located, and cleaned only when a kept line needs to know, or the recent lines
    overflow.
    """

    LEVEL_WORDS = MAX_TERMS  # a score with this many words needs no more lines
    ENOUGH = MAX_TERMS // 2  # normalise() reads no worse line once it has this many
    HISTORY = 64  # recent lines held before the state they lead to is worked out

    def __init__(self, errors_only: bool = False):
        """`errors_only`: the lines are a log's, of which the site's diagnoser searches only
        the unmatched lines that look like errors or warnings: a line that is not
        error_like() counts as matched. No line scoring below 1 is then read, and such
        lines are told apart by their score alone."""
        self.errors_only = errors_only
        self.levels: dict[int, tuple[set[str], list[tuple[int, str]]]] = {}
        self.floor: float = 1 if errors_only else -math.inf  # lines below it are never read
        self.index = 0
        # Whether the last unmatched line locates, as of the line before `recent`; these
        # are lines after it that do not locate and may be unmatched (not cleaned yet).
        self.located = False
        self.recent: list[str] = []
        self.closed: dict[tuple[int, bool], bool] = {}  # _closed(), until a line is kept

    def take(self, raw: str, matched: bool) -> None:
        """The log's next line; `matched`: some documented message matched it."""
        if matched:  # not among the lines normalise() reads: changes nothing
            self.index += 1
            return
        # Most lines of a long log can no longer be kept: told from the raw line alone
        # (by its score's raw part and what it could add), the cost is a few lookups.
        if raw.isascii() and "\x1b" not in raw and not _hints_location(raw):
            scores = (raw_score(raw), _names_error(raw))
            shut = self.closed.get(scores)
            if shut is None:
                shut = self.closed[scores] = self._closed(*scores)
            if shut:
                self.index += 1
                self._hold(raw)
                return
        self._read(raw)

    def _read(self, raw: str) -> None:
        """A line no documented message matched."""
        index = self.index
        self.index += 1
        units = to_units(raw)
        if not _may_locate(units):
            scores = (raw_score(units), _names_error(units))
            if self._closed(*scores):
                self._hold(raw)  # cannot be kept: not even cleaned
                return
        text = clean_line(units)
        if not text:
            return  # normalise() skips it
        score = line_score(units, text)
        if self.errors_only and score < 1:
            return  # not error-like: counts as matched
        locates = bool(LOCATION.search(text))
        keys, kept = self.levels.get(score, (set(), []))
        wanted = not (locates or FRAME.search(text) or score < self.floor)
        if wanted and kept:
            wanted = len(keys) < self.LEVEL_WORDS
        new = {js_lower(w) for w in words(text)} - keys if wanted else set()
        if kept and not new:
            wanted = False  # the first line of a score is kept even without words
        # Whether the line before quotes code matters only to a line that would be kept.
        quotes_code = wanted and self._last_unmatched_locates()
        self.located, self.recent = locates, []  # this line is the last unmatched one now
        if not wanted or quotes_code:
            return
        keys |= new
        kept.append((index, raw))
        self.levels[score] = (keys, kept)
        self.closed.clear()
        self._raise_floor()

    def _hold(self, raw: str) -> None:
        """A line not matched that does not locate and was not cleaned: it changes
        what the last unmatched line is only if it is unmatched and the last one located."""
        if not self.located:
            return
        self.recent.append(raw)
        if len(self.recent) >= self.HISTORY:
            self._last_unmatched_locates()

    def _unmatched(self, raw: str) -> bool:
        """Whether a line not matched is among the lines normalise() reads."""
        units = to_units(raw)
        text = clean_line(units)
        return bool(text) and (not self.errors_only or line_score(units, text) > 0)

    def _last_unmatched_locates(self) -> bool:
        """Whether the last unmatched line so far locates: not if a held line is unmatched."""
        if self.recent and any(self._unmatched(raw) for raw in reversed(self.recent)):
            self.located = False
        self.recent.clear()
        return self.located

    def _closed(self, base: int, named: bool) -> bool:
        """Whether every score a line could get is closed (below the floor, or full), from
        its raw_score() and whether it holds a word ERROR_NAME looks for."""
        for score in {base, base + 2, base + 2 * named, base + 2 + 2 * named}:
            if score >= self.floor:
                keys, kept = self.levels.get(score, (set(), []))
                if not kept or len(keys) < self.LEVEL_WORDS:
                    return False
        return True

    def _raise_floor(self) -> None:
        union: set[str] = set()
        for score in sorted(self.levels, reverse=True):
            union |= self.levels[score][0]
            if len(union) >= self.ENOUGH:
                self.floor = score
                break
        for score in [s for s in self.levels if s < self.floor]:
            del self.levels[score]  # never read: free them

    def lines(self) -> list[str]:
        """The kept lines, in the log's order."""
        kept = [line for _, lines in self.levels.values() for line in lines]
        return [raw for _, raw in sorted(kept)]


LOCATION_HINT = re.compile(r"File|\.(?:py|js|mjs|cjs|ts):\d")


# Both are asked of every line of a log: plain substring tests, before any regex runs.
def _names_error(text: str) -> bool:
    """False when ERROR_NAME cannot match in `text`, which has none of its words."""
    return "Error" in text or "Exception" in text or "Exit" in text or "Failure" in text


def _hints_location(text: str) -> bool:
    """LOCATION_HINT.search(text)."""
    if "File" in text:
        return True
    return ("py:" in text or "js:" in text or "ts:" in text) and bool(LOCATION_HINT.search(text))


def _may_locate(units: str) -> bool:
    """False when clean_line(units) cannot match LOCATION: the cleaning only cuts a prefix
    and turns spans into spaces, so "File" or "x.py:5" would be in the line already."""
    if "\x1b" in units:
        units = ANSI.sub("", units)
    return _hints_location(units)


# ------------------------------------------------------------------ the search index


class SearchIndexError(Exception):
    """An index file that cannot be used; the message is one line naming the file."""


def js_regex(source: str) -> re.Pattern:
    """A JavaScript RegExp (no flags, as Material builds the separator) as Python's re."""
    out: list[str] = []
    i, in_class = 0, False
    while i < len(source):
        c = source[i]
        nxt = source[i + 1 : i + 2]
        if c == "\\":
            if nxt == "s":
                out.append(JS_SPACE if in_class else SP)
                if in_class and source[i + 2 : i + 3] == "-":
                    out.append("\\-")  # [\s-x]: a literal "-" in JavaScript
                    i += 1
            elif nxt == "S" and not in_class:
                out.append(NSP)
            elif nxt in ("S", "c", "k", "p", "P", "") or source[i + 1 : i + 3] == "u{":
                raise ValueError(f"\\{nxt} is not supported here")
            else:
                out.append(c + nxt)
            i += 2
            continue
        if in_class:
            if c == "]":
                in_class = False
            elif c == "[" or (c in "&~|-" and nxt == c):
                out.append("\\")  # literal in JavaScript, a (future) set operation in Python
            out.append(c)
        elif c == "[":
            if nxt == "]" or source[i + 1 : i + 3] == "^]":
                raise ValueError("empty classes are not supported")
            in_class = True
            out.append(c)
        elif c == ".":
            out.append(DOT)
        elif c == "$":
            out.append(r"\Z")
        elif source.startswith("(?<", i) and source[i + 3 : i + 4] not in ("=", "!"):
            out.append("(?P<")
            i += 3
            continue
        else:
            out.append(c)
        i += 1
    return re.compile("".join(out), A)


def split_ranges(text: str, separator: re.Pattern) -> list[tuple[int, int]]:
    """Material's internal split(): the non-empty ranges between separator matches, with
    JavaScript's lastIndex stepping over empty matches (lookarounds)."""
    ranges, index, pos = [], 0, 0
    while True:
        m = separator.search(text, pos) if pos <= len(text) else None
        until = m.start() if m else len(text)
        if index < until:
            ranges.append((index, until))
        if m is None:
            return ranges
        index = m.end()
        pos = m.end() + (m.end() == m.start())


def text_sections(text: str) -> list[tuple[int, int]]:
    """Material's extract(): the ranges of `text` outside HTML tags (its TEXT sections)."""
    sections = []
    start = end = 0
    while end < len(text):
        c = text[end]
        if c == "<" and end > start:
            sections.append((start, end))
            start = end
        elif c == ">":
            start = end + 1  # whatever ends in ">" reads as a tag (its nesting only marks)
        end += 1
    if end > start:
        sections.append((start, end))
    return sections


def js_trimmer(token, i=None, tokens=None):
    """lunr.js's trimmer (lunr.py's keeps non-ASCII letters JavaScript's \\W strips)."""
    return token.update(lambda s, _: re.sub(r"\W+\Z", "", re.sub(r"^\W+", "", s, flags=A), flags=A))


def js_round3(score: float) -> float:
    """Math.round(score * 1000) / 1000: halves round up, where Python's round() is exact."""
    scaled = score * 1000
    whole = math.floor(scaled)
    return (whole + (scaled - whole >= 0.5)) / 1000


# Han script (JavaScript's \p{sc=Han}, Unicode 17 as node 20's ICU has it).
HAN = re.compile(
    "[\u2e80-\u2e99\u2e9b-\u2ef3\u2f00-\u2fd5\u3005\u3007\u3021-\u3029\u3038-\u303b"
    "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufa6d\ufa70-\ufad9\U00016fe2-\U00016fe3"
    "\U00016ff0-\U00016ff6\U00020000-\U0002a6df\U0002a700-\U0002b81d\U0002b820-\U0002cead"
    "\U0002ceb0-\U0002ebe0\U0002ebf0-\U0002ee5d\U0002f800-\U0002fa1d\U00030000-\U0003134a"
    "\U00031350-\U00033479]+"
)


def segment(query: str, index: dict) -> list[str]:
    """Material's segment(): Chinese text cut into the longest words the index holds."""
    n = len(query)
    wordcuts = [0] * n
    for i in range(n):
        for j in range(i + 1, n):  # not the whole rest: as Material's loop
            if query[i:j] in index:
                wordcuts[i] = j - i
    segments: dict[str, None] = {}  # an ordered set
    stack, s = [0], 1
    while s > 0:
        s -= 1
        p = stack[s]
        for q in range(1, wordcuts[p]):
            if p + q < n and wordcuts[p + q] > wordcuts[p] - q:
                segments[query[p : p + q]] = None
                _put(stack, s, p + q)
                s += 1
        q = p + wordcuts[p]
        if q < n and wordcuts[q] and q < n - 1:
            _put(stack, s, q)
            s += 1
        segments[query[p:q]] = None
    if "" in segments:
        return [query]
    return list(segments)


def _put(stack: list, at: int, value: int) -> None:
    if at < len(stack):
        stack[at] = value
    else:
        stack.append(value)


class _Parser(QueryParser):
    """lunr's query parser, lower-casing as JavaScript does (astral letters too)."""

    @classmethod
    def parse_term(cls, parser):
        lexeme = parser.consume_lexeme()
        parser.current_clause.term = js_lower(lexeme["string"])
        if "*" in lexeme["string"]:
            parser.current_clause.use_pipeline = False
        return cls._peek_next_lexeme(parser)


class _Builder(Builder):
    """lunr.js's Builder as Material's worker configures it (the parts lunr.py does
    differently: the tokenizer, `|| 1` boosts, Math.round, the token set's edge order)."""

    def __init__(self, tokenize: Callable[[object], list[str]]):
        super().__init__()
        self.tokenize = tokenize

    def add(self, doc, attributes=None):
        doc_ref = doc[self._ref]
        self._documents[doc_ref] = attributes or {}
        self.document_count += 1
        for field_name in self._fields:
            tokens = [Token(t) for t in self.tokenize(doc.get(field_name))]
            terms = self.pipeline.run(tokens, field_name)
            field_ref = f"{field_name}/{doc_ref}"
            frequencies: dict[str, int] = {}
            self.field_term_frequencies[field_ref] = frequencies
            self.field_lengths[field_ref] = len(terms)
            for term in terms:
                key = str(term)
                frequencies[key] = frequencies.get(key, 0) + 1
                if key not in self.inverted_index:
                    posting = {name: {} for name in self._fields}
                    posting["_index"] = self.term_index
                    self.term_index += 1
                    self.inverted_index[key] = posting
                self.inverted_index[key][field_name].setdefault(doc_ref, {})

    def _create_field_vectors(self):
        vectors, idfs = {}, {}
        for field_ref, frequencies in self.field_term_frequencies.items():
            field_name, doc_ref = field_ref.split("/", 1)
            length = self.field_lengths[field_ref]
            vector = Vector()
            field_boost = self._fields[field_name].boost or 1
            doc_boost = self._documents[doc_ref].get("boost") or 1
            for term, tf in frequencies.items():
                posting = self.inverted_index[term]
                if term not in idfs:
                    idfs[term] = lunr_idf(posting, self.document_count)
                idf = idfs[term]
                norm = 1 - self._b + self._b * (length / self.average_field_length[field_name])
                score = idf * ((self._k1 + 1) * tf) / (self._k1 * norm + tf)
                score *= field_boost
                score *= doc_boost
                vector.insert(posting["_index"], js_round3(score))
            vectors[field_ref] = vector
        self.field_vectors = vectors

    def build(self):
        index = super().build()
        # What cover_titles() needs: each title's term frequencies and length (in words).
        index.title_terms = {
            field_ref.split("/", 1)[1]: (frequencies, self.field_lengths[field_ref])
            for field_ref, frequencies in self.field_term_frequencies.items()
            if field_ref.startswith("title/")
        }
        return index

    def _create_token_set(self):
        super()._create_token_set()
        # JavaScript lists an object's integer-like keys ("0"-"9") before the others: the
        # order in which expanded terms, and so equal scores, come out.
        seen, todo = set(), [self.token_set]
        while todo:
            node = todo.pop()
            if node.id in seen:
                continue
            seen.add(node.id)
            digits = [k for k in node.edges if "0" <= k <= "9"]
            if digits:
                edges = node.edges
                node.edges = {k: edges[k] for k in digits}
                node.edges.update((k, v) for k, v in edges.items() if k not in node.edges)
            todo.extend(node.edges.values())


def cover_titles(results: list[dict], title_terms: dict) -> list[dict]:
    """The site's worker's patch to lunr's Index.query (docs/assets/javascripts/
    search-worker.js): each result's score times 1 + coverage², coverage being the share of
    its title's indexed words that the query matched, so that a heading which is the query
    outranks a longer heading that merely contains its words."""
    for result in results:
        frequencies, length = title_terms.get(result["ref"], ({}, 0))
        if not length:
            continue
        found = sum(
            frequencies.get(term, 0)
            for term, fields in result["match_data"].metadata.items()
            if "title" in fields
        )
        coverage = min(1, found / length)
        result["score"] *= 1 + coverage * coverage
    results.sort(key=lambda r: -r["score"])  # stable, like Array.prototype.sort
    return results


LUNR_TOKEN_SET_STR = TokenSet.__str__


def _token_set_key(node: TokenSet) -> str:
    """lunr's TokenSet string with a comma after each node id, as the site's search worker
    has it (docs/assets/javascripts/search-worker.js says why): lunr's own reads an edge
    "0" to node 325 and edges "0" to 3 and "2" to 5 alike, and merges the two nodes."""
    edges = "".join(f"{label}{node.edges[label].id}," for label in sorted(node.edges))
    return ("1" if node.final else "0") + edges


TokenSet.__str__ = _token_set_key


class _Stemmer(PorterStemmer):
    """lunr.js's stemmer turns a final y into i after any consonant ("try": "tri"), lunr.py's
    only when the stem has a vowel. (Words that are all suffix, "eed" or "sses", still
    differ: lunr.js leaves or cuts them differently.)"""

    def step1c(self):
        if self.ends("y") and self.k - self.k0 >= 2 and self.b[self.k - 1] not in "aeiou":
            self.b = self.b[: self.k] + "i" + self.b[self.k + 1 :]


_STEMMER = _Stemmer()


def js_stemmer(token, i=None, tokens=None):
    return token.update(_STEMMER.stem)


# lunr's names for them: no warnings that they are unregistered.
js_trimmer.label, js_stemmer.label = "trimmer", "stemmer"
PIPELINE = {"trimmer": js_trimmer, "stopWordFilter": stop_word_filter, "stemmer": js_stemmer}


class Doc:
    __slots__ = ("location", "title", "parent", "data")

    def __init__(self, data: dict):
        self.data = data
        self.location = to_units(data["location"])
        self.title = data["title"]
        self.parent: Doc | None = None


class SearchIndex:
    """Material's search over one search_index.json."""

    def __init__(self, data: object, source: str = "search index"):
        self.source = source
        problem = _shape_problem(data)
        if problem:
            raise SearchIndexError(f"{source}: not a Material search index: {problem}")
        self.config = data["config"]
        try:
            self.separator = js_regex(to_units(self.config["separator"]))
        except (ValueError, re.error) as error:
            raise SearchIndexError(
                f"{source}: config.separator {self.config['separator']!r}: {error}"
            ) from None
        if self.config["lang"] != ["en"]:
            raise SearchIndexError(
                f"{source}: search languages {self.config['lang']}: only English (en) is "
                "supported (Material adds lunr-languages stemmers for others)"
            )
        self.docs = [Doc(d) for d in data["docs"]]
        self.map: dict[str, Doc] = {}
        for doc in self.docs:  # Material's setupSearchDocumentMap
            path = doc.location.split("#")[0]
            article = self.map.get(path)
            if article is None:
                self.map[path] = doc
            else:
                self.map[doc.location] = doc
                doc.parent = article

    @classmethod
    def load(cls, path: Path | str) -> SearchIndex:
        try:
            text = Path(path).read_text(encoding="utf-8")
        except UnicodeDecodeError:
            raise SearchIndexError(f"{path}: not UTF-8 text") from None
        except OSError as error:
            raise SearchIndexError(f"{path}: cannot be read: {error.strerror or error}") from None
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            raise SearchIndexError(f"{path}: not valid JSON: {error}") from None
        return cls(data, str(path))

    def title(self, location: str) -> str:
        doc = self.map.get(to_units(location))
        return doc.title if doc else location

    @functools.cached_property
    def index(self):
        """The lunr index, built on first use (a second or so for this site)."""
        builder = _Builder(self._tokenize)
        builder.b(0)
        wanted = self.config["pipeline"]
        for name in ("trimmer", "stopWordFilter", "stemmer"):  # lunr()'s default order
            if name in wanted:
                builder.pipeline.add(PIPELINE[name])
        if "stemmer" in wanted:
            builder.search_pipeline.add(js_stemmer)
        builder.ref("location")
        for name, spec in self.config["fields"].items():
            builder.field(name, boost=spec.get("boost"))
        if not self.docs:
            return None  # lunr cannot average the lengths of no documents
        for doc in self.docs:
            fields = {name: _units(doc.data.get(name)) for name in self.config["fields"]}
            fields["location"] = doc.location
            boost = doc.data.get("boost")
            builder.add(fields, {"boost": boost} if boost else None)
        return builder.build()

    def phantom_words(self) -> list[str]:
        """Words the index's token set holds that no page has: what lunr's own TokenSet
        string makes of some word lists (see _token_set_key), and none with the fix."""
        if self.index is None:
            return []
        return [w for w in self.index.token_set.to_list() if w not in self.index.inverted_index]

    def _tokenize(self, value) -> list[str]:
        """Material's tokenize(): text outside HTML tags, split by the separator, lower-cased."""
        if value is None:
            return []
        tokens = []
        for text in value if isinstance(value, list) else [value]:
            for start, end in text_sections(text):
                section = text[start:end]
                for a, b in split_ranges(section, self.separator):
                    tokens.append(js_lower(section[a:b]))
        return tokens

    def transform(self, query: str) -> str:
        """Material's transformSearchQuery() (unit strings in and out)."""
        return transform(query, self._split_part)

    def _split_part(self, part: str) -> list[str]:
        terms = []
        lexer = QueryLexer(part)
        lexer.run()
        for lexeme in lexer.lexemes:
            kind, term, start, end = (lexeme[k] for k in ("type", "string", "start", "end"))
            if kind == QueryLexer.FIELD:
                if term not in ("title", "text", "tags"):
                    part = part[:end] + " " + part[end + 1 :]  # Material's colon hack
            elif kind == QueryLexer.TERM:
                for a, b in split_ranges(term, self.separator):
                    terms.append(part[:start] + term[a:b] + part[end:])
        return terms

    def search(self, query: str) -> list[str]:
        """The pages Material lists for `query` as typed into the worker, best first: page
        locations (a section's hits count for its page)."""
        index = self.index
        if index is None:
            return []
        inverted = index.inverted_index
        query = HAN.sub(lambda m: "* ".join(segment(to_units(m.group()), inverted)), query)
        query = self.transform(to_units(query))
        if not query:
            return []
        try:
            analysis = Query(["title", "text", "tags"])
            _Parser(query, analysis).parse()
            parsed = index.create_query()
            _Parser(query, parsed).parse()
            results = cover_titles(index.query(parsed), index.title_terms)
        except (BaseLunrException, ValueError, IndexError, KeyError):
            # The worker answers an invalid query, or one that reaches a phantom word
            # (KeyError here, were the token set ever unsound), with no results.
            return []
        clauses = [c for c in analysis.clauses if c.presence != QueryPresence.PROHIBITED]
        for clause in clauses:
            clause.term = clause.term.removeprefix("*").removesuffix("*")
        items = []
        for result in results:
            doc = self.map.get(result["ref"])
            if doc is None:
                continue
            terms = _query_terms(clauses, list(result["match_data"].metadata))
            found = sum(terms.values())
            share = found / len(terms) if terms else math.nan
            boost = (doc.parent is None) + share
            items.append((doc, result["score"] * (1 + boost**2)))
        items.sort(key=functools.cmp_to_key(_by_score))
        pages: dict[str, None] = {}
        for doc, _ in items:
            doc = self.map.get(doc.location)
            if doc is not None:
                pages[doc.parent.location if doc.parent else doc.location] = None
        return [from_units(p) for p in pages]


def _by_score(a, b) -> int:
    difference = b[1] - a[1]
    if difference != difference:  # NaN: Array.prototype.sort reads it as 0
        return 0
    return (difference > 0) - (difference < 0)


def _query_terms(clauses, terms: list[str]) -> dict[str, bool]:
    """Material's getSearchQueryTerms(): which query terms the document has."""
    left = list(clauses)
    result: dict[str, bool] = {}
    for term in terms:
        for clause in list(left):
            if term.startswith(clause.term):
                result[clause.term] = True
                left.remove(clause)
    for clause in left:
        if clause.term and clause.term not in LUNR_STOP_WORDS:
            result[clause.term] = False
    return result


PHRASE = re.compile(r'"([^"]+)"')
PHRASE_TERMS = re.compile(rf"^\b|^(?![^\x00-\x7f]|\Z)|{SP}+", A)
OPERATORS = re.compile(rf'"|(?:^|{SP}+)[*+\-:^~]+(?={SP}+|\Z)')
SPACES = re.compile(f"{SP}+")
DANGLING = re.compile(r"[~^]\Z")
KEEP_AS_IS = re.compile(r"^[+-]|[~^]\d+\Z", A)


def transform(query: str, split_part: Callable[[str], list[str]]) -> str:
    """Material's transform(): quoted phrases become required terms, stray operators go,
    and every term not marked otherwise gets a trailing wildcard."""
    parts = PHRASE.split(js_trim(query))
    query = "".join(
        js_replace_all(PHRASE_TERMS, part, " +") if i & 1 else part for i, part in enumerate(parts)
    )
    query = OPERATORS.sub("", query)
    terms = [term for part in SPACES.split(query) for term in split_part(part)]
    terms = [term + "1" if DANGLING.search(term) else term for term in terms]
    return " ".join(term if KEEP_AS_IS.search(term) else term + "*" for term in terms)


def _units(value):
    if isinstance(value, str):
        return to_units(value)
    if isinstance(value, list):
        return [to_units(v) for v in value]
    return value


def _shape_problem(data: object) -> str | None:
    if not isinstance(data, dict):
        return "the top level is not an object"
    config, docs = data.get("config"), data.get("docs")
    if not isinstance(config, dict):
        return "no config object"
    if not isinstance(docs, list):
        return "no docs list"
    if not isinstance(config.get("separator"), str):
        return "config.separator is not a string"
    for key in ("lang", "pipeline"):
        value = config.get(key)
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            return f"config.{key} is not a list of strings"
    fields = config.get("fields")
    if not isinstance(fields, dict) or not fields:
        return "config.fields is not an object of fields"
    for name, spec in fields.items():
        boost = spec.get("boost") if isinstance(spec, dict) else None
        if not isinstance(spec, dict) or not isinstance(boost, int | float | None) or "/" in name:
            return f"config.fields.{name} is not a field ({{boost: number}})"
    for n, doc in enumerate(docs):
        if not isinstance(doc, dict):
            return f"docs[{n}] is not an object"
        for key in ("location", "title", "text"):
            if not isinstance(doc.get(key), str):
                return f"docs[{n}].{key} is not a string"
        tags = doc.get("tags")
        if tags is not None and not (
            isinstance(tags, list) and all(isinstance(t, str) for t in tags)
        ):
            return f"docs[{n}].tags is not a list of strings"
        if not isinstance(doc.get("boost"), int | float | None):
            return f"docs[{n}].boost is not a number"
    return None


# ------------------------------------------------------------------------ the fallback

DIAGNOSER_PAGE = "diagnose/"
RELATED = 3


def related(
    unmatched_lines: Iterable[str], index: SearchIndex, exclude: Iterable[str] = ()
) -> list[str]:
    """The "possibly related" pages for the lines no documented message matched: the
    first three pages the site's search lists for normalise() of those lines, leaving out
    `exclude` (the pages already diagnosed) and the diagnoser's own page. Locations
    relative to the site's root, like "proxy/chp-missing-or-broken/"."""
    query = normalise("\n".join(unmatched_lines))
    if not query:
        return []
    skip = {e.split("#")[0] for e in exclude} | {DIAGNOSER_PAGE}
    pages: list[str] = []
    for location in index.search(query):
        page = location.split("#")[0]
        if page not in skip and page not in pages:
            pages.append(page)
            if len(pages) == RELATED:
                break
    return pages

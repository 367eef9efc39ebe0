"""Symptom patterns must mean the same in Python's `re` and in JavaScript's `RegExp`.

The log matcher runs in two places: `python -m troubleshoot diagnose` and the site's
paste-your-log box. A pattern is accepted only if it stays inside the syntax both engines
read alike; we parse it with Python's own regex parser and reject the constructs that
JavaScript lacks or reads differently.
"""

from __future__ import annotations

import re

try:  # Python 3.11+
    import re._constants as _c
    import re._parser as _p
except ImportError:  # pragma: no cover
    import sre_constants as _c  # type: ignore[no-redef]
    import sre_parse as _p  # type: ignore[no-redef]

# Text-level checks, for constructs the parse tree does not show plainly.
_TEXT_RULES = [
    (
        re.compile(r"\(\?P?<(?![=!])"),
        "named groups are written differently in JavaScript; use (...)",
    ),
    (re.compile(r"\(\?P="), "named back-references do not exist in JavaScript"),
    (re.compile(r"\(\?#"), "(?#...) comments do not exist in JavaScript"),
    (re.compile(r"\(\?[aiLmsux-]+[:)]"), "inline flags such as (?i) do not exist in JavaScript"),
    (
        re.compile(r"(?<!\\)(?:\\\\)*\\[AZz]"),
        r"\A, \Z and \z do not exist in JavaScript; use ^ and $",
    ),
    (
        re.compile(r"(?<!\\)(?:\\\\)*\[\^?\]"),
        "a class starting with ] means different things in Python and JavaScript; escape it as \\]",
    ),
    (re.compile(r"\n"), "patterns match one line at a time; remove the newline"),
]


def portable_regex_problem(pattern: str) -> str | None:
    """None when `pattern` is fine, else one sentence saying what to change."""
    try:
        re.compile(pattern)
    except re.error as exc:
        return f"does not compile in Python: {exc}"
    for rule, why in _TEXT_RULES:
        if rule.search(pattern):
            return f"not portable to JavaScript: {why}"
    try:
        tree = _p.parse(pattern)
    except re.error as exc:  # pragma: no cover - compile() already caught it
        return f"does not compile in Python: {exc}"
    return _walk(tree)


def _walk(items) -> str | None:
    for op, arg in items:
        if op is _c.ATOMIC_GROUP:
            return "not portable to JavaScript: atomic groups (?>...) do not exist there"
        if op is _c.POSSESSIVE_REPEAT:
            return (
                "not portable to JavaScript: possessive quantifiers (*+, ++, ?+) do not exist there"
            )
        if op is _c.GROUPREF_EXISTS:
            return "not portable to JavaScript: conditional groups (?(1)...) do not exist there"
        if op is _c.ASSERT_NOT or op is _c.ASSERT:
            direction, sub = arg
            if direction < 0:
                return "not portable: lookbehind (?<=...) / (?<!...) is not in the shared subset"
            found = _walk(sub)
        elif op is _c.SUBPATTERN:
            _group, add_flags, del_flags, sub = arg
            if add_flags or del_flags:
                return "not portable to JavaScript: scoped inline flags (?i:...) do not exist there"
            found = _walk(sub)
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT):
            found = _walk(arg[2])
        elif op is _c.BRANCH:
            found = next((p for p in (_walk(b) for b in arg[1]) if p), None)
        else:
            found = None
        if found:
            return found
    return None


def slow_regex_problem(pattern: str) -> str | None:
    """None, or why `pattern` may take time quadratic in a line's length.

    A search tries the pattern at every place in the line. An unbounded repetition with
    more pattern after it scans ahead as far as its class allows, and if no match follows,
    the next try scans the same stretch again. That stays linear only when the stretch
    ends where the next try could begin: when the literal text before the repetition
    holds a character the repetition does not match (`'[^']*'` stops at the next quote,
    `at \\S+ after` at the next space). A 440 KB line of repeated `Failed to find proxy [`
    took seconds with `\\[.+\\]`; a long run of digits, with `\\d+ pending` at the
    pattern's start."""
    problem = _scan_repeats(list(_p.parse(pattern)), before=[], followed=False)
    if problem:
        return (
            f"may be slow on a long line: {problem}; bound it ({{1,200}} instead of + or *) "
            "or put literal text before it that it cannot match"
        )
    return None


def _scan_repeats(items: list, before: list, followed: bool) -> str | None:
    """The first unsafe repetition in `items`; `before` collects the literal characters
    required since the start of the current alternative."""
    for index, (op, arg) in enumerate(items):
        more = followed or index < len(items) - 1
        if op is _c.LITERAL:
            before.append(arg)
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT):
            low, high, sub = arg
            sub = list(sub)
            if high is _c.MAXREPEAT and more:
                single = len(sub) == 1 and sub[0][0] in _SINGLE_CHARACTER
                if not single:
                    return "an unbounded repetition of a group with more pattern after it"
                if all(_matches_char(sub[0], code) for code in before):
                    what = "at the pattern's start" if not before else "over all the text before it"
                    return (
                        f"an unbounded repetition that can run {what}, with more pattern after it"
                    )
            found = _scan_repeats(sub, list(before), more)
            if found:
                return found
            if low:  # a required literal repeated (`x+`) is required text too
                before.extend(code for o, code in sub if o is _c.LITERAL)
        elif op is _c.SUBPATTERN:
            found = _scan_repeats(list(arg[-1]), before, more)
            if found:
                return found
        elif op is _c.BRANCH:
            for branch in arg[1]:
                found = _scan_repeats(list(branch), list(before), more)
                if found:
                    return found
        elif op is _c.AT and arg is _c.AT_BEGINNING:
            # `^` alone: tries start only at the line's beginning, once.
            before.append(None)
    return None


_SINGLE_CHARACTER = (_c.LITERAL, _c.NOT_LITERAL, _c.ANY, _c.IN)
_CATEGORIES = {
    _c.CATEGORY_DIGIT: lambda ch: ch.isdigit() and ch.isascii(),
    _c.CATEGORY_NOT_DIGIT: lambda ch: not (ch.isdigit() and ch.isascii()),
    _c.CATEGORY_SPACE: lambda ch: ch in " \t\n\r\f\v",
    _c.CATEGORY_NOT_SPACE: lambda ch: ch not in " \t\n\r\f\v",
    _c.CATEGORY_WORD: lambda ch: ch.isascii() and (ch.isalnum() or ch == "_"),
    _c.CATEGORY_NOT_WORD: lambda ch: not (ch.isascii() and (ch.isalnum() or ch == "_")),
}


def _matches_char(item: tuple, code: int | None) -> bool:
    """Whether a one-character item (a literal, `.`, a class) matches character `code`
    (None: the line's beginning, which no character matches)."""
    if code is None:
        return False
    op, arg = item
    ch = chr(code)
    if op is _c.LITERAL:
        return arg == code
    if op is _c.NOT_LITERAL:
        return arg != code
    if op is _c.ANY:
        return ch != "\n"
    negate, hit = False, False
    for kind, value in arg:
        if kind is _c.NEGATE:
            negate = True
        elif kind is _c.LITERAL:
            hit = hit or value == code
        elif kind is _c.RANGE:
            hit = hit or value[0] <= code <= value[1]
        elif kind is _c.CATEGORY:
            hit = hit or _CATEGORIES.get(value, lambda _ch: True)(ch)
        else:  # anything else in a class: assume it matches (conservative)
            hit = True
    return hit != negate

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
    """None, or why `pattern` may take time quadratic in a line's length: an unbounded `.*`
    or `.+` with more pattern after it rescans the rest of the line from every place the
    text before it occurs (a 440 KB line of repeated `Failed to find proxy [` took seconds
    with `\\[.+\\]`)."""
    items = list(_p.parse(pattern))
    for index, (op, arg) in enumerate(items):
        if op not in (_c.MAX_REPEAT, _c.MIN_REPEAT):
            continue
        low, high, sub = arg
        anything = len(sub) == 1 and sub[0][0] is _c.ANY
        if anything and high is _c.MAXREPEAT and index < len(items) - 1:
            return (
                "may be slow on a long line: an unbounded .* or .+ with more pattern after "
                "it; write what the value holds instead (\\S+, [^']*) or bound it (.{0,200})"
            )
    return None

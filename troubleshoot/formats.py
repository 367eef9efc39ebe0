"""Message templates in a release's source, and which of them a documented message comes from.

A template is text a program may print, with a placeholder (`{}`) wherever the printed text
depends on a value: a format field, a `%s`, an f-string or JavaScript `${...}` expression, or
a non-literal operand of a `+` concatenation. Extraction is deliberately loose (any string
literal of 4 or more characters is a template) and `traces` is strict, so that a message
with no source is seen as such.

What is not read: docstrings (never printed as messages), test folders (`tests`, `test`,
`__tests__`: their strings quote messages without printing them) and bundled third-party
code (`node_modules`, `components`, `bower_components`, `*.min.js`); `*.test.js` likewise.
"""

from __future__ import annotations

import ast
import bisect
import functools
import html
import json
import os
import re
import string
import warnings
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .sources import COMPLETE

PLACEHOLDER = "{}"
# A template with fewer literal characters than this is dropped as noise ("id", ", ", "{}: {}").
MIN_LITERAL = 4
# `traces`: a match must use this many literal characters of a template, or this share of the
# message (3/5, in integers), whichever is less.
SUBSTANTIAL = 12
SHARE = (3, 5)

SKIPPED_DIRS = frozenset(
    {"node_modules", "components", "bower_components", "tests", "test", "__tests__", "__pycache__"}
)
HTML_SUFFIXES = (".html", ".htm", ".j2", ".jinja", ".jinja2")
JS_SUFFIXES = (".js", ".mjs", ".cjs")
# Bump when extraction changes: the JSON kept beside a cached release is then rebuilt.
EXTRACTOR_VERSION = 2
DISK_CACHE = ".templates.json"

# A piece of a template under construction: literal text, or None for a placeholder.
Piece = str | None


@dataclass(frozen=True)
class Template:
    """One line a program may print: `text` shows each placeholder as `{}`."""

    text: str
    file: str  # relative to the root the template was extracted from
    line: int
    # The literal text around the placeholders; kept because a literal "{}" is not one.
    chunks: tuple[str, ...] = field(default=(), compare=False, repr=False)

    def __post_init__(self) -> None:
        if not self.chunks:
            object.__setattr__(self, "chunks", tuple(self.text.split(PLACEHOLDER)))

    @classmethod
    def from_chunks(cls, chunks: Iterable[str], file: str, line: int) -> Template:
        chunks = tuple(chunks)
        return cls(PLACEHOLDER.join(chunks), file, line, chunks)

    @functools.cached_property
    def regex(self) -> re.Pattern:
        """Literal chunks as they are, each placeholder any text (maybe empty); unanchored."""
        return re.compile(".*?".join(re.escape(chunk) for chunk in self.chunks))

    @functools.cached_property
    def literal_length(self) -> int:
        return sum(len(chunk) for chunk in self.chunks)

    @functools.cached_property
    def _joined(self) -> str:
        """The chunks joined by a character no message holds: `x in _joined` is "x lies
        within one chunk", in one C-level search."""
        return "\0".join(self.chunks)

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.text}"


# ---------------------------------------------------------------------------------------------
# Matching


def traces(message: str, templates: Iterable[Template]) -> list[Template]:
    """The templates that could have printed `message` (stripped), best first.

    Template T traces message M when M = p + w, where w is a window of one printed line of
    T (each placeholder any text, maybe empty) and:

    - w begins inside one of T's literal chunks (with at least one of its characters), or
      in T's leading placeholder: a partial quote may cut text, but a message does not
      begin inside a value that follows text ("No service is registered at this URL" is
      not "Cannot connect to {} service {} at {}");
    - p is empty, or (a log prefix, an exception's class name) w begins with T's whole first
      chunk, which holds a space: text before a name or a value ("users.last_activity"
      before "last_activity") is not a log prefix;
    - w ends anywhere inside T's line, in a chunk or a placeholder: M never goes on past T
      ("ECONNREFUSED" did not print "connect ECONNREFUSED 127.0.0.1:80");
    - T's literal text holds a space, unless M lies inside one chunk: "{}://127.0.0.1:{}"
      formats a URL, not the message that quotes one;
    - the literal characters of T that w holds number at least 12, or at least 60% of M:
      templates such as "{}: {}" or "Error" never trace a message.

    Templates whose match holds more literal characters come first.
    """
    message = message.strip()
    if not message:
        return []
    need = min(SUBSTANTIAL, -(-len(message) * SHARE[0] // SHARE[1]))
    probe = -(-need // 2)
    head, tail = message[:probe], message[-probe:]
    found = []
    for template in templates:
        if template.literal_length < need:
            continue
        chunks = template.chunks
        # Exact and cheap: a window that holds `need` literal characters either holds a
        # whole chunk (which is then in M), or begins or ends with `probe` of them.
        joined = template._joined
        if not (
            head in joined
            or tail in joined
            or any(chunk and chunk in message for chunk in chunks[:-1])
        ):
            continue
        used = _literal_used(message, chunks)
        if used >= need:
            found.append((used, template))
    found.sort(key=lambda pair: -pair[0])
    return [template for _, template in found]


def _literal_used(message: str, chunks: tuple[str, ...]) -> int:
    """The most literal characters of the template that a match (see `traces`) holds."""
    size = len(message)
    joined = "\0".join(chunks)
    if joined.find(message) >= 0:
        return size  # inside one chunk
    if " " not in joined:
        return 0  # a name, a path or a URL format is not a message
    # Where a window may begin: (offset in M, chunk, how many of its last characters).
    begins = [
        (0, first, taken)
        for first, chunk in enumerate(chunks[:-1])
        for taken in range(min(len(chunk), size), 0, -1)
        if chunk.endswith(message[:taken])
    ]
    best = 0
    first_chunk = chunks[0]
    if not first_chunk:
        begins.append((0, 0, 0))
    elif " " in first_chunk:  # after a prefix
        if message.endswith(first_chunk):
            best = len(first_chunk)  # ... ending with the first chunk
        after_prefix = message.find(first_chunk, 1)
        if after_prefix > 0:
            begins.append((after_prefix, 0, len(first_chunk)))
    # Where it may end: for each chunk, how many of its first characters end M.
    ends = [
        [taken for taken in range(min(len(chunk), size), -1, -1) if message.endswith(chunk[:taken])]
        for chunk in chunks
    ]
    for offset, first, taken in begins:
        middle_length = 0
        for last in range(first + 1, len(chunks)):
            if last > first + 1:
                middle_length += len(chunks[last - 1])
            for end in ends[last]:  # longest first
                used = taken + middle_length + end
                if used <= best:
                    break
                stop = size - end
                if offset + taken <= stop and _fits(
                    message, chunks[first + 1 : last], offset + taken, stop
                ):
                    best = used
                    break
    return best


def _fits(message: str, chunks: Iterable[str], start: int, stop: int) -> bool:
    """Do the chunks occur in message[start:stop] in order? Leftmost first is optimal."""
    position = start
    for chunk in chunks:
        position = message.find(chunk, position, stop)
        if position < 0:
            return False
        position += len(chunk)
    return True


# ---------------------------------------------------------------------------------------------
# Extraction


_in_memory: dict[Path, list[Template]] = {}


def templates(root: Path) -> list[Template]:
    """Every template under `root`, Python and JavaScript, extracted once per process; a
    complete release cache (troubleshoot.sources) also keeps them on disk beside it."""
    root = Path(root).resolve()
    if root not in _in_memory:
        _in_memory[root] = _load_or_extract(root)
    return list(_in_memory[root])


def _load_or_extract(root: Path) -> list[Template]:
    stored = root / DISK_CACHE
    immutable = (root / COMPLETE).is_file()
    if immutable and stored.is_file():
        try:
            data = json.loads(stored.read_text(encoding="utf-8"))
            if data.get("extractor") == EXTRACTOR_VERSION:
                return [Template.from_chunks(*row) for row in data["templates"]]
        except (OSError, ValueError, TypeError, KeyError):
            pass  # rebuilt below
    found = python_templates(root) + javascript_templates(root)
    if immutable:
        rows = [[list(t.chunks), t.file, t.line] for t in found]
        partial = stored.with_name(f"{stored.name}.{os.getpid()}")
        try:
            partial.write_text(json.dumps({"extractor": EXTRACTOR_VERSION, "templates": rows}))
            os.replace(partial, stored)
        except OSError:
            partial.unlink(missing_ok=True)  # a read-only cache still works, only slower
    return found


def python_templates(root: Path) -> list[Template]:
    """Templates from Python files (`ast`; a file that does not parse is skipped) and from
    HTML/Jinja templates under `root`."""
    root = Path(root)
    found: list[Template] = []
    for path in _source_files(root, (".py",), "python"):
        try:
            source = path.read_text(encoding="utf-8")
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # invalid escapes in old code
                tree = ast.parse(source, filename=str(path))
        except (SyntaxError, ValueError, UnicodeDecodeError, OSError):
            continue
        collector = _PythonStrings()
        collector.visit(tree)
        found += _lines(collector.found, path.relative_to(root).as_posix())
    for path in _source_files(root, HTML_SUFFIXES, None):
        text = path.read_text(encoding="utf-8", errors="replace")
        found += _html_templates(text, path.relative_to(root).as_posix())
    return found


def javascript_templates(root: Path) -> list[Template]:
    """Templates from JavaScript files and extensionless node scripts under `root`."""
    root = Path(root)
    found: list[Template] = []
    for path in _source_files(root, JS_SUFFIXES, "node"):
        if path.name.endswith((".min.js", ".test.js", ".spec.js")):
            continue
        source = path.read_text(encoding="utf-8", errors="replace")
        found += _lines(_javascript_strings(source), path.relative_to(root).as_posix())
    return found


def _source_files(root: Path, suffixes: tuple[str, ...], shebang: str | None) -> Iterator[Path]:
    """Files with one of `suffixes`, or without a suffix and a `#!` line naming `shebang`
    (CHP's bin/configurable-http-proxy), in a stable order."""
    for directory, subdirectories, files in os.walk(root):
        subdirectories[:] = sorted(
            d for d in subdirectories if d not in SKIPPED_DIRS and not d.startswith(".")
        )
        for name in sorted(files):
            path = Path(directory, name)
            if name.endswith(suffixes):
                yield path
            elif shebang and "." not in name and _shebang_names(path, shebang):
                yield path


def _shebang_names(path: Path, interpreter: str) -> bool:
    try:
        with path.open("rb") as file:
            first = file.readline(200)
    except OSError:
        return False
    return first.startswith(b"#!") and interpreter.encode() in first


def _lines(found: Iterable[tuple[list[Piece], int, int]], file: str) -> list[Template]:
    """One template per printed line of each (pieces, first line, last line) found.

    A literal that spans as many source lines as it has line breaks (a triple-quoted string,
    a template literal) gives each of its lines its own line number; any other gives all of
    them the line where it starts.
    """
    templates: list[Template] = []
    seen: set[tuple[str, int]] = set()
    for pieces, first_line, last_line in found:
        lines: list[list[str]] = [[""]]
        for piece in pieces:
            if piece is None:
                if lines[-1][-1] or len(lines[-1]) == 1:  # adjacent placeholders are one
                    lines[-1].append("")
                continue
            first, *rest = piece.split("\n")
            lines[-1][-1] += first
            lines.extend([text] for text in rest)
        exact = last_line - first_line == len(lines) - 1
        for offset, chunks in enumerate(lines):
            chunks[0] = chunks[0].lstrip()
            chunks[-1] = chunks[-1].rstrip()
            if sum(len(chunk.strip()) for chunk in chunks) < MIN_LITERAL:
                continue
            template = Template.from_chunks(
                chunks, file, first_line + offset if exact else first_line
            )
            if (template.text, template.line) not in seen:
                seen.add((template.text, template.line))
                templates.append(template)
    return templates


# Python ------------------------------------------------------------------------------------

# printf-style conversions; no " " flag, so that "50% done" stays text.
_PERCENT = re.compile(
    r"%%|%(?:\([^)]*\))?[#0+\-]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?[diouxXeEfFgGcrsa]"
)
_JS_PERCENT = re.compile(r"%[sdifjoOc%]")  # util.format, as winston's splat uses it


def _percent_pieces(text: str, pattern: re.Pattern = _PERCENT) -> list[Piece]:
    pieces: list[Piece] = []
    position = 0
    for match in pattern.finditer(text):
        pieces.append(text[position : match.start()])
        pieces.append("%" if match.group() == "%%" else None)
        position = match.end()
    pieces.append(text[position:])
    return pieces


def _format_pieces(text: str) -> list[Piece] | None:
    """`str.format` fields as placeholders ("{{" is a literal "{"); None if not a format."""
    pieces: list[Piece] = []
    try:
        for literal, field_name, _spec, _conversion in string.Formatter().parse(text):
            pieces.append(literal)
            if field_name is not None:
                pieces.append(None)
    except ValueError:
        return None
    return pieces


class _PythonStrings(ast.NodeVisitor):
    """Collects (pieces, first line, last line) of every printable string in a module."""

    def __init__(self) -> None:
        self.found: list[tuple[list[Piece], int, int]] = []
        self.docstrings: set[int] = set()
        # name -> pieces of the string last assigned to it in this function: a message
        # built in steps (msg = "..."; msg += ": " + detail) is one template too.
        self.assigned: dict[str, list[Piece]] = {}

    def _add(self, pieces: list[Piece], node: ast.AST) -> None:
        self.found.append((pieces, node.lineno, node.end_lineno or node.lineno))

    def _skip_docstring(self, node: ast.AST) -> None:
        body = getattr(node, "body", None)
        if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
            self.docstrings.add(id(body[0].value))
        self.generic_visit(node)

    visit_Module = visit_ClassDef = _skip_docstring

    def visit_FunctionDef(self, node: ast.AST) -> None:
        outer, self.assigned = self.assigned, {}
        self._skip_docstring(node)
        self.assigned = outer

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_Assign(self, node: ast.Assign) -> None:
        self.generic_visit(node)
        if len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            pieces = self._string_pieces(node.value, visit=False)
            if pieces is None:
                self.assigned.pop(node.targets[0].id, None)
            else:
                self.assigned[node.targets[0].id] = pieces

    def visit_AugAssign(self, node: ast.AugAssign) -> None:
        self.generic_visit(node)
        name = node.target.id if isinstance(node.target, ast.Name) else None
        if name not in self.assigned or not isinstance(node.op, ast.Add):
            return
        added: list[Piece] = []
        for operand in self._flatten_sum(node.value):
            added += self._string_pieces(operand, visit=False) or [None]
        self.assigned[name] = self.assigned[name] + added
        self._add(self.assigned[name], node)

    def visit_Constant(self, node: ast.Constant) -> None:
        if isinstance(node.value, str) and id(node) not in self.docstrings:
            self._add(_percent_pieces(node.value), node)

    def visit_JoinedStr(self, node: ast.JoinedStr) -> None:
        self._add(self._string_pieces(node) or [], node)

    def visit_Call(self, node: ast.Call) -> None:
        pieces = self._string_pieces(node)
        if pieces is None:
            self.generic_visit(node)
        else:
            self._add(pieces, node)

    def visit_BinOp(self, node: ast.BinOp) -> None:
        if not isinstance(node.op, ast.Add):
            self.generic_visit(node)
            return
        operands = self._flatten_sum(node)
        parts = [self._string_pieces(operand) for operand in operands]
        if all(part is None for part in parts):
            self.generic_visit(node)  # arithmetic, or lists added
            return
        pieces: list[Piece] = []
        for operand, part in zip(operands, parts, strict=True):
            if part is None:
                pieces.append(None)
                self.visit(operand)
            else:
                pieces += part
        self._add(pieces, node)

    def _flatten_sum(self, node: ast.expr) -> list[ast.expr]:
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            return self._flatten_sum(node.left) + self._flatten_sum(node.right)
        return [node]

    def _string_pieces(self, node: ast.expr, visit: bool = True) -> list[Piece] | None:
        """The pieces of a string-valued expression we can read, visiting the expressions
        inside it (they may hold strings of their own) unless `visit` is False; None for
        any other expression."""
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return _percent_pieces(node.value)
        if isinstance(node, ast.JoinedStr):
            pieces: list[Piece] = []
            for value in node.values:
                if isinstance(value, ast.Constant):
                    pieces.append(str(value.value))
                else:  # FormattedValue: its expression may hold strings of its own
                    pieces.append(None)
                    if visit:
                        self.visit(value.value)
            return pieces
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "format"
            and isinstance(node.func.value, ast.Constant)
            and isinstance(node.func.value.value, str)
        ):
            for argument in [*node.args, *node.keywords] if visit else ():
                self.visit(argument)
            text = node.func.value.value
            return _format_pieces(text) or _percent_pieces(text)
        return None


# HTML and Jinja --------------------------------------------------------------------------

_PLACE, _BREAK = "\0", "\1"  # a placeholder; a break between two texts on one line
_INLINE_TAGS = "|".join(
    "a abbr b bdi bdo cite code data dfn em i kbd mark q s samp small span strong sub sup time tt"
    " u var".split()
)
_HTML_REMOVED = re.compile(
    r"<(script|style)\b.*?</\1\s*>|<!--.*?-->|\{#.*?#\}|\{%.*?%\}", re.S | re.I
)
_JINJA_EXPRESSION = re.compile(r"\{\{.*?\}\}", re.S)
_INLINE_TAG = re.compile(rf"</?(?:{_INLINE_TAGS})\b[^>]*>", re.I)
_TAG = re.compile(r"<[^>]*>")


def _keep_line_breaks(replacement: str) -> Callable[[re.Match], str]:
    return lambda match: replacement + "\n" * match.group().count("\n")


def _html_templates(text: str, file: str) -> list[Template]:
    """One template per text of each line: `{{ }}` a placeholder, `{% %}` tags, comments,
    scripts and markup removed, a block tag separating texts, whitespace collapsed as a
    browser shows it. Removed markup keeps its line breaks, so line numbers hold."""
    text = _JINJA_EXPRESSION.sub(_keep_line_breaks(_PLACE), text)
    text = _HTML_REMOVED.sub(_keep_line_breaks(""), text)
    text = _INLINE_TAG.sub(_keep_line_breaks(""), text)
    text = _TAG.sub(_keep_line_breaks(_BREAK), text)
    found: list[tuple[list[Piece], int, int]] = []
    for number, line in enumerate(text.split("\n"), start=1):
        for part in line.split(_BREAK):
            pieces: list[Piece] = []
            for index, literal in enumerate(part.split(_PLACE)):
                if index:
                    pieces.append(None)
                pieces.append(re.sub(r"\s+", " ", html.unescape(literal)))  # &nbsp; too
            found.append((pieces, number, number))
    return _lines(found, file)


# JavaScript ------------------------------------------------------------------------------

# Token kinds: "string" (decoded text), "template" (pieces), "name", "number", "punct".
_JS_TOKEN = re.compile(
    r"""
    (?P<space>\s+)
    | (?P<comment>//[^\n]*|/\*.*?(?:\*/|\Z))
    | (?P<string>"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
    | (?P<name>[A-Za-z_$\u0080-\uffff][\w$\u0080-\uffff]*)
    | (?P<number>\.?\d[\w.]*)
    | (?P<punct>>>>=?|\.\.\.|===|!==|\*\*=?|<<=|>>=?|=>|[=!<>]=|&&=?|\|\|=?|\?\?=?|\?\.(?!\d)
                |\+\+|--|[-+*/%&|^]=|[^\s\w])
    """,
    re.S | re.X,
)
_JS_REGEX = re.compile(r"/(?![*/])(?:[^/\\\[\n]|\\.|\[(?:[^\]\\\n]|\\.)*\])+/[A-Za-z]*")
_JS_TEMPLATE_TEXT = re.compile(r"(?:[^`\\$]|\\.|\$(?!\{))*", re.S)
_JS_ESCAPE = re.compile(r"\\(u\{[0-9a-fA-F]+\}|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|\r\n|.)", re.S)
_JS_SIMPLE_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "v": "\v", "0": "\0"}
# After these a "/" starts a regex literal, not a division.
_JS_KEYWORDS_BEFORE_EXPRESSION = frozenset(
    "return typeof case do else in of instanceof new delete void throw yield await".split()
)
_JS_OPERAND_END = {"name", "number", "string", "template", "regex"}
# Names that never end an operand: a "(" after them is not a call.
_JS_NOT_OPERANDS = _JS_KEYWORDS_BEFORE_EXPRESSION | frozenset(
    "if while for switch catch function else var let const".split()
)


def _js_unescape(text: str) -> str:
    def replace(match: re.Match) -> str:
        escape = match.group(1)
        if escape[0] in "ux" and len(escape) > 1:
            return chr(int(escape.strip("ux{}"), 16))
        if escape in ("\n", "\r\n", "\u2028", "\u2029"):
            return ""  # a line continuation
        return _JS_SIMPLE_ESCAPES.get(escape, escape)

    return _JS_ESCAPE.sub(replace, text) if "\\" in text else text


@dataclass
class _Token:
    kind: str
    value: object  # str, or list[Piece] for a template literal
    offset: int
    end: int
    inner: list[list[_Token]] = field(default_factory=list)  # a template literal's ${...}


def _js_tokens(source: str, position: int = 0, in_braces: bool = False) -> tuple[list, int]:
    """Tokens from `position` to the end, or (in_braces) to the "}" that closes a `${`."""
    tokens: list[_Token] = []
    depth = 0
    length = len(source)
    if position == 0 and source.startswith("#!"):
        position = source.find("\n") if "\n" in source else length
    match_token = _JS_TOKEN.match
    while position < length:
        char = source[position]
        if char == "`":
            token, position = _js_template_literal(source, position)
            tokens.append(token)
            continue
        # "//" and "/*" start comments, matched below.
        if (
            char == "/"
            and source[position + 1 : position + 2] not in "/*"
            and not _js_divides(tokens)
        ):
            regex = _JS_REGEX.match(source, position)
            if regex:
                tokens.append(_Token("regex", regex.group(), position, regex.end()))
                position = regex.end()
                continue
        match = match_token(source, position)
        if match is None:  # a lone quote on its line: step over it
            position += 1
            continue
        kind = match.lastgroup
        position = match.end()
        if kind in ("space", "comment"):
            continue
        text = match.group()
        if kind == "string":
            tokens.append(_Token("string", _js_unescape(text[1:-1]), match.start(), position))
            continue
        if in_braces and kind == "punct":
            if text == "{":
                depth += 1
            elif text == "}":
                if depth == 0:
                    return tokens, position
                depth -= 1
        tokens.append(_Token(kind, text, match.start(), position))
    return tokens, position


def _js_divides(tokens: list[_Token]) -> bool:
    """Is a "/" after these tokens a division (rather than the start of a regex literal)?"""
    if not tokens:
        return False
    last = tokens[-1]
    if last.kind == "name":
        return last.value not in _JS_KEYWORDS_BEFORE_EXPRESSION
    return last.kind in _JS_OPERAND_END or last.value in (")", "]", "}")


def _js_template_literal(source: str, position: int) -> tuple[_Token, int]:
    start = position
    position += 1
    pieces: list[Piece] = []
    inner: list[list[_Token]] = []
    while position < len(source):
        text = _JS_TEMPLATE_TEXT.match(source, position)
        pieces.append(_js_unescape(text.group()))
        position = text.end()
        if source.startswith("${", position):
            expression, position = _js_tokens(source, position + 2, in_braces=True)
            inner.append(expression)
            pieces.append(None)
        else:
            position += 1  # the closing backtick (or the end of an unterminated file)
            break
    return _Token("template", pieces, start, position, inner), position


def _javascript_strings(source: str) -> list[tuple[list[Piece], int, int]]:
    tokens, _ = _js_tokens(source)
    line_starts = [match.end() for match in re.finditer("\n", source)]

    def line_of(offset: int) -> int:
        return bisect.bisect_right(line_starts, offset) + 1

    found: list[tuple[list[Piece], int, int]] = []
    # Expressions inside template literals are read as code of their own.
    for token_list in [tokens, *_js_inner_lists(tokens)]:
        for pieces, start, end in _js_literals(token_list):
            found.append((pieces, line_of(start), line_of(end)))
    return found


def _js_inner_lists(tokens: list[_Token]) -> Iterator[list[_Token]]:
    for token in tokens:
        for expression in token.inner:
            yield expression
            yield from _js_inner_lists(expression)


def _js_pieces(token: _Token) -> list[Piece] | None:
    if token.kind == "string":
        return _percent_pieces(token.value, _JS_PERCENT)
    if token.kind == "template":
        return list(token.value)
    return None


def _js_operand_pieces(
    tokens: list[_Token], start: int, end: int, after_brackets: dict[int, int]
) -> tuple[list[Piece] | None, list[int]]:
    """The pieces of a literal operand, with the tokens it used; (None, []) for any other.

    A literal may go on with `.concat(...)` calls, as Babel writes template literals
    (JupyterHub's admin-react.js): each argument is a literal's text or a placeholder.
    """
    pieces = _js_pieces(tokens[start])
    if pieces is None:
        return None, []
    used = [start]
    position = start + 1
    while position < end:  # ". concat ( arguments )"
        close = after_brackets.get(position + 2, end) - 1
        argument: list[int] = []
        for index in range(position + 3, close + 1):
            if index == close or (tokens[index].kind == "punct" and tokens[index].value == ","):
                if len(argument) == 1 and _js_pieces(tokens[argument[0]]) is not None:
                    pieces += _js_pieces(tokens[argument[0]])
                    used.append(argument[0])
                elif argument:
                    pieces.append(None)
                argument = []
            elif not argument or index >= after_brackets.get(argument[-1], index):
                argument.append(index)  # nested brackets count as one token
        position = close + 1
    return pieces, used


def _js_literals(tokens: list[_Token]) -> Iterator[tuple[list[Piece], int, int]]:
    """(pieces, start offset, end offset) of each string and template literal, or of the
    `+` chain (or `.concat` calls) it is part of, the chain's other operands placeholders.

    Only literals start a search, backwards then forwards, so a large bundle costs little
    more than its literals."""
    after_brackets = _js_after_brackets(tokens)
    opener_of = {after - 1: opener for opener, after in after_brackets.items()}
    used: set[int] = set()  # literals read as part of a chain already found
    for index, token in enumerate(tokens):
        if index in used or token.kind not in ("string", "template"):
            continue
        first = index
        while first > 1 and tokens[first - 1].kind == "punct" and tokens[first - 1].value == "+":
            before = _js_operand_start(tokens, first - 2, opener_of)
            if before is None:
                break
            first = before
        operands = _js_chain(tokens, first, after_brackets)
        if not any(start <= index < end for start, end in operands):
            operands = _js_chain(tokens, index, after_brackets)  # read backwards too far
        if len(operands) > 1 or operands[0][1] > index + 1:
            pieces: list[Piece] = []
            for start, end in operands:
                part, part_tokens = _js_operand_pieces(tokens, start, end, after_brackets)
                pieces += [None] if part is None else part
                used.update(part_tokens)
            yield pieces, tokens[operands[0][0]].offset, tokens[operands[-1][1] - 1].end
        else:
            yield _js_pieces(token), token.offset, token.end


def _js_is_value(token: _Token) -> bool:
    """Can this token end an operand (so that a following "(" or "[" calls or indexes it)?"""
    if token.kind == "name":
        return token.value not in _JS_NOT_OPERANDS
    return token.kind in ("string", "template", "number") or token.value in (")", "]")


def _js_operand_start(tokens: list[_Token], last: int, opener_of: dict[int, int]) -> int | None:
    """Where the operand ending at `last` starts: the mirror of `_js_operand_end`."""
    start = None
    position = last
    while position >= 0:
        token = tokens[position]
        if token.kind == "punct" and token.value in (")", "]") and position in opener_of:
            here = opener_of[position]
        elif _js_is_value(token):
            here = position
        else:
            break
        start = here
        if here < 2:
            break
        if token.kind == "name" and tokens[here - 1].value in (".", "?."):
            position = here - 2  # a.b
        elif tokens[here].value in ("(", "[") and _js_is_value(tokens[here - 1]):
            position = here - 1  # f(x), a[0]
        else:
            break
    return start


def _js_after_brackets(tokens: list[_Token]) -> dict[int, int]:
    """For each opening bracket, the index after the bracket that closes it (once, so that
    reading operands stays linear in a large bundle)."""
    after: dict[int, int] = {}
    open_brackets: list[int] = []
    for index, token in enumerate(tokens):
        if token.kind != "punct":
            continue
        if token.value in ("(", "[", "{"):
            open_brackets.append(index)
        elif token.value in (")", "]", "}") and open_brackets:
            after[open_brackets.pop()] = index + 1
    return after


def _js_operand_end(tokens: list[_Token], index: int, after_brackets: dict[int, int]) -> int | None:
    """Where the operand starting at `index` ends: a literal, or a name or parenthesised
    expression followed by any `.name`, `[...]` and `(...)`."""
    if index >= len(tokens):
        return None
    token = tokens[index]
    if token.kind == "number":
        return index + 1
    if token.kind in ("string", "template"):
        position = index + 1
        while (
            position + 2 < len(tokens)
            and tokens[position].value == "."
            and tokens[position + 1].value == "concat"
            and tokens[position + 2].value == "("
        ):
            position = after_brackets.get(position + 2, len(tokens))
        return min(position, len(tokens))
    if token.kind == "name" and token.value not in _JS_KEYWORDS_BEFORE_EXPRESSION:
        position = index + 1
    elif token.value in ("(", "["):
        position = after_brackets.get(index, len(tokens))
    else:
        return None
    while position < len(tokens):
        value = tokens[position].value
        if value in (".", "?.") and position + 1 < len(tokens):
            position += 2
        elif value in ("(", "["):
            position = after_brackets.get(position, len(tokens))
        else:
            break
    return min(position, len(tokens))


def _js_chain(
    tokens: list[_Token], index: int, after_brackets: dict[int, int]
) -> list[tuple[int, int]]:
    """The operands (start, end) of the `a + b + ...` chain that starts at `index`."""
    end = _js_operand_end(tokens, index, after_brackets)
    if end is None:
        return []
    operands = [(index, end)]
    while end < len(tokens) and tokens[end].kind == "punct" and tokens[end].value == "+":
        following = _js_operand_end(tokens, end + 1, after_brackets)
        if following is None:
            break
        operands.append((end + 1, following))
        end = following
    return operands

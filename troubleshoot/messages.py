"""The messages a release prints at warning level or worse, read from its source: the ground
the message reference stands on (every such message gets a page; see DESIGN.md).

    python -m troubleshoot messages jupyterhub 6.1.1 [--json]

    python -m troubleshoot messages configurable-http-proxy 5.3.0 [--json]

What counts, in Python source (tests and docstrings are not read, as in formats.py):

- a log call at warning level or worse: `<something>log.warning(...)`, `.warn`, `.error`,
  `.exception`, `.critical` on a receiver whose name ends in `log` or `logger`
  (`self.log`, `app_log`, `self.app.log`, `logger`);
- an `HTTPError(status, message, ...)` (tornado's, however imported) with a message: the
  hub logs it and shows it on the error page.

The message is the call's first argument (the second for HTTPError): a string literal
(its `%s` conversions become placeholders), an f-string, a `"...".format(...)`, a
`"..." % value`, `dedent(...)` (and its `.format(...)`) or `"\n".join([...])` of those, or
a name assigned such a string in the same function (each string a branch assigns). Anything
else (`log.error(e)`) is listed with no text: it prints whatever the value holds.

In JavaScript source (configurable-http-proxy: its winston logger): a call of `.warn`,
`.error` on a receiver named `log` or `logger` (`log.error`, `this.log.warn`,
`that.log.error`), its message the first argument: a string literal (its `%s`, util.format's
conversions, become placeholders), a template literal, or a `+` chain of those with other
values (placeholders). Anything else is listed with no text.
"""

from __future__ import annotations

import ast
import textwrap
import warnings
from dataclasses import dataclass
from pathlib import Path

from .formats import (
    JS_SUFFIXES,
    PLACEHOLDER,
    _format_pieces,
    _js_literals,
    _js_tokens,
    _percent_pieces,
    _PythonStrings,
    _source_files,
)

LEVELS = ("warning", "error", "exception", "critical")
LOG_METHODS = {"warn": "warning", **{level: level for level in LEVELS}}
HTTP = "http"  # the level of an HTTPError's message


@dataclass(frozen=True)
class Message:
    """One call site that prints a message: `text` shows each placeholder as `{}`; None
    when the source gives no text to read (the message is a value's own)."""

    level: str  # warning, error, exception, critical, or http
    text: str | None
    file: str  # relative to the release's root
    line: int  # where the call starts
    end_line: int  # and ends
    status: int | None = None  # an HTTPError's status code, when it is written out

    def __str__(self) -> str:
        status = f" {self.status}" if self.status is not None else ""
        text = (self.text or "(no text)").replace("\n", "\\n")  # one message, one line
        return f"{self.file}:{self.line}: {self.level}{status}: {text}"


def _is_logger(node: ast.expr) -> bool:
    name = node.attr if isinstance(node, ast.Attribute) else getattr(node, "id", "")
    return name.lower().endswith(("log", "logger"))


def _is_http_error(node: ast.expr) -> bool:
    name = node.attr if isinstance(node, ast.Attribute) else getattr(node, "id", "")
    return name == "HTTPError"


class _Messages(_PythonStrings):
    """The message calls of one module; string reading (and names assigned a string in the
    same function) as formats.py reads them."""

    def __init__(self, file: str) -> None:
        super().__init__()
        self.file = file
        self.messages: list[Message] = []
        # name -> the strings it may hold here in this function: the one last assigned, or
        # after an if/else that assigns it in its branches, each branch's.
        self.branches: dict[str, list[list]] = {}

    def visit_FunctionDef(self, node: ast.AST) -> None:
        outer, self.branches = self.branches, {}
        super().visit_FunctionDef(node)
        self.branches = outer

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_Assign(self, node: ast.Assign) -> None:
        super().visit_Assign(node)
        if len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            pieces = self._string_pieces(node.value, visit=False)
            name = node.targets[0].id
            if pieces is None:
                self.branches.pop(name, None)
            else:
                self.branches[name] = [pieces]

    def visit_AugAssign(self, node: ast.AugAssign) -> None:
        super().visit_AugAssign(node)  # `msg += ...`: the string last assigned grows
        name = node.target.id if isinstance(node.target, ast.Name) else None
        if name in self.branches and name in self.assigned:
            self.branches[name] = [self.assigned[name]]

    def visit_If(self, node: ast.If) -> None:
        self.visit(node.test)
        before = dict(self.branches)
        for statement in node.body:
            self.visit(statement)
        body, self.branches = self.branches, dict(before)
        for statement in node.orelse:
            self.visit(statement)
        orelse = self.branches
        for name in set(body) | set(orelse):
            either = body.get(name, before.get(name, [])) + orelse.get(name, before.get(name, []))
            self.branches[name] = [p for n, p in enumerate(either) if p not in either[:n]]

    def visit_Call(self, node: ast.Call) -> None:
        func = node.func
        if isinstance(func, ast.Attribute) and func.attr in LOG_METHODS and _is_logger(func.value):
            self._record(LOG_METHODS[func.attr], node, node.args[0] if node.args else None)
        elif _is_http_error(func) and len(node.args) >= 2:
            status = node.args[0]
            code = status.value if isinstance(status, ast.Constant) else None
            self._record(HTTP, node, node.args[1], code if isinstance(code, int) else None)
        super().visit_Call(node)

    def _record(self, level: str, node: ast.Call, argument, status=None) -> None:
        if argument is None:
            return
        readings = [self._pieces(argument)]
        if isinstance(argument, ast.Name) and argument.id in self.branches:
            readings = self.branches[argument.id]
        end = node.end_lineno or node.lineno
        texts: dict[str | None, None] = {}
        for pieces in readings:
            text = None
            if pieces is not None:
                joined = "".join(PLACEHOLDER if p is None else p for p in pieces)
                text = textwrap.dedent(joined).strip() or None  # as dedent() prints it
            texts[text] = None
        if len(texts) > 1:
            texts.pop(None, None)
        for text in texts:
            self.messages.append(Message(level, text, self.file, node.lineno, end, status))

    def _pieces(self, node: ast.expr):
        if isinstance(node, ast.Name) and node.id in self.assigned:
            return self.assigned[node.id]
        return self._string_pieces(node, visit=False)

    def _string_pieces(self, node: ast.expr, visit: bool = True):
        """formats.py's reading, and the forms messages take besides: `"..." % value`,
        `dedent(...)`, `"\\n".join([...])`, and HTTPError's `("fmt %r", value)` pair."""
        if (
            isinstance(node, ast.BinOp)
            and isinstance(node.op, ast.Mod)
            and isinstance(node.left, ast.Constant)
            and isinstance(node.left.value, str)
        ):
            return _percent_pieces(node.left.value)
        if isinstance(node, ast.Call) and len(node.args) == 1 and not node.keywords:
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name == "dedent":  # textwrap.dedent("""...""")
                return self._string_pieces(node.args[0], visit)
            glue = func.value if isinstance(func, ast.Attribute) else None
            if (
                name == "join"
                and isinstance(node.args[0], ast.List | ast.Tuple)
                and isinstance(glue, ast.Constant)
                and isinstance(glue.value, str)
            ):
                joined: list = []
                for n, item in enumerate(node.args[0].elts):
                    part = self._string_pieces(item, visit)
                    joined += ([glue.value] if n else []) + (part if part else [None])
                return joined
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "format"
            and isinstance(node.func.value, ast.Call)
        ):  # dedent("""...{0}...""").format(value)
            inner = self._string_pieces(node.func.value, visit)
            if inner is not None and None not in inner:
                text = "".join(inner)
                return _format_pieces(text) or [text]
        if isinstance(node, ast.Tuple) and node.elts:  # HTTPError(400, ("fmt %r", value))
            return self._string_pieces(node.elts[0], visit)
        return super()._string_pieces(node, visit)


def python_messages(root: Path) -> list[Message]:
    """Every message call in the Python files under `root`, in file and line order (a file
    that does not parse is skipped, as formats.py skips it)."""
    root = Path(root)
    found: list[Message] = []
    for path in _source_files(root, (".py",), "python"):
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # invalid escapes in old code
                tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        except (SyntaxError, ValueError, UnicodeDecodeError, OSError):
            continue
        collector = _Messages(path.relative_to(root).as_posix())
        collector.visit(tree)
        found += collector.messages
    return sorted(found, key=lambda m: (m.file, m.line))


# JavaScript: winston's levels at warning or worse, and the receivers that are loggers.
JS_LOG_METHODS = {"warn": "warning", "error": "error"}
JS_LOGGERS = frozenset({"log", "logger"})


def javascript_messages(root: Path) -> list[Message]:
    """Every log call at warning level or worse in the JavaScript files and node scripts
    under `root` (dependencies, bundles and tests left out, as formats.py leaves them)."""
    root = Path(root)
    found: list[Message] = []
    for path in _source_files(root, JS_SUFFIXES, "node"):
        if path.name.endswith((".min.js", ".test.js", ".spec.js")):
            continue
        try:
            source = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        found += _javascript_calls(source, path.relative_to(root).as_posix())
    return sorted(found, key=lambda m: (m.file, m.line))


def _javascript_calls(source: str, file: str) -> list[Message]:
    tokens, _ = _js_tokens(source)
    # Each literal, or `+` chain holding one, by the offset where it starts.
    literals = {start: pieces for pieces, start, _ in _js_literals(tokens)}
    lines = [0] + [n for n, char in enumerate(source) if char == "\n"]

    def line_of(offset: int) -> int:
        return sum(1 for start in lines[1:] if start < offset) + 1

    found = []
    for n in range(len(tokens) - 3):
        receiver, dot, method, opening = tokens[n : n + 4]
        if not (
            receiver.kind == "name"
            and receiver.value in JS_LOGGERS
            and dot.value == "."
            and method.kind == "name"
            and method.value in JS_LOG_METHODS
            and opening.value == "("
        ):
            continue
        first = tokens[n + 4] if n + 4 < len(tokens) else None
        pieces = literals.get(first.offset) if first is not None else None
        text = None
        if pieces is not None:
            text = "".join(PLACEHOLDER if p is None else p for p in pieces).strip() or None
        end = _closing(tokens, n + 3)
        found.append(
            Message(
                JS_LOG_METHODS[method.value], text, file, line_of(receiver.offset),
                line_of(tokens[end].offset) if end is not None else line_of(receiver.offset),
            )
        )  # fmt: skip
    return found


def _closing(tokens, opening: int) -> int | None:
    """The index of the ")" that closes the "(" at `opening`."""
    depth = 0
    for index in range(opening, len(tokens)):
        value = tokens[index].value
        if tokens[index].kind != "punct":
            continue
        if value in ("(", "[", "{"):
            depth += 1
        elif value in (")", "]", "}"):
            depth -= 1
            if depth == 0:
                return index
    return None


def release_messages(package: str, version: str) -> list[Message]:
    """The messages of one release of a package of [tool.troubleshoot.sources] (its source
    fetched once from PyPI or npm into .cache/sources/, offline after that)."""
    from .provenance import registry_of
    from .sources import release_source

    registry = registry_of(package)
    root = release_source(package, version, registry)
    if registry == "npm":
        return javascript_messages(root)
    return python_messages(root)

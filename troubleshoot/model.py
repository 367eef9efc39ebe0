"""The entry model: one Markdown page per problem, described by its YAML front matter.

`load_catalogue()` reads every page under docs/<section>/, validates it and returns the
entries; any problem is reported as `path: field: what is wrong (how to fix it)`, one line
each, so a contributor can act on it without reading this module.

The front-matter fields are a table (`FIELDS`, `SYMPTOM_FIELDS`): each field's check and
the kinds of page that must or may set it. A check takes the value, the page and the values
checked before it, and returns the value to keep or raises `Invalid` saying what is wrong.
The vocabulary lives in `vocabulary`, the dataclasses in `entry`; both are re-exported here.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from packaging.specifiers import InvalidSpecifier, SpecifierSet

from . import checks
from .entry import Entry, Symptom, TracebackEvidence
from .regex_subset import portable_regex_problem, slow_regex_problem
from .vocabulary import (
    BODY_SECTIONS,
    DEFAULT_PRINTER,
    DOCS,
    EVIDENCE,
    H2,
    H3,
    INCLUDE,
    KINDS,
    MKDOCS_YML,
    PLACEHOLDER,
    PRINTERS,
    SECTION_MARK,
    SECTIONS,
    SLUG,
    SNIPPETS,
    SOURCE,
    STATUSES,
    WHERE,
    allowed_tags,
    did_you_mean,
    relative,
)
from .vocabulary import ROOT as ROOT  # importers of troubleshoot.model still find it here

# Trailing punctuation of a message: readers quote messages without it ("... != f460b034"
# in an issue title), and it tells no message apart from another.
TRAILING_PUNCTUATION = re.compile(r"(?<!\\)(?:\\[.?!]|!)+$")


def matchable(pattern: str) -> str:
    """The pattern the matchers use: the documented one without a trailing . ? or !."""
    return TRAILING_PUNCTUATION.sub("", pattern) or pattern


class EntryError(Exception):
    """One problem with one field of one file."""

    def __init__(self, path: Path, field: str, message: str):
        self.path, self.field, self.message = path, field, message
        super().__init__(str(self))

    def __str__(self) -> str:
        return f"{relative(self.path)}: {self.field}: {self.message}"


class CatalogueError(Exception):
    """Every problem found in the catalogue, one line each."""

    def __init__(self, errors: list[EntryError]):
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))


def split_front_matter(path: Path, text: str) -> tuple[dict[str, Any], str, int]:
    """Return (front matter, body, line number where the body starts)."""
    if not text.startswith("---\n"):
        raise EntryError(path, "front matter", "the page must start with a '---' line")
    end = text.find("\n---\n", 4)
    if end < 0:
        raise EntryError(path, "front matter", "no closing '---' line")
    raw = text[4 : end + 1]
    try:
        data = yaml.safe_load(raw)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 2}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise EntryError(path, "front matter", f"invalid YAML{where}: {problem}") from None
    if not isinstance(data, dict):
        raise EntryError(path, "front matter", "must be a YAML mapping of field: value")
    body_line = raw.count("\n") + 3
    return data, text[end + 5 :], body_line


class Invalid(ValueError):
    """What is wrong with a value: messages about it, or (part, message) pairs about its
    parts, such as ("[2] (id).where", "..."); `value` keeps what was valid in it."""

    def __init__(self, *problems: str | tuple[str, str], value: Any = None):
        super().__init__(*problems)
        self.problems = [p if isinstance(p, tuple) else ("", p) for p in problems]
        self.value = value


@dataclass(frozen=True)
class Page:
    """What a check may consult besides the value: the file and the tag vocabulary."""

    path: Path
    tags: list[str]
    fields: dict[str, Any]  # the entry's values checked so far


Check = Callable[[Any, Page, dict[str, Any]], Any]


@dataclass(frozen=True)
class Rule:
    check: Check
    required: tuple[str, ...] = KINDS  # the kinds of page that must set the field
    kinds: tuple[str, ...] = KINDS  # the kinds of page that may set it


def text(value: Any, *_: Any, one_line: bool = True) -> str:
    if not isinstance(value, str) or not value.strip():
        raise Invalid("must be a non-empty string")
    if one_line and "\n" in value.strip():
        raise Invalid("must be a single line")
    return value.strip()


# A word in angle brackets: Markdown passes it through as an HTML tag, and the page, its
# section index and the symptom index would show nothing there.
ANGLE_WORD = re.compile(r"<[A-Za-z][^<>]*>")


def plain_text(value: Any, *rest: Any) -> str:
    """A title or summary: one line, shown as Markdown text on several generated pages."""
    value = text(value, *rest)
    found = ANGLE_WORD.search(value)
    if found:
        raise Invalid(
            f"{found.group()!r} would render as an HTML tag: write it in capitals "
            f"({found.group()[1:-1].upper()}) or without the brackets"
        )
    return value


def paragraph(value: Any, *_: Any) -> str:
    return text(value, one_line=False)


def anything(value: Any, *_: Any) -> Any:
    return value


def slug(value: Any, *_: Any) -> str:
    if not isinstance(value, str) or not SLUG.match(value):
        raise Invalid(f"{value!r} is not a slug (lowercase words joined by '-')")
    return value


def one_of(noun: str, choices: Iterable[str]) -> Check:
    def check(value: Any, *_: Any) -> str:
        if not isinstance(value, str) or value not in choices:
            raise Invalid(
                f"unknown {noun} {value!r}{did_you_mean(str(value), choices)}; "
                f"known: {', '.join(choices)}"
            )
        return value

    return check


def list_of(item: Check, what: str) -> Check:
    """A non-empty list whose items pass `item`; one message per bad item."""

    def check(value: Any, page: Page, got: dict[str, Any]) -> list:
        if not isinstance(value, list) or not value:
            raise Invalid(f"must be a non-empty list of {what}")
        kept, problems = [], []
        for each in value:
            try:
                kept.append(item(each, page, got))
            except Invalid as exc:
                problems += exc.problems
        if problems:
            raise Invalid(*problems)
        return kept

    return check


def version_range(value: Any, *_: Any) -> SpecifierSet:
    if not isinstance(value, str) or not value.strip():
        raise Invalid('must be a version range string such as ">=4.1" or ">=5,<6"')
    try:
        spec = SpecifierSet(value)
    except InvalidSpecifier:
        raise Invalid(f'{value!r} is not a version range (write e.g. ">=4.1" or "<2")') from None
    if not str(spec):
        raise Invalid("the version range is empty")
    return spec


def entry_id(value: Any, page: Page, _: Any) -> str:
    value = slug(value)
    if value != page.path.stem:
        raise Invalid(
            f"{value!r} differs from the file name; rename the file to {value}.md "
            f"or set id: {page.path.stem}"
        )
    return value


def section(value: Any, page: Page, _: Any) -> str:
    value = one_of("section", SECTIONS)(value)
    folder = page.path.parent.name
    if value != folder:
        raise Invalid(
            f"is {value!r} but the page lives in docs/{folder}/; move it to docs/{value}/"
        )
    return value


def tag(value: Any, page: Page, _: Any) -> str:
    if value not in page.tags:
        raise Invalid(
            f"unknown tag {value!r}{did_you_mean(str(value), page.tags)}; add it to "
            "tags_allowed in mkdocs.yml only if no existing tag fits"
        )
    return value


def source(value: Any, *_: Any) -> str:
    if not isinstance(value, str) or not SOURCE.match(value):
        raise Invalid(
            f"{value!r} is not a source: write owner/repo#123, owner/repo:path/in/repo "
            "or an https:// URL"
        )
    return value


def reproduced(value: Any, *_: Any) -> bool | str:
    if value is True or (isinstance(value, str) and value.strip()):
        return value if value is True else value.strip()
    raise Invalid("must be true, or a sentence saying why it is not reproduced")


def pattern(value: Any, page: Page, symptom: dict[str, Any]) -> str:
    text(value, one_line=False)
    problem = portable_regex_problem(value) or slow_regex_problem(value)
    if problem:
        raise Invalid(problem)
    if "message" in symptom and not re.search(value, symptom["message"], re.ASCII):
        raise Invalid(
            "does not match its own message; fix the pattern or quote the message "
            "exactly as printed"
        )
    return value


def listed_source(value: Any, page: Page, _: Any) -> str:
    if value not in page.fields.get("sources", ()):
        raise Invalid(f"{value!r} is not listed in the entry's sources; add it there")
    return value


def printer(value: Any, *_: Any) -> str:
    if not isinstance(value, str) or not SLUG.match(value):
        raise Invalid(
            f"{value!r} is not a program: write one of {', '.join(PRINTERS)}, or the name of "
            "the program that prints it (nodejs, traitlets, os...)"
        )
    return value


# The symptom fields that hold a version range: one per package that prints symptoms.
RANGE_FIELDS = tuple(dict.fromkeys(package for package, _ in PRINTERS.values()))


def symptom_printer(got: dict[str, Any], page: Page) -> tuple[str, list[tuple[str, str]]]:
    """Who prints the symptom, and what is wrong with its ranges or its evidence."""
    who = got.get("printed_by") or DEFAULT_PRINTER.get(got.get("where", ""))
    if who is None:
        return "", [
            (
                "printed_by",
                f"required for a symptom seen in the {got.get('where')}: say who prints it "
                f"({', '.join(PRINTERS)}, or the program's name)",
            )
        ]
    problems = []
    if who not in PRINTERS and "source" not in got and page.fields.get("reproduced") is not True:
        problems.append(
            (
                "printed_by",
                f"{who!r} is not a program whose source the provenance check reads "
                f"({', '.join(PRINTERS)}): give the source the message is quoted from "
                "(source:) or reproduce it",
            )
        )
    if got.get("where") in SERVER_LOGS and "printer_version" not in got:
        problems.append(
            (
                "printer_version",
                f"required for a symptom seen in the {got['where']}: say which release of "
                'the server printed it (printer_version: "nginx 1.22.1")',
            )
        )
    return who, problems


# Logs of servers outside the version matrix, whose messages change between releases.
SERVER_LOGS = ("front-log", "database-log")


def symptoms(value: Any, page: Page, _: Any) -> list[Symptom]:
    if not isinstance(value, list) or not value:
        raise Invalid("must be a non-empty list")
    kept: list[Symptom] = []
    problems: list[tuple[str, str]] = []
    entry_range = page.fields.get("jupyterhub", SpecifierSet())
    for n, item in enumerate(value, 1):
        if not isinstance(item, dict):
            problems.append((f"[{n}]", "must be a mapping with id, where and message"))
            continue
        got, wrong = check_fields(item, SYMPTOM_FIELDS, "problem", page, {})
        if "id" in got and got["id"] in (s.id for s in kept):
            wrong.append(("id", f"duplicate symptom id {got['id']!r}"))
        who, printer_problems = symptom_printer(got, page)
        wrong += printer_problems
        problems += [(f"[{n}] ({item.get('id', '?')}).{part}", msg) for part, msg in wrong]
        if not wrong:
            program = PRINTERS.get(who, ("jupyterhub", ""))[0]
            ranges = {key: got[key] for key in RANGE_FIELDS if key in got}
            own = ranges.get(program)
            versions = own or (entry_range if program == "jupyterhub" else SpecifierSet())
            kept.append(
                Symptom(
                    id=got["id"],
                    where=got["where"],
                    message=got["message"],
                    pattern=matchable(got.get("pattern") or re.escape(got["message"])),
                    printed_by=who,
                    versions=versions,
                    ranges=ranges,
                    # A symptom without its own JupyterHub range applies wherever the entry does.
                    jupyterhub=got.get("jupyterhub") or entry_range,
                    source=got.get("source"),
                    entry_id=page.fields.get("id", page.path.stem),
                    range_reason=got.get("range_reason"),
                    format=got.get("format"),
                    pins=got.get("pins"),
                    evidence=got.get("evidence", "cause"),
                    printer_version=got.get("printer_version"),
                )
            )
    if problems:
        raise Invalid(*problems, value=kept)
    return kept


# A traceback's frame as front matter names it: "jupyterhub/spawner.py: user_env", or the
# file alone; the file from its package's folder.
TRACEBACK_FRAME = re.compile(
    r"^([A-Za-z_][\w.-]*(?:/[\w.-]+)*\.py)(?:: *([A-Za-z_]\w*|<module>))?$"
)
DOTTED_NAME = re.compile(r"^[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*$")
TRACEBACK_FIELDS = ("frame", "exception", "where")


def tracebacks(value: Any, page: Page, _: Any) -> list[TracebackEvidence]:
    """Tracebacks that point to the entry: [{frame: "jupyterhub/spawner.py: user_env",
    exception: KeyError, where: hub-log}], exception and where optional."""
    if not isinstance(value, list) or not value:
        raise Invalid("must be a non-empty list of {frame: ..., exception: ...} mappings")
    kept, problems = [], []
    for n, item in enumerate(value, 1):
        at = f"[{n}]"
        if not isinstance(item, dict):
            problems.append((at, 'must be a mapping such as {frame: "jupyterhub/app.py: init_db"}'))
            continue
        unknown = sorted(set(item) - set(TRACEBACK_FIELDS))
        for key in unknown:
            problems.append(
                (
                    f"{at}.{key}",
                    f"unknown field{did_you_mean(str(key), TRACEBACK_FIELDS)}; "
                    f"known: {', '.join(TRACEBACK_FIELDS)}",
                )
            )
        frame = TRACEBACK_FRAME.match(str(item.get("frame", "")))
        if frame is None:
            problems.append(
                (
                    f"{at}.frame",
                    f"{item.get('frame')!r} is not a frame: write the file from its package's "
                    'folder and, after a colon, the function ("jupyterhub/app.py: init_db")',
                )
            )
        exception = item.get("exception")
        if exception is not None and not (
            isinstance(exception, str) and DOTTED_NAME.match(exception)
        ):
            problems.append(
                (
                    f"{at}.exception",
                    f"{exception!r} is not an exception type as Python prints it "
                    "(KeyError, sqlalchemy.exc.OperationalError)",
                )
            )
        where = item.get("where", "hub-log")
        if where not in ("hub-log", "singleuser-log", "shell"):
            problems.append(
                (
                    f"{at}.where",
                    f"{where!r}: a traceback is in the hub-log, singleuser-log or shell",
                )
            )
        if frame and not unknown and (exception is None or DOTTED_NAME.match(str(exception))):
            if where in ("hub-log", "singleuser-log", "shell"):
                kept.append(TracebackEvidence(frame[1], frame[2], exception, where))
    if problems:
        raise Invalid(*problems, value=kept)
    return kept


def config_checks(value: Any, page: Page, _: Any) -> list[dict]:
    folder = SNIPPETS / page.fields.get("section", "?") / page.fields.get("id", page.path.stem)
    try:
        return checks.parse_checks(value, folder)
    except checks.Invalid as exc:
        raise Invalid(*exc.problems) from None


# Front-matter field -> its check, and the kinds that must (required) or may (kinds) set
# it; any other field is unknown. Checks run in this order and may read earlier values.
FIELDS: dict[str, Rule] = {
    "id": Rule(entry_id),
    "title": Rule(plain_text),
    "kind": Rule(one_of("kind", KINDS)),
    "section": Rule(section),
    "summary": Rule(plain_text),
    "tags": Rule(list_of(tag, "tag names")),
    "jupyterhub": Rule(version_range),
    "status": Rule(one_of("status", STATUSES)),
    "legacy_note": Rule(paragraph, required=()),  # and see parse_entry
    "reproduced": Rule(reproduced),
    "sources": Rule(list_of(source, "sources")),
    "symptoms": Rule(symptoms),  # reads id, jupyterhub and sources
    # A router's causes; on a problem page, the problems known to lead to it, whose own
    # messages name the cause more precisely (the diagnoser ranks a cause it finds first).
    "causes": Rule(list_of(text, "entry ids"), required=("router",)),
    "checks": Rule(config_checks, required=(), kinds=("problem",)),  # troubleshoot/checks.py
    "z2jh": Rule(version_range, required=()),  # chart releases of its Helm values
    "tracebacks": Rule(tracebacks, required=(), kinds=("problem",)),  # read by their frames
    # Material's own front-matter keys that a page may set.
    "search": Rule(anything, required=()),
    "hide": Rule(anything, required=()),
}
SYMPTOM_FIELDS: dict[str, Rule] = {
    "id": Rule(slug),
    "where": Rule(one_of("place", WHERE)),
    "message": Rule(text),  # one line, verbatim
    "pattern": Rule(pattern, required=()),
    "printed_by": Rule(printer, required=()),  # default: by where (DEFAULT_PRINTER)
    **{key: Rule(version_range, required=()) for key in RANGE_FIELDS},
    "source": Rule(listed_source, required=()),
    "range_reason": Rule(text, required=()),  # see troubleshoot/provenance.py
    "format": Rule(text, required=()),  # see troubleshoot/provenance.py
    "pins": Rule(text, required=()),  # see tests/test_variants.py
    "evidence": Rule(one_of("evidence", EVIDENCE), required=()),
    # Which release of a program outside the version matrix printed it ("nginx 1.22.1").
    "printer_version": Rule(text, required=()),
}


def check_fields(
    data: dict, rules: dict[str, Rule], kind: str, page: Page, got: dict[str, Any]
) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """Check a mapping against its rules: (valid values, [(field, message)])."""
    problems = [
        (str(key), f"unknown field{did_you_mean(str(key), rules)}")
        for key in data
        if key not in rules
    ]
    for name, rule in rules.items():
        if name not in data:
            if kind in rule.required:
                problems.append((name, "missing required field"))
        elif kind not in rule.kinds:
            kinds = " or ".join(rule.kinds)
            problems.append((name, f"only {kinds} pages (kind: {kinds}) set {name}"))
        else:
            try:
                got[name] = rule.check(data[name], page, got)
            except Invalid as exc:
                problems += [(name + part, msg) for part, msg in exc.problems]
                if exc.value is not None:
                    got[name] = exc.value
    return got, problems


def parse_entry(path: Path, tags_vocabulary: list[str]) -> tuple[Entry | None, list[EntryError]]:
    """Parse and validate one page; collect every error rather than stopping at the first."""
    try:
        data, body, body_line = split_front_matter(path, path.read_text(encoding="utf-8"))
    except EntryError as exc:
        return None, [exc]

    # A page fresh from `nox -s new`: name every placeholder left, and nothing else, since
    # the other checks would only repeat them in other words.
    placeholders = _placeholder_errors(path, data, body, body_line)
    if placeholders:
        return None, placeholders

    kind = data["kind"] if data.get("kind") in KINDS else "problem"
    page = Page(path, tags_vocabulary, {})
    values, problems = check_fields(data, FIELDS, kind, page, page.fields)
    if values.get("status") == "legacy" and "legacy_note" not in data:
        problems.append(("legacy_note", "required when status is legacy: say since when and why"))
    if values.get("status") == "current" and "legacy_note" in data:
        problems.append(("legacy_note", "only legacy entries carry a legacy_note"))
    errors = [EntryError(path, name, message) for name, message in problems]
    errors += _check_body(path, body, kind, values.get("symptoms", []))
    if errors:
        return None, errors
    fields = {f.name for f in dataclasses.fields(Entry)}
    values = {
        "legacy_note": None,
        "causes": [],
        "checks": [],
        "tracebacks": [],
        **values,
        "path": path,
        "body": body,
    }
    return Entry(**{k: v for k, v in values.items() if k in fields}), []


def _placeholder_errors(
    path: Path, data: dict[str, Any], body: str, body_line: int
) -> list[EntryError]:
    """One error per TODO left in the front matter, the body or an included snippet."""
    errors = []

    def walk(value: Any, where: str) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                walk(item, f"{where}.{key}" if where else str(key))
        elif isinstance(value, list):
            for n, item in enumerate(value, 1):
                walk(item, f"{where}[{n}]")
        elif isinstance(value, str) and PLACEHOLDER.search(value):
            errors.append(EntryError(path, where, f"placeholder left: {value.strip()!r}"))

    walk(data, "")
    for n, line in enumerate(body.splitlines(), body_line):
        if PLACEHOLDER.search(line):
            errors.append(EntryError(path, f"body line {n}", f"placeholder left: {line.strip()!r}"))
    for rel in dict.fromkeys(target.partition(":")[0] for target in INCLUDE.findall(body)):
        snippet = SNIPPETS / rel
        if snippet.is_file():
            for n, line in enumerate(snippet.read_text(encoding="utf-8").splitlines(), 1):
                if PLACEHOLDER.search(line):
                    errors.append(
                        EntryError(
                            path,
                            f"snippet {relative(snippet)} line {n}",
                            f"placeholder left: {line.strip()!r}",
                        )
                    )
    if errors:
        errors.append(
            EntryError(
                path,
                "placeholders",
                f"replace the {len(errors)} TODO(s) above (left by `nox -s new`); "
                "CONTRIBUTING.md says what goes where",
            )
        )
    return errors


def _check_body(path: Path, body: str, kind: str, symptoms: list[Symptom]) -> list[EntryError]:
    errors = []
    found = H2.findall(body)
    wanted = BODY_SECTIONS.get(kind, ())
    present = [a for a in found if a in wanted]
    missing = [a for a in wanted if a not in found]
    if missing:
        errors.append(
            EntryError(
                path,
                "body",
                "missing section(s) "
                + ", ".join(f"'## ... {{#{a}}}'" for a in missing)
                + f"; a {kind} page needs, in order: "
                + ", ".join(f"{{#{a}}}" for a in wanted),
            )
        )
    elif present != list(wanted):
        errors.append(
            EntryError(
                path,
                "body",
                f"sections out of order: {', '.join(present)}; expected {', '.join(wanted)}",
            )
        )
    if not missing and symptoms:
        # Search weighs headings far above text: every documented message gets a heading of
        # its own, so pasting any of them finds this page first.
        start = body.find("{#symptoms}")
        end = body.find("{#" + wanted[1] + "}")
        codes = [
            code
            for heading in H3.findall(body[start:end])
            for code in re.findall(r"`([^`]+)`", heading)
        ]
        for s in symptoms:
            if not any(s.regex.search(code) for code in codes):
                errors.append(
                    EntryError(
                        path,
                        "body",
                        f"symptom {s.id!r} has no heading under 'What you see': add a "
                        "'### `<message>`' heading quoting it verbatim (its pattern must match)",
                    )
                )
    for target in INCLUDE.findall(body):
        rel, _, section = target.partition(":")
        snippet = SNIPPETS / rel
        if not snippet.is_file():
            errors.append(
                EntryError(
                    path, "body", f"includes snippet {rel!r}, which does not exist in snippets/"
                )
            )
        elif section and not re.match(r"^\d", section):
            marks = SECTION_MARK.findall(snippet.read_text(encoding="utf-8"))
            if ("start", section) not in marks or ("end", section) not in marks:
                errors.append(
                    EntryError(
                        path,
                        "body",
                        f"includes section {section!r} of snippets/{rel}, which has no "
                        f"'--8<-- [start:{section}]' ... '[end:{section}]' markers",
                    )
                )
    return errors


def entry_paths(docs: Path = DOCS) -> list[Path]:
    return sorted(
        p for section in SECTIONS for p in (docs / section).glob("*.md") if p.name != "index.md"
    )


TRIAGE = "triage"


def triage_guides(docs: Path = DOCS) -> list[Path]:
    """The hand-written triage guides (docs/triage/*.md): no entries, but their snippets
    live in snippets/triage/<guide>/ and tests/scenarios/triage/ runs them."""
    return sorted(p for p in (docs / TRIAGE).glob("*.md") if p.name != "index.md")


def triage_includes(docs: Path = DOCS) -> list[tuple[Path, str, str | None]]:
    """(guide, path relative to snippets/, section or None) for every include of a guide."""
    found = []
    for guide in triage_guides(docs):
        for target in INCLUDE.findall(guide.read_text(encoding="utf-8")):
            path, _, section = target.partition(":")
            found.append((guide, path, section or None))
    return found


def load_catalogue(docs: Path = DOCS, mkdocs_yml: Path = MKDOCS_YML) -> list[Entry]:
    """Every entry, validated; raises CatalogueError listing every problem found."""
    vocabulary = allowed_tags(mkdocs_yml)
    entries, errors = [], []
    for path in entry_paths(docs):
        entry, problems = parse_entry(path, vocabulary)
        errors.extend(problems)
        if entry:
            entries.append(entry)
    for section_dir in sorted(p for p in docs.iterdir() if p.is_dir()):
        # assets: the site's files; reference: the message reference, generated pages;
        # triage: hand-written guides, no entries (triage_guides)
        if section_dir.name not in SECTIONS and section_dir.name not in (
            "assets",
            "reference",
            TRIAGE,
        ):
            for stray in section_dir.glob("*.md"):
                errors.append(
                    EntryError(
                        stray,
                        "section",
                        f"docs/{section_dir.name}/ is not a known section"
                        f"{did_you_mean(section_dir.name, SECTIONS)}; known: {', '.join(SECTIONS)}",
                    )
                )
    errors.extend(_cross_checks(entries))
    if errors:
        raise CatalogueError(errors)
    return sorted(entries, key=lambda e: (list(SECTIONS).index(e.section), e.id))


def _cross_checks(entries: list[Entry]) -> list[EntryError]:
    errors = []
    by_id: dict[str, Entry] = {}
    for entry in entries:
        if entry.id in by_id:
            errors.append(
                EntryError(
                    entry.path,
                    "id",
                    f"duplicate id {entry.id!r}, also used by {relative(by_id[entry.id].path)}",
                )
            )
        by_id.setdefault(entry.id, entry)
    errors += _helm_values_errors(entries)
    errors += _tljh_config_errors(entries)
    for entry in entries:
        for cause in entry.causes:
            if cause not in by_id:
                errors.append(
                    EntryError(
                        entry.path,
                        "causes",
                        f"no entry with id {cause!r}{did_you_mean(cause, by_id)}",
                    )
                )
            elif cause == entry.id or by_id[cause].kind != "problem":
                errors.append(
                    EntryError(
                        entry.path,
                        "causes",
                        f"{cause!r} is not a cause this page can list: a cause is another "
                        "problem page (kind: problem), not the page itself or a router",
                    )
                )
            elif by_id[cause].doc_path.split("/")[-1] not in entry.body:
                errors.append(
                    EntryError(
                        entry.path,
                        "body",
                        f"the Causes section must link to the cause page {by_id[cause].doc_path}",
                    )
                )
    return errors


def _tljh_config_errors(entries: list[Entry]) -> list[EntryError]:
    """Each page's TLJH config.yaml files and tljh-config commands against TLJH's schema."""
    from .tljh_config import folder_problems

    return [
        EntryError(entry.path, "tljh", problem)
        for entry in entries
        for problem in folder_problems(SNIPPETS / entry.section / entry.id)
    ]


def _helm_values_errors(entries: list[Entry]) -> list[EntryError]:
    """Each page's Helm values files against the chart releases of its `z2jh` range."""
    from .helm_values import is_values_file, values_problems

    errors = []
    for entry in entries:
        folder = SNIPPETS / entry.section / entry.id
        files = sorted(p for p in folder.glob("*.yaml") if is_values_file(p))
        if files and entry.z2jh is None:
            errors.append(
                EntryError(
                    entry.path,
                    "z2jh",
                    f"the page shows Helm values ({relative(files[0])}): say which chart "
                    'releases they are for, e.g. z2jh: ">=3"',
                )
            )
            continue
        for path in files:
            errors += [EntryError(entry.path, "z2jh", p) for p in values_problems(path, entry.z2jh)]
    return errors

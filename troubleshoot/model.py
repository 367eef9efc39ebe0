"""The entry model: one Markdown page per problem, described by its YAML front matter.

`load_catalogue()` reads every page under docs/<section>/, validates it and returns the
entries; any problem is reported as `path: field: what is wrong (how to fix it)`, one line
each, so a contributor can act on it without reading this module.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml
from packaging.specifiers import InvalidSpecifier, SpecifierSet

from .regex_subset import portable_regex_problem

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
SNIPPETS = ROOT / "snippets"
MKDOCS_YML = ROOT / "mkdocs.yml"

# Sections in reading order: folder name -> title shown in the index.
SECTIONS: dict[str, str] = {
    "proxy": "Proxy (configurable-http-proxy)",
    "networking": "Hub networking",
    "auth": "Authentication, tokens and OAuth",
    "spawners": "Spawners",
    "singleuser": "Single-user servers",
    "reverse-proxy": "Reverse proxy, TLS and websockets",
    "database": "Database, upgrades and start-up",
    "scale": "Performance and scale",
    "kubernetes": "Kubernetes (Zero to JupyterHub)",
    "tljh": "The Littlest JupyterHub",
}

# Where a user sees a symptom -> how the symptom index names it.
WHERE: dict[str, str] = {
    "browser": "In the browser",
    "hub-log": "In the hub log",
    "proxy-log": "In the proxy log",
    "singleuser-log": "In the single-user server log",
    "shell": "In a shell",
}

KINDS = ("problem", "router")
STATUSES = ("current", "legacy")

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SOURCE = re.compile(r"^(?:[A-Za-z0-9][\w.-]*/[\w.-]+(?:#\d+|:[\w./-]+)|https://\S+)$")

# Field -> (required for problem, required for router). Anything else is unknown.
FIELDS: dict[str, tuple[bool, bool]] = {
    "id": (True, True),
    "title": (True, True),
    "kind": (True, True),
    "section": (True, True),
    "summary": (True, True),
    "tags": (True, True),
    "jupyterhub": (True, True),
    "status": (True, True),
    "legacy_note": (False, False),
    "symptoms": (True, True),
    "reproduced": (True, True),
    "sources": (True, True),
    "causes": (False, True),
    # Material's own front-matter keys that a page may set.
    "search": (False, False),
    "hide": (False, False),
}
SYMPTOM_FIELDS = {"id", "where", "message", "pattern", "jupyterhub", "source"}

# H2 anchors every page must have, in this order.
BODY_SECTIONS: dict[str, tuple[str, ...]] = {
    "problem": ("symptoms", "cause", "fix", "verify", "versions"),
    "router": ("symptoms", "causes", "versions"),
}

# What `nox -s new` leaves for the author to replace; a page or snippet holding one is invalid.
PLACEHOLDER = re.compile(r"\bTODO\b")

H2 = re.compile(r"^## .*?\{#([a-z0-9-]+)\}\s*$", re.M)
H3 = re.compile(r"^#{3,4} (.*)$", re.M)
INCLUDE = re.compile(r"""^\s*-{1,}8<-{1,}\s+["']([^"']+)["']\s*$""", re.M)
SECTION_MARK = re.compile(r"--8<-- \[(start|end):([a-z][-_0-9a-z]*)\]")


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


def relative(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


def did_you_mean(word: str, choices: list[str] | tuple[str, ...] | set[str]) -> str:
    close = difflib.get_close_matches(word, sorted(choices), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


@dataclass(frozen=True)
class Symptom:
    id: str
    where: str
    message: str
    pattern: str
    jupyterhub: SpecifierSet
    source: str | None
    entry_id: str

    @cached_property
    def regex(self) -> re.Pattern[str]:
        # ASCII: JavaScript's \d, \w and \s (without the u flag) are ASCII too.
        return re.compile(self.pattern, re.ASCII)

    def applies_to(self, version: str) -> bool:
        return self.jupyterhub.contains(version, prereleases=True)


@dataclass
class Entry:
    id: str
    title: str
    kind: str
    section: str
    summary: str
    tags: list[str]
    jupyterhub: SpecifierSet
    status: str
    legacy_note: str | None
    symptoms: list[Symptom]
    reproduced: bool | str
    sources: list[str]
    causes: list[str]
    path: Path
    body: str = field(repr=False)

    @property
    def url(self) -> str:
        """Path of the built page, relative to the site root."""
        return f"{self.section}/{self.id}/"

    @property
    def doc_path(self) -> str:
        """Path relative to docs/, as used in Markdown links."""
        return f"{self.section}/{self.id}.md"

    def symptom(self, symptom_id: str) -> Symptom:
        for s in self.symptoms:
            if s.id == symptom_id:
                return s
        raise KeyError(
            f"{self.id} has no symptom {symptom_id!r}"
            f"{did_you_mean(symptom_id, [s.id for s in self.symptoms])}"
        )

    def snippet_includes(self) -> list[tuple[str, str | None]]:
        """(path relative to snippets/, section or None) for every include in the body."""
        found = []
        for target in INCLUDE.findall(self.body):
            path, _, section = target.partition(":")
            found.append((path, section or None))
        return found


def allowed_tags(mkdocs_yml: Path = MKDOCS_YML) -> list[str]:
    """The controlled tag vocabulary, read from the tags plugin in mkdocs.yml."""
    config = yaml.safe_load(mkdocs_yml.read_text(encoding="utf-8"))
    for plugin in config.get("plugins", []):
        if isinstance(plugin, dict) and "tags" in plugin:
            return list(plugin["tags"]["tags_allowed"])
    raise RuntimeError(f"{relative(mkdocs_yml)}: plugins: no tags plugin with tags_allowed")


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


def _specifier(path: Path, fieldname: str, value: Any) -> SpecifierSet:
    if not isinstance(value, str) or not value.strip():
        raise EntryError(
            path, fieldname, 'must be a version range string such as ">=4.1" or ">=5,<6"'
        )
    try:
        spec = SpecifierSet(value)
    except InvalidSpecifier:
        raise EntryError(
            path, fieldname, f'{value!r} is not a version range (write e.g. ">=4.1" or "<2")'
        ) from None
    if not str(spec):
        raise EntryError(path, fieldname, "the version range is empty")
    return spec


def _text(path: Path, fieldname: str, value: Any, *, one_line: bool = True) -> str:
    if not isinstance(value, str) or not value.strip():
        raise EntryError(path, fieldname, "must be a non-empty string")
    if one_line and "\n" in value.strip():
        raise EntryError(path, fieldname, "must be a single line")
    return value.strip()


def parse_entry(path: Path, tags_vocabulary: list[str]) -> tuple[Entry | None, list[EntryError]]:
    """Parse and validate one page; collect every error rather than stopping at the first."""
    errors: list[EntryError] = []
    try:
        data, body, body_line = split_front_matter(path, path.read_text(encoding="utf-8"))
    except EntryError as exc:
        return None, [exc]

    # A page fresh from `nox -s new`: name every placeholder left, and nothing else, since
    # the other checks would only repeat them in other words.
    placeholders = _placeholder_errors(path, data, body, body_line)
    if placeholders:
        return None, placeholders

    def check(fieldname: str, fn, *args, **kwargs):
        try:
            return fn(path, fieldname, *args, **kwargs)
        except EntryError as exc:
            errors.append(exc)
            return None

    kind = data.get("kind")
    if kind not in KINDS:
        errors.append(
            EntryError(
                path,
                "kind",
                f"must be one of {', '.join(KINDS)}, got {kind!r}{did_you_mean(str(kind), KINDS)}",
            )
        )
        kind = "problem"
    is_router = kind == "router"

    for key in data:
        if key not in FIELDS:
            errors.append(
                EntryError(path, str(key), f"unknown field{did_you_mean(str(key), FIELDS)}")
            )
    for key, (for_problem, for_router) in FIELDS.items():
        if (for_router if is_router else for_problem) and key not in data:
            errors.append(EntryError(path, key, "missing required field"))
    if "causes" in data and not is_router:
        errors.append(EntryError(path, "causes", "only router pages (kind: router) list causes"))

    entry_id = check("id", _text, data.get("id", "")) if "id" in data else None
    if entry_id is not None:
        if not SLUG.match(entry_id):
            errors.append(
                EntryError(
                    path, "id", f"{entry_id!r} is not a slug (lowercase words joined by '-')"
                )
            )
        elif entry_id != path.stem:
            errors.append(
                EntryError(
                    path,
                    "id",
                    f"{entry_id!r} differs from the file name; rename the file to {entry_id}.md "
                    f"or set id: {path.stem}",
                )
            )

    section = data.get("section")
    if "section" in data:
        if section not in SECTIONS:
            errors.append(
                EntryError(
                    path,
                    "section",
                    f"unknown section {section!r}{did_you_mean(str(section), SECTIONS)}; "
                    f"known: {', '.join(SECTIONS)}",
                )
            )
        elif path.parent.name != section:
            errors.append(
                EntryError(
                    path,
                    "section",
                    f"is {section!r} but the page lives in docs/{path.parent.name}/; "
                    f"move it to docs/{section}/",
                )
            )

    title = check("title", _text, data.get("title")) if "title" in data else None
    summary = check("summary", _text, data.get("summary")) if "summary" in data else None

    tags = data.get("tags", [])
    if "tags" in data:
        if not isinstance(tags, list) or not tags or not all(isinstance(t, str) for t in tags):
            errors.append(EntryError(path, "tags", "must be a non-empty list of tag names"))
            tags = []
        for tag in tags:
            if tag not in tags_vocabulary:
                errors.append(
                    EntryError(
                        path,
                        "tags",
                        f"unknown tag {tag!r}{did_you_mean(tag, tags_vocabulary)}; add it to "
                        "tags_allowed in mkdocs.yml only if no existing tag fits",
                    )
                )

    jupyterhub = (
        check("jupyterhub", _specifier, data.get("jupyterhub")) if "jupyterhub" in data else None
    )

    status = data.get("status")
    if "status" in data and status not in STATUSES:
        errors.append(
            EntryError(
                path,
                "status",
                f"must be 'current' or 'legacy', got {status!r}{did_you_mean(str(status), STATUSES)}",
            )
        )
    legacy_note = data.get("legacy_note")
    if status == "legacy" and not legacy_note:
        errors.append(
            EntryError(
                path, "legacy_note", "required when status is legacy: say since when and why"
            )
        )
    if status == "current" and legacy_note:
        errors.append(EntryError(path, "legacy_note", "only legacy entries carry a legacy_note"))

    sources = data.get("sources", [])
    if "sources" in data:
        if not isinstance(sources, list) or not sources:
            errors.append(EntryError(path, "sources", "must be a non-empty list"))
            sources = []
        for src in sources:
            if not isinstance(src, str) or not SOURCE.match(src):
                errors.append(
                    EntryError(
                        path,
                        "sources",
                        f"{src!r} is not a source: write owner/repo#123, owner/repo:path/in/repo "
                        "or an https:// URL",
                    )
                )

    reproduced = data.get("reproduced")
    if "reproduced" in data and not (
        reproduced is True or (isinstance(reproduced, str) and reproduced.strip())
    ):
        errors.append(
            EntryError(
                path, "reproduced", "must be true, or a sentence saying why it is not reproduced"
            )
        )

    causes = data.get("causes", []) if is_router else []
    if is_router and "causes" in data:
        if (
            not isinstance(causes, list)
            or not causes
            or not all(isinstance(c, str) for c in causes)
        ):
            errors.append(EntryError(path, "causes", "must be a non-empty list of entry ids"))
            causes = []

    symptoms = _parse_symptoms(path, data.get("symptoms"), entry_id or path.stem, sources, errors)
    # A symptom without its own range applies wherever the entry does.
    symptoms = [
        s if s.jupyterhub is not None else _with_range(s, jupyterhub or SpecifierSet())
        for s in symptoms
    ]

    errors.extend(_check_body(path, body, kind, symptoms))

    if errors:
        return None, errors
    return (
        Entry(
            id=entry_id,
            title=title,
            kind=kind,
            section=section,
            summary=summary,
            tags=tags,
            jupyterhub=jupyterhub,
            status=status,
            legacy_note=legacy_note,
            symptoms=symptoms,
            reproduced=reproduced if reproduced is True else reproduced.strip(),
            sources=sources,
            causes=causes,
            path=path,
            body=body,
        ),
        [],
    )


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


def _with_range(s: Symptom, spec: SpecifierSet) -> Symptom:
    return Symptom(s.id, s.where, s.message, s.pattern, spec, s.source, s.entry_id)


def _parse_symptoms(
    path: Path, raw: Any, entry_id: str, sources: list[str], errors: list[EntryError]
) -> list[Symptom]:
    if raw is None:
        return []
    if not isinstance(raw, list) or not raw:
        errors.append(EntryError(path, "symptoms", "must be a non-empty list"))
        return []
    result, seen = [], set()
    for n, item in enumerate(raw, 1):
        here = f"symptoms[{n}]"
        if not isinstance(item, dict):
            errors.append(EntryError(path, here, "must be a mapping with id, where and message"))
            continue
        here = f"symptoms[{n}] ({item.get('id', '?')})"
        bad = False
        for key in item:
            if key not in SYMPTOM_FIELDS:
                errors.append(
                    EntryError(
                        path, f"{here}.{key}", f"unknown field{did_you_mean(key, SYMPTOM_FIELDS)}"
                    )
                )
                bad = True
        for key in ("id", "where", "message"):
            if key not in item:
                errors.append(EntryError(path, f"{here}.{key}", "missing required field"))
                bad = True
        if bad:
            continue
        sid, where, message = item["id"], item["where"], item["message"]
        if not isinstance(sid, str) or not SLUG.match(sid):
            errors.append(EntryError(path, f"{here}.id", f"{sid!r} is not a slug"))
            continue
        if sid in seen:
            errors.append(EntryError(path, f"{here}.id", f"duplicate symptom id {sid!r}"))
        seen.add(sid)
        if where not in WHERE:
            errors.append(
                EntryError(
                    path,
                    f"{here}.where",
                    f"unknown place {where!r}{did_you_mean(str(where), WHERE)}; "
                    f"known: {', '.join(WHERE)}",
                )
            )
        if not isinstance(message, str) or not message.strip() or "\n" in message.strip():
            errors.append(
                EntryError(path, f"{here}.message", "must be one non-empty line, verbatim")
            )
            continue
        message = message.strip()
        pattern = item.get("pattern")
        if pattern is None:
            pattern = re.escape(message)
        elif not isinstance(pattern, str) or not pattern:
            errors.append(EntryError(path, f"{here}.pattern", "must be a non-empty string"))
            continue
        else:
            problem = portable_regex_problem(pattern)
            if problem:
                errors.append(EntryError(path, f"{here}.pattern", problem))
                continue
            if not re.search(pattern, message, re.ASCII):
                errors.append(
                    EntryError(
                        path,
                        f"{here}.pattern",
                        "does not match its own message; fix the pattern or quote the message "
                        "exactly as printed",
                    )
                )
                continue
        spec = None
        if "jupyterhub" in item:
            try:
                spec = _specifier(path, f"{here}.jupyterhub", item["jupyterhub"])
            except EntryError as exc:
                errors.append(exc)
                continue
        source = item.get("source")
        if source is not None and source not in sources:
            errors.append(
                EntryError(
                    path,
                    f"{here}.source",
                    f"{source!r} is not listed in the entry's sources; add it there",
                )
            )
        result.append(Symptom(sid, where, message, matchable(pattern), spec, source, entry_id))
    return result


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
        if section_dir.name not in SECTIONS and section_dir.name not in ("assets",):
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
            elif by_id[cause].doc_path.split("/")[-1] not in entry.body:
                errors.append(
                    EntryError(
                        entry.path,
                        "body",
                        f"the Causes section must link to the cause page {by_id[cause].doc_path}",
                    )
                )
    return errors

"""The message reference: every warning-or-worse message a program prints, explained.

The explanations are data, one file per package, reviewed like any page:

    reference/jupyterhub.yaml
      package: jupyterhub
      unexplained: 12                 # messages the releases print that have no item yet
      messages:
        - level: warning              # warning, error, exception, critical, or http
          text: "{}'s server never showed up at {} after {} seconds. Giving up."
          module: jupyterhub/user.py  # where the newest release that prints it does
          versions: [4.1.6, 5.5.4, 6.1.1]
          explanation: >-
            The spawner said the server started, but ...
          harmless: false

`level`, `text`, `module` and `versions` are facts read from the releases' source
(troubleshoot/messages.py) for the releases of the JupyterHub matrix; `python -m
troubleshoot reference` rewrites them from there and lists the messages with no item yet,
keeping every explanation. The provenance tests hold the file to the source: an item for
every message the releases print, none for a message no release prints, and the facts as
the source has them. `troubleshoot generate`
renders the pages under docs/reference/ from the file alone (no source needed), and links
each message to the entries that document an instance of it.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from .vocabulary import ROOT, relative

REFERENCE = ROOT / "reference"
DOCS_REFERENCE = "reference"  # under docs/
LEVELS = ("critical", "error", "exception", "warning", "http")
ITEM_FIELDS = ("level", "text", "module", "versions", "explanation", "harmless")
# Pages per package: slug -> (title, the modules they hold, by path prefix). A message goes
# to the first page whose prefix its module starts with; the last page takes the rest.
PAGES = {
    "jupyterhub": [
        ("rest-api", "The REST API", ("jupyterhub/apihandlers/",)),
        (
            "auth",
            "Login, tokens, OAuth and services",
            (
                "jupyterhub/auth",
                "jupyterhub/services/",
                "jupyterhub/oauth/",
                "jupyterhub/_xsrf",
                "jupyterhub/scopes",
                "jupyterhub/roles",
            ),
        ),  # fmt: skip
        ("singleuser", "The single-user server", ("jupyterhub/singleuser/",)),
        (
            "start-up",
            "Start-up, configuration and the database",
            (
                "jupyterhub/app.py",
                "jupyterhub/orm",
                "jupyterhub/alembic",
                "jupyterhub/_version",
                "jupyterhub/utils",
                "jupyterhub/metrics",
            ),
        ),  # fmt: skip
        ("spawning", "Pages, spawning and the proxy", ("",)),
    ],
    "configurable-http-proxy": [("messages", "Routing, its REST API and start-up", ("",))],
}
PROGRAM = {"jupyterhub": "JupyterHub", "configurable-http-proxy": "configurable-http-proxy"}
# The triage guide (docs/triage/<guide>.md) for the stage each reference page's messages
# belong to: where to look next when the message alone does not say what is wrong. A guide
# is linked only once its page exists.
TRIAGE_GUIDES = {
    "jupyterhub": {
        "start-up": "hub-does-not-start",
        "auth": "login-fails",
        "spawning": "server-does-not-start",
        "singleuser": "server-does-not-start",
    },
    "configurable-http-proxy": {"messages": "routing-and-proxy"},
}
# What a package's logger writes right before each message, by level, where the diagnosers
# should ask for it: configurable-http-proxy's messages are short ("Terminated", "{} {} {}
# {}") and its winston format (lib/log.js) is "<time> [ConfigProxy] <level>: <message>".
LOG_PREFIX = {
    "configurable-http-proxy": {"warning": "[ConfigProxy] warn: ", "error": "[ConfigProxy] error: "}
}
# The longest value a placeholder stands for when a log line is matched with a message
# (a path, a URL, an exception's text).
VALUE_LENGTH = 400
MIN_LEAD = 4
# Search finds a message by its heading only: hundreds of explanations would shift every
# word's weight (lunr's idf) and move the problem pages' own ranking (Material's
# data-search-exclude, set with attr_list on the paragraph).
UNSEARCHED = "{ data-search-exclude }"


class ReferenceError(Exception):
    """A reference file that cannot be used: each problem names the file, item and field."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Explained:
    level: str
    text: str
    module: str
    versions: tuple[str, ...]
    explanation: str
    harmless: bool

    @property
    def key(self) -> tuple[str, str]:
        return self.level, self.text

    @property
    def anchor(self) -> str:
        """A stable id for links: from the level and text, not the position in the file."""
        digest = hashlib.sha256(f"{self.level}\0{self.text}".encode()).hexdigest()
        return f"m-{digest[:10]}"

    @property
    def regex(self) -> re.Pattern:
        """Any printed line of the message: literal text as it is, `{}` any text."""
        return re.compile(".+?".join(re.escape(part) for part in self.text.split("{}")), re.S)

    @property
    def log_line(self) -> str:
        """The line of the message a log shows (of a message of several lines, the one with
        the most literal text: each line of a log is matched alone)."""
        lines = [line for line in self.text.split("\n") if line.strip()] or [self.text]
        return max(lines, key=lambda line: len(line.replace("{}", "").strip()))

    def log_pattern(self, prefix: str | tuple[str, ...] = "") -> str:
        """What finds the message in a log line, for the diagnosers (the regex subset both
        read alike): its literal text, each value between two pieces of it any text of up
        to VALUE_LENGTH characters up to the next piece's first occurrence. That is taken
        for good (a lookahead captures it, a back-reference consumes it: an atomic group in
        both languages), so a line that holds the first piece many times costs a bounded
        scan at each, not every combination of gaps. Values at either end are left out
        (the search is unanchored), and so is a lead of fewer than MIN_LEAD characters
        before a value (`{}.{} is deprecated`): a start that common would be tried at
        every other character of a line. `prefix`: literal text the program's logger writes
        right before the message, or several such texts, any of which goes."""
        prefixes = (prefix,) if isinstance(prefix, str) else prefix
        parts = self.log_line.split("{}")
        lead = ""
        if any(prefixes):
            lead = "(?:" + "|".join(re.escape(p) for p in prefixes) + ")"
        else:
            while len(parts) > 1 and len(parts[0].strip()) < MIN_LEAD:
                parts.pop(0)
        while len(parts) > 1 and not parts[-1].strip():
            parts.pop()
        pattern = lead + re.escape(parts[0])
        for group, part in enumerate(parts[1:], 1):
            pattern += f"(?=(.{{0,{VALUE_LENGTH}}}?{re.escape(part)}))\\{group}"
        return pattern


def reference_path(package: str) -> Path:
    return REFERENCE / f"{package}.yaml"


def load_reference(package: str, path: Path | None = None) -> list[Explained]:
    """The package's explained messages, validated; ReferenceError lists every problem."""
    path = path or reference_path(package)
    where = relative(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise ReferenceError([f"{where}: cannot be read: {error.strerror or error}"]) from None
    except yaml.YAMLError as error:
        raise ReferenceError([f"{where}: not valid YAML: {error}"]) from None
    if not isinstance(data, dict) or data.get("package") != package:
        raise ReferenceError([f"{where}: must be a mapping with package: {package} and messages"])
    unexplained = data.get("unexplained", 0)
    if not isinstance(unexplained, int) or isinstance(unexplained, bool) or unexplained < 0:
        raise ReferenceError([f"{where}: unexplained: must be the count of messages not yet "
                              "listed (python -m troubleshoot reference writes it)"])  # fmt: skip
    items = data.get("messages")
    if not isinstance(items, list):
        raise ReferenceError([f"{where}: messages: must be a list of explained messages"])
    problems, found, seen = [], [], {}
    for n, item in enumerate(items, 1):
        at = f"{where}: messages[{n}]"
        if not isinstance(item, dict):
            problems.append(f"{at}: must be a mapping with {', '.join(ITEM_FIELDS)}")
            continue
        problems += [f"{at}.{k}: unknown field ({', '.join(ITEM_FIELDS)})"
                     for k in sorted(set(item) - set(ITEM_FIELDS))]  # fmt: skip
        problems += [f"{at}.{k}: missing" for k in ITEM_FIELDS if k not in item]
        if item.get("level") not in LEVELS:
            problems.append(f"{at}.level: must be one of {', '.join(LEVELS)}")
        for field in ("text", "module", "explanation"):
            value = item.get(field)
            if field in item and (not isinstance(value, str) or not value.strip()):
                problems.append(f"{at}.{field}: must be text")
        explanation = item.get("explanation")
        if isinstance(explanation, str) and "TODO" in explanation:
            problems.append(f"{at}.explanation: still says TODO; explain the message")
        versions = item.get("versions")
        if "versions" in item and (
            not isinstance(versions, list) or not versions
            or not all(isinstance(v, str) and re.fullmatch(r"\d+(\.\d+)*", v) for v in versions)
        ):  # fmt: skip
            problems.append(f"{at}.versions: must list releases, such as [5.5.4, 6.1.1]")
        if "harmless" in item and not isinstance(item["harmless"], bool):
            problems.append(f"{at}.harmless: must be true or false")
        key = (item.get("level"), item.get("text"))
        if key in seen:
            problems.append(f"{at}: the same level and text as messages[{seen[key]}]")
        seen.setdefault(key, n)
        if not any(p.startswith(at) for p in problems):
            found.append(
                Explained(
                    item["level"], item["text"], item["module"], tuple(item["versions"]),
                    item["explanation"].strip(), item["harmless"],
                )
            )  # fmt: skip
    if problems:
        raise ReferenceError(problems)
    return found


def packages() -> list[str]:
    """The packages that have a reference file."""
    return sorted(p.stem for p in REFERENCE.glob("*.yaml")) if REFERENCE.is_dir() else []


# ------------------------------------------------------------------ facts from the source


def printed(package: str, releases: list[str]) -> dict[tuple[str, str], dict]:
    """(level, text) -> {module, versions} of every message with text the releases print;
    module as in the newest release printing it."""
    from .messages import release_messages

    found: dict[tuple[str, str], dict] = {}
    for release in releases:
        for message in release_messages(package, release):
            if message.text is None:
                continue
            facts = found.setdefault((message.level, message.text), {"versions": []})
            if release not in facts["versions"]:
                facts["versions"].append(release)
            facts["module"] = message.file
    return found


def compare(listed: list[Explained], source: dict[tuple[str, str], dict]) -> dict[str, list]:
    """How the file and the source differ: messages with no item (`missing`), items for a
    message no release prints (`stale`), and items whose facts differ (`facts`)."""
    keys = {e.key for e in listed}
    return {
        "missing": sorted(k for k in source if k not in keys),
        "stale": [e for e in listed if e.key not in source],
        "facts": [
            (e, source[e.key])
            for e in listed
            if e.key in source
            and (list(e.versions), e.module) != (source[e.key]["versions"], source[e.key]["module"])
        ],
    }


def matrix_releases(package: str) -> list[str]:
    """The releases a package's reference holds: JupyterHub's version matrix; for another
    package, its releases in [tool.troubleshoot.sources]."""
    from .provenance import source_matrix
    from .snippets import jupyterhub_matrix

    if package == "jupyterhub":
        return list(jupyterhub_matrix().values())
    releases = source_matrix().get(package)
    if not releases:
        raise ValueError(f"{package}: not in pyproject.toml's [tool.troubleshoot.sources]")
    return sorted(releases, key=_version_key)


def sync(package: str, path: Path | None = None) -> tuple[int, list[tuple[str, str]]]:
    """Rewrite the facts (module, versions) of each item from the source, dropping nothing:
    (items updated, messages printed that have no item yet). A stale item is left for a
    person to remove (its message may have moved to another wording)."""
    path = path or reference_path(package)
    listed = load_reference(package, path)
    source = printed(package, matrix_releases(package))
    diff = compare(listed, source)
    changed = {e.key: source[e.key] for e, _ in diff["facts"]}
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if changed or data.get("unexplained", 0) != len(diff["missing"]):
        for item in data["messages"]:
            facts = changed.get((item["level"], item["text"]))
            if facts:
                item["module"], item["versions"] = facts["module"], facts["versions"]
        data = {"package": package, "unexplained": len(diff["missing"]),
                "messages": data["messages"]}  # fmt: skip
        path.write_text(dump(data), encoding="utf-8")
    return len(changed), diff["missing"]


def dump(data: dict) -> str:
    header = (
        "# Every message this package prints at warning level or worse, explained: see\n"
        "# troubleshoot/reference.py. level, text, module and versions come from the source\n"
        "# (python -m troubleshoot reference); explanation and harmless are written by hand.\n"
    )
    return header + yaml.safe_dump(
        data, sort_keys=False, allow_unicode=True, width=92, default_flow_style=None
    )


# ------------------------------------------------------------------ pages


def page_of(package: str, module: str) -> str:
    for slug, _, prefixes in PAGES[package]:
        if module.startswith(prefixes):
            return slug
    return PAGES[package][-1][0]


def documenting(message: Explained, entries, package: str = "jupyterhub") -> list:
    """The entries with a symptom that is an instance of the message (printed by the
    package: the message's own words from another program are another message)."""
    return [
        e
        for e in entries
        if any(s.program == package and message.regex.search(s.message) for s in e.symptoms)
    ]


def render_pages(package: str, entries, docs: Path) -> dict[Path, str]:
    """docs/reference/<package>/<page>.md for each page, and docs/reference/index.md."""
    listed = load_reference(package)
    program = PROGRAM[package]
    files: dict[Path, str] = {}
    order = {level: n for n, level in enumerate(LEVELS)}
    for slug, title, _ in PAGES[package]:
        mine = sorted(
            (m for m in listed if page_of(package, m.module) == slug),
            key=lambda m: (m.module, order[m.level], m.text),
        )
        lines = [
            "---",
            f"title: {json.dumps(f'{program} messages: {title}')}",
            "search: {boost: 0.35}",  # below the entries that quote the same message (measured)
            f"generated: {relative(reference_path(package))} (nox -s generate)",
            "---",
            f"<!-- GENERATED by `nox -s generate` from {relative(reference_path(package))}. "
            "Edit that file. -->",
            "",
            f"# {program} messages: {title}",
            "",
            f"What {program} prints at warning level or worse here, and what it means. `{{}}` "
            "marks a value the message fills in. Versions are the releases of the guide's "
            "matrix whose source prints it.",
            "",
        ]
        guide = triage_guide(package, slug, docs)
        if guide:
            lines += [
                f"When a message here does not say enough, [{guide['title']}]"
                f"(../../{guide['path']}) shows where to look next.",
                "",
            ]
        module = None
        for message in mine:
            if message.module != module:
                module = message.module
                lines += [f"## `{module}`", ""]
            level = "HTTP error" if message.level == "http" else message.level
            lines += [
                f"### {code(message.text.splitlines()[0])} {{#{message.anchor}}}",
                "",
                f"*{level}* · {program} {', '.join(message.versions)}"
                + (" · usually harmless" if message.harmless else ""),
                UNSEARCHED,
                "",
            ]
            if "\n" in message.text:
                lines += ["```text", message.text, "```", ""]
            lines += [as_text(message.explanation), UNSEARCHED, ""]
            pages = documenting(message, entries, package)
            if pages:
                links = ", ".join(f"[{e.title}](../../{e.section}/{e.id}.md)" for e in pages)
                lines += [f"Covered in detail by {links}.", UNSEARCHED, ""]
        if mine:
            files[docs / DOCS_REFERENCE / package / f"{slug}.md"] = "\n".join(lines)
    return files


def triage_guide(package: str, page: str, docs: Path | None = None) -> dict | None:
    """{"url", "title", "path"} of the triage guide for a reference page's messages, or None
    (no guide for that stage, or its page not written yet)."""
    guide = TRIAGE_GUIDES.get(package, {}).get(page)
    return None if guide is None else guide_link(guide, docs)


def guide_link(guide: str, docs: Path | None = None) -> dict | None:
    """{"url", "title", "path"} of docs/triage/<guide>.md, or None while it is not written."""
    docs = docs or ROOT / "docs"
    path = docs / "triage" / f"{guide}.md"
    if not path.is_file():
        return None
    text = path.read_text(encoding="utf-8")
    front = yaml.safe_load(text.split("---", 2)[1]) if text.startswith("---") else None
    title = front.get("title") if isinstance(front, dict) else None
    if not isinstance(title, str) or not title.strip():
        raise ReferenceError([f"{relative(path)}: front matter needs a title"])
    return {"url": f"triage/{guide}/", "title": title.strip(), "path": f"triage/{guide}.md"}


def matcher_records(entries) -> list[dict]:
    """The reference's messages as signatures.json lists them for the diagnosers' second
    tier (a line no entry's symptom matched is still told which message it is): most
    literal text first, so a line matching two messages is told the more specific one."""
    records = []
    for package in packages():
        # Any of the logger's warning-or-worse prefixes: a program may choose the level of
        # one format at run time (configurable-http-proxy's request log: warn for 4xx, error
        # for 5xx), and the source gives one of them.
        prefixes = tuple(sorted(set(LOG_PREFIX.get(package, {}).values())))
        common = os.path.commonprefix(prefixes) if prefixes else ""
        for message in load_reference(package):
            pieces = [p.strip() for p in [common, *message.log_line.split("{}")] if p.strip()]
            pieces.sort(key=len, reverse=True)  # the likeliest to be missing first
            records.append(
                {
                    "package": package,
                    "program": PROGRAM[package],
                    "level": message.level,
                    "text": message.log_line,
                    "pattern": message.log_pattern(prefixes),
                    # Text every matching line holds: a quick test before the pattern
                    # (a line cut inside the message has no need of the pattern).
                    "pieces": pieces,
                    "url": f"{DOCS_REFERENCE}/{package}/{page_of(package, message.module)}/"
                    f"#{message.anchor}",
                    "harmless": message.harmless,
                    "entries": [e.id for e in documenting(message, entries, package)],
                    **_triage_field(package, page_of(package, message.module)),
                }
            )
    return sorted(records, key=lambda r: (-len(r["text"].replace("{}", "")), r["text"]))


def _triage_field(package: str, page: str) -> dict:
    guide = triage_guide(package, page)
    return {"triage": {"url": guide["url"], "title": guide["title"]}} if guide else {}


def as_text(text: str) -> str:
    """Markdown that shows the text as written: `<name>` in a URL path is no HTML tag and
    `__jupyterhub_` no emphasis; spans in backticks stay code."""
    parts = re.split(r"(`[^`]+`)", text)
    return "".join(
        part
        if part.startswith("`")
        else re.sub(r"([\\*_\[\]])", r"\\\1", part).replace("<", "&lt;")
        for part in parts
    )


def code(text: str) -> str:
    """Inline code that holds any text, backticks included."""
    fence = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def render_index(docs: Path) -> dict[Path, str]:
    """docs/reference/index.md: what the reference is, its pages, and how far it is."""
    lines = [
        "---",
        "title: Message reference",
        "generated: reference/*.yaml (nox -s generate)",
        "---",
        "<!-- GENERATED by `nox -s generate` from reference/*.yaml. Edit those files. -->",
        "",
        "# Message reference",
        "",
        "Every message a program of the hub prints at warning level or worse, with what makes "
        "it print it, read from the program's source, and the page that covers it in detail "
        "where there is one. The problem pages come first in search; this reference is for "
        "the messages no page covers yet.",
        "",
    ]
    for package in packages():
        data = yaml.safe_load(reference_path(package).read_text(encoding="utf-8"))
        listed = load_reference(package)
        program = PROGRAM[package]
        releases = sorted({v for m in listed for v in m.versions}, key=_version_key)
        lines += [f"## {program}", ""]
        unexplained = data.get("unexplained", 0)
        lines += [
            f"{len(listed)} messages of {program} {', '.join(releases)} are explained"
            + (f"; {unexplained} more are still to be written." if unexplained else "."),
            "",
        ]
        for slug, title, _ in PAGES[package]:
            count = sum(1 for m in listed if page_of(package, m.module) == slug)
            if count:
                lines.append(f"- [{title}]({package}/{slug}.md): {count} messages")
        lines.append("")
    return {docs / DOCS_REFERENCE / "index.md": "\n".join(lines)}


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


def nav_pages() -> list[str]:
    """The reference's pages as the nav lists them, relative to docs/."""
    if not packages():
        return []
    pages = [f"{DOCS_REFERENCE}/index.md"]
    for package in packages():
        listed = load_reference(package)
        used = {page_of(package, m.module) for m in listed}
        pages += [f"{DOCS_REFERENCE}/{package}/{slug}.md" for slug, _, _ in PAGES[package]
                  if slug in used]  # fmt: skip
    return pages

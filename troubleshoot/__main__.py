"""Command line: `python -m troubleshoot validate | generate [--check] | diagnose FILE|- |
new SECTION ID | provenance | messages PACKAGE VERSION | reference [PACKAGE] [--missing] |
drift [--pre] [--report PATH] [--print-newest] | redact | check [CONFIG] [--json] [--list] |
chart-schema CLONE RELEASE... | tljh-schema CLONE RELEASE...`
(check is also the `jupyterhub-troubleshoot` command)."""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import sys
from pathlib import Path

from . import checks, drift, generate, logfile, matcher, provenance, redact, scaffold
from .model import ROOT, SECTIONS, CatalogueError, load_catalogue
from .plain_scenario import SpecError, placeholder_problems, plain_scenarios

SITE_URL_DEFAULT = "https://jupyterhub-troubleshooting.github.io/guide/"
SEARCH_INDEX_DEFAULT = ROOT / "site" / "search" / "search_index.json"


def _catalogue():
    try:
        return load_catalogue()
    except CatalogueError as exc:
        print(exc, file=sys.stderr)
        print(f"{len(exc.errors)} problem(s) in the catalogue.", file=sys.stderr)
        raise SystemExit(1) from None


def cmd_validate(_args) -> int:
    """Every page, then every plain scenario file; each problem on a line of its own."""
    placeholders = placeholder_problems()
    try:
        entries = load_catalogue()
        plain = plain_scenarios(entries)
        problems = []
    except CatalogueError as exc:
        entries, plain, problems = [], [], [str(e) for e in exc.errors]
    except SpecError as exc:
        plain, problems = [], exc.problems
    problems += placeholders
    if problems:
        print("\n".join(problems), file=sys.stderr)
        print(f"{len(problems)} problem(s) in the catalogue.", file=sys.stderr)
        return 1
    print(
        f"{len(entries)} entries, {sum(len(e.symptoms) for e in entries)} symptoms, "
        f"{len(plain)} plain scenarios: all valid."
    )
    return 0


def cmd_generate(args) -> int:
    entries = _catalogue()
    if args.check:
        stale = generate.stale_files(entries)
        for path in stale:
            print(f"stale: {path.relative_to(ROOT)}", file=sys.stderr)
        if stale:
            print("Run `nox -s generate` and commit the result.", file=sys.stderr)
            return 1
        print("Generated files are up to date.")
        return 0
    for path in generate.write_all(entries):
        print(f"wrote {path.relative_to(ROOT)}")
    return 0


def cmd_diagnose(args) -> int:
    """Exit 0: entries found; 1: none; 2: the input is not a readable log, or the search
    index is unusable; 130: interrupted."""
    from . import offload, search  # imported here: only this command needs lunr

    signatures = matcher.load_signatures()
    rules = signatures["compiled_rules"]
    # Read before the log, so that a broken index fails at once; the lunr index itself is
    # built only when some line is left unmatched.
    index_path = Path(args.search_index)
    index = None
    if index_path.exists():
        try:
            index = search.SearchIndex.load(index_path)
        except search.SearchIndexError as error:
            print(f"diagnose: {error}", file=sys.stderr)
            return 2

    # What the search fallback reads, as the site's diagnoser defines it: of a log, the
    # unmatched lines that look like errors or warnings (bounded: search.QueryLines); of a
    # single line, that line.
    fallback = offload.SearchFallback(index) if index is not None else None
    single = _FirstNonBlank()
    progress = _progress_reporter(args.file)
    # The versions and platform the log shows, read as the lines go by (redact's table).
    facts = redact.Versions()
    log = _Counted(
        single.watch(logfile.read_lines(args.file, rules.line_break, progress)), facts.take
    )
    try:
        # The second tier sees every line; the fallback (when there is an index to search)
        # those neither tier matched.
        explainer = matcher.Explainer(signatures, fallback.take if fallback is not None else None)
        findings = matcher.diagnose_lines(log, signatures, explainer.take)
        explained = explainer.results(findings)
        leads = explainer.lead_results(findings, explained)
    except logfile.LogError as error:
        print(f"diagnose: {error}", file=sys.stderr)
        return 2
    if progress:
        progress(None)
    base = args.site_url.rstrip("/") + "/"

    def related() -> list[dict]:
        if fallback is None:
            if not findings:  # where a lead would help most: say how to get one
                print(
                    f"diagnose: no search index at {index_path}, so no related pages for "
                    "the lines no documented message matched: `nox -s build` builds site/, "
                    "or pass --search-index PATH",
                    file=sys.stderr,
                )
            return []
        lines = None  # of a log, the lines the fallback kept
        if single.count < 2:
            alone = single.line
            unmatched = not matcher.matches_any(alone, signatures) and not explained
            lines = [alone] if single.count and unmatched else []
        try:
            pages = fallback.related({f.entry["url"] for f in findings}, lines)
        except offload.FallbackError as error:
            print(f"diagnose: the search for related pages failed: {error}", file=sys.stderr)
            return []
        return [{"title": index.title(p), "url": f"{base}{p}"} for p in pages]

    if args.json:
        data = _findings_json(findings, log.count, base)
        data["facts"] = facts.found()
        data["explained"] = [
            {
                "program": e.message["program"],
                "level": e.message["level"],
                "message": e.message["text"],
                "url": f"{base}{e.message['url']}",
                "harmless": e.message["harmless"],
                "lines": [{"line": n, "text": text} for n, text in e.lines],
                **(
                    {"triage": f"{base}{e.message['triage']['url']}"}
                    if e.message.get("triage")
                    else {}
                ),
            }
            for e in explained
        ]
        data["leads"] = [
            {
                "guide": lead.guide["title"],
                "url": f"{base}{lead.guide['url']}",
                "lines": [{"line": n, "text": text} for n, text in lead.lines],
            }
            for lead in leads
        ]
        data["related"] = related()
        print(json.dumps(data, indent=1))
        return 0 if findings else 1
    detected = facts.bullets()
    if detected:
        print("Detected in the log:")
        print("\n".join("   " + bullet for bullet in detected))
        print()
    if not findings and explained:
        print("No problem page matches; the message reference explains these lines.")
    elif not findings and leads:
        print("No problem page matches; the triage guides below say where to look next.")
    elif not findings:
        print("No known symptom found. Search the guide, or open an issue with the message.")
    for rank, f in enumerate(findings, 1):
        print(f"{rank}. {f.entry['title']}  [{f.entry['id']}]")
        print(f"   {base}{f.entry['url']}")
        for number, where, line in f.lines[: args.lines]:
            note = EVIDENCE_NOTES.get(f.evidence.get(number, ""), "")
            print(f"   line {number} ({where}{note}): {line[:160]}")
        if len(f.lines) > args.lines:
            print(f"   ... and {len(f.lines) - args.lines} more matching line(s)")
        if f.entry.get("checkable"):
            print("   `jupyterhub-troubleshoot check` finds this in a jupyterhub_config.py")
    # After the findings: a closed pipe (`| head`) ends the output before any of this.
    if explained:
        print()
        print("Explained in the message reference (what the program prints, not a problem page):")
    for e in explained:
        message = e.message
        harmless = ", usually harmless" if message["harmless"] else ""
        print(f"   - {message['program']} {message['level']}{harmless}: {message['text'][:160]}")
        print(f"     {base}{message['url']}")
        _print_lines(e.lines, args.lines)
        if message.get("triage"):
            print(f"     where to look next: {message['triage']['title']}")
            print(f"     {base}{message['triage']['url']}")
    if leads:
        print()
        print("Where to look next (the stage of the code that printed these lines):")
    for lead in leads:
        print(f"   - {lead.guide['title']}")
        print(f"     {base}{lead.guide['url']}")
        _print_lines(lead.lines, args.lines)
    pages = related()
    if pages:
        print()
        print("Possibly related (search, not a documented message):")
        for page in pages:
            print(f"   - {page['title']}")
            print(f"     {page['url']}")
    return 0 if findings else 1


def _print_lines(lines: list[tuple[int, str]], shown: int) -> None:
    """The first `shown` of an explained message's or a lead's (number, text) lines."""
    for number, line in lines[:shown]:
        print(f"     line {number}: {line[:160]}")
    if len(lines) > shown:
        print(f"     ... and {len(lines) - shown} more line(s)")


class _FirstNonBlank:
    """Counts a stream's non-blank lines (up to 2: is it one line, or a log?), keeping the
    first."""

    def __init__(self):
        self.count, self.line = 0, ""

    def watch(self, lines):
        from .search import js_trim  # as the site tests a line for anything in it

        for line in lines:
            if self.count < 2 and js_trim(line):
                self.count += 1
                self.line = self.line or line
            yield line


# How a listed line's evidence reads on the command line (exact matches say nothing).
EVIDENCE_NOTES = {
    "partial": ", matched loosely: retyped, re-cased or cut",
    "context": ", context: healthy hubs print this too",
}


class _Counted:
    """An iterator of lines that counts them."""

    def __init__(self, lines, also=None):
        self.lines, self.count, self.also = lines, 0, also

    def __iter__(self):
        for line in self.lines:
            self.count += 1
            if self.also is not None:
                self.also(line)
            yield line


def _findings_json(findings, lines: int, base: str) -> dict:
    return {
        "lines": lines,
        "findings": [
            {
                "entry": f.entry["id"],
                "title": f.entry["title"],
                "url": f"{base}{f.entry['url']}",
                "score": f.score,
                # `jupyterhub-troubleshoot check` can find this in a configuration
                "checkable": bool(f.entry.get("checkable")),
                "symptoms": sorted(f.symptoms),
                # matched by their core alone: a retyped, re-cased or cut line
                "partial": sorted(f.partial),
                "lines": [
                    {"number": n, "where": w, "text": t, "evidence": f.evidence[n]}
                    for n, w, t in f.lines
                ],
            }
            for f in findings
        ],
    }


def _progress_reporter(name: str):
    """Progress on stderr for a large input read at a terminal: every 50 MB read."""
    if not sys.stderr.isatty():
        return None
    step, next_at = 50 << 20, [50 << 20]

    def report(done: int | None) -> None:
        if done is None:
            if next_at[0] > step:
                print(file=sys.stderr)
            return
        if done >= next_at[0]:
            print(f"\rdiagnose: {done >> 20} MB of {name} read", end="", file=sys.stderr)
            next_at[0] = done + step

    return report


def cmd_new(args) -> int:
    try:
        written = scaffold.scaffold(args.section, args.id, code=args.code)
    except scaffold.ScaffoldError as exc:
        print(f"new: {exc}", file=sys.stderr)
        return 2
    for path in written:
        print(f"wrote {path.relative_to(ROOT)}")
    print(
        "Now replace every TODO in these files; `python -m troubleshoot validate` lists those "
        "left. CONTRIBUTING.md walks through each step."
    )
    return 0


def cmd_provenance(_args) -> int:
    return provenance.main(_catalogue())


def cmd_messages(args) -> int:
    """Every warning-or-worse message a release prints, read from its source."""
    from . import messages, sources

    matrix = provenance.source_matrix()
    if args.package not in matrix:
        known = ", ".join(sorted(matrix))
        print(f"messages: {args.package}: not a package of pyproject.toml's "
              f"[tool.troubleshoot.sources]; known: {known}", file=sys.stderr)  # fmt: skip
        return 2
    try:
        found = messages.release_messages(args.package, args.version)
    except sources.SourceError as error:
        print(f"messages: {error}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps([dataclasses.asdict(m) for m in found], indent=1))
    else:
        for message in found:
            print(message)
    return 0


def cmd_reference(args) -> int:
    """The message reference's facts rewritten from the source; what it does not list yet."""
    from . import reference, sources

    try:
        updated, missing = reference.sync(args.package)
    except reference.ReferenceError as error:
        print(f"reference: {error}", file=sys.stderr)
        return 2
    except sources.SourceError as error:
        print(f"reference: {error}", file=sys.stderr)
        return 2
    print(f"{reference.relative(reference.reference_path(args.package))}: facts of {updated} "
          f"message(s) rewritten from the source; {len(missing)} message(s) not listed yet")  # fmt: skip
    for level, text in missing if args.missing else ():
        print(f"  {level}: {text}")
    return 0


def cmd_chart_schema(args) -> int:
    """The Zero to JupyterHub chart's schema and defaults at some tags, as facts."""
    from .helm_values import ValuesError, write_chart

    if not (args.clone / "jupyterhub").exists() and not (args.clone / "HEAD").exists():
        print(
            f"chart-schema: {args.clone} is not a clone of jupyterhub/zero-to-jupyterhub-k8s "
            "(git clone https://github.com/jupyterhub/zero-to-jupyterhub-k8s)",
            file=sys.stderr,
        )
        return 2
    for release in args.releases:
        try:
            print(f"wrote {write_chart(args.clone, release).relative_to(ROOT)}")
        except ValuesError as error:
            print(f"chart-schema: {error}", file=sys.stderr)
            return 2
    return 0


def cmd_tljh_schema(args) -> int:
    """The Littlest JupyterHub's config schema at some tags, as facts."""
    from .tljh_config import TljhConfigError, write_schema

    if not (args.clone / "tljh").exists() and not (args.clone / "HEAD").exists():
        print(
            f"tljh-schema: {args.clone} is not a clone of jupyterhub/the-littlest-jupyterhub "
            "(git clone https://github.com/jupyterhub/the-littlest-jupyterhub)",
            file=sys.stderr,
        )
        return 2
    for release in args.releases:
        try:
            print(f"wrote {write_schema(args.clone, release).relative_to(ROOT)}")
        except TljhConfigError as error:
            print(f"tljh-schema: {error}", file=sys.stderr)
            return 2
    return 0


def cmd_drift(args) -> int:
    if args.print_newest:  # the registries only: no catalogue, no sources
        return drift.print_newest(pre=args.pre)
    return drift.main(_catalogue(), pre=args.pre, report_path=args.report)


def cmd_redact(args) -> int:
    from . import redact  # imported here: only this command needs it

    return redact.run(args.file, names=args.names, context=args.context, whole=args.all)


def cmd_check(args) -> int:
    """The entries whose known-bad configuration the operator's hub has."""
    try:
        known = checks.load_checks()
        if args.list:
            for c in known:
                print(f"{c['entry']}  {c['certainty']}  jupyterhub{c['jupyterhub']}  {c['title']}")
            return 0
        path = args.config
        if path is None and Path("jupyterhub_config.py").is_file():
            path = Path("jupyterhub_config.py")  # where `jupyterhub` itself looks
        settings = checks.load_settings(path)
        findings = checks.run_checks(known, settings)
    except checks.CheckError as exc:
        print(f"check: {exc}", file=sys.stderr)
        return 2
    where = str(path) if path else "no configuration file (JupyterHub's defaults)"
    if args.json:
        keep = ("entry", "title", "url", "certainty", "found", "first_step")
        print(json.dumps({"config": str(path) if path else None,
                          "jupyterhub": settings.version,
                          "findings": [{k: f[k] for k in keep} for f in findings]},
                         indent=1))  # fmt: skip
        return 1 if findings else 0
    print(f"Checked {where} with JupyterHub {settings.version}: "
          f"{len(findings) or 'no'} known problem{'' if len(findings) == 1 else 's'} found.")  # fmt: skip
    for f in findings:
        print(f"\n[{f['certainty']}] {f['title']}\n  {f['url']}")
        for fact in f["found"]:
            print(f"  found: {fact}")
        print(f"  first step: {f['first_step']}")
    return 1 if findings else 0


def main(argv: list[str] | None = None) -> int:
    own = Path(sys.argv[0]).name == "jupyterhub-troubleshoot"  # the console script
    prog = "jupyterhub-troubleshoot" if own else "python -m troubleshoot"
    parser = argparse.ArgumentParser(prog=prog, description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("validate", help="validate every entry's front matter and body")
    gen = sub.add_parser("generate", help="rewrite the generated pages and signatures")
    gen.add_argument("--check", action="store_true", help="only report stale files")
    diag = sub.add_parser(
        "diagnose",
        help="match a log against every documented symptom",
        description="Exit status: 0 entries found, 1 none found (messages of the reference "
        "or related pages alone included), 2 the input is not a readable text log or the search index is unusable, "
        "130 interrupted.",
    )
    diag.add_argument(
        "file", help="a log file (also gzip, a pipe or <(command)), or - for standard input"
    )
    diag.add_argument("--json", action="store_true", help="the findings as JSON, for scripts")
    diag.add_argument("--site-url", default=SITE_URL_DEFAULT)
    diag.add_argument("--lines", type=int, default=3, help="matching lines shown per entry")
    diag.add_argument(
        "--search-index",
        default=str(SEARCH_INDEX_DEFAULT),
        metavar="PATH",
        help="the built site's search index, searched for pages related to the lines no "
        "documented message matched (default: site/search/search_index.json, which "
        "`nox -s build` writes)",
    )
    new = sub.add_parser("new", help="scaffold a new entry: page, snippets, scenario skeleton")
    new.add_argument("section", help=f"one of: {', '.join(SECTIONS)}")
    new.add_argument("id", help="the entry's id: lowercase words joined by '-', forever")
    new.add_argument(
        "--code",
        action="store_true",
        help="a scenario module in tests/scenarios/<section>/ instead of scenario.yaml "
        "(for state a file cannot stage: held ports, old databases, leftovers)",
    )
    sub.add_parser(
        "provenance",
        help="trace every symptom to the source that prints it and check its version range",
    )
    msg = sub.add_parser(
        "messages",
        help="every warning-or-worse log message and HTTP error a release prints, from its source",
        description="Reads the release's source (fetched once from PyPI into .cache/sources/) "
        "for log calls at warning level or worse and HTTPErrors with a message: level, file, "
        "line and the message with each placeholder as {}.",
    )
    msg.add_argument("package", help="a Python package of [tool.troubleshoot.sources]")
    msg.add_argument("version", help="its release, such as 6.1.1")
    msg.add_argument("--json", action="store_true", help="as JSON, for tools")
    ref = sub.add_parser(
        "reference",
        help="rewrite the message reference's facts (module, versions) from the releases' "
        "source and count the messages it does not list yet",
    )
    ref.add_argument("package", nargs="?", default="jupyterhub")
    ref.add_argument("--missing", action="store_true", help="list the messages not listed")
    chart = sub.add_parser(
        "chart-schema",
        help="rewrite reference/z2jh/chart-<release>.json (the Helm chart's schema and "
        "defaults) from a clone of zero-to-jupyterhub-k8s",
    )
    chart.add_argument("clone", type=Path, help="a git clone of the chart's repository")
    chart.add_argument("releases", nargs="+", metavar="RELEASE", help="tags, e.g. 4.4.0")
    tljh = sub.add_parser(
        "tljh-schema",
        help="rewrite reference/tljh/config-schema-<release>.json (TLJH's config schema and "
        "defaults) from a clone of the-littlest-jupyterhub",
    )
    tljh.add_argument("clone", type=Path, help="a git clone of TLJH's repository")
    tljh.add_argument("releases", nargs="+", metavar="RELEASE", help="tags, e.g. 2.0.0")
    dri = sub.add_parser(
        "drift",
        help="check the newest JupyterHub and configurable-http-proxy against every traced "
        "symptom (exit 1 when one drifted)",
    )
    dri.add_argument("--pre", action="store_true", help="count pre-releases as the newest too")
    dri.add_argument("--report", type=Path, help="also write the Markdown report to this file")
    dri.add_argument(
        "--print-newest",
        action="store_true",
        help="only print the newest releases, as the report's last line does "
        "(newest: jupyterhub=X configurable-http-proxy=Y)",
    )
    red = sub.add_parser(
        "redact",
        help="a log excerpt to paste into a help request: matched lines, warnings, errors "
        "and tracebacks, with the versions, secrets replaced with [redacted]",
        description="Exit status: 0 excerpt printed, 2 the input is not a readable text log, "
        "130 interrupted. Read the excerpt before you post it.",
    )
    red.add_argument(
        "file",
        nargs="?",
        help="a log file (also gzip, a pipe or <(command)), or - for standard input (default)",
    )
    red.add_argument(
        "--names",
        action="store_true",
        help="also replace user names and IP addresses: user1, 10.0.0.1, ... consistently",
    )
    red.add_argument(
        "--context",
        type=int,
        default=3,
        metavar="N",
        help="lines shown around each line the diagnoser matched (default 3)",
    )
    red.add_argument("--all", action="store_true", help="the whole log, not an excerpt")
    chk = sub.add_parser(
        "check",
        help="check a jupyterhub_config.py (and the machine) for the guide's known "
        "misconfigurations",
        description="Loads the configuration with the installed JupyterHub's own loader, as "
        "`jupyterhub --config` does (it runs the file's Python, and starts nothing), and looks "
        "at the machine as the hub would: files the settings name (relative to the working "
        "directory) and commands on PATH. Run it where the hub runs, as the hub's user, with "
        "its environment. Exit status: 0 nothing found, 1 findings, 2 the check could not run.",
    )
    chk.add_argument(
        "config",
        nargs="?",
        type=Path,
        help="the configuration file (default: ./jupyterhub_config.py when there is one)",
    )
    chk.add_argument("--json", action="store_true", help="findings as JSON, for tools")
    chk.add_argument("--list", action="store_true", help="every check, one per line")
    args = parser.parse_args(argv)
    commands = {
        "check": cmd_check,
        "validate": cmd_validate,
        "generate": cmd_generate,
        "diagnose": cmd_diagnose,
        "new": cmd_new,
        "provenance": cmd_provenance,
        "messages": cmd_messages,
        "reference": cmd_reference,
        "drift": cmd_drift,
        "chart-schema": cmd_chart_schema,
        "tljh-schema": cmd_tljh_schema,
        "redact": cmd_redact,
    }
    return commands[args.command](args)


def run(argv: list[str] | None = None) -> int:
    """main(), quiet on Ctrl-C and when the reader of our output goes away (`| head`)."""
    try:
        code = main(argv)
        sys.stdout.flush()
        return code
    except KeyboardInterrupt:
        print(file=sys.stderr)
        return 130
    except BrokenPipeError:
        # Python would complain again when it flushes stdout at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    raise SystemExit(run())

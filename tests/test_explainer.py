"""The diagnoser's second tier: a line no entry's symptom matched is told which message of
the message reference it is (troubleshoot/matcher.py Explainer, diagnose.js newExplainer)."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

from tests.test_matcher import (
    LONG_LINE,
    PLAIN_SCAN,
    RATIO_BOUND,
    disagreements,
    javascript_findings,
    pathological_lines,
    python_findings,
    scan_seconds,
)
from troubleshoot import generate, matcher, reference

# Values a placeholder takes in other operators' logs: a dotted name, an address, a negative
# number, non-ASCII letters, an IPv6 address, a long path.
VALUES = [
    "alice.smith@example.org",
    "-15",
    "Jürgen Müller",
    "[fd00::1]:8081",
    "/srv/jupyterhub/" + "deep/" * 30 + "jupyterhub_config.py",
]
PREFIX = "[W 2026-12-07 11:00:00.000 JupyterHub module:42] "


def instance(message: dict, value: str) -> str:
    """A log line of the message (its line the log shows), each placeholder filled, as its
    program's logger writes it."""
    logger = reference.LOG_PREFIX.get(message["package"], {}).get(message["level"])
    prefix = f"2026-12-07T11:00:00.000Z {logger}" if logger else PREFIX
    return prefix + message["text"].replace("{}", value)


@pytest.fixture(scope="module")
def signatures():
    return matcher.load_signatures()


def test_signatures_list_every_message_of_the_reference(signatures):
    listed = {m["url"] for m in signatures["messages"]}
    expected = {
        f"reference/{package}/{reference.page_of(package, m.module)}/#{m.anchor}"
        for package in reference.packages()
        for m in reference.load_reference(package)
    }
    assert listed == expected
    assert len(listed) >= 400  # JupyterHub's 421 at the time of writing
    assert {m["package"] for m in signatures["messages"]} >= {
        "jupyterhub",
        "configurable-http-proxy",
    }


def test_every_message_is_found_with_other_values(signatures):
    """Each message, filled with values unlike any in its source, is found: by an entry that
    documents it, or as itself (or a message with more literal text that it is part of)."""
    problems = []
    for message in signatures["messages"]:
        for value in VALUES:
            line = instance(message, value)
            findings, explained = matcher.explain(line, signatures)
            told = [e.message for e in explained]
            if findings and not told:
                continue  # an entry's symptom matched it: the first tier's answer
            if not told:
                problems.append(f"not found: {line[:160]}")
            elif told[0] is not message and not told[0]["regex"].search(line):
                problems.append(f"{line[:120]}: told {told[0]['text'][:80]}")
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems[:20])


def test_info_and_debug_lines_are_not_given_a_message(signatures):
    message = next(
        m for m in signatures["messages"] if not m["entries"] and m["package"] == "jupyterhub"
    )
    warning = instance(message, "alice")
    assert matcher.explain(warning, signatures)[1]
    for quiet in (
        warning.replace("[W ", "[I "),
        warning.replace("[W 2026-12-07 ", "[D "),
        "12:00:00.000 [ConfigProxy] info: " + message["text"].replace("{}", "alice"),
    ):
        assert not matcher.explain(quiet, signatures)[1], quiet


def test_a_proxy_line_no_other_message_fits_is_its_request_error(signatures):
    """configurable-http-proxy's "{} {} {} {}" (status, method, URL, error) has no words of
    its own: its logger's prefix finds it, after every message with words."""
    line = "2026-12-07T11:00:00.000Z [ConfigProxy] error: 503 GET /user/ünï/ Error: read EPROTO"
    findings, explained = matcher.explain(line, signatures)
    assert [e.message["text"] for e in explained] == ["{} {} {} {}"]
    unrelated = "2026-12-07T11:00:00.000Z [ConfigProxy] info: 200 GET /hub/api"
    assert matcher.explain(unrelated, signatures) == ([], [])
    # The proxy's request log picks its level at run time (warn for a 4xx, with no error
    # text): the source's error-level call names the same format.
    warned = "2026-12-07T11:00:00.000Z [ConfigProxy] warn: 404 DELETE /api/routes/user/you "
    assert [e.message["text"] for e in matcher.explain(warned, signatures)[1]] == ["{} {} {} {}"]


def test_a_line_an_entry_matches_is_not_given_a_message_too(signatures):
    """The entry comes first: a message that an entry documents is explained by its page."""
    message = next(m for m in signatures["messages"] if m["entries"])
    findings, explained = matcher.explain(instance(message, "alice"), signatures)
    if findings:
        assert not explained
    else:  # the entry documents another instance only: the reference still answers
        assert explained and explained[0].message["entries"]


def test_python_and_javascript_explain_alike(signatures):
    texts = {
        f"{n}:{v}": instance(m, value)
        for n, m in enumerate(signatures["messages"])
        for v, value in enumerate(VALUES[:2])
    }
    texts["all in one log"] = "\n".join(texts.values())
    texts["quiet"] = "\n".join(line.replace("[W ", "[I ") for line in list(texts.values())[:50])
    python = python_findings(texts)
    assert any(p["explained"] for p in python.values()), "nothing explained: untested"
    problem = disagreements(python, javascript_findings(texts))
    assert not problem, "the matchers disagree:\n" + problem


class _AsTheExplainerSearches:
    """A message's test as Explainer.message_of runs it (its pieces first, then its
    pattern), timed like a regex by scan_seconds."""

    def __init__(self, message: dict):
        self.pieces, self.regex = message["pieces"], message["regex"]

    def search(self, line: str):
        return all(piece in line for piece in self.pieces) and self.regex.search(line)


def test_no_message_pattern_backtracks_badly_on_a_long_line(signatures):
    """As the symptoms' patterns (test_matcher): a message's test on long lines built from
    its own text (cut short and repeated, ...) takes at most RATIO_BOUND times a plain
    scan."""
    problems = []
    for message in signatures["messages"]:
        text = message["text"].replace("{}", "x")
        search = _AsTheExplainerSearches(message)
        for name, line in pathological_lines(text, LONG_LINE).items():
            if scan_seconds(search, line, 1) <= RATIO_BOUND * scan_seconds(PLAIN_SCAN, line, 1):
                continue
            took, base = scan_seconds(search, line), scan_seconds(PLAIN_SCAN, line)
            if took > RATIO_BOUND * base:
                problems.append(f"{message['text'][:80]!r} on {name}: {took / base:.0f}x")
    assert not problems, "\n".join(problems[:20])


def test_message_patterns_are_in_the_portable_subset(signatures):
    from troubleshoot.regex_subset import portable_regex_problem, slow_regex_problem

    problems = [
        f"{m['text'][:80]!r}: {portable_regex_problem(m['pattern']) or slow_regex_problem(m['pattern'])}"
        for m in signatures["messages"]
        if portable_regex_problem(m["pattern"]) or slow_regex_problem(m["pattern"])
    ]
    assert not problems, "\n".join(problems[:20])


def test_the_reference_tier_reads_the_rules_from_the_signatures_file(tmp_path):
    """A changed `quiet` rule changes what both matchers explain."""
    data = json.loads(generate.SIGNATURES.read_text(encoding="utf-8"))
    message = next(m for m in data["messages"] if not m["entries"] and m["package"] == "jupyterhub")
    line = instance(message, "alice")
    data["rules"]["quiet"] = re.escape("JupyterHub module:42")
    path = tmp_path / "signatures.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    texts = {"line": line}
    assert python_findings(texts)["line"]["explained"]
    changed = python_findings(texts, path)
    assert changed["line"]["explained"] == []
    assert javascript_findings(texts, path)["line"]["explained"] == []


def test_cli_shows_the_message_and_its_page(tmp_path, signatures):
    message = next(
        m for m in signatures["messages"] if not m["entries"] and m["package"] == "jupyterhub"
    )
    log = tmp_path / "hub.log"
    log.write_text(instance(message, "alice") + "\n", encoding="utf-8")
    shown = subprocess.run(
        [sys.executable, "-m", "troubleshoot", "diagnose", str(log), "--search-index", "none"],
        capture_output=True,
        text=True,
    )
    assert shown.returncode == 1, shown.stderr  # no entry: exit 1, as documented
    assert "Explained in the message reference" in shown.stdout
    assert message["url"] in shown.stdout
    as_json = subprocess.run(
        [sys.executable, "-m", "troubleshoot", "diagnose", str(log), "--json",
         "--search-index", "none"],
        capture_output=True,
        text=True,
    )  # fmt: skip
    explained = json.loads(as_json.stdout)["explained"]
    assert [e["message"] for e in explained] == [message["text"]]
    assert explained[0]["lines"][0]["line"] == 1


def test_a_triage_guide_is_linked_once_its_page_exists(tmp_path):
    """Each reference page's stage names its triage guide; the link appears only once the
    guide is written, and a guide without a title is named with the fix."""
    assert reference.triage_guide("jupyterhub", "auth", tmp_path) is None
    guides = tmp_path / "triage"
    guides.mkdir()
    (guides / "login-fails.md").write_text("---\ntitle: When login fails\n---\n# x\n")
    assert reference.triage_guide("jupyterhub", "auth", tmp_path) == {
        "url": "triage/login-fails/",
        "title": "When login fails",
        "path": "triage/login-fails.md",
    }
    assert reference.triage_guide("jupyterhub", "rest-api", tmp_path) is None  # no stage
    (guides / "login-fails.md").write_text("# no front matter\n")
    with pytest.raises(reference.ReferenceError, match=r"login-fails\.md: .*needs a title"):
        reference.triage_guide("jupyterhub", "auth", tmp_path)


def test_the_explained_messages_link_the_guides_that_exist(signatures):
    for message in signatures["messages"]:
        page = message["url"].split("/")[2]
        guide = reference.triage_guide(message["package"], page)
        assert message.get("triage") == (
            {"url": guide["url"], "title": guide["title"]} if guide else None
        ), message["text"]


def test_cli_names_the_triage_guide_of_a_message(tmp_path, signatures):
    message = next(
        (m for m in signatures["messages"] if m.get("triage") and not m["entries"]), None
    )
    if message is None:
        pytest.fail("no message links a triage guide: write docs/triage/ or drop this test")
    log = tmp_path / "hub.log"
    log.write_text(instance(message, "alice") + "\n", encoding="utf-8")
    shown = subprocess.run(
        [sys.executable, "-m", "troubleshoot", "diagnose", str(log), "--search-index", "none"],
        capture_output=True,
        text=True,
    )
    assert "where to look next: " + message["triage"]["title"] in shown.stdout
    assert message["triage"]["url"] in shown.stdout

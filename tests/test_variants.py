"""The next operator's variant of a message still finds its page.

For every symptom traced to a format string (`nox -s provenance`), the values the page's
example put into the string's placeholders are replaced, three times each, by other values
of the same kind — a negative exit code, a user name with a dot, an `@` or non-ASCII
letters, an IPv6 address — and the diagnoser must still rank the symptom's entry first.
A pattern written from one instance (`exit code 8`, `\\d+` for a code that can be `-15`,
`\\w+` for a user name) fails here.
"""

from __future__ import annotations

import dataclasses
import re

import pytest

from troubleshoot import generate, matcher, provenance
from troubleshoot.formats import Template

pytestmark = pytest.mark.provenance

NUMBERS = ["-15", "0", "65535"]
ADDRESSES = ["[2001:db8::1]:8081", "10.1.2.3:65535", "hub.example.org:443"]
URLS = [
    "http://[2001:db8::1]:8081/hub/api",
    "https://hub.example.org/user/jo.doe@example.org/",
    "http://10.1.2.3:65535/",
]
HOSTS = ["2001:db8::1", "10.1.2.3", "hub.example.org"]
NAMES = ["jo.doe@example.org", "émilie", "user-42"]
KINDS = [
    (re.compile(r"-?\d+(?:\.\d+)?"), NUMBERS),
    (re.compile(r"[a-z][a-z0-9+.-]*://\S*", re.I), URLS),
    (re.compile(r"(?:\[[0-9a-f:]+\]|[\w.-]+):\d+"), ADDRESSES),
    (re.compile(r"(?:\d{1,3}\.){3}\d{1,3}|[0-9a-f:]*:[0-9a-f:]+"), HOSTS),
]


BRACKETS = {"'": "'", '"': '"', "[": "]", "(": ")", "<": ">"}


def others_like(value: str) -> list[str]:
    """Three other values of the kind of `value` (what the format string would be given):
    quotes and brackets kept, the inside replaced. A value with spaces in it is a message of
    its own (an exception's text), not a value: none."""
    opening = value[:1]
    if len(value) > 2 and BRACKETS.get(opening) == value[-1]:
        inner = others_like(value[1:-1].strip("'\""))
        quote = "'" if value[1:2] == "'" and opening == "[" else ""
        return [f"{opening}{quote}{v}{quote}{value[-1]}" for v in inner]
    if re.search(r"\s", value):
        return []
    for shape, values in KINDS:
        if shape.fullmatch(value):
            return [v for v in values if v != value][:3]
    return NAMES


def placeholder_values(message: str, template: Template) -> list[tuple[int, int]] | None:
    """The spans of `message` that fill the template's placeholders; None when the message
    is not one whole printed line of the template (a partial quote)."""
    chunks = template.chunks
    if len(chunks) < 2:
        return None
    pattern = "(.+?)".join(re.escape(chunk) for chunk in chunks)
    found = re.fullmatch(pattern, message.rstrip(".?!") if not chunks[-1] else message)
    if not found:
        return None
    return [found.span(g) for g in range(1, len(chunks)) if found.group(g).strip()]


def variants(message: str, template: Template) -> list[str]:
    spans = placeholder_values(message, template) or []
    made = []
    for start, end in spans:
        for other in others_like(message[start:end]):
            made.append(message[:start] + other + message[end:])
    return made


@pytest.fixture(scope="module")
def traced(catalogue):
    report = provenance.check(catalogue)
    # A symptom that pins a value says why (`pins:`); a generic format has no words to keep.
    return [f for f in report.findings if f.traced and not f.symptom.format and not f.symptom.pins]


def rank(entry_id: str, text: str, loaded: dict) -> int | None:
    """The entry's place among the diagnoser's findings (1 = first, ties share a place)."""
    findings = matcher.diagnose(text, loaded)
    for f in findings:
        if f.entry["id"] == entry_id:
            return 1 + sum(1 for g in findings if g.score > f.score)
    return None


def lost_variants(traced, loaded: dict) -> tuple[list[str], int]:
    """(variants that rank their page below where the documented message does, variants
    tried); a router page may rank below its causes, a message two pages share below the
    other page, as the documented message does."""
    problems, tried = [], 0
    for finding in traced:
        symptom, entry = finding.symptom, finding.entry
        expected = rank(entry.id, symptom.message, loaded)
        templates = [t for found in finding.found.values() for t in found[:1]]
        for variant in dict.fromkeys(v for t in templates for v in variants(symptom.message, t)):
            tried += 1
            got = rank(entry.id, variant, loaded)
            if got is None or expected is None or got > expected:
                problems.append(
                    f"{entry.id}/{symptom.id}: {variant!r} ranks it {got or 'nowhere'}, "
                    f"the documented message {expected}"
                )
    return problems, tried


def test_every_traced_symptom_is_found_in_other_values(traced):
    problems, tried = lost_variants(traced, matcher.load_signatures())
    assert tried > 50, f"only {tried} variants: the placeholders were not found"
    assert not problems, f"{len(problems)} of {tried} variants lost their page:\n" + "\n".join(
        problems
    )


def test_a_planted_pattern_that_pins_one_value_fails(traced, catalogue, tmp_path):
    """proxy-fails-to-start's exit code written as the one value of its example."""
    entries = []
    for entry in catalogue:
        symptoms = [
            dataclasses.replace(s, pattern=re.escape(s.message))
            if s.message == "Proxy failed to start with exit code 8"
            else s
            for s in entry.symptoms
        ]
        entries.append(dataclasses.replace(entry, symptoms=symptoms))
    planted = tmp_path / "signatures.json"
    planted.write_text(generate.render_signatures(entries), encoding="utf-8")
    exit_code = [f for f in traced if f.symptom.message.endswith("exit code 8")]
    assert exit_code, "no traced symptom quotes 'exit code 8' any more: plant another"
    problems, _ = lost_variants(exit_code, matcher.load_signatures(planted))
    assert any("exit code -15" in p for p in problems), problems


def test_a_pattern_that_pins_one_value_is_caught():
    template = Template.from_chunks(["Proxy failed to start with exit code ", ""], "p.py", 1)
    made = variants("Proxy failed to start with exit code 8", template)
    assert made == [f"Proxy failed to start with exit code {n}" for n in NUMBERS]
    pinned = re.compile(r"Proxy failed to start with exit code 8")
    digits = re.compile(r"Proxy failed to start with exit code \d+$")
    assert [bool(pinned.search(v)) for v in made] == [False, False, False]
    assert [bool(digits.search(v)) for v in made] == [False, True, True]  # -15 is lost
    quoted = Template.from_chunks(["User ", " not allowed"], "auth.py", 1)
    assert (
        variants("User 'alice' not allowed", quoted)[0] == "User 'jo.doe@example.org' not allowed"
    )

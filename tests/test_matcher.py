"""The Python log matcher, and its agreement with the browser's (diagnose.js, run in node)."""

from __future__ import annotations

import copy
import json
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.browser import harness
from troubleshoot import generate, matcher
from troubleshoot.model import DOCS, ROOT
from troubleshoot.regex_subset import portable_regex_problem, slow_regex_problem

JAVASCRIPTS = DOCS / "assets" / "javascripts"
DIAGNOSE_JS = JAVASCRIPTS / "diagnose.js"
SEARCH_JS = JAVASCRIPTS / "search-normalise.js"


def noisy_log(lines: list[str]) -> str:
    noise = [
        "[I 2026-11-25 23:29:21.493 JupyterHub log:192] 200 GET /hub/api (@10.0.0.2) 0.65ms",
        "[D 2026-11-25 23:29:21.500 JupyterHub app:3100] Loaded config file: jupyterhub_config.py",
        "2026-11-25T23:23:49.959Z [ConfigProxy] info: Proxying http://*:8000 to (no default)",
    ]
    return "\n".join(noise + lines + noise)


def test_every_symptom_message_finds_its_entry(catalogue):
    signatures = matcher.load_signatures()
    for entry in catalogue:
        for symptom in entry.symptoms:
            findings = matcher.diagnose(noisy_log([symptom.message]), signatures)
            found = {f.entry["id"]: f for f in findings}
            assert entry.id in found, f"{entry.id}/{symptom.id}: message not matched"
            assert symptom.id in found[entry.id].symptoms


def test_a_message_quoted_without_its_final_punctuation_still_matches(catalogue):
    """Issue titles and retyped quotes drop the final '.' or '?': the matchers ignore it."""
    checked = 0
    for entry in catalogue:
        for symptom in entry.symptoms:
            if symptom.message[-1] in ".?!" and symptom.message[-2:] != "..":
                cut = symptom.message.rstrip(".?!")
                found = {f.entry["id"] for f in matcher.diagnose(noisy_log([cut]))}
                assert entry.id in found, f"{entry.id}/{symptom.id}: {cut!r} not matched"
                checked += 1
    assert checked >= 5, "too few messages end in punctuation for this test to mean anything"


def test_a_message_quoted_up_to_a_full_stop_inside_it_still_matches(catalogue):
    """Issue titles quote a message up to its first sentence's end, without the stop: the
    core's cut form takes the run's last word without its closing punctuation."""
    loaded = matcher.load_signatures()
    checked = 0
    for entry in catalogue:
        for symptom in entry.symptoms:
            runs = generate.literal_runs(symptom.pattern)
            words = max(runs, key=lambda run: len(run.strip())).split() if runs else []
            cut_at = generate.cut_start(words)
            if symptom.pins or not cut_at or words[-1][-1] not in ".:;":
                continue
            quoted = symptom.message.find(" ".join(words))
            if quoted < 0:
                continue
            title = symptom.message[: quoted + len(" ".join(words)) - 1]
            found = [f.entry["id"] for f in matcher.diagnose(title, loaded)]
            assert entry.id in found, f"{entry.id}/{symptom.id}: {title!r} found {found}"
            checked += 1
    assert checked >= 5, f"only {checked} messages hold a stop inside: the rule goes untested"


def test_a_message_cut_in_the_middle_of_a_word_still_matches(catalogue):
    """A log viewer or a preview cuts a line anywhere, a word too (`Permission den`): cut
    inside any word after those a cut needs, a message still finds its entry."""
    loaded = matcher.load_signatures()
    checked = 0
    for entry in catalogue:
        for symptom in entry.symptoms:
            runs = generate.literal_runs(symptom.pattern)
            words = max(runs, key=lambda run: len(run.strip())).split() if runs else []
            start = generate.cut_start(words)
            quoted = symptom.message.find(" ".join(words))
            if symptom.pins or not start or quoted < 0:
                continue
            for n in range(start, len(words)):
                if len(words[n]) < 4:
                    continue
                kept = " ".join(words[:n]) + " " + words[n][: len(words[n]) // 2]
                cut = symptom.message[:quoted] + kept
                found = [f.entry["id"] for f in matcher.diagnose(cut, loaded)]
                assert entry.id in found, f"{entry.id}/{symptom.id}: {kept!r} found {found}"
                checked += 1
    assert checked >= 20, f"only {checked} cuts tried: the rule goes untested"


def test_a_cut_needs_distinctive_words_not_a_shared_status():
    """Cut after its first words, a run finds its message when those words are distinctive
    (`Refusing to run JupyterHub`); words most 403 messages share do not make a cut."""
    assert generate.cut_start("Refusing to run JupyterHub with invalid x.".split()) == 4
    assert generate.cut_start(": HTTP 403: Forbidden ('_xsrf' argument missing".split()) == 5
    assert generate.cut_start("Failed to connect to my Hub at".split()) == 3
    assert generate.cut_start("a b c".split()) == 0
    found = [f.entry["id"] for f in matcher.diagnose("Refusing to run JupyterHub with invalid")]
    assert found[:1] == ["cookie-secret-file-rejected"], found
    found = [f.entry["id"] for f in matcher.diagnose("Refusing to run JupyterHub with inv")]
    assert found[:1] == ["cookie-secret-file-rejected"], found
    assert "xsrf-403-errors" not in [
        f.entry["id"]
        for f in matcher.diagnose("tornado.httpclient.HTTPClientError: HTTP 403: Forbidden")
    ]


def test_markdown_emphasis_of_a_pasted_issue_is_looked_through(catalogue):
    """A log copied from an issue's Markdown source keeps its `**` and `**_..._**`: each
    symptom's message still finds its symptom (by pattern, not by core alone), and the
    line is shown as pasted."""
    signatures = matcher.load_signatures()
    for variant in ("in bold", "last words in bold italics"):
        for entry in catalogue:
            for symptom in entry.symptoms:
                line = VARIANTS[variant](symptom.message)
                found = {f.entry["id"]: f for f in matcher.diagnose(noisy_log([line]), signatures)}
                assert entry.id in found, f"{entry.id}/{symptom.id} {variant}: {line!r}"
                finding = found[entry.id]
                assert symptom.id in finding.symptoms and symptom.id not in finding.partial, line
                assert line.strip() in [text for _, _, text in finding.lines]


def test_ansi_colours_are_ignored(catalogue):
    entry = next(e for e in catalogue if e.kind == "problem")
    message = entry.symptoms[0].message
    coloured = f"\x1b[33m{message[:5]}\x1b[0m{message[5:]}"
    assert entry.id in {f.entry["id"] for f in matcher.diagnose(coloured)}


def test_problem_pages_rank_above_routers(catalogue):
    routers = [e for e in catalogue if e.kind == "router"]
    problems = {e.id: e for e in catalogue if e.kind == "problem"}
    for router in routers:
        cause = problems[router.causes[0]]
        log = noisy_log([s.message for s in cause.symptoms] + [s.message for s in router.symptoms])
        assert matcher.diagnose(log)[0].entry["id"] != router.id


def test_cli_diagnose_prints_entry_and_url(catalogue, tmp_path):
    entry = next(e for e in catalogue if e.kind == "problem")
    log = tmp_path / "hub.log"
    log.write_text(noisy_log([entry.symptoms[0].message]))
    result = subprocess.run(
        [sys.executable, "-m", "troubleshoot", "diagnose", str(log)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert entry.url in result.stdout and entry.id in result.stdout
    empty = subprocess.run(
        [sys.executable, "-m", "troubleshoot", "diagnose", "-"],
        cwd=ROOT,
        input="all good\n",
        capture_output=True,
        text=True,
    )
    assert empty.returncode == 1 and "No known symptom" in empty.stdout


def node() -> str:
    """node, or a loud failure: these tests are never skipped."""
    path = shutil.which("node")
    if path is None:
        pytest.fail(
            "node is not installed: apt-get install nodejs (the README's test command does it)"
        )
    return path


def run_node(script: str, data) -> object:
    """Runs `script` in node with `data` as JSON on its stdin; returns what it prints (JSON)."""
    result = subprocess.run(
        [node(), "-e", script], input=json.dumps(data), capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_patterns_mean_the_same_in_javascript(catalogue):
    """Each pattern compiles in node and matches its own message there too."""
    cases = [
        {"pattern": s.pattern, "message": s.message, "id": f"{e.id}/{s.id}"}
        for e in catalogue
        for s in e.symptoms
    ]
    script = (
        "const cases = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
        "const bad = [];"
        "for (const c of cases) {"
        "  try { if (!new RegExp(c.pattern).test(c.message)) bad.push(c.id + ': no match'); }"
        "  catch (e) { bad.push(c.id + ': ' + e.message); }"
        "}"
        "console.log(JSON.stringify(bad));"
    )
    assert run_node(script, cases) == []


# ---------------------------------------------- the Python and the browser's matcher agree

# diagnose.js's matching core, loaded in node as the page runs it (the async, time-sliced
# diagnose()), with a signatures file; prints what the page would list for each text.
JS_MATCHER = """
const fs = require("fs");
const input = JSON.parse(fs.readFileSync(0, "utf8"));
const core = require(input.script);
const compiled = core.compile(JSON.parse(fs.readFileSync(input.signatures, "utf8")));
(async () => {
  const out = {};
  for (const [name, text] of Object.entries(input.texts)) {
    const result = await core.diagnose(text, compiled);
    out[name] = {
      lines: result.lines,
      findings: result.findings.map(f => ({
        entry: f.entry.id,
        score: f.score,
        symptoms: Array.from(f.symptoms.keys()).sort(),
        partial: f.partial.slice().sort(),
        lines: f.lines.map(l => [l.number, l.where, l.text]),
        evidence: Object.fromEntries(Array.from(f.evidence, ([n, e]) => [String(n), e])),
      })),
      explained: result.explained.map(e => ({
        message: e.message.url, lines: e.lines.map(l => [l.number, l.text]),
      })),
      leads: result.leads.map(l => ({ guide: l.guide.url, lines: l.lines.map(x => [x.number, x.text]) })),
    };
  }
  process.stdout.write(JSON.stringify(out));
})().catch(err => { console.error(err.stack); process.exit(1); });
"""


def javascript_findings(texts: dict[str, str], signatures: Path = generate.SIGNATURES) -> dict:
    data = {"script": str(DIAGNOSE_JS), "signatures": str(signatures), "texts": texts}
    return run_node(JS_MATCHER, data)


def python_findings(texts: dict[str, str], signatures: Path = generate.SIGNATURES) -> dict:
    loaded = matcher.load_signatures(signatures)
    return {
        name: {
            "lines": len(loaded["compiled_rules"].lines(text)),
            "findings": [
                {
                    "entry": f.entry["id"],
                    "score": f.score,
                    "symptoms": sorted(f.symptoms),
                    "partial": sorted(f.partial),
                    "lines": [list(line) for line in f.lines],
                    "evidence": {str(n): e for n, e in f.evidence.items()},
                }
                for f in findings
            ],
            "explained": [
                {"message": e.message["url"], "lines": [list(line) for line in e.lines]}
                for e in explained
            ],
            "leads": [
                {"guide": lead.guide["url"], "lines": [list(line) for line in lead.lines]}
                for lead in leads
            ],
        }
        for name, text in texts.items()
        for findings, explained, leads in [matcher.explain_with_leads(text, loaded)]
    }


def disagreements(python: dict, javascript: dict, shown: int = 8) -> str:
    """The first difference in each text the matchers disagree on (at most `shown`)."""
    found = []
    for name, mine in python.items():
        theirs = javascript.get(name) or {"lines": None, "findings": []}
        if mine == theirs:
            continue
        if mine["lines"] != theirs["lines"]:
            found.append(f"{name}: {mine['lines']} lines in Python, {theirs['lines']} in JS")
            continue
        ours, js = mine["findings"], theirs["findings"]
        if ours == js and mine.get("explained") != theirs.get("explained"):
            ours, js = mine.get("explained", []), theirs.get("explained", [])
            name = f"{name} (message reference)"
        elif ours == js:  # then the leads differ
            ours, js = mine.get("leads", []), theirs.get("leads", [])
            name = f"{name} (where to look next)"
        i = next((i for i, (a, b) in enumerate(zip(ours, js, strict=False)) if a != b), None)
        if i is None:
            i = min(len(ours), len(js))
        found.append(
            f"{name}: finding {i + 1}\n    python     {ours[i] if i < len(ours) else None}"
            f"\n    javascript {js[i] if i < len(js) else None}"
        )
    more = f"\n... and {len(found) - shown} more" if len(found) > shown else ""
    return "\n".join(found[:shown]) + more


VARIANTS = {
    "as printed": lambda m: m,
    "coloured": lambda m: f"\x1b[31m{m[:3]}\x1b[0m{m[3:]}",
    "cursor codes": lambda m: f"\x1b[?25l{m}\x1b[?25h",
    # Issue titles and retyped quotes drop the final '.' or '?'.
    "without final punctuation": lambda m: m.rstrip(".?!"),
    # No-break spaces are not \s for Python's re.ASCII (JavaScript's \s includes them):
    # instead of spaces they break literal-space patterns; inside a URL, \S+ spans them.
    "no-break spaces": lambda m: m.replace(" ", "\u00a0"),
    "no-break space in a URL": lambda m: m.replace("/", "/\u00a0", 1),
    # Stripped from the line shown: all of Python's str.isspace(), not only ASCII.
    "padded": lambda m: f"\u3000\t\x1f {m} \u2009\xa0",
    # Retyped: other case and spacing, which only symptoms' cores match (case folding and
    # \s differ between the two languages outside ASCII: the Turkish dotless i, U+00A0).
    "retyped in capitals": lambda m: m.upper().replace(" ", "  "),
    "retyped with non-ASCII letters": lambda m: m.upper().replace("I", "\u0131", 3),
    # Cut after two thirds: the core may survive, the pattern not.
    "cut short": lambda m: m[: max(16, 2 * len(m) // 3)],
    # Copied from an issue's Markdown source: strong emphasis around the message, or
    # around its last word (when that is no run of asterisks of the message's own).
    "in bold": lambda m: f"**{m}**",
    "last words in bold italics": lambda m: (
        f"{m[: m.rfind(' ') + 1]}**_{m[m.rfind(' ') + 1 :]}_**"
        if " " in m and "*" not in m[m.rfind(" ") :]
        else f"**{m}**"
    ),
}
# Line breaks that Python's str.splitlines() honours, some of which JavaScript's do not.
BREAKS = ["\n", "\r\n", "\r", "\u2028", "\x0b", "\x1c", "\x85", "\x0c", "\x1e", "\u2029"]


def agreement_cases(catalogue) -> dict[str, str]:
    """Every symptom example alone in a log; then all of them together, once per variant
    where Python and JavaScript could differ, with every kind of line break."""
    in_log, noise = harness.in_log, harness.NOISE
    cases = {
        f"{e.id}/{s.id}": harness.noisy_log([in_log(s)], repeat=1)
        for e in catalogue
        for s in e.symptoms
    }
    messages = [in_log(s) for e in catalogue for s in e.symptoms]
    for name, variant in VARIANTS.items():
        lines = noise + [variant(m) for m in messages]
        cases[name] = "".join(line + BREAKS[i % len(BREAKS)] for i, line in enumerate(lines))
    cases["no final break"] = cases["as printed"].rstrip()
    cases["empty"] = ""
    cases["only breaks"] = "".join(BREAKS)
    return cases


def test_python_and_javascript_matchers_agree(catalogue):
    """Same entries, order, scores, symptoms and matching lines (number, where, text)."""
    texts = agreement_cases(catalogue)
    python = python_findings(texts)
    assert all(python[f"{e.id}/{s.id}"]["findings"] for e in catalogue for s in e.symptoms)
    routers = {e.id for e in catalogue if e.kind == "router"}
    weight = generate.MATCHER_RULES["router_weight"]
    assert any(
        f["entry"] in routers and f["score"] == weight * len(f["symptoms"]) != len(f["symptoms"])
        for f in python["as printed"]["findings"]
    ), "no router page weighted among the findings: the router weight goes untested"
    assert any(f["partial"] for f in python["retyped in capitals"]["findings"]), (
        "no symptom matched by its core alone: core matching goes untested"
    )
    problem = disagreements(python, javascript_findings(texts))
    assert not problem, "the matchers disagree:\n" + problem


def test_both_matchers_take_their_rules_from_the_signatures_file(catalogue, tmp_path):
    """Changed rules in signatures.json change what both matchers find, alike."""
    data = json.loads(generate.SIGNATURES.read_text(encoding="utf-8"))
    changed = copy.deepcopy(data)
    changed["rules"]["router_weight"] = 3
    changed["rules"]["ansi"] = "~~[0-9]~~"
    changed["rules"]["line_break"] = "%%"
    changed["rules"]["strip"] = "^[#]+|[#]+$"
    path = tmp_path / "signatures.json"
    path.write_text(json.dumps(changed), encoding="utf-8")

    message = next(harness.in_log(s) for e in catalogue if e.kind == "router" for s in e.symptoms)
    texts = {
        "all": "%%".join(harness.in_log(s) for e in catalogue for s in e.symptoms),
        "marked": f"#{message[:4]}~~1~~{message[4:]}#%%one more line",
    }
    python = python_findings(texts, path)
    assert python != python_findings(texts), "the changed rules made no difference"
    assert python["all"]["lines"] > 1 and python["marked"]["lines"] == 2
    assert python["all"]["findings"][0]["score"] >= 3  # a router page ranks first
    assert python["marked"]["findings"][0]["lines"][0][2] == message.replace("\x1b", "")
    problem = disagreements(python, javascript_findings(texts, path))
    assert not problem, "the matchers disagree on changed rules:\n" + problem


# ------------------------------------------------------------------------------ the rules


def test_the_rules_are_portable_and_mean_what_python_means():
    """line_break splits as str.splitlines(), strip strips as str.strip() (every BMP
    character checked), and each rule reads alike in Python and JavaScript."""
    rules = matcher.Rules.from_json(generate.MATCHER_RULES)
    for name in ("ansi", "line_break", "strip"):
        assert portable_regex_problem(generate.MATCHER_RULES[name]) is None, name
    wrong = []
    for code in range(0x10000):
        c = chr(code)
        text = f"a{c}b{c}"
        if rules.lines(text) != text.splitlines():
            wrong.append(f"line_break U+{code:04X}")
        padded = f"{c}a{c}"
        if rules.strip.sub("", padded) != padded.strip():
            wrong.append(f"strip U+{code:04X}")
    assert not wrong, wrong
    assert rules.lines("a\r\n\r\nb\r\n") == ["a", "", "b"] and rules.lines("") == []
    assert rules.ansi.sub("", "\x1b[1;31mred\x1b[0m \x1b[?25hcursor") == "red cursor"


def test_no_javascript_file_repeats_a_rule(catalogue):
    """The hand-off (hash, storage key) is read from signatures.json by both JS files; the
    search box's one copy, of the ANSI rule (a paste is normalised before anything could be
    fetched), is the rule exactly."""
    rules = generate.MATCHER_RULES
    for script in (DIAGNOSE_JS, SEARCH_JS):
        text = script.read_text(encoding="utf-8")
        for value in rules["handoff"].values():
            assert value.lstrip("#") not in text, f"{script.name} repeats the hand-off {value!r}"
        assert "0.5" not in text, f"{script.name} repeats the router weight"
    copied = re.search(r"var ANSI = /(.*)/g;", SEARCH_JS.read_text(encoding="utf-8"))
    assert copied and copied.group(1) == rules["ansi"], "search-normalise.js: ANSI is not the rule"
    assert "var ANSI" not in DIAGNOSE_JS.read_text(encoding="utf-8")


def test_cores_never_rank_another_entry_beside_a_messages_own(catalogue):
    """A symptom's message, pasted alone: entries found only through their cores (partial
    evidence) must score below the message's own entry."""
    loaded = matcher.load_signatures()
    problems = []
    for entry in catalogue:
        for symptom in entry.symptoms:
            findings = matcher.diagnose(symptom.message, loaded)
            own = next(f.score for f in findings if f.entry["id"] == entry.id)
            for f in findings:
                if f.entry["id"] != entry.id and f.partial and len(f.partial) == len(f.symptoms):
                    if f.score >= own:
                        problems.append(
                            f"{entry.id}/{symptom.id}: {f.entry['id']} scores {f.score} "
                            f"(cores of {sorted(f.partial)}) against {own}"
                        )
    assert not problems, "\n".join(problems)


LOGS = Path(__file__).with_name("logs")


def test_a_dockerspawner_log_ranks_its_cause_above_the_hubs_advice_text():
    """47 lines (tests/logs/README.md): the hub's timeout warning and the advice it prints
    with it match http-timeout-server-never-showed-up four times over, the single-user
    server's own lines name the cause. One line counts once, advice is context."""
    text = (LOGS / "dockerspawner-hub-api-unreachable.log").read_text(encoding="utf-8")
    assert len(text.splitlines()) == 47
    python = python_findings({"log": text})["log"]["findings"]
    assert python[0]["entry"] == "singleuser-cannot-reach-hub-api", python
    assert python[1]["entry"] == "http-timeout-server-never-showed-up"
    assert python[0]["score"] > python[1]["score"]
    assert javascript_findings({"log": text})["log"]["findings"] == python


@pytest.mark.parametrize(
    "log,expected",
    [
        ("kubectl-pod-pending.log", "z2jh-pod-pending-unschedulable"),
        ("kubectl-image-pull.log", "z2jh-image-pull-errors"),
    ],
)
def test_a_pasted_kubectl_describe_pod_ranks_its_cause_first(log, expected):
    """What Kubernetes operators paste (tests/logs/README.md): `kubectl get pods` columns
    and a `kubectl describe pod` with its events table, the event messages in the middle
    of a table row, after kubectl's own columns."""
    text = (LOGS / log).read_text(encoding="utf-8")
    python = python_findings({"log": text})["log"]["findings"]
    assert python and python[0]["entry"] == expected, python
    assert javascript_findings({"log": text})["log"]["findings"] == python


# ------------------------------------------------------------------- long lines, bad luck


def pathological_lines(message: str, length: int) -> dict[str, str]:
    """Lines of `length` characters built to make a backtracking pattern try every start:
    the message cut before its end, repeated (each copy starts a match that fails late),
    and runs of the characters patterns put between their words."""
    cut = message[: max(1, len(message) * 3 // 4)]
    runs = {"cut message repeated": cut, "the message repeated": message + " "}
    runs.update({f"{c!r} repeated": c for c in " [(:'\"/.-a0"})
    return {name: (run * (length // len(run) + 1))[:length] for name, run in runs.items()}


def scan_seconds(regex: re.Pattern, line: str, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        regex.search(line)
        best = min(best, time.perf_counter() - start)
    return best


# A linear pattern costs at most a few times a plain scan of a line, however long (5x the
# most, measured); one that backtracks quadratically costs ~100x on a line this long, and
# more the longer the line (the 440 KB line of repeated `Failed to find proxy [` that once
# took 4.9 s for one pattern).
LONG_LINE = 40_000
RATIO_BOUND = 25
PLAIN_SCAN = re.compile(r"[\x00-\x01]{2}", re.ASCII)  # no log character: visits each once


def test_no_pattern_backtracks_badly_on_a_long_line(catalogue):
    """Every pattern and core, on long lines built from its own symptom's message and on one
    built from every message cut short, takes at most RATIO_BOUND times a plain scan."""
    loaded = matcher.load_signatures()
    messages = {f"{e.id}/{s.id}": s.message for e in catalogue for s in e.symptoms}
    cuts = " ".join(m[: len(m) * 3 // 4] for m in messages.values())
    mixed = (cuts * (LONG_LINE // len(cuts) + 1))[:LONG_LINE]
    problems = []
    for sig in loaded["signatures"]:
        own = pathological_lines(messages[f"{sig['entry']}/{sig['symptom']}"], LONG_LINE)
        lines = {**own, "every message cut, repeated": mixed}
        for label, regex in (("pattern", sig["regex"]), ("core", sig["core_regex"])):
            for name, line in lines.items() if regex else ():
                if scan_seconds(regex, line, 1) <= RATIO_BOUND * scan_seconds(PLAIN_SCAN, line, 1):
                    continue
                took, base = scan_seconds(regex, line), scan_seconds(PLAIN_SCAN, line)
                if took > RATIO_BOUND * base:  # measured again: a hiccup is not a finding
                    problems.append(
                        f"{sig['entry']}/{sig['symptom']} {label} {regex.pattern!r} on {name}: "
                        f"{took * 1000:.1f} ms, {took / base:.0f}x a plain scan"
                    )
    assert not problems, "\n".join(problems)


def test_the_long_line_bound_catches_a_backtracking_pattern():
    """The bound is not too loose: a pattern validation rejects exceeds it on such a line."""
    slow = re.compile(r"Failed to find proxy \[.+\] for", re.ASCII)
    line = pathological_lines("Failed to find proxy [", LONG_LINE)["the message repeated"]
    assert slow_regex_problem(slow.pattern)
    assert scan_seconds(slow, line) > RATIO_BOUND * scan_seconds(PLAIN_SCAN, line)


@pytest.mark.parametrize(
    "pattern, slow",
    [
        (r"Failed to find proxy \[.+\]", True),  # . runs over everything
        (r"Failed to find proxy \[[^\]]*\]", True),  # no ] in the line: runs to its end
        (r"Failed to find proxy \[[^\[\]]*\]", False),  # stops at the next copy's [
        (r"\d+ pending spawns", True),  # every digit of a run starts a try
        (r"\d{1,9} pending spawns", False),
        (r"User '[^']*' not allowed", False),  # stops at the next quote
        (r"at \S+ after \d+ seconds", False),  # stops at the next space
        (r"(?:a|b)+c", True),  # a repeated group: not analysed, so not allowed
        (r"health \([^()]*\)", False),
        (r"Error: .{0,200} failed", False),  # bounded
        (r"ends with .*", False),  # nothing after it: one scan per start, then a match
    ],
)
def test_the_checker_knows_which_repetitions_rescan(pattern, slow):
    assert bool(slow_regex_problem(pattern)) is slow, slow_regex_problem(pattern)


def test_one_line_test_agrees_with_the_diagnosis(catalogue):
    """matcher.matches_any (what the search fallback asks of a line) says what diagnose()
    finds in that line alone: every message, cut and re-cased, and a healthy hub's chatter."""
    loaded = matcher.load_signatures()
    lines = list(harness.NOISE)
    for entry in catalogue:
        for symptom in entry.symptoms:
            message = harness.in_log(symptom)
            lines += [message, message.upper(), message[: len(message) // 2]]
    assert any(not matcher.matches_any(line, loaded) for line in lines)
    for line in lines:
        assert matcher.matches_any(line, loaded) == bool(matcher.diagnose(line, loaded)), line


def test_a_message_printed_whatever_the_cause_ranks_its_router_first(catalogue):
    """A line a router page quotes is that router's evidence: the causes that quote the
    same message are listed after it, with nothing of their own to score."""
    routers = [e for e in catalogue if e.kind == "router"]
    shared = 0
    for router in routers:
        for symptom in router.symptoms:
            findings = matcher.diagnose(harness.in_log(symptom))
            causes = [f for f in findings if f.entry["id"] in router.causes]
            if not causes:
                continue
            shared += 1
            ours = [f.entry["id"] for f in findings if f.entry["id"] in {router.id, *router.causes}]
            assert ours[0] == router.id, (symptom.id, ours)
            assert all(f.score == 0 for f in causes), (symptom.id, causes)
    assert shared, "no router message is quoted by a cause: the rule goes untested"


def own_message(cause, consequence_id: str, loaded: dict) -> str | None:
    """A message of the cause's page, in its log form, that the consequence does not match."""
    for symptom in cause.symptoms:
        line = harness.in_log(symptom)
        found = [f.entry["id"] for f in matcher.diagnose(line, loaded)]
        if found and found[0] == cause.id and consequence_id not in found:
            return line
    return None


def test_a_cause_ranks_above_the_consequence_that_lists_it(catalogue):
    """A problem page may list the problems that lead to it (`causes`): a log with the
    consequence's message and a cause's own message ranks the cause first, in either order,
    in both matchers; the consequence's message alone still ranks the consequence first."""
    loaded = matcher.load_signatures()
    by_id = {e.id: e for e in catalogue}
    pairs = [(e, by_id[c]) for e in catalogue if e.kind == "problem" for c in e.causes]
    assert pairs, "no problem page lists causes: the rule goes untested"
    texts, expected = {}, {}
    for consequence, cause in pairs:
        message = harness.in_log(consequence.symptoms[0])
        alone = [f.entry["id"] for f in matcher.diagnose(message, loaded)]
        assert alone and alone[0] == consequence.id, (consequence.id, alone)
        own = own_message(cause, consequence.id, loaded)
        assert own, f"{cause.id}: no message of its own beside {consequence.id}'s"
        for order, text in (("after", f"{message}\n{own}"), ("before", f"{own}\n{message}")):
            name = f"{consequence.id} <- {cause.id} ({order})"
            texts[name], expected[name] = text, (cause.id, consequence.id)
    python = python_findings(texts)
    for name, (cause_id, consequence_id) in expected.items():
        ranked = [f["entry"] for f in python[name]["findings"]]
        assert ranked.index(cause_id) < ranked.index(consequence_id), (name, ranked)
    problem = disagreements(python, javascript_findings(texts))
    assert not problem, "the matchers disagree:\n" + problem


def test_a_cause_that_only_quotes_its_consequence_is_not_promoted(catalogue):
    """A cause is credited with its consequence's lines only for a line of its own: a cause
    page that quotes the consequence's message too gains nothing from that line alone."""
    loaded = matcher.load_signatures()
    quoted = 0
    for consequence in [e for e in catalogue if e.kind == "problem" and e.causes]:
        for symptom in consequence.symptoms:
            findings = matcher.diagnose(harness.in_log(symptom), loaded)
            scores = {f.entry["id"]: f.score for f in findings}
            for cause in set(consequence.causes) & scores.keys():
                quoted += 1
                assert scores[cause] <= scores[consequence.id], (symptom.id, cause, scores)
                assert not any(f.inherited for f in findings), (symptom.id, cause)
    assert quoted, "no cause quotes its consequence's message: the rule goes untested"


def test_a_pinned_number_keeps_a_core_that_holds_it():
    """A symptom that pins a number still finds a retyped or redacted line when the
    number is in its longest literal run; one that pins words has only its pattern."""
    pam = (
        r"PAM Authentication failed \([^@]{0,200}@[^)]{0,200}\): "
        r"\[PAM Error 7\] Authentication failure"
    )
    core = re.compile(generate.core_pattern(pam, pinned=True), re.IGNORECASE)
    assert core.search("PAM Authentication failed (...): [PAM Error 7]  Authentication failure")
    assert not core.search("PAM Authentication failed (...): [PAM Error 9]  Authentication failure")
    words = r"Client secret mismatch for jupyterhub-user-\S+"
    assert generate.core_pattern(words, pinned=True) == words
    number_elsewhere = r"Proxy error 599 at \S+ after a very long while here"
    assert generate.core_pattern(number_elsewhere, pinned=True) == number_elsewhere

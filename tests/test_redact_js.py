"""The browser's redaction (docs/assets/javascripts/redact.js, run in node) against
troubleshoot/redact.py: the same Markdown, byte for byte, and the same summary for the same
lines; no planted secret left; the page loads the file."""

from __future__ import annotations

import dataclasses
import functools
import itertools
import re
import unicodedata
from urllib.parse import unquote

import yaml

from tests import test_redact as python_cases
from tests.test_matcher import DIAGNOSE_JS, JAVASCRIPTS, LOGS, run_node
from troubleshoot import generate, matcher, redact
from troubleshoot.model import MKDOCS_YML

REDACT_JS = JAVASCRIPTS / "redact.js"
hub, filler = python_cases.hub, python_cases.filler

# Every combination the command line offers: --names, --context 0 and 3, --all.
OPTIONS = [
    {"names": names, "context": context, "whole": whole}
    for names in (False, True)
    for context in (0, 3)
    for whole in (False, True)
]

# redact.js as the page runs it: the diagnoser's ANSI rule (signatures.json, compiled by
# diagnose.js), the diagnoser's matched line numbers; prints render()'s result per case.
JS_RENDER = """
const fs = require("fs");
const input = JSON.parse(fs.readFileSync(0, "utf8"));
const redact = require(input.redact);
const { pythonRegExp } = require(input.diagnose);
const rules = JSON.parse(fs.readFileSync(input.signatures, "utf8")).rules;
const ansi = pythonRegExp(rules.ansi, "g");
const out = input.cases.map(c => redact.render(c.lines, c.matched, { ...c.options, ansi }));
process.stdout.write(JSON.stringify(out));
"""


@functools.cache
def signatures() -> dict:
    return matcher.load_signatures()


def split(*lines: str) -> list[str]:
    """The lines as `redact` reads them from a file (test_redact's excerpt() does the same)."""
    return matcher.default_rules().lines("\n".join(lines) + "\n")


def matched_numbers(lines: list[str]) -> list[int]:
    """What diagnose.js hands redact.js: the numbers of the lines its findings list."""
    findings = matcher.diagnose_lines(lines, signatures())
    return sorted({number for f in findings for number, _where, _text in f.lines})


def python_render(lines: list[str], options: dict) -> dict:
    text, summary = redact.render_lines(lines, signatures=signatures(), **options)
    return {"text": text, "summary": dataclasses.asdict(summary)}


def javascript_render(cases: list[dict]) -> list[dict]:
    data = {
        "redact": str(REDACT_JS),
        "diagnose": str(DIAGNOSE_JS),
        "signatures": str(generate.SIGNATURES),
        "cases": cases,
    }
    return run_node(JS_RENDER, data)


def difference(label: str, python: dict, javascript: dict) -> str:
    if python["summary"] != javascript["summary"]:
        return f"{label}: summary\n  python     {python['summary']}\n  javascript {javascript['summary']}"
    ours, theirs = python["text"].split("\n"), javascript["text"].split("\n")
    pairs = itertools.zip_longest(ours, theirs)
    i, (mine, js) = next((i, p) for i, p in enumerate(pairs) if p[0] != p[1])
    return f"{label}: output line {i + 1}\n  python     {mine!r}\n  javascript {js!r}"


def disagreements(logs: dict[str, list[str]], shown: int = 8) -> str:
    """Each log rendered with every option set by both; the first difference of each."""
    cases, expected = [], []
    for name, lines in logs.items():
        numbers = matched_numbers(lines)
        for options in OPTIONS:
            cases.append({"lines": lines, "matched": numbers, "options": options})
            expected.append((f"{name} {options}", python_render(lines, options)))
    found = [
        difference(label, python, javascript)
        for (label, python), javascript in zip(expected, javascript_render(cases), strict=True)
        if python != javascript
    ]
    more = f"\n... and {len(found) - shown} more" if len(found) > shown else ""
    return "\n".join(found[:shown]) + more


# ------------------------------------------------------------------- tests/test_redact.py


def traceback_log() -> list[str]:
    """Warnings, an error with an indented traceback, a chained one printed to stderr."""
    return [
        *filler(4),
        hub("403 GET /hub/api/users (@10.1.2.3) 2.71ms", "W"),
        *filler(3, 10),
        hub("Unhandled error starting bob's server: Timeout", "E", "user:1069"),
        "    Traceback (most recent call last):",
        '      File "/usr/local/lib/python3.12/site-packages/jupyterhub/user.py", line 1002',
        "        await spawner.start()",
        "    TimeoutError: Timeout",
        *filler(2, 20),
        "Traceback (most recent call last):",
        '  File "/srv/jupyterhub/jupyterhub_config.py", line 7, in <module>',
        "KeyError: 'JUPYTERHUB_CRYPT_KEY'",
        "",
        "The above exception was the direct cause of the following exception:",
        "",
        "Traceback (most recent call last):",
        "RuntimeError: config failed",
        *filler(2, 30),
        hub("Hub is shutting down", "C", "app:1"),
        "2026-11-25T23:26:05.595Z [ConfigProxy] error: 503 GET /user/carol/api socket hang up",
        *filler(3, 40),
    ]


def symptom_line(catalogue) -> str:
    """A one-line info record the diagnoser matches (as test_redact's fixture picks one)."""
    for entry in catalogue:
        for symptom in entry.symptoms:
            if entry.kind == "problem" and "\n" not in symptom.message:
                line = hub(symptom.message)
                if redact.level(line) == "I" and matcher.diagnose(line):
                    return line
    raise AssertionError("no one-line symptom in the catalogue")


def redact_test_logs(catalogue) -> dict[str, list[str]]:
    """The inputs of tests/test_redact.py: each planted secret alone, then every log."""
    logs = {f"secret {form}": split(line) for form, (line, _, _) in python_cases.SECRETS.items()}
    secrets = [hub(line, "E", "app:1") for line, _, _ in python_cases.SECRETS.values()]
    logs["every secret as an error"] = split(*[hub(f"event {n}", "W") for n in range(3)], *secrets)
    bare = [line for line, _, _ in python_cases.SECRETS.values()]
    logs["every secret, as printed"] = split(*filler(5), *bare)
    logs["diagnostic text"] = split(*python_cases.DIAGNOSTIC)
    logs["names"] = split(*python_cases.NAMED)
    logs["tracebacks"] = split(*traceback_log())
    symptom = symptom_line(catalogue)
    logs["symptom in context"] = split(*filler(20), symptom, *filler(20, 20))
    logs["one line left out"] = split(*filler(1), hub("slow", "W"), *filler(1, 5), symptom)
    logs["nothing found"] = split(*filler(redact.TAIL + 10))
    logs["colour and a fence"] = split("\x1b[33m" + hub("slow", "W")[:48] + "\x1b[0m slow", "```")
    logs["versions"] = split(
        "$ configurable-http-proxy --version",
        "5.0.1",
        hub("Running JupyterHub version 6.1.1", "I", "app:3524"),
        hub("Using Authenticator: oauthenticator.github.GitHubOAuthenticator-17.3.0"),
        hub("Using Spawner: dockerspawner.dockerspawner.DockerSpawner-14.0.0"),
        hub("Using Proxy: jupyterhub.proxy.ConfigurableHTTPProxy-6.1.1"),
        hub("Starting jupyterhub single-user server extension version 6.1.1"),
        '  File "/usr/local/lib/python3.12/site-packages/jupyterhub/app.py", line 3, in f',
        hub("Timeout", "E", "user:1"),
    )
    logs["node, npm and windows"] = split(
        "npm ERR! node v12.22.9",
        "npm ERR! npm  v8.5.1",
        "npm error npm v10.2.4",
        "Node.js v18.19.0",
        r'  File "C:\Program Files\Python311\Lib\site-packages\jupyterhub\app.py", line 3',
        r"not a drive: ab:\x\ nor x:/y/",
    )
    logs["words of the log"] = split(
        hub("200 GET /hub/admin (admin@10.1.2.3) 3ms"),
        hub("User admin is not allowed", "W", "auth:1"),
        hub("500 GET /user/jo/lab (jo@10.1.2.3) 2ms", "E"),
        hub("jo: a short name and a word, kept outside its contexts", "W"),
    )
    logs["the command's log"] = split(*python_cases.LOG.splitlines())
    logs["empty"] = []
    return logs


def test_redact_test_inputs_agree(catalogue):
    logs = redact_test_logs(catalogue)
    assert matched_numbers(logs["symptom in context"]), "no matched line: context goes untested"
    problem = disagreements(logs)
    assert not problem, "redact.js and redact.py disagree:\n" + problem


def test_a_real_log_agrees():
    text = (LOGS / "dockerspawner-hub-api-unreachable.log").read_text(encoding="utf-8")
    lines = matcher.default_rules().lines(text)
    assert matched_numbers(lines), "the log matches nothing: the selection goes untested"
    problem = disagreements({"dockerspawner-hub-api-unreachable.log": lines})
    assert not problem, "redact.js and redact.py disagree:\n" + problem


# --------------------------------------------------------------------------- adversarial

# Where Python's and JavaScript's regular expressions read text differently: quotes and
# escapes, Unicode letters, digits, spaces and case, code points beyond U+FFFF, fences,
# percent-encoding that is not UTF-8, addresses that are almost addresses, a long line.
ADVERSARIAL = [
    hub(r'token="a \"quoted\" 5f4dcc3b5aa765d61d8327deb882cf99" and \'kept\''),
    "PASSWORD='it''s' SECRET=\"\" TOKEN='' api_key=`backticks-a87ff679a2f3e71d9181a67b7542122c`",
    "café_token=8f14e45fceea167a5a36dedd4bea2543 ümlaut_secret: 'c9f0f895fb98ab9159f51fd0297e236d'",
    "éxsrf=45c48cce2e2d7fbdea1afc51c7c6ad26 a\xa0api_token=d3d9446802a44259755d38e6d163e820",
    "JPY_COOKIE_SECRET=\x1f6512bd43d9caa6e02c990b0a82652dcb db_password:\x85hunter2-x",
    "\u3000Authorization:\u2003token c20ad4d76fe97759aa27a0c99bff6711 \ufeffsecret=\ufeffabc",
    "AUTHOR\u0130ZAT\u0131ON: Bearer c51ce410c124a10e0db5e4b97fc2af3a",
    "\u017fet-cookie: jupyterhub-session-id=aab3238922bcc25a6f606eb525ffdc57; Path=/",
    "oauth \u017ftate argument 'aab3238922bcc25a6f606eb525ffdc58' != cookie",
    "GET /x?\u212aey=9bf31c7ff062936a96d3c8bd1f8f2ff4&pa\u017f\u017fw=x&\u0131d=1 to\u212aen secret",
    "SECRET_\U0001d7d8\U0001d7d9=\U0001f511\U0001f511abc token:\U0001f600 Python 3.\u0661\u0662.\u0663",
    "key 0123456789abcdef0123456789ABCDEF 0123456789abcdef0123456789abcdef== /home/usr/x" * 2,
    "Token ZmxhZy1aYnV0LW5vdC1iYXNlNjQtZGlnaXRzLWFyZS1tb3Jl and Zm9vYmFyYmF6cXV4MTIz9NDU2Nzg5MA",
    "```",
    "   `````python",
    "~~~ and ``` inside",
    "user \U0001f600alice logged in; User '\u00e9lodie' and <User(\u0101lice 1/1 running)>",
    "GET /user/al%C3%A9x/lab /user/al%FFx/ /user/%E0%80%AFbob/ /hub/api/users/b%ED%A0%80d/x",
    "next=%2Fuser%2Fd%25C3%25A9b%2F next=%2FSPAWN%2Fe%C3%A9%2F /hub/spawn-pending/%F0%9F%98",
    "jupyter-\u0101lice jupyter-lab-x jupyterhub-user--oauth-state=x jupyterhub-user-ab-gpu",
    "jupyter-ALICE.d jupyter-a--b jupyter-\U0001f600 (x\U0001f600@10.1.2.3) spawn of 123 45",
    "::ffff:127.0.0.1 ::ffff:0a01:0203 ::ffff:10.1.2.3 1::2::3 ::1.2.3.4 1:2:3:4:5:6:7:8",
    "fe80::1:2:3:4:5:6:7 2001:db8::1.2.3.04 ::ffff:1.2.3.256 :: ::1 0:0:0:0:0:0:0:1 a:b:",
    "\u0661\u0660.1.2.3 10.1.2.3.4 999.1.1.1 1.2.3.4 01.2.3.4 1.2.3.4x [::ffff:192.168.1.1]:80",
    "\x1b[31m[E 2026-11-25 23:24:10.503 JupyterHub app:1]\x1b[0m token=5ebe2294ecd0e0f08eab7690",
    "\u0662\u0660\u0662\u0666-11-25 23:24:10 a record with Arabic-Indic digits",
    "[W \u0662\u0660\u0662\u0666-11-25 23:24:10.503 JupyterHub x:1] Unicode digits in a record",
    "2026-11-25T23:24:05.100Z [ConfigProxy] \uff57\uff41\uff52\uff4e: fullwidth level",
    "Traceback (most recent call last):",
    '\u2003 File "x.py", line 1, in <module>',
    "\u2003ValueError: indented with an em space",
    "$ configurable-http-proxy --version\x85",
    "\u00a0 v4.6.1\u3000",
    "Using Spawner: kubespawner.KubeSpawner-7.0.0b1 Using Proxy: x-y Using Authenticator: z-",
    "c.JupyterHub.cookie_secret = bytes.fromhex('\U0001f600' 'abc') ssl_key = '/etc/k.pem'",
    "api_tokens = {'9bf31c7ff062936a96d3c8bd1f8f2ff5': {'user': [\"u\"]}, 'x': '{}'}",
    "postgresql://u:p\u00e4ss@db/x mysql://\U0001f600:\U0001f511@h/ redis://:@h",
    # Python's possessive (...)?+: "BAS\u0130C " is a scheme (re.I), so the quoted value is not
    # read as the scheme word itself.
    "Authorization: BAS\u0130C 'x' proxy-authorization=Bear\u0131r ;",
    # Two code points, three UTF-16 units: too short a name to replace where it stands alone.
    "GET /user/\U0001f600a/lab (\U0001f600a@10.1.2.3) then \U0001f600a alone, /user/\U0001f600ab/ \U0001f600ab",
    # Bytes that are not UTF-8 become U+FFFD, as many as Python's decoder writes: the names
    # that then read alike are one user.
    "GET /user/a%FFb/ /user/a%FEb/ /user/a%EF%BF%BDb/ /user/c%E0%80%AFd/ /user/c%EF%BF%BD%EF%BF%BD%EF%BF%BDd/",
    "GET /user/e%F0%9F%98f/ /user/e%EF%BF%BDf/ /user/al%C3%A9x/ jupyter-al-e9x jupyterhub-user-al-e9x",
    "GET /user/g%2525h/ next=%2Fuser%2Fg%252525h%2F jupyterhub-user-g-25h",
    # Escapism lower-cases; a known name's server keeps its suffix (jupyterhub-user-alice-gpu).
    "GET /user/Bob.Smith/lab jupyter-bob-2esmith /user/alice/ jupyterhub-user-alice-gpu",
    # str.lstrip() strips \x1f and \x85 but not U+FEFF; JavaScript's trimStart() the reverse.
    "\x1fTraceback (most recent call last):",
    "\ufeffTraceback (most recent call last):",
    hub("x" * 20000 + " token=" + "a1B2" * 10 + " Authorization: token " + "y" * 20000, "W"),
]


# Lines as no line splitting leaves them (the page always splits where Python does), to pin
# down Python's "." and "$" anyway.
UNSPLIT = [
    "token='a\rb' PASSWORD='c\u2028d' secret=\"e\u2029f\"",
    "key=abc\n",
    "c.JupyterHub.cookie_secret = bytes.fromhex('a\rb')\n",
    "Cookie: a=b\r; c=d\n",
    "$ configurable-http-proxy --version\n",
    "4.6.1\n",
]


def test_adversarial_lines_agree():
    logs = {f"adversarial {n + 1}": split(line) for n, line in enumerate(ADVERSARIAL)}
    logs["adversarial, together"] = split(*filler(3), *ADVERSARIAL, *filler(3, 10))
    logs["unsplit"] = UNSPLIT
    problem = disagreements(logs)
    assert not problem, "redact.js and redact.py disagree:\n" + problem


# ---------------------------------------------------------------------- no secret survives


def test_no_planted_secret_survives_in_javascript():
    """Each planted value alone with every option set, and all of them in one excerpt."""
    forms = list(python_cases.SECRETS.items())
    cases = [
        {"lines": split(line), "matched": [], "options": options}
        for _form, (line, _planted, _kept) in forms
        for options in OPTIONS
    ]
    errors = [hub(line, "E", "app:1") for _form, (line, _, _) in forms]
    cases.append({"lines": split(*errors), "matched": [], "options": OPTIONS[0]})
    results = iter(javascript_render(cases))
    for form, (_line, planted, kept) in forms:
        for options in OPTIONS:
            text = next(results)["text"]
            assert planted not in text, f"{form} {options}: the secret survived"
            assert redact.REDACTED in text, f"{form} {options}"
            if not options["names"]:
                assert kept in text, f"{form} {options}: {kept!r} not kept"
    together = next(results)["text"]
    for form, (_line, planted, _kept) in forms:
        assert planted not in together, f"{form}: the secret survived in the excerpt"


# ------------------------------------------------------------------ the translated classes

# Which code points redact.js's classes for Python's \w, \d and \s, its str.isdigit() and
# the letters of its (?i) patterns match; its str.strip() of `padded`.
JS_CLASSES = """
const fs = require("fs");
const input = JSON.parse(fs.readFileSync(0, "utf8"));
const { internals } = require(input.redact);
const { word, digit, space } = internals.classes;
const tests = {
  word: new RegExp(`^[${word}]$`, "u"),
  digit: new RegExp(`^${digit}$`, "u"),
  space: new RegExp(`^[${space}]$`, "u"),
  unassigned: /^\\p{Cn}$/u,
};
const letters = "abcdefghijklmnopqrstuvwxyz";
const folded = Array.from(letters, l => new RegExp(`^${internals.translate(l, true)}$`, "u"));
const anyLetter = new RegExp(`^(?:${Array.from(letters, l => internals.translate(l, true)).join("|")})$`, "u");
const out = { word: [], digit: [], space: [], isdigit: [], unassigned: [], fold: {} };
for (let c = 0; c < 0x110000; c++) {
  const ch = String.fromCodePoint(c);
  for (const [name, re] of Object.entries(tests)) if (re.test(ch)) out[name].push(c);
  if (internals.isdigit(ch)) out.isdigit.push(c);
  if (anyLetter.test(ch))
    folded.forEach((re, i) => { if (re.test(ch)) (out.fold[letters[i]] ||= []).push(c); });
}
out.strip = internals.strip(input.padded);
process.stdout.write(JSON.stringify(out));
"""


def test_translated_classes_mean_what_python_means():
    """Checked on every code point; where the two Unicode versions (Python's unicodedata,
    node's) disagree on whether a character exists, it is left out."""
    everything = "".join(map(chr, range(0x110000)))
    padded = "".join(c for c in everything if c.isspace()) + "x" + everything[:64] + " "
    js = run_node(JS_CLASSES, {"redact": str(REDACT_JS), "padded": padded})
    unassigned = {c for c in range(0x110000) if unicodedata.category(chr(c)) == "Cn"}
    unassigned |= set(js["unassigned"])

    def python_set(pattern: str) -> set[int]:
        return {ord(c) for m in re.finditer(pattern, everything) for c in m.group()}

    wrong = {}
    for name, python in [
        ("word", python_set(r"\w+")),
        ("digit", python_set(r"\d+")),
        ("space", python_set(r"\s+")),
        ("isdigit", {ord(c) for c in everything if c.isdigit()}),
    ]:
        differ = (python ^ set(js[name])) - unassigned
        if differ:
            wrong[name] = sorted(differ)[:10]
    assert not wrong, f"redact.js's classes differ from Python's: {wrong}"
    assert python_set(r"\s+") == {ord(c) for c in everything if c.isspace()}
    assert js["strip"] == padded.strip()

    letters = "abcdefghijklmnopqrstuvwxyz"
    candidates = re.findall("(?i)[a-z]", everything)
    fold = {
        letter: [ord(c) for c in candidates if re.fullmatch(f"(?i){letter}", c)]
        for letter in letters
    }
    assert js["fold"] == fold


def test_case_folding_leaves_the_classes_of_ignorecase_patterns_alone():
    """redact.js folds the letters of a (?i) pattern, not its classes: right while every
    class in one matches the same characters with and without re.IGNORECASE."""
    patterns = [
        p for p in vars(redact).values() if isinstance(p, re.Pattern) and p.flags & re.IGNORECASE
    ]
    patterns += [p for p in redact._STRONG_CONTEXTS if p.flags & re.IGNORECASE]
    assert len(patterns) >= 5
    classes = {r"\w", r"\s", r"\d"}
    for p in patterns:
        classes.update(re.findall(r"(?<!\\)\[(?:\\.|[^\\\]])+\]", p.pattern))
    # Only characters with a case, or that Python folds specially, could differ.
    cased = [
        chr(c)
        for c in range(0x110000)
        if chr(c).lower() != chr(c)
        or chr(c).upper() != chr(c)
        or c in (0x130, 0x131, 0x17F, 0x212A)
    ]
    for cls in sorted(classes):
        plain, folded = re.compile(cls), re.compile(cls, re.IGNORECASE)
        differ = [c for c in cased if bool(plain.fullmatch(c)) != bool(folded.fullmatch(c))]
        assert not differ, f"{cls} matches {differ[:5]} only with re.IGNORECASE"


# The exported functions on their own, and the word lists.
JS_PARTS = """
const fs = require("fs");
const input = JSON.parse(fs.readFileSync(0, "utf8"));
const redact = require(input.redact);
process.stdout.write(JSON.stringify({
  secrets: input.lines.map(redact.redactSecrets),
  versions: redact.versions(input.lines),
  unquote: input.quoted.map(redact.internals.unquote),
  sets: redact.internals.sets,
}));
"""


def test_redact_secrets_versions_and_word_lists_are_python_s(catalogue):
    lines = [line for log in redact_test_logs(catalogue).values() for line in log]
    lines += ADVERSARIAL + UNSPLIT
    # urllib.parse.unquote(): every byte alone, and sequences UTF-8 decoders disagree on.
    quoted = [f"a%{byte:02X}b" for byte in range(256)] + ["%", "%4", "%%41", "%zz%41", "\u00e9%41"]
    quoted += [
        f"%{a:02X}%{b:02X}%{c:02X}"
        for a in (0xC0, 0xC2, 0xE0, 0xED, 0xEF, 0xF0, 0xF4, 0xF5)
        for b in (0x80, 0x9F, 0xA0, 0xBF, 0x41)
        for c in (0x80, 0xBF, 0x41)
    ]
    js = run_node(JS_PARTS, {"redact": str(REDACT_JS), "lines": lines, "quoted": quoted})
    assert js["unquote"] == [unquote(q) for q in quoted]
    wrong = [
        (line, list(redact.redact_secrets(line)), theirs)
        for line, theirs in zip(lines, js["secrets"], strict=True)
        if list(redact.redact_secrets(line)) != theirs
    ]
    assert not wrong, wrong[:3]
    assert js["versions"] == redact.versions(lines)
    js = js["sets"]
    assert set(js["jupyterCommands"]) == redact._JUPYTER_COMMANDS
    assert set(js["proseStop"]) == redact._PROSE_STOP
    assert set(js["bareStop"]) == redact._BARE_STOP
    assert set(js["cookieAttributes"]) == redact._COOKIE_ATTRIBUTES
    assert set(js["keptAddresses"]) == redact._KEPT_ADDRESSES
    assert set(js["authSchemes"]) == redact._AUTH_SCHEMES


# ------------------------------------------------------------------------------ the page

WINDOW = """
const fs = require("fs");
const input = JSON.parse(fs.readFileSync(0, "utf8"));
global.window = {};
require(input.redact);
process.stdout.write(JSON.stringify(Object.keys(window.jhRedact || {})));
"""


def test_the_site_loads_redact_js_before_the_diagnoser():
    """mkdocs.yml lists it (ahead of diagnose.js, which uses it), and in a page it is
    window.jhRedact."""
    scripts = yaml.safe_load(MKDOCS_YML.read_text(encoding="utf-8"))["extra_javascript"]
    assert "assets/javascripts/redact.js" in scripts, "mkdocs.yml: extra_javascript lacks redact.js"
    assert scripts.index("assets/javascripts/redact.js") < scripts.index(
        "assets/javascripts/diagnose.js"
    )
    exported = run_node(WINDOW, {"redact": str(REDACT_JS)})
    assert {"render", "redactSecrets", "versions"} <= set(exported)

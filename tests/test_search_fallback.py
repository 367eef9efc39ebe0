"""diagnose's "possibly related" pages (troubleshoot/search.py): the lines no documented
message matched, normalised as the search box normalises a paste, searched as Material's
lunr worker searches the built site's index.

- the Python normaliser writes the same query as search-normalise.js (run in node);
- the Python search ranks every page as Material's own worker does (run in node over the
  built site's index), and finds a message's page in its first three;
- the streaming command keeps a bounded handful of lines and still writes the query of all
  its unmatched lines; its output, JSON and exit codes, with and without an index.
"""

from __future__ import annotations

import json
import random
import time
import zlib
from pathlib import Path

import pytest
from lunr.token_set import TokenSet

from tests.browser.harness import NOISE, in_log, noisy_log
from tests.test_cli_diagnose import interrupt_while_reading, run
from tests.test_matcher import run_node
from troubleshoot import matcher, offload, search
from troubleshoot.model import DOCS, ROOT

NORMALISER_JS = DOCS / "assets" / "javascripts" / "search-normalise.js"
HEADER = "Possibly related (search, not a documented message):"

# search-normalise.js runs in a page: loaded in node with just enough of one to start
# (what it touches while loading), it hands its normalise() over as window.jhSearchNormalise.
JS_NORMALISE = """
const fs = require("fs"), vm = require("vm");
const input = JSON.parse(fs.readFileSync(0, "utf8"));
const page = {
  document: { currentScript: null, addEventListener() {} },
  location: { href: "http://127.0.0.1/guide/" },
  URL, Worker: function () {}, window: {},
};
vm.createContext(page);
vm.runInContext(fs.readFileSync(input.script, "utf8"), page);
const normalise = page.window.jhSearchNormalise;
if (typeof normalise !== "function" || typeof normalise.errorLike !== "function")
  throw new Error("search-normalise.js no longer sets window.jhSearchNormalise(.errorLike)");
process.stdout.write(JSON.stringify(input.texts.map(t => [
  normalise(t), t.split(new RegExp(input.breaks)).map(normalise.errorLike),
])));
"""

# Material's search worker, as the built site serves it, in node: set up with the site's
# index as the page sets it up, then asked each query; prints the pages of each answer.
# Material's worker in a Node.js context that stands in for a worker's global scope; with
# input.wrapper, through the site's docs/assets/javascripts/search-worker.js, as the site
# runs it (the wrapper's importScripts loads input.worker).
JS_WORKER = """
const fs = require("fs"), vm = require("vm");
const input = JSON.parse(fs.readFileSync(0, "utf8"));
let listener = null, answer = null;
const worker = {
  console: { warn() {}, log() {} },
  addEventListener: (type, fn) => { listener = fn; },
  postMessage: message => { answer = message; },
  URL,
  location: { href: "https://example.org/assets/javascripts/search-worker.js?material=search.js" },
  importScripts: () => vm.runInContext(fs.readFileSync(input.worker, "utf8"), worker),
};
worker.self = worker;
vm.createContext(worker);
if (input.wrapper) vm.runInContext(fs.readFileSync(input.wrapper, "utf8"), worker);
else worker.importScripts();
"""

JS_MATERIAL = (
    JS_WORKER
    + """
async function send(message) { answer = null; await listener({ data: message }); return answer; }
(async () => {
  const index = JSON.parse(fs.readFileSync(input.index, "utf8"));
  await send({ type: 0, data: { ...index, options: { suggest: false } } });
  const out = [];
  for (const query of input.queries) {
    const result = await send({ type: 2, data: query });
    out.push(result.data.items.map(group => group[0].location.split("#")[0]));
  }
  process.stdout.write(JSON.stringify(out));
})().catch(err => { console.error(err.stack); process.exit(1); });
"""
)

TRACEBACK = (
    "Traceback (most recent call last):\n"
    '  File "/srv/app.py", line 5, in main\n'
    "    raise ValueError('bad thing')\n"
    "ValueError: bad thing"
)
# Inputs that reach the corners of both ports: JavaScript's white space and case mapping,
# UTF-16 (astral characters count two), log prefixes, tracebacks, ids, operators.
ADVERSARIAL = [
    "",
    "   \t  ",
    "a",
    "the",
    "--ip=0.0.0.0 --port=8000",
    "Errno 13: Permission denied --debug",
    "word-word: +plus -minus ~tilde ^caret *star",
    "say \"quoted phrase\" and 'single' `back`",
    "\x1b[31m[E 2026-01-01 10:00:00.000 JupyterHub app:1]\x1b[0m Spawner failed to start",
    "Jun 20 11:51:00 host jupyterhub[123]: Proxy appears to be running",
    "2026-11-25T23:23:49.959Z [ConfigProxy] error: 503 GET /user/alice connect ECONNREFUSED",
    "2026-11-25 23:23:49,959 ERROR something went wrong at 10.0.0.1:8081 and [::1]:8000",
    "fe80::1 ::ffff:10.1.2.3 :::8000 http://hub.example.org:8081/hub/api?x=1",
    "timeout=10 pid=142 --port=41011 x=abc 9a=1 _k=2,3",
    TRACEBACK,
    "at Server.listen (node:net:1234:5)\n    at net.js:1404:14\nError: listen EADDRINUSE",
    "util.js:555\n    throw err\n    ^\nError: boom",
    "...\n…\n^^^^\nDuring handling of the above exception, another exception occurred:",
    "deadbeefcafe1234 0123456789abcdef0123 a1b2c3d4e5f6a7b8c9 x8 (x8 over 7m25s) 1/5 3-4",
    "200 301 404 500 599 600 1.2.3 10ms 5s 3min 50%",
    "HTTP 403: Forbidden https http",
    "emoji 😀 in 𝐁𝐨𝐥𝐝 text 𐐀𐐁 Deseret",
    "İstanbul ΣΊΣΥΦΟΣ straße ǅemal",
    "nbsp\xa0space\u2028line\u2029para\ufeffbom\u3000ideo\u1680ogham",
    "fs\x1cgs\x1drs\x1enel\x85end",
    "vt\vff\fcr\rcrlf\r\nlf\n",
    "中文日志 代理 启动 失败",
    "[W 2026 JupyterHub] warning\n[I x] info error\n[D y] debug failed\nplain line fatal",
    "KeyError: 'User alice does not exist'\nRuntimeError: Proxy failed to start",
    " ".join(f"word{i}" for i in range(40)),
    "\n".join(f"[E 2026 JupyterHub] Failure number {i} of thing{i}" for i in range(30)),
]


def fuzz_inputs(count: int = 300) -> list[str]:
    """Random texts over the characters the normaliser treats specially (fixed seed)."""
    pieces = [
        " ", "\t", "\n", "\r\n", "\xa0", "\u2028", "\ufeff", "\x85", ":", "::", "=", "-", ".",
        "/", "'", '"', "[", "]", "(", ")", "*", "+", "^", "~", "\\", "#", "%", "😀", "İ", "Σ",
        "[E ", "[I ", "[W ", " [ConfigProxy] error: ", "File \"x.py\", line 3", "x.js:12",
        "at f", "...", "Traceback (most recent call last):", "2026-01-02T03:04:05Z",
        "10.0.0.1:80", "fe80::1", "http://h:1/p", "k=1", "Error", "Exception:", "failed",
        "not found", "EADDRINUSE", "404", "12ms", "1/5", "deadbeef12", "Proxy", "spawn", "hub",
        "the", "a", "x9", "ab", "é",
    ]  # fmt: skip
    rng = random.Random(20261125)
    return ["".join(rng.choice(pieces) for _ in range(rng.randrange(1, 40))) for _ in range(count)]


def javascript_normalise(texts: list[str]) -> list[list]:
    """[normalise(text), [errorLike(line) for each line]] for each text, in node."""
    data = {"script": str(NORMALISER_JS), "texts": texts, "breaks": search.LINE_BREAK.pattern}
    return run_node(JS_NORMALISE, data)


def python_normalise(text: str) -> list:
    lines = search.LINE_BREAK.split(text)
    return [search.normalise(text), [search.error_like(line) for line in lines]]


def real_logs() -> list[str]:
    """Real log text kept in the repository (tests/logs/), whole and line by line, and a
    healthy hub's chatter. (The benchmark's pasted messages live outside the repository;
    `nox -s bench-search` reads them.)"""
    texts = [noisy_log([])]
    for path in sorted((ROOT / "tests" / "logs").glob("*.log")):
        text = path.read_text(encoding="utf-8")
        texts += [text, *text.splitlines()]
    return texts


@pytest.fixture(scope="module")
def index_path(built_site) -> Path:
    return built_site / "search" / "search_index.json"


@pytest.fixture(scope="module")
def index(index_path) -> search.SearchIndex:
    return search.SearchIndex.load(index_path)


def messages(catalogue) -> list[str]:
    return [s.message for e in catalogue for s in e.symptoms]


# ---------------------------------------------------- the normaliser: Python == JavaScript


def test_python_normalises_as_the_search_box_does(catalogue):
    """Every real pasted message, every documented message, corner cases and random text:
    the query, and which lines look like errors (errorLike)."""
    texts = real_logs() + messages(catalogue) + ADVERSARIAL + fuzz_inputs()
    theirs = javascript_normalise(texts)
    differ = [
        f"{text!r}\n  Python: {python_normalise(text)!r}\n  JS:     {js!r}"
        for text, js in zip(texts, theirs, strict=True)
        if python_normalise(text) != js
    ]
    assert not differ, f"{len(differ)} of {len(texts)} texts normalise differently:\n" + "\n".join(
        differ[:10]
    )


# ---------------------------------------------------- the search: Python == Material


def test_python_ranks_every_page_as_materials_worker_does(catalogue, built_site, index):
    """The whole ranking, not only the first three: queries as the fallback sends them (the
    normalised texts), and raw ones through Material's own query syntax (quotes, +/-,
    fields, wildcards, boosts), over the index the site was built with."""
    normalised = [search.normalise(t) for t in real_logs() + messages(catalogue) + ADVERSARIAL]
    raw = messages(catalogue) + ADVERSARIAL + [
        '"proxy failed" start', "+proxy -spawn", "-proxy", "title:proxy hub", "text:spawn",
        "tags:proxy", "foo:bar", "proxy^5 hub~1", "proxy^ hub~", "term* *lead", "\\:escaped",
        "c.JupyterHub.hub_ip", "'alice'", "6.1.1", "&lt;code&gt;", "<code>x</code>",
    ]  # fmt: skip
    queries = [q for q in dict.fromkeys(normalised + raw) if q]
    data = {**site_worker(built_site), "index": str(index.source), "queries": queries}
    theirs = run_node(JS_MATERIAL, data)
    differ = [
        f"{query!r}\n  Python:   {index.search(query)[:5]}\n  Material: {js[:5]}"
        for query, js in zip(queries, theirs, strict=True)
        if index.search(query) != js
    ]
    assert not differ, f"{len(differ)} of {len(queries)} queries rank differently:\n" + "\n".join(
        differ[:10]
    )


def site_worker(built_site) -> dict:
    """Material's worker and the site's wrapper around it, as JS_WORKER takes them."""
    workers = built_site / "assets" / "javascripts" / "workers"
    return {
        "worker": str(next(workers.glob("search.*.min.js"))),
        "wrapper": str(built_site / "assets" / "javascripts" / "search-worker.js"),
    }


def colliding_words() -> list[str]:
    """2,680 random words of hex digits, some of whose token-set nodes lunr's own TokenSet
    string reads alike (seed 11 of a search for such a list)."""
    rnd = random.Random(11)
    letters = "0123456789abcdef"
    words = {"".join(rnd.choice(letters) for _ in range(rnd.randint(1, 12))) for _ in range(3000)}
    return sorted(words)


JS_TOKEN_SET = (
    JS_WORKER
    + """
worker.lunr.TokenSet._nextId = 1;
process.stdout.write(JSON.stringify(worker.lunr.TokenSet.fromArray(input.words).toArray()));
"""
)


def test_lunr_merges_token_set_nodes_that_read_alike_and_the_site_does_not(built_site, monkeypatch):
    """lunr writes a token-set node as its edges' labels and node ids with nothing between,
    and merges nodes that read alike: the index then spells words no page has and loses
    some it has. Material's worker (lunr.js) and lunr.py do; the site's worker wrapper and
    troubleshoot.search (a comma after each id) do not."""
    words = colliding_words()

    def python_token_set(key) -> list[str]:
        monkeypatch.setattr(TokenSet, "__str__", key)
        monkeypatch.setattr(TokenSet, "_next_id", 1)
        return sorted(TokenSet.from_list(words).to_list())

    assert python_token_set(search.LUNR_TOKEN_SET_STR) != words
    assert python_token_set(search._token_set_key) == words
    material_alone = {**site_worker(built_site), "wrapper": None, "words": words}
    assert sorted(run_node(JS_TOKEN_SET, material_alone)) != words
    assert sorted(run_node(JS_TOKEN_SET, {**site_worker(built_site), "words": words})) == words


def test_the_site_index_has_no_phantom_words(index):
    """Once, before the fix, every query with "jupyterhub" in it found nothing: the site's
    own pages made lunr merge two nodes. The site's index holds every word it should."""
    assert index.phantom_words() == []


def test_the_site_searches_with_the_wrapped_worker(built_site):
    page = (built_site / "index.html").read_text(encoding="utf-8")
    config = json.loads(
        page.split('<script id="__config" type="application/json">')[1].split("</script>")[0]
    )
    wrapper, _, query = config["search"].partition("?")
    assert wrapper.endswith("assets/javascripts/search-worker.js"), config["search"]
    material = query.removeprefix("material=")
    assert (built_site / "assets" / "javascripts" / "workers" / material).is_file(), query


# Measured on this catalogue: 125 of 125 messages find their page in the first three, 109 of
# them first (hit@1 0.87). A message written as its page words it should stay findable:
# a few may slip (a new page using the same words), a real regression fails.
HIT_AT_3, HIT_AT_1 = 0.95, 0.80


def test_a_documented_message_finds_its_page_in_the_first_three(catalogue, index):
    ranks = {}
    for entry in catalogue:
        for symptom in entry.symptoms:
            pages = index.search(search.normalise(symptom.message))
            ranks[f"{entry.id}/{symptom.id}"] = (
                pages.index(entry.url) + 1 if entry.url in pages else None,
                pages[:3],
            )
    top3 = [k for k, (rank, _) in ranks.items() if rank and rank <= 3]
    first = [k for k, (rank, _) in ranks.items() if rank == 1]
    missed = [f"{k}: {pages}" for k, (rank, pages) in ranks.items() if k not in top3]
    assert len(top3) / len(ranks) >= HIT_AT_3, "not in the first three:\n" + "\n".join(missed)
    assert len(first) / len(ranks) >= HIT_AT_1, f"only {len(first)} of {len(ranks)} first"


def test_related_leaves_out_diagnosed_pages_and_the_diagnoser(catalogue, index):
    entry = next(e for e in catalogue if e.kind == "problem")
    lines = [in_log(s) for s in entry.symptoms]
    everything = search.related(lines, index)
    assert entry.url in everything, everything
    without = search.related(lines, index, exclude=[entry.url, f"{everything[0]}#fix"])
    assert entry.url not in without and everything[0] not in without
    assert len(without) == search.RELATED
    diagnoser = search.related(["Paste a whole log and every line is matched"], index)
    assert search.DIAGNOSER_PAGE not in diagnoser
    assert search.related(["", "12:00:00", "the a an"], index) == []  # no query, no search


def test_an_unusable_index_file_is_one_line_naming_it(tmp_path, index_path):
    data = json.loads(index_path.read_text(encoding="utf-8"))
    broken = {
        "not-json": "{config: ",
        "no-docs": json.dumps({"config": data["config"]}),
        "doc-without-text": json.dumps({**data, "docs": [{"location": "", "title": "t"}]}),
        "other-language": json.dumps({**data, "config": {**data["config"], "lang": ["de"]}}),
    }
    for name, text in broken.items():
        path = tmp_path / f"{name}.json"
        path.write_text(text, encoding="utf-8")
        with pytest.raises(search.SearchIndexError) as error:
            search.SearchIndex.load(path)
        assert str(error.value).startswith(f"{path}: ") and "\n" not in str(error.value)


# --------------------------------------- the streamed log: few lines kept, the same query

TEMPLATES = [
    "[I 2026-11-25 23:29:21.{n} JupyterHub log:192] 200 GET /hub/api/users/{w} (@10.0.0.{n}) {n}.6ms",
    "[D 2026-11-25 23:29:21.500 JupyterHub app:3100] Loaded {w} file",
    "[W 2026-11-25 23:29:21.500 JupyterHub base:1] Failed to refresh {w}: timeout",
    "[E 2026-11-25 23:29:21.500 JupyterHub web:1] Uncaught exception {w} {v}",
    "[E 2026-11-25 23:29:21.500 JupyterHub web:1] {w}Error: {v}",
    "Traceback (most recent call last):",
    '  File "/srv/{w}.py", line {n}, in {v}',
    "    {w} = await {v}",
    "{w}.js:{n}",
    "    at {w} ({v}.js:1:2)",
    "ValueError: {w} {v}",
    "",
    "2026-11-25T23:23:49.959Z",
    "...",
    "\x1b[31m{w} failed\x1b[0m",
    "{w} {v} {u}",
    "KeyError: 'user {w} does not exist'",
    "2026-11-25T23:23:49.959Z [ConfigProxy] error: {w} {v}",
    "Jun 20 11:51:00 host jupyterhub[123]: {w} refused",
    "File {w} 😀",
    # A location that looks like an error itself, and the code it quotes: what a log's
    # error-like lines (the command's reading) skip after a location.
    '  File "/srv/error/{w}.py", line {n}, in {v}',
    "    raise {w}Error({v})",
]  # fmt: skip


def random_log(rng: random.Random) -> list[str]:
    vocabulary = [f"w{i}" for i in range(rng.choice([2, 10, 40, 300]))] + ["Proxy", "File"]
    return [
        rng.choice(TEMPLATES).format(
            n=rng.randrange(100),
            w=rng.choice(vocabulary),
            v=rng.choice(vocabulary),
            u=rng.choice(vocabulary),
        )  # fmt: skip
        for _ in range(rng.choice([1, 2, 5, 40, 300, 2000]))
    ]


@pytest.mark.parametrize(
    ("history", "errors_only"),
    [(search.QueryLines.HISTORY, False), (1, False), (search.QueryLines.HISTORY, True)],
    ids=["all-lines", "short-history", "error-like-lines"],
)
def test_the_kept_lines_make_the_query_of_all_unmatched_lines(history, errors_only, monkeypatch):
    """For any log and any set of matched lines, within the bound. History 1 makes the
    recent lines overflow all the time, the path a long stretch of tracebacks takes;
    error-like lines only (floor 1) is how `diagnose` reads a log, as the site does."""
    monkeypatch.setattr(search.QueryLines, "HISTORY", history)
    for seed in range(400):
        rng = random.Random(seed)
        lines = random_log(rng)
        share = rng.random()

        def matched(line: str, seed=seed, share=share) -> bool:
            return zlib.crc32(f"{seed}:{line}".encode()) % 1000 < share * 1000

        kept = search.QueryLines(errors_only=errors_only)
        for line in lines:
            kept.take(line, matched(line))
            assert len(kept.recent) <= history
        unmatched = [line for line in lines if not matched(line)]
        if errors_only:
            unmatched = [line for line in unmatched if search.error_like(line)]
        assert len(kept.lines()) <= 170, seed
        assert search.normalise("\n".join(kept.lines())) == search.normalise(
            "\n".join(unmatched)
        ), f"seed {seed}"


def test_a_long_log_keeps_a_bounded_handful_of_lines():
    """Every line new words at every score: the worst a log can do to the bound."""

    def lines():
        for i in range(60_000):
            yield f"[{'EWIDC'[i % 5]} 2026 JupyterHub x:1] Failure{i} error word{i} other{i}"
            if i % 7 == 0:
                yield f'  File "/srv/m{i}.py", line {i}, in f{i}'

    kept = search.QueryLines()
    most = 0
    for line in lines():
        kept.take(line, matched=False)
        most = max(most, len(kept.recent) + sum(len(k) for _, k in kept.levels.values()))
    assert most <= 10 * 17 + search.QueryLines.HISTORY + 1, most
    assert len(kept.lines()) <= 170


# ------------------------------------------------------------------------ the command


def unmatched_lines(text: str) -> list[str]:
    """What the fallback searches, held at once: the lines of `text` no signature matched
    (by the matcher's own findings); of a log, only those that look like errors."""
    signatures = matcher.load_signatures()
    lines = signatures["compiled_rules"].lines(text)
    listed = {n for f in matcher.diagnose_lines(lines, signatures) for n, _, _ in f.lines}
    unmatched = [line for n, line in enumerate(lines, 1) if n not in listed]
    if sum(1 for line in lines if search.js_trim(line)) > 1:
        unmatched = [line for line in unmatched if search.error_like(line)]
    return unmatched


def test_a_healthy_hubs_chatter_asks_the_search_nothing(tmp_path, index_path):
    """Info and debug lines match no documented message, and are no question either."""
    path = tmp_path / "healthy.log"
    path.write_text(noisy_log([]) + "\n")
    result = run([str(path), "--search-index", str(index_path), "--json"])
    assert result.returncode == 1 and result.stderr == "", result.stderr
    assert json.loads(result.stdout)["related"] == []
    assert unmatched_lines(path.read_text()) == []


# No documented message; the sqlite page explains it.
UNDOCUMENTED = (
    "[E 2026-11-25 23:25:00.000 JupyterHub web:1] Uncaught exception: "
    "sqlalchemy OperationalError database is locked"
)


@pytest.fixture
def mixed_log(tmp_path, catalogue) -> tuple[Path, object]:
    """A log with one documented message and one line no signature matches."""
    entry = next(e for e in catalogue if e.kind == "problem")
    path = tmp_path / "hub.log"
    path.write_text(noisy_log([in_log(entry.symptoms[0]), UNDOCUMENTED]) + "\n")
    return path, entry


def test_the_command_lists_related_pages_after_its_findings(mixed_log, index, index_path):
    path, entry = mixed_log
    result = run([str(path), "--search-index", str(index_path)])
    assert result.returncode == 0 and result.stderr == "", result.stderr
    findings, _, block = result.stdout.partition("\n\n" + HEADER + "\n")
    assert f"[{entry.id}]" in findings and block, result.stdout
    text = path.read_text()
    exclude = [f.entry["url"] for f in matcher.diagnose(text)]
    expected = search.related(unmatched_lines(text), index, exclude=exclude)
    assert expected and "database/hub-sqlite-db-file-errors/" in expected
    base = "https://jupyterhub-troubleshooting.github.io/guide/"
    listed = [line.strip() for line in block.splitlines()]
    assert listed == [x for p in expected for x in (f"- {index.title(p)}", base + p)]

    as_json = json.loads(run([str(path), "--search-index", str(index_path), "--json"]).stdout)
    assert as_json["related"] == [{"title": index.title(p), "url": base + p} for p in expected]
    assert entry.url not in {r["url"].removeprefix(base) for r in as_json["related"]}


def test_a_long_log_relates_what_all_its_unmatched_lines_would(
    tmp_path, catalogue, index, index_path
):
    """The streamed, bounded collection against every unmatched line held at once."""
    rng = random.Random(7)
    entry = next(e for e in catalogue if e.kind == "problem")
    lines = [rng.choice(NOISE) for _ in range(3000)]
    for at, extra in [(100, in_log(entry.symptoms[0])), (900, UNDOCUMENTED)]:
        lines[at:at] = [extra, *TRACEBACK.splitlines()]
    text = "\n".join(lines + random_log(random.Random(3))) + "\n"
    path = tmp_path / "long.log"
    path.write_text(text)
    exclude = [f.entry["url"] for f in matcher.diagnose(text)]
    expected = search.related(unmatched_lines(text), index, exclude=exclude)
    result = run([str(path), "--search-index", str(index_path), "--json"])
    assert result.returncode == 0, result.stderr
    base = "https://jupyterhub-troubleshooting.github.io/guide/"
    assert [r["url"].removeprefix(base) for r in json.loads(result.stdout)["related"]] == expected


def long_log(catalogue, copies: int) -> str:
    """Noise with, in each copy, a documented message, an undocumented error and a traceback."""
    rng = random.Random(copies)
    entry = next(e for e in catalogue if e.kind == "problem")
    lines = []
    for _ in range(copies):
        part = [rng.choice(NOISE) for _ in range(500)]
        for at, extra in [(100, in_log(entry.symptoms[0])), (300, UNDOCUMENTED)]:
            part[at:at] = [extra, *TRACEBACK.splitlines()]
        lines += part
    return "\n".join(lines + random_log(random.Random(3))) + "\n"


@pytest.mark.parametrize("parallel", [True, False], ids=["child-process", "this-process"])
def test_a_long_log_is_read_alike_in_a_child_process_and_in_this_one(catalogue, index, parallel):
    """Past offload.BATCH lines, a second CPU reads them: the pages are those of every
    unmatched line held at once, either way."""
    text = long_log(catalogue, copies=2 * offload.BATCH // 500 + 3)
    signatures = matcher.load_signatures()
    fallback = offload.SearchFallback(index, parallel=parallel)
    findings = matcher.diagnose_lines(
        signatures["compiled_rules"].lines(text), signatures, fallback.take
    )
    assert (fallback.child is not None) == parallel  # started at the first full batch
    exclude = [f.entry["url"] for f in findings]
    assert fallback.related(exclude) == search.related(
        unmatched_lines(text), index, exclude=exclude
    )
    assert fallback.child is None  # ended with its answer


def test_a_child_that_fails_is_one_line_not_a_traceback(catalogue, tmp_path, index_path):
    """An index file that changes under the command (the child reads it again) fails the
    search alone: the findings are still listed."""
    path = tmp_path / "hub.log"
    path.write_text(long_log(catalogue, copies=offload.BATCH // 500 + 3))
    index_copy = tmp_path / "search_index.json"
    index_copy.write_bytes(index_path.read_bytes())
    loaded = search.SearchIndex.load(index_copy)
    fallback = offload.SearchFallback(loaded, parallel=True)
    index_copy.write_text("{}")  # what the child will read
    signatures = matcher.load_signatures()
    matcher.diagnose_lines(
        signatures["compiled_rules"].lines(path.read_text()), signatures, fallback.take
    )
    with pytest.raises(offload.FallbackError, match=str(index_copy)):
        fallback.related([])


def test_ctrl_c_with_a_child_process_reading_is_quiet(catalogue, index_path):
    # Past BATCH lines in the megabytes read so far (the command reads 1 MB at a time).
    text = long_log(catalogue, copies=3 * offload.BATCH // 500)
    returncode, stderr, children = interrupt_while_reading(text, "--search-index", str(index_path))
    assert returncode == 130 and b"Traceback" not in stderr, stderr.decode()
    assert children, "no child process read the log"
    for pid in children:  # gone with the command
        deadline = time.monotonic() + 10
        while Path(f"/proc/{pid}").exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not Path(f"/proc/{pid}").exists() or "Z" in _state(pid), f"child {pid} stays"


def _state(pid: int) -> str:
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]


def test_related_pages_alone_still_exit_1(tmp_path, index_path):
    path = tmp_path / "hub.log"
    path.write_text(UNDOCUMENTED + "\n")
    result = run([str(path), "--search-index", str(index_path)])
    assert result.returncode == 1, result
    assert "No known symptom found" in result.stdout and HEADER in result.stdout
    as_json = json.loads(run([str(path), "--search-index", str(index_path), "--json"]).stdout)
    assert as_json["findings"] == [] and as_json["related"]


def test_a_single_line_is_searched_as_it_is_a_log_for_its_errors(tmp_path, index_path):
    """One line is searched whatever it says; of a log, only lines that look like errors."""
    line = "Spawn pending for alice, waiting on the named server"
    assert not search.error_like(line)
    one, two = tmp_path / "one.log", tmp_path / "two.log"
    one.write_text(line + "\n\n")
    two.write_text(f"{line}\nServer ready for alice\n")
    alone = json.loads(run([str(one), "--search-index", str(index_path), "--json"]).stdout)
    assert alone["related"], "a single line is searched as it is"
    quiet = run([str(two), "--search-index", str(index_path), "--json"])
    assert quiet.returncode == 1 and json.loads(quiet.stdout)["related"] == []


def test_without_an_index_nothing_found_says_how_to_get_one(mixed_log, tmp_path):
    path, entry = mixed_log
    missing = tmp_path / "site" / "search" / "search_index.json"
    # A diagnosis found: no related pages, and nothing said about them.
    result = run([str(path), "--search-index", str(missing)])
    assert result.returncode == 0 and f"[{entry.id}]" in result.stdout
    assert HEADER not in result.stdout and result.stderr == ""
    # Nothing found: one line says how to get the search's leads.
    alone = tmp_path / "alone.log"
    alone.write_text(UNDOCUMENTED + "\n")
    result = run([str(alone), "--search-index", str(missing), "--json"])
    assert result.returncode == 1 and json.loads(result.stdout)["related"] == []
    note = result.stderr.splitlines()
    assert len(note) == 1 and str(missing) in note[0], result.stderr
    assert "nox -s build" in note[0] and "--search-index" in note[0]


@pytest.mark.parametrize(
    "text",
    ['{"config": ', "[]", '{"config": {}, "docs": []}', "\udcff"],
    ids=["truncated", "a-list", "no-fields", "not-utf8"],
)
def test_a_corrupt_index_exits_2_naming_it(mixed_log, tmp_path, text):
    path, _ = mixed_log
    corrupt = tmp_path / "search_index.json"
    corrupt.write_bytes(text.encode("utf-8", "surrogateescape"))
    result = run([str(path), "--search-index", str(corrupt)])
    assert result.returncode == 2, result
    assert result.stdout == "" and "Traceback" not in result.stderr
    assert result.stderr.startswith(f"diagnose: {corrupt}: ") and result.stderr.count("\n") == 1

"""The paste-your-log box: finds every entry in a noisy log, agrees with the Python matcher,
shows pasted text only as text, and keeps the page responsive on a 5 MB log."""

from __future__ import annotations

import json
import random

import pytest

from troubleshoot import matcher

from .harness import ARTEFACTS, NOISE, Diagnoser, in_log, noisy_log

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def diagnoser(new_context, site_url) -> Diagnoser:
    return Diagnoser.open(new_context(), site_url)


@pytest.fixture(scope="module")
def signatures():
    return matcher.load_signatures()


def python_findings(text: str, signatures) -> list[tuple[str, list[int]]]:
    return [(f.entry["id"], [n for n, _, _ in f.lines]) for f in matcher.diagnose(text, signatures)]


def test_noise_alone_matches_nothing(diagnoser, signatures):
    """Precondition for the tests below: a healthy hub's chatter points to no entry."""
    assert python_findings(noisy_log([]), signatures) == []
    assert diagnoser.submit(noisy_log([])) == []


def test_noisy_log_ranks_the_entry_first(diagnoser, entry):
    """A problem page ranks first. A router page's messages are often also its causes'
    messages, and the matcher puts problem pages first by design: there, only the router's
    own causes may rank above it."""
    log = noisy_log([in_log(s) for s in entry.symptoms])
    ranked = [entry_id for entry_id, _ in diagnoser.paste(log)]
    assert entry.id in ranked, f"{entry.id}: not found in\n{log}"
    above = ranked[: ranked.index(entry.id)]
    if entry.kind == "router":
        assert set(above) <= set(entry.causes), f"{entry.id}: ranked {ranked}"
    else:
        assert not above, f"{entry.id}: ranked {ranked}"


VARIANTS = {
    "as printed": lambda m: m,
    "coloured": lambda m: f"\x1b[31m{m[:3]}\x1b[0m{m[3:]}",
    # No-break spaces are not \s for Python's re.ASCII (JavaScript's \s includes them):
    # instead of spaces they break literal-space patterns; inside a URL, \S+ spans them.
    "no-break spaces": lambda m: m.replace(" ", "\u00a0"),
    "no-break space in a URL": lambda m: m.replace("/", "/\u00a0", 1),
}
# Line breaks that Python's str.splitlines() honours, some of which JavaScript's do not.
BREAKS = ["\n", "\r\n", "\r", "\u2028", "\x0b", "\x1c", "\x85"]


def agreement_cases(catalogue) -> dict[str, str]:
    """Every symptom example alone in a log; then all of them together, once per variant
    where Python and JavaScript could differ, with every kind of line break."""
    cases = {
        f"{e.id}/{s.id}": noisy_log([in_log(s)], repeat=1) for e in catalogue for s in e.symptoms
    }
    messages = [in_log(s) for e in catalogue for s in e.symptoms]
    for name, variant in VARIANTS.items():
        lines = NOISE + [variant(m) for m in messages]
        cases[name] = "".join(line + BREAKS[i % len(BREAKS)] for i, line in enumerate(lines))
    return cases


def test_python_and_browser_matchers_agree(diagnoser, catalogue, signatures):
    disagreements = []
    for name, text in agreement_cases(catalogue).items():
        expected = python_findings(text, signatures)
        seen = diagnoser.submit(text)
        if seen != expected:
            disagreements.append(f"{name}:\n    python  {expected}\n    browser {seen}")
    assert not disagreements, "\n".join(disagreements)


PAYLOADS = ["<script>window.__pwned=1</script>", '<img src=x onerror="window.__pwned=1">']


def test_pasted_html_is_inert_and_shown_as_text(diagnoser, catalogue):
    symptom = catalogue[0].symptoms[0]
    lines = [f"{in_log(symptom)} {payload}" for payload in PAYLOADS]
    findings = diagnoser.paste(noisy_log(lines + PAYLOADS))
    assert findings and findings[0][0] == catalogue[0].id
    page = diagnoser.page
    assert page.evaluate("() => window.__pwned") is None
    results = page.locator("[data-jh-diagnose] .jh-diagnose__output")
    assert results.locator("script, img").count() == 0
    shown = results.inner_text()
    for payload in PAYLOADS:
        assert payload in shown, f"{payload!r} is not shown as text"


def test_pasted_html_in_search_is_inert(new_context, site_url):
    from .harness import SearchBox

    search = SearchBox(new_context(), site_url)
    for payload in PAYLOADS:
        search.paste(payload + "\n" + payload)
        search.type(payload)
    assert search.page.evaluate("() => window.__pwned") is None
    assert search.page.locator(".md-search__output script, .md-search__output img").count() == 0


def big_log(catalogue, megabytes: float = 5.0) -> tuple[bytes, dict[str, int]]:
    """A multi-megabyte log: hub chatter with every entry's symptoms in the middle."""
    rng = random.Random(5)
    chatter = [line for line in NOISE if "Traceback" not in line]
    lines, size = [], 0
    planted = {e.id: 0 for e in catalogue}
    target = int(megabytes * 1024 * 1024)
    while size < target:
        line = rng.choice(chatter).replace(
            "23:29", f"{rng.randrange(24):02d}:{rng.randrange(60):02d}"
        )
        if len(lines) % 5000 == 2500:
            entry = rng.choice(catalogue)
            line = in_log(rng.choice(entry.symptoms))
            planted[entry.id] += 1
        lines.append(line)
        size += len(line) + 1
    return "\n".join(lines).encode(), planted


HEARTBEAT = """
() => {
  window.__beats = [];
  window.__longTasks = [];
  new PerformanceObserver(list => {
    for (const t of list.getEntries()) window.__longTasks.push([t.startTime, t.duration]);
  }).observe({ type: "longtask" });
  const beat = t => { window.__beats.push(t); requestAnimationFrame(beat); };
  requestAnimationFrame(beat);
}
"""

# What happened on the main thread between the diagnoser's own start and end marks.
WHILE_MATCHING = """
() => {
  const [start] = performance.getEntriesByName("jh-diagnose-start").slice(-1);
  const [end] = performance.getEntriesByName("jh-diagnose-end").slice(-1);
  const from = start.startTime, to = end.startTime;
  const beats = window.__beats.filter(t => t >= from && t <= to);
  const tasks = window.__longTasks.filter(([s, d]) => s + d > from && s < to).map(([s, d]) => d);
  return { ms: to - from, beats, tasks };
}
"""


@pytest.mark.parametrize("how", ["paste", "file"])
def test_5mb_log_keeps_the_page_responsive(diagnoser, catalogue, signatures, how, tmp_path):
    """Behaviour, not timing: animation frames keep coming while a 5 MB log is matched.
    The figures measured are written to .artefacts/browser/diagnose-5mb-<how>.json."""
    data, planted = big_log(catalogue)
    page = diagnoser.page
    page.evaluate(HEARTBEAT)
    page.wait_for_function("() => window.__beats.length > 2")
    before = page.evaluate("() => performance.now()")
    if how == "paste":
        findings = diagnoser.paste(data.decode())
    else:
        log = tmp_path / "hub.log"
        log.write_bytes(data)
        findings = diagnoser.open_file(log)
    seen = page.evaluate(WHILE_MATCHING)
    whole = page.evaluate(
        f"() => window.__longTasks.filter(([s, d]) => s + d > {before}).map(([s, d]) => d)"
    )

    assert findings == python_findings(data.decode(), signatures)
    assert {e for e, n in planted.items() if n} <= {f[0] for f in findings}
    # The work yields: frames are painted all along, at least one per 100 ms of matching.
    beats, ms = seen["beats"], seen["ms"]
    assert len(beats) >= max(3, ms // 100), f"{len(beats)} frames during {ms:.0f} ms of matching"

    gaps = [b - a for a, b in zip(beats, beats[1:], strict=False)]
    report = {
        "how": how,
        "bytes": len(data),
        "lines": data.count(b"\n") + 1,
        "matching_ms": round(ms),
        "frames_during_matching": len(beats),
        "longest_frame_gap_ms": round(max(gaps), 1) if gaps else None,
        "long_tasks_during_matching_ms": sorted((round(t) for t in seen["tasks"]), reverse=True),
        # Includes the browser's own work: reading the clipboard or the file.
        "long_tasks_from_paste_to_result_ms": sorted((round(t) for t in whole), reverse=True),
    }
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    (ARTEFACTS / f"diagnose-5mb-{how}.json").write_text(json.dumps(report, indent=1) + "\n")
    print("\n5 MB diagnosis:", json.dumps(report))


def test_only_the_signatures_are_fetched(new_context, site_url, catalogue):
    page = new_context().new_page()
    page.goto(site_url + "diagnose/")
    page.wait_for_load_state("networkidle")
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    assert Diagnoser(page).submit(noisy_log([in_log(catalogue[0].symptoms[0])]))
    assert requests == [site_url + "assets/signatures.json"]

"""The paste-your-log box: finds every entry in a noisy log, shows pasted text only as text,
and keeps the page responsive on a 5 MB log (listing what the Python matcher finds there).

That its matching core agrees with the Python matcher on every symptom and on every variant
where they could differ is checked without a browser, in node: tests/test_matcher.py."""

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


PAYLOADS = ["<script>window.__pwned=1</script>", '<img src=x onerror="window.__pwned=1">']


def test_each_line_says_why_it_is_listed(diagnoser):
    """A retyped line is a loose match, a start-up note is context, and the page says so."""
    log = (
        "PROXY FAILED TO START WITH EXIT CODE -9\n"
        "[I 2026-12-06 12:29:50.408 JupyterHub app:1914] Writing cookie_secret to "
        "/srv/jupyterhub/jupyterhub_cookie_secret\n"
    )
    diagnoser.submit(log)
    shown = diagnoser.box.locator("[data-entry] li").evaluate_all(
        "items => items.map(i => [i.dataset.evidence, i.innerText])"
    )
    kinds = {evidence for evidence, _ in shown}
    assert kinds == {"partial", "context"}, shown
    assert all(
        "retyped, re-cased or cut" in text for evidence, text in shown if evidence == "partial"
    )
    assert all(
        "healthy hubs print this too" in text for evidence, text in shown if evidence == "context"
    )


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


def test_a_log_is_handed_over_before_the_rules_arrive(new_context, site_url, catalogue):
    """The search box reads how to hand a log over (URL hash, storage key) from
    signatures.json, like the diagnoser; a link followed before that file arrives waits
    for it, and the diagnoser still receives the whole log."""
    from .harness import SearchBox

    context = new_context()
    held = []
    context.route("**/assets/signatures.json", lambda route: held.append(route))  # held back
    search = SearchBox(context, site_url)
    entry = next(e for e in catalogue if e.kind == "problem")
    log = noisy_log([in_log(s) for s in entry.symptoms])
    search.paste(log)
    search.page.locator(".jh-search-hint a").click()
    assert held, "the search box did not fetch signatures.json for the hand-off"
    assert "diagnose" not in search.page.url, "followed the link without handing the log over"
    context.unroute("**/assets/signatures.json")
    for route in held:
        route.continue_()
    search.page.wait_for_function(
        "() => document.querySelector('[data-jh-diagnose]')?.dataset.state === 'done'"
    )
    diagnoser = Diagnoser(search.page)
    assert diagnoser.findings()[0][0] == entry.id
    assert diagnoser.area.input_value() == log
    assert search.page.evaluate("() => location.hash + sessionStorage.length") == "0"


def test_a_10mb_log_is_handed_over_whole(new_context, site_url, catalogue):
    """Too big for sessionStorage (Chromium keeps 5 MB a site), a log pasted into the search
    box reaches the diagnoser through IndexedDB, whole, and nothing is left behind."""
    from .harness import SearchBox

    search = SearchBox(new_context(), site_url)
    data, planted = big_log(catalogue, megabytes=10)
    log = data.decode()
    search.paste(log)
    search.page.locator(".jh-search-hint a").click()
    search.page.wait_for_function(
        "() => document.querySelector('[data-jh-diagnose]')?.dataset.state === 'done'",
        timeout=120_000,
    )
    diagnoser = Diagnoser(search.page)
    # Too big to show in the box: the box says what it holds, the status how many lines.
    assert "KiB, not shown here" in diagnoser.area.get_attribute("placeholder")
    lines = len(log.splitlines())
    assert f"in {lines} line(s)" in diagnoser.box.locator(".jh-diagnose__status").inner_text()
    found = {entry for entry, _ in diagnoser.findings()}
    assert {e for e, n in planted.items() if n} <= found
    left = search.page.evaluate(
        """async () => {
          const db = await new Promise(r => { const q = indexedDB.open("jh-troubleshoot-handoff", 1);
            q.onsuccess = () => r(q.result); });
          const count = await new Promise(r => {
            const q = db.transaction("handoff").objectStore("handoff").count();
            q.onsuccess = () => r(q.result); });
          db.close();
          return count + sessionStorage.length;
        }"""
    )
    assert left == 0


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

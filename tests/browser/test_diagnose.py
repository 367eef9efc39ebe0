"""The paste-your-log box: finds every entry in a noisy log, shows pasted text only as text,
and keeps the page responsive on a 5 MB log (listing what the Python matcher finds there).

That its matching core agrees with the Python matcher on every symptom and on every variant
where they could differ is checked without a browser, in node: tests/test_matcher.py."""

from __future__ import annotations

import json
import random
import re
import subprocess
import sys
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml

from troubleshoot import matcher, redact
from troubleshoot.model import ROOT

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
    diagnoser, requests = diagnoser_watching_requests(new_context, site_url)
    assert diagnoser.submit(noisy_log([in_log(catalogue[0].symptoms[0])]))
    assert requests == [site_url + "assets/signatures.json"]


# ------------------------------------------------------------ possibly related: the search

ERROR_PREFIX = "[E 2026-11-25 23:29:31.028 JupyterHub app:3372] "


def test_unmatched_error_lines_find_related_pages(diagnoser, catalogue, signatures):
    """An error line that no documented message matches, naming a problem in words of its
    own (here the page's title), is run through the site's search: the page is offered as
    possibly related, apart from the diagnosis."""
    missed = []
    tried = 0
    for entry in catalogue:
        line = ERROR_PREFIX + entry.title
        if entry.kind != "problem" or any(matcher.explain(line, signatures)):
            continue  # a title that quotes a message is matched: not the fallback's case
        tried += 1
        assert diagnoser.submit(noisy_log([line])) == []
        related = diagnoser.related()
        assert len(related) <= 3
        if entry.url not in related:
            missed.append(f"{entry.id}: {related}")
    assert tried >= 10, f"only {tried} titles match no documented message"
    # Titles weigh most in the search: nearly all are found; a few share their words.
    assert len(missed) <= tried // 10, "\n".join(missed)


def test_a_line_no_page_covers_is_told_its_message_in_the_reference(diagnoser, signatures):
    """The second tier: an error line of a message no problem page quotes gets the message
    reference's entry for it (the page and anchor the Python matcher names), shown as text,
    and is not searched; an info line of the same words gets nothing."""
    message = next(
        m
        for m in signatures["messages"]
        if not m["entries"] and m["level"] == "error" and m["package"] == "jupyterhub"
    )
    line = ERROR_PREFIX + message["text"].replace("{}", "<b>alice.smith</b>")
    findings, explained = matcher.explain(noisy_log([line]), signatures)
    assert not findings and [e.message["url"] for e in explained] == [message["url"]]
    assert diagnoser.submit(noisy_log([line])) == []
    assert diagnoser.explained() == [message["url"]]
    assert diagnoser.related() == []  # an explained line is not searched
    shown = diagnoser.box.locator(".jh-diagnose__message code").all_inner_texts()
    assert line.strip() in shown and not diagnoser.box.locator(".jh-diagnose__message b").count()
    assert diagnoser.submit(noisy_log([line.replace("[E ", "[I ", 1)])) == []
    assert diagnoser.explained() == []


def test_a_cut_traceback_no_page_covers_leads_to_its_stages_guide(diagnoser, signatures):
    """The last tier: a traceback cut before its last line, through the hub's database code,
    is matched by nothing else; the page names the guide for a hub that does not start,
    and shows the frame as text."""
    frames = [
        "Traceback (most recent call last):",
        '  File "/opt/hub/lib/python3.11/site-packages/jupyterhub/app.py", line 3380, '
        "in launch_instance_async",
        "    await self.initialize(argv)",
        '  File "/opt/hub/lib/python3.11/site-packages/jupyterhub/orm.py", line 1100, '
        "in check_db_revision <b>x</b>",
    ]
    findings, explained, leads = matcher.explain_with_leads(noisy_log(frames), signatures)
    guide = signatures["stages"]["guides"]["hub-does-not-start"]["url"]
    assert not findings and not explained and [lead.guide["url"] for lead in leads] == [guide]
    assert diagnoser.submit(noisy_log(frames)) == []
    assert diagnoser.leads() == [guide]
    shown = diagnoser.box.locator(".jh-diagnose__lead code").all_inner_texts()
    assert frames[-1].strip() in shown and not diagnoser.box.locator(".jh-diagnose__lead b").count()


def test_the_versions_the_log_shows_are_listed_above_the_results(diagnoser):
    """As the help excerpt and `diagnose` list them (redact's table), shown as text."""
    log = noisy_log(
        [
            "[I 2026-12-07 11:00:00.000 JupyterHub app:3384] Using Authenticator: "
            "<b>oauthenticator.github.GitHubOAuthenticator</b>-17.4.0",
            '  File "C:\\Python311\\Lib\\site-packages\\jupyterhub\\app.py", line 3, in f',
        ]
    )
    diagnoser.submit(log)
    assert diagnoser.facts() == [
        "JupyterHub 6.1.0",  # from the noise's start-up lines
        "Authenticator: jupyterhub.auth.DummyAuthenticator 6.1.0, "
        "<b>oauthenticator.github.GitHubOAuthenticator</b> 17.4.0",
        "Python 3.12",  # the noise's paths
        "Platform: Windows",
    ]
    assert not diagnoser.box.locator(".jh-diagnose__facts b").count()
    diagnoser.submit("[E 2026-12-07 11:00:00.000 JupyterHub user:1] no versions here")
    assert diagnoser.facts() == []


def test_related_pages_leave_out_the_diagnosed_ones(diagnoser, catalogue, signatures):
    entry = next(
        e for e in catalogue if e.kind == "problem" and not python_findings(e.title, signatures)
    )
    log = noisy_log([in_log(entry.symptoms[0]), ERROR_PREFIX + entry.title])
    assert [e for e, _ in diagnoser.submit(log)][0] == entry.id
    assert entry.url not in diagnoser.related()
    assert "diagnose/" not in diagnoser.related()


def diagnoser_watching_requests(new_context, site_url) -> tuple[Diagnoser, list[str]]:
    """A loaded diagnoser page, and the URLs it requests from now on."""
    page = new_context().new_page()
    page.goto(site_url + "diagnose/")
    page.wait_for_load_state("networkidle")
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    return Diagnoser(page), requests


def test_a_healthy_log_searches_nothing(new_context, site_url):
    """Info and debug chatter is no question for the search: no related pages, and the
    search index is not even fetched."""
    diagnoser, requests = diagnoser_watching_requests(new_context, site_url)
    assert diagnoser.submit(noisy_log([])) == []
    assert diagnoser.related() == []
    assert requests == [site_url + "assets/signatures.json"]


def test_the_search_fallback_stays_on_the_site(new_context, site_url):
    """What the fallback fetches: the site's own search index and search worker, no more."""
    diagnoser, requests = diagnoser_watching_requests(new_context, site_url)
    diagnoser.submit(ERROR_PREFIX + "Spawner failed to start: the user's server timed out")
    assert diagnoser.related(), "no related page for a spawn timeout"
    assert all(url.startswith(site_url) for url in requests), requests
    assert site_url + "search/search_index.json" in requests


# ---------------------------------------------------------------------- asking for help

LOGS = ROOT / "tests" / "logs"
# Secrets in forms JupyterHub and its proxy log them (tests/test_redact.py plants every form).
PLANTED = {
    "token": "c2f1e8a9b7d64e0f9a1b2c3d4e5f6a7b",
    "code": "Xq7PzR2mKs9wLt4vNb8c",
    "password": "s3cr3t-Pa55",
}
SECRET_LINES = [
    "[I 2026-11-25 23:29:40.101 JupyterHub log:192] 200 GET /hub/api/users?token="
    f"{PLANTED['token']} (alice@10.1.2.3) 2.1ms",
    "[W 2026-11-25 23:29:40.201 JupyterHub log:192] 400 GET /hub/oauth_callback?code="
    f"{PLANTED['code']}&state=abc (alice@10.1.2.3) 3.0ms",
    "[E 2026-11-25 23:29:40.301 JupyterHub app:3372] Failed to connect to db "
    f"postgresql://hub:{PLANTED['password']}@db:5432/jupyterhub",
]


def help_request_log() -> str:
    log = (LOGS / "dockerspawner-hub-api-unreachable.log").read_text(encoding="utf-8")
    return log + "\n".join(SECRET_LINES) + "\n"


def test_copy_for_a_help_request_is_the_redact_commands_excerpt(new_context, site_url):
    """The button copies what `python -m troubleshoot redact` prints for the same log,
    with names replaced when the reader asks, and no planted secret survives."""
    diagnoser = Diagnoser.open(new_context(), site_url)
    text = help_request_log()
    assert diagnoser.submit(text)
    help_box = diagnoser.box.locator(".jh-diagnose__help")
    for names in (False, True):
        help_box.locator("input.jh-diagnose__names").set_checked(names)
        help_box.locator("button.jh-diagnose__copy").click()
        expect_copied = help_box.locator(".jh-diagnose__help-note")
        diagnoser.page.wait_for_function(
            "el => el.textContent.startsWith('Copied')", arg=expect_copied.element_handle()
        )
        copied = diagnoser.page.evaluate("navigator.clipboard.readText()")
        assert copied == redact.render(text, names=names)[0]
        for value in PLANTED.values():
            assert value not in copied
        assert ("alice" in copied) is not names
        assert "redacted" in expect_copied.inner_text()


def follow_without_leaving(diagnoser: Diagnoser, link) -> None:
    """Click a link as a reader does, its navigation stopped: the test never leaves."""
    diagnoser.page.evaluate(
        "() => document.addEventListener('click', e => e.preventDefault(), true)"
    )
    link.click()


def test_the_issue_link_opens_the_form_filled_with_the_excerpt(new_context, site_url):
    """Followed, the link opens the repository's "not covered" form with the redacted
    excerpt in its message field. (The test stops the navigation: nothing leaves.)"""
    diagnoser = Diagnoser.open(new_context(), site_url)
    text = help_request_log()
    diagnoser.submit(text)
    link = diagnoser.box.locator("a.jh-diagnose__issue")
    follow_without_leaving(diagnoser, link)
    url = urlsplit(link.get_attribute("href"))
    repo_url = re.search(r"^repo_url: (\S+)", (ROOT / "mkdocs.yml").read_text(), re.M)
    repo = urlsplit(repo_url.group(1))
    assert (url.scheme, url.netloc) == ("https", "github.com")
    assert url.path == repo.path.rstrip("/") + "/issues/new"
    query = parse_qs(url.query)
    assert query["template"] == ["not-covered.yml"]
    template = yaml.safe_load((ROOT / ".github" / "ISSUE_TEMPLATE" / "not-covered.yml").read_text())
    assert "message" in {field.get("id") for field in template["body"]}
    assert query["message"] == [redact.render(text)[0]]
    assert not any(value in url.query for value in PLANTED.values())


def test_a_long_excerpt_is_not_put_in_the_link(new_context, site_url):
    diagnoser = Diagnoser.open(new_context(), site_url)
    warnings = [
        f"[W 2026-11-25 23:29:{n % 60:02d}.000 JupyterHub app:1] warning number {n} of many"
        for n in range(400)
    ]
    diagnoser.submit("\n".join(warnings))
    link = diagnoser.box.locator("a.jh-diagnose__issue")
    follow_without_leaving(diagnoser, link)
    href = link.get_attribute("href")
    assert len(href) <= 8000
    assert "too long for a link" in parse_qs(urlsplit(href).query)["message"][0]
    assert (
        "copy it with the button" in diagnoser.box.locator(".jh-diagnose__help-note").inner_text()
    )


def test_the_command_line_offers_the_same_related_pages(diagnoser, built_site, catalogue):
    """`python -m troubleshoot diagnose --json` over the built site's index lists the same
    related pages, in the same order, as the page: for a log, for a single line, beside a
    diagnosis, and after a traceback whose quoted source line looks like an error."""
    texts = []
    for entry in catalogue:
        if entry.kind == "problem":
            texts.append(noisy_log([ERROR_PREFIX + entry.title]))
            texts.append(entry.title)
    first = catalogue[0]
    texts.append(noisy_log([in_log(first.symptoms[0]), ERROR_PREFIX + catalogue[-1].title]))
    texts.append(
        "\n".join(
            [
                ERROR_PREFIX + "Uncaught exception in the spawner",
                "Traceback (most recent call last):",
                '  File "/srv/spawner.py", line 12, in start',
                '    raise RuntimeError("proxy failed to start: permission denied")',
                "RuntimeError: proxy failed to start: permission denied",
            ]
        )
    )
    index = built_site / "search" / "search_index.json"
    site = "https://example.invalid/"
    differ, offered = [], 0
    for text in texts:
        diagnoser.submit(text)
        on_page = diagnoser.related()
        run = subprocess.run(
            [sys.executable, "-m", "troubleshoot", "diagnose", "-", "--json"]
            + ["--search-index", str(index), "--site-url", site],
            input=text,
            capture_output=True,
            text=True,
            cwd=ROOT,
        )
        assert run.returncode in (0, 1), run.stderr
        on_cli = [r["url"].removeprefix(site) for r in json.loads(run.stdout)["related"]]
        offered += bool(on_page)
        if on_cli != on_page:
            differ.append(f"{text[-80:]!r}: page {on_page}, command line {on_cli}")
    assert offered >= len(texts) // 2, "few texts found related pages: the comparison is weak"
    assert not differ, "\n".join(differ)


def test_a_finding_that_check_can_find_links_to_how(diagnoser, catalogue, new_context):
    """An entry with a check points to the page's instructions for running it; one without,
    not."""
    with_check = next(e for e in catalogue if e.checks and e.kind == "problem")
    without = next(e for e in catalogue if not e.checks and e.kind == "problem")
    diagnoser.submit(noisy_log([in_log(with_check.symptoms[0]), in_log(without.symptoms[0])]))
    links = dict(
        diagnoser.box.locator("[data-entry]").evaluate_all(
            "items => items.map(i => [i.dataset.entry,"
            " (i.querySelector('.jh-diagnose__check a') || {}).href || null])"
        )
    )
    assert links[with_check.id].endswith(f"/{with_check.url}#check"), links
    assert links[without.id] is None, links
    page = new_context().new_page()
    page.goto(links[with_check.id])
    assert "jupyterhub-troubleshoot check" in page.locator("#check").inner_text()

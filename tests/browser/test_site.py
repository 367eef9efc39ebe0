"""The built site in a real browser: offline, dark palette, screenshots for review."""

from __future__ import annotations

import pytest

from .harness import ARTEFACTS, Diagnoser, SearchBox, in_log, noisy_log

pytestmark = pytest.mark.browser


def test_no_page_requests_anything_from_another_host(
    new_context, site_url, built_site, network_guard
):
    """Open every page; the autouse guard fails the test on any request off 127.0.0.1."""
    page = new_context().new_page()
    local = []
    page.on("request", lambda r: local.append(r.url))
    for html in sorted(built_site.rglob("index.html")):
        path = html.parent.relative_to(built_site).as_posix()
        page.goto(site_url + ("" if path == "." else path + "/"))
        page.wait_for_load_state("networkidle")
    assert local and all(url.startswith("http://127.0.0.1:") for url in local)


def test_dark_palette_renders(new_context, site_url):
    page = new_context().new_page()
    page.goto(site_url)
    assert page.evaluate("() => document.body.dataset.mdColorScheme") == "default"
    light = page.evaluate("() => getComputedStyle(document.body).backgroundColor")
    page.locator("form[data-md-component=palette] label:visible").first.click()
    page.wait_for_function("() => document.body.dataset.mdColorScheme === 'slate'")
    dark = page.evaluate("() => getComputedStyle(document.body).backgroundColor")
    assert luminance(dark) < 0.2 < luminance(light), (light, dark)
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=ARTEFACTS / "landing-dark.png")


def luminance(css_colour: str) -> float:
    """Relative luminance (0 black .. 1 white) of an `rgb(r, g, b)` colour."""
    r, g, b = (int(v) / 255 for v in css_colour[css_colour.index("(") + 1 : -1].split(",")[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def test_screenshots(new_context, site_url, catalogue):
    """Landing page (empty, then with a diagnosed log) and one entry page, saved under
    .artefacts/browser/ for review."""
    page = new_context().new_page()
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    page.goto(site_url)
    page.screenshot(path=ARTEFACTS / "landing.png", full_page=True)
    entry = next(e for e in catalogue if e.kind == "problem")
    Diagnoser(page).paste(noisy_log([in_log(s) for s in entry.symptoms]))
    page.screenshot(path=ARTEFACTS / "landing-diagnosed.png", full_page=True)
    page.goto(site_url + entry.url)
    assert entry.title in page.locator("h1").first.inner_text()
    page.screenshot(path=ARTEFACTS / f"entry-{entry.id}.png", full_page=True)
    for name in ("landing.png", "landing-diagnosed.png", f"entry-{entry.id}.png"):
        assert (ARTEFACTS / name).stat().st_size > 10_000


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_screenshots_in_both_schemes_on_desktop_and_phone(
    browser, site_url, catalogue, scheme, device
):
    """The home page, an entry and the 404 page as readers see them, for review under
    .artefacts/browser/ (<page>-<scheme>-<device>.png)."""
    viewport = {"desktop": (1280, 900), "phone": (412, 823)}[device]
    context = browser.new_context(
        viewport={"width": viewport[0], "height": viewport[1]},
        color_scheme=scheme,
        is_mobile=device == "phone",
    )
    page = context.new_page()
    entry = next(e for e in catalogue if e.kind == "problem")
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    for name, path in (("home", ""), (f"entry-{entry.id}", entry.url), ("404", "no/such/")):
        page.goto(site_url + path)
        page.wait_for_load_state("networkidle")
        expected = "slate" if scheme == "dark" else "default"
        assert page.evaluate("() => document.body.dataset.mdColorScheme") == expected
        shot = ARTEFACTS / f"{name}-{scheme}-{device}.png"
        page.screenshot(path=shot, full_page=True)
        assert shot.stat().st_size > 10_000
    context.close()


def test_a_missing_page_offers_search_the_paste_box_and_the_sections(
    new_context, site_url, catalogue
):
    """Served for any missing address, however deep (absolute links), the 404 page is a
    way on: the search opens, a pasted log is diagnosed with working links, the sections
    are listed."""
    page = new_context().new_page()
    response = page.goto(site_url + "no/such/page/at/depth/")
    assert response.status == 404
    assert page.locator("h1").first.inner_text() == "Page not found"
    page.get_by_text("Search the guide").click()
    page.wait_for_function("() => document.querySelector('#__search').checked")
    page.keyboard.press("Escape")
    entry = next(e for e in catalogue if e.kind == "problem")
    findings = Diagnoser(page).paste(noisy_log([in_log(s) for s in entry.symptoms]))
    assert findings and findings[0][0] == entry.id, findings
    link = page.locator(".jh-diagnose__title").first.get_attribute("href")
    assert page.request.get(link).status == 200, link
    sections = page.locator("#sections + ul a")
    assert sections.count() >= 5
    for href in sections.evaluate_all("links => links.map(a => a.href)"):
        assert page.request.get(href).status == 200, href
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=ARTEFACTS / "not-found.png", full_page=True)


# The contrast of an element's text against what is behind it, as WCAG 2 computes it:
# colours with alpha blended over the backgrounds behind them.
CONTRAST = """
el => {
  const parse = c => {
    const v = c.match(/rgba?\\(([^)]+)\\)/)[1].split(/[ ,\\/]+/).filter(Boolean).map(Number);
    return [v[0], v[1], v[2], v.length > 3 ? v[3] : 1];
  };
  const over = (top, bottom) => [0, 1, 2].map(i => top[i] * top[3] + bottom[i] * (1 - top[3]));
  const layers = [];
  for (let node = el; node; node = node.parentElement) {
    const colour = parse(getComputedStyle(node).backgroundColor);
    if (colour[3] > 0) layers.push(colour);
    if (colour[3] >= 1) break;
  }
  let back = [255, 255, 255];
  for (const layer of layers.reverse()) back = over(layer, [...back, 1]);
  const fore = over(parse(getComputedStyle(el).color), [...back, 1]);
  const lum = c => c.map(v => (v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4)
    .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
  const [a, b] = [lum(fore), lum(back)].sort((x, y) => y - x);
  return (a + 0.05) / (b + 0.05);
}
"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_text_links_buttons_and_the_search_hint_read_in_both_schemes(
    new_context, site_url, catalogue, scheme
):
    """At least 4.5:1 (WCAG 2 AA) for the header, running text and its links, the
    Diagnose button and the search box's "Diagnose the whole log" hint; links in running
    text underlined (their colour is close to the text's)."""
    context = new_context()
    page = context.new_page()
    page.emulate_media(color_scheme=scheme)
    page.goto(site_url)
    expected = "slate" if scheme == "dark" else "default"
    assert page.evaluate("() => document.body.dataset.mdColorScheme") == expected
    low = {}
    for name, selector in {
        "header title": ".md-header__title",
        "running text": ".md-typeset p",
        "link in running text": ".md-typeset p a",
        "Diagnose button": "button.jh-diagnose__run",
    }.items():
        ratio = page.locator(selector).first.evaluate(CONTRAST)
        if ratio < 4.5:
            low[name] = round(ratio, 2)
    decoration = page.locator(".md-typeset p a").first.evaluate(
        "a => getComputedStyle(a).textDecorationLine"
    )
    entry = next(e for e in catalogue if e.kind == "problem")
    search = SearchBox(context, site_url)
    search.page.emulate_media(color_scheme=scheme)
    search.paste(noisy_log([in_log(s) for s in entry.symptoms]))
    for name, selector in {
        "search hint": ".jh-search-hint",
        "its link": ".jh-search-hint a",
    }.items():
        ratio = search.page.locator(selector).evaluate(CONTRAST)
        if ratio < 4.5:
            low[name] = round(ratio, 2)
    assert not low, f"below 4.5:1 in the {scheme} scheme: {low}"
    assert decoration == "underline", f"links in running text: {decoration}"


# Layout shifts the page makes while it loads (Chromium's layout-shift entries, as CLS adds
# them up), recorded from the start.
LAYOUT_SHIFTS = """
window.__layoutShift = 0;
new PerformanceObserver(list => {
  for (const entry of list.getEntries())
    if (!entry.hadRecentInput) window.__layoutShift += entry.value;
}).observe({ type: "layout-shift", buffered: true });
"""


@pytest.mark.parametrize("viewport", [(1280, 900), (412, 823)], ids=["desktop", "phone"])
def test_pages_with_the_paste_box_do_not_shift_while_they_load(browser, site_url, viewport):
    """The box is in the page's HTML, so it takes its space before its script runs."""
    context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})
    context.add_init_script(LAYOUT_SHIFTS)
    shifts = {}
    for path in ("", "diagnose/", "no/such/page/"):
        page = context.new_page()
        page.goto(site_url + path)
        page.wait_for_function("() => document.querySelector('[data-jh-diagnose]').dataset.mounted")
        page.wait_for_load_state("networkidle")
        shifts[path or "home"] = round(page.evaluate("window.__layoutShift"), 3)
    context.close()
    assert all(value < 0.05 for value in shifts.values()), shifts

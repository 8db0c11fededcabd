"""The demo report in a real browser: Debian's chromium, driven by Playwright, under a sub-path.

The site is built for ``http://127.0.0.1:PORT/report/`` and served from a stdlib server that
answers only under ``/report/`` (as GitHub Pages serves a project site), so a link that
forgets the base path fails here. Each page must load without console errors, page errors
or failed requests, and every chart must be drawn (an SVG inside each ``.chart-plot``).

With ``SITEGEN_SCREENSHOTS=1`` the home page and a post are saved to docs/screenshots/.
Browsers cannot be downloaded here: never run ``playwright install``.
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser_support import BROWSER_MARKS, CHARTS_DRAWN, PageProblems, chromium, serve

from sitegen.config import load_config, with_overrides
from sitegen.site.build import build_site

REPO = Path(__file__).resolve().parents[1]
PREFIX = "/report"
CHART_TIMEOUT_MS = 15_000

pytestmark = BROWSER_MARKS


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[str]:
    """The demo built for its sub-path address and served on 127.0.0.1; yields the base URL."""
    output = tmp_path_factory.mktemp("browser") / "site"
    output.mkdir()
    with serve(output, PREFIX) as url:
        config = load_config(REPO / "sitegen.yml")
        config = dataclasses.replace(
            config, paths=dataclasses.replace(config.paths, output=str(output))
        )
        build_site(with_overrides(config, site={"url": url}), use_cache=False)
        yield url


@pytest.fixture(scope="module")
def browser_context():
    """Chromium with a fresh user data dir, 1280 pixels wide; 10 seconds for each action."""
    with chromium() as context:
        context.set_default_timeout(10_000)
        yield context


@pytest.fixture
def open_page(browser_context, server):
    """``open_page(path)``: a new tab at ``path`` (under the base URL), loaded, with its
    problems recorded; at the end of the test no problems may have been seen."""
    opened = []

    def _open(path: str):
        page = browser_context.new_page()
        problems = PageProblems(page, count_aborted=True)
        opened.append((page, problems, path))
        response = page.goto(server + path, wait_until="load")
        assert response is not None and response.ok, f"{path}: {response and response.status}"
        return page

    yield _open
    failures = []
    for page, problems, path in opened:
        page.wait_for_load_state("networkidle")
        failures += [f"{path}: {item}" for item in problems.take()]
        page.close()
    assert failures == []


def assert_charts_drawn(page, minimum: int = 1) -> None:
    plots = page.locator(".chart-plot")
    assert plots.count() >= minimum
    page.wait_for_function(
        CHARTS_DRAWN,
        timeout=CHART_TIMEOUT_MS,
    )
    for i in range(plots.count()):
        plot = plots.nth(i)
        assert plot.locator("svg").count() >= 1, plot.get_attribute("id")
        box = plot.bounding_box()
        assert box and box["width"] > 100 and box["height"] > 100, plot.get_attribute("id")


def screenshot(page, name: str) -> None:
    if os.environ.get("SITEGEN_SCREENSHOTS") == "1":
        folder = REPO / "docs" / "screenshots"
        folder.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(folder / name), full_page=True)


def chart_post() -> str:
    """The path of a demo post that embeds a chart."""
    from sitegen.content import load_posts

    for post in load_posts(REPO / "content" / "posts"):
        if any(code.kind == "chart" for code in post.shortcodes):
            return f"posts/{post.slug}/"
    pytest.fail("no demo post embeds a chart")


def test_home_page(open_page):
    page = open_page("")
    assert_charts_drawn(page, minimum=2)
    assert page.locator("h1").first.inner_text().strip()
    screenshot(page, "home.png")


def test_post_with_charts(open_page):
    page = open_page(chart_post())
    assert_charts_drawn(page)
    assert page.locator("article.post h1").count() == 1
    screenshot(page, "post.png")


def test_charts_say_so_when_plotly_js_does_not_load(browser_context, server):
    """A blocked CDN or a failed request: each chart says it could not be drawn and opens its
    data table (it stayed an empty box, its table folded, with no word to the reader)."""
    page = browser_context.new_page()
    page.route("**/plotly*.js", lambda route: route.abort())
    try:
        page.goto(server + chart_post(), wait_until="load")
        page.wait_for_function("() => document.querySelectorAll('.chart-failed').length > 0",
                               timeout=CHART_TIMEOUT_MS)
        plots = page.evaluate("""() => [...document.querySelectorAll('.chart-plot')].map(p => [
            p.classList.contains('chart-failed'), p.textContent,
            p.parentNode.querySelector('details.chart-table').open])""")
    finally:
        page.close()
    assert plots and all(failed and opened and "could not be drawn" in text
                         for failed, text, opened in plots), plots


def follow(page, link) -> None:
    """Click ``link`` as a reader who waited for the page: what it was still fetching (plotly.js,
    asked for when a chart came into view) would otherwise be cancelled, and counted."""
    page.wait_for_load_state("networkidle")
    link.click()
    page.wait_for_load_state("load")


def test_snapshot_page(open_page):
    page = open_page("snapshots/")
    follow(page, page.locator("main table a").first)
    assert re.search(r"/report/snapshots/[^/]+/$", page.url)
    assert_charts_drawn(page, minimum=4)


def test_account_page(open_page):
    """Reached as a reader would: newest snapshot, then its most followed account."""
    page = open_page("snapshots/")
    follow(page, page.locator("main table a").first)
    top = page.locator("#top-accounts ~ .table-wrap tbody a").first
    handle = top.inner_text()
    follow(page, top)
    assert re.search(r"/report/accounts/[^/]+/$", page.url)
    assert page.locator("h1").inner_text() == handle
    assert page.locator("table tbody tr").count() >= 1
    # the demo is a series: each account page charts followers against engagement
    assert_charts_drawn(page, minimum=1)


# the table's data as rows: the index, then every chunk it names, column by column
READ_TABLE = """async src => {
  const index = await (await fetch(src)).json();
  const rows = [];
  for (const chunk of index.chunks) {
    const url = new URL(chunk.file, new URL(src, location.href));
    const data = await (await fetch(url)).json();
    for (let i = 0; i < data.rows; i++) {
      const row = {};
      for (const key of index.columns) { row[key] = data[key][i]; }
      row["class"] = index.classes[row["class"]];
      rows.push(row);
    }
  }
  return JSON.stringify(rows);
}"""


def column(page, index: int) -> list[str]:
    return page.locator(f"#accounts-table tbody tr td:nth-child({index})").all_inner_texts()


def test_accounts_table_search_and_sort(open_page):
    page = open_page("accounts/")
    rows = page.locator("#accounts-table tbody tr")
    page.wait_for_function(
        "() => document.querySelectorAll('#accounts-table tbody tr').length > 1",
        timeout=CHART_TIMEOUT_MS,
    )
    page.wait_for_function(
        "() => document.querySelector('#accounts-table').getAttribute('aria-busy') === 'false'"
    )
    accounts = json.loads(
        page.evaluate(READ_TABLE, page.locator("#accounts-table").get_attribute("data-src"))
    )
    assert rows.count() == min(len(accounts), 1000)
    assert page.locator("#account-count").inner_text().startswith(f"{len(accounts):,}")
    # default order: most followed first
    followers = [int(v.replace(",", "")) for v in column(page, 3)]
    assert followers == sorted(followers, reverse=True)

    # search: a handle narrows the table to the accounts that match it
    handle = max(accounts, key=lambda a: a["followers"])["handle"]
    page.fill("#account-filter", handle)
    expected = [
        a
        for a in accounts
        if handle.lower() in f"{a['handle']} {a.get('name') or ''} {a['class']}".lower()
    ]
    page.wait_for_function(
        f"() => document.querySelectorAll('#accounts-table tbody tr').length === {len(expected)}",
        timeout=CHART_TIMEOUT_MS,
    )
    assert f"@{handle}" in column(page, 1)
    assert rows.count() < len(accounts)
    page.fill("#account-filter", "")
    page.wait_for_function(
        f"() => document.querySelectorAll('#accounts-table tbody tr')"
        f".length === {min(len(accounts), 1000)}",
        timeout=CHART_TIMEOUT_MS,
    )

    # sort: a click on "Account" sorts by handle A-Z, a second click Z-A, numbers in them as
    # numbers ("ada3791" before "ada17773723")
    def natural(handle: str) -> str:
        return re.sub(r"[0-9]+", lambda m: m[0].lstrip("0").rjust(30, "0"), handle.lower())

    heading = page.locator("#accounts-table th button[data-key='handle']")
    heading.click()
    handles = [h.removeprefix("@") for h in column(page, 1)]
    assert handles == sorted(handles, key=natural) and handles != sorted(handles)
    assert heading.locator("xpath=..").get_attribute("aria-sort") == "ascending"
    heading.click()
    handles = [h.removeprefix("@") for h in column(page, 1)]
    assert handles == sorted(handles, key=natural, reverse=True)
    assert heading.locator("xpath=..").get_attribute("aria-sort") == "descending"
    # and a number column sorts numerically, largest first
    page.locator("#accounts-table th button[data-key='following']").click()
    following = [int(v.replace(",", "")) for v in column(page, 4)]
    assert following == sorted(following, reverse=True) and following[0] > following[-1]
    # account links in the table go to existing pages under the base path
    link = page.locator("#accounts-table tbody a").first
    assert link.get_attribute("href").startswith(PREFIX + "/accounts/")


PHONE = {"width": 375, "height": 800}


def open_at(browser_context, url: str, viewport: dict):
    """A new tab ``viewport`` wide at ``url``, its charts drawn; with its problems recorded."""
    page = browser_context.new_page()
    page.set_viewport_size(viewport)
    problems = PageProblems(page)
    page.goto(url, wait_until="load")
    page.wait_for_function(CHARTS_DRAWN, timeout=CHART_TIMEOUT_MS)
    return page, problems


def newest_snapshot(browser_context, server) -> str:
    page = browser_context.new_page()
    try:
        page.goto(server + "snapshots/", wait_until="load")
        return page.locator("main table a").first.get_attribute("href").removeprefix(PREFIX + "/")
    finally:
        page.close()


def test_open_data_tables_do_not_widen_the_page_on_a_phone(browser_context, server):
    """A chart's data table is open without JavaScript, when plotly.js fails, when printed or
    when the reader opens it: at 375 pixels its columns scroll inside the figure (the whole
    page scrolled sideways, 544 pixels wide, its text cut at the right edge)."""
    widths = {}
    for path in ("", newest_snapshot(browser_context, server), "over-time/"):
        page, problems = open_at(browser_context, server + path, PHONE)
        try:
            page.evaluate("() => document.querySelectorAll('details').forEach(d => d.open = true)")
            widths[path] = page.evaluate("() => [document.documentElement.scrollWidth, "
                                         "document.documentElement.clientWidth]")
            assert problems.take() == []
        finally:
            page.close()
    assert all(scroll <= width for scroll, width in widths.values()), widths


# every axis title or tick label of each drawn chart that runs over another axis label or out
# of the chart's box (where the page cuts it off)
CLASHING_LABELS = """() => {
  const out = [];
  const clash = (a, b) => a.left < b.right - 1 && b.left < a.right - 1 &&
                          a.top < b.bottom - 1 && b.top < a.bottom - 1;
  for (const plot of document.querySelectorAll('.chart-plot')) {
    const box = plot.getBoundingClientRect();
    const titles = [...plot.querySelectorAll('.g-xtitle text, .g-ytitle text')];
    const ticks = [...plot.querySelectorAll('.xtick text, .ytick text')];
    for (const title of titles) {
      const t = title.getBoundingClientRect();
      const hit = ticks.find(tick => clash(t, tick.getBoundingClientRect()));
      if (hit) { out.push(`${plot.id}: "${title.textContent}" over "${hit.textContent}"`); }
    }
    for (const label of titles.concat(ticks)) {
      const r = label.getBoundingClientRect();
      if (r.width && (r.left < box.left - 1 || r.right > box.right + 1 ||
                      r.top < box.top - 1 || r.bottom > box.bottom + 1)) {
        out.push(`${plot.id}: "${label.textContent}" cut off`);
      }
    }
  }
  return out;
}"""


@pytest.mark.parametrize("viewport", [PHONE, {"width": 1280, "height": 900}],
                         ids=["phone", "desktop"])
def test_axis_labels_are_inside_the_chart_and_clear_of_each_other(browser_context, server,
                                                                  viewport):
    """Bar labels turn at a phone's width: they ran over the axis title ("way of use") and
    below the chart's box; wide tick numbers (30,000) ran into the y axis title; the repost
    chart's y title was longer than the chart at any width."""
    clashes = []
    for path in ("", newest_snapshot(browser_context, server), "over-time/"):
        page, problems = open_at(browser_context, server + path, viewport)
        try:
            clashes += [f"{path or 'home'}: {clash}" for clash in page.evaluate(CLASHING_LABELS)]
            assert problems.take() == []
        finally:
            page.close()
    assert clashes == []


LONG_HANDLE = "averyveryveryverylonghandle_thatgoesonandonandon_without_any_break_at_all"


def test_a_long_handle_wraps_instead_of_widening_the_page(browser_context, tmp_path):
    """A handle (or a word) longer than the line: the account page's heading and the chart
    caption naming it ran off the right edge, the page 1,601 pixels wide at 375 and 1,665 at
    1,280; now the word breaks where it must."""
    from conftest import write_tree

    write_tree(tmp_path / "project", {
        "sitegen.yml": "site:\n  title: Long\n  url: https://user.github.io/report/\n",
        "content/snapshots/2024-03/accounts.csv":
            f"id,handle\nhub,{LONG_HANDLE}\na,ann\nb,bob\nc,cleo\n",
        "content/snapshots/2024-03/follows.csv": "follower,followed\na,hub\nb,hub\nc,hub\n",
    })
    build_site(load_config(tmp_path / "project" / "sitegen.yml"), use_cache=False)
    pages = sorted((tmp_path / "project/output/accounts").glob("avery*/index.html"))
    assert len(pages) == 1
    path = f"accounts/{pages[0].parent.name}/"
    widths = {}
    with serve(tmp_path / "project/output", PREFIX) as url:
        for viewport in (PHONE, {"width": 1280, "height": 900}):
            page, problems = open_at(browser_context, url + path, viewport)
            assert LONG_HANDLE in page.locator("h1").inner_text()
            widths[viewport["width"]] = page.evaluate("() => document.documentElement.scrollWidth")
            assert problems.take() == []
            page.close()
    assert widths == {375: 375, 1280: 1280}


def test_reasons_on_an_account_page_are_readable_on_a_phone(browser_context, server):
    """The account's "Over time" table at 375 pixels: its reasons had a column 108 pixels
    wide, three words a line, each row 304 pixels tall; the table scrolls sideways, so the
    reasons get room for some 40 characters a line."""
    page = browser_context.new_page()
    try:
        page.goto(server + newest_snapshot(browser_context, server), wait_until="load")
        path = page.locator("#top-accounts ~ .table-wrap tbody a").first.get_attribute("href")
        page.set_viewport_size(PHONE)
        page.goto(server + path.removeprefix(PREFIX + "/"), wait_until="load")
        table = page.locator("#over-time ~ .table-wrap table")
        reasons = table.locator("tbody td:last-child")
        assert reasons.count() >= 2
        widths = [reasons.nth(i).bounding_box()["width"] for i in range(reasons.count())]
        heights = [box["height"] for box in (row.bounding_box()
                                             for row in table.locator("tbody tr").all())]
    finally:
        page.close()
    assert min(widths) >= 250 and max(heights) < 160, (widths, heights)

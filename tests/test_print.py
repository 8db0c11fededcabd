"""Printing a report, or saving it as PDF, in Debian's chromium (driven by Playwright).

A small project (a post with two charts, an external and an internal link) is built for a
sub-path and served on 127.0.0.1. With print media, the menus, the skip link and the pager
are hidden, every chart's data table is shown (it is folded away on screen), and an external
link is followed by its address. ``page.pdf()`` prints for real: the PDF holds the tables
and not the menu (read with poppler's ``pdftotext`` where it is installed), and afterwards
the page is as it was. The print handlers of ``site.js`` (for browsers whose CSS cannot open
a ``<details>``) are tested by firing ``beforeprint`` and ``afterprint`` on screen.
"""

from __future__ import annotations

import dataclasses
import shutil
import subprocess
from collections.abc import Iterator

import pytest
from browser_support import BROWSER_MARKS, CHARTS_DRAWN, PageProblems, chromium, serve
from conftest import tiny_network, write_tree

from sitegen.config import load_config, with_overrides
from sitegen.site.build import build_site

PREFIX = "/report"
EXTERNAL = "https://example.org/reciprocity-paper"
PROJECT = {
    "sitegen.yml": """
        site:
          title: Print test
    """,
    **tiny_network(),
    "content/posts/2024-03-02-printed.md": f"""
        ---
        title: Printed
        date: 2024-03-02
        ---
        See [the paper]({EXTERNAL}) and [the snapshot](/snapshots/2024-03/).

        [[chart:class-mix]]

        [[chart:followers-following]]
    """,
}

pytestmark = BROWSER_MARKS


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("print")
    project = write_tree(root / "project", PROJECT)
    output = root / "site"
    output.mkdir()
    with serve(output, PREFIX) as url:
        config = load_config(project / "sitegen.yml")
        config = dataclasses.replace(config, paths=dataclasses.replace(config.paths,
                                                                       output=str(output)))
        build_site(with_overrides(config, site={"url": url}), use_cache=False)
        yield url


@pytest.fixture(scope="module")
def browser_context():
    with chromium() as context:
        yield context


@pytest.fixture
def post(server, browser_context) -> Iterator[object]:
    """The post in a new tab, loaded with its charts drawn; no problems may be seen on it."""
    page = browser_context.new_page()
    problems = PageProblems(page)
    page.goto(server + "posts/printed/", wait_until="load")
    page.wait_for_function(
        CHARTS_DRAWN)
    yield page
    page.close()
    assert problems.take() == []


def visible(page, selector: str) -> list[bool]:
    locator = page.locator(selector)
    return [locator.nth(i).is_visible() for i in range(locator.count())]


def after_content(page, selector: str) -> str:
    return page.locator(selector).evaluate("a => getComputedStyle(a, '::after').content")


def test_print_media_shows_the_tables_and_hides_the_menus(post):
    assert visible(post, ".chart-table table") == [False, False]  # folded away on screen
    post.emulate_media(media="print")
    assert visible(post, ".chart-table table") == [True, True]
    for hidden in ("nav[aria-label=Main]", ".skip", ".footer-nav", ".pager", ".modebar"):
        assert not any(visible(post, hidden)), hidden
    assert post.locator("h1").is_visible()
    assert after_content(post, f"main a[href='{EXTERNAL}']") == f'" ({EXTERNAL})"'
    assert after_content(post, "main a[href$='/snapshots/2024-03/']") == "none"


def test_figures_and_tables_are_kept_whole_on_a_page(post):
    post.emulate_media(media="print")
    for selector in ("figure.chart", ".chart-table table", "tr"):
        assert post.locator(selector).first.evaluate(
            "e => getComputedStyle(e).breakInside") == "avoid", selector


def test_print_handlers_open_the_tables_and_fit_the_charts_then_put_them_back(post):
    widths = "[...document.querySelectorAll('.chart-plot')].map(p => p.clientWidth)"
    before = post.evaluate(widths)
    assert min(before) > 680
    post.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    assert visible(post, ".chart-table table") == [True, True]  # on screen: opened by site.js
    assert post.evaluate("[...document.querySelectorAll('.chart-plot svg.main-svg')]"
                         ".map(s => +s.getAttribute('width'))")[0] <= 680
    post.evaluate("window.dispatchEvent(new Event('afterprint'))")
    post.wait_for_function(f"() => {widths}[0] === {before[0]}")
    assert visible(post, ".chart-table table") == [False, False]


@pytest.mark.skipif(shutil.which("pdftotext") is None,
                    reason="pdftotext is missing (apt-get install -y poppler-utils)")
def test_the_pdf_holds_the_tables_and_not_the_menu(post, tmp_path):
    pdf = post.pdf(format="A4")
    assert pdf.startswith(b"%PDF")
    (tmp_path / "post.pdf").write_bytes(pdf)
    text = subprocess.run(["pdftotext", str(tmp_path / "post.pdf"), "-"], check=True,
                          capture_output=True, text=True).stdout
    words = " ".join(text.split())
    assert "Data behind this chart" in words and "way of use" in words
    assert "median followers" in words  # the second chart's table
    assert f"({EXTERNAL})" in words
    assert "Skip to content" not in words and "Home Posts Snapshots" not in words
    # printed, the page is as it was on screen
    assert post.locator("details[open]").count() == 0

"""The demo site as people see it: accessibility (axe-core), keyboard use, and HTML validity.

The demo (the repository's sitegen.yml and content/) is built for a sub-path address and
served on 127.0.0.1 under that path. For every page type, axe-core is injected into Debian's
chromium and ``axe.run()`` must find no serious or critical violation; on the home page and
the accounts page, pressing Tab must reach every link and control. The Nu HTML Checker
(vnu.jar) must find no error in any page.

axe-core and vnu-jar come from the npm registry into node_modules/ at the repository root
(``npm install --no-save --prefix . axe-core vnu-jar``); the checker needs Java
(``apt-get install -y default-jre-headless``). Tests skip, saying why, when these are missing.
"""

from __future__ import annotations

import dataclasses
import json
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser_support import CHARTS_DRAWN, PageProblems, browser_test, chromium, serve

from sitegen.config import load_config, with_overrides
from sitegen.content import load_posts
from sitegen.site.build import build_site
from sitegen.slugs import slugify

REPO = Path(__file__).resolve().parents[1]
AXE = REPO / "node_modules/axe-core/axe.min.js"
VNU = REPO / "node_modules/vnu-jar/build/dist/vnu.jar"
PREFIX = "/report"
URL = f"https://user.github.io{PREFIX}/"
SERIOUS = {"serious", "critical"}

needs_axe = pytest.mark.skipif(
    not AXE.is_file(),
    reason="axe-core is missing: npm install --no-save --prefix . axe-core vnu-jar",
)


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    """The demo built for a sub-path address (no cache, so nothing is written to the repo)."""
    output = tmp_path_factory.mktemp("a11y") / "site"
    config = load_config(REPO / "sitegen.yml")
    config = dataclasses.replace(
        config, paths=dataclasses.replace(config.paths, output=str(output))
    )
    build_site(with_overrides(config, site={"url": URL}), use_cache=False)
    return output


def page_types(site: Path) -> dict[str, str]:
    """One page of every type, by type: its path under the base address."""
    post = load_posts(REPO / "content/posts")[0]
    snapshots = sorted(p.parent.name for p in (site / "snapshots").glob("*/index.html"))
    accounts = sorted(p.parent.name for p in (site / "accounts").glob("*/index.html"))
    return {
        "home": "",
        "post": f"posts/{post.slug}/",
        "page": "about/",
        "tag": f"tags/{slugify(post.tags[0], 'tag')}/",
        "tags": "tags/",
        "archive": "archive/",
        "posts": "posts/",
        "snapshots": "snapshots/",
        "snapshot": f"snapshots/{snapshots[-1]}/",
        "class": "classes/reciprocator/",
        "account": f"accounts/{accounts[0]}/",
        "accounts": "accounts/",
        "404": "404.html",
    }


PAGE_TYPES = [
    "home",
    "post",
    "page",
    "tag",
    "tags",
    "archive",
    "posts",
    "snapshots",
    "snapshot",
    "class",
    "account",
    "accounts",
    "404",
]


@pytest.fixture(scope="module")
def html_check(demo) -> Iterator[subprocess.Popen | str]:
    """The Nu HTML Checker on every page, started at once in the background (it runs while
    the browser tests do); the reason it cannot run when java or vnu.jar is missing."""
    java = shutil.which("java")
    if java is None:
        yield "java is missing: apt-get install -y default-jre-headless"
        return
    if not VNU.is_file():
        yield "vnu-jar is missing: npm install --no-save --prefix . axe-core vnu-jar"
        return
    pages = sorted(str(p) for p in demo.rglob("*.html"))
    command = [java, "-jar", str(VNU), "--errors-only", "--format", "json", *pages]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    yield process
    if process.poll() is None:
        process.kill()
        process.communicate()


@pytest.fixture(scope="module")
def browser(demo, html_check) -> Iterator[tuple[object, str]]:
    """(chromium context, base URL of the served demo)."""
    with serve(demo, PREFIX) as base, chromium() as context:
        yield context, base


def open_ready(context, base: str, path: str):
    """A tab at ``path``, loaded, with its charts drawn and the accounts table filled."""
    page = context.new_page()
    problems = PageProblems(page)
    response = page.goto(base + path, wait_until="load")
    assert response is not None and response.ok, path
    page.wait_for_function(CHARTS_DRAWN)
    if page.locator("#accounts-table").count():
        page.wait_for_function(
            "() => document.querySelectorAll('#accounts-table tbody tr').length > 1"
        )
    return page, problems


RUN_AXE = """async () => {
  const result = await axe.run(document, {resultTypes: ['violations']});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ') + ' :: ' + n.failureSummary),
  }));
}"""


@browser_test
@needs_axe
@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_no_serious_accessibility_violation(browser, demo, kind):
    context, base = browser
    path = page_types(demo)[kind]
    page, problems = open_ready(context, base, path)
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate(RUN_AXE)
    page.close()
    serious = [v for v in violations if v["impact"] in SERIOUS]
    assert serious == [], json.dumps(serious, indent=2)
    assert problems.take() == []


FOCUSABLE = """() => {
  const selector = 'a[href], button:not([disabled]), input:not([disabled]), select, ' +
    'textarea, summary, [tabindex]:not([tabindex="-1"])';
  const shown = el => el.getClientRects().length > 0 &&
    getComputedStyle(el).visibility !== 'hidden';
  const all = [...document.querySelectorAll(selector)].filter(shown);
  all.forEach((el, i) => el.setAttribute('data-focus-index', String(i)));
  return all.length;
}"""
# the element Tab reached: its place in the list, "chart" for a control of a chart drawn
# meanwhile (charts are drawn as they scroll into view; plotly 7's toolbar buttons take the
# focus), or None for anything else
ACTIVE = """() => {
  const el = document.activeElement;
  if (!el) { return null; }
  const index = el.getAttribute('data-focus-index');
  return index !== null ? index : (el.closest('.chart-plot') ? 'chart' : null);
}"""


@browser_test
@pytest.mark.parametrize("kind", ["home", "accounts"])
def test_tab_reaches_every_link_and_control(browser, demo, kind):
    context, base = browser
    page, problems = open_ready(context, base, page_types(demo)[kind])
    count = page.evaluate(FOCUSABLE)
    assert count > 10
    # from the first (scrolling to each chart to draw it moved where Tab starts from)
    page.locator("[data-focus-index='0']").focus()
    reached: list[str | None] = [page.evaluate(ACTIVE)]
    while str(count - 1) not in reached and len(reached) < 20 * count:
        page.keyboard.press("Tab")
        reached.append(page.evaluate(ACTIVE))
    page.close()
    missing = sorted(set(map(str, range(count))) - set(reached), key=int)
    assert missing == [], f"{len(missing)} of {count} never got the focus: {reached}"
    assert None not in reached, "Tab stopped on an element outside the list"
    listed = [r for r in reached if r != "chart"]
    assert listed == sorted(listed, key=int), "Tab went back and forth"
    assert problems.take() == []


def test_every_page_is_valid_html(demo, html_check):
    if isinstance(html_check, str):
        pytest.skip(html_check)
    assert len(list(demo.rglob("*.html"))) > 20
    _, report = html_check.communicate(timeout=300)
    messages = json.loads(report or '{"messages": []}')["messages"]
    errors = [
        f"{m.get('url', '').removeprefix('file:' + str(demo))}:{m.get('lastLine')}: "
        f"{m.get('message')} [{m.get('extract', '').strip()[:80]}]"
        for m in messages
        if m.get("type") in ("error", "non-document-error")
    ]
    assert errors == [], "\n".join(errors)
    assert html_check.returncode == 0, report[-2000:]

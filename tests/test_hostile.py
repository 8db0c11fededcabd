"""The hostile corpus in tests/data/hostile/: every text that reaches the site holds markup,
script, template syntax, path tricks or awkward characters.

Handles such as ``<script>alert(1)</script>``, ``"><img src=x onerror=alert(1)>``, ``../../x``,
``CON``, ``a/b``, blank, 300 characters long, ``Alice``/``alice``/``ａｌｉｃｅ``; names and bios
with ``</script>``, ``javascript:``, ``{{ 7*7 }}``, ``]]>``, U+2028 and control characters;
attribute values and an attribute *name* with markup; snapshot metadata, site settings and post
front matter (title, tags, summary, author, slug ``../../etc``) likewise. The corpus is built
twice (into tmp_path); the output must show all of it as text, stay inside the output folder,
give every account its own safe, stable page, and never evaluate the template syntax. A browser
test opens the pages and fails on any dialog (every payload calls ``alert``).
"""

from __future__ import annotations

import csv
import dataclasses
import json
import re
import shutil
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import yaml
from browser_support import CHARTS_DRAWN, PageProblems, browser_test, chromium, serve

from sitegen.check import check_project
from sitegen.config import load_config
from sitegen.content import load_pages, load_posts
from sitegen.site.build import build_site
from sitegen.slugs import MAX_BYTES, MAX_LENGTH, slugify

CORPUS = Path(__file__).parent / "data" / "hostile"
PREFIX = "/hostile"
URL = f"https://example.org{PREFIX}/"
ATOM = "{http://www.w3.org/2005/Atom}"
GEXF = "{http://gexf.net/1.3}"

# what the payloads look like as live markup; escaped (or as JSON escapes) they never do
LIVE_MARKUP = [
    "<script>alert",
    "<script>",
    "<img src",
    "<svg onload",
    "<svg",
    "<iframe",
    "<b onmouseover",
    "<b>bold",
    "</script><script>",
    "<![CDATA[",
    "]]><script",
]
# what the template syntax in the corpus would turn into if it were ever evaluated
JINJA_RESULTS = ["jinjaevaluated", "JINJAEVAL"]
FORBIDDEN_TAGS = {"img", "svg", "iframe", "object", "embed", "b", "base", "form", "math"}
TEXT_SUFFIXES = (".html", ".xml", ".json", ".gexf", ".txt", ".csv")
# a percent-encoded address: ASCII, each byte beyond it as %XX
ENCODED_PATH = re.compile(r"(?:[a-z0-9_./-]|%[0-9A-F]{2})*")
XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def is_safe_slug(slug: str) -> bool:
    """Letters, marks and digits of any script, ``-`` and ``_``, within the limits, as
    ``slugify`` makes them (it keeps them as they are)."""
    return (slugify(slug) == slug and len(slug) <= MAX_LENGTH
            and len(slug.encode("utf-8")) <= MAX_BYTES)


def build(project: Path, output: Path) -> Path:
    config = load_config(project / "sitegen.yml")
    config = dataclasses.replace(
        config, paths=dataclasses.replace(config.paths, output=str(output))
    )
    build_site(config, use_cache=False)
    return output


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, Path]:
    """The corpus copied into tmp and built twice, into two output folders."""
    base = tmp_path_factory.mktemp("hostile")
    project = base / "project"
    shutil.copytree(CORPUS, project, ignore=shutil.ignore_patterns(".sitegen-cache"))
    return {
        "base": base,
        "project": project,
        "site": build(project, base / "site"),
        "again": build(project, base / "again"),
    }


@pytest.fixture(scope="module")
def site(built) -> Path:
    return built["site"]


def output_files(site: Path, suffixes: tuple[str, ...] = TEXT_SUFFIXES) -> list[Path]:
    """Every text file of the site (plotly.js, a third-party bundle, is not ours)."""
    return sorted(
        p
        for p in site.rglob("*")
        if p.is_file() and p.name.endswith(suffixes) and not p.name.startswith("plotly-")
    )


def corpus_accounts() -> dict[str, dict]:
    """The accounts of the latest snapshot as the corpus writes them, by id."""
    document = yaml.safe_load((CORPUS / "content/snapshots/2024-02 & co's.yml").read_text("utf-8"))
    return {str(a["id"]): a for a in document["accounts"]}


def data_handle(account: dict) -> str | None:
    """The handle as the data has it, trimmed; None when it is blank."""
    return (account.get("handle") or "").strip() or None


def shown_handle(account: dict) -> str:
    """How a page names an account: its handle, '@' first, or ``id ID`` when it has none
    (an id is not shown as a handle)."""
    handle = data_handle(account)
    return f"@{handle}" if handle else f"id {account['id']}"


def node_label(account: dict) -> str:
    """A graph node's label: the handle, else the id."""
    return data_handle(account) or str(account["id"])


def latest_accounts(site: Path) -> list[dict]:
    return json.loads((site / "data/2024-02-co-s/accounts.json").read_text("utf-8"))["accounts"]


class Markup(HTMLParser):
    """Tags, attributes and the visible text of a page (script and style contents apart)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None], int]] = []
        self.text: list[str] = []
        self.script_bodies: list[tuple[dict[str, str | None], str]] = []
        self._open: dict[str, str | None] | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.tags.append((tag, attributes, self.getpos()[0]))
        if tag in ("script", "style"):
            self._open = attributes

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._open = None

    def handle_data(self, data):
        if self._open is not None:
            self.script_bodies.append((self._open, data))
        else:
            self.text.append(data)


def markup(path: Path) -> Markup:
    parser = Markup()
    parser.feed(path.read_text("utf-8"))
    parser.close()
    return parser


def h1_text(path: Path) -> str:
    text = path.read_text("utf-8")
    match = re.search(r"<h1>(.*?)</h1>", text, re.S)
    assert match, f"{path} has no <h1>"
    parser = Markup()
    parser.feed(match.group(1))
    return "".join(parser.text)


# --------------------------------------------------------------------------------------
# Nothing executable
# --------------------------------------------------------------------------------------


def test_no_live_markup_in_pages_feed_sitemap_json_or_gexf(site: Path):
    found = []
    for path in output_files(site, (".html", ".xml", ".json", ".gexf", ".txt")):
        text = path.read_text("utf-8")
        found += [f"{path.relative_to(site)}: {m!r}" for m in LIVE_MARKUP if m in text]
    assert found == []


def test_pages_hold_only_the_theme_markup(site: Path):
    """No element or event handler from the data: scripts are the theme's own files or
    chart data, and no link uses a script scheme."""
    problems = []
    pages = output_files(site, (".html",))
    assert len(pages) > 30
    for path in pages:
        where = path.relative_to(site)
        for tag, attributes, line in markup(path).tags:
            if tag in FORBIDDEN_TAGS:
                problems.append(f"{where}:{line}: <{tag}>")
            for name, value in attributes.items():
                if name.startswith("on"):
                    problems.append(f"{where}:{line}: <{tag} {name}=...>")
                if name in ("href", "src", "data-src", "action") and value is not None:
                    scheme = urlsplit(value.strip()).scheme.lower()
                    if scheme not in ("", "http", "https"):
                        problems.append(f"{where}:{line}: {name}={value!r}")
            if tag == "script":
                src = attributes.get("src") or ""
                if not (
                    src.startswith(PREFIX + "/assets/")
                    or attributes.get("type") == "application/json"
                ):
                    problems.append(f"{where}:{line}: <script {attributes}>")
    assert problems == []


def test_chart_data_cannot_end_its_script_element(site: Path):
    charts, hover_text = 0, set()
    for path in output_files(site, (".html",)):
        for attributes, body in markup(path).script_bodies:
            if attributes.get("type") != "application/json":
                continue
            charts += 1
            assert not re.search("[<>&\u2028\u2029]", body), path.relative_to(site)
            hover_text |= {t for trace in json.loads(body)["data"] for t in trace.get("text", [])}
    assert charts >= 10
    # hover text carries the handles escaped for plotly.js, which reads a few HTML tags
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in hover_text
    assert '"&gt;&lt;img src=x onerror=alert(1)&gt;' in hover_text


def test_payloads_are_shown_as_text(site: Path):
    """Escaped, not removed: each page shows the exact text from the data."""
    accounts = {a["id"]: a for a in latest_accounts(site)}
    for account_id, source in corpus_accounts().items():
        page = accounts[account_id]["page"]
        assert page, account_id
        h1 = h1_text(site / unquote(page.removeprefix(PREFIX + "/")) / "index.html")
        assert h1 == shown_handle(source), account_id
    post = site / "posts/etc/index.html"
    title = load_posts(CORPUS / "content/posts")[-1].title
    assert title.startswith("<script>") and h1_text(post) == title
    assert "<title>&lt;script&gt;alert(&#39;post-title&#39;)" in post.read_text("utf-8")
    about = load_pages(CORPUS / "content/pages")[0]
    assert h1_text(site / "con-item/index.html") == about.title


def test_feed_sitemap_and_gexf_are_well_formed_xml(site: Path):
    feed = ET.parse(site / "feed.xml").getroot()
    entries = {e.findtext(f"{ATOM}title"): e for e in feed.findall(f"{ATOM}entry")}
    posts = load_posts(CORPUS / "content/posts")
    assert set(entries) == {p.title for p in posts}
    hostile = entries[posts[-1].title]
    assert hostile.findtext(f"{ATOM}summary") == posts[-1].summary
    assert hostile.findtext(f"{ATOM}author/{ATOM}name") == posts[-1].author
    assert feed.findtext(f"{ATOM}title") == load_config(CORPUS / "sitegen.yml").site.title
    sitemap = ET.parse(site / "sitemap.xml").getroot()
    for loc in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc"):
        assert loc.text.startswith(URL) and ENCODED_PATH.fullmatch(loc.text[len(URL) :])
    for gexf in output_files(site, (".gexf",)):
        labels = {n.get("label") for n in ET.parse(gexf).getroot().iter(f"{GEXF}node")}
        if "2024-02" in gexf.parent.name:
            expected = {XML_FORBIDDEN.sub("", node_label(a)) for a in corpus_accounts().values()}
            assert labels == expected


def test_no_page_or_feed_holds_a_control_character(site: Path):
    """HTML and XML cannot hold them: a name's vertical tab and form feed (s14) show U+FFFD
    on its page, visibly, as everywhere the pages show text; the CSV keeps them (above)."""
    for path in output_files(site, (".html", ".xml")):
        assert not CONTROLS.search(path.read_text("utf-8")), path
    page = next(p for p in output_files(site, (".html",)) if "ctrl\ufffdchar" in
                p.read_text("utf-8"))
    assert "ctrl\ufffdchar\ufffd end" in page.read_text("utf-8")


def test_json_files_parse_and_keep_the_values(site: Path):
    for path in output_files(site, (".json",)):
        json.loads(path.read_text("utf-8"))
    accounts = latest_accounts(site)
    assert {a["handle"] for a in accounts} == {data_handle(a) for a in corpus_accounts().values()}
    names = {a["id"]: a["name"] for a in accounts}
    assert names["s13"] == "line\u2028sep\u2029para ]]> <![CDATA[x]]>"
    assert names["s1"] == '</script><script>alert("name")</script>'


def test_csv_keeps_the_values_verbatim(site: Path):
    """The CSV download is the data itself (served as text/csv, never parsed as HTML): values
    come back exactly as they were, quoted where CSV needs it."""
    with (site / "data/2024-02-co-s/accounts.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert {r["handle"] for r in rows} == {data_handle(a) or ""
                                           for a in corpus_accounts().values()}
    assert {r["id"]: r["name"] for r in rows}["s2"] == "javascript:alert(document.domain)"


def test_template_syntax_in_the_data_is_not_evaluated(site: Path):
    found = [
        f"{p.relative_to(site)}: {r}"
        for p in output_files(site)
        for r in JINJA_RESULTS
        if r in p.read_text("utf-8")
    ]
    assert found == []
    for path in output_files(site, (".html",)):
        text = "".join(markup(path).text)
        assert not re.search(r"(?<![\d.,:-])49(?![\d.,:%-])", text), path.relative_to(site)
    home = (site / "index.html").read_text("utf-8")
    assert (
        '<p class="lead">&#34;&gt;&lt;img src=x onerror=alert(&#39;description&#39;)&gt; '
        "{{ 7*7 }} ]]&gt;</p>" in home
    )


# --------------------------------------------------------------------------------------
# Safe, unique, stable paths
# --------------------------------------------------------------------------------------


def test_every_file_stays_inside_the_output_folder(built):
    site = built["site"].resolve()
    for path in site.rglob("*"):
        assert not path.is_symlink(), path
        assert path.resolve().is_relative_to(site), path
        relative = path.relative_to(site).as_posix()
        assert all(re.fullmatch(r"[A-Za-z0-9._-]+", part) or is_safe_slug(part)
                   for part in relative.split("/")), relative
        assert all(part not in ("", ".", "..") for part in relative.split("/")), relative
    # nothing was written beside the outputs (../../etc, ../../x) or into the project
    assert sorted(p.name for p in built["base"].iterdir()) == ["again", "project", "site"]
    project_files = sorted(
        p.relative_to(built["project"]).as_posix() for p in built["project"].rglob("*")
    )
    corpus_files = sorted(
        p.relative_to(CORPUS).as_posix()
        for p in CORPUS.rglob("*")
        if ".sitegen-cache" not in p.parts
    )
    assert project_files == corpus_files


def test_post_and_page_slugs_are_safe(site: Path):
    assert (site / "posts/etc/index.html").is_file()  # slug: ../../etc
    assert (site / "posts/a-b/index.html").is_file()  # slug: a/b
    assert (site / "posts/con-item/index.html").is_file()  # 2024-05-03-CON.md
    assert (site / "con-item/index.html").is_file()  # a page with slug: CON
    tags = sorted(p.parent.name for p in (site / "tags").glob("*/index.html"))
    assert all(is_safe_slug(t) for t in tags) and len(tags) == 6


def test_account_pages_are_distinct_safe_and_stable(built):
    first, second = latest_accounts(built["site"]), latest_accounts(built["again"])
    pages = {a["id"]: a["page"] for a in first}
    assert pages == {a["id"]: a["page"] for a in second}
    assert len(set(pages.values())) == len(pages) == len(corpus_accounts())
    for account_id, page in pages.items():
        slug = unquote(page.removeprefix(f"{PREFIX}/accounts/").removesuffix("/"))
        assert is_safe_slug(slug), (account_id, page)
        assert slug not in ("con", "index", "a", "b", "account"), (account_id, page)
        assert (built["site"] / "accounts" / slug / "index.html").is_file()
    handles = {a["handle"]: pages[a["id"]] for a in first}
    alices = [handles[h] for h in ("Alice", "alice", "ａｌｉｃｅ", "Ａlice")]
    assert len(set(alices)) == 4
    assert handles["../../x"] == f"{PREFIX}/accounts/x/"  # readable, inside the site: no other x


def test_case_variants_are_told_apart_in_posts(site: Path):
    """``@Alice`` and ``[[account:Alice]]`` name the account whose handle is ``Alice``, not
    ``alice``: a mention or card never points at another person."""
    pages = {a["handle"]: a["page"] for a in latest_accounts(site)}
    post = (site / "posts/etc/index.html").read_text("utf-8")
    for handle in ("Alice", "alice"):
        assert f'<bdi><a class="mention" href="{pages[handle]}">@{handle}</a></bdi>' in post, handle
        card = re.search(rf'aria-label="Account @{handle}">.*?</aside>', post, re.S)
        assert card and f'<a href="{pages[handle]}">@{handle}</a>' in card.group(0), handle


def test_two_builds_are_byte_identical(built):
    def contents(folder: Path) -> dict[str, bytes]:
        return {
            p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*"))
            if p.is_file()
        }

    assert contents(built["site"]) == contents(built["again"])


def test_check_accepts_the_corpus(built):
    """Hostile text is valid data: it is shown as text, not refused."""
    assert check_project(built["project"] / "sitegen.yml") == []


# --------------------------------------------------------------------------------------
# In a real browser: no dialog, no console error, the text shown as text
# --------------------------------------------------------------------------------------

HOVER_EVERY_TRACE = """() => {
  for (const plot of document.querySelectorAll('.chart-plot')) {
    (plot.data || []).forEach((trace, curveNumber) => {
      try { Plotly.Fx.hover(plot, [{curveNumber, pointNumber: 0}]); } catch (e) {}
    });
  }
}"""


def browser_pages(site: Path) -> list[str]:
    accounts = sorted(p.parent.name for p in (site / "accounts").glob("*/index.html"))
    return [
        "",
        "posts/",
        "posts/etc/",
        "posts/a-b/",
        "posts/con-item/",
        "con-item/",
        "tags/",
        "tags/script-alert-tag-script/",
        "archive/",
        "snapshots/",
        "snapshots/2024-01/",
        "snapshots/2024-02-co-s/",
        "classes/reciprocator/",
        "404.html",
        *(f"accounts/{a}/" for a in accounts),
    ]


@browser_test
def test_hostile_site_in_a_browser_opens_no_dialog(site: Path):
    failures: list[str] = []
    with serve(site, PREFIX) as base, chromium() as context:
        page = context.new_page()
        problems = PageProblems(page)
        for path in browser_pages(site):
            response = page.goto(base + path, wait_until="load")
            assert response is not None and response.ok, path
            if page.locator(".chart-plot").count():
                page.wait_for_function(CHARTS_DRAWN)
                page.evaluate(HOVER_EVERY_TRACE)
            failures += [f"{path}: {p}" for p in problems.take()]
        page.close()
        failures += accounts_table_in_browser(context, base)
    assert failures == []


def accounts_table_in_browser(context, base: str) -> list[str]:
    """The table fills from JSON through site.js: the handles appear as text, also when the
    reader searches for the payload."""
    page = context.new_page()
    problems = PageProblems(page)
    page.goto(base + "accounts/", wait_until="load")
    page.wait_for_function(
        "() => document.querySelectorAll('#accounts-table tbody tr').length > 10"
    )
    cells = page.locator("#accounts-table tbody tr td:nth-child(1)").all_inner_texts()
    assert "@<script>alert(1)</script>" in cells
    assert '@"><img src=x onerror=alert(1)>' in cells
    page.fill("#account-filter", "<script>")
    page.wait_for_function(
        "() => document.querySelectorAll('#accounts-table tbody tr').length === 3"
    )
    assert page.locator("#accounts-table tbody img, #accounts-table tbody script").count() == 0
    page.locator("#accounts-table th button[data-key='handle']").click()
    found = problems.take()
    page.close()
    return [f"accounts/: {p}" for p in found]

"""``sitegen build`` end to end: the demo report built for a root URL and for a sub-path URL.

The demo (the repository's own sitegen.yml and content/) is built once per module for each
address; every test then reads the files. Scratch projects in tmp_path cover the behaviour
the demo does not show: drafts, broken references, failed builds, foreign files, CNAME,
theme overrides and @handle mentions.
"""

from __future__ import annotations

import csv
import dataclasses
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import networkx as nx
import pytest
from conftest import write_tree
from typer.testing import CliRunner

from sitegen.analysis.classify import CLASSES
from sitegen.cli import app
from sitegen.config import Config, load_config, with_overrides
from sitegen.content import load_pages, load_posts
from sitegen.site import feeds
from sitegen.site.build import build_site
from sitegen.site.theme import default_theme_dir
from sitegen.slugs import slugify

REPO = Path(__file__).resolve().parents[1]
ROOT_URL = "http://127.0.0.1:8000/"
SUB_URL = "https://user.github.io/report/"
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
GEXF = "{http://gexf.net/1.3}"


# --------------------------------------------------------------------------------------
# Reading a built site: a small DOM from html.parser, and a link resolver
# --------------------------------------------------------------------------------------

VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}


@dataclass
class Node:
    tag: str
    attrs: dict[str, str | None] = field(default_factory=dict)
    children: list[Node] = field(default_factory=list)
    text: list[str] = field(default_factory=list)
    line: int = 0

    def iter(self) -> Iterator[Node]:
        yield self
        for child in self.children:
            yield from child.iter()

    def find_all(self, tag: str | None = None, cls: str | None = None) -> list[Node]:
        return [
            n
            for n in self.iter()
            if (tag is None or n.tag == tag)
            and (cls is None or cls in (n.attrs.get("class") or "").split())
        ]

    def text_content(self) -> str:
        return "".join(self.text) + "".join(c.text_content() for c in self.children)


class TreeBuilder(HTMLParser):
    """Enough of an HTML tree for these checks (the theme writes balanced markup)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document")
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        node = Node(tag, dict(attrs), line=self.getpos()[0])
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag, attrs):
        self.stack[-1].children.append(Node(tag, dict(attrs), line=self.getpos()[0]))

    def handle_endtag(self, tag):
        if any(n.tag == tag for n in self.stack[1:]):
            while self.stack.pop().tag != tag:
                pass

    def handle_data(self, data):
        self.stack[-1].text.append(data)


def parse_html(text: str) -> Node:
    builder = TreeBuilder()
    builder.feed(text)
    builder.close()
    return builder.root


@dataclass
class Site:
    """A built site folder and the address it was built for."""

    root: Path
    url: str
    _parsed: dict[str, Node] = field(default_factory=dict)

    @property
    def base_path(self) -> str:
        return urlsplit(self.url).path

    def files(self) -> list[str]:
        return sorted(
            p.relative_to(self.root).as_posix() for p in self.root.rglob("*") if p.is_file()
        )

    def html_files(self) -> list[str]:
        return [f for f in self.files() if f.endswith(".html")]

    def read(self, relative: str) -> str:
        return (self.root / relative).read_text("utf-8")

    def dom(self, relative: str) -> Node:
        if relative not in self._parsed:
            self._parsed[relative] = parse_html(self.read(relative))
        return self._parsed[relative]

    def ids(self, relative: str) -> set[str]:
        return {n.attrs["id"] for n in self.dom(relative).iter() if n.attrs.get("id")}

    def file_of_path(self, path: str) -> str | None:
        """The site file a root-relative path is served from, or None when it leaves the site."""
        if not path.startswith(self.base_path):
            return None
        relative = unquote(path[len(self.base_path) :])
        if relative == "" or relative.endswith("/"):
            relative += "index.html"
        target = (self.root / relative).resolve()
        if not target.is_relative_to(self.root.resolve()):
            return None
        return target.relative_to(self.root.resolve()).as_posix()

    def check_link(self, page: str, link: str) -> str | None:
        """None when ``link`` (found in ``page``) works, else what is wrong with it."""
        link = link.strip()
        if not link:
            return "empty link"
        parts = urlsplit(link)
        if parts.scheme == "mailto":
            return None
        if parts.scheme or link.startswith("//"):
            if parts.scheme not in ("http", "https", ""):
                return f"unexpected scheme {parts.scheme!r}"
            site = urlsplit(self.url)
            if parts.netloc != site.netloc or parts.scheme not in ("", site.scheme):
                return None  # another host: not ours to check
            path = parts.path
        elif link.startswith("#"):
            path = None
        elif not link.startswith("/"):
            return "relative link (breaks under a sub-path or at another depth)"
        else:
            path = parts.path
        if path is None:
            target = page
        else:
            target = self.file_of_path(path)
            if target is None:
                return f"not under the base path {self.base_path}"
            if not (self.root / target).is_file():
                return f"no file {target} in the site"
        if parts.fragment:
            if not target.endswith(".html"):
                return f"fragment on a non-HTML file {target}"
            if unquote(parts.fragment) not in self.ids(target):
                return f"no id {parts.fragment!r} in {target}"
        return None


LINK_ATTRIBUTES = ("href", "src", "data-src")


def page_links(dom: Node) -> list[tuple[int, str, str]]:
    """(line, attribute, value) of every link-like attribute in a page."""
    return [
        (n.line, a, n.attrs[a])
        for n in dom.iter()
        for a in LINK_ATTRIBUTES
        if n.attrs.get(a) is not None
    ]


def broken_links(site: Site) -> list[str]:
    broken = []
    for page in site.html_files():
        for line, attribute, link in page_links(site.dom(page)):
            problem = site.check_link(page, link)
            if problem:
                broken.append(f"{page}:{line}: {attribute}={link!r}: {problem}")
    return broken


def snapshot_bytes(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def differences(a: dict[str, bytes], b: dict[str, bytes]) -> list[str]:
    only = sorted(set(a) ^ set(b))
    changed = sorted(k for k in set(a) & set(b) if a[k] != b[k])
    return [f"only in one build: {k}" for k in only] + [f"bytes differ: {k}" for k in changed]


# --------------------------------------------------------------------------------------
# The demo, built once per module for each address
# --------------------------------------------------------------------------------------


def demo_config(output: Path, url: str) -> Config:
    config = load_config(REPO / "sitegen.yml")
    config = dataclasses.replace(
        config, paths=dataclasses.replace(config.paths, output=str(output))
    )
    return with_overrides(config, site={"url": url})


def build_demo(output: Path, url: str) -> Site:
    snapshots = REPO / "content" / "snapshots"
    assert any(p for p in snapshots.iterdir() if not p.name.startswith(".")), (
        "content/snapshots/ holds no snapshots: generate the demo data with "
        "`python scripts/generate_network.py --preset demo --out content/snapshots`"
    )
    # no cache: the tests must not write .sitegen-cache/ into the repository
    build_site(demo_config(output, url), use_cache=False)
    return Site(output, url)


@pytest.fixture(scope="module")
def demo_site(tmp_path_factory) -> Callable[[str], Site]:
    """``demo_site(url)``: the demo built for ``url``, once per module."""
    built: dict[str, Site] = {}

    def get(url: str) -> Site:
        if url not in built:
            built[url] = build_demo(tmp_path_factory.mktemp("site") / "output", url)
        return built[url]

    return get


@pytest.fixture(params=[ROOT_URL, SUB_URL], ids=["root", "subpath"])
def site(request, demo_site) -> Site:
    return demo_site(request.param)


def demo_posts():
    return load_posts(REPO / "content" / "posts")


def demo_snapshot_slugs() -> list[str]:
    folder = REPO / "content" / "snapshots"
    names = [
        p.stem if p.is_file() else p.name
        for p in sorted(folder.iterdir())
        if not p.name.startswith(".") and (p.is_dir() or p.suffix in (".yml", ".yaml"))
    ]
    return [slugify(n, "snapshot") for n in names]


def test_expected_pages_exist(site: Site):
    expected = [
        "index.html",
        "posts/index.html",
        "tags/index.html",
        "archive/index.html",
        "snapshots/index.html",
        "accounts/index.html",
        "404.html",
        "feed.xml",
        "sitemap.xml",
        "robots.txt",
        ".nojekyll",
        "assets/style.css",
        "assets/site.js",
    ]
    posts = demo_posts()
    assert posts, "the demo has no posts"
    expected += [f"posts/{p.slug}/index.html" for p in posts]
    listings = -(-len(posts) // load_config(REPO / "sitegen.yml").site.posts_per_page)
    expected += [f"posts/page/{n}/index.html" for n in range(2, listings + 1)]
    expected += [f"tags/{slugify(t, 'tag')}/index.html" for p in posts for t in p.tags]
    pages = load_pages(REPO / "content" / "pages")
    assert {p.slug for p in pages} >= {"about", "method"}
    expected += [f"{p.slug}/index.html" for p in pages]
    slugs = demo_snapshot_slugs()
    assert slugs, "the demo has no snapshots"
    for slug in slugs:
        expected += [
            f"snapshots/{slug}/index.html",
            f"data/{slug}/accounts.csv",
            f"data/{slug}/accounts.json",
            f"data/{slug}/follows.gexf",
        ]
    expected += [f"classes/{c}/index.html" for c in CLASSES]
    missing = [f for f in expected if not (site.root / f).is_file()]
    assert not missing
    assert not (site.root / "CNAME").exists()  # not configured for the demo
    assert not (site.root / "posts" / "page" / str(max(listings + 1, 2))).exists()


def test_account_pages_for_the_most_followed(site: Site):
    latest = demo_snapshot_slugs()[-1]
    accounts = json.loads(site.read(f"data/{latest}/accounts.json"))["accounts"]
    wanted = load_config(REPO / "sitegen.yml").site.account_pages
    top = sorted(accounts, key=lambda a: (-a["followers"], a["id"]))[:wanted]
    pages = sorted(p.parent.name for p in (site.root / "accounts").glob("*/index.html"))
    assert len(pages) >= min(wanted, len(accounts))
    for account in top:
        assert account["page"], f"@{account['handle']} is among the most followed"
    with_page = [a for a in accounts if a["page"]]
    assert len(with_page) == len(pages)
    for account in with_page:
        file = site.file_of_path(account["page"])
        assert file and (site.root / file).is_file(), account["page"]
        assert f"@{account['handle']}</h1>" in site.read(file)


def test_every_internal_link_resolves(site: Site):
    assert len(site.html_files()) > 20
    assert broken_links(site) == []


def test_no_link_inside_a_link(site: Site):
    nested = [
        f"{page}:{a.line}"
        for page in site.html_files()
        for a in site.dom(page).find_all("a")
        if a.find_all("a")[1:]
    ]
    assert nested == []


def test_internal_links_carry_the_base_path(site: Site):
    home = site.dom("index.html")
    links = [v for _, _, v in page_links(home) if not v.startswith(("http", "#"))]
    assert links and all(v.startswith(site.base_path) for v in links)
    assert f'href="{site.base_path}assets/style.css"' in site.read("posts/index.html")
    assert f'href="{site.base_path}assets/style.css"' in site.read("404.html")


def test_feed(site: Site):
    root = ET.fromstring((site.root / "feed.xml").read_bytes())
    assert root.tag == f"{ATOM}feed"
    links = {link.get("rel", "alternate"): link.get("href") for link in root.findall(f"{ATOM}link")}
    assert links == {"alternate": site.url, "self": site.url + "feed.xml"}
    assert root.findtext(f"{ATOM}id") == site.url
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", root.findtext(f"{ATOM}updated"))
    entries = root.findall(f"{ATOM}entry")
    posts = demo_posts()
    assert len(entries) == min(len(posts), 20)
    for entry, post in zip(entries, posts):
        assert entry.findtext(f"{ATOM}title") == post.title
        href = entry.find(f"{ATOM}link").get("href")
        assert href == site.url + f"posts/{post.slug}/"
        assert entry.findtext(f"{ATOM}id") == href
        assert (site.root / site.file_of_path(urlsplit(href).path)).is_file()
        # links inside the content resolve against the feed's address
        content = parse_html(entry.findtext(f"{ATOM}content"))
        for _, _, link in page_links(content):
            absolute = urljoin(site.url + "feed.xml", link)
            if urlsplit(absolute).netloc == urlsplit(site.url).netloc:
                assert absolute.startswith(site.url), link
                assert site.check_link("feed.xml", urlsplit(absolute).path) is None, link


def test_sitemap_lists_every_page_and_only_pages(site: Site):
    root = ET.fromstring((site.root / "sitemap.xml").read_bytes())
    locs = [u.findtext(f"{SITEMAP}loc") for u in root.findall(f"{SITEMAP}url")]
    assert locs and len(locs) == len(set(locs))
    files = set()
    for loc in locs:
        assert loc.startswith(site.url), loc
        file = site.file_of_path(urlsplit(loc).path)
        assert file and (site.root / file).is_file(), loc
        files.add(file)
    assert files == set(site.html_files()) - {"404.html"}


def test_robots_nojekyll(site: Site):
    robots = site.read("robots.txt")
    assert f"Sitemap: {site.url}sitemap.xml" in robots.splitlines()
    assert (site.root / ".nojekyll").read_bytes() == b""


def test_open_data(site: Site):
    for slug in demo_snapshot_slugs():
        folder = site.root / "data" / slug
        document = json.loads((folder / "accounts.json").read_text("utf-8"))
        accounts = document["accounts"]
        assert accounts and document["network"]["accounts"] == len(accounts)
        with (folder / "accounts.csv").open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
        assert [r["id"] for r in rows] == [a["id"] for a in accounts]
        assert {"handle", "class", "followers", "following"} <= set(rows[0])
        gexf = ET.parse(folder / "follows.gexf").getroot()
        assert gexf.tag == f"{GEXF}gexf"
        nodes = gexf.findall(f"{GEXF}graph/{GEXF}nodes/{GEXF}node")
        edges = gexf.findall(f"{GEXF}graph/{GEXF}edges/{GEXF}edge")
        assert len(nodes) == len(accounts)
        assert sorted(n.get("label") for n in nodes) == sorted(a["handle"] for a in accounts)
        assert len(edges) == document["network"]["follows"]
        node_ids = {n.get("id") for n in nodes}
        assert all(e.get("source") in node_ids and e.get("target") in node_ids for e in edges)
        assert all(e.get("id") is None for e in edges)  # optional since GEXF 1.3
        assert len({(e.get("source"), e.get("target")) for e in edges}) == len(edges)
        graph = nx.read_gexf(folder / "follows.gexf")  # what a reader of the download gets
        assert graph.number_of_edges() == document["network"]["follows"]
        if document["network"]["reciprocity"] is not None:
            assert nx.overall_reciprocity(graph) == pytest.approx(
                document["network"]["reciprocity"])


def test_plotly_written_once_and_named_only_where_charts_are(site: Site):
    copies = [f for f in site.files() if "plotly" in f.rsplit("/", 1)[-1]]
    assert len(copies) == 1 and re.fullmatch(r"assets/plotly-[\w.]+\.min\.js", copies[0])
    assert (site.root / copies[0]).stat().st_size > 1_000_000
    src = site.base_path + copies[0]
    with_charts = []
    for page in site.html_files():
        dom = site.dom(page)
        scripts = [n.attrs.get("src") for n in dom.find_all("script") if n.attrs.get("src")]
        # plotly.js is no script of its own: site.js fetches it (data-plotly) when a chart
        # scrolls into view
        plotly = [n.attrs["data-plotly"] for n in dom.find_all("script")
                  if n.attrs.get("data-plotly")]
        assert not [s for s in scripts if "plotly" in s], page
        if dom.find_all("div", "chart-plot"):
            with_charts.append(page)
            assert plotly == [src], page
        else:
            assert plotly == [], f"{page} has no chart but loads plotly.js"
        assert scripts.count(site.base_path + "assets/site.js") == 1, page
    assert "index.html" in with_charts
    for slug in demo_snapshot_slugs():
        assert f"snapshots/{slug}/index.html" in with_charts


def test_charts_are_complete(site: Site):
    count = 0
    for page in site.html_files():
        dom = site.dom(page)
        ids = [n.attrs["id"] for n in dom.iter() if n.attrs.get("id")]
        duplicated = sorted({i for i in ids if ids.count(i) > 1})
        assert duplicated == [], f"{page}: ids used twice"
        data = {n.attrs.get("data-target"): n for n in dom.find_all("script", "chart-data")}
        plots = dom.find_all("div", "chart-plot")
        assert sorted(data) == sorted(p.attrs["id"] for p in plots), page
        for figure in dom.find_all("figure", "chart"):
            count += 1
            (plot,) = figure.find_all("div", "chart-plot")
            where = f"{page}: chart {plot.attrs['id']}"
            figure_json = json.loads(data[plot.attrs["id"]].text_content())
            assert figure_json["data"], where
            assert plot.attrs.get("role") == "img" and plot.attrs.get("aria-label"), where
            (caption,) = figure.find_all("figcaption")
            assert caption.text_content().strip(), where
            (table,) = figure.find_all("table")
            assert table.find_all("th") and table.find_all("tbody")[0].find_all("tr"), where
            assert all(td.text_content().strip() for td in table.find_all("td")), where
        assert len(plots) == len(dom.find_all("figure", "chart")), page
        assert all(re.fullmatch(r"[a-z0-9_-]+", p.attrs["id"]) for p in plots), page
    assert count > 10


def test_demo_post_shows_its_embeds(site: Site):
    for post in demo_posts():
        source = post.source.read_text("utf-8")
        page = f"posts/{post.slug}/index.html"
        dom = site.dom(page)
        charts = len(re.findall(r"\[\[\s*chart\s*:", source))
        assert len(dom.find_all("figure", "chart")) == charts, page
        visible = re.sub(r"<script\b.*?</script>", "", site.read(page), flags=re.S)
        assert "[[" not in visible, f"{page}: a shortcode was left in the page"
        figures = len(re.findall(r"\[\[\s*figure\s*:", source))
        assert len(dom.find_all("span", "figure")) == figures, page


def test_chart_ids_are_stable(site: Site):
    """Chart ids are named after the chart and the snapshot (people link to #figure-...)."""
    home = {n.attrs["id"] for n in site.dom("index.html").find_all("div", "chart-plot")}
    slugs = demo_snapshot_slugs()
    expected = {f"class-mix-{slugs[-1]}", f"reciprocity-distribution-{slugs[-1]}"}
    if len(slugs) > 1:
        expected.add(f"class-mix-over-time-{slugs[-1]}")
    assert home == expected
    for slug in slugs:
        ids = {
            n.attrs["id"]
            for n in site.dom(f"snapshots/{slug}/index.html").find_all("div", "chart-plot")
        }
        assert {
            f"{name}-{slug}"
            for name in (
                "class-mix",
                "followers-following",
                "reciprocity-distribution",
                "ways-of-use",
            )
        } <= ids


# --------------------------------------------------------------------------------------
# Byte-identical output
# --------------------------------------------------------------------------------------


BUILD_SCRIPT = """
import dataclasses, sys
from pathlib import Path
from sitegen.config import load_config, with_overrides
from sitegen.site.build import build_site
config = load_config(Path(sys.argv[1]))
config = dataclasses.replace(config, paths=dataclasses.replace(config.paths, output=sys.argv[2]))
build_site(with_overrides(config, site={"url": sys.argv[3]}), use_cache=False)
"""


def test_builds_are_byte_identical(demo_site, tmp_path):
    """Two more builds of the demo in fresh processes with different hash seeds (so set and
    dict order cannot leak into the output) give the same bytes as the in-process build."""
    builds = []
    for seed in ("1", "2"):
        output = tmp_path / f"seed-{seed}" / "output"
        command = [
            sys.executable,
            "-c",
            BUILD_SCRIPT,
            str(REPO / "sitegen.yml"),
            str(output),
            SUB_URL,
        ]
        env = {**os.environ, "PYTHONHASHSEED": seed}
        builds.append(
            (
                output,
                subprocess.Popen(
                    command, env=env, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
                ),
            )
        )
    reference = snapshot_bytes(demo_site(SUB_URL).root)
    for output, process in builds:
        log, _ = process.communicate(timeout=120)
        assert process.returncode == 0, log.decode()
        assert differences(reference, snapshot_bytes(output)) == []


# --------------------------------------------------------------------------------------
# Scratch projects
# --------------------------------------------------------------------------------------

SNAPSHOT = """
    taken: 2024-03-31
    network: riverside
    window_days: 31
    accounts:
      - {id: news, handle: riverside_news, name: Riverside News, followers_count: 5400,
         following_count: 12}
      - {id: ana, handle: ana_k, name: Ana K., age_band: 30-44}
      - {id: ben, handle: benm, name: Ben M., age_band: 18-29}
      - {id: cleo, handle: cleo, following_count: 40, age_band: 45-64}
      - {id: dan, handle: dan, age_band: 65+}
    follows:
      - {follower: ana, followed: news}
      - {follower: ben, followed: news}
      - {follower: cleo, followed: news}
      - {follower: dan, followed: news}
      - {follower: ana, followed: ben}
      - {follower: ben, followed: ana}
      - {follower: cleo, followed: ana}
      - {follower: news, followed: ana}
    interactions:
      - {source: ana, target: ben, kind: reply, at: 2024-03-04T09:12:00}
      - {source: ben, target: ana, kind: reply, at: 2024-03-04T09:30:00}
      - {source: ben, target: ana, kind: like, at: 2024-03-05T18:00:00, count: 3}
      - {source: ana, target: news, kind: repost, at: 2024-03-06T07:45:00}
    posts:
      - {author: news, at: 2024-03-01T08:00:00}
      - {author: news, at: 2024-03-05T08:00:00}
      - {author: news, at: 2024-03-06T07:30:00}
      - {author: ana, at: 2024-03-04T09:00:00}
      - {author: ben, at: 2024-03-10T21:15:00}
"""


def post(title: str, day: str, body: str, front: str = "") -> str:
    """The text of a post file: front matter (title, date, more lines) and a body."""
    return f"---\ntitle: {title}\ndate: {day}\n{front}---\n{body}\n"


HELLO = post(
    "Hello",
    "2024-04-01",
    "Reciprocity is [[figure:reciprocity]].\n\n[[chart:class-mix]]",
    "tags: [first]\n",
)
DRAFT = post("Not yet", "2024-04-02", "Still writing.", "draft: true\n")


@pytest.fixture
def scratch(tmp_path: Path, monkeypatch) -> Path:
    """A small project; the CLI runs from its folder (so .sitegen-cache/ stays in tmp)."""
    root = tmp_path / "project"
    write_tree(
        root,
        {
            "sitegen.yml": """
            site:
              title: Scratch report
              url: https://user.github.io/report/
              account_pages: 1
        """,
            "content/snapshots/riverside-2024-03.yml": SNAPSHOT,
            "content/posts/2024-04-01-hello.md": HELLO,
            "content/posts/2024-04-02-not-yet.md": DRAFT,
            "content/pages/about.md": "---\ntitle: About\n---\nAbout this.\n",
        },
    )
    monkeypatch.chdir(root)
    return root


@pytest.fixture
def sitegen(restore_logging) -> Callable[..., object]:
    runner = CliRunner()

    def _run(*args: str):
        return runner.invoke(app, list(args))

    return _run


def write_post(project: Path, name: str, text: str) -> None:
    (project / "content" / "posts" / name).write_text(text, "utf-8")


def build_ok(sitegen, *args: str) -> Site:
    output = Path(args[args.index("--output") + 1])
    result = sitegen("build", "--quiet", *args)
    assert result.exit_code == 0, result.output
    return Site(output.resolve(), "https://user.github.io/report/")


def test_drafts_only_with_the_option(scratch, sitegen):
    plain = build_ok(sitegen, "--output", "plain")
    assert (plain.root / "posts/hello/index.html").is_file()
    assert not (plain.root / "posts/not-yet").exists()
    assert "not-yet" not in plain.read("feed.xml") + plain.read("sitemap.xml")
    assert "Not yet" not in plain.read("index.html") + plain.read("archive/index.html")
    drafts = build_ok(sitegen, "--output", "drafts", "--drafts")
    assert "Not yet" in drafts.read("posts/not-yet/index.html")
    assert "Not yet" in drafts.read("archive/index.html")
    assert broken_links(plain) == [] and broken_links(drafts) == []


def test_a_draft_page_only_with_the_option(scratch, sitegen):
    """A page marked draft was published, in the menu of every page, even by deploy."""
    (scratch / "content/pages/plans.md").write_text("---\ntitle: Secret plans\ndraft: true\n"
                                                    "---\nNot yet.\n")
    plain = build_ok(sitegen, "--output", "plain")
    assert not (plain.root / "plans").exists()
    assert "Secret plans" not in plain.read("index.html") + plain.read("sitemap.xml")
    drafts = build_ok(sitegen, "--output", "drafts", "--drafts")
    assert "Secret plans" in drafts.read("plans/index.html") + drafts.read("index.html")
    assert sitegen("check").exit_code == 0  # its address is not taken twice


def test_hidden_and_editor_files_are_not_content(scratch, sitegen):
    """Emacs keeps '.#NAME.md', a link to nowhere, beside a post with unsaved changes: every
    build stopped on it (serve ignored it as an editor file); '.hidden.md' was published."""
    posts = scratch / "content/posts"
    os.symlink("me@host.1234:1700000000", posts / ".#2024-04-01-hello.md")
    for name in (".hidden.md", "flycheck_2024-04-01-hello.md"):
        (posts / name).write_text("---\ntitle: Not content\ndate: 2024-04-05\n---\nx\n")
    (scratch / "content/pages/.about.md").write_text("---\ntitle: Not content\n---\nx\n")
    site = build_ok(sitegen, "--output", "out")
    assert "Not content" not in site.read("index.html") + site.read("archive/index.html")
    assert sitegen("check").exit_code == 0


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("[[chart:no-such-chart]]", "unknown chart 'no-such-chart'"),
        ("[[account:nobody_here]]", "no account 'nobody_here'"),
        ("[[figure:no_such_figure]]", "unknown figure 'no_such_figure'"),
    ],
    ids=["chart", "account", "figure"],
)
def test_missing_reference_fails_naming_post_and_line(scratch, sitegen, line, message):
    # the reference is on line 7 of the file (front matter is lines 1-4)
    write_post(scratch, "2024-04-03-broken.md", post("Broken", "2024-04-03", f"Text.\n\n{line}"))
    result = sitegen("build", "--quiet", "--output", "out")
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert "posts/2024-04-03-broken.md:7:" in result.stderr
    assert message in result.stderr
    assert not (scratch / "out").exists()


def test_failed_build_leaves_the_previous_site_intact(scratch, sitegen):
    site = build_ok(sitegen, "--output", "out")
    before = snapshot_bytes(site.root)
    write_post(scratch, "2024-04-03-broken.md", post("Broken", "2024-04-03", "[[chart:nope]]"))
    hello = scratch / "content/posts/2024-04-01-hello.md"
    hello.write_text(hello.read_text() + "\nChanged.\n")
    result = sitegen("build", "--quiet", "--output", "out")
    assert result.exit_code == 2, result.output
    assert differences(before, snapshot_bytes(site.root)) == []
    assert [p.name for p in scratch.iterdir() if p.name.startswith(".sitegen-build")] == []


def test_foreign_files_survive_a_rebuild_with_a_warning(scratch, sitegen):
    site = build_ok(sitegen, "--output", "out")
    write_tree(site.root, {"keep-me.txt": "mine\n", "notes/more.md": "also mine\n"})
    result = sitegen("build", "--output", "out")
    assert result.exit_code == 0, result.output
    assert (site.root / "keep-me.txt").read_text() == "mine\n"
    assert (site.root / "notes/more.md").read_text() == "also mine\n"
    assert "keep-me.txt" in result.stderr and "notes/more.md" in result.stderr
    # still not sitegen's after a second rebuild: kept again, and named again
    result = sitegen("build", "--output", "out")
    assert result.exit_code == 0, result.output
    assert (site.root / "keep-me.txt").read_text() == "mine\n"
    assert "keep-me.txt" in result.stderr


def test_cname_when_configured(scratch, sitegen):
    site = build_ok(sitegen, "--output", "out")
    assert not (site.root / "CNAME").exists()
    config = scratch / "sitegen.yml"
    config.write_text(config.read_text() + "  cname: report.example.org\n")
    site = build_ok(sitegen, "--output", "out")
    assert (site.root / "CNAME").read_text() == "report.example.org\n"


def test_project_theme_overrides_one_template(scratch, sitegen):
    write_tree(
        scratch,
        {
            "themes/mine/templates/post.html": """
            {% extends "default:post.html" %}
            {% block main %}<p class="theme-marker">MINE-THEME-MARKER</p>
            {{ super() }}{% endblock %}
        """,
            "themes/mine/static/style.css": "body { color: rebeccapurple; }\n",
        },
    )
    config = scratch / "sitegen.yml"
    config.write_text(config.read_text() + "  theme: mine\n")
    site = build_ok(sitegen, "--output", "out")
    post = site.read("posts/hello/index.html")
    assert "MINE-THEME-MARKER" in post
    assert "<h1>Hello</h1>" in post and 'class="chart-plot"' in post  # default body kept
    for page in (
        "index.html",
        "about/index.html",
        "posts/index.html",
        "404.html",
        "accounts/index.html",
    ):
        text = site.read(page)
        assert "MINE-THEME-MARKER" not in text, page
        assert '<main id="main">' in text and "Scratch report" in text, page
    assert site.read("assets/style.css") == "body { color: rebeccapurple; }\n"
    default = default_theme_dir() / "static/site.js"
    assert (site.root / "assets/site.js").read_bytes() == default.read_bytes()
    assert broken_links(site) == []


def test_mentions_link_only_to_existing_account_pages(scratch, sitegen):
    body = (
        "Ask @riverside_news, or @benm, or @nobody_at_all; mail me@riverside_news.org.\n"
        "In code: `@riverside_news`."
    )
    write_post(scratch, "2024-04-01-hello.md", post("Hello", "2024-04-01", body))
    site = build_ok(sitegen, "--output", "out")
    body = site.read("posts/hello/index.html")
    pages = sorted(p.name for p in (site.root / "accounts").iterdir() if p.is_dir())
    assert pages == ["riverside_news"]  # account_pages: 1, the most followed
    link = ('<bdi><a class="mention" href="/report/accounts/riverside_news/">@riverside_news</a>'
            "</bdi>")
    assert body.count(link) == 1
    assert "@benm" in body and not re.search(r"<a[^>]*>@benm</a>", body)
    assert "@nobody_at_all" in body and not re.search(r"<a[^>]*>@nobody_at_all", body)
    assert "me@riverside_news.org" in body
    assert "<code>@riverside_news</code>" in body
    assert broken_links(site) == []


def test_a_fediverse_mention_names_the_whole_handle(scratch, sitegen):
    """``@ann@example.social`` is ann of that server: it links to the account with that
    handle, never to an account ``ann`` of the snapshot followed by "@example.social"."""
    snapshot = scratch / "content/snapshots/riverside-2024-03.yml"
    snapshot.write_text(snapshot.read_text().replace("handle: dan,", "handle: dan@example.social,"))
    body = ("Not ours: @riverside_news@example.social. Ours: @dan@example.social, and "
            "@riverside_news.")
    write_post(scratch, "2024-04-01-hello.md", post("Hello", "2024-04-01", body))
    site = build_ok(sitegen, "--output", "out")
    text = site.read("posts/hello/index.html")
    assert "Not ours: @riverside_news@example.social." in text
    assert text.count('class="mention"') == 2
    assert '<bdi class="mention">@dan@example.social</bdi>, and' in text  # no page: marked
    assert ('<a class="mention" href="/report/accounts/riverside_news/">@riverside_news</a>'
            "</bdi>.</p>") in text


def test_sub_path_and_pagination_in_a_scratch_build(scratch, sitegen):
    for day in range(3, 6):
        text = post(
            f"More {day}",
            f"2024-04-0{day}",
            f"Post {day}.\n\n[[chart:reciprocity-distribution]]",
            'tags: [more, "Two words"]\n',
        )
        write_post(scratch, f"2024-04-0{day}-more-{day}.md", text)
    config = scratch / "sitegen.yml"
    config.write_text(config.read_text() + "  posts_per_page: 2\n")
    site = build_ok(sitegen, "--output", "out")
    assert (site.root / "posts/page/2/index.html").is_file()
    assert (site.root / "tags/two-words/index.html").is_file()
    assert broken_links(site) == []
    root = build_ok(sitegen, "--output", "root", "--url", "http://localhost:4000")
    root.url = "http://localhost:4000/"
    assert broken_links(root) == []
    assert 'href="/assets/style.css"' in root.read("posts/page/2/index.html")


def test_cached_and_uncached_builds_are_byte_identical(scratch, sitegen):
    fresh = build_ok(sitegen, "--output", "fresh")
    again = build_ok(sitegen, "--output", "again")  # analysis and posts from the cache
    assert (scratch / ".sitegen-cache").is_dir()
    again = build_ok(sitegen, "--output", "again")  # and open data reused from output/
    assert differences(snapshot_bytes(fresh.root), snapshot_bytes(again.root)) == []


def test_a_build_with_nothing_changed_says_so(scratch, sitegen):
    first = sitegen("build", "--output", "out")
    assert first.exit_code == 0 and "built " in first.stderr, first.output
    again = sitegen("build", "--output", "out")
    assert again.exit_code == 0, again.output
    assert "nothing changed: kept " in again.stderr and "built " not in again.stderr


def test_rebuild_in_place_after_a_post_changed(scratch, sitegen):
    site = build_ok(sitegen, "--output", "out")
    post = scratch / "content/posts/2024-04-01-hello.md"
    post.write_text(post.read_text().replace("Reciprocity is", "Now reciprocity is"))
    (scratch / "content/posts/2024-04-02-not-yet.md").unlink()
    build_ok(sitegen, "--output", "out")
    assert "Now reciprocity is" in site.read("posts/hello/index.html")
    clean = build_ok(sitegen, "--output", "clean")
    assert differences(snapshot_bytes(clean.root), snapshot_bytes(site.root)) == []
    # a post that is gone loses its page (it was sitegen's, not the user's)
    post.unlink()
    result = sitegen("build", "--output", "out")
    assert result.exit_code == 0, result.output
    assert not (site.root / "posts/hello").exists()
    assert "hello" not in result.stderr


# --------------------------------------------------------------------------------------
# Bugs found by these tests and fixed: tags by address, code spans, nested mentions,
# the post cache and the theme, the cache location with --output, builds side by side
# --------------------------------------------------------------------------------------


def test_tags_differing_only_in_case_share_one_page(scratch, sitegen):
    other = post("Other", "2024-04-03", "Text.", "tags: [First]\n")  # Hello is tagged "first"
    write_post(scratch, "2024-04-03-other.md", other)
    site = build_ok(sitegen, "--output", "out")
    listing = site.read("tags/first/index.html")
    assert "Hello" in listing and "Other" in listing


def test_shortcodes_in_code_stay_literal(scratch, sitegen):
    body = (
        "Write `[[figure:rho]]` for rho, or `[[chart:NAME]]` for a chart:\n\n"
        "    [[figure:density]]\n\n"
        "Real one: [[figure:reciprocity]]."
    )
    write_post(scratch, "2024-04-01-hello.md", post("Hello", "2024-04-01", body))
    site = build_ok(sitegen, "--output", "out")
    body = site.read("posts/hello/index.html")
    assert "<code>[[figure:rho]]</code>" in body
    assert "<code>[[chart:NAME]]</code>" in body
    assert "<pre><code>[[figure:density]]" in body
    assert len(site.dom("posts/hello/index.html").find_all("span", "figure")) == 1


def test_mention_inside_link_text_is_not_linked_again(scratch, sitegen):
    body = "See [@riverside_news](https://example.org/) for more."
    write_post(scratch, "2024-04-01-hello.md", post("Hello", "2024-04-01", body))
    site = build_ok(sitegen, "--output", "out")
    anchors = site.dom("posts/hello/index.html").find_all("a")
    assert [a for a in anchors if a.find_all("a")[1:]] == []
    assert '<a href="https://example.org/">@riverside_news</a>' in site.read(
        "posts/hello/index.html"
    )


def test_rebuild_after_a_theme_change_matches_a_clean_build(scratch, sitegen):
    build_ok(sitegen, "--output", "out")  # fills .sitegen-cache/
    partial = (default_theme_dir() / "templates/partials/chart.html").read_text("utf-8")
    write_tree(
        scratch,
        {
            "themes/mine/templates/partials/chart.html": partial.replace(
                "<figcaption>", "<figcaption>MINE-CHART "
            )
        },
    )
    config = scratch / "sitegen.yml"
    config.write_text(config.read_text() + "  theme: mine\n")
    site = build_ok(sitegen, "--output", "out")
    assert "MINE-CHART" in site.read("index.html")
    assert "MINE-CHART" in site.read("posts/hello/index.html")


def test_output_option_keeps_the_cache_in_the_project(scratch, sitegen, tmp_path, monkeypatch):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    result = sitegen(
        "build",
        "--quiet",
        "--config",
        str(scratch / "sitegen.yml"),
        "--output",
        str(tmp_path / "out"),
    )
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out/index.html").is_file()
    assert not (elsewhere / ".sitegen-cache").exists()


def test_a_build_into_a_sibling_folder_does_not_break_a_running_build(scratch, tmp_path):
    config = load_config(scratch / "sitegen.yml")

    def into(folder: str) -> Config:
        return dataclasses.replace(
            config, paths=dataclasses.replace(config.paths, output=str(tmp_path / "sites" / folder))
        )

    def progress(description: str, total):
        if description == "writing data and assets":  # pages are in the staging folder
            build_site(into("preview"), use_cache=False)
        return lambda: None

    build_site(into("site"), progress=progress, use_cache=False)
    assert (tmp_path / "sites/preview/index.html").is_file()
    assert (tmp_path / "sites/site/index.html").is_file()


def test_change_over_time_and_the_audit_on_the_demo(site: Site):
    """The demo's bought audience is flagged on the site, with its evidence and chart."""
    audit = site.read("audit/index.html")
    assert "@growthhacker" in audit
    assert "new followers in the data look empty" in audit  # the evidence, in words
    assert 'id="audience-growthhacker-' in audit  # followers against engagement
    account = site.read("accounts/growthhacker/index.html")
    assert "Audience audit" in account and "score" in account
    over_time = site.read("over-time/index.html")
    assert 'id="class-transitions-' in over_time and 'id="growth-' in over_time
    for page in ("index.html", "posts/index.html"):
        assert f'href="{site.base_path}audit/"' in site.read(page)  # in the menu
    # a steady account with a page of its own is not flagged
    flagged = audit.count('class="audit-flag"')
    assert flagged >= 1 and "accounts/" in audit
    assert flagged < len([f for f in site.files() if f.startswith("accounts/")]) // 4


def sitemap_locs(site: Site, name: str) -> tuple[str, list[str]]:
    """A sitemap file's root element (without namespace) and the addresses it lists."""
    root = ET.fromstring((site.root / name).read_bytes())
    return root.tag.removeprefix(SITEMAP), [e.text for e in root.iter(f"{SITEMAP}loc")]


def test_a_site_with_more_pages_than_a_sitemap_holds_gets_an_index(scratch, sitegen,
                                                                    monkeypatch):
    """sitemaps.org: 50,000 addresses a file at most (lowered here to 3): the pages are listed
    in sitemap-1.xml, sitemap-2.xml ..., each once, and sitemap.xml is their index; a build
    back under the limit leaves one sitemap.xml again."""
    whole = build_ok(sitegen, "--output", "whole")
    kind, every = sitemap_locs(whole, "sitemap.xml")
    assert kind == "urlset" and len(every) > 6
    monkeypatch.setattr(feeds, "SITEMAP_URLS", 3)
    split = build_ok(sitegen, "--output", "split")
    kind, listed = sitemap_locs(split, "sitemap.xml")
    assert kind == "sitemapindex"
    assert listed == [f"{split.url}sitemap-{n}.xml" for n in range(1, len(listed) + 1)]
    parts = [sitemap_locs(split, f"sitemap-{n}.xml") for n in range(1, len(listed) + 1)]
    assert all(kind == "urlset" and 1 <= len(locs) <= 3 for kind, locs in parts)
    assert [loc for _, locs in parts for loc in locs] == every
    assert f"Sitemap: {split.url}sitemap.xml" in split.read("robots.txt").splitlines()
    monkeypatch.setattr(feeds, "SITEMAP_URLS", 50_000)
    write_post(scratch, "2024-04-01-hello.md", HELLO + "\nOne more line.\n")  # a new build
    again = build_ok(sitegen, "--output", "split")
    assert sitemap_locs(again, "sitemap.xml") == ("urlset", every)
    assert not list(again.root.glob("sitemap-*.xml"))


def test_a_site_address_with_a_space_and_accents_is_percent_encoded(demo_site):
    """site.url's path was written into links as given: 'https://example.org/rapport é/'
    gave sitemap entries and links with a raw space and 'é' (the slugs were encoded, the base
    path not), and a quote or '<' in it reached every href."""
    written = "https://example.org/rapport é/a\"b<c/"
    site = demo_site(written)
    site.url = "https://example.org/rapport%20%C3%A9/a%22b%3Cc/"  # as links must carry it
    assert broken_links(site) == []
    sitemap = site.read("sitemap.xml")
    locs = re.findall(r"<loc>([^<]*)</loc>", sitemap)
    assert locs and all(loc.startswith(site.url) for loc in locs)
    assert "rapport é" not in sitemap and not any('"' in loc or "&" in loc for loc in locs)
    assert f"Sitemap: {site.url}sitemap.xml" in site.read("robots.txt").splitlines()


def test_a_site_address_with_a_query_or_fragment_is_refused():
    """'https://ex.org/r?x=1' made every link '/rassets/...' and sitemap entries
    'https://ex.org/r?x=1/about/': refused, as links start with the address's path."""
    from sitegen.config import url_problem

    for url in ("https://ex.org/r?x=1", "https://ex.org/r/#top", "https://ex.org/r/?"):
        assert url_problem(url) and "without ?query or #fragment" in url_problem(url), url
    assert url_problem("https://ex.org/r%3Fx/") is None  # an escaped '?' is a path's


def test_a_table_of_contents_says_what_a_heading_holding_an_embed_says(tmp_path):
    """``[TOC]`` wrote its entries before the embeds were put in: a heading "Reciprocity is
    [[figure:reciprocity]] now" was listed as "Reciprocity is now"."""
    from test_purpose_site import project

    root = write_tree(tmp_path / "project", {**project(), "content/posts/toc.md": (
        "---\ntitle: Contents\ndate: 2024-04-02\n---\n[TOC]\n\n"
        "## Reciprocity is [[figure:reciprocity]] now\n\nText.\n\n## A <b>plain</b> & one\n")})
    build_site(load_config(root / "sitegen.yml"), use_cache=False)
    page = (root / "output" / "posts" / "toc" / "index.html").read_text("utf-8")
    value = re.search(r'<h2 id="reciprocity-is-now">Reciprocity is <span class="figure" '
                      r'data-figure="reciprocity">([^<]+)</span> now</h2>', page)
    assert value, page
    toc = re.search(r'<div class="toc">(.*?)</div>', page, re.S)[1]
    assert f'<a href="#reciprocity-is-now">Reciprocity is {value[1]} now</a>' in toc
    # the other entries as Markdown's toc writes them (escaped text, no markup)
    assert '<a href="#a-plain-one">A plain &amp; one</a>' in toc

"""Share cards: the Open Graph and Twitter-card metadata in every page's ``<head>``.

A tiny project is built for real: a post titled ``"><script>alert(1)</script>``, a post with a
``summary``, an account whose handle holds both kinds of quotes. Every page must carry the
card, its text escaped (read back by an HTML parser, it is the text as written; in the file,
no live markup), its addresses absolute; built without ``site.url``, there is no ``og:url``.
"""

from __future__ import annotations

import dataclasses
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import tiny_network, write_tree

from sitegen.config import load_config, with_overrides
from sitegen.site.build import build_site
from sitegen.site.markdown_render import plain_text, to_html
from sitegen.site.share import first_paragraph, public_address, trim

URL = "https://user.github.io/report/"
HOSTILE_TITLE = '"><script>alert(1)</script>'
QUOTED_HANDLE = "say\"hi'there"
LONG_PARAGRAPH = ("Fish & chips, \"quoted\" and 'single' words: " + "reciprocity " * 30).strip()

PROJECT = {
    "sitegen.yml": """
        site:
          title: Cards & "quotes"
          description: A site-wide description.
          account_pages: 10
    """,
    **tiny_network('"say""hi\'there"'),
    "content/posts/2024-03-02-hostile.md": f"""
        ---
        title: '{HOSTILE_TITLE}'
        date: 2024-03-02
        ---
        [[chart:class-mix]]

        {LONG_PARAGRAPH}

        A second paragraph.
    """,
    "content/posts/2024-03-01-summary.md": """
        ---
        title: With a summary
        date: 2024-03-01
        summary: The summary <b>as written</b>.
        ---
        The first paragraph, not the summary.
    """,
}
CARD_KEYS = ["og:type", "og:title", "og:description", "og:site_name", "twitter:card",
             "twitter:title", "twitter:description"]


class MetaTags(HTMLParser):
    """``<meta property|name=... content=...>`` of a page, values unescaped by the parser."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, str] = {}
        self.canonical: str | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "meta" and ("property" in attributes or "name" in attributes):
            key = attributes.get("property") or attributes["name"]
            self.meta[key] = attributes.get("content") or ""
        if tag == "link" and attributes.get("rel") == "canonical":
            self.canonical = attributes["href"]


def meta_of(path: Path) -> MetaTags:
    parser = MetaTags()
    parser.feed(path.read_text("utf-8"))
    return parser


def build(root: Path, url: str | None) -> Path:
    project = write_tree(root / "project", PROJECT)
    config = load_config(project / "sitegen.yml")
    config = dataclasses.replace(config, paths=dataclasses.replace(config.paths,
                                                                   output=str(root / "site")))
    if url:
        config = with_overrides(config, site={"url": url})
    build_site(config, use_cache=False)
    return root / "site"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return build(tmp_path_factory.mktemp("cards"), URL)


@pytest.fixture(scope="module")
def site_without_url(tmp_path_factory) -> Path:
    return build(tmp_path_factory.mktemp("cards-no-url"), None)


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_every_page_has_a_card_with_absolute_addresses(site: Path):
    pages = html_pages(site)
    assert len(pages) > 10
    for page in pages:
        tags = meta_of(page)
        missing = [key for key in CARD_KEYS if not tags.meta.get(key)]
        assert missing == [], f"{page}: {missing}"
        assert tags.meta["og:site_name"] == 'Cards & "quotes"'
        assert tags.meta["twitter:card"] in ("summary", "summary_large_image")
        assert len(tags.meta["og:description"]) <= 200
        if page.name == "404.html":
            assert "og:url" not in tags.meta  # not an address to share
        else:
            assert tags.meta["og:url"].startswith(URL), page
            assert tags.meta["og:url"] == tags.canonical
        for key in ("og:image", "twitter:image"):
            assert tags.meta.get(key, URL).startswith(URL)


def test_posts_are_articles_and_other_pages_websites(site: Path):
    assert meta_of(site / "posts/summary/index.html").meta["og:type"] == "article"
    assert meta_of(site / "index.html").meta["og:type"] == "website"
    assert meta_of(site / "posts/index.html").meta["og:type"] == "website"


def test_a_hostile_title_is_text_in_the_card(site: Path):
    post = site / "posts/hostile/index.html"
    tags = meta_of(post)
    assert tags.meta["og:title"] == HOSTILE_TITLE
    assert tags.meta["twitter:title"] == HOSTILE_TITLE
    head = post.read_text("utf-8").split("</head>")[0]
    assert "<script>alert" not in head
    assert 'content="&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"' in head


def test_description_is_the_first_paragraph_trimmed_at_a_word(site: Path):
    post = site / "posts/hostile/index.html"
    description = meta_of(post).meta["og:description"]
    assert description.startswith("Fish & chips, \"quoted\" and 'single' words: reciprocity")
    assert description.endswith("reciprocity…")  # a whole word, then the ellipsis
    assert len(description) <= 200
    assert meta_of(post).meta["twitter:description"] == description


def test_description_is_the_summary_when_the_post_has_one(site: Path):
    tags = meta_of(site / "posts/summary/index.html")
    assert tags.meta["og:description"] == "The summary <b>as written</b>."
    assert "<b>as written" not in (site / "posts/summary/index.html").read_text("utf-8")


def test_a_handle_with_quotes_is_escaped_in_its_page_card(site: Path):
    page = next(p for p in (site / "accounts").glob("*/index.html")
                if meta_of(p).meta["og:title"] == f"@{QUOTED_HANDLE}")
    text = page.read_text("utf-8")
    assert 'content="@say&#34;hi&#39;there"' in text
    assert meta_of(page).meta["og:description"].startswith("Way of use: ")


def test_pages_without_a_summary_use_their_chart_or_the_site_description(site: Path):
    snapshot = meta_of(site / "snapshots/2024-03/index.html").meta["og:description"]
    assert snapshot.startswith("Accounts by way of use")
    assert meta_of(site / "tags/index.html").meta["og:description"] == "A site-wide description."
    assert meta_of(site / "index.html").meta["og:description"] == "A site-wide description."


def test_no_og_url_and_no_image_without_site_url(site_without_url: Path):
    for page in html_pages(site_without_url):
        tags = meta_of(page)
        assert "og:url" not in tags.meta, page
        assert "og:image" not in tags.meta and "twitter:image" not in tags.meta
        assert tags.meta["twitter:card"] == "summary"
        assert [key for key in CARD_KEYS if not tags.meta.get(key)] == []
    assert not (site_without_url / "assets/charts").exists()


def test_trim_cuts_at_a_word_boundary():
    assert trim("short  text\n here") == "short text here"
    cut = trim("word " * 100, 30)
    assert cut == "word word word word word word…" and len(cut) <= 30
    assert trim("x" * 300, 50) == "x" * 49 + "…"


def test_first_paragraph_skips_embedded_charts():
    html = ('<figure class="chart"><p>Chart sentence.</p></figure>\n'
            '<p>The <a href="/x/">post&#39;s</a> own &amp; first.</p><p>Second.</p>')
    assert first_paragraph(html) == "The post's own & first."
    assert first_paragraph("<h2>Only a heading</h2>") == "Only a heading"


@pytest.mark.parametrize(("markdown", "text"), [
    ("x **bold**. y *it*, [a link](/x/)!", "x bold. y it, a link!"),
    ("# Head\n\nOne\n\n- two\n- three\n\n| a | b |\n| - | - |\n| 1 | 2 |",
     "Head One two three a b 1 2"),
    ("line one  \nline two", "line one line two"),
])
def test_plain_text_joins_inline_markup_and_separates_blocks(markdown: str, text: str):
    """Every tag was a space: 'x **bold**. y' was summarised 'x bold . y' (listings, the
    feed, og:description)."""
    assert plain_text(to_html(markdown)) == text


@pytest.mark.parametrize("url, public", [
    ("http://localhost:8000/", False), ("http://127.0.0.1:4000/report/", False),
    ("http://[::1]:8000/", False), ("http://site.localhost/", False),
    ("https://user.github.io/report/", True), ("http://192.0.2.7/", True),
])
def test_public_address(url: str, public: bool):
    assert public_address(url) is public

"""Plan the commentary pages: posts, listings with pagination, tags, archive, pages."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from sitegen.charts import Chart, chart_from_dict, chart_to_dict
from sitegen.content import Post
from sitegen.site.cache import JsonCache
from sitegen.site.embeds import Embedder, PageCharts, warn_not_drawn
from sitegen.site.markdown_render import finish, plain_text, to_html
from sitegen.site.model import SiteData
from sitegen.site.share import ShareCard, first_paragraph
from sitegen.site.urls import account_path, listing_path, page_path, post_path, tag_path
from sitegen.slugs import slugify


@dataclass(frozen=True)
class Page:
    """One HTML page to render: where, with which template, and what it shows."""

    path: str
    template: str
    title: str
    context: dict = field(default_factory=dict)
    charts: tuple[Chart, ...] = ()
    in_sitemap: bool = True
    key: str = ""  # when set: everything the page shows besides what all pages share
    share: ShareCard | None = None  # its Open Graph and Twitter-card metadata
    description: str | None = None  # its own summary, when kept without its context


@dataclass(frozen=True)
class RenderedPost:
    """A post with its HTML body, ready for pages, listings and the feed."""

    post: Post
    path: str
    html: str
    summary: str
    charts: tuple[Chart, ...]
    key: str = ""
    first_paragraph: str | None = None  # of its HTML (share.first_paragraph), when known


def mention_linker(site: SiteData):
    """A function from a written @handle to (handle shown, page link or None), or None
    when the handle names no account in the data (then the text stays as written)."""

    def mention_for(handle: str) -> tuple[str, str | None] | None:
        found = site.mentions.get(handle)
        if found is None:
            return None
        shown, account_id = found
        slug = site.account_slugs.get(account_id)
        return shown, site.urls.path(account_path(slug)) if slug else None

    return mention_for


def render_post(post: Post, site: SiteData, embedder: Embedder, path: str,
                cache: JsonCache | None = None, raw: str | None = None,
                shared: str | None = None) -> RenderedPost:
    """Markdown (``raw``, converted beforehand, or now) finished with its embeds and
    mentions, or the cached result when nothing it uses changed."""
    key = _post_key(post, shared or _shared_post_key(site, cache.salt if cache else ""))
    entry = cache.get(key) if cache else None
    if entry is None:
        charts = PageCharts()
        raw = raw if raw is not None else to_html(post.body, site.urls.base_path)
        html = finish(raw, embedder.render_all(post, charts), mention_linker(site))
        summary = post.summary or _first_words(plain_text(html), 40)
        entry = {"html": html, "summary": summary,
                 "charts": [chart_to_dict(c) for c in charts.charts]}
    if "first_paragraph" not in entry:  # its share card's text, kept with it
        entry = {**entry, "first_paragraph": first_paragraph(entry["html"])}
        if cache:
            cache.put(key, entry)
    charts = tuple(chart_from_dict(c) for c in entry["charts"])
    warn_not_drawn(post, charts)  # on every build, cached or not
    return RenderedPost(post, path, entry["html"], entry["summary"], charts, key,
                        entry["first_paragraph"])


def _post_key(post: Post, shared: str) -> str:
    """Everything a post's HTML depends on besides the analysis (which keys the cache file);
    ``shared``: what all posts share (``_shared_post_key``)."""
    parts = [shared, post.body, post.summary, str(post.body_line)]
    return hashlib.sha256(json.dumps(parts).encode()).hexdigest()  # a list: no two alike


def _shared_post_key(site: SiteData, salt: str) -> str:
    """What every post's key shares: the salt, the address, the account pages and what
    each @handle links to."""
    parts = [salt, site.urls.base_url, json.dumps(site.account_slugs, sort_keys=True),
             json.dumps(site.mentions, sort_keys=True)]
    return hashlib.sha256(json.dumps(parts).encode()).hexdigest()


def _first_words(text: str, count: int) -> str:
    words = text.split()
    return " ".join(words[:count]) + (" …" if len(words) > count else "")


def post_pages(posts: list[RenderedPost]) -> list[Page]:
    pages = []
    # each post whole, once: a page's key holds its neighbours so (a theme may show any of
    # their fields, date, summary, author ..., not only the title the default one shows)
    whole = [json.dumps([p.key, p.path, p.summary, p.first_paragraph, _post_fields(p.post)])
             for p in posts]
    for i, item in enumerate(posts):
        newer = posts[i - 1] if i > 0 else None
        older = posts[i + 1] if i + 1 < len(posts) else None
        neighbours = [whole[i - 1] if newer else None, whole[i + 1] if older else None]
        key = hashlib.sha256(json.dumps([whole[i], neighbours])
                             .encode("utf-8", "surrogatepass"))
        pages.append(Page(item.path, "post.html", item.post.title,
                          {"item": item, "newer": newer, "older": older}, item.charts,
                          key=key.hexdigest()))
    return pages


def _post_fields(post: Post) -> str:
    """A post's fields as text, but its body (in the rendered post's key already); its file
    by name, not by where the project is (a key must be the same in a clone of it)."""
    return repr([post.source.name, post.slug, post.title, post.date, post.tags, post.summary,
                 post.draft, post.author, post.body_line, post.shortcodes, post.order])


def listing_pages(posts: list[RenderedPost], per_page: int) -> list[Page]:
    """``posts/``, ``posts/page/2/`` ... with links to the neighbouring pages."""
    chunks = [posts[i:i + per_page] for i in range(0, len(posts), per_page)] or [[]]
    pages = []
    for number, chunk in enumerate(chunks, start=1):
        pager = {"number": number, "total": len(chunks),
                 "newer": listing_path(number - 1) if number > 1 else None,
                 "older": listing_path(number + 1) if number < len(chunks) else None}
        title = "Posts" if number == 1 else f"Posts, page {number}"
        pages.append(Page(listing_path(number), "list.html", title,
                          {"items": chunk, "pager": pager}))
    return pages


def tag_pages(posts: list[RenderedPost]) -> list[Page]:
    """One page per tag; tags that differ only in case or accents share a page."""
    groups: dict[str, list[str]] = {}
    for tag in sorted({t for item in posts for t in item.post.tags}):
        groups.setdefault(slugify(tag, "tag"), []).append(tag)
    pages, counts = [], []
    for slug, names in sorted(groups.items()):
        items = [p for p in posts if set(p.post.tags) & set(names)]
        pages.append(Page(tag_path(slug), "list.html", f"Posts tagged “{names[0]}”",
                          {"items": items, "pager": None}))
        counts.append((names[0], tag_path(slug), len(items)))
    pages.append(Page("tags/", "tags.html", "Tags", {"tags": counts}))
    return pages


def archive_page(posts: list[RenderedPost]) -> Page:
    years: dict[int, list[RenderedPost]] = {}
    for item in posts:
        years.setdefault(item.post.date.year, []).append(item)
    return Page("archive/", "archive.html", "Archive", {"years": sorted(years.items(),
                                                                         reverse=True)})


def standalone_pages(pages: list[RenderedPost]) -> list[Page]:
    return [Page(item.path, "page.html", item.post.title, {"item": item}, item.charts)
            for item in pages]


def commentary(site: SiteData, embedder: Embedder, cache: JsonCache | None = None,
               raw: dict[Path, str] | None = None) -> tuple[list[RenderedPost], list[Page]]:
    """Render every post and page; return the posts (for home and feed) and all pages.
    ``raw`` holds Markdown already converted, by source file."""
    raw = raw or {}
    shared = _shared_post_key(site, cache.salt if cache else "")
    posts = [render_post(p, site, embedder, post_path(p.slug), cache, raw.get(p.source), shared)
             for p in site.posts]
    pages = [render_post(p, site, embedder, page_path(p.slug), cache, raw.get(p.source), shared)
             for p in site.pages]
    return posts, commentary_pages(posts, pages, site.config.site.posts_per_page)


def commentary_pages(posts: list[RenderedPost], pages: list[RenderedPost],
                     per_page: int) -> list[Page]:
    """The pages of the commentary: each post, the listings, tags, archive, stand-alone pages."""
    return [*post_pages(posts), *listing_pages(posts, per_page), *tag_pages(posts),
            archive_page(posts), *standalone_pages(pages)]


def not_found_page() -> Page:
    return Page("404.html", "404.html", "Page not found", in_sitemap=False)

"""The Atom feed, the sitemap, robots.txt and the files GitHub Pages looks for."""

from __future__ import annotations

import dataclasses
import re
from datetime import date
from html import escape

import jinja2

from sitegen.chart_base import Chart
from sitegen.site.model import SiteData
from sitegen.site.opendata import INVALID_XML, xml_text
from sitegen.site.pages import Page, RenderedPost
from sitegen.site.theme import render_template
from sitegen.site.urls import Urls
from sitegen.site.writer import Staging

FEED_LENGTH = 20
SCRIPT = re.compile(r"<script\b.*?</script\s*>", re.IGNORECASE | re.DOTALL)


def _stamp(day: date | None) -> str:
    return f"{(day or date(1970, 1, 1)).isoformat()}T00:00:00Z"


def write_feed(site: SiteData, posts: list[RenderedPost], env: jinja2.Environment,
               stage: Staging) -> None:
    """Atom feed of the latest posts; 'updated' is the newest post's date, not the clock."""
    recent = [dataclasses.replace(item, html=feed_html(item, site.urls))
              for item in posts[:FEED_LENGTH]]
    updated = _stamp(recent[0].post.date if recent else site.latest.snapshot.taken)
    feed = render_template(env, "feed.xml", {
        "site": site.config.site, "urls": site.urls, "posts": recent, "updated": updated,
        "stamp": _stamp})
    # data may hold control characters that XML 1.0 forbids even when escaped
    stage.write("feed.xml", INVALID_XML.sub("", feed))


def feed_html(item: RenderedPost, urls: Urls) -> str:
    """A post's HTML for feed readers, which run no scripts: each chart drawn on the post's
    page becomes a link to it there with its caption, instead of its figure data and the
    script element that holds it (any other script is left out too)."""
    html = item.html
    for chart in item.charts:
        if chart.drawn:
            figure = re.compile(rf'<figure\b[^>]*\bid="figure-{re.escape(chart.id)}".*?</figure>',
                                re.DOTALL)
            link = _chart_link(chart, urls.absolute(f"{item.path}#figure-{chart.id}"))
            html = figure.sub(lambda _, link=link: link, html, count=1)
    return SCRIPT.sub("", html)


def _chart_link(chart: Chart, url: str) -> str:
    return (f'<p class="chart-link"><a href="{escape(url)}">Chart: {escape(chart.title)}</a>. '
            f"{escape(chart.caption)}</p>")


# a sitemap file holds at most 50,000 addresses and 50 MB (sitemaps.org); a site with more
# pages gets several, listed by a sitemap index at sitemap.xml (where robots.txt points)
SITEMAP_URLS = 50_000
SITEMAP_BYTES = 50_000_000
XML_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n'
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


def write_sitemap(site: SiteData, pages: list[Page], stage: Staging) -> None:
    entries = [f"<url><loc>{xml_text(site.urls.absolute(p.path))}</loc></url>\n"
               for p in sorted(pages, key=lambda p: p.path) if p.in_sitemap]
    parts = _sitemap_parts(entries)
    if len(parts) == 1:
        stage.write("sitemap.xml", _urlset(parts[0]))
        return
    for number, part in enumerate(parts, start=1):
        stage.write(f"sitemap-{number}.xml", _urlset(part))
    listed = "".join(f"<sitemap><loc>{xml_text(site.urls.absolute(f'sitemap-{n}.xml'))}"
                     "</loc></sitemap>\n" for n in range(1, len(parts) + 1))
    stage.write("sitemap.xml", f'{XML_HEAD}<sitemapindex xmlns="{SITEMAP_NS}">\n{listed}'
                               "</sitemapindex>\n")


def _urlset(entries: list[str]) -> str:
    return f'{XML_HEAD}<urlset xmlns="{SITEMAP_NS}">\n{"".join(entries)}</urlset>\n'


def _sitemap_parts(entries: list[str]) -> list[list[str]]:
    """The entries in runs that each fit one sitemap file (one run, maybe empty, when all
    fit)."""
    room = SITEMAP_BYTES - len(_urlset([]).encode())
    parts: list[list[str]] = [[]]
    size = 0
    for entry in entries:
        length = len(entry.encode("utf-8", "surrogatepass"))
        if len(parts[-1]) == SITEMAP_URLS or size + length > room:
            parts.append([])
            size = 0
        parts[-1].append(entry)
        size += length
    return parts


def write_pages_files(site: SiteData, stage: Staging) -> None:
    """robots.txt, .nojekyll (keep Jekyll away) and CNAME when a domain is configured."""
    stage.write("robots.txt", f"User-agent: *\nAllow: /\n"
                              f"Sitemap: {site.urls.absolute('sitemap.xml')}\n")
    stage.write(".nojekyll", "")
    if site.config.site.cname:
        stage.write("CNAME", site.config.site.cname.strip() + "\n")

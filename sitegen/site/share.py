"""Share cards: the Open Graph and Twitter-card metadata of every page.

A card holds text only; ``partials/share.html`` writes it into ``<head>``, escaped by Jinja
like every other value. Its description is the page's own summary: a post's ``summary``
front matter or its first paragraph, a chart's sentence, or the site's description.
"""

from __future__ import annotations

import dataclasses
import hashlib
import ipaddress
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from sitegen.site.markdown_render import plain_text

if TYPE_CHECKING:
    from sitegen.analysis.report import Account
    from sitegen.charts import Chart
    from sitegen.site.chart_images import ChartImages
    from sitegen.site.model import SiteData
    from sitegen.site.pages import Page

DESCRIPTION_LENGTH = 200
IMAGE_WIDTH, IMAGE_HEIGHT = 1200, 630  # the size Open Graph readers show best


@dataclass(frozen=True)
class ShareCard:
    """What a link to the page shows where it is shared."""

    title: str
    description: str
    site_name: str
    type: str  # "article" for posts, "website" otherwise
    url: str | None  # absolute; None when the site has no public address
    image: str | None = None  # absolute address of the page's chart image
    image_alt: str = ""
    image_width: int = IMAGE_WIDTH
    image_height: int = IMAGE_HEIGHT

    @property
    def twitter_card(self) -> str:
        return "summary_large_image" if self.image else "summary"


def public_address(url: str) -> bool:
    """False for the default ``http://localhost:8000/`` and any other address of this
    computer: a card may not point readers there."""
    host = (urlsplit(url).hostname or "").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return False
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return True
    return not (address.is_loopback or address.is_unspecified)


def trim(text: str, limit: int = DESCRIPTION_LENGTH) -> str:
    """``text`` on one line, cut at the last word boundary before ``limit`` characters."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit - 1]
    space = cut.rfind(" ")
    if text[limit - 1] != " " and space > limit // 2:  # not cut between two words already
        cut = cut[:space]
    return cut.rstrip(" ,;:-–—") + "…"


def first_paragraph(html: str) -> str:
    """The text of the first paragraph of a post's HTML that has words in it, leaving out
    embedded charts and cards (their paragraphs are not the post's)."""
    html = re.sub(r"<(script|figure|aside|details)\b.*?</\1>", " ", html, flags=re.S)
    for match in re.finditer(r"<p\b[^>]*>(.*?)</p>", html, flags=re.S):
        text = plain_text(match[1])
        if text:
            return text
    return plain_text(html)


def _post_description(site: SiteData, page: Page) -> str:
    item = page.context["item"]
    known = item.first_paragraph
    return item.post.summary or (first_paragraph(item.html) if known is None else known)


def _class_description(site: SiteData, page: Page) -> str:
    return f"{page.title}: accounts that {page.context['description']}."


def _account_description(account: Account) -> str:
    return f"Way of use: {account.klass}. {account.reason}"


# page template -> the page's own summary (text, not HTML); a page without one is described
# by its main chart's sentence, else by the site's description
DESCRIBERS: dict[str, Callable[[SiteData, Page], str]] = {
    "home.html": lambda site, page: site.config.site.description,
    "post.html": _post_description,
    "page.html": _post_description,
    "class.html": _class_description,
    "account.html": lambda site, page: _account_description(page.context["account"]),
}


def main_chart(charts: tuple[Chart, ...]) -> Chart | None:
    """The chart a page is about: its first chart that is drawn."""
    return next((chart for chart in charts if chart.drawn), None)


def page_description(site: SiteData, page: Page) -> str:
    """The page's own summary, from what it shows (or as kept with it: ``description``)."""
    if page.description is not None:
        return page.description
    describer = DESCRIBERS.get(page.template)
    return describer(site, page) if describer else ""


def describe(site: SiteData, page: Page) -> str:
    chart = main_chart(page.charts)
    settings = site.config.site
    text = page_description(site, page) or (chart.summary if chart else "")
    return trim(text or settings.description or settings.title)


def share_card(site: SiteData, page: Page, images: ChartImages) -> ShareCard:
    public = public_address(site.urls.base_url)
    chart = main_chart(page.charts)
    image = images.of(chart) if chart and public else None
    return ShareCard(
        title=page.title or site.config.site.title,
        description=describe(site, page),
        site_name=site.config.site.title,
        type="article" if page.template == "post.html" else "website",
        url=site.urls.absolute(page.path) if public and page.in_sitemap else None,
        image=site.urls.absolute(image) if image else None,
        image_alt=trim(f"{chart.title}. {chart.summary}") if image else "")


def with_share_cards(site: SiteData, pages: list[Page], images: ChartImages) -> list[Page]:
    """Every page with its card; a page that a rebuild may reuse is keyed on its card too
    (so that a card gaining an image is written again)."""
    carded = []
    for page in pages:
        card = share_card(site, page, images)
        key = page.key
        if key:
            fields = [getattr(card, f.name) for f in dataclasses.fields(card)]
            digest = hashlib.sha256(json.dumps(fields).encode())
            key = f"{key}:{digest.hexdigest()[:16]}"
        carded.append(dataclasses.replace(page, share=card, key=key))
    return carded

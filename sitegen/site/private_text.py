"""With pseudonyms on, a post names the accounts of the data only by their pseudonyms.

Every ``@handle`` that names an account in the data is replaced, before the Markdown is
converted, in the title, tags, summary and body (code and link text included), so that no
heading id, table of contents, page title, feed entry, tag page or sitemap entry carries it.
Accounts the author chose to name (``privacy.named``) publish their own handle.
"""

from __future__ import annotations

import dataclasses
import re

from sitegen.content import Post
from sitegen.site.markdown_render import MENTION
from sitegen.site.model import SiteData


def _replace(text: str, shown: dict[str, str]) -> str:
    return re.sub(MENTION, lambda m: "@" + shown.get(m[1], m[1]), text)


def pseudonymous_text(site: SiteData) -> SiteData:
    """The site with every post and page rewritten to the published handles (and those
    handles known to the mention links), or the site as it is when pseudonyms are off."""
    if not site.config.privacy.pseudonymize:
        return site
    shown = {written: published for written, (published, _) in site.mentions.items()
             if published != written}
    if not shown:
        return site

    def rewrite(post: Post) -> Post:
        return dataclasses.replace(
            post, title=_replace(post.title, shown), summary=_replace(post.summary, shown),
            tags=tuple(_replace(t, shown) for t in post.tags), body=_replace(post.body, shown))

    mentions = {**site.mentions, **{published: found for found in site.mentions.values()
                                    for published in (found[0],)}}
    return dataclasses.replace(site, posts=tuple(map(rewrite, site.posts)),
                               pages=tuple(map(rewrite, site.pages)), mentions=mentions)

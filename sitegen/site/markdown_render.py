"""Markdown to HTML with sitegen's embeds and @handle links."""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from collections.abc import Callable

import markdown
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor
from markdown.preprocessors import Preprocessor

from sitegen.content import SHORTCODE

EXTENSIONS = ["fenced_code", "tables", "footnotes", "toc", "sane_lists", "smarty"]
MENTION = r"(?<![\w@/.])@([A-Za-z0-9_]{1,50})\b"



class _Embeds(Preprocessor):
    """Swap each shortcode, in order, for its pre-rendered HTML (stashed, not re-parsed)."""

    def __init__(self, md, rendered: list[str]):
        super().__init__(md)
        self.rendered = rendered

    def run(self, lines):
        queue = iter(self.rendered)
        out = []
        for line in lines:
            out.append(SHORTCODE.sub(lambda m: self.md.htmlStash.store(next(queue, "")), line))
        return out


MentionLookup = Callable[[str], "tuple[str, str | None] | None"]


class _Mentions(InlineProcessor):
    """``@handle`` of an account in the data: a link when it has a page, shown under its
    published handle (a pseudonym when the report is pseudonymized)."""

    def __init__(self, mention_for: MentionLookup):
        super().__init__(MENTION)
        self.mention_for = mention_for

    def handleMatch(self, m, data):  # noqa: N802 (Markdown's API name)
        found = self.mention_for(m.group(1))
        if found is None:
            return None, None, None
        shown, url = found
        element = etree.Element("a", {"href": url, "class": "mention"}) if url else \
            etree.Element("span", {"class": "mention"})
        element.text = "@" + shown
        return element, m.start(0), m.end(0)


class _SitegenMarkdown(Extension):
    def __init__(self, rendered: list[str], link_for: MentionLookup):
        super().__init__()
        self.rendered, self.link_for = rendered, link_for

    def extendMarkdown(self, md):  # noqa: N802
        md.preprocessors.register(_Embeds(md, self.rendered), "sitegen_embeds", 20)
        md.inlinePatterns.register(_Mentions(self.link_for), "sitegen_mentions", 90)


def to_html(body: str, rendered: list[str], link_for: MentionLookup) -> str:
    """Convert a post body; ``rendered`` holds the HTML of its shortcodes in order."""
    md = markdown.Markdown(extensions=[*EXTENSIONS, _SitegenMarkdown(rendered, link_for)],
                           extension_configs={"toc": {"permalink": False}}, output_format="html")
    return md.convert(body)


def plain_text(html: str) -> str:
    """Tags removed, for summaries."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()

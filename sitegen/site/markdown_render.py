"""Markdown to HTML with sitegen's embeds and @handle links."""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from collections.abc import Callable
from html import unescape

import markdown
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

from sitegen.content import embed_matches

# no "smarty": typographic quotes doubled the time Markdown takes (bench/build.py)
EXTENSIONS = ["fenced_code", "tables", "footnotes", "toc", "sane_lists"]
MENTION = r"(?<![\w@/.])@([A-Za-z0-9_]{1,50})\b"

class _Embeds(Preprocessor):
    """Swap each shortcode, in order, for its pre-rendered HTML (stashed, not re-parsed)."""

    def __init__(self, md, rendered: list[str]):
        super().__init__(md)
        self.rendered = rendered

    def run(self, lines):
        queue = iter(self.rendered)
        by_line: dict[int, list[re.Match]] = {}
        for index, match in embed_matches(lines):
            by_line.setdefault(index, []).append(match)
        out = list(lines)
        for index, matches in sorted(by_line.items()):
            line, pieces, start = lines[index], [], 0
            for match in matches:
                pieces += [line[start:match.start()], self.md.htmlStash.store(next(queue, ""))]
                start = match.end()
            out[index] = "".join(pieces) + line[start:]
        return out


MentionLookup = Callable[[str], "tuple[str, str | None] | None"]


class _Mentions(Treeprocessor):
    """``@handle`` of an account in the data: a link when it has a page, shown under its
    published handle (a pseudonym when the report is pseudonymized). Text inside links and
    code is left alone."""

    SKIP = {"a", "code", "pre"}

    def __init__(self, md, mention_for: MentionLookup):
        super().__init__(md)
        self.mention_for = mention_for

    def run(self, root):
        self._walk(root)

    def _walk(self, element) -> None:
        if element.tag in self.SKIP:
            return
        element.text, made = self._split(element.text)
        for position, new in enumerate(made):
            element.insert(position, new)
        index = len(made)
        while index < len(element):
            child = element[index]
            self._walk(child)
            child.tail, made = self._split(child.tail)
            for offset, new in enumerate(made, start=1):
                element.insert(index + offset, new)
            index += 1 + len(made)

    def _split(self, text: str | None) -> tuple[str | None, list]:
        """Text before the first mention, and one element (with its tail) per mention."""
        if not text or "@" not in text:
            return text, []
        made, lead, start = [], None, 0
        for match in re.finditer(MENTION, text):
            found = self.mention_for(match.group(1))
            if found is None:
                continue
            shown, url = found
            before = text[start:match.start()]
            if made:
                made[-1].tail = before
            else:
                lead = before
            attributes = {"href": url, "class": "mention"} if url else {"class": "mention"}
            element = etree.Element("a" if url else "span", attributes)
            element.text = "@" + shown
            made.append(element)
            start = match.end()
        if not made:
            return text, []
        made[-1].tail = text[start:]
        return lead, made


class _SiteLinks(Treeprocessor):
    """Links and images written from the site's root (``/audit/``) get the base path, so
    they work on a project site served from a sub-path too."""

    def __init__(self, md, base_path: str):
        super().__init__(md)
        self.base_path = base_path

    def run(self, root):
        for element in root.iter():
            for attribute in ("href", "src"):
                value = element.get(attribute)
                if value and value.startswith("/") and not value.startswith("//"):
                    element.set(attribute, self.base_path + value[1:])


class _SitegenMarkdown(Extension):
    def __init__(self, rendered: list[str], link_for: MentionLookup, base_path: str):
        super().__init__()
        self.rendered, self.link_for, self.base_path = rendered, link_for, base_path

    def extendMarkdown(self, md):  # noqa: N802
        md.preprocessors.register(_Embeds(md, self.rendered), "sitegen_embeds", 20)
        md.treeprocessors.register(_SiteLinks(md, self.base_path), "sitegen_links", 6)
        md.treeprocessors.register(_Mentions(md, self.link_for), "sitegen_mentions", 5)


def to_html(body: str, rendered: list[str], link_for: MentionLookup,
            base_path: str = "/") -> str:
    """Convert a post body; ``rendered`` holds the HTML of its shortcodes in order."""
    extension = _SitegenMarkdown(rendered, link_for, base_path)
    md = markdown.Markdown(extensions=[*EXTENSIONS, extension],
                           extension_configs={"toc": {"permalink": False}}, output_format="html")
    return md.convert(body)


def plain_text(html: str) -> str:
    """The words of a post's HTML for summaries: tags, scripts and figures removed, and
    entities decoded (the summary is text, escaped again where it is shown)."""
    html = re.sub(r"<(script|figure|aside|details)\b.*?</\1>", " ", html, flags=re.S)
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip())

"""The plain text of a Mastodon post or bio: its HTML read with the standard library's
``html.parser`` (never with regular expressions), paragraphs kept apart by a blank line and
``<br>`` as a line break.

Mastodon shortens long links on screen by wrapping parts of them in
``<span class="invisible">``; the text keeps those parts, so a link reads in full.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

BLOCKS = {"p", "div", "blockquote", "pre", "ul", "ol", "li", "h1", "h2", "h3", "h4", "h5",
          "h6", "table", "tr"}
PARAGRAPH = "\x00p"  # a marker no text holds (NUL characters are dropped from the text)


def plain_text(html: object) -> str | None:
    """The text of ``html`` (None when there is none)."""
    if not isinstance(html, str) or not html.strip():
        return None
    parser = _TextParser()
    parser.feed(html.replace("\x00", ""))
    parser.close()
    return _tidy("".join(parser.parts)) or None


class _TextParser(HTMLParser):
    """Collects the text and the line breaks that the tags stand for."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag == "br":
            self.parts.append("\n")
        elif tag in BLOCKS:
            self.parts.append(PARAGRAPH)

    def handle_startendtag(self, tag: str, attrs) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in BLOCKS:
            self.parts.append(PARAGRAPH)

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def _tidy(text: str) -> str:
    """One blank line between paragraphs, no spaces at line ends, LF line ends only."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    paragraphs = (part.strip(" \t\n") for part in text.split(PARAGRAPH))
    text = "\n\n".join(part for part in paragraphs if part)
    text = re.sub(r"[ \t]+\n", "\n", text)
    return re.sub(r"\n{3,}", "\n\n", text)

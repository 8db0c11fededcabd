"""The ``.js`` files of a Twitter archive, read one record at a time.

Each data file is a line of JavaScript, ``window.YTD.tweets.part0 = ``, and then a JSON array
of records. ``tweets.js`` can hold hundreds of megabytes, so the array is read in chunks and each
record decoded as soon as it is complete: memory holds one chunk and one record, never the file.
``manifest.js`` (``window.__THAR_CONFIG = {...}``) is one small object and is read whole.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, TextIO

from sitegen.importing.twitter_tweets import Where

DATA_PREFIX = re.compile(r"\s*window\.YTD\.\w+\.part\d+\s*=\s*")
MANIFEST_PREFIX = re.compile(r"\s*window\.__THAR_CONFIG\s*=\s*")
WHITESPACE = re.compile(r"\s*")
CHUNK = 1 << 20  # characters read at a time
MAX_RECORD = 64 << 20  # one record larger than this is not a tweet: stop reading
MAX_MANIFEST = 16 << 20
DECODER = json.JSONDecoder()


@dataclass(frozen=True)
class Record:
    index: int  # 1 for the first record of the file
    line: int  # the line the record starts on
    value: Any


def read_records(stream: TextIO, label: str) -> Iterator[Record]:
    """The records of one archive data file, in order."""
    reader = _Reader(stream, label)
    reader.expect_prefix(DATA_PREFIX, "window.YTD.<name>.part<N> = [")
    reader.expect("[", "'[' after '='")
    index = 0
    if reader.peek() == "]":
        reader.skip(1)
    else:
        while True:
            index += 1
            reader.peek()
            line = reader.line
            yield Record(index, line, reader.value(index))
            following = reader.peek()
            reader.skip(1)
            if following == "]":
                break
            if following != ",":
                raise Where(label, reader.line, index).error(
                    f"expected ',' or ']' after the record, got {_shown(following)}")
    reader.expect_end()


def read_manifest(stream: TextIO, label: str) -> Any:
    """The object of ``manifest.js``."""
    text = stream.read(MAX_MANIFEST + 1)
    if len(text) > MAX_MANIFEST:
        raise Where(label).error("larger than 16 MB: not an archive's manifest")
    prefix = MANIFEST_PREFIX.match(text)
    if prefix is None:
        raise Where(label, 1).error("expected 'window.__THAR_CONFIG = {' at the start")
    body = text[prefix.end():].rstrip().removesuffix(";")
    try:
        return json.loads(body)
    except json.JSONDecodeError as exc:
        line = text.count("\n", 0, prefix.end() + exc.pos) + 1
        raise Where(label, line).error(f"not valid JSON: {exc.msg}") from None


class _Reader:
    """A window on the stream: ``text[pos:]`` is what has not been read yet."""

    def __init__(self, stream: TextIO, label: str):
        self.stream, self.label = stream, label
        self.text, self.pos, self.line, self.eof = "", 0, 1, False

    def more(self) -> bool:
        """Read one more chunk (dropping what was read); False at the end of the file."""
        chunk = self.stream.read(CHUNK)
        if not chunk:
            self.eof = True
            return False
        self.text = self.text[self.pos:] + chunk
        self.pos = 0
        return True

    def skip(self, length: int) -> None:
        end = self.pos + length
        self.line += self.text.count("\n", self.pos, end)
        self.pos = end

    def peek(self) -> str | None:
        """The next character that is not white space, or None at the end of the file."""
        while True:
            self.skip(WHITESPACE.match(self.text, self.pos).end() - self.pos)
            if self.pos < len(self.text):
                return self.text[self.pos]
            if not self.more():
                return None

    def expect_prefix(self, prefix: re.Pattern, shown: str) -> None:
        while len(self.text) < 256 and self.more():
            pass
        match = prefix.match(self.text, self.pos)
        if match is None:
            raise Where(self.label, 1).error(f"expected '{shown}' at the start",
                                             hint="is this a file of a Twitter archive?")
        self.skip(match.end() - self.pos)

    def expect(self, char: str, what: str) -> None:
        found = self.peek()
        if found != char:
            raise Where(self.label, self.line).error(f"expected {what}, got {_shown(found)}")
        self.skip(1)

    def expect_end(self) -> None:
        found = self.peek()
        if found == ";":
            self.skip(1)
            found = self.peek()
        if found is not None:
            raise Where(self.label, self.line).error(
                f"unexpected {_shown(found)} after the closing ']'")

    def value(self, index: int) -> Any:
        """Decode the record starting here, reading more of the file while it is cut off."""
        while True:
            try:
                value, end = DECODER.raw_decode(self.text, self.pos)
            except json.JSONDecodeError as exc:
                if self._cut_off(exc) and self.more():
                    continue
                line = self.line + self.text.count("\n", self.pos, exc.pos)
                raise Where(self.label, line, index).error(
                    f"not valid JSON: {exc.msg}",
                    hint="the file may be cut short or edited by hand") from None
            self.skip(end - self.pos)
            return value

    def _cut_off(self, exc: json.JSONDecodeError) -> bool:
        """The error may only mean that the record goes on in the next chunk."""
        if self.eof or len(self.text) - self.pos > MAX_RECORD:
            return False
        return exc.pos >= len(self.text) - 8 or exc.msg.startswith("Unterminated string")


def _shown(char: str | None) -> str:
    return "the end of the file" if char is None else repr(char)

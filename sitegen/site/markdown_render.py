"""Markdown to HTML with sitegen's embeds and @handle links, in two steps.

``to_html`` needs nothing but the text, so it can run (and be cached) before the analysis is
done, in worker processes: embeds become numbered placeholders and every ``@handle`` outside
links and code is marked. ``finish`` then puts in each embed's HTML and turns each marked
handle into a link, a published (maybe pseudonymous) handle, or plain text.
"""

from __future__ import annotations

import ctypes
import gc
import multiprocessing
import os
import re
import signal
import sys
import threading
import xml.etree.ElementTree as etree
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from html import escape, unescape

import markdown
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

from sitegen.content import embed_matches

# no "smarty": typographic quotes doubled the time Markdown takes (bench/build.py)
EXTENSIONS = ["fenced_code", "tables", "footnotes", "toc", "sane_lists"]
# @handle: letters of any script, digits and _, with ., - and @ inside (Bluesky's
# alice.bsky.social, a pseudonym's acct-0123..., the fediverse's ann@example.social, which
# names ann of that server, not an account ann of the snapshot): not after a word
# character (e-mail), nor ending in ., - or @ (the end of a sentence)
WRITTEN_NAME = r"\w(?:[\w.@-]{0,251}\w)?"  # what an @ names (private_text reads it too)
MENTION = rf"(?<![\w@/.])@({WRITTEN_NAME})"
EMBED_MARK = re.compile(r"<!--sitegen-embed-(\d+)-->")
MENTION_MARK = re.compile(r'<span data-sitegen-mention="([^"<>&]{1,253})">@\1</span>')

MentionLookup = Callable[[str], "tuple[str, str | None] | None"]


class _Embeds(Preprocessor):
    """Each embed becomes a numbered placeholder, stashed so Markdown leaves it alone."""

    def run(self, lines):
        by_line: dict[int, list[re.Match]] = {}
        for index, match in embed_matches(lines):
            by_line.setdefault(index, []).append(match)
        out, number = list(lines), 0
        for index, matches in sorted(by_line.items()):
            line, pieces, start = lines[index], [], 0
            for match in matches:
                mark = self.md.htmlStash.store(f"<!--sitegen-embed-{number}-->")
                pieces += [line[start:match.start()], mark]
                start, number = match.end(), number + 1
            out[index] = "".join(pieces) + line[start:]
        return out


class _Mentions(Treeprocessor):
    """Mark every ``@handle`` outside links and code, for ``finish`` to resolve."""

    SKIP = {"a", "code", "pre"}

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

    @staticmethod
    def _split(text: str | None) -> tuple[str | None, list]:
        """Text before the first mention, and one marked element (with its tail) each."""
        if not text or "@" not in text:
            return text, []
        made, lead, start = [], text, 0
        for match in re.finditer(MENTION, text):
            before = text[start:match.start()]
            if made:
                made[-1].tail = before
            else:
                lead = before
            element = etree.Element("span", {"data-sitegen-mention": match.group(1)})
            element.text = "@" + match.group(1)
            made.append(element)
            start = match.end()
        if made:
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
    def __init__(self, base_path: str):
        super().__init__()
        self.base_path = base_path

    def extendMarkdown(self, md):  # noqa: N802
        md.preprocessors.register(_Embeds(md), "sitegen_embeds", 20)
        md.treeprocessors.register(_SiteLinks(md, self.base_path), "sitegen_links", 6)
        md.treeprocessors.register(_Mentions(md), "sitegen_mentions", 5)


def to_html(body: str, base_path: str = "/") -> str:
    """A post body as HTML with embed placeholders and marked mentions."""
    converter = _converter(base_path)
    converter.reset()
    return converter.convert(body)


_CONVERTERS = threading.local()  # per thread: base path -> its Markdown converter


def _converter(base_path: str) -> markdown.Markdown:
    """One Markdown converter per thread and base path, reused (``reset`` between bodies):
    setting up its extensions took a tenth of the time of converting a post."""
    made = _CONVERTERS.__dict__.setdefault("by_base_path", {})
    if base_path not in made:
        made[base_path] = markdown.Markdown(
            extensions=[*EXTENSIONS, _SitegenMarkdown(base_path)],
            extension_configs={"toc": {"permalink": False}}, output_format="html")
    return made[base_path]


def _convert(job: tuple[str, str]) -> str:
    return to_html(*job)


class Conversion:
    """Bodies being converted to HTML: in worker processes started at once when there are
    enough to be worth it (the caller works meanwhile), else here when ``results`` asks."""

    def __init__(self, bodies: list[str], base_path: str, workers: int):
        self._jobs = [(b, base_path) for b in bodies]
        self._pool = worker_pool(workers) if workers >= 2 and len(bodies) >= 50 else None
        if self._pool is not None:
            _converter(base_path)  # its modules imported before the workers are forked
            self._converted = self._pool.map(_convert, self._jobs, chunksize=25)

    def results(self) -> list[str]:
        """Each body's HTML, in order (waiting for the workers)."""
        if self._pool is None:
            return [_convert(job) for job in self._jobs]
        return list(self._converted)

    def close(self) -> None:
        """End the workers (what they have not started is dropped)."""
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)

    def __enter__(self) -> Conversion:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()


def to_html_many(bodies: list[str], base_path: str, workers: int) -> list[str]:
    """Convert many bodies, in worker processes when there are enough to be worth it."""
    with Conversion(bodies, base_path, workers) as conversion:
        return conversion.results()


def worker_pool(workers: int) -> ProcessPoolExecutor:
    """Worker processes that end with the build, even when it is killed.

    On Linux they are forked when the first job is submitted: they start at once, with
    nothing to import again (spawning them cost each a Python start and sitegen's imports,
    as much CPU as a fifth of the Markdown they convert). A forked worker only converts
    Markdown, and never touches what it inherited beyond that (``_start_worker``); a
    build forks them before DuckDB starts threads of its own where it can. Elsewhere
    (macOS, Windows: fork is unsafe or missing) they are spawned.
    """
    method = "fork" if sys.platform.startswith("linux") else "spawn"
    return ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context(method),
                               initializer=_start_worker, initargs=(os.getpid(),))


def _start_worker(parent: int) -> None:
    """In a worker: nothing it inherited from a forked parent is ever collected here (no
    finaliser of a database object, say, runs in the worker); Ctrl-C, which a terminal sends
    to every process of the build, is the build's to answer (each worker printed a traceback
    of its own); and it ends with the build."""
    gc.freeze()
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _end_with_parent(parent)


def _end_with_parent(parent: int) -> None:
    """In a worker: on Linux, ask the kernel to kill it when the build dies (a killed build
    gets no chance to stop its pool); elsewhere the pool's own shutdown is all there is."""
    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # the build died before the request was made
        os._exit(1)


PR_SET_PDEATHSIG = 1  # linux/prctl.h


def finish(html: str, embeds: list[str], mention_for: MentionLookup) -> str:
    """Put each embed's HTML in its place and resolve each marked ``@handle``; a ``[TOC]``
    entry of a heading holding an embed then says what the heading says."""
    with_embeds = {m[2] for m in HEADING.finditer(html) if EMBED_MARK.search(m[3])} \
        if TOC_LINK.search(html) else set()
    html = EMBED_MARK.sub(lambda m: embeds[int(m[1])] if int(m[1]) < len(embeds) else "", html)

    def mention(match: re.Match) -> str:
        found = mention_for(match[1])
        if found is None:
            return "@" + match[1]
        shown, url = found
        text = "@" + shown.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        if url is None:  # bdi: direction controls in a handle stay inside it
            return f'<bdi class="mention">{text}</bdi>'
        href = url.replace("&", "&amp;").replace('"', "&quot;")
        return f'<bdi><a class="mention" href="{href}">{text}</a></bdi>'

    html = MENTION_MARK.sub(mention, html)
    return _toc_as_headings(html, with_embeds) if with_embeds else html


HEADING = re.compile(r'<h([1-6]) id="([^"<>]*)">(.*?)</h\1>', re.S)
TOC_LINK = re.compile(r'<li><a href="#([^"<>]*)">([^<]*)</a>')


def _toc_as_headings(html: str, ids: set[str]) -> str:
    """The table of contents' entries of the headings ``ids`` made of the headings' words
    (Markdown's toc wrote them before the embeds were put in: "Reciprocity is now" for
    "Reciprocity is 0.46 now")."""
    words = {m[2]: escape(plain_text(m[3]), quote=False) for m in HEADING.finditer(html)
             if m[2] in ids}
    return TOC_LINK.sub(lambda m: f'<li><a href="#{m[1]}">{words[m[1]]}</a>'
                        if m[1] in words else m[0], html)


BLOCK_TAG = re.compile(r"</?(?:p|div|h[1-6]|ul|ol|li|dl|dt|dd|blockquote|pre|hr|br|table|"
                       r"thead|tbody|tfoot|tr|th|td|caption|figcaption|section)\b[^>]*>", re.I)


def plain_text(html: str) -> str:
    """The words of a post's HTML for summaries: scripts and figures removed, block tags
    (paragraphs, list items, cells, line breaks) a space between words, inline tags (bold,
    links) nothing, so 'x **bold**.' stays 'x bold.'; entities decoded (the summary is text,
    escaped again where it is shown)."""
    html = re.sub(r"<(script|figure|aside|details)\b.*?</\1>", " ", html, flags=re.S)
    text = re.sub(r"<[^>]+>", "", BLOCK_TAG.sub(" ", html))
    return unescape(re.sub(r"\s+", " ", text).strip())

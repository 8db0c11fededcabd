"""Every post's Markdown as HTML, cached by text in ``markdown-CODE.json``: what the cache
lacks is converted in worker processes, started at once so that the build works meanwhile
(``sitegen.site.markdown_render.Conversion``)."""

from __future__ import annotations

import hashlib
import os
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from sitegen.config import Config
from sitegen.content import Post
from sitegen.errors import Problem, SitegenError
from sitegen.site.cache import FEW_TO_SAVE, JsonCache
from sitegen.site.inputs import code_fingerprint
from sitegen.site.markdown_render import Conversion
from sitegen.site.urls import Urls


class MarkdownBatch:
    """The posts' HTML (placeholders for embeds and mentions), being made: ``html`` waits
    for it. Use it in a ``with`` block, which ends the workers however the block ends."""

    def __init__(self, config: Config, posts: list[Post], use_cache: bool):
        base_path = Urls.from_site_url(config.site.url).base_path
        self._posts = posts
        self._store = JsonCache(config, "markdown", code_fingerprint()[:24], use_cache)
        self._keys = [hashlib.sha256(f"{base_path}\x00{p.body}".encode("utf-8", "surrogatepass"))
                      .hexdigest() for p in posts]
        self._missing = [k for k in self._keys if self._store.get(k) is None]
        bodies = {k: p.body for k, p in zip(self._keys, posts)}
        self._conversion = Conversion([bodies[k] for k in self._missing], base_path,
                                      os.cpu_count() or 1)

    def html(self) -> dict[Path, str]:
        """Every post's HTML by file (the new ones kept in the cache)."""
        try:
            for key, html in zip(self._missing, self._conversion.results()):
                self._store.put(key, {"html": html})
        except BrokenProcessPool:
            raise SitegenError(Problem(
                "a process converting the posts' Markdown ended before it was done (killed, "
                "perhaps by the system for want of memory)",
                hint="build again; if it happens again, close other programs")) from None
        self._store.save(at_least=FEW_TO_SAVE)
        return {p.source: self._store.get(k)["html"] for k, p in zip(self._keys, self._posts)}

    def __enter__(self) -> MarkdownBatch:
        return self

    def __exit__(self, *exc_info) -> None:
        self._conversion.close()


def convert_markdown(config: Config, posts: list[Post], use_cache: bool) -> dict[Path, str]:
    """Every post's HTML by file, converted now (on every core when there are many)."""
    with MarkdownBatch(config, posts, use_cache) as batch:
        return batch.html()

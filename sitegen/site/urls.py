"""Where every page lives, and how to link to it from any address the site is served at.

Internal links are root-relative and carry the base path of ``site.url``
(``/report/`` for ``https://user.github.io/report/``), so they work on a GitHub Pages
project site and at the root alike. Feeds and the sitemap use absolute addresses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote, urlsplit, urlunsplit

LONE_PERCENT = re.compile("%(?![0-9A-Fa-f]{2})")  # a '%' that starts no escape


@dataclass(frozen=True)
class Urls:
    base_url: str  # always ends with "/"

    @classmethod
    def from_site_url(cls, url: str) -> Urls:
        """The site's address ending with '/', its path percent-encoded as links need it
        (``https://example.org/rapport é/`` -> ``.../rapport%20%C3%A9/``; an escape already
        written is kept, a '%' that starts none is encoded; a quote or '<' never reaches a
        link as it is)."""
        parts = urlsplit(url.strip())
        path = quote(LONE_PERCENT.sub("%25", parts.path), safe="/%!$&'()*+,;=:@-._~")
        base = urlunsplit((parts.scheme, parts.netloc, path, parts.query, parts.fragment))
        return cls(base if base.endswith("/") else base + "/")

    @property
    def base_path(self) -> str:
        return urlsplit(self.base_url).path or "/"

    def path(self, target: str) -> str:
        """Root-relative link to a site path such as ``posts/hello/``."""
        return self.base_path + quote(target.lstrip("/"), safe="/#?=&.-_~")

    def absolute(self, target: str) -> str:
        return self.base_url + quote(target.lstrip("/"), safe="/#?=&.-_~")


def file_for(page_path: str) -> str:
    """The output file of a page path: ``posts/x/`` -> ``posts/x/index.html``."""
    return page_path + "index.html" if page_path == "" or page_path.endswith("/") else page_path


def post_path(slug: str) -> str:
    return f"posts/{slug}/"


def tag_path(slug: str) -> str:
    return f"tags/{slug}/"


def snapshot_path(slug: str) -> str:
    return f"snapshots/{slug}/"


def class_path(name: str) -> str:
    return f"classes/{name}/"


def account_path(slug: str) -> str:
    return f"accounts/{slug}/"


def page_path(slug: str) -> str:
    return f"{slug}/"


def listing_path(number: int) -> str:
    return "posts/" if number == 1 else f"posts/page/{number}/"

"""Where every page lives, and how to link to it from any address the site is served at.

Internal links are root-relative and carry the base path of ``site.url``
(``/report/`` for ``https://user.github.io/report/``), so they work on a GitHub Pages
project site and at the root alike. Feeds and the sitemap use absolute addresses.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote, urlsplit


@dataclass(frozen=True)
class Urls:
    base_url: str  # always ends with "/"

    @classmethod
    def from_site_url(cls, url: str) -> Urls:
        return cls(url if url.endswith("/") else url + "/")

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

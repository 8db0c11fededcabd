"""The site's inputs gathered in one value: reports, posts, pages and who gets a page."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sitegen.analysis.pipeline import Analysis
from sitegen.analysis.queries import accounts_for_pages, mention_candidates
from sitegen.analysis.report import Report
from sitegen.config import Config
from sitegen.content import Post
from sitegen.errors import ContentError, Problem
from sitegen.site.markdown_render import MENTION
from sitegen.site.urls import Urls
from sitegen.slugs import slugify, unique_account_slugs

RESERVED_PAGE_SLUGS = {"posts", "tags", "snapshots", "classes", "accounts", "assets", "data",
                       "archive", "feed", "404", "over-time", "audit"}


@dataclass(frozen=True, eq=False)
class SiteData:
    config: Config
    urls: Urls
    analysis: Analysis
    posts: tuple[Post, ...]
    pages: tuple[Post, ...]
    account_slugs: dict[str, str]  # account id -> page slug, for accounts with a page
    mentions: dict[str, tuple[str, str]]  # @handle as written -> (shown, id)
    snapshot_slugs: dict[str, str]  # snapshot name -> slug

    @property
    def reports(self) -> tuple[Report, ...]:
        return self.analysis.reports

    @property
    def latest(self) -> Report:
        return self.reports[-1]

    def report_named(self, name: str | None) -> Report:
        """A snapshot's report by name (None: the latest)."""
        if name is None:
            return self.latest
        for report in self.reports:
            if report.snapshot.name == name:
                return report
        valid = ", ".join(r.snapshot.name for r in self.reports)
        raise ContentError(f"unknown snapshot '{name}' (valid: {valid})")


def referenced_accounts(posts: list[Post]) -> set[str]:
    """Handles or ids that posts embed as account cards (they get pages too)."""
    return {s.name.lstrip("@").lower() for p in posts for s in p.shortcodes if s.kind == "account"}


def plan_accounts(latest: Report, top: int, wanted: set[str]) -> dict[str, str]:
    """Account id -> slug for the ``top`` most followed accounts and those posts refer to."""
    return unique_account_slugs(accounts_for_pages(latest, top, wanted))


def plan_mentions(latest: Report, posts: list[Post]) -> dict[str, tuple[str, str]]:
    """For each @handle written in a post that names an account: (handle shown, account id).
    An account whose handle or id is written exactly so wins over one that differs in case."""
    written = sorted({m for p in posts for m in re.findall(MENTION, p.body)})
    rows = mention_candidates(latest, set(written))
    mentions = {}
    for name in written:
        exact = [r for r in rows if name in (r[0], r[1])]
        loose = [r for r in rows if name.lower() in ((r[0] or "").lower(), r[1].lower())]
        if exact or loose:
            mentions[name] = tuple((exact or loose)[0][2:])
    return mentions


def gather(config: Config, urls: Urls, analysis: Analysis, posts: list[Post],
           pages: list[Post]) -> SiteData:
    """Decide which accounts get pages and name every snapshot."""
    for page in pages:
        if page.slug in RESERVED_PAGE_SLUGS:
            raise ContentError(Problem(f"page slug '{page.slug}' is reserved for the site's "
                                       "own pages", page.source, 1,
                                       hint="set 'slug:' in its front matter"))
    latest = analysis.latest
    flags = analysis.over_time.audit if analysis.over_time else ()
    flagged = {f.account.lower() for f in flags}
    slugs = plan_accounts(latest, config.site.account_pages,
                          referenced_accounts(posts + pages) | flagged)
    mentions = plan_mentions(latest, posts + pages)
    snapshot_slugs = {r.snapshot.name: slugify(r.snapshot.name, "snapshot")
                      for r in analysis.reports}
    return SiteData(config, urls, analysis, tuple(posts), tuple(pages), slugs, mentions,
                    snapshot_slugs)

"""The site's inputs gathered in one value: reports, posts, pages and who gets a page."""

from __future__ import annotations

import hashlib
import json
import logging
import re
from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import Protocol

from sitegen.analysis.pipeline import Analysis
from sitegen.analysis.queries import Match, accounts_for_pages, ambiguous, named_accounts
from sitegen.analysis.report import Report
from sitegen.config import Config
from sitegen.content import Post
from sitegen.errors import ContentError, Problem
from sitegen.site.markdown_render import MENTION
from sitegen.site.urls import Urls
from sitegen.slugs import slugify, unique_account_slugs

log = logging.getLogger(__name__)

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
    return {s.name.lstrip("@") for p in posts for s in p.shortcodes if s.kind == "account"}


class Decisions(Protocol):
    """Where the decisions below are kept for one analysis (``sitegen.site.cache.JsonCache``
    keyed by the analysis key): the same question about the same analysis, the same answer."""

    def get(self, key: str) -> dict | None: ...

    def put(self, key: str, entry: dict) -> None: ...


def _decided(decisions: Decisions | None, question: list, decide: Callable[[], list]) -> list:
    """The answer (a JSON list) to ``question``, kept in ``decisions`` or decided now."""
    if decisions is None:
        return decide()
    key = hashlib.sha256(json.dumps(question).encode("utf-8", "surrogatepass")).hexdigest()
    entry = decisions.get(key)
    if entry is None:
        entry = {"answer": decide()}
        decisions.put(key, entry)
    return entry["answer"]


def plan_accounts(latest: Report, top: int, wanted: set[str],
                  ids: Collection[str] = (), decisions: Decisions | None = None
                  ) -> dict[str, str]:
    """Account id -> slug for the ``top`` most followed accounts, those posts refer to (by
    the names in ``wanted``) and those with the published ``ids``."""
    question = ["account pages", top, sorted(wanted), sorted(ids)]
    return dict(_decided(decisions, question, lambda: list(
        unique_account_slugs(accounts_for_pages(latest, top, wanted, ids)).items())))


def _named(latest: Report, written: set[str], decisions: Decisions | None
           ) -> dict[str, list[Match]]:
    found = _decided(decisions, ["mentions", sorted(written)], lambda: [
        [name, [list(m) for m in matches]]
        for name, matches in named_accounts(latest, written).items()])
    return {name: [Match(*m) for m in matches] for name, matches in found}


def plan_mentions(latest: Report, posts: list[Post], decisions: Decisions | None = None
                  ) -> tuple[dict[str, tuple[str, str]], list[Problem]]:
    """For each @handle written in a post that names one account: (handle shown, account id):
    the account whose handle or id is written exactly so, else the one that looks alike. And
    a problem, where it is first written in each post, for each @handle that may mean two or
    more accounts (it links to none)."""
    written = {m for p in posts if "@" in p.body for m in re.findall(MENTION, p.body)}
    mentions, problems = {}, []
    for name, found in sorted(_named(latest, written, decisions).items()):
        if len(found) == 1:
            # shown as written where the account has no handle: by its (published) id
            mentions[name] = (found[0].handle or found[0].id, found[0].id)
        else:
            problems += _ambiguous_mention(name, found, posts)
    return mentions, problems


def _ambiguous_mention(name: str, found: list[Match], posts: list[Post]) -> list[Problem]:
    """One problem for each post that writes ``@name``, at the first line it does."""
    problems = []
    for post in posts:
        match = next((m for m in re.finditer(MENTION, post.body) if m[1] == name), None)
        if match:
            line = post.body_line + post.body.count("\n", 0, match.start())
            problems.append(Problem(ambiguous(f"@{name}", found, ", so it links to none"),
                                    post.source, line))
    return problems


def gather(config: Config, urls: Urls, analysis: Analysis, posts: list[Post],
           pages: list[Post], decisions: Decisions | None = None) -> SiteData:
    """Decide which accounts get pages, what each @handle links to (a warning for one that may
    mean several accounts; with pseudonyms, an error) and name every snapshot; ``decisions``:
    those taken before for the same analysis."""
    for page in pages:
        if page.slug in RESERVED_PAGE_SLUGS:
            raise ContentError(Problem(f"page slug '{page.slug}' is reserved for the site's "
                                       "own pages", page.source, 1,
                                       hint="set 'slug:' in its front matter"))
    latest = analysis.latest
    flags = analysis.over_time.audit if analysis.over_time else ()
    slugs = plan_accounts(latest, config.site.account_pages, referenced_accounts(posts + pages),
                          {f.account for f in flags}, decisions)
    mentions, unclear = plan_mentions(latest, posts + pages, decisions)
    if unclear and config.privacy.pseudonymize:  # left as written, it would not be a pseudonym
        raise ContentError(*unclear)
    for problem in unclear:
        log.warning("%s", problem)
    return SiteData(config, urls, analysis, tuple(posts), tuple(pages), slugs, mentions,
                    snapshot_slugs(analysis.reports))


def snapshot_slugs(reports: Collection[Report]) -> dict[str, str]:
    """Each snapshot's slug, by name; two names of one slug (``2024 01`` and ``2024-01``)
    are an error naming both snapshots, since their pages and downloads would share a
    folder."""
    slugs: dict[str, str] = {}
    first: dict[str, Report] = {}
    for report in reports:
        slug = slugify(report.snapshot.name, "snapshot")
        other = first.setdefault(slug, report)
        if other is not report:
            raise ContentError(Problem(
                f"the snapshots '{other.snapshot.name}' ({other.snapshot.source}) and "
                f"'{report.snapshot.name}' would share the address 'snapshots/{slug}/'",
                report.snapshot.source, hint="rename one of them"))
        slugs[report.snapshot.name] = slug
    return slugs

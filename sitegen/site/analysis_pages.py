"""Plan the pages that show the analysis: home, snapshots, classes, accounts."""

from __future__ import annotations

import dataclasses

from sitegen.analysis.classify import labels_in
from sitegen.analysis.over_time import growth_document, transitions_document
from sitegen.analysis.queries import (
    accounts_with_ids,
    class_profile,
    example_posts_of,
    expect_accounts,
    top_accounts,
)
from sitegen.analysis.report import Report
from sitegen.charts import ChartRequest
from sitegen.site.cache import ChartCache
from sitegen.site.embeds import PageCharts
from sitegen.site.model import SiteData
from sitegen.site.opendata import TABLE, SnapshotDownloads
from sitegen.site.pages import Page, RenderedPost
from sitegen.site.urls import account_path, class_path, snapshot_path

CLASS_TEXT = {
    "consumer": "follow others and read, but rarely post or reply",
    "reciprocator": "share, repost, reply and follow back, and are answered in turn",
    "broadcaster": "collect followers and transmit, but rarely interact with them",
    "dormant": "rarely post or follow anyone new, and have fallen silent",
    "unclassified": "could not be given a way of use: the data the rules need is not measured, "
                    "or no way of use fits (each account's reason says which)",
}

# a snapshot without posts and interactions: what the follows alone show (the words above
# would claim reading, replying and transmitting, which nothing measured)
FOLLOWS_ALONE_TEXT = {
    "consumer": "follow many accounts and are followed by few (from follows alone: whether "
                "they read, post or reply is not measured)",
    "reciprocator": "have most of their follows returned (from follows alone: whether they "
                    "reply or share is not measured)",
    "broadcaster": "are followed by many more accounts than they follow (from follows alone: "
                   "whether they post to them is not measured)",
}

CLASS_TITLES = {"unclassified": "Unclassified accounts"}


def charts_for(site: SiteData, report: Report, names: list[tuple[str, tuple]],
               cache: ChartCache) -> tuple:
    charts = PageCharts()
    suffix = site.snapshot_slugs[report.snapshot.name]
    for name, options in names:
        charts.add(cache.chart(name, ChartRequest(site.reports, report, options, site.analysis)),
                   suffix)
    return tuple(charts.charts)


def snapshot_chart_names(report: Report) -> list[tuple[str, tuple]]:
    names = [("class-mix", ()), ("followers-following", ()), ("reciprocity-distribution", ()),
             ("ways-of-use", ()), ("amplification", ()), ("activity-rhythm", ()),
             ("commerce", ())]
    for attribute in report.snapshot.attributes:
        names += [("class-by-attribute", (("attribute", attribute),)),
                  ("reciprocity-by-attribute", (("attribute", attribute),))]
        if report.snapshot.coverage.posts.with_text:
            names.append(("commerce-by-attribute", (("attribute", attribute),)))
    return names


def home_page(site: SiteData, posts: list[RenderedPost], cache: ChartCache) -> Page:
    names = [("class-mix", ()), ("reciprocity-distribution", ())]
    if len(site.reports) > 1:
        names.append(("class-mix-over-time", ()))
    report = site.latest
    return Page("", "home.html", site.config.site.title,
                {"report": report, "posts": posts[:site.config.site.posts_per_page],
                 "snapshot_url": snapshot_path(site.snapshot_slugs[report.snapshot.name])},
                charts_for(site, report, names, cache))


def snapshot_pages(site: SiteData, cache: ChartCache) -> list[Page]:
    pages = []
    for report in site.reports:
        slug = site.snapshot_slugs[report.snapshot.name]
        top = top_accounts(report, 20)
        activity = site.analysis.activity[report.snapshot.name]
        pages.append(Page(snapshot_path(slug), "snapshot.html",
                          f"Snapshot {report.snapshot.name}",
                          {"report": report, "slug": slug, "top": top,
                           "burstiness": activity.burstiness,
                           "downloads": SnapshotDownloads(site, slug)},
                          charts_for(site, report, snapshot_chart_names(report), cache)))
    listing = [(r, snapshot_path(site.snapshot_slugs[r.snapshot.name])) for r in site.reports]
    pages.append(Page("snapshots/", "snapshots.html", "Snapshots",
                      {"snapshots": list(reversed(listing))}))
    return pages


def class_pages(site: SiteData) -> list[Page]:
    report = site.latest
    described = CLASS_TEXT if report.snapshot.coverage.activity \
        else {**CLASS_TEXT, **FOLLOWS_ALONE_TEXT}
    pages = []
    for klass in labels_in(report.network.classes):
        members = top_accounts(report, 100, klass)
        title = CLASS_TITLES.get(klass, f"{klass.capitalize()}s")
        pages.append(Page(class_path(klass), "class.html", title,
                          {"klass": klass, "description": described[klass],
                           "profile": class_profile(report, klass), "members": members,
                           "report": report, "settings": report.settings}))
    return pages


def account_history(site: SiteData, ids: list[str]) -> dict[str, list[tuple[str, object]]]:
    """Each account's row in every snapshot it appears in, oldest first."""
    history: dict[str, list] = {i: [] for i in ids}
    for report in site.reports:
        for account in accounts_with_ids(report, ids):
            history[account.id].append((report.snapshot.name, account))
    return history


def account_pages(site: SiteData, cache: ChartCache) -> list[Page]:
    """A page per account that gets one; what each shows is asked of DuckDB for all of
    them at once (their rows, example posts, and the paths and handles their charts need)."""
    ids = sorted(site.account_slugs)
    history = account_history(site, ids)
    examples = promotional_examples(site, ids)
    over_time = site.analysis.over_time
    flags = over_time.audit if over_time else ()
    expect_accounts(site.latest, ids)
    pages = []
    for account_id in ids:
        rows = history[account_id]
        current = rows[-1][1]
        charts = ()
        if over_time:
            charts = charts_for(site, site.latest,
                                [("audience-engagement", (("account", account_id),))], cache)
        pages.append(Page(account_path(site.account_slugs[account_id]), "account.html",
                          current.shown,
                          {"account": current, "history": rows,
                           "flags": [f for f in flags if f.account == account_id],
                           "scope": over_time.audit_scope if over_time else (),
                           "examples": examples[account_id]},
                          charts))
    return pages


def promotional_examples(site: SiteData, ids: list[str]
                         ) -> dict[str, list[tuple[str, str | None]]]:
    """Up to three of each account's latest promotional posts (text, rule); none with
    pseudonyms on: post text can name people in ways no rewrite of @handles catches."""
    if site.config.privacy.pseudonymize:
        return {i: [] for i in ids}
    return example_posts_of(site.latest, ids)


def over_time_pages(site: SiteData, cache: ChartCache) -> list[Page]:
    """"Change over time" and "Audience audit", for a series of two or more snapshots."""
    over_time = site.analysis.over_time
    if not over_time:
        return []
    latest = site.latest
    change = Page("over-time/", "over_time.html", "Change over time",
                  {"growth": growth_document(over_time),
                   "transitions": transitions_document(over_time)},
                  charts_for(site, latest, [("class-transitions", ()), ("growth", ()),
                                            ("class-mix-over-time", ()),
                                            ("commerce-over-time", ())], cache))
    flags = over_time.audit
    audit_charts = [("audience-engagement", (("account", f.account),))
                    for f in flags[:AUDIT_CHARTS]]
    flagged = {a.id: a for a in accounts_with_ids(latest, sorted({f.account for f in flags}))}
    audit = Page("audit/", "audit.html", "Audience audit",
                 {"flags": flags, "min_score": site.config.analysis.audit_min_score,
                  "charted": AUDIT_CHARTS, "scope": over_time.audit_scope,
                  "flagged": flagged},
                 charts_for(site, latest, audit_charts, cache))
    return [change, audit]


AUDIT_CHARTS = 20  # flagged accounts shown with a chart on the audit page


def accounts_index(site: SiteData) -> Page:
    """The table of every account: its data in chunks (data/SLUG/table/), the downloads as
    published (``downloads``), and the snapshot page's section that lists them."""
    slug = site.snapshot_slugs[site.latest.snapshot.name]
    downloads_url = f"{snapshot_path(slug)}#downloads"
    return Page("accounts/", "accounts.html", "All accounts",
                {"data_url": f"data/{slug}/{TABLE}/index.json", "csv_url": downloads_url,
                 "downloads_url": downloads_url, "downloads": SnapshotDownloads(site, slug),
                 "report": site.latest})


def analysis_pages(site: SiteData, posts: list[RenderedPost], cache: ChartCache) -> list[Page]:
    return [home_page(site, posts, cache), *stable_analysis_pages(site, cache)]


def stable_analysis_pages(site: SiteData, cache: ChartCache) -> list[Page]:
    """The pages that show the analysis alone (the home page lists posts too)."""
    return [*snapshot_pages(site, cache), *class_pages(site), *account_pages(site, cache),
            accounts_index(site), *over_time_pages(site, cache)]


def with_downloads_of(site: SiteData, pages: list[Page]) -> list[Page]:
    """The pages with the downloads they list read from ``site``'s (pages planned for an
    earlier build of the same analysis show this build's downloads)."""
    return [dataclasses.replace(page, context={
        name: SnapshotDownloads(site, value.slug) if isinstance(value, SnapshotDownloads)
        else value for name, value in page.context.items()}) for page in pages]

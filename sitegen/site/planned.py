"""The analysis pages an earlier build planned, kept so that a rebuild need not plan them.

Planning the pages that show only the analysis (snapshots, classes, accounts, the audit)
asks DuckDB many questions. Their answers depend only on the analysis, the settings and who
gets an account page, so a build keeps what it planned under those (the cache file is the
analysis's, see ``sitegen.site.cache.JsonCache``): each page's address, template, title,
key, charts and the text of its share card, not what it shows. A later build takes that
outline only when every one of those pages can be taken as it is from the site it updates
(their keys unchanged, their files there); otherwise it plans them again.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json

from sitegen.charts import chart_from_dict, chart_to_dict
from sitegen.site.analysis_pages import stable_analysis_pages, with_downloads_of
from sitegen.site.cache import CachedAnalysis, ChartCache, JsonCache
from sitegen.site.model import SiteData
from sitegen.site.pages import Page
from sitegen.site.session import BuildSession
from sitegen.site.share import page_description
from sitegen.site.urls import file_for
from sitegen.site.writer import Staging


def outline_key(site: SiteData) -> str:
    """What the analysis pages are planned from, besides the analysis (the cache file's)."""
    parts = [site.urls.base_url, dataclasses.asdict(site.config),
             list(site.account_slugs.items()), list(site.snapshot_slugs.items())]
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode(
        "utf-8", "surrogatepass")).hexdigest()


def outline(site: SiteData, pages: list[Page]) -> dict:
    """The pages as plain values, without what they show."""
    return {"pages": [{
        "path": p.path, "template": p.template, "title": p.title, "key": p.key,
        "in_sitemap": p.in_sitemap, "charts": [chart_to_dict(c) for c in p.charts],
        "description": page_description(site, p)} for p in pages]}


def outlined_pages(store: JsonCache, site: SiteData) -> list[Page] | None:
    """The pages an earlier build planned for this analysis and these settings (each
    without its context: fit to be taken from the old site, not to be rendered)."""
    entry = store.get(outline_key(site))
    if entry is None:
        return None
    return [Page(p["path"], p["template"], p["title"], {},
                 tuple(chart_from_dict(c) for c in p["charts"]), p["in_sitemap"], p["key"],
                 description=p["description"]) for p in entry["pages"]]


def all_reusable(pages: list[Page], stage: Staging, salt_key: str) -> bool:
    """Whether every page can be taken as it is from the site being updated."""
    return all(page.key and stage.can_reuse(f"page:{file_for(page.path)}",
                                            f"{salt_key}:{page.key}", [file_for(page.path)])
               for page in pages)


def analysis_pages_for(site: SiteData, analysis: CachedAnalysis, charts: ChartCache,
                       session: BuildSession, outlines: JsonCache) -> tuple[list[Page], bool]:
    """The pages that show only the analysis, and whether they are an outline (above): the
    session's, planned by an earlier build of this process, else an earlier build's
    outline, else planned now."""
    planned = session.get("analysis pages", _session_key(site, analysis))
    outlined = None if planned else outlined_pages(outlines, site)
    if planned is None and outlined is None:
        return plan_analysis_pages(site, analysis, charts, session, outlines), False
    entry = outlines.get(outline_key(site))  # used by this build: kept in the cache file
    for chart_key in entry["charts"] if entry else ():
        charts.store.get(chart_key)  # and so are their charts
    return (with_downloads_of(site, planned), False) if planned else (outlined, True)


def _session_key(site: SiteData, analysis: CachedAnalysis) -> tuple:
    return id(analysis), analysis.key, outline_key(site)


def plan_analysis_pages(site: SiteData, analysis: CachedAnalysis, charts: ChartCache,
                        session: BuildSession, outlines: JsonCache) -> list[Page]:
    """Plan the analysis pages now; keep them in the session and their outline in the
    cache."""
    asked = len(charts.asked)
    pages = keyed(stable_analysis_pages(site, charts), analysis.key)
    outlines.put(outline_key(site), {**outline(site, pages), "charts": charts.asked[asked:]})
    session.keep("analysis pages", _session_key(site, analysis), pages)
    return pages


STABLE_TEMPLATES = {"snapshot.html", "snapshots.html", "class.html", "account.html",
                    "accounts.html", "over_time.html", "audit.html"}


def keyed(pages: list[Page], analysis_key: str) -> list[Page]:
    """Pages that show only the analysis get its key, so a rebuild can reuse them."""
    return [dataclasses.replace(p, key=f"analysis:{analysis_key}")
            if p.template in STABLE_TEMPLATES else p for p in pages]

"""The build pipeline (``sitegen.site.build`` calls it when something changed): snapshots
and commentary in, the pages whose inputs changed rendered, a complete static site out.

Every page has a key: a hash of everything it is made from. What all pages share (the theme's
files, the settings, sitegen's code, the analysis, the menu, the account pages that exist,
the "Built ..." stamp when it is shown) is the salt; each page adds its own (a post's text and
neighbours, a listing's posts, a page's share card). A page whose key is the one the live site
was made with is not rendered again.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import importlib.util
import json
import logging
import re
import shutil
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import jinja2

from sitegen import __version__
from sitegen.analysis.classify import labels_in
from sitegen.analysis.report import Report
from sitegen.config import Config
from sitegen.content import load_pages, load_posts
from sitegen.errors import ConfigError, ContentError
from sitegen.logged import say_again
from sitegen.site.analysis_pages import home_page
from sitegen.site.build import BuildResult
from sitegen.site.cache import (
    CACHE_DIR,
    FEW_TO_SAVE,
    CachedAnalysis,
    ChartCache,
    JsonCache,
    analysis_key,
    load_analysis,
)
from sitegen.site.chart_images import write_chart_images
from sitegen.site.embeds import Embedder
from sitegen.site.feeds import write_feed, write_pages_files, write_sitemap
from sitegen.site.inputs import code_fingerprint, recorded_output
from sitegen.site.markdown_batch import MarkdownBatch, convert_markdown
from sitegen.site.model import SiteData, gather
from sitegen.site.opendata import Prepared, write_open_data
from sitegen.site.pages import Page, RenderedPost, commentary, not_found_page
from sitegen.site.planned import all_reusable, analysis_pages_for, plan_analysis_pages
from sitegen.site.private_text import pseudonymous_text
from sitegen.site.session import BuildSession
from sitegen.site.share import with_share_cards
from sitegen.site.sizes import warn_large_files
from sitegen.site.theme import (
    environment,
    render_template,
    static_files,
    theme_dirs,
    theme_fingerprint,
)
from sitegen.site.urls import Urls, class_path, file_for
from sitegen.site.writer import Staging

log = logging.getLogger(__name__)

Step = Callable[[str, "int | None"], Callable[[], None]]


@dataclass(frozen=True)
class Salt:
    """What every page of one build depends on, and its hash."""

    key: str
    plotly_src: str
    built_at: str | None  # the "Built ..." stamp (site.build_time), the same on every page


def plotly_asset() -> tuple[str, Path]:
    """(site path, file) of the plotly.js bundled with the installed plotly package, found
    without importing plotly (which is slow to import)."""
    spec = importlib.util.find_spec("plotly")
    if spec is None or not spec.submodule_search_locations:
        raise ConfigError("the plotly package is not installed")
    package = Path(spec.submodule_search_locations[0])
    stamp = (package / "offline" / "_plotlyjs_version.py").read_text("utf-8")
    version = re.search(r"__plotlyjs_version__\s*=\s*['\"]([\w.\-]+)", stamp)[1]
    return f"assets/plotly-{version}.min.js", package / "package_data" / "plotly.min.js"


def page_context(site: SiteData, page: Page, salt: Salt) -> dict:
    urls = site.urls
    series = [("Over time", "over-time/"), ("Audit", "audit/")] if site.analysis.over_time \
        else []
    nav = [("Home", ""), ("Posts", "posts/"), ("Snapshots", "snapshots/"),
           ("Accounts", "accounts/"), *series, *((p.title, f"{p.slug}/") for p in site.pages)]
    return {
        "site": site.config.site, "page": page, "urls": urls, "url": urls.path,
        "nav": nav, "charts": page.charts, "plotly_src": salt.plotly_src,
        "classes_nav": [(c, class_path(c)) for c in labels_in(site.latest.network.classes)],
        "version": __version__, "latest": site.latest,
        "page_paths": {f"{p.slug}/" for p in site.pages},
        "built_at": salt.built_at,
        "account_url": lambda account_id: _account_url(site, account_id),
        **page.context,
    }


def _account_url(site: SiteData, account_id: str) -> str | None:
    slug = site.account_slugs.get(account_id)
    return site.urls.path(f"accounts/{slug}/") if slug else None


def page_salt(site: SiteData, theme_key: str, analysis_key: str, built_at: str) -> Salt:
    """What every page depends on: theme, site settings, sitegen's code, the analysis,
    the menu, links to account pages, and the build's stamp when pages show it."""
    plotly_src = site.config.site.plotly_cdn or site.urls.path(plotly_asset()[0])
    stamp = built_at if site.config.site.build_time else None
    parts = [theme_key, json.dumps(dataclasses.asdict(site.config.site), sort_keys=True),
             plotly_src, json.dumps([[p.slug, p.title] for p in site.pages]),
             json.dumps(site.account_slugs, sort_keys=True), __version__, code_fingerprint(),
             analysis_key, str(bool(site.analysis.over_time)), str(stamp)]
    return Salt(hashlib.sha256(json.dumps(parts).encode()).hexdigest(), plotly_src, stamp)


def render_pages(site: SiteData, pages: list[Page], env: jinja2.Environment,
                 stage: Staging, tick: Callable[[], None], salt: Salt) -> None:
    """Render every page whose key (with the salt) is not the one the previous build made
    it with; the others are taken from that build as they are. The pages that list the
    downloads come last: they wait for the downloads, written meanwhile."""
    for page in sorted(pages, key=lambda p: "downloads" in p.context):  # a stable sort
        target = file_for(page.path)
        if page.key and stage.reuse(f"page:{target}", f"{salt.key}:{page.key}", [target]):
            tick()
            continue
        html = render_template(env, page.template, page_context(site, page, salt))
        stage.write(target, html)
        tick()


def context_digest(value: object) -> str | None:
    """A page context's values as text that changes whenever they do, or None when it holds
    something this does not know how to describe (such a page is rendered on every build)."""
    if value is None or isinstance(value, (str, int, float, bool)):
        return repr(value)
    if isinstance(value, RenderedPost):
        post = value.post  # its text, summary and body line are in its key
        return (f"post({value.key},{value.path},{value.summary!r},{post.title!r},{post.date},"
                f"{post.tags!r},{post.author!r},{post.order},{post.draft},{post.source.name})")
    if isinstance(value, Report):  # the analysis key is in the salt
        return f"report({value.snapshot.name!r})"
    if isinstance(value, dict):
        value = sorted(value.items(), key=lambda item: repr(item[0]))
    if isinstance(value, (list, tuple)):
        parts = [context_digest(v) for v in value]
        return None if None in parts else f"[{','.join(parts)}]"  # type: ignore[arg-type]
    return None


def with_keys(pages: list[Page]) -> list[Page]:
    """Every page that has no key yet gets one from its context, when that can be had."""
    keyed_pages = []
    for page in pages:
        digest = None if page.key else context_digest(
            [page.template, page.title, page.path, page.in_sitemap, page.context,
             [chart.id for chart in page.charts]])
        key = hashlib.sha256(digest.encode("utf-8", "surrogatepass")).hexdigest() \
            if digest else page.key
        keyed_pages.append(dataclasses.replace(page, key=key))
    return keyed_pages


def write_assets(config: Config, stage: Staging) -> None:
    for relative, path in static_files(config).items():
        stage.copy(f"assets/{relative}", path)
    if not config.site.plotly_cdn:
        name, source = plotly_asset()
        # keyed by the file's bytes (5 ms for its 4.8 MB), not where it is installed or when:
        # the manifest holds the key, and must be the same wherever the same site is built
        with source.open("rb") as data:
            key = hashlib.file_digest(data, "sha256").hexdigest()
        if not stage.reuse("plotly", f"{name}|{key}", [name]):
            stage.copy(name, source)


def render_site(config: Config, drafts: bool, step: Step, use_cache: bool,
                built_at: str, session: BuildSession | None = None) -> BuildResult:
    """Load, analyse, render what changed and write the whole site; replace output/ only on
    success. ``built_at``: the stamp pages show with ``site.build_time``; ``session``: what
    a long-lived process keeps between builds (the analysis, the templates, ...)."""
    session = session if session is not None and use_cache else BuildSession()
    code = code_fingerprint()
    # front matter, parsed again only for files whose text changed
    parsed = JsonCache(config, "front-matter", code[:24], use_cache)
    posts = load_posts(config.content_dir / "posts", drafts, config.site.author, parsed)
    standalone = load_pages(config.content_dir / "pages", drafts, parsed)
    parsed.save()
    # Markdown commentary: converted in worker processes, started now (before DuckDB starts
    # threads) and working while DuckDB does; with pseudonyms on, it waits for the analysis
    # (handles become pseudonyms first)
    early = None if config.privacy.pseudonymize else MarkdownBatch(config, posts + standalone,
                                                                   use_cache)
    with early or contextlib.nullcontext():
        # snapshots -> DuckDB tables and figures (reused from .sitegen-cache when unchanged)
        step("loading and analysing snapshots", None)
        analysis = _analysis(config, use_cache, session)
        raw = early.html() if early else None
    # a new analysis's downloads that read nothing else, written from now on (a reused
    # one's are most likely the live site's, reused as they are)
    with Prepared(analysis.analysis.reports,
                  None if analysis.reused else config.output_dir.parent) as prepared:
        # who gets a page, and what each page shows (decisions kept by analysis)
        decisions = JsonCache(config, "decisions", analysis.key, use_cache)
        site = pseudonymous_text(gather(config, Urls.from_site_url(config.site.url),
                                        analysis.analysis, posts, standalone, decisions))
        decisions.save()
        if raw is None:
            raw = convert_markdown(config, [*site.posts, *site.pages], use_cache)
        theme_key = theme_fingerprint(config)
        env = _environment(config, theme_key, use_cache, session)
        post_cache = JsonCache(config, "posts", analysis.key, use_cache, salt=theme_key + code)
        charts = ChartCache(JsonCache(config, "charts", analysis.key, use_cache, salt=code))
        rendered_posts, commentary_pages = commentary(site, Embedder(site, env, charts),
                                                      post_cache, raw)
        # the analysis pages: planned once per session, or outlined by an earlier build
        outlines = JsonCache(config, "analysis-pages", analysis.key, use_cache, salt=code)
        stable, outlined = analysis_pages_for(site, analysis, charts, session, outlines)
        home = home_page(site, rendered_posts, charts)
        pages = [home, *stable, *commentary_pages, not_found_page()]
        _check_unique_paths(pages)
        salt = page_salt(site, theme_key, analysis.key, built_at)
        with Staging(config.output_dir, recorded_output(config)) as stage, \
                ThreadPoolExecutor(1) as background:
            # DuckDB writes the downloads (releasing the GIL) while Jinja renders the pages
            downloads = background.submit(write_open_data, site, stage, analysis.key, prepared)
            # chart images (with the 'images' extra), then what each page shows when shared
            images = write_chart_images(config, site.urls.base_url, pages, stage, use_cache)
            pages = with_share_cards(site, with_keys(pages), images)
            if outlined and not all_reusable(pages[1:1 + len(stable)], stage, salt.key):
                # an outline is only good for pages taken as they are: plan them now (after
                # the downloads: one thread at a time may ask the database)
                downloads.result()
                stable = plan_analysis_pages(site, analysis, charts, session, outlines)
                pages = [home, *stable, *commentary_pages, not_found_page()]
                _check_unique_paths(pages)
                images = write_chart_images(config, site.urls.base_url, pages, stage, use_cache)
                pages = with_share_cards(site, with_keys(pages), images)
            tick = step("rendering pages", len(pages))
            render_pages(site, pages, env, stage, tick, salt)
            step("writing data and assets", None)
            write_assets(config, stage)
            downloads.result()
            write_feed(site, rendered_posts, env, stage)
            write_sitemap(site, pages, stage)
            write_pages_files(site, stage)
            stage.commit()
    warn_large_files(config.output_dir)
    # the site is in place: a cache that cannot be saved now (a full disk) is a warning
    post_cache.save(at_least=FEW_TO_SAVE)
    charts.store.save()
    outlines.save()
    return BuildResult(config.output_dir, len(pages), len(posts), len(site.reports))


def _analysis(config: Config, use_cache: bool, session: BuildSession) -> CachedAnalysis:
    """The analysis: the session's when its key is this build's, else from the cache (the
    session's, made under another key, is closed first: its file may be replaced)."""
    key = analysis_key(config, use_cache)  # the snapshots' files walked and digested once
    kept = session.get("analysis", key) if use_cache else None
    if kept is None:
        session.forget("analysis")
        kept = load_analysis(config, use_cache, key)
        session.keep("analysis", kept.key, dataclasses.replace(kept, reused=True))
    if kept.reused:  # what the data lacks, said as when the analysis was made
        say_again(kept.said, log)
    return kept


def _environment(config: Config, theme_key: str, use_cache: bool,
                 session: BuildSession) -> jinja2.Environment:
    """The theme's Jinja environment (its templates compiled once per session, and kept
    compiled in the cache between builds)."""
    compiled = config.root / CACHE_DIR / f"templates-{code_fingerprint()[:16]}-" \
        f"{jinja2.__version__}" if use_cache else None
    key = (theme_key, [str(d) for d in theme_dirs(config)], str(compiled))

    def made() -> jinja2.Environment:
        mark = config.root / CACHE_DIR / f"theme-checked-{theme_key[:24]}" if use_cache \
            else None
        env = environment(config, checked=bool(mark and mark.is_file()),
                          compiled=_fresh_folder(compiled) if compiled else None)
        if mark and not mark.is_file():  # checked now, and found sound: not again
            mark.parent.mkdir(parents=True, exist_ok=True)
            for old in mark.parent.glob("theme-checked-*"):
                old.unlink(missing_ok=True)
            mark.touch()
        return env

    return session.kept("environment", key, made)


def _fresh_folder(folder: Path) -> Path:
    """``folder``, with the folders of its kind made by other versions of sitegen removed."""
    prefix = folder.name.split("-")[0] + "-"
    if folder.parent.is_dir():
        for old in folder.parent.glob(prefix + "*"):
            if old != folder and old.is_dir():
                shutil.rmtree(old, ignore_errors=True)
    return folder


def _check_unique_paths(pages: list[Page]) -> None:
    seen: dict[str, str] = {}
    for page in pages:
        if page.path in seen:
            raise ContentError(f"two pages want the address '{page.path}': "
                               f"'{seen[page.path]}' and '{page.title}'")
        seen[page.path] = page.title

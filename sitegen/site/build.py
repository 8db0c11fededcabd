"""``sitegen build``: snapshots and commentary in, a complete static site out."""

from __future__ import annotations

import dataclasses
import hashlib
import importlib.util
import json
import logging
import os
import re
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import jinja2

from sitegen import __version__
from sitegen.analysis.classify import labels_in
from sitegen.config import Config
from sitegen.content import Post, load_pages, load_posts
from sitegen.errors import ConfigError, ContentError, Problem, SitegenError
from sitegen.site.analysis_pages import analysis_pages
from sitegen.site.cache import ChartCache, JsonCache, code_fingerprint, load_analysis
from sitegen.site.chart_images import write_chart_images
from sitegen.site.embeds import Embedder
from sitegen.site.feeds import write_feed, write_pages_files, write_sitemap
from sitegen.site.markdown_render import to_html_many
from sitegen.site.model import SiteData, gather
from sitegen.site.opendata import write_open_data
from sitegen.site.pages import Page, commentary, not_found_page
from sitegen.site.private_text import pseudonymous_text
from sitegen.site.share import with_share_cards
from sitegen.site.sizes import warn_large_files
from sitegen.site.theme import environment, static_files, theme_fingerprint
from sitegen.site.urls import Urls, class_path, file_for
from sitegen.site.writer import Staging, check_replaceable

log = logging.getLogger(__name__)

# only shown with site.build_time: true (off by default, so builds stay byte-identical)
BUILT_AT = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")


@dataclass(frozen=True)
class BuildResult:
    output: Path
    pages: int
    posts: int
    snapshots: int


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


def page_context(site: SiteData, page: Page, plotly_src: str) -> dict:
    urls = site.urls
    series = [("Over time", "over-time/"), ("Audit", "audit/")] if site.analysis.over_time \
        else []
    nav = [("Home", ""), ("Posts", "posts/"), ("Snapshots", "snapshots/"),
           ("Accounts", "accounts/"), *series, *((p.title, f"{p.slug}/") for p in site.pages)]
    return {
        "site": site.config.site, "page": page, "urls": urls, "url": urls.path,
        "nav": nav, "charts": page.charts, "plotly_src": plotly_src,
        "classes_nav": [(c, class_path(c)) for c in labels_in(site.latest.network.classes)],
        "version": __version__, "latest": site.latest,
        "page_paths": {f"{p.slug}/" for p in site.pages},
        "built_at": BUILT_AT if site.config.site.build_time else None,
        "account_url": lambda account_id: _account_url(site, account_id),
        **page.context,
    }


def _account_url(site: SiteData, account_id: str) -> str | None:
    slug = site.account_slugs.get(account_id)
    return site.urls.path(f"accounts/{slug}/") if slug else None


def page_salt(site: SiteData, theme_key: str, plotly_src: str) -> str:
    """What every page depends on: theme, site settings, menu, links to account pages."""
    parts = [theme_key, json.dumps(dataclasses.asdict(site.config.site), sort_keys=True),
             plotly_src, json.dumps([p.slug + p.title for p in site.pages]),
             json.dumps(site.account_slugs, sort_keys=True), __version__,
             str(bool(site.analysis.over_time))]
    return hashlib.sha256("\x00".join(parts).encode()).hexdigest()


def render_pages(site: SiteData, pages: list[Page], env: jinja2.Environment,
                 stage: Staging, tick: Callable[[], None], theme_key: str) -> None:
    """Render every page; a page with a key whose previous build had the same key (and the
    same salt) is taken from that build instead of rendered again."""
    plotly_src = (site.config.site.plotly_cdn or site.urls.path(plotly_asset()[0]))
    salt = page_salt(site, theme_key, plotly_src)
    for page in pages:
        target = file_for(page.path)
        if page.key and stage.reuse(f"page:{target}", f"{salt}:{page.key}", [target]):
            tick()
            continue
        try:
            html = env.get_template(page.template).render(page_context(site, page, plotly_src))
        except jinja2.TemplateError as exc:
            raise SitegenError(Problem(f"theme template error: {exc}", page.template)) from None
        stage.write(file_for(page.path), html)
        tick()


def write_assets(config: Config, stage: Staging) -> None:
    for relative, path in static_files(config).items():
        stage.copy(f"assets/{relative}", path)
    if not config.site.plotly_cdn:
        name, source = plotly_asset()
        stat = source.stat()
        if not stage.reuse("plotly", f"{source}|{stat.st_size}|{stat.st_mtime_ns}", [name]):
            stage.copy(name, source)


def build_site(config: Config, drafts: bool = False,
               progress: Callable[[str, int | None], Callable[[], None]] | None = None,
               use_cache: bool = True) -> BuildResult:
    """Load, analyse, render and write the whole site; replace output/ only on success."""
    step = progress or (lambda description, total: lambda: None)
    _check_output_folder(config)
    # Markdown commentary: converted in worker processes while DuckDB works
    posts = load_posts(config.content_dir / "posts", drafts, config.site.author)
    standalone = load_pages(config.content_dir / "pages")
    # with pseudonyms on, the Markdown waits for the analysis (handles become pseudonyms first)
    private = config.privacy.pseudonymize
    with ThreadPoolExecutor(1) as background:
        markdown = None if private else background.submit(
            convert_markdown, config, posts + standalone, use_cache)
        # snapshots -> DuckDB tables and figures (reused from .sitegen-cache when unchanged)
        step("loading and analysing snapshots", None)
        analysis = load_analysis(config, use_cache)
        raw = markdown.result() if markdown else None
    # who gets a page, and what each page shows
    site = pseudonymous_text(gather(config, Urls.from_site_url(config.site.url),
                                    analysis.analysis, posts, standalone))
    if raw is None:
        raw = convert_markdown(config, [*site.posts, *site.pages], use_cache)
    env = environment(config)
    theme_key = theme_fingerprint(config)
    post_cache = JsonCache(config, "posts", analysis.key, use_cache, salt=theme_key)
    charts = ChartCache(JsonCache(config, "charts", analysis.key, use_cache, salt=__version__))
    rendered_posts, commentary_pages = commentary(site, Embedder(site, env, charts), post_cache,
                                                  raw)
    pages = [*keyed(analysis_pages(site, rendered_posts, charts), analysis.key),
             *commentary_pages, not_found_page()]
    _check_unique_paths(pages)
    with Staging(config.output_dir) as stage, ThreadPoolExecutor(1) as background:
        # DuckDB writes the downloads (releasing the GIL) while Jinja renders the pages
        downloads = background.submit(write_open_data, site, stage, analysis.key)
        # chart images (with the 'images' extra), then what each page shows where it is shared
        images = write_chart_images(config, site.urls.base_url, pages, stage, use_cache)
        pages = with_share_cards(site, pages, images)
        tick = step("rendering pages", len(pages))
        render_pages(site, pages, env, stage, tick, theme_key)
        step("writing data and assets", None)
        write_assets(config, stage)
        downloads.result()
        write_feed(site, rendered_posts, env, stage)
        write_sitemap(site, pages, stage)
        write_pages_files(site, stage)
        stage.commit()
    warn_large_files(config.output_dir)
    post_cache.save()
    charts.store.save()
    return BuildResult(config.output_dir, len(pages), len(posts), len(site.reports))


def convert_markdown(config: Config, posts: list[Post], use_cache: bool) -> dict[Path, str]:
    """Every post's Markdown as HTML (placeholders for embeds and mentions), by file;
    cached by text, converted on both cores when there are many."""
    base_path = Urls.from_site_url(config.site.url).base_path
    store = JsonCache(config, "markdown", code_fingerprint()[:24], use_cache)
    keys = [hashlib.sha256(f"{base_path}\x00{p.body}".encode("utf-8", "surrogatepass"))
            .hexdigest() for p in posts]
    missing = [(k, p) for k, p in zip(keys, posts) if store.get(k) is None]
    converted = to_html_many([p.body for _, p in missing], base_path, os.cpu_count() or 1)
    for (key, _), html in zip(missing, converted):
        store.put(key, {"html": html})
    store.save()
    return {p.source: store.get(k)["html"] for k, p in zip(keys, posts)}


STABLE_TEMPLATES = {"snapshot.html", "snapshots.html", "class.html", "account.html",
                    "accounts.html", "over_time.html", "audit.html"}


def keyed(pages: list[Page], analysis_key: str) -> list[Page]:
    """Pages that show only the analysis get its key, so a rebuild can reuse them."""
    return [dataclasses.replace(p, key=f"analysis:{analysis_key}")
            if p.template in STABLE_TEMPLATES else p for p in pages]


def _check_output_folder(config: Config) -> None:
    """The output folder is replaced whole: it must not hold the project itself."""
    output, root = config.output_dir.resolve(), config.root.resolve()
    content = config.content_dir.resolve()
    if output in (root, *root.parents) or output in content.parents or \
            output.is_relative_to(content):
        raise ConfigError(Problem(f"'paths.output' is {output}, which holds the project or "
                                  "its content; sitegen replaces that folder on every build",
                                  config.source, hint="use a folder of its own, e.g. output/"))
    check_replaceable(config.output_dir)


def _check_unique_paths(pages: list[Page]) -> None:
    seen: dict[str, str] = {}
    for page in pages:
        if page.path in seen:
            raise ContentError(f"two pages want the address '{page.path}': "
                               f"'{seen[page.path]}' and '{page.title}'")
        seen[page.path] = page.title

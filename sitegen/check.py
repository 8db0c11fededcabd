"""``sitegen check``: validate settings, snapshots, posts, embeds and the theme, writing nothing.

Every problem is collected (not just the first) so an author can fix them in one pass.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import jinja2

from sitegen.analysis.pipeline import Analysis, run_analysis
from sitegen.config import Config, load_config
from sitegen.content import content_files, one_per_slug, read_post, unique_slugs
from sitegen.errors import ConfigError, Problem, SitegenError
from sitegen.privacy import privacy_key
from sitegen.snapshots import load_snapshot, open_db
from sitegen.snapshots.load import in_order, snapshot_paths

if TYPE_CHECKING:
    from sitegen.charts import Chart
    from sitegen.site.model import SiteData
    from sitegen.site.pages import Page


def _collect(problems: list[Problem], action, *args):
    """Run one check; keep its problems instead of stopping at them."""
    try:
        return action(*args)
    except SitegenError as exc:
        problems.extend(exc.problems)
        return None


def check_snapshots(config: Config, problems: list[Problem], private: bool = False
                    ) -> Analysis | None:
    """The analysis the build would make (with pseudonyms when ``private``, checking
    ``privacy.named`` as it does); when it fails, every snapshot's problems."""
    folder = config.snapshots
    try:
        return run_analysis(folder, open_db(config.analysis.memory_limit), config.analysis,
                            config.privacy if private else None)
    except SitegenError as exc:
        failure, found = exc, len(problems)
    paths = _collect(problems, snapshot_paths, folder) or []
    db = open_db(config.analysis.memory_limit)
    snapshots = [_collect(problems, load_snapshot, p, db, f"s{i}", config.analysis)
                 for i, p in enumerate(paths)]
    loaded = [s for s in snapshots if s is not None]
    if len(loaded) == len(paths):
        _collect(problems, in_order, loaded, folder)
    if len(problems) == found:  # each snapshot loads: the analysis itself failed
        problems.extend(failure.problems)
    return None


def check_posts(config: Config, problems: list[Problem]) -> tuple[list, list]:
    read = []
    for folder in ("posts", "pages"):
        for path in content_files(config.content_dir / folder):
            post = _collect(problems, read_post, path, config.site.author)
            if post is not None:
                read.append((folder, post))
    missing_dates = [p for kind, p in read if kind == "posts" and p.date is None]
    problems += [Problem("a post needs a 'date' in its front matter", p.source, 1)
                 for p in missing_dates]
    posts = [p for k, p in read if k == "posts"]
    pages = [p for k, p in read if k == "pages"]
    _collect(problems, unique_slugs, posts)  # drafts too: they are published one day
    _collect(problems, unique_slugs, pages)
    return posts, pages


def check_embeds(config: Config, analysis: Analysis, posts: list, pages: list,
                 env: jinja2.Environment, problems: list[Problem]) -> SiteData | None:
    """Resolve every chart, account card and figure that posts refer to; the site planned
    (or None when it cannot be)."""
    from sitegen.charts import Chart
    from sitegen.site.cache import ChartCache, JsonCache
    from sitegen.site.embeds import Embedder, PageCharts, warn_not_drawn
    from sitegen.site.model import gather
    from sitegen.site.private_text import pseudonymous_text
    from sitegen.site.urls import Urls

    site = _collect(problems, gather, config, Urls.from_site_url(config.site.url), analysis,
                    posts, pages)
    if site is None:
        return None
    # with pseudonyms on, the names written in posts as the build rewrites them (a name of
    # two accounts, a handle in a post's address: refused there)
    site = _collect(problems, pseudonymous_text, site) or site
    embedder = Embedder(site, env, ChartCache(JsonCache(config, "charts", "check", False)))
    for post in posts + pages:
        charts = PageCharts()
        for code in post.shortcodes:
            try:
                embedder.render(code, charts)
            except SitegenError as exc:
                problems.append(Problem(exc.problems[0].message, post.source, code.line))
                if code.kind == "chart":  # keep the charts in step with the shortcodes
                    charts.charts.append(Chart(code.name, "", "", "", (), (), "{}"))
        warn_not_drawn(post, charts.charts)
    return site


class _NoCharts:
    """Stands in for the chart cache where only the pages' addresses are wanted."""

    def chart(self, name: str, request: object) -> Chart:
        from sitegen.charts import Chart

        return Chart(name, "", "", "", (), (), "{}")


def planned_pages(site: SiteData) -> list[Page]:
    """Every page the build would write (without drafts), planned by the build's own planners
    but with posts not rendered and charts not drawn: what check needs of their addresses.
    Posts of one slug are planned once: ``check_posts`` said that they clash."""
    from sitegen.site import pages as plan
    from sitegen.site.analysis_pages import analysis_pages
    from sitegen.site.urls import page_path, post_path

    published = one_per_slug([p for p in site.posts if not p.draft and p.date is not None])
    posts = [plan.RenderedPost(p, post_path(p.slug), "", "", ()) for p in published]
    posts.sort(key=lambda r: (r.post.date, r.post.slug), reverse=True)
    pages = [plan.RenderedPost(p, page_path(p.slug), "", "", ())
             for p in one_per_slug([p for p in site.pages if not p.draft])]
    return [*analysis_pages(site, posts, _NoCharts()),
            *plan.commentary_pages(posts, pages, site.config.site.posts_per_page),
            plan.not_found_page()]


def check_addresses(site: SiteData, problems: list[Problem]) -> None:
    """Two pages that want one address: the build's "two pages want the address" error."""
    seen: dict[str, str] = {}
    for page in _collect(problems, planned_pages, site) or []:
        if page.path in seen:
            problems.append(Problem(f"two pages want the address '{page.path}': "
                                    f"'{seen[page.path]}' and '{page.title}'"))
        seen.setdefault(page.path, page.title)


def check_theme(config: Config, problems: list[Problem]) -> jinja2.Environment | None:
    from sitegen.site.theme import environment

    env = _collect(problems, environment, config)
    if env is None:
        return None
    for name in env.list_templates():
        try:
            env.get_template(name)
        except jinja2.TemplateSyntaxError as exc:
            problems.append(Problem(f"template error: {exc.message}", exc.filename or name,
                                    exc.lineno))
    return env


def check_project(config_path: Path | None) -> list[Problem]:
    """Every problem found in the project, in a stable order."""
    problems: list[Problem] = []
    try:
        config = load_config(config_path)
    except ConfigError as exc:
        problems += exc.problems
        config = Config(root=(config_path or Path("sitegen.yml")).parent)
    key = _collect(problems, privacy_key, config.privacy, config.source)
    analysis = check_snapshots(config, problems, private=key is not None)
    posts, pages = check_posts(config, problems)
    env = check_theme(config, problems)
    if analysis is not None and env is not None:
        site = check_embeds(config, analysis, posts, pages, env, problems)
        if site is not None:
            check_addresses(site, problems)
    return problems

"""``sitegen build``: snapshots and commentary in, a complete static site out.

First the cheap question: was ``output/`` built from exactly these inputs (see
``sitegen.site.inputs``), and is it as that build left it? Then there is nothing to do, and
nothing heavy is even imported. Otherwise the pipeline (``sitegen.site.render``) runs, and
rewrites only the pages whose inputs changed.
"""

from __future__ import annotations

import logging
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from sitegen.config import Config
from sitegen.errors import ConfigError, Problem
from sitegen.logged import say_again, warnings_kept
from sitegen.site.inputs import CACHE_DIR, declared_inputs, record_build, unchanged_output
from sitegen.site.session import BuildSession
from sitegen.site.writer import check_replaceable, remove_left_over

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class BuildResult:
    output: Path
    pages: int
    posts: int
    snapshots: int
    unchanged: bool = False  # nothing changed since the last build: nothing was written


def build_site(config: Config, drafts: bool = False,
               progress: Callable[[str, int | None], Callable[[], None]] | None = None,
               use_cache: bool = True, session: BuildSession | None = None) -> BuildResult:
    """Load, analyse, render and write the whole site; replace output/ only on success.
    ``session``: what a long-lived process (``sitegen serve``) keeps between its builds."""
    started = time.perf_counter()
    step = progress or (lambda description, total: lambda: None)
    check_output_folder(config)
    use_cache = use_cache and _cache_writable(config.root / CACHE_DIR)
    if use_cache:  # every build, the quickest too: a killed one's files go
        remove_left_over(config.root / CACHE_DIR)
    # the stamp pages show with site.build_time: this build's, on every page it writes
    built_at = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    # with the stamp shown, every build changes every page: no shortcut then
    inputs = declared_inputs(config, drafts) if use_cache and not config.site.build_time \
        else None
    found = unchanged_output(config, inputs) if inputs else None
    if found is not None:
        return _unchanged(config, *found, started)
    from sitegen.site.render import render_site

    with warnings_kept() as warnings:
        result = render_site(config, drafts, step, use_cache, built_at, session)
    # the files it left (a file is reused only while it is as recorded), with the stamp
    # shown too; the inputs only when a build with nothing changed may stop early (None:
    # never). A build without the cache writes nothing there (the next one then makes
    # again what this one wrote)
    if use_cache:
        try:
            record_build(config, inputs, [result.pages, result.posts, result.snapshots],
                         warnings)
        except OSError as exc:  # the site is in place: the next build only does more work
            log.warning("the build's record could not be saved (%s): the next build will "
                        "do more work", exc)
    log.info("built %s in %.2f s", config.output_dir, time.perf_counter() - started)
    return result


def _cache_writable(folder: Path) -> bool:
    """Whether the cache folder can be written (a file made and removed there); if not (a
    read-only mount, a folder of another user's), the build runs without it, and says so."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".writable-"):
            return True
    except OSError as exc:
        log.warning("%s cannot be written (%s): building without the cache (every build does "
                    "all the work)", folder, exc.strerror or exc)
        return False


def _unchanged(config: Config, manifest: dict, counts: list[int], warnings: list[list],
               started: float) -> BuildResult:
    say_again(warnings, log)  # the full build's, its naming of the user's files too
    pages, posts, snapshots = counts
    log.info("nothing changed since %s was built (%.2f s)", config.output_dir,
             time.perf_counter() - started)
    return BuildResult(config.output_dir, pages, posts, snapshots, unchanged=True)


def check_output_folder(config: Config) -> None:
    """The output folder is replaced whole: it must not hold the project itself."""
    output, root = config.output_dir.resolve(), config.root.resolve()
    content = config.content_dir.resolve()
    if output in (root, *root.parents) or output in content.parents or \
            output.is_relative_to(content):
        raise ConfigError(Problem(f"'paths.output' is {output}, which holds the project or "
                                  "its content; sitegen replaces that folder on every build",
                                  config.source, hint="use a folder of its own, e.g. output/"))
    check_replaceable(config.output_dir)

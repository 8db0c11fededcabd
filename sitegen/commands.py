"""What each CLI command does, as plain functions (the CLI only parses options)."""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path

from sitegen.config import load_config


def load_and_analyze(path: Path, config_path: Path | None, quiet: bool):
    """Load a snapshot or series and analyse it, with a progress bar on a terminal."""
    from sitegen.analysis import analyze_snapshot
    from sitegen.console import progress
    from sitegen.snapshots import load_series, open_db

    config = load_config(config_path)
    db = open_db(config.analysis.memory_limit)
    with progress(quiet) as bar:
        task = bar.add_task("loading snapshots", total=None) if bar else None
        snapshots = load_series(path, db, config.analysis)
        if bar:
            bar.update(task, description="analysing", total=len(snapshots), completed=0)
        reports = []
        for snapshot in snapshots:
            reports.append(analyze_snapshot(snapshot, config.analysis))
            if bar:
                bar.advance(task)
    return config, reports


def run_analyze(path: Path, fmt: str, output: Path | None, limit: int,
                config_path: Path | None, quiet: bool) -> None:
    from sitegen import export
    from sitegen.tables import print_tables

    config, reports = load_and_analyze(path, config_path, quiet)
    with _open_output(output) as out:
        if fmt == "json":
            extra = None
            if len(reports) > 1:  # a series: transitions, growth and the follower audit
                from sitegen.analysis.over_time import analyze_over_time, over_time_documents

                extra = over_time_documents(analyze_over_time(reports, config.analysis))
            from sitegen.snapshots.load import is_snapshot

            export.write_json(reports, out, extra, series=not is_snapshot(path))
        elif fmt == "csv":
            export.write_csv(reports, Path(out.name) if output else out)
        else:
            print_tables(reports, out, limit)


@contextlib.contextmanager
def _open_output(output: Path | None):
    """stdout, or a file written beside its final name and moved into place when done."""
    if output is None:
        yield sys.stdout
        return
    partial = output.with_name(output.name + ".partial")
    try:
        with partial.open("w", encoding="utf-8", newline="") as handle:
            yield handle
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    partial.replace(output)


def run_build(config_path: Path | None, output: Path | None, url: str | None, drafts: bool,
              quiet: bool) -> None:
    import dataclasses
    import time

    from sitegen.config import with_overrides
    from sitegen.console import err, progress
    from sitegen.site.build import build_site

    config = with_overrides(load_config(config_path), site={"url": url})
    if output is not None:
        # an absolute path: the output moves, the project (and its cache) stays where it is
        config = dataclasses.replace(config, paths=dataclasses.replace(
            config.paths, output=str(output.resolve())))
    started = time.perf_counter()
    with progress(quiet) as bar:
        result = build_site(config, drafts, _stepper(bar))
    if not quiet:
        err.print(f"built {plural(result.pages, 'page')} ({plural(result.posts, 'post')}, "
                  f"{plural(result.snapshots, 'snapshot')}) into {result.output} in "
                  f"{time.perf_counter() - started:.1f} s")


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def _stepper(bar):
    """Adapt a rich progress display to build_site's step(description, total) callback."""
    task = None

    def step(description: str, total: int | None):
        nonlocal task
        if bar is None:
            return lambda: None
        if task is not None:
            bar.remove_task(task)
        task = bar.add_task(description, total=total)
        return lambda: bar.advance(task)

    return step


def run_deploy(config_path: Path | None, remote: str, branch: str, message: str | None,
               allow_dirty: bool, no_build: bool, quiet: bool) -> None:
    from sitegen.console import err
    from sitegen.deploy import deploy

    config = load_config(config_path)
    build = None if no_build else (lambda: run_build(config_path, None, None, False, True))
    result = deploy(config, remote=remote, branch=branch, message=message,
                    allow_dirty=allow_dirty, build=build)
    if not quiet:
        err.print(result.summary)

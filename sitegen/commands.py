"""What each CLI command does, as plain functions (the CLI only parses options)."""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path

from sitegen.config import load_config, with_overrides


def require_project(config_path: Path | None) -> None:
    """Commands that work on a project stop at once, in words, outside one (rather than
    failing later on a folder of the project that is not there)."""
    here = Path("sitegen.yml")
    if config_path is None and not (here.exists() or here.is_symlink()):
        from sitegen.errors import Problem, SitegenError

        raise SitegenError(Problem(
            "no sitegen project here (no sitegen.yml in this folder)",
            hint="start one with 'sitegen init DIR' (then cd DIR), or name the project's "
                 "settings file with --config FILE"))


def run_analyze(path: str | Path, fmt: str, output: Path | str | None, limit: int,
                config_path: Path | None, quiet: bool, engine_name: str | None = None) -> None:
    """Analyse the snapshots at ``path`` (a path or URL) and write the figures as ``fmt`` to
    ``output``: stdout, a local file, or (CSV only) a URL the engine writes."""
    from sitegen.analysis import export
    from sitegen.analysis.pipeline import run_analysis
    from sitegen.console import progress
    from sitegen.engines import engine_for
    from sitegen.snapshots.load import is_snapshot
    from sitegen.snapshots.location import locate
    from sitegen.tables import print_tables

    to_url = isinstance(output, str)
    if to_url and fmt != "csv":
        from sitegen.errors import Problem, SitegenError

        raise SitegenError(Problem(f"--format {fmt} is written to a local file or stdout, not "
                                   "to a URL", output, hint="use --format csv for a URL"))
    if not to_url:
        _check_output_file(output)
    config = with_engine(load_config(config_path), engine_name)
    engine = engine_for(config)
    try:
        if to_url and hasattr(engine, "check_scheme"):  # before the analysis, not after
            engine.check_scheme(output)
        with progress(quiet) as bar:
            # CSV and the terminal's tables show accounts: no activity, no change over time
            analysis = run_analysis(path, engine, config.analysis, step=_stepper(bar),
                                    accounts_only=fmt != "json")
        reports = list(analysis.reports)
        if to_url:  # written where it goes, by the engine
            export.write_csv(reports, output)
            return
        with _open_output(output) as out:
            if fmt == "json":
                export.write_json(analysis, out, series=not is_snapshot(locate(path, engine)))
            elif fmt == "csv":
                export.write_csv(reports, Path(out.name) if output else out)
            else:
                print_tables(reports, out, limit)
    finally:
        engine.close()


def with_engine(config, engine_name: str | None):
    """``config`` with ``--engine`` (when given) as its ``analysis.engine``."""
    return with_overrides(config, analysis={"engine": engine_name}) if engine_name else config


def run_import(sources: list[Path], fmt: str, out: Path, taken: str | None,
               network: str | None, window_days: int | None, merge: bool, directed: bool,
               quiet: bool) -> None:
    from sitegen.console import err, progress
    from sitegen.importing.run import ImportOptions, import_snapshot

    options = ImportOptions(fmt, _day(taken, "--taken"), network, window_days, merge, directed)
    with progress(quiet) as bar:
        result = import_snapshot(sources, out, options, bar)
    if not quiet:
        counts = ", ".join(f"{n:,} {table}" for table, n in result.rows.items())
        ties = (" (ties without direction, each written both ways: ties: undirected)"
                if result.meta.get("ties") == "undirected" else "")
        err.print(f"imported {counts or 'nothing'} into {result.out}{ties}", markup=False)


def _day(text: str | None, option: str):
    from datetime import date

    from sitegen.errors import SitegenError

    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise SitegenError(f"{option}: expected a date YYYY-MM-DD, got {text!r}") from None


def _check_output_file(output: Path | None) -> None:
    """Writing a file never replaces a link, a folder, a FIFO or a device."""
    if output is None or not (output.is_symlink() or output.exists()):
        return
    if output.is_symlink() or not output.is_file():
        from sitegen.errors import Problem, SitegenError

        what = "a symbolic link" if output.is_symlink() else \
            "a folder" if output.is_dir() else "not a regular file"
        raise SitegenError(Problem(f"--output is {what}; sitegen only writes a new file or "
                                   "replaces a regular one", output,
                                   hint="give the path of a file, e.g. --output report.json"))


@contextlib.contextmanager
def _open_output(output: Path | None):
    """stdout, or a file written beside its final name and moved into place when done."""
    if output is None:
        yield sys.stdout
        return
    partial = output.with_name(output.name + ".partial")
    if partial.is_symlink() or partial.is_file():
        partial.unlink()  # a leftover of a killed run (never followed, if a link)
    try:
        # "x": create a new file, never open one that exists (or follow a link there)
        handle = partial.open("x", encoding="utf-8", newline="")
    except FileExistsError:
        from sitegen.errors import Problem, SitegenError

        raise SitegenError(Problem("is in the way of the output's temporary file (not a "
                                   "regular file)", partial, hint="move it away")) from None
    try:
        with handle:
            yield handle
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    partial.replace(output)


def run_build(config_path: Path | None, output: Path | None, url: str | None, drafts: bool,
              quiet: bool, engine_name: str | None = None) -> None:
    import dataclasses
    import time

    from sitegen.console import err, progress
    from sitegen.site.build import build_site

    require_project(config_path)
    config = with_engine(with_overrides(load_config(config_path), site={"url": url}),
                         engine_name)
    if output is not None:
        # an absolute path: the output moves, the project (and its cache) stays where it is
        config = dataclasses.replace(config, paths=dataclasses.replace(
            config.paths, output=os.path.abspath(output)))  # a link stays a link
    started = time.perf_counter()
    with progress(quiet) as bar:
        result = build_site(config, drafts, _stepper(bar))
    if not quiet:
        done, where = ("nothing changed: kept", "in") if result.unchanged else ("built", "into")
        err.print(f"{done} {plural(result.pages, 'page')} ({plural(result.posts, 'post')}, "
                  f"{plural(result.snapshots, 'snapshot')}) {where} {result.output} in "
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

    require_project(config_path)
    config = load_config(config_path)
    build = None if no_build else (lambda: run_build(config_path, None, None, False, True))
    result = deploy(config, remote=remote, branch=branch, message=message,
                    allow_dirty=allow_dirty, build=build)
    if not quiet:
        err.print(result.summary)

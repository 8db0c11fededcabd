"""Terminal output for the CLI: logging setup, errors, and progress bars.

Progress bars appear only when stderr is a terminal and --quiet was not given.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator

from rich.console import Console
from rich.logging import RichHandler
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

err = Console(stderr=True, highlight=False, soft_wrap=True)


def setup_logging(quiet: bool = False, verbose: bool = False) -> None:
    level = logging.ERROR if quiet else logging.DEBUG if verbose else logging.WARNING
    handler = RichHandler(console=err, show_time=False, show_path=False, markup=False)
    logging.basicConfig(level=level, format="%(message)s", handlers=[handler], force=True)


def show_progress(quiet: bool) -> bool:
    return not quiet and err.is_terminal


@contextlib.contextmanager
def progress(quiet: bool) -> Iterator[Progress | None]:
    """A rich progress display, or None when it should stay quiet."""
    if not show_progress(quiet):
        yield None
        return
    columns = (SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
               TextColumn("{task.completed}/{task.total}"), TimeElapsedColumn())
    with Progress(*columns, console=err, transient=True) as bar:
        yield bar


def print_error(message: str) -> None:
    err.print(f"[bold red]error:[/] {escape(message)}")


def escape(text: str) -> str:
    from rich.markup import escape as rich_escape

    return rich_escape(text)

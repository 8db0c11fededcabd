"""Terminal output for the CLI: logging setup, errors, and progress bars.

Progress bars appear only when stderr is a terminal and --quiet was not given. Everything
printed is plain text: no rich markup (``[bold]``) or emoji codes (``:smile:``) are read in
it, and control characters from the data are shown as escapes (``\\x1b``), never sent to
the terminal.
"""

from __future__ import annotations

import contextlib
import logging
import signal
import threading
from collections.abc import Callable, Iterator

from rich.console import Console
from rich.logging import RichHandler
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.text import Text

from sitegen.errors import printable


class PlainConsole(Console):
    """A rich console that prints strings as plain text: no markup or emoji codes, and
    control characters escaped (line breaks kept: a hint goes on its own line)."""

    def render_str(self, text: str, **options) -> Text:
        return super().render_str(printable(text, keep="\n"), **options)


class PlainFormatter(logging.Formatter):
    """Log messages as plain text on one line: data in a warning cannot break the line,
    move the cursor or clear the screen (a traceback after the message keeps its lines).
    A record's ``hint`` (``log.warning(..., extra={"hint": ...})``) goes on a line of its
    own, as an error's does."""

    def formatMessage(self, record: logging.LogRecord) -> str:  # noqa: N802 (logging's name)
        text = printable(super().formatMessage(record))
        hint = getattr(record, "hint", None)
        return f"{text}\n  hint: {printable(hint)}" if hint else text


err = PlainConsole(stderr=True, highlight=False, soft_wrap=True, markup=False, emoji=False)


def setup_logging(quiet: bool = False, verbose: bool = False) -> None:
    """sitegen's own messages at the level asked for; another library's only when critical
    (or with ``verbose``, for debugging): sitegen says what their failures mean (kaleido's
    browser logs a traceback for a chart it cannot draw, which the build reports as a
    warning of its own)."""
    level = logging.ERROR if quiet else logging.DEBUG if verbose else logging.WARNING
    handler = RichHandler(console=err, show_time=False, show_path=False, markup=False)
    handler.setFormatter(PlainFormatter("%(message)s"))
    if not verbose:
        handler.addFilter(lambda record: record.name.split(".")[0] == "sitegen"
                          or record.levelno >= logging.CRITICAL)
    logging.basicConfig(level=level, handlers=[handler], force=True)


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
    """``error: message`` in red; the message as plain text (its line breaks kept)."""
    err.print(Text.assemble(("error:", "bold red"), " ", printable(message, keep="\n")))


INTERRUPTED = threading.Event()  # Ctrl-C was pressed while a command runs


@contextlib.contextmanager
def interrupt_watch() -> Iterator[Callable[[], bool]]:
    """Within: a function telling whether Ctrl-C (SIGINT) was pressed, which still interrupts
    as usual (``KeyboardInterrupt``). Where the interrupt surfaces as another error (DuckDB
    turns it into "Query interrupted", an import it cut short into a missing module), the
    caller can tell it was the interrupt all along (``serve`` too, which keeps serving after
    a failed build but not after an interrupted one)."""
    if threading.current_thread() is not threading.main_thread() or \
            signal.getsignal(signal.SIGINT) is not signal.default_int_handler:
        yield INTERRUPTED.is_set  # SIGINT ignored, or watched already: left as it is
        return

    def interrupted(signum, frame):
        INTERRUPTED.set()
        signal.default_int_handler(signum, frame)

    INTERRUPTED.clear()
    signal.signal(signal.SIGINT, interrupted)
    try:
        yield INTERRUPTED.is_set
    finally:
        signal.signal(signal.SIGINT, signal.default_int_handler)

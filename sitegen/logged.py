"""Warnings kept as text, to be said again: by a build with nothing changed, and by one that
reuses an analysis made before (what the data lacks is still worth saying)."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator

Kept = list[list[str | None]]  # [message, hint] of each warning


@contextlib.contextmanager
def warnings_kept() -> Iterator[Kept]:
    """The warnings sitegen logs meanwhile, as text (their hints too)."""
    kept: Kept = []
    handler = logging.Handler(logging.WARNING)
    handler.emit = lambda record: kept.append([record.getMessage(),
                                               getattr(record, "hint", None)])
    logger = logging.getLogger("sitegen")
    logger.addHandler(handler)
    try:
        yield kept
    finally:
        logger.removeHandler(handler)


def say_again(kept: Kept, log: logging.Logger) -> None:
    """Log kept warnings again, as they were said."""
    for message, hint in kept:
        log.warning("%s", message, extra={"hint": hint})

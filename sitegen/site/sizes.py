"""Files too large for where sites are published: GitHub warns about a file over 50 MB and
refuses one over 100 MB, so a site holding one cannot be pushed to GitHub Pages."""

from __future__ import annotations

import logging
from pathlib import Path

from sitegen.errors import DeployError, Problem

log = logging.getLogger(__name__)

MB = 1024 * 1024
WARN_BYTES = 50 * MB  # GitHub warns
REFUSED_BYTES = 100 * MB  # GitHub refuses the push
HINT = ("GitHub refuses files over 100 MB and warns over 50 MB: publish fewer accounts "
        "(site.account_pages) or large downloads elsewhere, e.g. as a release asset")


def large_files(folder: Path, limit: int | None = None) -> list[tuple[str, int]]:
    """(path relative to ``folder``, bytes) of every file over ``limit`` (50 MB), largest
    first."""
    limit = WARN_BYTES if limit is None else limit
    found = [(p.relative_to(folder).as_posix(), p.stat().st_size)
             for p in folder.rglob("*") if p.is_file() and not p.is_symlink()]
    return sorted(((name, size) for name, size in found if size > limit),
                  key=lambda item: (-item[1], item[0]))


def warn_large_files(folder: Path) -> None:
    """One warning per file of the built site over 50 MB."""
    for name, size in large_files(folder):
        over = "refused by GitHub (over 100 MB)" if size > REFUSED_BYTES else \
            "over the 50 MB at which GitHub warns"
        log.warning("%s: %.1f MB, %s\n  hint: %s", folder / name, size / MB, over, HINT)


def refuse_unpushable(folder: Path) -> None:
    """Before a deploy: a file GitHub would refuse stops it, with the file named."""
    refused = large_files(folder, REFUSED_BYTES)
    if refused:
        raise DeployError(*(Problem(f"{size / MB:.1f} MB: GitHub refuses files over 100 MB, "
                                    "so the push would fail", folder / name, hint=HINT)
                            for name, size in refused))

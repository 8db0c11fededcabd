"""Files too large for where sites are published: GitHub warns about a file over 50 MiB and
refuses one over 100 MiB, so a site holding one cannot be pushed to GitHub Pages.

sitegen keeps its own large files under ``LIMIT_BYTES``: a download larger than that is
gzip-compressed, and split into numbered parts when still too large (``fit_within_limit``);
the accounts table is written in chunks (``accounts_table``). docs/page-weight.md has the rules.
"""

from __future__ import annotations

import logging
import os
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from isal import igzip

from sitegen.errors import DeployError, Problem

log = logging.getLogger(__name__)

MB = 1000 * 1000  # sizes are shown in decimal megabytes
MIB = 1024 * 1024
# 50 MB in decimal units, below GitHub's warning at 50 MiB: "no file over 50 MB" holds
# whichever megabyte a reader means (a 49.2 MiB file is 51.6 MB)
LIMIT_BYTES = 50 * MB  # no download or table file sitegen writes is larger (tests lower it)
WARN_BYTES = 50 * MB  # a build warns about any file of the site over it
REFUSED_BYTES = 100 * MIB  # GitHub refuses a push holding a larger file
# "Published GitHub Pages sites may be no larger than 1 GB" (GitHub's Pages limits); its
# deploy action warns that a larger artifact may fail. Decimal: the warning comes early
SITE_BYTES = 1000 * MB
SITE_HINT = ("GitHub Pages publishes sites of up to 1 GB: each snapshot's downloads (data/) "
             "take the most; publish a shorter series (fewer snapshots in paths.snapshots), "
             "or host the site elsewhere")
HINT = ("GitHub refuses files over 100 MiB and warns over 50 MiB: publish fewer accounts "
        "(site.account_pages) or large downloads elsewhere, e.g. as a release asset")
# for a file sitegen did not write there (one of the user's, copied from content/ or a theme)
OWN_FILE_HINT = ("GitHub refuses files over 100 MiB and warns over 50 MiB: make the file "
                 "smaller, or publish it elsewhere (e.g. as a release asset) and link to it")
BLOCK = 1 << 20  # bytes copied at a time


@dataclass(frozen=True)
class Download:
    """One download as published: as it is ("plain"), gzip-compressed ("gzip"), or
    gzip-compressed and cut into numbered parts to be joined before decompressing ("parts").
    ``files``: (file name, bytes) in order."""

    name: str
    form: str
    files: tuple[tuple[str, int], ...]

    @property
    def compressed(self) -> str:
        """The name of the compressed file (the joined parts)."""
        return f"{self.name}.gz"

    def document(self) -> dict:
        return {"name": self.name, "form": self.form,
                "files": [{"name": n, "bytes": b} for n, b in self.files]}


# gzip by ISA-L (the isal package), level 1 of its 0-3: on the build benchmark's 65 MB GEXF,
# 0.07 CPU s and 9.21 MB, where zlib took 0.46 s for 8.97 MB at level 4 and 0.94 s for 8.86 MB
# at its default 6 (docs/build-cache.md); any gzip reader decompresses it
GZIP_LEVEL = 1


def fit_within_limit(pieces: list[bytes | Path], name: str, target: Callable[[str], Path],
                     scratch: Path) -> Download:
    """Publish the file made of ``pieces`` (bytes and files, in this order: the files are
    removed) as ``name`` within ``LIMIT_BYTES``: as it is when it fits, else compressed (gzip,
    no name or time inside, so the bytes depend on the content alone), else the compressed
    bytes cut into parts ``NAME.gz.001``, ``.002`` ... of ``LIMIT_BYTES`` each (the last
    smaller). ``target(file name)`` gives where a file goes; ``scratch``: a folder for the
    compressed file. The pieces are never joined on disk first: the file is written once."""
    limit = LIMIT_BYTES
    size = sum(len(p) if isinstance(p, bytes) else p.stat().st_size for p in pieces)
    if size <= limit:
        _join(pieces, target(name))
        return Download(name, "plain", ((name, size),))
    packed = scratch / f"{name}.gz"
    with packed.open("wb") as out, igzip.GzipFile(
            filename="", mode="wb", compresslevel=GZIP_LEVEL, fileobj=out, mtime=0) as zipped:
        _copy_pieces(pieces, zipped)
    size = packed.stat().st_size
    if size <= limit:
        os.replace(packed, target(f"{name}.gz"))
        return Download(name, "gzip", ((f"{name}.gz", size),))
    files = _cut(packed, f"{name}.gz", limit, target)
    packed.unlink()
    return Download(name, "parts", files)


def _join(pieces: list[bytes | Path], destination: Path) -> None:
    """Write the pieces as one file (a file alone is moved, not copied)."""
    if len(pieces) == 1 and isinstance(pieces[0], Path):
        os.replace(pieces[0], destination)
        return
    with destination.open("wb") as out:
        _copy_pieces(pieces, out)


def _copy_pieces(pieces: list[bytes | Path], out: BinaryIO) -> None:
    """Write each piece to ``out`` in turn, removing the files once copied."""
    for piece in pieces:
        if isinstance(piece, bytes):
            out.write(piece)
            continue
        with piece.open("rb") as source:
            shutil.copyfileobj(source, out, BLOCK)
        piece.unlink()


def _cut(source: Path, name: str, limit: int, target: Callable[[str], Path]
         ) -> tuple[tuple[str, int], ...]:
    """``source`` in parts of ``limit`` bytes, named NAME.001, NAME.002 ... (as many digits
    as the count needs, at least three), so that the parts sort in order."""
    size = source.stat().st_size
    count = -(-size // limit)
    width = max(3, len(str(count)))
    files = []
    with source.open("rb") as data:
        for number in range(1, count + 1):
            part = f"{name}.{number:0{width}d}"
            left = min(limit, size - (number - 1) * limit)
            files.append((part, left))
            with target(part).open("wb") as out:
                while left:
                    block = data.read(min(BLOCK, left))
                    out.write(block)
                    left -= len(block)
    return tuple(files)


def large_files(folder: Path, limit: int | None = None) -> list[tuple[str, int]]:
    """(path relative to ``folder``, bytes) of every file over ``limit`` (50 MB), largest
    first."""
    return _over(_file_sizes(folder), WARN_BYTES if limit is None else limit)


def _over(sizes, limit: int) -> list[tuple[str, int]]:
    """The (name, bytes) of ``sizes`` over ``limit``, largest first."""
    return sorted(((n, s) for n, s in sizes if s > limit), key=lambda item: (-item[1], item[0]))


def _file_sizes(folder: Path) -> Iterator[tuple[str, int]]:
    """(path relative to ``folder``, bytes) of each regular file under it, links not
    followed; one ``stat`` per file (a walk with ``Path`` took three: a tenth of a second
    at each build of a site of 1,200 pages)."""
    root = os.path.join(str(folder), "")  # with its separator at the end
    folders = [root] if folder.is_dir() else []
    while folders:
        with os.scandir(folders.pop()) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    folders.append(entry.path)
                elif entry.is_file(follow_symlinks=False):
                    name = entry.path[len(root):].replace(os.sep, "/")
                    yield name, entry.stat(follow_symlinks=False).st_size


def shown_size(size: int) -> str:
    """A size in MB and, since a tenth of a MB hides what matters at a limit, in bytes."""
    return f"{size / MB:.1f} MB ({size:,} bytes)"


def _hint(name: str) -> str:
    """The network's downloads (under data/) are sitegen's; any other file is the user's."""
    return HINT if name.startswith("data/") else OWN_FILE_HINT


def warn_large_files(folder: Path) -> None:
    """One warning per file of the built site over 50 MB, and one for a site over the 1 GB
    GitHub Pages publishes (every file under the limit, six snapshots of 1M accounts made
    1.16 GB), naming the folders of data/ that take the most."""
    sizes = list(_file_sizes(folder))
    for name, size in _over(sizes, WARN_BYTES):
        over = "refused by GitHub (over 100 MiB)" if size > REFUSED_BYTES else \
            "over 50 MB (GitHub warns over 50 MiB)"
        log.warning("%s: %s, %s", folder / name, shown_size(size), over,
                    extra={"hint": _hint(name)})
    total = sum(size for _, size in sizes)
    if total > SITE_BYTES:
        by_folder: dict[str, int] = {}
        for name, size in sizes:
            parts = name.split("/")
            if parts[0] == "data" and len(parts) > 2:
                by_folder[f"data/{parts[1]}/"] = by_folder.get(f"data/{parts[1]}/", 0) + size
        largest = sorted(by_folder.items(), key=lambda item: (-item[1], item[0]))[:3]
        log.warning("%s: the site holds %.2f GB (%s bytes), over the 1 GB GitHub Pages "
                    "publishes%s", folder, total / (1000 * MB), f"{total:,}",
                    "; the largest: " + ", ".join(f"{n} {s / MB:,.0f} MB" for n, s in largest)
                    if largest else "", extra={"hint": SITE_HINT})


def refuse_unpushable(folder: Path) -> None:
    """Before a deploy: a file GitHub would refuse stops it, with the file named."""
    refused = large_files(folder, REFUSED_BYTES)
    if refused:
        raise DeployError(*(Problem(f"{shown_size(size)}: GitHub refuses files over 100 MiB, "
                                    "so the push would fail", folder / name, hint=_hint(name))
                            for name, size in refused))

"""The lines of a twarc file, read one at a time: plain or gzip-compressed (``.jsonl.gz``).

A collection can be many gigabytes, so nothing but the current line is held; progress follows
the bytes read from the file on disk (compressed bytes, for a gzip file).
"""

from __future__ import annotations

import gzip
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from sitegen.errors import Problem, SnapshotError

if TYPE_CHECKING:
    from rich.progress import Progress

GZIP_MAGIC = b"\x1f\x8b"
MAX_LINE = 64 << 20  # a twarc2 page is about a megabyte; a longer line is not JSON Lines
PROGRESS_EVERY = 1000  # lines
SUFFIXES = (".jsonl", ".json", ".ndjson", ".txt")


def source_files(sources: list[Path]) -> list[Path]:
    """The files to read: each file given, and the twarc files (``.jsonl``, ``.json``,
    ``.ndjson``, ``.txt``, each maybe ``.gz``) directly inside each folder given, by name."""
    files = []
    for source in sources:
        if source.is_dir():
            files += sorted(path for path in source.iterdir()
                            if path.is_file() and not path.name.startswith(".")
                            and path.name.removesuffix(".gz").endswith(SUFFIXES))
        else:
            files.append(source)
    return files


def file_lines(path: Path, progress: Progress | None = None) -> Iterator[tuple[int, str]]:
    """``(line number, text)`` for each line of ``path``, decompressed when it is gzip."""
    size = path.stat().st_size
    task = progress.add_task(f"twarc {path.name}", total=size) if progress is not None else None
    with path.open("rb") as raw:
        compressed = raw.read(2) == GZIP_MAGIC
        raw.seek(0)
        stream = gzip.GzipFile(fileobj=raw, mode="rb") if compressed else raw
        number = 0
        while True:
            line = _read_line(stream, path, number + 1)
            if not line:
                break
            number += 1
            yield number, _decoded(line, path, number)
            if task is not None and number % PROGRESS_EVERY == 0:
                progress.update(task, completed=raw.tell())
    if task is not None:
        progress.update(task, completed=size)


def _read_line(stream, path: Path, number: int) -> bytes:
    try:
        line = stream.readline(MAX_LINE + 1)
    except (OSError, EOFError, zlib.error) as exc:
        raise SnapshotError(Problem(f"cannot read the compressed file ({exc})", path, number,
                                    hint="the .gz file may be cut short")) from None
    if len(line) > MAX_LINE:
        raise SnapshotError(Problem("a line longer than 64 MB: not a JSON Lines file", path,
                                    number, hint="twarc writes one tweet, user or page a line"))
    return line


def _decoded(line: bytes, path: Path, number: int) -> str:
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SnapshotError(Problem(f"not UTF-8 text ({exc.reason} at byte {exc.start})",
                                    path, number)) from None
    return text.removeprefix("\ufeff") if number == 1 else text

"""The files of a Twitter archive: a zip as downloaded, or the folder it unzips to.

Nothing is extracted to disk: zip members are read as streams with ``zipfile.open``. Member
names (and the file names ``manifest.js`` lists) come from the archive and are not trusted as
paths: only names of the form ``data/<name>.js`` are read, looked up among the archive's own
members (zip) or checked to stay inside the archive's folder (folder).
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

from sitegen.errors import Problem, SnapshotError

DATA_NAME = re.compile(r"data/[A-Za-z0-9_.-]+\.js")
MARKERS = ("manifest.js", "account.js", "tweets.js", "tweet.js")  # files that mark data/


class ArchiveFiles:
    """The ``data/*.js`` files of one archive, by name (``data/tweets.js``)."""

    def __init__(self, source: Path):
        self.source = source

    def names(self) -> list[str]:
        raise NotImplementedError

    def label(self, name: str) -> str:
        """How error messages name a file: ``archive.zip:data/tweets.js`` or its path."""
        raise NotImplementedError

    def size(self, name: str) -> int:
        raise NotImplementedError

    def _open_binary(self, name: str):
        raise NotImplementedError

    def has(self, name: str) -> bool:
        return name in self.names()

    @contextmanager
    def open(self, name: str) -> Iterator[TextIO]:
        """The file as text (UTF-8, a byte order mark allowed)."""
        if not DATA_NAME.fullmatch(name) or not self.has(name):
            raise SnapshotError(Problem("not in the archive", self.label(name)))
        with self._open_binary(name) as raw:
            yield io.TextIOWrapper(raw, encoding="utf-8-sig")

    def close(self) -> None:
        pass


class FolderArchive(ArchiveFiles):
    """An unzipped archive: ``source`` holds ``data/``, or is the ``data`` folder itself."""

    def __init__(self, source: Path):
        super().__init__(source)
        self.root = source.parent if _marks_data(source) else source
        self.data = self.root / "data"
        if not _marks_data(self.data):
            raise SnapshotError(Problem(
                "not a Twitter archive: no data/manifest.js, data/account.js or data/tweets.js",
                source, hint="give the archive's zip file, or the folder it unzips to"))
        self._names = sorted(f"data/{path.name}" for path in self.data.iterdir()
                             if DATA_NAME.fullmatch(f"data/{path.name}"))

    def names(self) -> list[str]:
        return self._names

    def label(self, name: str) -> str:
        return str(self.root / name)

    def size(self, name: str) -> int:
        return (self.root / name).stat().st_size

    def _open_binary(self, name: str):
        path = self.root / name
        if path.is_symlink() or not path.is_file():
            raise SnapshotError(Problem("not a regular file (a link or a folder?)", path,
                                        hint="copy the archive's files themselves"))
        return path.open("rb")


class ZipArchive(ArchiveFiles):
    """The archive's zip file, read in place."""

    def __init__(self, source: Path):
        super().__init__(source)
        try:
            self.zip = zipfile.ZipFile(source)
        except (zipfile.BadZipFile, OSError) as exc:
            raise SnapshotError(Problem(f"not a readable zip file ({exc})", source,
                                        hint="give the archive's zip file, or the folder it "
                                             "unzips to")) from None
        self.prefix = self._prefix()
        self._members = {name[len(self.prefix):]: name for name in self.zip.namelist()
                         if name.startswith(self.prefix)
                         and DATA_NAME.fullmatch(name[len(self.prefix):])}

    def _prefix(self) -> str:
        """The folder inside the zip that holds ``data/`` (usually none)."""
        prefixes = {name[:-len(f"data/{marker}")] for name in self.zip.namelist()
                    for marker in MARKERS
                    if name == f"data/{marker}" or name.endswith(f"/data/{marker}")}
        if not prefixes:
            raise SnapshotError(Problem(
                "not a Twitter archive: no data/manifest.js, data/account.js or data/tweets.js "
                "in the zip", self.source, hint="give the zip file Twitter/X sent you"))
        if len(prefixes) > 1:
            raise SnapshotError(Problem(
                f"holds more than one archive ({', '.join(sorted(p or '/' for p in prefixes))})",
                self.source, hint="import each archive as its own source"))
        return prefixes.pop()

    def names(self) -> list[str]:
        return sorted(self._members)

    def has(self, name: str) -> bool:
        return name in self._members

    def label(self, name: str) -> str:
        return f"{self.source}:{self.prefix}{name}"

    def size(self, name: str) -> int:
        return self.zip.getinfo(self._members[name]).file_size

    def _open_binary(self, name: str):
        try:
            return self.zip.open(self._members[name])
        except (RuntimeError, NotImplementedError, zipfile.BadZipFile) as exc:
            raise SnapshotError(Problem(f"cannot read this zip member ({exc})",
                                        self.label(name))) from None

    def close(self) -> None:
        self.zip.close()


def open_archive(source: Path) -> ArchiveFiles:
    """The archive at ``source``: a folder, or a zip file."""
    if source.is_dir():
        return FolderArchive(source)
    return ZipArchive(source)


def _marks_data(folder: Path) -> bool:
    return folder.is_dir() and any((folder / marker).is_file() for marker in MARKERS)

"""The files of a Mastodon archive ("Request your archive"), as a ``.zip``, a ``.tar.gz`` or an
unpacked folder, read into memory: nothing is extracted to disk and no member's path is used to
open a file. A member is found by its name, at the top of the archive or in one folder
(``archive-2024.../outbox.json`` when the archive was re-packed with its folder).
"""

from __future__ import annotations

import json
import re
import tarfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from sitegen.errors import Problem, SnapshotError

MAX_MEMBER_BYTES = 1 << 30  # 1 GiB: an outbox.json past this would not fit in memory as JSON
WANTED = ("outbox.json", "actor.json")
ARCHIVE_DATE = re.compile(r"archive-(\d{4})(\d{2})(\d{2})\d{6}")
HINT = ("give the archive from Settings > Import and export > Request your archive, as "
        "downloaded (.zip or .tar.gz) or unpacked into a folder")


@dataclass
class Archive:
    """The wanted members of one archive: name -> bytes (absent members are missing)."""

    source: Path
    members: dict[str, bytes] = field(default_factory=dict)

    def label(self, member: str) -> str:
        """How errors name a member: ``archive.zip:outbox.json``, ``folder/outbox.json``."""
        if self.source.is_dir():
            return str(self.source / member)
        return f"{self.source}:{member}"

    def json(self, member: str):
        """The member parsed as JSON; a missing member or bad JSON is a SnapshotError."""
        if member not in self.members:
            raise SnapshotError(Problem(f"no {member} in this archive", self.source,
                                        hint=HINT))
        return parse_json(self.members[member], self.label(member))

    @property
    def taken(self) -> str | None:
        """The day Mastodon made the archive, from its name ``archive-YYYYmmddHHMMSS-...``."""
        match = ARCHIVE_DATE.search(self.source.name)
        return f"{match[1]}-{match[2]}-{match[3]}" if match else None


def is_archive(path: Path) -> bool:
    """A folder, a zip file or a tar file (compressed or not)."""
    return path.is_dir() or zipfile.is_zipfile(path) or _is_tar(path)


def read_archive(path: Path) -> Archive:
    """The members in ``WANTED`` of the archive at ``path``."""
    if path.is_dir():
        return Archive(path, _folder_members(path))
    if zipfile.is_zipfile(path):
        return Archive(path, _zip_members(path))
    return Archive(path, _tar_members(path))


def parse_json(data: bytes, label: str):
    """``data`` as JSON, or a SnapshotError naming ``label`` and where the JSON breaks."""
    try:
        return json.loads(data)
    except UnicodeDecodeError:
        raise SnapshotError(Problem("not UTF-8 text", label, hint=HINT)) from None
    except json.JSONDecodeError as error:
        raise SnapshotError(Problem(f"not valid JSON: {error.msg} (character {error.pos + 1})",
                                    label, error.lineno, hint=HINT)) from None
    except RecursionError:
        raise SnapshotError(Problem("not valid JSON: nested too deeply", label)) from None


def _is_tar(path: Path) -> bool:
    try:
        return tarfile.is_tarfile(path)
    except OSError:
        return False


def _wanted(name: str) -> str | None:
    """The wanted member a path inside an archive stands for (top level or one folder)."""
    parts = PurePosixPath(name.replace("\\", "/")).parts
    if 1 <= len(parts) <= 2 and parts[-1] in WANTED and ".." not in parts:
        return parts[-1]
    return None


def _folder_members(folder: Path) -> dict[str, bytes]:
    members = {}
    for name in WANTED:
        file = folder / name
        if file.is_symlink() or (file.exists() and not file.is_file()):
            raise SnapshotError(Problem("not a regular file (links are not followed)", file))
        if file.is_file():
            _check_size(file.stat().st_size, str(file))
            members[name] = file.read_bytes()
    return members


def _zip_members(path: Path) -> dict[str, bytes]:
    members: dict[str, bytes] = {}
    try:
        with zipfile.ZipFile(path) as archive:
            for info in sorted(archive.infolist(), key=lambda i: i.filename.count("/")):
                name = _wanted(info.filename)
                if name is None or info.is_dir() or name in members:
                    continue
                _check_size(info.file_size, f"{path}:{info.filename}")
                with archive.open(info) as member:
                    members[name] = _read_at_most(member, f"{path}:{info.filename}")
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError,
            OSError) as error:
        raise SnapshotError(Problem(f"cannot read this zip file: {error}", path,
                                    hint=HINT)) from None
    return members


def _tar_members(path: Path) -> dict[str, bytes]:
    """One pass over the (possibly compressed) tar stream; only regular files are read."""
    members: dict[str, bytes] = {}
    try:
        with tarfile.open(path, mode="r|*") as archive:
            for info in archive:
                name = _wanted(info.name)
                if name is None or not info.isreg() or name in members:
                    continue
                _check_size(info.size, f"{path}:{info.name}")
                member = archive.extractfile(info)
                if member is not None:
                    members[name] = _read_at_most(member, f"{path}:{info.name}")
    except (tarfile.TarError, EOFError, OSError) as error:
        raise SnapshotError(Problem(f"cannot read this tar file: {error}", path,
                                    hint=HINT)) from None
    return members


def _check_size(size: int, label: str) -> None:
    if size > MAX_MEMBER_BYTES:
        raise SnapshotError(Problem(f"larger than {MAX_MEMBER_BYTES >> 30} GiB, the most "
                                    "sitegen reads of one archive file", label))


def _read_at_most(stream, label: str) -> bytes:
    """The member's bytes; never more than the limit, whatever its header claims."""
    data = stream.read(MAX_MEMBER_BYTES + 1)
    _check_size(len(data), label)
    return data

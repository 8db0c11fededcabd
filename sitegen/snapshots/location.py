"""Where a snapshot is: a local path, or a URL (``s3://``, ``hdfs://``, ``file://`` ...) that
the engine lists and reads.

The loader (``sitegen.snapshots.load``) works on either without asking which: ``locate`` turns
what the user named into a ``Path`` or a ``Url``, and a ``Url`` answers the few questions of
``pathlib.Path`` that finding and reading snapshots asks (``name``, ``stem``, ``suffix``,
``/``, ``exists``, ``is_file``, ``is_dir``, ``is_symlink``, ``iterdir``, ``glob``) through the
engine's ``list_dir``, each folder listed once. ``read_yaml``, ``project_folder``,
``check_inside`` and ``user_file`` take either: a local path gets today's checks
(``sitegen.yamlfile``), unchanged. A URL has no project folder and no symbolic links to
check: it is named by the user on the command line, never found in a project, and what it
names is read where it is (as ``sitegen analyze /data/2024-03`` reads a folder outside any
project).
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from sitegen import yamlfile
from sitegen.errors import Problem, SitegenError
from sitegen.schemes import is_url


class Listings:
    """The folders of one load, each listed once through the engine (``list_dir(url)``:
    ``[(name, is_dir), ...]``, or None where no folder is)."""

    def __init__(self, engine: Any):
        self.engine = engine
        self.seen: dict[str, dict[str, bool] | None] = {}

    def entries(self, url: str) -> dict[str, bool] | None:
        if url not in self.seen:
            found = self.engine.list_dir(url)
            self.seen[url] = None if found is None else dict(found)
        return self.seen[url]

    def kind(self, url: str) -> str | None:
        """``"dir"``, ``"file"`` or None (nothing there): from the parent's listing when the
        parent is known to be a folder, else from a listing of ``url`` itself (a folder?),
        then of its parent."""
        parent, name = _parent(url)
        if parent is None or not (parent in self.seen or self._listed_as_folder(parent)):
            if self.entries(url) is not None:
                return "dir"
            if parent is None:
                return None
        entries = self.entries(parent) or {}
        return None if name not in entries else "dir" if entries[name] else "file"

    def _listed_as_folder(self, url: str) -> bool:
        parent, name = _parent(url)
        return (self.seen.get(parent) or {}).get(name, False) if parent else False


def _parent(url: str) -> tuple[str | None, str]:
    """The folder holding ``url`` (None above a bucket or host) and its name there."""
    scheme, _, rest = url.partition("://")
    if "/" not in rest:
        return None, rest
    folder, _, name = rest.rpartition("/")
    return f"{scheme}://{folder or '/'}", name


@dataclass(frozen=True, order=True)
class Url:
    """A file or folder named by URL, listed through the engine (see the module's text)."""

    text: str  # without a trailing slash
    listings: Listings = field(compare=False, repr=False)

    def __str__(self) -> str:
        return self.text

    def __truediv__(self, name: str) -> Url:
        return Url(f"{self.text}/{name}", self.listings)

    @property
    def name(self) -> str:
        return _parent(self.text)[1]

    @property
    def stem(self) -> str:
        return PurePosixPath(self.name).stem

    @property
    def suffix(self) -> str:
        return PurePosixPath(self.name).suffix

    def exists(self) -> bool:
        return self.listings.kind(self.text) is not None

    def is_file(self) -> bool:
        return self.listings.kind(self.text) == "file"

    def is_dir(self) -> bool:
        return self.listings.kind(self.text) == "dir"

    def is_symlink(self) -> bool:
        return False  # an engine's file system is read as it lists itself

    def iterdir(self) -> list[Url]:
        return [self / name for name in sorted(self.listings.entries(self.text) or {})]

    def glob(self, pattern: str) -> list[Url]:
        """The entries whose names match ``pattern`` (one level: ``*.csv``)."""
        return [entry for entry in self.iterdir() if fnmatch.fnmatchcase(entry.name, pattern)]


Location = Path | Url  # where a snapshot, or one of its files, is


def locate(where: str | Path | Url, engine: Any) -> Path | Url:
    """What the user named: a ``Url`` (listed and read through ``engine``), else a ``Path``."""
    if isinstance(where, (Path, Url)):
        return where
    if not is_url(where):
        return Path(where)
    if not hasattr(engine, "list_dir"):
        raise SitegenError(Problem(f"the {getattr(engine, 'name', 'analysis')} engine cannot "
                                   "read snapshots named by URL", str(where)))
    scheme, _, rest = str(where).partition("://")
    return Url(f"{scheme}://{rest.rstrip('/') or '/'}", Listings(engine))


def read_yaml(path: Path | Url, error: type[SitegenError]):
    """``sitegen.yamlfile.read_yaml`` for a local file; a URL's bytes come from the engine,
    held to the same size and read as the same UTF-8 text."""
    if not isinstance(path, Url):
        return yamlfile.read_yaml(path, error)
    data = path.listings.engine.read_bytes(path.text, yamlfile.MAX_BYTES)
    if data is None:
        raise error(Problem(f"larger than {yamlfile.MAX_BYTES // 10**6} MB, the most a YAML "
                            "file may hold (parsing it would take minutes)", path,
                            hint="YAML is for small networks: convert large data to CSV"))
    return yamlfile.compose(yamlfile.utf8_text(data, path, error), path, error)


def project_folder(path: Path | Url) -> Path | None:
    """The folder a local snapshot's files must stay inside; None for a URL."""
    return None if isinstance(path, Url) else yamlfile.project_folder(path)


def check_inside(path: Path | Url, folder: Path | None, error: type[SitegenError]) -> None:
    """``sitegen.yamlfile.check_inside`` for a local path; nothing to check for a URL."""
    if not isinstance(path, Url):
        yamlfile.check_inside(path, folder, error)


def user_file(path: Path | Url, folder: Path | None, error: type[SitegenError]) -> bool:
    """Whether a file is there to read (``sitegen.yamlfile.user_file`` for a local path);
    a folder in a file's place at a URL is an error too."""
    if not isinstance(path, Url):
        return yamlfile.user_file(path, folder, error)
    if path.is_dir():
        raise error(Problem("a folder, where a file is expected", path,
                            hint=f"{path.name} must be a file; move what is there away"))
    return path.exists()

"""The only writer of a site: build into a staging folder, then swap it in atomically.

A build writes every file into ``.sitegen-build-*`` beside the output folder. Only when
the whole build succeeded is the staging folder exchanged with ``output/`` (one atomic
``renameat2(RENAME_EXCHANGE)`` on Linux; two renames elsewhere). A failed or killed build
leaves the previous site untouched; leftovers of a killed build are removed next time.

Files in ``output/`` that sitegen did not make (not listed in its manifest) are carried
over into the new site and named in a warning, never silently deleted.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import fcntl
import json
import logging
import os
import shutil
import tempfile
from pathlib import Path

from sitegen.errors import Problem, SitegenError

log = logging.getLogger(__name__)

MANIFEST = ".sitegen-manifest.json"
STAGING_PREFIX = ".sitegen-build-"


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two paths (Linux renameat2); False when not supported here."""
    libc_name = ctypes.util.find_library("c")
    if not libc_name:
        return False
    libc = ctypes.CDLL(libc_name, use_errno=True)
    if not hasattr(libc, "renameat2"):
        return False
    at_fdcwd, rename_exchange = -100, 2
    result = libc.renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange)
    return result == 0


def _lock(path: Path):
    """Hold an exclusive lock for one build of an output folder (released when the process
    ends, however it ends)."""
    handle = path.open("a")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        handle.close()
        output = path.name.removeprefix(STAGING_PREFIX).removesuffix("-lock")
        raise SitegenError(Problem(f"another sitegen build is writing {path.parent / output}",
                                   hint="wait for it to finish")) from None
    return handle


def _read_manifest(output: Path) -> dict:
    """What the previous build made (empty when output/ was not made by sitegen)."""
    try:
        manifest = json.loads((output / MANIFEST).read_text("utf-8"))
        return {"files": list(manifest["files"]), "keys": dict(manifest["keys"])}
    except (OSError, ValueError, KeyError, TypeError):
        return {"files": [], "keys": {}}


class Staging:
    """A folder a build writes into; ``commit`` makes it the output folder."""

    def __init__(self, output: Path):
        self.output = output.resolve()
        self.output.parent.mkdir(parents=True, exist_ok=True)
        prefix = f"{STAGING_PREFIX}{self.output.name}-"
        self.lock_path = self.output.parent / f"{prefix}lock"
        self.lock = _lock(self.lock_path)
        for stale in self.output.parent.glob(prefix + "*"):
            if stale.is_dir():  # left by a build that was killed: we hold the lock now
                shutil.rmtree(stale, ignore_errors=True)
        self.dir = Path(tempfile.mkdtemp(prefix=prefix, dir=self.output.parent)).resolve()
        self.made: set[str] = set()
        self.folders: set[str] = set()
        self.keys: dict[str, str] = {}
        self.previous = _read_manifest(self.output)

    def target(self, relative: str) -> Path:
        """The staging path for a site path, refusing anything that leaves the folder."""
        root = str(self.dir)
        path = os.path.normpath(os.path.join(root, relative))
        if not path.startswith(root + os.sep):
            raise SitegenError(Problem(f"refusing to write outside the site: {relative!r}"))
        parent = os.path.dirname(path)
        if parent not in self.folders:
            os.makedirs(parent, exist_ok=True)
            self.folders.add(parent)
        self.made.add(path[len(root) + 1:].replace(os.sep, "/"))
        return Path(path)

    def write(self, relative: str, content: str | bytes) -> None:
        data = content.encode("utf-8") if isinstance(content, str) else content
        self.target(relative).write_bytes(data)

    def copy(self, relative: str, source: Path) -> None:
        shutil.copyfile(source, self.target(relative))

    def reuse(self, name: str, key: str, files: list[str]) -> bool:
        """Take ``files`` from the previous build when it made them under the same key."""
        self.keys[name] = key
        old = [self.output / f for f in files]
        if self.previous["keys"].get(name) != key or not all(p.is_file() for p in old):
            return False
        for relative, path in zip(files, old):
            target = self.target(relative)
            try:
                os.link(path, target)
            except OSError:
                shutil.copyfile(path, target)
        return True

    def _carry_over_foreign_files(self) -> list[str]:
        if not self.output.is_dir():
            return []
        ours = set(self.previous["files"])
        foreign = []
        for path in sorted(self.output.rglob("*")):
            relative = path.relative_to(self.output).as_posix()
            if path.is_file() and relative not in ours and relative != MANIFEST:
                if relative in self.made:
                    log.warning("%s: replaced by the build (it was not made by sitegen)",
                                self.output / relative)
                    continue
                destination = self.dir / relative
                destination.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(path, destination)
                foreign.append(relative)
        if foreign:
            log.warning("kept %d file(s) in %s that sitegen did not make: %s", len(foreign),
                        self.output, ", ".join(foreign[:5]) + (" ..." if len(foreign) > 5 else ""))
        return foreign

    def commit(self) -> None:
        """Swap the finished build in; the previous site is removed afterwards."""
        self._carry_over_foreign_files()
        manifest = {"files": sorted(self.made), "keys": dict(sorted(self.keys.items()))}
        (self.dir / MANIFEST).write_text(json.dumps(manifest, indent=0), "utf-8")
        if self.output.exists() and _exchange(self.dir, self.output):
            shutil.rmtree(self.dir, ignore_errors=True)
            self._unlock()
            return
        if self.output.exists():
            old = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=self.output.parent))
            os.rename(self.output, old / "old")
            os.rename(self.dir, self.output)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.rename(self.dir, self.output)
        self._unlock()

    def abort(self) -> None:
        shutil.rmtree(self.dir, ignore_errors=True)
        self._unlock()

    def _unlock(self) -> None:
        """Remove the lock file while still holding the lock, then let go of it."""
        self.lock_path.unlink(missing_ok=True)
        self.lock.close()

    def __enter__(self) -> Staging:
        return self

    def __exit__(self, kind, value, traceback) -> None:
        if kind is not None:
            self.abort()

"""The only writer of a site: build into a staging folder, then swap it in atomically.

A build writes the new site into a staging folder beside the output folder. Only when the
whole build succeeded is the staging folder exchanged with ``output/`` (one atomic
``renameat2(RENAME_EXCHANGE)`` on Linux; three renames elsewhere, Windows included). A failed
or killed build leaves the previous site untouched. One build at a time writes an output
folder: a second one is refused at once (a ``filelock`` lock, see ``_lock``).

The staging folder is the site before the current one (``.sitegen-build-<output>-spare``):
a build updates it in place, writing only the files whose inputs changed, and after the
exchange the replaced site becomes the spare for the next build. Its manifest is removed
while it is being updated, so a spare left by a killed build is not trusted, only
rebuilt. Delete it at any time; the next build just does more work.

A file whose bytes are those of the live site's file is not written again: the live file is
linked into the staging folder, so it keeps its modification time. When nothing differs from
the live site (the same files), there is no exchange at all: ``output/`` is left as it is
(only its manifest is rewritten when a key changed), so a rebuild that changed nothing writes
nothing there.

sitegen only replaces a folder it made (it holds sitegen's manifest) or an empty one; any
other folder, a file, or a symbolic link given as the output is refused. Files in a folder
sitegen made that it did not make (not listed in its manifest) are carried over into the new
site as they are (a symbolic link stays a link, an empty folder stays) and named in a
warning; a build that would overwrite one of them, or that meets a FIFO, socket or device
there, stops with an error instead.
"""

from __future__ import annotations

import errno
import hashlib
import json
import logging
import os
import shutil
import socket
import stat
import sys
import tempfile
from pathlib import Path

import filelock

from sitegen.errors import Problem, SitegenError

log = logging.getLogger(__name__)

MANIFEST = ".sitegen-manifest.json"
LEFT_MANIFEST = f"{MANIFEST}.partial"  # the manifest being written (_write_manifest)
STAGING_PREFIX = ".sitegen-build-"


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two paths (Linux ``renameat2``); False where that is not to be had
    (another system, no C library, an older kernel or a file system without it). Any other
    failure (a mount point, a folder that may not be renamed) is an ``OSError``."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        import ctypes
        import ctypes.util

        libc_name = ctypes.util.find_library("c")
        renameat2 = ctypes.CDLL(libc_name, use_errno=True).renameat2 if libc_name else None
    except (ImportError, OSError, AttributeError):
        return False
    if renameat2 is None:
        return False
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    number = ctypes.get_errno()
    if number in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):  # not to be had here
        return False
    raise OSError(number, os.strerror(number), str(b))


def _lock(path: Path) -> filelock.BaseFileLock:
    """Hold an exclusive lock for one build of an output folder, or refuse at once when
    another build holds it (the lock goes when the process ends, however it ends).

    ``filelock`` locks the file at ``path`` with the system's own lock (``flock`` on POSIX,
    ``LockFileEx`` on Windows; a lock file with the owner's process id where neither exists).
    A build removes the file while it still holds it (see ``Staging._unlock``), so a process
    that opened it just before may lock a removed file: ``filelock`` does not count that as
    locked, and the file at ``path`` is then not the one there before the try. Only a file
    that stayed in place while it could not be locked is another build's.
    """
    while True:
        before = _identity(path)
        lock = filelock.FileLock(path, thread_local=False, fallback_to_soft=False)
        try:
            lock.acquire(blocking=False)
        except filelock.Timeout:
            if _identity(path) == before:
                output = path.name.removeprefix(STAGING_PREFIX).removesuffix("-lock")
                raise SitegenError(Problem(f"another sitegen build is writing "
                                           f"{path.parent / output}",
                                           hint="wait for it to finish")) from None
            continue  # removed by the build that held it: try the one at path now
        except OSError as error:
            raise SitegenError(Problem(f"cannot lock the output folder: {error}", path,
                                       hint="build into a folder on a local disk")) from None
        return lock


def _identity(path: Path) -> tuple[int, int] | None:
    """Which file is at ``path`` (device and inode), None when there is none."""
    try:
        found = os.stat(path, follow_symlinks=False)
    except FileNotFoundError:
        return None
    return found.st_dev, found.st_ino


def check_replaceable(output: Path) -> None:
    """Refuse an output path sitegen may not replace: only a missing path, an empty folder or
    a folder an earlier build made (with its manifest) will do."""
    hint = "give a folder of its own (it may not exist yet), e.g. --output output"
    if output.is_symlink():
        raise SitegenError(Problem("the output is a symbolic link; sitegen replaces the output "
                                   "folder on every build and will not replace a link",
                                   output, hint=hint))
    if not output.exists():
        return
    if not output.is_dir():
        raise SitegenError(Problem("the output is not a folder; sitegen replaces the output "
                                   "folder on every build", output, hint=hint))
    if (output / MANIFEST).is_file() or not any(output.iterdir()):
        return
    raise SitegenError(Problem(
        f"the output folder holds files that sitegen did not make (no {MANIFEST}); sitegen "
        "only replaces a folder it made itself or an empty one", output,
        hint="empty it, or give another folder"))


# the machine, as named in the working files a build leaves while it runs: a folder shared by
# machines or containers holds files of processes whose ids mean nothing here
HOST = hashlib.sha256(socket.gethostname().encode("utf-8", "surrogateescape")).hexdigest()[:8]


def owner() -> str:
    """This process, as its working files name it: ``PID@HOST``."""
    return f"{os.getpid()}@{HOST}"


def left_by_ended_process(name: str) -> bool:
    """Whether ``name`` (``owner()``'s form) names a process of this machine that has ended:
    its working files are then left over (from a build killed), never another's."""
    pid, _, host = name.partition("@")
    return host == HOST and pid.isdigit() and not process_running(int(pid))


def remove_left_over(folder: Path) -> None:
    """The working files of builds that were killed (``.NAME.OWNER....partial`` and the
    like: the analysis's ``.analysis-KEY.OWNER.partial`` and its ``.wal``, a ``JsonCache``'s
    ``.KIND-KEY.OWNER.THREAD.partial``): their process is gone, so nothing else would ever
    remove them."""
    if folder.is_dir():
        for orphan in folder.glob(".*.partial*"):
            parts = orphan.name.split(".")
            if len(parts) > 2 and left_by_ended_process(parts[2]):
                orphan.unlink(missing_ok=True)


def process_running(pid: int) -> bool:
    """Whether a process of that id runs (on Windows, where this cannot be asked without
    ending it, always true: a leftover is then kept, never another build's file removed)."""
    if sys.platform == "win32":
        return True
    try:
        os.kill(pid, 0)  # signal 0: only asks whether the process exists (POSIX)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def read_manifest(folder: Path) -> dict:
    """What the build that made a folder wrote there (empty when unknown): its files, the key
    of each group of files, and the files of the user's it carried over."""
    try:
        manifest = json.loads((folder / MANIFEST).read_text("utf-8"))
        return {"files": list(manifest["files"]), "keys": dict(manifest["keys"]),
                "foreign": list(manifest.get("foreign", []))}
    except (OSError, ValueError, KeyError, TypeError):
        return {"files": [], "keys": {}, "foreign": []}


def file_stats(folder: Path, files: list[str]) -> dict[str, list[int]]:
    """Size and modification time of each file: what tells that output/ was not touched."""
    stats = {}
    for relative in files:
        try:
            found = os.stat(os.path.join(folder, relative), follow_symlinks=False)
        except FileNotFoundError:  # removed meanwhile: not recorded, so made again next time
            continue
        stats[relative] = [found.st_size, found.st_mtime_ns]
    return stats


def _parents(relative: str) -> list[str]:
    """The folders a site path is in (``a/b/c.html``: ``a``, ``a/b``)."""
    parts = relative.split("/")[:-1]
    return ["/".join(parts[:i]) for i in range(1, len(parts) + 1)]


def _entries(folder: Path) -> tuple[list[str], dict[str, bool]]:
    """Every file, link and folder under ``folder`` (links to folders not followed), by
    relative path; and for each folder, whether it is empty. (``os.scandir`` and names cut
    from the paths: ``os.walk`` and ``relpath`` took 0.05 s for a site of 1,200 pages, and
    a build walks two.)"""
    entries: list[str] = []
    empty: dict[str, bool] = {}
    root = os.path.join(str(folder), "")
    stack = [root] if os.path.isdir(root) else []
    while stack:
        parent = stack.pop()
        count = 0
        with os.scandir(parent) as found:
            for entry in found:
                count += 1
                relative = entry.path[len(root):].replace(os.sep, "/")
                entries.append(relative)
                if entry.is_dir(follow_symlinks=False):
                    stack.append(entry.path)
        if parent != root:
            empty[parent[len(root):].replace(os.sep, "/")] = count == 0
    return entries, empty


def _copy_link(link: Path, destination: Path) -> None:
    """Make ``destination`` a symbolic link like ``link`` (Windows allows that only to an
    administrator or in developer mode: a clear error there instead)."""
    try:
        os.symlink(os.readlink(link), destination, target_is_directory=link.is_dir())
    except OSError as error:
        raise SitegenError(Problem(
            f"cannot copy this symbolic link into the new site: {error.strerror or error}",
            link, hint="replace it with what it points to, or move it out of the output "
                       "folder")) from None


def warn_foreign(output: Path, foreign: list[str]) -> None:
    """Name the files of the user's that the output folder holds."""
    if foreign:
        names = ", ".join(foreign[:5]) + (" ..." if len(foreign) > 5 else "")
        log.warning("kept %d file(s) in %s that sitegen did not make: %s", len(foreign),
                    output, names)


class Staging:
    """A folder a build writes into; ``commit`` makes it the output folder."""

    def __init__(self, output: Path, intact: dict[str, list[int]] | None = None):
        """``intact``: the size and time of each file the last build left in ``output``
        (its record, ``inputs.recorded_output``); only a file still as it was is reused, one
        changed by hand since is made again."""
        check_replaceable(output)
        self.intact = intact or {}
        self.output = output.resolve()
        self.output.parent.mkdir(parents=True, exist_ok=True)
        prefix = f"{STAGING_PREFIX}{self.output.name}-"
        self.lock_path = self.output.parent / f"{prefix}lock"
        self.lock = _lock(self.lock_path)
        self.lock_identity = _identity(self.lock_path)
        self.dir = self.output.parent / f"{prefix}spare"
        self.spare = read_manifest(self.dir)
        if self.dir.is_dir() and not (self.dir / MANIFEST).is_file():
            shutil.rmtree(self.dir)  # left half-updated by a killed build: not trusted
        (self.dir / MANIFEST).unlink(missing_ok=True)  # untrusted until the commit
        self.dir.mkdir(exist_ok=True)
        self.made: set[str] = set()
        self.folders: set[str] = set()
        self.keys: dict[str, str] = {}
        self.foreign: list[str] = []
        self.previous = read_manifest(self.output)
        self.changed = False  # whether any file differs from the live site's

    def target(self, relative: str, fresh: bool = True) -> Path:
        """The staging path for a site path, refusing anything that leaves the folder;
        ``fresh``: the caller writes new bytes there (the site changes).

        A file already there is removed first: it may be a hard link shared with the site
        that is live, which must not change.
        """
        self.changed = self.changed or fresh
        root = str(self.dir)
        path = os.path.normpath(os.path.join(root, relative))
        if not path.startswith(root + os.sep):
            raise SitegenError(Problem(f"refusing to write outside the site: {relative!r}"))
        parent = os.path.dirname(path)
        if parent not in self.folders:
            if not os.path.isdir(parent):  # one stat: most folders are there from last build
                os.makedirs(parent, exist_ok=True)
            self.folders.add(parent)
        if os.path.lexists(path):
            os.unlink(path)
        self.made.add(path[len(root) + 1:].replace(os.sep, "/"))
        return Path(path)

    def write(self, relative: str, content: str | bytes) -> None:
        """Write a file, or link the live site's when it holds the same bytes already."""
        data = content.encode("utf-8") if isinstance(content, str) else content
        live = self.output / relative
        try:
            same = live.stat().st_size == len(data) and live.read_bytes() == data
        except OSError:
            same = False
        if not (same and self._link_live(relative)):
            self.target(relative).write_bytes(data)

    def copy(self, relative: str, source: Path) -> None:
        """Copy a file, or link the live site's when it is the same already."""
        live = self.output / relative
        try:
            same = live.stat().st_size == source.stat().st_size and \
                live.read_bytes() == source.read_bytes()
        except OSError:
            same = False
        if not (same and self._link_live(relative)):
            shutil.copyfile(source, self.target(relative))

    def _link_live(self, relative: str) -> bool:
        """Put the live site's file in the staging folder by hard link (it keeps its inode
        and time); False where links cannot be made."""
        if relative not in self.previous["files"]:
            return False  # not sitegen's file: never taken over
        target = self.target(relative, fresh=False)
        try:
            os.link(self.output / relative, target)
        except OSError:
            return False
        return True

    def can_reuse(self, name: str, key: str, files: list[str]) -> bool:
        """Whether ``reuse`` would keep ``files`` (and nothing else is done)."""
        for folder, made in ((self.dir, self.spare), (self.output, self.previous)):
            if made["keys"].get(name) == key and self._all_intact(folder, files):
                return True
        return False

    def _all_intact(self, folder: Path, files: list[str]) -> bool:
        """Whether each file is in ``folder`` as the last build left it (same size and time:
        the spare site's files are hard links of the live site's, or older ones, made again)."""
        root = str(folder)
        for relative in files:
            try:
                found = os.stat(os.path.join(root, relative), follow_symlinks=False)
            except OSError:
                return False
            if not stat.S_ISREG(found.st_mode) or \
                    [found.st_size, found.st_mtime_ns] != self.intact.get(relative):
                return False
        return True

    def reuse(self, name: str, key: str, files: list[str]) -> bool:
        """Keep ``files`` from an earlier build that made them under the same key, as it
        left them: the spare site as it is, or the live site by hard link."""
        self.keys[name] = key
        if self.spare["keys"].get(name) == key and self._all_intact(self.dir, files):
            self.made.update(files)
            # the live site has them too only when its key is this one and its files are as
            # recorded (one edited or deleted by hand there is put back by the swap)
            self.changed = self.changed or self.previous["keys"].get(name) != key or \
                not self._all_intact(self.output, files)
            return True
        old = [self.output / f for f in files]
        if self.previous["keys"].get(name) != key or not self._all_intact(self.output, files):
            return False
        for relative, path in zip(files, old):
            target = self.target(relative, fresh=False)
            try:
                os.link(path, target)
            except OSError:  # no hard links here: a copy, with the file's time (as recorded)
                shutil.copy2(path, target)
        return True

    def _remove_stale_files(self) -> None:
        """Everything in the spare site that this build did not make or carry over: a
        deleted post's page, and a file of the user's since deleted from the live site (the
        spare, the site before, still held it, in no manifest: it came back)."""
        kept = self.made | set(self.foreign) | {MANIFEST, LEFT_MANIFEST}
        needed = {parent for name in kept for parent in _parents(name)}
        entries, _ = _entries(self.dir)
        for relative in sorted(entries, key=lambda name: -name.count("/")):  # deepest first
            if relative in kept or relative in needed:
                continue
            path = self.dir / relative
            if path.is_dir() and not path.is_symlink():
                if not any(path.iterdir()):  # emptied: its files went before it
                    path.rmdir()
            else:
                path.unlink(missing_ok=True)

    def _foreign_files(self) -> list[tuple[Path, str]]:
        """What the user put in the output folder (files, links, empty folders), named in a
        warning; an error when the build would replace one of them."""
        if not self.output.is_dir():
            return []
        ours, found = set(self.previous["files"]), []
        # the folders that held them, still folders, are sitegen's too (even emptied by hand;
        # a link or a file of the user's in one's place is the user's)
        folders = {parent for name in ours for parent in _parents(name)}
        needed = {parent for name in self.made for parent in _parents(name)}  # this build's
        entries, empty = _entries(self.output)
        for relative in sorted(entries, key=lambda name: name.split("/")):
            if relative in ours or relative in (MANIFEST, LEFT_MANIFEST):
                continue
            path = self.output / relative
            if relative in empty:  # a folder (not a link to one)
                if empty[relative] and relative not in folders:  # an empty folder of the user's
                    found.append((path, relative))
                continue
            self._check_foreign(path, relative, needed)
            found.append((path, relative))
        warn_foreign(self.output, [relative for _, relative in found])
        return found

    def _check_foreign(self, path: Path, relative: str, needed: set[str]) -> None:
        """A file or link of the user's must not stand where the build puts a file, or a
        folder (``needed``) of its files."""
        if relative in self.made or relative in needed:
            raise SitegenError(Problem(
                "the build would replace this file, which sitegen did not make", path,
                hint="move it out of the output folder, or rename the page that wants it"))
        if not (path.is_symlink() or path.is_file()):
            raise SitegenError(Problem(
                "not a regular file, link or folder (a FIFO, socket or device) in the output "
                "folder; sitegen will not copy or replace it", path, hint="move it elsewhere"))

    def _carry_over(self, path: Path, relative: str) -> None:
        """Copy a file of the user's into the new site, as it is."""
        destination = self.dir / relative
        folder = path.is_dir() and not path.is_symlink()
        for parent in _parents(relative):  # a file or link of old where a folder is now
            above = self.dir / parent
            if os.path.lexists(above) and (above.is_symlink() or not above.is_dir()):
                above.unlink()
        if os.path.lexists(destination) and (destination.is_dir() and not
                                             destination.is_symlink()) != folder:
            # the spare holds it as the other kind (a folder of the user's became a file,
            # or the reverse): as the live site has it now
            if destination.is_dir() and not destination.is_symlink():
                shutil.rmtree(destination)
            else:
                destination.unlink()
        if folder:
            destination.mkdir(parents=True, exist_ok=True)
        else:
            destination.parent.mkdir(parents=True, exist_ok=True)
            if os.path.lexists(destination):
                destination.unlink()
            if path.is_symlink():
                _copy_link(path, destination)
            else:
                shutil.copy2(path, destination)
        self.foreign.append(relative)

    def commit(self) -> None:
        """Swap the finished build in (the replaced site becomes the next build's spare), or,
        when no file differs from the live site, leave that in place."""
        left = self.output / LEFT_MANIFEST  # a build killed while writing the manifest
        if left.is_file() and not left.is_symlink():
            left.unlink()
        foreign = self._foreign_files()
        if not self.changed and self.previous["files"] and \
                set(self.previous["files"]) == self.made:
            self._keep_live([relative for _, relative in foreign])
            return
        for path, relative in foreign:
            self._carry_over(path, relative)
        self._remove_stale_files()
        self._write_manifest(self.dir, {"files": sorted(self.made),
                                        "keys": dict(sorted(self.keys.items())),
                                        "foreign": sorted(self.foreign)})
        try:
            self._swap()
        except OSError as exc:
            raise SitegenError(Problem(
                f"the new site could not take the place of the output folder: "
                f"{exc.strerror or exc}", self.output,
                hint="sitegen replaces the output folder whole, by renaming folders: it "
                     "cannot be a mount point or a folder that may not be renamed; build into "
                     "a folder inside it (--output)")) from None
        self._unlock()

    def _swap(self) -> None:
        """The staging folder becomes the output folder, and the old site the spare: in one
        step where the system can, else by three renames (put back if the second fails)."""
        if not self.output.exists():
            os.rename(self.dir, self.output)
            return
        if _exchange(self.dir, self.output):
            return
        parked = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=self.output.parent))
        try:
            os.rename(self.output, parked / "old")
            try:
                os.rename(self.dir, self.output)
            except OSError:
                os.rename(parked / "old", self.output)
                raise
            os.rename(parked / "old", self.dir)
        finally:
            if not (parked / "old").exists():  # nothing was left in it
                parked.rmdir()

    def _keep_live(self, foreign: list[str]) -> None:
        """The live site is this build's already: keep it (its manifest updated when the keys
        or the user's files differ) and make the staging folder a valid spare."""
        self._remove_stale_files()
        self._write_manifest(self.dir, {"files": sorted(self.made), "keys": self.keys,
                                        "foreign": []})
        live = {"files": self.previous["files"], "keys": dict(sorted(self.keys.items())),
                "foreign": sorted(foreign)}
        if live != self.previous:
            self._write_manifest(self.output, live)
        self._unlock()

    @staticmethod
    def _write_manifest(folder: Path, manifest: dict) -> None:
        partial = folder / LEFT_MANIFEST
        partial.write_text(json.dumps(manifest, indent=0), "utf-8")
        os.replace(partial, folder / MANIFEST)

    def abort(self) -> None:
        """Leave the live site alone; the spare (its manifest removed) is rebuilt next time."""
        self._unlock()

    def _unlock(self) -> None:
        """With a POSIX lock, remove the lock file while still holding the lock, then let go
        of it (a build waiting on the removed file sees it was removed: see ``_lock``); a lock
        file that is not ours any more (someone removed ours meanwhile) is another build's:
        left alone. Other locks remove their file themselves when they let go."""
        ours = _identity(self.lock_path) == self.lock_identity
        if ours and isinstance(self.lock, filelock.UnixFileLock):
            self.lock_path.unlink(missing_ok=True)
        self.lock.release()

    def __enter__(self) -> Staging:
        return self

    def __exit__(self, kind, value, traceback) -> None:
        if kind is not None:
            self.abort()

"""Reuse what did not change between builds.

The analysis of the snapshots is kept in ``.sitegen-cache/analysis-<key>.duckdb``; the key
is a hash of sitegen's own code, DuckDB's version, the analysis settings, the content of the
lexicon files they name, and the name and content (a SHA-256 of its bytes) of every file
under ``content/snapshots``: a file saved again unchanged, or a new clone of the project
elsewhere, keeps the key. A build whose key matches
opens that file instead of loading and analysing again; lazily: the figures pages show are
read from ``analysis-<key>.duckdb.json`` beside it, and the file is opened (and DuckDB
imported) only when a page asks it a query (``_open_cached``). Rendered posts are kept beside it
in ``posts-<key>.json``, keyed by each post file's bytes and everything its embeds depend on.
Delete ``.sitegen-cache/`` at any time: the next build simply does the work again.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import logging
import os
import threading
from dataclasses import dataclass
from datetime import date
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING

from sitegen import __version__
from sitegen.analysis.activity import Activity
from sitegen.analysis.network import NetworkFigures
from sitegen.analysis.over_time import OverTime
from sitegen.analysis.pipeline import Analysis, run_analysis
from sitegen.analysis.plain import from_plain, to_plain
from sitegen.analysis.report import Report
from sitegen.charts import Chart, ChartRequest, build_chart, chart_from_dict, chart_to_dict
from sitegen.config import Config, lexicon_files
from sitegen.engines import engine_for
from sitegen.errors import Problem, SitegenError, first_line
from sitegen.logged import Kept, warnings_kept
from sitegen.privacy import key_fingerprint
from sitegen.site.inputs import CACHE_DIR, code_fingerprint, files_under
from sitegen.site.writer import owner
from sitegen.snapshots import open_db
from sitegen.snapshots.coverage import Coverage
from sitegen.snapshots.location import Url, is_url
from sitegen.snapshots.model import Snapshot

if TYPE_CHECKING:
    import duckdb

log = logging.getLogger(__name__)


@dataclass(frozen=True, eq=False)
class CachedAnalysis:
    """The analysed series and the key it was cached under; ``reused``: made by an earlier
    build (read from the cache file, or kept by a ``serve`` session); ``said``: the warnings
    the analysis gave as it was made (a build that reuses it says them again)."""

    analysis: Analysis
    key: str
    reused: bool
    said: Kept = dataclasses.field(default_factory=list)

    def close(self) -> None:
        """Close the database the analysis reads (a session keeps it open between builds)."""
        for report in self.analysis.reports:
            report.snapshot.db.close()


def analysis_key(config: Config, use_cache: bool = True) -> str:
    """The analysis's key: what it is made from (see the module's text)."""
    digest = hashlib.sha256(code_fingerprint().encode())
    # a lexicon file by its content (below), not by where the project is
    lexicons = lexicon_files(config.analysis)
    named = [name if name not in set(map(str, lexicons)) else "file"
             for name in config.analysis.lexicons]
    settings = json.dumps(dataclasses.asdict(dataclasses.replace(config.analysis,
                                                                 lexicons=tuple(named))),
                          sort_keys=True)
    privacy = key_fingerprint(config.privacy, config.source)
    # DuckDB's version as installed (importing DuckDB to ask it takes 0.06 s)
    duckdb_version = metadata.version("duckdb")
    digest.update(f"{__version__}|{duckdb_version}|{settings}|{privacy}\n".encode())
    folder = config.snapshots
    if isinstance(folder, str):  # a URL: named, not looked into (docs/build-cache.md)
        digest.update(f"{folder}\n".encode())
        folder = None
    known = JsonCache(config, "digests", "files", use_cache)
    for number, path in enumerate(lexicons):  # the rules, by content
        found = content_digest(path, known) if path.is_file() else "missing"
        digest.update(f"lexicon {number}|{found}\n".encode())
    # every file of the snapshots' folder, links followed as the loader follows them (a
    # linked snapshot folder was left out: its edits never reached the analysis), or the
    # one snapshot file it names
    files = files_under(folder) if folder and folder.is_dir() else \
        [folder] if folder and folder.is_file() else []
    for path in files:
        digest.update(f"{path.relative_to(folder) if path != folder else path.name}|"
                      f"{content_digest(path, known)}\n".encode("utf-8", "surrogateescape"))
    known.save()
    return digest.hexdigest()[:24]


def content_digest(path: Path, known: JsonCache) -> str:
    """A SHA-256 of the file's bytes, read again only when its size, times or inode changed
    since a build last read it (``known``: kept in ``.sitegen-cache/digests-files.json``).
    The change time too: a file written over in place keeps its inode, and its size and
    modification time can be put back (``cp -p``, ``touch -r``, ``rsync --inplace``), but
    not its change time."""
    stat = path.stat()
    key = json.dumps([str(path), stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns,
                      stat.st_ino])
    entry = known.get(key)
    if entry is None:
        with path.open("rb") as data:
            entry = {"sha256": hashlib.file_digest(data, "sha256").hexdigest()}
        known.put(key, entry)
    return entry["sha256"]


def _describe(analysis: Analysis, said: Kept) -> str:
    """What is needed to rebuild the analysis over the cached tables, and the warnings it
    gave."""
    return json.dumps({
        "said": said,
        "over_time": to_plain(analysis.over_time), "activity": to_plain(analysis.activity),
        "reports": [{
            "snapshot": {
                "name": r.snapshot.name,
                "taken": r.snapshot.taken.isoformat() if r.snapshot.taken else None,
                "network": r.snapshot.network, "window_days": r.snapshot.window_days,
                "source": str(r.snapshot.source), "schema": r.snapshot.schema,
                "present": sorted(r.snapshot.present),
                "attributes": list(r.snapshot.attributes),
                "warnings": list(r.snapshot.warnings),
                "coverage": r.snapshot.coverage.document()},
            "network": dataclasses.asdict(r.network), "accounts_table": r.accounts_table,
        } for r in analysis.reports]})


def _restore(db: duckdb.DuckDBPyConnection, stored: dict, config: Config) -> Analysis:
    """The analysis over the cached tables, from its description (``_describe``, parsed)."""
    reports = []
    for item in stored["reports"]:
        s = item["snapshot"]
        snapshot = Snapshot(
            name=s["name"], taken=s["taken"] and date.fromisoformat(s["taken"]),
            network=s["network"],
            window_days=s["window_days"], source=_source(s["source"]), db=db,
            schema=s["schema"],
            present=frozenset(s["present"]), attributes=tuple(s["attributes"]),
            warnings=tuple(s["warnings"]), coverage=Coverage.from_document(s["coverage"]))
        reports.append(Report(snapshot, NetworkFigures(**item["network"]),
                              item["accounts_table"], config.analysis))
    return Analysis(tuple(reports), from_plain(OverTime | None, stored["over_time"]),
                    from_plain(dict[str, Activity], stored["activity"]))


def _source(text: str) -> Path | Url:
    """A restored snapshot's source: a path, or a URL (named only: nothing is read there)."""
    return Url(text, None) if is_url(text) else Path(text)


SPACE_HINT = ("free some space on that disk (the analysis of a network of 1M accounts takes "
              "about 1 GB), then build again")


def unreadable() -> tuple[type[Exception], ...]:
    """What a cache file that cannot be read raises (imports DuckDB)."""
    import duckdb

    return duckdb.Error, KeyError, TypeError, ValueError


def _open_cached(path: Path, config: Config, strict: bool = False
                 ) -> tuple[Analysis, Kept] | None:
    """The analysis kept at ``path`` and the warnings it gave; None when it cannot be read
    (``strict``: the error).

    Its description is read from the file written beside it when that was written for this
    very file (``_described``), and the file itself is then opened on first use
    (``LazyDB``); else read from the file's ``sitegen_meta`` table, which checks the file
    can be opened (and its description is written beside it for the next build). ``strict``
    (the file just written) always reads the table."""
    if not strict:
        document = _described(path)
        if document is not None:
            with contextlib.suppress(KeyError, TypeError, ValueError):
                stored = json.loads(document)
                return (_restore(LazyDB(path, config.analysis.memory_limit), stored, config),
                        _said(stored))
    import duckdb

    db = None
    try:
        db = open_db(config.analysis.memory_limit, str(path), read_only=True)
        document = db.execute("SELECT document FROM sitegen_meta").fetchone()[0]
        stored = json.loads(document)
        analysis = _restore(db, stored, config), _said(stored)
    except unreadable() as exc:
        if db is not None:  # nothing keeps the file open
            with contextlib.suppress(duckdb.Error):
                db.close()
        if strict:
            raise
        log.info("cache %s unusable (%s); analysing again", path, exc)
        return None
    _describe_beside(path, document)
    return analysis


def _said(stored: dict) -> Kept:
    """The warnings an analysis gave as it was made, from its description (parsed)."""
    return [[str(m), None if h is None else str(h)] for m, h in stored.get("said", [])]


def _description_path(path: Path) -> Path:
    return path.with_name(path.name + ".json")


def _identity(path: Path) -> list[int]:
    """The database file as it is now: a description written for it names it so (its
    change time too: a file written over in place, its modification time put back, is
    another file; ``content_digest``)."""
    stat = path.stat()
    return [stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino]


def _described(path: Path) -> str | None:
    """The description (``sitegen_meta``'s document) kept beside the database file at
    ``path``; None when there is none, or it was written for another file (one written
    again, replaced, copied: ``_identity``), or cannot be read."""
    try:
        kept = json.loads(_description_path(path).read_text("utf-8"))
        if kept["file"] == _identity(path) and isinstance(kept["document"], str):
            return kept["document"]
    except (OSError, ValueError, KeyError, TypeError):
        pass
    return None


def _describe_beside(path: Path, document: str) -> None:
    """Keep ``document`` beside the database file at ``path``, for that file only (after it
    is in place: a description is never taken for another file; one left without its file,
    or a file left without one, costs the next build an opening of the file, no more)."""
    beside = _description_path(path)
    partial = beside.with_name(f".{beside.name}.{owner()}.partial")
    try:
        partial.write_text(json.dumps({"file": _identity(path), "document": document}),
                           "utf-8")
        os.replace(partial, beside)
    except OSError as exc:  # a full disk (or a read-only folder): the next build reads the
        with contextlib.suppress(OSError):  # file's own
            partial.unlink(missing_ok=True)
        log.info("%s could not be written (%s)", beside, exc)


class LazyDB:
    """The cached analysis's database, opened (read-only, as ``open_db``) when first asked
    anything: a rebuild whose pages are all reused runs no query, and so neither opens the
    file nor imports DuckDB. Pages are rendered while the downloads are written in another
    thread: the first use is under a lock. A file that fails to open only now (its
    description was read from beside it) fails the build, and its description is removed,
    so that the next build reads the file's own, finds it unreadable and analyses again."""

    def __init__(self, path: Path, memory_limit: str):
        self._path, self._memory_limit = path, memory_limit
        self._db: duckdb.DuckDBPyConnection | None = None
        self._closed = False
        self._lock = threading.Lock()

    def _opened(self) -> duckdb.DuckDBPyConnection:
        with self._lock:
            if self._db is None:
                import duckdb

                if self._closed:
                    raise duckdb.ConnectionException("Connection already closed!")
                try:
                    self._db = open_db(self._memory_limit, str(self._path), read_only=True)
                except duckdb.Error as exc:
                    _description_path(self._path).unlink(missing_ok=True)
                    raise SitegenError(Problem(
                        f"the cached analysis cannot be opened: {first_line(exc)}", self._path,
                        hint="build again: the file is read afresh (made again if unreadable)")
                    ) from None
            return self._db

    def __getattr__(self, name: str):  # execute, cursor, sql, ...: the connection's
        if name.startswith("_"):  # (not yet set: copied, or made without __init__)
            raise AttributeError(name)
        return getattr(self._db or self._opened(), name)

    def close(self) -> None:
        """Close the connection, if it was ever opened."""
        with self._lock:
            self._closed = True
            if self._db is not None:
                self._db.close()


def load_analysis(config: Config, use_cache: bool = True,
                  key: str | None = None) -> CachedAnalysis:
    """The analysed snapshot series, from the cache when nothing changed (``key``: its
    ``analysis_key``, when the caller has it already)."""
    key = key or analysis_key(config, use_cache)
    folder = config.root / CACHE_DIR
    path = folder / f"analysis-{key}.duckdb"
    if use_cache and path.is_file():
        cached = _open_cached(path, config)
        if cached is not None:
            return CachedAnalysis(cached[0], key, reused=True, said=cached[1])
    import duckdb  # the analysis is made now

    if not use_cache:
        return CachedAnalysis(_analyse(open_db(config.analysis.memory_limit), config), key,
                              reused=False)
    folder.mkdir(parents=True, exist_ok=True)
    partial = folder / f".analysis-{key}.{owner()}.partial"
    partial.unlink(missing_ok=True)
    db = None
    try:
        db = open_db(config.analysis.memory_limit, str(partial))
        with warnings_kept() as said:
            analysis = _analyse(db, config)
        db.execute("CREATE TABLE sitegen_meta AS SELECT $d AS document",
                   {"d": _describe(analysis, said)})
        db.close()
        os.replace(partial, path)
    except (duckdb.IOException, duckdb.TransactionException) as exc:
        said = first_line(exc)
        if "No space left" not in said and "Could not write" not in said:
            raise
        raise SitegenError(Problem(f"the analysis could not be written: {said}", folder,
                                   hint=SPACE_HINT)) from None
    finally:
        if db is not None:  # closed, so that nothing holds the file (or its disk) any more
            with contextlib.suppress(duckdb.Error):
                db.close()
        partial.unlink(missing_ok=True)
        partial.with_name(partial.name + ".wal").unlink(missing_ok=True)  # a failed write's
    _description_path(path).unlink(missing_ok=True)  # (described again as it is read back)
    for old in [*folder.glob("analysis-*.duckdb"), *folder.glob("analysis-*.duckdb.json")]:
        if old not in (path, _description_path(path)):
            old.unlink(missing_ok=True)
    try:
        return CachedAnalysis(_open_cached(path, config, strict=True)[0], key, reused=False,
                              said=said)
    except unreadable() as exc:  # written, yet not readable (a full disk): the next build
        path.unlink(missing_ok=True)  # analyses again
        raise SitegenError(Problem(f"the analysis was written but cannot be read back: "
                                   f"{first_line(exc)}", path, hint=SPACE_HINT)) from None


def _analyse(db: duckdb.DuckDBPyConnection, config: Config) -> Analysis:
    """The analysis, its tables in ``db``: made there by DuckDB, or on the engine the
    settings name and then copied there."""
    engine = engine_for(config, db)
    if engine.db is db:
        return run_analysis(config.snapshots, db, config.analysis,
                            config.privacy)
    try:
        analysis = run_analysis(config.snapshots, engine, config.analysis,
                                config.privacy)
        engine.copy_to(db)
    finally:
        engine.close()
    return _restore(db, json.loads(_describe(analysis, [])), config)


# a rebuild that converted or rendered fewer posts than this does not rewrite the whole
# cache file of every post for them (they are made again, quickly, when next needed)
FEW_TO_SAVE = 8


class JsonCache:
    """Entries by key, kept in ``.sitegen-cache/<kind>-<analysis key>.json`` (one file per
    kind: rendered posts, charts, parsed posts, ...). A process that builds again
    (``sitegen serve``) reads a file again only when it is not the one it last read or
    wrote (its size or time changed)."""

    def __init__(self, config: Config, kind: str, analysis: str, enabled: bool = True,
                 salt: str = ""):
        self.path = config.root / CACHE_DIR / f"{kind}-{analysis}.json"
        self.kind, self.enabled, self.salt = kind, enabled, salt
        self.entries: dict[str, dict] = _read_entries(self.path) if enabled else {}
        self.used: dict[str, dict] = {}

    def get(self, key: str) -> dict | None:
        entry = self.used.get(key) or self.entries.get(key)
        if entry is not None:
            self.used[key] = entry
        return entry

    def put(self, key: str, entry: dict) -> None:
        self.used[key] = entry

    def save(self, at_least: int = 1) -> None:
        """Keep only what this build used, so the file does not grow forever; unless fewer
        than ``at_least`` entries are new (then the file stays as it is: what it lacks is
        made again when next needed, what it has in excess is dropped at the next write)."""
        new = sum(1 for key, entry in self.used.items() if self.entries.get(key) is not entry)
        if not self.enabled or self.used == self.entries or new < at_least:
            return
        # named by process and thread: builds into other output folders share the cache
        # folder, and may save the same file at the same moment
        partial = self.path.with_name(
            f".{self.path.stem}.{owner()}.{threading.get_ident()}.partial")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            for old in self.path.parent.glob(f"{self.kind}-*.json"):
                if old != self.path:
                    old.unlink(missing_ok=True)
                    _READ.pop(old, None)
            partial.write_text(json.dumps(self.used, sort_keys=True), "utf-8")
            os.replace(partial, self.path)
        except OSError as exc:  # a full disk (or a read-only folder): the next build only does
            with contextlib.suppress(OSError):  # more work
                partial.unlink(missing_ok=True)
            log.warning("%s could not be saved (%s): the next build will do more work",
                        self.path, exc.strerror or exc)
            return
        _remember(self.path, self.used)


# the cache files this process last read or wrote: path -> (size, time, entries)
_READ: dict[Path, tuple[int, int, dict]] = {}


def _read_entries(path: Path) -> dict:
    try:
        stat = path.stat()
    except OSError:
        return {}
    known = _READ.get(path)
    if known and known[:2] == (stat.st_size, stat.st_mtime_ns):
        return dict(known[2])
    try:
        entries = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    _remember(path, entries, stat)
    return dict(entries)


def _remember(path: Path, entries: dict, stat: os.stat_result | None = None) -> None:
    try:
        stat = stat or path.stat()
    except OSError:
        return
    _READ[path] = (stat.st_size, stat.st_mtime_ns, dict(entries))


class ChartCache:
    """Each distinct chart built once per build, and kept across builds of the same analysis."""

    def __init__(self, store: JsonCache):
        self.store = store
        self.asked: list[str] = []  # the keys of the charts asked for, in order

    def chart(self, name: str, request: ChartRequest) -> Chart:
        options = sorted((k, v) for k, v in request.options if k != "snapshot")
        key = json.dumps([self.store.salt, name, request.report.snapshot.name, options])
        self.asked.append(key)
        entry = self.store.get(key)
        if entry is None:
            entry = chart_to_dict(build_chart(name, request))
            self.store.put(key, entry)
        return chart_from_dict(entry)

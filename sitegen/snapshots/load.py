"""Find snapshots (on disk, or at a URL the engine lists: ``sitegen.snapshots.location``),
read them, validate them, and load them into DuckDB or the engine."""

from __future__ import annotations

import atexit
import logging
import re
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sitegen.config import AnalysisSettings
from sitegen.errors import Problem, SnapshotError
from sitegen.snapshots import validate
from sitegen.snapshots.column_maps import ColumnMap, read_column_maps
from sitegen.snapshots.coverage import (
    OBSERVED_CHOICES,
    PROFILE_COUNTS,
    TIES_CHOICES,
    Coverage,
    EventCoverage,
    Observed,
    Window,
)
from sitegen.snapshots.location import (
    Location,
    check_inside,
    locate,
    project_folder,
    read_yaml,
    user_file,
)
from sitegen.snapshots.model import INTERACTION_KINDS, TABLES, Snapshot, TableSpec, network_key
from sitegen.snapshots.parquet import parquet_source, read_parquet_table
from sitegen.snapshots.readers import SPACES, RawTable, ident, read_csv_table, read_yaml_table
from sitegen.starter import SAMPLE_NETWORK
from sitegen.yamlfile import mapping_lines

if TYPE_CHECKING:
    import duckdb

log = logging.getLogger(__name__)

META_KEYS = ("taken", "network", "window_days", "attributes", "columns", "source", "observed",
             "ties")
YAML_SUFFIXES = (".yml", ".yaml")


# DuckDB groups rows by an integer key whose values span at most 2^bits in an array indexed
# by the key ("perfect hash"), not a hash table. Its default, 12 bits, leaves the account
# keys (dense from 1) of any network over 4,096 accounts to hashing. Up to 2^22 (4M
# accounts) the array is used: the per-account figures of 10M follows took 2.5 against
# 3.2-4.0 CPU s, and grouping 20M rows by 4M dense keys 1.13 s and 465 MB against 1.46 s and
# 734 MB. Larger networks are grouped by hashing, as before (the array is as large as the
# keys' range, however few of them occur: 22 bits keep it to tens of MB).
PERFECT_HT_BITS = 22


def open_db(memory_limit: str = "4GB", path: str = ":memory:",
            read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """A DuckDB (in memory unless a file is given) that spills to a temporary folder
    (removed at exit) and works in UTC. A file written here is the analysis's cache, made
    again whenever it cannot be read: its writes are not synced to the disk one statement at
    a time (about 90 waits of a build, 0.4 s on an idle disk and seconds on a busy one)."""
    import duckdb

    db = duckdb.connect(path, read_only=read_only)
    spill = tempfile.mkdtemp(prefix="sitegen-duckdb-")
    atexit.register(shutil.rmtree, spill, ignore_errors=True)
    # GLOBAL: a cursor's connection (a snapshot analysed beside another) would otherwise
    # work in the machine's zone, and a time with an offset would be moved into it
    db.execute("SET GLOBAL TimeZone = 'UTC'")
    db.execute("SET memory_limit = $m", {"m": memory_limit})
    db.execute("SET temp_directory = $t", {"t": spill})
    db.execute("SET preserve_insertion_order = false")
    # grouping by account key in an array, not a hash table (PERFECT_HT_BITS), GLOBAL too
    db.execute(f"SET GLOBAL perfect_ht_threshold = {PERFECT_HT_BITS}")
    if path != ":memory:" and not read_only:
        db.execute("SET GLOBAL fsync_mode = 'NONE'")
    return db


def is_snapshot(path: Location) -> bool:
    """A .yml file, or a folder holding snapshot.yml or any of the tables: a CSV file, or a
    Parquet file or folder of Parquet parts."""
    if path.is_file():
        return path.suffix in YAML_SUFFIXES
    names = ["snapshot.yml", *(f"{t}.csv" for t in TABLES)]
    return path.is_dir() and (any((path / n).is_file() for n in names)
                              or any((path / f"{t}.parquet").exists() for t in TABLES))


def snapshot_paths(path: Location) -> list[Location]:
    """The snapshots at ``path``: itself when it is one, else those in the folder, by name."""
    if not path.exists():
        raise SnapshotError(Problem("no such file or folder", path))
    if (path.is_file() or path.suffix == ".parquet") and not is_snapshot(path):
        raise SnapshotError(Problem(
            "not a snapshot", path,
            hint="give a snapshot folder (accounts.csv or .parquet, follows.csv ...), a .yml "
                 "snapshot, or a folder of snapshots"))
    if is_snapshot(path):
        return [path]
    if not path.is_dir():
        raise SnapshotError(Problem("not a snapshot: neither a file nor a folder", path))
    children = sorted(p for p in path.iterdir() if not p.name.startswith(".") and is_snapshot(p))
    if not children:
        raise SnapshotError(Problem(
            "no snapshots found", path,
            hint="a snapshot is a folder with accounts.csv / follows.csv ... or a .yml file"))
    _check_unique_names(children)
    return children


def snapshot_name(path: Location) -> str:
    """A snapshot's name: its folder's name, or its .yml file's without the suffix."""
    return path.stem if path.is_file() else path.name


def _check_unique_names(paths: list[Location]) -> None:
    """Two snapshots of one name (``2024-01/`` beside ``2024-01.yml``) are an error: the name
    tells them apart in every output (the CSV's ``snapshot`` column, pages, downloads)."""
    first: dict[str, Location] = {}
    problems = []
    for path in paths:
        name = snapshot_name(path)
        if name in first:
            problems.append(Problem(
                f"two snapshots named '{name}': this one and {first[name]}", path,
                hint="rename or move one of them; a snapshot's name is its folder's name, or "
                     "its .yml file's without the suffix"))
        first.setdefault(name, path)
    if problems:
        raise SnapshotError(*problems)


def in_order(snapshots: list[Snapshot], path: Location) -> list[Snapshot]:
    """Oldest first; two snapshots taken on the same day, or an undated snapshot in a series
    of several, are an error."""
    undated = [s for s in snapshots if s.taken is None]
    if undated and len(snapshots) > 1:
        raise SnapshotError(*(Problem("no 'taken' date: a series of snapshots needs a date for "
                                      "each", s.source, hint=TAKEN_HINT) for s in undated))
    snapshots = sorted(snapshots, key=lambda s: s.taken or date.min)
    for older, newer in zip(snapshots, snapshots[1:]):
        if older.taken == newer.taken:
            raise SnapshotError(Problem(f"two snapshots taken on {newer.taken}: "
                                        f"{older.source.name} and {newer.source.name}", path))
    return snapshots


def as_engine(db):
    """The engine that reads and checks: ``db`` itself when it is one (``sitegen.engines``),
    else DuckDB in the connection ``db``."""
    if hasattr(db, "read_raw_csv"):
        return db
    from sitegen.engines.duckdb_engine import DuckDBEngine

    return DuckDBEngine(db)


def load_series(path: str | Location, db, settings: AnalysisSettings = AnalysisSettings(),
                then: Callable[[Snapshot, Any], Any] | None = None) -> list:
    """One snapshot, or every snapshot in a folder, oldest first, read and checked on ``db``:
    a DuckDB connection, or an engine (``sitegen.engines``). ``path``: a local path, or a
    URL the engine lists and reads (``s3://bucket/snapshots``).

    ``then(snapshot, engine)``, when given, is run on each snapshot as soon as it is loaded,
    on the engine that loaded it, and its results are returned in the snapshots' order. An
    engine may load small snapshots two at a time (``each_snapshot``), each on a connection
    of its own that is closed afterwards: what ``then`` returns must not keep that
    connection (snapshots returned without ``then`` are on ``db``)."""
    engine = as_engine(db)
    path = locate(path, engine)
    paths = snapshot_paths(path)
    folder = project_folder(path)

    def load(on, i: int, source: Location) -> tuple[Snapshot, Any]:
        snapshot = load_snapshot(source, on, f"s{i}", settings, folder)
        return snapshot, then(snapshot, on) if then else replace(snapshot, db=engine.db)

    each = getattr(engine, "each_snapshot", None)
    pairs = each(load, paths) if each else [load(engine, i, p) for i, p in enumerate(paths)]
    result_of = {id(snapshot): result for snapshot, result in pairs}
    snapshots = in_order([s for s, _ in pairs], path)
    _check_one_network(snapshots)
    return [result_of[id(s)] for s in snapshots]


def _check_one_network(snapshots: list[Snapshot]) -> None:
    """A series is one network over time: snapshots naming two networks (``network:``) are an
    error. The sample that ``sitegen init`` wrote, left beside snapshots naming no network
    (as after an import), gets a warning: it would be analysed as their past."""
    named: dict[str, list[Snapshot]] = {}
    for snapshot in snapshots:
        if key := network_key(snapshot.network):
            named.setdefault(key, []).append(snapshot)
    sample = named.get(network_key(SAMPLE_NETWORK))
    sample_files = ", ".join(str(s.source) for s in sample or ())
    if len(named) > 1:
        (first, *_), (other, *_) = list(named.values())[:2]
        hint = (f"delete the sample's snapshots that 'sitegen init' wrote ({sample_files})"
                if sample else
                "keep each network's snapshots in a folder of their own, or give them one name "
                "('network:' in snapshot.yml, or in the .yml file)")
        raise SnapshotError(Problem(
            f"a series is one network over time, but this snapshot names the network "
            f"'{other.network}' and {first.source} names '{first.network}'", other.source,
            hint=hint))
    unnamed = [s for s in snapshots if not network_key(s.network)]
    if unnamed and sample and len(named) == 1:
        log.warning("%s: in a series with the sample network that 'sitegen init' wrote (%s): "
                    "analysed as one network over time", ", ".join(str(s.source) for s in unnamed),
                    sample_files,
                    extra={"hint": "delete the sample's snapshots, unless your network is "
                                   "named 'sample' (then say so: 'network: sample' in each "
                                   "snapshot.yml)"})


def load_snapshot(path: str | Location, db, schema: str,
                  settings: AnalysisSettings = AnalysisSettings(),
                  folder: Path | None = None) -> Snapshot:
    """Read one snapshot (folder of CSV or Parquet files, or YAML file) into tables under
    ``schema``, on ``db`` (a DuckDB connection or an engine); local files reached through
    links must stay inside ``folder`` (by default the project folder)."""
    import duckdb

    engine = as_engine(db)
    path = locate(path, engine)
    folder = folder or project_folder(path)
    check_inside(path, folder, SnapshotError)
    engine.db.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE; CREATE SCHEMA {schema}")
    try:
        return _load_snapshot(path, engine, schema, settings, folder)
    except duckdb.OutOfMemoryException:
        raise SnapshotError(Problem(
            f"not enough memory to load it (analysis.memory_limit: {settings.memory_limit})",
            path, hint="raise analysis.memory_limit in sitegen.yml")) from None


def _load_snapshot(path: Location, engine, schema: str, settings: AnalysisSettings,
                   folder: Path | None) -> Snapshot:
    db = engine.db  # DuckDB SQL, run by the engine
    if path.is_dir():
        meta, meta_file, raws = _read_folder(path, engine, schema, folder)
    else:
        meta, meta_file, raws = _read_yaml_snapshot(path, engine, schema)
    taken = _taken(meta.get("taken"), path, meta_file)
    window_days = _window(meta.get("window_days"), meta_file)
    window = _window_of(taken, window_days or settings.window_days, meta_file)
    observed = _observed(meta.get("observed"), meta_file)
    undirected = _undirected(meta.get("ties"), meta_file)
    named = _named_attributes(meta.get("attributes"), meta_file)
    if named is None and settings.attributes:
        named = tuple(dict.fromkeys(a.strip().lower() for a in settings.attributes))
    attributes, warnings = choose_attributes(db, raws.get("accounts"), named, meta_file)
    built, events = _build_tables(db, schema, raws, settings, attributes, window)
    warnings += built + _unknown_owners(db, schema, observed, meta_file)
    return Snapshot(
        name=snapshot_name(path),
        taken=taken,
        network=_network(meta.get("network"), meta_file),
        window_days=window_days,
        source=path,
        db=db,
        schema=schema,
        present=frozenset(raws),
        attributes=attributes,
        warnings=tuple(warnings),
        coverage=measure_coverage(db, schema, raws, attributes, window, events, observed,
                                  undirected),
    )


def raw_table(schema: str, name: str) -> str:
    """The temporary table a snapshot's file is read into (dropped once checked: in the
    engine's memory, never written to the analysis's database file)."""
    return f"{schema}_raw_{name}"


def _read_folder(path: Location, engine, schema: str, folder: Path | None):
    meta: dict = {}
    meta_file, node = path / "snapshot.yml", None
    if user_file(meta_file, folder, SnapshotError):
        data, node = read_yaml(meta_file, SnapshotError)
        if data is not None and not isinstance(data, dict):
            raise SnapshotError(Problem("expected a mapping such as 'taken: 2024-03-01'",
                                        meta_file, 1))
        meta = data or {}
        _check_meta_keys(meta, meta_file, allowed=META_KEYS)
    maps = read_column_maps(meta.get("columns"), node, meta_file)
    raws = {name: raw for name, spec in TABLES.items()
            if (raw := _read_table(path, engine, spec, raw_table(schema, name), folder,
                                   maps.get(name))) is not None}
    for suffix in ("csv", "parquet"):
        for extra in sorted(path.glob(f"*.{suffix}")):
            if extra.stem not in TABLES:
                log.warning("%s: ignored (expected one of %s)", extra,
                            ", ".join(f"{t}.{suffix}" for t in TABLES))
    return meta, meta_file, raws


def _read_table(path: Location, engine, spec: TableSpec, table: str, folder: Path | None,
                column_map: ColumnMap | None) -> RawTable | None:
    """One table of a snapshot folder, from ``NAME.csv`` or ``NAME.parquet`` (a file or a
    folder of parts), never both; None when the folder has neither."""
    csv_file, parquet = path / f"{spec.name}.csv", path / f"{spec.name}.parquet"
    if csv_file.is_symlink() or csv_file.exists():
        if parquet.is_symlink() or parquet.exists():
            raise SnapshotError(Problem(
                f"both {csv_file.name} and {parquet.name}: a table is read from one file",
                path, hint="keep one of them in the snapshot folder"))
        user_file(csv_file, folder, SnapshotError)
        return read_csv_table(engine, spec, csv_file, table, column_map,
                              once=spec.name in EDGE_ENDS)
    files = parquet_source(parquet, folder)
    return read_parquet_table(engine, spec, parquet, files, table, column_map) if files else None


def _read_yaml_snapshot(path: Location, engine, schema: str):
    data, node = read_yaml(path, SnapshotError)
    if not isinstance(data, dict):
        raise SnapshotError(Problem("expected a mapping with keys such as taken, accounts, "
                                    "follows", path, 1))
    _check_meta_keys(data, path, allowed=(*META_KEYS, *TABLES))
    lines = mapping_lines(node)
    maps = read_column_maps(data.get("columns"), node, path)
    raws = {}
    for name, spec in TABLES.items():
        if name in data:
            list_line, item_lines = lines[name]
            raws[name] = read_yaml_table(engine, spec, path, raw_table(schema, name),
                                         data[name] or [], item_lines, list_line,
                                         maps.get(name))
    return {k: data.get(k) for k in META_KEYS}, path, raws


def _check_meta_keys(meta: dict, file: Location, allowed: tuple[str, ...]) -> None:
    unknown = sorted(str(k) for k in meta if k not in allowed)
    if unknown:
        raise SnapshotError(Problem(f"unknown key '{unknown[0]}'", file,
                                    hint=f"valid keys: {', '.join(allowed)}"))


TAKEN_HINT = ("add 'taken: YYYY-MM-DD' to snapshot.yml or name the snapshot by its date, "
              "e.g. 2024-03")


def _taken(value, path: Location, meta_file: Location) -> date | None:
    """The snapshot's date: from its metadata (a date, or a date written as quoted text),
    else from a date in its name, else None (a lone snapshot may be undated)."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    if value is not None:
        raise SnapshotError(Problem(f"'taken': expected a date (YYYY-MM-DD), got "
                                    f"{_shown(value)}", meta_file))
    match = re.search(r"(\d{4})-(\d{2})(?:-(\d{2}))?", path.stem if path.is_file() else path.name)
    if match:
        try:
            return date(int(match[1]), int(match[2]), int(match[3] or 1))
        except ValueError:
            pass
    return None


def _window(value, meta_file: Location) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise SnapshotError(Problem(f"'window_days': expected a whole number of 1 or more, "
                                    f"got {_shown(value)}", meta_file))
    if value > MAX_DAYS:
        raise SnapshotError(Problem(f"'window_days': expected at most {MAX_DAYS} (100 years), "
                                    f"got {_shown(value)}", meta_file))
    return value


MAX_DAYS = 36525  # a window of 100 years


def _window_of(taken: date | None, days: int, meta_file: Location) -> Window | None:
    if taken is None:
        return None
    try:
        return Window.ending(taken, days)
    except OverflowError:
        raise SnapshotError(Problem(f"the window of {days} days before {taken} would start "
                                    "before year 1", meta_file)) from None


def _network(value, meta_file: Location) -> str:
    if isinstance(value, (dict, list)):
        raise SnapshotError(Problem(f"'network': expected a name, got {_shown(value)}",
                                    meta_file))
    if isinstance(value, bool):  # as YAML wrote it
        return str(value).lower()
    return "" if value is None else str(value)  # (0 is a name, as written)


def _shown(value) -> str:
    """A found value, short, for a message: nested YAML (maybe a billion laughs) unexpanded."""
    if isinstance(value, (dict, list)):
        return "a mapping" if isinstance(value, dict) else "a list"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _observed(value, meta_file: Location) -> Observed | None:
    """The ``observed:`` mapping of a one-sided export (see docs/snapshots.md)."""
    if value is None:
        return None
    if not isinstance(value, dict):
        raise SnapshotError(Problem(f"'observed': expected a mapping with owners, follows, "
                                    f"interactions, posts; got {_shown(value)}", meta_file))
    unknown = sorted(str(k) for k in value if k not in ("owners", *OBSERVED_CHOICES))
    if unknown:
        raise SnapshotError(Problem(f"'observed': unknown key '{unknown[0]}'", meta_file,
                                    hint="valid keys: owners, " + ", ".join(OBSERVED_CHOICES)))
    owners = value.get("owners")
    if not isinstance(owners, list) or not owners or \
            not all(isinstance(o, (str, int)) and not isinstance(o, bool) for o in owners):
        raise SnapshotError(Problem("'observed.owners': expected a list of account ids, got "
                                    f"{_shown(owners)}", meta_file))
    chosen = {}
    for key, choices in OBSERVED_CHOICES.items():
        chosen[key] = value.get(key, "all")
        if chosen[key] not in choices:
            raise SnapshotError(Problem(f"'observed.{key}': expected one of "
                                        f"{', '.join(choices)}, got {_shown(chosen[key])}",
                                        meta_file))
    # an owner is an account id: spaces around it removed, as from every id
    named = tuple(dict.fromkeys(str(o).strip(SPACES) for o in owners))
    if "" in named:
        raise SnapshotError(Problem("'observed.owners': an empty account id", meta_file))
    return Observed(named, **chosen)


def _undirected(value, meta_file: Location) -> bool:
    """``ties: undirected``: the follow ties have no direction (docs/snapshots.md)."""
    if value is None or value in TIES_CHOICES:
        return value == "undirected"
    raise SnapshotError(Problem(f"'ties': expected directed or undirected, got {_shown(value)}",
                                meta_file, hint="undirected: each follow is a tie without "
                                "direction (a network of who is connected, not who follows "
                                "whom)"))


def _unknown_owners(db, schema: str, observed: Observed | None, meta_file: Location) -> list[str]:
    """A warning for each owner the snapshot has no account for (its figures, the only ones a
    one-sided export measures, are then not measured: a typo, most likely)."""
    if observed is None:
        return []
    found = {row[0] for row in db.execute(f"SELECT id FROM {schema}.accounts WHERE id IN "
                                          "(SELECT unnest($owners))",
                                          {"owners": list(observed.owners)}).fetchall()}
    warnings = [f"{meta_file}: 'observed.owners' names '{owner}', which is no account of the "
                "snapshot: nothing of its side is measured" for owner in observed.owners
                if owner not in found]
    for warning in warnings:
        log.warning(warning)
    return warnings


def _named_attributes(value, meta_file: Location) -> tuple[str, ...] | None:
    """The ``attributes:`` list of snapshot.yml: the account columns to group by (an empty
    list: none; None: not said)."""
    if value is None:
        return None
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise SnapshotError(Problem(f"'attributes': expected a list of column names, got "
                                    f"{_shown(value)}", meta_file))
    return tuple(dict.fromkeys(v.strip().lower() for v in value))  # once each, in order


def choose_attributes(db, raw: RawTable | None, named: tuple[str, ...] | None,
                      meta_file: Location) -> tuple[tuple[str, ...], list[str]]:
    """The account columns that are attributes, and warnings about columns left out.

    Named columns (snapshot.yml, else the ``analysis.attributes`` setting) are exactly the
    attributes. Otherwise every column sitegen does not know is one, except a column that
    looks like an identifier: more than ``IDENTIFIER_MIN_VALUES`` distinct values, one for
    at least ``IDENTIFIER_SHARE`` of the accounts that have a value.
    """
    if raw is None:
        return (), []
    spec = raw.spec
    unknown = tuple(c for c in raw.columns if c not in spec.required + spec.optional)
    if named is not None:
        if KEY in named:
            raise SnapshotError(Problem(
                f"'attributes': '{KEY}' is sitegen's name for an account's key, not a column "
                "it can group by", raw.path, raw.header_line,
                hint="rename that column in the file to group by it"))
        missing = [c for c in named if c not in unknown]
        if missing:
            raise SnapshotError(Problem(
                f"'attributes': no account column '{missing[0]}' to group by", raw.path,
                raw.header_line,
                hint=f"attribute columns of {raw.path.name}: {', '.join(unknown) or 'none'}"))
        return named, []
    if not unknown:
        return (), []
    counted = tuple(c for c in unknown if c != KEY)  # k is never one: not counted
    counts = _value_counts(db, raw.name, counted) if counted else {}
    kept, warnings = [], []
    for column in unknown:
        distinct, filled = counts.get(column, (0, 0))
        if column == KEY:
            warnings.append(f"{raw.path}: column '{KEY}' not used as an attribute: it is "
                            "sitegen's name for an account's key (rename the column to group "
                            "by it)")
        elif distinct > IDENTIFIER_MIN_VALUES and distinct >= IDENTIFIER_SHARE * filled:
            warnings.append(f"{raw.path}: column '{column}' has a different value for almost "
                            f"every account ({distinct} values): not used as an attribute "
                            "(name the attributes in snapshot.yml to choose)")
        else:
            kept.append(column)
    for warning in warnings:
        log.warning(warning)
    return tuple(kept), warnings


KEY = "k"  # each account's key (sitegen.snapshots.validate): no attribute may be named so
IDENTIFIER_MIN_VALUES = 20
IDENTIFIER_SHARE = 0.9


def _value_counts(db, table: str, columns: tuple[str, ...]) -> dict[str, tuple[int, int]]:
    """Column -> (distinct values, non-blank values), in one grouped pass (one count
    DISTINCT per column would hold a hash table per column: minutes and GBs for 1,000).
    Only the counted columns are unpivoted: the table's other columns stay beside ``name``
    and ``value`` otherwise, and its own ``name`` (the accounts' names) was grouped by."""
    listed = ", ".join(ident(c) for c in columns)
    rows = db.execute(
        f"SELECT name, count(DISTINCT {validate.trimmed('value')}), "
        f"count({validate.text_value('value')}) FROM "
        f"(UNPIVOT (SELECT {listed} FROM {table}) ON {listed} INTO NAME name "
        "VALUE value) GROUP BY name").fetchall()
    return {name: (distinct, filled) for name, distinct, filled in rows}


def _build_tables(db, schema: str, raws: dict[str, RawTable], settings: AnalysisSettings,
                  attributes: tuple[str, ...], window: Window | None):
    """Validate every raw table (collecting all problems), then create typed tables; return
    the warnings and what the posts and interactions tables hold.

    Each table is checked in the pass that types it (the edges in the one that joins them to
    the account keys, once the accounts are sound), and only a table found wanting is checked
    again, record by record, for the located messages."""
    strict = settings.unknown_accounts == "error"
    accounts = raws.get("accounts")
    known = accounts.name if accounts else None
    problems, failing = [], [name for name in EDGE_ENDS if name in raws]
    if accounts is None:  # the edges name the accounts, and are read again to key them
        for raw in raws.values():
            raw.read()
    if not validate.build_accounts(db, accounts, schema, attributes, _edge_ids(raws, EDGE_ENDS)):
        problems = validate.check_accounts(db, accounts) + validate.check_text(db, accounts)
    if not problems:
        failing = validate.key_edges(db, schema, raws, strict)
    for name in failing:  # read into a table (checked record by record; a file that is not
        raws[name].read()  # CSV is said first, as when every file was read at once)
        problems += validate.check_edges(db, raws[name], EDGE_ENDS[name], known, strict)
        problems += validate.check_text(db, raws[name])
    if problems:
        raise SnapshotError(*problems)
    warnings, events = validate.build_edges(db, schema, raws, window)
    for raw in raws.values():
        raw.drop(db)
    for warning in warnings:
        log.warning(warning)
    return warnings, events


EDGE_ENDS = {"follows": ("follower", "followed"), "interactions": ("source", "target"),
             "posts": ("author",)}


def measure_coverage(db, schema: str, raws: dict[str, RawTable], attributes: tuple[str, ...],
                     window: Window | None, events: dict[str, EventCoverage],
                     observed: Observed | None = None, undirected: bool = False) -> Coverage:
    """What the loaded tables hold (see sitegen.snapshots.coverage); ``undirected``: the
    snapshot says its follow ties have no direction."""
    filled = db.execute("SELECT " + ", ".join(f"count({c}) > 0" for c in PROFILE_COUNTS)
                        + f" FROM {schema}.accounts").fetchone()
    kinds = db.execute(f"SELECT DISTINCT kind FROM {schema}.interactions ORDER BY kind"
                       ).fetchall()
    return Coverage(
        follows="follows" in raws,
        profile_counts=tuple(c for c, held in zip(PROFILE_COUNTS, filled) if held),
        posts=events.get("posts", EventCoverage()),
        interactions=events.get("interactions", EventCoverage()),
        interaction_kinds=tuple(k for k in INTERACTION_KINDS if (k,) in kinds),
        attributes=attributes,
        window=window,
        observed=observed,
        undirected=undirected and "follows" in raws,
    )


def _edge_ids(raws: dict[str, RawTable], ends: dict[str, tuple[str, ...]]) -> str:
    """SQL for the distinct ids named by any edge (accounts when no accounts table)."""
    parts = [f"SELECT trim({c}) AS id FROM {raws[t].name}" for t, cs in ends.items()
             if t in raws for c in cs]
    return " UNION ".join(parts) if parts else "SELECT CAST(NULL AS VARCHAR) AS id WHERE false"

"""``sitegen import``: read exports of one format into one snapshot folder.

The stages: check the sources and the output folder, let the format's reader stream every
record into a ``SnapshotSink`` (rows staged on disk), merge the staged rows with DuckDB, write
``snapshot.yml``, then move the finished files into the output folder. Nothing is written into
the output folder before the end, so a bad source never leaves a half-made snapshot.
"""

from __future__ import annotations

import dataclasses
import importlib
import logging
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import yaml

from sitegen.errors import Problem, SnapshotError
from sitegen.importing.merge import CSV, write_tables
from sitegen.importing.sink import SnapshotSink
from sitegen.schemes import read_name
from sitegen.snapshots.coverage import follows_claim, unclaimable
from sitegen.snapshots.model import network_key
from sitegen.yamlfile import read_yaml

# format name -> module in sitegen.importing with ``read(sources, sink, options, progress)``
FORMATS = {
    "twitter-archive": "twitter_archive",
    "twarc": "twarc",
    "mastodon": "mastodon",
    "bluesky": "bluesky",
    "edgelist": "edgelist",
    "graphml": "graph_files",
    "gexf": "graph_files",
}
TABLE_FILES = ("accounts.csv", "follows.csv", "interactions.csv", "posts.csv")

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ImportOptions:
    """What the command line says beyond the sources."""

    format: str
    taken: date | None = None
    network: str | None = None
    window_days: int | None = None
    merge: bool = False
    directed: bool = True  # edgelist: each line is follower -> followed
    memory_limit: str = "4GB"
    known_owners: tuple[str, ...] = ()  # with --merge: the owners the snapshot already has


@dataclass(frozen=True)
class ImportResult:
    out: Path
    rows: dict[str, int] = field(default_factory=dict)
    meta: dict = field(default_factory=dict)


def import_snapshot(sources: list[Path], out: Path, options: ImportOptions,
                    progress=None) -> ImportResult:
    """Import ``sources`` (all of ``options.format``) into the snapshot folder ``out``."""
    reader = _reader(options.format)
    _check_sources(sources)
    previous = _check_out(out, options.merge)
    before = _read_previous_meta(previous)
    _check_network(before, options, previous)
    owners = (before.get("observed") or {}).get("owners") or []
    options = dataclasses.replace(options, known_owners=tuple(str(o) for o in owners))
    out.parent.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=f".{out.name}.import-", dir=out.parent))
    try:
        sink = SnapshotSink(scratch)
        try:
            reader.read(sources, sink, options, progress)
        finally:
            sink.close()
        if sink.lost:
            log.warning("left out %s: the account acted on is not in the export (a withheld "
                        "or deleted post, or an account named by handle alone)",
                        ", ".join(f"{n} {kind}{'s' if n > 1 else ''}"
                                  for kind, n in sorted(sink.lost.items())))
        rows = write_tables(sink, scratch, previous, options.memory_limit)
        if previous is None and not any(rows.values()):
            raise SnapshotError(Problem(
                "nothing to import: no account, follow, interaction or post was found in "
                + ("it" if len(sources) == 1 else f"any of the {len(sources)} sources"),
                sources[0] if len(sources) == 1 else None,
                hint=f"{'is it an export' if len(sources) == 1 else 'are they exports'} of "
                     f"the kind --from {options.format} reads? (docs/importing.md); nothing "
                     "was written"))
        meta = _metadata(sink, sources, options, previous, before, scratch)
        _write_yaml(scratch / "snapshot.yml", meta)
        _move_into(scratch, out, rows)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return ImportResult(out, rows, meta)


def _reader(name: str):
    if name not in FORMATS:
        raise SnapshotError(Problem(f"unknown format '{name}'",
                                    hint=f"choose one of {', '.join(FORMATS)}"))
    return importlib.import_module(f"sitegen.importing.{FORMATS[name]}")


def _check_sources(sources: list[Path]) -> None:
    for source in sources:
        if not source.exists():
            raise SnapshotError(Problem("no such file or folder", source))


def _check_out(out: Path, merge: bool) -> Path | None:
    """The snapshot to merge into (--merge), or None; never a folder of the user's files."""
    if out.is_symlink() or (out.exists() and not out.is_dir()):
        raise SnapshotError(Problem("--out must be a folder", out))
    if merge:
        if not any((out / name).is_file() for name in (*TABLE_FILES, "snapshot.yml")):
            raise SnapshotError(Problem("--merge: no snapshot here to add to", out,
                                        hint="import without --merge first"))
        return out
    if out.exists() and any(out.iterdir()):
        raise SnapshotError(Problem("the folder is not empty", out,
                                    hint="give a new folder, or --merge to add to the "
                                         "snapshot in it"))
    return None


def _metadata(sink: SnapshotSink, sources: list[Path], options: ImportOptions,
              previous: Path | None, before: dict, scratch: Path) -> dict:
    """snapshot.yml: the previous one's keys, then what this import knows."""
    meta = dict(before)
    first_event, last_date = _data_dates(scratch)
    earlier = _date(meta.get("taken"))
    taken = options.taken or _date(sink.taken) or earlier or last_date
    if taken is not None:
        meta["taken"] = taken
    if options.network:
        meta["network"] = options.network
    # a window that holds every dated post and interaction (follows do not count); a merge
    # that moves 'taken' later keeps the window's start (its data would fall out of it)
    kept = meta.get("window_days")
    if kept and isinstance(kept, int) and earlier and taken and taken > earlier:
        kept += (taken - earlier).days
    window = options.window_days or kept or (
        max(1, (taken - first_event).days) if taken and first_event else None)
    if window:
        meta["window_days"] = window
    sources_meta = list(meta.get("source", {}).get("files", [])) if previous else []
    names = sorted({*sources_meta, *(s.name for s in sources)})
    meta["source"] = {"format": options.format, "files": names}
    new = sink.observed.document() if sink.observed else None
    observed = new
    if previous is not None:
        held = {t for t in OBSERVED_TABLES if (previous / f"{t}.csv").is_file()}
        observed = _merged_observed((meta.get("observed"), held), (new, sink.measured))
    if observed:
        meta["observed"] = observed
    else:
        meta.pop("observed", None)
    held = previous is not None and (previous / "follows.csv").is_file()
    if _undirected(meta.get("ties") == "undirected" if held else None,
                   sink.undirected if "follows" in sink.measured else None, previous):
        meta["ties"] = "undirected"
    return meta


def _undirected(before: bool | None, new: bool | None, previous: Path | None) -> bool:
    """Whether the snapshot's follow ties have no direction (``ties: undirected``), from the
    snapshot merged into and the new source (None: it holds no follows). Follows with a
    direction and ties without one are not merged: the mutual ties could not be told from
    pairs of follows (a merge of only one of them is refused, not marked)."""
    if before is not None and new is not None and before != new:
        ways = {True: "have no direction (ties: undirected)", False: "have a direction"}
        raise SnapshotError(Problem(
            f"--merge: the snapshot's follows {ways[before]}, and the new source's "
            f"{ways[new].split(' (')[0]}: merged, who follows whom could not be told",
            previous / "snapshot.yml",
            hint="import them as separate snapshots; if the new source's ties have no "
                 "direction either, give --undirected (edge lists)" if before else
                 "import them as separate snapshots"))
    return bool(before or new)


def _check_network(before: dict, options: ImportOptions, previous: Path | None) -> None:
    """A merge may not rename the snapshot's network (``--network`` another than its own)."""
    named = str(before.get("network") or "")
    if previous is not None and options.network and network_key(named) and \
            network_key(named) != network_key(options.network):
        raise SnapshotError(Problem(
            f"--network '{options.network}': this snapshot is of the network '{named}'",
            previous / "snapshot.yml",
            hint="a snapshot is of one network: merge without --network, or import into a "
                 "folder of its own"))


def _read_previous_meta(previous: Path | None) -> dict:
    """The metadata of the snapshot merged into: a file that cannot be read as a mapping is
    an error (it would be written over, what it said lost)."""
    if previous is None or not (previous / "snapshot.yml").is_file():
        return {}
    path = previous / "snapshot.yml"
    data, _ = read_yaml(path, SnapshotError)
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise SnapshotError(Problem(f"expected keys such as 'taken:', found a "
                                    f"{type(data).__name__}", path,
                                    hint="mend it before merging into the snapshot"))
    return dict(data)


OBSERVED_TABLES = ("follows", "interactions", "posts")
# from the weakest claim to the strongest: merging keeps what both sources can vouch for
CLAIMS = {"follows": ("following", "followers", "owners", "all"),
          "interactions": ("given", "all"), "posts": ("owners", "all")}


def _merged_observed(*sides: tuple[dict | None, set[str]]) -> dict | None:
    """What a merged snapshot observed. Each side (its ``observed``, the tables it holds)
    speaks only for the tables it holds: a source without ``observed`` saw all of those;
    a one-sided source saw its owners' side. A table any side saw whole is whole; else the
    weakest one-sided claim holds, with the owners of every one-sided side; for follows, the
    lists held of each owner, from every side (``_merged_follows``)."""
    merged, owners = {}, set()
    for table in OBSERVED_TABLES:
        claims = [(observed or {}).get(table, "all") for observed, held in sides
                  if table in held]
        merged[table] = max(claims, key=CLAIMS[table].index) if "all" in claims else \
            min(claims, key=CLAIMS[table].index) if claims else "all"
    for observed, held in sides:
        if observed and any(t in held and merged[t] != "all" for t in OBSERVED_TABLES):
            owners.update(observed.get("owners", []))
    if merged["follows"] != "all":
        merged["follows"] = _merged_follows(sides, owners)
    if all(v == "all" for v in merged.values()) or not owners:
        return None
    return {"owners": sorted(owners), **merged}


LISTS = {"owners": {"followers", "following"}, "followers": {"followers"},
         "following": {"following"}}


def _merged_follows(sides: tuple[tuple[dict | None, set[str]], ...], owners: set[str]) -> str:
    """The follow lists of each owner that any side holds, as one claim (``follows_claim``):
    one owner's followers from one source and following from another are both known; an
    owner without a list of a side leaves that side unmeasured for every owner; an error
    when no claim fits."""
    lists: dict[str, set[str]] = {owner: set() for owner in owners}
    for observed, held in sides:
        if observed and "follows" in held:
            for owner in observed.get("owners", []):
                lists.setdefault(owner, set()).update(LISTS[observed.get("follows", "owners")])
    claim = follows_claim(lists)
    if claim is None:
        raise SnapshotError(Problem(
            f"--merge: {unclaimable(lists)}",
            hint="merge each owner's followers and following lists (or only followers lists, "
                 "or only following lists), or import them as separate snapshots"))
    return claim


def _date(value) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str) and len(value) >= 10:
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def _data_dates(scratch: Path) -> tuple[date | None, date | None]:
    """The first day of the dated posts and interactions written, and the last day of those
    and of the dated follows: one pass over the tables."""
    import duckdb

    from sitegen.engines.duckdb_engine import sql_text

    parts = [f"SELECT TRY_CAST(substr(\"{column}\", 1, 10) AS DATE) AS day, {is_event} AS event "
             f"FROM read_csv({sql_text(read_name(scratch / file))}, {CSV}, all_varchar = true)"
             for file, column, is_event in (("posts.csv", "at", "true"),
                                            ("interactions.csv", "at", "true"),
                                            ("follows.csv", "since", "false"))
             if (scratch / file).is_file()]
    if not parts:
        return None, None
    with duckdb.connect() as db:
        return db.execute("SELECT min(day) FILTER (WHERE event), max(day) FROM ("
                          + " UNION ALL ".join(parts) + ")").fetchone()


def _write_yaml(path: Path, meta: dict) -> None:
    order = ("taken", "network", "window_days", "attributes", "source", "observed", "ties")
    ordered = {k: meta[k] for k in order if k in meta} | \
        {k: v for k, v in meta.items() if k not in order}
    path.write_text(yaml.safe_dump(ordered, sort_keys=False, allow_unicode=True),
                    encoding="utf-8")


def _move_into(scratch: Path, out: Path, rows: dict[str, int]) -> None:
    """Each finished file replaces its namesake in ``out`` (files of other tables stay)."""
    out.mkdir(exist_ok=True)
    for name in (*(f"{table}.csv" for table in rows), "snapshot.yml"):
        os.replace(scratch / name, out / name)

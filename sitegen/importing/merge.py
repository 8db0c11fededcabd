"""Merge the staged rows of an import (and, with ``--merge``, the snapshot already there) into
the snapshot's CSV files, with DuckDB so that millions of rows stay out of Python."""

from __future__ import annotations

from pathlib import Path

import duckdb

from sitegen.importing.sink import ACCOUNT_FIELDS, FIELDS, SnapshotSink
from sitegen.schemes import read_name
from sitegen.snapshots.readers import ident

# how the files staged and written here are read back: as DuckDB and Python's csv module wrote
# them (commas, values with a comma or quote in quotes, a quote doubled), never as DuckDB's
# sniffer guesses from the first file (a header alone, where the rows went in bulk: it then
# read no quotes, and an id 'smith,john' came back as two values)
CSV = "header = true, delim = ',', quote = '\"', escape = '\"'"

ENDS = {"follows": ("follower", "followed"), "interactions": ("source", "target"),
        "posts": ("author",)}

# one row per follow (the earliest date), per post id, per interaction made by one post;
# interactions without a post id are events and all kept
MERGED = {
    "follows": """SELECT follower, followed, min(since) AS since FROM staged
                  GROUP BY follower, followed ORDER BY follower, followed""",
    "posts": """SELECT id, author, "at", text FROM staged
                QUALIFY id IS NULL OR row_number() OVER (PARTITION BY id ORDER BY seq DESC) = 1
                ORDER BY author, "at" NULLS LAST, id NULLS LAST, text NULLS LAST""",
    "interactions": """SELECT source, target, kind, "at", post{count} FROM staged
                       QUALIFY post IS NULL OR row_number() OVER
                           (PARTITION BY source, target, kind, post ORDER BY seq DESC) = 1
                       ORDER BY source, target, kind, "at" NULLS LAST, post NULLS LAST{order}""",
}


def write_tables(sink: SnapshotSink, scratch: Path, previous: Path | None,
                 memory_limit: str = "4GB") -> dict[str, int]:
    """Write accounts.csv, follows.csv, interactions.csv and posts.csv into ``scratch`` for
    every table the source (or the ``previous`` snapshot) holds; returns their row counts."""
    db = duckdb.connect(config={"memory_limit": memory_limit,
                                "temp_directory": str(scratch / "spill")})
    written = {}
    try:
        for table, fields in FIELDS.items():
            if table in sink.measured or _has(previous, table):
                _stage(db, sink.staged_files(table), fields, previous, table)
                written[table] = _copy(db, _merged(db, table), scratch / f"{table}.csv")
        if written or "accounts" in sink.measured or _has(previous, "accounts"):
            written = {"accounts": _write_accounts(db, sink, scratch, previous, written),
                       **written}
    finally:
        db.close()
    return written


def _has(previous: Path | None, table: str) -> bool:
    return previous is not None and (previous / f"{table}.csv").is_file()


def _merged(db, table: str) -> str:
    """The merging query of ``table``; interactions have a ``count`` column only when some
    row gives one (a file without it counts each row once)."""
    if table != "interactions":
        return MERGED[table]
    counted = db.execute('SELECT count("count") FROM staged').fetchone()[0]
    return MERGED[table].format(count=', "count"' if counted else "",
                                order=', "count" NULLS LAST' if counted else "")


def _stage(db, staged: list[Path], fields: tuple[str, ...], previous: Path | None,
           table: str) -> None:
    """The table ``staged``: the new rows (seq 1, 2...) after the previous snapshot's rows
    (seq 0 and below), so that on a tie the newer source wins. ``staged`` lists the sink's
    files of the table (rows staged one at a time, then in bulk), all with one header."""
    types = {"seq": "BIGINT", **{f: "VARCHAR" for f in fields}}
    columns = ", ".join(ident(f) for f in fields)
    db.execute(f"CREATE OR REPLACE TABLE staged AS SELECT seq, {columns} FROM "
               f"read_csv(?, {CSV}, columns = {_struct(types)})",
               [[read_name(path) for path in staged]])
    if _has(previous, table):
        _add_previous(db, previous / f"{table}.csv", fields)


def _write_accounts(db, sink: SnapshotSink, scratch: Path, previous: Path | None,
                    edges: dict[str, int]) -> int:
    """One row per id; each field the latest value given for it (blanks say nothing). Every
    id an edge or post names is an account, known by its id alone if nothing else."""
    keys = set(sink.account_keys)
    old = previous / "accounts.csv" if _has(previous, "accounts") else None
    if old is not None:
        keys.update(_header(db, old))
    ordered = [k for k in ACCOUNT_FIELDS if k in keys] + sorted(keys - set(ACCOUNT_FIELDS))
    types = {"seq": "BIGINT", **{k: "VARCHAR" for k in ordered}}
    db.execute(f"CREATE OR REPLACE TABLE staged AS SELECT * FROM read_json(?, "
               f"format = 'newline_delimited', columns = {_struct(types)})",
               [read_name(scratch / "accounts.jsonl")])
    if old is not None:
        _add_previous(db, old, ordered)
    for table in edges:
        for end in ENDS[table]:
            db.execute(f"INSERT INTO staged (seq, id) SELECT DISTINCT {-2**62}, {end} FROM "
                       f"read_csv(?, {CSV}, all_varchar = true)",
                       [read_name(scratch / f"{table}.csv")])
    # arg_max skips NULL values: each field's latest non-blank value; fields no row gives
    # are left out (one pass counts them all)
    given = db.execute("SELECT " + ", ".join(f"count({ident(k)})" for k in ordered)
                       + " FROM staged").fetchone()
    kept = [k for k, n in zip(ordered, given) if k == "id" or n]
    fields = ", ".join(f"arg_max({ident(k)}, seq) AS {ident(k)}" for k in kept if k != "id")
    query = f"SELECT id{', ' + fields if fields else ''} FROM staged GROUP BY id ORDER BY id"
    return _copy(db, query, scratch / "accounts.csv")


def _add_previous(db, old: Path, columns: list[str] | tuple[str, ...]) -> None:
    """The rows of the snapshot merged into, before the new ones (seq 0 and below), NULL in
    the columns its file lacks."""
    present = set(_header(db, old))
    picked = ", ".join(ident(c) if c in present else f"NULL AS {ident(c)}" for c in columns)
    db.execute(f"INSERT INTO staged SELECT -row_number() OVER () AS seq, {picked} FROM "
               f"read_csv(?, {CSV}, all_varchar = true)", [read_name(old)])


def _copy(db, query: str, target: Path) -> int:
    return db.execute(f"COPY ({query}) TO '{_quoted(target)}' (HEADER, DELIMITER ',')"
                      ).fetchone()[0]


def _header(db, file: Path) -> list[str]:
    rows = db.execute(f"DESCRIBE SELECT * FROM read_csv(?, {CSV}, all_varchar = true)",
                      [read_name(file)]).fetchall()
    return [row[0].strip().lower() for row in rows]


def _struct(types: dict[str, str]) -> str:
    return "{" + ", ".join(f"'{k.replace(chr(39), chr(39) * 2)}': '{v}'"
                           for k, v in types.items()) + "}"


def _quoted(path: Path) -> str:
    return str(path).replace("'", "''")

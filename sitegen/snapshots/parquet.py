"""Read one snapshot table from Parquet into the same raw table of text the CSV reader makes.

A table is ``NAME.parquet``: one file, or a folder of part files as Spark writes them
(``part-*.parquet``, beside ``_SUCCESS`` and ``.crc`` files, which are skipped). Typed columns
(integers, dates, times, true/false) are read as text, so that every check of the values
applies as to a CSV file and the figures are those of the CSV file of the same data. A record
is located by its file and its number in that file (``record 12``, counted from 1).

The files are read by the engine (``sitegen.engines``: ``parquet_schema``, ``parquet_scan``):
DuckDB's ``read_parquet`` here, Spark's reader (``_metadata`` numbering the records) there.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlparse

from sitegen.errors import Problem, SnapshotError, first_line
from sitegen.schemes import read_name
from sitegen.snapshots.column_maps import ColumnMap, column_names, key_of
from sitegen.snapshots.location import Location, check_inside, is_url
from sitegen.snapshots.model import TableSpec
from sitegen.snapshots.readers import MAX_COLUMNS, RawTable, ident

if TYPE_CHECKING:
    import duckdb

MAGIC = b"PAR1"  # the first and last four bytes of every Parquet file
NESTED = re.compile(r"\]$|^(STRUCT|MAP|UNION)\(")  # lists, arrays, structs, maps, unions
NOT_TEXT = ("BLOB", "BIT")
FILE_COLUMN = "__sitegen_file"
EXPECTED = "text, whole numbers, decimals, dates, times or true/false"


@dataclass(frozen=True)
class ParquetTable(RawTable):
    """A raw table read from Parquet: ``files`` (one, or the parts of a folder, in order)
    and ``sources`` (each column's text, as SQL over ``read_parquet``)."""

    files: tuple[Path, ...] = ()
    sources: tuple[str, ...] = ()
    numbered: bool = True  # False: the file has its own column 'file_row_number'
    scan: tuple[str, dict] = ("", {})  # the engine's numbered read of the files (SQL, params)

    @property
    def header_line(self) -> int | None:
        return None  # a Parquet file has no header line

    def problem(self, db: duckdb.DuckDBPyConnection, column: str, value: str | None,
                message: str, occurrence: int = 1) -> Problem:
        """``FILE: record N: message``, FILE being the part file for a folder of parts."""
        found = self.record_of(db, column, value, occurrence) if self.numbered else None
        if found is None:
            return Problem(message, self.path)
        file, record = found
        return Problem(f"record {record}: {message}", file)

    def record_of(self, db: duckdb.DuckDBPyConnection, column: str, value: str | None,
                  occurrence: int = 1) -> tuple[Path, int] | None:
        """The file and record number (from 1) of the n-th record whose ``column`` reads as
        ``value``: the files are read again (only on the error path)."""
        text = self.sources[self.columns.index(column)]
        scan, params = self.scan
        row = db.execute(
            f"SELECT {FILE_COLUMN}, file_row_number FROM {scan} "
            f"WHERE {text} IS NOT DISTINCT FROM $v OR trim({text}) = trim($v) "
            f"ORDER BY {FILE_COLUMN}, file_row_number LIMIT 1 OFFSET {occurrence - 1}",
            {**params, "v": value}).fetchone()
        return (_file_of(row[0], self.files), row[1] + 1) if row else None


def _file_of(found: str, files: tuple[Location, ...]) -> Location | str:
    """The file a reader named (DuckDB: as given, or a local path for a ``file://`` URL;
    Spark: as a URI, ``file:/tmp/...`` for ``file:///tmp/...``)."""
    for file in files:
        if found == str(file) or _where(found) == _where(str(file)):
            return file
    return found if is_url(found) else Path(found)


def _where(name: str) -> tuple[str, str, str]:
    """A file's name compared: scheme (none for a local file), host, path."""
    if ":" not in name:
        return "", "", name
    parsed = urlparse(name)
    scheme = "" if parsed.scheme == "file" else parsed.scheme
    return scheme, parsed.netloc, unquote(parsed.path)


def duckdb_scan(files: list, numbered: bool = False) -> tuple[str, dict]:
    """DuckDB's read of Parquet ``files`` (SQL and parameters), for ``DuckDBEngine``."""
    return _scan(numbered), {"files": [read_name(f) for f in files]}


def duckdb_schema(db: duckdb.DuckDBPyConnection, files: list) -> list[tuple[str, str]]:
    """The column names and DuckDB types of Parquet ``files``, for ``DuckDBEngine``."""
    sql, params = duckdb_scan(files)
    return [(row[0], row[1]) for row in db.execute(f"DESCRIBE SELECT * FROM {sql}",
                                                    params).fetchall()]


def _scan(numbered: bool = False) -> str:
    """SQL reading the files bound as ``$files`` (their columns unified by name)."""
    extra = f", filename='{FILE_COLUMN}', file_row_number=true" if numbered else ""
    return f"read_parquet($files, union_by_name=true{extra})"


def parquet_source(path: Location, folder: Path | None) -> list[Location] | None:
    """The files of the table ``path`` (``NAME.parquet``, local or a URL): itself, or the
    part files of a folder in name order; None when nothing is there. Local links must stay
    inside ``folder``."""
    if not path.exists():
        if path.is_symlink():
            raise SnapshotError(Problem(f"a symbolic link to {os.readlink(path)}, which does "
                                        "not exist", path))
        return None
    check_inside(path, folder, SnapshotError)
    if path.is_file():
        return [path]
    if not path.is_dir():
        raise SnapshotError(Problem("not a regular file, where a Parquet file or a folder of "
                                    "Parquet part files is expected", path))
    parts = sorted(p for p in path.glob("*.parquet") if not p.name.startswith((".", "_")))
    if not parts:
        raise SnapshotError(Problem(
            "no Parquet part files (*.parquet) in the folder", path,
            hint="a table is a Parquet file, or a folder of part-*.parquet files as Spark "
                 "writes them"))
    for part in parts:
        check_inside(part, folder, SnapshotError)
    return parts


def read_parquet_table(engine, spec: TableSpec, path: Path, files: list[Path], table: str,
                       column_map: ColumnMap | None = None) -> ParquetTable:
    """Load the Parquet ``files`` of ``path`` into ``table`` as text columns under sitegen's
    names (``column_map``: the snapshot's own names for them), on ``engine``. In follows,
    interactions and posts the columns sitegen ignores are not read at all."""
    for file in files:
        if not is_url(file):
            _check_magic(file)
    schema = _schema(engine, files, path)
    names = column_names(spec, [name for name, _ in schema], path, None, column_map)
    known = spec.required + spec.optional + ("since", "at")
    kept = [(original, sql_type, name) for (original, sql_type), name in zip(schema, names)
            if name and (spec.extra_columns_are_attributes or name in known)]
    sources = tuple(_text(original, sql_type, name, path) for original, sql_type, name in kept)
    items = ", ".join(f"{source} AS {ident(name)}" for source, (_, _, name) in
                      zip(sources, kept))
    try:
        scan, params = engine.parquet_scan(files)
        engine.db.execute(f"CREATE TEMP TABLE {table} AS SELECT {items} FROM {scan}", params)
    except engine.errors as exc:
        raise SnapshotError(Problem(f"cannot be read as Parquet: {_reason(exc)}",
                                    path)) from None
    # records numbered unless a column of the files has the name of a numbering column
    numbered = not {"file_row_number", FILE_COLUMN} & {key_of(name) for name, _ in schema}
    return ParquetTable(spec, table, path, tuple(name for _, _, name in kept),
                        files=tuple(files), sources=sources, numbered=numbered,
                        scan=engine.parquet_scan(files, numbered=True) if numbered else ("", {}))


def _check_magic(file: Path) -> None:
    """A Parquet file starts and ends with PAR1; anything else is refused by name."""
    with file.open("rb") as handle:
        head = handle.read(4)
        size = handle.seek(0, os.SEEK_END)
        handle.seek(max(size - 4, 0))
        tail = handle.read(4)
    if size < 12 or head != MAGIC or tail != MAGIC:
        what = "an empty file" if size == 0 else "the file does not start and end with PAR1"
        raise SnapshotError(Problem(f"not a Parquet file ({what})", file,
                                    hint="write the table with a Parquet writer (DuckDB, "
                                         "Spark, pandas), or name a CSV file NAME.csv"))


def _schema(engine, files: list[Path], path: Path) -> list[tuple[str, str]]:
    """The column names and DuckDB types of the files (at most MAX_COLUMNS columns)."""
    try:
        schema = engine.parquet_schema(files)
    except engine.errors as exc:
        raise SnapshotError(Problem(f"cannot be read as Parquet: {_reason(exc)}",
                                    path)) from None
    if len(schema) > MAX_COLUMNS:
        raise SnapshotError(Problem(f"{len(schema)} columns; a table has at most "
                                    f"{MAX_COLUMNS}", path))
    if any("\x00" in name for name, _ in schema):
        raise SnapshotError(Problem("a NUL character (\\0) in a column name", path))
    return schema


def _text(original: str, sql_type: str, name: str, path: Path) -> str:
    """SQL for a column's values as the text a CSV file would hold: a time with a zone as
    its instant in UTC (times without an offset are UTC), everything else cast as is."""
    if NESTED.search(sql_type) or sql_type in NOT_TEXT:
        shown = f"'{original}'" if key_of(original) == name else f"'{original}' (as '{name}')"
        raise SnapshotError(Problem(f"column {shown} holds {sql_type} values; expected "
                                    f"{EXPECTED}", path,
                                    hint="write it as text, or leave the column out"))
    column = ident(original)
    if sql_type == "TIMESTAMP WITH TIME ZONE":
        return f"CAST(timezone('UTC', {column}) AS VARCHAR)"
    return f"CAST({column} AS VARCHAR)"


def _reason(exc: Exception) -> str:
    """DuckDB's message, first line, without the kind of error in front."""
    return re.sub(r"^(Spark could not run [^:]*: )?[A-Za-z ]*Error: ", "", first_line(exc))

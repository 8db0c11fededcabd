"""Read one snapshot table from a CSV file or a YAML list into a DuckDB table of text.

Both readers produce a *raw* table whose columns carry our canonical names and hold text
exactly as found; validation and typing happen afterwards, in SQL, for both formats alike.
A raw table knows how to find the line of a record, for error messages.
"""

from __future__ import annotations

import contextlib
import csv
import io
import mmap
import os
import re
import stat
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from sitegen.errors import Problem, SnapshotError
from sitegen.schemes import is_url, read_name
from sitegen.snapshots.column_maps import ColumnMap, column_names
from sitegen.snapshots.model import TableSpec

if TYPE_CHECKING:
    import duckdb

MAX_COLUMNS = 1000  # columns of a table (CSV header or YAML keys)
MAX_LINE_BYTES = 1 << 20  # bytes of one CSV record (1 MiB), the header included
MAX_EXTRA_VALUES = 16  # beyond the header's columns, in a record DuckDB is left to list
SHOWN_CHARACTERS = 80  # of a bad record quoted in a message
CRLF = "\r\n"
CHUNK_BYTES = 1 << 20  # read at a time when a file is scanned or copied
LINE_END = re.compile(rb"\r\n|\n|\r")
MIXED_ENDS = {b"\n": re.compile(rb"\r\n?"), b"\r\n": re.compile(rb"\r(?!\n)|(?<!\r)\n"),
              b"\r": re.compile(rb"\n")}  # a line end other than the header's


def ident(name: str) -> str:
    """Quote a column name (which may come from a user's file) for SQL text."""
    return '"' + name.replace('"', '""') + '"'


@dataclass(frozen=True)
class RawTable:
    """A table as read from a file: text columns under canonical names, plus its origin."""

    spec: TableSpec
    name: str  # qualified DuckDB table name
    path: Path
    columns: tuple[str, ...]
    record_lines: tuple[int, ...] | None = None  # YAML: the line of each record, by rowid
    positions: tuple[int, ...] | None = None  # CSV: each column's place in the file's records
    # no NUL byte anywhere in the file (a local CSV file, scanned): no value can hold one, and
    # the checks for one are left out
    nul_free: bool = False
    # a CSV file not read yet: ``name`` is a view that reads it where it is queried, until
    # ``pending()`` reads it into a table (``defer_csv``)
    pending: PendingRead | None = field(default=None, compare=False)

    def read(self) -> None:
        """Read the file into the table now if it was deferred (a table read more than once,
        or checked record by record)."""
        if self.pending is not None:
            self.pending()

    def drop(self, db: duckdb.DuckDBPyConnection) -> None:
        """Remove the table (or the view of a file never read), on any engine."""
        view = self.pending is not None and not self.pending.done
        db.execute(f"DROP {'VIEW' if view else 'TABLE'} {self.name}")

    @property
    def header_line(self) -> int | None:
        """Where a problem with the columns is located (the header, or the YAML list)."""
        return 1

    def problem(self, db: duckdb.DuckDBPyConnection, column: str, value: str | None,
                message: str, occurrence: int = 1) -> Problem:
        """``message`` located at the n-th record whose ``column`` equals ``value``."""
        return Problem(message, self.path, self.line_of(db, column, value, occurrence))

    def line_of(self, db: duckdb.DuckDBPyConnection, column: str, value: str | None,
                occurrence: int = 1) -> int | None:
        """Line (as an editor shows it) of the n-th record whose ``column`` equals ``value``."""
        if self.record_lines is not None:
            c = ident(column)
            cond = f"({c} IS NOT DISTINCT FROM $v OR trim({c}) = trim($v))"
            row = db.execute(f"SELECT rowid FROM {self.name} WHERE {cond} ORDER BY rowid "
                             f"LIMIT 1 OFFSET {occurrence - 1}", {"v": value}).fetchone()
            return self.record_lines[row[0]] if row else None
        if is_url(self.path):
            return None  # a file the engine reads, not this machine: no line
        index = self.columns.index(column)
        return _csv_line_of(self.path, self.positions[index] if self.positions else index,
                            value, occurrence)


# what DuckDB's trim() removes from the ends of a value, the checks' trim: Unicode's space
# separators, not tabs or line breaks (Python's strip() would match 'ana<TAB>' to 'ana')
SPACES = " \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a" \
         "\u202f\u205f\u3000"


def _csv_line_of(path: Path, index: int, value: str | None, occurrence: int) -> int | None:
    """Scan a CSV file for a value (only on the error path, so speed is secondary)."""
    with path.open(encoding="utf-8-sig", errors="replace", newline="") as handle:
        reader = _csv_reader(handle)
        line = 1
        try:
            next(reader, None)
            for record in reader:
                cell = record[index] if index < len(record) else None
                if (cell == "" and value is None) or (
                        cell is not None and value is not None
                        and cell.strip(SPACES) == value.strip(SPACES)):
                    occurrence -= 1
                    if occurrence == 0:
                        return line + 1
                line = reader.line_num
        except csv.Error:
            pass  # Python's reader stops where DuckDB's did not: the line stays unknown
    return None


def _csv_reader(handle):
    """Python's CSV reader, with fields as long as a record may be."""
    csv.field_size_limit(MAX_LINE_BYTES)
    return csv.reader(handle)


def csv_header(path: Path) -> list[str]:
    """The first record of a CSV file, BOM removed, read with a bounded read; an error when
    the file is empty or the header is too long, not text, or holds too many columns."""
    with path.open("rb") as handle:
        start = handle.read(MAX_LINE_BYTES + 2)
    end = LINE_END.search(start)
    if end is None and len(start) > MAX_LINE_BYTES:
        raise SnapshotError(Problem("the header line is longer than 1 MiB", path, 1))
    return _header_line(start[:end.start() if end else None], path)


def url_csv_header(db: duckdb.DuckDBPyConnection, path) -> list[str]:
    """``csv_header`` of a CSV file DuckDB reads at a URL: its first line, read as one value
    of Latin-1 text (each byte one character, so the bytes come back as they are, and a bad
    byte further on stops nothing), then held to the same rules."""
    rows = db.execute(
        "SELECT line FROM read_csv($path, header=false, auto_detect=false, "
        "columns={'line': 'VARCHAR'}, delim=$delim, quote='', escape='', encoding='latin-1', "
        f"max_line_size={2 * MAX_LINE_BYTES}, ignore_errors=true, parallel=false) LIMIT 1",
        {"path": str(path), "delim": "\x00\x1e\x1f\x00"}).fetchall()  # in no header
    first = (rows[0][0] or "") if rows else ""
    if len(first) > MAX_LINE_BYTES:
        raise SnapshotError(Problem("the header line is longer than 1 MiB", path, 1))
    return _header_line(first.encode("latin-1"), path)


def _header_line(first: bytes, path) -> list[str]:
    """The column names of a header line's bytes: UTF-8 text (a BOM removed), not blank."""
    try:
        text = first.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise SnapshotError(Problem("the header is not UTF-8 text", path, 1,
                                    hint="save the file as UTF-8")) from None
    if not text.strip():
        raise SnapshotError(Problem("empty file: expected a header line naming the columns",
                                    path, 1))
    return header_names(text, path)


def header_names(first: str, path: Path) -> list[str]:
    """The column names of a header line, which must hold no NUL or open quote."""
    if first.count('"') % 2:
        raise SnapshotError(Problem("the header has a quote (\") that is not closed on its "
                                    "line", path, 1, hint="column names fit on one line"))
    if "\x00" in first:
        raise SnapshotError(Problem("a NUL character (\\0) in the header", path, 1))
    names = next(csv.reader(io.StringIO(first)))
    while len(names) > 1 and names[-1] == "":  # a spreadsheet's empty columns: as in a row,
        names.pop()  # empty values at the end of the header are none (a space is one)
    if len(names) > MAX_COLUMNS:
        raise SnapshotError(Problem(f"{len(names)} columns in the header; a table has at "
                                    f"most {MAX_COLUMNS}", path, 1))
    return names


def read_csv_table(engine, spec: TableSpec, path: Path, table: str,
                   column_map: ColumnMap | None = None, once: bool = False) -> RawTable:
    """Load a CSV file (comma-separated, header line) into ``table`` as text columns, under
    sitegen's names (``column_map``: the snapshot's own names for them), on ``engine``
    (``sitegen.engines``: its ``read_raw_csv``; DuckDB's is ``load_csv`` below). A local
    file's header is read here; a URL's by the engine. ``once``: the table is read once
    where all goes well (an edge table): an engine that can (DuckDB, ``defer_csv``) reads
    the file there, not into a table first."""
    header = engine.csv_header(path) if is_url(path) else csv_header(path)
    names = column_names(spec, header, path, 1, column_map)
    read = None if is_url(path) else os.stat(path)
    defer = getattr(engine, "defer_raw_csv", None) if once and read else None
    pending = defer(table, path, names) if defer else None
    if pending is None:
        engine.read_raw_csv(table, path, names)
    kept = [(i, n) for i, n in enumerate(names) if n]
    return RawTable(spec, table, path, tuple(n for _, n in kept),
                    positions=tuple(i for i, _ in kept),
                    nul_free=read is not None and _free_of_nul(path, read), pending=pending)


def _free_of_nul(path: Path, read: os.stat_result) -> bool:
    """Whether a local file, as it was when read (``read``: its ``stat`` then), holds no NUL
    byte: searched at memory speed (0.05 s for 290 MB, where looking for one in every value of
    its 10M records took 0.3 CPU s). CSV has no escapes, and UTF-8 writes U+0000 as that byte
    alone: without it, no value holds one. Not said of what cannot be searched (a pipe) or
    has changed since."""
    with path.open("rb") as handle:
        now = os.fstat(handle.fileno())
        if (not stat.S_ISREG(now.st_mode)
                or (now.st_size, now.st_mtime_ns) != (read.st_size, read.st_mtime_ns)):
            return False
        if now.st_size == 0:
            return True
        with mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as data:
            return data.find(b"\x00") < 0


def load_csv(db: duckdb.DuckDBPyConnection, path: Path, table: str,
             names: list[str | None]) -> None:
    """DuckDB's read of a CSV file into ``table`` (a column named None is left out).

    DuckDB reads it stopping at the first bad record (fast). Only when that fails is the file
    looked at again: with mixed line ends (LF and CRLF), which DuckDB cannot read, it is read
    from a copy with LF line ends; else every bad record is listed (a URL's without lines:
    only a local file is scanned here)."""
    import duckdb

    drop_raw(db, table)  # left by a load of the same schema that failed
    try:
        _load_csv(db, path, table, names, rejects=False)
    except duckdb.Error:
        db.execute(f"DROP TABLE IF EXISTS {table}")
        if not is_url(path) and _mixed_line_ends(path):
            with _lf_copy(path) as copy:
                _load_or_list_rejects(db, path, copy, table, names)
        else:
            _list_rejects(db, path, path, table, names)


def _load_or_list_rejects(db: duckdb.DuckDBPyConnection, path: Path, source: Path, table: str,
                          names: list[str | None]) -> None:
    import duckdb

    try:
        _load_csv(db, source, table, names, rejects=False)
    except duckdb.Error:
        db.execute(f"DROP TABLE IF EXISTS {table}")
        _list_rejects(db, path, source, table, names)


def _list_rejects(db: duckdb.DuckDBPyConnection, path: Path, source: Path, table: str,
                  names: list[str | None]) -> None:
    """Read ``source`` (``path`` or its copy) again, listing every bad record; once no
    record is far too wide (DuckDB's time to list one grows with the square of its values)."""
    import duckdb

    if not is_url(path):
        _refuse_wide_records(path, len(names))
    try:
        _load_csv(db, source, table, names, rejects=True)
    except duckdb.Error as exc:
        raise SnapshotError(Problem(f"cannot be read as CSV: {str(exc).splitlines()[0]}",
                                    path)) from None
    _raise_rejects(db, path, source)


def _load_csv(db: duckdb.DuckDBPyConnection, path: Path, table: str,
              names: list[str | None], rejects: bool) -> None:
    """``CREATE TABLE table`` from the CSV file, its columns under sitegen's names (a column
    named None is left out)."""
    db.execute(f"CREATE TEMP TABLE {table} AS {_read_csv_sql(names, rejects=rejects)}",
               {"path": read_name(path),
                "cols": {f"column{i:05d}": "VARCHAR" for i in range(len(names))}})


def _read_csv_sql(names: list[str | None], rejects: bool = False, path: str = "$path",
                  cols: str = "$cols", sampled: bool = False) -> str:
    """The SELECT reading a CSV file (``path``, ``cols``: SQL for its name and its columns'
    types) under sitegen's names. ``sampled``: a sample read first (the dialect is given,
    so it decides nothing) tells the planner how many records the file holds."""
    items = ", ".join(f"column{i:05d} AS {ident(name)}" for i, name in enumerate(names) if name)
    detect = "auto_detect=true, skip=0, comment=''" if sampled else "auto_detect=false"
    return (f"SELECT {items} FROM read_csv({path}, header=true, delim=',', quote='\"', "
            f"escape='\"', all_varchar=true, {detect}, columns={cols}, null_padding=false, "
            f"max_line_size={MAX_LINE_BYTES}, store_rejects={'true' if rejects else 'false'})")


def defer_csv(db: duckdb.DuckDBPyConnection, path: Path, table: str,
              names: list[str | None]) -> PendingRead | None:
    """``table`` as a view reading a local CSV file where a query reads it, for a table read
    once (an edge table, by the pass that keys it): reading 10M follows into a table first
    took 0.4-0.5 s more. The view's read samples the file first: without, DuckDB takes a CSV
    file for 42 records and builds the keying join's hash table on its 10M, not on the
    accounts. A query the file fails reads it again as ``load_csv`` does (``PendingRead``);
    None when the sample fails already (the caller reads the file at once)."""
    import duckdb

    from sitegen.engines.duckdb_engine import sql_text

    columns = "{" + ", ".join(f"{sql_text(f'column{i:05d}')}: 'VARCHAR'"
                              for i in range(len(names))) + "}"
    drop_raw(db, table)  # left by a load of the same schema that failed
    try:
        db.execute(f"CREATE TEMP VIEW {table} AS "
                   + _read_csv_sql(names, path=sql_text(read_name(path)), cols=columns,
                                 sampled=True))
    except (duckdb.InvalidInputException, duckdb.IOException):
        return None
    return PendingRead(db, path, table, names)


def drop_raw(db: duckdb.DuckDBPyConnection, table: str) -> None:
    """Remove the temporary table or view ``table``, if there is one."""
    kinds = db.execute("SELECT table_type FROM information_schema.tables WHERE table_catalog "
                       "= 'temp' AND table_name = ?", [table]).fetchall()
    for (kind,) in kinds:
        db.execute(f"DROP {'VIEW' if kind == 'VIEW' else 'TABLE'} {table}")


class PendingRead:
    """A CSV file behind a view (``defer_csv``), read into its table when called."""

    def __init__(self, db: duckdb.DuckDBPyConnection, path: Path, table: str,
                 names: list[str | None]):
        self.db, self.path, self.table, self.names = db, path, table, names
        self.done = False

    def __call__(self) -> None:
        """Read the file into the table (``load_csv``: bad records are a SnapshotError that
        locates them), once."""
        if not self.done:
            self.done = True
            load_csv(self.db, self.path, self.table, self.names)  # the view replaced

    def read_after(self, error: Exception) -> bool:
        """After a query failed with ``error`` on the view: whether the file was read into
        the table now, for the query to be run again (a file DuckDB cannot read as it is
        raises here, its records located; memory running out is not the file's fault)."""
        import duckdb

        file_fault = isinstance(error, duckdb.InvalidInputException) or (
            isinstance(error, duckdb.IOException) and str(self.path) in str(error))
        if self.done or not file_fault:  # not a spill file that could not be written, say
            return False
        self()
        return True


def _refuse_wide_records(path: Path, columns: int) -> None:
    """Stop at the first record with far more values than the header has columns (scanned
    on the error path only: DuckDB would list each extra value of each such record)."""
    with path.open(encoding="utf-8-sig", errors="replace", newline="") as handle:
        reader = _csv_reader(handle)
        line = 1
        try:
            for record in reader:
                if len(record) > columns + MAX_EXTRA_VALUES:
                    raise SnapshotError(Problem(
                        f"more values than the header has columns ({len(record)} values for "
                        f"{columns} columns)", path, line))
                line = reader.line_num + 1
        except csv.Error:
            return  # DuckDB names the problem


def width_problems(path: Path, columns: int, most: int = 20) -> list[Problem]:
    """The records of a local CSV file with more or fewer values than its header has
    columns, located (for an engine whose reader only flags them)."""
    problems = []
    with path.open(encoding="utf-8-sig", errors="replace", newline="") as handle:
        reader = _csv_reader(handle)
        line = 1
        try:
            next(reader, None)
            line = reader.line_num + 1
            for record in reader:
                while len(record) > columns and record[-1] == "":
                    record.pop()  # empty values ending a record are none (DuckDB's reading)
                if record and len(record) != columns:
                    more = "more" if len(record) > columns else "fewer"
                    problems.append(Problem(f"{more} values than the header has columns: "
                                            f"{_shown_record(','.join(record))}", path, line))
                    if len(problems) == most:
                        break
                line = reader.line_num + 1
        except csv.Error as exc:
            problems.append(Problem(f"cannot be read as CSV: {exc}", path, line))
    return problems


def mixed_line_ends(path: Path) -> bool:
    """Whether some line ends otherwise than the header (see ``_mixed_line_ends``)."""
    return _mixed_line_ends(path)


def _mixed_line_ends(path: Path) -> bool:
    """Whether some line ends otherwise than the header (LF, CRLF or CR), searched without
    reading the file into memory."""
    with path.open("rb") as handle:
        first = LINE_END.search(handle.read(MAX_LINE_BYTES + 2))
        if first is None:
            return False
        with mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as data:
            return MIXED_ENDS[first[0]].search(data, first.end()) is not None


@contextlib.contextmanager
def readable_csv(path: Path) -> Iterator[Path]:
    """``path`` itself, or a temporary copy with LF line ends when its line ends are mixed
    (DuckDB reads one kind only)."""
    if not _mixed_line_ends(path):
        yield path
        return
    with _lf_copy(path) as copy:
        yield copy


def lf_copy(path: Path):
    """A temporary copy of ``path`` with LF line ends (a context manager; see ``_lf_copy``)."""
    return _lf_copy(path)


@contextlib.contextmanager
def _lf_copy(path: Path) -> Iterator[Path]:
    """A temporary copy of a CSV file whose line ends outside quoted values are all LF
    (values keep theirs), written a chunk at a time; the copy has the file's lines and
    records, so a line found in it is the line in the file."""
    handle, name = tempfile.mkstemp(prefix="sitegen-", suffix=".csv")
    try:
        with path.open("rb") as source, os.fdopen(handle, "wb") as copy:
            quoted, pending = False, b""
            while True:
                chunk = source.read(CHUNK_BYTES)
                data, pending = pending + chunk, b""
                if chunk and data.endswith(b"\r"):  # perhaps the CR of a CRLF cut in two
                    data, pending = data[:-1], b"\r"
                converted, quoted = _ends_to_lf(data, quoted)
                copy.write(converted)
                if not chunk:
                    break
        yield Path(name)
    finally:
        os.unlink(name)


def _ends_to_lf(data: bytes, quoted: bool) -> tuple[bytes, bool]:
    """CRLF and CR to LF outside quoted values (``quoted``: ``data`` starts inside one); and
    whether it ends inside one. A doubled quote in a value leaves and re-enters it."""
    parts = data.split(b'"')
    first_outside = 1 if quoted else 0
    parts[first_outside::2] = [part.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
                               for part in parts[first_outside::2]]
    return b'"'.join(parts), quoted != (len(parts) % 2 == 0)


def _raise_rejects(db: duckdb.DuckDBPyConnection, path: Path, source: Path) -> None:
    """Turn the rows DuckDB could not parse (in ``source``: ``path`` or its copy) into
    problems located in ``path``."""
    rows = db.execute(  # one per record and kind (a wide record has one per extra value)
        "SELECT DISTINCT line, line_byte_position, error_type, left(csv_line, $n + 1) "
        "FROM reject_errors ORDER BY ALL LIMIT 20", {"n": SHOWN_CHARACTERS}).fetchall()
    db.execute("DELETE FROM reject_errors; DELETE FROM reject_scans")
    if not rows:
        return
    messages = {
        "TOO MANY COLUMNS": "more values than the header has columns",
        "MISSING COLUMNS": "fewer values than the header has columns",
        "INVALID ENCODING": "not UTF-8 text",
        "UNQUOTED VALUE": "a quote inside an unquoted value",
        "LINE SIZE OVER MAXIMUM": "a record longer than 1 MiB, the most a CSV record may hold",
    }
    problems = [
        Problem(f"{messages.get(kind, kind.lower())}: {_shown_record(text)}", path,
                None if is_url(source) else _line_at(source, offset),
                hint="save the file as UTF-8" if kind == "INVALID ENCODING" else None)
        for _, offset, kind, text in rows
    ]
    raise SnapshotError(*problems)


def shown_record(text: str) -> str:
    """A record as quoted in a message (its first characters)."""
    return _shown_record(text)


def _shown_record(text: str) -> str:
    text = text.strip(CRLF)
    if len(text) > SHOWN_CHARACTERS:
        return repr(text[:SHOWN_CHARACTERS]) + "..."
    return repr(text)


def _line_at(path: Path, offset: int | None) -> int | None:
    """Editor line of a byte offset (DuckDB's own 'line' counts records, not lines); LF,
    CRLF and a lone CR each end a line."""
    if offset is None:
        return None
    ends, last = 0, b""
    with path.open("rb") as handle:
        while offset > 0:
            chunk = handle.read(min(offset, CHUNK_BYTES))
            if not chunk:
                break
            ends += chunk.count(b"\n") + chunk.count(b"\r") - chunk.count(b"\r\n")
            if last == b"\r" and chunk.startswith(b"\n"):  # a CRLF cut in two
                ends -= 1
            last, offset = chunk[-1:], offset - len(chunk)
    return ends + 1


def _plain(value) -> str | None:
    """A YAML scalar as text (None stays None); anything nested is refused."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        raise TypeError
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def read_yaml_table(engine, spec: TableSpec, path: Path, table: str,
                    records: list, lines: list[int], list_line: int,
                    column_map: ColumnMap | None = None) -> RawTable:
    """Load a YAML list of mappings into ``table``, its keys under sitegen's names
    (``column_map``: the snapshot's own names for them); each record keeps its line."""
    if not isinstance(records, list):
        raise SnapshotError(Problem(f"'{spec.name}': expected a list of records", path,
                                    list_line))
    records = [_record(spec, record, path, line) for record, line in zip(records, lines)]
    found = list(dict.fromkeys(k for record in records for k in record))
    if len(found) > MAX_COLUMNS:
        raise SnapshotError(Problem(f"'{spec.name}': the records have {len(found)} different "
                                    f"keys; a table has at most {MAX_COLUMNS} columns", path,
                                    list_line))
    if not records:
        found, column_map = list(spec.required), None
    names = column_names(spec, found, path, list_line, column_map)
    kept = [(key, name) for key, name in zip(found, names) if name]
    columns = tuple(name for _, name in kept)
    if "rowid" in columns:  # the engine's own name for a record's place, which locates it
        raise SnapshotError(Problem(
            f"'{spec.name}': a key named 'rowid', the engine's own name for a record's place",
            path, list_line, hint="rename that key"))
    rows = []
    for record, line in zip(records, lines):
        try:
            rows.append([_plain(record.get(key)) for key, _ in kept])
        except TypeError:
            raise SnapshotError(Problem(f"'{spec.name}': expected plain values, not lists "
                                        "or mappings", path, line)) from None
    engine.text_table(table, columns, rows)
    return RawTable(spec, table, path, columns, record_lines=tuple(lines[:len(rows)]))


def _record(spec: TableSpec, record, path: Path, line: int) -> dict[str, object]:
    """One YAML record with its keys as text."""
    if not isinstance(record, dict):
        raise SnapshotError(Problem(f"'{spec.name}': expected a mapping (key: value) "
                                    f"for each record, got {type(record).__name__}",
                                    path, line))
    return {str(k): v for k, v in record.items()}


def text_table(db: duckdb.DuckDBPyConnection, table: str, columns: tuple[str, ...],
               rows: list[list[str | None]]) -> None:
    """DuckDB's table of text ``columns`` holding ``rows`` (its ``rowid`` their order)."""
    db.execute(f"CREATE TEMP TABLE {table} ({', '.join(f'{ident(c)} VARCHAR' for c in columns)})")
    if rows:
        db.executemany(f"INSERT INTO {table} VALUES ({', '.join('?' * len(columns))})", rows)

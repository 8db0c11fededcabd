"""Read one snapshot table from a CSV file or a YAML list into a DuckDB table of text.

Both readers produce a *raw* table whose columns carry our canonical names and hold text
exactly as found; validation and typing happen afterwards, in SQL, for both formats alike.
A raw table knows how to find the line of a record, for error messages.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

import duckdb

from sitegen.errors import Problem, SnapshotError
from sitegen.snapshots.model import TableSpec


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
    yaml_lines: bool = False  # YAML tables carry each record's line in column _line

    def line_of(self, db: duckdb.DuckDBPyConnection, column: str, value: str | None,
                occurrence: int = 1) -> int | None:
        """Line (as an editor shows it) of the n-th record whose ``column`` equals ``value``."""
        if self.yaml_lines:
            c = ident(column)
            cond = f"({c} IS NOT DISTINCT FROM $v OR trim({c}) = trim($v))"
            row = db.execute(f"SELECT _line FROM {self.name} WHERE {cond} ORDER BY _line "
                             f"LIMIT 1 OFFSET {occurrence - 1}", {"v": value}).fetchone()
            return row[0] if row else None
        return _csv_line_of(self.path, self.columns.index(column), value, occurrence)


def _csv_line_of(path: Path, index: int, value: str | None, occurrence: int) -> int | None:
    """Scan a CSV file for a value (only on the error path, so speed is secondary)."""
    with path.open(encoding="utf-8-sig", errors="replace", newline="") as handle:
        reader = csv.reader(handle)
        next(reader, None)
        line = 1
        for record in reader:
            cell = record[index] if index < len(record) else None
            if (cell == "" and value is None) or (cell is not None and value is not None
                                                   and cell.strip() == value.strip()):
                occurrence -= 1
                if occurrence == 0:
                    return line + 1
            line = reader.line_num
    return None


def _header(path: Path) -> list[str]:
    """The first record of a CSV file, BOM removed; an error when the file is empty."""
    with path.open("rb") as handle:  # decode the first line only (text mode reads ahead)
        first_bytes = handle.readline()
    try:
        first = first_bytes.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise SnapshotError(Problem("the header is not UTF-8 text", path, 1,
                                    hint="save the file as UTF-8")) from None
    if not first.strip():
        raise SnapshotError(Problem("empty file: expected a header line naming the columns",
                                    path, 1))
    return next(csv.reader(io.StringIO(first)))


def _check_columns(spec: TableSpec, found: list[str], path: Path, line: int) -> tuple[str, ...]:
    """Canonical column names; errors for duplicated or missing required columns."""
    canonical = [spec.canonical(c) for c in found]
    seen: set[str] = set()
    for original, name in zip(found, canonical):
        if not name:
            raise SnapshotError(Problem("a column has an empty name in the header", path, line))
        if name in seen:
            raise SnapshotError(Problem(f"column '{original}' appears twice (as '{name}')",
                                        path, line))
        seen.add(name)
    missing = [c for c in spec.required if c not in seen]
    if missing:
        delimiter_hint = None
        if len(found) == 1 and any(ch in found[0] for ch in ";\t|"):
            delimiter_hint = "columns must be separated by commas"
        raise SnapshotError(Problem(
            f"missing required column '{missing[0]}'; found columns: {', '.join(found)}",
            path, line, hint=delimiter_hint))
    return tuple(canonical)


def read_csv_table(db: duckdb.DuckDBPyConnection, spec: TableSpec, path: Path,
                   table: str) -> RawTable:
    """Load a CSV file (comma-separated, header line) into ``table`` as text columns."""
    columns = _check_columns(spec, _header(path), path, 1)
    names = ", ".join(f"column{i:05d} AS {ident(name)}" for i, name in enumerate(columns))
    db.execute(
        f"CREATE TABLE {table} AS SELECT {names} FROM read_csv($path, header=true, "
        "delim=',', quote='\"', escape='\"', all_varchar=true, store_rejects=true, "
        "auto_detect=false, columns=$cols, null_padding=false)",
        {"path": str(path), "cols": {f"column{i:05d}": "VARCHAR" for i in range(len(columns))}},
    )
    _raise_rejects(db, path)
    return RawTable(spec, table, path, columns)


CRLF = "\r\n"


def _raise_rejects(db: duckdb.DuckDBPyConnection, path: Path) -> None:
    """Turn the rows DuckDB could not parse into located problems."""
    rows = db.execute(
        "SELECT line_byte_position, error_type, csv_line FROM reject_errors ORDER BY line LIMIT 20"
    ).fetchall()
    db.execute("DELETE FROM reject_errors; DELETE FROM reject_scans")
    if not rows:
        return
    messages = {
        "TOO MANY COLUMNS": "more values than the header has columns",
        "MISSING COLUMNS": "fewer values than the header has columns",
        "INVALID ENCODING": "not UTF-8 text",
        "UNQUOTED VALUE": "a quote inside an unquoted value",
    }
    problems = [
        Problem(f"{messages.get(kind, kind.lower())}: {text.strip(CRLF)!r}", path,
                _line_at(path, offset),
                hint="save the file as UTF-8" if kind == "INVALID ENCODING" else None)
        for offset, kind, text in rows
    ]
    raise SnapshotError(*problems)


def _line_at(path: Path, offset: int | None) -> int | None:
    """Editor line of a byte offset (DuckDB's own 'line' counts records, not lines)."""
    if offset is None:
        return None
    newlines = 0
    with path.open("rb") as handle:
        while offset > 0:
            chunk = handle.read(min(offset, 1 << 20))
            if not chunk:
                break
            newlines += chunk.count(b"\n")
            offset -= len(chunk)
    return newlines + 1


def _plain(value) -> str | None:
    """A YAML scalar as text (None stays None); anything nested is refused."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        raise TypeError
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def read_yaml_table(db: duckdb.DuckDBPyConnection, spec: TableSpec, path: Path, table: str,
                    records: list, lines: list[int], list_line: int) -> RawTable:
    """Load a YAML list of mappings into ``table``; each record keeps its line number."""
    if not isinstance(records, list):
        raise SnapshotError(Problem(f"'{spec.name}': expected a list of records", path,
                                    list_line))
    found: list[str] = []
    for record, line in zip(records, lines):
        if not isinstance(record, dict):
            raise SnapshotError(Problem(f"'{spec.name}': expected a mapping (key: value) "
                                        f"for each record, got {type(record).__name__}",
                                        path, line))
        found += [str(k) for k in record if str(k) not in found]
    if not records:
        found = list(spec.required)
    columns = _check_columns(spec, found, path, list_line)
    typed = ", ".join(f"{ident(c)} VARCHAR" for c in columns)
    db.execute(f"CREATE TABLE {table} ({typed}, _line INTEGER)")
    rows = []
    for record, line in zip(records, lines):
        try:
            rows.append([_plain(record.get(c)) for c in found] + [line])
        except TypeError:
            raise SnapshotError(Problem(f"'{spec.name}': expected plain values, not lists "
                                        "or mappings", path, line)) from None
    if rows:
        db.executemany(f"INSERT INTO {table} VALUES ({', '.join('?' * (len(columns) + 1))})",
                       rows)
    return RawTable(spec, table, path, columns, yaml_lines=True)

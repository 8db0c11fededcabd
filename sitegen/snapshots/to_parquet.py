"""CSV snapshot folders as Parquet: ``python -m sitegen.snapshots.to_parquet SOURCE OUT``.

SOURCE is one snapshot folder (written to OUT) or a folder of them (each written to
OUT/NAME). Each table's ``NAME.csv`` becomes ``NAME.parquet`` with the same column names and
every value kept as the text it is (no type is guessed, so an id ``0123`` stays ``0123`` and
the figures stay those of the CSV files); ``snapshot.yml`` is copied. Each snapshot is loaded,
and so checked, first: one with problems is not converted.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import duckdb

from sitegen.errors import Problem, SnapshotError
from sitegen.schemes import read_name
from sitegen.snapshots.load import load_snapshot, open_db, snapshot_paths
from sitegen.snapshots.model import TABLES
from sitegen.snapshots.readers import MAX_LINE_BYTES, csv_header, ident, readable_csv


def to_parquet(source: Path, out: Path) -> list[Path]:
    """Write the CSV snapshot (or series of snapshots) at ``source`` as Parquet under
    ``out``; return the Parquet files written."""
    paths = snapshot_paths(source)
    targets = [out] if paths == [source] else [out / p.name for p in paths]
    written = []
    db = open_db()
    try:
        for path, target in zip(paths, targets):
            written += convert_snapshot(db, path, target)
    finally:
        db.close()
    return written


def convert_snapshot(db: duckdb.DuckDBPyConnection, path: Path, out: Path) -> list[Path]:
    """One snapshot folder, checked, then written table by table into ``out``."""
    if not path.is_dir():
        raise SnapshotError(Problem("not a folder of CSV files", path))
    if out.resolve() == path.resolve():
        raise SnapshotError(Problem("the Parquet files would sit beside the CSV files", out,
                                    hint="write them to another folder"))
    load_snapshot(path, db, "converting")  # the snapshot's problems, located in its files
    db.execute("DROP SCHEMA converting CASCADE")
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name in TABLES:
        if (path / f"{name}.csv").is_file():
            written.append(write_table(db, path / f"{name}.csv", out / f"{name}.parquet"))
    if (path / "snapshot.yml").is_file():
        shutil.copyfile(path / "snapshot.yml", out / "snapshot.yml")
    return written


def write_table(db: duckdb.DuckDBPyConnection, csv_file: Path, target: Path) -> Path:
    """One CSV file as a Parquet file of text columns named as in its header."""
    names = [name.strip() for name in csv_header(csv_file)]
    items = ", ".join(f"column{i:05d} AS {ident(name)}" for i, name in enumerate(names))
    quoted = "'" + str(target).replace("'", "''") + "'"
    with readable_csv(csv_file) as readable:
        db.execute(
            f"COPY (SELECT {items} FROM read_csv($path, header=true, delim=',', quote='\"', "
            f"escape='\"', all_varchar=true, auto_detect=false, columns=$cols, "
            f"max_line_size={MAX_LINE_BYTES})) TO {quoted} (FORMAT parquet)",
            {"path": read_name(readable),
             "cols": {f"column{i:05d}": "VARCHAR" for i in range(len(names))}})
    return target


def main(argv: list[str] | None = None) -> int:
    """The command line: SOURCE OUT; a problem is printed as sitegen prints it (status 2)."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2 or args[0] in ("-h", "--help"):
        print(__doc__.split("\n\n")[0], file=sys.stderr)
        return 0 if args[:1] in (["-h"], ["--help"]) else 2
    try:
        written = to_parquet(Path(args[0]), Path(args[1]))
    except SnapshotError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for path in written:
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())

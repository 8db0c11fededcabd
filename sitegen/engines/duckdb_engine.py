"""The DuckDB engine: the connection sitegen has always used, and its file input and output.

Snapshots named by URL are listed with DuckDB's ``glob()``, their ``snapshot.yml`` read with
``read_blob()`` and their tables with ``read_csv`` and ``read_parquet``: ``file://`` as it
is; ``s3://``, ``gs://``, ``https://`` ... through the httpfs extension, and ``az://``,
``abfss://`` through the azure extension, which must be installed already (sitegen never
downloads one); ``hdfs://`` and other schemes only on the Spark engine."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor, wait
from pathlib import Path
from urllib.parse import urlparse

import duckdb

from sitegen.errors import EngineError, Problem, SnapshotError, first_line
from sitegen.snapshots import open_db

EXTENSIONS = {"file": None, "s3": "httpfs", "s3a": "httpfs", "s3n": "httpfs", "r2": "httpfs",
              "gs": "httpfs", "gcs": "httpfs", "http": "httpfs", "https": "httpfs",
              "hf": "httpfs", "az": "azure", "azure": "azure", "abfss": "azure"}


# snapshots analysed at once when all are small: files of a snapshot under SMALL_SNAPSHOT
# bytes (1M follows and their accounts, interactions and posts as CSV: about 65 MB)
SNAPSHOTS_AT_ONCE = 2
SMALL_SNAPSHOT = 128 * 2**20


def _small(source) -> bool:
    """Whether a snapshot (a local folder or YAML file; never a URL) holds under
    SMALL_SNAPSHOT bytes of files."""
    if not isinstance(source, Path):
        return False
    try:
        files = source.rglob("*") if source.is_dir() else [source]
        return sum(f.stat().st_size for f in files if f.is_file()) < SMALL_SNAPSHOT
    except OSError:  # unreadable: loaded alone, where the problem is reported with its file
        return False


def sql_text(value: str) -> str:
    """A string as a DuckDB literal (COPY takes no parameters)."""
    return "'" + value.replace("'", "''") + "'"


class DuckDBEngine:
    """Analysis on DuckDB in this process; ``db`` is a DuckDB connection."""

    name = "duckdb"
    errors = (duckdb.Error,)  # what a failed read raises

    def __init__(self, db: duckdb.DuckDBPyConnection | None = None, memory_limit: str = "4GB"):
        self.db = db if db is not None else open_db(memory_limit)

    def read_csv(self, table: str, path: str, columns: Sequence[str]) -> None:
        """``table`` from a CSV file with a header, every column text, named ``columns``."""
        self.db.execute(f"CREATE OR REPLACE TABLE {table} AS SELECT * FROM read_csv($path, "
                        "header = true, all_varchar = true, names = $names)",
                        {"path": str(path), "names": list(columns)})

    def read_parquet(self, table: str, path: str) -> None:
        """``table`` from a Parquet file or a folder of them (local path or URL)."""
        source = f"{str(path).rstrip('/')}/*.parquet" if not str(path).endswith(
            ".parquet") else str(path)
        self.db.execute(f"CREATE OR REPLACE TABLE {table} AS SELECT * FROM read_parquet($p)",
                        {"p": source})

    # --- the raw tables of a snapshot (sitegen.snapshots.readers and .parquet)

    def csv_header(self, path) -> list[str]:
        """The column names in a CSV file's header (a local file: read in Python; a URL's
        first line read by DuckDB)."""
        from sitegen.schemes import is_url
        from sitegen.snapshots.readers import csv_header, url_csv_header

        return url_csv_header(self.db, path) if is_url(path) else csv_header(path)

    def read_raw_csv(self, table: str, path, names: Sequence[str | None]) -> None:
        """``table`` from a CSV file, every column text, under ``names`` (by position; None
        leaves a column out); bad records are listed with their lines (a SnapshotError)."""
        from sitegen.snapshots.readers import load_csv

        load_csv(self.db, path, table, list(names))

    def defer_raw_csv(self, table: str, path, names: Sequence[str | None]):
        """``table`` as a view of a local CSV file read where it is queried (``defer_csv``);
        its ``PendingRead``."""
        from sitegen.snapshots.readers import defer_csv

        return defer_csv(self.db, path, table, list(names))

    def text_table(self, table: str, columns: Sequence[str], rows: list) -> None:
        """``table`` of text ``columns`` holding ``rows``, in order (``rowid``)."""
        from sitegen.snapshots.readers import text_table

        text_table(self.db, table, tuple(columns), rows)

    def parquet_schema(self, files: Sequence) -> list[tuple[str, str]]:
        """The (name, DuckDB type) of the columns of Parquet ``files``, unified by name."""
        from sitegen.snapshots.parquet import duckdb_schema

        return duckdb_schema(self.db, list(files))

    def parquet_scan(self, files: Sequence, numbered: bool = False) -> tuple[str, dict]:
        """SQL (and its parameters) reading Parquet ``files``; ``numbered`` adds each record's
        file (``__sitegen_file``) and number in it from 0 (``file_row_number``)."""
        from sitegen.snapshots.parquet import duckdb_scan

        return duckdb_scan(list(files), numbered)

    # --- snapshots named by URL (sitegen.snapshots.location)

    def list_dir(self, url: str) -> list[tuple[str, bool]] | None:
        """The (name, is a folder) entries of the folder at ``url``, from the files DuckDB's
        ``glob()`` finds under it, to any depth (an empty folder is not seen); None when no
        file is there."""
        self.check_scheme(url)
        top = urlparse(url).path.rstrip("/") + "/"
        try:
            rows = self.db.execute("SELECT file FROM glob($p)",
                                   {"p": url.rstrip("/") + "/**"}).fetchall()
        except duckdb.Error as exc:
            raise SnapshotError(Problem(f"cannot be listed: {first_line(exc)}", url)) from None
        found = (urlparse(row[0]).path for row in rows)  # file:// URLs come back as paths
        inside = [path[len(top):] for path in found if path.startswith(top)]
        return sorted({(part.split("/")[0], "/" in part) for part in inside}) or None

    def read_bytes(self, url: str, max_bytes: int) -> bytes | None:
        """The bytes of the file at ``url``; None when it holds more than ``max_bytes``."""
        self.check_scheme(url)
        try:
            [(size,)] = self.db.execute("SELECT size FROM read_blob($u)", {"u": url}).fetchall()
            if size > max_bytes:
                return None
            return self.db.execute("SELECT content FROM read_blob($u)", {"u": url}).fetchone()[0]
        except (duckdb.Error, ValueError) as exc:
            raise SnapshotError(Problem(f"cannot be read: {first_line(exc)}", url)) from None

    def check_scheme(self, url: str) -> None:
        """An EngineError saying what to do when DuckDB cannot read ``url``'s scheme: one it
        has no extension for, or an extension not installed (never downloaded here)."""
        scheme = url.partition("://")[0].lower()
        if scheme not in EXTENSIONS:
            raise EngineError(Problem(
                f"DuckDB cannot read {scheme}:// URLs", url,
                hint="use the Spark engine (--engine spark, or analysis.engine: spark), or "
                     "copy the snapshots to this machine"))
        extension = EXTENSIONS[scheme]
        try:
            if extension:
                self.db.execute(f"LOAD {extension}")
        except duckdb.Error:
            raise EngineError(Problem(
                f"DuckDB reads {scheme}:// URLs with its {extension} extension, which is not "
                "installed here", url,
                hint=f"install it once, with network access: python -c \"import duckdb; "
                     f"duckdb.execute('INSTALL {extension}')\"; or use the Spark engine "
                     "(--engine spark)")) from None

    def write_parquet(self, select_sql: str, path: str, params=None) -> None:
        """The rows of a DuckDB query, written to one Parquet file."""
        if params:
            self.db.execute(f"CREATE OR REPLACE TEMP TABLE sitegen_export AS {select_sql}",
                            params)
            select_sql = "SELECT * FROM sitegen_export"
        self.db.execute(f"COPY ({select_sql}) TO {sql_text(str(path))} (FORMAT parquet)")

    def load_series(self, path, settings, then=None) -> list:
        """Read, validate and load the snapshots at ``path`` (``sitegen.snapshots``)."""
        from sitegen.snapshots import load_series

        return load_series(path, self, settings, then)

    def alongside(self, works: Sequence[Callable], sources: Sequence) -> list:
        """``work(engine)`` for each of ``works`` on the snapshots at ``sources``, in turn; or
        two at a time, each on a connection of its own (closed afterwards), when every
        snapshot is a small local one: its tables then hold a row group or a few, and DuckDB
        runs most of its queries on one core (a large one's queries use every core, and two
        at once would need twice the memory). Results in the order of ``works``; an error is
        the first work's that failed, in that order, and the others are interrupted."""
        if len(works) < 2 or not all(_small(source) for source in sources):
            return [work(self) for work in works]
        cursors = [self.db.cursor() for _ in works]  # connections of their own (and temp tables)
        try:
            with ThreadPoolExecutor(SNAPSHOTS_AT_ONCE) as pool:
                futures = [pool.submit(work, DuckDBEngine(cursor))
                           for cursor, work in zip(cursors, works)]
                try:
                    return [future.result() for future in futures]
                except BaseException:  # an earlier work failed, or Ctrl-C: stop the rest,
                    # interrupting each query they start until they give up (an interrupt
                    # stops the query running, not the next one: Ctrl-C took 6-8 s)
                    while not all(future.done() for future in futures):
                        for cursor in cursors:
                            cursor.interrupt()
                        wait(futures, timeout=0.05)
                    raise
        finally:
            for cursor in cursors:
                cursor.close()

    def each_snapshot(self, load: Callable, sources: Sequence) -> list:
        """``load(engine, i, source)`` for each snapshot ``source``: ``alongside``, one work
        per snapshot."""
        return self.alongside([lambda on, i=i, source=source: load(on, i, source)
                               for i, source in enumerate(sources)], sources)

    def copy_to(self, duckdb_db: duckdb.DuckDBPyConnection) -> None:
        """Nothing to copy when the analysis ran in ``duckdb_db`` itself."""
        if duckdb_db is not self.db:
            raise ValueError("the DuckDB engine analyses in the database it is given")

    def close(self) -> None:
        self.db.close()

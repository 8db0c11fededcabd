"""The Spark engine: a SparkSession, the DuckDB look-alike connection over it, and what is not
SQL (reading CSV, Parquet and YAML records into raw tables, writing Parquet).

Snapshots are read and checked on Spark: the loader (``sitegen.snapshots``) asks this engine
for its raw text tables (``read_raw_csv``, ``parquet_scan``, ``text_table``: see
``sitegen.engines.spark_load``) and runs its checks and typed tables as DuckDB SQL through
``db``. Only counts, the first bad value of a failed check and the figures come back here.
``hand_over`` (DuckDB tables copied to Spark as Parquet) is kept for tests and for a caller
holding tables in DuckDB; loading does not use it."""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sitegen.engines import spark_files, spark_load
from sitegen.engines.duckdb_engine import sql_text
from sitegen.engines.fixups import view_name
from sitegen.engines.spark import SparkSettings, start_session
from sitegen.engines.spark_db import SparkConnection, SparkStatementError
from sitegen.schemes import spark_name


class SparkEngine:
    """Analysis on Spark; ``db`` takes DuckDB SQL. ``session``: an existing SparkSession
    (left running by ``close``), else one started from ``settings``."""

    name = "spark"
    errors: tuple = (SparkStatementError,)  # what a failed read raises (and pyspark's)

    def __init__(self, settings: SparkSettings | None = None, session: Any = None):
        self._scans = 0
        self.owns_session = session is None
        self.session = session if session is not None else start_session(
            settings or SparkSettings())
        for key, value in SESSION_SQL_CONF.items():  # a session handed over may lack them
            self.session.conf.set(key, value)
        self.db = SparkConnection(self.session)
        self.errors = (SparkStatementError, *_spark_errors())

    def _save(self, table: str, frame) -> None:
        frame.localCheckpoint(eager=True).createOrReplaceTempView(view_name(table))

    def read_csv(self, table: str, path: str, columns: Sequence[str]) -> None:
        """``table`` from a CSV file with a header, every column text, named ``columns``."""
        frame = self.session.read.option("header", True).option("multiLine", True).option(
            "escape", '"').csv(spark_name(path))
        self._save(table, frame.toDF(*columns))

    def read_parquet(self, table: str, path: str) -> None:
        """``table`` from a Parquet file or folder (local path, s3://, hdfs://, abfss:// ...)."""
        self._save(table, self.session.read.parquet(spark_name(path)))

    def write_parquet(self, select_sql: str, path: str, params=None) -> None:
        """The rows of a DuckDB query, written by Spark as a Parquet folder at ``path``."""
        frame = self.db.execute(select_sql, params)._frame
        frame.write.mode("overwrite").parquet(str(path))

    # --- the raw tables of a snapshot (sitegen.snapshots.readers and .parquet)

    def csv_header(self, path) -> list[str]:
        """The column names in a CSV file's header: a local file's read in Python, a URL's
        by Spark."""
        from sitegen.schemes import is_url
        from sitegen.snapshots.readers import csv_header

        if is_url(path):
            return spark_load.csv_header(self.session, path)
        return csv_header(Path(path))

    def read_raw_csv(self, table: str, path, names: Sequence[str | None]) -> None:
        """``table`` from a CSV file, every column text, under ``names`` (by position; None
        leaves a column out); malformed records are a located SnapshotError."""
        self._save(table, spark_load.read_raw_csv(self.session, path, names))

    def text_table(self, table: str, columns: Sequence[str], rows: list) -> None:
        """``table`` of text ``columns`` holding ``rows``, with ``rowid`` their order."""
        self._save(table, spark_load.text_table(self.session, columns, rows))

    def parquet_schema(self, files: Sequence) -> list[tuple[str, str]]:
        """The (name, DuckDB type name) of the columns of Parquet ``files``."""
        frame = spark_load.parquet_frame(self.session, files)
        return [(f.name, spark_load.duckdb_type(f.dataType)) for f in frame.schema.fields]

    def parquet_scan(self, files: Sequence, numbered: bool = False) -> tuple[str, dict]:
        """A view reading Parquet ``files`` (lazily), for DuckDB SQL through ``db``;
        ``numbered`` adds ``__sitegen_file`` and ``file_row_number`` (from 0)."""
        self._scans += 1
        name = f"sitegen_parquet_{self._scans}"
        spark_load.parquet_frame(self.session, files, numbered).createOrReplaceTempView(name)
        return name, {}

    # --- snapshots named by URL (sitegen.snapshots.location)

    def list_dir(self, url: str) -> list[tuple[str, bool]] | None:
        """The (name, is a folder) entries of the folder at ``url`` (Hadoop's FileSystem;
        Spark's reader on Spark Connect); None when no folder is there."""
        return spark_files.list_dir(self.session, url)

    def read_bytes(self, url: str, max_bytes: int) -> bytes | None:
        """The bytes of the file at ``url``; None when it holds more than ``max_bytes``."""
        return spark_files.read_bytes(self.session, url, max_bytes)

    def load_series(self, path, settings, then=None) -> list:
        """The snapshots at ``path``, read and checked on Spark, with DuckDB's located
        messages; each snapshot's ``db`` is this engine's."""
        from sitegen.snapshots import load_series

        return load_series(path, self, settings, then)

    def copy_to(self, duckdb_db) -> None:
        """The tables of the analysis a site's pages and downloads read (``s0.accounts``,
        ``s0.account_classes``, ``s0.follows`` ...) into a DuckDB database, as Arrow batches
        collected by the driver (so a cluster needs no folder in common); not the ones only
        the analysis itself read (``LEFT_ON_ENGINE``: the interactions and posts, the largest
        after the follows)."""
        for view in sorted(self.db.views()):
            schema, sep, table = view.partition("__")
            if not sep or table in LEFT_ON_ENGINE:
                continue  # not a snapshot's table, or none a page reads
            duckdb_db.register("sitegen_arrow", self.session.table(view).toArrow())
            duckdb_db.execute(f"CREATE SCHEMA IF NOT EXISTS {schema}")
            duckdb_db.execute(f"CREATE OR REPLACE TABLE {schema}.{table} AS FROM sitegen_arrow")
            duckdb_db.unregister("sitegen_arrow")

    def close(self) -> None:
        self.db.close()
        if self.owns_session:
            self.session.stop()


# the analysis's tables no page or download reads (sitegen.site, sitegen.analysis.queries
# and open_data read accounts, account_classes, public_accounts, post_purpose, follows and
# the series tables): figures from them come back with the analysis's results
LEFT_ON_ENGINE = frozenset({"interactions", "posts", "account_metrics", "account_purpose",
                            "purpose_rules", "repost_edges", "repost_reach"})

SESSION_SQL_CONF = {"spark.sql.session.timeZone": "UTC",  # as DuckDB's open_db
                    "spark.sql.timestampType": "TIMESTAMP_NTZ"}  # DuckDB's TIMESTAMP


def _spark_errors() -> tuple:
    """pyspark's exceptions for a read that failed (a bad Parquet file ...)."""
    from pyspark.errors import PySparkException

    return (PySparkException,)


def hand_over(duckdb_db, engine: SparkEngine, tables: Sequence[str],
              folder: str | Path | None = None) -> None:
    """Copy DuckDB tables (``s0.accounts`` ...) to the Spark engine through Parquet files, with
    their types: DuckDB loads and validates, Spark analyses."""
    with tempfile.TemporaryDirectory(prefix="sitegen-handover-", dir=folder) as scratch:
        for table in tables:
            path = Path(scratch) / f"{view_name(table)}.parquet"
            duckdb_db.execute(f"COPY {table} TO {sql_text(str(path))} (FORMAT parquet)")
            engine.read_parquet(table, str(path))

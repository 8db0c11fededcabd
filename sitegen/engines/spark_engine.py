"""The Spark engine: a SparkSession, the DuckDB look-alike connection over it, and what is not
SQL (reading CSV and Parquet, writing Parquet), plus handing over tables DuckDB loaded."""

from __future__ import annotations

import dataclasses
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sitegen.engines.duckdb_engine import sql_text
from sitegen.engines.fixups import view_name
from sitegen.engines.spark import SparkSettings, start_session
from sitegen.engines.spark_db import SparkConnection


class SparkEngine:
    """Analysis on Spark; ``db`` takes DuckDB SQL. ``session``: an existing SparkSession
    (left running by ``close``), else one started from ``settings``."""

    name = "spark"

    def __init__(self, settings: SparkSettings | None = None, session: Any = None):
        self.owns_session = session is None
        self.session = session if session is not None else start_session(
            settings or SparkSettings())
        self.db = SparkConnection(self.session)

    def _save(self, table: str, frame) -> None:
        frame.localCheckpoint(eager=True).createOrReplaceTempView(view_name(table))

    def read_csv(self, table: str, path: str, columns: Sequence[str]) -> None:
        """``table`` from a CSV file with a header, every column text, named ``columns``."""
        frame = self.session.read.option("header", True).option("multiLine", True).option(
            "escape", '"').csv(str(path))
        self._save(table, frame.toDF(*columns))

    def read_parquet(self, table: str, path: str) -> None:
        """``table`` from a Parquet file or folder (local path, s3://, hdfs://, abfss:// ...)."""
        self._save(table, self.session.read.parquet(str(path)))

    def write_parquet(self, select_sql: str, path: str, params=None) -> None:
        """The rows of a DuckDB query, written by Spark as a Parquet folder at ``path``."""
        frame = self.db.execute(select_sql, params)._frame
        frame.write.mode("overwrite").parquet(str(path))

    def load_series(self, path, settings) -> list:
        """The snapshots at ``path``, read and validated by DuckDB on this machine (with its
        located errors), then handed over to Spark: each snapshot's ``db`` is this engine's."""
        from sitegen.snapshots import load_series, open_db

        local = open_db(settings.memory_limit)
        try:
            snapshots = load_series(path, local, settings)
            for snapshot in snapshots:
                tables = local.execute(
                    "SELECT table_name FROM information_schema.tables WHERE table_schema = $s "
                    "ORDER BY table_name", {"s": snapshot.schema}).fetchall()
                self.db.execute(f"DROP SCHEMA IF EXISTS {snapshot.schema} CASCADE")
                hand_over(local, self, [f"{snapshot.schema}.{t}" for t, in tables])
        finally:
            local.close()
        return [dataclasses.replace(s, db=self.db) for s in snapshots]

    def copy_to(self, duckdb_db) -> None:
        """Every table the analysis made (``s0.accounts`` ...) into a DuckDB database, as
        Arrow batches collected by the driver (so a cluster needs no folder in common)."""
        for view in sorted(self.db.views()):
            schema, sep, table = view.partition("__")
            if not sep:
                continue  # not a snapshot's table
            duckdb_db.register("sitegen_arrow", self.session.table(view).toArrow())
            duckdb_db.execute(f"CREATE SCHEMA IF NOT EXISTS {schema}")
            duckdb_db.execute(f"CREATE OR REPLACE TABLE {schema}.{table} AS FROM sitegen_arrow")
            duckdb_db.unregister("sitegen_arrow")

    def close(self) -> None:
        self.db.close()
        if self.owns_session:
            self.session.stop()


def hand_over(duckdb_db, engine: SparkEngine, tables: Sequence[str],
              folder: str | Path | None = None) -> None:
    """Copy DuckDB tables (``s0.accounts`` ...) to the Spark engine through Parquet files, with
    their types: DuckDB loads and validates, Spark analyses."""
    with tempfile.TemporaryDirectory(prefix="sitegen-handover-", dir=folder) as scratch:
        for table in tables:
            path = Path(scratch) / f"{view_name(table)}.parquet"
            duckdb_db.execute(f"COPY {table} TO {sql_text(str(path))} (FORMAT parquet)")
            engine.read_parquet(table, str(path))

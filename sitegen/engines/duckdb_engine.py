"""The DuckDB engine: the connection sitegen has always used, and its file input and output."""

from __future__ import annotations

from collections.abc import Sequence

import duckdb

from sitegen.snapshots import open_db


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
        """The column names in a CSV file's header (a local file: read in Python)."""
        from sitegen.snapshots.readers import csv_header

        return csv_header(path)

    def read_raw_csv(self, table: str, path, names: Sequence[str | None]) -> None:
        """``table`` from a CSV file, every column text, under ``names`` (by position; None
        leaves a column out); bad records are listed with their lines (a SnapshotError)."""
        from sitegen.snapshots.readers import load_csv

        load_csv(self.db, path, table, list(names))

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

    def write_parquet(self, select_sql: str, path: str, params=None) -> None:
        """The rows of a DuckDB query, written to one Parquet file."""
        if params:
            self.db.execute(f"CREATE OR REPLACE TEMP TABLE sitegen_export AS {select_sql}",
                            params)
            select_sql = "SELECT * FROM sitegen_export"
        self.db.execute(f"COPY ({select_sql}) TO {sql_text(str(path))} (FORMAT parquet)")

    def load_series(self, path, settings) -> list:
        """Read, validate and load the snapshots at ``path`` (``sitegen.snapshots``)."""
        from sitegen.snapshots import load_series

        return load_series(path, self.db, settings)

    def copy_to(self, duckdb_db: duckdb.DuckDBPyConnection) -> None:
        """Nothing to copy when the analysis ran in ``duckdb_db`` itself."""
        if duckdb_db is not self.db:
            raise ValueError("the DuckDB engine analyses in the database it is given")

    def close(self) -> None:
        self.db.close()

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

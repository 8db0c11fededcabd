"""Analysis engines: DuckDB (the default, in this process) or Spark (local, cluster, Connect).

Every engine offers ``db``, a connection that takes DuckDB SQL (``execute``, ``fetchall`` ...),
so the analysis and the loader's checks are written once; and what is not SQL: reading a
snapshot's files into raw text tables under sitegen's names (``csv_header``, ``read_raw_csv``,
``text_table``, ``parquet_schema``, ``parquet_scan``; called by ``sitegen.snapshots.readers``
and ``.parquet``, the only code outside this package that sees engine-specific reading),
``load_series`` (the loader, run on the engine; ``then`` analyses each snapshot once it is
loaded; DuckDB's may work on two small snapshots at once: ``each_snapshot``, ``alongside``),
``read_csv``/``read_parquet`` (a whole file as a table), ``write_parquet(select_sql, path)``
and ``close()``. ``errors`` is what a failed read raises. For snapshots named by URL
(``sitegen.snapshots.location``), ``list_dir(url)`` (the folder's ``(name, is_dir)``
entries, None where no folder is) and ``read_bytes(url, max_bytes)`` (None when the file
is larger).

``open_engine(settings)`` takes plain settings: a mapping or an object with ``engine``
(``duckdb`` or ``spark``), ``memory_limit`` (DuckDB) and ``spark`` (``master``, ``remote``,
``driver_memory``, ``shuffle_partitions``, ``local_dir``, ``conf``); ``session`` hands over
a SparkSession the caller already has.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Protocol

from sitegen.errors import EngineError, Problem


class Engine(Protocol):
    name: str
    db: Any  # DuckDB's connection, or one that takes the same calls

    errors: tuple

    def csv_header(self, path: Any) -> list[str]: ...
    def read_raw_csv(self, table: str, path: Any, names: Sequence[str | None]) -> None: ...
    def text_table(self, table: str, columns: Sequence[str], rows: list) -> None: ...
    def parquet_schema(self, files: Sequence) -> list[tuple[str, str]]: ...
    def parquet_scan(self, files: Sequence, numbered: bool = False) -> tuple[str, dict]: ...
    def read_csv(self, table: str, path: str, columns: Sequence[str]) -> None: ...
    def read_parquet(self, table: str, path: str) -> None: ...
    def write_parquet(self, select_sql: str, path: str, params=None) -> None: ...
    def list_dir(self, url: str) -> list[tuple[str, bool]] | None: ...
    def read_bytes(self, url: str, max_bytes: int) -> bytes | None: ...
    def load_series(self, path: Any, settings: Any, then: Any = None) -> list: ...
    def close(self) -> None: ...


def _setting(settings: Mapping | object | None, name: str, default: Any = None) -> Any:
    if settings is None:
        return default
    if isinstance(settings, Mapping):
        return settings.get(name, default)
    return getattr(settings, name, default)


def _duckdb(settings, session) -> Engine:
    from sitegen.engines.duckdb_engine import DuckDBEngine

    return DuckDBEngine(memory_limit=_setting(settings, "memory_limit", "4GB"))


def _spark(settings, session) -> Engine:
    from sitegen.engines.spark import SparkSettings, require_modules

    require_modules()  # before importing what needs sqlglot and pyspark
    from sitegen.engines.spark_engine import SparkEngine

    return SparkEngine(SparkSettings.from_any(_setting(settings, "spark")), session=session)


ENGINES = {"duckdb": _duckdb, "spark": _spark}


def open_engine(settings: Mapping | object | None = None, session: Any = None) -> Engine:
    """The engine ``settings`` ask for (``engine``, default ``duckdb``); with ``session`` (a
    SparkSession), Spark on that session."""
    name = "spark" if session is not None else _setting(settings, "engine", "duckdb")
    if name not in ENGINES:
        raise EngineError(Problem(f"'analysis.engine': no engine '{name}'",
                                  hint="valid: " + ", ".join(ENGINES)))
    return ENGINES[name](settings, session)


def engine_for(config: Any, db: Any = None) -> Engine:
    """The engine a ``sitegen.config.Config`` asks for (``analysis.engine``, the ``spark``
    section); with ``db`` (a DuckDB connection), DuckDB runs there."""
    if config.analysis.engine == "duckdb" and db is not None:
        from sitegen.engines.duckdb_engine import DuckDBEngine

        return DuckDBEngine(db)
    return open_engine({"engine": config.analysis.engine,
                        "memory_limit": config.analysis.memory_limit, "spark": config.spark})


__all__ = ["ENGINES", "Engine", "engine_for", "open_engine"]

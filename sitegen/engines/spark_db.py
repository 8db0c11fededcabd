"""A DuckDB-connection look-alike over a SparkSession, so the analysis runs unchanged on Spark.

The surface is the one sitegen uses: ``execute(sql, params)`` (DuckDB SQL, ``$name`` or ``?``
parameters) returning itself, ``fetchone``/``fetchall``/``fetchmany``, ``description``,
``df``/``arrow``, ``executemany``, ``cursor``, ``create_function`` and ``close``. Each statement
is transpiled (``sitegen.engines.transpile``); a table is a temporary view, materialised as a
local checkpoint (computed once, its lineage cut, as DuckDB's table is computed once), so a
statement that replaces a table from itself (``CREATE OR REPLACE TABLE t AS ... FROM t``) or
appends to it (``INSERT INTO``) reads the old rows. Cursors share the session, its views and
functions (DuckDB's TEMP tables are per connection: here they are per session).
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlglot import exp

from sitegen import csvfile
from sitegen.engines.fixups import SEPARATOR, Macro
from sitegen.engines.transpile import Statement, transpile
from sitegen.schemes import is_url

log = logging.getLogger(__name__)


class SparkStatementError(RuntimeError):
    """Spark could not run a transpiled statement (a gap in the transpiler: a bug)."""


@dataclass
class _Shared:
    """What a connection and its cursors share: macros defined so far."""

    macros: dict[str, Macro] = field(default_factory=dict)


def quoted(name: str) -> str:
    return "`" + name.replace("`", "``") + "`"


class SparkConnection:
    """DuckDB SQL in, Python tuples out, on a SparkSession."""

    def __init__(self, session: Any, shared: _Shared | None = None):
        self.session = session
        self._shared = shared or _Shared()
        self._frame = None  # the DataFrame of the last query
        self._rows: Iterator[tuple] | None = None

    # --------------------------------------------------------------- DuckDB's methods

    def execute(self, sql: str, params: Sequence | Mapping | None = None) -> SparkConnection:
        """Run one or more DuckDB statements; the last query's rows are fetched next."""
        self._run(transpile(sql, params, self._shared.macros), sql)
        return self

    def executemany(self, sql: str, rows: Sequence[Sequence | Mapping]) -> SparkConnection:
        """Run ``sql`` once per row of parameters; inserts into one table run as one."""
        steps = [s for row in rows for s in transpile(sql, row, self._shared.macros)]
        values = [s for s in steps if s.kind == "insert" and s.sql.startswith("VALUES ")]
        if steps and len(values) == len(steps) and len({s.table for s in steps}) == 1:
            joined = "VALUES " + ", ".join(s.sql.removeprefix("VALUES ") for s in values)
            steps = [Statement("insert", joined, steps[0].table)]
        self._run(steps, sql)
        return self

    def fetchall(self) -> list[tuple]:
        return list(self._fetched())

    def fetchone(self) -> tuple | None:
        return next(self._fetched(), None)

    def fetchmany(self, size: int = 1) -> list[tuple]:
        if self._rows is None and self._frame is not None:
            self._rows = (tuple(r) for r in self._frame.toLocalIterator())
        rows = self._fetched()
        return [row for _, row in zip(range(size), rows)]

    @property
    def description(self) -> list[tuple] | None:
        if self._frame is None:
            return None
        return [(f.name, f.dataType.simpleString(), None, None, None, None, None)
                for f in self._frame.schema.fields]

    def df(self):
        return self._frame.toPandas()

    def arrow(self):
        return self._frame.toArrow()

    def cursor(self) -> SparkConnection:
        return SparkConnection(self.session, self._shared)

    def create_function(self, name: str, function, parameters=None, return_type="VARCHAR",
                        **_options) -> SparkConnection:
        """Register a Python function for SQL (a Spark Python UDF: slow, and each worker
        needs sitegen importable)."""
        spark_type = exp.DataType.build(str(return_type), dialect="duckdb").sql("spark")
        self.session.udf.register(name, function, spark_type)
        return self

    def close(self) -> None:
        self._frame = self._rows = None

    # --------------------------------------------------------------- running statements

    def _fetched(self) -> Iterator[tuple]:
        if self._rows is None:
            frame = self._frame
            self._rows = iter([tuple(r) for r in frame.collect()] if frame is not None else [])
        return self._rows

    def _run(self, steps: list[Statement], sql: str) -> None:
        self._frame = self._rows = None
        for step in steps:
            try:
                self._frame = ACTIONS[step.kind](self, step)
            except Exception as exc:
                if type(exc).__module__.startswith("pyspark") or "Py4J" in type(exc).__name__:
                    first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
                    raise SparkStatementError(
                        f"Spark could not run {step.kind} {step.table}: {first}\n"
                        f"-- Spark SQL:\n{step.sql}\n-- DuckDB SQL:\n{sql.strip()}") from exc
                raise

    def views(self) -> set[str]:
        """The names of the temporary views the statements made (``s0__accounts`` ...)."""
        return self._views()

    def _views(self) -> set[str]:
        return {t.name for t in self.session.catalog.listTables() if t.isTemporary}

    def _save(self, table: str, frame) -> None:
        """``table`` becomes a view of ``frame``, computed now (a local checkpoint)."""
        frame = frame.localCheckpoint(eager=True)
        frame.createOrReplaceTempView(table)

    def _typed_as(self, table: str, frame):
        """``frame``'s columns, by position, renamed and cast as ``table``'s."""
        target = self.session.table(table).schema.fields
        if len(frame.columns) != len(target):
            raise SparkStatementError(f"{table} has {len(target)} columns, not "
                                      f"{len(frame.columns)}")
        renamed = frame.toDF(*(f.name for f in target))
        return renamed.select(*(renamed[f.name].cast(f.dataType) for f in target))

    def _query(self, step: Statement):
        return self.session.sql(step.sql)

    def _materialise(self, step: Statement) -> None:
        self._save(step.table, self.session.sql(step.sql))

    def _insert(self, step: Statement) -> None:
        rows = self._typed_as(step.table, self.session.sql(step.sql))
        self._save(step.table, self.session.table(step.table).unionAll(rows))

    def _create_empty(self, step: Statement) -> None:
        self._save(step.table, self.session.createDataFrame([], schema=step.sql))

    def _select_each(self, step: Statement, columns: list[str]) -> None:
        """``table`` with each of its columns replaced by the SQL given for it."""
        select = f"SELECT {', '.join(columns)} FROM {quoted(step.table)}"
        self._save(step.table, self._typed_as(step.table, self.session.sql(select)))

    def _update(self, step: Statement) -> None:
        values = dict(step.columns)
        self._select_each(step, [
            f"CASE WHEN {step.sql} THEN {values[c]} ELSE {quoted(c)} END" if c in values
            else quoted(c) for c in self.session.table(step.table).columns])

    def _delete(self, step: Statement) -> None:
        kept = self.session.sql(f"SELECT * FROM {quoted(step.table)} "
                                f"WHERE NOT coalesce(({step.sql}), FALSE)")
        self._save(step.table, kept)

    def _add_column(self, step: Statement) -> None:
        added = ", ".join(f"CAST(NULL AS {kind}) AS {name}" for name, kind in step.columns)
        self._save(step.table, self.session.sql(f"SELECT *, {added} FROM {quoted(step.table)}"))

    def _drop_table(self, step: Statement) -> None:
        if not self.session.catalog.dropTempView(step.table) and not step.if_exists:
            raise SparkStatementError(f"no table {step.table} to drop")

    def _drop_schema(self, step: Statement) -> None:
        for view in self._views():
            if view.startswith(step.table + SEPARATOR):
                self.session.catalog.dropTempView(view)

    def _macro(self, step: Statement) -> None:
        self._shared.macros[step.table] = step.macro


def _csv_value(value) -> str:
    """A value as DuckDB's CSV writer puts it: NULL empty, true/false, shortest floats."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime.datetime):
        return value.isoformat(sep=" ")
    return str(value)


def _copy(connection: SparkConnection, step: Statement) -> None:
    """The rows of a query as CSV: to a URL (``s3a://``, ``hdfs://``, ``file://`` ...) written
    by the executors, a folder of part files each with the header, in the query's order by
    part name; to a local file streamed through the driver a partition at a time (the file
    is on this machine)."""
    frame = connection.session.sql(step.sql)
    if is_url(step.table):
        frame.write.mode("overwrite").option("header", True).csv(step.table)
        return
    with open(step.table, "w", encoding="utf-8", newline="") as out:
        writer = csvfile.writer(out)
        writer.writerow(frame.columns)
        writer.writerows([_csv_value(v) for v in row] for row in frame.toLocalIterator())


ACTIONS = {
    "query": SparkConnection._query,
    "materialise": SparkConnection._materialise,
    "insert": SparkConnection._insert,
    "create_empty": SparkConnection._create_empty,
    "update": SparkConnection._update,
    "delete": SparkConnection._delete,
    "add_column": SparkConnection._add_column,
    "drop_table": SparkConnection._drop_table,
    "drop_schema": SparkConnection._drop_schema,
    "macro": SparkConnection._macro,
    "copy": _copy,
    "noop": lambda connection, step: None,
}

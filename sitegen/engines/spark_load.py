"""Reading a snapshot's files into raw text tables on Spark, for ``SparkEngine``.

The loader (``sitegen.snapshots``) then checks and types them with its own DuckDB SQL, which
``SparkConnection`` translates: nothing of the data passes through this machine. What Spark's
readers do otherwise than DuckDB's, and how each is made the same or located:

- CSV: read with a header, quotes and ``""`` escapes, values over several lines, every column
  text. A record with more or fewer values than the header is flagged by Spark; its line comes
  from a Python scan of a local file (a URL's problem quotes the record, without a line). Mixed
  line ends (LF and CRLF) in a local file are read from a copy with LF ends, as DuckDB does; a
  URL's would leave a CR at the end of a record's last value. Spark reads bytes that are not
  UTF-8 as U+FFFD and a quote inside an unquoted value as text, where DuckDB refuses both.
- Parquet: ``mergeSchema`` unifies part files by name, as DuckDB's ``union_by_name``; a
  record is numbered by Spark's ``_metadata.row_index`` in its file. A time with a zone is
  written as text in the session's zone, UTC: the instant, as on DuckDB.
- YAML records: a table with a ``rowid`` column, their order (DuckDB's rowid).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from sitegen.errors import Problem, SnapshotError
from sitegen.schemes import spark_name

CORRUPT = "__sitegen_corrupt"  # Spark's column for a record it could not parse
FILE_COLUMN = "__sitegen_file"


def _local(path) -> bool:
    from sitegen.schemes import is_url

    return not is_url(path)


def csv_frame(session, path, width: int):
    """A local checkpoint of a CSV file's records: ``c0`` ... text columns and CORRUPT."""
    from pyspark.sql.types import StringType, StructField, StructType

    schema = StructType([StructField(f"c{i}", StringType()) for i in range(width)]
                        + [StructField(CORRUPT, StringType())])
    frame = session.read.csv(spark_name(path), schema=schema, header=True, multiLine=True,
                             quote='"', escape='"', mode="PERMISSIVE",
                             columnNameOfCorruptRecord=CORRUPT, ignoreLeadingWhiteSpace=False,
                             ignoreTrailingWhiteSpace=False)
    return frame.localCheckpoint(eager=True)


def read_raw_csv(session, path, names: Sequence[str | None]):
    """The DataFrame of a CSV file's records under ``names`` (None: left out), after its
    malformed records were refused (SnapshotError, located in a local file)."""
    from pyspark.sql import functions as F

    from sitegen.snapshots import readers

    # Spark ends every record as the header's line ends: a local file whose lines end
    # otherwise too (a CRLF header over LF rows ran into one record) is read from a copy
    # with LF line ends, as DuckDB reads it (readers.readable_csv)
    if _local(path) and readers.mixed_line_ends(Path(path)):
        with readers.lf_copy(Path(path)) as copy:
            frame = csv_frame(session, copy, len(names))  # computed before the copy goes
    else:
        frame = csv_frame(session, path, len(names))
    bad = _ragged(frame.where(F.col(CORRUPT).isNotNull()), len(names))
    if bad.limit(1).count():
        raise SnapshotError(*_malformed(path, len(names), bad))
    return frame.select(*(F.col(f"c{i}").alias(name) for i, name in enumerate(names) if name))


def _ragged(flagged, width: int):
    """The records Spark flagged that are malformed indeed: empty values ending a record
    are none (``a,b,`` under two columns, as some exports end every line), as DuckDB reads
    them; such a record's values are read right already."""
    from pyspark.sql import functions as F

    schema = ", ".join(f"c{i} STRING" for i in range(width)) + f", {CORRUPT} STRING"
    again = F.from_csv(F.regexp_replace(CORRUPT, ",+\\r?$", ""), schema,
                       {"quote": '"', "escape": '"', "mode": "PERMISSIVE",
                        "columnNameOfCorruptRecord": CORRUPT})
    return flagged.where(again[CORRUPT].isNotNull())


def _malformed(path, width: int, bad) -> list[Problem]:
    """The malformed records: located by a scan of a local file, else quoted as Spark read
    them (a URL's lines are not counted here)."""
    from sitegen.snapshots.readers import shown_record, width_problems

    found = width_problems(Path(path), width) if _local(path) else []
    return found or [Problem(f"a record that does not match the header's {width} columns: "
                             f"{shown_record(row[0])}", path)
                     for row in bad.select(CORRUPT).take(20)]


def csv_header(session, path) -> list[str]:
    """The column names in the header of a CSV file the engine reads (a URL)."""
    from sitegen.snapshots.readers import header_names

    first = session.read.text(spark_name(path)).first()
    if first is None or not first[0].strip():
        raise SnapshotError(Problem("empty file: expected a header line naming the columns",
                                    path, 1))
    return header_names(first[0].lstrip("\ufeff"), path)


def text_table(session, columns: Sequence[str], rows: list):
    """A DataFrame of text ``columns`` holding ``rows``, and ``rowid`` their order."""
    from pyspark.sql.types import LongType, StringType, StructField, StructType

    schema = StructType([StructField(c, StringType()) for c in columns]
                        + [StructField("rowid", LongType())])
    return session.createDataFrame([[*row, i] for i, row in enumerate(rows)], schema=schema)


def parquet_frame(session, files: Sequence, numbered: bool = False):
    """The Parquet ``files`` (their columns unified by name); ``numbered`` adds each record's
    file (``__sitegen_file``) and its number in it from 0 (``file_row_number``)."""
    from pyspark.sql import functions as F

    frame = session.read.option("mergeSchema", True).parquet(*(spark_name(f) for f in files))
    if numbered:
        frame = frame.select("*", F.col("_metadata.file_path").alias(FILE_COLUMN),
                             F.col("_metadata.row_index").alias("file_row_number"))
    return frame


def duckdb_type(spark_type) -> str:
    """The DuckDB name of a Spark type, as the Parquet reader expects (``VARCHAR``,
    ``BIGINT``, ``X[]``, ``STRUCT(...)``...). Spark's TIMESTAMP (with a zone) is written
    ``TIMESTAMP``: in the UTC session its text is already the instant in UTC."""
    from pyspark.sql import types as T

    simple = {T.StringType: "VARCHAR", T.LongType: "BIGINT", T.IntegerType: "INTEGER",
              T.ShortType: "SMALLINT", T.ByteType: "TINYINT", T.DoubleType: "DOUBLE",
              T.FloatType: "FLOAT", T.BooleanType: "BOOLEAN", T.DateType: "DATE",
              T.TimestampType: "TIMESTAMP", T.TimestampNTZType: "TIMESTAMP",
              T.BinaryType: "BLOB", T.DecimalType: "DECIMAL", T.NullType: "VARCHAR"}
    if isinstance(spark_type, T.ArrayType):
        return duckdb_type(spark_type.elementType) + "[]"
    if isinstance(spark_type, T.StructType):
        return "STRUCT(" + ", ".join(f.name for f in spark_type.fields) + ")"
    if isinstance(spark_type, T.MapType):
        return "MAP(...)"
    return simple.get(type(spark_type), spark_type.simpleString().upper())

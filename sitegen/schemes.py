"""A location named by URL (``s3://``, ``hdfs://``, ``file://`` ...) rather than a local path:
only ``scheme://`` counts (``file:/data`` is a path). Light: settings use it without DuckDB."""

from __future__ import annotations

import re

SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://")


def is_url(name: object) -> bool:
    """Whether a location is a URL an engine reads (``s3://...``), not a local path."""
    return SCHEME.match(str(name)) is not None


GLOB = re.compile(r"[*?\[]")


def read_name(location: object) -> str:
    """A location as DuckDB's readers (``read_csv``, ``read_parquet``, ``read_json``) take
    it: they expand ``*``, ``?`` and ``[...]`` in a name, so a local path's are escaped
    (``[*]``, ``[?]``, ``[[]``): a folder named ``2024-03 [draft]`` is read as it is named,
    and ``c[1]d`` is not ``c1d``. A URL is left as it is written. A local path holding both
    ``\\`` and one of those cannot be named: DuckDB takes ``\\`` for a folder separator in a
    pattern (``a \\[1]`` read ``a /[1]``), so it is refused."""
    text = str(location)
    if is_url(text):
        return text
    if "\\" in text and GLOB.search(text):
        from sitegen.errors import Problem, SitegenError

        raise SitegenError(Problem(
            "cannot be read: DuckDB's readers take the '\\' of a path that also holds '*', '?' "
            "or '[' for a folder separator, and would read another file", text,
            hint="rename the file or the folder that holds the '\\' (or the '*', '?', '[')"))
    return GLOB.sub(lambda found: f"[{found[0]}]", text)


HADOOP_GLOB = re.compile(r"[\\*?\[\]{}]")


def spark_name(location: object) -> str:
    """A location as Spark's readers take it: Hadoop expands ``*``, ``?``, ``[...]`` and
    ``{a,b}`` in a path and reads ``\\`` as an escape, so a local path's are escaped with a
    backslash: a folder named ``2024-03 [1]`` is read as it is named, not ``2024-03 1``. A
    URL is left as it is written (as ``read_name`` leaves it)."""
    text = str(location)
    return text if is_url(text) else HADOOP_GLOB.sub(lambda found: "\\" + found[0], text)

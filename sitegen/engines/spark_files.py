"""Listing folders and reading small files at a URL on Spark, for snapshots named by URL
(``sitegen.snapshots.location``): ``s3a://``, ``hdfs://``, ``abfss://``, ``gs://``,
``file://`` ... whatever file systems the session's Hadoop configuration knows.

On a classic session, through Hadoop's FileSystem in the driver's JVM (a listing and a read
are calls on the driver, no Spark job). A session without a JVM of its own (Spark Connect,
or a cluster that keeps the JVM from Python) lists through Spark's ``binaryFile`` reader,
a small job: it sees files only (an empty folder is not seen), and, as every Spark reader,
skips names starting with ``_`` or ``.``.
"""

from __future__ import annotations

from urllib.parse import unquote, urlparse

from sitegen.errors import Problem, SnapshotError


def list_dir(session, url: str) -> list[tuple[str, bool]] | None:
    """The (name, is a folder) entries of the folder at ``url``; None when no folder is
    there (a file, or nothing)."""
    if _hadoop(session, url) is None:
        return reader_listing(session, url)
    return hadoop_listing(session, url)


def read_bytes(session, url: str, max_bytes: int) -> bytes | None:
    """The bytes of the file at ``url``; None when it holds more than ``max_bytes``."""
    found = _hadoop(session, url)
    try:
        if found is None:
            return _read_with_reader(session, url, max_bytes)
        system, path = found
        size = system.getFileStatus(path).getLen()
        if size > max_bytes:
            return None
        stream = system.open(path)
        try:
            return bytes(stream.readNBytes(int(size)))
        finally:
            stream.close()
    except _errors() as exc:  # from the file system, through py4j or Spark
        raise SnapshotError(Problem(f"cannot be read: {_reason(exc)}", url)) from None


def hadoop_listing(session, url: str) -> list[tuple[str, bool]] | None:
    """``list_dir`` through Hadoop's FileSystem (a classic session)."""
    system, path = _hadoop(session, url)
    try:
        if not system.getFileStatus(path).isDirectory():
            return None
        return sorted((s.getPath().getName(), bool(s.isDirectory()))
                      for s in system.listStatus(path))
    except _errors() as exc:
        if _java_class(exc) == "java.io.FileNotFoundException":
            return None
        raise SnapshotError(Problem(f"cannot be listed: {_reason(exc)}", url)) from None


def reader_listing(session, url: str) -> list[tuple[str, bool]] | None:
    """``list_dir`` through Spark's ``binaryFile`` reader (every session, Spark Connect
    too): the files under ``url``, to any depth, make its entries."""
    try:
        rows = session.read.format("binaryFile").option("recursiveFileLookup", True) \
            .load(url).select("path").collect()
    except _errors() as exc:
        if "PATH_NOT_FOUND" in str(exc):
            return None
        raise SnapshotError(Problem(f"cannot be listed: {_reason(exc)}", url)) from None
    top = _path_of(url).rstrip("/") + "/"
    inside = [_path_of(row[0])[len(top):] for row in rows if _path_of(row[0]).startswith(top)]
    if not inside:
        return None  # a file (its own path), or nothing seen
    return sorted({(part.split("/")[0], "/" in part) for part in inside})


def _read_with_reader(session, url: str, max_bytes: int) -> bytes | None:
    frame = session.read.format("binaryFile").load(url)
    if frame.select("length").first()[0] > max_bytes:
        return None
    return bytes(frame.select("content").first()[0])


def _hadoop(session, url: str):
    """(Hadoop FileSystem, Path) of ``url`` in the session's JVM; None without a JVM."""
    try:
        jvm, hadoop_conf = session._jvm, session._jsc.hadoopConfiguration()
    except Exception:  # Spark Connect: no JVM in this process (PySparkAttributeError)
        return None
    try:
        path = jvm.org.apache.hadoop.fs.Path(url)
        return path.getFileSystem(hadoop_conf), path
    except _errors() as exc:  # no file system for the scheme, a bad URL ...
        raise SnapshotError(Problem(f"cannot be listed: {_reason(exc)}", url,
                                    hint=HADOOP_HINT)) from None


HADOOP_HINT = ("check the URL; a scheme such as s3a:// needs its connector on Spark's "
               "classpath (hadoop-aws, spark.jars.packages) and its credentials")


def _errors() -> tuple:
    """What a file system's refusal raises: py4j's error (a Java exception) or pyspark's."""
    from py4j.protocol import Py4JError
    from pyspark.errors import PySparkException

    return (Py4JError, PySparkException)


def _path_of(name: str) -> str:
    """The path part of a URL, as compared (Spark writes ``file:/x`` for ``file:///x``)."""
    return unquote(urlparse(name).path)


def _java_class(exc: Exception) -> str | None:
    java = getattr(exc, "java_exception", None)
    return java.getClass().getName() if java is not None else None


def _reason(exc: Exception) -> str:
    """The first line of a Java or Spark error, without the Java class in front."""
    java = getattr(exc, "java_exception", None)
    text = str(java.getMessage() or java.toString()) if java is not None else str(exc)
    return (text.splitlines() or [type(exc).__name__])[0]

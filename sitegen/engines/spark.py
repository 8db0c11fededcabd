"""The Spark session the Spark engine runs on: local (``local[*]``), a cluster master, or Spark
Connect; checked first, so a missing pyspark, sqlglot or Java is one clear error.

A local session listens on loopback only (driver host, bind address and SPARK_LOCAL_IP
127.0.0.1) and uses 2 shuffle partitions per core unless told otherwise (Spark's 200 made a
trial 3x slower); a cluster's driver keeps Spark's own addresses and partitions, so that its
executors can reach it. No UI; warehouse and scratch files in a temporary folder.
"""

from __future__ import annotations

import atexit
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sitegen.errors import EngineError, Problem

INSTALL_HINT = "pip install 'sitegen-reports[spark]' (pyspark 4 and sqlglot), and Java 17 or newer"
JAVA_HINT = ("install Java 17 or newer (Debian/Ubuntu: apt-get install openjdk-17-jre-headless) "
             "and put it on PATH or set JAVA_HOME")
MIN_JAVA = 17
PARTITIONS_PER_CORE = 2
# static settings a Spark Connect client cannot set (its server was started with its own)
SERVER_SIDE = {"spark.app.name", "spark.ui.enabled", "spark.ui.showConsoleProgress",
               "spark.sql.warehouse.dir", "spark.local.dir"}


@dataclass(frozen=True)
class SparkSettings:
    """The ``spark`` settings: where Spark runs and how the session is configured."""

    master: str = "local[*]"
    remote: str | None = None  # a Spark Connect URL (sc://host:15002); replaces master
    driver_memory: str | None = None  # e.g. "2g"; only applies when the JVM starts
    shuffle_partitions: int | None = None  # default: 2 per core of a local master
    local_dir: str | None = None  # scratch space; default a temporary folder
    conf: dict[str, str] = field(default_factory=dict)  # passed through as spark.* settings

    @classmethod
    def from_any(cls, value: SparkSettings | Mapping | object | None) -> SparkSettings:
        """Settings from a mapping (``sitegen.yml``'s ``spark:``), an object with the same
        attributes, or None (the defaults)."""
        if value is None or isinstance(value, cls):
            return value or cls()
        names = cls.__dataclass_fields__
        if isinstance(value, Mapping):
            unknown = sorted(set(value) - set(names))
            if unknown:
                raise EngineError(Problem(f"'spark': unknown setting(s) {', '.join(unknown)}",
                                          hint="valid: " + ", ".join(names)))
            found = dict(value)
        else:
            found = {n: getattr(value, n) for n in names if hasattr(value, n)}
        # sitegen.yml writes "not set" as an empty text or 0 (shuffle_partitions)
        found = {k: v for k, v in found.items() if v is not None and v != "" and
                 not (k == "shuffle_partitions" and v == 0)}
        return cls(**{**found, "conf": dict(found.get("conf") or {})})


def require_modules() -> None:
    """An EngineError naming what is missing when pyspark or sqlglot cannot be imported."""
    missing = []
    for module in ("pyspark", "sqlglot"):
        try:
            __import__(module)
        except ImportError:
            missing.append(module)
    if missing:
        raise EngineError(Problem(f"the Spark engine needs {' and '.join(missing)}, which "
                                  "is not installed", hint=INSTALL_HINT))


def java_major(text: str) -> int | None:
    """The major version in ``java -version`` output (``1.8.0_402`` is 8), else None."""
    found = re.search(r'version "(\d+)(?:\.(\d+))?', text)
    if not found:
        return None
    major = int(found[1])
    return int(found[2] or 0) if major == 1 else major


def require_java() -> str:
    """The java command a local Spark will start; an EngineError when it is missing or
    older than Java 17."""
    home = os.environ.get("JAVA_HOME")
    java = os.path.join(home, "bin", "java") if home else shutil.which("java")
    if not java or not os.path.exists(java):
        where = f"JAVA_HOME={home}" if home else "PATH"
        raise EngineError(Problem(f"the Spark engine needs Java {MIN_JAVA}+, and there is no "
                                  f"java on {where}", hint=JAVA_HINT))
    try:
        out = subprocess.run([java, "-version"], capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise EngineError(Problem(f"cannot run {java}: {exc}", hint=JAVA_HINT)) from None
    major = java_major(out.stderr + out.stdout)
    if major is None or major < MIN_JAVA:
        found = f"Java {major}" if major else "a Java whose version it cannot tell"
        raise EngineError(Problem(f"the Spark engine needs Java {MIN_JAVA}+, and {java} is "
                                  f"{found}", hint=JAVA_HINT))
    return java


def is_local(master: str) -> bool:
    """A ``local``, ``local[N]`` or ``local[*]`` master: Spark in this process alone."""
    return re.fullmatch(r"local(?:\[(\d+|\*)(?:,\s*\d+)?\])?", master.strip()) is not None


def local_cores(master: str) -> int:
    """Cores a ``local``, ``local[N]`` or ``local[*]`` master uses (1 for anything else)."""
    found = re.fullmatch(r"local(?:\[(\d+|\*)(?:,\s*\d+)?\])?", master.strip())
    if not found:
        return 1
    if found[1] == "*":
        return os.cpu_count() or 1
    return int(found[1] or 1)


def session_conf(settings: SparkSettings, scratch: str) -> dict[str, str]:
    """Every spark.* setting the session gets (the user's ``conf`` last, so it wins)."""
    conf = {
        "spark.app.name": "sitegen",
        "spark.ui.enabled": "false",
        "spark.ui.showConsoleProgress": "false",
        "spark.sql.session.timeZone": "UTC",  # as DuckDB's open_db
        "spark.sql.timestampType": "TIMESTAMP_NTZ",  # DuckDB's TIMESTAMP has no time zone
        "spark.sql.warehouse.dir": os.path.join(scratch, "warehouse"),
        "spark.local.dir": settings.local_dir or os.path.join(scratch, "local"),
    }
    local = settings.remote is None and is_local(settings.master)
    if settings.shuffle_partitions or local:  # a cluster keeps its own default (and AQE)
        conf["spark.sql.shuffle.partitions"] = str(
            settings.shuffle_partitions or PARTITIONS_PER_CORE * local_cores(settings.master))
    if local:  # only this machine takes part: listen on loopback alone
        conf |= {
            "spark.driver.host": "127.0.0.1",
            "spark.driver.bindAddress": "127.0.0.1",
            "spark.driver.extraJavaOptions": "-XX:-UsePerfData",
            "spark.executor.extraJavaOptions": "-XX:-UsePerfData",
        }
    if settings.driver_memory:
        conf["spark.driver.memory"] = settings.driver_memory
    return conf | {str(k): str(v) for k, v in settings.conf.items()}


def start_session(settings: SparkSettings) -> Any:
    """A new (or the running) SparkSession for these settings, after the checks."""
    require_modules()
    if settings.remote is None:
        require_java()
        if is_local(settings.master):
            os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    from pyspark.sql import SparkSession

    scratch = tempfile.mkdtemp(prefix="sitegen-spark-")
    atexit.register(shutil.rmtree, scratch, ignore_errors=True)
    builder = SparkSession.builder
    builder = builder.remote(settings.remote) if settings.remote else builder.master(
        settings.master)
    for key, value in session_conf(settings, scratch).items():
        if settings.remote and key in SERVER_SIDE:
            continue  # the Connect server's own settings, not the client's
        builder = builder.config(key, value)
    try:
        session = builder.getOrCreate()
        if settings.remote is None:
            session.sparkContext.setLogLevel("ERROR")
        return session
    except Exception as exc:  # py4j, connection errors: the user's setup, not a bug here
        message = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise EngineError(Problem(f"cannot start Spark ({settings.remote or settings.master}): "
                                  f"{message}", hint=INSTALL_HINT)) from None

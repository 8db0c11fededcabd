"""Shared fixtures: small projects and snapshots written into tmp_path, loaded and analysed.

Fixtures chain like the pipeline: ``project`` (a folder with sitegen.yml and
content/snapshots/, written by ``write_project``) -> ``make_snapshot`` (a snapshot folder or
.yml file inside it; ``generated_series`` for a larger seeded network) -> ``load`` /
``analyze`` (Snapshot and Report objects, each call on its own DuckDB). File contents are
written from dedented strings so each fixture reads like the file it makes. For the Spark
tests: ``spark_session``, ``spark``, and ``json_differences`` to compare the two engines.
"""

from __future__ import annotations

import importlib.util
import logging
import math
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sitegen.analysis import Report, analyze_series
from sitegen.cli import app
from sitegen.config import AnalysisSettings
from sitegen.errors import SnapshotError
from sitegen.snapshots import Snapshot, load_series, open_db

Files = dict[str, str | bytes]
GENERATOR = Path(__file__).resolve().parent.parent / "scripts" / "generate_network.py"
REL_TOL = 1e-12  # how far apart a float may be on the two engines (docs/scale.md)


def dedent(text: str) -> str:
    """A fixture file's text: common indentation and the first newline removed."""
    return textwrap.dedent(text).lstrip("\n")


def tiny_network(quinn: str = "quinn") -> Files:
    """A snapshot of four accounts (quinn, followed by the three others; ann and bob follow
    each other), as project files; ``quinn`` is the first account's handle."""
    return {
        "content/snapshots/2024-03/accounts.csv": f"""
            id,handle
            q,{quinn}
            a,ann
            b,bob
            c,cleo
        """,
        "content/snapshots/2024-03/follows.csv": """
            follower,followed
            a,q
            b,q
            c,q
            a,b
            b,a
        """,
    }


def write_tree(root: Path, files: Files) -> Path:
    """Write ``{relative path: text or bytes}`` under ``root``; text is dedented first."""
    for relative, content in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(dedent(content), encoding="utf-8", newline="")
    return root


@pytest.fixture
def write(tmp_path: Path) -> Callable[..., Path]:
    """``write(files, root=tmp_path)`` writes a tree of fixture files."""

    def _write(files: Files, root: Path = tmp_path) -> Path:
        return write_tree(root, files)

    return _write


def write_project(root: Path, settings: str, files: Files | None = None) -> Path:
    """A project folder: ``sitegen.yml`` (``settings``), ``content/snapshots/`` and ``files``,
    written as ``write_tree`` writes them."""
    write_tree(root, {"sitegen.yml": settings, **(files or {})})
    (root / "content" / "snapshots").mkdir(parents=True, exist_ok=True)
    return root


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project folder as ``sitegen init`` lays it out (settings left at their defaults)."""
    return write_project(
        tmp_path / "project",
        """
            site:
              title: Test network
        """,
    )


@pytest.fixture
def snapshots_dir(project: Path) -> Path:
    return project / "content" / "snapshots"


@pytest.fixture
def make_snapshot(snapshots_dir: Path) -> Callable[..., Path]:
    """``make_snapshot(name, files)``: a CSV folder; ``make_snapshot("x.yml", text)``: a file."""

    def _make(name: str, files: Files | str | bytes) -> Path:
        if isinstance(files, dict):
            return write_tree(snapshots_dir / name, files)
        write_tree(snapshots_dir, {name: files})
        return snapshots_dir / name

    return _make


def network_generator():
    """scripts/generate_network.py as a module (scripts/ is not a package)."""
    spec = importlib.util.spec_from_file_location("generate_network", GENERATOR)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up here
    spec.loader.exec_module(module)
    return module


def generated_series(folder: Path, seed: int, **params) -> Path:
    """A seeded network written into ``folder`` by scripts/generate_network.py, a folder per
    snapshot; ``params`` are its ``NetworkParams``."""
    generator = network_generator()
    generator.write_series(folder, generator.NetworkParams(**params), seed=seed)
    return folder


@pytest.fixture
def load() -> Callable[..., list[Snapshot]]:
    """``load(path, **analysis_settings)``: the snapshots at ``path``, each call on a fresh DB."""
    connections = []

    def _load(path: Path, **settings) -> list[Snapshot]:
        db = open_db("1GB")
        connections.append(db)
        return load_series(Path(path), db, AnalysisSettings(**settings))

    yield _load
    for db in connections:
        db.close()


@pytest.fixture
def error(load) -> Callable[..., str]:
    """``error(path, **settings)``: the message of the SnapshotError that loading raises."""

    def _error(path, **settings) -> str:
        with pytest.raises(SnapshotError) as caught:
            load(path, **settings)
        return str(caught.value)

    return _error


@pytest.fixture
def analyze(load) -> Callable[..., list[Report]]:
    """``analyze(path, **analysis_settings)``: one Report per snapshot, oldest first."""

    def _analyze(path: Path, **settings) -> list[Report]:
        return analyze_series(load(path, **settings), AnalysisSettings(**settings))

    return _analyze


def by_id(report: Report) -> dict:
    """Accounts of a report keyed by id."""
    return {a.id: a for a in report.accounts()}


@pytest.fixture
def accounts_of() -> Callable[[Report], dict]:
    return by_id


def rows(snapshot: Snapshot, sql: str) -> list[tuple]:
    """Run SQL against a snapshot's tables; ``{s}`` stands for its schema."""
    return snapshot.db.execute(sql.format(s=snapshot.schema)).fetchall()


@pytest.fixture
def query() -> Callable[[Snapshot, str], list[tuple]]:
    return rows


@pytest.fixture(scope="session", autouse=True)
def logging_as_set_up() -> int:
    """The root logger's level as pytest set it, before any test ran the CLI."""
    return logging.getLogger().level


@pytest.fixture(autouse=True)
def restore_logging(logging_as_set_up: int):
    """The CLI configures the root logger; put it back after every test, so later tests see
    pytest's setup (a module's fixture that ran ``sitegen build -q`` left the root at ERROR,
    and a test of another module saw no warning in its ``caplog``)."""
    root = logging.getLogger()
    before = list(root.handlers)
    yield
    for handler in list(root.handlers):
        if handler not in before and type(handler).__module__.startswith("rich"):
            root.removeHandler(handler)
    root.setLevel(logging_as_set_up)


@pytest.fixture
def run(project, monkeypatch):
    """Run ``sitegen ARGS`` from the project folder (so ./sitegen.yml applies)."""
    monkeypatch.chdir(project)
    runner = CliRunner()

    def _run(*args: str):
        return runner.invoke(app, list(args))

    return _run


@pytest.fixture(scope="session")
def spark_session(tmp_path_factory):
    """One local Spark session (local[2], 2 shuffle partitions, 1g, loopback only) for every
    test marked ``spark``; skipped, saying what to install, without pyspark or Java 17+."""
    pytest.importorskip("pyspark", reason="the Spark tests need pyspark: "
                        "pip install 'sitegen-reports[spark]'")
    from sitegen.engines.spark import SparkSettings, require_java, start_session
    from sitegen.errors import EngineError

    try:
        require_java()
    except EngineError as exc:
        pytest.skip(f"the Spark tests need Java 17+: {exc}")
    session = start_session(SparkSettings(
        master="local[2]", shuffle_partitions=2, driver_memory="1g",
        local_dir=str(tmp_path_factory.mktemp("spark-local"))))
    yield session
    session.stop()


def drop_temp_views(session) -> None:
    """Drop the temporary views earlier tests left in the shared Spark session."""
    for table in session.catalog.listTables():
        if table.isTemporary:
            session.catalog.dropTempView(table.name)


@pytest.fixture
def spark(spark_session):
    """A Spark engine on the shared session, the temporary views of earlier tests dropped."""
    from sitegen.engines.spark_engine import SparkEngine

    drop_temp_views(spark_session)
    return SparkEngine(session=spark_session)


def json_differences(a, b, path: str = "$") -> tuple[list[str], list[str]]:
    """(paths where the JSON values ``a`` and ``b`` differ beyond ``REL_TOL`` or in anything
    but a float's last bits, paths of floats that differ at all)."""
    if isinstance(a, float) and isinstance(b, float):
        if a == b or (math.isnan(a) and math.isnan(b)):
            return [], []
        close = math.isclose(a, b, rel_tol=REL_TOL)
        return ([] if close else [f"{path}: {a!r} != {b!r}"]), [f"{path}: {a!r} vs {b!r}"]
    if type(a) is not type(b):
        return [f"{path}: {a!r} ({type(a).__name__}) != {b!r} ({type(b).__name__})"], []
    if isinstance(a, dict):
        if list(a) != list(b):
            return [f"{path}: keys {list(a)} != {list(b)}"], []
        pairs = [(a[k], b[k], f"{path}.{k}") for k in a]
    elif isinstance(a, list):
        if len(a) != len(b):
            return [f"{path}: {len(a)} items != {len(b)}"], []
        pairs = [(x, y, f"{path}[{i}]") for i, (x, y) in enumerate(zip(a, b))]
    else:
        return ([] if a == b else [f"{path}: {a!r} != {b!r}"]), []
    found: tuple[list[str], list[str]] = ([], [])
    for x, y, where in pairs:
        wrong, floats = json_differences(x, y, where)
        found[0].extend(wrong)
        found[1].extend(floats)
    return found

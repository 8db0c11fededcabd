"""The DuckDB and Spark engines give the same results through the code paths users run:
``sitegen analyze``'s (``run_analysis``, then ``write_json`` and ``write_csv`` to a file: on
Spark the adapter's COPY streams the CSV through the driver) and ``sitegen build``'s.

Everything that is not a float must be equal; floats must agree to a relative 1e-12
(docs/scale.md: Spark adds up averages and medians in another order). Every test here is
marked ``spark`` and runs on the session-scoped local[2] ``spark_session`` of conftest.py.
"""

from __future__ import annotations

import csv
import dataclasses
import importlib.util
import io
import json
import math
import re
import shutil
from pathlib import Path

import pytest
from conftest import REL_TOL, drop_temp_views, generated_series, json_differences, write_project

pytestmark = pytest.mark.spark


@pytest.fixture(scope="module")
def series(tmp_path_factory) -> Path:
    """A seeded network of two monthly snapshots (about 200 accounts, 2,000 follows, with a
    follower buyer between them, so the audit and the transitions have something to say)."""
    return generated_series(tmp_path_factory.mktemp("parity") / "snapshots", seed=11,
                            accounts=200, follows=2_000, interactions=1_000, posts=400,
                            snapshots=2, buyer_followers=60, network="parity")


def _analyze(engine, series: Path, csv_path: Path) -> str:
    """What ``sitegen analyze FOLDER --format json`` prints, and its ``--format csv
    --output csv_path`` file, from one analysis on ``engine``."""
    from sitegen.analysis import export
    from sitegen.analysis.pipeline import run_analysis
    from sitegen.config import AnalysisSettings

    try:
        analysis = run_analysis(series, engine, AnalysisSettings())
        out = io.StringIO()
        export.write_json(analysis, out, series=True)
        export.write_csv(list(analysis.reports), csv_path)
    finally:
        engine.close()
    return out.getvalue()


@pytest.fixture(scope="module")
def outputs(series, spark_session, tmp_path_factory) -> dict[str, tuple[str, Path]]:
    """{engine: (JSON text, CSV file)} for the same series on both engines."""
    from sitegen.engines import open_engine

    folder = tmp_path_factory.mktemp("parity-out")
    drop_temp_views(spark_session)
    engines = {"duckdb": open_engine({"engine": "duckdb", "memory_limit": "1GB"}),
               "spark": open_engine(session=spark_session)}
    return {name: (_analyze(engine, series, folder / f"{name}.csv"), folder / f"{name}.csv")
            for name, engine in engines.items()}


def _float_or_text(cell: str):
    """A CSV cell as a float when it reads as one with a fractional part or exponent, else
    the text itself (so ids and whole numbers must match exactly)."""
    if any(c in cell for c in ".eE") and cell.lstrip("-").replace(".", "", 1)[:1].isdigit():
        try:
            return float(cell)
        except ValueError:
            pass
    return cell


def _csv_rows(path: Path) -> list[list]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [[_float_or_text(cell) for cell in row] for row in csv.reader(handle)]


def _message(what: str, wrong: list[str], floats: list[str]) -> str:
    listed = "\n  ".join(floats) or "none"
    return (f"{what}: {len(wrong)} difference(s) beyond the tolerance:\n  "
            + "\n  ".join(wrong[:40]) + f"\nfloats differing at all ({len(floats)}):\n  "
            + listed)


def test_analyze_json_is_identical_on_both_engines(outputs):
    duck, spark = (json.loads(outputs[name][0]) for name in ("duckdb", "spark"))
    assert len(duck["snapshots"]) == 2 and duck.get("transitions")
    wrong, floats = json_differences(duck, spark)
    assert not wrong, _message("analyze --format json", wrong, floats)


def test_analyze_csv_is_identical_on_both_engines(outputs):
    duck, spark = (_csv_rows(outputs[name][1]) for name in ("duckdb", "spark"))
    assert len(duck) > 200  # a header and a row per account and snapshot
    wrong, floats = json_differences(duck, spark)
    assert not wrong, _message("analyze --format csv", wrong, floats)


# ------------------------------------------------------------------ sitegen build


def _project(root: Path, series: Path) -> Path:
    """A project holding the series: sitegen.yml and content/snapshots/."""
    write_project(root, "site:\n  title: Parity network\n")
    shutil.copytree(series, root / "content" / "snapshots", dirs_exist_ok=True)
    return root


def _build(root: Path, engine: str):
    from sitegen.config import load_config, with_overrides
    from sitegen.site.build import build_site

    config = with_overrides(load_config(root / "sitegen.yml"), analysis={"engine": engine})
    assert config.analysis.engine == engine
    return build_site(config, use_cache=False)


FLOAT = re.compile(r"-?\d+\.\d+(?:[eE][-+]?\d+)?")
MANIFEST = ".sitegen-manifest.json"


def _page_differences(name: str, left: bytes, right: bytes) -> tuple[list[str], list[str]]:
    """(differences beyond the tolerance, float literals that differ at all) of two files
    whose bytes differ: the text between float literals must be equal, the floats close. The
    build manifest hashes what each page shows, so there only its files and keys must match."""
    if name.endswith(MANIFEST):
        a, b = json.loads(left), json.loads(right)
        same = a["files"] == b["files"] and list(a["keys"]) == list(b["keys"])
        return ([] if same else [f"{name}: other files or keys"]), []
    a, b = left.decode("utf-8"), right.decode("utf-8")
    if FLOAT.split(a) != FLOAT.split(b):
        return [f"{name}: differs beyond float literals"], []
    pairs = [(float(x), float(y)) for x, y in zip(FLOAT.findall(a), FLOAT.findall(b)) if x != y]
    wrong = [f"{name}: {x!r} != {y!r}" for x, y in pairs
             if not math.isclose(x, y, rel_tol=REL_TOL)]
    return wrong, [f"{name}: {x!r} vs {y!r}" for x, y in pairs]


def _tree_differences(left: Path, right: Path) -> tuple[list[str], list[str]]:
    """Files only on one side, or differing beyond float literals (and the float literals
    that differ), between two built sites."""
    names = {p.relative_to(left).as_posix() for p in left.rglob("*") if p.is_file()}
    others = {p.relative_to(right).as_posix() for p in right.rglob("*") if p.is_file()}
    wrong = [f"only in one site: {n}" for n in sorted(names ^ others)]
    floats: list[str] = []
    for name in sorted(names & others):
        a, b = (left / name).read_bytes(), (right / name).read_bytes()
        if a != b:
            found = _page_differences(name, a, b)
            wrong += found[0]
            floats += found[1]
    return wrong, floats


def test_build_on_spark_writes_the_same_site(series, spark_session, tmp_path, monkeypatch):
    """``analysis.engine: spark`` builds the same site as DuckDB: the same files, byte for
    byte but for the last bits of float literals (chart data of group means, within 1e-12)
    and the build manifest's hashes of them. The engine runs on the test session
    (``open_engine`` is handed it) rather than a JVM of its own."""
    import sitegen.engines

    assert importlib.util.find_spec("pyarrow"), (
        "sitegen build on Spark needs pyarrow (SparkEngine.copy_to collects each table with "
        "DataFrame.toArrow), which the spark extra does not install")
    opened = []
    original = sitegen.engines.open_engine

    def on_test_session(settings=None, session=None):
        opened.append(settings)
        return original(settings, session=spark_session)

    duck = _build(_project(tmp_path / "duckdb", series), "duckdb")
    monkeypatch.setattr(sitegen.engines, "open_engine", on_test_session)
    drop_temp_views(spark_session)
    spark = _build(_project(tmp_path / "spark", series), "spark")
    assert [s["engine"] for s in opened] == ["spark"]  # the build did run on Spark
    assert dataclasses.astuple(duck)[1:4] == dataclasses.astuple(spark)[1:4]
    assert duck.pages > 10
    wrong, floats = _tree_differences(tmp_path / "duckdb" / "output",
                                      tmp_path / "spark" / "output")
    assert not wrong, _message("sitegen build", wrong, floats)

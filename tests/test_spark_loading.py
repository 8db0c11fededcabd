"""Issue 13: snapshots read and checked on the Spark engine, with no DuckDB copy of the data.

The same snapshot loaded on DuckDB and on Spark gives the same typed tables, row for row and
type for type, the same coverage and warnings, and the same ``sitegen analyze`` JSON (floats to
a relative 1e-12 where Spark adds in another order); a bad snapshot gives the same located
problems on both. Every test is marked ``spark`` and runs on conftest's local[2] session
(``spark``: the engine on it).
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from conftest import generated_series, json_differences, tiny_network, write_tree
from test_column_maps import ACCOUNTS, MIXED_ENDS
from test_parquet_inputs import parquet_twin
from typer.testing import CliRunner

from sitegen.config import AnalysisSettings
from sitegen.errors import SnapshotError
from sitegen.snapshots import load_series, open_db

pytestmark = pytest.mark.spark

EMAIL = Path(__file__).resolve().parents[2] / "shared" / "data" / "email-eu-core"
TABLES = ("accounts", "follows", "interactions", "posts")


def tables(snapshots) -> dict:
    """Every typed table of every snapshot, sorted, with the Python type of each value."""
    found = {}
    for snapshot in snapshots:
        for name in TABLES:
            rows = snapshot.db.execute(f"SELECT * FROM {snapshot.schema}.{name} ORDER BY ALL"
                                       ).fetchall()
            found[snapshot.schema, name] = [tuple((v, type(v).__name__) for v in row)
                                            for row in rows]
    return found


def described(snapshots) -> list:
    return [(s.name, s.taken, s.attributes, s.warnings, s.coverage, s.present)
            for s in snapshots]


def same_load(path: Path, spark, **settings) -> list:
    """Load ``path`` on both engines; assert the same tables and descriptions."""
    db = open_db("1GB")
    try:
        duck = load_series(path, db, AnalysisSettings(**settings))
        on_spark = load_series(path, spark, AnalysisSettings(**settings))
        assert described(on_spark) == described(duck)
        assert tables(on_spark) == tables(duck)
        assert all(s.db is spark.db for s in on_spark)
    finally:
        db.close()
    return on_spark


def analysis_json(path: Path, engine) -> dict:
    from sitegen.analysis import export
    from sitegen.analysis.pipeline import run_analysis

    analysis = run_analysis(path, engine, AnalysisSettings())
    out = io.StringIO()
    export.write_json(analysis, out, series=len(analysis.reports) > 1)
    return json.loads(out.getvalue())


def close(a, b) -> list[str]:
    """Where two JSON values differ (floats beyond a relative 1e-12; types exactly)."""
    return json_differences(a, b)[0]


def same_analysis(path: Path, spark) -> None:
    db = open_db("1GB")
    try:
        duck = analysis_json(path, db)
    finally:
        db.close()
    differences = close(duck, analysis_json(path, spark))
    assert not differences, "\n".join(differences[:30])


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    """A seeded network with posts, interactions and times: one snapshot."""
    out = generated_series(tmp_path_factory.mktemp("generated"), seed=5, accounts=150,
                           follows=1_200, interactions=600, posts=400, snapshots=1,
                           buyer_followers=0, network="loading")
    [snapshot] = sorted(p for p in out.iterdir() if p.is_dir())
    return snapshot


# ------------------------------------------------------------------ valid snapshots


def test_the_tiny_network_loads_alike(tmp_path, spark):
    folder = write_tree(tmp_path, tiny_network()) / "content" / "snapshots" / "2024-03"
    same_load(folder, spark)


def test_a_generated_network_with_posts_loads_alike(generated, spark):
    """(tests/test_engine_parity.py compares the analysis of a generated series, loaded on
    each engine, JSON, CSV and built site; not repeated here, for time.)"""
    [snapshot] = same_load(generated, spark)
    assert snapshot.coverage.posts.timed and snapshot.coverage.interactions.timed


def test_a_parquet_snapshot_loads_alike(generated, tmp_path, spark):
    same_load(parquet_twin(generated, tmp_path / "parquet"), spark)


def test_a_yaml_snapshot_loads_alike(tmp_path, spark):
    path = write_tree(tmp_path, {"2024-05.yml": """
        taken: 2024-05-31
        accounts:
          - {id: a, handle: ann, created_at: 2020-01-02T03:04:05+02:00, followers_count: 3}
          - {id: b, handle: bob, default_profile: true}
        follows:
          - {follower: a, followed: b, since: 2024-05-01}
          - {follower: b, followed: a}
    """}) / "2024-05.yml"
    same_load(path, spark)


GLOB_NAMES = {"2024-03 [1]": "2024-03 1", "2024-03 {a,b}": "2024-03 a", "2024-03 *": "2024-03 x",
              "2024-03 \\d": "2024-03 d"}


@pytest.mark.parametrize("form", ["csv", "parquet"])
@pytest.mark.parametrize("name", sorted(GLOB_NAMES))
def test_a_folder_named_with_glob_characters_is_read_as_named(tmp_path, spark, name, form):
    """Hadoop expands ``*``, ``?``, ``[...]`` and ``{a,b}`` in a path and reads ``\\`` as an
    escape: ``2024-03 [1]`` read ``2024-03 1``'s files, ``2024-03 {a,b}`` those of
    ``2024-03 a`` (schemes.spark_name)."""
    for folder, follows in ((name, "a,b\nb,a\n"), (GLOB_NAMES[name], "a,c\n")):
        target = write_tree(tmp_path / "csv", {
            f"{folder}/accounts.csv": "id\na\nb\nc\n",
            f"{folder}/follows.csv": "follower,followed\n" + follows,
            f"{folder}/interactions.csv": "source,target,kind\na,b,reply\n"}) / folder
        if form == "parquet":
            target = parquet_twin(target, tmp_path / "parquet" / folder)
    [snapshot] = same_load(target.parent / name, spark)
    assert snapshot.db.execute(f"SELECT count(*) FROM {snapshot.schema}.follows"
                               ).fetchone()[0] == 2


@pytest.mark.parametrize("follows", MIXED_ENDS.values(), ids=MIXED_ENDS)
def test_mixed_line_ends_load_alike(tmp_path, spark, follows):
    """Spark takes the header's line end for every record: rows ending otherwise ran into
    one record (a CRLF header over LF rows was refused, "does not match the header's 3
    columns", where DuckDB reads the file), unless the file is read from an LF copy."""
    folder = write_tree(tmp_path, {"2024-03/accounts.csv": ACCOUNTS,
                                   "2024-03/follows.csv": follows}) / "2024-03"
    [snapshot] = same_load(folder, spark)
    assert snapshot.db.execute(f"SELECT count(*) FROM {snapshot.schema}.follows"
                               ).fetchone()[0] == 3


@pytest.mark.parametrize(("ends", "header"), [("\n", "id,handle,name"),
                                             ("\r\n", "id,handle,name"),
                                             ("\r\n", "id,handle,name,,")],
                         ids=["LF", "CRLF", "CRLF, the header's too"])
def test_empty_values_ending_a_row_load_alike(tmp_path, spark, ends, header):
    """Some exports end every line with a comma: DuckDB reads 'a,b,' under two columns as
    'a,b' (docs/snapshots.md); Spark refused each such row ("more values than the header has
    columns"). A spreadsheet ends the header so too."""
    rows = [header, "q,quinn,", "a,ann,Ann,", 'b,bob,"Bob, ""B""",,']
    folder = write_tree(tmp_path, {"2024-03/accounts.csv": ends.join(rows) + ends,
                                   "2024-03/follows.csv": "follower,followed\na,q,\nb,q,,\n"})
    [snapshot] = same_load(folder / "2024-03", spark)
    assert snapshot.db.execute(f"SELECT count(*) FROM {snapshot.schema}.follows"
                               ).fetchone()[0] == 2


def test_ids_and_names_padded_with_spaces_of_any_script_load_alike(tmp_path, spark):
    """DuckDB's trim removes the spaces of every script (no-break, ideographic ...); Spark's
    removed ' ' alone, and an id padded with another space was an unknown account there."""
    nbsp, wide = "\u00a0", "\u3000"
    folder = write_tree(tmp_path, {
        "accounts.csv": f"id,handle,name\n ann,{nbsp}ann{nbsp},Ann{wide}\nbob{nbsp},bob,Bob\n",
        "follows.csv": f"follower,followed\n{wide}ann,bob \nbob,ann{nbsp}\n",
    })
    [snapshot] = same_load(folder, spark, unknown_accounts="error")
    assert snapshot.db.execute(f"SELECT id, handle, name FROM {snapshot.schema}.accounts "
                               "ORDER BY id").fetchall() == [("ann", "ann", "Ann"),
                                                             ("bob", "bob", "Bob")]


def test_a_real_network_loads_and_analyses_alike(tmp_path, spark):
    if not EMAIL.is_dir():
        pytest.skip(f"real network data not found at {EMAIL} (../shared/data, beside the "
                    "repository)")
    from sitegen.cli import app

    out = tmp_path / "email"
    result = CliRunner().invoke(app, ["import", str(EMAIL / "email-Eu-core.txt"), "--from",
                                      "edgelist", "--out", str(out)])
    assert result.exit_code == 0, result.output
    same_load(out, spark)
    same_analysis(out, spark)


# ------------------------------------------------------------------ bad snapshots

BAD = {
    "blank id": {"accounts.csv": "id,handle\nq,quinn\n ,ann\n",
                 "follows.csv": "follower,followed\nq,q\n"},
    "unknown account": {"accounts.csv": "id,handle\nq,quinn\na,ann\n",
                        "follows.csv": "follower,followed\na,q\nq,zed\nzed,a\n"},
    "bad date": {"accounts.csv": "id,created_at\nq,2024-13-45\na,2024-02-01\nb,yesterday\n",
                 "follows.csv": "follower,followed,since\na,q,2024-01-01\nb,q,soon\n"},
    "NUL": {"accounts.csv": "id,bio\nq,fine\na,nul\x00here\n",
            "follows.csv": "follower,followed\na,q\n"},
    "wide record": {"accounts.csv": "id,handle\nq,quinn\na,ann,extra\n",
                    "follows.csv": "follower,followed\na,q\n"},
    "wide record among rows ending empty": {
        "accounts.csv": "id,handle\nq,quinn,\na,ann,,x\nb,bob, \nc,cleo,,\nd\n",
        "follows.csv": "follower,followed\na,q\n"},
    "bad count and kind": {"accounts.csv": "id,followers_count\nq,12\na,1.5\nb,1e300\n",
                           "interactions.csv": "source,target,kind,count\nq,a,reply,1\n"
                                               "a,q,shout,2\nq,b,like,0x10\n"},
}


def problems(path: Path, engine) -> str:
    with pytest.raises(SnapshotError) as caught:
        load_series(path, engine, AnalysisSettings(unknown_accounts="error"))
    return str(caught.value)


@pytest.mark.parametrize("case", sorted(BAD))
def test_a_bad_snapshot_gives_the_same_located_problems(case, tmp_path, spark):
    folder = tmp_path / "snapshots" / "2024-03"
    folder.mkdir(parents=True)
    for name, text in BAD[case].items():
        (folder / name).write_bytes(text.encode("utf-8"))
    db = open_db("1GB")
    try:
        expected = problems(folder, db)
    finally:
        db.close()
    assert problems(folder, spark) == expected
    assert ":2:" in expected or ":3:" in expected or ":4:" in expected  # located by line

"""The Spark engine: the DuckDB -> Spark SQL transpiler (no Spark needed), golden files of the
analysis SQL as Spark gets it, the engine's settings and errors, and (marked ``spark``) the
same analysis on DuckDB and on a local Spark session, row for row.

Regenerate the golden files after a deliberate change (then review the diff):
``SITEGEN_REGENERATE_GOLDEN=1 python -m pytest tests/test_spark_engine.py -k golden``.
"""

from __future__ import annotations

import dataclasses
import os
import sys
from datetime import date, datetime
from pathlib import Path

import duckdb
import pytest

from sitegen.errors import EngineError, SitegenError

pytest.importorskip("sqlglot", reason="the Spark engine's transpiler needs sqlglot: "
                    "pip install 'sitegen-reports[spark]'")

from sitegen.analysis import activity, audit, network, purpose, series  # noqa: E402
from sitegen.analysis.classify import CLASSIFY_SQL, TEXTS  # noqa: E402
from sitegen.analysis.metrics import ACCOUNT_METRICS_SQL, PAIRS  # noqa: E402
from sitegen.config import AnalysisSettings  # noqa: E402
from sitegen.engines import open_engine  # noqa: E402
from sitegen.engines.spark import (  # noqa: E402
    SparkSettings,
    java_major,
    local_cores,
    require_java,
    require_modules,
    session_conf,
)
from sitegen.engines.transpile import bind, to_spark, transpile, view_name  # noqa: E402

GOLDEN = Path(__file__).parent / "golden" / "spark_sql"
REGENERATE = os.environ.get("SITEGEN_REGENERATE_GOLDEN") == "1"


def one(sql: str, params=None):
    """The only Statement of ``sql``."""
    [statement] = transpile(sql, params)
    return statement


# ------------------------------------------------------------------ parameters and names


def test_parameters_become_literals_and_text_in_strings_stays():
    sql = bind("SELECT $a, $b FROM t WHERE x = '$a ?' -- $b", {"a": 1, "b": "it's"})
    assert sql == "SELECT 1, 'it''s' FROM t WHERE x = '$a ?' -- $b"
    assert bind("SELECT ?, ?::VARCHAR[]", [None, ["x", "y"]]) == \
        "SELECT NULL, ['x', 'y']::VARCHAR[]"


def test_literals_keep_their_duckdb_types():
    assert bind("SELECT ?", [0.1]) == "SELECT CAST('0.1' AS DOUBLE)"  # DOUBLE, not DECIMAL
    assert bind("SELECT ?, ?", [True, -3]) == "SELECT TRUE, (-3)"
    assert bind("SELECT ?, ?", [date(2024, 3, 1), datetime(2024, 3, 1, 12, 30)]) == \
        "SELECT DATE '2024-03-01', TIMESTAMP '2024-03-01 12:30:00'"
    assert one("SELECT $p", {"p": "a\\s+b"}).sql == "SELECT 'a\\\\s+b'"  # Spark escapes \


def test_a_missing_parameter_is_an_error():
    with pytest.raises(EngineError, match=r"\$b"):
        bind("SELECT $a, $b", {"a": 1})


def test_schema_tables_become_plain_views():
    assert view_name("s0.accounts") == "s0__accounts"
    assert view_name("temp.main.lookalike") == "lookalike"
    assert one("SELECT * FROM s0.follows f JOIN temp.main.x USING (k)").sql == \
        "SELECT * FROM s0__follows AS f JOIN x USING (k)"


# ------------------------------------------------------------------ statements


def test_tables_become_actions_on_views():
    made = one("CREATE OR REPLACE TABLE s0.t AS SELECT 1 AS k")
    assert (made.kind, made.table, made.sql) == ("materialise", "s0__t", "SELECT 1 AS k")
    empty = one("CREATE TABLE s.t (k INTEGER, id VARCHAR, at TIMESTAMP)")
    assert (empty.kind, empty.sql) == ("create_empty", "k INT, id STRING, at TIMESTAMP_NTZ")
    assert one("INSERT INTO s.t VALUES (1, 'a', NULL)").sql == "VALUES (1, 'a', NULL)"
    update = one("UPDATE s0.c SET class = 'u', score = NULL WHERE id NOT IN (SELECT id FROM s0.o)")
    assert update.columns == (("class", "'u'"), ("score", "NULL"))
    assert update.sql == "NOT id IN (SELECT id FROM s0__o)"
    assert one("DELETE FROM s0.t").sql == "TRUE"
    assert one("ALTER TABLE s0.t ADD COLUMN share DOUBLE").columns == (("share", "DOUBLE"),)
    assert one("DROP TABLE IF EXISTS s0.t").if_exists
    assert one("DROP SCHEMA IF EXISTS s0 CASCADE").table == "s0"
    kinds = [s.kind for s in transpile("CREATE SCHEMA s1; SET TimeZone = 'UTC'; DESCRIBE s1.t")]
    assert kinds == ["noop", "noop", "query"]


def test_macros_are_expanded_where_they_are_called():
    steps = transpile("CREATE OR REPLACE TEMP MACRO twice(x) AS x * 2; "
                      "CREATE OR REPLACE TEMP MACRO quad(x) AS twice(twice(x)); "
                      "SELECT quad(a + 1) FROM t")
    assert [s.kind for s in steps] == ["macro", "macro", "query"]
    assert steps[-1].sql == "SELECT (((((a + 1) * 2)) * 2)) FROM t"


def test_a_statement_spark_cannot_run_is_an_error_naming_it():
    with pytest.raises(EngineError, match="cannot run this DuckDB statement: COPY"):
        transpile("COPY (SELECT 1) TO 'x.csv'")


# ------------------------------------------------------------------ fix-ups


def test_printf_is_null_when_an_argument_is():
    sql = one("SELECT printf('%d of ' || '%.2f', n, r)").sql
    assert sql.startswith("SELECT CASE WHEN n IS NULL OR r IS NULL THEN NULL ELSE ")


# values whose shortest decimal form ends in 5 (0.95 is stored just below, 3.45 just above,
# 0.625 exactly): C rounds the stored value, half to even; Java's %.Nf rounds 0.95 up
PRINTF_VALUES = [0.95, 0.625, 3.45, -0.04, 2.675, 0.125, 0.05, 1.005, -2.5, 1234567.25, 0.0,
                 -0.0, 1e20, 0.045, 38 / 40, 69 / 20, 21 / 20, 10 / 16, None]


@pytest.mark.spark
def test_printf_writes_what_duckdb_writes(spark_session):
    from sitegen.engines.spark_db import SparkConnection

    # the format as the analysis writes it: literals side by side and joined with ||
    sql = ("SELECT x, printf('%.0f|%.1f'\n'|%.2f' || ' (%d)', x, x, x, 7) FROM "
           "(SELECT unnest($v) AS x) ORDER BY x NULLS LAST")
    params = {"v": PRINTF_VALUES}
    expected = duckdb.connect().execute(sql.replace("$v", "$v::DOUBLE[]"), params).fetchall()
    found = SparkConnection(spark_session).execute(sql, params).fetchall()
    assert [r[1] for r in found] == [r[1] for r in expected]


def test_decimal_literals_are_doubles_and_divisions_never_raise():
    assert one("SELECT 2.0 * a / b").sql == "SELECT CAST(2.0 AS DOUBLE) * a / NULLIF(b, 0)"
    assert one("SELECT a / nullif(b, 0)").sql == "SELECT a / NULLIF(b, 0)"


def test_functions_sqlglot_leaves_wrong():
    assert one("SELECT strlen(h)").sql == "SELECT OCTET_LENGTH(h)"
    assert one("SELECT prefix(h, ' ') OR suffix(h, ' ')").sql == \
        "SELECT STARTSWITH(h, ' ') OR ENDSWITH(h, ' ')"
    assert one("SELECT trim(h)").sql == "SELECT TRIM(BOTH ' \u00a0\u1680\u2000\u2001" \
        "\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000' FROM h)"
    assert one("SELECT isodow(t)").sql == "SELECT (WEEKDAY(t) + 1)"
    assert one("SELECT epoch(t)").sql == ("SELECT (CAST(UNIX_MICROS(CAST(t AS TIMESTAMP_LTZ)) "
                                         "AS DOUBLE) / CAST(1000000 AS DOUBLE))")
    assert one("SELECT timezone($z, timezone('UTC', t))", {"z": "Europe/Paris"}).sql == \
        "SELECT CONVERT_TIMEZONE('UTC', 'Europe/Paris', t)"
    assert one("SELECT d - to_days(3)").sql == "SELECT d - MAKE_DT_INTERVAL(3)"
    assert one("SELECT regexp_matches(t, ?)", ["(?i)x"]).sql == "SELECT t RLIKE '(?u)(?i)x'"


def test_sums_in_order_are_plain_sums_and_lists_keep_their_order():
    assert one("SELECT avg(x ORDER BY x), stddev_pop(g ORDER BY g) FROM t").sql == \
        "SELECT AVG(x), STDDEV_POP(g) FROM t"
    assert one("SELECT string_agg(y, ',' ORDER BY y) FROM t").sql == \
        "SELECT LISTAGG(y, ',') WITHIN GROUP (ORDER BY y NULLS LAST) FROM t"


def test_the_loaders_checks_keep_their_duckdb_meaning():
    assert one("SELECT isfinite(x)").sql == \
        "SELECT (NOT ISNAN(x) AND ABS(x) <> CAST('Infinity' AS DOUBLE))"
    assert one("SELECT floor(TRY_CAST(x AS DOUBLE))").sql == (
        "SELECT CASE WHEN ABS(TRY_CAST(x AS DOUBLE)) < 4503599627370496 THEN "
        "CAST(FLOOR(TRY_CAST(x AS DOUBLE)) AS DOUBLE) ELSE TRY_CAST(x AS DOUBLE) END")
    assert one("SELECT floor(x)").sql == "SELECT FLOOR(x)"  # the analysis's, as before
    assert one("SELECT CAST(TRY_CAST(t AS TIMESTAMPTZ) AS TIMESTAMP)").sql == \
        "SELECT CAST(TRY_CAST(t AS TIMESTAMP_LTZ) AS TIMESTAMP_NTZ)"
    guarded = one("SELECT TRY_CAST(trim(c) AS DOUBLE)").sql
    assert guarded.startswith("SELECT CASE WHEN TRIM(BOTH ' ") and "FROM c) RLIKE '^" in guarded
    assert guarded.endswith("ELSE NULL END")
    assert one("SELECT n FROM (UNPIVOT s0.r ON a, b INTO NAME n VALUE v)").sql == \
        "SELECT n FROM (SELECT * FROM (SELECT a, b FROM s0__r) UNPIVOT(v FOR n IN (a, b)))"


def test_two_unnests_in_one_select_are_paired_as_in_duckdb():
    sql = one("SELECT unnest($n) AS name, unnest($k) AS key", {"n": ["a"], "k": ["x"]}).sql
    assert sql == "SELECT INLINE(ARRAYS_ZIP(ARRAY('a'), ARRAY('x'))) AS (name, key)"


# ------------------------------------------------------------------ golden files


def _full_coverage() -> dict[str, str]:
    """seen_conditions of a snapshot that measures everything (compute_account_metrics)."""
    names = ("followers_seen", "following_seen", "posts_seen", "given_seen", "received_seen",
             "ties_seen")
    return dict.fromkeys(names, "true")


def _classify_params(settings: AnalysisSettings = AnalysisSettings()) -> dict:
    """classify_accounts's parameters for a snapshot that measures everything."""
    return {"active_min": settings.active_min_actions,
            "consumer_min": settings.consumer_min_following,
            "recip_min": settings.reciprocator_min_reciprocity,
            "recip_min_given": settings.reciprocator_min_given,
            "audience_min": settings.broadcaster_min_audience_ratio,
            "has_posts": True, "has_interactions": True, "has_follows": True,
            "has_received": True, "has_text": True, "undirected": False}


GOLDEN_CASES = {  # file name: (DuckDB SQL, parameters), formatted as the analysis does
    "account_metrics": (ACCOUNT_METRICS_SQL.format(s="s0", **PAIRS, **_full_coverage()), None),
    "classify": (CLASSIFY_SQL.format(s="s0", **TEXTS), _classify_params()),
    "network": (network.NETWORK_SQL.format(s="s0"), None),
    "reach": (activity.REACH_START_SQL.format(s="s0") + ";"
              + activity.REACH_STEP_SQL.format(s="s0"), {"depth": 2}),
    "burstiness": (activity.BURSTINESS_SQL.format(s="s0"), {"min_posts": 10}),
    "rhythm": activity.rhythm_sql("s0", "Europe/Paris"),
    "post_purpose": (purpose.ACCOUNT_SQL.format(s="s0"), None),
    "series_steps": (series.STEPS_SQL + ";" + series.GROWTH_SQL, None),
    "audit": (audit.MACROS_SQL + audit.SIGNALS_SQL,
              {k: v for k, v in dataclasses.asdict(audit.AuditRules()).items()
               if k != "min_score"}),
}


@pytest.mark.parametrize("name", sorted(GOLDEN_CASES))
def test_golden_spark_sql(name):
    sql, params = GOLDEN_CASES[name]
    found = to_spark(sql, params)
    path = GOLDEN / f"{name}.sql"
    if REGENERATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(found, encoding="utf-8")
    assert path.exists(), f"no golden file {path}: run with SITEGEN_REGENERATE_GOLDEN=1"
    assert found == path.read_text(encoding="utf-8"), (
        f"the Spark SQL of {name} changed (a new sqlglot?): review it, then regenerate with "
        "SITEGEN_REGENERATE_GOLDEN=1")


# ------------------------------------------------------------------ settings and errors


def test_settings_from_a_mapping_or_an_object():
    settings = SparkSettings.from_any({"master": "local[2]", "conf": {"spark.x": 1}})
    assert (settings.master, settings.conf) == ("local[2]", {"spark.x": 1})
    assert SparkSettings.from_any(None) == SparkSettings()
    assert SparkSettings.from_any(dataclasses.replace(settings, remote="sc://h")).remote == \
        "sc://h"
    with pytest.raises(EngineError, match="(?s)unknown setting.*mastr.*valid: master"):
        SparkSettings.from_any({"mastr": "local"})


def test_a_local_session_listens_on_loopback_without_ui():
    conf = session_conf(SparkSettings(master="local[3]", conf={"spark.ui.enabled": "true"}),
                        "/tmp/x")
    assert conf["spark.driver.bindAddress"] == conf["spark.driver.host"] == "127.0.0.1"
    assert conf["spark.sql.shuffle.partitions"] == "6"  # 2 per core
    assert conf["spark.sql.warehouse.dir"] == "/tmp/x/warehouse"
    assert "-XX:-UsePerfData" in conf["spark.driver.extraJavaOptions"]
    assert conf["spark.ui.enabled"] == "true"  # the user's conf wins
    assert local_cores("local") == 1 and local_cores("spark://h:7077") == 1


def test_a_cluster_driver_keeps_its_addresses_and_partitions():
    # executors on other machines must reach the driver: no loopback binding there
    conf = session_conf(SparkSettings(master="yarn"), "/tmp/x")
    assert "spark.driver.host" not in conf and "spark.driver.bindAddress" not in conf
    assert "spark.sql.shuffle.partitions" not in conf  # the cluster's default (and AQE)
    chosen = session_conf(SparkSettings(master="spark://h:7077", shuffle_partitions=64), "/x")
    assert chosen["spark.sql.shuffle.partitions"] == "64"


def test_java_versions():
    assert java_major('openjdk version "17.0.15" 2025-04-15') == 17
    assert java_major('java version "1.8.0_402"') == 8
    assert java_major("nothing") is None


def test_missing_java_is_a_user_error_saying_what_to_install(monkeypatch, tmp_path):
    monkeypatch.setenv("JAVA_HOME", str(tmp_path))
    with pytest.raises(EngineError, match="Java 17") as caught:
        require_java()
    assert isinstance(caught.value, SitegenError)  # the CLI exits 2
    assert "openjdk-17-jre-headless" in str(caught.value)


def test_missing_pyspark_is_a_user_error_naming_the_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "pyspark", None)  # import fails
    with pytest.raises(EngineError, match=r"(?s)needs pyspark.*sitegen-reports\[spark\]"):
        require_modules()
    with pytest.raises(EngineError, match="needs pyspark"):
        open_engine({"engine": "spark"})


def test_an_unknown_engine_lists_the_valid_ones():
    with pytest.raises(EngineError, match="(?s)no engine .polars.*valid: duckdb, spark"):
        open_engine({"engine": "polars"})


# ------------------------------------------------------------------ on Spark


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    """A seeded network of two monthly snapshots (about 240 accounts, 2,400 follows)."""
    from conftest import generated_series

    return generated_series(tmp_path_factory.mktemp("network"), seed=3, accounts=240,
                            follows=2_400, interactions=1_200, posts=500, snapshots=2,
                            buyer_followers=60, network="test")


@pytest.fixture
def on_spark(spark_session):
    """``on_spark(snapshots)``: the snapshots with their tables handed to Spark and ``db``
    the Spark engine's connection."""
    from sitegen.engines.spark_engine import SparkEngine, hand_over

    engine = SparkEngine(session=spark_session)

    def _move(snapshots):
        moved = []
        for snapshot in snapshots:
            tables = snapshot.db.execute("SELECT table_name FROM information_schema.tables "
                                         "WHERE table_schema = ?", [snapshot.schema]).fetchall()
            hand_over(snapshot.db, engine, [f"{snapshot.schema}.{t}" for (t,) in tables])
            moved.append(dataclasses.replace(snapshot, db=engine.db))
        return moved

    return _move


@pytest.mark.spark
def test_account_metrics_are_identical_on_both_engines(load, make_snapshot, generated,
                                                       on_spark):
    from conftest import tiny_network

    tiny = make_snapshot("tiny", {k.split("2024-03/")[1]: v for k, v in tiny_network().items()})
    for snapshot in [*load(tiny), *load(generated)[:1]]:
        [moved] = on_spark([snapshot])
        sql = ACCOUNT_METRICS_SQL.format(s=snapshot.schema, **PAIRS, **_full_coverage())
        table = f"{snapshot.schema}.account_metrics"
        rows = []
        for db in (snapshot.db, moved.db):
            db.execute(sql)
            rows.append(db.execute(f"SELECT * FROM {table} ORDER BY k").fetchall())
        assert rows[0] == rows[1] and len(rows[0]) > 3
        assert [type(v) for v in rows[0][0]] == [type(v) for v in rows[1][0]]


@pytest.mark.spark
def test_a_snapshot_analysis_is_identical_on_both_engines(load, generated, on_spark):
    from sitegen.analysis.report import analyze_snapshot

    settings = AnalysisSettings()
    [snapshot] = load(generated / "2024-02")
    [moved] = on_spark([snapshot])
    duck, spark = analyze_snapshot(snapshot, settings), analyze_snapshot(moved, settings)
    assert duck.network == spark.network
    assert duck.accounts() == spark.accounts()  # every figure, class, score and reason


@pytest.mark.spark
def test_views_behave_as_duckdb_tables(spark_session):
    from sitegen.engines.spark_db import SparkConnection

    db = SparkConnection(spark_session)
    db.execute("DROP SCHEMA IF EXISTS t0 CASCADE; CREATE SCHEMA t0; "
               "CREATE OR REPLACE TABLE t0.x (k INTEGER, v VARCHAR)")
    db.executemany("INSERT INTO t0.x VALUES (?, ?)", [(1, "a"), (2, None), (3, "c")])
    db.execute("UPDATE t0.x SET v = 'b' WHERE k = 2; DELETE FROM t0.x WHERE k = 3; "
               "ALTER TABLE t0.x ADD COLUMN share DOUBLE; "
               "CREATE OR REPLACE TABLE t0.x AS SELECT k + 10 AS k, v, share FROM t0.x")
    assert db.execute("SELECT * FROM t0.x ORDER BY k").fetchall() == [(11, "a", None),
                                                                        (12, "b", None)]
    assert [d[:2] for d in db.description] == [("k", "int"), ("v", "string"),
                                               ("share", "double")]
    assert db.execute("SELECT k FROM t0.x ORDER BY k").fetchmany(1) == [(11,)]
    db.execute("DROP SCHEMA t0 CASCADE")
    assert not [t for t in spark_session.catalog.listTables() if t.name.startswith("t0__")]

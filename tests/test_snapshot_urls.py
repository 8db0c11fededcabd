"""Issue 13: snapshots named by URL (``s3://``, ``hdfs://``, ``file://`` ...), found and read
through the engine (``sitegen.snapshots.location``), as local folders are.

Everything runs on ``file://`` URLs of folders in tmp_path: Spark reads them through Hadoop's
FileSystem exactly as it reads ``s3a://`` or ``hdfs://`` ones (the same calls, another
connector), and DuckDB through ``glob()`` and ``read_blob()``. The Spark tests share conftest's
local[2] session (``spark``).
"""

from __future__ import annotations

import csv
import io
import json
import logging
import math
import shutil
from pathlib import Path

import pytest
from conftest import write_tree
from test_parquet_inputs import copy_sql, csv_as_parquet
from test_spark_loading import analysis_json, close, described, tables

from sitegen.analysis import export
from sitegen.analysis.pipeline import run_analysis
from sitegen.config import AnalysisSettings
from sitegen.errors import EngineError, SnapshotError
from sitegen.snapshots import load_series, open_db

pytestmark = pytest.mark.usefixtures("restore_logging")

MARCH = {
    "snapshot.yml": """
        taken: 2024-03-31
        network: riverside
        window_days: 31
        attributes: [age_band]
        columns: {accounts: {handle: screen}}
    """,
    "accounts.csv": """
        id,screen,followers_count,age_band
        news,riverside_news,5400,
        ana,ana_k,,30-44
        ben,benm,,18-29
        cleo,cleo,,45-64
    """,
    "follows.csv": """
        follower,followed,since
        ana,news,2023-05-02
        ben,news,2023-11-20
        cleo,news,2024-01-15
        ana,ben,2022-08-30
        ben,ana,2022-08-31
    """,
    "interactions.csv": """
        source,target,kind,at,count
        ana,ben,reply,2024-03-04T09:12:00,1
        ben,ana,reply,2024-03-04T09:30:00,1
        ana,news,repost,2024-03-06T07:45:00,1
    """,
    "posts.csv": """
        author,at,id
        news,2024-03-01T08:00:00,p1
        news,2024-03-05T08:00:00,p2
        ana,2024-03-04T09:00:00,p3
    """,
    "notes.csv": "not,a,table\n",  # warned about, as in a local folder
}
APRIL_FOLLOWS = "follower,followed\nana,news\nben,news\ncleo,news\nana,ben\nben,ana\ncleo,ana\n"


def april(folder: Path) -> Path:
    """A Parquet snapshot: accounts in one file, follows in a folder of Spark part files."""
    scratch = write_tree(folder.parent.parent / "csv-april", {
        "accounts.csv": "id,handle\nnews,riverside_news\nana,ana_k\nben,benm\ncleo,cleo\n",
        "follows.csv": APRIL_FOLLOWS})
    csv_as_parquet(scratch / "accounts.csv", folder / "accounts.parquet")
    parts = folder / "follows.parquet"
    copy_sql(f"FROM read_csv('{scratch / 'follows.csv'}') LIMIT 3", parts / "part-00000.parquet")
    copy_sql(f"FROM read_csv('{scratch / 'follows.csv'}') OFFSET 3", parts / "part-00001.parquet")
    (parts / "_SUCCESS").write_text("")
    (folder / "snapshot.yml").write_text("taken: 2024-04-30\nnetwork: riverside\n")
    return folder


@pytest.fixture(scope="module")
def series(tmp_path_factory) -> Path:
    """Two snapshots: March in CSV (with a column map, attributes, times, a stray file),
    April in Parquet (a file, and a folder of part files)."""
    snapshots = tmp_path_factory.mktemp("by-url") / "snapshots"
    write_tree(snapshots / "2024-03", MARCH)
    april(snapshots / "2024-04")
    return snapshots


def url(path: Path) -> str:
    return path.as_uri()


def as_paths(found, folder: Path) -> list:
    """``described`` of loaded snapshots with their URLs written as local paths."""
    return json.loads(json.dumps(described(found), default=str).replace(url(folder),
                                                                         str(folder)))


def error(path, engine, **settings) -> str:
    with pytest.raises(SnapshotError) as caught:
        load_series(path, engine, AnalysisSettings(**settings))
    return str(caught.value)


def broken(tmp_path: Path, files: dict[str, str]) -> Path:
    """A series folder holding one snapshot, 2024-03, of ``files``."""
    write_tree(tmp_path / "snapshots" / "2024-03", files)
    return tmp_path / "snapshots"


# ------------------------------------------------------------------ Spark


@pytest.mark.spark
def test_a_series_by_url_on_spark_is_the_series_by_path(series, spark, caplog):
    """Loaded and analysed on Spark by URL: the typed tables, descriptions, warnings and
    figures of the same folder by path (here on DuckDB, which the Spark engine matches table
    for table: test_spark_loading.py; floats to a relative 1e-12)."""
    db = open_db("1GB")
    try:
        by_path = load_series(series, db)
        expected_tables, expected = tables(by_path), as_paths(by_path, series)
        expected_json = analysis_json(series, db)
    finally:
        db.close()
    caplog.clear()
    with caplog.at_level(logging.WARNING):
        analysis = run_analysis(url(series), spark, AnalysisSettings())
    by_url = [report.snapshot for report in analysis.reports]
    assert [str(s.source) for s in by_url] == [url(series / "2024-03"), url(series / "2024-04")]
    assert as_paths(by_url, series) == expected
    assert tables(by_url) == expected_tables
    assert f"{url(series)}/2024-03/notes.csv: ignored" in caplog.text
    out = io.StringIO()
    export.write_json(analysis, out, series=True)
    differences = close(expected_json, json.loads(out.getvalue()))
    assert not differences, "\n".join(differences[:30])


def csv_rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def same_value(a: str, b: str) -> bool:
    """Equal text, or equal numbers to a relative 1e-12 (Spark and DuckDB print floats)."""
    if a == b:
        return True
    try:
        return math.isclose(float(a), float(b), rel_tol=1e-12)
    except ValueError:
        return False


@pytest.mark.spark
def test_the_per_account_csv_to_a_url_is_written_by_spark(series, spark, tmp_path):
    """``--output URL`` on Spark: the executors write a folder of part files (each with the
    header), whose rows, read in part order, are DuckDB's file's rows."""
    db = open_db("1GB")
    try:
        export.write_csv(list(run_analysis(series, db, AnalysisSettings()).reports),
                         tmp_path / "duckdb.csv")
    finally:
        db.close()
    expected = csv_rows((tmp_path / "duckdb.csv").read_text())
    target = tmp_path / "by-spark"
    export.write_csv(list(run_analysis(url(series), spark, AnalysisSettings()).reports),
                     url(target))
    parts = sorted(target.glob("part-*.csv"))
    assert parts and (target / "_SUCCESS").exists()
    rows = [row for part in parts for row in csv_rows(part.read_text())[1:]]
    assert [csv_rows(part.read_text())[0] for part in parts] == [expected[0]] * len(parts)
    assert len(rows) == len(expected) - 1 > 0
    different = [(a, b) for want, got in zip(expected[1:], rows)
                 for a, b in zip(want, got, strict=True) if not same_value(a, b)]
    assert not different, different[:10]


@pytest.mark.spark
def test_one_snapshot_by_url_and_a_trailing_slash(series, spark):
    [snapshot] = load_series(url(series / "2024-04") + "/", spark)
    assert (snapshot.name, str(snapshot.taken), snapshot.present) == (
        "2024-04", "2024-04-30", {"accounts", "follows"})


@pytest.mark.spark
def test_a_snapshot_yml_error_by_url_names_the_url(tmp_path, spark):
    folder = broken(tmp_path, {"snapshot.yml": "taken: soon\n", "accounts.csv": "id\na\n"})
    assert error(url(folder), spark) == (f"{url(folder)}/2024-03/snapshot.yml: 'taken': "
                                         "expected a date (YYYY-MM-DD), got 'soon'")
    (folder / "2024-03" / "snapshot.yml").write_text("taken: 2024-03-31\nnetwork: [a\n")
    assert error(url(folder), spark).startswith(f"{url(folder)}/2024-03/snapshot.yml:2: ")


@pytest.mark.spark
def test_bad_records_by_url_name_the_file(tmp_path, spark):
    """A CSV record is quoted (no line: the file is read where it is); a Parquet record is
    numbered in its part file, named by its URL."""
    folder = broken(tmp_path, {"accounts.csv": "id,handle\nq,quinn\na,ann,extra\n"})
    assert error(url(folder), spark) == (
        f"{url(folder)}/2024-03/accounts.csv: a record that does not match the header's 2 "
        "columns: 'a,ann,extra'")
    parts = folder / "2024-04" / "follows.parquet"
    copy_sql("SELECT 'a' AS follower, 'q' AS followed", parts / "part-00000.parquet")
    copy_sql("SELECT * FROM (VALUES ('q', 'a'), ('', 'q')) t(follower, followed)",
             parts / "part-00001.parquet")
    assert error(url(folder / "2024-04"), spark) == (
        f"{url(parts)}/part-00001.parquet: record 2: empty value in column 'follower'")


@pytest.mark.spark
def test_a_url_with_no_snapshots_is_a_clear_error(tmp_path, spark):
    write_tree(tmp_path, {"empty/readme.txt": "nothing here\n"})
    assert error(url(tmp_path / "empty"), spark) == (
        f"{url(tmp_path / 'empty')}: no snapshots found\n  hint: a snapshot is a folder with "
        "accounts.csv / follows.csv ... or a .yml file")
    assert error(url(tmp_path / "missing"), spark) == (
        f"{url(tmp_path / 'missing')}: no such file or folder")
    assert error(url(tmp_path / "empty" / "readme.txt"), spark).startswith(
        f"{url(tmp_path / 'empty' / 'readme.txt')}: not a snapshot")


@pytest.mark.spark
def test_a_scheme_spark_has_no_file_system_for(spark):
    message = error("nosuch://bucket/snapshots", spark)
    assert message.startswith("nosuch://bucket/snapshots: cannot be listed: No FileSystem "
                              'for scheme "nosuch"')


@pytest.mark.spark
def test_without_a_jvm_spark_lists_through_its_reader(series, spark_session):
    """Spark Connect has no JVM in this process: its listing (Spark's binaryFile reader) sees
    what Hadoop's FileSystem sees, but empty folders and ``_``/``.`` names."""
    from sitegen.engines import spark_files

    for folder in (series, series / "2024-03", series / "2024-04" / "follows.parquet"):
        hadoop = spark_files.hadoop_listing(spark_session, url(folder))
        assert spark_files.reader_listing(spark_session, url(folder)) == [
            entry for entry in hadoop if not entry[0].startswith(("_", "."))]
    for nothing in (series / "2024-03" / "notes.csv", series / "missing"):
        assert spark_files.reader_listing(spark_session, url(nothing)) is None
        assert spark_files.hadoop_listing(spark_session, url(nothing)) is None


# ------------------------------------------------------------------ DuckDB


def test_a_series_by_file_url_loads_on_duckdb_as_by_path(series):
    db = open_db("1GB")
    try:
        by_path = load_series(series, db)
        expected_tables, expected = tables(by_path), as_paths(by_path, series)
        by_url = load_series(url(series), db)
        assert as_paths(by_url, series) == expected
        assert tables(by_url) == expected_tables
        parquet_table = url(series / "2024-04" / "follows.parquet")
        assert error(parquet_table, db).startswith(f"{parquet_table}: not a snapshot\n")
    finally:
        db.close()


def test_analyze_takes_a_url_on_the_command_line(series, run, tmp_path):
    out = tmp_path / "by-url.json"
    by_url = run("analyze", url(series), "--format", "json", "--output", str(out))
    assert by_url.exit_code == 0, by_url.output
    by_path = run("analyze", str(series), "--format", "json")
    assert by_path.exit_code == 0, by_path.output
    assert json.loads(out.read_text()) == json.loads(by_path.stdout)
    one = run("analyze", url(series / "2024-03"), "--format", "json")
    assert list(json.loads(one.stdout))[0] == "snapshot"  # one snapshot, not a series


def test_analyze_writes_csv_to_a_url(series, run, tmp_path):
    """DuckDB writes the per-account CSV to a URL itself (one file, as to a path); other
    formats go to a file or stdout, refused before any analysis; a scheme DuckDB cannot
    write is refused before the analysis too."""
    by_url = run("analyze", str(series), "--format", "csv", "--output",
                 url(tmp_path / "accounts.csv"))
    assert by_url.exit_code == 0, by_url.output
    by_path = run("analyze", str(series), "--format", "csv")
    assert (tmp_path / "accounts.csv").read_text() == by_path.stdout
    refused = run("analyze", str(series / "missing"), "--format", "json", "--output",
                  url(tmp_path / "a.json"))
    assert refused.exit_code == 2
    assert "--format json is written to a local file or stdout" in refused.output
    unknown = run("analyze", str(series / "missing"), "--format", "csv", "--output",
                  "hdfs://namenode/out.csv")
    assert unknown.exit_code == 2 and "DuckDB cannot read hdfs:// URLs" in unknown.output


def test_bad_records_by_file_url_on_duckdb_name_the_file(tmp_path):
    folder = broken(tmp_path, {"accounts.csv": "id,handle\nq,quinn\na,ann,extra\n"})
    db = open_db("1GB")
    try:
        assert error(url(folder), db) == (f"{url(folder)}/2024-03/accounts.csv: more values "
                                          "than the header has columns: 'a,ann,extra'")
    finally:
        db.close()


def test_a_yaml_snapshot_by_file_url_is_located_by_line(tmp_path):
    write_tree(tmp_path, {"2024-05.yml": """
        taken: 2024-05-31
        accounts:
          - {id: a, handle: ann}
          - {id: " ", handle: bob}
    """})
    db = open_db("1GB")
    try:
        assert error(url(tmp_path / "2024-05.yml"), db) == (
            f"{url(tmp_path / '2024-05.yml')}:4: empty value in column 'id'")
    finally:
        db.close()


def test_duckdb_says_what_to_do_for_a_url_it_cannot_read(run):
    db = open_db("1GB")
    try:
        with pytest.raises(EngineError, match="DuckDB cannot read hdfs:// URLs") as caught:
            load_series("hdfs://namenode/snapshots", db)
        assert "--engine spark" in str(caught.value)
        installed = db.execute("SELECT installed FROM duckdb_extensions() "
                               "WHERE extension_name = 'httpfs'").fetchone()
        if installed and installed[0]:
            pytest.skip("DuckDB's httpfs extension is installed here")
        with pytest.raises(EngineError) as caught:
            load_series("s3://bucket/snapshots", db)
    finally:
        db.close()
    assert str(caught.value) == (
        "s3://bucket/snapshots: DuckDB reads s3:// URLs with its httpfs extension, which is "
        "not installed here\n  hint: install it once, with network access: python -c "
        "\"import duckdb; duckdb.execute('INSTALL httpfs')\"; or use the Spark engine "
        "(--engine spark)")
    result = run("analyze", "hdfs://namenode/snapshots")
    assert result.exit_code == 2 and "DuckDB cannot read hdfs:// URLs" in result.output


# ------------------------------------------------------------------ paths.snapshots


def site_files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and p.name != ".sitegen-manifest.json"}


def test_a_site_from_snapshots_named_by_paths_snapshots(project, run, tmp_path):
    """``paths.snapshots``: a folder elsewhere (relative to sitegen.yml) or a URL builds the
    site content/snapshots would; ``check`` reads there too; a URL's analysis is reused
    until the URL or a setting changes (its files are not looked into)."""
    write_tree(project / "content" / "snapshots" / "2024-03", MARCH)
    assert run("build", "--quiet").exit_code == 0
    expected = site_files(project / "output")
    elsewhere = tmp_path / "data" / "snaps"
    write_tree(elsewhere / "2024-03", MARCH)
    shutil.rmtree(project / "content" / "snapshots")
    settings = (project / "sitegen.yml").read_text()
    for where in ("../data/snaps", url(elsewhere)):  # the project is tmp_path / "project"
        (project / "sitegen.yml").write_text(settings + f"paths:\n  snapshots: {where}\n")
        shutil.rmtree(project / ".sitegen-cache", ignore_errors=True)
        built = run("build", "--quiet")
        assert built.exit_code == 0, built.output
        assert site_files(project / "output") == expected, where
        checked = run("check")
        assert checked.exit_code == 0, checked.output
    (elsewhere / "2024-03" / "accounts.csv").write_text("id\nnobody\n")  # not looked into
    assert run("build", "--quiet").exit_code == 0
    assert site_files(project / "output") == expected
    (project / "sitegen.yml").write_text(settings + "paths:\n  snapshots: file:///nowhere\n")
    missing = run("build", "--quiet")
    assert missing.exit_code == 2 and "file:///nowhere: no such file or folder" in missing.output


def test_a_change_in_a_snapshots_folder_elsewhere_is_seen(project, run, tmp_path):
    """A folder named by ``paths.snapshots`` is an input of the build like content/: a
    changed file there is analysed again (no shortcut, no stale analysis)."""
    elsewhere = tmp_path / "data" / "snaps"
    write_tree(elsewhere / "2024-03", MARCH)
    settings = (project / "sitegen.yml").read_text()
    (project / "sitegen.yml").write_text(settings + "paths:\n  snapshots: ../data/snaps\n")
    assert run("build", "--quiet").exit_code == 0
    before = site_files(project / "output")
    assert run("build", "--quiet").exit_code == 0
    assert site_files(project / "output") == before
    accounts = elsewhere / "2024-03" / "accounts.csv"
    accounts.write_text(accounts.read_text() + "dana,dana_d,,18-29\n")
    assert run("build", "--quiet").exit_code == 0
    after = site_files(project / "output")
    assert after != before and any(b"dana_d" in content for content in after.values())

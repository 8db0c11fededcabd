"""Issue 13: snapshot tables in Parquet (``NAME.parquet``, a file or a folder of Spark part
files) beside the CSV form: the same raw text tables, the same checks, the same figures, and
errors located by file and record number.

Every Parquet file is written here, at run time, by DuckDB (from CSV text, typed by its
auto-detection, or from SQL for the types a CSV cannot carry); nothing binary is committed.
"""

from __future__ import annotations

import csv
import json
import re
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from conftest import dedent, tiny_network

from sitegen.snapshots.load import is_snapshot
from sitegen.snapshots.to_parquet import to_parquet

pytestmark = pytest.mark.usefixtures("restore_logging")

DOCS = Path(__file__).resolve().parent.parent / "docs" / "snapshots.md"
EMAIL = Path(__file__).resolve().parents[2] / "shared" / "data" / "email-eu-core"
TABLE_NAMES = ("accounts", "follows", "interactions", "posts")

# the example of docs/snapshots.md, with times, counts, profile counts and an attribute
RIVERSIDE = {
    "snapshot.yml": """
        taken: 2024-03-31
        network: riverside
        window_days: 31
    """,
    "accounts.csv": """
        id,handle,name,followers_count,following_count,age_band
        news,riverside_news,Riverside News,5400,12,
        ana,ana_k,Ana K.,,,30-44
        ben,benm,Ben M.,,,18-29
        cleo,cleo,,,40,45-64
        dan,dan,,,,65+
    """,
    "follows.csv": """
        follower,followed,since
        ana,news,2023-05-02
        ben,news,2023-11-20
        cleo,news,2024-01-15
        dan,news,2024-03-02
        ana,ben,2022-08-30
        ben,ana,2022-08-31
        cleo,ana,2024-02-11
        news,ana,2023-06-01
    """,
    "interactions.csv": """
        source,target,kind,at,count
        ana,ben,reply,2024-03-04T09:12:00,1
        ben,ana,reply,2024-03-04T09:30:00,1
        ben,ana,like,2024-03-05T18:00:00,3
        ana,news,repost,2024-03-06T07:45:00,1
        cleo,news,like,2024-03-08T12:00:00,1
    """,
    "posts.csv": """
        author,at,id
        news,2024-03-01T08:00:00,p1
        news,2024-03-05T08:00:00,p2
        news,2024-03-06T07:30:00,p3
        news,2024-03-12T08:00:00,p4
         news,2024-03-19T08:00:00,p5
        news,2024-03-26T08:00:00,p6
        ana,2024-03-04T09:00:00,p7
        ben,2024-03-10T21:15:00,p8
    """,
}


def tiny_files() -> dict[str, str]:
    """conftest's tiny_network as the files of one snapshot folder."""
    return {Path(name).name: text for name, text in tiny_network().items()}


def column_types(file: Path) -> dict[str, str]:
    """The columns of a Parquet file and their types, as DuckDB reads them."""
    rows = duckdb.connect().execute(f"DESCRIBE FROM '{file}'").fetchall()
    return {name: kind for name, kind, *_ in rows}


def copy_sql(sql: str, target: Path) -> Path:
    """Write the result of ``sql`` to a Parquet file (DuckDB, in UTC)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    db = duckdb.connect()
    db.execute("SET TimeZone = 'UTC'")
    db.execute(f"COPY ({sql}) TO '{target}' (FORMAT parquet)")
    db.close()
    return target


def csv_as_parquet(csv_file: Path, target: Path) -> Path:
    """A CSV file as Parquet, typed by DuckDB's auto-detection (ids stay text here)."""
    return copy_sql(f"FROM read_csv('{csv_file}')", target)


def parquet_twin(folder: Path, target: Path) -> Path:
    """A copy of a CSV snapshot folder with every table as a Parquet file."""
    target.mkdir(parents=True, exist_ok=True)
    for file in folder.iterdir():
        if file.suffix == ".csv":
            csv_as_parquet(file, target / f"{file.stem}.parquet")
        else:
            (target / file.name).write_bytes(file.read_bytes())
    return target


def analysed(run, folder: Path) -> dict:
    result = run("analyze", str(folder), "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.fixture
def riverside(make_snapshot, snapshots_dir) -> tuple[Path, Path]:
    """The docs' example as CSV (``csv/2024-03``) and as typed Parquet (``parquet/2024-03``),
    side by side in the project."""
    source = make_snapshot("csv/2024-03", RIVERSIDE)
    return source, parquet_twin(source, snapshots_dir / "parquet" / "2024-03")


# --- the same figures ------------------------------------------------------------------------


def test_a_parquet_snapshot_gives_the_figures_of_its_csv(riverside, run):
    source, twin = riverside
    assert column_types(twin / "interactions.parquet")["at"] == "TIMESTAMP"  # typed, not text
    assert analysed(run, twin) == analysed(run, source)


def test_tiny_network_in_parquet(write, tmp_path, run, project):
    write(tiny_network(), root=project)
    source = project / "content/snapshots/2024-03"
    twin = parquet_twin(source, project / "content/parquet/2024-03")
    assert analysed(run, twin) == analysed(run, source)


def test_a_folder_of_spark_parts_reads_as_one_table(riverside, run):
    source, twin = riverside
    parts = twin / "follows.parquet"
    parts.unlink()
    parts.mkdir()
    follows = source / "follows.csv"
    copy_sql(f"FROM read_csv('{follows}') LIMIT 5", parts / "part-00000-ab12.snappy.parquet")
    copy_sql(f"FROM read_csv('{follows}') OFFSET 5", parts / "part-00001-ab12.snappy.parquet")
    (parts / "_SUCCESS").write_text("")
    (parts / ".part-00000-ab12.snappy.parquet.crc").write_bytes(b"crc\x00")
    assert analysed(run, twin) == analysed(run, source)


def test_a_series_mixes_csv_and_parquet_snapshots(make_snapshot, snapshots_dir, load):
    make_snapshot("series/2024-02", tiny_files())
    march = make_snapshot("csv/2024-03", tiny_files())
    parquet_twin(march, snapshots_dir / "series" / "2024-03")
    assert is_snapshot(snapshots_dir / "series" / "2024-03")
    assert [s.name for s in load(snapshots_dir / "series")] == ["2024-02", "2024-03"]


def test_column_maps_apply_to_parquet_columns(make_snapshot, snapshots_dir, run):
    files = {
        "snapshot.yml": "taken: 2024-03-31\ncolumns:\n  follows: {follower: src, followed: dst}\n",
        "follows.csv": "src,dst\na,b\nb,a\nc,a\n",
    }
    source = make_snapshot("csv/2024-03", files)
    twin = parquet_twin(source, snapshots_dir / "parquet" / "2024-03")
    assert analysed(run, twin) == analysed(run, source)


# --- typed columns read as the text a CSV file would hold ----------------------------------


def test_typed_columns_give_the_figures_of_their_text(make_snapshot, snapshots_dir, run):
    """Integer ids and counts, a DOUBLE count (3.0), BOOLEAN, DATE, TIMESTAMP_NS and
    TIMESTAMPTZ (23:30 at -02:00 on the last day is the next day in UTC: out of the window)."""
    text = make_snapshot("csv/2024-03", {
        "snapshot.yml": "taken: 2024-03-31\nwindow_days: 30\n",
        "accounts.csv": "id,followers_count,default_profile,created_at\n"
                        "1,10,true,2020-01-01\n2,5,false,2021-06-30\n3,,,\n",
        "follows.csv": "follower,followed,since\n1,2,2024-03-01 10:00:00\n2,1,\n3,1,\n",
        "interactions.csv": "source,target,kind,at,count\n"
                            "1,2,like,2024-03-31T23:30:00-02:00,3.0\n"
                            "2,1,reply,2024-03-30T10:00:00+02:00,1\n",
    })
    typed = snapshots_dir / "typed" / "2024-03"
    (typed / "snapshot.yml").parent.mkdir(parents=True)
    (typed / "snapshot.yml").write_text("taken: 2024-03-31\nwindow_days: 30\n")
    copy_sql("SELECT * FROM (VALUES (1::BIGINT, 10::INTEGER, true, DATE '2020-01-01'), "
             "(2, 5, false, DATE '2021-06-30'), (3, NULL, NULL, NULL)) "
             "t(id, followers_count, default_profile, created_at)", typed / "accounts.parquet")
    copy_sql("SELECT * FROM (VALUES (1::UTINYINT, 2::UTINYINT, "
             "'2024-03-01 10:00:00'::TIMESTAMP_NS), (2, 1, NULL), (3, 1, NULL)) "
             "t(follower, followed, since)", typed / "follows.parquet")
    copy_sql("SELECT * FROM (VALUES (1::BIGINT, 2::BIGINT, 'like', "
             "TIMESTAMPTZ '2024-03-31 23:30:00-02:00', 3.0::DOUBLE), "
             "(2, 1, 'reply', TIMESTAMPTZ '2024-03-30 10:00:00+02:00', 1.0)) "
             "t(source, target, kind, \"at\", count)", typed / "interactions.parquet")
    got, expected = analysed(run, typed), analysed(run, text)
    assert got == expected
    assert got["coverage"]["interactions"]["outside_window"] == 1


def test_a_fractional_count_is_refused_as_in_csv(make_snapshot, snapshots_dir, error):
    folder = snapshots_dir / "2024-03"
    copy_sql("SELECT * FROM (VALUES ('a', 'b', 'like', 1.0), ('b', 'a', 'like', 2.5)) "
             "t(source, target, kind, count)", folder / "interactions.parquet")
    assert error(folder) == (f"{folder}/interactions.parquet: record 2: expected a whole number "
                             "of 1 or more in column 'count', got '2.5'")


def test_a_list_column_is_refused_by_name_and_type(snapshots_dir, error):
    folder = snapshots_dir / "2024-03"
    copy_sql("SELECT 'a' AS id, ['x', 'y'] AS tags", folder / "accounts.parquet")
    assert error(folder) == (f"{folder}/accounts.parquet: column 'tags' holds VARCHAR[] values; "
                             "expected text, whole numbers, decimals, dates, times or "
                             "true/false\n  hint: write it as text, or leave the column out")
    copy_sql("SELECT {'k': 1} AS user_id", folder / "accounts.parquet")
    assert "column 'user_id' (as 'id') holds STRUCT(k INTEGER) values" in error(folder)


def test_columns_of_an_edge_table_that_sitegen_ignores_are_not_read(snapshots_dir, load):
    folder = snapshots_dir / "2024-03"
    copy_sql("SELECT * FROM (VALUES ('a', 'b', ['x']), ('b', 'a', [])) "
             "t(follower, followed, labels)", folder / "follows.parquet")
    [snapshot] = load(folder)
    assert snapshot.db.execute(f"SELECT count(*) FROM {snapshot.table('follows')}"
                               ).fetchone()[0] == 2


# --- errors, located by file and record -----------------------------------------------------


def test_a_bad_value_is_located_by_record(riverside, error):
    _, twin = riverside
    copy_sql(f"SELECT * REPLACE (CASE WHEN follower = 'dan' THEN 'nwes' ELSE followed END "
             f"AS followed) FROM '{twin}/follows.parquet'", twin / "follows2.parquet")
    (twin / "follows2.parquet").replace(twin / "follows.parquet")
    copy_sql(f"SELECT * REPLACE (CASE WHEN kind = 'like' THEN 'liked' ELSE kind END AS kind) "
             f"FROM '{twin}/interactions.parquet'", twin / "i2.parquet")
    (twin / "i2.parquet").replace(twin / "interactions.parquet")
    assert error(twin).splitlines() == [
        f"{twin}/follows.parquet: record 4: unknown account 'nwes' in column 'followed'",
        f"{twin}/interactions.parquet: record 3: expected one of reply, repost, quote, mention, "
        "like in column 'kind', got 'liked' (and 1 more)",
    ]


def test_a_duplicate_id_names_its_second_record(snapshots_dir, error):
    folder = snapshots_dir / "2024-03"
    copy_sql("SELECT * FROM (VALUES (1), (2), (3), (2)) t(id)", folder / "accounts.parquet")
    assert error(folder) == (f"{folder}/accounts.parquet: record 4: duplicate account id '2' "
                             "(first seen earlier)")


def test_a_file_with_its_own_file_row_number_column_names_no_record(snapshots_dir, error):
    """DuckDB cannot number the records of such a file: the problem names the file alone."""
    folder = snapshots_dir / "2024-03"
    copy_sql("SELECT * FROM (VALUES ('a', 'b', 1), ('b', '', 2)) "
             "t(follower, followed, file_row_number)", folder / "follows.parquet")
    assert error(folder) == f"{folder}/follows.parquet: empty value in column 'followed'"


def test_a_bad_record_in_a_part_names_the_part(snapshots_dir, error):
    parts = snapshots_dir / "2024-03" / "follows.parquet"
    copy_sql("SELECT * FROM (VALUES ('a', 'b'), ('b', 'a')) t(follower, followed)",
             parts / "part-00000.parquet")
    copy_sql("SELECT * FROM (VALUES ('a', 'c'), ('c', ' '), ('c', 'a')) t(follower, followed)",
             parts / "part-00001.parquet")
    assert error(parts.parent) == (f"{parts}/part-00001.parquet: record 2: empty value in "
                                   "column 'followed'")


def test_csv_and_parquet_of_one_table_are_refused(riverside, error):
    source, twin = riverside
    (twin / "follows.csv").write_bytes((source / "follows.csv").read_bytes())
    assert error(twin) == (f"{twin}: both follows.csv and follows.parquet: a table is read from "
                           "one file\n  hint: keep one of them in the snapshot folder")


@pytest.mark.parametrize("content, found", [
    (b"", "an empty file"),
    (b"follower,followed\na,b\n", "the file does not start and end with PAR1"),
])
def test_a_file_that_is_not_parquet(snapshots_dir, run, content, found):
    folder = snapshots_dir / "2024-03"
    folder.mkdir()
    (folder / "follows.parquet").write_bytes(content)
    result = run("analyze", str(folder))
    assert result.exit_code == 2
    assert result.output.startswith(f"error: {folder}/follows.parquet: not a Parquet file "
                                    f"({found})")
    assert "Traceback" not in result.output


def test_a_truncated_parquet_file_is_an_error_not_a_traceback(riverside, run):
    _, twin = riverside
    data = (twin / "posts.parquet").read_bytes()
    (twin / "posts.parquet").write_bytes(data[:4] + data[40:])  # PAR1 ... PAR1, broken inside
    result = run("analyze", str(twin))
    assert result.exit_code == 2, result.output
    assert result.output.startswith(f"error: {twin}/posts.parquet: cannot be read as Parquet: ")


def test_an_empty_folder_of_parts(snapshots_dir, error):
    parts = snapshots_dir / "2024-03" / "follows.parquet"
    parts.mkdir(parents=True)
    (parts / "_SUCCESS").write_text("")
    assert error(parts.parent).startswith(f"{parts}: no Parquet part files (*.parquet) in the "
                                          "folder")


def test_one_table_named_on_the_command_line_is_not_a_snapshot(riverside, run):
    _, twin = riverside
    result = run("analyze", str(twin / "follows.parquet"))
    assert result.exit_code == 2
    assert "not a snapshot" in result.output


def test_missing_required_column_has_no_line(snapshots_dir, error):
    folder = snapshots_dir / "2024-03"
    copy_sql("SELECT 'a' AS follower, 'b' AS target_user", folder / "follows.parquet")
    assert error(folder) == (f"{folder}/follows.parquet: missing required column 'followed'; "
                             "found columns: follower, target_user")


# --- converting a CSV snapshot --------------------------------------------------------------


def test_the_converter_keeps_the_text_and_the_figures(riverside, snapshots_dir, run):
    source, _ = riverside
    (source / "accounts.csv").write_text(dedent(RIVERSIDE["accounts.csv"]).replace(
        "dan,dan", "0123,dan"), encoding="utf-8")  # an id auto-detection would make 123
    follows = dedent(RIVERSIDE["follows.csv"]).replace("dan,news", "0123,news")
    (source / "follows.csv").write_bytes(  # mixed line ends: CRLF, then LF
        follows.replace("\n", "\r\n", 3).encode("utf-8"))
    out = snapshots_dir / "converted" / "2024-03"
    written = to_parquet(source, out)
    assert [p.name for p in written] == [f"{t}.parquet" for t in TABLE_NAMES]
    assert (out / "snapshot.yml").read_text() == (source / "snapshot.yml").read_text()
    got = analysed(run, out)
    assert got == analysed(run, source)
    assert "0123" in {account["id"] for account in got["accounts"]}


def test_the_converter_refuses_a_snapshot_with_problems(make_snapshot, snapshots_dir):
    source = make_snapshot("2024-03", {"follows.csv": "follower,followed\na,\n"})
    result = subprocess.run([sys.executable, "-m", "sitegen.snapshots.to_parquet", str(source),
                             str(snapshots_dir / "out")], capture_output=True, text=True,
                            cwd=snapshots_dir.parent.parent)
    assert result.returncode == 2
    assert result.stderr == f"error: {source}/follows.csv:2: empty value in column 'followed'\n"
    assert not (snapshots_dir / "out").exists()


def test_the_docs_one_liner_converts_a_table(make_snapshot, snapshots_dir, run, monkeypatch):
    """The DuckDB statement of docs/snapshots.md, run as written beside the snapshot."""
    source = make_snapshot("2024-03", RIVERSIDE)
    text = DOCS.read_text(encoding="utf-8").split("\n## Parquet\n", 1)[1]
    [statement] = re.findall(r"^COPY \(FROM read_csv\('2024-03/follows\.csv'.*$", text,
                             flags=re.M)
    twin = snapshots_dir / "2024-03-parquet"
    twin.mkdir()
    for file in source.iterdir():
        if file.name != "follows.csv":
            (twin / file.name).write_bytes(file.read_bytes())
    monkeypatch.chdir(snapshots_dir)
    duckdb.connect().execute(statement)
    monkeypatch.chdir(snapshots_dir.parent.parent)
    assert sorted(p.name for p in twin.glob("follows.*")) == ["follows.parquet"]
    expected, got = analysed(run, source), analysed(run, twin)
    assert got.pop("snapshot")["name"] == "2024-03-parquet"
    expected.pop("snapshot")
    assert got == expected


# --- real data ------------------------------------------------------------------------------


def test_a_real_network_in_parquet_gives_the_figures_of_its_csv(make_snapshot, snapshots_dir,
                                                                 run):
    """SNAP email-Eu-core (25,571 directed ties, numeric ids, self-loops) as follows.csv and
    as a typed follows.parquet (BIGINT ids)."""
    if not EMAIL.is_dir():
        pytest.skip(f"real network data not found at {EMAIL} (it lives beside the "
                    "repository, in ../shared/data, and is not part of a clone)")
    source = snapshots_dir / "csv" / "email"
    source.mkdir(parents=True)
    with (EMAIL / "email-Eu-core.txt").open(encoding="utf-8") as lines, \
            (source / "follows.csv").open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["follower", "followed"])
        writer.writerows(line.split()[:2] for line in lines if line.strip())
    twin = parquet_twin(source, snapshots_dir / "parquet" / "email")
    assert list(column_types(twin / "follows.parquet").values()) == ["BIGINT", "BIGINT"]
    expected = analysed(run, source)
    assert analysed(run, twin) == expected
    # ../shared/data/README.md: 24,928 distinct ties without the self-loops (dropped here)
    assert expected["network"]["follows"] == 24928
    assert round(expected["network"]["reciprocity"], 4) == 0.7112

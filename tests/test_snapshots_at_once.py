"""Small snapshots of a series are loaded and analysed two at a time, each on a DuckDB
connection of its own (``DuckDBEngine.each_snapshot``): the same analysis as one at a time,
the first failing snapshot's error, and reports that read through the connection given."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from sitegen.analysis import export
from sitegen.analysis.pipeline import run_analysis
from sitegen.config import AnalysisSettings
from sitegen.engines import duckdb_engine
from sitegen.errors import SnapshotError
from sitegen.snapshots import open_db
from tests.conftest import generated_series, write_tree


@pytest.fixture(scope="module")
def series(tmp_path_factory) -> Path:
    """Three monthly snapshots of a seeded network (about 300 accounts each)."""
    return generated_series(tmp_path_factory.mktemp("at-once") / "snapshots", seed=23,
                            accounts=300, follows=3_000, interactions=1_500, posts=600,
                            snapshots=3, buyer_followers=80, network="at-once")


def _json(series: Path, monkeypatch, at_once: bool) -> tuple[str, set[str]]:
    """``analyze --format json`` of the series, and the threads its snapshots were analysed
    on; one at a time when every snapshot counts as large."""
    threads: set[str] = set()
    original = duckdb_engine.DuckDBEngine.each_snapshot

    def watched(self, load, sources):
        def on_thread(engine, i, source):
            threads.add(threading.current_thread().name)
            return load(engine, i, source)
        return original(self, on_thread, sources)

    with monkeypatch.context() as patch:
        patch.setattr(duckdb_engine.DuckDBEngine, "each_snapshot", watched)
        if not at_once:
            patch.setattr(duckdb_engine, "SMALL_SNAPSHOT", 0)
        db = open_db("1GB")
        analysis = run_analysis(series, db, AnalysisSettings())
        out = io.StringIO()
        export.write_json(analysis, out)
        # the reports read the tables through the connection the analysis was given
        assert all(r.snapshot.db is db for r in analysis.reports)
        db.close()
    return out.getvalue(), threads


def test_two_at_a_time_is_the_same_analysis_as_one_at_a_time(series, monkeypatch):
    at_once, threads = _json(series, monkeypatch, at_once=True)
    in_turn, main = _json(series, monkeypatch, at_once=False)
    assert len(threads) == 2 and main == {threading.current_thread().name}
    assert '"transitions"' in at_once and at_once == in_turn


def test_the_first_broken_snapshot_is_reported(series, tmp_path):
    broken = shutil.copytree(series, tmp_path / "snapshots")
    months = sorted(p.name for p in broken.iterdir())
    for month in months[1:]:  # the later two, loaded at the same time, both fail
        with (broken / month / "follows.csv").open("a") as handle:
            handle.write(f"nobody-{month},also-nobody\n")
    for _ in range(3):  # whichever finishes first, the earlier snapshot's error is raised
        with pytest.raises(SnapshotError) as caught:
            run_analysis(broken, open_db("1GB"), AnalysisSettings(unknown_accounts="error"))
        assert f"{months[1]}/follows.csv" in str(caught.value)
        assert months[2] not in str(caught.value)



def test_times_with_an_offset_are_utc_whatever_the_machine_zone(tmp_path):
    """Snapshots analysed beside each other, each on a connection of its own, read a time
    with an offset in UTC as the main connection does: the same figures on a machine whose
    zone is New York or Kolkata (they moved into that zone before)."""
    for month in ("2024-01", "2024-02"):
        write_tree(tmp_path / "snapshots" / month, {
            "snapshot.yml": f"taken: {month}-28\nwindow_days: 60\n",
            "accounts.csv": "id,handle\na,a\nb,b\nc,c\n",
            "follows.csv": "follower,followed\na,b\nb,a\nc,a\n",
            "posts.csv": f"author,at,text\na,{month}-10T23:30:00+02:00,hello\n"
                         f"b,{month}-11T01:30:00-05:00,hi there\n"
                         f"a,{month}-12T10:00:00+09:00,more\n"})
    documents = {}
    for zone in ("UTC", "America/New_York", "Asia/Kolkata"):
        done = subprocess.run(
            [sys.executable, "-m", "sitegen", "analyze", str(tmp_path / "snapshots"),
             "--format", "json"], env={**os.environ, "TZ": zone}, capture_output=True,
            text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        documents[zone] = done.stdout
    assert documents["America/New_York"] == documents["UTC"] == documents["Asia/Kolkata"]
    # in the latest snapshot's weekly rhythm (Monday first, by hour), each post at its UTC
    # hour: Saturday 23:30 +02:00 at 21 h, Sunday 01:30 -05:00 at 6 h, Monday 10:00 +09:00
    # at 1 h
    posts = json.loads(documents["UTC"])["snapshots"][-1]["activity"]["rhythm"]["posts"]
    assert (posts[5][21], posts[6][6], posts[0][1]) == (1, 1, 1)
    assert sum(map(sum, posts)) == 3


def test_when_one_work_fails_the_other_stops_at_its_next_query(tmp_path):
    """Ctrl-C or an error of one snapshot: the other, loading beside it, is interrupted at
    every query it starts until it gives up (an interrupt stops only the query running, so it
    went on to the end, and Ctrl-C took seconds)."""
    (tmp_path / "a.csv").write_text("id\nx\n")
    engine = duckdb_engine.DuckDBEngine(open_db("1GB"))
    ran = []

    def failing(on):
        raise SnapshotError("the first snapshot is broken")

    def long(on):
        for i in range(400):  # 400 quick queries, one after another, as a loading does
            on.db.execute("SELECT count(*) FROM range(20000) a, range(10) b").fetchone()
            ran.append(i)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(duckdb_engine, "_small", lambda source: True)
        with pytest.raises(SnapshotError):
            engine.alongside([failing, long], [tmp_path / "a.csv"] * 2)
    assert len(ran) < 400
    engine.close()

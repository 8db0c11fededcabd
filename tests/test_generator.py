"""scripts/generate_network.py: deterministic output that sitegen loads and classifies."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import network_generator

from sitegen.analysis.classify import CLASSES

pytest.importorskip("numpy")

gen = network_generator()

SMALL = gen.NetworkParams(
    accounts=240,
    follows=2_400,
    interactions=1_200,
    posts=500,
    snapshots=3,
    buyer_followers=60,
    network="test",
)


def _files(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


@pytest.fixture(scope="module")
def series(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("generated")
    gen.write_series(out, SMALL, seed=3)
    return out


def test_same_seed_gives_identical_files(series: Path, tmp_path: Path):
    gen.write_series(tmp_path, SMALL, seed=3)
    assert _files(tmp_path) == _files(series)
    assert sorted(p.name for p in series.iterdir()) == ["2024-01", "2024-02", "2024-03"]


def test_different_seed_gives_different_files(series: Path, tmp_path: Path):
    gen.write_series(tmp_path, SMALL, seed=4)
    ours, theirs = _files(series), _files(tmp_path)
    assert ours.keys() == theirs.keys()
    assert ours["2024-01/follows.csv"] != theirs["2024-01/follows.csv"]


def test_cli_writes_the_same_as_the_module(series: Path, tmp_path: Path):
    code = gen.main(
        [
            "--accounts",
            "240",
            "--follows",
            "2400",
            "--interactions",
            "1200",
            "--posts",
            "500",
            "--snapshots",
            "3",
            "--buyer-followers",
            "60",
            "--network",
            "test",
            "--seed",
            "3",
            "--out",
            str(tmp_path),
            "--quiet",
        ]
    )
    assert code == 0
    assert _files(tmp_path) == _files(series)


def test_output_loads_and_shows_every_way_of_use(series: Path, analyze):
    reports = analyze(series)
    assert [str(r.snapshot.taken) for r in reports] == ["2024-01-01", "2024-02-01", "2024-03-01"]
    for report in reports:
        assert not report.snapshot.warnings
        assert report.snapshot.attributes == ("age_band", "gender", "life_stage")
        assert all(report.network.classes[c] > 0 for c in CLASSES), report.network.classes
        # everything is measured: an unclassified account is one that no way of use fits
        # (active, not reciprocal enough, following more than follow it): rare in planted data
        assert report.network.classes["unclassified"] <= report.network.accounts // 100
        for account in report.accounts(where="class = 'unclassified'"):
            assert "no way of use fits" in account.reason


def test_planted_ways_of_use_are_found(tmp_path: Path, analyze):
    snapshots = gen.generate_series(SMALL, seed=5)
    for snap in snapshots:
        gen.write_snapshot(tmp_path / snap.name, snap)
    for snap, report in zip(snapshots, analyze(tmp_path)):
        found = {a.id: a.klass for a in report.accounts()}
        ids = (snap.accounts + snap.population.id_base).astype(str)
        agree = sum(found[i] == gen.CLASS_NAMES[c] for i, c in zip(ids, snap.planted))
        assert agree / len(ids) > 0.95


def test_growthhacker_buys_followers_but_not_engagement(series: Path, analyze):
    rows = []
    for report in analyze(series):
        (buyer,) = report.accounts(where="handle = 'growthhacker'")
        rows.append((buyer.followers, buyer.received))
    (before, received_before), (after, received_after) = rows[0], rows[-1]
    assert after - before >= 50
    assert abs(received_after - received_before) <= 4


def test_counts_match_the_edges(series: Path, analyze):
    report = analyze(series / "2024-01")[0]
    mismatched = report.snapshot.db.execute(
        f"SELECT count(*) FROM {report.accounts_table} "
        "WHERE followers <> followers_in_data OR following <> following_in_data"
    ).fetchone()
    assert mismatched == (0,)

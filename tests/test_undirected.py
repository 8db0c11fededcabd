"""Follow ties without direction (``ties: undirected``): a GraphML or GEXF graph whose edges
have no direction, or an edge list imported with ``--undirected``, says that two accounts are
connected, not who follows whom. The snapshot says so, and ``analyze`` and ``build`` report
follows, follow reciprocity, rho, followers, following and the audience ratio as not measured,
with that reason, and the ties instead; the same file with directed edges keeps its figures.
The GraphML file stands for a real one (tests/data/import/graphs/README.md)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from test_import_graphs import GRAPHS, analysis, imported, imports
from test_spark_loading import same_analysis

from sitegen.snapshots.coverage import Coverage

HEADS = GRAPHS / "networkx-undirected-heads.graphml"
TIES = {("ana_head", "ben_head"), ("ana_head", "cleo_head"), ("ana_head", "dan_head"),
        ("ben_head", "cleo_head")}
DEGREE = {"ana_head": 3, "ben_head": 2, "cleo_head": 2, "dan_head": 1, "eve_head": 0}
NO_DIRECTION = "the follow ties have no direction"
pytestmark = pytest.mark.usefixtures("restore_logging")


def ties_of(folder: Path) -> str | None:
    return yaml.safe_load((folder / "snapshot.yml").read_text(encoding="utf-8")).get("ties")


def directed_twin(tmp_path: Path) -> Path:
    """The same graph, its edges directed (source follows target)."""
    text = HEADS.read_text(encoding="utf-8").replace('edgedefault="undirected"',
                                                     'edgedefault="directed"')
    (tmp_path / "directed.graphml").write_text(text, encoding="utf-8")
    return tmp_path / "directed.graphml"


def assert_no_direction_measured(doc: dict, ties: int = 4) -> None:
    """The figures an undirected tie cannot give are null, with the reason; the ties are
    counted."""
    assert doc["coverage"]["ties"] == "undirected"
    assert doc["coverage"]["followers_from"] is None
    assert doc["coverage"]["following_from"] is None
    network = doc["network"]
    assert (network["follows"], network["reciprocity"], network["rho"]) == (None, None, None)
    assert network["ties"] == ties
    assert network["density"] == pytest.approx(ties / (5 * 4 / 2))
    assert network["classes"] == {"consumer": None, "reciprocator": None,
                                  "broadcaster": None, "dormant": None, "unclassified": 5}
    for account in doc["accounts"]:
        assert account["class"] == "unclassified"
        assert NO_DIRECTION in account["reason"], account["reason"]
        assert f"({DEGREE[account['id']]} ties)" in account["reason"]
        for figure in ("followers", "following", "follow_reciprocity", "audience_ratio"):
            assert account[figure] is None, (account["id"], figure)
        assert account["ties"] == DEGREE[account["id"]]
    assert all(g["mean_follow_reciprocity"] is None for g in doc["activity"]["groups"])


def test_an_undirected_graphml_measures_no_direction(tmp_path):
    out = imports(tmp_path / "s", HEADS, fmt="graphml")
    assert ties_of(out) == "undirected"
    assert_no_direction_measured(analysis(out))


def test_the_same_graph_directed_keeps_its_reciprocity(tmp_path):
    out = imports(tmp_path / "s", directed_twin(tmp_path), fmt="graphml")
    assert ties_of(out) is None
    doc = analysis(out)
    assert doc["coverage"]["ties"] == "directed"
    network = doc["network"]
    assert (network["follows"], network["ties"], network["reciprocity"]) == (4, 4, 0.0)
    accounts = {a["id"]: a for a in doc["accounts"]}
    assert (accounts["ana_head"]["followers"], accounts["ana_head"]["following"]) == (0, 3)
    assert accounts["ana_head"]["follow_reciprocity"] == 0.0
    assert accounts["ana_head"]["ties"] == 3


def test_a_gexf_without_edge_type_is_undirected(tmp_path):
    """GEXF's default edge type is undirected; a ``mutual`` edge is two follows."""
    nodes = "".join(f'<node id="{n}" label="{n}"/>' for n in DEGREE)
    edges = "".join(f'<edge id="{i}" source="{a}" target="{b}"/>'
                    for i, (a, b) in enumerate(sorted(TIES)))
    (tmp_path / "heads.gexf").write_text(
        '<?xml version="1.0" encoding="UTF-8"?><gexf xmlns="http://gexf.net/1.3" '
        f'version="1.3"><graph><nodes>{nodes}</nodes><edges>{edges}</edges></graph></gexf>',
        encoding="utf-8")
    out = imports(tmp_path / "s", tmp_path / "heads.gexf", fmt="gexf")
    assert ties_of(out) == "undirected"
    assert_no_direction_measured(analysis(out))
    mutual = imports(tmp_path / "m", GRAPHS / "gexf12-mutual.gexf", fmt="gexf")
    assert ties_of(mutual) == "undirected"  # it holds an undirected edge beside the mutual one


def test_an_edge_list_with_undirected_then_a_site_that_says_why(run, project):
    lines = "".join(f"{a} {b}\n" for a, b in sorted(TIES)) + "eve_head eve_head\n"
    (project / "heads.txt").write_text(lines, encoding="utf-8")
    out = project / "content" / "snapshots" / "2020-10"
    result = run("import", "heads.txt", "--from", "edgelist", "--undirected", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert "ties without direction" in result.output
    assert ties_of(out) == "undirected"
    result = run("analyze", str(out), "--format", "json", "--quiet")
    assert result.exit_code == 0, result.output
    assert_no_direction_measured(json.loads(result.stdout))
    result = run("build")
    assert result.exit_code == 0, result.output
    site = project / "output"
    page = _text(site / "snapshots" / "2020-10" / "index.html")
    assert "follow ties without direction (who is connected, not who follows whom)" in page
    assert "Follow reciprocity not measured (the ties have no direction)" in page
    assert "Reciprocity beyond chance (ρ) not measured (the ties have no direction)" in page
    assert "Ties (no direction) 4" in page
    # the charts that need direction are not drawn, and say why
    assert "it needs follows with a direction, and the follow ties have no direction" in page
    assert "Most connected accounts" in page  # by their ties, shown
    assert "Ties (no direction)" in page.split("Most connected accounts")[1]
    account = _text(next((site / "accounts").glob("ana*")) / "index.html")
    assert "Ties (no direction) 3" in account
    assert "Follow reciprocity not measured" in account
    assert NO_DIRECTION in account
    assert "reciprocator" not in _text(site / "snapshots" / "index.html").split("Unclassified")[-1]


def test_merging_directed_follows_into_undirected_ties_is_refused(tmp_path):
    out = imports(tmp_path / "s", HEADS, fmt="graphml")
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    result = imported(out, directed_twin(tmp_path), fmt="graphml", options=("--merge",))
    assert result.exit_code == 2
    assert "the snapshot's follows have no direction (ties: undirected), and the new " \
           "source's have a direction" in result.output
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before  # left as it was
    other = imports(tmp_path / "d", directed_twin(tmp_path), fmt="graphml")
    result = imported(other, HEADS, fmt="graphml", options=("--merge",))
    assert result.exit_code == 2
    assert "the snapshot's follows have a direction, and the new source's have no " \
           "direction" in result.output


def test_a_merge_keeps_ties_undirected(tmp_path):
    out = imports(tmp_path / "s", HEADS, fmt="graphml")
    (tmp_path / "replies.txt").write_text("ben_head ana_head\n", encoding="utf-8")
    imports(out, tmp_path / "replies.txt", options=("--merge",))  # interactions: no follows
    assert ties_of(out) == "undirected"
    (tmp_path / "more.txt").write_text("dan_head eve_head\n", encoding="utf-8")
    imports(out, tmp_path / "more.txt", options=("--merge", "--undirected"))
    assert ties_of(out) == "undirected"
    doc = analysis(out)
    assert doc["network"]["ties"] == 5 and doc["network"]["reciprocity"] is None
    accounts = {a["id"]: a for a in doc["accounts"]}
    assert accounts["ben_head"]["interaction_reciprocity"] == 0.0  # interactions keep theirs
    assert accounts["ben_head"]["follow_reciprocity"] is None


def test_a_hand_written_snapshot_says_ties_undirected(make_snapshot, run):
    """Each tie once (or both ways: the same figures)."""
    accounts = "id,region\n" + "".join(f"{n},{'North' if n < 'c' else 'South'}\n"
                                       for n in DEGREE)
    once = "follower,followed\n" + "".join(f"{a},{b}\n" for a, b in sorted(TIES))
    both = "follower,followed\n" + "".join(f"{a},{b}\n{b},{a}\n" for a, b in sorted(TIES))
    docs = []
    for name, follows in (("once", once), ("both", both)):
        make_snapshot(name, {"accounts.csv": accounts, "follows.csv": follows,
                             "snapshot.yml": "ties: undirected\n"})
        result = run("analyze", f"content/snapshots/{name}", "--format", "json", "--quiet")
        assert result.exit_code == 0, result.output
        docs.append(json.loads(result.stdout))
        assert_no_direction_measured(docs[-1])
    assert docs[0]["network"] == docs[1]["network"]
    make_snapshot("bad", {"accounts.csv": accounts, "follows.csv": once,
                          "snapshot.yml": "ties: both\n"})
    result = run("analyze", "content/snapshots/bad", "--quiet")
    assert result.exit_code == 2
    assert "'ties': expected directed or undirected, got 'both'" in result.output


def test_a_series_does_not_compare_directed_follows_with_undirected_ties():
    directed, undirected = Coverage(follows=True), Coverage(follows=True, undirected=True)
    assert directed.differences(undirected) == ["follow ties without direction"]
    assert Coverage.from_document(undirected.document()) == undirected
    assert undirected.follow_gap("ties").endswith("not who follows whom)")


@pytest.mark.spark
def test_spark_gives_the_same_undirected_analysis(tmp_path, spark):
    out = imports(tmp_path / "s", HEADS, fmt="graphml")
    same_analysis(out, spark)


def _text(page: Path) -> str:
    """A page's words, without markup or scripts."""
    import html

    raw = re.sub(r"<script.*?</script>", "", page.read_text(encoding="utf-8"), flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", raw)))

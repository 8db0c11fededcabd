"""Real Twitter networks (../shared/data, beside the repository) against NetworkX.

The data is public and not ours to commit; a fresh clone has no such folder, so these tests
skip with a reason when it is absent. Each edge list becomes a snapshot folder in tmp_path
with numeric ids, is loaded and analysed by sitegen, and the figures are compared with
NetworkX on the same edges.
"""

from __future__ import annotations

import csv
import json
import math
from pathlib import Path

import networkx as nx
import pytest

from sitegen.analysis.classify import unmeasured

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
CONGRESS = DATA / "congress-twitter"
HIGGS = DATA / "higgs-reply"
EMAIL = DATA / "email-eu-core"


def need(folder: Path) -> Path:
    if not folder.is_dir():
        pytest.skip(
            f"real network data not found at {folder} (it lives beside the "
            "repository, in ../shared/data, and is not part of a clone)"
        )
    return folder


def read_edgelist(path: Path) -> list[tuple[int, int, str]]:
    """``source target value`` per line, space-separated, numeric ids."""
    edges = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                source, target, value = line.split()[:3]
                edges.append((int(source), int(target), value))
    return edges


def write_csv(path: Path, header: list[str], rows) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)


def digraph(edges, nodes=(), self_loops: bool = True) -> nx.DiGraph:
    graph = nx.DiGraph()
    graph.add_nodes_from(nodes)
    graph.add_edges_from((s, t) for s, t, _ in edges)
    if not self_loops:
        graph.remove_edges_from(list(nx.selfloop_edges(graph)))
    return graph


@pytest.fixture(scope="module")
def congress():
    folder = need(CONGRESS)
    edges = read_edgelist(folder / "congress.edgelist")
    [meta] = json.loads((folder / "congress_network_data.json").read_text(encoding="utf-8"))
    return edges, meta["usernameList"], meta["partyList"]


@pytest.fixture(scope="module")
def higgs():
    return read_edgelist(need(HIGGS) / "higgs-reply_network.edgelist")


def congress_accounts(usernames, parties):
    # Twitter-style column names (screen_name) and an attribute column (party)
    return [[i, name, party] for i, (name, party) in enumerate(zip(usernames, parties))]


def test_congress_as_interactions(congress, make_snapshot, analyze, accounts_of):
    edges, usernames, parties = congress
    folder = make_snapshot("2022-01", {})
    write_csv(
        folder / "accounts.csv",
        ["id", "screen_name", "party"],
        congress_accounts(usernames, parties),
    )
    # the weight is a share of the source's interactions, not an event count: left out
    write_csv(
        folder / "interactions.csv",
        ["source", "target", "kind"],
        [(s, t, "mention") for s, t, _ in edges],
    )
    [report] = analyze(folder)

    graph = digraph(edges, nodes=range(len(usernames)))
    assert graph.number_of_nodes() == 475 and graph.number_of_edges() == 13289
    expected = nx.overall_reciprocity(graph)
    assert round(expected, 4) == 0.4616  # the figure the data's README gives
    net = report.network
    assert net.accounts == 475
    assert net.interactions == 13289
    assert math.isclose(net.interaction_reciprocity, expected, rel_tol=0, abs_tol=1e-12)
    # no follows in this snapshot: not measured, never 0
    assert net.follows is None and net.reciprocity is None and net.posts is None
    assert report.snapshot.attributes == ("party",)

    per_node = nx.reciprocity(graph, list(graph))
    accounts = accounts_of(report)
    for node in graph:
        account = accounts[str(node)]
        assert account.handle == usernames[node]
        assert account.given == graph.out_degree(node)
        assert account.received == graph.in_degree(node)
        assert same(account.interaction_reciprocity, per_node[node]), node


def test_congress_as_follows(congress, make_snapshot, analyze, accounts_of):
    edges, usernames, parties = congress
    folder = make_snapshot("2022-01", {})
    write_csv(
        folder / "accounts.csv",
        ["id", "screen_name", "party"],
        congress_accounts(usernames, parties),
    )
    write_csv(folder / "follows.csv", ["follower", "followed"], [(s, t) for s, t, _ in edges])
    [report] = analyze(folder)

    graph = digraph(edges, nodes=range(len(usernames)))
    r = nx.overall_reciprocity(graph)
    net = report.network
    assert net.follows == 13289
    assert net.reciprocity == pytest.approx(r)
    assert round(net.reciprocity, 4) == 0.4616
    assert net.density == pytest.approx(nx.density(graph))
    a = 13289 / (475 * 474)
    assert net.rho == pytest.approx((r - a) / (1 - a))
    assert net.interaction_reciprocity is None  # no interactions in this snapshot

    per_node = nx.reciprocity(graph, list(graph))
    accounts = accounts_of(report)
    for node in graph:
        account = accounts[str(node)]
        assert (account.followers, account.following) == (
            graph.in_degree(node),
            graph.out_degree(node),
        )
        assert account.follow_reciprocity == pytest.approx(per_node[node]), node
    assert sum(n for n in net.classes.values() if n is not None) == 475


def same(ours: float | None, reference: float | None) -> bool:
    """Equal figures, or both None (a node without edges)."""
    if ours is None or reference is None:
        return ours is reference
    return math.isclose(ours, reference, rel_tol=0, abs_tol=1e-12)


def test_higgs_replies(higgs, make_snapshot, analyze, accounts_of):
    folder = make_snapshot("2012-07-04", {})
    # no accounts table: the accounts are the ids the replies name
    write_csv(
        folder / "interactions.csv",
        ["source_id", "target_id", "type", "count"],
        [(s, t, "reply", count) for s, t, count in higgs],
    )
    [report] = analyze(folder)

    # sitegen drops self-interactions, so the reference is NetworkX on the graph without
    # self-loops (32,180 edges)
    graph = digraph(higgs, self_loops=False)
    r = nx.overall_reciprocity(graph)
    net = report.network
    assert net.interaction_reciprocity == pytest.approx(r)
    # the data's README figure, 0.1616, is NetworkX's with the 343 self-replies kept: they
    # count in its denominator only, so it is r * 32,180 / (32,180 + 343)
    loops = len({(s, t) for s, t, _ in higgs if s == t})
    assert (graph.number_of_edges(), loops) == (32180, 343)
    assert round(r * 32180 / (32180 + 343), 4) == 0.1616
    assert net.accounts == graph.number_of_nodes() == 38918
    assert net.interactions == sum(int(c) for s, t, c in higgs if s != t)
    assert any("dropped 343 self-interactions" in w for w in report.snapshot.warnings)

    per_node = nx.reciprocity(graph, list(graph))
    accounts = accounts_of(report)
    assert [
        v for v in graph if not same(accounts[str(v)].interaction_reciprocity, per_node[v])
    ] == []
    # accounts that only replied to themselves stay, with no interaction figures
    loners = [v for v in graph if graph.degree(v) == 0]
    assert loners and all(accounts[str(v)].interaction_reciprocity is None for v in loners)


def assert_says_only_what_it_measures(report) -> None:
    """No figure without its data, no broadcaster without a measured audience, no reason
    quoting a number it does not have."""
    held = report.snapshot.coverage
    for account in report.accounts():
        if not held.posts.measured:
            assert account.posts is None and "posts +" not in account.reason
        if not held.interactions.measured:
            assert account.given is None and account.received is None
            assert account.interaction_reciprocity is None
        if not held.follows and not held.profile_counts:
            assert account.followers is None and account.following is None
        if account.klass == "broadcaster":
            assert account.followers is not None and account.audience_ratio >= 1
        if account.klass == "unclassified":
            assert account.scores is None or held.posts.measured
    classes = report.network.classes  # those no rule can give with this data: None
    assert sum(n for n in classes.values() if n is not None) == report.network.accounts
    assert {c for c, n in classes.items() if n is None} == set(unmeasured(held, report.settings))


def test_email_eu_core_follows_alone(make_snapshot, analyze, accounts_of):
    """Ties only: classes come from follow structure alone, and say so."""
    edges = [tuple(line.split()[:2]) for line in
             (need(EMAIL) / "email-Eu-core.txt").read_text(encoding="utf-8").splitlines()
             if line.strip()]
    folder = make_snapshot("2007-01", {})
    write_csv(folder / "follows.csv", ["follower", "followed"], edges)
    [report] = analyze(folder)
    graph = digraph([(s, t, "") for s, t in edges], self_loops=False)
    assert report.network.follows == graph.number_of_edges() == 24928
    assert math.isclose(report.network.reciprocity, nx.overall_reciprocity(graph),
                        rel_tol=0, abs_tol=1e-12)
    assert report.network.interactions is None and report.network.posts is None
    assert_says_only_what_it_measures(report)
    accounts = accounts_of(report)
    per_node = nx.reciprocity(graph, list(graph))
    assert [v for v in graph if not same(accounts[v].follow_reciprocity, per_node[v])] == []
    assert all(a.reason.startswith("from follows alone") for a in accounts.values())
    assert all(a.scores is None for a in accounts.values())
    assert report.network.classes["dormant"] is None  # silence is not measured by ties
    coverage = report.snapshot.coverage.document()
    assert (coverage["follows"], coverage["posts"]["measured"],
            coverage["interactions"]["measured"]) == (True, False, False)


def test_higgs_and_congress_say_only_what_they_measure(higgs, congress, make_snapshot,
                                                       analyze):
    folder = make_snapshot("2012-07-04", {})
    write_csv(folder / "interactions.csv", ["source", "target", "kind", "count"],
              [(s, t, "reply", c) for s, t, c in higgs])
    [replies] = analyze(folder)
    assert replies.network.classes["broadcaster"] is None  # no audience measured
    assert replies.network.classes["consumer"] is replies.network.classes["dormant"] is None
    assert_says_only_what_it_measures(replies)
    assert replies.snapshot.coverage.interaction_kinds == ("reply",)
    # the edge list has no times: every kept row is undated (32,180 rows without self-replies)
    assert replies.snapshot.coverage.interactions.undated == 32180
    assert replies.snapshot.coverage.interactions.timed == 0

    edges, usernames, parties = congress
    folder = make_snapshot("2022-01", {})
    write_csv(folder / "accounts.csv", ["id", "screen_name", "party"],
              congress_accounts(usernames, parties))
    write_csv(folder / "interactions.csv", ["source", "target", "kind"],
              [(s, t, "mention") for s, t, _ in edges])
    [members] = analyze(folder)
    assert members.network.classes["broadcaster"] is None  # no audience: cannot be told
    assert_says_only_what_it_measures(members)


def test_missing_data_skips_with_a_reason(tmp_path):
    with pytest.raises(pytest.skip.Exception, match="real network data not found"):
        need(tmp_path / "absent")


def test_json_carries_full_precision(congress, make_snapshot, tmp_path):
    """analyze --format json: figures equal NetworkX to 1e-12 (no rounding on the way out)."""
    from typer.testing import CliRunner

    from sitegen.cli import app

    edges, usernames, parties = congress
    folder = make_snapshot("2022-01", {})
    write_csv(folder / "follows.csv", ["follower", "followed"], [(s, t) for s, t, _ in edges])
    result = CliRunner().invoke(app, ["analyze", str(folder), "--format", "json", "-q"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    graph = digraph(edges)
    assert abs(doc["network"]["reciprocity"] - nx.overall_reciprocity(graph)) <= 1e-12
    per_node = nx.reciprocity(graph, list(graph))
    for account in doc["accounts"]:
        assert same(account["follow_reciprocity"], per_node[int(account["id"])])

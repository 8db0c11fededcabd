"""Reciprocity figures against NetworkX on seeded random graphs, and rho by hand.

sitegen computes everything in DuckDB SQL; NetworkX is the reference. Both sides see the same
graph: duplicate edges collapse and self-loops are dropped on load, so the NetworkX graph is
built as a DiGraph (duplicates collapse) with self-loops removed (NetworkX would count a
self-loop as a mutual tie of the node with itself).
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

import networkx as nx
import pytest

from sitegen.analysis import analyze_series
from sitegen.config import AnalysisSettings
from sitegen.snapshots import load_series, open_db

KINDS = ("reply", "repost", "quote", "mention", "like")


def write_csv(path: Path, header: list[str], rows) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)


def random_interactions(nodes: list[int], events: int, seed: int) -> list[tuple]:
    """Interaction events with repeats, self-interactions and replies more likely among a
    few active accounts, so that some pairs are reciprocated and most are not."""
    rng = random.Random(seed)
    active = nodes[: max(2, len(nodes) // 5)]
    rows = []
    for _ in range(events):
        src = rng.choice(active if rng.random() < 0.6 else nodes)
        dst = rng.choice(active if rng.random() < 0.5 else nodes)
        rows.append((src, dst, rng.choice(KINDS), rng.randint(1, 3)))
    return rows


def graph_cases():
    """(case id, nodes, follow edges with repeats/self-loops as written to follows.csv)."""
    cases = []
    for n, p, seed in [(2, 0.9, 1), (12, 0.3, 2), (60, 0.08, 3), (250, 0.02, 4), (400, 0.004, 5)]:
        g = nx.gnp_random_graph(n, p, seed=seed, directed=True)
        cases.append((f"gnp-{n}-{p}", list(g.nodes), list(g.edges)))
    for n, seed in [(40, 6), (300, 7)]:
        # a MultiDiGraph with parallel edges and self-loops: exercises collapse and drop
        g = nx.scale_free_graph(n, seed=seed)
        cases.append((f"scale-free-{n}", list(g.nodes), list(g.edges())))
    g = nx.gnm_random_graph(80, 400, seed=8, directed=True)
    edges = list(g.edges)
    edges += edges[:50] + [(v, v) for v in range(0, 80, 7)]  # written twice, and self-follows
    cases.append(("gnm-80-dupes", list(g.nodes), edges))
    return cases


CASES = graph_cases()


@pytest.fixture(scope="module", params=CASES, ids=[c[0] for c in CASES])
def case(request, tmp_path_factory):
    """One random graph written as a snapshot folder and analysed by sitegen (once for both
    tests below), with the reference NetworkX graphs and interaction totals."""
    name, nodes, follows = request.param
    events = random_interactions(nodes, 3 * len(nodes), seed=len(nodes))
    folder = tmp_path_factory.mktemp(name) / "2024-01"
    write_csv(folder / "accounts.csv", ["id"], [[v] for v in nodes])
    write_csv(folder / "follows.csv", ["follower", "followed"], follows)
    write_csv(folder / "interactions.csv", ["source", "target", "kind", "count"], events)
    db = open_db("1GB")
    [report] = analyze_series(load_series(folder, db), AnalysisSettings())
    network, accounts = report.network, {a.id: a for a in report.accounts()}
    db.close()

    follow_graph = nx.DiGraph()
    follow_graph.add_nodes_from(nodes)
    follow_graph.add_edges_from(follows)
    follow_graph.remove_edges_from(list(nx.selfloop_edges(follow_graph)))
    talk_graph = nx.DiGraph()
    talk_graph.add_nodes_from(nodes)
    talk_graph.add_edges_from((s, t) for s, t, _, _ in events if s != t)
    given = {v: 0 for v in nodes}
    received = {v: 0 for v in nodes}
    for s, t, _, count in events:
        if s != t:
            given[s] += count
            received[t] += count
    return network, accounts, follow_graph, talk_graph, given, received


def overall(graph: nx.DiGraph) -> float | None:
    """NetworkX's overall reciprocity; it raises on a graph without edges, we say None."""
    return nx.overall_reciprocity(graph) if graph.number_of_edges() else None


def test_network_figures_match_networkx(case):
    net, _, follows, talks, given, _ = case
    assert net.accounts == follows.number_of_nodes()
    assert net.follows == follows.number_of_edges()
    assert net.interactions == sum(given.values())
    assert net.reciprocity == pytest.approx(overall(follows))
    assert net.interaction_reciprocity == pytest.approx(overall(talks))
    assert net.density == pytest.approx(nx.density(follows))
    # Garlaschelli & Loffredo (2004), computed here from NetworkX's r and the edge count
    n, links = follows.number_of_nodes(), follows.number_of_edges()
    a = links / (n * (n - 1))
    r = nx.overall_reciprocity(follows)
    if a < 1:
        assert net.rho == pytest.approx((r - a) / (1 - a))
    else:
        assert net.rho is None


def test_per_account_figures_match_networkx(case):
    _, accounts, follows, talks, given, received = case
    assert set(accounts) == {str(v) for v in follows}
    # reciprocity(G, nodes) gives None for a node without edges, as sitegen does
    follow_rec = nx.reciprocity(follows, list(follows))
    talk_rec = nx.reciprocity(talks, list(talks))
    for v in follows:
        account = accounts[str(v)]
        assert account.followers == follows.in_degree(v), v
        assert account.following == follows.out_degree(v), v
        assert account.given == given[v], v
        assert account.received == received[v], v
        assert account.follow_reciprocity == pytest.approx(follow_rec[v]), v
        assert account.interaction_reciprocity == pytest.approx(talk_rec[v]), v
        assert account.audience_ratio == pytest.approx(
            follows.in_degree(v) / max(follows.out_degree(v), 1)
        ), v


def test_the_cases_cover_what_they_should():
    """Guard against the generators drifting into trivial graphs."""
    with_isolates = with_loops = with_dupes = 0
    for _, nodes, edges in CASES:
        g = nx.DiGraph(edges)
        g.add_nodes_from(nodes)
        with_isolates += any(g.degree(v) == 0 for v in g)
        with_loops += nx.number_of_selfloops(g) > 0
        with_dupes += len(edges) > len(set(edges))
        g.remove_edges_from(list(nx.selfloop_edges(g)))
        assert 0 < nx.overall_reciprocity(g) < 1 or len(nodes) == 2
    assert with_isolates and with_loops and with_dupes


@pytest.mark.parametrize(
    ("edges", "r", "density", "rho"),
    [
        # a <-> b among three accounts: r = 1, a = 2/6, rho = (1 - 1/3) / (1 - 1/3) = 1
        ([("a", "b"), ("b", "a"), ("c", "c")], 1.0, 2 / 6, 1.0),
        # a directed triangle: nothing returned, a = 3/6, rho = (0 - 1/2) / (1 - 1/2) = -1
        ([("a", "b"), ("b", "c"), ("c", "a")], 0.0, 3 / 6, -1.0),
        # a <-> b, b -> c: r = 2/3, a = 3/6, rho = (2/3 - 1/2) / (1/2) = 1/3
        ([("a", "b"), ("b", "a"), ("b", "c")], 2 / 3, 3 / 6, 1 / 3),
        # every possible follow: a = 1, rho undefined
        ([(x, y) for x in "abc" for y in "abc" if x != y], 1.0, 1.0, None),
    ],
)
def test_rho_by_hand(make_snapshot, analyze, edges, r, density, rho):
    folder = make_snapshot("2024-01", {"accounts.csv": "id\na\nb\nc\n"})
    write_csv(folder / "follows.csv", ["follower", "followed"], edges)
    [report] = analyze(folder)
    assert report.network.reciprocity == pytest.approx(r)
    assert report.network.density == pytest.approx(density)
    assert report.network.rho == (None if rho is None else pytest.approx(rho))


def test_interaction_reciprocity_ignores_kind_and_count(make_snapshot, analyze, accounts_of):
    # a replied to b five times, b liked a once: one pair each way, fully reciprocated.
    # c mentioned a: an unreturned pair. Pairs a->b, b->a, c->a: 2 of 3 reciprocated.
    folder = make_snapshot(
        "2024-01",
        {
            "interactions.csv": """
                source,target,kind,count
                a,b,reply,5
                b,a,like,1
                c,a,mention,1
                c,c,reply,4
            """
        },
    )
    [report] = analyze(folder)
    assert report.network.interaction_reciprocity == pytest.approx(2 / 3)
    accounts = accounts_of(report)
    # a: partners in {b, c}, out {b}; 2 * 1 / (2 + 1)
    assert accounts["a"].interaction_reciprocity == pytest.approx(2 / 3)
    assert accounts["b"].interaction_reciprocity == pytest.approx(1.0)
    assert accounts["c"].interaction_reciprocity == pytest.approx(0.0)
    assert accounts["c"].given == 1  # the self-replies are dropped

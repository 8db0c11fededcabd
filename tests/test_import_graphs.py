"""``sitegen import --from edgelist``, ``--from graphml`` and ``--from gexf``: real networks
(SNAP files in ../shared/data, skipped without it; Gephi and NetworkX samples committed under
tests/data/import/graphs/, whose README.md says where they come from), fixtures written from
the formats, and malformed files, imported through the CLI and then analysed."""

from __future__ import annotations

import csv
import gzip
import json
import shutil
from collections import Counter
from pathlib import Path

import duckdb
import networkx as nx
import pytest
import yaml
from typer.testing import CliRunner

from sitegen.cli import app
from sitegen.importing.merge import write_tables
from sitegen.importing.sink import SnapshotSink

GRAPHS = Path(__file__).parent / "data" / "import" / "graphs"
SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
pytestmark = pytest.mark.usefixtures("restore_logging")


def imported(out: Path, *sources: Path, fmt: str = "edgelist", options: tuple = ()):
    """``sitegen import SOURCES --from FMT --out OUT [OPTIONS]`` through the CLI."""
    return CliRunner().invoke(app, ["import", *map(str, sources), "--from", fmt, "--out",
                                    str(out), "--quiet", *options])


def imports(out: Path, *sources: Path, fmt: str = "edgelist", options: tuple = ()) -> Path:
    result = imported(out, *sources, fmt=fmt, options=options)
    assert result.exit_code == 0, result.output
    return out


def table(folder: Path, name: str) -> list[dict]:
    with (folder / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def pairs(folder: Path, name: str = "follows") -> set[tuple[str, str]]:
    ends = ("follower", "followed") if name == "follows" else ("source", "target")
    return {(row[ends[0]], row[ends[1]]) for row in table(folder, name)}


def analysis(folder: Path) -> dict:
    result = CliRunner().invoke(app, ["analyze", str(folder), "--format", "json", "--quiet"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def failed(out: Path, source: Path, fmt: str = "edgelist"):
    """The import fails with status 2 and one located message; nothing is written."""
    result = imported(out, source, fmt=fmt)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert not out.exists() or not any(out.iterdir())
    return result.stderr


def need(folder: Path) -> Path:
    if not folder.is_dir():
        pytest.skip(f"real network data not found at {folder} (it lives beside the "
                    "repository, in ../shared/data, and is not part of a clone)")
    return folder


# --- edge lists ---------------------------------------------------------------------------


def test_snap_file_matches_its_header_and_keeps_leading_zeros(tmp_path):
    source = GRAPHS / "snap-follows.txt"
    header = next(line for line in source.read_text().splitlines() if "Nodes:" in line)
    nodes, edges = (int(word) for word in header.split() if word.isdigit())
    out = imports(tmp_path / "s", source)
    assert len(table(out, "follows")) == edges
    assert {row["id"] for row in table(out, "accounts")} == {"001", "002", "0003", "7"}
    assert len(table(out, "accounts")) == nodes
    assert ("001", "0003") in pairs(out)  # the file's direction, ids as written
    network = analysis(out)["network"]
    assert network["accounts"] == nodes
    assert network["follows"] == edges - 1  # the self-loop 7 -> 7 is dropped by the analysis


def test_gzip_crlf_spaces_commas_bom_and_a_header_line_give_the_same_snapshot(tmp_path):
    text = (GRAPHS / "snap-follows.txt").read_text()
    lines = [line.split("\t") for line in text.splitlines() if not line.startswith("#")]
    variants = {
        "plain.txt": text.encode(),
        "packed.txt.gz": gzip.compress(text.encode()),
        "crlf.txt": text.replace("\n", "\r\n").encode(),
        "bom.csv": ("\ufeffsource,target\n" + "".join(f"{a},{b}\n" for a, b in lines)).encode(),
        "spaces.txt": "".join(f"  {a}   {b} \n" for a, b in lines).encode(),
        "commas.csv": ("source,target\n" + "".join(f"{a} , {b}\n" for a, b in lines)).encode(),
    }
    snapshots = []
    for name, content in variants.items():
        (tmp_path / name).write_bytes(content)
        out = imports(tmp_path / f"out-{name}", tmp_path / name)
        snapshots.append([(out / f).read_bytes() for f in ("accounts.csv", "follows.csv")])
    assert all(snapshot == snapshots[0] for snapshot in snapshots), variants.keys()
    assert snapshots[0][1].count(b"\n") == 8  # the header and 7 follows


def test_ids_holding_a_comma_or_a_quote_are_kept_as_written(tmp_path):
    """In a file of spaces or tabs, a comma or a quote is part of an id: the rows staged with
    them are read back as written (they were read without quoting, so ``smith,john z``
    became a follow from '"smith' to 'john"' dated 'z')."""
    (tmp_path / "names.txt").write_text('ana ben\nsmith,john ben\nO"Brien\tana\n')
    out = imports(tmp_path / "out", tmp_path / "names.txt")
    assert pairs(out) == {("ana", "ben"), ("smith,john", "ben"), ('O"Brien', "ana")}
    assert {r["id"] for r in table(out, "accounts")} == {"ana", "ben", "smith,john", 'O"Brien'}
    assert analysis(out)["network"]["follows"] == 3


@pytest.mark.parametrize("content", [
    "a,b,\r\nb,c,\r\n",  # a spreadsheet's empty column after the two ids
    "source,target,weight\na,b,\nb,c,\n",  # a weight column left blank
    "a,b,\nb,c\n",
])
def test_a_comma_ending_each_line_adds_no_column(tmp_path, content):
    """Empty values at the end of a line of commas are no third column: the lines are
    follows (they were taken for interactions of a kind the file never named, and the
    snapshot written then failed to load)."""
    (tmp_path / "edges.csv").write_text(content)
    out = imports(tmp_path / "out", tmp_path / "edges.csv")
    assert pairs(out) == {("a", "b"), ("b", "c")}
    assert not (out / "interactions.csv").exists()
    assert analysis(out)["network"]["follows"] == 2


def test_undirected_writes_each_tie_both_ways(tmp_path):
    source = GRAPHS / "snap-follows.txt"
    directed = pairs(imports(tmp_path / "d", source))
    mutual = pairs(imports(tmp_path / "u", source, options=("--undirected",)))
    assert mutual == directed | {(b, a) for a, b in directed}
    assert len(mutual) == 11  # 7 lines, of which one tie given both ways and a self-loop
    assert yaml.safe_load((tmp_path / "u" / "snapshot.yml").read_text())["ties"] == "undirected"
    assert "ties" not in yaml.safe_load((tmp_path / "d" / "snapshot.yml").read_text())
    network = analysis(tmp_path / "u")["network"]  # who follows whom is not measured
    assert (network["reciprocity"], network["follows"], network["ties"]) == (None, None, 5)


def test_higgs_activity_lines_are_dated_interactions(tmp_path):
    out = imports(tmp_path / "s", GRAPHS / "higgs-activity_time.txt")
    rows = {(r["source"], r["target"]): (r["kind"], r["at"]) for r in table(out, "interactions")}
    assert rows == {("1001", "1002"): ("repost", "2012-07-01T00:02:52Z"),
                    ("1003", "1002"): ("mention", "2012-07-01T00:03:20Z"),
                    ("1002", "1003"): ("reply", "2012-07-01T00:11:40Z"),
                    ("1003", "1001"): ("repost", "2012-07-02T00:13:20Z"),
                    ("1001", "1001"): ("mention", "2012-07-02T00:46:40Z")}
    assert not (out / "follows.csv").exists()  # interactions say nothing about follows
    report = analysis(out)
    assert report["snapshot"]["taken"] == "2012-07-02"
    assert report["network"]["follows"] is None
    assert sorted(report["coverage"]["interactions"]["kinds"]) == ["mention", "reply", "repost"]


def test_a_weighted_file_named_for_retweets_gives_counted_reposts(tmp_path):
    out = imports(tmp_path / "s", GRAPHS / "higgs-retweet_network.edgelist")
    rows = {(r["source"], r["target"], r["kind"], r["count"]) for r in table(out, "interactions")}
    assert rows == {("1001", "1002", "repost", "3"), ("1003", "1002", "repost", "1"),
                    ("1003", "1001", "repost", "2")}  # the line counting 0 is left out
    assert analysis(out)["network"]["interactions"] == 6


def test_unix_times_are_since_and_other_weights_are_dropped(tmp_path):
    (tmp_path / "temporal.txt").write_text("1 2 1341100972\n2 1 1341100999000\n")
    (tmp_path / "weighted.txt").write_text("1 2 0.25\n2 1 7\n")
    temporal = table(imports(tmp_path / "t", tmp_path / "temporal.txt"), "follows")
    assert [r["since"] for r in temporal] == ["2012-07-01T00:02:52Z", "2012-07-01T00:03:19Z"]
    weighted = table(imports(tmp_path / "w", tmp_path / "weighted.txt"), "follows")
    assert {(r["follower"], r["followed"], r["since"]) for r in weighted} == \
        {("1", "2", ""), ("2", "1", "")}


@pytest.mark.parametrize(("content", "line", "message"), [
    ("1 2\n2 3\n4\n", 3, "one column"),
    ("1 2\n2 3 4\n", 2, "3 columns where line 1 has 2"),
    ("1 2 5 6 7\n", 1, "5 columns: expected 2 to 4"),
    ("1 2 3\n2 3 x\n", 2, "third column 'x': expected a number"),
    ("1 2 1341100972 RT\n2 3 1341100973 XX\n", 2, "expected 'a b time RT|MT|RE'"),
    ("a,b\n,c\n", 2, "an empty id"),
    (b"1 2\n\xff\xfe 3\n", 2, "not UTF-8 text"),
    # a header with names sitegen does not know above numeric ids (it became an edge)
    ("sourse target\n1 2\n2 3\n", 1, "the first line ('sourse target') looks like a header"),
    ("user_id followee_id count\n1 2 1\n2 3 1\n", 1, "looks like a header, but its names"),
])
def test_a_malformed_edge_list_exits_2_naming_file_and_line(tmp_path, content, line, message):
    source = tmp_path / "edges.txt"
    source.write_bytes(content if isinstance(content, bytes) else content.encode())
    error = failed(tmp_path / "out", source)
    assert error.startswith(f"error: {source}:{line}: "), error
    assert message in error


def test_the_committed_malformed_edge_list(tmp_path):
    error = failed(tmp_path / "out", GRAPHS / "malformed.edgelist")
    assert f"{GRAPHS / 'malformed.edgelist'}:4: one column" in error


def test_a_name_for_two_kinds_and_a_folder_are_refused(tmp_path):
    (tmp_path / "reply-mention.txt").write_text("a b\n")
    assert "one kind of interaction" in failed(tmp_path / "o1", tmp_path / "reply-mention.txt")
    assert "give the edge list files" in failed(tmp_path / "o2", GRAPHS)


def test_interaction_files_keep_their_direction_and_fractional_weights_count_once(tmp_path):
    (tmp_path / "mentions.txt").write_text("a b 0.5\nb a 1.5\na b 2\n")
    out = imports(tmp_path / "s", tmp_path / "mentions.txt", options=("--undirected",))
    assert sorted((r["source"], r["target"], r["kind"]) for r in table(out, "interactions")) \
        == [("a", "b", "mention"), ("a", "b", "mention"), ("b", "a", "mention")]
    assert "count" not in table(out, "interactions")[0]  # each line is one event


def test_a_cut_gzip_file_exits_2(tmp_path):
    packed = gzip.compress("".join(f"{i}\t{i + 1}\n" for i in range(50000)).encode())
    (tmp_path / "cut.txt.gz").write_bytes(packed[: len(packed) // 2])
    assert "cannot read the file" in failed(tmp_path / "out", tmp_path / "cut.txt.gz")


def test_bulk_staged_rows_keep_the_order_of_ties(tmp_path):
    """``SnapshotSink.stage_query`` numbers its rows after those staged before it, so the
    latest row of a post id still wins, whichever way each row was staged."""
    sink = SnapshotSink(tmp_path)
    sink.post("ana", "2024-03-01", "p1", "first, one at a time")
    with duckdb.connect() as db:
        assert sink.stage_query("posts", db, "SELECT * FROM (VALUES (' ana ', 'p1', 'bulk'), "
                                "('ben', 'p2', 'bulk')) AS rows(author, id, text)") == 2
        sink.post("ben", None, "p2", "last, one at a time")
        with pytest.raises(ValueError, match="required"):
            sink.stage_query("follows", db, "SELECT 'a' AS follower, ' ' AS followed")
    sink.close()
    assert write_tables(sink, tmp_path, None) == {"accounts": 2, "posts": 2}
    assert [(r["author"], r["id"], r["at"], r["text"]) for r in table(tmp_path, "posts")] == \
        [("ana", "p1", "", "bulk"), ("ben", "p2", "", "last, one at a time")]


# --- real SNAP networks (../shared/data) ------------------------------------------------------


def test_email_eu_core_as_follows(tmp_path):
    source = need(SHARED / "email-eu-core") / "email-Eu-core.txt"
    lines = [tuple(line.split()) for line in source.read_text().splitlines() if line.strip()]
    out = imports(tmp_path / "s", source)
    assert pairs(out) == set(lines)
    network = analysis(out)["network"]
    assert network["accounts"] == 1005
    assert network["follows"] == 24928  # distinct, without the 642 self-loops (data README)
    assert network["reciprocity"] == pytest.approx(0.7112, abs=1e-4)  # NetworkX, no loops


def test_email_eu_core_with_a_snap_header_gzipped(tmp_path):
    """The same network as SNAP serves it: a .gz file whose header gives the counts."""
    text = (need(SHARED / "email-eu-core") / "email-Eu-core.txt").read_text()
    lines = [line.split() for line in text.splitlines() if line.strip()]
    nodes = len({node for line in lines for node in line})
    header = (f"# Directed graph: email-Eu-core.txt\n# Nodes: {nodes} Edges: {len(lines)}\n"
              "# FromNodeId\tToNodeId\n")
    body = "".join(f"{a}\t{b}\n" for a, b in lines)
    (tmp_path / "email-Eu-core.txt.gz").write_bytes(gzip.compress((header + body).encode()))
    out = imports(tmp_path / "s", tmp_path / "email-Eu-core.txt.gz")
    assert len(table(out, "accounts")) == nodes == 1005
    assert len(table(out, "follows")) == len({tuple(line) for line in lines})


def test_higgs_replies_as_counted_interactions(tmp_path):
    source = need(SHARED / "higgs-reply") / "higgs-reply_network.edgelist"
    lines = [line.split() for line in source.read_text().splitlines() if line.strip()]
    out = imports(tmp_path / "s", source)
    rows = table(out, "interactions")
    assert len(rows) == len(lines) == 32523
    assert {r["kind"] for r in rows} == {"reply"}
    assert Counter((r["source"], r["target"], r["count"]) for r in rows) == \
        Counter(tuple(line) for line in lines)
    report = analysis(out)
    assert report["network"]["accounts"] == 38918
    assert report["network"]["interactions"] == sum(int(c) for a, b, c in lines if a != b)


def test_congress_fractional_weights_give_follows(tmp_path):
    source = need(SHARED / "congress-twitter") / "congress.edgelist"
    lines = [line.split() for line in source.read_text().splitlines() if line.strip()]
    out = tmp_path / "s"
    result = CliRunner().invoke(app, ["import", str(source), "--from", "edgelist", "--out",
                                      str(out)])
    assert result.exit_code == 0, result.output
    assert "the third column (weights) is not imported" in " ".join(result.output.split())
    assert pairs(out) == {(a, b) for a, b, _ in lines}
    assert {r["since"] for r in table(out, "follows")} == {""}
    assert analysis(out)["network"]["reciprocity"] == pytest.approx(0.4616, abs=1e-4)


# --- GraphML and GEXF -----------------------------------------------------------------------


def test_gephi_gexf_13_sample(tmp_path):
    out = imports(tmp_path / "s", GRAPHS / "gephi-data.gexf", fmt="gexf")
    accounts = {row["id"]: row for row in table(out, "accounts")}
    assert accounts["3"] == {"id": "3", "handle": "BarabasiLab", "frog": "false",
                             "indegree": "1", "url": "http://barabasilab.com"}
    assert accounts["0"]["frog"] == "true"  # the attribute's <default>
    assert pairs(out) == {("0", "1"), ("0", "2"), ("1", "0"), ("2", "1"), ("0", "3")}
    report = analysis(out)
    assert report["coverage"]["attributes"] == ["frog", "indegree", "url"]
    assert report["network"]["reciprocity"] == pytest.approx(2 / 5)


def test_gephi_celegans_undirected_gzipped(tmp_path):
    with gzip.open(GRAPHS / "gephi-celegans.gexf.gz") as handle:
        graph = nx.Graph(nx.read_gexf(handle))
    out = imports(tmp_path / "s", GRAPHS / "gephi-celegans.gexf.gz", fmt="gexf")
    expected = {(a, b) for a, b in graph.edges} | {(b, a) for a, b in graph.edges}
    assert pairs(out) == expected
    assert len(table(out, "accounts")) == graph.number_of_nodes() == 306
    network = analysis(out)["network"]  # an undirected network: no reciprocity to measure
    assert network["reciprocity"] is None and network["rho"] is None
    assert network["ties"] == graph.number_of_edges() == 2148  # 197 pairs given as a b and b a


def test_networkx_graphml_undirected(tmp_path):
    out = imports(tmp_path / "s", GRAPHS / "networkx-fourpath.graphml", fmt="graphml")
    assert pairs(out) == {("0", "1"), ("1", "0"), ("1", "2"), ("2", "1"), ("2", "3"),
                          ("3", "2")}
    network = analysis(out)["network"]
    assert (network["follows"], network["ties"], network["reciprocity"]) == (None, 3, None)


def test_gexf_12draft_mutual_edges_attributes_and_labels(tmp_path):
    out = imports(tmp_path / "s", GRAPHS / "gexf12-mutual.gexf", fmt="gexf")
    assert table(out, "accounts") == [
        {"id": "007", "handle": "bond", "name": "", "followers_count": "1200",
         "age_band": "30-44"},
        {"id": "010", "handle": "", "name": "Miss Moneypenny", "followers_count": "40",
         "age_band": "unknown"},
        {"id": "q", "handle": "q", "name": "", "followers_count": "", "age_band": "unknown"}]
    assert pairs(out) == {("007", "010"), ("010", "q"), ("q", "010"), ("q", "007"),
                          ("007", "q")}
    assert analysis(out)["coverage"]["attributes"] == ["age_band"]


def test_graphml_without_namespace(tmp_path):
    out = imports(tmp_path / "s", GRAPHS / "plain.graphml", fmt="graphml")
    assert {r["id"]: (r["handle"], r["name"], r["party"]) for r in table(out, "accounts")} == \
        {"a": ("", "Alice Ames", "green"), "b": ("bob_b", "", "none"), "c": ("", "", "none")}
    assert pairs(out) == {("a", "b"), ("b", "a"), ("b", "c")}


def test_nodexl_twitter_graphml(tmp_path):
    out = imports(tmp_path / "s", GRAPHS / "nodexl-twitter.graphml", fmt="graphml")
    ana = next(row for row in table(out, "accounts") if row["id"] == "ana_k")
    assert ana == {"id": "ana_k", "bio": "Reads & writes", "created_at": "2009-03-14T17:13:10",
                   "followers_count": "340", "following_count": "120", "posts_count": "1500",
                   "favorites": "80", "location": "Lyon", "time_zone": "Paris"}
    assert pairs(out) == {("ana_k", "riverside_news"), ("benm", "ana_k"), ("ana_k", "benm")}
    assert {(r["source"], r["target"], r["kind"], r["at"]) for r in table(out, "interactions")} \
        == {("benm", "ana_k", "reply", "2024-03-30T21:15:02"),
            ("ana_k", "riverside_news", "mention", "2024-03-31T07:45:00")}
    report = analysis(out)
    assert report["snapshot"]["taken"] == "2024-03-31"
    assert report["network"]["follows"] == 3
    assert {a["id"]: a["followers"] for a in report["accounts"]}["riverside_news"] == 5400


def test_graphml_nested_graphs_and_graph_data(tmp_path):
    (tmp_path / "nested.graphml").write_text("""<graphml>
      <key id="p" for="node" attr.name="party"/><key id="t" for="graph" attr.name="title"/>
      <graph edgedefault="directed"><data key="t">outer</data>
        <node id="n0"><data key="p">a</data>
          <graph edgedefault="undirected"><data key="t">inner</data>
            <node id="n0::n0"><data key="p">b</data></node><node id="n0::n1"/>
            <edge source="n0::n0" target="n0::n1"/>
          </graph></node>
        <node id="n1"/><edge source="n0" target="n1"/>
      </graph></graphml>""")
    out = imports(tmp_path / "s", tmp_path / "nested.graphml", fmt="graphml")
    assert {r["id"]: r["party"] for r in table(out, "accounts")} == \
        {"n0": "a", "n0::n0": "b", "n0::n1": "", "n1": ""}
    assert pairs(out) == {("n0", "n1"), ("n0::n0", "n0::n1"), ("n0::n1", "n0::n0")}


def test_graph_files_keep_leading_zeros_and_crlf(tmp_path):
    text = (GRAPHS / "networkx-fourpath.graphml").read_text().replace('"0"', '"000"')
    (tmp_path / "crlf.graphml").write_bytes(text.replace("\n", "\r\n").encode())
    out = imports(tmp_path / "s", tmp_path / "crlf.graphml", fmt="graphml")
    assert {row["id"] for row in table(out, "accounts")} == {"000", "1", "2", "3"}


@pytest.mark.parametrize(("name", "fmt", "line", "message"), [
    ("malformed.graphml", "graphml", 6, '<data key="d1">: no declaration with that id'),
    ("malformed.gexf", "gexf", 7, '<attvalue for="9">: no declaration with that id'),
    ("doctype-entities.graphml", "graphml", 2, "a DOCTYPE (DTD) is not accepted"),
    ("gephi-data.gexf", "graphml", 2, "not a graphml file: the root element is <gexf>"),
])
def test_malformed_graph_files_exit_2_naming_file_and_line(tmp_path, name, fmt, line, message):
    error = failed(tmp_path / "out", GRAPHS / name, fmt)
    assert error.startswith(f"error: {GRAPHS / name}:{line}: "), error
    assert message in error


@pytest.mark.parametrize(("content", "line", "message"), [
    ("this is not XML\n", 1, "not valid XML: syntax error"),
    ('<gexf xmlns="http://gexf.net/1.3">\n<graph><nodes><node id="a">\n</graph></gexf>\n', 3,
     "not valid XML: mismatched tag"),
    ('<gexf>\n<graph>\n<nodes><node label="no id"/></nodes></graph></gexf>\n', 3,
     "<node> without 'id'"),
    ('<?xml version="1.0"?>\n<!DOCTYPE gexf SYSTEM "http://example.com/x.dtd">\n<gexf/>\n', 2,
     "a DOCTYPE (DTD) is not accepted"),
    ('<gexf>\n<graph><nodes><node id="&ext;"/></nodes></graph></gexf>\n', 2,
     "not valid XML: undefined entity"),
])
def test_malformed_gexf_written_here(tmp_path, content, line, message):
    source = tmp_path / "graph.gexf"
    source.write_text(content)
    error = failed(tmp_path / "out", source, "gexf")
    assert error.startswith(f"error: {source}:{line}: "), error
    assert message in error


def test_a_graph_file_then_build_the_site(project, tmp_path, monkeypatch):
    """The worked example of the docs: import, then ``sitegen build`` publishes it."""
    monkeypatch.chdir(project)
    snapshots = project / "content" / "snapshots"
    shutil.rmtree(snapshots)
    imports(snapshots / "2024-03-31", GRAPHS / "nodexl-twitter.graphml", fmt="graphml")
    result = CliRunner().invoke(app, ["build", "--quiet"])
    assert result.exit_code == 0, result.output
    pages = "".join(p.read_text(errors="replace") for p in (project / "output").rglob("*.html"))
    assert "riverside_news" in pages


@pytest.mark.parametrize(("fmt", "files"), [
    ("twarc", {"tweets.jsonl": ""}),
    ("twarc", {"tweets.jsonl": "\n\n", "more.jsonl": ""}),
    ("edgelist", {"graph.edgelist": ""}),
    ("edgelist", {"graph.edgelist": "# a comment, no edge\n"}),
])
def test_an_import_that_finds_nothing_is_an_error_and_writes_nothing(tmp_path, fmt, files):
    """An empty export (or the wrong kind of file) made an empty snapshot and exit 0."""
    for name, text in files.items():
        (tmp_path / name).write_text(text, "utf-8")
    out = tmp_path / "snapshot"
    result = CliRunner().invoke(app, ["import", *(str(tmp_path / n) for n in files),
                                      "--from", fmt, "--out", str(out), "--quiet"])
    assert result.exit_code == 2, result.output
    said = " ".join(result.output.split())
    assert "nothing to import" in said and f"--from {fmt}" in said
    assert (str(tmp_path / "tweets.jsonl") in said) == (list(files) == ["tweets.jsonl"])
    assert not out.exists()


def test_a_merge_that_moves_taken_later_keeps_the_window_start(tmp_path):
    """A later export merged in moved 'taken' but kept the window's length: the first
    export's replies fell out of the window (its owner then read as dormant)."""
    early, late = tmp_path / "reply-jan.txt", tmp_path / "reply-mar.txt"
    early.write_text("a b 1706745600\nb a 1706832000\n")  # 2024-02-01 and 02-02
    late.write_text("a c 1709251200\n")  # 2024-03-01
    out = imports(tmp_path / "s", early, options=("--taken", "2024-02-10"))
    assert yaml.safe_load((out / "snapshot.yml").read_text())["window_days"] == 9
    imports(out, late, options=("--merge", "--taken", "2024-03-10"))
    meta = yaml.safe_load((out / "snapshot.yml").read_text())
    assert meta["window_days"] == 9 + 29  # from 2024-02-01, as before, to the new date
    assert analysis(out)["coverage"]["interactions"]["outside_window"] == 0


def test_a_merge_does_not_rename_the_network_nor_write_over_a_broken_snapshot_yml(tmp_path):
    edges = tmp_path / "edges.txt"
    edges.write_text("1 2\n2 1\n")
    out = imports(tmp_path / "s", edges, options=("--network", "riverside"))
    result = imported(out, edges, options=("--merge", "--network", "lakeside"))
    assert result.exit_code == 2 and result.stderr.startswith(
        f"error: {out / 'snapshot.yml'}: --network 'lakeside': this snapshot is of the network "
        "'riverside'"), result.output
    assert yaml.safe_load((out / "snapshot.yml").read_text())["network"] == "riverside"
    imports(out, edges, options=("--merge", "--network", "Riverside "))  # the same, as it reads
    (out / "snapshot.yml").write_text("taken: [2024\n")
    result = imported(out, edges, options=("--merge",))
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert result.stderr.startswith(f"error: {out / 'snapshot.yml'}:1: not valid YAML")
    assert (out / "snapshot.yml").read_text() == "taken: [2024\n"  # left as it was


def test_a_numeric_label_or_the_id_again_is_no_handle(tmp_path):
    """Gephi's label="100" on node 99 was taken for the handle '100' (shown '@100'); a
    sitegen GEXF download imported back (label = numeric id) gave every account its id as
    handle. A label that is a word stays a handle, its node's id too (node q, label q)."""
    gexf = tmp_path / "g.gexf"
    gexf.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<gexf xmlns="http://gexf.net/1.3" '
        'version="1.3"><graph defaultedgetype="directed"><nodes>'
        '<node id="99" label="100"/><node id="7" label="7"/><node id="8" label="@ana_k"/>'
        '<node id="q" label="q"/></nodes><edges><edge source="99" target="7"/>'
        '<edge source="7" target="8"/><edge source="8" target="q"/></edges></graph></gexf>\n')
    accounts = {r["id"]: r for r in table(imports(tmp_path / "s", gexf, fmt="gexf"), "accounts")}
    assert (accounts["99"]["handle"], accounts["99"]["name"]) == ("", "100")
    assert (accounts["7"]["handle"], accounts["7"]["name"]) == ("", "")
    assert accounts["8"]["handle"] == "ana_k" and accounts["q"]["handle"] == "q"

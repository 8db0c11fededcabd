"""Questions asked once for many accounts give what asking each account gives: the GEXF's
edge lines (each id escaped once, edges joined to it) and the account pages' example posts,
paths and handles (one query for all of them)."""

from __future__ import annotations

import html
import re
from types import SimpleNamespace

import duckdb
import pytest
import yaml

from sitegen.analysis.open_data import copy_gexf_lines, xml_id
from sitegen.analysis.queries import example_posts_of

# ids XML escapes, ids with characters XML cannot hold (written \uXXXX: "a\x01b" is not
# "ab"), equal ids (a pseudonym shared by two accounts), ids that sort apart in bytes and in
# letters
IDS = ["b", "a<&>", "a'\"", "a\nb", "a\tb", "a\x01b", "ab", "a\\u0001b", "a\\b", "dup", "dup",
       "é", "Z", "z", "\ufffe"]
FOLLOWS = [(s, d) for s in range(len(IDS)) for d in range(len(IDS)) if (s * 7 + d) % 3]

# the edge lines as they were made before: both ids escaped, and sorted, for every edge
ESCAPED_PER_EDGE = (
    "SELECT '<edge source=''' || {source} || ''' target=''' || {target} || '''/>' FROM s.follows f "
    "JOIN s.public a ON a.k = f.src JOIN s.public b ON b.k = f.dst ORDER BY a.id, b.id").format(
        source=xml_id("a.id"), target=xml_id("b.id"))


@pytest.fixture
def graph():
    """A stand-in report: a published accounts table and follows, in a DuckDB of its own."""
    db = duckdb.connect()
    db.execute("CREATE SCHEMA s")
    db.execute("CREATE TABLE s.public (k INTEGER, id VARCHAR, handle VARCHAR, class VARCHAR)")
    db.executemany("INSERT INTO s.public VALUES (?, ?, ?, 'consumer')",
                   [(k, i, f"h{k}") for k, i in enumerate(IDS)])
    db.execute("CREATE TABLE s.follows (src INTEGER, dst INTEGER)")
    db.executemany("INSERT INTO s.follows VALUES (?, ?)", FOLLOWS + FOLLOWS[:5])  # repeats too
    # a published table whose keys are not in id order (as with pseudonyms): listed by id
    yield SimpleNamespace(snapshot=SimpleNamespace(db=db, schema="s"), accounts_table="s.public",
                          id_order="id")
    db.close()


def example_posts(snapshot, account_id: str, purpose: str = "promotional",
                  limit: int = 3) -> list[tuple[str, str | None]]:
    """One account's posts of one purpose, newest first (text, rule), asked alone: what
    ``example_posts_of`` must give each account."""
    s = snapshot.schema
    return snapshot.db.execute(
        f"SELECT p.text, p.rule FROM {s}.post_purpose p JOIN {s}.accounts a USING (k) "
        f"WHERE a.id = $id AND p.purpose = $purpose "
        f"ORDER BY p.posted_at DESC NULLS LAST, p.id NULLS LAST, p.text LIMIT {int(limit)}",
        {"id": account_id, "purpose": purpose}).fetchall()


def test_edge_lines_are_those_of_escaping_every_edge(graph, tmp_path):
    copy_gexf_lines(graph, tmp_path / "nodes", tmp_path / "edges")
    graph.snapshot.db.execute(f"COPY ({ESCAPED_PER_EDGE}) TO '{tmp_path / 'before'}' "
                              "(FORMAT csv, HEADER false, DELIMITER '\t', QUOTE '')")
    made = (tmp_path / "edges").read_bytes()
    assert made == (tmp_path / "before").read_bytes()
    assert made.count(b"\n") == len(FOLLOWS) + 5
    assert b"source='a&lt;&amp;&gt;'" in made and b"target='a&apos;&quot;'" in made


def unescaped(text: str) -> str:
    r"""A node id of the GEXF back to the account's id: XML's references, then sitegen's
    backslash escapes (``\\`` and ``\uXXXX``)."""
    return re.sub(r"\\(\\|u([0-9a-f]{4}))",
                  lambda m: "\\" if m[1] == "\\" else chr(int(m[2], 16)), html.unescape(text))


def test_each_id_names_one_node_and_reads_back(graph, tmp_path):
    copy_gexf_lines(graph, tmp_path / "nodes", tmp_path / "edges")
    nodes = re.findall(r"<node id='([^']*)'", (tmp_path / "nodes").read_text("utf-8"))
    assert [unescaped(n) for n in nodes] == sorted(IDS)
    assert len(set(nodes)) == len(set(IDS))  # "a\x01b", "ab" and "a\\u0001b" apart
    ends = re.findall(r"source='([^']*)' target='([^']*)'", (tmp_path / "edges").read_text())
    assert {(unescaped(a), unescaped(b)) for a, b in ends} == {(IDS[s], IDS[d]) for s, d in FOLLOWS}


POSTS = [  # newest first within an account, with equal times broken by post id, then text
    {"author": "shop", "at": "2024-03-10", "text": "Spring sale: 30% off everything"},
    {"author": "shop", "at": "2024-03-12", "text": "Use code SPRING24 at checkout"},
    {"author": "shop", "at": "2024-03-12", "text": "Tickets: £12 at the door"},
    {"author": "shop", "at": "2024-03-11", "text": "New mugs are in. DM to order"},
    {"author": "shop", "at": "2024-03-09", "text": "Everything 20% off this weekend"},
    {"author": "ana", "text": "My picks https://amzn.to/3xYz"},
    {"author": "ana", "at": "2024-03-01", "text": "Get 5,000 real followers for $9!"},
    {"author": "ben", "at": "2024-03-02", "text": "The council meets on Tuesday"},
]


def test_example_posts_of_many_accounts_are_each_accounts(make_snapshot, analyze):
    accounts = [{"id": a} for a in ("ana", "ben", "cleo", "shop")]
    folder = make_snapshot("2024-03.yml", yaml.safe_dump(
        {"taken": "2024-03-31", "accounts": accounts, "posts": POSTS}, allow_unicode=True))
    report = analyze(folder)[0]
    ids = ["shop", "ana", "ben", "cleo", "nobody"]
    for purpose, limit in (("promotional", 3), ("promotional", 10), ("other", 3)):
        batched = example_posts_of(report, ids, purpose, limit)
        assert batched == {i: example_posts(report.snapshot, i, purpose, limit) for i in ids}
    assert len(example_posts_of(report, ids)["shop"]) == 3

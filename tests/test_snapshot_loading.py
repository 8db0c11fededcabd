"""Loading snapshots that are valid: tables, metadata, aliases, series, and what gets dropped.

The "demo" network below is small enough to check by hand; the expected figures are worked
out in the comments next to the assertions.
"""

from __future__ import annotations

import logging
import os
from datetime import date, datetime

import pytest

from sitegen.errors import SitegenError

DEMO_CSV = {
    "snapshot.yml": """
        taken: 2024-03-31
        network: demo
        window_days: 30
    """,
    "accounts.csv": """
        id,handle,name,created_at,followers_count,age_band
        a,alice,Alice,2020-01-05,,25-34
        b,bob,Bob,2021-06-01T12:00:00,,35-44
        c,carol,,,,
    """,
    "follows.csv": """
        follower,followed,since
        a,b,2024-01-01
        b,a,
        c,a,
        a,b,
        c,c,
    """,
    "interactions.csv": """
        source,target,kind,at,count
        a,b,reply,2024-03-02T10:00:00,2
        b,a,Repost,,
        c,a,mention,,
        a,a,like,,
    """,
    "posts.csv": """
        author,at,id
        a,2024-03-01,p1
        a,2024-03-02,p2
        b,,p3
    """,
}

# The same network as one YAML file.
DEMO_YAML = """
    taken: 2024-03-31
    network: demo
    window_days: 30
    accounts:
      - {id: a, handle: alice, name: Alice, created_at: 2020-01-05, age_band: 25-34}
      - {id: b, handle: bob, name: Bob, created_at: "2021-06-01T12:00:00", age_band: 35-44}
      - {id: c, handle: carol}
    follows:
      - {follower: a, followed: b, since: 2024-01-01}
      - {follower: b, followed: a}
      - {follower: c, followed: a}
      - {follower: a, followed: b}
      - {follower: c, followed: c}
    interactions:
      - {source: a, target: b, kind: reply, at: "2024-03-02T10:00:00", count: 2}
      - {source: b, target: a, kind: Repost}
      - {source: c, target: a, kind: mention}
      - {source: a, target: a, kind: like}
    posts:
      - {author: a, at: 2024-03-01, id: p1}
      - {author: a, at: 2024-03-02, id: p2}
      - {author: b, id: p3}
"""


@pytest.fixture
def demo(make_snapshot):
    return make_snapshot("2024-03", DEMO_CSV)


@pytest.fixture
def demo_yaml(make_snapshot):
    return make_snapshot("demo.yml", DEMO_YAML)


def edges(snapshot, query, table: str, extra: str = "") -> list[tuple]:
    """An edge table with account ids instead of integer keys, sorted."""
    return query(
        snapshot,
        f"""
        SELECT a.id, b.id{extra} FROM {{s}}.{table} e
        JOIN {{s}}.accounts a ON a.k = e.src JOIN {{s}}.accounts b ON b.k = e.dst
        ORDER BY 1, 2""",
    )


def test_csv_folder_metadata(demo, load):
    [snap] = load(demo)
    assert snap.name == "2024-03"
    assert snap.taken == date(2024, 3, 31)  # snapshot.yml wins over the folder name
    assert snap.network == "demo"
    assert snap.window_days == 30
    assert snap.present == {"accounts", "follows", "interactions", "posts"}
    assert snap.attributes == ("age_band",)  # a column we do not know is an attribute


def test_csv_tables_are_typed(demo, load, query):
    [snap] = load(demo)
    accounts = query(
        snap, "SELECT id, handle, name, created_at, age_band FROM {s}.accounts ORDER BY id"
    )
    assert accounts == [
        ("a", "alice", "Alice", datetime(2020, 1, 5), "25-34"),
        ("b", "bob", "Bob", datetime(2021, 6, 1, 12), "35-44"),
        ("c", "carol", None, None, None),
    ]
    # the duplicate a->b collapses (keeping the earliest 'since'), c->c is dropped
    assert edges(snap, query, "follows", ", since") == [
        ("a", "b", datetime(2024, 1, 1)),
        ("b", "a", None),
        ("c", "a", None),
    ]
    # kinds are lower-cased, count defaults to 1, a->a is dropped
    assert edges(snap, query, "interactions", ", kind, interacted_at, count") == [
        ("a", "b", "reply", datetime(2024, 3, 2, 10), 2),
        ("b", "a", "repost", None, 1),
        ("c", "a", "mention", None, 1),
    ]
    assert query(snap, "SELECT count(*) FROM {s}.posts") == [(3,)]


def test_demo_figures_by_hand(demo, analyze, accounts_of):
    [report] = analyze(demo)
    net = report.network
    # follows a<->b, c->a: 3 edges among 3 accounts, 2 of them reciprocated
    assert (net.accounts, net.follows, net.posts) == (3, 3, 3)
    assert net.interactions == 4  # 2 + 1 + 1 events; the self-like is dropped
    assert net.density == pytest.approx(3 / 6)
    assert net.reciprocity == pytest.approx(2 / 3)
    assert net.rho == pytest.approx((2 / 3 - 1 / 2) / (1 - 1 / 2))
    assert net.interaction_reciprocity == pytest.approx(2 / 3)

    a, b, c = (accounts_of(report)[k] for k in "abc")
    assert (a.followers, a.following, a.posts, a.given, a.received) == (2, 1, 2, 2, 2)
    assert (b.followers, b.following, b.posts, b.given, b.received) == (1, 1, 1, 1, 2)
    assert (c.followers, c.following, c.posts, c.given, c.received) == (0, 1, 0, 1, 0)
    # a: followed by {b, c}, follows {b}: 2 * 1 mutual / (2 + 1)
    assert a.follow_reciprocity == pytest.approx(2 / 3)
    assert b.follow_reciprocity == pytest.approx(1.0)
    assert c.follow_reciprocity == pytest.approx(0.0)
    assert a.interaction_reciprocity == pytest.approx(2 / 3)
    assert c.interaction_reciprocity == pytest.approx(0.0)
    assert a.audience_ratio == pytest.approx(2.0)


def test_yaml_snapshot_equals_csv_snapshot(demo, demo_yaml, analyze, load):
    [from_csv] = analyze(demo)
    [from_yaml] = analyze(demo_yaml)
    assert from_yaml.snapshot.taken == date(2024, 3, 31)
    assert from_yaml.snapshot.name == "demo"
    assert from_yaml.snapshot.attributes == ("age_band",)
    assert from_yaml.network == from_csv.network
    assert from_yaml.accounts() == from_csv.accounts()


def test_self_follows_and_self_interactions_dropped_with_warning(demo, load, caplog):
    with caplog.at_level(logging.WARNING, logger="sitegen"):
        [snap] = load(demo)
    follows_csv, interactions_csv = demo / "follows.csv", demo / "interactions.csv"
    assert f"{follows_csv}: dropped 1 self-follows" in caplog.messages
    assert f"{interactions_csv}: dropped 1 self-interactions" in caplog.messages
    assert set(snap.warnings) == {
        f"{follows_csv}: dropped 1 self-follows",
        f"{interactions_csv}: dropped 1 self-interactions",
    }


def test_duplicate_follows_collapse_without_changing_reciprocity(make_snapshot, analyze):
    once = make_snapshot(
        "2024-01",
        {
            "follows.csv": """
                follower,followed
                a,b
                b,a
                b,c
            """
        },
    )
    thrice = make_snapshot(
        "2024-02",
        {
            "follows.csv": """
                follower,followed
                a,b
                b,a
                a,b
                b,c
                a,b
                b,c
            """
        },
    )
    [r1] = analyze(once)
    [r3] = analyze(thrice)
    assert r3.network.follows == r1.network.follows == 3
    assert r3.network.reciprocity == r1.network.reciprocity == pytest.approx(2 / 3)
    assert [a.followers for a in r3.accounts()] == [1, 1, 1]


def test_repeated_interactions_add_up_but_count_once_for_reciprocity(
    make_snapshot, analyze, accounts_of
):
    snap = make_snapshot(
        "2024-01",
        {
            "interactions.csv": """
                source,target,kind,count
                a,b,reply,
                a,b,reply,3
                a,b,like,
                b,c,mention,
            """
        },
    )
    [report] = analyze(snap)
    accounts = accounts_of(report)
    assert accounts["a"].given == 5 and accounts["b"].received == 5
    # one pair a->b however many events, no pair back: nothing reciprocated
    assert report.network.interaction_reciprocity == pytest.approx(0.0)
    assert report.network.interactions == 6


def test_unknown_accounts_dropped_with_warning_when_configured(make_snapshot, load, query, caplog):
    snap = make_snapshot(
        "2024-01",
        {
            "accounts.csv": """
                id
                a
                b
            """,
            "follows.csv": """
                follower,followed
                a,b
                a,zz
                yy,b
            """,
            "interactions.csv": """
                source,target,kind
                b,a,reply
                b,zz,reply
            """,
            "posts.csv": """
                author
                a
                zz
            """,
        },
    )
    with caplog.at_level(logging.WARNING, logger="sitegen"):
        [loaded] = load(snap, unknown_accounts="warn")
    assert query(loaded, "SELECT id FROM {s}.accounts ORDER BY id") == [("a",), ("b",)]
    assert edges(loaded, query, "follows") == [("a", "b")]
    assert edges(loaded, query, "interactions") == [("b", "a")]
    assert query(loaded, "SELECT count(*) FROM {s}.posts") == [(1,)]
    assert f"{snap / 'follows.csv'}: dropped 2 rows naming unknown accounts" in caplog.messages
    assert f"{snap / 'interactions.csv'}: dropped 1 rows naming unknown accounts" in caplog.messages
    assert any(str(snap / "posts.csv") in m and "unknown" in m for m in caplog.messages)


def test_no_follows_no_interactions_gives_none(make_snapshot, analyze):
    snap = make_snapshot(
        "2024-01",
        {
            "accounts.csv": """
                id,handle
                a,alice
                b,bob
            """,
            "posts.csv": """
                author
                a
            """,
        },
    )
    [report] = analyze(snap)
    net = report.network
    # no follows or interactions tables: not measured (None), not 0
    assert (net.accounts, net.follows, net.interactions, net.posts) == (2, None, None, 1)
    assert net.density is None
    assert net.reciprocity is None
    assert net.rho is None
    assert net.interaction_reciprocity is None
    for account in report.accounts():
        assert account.follow_reciprocity is None
        assert account.interaction_reciprocity is None
        # whom they follow is not measured: no followers, no scores, no consumer or dormant
        assert (account.followers, account.following, account.given) == (None, None, None)
        assert account.scores is None and account.klass == "unclassified"
        assert "whom it follows is not measured" in account.reason


def test_header_only_tables_count_as_empty(make_snapshot, analyze):
    snap = make_snapshot(
        "2024-01",
        {
            "accounts.csv": """
                id
                a
                b
            """,
            "follows.csv": "follower,followed\n",
            "interactions.csv": """
                source,target,kind
                a,b,reply
            """,
        },
    )
    [report] = analyze(snap)
    assert report.network.follows == 0
    assert report.network.reciprocity is None and report.network.rho is None
    # follows absent, interactions present: only the interaction figures exist
    assert report.network.interaction_reciprocity == pytest.approx(0.0)


def test_follows_without_interactions(make_snapshot, analyze):
    snap = make_snapshot(
        "2024-01",
        {
            "follows.csv": """
                follower,followed
                a,b
                b,a
            """
        },
    )
    [report] = analyze(snap)
    assert report.network.reciprocity == pytest.approx(1.0)
    assert report.network.interaction_reciprocity is None
    assert all(a.interaction_reciprocity is None for a in report.accounts())


def test_export_aliases_are_accepted(make_snapshot, load, analyze, query, accounts_of):
    snap = make_snapshot(
        "2024-01",
        {
            "accounts.csv": """
                ID_str,screen_name,followers,friends_count,statuses_count
                1,one,500,3,42
                2,two,7,70,0
            """,
            "follows.csv": """
                source_id,target_id,created_at
                2,1,2023-05-01
            """,
            "interactions.csv": """
                source_id,target_id,type,weight,timestamp
                1,2,reply,4,2024-01-01T00:00:00
            """,
        },
    )
    [loaded] = load(snap)
    assert query(
        loaded,
        "SELECT id, handle, followers_count, following_count, posts_count "
        "FROM {s}.accounts ORDER BY id",
    ) == [("1", "one", 500, 3, 42), ("2", "two", 7, 70, 0)]
    assert edges(loaded, query, "follows", ", since") == [("2", "1", datetime(2023, 5, 1))]
    assert edges(loaded, query, "interactions", ", kind, count, interacted_at") == [
        ("1", "2", "reply", 4, datetime(2024, 1, 1))
    ]
    [report] = analyze(snap)
    one = accounts_of(report)["1"]
    # profile counts describe the whole account and win over the edges in the file
    assert (one.handle, one.followers, one.following) == ("one", 500, 3)
    # statuses_count is a lifetime total: kept apart, never counted as posts in the window
    assert (one.posts, one.lifetime_posts) == (None, 42)
    assert one.given == 4


def test_yaml_aliases_are_accepted(make_snapshot, load, query):
    snap = make_snapshot(
        "net.yml",
        """
            taken: 2024-01-01
            accounts:
              - {user_id: x, username: ex, tweet_count: 5}
              - {user_id: y}
            follows:
              - {source_id: x, target_id: y}
            posts:
              - {author_id: x, tweet_id: "17"}
        """,
    )
    [loaded] = load(snap)
    assert query(loaded, "SELECT id, handle, posts_count FROM {s}.accounts ORDER BY id") == [
        ("x", "ex", 5),
        ("y", None, None),
    ]
    assert edges(loaded, query, "follows") == [("x", "y")]
    assert query(loaded, "SELECT id FROM {s}.posts") == [("17",)]


def test_accounts_come_from_edges_when_there_is_no_accounts_table(make_snapshot, load, query):
    snap = make_snapshot(
        "2024-01",
        {
            "follows.csv": """
                follower,followed
                b,a
            """,
            "posts.csv": """
                author
                c
            """,
        },
    )
    [loaded] = load(snap)
    assert query(loaded, "SELECT id FROM {s}.accounts ORDER BY id") == [("a",), ("b",), ("c",)]


def test_whitespace_around_values_is_ignored(make_snapshot, load, query):
    # hand-written CSV often has a space after each comma; ids match once trimmed
    snap = make_snapshot(
        "2024-01",
        {
            "accounts.csv": """
                handle, id
                Alice, a
                Bob, b
            """,
            "follows.csv": """
                follower, followed
                a, b
                b , a
            """,
        },
    )
    [loaded] = load(snap)
    assert query(loaded, "SELECT id, handle FROM {s}.accounts ORDER BY id") == [
        ("a", "Alice"),
        ("b", "Bob"),
    ]
    assert edges(loaded, query, "follows") == [("a", "b"), ("b", "a")]


def test_bom_and_crlf_are_accepted(make_snapshot, load, query):
    snap = make_snapshot(
        "2024-01",
        {
            "accounts.csv": b'\xef\xbb\xbfid,name\r\na,"two\r\nlines"\r\nb,B\r\n',
            "follows.csv": b"\xef\xbb\xbffollower,followed\r\na,b\r\nb,a\r\n",
        },
    )
    [loaded] = load(snap)
    assert query(loaded, "SELECT id, name FROM {s}.accounts ORDER BY id") == [
        ("a", "two\r\nlines"),
        ("b", "B"),
    ]
    assert edges(loaded, query, "follows") == [("a", "b"), ("b", "a")]


@pytest.mark.parametrize(
    ("name", "taken"),
    [
        ("2024-03", date(2024, 3, 1)),
        ("2024-03-15", date(2024, 3, 15)),
        ("survey-2023-11-02-final", date(2023, 11, 2)),
    ],
)
def test_taken_from_folder_name(make_snapshot, load, name, taken):
    snap = make_snapshot(name, {"follows.csv": "follower,followed\na,b\n"})
    [loaded] = load(snap)
    assert loaded.taken == taken
    assert loaded.network == "" and loaded.window_days is None


def test_taken_from_yaml_file_name(make_snapshot, load):
    snap = make_snapshot("net-2022-07-09.yml", "follows:\n  - {follower: a, followed: b}\n")
    [loaded] = load(snap)
    assert (loaded.name, loaded.taken) == ("net-2022-07-09", date(2022, 7, 9))


def test_series_is_ordered_by_taken_not_by_name(make_snapshot, snapshots_dir, load, write):
    make_snapshot("2024-02", {"follows.csv": "follower,followed\na,b\n"})
    make_snapshot(
        "b-first",
        {
            "snapshot.yml": "taken: 2024-01-15\n",
            "follows.csv": "follower,followed\na,b\nb,a\n",
        },
    )
    make_snapshot(
        "a-last.yml",
        """
            taken: 2024-03-01
            follows:
              - {follower: a, followed: b}
        """,
    )
    # neither a snapshot nor an error: notes and hidden folders beside the snapshots
    write({"README.md": "notes\n", ".cache/follows.csv": "nonsense\n"}, snapshots_dir)
    series = load(snapshots_dir)
    assert [s.name for s in series] == ["b-first", "2024-02", "a-last"]
    assert [s.taken for s in series] == [date(2024, 1, 15), date(2024, 2, 1), date(2024, 3, 1)]
    # each snapshot keeps its own tables in the shared database
    assert len({s.schema for s in series}) == 3


def test_series_reports_each_snapshot(make_snapshot, snapshots_dir, analyze):
    make_snapshot("2024-01", {"follows.csv": "follower,followed\na,b\n"})
    make_snapshot("2024-02", {"follows.csv": "follower,followed\na,b\nb,a\nc,a\n"})
    reports = analyze(snapshots_dir)
    assert [r.network.follows for r in reports] == [1, 3]
    assert [r.network.reciprocity for r in reports] == [0.0, pytest.approx(2 / 3)]


def test_extra_csv_files_are_ignored_with_a_warning(make_snapshot, load, caplog):
    snap = make_snapshot(
        "2024-01",
        {
            "follows.csv": "follower,followed\na,b\n",
            "notes.csv": "whatever\n",
        },
    )
    with caplog.at_level(logging.WARNING, logger="sitegen"):
        [loaded] = load(snap)
    assert loaded.present == {"follows"}
    assert any(m.startswith(f"{snap / 'notes.csv'}: ignored") for m in caplog.messages)


def test_ids_padded_with_spaces_of_any_script_name_the_same_accounts(make_snapshot, load,
                                                                     query):
    """Ids are trimmed as DuckDB's trim does (the space separators of every script), in the
    accounts and in the edges alike; an id of letters beyond ASCII is kept as it is."""
    nbsp, wide = "\u00a0", "\u3000"  # no-break space, ideographic space
    folder = make_snapshot("2024-03", {
        "snapshot.yml": "taken: 2024-03-31\n",
        "accounts.csv": f"id\n ann\nbob{nbsp}\n{wide}cat\nzoë\n",
        "follows.csv": f"follower,followed\nann ,bob\n{nbsp}bob,{wide}cat{wide}\n"
                       f"cat,zoë{nbsp}\n zoë,ann\n",
        "interactions.csv": f"source,target,kind,at\nann{wide},zoë,reply,2024-03-02\n"
                            f"zoë ,{nbsp}ann,like,2024-03-03\n",
    })
    [snap] = load(folder, unknown_accounts="error")  # an id that did not match would fail
    assert [r[0] for r in query(snap, "SELECT id FROM {s}.accounts ORDER BY id")] == \
        ["ann", "bob", "cat", "zoë"]
    assert edges(snap, query, "follows") == [("ann", "bob"), ("bob", "cat"), ("cat", "zoë"),
                                              ("zoë", "ann")]
    assert edges(snap, query, "interactions") == [("ann", "zoë"), ("zoë", "ann")]


# --- the search for NUL bytes: values are searched one by one unless the file was -------------

def test_a_file_is_said_free_of_nul_only_as_it_was_read(tmp_path):
    from sitegen.snapshots.readers import _free_of_nul

    clean, dirty = tmp_path / "clean.csv", tmp_path / "dirty.csv"
    clean.write_bytes(b"follower,followed\na,b\n")
    dirty.write_bytes(b"follower,followed\na,b\x00\n")
    assert _free_of_nul(clean, os.stat(clean))
    assert not _free_of_nul(dirty, os.stat(dirty))
    read = os.stat(clean)
    clean.write_bytes(b"follower,followed\na,bc\n")  # changed since it was read
    assert not _free_of_nul(clean, read)
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    assert _free_of_nul(empty, os.stat(empty))
    pipe = tmp_path / "pipe.csv"
    os.mkfifo(pipe)
    with open(pipe, "wb+", buffering=0):  # a FIFO cannot be searched: not said free
        assert not _free_of_nul(pipe, os.stat(pipe))


@pytest.mark.parametrize("name", ["2024-03 [1]", "2024-03 *", "2024-03 ?"])
def test_a_folder_named_with_glob_characters_is_read_as_named(make_snapshot, load, name):
    """DuckDB's readers expand ``*``, ``?`` and ``[...]``: ``2024-03 [1]`` read
    ``2024-03 1``'s files (or found none), ``2024-03 *`` both folders' (schemes.read_name)."""
    decoy = name.replace("[1]", "1").replace("*", "x").replace("?", "y")
    for folder, follows in ((name, "a,b\nb,a\n"), (decoy, "a,c\n")):
        make_snapshot(folder, {"accounts.csv": "id\na\nb\nc\n",
                               "follows.csv": "follower,followed\n" + follows,
                               "interactions.csv": "source,target,kind\na,b,reply\n"})
    [snapshot] = load(make_snapshot(name, {}))
    assert snapshot.db.execute("SELECT count(*) FROM s0.follows").fetchone()[0] == 2


def test_a_folder_named_with_a_backslash_and_a_glob_character_is_refused(make_snapshot, load):
    """DuckDB takes the '\\' of a pattern for a folder separator: ``2024-03 \\[1]``, escaped as
    a pattern, read ``2024-03 /[1]`` (a decoy here): refused, with the folder named."""
    name = "2024-03 \\[1]"
    for folder, follows in ((name, "a,b\nb,a\n"), ("2024-03 /[1]", "a,c\n")):
        make_snapshot(folder, {"accounts.csv": "id\na\nb\nc\n",
                               "follows.csv": "follower,followed\n" + follows})
    with pytest.raises(SitegenError) as raised:
        load(make_snapshot(name, {}))
    assert "cannot be read: DuckDB's readers take the '\\'" in str(raised.value)
    assert name in str(raised.value)

"""Issue 12: column maps (``columns:`` in a snapshot's metadata), attributes beside them, and
CSV files with mixed line ends, a byte-order mark or a header padded with spaces.

Each case goes through the library (``load``/``analyze`` fixtures) and the main ones through
``sitegen analyze DIR --format json`` as well.
"""

from __future__ import annotations

import json
import logging
import re
from pathlib import Path

import pytest
from conftest import dedent

from sitegen.snapshots import readers
from sitegen.snapshots.load import META_KEYS

pytestmark = pytest.mark.usefixtures("restore_logging")

DOCS = Path(__file__).resolve().parent.parent / "docs" / "snapshots.md"

# an export with its own column names: twitter is the handle, n_followers the followers
MAPPED = {
    "snapshot.yml": """
        taken: 2024-03-31
        columns:
          accounts: {handle: twitter, followers_count: n_followers}
          follows: {follower: src, followed: dst}
    """,
    "accounts.csv": """
        id,twitter,n_followers,party
        a,alice,10,left
        b,bob,5,right
        c,carol,,left
    """,
    "follows.csv": """
        src,dst
        a,b
        b,a
        c,a
    """,
}
YAML_MAPPED = """
    taken: 2024-03-31
    columns:
      accounts: {handle: twitter}
      follows: {follower: src, followed: dst}
    accounts:
      - {id: a, twitter: alice, party: left}
      - {id: b, twitter: bob, party: right}
    follows:
      - {src: a, dst: b}
      - {src: b, dst: a}
"""


def with_map(columns: str) -> dict:
    """MAPPED with another ``columns:`` block in snapshot.yml (lines 2 on)."""
    return {**MAPPED, "snapshot.yml": "taken: 2024-03-31\n" + columns}


def analysed(run, folder: str) -> dict:
    result = run("analyze", folder, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


# --- column maps: the library ---------------------------------------------------------------


def test_a_map_renames_the_columns(make_snapshot, load, query):
    [snapshot] = load(make_snapshot("2024-03", MAPPED))
    assert query(snapshot, "SELECT id, handle, followers_count FROM {s}.accounts ORDER BY id"
                 ) == [("a", "alice", 10), ("b", "bob", 5), ("c", "carol", None)]
    assert query(snapshot, "SELECT count(*) FROM {s}.follows") == [(3,)]
    assert snapshot.attributes == ("party",)  # twitter and n_followers are not attributes


def test_a_map_gives_the_figures(make_snapshot, analyze, accounts_of):
    [report] = analyze(make_snapshot("2024-03", MAPPED))
    accounts = accounts_of(report)
    assert accounts["a"].handle == "alice"
    assert accounts["a"].followers == 10  # the profile count, read from n_followers
    assert report.network.follows == 3


def test_the_map_wins_over_names_and_aliases(make_snapshot, load, query, caplog):
    files = {**MAPPED, "accounts.csv": "id,handle,screen_name,twitter,n_followers\na,x,y,alice,\n",
             "follows.csv": "src,dst,follower\na,a,z\n"}
    with caplog.at_level(logging.WARNING):
        [snapshot] = load(make_snapshot("2024-03", files))
    assert query(snapshot, "SELECT handle FROM {s}.accounts") == [("alice",)]
    assert snapshot.attributes == ()  # handle and screen_name are ignored, not attributes
    warnings = [r.getMessage() for r in caplog.records]
    assert any("column 'screen_name' ignored: 'handle' is read from column 'twitter' "
               "('columns.accounts' in snapshot.yml)" in w for w in warnings), warnings
    assert any("column 'follower' ignored" in w for w in warnings), warnings


def test_mapped_names_are_compared_without_case_or_spaces(make_snapshot, load, query):
    files = {**with_map("columns:\n  accounts: {Handle: ' Twitter '}\n"),
             "accounts.csv": "id, TWITTER \na,alice\n", "follows.csv": "follower,followed\n"}
    [snapshot] = load(make_snapshot("2024-03", files))
    assert query(snapshot, "SELECT handle FROM {s}.accounts") == [("alice",)]


def test_a_mapped_column_can_swap_names_with_another(make_snapshot, load, query):
    files = {**with_map("columns:\n  accounts: {id: handle, handle: id}\n"),
             "accounts.csv": "id,handle\nalice,a\nbob,b\n", "follows.csv": "follower,followed\n"}
    [snapshot] = load(make_snapshot("2024-03", files))
    assert query(snapshot, "SELECT id, handle FROM {s}.accounts ORDER BY id") == [
        ("a", "alice"), ("b", "bob")]


def test_errors_in_a_mapped_file_name_its_lines(make_snapshot, error):
    files = {**MAPPED, "follows.csv": "src,dst\na,b\nb,zed\n"}
    snap = make_snapshot("2024-03", files)
    assert error(snap) == f"{snap / 'follows.csv'}:3: unknown account 'zed' in column 'followed'"


def test_a_bad_value_after_an_ignored_column_names_its_line(make_snapshot, error):
    files = {**MAPPED, "accounts.csv": "handle,id,twitter,n_followers\nx,a,alice,1\n"
                                       "y,b,bob,-3\nz,c,carol,\n"}
    snap = make_snapshot("2024-03", files)
    assert error(snap) == (f"{snap / 'accounts.csv'}:3: expected a whole number of 0 or more "
                           "in column 'followers_count', got '-3'")


def test_attributes_and_columns_work_together(make_snapshot, load, query):
    files = {**MAPPED, "snapshot.yml": dedent(MAPPED["snapshot.yml"]) + "attributes: [Party]\n",
             "accounts.csv": "id,twitter,n_followers,party,chamber\na,alice,1,left,upper\n"
                             "b,bob,2,right,lower\nc,carol,,left,lower\n"}
    [snapshot] = load(make_snapshot("2024-03", files))
    assert snapshot.attributes == ("party",)
    assert query(snapshot, "SELECT handle, party FROM {s}.accounts ORDER BY id") == [
        ("alice", "left"), ("bob", "right"), ("carol", "left")]


def test_attributes_name_columns_after_the_map(make_snapshot, error):
    files = {**MAPPED, "snapshot.yml": dedent(MAPPED["snapshot.yml"]) + "attributes: [twitter]\n"}
    snap = make_snapshot("2024-03", files)
    assert error(snap) == (f"{snap / 'accounts.csv'}:1: 'attributes': no account column "
                           "'twitter' to group by\n  hint: attribute columns of accounts.csv: "
                           "party")


def test_a_yaml_snapshot_with_a_map(make_snapshot, load, query):
    [snapshot] = load(make_snapshot("2024-03.yml", YAML_MAPPED))
    assert query(snapshot, "SELECT id, handle, party FROM {s}.accounts ORDER BY id") == [
        ("a", "alice", "left"), ("b", "bob", "right")]
    assert query(snapshot, "SELECT count(*) FROM {s}.follows") == [(2,)]
    assert snapshot.attributes == ("party",)


def test_a_yaml_snapshot_mapping_a_key_no_record_has(make_snapshot, error):
    snap = make_snapshot("2024-03.yml", YAML_MAPPED.replace("followed: dst", "followed: dest"))
    assert error(snap) == (f"{snap}:8: no column 'dest' to read as 'followed' ('columns.follows' "
                           f"in 2024-03.yml); found columns: src, dst\n  hint: did you mean "
                           "'dst'?")


def test_a_yaml_snapshot_with_a_bad_map_names_its_line(make_snapshot, error):
    snap = make_snapshot("2024-03.yml", YAML_MAPPED.replace("accounts: {handle", "acount: {handle"))
    assert error(snap).startswith(f"{snap}:3: 'columns': unknown table 'acount'\n"
                                  "  hint: did you mean 'accounts'?")


# --- column maps: the setting checked ------------------------------------------------------


@pytest.mark.parametrize(("columns", "expected"), [
    ("columns:\n  acounts: {handle: twitter}\n",
     ":3: 'columns': unknown table 'acounts'\n  hint: did you mean 'accounts'? tables: "
     "accounts, follows, interactions, posts"),
    ("columns:\n  votes: {handle: twitter}\n",
     ":3: 'columns': unknown table 'votes'\n  hint: tables: accounts, follows, interactions, "
     "posts"),
    ("columns:\n  accounts:\n    handel: twitter\n",
     ":4: 'columns.accounts': unknown column 'handel'\n  hint: did you mean 'handle'? columns of "
     "accounts: id, handle, name, bio, created_at, followers_count, following_count, "
     "posts_count, default_profile"),
    ("columns:\n  accounts:\n    screen_name: twitter\n",
     ":4: 'columns.accounts': unknown column 'screen_name'\n  hint: write 'handle': "
     "'screen_name' is one of its aliases"),
    ("columns:\n  follows:\n    follower: src\n    followed: 12\n",
     ":5: 'columns.follows.followed': expected the name of a column of the file, got 12\n"
     "  hint: quote a name that looks like a number: '12'"),
    ("columns:\n  follows:\n    follower: src\n    followed: SRC\n",
     ":5: 'columns.follows': column 'SRC' is mapped to both 'follower' and 'followed'"),
    ("columns:\n  follows: [src, dst]\n",
     ":3: 'columns.follows': expected a mapping of sitegen's column names to the file's, "
     "e.g. {follower: my_follower}, got a list"),
    ("columns: twitter\n",
     ":2: 'columns': expected a mapping of tables to column maps (e.g. {accounts: {handle: "
     "twitter}}), got 'twitter'"),
])
def test_a_bad_map_is_refused_with_its_line_and_the_choices(make_snapshot, error, columns,
                                                            expected):
    snap = make_snapshot("2024-03", with_map(columns))
    assert error(snap) == f"{snap / 'snapshot.yml'}{expected}"


def test_every_problem_of_a_map_is_listed(make_snapshot, error):
    snap = make_snapshot("2024-03", with_map(
        "columns:\n  acounts: {handle: twitter}\n  follows:\n    folower: src\n"))
    lines = error(snap).splitlines()
    assert [line.split(": ")[0] for line in lines if not line.startswith(" ")] == [
        f"{snap / 'snapshot.yml'}:3", f"{snap / 'snapshot.yml'}:5"]
    assert "  hint: did you mean 'follower'? columns of follows: follower, followed, since" \
        in lines


def test_a_mapped_column_missing_from_the_file(make_snapshot, error):
    snap = make_snapshot("2024-03", with_map("columns:\n  accounts: {handle: twiter}\n"))
    assert error(snap) == (
        f"{snap / 'accounts.csv'}:1: no column 'twiter' to read as 'handle' ('columns.accounts' "
        "in snapshot.yml); found columns: id, twitter, n_followers, party\n"
        "  hint: did you mean 'twitter'?")


def test_a_map_for_an_absent_table_is_harmless(make_snapshot, load):
    files = {**with_map("columns:\n  posts: {author: user}\n"),
             "follows.csv": "follower,followed\na,b\n"}
    [snapshot] = load(make_snapshot("2024-03", files))
    assert "posts" not in snapshot.present


def test_columns_is_a_metadata_key():
    assert "columns" in META_KEYS


# --- column maps: the command line ----------------------------------------------------------


def test_analyze_json_shows_the_mapped_handles(run, make_snapshot):
    make_snapshot("2024-03", MAPPED)
    doc = analysed(run, "content/snapshots/2024-03")
    handles = {a["id"]: a["handle"] for a in doc["accounts"]}
    assert handles == {"a": "alice", "b": "bob", "c": "carol"}
    assert {a["id"]: a["followers"] for a in doc["accounts"]}["a"] == 10
    assert doc["coverage"]["attributes"] == ["party"]


def test_analyze_json_reads_a_yaml_snapshot_with_a_map(run, make_snapshot):
    make_snapshot("2024-03.yml", YAML_MAPPED)
    doc = analysed(run, "content/snapshots/2024-03.yml")
    assert sorted(a["handle"] for a in doc["accounts"]) == ["alice", "bob"]


@pytest.mark.parametrize(("columns", "expected"), [
    ("columns:\n  acounts: {handle: twitter}\n",
     "snapshot.yml:3: 'columns': unknown table 'acounts'\n  hint: did you mean 'accounts'?"),
    ("columns:\n  accounts: {handel: twitter}\n",
     "snapshot.yml:3: 'columns.accounts': unknown column 'handel'\n  hint: did you mean "
     "'handle'?"),
    ("columns:\n  accounts: {handle: twiter}\n",
     "accounts.csv:1: no column 'twiter' to read as 'handle' ('columns.accounts' in "
     "snapshot.yml); found columns: id, twitter, n_followers, party\n  hint: did you mean "
     "'twitter'?"),
])
def test_analyze_refuses_a_bad_map_with_status_2(run, make_snapshot, columns, expected):
    make_snapshot("2024-03", with_map(columns))
    result = run("analyze", "content/snapshots/2024-03", "--format", "json")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith("error: content/snapshots/2024-03/" + expected)


# --- CSV line ends, byte-order mark, padded header -------------------------------------------

ACCOUNTS = b"id,handle,bio\na,alice,\"two\r\nlines\"\nb,bob,x\nc,carol,y\n"
MIXED_ENDS = {
    "LF header, CRLF rows": b"follower,followed,since\na,b,2024-01-01\r\nb,a,2024-01-02\r\n"
                            b"c,a,2024-01-03\r\n",
    "CRLF header, LF rows": b"follower,followed,since\r\na,b,2024-01-01\nb,a,2024-01-02\n"
                            b"c,a,2024-01-03\n",
    "mixed rows": b"follower,followed,since\na,b,2024-01-01\r\nb,a,2024-01-02\n"
                  b"c,a,2024-01-03\r\n",
    "CR rows": b"follower,followed,since\na,b,2024-01-01\rb,a,2024-01-02\rc,a,2024-01-03\r",
    "no end on the last line": b"follower,followed,since\r\na,b,2024-01-01\nb,a,2024-01-02\n"
                               b"c,a,2024-01-03",
}


def no_carriage_returns(snapshot, query) -> None:
    follows = query(snapshot, "SELECT a.id, b.id, CAST(since AS DATE)::VARCHAR FROM "
                              "{s}.follows f JOIN {s}.accounts a ON a.k = f.src "
                              "JOIN {s}.accounts b ON b.k = f.dst ORDER BY 1")
    assert follows == [("a", "b", "2024-01-01"), ("b", "a", "2024-01-02"),
                       ("c", "a", "2024-01-03")]
    handles = query(snapshot, "SELECT id, handle, bio FROM {s}.accounts ORDER BY id")
    assert handles == [("a", "alice", "two\r\nlines"), ("b", "bob", "x"), ("c", "carol", "y")]


@pytest.mark.parametrize("follows", MIXED_ENDS.values(), ids=MIXED_ENDS)
def test_mixed_line_ends_are_read(make_snapshot, load, query, follows):
    snap = make_snapshot("2024-03", {"accounts.csv": ACCOUNTS, "follows.csv": follows})
    [snapshot] = load(snap)
    no_carriage_returns(snapshot, query)


def test_mixed_line_ends_in_the_accounts_keep_quoted_line_breaks(make_snapshot, load, query):
    accounts = b"id,handle,bio\r\na,alice,\"two\r\nlines\"\nb,bob,x\r\nc,carol,y\n"
    snap = make_snapshot("2024-03", {"accounts.csv": accounts,
                                     "follows.csv": MIXED_ENDS["mixed rows"]})
    [snapshot] = load(snap)
    no_carriage_returns(snapshot, query)


def test_the_copy_is_right_where_chunks_cut_a_crlf_or_a_quoted_value(make_snapshot, load,
                                                                     query, monkeypatch):
    monkeypatch.setattr(readers, "CHUNK_BYTES", 3)  # every cut a file can have
    accounts = b"id,handle,bio\r\na,alice,\"two\r\nlines\"\nb,bob,x\r\nc,carol,y\n"
    snap = make_snapshot("2024-03", {"accounts.csv": accounts,
                                     "follows.csv": MIXED_ENDS["mixed rows"]})
    [snapshot] = load(snap)
    no_carriage_returns(snapshot, query)


@pytest.mark.parametrize("chunk", range(1, 6))
def test_lines_are_right_where_chunks_cut_a_crlf(make_snapshot, error, monkeypatch, chunk):
    monkeypatch.setattr(readers, "CHUNK_BYTES", chunk)  # each place a CRLF can be cut
    follows = b"follower,followed\na,b\r\nb,a\r\nc,a,x\r\na,c\n"
    snap = make_snapshot("2024-03", {"follows.csv": follows})
    assert error(snap) == (f"{snap / 'follows.csv'}:4: more values than the header has "
                           "columns: 'c,a,x'")


@pytest.mark.parametrize(("follows", "line"), [
    (b"follower,followed,since\na,b,2024-01-01\r\nb,a,2024-01-02\nc,a,soon\r\n", 4),
    (b"follower,followed,since\r\na,\"b\r\n\",2024-01-01\nb,a,2024-01-02\nc,a,soon\n", 5),
    (b"follower,followed,since\na,b,2024-01-01\rb,a,2024-01-02\rc,a,soon\r", 4),
])
def test_a_bad_value_in_a_file_of_mixed_line_ends_names_its_line(make_snapshot, error,
                                                                 follows, line):
    snap = make_snapshot("2024-03", {"follows.csv": follows})
    assert error(snap) == (f"{snap / 'follows.csv'}:{line}: expected a date or date-time "
                           "(YYYY-MM-DD[THH:MM:SS]) in column 'since', got 'soon'")


@pytest.mark.parametrize("end", [b"\r\n", b"\r"])
def test_a_ragged_row_in_a_file_of_mixed_line_ends_names_its_line(make_snapshot, error, end):
    follows = b"follower,followed\n" + b"a,b" + end + b"b,a\n" + b"c,a,x" + end + b"a,c\n"
    snap = make_snapshot("2024-03", {"follows.csv": follows})
    assert error(snap) == (f"{snap / 'follows.csv'}:4: more values than the header has "
                           "columns: 'c,a,x'")


def test_analyze_json_reads_mixed_line_ends(run, make_snapshot):
    make_snapshot("2024-03", {"accounts.csv": ACCOUNTS, "follows.csv": MIXED_ENDS["mixed rows"]})
    result = run("analyze", "content/snapshots/2024-03", "--format", "json")
    assert result.exit_code == 0, result.output
    assert "\\r\"" not in result.stdout  # no value ends in a carriage return
    doc = json.loads(result.stdout)
    assert {a["id"]: a["handle"] for a in doc["accounts"]} == {"a": "alice", "b": "bob",
                                                              "c": "carol"}
    assert doc["network"]["follows"] == 3


def test_analyze_names_the_line_of_a_bad_value_in_mixed_line_ends(run, make_snapshot):
    make_snapshot("2024-03", {"follows.csv": b"follower,followed,since\na,b,2024-01-01\r\n"
                                             b"b,a,later\n"})
    result = run("analyze", "content/snapshots/2024-03", "--format", "json")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: content/snapshots/2024-03/follows.csv:3: expected "
                                    "a date or date-time")


@pytest.mark.parametrize("header", [
    b"\xef\xbb\xbfid,handle", b"\xef\xbb\xbfid ,handle  ", b"id , Handle \t",
    b"\xef\xbb\xbf Id,HANDLE ",
])
def test_a_bom_and_spaces_in_the_header(make_snapshot, load, query, header):
    snap = make_snapshot("2024-03", {"accounts.csv": header + b"\r\na,alice\r\nb,bob\r\n"})
    [snapshot] = load(snap)
    assert query(snapshot, "SELECT id, handle FROM {s}.accounts ORDER BY id") == [
        ("a", "alice"), ("b", "bob")]


def test_a_bom_with_a_map_and_mixed_line_ends(run, make_snapshot):
    make_snapshot("2024-03", {
        "snapshot.yml": "columns:\n  accounts: {id: user, handle: twitter}\n",
        "accounts.csv": b"\xef\xbb\xbfuser , twitter \na,alice\r\nb,bob\n",
    })
    doc = analysed(run, "content/snapshots/2024-03")
    assert {a["id"]: a["handle"] for a in doc["accounts"]} == {"a": "alice", "b": "bob"}


# --- the documentation ----------------------------------------------------------------------


def test_every_metadata_key_is_in_the_metadata_table():
    text = DOCS.read_text(encoding="utf-8")
    table = text.split("## Metadata", 1)[1].split("\n\n", 2)[1]
    documented = re.findall(r"^\| `([a-z_]+)` \|", table, flags=re.M)
    assert documented == list(META_KEYS)


def test_column_maps_have_a_section():
    text = DOCS.read_text(encoding="utf-8")
    assert "\n## Column maps\n" in text and "(#column-maps)" in text

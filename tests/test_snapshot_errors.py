"""One test per user error: the message names the file, the line (as an editor shows it,
header = line 1), the column, what was expected and what was found."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from datetime import date

import pytest

ACCOUNTS = """
    id,handle
    a,alice
    b,bob
    c,carol
"""


def follows_snapshot(make_snapshot, follows: str, accounts: str = ACCOUNTS):
    snap = make_snapshot("2024-03", {"accounts.csv": accounts, "follows.csv": follows})
    return snap, snap / "follows.csv"


# --- CSV: columns and structure --------------------------------------------------------------


def test_missing_required_column_names_the_columns_found(make_snapshot, error):
    snap, path = follows_snapshot(
        make_snapshot,
        """
            follower,whom,since
            a,b,2024-01-01
        """,
    )
    assert error(snap) == (
        f"{path}:1: missing required column 'followed'; found columns: follower, whom, since"
    )


def test_missing_required_column_in_accounts(make_snapshot, error):
    snap = make_snapshot("2024-03", {"accounts.csv": "handle,name\nalice,Alice\n"})
    assert error(snap) == (
        f"{snap / 'accounts.csv'}:1: missing required column 'id'; found columns: handle, name"
    )


@pytest.mark.parametrize("separator", [";", "\t"])
def test_wrong_delimiter_hints_at_commas(make_snapshot, error, separator):
    snap, path = follows_snapshot(make_snapshot, f"follower{separator}followed\na{separator}b\n")
    message = error(snap)
    assert message.startswith(
        f"{path}:1: missing required column 'follower'; found columns: follower{separator}followed"
    )
    assert message.splitlines()[1] == "  hint: columns must be separated by commas"


def test_duplicate_column_through_an_alias(make_snapshot, error):
    snap, path = follows_snapshot(make_snapshot, "follower,source_id,followed\na,b,c\n")
    assert error(snap) == f"{path}:1: column 'source_id' appears twice (as 'follower')"


@pytest.mark.parametrize("column", ["sitegen_bad", "SITEGEN_NUL", "followers_count__v",
                                    "created_at__given"])
def test_an_account_column_named_as_sitegen_names_its_own_is_refused(make_snapshot, error,
                                                                     column):
    """Such a column stood in for one of the checks or values beside it (a count of -5 went
    through), or crashed the load."""
    snap = make_snapshot("2024-03", {"accounts.csv": f"id,followers_count,{column}\n"
                                                     "a,-5,false\nb,7,false\n"})
    assert error(snap) == (
        f"{snap / 'accounts.csv'}:1: column '{column}' has a name sitegen keeps for its own "
        "work on accounts (sitegen_nul, sitegen_bad, and a typed column's name "
        "(followers_count ...) followed by __v or __given)\n"
        "  hint: rename that column in the file")


def test_account_columns_near_those_names_are_attributes(make_snapshot, analyze):
    snap = make_snapshot("2024-03", {
        "accounts.csv": "id,kk,sitegen,v__x,sitegen_source,bio__given\n"
                        "a,red,x,1,s,t\nb,red,y,2,s,t\nc,blue,z,3,s,t\n",
        "follows.csv": "follower,followed\na,b\nb,a\nc,a\n"})
    [report] = analyze(snap)
    assert {"kk", "sitegen", "v__x", "sitegen_source", "bio__given"} <= \
        set(report.snapshot.attributes)


K_ACCOUNTS = "id,k,party\na,3,red\nb,1,red\nc,2,blue\n"  # k: a degree, say (as imports write)


def test_a_column_named_k_is_no_attribute_and_changes_no_figure(make_snapshot, analyze,
                                                                caplog):
    """``k`` is each account's key: chosen as an attribute, it grouped by the key."""
    follows = "follower,followed\na,b\nb,a\nc,a\n"
    plain = make_snapshot("2024-02", {"accounts.csv": "id,party\na,red\nb,red\nc,blue\n",
                                      "follows.csv": follows})
    with_k = make_snapshot("2024-03", {"accounts.csv": K_ACCOUNTS, "follows.csv": follows})
    [expected], [report] = analyze(plain), analyze(with_k)
    assert report.snapshot.attributes == ("party",)
    assert "column 'k' not used as an attribute" in caplog.text
    assert [a.followers for a in report.accounts()] == [a.followers for a in expected.accounts()]


def test_k_named_as_an_attribute_is_refused(make_snapshot, error):
    snap = make_snapshot("2024-03", {"accounts.csv": K_ACCOUNTS,
                                     "snapshot.yml": "attributes: [party, k]\n"})
    assert error(snap).startswith(
        f"{snap / 'accounts.csv'}:1: 'attributes': 'k' is sitegen's name for an account's key")


def test_a_value_padded_with_a_tab_is_located_at_its_own_line(make_snapshot, error):
    """Ends are trimmed of spaces, not tabs: 'a<TAB>' is not 'a', and the line named is the
    one that holds it, not an earlier 'a'."""
    snap, path = follows_snapshot(make_snapshot, "follower,followed\na,b\nb,a\na\t,b\n")
    assert error(snap) == f"{path}:4: unknown account 'a\t' in column 'follower'"


def test_empty_values_at_the_end_of_a_row_are_not_counted_but_a_space_is(make_snapshot, load,
                                                                          error):
    """As documented: some exports end every line with a comma."""
    snap, _ = follows_snapshot(make_snapshot, "follower,followed\na,b,\nb,a,,\n")
    [snapshot] = load(snap)
    assert snapshot.db.execute(f"SELECT count(*) FROM {snapshot.table('follows')}"
                               ).fetchone()[0] == 2
    snap, path = follows_snapshot(make_snapshot, "follower,followed\na,b, \n")
    assert error(snap) == f"{path}:2: more values than the header has columns: 'a,b, '"


def test_empty_names_ending_the_header_are_no_columns(make_snapshot, load, error):
    """A spreadsheet saves the empty columns after the data as commas ending every line,
    the header's too: read as without them, as in a row (it was "a column has an empty name
    in the header"); a value under such a column is still refused, and so is an empty name
    between two others."""
    accounts = "id,handle,,\r\na,alice,,\r\nb,bob,,\r\n"
    snap, _ = follows_snapshot(make_snapshot, "follower,followed,\na,b,\n", accounts)
    [snapshot] = load(snap)
    assert snapshot.attributes == ()
    assert snapshot.db.execute(f"SELECT count(*) FROM {snapshot.table('follows')}"
                               ).fetchone()[0] == 1
    snap, _ = follows_snapshot(make_snapshot, "follower,followed\na,b\n",
                               "id,handle,,\na,alice,,\nb,bob,x,\n")
    assert error(snap) == (f"{snap / 'accounts.csv'}:3: more values than the header has "
                           "columns: 'b,bob,x,'")
    snap, _ = follows_snapshot(make_snapshot, "follower,followed\na,b\n",
                               "id,,handle\na,,alice\nb,,bob\n")
    assert error(snap) == f"{snap / 'accounts.csv'}:1: a column has an empty name in the header"


def test_empty_file(make_snapshot, error):
    snap, path = follows_snapshot(make_snapshot, "")
    assert error(snap) == f"{path}:1: empty file: expected a header line naming the columns"


def test_too_many_values(make_snapshot, error):
    snap, path = follows_snapshot(
        make_snapshot,
        """
            follower,followed
            a,b
            b,a
            c,a,2024-01-01
        """,
    )
    assert error(snap) == f"{path}:4: more values than the header has columns: 'c,a,2024-01-01'"


def test_too_few_values(make_snapshot, error):
    snap, path = follows_snapshot(
        make_snapshot,
        """
            follower,followed
            a,b
            c
            b,a
        """,
    )
    assert error(snap) == f"{path}:3: fewer values than the header has columns: 'c'"


def test_ragged_row_line_counts_lines_not_records(make_snapshot, error):
    # a quoted value spanning three lines (2-4) and a CRLF file: the bad record is on line 5
    snap = make_snapshot(
        "2024-03", {"accounts.csv": b'id,bio\r\na,"one\r\ntwo\r\nthree"\r\nb,x,y\r\nc,z\r\n'}
    )
    assert (
        error(snap) == f"{snap / 'accounts.csv'}:5: more values than the header has columns: "
        "'b,x,y'"
    )


def test_every_ragged_row_is_listed(make_snapshot, error):
    snap, path = follows_snapshot(
        make_snapshot,
        """
            follower,followed
            a,b,c
            a,b
            a
        """,
    )
    assert error(snap).splitlines() == [
        f"{path}:2: more values than the header has columns: 'a,b,c'",
        f"{path}:4: fewer values than the header has columns: 'a'",
    ]


def test_non_utf8_bytes_in_a_row(make_snapshot, error):
    snap = make_snapshot("2024-03", {"accounts.csv": b"id,handle\na,alice\nb,caf\xe9\nc,x\n"})
    lines = error(snap).splitlines()
    assert lines[0].startswith(f"{snap / 'accounts.csv'}:3: not UTF-8 text:")
    assert lines[1] == "  hint: save the file as UTF-8"


def test_non_utf8_bytes_in_the_header(make_snapshot, error):
    snap = make_snapshot("2024-03", {"accounts.csv": b"id,h\xe9ndle\na,alice\n"})
    assert error(snap) == (
        f"{snap / 'accounts.csv'}:1: the header is not UTF-8 text\n  hint: save the file as UTF-8"
    )


# --- CSV: values -------------------------------------------------------------------------------


def test_unknown_account_exact_message(make_snapshot, error):
    snap, path = follows_snapshot(
        make_snapshot,
        """
            follower,followed
            a,b
            b,a
            c,zz
        """,
    )
    assert error(snap) == f"{path}:4: unknown account 'zz' in column 'followed'"


def test_unknown_account_in_interactions_and_posts(make_snapshot, error):
    snap = make_snapshot(
        "2024-03",
        {
            "accounts.csv": ACCOUNTS,
            "interactions.csv": """
                source,target,kind
                qq,a,reply
            """,
            "posts.csv": """
                author
                a
                a
                nobody
            """,
        },
    )
    assert error(snap).splitlines() == [
        f"{snap / 'interactions.csv'}:2: unknown account 'qq' in column 'source'",
        f"{snap / 'posts.csv'}:4: unknown account 'nobody' in column 'author'",
    ]


def test_problems_in_several_files_are_reported_together(make_snapshot, error):
    snap, path = follows_snapshot(
        make_snapshot,
        accounts="""
            id,followers_count
            a,-1
            b,2
        """,
        follows="""
            follower,followed
            a,b
            b,zz
            zz,a
        """,
    )
    assert error(snap).splitlines() == [
        f"{snap / 'accounts.csv'}:2: expected a whole number of 0 or more in column "
        "'followers_count', got '-1'",
        f"{path}:4: unknown account 'zz' in column 'follower'",
        f"{path}:3: unknown account 'zz' in column 'followed'",
    ]


def test_negative_count(make_snapshot, error):
    snap = make_snapshot(
        "2024-03",
        {
            "accounts.csv": """
                id,followers_count,friends_count
                a,10,3
                b,4,-2
            """
        },
    )
    assert error(snap) == (
        f"{snap / 'accounts.csv'}:3: expected a whole number of 0 or more "
        "in column 'following_count', got '-2'"
    )


@pytest.mark.parametrize("value", ["abc", "nan", "NaN", "inf", "1.5", "1e999"])
def test_count_that_is_not_a_whole_number(make_snapshot, error, value):
    snap = make_snapshot("2024-03", {"accounts.csv": f"id,posts_count\na,3\nb,{value}\nc,\n"})
    assert error(snap) == (
        f"{snap / 'accounts.csv'}:3: expected a whole number of 0 or more "
        f"in column 'posts_count', got '{value}'"
    )


def test_more_bad_values_are_counted(make_snapshot, error):
    snap = make_snapshot("2024-03", {"accounts.csv": "id,posts_count\na,x\nb,y\nc,z\n"})
    assert error(snap) == (
        f"{snap / 'accounts.csv'}:2: expected a whole number of 0 or more "
        "in column 'posts_count', got 'x' (and 2 more)"
    )


@pytest.mark.parametrize("value", ["0", "-1", "two"])
def test_interaction_count_must_be_one_or_more(make_snapshot, error, value):
    snap = make_snapshot(
        "2024-03",
        {
            "interactions.csv": f"""
                source,target,kind,count
                a,b,reply,1
                b,a,reply,{value}
            """
        },
    )
    assert error(snap) == (
        f"{snap / 'interactions.csv'}:3: expected a whole number of 1 or "
        f"more in column 'count', got '{value}'"
    )


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("created_at", "2023-02-29"),  # not a leap year
        ("created_at", "yesterday"),
        ("created_at", "03/12/2024"),
    ],
)
def test_bad_date_in_accounts(make_snapshot, error, column, value):
    snap = make_snapshot(
        "2024-03",
        {
            "accounts.csv": f"""
                id,{column}
                a,2024-02-29
                b,{value}
            """
        },
    )
    assert error(snap) == (
        f"{snap / 'accounts.csv'}:3: expected a date or date-time "
        f"(YYYY-MM-DD[THH:MM:SS]) in column '{column}', got '{value}'"
    )


def test_bad_date_in_edges(make_snapshot, error):
    snap = make_snapshot(
        "2024-03",
        {
            "follows.csv": """
                follower,followed,since
                a,b,2024-01-01T08:30:00
                b,a,2024-1-1x
            """,
            "interactions.csv": """
                source,target,kind,at
                a,b,reply,2024-03-01T10:00:00+02:00
                b,a,reply,noon
            """,
        },
    )
    assert error(snap).splitlines() == [
        f"{snap / 'follows.csv'}:3: expected a date or date-time (YYYY-MM-DD[THH:MM:SS]) in "
        "column 'since', got '2024-1-1x'",
        f"{snap / 'interactions.csv'}:3: expected a date or date-time (YYYY-MM-DD[THH:MM:SS]) "
        "in column 'at', got 'noon'",
    ]


def test_unknown_interaction_kind(make_snapshot, error):
    snap = make_snapshot(
        "2024-03",
        {
            "interactions.csv": """
                source,target,kind
                a,b,Reply
                b,a,poke
            """
        },
    )
    assert error(snap) == (
        f"{snap / 'interactions.csv'}:3: expected one of reply, repost, "
        "quote, mention, like in column 'kind', got 'poke'"
    )


@pytest.mark.parametrize("name, files, line", [
    ("2024-03", {"interactions.csv": "source,target,kind\na,b,reply\nb,a,\n"}, 3),
    ("2024-03", {"interactions.csv": "source,target,kind\na,b,reply\nb,a,  \n"}, 3),
    ("2024-03.yml", "interactions:\n  - {source: a, target: b, kind: reply}\n"
                    "  - {source: b, target: a}\n", 3),
])
def test_a_blank_kind_is_an_empty_value(make_snapshot, error, name, files, line):
    """A kind left blank is said to be empty, as an empty id is (it was "got 'None'", a
    word the file never held)."""
    snap = make_snapshot(name, files)
    where = snap / "interactions.csv" if isinstance(files, dict) else snap
    assert error(snap) == f"{where}:{line}: empty value in column 'kind'"


def test_bad_boolean(make_snapshot, error):
    snap = make_snapshot(
        "2024-03",
        {
            "accounts.csv": """
                id,default_profile_image
                a,true
                b,maybe
            """
        },
    )
    assert error(snap) == (
        f"{snap / 'accounts.csv'}:3: expected true or false in column "
        "'default_profile', got 'maybe'"
    )


def test_duplicate_account_id_points_at_the_second(make_snapshot, error):
    snap = make_snapshot(
        "2024-03",
        {
            "accounts.csv": """
                id,handle
                a,alice
                b,bob
                c,carol
                b,bobby
                d,dave
            """
        },
    )
    assert error(snap) == (
        f"{snap / 'accounts.csv'}:5: duplicate account id 'b' (first seen earlier)"
    )


def test_duplicate_account_id_after_a_multiline_value(make_snapshot, error):
    snap = make_snapshot("2024-03", {"accounts.csv": 'id,bio\na,"two\nlines"\nb,\na,again\n'})
    assert error(snap) == (
        f"{snap / 'accounts.csv'}:5: duplicate account id 'a' (first seen earlier)"
    )


def test_empty_id(make_snapshot, error):
    snap = make_snapshot("2024-03", {"accounts.csv": "id,handle\na,alice\n,nobody\n"})
    assert error(snap) == f"{snap / 'accounts.csv'}:3: empty value in column 'id'"


def test_empty_edge_end(make_snapshot, error):
    snap, path = follows_snapshot(make_snapshot, "follower,followed\na,b\nb,\n")
    assert error(snap) == f"{path}:3: empty value in column 'followed'"


# --- YAML snapshots ----------------------------------------------------------------------------


def test_yaml_python_tag_is_refused(make_snapshot, error):
    snap = make_snapshot(
        "2024-03.yml",
        """
            accounts:
              - id: a
              - !!python/object/apply:os.system ["echo owned"]
        """,
    )
    assert error(snap) == (
        f"{snap}:3: not valid YAML: tags such as !!python/... are not allowed; use plain values"
    )


def test_yaml_python_tag_in_metadata_is_refused(make_snapshot, error):
    snap = make_snapshot("2024-03.yml", "taken: !!python/name:os.system\n")
    assert "tags such as !!python/... are not allowed" in error(snap)


def laughs(key: str, levels: int) -> str:
    """A 'billion laughs' document: ``key`` holds 10**levels strings through nested aliases."""
    lines = [f"{key}:", "  - &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"  - &l{i} [" + ", ".join([f"*l{i - 1}"] * 10) + "]" for i in range(1, levels)]
    return "\n".join(lines) + "\n"


ALIAS_REFUSED = "not valid YAML: aliases (*name) are not allowed; write the value out"


@pytest.mark.parametrize("key", ["taken", "window_days", "network", "accounts"])
def test_yaml_alias_explosion_is_refused_without_expanding(make_snapshot, error, key):
    # 10**6 strings if expanded; aliases are refused at the first one, with its line
    snap = make_snapshot("2024-03.yml", laughs(key, 6))
    text = error(snap)
    first_alias = next(
        n for n, line in enumerate(snap.read_text().splitlines(), 1) if "*" in line
    )
    assert text == f"{snap}:{first_alias}: {ALIAS_REFUSED}"


def test_yaml_billion_laughs_finishes_quickly(make_snapshot):
    # the classic: nine levels of ten aliases (90 aliases, 10**9 strings). Run apart with a
    # time and memory limit so that a regression fails instead of eating the machine.
    snap = make_snapshot("2024-03.yml", "network: x\n" + laughs("taken", 9))
    code = textwrap.dedent(f"""
        import resource, sys
        resource.setrlimit(resource.RLIMIT_AS, (1 << 31, 1 << 31))
        from sitegen.errors import SnapshotError
        from sitegen.snapshots import load_series, open_db
        try:
            load_series(__import__("pathlib").Path({str(snap)!r}), open_db("256MB"))
        except SnapshotError as exc:
            print(exc)
    """)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr[-500:]
    assert done.stdout.startswith(f"{snap}:")
    assert done.stdout.endswith(f": {ALIAS_REFUSED}\n")


def test_yaml_record_that_is_not_a_mapping(make_snapshot, error):
    snap = make_snapshot(
        "2024-03.yml",
        """
            taken: 2024-03-01
            accounts:
              - id: a
              - b
              - id: c
        """,
    )
    assert error(snap) == (
        f"{snap}:4: 'accounts': expected a mapping (key: value) for each record, got str"
    )


def test_yaml_table_that_is_not_a_list(make_snapshot, error):
    snap = make_snapshot(
        "2024-03.yml",
        """
            taken: 2024-03-01
            follows:
              follower: a
              followed: b
        """,
    )
    assert error(snap) == f"{snap}:2: 'follows': expected a list of records"


def test_yaml_nested_value_in_a_record(make_snapshot, error):
    snap = make_snapshot(
        "2024-03.yml",
        """
            taken: 2024-03-01
            accounts:
              - id: a
              - id: b
                handle: [b, bee]
        """,
    )
    assert error(snap) == (f"{snap}:4: 'accounts': expected plain values, not lists or mappings")


def test_yaml_top_level_not_a_mapping(make_snapshot, error):
    snap = make_snapshot(
        "2024-03.yml",
        """
            - id: a
            - id: b
        """,
    )
    assert error(snap) == (
        f"{snap}:1: expected a mapping with keys such as taken, accounts, follows"
    )


def test_yaml_unknown_key(make_snapshot, error):
    snap = make_snapshot(
        "2024-03.yml",
        """
            taken: 2024-03-01
            acounts:
              - id: a
        """,
    )
    assert error(snap) == (
        f"{snap}: unknown key 'acounts'\n  hint: valid keys: taken, network, "
        "window_days, attributes, columns, source, observed, ties, accounts, follows, "
        "interactions, posts"
    )


def test_yaml_unknown_account_names_the_record_line(make_snapshot, error):
    snap = make_snapshot(
        "2024-03.yml",
        """
            taken: 2024-03-01
            accounts:
              - id: a
              - id: b
            follows:
              - {follower: a, followed: b}
              - {follower: b, followed: a}
              - follower: a
                followed: zz
        """,
    )
    assert error(snap) == f"{snap}:8: unknown account 'zz' in column 'followed'"


def test_yaml_negative_count_names_the_record_line(make_snapshot, error):
    snap = make_snapshot(
        "2024-03.yml",
        """
            taken: 2024-03-01
            accounts:
              - id: a
                followers_count: 3
              - id: b
                followers_count: -3
        """,
    )
    assert error(snap) == (
        f"{snap}:5: expected a whole number of 0 or more in column 'followers_count', got '-3'"
    )


def test_yaml_syntax_error_has_a_line(make_snapshot, error):
    snap = make_snapshot(
        "2024-03.yml",
        """
            taken: 2024-03-01
            accounts:
              - id: a
             - id: b
        """,
    )
    assert error(snap).startswith(f"{snap}:4: not valid YAML:")


def test_yaml_not_utf8(make_snapshot, error):
    snap = make_snapshot("2024-03.yml", b"taken: 2024-03-01\nnetwork: caf\xe9\n")
    assert error(snap) == f"{snap}:2: not UTF-8 text\n  hint: save the file as UTF-8"


# --- snapshot metadata and series ------------------------------------------------------------


def test_a_lone_snapshot_may_be_undated(make_snapshot, load):
    snap = make_snapshot("latest", {"follows.csv": "follower,followed\na,b\n"})
    [loaded] = load(snap)
    assert loaded.taken is None and loaded.coverage.window is None


def test_a_series_names_its_undated_snapshot(make_snapshot, error, snapshots_dir):
    make_snapshot("2024-01", {"follows.csv": "follower,followed\na,b\n"})
    latest = make_snapshot("latest", {"follows.csv": "follower,followed\na,b\n"})
    assert error(snapshots_dir) == (
        f"{latest}: no 'taken' date: a series of snapshots needs a date for each\n  hint: add "
        "'taken: YYYY-MM-DD' to snapshot.yml or name the snapshot by its date, e.g. 2024-03"
    )


def test_folder_named_with_an_impossible_date_is_undated(make_snapshot, load):
    snap = make_snapshot("2024-13", {"follows.csv": "follower,followed\na,b\n"})
    assert load(snap)[0].taken is None


def test_taken_may_be_quoted(make_snapshot, load):
    snap = make_snapshot("x", {"snapshot.yml": 'taken: "2024-03-31"\n',
                               "follows.csv": "follower,followed\na,b\n"})
    assert load(snap)[0].taken == date(2024, 3, 31)


def test_taken_that_is_not_a_date(make_snapshot, error):
    snap = make_snapshot(
        "2024-03", {"snapshot.yml": "taken: next week\n", "follows.csv": "follower,followed\na,b\n"}
    )
    assert error(snap) == (
        f"{snap / 'snapshot.yml'}: 'taken': expected a date (YYYY-MM-DD), got 'next week'"
    )


@pytest.mark.parametrize("value", ["0", "thirty", "true", "7.5"])
def test_bad_window_days(make_snapshot, error, value):
    snap = make_snapshot(
        "2024-03",
        {"snapshot.yml": f"window_days: {value}\n", "follows.csv": "follower,followed\na,b\n"},
    )
    assert error(snap).startswith(
        f"{snap / 'snapshot.yml'}: 'window_days': expected a whole number of 1 or more, got "
    )


def test_snapshot_yml_unknown_key_and_not_a_mapping(make_snapshot, error):
    snap = make_snapshot("2024-03", {"snapshot.yml": "taken: 2024-03-01\nnetwrok: x\n"})
    assert error(snap).startswith(f"{snap / 'snapshot.yml'}: unknown key 'netwrok'")
    (snap / "snapshot.yml").write_text("- 2024-03-01\n")
    assert error(snap) == (
        f"{snap / 'snapshot.yml'}:1: expected a mapping such as 'taken: 2024-03-01'"
    )


def test_two_snapshots_with_the_same_date(make_snapshot, snapshots_dir, error):
    make_snapshot("2024-03", {"follows.csv": "follower,followed\na,b\n"})
    make_snapshot(
        "march.yml",
        """
            taken: 2024-03-01
            follows:
              - {follower: a, followed: b}
        """,
    )
    assert error(snapshots_dir) == (
        f"{snapshots_dir}: two snapshots taken on 2024-03-01: 2024-03 and march.yml"
    )


def test_path_that_does_not_exist(tmp_path, error):
    assert error(tmp_path / "nope") == f"{tmp_path / 'nope'}: no such file or folder"


def test_folder_without_snapshots(tmp_path, error):
    (tmp_path / "empty").mkdir()
    assert error(tmp_path / "empty").startswith(f"{tmp_path / 'empty'}: no snapshots found")


def test_every_message_is_one_or_two_lines_per_problem(make_snapshot, error):
    snap, _ = follows_snapshot(make_snapshot, "follower;followed\na;b\n")
    assert len(error(snap).splitlines()) == 2


# --- edge files read where they are keyed (readers.defer_csv) ---------------------------------

LATE = 60_001  # the line of the bad record: past the rows DuckDB samples before reading


LATE_FAULTS = {  # a bad last record, and what the message says of it
    "extra value": (b",extra", "more values than the header has columns: '{record},extra'"),
    "not UTF-8": (b"\xff", "not UTF-8 text"),
}


def _late_bad_record(make_snapshot, table: str, bad_count: bool = False,
                     fault: str = "extra value"):
    """A snapshot whose ``table`` file (follows or interactions) is sound for its first
    60,000 records, which the view's sample reads, and has a fault (``LATE_FAULTS``) on line
    60,001 (``bad_count``: and an account with -1 followers)."""
    ids = [f"u{i}" for i in range(300)]
    accounts = "id,followers_count\n" + "".join(f"{a},{-1 if bad_count and a == 'u5' else 1}\n"
                                                for a in ids)
    if table == "follows":
        rows = [f"{ids[i % 300]},{ids[(i * 7 + 1) % 300]}\n" for i in range(LATE - 2)]
        head, last = "follower,followed\n", "u1,u2"
    else:
        rows = [f"{ids[i % 300]},{ids[(i + 1) % 300]},reply\n" for i in range(LATE - 2)]
        head, last = "source,target,kind\n", "u1,u2,reply"
    text = (head + "".join(rows) + last).encode() + LATE_FAULTS[fault][0] + b"\n"
    return make_snapshot("2024-03", {"accounts.csv": accounts, f"{table}.csv": text}), last


@pytest.mark.parametrize("fault", sorted(LATE_FAULTS))
@pytest.mark.parametrize("table", ["follows", "interactions"])
def test_a_bad_record_found_only_when_an_edge_file_is_keyed_is_located(make_snapshot, error,
                                                                       table, fault):
    import duckdb

    from sitegen.snapshots.readers import defer_csv

    snap, last = _late_bad_record(make_snapshot, table, fault=fault)
    db = duckdb.connect()
    names = ["follower", "followed"] if table == "follows" else ["source", "target", "kind"]
    # the sample passes: the file's fault shows only when the keying pass reads it
    assert defer_csv(db, snap / f"{table}.csv", "t", names) is not None
    with pytest.raises(duckdb.InvalidInputException):
        db.execute("SELECT * FROM t").fetchall()
    message = error(snap)
    assert message.startswith(f"{snap / f'{table}.csv'}:{LATE}: ")
    assert LATE_FAULTS[fault][1].format(record=last) in message


@pytest.mark.parametrize("late", [False, True])
def test_a_file_that_is_not_csv_is_said_before_the_accounts_problems(make_snapshot, error,
                                                                     late):
    """As when every file was read at once: the edge file's fault comes first, whether the
    sample finds it or only the whole read does."""
    if late:
        snap, _ = _late_bad_record(make_snapshot, "follows", bad_count=True)
    else:
        snap = make_snapshot("2024-03", {"accounts.csv": "id,followers_count\na,-1\nb,2\n",
                                         "follows.csv": 'follower,followed\na,b\nb,"a\n'})
    message = error(snap)
    assert str(snap / "follows.csv") in message and "accounts.csv" not in message


def test_no_table_or_view_of_a_read_file_is_left(make_snapshot, load):
    snap = make_snapshot("2024-03", {
        "accounts.csv": ACCOUNTS, "follows.csv": "follower,followed\na,b\nb,a\n",
        "interactions.csv": "source,target,kind\na,b,reply\n",
        "posts.csv": "author,at\na,2024-03-01\n"})
    [snapshot] = load(snap)
    left = snapshot.db.execute("SELECT table_name FROM duckdb_tables() UNION ALL "
                               "SELECT view_name FROM duckdb_views() WHERE NOT internal"
                               ).fetchall()
    assert not [name for (name,) in left if "_raw_" in name]
    assert snapshot.db.execute("SELECT count(*) FROM s0.follows").fetchone()[0] == 2


def test_a_byte_that_is_not_utf8_in_a_column_used_for_nothing_is_located(make_snapshot, error):
    """DuckDB checks the text only of the columns a query reads: a file keyed as it is read
    must still have every column read."""
    rows = [f"u{i % 10},u{(i + 1) % 10},ok\n".encode() for i in range(LATE - 2)]
    snap = make_snapshot("2024-03", {
        "accounts.csv": "id\n" + "".join(f"u{i}\n" for i in range(10)),
        "follows.csv": b"follower,followed,note\n" + b"".join(rows) + b"u1,u2,caf\xe9\n"})
    assert error(snap).startswith(f"{snap / 'follows.csv'}:{LATE}: not UTF-8 text")


def test_a_snapshot_loads_again_on_the_connection_where_it_failed(make_snapshot, tmp_path):
    """A load that failed leaves its raw tables (or views) behind: the next load of the same
    schema replaces them."""
    from sitegen.errors import SnapshotError
    from sitegen.snapshots import load_snapshot, open_db

    snap, _ = _late_bad_record(make_snapshot, "follows")
    db = open_db("1GB")
    with pytest.raises(SnapshotError):
        load_snapshot(snap, db, "s0")
    follows = snap / "follows.csv"
    follows.write_text("\n".join(follows.read_text().splitlines()[:-1]) + "\n")
    assert load_snapshot(snap, db, "s0").coverage.follows
    assert db.execute("SELECT count(*) FROM s0.follows").fetchone()[0] > 0

"""A column of the user's files named like a name sitegen's SQL uses itself.

DuckDB takes a table's column before a select alias of the same name, and an unqualified name
in a subquery from the nearest table that has it: each test names a column so, in a snapshot
that is otherwise sound (the figures must not change) or has one fault (its message must not).
"""

from __future__ import annotations

import json

import pytest
from test_parquet_inputs import csv_as_parquet

from sitegen.errors import SnapshotError

# six accounts in two groups, follows both ways, posts with text, one unknown follower
ACCOUNTS = "id,handle,{extra}\n" + "".join(f"a{i},h{i},{'xy'[i % 2]}\n" for i in range(6))
FOLLOWS = "follower,followed\n" + "".join(f"a{i},a{(i + 1) % 6}\na{(i + 1) % 6},a{i}\n"
                                          for i in range(6))
POSTS = "author,at,text\n" + "".join(f"a{i},2024-03-0{i + 1}T10:00:00,thanks @h{i}!\n"
                                     for i in range(6))


def snapshot_files(extra: str, follows: str = FOLLOWS, accounts: str = ACCOUNTS) -> dict:
    return {"snapshot.yml": "taken: 2024-03-31\n", "accounts.csv": accounts.format(extra=extra),
            "follows.csv": follows, "posts.csv": POSTS}


def groups(run, folder) -> list:
    result = run("analyze", str(folder), "--format", "json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    return sorted((g["attribute"], g["value"], g["size"], tuple(sorted(g["classes"].items())))
                  for g in document["activity"]["groups"])


def test_an_attribute_named_purpose_is_grouped_by(run, make_snapshot):
    """The posts' purposes counted by attribute read an unqualified ``purpose``, ambiguous
    beside an accounts column of that name: the analysis stopped with a BinderException."""
    named = groups(run, make_snapshot("2024-03", snapshot_files("purpose")))
    control = groups(run, make_snapshot("2024-04", snapshot_files("zzz_attr")))
    assert named == [(("purpose",) + g[1:]) for g in control]
    assert [g[1:3] for g in named] == [("x", 3), ("y", 3)]


def test_a_column_named_tid_leaves_a_duplicate_id_located(make_snapshot, load):
    """The duplicate ids were grouped by the alias ``tid``, which the file's own ``tid`` column
    stood for (a BinderException)."""
    accounts = ACCOUNTS.format(extra="tid") + "a2,again,x\n"
    with pytest.raises(SnapshotError, match="duplicate account id 'a2'"):
        load(make_snapshot("2024-03", snapshot_files("tid", accounts=accounts)))


@pytest.mark.parametrize("extra", ["follower", "followed"])
def test_an_accounts_column_named_like_an_edge_column_leaves_unknowns_found(
        make_snapshot, load, extra):
    """The unknown-account check compared the accounts' ids with an unqualified ``follower``,
    which the accounts' own column of that name answered: the first follows were said
    unknown, or, with an account whose column held its own id, the unknown one let through."""
    accounts = "id,handle,{extra}\n" + "".join(f"a{i},h{i},a{i}\n" for i in range(6))
    follows = FOLLOWS + "zz,a1\na1,zz\n"
    path = make_snapshot("2024-03", snapshot_files(extra, follows, accounts))
    with pytest.raises(SnapshotError) as raised:
        load(path)
    lines = str(raised.value).splitlines()
    column = "follower" if extra == "follower" else "followed"
    line = 14 if column == "follower" else 15
    assert f"{path / 'follows.csv'}:{line}: unknown account 'zz' in column '{column}'" in lines


def test_a_yaml_key_named_rowid_is_refused_by_name(make_snapshot, load):
    """The records of a YAML snapshot are located by the engine's ``rowid``, which a key of
    that name hid: a fault elsewhere ended in a TypeError."""
    path = make_snapshot("2024-03.yml", "taken: 2024-03-31\naccounts:\n"
                                        "  - {id: a, rowid: 1}\n  - {id: a, rowid: 2}\n")
    with pytest.raises(SnapshotError) as raised:
        load(path)
    assert str(raised.value).splitlines()[0] == (
        f"{path}:2: 'accounts': a key named 'rowid', the engine's own name for a record's place")


def test_a_parquet_column_named_like_the_file_column_leaves_a_fault_said(make_snapshot, load,
                                                                         tmp_path):
    """DuckDB adds the file's name as ``__sitegen_file`` to locate a record: a column of that
    name in the file ended in a BinderException instead of the duplicate id's message."""
    folder = make_snapshot("2024-03", snapshot_files(
        "__sitegen_file", accounts=ACCOUNTS + "a2,again,x\n"))
    csv_as_parquet(folder / "accounts.csv", folder / "accounts.parquet")
    (folder / "accounts.csv").unlink()
    with pytest.raises(SnapshotError, match="duplicate account id 'a2'"):
        load(folder)

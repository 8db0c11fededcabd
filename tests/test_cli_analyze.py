"""``sitegen analyze`` through the Typer app: exit codes, messages, and the output formats."""

from __future__ import annotations

import csv
import io
import json

import pytest

pytestmark = pytest.mark.usefixtures("restore_logging")

# a <-> b, c -> a: 3 follows among 3 accounts, 2 reciprocated (see test_snapshot_loading)
MARCH = {
    "snapshot.yml": """
        taken: 2024-03-31
        network: demo
    """,
    "accounts.csv": """
        id,handle
        a,alice
        b,bob
        c,carol
    """,
    "follows.csv": """
        follower,followed
        a,b
        b,a
        c,a
    """,
    "interactions.csv": """
        source,target,kind
        a,b,reply
        b,a,reply
    """,
    "posts.csv": "author\n",  # posts were collected: nobody posted
}

# one more account and one more follow a month earlier: d -> a
FEBRUARY = {
    **MARCH,
    "snapshot.yml": "taken: 2024-02-29\nnetwork: demo\n",
    "accounts.csv": "id,handle\na,alice\nb,bob\nc,carol\nd,dave\n",
    "follows.csv": "follower,followed\na,b\nb,a\nc,a\nd,a\n",
}


@pytest.fixture
def march(make_snapshot):
    return make_snapshot("2024-03", MARCH)


@pytest.fixture
def series(make_snapshot, snapshots_dir):
    make_snapshot("2024-03", MARCH)
    make_snapshot("2024-02", FEBRUARY)
    return snapshots_dir


def no_traceback(result) -> None:
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_table_is_the_default(run, march):
    result = run("analyze", "content/snapshots/2024-03")
    assert result.exit_code == 0, result.output
    assert "2024-03 (taken 2024-03-31) demo" in result.stdout
    assert "0.667" in result.stdout  # the follow reciprocity, 2 of 3
    for handle in ("alice", "bob", "carol"):
        assert handle in result.stdout


def test_json_for_one_snapshot(run, march):
    result = run("analyze", "content/snapshots/2024-03", "--format", "json")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert list(doc) == ["snapshot", "coverage", "network", "activity", "accounts"]
    assert doc["coverage"]["follows"] is True
    assert doc["coverage"]["posts"]["measured"] is True
    assert doc["coverage"]["interactions"]["kinds"] == ["reply"]
    assert doc["snapshot"] == {"name": "2024-03", "taken": "2024-03-31", "network": "demo"}
    network = doc["network"]
    assert {
        "accounts",
        "follows",
        "interactions",
        "density",
        "reciprocity",
        "rho",
        "interaction_reciprocity",
        "classes",
    } <= set(network)
    assert list(network["classes"]) == ["consumer", "reciprocator", "broadcaster", "dormant",
                                        "unclassified"]
    assert sum(network["classes"].values()) == 3
    assert (network["accounts"], network["follows"], network["interactions"]) == (3, 3, 2)
    assert network["reciprocity"] == pytest.approx(2 / 3, abs=1e-6)
    assert network["rho"] == pytest.approx((2 / 3 - 1 / 2) / (1 / 2), abs=1e-6)
    assert network["interaction_reciprocity"] == 1.0

    accounts = doc["accounts"]
    assert [a["id"] for a in accounts] == ["a", "b", "c"]
    for account in accounts:
        assert {
            "id",
            "handle",
            "class",
            "reason",
            "scores",
            "followers",
            "following",
            "posts",
            "given",
            "received",
            "follow_reciprocity",
            "interaction_reciprocity",
        } <= set(account)
        assert set(account["scores"]) == {"consumer", "reciprocator", "broadcaster", "dormant"}
    carol = accounts[2]
    assert (carol["handle"], carol["followers"], carol["following"]) == ("carol", 0, 1)
    assert carol["follow_reciprocity"] == 0.0
    assert carol["interaction_reciprocity"] is None  # carol never interacted


def test_a_folder_holding_one_snapshot_is_still_a_series(run, march):
    # the shape follows what PATH is (a folder of snapshots), not how many it holds
    folder = json.loads(run("analyze", "content/snapshots", "--format", "json").stdout)
    single = json.loads(run("analyze", "content/snapshots/2024-03", "--format", "json").stdout)
    assert [s["snapshot"]["name"] for s in folder["snapshots"]] == ["2024-03"]
    assert folder["snapshots"][0] == single


def test_json_for_a_folder_of_snapshots(run, series):
    result = run("analyze", "content/snapshots", "--format", "json")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert {"snapshots", "transitions", "growth", "audit"} <= set(doc)
    # oldest first, each one a complete single-snapshot document
    assert [s["snapshot"]["taken"] for s in doc["snapshots"]] == ["2024-02-29", "2024-03-31"]
    assert [s["network"]["follows"] for s in doc["snapshots"]] == [4, 3]
    assert [len(s["accounts"]) for s in doc["snapshots"]] == [4, 3]
    for snapshot in doc["snapshots"]:
        assert set(snapshot) == {"snapshot", "coverage", "network", "activity", "accounts"}


def test_csv_has_a_header_and_one_row_per_account(run, series):
    result = run("analyze", "content/snapshots", "--format", "csv")
    assert result.exit_code == 0, result.output
    records = list(csv.reader(io.StringIO(result.stdout)))
    header, body = records[0], records[1:]
    assert header[:6] == ["snapshot", "id", "handle", "name", "class", "reason"]
    assert {
        "followers",
        "following",
        "posts",
        "given",
        "received",
        "follow_reciprocity",
        "interaction_reciprocity",
        "consumer_score",
        "dormant_score",
    } <= set(header)
    assert all(len(row) == len(header) for row in body)
    keyed = [(row[0], row[1]) for row in body]
    assert keyed == [
        ("2024-02", "a"),
        ("2024-02", "b"),
        ("2024-02", "c"),
        ("2024-02", "d"),
        ("2024-03", "a"),
        ("2024-03", "b"),
        ("2024-03", "c"),
    ]
    rows = [dict(zip(header, row)) for row in body]
    # a in February: followed by b, c, d; follows b: 2 * 1 / (3 + 1) = 0.5
    assert float(rows[0]["follow_reciprocity"]) == 0.5
    assert rows[0]["followers"] == "3"
    assert rows[2]["interaction_reciprocity"] == ""  # None is an empty cell


# ids whose order in the file, as numbers and as text all differ; the accounts are numbered
# (their key) in text order when loaded, and the files list them in that order
ODD_IDS = ["9", "10", "007", "a", "Z", "\u00e9", "z", "\u00a0x", "y\u00a0"]


def test_accounts_are_listed_in_id_order_as_text(run, make_snapshot, project):
    make_snapshot("2024-03", {
        "accounts.csv": "id,handle\n" + "".join(f'"{i}",h{n}\n' for n, i in enumerate(ODD_IDS)),
        "follows.csv": "follower,followed\n" + "".join(
            f'"{a}","{b}"\n' for a, b in zip(ODD_IDS, ODD_IDS[1:])),
    })
    expected = sorted(i.strip() for i in ODD_IDS)  # Python sorts by code point: UTF-8's order
    assert expected != [i.strip() for i in ODD_IDS]
    result = run("analyze", "content/snapshots/2024-03", "--format", "csv")
    assert result.exit_code == 0, result.output
    assert [row[1] for row in list(csv.reader(io.StringIO(result.stdout)))[1:]] == expected
    assert run("analyze", "content/snapshots/2024-03", "--format", "csv", "--output",
               "out.csv").exit_code == 0
    with open(project / "out.csv", encoding="utf-8", newline="") as written:
        assert [row[1] for row in list(csv.reader(written))[1:]] == expected
    result = run("analyze", "content/snapshots/2024-03", "--format", "json")
    assert [a["id"] for a in json.loads(result.stdout)["accounts"]] == expected


def test_a_lone_carriage_return_in_a_value_is_quoted_in_the_csv(run, make_snapshot, project):
    """A name holding a lone CR (the data's, anyone's to set) went out bare on standard
    output, and every CSV reader split the account's record there (a forged record
    after it). It is quoted, as in the file ``--output`` writes."""
    make_snapshot("2024-03", {"accounts.csv": b'id,handle,name\na,alice,"Al\rFAKE"\nb,bob,Bob\n',
                              "follows.csv": "follower,followed\na,b\nb,a\n"})
    result = run("analyze", "content/snapshots/2024-03", "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout, newline="")))
    assert [(r["id"], r["name"]) for r in rows] == [("a", "Al\rFAKE"), ("b", "Bob")]
    assert run("analyze", "content/snapshots/2024-03", "--format", "csv", "--output",
               "out.csv").exit_code == 0
    assert (project / "out.csv").read_bytes() == result.stdout_bytes


def test_output_writes_a_file(run, march, project):
    result = run("analyze", "content/snapshots/2024-03", "-f", "json", "--output", "out.json")
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    written = json.loads((project / "out.json").read_text(encoding="utf-8"))
    assert written["network"]["follows"] == 3
    assert sorted(p.name for p in project.iterdir() if p.is_file()) == ["out.json", "sitegen.yml"]


def test_user_error_exits_2_with_file_and_line(run, make_snapshot, project):
    make_snapshot("2024-03", {**MARCH, "follows.csv": "follower,followed\na,b\nb,a\nc,zz\n"})
    result = run("analyze", "content/snapshots/2024-03", "--output", "out.json")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        "error: content/snapshots/2024-03/follows.csv:4: unknown account "
        "'zz' in column 'followed'\n"
    )
    no_traceback(result)
    assert not (project / "out.json").exists()


def test_user_error_with_a_hint_is_two_lines(run, make_snapshot):
    make_snapshot("2024-03", {"follows.csv": "follower;followed\na;b\n"})
    result = run("analyze", "content/snapshots/2024-03")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "error: content/snapshots/2024-03/follows.csv:1: missing required column 'follower'; "
        "found columns: follower;followed",
        "  hint: columns must be separated by commas",
    ]
    no_traceback(result)


def test_error_text_with_brackets_is_printed_as_is(run, make_snapshot):
    # the console uses markup; a value such as [bold] must not be swallowed
    make_snapshot(
        "2024-03", {"follows.csv": "follower,followed\na,[bold]x\n", "accounts.csv": "id\na\n"}
    )
    result = run("analyze", "content/snapshots/2024-03")
    assert result.exit_code == 2
    assert "unknown account '[bold]x' in column 'followed'" in result.stderr


def test_missing_path_exits_2(run):
    result = run("analyze", "content/snapshots/nowhere")
    assert result.exit_code == 2
    assert result.stderr == "error: content/snapshots/nowhere: no such file or folder\n"
    no_traceback(result)


def test_bad_settings_exit_2(run, march, write, project):
    write(
        {
            "bad.yml": """
                analysis:
                  consumer_min_following: lots
            """
        },
        project,
    )
    result = run("analyze", "content/snapshots/2024-03", "--config", "bad.yml")
    assert result.exit_code == 2
    assert result.stderr == (
        "error: bad.yml:2: 'analysis.consumer_min_following': expected a whole number, got 'lots'\n"
    )
    no_traceback(result)


def test_missing_config_file_exits_2(run, march):
    result = run("analyze", "content/snapshots/2024-03", "--config", "nope.yml")
    assert result.exit_code == 2
    assert result.stderr == "error: nope.yml: config file not found\n"


def test_unknown_format_is_a_usage_error(run, march):
    result = run("analyze", "content/snapshots/2024-03", "--format", "xml")
    assert result.exit_code == 2
    no_traceback(result)


def test_settings_file_changes_the_classes(run, make_snapshot, write, project):
    # r follows ten accounts and never posts: a consumer by default, dormant from 11 up
    accounts = "id\nr\n" + "".join(f"f{i}\n" for i in range(10))
    follows = "follower,followed\n" + "".join(f"r,f{i}\n" for i in range(10))
    make_snapshot("2024-03", {"accounts.csv": accounts, "follows.csv": follows,
                              "posts.csv": "author\n"})
    default = run("analyze", "content/snapshots/2024-03", "-f", "json")
    classes = {a["id"]: a["class"] for a in json.loads(default.stdout)["accounts"]}
    assert classes["r"] == "consumer"

    write(
        {
            "sitegen.yml": """
                analysis:
                  consumer_min_following: 11
            """
        },
        project,
    )
    stricter = run("analyze", "content/snapshots/2024-03", "-f", "json")
    account = next(a for a in json.loads(stricter.stdout)["accounts"] if a["id"] == "r")
    assert account["class"] == "dormant"
    assert "follows 10 (< 11): dormant" in account["reason"]


def test_unknown_accounts_warn_setting(run, make_snapshot, write, project):
    make_snapshot("2024-03", {**MARCH, "follows.csv": "follower,followed\na,b\nb,a\nc,zz\n"})
    write({"sitegen.yml": "analysis:\n  unknown_accounts: warn\n"}, project)
    result = run("analyze", "content/snapshots/2024-03", "-f", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["network"]["follows"] == 2
    assert "dropped 1 rows naming unknown accounts" in " ".join(result.stderr.split())


def test_warnings_go_to_stderr_and_quiet_silences_them(run, make_snapshot):
    make_snapshot("2024-03", {"follows.csv": "follower,followed\na,b\nb,b\n"})
    loud = run("analyze", "content/snapshots/2024-03", "-f", "json")
    assert loud.exit_code == 0
    assert "dropped 1 self-follows" in " ".join(loud.stderr.split())
    json.loads(loud.stdout)  # the warning does not spoil the document
    quiet = run("analyze", "content/snapshots/2024-03", "-f", "json", "--quiet")
    assert quiet.exit_code == 0
    assert quiet.stderr == ""


def test_help(run):
    result = run("analyze", "--help")
    assert result.exit_code == 0
    for option in ("--format", "--output", "--config"):
        assert option in result.stdout

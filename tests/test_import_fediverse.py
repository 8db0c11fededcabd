"""``sitegen import --from mastodon`` and ``--from bluesky``: real samples (each folder's
README.md under tests/data/import/ says where they come from), fixtures written from the
documented formats, and malformed files, imported and then analysed."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import logging
import shutil
import tarfile
import zipfile
from collections import Counter
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from sitegen.cli import app
from sitegen.importing.bluesky_time import instant
from sitegen.importing.run import ImportOptions, import_snapshot

DATA = Path(__file__).parent / "data" / "import"
MASTODON, BLUESKY = DATA / "mastodon", DATA / "bluesky"
DOC = MASTODON / "doc"
ALICE, BOB, DAVE = "alice@ex.social", "bob@other.net", "dave@misskey.example"
BNEWBOLD, PAUL = "did:plc:nhxcyu4ewwhl5pqil4dotqjo", "did:plc:cmpvykrzb2l22kj4ojlv3ox4"
OWNER = "did:plc:owner"  # the owner of documented.json
pytestmark = pytest.mark.usefixtures("restore_logging")


def imported(out: Path, *sources: Path, fmt: str = "mastodon"):
    """``sitegen import SOURCES --from FMT --out OUT`` through the CLI."""
    return CliRunner().invoke(app, ["import", *map(str, sources), "--from", fmt, "--out",
                                    str(out), "--quiet"])


def table(folder: Path, name: str) -> list[dict]:
    with (folder / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def analysis(folder: Path) -> dict:
    result = CliRunner().invoke(app, ["analyze", str(folder), "--format", "json", "--quiet"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def edges(folder: Path) -> set[tuple[str, ...]]:
    return {(r["source"], r["target"], r["kind"], r["post"].rsplit("/", 1)[-1])
            for r in table(folder, "interactions")}


@pytest.fixture(scope="module")
def mastodon_snapshot(tmp_path_factory) -> Path:
    """The documented archive with both follow lists, through the library."""
    out = tmp_path_factory.mktemp("mastodon") / "snapshot"
    import_snapshot([DOC / "archive", DOC / "following_accounts.csv",
                     DOC / "follower_accounts.csv"], out, ImportOptions("mastodon"))
    return out


def test_archive_and_follow_lists_name_each_account_once(mastodon_snapshot):
    ids = [row["id"] for row in table(mastodon_snapshot, "accounts")]
    assert sorted(ids) == sorted({ALICE, BOB, "carol@third.org", DAVE, "erin@far.away",
                                  "frank@ex.social", "gina@ex.social"})
    follows = {(r["follower"], r["followed"]) for r in table(mastodon_snapshot, "follows")}
    assert follows == {(ALICE, BOB), (ALICE, DAVE), (ALICE, "gina@ex.social"),
                       ("carol@third.org", ALICE), (BOB, ALICE)}
    meta = yaml.safe_load((mastodon_snapshot / "snapshot.yml").read_text())
    assert meta["observed"] == {"owners": [ALICE], "follows": "owners",
                                "interactions": "given", "posts": "owners"}


def test_replies_mentions_and_boosts(mastodon_snapshot):
    # 101 replies to bob, tagging bob and carol: bob is not also mentioned (nor carol in 113,
    # whose replied-to post is named by its web address); dave is named by a Mention tag's name
    # although his actor URI holds an id; 106 answers alice herself; 109 boosts her own post;
    # 104 (direct) and 105 (followers-only) are left out
    assert edges(mastodon_snapshot) == {
        (ALICE, BOB, "reply", "101"), (ALICE, "carol@third.org", "mention", "101"),
        (ALICE, DAVE, "mention", "102"), (ALICE, BOB, "repost", "activity"),
        (ALICE, "erin@far.away", "repost", "activity"), (ALICE, "frank@ex.social", "mention",
                                                         "110"),
        (ALICE, DAVE, "repost", "activity"), (ALICE, DAVE, "reply", "112"),
        (ALICE, "carol@third.org", "reply", "113")}
    posts = {r["id"].rsplit("/", 1)[1]: r for r in table(mastodon_snapshot, "posts")}
    assert sorted(posts) == ["101", "102", "103", "106", "110", "112", "113"]
    assert posts["101"]["text"] == "@bob @carol agreed & thanks"
    assert posts["102"]["text"] == "Say hello to @dave\n\nNew here."
    assert posts["101"]["at"] == "2024-04-02T10:00:00Z"


def test_the_analysis_sees_the_owners_side(mastodon_snapshot):
    report = analysis(mastodon_snapshot)
    assert report["network"]["follows"] == 5 and report["network"]["interactions"] == 9
    alice = next(a for a in report["accounts"] if a["id"] == ALICE)
    assert (alice["followers"], alice["following"], alice["posts"], alice["given"]) == \
        (2, 3, 7, 9)
    assert alice["handle"] == ALICE and alice["lifetime_posts"] == 13
    assert report["coverage"]["observed"]["follows"] == "owners"


def test_a_followers_list_alone_leaves_whom_the_owner_follows_unmeasured(tmp_path):
    """The archive with its followers CSV but not following_accounts.csv: who follows alice is
    known, whom she follows is not (the snapshot said both: she read 0 following and a
    follow reciprocity of 0)."""
    out = tmp_path / "out"
    result = imported(out, DOC / "archive", DOC / "follower_accounts.csv")
    assert result.exit_code == 0, result.output
    meta = yaml.safe_load((out / "snapshot.yml").read_text())
    assert meta["observed"]["follows"] == "followers"
    report = analysis(out)
    alice = next(a for a in report["accounts"] if a["id"] == ALICE)
    assert alice["followers"] == 2 and alice["follow_reciprocity"] is None
    assert report["network"]["reciprocity"] is None


def test_hidden_counts_stay_blank(tmp_path):
    actor = json.loads((DOC / "archive" / "actor.json").read_text())
    actor |= {"followers_count": -1, "following_count": 3, "statuses_count": -1}
    (tmp_path / "actor.json").write_text(json.dumps(actor))
    result = imported(tmp_path / "out", tmp_path / "actor.json", DOC / "following_accounts.csv")
    assert result.exit_code == 0, result.output
    owner = next(r for r in table(tmp_path / "out", "accounts") if r["id"] == ALICE)
    # a column without any value is not written: blank either way, never -1 or 0
    assert (owner.get("followers_count", ""), owner["following_count"]) == ("", "3")
    assert owner.get("posts_count", "") == ""
    alice = next(a for a in analysis(tmp_path / "out")["accounts"] if a["id"] == ALICE)
    assert alice["followers"] is None and alice["following"] == 3


def test_zip_tar_and_folder_give_the_same_bytes(tmp_path):
    name = "archive-20240501120000-0123abcd"
    folder = tmp_path / name
    shutil.copytree(DOC / "archive", folder)
    (tmp_path / f"{name}.zip").write_bytes(_zip(folder))
    with tarfile.open(tmp_path / f"{name}.tar.gz", "w:gz") as archive:
        for file in sorted(folder.iterdir()):
            archive.add(file, arcname=file.name)
    outputs = []
    for source in (folder, tmp_path / f"{name}.zip", tmp_path / f"{name}.tar.gz"):
        out = tmp_path / f"out-{len(outputs)}"
        assert imported(out, source).exit_code == 0
        outputs.append(out)
    metas = [yaml.safe_load((out / "snapshot.yml").read_text()) for out in outputs]
    assert str(metas[0]["taken"]) == "2024-05-01"
    for out, meta in zip(outputs[1:], metas[1:]):
        for file in ("accounts.csv", "interactions.csv", "posts.csv"):
            assert (out / file).read_bytes() == (outputs[0] / file).read_bytes()
        assert {**meta, "source": None} == {**metas[0], "source": None}


def _zip(folder: Path) -> bytes:
    """The folder's files at the top, and members no reader may follow."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for file in sorted(folder.iterdir()):
            archive.write(file, file.name)
        archive.writestr("../../outbox.json", "not read: it points outside")
        archive.writestr("media_attachments/files/1/original/a.png", b"\x89PNG")
    return buffer.getvalue()


def test_real_mastodon_archive(tmp_path):
    assert imported(tmp_path / "out", MASTODON / "leask").exit_code == 0
    owner = "Leask@mastodon.world"
    # Misskey note URL (author from the Mention), Pleroma account with an address at another
    # domain, a local mention without domain, a GoToSocial status; a thread of his own is no
    # interaction; the boost's author is in cc
    assert edges(tmp_path / "out") == {
        (owner, "josh_rm@rainyme.ca", "reply", "109577605344345244"),
        (owner, "huoju@m.devep.net", "reply", "109577751419307379"),
        (owner, "mw@f.darksair.org", "reply", "109577770326445499"),
        (owner, "clowwindy@mastodon.world", "reply", "109578260252672646"),
        (owner, "momok@mastodon.social", "repost", "activity")}
    posts = table(tmp_path / "out", "posts")
    assert len(posts) == 7
    assert any(p["text"].startswith("https://www.bbc.com/news/science-environment-64051171 ")
               for p in posts)
    accounts = {r["id"]: r for r in table(tmp_path / "out", "accounts")}
    assert accounts[owner]["name"] == "Leask Wong"
    assert accounts[owner]["created_at"] == "2022-12-26"


def _bad_zip(tmp_path: Path, members: dict[str, str]) -> Path:
    path = tmp_path / "archive.zip"
    with zipfile.ZipFile(path, "w") as archive:
        for name, text in members.items():
            archive.writestr(name, text)
    return path


@pytest.mark.parametrize("sources, expected", [
    (["malformed/bad-json"], "malformed/bad-json/outbox.json:3: not valid JSON"),
    (["malformed/bad-item"], "outbox.json: outbox item 2: expected an activity"),
    (["doc/archive", "malformed/wrong-header/following_accounts.csv"],
     "following_accounts.csv:1: expected the header 'Account address,Show boosts"),
    (["doc/following_accounts.csv"], "following_accounts.csv: a follow list names no owner"),
    (["zip:actor"], "archive.zip: no outbox.json in this archive"),
    (["zip:actor,badjson"], "archive.zip:outbox.json:1: not valid JSON"),
])
def test_malformed_mastodon_sources_exit_2(tmp_path, sources, expected):
    actor = (DOC / "archive" / "actor.json").read_text()
    paths = []
    for source in sources:
        if source.startswith("zip:"):
            members = {"actor.json": actor}
            if "badjson" in source:
                members["outbox.json"] = '{"orderedItems": [}'
            paths.append(_bad_zip(tmp_path, members))
        else:
            paths.append(MASTODON / source)
    result = imported(tmp_path / "out", *paths)
    assert result.exit_code == 2
    assert expected in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("text, expected", [
    ("2024-01-02T03:04:05.678Z", "2024-01-02T03:04:05.678Z"),
    ("2024-08-28T03:43:05.853765789Z", "2024-08-28T03:43:05.853765Z"),
    ("2023-04-26T00:08:50-07:00", "2023-04-26T07:08:50Z"),
    ("2024-01-02T03:04:05", "2024-01-02T03:04:05Z"),
    ("2024-01-02", "2024-01-02"),
    ("0000-01-01T00:00:00Z", None), ("yesterday", None), (1704164645, None),
])
def test_dates_are_read_leniently(text, expected):
    assert instant(text) == expected


# --- Bluesky ---------------------------------------------------------------------------


@pytest.fixture
def codec():
    return pytest.importorskip("libipld")


def test_real_bluesky_repository(codec, tmp_path):
    car = BLUESKY / "bnewbold.robocracy.org.20250310005405.car"
    assert imported(tmp_path / "out", car, fmt="bluesky").exit_code == 0
    out = tmp_path / "out"
    assert len(table(out, "follows")) == 3
    assert {r["follower"] for r in table(out, "follows")} == {BNEWBOLD}
    posts = table(out, "posts")
    assert len(posts) == 23
    assert all(p["id"].startswith(f"at://{BNEWBOLD}/app.bsky.feed.post/3") for p in posts)
    assert "2024-08-28T03:43:05.853765Z" in {p["at"] for p in posts}
    # the quote embeds his own post: no interaction
    kinds = Counter(r["kind"] for r in table(out, "interactions"))
    assert kinds == {"mention": 4, "reply": 2, "like": 2, "repost": 1}
    owner = next(r for r in table(out, "accounts") if r["id"] == BNEWBOLD)
    assert (owner["name"], owner["bio"], owner.get("handle", "")) == \
        ("now roaming free", "yup", "")
    report = analysis(out)
    assert report["coverage"]["observed"] == {"owners": [BNEWBOLD], "follows": "following",
                                              "interactions": "given", "posts": "owners"}
    assert report["network"]["follows"] == 3 and report["network"]["posts"] == 23


def test_real_excerpt_without_its_tree(codec, tmp_path, caplog):
    out = tmp_path / "out"
    result = import_snapshot([BLUESKY / "paul_staging.excerpt.car"], out,
                             ImportOptions("bluesky"))
    assert result.rows == {"accounts": 7, "follows": 5, "interactions": 8, "posts": 5}
    assert "tree is incomplete" in caplog.text
    # three follows of the early form {did, declarationCid}; two early votes are likes
    assert "did:plc:bvvy47qipuodz6qwlxej2tdl" in {r["followed"] for r in table(out, "follows")}
    kinds = Counter(r["kind"] for r in table(out, "interactions"))
    assert kinds == {"like": 4, "reply": 1, "quote": 1, "mention": 1, "repost": 1}
    assert all(p["id"].startswith("bafyrei") for p in table(out, "posts"))


def _cid(data: bytes) -> bytes:
    return b"\x01\x71\x12\x20" + hashlib.sha256(data).digest()


def _varint(number: int) -> bytes:
    out = bytearray()
    while True:
        out.append(number & 0x7F | (0x80 if number > 0x7F else 0))
        number >>= 7
        if not number:
            return bytes(out)


def write_car(path: Path, codec, records: dict[str, dict], stale: tuple = (),
              commit: bool = True, missing: tuple[str, ...] = ()) -> Path:
    """A repository CAR: ``records`` by key under a tree of two nodes, ``stale`` records left
    in the file outside the tree (as an older commit leaves them); the records of the keys
    ``missing`` named by the tree but not in the file (a partial export)."""
    blocks = [codec.encode_dag_cbor(r) for r in (*records.values(), *stale)]
    leaves = sorted(zip(records, map(_cid, blocks)))
    blocks = [b for key, b in zip([*records, *(None,) * len(stale)], blocks)
              if key not in missing]
    half = len(leaves) // 2
    lower = codec.encode_dag_cbor({"l": None, "e": [
        {"p": 0, "k": key.encode(), "v": cid, "t": None} for key, cid in leaves[:half]]})
    upper = codec.encode_dag_cbor({"l": _cid(lower), "e": [
        {"p": 0, "k": key.encode(), "v": cid, "t": None} for key, cid in leaves[half:]]})
    root = codec.encode_dag_cbor({"did": OWNER, "version": 3, "data": _cid(upper),
                                  "rev": "3kaaaaaaaaa2a", "sig": b"\x00" * 64, "prev": None})
    blocks += [lower, upper, root] if commit else [lower, upper]
    header = codec.encode_dag_cbor({"version": 1, "roots": [_cid(root)]})
    body = b"".join(_varint(len(_cid(b)) + len(b)) + _cid(b) + b for b in blocks)
    path.write_bytes(_varint(len(header)) + header + body)
    return path


DOCUMENTED = json.loads((BLUESKY / "documented.json").read_text(encoding="utf-8"))


def test_records_the_tree_names_but_the_file_lacks_are_said(codec, tmp_path, caplog):
    """A partial export (a slice of a repository): the records its tree names and the file
    does not hold were dropped without a word; records left out by kind are not counted."""
    caplog.set_level(logging.WARNING)
    keys = sorted(DOCUMENTED["records"])[:2]
    car = write_car(tmp_path / "repo.car", codec, DOCUMENTED["records"], missing=tuple(keys))
    import_snapshot([car], tmp_path / "out", ImportOptions("bluesky"))
    assert "the repository's tree names 2 records the file does not hold" in caplog.text
    caplog.clear()
    whole = write_car(tmp_path / "whole.car", codec, DOCUMENTED["records"])
    import_snapshot([whole], tmp_path / "whole", ImportOptions("bluesky"))
    assert "does not hold" not in caplog.text


def test_documented_records(codec, tmp_path):
    car = write_car(tmp_path / "repo.car", codec, DOCUMENTED["records"], DOCUMENTED["stale"])
    assert imported(tmp_path / "out", car, fmt="bluesky").exit_code == 0
    out = tmp_path / "out"
    assert {(r["followed"], r["since"]) for r in table(out, "follows")} == {
        ("did:plc:bob", "2024-01-02T03:04:05.678Z"), ("did:plc:carol", "2022-11-11")}
    rows = {(r["target"], r["kind"], r["at"], r["post"].rsplit("/", 2)[-2:][1])
            for r in table(out, "interactions")}
    assert rows == {("did:plc:bob", "reply", "2024-01-02T03:05:00Z", "3kp1"),
                    ("did:plc:carol", "mention", "2024-01-02T03:05:00Z", "3kp1"),
                    ("did:plc:dan", "quote", "2024-01-03T00:00:00Z", "3kp2"),
                    ("did:plc:dan", "repost", "2024-01-05T00:00:00.123456Z", "3kr1"),
                    ("did:plc:erin", "like", "", "3kl1"),
                    ("did:plc:fay", "like", "2022-12-06", "3kv1")}
    assert {r["id"] for r in table(out, "posts")} == {
        f"at://{OWNER}/app.bsky.feed.post/{rkey}" for rkey in ("3kp1", "3kp2", "3kp3")}
    owner = next(r for r in table(out, "accounts") if r["id"] == OWNER)
    assert (owner["name"], owner["bio"]) == ("Owner", "Writes\nthings")


@pytest.mark.parametrize("name, expected", [
    ("malformed/not-a-car.car", "not-a-car.car: not a CAR file"),
    ("malformed/truncated.car", "truncated.car: the file ends inside the CAR block at byte "
                                "offset 4652"),
    ("malformed/bad-block.car", "bad-block.car: CAR block at byte offset 484: not valid "
                                "DAG-CBOR"),
    ("no-commit", "the CAR's root block, the repository's commit, is not in the file"),
    ("malformed", "malformed: expected a .car file"),
])
def test_malformed_car_files_exit_2(codec, tmp_path, name, expected):
    source = BLUESKY / name
    if name == "no-commit":
        source = write_car(tmp_path / "no-commit.car", codec, DOCUMENTED["records"],
                           commit=False)
    result = imported(tmp_path / "out", source, fmt="bluesky")
    assert result.exit_code == 2
    assert expected in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


def test_without_libipld_the_error_says_what_to_install(tmp_path, monkeypatch):
    monkeypatch.setitem(__import__("sys").modules, "libipld", None)
    result = imported(tmp_path / "out", BLUESKY / "paul_staging.excerpt.car", fmt="bluesky")
    assert result.exit_code == 2
    assert "needs the libipld package" in result.stderr
    assert "pip install 'sitegen-reports[bluesky]'" in result.stderr


def test_a_mastodon_4_4_archive_names_posts_under_ap(tmp_path):
    """Servers since Mastodon 4.4 write actors and posts as /ap/users/NUMBER/statuses/...:
    a reply to the owner's own post was taken for a reply to whichever account of the same
    server the post tagged (30 of 48 'replies' in a real archive of mastodon.social)."""
    archive = tmp_path / "archive"
    shutil.copytree(DOC / "archive", archive)
    numbers = {"https://ex.social/users/alice": "https://ex.social/ap/users/1001",
               "https://other.net/users/bob": "https://other.net/ap/users/2002"}
    for name in ("actor.json", "outbox.json"):
        text = (archive / name).read_text("utf-8")
        for old, new in numbers.items():
            text = text.replace(old, new)
        (archive / name).write_text(text, "utf-8")
    outbox = json.loads((archive / "outbox.json").read_text("utf-8"))
    note = next(i["object"] for i in outbox["orderedItems"]
                if isinstance(i.get("object"), dict) and i["object"]["id"].endswith("/101"))
    # a thread of her own, tagging bob (of her server, as in the real archive)
    own = dict(note, id="https://ex.social/ap/users/1001/statuses/201",
               inReplyTo="https://ex.social/ap/users/1001/statuses/101",
               tag=[{"type": "Mention", "href": "https://ex.social/users/gina",
                     "name": "@gina@ex.social"}])
    outbox["orderedItems"].append(dict(outbox["orderedItems"][0], object=own,
                                       id=own["id"] + "/activity"))
    (archive / "outbox.json").write_text(json.dumps(outbox), "utf-8")
    out = tmp_path / "snapshot"
    result = imported(out, archive)
    assert result.exit_code == 0, result.output
    found = edges(out)
    assert (ALICE, BOB, "reply", "101") in found  # bob named by the Mention tag's name
    assert (ALICE, "gina@ex.social", "mention", "201") in found
    assert not any(e[3] == "201" and e[2] == "reply" for e in found), found


def test_a_following_list_without_its_header_as_older_mastodon_wrote_it(tmp_path):
    """Older servers wrote following_accounts.csv as bare addresses, one a line (a real one:
    aa-m-sa/mastodon-tooters on GitHub); it was refused as having the wrong header."""
    bare = tmp_path / "following_accounts.csv"
    bare.write_text("bob@other.net\ndave@misskey.example\ngina@ex.social\n", "utf-8")
    with_header = tmp_path / "lists" / "following_accounts.csv"
    with_header.parent.mkdir()
    with_header.write_text("Account address,Show boosts\n" + bare.read_text(), "utf-8")
    found = []
    for name, source in (("bare", bare), ("with-header", with_header)):
        result = imported(tmp_path / name, DOC / "archive", source)
        assert result.exit_code == 0, result.output
        found.append({(r["follower"], r["followed"]) for r in table(tmp_path / name, "follows")})
    assert found[0] == found[1] == {(ALICE, BOB), (ALICE, DAVE), (ALICE, "gina@ex.social")}


def test_a_following_list_alone_ranks_the_owner_first(tmp_path):
    """actor.json and following_accounts.csv alone (as docs/importing.md shows): the owner's
    following is measured, yet the accounts were listed "by id (nothing measured ranks
    them)", the owner among the first ids or not at all (a real list of 43: aa-m-sa's)."""
    out = tmp_path / "snapshot"
    result = imported(out, DOC / "archive" / "actor.json", DOC / "following_accounts.csv")
    assert result.exit_code == 0, result.output
    shown = CliRunner().invoke(app, ["analyze", str(out), "--format", "table", "--quiet"],
                               terminal_width=200)
    assert shown.exit_code == 0, shown.output
    assert "most following accounts" in shown.stdout
    assert "nothing measured ranks them" not in shown.stdout
    rows = [line for line in shown.stdout.splitlines() if "@" in line]
    assert ALICE in rows[0], rows

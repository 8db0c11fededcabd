"""``sitegen import --from twitter-archive`` and ``--from twarc``, through the CLI and the library.

The sources are in tests/data/import/: excerpts of real exports (their READMEs say where from)
and files written from the documented formats. Each import is read back with
``sitegen analyze --format json`` or as the CSV files it wrote.
"""

from __future__ import annotations

import csv
import gzip
import json
import logging
import shutil
import tracemalloc
import zipfile
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from sitegen.cli import app
from sitegen.errors import SitegenError
from sitegen.importing.run import ImportOptions, import_snapshot

pytestmark = pytest.mark.usefixtures("restore_logging")

DATA = Path(__file__).parent / "data" / "import"
ARCHIVES, TWARC = DATA / "twitter-archive", DATA / "twarc"
MILAHU = "1964312974236991488"  # the owner of the real archive excerpt
TABLES = ("accounts.csv", "follows.csv", "interactions.csv", "posts.csv")


@pytest.fixture
def cli(tmp_path, monkeypatch):
    """``cli(*args)``: run sitegen from an empty folder (no sitegen.yml applies)."""
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    return lambda *args: runner.invoke(app, [str(arg) for arg in args])


@pytest.fixture
def imported(cli, tmp_path):
    """``imported(*sources, fmt=..., name=...)``: the snapshot folder a successful import
    wrote."""

    def _imported(*sources, fmt: str, name: str = "snapshot", merge: bool = False) -> Path:
        out = tmp_path / name
        result = cli("import", *sources, "--from", fmt, "--out", out, "--quiet",
                     *(["--merge"] if merge else []))
        assert result.exit_code == 0, result.output
        return out

    return _imported


@pytest.fixture
def analysis(cli):
    def _analysis(folder: Path) -> dict:
        result = cli("analyze", folder, "--format", "json", "--quiet")
        assert result.exit_code == 0, result.output
        return json.loads(result.stdout)

    return _analysis


def table(folder: Path, name: str) -> list[dict]:
    with (folder / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def interactions(folder: Path) -> set[tuple[str, str, str, str]]:
    return {(r["source"], r["target"], r["kind"], r["post"]) for r in table(folder, "interactions")}


def handles(folder: Path) -> dict[str, str]:
    return {r["id"]: r["handle"] for r in table(folder, "accounts")}


def meta(folder: Path) -> dict:
    return yaml.safe_load((folder / "snapshot.yml").read_text(encoding="utf-8"))


def zipped(folder: Path, target: Path, prefix: str = "") -> Path:
    """The archive folder as the zip Twitter sends (``prefix``: a folder inside the zip)."""
    with zipfile.ZipFile(target, "w") as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                archive.write(path, prefix + path.relative_to(folder).as_posix())
    return target


# --- twitter-archive ------------------------------------------------------------------------


def test_real_archive_excerpt(imported, analysis):
    out = imported(ARCHIVES / "milahu104", fmt="twitter-archive")
    doc = analysis(out)
    assert doc["snapshot"]["taken"] == "2026-03-06"  # manifest.js archiveInfo.generationDate
    assert doc["coverage"]["observed"] == {"owners": [MILAHU], "follows": "owners",
                                           "interactions": "given", "posts": "owners"}
    assert meta(out)["observed"]["owners"] == [MILAHU]
    accounts = {a["id"]: a for a in doc["accounts"]}
    assert accounts[MILAHU]["handle"] == "milahu104"
    assert accounts["1314116355197743105"]["handle"] == "rosenbusch_"  # only named in a reply
    assert accounts[MILAHU]["posts"] == 8  # 9 tweets, one a retweet
    given = interactions(out)
    # "@rosenbusch_ idioten...": a reply, and not also a mention of the same account
    assert (MILAHU, "1314116355197743105", "reply", "2024773764576059625") in given
    assert not {g for g in given if g[3] == "2024773764576059625" and g[2] == "mention"}
    # "RT @StephanRPalm: @CDU ...": a repost of StephanRPalm; @CDU is the original's mention
    assert {g for g in given if g[3] == "2029604193200152772"} == {
        (MILAHU, "1750816407195959296", "repost", "2029604193200152772")}
    # a reply ending in a link to @SamaHoole's tweet quotes SamaHoole (known from a mention)
    assert (MILAHU, "2253756806", "quote", "2026937782078419018") in given
    # a reply in the owner's own thread is no interaction; its other @name is a mention
    assert {g[1:3] for g in given if g[3] == "2028162593630679311"} == {
        ("1592241843453952003", "mention")}
    assert len(table(out, "follows")) == 6
    assert "2029604193200152772" not in {p["id"] for p in table(out, "posts")}


def test_documented_archive_in_parts(tmp_path):
    out = tmp_path / "parts"
    import_snapshot([ARCHIVES / "parts"], out, ImportOptions("twitter-archive"))
    alice, bob, carol = "9007199254740993", "9007199254740995", "9007199254740997"
    # ids above 2**53 stay exact (a float would turn ...993 into ...992)
    assert {(f["follower"], f["followed"]) for f in table(out, "follows")} == {
        (alice, bob), (alice, "77")}  # follower.js is empty: nobody follows alice
    assert interactions(out) == {
        (alice, bob, "reply", "1690000000000000003"),
        (alice, carol, "mention", "1690000000000000003"),  # @bob again: still the reply
        (alice, carol, "repost", "1690000000000000002"),  # @dave inside the RT is not alice's
        (alice, carol, "quote", "1680000000000000003"),  # twitter.com/Carol/status/...
        (alice, carol, "mention", "1680000000000000001"),  # as @carolold
    }
    assert handles(out)[carol] == "carol"  # the latest handle, not carolold
    posts = {p["id"]: p for p in table(out, "posts")}
    assert posts["1690000000000000003"]["text"] == "@bob hi & thanks, cc @carol and again @bob"
    assert posts["1690000000000000003"]["at"] == "2023-08-12T16:10:37Z"
    assert len(posts) == 5 and meta(out)["taken"].isoformat() == "2023-08-31"


def test_archive_without_manifest(tmp_path, caplog):
    caplog.set_level(logging.WARNING)
    out = tmp_path / "out"
    import_snapshot([ARCHIVES / "no-manifest"], out, ImportOptions("twitter-archive"))
    erin = "1234567890123456789"
    assert meta(out)["observed"]["owners"] == [erin]
    assert meta(out)["taken"].isoformat() == "2019-02-28"  # no manifest: the last tweet's day
    assert interactions(out) == {(erin, "43", "reply", "1100000000000000001")}
    assert table(out, "follows") == [{"follower": "42", "followed": erin, "since": ""}]
    assert "no data/following.js" in caplog.text


def _retweet(tweet_id: str, handle: str, account: str) -> dict:
    """A retweet as tweets.js keeps it; an account that is gone has the id "-1" and no name
    (as andreruffert/twitter's real archive shows: 11 retweets of 5 such accounts)."""
    return {"tweet": {
        "id_str": tweet_id, "created_at": "Wed Oct 31 07:51:46 +0000 2012",
        "full_text": f"RT @{handle}: a thing worth reading", "entities": {"user_mentions": [
            {"name": "" if account == "-1" else handle, "screen_name": handle,
             "indices": ["3", str(4 + len(handle))], "id_str": account, "id": account}]}}}


def test_mentions_of_accounts_that_are_gone_are_left_out(tmp_path, write, caplog):
    """Twitter writes the id -1 for every mentioned account that was deleted or suspended:
    taken as an id, the retweets of different such accounts were all one account "-1"
    (named after one of them), reposted that many times."""
    caplog.set_level(logging.WARNING)
    tweets = [_retweet("1001", "czaplic", "-1"), _retweet("1002", "hellokahlil", "-1"),
              _retweet("1003", "js_fiddle", "-1"), _retweet("1004", "elmlang", "2313623570")]
    source = write({
        "data/account.js": 'window.YTD.account.part0 = [{"account": {"accountId": "42", '
                           '"username": "owner"}}]',
        "data/tweets.js": "window.YTD.tweets.part0 = " + json.dumps(tweets)},
        tmp_path / "archive")
    out = tmp_path / "out"
    import_snapshot([source], out, ImportOptions("twitter-archive"))
    assert interactions(out) == {("42", "2313623570", "repost", "1004")}
    assert "-1" not in handles(out)
    assert "left out 3 reposts" in " ".join(caplog.text.split())


def test_an_archive_without_follower_js_leaves_the_followers_unmeasured(imported, analysis,
                                                                         tmp_path):
    """Without data/follower.js the owner's followers are not in the data: the snapshot says
    it saw whom the owner follows only (it said both, and the owner read 0 followers and a
    follow reciprocity of 0)."""
    archive = tmp_path / "archive"
    shutil.copytree(ARCHIVES / "milahu104", archive)
    for path in archive.rglob("follower*.js"):
        path.unlink()
    manifest = archive / "data" / "manifest.js"  # and its entry (the archive as downloaded)
    text = manifest.read_text("utf-8")
    start = text.index('    "follower" : {')
    manifest.write_text(text[:start] + text[text.index('    "following" : {'):], "utf-8")
    doc = analysis(imported(archive, fmt="twitter-archive"))
    assert doc["coverage"]["observed"]["follows"] == "following"
    owner = next(a for a in doc["accounts"] if a["id"] == MILAHU)
    assert owner["followers"] is None and owner["follow_reciprocity"] is None
    assert owner["following"] is not None


@pytest.mark.parametrize("prefix", ["", "twitter-2026-03-06/"])
def test_zip_and_folder_give_the_same_bytes(imported, tmp_path, prefix):
    folder = imported(ARCHIVES / "milahu104", fmt="twitter-archive", name="from-folder")
    archive = zipped(ARCHIVES / "milahu104", tmp_path / "archive.zip", prefix)
    from_zip = imported(archive, fmt="twitter-archive", name="from-zip")
    for name in TABLES:
        assert (folder / name).read_bytes() == (from_zip / name).read_bytes(), name
    assert {**meta(folder), "source": None} == {**meta(from_zip), "source": None}


def test_importing_twice_gives_identical_files(imported):
    first = imported(ARCHIVES / "parts", fmt="twitter-archive", name="first")
    second = imported(ARCHIVES / "parts", fmt="twitter-archive", name="second")
    for name in (*TABLES, "snapshot.yml"):
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


def test_malformed_archive_exits_2_naming_file_and_record(cli, tmp_path):
    result = cli("import", ARCHIVES / "malformed", "--from", "twitter-archive", "--out",
                 tmp_path / "out")
    assert result.exit_code == 2
    assert "malformed/data/tweets.js:10: record 2: no 'id_str'" in result.output
    archive = zipped(ARCHIVES / "malformed", tmp_path / "archive.zip")
    result = cli("import", archive, "--from", "twitter-archive", "--out", tmp_path / "out")
    assert result.exit_code == 2
    assert "archive.zip:data/tweets.js:10: record 2" in result.output
    assert not (tmp_path / "out").exists()  # nothing half-made


@pytest.mark.parametrize(("files", "message"), [
    ({"data/account.js": 'window.YTD.account.part0 = [{"account": {"accountId": "1"}}]'},
     "no tweets in this archive"),
    ({"notes.txt": "hello"}, "not a Twitter archive"),
    ({"data/manifest.js": 'window.__THAR_CONFIG = {"userInfo": {"accountId": "1"}, '
                          '"dataTypes": {"tweets": {"files": [{"fileName": "data/tweets.js"}]}}}'},
     "'data/tweets.js' is listed in manifest.js but not in the archive"),
    ({"data/manifest.js": 'window.__THAR_CONFIG = {"dataTypes": {"tweets": {"files": '
                          '[{"fileName": "data/../../secret.js"}]}}}'},
     "expected file names like 'data/tweets.js'"),
    ({"data/tweets.js": "window.YTD.tweets.part0 = []"}, "no owner"),
    ({"data/account.js": "var account = []", "data/tweets.js": "window.YTD.tweets.part0 = []"},
     "account.js:1: expected 'window.YTD.<name>.part<N> = ['"),
])
def test_archives_that_cannot_be_read(cli, write, tmp_path, files, message):
    source = write(files, tmp_path / "archive")
    result = cli("import", source, "--from", "twitter-archive", "--out", tmp_path / "out")
    assert result.exit_code == 2 and message in result.output, result.output
    assert "Traceback" not in result.output


# --- twarc ----------------------------------------------------------------------------------


def test_twarc2_page_and_flattened_tweets_agree(imported):
    page = imported(TWARC / "twarc2-search-page.jsonl", fmt="twarc", name="page")
    flat = imported(TWARC / "twarc2-flat.jsonl", fmt="twarc", name="flat")
    for name in ("interactions.csv", "posts.csv"):
        assert (page / name).read_bytes() == (flat / name).read_bytes()
    assert interactions(page) == {
        ("1352661060663336960", "2718660392", "repost", "1380242611781386245"),
        ("1910479285", "1142605723601264640", "reply", "1380242586288328707"),  # not a mention
        ("1910479285", "592730371", "mention", "1380242586288328707"),  # found by handle
        ("942248349213904896", "375721095", "quote", "1380242403009966082"),
    }  # @gatewaypundit names no included user; a reply in one's own thread is no interaction
    assert handles(page)["592730371"] == "JackPosobiec"
    assert meta(page)["taken"].isoformat() == "2021-04-08"  # __twarc.retrieved_at
    assert "observed" not in meta(page)


def test_twarc_v1_tweets(imported, analysis):
    out = imported(TWARC / "twarc1-tweets.jsonl", TWARC / "twarc1-cases.jsonl", fmt="twarc")
    accounts = {a["id"]: a for a in analysis(out)["accounts"]}
    edsu = accounts["14331818"]
    assert (edsu["handle"], edsu["followers"], edsu["following"], edsu["lifetime_posts"]) == (
        "edsu", 6209, 4006, 37705)  # friends_count is following, statuses_count posts_count
    given = interactions(out)
    assert ("1111111111111111119", "3333333333", "reply", "1111111111111111116") in given
    assert ("1111111111111111119", "111111111111111117", "mention",
            "1111111111111111116") in given
    assert not {g for g in given if g[1] == "3333333333" and g[2] == "mention"}
    assert ("2222222222", "111111111", "repost", "1111111111111111114") in given
    assert ("9007199254741003", "9007199254740999", "quote", "1185000000000000002") in given
    assert ("9007199254740999", "9007199254741003", "reply", "1185000000000000003") in given
    assert not {g for g in given if g[3] == "1185000000000000003" and g[2] == "mention"}
    assert accounts["9007199254741001"]["followers"] == 1000  # a user line, ids exact


def test_characters_a_snapshot_cannot_hold_are_imported_as_a_snapshot_sitegen_reads(
        imported, analysis, tmp_path):
    """JSON may hold ``\\u0000`` and a lone surrogate (``\\ud83d``: half an emoji, cut by a
    truncated tweet). A NUL was written into the snapshot, which analyze and build then
    refused (``a NUL character (\\0) in column 'name'``); a lone surrogate stopped the import
    with a traceback (UnicodeEncodeError). Both are imported as U+FFFD, visibly."""
    tweet = json.loads((TWARC / "twarc1-tweets.jsonl").read_text("utf-8").splitlines()[0])
    tweet["full_text"] = "Buy now\u0000 while it lasts \ud83d"
    tweet["user"].update(name="Ed\u0000Summers", description="bio \udc00")
    source = tmp_path / "cut.jsonl"
    source.write_text(json.dumps(tweet) + "\n", "utf-8")  # ASCII: \\u escapes
    out = imported(source, fmt="twarc")
    account = table(out, "accounts")[0]
    assert (account["name"], account["bio"]) == ("Ed\ufffdSummers", "bio \ufffd")
    assert table(out, "posts")[0]["text"] == "Buy now\ufffd while it lasts \ufffd"
    assert analysis(out)["network"]["posts"] == 1


def test_a_tweet_holding_a_lone_carriage_return_is_imported(imported, tmp_path):
    """Text with a lone CR (an old Mac line break) was staged unquoted, and the import
    stopped with DuckDB's traceback (the staged record split in two); it comes in as
    written."""
    tweet = json.loads((TWARC / "twarc1-tweets.jsonl").read_text("utf-8").splitlines()[0])
    tweet["full_text"] = "first part\rsecond part"
    source = tmp_path / "cr.jsonl"
    source.write_text(json.dumps(tweet) + "\n", "utf-8")
    out = imported(source, fmt="twarc")
    assert table(out, "posts")[0]["text"] == "first part\rsecond part"


def test_follow_lists_are_one_sided(tmp_path, analysis, caplog):
    caplog.set_level(logging.WARNING)
    lists = tmp_path / "lists"
    import_snapshot([TWARC / "twarc2-followers.jsonl", TWARC / "twarc2-following-119369819.jsonl"],
                    lists, ImportOptions("twarc"))
    # 9007199254740997's following list is missing: nobody's following is measured (its
    # following read 0 when the snapshot said it held both sides)
    assert meta(lists)["observed"] == {"owners": ["119369819", "9007199254740997"],
                                       "follows": "followers", "interactions": "all",
                                       "posts": "all"}
    assert {(f["follower"], f["followed"]) for f in table(lists, "follows")} == {
        ("9007199254740995", "119369819"), ("95500726", "119369819"),
        ("119369819", "95500726"), ("119369819", "9007199254740993"),
        ("119369819", "1114981830799659009")}
    said = " ".join(caplog.text.split())
    assert "not every account's following list was imported" in said
    assert "the following list is missing for 9007199254740997" in said
    doc = analysis(lists)
    assert doc["coverage"]["observed"]["follows"] == "followers"
    owner = next(a for a in doc["accounts"] if a["id"] == "9007199254740997")
    assert owner["following"] is None and owner["followers"] is not None


def test_a_followers_list_alone_is_one_side(tmp_path, analysis):
    """twarc's followers of an account, without its following: whom it follows is not
    measured (the snapshot counted it as complete: 0 following, reciprocity 0)."""
    lists = tmp_path / "lists"
    import_snapshot([TWARC / "twarc2-followers.jsonl"], lists, ImportOptions("twarc"))
    assert meta(lists)["observed"]["follows"] == "followers"
    doc = analysis(lists)
    owner = next(a for a in doc["accounts"] if a["id"] == "9007199254740997")
    assert owner["followers"] is not None and owner["following"] is None
    assert owner["follow_reciprocity"] is None


def test_merge_users_and_following_lists(imported):
    out = imported(TWARC / "twarc2-users.jsonl", fmt="twarc")
    imported(TWARC / "twarc2-following-119369819.jsonl", fmt="twarc", merge=True)
    accounts = {a["id"]: a for a in table(out, "accounts")}
    assert accounts["119369819"]["handle"] == "DoDirty78"  # from users.jsonl, kept
    assert accounts["119369819"]["followers_count"] == "580"
    assert accounts["9007199254740993"]["default_profile"] == "true"  # the default picture
    assert len(table(out, "follows")) == 3
    assert meta(out)["source"]["files"] == ["twarc2-following-119369819.jsonl",
                                            "twarc2-users.jsonl"]


def test_merge_keeps_the_lists_one_sided(imported):
    out = imported(TWARC / "twarc2-users.jsonl", fmt="twarc")
    imported(TWARC / "twarc2-following-119369819.jsonl", fmt="twarc", merge=True)
    assert meta(out).get("observed", {}).get("owners") == ["119369819"]


def test_twarc_v1_id_lists(imported, cli, tmp_path):
    out = imported(TWARC / "followers-9007199254741003.txt",
                   TWARC / "friends-9007199254741003.txt", fmt="twarc")
    owner = "9007199254741003"
    assert {(f["follower"], f["followed"]) for f in table(out, "follows")} == {
        ("9007199254740999", owner), ("9007199254741001", owner), (owner, "9007199254740999")}
    assert meta(out)["observed"]["owners"] == [owner]
    result = cli("import", TWARC / "ids-without-owner.txt", "--from", "twarc", "--out",
                 tmp_path / "x")
    assert result.exit_code == 2 and "ids-without-owner.txt:1:" in result.output
    assert "followers-<account id>.txt" in result.output


def test_gzip_gives_the_same_snapshot(imported, tmp_path):
    compressed = tmp_path / "flat.jsonl.gz"
    compressed.write_bytes(gzip.compress((TWARC / "twarc2-flat.jsonl").read_bytes()))
    plain = imported(TWARC / "twarc2-flat.jsonl", fmt="twarc", name="plain")
    from_gzip = imported(compressed, fmt="twarc", name="gz")
    for path in plain.glob("*.csv"):
        assert path.read_bytes() == (from_gzip / path.name).read_bytes()


def test_a_folder_of_twarc_files(imported, tmp_path):
    folder = tmp_path / "collection"
    folder.mkdir()
    for name in ("twarc2-search-page.jsonl", "twarc2-users.jsonl"):
        shutil.copy(TWARC / name, folder / name)
    out = imported(folder, fmt="twarc")
    assert {"119369819", "1910479285"} <= set(handles(out))


@pytest.mark.parametrize(("name", "expected"), [
    ("twarc2-stream-cut.jsonl", "twarc2-stream-cut.jsonl:3: not valid JSON: the line ends"),
    ("malformed.jsonl", "malformed.jsonl:2: not valid JSON"),
    ("missing-user.jsonl", "missing-user.jsonl:2: no 'user': expected the author's user object"),
])
def test_malformed_twarc_exits_2_naming_file_and_line(cli, tmp_path, name, expected):
    result = cli("import", TWARC / name, "--from", "twarc", "--out", tmp_path / "out")
    assert result.exit_code == 2 and expected in result.output, result.output
    assert "Traceback" not in result.output and not (tmp_path / "out").exists()


@pytest.mark.parametrize("indent", [1, None])
def test_a_json_document_that_is_not_json_lines_is_not_called_cut_off(cli, tmp_path, indent):
    """twarc's pages pretty-printed (jq ., json.tool) or gathered in a list: the error said
    line 1 was cut off, "what an interrupted collection leaves: remove it"."""
    page = json.loads((TWARC / "twarc2-users.jsonl").read_text("utf-8"))
    source = tmp_path / "users.json"
    source.write_text(json.dumps(page if indent else [page], indent=indent) + "\n", "utf-8")
    result = cli("import", source, "--from", "twarc", "--out", tmp_path / "out")
    said = " ".join(result.output.split())
    assert result.exit_code == 2 and "users.json:1: " in said, said
    assert "cut off" not in said and "remove it" not in said
    assert "one JSON object a line" in said and "jq -c '.[]'" in said


def test_lines_that_are_not_twarc_output(write, tmp_path):
    compliance = '{"id": "1", "action": "delete", "created_at": "2021-01-01T00:00:00.000Z"}\n'
    source = write({"a.jsonl": compliance})
    with pytest.raises(SitegenError, match=r"a.jsonl:1: expected a tweet, a user or a twarc2"):
        import_snapshot([source / "a.jsonl"], tmp_path / "out", ImportOptions("twarc"))


def peak_memory(sources: list[Path], out: Path, fmt: str) -> int:
    """The most memory Python held while importing (the source is far larger)."""
    tracemalloc.start()
    try:
        import_snapshot(sources, out, ImportOptions(fmt))
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_a_big_twarc_file_is_read_in_bounded_memory(tmp_path):
    tweet = json.loads((TWARC / "twarc2-flat.jsonl").read_text(encoding="utf-8").splitlines()[1])
    big = tmp_path / "big.jsonl"
    with big.open("w", encoding="utf-8") as handle:
        for number in range(5000):
            handle.write(json.dumps({**tweet, "id": str(10**18 + number)}) + "\n")
    assert big.stat().st_size > 24_000_000
    assert peak_memory([big], tmp_path / "out", "twarc") < 8_000_000
    assert len(table(tmp_path / "out", "posts")) == 5000


def test_a_big_tweets_js_is_read_in_bounded_memory(tmp_path, write):
    record = (ARCHIVES / "parts" / "data" / "tweets.js").read_text(encoding="utf-8")
    tweet = json.loads(record.split("=", 1)[1])[2]  # "first post"
    archive = write({"data/account.js": (ARCHIVES / "parts/data/account.js").read_bytes()},
                    tmp_path / "archive")
    with (archive / "data" / "tweets.js").open("w", encoding="utf-8") as handle:
        handle.write("window.YTD.tweets.part0 = [\n")
        for number in range(10000):
            tweet["tweet"].update(id_str=str(10**18 + number), full_text="x" * 2500)
            handle.write((",\n" if number else "") + json.dumps(tweet, indent=2))
        handle.write("\n]")
    assert (archive / "data" / "tweets.js").stat().st_size > 24_000_000
    assert peak_memory([archive], tmp_path / "out", "twitter-archive") < 8_000_000
    assert len(table(tmp_path / "out", "posts")) == 10000


def test_progress_follows_records_and_bytes(tmp_path):
    from rich.progress import Progress

    with Progress(disable=True) as progress:
        import_snapshot([ARCHIVES / "parts"], tmp_path / "a", ImportOptions("twitter-archive"),
                        progress)
        import_snapshot([TWARC / "twarc2-flat.jsonl"], tmp_path / "b", ImportOptions("twarc"),
                        progress)
    archive, twarc = progress.tasks
    assert (archive.completed, archive.total) == (8, 8)  # manifest.js counts 0 + 2 + 3 + 3
    assert twarc.completed == twarc.total == (TWARC / "twarc2-flat.jsonl").stat().st_size


def test_what_twarc_leaves_out_is_counted(tmp_path, caplog):
    """Interactions whose account the files do not hold are left out, and said: the real
    search page mentions @gatewaypundit, who is not among its included users; a v1 quote
    of a withheld tweet (no quoted_status), and v2 tweets quoting, answering and reposting
    tweets the page does not include."""
    caplog.set_level(logging.WARNING)
    import_snapshot([TWARC / "twarc2-search-page.jsonl"], tmp_path / "page",
                    ImportOptions("twarc"))
    assert "left out 1 mention: the account acted on is not in the export" in caplog.text
    caplog.clear()  # the same page twice (overlapping searches): imported once, counted once
    twice = tmp_path / "twice.jsonl"
    twice.write_text(2 * (TWARC / "twarc2-search-page.jsonl").read_text("utf-8"), "utf-8")
    import_snapshot([twice], tmp_path / "twice", ImportOptions("twarc"))
    assert "left out 1 mention:" in caplog.text
    caplog.clear()
    user = {"id_str": "1", "screen_name": "one"}
    v1 = {"id_str": "10", "created_at": "Wed Oct 10 20:19:24 +0000 2018", "text": "look",
          "user": user, "is_quote_status": True}
    page = {"data": [
        {"id": "20", "author_id": "1", "text": "see this", "created_at": "2021-04-08T10:00:00Z",
         "referenced_tweets": [{"type": "quoted", "id": "99"}]},
        {"id": "21", "author_id": "1", "text": "@two yes", "created_at": "2021-04-08T10:01:00Z",
         "referenced_tweets": [{"type": "replied_to", "id": "98"}]},
        {"id": "22", "author_id": "1", "text": "RT @gone: text", "created_at":
         "2021-04-08T10:02:00Z", "referenced_tweets": [{"type": "retweeted", "id": "97"}]}],
        "includes": {"users": [{"id": "1", "username": "one", "name": "One"}]}}
    source = tmp_path / "made.jsonl"
    source.write_text(json.dumps(v1) + "\n" + json.dumps(page) + "\n", "utf-8")
    result = import_snapshot([source], tmp_path / "made", ImportOptions("twarc"))
    assert result.rows["posts"] == 3
    said = " ".join(caplog.text.split())
    assert "left out 2 quotes, 1 reply, 1 repost:" in said, said


def test_lists_of_different_sides_are_refused(tmp_path):
    """One account's followers and another's following: whichever side the snapshot claimed,
    the other account's missing list would read as empty (0 following, or 0 followers)."""
    result = CliRunner().invoke(app, [
        "import", str(TWARC / "followers-9007199254741003.txt"),
        str(TWARC / "twarc2-following-119369819.jsonl"), "--from", "twarc", "--out",
        str(tmp_path / "out"), "--quiet"])
    assert result.exit_code == 2, result.output
    said = " ".join(result.output.split())
    assert "119369819 has no followers list; 9007199254741003 has no following list" in said
    assert not (tmp_path / "out").exists()


def test_an_empty_followers_file_is_an_account_nobody_follows(tmp_path, analysis):
    (tmp_path / "followers-42.txt").write_text("", "utf-8")
    out = tmp_path / "out"
    import_snapshot([tmp_path / "followers-42.txt"], out, ImportOptions("twarc"))
    assert meta(out)["observed"]["follows"] == "followers"
    account = analysis(out)["accounts"][0]
    assert account["id"] == "42" and account["followers"] == 0
    assert account["following"] is None


def _without(archive: Path, kind: str) -> None:
    """The archive without data/KIND.js and its manifest entry (as if never exported)."""
    for path in archive.rglob(f"{kind}*.js"):
        if path.name.split(".")[0].split("-")[0] == kind:
            path.unlink()
    manifest = archive / "data" / "manifest.js"
    text = manifest.read_text("utf-8")
    start = text.index(f'    "{kind}" : {{')
    end = text.index("\n    },\n", start) + len("\n    },\n")
    manifest.write_text(text[:start] + text[end:], "utf-8")


def test_archives_of_different_follow_lists_are_refused(imported, tmp_path):
    """One archive without following.js, another (another owner's) without follower.js: no
    one account of the snapshot fits both (it said 'following', and the first owner read 0
    following)."""
    first, second = tmp_path / "first", tmp_path / "second"
    shutil.copytree(ARCHIVES / "milahu104", first)
    shutil.copytree(ARCHIVES / "milahu104", second)
    _without(first, "following")
    _without(second, "follower")
    for path in (second / "data").glob("*.js"):
        path.write_text(path.read_text("utf-8").replace(MILAHU, "1111111111"), "utf-8")
    result = CliRunner().invoke(app, ["import", str(first), str(second), "--from",
                                      "twitter-archive", "--out", str(tmp_path / "out")])
    assert result.exit_code == 2, result.output
    said = " ".join(result.output.split())
    assert f"1111111111 has no followers list; {MILAHU} has no following list" in said

"""Benchmark: ``sitegen import`` of a big SNAP edge list and a big twarc2 JSONL file.

Generates, from a seed, into a temporary folder (or ``--folder``):

* ``follows.txt``: a SNAP-style edge list, ``# Nodes: N Edges: M`` and ``# FromNodeId
  ToNodeId`` header lines, then ``--edges`` tab-separated lines among ``--edges / 10``
  accounts (sources uniform, targets skewed towards a few popular accounts), written by DuckDB;
* ``tweets.jsonl``: ``--tweets`` tweets as twarc2 writes them, one API response page a line of
  100 tweets each (``data``, ``includes.users``, ``includes.tweets``, ``meta``, ``__twarc``),
  60% posts, 20% replies, 15% retweets and 5% quotes, some with mentions, among
  ``--tweets / 20`` accounts.

Each is imported by ``sitegen import FILE --from FORMAT --out DIR`` in a subprocess of its own;
its wall time comes from the clock, its CPU time (user + system) and peak memory from its
rusage (os.wait4), and the load average of the machine is printed beside them. The
twarc importer is another module: if it is missing or fails, the script says so and goes on.
The target: 10M edges well under 60 s on 2 cores, in bounded memory.

    python bench/import.py                       # 10M edges, 1M tweets
    python bench/import.py --edges 100000 --tweets 10000
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parent.parent
PAGE = 100  # tweets a page, as the v2 search API returns at most
START = datetime(2024, 3, 1, tzinfo=timezone.utc)
KINDS = (("post", 0.60), ("replied_to", 0.20), ("retweeted", 0.15), ("quoted", 0.05))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--edges", type=int, default=10_000_000)
    parser.add_argument("--tweets", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--folder", type=Path, help="write the files here (kept); "
                        "default: a temporary folder, removed at the end")
    args = parser.parse_args()
    folder = args.folder or Path(tempfile.mkdtemp(prefix="sitegen-import-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    try:
        if args.edges:
            edges = timed("generate", write_edge_list, folder / "follows.txt", args.edges,
                          args.seed)
            report("edgelist", f"{args.edges:,} edges", edges, folder)
        if args.tweets:
            tweets = timed("generate", write_twarc_pages, folder / "tweets.jsonl", args.tweets,
                           args.seed)
            if importlib.util.find_spec("sitegen.importing.twarc") is None:
                print("twarc: sitegen.importing.twarc is missing; not measured")
            else:
                report("twarc", f"{args.tweets:,} tweets", tweets, folder)
    finally:
        if args.folder is None:
            shutil.rmtree(folder, ignore_errors=True)
    return 0


def timed(what: str, function, *args):
    started = time.perf_counter()
    result = function(*args)
    print(f"{what} {result.name}: {time.perf_counter() - started:.1f} s, "
          f"{result.stat().st_size / 2**20:,.0f} MiB", flush=True)
    return result


def report(fmt: str, size: str, source: Path, folder: Path) -> None:
    """Import ``source`` in a subprocess; print its wall time and peak RSS."""
    out = folder / f"snapshot-{fmt}"
    shutil.rmtree(out, ignore_errors=True)
    command = [sys.executable, "-m", "sitegen", "import", str(source), "--from", fmt,
               "--out", str(out)]
    started = time.perf_counter()
    with open(folder / f"import-{fmt}.log", "w", encoding="utf-8") as log:
        child = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, cwd=ROOT)
        _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    output = (folder / f"import-{fmt}.log").read_text(encoding="utf-8", errors="replace")
    if os.waitstatus_to_exitcode(status) != 0:
        print(f"{fmt}: {size}: the import failed after {seconds:.1f} s:\n{output[-2000:]}")
        return
    rows = output.strip().splitlines()[-1] if output.strip() else ""
    cpu = usage.ru_utime + usage.ru_stime  # less swayed than the wall time by other load
    print(f"{fmt}: {size}: {seconds:.1f} s wall, {cpu:.1f} s CPU, peak RSS "
          f"{usage.ru_maxrss / 1024:,.0f} MiB ({rows}); load average "
          f"{os.getloadavg()[0]:.1f}", flush=True)


def write_edge_list(path: Path, edges: int, seed: int) -> Path:
    """A SNAP-style edge list: header lines, then ``source<TAB>target`` lines."""
    accounts = max(edges // 10, 2)
    # deterministic pseudo-random numbers in [0, 1) from a hash of the line number and seed
    uniform = "(hash(i, {salt}) % 1000000007) / 1000000007.0"
    body = path.with_name(path.name + ".body")
    with duckdb.connect() as db:
        db.execute(f"""CREATE TEMP VIEW edges AS SELECT
            CAST(floor({uniform.format(salt=seed)} * {accounts}) AS BIGINT) AS source,
            CAST(floor(pow({uniform.format(salt=seed + 1)}, 3) * {accounts}) AS BIGINT) AS target
            FROM range({edges}) AS lines(i)""")
        db.execute(f"COPY (SELECT source || chr(9) || target FROM edges) TO '{body}' "
                   "(HEADER false, QUOTE '', DELIMITER '\x01')")
        nodes = db.execute("SELECT count(*) FROM (SELECT source FROM edges UNION "
                           "SELECT target FROM edges)").fetchone()[0]
    with path.open("wb") as handle, body.open("rb") as lines:
        handle.write(f"# Directed graph: {path.name} (bench/import.py, seed {seed})\n"
                     f"# Nodes: {nodes} Edges: {edges}\n# FromNodeId\tToNodeId\n".encode())
        shutil.copyfileobj(lines, handle, 1 << 20)
    body.unlink()
    return path


def write_twarc_pages(path: Path, tweets: int, seed: int) -> Path:
    """twarc2 search output: one API response page of ``PAGE`` tweets a line."""
    rng = random.Random(seed)
    users = [_user(number, rng) for number in range(max(tweets // 20, 10))]
    by_id = {user["id"]: user for user in users}
    with path.open("w", encoding="utf-8") as handle:
        for first in range(0, tweets, PAGE):
            page = [_tweet(first + n, users, rng) for n in range(min(PAGE, tweets - first))]
            handle.write(json.dumps(_page(page, by_id), separators=(",", ":")) + "\n")
    return path


def _user(number: int, rng: random.Random) -> dict:
    return {"id": str(10**15 + number), "username": f"user{number}", "name": f"User {number}",
            "created_at": "2015-03-01T10:00:00.000Z",
            "public_metrics": {"followers_count": rng.randrange(10_000),
                               "following_count": rng.randrange(2_000),
                               "tweet_count": rng.randrange(50_000), "listed_count": 0}}


def _tweet(number: int, users: list[dict], rng: random.Random) -> dict:
    author = users[int(rng.random() ** 2 * len(users))]
    kind = rng.choices([k for k, _ in KINDS], [w for _, w in KINDS])[0]
    at = START + timedelta(seconds=number * 2 + rng.randrange(2))
    tweet = {"id": str(2 * 10**18 + number), "author_id": author["id"],
             "created_at": at.strftime("%Y-%m-%dT%H:%M:%S.000Z"), "text": f"tweet {number}",
             "conversation_id": str(2 * 10**18 + number),
             "public_metrics": {"retweet_count": 0, "reply_count": 0, "like_count": 0,
                                "quote_count": 0}}
    mentioned = [users[rng.randrange(len(users))] for _ in range(rng.choice((0, 0, 1, 2)))]
    if kind != "post":
        other = users[int(rng.random() ** 3 * len(users))]
        tweet["referenced_tweets"] = [{"type": kind, "id": str(10**18 + number)}]
        tweet["_other"] = other
        if kind == "replied_to":
            tweet["in_reply_to_user_id"] = other["id"]
            mentioned.insert(0, other)
        elif kind == "retweeted":
            tweet["text"] = f"RT @{other['username']}: tweet {number}"
            mentioned.insert(0, other)
    if mentioned:
        tweet["entities"] = {"mentions": [{"start": 0, "end": len(u["username"]) + 1,
                                           "username": u["username"], "id": u["id"]}
                                          for u in mentioned]}
    return tweet


def _page(tweets: list[dict], by_id: dict[str, dict]) -> dict:
    """A response page: the tweets, the users they name and the tweets they refer to."""
    referenced = []
    named = {}
    for tweet in tweets:
        named[tweet["author_id"]] = None
        other = tweet.pop("_other", None)
        if other is not None:
            named[other["id"]] = None
            referenced.append({"id": tweet["referenced_tweets"][0]["id"],
                               "author_id": other["id"], "text": "the original"})
        for mention in tweet.get("entities", {}).get("mentions", []):
            named[mention["id"]] = None
    return {"data": tweets,
            "includes": {"users": [by_id[user] for user in named], "tweets": referenced},
            "meta": {"result_count": len(tweets), "newest_id": tweets[-1]["id"],
                     "oldest_id": tweets[0]["id"]},
            "__twarc": {"url": "https://api.twitter.com/2/tweets/search/all?query=bench",
                        "version": "2.14.1", "retrieved_at": "2024-04-01T00:00:00+00:00"}}


if __name__ == "__main__":
    sys.exit(main())

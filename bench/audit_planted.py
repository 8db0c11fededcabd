"""Benchmark the follower audit on a seeded synthetic series with planted purchases.

Not an independent test: its fakes are made of the signs the audit checks (bench/audit.py is
the independent benchmark); kept for the run time at a million accounts.

    python bench/audit_planted.py [--accounts 100000] [--snapshots 4] [--seed 1] [--keep DIR]

An organic network (preferential follows, growth proportional to audience, engagement
proportional to organic followers, lurkers who follow many and never post, newcomers,
unfollows, accounts leaving) observed monthly, with purchases planted among it:

- fresh:   a batch of 100-1000 accounts created days before the snapshot, following 100 to
           2,000, 60 % with a default profile, a quarter with 1-3 posts;
- dormant: 100-600 old accounts of a dormant pool (created years ago, no posts, following
           many, half with a default profile) start following the buyer;
- small:   20-60 fresh accounts;
- spread:  200-600 fresh accounts bought in two halves over two consecutive steps;

and fast organic growers (+50 % to +150 % a step, engaged, ordinary new followers) that
must not be flagged. Prints precision and recall (per kind) of the audit at its default
threshold and a few others, and the run times.
"""

from __future__ import annotations

import argparse
import csv
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import numpy as np

from sitegen.analysis import analyze_series
from sitegen.analysis.audit import MIN_SCORE, AuditRules, audit_followers
from sitegen.analysis.series import analyze_changes
from sitegen.config import AnalysisSettings
from sitegen.snapshots import load_series, open_db

KINDS = ("fresh", "dormant", "small", "spread")
BUYERS_PER_KIND = 50
FAST_GROWERS = 100
START = date(2024, 1, 1)


@dataclass
class World:
    """Accounts (by integer id) and their properties, the follow edges, and the truth."""

    rng: np.random.Generator
    created: list[date] = field(default_factory=list)
    posts: list[int] = field(default_factory=list)
    default_profile: list[bool] = field(default_factory=list)
    profile_following: list[int | None] = field(default_factory=list)
    source_weight: list[float] = field(default_factory=list)
    organic: list[bool] = field(default_factory=list)
    alive: np.ndarray = field(default_factory=lambda: np.zeros(0, bool))
    edges: np.ndarray = field(default_factory=lambda: np.zeros((0, 2), np.int64))
    planted: set[tuple[int, int]] = field(default_factory=set)  # (account, step)
    kind_of: dict[tuple[int, int], str] = field(default_factory=dict)

    def add(self, n: int, created, posts, default, following, weight, organic) -> np.ndarray:
        first = len(self.created)
        self.created += list(created)
        self.posts += list(posts)
        self.default_profile += list(default)
        self.profile_following += list(following)
        self.source_weight += list(weight)
        self.organic += [organic] * n
        self.alive = np.concatenate([self.alive, np.ones(n, bool)])
        return np.arange(first, first + n)

    def follow(self, src: np.ndarray, dst: np.ndarray) -> None:
        """Add follows (self-follows dropped, duplicates collapsed via one int64 key each)."""
        src, dst = np.asarray(src, np.int64), np.asarray(dst, np.int64)
        keep = src != dst
        keys = np.concatenate(
            [self.edges[:, 0] << 32 | self.edges[:, 1], src[keep] << 32 | dst[keep]]
        )
        keys = np.unique(keys)
        self.edges = np.stack([keys >> 32, keys & 0xFFFFFFFF], axis=1)


def organic_accounts(world: World, n: int, when: date, recent: bool) -> np.ndarray:
    """n organic accounts: a tenth are lurkers (no posts, follow a lot), a tenth default."""
    rng = world.rng
    lurker = rng.random(n) < 0.1
    if recent:
        created = [when - timedelta(days=int(d)) for d in rng.integers(1, 60, n)]
    else:
        created = [START - timedelta(days=int(d)) for d in rng.integers(60, 4000, n)]
    posts = np.where(lurker, 0, rng.lognormal(3, 1.2, n).astype(int) + 1)
    default = rng.random(n) < np.where(lurker, 0.3, 0.05)
    weight = np.where(lurker, 5.0, 1.0)
    return world.add(n, created, posts, default, [None] * n, weight, organic=True)


def fake_accounts(world: World, n: int, created_from: date, days: int) -> np.ndarray:
    """Fresh fakes, not all alike: 60 % default profile, a quarter with 1-3 posts."""
    rng = world.rng
    created = [created_from + timedelta(days=int(d)) for d in rng.integers(0, days, n)]
    posts = np.where(rng.random(n) < 0.25, rng.integers(1, 4, n), 0)
    return world.add(
        n,
        created,
        posts,
        rng.random(n) < 0.6,
        rng.integers(100, 2000, n).tolist(),
        [0.0] * n,
        organic=False,
    )


def pick_sources(world: World, k: int) -> np.ndarray:
    weights = np.array(world.source_weight) * world.alive * np.array(world.organic)
    return world.rng.choice(len(weights), size=k, p=weights / weights.sum())


def in_degree(world: World) -> np.ndarray:
    return np.bincount(world.edges[:, 1], minlength=len(world.created))


def build(n: int, steps: int, seed: int):
    """The world at each snapshot: (taken, accounts alive, edges, engagement) per snapshot."""
    rng = np.random.default_rng(seed)
    world = World(rng)
    organic_accounts(world, n, START, recent=False)
    dormant_pool = world.add(
        n // 10,
        [START - timedelta(days=int(d)) for d in rng.integers(700, 4000, n // 10)],
        [0] * (n // 10),
        rng.random(n // 10) < 0.5,
        rng.integers(300, 3000, n // 10).tolist(),
        [0.0] * (n // 10),
        organic=False,
    )
    appeal = rng.lognormal(0, 1.3, n)
    world.follow(pick_sources(world, 20 * n), rng.choice(n, 20 * n, p=appeal / appeal.sum()))
    growth = rng.lognormal(np.log(0.03), 0.5, n)
    deg = in_degree(world)[:n]
    fast = rng.choice(np.flatnonzero((deg >= 20) & (deg <= 2000)), FAST_GROWERS, replace=False)
    growth[fast] = rng.uniform(0.5, 1.5, FAST_GROWERS)
    engage = rng.lognormal(np.log(0.05), 0.6, n)
    plan = plan_purchases(rng, np.flatnonzero((deg >= 10) & (deg <= 5000)), fast, steps)
    organic_in = deg.astype(float)
    snapshots = [snapshot(world, 0, organic_in, engage, n)]
    for step in range(steps - 1):
        taken = START + timedelta(days=30 * (step + 1))
        organic_step(world, growth, n, taken, organic_in)
        plant(world, plan, step, taken, dormant_pool)
        snapshots.append(snapshot(world, step + 1, organic_in, engage, n))
    return world, snapshots, fast


def organic_step(world: World, growth, n: int, taken: date, organic_in: np.ndarray) -> None:
    """Newcomers, growth proportional to audience, unfollows and departures."""
    rng = world.rng
    newcomers = organic_accounts(world, n // 100, taken, recent=True)
    lam = growth * organic_in + 0.3
    gains = rng.poisson(lam)
    dst = np.repeat(np.arange(n), gains)
    world.follow(pick_sources(world, len(dst)), dst)
    world.follow(np.repeat(newcomers, 10), rng.choice(n, 10 * len(newcomers)))
    organic_in += gains
    keep = rng.random(len(world.edges)) >= 0.01
    world.edges = world.edges[keep]
    leaving = rng.choice(np.flatnonzero(world.alive[:n]), n // 200, replace=False)
    world.alive[leaving] = False
    gone = world.alive[world.edges[:, 0]] & world.alive[world.edges[:, 1]]
    world.edges = world.edges[gone]


def plan_purchases(rng, candidates: np.ndarray, fast: np.ndarray, steps: int) -> list:
    """(kind, buyer, first step, size) for each planted purchase; buyers are distinct."""
    pool = np.setdiff1d(candidates, fast)
    buyers = rng.choice(pool, BUYERS_PER_KIND * len(KINDS), replace=False)
    plan = []
    for i, kind in enumerate(KINDS):
        for buyer in buyers[i * BUYERS_PER_KIND : (i + 1) * BUYERS_PER_KIND]:
            last = steps - 3 if kind == "spread" else steps - 2
            size = {
                "fresh": (100, 1000),
                "dormant": (100, 600),
                "small": (20, 60),
                "spread": (200, 600),
            }[kind]
            plan.append(
                (kind, int(buyer), int(rng.integers(0, last + 1)), int(rng.integers(*size)))
            )
    return plan


def plant(world: World, plan, step: int, taken: date, dormant_pool) -> None:
    """The purchases delivered during this step (fresh accounts are made for each one)."""
    rng = world.rng
    src, dst = [], []
    for kind, buyer, first, size in plan:
        if kind == "spread" and step in (first, first + 1):
            size = size // 2
        elif step != first:
            continue
        if not world.alive[buyer]:
            continue
        if kind == "dormant":
            followers = rng.choice(dormant_pool, size, replace=False)
        else:
            followers = fake_accounts(world, size, taken - timedelta(days=12), 10)
        src.append(followers)
        dst.append(np.full(size, buyer))
        world.planted.add((buyer, step))
        world.kind_of[buyer, step] = kind
    if src:
        world.follow(np.concatenate(src), np.concatenate(dst))


def snapshot(world: World, index: int, organic_in, engage, n: int):
    """Freeze one snapshot: which accounts, which edges, engagement received by each."""
    taken = START + timedelta(days=30 * index)
    rate = engage * organic_in
    engagement = world.rng.poisson(rate)
    return taken, world.alive.copy(), world.edges.copy(), engagement


def write(world: World, snapshots, folder: Path) -> None:
    """One CSV folder per snapshot, as sitegen reads them."""
    for taken, alive, edges, engagement in snapshots:
        out = folder / taken.isoformat()
        out.mkdir(parents=True)
        (out / "snapshot.yml").write_text(f"taken: {taken.isoformat()}\nwindow_days: 30\n")
        ids = np.flatnonzero(alive)
        with (out / "accounts.csv").open("w", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(
                ["id", "created_at", "posts_count", "default_profile", "following_count"]
            )
            for i in ids:
                following = world.profile_following[i]
                writer.writerow(
                    [
                        f"u{i}",
                        world.created[i].isoformat(),
                        world.posts[i],
                        str(world.default_profile[i]).lower(),
                        "" if following is None else following,
                    ]
                )
        np.savetxt(
            out / "follows.csv", edges, fmt="u%d,u%d", header="follower,followed", comments=""
        )
        targets = np.flatnonzero(engagement)
        targets = targets[alive[targets]]
        sources = world.rng.choice(ids, len(targets))
        same = sources == targets  # no self-replies: take the next account instead
        sources[same] = ids[(np.searchsorted(ids, targets[same]) + 1) % len(ids)]
        rows = np.stack([sources, targets, engagement[targets]], axis=1)
        np.savetxt(
            out / "interactions.csv",
            rows,
            fmt="u%d,u%d,reply,%d",
            header="source,target,kind,count",
            comments="",
        )


def score(world: World, flags, names: list[str], fast, show: int = 0) -> None:
    """Precision and recall overall and per kind, and fast growers wrongly flagged."""
    step_of = {name: i for i, name in enumerate(names)}
    found = {(int(f.account[1:]), step_of[f.before]) for f in flags}
    hits = found & world.planted
    precision = len(hits) / len(found) if found else float("nan")
    print(
        f"  flags {len(found)}, planted {len(world.planted)}, precision {precision:.3f}, "
        f"recall {len(hits) / len(world.planted):.3f}"
    )
    for kind in KINDS:
        planted = {p for p in world.planted if world.kind_of[p] == kind}
        print(
            f"    {kind:8} recall {len(planted & found) / len(planted):.3f} "
            f"({len(planted & found)}/{len(planted)})"
        )
    flagged_fast = {a for a, _ in found} & {int(a) for a in fast}
    print(f"    fast organic growers flagged: {len(flagged_fast)} of {len(fast)}")
    if show:
        for flag in [
            f for f in flags if (int(f.account[1:]), step_of[f.before]) not in world.planted
        ][:show]:
            print(f"    false flag {flag.account} {flag.before}: {flag.evidence}")


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accounts", type=int, default=100_000)
    parser.add_argument("--snapshots", type=int, default=4)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--memory", default="8GB", help="DuckDB memory limit")
    parser.add_argument("--keep", type=Path, help="write the snapshots here and keep them")
    args = parser.parse_args(argv)
    timed = Timer()
    world, snapshots, fast = timed(
        "generate", lambda: build(args.accounts, args.snapshots, args.seed)
    )
    with tempfile.TemporaryDirectory(prefix="sitegen-audit-bench-") as scratch:
        folder = args.keep or Path(scratch)
        timed("write", lambda: write(world, snapshots, folder))
        print(
            f"{len(world.created):,} accounts, {len(snapshots[-1][2]):,} follows in the last "
            f"of {args.snapshots} snapshots, {len(world.planted)} planted purchase steps"
        )
        db = open_db(args.memory)
        loaded = timed("load", lambda: load_series(folder, db))
        reports = timed("classify", lambda: analyze_series(loaded, AnalysisSettings()))
        series = timed("series", lambda: analyze_changes(reports))
        flags = timed("audit", lambda: audit_followers(series))
        print("times: " + ", ".join(f"{k} {v:.1f} s" for k, v in timed.times.items()))
        names = [r.snapshot.name for r in reports]
        print(f"threshold {MIN_SCORE} (default):")
        score(world, flags, names, fast, show=3)
        low = audit_followers(series, AuditRules(min_score=0.3))
        for threshold in (0.3, 0.4, 0.6, 0.7, 0.8):
            print(f"threshold {threshold}:")
            score(world, [f for f in low if f.score >= threshold], names, fast)
        db.close()


class Timer:
    def __init__(self):
        self.times: dict[str, float] = {}

    def __call__(self, name, work):
        started = time.perf_counter()
        result = work()
        self.times[name] = time.perf_counter() - started
        return result


if __name__ == "__main__":
    main(sys.argv[1:])

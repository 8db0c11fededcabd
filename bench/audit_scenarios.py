"""An independent benchmark of the follower audit: scenarios from behaviour, not from its rules.

    python bench/audit_scenarios.py --seed N [--accounts 100000] [--snapshots 6] [--keep DIR]

bench/audit.py builds its fakes from the very signs the audit checks and lets its organic
accounts grow at a constant rate, so its figures cannot say how the audit fares on anything
else. This generator was written from a description of how people and fake-follower sellers
behave, without looking at the audit's checks or thresholds when choosing any number, and the
audit's defaults (sitegen.analysis.audit.AuditRules) are used unchanged. Seeds 1 and 2 are the
development seeds (used while writing this file); seeds 3 to 5 are the ones to report.

The model (one platform, seen through monthly snapshots; numbers are per month)
-------------------------------------------------------------------------------

People. 100,000 accounts at the start (94 % people, 3 % old fakes kept by a seller, 3 % old
accounts nobody uses any more), created over the previous ten years, in 150 communities of
uneven size. About a third of people never post (readers); the others post at rates spread
over two orders of magnitude (lognormal). Each person has a taste for replying to, reposting
or quoting what they read (per post seen, readers far less than posters), a taste for liking,
a habit of following (how many accounts they follow, and how many more each month), a
tendency to follow back, and an appeal as an author that grows with how much they post and
drifts from month to month (a mean-reverting random walk): audiences do not grow at constant
rates. Most people also follow accounts outside the collected community, which only their
profile's following count shows. A new account keeps the platform's default look at first;
people who post replace it within a few months, readers often never do.

Follows. The initial graph: each person follows a lognormal number of accounts, three in five
within their community, chosen by appeal. Each month people follow a few more accounts,
chosen in proportion to appeal times audience (preferential attachment: what is popular is
seen and recommended), some of them follow back, 1 % of follows are dropped, 0.3 % of people
leave. Newcomers (1.5 % a month) join on random days, follow a first batch of suggested,
mostly popular accounts, and are slower to start posting.

Activity. In each snapshot's 30-day window a person posts a Poisson number of posts; each
follower of an author reacts to each of its posts with its own propensities (a Poisson count
per follow: replies, reposts and quotes, and, more often, likes), and posters mention accounts
they follow. So the engagement an account receives grows with its audience, with Poisson
noise, and depends on who that audience is: an audience of readers engages little.

Fake followers. Sellers keep farms. Fresh fakes are made in batches days before an order is
filled, often keep the default look, rarely post, follow a few popular accounts in the
community for cover and many of the seller's other customers outside it, never react, and a
farm's fakes fill several orders (a buyer gets a mix of new and already used ones). Aged
fakes are years old, mostly have a custom picture, post a little, follow many customers and
sometimes like a customer's posts. Old silent accounts (abandoned or taken over) have not
posted for years. Fakes follow on the day an order is delivered; the platform removes 3 % of
the fake accounts it can spot each month.

Scenarios (the targets, about 40 per scenario, are people who post, with 20 to 3,000
followers, except the sign-up wave's popular accounts):

- viral-newcomers (organic): one post goes viral once; newcomers who joined around that day
  follow the author, most of them reply to or repost it; strangers react to it too.
- viral-established (organic): the same, but the new followers are people who have been on
  the platform for months, mostly from the author's community.
- signup-wave (organic): in one month a wave of newcomers (12 % of the platform) joins within
  ten days and follows popular accounts by preferential attachment; most do not post yet.
  Targets: popular accounts (top 2 % by audience).
- pods (organic): groups of 8 to 15 small accounts of one community start following and
  replying to each other.
- fast-growers (organic): authors whose audience grows by a third to double each month from
  the ordinary population (their engagement comes from that audience like everyone's).
- fresh-fakes, aged-fakes (bought): one order of 100 to 2,500 followers.
- drip-5, drip-20 (bought, fresh fakes), drip-150-silent (bought, old silent accounts): the
  same number of followers every month for 4 to 6 months (clipped to the series).
- hidden-in-wave (bought): an order of fresh fakes delivered in the month of the sign-up wave.

Evaluation. The real analysis runs on the CSV folders (load, classify, series, audit, timed).
A bought target is found when any flag on it covers a step during its purchase or the step
right after. Every flag on an organic target is a false alarm, and so is every flag on an
account that is not a target (counted apart). Precision is the share of all flags that are on
a bought target in such a step.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import duckdb
import numpy as np

from sitegen.analysis import analyze_series
from sitegen.analysis.audit import AuditRules, audit_followers
from sitegen.analysis.series import analyze_changes
from sitegen.config import AnalysisSettings
from sitegen.snapshots import load_series, open_db

START = date(2024, 1, 1)
DEVELOPMENT_SEEDS = (1, 2)
COMMUNITIES = 150
WINDOW = 30
TARGETS = 40
PERSON, FRESH_FAKE, AGED_FAKE, SILENT = 0, 1, 2, 3
KINDS = ("reply", "repost", "quote", "like", "mention")  # codes 0..4 in interactions
REPLY, REPOST, QUOTE, LIKE, MENTION = range(5)
SCENARIOS = {  # name: label
    "viral-newcomers": "organic",
    "viral-established": "organic",
    "signup-wave": "organic",
    "pods": "organic",
    "fast-growers": "organic",
    "fresh-fakes": "bought",
    "aged-fakes": "bought",
    "drip-5": "bought",
    "drip-20": "bought",
    "drip-150-silent": "bought",
    "hidden-in-wave": "bought",
}
PACKAGES = (np.array([100, 250, 500, 1000, 2500]), np.array([0.2, 0.3, 0.25, 0.17, 0.08]))


def month_days(snapshots: int) -> np.ndarray:
    """Days from START of the first of each month: the snapshots' `taken` dates."""
    return np.array([(date(2024 + (m // 12), m % 12 + 1, 1) - START).days
                     for m in range(snapshots)])


@dataclass
class Target:
    account: int
    scenario: str
    steps: tuple[int, ...]  # the steps of the event or purchase (step s: snapshot s to s+1)
    size: int = 0  # package per step (bought), burst size (viral)
    rate: float = 0.0  # growth per step (fast growers), engaging share (viral)

    @property
    def label(self) -> str:
        return SCENARIOS[self.scenario]


@dataclass
class World:
    """Every account ever created (by integer id), its traits, and the follow edges."""

    rng: np.random.Generator
    cols: dict[str, np.ndarray] = field(default_factory=dict)
    key: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))  # src << 32 | dst
    since: np.ndarray = field(default_factory=lambda: np.zeros(0, np.float64))  # day
    extra: dict[int, list] = field(default_factory=lambda: defaultdict(list))  # snapshot: events

    def __getattr__(self, name):
        try:
            return self.__dict__["cols"][name]
        except KeyError:
            raise AttributeError(name) from None

    @property
    def n(self) -> int:
        return len(self.cols["kind"]) if self.cols else 0

    def add(self, **columns) -> np.ndarray:
        """Append accounts; returns their ids."""
        first, count = self.n, len(columns["created"])
        for name, values in columns.items():
            values = np.broadcast_to(np.asarray(values), (count,))
            self.cols[name] = (np.concatenate([self.cols[name], values]) if name in self.cols
                               else values.copy())
        return np.arange(first, first + count)

    def follow(self, src, dst, day) -> None:
        """Add follows (self-follows dropped; a follow that exists keeps its first day)."""
        src, dst = np.asarray(src, np.int64), np.asarray(dst, np.int64)
        day = np.broadcast_to(np.asarray(day, np.float64), src.shape)
        ok = src != dst
        keys = np.concatenate([self.key, src[ok] << 32 | dst[ok]])
        since = np.concatenate([self.since, day[ok]])
        self.key, first = np.unique(keys, return_index=True)  # stable: old edges first
        self.since = since[first]

    def keep_edges(self, keep: np.ndarray) -> None:
        self.key, self.since = self.key[keep], self.since[keep]

    @property
    def src(self) -> np.ndarray:
        return self.key >> 32

    @property
    def dst(self) -> np.ndarray:
        return self.key & 0xFFFFFFFF

    def in_degree(self) -> np.ndarray:
        return np.bincount(self.dst, minlength=self.n)

    def out_degree(self) -> np.ndarray:
        return np.bincount(self.src, minlength=self.n)

    def events(self, snapshot: int, src, dst, kind, at) -> None:
        """Interactions outside the follower-reacts-to-post model (virality, pods)."""
        src = np.asarray(src, np.int64)
        self.extra[snapshot].append((src, np.broadcast_to(np.asarray(dst, np.int64), src.shape),
                                     np.broadcast_to(np.asarray(kind, np.int8), src.shape),
                                     np.broadcast_to(np.asarray(at, np.float64), src.shape)))


def pick(rng, weights: np.ndarray, k: int) -> np.ndarray:
    """k indices drawn with replacement in proportion to weights."""
    cum = np.cumsum(weights, dtype=np.float64)
    return np.minimum(np.searchsorted(cum, rng.random(k) * cum[-1], side="right"),
                      len(cum) - 1)


def pick_in_community(rng, weights, community, wanted) -> np.ndarray:
    """For each entry of ``wanted`` (a community), one account of it drawn by weight (any
    account, by weight, where the community has none with weight)."""
    order = np.argsort(community, kind="stable")
    cum = np.cumsum(weights[order], dtype=np.float64)
    ordered = community[order]
    starts = np.searchsorted(ordered, np.arange(COMMUNITIES), "left")
    ends = np.searchsorted(ordered, np.arange(COMMUNITIES), "right")
    base = np.where(starts > 0, cum[np.maximum(starts - 1, 0)], 0.0)
    total = np.where(ends > 0, cum[np.maximum(ends - 1, 0)], 0.0) - base
    u = base[wanted] + rng.random(len(wanted)) * total[wanted]
    idx = np.clip(np.searchsorted(cum, u, "right"), starts[wanted],
                  np.maximum(ends[wanted] - 1, 0))
    chosen = order[np.minimum(idx, len(order) - 1)]
    empty = total[wanted] <= 0
    chosen[empty] = pick(rng, weights, int(empty.sum()))
    return chosen


def choose_targets(rng, sources, weights, community, local: float) -> np.ndarray:
    """Who each source follows: a share ``local`` within its community, the rest anywhere."""
    inside = rng.random(len(sources)) < local
    out = np.empty(len(sources), np.int64)
    out[inside] = pick_in_community(rng, weights, community, community[sources[inside]])
    out[~inside] = pick(rng, weights, int((~inside).sum()))
    return out


def people(rng, n: int, created, community, newcomer: bool, start_factor: float = 1.0) -> dict:
    """Traits of n people (see the module docstring)."""
    reader = rng.random(n) < (0.45 if newcomer else 0.35)
    post_rate = np.where(reader, 0.0, rng.lognormal(np.log(0.04), 1.1, n))  # posts a day
    created = np.asarray(created, np.float64)
    age = np.maximum(-created, 0)
    old_posts = np.where(reader, np.where(rng.random(n) < 0.4, rng.integers(1, 20, n), 0),
                         np.round(post_rate * age * rng.uniform(0.3, 1.5, n)))
    default = rng.random(n) < (0.75 if newcomer else np.where(reader, 0.35, 0.08))
    return dict(
        created=created, kind=np.full(n, PERSON, np.int8), alive=np.ones(n, bool),
        community=np.asarray(community, np.int64), reader=reader, post_rate=post_rate,
        react=rng.lognormal(np.log(np.where(reader, 0.002, 0.015)), 1.0, n),
        like=rng.lognormal(np.log(np.where(reader, 0.004, 0.01)), 1.0, n),
        appeal=rng.lognormal(0, 1.0, n) * np.where(reader, 0.1, np.sqrt(post_rate / 0.04)),
        drift=np.zeros(n), follow_rate=rng.lognormal(np.log(0.15), 0.8, n),
        follow_back=rng.beta(1, 6, n), outside_ratio=rng.lognormal(np.log(2), 1.0, n),
        outside=np.zeros(n, np.int64), default=default, posts=old_posts.astype(np.int64),
        start_factor=np.full(n, start_factor),
    )


def fakes(rng, n: int, created, kind: int, community) -> dict:
    """Traits of n fake or abandoned accounts: no appeal, no reactions, no new follows."""
    created = np.asarray(created, np.float64)
    if kind == FRESH_FAKE:
        default = rng.random(n) < 0.5
        posts = np.where(rng.random(n) < 0.2, rng.integers(1, 4, n), 0)
        post_rate, like = np.zeros(n), np.zeros(n)
        outside = rng.lognormal(np.log(200), 0.8, n)  # the seller's other customers
    elif kind == AGED_FAKE:
        default = rng.random(n) < 0.15
        post_rate = rng.uniform(0.01, 0.05, n)
        posts = np.round(post_rate * -created * rng.uniform(0.5, 1.0, n))
        like = rng.uniform(0.02, 0.08, n)  # sometimes likes what it follows
        outside = rng.lognormal(np.log(500), 0.8, n)
    else:  # SILENT: posted years ago or never
        default = rng.random(n) < 0.5
        posts = np.where(rng.random(n) < 0.5, rng.integers(1, 30, n), 0)
        post_rate, like = np.zeros(n), np.zeros(n)
        outside = rng.lognormal(np.log(150), 0.8, n)
    return dict(
        created=created, kind=np.full(n, kind, np.int8), alive=np.ones(n, bool),
        community=np.asarray(community, np.int64), reader=post_rate == 0, post_rate=post_rate,
        react=np.zeros(n), like=like, appeal=np.full(n, 0.02), drift=np.zeros(n),
        follow_rate=np.zeros(n), follow_back=np.zeros(n), outside_ratio=np.zeros(n),
        outside=np.round(outside).astype(np.int64), default=default,
        posts=np.asarray(posts).astype(np.int64), start_factor=np.ones(n),
    )


def initial_world(rng, n: int) -> World:
    """The platform at the first snapshot: people, the seller's aged fakes, abandoned accounts."""
    world = World(rng)
    sizes = rng.lognormal(0, 1.0, COMMUNITIES)
    community_p = sizes / sizes.sum()
    n_aged = n_silent = n * 3 // 100
    n_people = n - n_aged - n_silent
    world.add(**people(rng, n_people, -rng.uniform(60, 3650, n_people),
                       rng.choice(COMMUNITIES, n_people, p=community_p), newcomer=False))
    aged = world.add(**fakes(rng, n_aged, -rng.uniform(365, 3000, n_aged), AGED_FAKE,
                             rng.choice(COMMUNITIES, n_aged, p=community_p)))
    silent = world.add(**fakes(rng, n_silent, -rng.uniform(1100, 3650, n_silent), SILENT,
                               rng.choice(COMMUNITIES, n_silent, p=community_p)))
    world.community_p = community_p
    # people (and, years ago, the abandoned accounts) follow by appeal, mostly locally
    sources = np.concatenate([np.arange(n_people), silent])
    degree = np.round(rng.lognormal(np.log(3), 0.9, len(sources))).astype(np.int64)
    src = np.repeat(sources, degree)
    weights = world.appeal * (world.kind == PERSON)
    dst = choose_targets(rng, src, weights, world.community, 0.6)
    world.follow(src, dst, since_between(rng, world, src, dst, 0.0))
    # the aged fakes follow popular accounts for cover, and each other
    popular = (world.in_degree() + 1.0) * (world.kind == PERSON)
    src = np.repeat(aged, rng.integers(10, 40, n_aged))
    world.follow(src, pick(rng, popular, len(src)), since_between(rng, world, src, src, 0.0))
    src = np.repeat(aged, rng.poisson(5, n_aged))
    dst = aged[rng.integers(0, n_aged, len(src))]
    world.follow(src, dst, since_between(rng, world, src, dst, 0.0))
    src, dst = unpack(world.key)
    follow_back(world, src, dst, world.since + (0 - world.since) * rng.random(len(src)))
    world.aged_pool, world.silent_pool = aged, silent
    return world


def unpack(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    return keys >> 32, keys & 0xFFFFFFFF


def since_between(rng, world: World, src, dst, before: float) -> np.ndarray:
    """A day after both accounts existed and before ``before``."""
    born = np.maximum(world.created[src], world.created[dst])
    return born + rng.random(len(src)) * (before - born)


def follow_back(world: World, src, dst, day) -> None:
    """People who were followed follow back some of their new followers, less when popular."""
    rng = world.rng
    audience = world.in_degree()
    p = world.follow_back[dst] / (1 + audience[dst] / 100) * world.alive[dst] * world.alive[src]
    back = rng.random(len(src)) < p
    world.follow(dst[back], src[back], np.asarray(day)[back] if np.ndim(day) else day)


def outside_following(world: World) -> np.ndarray:
    """Follows beyond the collected community: a person's own ratio, a fake's fixed count."""
    out = world.out_degree()
    people_part = np.round(out * world.outside_ratio).astype(np.int64)
    return np.where(world.kind == PERSON, people_part, world.outside)


def newcomers(world: World, count: int, created, start_factor: float, first_follows: float,
              local: float, until: float) -> np.ndarray:
    """New people who join on the days ``created`` and follow a first batch of suggestions."""
    rng = world.rng
    comm = rng.choice(COMMUNITIES, count, p=world.community_p)
    ids = world.add(**people(rng, count, created, comm, newcomer=True,
                             start_factor=start_factor))
    src = np.repeat(ids, np.round(rng.lognormal(np.log(first_follows), 0.7, count)).astype(int))
    weights = (world.in_degree() + 1.0) * world.appeal * world.alive * (world.kind == PERSON)
    dst = choose_targets(rng, src, weights, world.community, local)
    world.follow(src, dst, np.minimum(world.created[src] + rng.uniform(0, 3, len(src)),
                                      until - 0.01))
    return ids


def organic_month(world: World, d0: float, d1: float, protected: np.ndarray) -> None:
    """One month of ordinary life: drift of appeal, leaving, unfollows, newcomers, follows."""
    rng = world.rng
    n = world.n
    person = (world.kind == PERSON) & world.alive
    world.cols["drift"] = 0.7 * world.drift + rng.normal(0, 0.3, n)
    # people leave; the platform removes some fakes it spots
    leave = person & (rng.random(n) < 0.003)
    purge = (world.kind != PERSON) & (world.kind != SILENT) & (rng.random(n) < 0.03)
    leave[protected] = False
    world.alive[leave | purge] = False
    src, dst = world.src, world.dst
    world.keep_edges(world.alive[src] & world.alive[dst] & (rng.random(len(src)) >= 0.01))
    # newcomers
    count = rng.poisson(0.015 * person.sum())
    newcomers(world, count, rng.uniform(d0, d1, count), 0.5, 8, 0.5, d1)
    # people follow more accounts: appeal (drifting) times audience
    person = (world.kind == PERSON) & world.alive & (world.created < d0)
    sources = np.flatnonzero(person)
    src = np.repeat(sources, rng.poisson(world.follow_rate[sources]))
    weights = ((world.in_degree() + 1.0) * np.sqrt(world.appeal) * np.exp(world.drift)
               * world.alive * (world.kind == PERSON))
    dst = choose_targets(rng, src, weights, world.community, 0.6)
    before = set_of(world)
    day = rng.uniform(d0, d1, len(src))
    world.follow(src, dst, day)
    fresh = new_keys(world, before)
    follow_back(world, *unpack(fresh), rng.uniform(d0, d1, len(fresh)))
    # people who post set a picture sooner than readers
    switch = world.default & (rng.random(world.n) < np.where(world.reader, 0.05, 0.25))
    switch &= world.kind == PERSON
    world.default[switch] = False


def set_of(world: World) -> np.ndarray:
    return world.key.copy()


def new_keys(world: World, before: np.ndarray) -> np.ndarray:
    return world.key[~np.isin(world.key, before, assume_unique=True)]


# ---------------------------------------------------------------------------- scenarios


def plan_targets(world: World, steps: int) -> tuple[list[Target], int]:
    """Choose the target accounts and when their events happen; the wave's step too."""
    rng = world.rng
    audience = world.in_degree()
    person = world.kind == PERSON
    poster = person & ~world.reader
    eligible = np.flatnonzero(poster & (audience >= 20) & (audience <= 3000))
    popular_cut = np.quantile(audience[person], 0.98)
    popular = np.flatnonzero(poster & (audience >= popular_cut))
    wave = int(rng.integers(1, steps)) if steps > 1 else 0
    other = [s for s in range(steps) if s != wave] or [wave]
    used: set[int] = set()
    targets: list[Target] = []

    def draw(pool, k):
        pool = np.setdiff1d(pool, np.fromiter(used, np.int64, len(used)))
        chosen = rng.choice(pool, min(k, len(pool)), replace=False)
        used.update(int(c) for c in chosen)
        return chosen

    def package():
        return int(rng.choice(PACKAGES[0], p=PACKAGES[1]))

    for a in draw(eligible, TARGETS):
        targets.append(Target(int(a), "viral-newcomers", (int(rng.choice(other)),),
                              rate=rng.uniform(0.6, 0.95)))
    for a in draw(eligible, TARGETS):
        targets.append(Target(int(a), "viral-established", (int(rng.choice(other)),),
                              rate=rng.uniform(0.3, 0.7)))
    for a in draw(popular, TARGETS):
        targets.append(Target(int(a), "signup-wave", (wave,)))
    small = np.flatnonzero(poster & (audience >= 20) & (audience <= 500))
    pods = 0
    for c in rng.permutation(COMMUNITIES):
        members = np.setdiff1d(small[world.community[small] == c],
                               np.fromiter(used, np.int64, len(used)))
        size = int(rng.integers(8, 16))
        if len(members) < size:
            continue
        step = int(rng.choice(other))
        for a in draw(members, size):
            targets.append(Target(int(a), "pods", (step,), size=pods))
        pods += 1
        if sum(t.scenario == "pods" for t in targets) >= TARGETS:
            break
    for a in draw(eligible, TARGETS):
        targets.append(Target(int(a), "fast-growers", tuple(range(steps)),
                              rate=float(rng.uniform(0.33, 1.0))))
    for name in ("fresh-fakes", "aged-fakes"):
        for a in draw(eligible, TARGETS):
            targets.append(Target(int(a), name, (int(rng.choice(other)),), size=package()))
    for name, size in (("drip-5", 5), ("drip-20", 20), ("drip-150-silent", 150)):
        for a in draw(eligible, TARGETS):
            first = int(rng.integers(0, 2)) if steps > 4 else 0
            length = int(rng.integers(4, 7))
            targets.append(Target(int(a), name, tuple(range(first, min(first + length, steps))),
                                  size=size))
    for a in draw(eligible, TARGETS):
        targets.append(Target(int(a), "hidden-in-wave", (wave,), size=package()))
    return targets, wave


def scenario_month(world: World, targets: list[Target], step: int, wave: int,
                   d0: float, d1: float) -> None:
    """The scenarios' events of one month (step), after its ordinary life."""
    rng = world.rng
    after = step + 1  # the snapshot that closes the month
    if step == wave:
        count = int(0.12 * ((world.kind == PERSON) & world.alive).sum())
        first = rng.uniform(d0, d1 - 10)
        newcomers(world, count, first + rng.uniform(0, 10, count), 0.2, 10, 0.2, d1)
    for t in targets:
        if step not in t.steps:
            continue
        if t.scenario in ("viral-newcomers", "viral-established"):
            viral(world, t, d0, d1, after)
        elif t.scenario == "fast-growers":
            audience = world.in_degree()[t.account]
            gain = rng.poisson(audience * t.rate * np.exp(rng.normal(0, 0.3)))
            weights = world.follow_rate * world.alive * (world.kind == PERSON)
            weights[t.account] = 0
            src = choose_targets(rng, np.full(gain, t.account), weights, world.community, 0.5)
            world.follow(src, np.full(gain, t.account), rng.uniform(d0, d1, gain))
    pods = defaultdict(list)
    for t in targets:
        if t.scenario == "pods" and t.steps[0] == step:
            pods[t.size].append(t.account)
    for members in pods.values():
        members = np.array(members)
        src, dst = np.repeat(members, len(members)), np.tile(members, len(members))
        world.follow(src, dst, rng.uniform(d0, d1, len(src)))
    deliver(world, [t for t in targets if t.label == "bought" and step in t.steps], d0, d1)


def viral(world: World, t: Target, d0: float, d1: float, after: int) -> None:
    """One post goes viral: a burst of followers who mostly react to it, and strangers too."""
    rng = world.rng
    audience = world.in_degree()[t.account]
    burst = int(min(3000, max(audience, 20) * rng.lognormal(np.log(2), 0.6)))
    day = rng.uniform(d0, d1 - 6)
    if t.scenario == "viral-newcomers":
        fans = newcomers(world, burst, day + rng.uniform(0, 3, burst), 0.5, 8, 0.5, d1)
    else:
        old = (world.kind == PERSON) & world.alive & (world.created < d0 - 90)
        weights = world.follow_rate * old
        weights[t.account] = 0
        fans = choose_targets(rng, np.full(burst, t.account), weights, world.community, 0.7)
    world.follow(fans, np.full(len(fans), t.account),
                 np.maximum(day, world.created[fans]) + rng.uniform(0, 2, len(fans)))
    engaged = fans[rng.random(len(fans)) < t.rate]
    events = 1 + rng.poisson(0.5, len(engaged))
    src = np.repeat(engaged, events)
    kind = rng.choice([REPLY, REPOST, QUOTE], len(src), p=[0.4, 0.5, 0.1])
    at = np.maximum(day, world.created[src]) + rng.uniform(0, 1, len(src)) * (d1 - day - 6)
    world.events(after, src, t.account, kind, at)
    likers = fans[rng.random(len(fans)) < 0.8]
    world.events(after, likers, t.account, LIKE, np.maximum(day, world.created[likers]) + 1)
    strangers = int(burst * rng.uniform(0.5, 2))
    weights = world.react * world.alive * (world.kind == PERSON) * (world.created < d0)
    weights[t.account] = 0
    src = pick(rng, weights, strangers)
    world.events(after, src, t.account, rng.choice([REPLY, REPOST, QUOTE], strangers,
                                                   p=[0.3, 0.6, 0.1]),
                 day + rng.uniform(0, 3, strangers))
    world.viral_posts[after].append((t.account, day))


def deliver(world: World, orders: list[Target], d0: float, d1: float) -> None:
    """Fill this month's orders: fresh fakes from the seller's farm, aged fakes, old accounts."""
    rng = world.rng
    popular = (world.in_degree() + 1.0) * (world.kind == PERSON) * world.alive
    farm = np.zeros(0, np.int64)
    src, dst, day = [], [], []
    for t in sorted(orders, key=lambda o: rng.random()):
        when = rng.uniform(d0 + 1, d1 - 3)
        if t.scenario == "aged-fakes":
            pool = world.aged_pool[world.alive[world.aged_pool]]
        elif t.scenario == "drip-150-silent":
            pool = world.silent_pool
        else:  # fresh fakes: part from fakes the farm made earlier this month, part new
            ready = farm[world.created[farm] < when - 1]
            reuse = rng.choice(ready, min(len(ready), t.size // 2), replace=False)
            made = fresh_batch(world, t.size - len(reuse), when, popular, (src, dst, day))
            farm = np.concatenate([farm, made])
            pool = np.concatenate([reuse, made])
        pool = pool[~has_edge(world, pool, t.account)]  # not those who follow it already
        chosen = pool if len(pool) <= t.size else rng.choice(pool, t.size, replace=False)
        src.append(chosen)
        dst.append(np.full(len(chosen), t.account))
        day.append(when + rng.uniform(0, 2, len(chosen)))
    if src:
        world.follow(np.concatenate(src), np.concatenate(dst), np.concatenate(day))


def has_edge(world: World, src: np.ndarray, dst) -> np.ndarray:
    keys = np.asarray(src, np.int64) << 32 | np.asarray(dst, np.int64)
    at = np.minimum(np.searchsorted(world.key, keys), max(len(world.key) - 1, 0))
    return world.key[at] == keys if len(world.key) else np.zeros(len(keys), bool)


def fresh_batch(world: World, count: int, when: float, popular: np.ndarray, edges) -> np.ndarray:
    """A batch of fresh fakes made days before an order; they follow popular accounts for cover
    and a few other fakes, and some post once or twice (their follows go into ``edges``)."""
    rng = world.rng
    if count <= 0:
        return np.zeros(0, np.int64)
    created = when - rng.uniform(1, 20) + rng.uniform(0, 0.5, count)
    ids = world.add(**fakes(rng, count, created, FRESH_FAKE,
                            rng.choice(COMMUNITIES, count, p=world.community_p)))
    cover = np.repeat(ids, rng.poisson(8, count))
    others = np.repeat(ids, rng.poisson(1, count))
    for s, d in ((cover, pick(rng, popular, len(cover))), (others, rng.choice(ids, len(others)))):
        edges[0].append(s)
        edges[1].append(d)
        edges[2].append(world.created[s] + rng.uniform(0, 1, len(s)))
    return ids


# ---------------------------------------------------------------------------- snapshots


def take_snapshot(world: World, index: int, day: float, targets_pods: dict, out: Path,
                  writer: duckdb.DuckDBPyConnection) -> dict:
    """Posts and interactions of the 30-day window before ``day``, then the CSV folder."""
    rng = world.rng
    here = world.alive & (world.created < day)
    ids = np.flatnonzero(here)
    age = day - world.created
    exposure = np.clip(age, 0, WINDOW)
    factor = np.where(age < 45, world.start_factor, 1.0)
    n_posts = rng.poisson(world.post_rate * exposure * factor) * here
    for account, _ in world.viral_posts.get(index, []):
        n_posts[account] += 1
    world.posts[:] += n_posts
    world.window_posts[index] = n_posts
    author = np.repeat(np.arange(world.n), n_posts)
    post_at = day - rng.random(len(author)) * exposure[author]
    # followers react to the posts of the accounts they follow; posters mention some of them
    src, dst = world.src, world.dst
    live = here[src] & here[dst]
    src, dst = src[live], dst[live]
    window = np.minimum(exposure[src], exposure[dst])
    parts = []
    for rate, kinds in ((world.react[src] * n_posts[dst], (REPLY, REPOST, QUOTE)),
                        (world.like[src] * n_posts[dst], (LIKE,)),
                        (0.005 * n_posts[src], (MENTION,))):
        count = rng.poisson(rate)
        s, d, w = np.repeat(src, count), np.repeat(dst, count), np.repeat(window, count)
        kind = (np.full(len(s), kinds[0]) if len(kinds) == 1
                else rng.choice(kinds, len(s), p=[0.5, 0.4, 0.1]))
        parts.append((s, d, kind.astype(np.int8), day - rng.random(len(s)) * w))
    # pods: members reply to and repost each other's posts
    for members in targets_pods.get(index, []):
        s, d = np.repeat(members, len(members)), np.tile(members, len(members))
        s, d = s[s != d], d[s != d]
        count = rng.poisson(0.5 * n_posts[d])
        s, d = np.repeat(s, count), np.repeat(d, count)
        parts.append((s, d, rng.choice([REPLY, REPOST], len(s), p=[0.7, 0.3]).astype(np.int8),
                      day - rng.random(len(s)) * WINDOW))
    for s, d, k, at in world.extra.pop(index, []):
        ok = here[s] & here[d] & (s != d)
        parts.append((s[ok], d[ok], k[ok], np.clip(at[ok], day - WINDOW + 0.01, day - 0.01)))
    isrc, idst, ikind, iat = (np.concatenate(p) for p in zip(*parts))
    inside = here[isrc] & here[idst]
    iat = np.maximum(iat, np.maximum(world.created[isrc], world.created[idst]) + 0.001)
    # the CSV folder
    folder = out / date.fromordinal(START.toordinal() + int(day)).isoformat()
    folder.mkdir(parents=True)
    (folder / "snapshot.yml").write_text(
        f"taken: {folder.name}\nwindow_days: {WINDOW}\n")
    followers = world.in_degree()
    following = world.out_degree() + outside_following_now(world)
    write_csv(writer, folder / "accounts.csv", """
        SELECT 'u' || id AS id, 'user_' || id AS handle,
          strftime(TIMESTAMP '2024-01-01' + to_microseconds(CAST(created * 86400e6 AS BIGINT)),
                   '%Y-%m-%dT%H:%M:%S') AS created_at,
          followers AS followers_count, following AS following_count, posts AS posts_count,
          CASE WHEN dflt THEN 'true' ELSE 'false' END AS default_profile FROM t""",
              id=ids, created=world.created[ids], followers=followers[ids],
              following=following[ids], posts=world.posts[ids], dflt=world.default[ids])
    fsrc, fdst = world.src, world.dst
    keep = here[fsrc] & here[fdst]
    write_csv(writer, folder / "follows.csv", """
        SELECT 'u' || s AS follower, 'u' || d AS followed,
          strftime(DATE '2024-01-01' + CAST(floor(since) AS INTEGER), '%Y-%m-%d') AS since
        FROM t""", s=fsrc[keep], d=fdst[keep], since=world.since[keep])
    write_csv(writer, folder / "interactions.csv", f"""
        SELECT 'u' || s AS source, 'u' || d AS target,
          {sql_list(KINDS)}[k + 1] AS kind, {timestamp_sql('tm')} AS at FROM t""",
              s=isrc[inside], d=idst[inside], k=ikind[inside], tm=iat[inside])
    write_csv(writer, folder / "posts.csv", f"""
        SELECT 'u' || a AS author, {timestamp_sql('tm')} AS at,
          'p{index}_' || row_number() OVER () AS id FROM t""", a=author, tm=post_at)
    return {"accounts": len(ids), "follows": int(keep.sum()), "interactions": int(inside.sum()),
            "posts": len(author)}


def outside_following_now(world: World) -> np.ndarray:
    return outside_following(world)


def sql_list(values) -> str:
    return "[" + ", ".join(f"'{v}'" for v in values) + "]"


def timestamp_sql(column: str) -> str:
    return (f"strftime(TIMESTAMP '2024-01-01' + to_microseconds(CAST({column} * 86400e6 "
            f"AS BIGINT)), '%Y-%m-%dT%H:%M:%S')")


def write_csv(writer: duckdb.DuckDBPyConnection, path: Path, select: str, **arrays) -> None:
    """COPY a SELECT over the numpy arrays (as table t) to a CSV file with a header."""
    writer.register("t", {k: np.ascontiguousarray(v) for k, v in arrays.items()})
    writer.execute(f"COPY ({select}) TO '{path}' (HEADER, DELIMITER ',')")
    writer.unregister("t")


def generate(accounts: int, snapshots: int, seed: int, out: Path):
    """Build the world, plant the scenarios, and write one CSV folder per snapshot."""
    rng = np.random.default_rng(seed)
    world = initial_world(rng, accounts)
    world.viral_posts = defaultdict(list)
    world.window_posts = {}
    days = month_days(snapshots)
    targets, wave = plan_targets(world, snapshots - 1)
    protected = np.array([t.account for t in targets])
    pods: dict[int, list] = defaultdict(list)
    by_pod = defaultdict(list)
    for t in targets:
        if t.scenario == "pods":
            by_pod[t.size].append(t)
    writer = duckdb.connect()
    writer.execute("SET preserve_insertion_order = false")
    sizes = [take_snapshot(world, 0, float(days[0]), pods, out, writer)]
    for step in range(snapshots - 1):
        d0, d1 = float(days[step]), float(days[step + 1])
        organic_month(world, d0, d1, protected)
        scenario_month(world, targets, step, wave, d0, d1)
        for members in by_pod.values():
            if members[0].steps[0] <= step:
                pods[step + 1].append(np.array([m.account for m in members]))
        sizes.append(take_snapshot(world, step + 1, d1, pods, out, writer))
    writer.close()
    return world, targets, wave, sizes


# ---------------------------------------------------------------------------- scoring


def score(world: World, targets: list[Target], flags, names: list[str], every) -> list[str]:
    """Per-scenario recall, false alarms and precision; returns the printed lines."""
    step_of = {name: i for i, name in enumerate(names)}
    by_account: dict[int, list] = defaultdict(list)
    for f in flags:
        by_account[int(f.account[1:])].append((step_of[f.before], f))
    target_of = {t.account: t for t in targets}
    lines = [f"{'scenario':18} {'label':7} {'targets':>7} {'flagged':>7} {'recall':>7} "
             f"{'false alarms':>13} {'flags ok':>9}"]
    correct_total = 0
    found_total = bought_total = 0
    examples = []
    for name, label in SCENARIOS.items():
        group = [t for t in targets if t.scenario == name]
        flagged = [t for t in group if by_account.get(t.account)]
        if label == "bought":
            found, ok, all_flags = 0, 0, 0
            for t in group:
                window = set(t.steps) | {max(t.steps) + 1}
                hits = [s for s, _ in by_account.get(t.account, []) if s in window]
                found += bool(hits)
                ok += len(hits)
                all_flags += len(by_account.get(t.account, []))
            correct_total += ok
            found_total += found
            bought_total += len(group)
            recall = f"{found / len(group):.2f}" if group else "-"
            lines.append(f"{name:18} {label:7} {len(group):7d} {len(flagged):7d} {recall:>7} "
                         f"{'-':>13} {f'{ok}/{all_flags}':>9}")
            missed = [t for t in group if t not in flagged or not any(
                s in set(t.steps) | {max(t.steps) + 1} for s, _ in by_account[t.account])]
            if missed:
                t = missed[len(missed) // 2]
                s = max(t.steps, key=lambda s: every[t.account, s].score
                        if (t.account, s) in every else -1)
                if (t.account, s) in every:
                    examples.append(f"  missed {name} u{t.account} (package {t.size}), step "
                                    f"{s}: score {every[t.account, s].score:.2f}: "
                                    f"{every[t.account, s].evidence}")
        else:
            n_flags = sum(len(by_account.get(t.account, [])) for t in group)
            share = f"{len(flagged)}/{len(group)} ({len(flagged) / max(len(group), 1):.2f})"
            lines.append(f"{name:18} {label:7} {len(group):7d} {len(flagged):7d} {'-':>7} "
                         f"{share:>13} {f'0/{n_flags}':>9}")
            for t in flagged[:2]:
                s, f = by_account[t.account][0]
                examples.append(f"  false alarm {name} u{t.account}, step {s}: "
                                f"score {f.score:.2f}: {f.evidence}")
    unplanted = {a: fl for a, fl in by_account.items() if a not in target_of}
    kinds = Counter(("person" if world.kind[a] == PERSON else "fake") for a in unplanted)
    n_unplanted = sum(len(v) for v in unplanted.values())
    lines.append(f"unplanted accounts: {n_unplanted} flags on {len(unplanted)} accounts "
                 f"({kinds.get('person', 0)} people, {kinds.get('fake', 0)} fakes or old "
                 f"accounts)")
    for a, fl in list(unplanted.items())[:2]:
        s, f = fl[0]
        examples.append(f"  unplanted u{a} ({'person' if world.kind[a] == PERSON else 'fake'})"
                        f", step {s}: score {f.score:.2f}: {f.evidence}")
    precision = correct_total / len(flags) if flags else float("nan")
    lines.append(f"overall: {len(flags)} flags, precision {precision:.3f}, recall "
                 f"{found_total / bought_total:.3f} ({found_total}/{bought_total} bought targets)")
    return lines + ["evidence:"] + examples


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=3)
    parser.add_argument("--accounts", type=int, default=100_000)
    parser.add_argument("--snapshots", type=int, default=6)
    parser.add_argument("--memory", default="4GB", help="DuckDB memory limit")
    parser.add_argument("--keep", type=Path, help="write the snapshots here and keep them")
    args = parser.parse_args(argv)
    if not 3 <= args.snapshots <= 13:
        parser.error("--snapshots: 3 to 13")
    role = "development" if args.seed in DEVELOPMENT_SEEDS else "report"
    print(f"seed {args.seed} ({role} seed)")
    times: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="sitegen-audit-scenarios-") as scratch:
        folder = args.keep or Path(scratch)
        started = time.perf_counter()
        world, targets, wave, sizes = generate(args.accounts, args.snapshots, args.seed, folder)
        times["generate and write"] = time.perf_counter() - started
        last = sizes[-1]
        print(f"{world.n:,} accounts ever, {last['accounts']:,} in the last of "
              f"{args.snapshots} snapshots with {last['follows']:,} follows, "
              f"{last['interactions']:,} interactions, {last['posts']:,} posts; "
              f"{len(targets)} targets; sign-up wave in step {wave}")
        db = open_db(args.memory)
        for name, work in (("load", lambda: load_series(folder, db)),
                           ("classify", lambda: analyze_series(loaded, AnalysisSettings())),
                           ("series", lambda: analyze_changes(reports)),
                           ("audit", lambda: audit_followers(series))):
            started = time.perf_counter()
            result = work()
            times[name] = time.perf_counter() - started
            if name == "load":
                loaded = result
            elif name == "classify":
                reports = result
            elif name == "series":
                series = result
            else:
                flags = result
        run = sum(times[k] for k in ("load", "classify", "series", "audit"))
        print(f"times: generate and write {times['generate and write']:.1f} s; audit run "
              f"{run:.1f} s (load {times['load']:.1f}, classify {times['classify']:.1f}, "
              f"series {times['series']:.1f}, audit {times['audit']:.1f})")
        names = [r.snapshot.name for r in reports]
        step_of = {name: i for i, name in enumerate(names)}
        wanted = {t.account for t in targets}
        every = {(int(f.account[1:]), step_of[f.before]): f
                 for f in audit_followers(series, AuditRules(min_score=0.0))
                 if int(f.account[1:]) in wanted}
        print(f"audit at its defaults (threshold {AuditRules().min_score}):")
        for line in score(world, targets, flags, names, every):
            print(line)
        db.close()


if __name__ == "__main__":
    main(sys.argv[1:])

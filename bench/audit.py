"""An independent benchmark of the follower audit: scenarios from behaviour, not from its rules.

    python bench/audit.py --seed N [--accounts 100000] [--snapshots 5] [--keep DIR]
                          [--examples 1]

bench/audit_planted.py (the first benchmark) builds its fakes from the very signs the audit
checks and lets its organic accounts grow at a constant rate, so its figures cannot say how
the audit fares on anything else. This generator describes how people and fake-follower
sellers behave; no number in it was chosen by looking at the audit's checks or thresholds,
and the audit runs with its defaults (sitegen.analysis.audit.AuditRules) unchanged. Seeds 1
and 2 are the development seeds (used while this file was written: the model was corrected
on them; later the audit's signal 3 was decided on them); seeds 3 to 5 were reported for the
audit before signal 3, and seeds 6 to 8, never looked at before, report it since. The output
labels each seed as one or the other.

The model (one platform seen through monthly snapshots; the numbers are per month)
---------------------------------------------------------------------------------

People. 100,000 accounts at the start (94 % people, 3 % aged fakes kept by a seller, 3 % old
accounts nobody uses any more), created over the previous ten years, in 150 communities of
uneven size. About a third of people never post (readers); the others post at rates spread
over two orders of magnitude (lognormal, median about one post a month). Each person has a
propensity to reply to, repost or quote a post it sees (readers about a tenth of posters'),
a propensity to like, a habit of following (new follows a month), a tendency to follow back
(less the larger their own audience), and an appeal as an author (heavy-tailed: Pareto,
shape 1.2) that grows with how much they post and drifts from month to month (a
mean-reverting random walk): audiences do not grow at a constant rate. The files hold the
follows inside the community; people also follow accounts outside it, which only their
profile's following count shows. A new account has the platform's default look; people who
post replace it within a few months, readers often never.

Follows. At the start each person follows a lognormal number of accounts in the data, three
in five within their community, chosen by appeal. Each month people follow a few more,
chosen in proportion to appeal times audience (preferential attachment: what is popular is
seen and recommended), some are followed back, 1 % of follows are dropped and 0.3 % of people
leave. Newcomers (1.2 % a month) join on random days, follow a first batch of suggested
accounts by preferential attachment, and are slower to start posting.

Activity. In each snapshot's 30-day window a person writes a Poisson number of posts; each
follower reacts to each post of an account it follows with its own propensities (a Poisson
count per follow: replies, reposts and quotes, and likes), and posters mention some accounts
they follow. So the engagement an account receives scales with its audience, with noise from
both its own posting and its followers, and depends on who that audience is: an audience of
readers engages little.

Fake followers. A seller keeps a farm. Fresh fakes are made in batches days before an order
is filled (up to 70 % of an order comes from batches of the last 25 days, so fakes serve
several buyers); half keep the default look, a fifth post once to three times, they follow
two popular accounts of the data for cover and many of the seller's customers outside it,
some follow each other, and they never react. Aged fakes are years old, mostly have a custom
picture (15 % default), post a little, follow many customers outside the data and sometimes
like what they follow. Old silent accounts have not posted for years (half never did). Fakes
follow on the day an order is delivered; each month the platform removes 3 % of the fakes.

Scenarios (about 40 targets each; targets are people who post, with 10 to 3,000 followers in
the data, except the sign-up wave's popular accounts; so few that they are a small share of
the accounts of their size, whose changes are the audit's peer baseline):

- viral-newcomers (organic): once, a post goes viral; newcomers who join around that day
  follow its author (about twice its audience, at most 2,000), 60 to 95 % of them reply to,
  repost or quote it, most like it; strangers react to it too.
- viral-established (organic): the same, but the new followers are people who have been on
  the platform for months, mostly from the author's community; 30 to 70 % of them react.
- signup-wave (organic): in one month newcomers numbering 10 % of the platform join within
  ten days and follow popular accounts by preferential attachment; most do not post yet.
  Targets: popular accounts (top 2 % by audience).
- pods (organic): groups of 8 to 15 small accounts (10 to 500 followers) of one community
  start following, replying to and reposting each other.
- fast-growers (organic): authors whose audience grows by a third to double every month,
  from ordinary people (their engagement comes from that audience, like everyone's).
- fresh-fakes, aged-fakes (bought): one order of 100 to 2,500 followers.
- drip-5, drip-20 (bought, fresh fakes), drip-150-silent (bought, old silent accounts): the
  same number every month for 4 to 6 months, clipped to the series (with the default five
  snapshots, every month of the series).
- hidden-in-wave (bought): an order of fresh fakes delivered in the month of the sign-up wave.

Evaluation. sitegen's real analysis runs on the CSV folders (load, classify, series, audit;
timed). A bought target is found when any flag on it covers a step during its purchase or
the step right after. Every flag on an organic target is a false alarm, and so is every flag
on an account that is not a target (counted apart, by step). Precision is the share of all
flags that are on a bought target in such a step. Evidence texts of false alarms and misses
are printed with the target's own number of posts in the two windows (from the generator).
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
    size: int = 0  # followers bought per step (bought); which pod (pods)
    rate: float = 0.0  # growth per step (fast growers); share of the burst that reacts (viral)

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
    post_rate = np.where(reader, 0.0, rng.lognormal(np.log(0.03), 1.1, n))  # posts a day
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
        appeal=(1 + rng.pareto(1.2, n)) * np.where(reader, 0.1, np.sqrt(post_rate / 0.03)),
        drift=np.zeros(n), follow_rate=rng.lognormal(np.log(0.1), 0.8, n),
        follow_back=rng.beta(1, 6, n), outside_ratio=rng.lognormal(np.log(2), 1.0, n),
        outside=np.zeros(n, np.int64), default=default, posts=old_posts.astype(np.int64),
        pending=np.zeros(n, np.int64), start_factor=np.full(n, start_factor),
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
        pending=np.asarray(posts if kind == FRESH_FAKE else np.zeros(n)).astype(np.int64),
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
    degree = np.round(rng.lognormal(np.log(2), 0.9, len(sources))).astype(np.int64)
    src = np.repeat(sources, degree)
    weights = world.appeal * (world.kind == PERSON)
    dst = choose_targets(rng, src, weights, world.community, 0.6)
    world.follow(src, dst, since_between(rng, world, src, dst, 0.0))
    # the aged fakes follow popular accounts for cover, and each other
    popular = (world.in_degree() + 1.0) * (world.kind == PERSON)
    src = np.repeat(aged, rng.integers(5, 20, n_aged))
    dst = pick(rng, popular, len(src))
    world.follow(src, dst, since_between(rng, world, src, dst, 0.0))
    src = np.repeat(aged, rng.poisson(3, n_aged))
    dst = aged[rng.integers(0, n_aged, len(src))]
    world.follow(src, dst, since_between(rng, world, src, dst, 0.0))
    src, dst = unpack(world.key)
    follow_back(world, src, dst, world.since + (0 - world.since) * rng.random(len(src)))
    world.aged_pool, world.silent_pool = aged, silent
    world.farm = np.zeros(0, np.int64)  # the seller's fresh fakes
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
    weights = (world.in_degree() + 1.0) * world.alive * (world.kind == PERSON)  # suggestions
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
    count = rng.poisson(0.012 * person.sum())
    newcomers(world, count, rng.uniform(d0, d1, count), 0.5, 3, 0.5, d1)
    # people follow more accounts: appeal (drifting) times audience
    person = (world.kind == PERSON) & world.alive & (world.created < d0)
    sources = np.flatnonzero(person)
    src = np.repeat(sources, rng.poisson(world.follow_rate[sources]))
    weights = ((world.in_degree() + 1.0) * np.sqrt(world.appeal) * np.exp(world.drift)
               * world.alive * (world.kind == PERSON))
    dst = choose_targets(rng, src, weights, world.community, 0.6)
    before = world.key.copy()
    day = rng.uniform(d0, d1, len(src))
    world.follow(src, dst, day)
    fresh = new_keys(world, before)
    follow_back(world, *unpack(fresh), rng.uniform(d0, d1, len(fresh)))
    # people who post set a picture sooner than readers
    switch = world.default & (rng.random(world.n) < np.where(world.reader, 0.05, 0.25))
    switch &= world.kind == PERSON
    world.default[switch] = False


def new_keys(world: World, before: np.ndarray) -> np.ndarray:
    return world.key[~np.isin(world.key, before, assume_unique=True)]


# ---------------------------------------------------------------------------- scenarios


def plan_targets(world: World, steps: int) -> tuple[list[Target], int]:
    """Choose the target accounts and when their events happen; the wave's step too."""
    rng = world.rng
    audience = world.in_degree()
    person = world.kind == PERSON
    poster = person & ~world.reader
    eligible = np.flatnonzero(poster & (audience >= 10) & (audience <= 3000))
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
    small = np.flatnonzero(poster & (audience >= 10) & (audience <= 500))
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
            first = int(rng.integers(0, max(steps - 3, 1)))
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
        count = int(0.10 * ((world.kind == PERSON) & world.alive).sum())
        first = rng.uniform(d0, d1 - 10)
        newcomers(world, count, first + rng.uniform(0, 10, count), 0.2, 4, 0.2, d1)
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
    burst = int(min(2000, max(audience, 20) * rng.lognormal(np.log(2), 0.6)))
    day = rng.uniform(d0, d1 - 6)
    if t.scenario == "viral-newcomers":
        fans = newcomers(world, burst, day + rng.uniform(0, 3, burst), 0.5, 3, 0.5, d1)
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
    at = np.minimum(np.maximum(day, world.created[src]) + rng.exponential(2, len(src)), d1)
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
    farm = world.farm
    src, dst, day = [], [], []
    for t in sorted(orders, key=lambda o: rng.random()):
        when = rng.uniform(d0 + 1, d1 - 3)
        if t.scenario == "aged-fakes":
            pool = world.aged_pool[world.alive[world.aged_pool]]
        elif t.scenario == "drip-150-silent":
            pool = world.silent_pool
        else:  # fresh fakes: up to 70 % from the farm's batches of the last weeks, the rest new
            ready = farm[(world.created[farm] < when - 1) & (world.created[farm] > when - 25)
                         & world.alive[farm]]
            reuse = rng.choice(ready, min(len(ready), int(0.7 * t.size)), replace=False)
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
    world.farm = farm


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
    cover = np.repeat(ids, rng.poisson(2, count))
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
    # (a fresh fake's few posts, made since it was created, are in its profile count already)
    listed = n_posts + world.pending * here
    world.pending[here] = 0
    author = np.repeat(np.arange(world.n), listed)
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
    following = world.out_degree() + outside_following(world)
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


def miss_reasons(db, missed: list[Target]) -> str:
    """Why the missed targets scored low, at the purchase step where they came closest: the
    audit's own measurements from series.audit_signals."""
    pairs = [(f"u{t.account}", s) for t in missed for s in t.steps]
    if not pairs:
        return ""
    db.execute("CREATE OR REPLACE TEMP TABLE missed_pairs (id VARCHAR, step INTEGER)")
    db.executemany("INSERT INTO missed_pairs VALUES (?, ?)", pairs)
    row = db.execute("""
        WITH best AS (SELECT arg_max(a, a.score) AS a FROM series.audit_signals a
                      JOIN missed_pairs USING (id, step) GROUP BY id)
        SELECT count(*), count(*) FILTER (WHERE a.engagement_before = 0),
          count(*) FILTER (WHERE a.jump >= 0.5),
          median(a.empty / nullif(a.new_followers, 0)), median(a.empty_baseline),
          median(a.unengaged_jump), median(a.empty_newcomers) FROM best""").fetchone()
    n, no_engagement, jumped, share, usual, unengaged, empty = row
    return (f"      missed {n}: {no_engagement} had no engagement before (signal 1 cannot "
            f"rise), {jumped} jumped (jump >= 0.5); medians: new followers looking empty "
            f"{share or 0:.0%} where {usual or 0:.0%} is usual, jump without engagement "
            f"{unengaged or 0:.2f}, empty new followers {empty or 0:.2f}")


def score(world: World, targets: list[Target], flags, names: list[str], every, wave: int,
          examples: int, db) -> list[str]:
    """Per-scenario recall, false alarms and precision; returns the printed lines."""
    step_of = {name: i for i, name in enumerate(names)}
    by_account: dict[int, list] = defaultdict(list)
    for f in flags:
        by_account[int(f.account[1:])].append((step_of[f.before], f))
    target_of = {t.account: t for t in targets}
    lines = [f"{'scenario':18} {'label':7} {'targets':>7} {'recall':>12} {'precision':>16} "
             f"{'false alarms':>13}  alarms in the event / next / other step"]
    shown: list[str] = []
    correct = found_total = bought_total = 0

    def evidence(kind: str, t: Target, step: int, flag) -> str:
        posts = " -> ".join(str(int(world.window_posts[i][t.account])) for i in (step, step + 1))
        extra = f", package {t.size}" if t.label == "bought" else ""
        return (f"  {kind} {t.scenario} u{t.account}{extra}, step {step} (own posts in the "
                f"window {posts}): score {flag.score:.2f}: {flag.evidence}")

    for name, label in SCENARIOS.items():
        group = [t for t in targets if t.scenario == name]
        if not group:
            continue
        if label == "bought":
            found, ok, total, missed = 0, 0, 0, []
            for t in group:
                window = set(t.steps) | {max(t.steps) + 1}
                mine = by_account.get(t.account, [])
                hits = [s for s, _ in mine if s in window]
                found += bool(hits)
                ok += len(hits)
                total += len(mine)
                if not hits:
                    missed.append(t)
            correct += ok
            found_total += found
            bought_total += len(group)
            precision = f"{ok / total:.2f} ({ok}/{total})" if total else "n/a"
            lines.append(f"{name:18} {label:7} {len(group):7d} "
                         f"{f'{found / len(group):.2f} ({found})':>12} {precision:>16} "
                         f"{'-':>13}  -")
            if missed:
                lines.append(miss_reasons(db, missed))
            for t in missed[:examples]:  # the purchase step where it came closest
                best = max(t.steps, key=lambda s: every[t.account, s].score
                           if (t.account, s) in every else -1.0)
                if (t.account, best) in every:
                    shown.append(evidence("missed", t, best, every[t.account, best]))
        else:
            flagged = [t for t in group if by_account.get(t.account)]
            when = Counter()
            for t in flagged:
                for s, _ in by_account[t.account]:
                    when["event" if s in t.steps else "next" if s == max(t.steps) + 1
                         else "other"] += 1
                    before, after = (world.window_posts[i][t.account] for i in (s, s + 1))
                    when["fewer posts"] += int(after < before)
                    when["wave"] += int(s == wave)
            alarms = f"{len(flagged)}/{len(group)} ({len(flagged) / len(group):.2f})"
            split = (f"{when['event']}/{when['next']}/{when['other']}"
                     + (f"; {when['wave']} in the wave's step, {when['fewer posts']} after "
                        "the author posted less" if flagged else ""))
            lines.append(f"{name:18} {label:7} {len(group):7d} {'-':>12} {'-':>16} "
                         f"{alarms:>13}  {split}")
            for t in flagged[:examples]:
                s, f = by_account[t.account][0]
                shown.append(evidence("false alarm", t, s, f))
    unplanted = {a: fl for a, fl in by_account.items() if a not in target_of}
    people = sum(world.kind[a] == PERSON for a in unplanted)
    steps = Counter(s for fl in unplanted.values() for s, _ in fl)
    per_step = ", ".join(f"step {s}{' (wave)' if s == wave else ''}: {n}"
                         for s, n in sorted(steps.items()))
    lines.append(f"not targets: {sum(steps.values())} flags on {len(unplanted)} accounts "
                 f"({people} people, {len(unplanted) - people} fakes or old accounts)"
                 + (f"; {per_step}" if per_step else ""))
    for a, fl in list(unplanted.items())[:examples]:
        s, f = fl[0]
        shown.append(f"  not a target u{a}, step {s}: score {f.score:.2f}: {f.evidence}")
    precision = f"{correct / len(flags):.3f}" if flags else "n/a"
    lines.append(f"overall: {len(flags)} flags, precision {precision} (flags on bought targets "
                 f"in their window / all flags), recall {found_total / bought_total:.3f} "
                 f"({found_total}/{bought_total} bought targets)")
    return lines + (["evidence (posts in the window: the target's own, from the generator):"]
                    + shown if shown else [])


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=3)
    parser.add_argument("--accounts", type=int, default=100_000)
    parser.add_argument("--snapshots", type=int, default=5)
    parser.add_argument("--memory", default="4GB", help="DuckDB memory limit")
    parser.add_argument("--keep", type=Path, help="write the snapshots here and keep them")
    parser.add_argument("--examples", type=int, default=1,
                        help="evidence texts to print per scenario (false alarms, misses)")
    args = parser.parse_args(argv)
    if not 3 <= args.snapshots <= 13:
        parser.error("--snapshots: 3 to 13")
    role = "development" if args.seed in DEVELOPMENT_SEEDS else "report"
    print(f"seed {args.seed} ({role} seed)")
    times: dict[str, float] = {}

    def timed(name, work, *args):
        started = time.perf_counter()
        result = work(*args)
        times[name] = time.perf_counter() - started
        return result

    with tempfile.TemporaryDirectory(prefix="sitegen-audit-scenarios-") as scratch:
        folder = args.keep or Path(scratch)
        world, targets, wave, sizes = timed("generate and write", generate, args.accounts,
                                            args.snapshots, args.seed, folder)
        last = sizes[-1]
        print(f"{world.n:,} accounts ever, {last['accounts']:,} in the last of "
              f"{args.snapshots} snapshots with {last['follows']:,} follows, "
              f"{last['interactions']:,} interactions, {last['posts']:,} posts; "
              f"{len(targets)} targets; sign-up wave in step {wave}")
        db = open_db(args.memory)
        loaded = timed("load", load_series, folder, db)
        reports = timed("classify", analyze_series, loaded, AnalysisSettings())
        series = timed("series", analyze_changes, reports)
        flags = timed("audit", audit_followers, series)  # AuditRules() defaults
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
        for line in score(world, targets, flags, names, every, wave, args.examples, series.db):
            print(line)
        db.close()


if __name__ == "__main__":
    main(sys.argv[1:])

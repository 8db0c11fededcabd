"""Seeded synthetic social-network snapshots: the demo data, test data and benchmark input.

The generator plants the four ways of use that sitegen's analysis recognises, so that a
report built from its output has something to find:

* broadcasters post a lot, are followed by many and follow few, and never interact;
* reciprocators follow each other back and trade replies, reposts and mentions;
* consumers follow dozens of accounts and neither post nor interact;
* dormant accounts follow one or two accounts and do nothing else.

A series of monthly snapshots evolves: accounts change their way of use (some
reciprocators go dormant, some consumers start to reciprocate), new accounts join, a few
leave, follows churn. When there are at least two snapshots, one modest account (handle
``growthhacker``) buys followers: in one step it gains a block of brand-new, empty accounts
(default profile, no posts, following many, followed by none) while the replies and
reposts it receives stay flat.

Everything is vectorised with numpy (no Python loop over accounts or edges), and the CSV
files are formatted as byte matrices, so a million accounts with ten million follows take
seconds. The same seed and parameters give byte-identical files.

Usage::

    python scripts/generate_network.py --preset demo --out content/snapshots
    python scripts/generate_network.py --accounts 1000000 --follows 10000000 \\
        --interactions 5000000 --snapshots 1 --seed 1 --out bench/out/1m
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import numpy as np

# Ways of use, as planted (the analysis decides on its own; these are the intentions).
BROADCASTER, RECIPROCATOR, CONSUMER, DORMANT = range(4)
CLASS_NAMES = ("broadcaster", "reciprocator", "consumer", "dormant")

DAY = 86_400
WINDOW_DAYS = 30

# Transitions between snapshots: row = way of use now, column = way of use next month.
TRANSITIONS = np.array(
    [
        [0.960, 0.030, 0.005, 0.005],  # broadcaster
        [0.000, 0.860, 0.050, 0.090],  # reciprocator: some go quiet
        [0.000, 0.080, 0.870, 0.050],  # consumer: some start to reciprocate
        [0.000, 0.040, 0.080, 0.880],  # dormant
    ]
)
JOINER_MIX = (0.0, 0.25, 0.35, 0.40)  # new accounts are never broadcasters yet

# Whom a follow goes to, by the follower's way of use (columns: B, R, C, D).
FOLLOW_TARGETS = np.array(
    [
        [0.85, 0.15, 0.00, 0.00],  # broadcasters follow other popular accounts
        [0.55, 0.35, 0.10, 0.00],  # reciprocators (one-way follows, besides mutual ties)
        [0.60, 0.32, 0.08, 0.00],  # consumers
        [0.80, 0.20, 0.00, 0.00],  # dormant: the one or two accounts everyone follows
    ]
)

# Out-degree limits by way of use; an account outside them gets a new target degree.
DEGREE_LOW = np.array([1, 3, 10, 1])
DEGREE_HIGH = np.array([10, 1 << 40, 1 << 40, 2])

AGE_BANDS = ("18-24", "25-34", "35-49", "50-64", "65+")
AGE_BY_CLASS = np.array(
    [
        [0.10, 0.30, 0.35, 0.18, 0.07],
        [0.30, 0.35, 0.20, 0.10, 0.05],
        [0.20, 0.28, 0.25, 0.17, 0.10],
        [0.12, 0.20, 0.25, 0.23, 0.20],
    ]
)
GENDERS = ("f", "m", "x")
GENDER_SHARES = (0.48, 0.47, 0.05)
LIFE_STAGES = ("student", "working", "parent", "retired")
LIFE_BY_AGE = np.array(
    [
        [0.65, 0.30, 0.05, 0.00],
        [0.10, 0.60, 0.30, 0.00],
        [0.02, 0.50, 0.48, 0.00],
        [0.00, 0.55, 0.30, 0.15],
        [0.00, 0.10, 0.10, 0.80],
    ]
)

KINDS = ("reply", "repost", "quote", "mention", "like")
OPENING_KINDS = (0.50, 0.05, 0.10, 0.20, 0.15)  # first event of a conversation
ANSWER_KINDS = (0.80, 0.00, 0.05, 0.05, 0.10)  # the turns that follow
FAN_KINDS = (0.20, 0.30, 0.10, 0.00, 0.40)  # one-way, to a broadcaster

# Activity by hour of day (UTC) and by weekday (Monday first): evenings and weekdays busier.
HOURLY = np.array(
    [1, 0.6, 0.4, 0.3, 0.3, 0.5, 1, 2, 3, 3, 3, 3, 4, 3.5, 3, 3, 3.5, 4, 5, 6, 6.5, 6, 4, 2]
)
WEEKDAY = np.array([1.0, 1.05, 1.1, 1.1, 1.0, 0.75, 0.7])


def _words(text: str, sep: str | None = None) -> tuple[str, ...]:
    """A word list written as one string (keeps long lists compact)."""
    return tuple(text.split(sep))


FIRST_WORDS = _words(
    "amber arctic autumn bold brave bright calm cedar clever cobalt cosmic crimson daily "
    "dusty early electric emerald fuzzy gentle golden happy hidden humble indie iron jolly "
    "lazy little lucky lunar mellow misty modern noisy northern odd olive pixel plain quiet "
    "rapid rusty salty silent silver sleepy slow solar spicy stormy sunny swift tiny urban "
    "velvet wild windy wise"
)
SECOND_WORDS = _words(
    "badger baker beacon bear birch book brook cactus canvas cat coder comet cook crow "
    "cyclist dancer dog dreamer falcon fern fox garden gecko harbor hawk heron hiker island "
    "kettle lantern lark maker maple meadow moth notes otter owl panda pebble pilot planet "
    "poet quill raven reader river robin rocket sailor scout shore sparrow teapot tiger "
    "trail walker whale wolf writer"
)
FIRST_NAMES = _words(
    "Ada Alex Amira Ana Ben Carla Chen Dana David Elena Emma Farah Felix Grace Hana Igor "
    "Ines Jamal Jana Jonas Kai Kim Lara Leo Lina Luca Maja Marek Maria Mateo Mia Nadia Nico "
    "Noah Nora Omar Paula Priya Rafael Rosa Sam Sara Tariq Theo Tom Vera Yuki Zoe"
)
LAST_NAMES = _words(
    "Adler Alvarez Berg Brandt Costa Dubois Eriksen Fischer Garcia Haas Ivanova Jensen "
    "Kowalski Kim Lang Larsen Meyer Moreau Nakamura Novak Okafor Olsen Patel Petrov Quinn "
    "Rossi Schmidt Silva Sorensen Tanaka Torres Urban Vogel Wagner Weber Yilmaz Zimmer"
)
INTERESTS = _words(
    "coffee, cycling, open data, gardening, jazz, birdwatching, football, climate, maps, "
    "baking, chess, local news, photography, running, science, poetry, film, hiking, design, "
    "history, music, books, tea, trains",
    sep=", ",
)
ROLES = _words(
    "teacher, nurse, developer, student, journalist, designer, researcher, parent, "
    "retired engineer, librarian, cook, artist, farmer, organiser",
    sep=", ",
)

BUYER_HANDLE = "growthhacker"


@dataclass(frozen=True)
class NetworkParams:
    """What to generate. Sizes are those of the first snapshot; later ones scale with growth."""

    accounts: int = 1_000
    follows: int = 10_000
    interactions: int = 5_000
    posts: int | None = None  # None: as many posts per month as accounts
    snapshots: int = 1
    start: str = "2024-01"  # month of the first snapshot, taken on its first day
    network: str = "synthetic"
    mix: tuple[float, float, float, float] = (0.06, 0.32, 0.32, 0.30)  # B, R, C, D
    growth: float = 0.04  # accounts joining per step, as a share of accounts
    leave: float = 0.01  # accounts leaving per step
    churn: float = 0.04  # share of an active account's follows replaced per step
    buyer_followers: int = 300  # followers growthhacker buys (0: no buyer)
    bursty_share: float = 0.4  # broadcasters whose posts come in bursts

    @property
    def posts_per_month(self) -> int:
        """Posts in the first snapshot's window."""
        return self.accounts if self.posts is None else self.posts


PRESETS: dict[str, dict] = {
    "demo": dict(
        accounts=380,
        follows=4_200,
        interactions=2_000,
        posts=900,
        snapshots=4,
        start="2024-01",
        network="demo",
        buyer_followers=100,
    ),
}


@dataclass
class Population:
    """Every account that ever appears in the series, in id order (ids grow with age)."""

    created: np.ndarray  # seconds since the epoch
    joined: np.ndarray  # index of the first snapshot the account is in
    left: np.ndarray  # index of the first snapshot it is no longer in
    initial_class: np.ndarray
    popularity: np.ndarray  # weight as a follow target (0: nobody follows it on purpose)
    activity: np.ndarray  # weight for posting and starting conversations
    bursty: np.ndarray
    frozen: np.ndarray  # never changes class or leaves (the buyer's cast)
    bot: np.ndarray
    default_profile: np.ndarray
    age: np.ndarray
    gender: np.ndarray
    life: np.ndarray
    handle: np.ndarray  # bytes
    name: np.ndarray
    bio: np.ndarray
    profile_following: np.ndarray  # following_count of the profile; -1: the edges' count
    id_base: int = 0
    buyer: int = -1
    partners: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    fans: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    buy_step: int = -1

    @property
    def size(self) -> int:
        return len(self.created)

    def alive(self, step: int) -> np.ndarray:
        """Mask of the accounts present in snapshot ``step``."""
        return (self.joined <= step) & (self.left > step)


@dataclass
class SnapshotData:
    """One generated snapshot: account indices into the population and the edge tables."""

    taken: date
    network: str
    population: Population
    accounts: np.ndarray  # population indices, ascending (= id order)
    planted: np.ndarray  # planted way of use of each account in ``accounts``
    follow_src: np.ndarray
    follow_dst: np.ndarray
    follow_since: np.ndarray
    inter_src: np.ndarray
    inter_dst: np.ndarray
    inter_kind: np.ndarray
    inter_at: np.ndarray
    post_author: np.ndarray
    post_at: np.ndarray
    post_id: np.ndarray
    post_text: np.ndarray  # bytes: what each post says (see post_texts)
    # events fall in the 30 days before `taken`, bursts may begin a day earlier
    window_days: int = WINDOW_DAYS + 1

    @property
    def name(self) -> str:
        return self.taken.strftime("%Y-%m")


# --------------------------------------------------------------------------- small helpers


def month_starts(start: str, count: int) -> list[date]:
    """``count`` consecutive first days of months from ``start`` (YYYY-MM)."""
    year, month = (int(x) for x in start.split("-")[:2])
    days = []
    for i in range(count):
        y, m = divmod(month - 1 + i, 12)
        days.append(date(year + y, m + 1, 1))
    return days


def epoch(day: date) -> int:
    """Seconds since 1970-01-01 at the start of ``day`` (UTC)."""
    return int((day - date(1970, 1, 1)).days) * DAY


def pick(rng: np.random.Generator, shares, size: int) -> np.ndarray:
    """``size`` category indices drawn with the given shares."""
    shares = np.asarray(shares, float)
    return rng.choice(len(shares), size=size, p=shares / shares.sum()).astype(np.int8)


def pick_rows(rng: np.random.Generator, table: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """One category per element, drawn from the row of ``table`` that element selects."""
    cumulative = np.cumsum(table / table.sum(axis=1, keepdims=True), axis=1)
    u = rng.random(len(rows))
    picked = (u[:, None] >= cumulative[rows]).sum(axis=1)
    return np.minimum(picked, table.shape[1] - 1).astype(np.int8)


def weighted(
    rng: np.random.Generator, pool: np.ndarray, weights: np.ndarray, size: int
) -> np.ndarray:
    """``size`` draws from ``pool`` with probability proportional to ``weights``."""
    cumulative = np.cumsum(weights, dtype=np.float64)
    u = rng.random(size) * cumulative[-1]
    return pool[np.minimum(np.searchsorted(cumulative, u, side="right"), len(pool) - 1)]


def times_in_window(rng: np.random.Generator, size: int, end: int) -> np.ndarray:
    """Seconds in the 30 days before ``end``, busier on weekdays and in the evening."""
    start = end - WINDOW_DAYS * DAY
    days = np.arange(WINDOW_DAYS)
    weekday = ((start // DAY + days) + 3) % 7  # 1970-01-01 was a Thursday
    day = rng.choice(days, size=size, p=WEEKDAY[weekday] / WEEKDAY[weekday].sum())
    hour = rng.choice(24, size=size, p=HOURLY / HOURLY.sum())
    return start + day * DAY + hour * 3600 + rng.integers(0, 3600, size)


def ranks_within(groups: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """A random rank (0, 1, ...) of every element among the elements of its group."""
    order = np.lexsort((rng.random(len(groups)), groups))
    sorted_groups = groups[order]
    first = np.searchsorted(sorted_groups, sorted_groups, side="left")
    ranks = np.empty(len(groups), np.int64)
    ranks[order] = np.arange(len(groups)) - first
    return ranks


def edge_keys(src: np.ndarray, dst: np.ndarray, n: int) -> np.ndarray:
    """One int64 per directed edge, sorting like (src, dst)."""
    return src.astype(np.int64) * n + dst


def has_reverse(src: np.ndarray, dst: np.ndarray, n: int) -> np.ndarray:
    """Mask of edges whose reverse edge is also present (edges sorted by (src, dst))."""
    if not len(src):
        return np.zeros(0, bool)
    keys = edge_keys(src, dst, n)
    reverse = edge_keys(dst, src, n)
    order = np.argsort(reverse)  # sorted queries keep the binary searches cache-friendly
    queries = reverse[order]
    at = np.minimum(np.searchsorted(keys, queries), len(keys) - 1)
    found = np.empty(len(src), bool)
    found[order] = keys[at] == queries
    return found


# --------------------------------------------------------------------------- population


def plan_sizes(params: NetworkParams) -> tuple[list[int], list[int]]:
    """Accounts joining and leaving at each step (step 0: the initial accounts)."""
    joins, leaves, alive = [params.accounts], [0], params.accounts
    for _ in range(1, params.snapshots):
        joins.append(round(alive * params.growth))
        leaves.append(round(alive * params.leave))
        alive += joins[-1] - leaves[-1]
    return joins, leaves


def make_handles(rng: np.random.Generator, n: int, bots: np.ndarray) -> np.ndarray:
    """Lowercase word handles with digits, unique; bots get a name and eight digits."""
    first = np.array([w.encode() for w in FIRST_WORDS])
    second = np.array([w.encode() for w in SECOND_WORDS])
    given = np.array([w.lower().encode() for w in FIRST_NAMES])
    a = first[rng.integers(0, len(first), n)]
    b = second[rng.integers(0, len(second), n)]
    g = given[rng.integers(0, len(given), n)]
    digits = rng.integers(1, 10_000, n).astype("S4")
    pattern = rng.choice(4, size=n, p=(0.35, 0.30, 0.15, 0.20))
    pair = np.strings.add(a, b)
    handle = np.where(pattern == 0, pair, np.strings.add(pair, digits))
    handle = np.where(pattern == 2, np.strings.add(np.strings.add(a, b"_"), b), handle)
    handle = np.where(pattern == 3, np.strings.add(g, digits), handle)
    bot_digits = rng.integers(10_000_000, 100_000_000, n).astype("S8")
    handle = np.where(bots, np.strings.add(g, bot_digits), handle)
    return unique_handles(handle).astype("S32")


def unique_handles(handle: np.ndarray) -> np.ndarray:
    """Append the row number to every repeat of a handle, keeping the first as it is."""
    _, first = np.unique(handle, return_index=True)
    repeat = np.ones(len(handle), bool)
    repeat[first] = False
    suffix = np.arange(len(handle)).astype("S8")
    return np.where(repeat, np.strings.add(handle, suffix), handle)


def make_names(rng: np.random.Generator, n: int) -> np.ndarray:
    """'First Last' display names."""
    first = np.array([w.encode() for w in FIRST_NAMES])
    last = np.array([w.encode() for w in LAST_NAMES])
    name = np.strings.add(
        np.strings.add(first[rng.integers(0, len(first), n)], b" "),
        last[rng.integers(0, len(last), n)],
    )
    return name.astype("S32")


def make_bios(rng: np.random.Generator, n: int, empty: np.ndarray) -> np.ndarray:
    """'role; likes a and b' bios (no commas, so no CSV quoting), empty where asked."""
    roles = np.array([w.encode() for w in ROLES])
    interests = np.array([w.encode() for w in INTERESTS])
    likes = np.strings.add(
        np.strings.add(interests[rng.integers(0, len(interests), n)], b" and "),
        interests[rng.integers(0, len(interests), n)],
    )
    bio = np.strings.add(np.strings.add(roles[rng.integers(0, len(roles), n)], b"; likes "), likes)
    return np.where(empty, b"", bio).astype("S64")


def make_population(
    rng: np.random.Generator, params: NetworkParams, takens: list[date]
) -> Population:
    """All accounts of the series with their attributes, joining dates and planted roles."""
    joins, leaves = plan_sizes(params)
    wants_buyer = params.snapshots >= 2 and params.buyer_followers and params.accounts >= 20
    buy_step = params.snapshots // 2 if wants_buyer else -1
    bots_at = np.zeros(params.snapshots, np.int64)
    if buy_step > 0:  # never more bots than a quarter of the network
        bots_at[buy_step] = min(params.buyer_followers, max(params.accounts // 4, 1))
    batches = []
    for step, (organic, bots) in enumerate(zip(joins, bots_at)):
        end = epoch(takens[step])
        if step == 0:
            created = rng.integers(epoch(date(2010, 1, 1)), end - 60 * DAY, organic)
            classes = pick(rng, params.mix, organic)
        else:
            created = rng.integers(end - WINDOW_DAYS * DAY, end - DAY, organic)
            classes = pick(rng, JOINER_MIX, organic)
        bot_created = end - rng.integers(2 * DAY, 9 * DAY, bots)
        created = np.concatenate([created, bot_created])
        classes = np.concatenate([classes, np.full(bots, CONSUMER, np.int8)])
        is_bot = np.concatenate([np.zeros(organic, bool), np.ones(bots, bool)])
        order = np.argsort(created, kind="stable")
        batches.append((created[order], classes[order], is_bot[order], step))
    created = np.concatenate([b[0] for b in batches])
    classes = np.concatenate([b[1] for b in batches])
    bot = np.concatenate([b[2] for b in batches])
    joined = np.concatenate([np.full(len(b[0]), b[3], np.int16) for b in batches])
    n = len(created)
    popularity = rng.lognormal(0.0, 0.7, n) * np.array([8.0, 1.0, 0.3, 0.1])[classes]
    popularity[bot] = 0.0
    age = pick_rows(rng, AGE_BY_CLASS, classes)
    default_profile = rng.random(n) < np.array([0.01, 0.03, 0.12, 0.40])[classes]
    default_profile |= bot
    population = Population(
        created=created,
        joined=joined,
        left=np.full(n, params.snapshots, np.int16),
        initial_class=classes,
        popularity=popularity,
        activity=rng.lognormal(0.0, 0.8, n),
        bursty=rng.random(n) < np.where(classes == BROADCASTER, params.bursty_share, 0.08),
        frozen=bot.copy(),
        bot=bot,
        default_profile=default_profile,
        age=age,
        gender=pick(rng, GENDER_SHARES, n),
        life=pick_rows(rng, LIFE_BY_AGE, age),
        handle=make_handles(rng, n, bot),
        name=make_names(rng, n),
        bio=make_bios(rng, n, rng.random(n) < np.where(default_profile, 0.9, 0.25)),
        profile_following=np.where(bot, rng.integers(200, 1500, n), -1),
        id_base=10 ** max(6, len(str(n))),
        buy_step=buy_step,
    )
    _schedule_leavers(rng, population, leaves)
    if buy_step > 0:
        _cast_buyer(rng, population)
    return population


def _schedule_leavers(rng: np.random.Generator, pop: Population, leaves: list[int]) -> None:
    """Pick who leaves at each step among the accounts present then (not the frozen)."""
    for step, count in enumerate(leaves):
        if count:
            candidates = np.flatnonzero(pop.alive(step - 1) & ~pop.frozen & (pop.joined < step))
            gone = rng.choice(candidates, size=min(count, len(candidates)), replace=False)
            pop.left[gone] = step


def _cast_buyer(rng: np.random.Generator, pop: Population) -> None:
    """Choose the follower buyer, its conversation partners and its organic followers."""
    first = np.flatnonzero((pop.joined == 0) & (pop.left == pop.left.max()))
    recips = first[pop.initial_class[first] == RECIPROCATOR]
    if len(recips) < 5:  # a tiny network: cast its first accounts as reciprocators
        recips = first[:5]
        pop.initial_class[recips] = RECIPROCATOR
    others = first[np.isin(pop.initial_class[first], (RECIPROCATOR, CONSUMER))]
    buyer = recips[len(recips) // 2]
    partners = rng.choice(recips[recips != buyer], size=min(4, len(recips) - 1), replace=False)
    fans = rng.choice(others[others != buyer], size=min(30, len(others) - 1), replace=False)
    pop.buyer = int(buyer)
    pop.partners = np.sort(partners)
    pop.fans = np.union1d(fans, partners)
    for index in (buyer, *partners):
        pop.frozen[index] = True
        pop.left[index] = pop.left.max()
    pop.handle[buyer] = BUYER_HANDLE.encode()
    pop.name[buyer] = b"Growth Hacker"
    pop.bio[buyer] = b"10x your reach; DM for collabs"
    pop.popularity[buyer] = 0.0  # its followers are set by hand
    pop.bursty[buyer] = True


# --------------------------------------------------------------------------- follows


@dataclass
class Follows:
    """The follow graph between steps: edges sorted by (src, dst), with their start time."""

    src: np.ndarray
    dst: np.ndarray
    since: np.ndarray

    @classmethod
    def empty(cls) -> Follows:
        z = np.zeros(0, np.int64)
        return cls(z, z.copy(), z.copy())

    def keep(self, mask: np.ndarray) -> Follows:
        return Follows(self.src[mask], self.dst[mask], self.since[mask])

    def out_degree(self, n: int) -> np.ndarray:
        return np.bincount(self.src, minlength=n)


class FollowDrawer:
    """Draws follow targets for one step from the accounts present, by way of use."""

    def __init__(
        self,
        rng: np.random.Generator,
        pop: Population,
        classes: np.ndarray,
        alive: np.ndarray,
        step_end: int,
        step_start: int,
    ):
        self.rng, self.pop, self.classes = rng, pop, classes
        self.step_end, self.step_start = step_end, step_start
        self.pools = []
        for c in range(4):
            pool = np.flatnonzero(alive & (classes == c) & (pop.popularity > 0))
            self.pools.append((pool, pop.popularity[pool]))
        everyone = np.flatnonzero(alive & (pop.popularity > 0))
        self.fallback = (everyone, pop.popularity[everyone])

    def targets(self, target_class: np.ndarray) -> np.ndarray:
        """One popularity-weighted target per element, from the given way of use."""
        out = np.empty(len(target_class), np.int64)
        for c in range(4):
            where = np.flatnonzero(target_class == c)
            if not len(where):
                continue
            pool, weights = self.pools[c] if len(self.pools[c][0]) else self.fallback
            out[where] = weighted(self.rng, pool, weights, len(where))
        return out

    def one_way(self, sources: np.ndarray, counts: np.ndarray) -> Follows:
        """``counts[i]`` follows from ``sources[i]``, targets chosen by the source's class."""
        src = np.repeat(sources, counts)
        target_class = pick_rows(self.rng, FOLLOW_TARGETS, self.classes[src])
        return self.dated(src, self.targets(target_class))

    def anyone(self, sources: np.ndarray, counts: np.ndarray) -> Follows:
        """``counts[i]`` follows from ``sources[i]`` to accounts drawn uniformly."""
        src = np.repeat(sources, counts)
        everyone = self.fallback[0]
        return self.dated(src, everyone[self.rng.integers(0, len(everyone), len(src))])

    def mutual(self, sources: np.ndarray, counts: np.ndarray) -> Follows:
        """``counts[i]`` mutual ties between reciprocator ``sources[i]`` and others."""
        src = np.repeat(sources, counts)
        dst = self.targets(np.full(len(src), RECIPROCATOR))
        return self.dated(np.concatenate([src, dst]), np.concatenate([dst, src]))

    def dated(self, src: np.ndarray, dst: np.ndarray) -> Follows:
        """Edges with a start time after both accounts existed and before the snapshot."""
        low = np.maximum(np.maximum(self.pop.created[src], self.pop.created[dst]), self.step_start)
        low = np.minimum(low, self.step_end - 1)
        since = low + (self.rng.random(len(src)) * (self.step_end - low)).astype(np.int64)
        return Follows(src.astype(np.int64), dst.astype(np.int64), since)


def merge(n: int, *parts: Follows) -> Follows:
    """Union of edge sets without self-follows or duplicates (the earlier part's date wins)."""
    src = np.concatenate([p.src for p in parts])
    dst = np.concatenate([p.dst for p in parts])
    since = np.concatenate([p.since for p in parts])
    ok = src != dst
    keys = edge_keys(src[ok], dst[ok], n)
    _, first = np.unique(keys, return_index=True)
    return Follows(src[ok][first], dst[ok][first], since[ok][first])


def degree_scale(params: NetworkParams) -> float:
    """How far above their minimum the variable out-degrees go, to total ``params.follows``."""
    b, r, c, d = (params.accounts * s for s in params.mix)
    fixed = b * 4 + d * 1.4 + c * 10 + r * (2 + 2 * 1)
    variable = c * 14 + r * (5 + 2 * 3)
    wanted = params.follows * 0.97  # _top_up makes up the rest
    return max((wanted - fixed) / variable, 0.02)


def draw_degrees(rng: np.random.Generator, classes: np.ndarray, scale: float) -> np.ndarray:
    """A target out-degree (one-way follows) for accounts of the given ways of use."""
    n = len(classes)
    mean_c = 14 * scale
    consumer = 10 + rng.negative_binomial(2, 2 / (2 + mean_c), n)
    degrees = np.select(
        [classes == BROADCASTER, classes == RECIPROCATOR, classes == CONSUMER],
        [np.clip(1 + rng.poisson(3, n), 1, 10), 2 + rng.poisson(5 * scale, n), consumer],
        default=1 + (rng.random(n) < 0.4),
    )
    return degrees.astype(np.int64)


def evolve_follows(
    rng: np.random.Generator,
    pop: Population,
    params: NetworkParams,
    previous: Follows,
    before: np.ndarray,
    classes: np.ndarray,
    step: int,
    takens: list[date],
) -> Follows:
    """The follow graph of snapshot ``step`` from the one before and the new ways of use."""
    n, scale = pop.size, degree_scale(params)
    alive = pop.alive(step)
    end = epoch(takens[step])
    start = end - WINDOW_DAYS * DAY if step else 0
    drawer = FollowDrawer(rng, pop, classes, alive, end, start)
    graph = previous.keep(alive[previous.src] & alive[previous.dst])
    if step:
        graph, churned = _churn(rng, pop, graph, classes, params.churn)
    else:
        churned = Follows.empty()
    graph = _fit_degrees(rng, pop, graph, classes, alive, scale, drawer, step)
    if len(churned.src):
        sources, counts = np.unique(churned.src, return_counts=True)
        graph = merge(n, graph, drawer.one_way(sources, counts))
    fresh = alive & (classes == RECIPROCATOR) & (before != RECIPROCATOR) & ~pop.frozen
    sources = np.flatnonzero(fresh)
    graph = merge(n, graph, drawer.mutual(sources, 1 + rng.poisson(3 * scale, len(sources))))
    graph = _ensure_ties(rng, pop, graph, classes, alive, drawer)
    if step == 0:
        graph = _top_up(rng, pop, graph, classes, alive, drawer, params.follows)
    if pop.buyer >= 0:
        graph = _pin_buyer(pop, graph, drawer, step)
    return graph


def _churn(
    rng, pop: Population, graph: Follows, classes: np.ndarray, share: float
) -> tuple[Follows, Follows]:
    """Drop a share of the follows of active accounts; return what is kept and dropped."""
    active = (classes[graph.src] != DORMANT) & ~pop.frozen[graph.src]
    drop = active & (rng.random(len(graph.src)) < share)
    return graph.keep(~drop), graph.keep(drop)


def _fit_degrees(
    rng,
    pop: Population,
    graph: Follows,
    classes: np.ndarray,
    alive: np.ndarray,
    scale: float,
    drawer: FollowDrawer,
    step: int,
) -> Follows:
    """Trim or top up the out-degree of accounts outside their way of use's limits.

    Newcomers get a fresh target degree; the frozen cast (buyer, partners) is only topped up.
    Bought followers follow, inside this network, the buyer and up to three random accounts
    (their profile says they follow hundreds: the rest lies outside the data).
    """
    degree = graph.out_degree(pop.size)
    low, high = DEGREE_LOW[classes], DEGREE_HIGH[classes]
    new = pop.joined == step
    redo = alive & ~pop.frozen & ((degree < low) | (degree > high) | new)
    redo |= alive & pop.frozen & ~pop.bot & (degree < low)
    target = np.zeros(pop.size, np.int64)
    target[redo] = draw_degrees(rng, classes[redo], scale)
    too_many = redo & (degree > target)
    if too_many.any():
        limit = np.where(too_many, target, 1 << 40)
        graph = graph.keep(ranks_within(graph.src, rng) < limit[graph.src])
    grow = np.flatnonzero(redo & (degree < target))
    bots = np.flatnonzero(alive & pop.bot & new)
    graph = merge(
        pop.size,
        graph,
        drawer.one_way(grow, target[grow] - degree[grow]),
        drawer.anyone(bots, rng.integers(0, 4, len(bots))),
    )
    degree = graph.out_degree(pop.size)  # duplicates dropped: top up once more
    short = np.flatnonzero(redo & (degree < low))
    return merge(pop.size, graph, drawer.one_way(short, low[short] - degree[short] + 1))


def _top_up(
    rng,
    pop: Population,
    graph: Follows,
    classes: np.ndarray,
    alive: np.ndarray,
    drawer: FollowDrawer,
    wanted: int,
    rounds: int = 6,
) -> Follows:
    """Add follows from consumers and reciprocators until there are about ``wanted``.

    Degree targets aim a little low; duplicates (frequent in small networks, where everyone
    follows the same few broadcasters) are made up for here.
    """
    sources = np.flatnonzero(alive & np.isin(classes, (RECIPROCATOR, CONSUMER)) & ~pop.frozen)
    for _ in range(rounds):
        missing = wanted - len(graph.src)
        if missing <= wanted // 1000 or not len(sources):
            break
        src = weighted(rng, sources, pop.activity[sources], missing)
        picked, counts = np.unique(src, return_counts=True)
        graph = merge(pop.size, graph, drawer.one_way(picked, counts))
    return graph


def _ensure_ties(
    rng,
    pop: Population,
    graph: Follows,
    classes: np.ndarray,
    alive: np.ndarray,
    drawer: FollowDrawer,
    rounds: int = 3,
) -> Follows:
    """Give every reciprocator at least two mutual ties with other reciprocators."""
    recip = alive & (classes == RECIPROCATOR)
    for _ in range(rounds):
        both = recip[graph.src] & recip[graph.dst]
        src, dst = graph.src[both], graph.dst[both]
        ties = np.bincount(src[has_reverse(src, dst, pop.size)], minlength=pop.size)
        short = np.flatnonzero(recip & (ties < 2) & ~pop.frozen)
        if not len(short):
            break
        graph = merge(pop.size, graph, drawer.mutual(short, 2 - ties[short]))
    return graph


def _pin_buyer(pop: Population, graph: Follows, drawer: FollowDrawer, step: int) -> Follows:
    """growthhacker's followers are set by hand: its fans, its partners, and bought bots."""
    alive = pop.alive(step)
    wanted = np.zeros(pop.size, bool)
    wanted[pop.fans[alive[pop.fans]]] = True
    wanted |= pop.bot & alive
    graph = graph.keep((graph.dst != pop.buyer) | wanted[graph.src])
    followers = np.flatnonzero(wanted)
    into = drawer.dated(followers, np.full(len(followers), pop.buyer))
    bought = pop.joined[followers] == step
    into.since[bought] = pop.created[followers[bought]] + 3600
    out = drawer.dated(np.full(len(pop.partners), pop.buyer), pop.partners)
    return merge(pop.size, graph, into, out)


# --------------------------------------------------------------------------- activity


def transition(
    rng: np.random.Generator, pop: Population, classes: np.ndarray, step: int
) -> np.ndarray:
    """Ways of use at ``step``: newcomers take their own, others may move by TRANSITIONS."""
    new = classes.copy()
    moving = np.flatnonzero(pop.alive(step) & (pop.joined < step) & ~pop.frozen)
    new[moving] = pick_rows(rng, TRANSITIONS, classes[moving])
    joining = pop.joined == step
    new[joining] = pop.initial_class[joining]
    return new


@dataclass
class Events:
    """Interaction rows: who did what to whom, when."""

    src: np.ndarray
    dst: np.ndarray
    kind: np.ndarray
    at: np.ndarray

    @classmethod
    def empty(cls) -> Events:
        z = np.zeros(0, np.int64)
        return cls(z, z, z.astype(np.int8), z)

    @classmethod
    def concat(cls, parts: list[Events]) -> Events:
        return cls(
            *(np.concatenate([getattr(p, f) for p in parts]) for f in ("src", "dst", "kind", "at"))
        )


def conversations(
    rng: np.random.Generator,
    pop: Population,
    graph: Follows,
    classes: np.ndarray,
    alive: np.ndarray,
    budget: int,
    end: int,
) -> Events:
    """Threads between mutually following reciprocators, replies going back and forth.

    Every reciprocator starts at least one thread of three turns or more (so it gives two
    interactions or more); the rest of the budget goes to threads started by the more active.
    """
    recip = alive & (classes == RECIPROCATOR)
    if pop.buyer >= 0:
        recip[pop.buyer] = False  # its engagement is planted by buyer_events
    both = recip[graph.src] & recip[graph.dst]
    tie_src, tie_dst = graph.src[both], graph.dst[both]
    mutual = has_reverse(tie_src, tie_dst, pop.size)
    tie_src, tie_dst = tie_src[mutual], tie_dst[mutual]
    first = np.searchsorted(tie_src, np.arange(pop.size))
    count = np.bincount(tie_src, minlength=pop.size)
    talkers = np.flatnonzero(recip & (count > 0))
    base = 3 + rng.poisson(0.5, len(talkers))
    extra = max(round((budget - int(base.sum())) / 2.8), 0)
    starters = np.concatenate(
        [
            talkers,
            weighted(rng, talkers, pop.activity[talkers], extra) if len(talkers) else talkers[:0],
        ]
    )
    length = np.concatenate([base, 2 + rng.poisson(0.8, len(starters) - len(talkers))])
    partner = tie_dst[
        first[starters] + (rng.random(len(starters)) * count[starters]).astype(np.int64)
    ]
    begins = np.cumsum(length) - length  # index of each thread's first turn
    turn = np.arange(length.sum()) - np.repeat(begins, length)
    a, b = np.repeat(starters, length), np.repeat(partner, length)
    src, dst = np.where(turn % 2 == 0, a, b), np.where(turn % 2 == 0, b, a)
    kind = np.where(
        turn == 0, pick(rng, OPENING_KINDS, len(src)), pick(rng, ANSWER_KINDS, len(src))
    )
    gaps = rng.exponential(2400, len(src)).astype(np.int64) * (turn > 0)
    elapsed = np.cumsum(gaps)
    if len(src):
        elapsed -= np.repeat(elapsed[begins], length)
    at = np.repeat(times_in_window(rng, len(starters), end), length) + elapsed
    return Events(src, dst, kind.astype(np.int8), np.minimum(at, end - 1))


def fan_events(
    rng: np.random.Generator,
    pop: Population,
    classes: np.ndarray,
    alive: np.ndarray,
    budget: int,
    end: int,
) -> Events:
    """One-way likes, reposts and replies from reciprocators to two favourite broadcasters."""
    fans = np.flatnonzero(alive & (classes == RECIPROCATOR) & ~pop.frozen)
    stars = np.flatnonzero(alive & (classes == BROADCASTER) & (pop.popularity > 0))
    if not len(fans) or not len(stars) or budget <= 0:
        return Events.empty()
    favourite = weighted(rng, stars, pop.popularity[stars], 2 * pop.size).reshape(-1, 2)
    src = weighted(rng, fans, pop.activity[fans], budget)
    dst = favourite[src, rng.integers(0, 2, budget)]
    kind = pick(rng, FAN_KINDS, budget)
    return Events(src, dst, kind, times_in_window(rng, budget, end))


def buyer_events(rng: np.random.Generator, pop: Population, end: int) -> Events:
    """growthhacker's engagement: about the same replies and reposts every month."""
    if pop.buyer < 0:
        return Events.empty()
    replies_in, reposts_in, replies_out = (
        10 + rng.integers(-1, 2),
        4 + rng.integers(-1, 2),
        9 + rng.integers(-1, 2),
    )
    inbound = replies_in + reposts_in
    partners_in = pop.partners[rng.integers(0, len(pop.partners), inbound)]
    partners_out = pop.partners[rng.integers(0, len(pop.partners), replies_out)]
    src = np.concatenate([partners_in, np.full(replies_out, pop.buyer)])
    dst = np.concatenate([np.full(inbound, pop.buyer), partners_out])
    kind = np.concatenate([np.zeros(replies_in), np.ones(reposts_in), np.zeros(replies_out)])
    return Events(src, dst, kind.astype(np.int8), times_in_window(rng, len(src), end))


def draw_posts(
    rng: np.random.Generator,
    pop: Population,
    classes: np.ndarray,
    alive: np.ndarray,
    budget: int,
    end: int,
) -> tuple[np.ndarray, np.ndarray]:
    """Posts of the month: broadcasters many, reciprocators a few, some in bursts."""
    recips = np.flatnonzero(alive & (classes == RECIPROCATOR))
    stars = np.flatnonzero(alive & (classes == BROADCASTER))
    per_recip = 1 + rng.poisson(1.0, len(recips))
    if pop.buyer >= 0:
        per_recip[recips == pop.buyer] = 20 + rng.integers(-2, 3)
    rest = max(budget - int(per_recip.sum()) - 3 * len(stars), 0)
    per_star = np.full(len(stars), 3, np.int64)
    if len(stars):
        prolific = weighted(rng, np.arange(len(stars)), pop.activity[stars] ** 2, rest)
        per_star += np.bincount(prolific, minlength=len(stars))
    authors = np.concatenate([recips, stars])
    counts = np.concatenate([per_recip, per_star]).astype(np.int64)
    author = np.repeat(authors, counts)
    at = times_in_window(rng, len(author), end)
    burst = pop.bursty[author]
    centres = times_in_window(rng, 3 * pop.size, end - DAY).reshape(-1, 3)
    chosen = centres[author, rng.integers(0, 3, len(author))]
    at_burst = chosen + rng.exponential(1500, len(author)).astype(np.int64)
    at = np.where(burst, np.minimum(at_burst, end - 1), at)
    return author, at


# What posts say, by purpose (docs/method.md, "What posts are for"). Texts have no commas or
# quotes (they are written to CSV as they are); {h} is another account's handle, {w} a word.
PROMOTIONAL = _words(
    "Spring sale: 20% off all prints this week - link in bio|New stock is in! DM to order|"
    "Use code {w}10 for free shipping|Get 1000 real followers fast - link in bio|"
    "Tickets from £12 at the door|Order now for delivery by Friday|"
    "Giveaway! Follow and RT to win a {w} tote bag|Check out my channel: new video every Friday",
    "|")
CONVERSATIONAL = _words(
    "@{h} thanks for the tip!|@{h} see you at the market|Does anyone know when the library "
    "reopens?|Congrats to the {w} team!|Thank you all for coming yesterday|@{h} good point - "
    "I agree|Who else is going to the {w} fair on Saturday?|Lovely walk with @{h} this morning",
    "|")
OTHER = _words(
    "Council meeting tonight at seven: agenda online|Road works on {w} street until Friday|"
    "Photos from the {w} festival|Weather: {w} and mild all week|"
    "Our {w} walk starts at ten on Saturday|The {w} bridge reopens next month", "|")
# share of promotional, conversational and other posts by the author's way of use
PURPOSE_MIX = {BROADCASTER: (0.25, 0.05, 0.70), RECIPROCATOR: (0.05, 0.60, 0.35),
               CONSUMER: (0.05, 0.45, 0.50), DORMANT: (0.0, 0.3, 0.7)}


def post_texts(
    rng: np.random.Generator, pop: Population, classes: np.ndarray, author: np.ndarray
) -> np.ndarray:
    """A text for each post, of a purpose drawn from its author's way of use (the buyer
    mostly sells)."""
    handles = [h.decode() for h in pop.handle]
    out = []
    for a in author.tolist():
        mix = (0.8, 0.1, 0.1) if a == pop.buyer else PURPOSE_MIX[int(classes[a])]
        pool = (PROMOTIONAL, CONVERSATIONAL, OTHER)[rng.choice(3, p=mix)]
        template = pool[rng.integers(len(pool))]
        out.append(template.format(h=handles[rng.integers(len(handles))],
                                   w=FIRST_WORDS[rng.integers(len(FIRST_WORDS))]).encode())
    return np.array(out, dtype=object)


# --------------------------------------------------------------------------- the series


def scaled(value: int, alive: int, params: NetworkParams) -> int:
    """A first-snapshot size scaled to the number of accounts present now."""
    return round(value * alive / max(params.accounts, 1))


def generate_series(params: NetworkParams, seed: int) -> list[SnapshotData]:
    """Generate every snapshot of the series (oldest first) from one seeded generator."""
    return list(iter_series(params, seed))


def iter_series(params: NetworkParams, seed: int) -> Iterator[SnapshotData]:
    """Like ``generate_series`` but yields each snapshot as soon as it is made."""
    rng = np.random.default_rng(seed)
    takens = month_starts(params.start, params.snapshots)
    pop = make_population(rng, params, takens)
    classes = pop.initial_class.copy()
    before = np.full(pop.size, -1, np.int8)
    graph = Follows.empty()
    post_ids = 0
    for step, taken in enumerate(takens):
        if step:
            before = classes
            classes = transition(rng, pop, classes, step)
        alive = pop.alive(step)
        graph = evolve_follows(rng, pop, params, graph, before, classes, step, takens)
        end, present = epoch(taken), int((alive & ~pop.bot).sum())
        budget = scaled(params.interactions, present, params)
        mine = buyer_events(rng, pop, end)
        talk = conversations(
            rng, pop, graph, classes, alive, round((budget - len(mine.src)) * 0.7), end
        )
        fans = fan_events(rng, pop, classes, alive, budget - len(mine.src) - len(talk.src), end)
        events = Events.concat([talk, fans, mine])
        author, at = draw_posts(
            rng, pop, classes, alive, scaled(params.posts_per_month, present, params), end
        )
        texts = post_texts(np.random.default_rng([seed, 7919, step]), pop, classes, author)
        snapshot = _assemble(taken, step, params, pop, classes, graph, events, author, at,
                             post_ids, texts)
        post_ids += len(author)
        yield snapshot


def _assemble(
    taken: date,
    step: int,
    params: NetworkParams,
    pop: Population,
    classes: np.ndarray,
    graph: Follows,
    events: Events,
    author: np.ndarray,
    at: np.ndarray,
    post_offset: int,
    texts: np.ndarray,
) -> SnapshotData:
    """Sort every table deterministically and wrap it as a SnapshotData."""
    accounts = np.flatnonzero(pop.alive(step))
    order = np.lexsort((events.at, edge_keys(events.src, events.dst, pop.size)))
    by_time = np.lexsort((author, at))
    post_id = np.empty(len(author), np.int64)
    post_id[by_time] = post_offset + np.arange(len(author))
    posts = np.lexsort((at, author))
    return SnapshotData(
        taken=taken,
        network=params.network,
        population=pop,
        accounts=accounts,
        planted=classes[accounts],
        follow_src=graph.src,
        follow_dst=graph.dst,
        follow_since=graph.since,
        inter_src=events.src[order],
        inter_dst=events.dst[order],
        inter_kind=events.kind[order],
        inter_at=events.at[order],
        post_author=author[posts],
        post_at=at[posts],
        post_id=post_id[posts],
        post_text=texts[posts],
    )


# --------------------------------------------------------------------------- CSV output

Column = tuple[str, Callable[[slice], np.ndarray]]


def digits(values: np.ndarray, width: int, zero_pad: bool = False) -> np.ndarray:
    """Decimal digits of non-negative integers as a (n, width) byte block.

    Leading zeros become NUL bytes (dropped when the row is written) unless ``zero_pad``.
    """
    v = np.asarray(values, np.int64).copy()
    out = np.empty((len(v), width), np.uint8)
    for col in range(width - 1, -1, -1):
        v, rest = np.divmod(v, 10)
        out[:, col] = rest + 48
    if not zero_pad and width > 1:
        powers = 10 ** np.arange(width - 1, 0, -1, dtype=np.int64)
        out[:, :-1][np.asarray(values)[:, None] < powers[None, :]] = 0
    return out


def text(values: np.ndarray) -> np.ndarray:
    """Byte strings as a (n, itemsize) block, NUL-padded."""
    values = np.ascontiguousarray(values)
    width = max(values.dtype.itemsize, 1)
    return (
        values.view(np.uint8).reshape(len(values), width)
        if len(values)
        else np.zeros((0, width), np.uint8)
    )


def constant(n: int, value: bytes) -> np.ndarray:
    """The same bytes in every row."""
    return np.tile(np.frombuffer(value, np.uint8), (n, 1))


def timestamps(seconds: np.ndarray, with_time: bool = True) -> np.ndarray:
    """ISO dates (YYYY-MM-DD) or date-times (YYYY-MM-DDTHH:MM:SS) as byte blocks."""
    seconds = np.asarray(seconds, np.int64)
    day = (seconds // DAY).astype("datetime64[D]")
    month = day.astype("datetime64[M]")
    year = month.astype("datetime64[Y]")
    n = len(seconds)
    parts = [
        digits(year.astype(np.int64) + 1970, 4, True),
        constant(n, b"-"),
        digits((month - year.astype("datetime64[M]")).astype(np.int64) + 1, 2, True),
        constant(n, b"-"),
        digits((day - month.astype("datetime64[D]")).astype(np.int64) + 1, 2, True),
    ]
    if with_time:
        clock = seconds % DAY
        parts += [
            constant(n, b"T"),
            digits(clock // 3600, 2, True),
            constant(n, b":"),
            digits(clock // 60 % 60, 2, True),
            constant(n, b":"),
            digits(clock % 60, 2, True),
        ]
    return np.hstack(parts)


def write_csv(path: Path, columns: list[Column], rows: int, chunk: int = 1 << 19) -> None:
    """Write a header and ``rows`` rows, formatting ``chunk`` rows at a time."""
    with path.open("wb") as handle:
        handle.write((",".join(name for name, _ in columns) + "\n").encode())
        for start in range(0, rows, chunk):
            part = slice(start, min(start + chunk, rows))
            n = part.stop - part.start
            blocks = []
            for i, (_, block) in enumerate(columns):
                blocks.append(block(part))
                blocks.append(constant(n, b"\n" if i == len(columns) - 1 else b","))
            flat = np.hstack(blocks).ravel()
            handle.write(flat[flat != 0].tobytes())


def write_snapshot(folder: Path, snap: SnapshotData) -> None:
    """Write one snapshot as snapshot.yml and the four CSV tables into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "snapshot.yml").write_text(
        f"taken: {snap.taken.isoformat()}\nnetwork: {snap.network}\n"
        f"window_days: {snap.window_days}\n",
        encoding="utf-8",
    )
    pop, width = snap.population, len(str(snap.population.id_base))

    def ids(indices: np.ndarray) -> np.ndarray:
        return digits(indices + pop.id_base, width, True)

    _write_accounts(folder / "accounts.csv", snap, ids)
    write_csv(
        folder / "follows.csv",
        [
            ("follower", lambda s: ids(snap.follow_src[s])),
            ("followed", lambda s: ids(snap.follow_dst[s])),
            ("since", lambda s: timestamps(snap.follow_since[s], with_time=False)),
        ],
        len(snap.follow_src),
    )
    kinds = np.array([k.encode() for k in KINDS])
    write_csv(
        folder / "interactions.csv",
        [
            ("source", lambda s: ids(snap.inter_src[s])),
            ("target", lambda s: ids(snap.inter_dst[s])),
            ("kind", lambda s: text(kinds[snap.inter_kind[s]])),
            ("at", lambda s: timestamps(snap.inter_at[s])),
        ],
        len(snap.inter_src),
    )
    write_csv(
        folder / "posts.csv",
        [
            ("author", lambda s: ids(snap.post_author[s])),
            ("at", lambda s: timestamps(snap.post_at[s])),
            ("id", lambda s: digits(snap.post_id[s] + 10**11, 12, True)),
            ("text", lambda s: text(snap.post_text[s].astype(bytes))),
        ],
        len(snap.post_author),
    )


def _write_accounts(path: Path, snap: SnapshotData, ids: Callable) -> None:
    """accounts.csv: profile, counts and attributes.

    Counts equal the edges in the files, except the following count of bought followers,
    whose profiles follow hundreds of accounts mostly outside the data.
    """
    pop, accounts = snap.population, snap.accounts
    followers = np.bincount(snap.follow_dst, minlength=pop.size)[accounts]
    following = np.bincount(snap.follow_src, minlength=pop.size)[accounts]
    profile = pop.profile_following[accounts]
    following = np.where(profile >= 0, profile, following)
    posts = np.bincount(snap.post_author, minlength=pop.size)[accounts]
    width = len(
        str(
            max(
                pop.size,
                int(following.max(initial=0)),
                int(followers.max(initial=0)),
                int(posts.max(initial=0)),
            )
        )
    )
    labels = {
        name: np.array([v.encode() for v in values])
        for name, values in (("age", AGE_BANDS), ("gender", GENDERS), ("life", LIFE_STAGES))
    }
    flags = np.array([b"false", b"true"])
    write_csv(
        path,
        [
            ("id", lambda s: ids(accounts[s])),
            ("handle", lambda s: text(pop.handle[accounts[s]])),
            ("name", lambda s: text(pop.name[accounts[s]])),
            ("bio", lambda s: text(pop.bio[accounts[s]])),
            ("created_at", lambda s: timestamps(pop.created[accounts[s]])),
            ("followers_count", lambda s: digits(followers[s], width)),
            ("following_count", lambda s: digits(following[s], width)),
            ("posts_count", lambda s: digits(posts[s], width)),
            (
                "default_profile",
                lambda s: text(flags[pop.default_profile[accounts[s]].astype(int)]),
            ),
            ("age_band", lambda s: text(labels["age"][pop.age[accounts[s]]])),
            ("gender", lambda s: text(labels["gender"][pop.gender[accounts[s]]])),
            ("life_stage", lambda s: text(labels["life"][pop.life[accounts[s]]])),
        ],
        len(accounts),
    )


def write_series(
    out: Path, params: NetworkParams, seed: int, log: Callable[[str], None] = lambda _: None
) -> list[Path]:
    """Generate and write every snapshot under ``out/YYYY-MM/``; return the folders."""
    folders = []
    for snap in iter_series(params, seed):
        folder = out / snap.name
        write_snapshot(folder, snap)
        folders.append(folder)
        log(
            f"{folder}: {len(snap.accounts):,} accounts, {len(snap.follow_src):,} follows, "
            f"{len(snap.inter_src):,} interactions, {len(snap.post_author):,} posts"
        )
    return folders


# --------------------------------------------------------------------------- command line


def parse_args(argv: list[str] | None = None) -> tuple[NetworkParams, int, Path, bool]:
    """Parameters from the command line; a preset supplies defaults that options override."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--preset", choices=sorted(PRESETS), help="named set of parameters")
    parser.add_argument("--accounts", type=int, help="accounts in the first snapshot")
    parser.add_argument("--follows", type=int, help="follows in the first snapshot")
    parser.add_argument("--interactions", type=int, help="interactions in the first snapshot")
    parser.add_argument(
        "--posts", type=int, help="posts in the first snapshot (default: as many as accounts)"
    )
    parser.add_argument("--snapshots", type=int, help="monthly snapshots (default 1)")
    parser.add_argument("--start", help="month of the first snapshot, YYYY-MM")
    parser.add_argument("--network", help="network name written to snapshot.yml")
    parser.add_argument(
        "--buyer-followers",
        type=int,
        help="followers growthhacker buys (needs 2+ snapshots; 0: none)",
    )
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--out", type=Path, required=True, help="folder to write into")
    parser.add_argument("--quiet", action="store_true", help="print nothing")
    args = parser.parse_args(argv)
    values = dict(PRESETS[args.preset]) if args.preset else {}
    for f in dataclasses.fields(NetworkParams):
        given = getattr(args, f.name, None)
        if given is not None:
            values[f.name] = given
    params = NetworkParams(**values)
    if min(params.accounts, params.snapshots) < 1 or min(params.follows, params.interactions) < 0:
        parser.error("sizes must be positive")
    return params, args.seed, args.out, args.quiet


def main(argv: list[str] | None = None) -> int:
    """Generate a series and write it; report sizes and time on stderr."""
    params, seed, out, quiet = parse_args(argv)
    started = time.perf_counter()

    def log(message: str) -> None:
        if not quiet:
            print(message, file=sys.stderr)

    write_series(out, params, seed, log)
    log(f"generated in {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())

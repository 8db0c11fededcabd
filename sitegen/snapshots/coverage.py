"""What a snapshot measures: which tables and columns it holds, and which rows counted.

Every figure sitegen reports needs some of this data. A figure whose data the snapshot does not
hold is *not measured* (null), never 0: a snapshot without a posts table says nothing about
posting, one without follows says nothing about who follows whom. ``docs/method.md`` ("What
each kind of snapshot can tell") lists which figures and classes each kind of data allows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

PROFILE_COUNTS = ("followers_count", "following_count", "posts_count")


@dataclass(frozen=True)
class Window:
    """The days a snapshot's timed posts and interactions must fall in (both ends included)."""

    start: date
    end: date
    days: int

    @classmethod
    def ending(cls, taken: date, days: int) -> Window:
        return cls(taken - timedelta(days=days), taken, days)


OBSERVED_CHOICES = {"follows": ("all", "owners", "following", "followers"),
                    "interactions": ("all", "given"), "posts": ("all", "owners")}


@dataclass(frozen=True)
class Observed:
    """What a one-sided export saw (``observed:`` in snapshot.yml): a personal archive holds
    its owners' ties and actions, not the strangers'. ``follows: owners``: only the owners'
    followers and following are known (``following``, ``followers``: only that side);
    ``interactions: given``: only what the owners did;
    ``posts: owners``: only the owners' posts."""

    owners: tuple[str, ...] = ()
    follows: str = "all"
    interactions: str = "all"
    posts: str = "all"

    def document(self) -> dict | None:
        if not self.owners:
            return None
        return {"owners": sorted(set(self.owners)), "follows": self.follows,
                "interactions": self.interactions, "posts": self.posts}


# what a snapshot may see of the tables it shares with another, in the order differences
# name them (a collection of the whole network sees all; a one-sided export, part)
SEEN_PARTS = ("the owners' followers", "the owners' following", "follows among others",
              "interactions others gave", "posts of others")

# a difference of two snapshots that is not a thing one holds and the other lacks
WINDOWS_DIFFER = "windows of different lengths"


# windows count as alike up to this ratio of their lengths: calendar months (28 to 31 days,
# 1.11) and imports whose window is the span of their data (25 and 26 days) are compared; a
# week against a month (4.3) or a day against a month is not
WINDOW_RATIO = 1.25


def _alike(days: int | None, other: int | None) -> bool:
    """Two windows' lengths close enough to compare what was counted in them (none: alike
    only to none)."""
    if days is None or other is None:
        return days == other
    return max(days, other) <= WINDOW_RATIO * min(days, other)


def differences_text(differences) -> str:
    """Two snapshots' ``Coverage.differences`` in words: what one holds and the other does
    not ("posts, interactions in one only"), and windows of different lengths."""
    held = [d for d in differences if d != WINDOWS_DIFFER]
    return "; ".join([*([f"{', '.join(held)} in one only"] if held else []),
                      *([WINDOWS_DIFFER] if WINDOWS_DIFFER in differences else [])])


# why a snapshot whose follow ties have no direction (``ties: undirected``) measures no
# followers, following, reciprocity or audience from them
UNDIRECTED = ("the follow ties have no direction (an undirected tie says that two accounts "
              "are connected, not who follows whom)")
TIES_CHOICES = ("directed", "undirected")


# the observed.follows values under which follow edges measure each side
EDGE_SIDES = {"followers": ("all", "owners", "followers"),
              "following": ("all", "owners", "following"), "both": ("all", "owners")}


def follows_claim(lists: dict[str, set[str]]) -> str | None:
    """``observed.follows`` for the follow lists an export holds of each of its owners
    (owner -> a set of ``followers``, ``following``): one side is claimed only where every
    owner's list of it is held (a following list of some owners alone is not used for any
    owner's following); None when no claim fits (one owner's followers list is missing and
    another's following list: either claim would read the missing one as empty). No lists at
    all: ``following`` (no follows table is made then: the claim says nothing)."""
    if not lists:
        return "following"
    followers = all("followers" in held for held in lists.values())
    following = all("following" in held for held in lists.values())
    if not (followers or following):
        return None
    return "owners" if followers and following else "followers" if followers else "following"


def unclaimable(lists: dict[str, set[str]]) -> str:
    """The error when ``follows_claim`` finds no claim: which owners lack which list."""
    missing = "; ".join(f"{owner} has no {side} list"
                        for owner, held in sorted(lists.items())
                        for side in ("followers", "following") if side not in held)
    return (f"the owners' follow lists differ ({missing}): no one account of what the "
            "snapshot measures fits them all")


@dataclass(frozen=True)
class EventCoverage:
    """Rows of posts or interactions: kept with a time, kept undated, and left out."""

    measured: bool = False  # the snapshot has the table
    timed: int = 0  # rows kept, with a date (or date and time) inside the window
    with_time_of_day: int = 0  # of those, rows whose value has a time of day, not a date only
    undated: int = 0  # rows kept without a date: counted, but in no window or rhythm
    outside_window: int = 0  # rows dated outside the window: left out
    duplicates: int = 0  # rows repeating an earlier id (posts only): left out
    with_text: int = 0  # rows kept with a text (posts only): what post purposes are read from


@dataclass(frozen=True)
class Coverage:
    """What one snapshot holds; ``docs/analysis-json.md`` defines each key."""

    follows: bool = False  # a follow graph (follows table) was given
    profile_counts: tuple[str, ...] = ()  # profile columns with at least one value
    posts: EventCoverage = field(default_factory=EventCoverage)
    interactions: EventCoverage = field(default_factory=EventCoverage)
    interaction_kinds: tuple[str, ...] = ()  # kinds with at least one row kept
    attributes: tuple[str, ...] = ()
    window: Window | None = None  # None: the snapshot has no date, nothing is filtered
    observed: Observed | None = None  # None: a collection of the whole network
    undirected: bool = False  # the follow ties have no direction (``ties: undirected``)

    @property
    def activity(self) -> bool:
        """Posts or interactions given are measured."""
        return self.posts.measured or self.interactions.measured

    def edges_show(self, side: str) -> bool:
        """The follow edges measure ``side`` (``followers``, ``following`` or ``both``): a
        one-sided export measures only the side its ``observed.follows`` names, for its
        owners; ties without direction measure no side (only who is connected)."""
        return self.follows and not self.undirected and (self.observed is None
                                 or self.observed.follows in EDGE_SIDES[side])

    @property
    def followers_seen(self) -> bool:
        """Followers are measured (for the owners of a one-sided export that saw them)."""
        return "followers_count" in self.profile_counts or self.edges_show("followers")

    @property
    def follow_ties_seen(self) -> bool:
        """Follows both ways are measured: follow reciprocity (a one-sided export that saw
        one side of its owners' follows does not measure it)."""
        return self.edges_show("both")

    @property
    def following_seen(self) -> bool:
        """Whom accounts follow is measured (for the owners of a one-sided export that saw it)."""
        return "following_count" in self.profile_counts or self.edges_show("following")

    @property
    def ties_seen(self) -> bool:
        """Who is tied to whom, either way, is measured (the ties of each account, the
        network's ties): follows of the whole network, with a direction or without."""
        return self.follows and self.observed is None

    @property
    def ties(self) -> str | None:
        """``ties`` of the JSON coverage: directed, undirected, or None without follows."""
        return TIES_CHOICES[self.undirected] if self.follows else None

    @property
    def received_seen(self) -> bool:
        """Interactions received are measured (a one-sided export of what was given: not)."""
        return self.interactions.measured and (self.observed is None
                                               or self.observed.interactions == "all")

    def audience(self, column: str) -> str | None:
        """Where followers (or following) come from: profile, edges, both, or None (edges
        only where they measure that side: a one-sided export may hold one side alone)."""
        profile = column in self.profile_counts
        edges = self.edges_show(column.removesuffix("_count"))
        if profile and edges:
            return "profile, else edges"
        return "profile" if profile else "edges" if edges else None

    def follow_gap(self, needs: str) -> str:
        """Why a chart needing ``needs`` ("ties": follows both ways; "audience": followers
        and following) is not drawn, in words ending a sentence."""
        if self.follows and self.undirected:
            return f"it needs follows with a direction, and {UNDIRECTED}"
        seen = self.observed.follows if self.follows and self.observed is not None else None
        if seen in ("followers", "following"):
            return (f"this one-sided snapshot measures only its owners' {seen}")
        if needs == "ties":
            return "it needs follow edges, and this snapshot has none"
        return ("it needs follow edges, or followers and following counts in the profiles, "
                "and this snapshot has neither")

    def signature(self) -> tuple:
        """What must be equal for two snapshots to be compared: the kinds of data held."""
        return (self.ties, self.profile_counts, self.posts.measured,
                self.interactions.measured)

    def differences(self, other: Coverage) -> list[str]:
        """In words, what one of two snapshots measures and the other does not."""
        found = []
        for name, mine, theirs in (
            ("follow edges", self.follows, other.follows),
            ("posts", self.posts.measured, other.posts.measured),
            ("interactions", self.interactions.measured, other.interactions.measured),
        ):
            if mine != theirs:
                found.append(name)
        if self.follows and other.follows and self.undirected != other.undirected:
            found.append("follow ties without direction")  # followers would read as gone
        for column in PROFILE_COUNTS:
            if (column in self.profile_counts) != (column in other.profile_counts):
                found.append(f"profile {column}")
        # what a one-sided export saw of a table both hold (an archive without its followers
        # list beside one with it: its followers would read as gone)
        mine, theirs = self._seen(other), other._seen(self)
        found += [part for part in SEEN_PARTS if (part in mine) != (part in theirs)]
        # dated posts and interactions counted over windows of different lengths (a month
        # against a day: every account's activity and engagement would read as fallen)
        if (self.dated or other.dated) and not _alike(self.window_days, other.window_days):
            found.append(WINDOWS_DIFFER)
        return found

    @property
    def dated(self) -> bool:
        """Some posts or interactions are dated: the window decides which of them count."""
        return any(e.timed or e.outside_window for e in (self.posts, self.interactions))

    @property
    def window_days(self) -> int | None:
        return None if self.window is None else self.window.days

    def _seen(self, other: Coverage) -> set[str]:
        """The parts of the tables it shares with ``other`` that this snapshot saw."""
        observed = self.observed or Observed()
        seen = set()
        if self.follows and other.follows:
            sides = {"the owners' followers": observed.follows in EDGE_SIDES["followers"],
                     "the owners' following": observed.follows in EDGE_SIDES["following"],
                     "follows among others": observed.follows == "all"}
            seen |= {part for part, held in sides.items() if held}
        if self.interactions.measured and other.interactions.measured \
                and observed.interactions == "all":
            seen.add("interactions others gave")
        if self.posts.measured and other.posts.measured and observed.posts == "all":
            seen.add("posts of others")
        return seen

    def document(self) -> dict:
        """The ``coverage`` object of ``analyze --format json``."""
        def events(e: EventCoverage) -> dict:
            return {"measured": e.measured, "timed": e.timed if e.measured else None,
                    "with_time_of_day": e.with_time_of_day if e.measured else None,
                    "undated": e.undated if e.measured else None,
                    "outside_window": e.outside_window if e.measured else None}

        posts = events(self.posts)
        posts["duplicates"] = self.posts.duplicates if self.posts.measured else None
        posts["with_text"] = self.posts.with_text if self.posts.measured else None
        interactions = events(self.interactions)
        interactions["kinds"] = list(self.interaction_kinds) if self.interactions.measured \
            else None
        window = None if self.window is None else {
            "from": self.window.start.isoformat(), "to": self.window.end.isoformat(),
            "days": self.window.days}
        return {
            "follows": self.follows,
            "ties": self.ties,
            "profile_counts": {c: c in self.profile_counts for c in PROFILE_COUNTS},
            "posts": posts,
            "interactions": interactions,
            "attributes": list(self.attributes),
            "window": window,
            "followers_from": self.audience("followers_count"),
            "following_from": self.audience("following_count"),
            "observed": None if self.observed is None else self.observed.document(),
        }

    @classmethod
    def from_document(cls, doc: dict) -> Coverage:
        """Back from ``document()`` (the build cache stores it so)."""
        def events(d: dict, duplicates: int = 0, with_text: int = 0) -> EventCoverage:
            if not d["measured"]:
                return EventCoverage()
            return EventCoverage(True, d["timed"], d["with_time_of_day"], d["undated"],
                                 d["outside_window"], duplicates, with_text)

        window = doc["window"]
        return cls(
            follows=doc["follows"],
            profile_counts=tuple(c for c, held in doc["profile_counts"].items() if held),
            posts=events(doc["posts"], doc["posts"]["duplicates"] or 0,
                         doc["posts"].get("with_text") or 0),
            interactions=events(doc["interactions"]),
            interaction_kinds=tuple(doc["interactions"]["kinds"] or ()),
            attributes=tuple(doc["attributes"]),
            window=None if window is None else Window(date.fromisoformat(window["from"]),
                                                      date.fromisoformat(window["to"]),
                                                      window["days"]),
            observed=None if not doc.get("observed") else Observed(
                tuple(doc["observed"]["owners"]), doc["observed"]["follows"],
                doc["observed"]["interactions"], doc["observed"]["posts"]),
            undirected=doc.get("ties") == "undirected",
        )

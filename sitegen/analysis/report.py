"""The analysis of a snapshot: network figures in Python, per-account rows in DuckDB."""

from __future__ import annotations

from dataclasses import dataclass

from sitegen.analysis.classify import CLASSES, classify_accounts
from sitegen.analysis.metrics import compute_account_metrics
from sitegen.analysis.network import NetworkFigures, network_figures
from sitegen.analysis.purpose import label_posts
from sitegen.config import AnalysisSettings
from sitegen.handles import shown
from sitegen.snapshots.model import Snapshot

ACCOUNT_COLUMNS = (
    "id", "handle", "name", "class", "reason", "followers", "following", "posts", "given",
    "received", "follow_reciprocity", "interaction_reciprocity", "audience_ratio", "ties",
    "lifetime_posts", "promotional_share", "purpose_reason", *(f"{c}_score" for c in CLASSES),
)


@dataclass(frozen=True)
class Account:
    """One account's figures, as a page or a JSON document shows them; None where the
    snapshot does not measure a figure (docs/method.md)."""

    id: str
    handle: str | None  # None: the data gives none (an id is not shown as a handle)
    name: str | None
    klass: str
    reason: str
    followers: int | None
    following: int | None
    posts: int | None
    given: int | None
    received: int | None
    follow_reciprocity: float | None
    interaction_reciprocity: float | None
    audience_ratio: float | None
    ties: int | None  # accounts tied to it either way (follows of the whole network)
    lifetime_posts: int | None  # the profile's posts_count: a lifetime total, not activity
    promotional_share: float | None  # of its posts with text (None: no post text measured)
    purpose_reason: str | None  # the promotional share in words, with the rules that decided
    scores: dict[str, float] | None  # None where activity or following is not measured

    @property
    def shown(self) -> str:
        """The account as pages name it (``sitegen.handles.shown``)."""
        return shown(self.handle, self.id)

    @classmethod
    def from_row(cls, row: tuple) -> Account:
        values = dict(zip(ACCOUNT_COLUMNS, row))
        scores = {c: values.pop(f"{c}_score") for c in CLASSES}
        values["klass"] = values.pop("class")
        return cls(**values, scores=None if None in scores.values() else scores)


@dataclass(frozen=True, eq=False)
class Report:
    """Everything the analysis found about one snapshot."""

    snapshot: Snapshot
    network: NetworkFigures
    accounts_table: str  # DuckDB table with one row per account (ACCOUNT_COLUMNS and more)
    settings: AnalysisSettings

    @property
    def id_order(self) -> str:
        """The column to sort the accounts by for id order: their key ``k``, numbered in id
        order when they were loaded (a sort of whole numbers, not of texts: 0.4 CPU s less
        for 1M accounts), unless the table carries pseudonyms, which have an order of their
        own (sorting them by key would follow the original ids)."""
        return "k" if self.accounts_table == self.snapshot.table("account_classes") else "id"

    @property
    def prominence(self) -> tuple[str, str | None]:
        """How the "top" accounts are chosen (pages, lists, chart samples): SQL to order by
        and its words. The most followed where followers are measured; else the most
        interacted with (interactions received measured); else the most posting; else those
        following the most; else the most connected (ties without direction); else by id
        alone, and no words (None): nothing measured ranks them, and a list called "most
        followed" would be the first ids. A one-sided export sees only what its owners saw."""
        held = self.snapshot.coverage
        if held.followers_seen:
            return "followers DESC NULLS LAST", "most followed"
        if held.received_seen:
            return "received DESC NULLS LAST", "most interacted with"
        if held.posts.measured:
            return "posts DESC NULLS LAST", "most posting"
        if held.following_seen:  # a follow list of the owners alone
            return "following DESC NULLS LAST", "most following"
        if held.ties_seen:  # follow ties without direction
            return "ties DESC NULLS LAST", "most connected"
        return "id", None

    def accounts(self, order: str = "id", limit: int | None = None,
                 where: str = "true", params: dict | None = None) -> list[Account]:
        """Fetch accounts as Python objects (only as many as a page needs)."""
        sql = (f"SELECT {', '.join(ACCOUNT_COLUMNS)} FROM {self.accounts_table} "
               f"WHERE {where} ORDER BY {order}, id")
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        return [Account.from_row(r) for r in self.snapshot.db.execute(sql, params).fetchall()]


def analyze_snapshot(snapshot: Snapshot, settings: AnalysisSettings) -> Report:
    """Metrics, classes, what posts are for, and network figures for one loaded snapshot."""
    compute_account_metrics(snapshot)
    label_posts(snapshot, tuple(settings.lexicons), settings.active_min_actions)
    table = classify_accounts(snapshot, settings)
    return Report(snapshot, network_figures(snapshot, table, settings), table, settings)


def analyze_series(snapshots: list[Snapshot], settings: AnalysisSettings) -> list[Report]:
    """Analyse each snapshot of a series, oldest first."""
    return [analyze_snapshot(s, settings) for s in snapshots]

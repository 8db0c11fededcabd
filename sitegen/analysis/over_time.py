"""A series of analysed snapshots over time: transitions, growth and the follower audit."""

from __future__ import annotations

import dataclasses
import logging
from dataclasses import dataclass

from sitegen.analysis.audit import (
    AuditFlag,
    AuditRules,
    AuditScope,
    audit_document,
    audit_followers,
    audit_scope,
    scope_document,
)
from sitegen.analysis.queries import handles_of
from sitegen.analysis.report import Report
from sitegen.analysis.series import (
    Change,
    NetworkGrowth,
    Step,
    StepTransitions,
    analyze_changes,
)
from sitegen.config import AnalysisSettings

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class OverTime:
    """What changed across the series (plain values; per-account rows stay in DuckDB)."""

    steps: tuple[Step, ...]
    transitions: tuple[StepTransitions, ...]
    growth: tuple[NetworkGrowth, ...]
    audit: tuple[AuditFlag, ...]
    audit_scope: tuple[AuditScope, ...] = ()


def analyze_over_time(reports: list[Report], settings: AnalysisSettings) -> OverTime:
    """Changes between consecutive snapshots (two or more, oldest first), then the audit."""
    series = analyze_changes(reports)  # series.* tables: paths, steps, new follows
    for step in series.steps:
        if step.shared != 0:
            continue
        before, after = reports[step.index], reports[step.index + 1]
        empty = [r.snapshot for r in (before, after) if not r.network.accounts]
        if empty:  # nothing to compare, rather than another network
            log.warning("%s: no accounts: the step from %s to %s is not compared",
                        empty[-1].source, step.before, step.after)
        else:
            log.warning("%s: no account in common with %s, the snapshot before it: the two are "
                        "not one network over time, and are not compared",
                        after.snapshot.source, step.before,
                        extra={"hint": "keep each network's snapshots in a folder of their own"})
    flags = audit_followers(series, AuditRules.from_settings(settings))  # flagged steps
    # each flagged account's handle as the newest snapshot holding it publishes it (an account
    # gone by the latest is flagged over a step before; None: no handle in the data)
    handles: dict[str, str | None] = {}
    for report in reversed(reports):
        wanted = sorted({f.account for f in flags} - set(handles))
        if not wanted:
            break
        handles.update(handles_of(report, wanted))
    flags = tuple(dataclasses.replace(f, handle=handles.get(f.account)) for f in flags)
    return OverTime(series.steps, series.transitions, series.growth, flags, audit_scope(series))


def over_time_documents(over_time: OverTime) -> dict:
    """The ``"transitions"``, ``"growth"`` and ``"audit"`` values of the JSON output."""
    return {
        "transitions": transitions_document(over_time),
        "growth": growth_document(over_time),
        "audit": audit_document(over_time.audit),
        "audit_scope": scope_document(over_time.audit_scope),
    }


def transitions_document(series: OverTime) -> list[dict]:
    """The ``"transitions"`` JSON value: per step, the non-zero (from, to) counts."""
    return [
        {
            "from": t.step.before,
            "to": t.step.after,
            "comparable": t.step.comparable,
            "differences": list(t.step.differences),
            "accounts_in_both": t.step.shared,
            "counts": [
                {"from": c.from_class, "to": c.to_class, "accounts": c.accounts} for c in t.counts
            ],
        }
        for t in series.transitions
    ]


def growth_document(series: OverTime) -> list[dict]:
    """The ``"growth"`` JSON value: per step, accounts, follows, followers and following."""
    return [
        {
            "from": g.step.before,
            "to": g.step.after,
            "days": g.step.days,
            "accounts": {
                "before": g.accounts_before,
                "after": g.accounts_after,
                "joined": g.joined,
                "left": g.left,
            },
            "follows": {
                "before": g.follows_before,
                "after": g.follows_after,
                "new": g.follows_new,
                "lost": g.follows_lost,
            },
            "followers": {**_change_document(g.followers), "from": list(g.followers_from)},
            "following": {**_change_document(g.following), "from": list(g.following_from)},
        }
        for g in series.growth
    ]


def _change_document(change: Change) -> dict:
    return {
        "before": change.before,
        "after": change.after,
        "change": change.change,
        "median_change": change.median_change,
    }

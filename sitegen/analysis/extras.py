"""The analysis beyond one snapshot's figures, as plain documents the site caches and shows.

For a series: class transitions, growth and the follower audit (``over_time``); for every
snapshot: amplification, burstiness, the weekly rhythm and attribute groups (``activity``).
Per-account rows stay in DuckDB (the ``series`` schema and each snapshot's
``amplification`` and ``burstiness`` tables).
"""

from __future__ import annotations

import dataclasses
import json

from sitegen.analysis.over_time import over_time_documents
from sitegen.analysis.pipeline import Analysis
from sitegen.analysis.report import Report


def plain(value):
    """Dataclasses, tuples and dates as JSON-ready values."""
    if dataclasses.is_dataclass(value):
        value = dataclasses.asdict(value)
    return json.loads(json.dumps(value, default=str))


def activity_documents(analysis: Analysis) -> dict:
    """The ``"activity"`` value: per snapshot name, amplification, burstiness, rhythm, groups."""
    return {name: plain(activity) for name, activity in analysis.activity.items()}


def series_extras(analysis: Analysis) -> dict:
    """Everything the change-over-time, audit and activity pages need."""
    over_time = None
    if analysis.over_time is not None:
        flags = [plain(f) for f in analysis.over_time.audit]
        handles = _handles(analysis.latest, [f["account"] for f in flags])
        for flag in flags:
            flag["handle"] = handles.get(flag["account"], flag["account"])
        over_time = {**over_time_documents(analysis.over_time), "flags": flags}
    return {"over_time": over_time, "activity": activity_documents(analysis)}


def _handles(report: Report, ids: list[str]) -> dict[str, str]:
    """Handles (as published) of some accounts, from the latest snapshot."""
    rows = report.snapshot.db.execute(
        f"SELECT id, handle FROM {report.accounts_table} WHERE id IN (SELECT unnest($ids))",
        {"ids": ids}).fetchall()
    return dict(rows)

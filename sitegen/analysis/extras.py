"""The analysis beyond one snapshot's figures, as plain data the site can cache and show.

For a series: class transitions, growth and the follower audit (``over_time``); for every
snapshot: amplification, burstiness, the weekly rhythm and attribute groups (``activity``).
Per-account rows stay in DuckDB (the ``series`` schema and each snapshot's
``amplification`` and ``burstiness`` tables).
"""

from __future__ import annotations

import dataclasses
import json

from sitegen.analysis.activity import analyze_activity
from sitegen.analysis.over_time import analyze_over_time, over_time_documents
from sitegen.analysis.report import Report
from sitegen.config import AnalysisSettings


def plain(value):
    """Dataclasses, tuples and dates as JSON-ready values."""
    if dataclasses.is_dataclass(value):
        value = dataclasses.asdict(value)
    return json.loads(json.dumps(value, default=str))


def series_extras(reports: list[Report], settings: AnalysisSettings) -> dict:
    """Everything the change-over-time, audit and activity pages need."""
    over_time = None
    if len(reports) > 1:
        result = analyze_over_time(reports, settings)
        flags = [plain(f) for f in result.audit]
        handles = _handles(reports[-1], [f["account"] for f in flags])
        for flag in flags:
            flag["handle"] = handles.get(flag["account"], flag["account"])
        over_time = {**over_time_documents(result), "flags": flags}
    activity = {r.snapshot.name: plain(analyze_activity(r, settings.repost_max_depth))
                for r in reports}
    return {"over_time": over_time, "activity": activity}


def _handles(report: Report, ids: list[str]) -> dict[str, str]:
    """Handles (as published) of some accounts, from the latest snapshot."""
    rows = report.snapshot.db.execute(
        f"SELECT id, handle FROM {report.accounts_table} WHERE id IN (SELECT unnest($ids))",
        {"ids": ids}).fetchall()
    return dict(rows)

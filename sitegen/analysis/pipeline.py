"""The analysis, start to end, in one place: ``build``, ``analyze`` and ``check`` all run it.

load (read, validate, measure coverage) -> per-account figures and classes -> privacy ->
change over time (transitions, growth, audit) -> activity (amplification, burstiness, rhythm,
groups). Each stage leaves its per-account rows in DuckDB and hands typed values on.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb

from sitegen.analysis.activity import Activity, analyze_activity
from sitegen.analysis.over_time import OverTime, analyze_over_time
from sitegen.analysis.report import Report, analyze_snapshot
from sitegen.config import AnalysisSettings, PrivacySettings
from sitegen.engines import Engine
from sitegen.engines.duckdb_engine import DuckDBEngine
from sitegen.privacy import pseudonymize

Step = Callable[[str, int | None], Callable[[], None]]  # (stage, total) -> advance


def _no_progress(description: str, total: int | None) -> Callable[[], None]:
    return lambda: None


@dataclass(frozen=True, eq=False)
class Analysis:
    """Everything the analysis found, for every consumer alike."""

    reports: tuple[Report, ...]
    over_time: OverTime | None  # None for a single snapshot
    activity: dict[str, Activity]  # by snapshot name

    @property
    def latest(self) -> Report:
        return self.reports[-1]


def run_analysis(path: Path, db: duckdb.DuckDBPyConnection | Engine,
                 settings: AnalysisSettings, privacy: PrivacySettings | None = None,
                 step: Step = _no_progress) -> Analysis:
    """Analyse the snapshot or series of snapshots at ``path``, in a DuckDB connection or
    on an engine (``sitegen.engines``: the SQL runs wherever its ``db`` sends it)."""
    engine = db if hasattr(db, "load_series") else DuckDBEngine(db)
    step("loading snapshots", None)
    snapshots = engine.load_series(path, settings)  # read, validate, coverage
    advance = step("analysing", len(snapshots))
    reports = []
    for snapshot in snapshots:  # figures and classes, then pseudonyms when asked
        report = analyze_snapshot(snapshot, settings)
        reports.append(pseudonymize(report, privacy) if privacy else report)
        advance()
    # change over time needs two snapshots or more
    over_time = analyze_over_time(reports, settings) if len(reports) > 1 else None
    activity = {r.snapshot.name: analyze_activity(r) for r in reports}
    return Analysis(tuple(reports), over_time, activity)

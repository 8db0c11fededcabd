"""The analysis, start to end, in one place: ``build``, ``analyze`` and ``check`` all run it.

For each snapshot (two small ones at once on DuckDB): load (read, validate, measure
coverage) -> per-account figures and classes -> privacy -> activity (amplification,
burstiness, rhythm, groups); then, over the series, change over time (transitions, growth,
audit). Each stage leaves its per-account rows in DuckDB and hands typed values on.
"""

from __future__ import annotations

import dataclasses
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
from sitegen.snapshots.model import Snapshot

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
                 step: Step = _no_progress, accounts_only: bool = False) -> Analysis:
    """Analyse the snapshot or series of snapshots at ``path``, in a DuckDB connection or
    on an engine (``sitegen.engines``: the SQL runs wherever its ``db`` sends it).
    ``accounts_only``: the per-account figures and classes, without the network's activity
    and change over time (what ``analyze --format csv`` writes)."""
    engine = db if hasattr(db, "load_series") else DuckDBEngine(db)
    advance = step("analysing snapshots", None)  # counted as each one is done

    def analysed(snapshot: Snapshot, on: Engine) -> tuple[Report, Activity | None]:
        """Figures and classes, pseudonyms when asked, then activity: on the engine that
        loaded the snapshot (maybe beside another), the report handed on in ``engine``."""
        report = analyze_snapshot(snapshot, settings)
        report = pseudonymize(report, privacy) if privacy else report
        activity = None if accounts_only else analyze_activity(report)
        advance()
        return _on(report, engine.db), activity

    done = engine.load_series(path, settings, then=analysed)  # read, validate, coverage
    reports = [report for report, _ in done]
    # change over time needs two snapshots or more
    over_time = (analyze_over_time(reports, settings)
                 if len(reports) > 1 and not accounts_only else None)
    activity = {} if accounts_only else {r.snapshot.name: a for r, a in done}
    return Analysis(tuple(reports), over_time, activity)


def _on(report: Report, db) -> Report:
    """``report`` with its tables read through ``db``."""
    return dataclasses.replace(report, snapshot=dataclasses.replace(report.snapshot, db=db))

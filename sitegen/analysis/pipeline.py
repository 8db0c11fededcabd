"""The analysis, start to end, in one place: ``build``, ``analyze`` and ``check`` all run it.

For each snapshot (two small ones at once on DuckDB): load (read, validate, measure
coverage) -> per-account figures and classes -> privacy; then change over time (transitions,
growth, audit) beside each snapshot's activity (amplification, burstiness, rhythm, groups).
Each stage leaves its per-account rows in DuckDB and hands typed values on.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sitegen.analysis.activity import Activity, analyze_activity
from sitegen.analysis.over_time import OverTime, analyze_over_time
from sitegen.analysis.report import Report, analyze_snapshot
from sitegen.config import AnalysisSettings, PrivacySettings
from sitegen.engines import Engine
from sitegen.privacy import check_named_across, pseudonymize
from sitegen.snapshots.model import Snapshot

if TYPE_CHECKING:
    import duckdb

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
    from sitegen.engines.duckdb_engine import DuckDBEngine  # (imports DuckDB)

    engine = db if hasattr(db, "load_series") else DuckDBEngine(db)
    advance = step("analysing snapshots", None)  # counted as each one is done

    def analysed(snapshot: Snapshot, on: Engine) -> Report:
        """Figures and classes, then pseudonyms when asked: on the engine that loaded the
        snapshot (maybe beside another), the report handed on in ``engine``."""
        report = analyze_snapshot(snapshot, settings)
        report = pseudonymize(report, privacy) if privacy else report
        advance()
        return _on(report, engine.db)

    reports = engine.load_series(path, settings, then=analysed)  # read, validate, coverage
    if privacy:
        check_named_across(reports, privacy)
    if accounts_only:
        return Analysis(tuple(reports), None, {})
    # each snapshot's activity, beside the change over time (two snapshots or more)
    works = [lambda on, r=r: analyze_activity(_on(r, on.db)) for r in reports]
    if len(reports) > 1:
        works.insert(0, lambda on: analyze_over_time([_on(r, on.db) for r in reports], settings))
    alongside = getattr(engine, "alongside", None)
    done = (alongside(works, [r.snapshot.source for r in reports]) if alongside
            else [work(engine) for work in works])
    over_time = done.pop(0) if len(reports) > 1 else None
    return Analysis(tuple(reports), over_time,
                    {r.snapshot.name: a for r, a in zip(reports, done)})


def _on(report: Report, db) -> Report:
    """``report`` with its tables read through ``db``."""
    return dataclasses.replace(report, snapshot=dataclasses.replace(report.snapshot, db=db))

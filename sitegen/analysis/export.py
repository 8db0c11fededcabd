"""Write analysis results as JSON, CSV or a terminal table, streaming the account rows."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import TextIO

from sitegen import csvfile
from sitegen.analysis.classify import CLASSES
from sitegen.analysis.over_time import over_time_documents
from sitegen.analysis.pipeline import Analysis
from sitegen.analysis.plain import to_plain
from sitegen.analysis.queries import BATCH, iter_accounts
from sitegen.analysis.report import Account, Report


def account_document(account: Account) -> dict:
    """One account as the JSON schema in docs/analysis-json.md describes it."""
    doc = {
        "id": account.id, "handle": account.handle, "name": account.name,
        "class": account.klass, "reason": account.reason, "scores": account.scores,
        "followers": account.followers, "following": account.following,
        "posts": account.posts, "given": account.given, "received": account.received,
        "follow_reciprocity": account.follow_reciprocity,
        "interaction_reciprocity": account.interaction_reciprocity,
        "audience_ratio": account.audience_ratio,
        "ties": account.ties,
        "lifetime_posts": account.lifetime_posts,
        "promotional_share": account.promotional_share,
        "purpose": account.purpose_reason,
    }
    return doc


def network_document(report: Report) -> dict:
    snap = report.snapshot
    return {"snapshot": {"name": snap.name,
                         "taken": snap.taken.isoformat() if snap.taken else None,
                         "network": snap.network},
            "coverage": snap.coverage.document(),
            "network": asdict(report.network)}


def write_snapshot_json(report: Report, out: TextIO, activity: dict | None = None,
                        indent: str = "") -> None:
    """One snapshot's document; the accounts array is streamed."""
    head = network_document(report)
    out.write("{\n" + indent + '  "snapshot": ' + json.dumps(head["snapshot"]) + ",\n")
    out.write(indent + '  "coverage": ' + json.dumps(head["coverage"]) + ",\n")
    out.write(indent + '  "network": ' + json.dumps(head["network"]) + ",\n")
    if activity is not None:
        out.write(indent + '  "activity": ' + json.dumps(activity, ensure_ascii=False) + ",\n")
    out.write(indent + '  "accounts": [')
    for i, account in enumerate(iter_accounts(report)):
        out.write(("," if i else "") + "\n" + indent + "    " +
                  json.dumps(account_document(account), ensure_ascii=False))
    out.write("\n" + indent + "  ]\n" + indent + "}")


def write_json(analysis: Analysis, out: TextIO, series: bool | None = None) -> None:
    """A single snapshot as one document; a series (a folder of snapshots, even one holding
    a single snapshot) as {"snapshots": [...], "transitions": ..., ...}."""
    reports = analysis.reports
    activity = to_plain(analysis.activity)
    extra = over_time_documents(analysis.over_time) if analysis.over_time else {}
    if series is None:
        series = len(reports) > 1
    if not series:
        write_snapshot_json(reports[0], out, activity[reports[0].snapshot.name])
        out.write("\n")
        return
    out.write('{\n"snapshots": [\n')
    for i, report in enumerate(reports):
        out.write(",\n" if i else "")
        write_snapshot_json(report, out, activity[report.snapshot.name])
    out.write("\n]")
    for key, value in extra.items():
        out.write(f",\n{json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}")
    out.write("\n}\n")


CSV_COLUMNS = ("snapshot", "id", "handle", "name", "class", "reason", "followers", "following",
               "posts", "given", "received", "follow_reciprocity", "interaction_reciprocity",
               "audience_ratio", "ties", "lifetime_posts", "promotional_share",
               *(f"{c}_score" for c in CLASSES))


def _sql_text(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def csv_query(reports: list[Report]) -> str:
    """One SELECT for every account row of every report, oldest snapshot first, by id."""
    parts = [f"SELECT {i} AS snapshot_order, {r.id_order} AS account_order, "
             f"{_sql_text(r.snapshot.name)} AS snapshot, "
             + ", ".join(CSV_COLUMNS[1:]) + f" FROM {r.accounts_table}"
             for i, r in enumerate(reports)]
    return (f"SELECT {', '.join(CSV_COLUMNS)} FROM ({' UNION ALL '.join(parts)}) "
            "ORDER BY snapshot_order, account_order")


def write_csv(reports: list[Report], out: TextIO | Path | str) -> None:
    """One row per account and snapshot: the engine writes a file (or, given a URL, what its
    writer makes there: one file on DuckDB, a folder of parts on Spark) itself; a stream
    gets batches through Python's csv module."""
    query = csv_query(reports)
    db = reports[0].snapshot.db
    if isinstance(out, (Path, str)):
        db.execute(f"COPY ({query}) TO {_sql_text(str(out))} (HEADER, DELIMITER ',')")
        return
    writer = csvfile.writer(out)
    writer.writerow(CSV_COLUMNS)
    cursor = db.cursor()
    cursor.execute(query)
    while rows := cursor.fetchmany(BATCH):
        writer.writerows(["" if v is None else v for v in row] for row in rows)

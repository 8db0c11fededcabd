"""The readable terminal form of an analysis (``sitegen analyze --format table``)."""

from __future__ import annotations

from typing import TextIO

from rich.console import Console
from rich.table import Table

from sitegen.analysis.queries import top_accounts
from sitegen.analysis.report import Report
from sitegen.errors import printable
from sitegen.handles import label


def _fmt(value) -> str:
    if value is None:
        return "not measured"
    return f"{value:.3f}" if isinstance(value, float) else f"{value:,}"


def network_table(report: Report) -> Table:
    snap, net = report.snapshot, report.network
    taken = f"taken {snap.taken}" if snap.taken else "undated"
    table = Table(title=printable(f"{snap.name} ({taken}) {snap.network}".strip()),
                  show_header=False, title_justify="left")
    for key in ("accounts", "follows", "ties", "interactions", "posts", "density",
                "reciprocity", "rho", "interaction_reciprocity"):
        table.add_row(key.replace("_", " "), _fmt(getattr(net, key)))
    table.add_row("classes", ", ".join(f"{c} {_fmt(n)}" for c, n in net.classes.items()))
    return table


def accounts_table(report: Report, limit: int) -> Table:
    by = report.prominence[1]
    top = top_accounts(report, limit)
    title = f"{by} accounts (top {limit}" + (
        f"; only {len(top)} with the figure measured)"
        if len(top) < min(limit, report.network.accounts) else ")") if by \
        else f"accounts by id (the first {limit}: nothing measured ranks them)"
    table = Table(title=title, title_justify="left")
    for header in ("handle", "class", "followers", "following", "posts", "given", "received",
                   "follow rec.", "reason"):
        table.add_column(header, overflow="fold")
    for a in top:
        table.add_row(printable(label(a.handle, a.id)), a.klass, _fmt(a.followers),
                      _fmt(a.following), _fmt(a.posts), _fmt(a.given), _fmt(a.received),
                      _fmt(a.follow_reciprocity), a.reason)
    return table


def print_tables(reports: list[Report], out: TextIO, limit: int) -> None:
    console = Console(file=out, width=160, highlight=False, markup=False)
    for report in reports:
        console.print(network_table(report))
        if limit > 0:
            console.print(accounts_table(report, limit))

"""Open data downloads: each snapshot's account table (CSV, JSON) and follow graph (GEXF)."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from pathlib import Path
from xml.sax.saxutils import escape

from sitegen.analysis import export
from sitegen.analysis.open_data import copy_accounts_json, copy_gexf_lines
from sitegen.analysis.report import Report
from sitegen.site.model import SiteData
from sitegen.site.urls import account_path
from sitegen.site.writer import Staging

INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(value) -> str:
    """Text safe inside XML: escaped, and without characters XML 1.0 forbids."""
    return escape(INVALID_XML.sub("", str(value)))


def write_accounts_json(site: SiteData, report: Report, target: Path) -> None:
    """The analyze JSON document (docs/analysis-json.md), each account with its page link.

    DuckDB writes the account array; '<', '>' and '&' (which only occur inside strings)
    are then escaped, so markup in the data stays inert even if the file is read as HTML.
    """
    part = target.with_name(target.name + ".part")
    pages = [(i, site.urls.path(account_path(s))) for i, s in site.account_slugs.items()] \
        if report is site.latest else []
    copy_accounts_json(report, pages, part)
    head = export.network_document(report)
    with target.open("wb") as out:
        # the network name and attribute names are data too (json.dumps escapes everything
        # non-ASCII; markup characters are escaped here)
        out.write(("{" + ",".join(f'"{key}":' + _inert_json(head[key])
                                  for key in ("snapshot", "coverage", "network"))
                   + ',"accounts":').encode())
        with part.open("rb") as accounts:
            while chunk := accounts.read(1 << 22):
                out.write(chunk.replace(b"<", b"\\u003c").replace(b">", b"\\u003e")
                          .replace(b"&", b"\\u0026"))
        out.write(b"}\n")
    part.unlink()


def _inert_json(value) -> str:
    """JSON text in which no '<', '>' or '&' can start markup."""
    return (json.dumps(value).replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("&", "\\u0026"))


def write_gexf(report: Report, target: Path) -> None:
    """The follow graph for Gephi: nodes with handle and class, one edge per follow, the
    lines written by DuckDB."""
    nodes, edges = (target.with_name(f"{target.name}.{part}") for part in ("nodes", "edges"))
    copy_gexf_lines(report, nodes, edges)
    with target.open("wb") as handle:
        handle.write(b'<?xml version="1.0" encoding="UTF-8"?>\n'
                     b'<gexf xmlns="http://gexf.net/1.3" version="1.3">\n'
                     b'<graph defaultedgetype="directed">\n<attributes class="node">\n'
                     b'<attribute id="class" title="class" type="string"/>\n</attributes>\n'
                     b'<nodes>\n')
        for part, closing in ((nodes, b"</nodes>\n<edges>\n"), (edges, b"</edges>\n")):
            with part.open("rb") as lines:
                shutil.copyfileobj(lines, handle)
            handle.write(closing)
            part.unlink()
        handle.write(b"</graph>\n</gexf>\n")


DOWNLOADS = ("accounts.csv", "accounts.json", "follows.gexf")


def downloads(report: Report) -> tuple[str, ...]:
    """The open data files of one snapshot: no follow graph when it has no follows table."""
    return DOWNLOADS if report.snapshot.coverage.follows else DOWNLOADS[:2]


def write_open_data(site: SiteData, stage: Staging, analysis_key: str) -> None:
    """Write every snapshot's downloads (or reuse the previous build's when unchanged)."""
    key = hashlib.sha256(json.dumps([analysis_key, site.urls.base_url, site.account_slugs,
                                     sorted(site.snapshot_slugs.items())]).encode()).hexdigest()
    files = [f"data/{site.snapshot_slugs[r.snapshot.name]}/{name}" for r in site.reports
             for name in downloads(r)]
    if stage.reuse("open-data", key, files):
        return
    for report in site.reports:
        folder = f"data/{site.snapshot_slugs[report.snapshot.name]}"
        export.write_csv([report], stage.target(f"{folder}/accounts.csv"))
        write_accounts_json(site, report, stage.target(f"{folder}/accounts.json"))
        if "follows.gexf" in downloads(report):
            write_gexf(report, stage.target(f"{folder}/follows.gexf"))

"""Open data downloads: each snapshot's account table (CSV, JSON) and follow graph (GEXF)."""

from __future__ import annotations

import hashlib
import io
import json
import re
from xml.sax.saxutils import escape, quoteattr

from sitegen import export
from sitegen.analysis.report import Report
from sitegen.site.model import SiteData
from sitegen.site.urls import account_path
from sitegen.site.writer import Staging

INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
BATCH = 100_000


def xml_text(value) -> str:
    """Text safe inside XML: escaped, and without characters XML 1.0 forbids."""
    return escape(INVALID_XML.sub("", str(value)))


def xml_attr(value) -> str:
    return quoteattr(INVALID_XML.sub("", str(value)))


def accounts_json(site: SiteData, report: Report) -> str:
    """The analyze JSON document, each account with its page link when it has one."""
    out = io.StringIO()
    export.write_snapshot_json(report, out)
    document = json.loads(out.getvalue())
    for account in document["accounts"]:
        slug = site.account_slugs.get(account["id"]) if report is site.latest else None
        account["page"] = site.urls.path(account_path(slug)) if slug else None
    return json.dumps(document, ensure_ascii=False, separators=(",", ":"))


def write_gexf(report: Report, handle) -> None:
    """The follow graph for Gephi: nodes with handle and class, one edge per follow."""
    db, s = report.snapshot.db, report.snapshot.schema
    handle.write('<?xml version="1.0" encoding="UTF-8"?>\n'
                 '<gexf xmlns="http://gexf.net/1.3" version="1.3">\n'
                 '<graph defaultedgetype="directed">\n<attributes class="node">\n'
                 '<attribute id="class" title="class" type="string"/>\n</attributes>\n<nodes>\n')
    cursor = db.cursor()
    cursor.execute(f"SELECT k, handle, class FROM {report.accounts_table} ORDER BY k")
    while rows := cursor.fetchmany(BATCH):
        handle.write("".join(
            f'<node id="{k}" label={xml_attr(h)}><attvalues><attvalue for="class" '
            f'value="{c}"/></attvalues></node>\n' for k, h, c in rows))
    handle.write("</nodes>\n<edges>\n")
    cursor.execute(f"SELECT src, dst FROM {s}.follows ORDER BY src, dst")
    n = 0
    while rows := cursor.fetchmany(BATCH):
        handle.write("".join(f'<edge id="{n + i}" source="{a}" target="{b}"/>\n'
                             for i, (a, b) in enumerate(rows)))
        n += len(rows)
    handle.write("</edges>\n</graph>\n</gexf>\n")


DOWNLOADS = ("accounts.csv", "accounts.json", "follows.gexf")


def write_open_data(site: SiteData, stage: Staging, analysis_key: str) -> None:
    """Write every snapshot's downloads (or reuse the previous build's when unchanged)."""
    key = hashlib.sha256(json.dumps([analysis_key, site.urls.base_url, site.account_slugs,
                                     sorted(site.snapshot_slugs.items())]).encode()).hexdigest()
    files = [f"data/{slug}/{name}" for slug in site.snapshot_slugs.values()
             for name in DOWNLOADS]
    if stage.reuse("open-data", key, files):
        return
    for report in site.reports:
        folder = f"data/{site.snapshot_slugs[report.snapshot.name]}"
        export.write_csv([report], stage.target(f"{folder}/accounts.csv"))
        stage.write(f"{folder}/accounts.json", accounts_json(site, report))
        with stage.target(f"{folder}/follows.gexf").open("w", encoding="utf-8") as handle:
            write_gexf(report, handle)

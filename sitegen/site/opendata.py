"""Open data downloads: each snapshot's account table (CSV, JSON) and follow graph (GEXF)."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from pathlib import Path
from xml.sax.saxutils import escape

from sitegen import export
from sitegen.analysis.classify import CLASSES
from sitegen.analysis.report import Report
from sitegen.site.model import SiteData
from sitegen.site.urls import account_path
from sitegen.site.writer import Staging

INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(value) -> str:
    """Text safe inside XML: escaped, and without characters XML 1.0 forbids."""
    return escape(INVALID_XML.sub("", str(value)))


def _sql_text(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _pages_cte(site: SiteData, report: Report) -> str:
    """A VALUES table of (account id, page link) for the accounts that have a page."""
    pairs = sorted(site.account_slugs.items()) if report is site.latest else []
    if not pairs:
        return ("pages AS (SELECT CAST(NULL AS VARCHAR) AS id, CAST(NULL AS VARCHAR) AS page "
                "WHERE false)")
    rows = ", ".join(f"({_sql_text(i)}, {_sql_text(site.urls.path(account_path(s)))})"
                     for i, s in pairs)
    return f"pages(id, page) AS (VALUES {rows})"


def write_accounts_json(site: SiteData, report: Report, target: Path) -> None:
    """The analyze JSON document (docs/analysis-json.md), each account with its page link.

    DuckDB writes the account array; '<', '>' and '&' (which only occur inside strings)
    are then escaped, so markup in the data stays inert even if the file is read as HTML.
    """
    scores = ", ".join(f"'{c}': {c}_score" for c in CLASSES)
    columns = ", ".join(["a.id", "handle", "name", "class", "reason",
                         f"CASE WHEN consumer_score IS NOT NULL THEN {{{scores}}} END AS scores",
                         "followers", "following", "posts", "given", "received",
                         "follow_reciprocity", "interaction_reciprocity", "audience_ratio",
                         "lifetime_posts", "p.page"])
    part = target.with_name(target.name + ".part")
    report.snapshot.db.execute(
        f"COPY (WITH {_pages_cte(site, report)} SELECT {columns} FROM {report.accounts_table} a "
        f"LEFT JOIN pages p ON p.id = a.id ORDER BY a.id) TO {_sql_text(str(part))} "
        "(FORMAT json, ARRAY true)")
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


EDGE_LINE = ("'<edge id=''' || (row_number() OVER (ORDER BY src, dst) - 1) || ''' source=''' "
             "|| src || ''' target=''' || dst || '''/>'")
# an XML attribute value in single quotes, from any text: markup escaped, characters XML 1.0
# forbids dropped, line breaks and tabs as character references (so DuckDB's CSV writer,
# used here to write plain lines, never needs to quote)
XML_ATTRIBUTE = (
    "replace(replace(replace(replace(replace(replace(replace(replace("
    "regexp_replace({c}, '[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x{fffe}\\x{ffff}]', '', 'g'), "
    "'&', '&amp;'), '<', '&lt;'), '>', '&gt;'), '\"', '&quot;'), '''', '&apos;'), "
    "chr(10), '&#10;'), chr(13), '&#13;'), chr(9), '&#9;')")
NODE_LINE = ("'<node id=''' || k || ''' label=''' || " + XML_ATTRIBUTE.replace("{c}", "handle")
             + " || '''><attvalues><attvalue for=''class'' value=''' || class "
             "|| '''/></attvalues></node>'")


def _copy_lines(db, query: str, target: Path) -> None:
    db.execute(f"COPY ({query}) TO {_sql_text(str(target))} "
               "(FORMAT csv, HEADER false, DELIMITER '\t', QUOTE '')")


def write_gexf(report: Report, target: Path) -> None:
    """The follow graph for Gephi: nodes with handle and class, one edge per follow, the
    lines written by DuckDB."""
    db, s = report.snapshot.db, report.snapshot.schema
    nodes, edges = (target.with_name(f"{target.name}.{part}") for part in ("nodes", "edges"))
    _copy_lines(db, f"SELECT {NODE_LINE} FROM {report.accounts_table} ORDER BY k", nodes)
    _copy_lines(db, f"SELECT {EDGE_LINE} FROM {s}.follows ORDER BY src, dst", edges)
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
        write_accounts_json(site, report, stage.target(f"{folder}/accounts.json"))
        write_gexf(report, stage.target(f"{folder}/follows.gexf"))

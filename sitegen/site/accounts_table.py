"""The accounts page's table data: a small index and chunks of a bounded size, so that the
table shows its first rows at once and no file grows with the network past the size limit.

``data/SLUG/table/index.json`` names the chunks; each ``chunk-NNNN.json`` holds a run of rows
in table order (the report's "top" accounts first: most followed where followers are measured;
``open_data.table_order``), column by column. docs/page-weight.md
describes the format.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path

from sitegen.analysis.open_data import TABLE_COLUMNS, table_chunks, table_classes, table_order
from sitegen.analysis.report import Report
from sitegen.site import sizes

FORMAT = "sitegen-accounts-table/1"
CHUNK_BYTES = sizes.MIB  # a chunk's target size: about 15,000 accounts
OVERHEAD = 512  # bytes of a chunk that are not rows: its keys and counts


def chunk_budget() -> int:
    """Bytes of rows per chunk: the target, or less when the size limit is lower."""
    return max(64, min(CHUNK_BYTES, sizes.LIMIT_BYTES) - OVERHEAD)


def chunk_name(number: int) -> str:
    return f"chunk-{number:04d}.json"


def write_accounts_table(report: Report, pages: list[tuple[str, str]],
                         target: Callable[[str], Path]) -> list[str]:
    """Write the index and the chunks (``target(name)``: where a file goes); returns the
    file names, index first. The index and every chunk carry the same ``version``, a hash
    of the rows: a browser holding an earlier build's index or chunk (GitHub Pages lets
    them be cached for minutes) can tell, rather than mix two builds' rows."""
    classes = table_classes(report)
    bodies = [(start, rows, _chunk_body(columns)) for _, start, rows, *columns in
              table_chunks(report, pages, classes, chunk_budget())]
    digest = hashlib.sha256(json.dumps(classes).encode())
    for start, rows, body in bodies:
        digest.update(f"{start},{rows},{body}\n".encode())
    version = digest.hexdigest()[:16]
    _, sorted_by, order = table_order(report)
    chunks = []
    for number, (start, rows, body) in enumerate(bodies):
        text = f'{{"version":"{version}","start":{start},"rows":{rows},{body}}}\n'.encode()
        name = chunk_name(number)
        target(name).write_bytes(text)
        chunks.append({"file": name, "start": start, "rows": rows, "bytes": len(text)})
    index = {"format": FORMAT, "version": version, "snapshot": report.snapshot.name,
             "accounts": sum(c["rows"] for c in chunks),
             "order": order, "sorted_by": sorted_by,
             "columns": list(TABLE_COLUMNS), "classes": classes, "chunks": chunks}
    # snapshot names are data: escaped like every string of the table
    text = (json.dumps(index, separators=(",", ":")).replace("<", "\\u003c")
            .replace(">", "\\u003e").replace("&", "\\u0026") + "\n")
    target("index.json").write_text(text, "utf-8")
    return ["index.json", *(c["file"] for c in chunks)]


def _chunk_body(columns: list[str]) -> str:
    """A chunk's rows: ``"handle":[…],…,"page_rows":[…],"pages":[…],"hidden_rows":[…],
    "bare_rows":[…]`` (the rows with a page, their links, the rows whose handle hides
    characters, and those of accounts without a handle, whose ``handle`` is their id)."""
    keys = [*TABLE_COLUMNS, "page_rows", "pages", "hidden_rows", "bare_rows"]
    return ",".join(f'"{key}":{value}' for key, value in zip(keys, columns, strict=True))

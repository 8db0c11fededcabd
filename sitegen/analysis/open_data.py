"""Open data written by DuckDB itself: the account array of accounts.json and the lines of
the GEXF follow graph (the site's ``opendata`` module puts the files together)."""

from __future__ import annotations

from pathlib import Path

from sitegen.analysis.classify import CLASSES
from sitegen.analysis.report import Report
from sitegen.handles import PLAIN_PATTERN, hides_characters
from sitegen.snapshots.validate import pair_key


def _sql_text(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _pages_cte(pages: list[tuple[str, str]]) -> str:
    """A VALUES table of (account id, page link) for the accounts that have a page."""
    if not pages:
        return ("pages AS (SELECT CAST(NULL AS VARCHAR) AS id, CAST(NULL AS VARCHAR) AS page "
                "WHERE false)")
    rows = ", ".join(f"({_sql_text(i)}, {_sql_text(link)})" for i, link in sorted(pages))
    return f"pages(id, page) AS (VALUES {rows})"


def copy_accounts_json(report: Report, pages: list[tuple[str, str]], target: Path) -> None:
    """The accounts of ``analyze --format json`` as one JSON array, each with its page link
    (``pages``: account id and link, for the accounts that have a page)."""
    scores = ", ".join(f"'{c}': {c}_score" for c in CLASSES)
    columns = ", ".join(["a.id", "handle", "name", "class", "reason",
                         f"CASE WHEN consumer_score IS NOT NULL THEN {{{scores}}} END AS scores",
                         "followers", "following", "posts", "given", "received",
                         "follow_reciprocity", "interaction_reciprocity", "audience_ratio",
                         "lifetime_posts", "p.page"])
    report.snapshot.db.execute(
        f"COPY (WITH {_pages_cte(pages)} SELECT {columns} FROM {report.accounts_table} a "
        f"LEFT JOIN pages p ON p.id = a.id ORDER BY a.{report.id_order}) "
        f"TO {_sql_text(str(target))} "
        "(FORMAT json, ARRAY true)")


# an XML attribute value in single quotes, from any text: markup escaped, characters XML 1.0
# forbids dropped, line breaks and tabs as character references (so DuckDB's CSV writer,
# used here to write plain lines, never needs to quote)
XML_ATTRIBUTE = (
    "replace(replace(replace(replace(replace(replace(replace(replace("
    "regexp_replace({c}, '[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x{fffe}\\x{ffff}]', '', 'g'), "
    "'&', '&amp;'), '<', '&lt;'), '>', '&gt;'), '\"', '&quot;'), '''', '&apos;'), "
    "chr(10), '&#10;'), chr(13), '&#13;'), chr(9), '&#9;')")
# characters XML 1.0 cannot hold at all, not even as references (NUL is refused at load)
UNWRITABLE = (*range(0x01, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0xFFFE, 0xFFFF)


def _escaped_id(column: str) -> str:
    """SQL for an id as the GEXF names its node: as it is, unless it holds a backslash or a
    character XML cannot hold; then each backslash doubled and each such character written
    ``\\uXXXX``. Distinct ids stay distinct (dropping the characters made ``x`` and ``x`` +
    U+0001 one node, and let one account's edges land on another's)."""
    escaped = f"replace({column}, '\\', '\\\\')"
    for code in UNWRITABLE:
        escaped = f"replace({escaped}, chr({code}), '\\u{code:04x}')"
    return (f"CASE WHEN regexp_matches({column}, '[\\\\\\x01-\\x08\\x0b\\x0c\\x0e-\\x1f"
            f"\\x{{fffe}}\\x{{ffff}}]') THEN {escaped} ELSE {column} END")


def xml_id(column: str) -> str:
    """SQL for a node's id in an XML attribute: escaped as ``_escaped_id`` says, then as
    ``XML_ATTRIBUTE`` does."""
    return XML_ATTRIBUTE.replace("{c}", _escaped_id(column))


XML_ID = xml_id("id")
# a node's label: the account's handle, else its id (GEXF's own default for a label)
NODE_LINE = ("'<node id=''' || " + XML_ID + " || ''' label=''' || "
             + XML_ATTRIBUTE.replace("{c}", "coalesce(handle, id)")
             + " || '''><attvalues><attvalue for=''class'' value=''' || class "
             "|| '''/></attvalues></node>'")


def _copy_lines(db, query: str, target: Path) -> None:
    db.execute(f"COPY ({query}) TO {_sql_text(str(target))} "
               "(FORMAT csv, HEADER false, DELIMITER '\t', QUOTE '')")


def copy_gexf_lines(report: Report, nodes: Path, edges: Path) -> None:
    """One ``<node>`` line per account (handle and class) and one ``<edge>`` per follow."""
    db, public = report.snapshot.db, report.accounts_table
    _copy_lines(db, f"SELECT {NODE_LINE} FROM {public} ORDER BY {report.id_order}", nodes)
    _copy_lines(db, _edge_lines(report), edges)


# Nodes are named by their published id (a pseudonym when privacy is on) and edges listed in
# published-id order: nothing in the file follows the order of the original ids. Each
# account's id is escaped once, with its place in id order (dense: equal ids share one), and
# every follow joined to both ends by key: the lines of escaping and sorting both ids of each
# edge, at half the cost. The edges are sorted by one number naming the pair of places
# (``pair_key``), not by the two: 0.6 against 0.85 CPU s for 1M follows. An edge has no id
# (optional since GEXF 1.3; Gephi and NetworkX read edges without one): numbering the edges
# took a window over all of them, 0.2 of 0.46 CPU s for 1M follows, and 15 bytes each.
EDGE_ENDS = ("SELECT k, dense_rank() OVER (ORDER BY id) AS place, "
             + XML_ID + " AS xml_id FROM {public}")
EDGE_LINE = "'<edge source=''' || source || ''' target=''' || target || '''/>'"


def _edge_lines(report: Report) -> str:
    """The query of the ``<edge>`` lines: by source's published id, then target's."""
    ends = EDGE_ENDS.replace("{public}", report.accounts_table)
    return (f"WITH ends AS ({ends}), edges AS (SELECT {pair_key('a.place', 'b.place')} "
            "AS place_pair, a.xml_id AS source, b.xml_id AS target "
            f"FROM {report.snapshot.schema}.follows f "
            "JOIN ends a ON a.k = f.src JOIN ends b ON b.k = f.dst) "
            f"SELECT {EDGE_LINE} FROM edges ORDER BY place_pair")


# The accounts table of the site, written in chunks by a byte budget (sitegen.site.accounts_table)
TABLE_COLUMNS = ("handle", "name", "class", "followers", "following", "posts", "given",
                 "received", "follow_reciprocity")
NUMBERS = ("followers", "following", "posts", "given", "received", "follow_reciprocity")


def _inert(expression: str) -> str:
    """JSON text in which no '<', '>' or '&' can start markup."""
    return (f"replace(replace(replace({expression}, '<', '\\u003c'), '>', '\\u003e'), "
            "'&', '\\u0026')")


def _json_bytes(column: str) -> str:
    """The bytes a value takes in a JSON array, its comma included ('null' for none)."""
    return f"coalesce(strlen({_inert(f'to_json({column})')}), 4) + 1"


def table_classes(report: Report) -> list[str]:
    """The ways of use in the table, sorted: a row holds its class's position in this list."""
    rows = report.snapshot.db.execute(f"SELECT DISTINCT class FROM {report.accounts_table} "
                                      "WHERE class IS NOT NULL ORDER BY class").fetchall()
    return [r[0] for r in rows]


def table_chunks(report: Report, pages: list[tuple[str, str]], classes: list[str],
                 budget: int) -> list[tuple]:
    """The accounts in table order (``table_order``), cut into chunks of at most ``budget``
    bytes of JSON: per chunk, its first row, its row count, each column of
    ``TABLE_COLUMNS`` as a JSON array, the rows with a page and their links, the rows
    whose handle hides characters (``sitegen.handles``), and the rows of accounts without a
    handle (their ``handle`` is their id, shown as ``id ID``), as JSON.

    A row longer than half the budget has a chunk of its own; the others go to the chunk their
    first byte falls in, counted in steps of ``budget`` less the longest of them: so no chunk
    is over ``budget`` but one holding a single row longer than that."""
    codes = "[" + ", ".join(_sql_text(c) for c in classes) + "]" if classes else "[]::VARCHAR[]"
    sizes = " + ".join(_json_bytes(c) for c in TABLE_COLUMNS)
    arrays = ", ".join(_inert(f"to_json(list({c} ORDER BY row))") for c in TABLE_COLUMNS)
    linked = "FILTER (WHERE page IS NOT NULL)"
    marked = "FILTER (WHERE hidden)"
    bare = "FILTER (WHERE bare)"
    query = f"""
        WITH {_pages_cte(pages)},
        ordered AS (
            SELECT coalesce(a.handle, a.id) AS handle, a.handle IS NULL AS bare, a.name,
                   list_position({codes}, a.class) - 1 AS class,
                   {', '.join(f'a.{c}' for c in NUMBERS[:-1])},
                   round(a.follow_reciprocity, 4) AS follow_reciprocity, p.page,
                   list_contains(CAST($hidden AS VARCHAR[]), coalesce(a.handle, a.id))
                       AS hidden,
                   row_number() OVER (ORDER BY {table_order(report)[0]}) - 1 AS row
            FROM {report.accounts_table} a LEFT JOIN pages p ON p.id = a.id),
        sized AS (
            SELECT *, {sizes} + CASE WHEN page IS NULL THEN 0
                ELSE {_json_bytes('page')} + strlen(CAST(row AS VARCHAR)) + 1 END
                + CASE WHEN hidden THEN strlen(CAST(row AS VARCHAR)) + 1 ELSE 0 END
                + CASE WHEN bare THEN strlen(CAST(row AS VARCHAR)) + 1 ELSE 0 END AS bytes
            FROM ordered),
        -- runs of rows between long ones (2n), and the n-th long row alone (2n - 1)
        runs AS (
            SELECT *, 2 * sum(CAST(long AS INTEGER)) OVER (ORDER BY row ROWS UNBOUNDED
                PRECEDING) - CAST(long AS INTEGER) AS run,
                greatest({int(budget)} - max(bytes) FILTER (WHERE NOT long) OVER (), 1) AS step
            FROM (SELECT *, bytes > {int(budget) // 2} AS long FROM sized)),
        cut AS (
            SELECT *, (sum(bytes) OVER (PARTITION BY run ORDER BY row ROWS UNBOUNDED
                PRECEDING) - bytes) // step AS part
            FROM runs),
        placed AS (SELECT *, dense_rank() OVER (ORDER BY run, part) AS chunk FROM cut)
        SELECT chunk, min(row), count(*), {arrays},
               coalesce(to_json(list(row ORDER BY row) {linked}), '[]'),
               coalesce({_inert(f'to_json(list(page ORDER BY row) {linked})')}, '[]'),
               coalesce(to_json(list(row ORDER BY row) {marked}), '[]'),
               coalesce(to_json(list(row ORDER BY row) {bare}), '[]')
        FROM placed GROUP BY chunk ORDER BY chunk"""
    return report.snapshot.db.execute(query, {"hidden": hiding_handles(report)}).fetchall()


def table_order(report: Report) -> tuple[str, str | None, str]:
    """The table's order, as its "top" accounts are chosen (``Report.prominence``): SQL over
    the accounts aliased ``a``, the column it sorts by (None: by id alone), and its words."""
    order, words = report.prominence
    key = order.split()[0] if words else None
    if key is None:
        return "a.id", None, "id (nothing measured ranks the accounts)"
    return f"a.{order}, a.id", key, f"{key}, most first (none last), then id"


def hiding_handles(report: Report) -> list[str]:
    """The names the table shows (handles, else ids) that hide characters: asked of Python
    (the rule the theme's pages use) only for those with a character outside printable
    ASCII, a few at most."""
    rows = report.snapshot.db.execute(
        f"SELECT DISTINCT coalesce(handle, id) AS shown FROM {report.accounts_table} "
        "WHERE NOT regexp_full_match(coalesce(handle, id), $plain) ORDER BY shown",
        {"plain": PLAIN_PATTERN}).fetchall()
    return [handle for (handle,) in rows if hides_characters(handle)]

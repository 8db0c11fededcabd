"""Check raw (text) tables and turn them into typed tables keyed by integer account ids.

All checks of a table are counted in one SQL pass; only for a check that fails is the
first offending record fetched and its line looked up. Problems are collected and raised
together so that ``sitegen check`` can list them all.
"""

from __future__ import annotations

import dataclasses
import logging
from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING

from sitegen.errors import Problem
from sitegen.snapshots.coverage import EventCoverage, Window
from sitegen.snapshots.model import COUNT_COLUMNS, INTERACTION_KINDS
from sitegen.snapshots.readers import RawTable, ident

if TYPE_CHECKING:
    import duckdb

log = logging.getLogger(__name__)

# in UTC: a time with an offset or a zone goes through TIMESTAMPTZ; one without (most) is
# read as TIMESTAMP, five times faster and the same value (a date alone, 11 characters at
# most, skips the test for a zone)
WITH_ZONE = "CAST(TRY_CAST({c} AS TIMESTAMPTZ) AS TIMESTAMP)"
TIMESTAMP = (f"CASE WHEN length({{c}}) > 11 AND regexp_matches(substr({{c}}, 12), '[^0-9:. ]') "
             f"THEN {WITH_ZONE} "
             f"ELSE coalesce(TRY_CAST({{c}} AS TIMESTAMP), {WITH_ZONE}) END")
WHOLE = "TRY_CAST({c} AS DOUBLE)"
IS_BAD_WHOLE = (f"NOT (isfinite({WHOLE}) AND {WHOLE} >= 0 AND {WHOLE} = floor({WHOLE}))"
                f" OR {WHOLE} IS NULL")
IS_BAD_POSITIVE = f"{IS_BAD_WHOLE} OR {WHOLE} < 1"
IS_BAD_TIME = f"{TIMESTAMP} IS NULL"
# in UTC; refuses 'infinity' and years Python cannot hold (9999 is kept clear of the window)
IS_OUT_OF_TIME = (f"{TIMESTAMP} NOT BETWEEN TIMESTAMP '0001-01-01' "
                  "AND TIMESTAMP '9998-12-31 23:59:59.999999'")
IS_BAD_BOOL = "TRY_CAST({c} AS BOOLEAN) IS NULL"
MAX_PROFILE_COUNT = 10**12  # followers, following, posts of one account
MAX_EVENT_COUNT = 10**9  # events one interaction row stands for
TIME_EXPECTED = "a date or date-time (YYYY-MM-DD[THH:MM:SS])"


def too_large(maximum: int) -> str:
    """A whole number above ``maximum`` (the other checks catch what is not one)."""
    return f"isfinite({WHOLE}) AND {WHOLE} > {maximum}"


def blank(column: str, alias: str = "") -> str:
    c = alias + ident(column)
    return f"({c} IS NULL OR trim({c}) = '')"


class Checker:
    """Runs checks against one raw table and collects located problems."""

    def __init__(self, db: duckdb.DuckDBPyConnection | None, raw: RawTable, alias: str = ""):
        """``alias`` (``r.``) qualifies the columns: the conditions are then meant for a query
        of the caller's that joins the raw table under that name."""
        self.db, self.raw, self.alias, self.problems = db, raw, alias, []
        self.pending: list[tuple[str, str, str]] = []

    def first_where(self, column: str, condition: str, message: str) -> None:
        """Check that no record satisfies ``condition`` (counted later, in one pass)."""
        self.pending.append((column, condition, message))

    def run(self) -> list[Problem]:
        """Count every pending check in one scan; locate the first record of each failure."""
        if self.pending:
            counts = self.db.execute("SELECT " + ", ".join(
                f"count(*) FILTER (WHERE {condition})" for _, condition, _ in self.pending
            ) + f" FROM {self.raw.name}").fetchone()
            for (column, condition, message), count in zip(self.pending, counts):
                if count:
                    value = self.db.execute(f"SELECT {ident(column)} FROM {self.raw.name} "
                                            f"WHERE {condition} LIMIT 1").fetchone()[0]
                    self.report(column, value, message.format(value=value, column=column),
                                count)
        self.pending = []
        return self.problems

    def values(self, column: str, bad: str, expected: str) -> None:
        """Optional typed column: non-blank values must satisfy the type."""
        if column in self.raw.columns:
            c = f"trim({self.alias}{ident(column)})"
            self.first_where(column, f"NOT {blank(column, self.alias)} AND ({bad.format(c=c)})",
                             f"expected {expected} in column '{{column}}', got '{{value}}'")

    def report(self, column: str, value, message: str, count: int = 1, occurrence: int = 1):
        more = f" (and {count - 1} more)" if count > 1 else ""
        self.problems.append(self.raw.problem(self.db, column, value, message + more,
                                              occurrence))


def check_accounts(db: duckdb.DuckDBPyConnection, raw: RawTable) -> list[Problem]:
    """Ids present and unique; counts whole and non-negative; dates and flags parse."""
    check = Checker(db, raw)
    check.first_where("id", blank("id"), "empty value in column 'id'")
    check.run()
    # grouped by the expression: DuckDB takes a column of the file named like an alias first
    dup = db.execute(f"SELECT trim(id), count(*) FROM {raw.name} WHERE NOT {blank('id')} "
                     "GROUP BY trim(id) HAVING count(*) > 1 ORDER BY 1 LIMIT 1").fetchone()
    if dup:
        check.report("id", dup[0], f"duplicate account id '{dup[0]}' (first seen earlier)",
                     occurrence=2)
    for column in COUNT_COLUMNS:
        check.values(column, IS_BAD_WHOLE, "a whole number of 0 or more")
        check.values(column, too_large(MAX_PROFILE_COUNT),
                     f"a whole number of at most {MAX_PROFILE_COUNT:,}")
    check_times(check, "created_at")
    check.values("default_profile", IS_BAD_BOOL, "true or false")
    return check.run()


def check_edges(db: duckdb.DuckDBPyConnection, raw: RawTable, ends: tuple[str, ...],
                known: str | None, unknown_is_error: bool) -> list[Problem]:
    """Edge tables: both ends present and (when accounts are given) known accounts."""
    check = Checker(db, raw)
    if known and unknown_is_error:
        for end in ends:
            check.first_where(end, _unknown(end, known, raw.name),
                              "unknown account '{value}' in column '{column}'")
    return edge_checks(check, ends).run()


def edge_checks(check: Checker, ends: tuple[str, ...]) -> Checker:
    """The checks of an edge table's own values (ends present, dates, kinds, counts)."""
    for end in ends:
        check.first_where(end, blank(end, check.alias), f"empty value in column '{end}'")
    for column in ("since", "at"):
        check_times(check, column)
    if check.raw.spec.name == "interactions":
        kinds = ", ".join(f"'{k}'" for k in INTERACTION_KINDS)
        check.first_where("kind", blank("kind", check.alias), "empty value in column 'kind'")
        check.first_where("kind", f"NOT {blank('kind', check.alias)} AND "
                          f"lower(trim({check.alias}kind)) NOT IN ({kinds})",
                          f"expected one of {', '.join(INTERACTION_KINDS)} in column 'kind', "
                          "got '{value}'")
        check.values("count", IS_BAD_POSITIVE, "a whole number of 1 or more")
        check.values("count", too_large(MAX_EVENT_COUNT),
                     f"a whole number of at most {MAX_EVENT_COUNT:,}")
    return check


def check_times(check: Checker, column: str) -> None:
    check.values(column, IS_BAD_TIME, TIME_EXPECTED)
    check.values(column, IS_OUT_OF_TIME, "a date or date-time from year 1 to 9998")


def has_nul(raw: RawTable, alias: str = "") -> str:
    """SQL: a value of the record holds a NUL character (false, unread, when the file holds
    no NUL byte)."""
    if raw.nul_free:
        return "false"
    return f"contains(concat({', '.join(alias + ident(c) for c in raw.columns)}), chr(0))"


def check_text(db: duckdb.DuckDBPyConnection, raw: RawTable) -> list[Problem]:
    """No NUL character in any value: none may reach a page or a download."""
    if raw.nul_free or not db.execute(
            f"SELECT count(*) FROM {raw.name} WHERE {has_nul(raw)}").fetchone()[0]:
        return []  # one pass over the text; each column is checked only when one is found
    check = Checker(db, raw)
    for column in raw.columns:
        check.first_where(column, f"contains({ident(column)}, chr(0))",
                          "a NUL character (\\0) in column '{column}'")
    return check.run()


def _unknown(column: str, known: str, table: str) -> str:
    """SQL: the edge table's ``column`` names no account of ``known`` (qualified by
    ``table``: an accounts column of the same name, ``follower`` say, would be taken)."""
    return (f"NOT {blank(column)} AND NOT EXISTS (SELECT 1 FROM {known} a "
            f"WHERE trim(a.id) = trim({table}.{ident(column)}))")


def _col(raw: RawTable, column: str, expression: str = "{c}", sql_type: str = "VARCHAR",
         alias: str = ""):
    """A typed select item for an optional column (NULL when the file lacks it)."""
    if column not in raw.columns:
        return f"CAST(NULL AS {sql_type}) AS {ident(column)}"
    c = text_value(alias + ident(column))
    return f"CAST({expression.format(c=c)} AS {sql_type}) AS {ident(column)}"


def build_accounts(db, raw: RawTable | None, schema: str, attributes: tuple[str, ...],
                   edge_ids_sql: str) -> bool:
    """Typed accounts with a dense integer key ``k`` in id order (stable across runs);
    whether they pass the checks of ``check_accounts`` and ``check_text``, made in the same
    pass with each value parsed once (when they do not, ``check_accounts`` finds the records)."""
    if raw is None:
        db.execute(f"CREATE TABLE {schema}.accounts AS SELECT CAST(row_number() OVER (ORDER BY "
                   f"id) AS INTEGER) AS k, id, {', '.join(_none_account_columns())} "
                   f"FROM ({edge_ids_sql})")
        return True
    # helper names beside r.*: no account column may have one (column_maps.is_reserved)
    parsed = ["r.*", f"{has_nul(raw, 'r.')} AS sitegen_nul"]
    bad = [blank("id", "t."), "t.sitegen_nul"]
    typed = {}
    for column, template, checks, cast in ACCOUNT_VALUES:
        if column not in raw.columns:
            continue
        value = f"t.{ident(column + '__v')}"
        parsed += [f"{_expr(raw, column, template)} AS {ident(column + '__v')}",
                   f"{GIVEN.format(c=ident(column))} AS {ident(column + '__given')}"]
        bad += [f"t.{ident(column + '__given')} AND ({_on_value(check, value)})"
                for check in checks]
        typed[column] = f"{cast.format(v=value)} AS {ident(column)}"
    items = [_col(raw, "handle", alias="t."), _col(raw, "name", alias="t."),
             _col(raw, "bio", alias="t."),
             *(typed.get(c) or none for c, none in zip(
                 ("created_at", *COUNT_COLUMNS, "default_profile"),
                 _none_account_columns()[3:])),
             *(_col(raw, a, alias="t.") for a in attributes)]
    staged, keys = f"{schema}_staged_accounts", f"{schema}_account_keys"
    db.execute(f"CREATE OR REPLACE TEMP TABLE {staged} AS SELECT {trimmed('t.id')} AS id, "
               f"{', '.join(items)}, {' OR '.join(f'({c})' for c in bad)} AS sitegen_bad "
               f"FROM (SELECT {', '.join(parsed)} FROM {raw.name} r) t")
    # the keys from the ids alone (a window over whole rows would sort them all), with how
    # often each id occurs: more than once fails the checks
    db.execute(f"CREATE OR REPLACE TEMP TABLE {keys} AS SELECT id, CAST(row_number() OVER "
               f"(ORDER BY id) AS INTEGER) AS k, count(*) AS n FROM {staged} GROUP BY id")
    sound = not db.execute(f"SELECT count(*) FILTER (WHERE sitegen_bad) FROM {staged}"
                           ).fetchone()[0]
    sound = sound and not db.execute(f"SELECT 1 FROM {keys} WHERE n > 1 LIMIT 1").fetchone()
    db.execute(f"CREATE TABLE {schema}.accounts AS SELECT j.k, s.* EXCLUDE (sitegen_bad) "
               f"FROM {staged} s JOIN {keys} j ON j.id = s.id")
    db.execute(f"DROP TABLE {staged}")
    db.execute(f"DROP TABLE {keys}")
    return sound


# the typed account columns (column_maps.TYPED_ACCOUNT_COLUMNS, whose helper names no account
# column may have): template of the parsed value, its checks, the typed column
ACCOUNT_VALUES = (
    ("created_at", TIMESTAMP, (IS_BAD_TIME, IS_OUT_OF_TIME), "{v}"),
    *((c, WHOLE, (IS_BAD_WHOLE, too_large(MAX_PROFILE_COUNT)), "TRY_CAST({v} AS BIGINT)")
      for c in COUNT_COLUMNS),
    ("default_profile", "TRY_CAST({c} AS BOOLEAN)", ("{c} IS NULL",), "{v}"),
)


def _none_account_columns() -> list[str]:
    return ["CAST(NULL AS VARCHAR) AS handle", "CAST(NULL AS VARCHAR) AS name",
            "CAST(NULL AS VARCHAR) AS bio", "CAST(NULL AS TIMESTAMP) AS created_at",
            *(f"CAST(NULL AS BIGINT) AS {c}" for c in COUNT_COLUMNS),
            "CAST(NULL AS BOOLEAN) AS default_profile"]


# per edge table: its ends (joined to the account keys) and its typed columns
EDGE_TABLES = {
    "follows": (("follower", "followed"), "src INTEGER, dst INTEGER, since TIMESTAMP",
                "CAST({since} AS TIMESTAMP) AS since"),
    "interactions": (("source", "target"), "src INTEGER, dst INTEGER, kind VARCHAR, "
                     "interacted_at TIMESTAMP, timed BOOLEAN, count BIGINT",
                     "{kind} AS kind, CAST({at} AS TIMESTAMP) AS interacted_at, "
                     "CAST({timed} AS BOOLEAN) AS timed, {count} AS count"),
    "posts": (("author",), "author INTEGER, posted_at TIMESTAMP, timed BOOLEAN, id VARCHAR, "
              "text VARCHAR",
              "CAST({at} AS TIMESTAMP) AS posted_at, CAST({timed} AS BOOLEAN) AS timed, "
              "CAST({post_id} AS VARCHAR) AS id, CAST({text} AS VARCHAR) AS text"),
}
KEYS = {"follows": ("src", "dst"), "interactions": ("src", "dst"), "posts": ("author",)}
PAIR_BASE = 4294967296  # src * PAIR_BASE + dst names an ordered pair of keys


def pair_key(src: str, dst: str) -> str:
    """SQL for one BIGINT naming the ordered pair of account keys ``src`` -> ``dst`` (keys are
    positive INTEGERs): grouping or joining edges on it is faster than on the two columns."""
    return f"(CAST({src} AS BIGINT) * {PAIR_BASE} + {dst})"


def pair_ends(pair: str) -> str:
    """SQL for the two keys of ``pair_key``'s number ``pair``, as ``src, dst``."""
    return (f"CAST({pair} // {PAIR_BASE} AS INTEGER) AS src, "
            f"CAST({pair} % {PAIR_BASE} AS INTEGER) AS dst")


# a time of day, not a date alone: DuckDB reads none without its minutes (23:51), and no
# other ':' in a value it reads as a time (a search of the text, half a regular expression's
# cost; the expression it replaced, a digit, 'T' or ' ', a digit, took '05 10 1' for one and
# missed '2023-12-10  23:51')
HAS_TIME = "contains({c}, ':')"
IN_WINDOW = "({at} IS NULL OR ({at} >= $start AND {at} < $stop))"


def trimmed(column: str) -> str:
    """SQL for ``trim(column)``, trimmed only where that can change it: DuckDB's trim removes
    the space separators of Unicode (' ', no-break space, ideographic space ...), so a plain
    ASCII value that neither starts nor ends with ' ' (most ids) is taken as it is, for a
    third of trim's cost on the ends of 10M follows (0.87 against 1.36 CPU s)."""
    return (f"CASE WHEN prefix({column}, ' ') OR suffix({column}, ' ') "
            f"OR strlen({column}) <> length({column}) THEN trim({column}) ELSE {column} END")


def text_value(column: str) -> str:
    """SQL for ``NULLIF(trim(column), '')``, the value a check or a cast reads, trimmed as
    ``trimmed`` does (0.35 CPU s less on the times of 5M interactions)."""
    return f"NULLIF({trimmed(column)}, '')"


GIVEN = text_value("r.{c}") + " IS NOT NULL"  # a raw value is given: not blank, trimmed


def window_params(window: Window | None) -> dict:
    """The bounds bound into IN_WINDOW: the window's first day to the day after its last."""
    if window is None:
        return {"start": datetime(1, 1, 1), "stop": datetime(9999, 12, 31)}
    return {"start": datetime.combine(window.start, time()),
            "stop": datetime.combine(window.end + timedelta(days=1), time())}


def key_edges(db, schema: str, raws: dict[str, RawTable], unknown_is_error: bool) -> list[str]:
    """Join each raw edge table to the account keys once, into a temporary table of typed
    columns (``keyed(schema, name)``) flagging as ``bad`` the records that a check of
    ``check_edges`` or ``check_text`` refuses, all in one pass; return the names of the
    tables with such records (to be checked again, record by record, for the messages).

    Each value is parsed once, in a subquery; the checks are those of ``edge_checks``, made
    from the same templates but on the parsed values."""
    failing = []
    for name, (ends, _, select) in EDGE_TABLES.items():
        raw = raws.get(name)
        if raw is None:
            continue
        joins = [(key, f"j{i}", f"t.e{i}") for i, key in enumerate(KEYS[name])]
        parsed, bad, fill = _parsed(raw, ends)
        if unknown_is_error and "accounts" in raws:
            bad += [f"{j}.k IS NULL" for _, j, _ in joins]
        statement = (
            f"CREATE OR REPLACE TEMP TABLE {keyed(schema, name)} AS SELECT "
            + "".join(f"{j}.k AS {key}, " for key, j, _ in joins)
            + f"{select.format(**fill)}, {' OR '.join(f'({c})' for c in bad)} AS bad "
            f"FROM (SELECT {', '.join(parsed)} FROM {raw.name} r) t "
            + " ".join(f"LEFT JOIN {schema}.accounts {j} ON {j}.id = {end}"
                       for _, j, end in joins))
        try:  # the file itself is read here when its reading was deferred
            db.execute(statement)
        except Exception as error:
            if raw.pending is None or not raw.pending.read_after(error):
                raise
            db.execute(statement)
        if db.execute(f"SELECT count(*) FILTER (WHERE bad) FROM {keyed(schema, name)}"
                      ).fetchone()[0]:
            failing.append(name)
    return failing


def _on_value(template: str, parsed: str) -> str:
    """A check's template (``IS_BAD_TIME`` ...) applied to an already parsed value (a number
    stays a visible cast to DOUBLE, a no-op in DuckDB, that the Spark fix-ups look for)."""
    return template.replace(TIMESTAMP, "{c}").replace(WHOLE, "CAST({c} AS DOUBLE)").format(
        c=parsed)


def _parsed(raw: RawTable, ends: tuple[str, ...]) -> tuple[list[str], list[str], dict]:
    """For ``key_edges``: the subquery's items (each value trimmed and parsed once, as
    ``t.*``), the checks on them, and the typed columns' expressions."""
    parsed = [f"{trimmed(f'r.{ident(end)}')} AS e{i}" for i, end in enumerate(ends)]
    bad = [f"(t.e{i} IS NULL OR t.e{i} = '')" for i in range(len(ends))]
    fill = {"since": "NULL", "at": "NULL", "timed": "false", "count": "1", "post_id": "NULL",
            "text": "NULL", "kind": "t.kind"}
    for column in ("since", "at"):
        if column in raw.columns:
            parsed += [f"{_expr(raw, column, TIMESTAMP)} AS {column}_t",
                       f"{GIVEN.format(c=ident(column))} AS {column}_given"]
            bad += [f"t.{column}_given AND ({_on_value(check, f't.{column}_t')})"
                    for check in (IS_BAD_TIME, IS_OUT_OF_TIME)]
            fill[column] = f"t.{column}_t"
    if "at" in raw.columns:
        parsed.append(f"{_expr(raw, 'at', HAS_TIME)} AS at_timed")
        fill["timed"] = "t.at_timed"
    if raw.spec.name == "interactions":
        kinds = ", ".join(f"'{k}'" for k in INTERACTION_KINDS)
        # a kind written as sitegen names it is taken as it is (most are): the others are
        # trimmed and lowered first
        parsed.append(f"CASE WHEN r.kind IN ({kinds}) THEN r.kind ELSE lower(trim(r.kind)) END "
                      "AS kind")
        bad.append(f"coalesce(t.kind, '') NOT IN ({kinds})")
        if "count" in raw.columns:
            parsed += [f"{_expr(raw, 'count', WHOLE)} AS count_w",
                       f"{GIVEN.format(c=ident('count'))} AS count_given"]
            bad += [f"t.count_given AND ({_on_value(check, 't.count_w')})"
                    for check in (IS_BAD_POSITIVE, too_large(MAX_EVENT_COUNT))]
            fill["count"] = "coalesce(TRY_CAST(t.count_w AS BIGINT), 1)"
    for column, key in (("id", "post_id"), ("text", "text")):
        if raw.spec.name == "posts" and column in raw.columns:
            parsed.append(f"{_expr(raw, column, '{c}')} AS {column}_t")
            fill[key] = f"t.{column}_t"
    parsed.append(f"{has_nul(raw, 'r.')} AS nul")
    bad.append("t.nul")
    unread = [c for c in raw.columns if c not in _read_columns(raw, ends)]
    if raw.pending is not None and not raw.pending.done and raw.nul_free and unread:
        # a file keyed as it is read (readers.defer_csv): DuckDB checks that text is UTF-8
        # only in the columns a query reads, so the others are read too (a length is never
        # negative: no record is flagged; the NUL check above reads them all otherwise)
        parsed.append(" OR ".join(f"strlen(r.{ident(c)}) < 0" for c in unread) + " AS unread")
        bad.append("t.unread")
    return parsed, bad, fill


def _read_columns(raw: RawTable, ends: tuple[str, ...]) -> set[str]:
    """The columns of an edge file that ``_parsed``'s items read (the others are read for
    their check of UTF-8 alone: 0.1 s for 10M follows when it read them all)."""
    read = {*ends, "since", "at"}
    read |= {"interactions": {"kind", "count"}, "posts": {"id", "text"}}.get(raw.spec.name,
                                                                             set())
    return read & set(raw.columns)


def keyed(schema: str, name: str) -> str:
    """The temporary table of an edge table's records joined to the account keys."""
    return f"{schema}_keyed_{name}"


def build_edges(db, schema: str, raws: dict[str, RawTable],
                window: Window | None) -> tuple[list[str], dict[str, EventCoverage]]:
    """Typed edge tables keyed by account, from ``key_edges``'s tables (then dropped);
    warnings about dropped rows, and what the timed tables hold.

    The rows naming unknown accounts (a NULL key), self-edges and interactions dated outside
    the window are counted in the keyed tables and left out.
    """
    warnings: list[str] = []
    coverage: dict[str, EventCoverage] = {}
    kept = "src IS NOT NULL AND dst IS NOT NULL AND src <> dst"
    for name in ("follows", "interactions"):
        raw, table = raws.get(name), keyed(schema, name)
        if raw is None:
            db.execute(f"CREATE TABLE {schema}.{name} ({EDGE_TABLES[name][1]})")
            continue
        if name == "follows":  # grouped by one number naming the pair: faster than by two
            db.execute(f"CREATE TABLE {schema}.follows AS SELECT {pair_ends('pair')}, since FROM ("
                       f"SELECT {pair_key('src', 'dst')} AS pair, "
                       f"min(since) AS since FROM {table} WHERE {kept} GROUP BY pair)")
        else:
            in_window = IN_WINDOW.format(at="interacted_at")
            db.execute(f"CREATE TABLE {schema}.interactions AS SELECT src, dst, kind, "
                       f"interacted_at, timed, count FROM {table} WHERE {kept} AND {in_window}",
                       window_params(window))
            coverage[name], outside = _event_coverage(db, table, "interacted_at", kept, window)
            if outside:
                warnings.append(f"{raw.path}: left out {outside} interactions dated outside "
                                f"{_window_text(window)}")
        warnings += _edge_warnings(db, schema, table, raw, name)
        db.execute(f"DROP TABLE {table}")
    posts_warnings, coverage["posts"] = _build_posts(db, schema, raws.get("posts"), window)
    return warnings + posts_warnings, coverage


def _window_text(window: Window) -> str:
    return (f"the window {window.start} to {window.end} (window_days {window.days}; "
            "widen it in snapshot.yml)")


# per timed table: rows in the window (with a date, and with a time of day), undated rows,
# and rows dated outside the window; among the rows the other checks keep
EVENT_COVERAGE_SQL = """
SELECT count(*) FILTER (WHERE {at} IS NOT NULL AND {in_window}),
       count(*) FILTER (WHERE {at} IS NOT NULL AND {in_window} AND timed),
       count(*) FILTER (WHERE {at} IS NULL),
       count(*) FILTER (WHERE NOT {in_window})
FROM {table} WHERE {kept}
"""


def _event_coverage(db, table: str, at: str, kept: str, window: Window | None,
                    duplicates: int = 0) -> tuple[EventCoverage, int]:
    sql = EVENT_COVERAGE_SQL.format(at=at, in_window=IN_WINDOW.format(at=at), table=table,
                                    kept=kept)
    timed, with_time, undated, outside = db.execute(sql, window_params(window)).fetchone()
    return EventCoverage(True, timed, with_time, undated, outside, duplicates), outside


def _expr(raw: RawTable, column: str, template: str, default: str = "NULL") -> str:
    if column not in raw.columns:
        return default
    return template.format(c=text_value(f"r.{ident(column)}"))


def _edge_warnings(db, schema: str, keyed: str, raw: RawTable, name: str) -> list[str]:
    total, selfish, unknown = db.execute(
        f"SELECT count(*), count(*) FILTER (WHERE src = dst), "
        f"count(*) FILTER (WHERE src IS NULL OR dst IS NULL) FROM {keyed}").fetchone()
    warnings = []
    if selfish:
        what = "self-follows" if name == "follows" else "self-interactions"
        warnings.append(f"{raw.path}: dropped {selfish} {what}")
    if unknown:
        warnings.append(f"{raw.path}: dropped {unknown} rows naming unknown accounts")
    if name == "follows":
        kept = db.execute(f"SELECT count(*) FROM {schema}.follows").fetchone()[0]
        duplicates = total - selfish - unknown - kept
        if duplicates > 0:
            log.info("%s: %d duplicate follows collapsed", raw.path, duplicates)
    return warnings


# posts: one row per post id (rows without an id are all kept; of copies, one dated inside
# the window first: the QUALIFY clause, added only when an id repeats, since its window over
# every post took 0.24 s of 1M posts, and counting the ids 0.05), then only those inside the
# window
POSTS_SQL = ("""
CREATE TEMP TABLE {unique} AS SELECT author, posted_at, timed, id, text FROM {keyed}
WHERE author IS NOT NULL
""", """
CREATE TABLE {s}.posts AS SELECT author, posted_at, timed, id, text FROM {unique}
WHERE {in_window}
""")
ONE_PER_ID = """QUALIFY id IS NULL OR row_number() OVER (
  PARTITION BY id ORDER BY {in_window} DESC, posted_at NULLS LAST, author) = 1
"""


def _build_posts(db, schema: str, raw: RawTable | None,
                 window: Window | None) -> tuple[list[str], EventCoverage]:
    if raw is None:
        db.execute(f"CREATE TABLE {schema}.posts ({EDGE_TABLES['posts'][1]})")
        return [], EventCoverage()
    table, unique = keyed(schema, "posts"), f"{schema}_unique_posts"
    fill = dict(keyed=table, unique=unique, s=schema, in_window=IN_WINDOW.format(at="posted_at"))
    repeated = db.execute(f"SELECT count(id) > count(DISTINCT id) FROM {table} "
                          "WHERE author IS NOT NULL").fetchone()[0]
    unique_sql, posts_sql = POSTS_SQL
    if repeated:
        db.execute((unique_sql + ONE_PER_ID).format(**fill), window_params(window))
    else:
        db.execute(unique_sql.format(**fill))
    db.execute(posts_sql.format(**fill), window_params(window))
    rows, dropped = db.execute(f"SELECT count(author), count(*) FILTER (WHERE author IS NULL) "
                               f"FROM {table}").fetchone()
    kept = db.execute(f"SELECT count(*) FROM {unique}").fetchone()[0]
    coverage, outside = _event_coverage(db, unique, "posted_at", "true", window, rows - kept)
    with_text = db.execute(f"SELECT count(text) FROM {schema}.posts").fetchone()[0]
    coverage = dataclasses.replace(coverage, with_text=with_text)
    db.execute(f"DROP TABLE {table}; DROP TABLE {unique}")
    warnings = []
    if rows > kept:
        warnings.append(f"{raw.path}: {rows - kept} rows repeat the id of an earlier post "
                        "(collapsed)")
    if outside:
        warnings.append(f"{raw.path}: left out {outside} posts dated outside "
                        f"{_window_text(window)}")
    if dropped:
        warnings.append(f"{raw.path}: dropped {dropped} posts by unknown accounts")
    return warnings, coverage

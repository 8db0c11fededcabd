"""``--from edgelist``: SNAP-style text edge lists, plain or gzipped, read by DuckDB.

One edge a line, ``a b [third [fourth]]``, separated by tabs, runs of spaces, or commas (when
the first edge line holds one). Blank lines, lines starting with ``#`` or ``%``, and a first
line naming the columns (``HEADER_WORDS``) are skipped. Ids stay text (``007`` is not ``7``).
Every edge line of a file has as many columns. What a line is, by the first rule that fits:

1. ``a b time RT|MT|RE`` (Higgs ``activity_time``): ``a`` retweeted (RT: repost), mentioned
   (MT) or replied to (RE) ``b`` at that unix time (or a kind: reply, repost, quote...).
2. ``a b RT|MT|RE`` (or a kind): an undated interaction of that kind.
3. in a file whose name holds a word for a kind (``NAME_WORDS``, singular or plural, e.g.
   ``higgs-reply_network.edgelist``): an interaction of that kind, ``a`` acting on ``b``; a
   third column of unix times dates it, of whole numbers counts it (0: left out); other
   weights are dropped.
4. else a follow, ``a`` follows ``b`` (``--undirected``: both ways, ties without direction);
   a third column of unix times is its ``since``; weights are dropped (a follow exists or not).

A third column holds unix times when every value is a whole number above 10^8 (1973-03-03)
and below 10^14; from 10^11 they are milliseconds. ``--undirected`` applies to follows only.
"""

from __future__ import annotations

import gzip
import logging
import re
from collections import namedtuple
from collections.abc import Callable, Iterator
from contextlib import closing
from pathlib import Path

import duckdb

from sitegen.errors import Problem, SnapshotError
from sitegen.importing.sink import SnapshotSink
from sitegen.schemes import read_name
from sitegen.snapshots.model import INTERACTION_KINDS

log = logging.getLogger(__name__)

KIND_CODES = {"rt": "repost", "mt": "mention", "re": "reply", **{k: k for k in INTERACTION_KINDS}}
NAME_WORDS = {"retweet": "repost", "replies": "reply", "favorite": "like", "favourite": "like",
              **{k: k for k in INTERACTION_KINDS}}
HEADER_WORDS = {"source", "target", "src", "dst", "from", "to", "follower", "followed", "followee",
                "following", "fromnodeid", "tonodeid", "node1", "node2"}
UNIX_TIME_ABOVE, MILLISECONDS_FROM, TIME_BELOW = 10**8, 10**11, 10**14
FORMAT_HINT = "one edge a line: source target [weight or unix time] [RT|MT|RE]"

NUMBER = "TRY_CAST(c AS DOUBLE)"
WHOLE = f"(isfinite({NUMBER}) AND {NUMBER} >= 0 AND {NUMBER} = floor({NUMBER}))"
CODES = "(" + ", ".join(f"'{code}'" for code in KIND_CODES) + ")"
# one pass over the edge lines (fields a b c d, n of them): their shape, what the third and
# fourth fields hold, and whether DuckDB's CSV reader split every line cleanly
PROFILE = f"""SELECT coalesce(min(n), 0), coalesce(max(n), 0),
    count(*) FILTER (WHERE a = '' OR b = ''),
    count(*) FILTER (WHERE n >= 3 AND lower(c) NOT IN {CODES}),
    count(*) FILTER (WHERE n >= 3 AND {NUMBER} IS NULL),
    count(*) FILTER (WHERE n >= 3 AND NOT coalesce({WHOLE}, false)),
    min({NUMBER}), max({NUMBER}),
    count(*) FILTER (WHERE n >= 4 AND lower(d) NOT IN {CODES}),
    count(*) FILTER (WHERE irregular), count(*),
    count(*) FILTER (WHERE TRY_CAST(a AS DOUBLE) IS NULL OR TRY_CAST(b AS DOUBLE) IS NULL)
    FROM ({{lines}})"""
# DuckDB's CSV reader: a column per field (six, to see lines with too many), or one column
# per line (``delim`` a control character) split in SQL
READ_CSV = ("read_csv(?, columns = {{{columns}}}, header = false, delim = '{delim}', "
            "quote = '', escape = '', auto_detect = false, strict_mode = false, "
            "null_padding = true, compression = '{compression}')")
CELLS = ("c1", "c2", "c3", "c4", "c5", "c6")
KIND = "CASE lower({}) " + " ".join(f"WHEN '{code}' THEN '{kind}'" for code, kind in
                                    KIND_CODES.items()) + " END"
# a unix time (seconds, or milliseconds from 10^11) as an ISO 8601 UTC date-time
TIME = (f"strftime(epoch_ms(CAST(CASE WHEN {NUMBER} >= {MILLISECONDS_FROM} THEN {NUMBER} "
        f"ELSE {NUMBER} * 1000 END AS BIGINT)), '%Y-%m-%dT%H:%M:%SZ')")
SPLIT = {False: "[x FOR x IN string_split(replace(replace(line, chr(9), ' '), chr(13), ' '), "
                "' ') IF x <> '']",
         True: "[trim(x, ' ' || chr(9) || chr(13)) FOR x IN "
               "string_split(rtrim(line, ', ' || chr(9) || chr(13)), ',')]"}


# a file's separator (comma, else spaces and tabs; a tab in its first edge line), the column
# names of its header line (or None), the fields and number of its first edge line
Layout = namedtuple("Layout", "comma tab header fields first")
Profile = namedtuple("Profile", "least most blank_ids third_not_code third_not_number "
                     "third_not_whole third_min third_max fourth_not_code irregular lines "
                     "text_ids")


def read(sources: list[Path], sink: SnapshotSink, options, progress=None) -> None:
    """Stage the edges of every edge list in ``sources``."""
    for folder in [source for source in sources if source.is_dir()][:1]:
        raise SnapshotError(Problem("a folder: give the edge list files", folder,
                                    hint="e.g. sitegen import data/*.edgelist --from edgelist"))
    task = progress and progress.add_task("edge lists", total=sum(f.stat().st_size
                                                                  for f in sources))
    config = {"memory_limit": options.memory_limit,
              "temp_directory": str(sink.folder / "spill-edgelist")}
    with duckdb.connect(config=config) as db:
        for file in sources:
            _read_file(file, sink, options, db)
            if progress:
                progress.advance(task, file.stat().st_size)


def _read_file(path: Path, sink: SnapshotSink, options, db) -> None:
    layout = _layout(path)
    if layout is None:
        log.warning("%s: no edges in the file", path)
        return
    try:  # DuckDB's CSV reader splits the lines (fast); if it could not split them all
        # cleanly (runs of spaces), or to locate a problem, each line is split in SQL
        for lines in (_cells_sql(path, layout), _split_sql(path, layout)):
            profile = Profile(*db.execute(PROFILE.format(lines=lines),
                                          [read_name(path)]).fetchone())
            if not (profile.irregular or profile.blank_ids) and \
                    2 <= profile.least == profile.most <= 4:
                break
        _check(path, layout, profile)
        table, query = _plan(path, layout, profile, options, lines)
        rows = sink.stage_query(table, db, query, [read_name(path)])
    except duckdb.Error as error:
        raise _unreadable(path, error) from None
    sink.undirected = sink.undirected or (table == "follows" and not options.directed)
    log.info("%s: %s %s", path, f"{rows:,}", table)


def _layout(path: Path) -> Layout | None:
    """The separator, header and first edge line."""
    with closing(_edge_lines(path)) as lines:
        number, line = next(lines, (0, ""))
        comma, tab, header = "," in line, "\t" in line, _split(line, "," in line)
        if len(header) >= 2 and all(f.lower() in HEADER_WORDS for f in header[:2]):
            number, line = next(lines, (0, ""))
        else:
            header = None
    return Layout(comma, tab, header, _split(line, comma), number) if line else None


def _cells_sql(path: Path, layout: Layout) -> str:
    """The edge lines as fields ``a b c d``, ``n`` of them, by DuckDB's CSV reader."""
    delim = "," if layout.comma else "\t" if layout.tab else " "
    cells = [f"coalesce(trim({c}, ' ' || chr(9)), '')" if layout.comma else f"coalesce({c}, '')"
             for c in CELLS]  # an empty field is NULL to DuckDB's reader
    count = " ".join(f"WHEN {c} <> '' THEN {i}" for i, c in reversed(list(enumerate(CELLS, 1))))
    gaps = " OR ".join(f"{c} = '' AND n > {i}" for i, c in enumerate(CELLS, 1))
    source = READ_CSV.format(columns=", ".join(f"'{c}': 'VARCHAR'" for c in CELLS),
                             delim=delim, compression=_compression(path))
    read = f"SELECT {', '.join(f'{v} AS {c}' for v, c in zip(cells, CELLS))} FROM {source}"
    numbered = f"SELECT *, CASE {count} ELSE 0 END AS n FROM ({read})"
    return _kept(f"SELECT c1 AS a, c2 AS b, c3 AS c, c4 AS d, n, ({gaps}) AS irregular "
                 f"FROM ({numbered})", layout)  # irregular: an empty field before a full one


def _split_sql(path: Path, layout: Layout) -> str:
    """The edge lines as fields, each line read whole and split in SQL."""
    source = READ_CSV.format(columns="'line': 'VARCHAR'", delim="\x01",
                             compression=_compression(path))
    return _kept(f"SELECT p[1] AS a, p[2] AS b, p[3] AS c, p[4] AS d, len(p) AS n, "
                 f"false AS irregular FROM (SELECT {SPLIT[layout.comma]} AS p FROM {source} "
                 "WHERE line IS NOT NULL)", layout)


def _kept(query: str, layout: Layout) -> str:
    """Without blank lines, comments and the header (its words are SQL string literals)."""
    keep = "n > 0 AND NOT (n = 1 AND a = '') AND left(a, 1) NOT IN ('#', '%')"
    if layout.header:
        a, b = (word.replace("'", "''") for word in layout.header[:2])
        keep += f" AND NOT (a = '{a}' AND b = '{b}')"
    return f"SELECT * FROM ({query}) WHERE {keep}"


def _check(path: Path, layout: Layout, profile: Profile) -> None:
    """Two to four fields a line, as many as the first; ids; readable third and fourth."""
    width, first = len(layout.fields), layout.fields
    if profile.text_ids == 1 < profile.lines and _number(first[0]) is None \
            and _number(first[1]) is None:  # words above numbers: a header sitegen cannot read
        raise SnapshotError(Problem(
            f"the first line ('{' '.join(first)}') looks like a header, but its names are not "
            "ones sitegen knows, and every other line has numbers for ids", path, layout.first,
            hint="name them as sitegen knows them ('source target', 'follower followed', "
                 "'from to' ...), or remove the line (an edge between accounts named so: put "
                 "it on a later line)"))
    if not 2 <= profile.least == profile.most <= 4:
        _fail(path, layout, lambda f: len(f) != width or not 2 <= len(f) <= 4,
              lambda f: "one column: an edge needs two ids (source and target)"
              if len(f) < 2 else f"{len(f)} columns: expected 2 to 4" if len(f) > 4
              else f"{len(f)} columns where line {layout.first} has {width}")
    if profile.blank_ids:
        _fail(path, layout, lambda f: not f[0] or not f[1], lambda f: "an empty id")
    if width == 4 and (profile.third_not_whole or profile.fourth_not_code):
        _fail(path, layout, lambda f: not whole_number(f[2]) or f[3].lower() not in KIND_CODES,
              lambda f: f"expected 'a b time RT|MT|RE' with a unix time in whole seconds, got "
                        f"'{' '.join(f)}'")
    if width == 3 and profile.third_not_code and profile.third_not_number:
        codes = first[2].lower() in KIND_CODES
        expected = "RT, MT or RE" if codes else "a number (a weight or a unix time)"
        _fail(path, layout, lambda f: (f[2].lower() in KIND_CODES) != codes
              or (not codes and _number(f[2]) is None),
              lambda f: f"third column '{f[2]}': expected {expected}, as on line "
                        f"{layout.first}")


def _plan(path: Path, layout: Layout, profile: Profile, options, lines: str) -> tuple[str, str]:
    """Which table the file's lines go to, and the query giving its rows."""
    width = len(layout.fields)
    if width == 4:
        return "interactions", _interactions(lines, KIND.format("d"), at=TIME)
    if width == 3 and not profile.third_not_code:
        return "interactions", _interactions(lines, KIND.format("c"))
    times = width == 3 and not profile.third_not_whole and \
        profile.third_min > UNIX_TIME_ABOVE and profile.third_max < TIME_BELOW
    named = _named_kind(path)
    if named is not None:
        if not options.directed:
            log.warning("%s: --undirected applies to follows, not interactions", path)
        if width == 2 or times:
            return "interactions", _interactions(lines, f"'{named}'", TIME if times else "NULL")
        if not profile.third_not_whole:
            return "interactions", _interactions(lines, f"'{named}'", count="CAST(TRY_CAST(c "
                                                 "AS DOUBLE) AS BIGINT)", where=f"{NUMBER} > 0")
        log.warning("%s: weights that are not whole numbers: each line counted once", path)
        return "interactions", _interactions(lines, f"'{named}'")
    if width == 3 and not times:  # data left behind: said, not only logged
        log.warning("%s: read as follows (its name says no interaction kind); the third "
                    "column (weights) is not imported: a follow exists or not", path)
    return "follows", _follows(lines, TIME if times else "NULL", options.directed)


def _interactions(lines: str, kind: str, at: str = "NULL", count: str = "NULL",
                  where: str = "true") -> str:
    return (f"SELECT a AS source, b AS target, {kind} AS kind, {at} AS \"at\", "
            f"{count} AS \"count\" FROM ({lines}) WHERE {where}")


def _follows(lines: str, since: str, directed: bool) -> str:
    if directed:
        return f"SELECT a AS follower, b AS followed, {since} AS since FROM ({lines})"
    # a mutual tie: both ways, in one pass over the file (a self-loop once)
    return (f"SELECT CASE WHEN way THEN a ELSE b END AS follower, "
            f"CASE WHEN way THEN b ELSE a END AS followed, {since} AS since "
            f"FROM ({lines}), (VALUES (true), (false)) AS ways(way) WHERE way OR a <> b")


def _named_kind(path: Path) -> str | None:
    """The kind of interaction a file's name says (``higgs-retweet_network`` -> repost)."""
    words = re.split(r"[^a-z]+", path.name.lower())
    kinds = sorted({NAME_WORDS.get(w, NAME_WORDS.get(w.removesuffix("s"))) for w in words}
                   - {None})
    if len(kinds) > 1:
        raise SnapshotError(Problem(f"the file name names {' and '.join(kinds)}: one kind of "
                                    "interaction a file", path,
                                    hint="rename the file so that it names one kind"))
    return kinds[0] if kinds else None


# --- Python reads only the first lines, and the lines of a file with a problem --------------


def _edge_lines(path: Path) -> Iterator[tuple[int, str]]:
    """The lines that are neither blank nor comments, with their numbers."""
    try:
        with _open(path, "rt", encoding="utf-8-sig", errors="replace") as handle:
            for number, line in enumerate(handle, start=1):
                if line.strip() and line.strip()[0] not in "#%":
                    yield number, line
    except (OSError, EOFError) as error:
        raise SnapshotError(Problem(f"cannot read the file: {error}", path)) from None


def _split(line: str, comma: bool) -> list[str]:
    """A line's fields; empty ones ending a line of commas are none (a spreadsheet's empty
    column, as DuckDB's reader counts them too)."""
    return [x.strip(" \t") for x in line.rstrip(", \t\r\n").split(",")] if comma else \
        [x for x in re.split(r"[ \t\r\n]", line) if x]


def _fail(path: Path, layout: Layout, bad: Callable[[list[str]], bool],
          message: Callable[[list[str]], str]) -> None:
    """Raise for the first edge line for which ``bad`` holds."""
    for number, line in _edge_lines(path):
        fields = _split(line, layout.comma)
        if number >= layout.first and bad(fields):
            raise SnapshotError(Problem(message(fields), path, number, hint=FORMAT_HINT))
    raise SnapshotError(Problem("malformed edge list", path, hint=FORMAT_HINT))


def _unreadable(path: Path, error: Exception) -> SnapshotError:
    """DuckDB could not read the file: name its first line that is not UTF-8, if any."""
    try:
        with _open(path, "rb") as handle:
            bad = next((number for number, raw in enumerate(handle, start=1)
                        if "\ufffd" in raw.decode("utf-8", "replace")), None)
    except (OSError, EOFError) as failure:
        return SnapshotError(Problem(f"cannot read the file: {failure}", path))
    if bad is not None:
        return SnapshotError(Problem("not UTF-8 text", path, bad, hint="save it as UTF-8"))
    first = (str(error).strip().splitlines() or [type(error).__name__])[0]
    return SnapshotError(Problem(f"cannot read the edge list: {first}", path, hint=FORMAT_HINT))


def _compression(path: Path) -> str:
    return "gzip" if path.name.lower().endswith(".gz") else "none"


def _open(path: Path, mode: str, **text):
    return (gzip.open if _compression(path) == "gzip" else open)(path, mode, **text)


def _number(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def whole_number(text: str, least: int = 0) -> bool:
    """``text`` is a whole number of ``least`` or more (``12``, ``12.0``, ``1e3``)."""
    return (value := _number(text)) is not None and least <= value < 2**63 and value % 1 == 0

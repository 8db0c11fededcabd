"""Rewrites of a parsed DuckDB expression so that sqlglot's Spark SQL means what DuckDB meant.

sqlglot raises no error on what it cannot translate: each rewrite here fixes a construct the
analysis uses that Spark would reject or, worse, answer differently (``tests/test_spark_engine``
has one unit test per rewrite):

- tables in a schema (``s0.accounts``) become temporary views ``s0__accounts`` (Spark's temporary
  views cannot be qualified); ``temp.main.x`` and ``main.x`` become ``x``;
- macros (``CREATE MACRO``) are expanded where they are called;
- a decimal literal (``2.0``) becomes a DOUBLE: DuckDB computes ``2.0 * n / m`` in DOUBLE, Spark
  would in DECIMAL (other digits, and Python Decimals);
- every denominator is wrapped in ``nullif(d, 0)``: DuckDB gives inf or NaN where ANSI Spark
  raises (the analysis already guards the divisions where 0 can occur: nothing changes there);
- ``printf``: NULL when an argument is NULL, as in DuckDB (Java's ``format_string`` prints
  "null"); ``%.2f`` is written by ``format_number(x, '0.00')``, which rounds the double's exact
  value half to even as C does (Java's ``%.2f`` rounds its shortest decimal form half up:
  0.95 would print 1.0; found on the SNAP email-Eu-core network);
- ``trim(x)`` removes the space separators of every script (no-break space, ideographic
  space ...), as DuckDB's does: Spark's removes ' ' alone;
- ``strlen`` (bytes) becomes ``octet_length``, ``prefix`` and ``suffix`` ``startswith`` and
  ``endswith``; ``epoch`` keeps its fraction of a second; ``isodow``
  is ``weekday() + 1`` (sqlglot 30 gives ``dayofweek() % 7 + 1``, Monday 3);
- ``to_days(n)`` (an interval) becomes ``make_dt_interval(n)``;
- ``timezone(zone, timezone(zone0, ts))`` becomes ``convert_timezone(zone0, zone, ts)``;
- two unnests in one SELECT are zipped (``inline(arrays_zip(...))``), as DuckDB pairs them;
- a regular expression gets ``(?u)`` so that ``(?i)`` ignores case beyond ASCII as RE2 does;
- ``avg(x ORDER BY x)`` (and other sums of floats in order, repeatable to the last bit on
  DuckDB) is ``avg(x)``: Spark has no ordered aggregates and sums in its own order;

and for the loader's checks (``sitegen.snapshots.validate``), which run on the engine too:

- ``isfinite(x)`` (no Spark function) becomes ``NOT isnan(x) AND abs(x) <> inf`` (NULL stays
  NULL);
- ``floor`` of a DOUBLE cast stays a DOUBLE: Spark's ``floor`` gives a BIGINT and, under ANSI,
  raises on a value beyond it (a count of ``1e300``); DuckDB's stays DOUBLE;
- ``TIMESTAMPTZ`` is ``TIMESTAMP_LTZ``: sqlglot writes ``TIMESTAMP``, which the engine's
  session reads as ``TIMESTAMP_NTZ`` (the offset would be dropped, not applied);
- a ``TRY_CAST`` of text (its argument holds a ``trim``) to DOUBLE, TIMESTAMP or TIMESTAMPTZ is NULL
  unless the text has the shape DuckDB reads: Java reads ``1d``, ``0x10p0`` as numbers and
  Spark ``2024`` or ``2024-03`` as times, all of which DuckDB refuses;
- DuckDB's ``UNPIVOT t ON a, b INTO NAME n VALUE v`` (which sqlglot passes on unchanged)
  becomes the standard ``SELECT * FROM (SELECT a, b FROM t) UNPIVOT (v FOR n IN (a, b))``
  (only the unpivoted columns: Spark keeps the others, and a column of ``t`` named ``n``
  would be ambiguous); both leave out NULLs.

``REWRITES`` names the rewrite of each sqlglot node type, ``FUNCTIONS`` that of each DuckDB
function sqlglot passes through (by name).

``rowid`` is not rewritten: a raw table read from YAML on Spark carries a real ``rowid`` column
(``SparkEngine.text_table``); no other table is asked for it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from sqlglot import exp

SEPARATOR = "__"  # schema.table -> schema__table
IMPLICIT_SCHEMAS = {"temp", "main"}  # DuckDB's own: temp.main.x and main.x are plain x


@dataclass(frozen=True)
class Macro:
    """A DuckDB macro: parameter names and the body they appear in."""

    params: tuple[str, ...]
    body: exp.Expression


def view_name(table: str) -> str:
    """The Spark view for a DuckDB table name: ``s0.accounts`` -> ``s0__accounts``."""
    parts = [p for p in table.split(".") if p]
    while len(parts) > 1 and parts[0].lower() in IMPLICIT_SCHEMAS:
        parts = parts[1:]
    return SEPARATOR.join(parts)


def _table(node: exp.Table) -> exp.Expression:
    parts = [p.name for p in (node.args.get("catalog"), node.args.get("db")) if p] + [node.name]
    name = view_name(".".join(parts))
    if name == node.name and not node.args.get("db"):
        return node
    renamed = node.copy()
    renamed.set("catalog", None)
    renamed.set("db", None)
    renamed.set("this", exp.to_identifier(name))
    return renamed


def _expand(node: exp.Anonymous, macros: dict[str, Macro]) -> exp.Expression:
    macro = macros[node.name.lower()]
    args = {name: a.copy() if isinstance(a, (exp.Column, exp.Literal)) else exp.Paren(this=a.copy())
            for name, a in zip(macro.params, node.expressions)}

    def substitute(inner: exp.Expression) -> exp.Expression:
        if isinstance(inner, exp.Column) and not inner.table and inner.name in args:
            return args[inner.name].copy()
        return inner

    return exp.Paren(this=macro.body.copy().transform(substitute))


CONVERSION = re.compile(r"%[-#+ 0,(]*(\d+)?(?:\.(\d+))?([a-zA-Z%])")


def _fixed_point(arg: exp.Expression, digits: int) -> exp.Expression:
    """``arg`` rounded half to even to ``digits`` decimals, as C's printf rounds a tie (Java's
    rounds it up: 0.125 would print 0.13, not 0.12), keeping the sign of a negative value that
    rounds to 0 (C prints -0)."""
    exact = exp.cast(arg.copy(), exp.DataType.build("DECIMAL(38, 17)"))
    rounded = exp.cast(exp.Anonymous(this="bround", expressions=[
        exact, exp.Literal.number(digits)]), "DOUBLE")  # Java's %f takes no Spark Decimal
    negative = exp.Neg(this=exp.Anonymous(this="abs", expressions=[rounded.copy()]))
    return exp.Case(ifs=[exp.If(this=exp.LT(this=arg.copy(), expression=exp.Literal.number(0)),
                                true=negative)], default=rounded)


def _decimals(arg: exp.Expression, digits: int) -> exp.Expression:
    """``arg`` written with ``digits`` decimals as C's printf writes it: Java's DecimalFormat
    (``format_number`` with a pattern) rounds the double's exact binary value half to even,
    so 0.95 (just below) gives 0.9 and 0.625 (a true tie) 0.62, and keeps -0.0."""
    pattern = "0." + "0" * digits if digits else "0"
    return exp.Anonymous(this="format_number", expressions=[
        exp.cast(arg.copy(), "DOUBLE"), exp.Literal.string(pattern)])


def _constant_text(node: exp.Expression) -> str | None:
    """The text of a string literal or of literals joined (``||`` or side by side), else
    None."""
    if isinstance(node, exp.Literal):
        return node.this if node.is_string else None
    if isinstance(node, exp.DPipe):
        left, right = _constant_text(node.this), _constant_text(node.expression)
        return None if left is None or right is None else left + right
    if isinstance(node, exp.Concat):  # 'adjacent' 'literals', as SQL joins them
        parts = [_constant_text(part) for part in node.expressions]
        return None if None in parts else "".join(parts)
    return None


def _printf(node: exp.Anonymous) -> exp.Expression:
    fmt, *args = node.expressions
    text = _constant_text(fmt)
    if text is not None:
        found = [m for m in CONVERSION.finditer(text) if m[3] != "%"]
        plain = [m[3] == "f" and m[2] is not None and m[0] == f"%.{m[2]}f" for m in found]
        args = [_decimals(a, int(m[2])) if is_plain else
                _fixed_point(a, int(m[2])) if m[3] == "f" and m[2] else a
                for a, m, is_plain in zip(args, found, plain)] + args[len(found):]
        for m, is_plain in reversed(list(zip(found, plain))):  # %.2f -> %s of the text
            if is_plain:
                text = text[:m.start()] + "%s" + text[m.end():]
        fmt = exp.Literal.string(text)
    formatted = exp.Anonymous(this="format_string", expressions=[fmt, *args])
    nulls = [exp.Is(this=a.copy(), expression=exp.Null()) for a in node.expressions
             if not isinstance(a, exp.Literal) and _constant_text(a) is None]
    if not nulls:
        return formatted
    return exp.Case(ifs=[exp.If(this=exp.or_(*nulls), true=exp.Null())], default=formatted)


def _epoch(node: exp.TimeToUnix) -> exp.Expression:
    instant = exp.cast(node.this.copy(), exp.DataType.build("TIMESTAMPLTZ"))
    micros = exp.cast(exp.Anonymous(this="unix_micros", expressions=[instant]), "DOUBLE")
    return exp.Paren(this=exp.Div(this=micros, expression=exp.cast(
        exp.Literal.number(1_000_000), "DOUBLE")))


def _timezone(node: exp.Anonymous) -> exp.Expression:
    zone, value = node.expressions
    if isinstance(value, exp.Anonymous) and value.name.lower() == "timezone":
        zone0, inner = value.expressions
        return exp.Anonymous(this="convert_timezone",
                             expressions=[zone0.copy(), zone.copy(), inner.copy()])
    return node  # a lone timezone() has no Spark counterpart: Spark says so when it runs


def _regex(node: exp.RegexpLike) -> exp.Expression:
    pattern = node.expression
    unicode = (exp.Literal.string("(?u)" + pattern.this) if pattern.is_string
               else exp.func("concat", exp.Literal.string("(?u)"), pattern.copy()))
    return node.__class__(this=node.this.copy(), expression=unicode)


def _number(node: exp.Literal) -> exp.Expression:
    text = node.this
    if node.is_string or not any(c in text for c in ".eE"):
        return node
    return exp.cast(node.copy(), "DOUBLE")


def _divide(node: exp.Div) -> exp.Expression:
    divisor = node.expression
    if isinstance(divisor, exp.Nullif) or (isinstance(divisor, exp.Cast)
                                           and divisor.this.is_number):
        return node
    return node.__class__(this=node.this, expression=exp.Nullif(
        this=divisor, expression=exp.Literal.number(0)))


def _zip_explodes(select: exp.Select) -> exp.Expression:
    """``SELECT unnest(a) AS x, unnest(b) AS y``: DuckDB pairs the lists' elements, Spark would
    pair every element of one with every element of the other; both unnests become one
    ``inline(arrays_zip(a, b)) AS (x, y)``."""
    found = [(i, p) for i, p in enumerate(select.expressions)
             if isinstance(p, exp.Alias) and isinstance(p.this, exp.Explode)]
    if len(found) < 2 or found[-1][0] - found[0][0] != len(found) - 1:
        return select
    zipped = exp.Anonymous(this="arrays_zip", expressions=[p.this.this.copy() for _, p in found])
    both = exp.Aliases(this=exp.Anonymous(this="inline", expressions=[zipped]),
                       expressions=[exp.to_identifier(p.alias) for _, p in found])
    first, last = found[0][0], found[-1][0]
    fixed = select.copy()
    fixed.set("expressions", [*select.expressions[:first], both, *select.expressions[last + 1:]])
    return fixed


def _isfinite(node: exp.Anonymous) -> exp.Expression:
    [value] = node.expressions
    infinity = exp.cast(exp.Literal.string("Infinity"), "DOUBLE")
    return exp.Paren(this=exp.and_(
        exp.Not(this=exp.Anonymous(this="isnan", expressions=[value.copy()])),
        exp.NEQ(this=exp.Anonymous(this="abs", expressions=[value.copy()]), expression=infinity)))


WHOLE_DOUBLE = 2.0**52  # every DOUBLE this large is whole


def _floor(node: exp.Floor) -> exp.Expression:
    """``floor`` of a cast to DOUBLE, kept a DOUBLE (and never an overflow)."""
    value = node.this
    cast = value.args["ifs"][0].args["true"] if isinstance(value, exp.Case) else value  # _try_cast
    if node.args.get("decimals") or not (isinstance(cast, (exp.Cast, exp.TryCast))
                                         and cast.to.this == exp.DataType.Type.DOUBLE):
        return node
    small = exp.LT(this=exp.Anonymous(this="abs", expressions=[value.copy()]),
                   expression=exp.Literal.number(int(WHOLE_DOUBLE)))
    return exp.Case(ifs=[exp.If(this=small, true=exp.cast(node.copy(), "DOUBLE"))],
                    default=value.copy())


# the text DuckDB reads as a DOUBLE, or as a date-time (a date first; then anything)
DOUBLE_TEXT = (r"^\s*[+-]?(([0-9][0-9_]*(\.[0-9_]*)?|\.[0-9][0-9_]*)([eE][+-]?[0-9]+)?"
               r"|(?i:inf|infinity|nan))\s*$")
TIME_TEXT = r"^\s*-?[0-9]{4,}-[0-9]{1,2}-[0-9]{1,2}([^0-9]|$)"
TEXT_SHAPES = {exp.DataType.Type.DOUBLE: DOUBLE_TEXT, exp.DataType.Type.TIMESTAMP: TIME_TEXT,
               exp.DataType.Type.TIMESTAMPTZ: TIME_TEXT,
               exp.DataType.Type.TIMESTAMPLTZ: TIME_TEXT}


def _try_cast(node: exp.TryCast) -> exp.Expression:
    """A TRY_CAST of text to a number or time, NULL unless the text has DuckDB's shape."""
    shape = TEXT_SHAPES.get(node.to.this)
    if shape is None or node.this.find(exp.Trim) is None:  # text is trimmed first
        return node
    fits = exp.RegexpLike(this=node.this.copy(), expression=exp.Literal.string(shape))
    return exp.Case(ifs=[exp.If(this=fits, true=node.copy())], default=exp.Null())


def _unpivot(node: exp.Pivot) -> exp.Expression:
    """DuckDB's ``UNPIVOT t ON a, b INTO NAME n VALUE v`` as a standard UNPIVOT."""
    into = node.args.get("into")
    if not node.args.get("unpivot") or node.this is None or into is None:
        return node
    [value] = into.expressions
    columns = exp.select(*(c.copy() for c in node.expressions)).from_(node.this.copy())
    source = exp.Subquery(this=columns, pivots=[exp.Pivot(
        expressions=[exp.to_identifier(value.name)], unpivot=True,
        fields=[exp.In(this=exp.to_identifier(into.this.name),
                       expressions=[c.copy() for c in node.expressions])])])
    return exp.select("*").from_(source)


# the space separators of Unicode (category Zs), which DuckDB's trim() removes; Spark's
# removes ' ' alone unless given the characters
SPACES = "".join(map(chr, [0x20, 0xA0, 0x1680, *range(0x2000, 0x200B), 0x202F, 0x205F, 0x3000]))


def _trim(node: exp.Trim) -> exp.Expression:
    """``trim(x)``: the spaces of every script removed from both ends, as DuckDB does."""
    if node.args.get("expression") is not None or node.args.get("position"):
        return node
    return exp.Trim(this=node.this.copy(), expression=exp.Literal.string(SPACES),
                    position="BOTH")


def _timestamp_tz(node: exp.DataType) -> exp.Expression:
    if node.this == exp.DataType.Type.TIMESTAMPTZ:
        return exp.DataType(this=exp.DataType.Type.TIMESTAMPLTZ)
    return node


def _isodow(node: exp.DayOfWeekIso) -> exp.Expression:
    """``isodow(t)``, Monday 1 to Sunday 7: Spark's ``weekday(t) + 1``."""
    return exp.Paren(this=exp.Add(this=exp.Anonymous(this="weekday", expressions=[
        node.this.copy()]), expression=exp.Literal.number(1)))


def _to_days(node: exp.ToDays) -> exp.Expression:
    """An interval of days (sqlglot 30 writes TO_DAYS)."""
    return exp.Anonymous(this="make_dt_interval", expressions=[node.this.copy()])


# aggregates of numbers that DuckDB is asked to sum in order (``avg(x ORDER BY x)``): the
# same bits on every run; Spark sums in its own order, equal to the last bits or so
SUMS = (exp.Avg, exp.Sum, exp.Stddev, exp.StddevPop, exp.StddevSamp, exp.Variance,
        exp.VariancePop)


def _unordered(node: exp.Order) -> exp.Expression:
    """``avg(x ORDER BY x)`` is ``avg(x)``: Spark has no ordered aggregates. The one rewrite
    that depends on where its node stands (an ORDER BY elsewhere is kept)."""
    return node.this if isinstance(node.parent, SUMS) else node


FUNCTIONS = {  # DuckDB functions sqlglot passes through unchanged (by lower-case name)
    "isfinite": _isfinite,
    "printf": _printf,
    "strlen": lambda n: exp.Anonymous(this="octet_length", expressions=n.expressions),
    "prefix": lambda n: exp.Anonymous(this="startswith", expressions=n.expressions),
    "suffix": lambda n: exp.Anonymous(this="endswith", expressions=n.expressions),
    "timezone": _timezone,
}

# the rewrite of each sqlglot node type (and of its subclasses, as isinstance would match);
# exp.Anonymous, a function sqlglot passes through, is rewritten by name (FUNCTIONS, macros)
REWRITES: dict[type[exp.Expression], Callable[..., exp.Expression]] = {
    exp.Table: _table,
    exp.Literal: _number,
    exp.Div: _divide,
    exp.TimeToUnix: _epoch,
    exp.DayOfWeekIso: _isodow,
    exp.RegexpLike: _regex,
    exp.Select: _zip_explodes,
    exp.Floor: _floor,
    exp.TryCast: _try_cast,
    exp.Pivot: _unpivot,
    exp.DataType: _timestamp_tz,
    exp.ToDays: _to_days,
    exp.Trim: _trim,
    exp.Order: _unordered,
}


def rewrite(tree: exp.Expression, macros: dict[str, Macro]) -> exp.Expression:
    """The expression with every fix-up applied, innermost first (a copy; ``tree`` is left as
    it was). Macro bodies are stored rewritten, so an expansion is not rewritten twice."""
    root = tree.copy()
    for node in reversed(list(root.walk(bfs=False))):  # every node after its descendants
        fixed = _fix(node, macros)
        if fixed is node:
            continue
        if node is root:
            root = fixed
        else:
            node.replace(fixed)
    return root


def _fix(node: exp.Expression, macros: dict[str, Macro]) -> exp.Expression:
    if isinstance(node, exp.Anonymous):  # the one rewrite that needs the macros
        return _function(node, macros)
    for kind in type(node).__mro__:  # the closest type with a rewrite, as isinstance would
        if kind in REWRITES:
            return REWRITES[kind](node)
    return node


def _function(node: exp.Anonymous, macros: dict[str, Macro]) -> exp.Expression:
    """A call of a macro, expanded, or of a DuckDB function in ``FUNCTIONS``, rewritten."""
    name = node.name.lower()
    if name in macros:
        return _expand(node, macros)
    return FUNCTIONS[name](node) if name in FUNCTIONS else node

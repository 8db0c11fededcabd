"""DuckDB SQL to Spark SQL: a pure function, testable without Spark.

``transpile(sql, params, macros)`` binds the parameters (``$name`` and ``?``) as literals,
splits the text into statements, and turns each into a ``Statement``: a query Spark runs as it
is, or an action on a temporary view that Spark SQL cannot express on views (materialise a
table, insert into it, update or delete rows, add a column, drop it, drop a schema's views).
The SQL in each statement has been through sqlglot (read ``duckdb``, write ``spark``) and the
fix-ups in ``sitegen.engines.fixups``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import sqlglot
from sqlglot import exp
from sqlglot.tokens import TokenType

from sitegen.engines.fixups import SEPARATOR, Macro, rewrite, view_name
from sitegen.errors import EngineError, Problem, printable


@dataclass(frozen=True)
class Statement:
    """One thing for the Spark engine to do.

    ``kind`` is one of: ``query`` (run ``sql``, return its rows), ``materialise`` (the view
    ``table`` becomes the cached result of ``sql``), ``insert`` (rows of ``sql`` appended to
    ``table``, by position), ``create_empty`` (``table`` with the schema ``sql``, such as
    ``k INT, id STRING``), ``update`` (``columns``: (column, new value) where ``sql`` holds),
    ``delete`` (rows where ``sql`` holds), ``add_column`` (``columns``: (column, type)),
    ``drop_table`` (``if_exists``), ``drop_schema`` (every view named ``table``__...),
    ``macro`` (defined: ``macro``), ``copy`` (rows of ``sql`` to the CSV file ``table``, with
    a header), ``noop`` (a DuckDB setting, a schema made).
    """

    kind: str
    sql: str = ""
    table: str = ""
    columns: tuple[tuple[str, str], ...] = ()
    if_exists: bool = False
    macro: Macro | None = None


def literal(value: Any) -> str:
    """DuckDB SQL for a Python value (bound parameters become these literals)."""
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value) if value >= 0 else f"({value})"
    if isinstance(value, float):
        text = repr(value) if math.isfinite(value) else str(value)
        return f"CAST('{text}' AS DOUBLE)"
    if isinstance(value, datetime):
        return f"TIMESTAMP '{value.isoformat(sep=' ')}'"
    if isinstance(value, date):
        return f"DATE '{value.isoformat()}'"
    if isinstance(value, str):
        return exp.Literal.string(value).sql("duckdb")
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(literal(v) for v in value) + "]"
    raise EngineError(Problem(f"cannot pass a {type(value).__name__} to Spark SQL"))


def bind(sql: str, params: Sequence | Mapping | None) -> str:
    """``sql`` with each ``$name`` or ``?`` replaced by the literal of its value, found by
    DuckDB's tokenizer (a ``?`` or ``$`` inside a string or comment is left alone)."""
    if not params:
        return sql
    tokens = sqlglot.Dialect.get_or_raise("duckdb").tokenize(sql)
    pieces, done, position = [], 0, 0
    for i, token in enumerate(tokens):
        if token.token_type in (TokenType.PLACEHOLDER, TokenType.QDCOLON) and \
                sql[token.start] == "?":
            if isinstance(params, Mapping):
                raise EngineError(Problem("SQL with ? parameters was given named values"))
            value, end = params[position], token.start
            position += 1
        elif token.token_type == TokenType.PARAMETER and i + 1 < len(tokens) and \
                tokens[i + 1].start == token.end + 1:
            name = tokens[i + 1].text
            if name not in params:
                raise EngineError(Problem(f"SQL parameter ${name} was given no value"))
            value, end = params[name], tokens[i + 1].end
        else:
            continue
        pieces += [sql[done:token.start], literal(value)]
        done = end + 1
    return "".join(pieces) + sql[done:]


@dataclass
class Context:
    """What transpiling a statement needs: the macros defined so far, and the layout."""

    macros: dict[str, Macro]
    pretty: bool = False

    def sql(self, tree: exp.Expression) -> str:
        """Spark SQL for a DuckDB expression, fix-ups applied."""
        return rewrite(tree, self.macros).sql(dialect="spark", pretty=self.pretty)


def _table_of(node: exp.Expression) -> str:
    table = node.this if isinstance(node, exp.Schema) else node
    return view_name(".".join(p.name for p in table.parts))


def _create(tree: exp.Create, ctx: Context) -> Statement:
    kind = (tree.args.get("kind") or "").upper()
    if kind == "MACRO":
        name = tree.this.this.name.lower()
        params = tuple(p.name for p in tree.this.expressions)
        body = rewrite(tree.expression, ctx.macros)
        return Statement("macro", table=name, macro=Macro(params, body))
    if kind == "SCHEMA":
        return Statement("noop")
    if kind in ("TABLE", "VIEW") and tree.expression is not None:
        return Statement("materialise", ctx.sql(tree.expression), _table_of(tree.this))
    if kind == "TABLE" and isinstance(tree.this, exp.Schema):
        columns = ", ".join(f"{c.this.sql('spark')} {c.args['kind'].sql('spark')}"
                            for c in tree.this.expressions)
        return Statement("create_empty", columns, _table_of(tree.this))
    return _unsupported(tree)


def _insert(tree: exp.Insert, ctx: Context) -> Statement:
    if isinstance(tree.this, exp.Schema) and tree.this.expressions:
        return _unsupported(tree)  # a column list: positional inserts only
    return Statement("insert", ctx.sql(tree.expression), _table_of(tree.this))


def _update(tree: exp.Update, ctx: Context) -> Statement:
    where = tree.args.get("where")
    columns = tuple((eq.this.name, ctx.sql(eq.expression)) for eq in tree.expressions)
    condition = ctx.sql(where.this) if where else "TRUE"
    return Statement("update", condition, _table_of(tree.this), columns)


def _delete(tree: exp.Delete, ctx: Context) -> Statement:
    where = tree.args.get("where")
    return Statement("delete", ctx.sql(where.this) if where else "TRUE",
                     _table_of(tree.this))


def _drop(tree: exp.Drop, ctx: Context) -> Statement:
    kind = (tree.args.get("kind") or "").upper()
    if kind == "SCHEMA":
        return Statement("drop_schema", table=tree.args["tables"][0].db)
    if kind in ("TABLE", "VIEW"):
        return Statement("drop_table", table=_table_of(tree.args["tables"][0]),
                         if_exists=bool(tree.args.get("exists")))
    return _unsupported(tree)


def _alter(tree: exp.Alter, ctx: Context) -> Statement:
    actions = tree.args.get("actions") or []
    if not actions or not all(isinstance(a, exp.ColumnDef) for a in actions):
        return _unsupported(tree)
    return Statement("add_column", table=_table_of(tree.this), columns=tuple(
        (a.this.sql("spark"), a.args["kind"].sql("spark")) for a in actions))


def _copy(tree: exp.Copy, ctx: Context) -> Statement:
    """``COPY (query) TO 'file.csv' (HEADER ...)``: the rows, written to one CSV file."""
    files, query = tree.args.get("files") or [], tree.this
    options = {p.this.name.upper(): p.expression for p in tree.args.get("params") or []}
    format_ = options.get("FORMAT")
    if (not tree.args.get("kind") and len(files) == 1 and isinstance(query, exp.Subquery)
            and (format_ is None or format_.name.lower() == "csv")
            and "HEADER" in options and options.get("DELIMITER", exp.Literal.string(",")
                                                     ).name == ","):
        return Statement("copy", ctx.sql(query.this), table=files[0].name)
    return _unsupported(tree, ctx)


def _unsupported(tree: exp.Expression, ctx: Context | None = None) -> Statement:
    text = printable(tree.sql("duckdb"))
    raise EngineError(Problem("the Spark engine cannot run this DuckDB statement: "
                              + (text if len(text) < 200 else text[:200] + " ...")))


STATEMENTS = {  # by the statement's sqlglot class; queries (SELECT, UNION ...) are run as is
    exp.Create: _create,
    exp.Insert: _insert,
    exp.Update: _update,
    exp.Delete: _delete,
    exp.Drop: _drop,
    exp.Alter: _alter,
    exp.Copy: _copy,
    exp.Set: lambda tree, ctx: Statement("noop"),  # DuckDB settings: none applies
    exp.Describe: lambda tree, ctx: Statement("query", f"DESCRIBE {_table_of(tree.this)}"),
}


def statement(tree: exp.Expression, ctx: Context) -> Statement:
    """The Statement for one parsed DuckDB statement."""
    if isinstance(tree, exp.Query):
        return Statement("query", ctx.sql(tree))
    return STATEMENTS.get(type(tree), _unsupported)(tree, ctx)


def transpile(sql: str, params: Sequence | Mapping | None = None,
              macros: Mapping[str, Macro] | None = None, pretty: bool = False
              ) -> list[Statement]:
    """The Statements for DuckDB ``sql`` (one or more statements) with ``params`` bound;
    ``macros`` are those defined before (a macro defined in ``sql`` applies to the
    statements after it)."""
    ctx = Context(dict(macros or {}), pretty)
    try:
        trees = sqlglot.parse(bind(sql, params), read="duckdb")
    except sqlglot.errors.ParseError as exc:
        raise EngineError(Problem(f"sqlglot cannot read this SQL: {printable(exc)}")) from None
    found = []
    for tree in trees:
        if tree is None:
            continue
        step = statement(tree, ctx)
        if step.macro is not None:
            ctx.macros[step.table] = step.macro
        found.append(step)
    return found


def to_spark(sql: str, params: Sequence | Mapping | None = None) -> str:
    """Spark SQL for DuckDB ``sql`` as one text: each statement as Spark would be asked to run
    it (an action shown as a comment), for golden files and for reading."""
    return ";\n".join(_shown(s) for s in transpile(sql, params, pretty=True)) + "\n"


def _shown(step: Statement) -> str:
    if step.kind in ("query", "materialise", "insert"):
        head = f"-- {step.kind} {step.table}\n" if step.table else ""
        return head + step.sql
    details = ", ".join(f"{c} = {v}" for c, v in step.columns)
    return f"-- {step.kind} {step.table} {details} {step.sql}".rstrip()


__all__ = ["SEPARATOR", "Macro", "Statement", "bind", "literal", "to_spark", "transpile",
           "view_name"]

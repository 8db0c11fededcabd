"""How the columns of a snapshot table get sitegen's names.

A column found in a file (a CSV header, the keys of YAML records) is read as one of sitegen's
columns by, in this order: the snapshot's own map (``columns:`` in its metadata, sitegen's name
-> the file's name), its own name, or an alias common in exports (``TableSpec.aliases``).
Names are compared without regard to case or surrounding spaces. The map wins: another column
that would be read as a mapped name, by its name or an alias, is ignored with a warning.
"""

from __future__ import annotations

import difflib
import logging
from dataclasses import dataclass
from pathlib import Path

import yaml

from sitegen.errors import Problem, SnapshotError
from sitegen.snapshots.model import COUNT_COLUMNS, TABLES, TableSpec

log = logging.getLogger(__name__)

MAP_EXAMPLE = "e.g. {accounts: {handle: twitter}}"


@dataclass(frozen=True)
class ColumnMap:
    """One table's map as written in the metadata: sitegen's column name -> the file's."""

    table: str
    names: dict[str, str]  # sitegen name -> the file's column name, as written
    source: Path  # snapshot.yml, or the YAML snapshot holding the map
    line: int | None = None  # where the table's map is written

    @property
    def where(self) -> str:
        """The map, for messages: ``'columns.accounts' in snapshot.yml``."""
        return f"'columns.{self.table}' in {self.source.name}"


def key_of(name: str) -> str:
    """A column name as compared: without case or surrounding spaces."""
    return name.strip().lower()


# --- the ``columns:`` setting -------------------------------------------------------------


def read_column_maps(value, node: yaml.Node | None, meta_file: Path) -> dict[str, ColumnMap]:
    """The ``columns:`` key of a snapshot's metadata, checked: a map per table. ``node`` is
    the metadata's YAML node (for the lines of bad keys); every problem is raised at once."""
    if value is None:
        return {}
    lines = _entries(_value_node(node, "columns"))
    if not isinstance(value, dict):
        raise SnapshotError(Problem(
            f"'columns': expected a mapping of tables to column maps ({MAP_EXAMPLE}), got "
            f"{_shown(value)}", meta_file, _key_line(node, "columns")))
    maps, problems = {}, []
    for table, names in value.items():
        key_line, table_node = lines.get(str(table), (None, None))
        if str(table) not in TABLES:
            problems.append(Problem(f"'columns': unknown table {_shown(table)}", meta_file,
                                    key_line, hint=_choices(str(table), tuple(TABLES),
                                                            "tables")))
            continue
        found = _table_map(TABLES[str(table)], names, table_node, meta_file, key_line)
        if isinstance(found, list):
            problems += found
        elif found.names:
            maps[found.table] = found
    if problems:
        raise SnapshotError(*problems)
    return maps


def _table_map(spec: TableSpec, value, node: yaml.Node | None, meta_file: Path,
               line: int | None) -> ColumnMap | list[Problem]:
    """One table's map, or its problems."""
    where = f"columns.{spec.name}"
    if value is None:
        return ColumnMap(spec.name, {}, meta_file, line)
    if not isinstance(value, dict):
        example = f"{{{spec.required[0]}: my_{spec.required[0]}}}"
        return [Problem(f"'{where}': expected a mapping of sitegen's column names to the file's, "
                        f"e.g. {example}, got {_shown(value)}", meta_file, line)]
    lines = _entries(node)
    names: dict[str, str] = {}
    mapped_from: dict[str, str] = {}  # the file's column (compared) -> sitegen name
    problems = []
    for column, found in value.items():
        column_line, _ = lines.get(str(column), (line, None))
        name = key_of(str(column))
        problem = _entry_problem(spec, name, found, names, mapped_from, where)
        if problem:
            problems.append(Problem(problem[0], meta_file, column_line, hint=problem[1]))
            continue
        names[name] = found.strip()
        mapped_from[key_of(found)] = name
    return problems or ColumnMap(spec.name, names, meta_file, line)


def _entry_problem(spec: TableSpec, name: str, found, names: dict[str, str],
                   mapped_from: dict[str, str], where: str) -> tuple[str, str | None] | None:
    """What is wrong with one entry ``name: found`` of a table's map (message, hint)."""
    known = spec.required + spec.optional
    if name not in known:
        hint = _choices(name, known, f"columns of {spec.name}")
        if name in spec.aliases:
            hint = f"write '{spec.aliases[name]}': '{name}' is one of its aliases"
        return f"'{where}': unknown column {_shown(name)}", hint
    if not isinstance(found, str) or not found.strip():
        number = isinstance(found, (int, float)) and not isinstance(found, bool)
        return (f"'{where}.{name}': expected the name of a column of the file, got "
                f"{_shown(found)}", f"quote a name that looks like a number: '{found}'"
                if number else None)
    if name in names:
        return f"'{where}': '{name}' is mapped twice", None
    if key_of(found) in mapped_from:
        return (f"'{where}': column {_shown(found)} is mapped to both "
                f"'{mapped_from[key_of(found)]}' and '{name}'", None)
    return None


def _choices(name: str, valid: tuple[str, ...], what: str) -> str:
    """A hint naming the valid choices, led by the closest when one is close."""
    close = difflib.get_close_matches(name.lower(), valid, n=1)
    listed = f"{what}: {', '.join(valid)}"
    return f"did you mean '{close[0]}'? {listed}" if close else listed


def _shown(value) -> str:
    """A found value, short, for a message (nested YAML not expanded)."""
    if isinstance(value, (dict, list)):
        return "a mapping" if isinstance(value, dict) else "a list"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _value_node(node: yaml.Node | None, key: str) -> yaml.Node | None:
    return _entries(node).get(key, (None, None))[1]


def _key_line(node: yaml.Node | None, key: str) -> int | None:
    return _entries(node).get(key, (None, None))[0]


def _entries(node: yaml.Node | None) -> dict[str, tuple[int, yaml.Node]]:
    """For a YAML mapping node: key -> (the key's line, the value's node)."""
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {str(k.value): (k.start_mark.line + 1, v) for k, v in node.value}


# --- the columns of one file --------------------------------------------------------------


def column_names(spec: TableSpec, found: list[str], path: Path, line: int | None,
                 column_map: ColumnMap | None = None) -> list[str | None]:
    """sitegen's name for each column found in ``path`` (None: ignored, the map reads that
    name from another column); errors for a mapped column the file lacks, an empty name, a
    column named twice, a required column missing."""
    renames = _renames(column_map, found, path, line) if column_map else {}
    names: list[str | None] = []
    for original in found:
        name = renames.get(key_of(original)) or spec.canonical(original)
        if column_map and key_of(original) not in renames and name in column_map.names:
            log.warning("%s: column '%s' ignored: '%s' is read from column '%s' (%s)", path,
                        original.strip(), name, column_map.names[name], column_map.where)
            name = None
        names.append(name)
    _check_names(spec, found, names, path, line)
    return names


def _renames(column_map: ColumnMap, found: list[str], path: Path,
             line: int | None) -> dict[str, str]:
    """The file's column (compared) -> sitegen name; an error for a column the file lacks."""
    present = {key_of(c): c.strip() for c in found}
    for name, column in column_map.names.items():
        if key_of(column) not in present:
            close = difflib.get_close_matches(key_of(column), list(present), n=1)
            raise SnapshotError(Problem(
                f"no column '{column}' to read as '{name}' ({column_map.where}); found "
                f"columns: {', '.join(found)}", path, line,
                hint=f"did you mean '{present[close[0]]}'?" if close else
                f"map '{name}' to one of the file's columns, or remove it from the map"))
    return {key_of(column): name for name, column in column_map.names.items()}


# the names sitegen gives the columns it works with beside an account's while checking them
# (sitegen.snapshots.validate.build_accounts: each typed value parsed, whether it was given,
# and the checks' results): an account column of the same name would stand in for one of them
TYPED_ACCOUNT_COLUMNS = ("created_at", *COUNT_COLUMNS, "default_profile")
RESERVED = frozenset({"sitegen_nul", "sitegen_bad", *(f"{column}{suffix}" for column in
                                                      TYPED_ACCOUNT_COLUMNS
                                                      for suffix in ("__v", "__given"))})
RESERVED_TEXT = "sitegen_nul, sitegen_bad, and a typed column's name (followers_count ...) " \
                "followed by __v or __given"


def is_reserved(name: str) -> bool:
    """Whether an account column's name (as sitegen reads it) is one of sitegen's own."""
    return name in RESERVED


def _check_names(spec: TableSpec, found: list[str], names: list[str | None], path: Path,
                 line: int | None) -> None:
    seen: set[str] = set()
    for original, name in zip(found, names):
        if name == "":
            raise SnapshotError(Problem("a column has an empty name in the header", path, line))
        if name in seen:
            raise SnapshotError(Problem(f"column '{original}' appears twice (as '{name}')",
                                        path, line))
        if name and spec.name == "accounts" and is_reserved(name):
            raise SnapshotError(Problem(
                f"column '{original}' has a name sitegen keeps for its own work on accounts "
                f"({RESERVED_TEXT})", path, line, hint="rename that column in the file"))
        if name:
            seen.add(name)
    missing = [c for c in spec.required if c not in seen]
    if missing:
        delimiter_hint = None
        if len(found) == 1 and any(ch in found[0] for ch in ";\t|"):
            delimiter_hint = "columns must be separated by commas"
        raise SnapshotError(Problem(
            f"missing required column '{missing[0]}'; found columns: {', '.join(found)}",
            path, line, hint=delimiter_hint))

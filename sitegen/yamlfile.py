"""Safe YAML reading shared by snapshots, front matter and config.

Only plain data is accepted (no Python tags), aliases are capped so that an "alias
explosion" cannot eat the machine, and errors name the file and line.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from yaml.events import AliasEvent

from sitegen.errors import Problem, SitegenError


class _AliasError(yaml.MarkedYAMLError):
    pass


class _BoundedLoader(yaml.SafeLoader):
    """A SafeLoader that refuses aliases (``*name``): nothing in sitegen's files needs them,
    and nested aliases can expand a small file into billions of values."""

    def compose_node(self, parent, index):
        if self.check_event(AliasEvent):
            mark = self.peek_event().start_mark
            raise _AliasError(problem="aliases (*name) are not allowed; write the value out",
                              problem_mark=mark)
        return super().compose_node(parent, index)


def _problem(exc: yaml.YAMLError, path, line_offset: int) -> Problem:
    mark = getattr(exc, "problem_mark", None)
    line = mark.line + 1 + line_offset if mark else None
    detail = getattr(exc, "problem", None) or str(exc)
    if "could not determine a constructor" in str(exc):
        detail = "tags such as !!python/... are not allowed; use plain values"
    return Problem(f"not valid YAML: {detail}", path, line)


def compose(text: str, path: Path | str, error: type[SitegenError],
            line_offset: int = 0) -> tuple[object, yaml.Node | None]:
    """Parse YAML text; return (data, root node) so callers can find record lines."""
    loader = _BoundedLoader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as exc:
        raise error(_problem(exc, path, line_offset)) from None
    except ValueError as exc:  # e.g. an impossible date such as 2024-13-01
        line = _bad_scalar_line(node)
        raise error(Problem(f"not valid YAML: {exc}", path,
                            line + 1 + line_offset if line is not None else None)) from None
    finally:
        loader.dispose()
    return data, node


def _bad_scalar_line(node: yaml.Node | None) -> int | None:
    """The line of the first scalar that cannot be built (an impossible date, say)."""
    stack = [node] if node is not None else []
    checker = yaml.SafeLoader("")
    while stack:
        current = stack.pop(0)
        if isinstance(current, yaml.ScalarNode):
            try:
                checker.construct_object(current, deep=True)
            except ValueError:
                return current.start_mark.line
        elif isinstance(current, yaml.SequenceNode):
            stack[:0] = current.value
        elif isinstance(current, yaml.MappingNode):
            stack[:0] = [n for pair in current.value for n in pair]
    return None


def read_yaml(path: Path, error: type[SitegenError]) -> tuple[object, yaml.Node | None]:
    """Read and parse a YAML file as UTF-8."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise error(Problem("not UTF-8 text", path, hint="save the file as UTF-8")) from None
    return compose(text, path, error)


def mapping_lines(node: yaml.Node | None) -> dict[str, tuple[int, list[int]]]:
    """For a top-level mapping: key -> (line of its value, lines of its list items)."""
    lines: dict[str, tuple[int, list[int]]] = {}
    if not isinstance(node, yaml.MappingNode):
        return lines
    for key_node, value_node in node.value:
        items = value_node.value if isinstance(value_node, yaml.SequenceNode) else []
        lines[str(key_node.value)] = (
            key_node.start_mark.line + 1,
            [item.start_mark.line + 1 for item in items],
        )
    return lines

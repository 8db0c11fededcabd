"""Reading the user's files safely: YAML shared by snapshots, front matter and config, and
the rule for symbolic links.

Only plain data is accepted: no tags but the standard scalars, lists and mappings, no
aliases (an "alias explosion" could eat the machine), at most ``MAX_DEPTH`` levels of
nesting and ``MAX_KEYS`` keys in a mapping, no key given twice in one mapping (YAML would keep
the last value and silently drop the first), no NUL or lone surrogate characters in values,
and files of at most ``MAX_BYTES``. Errors name the file and line.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import yaml
from yaml.events import AliasEvent

from sitegen.errors import Problem, SitegenError

MAX_DEPTH = 100  # lists and mappings inside each other
MAX_KEYS = 1000  # keys of one mapping (a record's columns)
MAX_BYTES = 10 * 10**6  # of a YAML file: the parser reads about 250 KB a second
PLAIN_TAGS = {f"tag:yaml.org,2002:{name}" for name in (
    "str", "int", "float", "bool", "null", "timestamp", "seq", "map", "merge")}
BAD_CHARACTERS = re.compile("[\x00\ud800-\udfff]")  # NUL, and surrogates no UTF-8 can hold
FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's, when installed


class _RefusedError(yaml.MarkedYAMLError):
    pass


class _BoundedLoader(yaml.SafeLoader):
    """A SafeLoader that refuses aliases (``*name``): nothing in sitegen's files needs them,
    and nested aliases can expand a small file into billions of values. It also stops at
    ``MAX_DEPTH`` levels of nesting, before Python's recursion limit."""

    depth = 0

    def compose_node(self, parent, index):
        mark = self.peek_event().start_mark
        if self.check_event(AliasEvent):
            raise _RefusedError(problem="aliases (*name) are not allowed; write the value out",
                                problem_mark=mark)
        if self.depth >= MAX_DEPTH:
            raise _RefusedError(problem=f"nested more than {MAX_DEPTH} levels deep",
                                problem_mark=mark)
        self.depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


def _problem(exc: yaml.YAMLError, text: str, path, line_offset: int) -> Problem:
    mark = getattr(exc, "problem_mark", None)
    line = mark.line + 1 + line_offset if mark else None
    detail = getattr(exc, "problem", None) or str(exc)
    if isinstance(exc, yaml.reader.ReaderError):  # a control character in the text
        line = text.count("\n", 0, exc.position) + 1 + line_offset
        detail = f"the control character #x{exc.character:04x} is not allowed"
    if "could not determine a constructor" in str(exc):
        detail = "tags such as !!python/... are not allowed; use plain values"
    lines = [*text.splitlines(), "", ""]  # a mark may sit on the line after the last
    words = None if isinstance(exc, _RefusedError) else in_words(exc, lines)
    if words is not None:
        row, message, fix = words
        return Problem(f"not valid YAML: {message}", path, row + 1 + line_offset,
                       hint=f"{fix} (the YAML parser said: {detail})")
    return Problem(f"not valid YAML: {detail}", path, line)


QUOTE_IT = "put the value in quotes, e.g. title: \"Who talks: back?\""
NO_COLON = ("no ': ' between a name and its value",
            "write name: value, with a space after the colon")
INDICATORS = {"while scanning an alias": "'*'", "while scanning an anchor": "'&'",
              "while scanning a block scalar": "'|' or '>'"}
INDENTED = "the lines of one section, or of one list, start in the same column (spaces only)"


def in_words(exc: yaml.YAMLError, lines: list[str]) -> tuple[int, str, str] | None:
    """The common PyYAML syntax errors in plain words: (line index, message, how to fix),
    or None to keep the parser's own words."""
    mark, context = getattr(exc, "problem_mark", None), getattr(exc, "context_mark", None)
    problem, while_ = getattr(exc, "problem", None) or "", getattr(exc, "context", None) or ""
    if mark is None:
        return None
    row, found = mark.line, re.search(r"found character ('.+') that cannot start", problem)
    if problem == "mapping values are not allowed here":
        return _stray_colon(lines, row, mark.column)
    if "could not find expected ':'" in problem and context is not None:
        return (context.line, *NO_COLON)
    if re.search(r"but found '<block (mapping|sequence) start>'", problem):
        return row, "this line is indented differently from the lines above it", INDENTED
    if found and found[1] == "'\\t'":
        return row, "a tab character; YAML indents with spaces only", "replace it with spaces"
    indicator = found[1] if found else INDICATORS.get(while_)
    if indicator:
        return row, f"a value cannot start with {indicator} unless it is in quotes", QUOTE_IT
    if "quoted scalar" in while_ and context is not None:
        if problem.startswith("found unknown escape"):
            return (row, "an unknown escape (a backslash) in double quotes",
                    "write a backslash as \\\\ in double quotes, or use single quotes")
        return (context.line, "a quote opened on this line is never closed",
                "end the value with the quote mark it starts with")
    if while_.startswith("while parsing a flow") and context is not None:
        # the bracket still open where the parser stopped ("a flow node" does not say which)
        opened = _open_bracket(lines, mark.line, mark.column)
        bracket = opened[1] if opened else "[" if "sequence" in while_ else "{"
        example = "[a, b]" if bracket == "[" else "{a: 1, b: 2}"
        return (opened[0] if opened else context.line, f"a '{bracket}' opened on this line is "
                "never closed, or a ',' is missing between its items",
                f"write it as {example}, on one line")
    return _misplaced(problem, lines, row, mark.column)


def _open_bracket(lines: list[str], row: int, column: int) -> tuple[int, str] | None:
    """(line, bracket) of the last '[' or '{' still open before line ``row``, ``column``
    (brackets in quotes and comments skipped)."""
    stack: list[tuple[int, str]] = []
    for number, line in enumerate(lines[:row + 1]):
        quote = None
        for char in line[:column] if number == row else line:
            if quote:
                quote = None if char == quote else quote
            elif char in "'\"":
                quote = char
            elif char == "#":
                break
            elif char in "[{":
                stack.append((number, char))
            elif char in "]}" and stack:
                stack.pop()
    return stack[-1] if stack else None


def _misplaced(problem: str, lines: list[str], row: int, column: int):
    """Something where the parser expected the end of a mapping or a value."""
    if problem.endswith(("found ']'", "found '}'")):
        return (row, f"a closing '{problem[-2]}' without an opening one",
                "remove it, or put the value in quotes")
    if problem.endswith("found '-'"):
        return (row, "a list item ('- ') among 'name: value' lines",
                "indent the list under the name ending with ':' that it belongs to")
    if problem.endswith("found '<scalar>'") and re.search(r"[\"']\s*$", lines[row][:column]):
        return row, "text after the closing quote of a value", "put the whole value in quotes"
    if problem == "but found another document":
        return row, "a second document ('---') in the file", "remove the '---' line"
    return None


def _stray_colon(lines: list[str], row: int, column: int) -> tuple[int, str, str]:
    """A ':' the parser cannot place: a second ': ' in a value, a line indented under a
    value, or the line above without its ': '."""
    if re.search(r":(\s|$)", lines[row][:column]):
        return row, "a second ': ' on this line, in a value", QUOTE_IT
    above = next((r for r in range(row - 1, -1, -1)
                  if lines[r].strip() and not lines[r].lstrip().startswith("#")), None)
    if above is None or _indent(lines[row]) > _indent(lines[above]):
        return row, "this line is indented more than the line above it, which has a value", \
            INDENTED
    return (above, *NO_COLON)


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def compose(text: str, path: Path | str, error: type[SitegenError],
            line_offset: int = 0) -> tuple[object, yaml.Node | None]:
    """Parse YAML text; return (data, root node) so callers can find record lines."""
    node = loader = None
    try:
        loader = _BoundedLoader(text)  # refuses control characters such as a raw NUL
        node = loader.get_single_node()
        _check_plain(node, line_offset)
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as exc:
        raise error(_problem(exc, text, path, line_offset)) from None
    except ValueError as exc:  # e.g. an impossible date such as 2024-13-01
        line = _bad_scalar_line(node)
        raise error(Problem(f"not valid YAML: {exc}", path,
                            line + 1 + line_offset if line is not None else None)) from None
    finally:
        if loader is not None:
            loader.dispose()
    return data, node


def fast_compose(text: str) -> tuple[object, yaml.Node | None]:
    """``compose`` through libyaml (several times faster), checked the same way; raises
    yaml.YAMLError or ValueError, for ``compose`` to say where and why."""
    loader = FAST_LOADER(text)
    try:
        node = loader.get_single_node()
        _check_plain(node)
        return (loader.construct_document(node) if node is not None else None), node
    finally:
        loader.dispose()


def _check_plain(node: yaml.Node | None, line_offset: int = 0) -> None:
    """Refuse what plain data never holds: other tags, huge mappings, a key given twice,
    NUL and surrogates (``line_offset``: for the line a message names)."""
    stack = [node] if node is not None else []
    while stack:
        current = stack.pop()
        problem = _node_problem(current)
        if problem:
            raise _RefusedError(problem=problem, problem_mark=current.start_mark)
        if isinstance(current, yaml.SequenceNode):
            stack += current.value
        elif isinstance(current, yaml.MappingNode):
            _check_keys_once(current, line_offset)
            stack += [n for pair in current.value for n in pair]


def _check_keys_once(node: yaml.MappingNode, line_offset: int) -> None:
    """Refuse a key given twice in one mapping, at the second (YAML keeps only its value)."""
    keys = [key for key, _ in node.value if isinstance(key, yaml.ScalarNode)]
    if len({(key.tag, key.value) for key in keys}) == len(keys):
        return
    first: dict[tuple[str, str], yaml.Node] = {}
    for key in keys:
        seen = first.setdefault((key.tag, key.value), key)
        if seen is not key:
            line = seen.start_mark.line + 1 + line_offset
            raise _RefusedError(problem=f"'{key.value}' is given twice (first on line {line});"
                                " write each key once", problem_mark=key.start_mark)


def _node_problem(node: yaml.Node) -> str | None:
    if node.tag not in PLAIN_TAGS:
        shown = node.tag.replace("tag:yaml.org,2002:", "!!")
        shown = "!!python/..." if shown.startswith("!!python/") else shown
        return f"tags such as {shown} are not allowed; use plain values"
    if isinstance(node, yaml.MappingNode) and len(node.value) > MAX_KEYS:
        return f"a mapping with {len(node.value)} keys (at most {MAX_KEYS} are read)"
    if isinstance(node, yaml.ScalarNode) and BAD_CHARACTERS.search(node.value):
        found = "a NUL character" if "\x00" in node.value else "a lone surrogate (\\ud800...)"
        return f"{found} in a value; only text that UTF-8 can hold, without NUL, is read"
    return None


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
    """Read and parse a YAML file as UTF-8 (at most ``MAX_BYTES``)."""
    if path.stat().st_size > MAX_BYTES:
        raise error(Problem(f"larger than {MAX_BYTES // 10**6} MB, the most a YAML file may "
                            "hold (parsing it would take minutes)", path,
                            hint="YAML is for small networks: convert large data to CSV"))
    return compose(utf8_text(path.read_bytes(), path, error), path, error)


def utf8_text(data: bytes, path, error: type[SitegenError]) -> str:
    """A file's bytes as UTF-8 text (a BOM removed); an error at the line of the first byte
    that is not (a file saved as Latin-1 or Windows-1252)."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise error(Problem("not UTF-8 text", path, data.count(b"\n", 0, exc.start) + 1,
                            hint="save the file as UTF-8")) from None


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


def key_lines(node: yaml.Node | None, depth: int = 2, prefix: str = "") -> dict[str, int]:
    """The line of each key of nested mappings, ``depth`` levels down, by dotted name:
    {'site': 1, 'site.title': 2} (for messages about settings)."""
    lines: dict[str, int] = {}
    if not isinstance(node, yaml.MappingNode) or depth < 1:
        return lines
    for key_node, value_node in node.value:
        name = f"{prefix}{key_node.value}"
        lines[name] = key_node.start_mark.line + 1
        lines.update(key_lines(value_node, depth - 1, name + "."))
    return lines


def project_folder(path: Path) -> Path:
    """The folder the user's files must stay inside (resolved): the nearest folder above
    ``path`` holding sitegen.yml, else the working folder when it holds ``path``, else
    ``path`` itself (a folder named on the command line, outside any project)."""
    absolute = Path(os.path.abspath(path))
    for folder in absolute.parents:
        if (folder / "sitegen.yml").is_file():
            return folder.resolve()
    here = Path.cwd()
    return (here if absolute.is_relative_to(here) else absolute).resolve()


def check_inside(path: Path, folder: Path, error: type[SitegenError]) -> None:
    """Refuse a file reached through a symbolic link that leads outside ``folder``."""
    target = path.resolve()
    if not target.is_relative_to(folder):
        raise error(Problem(
            f"a symbolic link to {target}, outside the project folder {folder}", path,
            hint="sitegen reads only files inside the project: copy the file in"))


def user_file(path: Path, folder: Path, error: type[SitegenError]) -> bool:
    """Whether a file of the user's is there to read: False when nothing is; True for a
    regular file inside ``folder`` (links followed); an error for a link to nowhere or out
    of ``folder``, or for a folder or a FIFO in a file's place (never skipped silently)."""
    if not path.exists():
        if path.is_symlink():
            raise error(Problem(f"a symbolic link to {os.readlink(path)}, which does not "
                                "exist", path))
        return False
    check_inside(path, folder, error)  # the file, or a folder above it, may be a link
    if not path.is_file():
        what = "a folder" if path.is_dir() else "not a regular file"
        raise error(Problem(f"{what}, where a file is expected", path,
                            hint=f"{path.name} must be a file; move what is there away"))
    return True

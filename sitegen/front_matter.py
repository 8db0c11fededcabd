"""Front matter: the YAML mapping between two ``---`` lines at the top of a post or page,
read quickly where it is simple (libyaml) and carefully elsewhere, every key's line kept for
messages; the text keys (title, tags, summary, author, slug) keep the text as written (YAML
reads ``title: No`` as false)."""

from __future__ import annotations

import contextlib
import re
from pathlib import Path

import yaml

from sitegen.errors import ContentError, Problem
from sitegen.yamlfile import MAX_DEPTH, compose, fast_compose

TEXT_KEYS = ("title", "tags", "summary", "author", "slug")  # read as the text written
STR, NULL = "tag:yaml.org,2002:str", "tag:yaml.org,2002:null"


def split_front_matter(text: str, path: Path) -> tuple[dict, str, int, dict[str, int]]:
    """Return (front matter mapping, body, first body line, file line of each key)."""
    if not text.startswith("---"):
        return {}, text, 1, {}
    lines = text.splitlines(keepends=True)
    for i, line in enumerate(lines[1:], start=1):
        if line.strip() == "---":
            data = _parse_front_matter("".join(lines[1:i]), path)
            if not isinstance(data, dict):
                raise ContentError(Problem("front matter must be a mapping (key: value lines)",
                                           path, 2))
            key_lines = {m[1]: n for n, m in enumerate(
                (TOP_KEY.match(x) for x in lines[1:i]), start=2) if m}
            return data, "".join(lines[i + 1:]), i + 2, key_lines
    raise ContentError(Problem("front matter is not closed by a '---' line", path, 1))


TOP_KEY = re.compile(r"([A-Za-z_][\w-]*)\s*:")
ALIAS = re.compile(r"(?:^|[\s\[{,:-])\*[^\s*]")  # a YAML alias such as *name
TAG = re.compile(r"(?:^|[\s\[{,:-])!")  # a YAML tag such as !!binary
STRUCTURE = re.compile(r"[\[{:?-]")  # every level of nesting needs one of these


def _is_simple(text: str) -> bool:
    """Front matter that libyaml may read: no alias, tag or escape (\\0, \\ud800), and too
    little structure to nest deeper than the careful loader allows (libyaml crashes on very
    deep nesting)."""
    return ("\\" not in text and not ALIAS.search(text) and not TAG.search(text)
            and len(STRUCTURE.findall(text)) < MAX_DEPTH)


def _parse_front_matter(text: str, path: Path) -> object:
    """Simple front matter goes through libyaml (fast, safe: no Python tags); the rest, or
    what libyaml refuses, through the careful loader that checks and names lines. Text keys
    keep the text as written."""
    data, node = None, None
    if _is_simple(text):
        with contextlib.suppress(yaml.YAMLError, ValueError):
            data, node = fast_compose(text)
    if node is None:
        data, node = compose(text, path, ContentError, line_offset=1)
    if isinstance(data, dict) and isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if key.value in TEXT_KEYS:
                data[key.value] = _as_written(value, data[key.value])
    return {} if data is None else data


def _as_written(node: yaml.Node, value: object) -> object:
    """A value of a text key as written: YAML reads 'title: No' as false, 'tags: [NO, on]'
    as false and true, 'author: 1e3' as 1000.0; a list item by item; null stays None."""
    if isinstance(node, yaml.ScalarNode) and node.tag not in (STR, NULL):
        return node.value
    if isinstance(node, yaml.SequenceNode) and isinstance(value, list):
        return [_as_written(item, v) for item, v in zip(node.value, value)]
    return value

"""Typed analysis results to plain JSON values and back, guided by the dataclasses' hints.

The build cache keeps the analysis beside its DuckDB tables; ``from_plain`` rebuilds the same
frozen dataclasses, so the site reads typed values whether the analysis ran now or earlier.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from datetime import date

Plain = None | bool | int | float | str | list | dict


def to_plain(value) -> Plain:
    """Dataclasses as mappings, tuples as lists, dates as ISO text."""
    if dataclasses.is_dataclass(value):
        return {f.name: to_plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (list, tuple)):
        return [to_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): to_plain(v) for k, v in value.items()}
    if isinstance(value, date):
        return value.isoformat()
    return value


def from_plain(kind, value):
    """A value of type ``kind`` (a hint: dataclass, tuple[...], dict[...], Optional...)."""
    if value is None:
        return None
    origin, args = typing.get_origin(kind), typing.get_args(kind)
    if origin in (typing.Union, types.UnionType):
        return from_plain(next(a for a in args if a is not type(None)), value)
    if dataclasses.is_dataclass(kind):
        hints = typing.get_type_hints(kind)
        return kind(**{f.name: from_plain(hints[f.name], value[f.name])
                       for f in dataclasses.fields(kind) if f.name in value})
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(from_plain(args[0], v) for v in value)
        return tuple(from_plain(a, v) for a, v in zip(args, value))
    if origin is dict:
        return {k: from_plain(args[1], v) for k, v in value.items()}
    if kind is date:
        return date.fromisoformat(value)
    if kind is float and isinstance(value, int):
        return float(value)
    return value

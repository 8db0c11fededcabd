"""A location named by URL (``s3://``, ``hdfs://``, ``file://`` ...) rather than a local path:
only ``scheme://`` counts (``file:/data`` is a path). Light: settings use it without DuckDB."""

from __future__ import annotations

import re

SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://")


def is_url(name: object) -> bool:
    """Whether a location is a URL an engine reads (``s3://...``), not a local path."""
    return SCHEME.match(str(name)) is not None

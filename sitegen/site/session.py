"""What a long-lived process (``sitegen serve``) keeps between its builds.

Each part is kept with the key it was made under (the analysis key, the theme's key, ...);
a build whose key for it differs makes it again. A build outside such a process starts with
an empty session. This module imports nothing heavy.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

log = logging.getLogger(__name__)


class BuildSession:
    """Parts of a build kept for the next one, each under its key."""

    def __init__(self) -> None:
        self._parts: dict[str, tuple[object, Any]] = {}

    def kept(self, name: str, key: object, make: Callable[[], Any]) -> Any:
        """The part ``name`` made under ``key``: kept from an earlier build, or made now
        (and kept in place of the one made under another key)."""
        found = self._parts.get(name)
        if found is not None and found[0] == key:
            return found[1]
        self.forget(name)
        part = make()
        self._parts[name] = (key, part)
        return part

    def get(self, name: str, key: object) -> Any | None:
        found = self._parts.get(name)
        return found[1] if found is not None and found[0] == key else None

    def keep(self, name: str, key: object, part: Any) -> None:
        if self._parts.get(name, (None, None))[1] is not part:
            self.forget(name)
        self._parts[name] = (key, part)

    def forget(self, name: str) -> None:
        """Drop a part (closing it when it can be closed: an analysis's database)."""
        found = self._parts.pop(name, None)
        close = getattr(found[1], "close", None) if found is not None else None
        if close is not None:
            try:
                close()
            except Exception as exc:  # noqa: BLE001 (a part that fails to close is just gone)
                log.debug("could not close %s: %s", name, exc)

    def close(self) -> None:
        for name in list(self._parts):
            self.forget(name)

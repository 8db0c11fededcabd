"""One exception hierarchy: every user-facing problem is a SitegenError.

The CLI prints ``str(error)`` in one or two lines and exits with status 2.
A traceback therefore always means a bug in sitegen itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

# control characters (C0 but the tab, DEL, C1), line and paragraph separators and
# bidirectional controls: from data they could move the cursor, clear the screen, break a
# line or reorder the text
UNPRINTABLE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029"
                         "\u202a-\u202e\u2066-\u2069]")


def printable(text: object, keep: str = "") -> str:
    """``text`` with every unprintable character but those in ``keep`` shown as an escape
    (``\\x1b``, ``\\n``, ``\\u202e``), so data prints as the plain text it is."""

    def shown(match: re.Match) -> str:
        char = match.group()
        return char if char in keep else char.encode("unicode_escape").decode("ascii")

    return UNPRINTABLE.sub(shown, str(text))


@dataclass
class Problem:
    """One thing wrong with the user's input, located as precisely as we can."""

    message: str
    file: Path | str | None = None
    line: int | None = None
    hint: str | None = None

    def __str__(self) -> str:
        """``FILE:LINE: message``, and the hint on a second line; each on one line whatever
        characters the file name, message or hint hold."""
        where = ""
        if self.file is not None:
            file = printable(self.file)
            where = f"{file}:{self.line}: " if self.line else f"{file}: "
        text = where + printable(self.message)
        return f"{text}\n  hint: {printable(self.hint)}" if self.hint else text


class SitegenError(Exception):
    """A problem the user can fix; carries one or more located problems."""

    def __init__(self, *problems: Problem | str):
        self.problems = [p if isinstance(p, Problem) else Problem(p) for p in problems]
        super().__init__("\n".join(str(p) for p in self.problems))


class ConfigError(SitegenError):
    """sitegen.yml is missing, malformed or holds invalid settings."""


class SnapshotError(SitegenError):
    """A snapshot file is malformed or inconsistent."""


class ContentError(SitegenError):
    """A post or page cannot be read or refers to something that does not exist."""


class DeployError(SitegenError):
    """Publishing failed; the local repository was left as it was."""



class EngineError(SitegenError):
    """The analysis engine asked for cannot run here (Spark without pyspark, sqlglot or Java
    17+), or cannot run a statement."""


def first_line(exc: BaseException) -> str:
    """An exception's message, its first line only (or its kind, when it has none)."""
    return str(exc).splitlines()[0] if str(exc) else type(exc).__name__

"""One exception hierarchy: every user-facing problem is a SitegenError.

The CLI prints ``str(error)`` in one or two lines and exits with status 2.
A traceback therefore always means a bug in sitegen itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass
class Problem:
    """One thing wrong with the user's input, located as precisely as we can."""

    message: str
    file: Path | str | None = None
    line: int | None = None
    hint: str | None = None

    def __str__(self) -> str:
        where = ""
        if self.file is not None:
            where = f"{self.file}:{self.line}: " if self.line else f"{self.file}: "
        text = where + self.message
        return f"{text}\n  hint: {self.hint}" if self.hint else text


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


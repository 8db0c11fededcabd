"""Mastodon's CSV exports of follows (Settings > Import and export > Data export).

``following_accounts.csv``: the accounts the owner follows, header
``Account address,Show boosts,Notify on new posts,Languages`` (older servers write only the first
two columns, and older still no header at all: an address on each line), one ``user@domain`` a
row. A followers export, where a server offers one, is taken
to have the same columns (a guess: no followers export was seen); it is told apart by its name
(``follower_accounts.csv`` or any name with "follower" but not "following"). Neither has dates.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

from sitegen.errors import Problem, SnapshotError
from sitegen.importing.mastodon_ids import address

HEADER = "Account address,Show boosts,Notify on new posts,Languages"
MAX_FIELD = 1 << 20
HINT = "give following_accounts.csv as Mastodon wrote it (Settings > Import and export > " \
       "Data export > Follows)"


def csv_kind(path: Path) -> str | None:
    """``following`` or ``followers`` from the file's name, None when the name says neither."""
    name = path.name.lower()
    if "following" in name:
        return "following"
    if "follower" in name:
        return "followers"
    return None


def accounts(path: Path) -> Iterator[tuple[int, str]]:
    """(line, ``user@domain``) for each account listed in the export at ``path``."""
    csv.field_size_limit(MAX_FIELD)
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            rows = csv.reader(handle)
            first = next(rows, None)
            if first and address(first[0]) is not None:  # no header: older Mastodon
                yield rows.line_num, _address(first[0], path, rows.line_num)
            else:
                _check_header(first, path)
            for row in rows:
                if not row or not "".join(row).strip():
                    continue
                yield rows.line_num, _address(row[0], path, rows.line_num)
    except UnicodeDecodeError:
        raise SnapshotError(Problem("not UTF-8 text", path, hint=HINT)) from None
    except csv.Error as error:
        raise SnapshotError(Problem(f"not valid CSV: {error}", path, hint=HINT)) from None


def _check_header(header: list[str] | None, path: Path) -> None:
    first = header[0].strip().lower() if header else ""
    if first != "account address":
        shown = f"'{','.join(header)[:80]}'" if header else "an empty file"
        raise SnapshotError(Problem(f"expected the header '{HEADER}', got {shown}", path, 1,
                                    hint=HINT))


def _address(value: str, path: Path, line: int) -> str:
    found = address(value)
    if found is None:
        raise SnapshotError(Problem(f"expected an account address user@domain in column "
                                    f"'Account address', got '{value[:80]}'", path, line))
    return found

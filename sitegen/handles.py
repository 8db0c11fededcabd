"""Handles that could pass for another account's: marked wherever the site shows them.

A handle comes from the data: one may hold characters that show nothing (a zero-width space,
a soft hyphen) or turn the text around (U+202E). Such a handle is one holding a character
``str.isprintable()`` refuses (controls, format characters, separators, unassigned), or one
that is printable yet shows nothing (``INVISIBLE``, and the variation selectors
U+E0100-U+E01EF). The theme's ``hidden()`` macro and the accounts table's chunks both ask
``hides_characters``.
"""

from __future__ import annotations

INVISIBLE = frozenset("\u034f\u115f\u1160\u17b4\u17b5\u180b\u180c\u180d\u180f\u2800\u3164"
                      "\uffa0" + "".join(chr(c) for c in range(0xFE00, 0xFE10)))

# a handle of these characters only (printable ASCII) never hides one: the SQL that picks
# the handles to ask about leaves them out
PLAIN_PATTERN = "[ -~]*"


def shown(handle: str | None, account_id: str) -> str:
    """How pages name an account: ``@handle``, or ``id ID`` when the data gives it no handle
    (an id written as ``@ID`` would pass for a handle the account may not have)."""
    return f"@{handle}" if handle else f"id {account_id}"


def label(handle: str | None, account_id: str) -> str:
    """The account in a chart's hover text or a graph file's label: its handle, else
    ``id ID``."""
    return handle if handle else f"id {account_id}"


# characters that turn the text after them around (embeddings, overrides, isolates)
DIRECTION_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def isolated(text: object) -> object:
    """Text holding a direction control, isolated (FSI ... PDI), so that it cannot turn what
    follows it around where no markup can (a page's ``<title>``, a share card's title); any
    other value as it is."""
    if isinstance(text, str) and DIRECTION_CONTROLS.intersection(text):
        return f"\u2068{text}\u2069"
    return text


def hides_characters(handle: object) -> bool:
    """Whether a handle holds a character that shows nothing or reorders the text."""
    text = "" if handle is None else str(handle)
    return (not text.isprintable()
            or any(c in INVISIBLE or "\U000e0100" <= c <= "\U000e01ef" for c in text))

"""Safe, stable, unique names for files and URLs made from untrusted text.

A slug contains only ``a-z``, ``0-9``, ``-`` and ``_``, is at most 60 characters, is never
a Windows device name, and never empty. Account slugs get a short hash of the account id
whenever the handle had to be changed to make it safe, so that ``Alice`` and ``alice``,
or ``../x`` and ``x``, never share a page.

``lookalike_key`` is what an author's ``@name`` is compared by when no account has that
handle or id exactly.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter

MAX_LENGTH = 60
RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)),
            *(f"lpt{i}" for i in range(10)), "index", "assets", "data"}


def slugify(text: str, fallback: str = "item") -> str:
    """Lowercase ASCII words joined by hyphens (unicode letters transliterated if possible)."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    text = re.sub(r"[^a-z0-9_]+", "-", text.lower()).strip("-_")
    text = text[:MAX_LENGTH].rstrip("-_")
    if not text or text in RESERVED:
        text = f"{text}-{fallback}" if text else fallback
    return text


def short_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:8]


def account_slug(handle: str, account_id: str) -> str:
    """The page name of an account: its handle when that is already safe, else with a hash."""
    slug = slugify(handle, fallback="account")
    if slug != handle:
        slug = f"{slug[:MAX_LENGTH - 9]}-{short_hash(account_id)}"
    return slug


def unique_account_slugs(pairs: list[tuple[str, str]]) -> dict[str, str]:
    """Map account id -> slug for (id, handle) pairs (ids distinct), no two slugs alike.

    Every account first gets ``account_slug``. Those whose slug no other account got keep it.
    The others, in id order, get ``_free_slug``: their slug with a hash of their id and, if
    that is taken, a counter; "taken" means given to any account so far, the kept slugs
    included. So no two accounts share a slug, whatever the handles and ids: kept slugs
    differ from each other (each was got once), and every other slug was checked against all
    slugs given before it and all kept ones. The loop always ends: ``_free_slug`` tries
    distinct names until one is free. Every slug is safe: kept ones are ``account_slug``'s,
    the others are made of a slug, ``-``, hex digits and a number, at most 60 characters,
    and (holding a ``-``) never a reserved name.
    """
    slugs = {account_id: account_slug(handle, account_id) for account_id, handle in pairs}
    counts = Counter(slugs.values())
    taken = {slug for slug in slugs.values() if counts[slug] == 1}
    for account_id in sorted(i for i, slug in slugs.items() if counts[slug] > 1):
        slugs[account_id] = _free_slug(slugs[account_id], short_hash(account_id), taken)
        taken.add(slugs[account_id])
    return slugs


def _free_slug(slug: str, suffix: str, taken: set[str]) -> str:
    """``slug-suffix``, else ``slug-suffix-2``, ``-3``, ...: the first not in ``taken``, cut
    to ``MAX_LENGTH``. From 2 on the names differ (each ends in ``-`` and its own number), so
    at most ``len(taken) + 2`` are tried."""
    number = 1
    while True:
        tail = f"-{suffix}" if number == 1 else f"-{suffix}-{number}"
        candidate = slug[:MAX_LENGTH - len(tail)].rstrip("-_") + tail
        if candidate not in taken:
            return candidate
        number += 1


# Default_Ignorable_Code_Point (Unicode's DerivedCoreProperties.txt): characters that show
# nothing (zero-width space and joiners, soft hyphen, word joiner, variation selectors, Hangul
# fillers, tags) and the bidirectional controls
IGNORABLE = re.compile("[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f"
                       "\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff"
                       "\uffa0\ufff0-\ufff8\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
                       "\U000e0000-\U000e0fff]")


def lookalike_key(text: str) -> str:
    """``text`` without the characters that show nothing, NFKC-normalized and case-folded:
    ``Kate`` (with the Kelvin sign), ``ＫＡＴＥ``, ``Ka<zero-width space>te`` and ``kate`` all
    become ``kate``. Plain ASCII text becomes ``text.lower()``."""
    folded = unicodedata.normalize("NFKC", IGNORABLE.sub("", text)).casefold()
    return unicodedata.normalize("NFKC", folded)

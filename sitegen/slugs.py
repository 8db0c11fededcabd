"""Safe, stable, unique names for files and URLs made from untrusted text.

A slug contains only ``a-z``, ``0-9``, ``-`` and ``_``, is at most 60 characters, is never
a Windows device name, and never empty. Account slugs get a short hash of the account id
whenever the handle had to be changed to make it safe, so that ``Alice`` and ``alice``,
or ``../x`` and ``x``, never share a page.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

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
    """Map account id -> slug for (id, handle) pairs; duplicates of a handle all get hashes."""
    slugs = {account_id: account_slug(handle, account_id) for account_id, handle in pairs}
    counts: dict[str, int] = {}
    for slug in slugs.values():
        counts[slug] = counts.get(slug, 0) + 1
    for account_id, slug in slugs.items():
        if counts[slug] > 1:
            slugs[account_id] = f"{slug[:MAX_LENGTH - 9]}-{short_hash(account_id)}"
    return slugs

"""Safe, stable, unique names for files and URLs made from untrusted text.

A slug keeps the words of every script: letters (lowercased where the script has case), the
marks that sit on them, digits and ``_``, NFC-normalized, the words joined by ``-``.
Punctuation, symbols, spaces, controls and the characters that show nothing or turn the
text's direction are dropped (between two words they leave a ``-``). A slug is at most 60
characters and 180 bytes of UTF-8 (a post's file name, date and ``.md`` added, stays far under
the 255 bytes file systems allow), never a Windows device name, and never empty. Links
percent-encode it (``sitegen.site.urls``); files are written under the slug itself.

An account's page is its handle's slug, readable (``SpeakerPelosi`` gets ``speakerpelosi``),
unless the slugs of two or more published accounts look alike (``Alice`` and ``alice``, a
handle with the Kelvin sign and one with a K, or ``../x`` and ``x``): then each of them gets a
short hash of its account id, so none of them has the plain address and none shares a page.

``lookalike_key`` is what an author's ``@name`` is compared by when no account has that
handle or id exactly, and what tells account slugs that look alike.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter

MAX_LENGTH = 60
MAX_BYTES = 180
RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)),
            *(f"lpt{i}" for i in range(10)), "index", "assets", "data"}
# letters of every script, the marks on them, decimal digits and letter numbers (〇, Ⅻ):
# what Jekyll's default slugify keeps, and the letter numbers
KEPT = frozenset({"Lu", "Ll", "Lt", "Lm", "Lo", "Mn", "Mc", "Me", "Nd", "Nl"})


def slugify(text: str, fallback: str = "item") -> str:
    """The words of ``text``, of any script, lowercased and joined by hyphens."""
    return _usable(_words_slug(text), fallback)


def _words_slug(text: str) -> str:
    """The words of ``text`` joined by hyphens, within the limits; empty when it has none."""
    return cut("-".join(_words(_normalized(text))), MAX_LENGTH, MAX_BYTES)


def _usable(slug: str, fallback: str) -> str:
    """``fallback`` for an empty slug, ``-fallback`` added to a reserved one."""
    if not slug or slug in RESERVED:
        slug = f"{slug}-{fallback}" if slug else fallback
    return slug


def _normalized(text: str) -> str:
    """NFC, without the characters that show nothing, lowercased (``İ`` as in Turkish, the
    one script that has it: ``i``, not ``i`` and a dot above)."""
    text = unicodedata.normalize("NFC", IGNORABLE.sub("", text)).replace("\u0130", "i")
    return unicodedata.normalize("NFC", text.lower())


def _words(text: str) -> list[str]:
    """The runs of kept characters, each without ``_`` at its ends and without marks that
    have no letter to sit on."""
    spaced = "".join(c if c == "_" or unicodedata.category(c) in KEPT else " " for c in text)
    words = (_trimmed(word) for word in spaced.split())
    return [word for word in words if word]


def _trimmed(word: str) -> str:
    start = 0
    while start < len(word) and (word[start] == "_" or _is_mark(word[start])):
        start += 1
    return word[start:].rstrip("_")


def _is_mark(char: str) -> bool:
    return unicodedata.category(char).startswith("M")


def cut(text: str, characters: int, size: int) -> str:
    """``text`` cut to at most ``characters`` characters and ``size`` bytes of UTF-8, never
    between a letter and its marks, without a ``-`` or ``_`` at the end."""
    end = min(len(text), characters)
    while len(text[:end].encode("utf-8")) > size:
        end -= 1
    while 0 < end < len(text) and _is_mark(text[end]):
        end -= 1
    return text[:end].rstrip("-_")


def short_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:8]


def unique_account_slugs(pairs: list[tuple[str, str | None]]) -> dict[str, str]:
    """Map account id -> slug for (id, handle) pairs (ids distinct), no two slugs alike.

    Every account first gets its handle's slug, or its id's without a handle (``account``
    when it has no words).
    Those whose slug looks like no other account's (``lookalike_key`` differs from every
    other's) keep it, unless it is that stand-in. The others, in id order, get
    ``_free_slug``: their slug with a hash of their id and, if that is taken, a counter;
    "taken" means looking like a slug given to any account so far, the kept slugs included.
    So no two accounts have slugs alike, whatever the handles and ids: kept slugs differ from
    each other's look (each look was got once), and every other slug was checked against all
    slugs given before it and all kept ones. The loop always ends: ``_free_slug`` tries
    distinct names until one is free. Every slug is safe: kept ones are ``slugify``'s, the
    others a slug, ``-``, hex digits and a number, within the same limits, and (holding a
    ``-``) never a reserved name. The result depends on the pairs only, not on their order.
    """
    words = {account_id: _words_slug(handle or account_id) for account_id, handle in pairs}
    slugs = {account_id: _usable(slug, "account") for account_id, slug in words.items()}
    looks = Counter(lookalike_key(slug) for slug in slugs.values())
    hashed = {i for i, slug in slugs.items()  # alike, or no words for a readable address
              if looks[lookalike_key(slug)] > 1 or not words[i]}
    taken = {lookalike_key(slug) for i, slug in slugs.items() if i not in hashed}
    for account_id in sorted(hashed):
        slugs[account_id] = _free_slug(slugs[account_id], short_hash(account_id), taken)
        taken.add(lookalike_key(slugs[account_id]))
    return slugs


def _free_slug(slug: str, suffix: str, taken: set[str]) -> str:
    """``slug-suffix``, else ``slug-suffix-2``, ``-3``, ...: the first whose look is not in
    ``taken``, cut to the slug limits. From 2 on the names differ (each ends in ``-`` and its
    own number), so at most ``len(taken) + 2`` are tried."""
    number = 1
    while True:
        tail = f"-{suffix}" if number == 1 else f"-{suffix}-{number}"
        candidate = cut(slug, MAX_LENGTH - len(tail), MAX_BYTES - len(tail)) + tail
        if lookalike_key(candidate) not in taken:
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

"""One id per fediverse account: ``user@domain`` (the account's address, "acct").

A Mastodon archive names accounts by actor URI (``https://other.net/users/bob``), the CSV exports
by address (``bob@other.net``). Each account gets its address as id, found in this order:

1. from the data: the owner's ``actor.json`` (``preferredUsername`` at the actor's host) and the
   ``Mention`` tags of the posts, whose ``name`` the server wrote as ``@bob@other.net`` for the
   actor URI in ``href``. This also covers servers whose actor URIs hold no name
   (``https://misskey.example/users/9abc``) and addresses at another domain than the URI's
   (``@mw@f.example`` for ``https://pleroma.f.example/users/mw``);
2. guessed from the URI's path: ``https://domain/users/name`` and ``https://domain/@name`` give
   ``name@domain`` (a guess: right for Mastodon, Pleroma, Akkoma and GoToSocial; a server that
   puts an internal id there gives a wrong but consistent address);
3. otherwise the URI itself is kept as the id.

Domains are written in lower case, user names as the server wrote them.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

ADDRESS = re.compile(r"@?(?P<user>[^@\s/:]+)@(?P<domain>[^@\s/:]+(?::\d+)?)")
ACTOR_PATH = re.compile(r"/(?:users/(?P<user>[^/@]+)|@(?P<at>[^/@]+))/?")
# Mastodon 4.4 and later name actors and posts under /ap/ by number (/ap/users/1168.../
# statuses/1168...): a post's author is read from that too (the number is no name: the actor
# is known only when the data names it, as the owner's actor.json and Mention tags do)
POST_PATH = re.compile(r"(?P<actor>/(?:(?:ap/)?users/[^/@]+|@[^/@]+))/(?:statuses/)?[^/]+/?")
PUBLIC = {"https://www.w3.org/ns/activitystreams#Public", "as:Public", "Public"}


def address(text: object) -> str | None:
    """``user@domain`` from ``user@domain`` or ``@user@domain`` (None if it is not one)."""
    if not isinstance(text, str):
        return None
    match = ADDRESS.fullmatch(text.strip())
    return f"{match['user']}@{match['domain'].lower()}" if match else None


def host(uri: object) -> str | None:
    """The lower-case host of an ``http(s)`` URI, or None."""
    if not isinstance(uri, str):
        return None
    try:
        parts = urlsplit(uri.strip())
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    return parts.netloc.lower().rpartition("@")[2]


def guessed_address(actor_uri: str) -> str | None:
    """``name@domain`` read from an actor URI's path (``/users/name``, ``/@name``), or None."""
    domain = host(actor_uri)
    match = ACTOR_PATH.fullmatch(urlsplit(actor_uri.strip()).path) if domain else None
    if match is None:
        return None
    return f"{match['user'] or match['at']}@{domain}"


def author_uri(post_uri: object) -> str | None:
    """The actor URI a post URI names in its path: ``https://d/users/bob/statuses/1`` and
    ``https://d/@bob/1`` give ``https://d/users/bob`` and ``https://d/@bob`` (a guess from the
    URL: other servers name posts otherwise, and then this is None)."""
    domain = host(post_uri)
    if domain is None:
        return None
    parts = urlsplit(post_uri.strip())
    match = POST_PATH.fullmatch(parts.path)
    if match is None or "/statuses/" not in parts.path and "/@" not in parts.path:
        return None
    return f"{parts.scheme}://{parts.netloc}{match['actor']}"


def is_audience(uri: str) -> bool:
    """The public collection or a followers collection: not an account."""
    return uri in PUBLIC or uri.rstrip("/").endswith("/followers")


class AccountIds:
    """Actor URI -> account id, learned from the data, else guessed (see the module)."""

    def __init__(self):
        self.known: dict[str, str] = {}  # actor URI (no trailing slash) -> address

    def learn(self, actor_uri: object, name: object) -> str | None:
        """Record the address the data gives for ``actor_uri`` (a Mention's ``name``, which
        may lack the domain for an account of the server itself); returns it."""
        if not isinstance(actor_uri, str) or host(actor_uri) is None:
            return None
        found = address(name)
        if found is None and isinstance(name, str) and name.strip().startswith("@"):
            found = address(f"{name.strip()}@{host(actor_uri)}")
        if found is not None:
            self.known.setdefault(actor_uri.strip().rstrip("/"), found)
        return found

    def of(self, actor_uri: str) -> str:
        """The id of the account at ``actor_uri``."""
        uri = actor_uri.strip()
        return self.known.get(uri.rstrip("/")) or guessed_address(uri) or uri

    def handle(self, actor_uri: str) -> str | None:
        """The address when the data gave it (a guess gives no handle)."""
        return self.known.get(actor_uri.strip().rstrip("/"))

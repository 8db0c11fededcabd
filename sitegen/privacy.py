"""Publish a report without exposing the people in it.

With ``privacy.pseudonymize`` on, publishing is an allow-list: every account's id and handle
become ``acct-`` plus 16 hex digits of SHA-256 over a secret key and the account id (stable
across builds, not reversible without the key), names are dropped, and of the account columns
sitegen does not know (attributes) only those named in ``privacy.keep`` are published.
Accounts listed in ``privacy.named`` keep their id, handle and name. The pages, charts and
downloads all read the ``public_accounts`` table this module makes (the computed figures, no
profile text), so no other code needs to know. Posts get the pseudonyms in place of the
handles they mention (``sitegen.site.pages``).
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
import os

from sitegen.analysis.report import Report
from sitegen.config import PrivacySettings
from sitegen.errors import ConfigError, Problem
from sitegen.snapshots.readers import ident

log = logging.getLogger(__name__)

PSEUDONYM = "'acct-' || substr(sha256($key || a.id), 1, 16)"


def privacy_key(settings: PrivacySettings, source=None) -> str | None:
    """The secret key (None when pseudonyms are off); an error when it is missing."""
    if not settings.pseudonymize:
        return None
    key = os.environ.get(settings.key_env, "")
    if len(key) < 16:
        raise ConfigError(Problem(
            f"'privacy.pseudonymize' is on but the environment variable {settings.key_env} "
            "does not hold a key of at least 16 characters", source or "sitegen.yml",
            hint="set it to a long random secret and keep it out of the repository"))
    return key


def key_fingerprint(settings: PrivacySettings, source=None) -> str:
    """Part of the cache key: changes when the key or the named accounts change."""
    key = privacy_key(settings, source)
    if key is None:
        return "off"
    return hashlib.sha256(f"{key}|{sorted(settings.named)}|{sorted(settings.keep)}".encode()
                          ).hexdigest()


def pseudonymize(report: Report, settings: PrivacySettings) -> Report:
    """A report whose account table carries pseudonyms (or the report as it is)."""
    key = privacy_key(settings)
    if key is None:
        return report
    db = report.snapshot.db
    columns = [row[0] for row in db.execute(f"DESCRIBE {report.accounts_table}").fetchall()]
    # named by exactly its id or handle, or in other case when the name is plain ASCII (so that
    # naming 'kate' never names a look-alike such as a Kelvin-sign 'Kate')
    named = ("(a.id IN (SELECT unnest($exact)) OR a.handle IN (SELECT unnest($exact)) "
             "OR (regexp_matches(a.id || coalesce(a.handle, ''), '^[ -~]*$') AND "
             "(lower(a.id) IN (SELECT unnest($named)) OR lower(a.handle) IN "
             "(SELECT unnest($named)))))")
    replaced = {
        "id": f"CASE WHEN {named} THEN a.id ELSE {PSEUDONYM} END",
        "handle": f"CASE WHEN {named} THEN a.handle ELSE {PSEUDONYM} END",
        "name": f"CASE WHEN {named} THEN a.name END",
    }
    select = ", ".join(f"{replaced.get(c, 'a.' + ident(c))} AS {ident(c)}" for c in columns)
    table = report.snapshot.table("public_accounts")
    db.execute(f"CREATE OR REPLACE TABLE {table} AS SELECT {select} FROM "
               f"{report.accounts_table} a",
               {"key": key, "exact": [n.lstrip("@") for n in settings.named],
                "named": [n.lower().lstrip("@") for n in settings.named if n.isascii()]})
    return dataclasses.replace(report, accounts_table=table,
                               snapshot=_kept_attributes(report.snapshot, settings.keep))


def _kept_attributes(snapshot, keep) -> object:
    """The snapshot as published: only the attributes named in ``privacy.keep``."""
    wanted = {k.strip().lower() for k in keep}
    kept = tuple(a for a in snapshot.attributes if a in wanted)
    dropped = [a for a in snapshot.attributes if a not in wanted]
    if dropped:
        log.warning("%s: attribute column(s) %s not published with pseudonyms on (name them in "
                    "'privacy.keep' to publish them)", snapshot.source, ", ".join(dropped))
    coverage = dataclasses.replace(snapshot.coverage, attributes=kept)
    return dataclasses.replace(snapshot, attributes=kept, coverage=coverage)

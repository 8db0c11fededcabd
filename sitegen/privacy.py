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
from sitegen.handles import PLAIN_PATTERN
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


def pseudonym(key: str, account_id: str) -> str:
    """The pseudonym ``PSEUDONYM`` gives an account id, computed here."""
    return "acct-" + hashlib.sha256((key + account_id).encode("utf-8")).hexdigest()[:16]


def pseudonymize(report: Report, settings: PrivacySettings) -> Report:
    """A report whose account table carries pseudonyms (or the report as it is)."""
    key = privacy_key(settings)
    if key is None:
        return report
    db = report.snapshot.db
    columns = [row[0] for row in db.execute(f"DESCRIBE {report.accounts_table}").fetchall()]
    named_ids = sorted(set(named_by_entry(report, settings.named).values()))
    named = "a.id IN (SELECT unnest($named))"
    replaced = {
        "id": f"CASE WHEN {named} THEN a.id ELSE {PSEUDONYM} END",
        # an account without a handle gets none (pages name it by its pseudonymous id)
        "handle": f"CASE WHEN {named} OR a.handle IS NULL THEN a.handle ELSE {PSEUDONYM} END",
        "name": f"CASE WHEN {named} THEN a.name END",
    }
    select = ", ".join(f"{replaced.get(c, 'a.' + ident(c))} AS {ident(c)}" for c in columns)
    table = report.snapshot.table("public_accounts")
    db.execute(f"CREATE OR REPLACE TABLE {table} AS SELECT {select} FROM "
               f"{report.accounts_table} a", {"key": key, "named": named_ids or [""]})
    snapshot = _kept_attributes(report.snapshot, settings.keep)
    observed = snapshot.coverage.observed
    if observed is not None:  # the owners of a one-sided export are accounts too
        owners = tuple(o if o in named_ids else pseudonym(key, o) for o in observed.owners)
        coverage = dataclasses.replace(snapshot.coverage,
                                       observed=dataclasses.replace(observed, owners=owners))
        snapshot = dataclasses.replace(snapshot, coverage=coverage)
    return dataclasses.replace(report, accounts_table=table, snapshot=snapshot)


def named_by_entry(report: Report, named: tuple[str, ...] | list[str]) -> dict[str, str]:
    """The account each entry of ``privacy.named`` names in this snapshot, by id: (an '@'
    before it is dropped) the account whose id or handle is written exactly so, else, for
    plain ASCII, the one account it names in other case. An entry that may mean two or more
    accounts is an error: publishing someone the author did not mean cannot be undone."""
    entries = sorted({n.lstrip("@") for n in named})
    if not entries:
        return {}
    lowered = sorted({e.lower() for e in entries if e.isascii()})
    rows = report.snapshot.db.execute(
        f"SELECT id, handle FROM {report.accounts_table} WHERE id IN (SELECT unnest($e)) "
        "OR handle IN (SELECT unnest($e)) OR (regexp_matches(id || coalesce(handle, ''), "
        f"'^{PLAIN_PATTERN}$') AND (lower(id) IN (SELECT unnest($l)) OR lower(handle) IN "
        "(SELECT unnest($l)))) ORDER BY id", {"e": entries, "l": lowered or [""]}).fetchall()
    ids, problems = {}, []
    for entry in entries:
        exact = {i for i, h in rows if entry in (i, h)}
        found = exact or {i for i, h in rows
                          if entry.isascii() and entry.lower() in (i.lower(), (h or "").lower())}
        if len(found) > 1:
            problems.append(Problem(
                f"'privacy.named': '{entry}' may mean {len(found)} accounts of "
                f"{report.snapshot.name} (ids {', '.join(sorted(found))}); none is named",
                hint="name each account by its exact id or handle"))
        if len(found) == 1:
            ids[entry] = found.pop()
    if problems:
        raise ConfigError(*problems)
    return ids


def check_named_across(reports: list[Report], settings: PrivacySettings) -> None:
    """A ``privacy.named`` entry names one account in every snapshot: a handle that passed
    from one account to another would publish, in the earlier snapshot, someone the author
    did not mean (each snapshot's public table names in the clear only the named)."""
    if privacy_key(settings) is None or not settings.named:
        return
    meant: dict[str, dict[str, list[str]]] = {}
    by_snapshot = [named_by_entry(report, settings.named) for report in reports]
    for report, named in zip(reports, by_snapshot):
        for entry, account_id in named.items():
            meant.setdefault(entry, {}).setdefault(account_id, []).append(report.snapshot.name)
    problems = [Problem(
        f"'privacy.named': '{entry}' names different accounts in different snapshots ("
        + "; ".join(f"id {i} in {', '.join(names)}" for i, names in sorted(ids.items()))
        + ")", hint="name the account by its id") for entry, ids in sorted(meant.items())
        if len(ids) > 1]
    # an entry that names an account in some snapshots only, where the account is in the
    # others under another handle (or none): named in one, a pseudonym in the next, it would
    # be two accounts of the series, and the pseudonym tied to the name by the rest
    for entry, ids in sorted(meant.items()):
        if len(ids) != 1:
            continue
        [(account_id, names)] = ids.items()
        elsewhere = [r.snapshot.name for r, named in zip(reports, by_snapshot)
                     if account_id not in named.values() and _holds(r, account_id)]
        if elsewhere:
            problems.append(Problem(
                f"'privacy.named': '{entry}' names id {account_id} in {', '.join(names)}, but "
                f"not in {', '.join(elsewhere)}, where that account has another handle or none",
                hint=f"name the account by its id ('{account_id}')"))
    if problems:
        raise ConfigError(*problems)


def _holds(report: Report, account_id: str) -> bool:
    """Whether the snapshot has the account (by original id, whatever it is published as)."""
    return report.snapshot.db.execute(
        f"SELECT count(*) > 0 FROM {report.snapshot.table('account_classes')} WHERE id = $id",
        {"id": account_id}).fetchone()[0]


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

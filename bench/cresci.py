"""Calibrate the follower audit's per-profile rule on Cresci et al.'s labelled accounts (2015).

    python bench/cresci.py PATH [--now column|unknown|YYYY-MM-DD]

Cresci, Di Pietro, Petrocchi, Spognardi and Tesconi, "Fame for sale: efficient detection of
fake Twitter followers", Decision Support Systems 80 (2015) 56-71, published their labelled
accounts: humans (E13: #elezioni2013 citizens checked by two sociologists; TFP: followers of
@TheFakeProject who solved a CAPTCHA) and fake followers bought in April 2013 (FSF:
fastfollowerz, INT: intertwitter, TWT: twittertechnology). The audit's "looks empty" rule
(sitegen/analysis/audit.py, docs/audit.md "Signal 2") judges a new follower by its profile;
this script applies that rule, with the AuditRules defaults, to every labelled account and
prints accuracy, precision, recall and F1 (fake = positive) for the rule as is and for each
single check, then calibrates the thresholds on one half of the accounts and reports them on
the other half only.

The data is not committed. PATH is a folder searched for users.csv files (the 2015 archive's
E13.csv/users.csv ... TWT.csv/users.csv, the 2017 archive's genuine_accounts.csv/users.csv
and fake_followers.csv/users.csv, which hold the same 2015 fakes), or one users.csv file.
A row's group is its ``dataset`` column when there is one, else its folder's name (".csv"
dropped); groups other than the five above and the two 2017 ones are left out.

Where the figures in docs/audit.md come from: the original archive (cresci-2015.csv.tar.gz,
Bot Repository, Indiana University) is not on GitHub; the copy used is the baseline data set
BAS of the paper (all 1,950 humans, 1,950 fakes drawn at random from the 3,351), as rebuilt by
a student project with the archive's own columns, including ``dataset`` and ``updated``:
repository iMADDDDDD/ICYBM121-p1, commit a12d17b8eae835525e7622530112880d095d651d, file
code/bas_users.csv (its fake sample is that project's own draw, listed in
code/BAS_creation/FAK_user_ids.csv, not the paper's). Put it in a folder as users.csv.

Choices, because the files are not snapshots:
- Booleans are written 1 (or 1.0) for true and left empty for false (a database dump of the
  Twitter API, which always sends these fields): empty counts as false, not as unknown.
- "Now" for "created within N days" is the crawl time. The files give no crawl time per
  account; their ``crawled_at``/``updated``/``timestamp`` column (the first present) is used
  by default. In the 2015 files ``updated`` is one instant per group, all on 2015-02-14 (an
  update or export of the database, 22 months after the purchase): no account was created
  within a year of it. ``--now unknown`` judges the check unknown instead (what the audit
  does without a creation date); ``--now 2013-04-30`` judges it at the end of the month of
  the purchase.
  Either way the check cannot show what the audit means by it (created just before following):
  the data has no follow times, and the bought accounts were not new when bought (at the end
  of April 2013 FSF's were 2.5 to 3 months old, INT's a median 10 months, TWT's 2.4 years).
- The development/report split is by the parity of the first hex digit of md5(id): fixed,
  independent of the labels and of the order of the files.
- Calibration: a grid search on the development half maximising accuracy (ties go to the
  strictest rule, the one that flags fewest); the chosen rule is reported on the report half.
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
from datetime import datetime, timedelta
from pathlib import Path

import duckdb

from sitegen.analysis.audit import AuditRules

HUMAN = ("E13", "TFP", "genuine_accounts")
FAKE = ("FSF", "INT", "TWT", "fake_followers")
NOW_COLUMNS = ("crawled_at", "updated", "timestamp")
TIME_FORMATS = ("%a %b %d %H:%M:%S %z %Y", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M:%S%z",
                "%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%d")
NOTHING = ("", "null", "none", "nan", "\\n")
# How many checks make a follower look empty: not a setting, so read from the audit's SQL.
AUDIT_MIN_CHECKS = AuditRules().min_checks

# --- reading the files ------------------------------------------------------------------------


def users_files(path: Path) -> list[Path]:
    """Every users.csv under ``path`` (or ``path`` itself), leaving out macOS '._' debris."""
    if path.is_file():
        return [path]
    return sorted(p for p in path.rglob("users.csv") if "__MACOSX" not in p.parts)


def rows_of(path: Path) -> list[dict[str, str]]:
    """The file's rows as dicts: undecodable bytes replaced, NUL bytes dropped, any quoting."""
    text = path.read_bytes().decode("utf-8", errors="replace").replace("\0", "")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    return [{k.strip().lower(): (v or "").strip() for k, v in row.items() if k is not None}
            for row in reader]


def number(text: str | None) -> int | None:
    """A count written as 12, 12.0 or not at all."""
    if text is None or text.lower() in NOTHING:
        return None
    try:
        return int(float(text))
    except ValueError:
        return None


def flag(text: str | None) -> bool | None:
    """None when the column is missing; empty, 0 or false are false (see the docstring)."""
    if text is None:
        return None
    return text.lower() not in (*NOTHING, "0", "0.0", "false", "f")


def instant(text: str | None) -> datetime | None:
    """A time in Twitter's format ("Tue Jun 11 11:48:01 +0000 2013") or ISO, as naive UTC."""
    if text is None or text.lower() in NOTHING:
        return None
    for form in TIME_FORMATS:
        try:
            moment = datetime.strptime(text, form)
        except ValueError:
            continue
        return moment.replace(tzinfo=None) - (moment.utcoffset() or timedelta(0))
    return None


def account(row: dict[str, str], group: str, now: datetime | None) -> tuple:
    """One account as a row of the accounts table."""
    crawled = now or instant(next((row[c] for c in NOW_COLUMNS if c in row), None))
    return (row.get("id"), group, group in FAKE, number(row.get("statuses_count")),
            number(row.get("followers_count")), number(row.get("friends_count")),
            instant(row.get("created_at")), flag(row.get("default_profile")),
            flag(row.get("default_profile_image")), crawled)


def read_accounts(path: Path, now: datetime | None) -> list[tuple]:
    """The labelled accounts of every users.csv found (ids seen before are skipped)."""
    found, seen = [], set()
    for file in users_files(path):
        for row in rows_of(file):
            group = row.get("dataset") or file.parent.name.removesuffix(".csv")
            if group in HUMAN + FAKE and row.get("id") and row["id"] not in seen:
                seen.add(row["id"])
                found.append(account(row, group, now))
    return found


def load(con: duckdb.DuckDBPyConnection, accounts: list[tuple]) -> None:
    """Table ``accounts``, each in the development or the report half."""
    con.execute("""CREATE TABLE accounts (id VARCHAR, grp VARCHAR, fake BOOLEAN, posts BIGINT,
        followers BIGINT, following BIGINT, created_at TIMESTAMP, default_profile BOOLEAN,
        default_image BOOLEAN, now TIMESTAMP)""")
    con.executemany("INSERT INTO accounts VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", accounts)
    con.execute("""ALTER TABLE accounts ADD COLUMN half VARCHAR;
        UPDATE accounts SET half = CASE WHEN ascii(md5(id)) % 2 = 0 THEN 'development'
                                        ELSE 'report' END""")


# --- the rule -------------------------------------------------------------------------------

# Every rule of table ``rules`` applied to every account of ``$half``: the checks of the CTE
# ``checks`` in sitegen/analysis/audit.py on the account's profile (NULL = cannot be made), and
# the verdict "looks empty": at least min_checks of the checks that can be made (all of them
# when fewer can), and at least two that can. fresh_days = 0 leaves the creation date unused.
# Best accuracy first; ties go to the strictest rule (more checks, a higher ratio and floor,
# fewer "few" followers, no or a shorter freshness, the narrower profile flag).
VERDICTS_SQL = """
WITH checks AS (
  SELECT r.rule, r.min_checks, a.fake,
    a.posts = 0 AS no_posts,
    a.following >= r.many_following AND (a.following >= r.following_ratio
      * greatest(a.followers, 1) OR a.followers < r.few_followers) AS follows_many,
    CASE WHEN r.fresh_days > 0 THEN a.created_at >= a.now - to_days(r.fresh_days) END AS fresh,
    CASE r.profile WHEN 'default_profile' THEN a.default_profile WHEN 'image' THEN a.default_image
      ELSE a.default_profile OR a.default_image END AS default_profile
  FROM accounts a CROSS JOIN rules r WHERE a.half = $half),
counted AS (
  SELECT rule, fake, min_checks,
    (no_posts IS NOT NULL)::INT + (follows_many IS NOT NULL)::INT + (fresh IS NOT NULL)::INT
      + (default_profile IS NOT NULL)::INT AS known,
    coalesce(no_posts, false)::INT + coalesce(follows_many, false)::INT
      + coalesce(fresh, false)::INT + coalesce(default_profile, false)::INT AS met
  FROM checks),
verdicts AS (
  SELECT rule, count(*) FILTER (WHERE fake AND empty) AS tp,
    count(*) FILTER (WHERE NOT fake AND empty) AS fp,
    count(*) FILTER (WHERE fake AND NOT empty) AS fn,
    count(*) FILTER (WHERE NOT fake AND NOT empty) AS tn
  FROM (SELECT *, known >= 2 AND met >= least(min_checks, known) AS empty FROM counted)
  GROUP BY rule)
SELECT r.* EXCLUDE (rule), tp, fp, fn, tn FROM rules r JOIN verdicts USING (rule)
ORDER BY (tp + tn) / (tp + fp + fn + tn) DESC, min_checks DESC, following_ratio DESC,
  many_following DESC, few_followers ASC, fresh_days ASC, profile = 'either', profile
"""

# A single check alone: flagged when it holds (unknown = not flagged).
SINGLE_SQL = """
SELECT count(*) FILTER (WHERE fake AND hit), count(*) FILTER (WHERE NOT fake AND hit),
  count(*) FILTER (WHERE fake AND NOT hit), count(*) FILTER (WHERE NOT fake AND NOT hit)
FROM (SELECT fake, coalesce({check}, false) AS hit FROM accounts WHERE half = $half)
"""

GRID = {
    "min_checks": (1, 2, 3, 4),
    "following_ratio": (2.0, 5.0, 10.0, 20.0, 50.0),
    "many_following": (0, 50, 100, 200),
    "few_followers": (0, 10, 30, 50, 100),
    "fresh_days": (0, 30, 90, 365),
    "profile": ("default_profile", "image", "either"),
}


def as_is(**changes) -> dict[str, tuple]:
    """The audit's rule with the AuditRules defaults, as a grid of one rule; ``changes``
    replace values."""
    d = AuditRules()
    rule = {"min_checks": AUDIT_MIN_CHECKS, "following_ratio": d.following_ratio,
            "many_following": d.many_following, "few_followers": d.few_followers,
            "fresh_days": d.fresh_days, "profile": "default_profile", **changes}
    return {k: (v,) for k, v in rule.items()}


def figures(tp: int, fp: int, fn: int, tn: int) -> dict[str, float]:
    """Accuracy, precision, recall and F1, fake followers being the positive class."""
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"accuracy": (tp + tn) / (tp + fp + fn + tn), "precision": precision,
            "recall": recall, "f1": f1, "flagged": tp + fp}


def best(con, grid: dict[str, tuple], half: str) -> tuple[dict, dict[str, float]]:
    """The grid's rule with the best accuracy on ``half`` (see VERDICTS_SQL), and its figures."""
    choices = " CROSS JOIN ".join(f"(SELECT unnest(${name}) AS {name})" for name in grid)
    con.execute(f"CREATE OR REPLACE TABLE rules AS SELECT row_number() OVER () AS rule, * "
                f"FROM {choices}", {name: list(values) for name, values in grid.items()})
    *rule, tp, fp, fn, tn = con.execute(VERDICTS_SQL, {"half": half}).fetchone()
    return dict(zip(grid, rule)), figures(tp, fp, fn, tn)


def single(con, check: str, half: str) -> dict[str, float]:
    """Figures of one check (an SQL condition on the accounts table) used alone."""
    return figures(*con.execute(SINGLE_SQL.format(check=check), {"half": half}).fetchone())


def calibrated(con, grid: dict[str, tuple]) -> tuple[dict, float, dict[str, float]]:
    """The rule chosen on the development half, its accuracy there, its figures on the other."""
    rule, development = best(con, grid, "development")
    return rule, development["accuracy"], best(con, {k: (v,) for k, v in rule.items()},
                                               "report")[1]


# --- the report -----------------------------------------------------------------------------

DEFAULTS = AuditRules()
CHECKS = {
    "no posts": "posts = 0",
    "follows far more than followed": (
        f"following >= {DEFAULTS.many_following} AND (following >= "
        f"{DEFAULTS.following_ratio} * greatest(followers, 1) "
        f"OR followers < {DEFAULTS.few_followers})"),
    f"created within {DEFAULTS.fresh_days} days of 'now'":
        f"created_at >= now - to_days({DEFAULTS.fresh_days})",
    "default_profile": "default_profile",
    "default_profile_image": "default_image",
    # Cresci et al.'s Table 8 rules, to compare this copy of the data with the paper's
    "following >= 50 x followers (Socialbakers' 50:1)": "following >= 50 * greatest(followers, 1)",
    "fewer than 30 followers (Camisani-Calzolari)": "followers < 30",
    "fewer than 50 posts (Camisani-Calzolari)": "posts < 50",
}


def line(name: str, f: dict[str, float]) -> str:
    return (f"| {name} | {f['accuracy']:.3f} | {f['precision']:.3f} | {f['recall']:.3f} "
            f"| {f['f1']:.3f} | {f['flagged']:,} |")


def describe(rule: dict) -> str:
    fresh = rule["fresh_days"]
    return (f"{rule['min_checks']} checks; following >= {rule['many_following']} and "
            f"(following >= {rule['following_ratio']:g} x followers or followers < "
            f"{rule['few_followers']}); "
            + (f"created within {fresh} days" if fresh else "creation date not used")
            + f"; default profile = {rule['profile']}")


def header(con) -> None:
    groups = con.execute("""SELECT grp, count(*), count(*) FILTER (WHERE half = 'report'),
        min(now) FROM accounts GROUP BY grp ORDER BY min(fake::INT), grp""").fetchall()
    print("groups (accounts, of which in the report half, 'now'): " + "; ".join(
        f"{g} {n:,} ({r:,}, {now or 'unknown'})" for g, n, r, now in groups))
    print("\n| rule (report half) | accuracy | precision | recall | F1 | flagged |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")


def report(con) -> None:
    header(con)
    for name, rule in {"as is (AuditRules defaults)": as_is(),
                       "as is, creation date unknown": as_is(fresh_days=0),
                       "as is, default profile = default_profile_image": as_is(profile="image"),
                       }.items():
        print(line(name, best(con, rule, "report")[1]))
    for name, check in CHECKS.items():
        print(line(f"single check: {name}", single(con, check, "report")))
    searches = {
        "count only": {**as_is(), "min_checks": GRID["min_checks"]},
        "full grid": GRID,
        **{f"grid, {k} checks": {**GRID, "min_checks": (k,)} for k in (2, 3)},
        "grid, 2 or more checks, floor kept": {**GRID, "min_checks": (2, 3, 4),
                                                "many_following": (DEFAULTS.many_following,)},
    }
    for name, grid in searches.items():
        rule, development, scores = calibrated(con, grid)
        print(line(f"calibrated, {name}: {describe(rule)} (development {development:.3f})",
                   scores))


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path, help="folder with the users.csv files, or one file")
    parser.add_argument("--now", default="column",
                        help="crawl time: 'column' (the files' own), 'unknown', or a date")
    args = parser.parse_args(argv)
    now = None if args.now in ("column", "unknown") else instant(args.now)
    if args.now not in ("column", "unknown") and now is None:
        parser.error(f"--now: not a date: {args.now}")
    accounts = read_accounts(args.path, now)
    if args.now == "unknown":
        accounts = [(*a[:-1], None) for a in accounts]
    if not any(a[2] for a in accounts) or all(a[2] for a in accounts):
        sys.exit(f"no humans and fakes found under {args.path}")
    con = duckdb.connect()
    load(con, accounts)
    report(con)


if __name__ == "__main__":
    main(sys.argv[1:])

"""What posts are for: promotional, conversational or other, by rules a reader can check.

A lexicon (``sitegen/lexicons/en.yml``, or the author's own files, setting
``analysis.lexicons``) lists rules of two purposes, each a list of phrases (whole words, any
case) and/or patterns (RE2 regular expressions, any case), and the common words of its
language. A post with text is ``promotional`` when any promotional rule matches, else
``conversational`` when a conversational one does, else ``other`` when it holds a common word
of a lexicon's language, else ``unread``: written in a language no lexicon reads (an Arabic
advert is no "other" post); the first rule that matched is kept as the reason. A retweet
(text starting ``RT @name:``) rebroadcasts another's words: it is no post of its own with
text, and is not labelled. Per account: the share of promotional posts among its posts read
(null without any).
docs/method.md ("What posts are for") gives the rules and how well they do on labelled data.
"""

from __future__ import annotations

import hashlib
import re
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from sitegen.config import LEXICON_NAME
from sitegen.errors import ConfigError, Problem
from sitegen.snapshots.model import Snapshot
from sitegen.snapshots.readers import ident
from sitegen.yamlfile import read_yaml

if TYPE_CHECKING:
    import duckdb

PURPOSES = ("promotional", "conversational", "other", "unread")
RULED = PURPOSES[:2]  # the purposes a lexicon gives rules for, in the order they are tried
KINDS = ("phrases", "patterns", "unless")  # what a rule may list
COMMON = "common_words"  # a lexicon's list of the commonest words of its language
RETWEET = "^RT @[A-Za-z0-9_]+:"  # an old-style retweet: another account's words
BUILT_IN = Path(__file__).resolve().parent.parent / "lexicons"
WORD_EDGE = r"[^\pL\pN_]"  # around a phrase: not a letter, digit or underscore, in any script


@dataclass(frozen=True)
class Rule:
    purpose: str
    name: str
    regex: str  # RE2, case-insensitive
    unless: str | None = None  # RE2: a post this matches is not decided by the rule


def load_lexicons(names: tuple[str, ...]) -> tuple[Rule, ...]:
    """The rules of the named lexicons (a built-in name such as ``en``, or a YAML file's path),
    rules of one name from several files joined, promotional ones first; read once while the
    files' bytes stay the same (a long-lived ``serve`` sees an edited file), by one thread at
    a time (two snapshots may be labelled at once)."""
    return _lexicons(names)[0]


def common_words(names: tuple[str, ...]) -> str | None:
    """RE2 for a post holding one of the lexicons' ``common_words`` (a language they read);
    None when none lists any: every post is then taken as read."""
    return _lexicons(names)[1]


def _lexicons(names: tuple[str, ...]) -> tuple[tuple[Rule, ...], str | None]:
    with _READING:
        return _load_lexicons(names, tuple(_identity(name) for name in names))


_READING = threading.Lock()


def _identity(name: str) -> str:
    """What tells that a lexicon file changed: a hash of its bytes (a few kilobytes; a
    built-in lexicon is sitegen's own, and changes with sitegen)."""
    if re.fullmatch(LEXICON_NAME, name):
        return ""
    try:
        return hashlib.sha256(Path(name).read_bytes()).hexdigest()
    except OSError:
        return "missing"


@lru_cache(maxsize=8)
def _load_lexicons(names: tuple[str, ...], identities: tuple[str, ...]
                   ) -> tuple[tuple[Rule, ...], str | None]:
    found: dict[str, dict[tuple[str, str], list[str]]] = {k: {} for k in KINDS}
    words: list[str] = []
    for name in names:
        path = BUILT_IN / f"{name}.yml" if re.fullmatch(LEXICON_NAME, name) else Path(name)
        for purpose, rule, kind, items in _read_lexicon(path):
            if purpose == COMMON:
                words += items
            else:
                found[kind].setdefault((purpose, rule), []).extend(items)
    phrases, patterns, unless = (found[k] for k in KINDS)
    rules = []
    for purpose in RULED:
        for key in dict.fromkeys(k for k in (*phrases, *patterns) if k[0] == purpose):
            parts = [_phrases(phrases[key])] if phrases.get(key) else []
            parts += [f"({p})" for p in patterns.get(key, [])]
            exceptions = "|".join(f"({p})" for p in unless.get(key, []))
            rules.append(Rule(purpose, key[1], "(?i)" + "|".join(parts),
                              "(?i)" + exceptions if exceptions else None))
    return tuple(rules), "(?i)" + _phrases(sorted(set(words))) if words else None


def _phrases(phrases: list[str]) -> str:
    """A pattern matching any of ``phrases`` as whole words."""
    return f"(^|{WORD_EDGE})({'|'.join(_phrase(p) for p in phrases)})($|{WORD_EDGE})"


def _phrase(text: str) -> str:
    """A phrase as a pattern: literal, any run of spaces matching any run of spaces."""
    return r"\s+".join(re.escape(word) for word in text.split())


def _read_lexicon(path: Path):
    """(purpose, rule, 'phrases' or 'patterns', items) of one lexicon file, checked."""
    import duckdb

    if not path.is_file():
        choices = ", ".join(sorted(p.stem for p in BUILT_IN.glob("*.yml")))
        raise ConfigError(Problem(f"'analysis.lexicons': no lexicon '{path}'",
                                  hint=f"built-in: {choices}; or the path of a YAML file"))
    data, _ = read_yaml(path, ConfigError)
    if not isinstance(data, dict):
        raise ConfigError(Problem("expected a mapping with promotional and conversational "
                                  "rules", path, 1))
    words = data.get(COMMON)
    if words is not None and (not isinstance(words, list)
                              or not all(isinstance(w, str) for w in words)):
        raise ConfigError(Problem(f"'{COMMON}': expected a list of words", path))
    found = [(COMMON, COMMON, "phrases", words)] if words else []
    for purpose in RULED:
        for rule, body in (data.get(purpose) or {}).items():
            for kind in KINDS:
                items = (body or {}).get(kind) or [] if isinstance(body, dict) else None
                if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
                    raise ConfigError(Problem(f"'{purpose}.{rule}.{kind}': expected a list of "
                                              "texts", path))
                found.append((purpose, str(rule), kind, items))
    with duckdb.connect() as db:  # its own: DuckDB's default one may be busy in another thread
        for purpose, rule, kind, items in found:
            for item in items if kind != "phrases" else ():
                _check_pattern(db, item, path, f"{purpose}.{rule}")
    return found


def _check_pattern(db: duckdb.DuckDBPyConnection, pattern: str, path: Path,
                   where: str) -> None:
    """A pattern DuckDB's regular expressions (RE2) accept."""
    import duckdb

    try:
        db.execute("SELECT regexp_matches('', ?)", [pattern]).fetchone()
    except duckdb.Error as exc:
        message = str(exc).splitlines()[0]
        raise ConfigError(Problem(f"'{where}': not a regular expression DuckDB can use: "
                                  f"{pattern!r} ({message})", path)) from None


# post_purpose: one row per post with text, its purpose and the rule that decided it (a post's
# text is NULL or trimmed and not blank: sitegen.snapshots.validate)
LABEL_SQL = """
CREATE OR REPLACE TABLE {s}.post_purpose AS
SELECT p.author AS k, p.id, p.posted_at, p.text,
  CASE WHEN p.retweet THEN 'retweet'
       ELSE coalesce(r.purpose, CASE WHEN {read} THEN 'other' ELSE 'unread' END) END
    AS purpose,
  r.name AS rule
FROM (SELECT *, CASE WHEN NOT retweet THEN {first_match} END AS rule_index
      FROM (SELECT *, regexp_matches(text, $retweet) AS retweet FROM {s}.posts
            WHERE text IS NOT NULL)) p
  LEFT JOIN {s}.purpose_rules r ON r.i = p.rule_index
"""

# account_purpose: per account, posts with text, promotional ones, and the reason in words
# (whole numbers written by a cast and joined by ||, not printf: 0.64 -> 0.47 CPU s for
# 380k accounts)
ACCOUNT_SQL = """
CREATE OR REPLACE TABLE {s}.account_purpose AS
WITH by_rule AS (
  SELECT k, rule, count(*) AS n FROM {s}.post_purpose WHERE purpose = 'promotional'
  GROUP BY ALL),
rules AS (
  SELECT k, string_agg(rule || ' ' || CAST(n AS VARCHAR), ', ' ORDER BY n DESC, rule) AS text
  FROM by_rule GROUP BY k),
counts AS (
  SELECT k, count(*) FILTER (WHERE purpose <> 'retweet') AS with_text,
    count(*) FILTER (WHERE purpose = 'retweet') AS retweets,
    count(*) FILTER (WHERE purpose NOT IN ('unread', 'retweet')) AS read,
    count(*) FILTER (WHERE purpose = 'promotional') AS promotional,
    count(*) FILTER (WHERE purpose = 'conversational') AS conversational
  FROM {s}.post_purpose GROUP BY k)
SELECT k, with_text, promotional, conversational,
  CASE WHEN read >= $min_posts THEN promotional / read END AS promotional_share,
  concat_ws('; ',
    CASE WHEN read > 0 THEN CAST(promotional AS VARCHAR) || ' of ' || CAST(read AS VARCHAR)
      || CASE WHEN read = with_text THEN ' posts with text' ELSE ' posts read' END
      || ' promotional (' || printf('%.0f', 100.0 * promotional / read)
      || '%)' || CASE WHEN rules.text IS NULL THEN '' ELSE ': ' || rules.text END
      || '; ' || CAST(conversational AS VARCHAR) || ' conversational, '
      || CAST(read - promotional - conversational AS VARCHAR) || ' other' END,
    CASE WHEN read > 0 AND read < $min_posts THEN 'too few posts read for a share (fewer than '
      || CAST($min_posts AS VARCHAR) || ')' END,
    CASE WHEN read < with_text THEN CASE WHEN read = 0 THEN 'not measured: ' ELSE '' END
      || CAST(with_text - read AS VARCHAR) || ' of ' || CAST(with_text AS VARCHAR)
      || ' posts with text in a language no lexicon reads (no common word of it)' END,
    CASE WHEN retweets > 0 THEN CASE WHEN with_text = 0 THEN 'not measured: ' ELSE '' END
      || CAST(retweets AS VARCHAR) || CASE WHEN retweets = 1 THEN ' retweet' ELSE ' retweets' END
      || ' (another''s words: not labelled)' END)
    AS purpose_reason
FROM counts LEFT JOIN rules USING (k)
"""

def first_match_sql(rules: tuple[Rule, ...], column: str = "text") -> tuple[str, dict | None]:
    """SQL for the index of the first rule matching ``column`` (NULL: none), and its
    parameters (the patterns, bound, never pasted into the SQL)."""
    cases = " ".join(
        f"WHEN regexp_matches({column}, $r{i})"
        + (f" AND NOT regexp_matches({column}, $u{i})" if rule.unless else "") + f" THEN {i}"
        for i, rule in enumerate(rules))
    params = {f"r{i}": r.regex for i, r in enumerate(rules)}
    params |= {f"u{i}": r.unless for i, r in enumerate(rules) if r.unless}
    if len(rules) < 2:
        return (f"CASE {cases} END" if rules else "NULL"), params or None
    # most posts match no rule: one pattern of them all tells so in one pass, not one per rule
    params["any"] = "|".join(f"(?:{rule.regex})" for rule in rules)
    return f"CASE WHEN regexp_matches({column}, $any) THEN CASE {cases} END END", params


def label_posts(snapshot: Snapshot, lexicons: tuple[str, ...], min_posts: int = 1) -> bool:
    """Label every post with text (``post_purpose``) and sum each account's (``account_purpose``,
    which the classification joins; its share of promotional posts only from ``min_posts``
    posts read: one post of one is no share of anything); returns whether the snapshot has
    post text at all."""
    db, s = snapshot.db, snapshot.schema
    rules = load_lexicons(tuple(lexicons))
    measured = snapshot.coverage.posts.with_text > 0
    if not measured:  # nothing to read: the tables, empty, without a pass over the posts
        db.execute(f"CREATE OR REPLACE TABLE {s}.post_purpose (k INTEGER, id VARCHAR, "
                   "posted_at TIMESTAMP, text VARCHAR, purpose VARCHAR, rule VARCHAR)")
        db.execute(f"CREATE OR REPLACE TABLE {s}.account_purpose (k INTEGER, "
                   "with_text BIGINT, promotional BIGINT, conversational BIGINT, "
                   "promotional_share DOUBLE, purpose_reason VARCHAR)")
        return False
    db.execute(f"CREATE OR REPLACE TABLE {s}.purpose_rules "
               "(i INTEGER, purpose VARCHAR, name VARCHAR)")
    db.executemany(f"INSERT INTO {s}.purpose_rules VALUES (?, ?, ?)",
                   [(i, r.purpose, r.name) for i, r in enumerate(rules)])
    first_match, params = first_match_sql(rules)
    words = common_words(tuple(lexicons))
    read = "regexp_matches(p.text, $common)" if words else "true"
    params = {**(params or {}), "retweet": RETWEET, **({"common": words} if words else {})}
    db.execute(LABEL_SQL.format(s=s, first_match=first_match, read=read), params)
    db.execute(ACCOUNT_SQL.format(s=s), {"min_posts": max(min_posts, 1)})
    return measured


@dataclass(frozen=True)
class PurposeGroup:
    """The posts of the accounts sharing one value of an attribute (None: not given)."""

    attribute: str
    value: str | None
    counts: dict[str, int]  # purpose -> posts with text


@dataclass(frozen=True)
class PostPurposes:
    """What one snapshot's posts are for; empty mappings when it has no post text."""

    measured: bool
    counts: dict[str, int]  # purpose -> posts with text
    rules: dict[str, int]  # rule -> posts it decided (the first rule that matched)
    by_class: dict[str, dict[str, int]]  # class -> purpose -> posts with text
    by_attribute: tuple[PurposeGroup, ...] = ()
    retweets: int = 0  # posts with text that are retweets (another's words): not labelled

    @property
    def labelled(self) -> int:
        """Posts with text of their own (retweets left out), labelled or unread."""
        return sum(self.counts.values())

    @property
    def promotional_share(self) -> float | None:
        """Of the posts read (not those in a language no lexicon reads)."""
        total = sum(n for p, n in self.counts.items() if p != "unread")
        return self.counts.get("promotional", 0) / total if total else None


# over post_purpose as ``p`` (qualified: an attribute column of the accounts joined beside it
# may be named ``purpose``)
COUNTS = ", ".join(f"count(*) FILTER (WHERE p.purpose = '{p}')" for p in PURPOSES)


def summarize_purposes(snapshot: Snapshot, accounts_table: str) -> PostPurposes:
    """Network, rule, class and attribute counts of the labelled posts."""
    if snapshot.coverage.posts.with_text == 0:
        return PostPurposes(False, {}, {}, {})
    db, s = snapshot.db, snapshot.schema
    *found, retweets = db.execute(f"SELECT {COUNTS}, count(*) FILTER (WHERE p.purpose = "
                                  f"'retweet') FROM {s}.post_purpose p").fetchone()
    counts = dict(zip(PURPOSES, found))
    rules = dict(db.execute(f"SELECT rule, count(*) FROM {s}.post_purpose WHERE rule IS NOT "
                            "NULL GROUP BY rule ORDER BY count(*) DESC, rule").fetchall())
    by_class = {c: dict(zip(PURPOSES, n)) for c, *n in db.execute(
        f"SELECT c.class, {COUNTS} FROM {s}.post_purpose p JOIN {accounts_table} c USING (k) "
        "GROUP BY c.class ORDER BY c.class").fetchall()}
    groups = tuple(
        PurposeGroup(attribute, value, dict(zip(PURPOSES, n)))
        for attribute in snapshot.attributes
        for value, *n in db.execute(
            f"SELECT a.{ident(attribute)}, {COUNTS} FROM {s}.post_purpose p "
            f"JOIN {s}.accounts a USING (k) GROUP BY 1 ORDER BY count(*) DESC, 1 NULLS LAST"
        ).fetchall())
    return PostPurposes(True, counts, rules, by_class, groups, retweets)

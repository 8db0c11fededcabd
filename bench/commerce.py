"""Measure the post-purpose rules (sitegen/analysis/purpose.py) on labelled public posts.

    python bench/commerce.py --youtube DIR --hspam DIR --utkml FILE [--half dev|report|all]
                             [--errors N]

Each data set's "spam" label is its own notion (see bench/commerce_data.py, which also says
where the files come from). The rules label a post promotional or not exactly as the build
does (the same lexicons and regular expressions, run by DuckDB); this prints, per set and
half, how many spam and ordinary posts were called promotional: precision, recall and the
rate of ordinary posts called promotional, and N misses and false alarms to read.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import duckdb

sys.path.insert(0, str(Path(__file__).resolve().parent))

import commerce_data  # noqa: E402

from sitegen.analysis.purpose import first_match_sql, load_lexicons  # noqa: E402


def labelled(rows: list[tuple[str, bool]], lexicons: tuple[str, ...]) -> list[tuple]:
    """(text, is_spam, rule) for each row: rule is the promotional rule that matched, or
    None (conversational, other)."""
    rules = load_lexicons(lexicons)
    db = duckdb.connect()
    db.execute("CREATE TABLE t (i INTEGER, text VARCHAR, spam BOOLEAN)")
    db.executemany("INSERT INTO t VALUES (?, ?, ?)",
                   [(i, text, spam) for i, (text, spam) in enumerate(rows)])
    db.execute("CREATE TABLE r (i INTEGER, purpose VARCHAR, name VARCHAR)")
    db.executemany("INSERT INTO r VALUES (?, ?, ?)",
                   [(i, rule.purpose, rule.name) for i, rule in enumerate(rules)])
    first, params = first_match_sql(rules)
    return db.execute(
        f"SELECT t.text, t.spam, CASE WHEN r.purpose = 'promotional' THEN r.name END "
        f"FROM (SELECT *, {first} AS m FROM t) t LEFT JOIN r ON r.i = t.m ORDER BY t.i",
        params).fetchall()


def report(name: str, rows: list[tuple], errors: int) -> None:
    spam = [r for r in rows if r[1]]
    ham = [r for r in rows if not r[1]]
    hit_spam = sum(1 for r in spam if r[2])
    hit_ham = sum(1 for r in ham if r[2])
    called = hit_spam + hit_ham
    precision = f"{hit_spam / called:.3f}" if called else "-"
    recall = f"{hit_spam / len(spam):.3f}" if spam else "-"
    false_rate = f"{hit_ham / len(ham):.3f}" if ham else "-"
    print(f"{name:34} spam {len(spam):6,} ordinary {len(ham):6,}  called promotional: "
          f"{hit_spam:,} spam + {hit_ham:,} ordinary; precision {precision}, recall {recall}, "
          f"ordinary called promotional {false_rate}")
    by_rule: dict[str, list[int]] = {}
    for _, is_spam, rule in rows:
        if rule:
            by_rule.setdefault(rule, [0, 0])[0 if is_spam else 1] += 1
    print("    by rule (spam, ordinary): " + ", ".join(
        f"{rule} {s}/{o}" for rule, (s, o) in sorted(by_rule.items())))
    for title, picked in (("missed", [r for r in spam if not r[2]]),
                          ("false alarms", [r for r in ham if r[2]])):
        for text, _, rule in picked[:errors]:
            print(f"    {title}: {rule or ''} {text[:140]!r}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--youtube", type=Path, help="folder of the YouTube Spam Collection")
    parser.add_argument("--hspam", type=Path, help="folder of the hydrated HSpam14 files")
    parser.add_argument("--utkml", type=Path, help="UtkML train.csv")
    parser.add_argument("--half", choices=("dev", "report", "all"), default="report")
    parser.add_argument("--lexicon", action="append", help="lexicons (default: en)")
    parser.add_argument("--errors", type=int, default=0)
    args = parser.parse_args(argv)
    lexicons = tuple(args.lexicon or ["en"])
    sets = []
    if args.youtube:
        sets.append(("YouTube Spam Collection", commerce_data.load_youtube(args.youtube)))
    if args.hspam:
        sets.append(("HSpam14 sample", commerce_data.load_hspam14_sample(args.hspam)))
        sets.append(("HSpam14 hand-labelled spam", commerce_data.load_hspam14_spam(
            args.hspam, manual_only=True)))
    if args.utkml:
        sets.append(("UtkML Twitter Spam", commerce_data.load_utkml(args.utkml)))
    for name, rows in sets:
        dev, rest = commerce_data.split(rows)
        chosen = {"dev": dev, "report": rest, "all": rows}[args.half]
        report(f"{name} ({args.half})", labelled(chosen, lexicons), args.errors)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

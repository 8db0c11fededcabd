"""Labelled spam/promotional and ordinary posts, to measure the commerce labels of issue 15.

    python bench/commerce_data.py PATH [PATH ...] [--examples N]

prints, for each data set found at PATH, its size, class balance, the development/report split
and N examples of each class from the development half. The data is not committed (see
tests/data/commerce/README.md for the one excerpt that is); this module reads the files as
their publishers left them. Each loader returns ``[(text, is_spam), ...]`` in file order, with
HTML entities decoded (``&amp;`` -> ``&``), byte-order marks dropped and nothing else changed;
duplicates are kept (they fall into the same half of the split, see ``split``).

None of these labels is the issue's ``promotional`` label: each set's "spam" is its own notion,
described below, and only part of it is commerce. Measure the rules against each set
separately and say which part of "spam" they are expected to catch.

1. UtkML Twitter Spam (``load_utkml``) - tweets, balanced, labels by SOURCE, not per tweet.
   Origin: the Kaggle competition "UtkMl's Twitter Spam Detection Competition" (UT Knoxville
   machine-learning club, 2019; https://www.kaggle.com/c/twitter-spam), file train.csv.
   Copy used: repository AlexHappyCode/CSC845-twitter-spam-detection, commit
   da71bf8013d80ba6644189873c04b18e2cef6f8c, file alex/UtkMl_dataset/train.csv.zip (the
   unedited archive, train.csv dated 2019-12-02; the repository's alex/UtkMl_dataset/train.csv
   is the same file with one row hand-edited). sha256 of train.csv
   2e3f6f7c102069214ec2b93c58fc4d38052bb444228dac10516e8d365f992a3e. Columns: Tweet,
   following, followers, actions, is_retweet, location, Type (Quality | Spam); no Id column.
   Label: Type == "Spam". The competition (as quoted by participants) calls spam "a tweet
   posted by a fake Twitter account": politically motivated, automatically generated,
   meaningless content, click bait. The two classes come from two different collections:
   - "Spam" rows carry following/followers/actions/is_retweet in the form of FiveThirtyEight's
     Russian troll tweets (github.com/fivethirtyeight/russian-troll-tweets, MIT: following,
     followers, updates, retweet) and read like them: hashtag games (#ThingsYouCantIgnore ...),
     local-news headlines, US political posts, 61 % with t.co links. Most likely tweets of
     Internet Research Agency accounts, i.e. propaganda and filler, hardly ever commerce.
   - "Quality" rows look scraped from the Twitter web pages in May 2016: display URLs
     (pic.twitter.com/..., expanded links cut with "…"), follower counts rounded the way the
     web page shows them (6200000), following mostly 0.
   So the label is learnable from link format alone (t.co vs expanded links), and about 1 % of
   either class mentions buying, ordering or discounts. Use it as a check that the rules do
   NOT call political or news posts promotional, not as a measure of promotional recall.
   Licence: none stated (Kaggle competition data; the copy has no licence). Commit no
   excerpt; fetch the repository and unzip the file.
   Quirks: 14,899 rows, 217 of them exact duplicates of another row's text; two rows have
   their location split over two columns (the label is then the last column), loaded right.

2. HSpam14, hydrated (``load_hspam14_sample``, ``load_hspam14_spam``) - tweets, 2013.
   Original: Sedhai and Sun, "HSpam14: A Collection of 14 Million Tweets for Hashtag-Oriented
   Spam Research", SIGIR 2015: 14 million tweets of trending hashtags (2013), released as
   tweet ids with a label (0 ham, 1 spam, -1 undecided after manual inspection) and the step
   that labelled it: 1 manual annotation (annotators labelled clusters of near-duplicate
   tweets), 2 kNN, 3 user-based, 4 domain-based, 5 reliable-ham detection, 6 EM prediction.
   Only step 1 is by people; most ham is steps 5-6.
   Text: repository tisage/hybridSpamTweetDetection (Wang, Genc and Chen, "A Hybrid Ensemble
   Method for Spam Tweet Detection using Imbalanced Datasets", Information Security Journal,
   2025), commit ccd999962a058405b8f6cf99ccfce18a43c44b32, which holds tweets they fetched:
   - data/hspam/test/spam.gz: 510 tweets with their text (id,text,user.* ...,label; its label
     column is not HSpam14's) for the first 1,000 ids of HSpam14, whose official labels and
     steps are in data/hspam/raw_test.gz (tweet_id,label,step). Joined by id they give a
     small natural-rate sample: ordinary stream tweets of trending hashtags, ~10 % spam.
   - data/hspam/archive/spam_1.gz and spam_2.gz (tweet_id,text,label=1): 95,552 HSpam14 spam
     tweets with raw text (every one that overlaps the official sample is label 1). Their
     ham counterpart (data/hspam/human.gz) is over the 4 MiB the snapshot keeps: the ham
     side exists here only as the 510-tweet sample.
   - which spam was labelled by people: the repository's *manual* files (test_manual.gz,
     manual_data_size/*.gz) hold preprocessed text (lower-cased, stop words, URLs and
     punctuation removed: useless for rules) with ids; their spam ids, where they meet the
     official sample, are all step 1. ``manual_spam_ids.txt`` (made by
     ``write_manual_spam_ids``) lists those ids that have raw text: 25,923 tweets.
   Label: HSpam14 spam, i.e. unwanted tweets in a hashtag stream: automatic game and app
   posts ("I've harvested 614 of food! ... #gameinsight", 31 %), follow-back and
   retweet-to-win chains (21 % say "follow"), horoscope bots, hashtag hijacking, a little
   shopping and adult content. Much of it promotes apps, accounts or giveaways; little of it
   sells goods; and the labels made by EM (step 6) include plainly ordinary tweets.
   Licence: the repository's README puts the data under CC BY 4.0 "for academic research
   purposes" and also says "Commercial use is not permitted"; its LICENSE file is MIT; the
   tweets are third-party posts that HSpam14 itself only released as ids. Conflicting and
   narrow: commit no excerpt; fetch the repository and copy the four files. sha256:
   sample_text 4b38b253dd69fe7cc8e257862ae9ea4d8b1137715a5a4a944a28d4afa323e2f8, sample_labels
   3789c83e318fc8a7919b9fe57e65d9bd248902c9b3c93b1cbe136d4dfeea26db, spam_1
   e7b18154811a32a44a74bcb2f1008d1ae80c0b59db009860b369187ab331b3dd, spam_2
   1add472e0f56371c6ca4ceb8cc41b8510e597904ce956ebce3c47bdb96e504ef.
   Quirks: 2013 tweets, t.co links, retweets ("RT @..."), texts cut with "…" by retweeting,
   HTML entities, mostly English with some Japanese, Indonesian and others; 4,761 spam rows
   repeat another's text (one giveaway retweet 148 times).

3. YouTube Spam Collection v1 (``load_youtube``) - NOT tweets: YouTube comments, 2013-2015.
   Alberto, Lochter and Almeida, "TubeSpam: Comment Spam Filtering on YouTube", ICMLA 2015;
   UCI Machine Learning Repository dataset 380 (https://archive.ics.uci.edu/dataset/380).
   1,956 comments from five popular music videos, each labelled by hand as spam (1) or ham (0).
   Spam here is almost all self-promotion: "check out my channel", "subscribe", links to
   shops, giveaways and money-making sites; ham is talk about the video. The closest of the
   three to the issue's "promotional", but comments, not posts, and each video is a
   different crowd. Copy used: repository aidenerdogan/Data-Science-and-Machine-Learning-
   Tutorial, commit 679aca85cc098e1f04911cb3255c7d37715ba895, file
   YouTube-Spam-Collection-v1.zip (columns COMMENT_ID,AUTHOR,DATE,CONTENT,CLASS; counts match
   UCI; zip sha256 d2ed36d999bfc81b162dcd4b4862efba4f6a04ec78cc244a1944ccd397e0ba51).
   Licence: CC BY 4.0 on UCI's dataset page; a 50-row excerpt is in tests/data/commerce/.
   Quirks: 207 rows repeat another row's text; some links are <a href> tags, line breaks
   <br />; most comments end in U+FEFF (dropped by the loader); a few are ASCII art.

Getting the files (snapshots of the repositories named above, e.g. with the project's
``fetch`` tool, then ``git --git-dir=... show COMMIT:PATH > FILE``), laid out as this module
expects:

    utkml/train.csv                 unzip alex/UtkMl_dataset/train.csv.zip
    hspam14/sample_text.csv.gz      data/hspam/test/spam.gz
    hspam14/sample_labels.csv.gz    data/hspam/raw_test.gz
    hspam14/spam_1.csv.gz           data/hspam/archive/spam_1.gz
    hspam14/spam_2.csv.gz           data/hspam/archive/spam_2.gz
    hspam14/manual_spam_ids.txt     write_manual_spam_ids(data/hspam/test_manual.gz and
                                    data/hspam/manual_data_size/*.gz that are present)
    youtube/Youtube0N-*.csv         unzip YouTube-Spam-Collection-v1.zip (five files)

Not used: the 1KS-10KN set in the same tisage repository (labelled by account, and only its
preprocessed text is small enough to fetch); social-honeypot (Lee, Eoff and Caverlee 2011)
and Cresci et al. 2017 tweets (hundreds of MB, no copy small enough, no licence); SMS spam
(not posts).

Split: ``split`` puts a row in the development half when the first byte of sha256(text, UTF-8)
is even, else in the report half: fixed, independent of labels and file order, and a text
and its duplicates always land in the same half.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import hashlib
import html
import io
import sys
from collections import Counter
from pathlib import Path

Row = tuple[str, bool]


def _clean(text: str) -> str:
    """Decode HTML entities and drop byte-order marks; nothing else."""
    return html.unescape(text).replace("\ufeff", "")


def _open_text(path: Path) -> io.TextIOBase:
    """A text handle on a plain or gzip-compressed UTF-8 CSV file."""
    with path.open("rb") as probe:
        compressed = probe.read(2) == b"\x1f\x8b"
    if compressed:
        return gzip.open(path, "rt", encoding="utf-8-sig", newline="")
    return path.open(encoding="utf-8-sig", newline="")


# --- 1. UtkML Twitter Spam ---------------------------------------------------------------------

UTKML_LABELS = ("Quality", "Spam")


def load_utkml(path: str | Path) -> list[Row]:
    """The competition's train.csv (or a folder holding it): (Tweet, Type == "Spam")."""
    path = Path(path)
    if path.is_dir():
        path = path / "train.csv"
    with _open_text(path) as handle:
        reader = csv.reader(handle)
        header = next(reader)
        text_at = header.index("Tweet")
        rows = []
        for record in reader:
            # Two rows carry their location in two columns, pushing Type one to the right.
            labels = [field for field in record if field in UTKML_LABELS]
            if not labels:
                raise ValueError(f"{path}: no Quality/Spam label in row {reader.line_num}")
            rows.append((_clean(record[text_at]), labels[-1] == "Spam"))
    return rows


# --- 2. HSpam14, as hydrated in tisage/hybridSpamTweetDetection --------------------------------

HSPAM_SAMPLE_TEXT = "sample_text.csv.gz"  # data/hspam/test/spam.gz
HSPAM_SAMPLE_LABELS = "sample_labels.csv.gz"  # data/hspam/raw_test.gz
HSPAM_SPAM_FILES = ("spam_1.csv.gz", "spam_2.csv.gz")  # data/hspam/archive/spam_{1,2}.gz
HSPAM_MANUAL_IDS = "manual_spam_ids.txt"  # written by write_manual_spam_ids
HSPAM_MANUAL_STEP = "1"


def load_hspam14_sample(path: str | Path, manual_only: bool = False) -> list[Row]:
    """The 510 fetched tweets among HSpam14's first 1,000 ids, with HSpam14's own labels.

    ``path`` is a folder holding sample_text.csv.gz and sample_labels.csv.gz. Tweets labelled
    -1 (undecided) are left out; ``manual_only`` keeps only those labelled at step 1.
    """
    path = Path(path)
    with _open_text(path / HSPAM_SAMPLE_LABELS) as handle:
        official = {r["tweet_id"]: (r["label"], r["step"]) for r in csv.DictReader(handle)}
    rows = []
    with _open_text(path / HSPAM_SAMPLE_TEXT) as handle:
        for record in csv.DictReader(handle):
            label, step = official[record["id"]]
            if label not in ("0", "1") or (manual_only and step != HSPAM_MANUAL_STEP):
                continue
            rows.append((_clean(record["text"]), label == "1"))
    return rows


def load_hspam14_spam(path: str | Path, manual_only: bool = False) -> list[Row]:
    """HSpam14 spam tweets with their raw text: every row is (text, True).

    ``path`` is a folder holding spam_1.csv.gz and spam_2.csv.gz (or one such file);
    ``manual_only`` keeps the ids listed in the folder's manual_spam_ids.txt.
    """
    path = Path(path)
    files = [path] if path.is_file() else [path / name for name in HSPAM_SPAM_FILES]
    keep = None
    if manual_only:
        listing = (path.parent if path.is_file() else path) / HSPAM_MANUAL_IDS
        keep = set(listing.read_text(encoding="utf-8").split())
    rows = []
    for file in files:
        with _open_text(file) as handle:
            for record in csv.DictReader(handle):
                if keep is None or record["tweet_id"] in keep:
                    rows.append((_clean(record["text"]), True))
    return rows


def write_manual_spam_ids(repo_files: list[Path], spam_folder: str | Path) -> int:
    """Write manual_spam_ids.txt: spam ids of the repository's *manual* files that have text.

    ``repo_files`` are the manual files (data/hspam/test_manual.gz and
    data/hspam/manual_data_size/*.gz, as copied out of the snapshot); returns the count.
    """
    spam_folder = Path(spam_folder)
    manual = set()
    for file in repo_files:
        with _open_text(file) as handle:
            manual.update(r["id"] for r in csv.DictReader(handle) if r["label"] == "1")
    have = set()
    for name in HSPAM_SPAM_FILES:
        with _open_text(spam_folder / name) as handle:
            have.update(r["tweet_id"] for r in csv.DictReader(handle))
    ids = sorted(manual & have)
    (spam_folder / HSPAM_MANUAL_IDS).write_text("\n".join(ids) + "\n", encoding="utf-8")
    return len(ids)


# --- 3. YouTube Spam Collection (comments, not tweets) -----------------------------------------


def load_youtube(path: str | Path) -> list[Row]:
    """Youtube0N-*.csv files (a folder of them, or one): (CONTENT, CLASS == 1)."""
    path = Path(path)
    files = [path] if path.is_file() else sorted(path.glob("Youtube0*.csv"))
    if not files:
        raise FileNotFoundError(f"{path}: no Youtube0*.csv files")
    rows = []
    for file in files:
        with _open_text(file) as handle:
            for record in csv.DictReader(handle):
                rows.append((_clean(record["CONTENT"]), record["CLASS"].strip() == "1"))
    return rows


# --- any of them ------------------------------------------------------------------------------


def load(path: str | Path) -> list[Row]:
    """Recognise the format at ``path`` (a file or folder as described above) and load it.

    A HSpam14 folder gives its labelled sample; load the spam-only files explicitly with
    ``load_hspam14_spam``.
    """
    path = Path(path)
    if path.is_dir():
        if (path / HSPAM_SAMPLE_TEXT).exists():
            return load_hspam14_sample(path)
        if (path / "train.csv").exists():
            return load_utkml(path)
        if any(path.glob("Youtube0*.csv")):
            return load_youtube(path)
        raise ValueError(f"{path}: no known data set here")
    with _open_text(path) as handle:
        header = handle.readline()
    if "Tweet" in header and "Type" in header:
        return load_utkml(path)
    if "COMMENT_ID" in header and "CLASS" in header:
        return load_youtube(path)
    if header.startswith("tweet_id,text,label"):
        return load_hspam14_spam(path)
    raise ValueError(f"{path}: unknown format (header {header.strip()[:80]!r})")


def _digest(text: str) -> bytes:
    return hashlib.sha256(text.encode("utf-8")).digest()


def in_development_half(text: str) -> bool:
    """True when the first byte of sha256(text) is even."""
    return _digest(text)[0] % 2 == 0


def split(rows: list[Row]) -> tuple[list[Row], list[Row]]:
    """(development, report): by the parity of the first byte of sha256 of the text."""
    dev = [row for row in rows if in_development_half(row[0])]
    report = [row for row in rows if not in_development_half(row[0])]
    return dev, report


# --- summary ------------------------------------------------------------------------------------


def _balance(rows: list[Row]) -> str:
    counts = Counter(label for _, label in rows)
    return f"{len(rows)} rows: {counts[True]} spam, {counts[False]} not spam"


def summarise(name: str, rows: list[Row], examples: int) -> None:
    dev, report = split(rows)
    distinct = len({text for text, _ in rows})
    print(f"== {name}\nall: {_balance(rows)} ({distinct} distinct texts)")
    print(f"development: {_balance(dev)}\nreport: {_balance(report)}")
    for label, title in ((True, "spam"), (False, "not spam")):
        # In hash order, not file order: files are often sorted by time or by campaign.
        pool = sorted({text for text, is_spam in dev if is_spam == label}, key=_digest)
        shown = pool[:examples]
        print(f"-- {len(shown)} development examples (in hash order), {title}:")
        for text in shown:
            print("  " + " ".join(text.split())[:200])
    print()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="+", type=Path)
    parser.add_argument("--examples", type=int, default=10)
    args = parser.parse_args(argv)
    for path in args.paths:
        summarise(str(path), load(path), args.examples)
        if path.is_dir() and (path / HSPAM_SPAM_FILES[0]).exists():
            summarise(f"{path} (spam only)", load_hspam14_spam(path), args.examples)
            if (path / HSPAM_MANUAL_IDS).exists():
                manual = load_hspam14_spam(path, manual_only=True)
                summarise(f"{path} (spam only, labelled by people)", manual, args.examples)
    return 0


if __name__ == "__main__":
    sys.exit(main())

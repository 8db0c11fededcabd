"""Property: whatever the user's files hold, sitegen answers with exit 0 or a located error
and exit 2, never a traceback, and a failed build leaves the previous output/ byte for byte.

Hypothesis writes snapshots (CSV with odd delimiters, quotes, numbers, dates, unicode, empty
cells, line ends; YAML documents with odd values, tags, aliases, nesting), front matter and
sitegen.yml settings into one small project, then runs ``sitegen build`` and ``check`` or
``analyze`` on it. About half the examples are well formed, so that the whole pipeline runs
too; the other half are broken in one or more ways. The runs are derandomized (the same
examples every time) and kept to 40 examples a property.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from conftest import write_tree
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from sitegen.cli import app
from sitegen.config import all_settings
from sitegen.content import FRONT_MATTER_KEYS
from sitegen.snapshots.model import TABLES

SNAPSHOTS = "content/snapshots"
POST = "content/posts/2024-03-01-hello.md"
GOOD = {
    "sitegen.yml": "site:\n  title: Property\n  url: https://example.org/report/\n",
    f"{SNAPSHOTS}/2024-01/accounts.csv": "id,handle,followers_count\nana,ana_k,3\nben,b,\n",
    f"{SNAPSHOTS}/2024-01/follows.csv": "follower,followed\nana,ben\nben,ana\n",
    POST: "---\ntitle: Hello\ndate: 2024-03-01\n---\nText about @ana_k.\n",
}
EXAMPLES = settings(max_examples=40, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture,
                                           HealthCheck.too_slow, HealthCheck.data_too_large])


def sometimes(good: st.SearchStrategy, bad: st.SearchStrategy, noisy: bool,
              odds: int = 4) -> st.SearchStrategy:
    """``good``, or, in a noisy example, ``bad`` one draw in ``odds``."""
    return st.one_of(*[good] * (odds - 1), bad) if noisy else good


# --- values: (well formed, malformed) -----------------------------------------------------

TEXT = st.text(max_size=12)  # any character a file can hold (surrogates excluded)
ACCOUNT_IDS = ["ana", "ben", "cleo", "dan", "eve", "fay"]
IDS = (st.sampled_from(ACCOUNT_IDS[:3]),
       st.sampled_from([" ana ", "", "zed", "Ana", "ünï", "1e3", "a,b", 'a"b']))
NUMBERS = (
    st.one_of(st.integers(0, 10**6).map(str), st.just("")),
    st.one_of(st.integers(-5, 10**20).map(str), st.floats().map(str), st.sampled_from(
        ["1e20", "9223372036854775808", "NaN", "inf", "-0", "1.5", "1,200", " 7 ", "0x10"])),
)
ZONES = st.sampled_from([None, dt.timezone.utc, dt.timezone(dt.timedelta(hours=-11))])
DATES = (
    st.one_of(st.dates(dt.date(2023, 12, 1), dt.date(2024, 2, 29)).map(str),
              st.datetimes(dt.datetime(2023, 12, 1), dt.datetime(2024, 2, 29), timezones=ZONES)
              .map(lambda d: d.isoformat()), st.just("")),
    st.one_of(st.dates().map(str), st.sampled_from(
        ["infinity", "-infinity", "9999-12-31T23:59:59-05:00", "epoch", "2024-02-30",
         "0001-01-01T00:00:00+05:00", "yesterday", "2024-1-1", "2024-01-01T25:00",
         "290000-01-01"])),
)
KINDS = (st.sampled_from(["reply", "like", "repost", "quote", "mention"]),
         st.sampled_from(["LIKE", "poke", "", " like "]))
FLAGS = (st.sampled_from(["true", "false", "yes", "0", ""]), st.just("maybe"))
WORDS = (st.sampled_from(["18-29", "30-44", "x", "", "ünï"]), TEXT)
COLUMNS = {  # the columns each table usually has, and what their values look like
    "accounts": {"id": IDS, "handle": WORDS, "followers_count": NUMBERS,
                 "following_count": NUMBERS, "created_at": DATES, "default_profile": FLAGS,
                 "age_band": WORDS},
    "follows": {"follower": IDS, "followed": IDS, "since": DATES},
    "interactions": {"source": IDS, "target": IDS, "kind": KINDS, "at": DATES,
                     "count": NUMBERS},
    "posts": {"author": IDS, "at": DATES, "id": WORDS},
}
ANY_CELL = st.one_of(*(bad for good, bad in (IDS, NUMBERS, DATES, KINDS, FLAGS, WORDS)))
HEADER_NOISE = st.sampled_from(["", "source", "Followers", "weight", '"quoted"', 'open"',
                                "ünïcode", "a;b", "_line", "id"])

# --- CSV ----------------------------------------------------------------------------------


@st.composite
def table_rows(draw, table: str, noisy: bool) -> list[list[str]]:
    """A header (the required columns, some others) and rows of values; account ids are
    distinct, and edges name the first three."""
    usual, required = COLUMNS[table], TABLES[table].required
    names = [n for n in usual if n in required or draw(st.booleans())]
    if noisy and draw(st.booleans()):
        names = draw(st.permutations(names + [draw(HEADER_NOISE)]))[:draw(st.integers(1, 9))]
    rows = [names]
    for row in range(draw(st.integers(3 if table == "accounts" else 0, 6))):
        cells = [ACCOUNT_IDS[row] if n == "id" and table == "accounts" else
                 draw(sometimes(usual[n][0], usual[n][1], noisy, 8) if n in usual
                      else ANY_CELL) for n in names]
        extra = draw(sometimes(st.just(0), st.integers(-1, 1), noisy, 8))
        rows.append(cells[:len(cells) + extra] if extra < 0 else cells + ["x"] * extra)
    return rows


def as_csv(cell: str, how: int) -> str:
    """A cell as CSV text: as a writer would (3), raw (0), opened only (1), or quoted (2)."""
    if how == 0:
        return cell
    if how == 1:
        return '"' + cell
    needs = how == 2 or any(c in cell for c in ',"\r\n')
    return '"' + cell.replace('"', '""') + '"' if needs else cell


@st.composite
def csv_bytes(draw, table: str, noisy: bool) -> bytes:
    rows = draw(table_rows(table, noisy))
    delimiter = draw(sometimes(st.just(","), st.sampled_from([";", "\t", "|"]), noisy, 6))
    ends = draw(sometimes(st.sampled_from(["\n", "\r\n"]), st.sampled_from(["mixed", "\r"]),
                          noisy, 6))
    lines = []
    for row in rows:
        hows = [draw(sometimes(st.just(3), st.sampled_from([0, 1, 2]), noisy, 10)) for _ in row]
        end = draw(st.sampled_from(["\n", "\r\n"])) if ends == "mixed" else ends
        lines.append(delimiter.join(as_csv(c, h) for c, h in zip(row, hows)) + end)
    prefix = draw(sometimes(st.sampled_from([b"", b"\xef\xbb\xbf"]), st.just(b"\xff"), noisy, 8))
    return prefix + "".join(lines).encode("utf-8")


@st.composite
def csv_snapshot(draw) -> dict[str, bytes]:
    noisy = draw(st.booleans())
    name = draw(sometimes(st.just("2024-01"), st.sampled_from(["x", "2024-13"]), noisy, 6))
    tables = draw(st.lists(st.sampled_from(list(COLUMNS)), min_size=1, max_size=4,
                           unique=True))
    files = {f"{SNAPSHOTS}/{name}/{t}.csv": draw(csv_bytes(t, noisy)) for t in tables}
    if draw(st.integers(0, 3)) == 0:
        files[f"{SNAPSHOTS}/{name}/snapshot.yml"] = draw(yaml_text(meta(noisy), noisy))
    return files


# --- YAML ---------------------------------------------------------------------------------

SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(-(2**70), 2**70), st.floats(), TEXT,
    st.dates(), st.datetimes(), st.sampled_from(["infinity", "1e20", "NaN"]),
)
VALUES = st.recursive(SCALARS, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                       st.dictionaries(TEXT, inner, max_size=3)),
                      max_leaves=6)


def meta(noisy: bool) -> st.SearchStrategy:
    return st.fixed_dictionaries({}, optional={
        "taken": sometimes(st.dates(dt.date(2024, 1, 1), dt.date(2024, 3, 1)),
                           st.one_of(st.dates(), TEXT, st.integers()), noisy),
        "window_days": sometimes(st.integers(1, 90),
                                 st.one_of(st.integers(-3, 10**12), TEXT, st.floats()), noisy),
        "network": sometimes(TEXT, VALUES, noisy),
        "attributes": sometimes(st.lists(st.sampled_from(["age_band"]), max_size=1),
                                st.one_of(st.lists(st.sampled_from(["x", "handle"])), VALUES),
                                noisy),
    })


@st.composite
def records(draw, table: str, noisy: bool) -> list[dict]:
    """Records with the table's required keys and some others, their values mostly of the
    right kind; in a noisy example, now and then a record of anything at all."""
    usual, required = COLUMNS[table], TABLES[table].required
    found = []
    for row in range(draw(st.integers(3 if table == "accounts" else 0, 5))):
        if noisy and draw(st.integers(0, 7)) == 0:
            found.append(draw(st.dictionaries(st.one_of(TEXT, st.just("_line")), VALUES,
                                              max_size=3)))
            continue
        keys = [k for k in usual if k in required or draw(st.booleans())]
        found.append({k: ACCOUNT_IDS[row] if (table, k) == ("accounts", "id") else
                      draw(sometimes(usual[k][0], st.one_of(usual[k][1], VALUES), noisy, 8))
                      for k in keys})
    return found


@st.composite
def yaml_snapshot(draw) -> str:
    noisy = draw(st.booleans())
    document = draw(meta(noisy))
    for table in COLUMNS:
        if draw(st.integers(0, 2)):
            document[table] = draw(sometimes(records(table, noisy), VALUES, noisy, 8))
    return draw(yaml_text(st.just(document), noisy))


MUTATIONS = [
    (": ", ": !!binary "), (": ", ": !!set "), (": ", ": &anchor "), ("- ", "- *anchor "),
    (": ", ': "\\ud800"\n  # '), (": ", ': "\\0"\n  # '), (": ", ": " + "[" * 300),
    ("\n", "\n\t"), (": ", ":: "), ("- ", "- ? "), (": ", ": !!python/name:os.system "),
]


@st.composite
def yaml_text(draw, documents: st.SearchStrategy, noisy: bool) -> str:
    """A YAML document as a writer dumps it; in a noisy example, perhaps broken in one place."""
    text = yaml.safe_dump(draw(documents), allow_unicode=draw(st.booleans()),
                          default_flow_style=draw(st.sampled_from([None, True, False])))
    old, new = draw(st.sampled_from(MUTATIONS))
    if noisy and old in text and draw(st.booleans()):
        at = draw(st.integers(0, text.count(old) - 1))
        head, *tails = text.split(old)
        text = head + "".join((new if i == at else old) + t for i, t in enumerate(tails))
    return text


# --- front matter and settings --------------------------------------------------------------

BODY = st.lists(st.one_of(TEXT, st.sampled_from([
    "[[chart:class-mix]]", "[[figure:reciprocity]]", "[[account:ana]]", "[[chart:nope]]",
    "@ana_k", "```\n[[chart:x]]\n```", "<script>alert(1)</script>", "{{ 7*7 }}", "\n"])),
    max_size=6).map("".join)
SETTING_VALUES = st.one_of(
    SCALARS, st.lists(TEXT, max_size=2),
    st.sampled_from(["4GB", "512MiB", "lots", "4 gigs", "1KB", "example.org/report",
                     "https://example.org/x/", "javascript:alert(1)", "Europe/Berlin",
                     "Mars/Olympus", "warn", "error", ".nan"]),
)
DEFAULTS = {key: field.default for key, field, _ in all_settings() if key != "paths.output"}


def front_matter(noisy: bool) -> st.SearchStrategy:
    usual = st.fixed_dictionaries(
        {"date": st.dates(dt.date(2000, 1, 1), dt.date(2030, 1, 1))},
        optional={"title": TEXT, "tags": st.lists(TEXT, max_size=3), "summary": TEXT,
                  "draft": st.booleans(), "slug": TEXT})
    odd = st.dictionaries(st.one_of(st.sampled_from(FRONT_MATTER_KEYS), TEXT), VALUES,
                          max_size=6)
    return sometimes(usual, odd, noisy, 2)


@st.composite
def post_text(draw) -> bytes:
    noisy = draw(st.booleans())
    front = draw(yaml_text(front_matter(noisy), noisy))
    return f"---\n{front}---\n{draw(BODY)}\n".encode()


@st.composite
def settings_text(draw) -> bytes:
    """sitegen.yml with a few settings: their defaults, or in a noisy example anything."""
    noisy = draw(st.booleans())
    data: dict = {"site": {"url": "https://example.org/report/"}}
    for key in draw(st.lists(st.sampled_from(list(DEFAULTS)), max_size=4, unique=True)):
        section, name = key.split(".")
        default = DEFAULTS[key]
        good = st.just(list(default) if isinstance(default, tuple) else default)
        data.setdefault(section, {})[name] = draw(sometimes(good, SETTING_VALUES, noisy, 2))
    if noisy and draw(st.integers(0, 9)) == 0:
        data[draw(TEXT)] = draw(VALUES)
    return draw(yaml_text(st.just(data), noisy)).encode()


# --- running sitegen ------------------------------------------------------------------------


@contextlib.contextmanager
def inside(folder: Path) -> Iterator[None]:
    before = Path.cwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(before)


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("property") / "project"
    write_tree(root, GOOD)
    with inside(root):
        assert CliRunner().invoke(app, ["build", "--quiet"]).exit_code == 0
    return root


def fingerprint(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def replace_files(project: Path, files: dict[str, bytes]) -> None:
    """Put the good project back, then write ``files`` (in place of every snapshot when they
    hold one)."""
    for folder in (SNAPSHOTS, "content/posts"):
        shutil.rmtree(project / folder, ignore_errors=True)
    snapshot = any(name.startswith(SNAPSHOTS) for name in files)
    write_tree(project, {k: v for k, v in GOOD.items()
                         if not (snapshot and k.startswith(SNAPSHOTS))})
    write_tree(project, files)  # bytes: written as they are


def run(*args: str):
    """Run sitegen: exit 0, or exit 2 with an error message; never a traceback."""
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code in (0, 2), (args, result.exception, result.output[-2000:])
    assert "Traceback" not in result.output, result.output[-2000:]
    assert result.exception is None or isinstance(result.exception, SystemExit)
    if result.exit_code == 2:
        assert result.stderr.startswith("error: "), result.stderr[-2000:]
    return result


def build_and(project: Path, other: str) -> None:
    """``build`` keeps the previous site when it fails; ``other`` (check or analyze) too
    answers with exit 0 or 2."""
    with inside(project):
        before = fingerprint(project / "output")
        built = run("build", "--quiet")
        if built.exit_code == 2:
            assert fingerprint(project / "output") == before
        if other == "analyze":
            result = run("analyze", SNAPSHOTS, "--format", "json", "--output", "analysis.json")
        else:
            result = run("check", "--quiet")
    event(f"build exit {built.exit_code}, {other} exit {result.exit_code}")


OTHER = st.sampled_from(["analyze", "analyze", "check"])  # check is the slower


@EXAMPLES
@given(files=csv_snapshot(), other=OTHER)
def test_csv_snapshots(project, restore_logging, files, other):
    replace_files(project, files)
    build_and(project, other)


@EXAMPLES
@given(text=yaml_snapshot(), other=OTHER)
def test_yaml_snapshots(project, restore_logging, text, other):
    replace_files(project, {f"{SNAPSHOTS}/2024-02.yml": text.encode()})
    build_and(project, other)


@EXAMPLES
@given(post=post_text(), config=settings_text(), other=OTHER)
def test_front_matter_and_settings(project, restore_logging, post, config, other):
    replace_files(project, {POST: post, "sitegen.yml": config})
    build_and(project, other)

"""Malformed input at the edge of the command line: ``sitegen check`` and ``sitegen build``.

tests/test_snapshot_errors.py checks each loader message in detail. Here a small, valid
project is broken one way at a time (wrong delimiter, missing or duplicated header, ragged
rows, non-UTF-8 bytes, empty files, NaN counts, dates that are not dates, duplicate ids,
unknown accounts, YAML aliases and Python tags, front matter that is not a mapping, a chart
that does not exist ...) and:

- ``sitegen build`` exits 2 with a message of one or two lines naming the file and line, no
  traceback, and the previous ``output/`` is left byte for byte as it was;
- ``sitegen check`` on a project with many such problems at once lists every one of them,
  each with its file and line, and exits 2.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import dedent, write_tree
from typer.testing import CliRunner

from sitegen.cli import app

ACCOUNTS = """
    id,handle,name,followers_count,age_band
    ana,ana_k,Ana,10,30-44
    ben,benm,Ben,,18-29
    cleo,cleo,,5,45-64
    dan,dan,Dan,,65+
"""
FOLLOWS = """
    follower,followed,since
    ana,ben,2023-05-02
    ben,ana,2023-05-03
    cleo,ana,2024-01-15
    dan,ben,2024-01-20
"""
INTERACTIONS = """
    source,target,kind,at,count
    ana,ben,reply,2024-01-04T09:12:00,1
    ben,ana,like,2024-01-05T18:00:00,3
"""
POSTS = """
    author,at,id
    ana,2024-01-01T08:00:00,p1
    ben,2024-01-02T08:00:00,p2
"""
YAML_SNAPSHOT = """
    taken: 2024-02-29
    network: demo
    accounts:
      - {id: ana, handle: ana_k, name: Ana, followers_count: 12, age_band: 30-44}
      - {id: ben, handle: benm, name: Ben, age_band: 18-29}
      - {id: cleo, handle: cleo, age_band: 45-64}
    follows:
      - {follower: ana, followed: ben}
      - {follower: ben, followed: ana}
      - {follower: cleo, followed: ana}
    interactions:
      - {source: ana, target: ben, kind: reply, at: 2024-02-04T09:12:00}
"""
HELLO = """
    ---
    title: Hello
    date: 2024-03-01
    tags: [first]
    ---
    Reciprocity is [[figure:reciprocity]].

    [[chart:class-mix]]
"""
SECOND = """
    ---
    title: Second
    date: 2024-03-02
    ---
    A second post about @ana_k.
"""

GOOD = {
    "sitegen.yml": """
        site:
          title: Malformed input
          url: https://user.github.io/report/
          account_pages: 3
    """,
    # taken at the end of January: the posts and interactions of January are in its window
    "content/snapshots/2024-01/snapshot.yml": "taken: 2024-01-31\n",
    "content/snapshots/2024-01/accounts.csv": ACCOUNTS,
    "content/snapshots/2024-01/follows.csv": FOLLOWS,
    "content/snapshots/2024-01/interactions.csv": INTERACTIONS,
    "content/snapshots/2024-01/posts.csv": POSTS,
    "content/snapshots/2024-02.yml": YAML_SNAPSHOT,
    "content/posts/2024-03-01-hello.md": HELLO,
    "content/posts/2024-03-02-second.md": SECOND,
    "content/pages/about.md": "---\ntitle: About\n---\nAbout.\n",
}

S1 = "content/snapshots/2024-01/"
S2 = "content/snapshots/2024-02.yml"
PWNED = "pwned-by-yaml"  # a file a Python tag would create if it were ever run


def bad_accounts(line: str, at: int) -> str:
    """accounts.csv with ``line`` in place of line ``at`` (the header is line 1)."""
    lines = dedent(ACCOUNTS).splitlines()
    lines[at - 1] = line
    return "\n".join(lines) + "\n"


# name -> (files replacing the good ones, "file:line:" the message names, what it says)
CASES: dict[str, tuple[dict[str, str | bytes], str, str]] = {
    "wrong-delimiter": (
        {S1 + "follows.csv": "follower;followed\nana;ben\n"},
        S1 + "follows.csv:1:",
        "missing required column 'follower'",
    ),
    "missing-header": (
        {S1 + "follows.csv": "ana,ben\nben,ana\n"},
        S1 + "follows.csv:1:",
        "missing required column 'follower'; found columns: ana, ben",
    ),
    "duplicated-header": (
        {S1 + "follows.csv": "follower,followed,source\nana,ben,ana\n"},
        S1 + "follows.csv:1:",
        "column 'source' appears twice (as 'follower')",
    ),
    "ragged-row": (
        {S1 + "follows.csv": "follower,followed\nana,ben\nben,ana,cleo\ncleo,ana\n"},
        S1 + "follows.csv:3:",
        "more values than the header has columns",
    ),
    "non-utf8": (
        {S1 + "accounts.csv": bad_accounts("cleo,cleo,Cl\xe9o,5,45-64", 4).encode("latin-1")},
        S1 + "accounts.csv:4:",
        "not UTF-8 text",
    ),
    "empty-file": (
        {S1 + "interactions.csv": b""},
        S1 + "interactions.csv:1:",
        "empty file: expected a header line",
    ),
    "nan-count": (
        {S1 + "accounts.csv": bad_accounts("ben,benm,Ben,NaN,18-29", 3)},
        S1 + "accounts.csv:3:",
        "expected a whole number of 0 or more in column 'followers_count', got 'NaN'",
    ),
    "negative-count": (
        {S1 + "accounts.csv": bad_accounts("dan,dan,Dan,-4,65+", 5)},
        S1 + "accounts.csv:5:",
        "got '-4'",
    ),
    "not-a-date": (
        {S1 + "follows.csv": dedent(FOLLOWS).replace("2024-01-15", "last tuesday")},
        S1 + "follows.csv:4:",
        "expected a date or date-time (YYYY-MM-DD[THH:MM:SS]) in column 'since'",
    ),
    "impossible-yaml-date": (
        {S2: dedent(YAML_SNAPSHOT).replace("at: 2024-02-04T09:12:00", "at: 2024-13-04")},
        S2 + ":12:",
        "not valid YAML: month must be in 1..12",
    ),
    "duplicate-id": (
        {S1 + "accounts.csv": dedent(ACCOUNTS) + "ana,again,Again,,\n"},
        S1 + "accounts.csv:6:",
        "duplicate account id 'ana'",
    ),
    "unknown-account": (
        {S1 + "follows.csv": dedent(FOLLOWS).replace("dan,ben", "dan,zed")},
        S1 + "follows.csv:5:",
        "unknown account 'zed' in column 'followed'",
    ),
    "yaml-alias": (
        {
            S2: dedent(YAML_SNAPSHOT).replace(
                "- {id: cleo, handle: cleo, age_band: 45-64}",
                "- &cleo {id: cleo, handle: cleo, age_band: 45-64}\n  - *cleo",
            )
        },
        S2 + ":7:",
        "aliases (*name) are not allowed",
    ),
    "yaml-python-tag": (
        {
            S2: dedent(YAML_SNAPSHOT).replace(
                "network: demo", f'network: !!python/object/apply:os.system ["touch {PWNED}"]'
            )
        },
        S2 + ":2:",
        "tags such as !!python/... are not allowed",
    ),
    "front-matter-not-a-mapping": (
        {"content/posts/2024-03-02-second.md": "---\n- a list\n- not a mapping\n---\nText.\n"},
        "content/posts/2024-03-02-second.md:2:",
        "front matter must be a mapping",
    ),
    "front-matter-python-tag": (
        {
            "content/posts/2024-03-02-second.md": dedent(SECOND).replace(
                "title: Second", f'title: !!python/object/apply:os.system ["touch {PWNED}"]'
            )
        },
        "content/posts/2024-03-02-second.md:2:",
        "tags such as !!python/... are not allowed",
    ),
    "post-date-not-a-date": (
        {"content/posts/2024-03-02-second.md": dedent(SECOND).replace("2024-03-02", "soon")},
        "content/posts/2024-03-02-second.md:3:",
        "'date': expected YYYY-MM-DD, got 'soon'",
    ),
    "post-not-utf8": (
        {
            "content/posts/2024-03-02-second.md": dedent(SECOND)
            .replace("about", "\xe0 propos")
            .encode("latin-1")
        },
        "content/posts/2024-03-02-second.md:5:",
        "not UTF-8 text",
    ),
    "chart-that-does-not-exist": (
        {"content/posts/2024-03-01-hello.md": dedent(HELLO).replace("class-mix", "class-mixx")},
        "content/posts/2024-03-01-hello.md:8:",
        "unknown chart 'class-mixx'",
    ),
}


@pytest.fixture
def sitegen(restore_logging) -> Callable[..., object]:
    runner = CliRunner()
    return lambda *args: runner.invoke(app, list(args))


def site_bytes(folder: Path, manifest: bool = True) -> dict[str, bytes]:
    """Every file's bytes; ``manifest=False`` leaves out sitegen's own bookkeeping file."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and (manifest or p.name != ".sitegen-manifest.json")
    }


@pytest.fixture(scope="module")
def good_build(tmp_path_factory) -> Path:
    """The good project, built once: each test starts from a copy of it and its output/."""
    root = tmp_path_factory.mktemp("malformed") / "project"
    write_tree(root, GOOD)
    from sitegen.config import load_config
    from sitegen.site.build import build_site

    build_site(load_config(root / "sitegen.yml"), use_cache=False)
    assert (root / "output/index.html").is_file()
    return root


@pytest.fixture
def project(good_build, tmp_path, monkeypatch) -> Path:
    root = tmp_path / "project"
    shutil.copytree(good_build, root)
    monkeypatch.chdir(root)
    return root


def message_lines(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.strip()]


@pytest.mark.parametrize("case", list(CASES))
def test_build_fails_in_two_lines_and_keeps_the_previous_site(project, sitegen, case):
    files, where, message = CASES[case]
    before = site_bytes(project / "output")
    write_tree(project, files)
    result = sitegen("build", "--quiet")
    lines = message_lines(result)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output and isinstance(result.exception, SystemExit)
    assert 1 <= len(lines) <= 2, lines
    assert lines[0].startswith(f"error: {where}"), lines
    assert message in lines[0]
    assert len(lines) == 1 or lines[1].startswith("  hint: ")
    assert site_bytes(project / "output") == before
    assert [p.name for p in project.iterdir() if p.name.startswith(".sitegen-build")] == []
    assert not (project / PWNED).exists()


@pytest.mark.parametrize("case", ["yaml-python-tag", "front-matter-python-tag"])
def test_python_tags_are_not_run_by_check_either(project, sitegen, case):
    write_tree(project, CASES[case][0])
    assert sitegen("check").exit_code == 2
    assert not (project / PWNED).exists()


def test_bom_and_crlf_give_the_same_site(project, sitegen):
    """A byte-order mark and Windows line ends are accepted: the site is byte-identical, and
    an error in such a file still names the line an editor shows."""
    before = site_bytes(project / "output", manifest=False)
    for name in ("accounts", "follows", "interactions", "posts"):
        path = project / S1 / f"{name}.csv"
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))
    result = sitegen("build", "--quiet")
    assert result.exit_code == 0, result.output
    assert site_bytes(project / "output", manifest=False) == before
    accounts = project / S1 / "accounts.csv"
    accounts.write_bytes(accounts.read_bytes().replace(b"ben,benm,Ben,,", b"ben,benm,Ben,NaN,"))
    result = sitegen("build", "--quiet")
    assert result.exit_code == 2
    assert message_lines(result)[0].startswith(f"error: {S1}accounts.csv:3: expected a whole")


# every problem below is found by one `sitegen check`, in three snapshots and three posts
MANY_PROBLEMS = {
    S1 + "accounts.csv": bad_accounts("ben,benm,Ben,NaN,18-29", 3),
    S1 + "follows.csv": dedent(FOLLOWS).replace("dan,ben", "dan,zed"),
    S1 + "interactions.csv": dedent(INTERACTIONS).replace("reply", "poke"),
    S2: dedent(YAML_SNAPSHOT).replace(
        "- {id: cleo, handle: cleo, age_band: 45-64}",
        "- &cleo {id: cleo, handle: cleo, age_band: 45-64}\n  - *cleo",
    ),
    "content/snapshots/2024-03/follows.csv": "follower,followed\nana,ben\nben,ana,cleo\n",
    "content/snapshots/2024-04/accounts.csv": "id;handle\nana;ana_k\n",
    "content/posts/2024-03-02-second.md": "---\n- a list\n- not a mapping\n---\nText.\n",
    "content/posts/2024-03-03-third.md": "---\ntitle: Third\ndate: 2024-03-03\ndraft: maybe\n---\n",
    "content/posts/2024-03-04-fourth.md": "---\ntitle: Fourth\ndate: someday\n---\nText.\n",
    "content/posts/2024-03-05-fifth.md": "---\ntitle: [a, b]\ndate: 2024-03-05\n---\nText.\n",
    "content/posts/2024-03-06-sixth.md": '---\ntitle: Sixth\ndraft: "false"\n---\nText.\n',
    "content/pages/method.md": "---\ntitle: Method\nsubtitle: oops\n---\nText.\n",
}
EXPECTED = [
    (S1 + "accounts.csv:3:", "got 'NaN'"),
    (S1 + "follows.csv:5:", "unknown account 'zed'"),
    (S1 + "interactions.csv:2:", "got 'poke'"),
    (S2 + ":7:", "aliases (*name) are not allowed"),
    ("content/snapshots/2024-03/follows.csv:3:", "more values than the header has columns"),
    ("content/snapshots/2024-04/accounts.csv:1:", "missing required column 'id'"),
    ("content/posts/2024-03-02-second.md:2:", "front matter must be a mapping"),
    ("content/posts/2024-03-03-third.md:4:", "'draft': expected true or false, got 'maybe'"),
    ("content/posts/2024-03-04-fourth.md:3:", "'date': expected YYYY-MM-DD, got 'someday'"),
    ("content/posts/2024-03-05-fifth.md:2:", "'title': expected text, got a list"),
    ("content/posts/2024-03-06-sixth.md:3:",
     "'draft': expected true or false, got 'false' (in quotes: text, not true or false)"),
    ("content/pages/method.md:3:", "unknown front matter key 'subtitle'"),
]


def problem_lines(result) -> list[str]:
    return [
        line.removeprefix("error: ")
        for line in message_lines(result)
        if not line.startswith("  hint: ") and not line.endswith("problem(s) found")
    ]


def test_check_lists_every_problem_in_every_file_at_once(project, sitegen):
    write_tree(project, MANY_PROBLEMS)
    result = sitegen("check")
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    found = problem_lines(result)
    for where, message in EXPECTED:
        assert any(line.startswith(where) and message in line for line in found), (where, found)
    assert len(found) == len(EXPECTED), found
    assert message_lines(result)[-1] == f"{len(EXPECTED)} problem(s) found"


def test_check_lists_every_broken_embed_in_every_post(project, sitegen):
    write_tree(
        project,
        {
            "content/posts/2024-03-01-hello.md": dedent(HELLO)
            .replace("class-mix", "class-mixx")
            .replace("figure:reciprocity", "figure:reciprocityy"),
            "content/posts/2024-03-02-second.md": dedent(SECOND)
            + "\n[[account:nobody]]\n\n[[chart:class-by-attribute attribute=shoe]]\n",
            "content/pages/about.md": "---\ntitle: About\n---\n[[figure:rho snapshot=1999]]\n",
        },
    )
    result = sitegen("check")
    assert result.exit_code == 2, result.output
    found = problem_lines(result)
    hello, second = "content/posts/2024-03-01-hello.md", "content/posts/2024-03-02-second.md"
    expected = [
        (f"{hello}:6:", "unknown figure 'reciprocityy'"),
        (f"{hello}:8:", "unknown chart 'class-mixx'"),
        (f"{second}:7:", "no account 'nobody' in snapshot 2024-02"),
        (f"{second}:9:", "no account attribute 'shoe' (valid: age_band)"),
        ("content/pages/about.md:4:", "unknown snapshot '1999' (valid: 2024-01, 2024-02)"),
    ]
    for where, message in expected:
        assert any(line.startswith(where) and message in line for line in found), (where, found)
    assert len(found) == len(expected), found


def test_check_finds_a_slug_clash_with_a_draft(project, sitegen):
    """commands.md: check reads every post, drafts included, for two posts of one slug; a
    draft clashing with a published post passed check, then failed build --drafts."""
    write_tree(project, {"content/posts/2024-03-09-later.md":
                         "---\ntitle: Later\ndate: 2024-03-09\nslug: hello\ndraft: true\n---\n"})
    result = sitegen("check")
    assert result.exit_code == 2, result.output
    assert problem_lines(result) == [
        "content/posts/2024-03-09-later.md:1: slug 'hello' is also used by 2024-03-01-hello.md"]


def test_check_says_each_slug_clash_once_at_its_file(project, sitegen):
    """A clash was said twice, the second time as 'two pages want the address' without a
    file, and of three posts of one slug only the second was named."""
    later = "---\ntitle: Later\ndate: 2024-03-0{n}\nslug: hello\n---\nText.\n"
    write_tree(project, {f"content/posts/2024-03-0{n}-later.md": later.format(n=n)
                         for n in (8, 9)})
    result = sitegen("check")
    assert result.exit_code == 2, result.output
    assert problem_lines(result) == [
        f"content/posts/2024-03-0{n}-later.md:1: slug 'hello' is also used by "
        "2024-03-01-hello.md" for n in (8, 9)]


def test_check_of_the_good_project_finds_nothing(project, sitegen):
    result = sitegen("check")
    assert result.exit_code == 0, result.output
    assert "no problems found" in result.stderr

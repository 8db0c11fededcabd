"""Issue 10, bad input: every malformed input named in the issue gives a located error and
exit 2, never a traceback, and untrusted files are bounded before DuckDB reads them.

A small valid project is built once; each case copies it, breaks one thing and runs
``sitegen check`` and ``sitegen build`` (or the command named): both exit 2 with the file and
line first, and a failed build leaves the previous ``output/`` byte for byte.
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import dedent, write_tree
from test_malformed import INTERACTIONS, POSTS
from typer.testing import CliRunner

from sitegen.cli import app

S1 = "content/snapshots/2024-01/"
S2 = "content/snapshots/2024-02.yml"
POST = "content/posts/2024-03-01-hello.md"
SETTINGS = """
    site:
      title: Bad input
      url: https://user.github.io/report/
"""
ACCOUNTS = """
    id,handle,followers_count,age_band
    ana,ana_k,10,30-44
    ben,benm,,18-29
    cleo,cleo,5,45-64
"""
FOLLOWS = """
    follower,followed,since
    ana,ben,2023-05-02
    ben,ana,2023-05-03
    cleo,ana,2024-01-15
"""
YAML_SNAPSHOT = """
    taken: 2024-02-29
    accounts:
      - {id: ana, handle: ana_k, followers_count: 12}
      - {id: ben, handle: benm}
    follows:
      - {follower: ana, followed: ben, since: 2024-02-01}
    interactions:
      - {source: ana, target: ben, kind: reply, at: 2024-02-04T09:12:00}
"""
HELLO = """
    ---
    title: Hello
    date: 2024-03-01
    ---
    Reciprocity is [[figure:reciprocity]].
"""
GOOD = {
    "sitegen.yml": SETTINGS,
    S1 + "snapshot.yml": "taken: 2024-01-31\n",
    S1 + "accounts.csv": ACCOUNTS,
    S1 + "follows.csv": FOLLOWS,
    S1 + "interactions.csv": INTERACTIONS,
    S1 + "posts.csv": POSTS,
    S2: YAML_SNAPSHOT,
    POST: HELLO,
}


def replaced(text: str, old: str, new: str) -> str:
    """A fixture file with one piece replaced (the piece must be there)."""
    text = dedent(text)
    assert old in text, old
    return text.replace(old, new)


def wide_yaml_record(keys: int) -> str:
    record = "{id: ana, " + ", ".join(f"k{i}: v" for i in range(keys)) + "}"
    return replaced(YAML_SNAPSHOT, "{id: ana, handle: ana_k, followers_count: 12}", record)


def nested(depth: int) -> str:
    return "[" * depth + "]" * depth


MIB = 1 << 20

# name -> (files replacing the good ones, "file:line:" the message starts with, what it says)
CASES: dict[str, tuple[dict[str, str | bytes], str, str]] = {
    # numbers and dates beyond what the engine holds
    "followers-2^63": (
        {S1 + "accounts.csv": replaced(ACCOUNTS, "ana_k,10", "ana_k,9223372036854775808")},
        S1 + "accounts.csv:2:",
        "expected a whole number of at most 1,000,000,000,000 in column 'followers_count', "
        "got '9223372036854775808'",
    ),
    "followers-1e20": (
        {S1 + "accounts.csv": replaced(ACCOUNTS, "ana_k,10", "ana_k,1e20")},
        S1 + "accounts.csv:2:",
        "at most 1,000,000,000,000 in column 'followers_count', got '1e20'",
    ),
    "yaml-followers-1e20": (
        {S2: replaced(YAML_SNAPSHOT, "followers_count: 12", "followers_count: 1.0e+20")},
        S2 + ":3:",
        "at most 1,000,000,000,000 in column 'followers_count', got '1e+20'",
    ),
    "interaction-count-overflow": (
        {S1 + "interactions.csv": replaced(INTERACTIONS, ":00,3", ":00,99999999999999999999")},
        S1 + "interactions.csv:3:",
        "expected a whole number of at most 1,000,000,000 in column 'count'",
    ),
    "since-infinity": (
        {S1 + "follows.csv": replaced(FOLLOWS, "2024-01-15", "infinity")},
        S1 + "follows.csv:4:",
        "expected a date or date-time from year 1 to 9998 in column 'since', got 'infinity'",
    ),
    "post-at-minus-infinity": (
        {S1 + "posts.csv": replaced(POSTS, "2024-01-02T08:00:00", "-infinity")},
        S1 + "posts.csv:3:",
        "from year 1 to 9998 in column 'at', got '-infinity'",
    ),
    "interaction-at-infinity": (
        {S1 + "interactions.csv": replaced(INTERACTIONS, "2024-01-05T18:00:00", "infinity")},
        S1 + "interactions.csv:3:",
        "from year 1 to 9998 in column 'at', got 'infinity'",
    ),
    "yaml-at-infinity": (
        {S2: replaced(YAML_SNAPSHOT, "at: 2024-02-04T09:12:00", "at: infinity")},
        S2 + ":8:",
        "from year 1 to 9998 in column 'at', got 'infinity'",
    ),
    "year-beyond-python": (
        {S1 + "follows.csv": replaced(FOLLOWS, "2024-01-15", "9999-12-31T23:00:00-05:00")},
        S1 + "follows.csv:4:",
        "from year 1 to 9998 in column 'since'",
    ),
    "window-of-centuries": (
        {S1 + "snapshot.yml": "taken: 2024-01-31\nwindow_days: 1000000000000\n"},
        S1 + "snapshot.yml:",
        "'window_days': expected at most 36525 (100 years)",
    ),
    # YAML: characters, nesting, tags
    "yaml-lone-surrogate": (
        {S2: replaced(YAML_SNAPSHOT, "handle: benm", 'handle: "\\ud800"')},
        S2 + ":4:",
        "not valid YAML: a lone surrogate (\\ud800...) in a value",
    ),
    "front-matter-lone-surrogate": (
        {POST: replaced(HELLO, "title: Hello", 'title: "\\ud800"')},
        POST + ":2:",
        "not valid YAML: a lone surrogate",
    ),
    "settings-lone-surrogate": (
        {"sitegen.yml": replaced(SETTINGS, "title: Bad input", 'title: "bad \\udfff"')},
        "sitegen.yml:2:",
        "not valid YAML: a lone surrogate",
    ),
    "yaml-nested-100000-deep": (
        {S2: "taken: 2024-02-29\naccounts: " + nested(100_000) + "\n"},
        S2 + ":2:",
        "not valid YAML: nested more than 100 levels deep",
    ),
    "front-matter-nested-100000-deep": (
        {POST: "---\ntitle: " + nested(100_000) + "\ndate: 2024-03-01\n---\nText.\n"},
        POST + ":2:",
        "nested more than 100 levels deep",
    ),
    "settings-nested-100000-deep": (
        {"sitegen.yml": "site: " + nested(100_000) + "\n"},
        "sitegen.yml:1:",
        "nested more than 100 levels deep",
    ),
    "yaml-binary-tag": (
        {S2: replaced(YAML_SNAPSHOT, "handle: benm", "handle: !!binary YmVu")},
        S2 + ":4:",
        "not valid YAML: tags such as !!binary are not allowed; use plain values",
    ),
    "yaml-set-tag": (
        {S2: "taken: 2024-02-29\nnetwork: !!set {a, b}\n"},
        S2 + ":2:",
        "tags such as !!set are not allowed",
    ),
    "yaml-omap-tag": (
        {S2: "taken: 2024-02-29\nnetwork: !!omap [a: 1]\n"},
        S2 + ":2:",
        "tags such as !!omap are not allowed",
    ),
    "yaml-local-tag": (
        {S2: replaced(YAML_SNAPSHOT, "handle: benm", "handle: !ben benm")},
        S2 + ":4:",
        "tags such as !ben are not allowed",
    ),
    "front-matter-binary-tag": (
        {POST: replaced(HELLO, "title: Hello", "title: !!binary SGVsbG8=")},
        POST + ":2:",
        "tags such as !!binary are not allowed",
    ),
    "settings-set-tag": (
        {"sitegen.yml": replaced(SETTINGS, "title: Bad input", "title: !!set {a}")},
        "sitegen.yml:2:",
        "tags such as !!set are not allowed",
    ),
    # NUL characters never reach a page
    "csv-nul-in-a-value": (
        {S1 + "accounts.csv": replaced(ACCOUNTS, "benm", "be\x00nm").encode()},
        S1 + "accounts.csv:3:",
        "a NUL character (\\0) in column 'handle'",
    ),
    "csv-nul-in-the-header": (
        {S1 + "accounts.csv": replaced(ACCOUNTS, "age_band", "age\x00band").encode()},
        S1 + "accounts.csv:1:",
        "a NUL character (\\0) in the header",
    ),
    "yaml-nul-escape": (
        {S2: replaced(YAML_SNAPSHOT, "handle: benm", 'handle: "be\\0nm"')},
        S2 + ":4:",
        "not valid YAML: a NUL character in a value",
    ),
    "yaml-raw-nul": (
        {S2: replaced(YAML_SNAPSHOT, "handle: benm", "handle: be\x00nm").encode()},
        S2 + ":4:",
        "not valid YAML: the control character #x0000 is not allowed",
    ),
    "front-matter-nul-escape": (
        {POST: replaced(HELLO, "title: Hello", 'title: "Hel\\x00lo"')},
        POST + ":2:",
        "a NUL character in a value",
    ),
    "post-body-nul": (
        {POST: replaced(HELLO, "Reciprocity", "Reci\x00procity")},
        POST + ":5:",
        "a NUL character (\\0) in the text",
    ),
    # CSV files DuckDB cannot read, or reads wrongly (mixed line ends are read: see
    # test_column_maps.py)
    "csv-unterminated-quote-in-the-header": (
        {S1 + "follows.csv": replaced(FOLLOWS, "followed,since", 'followed,"since')},
        S1 + "follows.csv:1:",
        "the header has a quote (\") that is not closed on its line",
    ),
    # bounds, checked before the engine parses
    "csv-1001-columns": (
        {S1 + "accounts.csv": "id," + ",".join(f"a{i}" for i in range(1000)) + "\nana\n"},
        S1 + "accounts.csv:1:",
        "1001 columns in the header; a table has at most 1000",
    ),
    "csv-header-over-1-mib": (
        {S1 + "accounts.csv": "id," + "a" * MIB + "\nana,x\n"},
        S1 + "accounts.csv:1:",
        "the header line is longer than 1 MiB",
    ),
    "csv-field-over-2-mb": (
        {S1 + "accounts.csv": replaced(ACCOUNTS, "benm", "b" * (2 * MIB + 10))},
        S1 + "accounts.csv:3:",
        "a record longer than 1 MiB, the most a CSV record may hold: 'ben,bbbb",
    ),
    "csv-quoted-field-over-2-mb": (
        {S1 + "accounts.csv": replaced(ACCOUNTS, "benm", '"' + "b\n" * (MIB + 10) + '"')},
        S1 + "accounts.csv:3:",
        "a record longer than 1 MiB",
    ),
    "yaml-20000-keys": (
        {S2: wide_yaml_record(20_000)},
        S2 + ":3:",
        "not valid YAML: a mapping with 20001 keys (at most 1000 are read)",
    ),
    "yaml-1001-columns": (
        {S2: wide_yaml_record(999)},  # 1000 keys, and 'handle' in the next record
        S2 + ":2:",
        "'accounts': the records have 1001 different keys; a table has at most 1000 columns",
    ),
    "yaml-over-10-mb": (
        {S2: "taken: 2024-02-29\n# " + "x" * 10**7 + "\n"},
        S2 + ":",
        "larger than 10 MB, the most a YAML file may hold",
    ),
    # settings
    "memory-limit-lots": (
        {"sitegen.yml": dedent(SETTINGS) + "analysis:\n  memory_limit: lots\n"},
        "sitegen.yml:",
        "'analysis.memory_limit': expected an amount of memory of at least 100MB, such as 4GB "
        "or 512MiB (units KB, MB, GB, TB, KiB, MiB, GiB, TiB), got 'lots'",
    ),
    "memory-limit-4-gigs": (
        {"sitegen.yml": dedent(SETTINGS) + "analysis:\n  memory_limit: 4 gigs\n"},
        "sitegen.yml:",
        "'analysis.memory_limit': expected an amount of memory",
    ),
    "memory-limit-too-small": (
        {"sitegen.yml": dedent(SETTINGS) + "analysis:\n  memory_limit: 1KB\n"},
        "sitegen.yml:",
        "of at least 100MB",
    ),
    "number-setting-nan": (
        {"sitegen.yml": dedent(SETTINGS) + "analysis:\n  audit_jump_z: .nan\n"},
        "sitegen.yml:",
        "'analysis.audit_jump_z': expected a number from -1,000,000,000 to 1,000,000,000",
    ),
    "site-url-without-scheme": (
        {"sitegen.yml": replaced(SETTINGS, "https://user.github.io/report/", "example.org/report")},
        "sitegen.yml:",
        "'site.url': expected an address starting with http:// or https://, without ?query "
        "or #fragment, such as https://user.github.io/report/, got 'example.org/report'",
    ),
}


@pytest.fixture
def sitegen(restore_logging) -> Callable[..., object]:
    runner = CliRunner()
    return lambda *args: runner.invoke(app, list(args))


def site_bytes(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def good_build(tmp_path_factory) -> Path:
    """The good project, built once; each test starts from a copy of it and its output/."""
    root = tmp_path_factory.mktemp("bad-input") / "project"
    write_tree(root, GOOD)
    result = CliRunner().invoke(app, ["build", "--quiet", "--config", str(root / "sitegen.yml")])
    assert result.exit_code == 0, result.output
    return root


@pytest.fixture
def project(good_build, tmp_path, monkeypatch) -> Path:
    root = tmp_path / "project"
    shutil.copytree(good_build, root, symlinks=True)
    monkeypatch.chdir(root)
    return root


def lines_of(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.strip()]


def assert_refused(result, where: str, message: str) -> None:
    """Exit 2, no traceback, and the first line names the file and line, then the message."""
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output and isinstance(result.exception, SystemExit)
    first = lines_of(result)[0]
    assert first.startswith(f"error: {where}"), first[:300]
    assert message in first, first[:300]


@pytest.mark.parametrize("case", list(CASES))
def test_check_and_build_refuse_it_and_keep_the_previous_site(project, sitegen, case):
    files, where, message = CASES[case]
    before = site_bytes(project / "output")
    write_tree(project, files)
    assert_refused(sitegen("check"), where, message)
    assert_refused(sitegen("build", "--quiet"), where, message)
    assert site_bytes(project / "output") == before


def test_a_100000_value_row_is_refused_at_once(project, sitegen):
    """DuckDB lists such a row in minutes and GBs (its time grows with the square)."""
    row = ",".join(["x"] * 100_000)
    write_tree(project, {S1 + "follows.csv": dedent(FOLLOWS) + row + "\n"})
    started = time.perf_counter()
    result = sitegen("analyze", S1)
    assert_refused(result, S1 + "follows.csv:5:", "more values than the header has columns "
                   "(100000 values for 3 columns)")
    assert time.perf_counter() - started < 20


def test_many_rows_far_wider_than_the_header_are_refused_at_once(project, sitegen):
    """2,000 rows of 900 values took DuckDB half a minute to list, value by value."""
    rows = (",".join(["x"] * 900) + "\n") * 2000
    write_tree(project, {S1 + "follows.csv": dedent(FOLLOWS) + rows})
    started = time.perf_counter()
    result = sitegen("analyze", S1)
    assert_refused(result, S1 + "follows.csv:5:", "(900 values for 3 columns)")
    assert time.perf_counter() - started < 10


def test_a_quote_left_open_in_a_row_is_located_and_quoted_briefly(project, sitegen):
    write_tree(project, {S1 + "follows.csv": replaced(FOLLOWS, "ben,ana,", 'ben,"ana,')
                         + "x," * 10_000 + "\n"})
    result = sitegen("analyze", S1)
    assert_refused(result, S1 + "follows.csv:3:", "a quote inside an unquoted value")
    assert len(lines_of(result)[0]) < 300


def test_a_key_named_line_is_an_ordinary_attribute(project, sitegen):
    """The YAML reader once kept each record's line in a column named _line."""
    write_tree(project, {S2: replaced(YAML_SNAPSHOT, "{id: ben, handle: benm}",
                                      "{id: ben, handle: benm, _line: 7}")})
    assert sitegen("check").exit_code == 0
    bad = replaced(YAML_SNAPSHOT, "{id: ben, handle: benm}", "{id: ben, _line: x}")
    write_tree(project, {S2: bad.replace("followers_count: 12", "followers_count: -1")})
    assert_refused(sitegen("check"), S2 + ":3:", "got '-1'")


def test_serve_refuses_a_port_out_of_range(project, sitegen):
    for port in ("70000", "0"):
        result = sitegen("serve", "--port", port)
        assert result.exit_code == 2, result.output
        assert "Traceback" not in result.output and "--port" in result.output
        assert not (project / ".sitegen-serve").exists()


def test_analyze_output_must_be_a_file_in_a_folder(project, sitegen):
    (project / "report").mkdir()
    assert_refused(sitegen("analyze", S1, "-o", "report"), "report:", "--output is a folder")
    assert_refused(sitegen("analyze", S1, "-o", "missing/report.json"), "missing/report.json:",
                   "cannot write the output there: missing does not exist")
    assert_refused(sitegen("analyze", S1, "-o", "sitegen.yml/report.json"),
                   "sitegen.yml/report.json:", "sitegen.yml is not a folder")


def test_a_url_without_scheme_is_refused_on_the_command_line_too(project, sitegen):
    before = site_bytes(project / "output")
    assert_refused(sitegen("build", "--url", "example.org/report"), "command line:",
                   "'site.url': expected an address starting with http:// or https://")
    assert site_bytes(project / "output") == before


# --- posts and snapshots that are not files, or links out of the project ------------------


def test_a_post_that_is_a_folder(project, sitegen):
    (project / "content/posts/x.md").mkdir()
    for command in ("check", "build"):
        assert_refused(sitegen(command), "content/posts/x.md:",
                       "a folder, where a file is expected")


def test_a_post_that_is_a_broken_link(project, sitegen):
    os.symlink(project / "nowhere.md", project / "content/posts/x.md")
    for command in ("check", "build"):
        assert_refused(sitegen(command), "content/posts/x.md:", "a symbolic link to ")
        assert "which does not exist" in lines_of(sitegen(command))[0]


def test_a_post_linked_from_outside_the_project_is_refused(project, sitegen, tmp_path):
    secret = write_tree(tmp_path / "elsewhere", {"notes.md": HELLO}) / "notes.md"
    os.symlink(secret, project / "content/posts/x.md")
    before = site_bytes(project / "output")
    for command in ("check", "build"):
        result = sitegen(command)
        assert_refused(result, "content/posts/x.md:", f"a symbolic link to {secret}, outside "
                       f"the project folder {project}")
    assert site_bytes(project / "output") == before


def test_a_posts_folder_linked_from_outside_the_project_is_refused(project, sitegen,
                                                                    tmp_path):
    outside = write_tree(tmp_path / "elsewhere", {"notes.md": HELLO})
    shutil.rmtree(project / "content/posts")
    os.symlink(outside, project / "content/posts")
    for command in ("check", "build"):
        assert_refused(sitegen(command), "content/posts/notes.md:", "outside the project")


def test_links_inside_the_project_are_followed(project, sitegen):
    write_tree(project, {"drafts/hello.md": replaced(HELLO, "title: Hello", "title: Linked"),
                         "data/follows.csv": FOLLOWS})
    (project / POST).unlink()
    os.symlink(project / "drafts/hello.md", project / POST)
    (project / S1 / "follows.csv").unlink()
    os.symlink("../../../data/follows.csv", project / S1 / "follows.csv")
    assert sitegen("build", "--quiet").exit_code == 0
    assert "Linked" in (project / "output/posts/hello/index.html").read_text("utf-8")


def test_snapshot_files_linked_from_outside_the_project_are_refused(project, sitegen,
                                                                     tmp_path):
    outside = write_tree(tmp_path / "elsewhere", {"follows.csv": FOLLOWS, "2024-03.yml":
                                                  YAML_SNAPSHOT.replace("02-29", "03-31")})
    (project / S1 / "follows.csv").unlink()
    os.symlink(outside / "follows.csv", project / S1 / "follows.csv")
    assert_refused(sitegen("check"), S1 + "follows.csv:", "a symbolic link to ")
    (project / S1 / "follows.csv").unlink()
    os.symlink(outside / "2024-03.yml", project / "content/snapshots/2024-03.yml")
    assert_refused(sitegen("build"), "content/snapshots/2024-03.yml:",
                   "outside the project folder")


def test_a_snapshot_folder_linked_from_outside_the_project_is_refused(project, sitegen,
                                                                      tmp_path):
    outside = tmp_path / "elsewhere"
    shutil.copytree(project / S1, outside)
    os.symlink(outside, project / "content/snapshots/2024-03")
    assert_refused(sitegen("check"), "content/snapshots/2024-03:", "outside the project")


def test_a_table_that_is_a_broken_link_or_a_folder_is_not_skipped(project, sitegen):
    (project / S1 / "posts.csv").unlink()
    os.symlink("gone.csv", project / S1 / "posts.csv")
    assert_refused(sitegen("check"), S1 + "posts.csv:", "a symbolic link to gone.csv, which "
                   "does not exist")
    (project / S1 / "posts.csv").unlink()
    (project / S1 / "posts.csv").mkdir()
    assert_refused(sitegen("check"), S1 + "posts.csv:", "a folder, where a file is expected")


def test_analyze_reads_a_snapshot_outside_any_project(project, sitegen, tmp_path):
    """A path named on the command line, outside a project, is read as given."""
    outside = tmp_path / "elsewhere" / "2024-01"
    shutil.copytree(project / S1, outside)
    assert sitegen("analyze", str(outside), "-f", "json").exit_code == 0


def test_a_template_that_extends_itself(project, sitegen):
    write_tree(project, {"themes/default/templates/base.html": '{% extends "base.html" %}'})
    for command in ("build", "check", "build"):  # the second build too: the theme was not
        assert_refused(sitegen(command), "base.html", "theme template loop: base.html -> "
                       "base.html")  # marked as checked by the first


@pytest.mark.parametrize("template", ["post.html", "feed.xml"])
def test_a_template_that_fails_as_it_renders_is_located(project, sitegen, template):
    """Not only Jinja's own errors: any failure of a template's expression is the theme's,
    named with its file and line, and the site stays as it was (a page's template, or the
    feed's, rendered apart)."""
    before = site_bytes(project / "output")
    write_tree(project, {f"themes/default/templates/{template}":
                         '{% extends "base.html" %}\n{% block main %}\n{{ 1 // 0 }}\n'
                         '{% endblock %}\n' if template == "post.html" else
                         '<?xml version="1.0"?>\n<feed>\n{{ 1 // 0 }}\n</feed>\n'})
    result = sitegen("build")
    assert_refused(result, f"themes/default/templates/{template}:3",
                   "theme template error: ZeroDivisionError: integer division or modulo by "
                   "zero")
    assert site_bytes(project / "output") == before


@pytest.mark.parametrize("template", ["post.html", "partials/extra.html"])
def test_a_template_saved_as_latin1_is_located(project, sitegen, template):
    """A theme template saved by an editor as Latin-1 is refused at the line of its first
    byte that is not UTF-8, by check and build alike (it was a UnicodeDecodeError's
    traceback), and the site stays as it was."""
    before = site_bytes(project / "output")
    text = '{% extends "default:post.html" %}\n{% block main %}\n<p>Café</p>\n{% endblock %}\n'
    write_tree(project, {f"themes/default/templates/{template}": text.encode("latin-1")})
    for command in ("check", "build"):
        assert_refused(sitegen(command), f"themes/default/templates/{template}:3: ",
                       "not UTF-8 text")
    assert site_bytes(project / "output") == before


def test_templates_that_include_each_other(project, sitegen):
    write_tree(project, {"themes/default/templates/page.html": '{% include "post.html" %}',
                         "themes/default/templates/post.html": '{% include "page.html" %}'})
    assert_refused(sitegen("build"), "page.html",
                   "theme template loop: page.html -> post.html -> page.html")


def test_a_nul_in_an_edge_file_is_found(project, sitegen):
    """Values are searched for a NUL only in a file holding a NUL byte: here one does."""
    Path(S1 + "follows.csv").write_bytes(
        replaced(FOLLOWS, "2023-05-03", "2023-05-03\x00").encode())
    result = sitegen("check")
    assert result.exit_code == 2, result.output
    assert f"error: {S1}follows.csv:3: a NUL character (\\0) in column 'since'" in lines_of(result)


def test_a_template_error_while_rendering_names_the_file_and_line(project, sitegen):
    """An error only rendering finds (an undefined name) is located as a syntax error is:
    the template's file and the line, not the template's name alone."""
    write_tree(project, {"themes/default/templates/post.html":
                         '{% extends "default:post.html" %}\n{% block main %}\n<p>hi</p>\n'
                         "{{ nosuchvar.attr }}\n{% endblock %}\n"})
    assert_refused(sitegen("build"), "themes/default/templates/post.html:4: ",
                   "theme template error: 'nosuchvar' is undefined")


# the YAML snapshot a month later, its window wide enough for its dates (no warning)
LATER = replaced(YAML_SNAPSHOT, "taken: 2024-02-29", "taken: 2024-03-31\nwindow_days: 90")


@pytest.mark.parametrize("other", ["content/snapshots/2024-01.yml",
                                   "content/snapshots/2024-02.yaml"])
def test_two_snapshots_of_one_name_are_refused_before_any_is_read(project, sitegen, other):
    """``sitegen init`` writes ``2024-01.yml``; an import into ``2024-01/`` beside it made two
    snapshots named 2024-01, compared as a series, then a build failed on two pages."""
    before = site_bytes(project / "output")
    write_tree(project, {other: LATER})
    # the one listed second (by file name) is named first, the other in the message
    first, second = sorted([S1.rstrip("/") if other.endswith(".yml") else S2, other])
    name = Path(other).stem
    for command in (("check",), ("build", "--quiet"), ("analyze", "content/snapshots")):
        result = sitegen(*command)
        assert_refused(result, f"{second}:", f"two snapshots named '{name}': this one and "
                                             f"{first}")
    assert site_bytes(project / "output") == before


def test_two_snapshot_names_of_one_address_are_refused(project, sitegen):
    """``2024 02`` and ``2024-02`` are two snapshots for the analysis, one folder for the site."""
    before = site_bytes(project / "output")
    other = "content/snapshots/2024 02.yml"
    write_tree(project, {other: LATER})
    analyzed = sitegen("analyze", "content/snapshots")
    assert analyzed.exit_code == 0, analyzed.output
    for command in (("check",), ("build", "--quiet")):
        assert_refused(sitegen(*command), f"{other}:",
                       f"the snapshots '2024-02' ({S2}) and '2024 02' would share the address "
                       "'snapshots/2024-02/'")
    assert site_bytes(project / "output") == before

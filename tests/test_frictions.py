"""The small frictions a new user meets: outside a project, --help, mistakes in settings and in
YAML, and the feed (issue 16). Each message is tested at the CLI's edge or the library's."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import typer.main
from conftest import dedent, write_tree
from typer.testing import CliRunner

from sitegen.cli import app
from sitegen.config import AnalysisSettings, SiteSettings, load_config
from sitegen.content import load_posts
from sitegen.errors import ConfigError, ContentError, SnapshotError
from sitegen.site.build import build_site

NO_PROJECT = ("error: no sitegen project here (no sitegen.yml in this folder)\n"
              "  hint: start one with 'sitegen init DIR' (then cd DIR), or name the project's "
              "settings file with --config FILE\n")
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def cli(monkeypatch, restore_logging):
    def _run(folder: Path, *args: str):
        monkeypatch.chdir(folder)
        return CliRunner().invoke(app, list(args))

    return _run


# --- 1. Outside a project ---------------------------------------------------------------


@pytest.mark.parametrize("args", [["build"], ["check"], ["serve"], ["deploy"],
                                  ["new", "post", "Hello"]])
def test_outside_a_project_says_so_and_how_to_start_one(cli, tmp_path, args):
    result = cli(tmp_path, *args)
    assert result.exit_code == 2
    assert result.stderr == NO_PROJECT
    assert not any(tmp_path.iterdir())  # nothing written


def test_config_names_the_project_from_anywhere(cli, tmp_path, project):
    (project / "content" / "snapshots" / "2024-03.yml").write_text(dedent("""
        taken: 2024-03-31
        accounts:
          - {id: 1, handle: ann}
          - {id: 2, handle: bob}
        follows:
          - {follower: 1, followed: 2}
        """), "utf-8")
    result = cli(tmp_path, "check", "--config", str(project / "sitegen.yml"))
    assert result.exit_code == 0, result.output
    missing = cli(tmp_path, "check", "--config", "nowhere.yml")
    assert missing.exit_code == 2 and "config file not found" in missing.stderr


def test_analyze_needs_no_project(cli, tmp_path):
    (tmp_path / "net.yml").write_text("taken: 2024-03-31\naccounts:\n  - {id: 1, handle: a}\n",
                                      "utf-8")
    result = cli(tmp_path, "analyze", "net.yml")
    assert result.exit_code == 0, result.output


# --- 2. --help shows no type after a flag -------------------------------------------------


def command_paths(command=None, path=()):
    """Every command and group of the CLI, as the words that call it."""
    command = command or typer.main.get_command(app)
    yield list(path)
    for name, sub in getattr(command, "commands", {}).items():
        yield from command_paths(sub, (*path, name))


@pytest.mark.parametrize("path", list(command_paths()), ids=lambda p: " ".join(p) or "sitegen")
def test_help_shows_no_bool_after_flags(path):
    result = CliRunner().invoke(app, [*path, "--help"], terminal_width=200)
    assert result.exit_code == 0, result.output
    assert "<bool>" not in result.output
    help_line = next(line for line in result.output.splitlines() if "--help" in line)
    assert "<" not in help_line
    if "--config" in result.output:  # options that take a value still show its type
        assert re.search(r"--config\s+-c\s+<path>", result.output)
    if "--quiet" in result.output:
        assert re.search(r"--quiet\s+-q\s+No progress bars", result.output)


# --- 3. Mistakes in settings ----------------------------------------------------------------


def config_error(project: Path, text: str) -> str:
    (project / "sitegen.yml").write_text(dedent(text), "utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(project / "sitegen.yml")
    return str(caught.value).replace(f"{project / 'sitegen.yml'}", "sitegen.yml")


def test_an_unknown_setting_has_its_line_and_a_suggestion(project):
    valid = ", ".join(SiteSettings.__dataclass_fields__)
    assert config_error(project, """
        site:
          # the title
          titel: My report
        """) == (f"sitegen.yml:3: unknown setting 'site.titel'\n"
                 f"  hint: did you mean 'site.title'? valid: {valid}")


def test_no_suggestion_for_a_name_like_no_other(project):
    valid = ", ".join(AnalysisSettings.__dataclass_fields__)
    assert config_error(project, "analysis:\n  frobnicate: 3\n") == (
        f"sitegen.yml:2: unknown setting 'analysis.frobnicate'\n  hint: valid: {valid}")


def test_a_setting_in_the_wrong_section_names_its_section(project):
    message = config_error(project, "analysis:\n  title: My report\n")
    assert message.startswith("sitegen.yml:2: unknown setting 'analysis.title'\n"
                              "  hint: 'title' is a setting of the section 'site'; ")


def test_a_misspelt_section_and_values_at_their_lines_in_file_order(project):
    assert config_error(project, """
        site:
          posts_per_page: 0
        analysys:
          window_days: 30
        """).splitlines() == [
        "sitegen.yml:2: 'site.posts_per_page': expected at least 1, got 0",
        "sitegen.yml:3: unknown section 'analysys'",
        "  hint: did you mean 'analysis'? valid sections: site, analysis, paths, privacy, spark"]


# --- 3. Mistakes in YAML, in plain words ----------------------------------------------------

YAML_MISTAKES = [
    # (text, line, message, a few words of the hint)
    ("site:\n  title: x\n url: y\n", 3,
     "this line is indented differently from the lines above it", "same column"),
    ("site:\n  title: x\n    url: y\n", 3,
     "this line is indented more than the line above it, which has a value", "same column"),
    ("site:\n\ttitle: x\n", 2, "a tab character; YAML indents with spaces only",
     "replace it with spaces"),
    ("site:\n  title: \"Who talks\n  url: y\n", 2,
     "a quote opened on this line is never closed", "quote mark it starts with"),
    ("privacy:\n  named: [ann, bob\n  keep: []\n", 2,
     "a '[' opened on this line is never closed, or a ',' is missing between its items",
     "[a, b]"),
    # the file ends with the list still open: the '[' and its line, not a '{' past the end
    ("site:\n  title: x\nanalysis: [\n", 3,
     "a '[' opened on this line is never closed, or a ',' is missing between its items",
     "[a, b]"),
    ("privacy:\n  named: {a: [1, 2}\n", 2,
     "a '[' opened on this line is never closed, or a ',' is missing between its items",
     "[a, b]"),
    ("site:\n  title: Who talks: back?\n", 2, "a second ': ' on this line, in a value",
     "put the value in quotes"),
    ("site:\n  title:My report\n  url: y\n", 2, "no ': ' between a name and its value",
     "a space after the colon"),
    ("privacy:\n  named: [@ann]\n", 2, "a value cannot start with '@' unless it is in quotes",
     "put the value in quotes"),
]


@pytest.mark.parametrize(("text", "line", "message", "hint"), YAML_MISTAKES)
def test_yaml_mistakes_in_settings_are_said_in_words(project, text, line, message, hint):
    first, second = config_error(project, text).splitlines()
    assert first == f"sitegen.yml:{line}: not valid YAML: {message}"
    assert second.startswith("  hint: ") and hint in second
    assert "(the YAML parser said: " in second  # its own words kept, for searching


def test_yaml_mistakes_in_snapshot_yml(make_snapshot, load):
    folder = make_snapshot("2024-03", {
        "snapshot.yml": "taken: 2024-03-31\nnetwork: riverside: north\n",
        "accounts.csv": "id,handle\n1,ann\n"})
    with pytest.raises(SnapshotError) as caught:
        load(folder)
    assert str(caught.value).splitlines()[0] == (
        f"{folder / 'snapshot.yml'}:2: not valid YAML: a second ': ' on this line, in a value")


def test_yaml_mistakes_in_a_snapshot_file(make_snapshot, load):
    snapshot = make_snapshot("2024-03.yml", "taken: 2024-03-31\naccounts:\n\t- {id: 1}\n")
    with pytest.raises(SnapshotError) as caught:
        load(snapshot)
    assert str(caught.value).splitlines()[0] == (
        f"{snapshot}:3: not valid YAML: a tab character; YAML indents with spaces only")


def test_yaml_mistakes_in_front_matter_have_the_file_line(project):
    posts = project / "content" / "posts"
    write_tree(posts, {"2024-05-02-hello.md": """
        ---
        date: 2024-05-02
        title: Who talks: back?
        ---
        Text.
        """})
    with pytest.raises(ContentError) as caught:
        load_posts(posts)
    assert str(caught.value).splitlines()[0] == (
        f"{posts / '2024-05-02-hello.md'}:3: not valid YAML: a second ': ' on this line, "
        "in a value")


@pytest.mark.parametrize(("text", "line", "key", "first"), [
    # a section appended to the file 'sitegen init' wrote: pseudonymize: true was dropped
    ("privacy:\n  pseudonymize: true\nsite:\n  title: T\nprivacy:\n  keep: [age_band]\n",
     5, "privacy", 1),
    ("site:\n  url: https://a.example/\n  title: T\n  url: https://b.example/\n", 4, "url", 2),
], ids=["a section", "a setting"])
def test_a_key_given_twice_in_settings_is_an_error(project, text, line, key, first):
    """YAML keeps the last value of a key given twice: a second 'privacy:' section silently
    turned pseudonyms off, a second 'site:' put site.url back to localhost."""
    assert config_error(project, text) == (
        f"sitegen.yml:{line}: not valid YAML: '{key}' is given twice (first on line {first}); "
        "write each key once")


@pytest.mark.parametrize("title", ["x", "back\\slash"])  # libyaml's path, the careful one
def test_a_key_given_twice_in_front_matter_is_an_error(project, title):
    posts = project / "content" / "posts"
    write_tree(posts, {"2024-05-02-x.md": f"""
        ---
        title: {title}
        date: 2024-05-02
        date: 2024-06-01
        ---
        hi
        """})
    with pytest.raises(ContentError) as caught:
        load_posts(posts)
    assert str(caught.value) == (f"{posts / '2024-05-02-x.md'}:4: not valid YAML: 'date' is "
                                 "given twice (first on line 3); write each key once")


@pytest.mark.parametrize("summary", ["Off", "Off \\ on"])  # libyaml's path, the careful one
def test_text_in_front_matter_is_kept_as_written(project, summary):
    """YAML 1.1 reads No, Yes, on, Off as false and true: 'title: No' became the file name's
    title, 'author: Yes' "True", tags NO (Norway) and on "False" and "True", 'summary: Off'
    nothing; 1e3 and 12:30 became numbers."""
    posts = project / "content" / "posts"
    write_tree(posts, {"2024-06-20-nordic.md": f"""
        ---
        title: No
        date: 2024-06-20
        tags: [NO, SE, on, 1e3, 1.10]
        author: Yes
        summary: {summary}
        slug: 12:30
        ---
        Text.
        """})
    [post] = load_posts(posts)
    assert (post.title, post.author, post.summary, post.slug) == ("No", "Yes", summary, "12-30")
    assert post.tags == ("1.10", "1e3", "NO", "SE", "on")


def test_a_key_given_twice_in_a_snapshot_file_is_an_error(make_snapshot, load):
    snapshot = make_snapshot("2024-03.yml", "taken: 2024-03-31\naccounts:\n"
                             "  - {id: 1, handle: ann}\n  - {id: 2, handle: bo, id: 3}\n")
    with pytest.raises(SnapshotError) as caught:
        load(snapshot)
    assert str(caught.value) == (f"{snapshot}:4: not valid YAML: 'id' is given twice (first "
                                 "on line 4); write each key once")


# --- 5. The feed: links to the charts, no scripts ---------------------------------------------

SNAPSHOT = """
    taken: 2024-03-31
    accounts:
      - {id: 1, handle: ann, followers_count: 3, following_count: 2}
      - {id: 2, handle: bob, followers_count: 1, following_count: 2}
      - {id: 3, handle: cy, followers_count: 2, following_count: 2}
    follows:
      - {follower: 1, followed: 2}
      - {follower: 2, followed: 1}
      - {follower: 3, followed: 1}
      - {follower: 1, followed: 3}
    """
POST = """
    ---
    title: Post {n}
    date: 2024-05-0{n}
    ---
    Before the charts.

    [[chart:class-mix]]

    [[chart:reciprocity-distribution]]

    After the charts.
    """


@pytest.fixture
def feed_site(project: Path) -> tuple[Path, str]:
    url = "https://user.github.io/report/"
    write_tree(project, {
        "sitegen.yml": f"site:\n  title: Feed test\n  url: {url}\n",
        "content/snapshots/2024-03.yml": SNAPSHOT,
        **{f"content/posts/2024-05-0{n}-post-{n}.md": POST.replace("{n}", str(n))
           for n in (1, 2)}})
    build_site(load_config(project / "sitegen.yml"), use_cache=False)
    return project / "output", url


def test_the_feed_links_to_charts_instead_of_running_them(feed_site):
    output, url = feed_site
    feed = (output / "feed.xml").read_text("utf-8")
    entries = ET.fromstring(feed).findall(f"{ATOM}entry")
    assert len(entries) == 2
    for entry in entries:
        content = entry.findtext(f"{ATOM}content")
        assert "<script" not in content.lower() and "chart-data" not in content
        assert "Before the charts." in content and "After the charts." in content
        links = re.findall(r'<p class="chart-link"><a href="([^"]+)">Chart: ([^<]+)</a>\. '
                           r"([^<]+)</p>", content)
        assert [title for _, title, _ in links] == ["Ways of use", "How reciprocal accounts are"]
        assert links[0][2] == "How the 3 accounts of 2024-03 use the network."
        for href, _, _ in links:
            assert href.startswith(url)
            parts = urlsplit(href)
            page = output / parts.path.removeprefix(urlsplit(url).path) / "index.html"
            assert page.is_file(), href
            assert f'id="{parts.fragment}"' in page.read_text("utf-8")  # the chart is there
    assert len(feed) < 10_000  # a few KB, not the figures' JSON


def test_a_page_keeps_its_drawn_charts(feed_site):
    output, _ = feed_site
    page = (output / "posts" / "post-1" / "index.html").read_text("utf-8")
    assert page.count('class="chart-data"') == 2

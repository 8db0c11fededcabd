"""A rebuild that reuses the cached analysis opens its DuckDB file only when a page asks it a
query, and imports DuckDB only then: a post changed costs neither."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import write_project
from test_incremental import POSTS, build, edit, uncached
from test_site_build import SNAPSHOT, differences, snapshot_bytes

from sitegen.errors import SitegenError
from sitegen.site.inputs import CACHE_DIR
from sitegen.site.theme import default_theme_dir

SOURCE = Path(__file__).resolve().parents[1]

# builds the site as `sitegen build -q` does, then says whether DuckDB was imported
BUILD_AND_TELL = """
import sys
from sitegen.cli import app
try:
    app(["build", "-q"])
except SystemExit as end:
    assert not end.code, end.code
print("duckdb imported" if "duckdb" in sys.modules else "no duckdb")
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return write_project(
        tmp_path / "project",
        """
            site:
              title: Lazy
              url: https://user.github.io/report/
              account_pages: 2
        """,
        {
            "content/snapshots/riverside-2024-03.yml": SNAPSHOT,
            **{f"content/posts/{name}": text for name, text in POSTS.items()},
        },
    )


def build_and_tell(project: Path) -> str:
    """Build in a new process (as a rebuild from the command line is): whether it imported
    DuckDB."""
    done = subprocess.run([sys.executable, "-c", BUILD_AND_TELL], cwd=project,
                          capture_output=True, text=True, timeout=300,
                          env={**os.environ, "PYTHONPATH": str(SOURCE)})
    assert done.returncode == 0, done.stderr
    return done.stdout.strip().splitlines()[-1]


def test_a_rebuild_after_a_post_changed_neither_imports_duckdb_nor_opens_the_analysis(
        project):
    assert build_and_tell(project) == "duckdb imported"  # the analysis is made
    cache = project / CACHE_DIR
    assert [p.name for p in cache.glob("analysis-*.duckdb.json")] == \
        [p.name + ".json" for p in cache.glob("analysis-*.duckdb")]
    edit(project, "2024-04-03-third.md", "Third words.", "Third words, edited.")
    assert build_and_tell(project) == "no duckdb"
    output = project / "output"
    assert "Third words, edited." in (output / "posts/third/index.html").read_text("utf-8")
    assert differences(snapshot_bytes(uncached(project)), snapshot_bytes(output)) == []


def test_a_page_that_needs_a_query_opens_the_reused_analysis_on_first_use(project):
    build_and_tell(project)
    mark_account_pages(project)
    assert build_and_tell(project) == "duckdb imported"
    output = project / "output"
    pages = list((output / "accounts").glob("*/index.html"))
    assert pages and all("MARKED" in page.read_text("utf-8") for page in pages)
    assert differences(snapshot_bytes(uncached(project)), snapshot_bytes(output)) == []


def test_a_description_is_used_only_for_the_file_it_was_written_for(project):
    """A database file replaced (or copied, or written again) after its description was
    written is read itself, and described again."""
    build(project)
    cache = project / CACHE_DIR
    [db] = cache.glob("analysis-*.duckdb")
    described = db.with_name(db.name + ".json")
    first = described.read_text("utf-8")
    copy = db.with_name("copy")
    copy.write_bytes(db.read_bytes())
    os.replace(copy, db)  # the same bytes, another file
    edit(project, "2024-04-03-third.md", "Third words.", "Third words, edited.")
    build(project)
    assert described.read_text("utf-8") != first  # written again, for the new file
    assert differences(snapshot_bytes(uncached(project)),
                       snapshot_bytes(project / "output")) == []


def mark_account_pages(project: Path) -> None:
    """A theme change that makes every account page again, planned over the tables."""
    theme = project / "themes/default/templates/account.html"
    theme.parent.mkdir(parents=True, exist_ok=True)
    theme.write_text((default_theme_dir() / "templates/account.html").read_text("utf-8")
                     .replace("{% block main %}", "{% block main %}<p>MARKED</p>", 1))
    assert "MARKED" in theme.read_text("utf-8")


def test_a_cached_file_written_over_in_place_is_analysed_again(project):
    """Its size and times put back: still not the file its description was written for."""
    build(project)
    [db] = (project / CACHE_DIR).glob("analysis-*.duckdb")
    stat = db.stat()
    with db.open("r+b") as data:
        data.write(b"\0" * 4096)
    os.utime(db, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    mark_account_pages(project)
    output = build(project)
    assert all("MARKED" in page.read_text("utf-8")
               for page in (output / "accounts").glob("*/index.html"))
    assert differences(snapshot_bytes(uncached(project)), snapshot_bytes(output)) == []


def test_a_cached_file_that_fails_only_when_first_used_fails_that_build_only(project,
                                                                          monkeypatch):
    """Its description read, the file itself cannot be opened when a page first asks it a
    query: that build fails, saying so, and the next reads the file's own description (and
    would analyse again, were it unreadable)."""
    build(project)
    [db] = (project / CACHE_DIR).glob("analysis-*.duckdb")
    mark_account_pages(project)

    def refused(*args, **kwargs):
        import duckdb

        raise duckdb.IOException("Could not set lock on file")

    with monkeypatch.context() as patched:
        patched.setattr("sitegen.site.cache.open_db", refused)
        with pytest.raises(SitegenError, match="cached analysis cannot be opened"):
            build(project)
    assert not db.with_name(db.name + ".json").exists()
    output = build(project)
    assert db.with_name(db.name + ".json").exists()
    assert all("MARKED" in page.read_text("utf-8")
               for page in (output / "accounts").glob("*/index.html"))
    assert differences(snapshot_bytes(uncached(project)), snapshot_bytes(output)) == []

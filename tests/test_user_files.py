"""The user's files are never lost: sitegen replaces only an output folder it made (or an
empty one), carries what the user put there over as it is, and writes a file only where
nothing but a regular file stands."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
import test_site_build as site_tests
from test_site_build import build_ok, post, snapshot_bytes, write_post

from sitegen.site import writer

scratch = site_tests.scratch  # the same small project and CLI runner as the site tests
sitegen = site_tests.sitegen

pytestmark = pytest.mark.usefixtures("restore_logging")
ENDED = f"4194999@{writer.HOST}"  # a process id above any the kernel gives: none runs


def tree(folder: Path) -> dict[str, str]:
    """Every entry under a folder with what it is (and a link's target): links not followed."""
    found = {}
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder).as_posix()
        if path.is_symlink():
            found[relative] = "link -> " + os.readlink(path)
        elif path.is_dir():
            found[relative] = "folder"
        elif path.is_fifo():
            found[relative] = "fifo"
        else:
            found[relative] = path.read_text("utf-8", errors="replace")
    return found


def refused(result, *words: str) -> None:
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    for word in words:
        assert word in result.output, result.output


def test_a_folder_sitegen_did_not_make_is_refused(scratch, sitegen):
    mine = scratch / "mine"
    mine.mkdir()
    (mine / "index.html").write_text("<p>my own page</p>\n")
    (mine / "notes").mkdir()
    before = tree(mine)
    refused(sitegen("build", "--output", "mine"), "sitegen did not make")
    assert tree(mine) == before


def test_the_config_file_is_not_an_output_folder(scratch, sitegen):
    config = (scratch / "sitegen.yml").read_text()
    refused(sitegen("build", "--output", "sitegen.yml"), "not a folder")
    assert (scratch / "sitegen.yml").read_text() == config


def test_a_link_is_not_replaced_by_a_copy(scratch, sitegen, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (scratch / "out").symlink_to(elsewhere)
    refused(sitegen("build", "--output", "out"), "symbolic link")
    assert (scratch / "out").is_symlink() and list(elsewhere.iterdir()) == []


def test_an_empty_folder_is_taken(scratch, sitegen):
    (scratch / "out").mkdir()
    site = build_ok(sitegen, "--output", "out")
    assert (site.root / "index.html").is_file()


def test_links_and_empty_folders_in_the_site_stay_as_they_are(scratch, sitegen, tmp_path):
    site = build_ok(sitegen, "--output", "out")
    secret = tmp_path / "secret.txt"
    secret.write_text("not for the web\n")
    (site.root / "shortcut").symlink_to(secret)
    (site.root / "empty").mkdir()
    result = sitegen("build", "--output", "out")
    assert result.exit_code == 0, result.output
    assert (site.root / "shortcut").is_symlink()
    assert os.readlink(site.root / "shortcut") == str(secret)
    assert (site.root / "empty").is_dir() and not any((site.root / "empty").iterdir())
    result = sitegen("build", "--output", "out")  # and again, from the spare copy
    assert result.exit_code == 0, result.output
    assert (site.root / "shortcut").is_symlink() and (site.root / "empty").is_dir()


def test_a_fifo_in_the_site_stops_the_build_and_stays(scratch, sitegen):
    site = build_ok(sitegen, "--output", "out")
    os.mkfifo(site.root / "pipe")
    before = snapshot_bytes(site.root)
    refused(sitegen("build", "--output", "out"), "pipe", "FIFO")
    assert (site.root / "pipe").is_fifo()
    assert snapshot_bytes(site.root) == before


def test_a_users_file_where_a_new_page_goes_is_not_overwritten(scratch, sitegen):
    site = build_ok(sitegen, "--output", "out")
    (site.root / "posts/fresh").mkdir(parents=True)
    (site.root / "posts/fresh/index.html").write_text("<p>mine</p>\n")
    write_post(scratch, "2024-04-05-fresh.md", post("Fresh", "2024-04-05", "New."))
    refused(sitegen("build", "--output", "out"), "posts/fresh/index.html", "did not make")
    assert (site.root / "posts/fresh/index.html").read_text() == "<p>mine</p>\n"


@pytest.fixture
def analyze_to(scratch, sitegen):
    def _run(target: Path):
        return sitegen("analyze", "content/snapshots", "--format", "json", "--output",
                       str(target))
    return _run


def test_analyze_output_replaces_a_regular_file(scratch, analyze_to):
    target = scratch / "report.json"
    target.write_text("old\n")
    result = analyze_to(target)
    assert result.exit_code == 0, result.output
    assert target.read_text().startswith("{")


@pytest.mark.parametrize("kind", ["fifo", "link", "folder"])
def test_analyze_output_never_replaces_anything_else(scratch, analyze_to, kind, tmp_path):
    target = scratch / "report.json"
    victim = tmp_path / "victim.txt"
    victim.write_text("keep\n")
    if kind == "fifo":
        os.mkfifo(target)
    elif kind == "link":
        target.symlink_to(victim)
    else:
        target.mkdir()
    refused(analyze_to(target), "--output is")
    assert {"fifo": target.is_fifo, "link": target.is_symlink, "folder": target.is_dir}[kind]()
    assert victim.read_text() == "keep\n"


def test_analyze_never_follows_a_link_left_as_its_temporary_file(scratch, analyze_to,
                                                                 tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("keep\n")
    (scratch / "report.json.partial").symlink_to(victim)
    result = analyze_to(scratch / "report.json")
    assert result.exit_code == 0, result.output
    assert victim.read_text() == "keep\n"
    assert (scratch / "report.json").read_text().startswith("{")


def test_an_output_folder_that_cannot_be_replaced_is_a_clear_error(scratch, sitegen):
    """A mount point cannot be renamed: the swap fails. An error saying so (not a
    traceback), the site there as it was, and no folder of the build's left beside it."""
    output = scratch / "mounted"
    output.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=20m", "tmpfs", str(output)],
                             capture_output=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode().strip()}")
    try:
        result = sitegen("build", "--output", "mounted")  # empty: sitegen may take it
        refused(result, "mounted", "could not take the place of the output folder",
                "mount point")
        assert tree(output) == {}
        assert not [p.name for p in scratch.iterdir() if p.name.startswith(".sitegen-build-")
                    and p.name != ".sitegen-build-mounted-spare"]
    finally:
        subprocess.run(["umount", str(output)], check=False)


def test_a_killed_builds_working_files_go_at_the_next_build_even_the_quickest(scratch,
                                                                            sitegen):
    """Written beside the cache's files and moved into place when complete; a build killed
    meanwhile leaves them. The next build removes those of ended processes (only those),
    also when nothing changed and it stops at once."""
    build_ok(sitegen, "--output", "output")
    cache = scratch / ".sitegen-cache"
    ended = cache / f".front-matter-abc.{ENDED}.140.partial"
    wal = cache / f".analysis-abc.{ENDED}.partial.wal"
    running = cache / f".posts-abc.{writer.owner()}.7.partial"  # this process: running
    for path in (ended, wal, running):
        path.write_text("half")
    result = sitegen("build", "--output", "output")
    assert result.exit_code == 0, result.output
    assert not ended.exists() and not wal.exists() and running.exists()


def test_a_full_disk_under_the_cache_is_a_clear_error(scratch, sitegen):
    """The analysis is written into the cache folder: with no room there, an error saying
    so (not DuckDB's traceback), no site half made; with room again, the build goes on."""
    cache = scratch / ".sitegen-cache"
    cache.mkdir(exist_ok=True)
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=300k", "tmpfs", str(cache)],
                             capture_output=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode().strip()}")
    try:
        result = sitegen("build", "--output", "output")
        refused(result, "the analysis", "free some space on that disk")
        assert not (scratch / "output").exists()
    finally:
        subprocess.run(["umount", str(cache)], check=False)
    build_ok(sitegen, "--output", "output")


def test_a_manifest_left_half_written_is_not_taken_for_the_users(scratch, sitegen):
    """A build killed while it wrote the manifest leaves its working file: the next build
    removes it, does not count it as the user's, and leaves the site as a clean build would."""
    first = build_ok(sitegen, "--output", "output")
    manifest = (first.root / ".sitegen-manifest.json").read_bytes()
    (first.root / ".sitegen-manifest.json.partial").write_text('{"files": [')
    result = sitegen("build", "--output", "output")
    assert result.exit_code == 0 and "did not make" not in result.output, result.output
    assert not (first.root / ".sitegen-manifest.json.partial").exists()
    assert (first.root / ".sitegen-manifest.json").read_bytes() == manifest


def test_a_folder_of_yours_that_became_a_file_is_carried_as_a_file(scratch, sitegen):
    """The spare (a site of two builds ago) still held the user's folder where the live site
    now has a file of the same name: the build stopped with IsADirectoryError (and with
    FileExistsError the other way round)."""
    post_file = scratch / "content/posts/2024-04-01-hello.md"

    def edited_build(word: str):
        post_file.write_text(post_file.read_text() + f"\n{word}\n")
        result = sitegen("build", "--output", "out")
        assert result.exit_code == 0, result.output

    site = build_ok(sitegen, "--output", "out")
    (site.root / "ud").mkdir()
    (site.root / "ud" / "x.txt").write_text("mine\n")
    edited_build("one")
    edited_build("two")  # both the live site and the spare hold the folder now
    (site.root / "ud" / "x.txt").unlink()
    (site.root / "ud").rmdir()
    (site.root / "ud").write_text("a file now\n")
    edited_build("three")
    assert (site.root / "ud").read_text() == "a file now\n"
    (site.root / "ud").unlink()
    (site.root / "ud").mkdir()
    (site.root / "ud" / "y.txt").write_text("a folder again\n")
    edited_build("four")
    edited_build("five")
    assert (site.root / "ud" / "y.txt").read_text() == "a folder again\n"

"""Issue 16, portable: sitegen starts and builds where POSIX-only calls are missing (every
module imports without ``fcntl``; the build lock and the swap of the output folder work
without ``fcntl`` and without ``renameat2``), and ``sitegen serve`` watches the sources
through file events, seeing a change at once and ignoring output/ and editor files."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import textwrap
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import watchfiles
from test_serve import wait_for

from sitegen.config import load_config
from sitegen.errors import SitegenError
from sitegen.serve import SourceFilter, source_changes, watched_folders
from sitegen.site import writer

REPO = Path(__file__).resolve().parent.parent
SNAPSHOT = """taken: 2024-01-01
accounts:
  - {id: a, handle: Anna}
  - {id: b, handle: Бен}
follows:
  - {follower: a, followed: b}
  - {follower: b, followed: a}
"""

# In a process of its own, ``fcntl`` unavailable (as on Windows): import every module of
# the package, build twice through the command line (the second time without ctypes, so the
# output folder is swapped by renames), then hold the build lock and see a second build
# refused.
WITHOUT_FCNTL = textwrap.dedent("""
    import importlib, pkgutil, runpy, sys
    from pathlib import Path

    sys.modules["fcntl"] = None  # import fcntl raises ImportError from here on
    import sitegen

    names = [m.name for m in pkgutil.walk_packages(sitegen.__path__, "sitegen.")]
    for name in names:
        if name != "sitegen.__main__":  # that one runs the command line
            importlib.import_module(name)
    print("imported", len(names), flush=True)
    assert "fcntl" not in {name for name, m in sys.modules.items() if m is not None}

    def build():
        sys.argv = ["sitegen", "build", "--quiet"]
        try:
            runpy.run_module("sitegen", run_name="__main__")
        except SystemExit as exit:
            return exit.code
        return 0

    print("first build", build(), flush=True)
    sys.modules["ctypes"] = None  # no renameat2 either: the swap falls back to renames
    print("second build", build(), flush=True)

    from sitegen.errors import SitegenError
    from sitegen.site import writer

    holder = writer.Staging(Path("output"))
    print("lock", type(holder.lock).__name__, flush=True)
    try:
        writer.Staging(Path("output"))
    except SitegenError as error:
        print("refused:", str(error).splitlines()[0], flush=True)
    holder.abort()
    writer.Staging(Path("output")).abort()
    print("free again", flush=True)
""")


def tiny_project(root: Path) -> Path:
    (root / "content" / "snapshots").mkdir(parents=True)
    (root / "content" / "posts").mkdir()
    (root / "content" / "snapshots" / "2024-01.yml").write_text(SNAPSHOT, "utf-8")
    (root / "content" / "posts" / "2024-01-02-hello.md").write_text(
        "---\ntitle: Привет\ndate: 2024-01-02\n---\nHello @Anna and @Бен.\n", "utf-8")
    (root / "sitegen.yml").write_text("site:\n  title: Tiny\n", "utf-8")
    return root


def test_every_module_imports_and_a_build_runs_without_fcntl(tmp_path: Path):
    project = tiny_project(tmp_path / "tiny")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get(
        "PYTHONPATH", "")])}
    done = subprocess.run([sys.executable, "-c", WITHOUT_FCNTL], cwd=project, env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    said = done.stdout.splitlines()
    assert said[0].startswith("imported") and int(said[0].split()[1]) >= 40  # the package
    assert said[1:] == [
        "first build 0", "second build 0", "lock SoftFileLock",
        f"refused: another sitegen build is writing {project.resolve() / 'output'}",
        "free again"]
    assert "Traceback" not in done.stderr
    site = project / "output"
    assert (site / "index.html").is_file() and (site / "accounts" / "бен" / "index.html").is_file()
    assert 'href="/accounts/%D0%B1%D0%B5%D0%BD/"' in (site / "posts/hello/index.html").read_text(
        "utf-8")
    leftovers = sorted(p.name for p in project.iterdir() if p.name.startswith(".sitegen-build"))
    assert leftovers == [".sitegen-build-output-spare"]  # no lock file left behind


def test_the_swap_needs_renameat2_only_on_linux(tmp_path: Path, monkeypatch):
    one, two = tmp_path / "one", tmp_path / "two"
    one.mkdir()
    two.mkdir()
    (one / "mark").write_text("1")
    monkeypatch.setattr(sys, "platform", "win32")
    assert writer._exchange(one, two) is False
    assert (one / "mark").is_file() and not (two / "mark").exists()  # nothing moved


def test_a_build_commits_by_renames_where_there_is_no_exchange(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(writer, "_exchange", lambda a, b: False)
    output = tmp_path / "output"
    for text in ("first", "second"):
        with writer.Staging(output) as staging:
            staging.write("index.html", text)
            staging.commit()
        assert (output / "index.html").read_text() == text
    assert sorted(p.name for p in tmp_path.iterdir()) == [".sitegen-build-output-spare",
                                                          "output"]


def test_a_held_lock_refuses_a_second_build_in_the_same_process(tmp_path: Path):
    output = tmp_path / "output"
    holder = writer.Staging(output)
    with pytest.raises(SitegenError, match="another sitegen build is writing"):
        writer.Staging(output)
    holder.abort()
    assert not (tmp_path / ".sitegen-build-output-lock").exists()
    writer.Staging(output).abort()


# -- sitegen serve: file events --------------------------------------------------------


@contextlib.contextmanager
def watching(root: Path) -> Iterator[list[int]]:
    """``source_changes`` running in a thread over the project at ``root`` (the current
    folder): a list that grows by one at every change reported."""
    stop, seen = threading.Event(), []

    def watch() -> None:
        for _ in source_changes(lambda: load_config(Path("sitegen.yml")), Path("sitegen.yml"),
                                stop, 0.1):
            seen.append(1)

    thread = threading.Thread(target=watch, daemon=True)
    thread.start()
    settle(seen)
    try:
        yield seen
    finally:
        stop.set()
        thread.join(timeout=10)
    assert not thread.is_alive()


@pytest.fixture
def watched(tmp_path: Path, monkeypatch) -> Iterator[tuple[Path, list[int]]]:
    """A tiny project being watched, and the changes reported."""
    root = tiny_project(tmp_path / "tiny")
    monkeypatch.chdir(root)
    with watching(root) as seen:
        yield root, seen


def settle(seen: list[int], quiet: float = 0.6) -> int:
    """Wait until no change has been reported for ``quiet`` seconds; the count then."""
    count = -1
    while count != len(seen):
        count = len(seen)
        threading.Event().wait(quiet)
    return count


def test_a_change_is_seen_and_output_and_editor_files_are_not(watched):
    root, seen = watched
    before = settle(seen)
    (root / "content" / "posts" / ".2024-01-02-hello.md.swp").write_text("vim")
    (root / "content" / "posts" / "2024-01-02-hello.md~").write_text("backup")
    (root / "content" / "posts" / ".#2024-01-02-hello.md").write_text("emacs")
    (root / "output").mkdir()
    (root / "output" / "index.html").write_text("built")
    (root / ".sitegen-cache").mkdir()
    (root / ".sitegen-cache" / "entry").write_text("cache")
    assert settle(seen) == before
    (root / "content" / "posts" / "2024-01-02-hello.md").write_text("changed", "utf-8")
    wait_for(lambda: len(seen) > before, 10)
    before = settle(seen)
    (root / "sitegen.yml").write_text("site:\n  title: Renamed\n", "utf-8")
    wait_for(lambda: len(seen) > before, 10)


def test_new_folders_are_watched_and_a_theme_made_later_is_seen(watched):
    root, seen = watched
    before = settle(seen)
    (root / "content" / "posts" / "2024").mkdir()
    wait_for(lambda: len(seen) > before, 10)
    before = settle(seen)
    (root / "content" / "posts" / "2024" / "2024-02-01-later.md").write_text("later", "utf-8")
    wait_for(lambda: len(seen) > before, 10)
    before = settle(seen)
    templates = root / "themes" / "default" / "templates"
    templates.mkdir(parents=True)
    before = settle(seen)
    (templates / "base.html").write_text("{{ 1 }}", "utf-8")
    wait_for(lambda: len(seen) > before, 10)


def test_a_snapshots_folder_elsewhere_and_folders_the_settings_name_later_are_watched(
        tmp_path: Path, monkeypatch):
    """``paths.snapshots`` outside content/ is watched; a ``paths.content`` set while
    serving is watched from then on (the folders come from the settings as they are)."""
    root = tiny_project(tmp_path / "tiny")
    data = root / "data" / "2024-03"
    data.mkdir(parents=True)
    (data / "follows.csv").write_text("follower,followed\na,b\n", "utf-8")
    settings = root / "sitegen.yml"
    settings.write_text(settings.read_text("utf-8") + "paths:\n  snapshots: data\n", "utf-8")
    monkeypatch.chdir(root)
    with watching(root) as seen:
        before = settle(seen)
        (data / "follows.csv").write_text("follower,followed\na,b\nb,a\n", "utf-8")
        wait_for(lambda: len(seen) > before, 10)
        shutil.copytree(root / "content", root / "content2")
        before = settle(seen)
        settings.write_text(settings.read_text("utf-8").replace(
            "paths:\n", "paths:\n  content: content2\n"), "utf-8")
        wait_for(lambda: len(seen) > before, 10)
        before = settle(seen)
        (root / "content2" / "posts" / "2024-01-02-hello.md").write_text("moved", "utf-8")
        wait_for(lambda: len(seen) > before, 10)


def test_without_file_events_to_spare_the_watch_polls(tmp_path: Path, monkeypatch, caplog):
    real_watch = watchfiles.watch

    def no_events(*paths, force_polling=None, **options):
        if not force_polling:
            raise OSError(28, "OS file watch limit reached")
        return real_watch(*paths, force_polling=True, poll_delay_ms=50, **options)

    monkeypatch.setattr(watchfiles, "watch", no_events)
    root = tiny_project(tmp_path / "tiny")
    monkeypatch.chdir(root)
    with watching(root) as seen:
        before = settle(seen)
        (root / "content" / "posts" / "2024-01-02-hello.md").write_text("changed", "utf-8")
        wait_for(lambda: len(seen) > before, 10)
    assert "no file events to watch with" in caplog.text and "polling instead" in caplog.text


def test_what_is_watched(tmp_path: Path, monkeypatch):
    root = tiny_project(tmp_path / "tiny")
    (root / "content" / ".git").mkdir()
    (root / "output" / "deep").mkdir(parents=True)
    monkeypatch.chdir(root)
    config = load_config(Path("sitegen.yml"))
    settings = (root / "sitegen.yml").resolve()
    folders = [p.relative_to(root.resolve()).as_posix()
               for p in watched_folders(config, settings)]
    assert folders == [".", "content", "content/posts", "content/snapshots"]
    keep = SourceFilter(config, settings)
    change = watchfiles.Change.modified
    assert keep(change, str(settings))
    assert keep(change, str(root.resolve() / "themes"))
    assert keep(change, str(root.resolve() / "content" / "posts" / "a.md"))
    for ignored in ("output/index.html", "sitegen.yml.swp", ".sitegen-cache/x",
                    "content/posts/a.md~", "content/posts/.a.md.swp", "content/.git/HEAD"):
        assert not keep(change, str(root.resolve() / ignored)), ignored


def test_lexicon_files_are_watched(tmp_path: Path, monkeypatch):
    """A lexicon file named in sitegen.yml changes the analysis: serve sees it change, even
    outside the content folder."""
    root = tiny_project(tmp_path / "tiny")
    (root / "rules").mkdir()
    (root / "rules" / "mine.yml").write_text("language: en\n", "utf-8")
    (root / "sitegen.yml").write_text(
        "site:\n  title: Tiny\nanalysis:\n  lexicons: [en, rules/mine.yml]\n", "utf-8")
    monkeypatch.chdir(root)
    config = load_config(Path("sitegen.yml"))
    settings = (root / "sitegen.yml").resolve()
    folders = [p.relative_to(root.resolve()).as_posix()
               for p in watched_folders(config, settings)]
    assert "rules" in folders
    keep = SourceFilter(config, settings)
    change = watchfiles.Change.modified
    assert keep(change, str(root.resolve() / "rules" / "mine.yml"))
    assert not keep(change, str(root.resolve() / "rules" / "other.yml"))

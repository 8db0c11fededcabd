"""A build killed with SIGKILL at any point leaves the previous output/ exactly as it was.

A generated network (30,000 accounts) and 200 posts make a build that takes a few seconds.
The site is built once (timed); then a post changes, and ``sitegen build`` is started again and
again as a child process and killed part-way: at shares of the time the full build took, at
the moments the first page, the assets, the feed and the manifest (written just before the
swap) are written into the staging folder, and while the analysis is written to the cache.
The cache is removed before each run, so every build does all its work. After every kill the
output folder must hold exactly the previous site, byte for byte (or, had the kill come after
the swap, exactly the new one). Finally a normal build succeeds and gives the same site as a
clean build elsewhere, and what the killed builds left behind is gone: a staging folder that
remains must be a complete one, and no partial analysis file is left in the cache.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import write_tree

REPO = Path(__file__).resolve().parents[1]
ACCOUNTS = 30_000
POSTS = 200
STAGING = ".sitegen-build-"
MANIFEST = ".sitegen-manifest.json"
CACHE = ".sitegen-cache"

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="SIGKILL of a child process")


def make_project(root: Path) -> Path:
    subprocess.run(
        [
            sys.executable,
            str(REPO / "scripts/generate_network.py"),
            "--accounts",
            str(ACCOUNTS),
            "--out",
            str(root / "content/snapshots"),
            "--quiet",
        ],
        check=True,
    )
    files = {
        "sitegen.yml": """
            site:
              title: Killed builds
              url: https://user.github.io/report/
              account_pages: 60
        """
    }
    for i in range(POSTS):
        day = f"2024-03-{i % 28 + 1:02d}"
        chart = "[[chart:class-mix]]\n\n" if i % 20 == 0 else ""
        files[f"content/posts/{day}-post-{i}.md"] = (
            f"---\ntitle: Post {i}\ndate: {day}\ntags: [tag-{i % 7}]\n---\n"
            f"Reciprocity is [[figure:reciprocity]].\n\n{chart}" + "Some words. " * 60 + "\n"
        )
    return write_tree(root, files)


def hashes(folder: Path) -> dict[str, str]:
    """Every file's SHA-256, by path relative to ``folder``."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() or p.is_symlink()
    }


def staging_dirs(project: Path) -> list[Path]:
    return [p for p in project.glob(STAGING + "*") if p.is_dir()]


def start_build(project: Path, *args: str, keep_cache: bool = False) -> subprocess.Popen:
    if not keep_cache:
        shutil.rmtree(project / CACHE, ignore_errors=True)
    return subprocess.Popen(
        [sys.executable, "-m", "sitegen", "build", "--quiet", *args],
        cwd=project,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )


def timed_build(project: Path, *args: str, keep_cache: bool = False) -> float:
    """Run a whole build; its wall time in seconds."""
    started = time.perf_counter()
    process = start_build(project, *args, keep_cache=keep_cache)
    log, _ = process.communicate(timeout=120)
    assert process.returncode == 0, log.decode()
    return time.perf_counter() - started


# (seconds since the build started, staging folders, start time in ns) -> kill now?
Moment = Callable[[float, list[Path], int], bool]


def kill_when(project: Path, moment: Moment) -> tuple[str, float]:
    """Start a build and SIGKILL it when ``moment`` says so; ('killed'|'finished', seconds)."""
    started, started_ns = time.perf_counter(), time.time_ns()
    process = start_build(project)
    while process.poll() is None:
        elapsed = time.perf_counter() - started
        if moment(elapsed, staging_dirs(project), started_ns):
            os.kill(process.pid, signal.SIGKILL)
            process.wait()
            return "killed", elapsed
        time.sleep(0.002)
    log = process.stdout.read().decode()
    assert process.returncode == 0, log
    return "finished", time.perf_counter() - started


def after(share: float, full: float) -> Moment:
    return lambda elapsed, dirs, started_ns: elapsed >= share * full


def analysing(project: Path) -> Moment:
    """While this build writes its analysis into the cache (a partial file, moved into place
    when complete)."""

    def moment(elapsed: float, dirs: list[Path], started_ns: int) -> bool:
        return any(
            p.stat().st_mtime_ns >= started_ns
            for p in (project / CACHE).glob(".analysis-*.partial")
        )

    return moment


def written(relative: str) -> Moment:
    """When this build has written ``relative`` into a staging folder (whatever its name)."""

    def moment(elapsed: float, dirs: list[Path], started_ns: int) -> bool:
        for folder in dirs:
            try:
                if os.stat(folder / relative).st_mtime_ns >= started_ns:
                    return True
            except FileNotFoundError:
                pass
        return False

    return moment


def test_a_killed_build_leaves_the_previous_site(tmp_path):
    project = make_project(tmp_path / "project")
    output = project / "output"
    timed_build(project)
    old = hashes(output)
    pristine = tmp_path / "pristine"
    shutil.copytree(output, pristine)

    # the next builds make a different site: a post changed
    post = next((project / "content/posts").glob("*-post-7.md"))
    post.write_text(post.read_text("utf-8") + "\nA new paragraph.\n", "utf-8")
    # such a build (without the cache, as each below) takes over the pages that did not change
    # from output/, so it is quicker than the first: the kills by time are shares of its time
    # (measured, then output/ put back)
    rebuild = timed_build(project)
    shutil.rmtree(output)
    shutil.copytree(pristine, output)
    moments: dict[str, Moment] = {
        "0.15 of a rebuild": after(0.15, rebuild),
        "0.3 of a rebuild": after(0.3, rebuild),
        "0.5 of a rebuild": after(0.5, rebuild),
        "0.7 of a rebuild": after(0.7, rebuild),
        "first page written": written("index.html"),
        "assets written": written("assets/site.js"),
        "feed written": written("feed.xml"),
        "manifest written, before the swap": written(MANIFEST),
        "analysing (last: the next build keeps the cache folder)": analysing(project),
    }
    outcomes, leftovers = [], 0
    for name, moment in moments.items():
        result, elapsed = kill_when(project, moment)
        now = hashes(output)
        outcomes.append((name, result, elapsed, now))
        leftovers += bool(staging_dirs(project))
        if now != old:  # the swap was done before the kill: start the next one from old
            shutil.rmtree(output)
            shutil.copytree(pristine, output)

    # a normal build succeeds and makes the same site as a clean build elsewhere
    timed_build(project, keep_cache=True)
    assert [p.name for p in (project / CACHE).iterdir() if "partial" in p.name] == []
    new = hashes(output)
    timed_build(project, "--output", str(tmp_path / "clean"))
    assert hashes(tmp_path / "clean") == new
    assert new != old and set(new) == set(old)
    for name, _result, elapsed, now in outcomes:
        assert now in (old, new), f"killed at {name!r} ({elapsed:.2f} s): output/ is a mixture"
    interrupted = [o[0] for o in outcomes if o[1] == "killed" and o[3] == old]
    assert len(interrupted) >= 4, [o[:3] for o in outcomes]
    assert leftovers >= 3, "the killed builds should have left staging folders behind"
    # what the killed builds left is gone: no lock, no half-written staging folder
    remaining = sorted(p for p in project.iterdir() if p.name.startswith(STAGING))
    assert all(p.is_dir() and (p / MANIFEST).is_file() for p in remaining), remaining
    assert len(remaining) <= 1, remaining


INTERRUPTED_QUERY = """
import os, signal, time, typer
from sitegen.cli import user_errors

app = typer.Typer()

@app.command()
@user_errors
def work(quiet: bool = False):
    try:
        os.kill(os.getpid(), signal.SIGINT)
        time.sleep(5)
    except KeyboardInterrupt:
        raise RuntimeError("Query interrupted")  # what DuckDB raises for a query cut short

app()
"""


def test_ctrl_c_ends_as_an_interrupt_whatever_error_it_surfaced_as():
    """Ctrl-C while DuckDB runs a query comes back as "RuntimeError: Query interrupted" (or a
    module an import left half-read): a command still ends as interrupted, status 130, and
    with no traceback."""
    done = subprocess.run([sys.executable, "-c", INTERRUPTED_QUERY], capture_output=True,
                          text=True, timeout=60, cwd=REPO)
    assert done.returncode == 130, done.stderr
    assert "Traceback" not in done.stderr and "Query interrupted" not in done.stderr

"""A new analysis's CSV and GEXF downloads are written while the site is gathered
(``sitegen.site.opendata.Prepared``): the site is the same as when they are written with the
others, a failed build leaves none of them behind, and a build that reuses the analysis
prepares nothing (its downloads are most likely the live site's)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import write_tree
from test_purpose_site import project

from sitegen.config import load_config
from sitegen.errors import SitegenError
from sitegen.site import render, writer
from sitegen.site.build import build_site
from sitegen.site.opendata import Prepared


def files_of(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def scratch_left(root: Path) -> list[Path]:
    return sorted(root.glob(".sitegen-open-data-*"))


class NotPrepared(Prepared):
    """Prepares nothing: every download is written with the others, as before."""

    def __init__(self, reports, folder):
        super().__init__(reports, None)


def two_snapshots() -> dict[str, str]:
    """The project with an earlier snapshot too (the same files, taken a month before)."""
    files = project()
    earlier = {name.replace("2024-03", "2024-02"): text for name, text in files.items()
               if name.startswith("content/snapshots/")}
    return {**files, **earlier, "content/snapshots/2024-02/snapshot.yml": "taken: 2024-02-29"}


def test_the_site_is_the_same_with_the_downloads_prepared(tmp_path, monkeypatch):
    root = write_tree(tmp_path / "project", two_snapshots())
    prepared = []

    class Recorded(Prepared):
        def __init__(self, reports, folder):
            super().__init__(reports, folder)
            prepared.extend((r.snapshot.name, name) for r, name in self._jobs)

    monkeypatch.setattr(render, "Prepared", Recorded)
    config = load_config(root / "sitegen.yml")
    build_site(config, use_cache=False)
    made = files_of(root / "output")
    assert any(name.endswith("follows.gexf") for name in made)
    assert any(name.endswith("accounts.csv") for name in made)
    # the earlier snapshot's JSON too, not the latest's: its accounts link to their pages
    assert sorted(prepared) == [("2024-02", n) for n in ("accounts.csv", "accounts.json",
                                                         "follows.gexf")] + \
        [("2024-03", n) for n in ("accounts.csv", "follows.gexf")]
    assert '"page":"' in made["data/2024-03/accounts.json"].decode()
    assert '"page":"' not in made["data/2024-02/accounts.json"].decode()
    shutil.rmtree(root / "output")
    monkeypatch.setattr(render, "Prepared", NotPrepared)
    build_site(config, use_cache=False)
    assert made == files_of(root / "output")
    assert not scratch_left(root)


def test_a_failed_build_leaves_no_prepared_download(tmp_path):
    root = write_tree(tmp_path / "project", {
        **project(),
        # fails while the pages are rendered: after the downloads were started
        "themes/default/templates/base.html": '{% include "no-such-template.html" %}'})
    with pytest.raises(SitegenError, match="theme template error"):
        build_site(load_config(root / "sitegen.yml"), use_cache=False)
    assert not (root / "output").exists()
    assert not scratch_left(root)


def test_a_reused_analysis_prepares_nothing(tmp_path, monkeypatch):
    root = write_tree(tmp_path / "project", project())
    folders = []

    class Recorded(Prepared):
        def __init__(self, reports, folder):
            folders.append(folder)
            super().__init__(reports, folder)

    monkeypatch.setattr(render, "Prepared", Recorded)
    config = load_config(root / "sitegen.yml")
    build_site(config, use_cache=True)
    first = files_of(root / "output")
    write_tree(root, {"content/posts/new.md": "---\ntitle: New\ndate: 2024-04-02\n---\nHello.\n"})
    build_site(config, use_cache=True)  # the analysis comes from the cache
    assert folders == [root, None]
    again = files_of(root / "output")
    assert {n: b for n, b in again.items() if "/data/" in f"/{n}"} == \
        {n: b for n, b in first.items() if "/data/" in f"/{n}"}
    assert not scratch_left(root)


def test_a_killed_builds_scratch_folder_is_removed_by_the_next(tmp_path):
    """A build killed with SIGKILL leaves its scratch folder of downloads beside the output
    (named by its process id and machine); the next build removes it, and never one of a
    build that still runs, nor one of another machine sharing the folder."""
    root = write_tree(tmp_path / "project", project())
    ended = subprocess.Popen([sys.executable, "-c", "pass"])
    ended.wait()
    orphan = root / f".sitegen-open-data-{ended.pid}@{writer.HOST}-abc"
    live = root / f".sitegen-open-data-{writer.owner()}-xyz"
    elsewhere = root / f".sitegen-open-data-{ended.pid}@0000beef-abc"  # another machine's
    for folder in (orphan, live, elsewhere):
        (folder / "0-follows.gexf").mkdir(parents=True)
        (folder / "0-follows.gexf" / "follows.gexf.edges").write_text("<edge/>\n")
    build_site(load_config(root / "sitegen.yml"), use_cache=False)
    assert not orphan.exists()
    assert scratch_left(root) == sorted([live, elsewhere])

"""Incremental builds: a page is rewritten only when one of its inputs changed, no stale page
survives, a rebuild that changed nothing writes nothing, and the "Built ..." stamp is the
stamp of the build that wrote the site."""

from __future__ import annotations

import csv
import dataclasses
import logging
import os
import shutil
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

import pytest
from conftest import write_project, write_tree
from test_site_build import SNAPSHOT, differences, post, snapshot_bytes

import sitegen.site.build as build_module
from sitegen.config import Config, load_config, with_overrides
from sitegen.errors import ContentError, SitegenError
from sitegen.site import writer
from sitegen.site.build import build_site
from sitegen.site.cache import JsonCache
from sitegen.site.session import BuildSession
from sitegen.site.theme import default_theme_dir

POSTS = {
    "2024-04-01-first.md": post("First", "2024-04-01", "First words.", "tags: [alpha]\n"),
    "2024-04-02-second.md": post("Second", "2024-04-02", "Second words.", "tags: [beta]\n"),
    "2024-04-03-third.md": post("Third", "2024-04-03", "Third words.", "tags: [beta]\n"),
    "2024-04-04-fourth.md": post(
        "Fourth", "2024-04-04", "Fourth words, [[figure:reciprocity]].", "tags: [gamma]\n"
    ),
}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return write_project(
        tmp_path / "project",
        """
            site:
              title: Incremental
              url: https://user.github.io/report/
              account_pages: 1
              posts_per_page: 2
        """,
        {
            "content/snapshots/riverside-2024-03.yml": SNAPSHOT,
            "content/pages/about.md": "---\ntitle: About\n---\nAbout this.\n",
            **{f"content/posts/{name}": text for name, text in POSTS.items()},
        },
    )


def config_for(project: Path, output: str = "output") -> Config:
    """The project's settings, the site written to ``project/output``."""
    config = load_config(project / "sitegen.yml")
    return dataclasses.replace(
        config, paths=dataclasses.replace(config.paths, output=str(project / output))
    )


def build(project: Path, output: str = "output", **site) -> Path:
    config = config_for(project, output)
    build_site(with_overrides(config, site=site) if site else config)
    return project / output


def identities(folder: Path) -> dict[str, tuple[int, int]]:
    """Each file's inode and modification time: both change when a file is written anew."""
    found = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            stat = path.stat()
            found[path.relative_to(folder).as_posix()] = (stat.st_ino, stat.st_mtime_ns)
    return found


def rewritten(before: dict, after: dict) -> set[str]:
    return {name for name in after if before.get(name) != after[name]}


def edit(project: Path, name: str, old: str, new: str) -> None:
    path = project / "content" / "posts" / name
    path.write_text(path.read_text("utf-8").replace(old, new), "utf-8")


def test_no_change_rebuild_writes_nothing_and_is_byte_identical(project, caplog):
    output = build(project)
    before, content = identities(output), snapshot_bytes(output)
    with caplog.at_level(logging.INFO, logger="sitegen.site.build"):
        build(project)
    assert identities(output) == before
    assert differences(content, snapshot_bytes(output)) == []
    assert "nothing changed" in caplog.text
    # a post saved again without a change: the full pipeline runs, and still writes nothing
    for path in (project / "content" / "posts").iterdir():
        os.utime(path)
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="sitegen.site.build"):
        build(project)
    assert "nothing changed" not in caplog.text
    assert identities(output) == before
    assert differences(content, snapshot_bytes(output)) == []


def test_one_post_changed_rewrites_its_page_and_the_pages_that_list_it(project):
    output = build(project)
    before = identities(output)
    edit(project, "2024-04-03-third.md", "Third words.", "Third words, edited.")
    build(project)
    changed = rewritten(before, identities(output))
    assert "Third words, edited." in (output / "posts/third/index.html").read_text("utf-8")
    # its page, the listings and tag page that show its summary, the home page, the feed
    assert {"posts/third/index.html", "posts/index.html", "tags/beta/index.html",
            "index.html", "feed.xml"} <= changed
    # and nothing else: not the other posts, tags, pages or the analysis
    assert changed <= {"posts/third/index.html", "posts/index.html",
                       "tags/beta/index.html", "index.html", "feed.xml",
                       "archive/index.html", ".sitegen-manifest.json"}
    clean = build(project, "clean")
    assert differences(snapshot_bytes(clean), snapshot_bytes(output)) == []


def test_a_theme_template_change_rewrites_every_page_using_it(project):
    write_tree(project, {"themes/mine/templates/post.html": """
        {% extends "default:post.html" %}
        {% block main %}<p>MARK-ONE</p>{{ super() }}{% endblock %}
    """})
    config = project / "sitegen.yml"
    config.write_text(config.read_text() + "  theme: mine\n")
    output = build(project)
    before = identities(output)
    template = project / "themes/mine/templates/post.html"
    template.write_text(template.read_text().replace("MARK-ONE", "MARK-TWO"))
    build(project)
    changed = rewritten(before, identities(output))
    posts = {f"posts/{slug}/index.html" for slug in ("first", "second", "third", "fourth")}
    assert posts <= changed
    assert changed - posts <= {".sitegen-manifest.json"}
    for page in posts:
        assert "MARK-TWO" in (output / page).read_text("utf-8")
    clean = build(project, "clean")
    assert differences(snapshot_bytes(clean), snapshot_bytes(output)) == []


def test_a_default_template_change_rewrites_every_page(project, tmp_path, monkeypatch):
    """The default theme is an input too (a copy here, so the real one is left alone)."""
    theme = tmp_path / "default-theme"
    shutil.copytree(default_theme_dir(), theme)
    monkeypatch.setattr("sitegen.site.theme.default_theme_dir", lambda: theme)
    output = build(project)
    before = identities(output)
    base = theme / "templates/base.html"
    base.write_text(base.read_text().replace("</main>", "</main><!-- NEW-BASE -->"))
    build(project)
    pages = {name for name in identities(output) if name.endswith(".html")}
    assert pages <= rewritten(before, identities(output))
    assert all("NEW-BASE" in (output / page).read_text("utf-8") for page in pages)


def test_a_deleted_posts_page_disappears(project):
    output = build(project)
    assert (output / "posts/second/index.html").is_file()
    (project / "content/posts/2024-04-02-second.md").unlink()
    build(project)
    assert not (output / "posts/second").exists()
    for page in ("index.html", "feed.xml", "sitemap.xml", "archive/index.html",
                 "tags/beta/index.html", "posts/third/index.html"):
        assert "posts/second/" not in (output / page).read_text("utf-8"), page
    clean = build(project, "clean")
    assert differences(snapshot_bytes(clean), snapshot_bytes(output)) == []


def test_a_snapshot_saved_again_unchanged_keeps_the_analysis_and_the_site(project, tmp_path):
    """The analysis is keyed by the snapshots' bytes, not their times: a file saved again
    unchanged reuses it, and a copy of the project (a new clone) builds the same files,
    the output's manifest included (a lexicon file of the project's too: by its content,
    not where it is)."""
    (project / "rules.yml").write_text("language: en\npromotional:\n  mine:\n"
                                       "    phrases: [zzz unused]\n")
    settings = project / "sitegen.yml"
    # a share from its one post with text (below 3 posts read there is none by default)
    settings.write_text(settings.read_text() + "analysis:\n  lexicons: [en, rules.yml]\n"
                        "  active_min_actions: 1\n")
    output = build(project)
    cache = project / ".sitegen-cache"
    analyses = identities(cache)
    analyses = {n: i for n, i in analyses.items() if n.startswith("analysis-")}
    before, content = identities(output), snapshot_bytes(output)
    for path in (project / "content" / "snapshots").iterdir():
        os.utime(path, (1e9, 1e9))
    build(project)
    assert {n: i for n, i in identities(cache).items() if n.startswith("analysis-")} == analyses
    assert identities(output) == before
    copy = tmp_path / "copy"
    shutil.copytree(project, copy, ignore=shutil.ignore_patterns(".sitegen-cache", "output"))
    for path in (copy / "content").rglob("*"):
        os.utime(path, (2e9, 2e9))
    assert differences(content, snapshot_bytes(build(copy))) == []


def promotional_share(output: Path, account: str) -> str:
    """An account's share of promotional posts, as the CSV download has it."""
    with next(output.glob("data/*/accounts.csv")).open(encoding="utf-8", newline="") as data:
        return {r["id"]: r["promotional_share"] for r in csv.DictReader(data)}[account]


def test_a_lexicon_change_is_seen(project, tmp_path, caplog):
    """A lexicon file named in sitegen.yml is an input of the analysis: editing it analyses
    again, with the new rules even in the same process (as ``serve`` builds), and the site is
    the one a clean build in a process of its own makes."""
    snapshot = project / "content/snapshots/riverside-2024-03.yml"
    snapshot.write_text(snapshot.read_text().replace(
        "{author: news, at: 2024-03-01T08:00:00}",
        '{author: news, at: 2024-03-01T08:00:00, text: "fresh zebra deals today"}'))
    rules = project / "rules.yml"
    rules.write_text("language: en\npromotional:\n  mine:\n    phrases: [zzz unused]\n")
    settings = project / "sitegen.yml"
    # a share from its one post with text (below 3 posts read there is none by default)
    settings.write_text(settings.read_text() + "analysis:\n  lexicons: [en, rules.yml]\n"
                        "  active_min_actions: 1\n")
    output = build(project)
    cache = project / ".sitegen-cache"
    first = sorted(p.name for p in cache.glob("analysis-*.duckdb"))
    assert promotional_share(output, "news") == "0.0"
    rules.write_text("language: en\npromotional:\n  mine:\n    phrases: [zebra]\n")
    with caplog.at_level(logging.INFO, logger="sitegen.site.build"):
        build(project)
    assert "nothing changed" not in caplog.text
    assert sorted(p.name for p in cache.glob("analysis-*.duckdb")) != first
    assert promotional_share(output, "news") == "1.0"  # its one post with text, by 'mine'
    clean = tmp_path / "clean"
    shutil.copytree(project, clean, ignore=shutil.ignore_patterns(".sitegen-cache", "output"))
    subprocess.run([sys.executable, "-m", "sitegen", "build", "--quiet"], cwd=clean, check=True,
                   env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])})
    assert differences(snapshot_bytes(clean / "output"), snapshot_bytes(output)) == []


def test_a_snapshot_change_rewrites_the_figures_posts_embed(project):
    output = build(project)
    before = (output / "posts/fourth/index.html").read_text("utf-8")
    snapshot = project / "content/snapshots/riverside-2024-03.yml"
    lines = snapshot.read_text().splitlines(keepends=True)
    snapshot.write_text("".join(x for x in lines if "{follower: ana, followed: news}" not in x))
    build(project)
    after = (output / "posts/fourth/index.html").read_text("utf-8")
    assert after != before
    clean = build(project, "clean")
    assert differences(snapshot_bytes(clean), snapshot_bytes(output)) == []


class Clock:
    """Stands in for datetime in sitegen.site.build: now() is what the test says."""

    now_is = datetime(2024, 5, 1, 10, 0, tzinfo=timezone.utc)

    @classmethod
    def now(cls, tz=None):
        return cls.now_is


def test_the_build_stamp_is_the_new_builds_on_every_page(project, monkeypatch):
    monkeypatch.setattr(build_module, "datetime", Clock)
    output = build(project, build_time=True)
    pages = sorted(p for p in output.rglob("*.html"))
    assert all("Built 2024-05-01 10:00 UTC" in p.read_text("utf-8") for p in pages)
    Clock.now_is = datetime(2024, 5, 1, 11, 30, tzinfo=timezone.utc)
    edit(project, "2024-04-03-third.md", "Third words.", "Third words, edited.")
    build(project, build_time=True)
    for page in pages:
        text = page.read_text("utf-8")
        assert "Built 2024-05-01 11:30 UTC" in text, page
        assert "10:00 UTC" not in text, page
    # nothing changed but the clock: the stamp is still the new build's
    Clock.now_is = datetime(2024, 5, 1, 12, 45, tzinfo=timezone.utc)
    kept = {n: i for n, i in identities(output).items() if n.startswith(("data/", "assets/"))}
    build(project, build_time=True)
    assert all("Built 2024-05-01 12:45 UTC" in p.read_text("utf-8") for p in pages)
    # what shows no stamp (the downloads, plotly.js) is kept as it was, not written again
    assert kept and {n: i for n, i in identities(output).items() if n in kept} == kept


# --------------------------------------------------------------------------------------
# What rebuilds keep (parsed posts, decisions, planned pages, a session): a change to what
# each keeps is seen, and the site is the one a clean build makes


def same_as_clean(project: Path, output: Path, **site) -> None:
    """A clean build (with the ``site`` settings given) writes the site at ``output``."""
    clean = build(project, "clean", **site)
    assert differences(snapshot_bytes(clean), snapshot_bytes(output)) == []
    shutil.rmtree(clean)


def test_a_front_matter_change_is_seen(project):
    """Parsed front matter is kept by the file's text: a new title or tag is seen."""
    output = build(project)
    edit(project, "2024-04-03-third.md", "title: Third", "title: Third, renamed")
    edit(project, "2024-04-03-third.md", "tags: [beta]", "tags: [delta]")
    build(project)
    assert "Third, renamed" in (output / "posts/third/index.html").read_text("utf-8")
    assert "Third, renamed" in (output / "tags/delta/index.html").read_text("utf-8")
    assert "Third, renamed" not in (output / "tags/beta/index.html").read_text("utf-8")
    same_as_clean(project, output)
    # a file that parsed before and does not now is an error, not its old parse
    edit(project, "2024-04-03-third.md", "date: 2024-04-03", "date: someday")
    with pytest.raises(ContentError, match="'date'"):
        build(project)


def test_account_pages_and_mentions_follow_the_posts(project):
    """Which accounts get a page and what @handles link to are kept by analysis and by what
    the posts ask for: a post asking for another account is seen."""
    output = build(project)
    assert not (output / "accounts/benm").exists()
    edit(project, "2024-04-02-second.md", "Second words.",
         "Second words, [[account:ben]] and @ana_k.")
    build(project)
    assert (output / "accounts/benm/index.html").is_file()
    second = (output / "posts/second/index.html").read_text("utf-8")
    assert 'href="/report/accounts/benm/"' in second
    same_as_clean(project, output)
    edit(project, "2024-04-02-second.md", "[[account:ben]] and @ana_k", "nobody")
    build(project)
    assert not (output / "accounts/benm").exists()
    same_as_clean(project, output)


def test_planned_analysis_pages_are_planned_again_when_needed(project):
    """An outline of the analysis pages is used only when each of them can be taken as it
    is; a page missing from both sites, or new settings, means planning them again."""
    output = build(project)
    build(project, posts_per_page=3)  # the spare site is now as complete as the live one
    spare = project / ".sitegen-build-output-spare"
    for site in (output, spare):
        shutil.rmtree(site / "classes")
    build(project, posts_per_page=3)
    assert list((output / "classes").rglob("index.html"))
    same_as_clean(project, output, posts_per_page=3)
    config = project / "sitegen.yml"
    config.write_text(config.read_text().replace("account_pages: 1", "account_pages: 3"))
    build(project)
    assert len(list((output / "accounts").glob("*/index.html"))) == 3
    same_as_clean(project, output)


def test_a_session_sees_every_change(project):
    """What ``sitegen serve`` keeps between builds (the analysis, the templates, the planned
    pages, the cache files as read): a post, a snapshot and a template change are seen."""
    session = BuildSession()
    config = config_for(project)
    output = project / "output"
    try:
        build_site(config, session=session)
        edit(project, "2024-04-03-third.md", "Third words.", "Third words, edited.")
        build_site(config, session=session)
        assert "Third words, edited." in (output / "posts/third/index.html").read_text("utf-8")
        same_as_clean(project, output)
        snapshot = project / "content/snapshots/riverside-2024-03.yml"
        before = (output / "posts/fourth/index.html").read_text("utf-8")
        lines = snapshot.read_text().splitlines(keepends=True)
        snapshot.write_text("".join(x for x in lines if "{follower: ana, followed: news}" not in x))
        build_site(config, session=session)
        assert (output / "posts/fourth/index.html").read_text("utf-8") != before
        same_as_clean(project, output)
        write_tree(project, {"themes/default/templates/post.html": """
            {% extends "default:post.html" %}
            {% block main %}<p>MARK-SESSION</p>{{ super() }}{% endblock %}
        """})
        build_site(config, session=session)
        assert "MARK-SESSION" in (output / "posts/third/index.html").read_text("utf-8")
        same_as_clean(project, output)
    finally:
        session.close()


def test_a_cache_file_changed_by_another_build_is_read_again(project):
    """A process keeps the cache files it read; one another process wrote since is read."""
    config = load_config(project / "sitegen.yml")
    first = JsonCache(config, "kind", "key")
    first.put("a", {"value": 1})
    first.save()
    assert JsonCache(config, "kind", "key").get("a") == {"value": 1}
    first.path.write_text('{"a": {"value": 22}}', "utf-8")  # another size: another file
    assert JsonCache(config, "kind", "key").get("a") == {"value": 22}


def test_cache_files_are_saved_under_names_of_their_own(project, monkeypatch):
    """Builds into other output folders share .sitegen-cache/: each saves a cache file
    through a partial file named by its process (and thread), never one another build may be
    writing at the same moment; a killed build's partial file is removed by the next."""
    cache = project / ".sitegen-cache"
    cache.mkdir()
    ended = subprocess.Popen([sys.executable, "-c", "pass"])
    ended.wait()
    orphan = cache / f".posts-0123.{ended.pid}@{writer.HOST}.7.partial"
    orphan.write_text("{}")
    import sitegen.site.cache as cache_module

    moved = []
    real_replace = os.replace

    def replace(source, target):
        moved.append((Path(source).name, Path(target).name))
        return real_replace(source, target)

    monkeypatch.setattr(cache_module.os, "replace", replace)
    build(project)
    kinds = ("front-matter", "digests", "decisions", "posts", "charts", "markdown")
    saved = [(s, t) for s, t in moved if t.endswith(".json") and t.startswith(kinds)]
    assert {t for _, t in saved if t.startswith(("front-matter-", "digests-", "decisions-"))}
    assert all(s.startswith(f".{t.removesuffix('.json')}.{writer.owner()}.") for s, t in saved)
    assert not orphan.exists()


def test_a_page_or_download_changed_by_hand_is_made_again(project):
    """A file of the site edited in output/ (not by sitegen) is never reused as it is: the
    next build makes it again, and the site is the one a clean build makes."""
    output = build(project)
    clean = snapshot_bytes(output)
    download = next(output.glob("data/*/accounts.csv"))
    for path in (output / "about" / "index.html", download):
        with path.open("a", encoding="utf-8") as handle:
            handle.write("<!-- edited by hand -->\n")
    build(project)
    assert differences(clean, snapshot_bytes(output)) == []


def test_a_file_replaced_or_deleted_by_hand_beside_a_spare_site_is_made_again(project, caplog):
    """With a spare site (the one before the last), whose hard links still hold the files as
    recorded, a file replaced in output/ (a new inode, as editors and ``sed -i`` save) or
    deleted there is made again: the live site is not kept as if it were this build's."""
    output = build(project)
    edit(project, "2024-04-03-third.md", "Third words", "Third words, again")
    build(project)  # the first site is now the spare
    about, download = output / "about" / "index.html", next(output.glob("data/*/accounts.csv"))
    replacement = about.with_name("edited.tmp")
    replacement.write_text(about.read_text("utf-8").replace("About this.", "EDITED"), "utf-8")
    os.replace(replacement, about)
    download.unlink()
    build(project)
    assert "EDITED" not in about.read_text("utf-8") and download.is_file()
    assert "did not make" not in caplog.text  # the emptied folders are sitegen's, not yours
    same_as_clean(project, output)
    build(project)  # and the build after it, as before
    same_as_clean(project, output)


@pytest.mark.parametrize("mine", ["link", "file"])
def test_a_link_or_file_of_yours_in_place_of_a_folder_of_the_site_is_never_written_through(
        project, tmp_path, mine):
    """The folders sitegen made are its own only while they are folders: a link (here to a
    folder elsewhere) or a file put in one's place is the user's, and the build refuses to
    replace it, again and again, without touching it or what it points to."""
    output = build(project)
    edit(project, "2024-04-03-third.md", "Third words", "Third words, again")
    build(project)  # with a spare site
    elsewhere = tmp_path / "mine"
    elsewhere.mkdir()
    (elsewhere / "index.html").write_text("precious", "utf-8")
    shutil.rmtree(output / "about")
    if mine == "link":
        (output / "about").symlink_to(elsewhere, target_is_directory=True)
    else:
        (output / "about").write_text("my notes", "utf-8")
    for number in range(2):
        edit(project, "2024-04-03-third.md", "again", f"again {number}")
        with pytest.raises(SitegenError, match="the build would replace this file, which "
                                               "sitegen did not make"):
            build(project)
    assert (elsewhere / "index.html").read_text("utf-8") == "precious"
    if mine == "link":
        assert (output / "about").is_symlink()
    else:
        assert (output / "about").read_text("utf-8") == "my notes"


def test_a_menu_that_reads_alike_run_together_is_seen(project):
    """The menu is part of every page's key as pairs of address and title: ``about`` +
    ``ustuff`` and ``abou`` + ``tustuff`` are two menus, and every page shows the new one."""
    about = project / "content/pages/about.md"
    about.write_text("---\ntitle: ustuff\nslug: about\n---\nAbout this.\n", "utf-8")
    output = build(project)
    about.write_text("---\ntitle: tustuff\nslug: abou\n---\nAbout this.\n", "utf-8")
    build(project)
    assert 'abou/">tustuff</a>' in (output / "index.html").read_text("utf-8")
    same_as_clean(project, output)


def test_without_hard_links_a_copied_file_is_still_reused(project, monkeypatch):
    """On a file system without hard links a file reused from the live site is copied, with
    its time: later builds still find it as recorded, and keep it rather than make it again."""
    import sitegen.site.writer as writer

    def no_links(source, target):
        raise OSError(95, "hard links are not supported here")

    monkeypatch.setattr(writer.os, "link", no_links)
    output = build(project)
    kept = [output / "about/index.html", next(output.glob("data/*/accounts.csv"))]
    times = []
    for number in range(3):
        edit(project, "2024-04-03-third.md", "Third words", f"Third words {number}")
        build(project)
        times.append([os.stat(path).st_mtime_ns for path in kept])
    assert times[0] == times[1] == times[2]  # kept as they were, not made again


def test_a_single_snapshot_file_named_by_paths_snapshots_is_an_input(project, caplog):
    """``paths.snapshots`` may name one snapshot file outside content/: editing it is seen by
    the nothing-changed check and by the analysis's key (it was by neither)."""
    single = project / "network.yml"
    (project / "content/snapshots/riverside-2024-03.yml").rename(single)
    settings = project / "sitegen.yml"
    settings.write_text(settings.read_text() + "paths:\n  snapshots: network.yml\n")
    output = build(project)
    single.write_text(single.read_text().replace("followers_count: 5400", "followers_count: 5401"))
    with caplog.at_level(logging.INFO, logger="sitegen.site.build"):
        build(project)
    assert "nothing changed" not in caplog.text
    assert "5,401" in (output / "accounts/riverside_news/index.html").read_text("utf-8")


CSV_SNAPSHOT = {
    "accounts.csv": "id,handle,name,followers_count\nnews,riverside_news,Riverside News,5400\n"
                    "ana,ana_k,Ana K.,\nben,benm,Ben M.,\ncleo,cleo,Cleo,\n",
    "follows.csv": "follower,followed\nana,news\nben,news\ncleo,news\nana,ben\nben,ana\n"
                   "cleo,ana\nnews,ana\n",
}


def csv_snapshot_project(project: Path, folder: Path) -> Path:
    """The project with its snapshot as a folder of CSV files at ``folder`` (the YAML one
    removed)."""
    (project / "content/snapshots/riverside-2024-03.yml").unlink()
    write_tree(folder, CSV_SNAPSHOT)
    return folder


def test_a_linked_snapshot_folder_is_read_through_its_link(project):
    """A snapshot folder that is a link (to data kept elsewhere) is an input like any other:
    its edits reached the build's record but not the analysis key (``Path.rglob`` does not
    follow links), so the old figures were reused."""
    data = csv_snapshot_project(project, project / "data" / "2024-03")
    (project / "content/snapshots/2024-03").symlink_to(data, target_is_directory=True)
    output = build(project)
    follows = data / "follows.csv"
    follows.write_text(follows.read_text().replace("ana,ben\n", ""))
    build(project)
    assert "ana,ben" not in (data / "follows.csv").read_text()
    assert differences(snapshot_bytes(uncached(project)), snapshot_bytes(output)) == []


def uncached(project: Path) -> Path:
    """The site built into ``clean`` without the cache (nothing reused: the reference)."""
    build_site(config_for(project, "clean"), use_cache=False)
    return project / "clean"


def test_a_snapshot_file_written_over_in_place_with_its_size_and_time_is_seen(project):
    """``cat new > file`` keeps the inode, and ``touch -r`` puts size and time back: the
    file's digest was taken from the cache for ever (until the file was touched)."""
    folder = csv_snapshot_project(project, project / "content/snapshots/2024-03")
    output = build(project)
    accounts = folder / "accounts.csv"
    before = accounts.stat()
    with accounts.open("r+b") as handle:  # in place: the same inode, the same size
        handle.write(accounts.read_bytes().replace(b"Ana K.", b"Ana Q."))
    os.utime(accounts, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert (accounts.stat().st_ino, accounts.stat().st_size, accounts.stat().st_mtime_ns) == (
        before.st_ino, before.st_size, before.st_mtime_ns)
    edit(project, "2024-04-04-fourth.md", "Fourth", "Fourth!")  # so that the pipeline runs
    build(project)
    assert "Ana Q." in (output / "data/2024-03/accounts.csv").read_text("utf-8")
    assert differences(snapshot_bytes(uncached(project)), snapshot_bytes(output)) == []


def test_links_to_a_folder_above_do_not_loop(project):
    """Two links to a parent folder inside content/ made the walk of the inputs grow
    without end (100% CPU until killed); each real folder is walked once."""
    (project / "content/pages/a").symlink_to("..", target_is_directory=True)
    (project / "content/pages/b").symlink_to("..", target_is_directory=True)
    done = subprocess.run([sys.executable, "-m", "sitegen", "build", "-q"], cwd=project,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert (project / "output/about/index.html").is_file()


def test_a_theme_showing_a_neighbours_date_is_rendered_again_when_it_changes(project):
    """``newer`` and ``older`` are whole posts to a theme: the page of a post showing its
    neighbour's date kept the old date after the neighbour's changed (the key held only
    the neighbour's address and title)."""
    post_html = (default_theme_dir() / "templates/post.html").read_text("utf-8")
    assert "older.post.title" in post_html
    write_tree(project, {"themes/default/templates/post.html": post_html.replace(
        "older.post.title }}", "older.post.title }} ({{ older.post.date }}, "
        "{{ older.summary }})")})
    output = build(project)
    assert "(2024-04-01, " in (output / "posts/second/index.html").read_text("utf-8")
    first = project / "content/posts/2024-04-01-first.md"
    first.write_text(first.read_text().replace("date: 2024-04-01", "date: 2024-03-31"))
    build(project)
    assert "(2024-03-31, " in (output / "posts/second/index.html").read_text("utf-8")
    assert differences(snapshot_bytes(uncached(project)), snapshot_bytes(output)) == []


def test_installing_kaleido_or_a_browser_ends_the_nothing_changed_shortcut(project,
                                                                           monkeypatch):
    """Chart images (and share cards) depend on kaleido and a browser being there: a build
    with nothing else changed stopped early and left the site without them."""
    from sitegen.site import inputs

    config = config_for(project)
    without = inputs.settings_digest(config, False)
    versions = {"kaleido": "1.0.0", "choreographer": "1.0.0"}
    monkeypatch.setattr(inputs, "_version", lambda name: versions.get(name, "-"))
    with_kaleido = inputs.settings_digest(config, False)
    assert with_kaleido != without
    monkeypatch.setenv("BROWSER_PATH", str(project / "sitegen.yml"))  # a browser named
    assert inputs.settings_digest(config, False) != with_kaleido


def test_a_file_of_yours_deleted_from_the_output_folder_stays_deleted(project):
    """A file the user put in output/ is carried into each new site; deleted from the live
    site, it came back from the spare (the site before), which still held it."""
    output = build(project)
    (output / "notes.txt").write_text("mine\n")
    edit(project, "2024-04-04-fourth.md", "Fourth words", "Fourth words, again")
    build(project)
    assert (output / "notes.txt").read_text() == "mine\n"  # kept (and warned about)
    (output / "notes.txt").unlink()
    edit(project, "2024-04-04-fourth.md", "again", "and again")
    build(project)
    assert not (output / "notes.txt").exists()
    edit(project, "2024-04-04-fourth.md", "and again", "once more")
    build(project)  # the spare now is the site that had it deleted
    assert not (output / "notes.txt").exists()
    assert differences(snapshot_bytes(uncached(project)), snapshot_bytes(output)) == []


def test_a_snapshot_linked_under_a_second_name_is_seen_coming_and_going(project):
    """The loader reads a snapshot folder linked under another name as a second snapshot:
    the inputs and the analysis key must see that name appear and go (a walk that took each
    real folder once said "nothing changed" with the link removed, and kept 2 snapshots)."""
    csv_snapshot_project(project, project / "content/snapshots/2024-03")
    linked = project / "content/snapshots/2024-04"
    linked.symlink_to("2024-03", target_is_directory=True)
    output = build(project)
    assert (output / "snapshots/2024-04/index.html").is_file()
    linked.unlink()
    build(project)
    assert not (output / "snapshots/2024-04").exists()
    assert differences(snapshot_bytes(uncached(project)), snapshot_bytes(output)) == []


@pytest.fixture
def read_only(tmp_path):
    """``read_only(folder)``: the folder mounted read-only over itself (a bind mount; skipped
    where mounting is not allowed), unmounted at the end."""
    mounted = []

    def mount(folder: Path) -> None:
        for command in (["mount", "--bind", str(folder), str(folder)],
                        ["mount", "-o", "remount,ro,bind", str(folder)]):
            done = subprocess.run(command, capture_output=True)
            if done.returncode:
                if mounted:
                    subprocess.run(["umount", str(folder)], capture_output=True)
                pytest.skip(f"cannot mount here: {done.stderr.decode().strip()}")
            mounted.append(folder) if command[1] == "--bind" else None

    yield mount
    for folder in mounted:
        subprocess.run(["umount", str(folder)], check=True)


def test_a_read_only_cache_folder_builds_without_it(project, read_only, caplog):
    """A cache folder that cannot be written (a read-only mount) made the build end in a
    traceback (EROFS): the build runs without the cache, says so, and makes the same site."""
    build(project)
    for path in (project / ".sitegen-cache").glob("analysis-*.duckdb.json"):
        path.unlink()  # the rebuild then writes beside the cached analysis, as after a copy
    read_only(project / ".sitegen-cache")
    (project / "content/posts/2024-04-01-first.md").write_text(
        post("First", "2024-04-01", "First words, edited.", "tags: [alpha]\n"), "utf-8")
    elsewhere = build(project, output="elsewhere")
    assert "cannot be written" in caplog.text and "building without the cache" in caplog.text
    assert "First words, edited." in (elsewhere / "posts").joinpath(
        next(p.name for p in (elsewhere / "posts").iterdir() if "first" in p.name),
        "index.html").read_text("utf-8")

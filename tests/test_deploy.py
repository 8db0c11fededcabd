"""``sitegen deploy`` end to end, against a real local bare repository as the remote.

Each test starts from a project made by ``sitegen init``, committed to a git repository
whose ``origin`` is a bare repository in tmp_path. Git runs with a throw-away global
config and a fixed identity, so the tests behave the same on a fresh machine.
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sitegen.cli import app
from sitegen.commands import run_build
from sitegen.config import load_config
from sitegen.deploy import DeployResult, deploy
from sitegen.errors import DeployError
from sitegen.scaffold import init_project

IDENTITY = {"NAME": "Test Author", "EMAIL": "author@example.org"}


def git(cwd: Path, *args: str) -> str:
    result = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def ref(repo: Path, name: str) -> str | None:
    """The commit a ref points at, None when it does not exist."""
    result = subprocess.run(
        ["git", "rev-parse", "--verify", "--quiet", name], cwd=repo, capture_output=True, text=True
    )
    return result.stdout.strip() or None


def local_state(repo: Path) -> dict[str, object]:
    """Everything of the user's that deploy must leave alone."""
    return {
        "status": git(repo, "status", "--porcelain"),
        "head": git(repo, "rev-parse", "HEAD"),
        "branch": git(repo, "symbolic-ref", "HEAD"),
        "index": git(repo, "ls-files", "--stage"),
        "staged": git(repo, "diff", "--cached"),
        "refs": [
            line
            for line in git(
                repo, "for-each-ref", "--format=%(refname) %(objectname)", "refs/heads", "refs/tags"
            ).splitlines()
            if not line.startswith("refs/heads/gh-pages ")
        ],
    }


@pytest.fixture(autouse=True)
def git_environment(tmp_path: Path, monkeypatch):
    """A fixed identity and no user or system git configuration."""
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "gitconfig"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for role in ("AUTHOR", "COMMITTER"):
        for key, value in IDENTITY.items():
            monkeypatch.setenv(f"GIT_{role}_{key}", value)


@pytest.fixture
def remote(tmp_path: Path) -> Path:
    bare = tmp_path / "remote.git"
    git(tmp_path, "init", "--quiet", "--bare", str(bare))
    return bare


@pytest.fixture
def repo(tmp_path: Path, remote: Path) -> Path:
    """A new project with a custom domain, committed on main, with the bare repo as origin."""
    root = tmp_path / "report"
    init_project(root)
    settings = root / "sitegen.yml"
    settings.write_text(settings.read_text().replace("cname: ''", "cname: report.example.org"))
    git(root, "init", "--quiet", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "--quiet", "-m", "Start the report")
    git(root, "remote", "add", "origin", str(remote))
    return root


def publish(repo: Path, build: bool = True, **options) -> DeployResult:
    """Deploy as the CLI does: build with the project's settings, then publish."""
    settings = repo / "sitegen.yml"
    options = {
        "remote": "origin",
        "branch": "gh-pages",
        "message": None,
        "allow_dirty": False,
        **options,
    }
    build_site = (lambda: run_build(settings, None, None, False, True)) if build else None
    return deploy(load_config(settings), build=build_site, **options)


def commit_change(repo: Path, text: str = "More words.\n") -> str:
    with (repo / "content" / "pages" / "about.md").open("a") as handle:
        handle.write(text)
    git(repo, "commit", "--quiet", "-am", "Edit the about page")
    return git(repo, "rev-parse", "HEAD")


def published_files(remote: Path) -> set[str]:
    return set(git(remote, "ls-tree", "-r", "--name-only", "gh-pages").splitlines())


# --------------------------------------------------------------------------------------
# Publishing
# --------------------------------------------------------------------------------------


def test_deploy_builds_commits_and_pushes_the_site(repo: Path, remote: Path):
    before = local_state(repo)
    result = publish(repo)

    assert result.changed and result.pushed and result.branch == "gh-pages"
    assert ref(remote, "refs/heads/gh-pages") == result.commit
    assert ref(repo, "refs/heads/gh-pages") == result.commit
    files = published_files(remote)
    assert {"index.html", ".nojekyll", "CNAME", "404.html", "feed.xml"} <= files
    assert "posts/welcome/index.html" in files
    assert git(remote, "show", "gh-pages:CNAME").strip() == "report.example.org"
    source = before["head"]
    assert result.source == source
    subject, body = git(remote, "log", "-1", "--format=%s%n%b", "gh-pages").split("\n", 1)
    assert subject == f"Publish site from {source[:7]}"
    assert source in body and "uncommitted" not in body
    assert git(remote, "log", "-1", "--format=%an <%ae>", "gh-pages") == (
        "Test Author <author@example.org>"
    )
    assert local_state(repo) == before
    assert "published" in result.summary and "gh-pages" in result.summary


def test_the_published_files_are_the_built_files(repo: Path, remote: Path, tmp_path: Path):
    publish(repo)
    checkout = tmp_path / "checkout"
    git(tmp_path, "clone", "--quiet", "--branch", "gh-pages", str(remote), str(checkout))
    output = repo / "output"
    built = {p.relative_to(output): p.read_bytes() for p in output.rglob("*")
             if p.is_file() and p.name != ".sitegen-manifest.json"}  # the build's own record
    assert (output / ".sitegen-manifest.json").is_file()
    cloned = {
        p.relative_to(checkout): p.read_bytes()
        for p in checkout.rglob("*")
        if p.is_file() and ".git" not in p.relative_to(checkout).parts
    }
    assert cloned == built


def test_a_second_deploy_adds_a_commit_on_top_of_the_first(repo: Path, remote: Path):
    first = publish(repo)
    source = commit_change(repo, "A [new line](https://example.org) here.\n")
    second = publish(repo)
    assert second.changed and second.commit != first.commit
    assert git(remote, "rev-parse", "gh-pages^") == first.commit
    assert "new line" in git(remote, "show", "gh-pages:about/index.html")
    assert source in git(remote, "log", "-1", "--format=%b", "gh-pages")


def test_nothing_changed_makes_no_empty_commit(repo: Path, remote: Path):
    first = publish(repo)
    again = publish(repo, message="Again")
    assert (again.changed, again.pushed, again.commit) == (False, False, first.commit)
    assert "nothing changed" in again.summary
    assert git(remote, "rev-list", "--count", "gh-pages") == "1"


def test_nothing_changed_still_pushes_when_the_remote_is_behind(repo: Path, remote: Path):
    first = publish(repo)
    git(remote, "update-ref", "-d", "refs/heads/gh-pages")
    again = publish(repo)
    assert (again.changed, again.pushed, again.commit) == (False, True, first.commit)
    assert ref(remote, "refs/heads/gh-pages") == first.commit


def test_a_message_of_ones_own_still_names_the_source(repo: Path, remote: Path):
    publish(repo, message="Spring edition")
    subject, body = git(remote, "log", "-1", "--format=%s%n%b", "gh-pages").split("\n", 1)
    assert subject == "Spring edition"
    assert git(repo, "rev-parse", "HEAD") in body


def test_a_new_clone_continues_the_published_history(repo: Path, remote: Path, tmp_path: Path):
    """On another machine there is no local gh-pages yet: the remote's is the parent."""
    first = publish(repo)
    git(repo, "push", "--quiet", "origin", "main")
    clone = tmp_path / "elsewhere"
    git(tmp_path, "clone", "--quiet", "--branch", "main", str(remote), str(clone))
    commit_change(clone)
    second = publish(clone)
    assert git(remote, "rev-parse", "gh-pages^") == first.commit
    assert ref(clone, "refs/heads/gh-pages") == second.commit


def test_a_new_clone_with_nothing_changed_publishes_nothing(repo: Path, remote: Path,
                                                          tmp_path: Path):
    """A new clone (a CI runner's checkout: every file's time is new, no cache) builds the
    same site: no commit."""
    first = publish(repo)
    git(repo, "push", "--quiet", "origin", "main")
    clone = tmp_path / "runner"
    git(tmp_path, "clone", "--quiet", "--branch", "main", str(remote), str(clone))
    for path in (clone / "content").rglob("*"):
        os.utime(path, (1e9, 1e9))  # times of their own, whatever the clock's resolution
    again = publish(clone)
    assert (again.changed, again.commit) == (False, first.commit)
    assert git(remote, "rev-list", "--count", "gh-pages") == "1"


def test_no_build_publishes_the_output_folder_as_it_is(repo: Path, remote: Path):
    run_build(repo / "sitegen.yml", None, None, False, True)
    (repo / "output" / "google123.html").write_text("verification")
    publish(repo, build=False)
    assert "google123.html" in published_files(remote)


# --------------------------------------------------------------------------------------
# Refusals: nothing is committed or pushed
# --------------------------------------------------------------------------------------


def test_uncommitted_changes_are_refused(repo: Path, remote: Path):
    (repo / "content" / "pages" / "about.md").write_text("changed\n")
    (repo / "content" / "posts" / "2024-06-01-ça-va.md").write_text("---\ndate: 2024-06-01\n---\n")
    with pytest.raises(DeployError) as caught:
        publish(repo)
    message = str(caught.value)
    assert "uncommitted changes" in message and "--allow-dirty" in message
    assert "content/pages/about.md" in message and "content/posts/2024-06-01-ça-va.md" in message
    assert ref(remote, "refs/heads/gh-pages") is None
    assert ref(repo, "refs/heads/gh-pages") is None


def test_allow_dirty_publishes_and_says_so(repo: Path, remote: Path):
    (repo / "content" / "pages" / "about.md").write_text("---\ntitle: About\n---\nDraft.\n")
    git(repo, "add", "content/pages/about.md")  # a staged change: the index must stay as it is
    before = local_state(repo)
    publish(repo, allow_dirty=True)
    assert "(with uncommitted changes)" in git(remote, "log", "-1", "--format=%b", "gh-pages")
    assert "Draft." in git(remote, "show", "gh-pages:about/index.html")
    assert local_state(repo) == before


def test_the_output_folder_and_cache_never_count_as_changes(repo: Path, remote: Path):
    """Even when .gitignore does not list them."""
    (repo / ".gitignore").write_text("")
    git(repo, "commit", "--quiet", "-am", "Track everything")
    publish(repo)
    commit_change(repo)
    assert publish(repo).changed


def test_a_failed_build_publishes_nothing(repo: Path, remote: Path):
    first = publish(repo)
    post = next((repo / "content" / "posts").glob("*-welcome.md"))
    post.write_text(post.read_text() + "\n[[chart:no-such-chart]]\n")
    git(repo, "commit", "--quiet", "-am", "Break the post")
    before = local_state(repo)
    with pytest.raises(DeployError) as caught:
        publish(repo)
    assert "no-such-chart" in str(caught.value)
    assert "nothing was committed or pushed" in str(caught.value)
    assert ref(remote, "refs/heads/gh-pages") == first.commit
    assert ref(repo, "refs/heads/gh-pages") == first.commit
    assert local_state(repo) == before


def test_an_unreachable_remote_leaves_the_branch_as_it_was(repo: Path, tmp_path: Path):
    first = publish(repo)
    commit_change(repo)
    before = local_state(repo)
    missing = str(tmp_path / "no" / "such" / "repo.git")
    with pytest.raises(DeployError) as caught:
        publish(repo, remote=missing)
    message = str(caught.value)
    assert "could not push" in message and "does not appear to be a git repository" in message
    assert len(message.splitlines()) <= 2
    assert ref(repo, "refs/heads/gh-pages") == first.commit
    assert local_state(repo) == before


def test_a_refusing_remote_leaves_no_branch_behind(repo: Path, remote: Path):
    hook = remote / "hooks" / "pre-receive"
    hook.write_text("#!/bin/sh\necho 'pushes are closed today' >&2\nexit 1\n")
    hook.chmod(0o755)
    before = local_state(repo)
    with pytest.raises(DeployError) as caught:
        publish(repo)
    message = str(caught.value)
    assert "pre-receive hook declined" in message and "pushes are closed today" in message
    assert ref(repo, "refs/heads/gh-pages") is None
    assert ref(remote, "refs/heads/gh-pages") is None
    assert local_state(repo) == before


def push_from_elsewhere(remote: Path, clone: Path) -> str:
    """A commit of someone else's on the remote's gh-pages (from a clone of their own)."""
    git(clone.parent, "clone", "--quiet", "--branch", "gh-pages", str(remote), str(clone))
    (clone / "extra.txt").write_text("someone else's commit")
    git(clone, "add", "extra.txt")
    git(clone, "commit", "--quiet", "-m", "Someone else")
    git(clone, "push", "--quiet", "origin", "gh-pages")
    return ref(remote, "refs/heads/gh-pages")


def test_a_remote_that_moved_on_is_not_overwritten(repo: Path, remote: Path, tmp_path: Path):
    publish(repo)
    theirs = push_from_elsewhere(remote, tmp_path / "other")
    commit_change(repo)
    with pytest.raises(DeployError) as caught:
        publish(repo)
    assert "git fetch origin +gh-pages:gh-pages" in str(caught.value)
    assert ref(remote, "refs/heads/gh-pages") == theirs


def the_hints_command(error: DeployError) -> list[str]:
    """The git command a deploy error's hint tells the user to run."""
    command = re.search(r"(git fetch \S+ [^\s,]+)", str(error))
    assert command, str(error)
    return command.group(1).split()[1:]


@pytest.mark.parametrize("local_ahead", [False, True])
def test_the_hint_for_a_remote_that_moved_on_recovers(repo: Path, remote: Path, tmp_path: Path,
                                                      local_ahead: bool):
    """Run as the hint says, the command lets the next deploy through, on top of the
    remote's commits: whether the local branch is only behind the remote's (a deploy from
    another clone) or has commits of its own too (sites published to another remote)."""
    publish(repo)
    theirs = push_from_elsewhere(remote, tmp_path / "other")
    if local_ahead:  # the same branch published to a second remote moved the local one on
        mirror = tmp_path / "mirror.git"
        git(tmp_path, "init", "--quiet", "--bare", str(mirror))
        git(repo, "remote", "add", "mirror", str(mirror))
        commit_change(repo, "For the mirror.\n")
        publish(repo, remote="mirror")
        local = ref(repo, "refs/heads/gh-pages")  # diverged: a commit the remote lacks
        assert subprocess.run(["git", "cat-file", "-e", local], cwd=remote).returncode != 0
    commit_change(repo)
    with pytest.raises(DeployError) as caught:
        publish(repo)
    git(repo, *the_hints_command(caught.value))
    result = publish(repo)
    assert result.pushed
    published = ref(remote, "refs/heads/gh-pages")
    assert git(remote, "rev-parse", f"{published}^") == theirs
    assert "extra.txt" not in published_files(remote)  # the site as built, on top of theirs


def test_not_a_git_repository(tmp_path: Path):
    root = tmp_path / "plain"
    init_project(root)
    with pytest.raises(DeployError, match="not a git repository"):
        publish(root)
    assert not (root / "output").exists()  # refused before building


def test_an_unknown_remote_is_refused_before_building(repo: Path):
    git(repo, "remote", "remove", "origin")
    with pytest.raises(DeployError, match="no git remote named 'origin'"):
        publish(repo)
    assert not (repo / "output").exists()


def test_deploying_onto_the_checked_out_branch_is_refused(repo: Path):
    with pytest.raises(DeployError, match="checked out here"):
        publish(repo, branch="main")
    with pytest.raises(DeployError, match="not a valid branch name"):
        publish(repo, branch="bad..name")


def test_no_site_to_publish(repo: Path):
    with pytest.raises(DeployError, match="no site to publish"):
        publish(repo, build=False)


def test_a_branch_checked_out_in_another_worktree_is_refused(repo: Path, remote: Path,
                                                             tmp_path: Path):
    """Moving it would leave that worktree's files and index at odds with its branch (git
    itself refuses to move such a branch)."""
    publish(repo)
    worktree = tmp_path / "pages"
    git(repo, "worktree", "add", "--quiet", str(worktree), "gh-pages")
    tip = ref(repo, "gh-pages")
    commit_change(repo)
    with pytest.raises(DeployError, match="checked out in another worktree") as caught:
        publish(repo)
    assert str(worktree) in str(caught.value)
    assert ref(repo, "gh-pages") == ref(remote, "gh-pages") == tip
    assert git(worktree, "status", "--porcelain") == ""


@pytest.mark.parametrize("left", ["only the manifest", "only dotfiles and folders"])
def test_an_emptied_output_folder_is_no_site_to_publish(repo: Path, remote: Path, left: str):
    """Publishing it would replace the live site with nothing (the manifest and working
    files stay out of the branch; .nojekyll alone is no site)."""
    publish(repo)
    tip = ref(remote, "gh-pages")
    output = repo / "output"
    for path in sorted(output.rglob("*"), reverse=True):
        keep = path.name == ".sitegen-manifest.json" if left == "only the manifest" else \
            path.name.startswith(".") or path.is_dir()
        if not keep:
            path.rmdir() if path.is_dir() else path.unlink()
    with pytest.raises(DeployError, match="no site to publish .*: it has no index.html"):
        publish(repo, build=False)
    assert ref(remote, "gh-pages") == tip


def test_a_git_repository_inside_the_site_is_refused(repo: Path, remote: Path):
    """git would commit a link to its commit (a submodule nobody can fetch), not its files."""
    publish(repo)
    demo = repo / "output" / "demo"
    demo.mkdir()
    (demo / "index.html").write_text("<p>demo</p>", "utf-8")
    git(demo, "init", "--quiet")
    with pytest.raises(DeployError, match="a git repository inside the site") as caught:
        publish(repo, build=False)
    assert str(demo / ".git") in str(caught.value)


def test_working_files_beside_an_output_folder_further_down_are_no_changes(repo: Path,
                                                                          remote: Path):
    """The spare site and lock of paths.output: build/site sit in build/, not at the top."""
    settings = repo / "sitegen.yml"
    text = settings.read_text()  # the paths section sitegen init wrote, its output changed
    assert "\n  output: output\n" in text
    settings.write_text(text.replace("\n  output: output\n", "\n  output: build/site\n"), "utf-8")
    (repo / ".gitignore").write_text("", "utf-8")  # none of sitegen's patterns
    git(repo, "commit", "--quiet", "-am", "Build into build/site")
    for number in range(3):  # the second build leaves build/.sitegen-build-site-spare
        commit_change(repo, f"Change {number}.\n")
        publish(repo)
    assert (repo / "build" / ".sitegen-build-site-spare").is_dir()
    assert "index.html" in published_files(remote)


def test_no_identity_is_refused_with_the_fix(repo: Path, remote: Path, monkeypatch):
    for role in ("AUTHOR", "COMMITTER"):
        for key in IDENTITY:
            monkeypatch.delenv(f"GIT_{role}_{key}")
    monkeypatch.delenv("EMAIL", raising=False)
    # nor one git may guess from the machine's name (which some machines would allow)
    Path(os.environ["GIT_CONFIG_GLOBAL"]).write_text("[user]\n\tuseConfigOnly = true\n")
    with pytest.raises(DeployError, match="git does not know who you are") as caught:
        publish(repo)
    assert "git config --global user.email" in str(caught.value)
    assert ref(remote, "gh-pages") is None


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0,
                    reason="giving the repository to another user needs root")
def test_a_repository_git_will_not_open_says_why(repo: Path):
    """Not 'not a git repository' (whose hint is to make one): git's own reason."""
    for path in [repo, *repo.rglob("*")]:
        os.chown(path, 65534, 65534, follow_symlinks=False)
    with pytest.raises(DeployError, match="git cannot open the repository: .*dubious "
                                          "ownership") as caught:
        publish(repo)
    assert "not a git repository" not in str(caught.value)


def test_no_build_still_warns_of_a_file_over_50_mb(repo: Path, remote: Path, caplog):
    publish(repo)
    with (repo / "output" / "big.bin").open("wb") as handle:
        handle.truncate(50_000_001)
    with caplog.at_level("WARNING"):
        publish(repo, build=False)
    assert "big.bin: 50.0 MB (50,000,001 bytes), over 50 MB" in caplog.text


# --------------------------------------------------------------------------------------
# The command line
# --------------------------------------------------------------------------------------


@pytest.fixture
def sitegen(repo: Path, monkeypatch, restore_logging):
    monkeypatch.chdir(repo)
    runner = CliRunner()
    return lambda *args: runner.invoke(app, ["deploy", *args])


def test_cli_deploy(sitegen, remote: Path):
    result = sitegen()
    assert result.exit_code == 0, result.output
    assert "published" in result.output
    assert "index.html" in published_files(remote)
    assert sitegen("--quiet").output == ""


def test_cli_deploy_errors_exit_with_status_2(sitegen, repo: Path, tmp_path: Path):
    (repo / "content" / "pages" / "about.md").write_text("changed\n")
    result = sitegen()
    assert result.exit_code == 2 and "--allow-dirty" in result.output
    git(repo, "commit", "--quiet", "-am", "Change")
    result = sitegen("--remote", str(tmp_path / "missing.git"))
    assert result.exit_code == 2 and "could not push" in result.output
    assert sitegen("--no-build").exit_code == 0  # the build above is published as it is
    post = next((repo / "content" / "posts").glob("*-welcome.md"))
    post.write_text("---\ndate: not a date\n---\n")
    git(repo, "commit", "--quiet", "-am", "Break")
    result = sitegen()
    assert result.exit_code == 2 and "nothing was committed" in result.output
    assert "Traceback" not in result.output

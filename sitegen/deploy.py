"""``sitegen deploy``: publish the built site to a branch (``gh-pages``) and push it.

The site is committed without touching the user's working tree, index, HEAD or current
branch: its files are added to a temporary index (``GIT_INDEX_FILE``) with ``output/`` as
the work tree, written as a tree, and committed with ``commit-tree`` on top of the branch's
previous tip. The new commit is pushed by its id first; only once the remote has it does
the local branch move to it, so a failed push leaves every local ref exactly as it was.

The branch must be a plain branch name (``git check-ref-format --branch``) and the remote a
name or an address, never an option: git's options end with ``--`` before them. Credentials
in an address (``https://user:TOKEN@host/...``) never appear in a message: they show as
``***@``.
"""

from __future__ import annotations

import dataclasses
import logging
import os
import re
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sitegen.config import Config
from sitegen.errors import DeployError, Problem, SitegenError
from sitegen.site.sizes import refuse_unpushable, warn_large_files
from sitegen.site.writer import MANIFEST

log = logging.getLogger(__name__)

# sitegen's own working files next to sitegen.yml: never content, never "uncommitted changes"
WORKING_FILES = (".sitegen-cache", ".sitegen-build-*", ".sitegen-open-data-*")
NO_COMMIT = "0" * 40
# the user information of an address (``user:password@``, ``TOKEN@``), up to its host
CREDENTIALS = re.compile(r"(?<=://)[^/\s]*@")


@dataclass(frozen=True)
class DeployResult:
    """What a deploy did: the commit the branch now points at, and a line saying so."""

    commit: str
    branch: str
    summary: str
    source: str | None = None  # the project's commit the site was built from
    changed: bool = True  # False when the site was the same as the last one published
    pushed: bool = True  # False when the remote already had the commit


class Git:
    """Runs git in one folder; a failure becomes a DeployError quoting git."""

    def __init__(self, cwd: Path):
        self.cwd = cwd

    def run(
        self, *args: str, env: dict | None = None, stdin: str | None = None, check: bool = True
    ) -> subprocess.CompletedProcess:
        command = ["git", *args]
        log.debug("running %s", redact(" ".join(command)))
        try:
            result = subprocess.run(
                command,
                cwd=self.cwd,
                env={**os.environ, **(env or {})},
                input=stdin,
                capture_output=True,
                text=True,
                encoding="utf-8",
                errors="replace",
            )
        except FileNotFoundError:
            raise DeployError(
                Problem(
                    "git is not installed (or not on PATH)", hint="install git, then deploy again"
                )
            ) from None
        if check and result.returncode != 0:
            raise DeployError(f"git {subcommand(args)} failed: {git_said(result)}")
        return result

    def out(self, *args: str, **kwargs) -> str:
        return self.run(*args, **kwargs).stdout.strip()

    def ok(self, *args: str) -> bool:
        return self.run(*args, check=False).returncode == 0


def subcommand(args: tuple[str, ...]) -> str:
    """The git command among the arguments, after options such as ``-c NAME=VALUE``."""
    rest = list(args)
    while rest and rest[0].startswith("-"):
        rest = rest[2:] if rest[0] == "-c" else rest[1:]
    return rest[0] if rest else "(none)"


def redact(text: str) -> str:
    """``text`` with the credentials of every address in it replaced by ``***``."""
    return CREDENTIALS.sub("***@", text)


def redacted(problem: Problem) -> Problem:
    hint = redact(problem.hint) if problem.hint else problem.hint
    return dataclasses.replace(problem, message=redact(problem.message), hint=hint)


def git_said(result: subprocess.CompletedProcess, limit: int = 2) -> str:
    """The line or two of git's output that say what went wrong."""
    lines = [line.strip() for line in f"{result.stdout}\n{result.stderr}".splitlines()]
    lines = [line for line in lines if line and line != "remote:"]
    rejected = [line.split("\t")[-1] for line in lines if line.startswith("!")]
    remote = [line for line in lines if line.startswith("remote:")]
    errors = [line for line in lines if line.startswith(("fatal:", "error:"))]
    chosen = (rejected + remote + errors)[:limit] or lines[:limit] or ["(no output)"]
    return "; ".join(line if len(line) <= 200 else line[:197] + "..." for line in chosen)


def deploy(
    config: Config,
    remote: str,
    branch: str,
    message: str | None,
    allow_dirty: bool,
    build: Callable[[], None] | None,
) -> DeployResult:
    """Build (when ``build`` is given), commit the output folder to ``branch``, push it;
    every message with the credentials of the remote's address hidden."""
    try:
        result = publish(config, remote, branch, message, allow_dirty, build)
    except DeployError as exc:
        raise DeployError(*map(redacted, exc.problems)) from None
    return dataclasses.replace(result, summary=redact(result.summary))


def publish(
    config: Config,
    remote: str,
    branch: str,
    message: str | None,
    allow_dirty: bool,
    build: Callable[[], None] | None,
) -> DeployResult:
    """The deploy itself: check, build, commit, push, move the local branch."""
    git = open_repository(config.root)
    check_target(git, remote, branch)
    # the project as committed, unless told to publish uncommitted changes too
    dirty = uncommitted_changes(git, config)
    if dirty and not allow_dirty:
        raise dirty_error(dirty)
    run_build(build)
    site = site_folder(config)
    if build is None:  # a build warns of its large files itself
        warn_large_files(site)
    refuse_unpushable(site)
    # the site as a commit on top of the branch's tip (this repository's, else the remote's)
    source = git.out("rev-parse", "--verify", "--quiet", "HEAD^{commit}", check=False) or None
    local_tip = branch_tip(git, f"refs/heads/{branch}")
    parent = local_tip or branch_tip(git, f"refs/remotes/{remote}/{branch}")
    tree = site_tree(git, site)
    text = commit_message(git, message, source, bool(dirty))
    commit, changed = commit_if_changed(git, tree, parent, text)
    # the remote first; the local branch moves only once the remote has the commit
    pushed = push(git, remote, commit, branch)
    move_branch(git, branch, commit, local_tip)
    line = summary(git, remote, branch, commit, changed, pushed)
    return DeployResult(commit, branch, line, source, changed, pushed)


def open_repository(root: Path) -> Git:
    """The git repository holding the project, or a DeployError saying how to make one."""
    git = Git(root)
    found = git.run("rev-parse", "--show-toplevel", check=False)
    if found.returncode != 0:
        said = git_said(found)
        if "not a git repository" not in said:  # one git will not open (its owner ...)
            raise DeployError(Problem(f"git cannot open the repository: {said}", root.resolve(),
                                      hint="do what git says, then deploy again"))
        raise DeployError(
            Problem(
                "not a git repository",
                root.resolve(),
                hint="deploy publishes through git: git init, commit the project, and "
                "git remote add origin https://github.com/OWNER/REPO.git",
            )
        )
    return git


def check_target(git: Git, remote: str, branch: str) -> None:
    """Refuse a bad branch name, an unknown remote, or deploying onto the checked-out branch."""
    check_branch_name(git, branch)
    current = git.out("symbolic-ref", "--quiet", "--short", "HEAD", check=False)
    if current == branch:
        raise DeployError(
            Problem(
                f"the branch '{branch}' is checked out here: deploying would replace your files",
                hint="switch back to your project's branch first, or publish to another with "
                "--branch",
            )
        )
    elsewhere = _worktree_with(git, branch)
    if elsewhere:
        raise DeployError(
            Problem(
                f"the branch '{branch}' is checked out in another worktree: deploying would "
                "move it under that worktree's files",
                Path(elsewhere),
                hint=f"check out another branch there, or remove it (git worktree remove "
                f"{elsewhere}), or publish to another branch with --branch",
            )
        )
    check_remote(git, remote)


def _worktree_with(git: Git, branch: str) -> str | None:
    """The folder of another worktree of this repository that has ``branch`` checked out."""
    listed = git.run("worktree", "list", "--porcelain", check=False).stdout
    path = None
    for line in listed.splitlines():
        if line.startswith("worktree "):
            path = line[len("worktree "):]
        elif line == f"branch refs/heads/{branch}":
            return path
    return None


def check_remote(git: Git, remote: str) -> None:
    """A remote's name, or an address (a path or URL); never something git reads as an option."""
    if not remote or remote.startswith("-"):
        raise DeployError(
            Problem(
                f"'{remote}' is not a git remote: a remote is a name or an address, and never "
                "starts with '-'",
                hint="name a remote with --remote (such as origin), or give its address",
            )
        )
    is_address = any(mark in remote for mark in "/:\\")
    if not is_address and remote not in git.out("remote").split():
        raise DeployError(
            Problem(
                f"no git remote named '{remote}'",
                hint=f"add it (git remote add {remote} https://github.com/OWNER/REPO.git), "
                "or name another with --remote",
            )
        )


def check_branch_name(git: Git, branch: str) -> None:
    """A plain branch name, as ``git branch`` takes it: not HEAD, not an option, not a
    shorthand such as @{-1} that stands for another branch."""
    named = git.run("check-ref-format", "--branch", branch, check=False)
    if named.returncode != 0 or named.stdout.strip() != branch:
        raise DeployError(
            Problem(
                f"'{branch}' is not a valid branch name",
                hint="give a branch name such as gh-pages with --branch",
            )
        )


def uncommitted_changes(git: Git, config: Config) -> list[str]:
    """Changed or new files in the project folder, apart from the site and sitegen's own."""
    # at the top and beside an output folder further down (its spare site, its lock)
    excluded = [*WORKING_FILES, *(f"*/{name}" for name in WORKING_FILES)]
    output = config.output_dir.resolve()
    if output.is_relative_to(config.root.resolve()):
        excluded.append(os.path.relpath(output, config.root.resolve()))
    pathspecs = [f":(exclude){path}" for path in excluded]
    status = git.run(
        "-c",
        "core.quotePath=false",
        "status",
        "--porcelain",
        "--untracked-files=normal",
        "--",
        ".",
        *pathspecs,
    )
    return [line[3:] for line in status.stdout.splitlines() if line.strip()]


def dirty_error(dirty: list[str]) -> DeployError:
    """The refusal to publish uncommitted changes, naming the first few files."""
    more = f" and {len(dirty) - 5} more" if len(dirty) > 5 else ""
    return DeployError(
        Problem(
            f"uncommitted changes in the project: {', '.join(dirty[:5])}{more}",
            hint="commit them first, or publish anyway with --allow-dirty",
        )
    )


def run_build(build: Callable[[], None] | None) -> None:
    """Build the site; a failed build stops the deploy before anything is committed."""
    if build is None:
        return
    try:
        build()
    except SitegenError as exc:
        raise DeployError(
            *exc.problems, "the build failed, so nothing was committed or pushed"
        ) from exc


def site_folder(config: Config) -> Path:
    """The built site, which must exist and hold files."""
    output = config.output_dir
    if not (output / "index.html").is_file():  # emptied, or only dotfiles and folders left
        raise DeployError(
            Problem(
                f"no site to publish in {output}: it has no index.html",
                hint="run sitegen build first (or deploy without --no-build)",
            )
        )
    for folder, folders, files in os.walk(output):
        if ".git" in folders or ".git" in files:  # git would publish a link to it, no files
            raise DeployError(Problem(
                "a git repository inside the site: its files cannot be published in the "
                "site's branch", Path(folder) / ".git",
                hint="move that folder out of the output folder, or remove its .git"))
    return output.resolve()


def branch_tip(git: Git, ref: str) -> str | None:
    """The commit a ref points at, or None when there is no such ref."""
    return git.out("rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}", check=False) or None


def site_tree(git: Git, output: Path) -> str:
    """Every file of the site (dotfiles such as .nojekyll and CNAME too) as a git tree, but
    the build's own record of what it made (``MANIFEST``: keys of the build's inputs, which
    a reader of the site has no use for, and which a new sitegen changes for the same site)."""
    git_dir = git.out("rev-parse", "--absolute-git-dir")
    with tempfile.TemporaryDirectory(prefix="sitegen-deploy-") as scratch:
        env = {"GIT_INDEX_FILE": str(Path(scratch) / "index")}
        site = Git(output)
        options = (
            "-c",
            "core.autocrlf=false",
            "-c",
            "core.safecrlf=false",
            f"--git-dir={git_dir}",
            f"--work-tree={output}",
        )
        site.run(*options, "add", "--all", "--force", "--", ".", f":(top,exclude){MANIFEST}",
                 env=env)
        return site.out(*options, "write-tree", env=env)


def commit_message(git: Git, message: str | None, source: str | None, dirty: bool) -> str:
    """The subject (given, or naming the source commit) and a body with the full id."""
    if source is None:
        subject = message or "Publish site"
        return f"{subject}\n\nBuilt by sitegen from a project with no commit yet.\n"
    short = git.out("rev-parse", "--short", source)
    subject = message or f"Publish site from {short}"
    extra = " (with uncommitted changes)" if dirty else ""
    return f"{subject}\n\nBuilt by sitegen from commit {source}{extra}.\n"


def commit_if_changed(git: Git, tree: str, parent: str | None, message: str) -> tuple[str, bool]:
    """A commit of ``tree`` on top of ``parent`` (no ref is moved), and whether it is new;
    ``parent`` itself when the site is the same as in it (no empty commits)."""
    if parent is not None and git.out("rev-parse", f"{parent}^{{tree}}") == tree:
        log.info("the site is the same as in %s", parent)
        return parent, False
    parents = ["-p", parent] if parent else []
    made = git.run("commit-tree", tree, *parents, "-F", "-", stdin=message, check=False)
    if made.returncode != 0:
        said = git_said(made)
        unknown = any(sign in said for sign in ("auto-detect", "tell me who", "empty ident"))
        raise DeployError(Problem(
            ("git does not know who you are, so it cannot commit the site: " if unknown
             else "git commit-tree failed: ") + said,
            hint='git config --global user.name "Your Name" and git config --global '
                 'user.email you@example.org, then deploy again' if unknown else None))
    commit = made.stdout.strip()
    log.info("committed the site as %s", commit)
    return commit, True


def push(git: Git, remote: str, commit: str, branch: str) -> bool:
    """Push ``commit`` to the remote's branch; True when the remote did not have it yet."""
    refspec = f"{commit}:refs/heads/{branch}"
    result = git.run("push", "--porcelain", "--", remote, refspec, check=False)
    if result.returncode != 0:
        said = git_said(result)
        hint = None
        if "non-fast-forward" in said or "fetch first" in said:
            # '+': the local branch may also hold commits the remote lacks (sites published
            # to another remote from it), and a plain fetch would refuse to move it
            hint = (
                f"the remote's {branch} has commits this repository lacks: "
                f"git fetch {remote} +{branch}:{branch} (your local {branch} becomes the "
                f"remote's, dropping any site commits only it has), then deploy again"
            )
        raise DeployError(
            Problem(
                f"could not push to '{remote}' (nothing was changed locally): {said}", hint=hint
            )
        )
    return "[up to date]" not in result.stdout


def move_branch(git: Git, branch: str, commit: str, old: str | None) -> None:
    """Point the local branch at the published commit (only if nobody moved it meanwhile)."""
    try:
        ref = f"refs/heads/{branch}"
        git.run("update-ref", "-m", "sitegen deploy", "--", ref, commit, old or NO_COMMIT)
    except DeployError as exc:
        raise DeployError(
            f"published {commit}, but the local branch '{branch}' changed "
            f"meanwhile and was left as it is ({exc})"
        ) from None


def summary(git: Git, remote: str, branch: str, commit: str, changed: bool, pushed: bool) -> str:
    """One line for the terminal."""
    short = git.out("rev-parse", "--short", commit)
    if changed:
        return f"published {short} to {branch} on {remote}"
    if pushed:
        return f"nothing changed since {short}; pushed {branch} to {remote}, which was behind"
    return f"nothing changed since {short}; {branch} on {remote} is up to date"

"""New projects and new posts: ``sitegen init`` and ``sitegen new post``.

``init_project`` writes a complete small report that builds at once. Its ``sitegen.yml``
is generated from the declarations in ``sitegen.config``, so it always lists every setting
with its help text and default. Neither function ever overwrites a file by accident:
``init_project`` checks every file before writing any, and ``new_post`` picks a free name.
"""

from __future__ import annotations

import logging
import re
import textwrap
from datetime import date
from importlib import metadata
from pathlib import Path

import yaml

from sitegen import __version__, starter
from sitegen.config import all_settings, default_of
from sitegen.content import content_files, read_post
from sitegen.errors import Problem, SitegenError
from sitegen.slugs import MAX_LENGTH, slugify

log = logging.getLogger(__name__)

SECTION_TITLES = {
    "site": "What the site is called, where it is served, and how it looks.",
    "analysis": "How accounts are classified and how snapshots are read (method.md).",
    "paths": "Where the project's folders are, relative to this file.",
    "privacy": "Publishing without exposing the people in the data.",
    "spark": "Where the analysis runs with analysis.engine: spark (scale.md).",
}
DISTRIBUTION = "sitegen-reports"  # the name on PyPI, where "sitegen" is an unrelated program
DATE_PREFIX = re.compile(r"^\d{4}-\d{2}-\d{2}-")


def init_project(target: Path, force: bool = False) -> list[Path]:
    """Write a new report project into ``target``; return the files written.

    Refuses, before writing anything, when one of the files already exists (unless
    ``force``) or when something that is not a file stands in the way.
    """
    files = {target / relative: text for relative, text in project_files(date.today()).items()}
    _check_free(target, list(files), force)
    for path, text in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.is_symlink():  # --force replaces a link, never writes where it points
            path.unlink()
        path.write_text(text, encoding="utf-8", newline="\n")
        log.info("wrote %s", path)
    return list(files)


def project_files(today: date) -> dict[str, str]:
    """The files of a new project: relative path -> text."""
    return {
        "sitegen.yml": settings_file(),
        "content/snapshots/2024-01.yml": starter.SNAPSHOT_JANUARY,
        "content/snapshots/2024-02.yml": starter.SNAPSHOT_FEBRUARY,
        f"content/posts/{today.isoformat()}-welcome.md": starter.WELCOME_POST.format(
            today=today.isoformat()
        ),
        "content/pages/about.md": starter.ABOUT_PAGE,
        ".gitignore": starter.GITIGNORE,
        ".github/workflows/pages.yml": starter.PAGES_WORKFLOW.format(
            requirement=install_requirement()
        ),
    }


def _check_free(target: Path, paths: list[Path], force: bool) -> None:
    """Raise one error listing every file that is in the way; write nothing."""
    problems = []
    if target.exists() and not target.is_dir():
        problems.append(Problem("exists and is not a folder", target))
    for path in paths:
        if path.is_dir() or (path.exists() and not path.is_file()):
            problems.append(Problem("is in the way (not a file)", path))
        elif path.exists() and not force:
            problems.append(Problem("already exists", path))
    if problems:
        problems[-1].hint = "nothing was written; add --force to overwrite existing files"
        raise SitegenError(*problems)


def settings_file() -> str:
    """sitegen.yml with every declared setting at its default, each under its help text."""
    lines = [
        "# sitegen settings: every setting, at its default value. Change what you need and",
        "# delete the rest if you like; sitegen's user guide explains each (configuration.md).",
    ]
    section = None
    for key, field, _ in all_settings():
        name, setting = key.split(".", 1)
        if name != section:
            section = name
            lines += ["", f"# {SECTION_TITLES.get(name, name)}", f"{name}:"]
        lines += [f"  # {line}" for line in textwrap.wrap(_help_text(field), 94)]
        lines.append("  " + _yaml_line(setting, default_of(field)))
    return "\n".join(lines) + "\n"


def _help_text(field) -> str:
    """A setting's help text with its constraints, as the comment above it."""
    meta = dict(field.metadata)
    text = meta["help"]
    if meta.get("choices"):
        text += f" (one of: {', '.join(meta['choices'])})"
    elif meta.get("min") is not None:
        text += f" (at least {meta['min']})"
    return text


def _yaml_line(key: str, value) -> str:
    """``key: value`` as YAML on one line (a list as ``[a, b]``), quoted where YAML needs it."""
    value = list(value) if isinstance(value, tuple) else value
    # None: a list of plain values in [ ], a mapping in { }
    flow = None if isinstance(value, (list, dict)) else False
    return yaml.safe_dump({key: value}, allow_unicode=True, width=1000,
                          default_flow_style=flow).strip()


def install_requirement() -> str:
    """What the workflow installs: the release of sitegen that wrote it, pinned."""
    return f"{DISTRIBUTION}=={installed_version()}"


def installed_version() -> str:
    """The installed sitegen's version (``sitegen.__version__`` when run from a source folder
    that was never installed)."""
    try:
        return metadata.version(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        return __version__


def new_post(content_dir: Path, title: str, today: date) -> Path:
    """Write ``posts/<date>-<slug>.md`` under ``content_dir`` as a draft; return its path.

    The slug comes from the title (``-2``, ``-3`` ... when a post already uses it), so no
    file is ever overwritten and no two posts share an address.
    """
    title = " ".join(title.split())
    if not title:
        raise SitegenError(Problem("a post needs a title", hint='sitegen new post "My title"'))
    folder = content_dir / "posts"
    folder.mkdir(parents=True, exist_ok=True)
    slug = slugify(title, fallback="post")[: MAX_LENGTH - 4].rstrip("-_")
    text = _post_text(title, today)
    for candidate in _candidates(slug, _slugs_in(folder)):
        path = folder / f"{today.isoformat()}-{candidate}.md"
        try:
            with path.open("x", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
        except FileExistsError:
            continue
        log.info("wrote %s", path)
        return path
    raise AssertionError("unreachable: the candidates never run out")


def _slugs_in(folder: Path) -> set[str]:
    """The slugs the posts already in ``folder`` have, drafts included."""
    return {_slug_of(p) for p in content_files(folder)}


def _slug_of(path: Path) -> str:
    """A post's slug: its 'slug:' or its file name's; its name's when it cannot be read (that
    is for build and check to say)."""
    try:
        return read_post(path).slug
    except SitegenError:
        return slugify(DATE_PREFIX.sub("", path.stem))


def _candidates(slug: str, taken: set[str]):
    """``slug``, ``slug-2``, ``slug-3`` ... skipping the ones already taken."""
    number = 1
    while True:
        candidate = slug if number == 1 else f"{slug}-{number}"
        if candidate not in taken:
            yield candidate
        number += 1


def _post_text(title: str, today: date) -> str:
    """A draft post: front matter (safely quoted YAML) and a line to start from."""
    front = {"title": title, "date": today, "tags": [], "summary": "", "draft": True}
    front_matter = yaml.safe_dump(front, sort_keys=False, allow_unicode=True, width=1000)
    return (
        f"---\n{front_matter}---\n"
        "Write the post here, in Markdown (sitegen's guide lists the charts and figures you\n"
        "can embed, in writing.md). It stays a draft, left out of the site, until you delete\n"
        "the `draft: true` line above.\n"
    )

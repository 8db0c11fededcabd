"""Posts and pages: Markdown files with YAML front matter.

A post is ``content/posts/NAME.md``; a stand-alone page is ``content/pages/NAME.md``.
Front matter sits between two ``---`` lines at the top of the file.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Protocol

from sitegen.errors import ContentError, Problem
from sitegen.front_matter import split_front_matter
from sitegen.slugs import slugify
from sitegen.yamlfile import project_folder, user_file, utf8_text

FRONT_MATTER_KEYS = ("title", "date", "tags", "summary", "draft", "author", "slug", "order")
# files an editor keeps beside the one edited: Emacs's lock links (.#NAME) and backups
# (NAME~), vim's swap files (.NAME.swp), flycheck's copies, JetBrains' temporary files, and
# macOS's .DS_Store; never content, and no change to 'sitegen serve' either
EDITOR_FILE = re.compile(r"^\.#|~$|\.sw.$|^flycheck_|\.___jb_...___$|^\.DS_Store$")
SHORTCODE = re.compile(
    r"\[\[\s*(chart|account|figure)\s*:\s*([^\]\s]+)((?:\s+[\w-]+=[^\]\s]+)*)\s*\]\]")


@dataclass(frozen=True)
class Shortcode:
    """An embed in Markdown: ``[[chart:class-mix]]``, ``[[account:alice]]``, ``[[figure:rho]]``."""

    kind: str
    name: str
    options: tuple[tuple[str, str], ...]
    line: int

    def option(self, key: str, default: str | None = None) -> str | None:
        return dict(self.options).get(key, default)


@dataclass(frozen=True)
class Post:
    """A post or a stand-alone page, parsed but not yet rendered."""

    source: Path
    slug: str
    title: str
    date: date | None
    tags: tuple[str, ...]
    summary: str
    draft: bool
    author: str
    body: str
    body_line: int  # line of the file where the Markdown body starts
    shortcodes: tuple[Shortcode, ...]
    order: int = 0
    slug_text: str = ""  # what the slug was made from, as written ('slug:', else the name)


CODE_SPAN = re.compile(r"(`+)(?:.+?)\1")


def embed_matches(lines: list[str]) -> Iterator[tuple[int, re.Match]]:
    """(line index, match) of every embed outside code: fenced blocks, indented blocks and
    inline code spans are skipped, so the syntax can be shown in a post."""
    fence, previous_blank, in_indented = None, True, False
    for index, line in enumerate(lines):
        stripped = line.lstrip()
        if stripped.startswith(("```", "~~~")):
            marker = stripped[:3]
            fence = None if fence == marker else fence or marker
            continue
        in_indented = line.startswith(("    ", "\t")) and (previous_blank or in_indented)
        previous_blank = not stripped
        if fence or in_indented:
            continue
        spans = [m.span() for m in CODE_SPAN.finditer(line)]
        for match in SHORTCODE.finditer(line):
            if not any(a <= match.start() < b for a, b in spans):
                yield index, match


def find_shortcodes(body: str, first_line: int) -> tuple[Shortcode, ...]:
    """Every embed in a Markdown body, with its file line."""
    found = []
    for offset, m in embed_matches(body.splitlines()):
        options = tuple(tuple(o.split("=", 1)) for o in m[3].split())
        found.append(Shortcode(m[1], m[2], options, first_line + offset))
    return tuple(found)


def _order(value, path: Path, line: int = 2) -> int:
    if value is None:
        return 0
    if isinstance(value, bool) or not isinstance(value, int):
        raise ContentError(Problem(f"'order': expected a whole number, got {value!r}", path,
                                   line))
    return value


def _as_date(value, path: Path, line: int = 2) -> date | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        problem = Problem(f"'date': expected YYYY-MM-DD, got {value!r}", path, line)
        raise ContentError(problem) from None


def _tags(value, path: Path, line: int = 2) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = [t for t in value.split(",")]
    if not isinstance(value, list) or not all(isinstance(t, str) for t in value):
        raise ContentError(Problem("'tags': expected a list of words", path, line))
    return tuple(sorted({t.strip() for t in value if t.strip()}))


def read_post(path: Path, default_author: str = "", folder: Path | None = None,
              parsed: ParsedCache | None = None, parent_inside: bool = False) -> Post:
    """Parse one Markdown file into a Post (raises ContentError with file and line); a link
    must stay inside ``folder`` (by default the project folder, see yamlfile). ``parsed``:
    what earlier builds parsed, by the file's name and text (a file whose text is the same is
    not parsed again); ``parent_inside``: see ``_read_text``."""
    text = _read_text(path, folder or project_folder(path.parent), parent_inside)
    if parsed is None:
        return _parse_post(path, text, default_author)
    key = hashlib.sha256("\x00".join([path.name, default_author, text])
                         .encode("utf-8", "surrogatepass")).hexdigest()
    entry = parsed.get(key)
    if entry is not None:
        return _post_from_entry(entry, path, text)
    post = _parse_post(path, text, default_author)
    parsed.put(key, _entry_of(post, text))
    return post


class ParsedCache(Protocol):
    """Where parsed posts are kept between builds (``sitegen.site.cache.JsonCache``)."""

    def get(self, key: str) -> dict | None: ...

    def put(self, key: str, entry: dict) -> None: ...


def _entry_of(post: Post, text: str) -> dict:
    """A parsed post as plain values; the body is the end of the text, kept as its length."""
    return {"slug": post.slug, "title": post.title,
            "date": post.date.isoformat() if post.date else None, "tags": list(post.tags),
            "summary": post.summary, "draft": post.draft, "author": post.author,
            "body": len(post.body), "body_line": post.body_line, "order": post.order,
            "slug_text": post.slug_text,
            "shortcodes": [[s.kind, s.name, [list(o) for o in s.options], s.line]
                           for s in post.shortcodes]}


def _post_from_entry(entry: dict, path: Path, text: str) -> Post:
    return Post(
        source=path, slug=entry["slug"], title=entry["title"],
        date=date.fromisoformat(entry["date"]) if entry["date"] else None,
        tags=tuple(entry["tags"]), summary=entry["summary"], draft=entry["draft"],
        author=entry["author"], body=text[len(text) - entry["body"]:],
        body_line=entry["body_line"], order=entry["order"], slug_text=entry["slug_text"],
        shortcodes=tuple(Shortcode(kind, name, tuple(tuple(o) for o in options), line)
                         for kind, name, options, line in entry["shortcodes"]))


def _parse_post(path: Path, text: str, default_author: str) -> Post:
    meta, body, body_line, key_lines = split_front_matter(text, path)
    unknown = sorted(str(k) for k in meta if k not in FRONT_MATTER_KEYS)
    if unknown:
        raise ContentError(Problem(f"unknown front matter key '{unknown[0]}'", path,
                                   key_lines.get(unknown[0], 2),
                                   hint=f"valid keys: {', '.join(FRONT_MATTER_KEYS)}"))
    at = {k: key_lines.get(k, 2) for k in FRONT_MATTER_KEYS}
    for key in ("title", "summary", "author", "slug"):
        _refuse_non_text(meta.get(key), key, path, at[key])
    stem = re.sub(r"^\d{4}-\d{2}-\d{2}-", "", path.stem)
    title = str(meta.get("title") or stem.replace("-", " ").capitalize())
    draft = meta.get("draft", False)
    if not isinstance(draft, bool):
        quoted = " (in quotes: text, not true or false)" if isinstance(draft, str) and \
            draft.strip().lower() in ("true", "false") else ""
        raise ContentError(Problem(f"'draft': expected true or false, got {draft!r}{quoted}",
                                   path, at["draft"], hint="write draft: true or draft: false, "
                                   "without quotes"))
    return Post(
        source=path, slug=slugify(str(meta.get("slug") or stem)),
        slug_text=str(meta.get("slug") or stem), title=title,
        date=_as_date(meta.get("date"), path, at["date"]),
        tags=_tags(meta.get("tags"), path, at["tags"]),
        summary=str(meta.get("summary") or ""), draft=draft,
        author=str(meta.get("author") or default_author), body=body, body_line=body_line,
        shortcodes=find_shortcodes(body, body_line),
        order=_order(meta.get("order"), path, at["order"]),
    )


def _refuse_non_text(value, key: str, path: Path, line: int) -> None:
    """A list or a mapping where a value is text ('title: [a, b]') is a mistake, not a
    title to show as Python writes a list."""
    if isinstance(value, (list, dict)):
        kind = "a list" if isinstance(value, list) else "a mapping ('name: value' pairs)"
        raise ContentError(Problem(f"'{key}': expected text, got {kind}", path, line,
                                   hint="put the whole value in quotes"))


def _read_text(path: Path, folder: Path, parent_inside: bool = False) -> str:
    """A post's text: a regular file inside the project, UTF-8, without NUL characters;
    ``parent_inside``: its folder is known to be inside the project (then a regular file
    there, not a link, is too, with no need to resolve its path)."""
    if not (parent_inside and _plain_file(path)) and \
            not user_file(path, folder, ContentError):
        raise ContentError(Problem("no such file", path))
    try:
        text = utf8_text(path.read_bytes(), path, ContentError)
    except OSError as exc:
        raise ContentError(Problem(f"cannot be read: {exc.strerror}", path)) from None
    if "\x00" in text:
        raise ContentError(Problem("a NUL character (\\0) in the text", path,
                                   text.count("\n", 0, text.index("\x00")) + 1))
    return text


def _plain_file(path: Path) -> bool:
    """A regular file, not a link."""
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except OSError:
        return False


def content_files(folder: Path) -> list[Path]:
    """The Markdown files of a folder of posts or pages, sorted: not hidden ones (their name
    starts with '.'), nor those an editor keeps (``EDITOR_FILE``)."""
    return sorted(p for p in folder.glob("*.md")
                  if not p.name.startswith(".") and not EDITOR_FILE.search(p.name))


def load_posts(folder: Path, drafts: bool = False, default_author: str = "",
               parsed: ParsedCache | None = None) -> list[Post]:
    """Posts newest first (then by slug); drafts only when asked for (``parsed``: see
    ``read_post``)."""
    inside = project_folder(folder)
    known = folder.resolve().is_relative_to(inside)
    posts = [read_post(p, default_author, inside, parsed, known)
             for p in content_files(folder)]
    missing = [p for p in posts if p.date is None]
    if missing:
        raise ContentError(Problem("a post needs a 'date' in its front matter",
                                   missing[0].source, 1))
    posts = [p for p in posts if drafts or not p.draft]
    unique_slugs(posts)
    return sorted(posts, key=lambda p: (p.date, p.slug), reverse=True)


def load_pages(folder: Path, drafts: bool = False,
               parsed: ParsedCache | None = None) -> list[Post]:
    """Stand-alone pages (About, Method), ordered by their 'order' key then title; drafts
    only when asked for, as posts."""
    if not folder.is_dir():
        return []
    inside = project_folder(folder)
    known = folder.resolve().is_relative_to(inside)
    pages = [read_post(p, "", inside, parsed, known) for p in content_files(folder)]
    pages = [p for p in pages if drafts or not p.draft]
    unique_slugs(pages)
    return sorted(pages, key=lambda p: (p.order, p.title))


def unique_slugs(posts: list[Post]) -> None:
    """Refuse posts (or pages) of one slug: a problem at each post whose slug an earlier
    one has, naming that one."""
    first: dict[str, Path] = {}
    problems = []
    for post in posts:
        seen = first.setdefault(post.slug, post.source)
        if seen != post.source:
            problems.append(Problem(f"slug '{post.slug}' is also used by {seen.name}",
                                    post.source, 1,
                                    hint="set a different 'slug:' in the front matter"))
    if problems:
        raise ContentError(*problems)


def one_per_slug(posts: list[Post]) -> list[Post]:
    """The first post (or page) of each slug: what is left once ``unique_slugs`` has said
    which clash."""
    first: dict[str, Post] = {}
    for post in posts:
        first.setdefault(post.slug, post)
    return list(first.values())

"""With pseudonyms on, a post names the accounts of the data only by their pseudonyms.

Every ``@name`` written in a post or page that names an account of any snapshot of the data
is replaced by the handle it is published under, before the Markdown is converted: in the
title, tags, summary, author and body (code, link text and addresses included), so that no
heading id, table of contents, page title, menu, feed entry, tag page or sitemap entry
carries it. A name names the account whose id or handle it is exactly, else the one that
looks alike (other case, a Kelvin sign, full-width letters: ``sitegen.slugs.lookalike_key``),
as mentions do. It is looked for after every ``@`` not inside a word (not the ``@`` of an
e-mail address), whatever comes before (an address such as ``https://mastodon.social/@ann``,
the ``.@ann`` of a reply). The longest name that is an account's wins, of what follows the
``@`` and its parts cut at an ``@`` or a ``.``: ``@ann@example.social`` (a fediverse
account), else its ``@ann``; the ``@ann`` of ``@ann.png``; but ``@ann-marie`` is another
name. A name that may mean two or more accounts cannot be left as written: an error names
where it is written. Accounts the author chose to name (``privacy.named``) publish their
own handle.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable

from sitegen.analysis.queries import named_accounts
from sitegen.content import Post
from sitegen.errors import ContentError, Problem
from sitegen.site.markdown_render import WRITTEN_NAME
from sitegen.site.model import SiteData
from sitegen.slugs import slugify

# an '@' not inside a word, and what may follow it in a handle or id, '@' included
WRITTEN = re.compile(rf"(?<!\w)@({WRITTEN_NAME})")

Accounts = dict[str, str]  # original id -> handle published


def _names(run: str) -> list[str]:
    """The names ``run`` (what follows an '@') may stand for, longest first: itself, and its
    part before each '@' or '.' (``ann@example.social``, ``ann@example``, ``ann``; the
    ``ann`` of ``ann.png``), but not a part cut at a '-' (``ann-marie`` is another name)."""
    return [run, *(run[:end] for end in range(len(run) - 1, 0, -1)
                   if run[end] in "@." and run[end - 1] not in ".@-")]


def _texts(post: Post) -> list[str]:
    """What a post writes: its front matter's text (the slug's too: ``slug: '@ann story'``)
    and its body."""
    return [post.title, post.summary, post.author or "", *post.tags, post.slug_text, post.body]


def accounts_named(site: SiteData, names: set[str]) -> dict[str, Accounts]:
    """For each name, the accounts of any snapshot it may mean, as mentions find them
    (exactly first, in any snapshot; else the look-alikes); a later snapshot's published
    handle wins. The mentions already linked (the latest snapshot) as they were decided."""
    exact: dict[str, Accounts] = {}
    alike: dict[str, Accounts] = {}
    for report in site.analysis.reports:  # oldest first
        for name, matches in named_accounts(report, names).items():
            for match in matches:
                kind = exact if name in (match.original_id, match.original_handle) else alike
                kind.setdefault(name, {})[match.original_id] = match.handle or match.id
    found = {name: exact.get(name) or alike[name] for name in {*exact, *alike}}
    found.update({name: {account_id: published}
                  for name, (published, account_id) in site.mentions.items()})
    return found


def _rewriter(found: dict[str, Accounts], problems: list[Problem]
              ) -> Callable[[str, Post, int | None], str]:
    def rewrite(text: str, post: Post, line: int | None) -> str:
        """``text`` (of ``post``; at ``line``, or in the body when None) with each name
        replaced: the longest that names an account."""
        def one(match: re.Match) -> str:
            run = match[1]
            for name in _names(run):
                accounts = found.get(name)
                if not accounts:
                    continue
                if len(accounts) > 1:
                    at = line or post.body_line + text.count("\n", 0, match.start())
                    problems.append(Problem(
                        f"@{name} may mean {len(accounts)} accounts of the data (ids "
                        f"{', '.join(sorted(accounts))}); with pseudonyms on it cannot be left "
                        "as written", post.source, at,
                        hint="write the account's id, or its handle exactly"))
                    return match[0]
                return "@" + next(iter(accounts.values())) + run[len(name):]
            return match[0]

        return WRITTEN.sub(one, text) if "@" in text else text

    return rewrite


def pseudonymous_text(site: SiteData) -> SiteData:
    """The site with every post and page rewritten to the published handles (and those
    handles known to the mention links), or the site as it is when pseudonyms are off."""
    if not site.config.privacy.pseudonymize:
        return site
    written = {name for post in (*site.posts, *site.pages) for text in _texts(post)
               if "@" in text for run in WRITTEN.findall(text) for name in _names(run)}
    if not written:
        return site
    problems: list[Problem] = []
    found = accounts_named(site, written)
    rewrite = _rewriter(found, problems)

    def rewritten(post: Post) -> Post:
        front = 1  # front matter: its line is not kept, the file is named
        return dataclasses.replace(
            post, title=rewrite(post.title, post, front),
            summary=rewrite(post.summary, post, front),
            author=rewrite(post.author, post, front) if post.author else post.author,
            tags=tuple(rewrite(t, post, front) for t in post.tags),
            body=rewrite(post.body, post, None))

    posts, pages = tuple(map(rewritten, site.posts)), tuple(map(rewritten, site.pages))
    problems += _named_in_addresses((*posts, *pages), found)
    if problems:
        raise ContentError(*problems)
    mentions = {**site.mentions, **{published: found for found in site.mentions.values()
                                    for published in (found[0],)}}
    return dataclasses.replace(site, posts=posts, pages=pages, mentions=mentions)


# a name written as @name shorter than this, in a post's address, is taken for a word of it
# ("what-a-week" of an account "a"): no name of one or two letters is looked for there
MIN_ADDRESS_NAME = 3


def _named_in_addresses(posts: tuple[Post, ...], found: dict[str, Accounts]) -> list[Problem]:
    """A post's address (its slug: the file name, or ``slug:``) is not rewritten, nor a tag
    written without its '@': one holding the words of a name the site writes as an account's
    ``@name`` (``sitegen new post "What @ann bought"`` names the file
    ``...-what-ann-bought.md``; ``tags: [ann]``) would publish that handle in the address,
    the sitemap and every listing. Each such post is refused, naming the file; an account
    published under its own handle (``privacy.named``) is no leak."""
    forms = {}
    for name, accounts in found.items():
        words = slugify(name).split("-")
        published = {slugify(handle) for handle in accounts.values()}
        if len(name) >= MIN_ADDRESS_NAME and "-".join(words) not in published:
            forms.setdefault(tuple(words), name)
    problems = []
    for post in posts:  # rewritten: a tag written '@ann' is a pseudonym by now
        for what, address, hint in (
                ("post's address", post.slug, "set 'slug:' in the front matter to words "
                 "without the name (or rename the file)"),
                *(("tag", tag, "write the tag as '@name', which is replaced, or leave it out")
                  for tag in post.tags)):
            name = _held(slugify(address).split("-"), forms)
            if name:
                problems.append(Problem(
                    f"the {what} '{address}' holds @{name}, an account of the data written "
                    "in the site: with pseudonyms on, its handle would be published in the "
                    "address", post.source, 1, hint=hint))
    return problems


def _held(words: list[str], forms: dict[tuple[str, ...], str]) -> str | None:
    """The first name (by its words) that ``words`` hold as a run, else None."""
    for form, name in sorted(forms.items()):
        if any(tuple(words[i:i + len(form)]) == form for i in range(len(words))):
            return name
    return None

"""With pseudonyms on, a post names the accounts of the data only by their pseudonyms.

Every ``@name`` written in a post or page that names an account of any snapshot of the data
(its id or handle, exactly or in other case when that means one account; or the account a
mention links to, look-alikes included) is replaced by the handle it is published under,
before the Markdown is converted: in the title, tags, summary, author and body (code, link
text and addresses included), so that no heading id, table of contents, page title, menu,
feed entry, tag page or sitemap entry carries it. A name is looked for after every ``@``,
whatever comes before (an address such as ``https://mastodon.social/@ann``, the ``.@ann`` of
a reply), and it may hold an ``@`` itself (``@ann@example.social``, a fediverse account);
the longest name that means an account wins. Accounts the author chose to name
(``privacy.named``) publish their own handle.
"""

from __future__ import annotations

import dataclasses
import re

from sitegen.content import Post
from sitegen.errors import ContentError, Problem
from sitegen.site.model import SiteData

# an '@' and what may follow it in a handle or id, '@' included (user@domain)
WRITTEN = re.compile(r"@(\w(?:[\w.@-]{0,251}\w)?)")
SEPARATORS = "@.-"


def _names(run: str) -> list[str]:
    """The names ``run`` (what follows an '@') may stand for, longest first: itself, and
    each part before a separator (``ann@example.social``, ``ann@example``, ``ann``)."""
    names = [run]
    for end in range(len(run) - 1, 0, -1):
        if run[end] in SEPARATORS and re.match(r"\w", run[end - 1]):
            names.append(run[:end])
    return names


def _texts(post: Post) -> list[str]:
    return [post.title, post.summary, post.author or "", *post.tags, post.body]


def published_names(site: SiteData, written: set[str]) -> dict[str, str]:
    """For each name written after an '@' that means one account of the data, the handle
    that account is published under; a name that may mean two or more is an error."""
    shown = {name: published for name, (published, _) in site.mentions.items()}
    wanted = sorted(written - shown.keys())
    lowered = sorted({n.lower() for n in wanted if n.isascii()})
    exact: dict[str, set[tuple[str, str]]] = {}
    other_case: dict[str, set[tuple[str, str]]] = {}
    for report in site.analysis.reports:
        original = report.snapshot.table("account_classes")
        rows = report.snapshot.db.execute(
            f"SELECT o.id, o.handle, p.handle FROM {original} o JOIN {report.accounts_table} p "
            "USING (k) WHERE o.id IN (SELECT unnest($w)) OR o.handle IN (SELECT unnest($w)) "
            "OR lower(o.id) IN (SELECT unnest($l)) OR lower(o.handle) IN (SELECT unnest($l))",
            {"w": wanted or [""], "l": lowered or [""]}).fetchall()
        for account_id, handle, published in rows:
            for name in {account_id, handle} - {None}:
                exact.setdefault(name, set()).add((account_id, published))
                if name.isascii():
                    other_case.setdefault(name.lower(), set()).add((account_id, published))
    problems = []
    for name in wanted:
        found = exact.get(name) or (other_case.get(name.lower()) if name.isascii() else None)
        if not found:
            continue
        if len({account_id for account_id, _ in found}) > 1:
            problems.append(Problem(
                f"@{name} may mean {len(found)} accounts of the data; with pseudonyms on it "
                "cannot be left as written", hint="write the account's id or exact handle"))
            continue
        shown[name] = next(iter(found))[1]
    if problems:
        raise ContentError(*problems)
    return shown


def _replace(text: str, shown: dict[str, str]) -> str:
    def one(match: re.Match) -> str:
        run = match[1]
        for name in _names(run):
            if name in shown:
                return "@" + shown[name] + run[len(name):]
        return match[0]

    return WRITTEN.sub(one, text) if "@" in text else text


def pseudonymous_text(site: SiteData) -> SiteData:
    """The site with every post and page rewritten to the published handles (and those
    handles known to the mention links), or the site as it is when pseudonyms are off."""
    if not site.config.privacy.pseudonymize:
        return site
    written = {name for post in (*site.posts, *site.pages) for text in _texts(post)
               if "@" in text for run in WRITTEN.findall(text) for name in _names(run)}
    shown = {name: published for name, published in published_names(site, written).items()
             if published != name}
    if not shown:
        return site

    def rewrite(post: Post) -> Post:
        return dataclasses.replace(
            post, title=_replace(post.title, shown), summary=_replace(post.summary, shown),
            author=_replace(post.author, shown) if post.author else post.author,
            tags=tuple(_replace(t, shown) for t in post.tags), body=_replace(post.body, shown))

    mentions = {**site.mentions, **{published: found for found in site.mentions.values()
                                    for published in (found[0],)}}
    return dataclasses.replace(site, posts=tuple(map(rewrite, site.posts)),
                               pages=tuple(map(rewrite, site.pages)), mentions=mentions)

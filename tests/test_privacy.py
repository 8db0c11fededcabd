"""privacy.pseudonymize: no original id, handle, name or bio in any byte of the built site."""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sitegen.check import check_project
from sitegen.cli import app
from sitegen.config import load_config
from sitegen.errors import ConfigError, ContentError
from sitegen.privacy import pseudonym
from sitegen.site.build import build_site

# distinctive strings, so that finding one anywhere in the output is a real leak
ACCOUNTS = [
    (f"idzq{i}", f"handleqv{i}", f"Namewk Person{i}", f"Bioxy text{i}") for i in range(1, 7)
]
FOLLOWS = [(1, 2), (2, 1), (3, 1), (4, 1), (5, 1), (6, 1), (1, 3), (3, 2), (2, 3), (6, 5)]
REPLIES = [(1, 2), (2, 1), (1, 2), (2, 1), (3, 1), (5, 6)]


def snapshot_yaml(taken: str, extra_follows: list[tuple[int, int]] = ()) -> str:
    lines = [f"taken: {taken}", "network: private", "accounts:"]
    for account_id, handle, name, bio in ACCOUNTS:
        lines.append(f"  - {{id: {account_id}, handle: {handle}, name: '{name}', "
                     f"bio: '{bio}', age_band: '25-34'}}")
    lines.append("follows:")
    for a, b in [*FOLLOWS, *extra_follows]:
        lines.append(f"  - {{follower: idzq{a}, followed: idzq{b}}}")
    lines.append("interactions:")
    for a, b in REPLIES:
        lines.append(f"  - {{source: idzq{a}, target: idzq{b}, kind: reply, "
                     f"at: '{taken}T10:00:00Z'}}")
    lines.append("posts:")
    for i in (1, 1, 1, 2, 2, 2, 6, 6, 6):
        lines.append(f"  - {{author: idzq{i}, at: '{taken}T12:00:00Z'}}")
    return "\n".join(lines) + "\n"


POST = """---
title: What the network says
date: 2024-03-05
---
We asked @handleqv1 and @handleqv3 about it; @somebody_else is not in the data.

[[account:handleqv2]]

[[account:handleqv3]]

[[chart:followers-following]]
"""


@pytest.fixture
def private_project(tmp_path: Path, monkeypatch) -> Path:
    root = tmp_path / "report"
    (root / "content" / "snapshots").mkdir(parents=True)
    (root / "content" / "posts").mkdir()
    (root / "content" / "snapshots" / "2024-01.yml").write_text(snapshot_yaml("2024-01-01"))
    (root / "content" / "snapshots" / "2024-02.yml").write_text(
        snapshot_yaml("2024-02-01", [(4, 6), (4, 5)]))
    (root / "content" / "posts" / "2024-03-05-post.md").write_text(POST)
    (root / "sitegen.yml").write_text(
        "site:\n  url: https://example.org/report/\n"
        "privacy:\n  pseudonymize: true\n  named: [handleqv3]\n")
    monkeypatch.setenv("SITEGEN_PRIVACY_KEY", "a-secret-key-of-some-length")
    return root


def build(root: Path, output: str = "output") -> Path:
    config = load_config(root / "sitegen.yml")
    config = config.__class__(**{**config.__dict__,
                                 "paths": config.paths.__class__(output=output)})
    build_site(config, use_cache=False)
    return root / output


def every_file(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_no_original_identity_in_any_output_byte(private_project: Path):
    site = build(private_project)
    files = every_file(site)
    assert any(name.startswith("data/") for name in files)  # open data was written
    hidden = [v for i, row in enumerate(ACCOUNTS, start=1) if i != 3 for v in row]
    leaks = [(name, secret) for name, data in files.items() for secret in hidden
             if secret.lower().encode() in data.lower() or secret.encode() in name.encode()]
    assert leaks == []


def test_named_accounts_stay_named_and_mentions_use_pseudonyms(private_project: Path):
    site = build(private_project)
    post = (site / "posts" / "post" / "index.html").read_text("utf-8")
    assert "@handleqv3" in post  # the author chose to name this one
    assert "Namewk Person3" in post  # its card keeps its name
    assert "@acct-" in post  # the others are shown under their pseudonyms
    assert "@somebody_else" in post  # not in the data: left as written


def test_pseudonyms_are_stable_and_keyed(private_project: Path, monkeypatch):
    first = every_file(build(private_project, "one"))
    assert every_file(build(private_project, "two")) == first
    monkeypatch.setenv("SITEGEN_PRIVACY_KEY", "another-secret-key-entirely")
    third = every_file(build(private_project, "three"))
    pages = sorted(name for name in third if name.startswith("accounts/acct-"))
    assert pages and not set(pages) & set(first)  # a different key, different pseudonyms


def test_a_missing_key_is_a_clear_error(private_project: Path, monkeypatch):
    monkeypatch.delenv("SITEGEN_PRIVACY_KEY")
    monkeypatch.chdir(private_project)
    result = CliRunner().invoke(app, ["build"])
    assert result.exit_code == 2
    assert "SITEGEN_PRIVACY_KEY" in result.output
    assert "Traceback" not in result.output
    assert not (private_project / "output").exists()
    assert os.environ.get("SITEGEN_PRIVACY_KEY") is None


# -- the adversary's cases: columns sitegen does not know, handles in headings, titles, tags
# and summaries, handles with '.', '-' or other scripts, and the order of ids in the GEXF

LEAKY = """taken: 2024-02-01
network: private
accounts:
  - {id: '900', handle: zorblax, location: Quuxville, email: zorb@quux.example, age_band: '25-34'}
  - {id: '100', handle: alice.bsky.social, location: Quuxville, email: al@quux.example,
     age_band: '25-34'}
  - {id: '500', handle: Зоя-Ёлкина, location: Frobtown, email: zoya@frob.example, age_band: '35-44'}
  - {id: '300', handle: plainfolk, location: Frobtown, email: pf@frob.example, age_band: '35-44'}
follows:
  - {follower: '900', followed: '100'}
  - {follower: '100', followed: '900'}
  - {follower: '500', followed: '900'}
  - {follower: '300', followed: '500'}
posts:
  - {author: '900', at: '2024-01-20T12:00:00Z'}
"""

LEAKY_POST = """---
title: What @zorblax told @alice.bsky.social
date: 2024-03-05
tags: [talk, "@Зоя-Ёлкина"]
summary: A word from @zorblax.
---
[TOC]

## What @zorblax said

Ask @alice.bsky.social, or `@zorblax` in code, or [a link to @Зоя-Ёлкина](https://example.org/).
"""


@pytest.fixture
def leaky_project(tmp_path: Path, monkeypatch) -> Path:
    root = tmp_path / "leaky"
    (root / "content" / "snapshots").mkdir(parents=True)
    (root / "content" / "posts").mkdir()
    (root / "content" / "snapshots" / "2024-02.yml").write_text(LEAKY, encoding="utf-8")
    (root / "content" / "posts" / "2024-03-05-talk.md").write_text(LEAKY_POST,
                                                                  encoding="utf-8")
    (root / "sitegen.yml").write_text(
        "site:\n  url: https://example.org/report/\n"
        "privacy:\n  pseudonymize: true\n  keep: [age_band]\n", encoding="utf-8")
    monkeypatch.setenv("SITEGEN_PRIVACY_KEY", "a-secret-key-of-some-length")
    return root


def test_only_what_is_allowed_is_published(leaky_project: Path):
    files = every_file(build(leaky_project))
    secrets = ["zorblax", "alice.bsky", "bsky.social", "Зоя", "Ёлкина", "plainfolk",
               "Quuxville", "Frobtown", "quux.example", "frob.example"]
    leaks = sorted({(name, secret) for name, data in files.items() for secret in secrets
                    if secret.lower().encode() in data.lower() or secret.lower() in name.lower()})
    assert leaks == []
    # the allowed attribute is published, with its groups
    snapshot_page = files["snapshots/2024-02/index.html"].decode()
    assert "age_band" in snapshot_page and "25-34" in snapshot_page


def test_posts_carry_the_pseudonyms_everywhere(leaky_project: Path):
    site = build(leaky_project)
    post = (site / "posts" / "talk" / "index.html").read_text("utf-8")
    assert post.count("@acct-") >= 5  # title, heading, TOC, body, code
    # the heading's id and the table of contents are made of the pseudonym
    heading = re.search(r'<h2 id="what-(acct-[0-9a-f]{16})-said">What <bdi><a class="mention" '
                        r'href="[^"]+/accounts/\1/">@\1</a></bdi> said</h2>', post)
    assert heading and f'<a href="#what-{heading[1]}-said">What @{heading[1]} said</a>' in post
    feed = (site / "feed.xml").read_text("utf-8")
    assert "What @acct-" in feed
    tags = (site / "tags" / "index.html").read_text("utf-8")
    assert "@acct-" in tags


def test_gexf_ids_do_not_follow_the_original_order(leaky_project: Path):
    site = build(leaky_project)
    gexf = (site / "data" / "2024-02" / "follows.gexf").read_text("utf-8")
    nodes = re.findall(r"<node id='([^']+)'", gexf)
    assert len(nodes) == 4 and all(re.fullmatch(r"acct-[0-9a-f]{16}", n) for n in nodes)
    assert nodes == sorted(nodes)  # listed by pseudonym, not by the original ids
    edges = re.findall(r"<edge source='([^']+)' target='([^']+)'", gexf)
    assert len(edges) == 4 and edges == sorted(edges)
    assert set(sum(edges, ())) <= set(nodes)


def test_the_accounts_csv_is_in_pseudonym_order(private_project: Path):
    """Rows by published id: the order of the original ids (the integer keys' order) would
    give them away."""
    site = build(private_project)
    for snapshot in ("2024-01", "2024-02"):
        rows = list(csv.reader(io.StringIO(
            (site / "data" / snapshot / "accounts.csv").read_text("utf-8"))))[1:]
        ids = [row[1] for row in rows]
        assert len(ids) == 6 and sum(bool(re.fullmatch(r"acct-[0-9a-f]{16}", i))
                                     for i in ids) == 5  # one named account keeps its id
        assert ids == sorted(ids)


def test_a_dropped_column_is_named_in_a_warning(leaky_project: Path, caplog):
    build(leaky_project)
    assert "location, email" in caplog.text and "privacy.keep" in caplog.text


# -- a second adversary: names only in front matter, after '/' or '.', fediverse names,
# accounts of an earlier snapshot only, one-sided exports' owners, ambiguous named entries

FRONTIER = {
    "2024-01": [("idzq1", "handleqv1"), ("goneid9", "gonehandle9"), ("idzq2", "oldhandle2"),
                ("fedi@example.social", "fedi@example.social"), ("idzq4", "handleqv4")],
    "2024-02": [("idzq1", "handleqv1"), ("idzq2", "newhandle2"),
                ("fedi@example.social", "fedi@example.social"), ("idzq4", "handleqv4")],
}
FRONTIER_POST = """---
title: What @handleqv1 did
summary: A word with @HANDLEQV4.
tags: ["@handleqv4"]
author: "@handleqv1"
date: 2024-03-05
---
See https://mastodon.social/@handleqv1 and .@handleqv4 and a picture at /img/@handleqv1.png.
We talked with @fedi@example.social. @gonehandle9 left and @goneid9 too; @oldhandle2 renamed.
"""


def frontier(root: Path, settings: str = "") -> Path:
    (root / "content" / "snapshots").mkdir(parents=True)
    (root / "content" / "posts").mkdir()
    (root / "content" / "pages").mkdir()
    for name, accounts in FRONTIER.items():
        lines = [f"taken: {name}-01", "accounts:"]
        lines += [f"  - {{id: '{i}', handle: '{h}'}}" for i, h in accounts]
        lines += ["follows:", f"  - {{follower: '{accounts[0][0]}', followed: "
                              f"'{accounts[-1][0]}'}}"]
        (root / "content" / "snapshots" / f"{name}.yml").write_text("\n".join(lines) + "\n")
    (root / "content" / "posts" / "2024-03-05-front.md").write_text(FRONTIER_POST)
    (root / "content" / "pages" / "about.md").write_text("---\ntitle: About @handleqv4\n---\n"
                                                         "Nothing here.\n")
    (root / "sitegen.yml").write_text("site:\n  url: https://example.org/report/\n"
                                      f"privacy:\n  pseudonymize: true\n{settings}")
    return root


def test_every_name_of_the_data_is_replaced_wherever_it_is_written(tmp_path, monkeypatch):
    """Front matter alone (title, summary, tags, author, a page's title in every menu),
    after '/' or '.', with an '@' inside, in other case, or of an account that only an
    earlier snapshot has (or under its earlier handle)."""
    monkeypatch.setenv("SITEGEN_PRIVACY_KEY", "a-secret-key-of-some-length")
    files = every_file(build(frontier(tmp_path / "front")))
    secrets = ["handleqv", "idzq", "gonehandle", "goneid", "oldhandle", "newhandle", "fedi"]
    leaks = sorted({(name, secret) for name, data in files.items() for secret in secrets
                    if secret.encode() in data.lower() or secret in name.lower()})
    assert leaks == []
    post = files["posts/front/index.html"].decode()
    assert "https://mastodon.social/@acct-" in post and ".@acct-" in post
    assert "/img/@acct-" in post  # the fediverse name whole, a mention of its page:
    assert 'We talked with <bdi><a class="mention" href="/report/accounts/acct-' in post
    assert post.count("@acct-") >= 10
    assert "@example.social" not in post  # the whole fediverse name was the account's


def test_a_named_entry_names_one_account_or_is_refused(tmp_path, monkeypatch):
    """Exactly as written first, then in other case only when that means one account; an
    entry that may mean several publishes none of them and says so."""
    monkeypatch.setenv("SITEGEN_PRIVACY_KEY", "a-secret-key-of-some-length")
    root = frontier(tmp_path / "named", "  named: [HANDLEQV1]\n")
    accounts = (build(root) / "data" / "2024-02" / "accounts.csv").read_text("utf-8")
    assert "idzq1,handleqv1," in accounts and accounts.count("acct-") == 6  # 3 others
    clash = frontier(tmp_path / "clash", "  named: [idzq4]\n")
    snapshot = clash / "content" / "snapshots" / "2024-02.yml"
    snapshot.write_text(snapshot.read_text().replace("newhandle2", "IDZQ4"))
    published = (build(clash) / "data" / "2024-02" / "accounts.csv").read_text("utf-8")
    assert "idzq4,handleqv4," in published and "IDZQ4" not in published  # exact wins...
    shutil.rmtree(clash / "output")
    snapshot.write_text(snapshot.read_text().replace("IDZQ4", "idzq4"))
    with pytest.raises(ConfigError) as refused:  # ... unless two accounts are it exactly
        build(clash)
    assert "'privacy.named': 'idzq4' may mean 2 accounts of 2024-02 (ids idzq2, idzq4)" \
        in str(refused.value)
    assert not (clash / "output").exists()


def test_the_owners_of_a_one_sided_export_are_published_as_pseudonyms(tmp_path, monkeypatch):
    monkeypatch.setenv("SITEGEN_PRIVACY_KEY", "a-secret-key-of-some-length")
    root = frontier(tmp_path / "owners")
    snapshot = root / "content" / "snapshots" / "2024-02.yml"
    snapshot.write_text(snapshot.read_text().replace(
        "accounts:", "observed: {owners: [idzq1], follows: owners}\naccounts:", 1))
    site = build(root)
    data = (site / "data" / "2024-02" / "accounts.json").read_text("utf-8")
    owners = re.search(r'"observed": *\{"owners": *\["([^"]+)"\]', data)
    assert owners and owners[1].startswith("acct-") and "idzq1" not in data
    assert f'"id": "{owners[1]}"' in data or f'"id":"{owners[1]}"' in data


def small_private(root: Path, accounts: list[tuple[str, str]], post: str,
                  settings: str = "") -> Path:
    (root / "content" / "snapshots").mkdir(parents=True)
    (root / "content" / "posts").mkdir()
    lines = ["taken: 2024-02-01", "accounts:",
             *(f"  - {{id: '{i}', handle: '{h}'}}" for i, h in accounts)]
    (root / "content" / "snapshots" / "2024-02.yml").write_text("\n".join(lines) + "\n",
                                                                "utf-8")
    (root / "content" / "posts" / "2024-03-05-x.md").write_text(post, "utf-8")
    (root / "sitegen.yml").write_text("site:\n  url: https://example.org/r/\nprivacy:\n"
                                      f"  pseudonymize: true\n{settings}", "utf-8")
    return root


def test_the_longest_name_wins_and_other_words_are_left_alone(tmp_path, monkeypatch):
    """A named account whose handle a shorter account's starts is kept whole; an e-mail
    address and a longer name that is no account's (a hyphen makes another name) stay as
    written; a look-alike (Kelvin sign) written only in the title is replaced."""
    monkeypatch.setenv("SITEGEN_PRIVACY_KEY", "a-secret-key-of-some-length")
    root = small_private(
        tmp_path / "p", [("1", "ann"), ("2", "ann.smith"), ("3", "gmail"), ("4", "kate")],
        "---\ntitle: With @\u212aate\ndate: 2024-03-05\n---\nThanks @ann.smith and @ann. "
        "Write to me@gmail.com; @ann-marie.bsky.social is no account here.\n",
        "  named: [ann.smith]\n")
    page = (build(root) / "posts" / "x" / "index.html").read_text("utf-8")
    assert "@ann.smith" in page and "me@gmail.com" in page
    assert "@ann-marie.bsky.social" in page
    key = "a-secret-key-of-some-length"
    assert f"@{pseudonym(key, '1')}</a></bdi>. Write" in page
    assert "\u212aate" not in page and f"<title>With @{pseudonym(key, '4')}" in page


def test_a_name_that_may_mean_two_accounts_is_refused_where_it_is_written(tmp_path,
                                                                          monkeypatch):
    """Only the name a rewrite would use: 'Ann' and 'ANN' are two accounts, so '@ann' in the
    title stops the build, at the file; '@ann@example.social' of a third is no trouble."""
    monkeypatch.setenv("SITEGEN_PRIVACY_KEY", "a-secret-key-of-some-length")
    root = small_private(
        tmp_path / "p", [("1", "Ann"), ("2", "ANN"), ("3", "ann@example.social")],
        "---\ntitle: About @ann\nsummary: See @ann@example.social.\ndate: 2024-03-05\n"
        "---\nNothing here.\n")
    with pytest.raises(ContentError) as refused:
        build(root)
    said = str(refused.value)
    assert "2024-03-05-x.md:1: @ann may mean 2 accounts of the data (ids 1, 2)" in said
    assert "example.social" not in said
    (root / "content" / "posts" / "2024-03-05-x.md").write_text(
        "---\ntitle: About @Ann\nsummary: See @ann@example.social.\ndate: 2024-03-05\n"
        "---\nNothing here.\n")
    page = (build(root) / "posts" / "x" / "index.html").read_text("utf-8")
    assert "Ann" not in page and "example.social" not in page


def test_a_named_handle_that_passed_to_another_account_is_refused(tmp_path, monkeypatch):
    """'ann' was id2's handle in January and is id1's in February: naming 'ann' would publish
    id2 in January's files, someone the author did not mean. Named by id, it builds."""
    monkeypatch.setenv("SITEGEN_PRIVACY_KEY", "a-secret-key-of-some-length")
    root = small_private(tmp_path / "p", [("id1", "ann"), ("id2", "bob")],
                         "---\ntitle: Hi\ndate: 2024-03-05\n---\nHello.\n", "  named: ['@ann']\n")
    (root / "content" / "snapshots" / "2024-01.yml").write_text(
        "taken: 2024-01-01\naccounts:\n  - {id: 'id2', handle: 'ann'}\n"
        "  - {id: 'id3', handle: z}\n")
    with pytest.raises(ConfigError) as refused:
        build(root)
    assert ("'privacy.named': 'ann' names different accounts in different snapshots (id id1 "
            "in 2024-02; id id2 in 2024-01)") in str(refused.value)
    assert not (root / "output").exists()
    settings = root / "sitegen.yml"
    settings.write_text(settings.read_text().replace("'@ann'", "id1"))
    site = build(root)
    assert "id1,ann," in (site / "data/2024-02/accounts.csv").read_text("utf-8")
    assert "id2" not in (site / "data/2024-01/accounts.csv").read_text("utf-8")


def test_a_named_handle_the_account_lost_in_a_later_snapshot_is_refused(tmp_path, monkeypatch):
    """'bob' is id2's handle in January; in February id2 has none: named in January and a
    pseudonym in February, one account would be two in the series (one joined, one left),
    the pseudonym tied to the name by the rest. Named by id, it is one, named in both."""
    monkeypatch.setenv("SITEGEN_PRIVACY_KEY", "a-secret-key-of-some-length")
    root = small_private(tmp_path / "p", [("id1", "ann")],
                         "---\ntitle: Hi\ndate: 2024-03-05\n---\nHello.\n", "  named: [bob]\n")
    (root / "content" / "snapshots" / "2024-02.yml").write_text(
        "taken: 2024-02-01\naccounts:\n  - {id: 'id1', handle: 'ann'}\n  - {id: 'id2'}\n")
    (root / "content" / "snapshots" / "2024-01.yml").write_text(
        "taken: 2024-01-01\naccounts:\n  - {id: 'id1', handle: 'ann'}\n"
        "  - {id: 'id2', handle: bob}\n")
    with pytest.raises(ConfigError) as refused:
        build(root)
    said = ("'privacy.named': 'bob' names id id2 in 2024-01, but not in 2024-02, where that "
            "account has another handle or none")
    assert said in str(refused.value)
    assert not (root / "output").exists()
    assert said in [p.message for p in check_project(root / "sitegen.yml")]  # as the build
    settings = root / "sitegen.yml"
    settings.write_text(settings.read_text().replace("[bob]", "[bob, id2]"))  # named in both
    assert check_project(root / "sitegen.yml") == []
    settings.write_text(settings.read_text().replace("[bob, id2]", "[id2]"))
    site = build(root)
    for month in ("2024-01", "2024-02"):
        assert f"\n{month},id2," in (site / f"data/{month}/accounts.csv").read_text("utf-8")


def test_a_handle_in_a_posts_address_is_refused(tmp_path, monkeypatch):
    """'sitegen new post "What @quinn bought"' names the file ...-what-quinn-bought.md: the
    title was rewritten, but the address published the handle in the page's URL, the sitemap,
    the feed and every listing. Refused, naming the file; an account published under its own
    handle (privacy.named) is no leak, nor is a word of one or two letters."""
    monkeypatch.setenv("SITEGEN_PRIVACY_KEY", "a-secret-key-of-some-length")
    root = small_private(tmp_path / "p", [("1", "quinn"), ("2", "al")],
                         "---\ntitle: What @quinn bought\ndate: 2024-03-05\n---\nHi @al.\n")
    post = root / "content" / "posts" / "2024-03-05-x.md"
    post.rename(post.with_name("2024-03-05-what-quinn-bought-with-al.md"))
    with pytest.raises(ContentError) as refused:
        build(root)
    assert "2024-03-05-what-quinn-bought-with-al.md:1: the post's address " \
        "'what-quinn-bought-with-al' holds @quinn" in str(refused.value)
    assert not (root / "output").exists()
    (root / "sitegen.yml").write_text((root / "sitegen.yml").read_text() + "  named: [quinn]\n")
    assert (build(root) / "posts" / "what-quinn-bought-with-al" / "index.html").is_file()


def test_a_handle_written_in_a_slug_is_refused(tmp_path, monkeypatch):
    """'slug: "@quinn story"' made the address 'quinn-story' and nothing else in the site
    wrote @quinn: the handle was published in the address. Refused, naming the file."""
    monkeypatch.setenv("SITEGEN_PRIVACY_KEY", "a-secret-key-of-some-length")
    root = small_private(tmp_path / "p", [("1", "quinn")],
                         "---\ntitle: Story\nslug: '@quinn story'\ndate: 2024-03-05\n---\nx\n")
    with pytest.raises(ContentError) as refused:
        build(root)
    assert "2024-03-05-x.md:1: the post's address 'quinn-story' holds @quinn" \
        in str(refused.value)


def test_check_finds_a_handle_in_an_address_as_the_build_does(tmp_path, monkeypatch):
    """check analysed without pseudonyms and never rewrote the posts: a handle in a post's
    address passed check and stopped the build."""
    monkeypatch.setenv("SITEGEN_PRIVACY_KEY", "a-secret-key-of-some-length")
    root = small_private(tmp_path / "p", [("1", "quinn")],
                         "---\ntitle: What @quinn bought\ndate: 2024-03-05\n---\nHi.\n")
    post = root / "content" / "posts" / "2024-03-05-x.md"
    post.rename(post.with_name("2024-03-05-what-quinn-bought.md"))
    said = "\n".join(str(p) for p in check_project(root / "sitegen.yml"))
    assert "the post's address 'what-quinn-bought' holds @quinn" in said, said

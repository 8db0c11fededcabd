"""privacy.pseudonymize: no original id, handle, name or bio in any byte of the built site."""

from __future__ import annotations

import csv
import io
import os
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sitegen.cli import app
from sitegen.config import load_config
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

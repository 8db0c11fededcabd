"""Issue 10, impersonation and denial of service: handles crafted to pass for another account.

A handle spelt with the Kelvin sign (U+212A) must not receive the author's ``@Kate``; a name that
may mean two accounts is refused (cards) or left as text (mentions); handles with invisible or
direction-changing characters are marked and isolated; and no set of handles can give two
accounts one page address, with ``sitegen check`` finding what ``sitegen build`` finds.
"""

from __future__ import annotations

import contextlib
import dataclasses
import html
import json
import random
import re
from pathlib import Path
from urllib.parse import quote, unquote

import jinja2
import pytest
from browser_support import PageProblems, browser_test, chromium, serve

from sitegen.check import check_project
from sitegen.config import load_config, with_overrides
from sitegen.errors import ContentError
from sitegen.handles import PLAIN_PATTERN, hides_characters
from sitegen.site.build import build_site
from sitegen.site.theme import default_theme_dir
from sitegen.slugs import (
    IGNORABLE,
    MAX_BYTES,
    MAX_LENGTH,
    RESERVED,
    short_hash,
    slugify,
    unique_account_slugs,
)

KELVIN = "\u212a"  # KELVIN SIGN: lower() gives "k"
HIDDEN = "this handle contains invisible or direction-changing characters"


def is_safe_slug(slug: str) -> bool:
    """Letters, marks and digits of any script, ``-`` and ``_``, as ``slugify`` makes them."""
    return slugify(slug) == slug and len(slug.encode("utf-8")) <= MAX_BYTES


def snapshot(accounts: list[tuple[str, str, int]], taken: str = "2024-03-31") -> str:
    """A snapshot file (JSON is YAML) of (id, handle, followers) and a few follows."""
    ids = [a[0] for a in accounts]
    return json.dumps({
        "taken": taken, "network": "crafted",
        "accounts": [{"id": i, "handle": h, "followers_count": n} for i, h, n in accounts],
        "follows": [{"follower": a, "followed": b} for a, b in zip(ids, ids[1:])]},
        ensure_ascii=False)


def post(body: str) -> str:
    return f"---\ntitle: Crafted\ndate: 2024-04-01\n---\n{body}\n"


@pytest.fixture
def make_project(tmp_path: Path):
    """``make_project(accounts, body, settings)``: a project with one snapshot and one post."""

    def make(accounts: list, body: str = "Nothing to see.", settings: str = "") -> Path:
        root = tmp_path / "project"
        (root / "content" / "snapshots").mkdir(parents=True, exist_ok=True)
        (root / "content" / "posts").mkdir(exist_ok=True)
        (root / "content" / "snapshots" / "2024-03.yml").write_text(snapshot(accounts), "utf-8")
        (root / "content" / "posts" / "2024-04-01-crafted.md").write_text(post(body), "utf-8")
        (root / "sitegen.yml").write_text(f"site:\n  title: Crafted\n{settings}", "utf-8")
        return root

    return make


def build(root: Path, output: str = "output") -> Path:
    config = load_config(root / "sitegen.yml")
    config = dataclasses.replace(config, paths=dataclasses.replace(config.paths, output=output))
    build_site(config, use_cache=False)
    return root / output


def read(site: Path, page: str) -> str:
    """A page's HTML by its address (percent-encoded) or its folder."""
    return (site / unquote(page) / "index.html").read_text("utf-8")


KATES = [("1", f"{KELVIN}ate", 5000), ("2", "Kate", 10), ("3", "bob", 1)]


# -- confusables: exact first, look-alikes only when they mean one account -----------------


def test_the_kelvin_sign_never_receives_the_authors_kate(make_project):
    # the look-alike has the lower id and more followers: a lower() lookup picked it for @kate
    site = build(make_project(KATES, "Thanks @Kate, and @kate.\n\n[[account:Kate]]",
                              "  account_pages: 1\n"))
    body = read(site, "posts/crafted")
    kate, kelvin = f"accounts/kate-{short_hash('2')}/", f"accounts/kate-{short_hash('1')}/"
    assert (site / kate).is_dir() and (site / kelvin).is_dir()
    assert f'Thanks <bdi><a class="mention" href="/{kate}">@Kate</a></bdi>, and @kate.' in body
    assert f'<a href="/{kate}">' in body and "10 followers" in body  # the card is Kate's
    assert kelvin not in body and "5,000" not in body and KELVIN not in body


def test_a_name_that_may_mean_two_accounts_is_left_as_text(make_project, caplog):
    site = build(make_project(KATES, "Hello @kate and @BOB."))
    body = read(site, "posts/crafted")
    assert "Hello @kate and" in body and not re.search(r"<a[^>]*>@kate", body)
    assert '<bdi><a class="mention" href="/accounts/bob/">@bob</a></bdi>' in body  # one look-alike
    (warning,) = [r.getMessage() for r in caplog.records if "may mean" in r.getMessage()]
    assert "2024-04-01-crafted.md:5: @kate may mean 2 accounts" in warning
    assert "(id 1, \\u212aate)" in warning and "@Kate (id 2)" in warning


def test_a_card_that_may_mean_two_accounts_is_refused_by_build_and_check(make_project):
    root = make_project(KATES, "A card:\n\n[[account:kate]]")
    with pytest.raises(ContentError) as refused:
        build(root)
    problems = [str(p) for p in check_project(root / "sitegen.yml")]
    message = "2024-04-01-crafted.md:7: 'kate' may mean 2 accounts"
    assert message in str(refused.value) and any(message in p for p in problems)
    assert all(f"(id {i}" in str(refused.value) for i in ("1", "2"))
    assert not (root / "output").exists()


def test_one_look_alike_is_found_and_an_exact_id_wins(make_project):
    accounts = [("10", "ＫＡＴＥ", 3), ("Bob", "someone", 2), ("12", "BOB", 1)]
    site = build(make_project(accounts, "@kate, @Bob and [[account:kate]]",
                              "  account_pages: 0\n"))
    body = read(site, "posts/crafted")
    wide = f"/accounts/{quote('ｋａｔｅ')}/"  # the only account that looks so: readable
    # the only look-alike
    assert f'<bdi><a class="mention" href="{wide}">@ＫＡＴＥ</a></bdi>' in body
    assert '<bdi class="mention">@someone</bdi>' in body  # the id, written exactly
    assert f'<bdi class="handle"><a href="{wide}">@ＫＡＴＥ</a></bdi>' in body  # the card


def test_with_pseudonyms_an_unclear_mention_stops_the_build(make_project, monkeypatch):
    monkeypatch.setenv("SITEGEN_PRIVACY_KEY", "a-secret-key-of-some-length")
    root = make_project(KATES, "Hello @kate.", "privacy:\n  pseudonymize: true\n")
    with pytest.raises(ContentError, match="@kate may mean 2 accounts"):
        build(root)


# -- invisible and direction-changing characters --------------------------------------------

MARKED = {"zero-width space": "Ka\u200bte", "right-to-left override": "\u202eetaK",
          "isolate": "\u2067Kate\u2069", "soft hyphen": "Ka\u00adte", "word joiner": "Kat\u2060e",
          "Hangul filler": "Kate\u3164", "variation selector": "Kate\U000e0100"}


def account_pages(site: Path) -> dict[str, str]:
    """Account id -> its page's HTML, from the open data's links."""
    data = json.loads((site / "data/2024-03/accounts.json").read_text("utf-8"))
    return {a["id"]: read(site, a["page"].strip("/")) for a in data["accounts"] if a["page"]}


def test_hidden_characters_are_marked_and_isolated(make_project):
    accounts = [(str(i), h, 10 - i) for i, h in enumerate(MARKED.values())] + [("9", "Kate", 0)]
    cards = "\n\n".join(f"[[account:{i}]]" for i in ("0", "1", "9"))
    site = build(make_project(accounts, cards, "  account_pages: 20\n"))
    table = read(site, "snapshots/2024-03")
    assert table.count(f'role="img" aria-label="{HIDDEN}"') == len(MARKED)
    pages = account_pages(site)
    for account_id, handle, _ in accounts:
        main = pages[account_id].split("<main", 1)[1].split("</main>", 1)[0]
        marked = account_id != "9"
        assert ('<p class="handle-warning" role="note">' in main) is marked
        assert f"<h1>@{handle}</h1>" in main  # a heading is a block: nothing runs out of it
        caption = re.search(r"<caption>(.*?)</caption>", main, re.S)[1]
        assert caption.startswith(f'<bdi class="handle{" handle-hidden" if marked else ""}"')
        assert (f'aria-label="{HIDDEN}"' in caption) is marked
        rest = re.sub(r"<h1>.*?</h1>|<bdi .*?</bdi>", "", main, flags=re.S)
        assert handle not in rest  # wherever else it is shown, it is isolated
    body = read(site, "posts/crafted")
    assert body.count('<aside class="account-card"') == 3 and body.count(f"({HIDDEN})") == 2


@browser_test
@contextlib.contextmanager
def accounts_page(root: Path, tmp_path: Path):
    """The project at ``root`` built and served, its accounts table open in chromium, loaded:
    yields (page, its problems)."""
    output = tmp_path / "site"
    output.mkdir()
    with serve(output, "/r") as url:
        config = load_config(root / "sitegen.yml")
        config = dataclasses.replace(config, paths=dataclasses.replace(config.paths,
                                                                       output=str(output)))
        build_site(with_overrides(config, site={"url": url}), use_cache=False)
        with chromium() as context:
            page = context.new_page()
            problems = PageProblems(page)
            page.goto(url + "accounts/", wait_until="load")
            page.wait_for_function("() => document.querySelector('#accounts-table')"
                                   ".getAttribute('aria-busy') === 'false'")
            yield page, problems


def test_the_accounts_table_marks_the_handles_the_pages_mark(make_project, tmp_path):
    """The table is drawn by the page's script from the chunks, not by the theme's
    handle(): it marks the same handles (the chunks list their rows), and only those."""
    accounts = [(str(i), h, 10 - i) for i, h in enumerate(MARKED.values())] + [("9", "Kate", 0)]
    with accounts_page(make_project(accounts), tmp_path) as (page, problems):
        rows = page.evaluate("""() => [...document.querySelectorAll(
            '#accounts-table tbody tr')].map(row => {
              const bdi = row.querySelector('bdi'), mark = row.querySelector('.handle-mark');
              return [bdi.textContent, bdi.className, bdi.title,
                      mark ? mark.getAttribute('aria-label') : null];
            })""")
        assert problems.take() == []
    assert len(rows) == len(accounts)
    for text, kind, title, mark in rows:
        marked = text != "@Kate"
        assert (kind, title, mark) == (("handle handle-hidden", HIDDEN, HIDDEN) if marked
                                       else ("handle", "", None)), text
    assert sorted(text for text, *_ in rows) == sorted(f"@{h}" for _, h, _ in accounts)


def test_the_theme_marks_exactly_the_characters_that_hide():
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(default_theme_dir() / "templates"))
    env.globals["hides_characters"] = hides_characters  # as sitegen's own environment has it
    template = env.from_string('{% from "partials/macros.html" import hidden %}'
                               '{% for c in chars %}{{ hidden("a" ~ c ~ "b") or "-" }}'
                               ' {% endfor %}')
    ignorable = [chr(c) for c in range(0x110000) if IGNORABLE.match(chr(c))]
    shown = [*"aZ09_.-é", KELVIN, "Ｋ", "ß", "ا", "日", "🙂", "\u0301"]
    hiding = [*ignorable, "\u2800", "\x00", "\x1b", "\u2028", "\u00a0", "\u3000"]
    assert template.render(chars=hiding).split() == ["hidden"] * len(hiding)
    assert template.render(chars=shown).split() == ["-"] * len(shown)
    # the accounts table asks Python only of handles outside printable ASCII: none of those
    # hides a character
    assert not any(hides_characters(chr(c)) for c in range(0x20, 0x7f))
    assert all(re.fullmatch(PLAIN_PATTERN, chr(c)) for c in range(0x20, 0x7f))
    assert not any(re.fullmatch(PLAIN_PATTERN, c) for c in hiding)


# -- page addresses: collision-free for any handles, and check agrees with build -----------


def test_three_crafted_handles_build_and_each_has_its_page(make_project):
    assert short_hash("a1") == "f55ff16f"  # so Alice's page was alice-f55ff16f, then taken
    crafted = [("a1", "Alice", 3), ("a2", "alice-f55ff16f", 2),
               ("a3", "alice-f55ff16f-f55ff16f", 1)]
    more = adversarial_pairs(random.Random(3), 40)
    accounts = crafted + [(i, h, 0) for i, h in more if h.strip()]  # blank: shown as the id
    root = make_project(accounts, "[[account:Alice]] [[account:a2]] [[account:a3]]",
                        "  account_pages: 100\n")
    assert check_project(root / "sitegen.yml") == []  # check and build agree: no problem
    site = build(root)
    pages = {a["id"]: a["page"] for a in json.loads(
        (site / "data/2024-03/accounts.json").read_text("utf-8"))["accounts"]}
    assert len(set(pages.values())) == len(pages) == len(accounts)
    for account_id, handle, _ in accounts:
        assert f"<h1>@{html.escape(handle)}</h1>" in read(site, pages[account_id].strip("/"))


def test_check_finds_the_address_two_snapshots_want(make_project):
    root = make_project(KATES)
    folder = root / "content" / "snapshots"
    (folder / "2024-03.yml").rename(folder / "a b.yml")
    (folder / "a-b.yml").write_text(snapshot(KATES, "2024-04-30"), "utf-8")
    with pytest.raises(ContentError) as refused:
        build(root)
    problems = [p.message for p in check_project(root / "sitegen.yml")]
    [problem] = refused.value.problems
    assert problem.message in problems  # the same words, found without building
    assert problem.file == folder / "a-b.yml" and "'a b'" in problem.message  # both named


def colliding_ids() -> tuple[str, str]:
    """Two ids whose short hashes are equal (a birthday search over 32 bits)."""
    seen: dict[str, str] = {}
    for n in range(1_000_000):
        account_id = f"u{n}"
        twin = seen.setdefault(short_hash(account_id), account_id)
        if twin != account_id:
            return twin, account_id
    raise AssertionError("no collision found")


def adversarial_pairs(rng: random.Random, count: int) -> list[tuple[str, str]]:
    """(id, handle) pairs crafted to collide: same slug, another's suffixed form, empty
    slugs, reserved names, very long handles, and handles built from the ids' hashes."""
    ids = [f"i{rng.randrange(10**6)}" for _ in range(count)]
    hashes = [short_hash(i) for i in ids]
    pieces = ["alice", "Alice", "ALICE", "-", "_", "", "!!", "ａｌｉｃｅ", "con", "index",
              "x" * 70, *hashes]
    pairs = []
    for account_id in dict.fromkeys(ids):
        handle = "-".join(rng.choice(pieces) for _ in range(rng.randrange(1, 5)))
        pairs.append((account_id, handle))
    return pairs


def assert_safe_and_distinct(pairs: list[tuple[str, str]]) -> None:
    slugs = unique_account_slugs(pairs)
    assert len(set(slugs.values())) == len(pairs) == len(slugs)
    for slug in slugs.values():
        assert is_safe_slug(slug) and len(slug) <= MAX_LENGTH and slug not in RESERVED
    assert unique_account_slugs(list(reversed(pairs))) == slugs  # order does not matter


def test_account_slugs_are_distinct_for_crafted_handles():
    one, two = colliding_ids()
    base = f"bob-{short_hash(one)}"
    long = "y" * 200
    assert_safe_and_distinct([
        (one, "bob"), (two, "bob"), ("x", base), ("y", f"{base}-{short_hash(one)}"),
        ("z", f"{base}-{short_hash(one)}-2"), ("e1", ""), ("e2", "   "), ("e3", "!!!"),
        ("e4", "account"), ("l1", long + "a"), ("l2", long + "b"), ("l3", long[:60]),
        ("c1", "CON"), ("c2", "con"), ("c3", "con-account")])
    rng = random.Random(10)
    for _ in range(300):
        assert_safe_and_distinct(adversarial_pairs(rng, rng.randrange(2, 40)))


def test_a_card_of_an_earlier_snapshot_beside_a_mention_builds(tmp_path):
    """Looking up a mention in the latest snapshot and a card's account in an earlier one
    registered the look-alike function twice in one database: a DuckDB error, on a first
    build (a later one took the answers from the cache)."""
    root = tmp_path / "project"
    (root / "content" / "snapshots").mkdir(parents=True)
    (root / "content" / "posts").mkdir()
    for month in ("01", "02"):
        (root / "content" / "snapshots" / f"2024-{month}.yml").write_text(
            f"taken: 2024-{month}-20\naccounts:\n  - {{id: a, handle: ann}}\n"
            "  - {id: b, handle: ben}\nfollows:\n  - {follower: a, followed: b}\n")
    (root / "content" / "posts" / "2024-03-01-x.md").write_text(
        post("Hello @ann.\n\n[[account:ben snapshot=2024-01]]"))
    (root / "sitegen.yml").write_text("site:\n  title: Two\n")
    body = read(build(root), "posts/x")
    assert '<aside class="account-card"' in body and "@ben" in body
    assert 'class="mention"' in body and "@ann" in body


def test_the_accounts_table_searches_and_sorts_text_as_readers_read_it(make_project, tmp_path):
    """Search finds a name however its accents are written (one character or a letter and a
    mark), in full-width letters, or with a dotted capital I; sorting by handle is
    alphabetical, not by character code ("Zed" came before "alice", "Émile" after "zoe")."""
    accounts = [("1", "Zed", 6), ("2", "alice", 5), ("3", "E\u0301mile", 4),
                ("4", "\u0130stanbul", 3), ("5", "\uff46\uff55\uff4c\uff4cwidth", 2),
                ("6", "zoe", 1), ("7", "bob", 0)]
    with accounts_page(make_project(accounts), tmp_path) as (page, problems):
        shown = """() => [...document.querySelectorAll('#accounts-table tbody tr bdi')]
                   .map(bdi => bdi.textContent.normalize('NFC'))"""
        found = {}
        for query in ("\u00e9mile", "emile", "istanbul", "full", "ZED", "alice"):
            page.fill("#account-filter", query)
            page.wait_for_timeout(400)
            found[query] = page.evaluate(shown)
        page.fill("#account-filter", "")
        page.wait_for_timeout(400)
        page.locator("#accounts-table th button[data-key='handle']").click()
        by_handle = page.evaluate(shown)
        assert problems.take() == []
    assert found == {"\u00e9mile": ["@\u00c9mile"], "emile": ["@\u00c9mile"],
                     "istanbul": ["@\u0130stanbul"], "full": ["@\uff46\uff55\uff4c\uff4cwidth"],
                     "ZED": ["@Zed"], "alice": ["@alice"]}
    assert by_handle == ["@alice", "@bob", "@\u00c9mile", "@\uff46\uff55\uff4c\uff4cwidth",
                         "@\u0130stanbul", "@Zed", "@zoe"]


def test_a_direction_control_in_a_group_cannot_turn_its_count_around(tmp_path):
    """An attribute value holding U+202E (RIGHT-TO-LEFT OVERRIDE) turned the text after it
    around in the chart's label and in the sentence under it: a group of 12 read
    ``(21=n) F``. The value is isolated (FSI ... PDI) there, as a handle is in a title."""
    rlo = "\u202eF"
    accounts = [{"id": f"a{i}", "handle": f"h{i}", "gender": rlo if i < 12 else "M"}
                for i in range(15)]
    root = tmp_path / "project"
    (root / "content" / "snapshots").mkdir(parents=True)
    (root / "content" / "snapshots" / "2024-03.yml").write_text(json.dumps({
        "taken": "2024-03-31", "accounts": accounts,
        "follows": [{"follower": f"a{i}", "followed": f"a{(i + 1) % 15}"} for i in range(15)]},
        ensure_ascii=False), "utf-8")
    (root / "sitegen.yml").write_text("site:\n  title: Crafted\n", "utf-8")
    page = read(build(root), "snapshots/2024-03")
    isolated = f"\u2068{rlo}\u2069"
    figure = re.search(r'data-target="class-by-gender-2024-03">(.*?)</script>', page).group(1)
    assert json.loads(figure)["data"][0]["x"] == ["M (n=3, small)", f"{isolated} (n=12)"]
    assert f"{isolated} n=12, consumer" in html.unescape(page)
    assert f"{rlo} n=12" not in page.replace(isolated, "")

"""Issue 16, slugs in every script: post titles, tags and handles keep their letters
(lowercased where the script has case, NFC), within 60 characters and 180 bytes; files are
written under those UTF-8 names and every link to them is percent-encoded; account pages
keep readable addresses and get a hash only where two published accounts look alike."""

from __future__ import annotations

import dataclasses
import json
import random
import re
import threading
import unicodedata
import urllib.request
from datetime import date
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote, unquote

import pytest
from typer.testing import CliRunner

from sitegen.cli import app
from sitegen.config import load_config
from sitegen.scaffold import new_post
from sitegen.site.build import build_site
from sitegen.slugs import (
    IGNORABLE,
    KEPT,
    MAX_BYTES,
    MAX_LENGTH,
    RESERVED,
    lookalike_key,
    short_hash,
    slugify,
    unique_account_slugs,
)

DAY = date(2024, 5, 2)


@pytest.mark.parametrize(("title", "slug"), [
    ("Заголовок поста", "заголовок-поста"),  # Cyrillic, lowercased
    ("東京の選挙", "東京の選挙"),  # CJK: no case, no spaces
    ("한국 선거 결과", "한국-선거-결과"),  # Hangul
    ("الانتخابات في القاهرة", "الانتخابات-في-القاهرة"),  # Arabic
    ("בחירות בירושלים", "בחירות-בירושלים"),  # Hebrew
    ("हिन्दी समाचार", "हिन्दी-समाचार"),  # Devanagari: the vowel signs stay on their letters
    ("Ça va? Réseaux & amis", "ça-va-réseaux-amis"),  # accented Latin, NFC
    ("Ça va? Re\u0301seaux", "ça-va-réseaux"),  # typed decomposed (NFD): the same slug
    ("Ελληνικές Εκλογές", "ελληνικές-εκλογές"),  # Greek
    ("Straße 1", "straße-1"),
    ("İstanbul", "istanbul"),
    ("Who talks back?", "who-talks-back"),
    ("Don't panic!", "don-t-panic"),
    ("snake_case stays", "snake_case-stays"),
    ("🙂 Émoji 🚀 and symbols ©®™ ½", "émoji-and-symbols"),
    ("Ka\u200bte\u200d \u202eetaK\u202c \u2067x\u2069", "kate-etak-x"),  # invisible: gone
    ("\u0301\u0301mark first", "mark-first"),  # a mark with no letter to sit on
    ("Ⅻ 〇", "ⅻ-〇"),  # letter numbers
    ("../../etc/passwd", "etc-passwd"),
    ("CON", "con-item"),
    ("index", "index-item"),
    ("!!!", "item"),
    ("", "item"),
])
def test_slugs_keep_the_letters_of_every_script(title: str, slug: str):
    assert slugify(title) == slug
    assert slugify(slug) == slug  # a slug is its own slug (file names read back the same)


def test_slugs_are_cut_by_characters_and_by_bytes():
    assert slugify("x" * 200) == "x" * MAX_LENGTH
    assert slugify("日" * 200) == "日" * 60  # 180 bytes
    assert slugify("𠀀" * 200) == "𠀀" * 45  # 4 bytes each: 180 bytes
    assert slugify("щ" * 200) == "щ" * 60  # 120 bytes
    assert slugify("कि" * 40) == "कि" * 30  # a letter and its vowel sign, 6 bytes a pair
    assert slugify("a" + "कि" * 40) == "a" + "कि" * 29  # not cut between the two
    assert slugify("ab " * 40).endswith("ab") and len(slugify("ab " * 40)) <= MAX_LENGTH


SCRIPTS = ["abcXYZ", "абвгдЖЗИ", "αβγΔΣς", "東京日本語中文", "ひらがなカタカナー", "한국어",
           "مرحبا", "שלום", "हिन्दी", "ไทย", "éàüñçøß", "0123456789٠١٢", "_",
           " -.,!?/\\:;'\"()[]{}<>@#%&*+=|~^`", "\u200b\u200d\u202e\u2066\ufeff\u00ad",
           "\u0301\u0308", "🙂🚀©®", "\x00\x1b\n\t", "\ud800", "ＫＡＴＥ", "\u212a"]


def random_text(rng: random.Random) -> str:
    alphabet = "".join(SCRIPTS)
    return "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 120)))


def test_every_slug_is_safe_for_a_file_name_and_a_url():
    rng = random.Random(16)
    for _ in range(3000):
        text = random_text(rng)
        slug = slugify(text)
        assert slug and len(slug) <= MAX_LENGTH and len(slug.encode("utf-8")) <= MAX_BYTES, text
        assert unicodedata.is_normalized("NFC", slug), text
        assert all(c in "-_" or unicodedata.category(c) in KEPT for c in slug), text
        assert not IGNORABLE.search(slug) and "--" not in slug, text
        assert slug[0] not in "-_" and slug[-1] not in "-_" and slug not in RESERVED, text
        assert not unicodedata.category(slug[0]).startswith("M"), text
        assert slugify(slug) == slug, text


@pytest.mark.parametrize(("title", "name"), [
    ("Заголовок поста", "2024-05-02-заголовок-поста.md"),
    ("東京の選挙", "2024-05-02-東京の選挙.md"),
    ("الانتخابات", "2024-05-02-الانتخابات.md"),
    ("בחירות", "2024-05-02-בחירות.md"),
    ("Élections à Montréal", "2024-05-02-élections-à-montréal.md"),
])
def test_new_post_names_in_every_script(tmp_path: Path, title: str, name: str):
    path = new_post(tmp_path / "content", title, DAY)
    assert path.name == name and path.is_file()
    assert name in [p.name for p in (tmp_path / "content" / "posts").iterdir()]  # UTF-8 name
    again = new_post(tmp_path / "content", title, DAY)
    assert again.name == name.replace(".md", "-2.md")


def test_sitegen_new_post_in_cyrillic(tmp_path: Path, monkeypatch):
    (tmp_path / "sitegen.yml").write_text("site:\n  title: T\n", "utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["new", "post", "Заголовок поста"])
    assert result.exit_code == 0, result.output
    written = Path(result.output.strip())
    assert written.name.endswith("-заголовок-поста.md") and written.is_file()


# -- account addresses -------------------------------------------------------------------

KELVIN = "\u212a"


def test_readable_account_addresses_unless_two_look_alike():
    pairs = [("1", "SpeakerPelosi"), ("2", "Иван"), ("3", "محمد"), ("4", "דוד"),
             ("5", "東京太郎"), ("6", "José"), ("7", "alice"), ("8", "Alice"),
             ("9", f"{KELVIN}ate"), ("10", "kate"), ("11", "ＢＯＢ"), ("12", "bob"),
             ("13", "Jose\u0301"), ("14", "Zoë"), ("15", "../x"), ("16", "X"), ("17", "🙂🙂")]
    slugs = unique_account_slugs(pairs)
    assert {i: slugs[i] for i in "12345"} == {"1": "speakerpelosi", "2": "иван", "3": "محمد",
                                              "4": "דוד", "5": "東京太郎"}
    assert slugs["14"] == "zoë"
    assert slugs["17"] == f"account-{short_hash('17')}"  # no words: no readable address
    # alike: each of them gets its own hash, none the plain address
    for ids, plain in ((("6", "13"), "josé"), (("7", "8"), "alice"), (("9", "10"), "kate"),
                       (("11",), "ｂｏｂ"), (("12",), "bob"), (("15", "16"), "x")):
        for account_id in ids:
            assert slugs[account_id] == f"{plain}-{short_hash(account_id)}", account_id
    assert len(set(slugs.values())) == len(slugs)
    assert len({lookalike_key(s) for s in slugs.values()}) == len(slugs)  # none alike
    assert unique_account_slugs(list(reversed(pairs))) == slugs  # deterministic


def test_a_hashed_address_never_takes_a_readable_one():
    one = "a1"
    pairs = [(one, "Alice"), ("a2", "alice"), ("a3", f"alice-{short_hash(one)}")]
    slugs = unique_account_slugs(pairs)
    assert slugs["a3"] == f"alice-{short_hash(one)}"  # readable: its own handle
    assert slugs[one] == f"alice-{short_hash(one)}-2"
    assert slugs["a2"] == f"alice-{short_hash('a2')}"


# -- a built site ------------------------------------------------------------------------

ACCOUNTS = [("1", "SpeakerPelosi"), ("2", "Иван"), ("3", "محمد"), ("4", "דוד"),
            ("5", "東京太郎"), ("6", "José"), ("7", "Alice"), ("8", "alice")]
POSTS = {
    "2024-05-01-заголовок-поста.md": ("Заголовок поста", ["Выборы"]),
    "2024-05-02-東京の選挙.md": ("東京の選挙", ["選挙"]),
    "2024-05-03-الانتخابات.md": ("الانتخابات", ["سياسة"]),
    "2024-05-04-בחירות.md": ("בחירות", ["פוליטיקה"]),
    "2024-05-05-élections-à-montréal.md": ("Élections à Montréal", ["Québec"]),
}


def unicode_project(root: Path) -> Path:
    (root / "content" / "snapshots").mkdir(parents=True)
    (root / "content" / "posts").mkdir()
    ids = [i for i, _ in ACCOUNTS]
    snapshot = {"taken": "2024-04-30",
                "accounts": [{"id": i, "handle": h, "followers_count": 10} for i, h in ACCOUNTS],
                "follows": [{"follower": a, "followed": b} for a, b in zip(ids, ids[1:])]}
    (root / "content" / "snapshots" / "2024-04.yml").write_text(
        json.dumps(snapshot, ensure_ascii=False), "utf-8")
    mentions = " ".join(f"@{h}" for _, h in ACCOUNTS if h.lower() != "alice")
    for name, (title, tags) in POSTS.items():
        (root / "content" / "posts" / name).write_text(
            f"---\ntitle: {title}\ndate: {name[:10]}\ntags: [{', '.join(tags)}]\n---\n"
            f"{mentions}\n", "utf-8")
    (root / "sitegen.yml").write_text("site:\n  title: Every script\n  account_pages: 20\n",
                                      "utf-8")
    return root


@pytest.fixture(scope="module")
def unicode_site(tmp_path_factory) -> Path:
    root = unicode_project(tmp_path_factory.mktemp("unicode") / "project")
    config = load_config(root / "sitegen.yml")
    config = dataclasses.replace(config, paths=dataclasses.replace(config.paths, output="output"))
    build_site(config, use_cache=False)
    return root / "output"


def hrefs(site: Path) -> set[str]:
    found = set()
    for page in site.rglob("*.html"):
        found |= set(re.findall(r'href="(/[^"#?]*)"', page.read_text("utf-8")))
    return found


def test_files_are_written_under_their_utf8_names(unicode_site: Path):
    posts = sorted(p.name for p in (unicode_site / "posts").iterdir() if p.is_dir())
    expected = sorted(slugify(name[11:-3]) for name in POSTS)
    assert set(expected) <= set(posts)
    assert "заголовок-поста" in posts and "東京の選挙" in posts
    tags = {p.name for p in (unicode_site / "tags").iterdir() if p.is_dir()}
    assert {"выборы", "選挙", "سياسة", "פוליטיקה", "québec"} <= tags
    accounts = {p.name for p in (unicode_site / "accounts").iterdir() if p.is_dir()}
    assert {"speakerpelosi", "иван", "محمد", "דוד", "東京太郎", "josé"} <= accounts
    assert {f"alice-{short_hash('7')}", f"alice-{short_hash('8')}"} <= accounts
    for path in unicode_site.rglob("*"):
        assert unicodedata.is_normalized("NFC", path.name), path


def test_links_are_percent_encoded_and_lead_to_the_files(unicode_site: Path):
    links = hrefs(unicode_site)
    assert all(link.isascii() and " " not in link for link in links), links
    for slug in ("иван", "東京太郎", "محمد", "דוד", "josé"):
        assert f"/accounts/{quote(slug)}/" in links, slug
    assert f"/posts/{quote('заголовок-поста')}/" in links
    assert "/accounts/%D0%B8%D0%B2%D0%B0%D0%BD/" in links
    for link in links:
        target = unicode_site / unquote(link).lstrip("/")
        assert target.is_file() or (target / "index.html").is_file(), link
    post = (unicode_site / "posts" / "東京の選挙" / "index.html").read_text("utf-8")
    assert f'<a class="mention" href="/accounts/{quote("東京太郎")}/">@東京太郎</a>' in post
    data = json.loads((unicode_site / "data" / "2024-04" / "accounts.json").read_text("utf-8"))
    pages = {a["handle"]: a["page"] for a in data["accounts"]}
    assert pages["Иван"] == "/accounts/%D0%B8%D0%B2%D0%B0%D0%BD/"
    assert pages["SpeakerPelosi"] == "/accounts/speakerpelosi/"
    feed = (unicode_site / "feed.xml").read_text("utf-8")
    assert f"/posts/{quote('東京の選挙')}/" in feed and "/posts/東京の選挙/" not in feed


class Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 (stdlib's name)
        pass


def test_a_static_server_serves_every_link(unicode_site: Path):
    """What GitHub Pages does with a percent-encoded path (decode it as UTF-8, find the file),
    Python's own static server does too: every link of the site answers 200."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(Quiet, directory=str(unicode_site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}"
        for link in sorted(hrefs(unicode_site)):
            with urllib.request.urlopen(base + link, timeout=10) as answer:
                assert answer.status == 200, link
    finally:
        server.shutdown()
        server.server_close()

"""Sites that fit where they are published: with the size limit lowered, a small network's
downloads are compressed and split, the accounts table comes in chunks, no file of the open
data is over the limit, and the parts joined and decompressed are the files as they would be
whole. In chromium: the chunked table searches and sorts across chunks, charts below the fold
wait until they are scrolled to, and the data tables are there without JavaScript."""

from __future__ import annotations

import dataclasses
import gzip
import json
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import jinja2
import pytest
from browser_support import CHROMIUM, CHROMIUM_ARGS, PageProblems, browser_test, chromium, serve
from conftest import write_tree

from sitegen.config import load_config, with_overrides
from sitegen.site import accounts_table, sizes
from sitegen.site.build import build_site
from sitegen.site.theme import default_theme_dir

LIMIT = 3000  # bytes: the lowered limit
ACCOUNTS = 400
PREFIX = "/report"
HOSTILE = '<b>x</b>&"'  # in some names: must stay text everywhere


def network(accounts: int = ACCOUNTS) -> dict[str, str]:
    """A project with ``accounts`` accounts, varied follower counts and some hostile names."""
    rows = ["id,handle,name"] + [
        f"u{i:04d},user{(i * 37) % accounts:04d},{HOSTILE if i % 50 == 0 else f'Person {i}'}"
        for i in range(accounts)]
    follows = ["follower,followed"] + sorted({
        f"u{i:04d},u{(i * k + k) % (accounts // (k + 1)):04d}"
        for i in range(accounts) for k in (1, 2, 3, 5) if (i * k + k) % (accounts // (k + 1)) != i})
    return {"sitegen.yml": "site:\n  title: Weight test\n",
            "content/snapshots/2024-03/accounts.csv": "\n".join(rows) + "\n",
            "content/snapshots/2024-03/follows.csv": "\n".join(follows) + "\n"}


def build(root: Path, limit: int | None = None, url: str | None = None) -> Path:
    """The network built into root/output, with the size limit lowered to ``limit``."""
    write_tree(root, network())
    config = load_config(root / "sitegen.yml")
    if url:
        config = with_overrides(config, site={"url": url})
    with pytest.MonkeyPatch.context() as patch:
        if limit:
            patch.setattr(sizes, "LIMIT_BYTES", limit)
        build_site(config, use_cache=False)
    return root / "output"


@pytest.fixture(scope="module")
def split(tmp_path_factory) -> Path:
    return build(tmp_path_factory.mktemp("split") / "project", LIMIT)


@pytest.fixture(scope="module")
def whole(tmp_path_factory) -> Path:
    return build(tmp_path_factory.mktemp("whole") / "project")


def manifest(site: Path) -> dict:
    return json.loads((site / "data/2024-03/files.json").read_text("utf-8"))


def table_rows(site: Path) -> list[dict]:
    """The accounts table's rows, read from the index and its chunks."""
    folder = site / "data/2024-03/table"
    index = json.loads((folder / "index.json").read_text("utf-8"))
    rows = []
    for entry in index["chunks"]:
        chunk = json.loads((folder / entry["file"]).read_text("utf-8"))
        assert (chunk["start"], chunk["rows"]) == (len(rows), entry["rows"])
        for i in range(chunk["rows"]):
            row = {key: chunk[key][i] for key in index["columns"]}
            rows.append({**row, "class": index["classes"][row["class"]]})
    assert len(rows) == index["accounts"]
    return rows


def test_every_file_of_the_open_data_is_within_the_limit(split: Path):
    files = [p for p in (split / "data").rglob("*") if p.is_file()]
    assert len(files) > 10
    assert max(p.stat().st_size for p in files) <= LIMIT
    forms = {d["name"]: d["form"] for d in manifest(split)["downloads"]}
    assert forms == {"accounts.csv": "parts", "accounts.json": "parts", "follows.gexf": "parts"}
    published = {p.relative_to(split / "data/2024-03").as_posix() for p in files}
    assert published == set(manifest(split)["published"])


def test_the_joined_parts_are_the_whole_files(split: Path, whole: Path):
    assert {d["form"] for d in manifest(whole)["downloads"]} == {"plain"}
    for download in manifest(split)["downloads"]:
        names = [f["name"] for f in download["files"]]
        assert names == [f"{download['name']}.gz.{n:03d}" for n in range(1, len(names) + 1)]
        joined = b"".join((split / "data/2024-03" / n).read_bytes() for n in names)
        whole_file = (whole / "data/2024-03" / download["name"]).read_bytes()
        assert gzip.decompress(joined) == whole_file


def test_the_snapshot_page_lists_every_part_and_how_to_join_them(split: Path):
    page = (split / "snapshots/2024-03/index.html").read_text("utf-8")
    for download in manifest(split)["downloads"]:
        names = [f["name"] for f in download["files"]]
        for name in names:
            assert f'href="/data/2024-03/{name}"' in page
        assert f"cat {' '.join(names)} | gunzip &gt; {download['name']}" in page
        assert f"copy /b {' + '.join(names)} {download['name']}.gz" in page
    accounts = (split / "accounts/index.html").read_text("utf-8")
    assert 'href="/snapshots/2024-03/#downloads"' in accounts


def test_the_table_comes_in_chunks_holding_every_account_in_table_order(split: Path,
                                                                        whole: Path):
    chunks = list((split / "data/2024-03/table").glob("chunk-*.json"))
    assert len(chunks) >= 4 and len(list((whole / "data/2024-03/table").glob("chunk-*"))) == 1
    rows = table_rows(split)
    assert rows == table_rows(whole)  # chunked or not, the same rows
    document = json.loads((whole / "data/2024-03/accounts.json").read_text("utf-8"))
    expected = sorted(document["accounts"], key=lambda a: (-(a["followers"] or 0), a["id"]))
    assert [(r["handle"], r["name"], r["class"], r["followers"], r["following"])
            for r in rows] == [(a["handle"], a["name"], a["class"], a["followers"],
                                a["following"]) for a in expected]


def test_markup_in_the_table_data_stays_escaped(split: Path):
    for path in (split / "data/2024-03/table").iterdir():
        text = path.read_text("utf-8")
        assert not {"<", ">", "&"} & set(text), path.name
    assert sum(r["name"] == HOSTILE for r in table_rows(split)) == ACCOUNTS // 50


def test_the_split_open_data_is_byte_identical_from_build_to_build(split: Path, tmp_path):
    again = build(tmp_path / "project", LIMIT)
    for path in sorted((split / "data").rglob("*")):
        if path.is_file():
            relative = path.relative_to(split)
            assert (again / relative).read_bytes() == path.read_bytes(), relative


def test_a_chunk_fits_the_limit_when_it_is_lowered_below_the_chunk_size(monkeypatch):
    monkeypatch.setattr(sizes, "LIMIT_BYTES", 5000)
    assert accounts_table.chunk_budget() == 5000 - accounts_table.OVERHEAD
    monkeypatch.setattr(sizes, "LIMIT_BYTES", 50 * sizes.MB)
    assert accounts_table.chunk_budget() == accounts_table.CHUNK_BYTES - accounts_table.OVERHEAD


def test_no_chunk_is_over_the_limit_but_a_row_longer_than_it_alone(tmp_path):
    """A row goes to the chunk its first byte falls in: without a margin for the longest
    row, a chunk could end a whole row past its budget. Long names (700 to 20,000 bytes of
    JSON) among short ones, at the lowered limit."""
    files = network()
    lines = files["content/snapshots/2024-03/accounts.csv"].splitlines()
    for i, length in ((3, 700), (40, 1200), (41, 1300), (120, 2000), (300, 20000)):
        account, handle, _ = lines[i + 1].split(",")
        lines[i + 1] = f"{account},{handle},{'é' * (length // 2)}"
    files["content/snapshots/2024-03/accounts.csv"] = "\n".join(lines) + "\n"
    root = tmp_path / "project"
    write_tree(root, files)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(sizes, "LIMIT_BYTES", LIMIT)
        build_site(load_config(root / "sitegen.yml"), use_cache=False)
    site = root / "output"
    folder = site / "data/2024-03/table"
    index = json.loads((folder / "index.json").read_text("utf-8"))
    alone = 0
    for entry in index["chunks"]:
        size = (folder / entry["file"]).stat().st_size
        assert size == entry["bytes"]
        if entry["rows"] == 1 and size > LIMIT:
            alone += 1
        else:
            assert size <= LIMIT, entry
    assert alone == 1  # the 20,000-byte name: no chunk can hold it within the limit
    assert len(table_rows(site)) == ACCOUNTS
    assert [r["name"] for r in table_rows(site)].count("é" * 10000) == 1


def test_the_index_and_every_chunk_carry_the_same_version(split: Path, tmp_path):
    """A hash of the rows: another build's chunk can be told apart, even with the same
    counts."""
    folder = split / "data/2024-03/table"
    index = json.loads((folder / "index.json").read_text("utf-8"))
    versions = {json.loads((folder / c["file"]).read_text("utf-8"))["version"]
                for c in index["chunks"]}
    assert versions == {index["version"]} and len(index["version"]) == 16
    files = network()
    files["content/snapshots/2024-03/accounts.csv"] = files[
        "content/snapshots/2024-03/accounts.csv"].replace(",Person 7\n", ",Person Seven\n", 1)
    root = tmp_path / "other"
    write_tree(root, files)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(sizes, "LIMIT_BYTES", LIMIT)
        build_site(load_config(root / "sitegen.yml"), use_cache=False)
    other = json.loads((root / "output/data/2024-03/table/index.json").read_text("utf-8"))
    assert other["version"] != index["version"]


# In chromium


@pytest.fixture(scope="module")
def served(tmp_path_factory) -> Iterator[str]:
    """The split site built for its sub-path address and served; yields the base URL."""
    root = tmp_path_factory.mktemp("served")
    output = root / "site"
    output.mkdir()
    with serve(output, PREFIX) as url:
        write_tree(root / "project", network())
        config = load_config(root / "project" / "sitegen.yml")
        config = dataclasses.replace(config, paths=dataclasses.replace(config.paths,
                                                                       output=str(output)))
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(sizes, "LIMIT_BYTES", LIMIT)
            build_site(with_overrides(config, site={"url": url}), use_cache=False)
        yield url


def column(page, index: int) -> list[str]:
    return page.locator(f"#accounts-table tbody tr td:nth-child({index})").all_inner_texts()


@browser_test
def test_the_chunked_table_searches_and_sorts_across_chunks(served, split):
    rows = table_rows(split)
    with chromium() as context:
        page = context.new_page()
        problems = PageProblems(page)
        chunks = []
        page.on("request", lambda r: chunks.append(r.url) if "/chunk-" in r.url else None)
        page.goto(served + "accounts/", wait_until="load")
        page.wait_for_function(
            "() => document.querySelector('#accounts-table').getAttribute('aria-busy') === 'false'")
        assert len(set(chunks)) == len(list((split / "data/2024-03/table").glob("chunk-*")))
        assert page.locator("#account-count").inner_text().startswith(f"{ACCOUNTS:,} accounts")
        # the last chunk's accounts are found: search covers every chunk
        last = rows[-1]["handle"]
        for query in (last, f"@{last}"):  # as written, or as the table shows it
            page.fill("#account-filter", "")
            page.fill("#account-filter", query)
            page.wait_for_function(f"() => document.querySelector('#accounts-table tbody tr td')"
                                   f".innerText === '@{last}'")
            assert page.locator("#account-count").inner_text().startswith("1 ")
        page.fill("#account-filter", "")
        # sorted by handle, the first and last handles of all accounts lead
        heading = page.locator("#accounts-table th button[data-key='handle']")
        heading.click()
        handles = sorted(r["handle"] for r in rows)
        assert column(page, 1)[:3] == [f"@{h}" for h in handles[:3]]
        heading.click()
        assert column(page, 1)[:3] == [f"@{h}" for h in handles[::-1][:3]]
        # least following first is not the chunks' order: sort covers every chunk
        page.locator("#accounts-table th button[data-key='following']").click()
        following = [int(v.replace(",", "")) for v in column(page, 4)]
        assert following[0] == max(r["following"] for r in rows)
        assert following == sorted(following, reverse=True)
        # names with markup are text
        page.fill("#account-filter", "<b>")
        page.wait_for_function("() => document.querySelectorAll('#accounts-table tbody tr')"
                               f".length === {ACCOUNTS // 50}")
        assert page.locator("#accounts-table tbody b").count() == 0
        assert problems.take() == []


CHARTS_SHOWN = """() => [...document.querySelectorAll('.chart-plot')].map(p => ({
  id: p.id, drawn: !!p.querySelector('svg'),
  below: p.getBoundingClientRect().top > window.innerHeight + 400}))"""


@browser_test
def test_charts_below_the_fold_are_drawn_when_scrolled_to(served):
    with chromium() as context:
        page = context.new_page()
        problems = PageProblems(page)
        page.goto(served + "snapshots/2024-03/", wait_until="load")
        page.wait_for_load_state("networkidle")
        page.wait_for_timeout(500)
        charts = page.evaluate(CHARTS_SHOWN)
        below = [c["id"] for c in charts if c["below"]]
        assert below and len(below) < len(charts)
        assert not any(c["drawn"] for c in charts if c["below"])
        assert all(c["drawn"] for c in charts if not c["below"])
        last = page.locator(f"[id='{below[-1]}']")
        last.scroll_into_view_if_needed()
        page.wait_for_function(f"() => document.getElementById('{below[-1]}')"
                               ".querySelector('svg')")
        assert problems.take() == []


@browser_test
def test_without_javascript_every_chart_has_its_data_table(served, split):
    from playwright.sync_api import sync_playwright

    html = (split / "snapshots/2024-03/index.html").read_text("utf-8")
    drawn = html.count('class="chart-data"')
    assert drawn >= 3
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_context(java_script_enabled=False).new_page()
            page.goto(served + "snapshots/2024-03/", wait_until="load")
            tables = page.locator("figure.chart .chart-table table")
            assert tables.count() == drawn
            assert all(tables.nth(i).is_visible() for i in range(drawn))
            assert all(tables.nth(i).locator("tbody tr").count() >= 1 for i in range(drawn))
            assert not any(page.locator(".chart-plot").nth(i).is_visible()
                           for i in range(drawn))
            assert page.locator(".chart-plot svg").count() == 0
        finally:
            browser.close()


def test_a_rebuild_keeps_the_split_open_data_and_its_listing(tmp_path):
    first = build(tmp_path / "project", LIMIT)
    before = {p.relative_to(first): p.read_bytes() for p in first.rglob("*") if p.is_file()}
    again = build(tmp_path / "project", LIMIT)  # the open data is reused, not written again
    after = {p.relative_to(again): p.read_bytes() for p in again.rglob("*") if p.is_file()}
    del before[Path(".sitegen-manifest.json")], after[Path(".sitegen-manifest.json")]
    assert after == before


def test_sizes_are_shown_in_decimal_megabytes():
    """As the limit and the build's warnings count them: a part of 50,000,000 bytes is
    "50.0 MB" (in MiB it would show 47.7)."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(default_theme_dir() / "templates"))
    shown = env.from_string('{% from "partials/macros.html" import megabytes %}'
                            "{{ megabytes(50000000) }}|{{ megabytes(1500000) }}").render()
    assert shown == "50.0 MB|1.5 MB"


LOADED = "() => document.querySelector('#accounts-table').getAttribute('aria-busy') === 'false'"


def shown_handles(page) -> list[str]:
    return column(page, 1)


def served_text(url: str) -> str:
    """A file of the served site (built for its address: its chunks are cut differently)."""
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode("utf-8")


@browser_test
@pytest.mark.parametrize("offline_then", [False, True])
def test_a_chunk_that_cannot_be_loaded_leaves_the_rows_loaded_and_says_so(served, split,
                                                                        offline_then):
    """Tried once more past the cache, then the rows loaded so far stay, searchable, with
    how many they are; no progress bar left running, no claim that the rest is coming. Also
    when the second try gets nothing at all (the network gone): the first try's rows stay."""
    rows = table_rows(split)
    index = json.loads(served_text(served + "data/2024-03/table/index.json"))
    missing = index["chunks"][2]
    asked = []
    with chromium() as context:
        page = context.new_page()
        problems = PageProblems(page)

        def refuse(route):
            asked.append(route.request.url)
            route.fulfill(status=404, body="gone")

        page.route(f"**/{missing['file']}", refuse)
        indexes = []

        def index(route):
            indexes.append(route.request.url)
            if offline_then and len(indexes) > 1:
                route.abort("internetdisconnected")
            else:
                route.continue_()

        page.route("**/table/index.json", index)
        page.goto(served + "accounts/", wait_until="load")
        page.wait_for_function(LOADED)
        loaded = missing["start"]
        count = page.locator("#account-count").inner_text()
        assert count.startswith(f"{loaded:,} accounts match")
        assert f"only {loaded:,} of {ACCOUNTS:,} accounts could be loaded" in count
        assert "loading the rest" not in count
        assert page.locator("#account-progress").is_hidden()
        assert len(indexes) == 2 and len(asked) == (1 if offline_then else 2)  # once more
        assert len(shown_handles(page)) == loaded
        first = rows[0]["handle"]
        page.fill("#account-filter", first)
        page.wait_for_function("() => document.querySelectorAll('#accounts-table tbody tr')"
                               ".length === 1")
        assert "could be loaded" in page.locator("#account-count").inner_text()
        # the 404s, but no error of the page's own (a rejection of a chunk fetched ahead,
        # left unhandled, would be one)
        seen = problems.take()
        assert seen and not [i for i in seen if "Uncaught" in i or "page error" in i], seen
        assert "Could not load" not in page.locator("#account-count").inner_text()


@browser_test
@pytest.mark.parametrize("stale_every_time", [False, True])
def test_a_chunk_of_another_build_is_never_mixed_in(served, split, stale_every_time):
    """A cached chunk of an earlier build (its version differs, counts may not): the table
    loads again from the server; if that too is stale, only the rows before it are kept."""
    rows = table_rows(split)
    index = json.loads(served_text(served + "data/2024-03/table/index.json"))
    entry = index["chunks"][1]
    fresh = served_text(served + "data/2024-03/table/" + entry["file"])
    stale = fresh.replace(index["version"], "0" * 16)
    asked = []
    with chromium() as context:
        page = context.new_page()

        def answer(route):
            asked.append(route.request.url)
            route.fulfill(status=200, content_type="application/json",
                          body=stale if stale_every_time or len(asked) == 1 else fresh)

        page.route(f"**/{entry['file']}", answer)
        page.goto(served + "accounts/", wait_until="load")
        page.wait_for_function(LOADED)
        count = page.locator("#account-count").inner_text()
        assert len(asked) == 2
        if stale_every_time:
            assert f"only {entry['start']:,} of {ACCOUNTS:,} accounts could be loaded" in count
            return
        assert count == f"{ACCOUNTS:,} accounts match"
        page.locator("#accounts-table th button[data-key='handle']").click()
        handles = shown_handles(page)
        assert len(set(handles)) == len(handles) == ACCOUNTS
        assert sorted(handles) == sorted(f"@{r['handle']}" for r in rows)


@browser_test
def test_without_javascript_the_accounts_page_points_to_the_open_data(served):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_context(java_script_enabled=False).new_page()
            page.goto(served + "accounts/", wait_until="load")
            text = page.locator("main").inner_text()
            assert "Loading" not in text and "click a column heading" not in text
            assert "needs JavaScript" in text
            assert page.locator("#accounts-table").is_hidden()
            assert page.locator("#account-filter").is_hidden()
            link = page.get_by_role("link", name="open data")
            assert link.is_visible() and link.get_attribute("href").endswith("#downloads")
        finally:
            browser.close()


MANY = 2_500  # more accounts than the table shows at once (1,000)


@pytest.fixture(scope="module")
def served_many(tmp_path_factory) -> Iterator[str]:
    """A network of MANY accounts built for its sub-path address and served."""
    root = tmp_path_factory.mktemp("many")
    output = root / "site"
    output.mkdir()
    with serve(output, PREFIX) as url:
        write_tree(root / "project", network(MANY))
        config = load_config(root / "project" / "sitegen.yml")
        config = dataclasses.replace(config, paths=dataclasses.replace(config.paths,
                                                                       output=str(output)))
        build_site(with_overrides(config, site={"url": url}), use_cache=False)
        yield url


@browser_test
def test_the_table_pages_through_every_account(served_many):
    """The table shows 1,000 rows at a time: "Next 1,000" and "Previous 1,000" reach every
    account (past the first 1,000 of an order, an account could be found by search alone)."""
    with chromium() as context:
        page = context.new_page()
        problems = PageProblems(page)
        page.goto(served_many + "accounts/", wait_until="load")
        page.wait_for_function(
            "() => document.querySelector('#accounts-table').getAttribute('aria-busy') === 'false'")
        count = page.locator("#account-count")
        after = page.get_by_role("button", name="Next 1,000")
        before = page.get_by_role("button", name="Previous 1,000")
        assert count.inner_text() == f"{MANY:,} accounts match (1 to 1,000 shown)"
        assert before.is_disabled() and after.is_enabled()
        pages = [column(page, 1)]
        for shown in ("1,001 to 2,000", "2,001 to 2,500"):
            after.click()
            assert count.inner_text() == f"{MANY:,} accounts match ({shown} shown)"
            pages.append(column(page, 1))
        assert [len(rows) for rows in pages] == [1000, 1000, 500]
        assert after.is_disabled() and before.is_enabled()
        # the keyboard's place: on the other button, not dropped to the page
        assert page.evaluate("() => document.activeElement.textContent") == "Previous 1,000"
        assert len({handle for rows in pages for handle in rows}) == MANY
        followers = [int(v.replace(",", "")) for v in column(page, 3)]
        assert followers == sorted(followers, reverse=True)  # the same order, further on
        before.click()
        assert column(page, 1) == pages[1]
        # a new order or search starts at its first rows again
        page.locator("#accounts-table th button[data-key='handle']").click()
        assert count.inner_text() == f"{MANY:,} accounts match (1 to 1,000 shown)"
        assert column(page, 1)[0] == "@user0000"
        page.fill("#account-filter", "user00")
        page.wait_for_function("() => document.querySelector('#account-pages').hidden")
        assert count.inner_text() == "100 accounts match"
        assert problems.take() == []


@browser_test
def test_the_first_chunk_is_fetched_alone(served):
    """The first chunk is the first screen: the others are asked for once it is in. Fetched
    with three more, it shared the line with them: 22 s to the first rows of 100,000 accounts
    at 1.6 Mbit/s (uncompressed), against 6 s alone."""
    with chromium() as context:
        page = context.new_page()
        problems = PageProblems(page)
        events = []
        page.on("request", lambda r: events.append(("asked", r.url.rsplit("/", 1)[-1])))
        page.on("requestfinished", lambda r: events.append(("in", r.url.rsplit("/", 1)[-1])))
        page.goto(served + "accounts/", wait_until="load")
        page.wait_for_function(
            "() => document.querySelector('#accounts-table').getAttribute('aria-busy') === 'false'")
        chunks = [event for event in events if event[1].startswith("chunk-")]
        assert len(chunks) > 4 and chunks[:2] == [("asked", "chunk-0000.json"),
                                                  ("in", "chunk-0000.json")], chunks[:6]
        assert problems.take() == []

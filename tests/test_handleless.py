"""Accounts the data gives no handle: named by their id on every page ("id ID"), never as a
handle ("@ID"), with the same care for hidden characters, with pseudonyms on too."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import yaml
from browser_support import PageProblems, browser_test, chromium, serve
from conftest import write_project

from sitegen.analysis.pipeline import run_analysis
from sitegen.charts import ChartRequest, build_chart
from sitegen.config import AnalysisSettings, load_config
from sitegen.site.build import build_site
from sitegen.snapshots import open_db

EVIL = "\u202eevil"  # a right-to-left override: shows "live" reversed


def snapshot(taken: str) -> str:
    return yaml.safe_dump({
        "taken": taken,
        "accounts": [{"id": "ana", "handle": "ana_k", "followers_count": 3},
                     {"id": "bob"}, {"id": EVIL}, {"id": "cy"}],
        "follows": [{"follower": "bob", "followed": "ana"}, {"follower": EVIL, "followed": "ana"},
                    {"follower": "ana", "followed": "bob"}, {"follower": "cy", "followed": "bob"}],
    }, sort_keys=False, allow_unicode=True)


def built(tmp_path: Path, settings: str = "") -> Path:
    root = write_project(tmp_path / "project", "site:\n  url: https://example.org/r/\n" + settings,
                         {"content/snapshots/2024-01.yml": snapshot("2024-01-01"),
                          "content/snapshots/2024-02.yml": snapshot("2024-02-01")})
    build_site(load_config(root / "sitegen.yml"), use_cache=False)
    return root / "output"


def table(output: Path) -> dict:
    """The accounts table's rows, column by column (one chunk at this size)."""
    folder = output / "data" / "2024-02" / "table"
    index = json.loads((folder / "index.json").read_text("utf-8"))
    [chunk] = index["chunks"]
    return json.loads((folder / chunk["file"]).read_text("utf-8"))


def test_a_hidden_character_in_an_id_shown_for_a_handle_is_marked(tmp_path):
    """The table marks the id it shows as the account page does (it marked only handles)."""
    rows = table(built(tmp_path))
    evil = rows["handle"].index(EVIL)
    assert rows["hidden_rows"] == [evil] and evil in rows["bare_rows"]
    assert rows["bare_rows"] == sorted(rows["handle"].index(i) for i in ("bob", EVIL, "cy"))


def test_with_pseudonyms_an_account_without_a_handle_gets_none(tmp_path, monkeypatch):
    """A pseudonym stands for the id: an account without a handle is not given its
    pseudonymous id as one (it showed as "@acct-...")."""
    monkeypatch.setenv("SITEGEN_PRIVACY_KEY", "a-secret-key-of-some-length")
    output = built(tmp_path, "privacy:\n  pseudonymize: true\n")
    with (output / "data/2024-02/accounts.csv").open(encoding="utf-8") as handle:
        rows = {r["id"]: r["handle"] for r in csv.DictReader(handle)}
    assert len(rows) == 4 and all(i.startswith("acct-") for i in rows)
    assert sorted(rows.values()) == ["", "", "", sorted(rows.values())[-1]]
    [named] = [i for i, h in rows.items() if h]  # ana's handle, as a pseudonym
    assert rows[named] == named
    page_of = {p.read_text("utf-8").split("<h1>")[1].split("</h1>")[0]: p
               for p in (output / "accounts").glob("*/index.html")}
    assert f"@{named}" in page_of and sum(h.startswith("id acct-") for h in page_of) == 3


def test_a_name_that_turns_text_around_cannot_turn_the_site_title(tmp_path):
    """A <title> holds no markup (no <bdi>): the account's name is isolated (FSI ... PDI), so
    its right-to-left override does not reverse " · Test" after it in a tab or bookmark."""
    output = built(tmp_path)
    pages = {p.read_text("utf-8").split("<title>")[1].split("</title>")[0]
             for p in (output / "accounts").glob("*/index.html")}
    assert f"\u2068id {EVIL}\u2069 · Network report" in pages, pages
    assert "@ana_k · Network report" in pages  # nothing to isolate: as it was


def test_a_name_that_turns_text_around_stays_inside_its_chart_caption(tmp_path):
    """The audience chart of an account is captioned with its name: isolated, so that its
    right-to-left override does not reverse the rest of the caption."""
    root = write_project(tmp_path / "p", "site:\n  title: T\n",
                         {"content/snapshots/2024-01.yml": snapshot("2024-01-01"),
                          "content/snapshots/2024-02.yml": snapshot("2024-02-01")})
    db = open_db("1GB")
    try:
        analysis = run_analysis(root / "content" / "snapshots", db, AnalysisSettings())
        chart = build_chart("audience-engagement", ChartRequest(
            analysis.reports, analysis.latest, (("account", EVIL),), analysis))
    finally:
        db.close()
    assert chart.title == f"\u2068id {EVIL}\u2069: audience and engagement"


@browser_test
def test_the_accounts_table_sorts_numeric_ids_as_numbers(tmp_path):
    """Most network files number their accounts: sorted by Account, "id 2" comes before
    "id 10" (it came after, as text), and handles with numbers sort the same way."""
    accounts = [{"id": str(n)} for n in (10, 2, 100, 1)] + [
        {"id": "u10", "handle": "user10"}, {"id": "u2", "handle": "user2"},
        {"id": "zk", "handle": "k\u200bate"}]
    text = yaml.safe_dump({"taken": "2024-01-01", "accounts": accounts,
                           "follows": [{"follower": "1", "followed": "2"}]}, sort_keys=False)
    root = write_project(tmp_path / "project", "site:\n  url: https://example.org/report/\n",
                         {"content/snapshots/2024-01.yml": text})
    build_site(load_config(root / "sitegen.yml"), use_cache=False)
    with serve(root / "output", "/report") as url, chromium() as context:
        page = context.new_page()
        problems = PageProblems(page)
        page.goto(url + "accounts/", wait_until="load")
        page.wait_for_function("() => document.querySelector('#accounts-table')"
                               ".getAttribute('aria-busy') === 'false'")
        page.locator("#accounts-table button[data-key='handle']").click()
        shown = page.locator("#accounts-table tbody tr td:nth-child(1)").all_inner_texts()
        assert shown in (["id 1", "id 2", "id 10", "id 100", "@k\u200bate ⚠", "@user2",
                          "@user10"], ["@user10", "@user2", "@k\u200bate ⚠", "id 100", "id 10",
                                       "id 2", "id 1"]), shown
        # the search ignores characters that show nothing: "kate" finds "k\u200bate"
        page.fill("#account-filter", "kate")
        page.wait_for_function("() => document.querySelectorAll('#accounts-table tbody tr')"
                               ".length === 1")
        assert page.locator("#accounts-table tbody tr td:nth-child(1)").all_inner_texts() == [
            "@k\u200bate ⚠"]
        assert problems.take() == []

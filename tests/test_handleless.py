"""Accounts the data gives no handle: named by their id on every page ("id ID"), never as a
handle ("@ID"), with the same care for hidden characters, with pseudonyms on too."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import yaml
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

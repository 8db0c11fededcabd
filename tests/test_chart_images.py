"""Chart images for share cards: the optional ``images`` extra (kaleido driving a Chromium).

Most tests stand a small fake in for kaleido (it writes a marker file where kaleido would
write a PNG), so that which charts are drawn, their names, the cards, the cache and the
failures are tested everywhere. The tests marked ``kaleido`` draw real PNGs with the real
kaleido and Debian's chromium, and skip, saying why, where either is missing
(``pip install 'sitegen-reports[images]'``; ``apt-get install -y chromium``).
"""

from __future__ import annotations

import dataclasses
import json
import logging
import struct
import sys
import types
from pathlib import Path

import pytest
from conftest import tiny_network, write_tree
from test_share_cards import MetaTags

from sitegen.config import load_config, with_overrides
from sitegen.site import chart_images
from sitegen.site.build import build_site

URL = "https://user.github.io/report/"
PROJECT = {
    "sitegen.yml": """
        site:
          title: Images
          account_pages: 0
    """,
    **tiny_network(),
    "content/posts/2024-03-02-charts.md": """
        ---
        title: Two charts
        date: 2024-03-02
        ---
        The first paragraph.

        [[chart:followers-following]]

        [[chart:class-mix]]
    """,
    "content/posts/2024-03-01-words.md": """
        ---
        title: Words only
        date: 2024-03-01
        ---
        No chart here.
    """,
}
LOGGER = "sitegen.site.chart_images"


def build(root: Path, url: str = URL, use_cache: bool = False, output: str = "site") -> Path:
    project = root / "project"
    if not project.is_dir():
        write_tree(project, PROJECT)
    config = load_config(project / "sitegen.yml")
    config = dataclasses.replace(config, paths=dataclasses.replace(config.paths,
                                                                   output=str(root / output)))
    build_site(with_overrides(config, site={"url": url}), use_cache=use_cache)
    return root / output


def meta(page: Path) -> dict[str, str]:
    parser = MetaTags()
    parser.feed(page.read_text("utf-8"))
    return parser.meta


def messages(caplog, level: int) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == LOGGER and r.levelno == level]


class FakeKaleido:
    """Writes, for each figure, a small file holding its title; records what it was asked."""

    def __init__(self, fail: str = ""):
        self.calls: list[list[dict]] = []
        self.fail = fail

    def write_fig_from_object_sync(self, jobs, kopts):
        self.calls.append(list(jobs))
        assert kopts["mathjax"] is False  # never fetched from a CDN
        if self.fail == "raise":
            raise RuntimeError("the browser crashed")
        errors = []
        for n, job in enumerate(jobs):
            if self.fail == "second" and n == 1:
                errors.append(RuntimeError("could not draw"))
                continue
            title = job["fig"]["layout"]["title"]["text"]
            Path(job["path"]).write_bytes(b"\x89PNG fake " + title.encode())
        return tuple(errors)


@pytest.fixture
def fake_kaleido(monkeypatch) -> FakeKaleido:
    fake = FakeKaleido()
    monkeypatch.setitem(sys.modules, "kaleido", types.SimpleNamespace(
        write_fig_from_object_sync=fake.write_fig_from_object_sync))
    monkeypatch.setattr(chart_images, "unavailable", lambda base_url: None
                        if chart_images.public_address(base_url) else "not public")
    return fake


def test_without_kaleido_no_image_no_error_one_info_line(tmp_path, monkeypatch, caplog):
    monkeypatch.setitem(sys.modules, "kaleido", None)  # import kaleido raises ImportError
    caplog.set_level(logging.INFO, logger=LOGGER)
    site = build(tmp_path)
    assert messages(caplog, logging.INFO) == [
        "chart images: not made: kaleido is not installed "
        "(pip install 'sitegen-reports[images]')"]
    assert messages(caplog, logging.WARNING) == []
    tags = meta(site / "posts/charts/index.html")
    assert "og:image" not in tags and "twitter:image" not in tags
    assert tags["twitter:card"] == "summary"
    assert not (site / "assets/charts").exists()


def test_post_charts_and_each_pages_main_chart_are_drawn(tmp_path, fake_kaleido):
    site = build(tmp_path)
    [jobs] = fake_kaleido.calls
    titles = sorted(job["fig"]["layout"]["title"]["text"] for job in jobs)
    # the post's two charts; home and snapshot pages' main chart is the same class mix
    assert titles == ["Followers against following", "Ways of use"]
    for job in jobs:
        layout = job["fig"]["layout"]
        assert job["opts"] == {"format": "png", "width": 1200, "height": 630, "scale": 1}
        assert layout["paper_bgcolor"] == "#ffffff" and layout["font"]["color"] == "#1b1f24"
    names = sorted(p.name for p in (site / "assets/charts").iterdir())
    assert [n.rsplit("-", 1)[0] for n in names] == ["class-mix-2024-03",
                                                     "followers-following-2024-03"]


def test_cards_show_the_main_chart_image(tmp_path, fake_kaleido):
    site = build(tmp_path)
    post = meta(site / "posts/charts/index.html")
    image = post["og:image"]
    assert image.startswith(f"{URL}assets/charts/followers-following-2024-03-")
    assert (site / image[len(URL):]).read_bytes() == b"\x89PNG fake Followers against following"
    assert post["twitter:image"] == image and post["twitter:card"] == "summary_large_image"
    assert post["og:image:alt"].startswith("Followers against following. ")
    assert (post["og:image:width"], post["og:image:height"]) == ("1200", "630")
    home = meta(site / "index.html")
    assert home["og:image"].startswith(f"{URL}assets/charts/class-mix-2024-03-")
    assert meta(site / "snapshots/2024-03/index.html")["og:image"] == home["og:image"]
    words = meta(site / "posts/words/index.html")
    assert "og:image" not in words and words["twitter:card"] == "summary"


def test_images_come_from_the_cache_when_the_figure_did_not_change(tmp_path, fake_kaleido):
    first = build(tmp_path, use_cache=True, output="first")
    second = build(tmp_path, use_cache=True, output="second")
    assert len(fake_kaleido.calls) == 1  # the second build drew nothing
    for page in ("index.html", "posts/charts/index.html"):
        assert (first / page).read_text("utf-8") == (second / page).read_text("utf-8")
    cached = sorted(p.name for p in (tmp_path / "project/.sitegen-cache/chart-images").iterdir())
    assert len(cached) == 2 and all(name.endswith(".png") for name in cached)


def test_a_site_that_is_not_public_gets_no_images(tmp_path, fake_kaleido, caplog):
    caplog.set_level(logging.INFO, logger=LOGGER)
    site = build(tmp_path, url="http://localhost:8000/")
    assert fake_kaleido.calls == []
    assert len(messages(caplog, logging.INFO)) == 1
    assert "og:image" not in meta(site / "posts/charts/index.html")


def test_a_browser_failure_is_a_warning_not_an_error(tmp_path, fake_kaleido, caplog):
    caplog.set_level(logging.WARNING, logger=LOGGER)  # whatever level an earlier test left
    fake_kaleido.fail = "raise"
    site = build(tmp_path)
    assert messages(caplog, logging.WARNING) == [
        "chart images: not made: the browser failed: the browser crashed"]
    assert "og:image" not in meta(site / "index.html")


def test_a_chart_that_fails_to_draw_is_left_out(tmp_path, fake_kaleido, caplog):
    caplog.set_level(logging.WARNING, logger=LOGGER)
    fake_kaleido.fail = "second"
    site = build(tmp_path)
    [warning] = messages(caplog, logging.WARNING)
    assert warning.startswith("chart images: 1 of 2 not made")
    assert len(list((site / "assets/charts").iterdir())) == 1


# ---------------------------------------------------------------------------------------
# The real kaleido and chromium
# ---------------------------------------------------------------------------------------


def _why_no_kaleido() -> str:
    try:
        import kaleido  # noqa: F401
    except ImportError:
        return "kaleido is not installed (pip install 'sitegen-reports[images]')"
    return chart_images.unavailable(URL) or ""


needs_kaleido = pytest.mark.skipif(bool(_why_no_kaleido()), reason=_why_no_kaleido() or "-")


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


@needs_kaleido
def test_real_images_are_pngs_and_builds_stay_byte_identical(tmp_path):
    first = build(tmp_path, output="first")
    second = build(tmp_path, output="second")
    images = sorted((first / "assets/charts").iterdir())
    assert len(images) == 2
    for image in images:
        assert png_size(image.read_bytes()) == (1200, 630)
        # kaleido's PNGs are the same bytes from build to build (same chromium, same fonts)
        assert image.read_bytes() == (second / "assets/charts" / image.name).read_bytes()
    pages = sorted(p.relative_to(first) for p in first.rglob("*.html"))
    assert [p for p in pages if (first / p).read_bytes() != (second / p).read_bytes()] == []
    assert meta(first / "posts/charts/index.html")["og:image"].endswith(images[1].name)


@needs_kaleido
def test_no_browser_no_image_one_info_line(tmp_path, monkeypatch, caplog):
    monkeypatch.setenv("BROWSER_PATH", str(tmp_path / "no-such-browser"))
    caplog.set_level(logging.INFO, logger=LOGGER)
    site = build(tmp_path)
    assert messages(caplog, logging.INFO) == [
        "chart images: not made: no Chrome or Chromium found (install one, or set "
        "BROWSER_PATH to it)"]
    assert not (site / "assets/charts").exists()
    assert json.dumps(meta(site / "index.html")).count("og:image") == 0

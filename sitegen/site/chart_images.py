"""Static PNG images of charts, for share cards and the feed: the optional ``images`` extra.

Plotly's image exporter, kaleido (1.x), draws each figure in an installed Chrome or Chromium
(found on the PATH or where such browsers usually live, e.g. Debian's ``/usr/bin/chromium``;
the ``BROWSER_PATH`` environment variable names another). Without kaleido, without a browser,
or for a site without a public address, there are no images: one line at info level says
why, and the pages simply have cards without an image.

Drawing takes a few seconds, so only the charts worth a card are drawn: every chart a post
or page embeds, and the main (first drawn) chart of every other page. Images are kept in
``.sitegen-cache/chart-images/``, named by a hash of the figure, so that a rebuild draws
only the charts that changed.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from sitegen.chart_base import plot_text
from sitegen.charts import Chart
from sitegen.config import Config
from sitegen.site.cache import CACHE_DIR
from sitegen.site.pages import Page
from sitegen.site.share import IMAGE_HEIGHT, IMAGE_WIDTH, public_address
from sitegen.site.writer import Staging

log = logging.getLogger(__name__)

IMAGE_FOLDER = "assets/charts"
IMAGE_STYLE = "1"  # change it whenever image_figure() draws differently
EMBEDDING_TEMPLATES = {"post.html", "page.html"}  # pages whose every chart gets an image
# light colours on white whatever the reader's setting: the card is seen outside the site
COLOURS = {"paper_bgcolor": "#ffffff", "plot_bgcolor": "#ffffff"}
TEXT_COLOUR = "#1b1f24"


@dataclass(frozen=True)
class ChartImages:
    """The images made in this build: figure hash -> site path of the PNG."""

    paths: dict[str, str] = field(default_factory=dict)

    def of(self, chart: Chart) -> str | None:
        return self.paths.get(figure_hash(chart)) if chart.drawn else None


def figure_hash(chart: Chart) -> str:
    text = "\x00".join([IMAGE_STYLE, chart.title, chart.figure_json])
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def charts_to_draw(pages: Iterable[Page]) -> dict[str, Chart]:
    """Figure hash -> chart, for each chart worth an image, in page order."""
    wanted: dict[str, Chart] = {}
    for page in pages:
        drawn = [chart for chart in page.charts if chart.drawn]
        # a post's or page's every chart; another page's main chart, its first drawn one
        for chart in drawn if page.template in EMBEDDING_TEMPLATES else drawn[:1]:
            wanted.setdefault(figure_hash(chart), chart)
    return wanted


def image_path(chart: Chart, digest: str) -> str:
    """``assets/charts/CHART-ID-HASH.png``: the chart's name and snapshot, and its figure."""
    name = re.sub(r"[^a-z0-9]+", "-", chart.id.lower()).strip("-") or "chart"
    return f"{IMAGE_FOLDER}/{name[:60]}-{digest[:12]}.png"


def image_figure(chart: Chart) -> dict:
    """The chart's figure as the image draws it: on white, dark text, titled."""
    figure = json.loads(chart.figure_json)
    layout = {**figure.get("layout", {}), **COLOURS}
    layout["font"] = {**layout.get("font", {}), "color": TEXT_COLOUR}
    layout.setdefault("title", {"text": plot_text(chart.title), "x": 0.02})  # text, not tags
    layout["margin"] = {**layout.get("margin", {}), "t": 70}
    return {"data": figure.get("data", []), "layout": layout}


def unavailable(base_url: str) -> str | None:
    """Why images cannot be made here, or None when they can (checked before the cache is
    used, so that a build with the cache makes the same site as one without)."""
    if not public_address(base_url):
        return f"site.url ({base_url}) is not a public address"
    try:
        import kaleido  # noqa: F401
        from choreographer.browsers.chromium import Chromium
    except ImportError:
        return "kaleido is not installed (pip install 'sitegen-reports[images]')"
    # as kaleido looks: its own download, BROWSER_PATH, the PATH, then the usual places
    browser = Chromium.find_browser(skip_local=False)
    if not browser or not Path(browser).is_file() or not os.access(browser, os.X_OK):
        return "no Chrome or Chromium found (install one, or set BROWSER_PATH to it)"
    return None


def draw(figures: dict[Path, dict]) -> None:
    """Write each figure as a PNG; a figure the browser fails to draw is left out, with a
    warning."""
    import kaleido

    options = {"format": "png", "width": IMAGE_WIDTH, "height": IMAGE_HEIGHT, "scale": 1}
    jobs = [{"fig": fig, "path": str(path), "opts": options} for path, fig in figures.items()]
    try:  # mathjax off: kaleido would fetch it from a CDN, and no chart writes formulas
        failed = kaleido.write_fig_from_object_sync(jobs, kopts={"mathjax": False})
    except Exception as exc:  # noqa: BLE001 - the browser's failure is not the build's
        log.warning("chart images: not made: the browser failed: %s", exc)
        return
    if failed:
        log.warning("chart images: %d of %d not made: %s", len(failed), len(jobs), failed[0])


def write_chart_images(config: Config, base_url: str, pages: list[Page], stage: Staging,
                       use_cache: bool = True) -> ChartImages:
    """Draw (or take from the cache) the image of every chart worth one, and put it in the
    site under ``assets/charts/``."""
    wanted = charts_to_draw(pages)
    why_not = unavailable(base_url) if wanted else None
    if why_not:
        log.info("chart images: not made: %s", why_not)
    if why_not or not wanted:
        return ChartImages()
    folder = config.root / CACHE_DIR / "chart-images"
    if use_cache:
        folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="drawing-", dir=folder if use_cache else None) \
            as scratch:
        store = folder if use_cache else Path(scratch)
        made = _draw_missing(wanted, store, Path(scratch))
        paths = {digest: image_path(wanted[digest], digest) for digest in wanted
                 if digest in made}
        for digest, path in paths.items():
            stage.copy(path, store / f"{digest}.png")
    if use_cache:
        _forget_unused(folder, set(wanted))
    return ChartImages(paths)


def _draw_missing(wanted: dict[str, Chart], store: Path, scratch: Path) -> set[str]:
    """The hashes whose image is in ``store``, after drawing those that were not."""
    missing = [digest for digest in wanted if not (store / f"{digest}.png").is_file()]
    if missing:
        draw({scratch / f"{digest}.png": image_figure(wanted[digest]) for digest in missing})
    for digest in missing:
        drawn = scratch / f"{digest}.png"
        if store != scratch and drawn.is_file():
            os.replace(drawn, store / f"{digest}.png")
    made = {digest for digest in wanted if (store / f"{digest}.png").is_file()}
    log.info("chart images: %d drawn, %d from the cache", len(made.intersection(missing)),
             len(made.difference(missing)))
    return made


def _forget_unused(folder: Path, used: set[str]) -> None:
    """Keep only the images this build used, so the cache does not grow forever."""
    for path in folder.glob("*.png"):
        if path.stem not in used:
            path.unlink(missing_ok=True)

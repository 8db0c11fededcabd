"""Bytes each page type transfers, first visit and cached, measured in Debian's chromium.

    python bench/page_weight.py [SITE]

SITE is a built site (default: the demo built into a temporary folder for the address
http://127.0.0.1:PORT/report/). It is served over HTTP by a stdlib server (which sends
Last-Modified, so a repeat visit revalidates: 304s), one page of each type is opened in a
fresh chromium profile (first visit), then again in the same profile (cached), scrolled to
the bottom so that every chart is drawn; the bytes are those on the wire (encoded body and
headers) of every response, as Chrome's DevTools protocol counts them. Prints a Markdown table.
"""

from __future__ import annotations

import dataclasses
import gzip
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "tests")]

from browser_support import chromium, serve  # noqa: E402

PREFIX = "/report"
SCROLL_TO_END = """async () => {
  for (let y = 0; y <= document.body.scrollHeight; y += window.innerHeight / 2) {
    window.scrollTo(0, y);
    await new Promise(resolve => setTimeout(resolve, 150));
  }
}"""


def page_types(site: Path) -> dict[str, str]:
    """One page of each type (path under the site)."""
    def first(pattern: str) -> str:
        found = sorted(site.glob(pattern))
        return found[0].parent.relative_to(site).as_posix() + "/" if found else ""

    snapshots = sorted(site.glob("snapshots/*/index.html"))
    return {"home": "", "post (with charts)": first("posts/*/index.html"),
            "snapshot (latest)": snapshots[-1].parent.relative_to(site).as_posix() + "/",
            "class": first("classes/*/index.html"), "account": first("accounts/*/index.html"),
            "accounts table": "accounts/", "over time": "over-time/", "audit": "audit/"}


@dataclasses.dataclass
class Visit:
    unscrolled: int = 0  # bytes on the wire before scrolling (what the first screen needs)
    wire: int = 0  # bytes on the wire, every chart drawn
    gzipped: int = 0  # the same responses with their bodies gzip-compressed (GitHub Pages)
    requests: int = 0


def visit(context, url: str) -> Visit:
    """One visit to ``url``: loaded, then scrolled to the end so that every chart is drawn."""
    page = context.new_page()
    client = context.new_cdp_session(page)
    client.send("Network.enable")
    wire: dict[str, int] = {}
    bodies: list[int] = []
    client.on("Network.loadingFinished",
              lambda e: wire.__setitem__(e["requestId"], e["encodedDataLength"]))
    page.on("response", lambda r: bodies.append(_gzipped(r)))
    page.goto(url, wait_until="load")
    page.wait_for_load_state("networkidle")
    result = Visit(unscrolled=sum(wire.values()))
    page.evaluate(SCROLL_TO_END)
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(300)
    page.close()
    result.wire, result.requests, result.gzipped = sum(wire.values()), len(wire), sum(bodies)
    return result


def _gzipped(response) -> int:
    """Bytes of a response's body gzip-compressed, as GitHub Pages sends text (0 for a 304)."""
    if response.status != 200:
        return 0
    return len(gzip.compress(response.body(), 6, mtime=0))


def measure(site: Path) -> list[tuple[str, Visit, Visit]]:
    rows = []
    with serve(site, PREFIX) as base:
        for name, path in page_types(site).items():
            if not (site / path / "index.html").is_file():
                continue
            with chromium() as context:  # a fresh profile: nothing cached
                first = visit(context, base + path)
                cached = visit(context, base + path)
            rows.append((name, first, cached))
    return rows


def build_demo(output: Path) -> Path:
    """The demo built for http://127.0.0.1/report/: its links are root-relative, so it works
    served under /report/ on any port."""
    from sitegen.config import load_config, with_overrides
    from sitegen.site.build import build_site

    config = load_config(REPO / "sitegen.yml")
    config = dataclasses.replace(config, paths=dataclasses.replace(config.paths,
                                                                   output=str(output)))
    build_site(with_overrides(config, site={"url": f"http://127.0.0.1{PREFIX}/"}),
               use_cache=False)
    return output


def main() -> None:
    if len(sys.argv) > 1:
        site = Path(sys.argv[1])
    else:
        site = build_demo(Path(tempfile.mkdtemp(prefix="page-weight-")) / "site")
    print("| page type | first visit, first screen | first visit, all charts drawn | "
          "same, gzip (as GitHub Pages) | requests | cached visit | requests |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for name, first, cached in measure(site):
        print(f"| {name} | {kib(first.unscrolled)} | {kib(first.wire)} | {kib(first.gzipped)} "
              f"| {first.requests} | {kib(cached.wire)} | {cached.requests} |")


def kib(size: int) -> str:
    return f"{size / 1024:,.1f} KiB"


if __name__ == "__main__":
    main()

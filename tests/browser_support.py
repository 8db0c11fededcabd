"""Helpers for the tests that open built sites in Debian's chromium through Playwright.

A site folder is served by a stdlib server bound to 127.0.0.1 that answers only under a
sub-path (as GitHub Pages serves a project site), so a link that forgets the base path fails.
Browsers cannot be downloaded here: never run ``playwright install``; the tests use
``/usr/bin/chromium`` (``apt-get install -y chromium``) and skip when it is missing.
"""

from __future__ import annotations

import contextlib
import shutil
import tempfile
import threading
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

try:
    from playwright.sync_api import sync_playwright
except ImportError:  # pragma: no cover - depends on the machine
    sync_playwright = None

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]

BROWSER_MARKS = [
    pytest.mark.browser,
    pytest.mark.skipif(
        sync_playwright is None,
        reason="playwright for Python is not installed (pip install playwright)",
    ),
    pytest.mark.skipif(
        not CHROMIUM.is_file(), reason=f"{CHROMIUM} is missing (apt-get install -y chromium)"
    ),
]


def browser_test(test):
    """Mark a test as a browser test, skipped where chromium or playwright is missing."""
    for mark in reversed(BROWSER_MARKS):
        test = mark(test)
    return test


def _handler(prefix: str):
    class SubPathHandler(SimpleHTTPRequestHandler):
        """Serve the folder under ``prefix`` only; anything else is a 404."""

        def _strip_prefix(self) -> bool:
            if self.path == prefix or self.path.startswith(prefix + "/"):
                self.path = self.path[len(prefix) :] or "/"
                return True
            self.send_error(404, "outside the site's base path")
            return False

        def do_GET(self):  # noqa: N802 (http.server's API name)
            if self._strip_prefix():
                super().do_GET()

        def do_HEAD(self):  # noqa: N802
            if self._strip_prefix():
                super().do_HEAD()

        def log_message(self, format, *args):  # quiet test output
            pass

    return SubPathHandler


@contextlib.contextmanager
def serve(folder: Path, prefix: str) -> Iterator[str]:
    """Serve ``folder`` at ``http://127.0.0.1:PORT{prefix}/``; yields that base URL."""
    handler = partial(_handler(prefix), directory=str(folder))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}{prefix}/"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


@contextlib.contextmanager
def chromium() -> Iterator[object]:
    """A chromium context with a fresh user data dir, 1280 pixels wide."""
    profile = tempfile.mkdtemp(prefix="sitegen-chromium-")
    try:
        with sync_playwright() as playwright:
            context = playwright.chromium.launch_persistent_context(
                profile,
                executable_path=str(CHROMIUM),
                args=CHROMIUM_ARGS,
                headless=True,
                viewport={"width": 1280, "height": 900},
            )
            context.set_default_timeout(15_000)
            try:
                yield context
            finally:
                context.close()
    finally:
        shutil.rmtree(profile, ignore_errors=True)


class PageProblems:
    """Dialogs, console errors, page errors and failed requests seen while a page is open
    (chromium asks for /favicon.ico by itself: that one may fail). Dialogs are dismissed.
    A request cancelled by the next navigation (net::ERR_ABORTED) is no problem, unless
    ``count_aborted=True``: then every failed request counts, whatever its reason."""

    def __init__(self, page, *, count_aborted: bool = False):
        self.count_aborted = count_aborted
        self.items: list[str] = []
        self.dialogs: list[str] = []
        page.on("console", self.console)
        page.on("pageerror", lambda error: self.items.append(f"page error: {error}"))
        page.on("requestfailed", self.request_failed)
        page.on("response", self.response)
        page.on("dialog", self.dialog)

    def add(self, url: str, text: str) -> None:
        if not url.endswith("/favicon.ico"):
            self.items.append(text)

    def console(self, message) -> None:
        if message.type == "error":
            self.add(message.location.get("url", ""), f"console error: {message.text}")

    def request_failed(self, request) -> None:
        # net::ERR_ABORTED: cancelled by the next navigation (a missing file is an HTTP 404)
        if self.count_aborted or request.failure != "net::ERR_ABORTED":
            self.add(request.url, f"request failed ({request.failure}): {request.url}")

    def response(self, response) -> None:
        if response.status >= 400:
            self.add(response.url, f"HTTP {response.status}: {response.url}")

    def take(self) -> list[str]:
        """Everything seen so far (dialogs first), and start afresh."""
        found, self.items, self.dialogs = self.dialogs + self.items, [], []
        return found

    def dialog(self, dialog) -> None:
        self.dialogs.append(f"{dialog.type} dialog: {dialog.message!r}")
        dialog.dismiss()


# Charts are drawn when they scroll into view: this scrolls to the first one not yet drawn
# each time it is polled (page.wait_for_function) and holds once every chart has its SVG.
CHARTS_DRAWN = """() => {
  const waiting = [...document.querySelectorAll('.chart-plot')].find(p => !p.querySelector('svg'));
  if (waiting) { waiting.scrollIntoView({block: 'center'}); return false; }
  window.scrollTo(0, 0);
  return true;
}"""

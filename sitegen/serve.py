"""``sitegen serve``: build, serve on 127.0.0.1, rebuild on change, reload the browser.

The preview is built into a temporary folder (never into output/) for the address
``http://127.0.0.1:PORT/``. Pages served get a small script that asks the server for the
build number and reloads when it changes. A build that fails keeps the server running:
the terminal shows the error and every page shows it until a later build succeeds.

Only requests for this address are answered (the Host header must be 127.0.0.1, localhost or
[::1] with the port), so a web page cannot reach the preview by DNS rebinding. A browser
that goes away mid-response is not an error. The temporary folder is removed when the
server stops, by Ctrl+C, by a termination signal or otherwise.

Changes are seen through the system's file events (``watchfiles``: inotify, FSEvents,
ReadDirectoryChangesW), not by reading the tree over and over: the settings file and every
folder of the content and the theme are watched, each folder on its own, so that output/, the
cache and whatever else lies in the project folder are not. Editor temporary files (``.swp``,
``~``, ``.#`` and the like) are no change.
"""

from __future__ import annotations

import contextlib
import dataclasses
import html
import json
import logging
import os
import shutil
import signal
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path, PurePosixPath

import watchfiles

from sitegen.config import Config, lexicon_files, load_config, with_overrides
from sitegen.console import INTERRUPTED
from sitegen.content import EDITOR_FILE
from sitegen.errors import SitegenError
from sitegen.site.inputs import walk_once
from sitegen.site.session import BuildSession

log = logging.getLogger(__name__)

STATUS_PATH = "/__sitegen/status"
RELOAD_SCRIPT = (
    "<script>(function(){var seen=null;setInterval(function(){fetch('" + STATUS_PATH + "')"
    ".then(function(r){return r.json();}).then(function(s){if(seen===null){seen=s.build;}"
    "else if(s.build!==seen){location.reload();}}).catch(function(){});},700);}());</script>"
)
LOCAL_NAMES = ("127.0.0.1", "localhost", "[::1]")
# a client that closed the connection while it was being answered
DISCONNECTED = (BrokenPipeError, ConnectionResetError, ConnectionAbortedError)


@dataclasses.dataclass
class PreviewState:
    """What the server shows: the folder, the build number, and the last error if any; and
    what its builds keep for the next (the analysis, the templates, the planned pages)."""

    folder: Path
    build: int = 0
    error: str | None = None
    lock: threading.Lock = dataclasses.field(default_factory=threading.Lock)
    session: BuildSession = dataclasses.field(default_factory=BuildSession)


def error_page(message: str) -> bytes:
    return ("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Build "
            "failed</title></head><body style=\"font-family:system-ui;margin:2rem\"><h1>The "
            "build failed</h1><pre style=\"white-space:pre-wrap\">" + html.escape(message) +
            "</pre><p>Fix the problem and save: this page reloads by itself.</p>" +
            RELOAD_SCRIPT + "</body></html>").encode("utf-8")


def reloading(page: bytes) -> bytes:
    """A page of the site with the script that reloads it after the next build."""
    return page.replace(b"</body>", RELOAD_SCRIPT.encode() + b"</body>")


def local_hosts(port: int) -> set[str]:
    """The Host headers the preview answers: its own address by any local name."""
    hosts = {f"{name}:{port}" for name in LOCAL_NAMES}
    return hosts | set(LOCAL_NAMES) if port == 80 else hosts


class PreviewServer(ThreadingHTTPServer):
    def handle_error(self, request, client_address) -> None:
        """A client that went away mid-response is no error: no traceback for it."""
        if isinstance(sys.exc_info()[1], DISCONNECTED):
            log.debug("serve: %s:%s disconnected", *client_address[:2])
            return
        super().handle_error(request, client_address)


def handler_for(state: PreviewState) -> type[SimpleHTTPRequestHandler]:
    class PreviewHandler(SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(state.folder), **kwargs)

        def parse_request(self) -> bool:
            """Refuse a request for another host (421): a page of another site whose name
            was made to point at 127.0.0.1 must not read the preview."""
            if not super().parse_request():
                return False
            host = (self.headers.get("Host") or "").strip().lower()
            if host in local_hosts(self.server.server_address[1]):
                return True
            self.send_error(421, "Misdirected request: open the preview at 127.0.0.1")
            return False

        def log_message(self, format, *args):  # noqa: A002 (stdlib's name)
            log.debug("serve: " + format, *args)

        def send_body(self, status: int, body: bytes, kind: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        def do_GET(self):  # noqa: N802 (stdlib's name)
            self.answer()

        def do_HEAD(self):  # noqa: N802 (stdlib's name): the headers GET would send
            self.answer()

        def answer(self) -> None:
            """The status page, the error page while the last build failed (in place of any
            page), a folder's address without its '/' redirected as GitHub Pages does, a
            page with the reload script, the 404 page, or the file as it is."""
            path = self.path.split("?", 1)[0]
            if path == STATUS_PATH:
                body = json.dumps({"build": state.build, "error": state.error}).encode()
                return self.send_body(200, body, "application/json")
            local = Path(self.translate_path(path))
            try:
                folder = local.is_dir()
                if folder:
                    local = local / "index.html"
                found = local.exists()
            except OSError:  # a name longer than the system takes: no such page
                folder = found = False
            # a page's address: a folder's, an .html file's, or one without a suffix
            page = local.suffix == ".html" or path.endswith("/") or not found and \
                not PurePosixPath(path).suffix
            if state.error is not None and (page or (folder and found)):
                return self.send_body(500, error_page(state.error), "text/html; charset=utf-8")
            if folder and found and not path.endswith("/"):
                return self.redirect(self.path.replace("?", "/?", 1) if "?" in self.path
                                     else self.path + "/")
            if not found:
                if (state.folder / "404.html").is_file():  # reloads too, when fixed
                    body = reloading((state.folder / "404.html").read_bytes())
                    return self.send_body(404, body, "text/html; charset=utf-8")
                return self.send_error(404)
            if local.suffix == ".html" and local.is_file():
                return self.send_body(200, reloading(local.read_bytes()),
                                      "text/html; charset=utf-8")
            return super().do_HEAD() if self.command == "HEAD" else super().do_GET()

        def redirect(self, location: str) -> None:
            self.send_response(301)
            self.send_header("Location", location)
            self.send_header("Content-Length", "0")
            self.end_headers()

    return PreviewHandler


class SourceFilter:
    """The changes that matter to a build: the settings file and the lexicon files it names,
    and what lies in the content and theme folders, less editor temporary files and the
    output folder."""

    def __init__(self, config: Config, settings: Path):
        # files watched one by one: the settings file and the lexicon files it names (and
        # the one snapshot file paths.snapshots may name)
        snapshots = local_snapshots(config)
        self.files = {str(settings), *(str(p.resolve()) for p in lexicon_files(config.analysis)),
                      *([str(snapshots)] if snapshots and not snapshots.is_dir() else [])}
        self.sources = [str(config.content_dir.resolve()), str(config.themes_dir.resolve()),
                        *([str(snapshots)] if snapshots and snapshots.is_dir() else [])]
        self.output = str(config.output_dir.resolve())
        self.editor_files = watchfiles.DefaultFilter(ignore_entity_patterns=[EDITOR_FILE.pattern])

    def __call__(self, change: watchfiles.Change, path: str) -> bool:
        def within(folder: str) -> bool:
            return path == folder or path.startswith(folder + os.sep)

        if path in self.files:
            return True
        return (any(within(folder) for folder in self.sources) and not within(self.output)
                and self.editor_files(change, path))


def local_snapshots(config: Config) -> Path | None:
    """The snapshots' folder (or one snapshot file) on this machine; None for a URL, which
    is not watched (as the build records it by its text: docs/build-cache.md)."""
    return None if isinstance(config.snapshots, str) else Path(config.snapshots).resolve()


def watched_folders(config: Config, settings: Path) -> list[Path]:
    """The folder of the settings file and of each lexicon file, those the content, theme
    and snapshot folders are in (to see them made) and every folder inside those, but not
    output/ nor the folders an editor or version control keeps."""
    output = config.output_dir.resolve()
    skip = set(watchfiles.DefaultFilter.ignore_dirs)
    folders = {settings.parent, *(p.resolve().parent for p in lexicon_files(config.analysis))}
    snapshots = local_snapshots(config)
    tops = [config.content_dir.resolve(), config.themes_dir.resolve()]
    if snapshots is not None:
        folders.add(snapshots.parent)  # a snapshot file's folder; a folder's, to see it made
        tops.append(snapshots)  # walked when a folder
    for top in tops:
        folders.add(top.parent)
        for folder, inner, _ in walk_once(top):  # linked folders too, as the build reads them
            inner[:] = [n for n in inner if n not in skip and Path(folder, n) != output]
            folders.add(Path(folder))
    return sorted(f for f in folders if f != output and f.is_dir())


def source_state(config: Config, settings: Path) -> dict[str, tuple[int, int]]:
    """Size and time of every file in the folders watched: what a build started from."""
    state = {}
    for folder in watched_folders(config, settings.resolve()):
        with contextlib.suppress(OSError), os.scandir(folder) as entries:
            for entry in entries:
                with contextlib.suppress(OSError):
                    if entry.is_file():
                        found = entry.stat()
                        state[entry.path] = (found.st_size, found.st_mtime_ns)
    return state


def source_changes(settings_now: Callable[[], Config], settings: Path, stop: threading.Event,
                   wait: float, changed: bool = False) -> Iterator[None]:
    """Yield whenever the sources changed, until ``stop`` is set; ``settings_now``: the
    settings as they are (they name the folders: ``paths``, the lexicon files).

    Each folder is watched on its own (not recursively), and the watch starts again when a
    change made folders come or go, or changed the settings file; as a change made before the
    new watch started would be missed, the new watch reports one as it starts (within
    ``wait`` seconds). Where the system has no file events to spare (too many folders for its
    watches), the watch polls. ``changed``: the sources changed before the watch started
    (during the first build): reported as it starts, as a restarted watch's are."""
    settings = settings.resolve()
    restarted, polling = changed, False
    while not stop.is_set():
        config = settings_now()
        keep, folders = SourceFilter(config, settings), watched_folders(config, settings)
        try:
            for changes in watchfiles.watch(*folders, watch_filter=keep, stop_event=stop,
                                            recursive=False, rust_timeout=int(wait * 1000),
                                            yield_on_timeout=True, debounce=400, step=50,
                                            force_polling=polling or None):
                if changes or restarted:
                    restarted = False
                    yield
                if changes and (any(Path(path) == settings for _, path in changes)
                                or watched_folders(config, settings) != folders):
                    break
        except FileNotFoundError:  # a folder went away as the watch started
            pass
        except OSError as error:
            if polling:
                raise
            log.warning("serve: no file events to watch with (%s); polling instead", error)
            polling = True
        restarted = True


def rebuild(config_path: Path | None, state: PreviewState, port: int, drafts: bool,
            report: Callable[[str, bool], None]) -> None:
    """One build into the preview folder; record success or the error."""
    from sitegen.site.build import build_site

    started = time.perf_counter()
    try:
        config = with_overrides(load_config(config_path),
                                site={"url": f"http://127.0.0.1:{port}/", "plotly_cdn": ""})
        config = dataclasses.replace(config, paths=dataclasses.replace(
            config.paths, output=str(state.folder.resolve())))
        build_site(config, drafts=drafts, session=state.session)
        error = None
        report(f"built in {time.perf_counter() - started:.2f} s", False)
    except SitegenError as exc:
        if INTERRUPTED.is_set():  # Ctrl-C, come back as an error of the build: stop serving
            raise KeyboardInterrupt from None
        error = str(exc)
        report(f"build failed: {error}", True)
    except Exception as exc:  # noqa: BLE001 - any failure of one build: the server goes on
        log.debug("serve: the build failed", exc_info=True)
        error = f"{type(exc).__name__}: {exc}"
        report(f"build failed: {error}", True)
    with state.lock:
        state.error = error
        state.build += 1


def serve(config_path: Path | None, port: int, drafts: bool, report: Callable[[str, bool], None],
          stop: threading.Event | None = None, wait: float = 1.0) -> None:
    """Serve the preview until interrupted (or until ``stop`` is set), then remove it;
    ``wait``: see ``source_changes``."""
    last = [load_config(config_path)]
    settings = config_path or Path("sitegen.yml")

    def settings_now() -> Config:
        """The settings as the file now says, or as it last said when it cannot be read (the
        build reports that)."""
        with contextlib.suppress(SitegenError):
            last[0] = load_config(config_path)
        return last[0]

    with ended_by_signals(), preview_folder() as folder:
        state = PreviewState(folder / "site")
        try:
            before = source_state(last[0], settings)
            rebuild(config_path, state, port, drafts, report)
            changed = source_state(settings_now(), settings) != before  # during that build
            with running(PreviewServer(("127.0.0.1", port), handler_for(state))):
                report(f"serving on http://127.0.0.1:{port}/ (Ctrl+C to stop)", False)
                for _ in source_changes(settings_now, settings, stop or threading.Event(),
                                        wait, changed):
                    rebuild(config_path, state, port, drafts, report)
        finally:
            state.session.close()


@contextlib.contextmanager
def preview_folder() -> Iterator[Path]:
    """A temporary folder for the preview, removed however the server ends."""
    folder = Path(tempfile.mkdtemp(prefix="sitegen-serve-"))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@contextlib.contextmanager
def running(server: PreviewServer) -> Iterator[None]:
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield
    finally:
        server.shutdown()
        server.server_close()


@contextlib.contextmanager
def ended_by_signals() -> Iterator[None]:
    """SIGTERM and SIGHUP (a closed terminal) end the server as Ctrl+C does, cleaning up;
    only the main thread can take signals, so elsewhere this does nothing."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    names = [name for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)]
    previous = {name: signal.getsignal(getattr(signal, name)) for name in names}
    for name in names:
        signal.signal(getattr(signal, name), _interrupt)
    try:
        yield
    finally:
        for name, handler in previous.items():
            signal.signal(getattr(signal, name), signal.SIG_DFL if handler is None else handler)


def _interrupt(signum, frame) -> None:
    INTERRUPTED.set()  # an interrupt DuckDB turns into another error still ends serve quietly
    raise KeyboardInterrupt

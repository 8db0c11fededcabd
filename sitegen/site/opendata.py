"""Open data downloads: each snapshot's account table (CSV, JSON) and follow graph (GEXF)."""

from __future__ import annotations

import dataclasses
import hashlib
import html
import json
import re
import shutil
import tempfile
import threading
import weakref
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from pathlib import Path

from sitegen.analysis import export
from sitegen.analysis.open_data import copy_accounts_json, copy_gexf_lines
from sitegen.analysis.report import Report
from sitegen.errors import Problem, SitegenError
from sitegen.site import accounts_table, sizes
from sitegen.site.model import SiteData
from sitegen.site.urls import account_path
from sitegen.site.writer import Staging, left_by_ended_process, owner

INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(value) -> str:
    """Text safe inside XML: escaped, and without characters XML 1.0 forbids (``html``'s
    escape, as ``xml.sax.saxutils``' would, which imports ``urllib.request`` and ``ssl``)."""
    return html.escape(INVALID_XML.sub("", str(value)), quote=False)


def write_accounts_json(report: Report, pages: list[tuple[str, str]], target: Path) -> None:
    """The analyze JSON document (docs/analysis-json.md), each account with its page link
    (``pages``: account id and link, for the accounts that have a page).

    DuckDB writes the account array; '<', '>' and '&' (which only occur inside strings)
    are then escaped, so markup in the data stays inert even if the file is read as HTML.
    """
    part = target.with_name(target.name + ".part")
    copy_accounts_json(report, pages, part)
    head = export.network_document(report)
    with target.open("wb") as out:
        # the network name and attribute names are data too (json.dumps escapes everything
        # non-ASCII; markup characters are escaped here)
        out.write(("{" + ",".join(f'"{key}":' + _inert_json(head[key])
                                  for key in ("snapshot", "coverage", "network"))
                   + ',"accounts":').encode())
        with part.open("rb") as accounts:
            while chunk := accounts.read(1 << 22):
                out.write(chunk.replace(b"<", b"\\u003c").replace(b">", b"\\u003e")
                          .replace(b"&", b"\\u0026"))
        out.write(b"}\n")
    part.unlink()


def _inert_json(value) -> str:
    """JSON text in which no '<', '>' or '&' can start markup."""
    return (json.dumps(value).replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("&", "\\u0026"))


GEXF_HEAD = (b'<?xml version="1.0" encoding="UTF-8"?>\n'
             b'<gexf xmlns="http://gexf.net/1.3" version="1.3">\n'
             b'<graph defaultedgetype="directed">\n<attributes class="node">\n'
             b'<attribute id="class" title="class" type="string"/>\n</attributes>\n'
             b'<nodes>\n')


def gexf_pieces(site: SiteData | None, report: Report, scratch: Path) -> list[bytes | Path]:
    """The follow graph for Gephi, as the pieces of its file (``sizes.fit_within_limit``
    joins them): nodes with handle and class, one edge per follow, the lines written by
    DuckDB into ``scratch``."""
    nodes, edges = scratch / "follows.gexf.nodes", scratch / "follows.gexf.edges"
    copy_gexf_lines(report, nodes, edges)
    return [GEXF_HEAD, nodes, b"</nodes>\n<edges>\n", edges, b"</edges>\n</graph>\n</gexf>\n"]


def csv_pieces(site: SiteData | None, report: Report, scratch: Path) -> list[bytes | Path]:
    """The accounts as ``analyze --format csv`` writes them, one file."""
    export.write_csv([report], scratch / "accounts.csv")
    return [scratch / "accounts.csv"]


def json_pieces(site: SiteData | None, report: Report, scratch: Path) -> list[bytes | Path]:
    """The analyze JSON document, one file (``write_accounts_json``). Only the latest
    snapshot's accounts link to their pages: ``site`` may be None for an earlier one."""
    pages = _account_links(site) if site is not None and report is site.latest else []
    write_accounts_json(report, pages, scratch / "accounts.json")
    return [scratch / "accounts.json"]


# each download's file, written into a scratch folder as the pieces it is made of
PIECES = {"accounts.csv": csv_pieces, "accounts.json": json_pieces, "follows.gexf": gexf_pieces}


DOWNLOADS = ("accounts.csv", "accounts.json", "follows.gexf")
TABLE = "table"  # data/SLUG/table/: the accounts page's table (sitegen.site.accounts_table)
MANIFEST = "files.json"  # data/SLUG/files.json: the downloads as published


def downloads(report: Report) -> tuple[str, ...]:
    """The open data files of one snapshot: no follow graph when it has no follows table."""
    return DOWNLOADS if report.snapshot.coverage.follows else DOWNLOADS[:2]


def write_open_data(site: SiteData, stage: Staging, analysis_key: str,
                    prepared: Prepared | None = None) -> None:
    """Write every snapshot's downloads, each within the size limit, and the latest
    snapshot's accounts table (or reuse the previous build's when unchanged); the pages that
    list the downloads wait for them (``published``). ``prepared``: downloads written
    earlier, published as they are."""
    board = published(site)
    try:
        board.post(_write_or_reuse(site, stage, analysis_key, prepared))
    except BaseException as error:
        board.fail(error)
        raise


def _write_or_reuse(site: SiteData, stage: Staging, analysis_key: str,
                    prepared: Prepared | None) -> dict[str, tuple]:
    key = hashlib.sha256(json.dumps([analysis_key, site.urls.base_url, site.account_slugs,
                                     sorted(site.snapshot_slugs.items()), sizes.LIMIT_BYTES,
                                     accounts_table.chunk_budget()]).encode()).hexdigest()
    folders = {site.snapshot_slugs[r.snapshot.name]: f"data/{site.snapshot_slugs[r.snapshot.name]}"
               for r in site.reports}
    earlier = _earlier_manifests(stage, folders, key)
    if earlier is not None:
        files = [f"{folders[slug]}/{name}" for slug, doc in earlier.items()
                 for name in doc["published"]]
        if stage.reuse("open-data", key, files):
            return {slug: tuple(sizes.Download(d["name"], d["form"],
                                               tuple((f["name"], f["bytes"]) for f in d["files"]))
                                for d in doc["downloads"]) for slug, doc in earlier.items()}
    stage.reuse("open-data", key, [])  # records the key for the next build
    scratch = scratch_folder(stage.dir.parent)
    try:
        # DuckDB writes one file after another, while a second thread publishes each file
        # written (compressing the large ones: zlib, like DuckDB, lets the other thread run)
        with ThreadPoolExecutor(1) as publisher:
            started = {slug: _write_snapshot(site, report, stage, folders[slug], scratch / slug,
                                             publisher, prepared)
                       for report in site.reports
                       for slug in [site.snapshot_slugs[report.snapshot.name]]}
            return {slug: _write_manifest(stage, folders[slug], *parts)
                    for slug, parts in started.items()}
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


SCRATCH_PREFIX = ".sitegen-open-data-"


def scratch_folder(parent: Path) -> Path:
    """A new folder in ``parent`` (beside the output folder: a file written there moves into
    the site without a copy) for downloads being written, named by this process
    (``writer.owner()``); the folders of builds that were killed here (their process gone)
    are removed first."""
    for old in parent.glob(f"{SCRATCH_PREFIX}*"):
        if left_by_ended_process(old.name.removeprefix(SCRATCH_PREFIX).split("-")[0]):
            shutil.rmtree(old, ignore_errors=True)
    return Path(tempfile.mkdtemp(prefix=f"{SCRATCH_PREFIX}{owner()}-", dir=parent))


def _write_snapshot(site: SiteData, report: Report, stage: Staging, folder: str,
                    scratch: Path, publisher: Executor, prepared: Prepared | None
                    ) -> tuple[list[Future[sizes.Download]], list[str]]:
    """One snapshot's downloads, each written to ``scratch`` and handed to ``publisher`` to
    be published within the limit; and its accounts table when it is the latest (the files
    it wrote)."""
    def target(name: str) -> Path:
        return stage.target(f"{folder}/{name}")

    def pieces(name: str) -> list[bytes | Path]:
        early = prepared.pieces(report, name) if prepared else None
        return early if early is not None else PIECES[name](site, report, scratch)

    scratch.mkdir()
    publishing = [publisher.submit(sizes.fit_within_limit, pieces(name), name, target, scratch)
                  for name in downloads(report)]
    if report is not site.latest:
        return publishing, []
    return publishing, [f"{TABLE}/{n}" for n in accounts_table.write_accounts_table(
        report, _account_links(site), lambda name: target(f"{TABLE}/{name}"))]


def _write_manifest(stage: Staging, folder: str, publishing: list[Future[sizes.Download]],
                    table: list[str]) -> tuple[sizes.Download, ...]:
    """A snapshot's manifest, once its downloads are published: returns them."""
    done = tuple(download.result() for download in publishing)
    manifest = {"downloads": [d.document() for d in done],
                "published": [*(n for d in done for n, _ in d.files), *table, MANIFEST]}
    stage.target(f"{folder}/{MANIFEST}").write_text(json.dumps(manifest, indent=1) + "\n",
                                                    "utf-8")
    return done


def _account_links(site: SiteData) -> list[tuple[str, str]]:
    """(account id, link) of every account with a page."""
    return [(i, site.urls.path(account_path(s))) for i, s in site.account_slugs.items()]


def _earlier_manifests(stage: Staging, folders: dict[str, str], key: str) -> dict | None:
    """Each snapshot's manifest from the earlier build that wrote the open data under
    ``key`` (the spare site or the live one), None when there is none."""
    for root, made in ((stage.dir, stage.spare), (stage.output, stage.previous)):
        if made["keys"].get("open-data") != key:
            continue
        try:
            return {slug: json.loads((root / folder / MANIFEST).read_text("utf-8"))
                    for slug, folder in folders.items()}
        except (OSError, ValueError):
            return None
    return None


class Prepared:
    """Each snapshot's downloads that read the analysis alone (``ANALYSIS_ONLY``: the CSV
    and the GEXF; and the JSON of every snapshot but the latest, whose accounts alone link
    to their pages), written by DuckDB on a connection of its own from the moment the analysis
    is done, while the site is gathered and its pages planned (Python work that leaves a core
    idle); ``write_open_data`` publishes them. Nothing is prepared without a ``folder``.
    Use in a ``with`` block: it ends the work and removes what was not published."""

    ANALYSIS_ONLY = ("accounts.csv", "follows.gexf")  # their PIECES do not read the site

    def __init__(self, reports: tuple[Report, ...], folder: Path | None):
        self._jobs: dict[tuple[Report, str], Future[list[bytes | Path]]] = {}
        self._cursors: list = []
        self._pool = None if folder is None else ThreadPoolExecutor(1)
        if self._pool is None:
            return
        folder.mkdir(parents=True, exist_ok=True)  # output/'s, made here when new
        self._scratch = scratch_folder(folder)
        for index, report in enumerate(reports):
            earlier = index < len(reports) - 1
            for name in downloads(report):
                if name in self.ANALYSIS_ONLY or (earlier and name == "accounts.json"):
                    self._jobs[report, name] = self._pool.submit(
                        self._write, report, name, self._scratch / f"{index}-{name}")

    def _write(self, report: Report, name: str, scratch: Path) -> list[bytes | Path]:
        cursor = report.snapshot.db.cursor()  # beside the build's own queries
        self._cursors.append(cursor)
        snapshot = dataclasses.replace(report.snapshot, db=cursor)
        scratch.mkdir()
        return PIECES[name](None, dataclasses.replace(report, snapshot=snapshot), scratch)

    def pieces(self, report: Report, name: str) -> list[bytes | Path] | None:
        """The download's pieces when prepared (waiting for them), else None."""
        job = self._jobs.pop((report, name), None)
        return None if job is None else job.result()

    def __enter__(self) -> Prepared:
        return self

    def __exit__(self, *exc_info) -> None:
        if self._pool is None:
            return
        for job in self._jobs.values():
            job.cancel()
        for cursor in self._cursors:
            cursor.interrupt()  # a download not published (the build failed, or reused it)
        self._pool.shutdown(wait=True)
        for cursor in self._cursors:
            cursor.close()
        shutil.rmtree(self._scratch, ignore_errors=True)


class Published:
    """Each snapshot's downloads as published (by snapshot slug), once ``write_open_data``
    has written them; a page that lists them waits until then."""

    def __init__(self):
        self._ready = threading.Event()
        self._downloads: dict[str, tuple[sizes.Download, ...]] = {}
        self._error: BaseException | None = None

    def post(self, downloads: dict[str, tuple[sizes.Download, ...]]) -> None:
        self._downloads = downloads
        self._ready.set()

    def fail(self, error: BaseException) -> None:
        self._error = error
        self._ready.set()

    def of(self, slug: str) -> tuple[sizes.Download, ...]:
        self._ready.wait()
        if self._error is not None:
            raise SitegenError(Problem(f"the open data could not be written: {self._error}"))
        return self._downloads[slug]


_BOARDS: weakref.WeakKeyDictionary[SiteData, Published] = weakref.WeakKeyDictionary()
_BOARDS_LOCK = threading.Lock()


def published(site: SiteData) -> Published:
    """The downloads of ``site`` as published (one board per site being built)."""
    with _BOARDS_LOCK:
        return _BOARDS.setdefault(site, Published())


class SnapshotDownloads:
    """What a page shows of one snapshot's downloads: read when the page is rendered (the
    downloads are written meanwhile)."""

    def __init__(self, site: SiteData, slug: str):
        self._site, self.slug = site, slug
        self.folder = f"data/{slug}/"

    def __iter__(self):
        return iter(published(self._site).of(self.slug))

    def named(self, name: str) -> sizes.Download | None:
        return next((d for d in self if d.name == name), None)

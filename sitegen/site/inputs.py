"""The record of what a build read, to see at once that nothing changed since.

A build's inputs are: every file under ``content/`` (posts, pages, snapshots) and in the theme
folders in use (the project's and the default), the settings file, the settings as loaded
(with ``--url``, ``--output``), ``--drafts``, the privacy key, sitegen's own code (a hash of
its ``.py`` files) and the versions of Python and of the packages that shape the output. The
record keeps each file's size and modification time. When a build succeeds, it is kept in
``.sitegen-cache/built-<output>.json`` with the hash of the output's manifest and each output
file's size and modification time (not in ``output/``: the site stays byte-identical).

A build whose record equals the one kept for its output folder, into an output folder that
holds that manifest and exactly those files with those sizes and times, has nothing to do: it
stops before importing DuckDB, Jinja or Markdown. Any difference (a file touched, added or
removed, a setting, an upgrade) means the full pipeline, which itself rewrites only the pages
whose inputs changed.
This module imports nothing heavy.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import os
import platform
import shutil
import sys
from collections.abc import Iterator
from importlib import metadata
from pathlib import Path

from sitegen import __version__
from sitegen.config import Config, lexicon_files
from sitegen.site.writer import MANIFEST, file_stats, read_manifest

CACHE_DIR = ".sitegen-cache"

# the packages whose version can change what a build writes (kaleido and choreographer:
# whether chart images can be drawn at all)
PACKAGES = ("jinja2", "markdown", "duckdb", "plotly", "pyyaml", "numpy", "kaleido",
            "choreographer")
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")


@functools.cache
def code_fingerprint() -> str:
    """A hash of sitegen's own code: a changed or upgraded sitegen never reuses old results.
    Once per process: the code a process runs is the code it loaded."""
    digest = hashlib.sha256()
    package = Path(__file__).resolve().parents[1]
    # its modules and its data (the built-in lexicons), named within the package: the same
    # code installed elsewhere has the same fingerprint
    for path in sorted([*package.rglob("*.py"), *package.rglob("*.yml")]):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0"
                      + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "-"


def settings_digest(config: Config, drafts: bool) -> str:
    """Everything but the files: settings, options, key, code and versions."""
    key = os.environ.get(config.privacy.key_env, "") if config.privacy.pseudonymize else ""
    parts = [json.dumps(dataclasses.asdict(config), sort_keys=True, default=str), str(drafts),
             hashlib.sha256(key.encode("utf-8", "surrogateescape")).hexdigest(),
             code_fingerprint(), __version__, platform.python_version(), sys.platform,
             *(f"{name} {_version(name)}" for name in PACKAGES), *_browser()]
    return hashlib.sha256(json.dumps(parts).encode()).hexdigest()


def _browser() -> list[str]:
    """With kaleido installed, the browser it would draw chart images with, as far as a
    quick look tells (``BROWSER_PATH``, the PATH): one installed or removed changes the
    site (images, share cards) even when no file of the project did."""
    if _version("kaleido") == "-":
        return []
    named = os.environ.get("BROWSER_PATH", "")
    return [named, str(os.path.isfile(named)), *(str(shutil.which(b)) for b in BROWSERS)]


def _input_folders(config: Config) -> list[Path]:
    from sitegen.site.theme import theme_dirs  # light: jinja2 is imported when used

    snapshots = config.snapshots  # a URL is named, not looked into: docs/build-cache.md
    elsewhere = [snapshots] if isinstance(snapshots, Path) and not snapshots.resolve(
        ).is_relative_to(config.content_dir.resolve()) else []
    return [config.content_dir, *elsewhere, *theme_dirs(config)]


def walk_once(top: Path | str) -> Iterator[tuple[str, list[str], list[str]]]:
    """``os.walk`` of ``top``, links to folders followed (as the loader follows them), in
    sorted order, never into a folder it is already inside: a link to a folder above would
    loop (two of them made the walk grow without end). A folder reached by two ways (a
    snapshot linked under a second name) is walked under each: the loader reads both. A
    caller may prune the folders list, as with ``os.walk``."""
    inside: dict[str, frozenset[tuple[int, int]]] = {}  # a folder walked: it and those above
    for parent, folders, files in os.walk(top, followlinks=True):
        try:
            here = os.stat(parent)
        except OSError:
            folders[:] = []
            continue
        above = inside.get(os.path.dirname(parent), frozenset())
        if (here.st_dev, here.st_ino) in above:  # a link back up: a loop
            folders[:] = []
            continue
        inside[parent] = above | {(here.st_dev, here.st_ino)}
        folders.sort()
        files.sort()
        yield parent, folders, files


def files_under(folder: Path) -> list[Path]:
    """Every file under ``folder`` (``walk_once``), sorted."""
    return sorted(Path(parent, name) for parent, _, files in walk_once(folder)
                  for name in files if os.path.isfile(os.path.join(parent, name)))


def _walk(folder: Path) -> dict[str, list[int]]:
    """Size and modification time of every file under ``folder`` (``walk_once``); of the
    file itself when it is one (``paths.snapshots`` may name a single snapshot file)."""
    if folder.is_file():
        return _walk_one(folder)
    found: dict[str, list[int]] = {}
    for parent, _, files in walk_once(folder):
        for name in files:
            path = os.path.join(parent, name)
            try:
                stat = os.stat(path)
            except OSError:
                stat = None  # a broken link: its presence is the input
            found[path] = [stat.st_size, stat.st_mtime_ns] if stat else [-1, -1]
    return found


def declared_inputs(config: Config, drafts: bool) -> dict:
    """The record of this build's inputs (see the module's text)."""
    files: dict[str, list[int]] = {}
    for folder in _input_folders(config):
        files.update(_walk(folder))
    for path in [*lexicon_files(config.analysis), config.source]:
        if path is not None:  # the settings file and the lexicon files named in it
            files.update(_walk_one(Path(path)))
    return {"settings": settings_digest(config, drafts), "files": files}


def _walk_one(path: Path) -> dict[str, list[int]]:
    try:
        stat = path.stat()
    except OSError:
        return {str(path): [-1, -1]}  # missing: the build says so
    return {str(path): [stat.st_size, stat.st_mtime_ns]}


def _record_path(config: Config) -> Path:
    output = str(config.output_dir.resolve()).encode("utf-8", "surrogateescape")
    return config.root / CACHE_DIR / f"built-{hashlib.sha256(output).hexdigest()[:16]}.json"


def _manifest_hash(output: Path) -> str | None:
    try:
        return hashlib.sha256((output / MANIFEST).read_bytes()).hexdigest()
    except OSError:
        return None


def record_build(config: Config, inputs: dict | None, result: list[int],
                 warnings: list[list]) -> None:
    """Keep what this build read, what it left in the output folder and what it warned."""
    output = config.output_dir.resolve()
    manifest = read_manifest(output)
    # the user's own files in the output folder too: one that grew past the size limit is
    # named again by a full build, never by a replay of this build's warnings
    record = {"inputs": inputs, "result": result, "manifest": _manifest_hash(output),
              "stats": file_stats(output, [*manifest["files"], *manifest["foreign"]]),
              "warnings": warnings}
    path = _record_path(config)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial")
    partial.write_text(json.dumps(record), "utf-8")
    os.replace(partial, path)


def recorded_output(config: Config) -> dict[str, list[int]]:
    """Size and time of each file the last build into the output folder left there, as its
    record keeps them (empty without one)."""
    try:
        return dict(json.loads(_record_path(config).read_text("utf-8"))["stats"])
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def unchanged_output(config: Config, inputs: dict) -> tuple[dict, list[int], list[list]] | None:
    """(the output's manifest, the counts of the build, its warnings) when the output was
    built from
    exactly these inputs and its files are as that build left them (none changed, gone or
    added, none of the user's files it kept changed); None otherwise."""
    try:
        record = json.loads(_record_path(config).read_text("utf-8"))
        if record["inputs"] != inputs:
            return None
    except (OSError, ValueError, KeyError, TypeError):
        return None
    output = config.output_dir.resolve()
    if record["manifest"] is None or _manifest_hash(output) != record["manifest"]:
        return None
    manifest = read_manifest(output)
    try:
        if file_stats(output, [*manifest["files"], *manifest["foreign"]]) != record["stats"]:
            return None
    except OSError:
        return None
    known = {*manifest["files"], *manifest["foreign"], MANIFEST}
    for parent, _, files in os.walk(output):
        for name in files:
            relative = os.path.relpath(os.path.join(parent, name), output).replace(os.sep, "/")
            if relative not in known:
                return None  # a file of the user's, new: the full build names it
    return manifest, record["result"], record.get("warnings", [])

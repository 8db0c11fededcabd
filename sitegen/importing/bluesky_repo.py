"""An AT Protocol repository (Bluesky's "Export my data", ``com.atproto.sync.getRepo``) read
offline from its CAR file: the owner's DID and the repository's records, each with its key.

The CAR's root is the repository's signed commit ``{did, version, data, rev, sig, prev}``;
``data`` is the root of a Merkle Search Tree whose nodes ``{l, e: [{p, k, v, t}]}`` map each
key ``collection/rkey`` (``k``: the key's bytes after the ``p`` bytes it shares with the entry
before it) to a record's CID. The tree is walked from the commit, so that records left in the
file by older commits (an export with history) are not read as current. When tree nodes are
missing (a partial export) the records the walk cannot reach are still read, without a key.

Blocks are decoded with ``libipld`` (the DAG-CBOR codec of the ``atproto`` SDK); signatures and
block hashes are not checked: the file is the user's own export.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sitegen.errors import Problem, SnapshotError
from sitegen.importing.car import NOT_CAR_HINT, Block, CarFile

log = logging.getLogger(__name__)
DID = re.compile(r"did:[a-z]+:[A-Za-z0-9._:%-]{1,2000}")
STEP = 2000  # blocks between two updates of the progress bar


@dataclass
class Repository:
    """The owner's DID and the records kept by ``extract``: (key or None, CID as text, kept)."""

    did: str
    records: list[tuple[str | None, str, object]] = field(default_factory=list)


@dataclass
class _Blocks:
    """What one pass over the file keeps: tree nodes, records (as extracted) and commits."""

    nodes: dict[bytes, tuple[bytes | None, list]] = field(default_factory=dict)
    records: dict[bytes, object] = field(default_factory=dict)
    commits: dict[bytes, dict] = field(default_factory=dict)
    held: set[bytes] = field(default_factory=set)  # every record in the file, kept or not


def read_repository(path: Path, extract: Callable[[dict], object | None],
                    progress=None) -> Repository:
    """The repository in the CAR file at ``path``; ``extract`` turns each record (a dict with a
    ``$type``) into what the caller keeps of it, or None to leave it out."""
    codec = _codec()
    with path.open("rb") as stream:
        car = CarFile(stream, str(path))
        root = _root(codec, car)
        found = _read_blocks(codec, car, extract, progress, path.stat().st_size)
    commit = found.commits.get(root)
    if commit is None:
        raise car.error("the CAR's root block, the repository's commit, is not in the file",
                        NOT_CAR_HINT)
    repository = Repository(commit["did"])
    _keep_current(repository, found, commit["data"], codec)
    return repository


def _codec():
    try:
        import libipld
    except ImportError:
        raise SnapshotError(Problem("reading a Bluesky export needs the libipld package",
                                    hint="pip install 'sitegen-reports[bluesky]' (or: pip install "
                                         "libipld)")) from None
    return libipld


def _root(codec, car: CarFile) -> bytes:
    """The root CID from the header ``{version: 1, roots: [CID]}``."""
    try:
        header = codec.decode_dag_cbor(car.header())
    except ValueError:
        raise car.error("not a CAR file: its header is not DAG-CBOR", NOT_CAR_HINT) from None
    if not isinstance(header, dict) or header.get("version") != 1:
        version = header.get("version") if isinstance(header, dict) else None
        raise car.error(f"not a CAR version 1 file (version {version!r}); Bluesky exports "
                        "are version 1", NOT_CAR_HINT)
    roots = header.get("roots")
    if not isinstance(roots, list) or not roots or not isinstance(roots[0], bytes):
        raise car.error("the CAR header names no root (expected roots: [the commit's CID])")
    return roots[0]


def _read_blocks(codec, car: CarFile, extract, progress, size: int) -> _Blocks:
    found = _Blocks()
    task = progress.add_task("bluesky: repository", total=size) if progress else None
    for number, block in enumerate(car.blocks(), 1):
        value = _decode(codec, car, block)
        if _is_node(value):
            found.nodes[block.cid] = _node(value, car, block)
        elif isinstance(value, dict) and isinstance(value.get("$type"), str):
            found.held.add(block.cid)
            kept = extract(value)
            if kept is not None:
                found.records[block.cid] = kept
        elif _is_commit(value):
            found.commits[block.cid] = value
        if task is not None and number % STEP == 0:
            progress.update(task, completed=car.offset)
    if task is not None:
        progress.update(task, completed=size)
    return found


def _decode(codec, car: CarFile, block: Block):
    try:
        return codec.decode_dag_cbor(block.data)
    except Exception as error:  # the decoder's errors, whatever their class
        raise car.error(f"CAR block at byte offset {block.offset}: not valid DAG-CBOR "
                        f"({error})") from None


def _is_node(value) -> bool:
    return isinstance(value, dict) and set(value) == {"e", "l"} and isinstance(value["e"], list)


def _is_commit(value) -> bool:
    return (isinstance(value, dict) and isinstance(value.get("did"), str)
            and DID.fullmatch(value["did"]) is not None and isinstance(value.get("data"), bytes))


def _node(value: dict, car: CarFile, block: Block) -> tuple[bytes | None, list]:
    """A tree node as (left subtree, [(prefix length, key suffix, record, right subtree)])."""
    entries = []
    for entry in value["e"]:
        if not (isinstance(entry, dict) and isinstance(entry.get("p"), int)
                and isinstance(entry.get("k"), bytes) and isinstance(entry.get("v"), bytes)
                and isinstance(entry.get("t"), (bytes, type(None)))):
            raise car.error(f"CAR block at byte offset {block.offset}: a repository tree node "
                            "with a malformed entry (expected p, k, v and t)")
        entries.append((entry["p"], entry["k"], entry["v"], entry["t"]))
    left = value["l"] if isinstance(value["l"], bytes) else None
    return left, entries


def _walk(nodes: dict, root: bytes) -> tuple[list[tuple[str, bytes]], bool]:
    """(key, record CID) of every leaf reachable from ``root``, in key order, and whether
    every node on the way was in the file."""
    leaves, complete, seen = [], True, set()
    stack: list[tuple[str, object]] = [("node", root)]
    while stack:
        kind, item = stack.pop()
        if kind == "leaf":
            leaves.append(item)
        elif item is not None and item not in seen:
            seen.add(item)
            if item not in nodes:
                complete = False
                continue
            stack.extend(reversed(_children(nodes[item])))
    return leaves, complete


def _children(node: tuple[bytes | None, list]) -> list[tuple[str, object]]:
    """The left subtree, then each entry's leaf and right subtree, in key order."""
    left, entries = node
    children: list[tuple[str, object]] = [("node", left)]
    key = b""
    for prefix, suffix, record, right in entries:
        key = key[:prefix] + suffix
        children += [("leaf", (key.decode("utf-8", "replace"), record)), ("node", right)]
    return children


def _keep_current(repository: Repository, found: _Blocks, tree: bytes, codec) -> None:
    """The records the tree reaches, with their keys; if nodes are missing, also the records
    it cannot reach (without a key), as they may be current."""
    leaves, complete = _walk(found.nodes, tree)
    reached, absent = set(), 0
    for key, cid in leaves:
        if cid in found.records:
            reached.add(cid)
            repository.records.append((key, codec.encode_cid(cid), found.records[cid]))
        elif cid not in found.held:  # named, but not in the file (not one left out by kind)
            absent += 1
    if absent or not complete:  # a partial export: what it lacks is said, not dropped quietly
        log.warning("the repository's tree names %d records the file does not hold%s: they "
                    "are not imported", absent, "" if complete else
                    ", and some of its tree is missing (it names more)")
    others = sorted((codec.encode_cid(cid), kept) for cid, kept in found.records.items()
                    if cid not in reached)
    if complete or not others:
        if others:
            log.info("%d records of earlier commits left out", len(others))
        return
    log.warning("the repository's tree is incomplete: records read without their key (their "
                "ids are CIDs): %d", len(others))
    repository.records += [(None, cid, kept) for cid, kept in others]

"""The framing of a CAR file (Content Addressable aRchive, version 1), read block by block.

A CAR v1 file is a header (a varint length, then a DAG-CBOR map ``{version: 1, roots: [CID]}``)
followed by sections, each a varint length, then a block's CID (binary) and the block's bytes.
This module splits the file into those parts and knows each one's byte offset, so that an error
names where the file breaks; decoding the DAG-CBOR inside is left to the caller.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

from sitegen.errors import Problem, SnapshotError

MAX_HEADER_BYTES = 1 << 16
MAX_BLOCK_BYTES = 1 << 24  # 16 MiB: an atproto record or tree node is far smaller
NOT_CAR_HINT = ("give the .car file of Bluesky's Settings > Account > Export my data "
                "(or com.atproto.sync.getRepo)")


@dataclass(frozen=True)
class Block:
    """One section of the file: the block's CID (binary) and bytes, and where it starts."""

    offset: int
    cid: bytes
    data: bytes


class CarFile:
    """Reads the header and then the blocks of the CAR file open in ``stream``."""

    def __init__(self, stream: BinaryIO, name: str):
        self.stream, self.name, self.offset = stream, name, 0

    def header(self) -> bytes:
        """The header's DAG-CBOR bytes."""
        length = self._varint("the header", at_end=False)
        if length is None or not 0 < length <= MAX_HEADER_BYTES:
            raise self.error(f"not a CAR file: a header of {length} bytes at byte 0",
                             NOT_CAR_HINT)
        data = self.stream.read(length)
        self.offset += len(data)
        if len(data) < length:
            raise self.error(f"not a CAR file, or a truncated one: its header announces "
                             f"{length} bytes, the file holds {len(data)} more", NOT_CAR_HINT)
        return data

    def blocks(self) -> Iterator[Block]:
        """Every block after the header, in file order."""
        while True:
            start = self.offset
            length = self._varint(f"the CAR block at byte offset {start}", at_end=True)
            if length is None:
                return
            if not 0 < length <= MAX_BLOCK_BYTES:
                raise self.error(f"CAR block at byte offset {start}: a length of {length} "
                                 f"bytes (expected 1 to {MAX_BLOCK_BYTES})")
            section = self._read(length, f"the CAR block at byte offset {start}")
            size = cid_length(section)
            if size is None or size >= length:
                raise self.error(f"CAR block at byte offset {start}: expected a CID (CIDv0 or "
                                 "CIDv1) at its start")
            yield Block(start, section[:size], section[size:])

    def error(self, message: str, hint: str | None = None) -> SnapshotError:
        return SnapshotError(Problem(message, self.name, hint=hint))

    def _varint(self, what: str, at_end: bool) -> int | None:
        """An unsigned LEB128 varint; None at the end of the file (if ``at_end`` allows)."""
        value, shift, start = 0, 0, self.offset
        while True:
            byte = self.stream.read(1)
            if not byte:
                if self.offset == start and at_end:
                    return None
                raise self.error(f"the file ends inside the length of {what} (truncated?)")
            self.offset += 1
            value |= (byte[0] & 0x7F) << shift
            if byte[0] < 0x80:
                return value
            shift += 7
            if shift > 56:
                raise self.error(f"{what}: a length that is not a varint")

    def _read(self, length: int, what: str) -> bytes:
        data = self.stream.read(length)
        self.offset += len(data)
        if len(data) < length:
            raise self.error(f"the file ends inside {what}: {len(data)} of {length} bytes "
                             "(truncated?)")
        return data


def cid_length(data: bytes) -> int | None:
    """How many bytes of ``data`` its leading binary CID takes, or None when it holds none."""
    if data[:2] == b"\x12\x20":  # CIDv0: a bare sha2-256 multihash
        return 34
    position = 0
    fields = []
    for _ in range(4):  # version, codec, multihash code, digest length
        value, position = _varint_at(data, position)
        if value is None:
            return None
        fields.append(value)
    if fields[0] != 1:
        return None
    return position + fields[3]


def _varint_at(data: bytes, position: int) -> tuple[int | None, int]:
    value, shift = 0, 0
    while position < len(data) and shift <= 56:
        byte = data[position]
        position += 1
        value |= (byte & 0x7F) << shift
        if byte < 0x80:
            return value, position
        shift += 7
    return None, position

"""Dates and times in snapshots are read by a fast path (TIMESTAMP) when they carry no zone,
and through TIMESTAMPTZ otherwise: both must give what TIMESTAMPTZ alone gives, for any text."""

from __future__ import annotations

import duckdb
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sitegen.snapshots.validate import TIMESTAMP, WITH_ZONE


@pytest.fixture(scope="module")
def db():
    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    return con


def both(db, text: str):
    return db.execute(f"SELECT {WITH_ZONE.format(c='$v')}, {TIMESTAMP.format(c='$v')}",
                      {"v": text}).fetchone()


EXAMPLES = [
    "2024-01-01", "2024-01-01T10:00:00", "2024-01-01 10:00:00.123456", "2024-01-01T10:00:00Z",
    "2024-01-01T10:00:00+02:00", "2024-01-01T10:00:00-0530", "2024-01-01T10:00+02",
    "2024-01-01 10:00:00 Europe/Paris", "2024-01-01 10:00:00 UTC", "infinity", "-infinity",
    "epoch", "2024-02-30", "2024-13-01", "10000-01-01", "0001-01-01", "2024-01-01T24:00:00",
    "2024-1-1", "20240101", "2024-01-01T10", "2024-01-01   10:00:00", "", "T", "2024-01-01T",
]


@pytest.mark.parametrize("text", EXAMPLES)
def test_the_fast_path_reads_what_timestamptz_reads(db, text):
    zoned, fast = both(db, text)
    assert fast == zoned


def test_an_offset_is_not_dropped(db):
    # read as TIMESTAMP alone, the offset would be ignored: 10:00, not 08:00 UTC
    assert str(both(db, "2024-01-01T10:00:00+02:00")[1]) == "2024-01-01 08:00:00"


TIMESTAMP_LIKE = st.builds(
    lambda y, mo, d, sep, h, mi, s, frac, zone: f"{y:04d}-{mo:02d}-{d:02d}{sep}{h:02d}:{mi:02d}"
                                                f":{s:02d}{frac}{zone}",
    st.integers(1, 9999), st.integers(0, 13), st.integers(0, 32), st.sampled_from("T "),
    st.integers(0, 25), st.integers(0, 61), st.integers(0, 61),
    st.sampled_from(["", ".5", ".123456", ".1234567"]),
    st.sampled_from(["", "Z", "+02:00", "-05", "+0530", " UTC", " America/New_York", " XYZ"]))


@settings(max_examples=300, deadline=None)
@given(st.one_of(TIMESTAMP_LIKE, st.text(alphabet="0123456789-:.TZ+ ", max_size=30)))
def test_any_text_reads_the_same(db, text):
    zoned, fast = both(db, text)
    assert fast == zoned

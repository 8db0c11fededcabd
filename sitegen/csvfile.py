"""CSV records written by Python as DuckDB writes them: each ended by ``\\n``, and every value
that holds a line break of either kind quoted.

Python's ``csv.writer`` quotes a value holding a character of its own line end only: with
``\\n`` as the line end, a name holding a lone ``\\r`` went out bare, and every reader (DuckDB,
Python's csv, spreadsheets) split the record there. So the writer here ends records with
``\\r\\n`` (quoting both) and the stream under it writes ``\\n`` in place of that end.
"""

from __future__ import annotations

import csv
from typing import TextIO


class _Records:
    """The stream a ``csv.writer`` writes to: one ``write`` per record, its ``\\r\\n`` made
    ``\\n``."""

    def __init__(self, out: TextIO):
        self.out = out

    def write(self, record: str) -> int:
        return self.out.write(record[:-2] + "\n")


def writer(out: TextIO):
    """A ``csv.writer`` on ``out``: records end with ``\\n``, line breaks in values are
    quoted."""
    return csv.writer(_Records(out), lineterminator="\r\n")

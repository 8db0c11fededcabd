"""Snapshots: the tables of one observed network, read from CSV folders or YAML files."""

from sitegen.snapshots.load import load_series, load_snapshot, open_db
from sitegen.snapshots.model import Snapshot

__all__ = ["Snapshot", "load_series", "load_snapshot", "open_db"]

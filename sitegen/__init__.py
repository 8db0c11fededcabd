"""sitegen: turn snapshots of a social network into a published report website."""

__version__ = "0.1.0"

"""The analysis: per-account metrics and classes, network figures (DuckDB SQL)."""

from sitegen.analysis.report import Account, Report, analyze_series, analyze_snapshot

__all__ = ["Account", "Report", "analyze_series", "analyze_snapshot"]

"""The sitegen command line: thin wrappers that parse options and call the library."""

from __future__ import annotations

import functools
import sys
from enum import Enum
from pathlib import Path

import typer

from sitegen.errors import SitegenError

app = typer.Typer(
    help="Turn snapshots of a social network into a published report website.",
    no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False,
)

QUIET = typer.Option(False, "--quiet", "-q", help="No progress bars, only errors.")
CONFIG = typer.Option(None, "--config", "-c", help="Settings file (default: ./sitegen.yml).")


def user_errors(command):
    """Print a SitegenError in a line or two and exit with status 2 (no traceback)."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        from sitegen.console import print_error, setup_logging

        setup_logging(quiet=kwargs.get("quiet", False))
        try:
            return command(*args, **kwargs)
        except SitegenError as exc:
            print_error(str(exc))
            raise typer.Exit(2) from None

    return wrapper


@app.callback()
def main_options() -> None:
    """sitegen: network snapshots in, a report website out."""


class Format(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"


@app.command()
@user_errors
def analyze(
    path: Path = typer.Argument(..., help="A snapshot (folder or .yml) or a folder of them."),
    format: Format = typer.Option(Format.table, "--format", "-f", help="Output format."),
    output: Path = typer.Option(None, "--output", "-o", help="Write to this file, not stdout."),
    limit: int = typer.Option(30, help="Accounts shown by --format table (most followed)."),
    config: Path = CONFIG,
    quiet: bool = QUIET,
):
    """Analyse snapshots: each account's way of use and the network's reciprocity."""
    from sitegen.commands import run_analyze

    run_analyze(path, format.value, output, limit, config, quiet)


@app.command()
@user_errors
def build(
    config: Path = CONFIG,
    output: Path = typer.Option(None, "--output", "-o", help="Write the site here."),
    url: str = typer.Option(None, "--url", help="Build for this address (overrides site.url)."),
    drafts: bool = typer.Option(False, "--drafts", help="Include posts marked draft."),
    quiet: bool = QUIET,
):
    """Build the report site from sitegen.yml, content/ and the theme into output/."""
    from sitegen.commands import run_build

    run_build(config, output, url, drafts, quiet)


def main() -> None:  # pragma: no cover - console script entry
    app()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

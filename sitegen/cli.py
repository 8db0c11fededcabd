"""The sitegen command line: thin wrappers that parse options and call the library."""

from __future__ import annotations

import functools
from enum import Enum
from pathlib import Path

import typer

from sitegen.errors import SitegenError

app = typer.Typer(
    help="Turn snapshots of a social network into a published report website.",
    no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False,
)

QUIET = typer.Option(False, "--quiet", "-q", help="No progress bars, only errors.")


def _flags_take_no_value() -> None:
    """--help shows no type after a flag (``--quiet -q``, not ``--quiet -q <bool>``): a
    flag takes no value. Typer 0.29 prints ``<bool>`` after every flag, its own --help
    included, in its rich help only (its plain help and older typers print none)."""
    from typer.core import TyperOption

    shown = TyperOption.__dict__.get("display_type_rich")
    if shown is None or getattr(shown, "flags_take_no_value", False):
        return

    def display_type_rich(self, ctx):
        return None if self.is_flag and not self.count else shown(self, ctx)

    display_type_rich.flags_take_no_value = True
    TyperOption.display_type_rich = display_type_rich


_flags_take_no_value()
CONFIG = typer.Option(None, "--config", "-c", help="Settings file (default: ./sitegen.yml).")
ENGINE = typer.Option(None, "--engine", help="What runs the analysis: duckdb or spark "
                      "(overrides analysis.engine; spark needs the spark extra and Java 17+).",
                      case_sensitive=False)


def user_errors(command):
    """Print a SitegenError in a line or two and exit with status 2 (no traceback); after
    Ctrl-C, whatever error it surfaced as, end as an interrupt (status 130, no traceback)."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        from sitegen.console import interrupt_watch, print_error, setup_logging

        setup_logging(quiet=kwargs.get("quiet", False))
        with interrupt_watch() as interrupted:
            try:
                return command(*args, **kwargs)
            except SitegenError as exc:
                if interrupted():
                    raise KeyboardInterrupt from None
                print_error(str(exc))
                raise typer.Exit(2) from None
            except Exception:
                if interrupted():  # "Query interrupted", a module an import left half-read
                    raise KeyboardInterrupt from None
                raise

    return wrapper


def _print_version(wanted: bool) -> None:
    """--version: print ``sitegen X.Y.Z`` and stop before any command runs."""
    if wanted:
        from sitegen.scaffold import installed_version

        print(f"sitegen {installed_version()}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: bool = typer.Option(False, "--version", callback=_print_version, is_eager=True,
                                 help="Print sitegen's version and exit."),
) -> None:
    """sitegen: network snapshots in, a report website out."""


class Format(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"


class EngineName(str, Enum):
    duckdb = "duckdb"
    spark = "spark"


@app.command()
@user_errors
def analyze(
    path: str = typer.Argument(..., help="A snapshot (folder or .yml) or a folder of them; "
                               "or a URL (s3://, hdfs://, file:// ...)."),
    format: Format = typer.Option(Format.table, "--format", "-f", help="Output format."),
    output: str = typer.Option(None, "--output", "-o", help="Write to this file, not stdout; "
                               "CSV also to a URL the engine writes (s3a://, hdfs:// ...)."),
    limit: int = typer.Option(30, help="Accounts shown by --format table (most followed)."),
    config: Path = CONFIG,
    engine: EngineName = ENGINE,
    quiet: bool = QUIET,
):
    """Analyse snapshots: each account's way of use and the network's reciprocity."""
    from sitegen.commands import run_analyze
    from sitegen.schemes import is_url

    if output is not None and not is_url(output):
        output = Path(output)
        _check_output_folder(output)
    run_analyze(path, format.value, output, limit, config, quiet, engine and engine.value)


def _check_output_folder(output: Path | None) -> None:
    """--output goes into a folder that exists (checked before the analysis runs)."""
    folder = output.parent if output is not None else None
    if folder is not None and not folder.is_dir():
        from sitegen.errors import Problem

        what = "does not exist" if not folder.exists() else "is not a folder"
        raise SitegenError(Problem(f"cannot write the output there: {folder} {what}", output,
                                   hint="give a file in an existing folder"))


@app.command()
@user_errors
def build(
    config: Path = CONFIG,
    output: Path = typer.Option(None, "--output", "-o", help="Write the site here."),
    url: str = typer.Option(None, "--url", help="Build for this address (overrides site.url)."),
    drafts: bool = typer.Option(False, "--drafts", help="Include posts and pages marked draft."),
    engine: EngineName = ENGINE,
    quiet: bool = QUIET,
):
    """Build the report site from sitegen.yml, content/ and the theme into output/."""
    from sitegen.commands import run_build

    run_build(config, output, url, drafts, quiet, engine and engine.value)


@app.command()
@user_errors
def init(
    directory: Path = typer.Argument(..., help="Folder for the new report project."),
    force: bool = typer.Option(False, "--force", help="Overwrite files that already exist."),
    quiet: bool = QUIET,
):
    """Start a new report project that builds at once."""
    from sitegen.console import err
    from sitegen.scaffold import init_project

    for path in init_project(directory, force=force):
        if not quiet:
            err.print(f"created {path}")


@app.command("import")
@user_errors
def import_(
    sources: list[Path] = typer.Argument(..., help="Export files or folders, all of one format."),
    from_: str = typer.Option(..., "--from", help="Format: twitter-archive, twarc, mastodon, "
                              "bluesky, edgelist, graphml or gexf."),
    out: Path = typer.Option(..., "--out", help="The snapshot folder to write."),
    taken: str = typer.Option(None, "--taken", help="The snapshot's date, YYYY-MM-DD."),
    network: str = typer.Option(None, "--network", help="A name for the network."),
    window_days: int = typer.Option(None, "--window-days", min=1,
                                    help="Days of posts and interactions the snapshot covers."),
    merge: bool = typer.Option(False, "--merge", help="Add to the snapshot already in --out."),
    directed: bool = typer.Option(True, "--directed/--undirected",
                                  help="edgelist: each line is follower, followed."),
    quiet: bool = QUIET,
):
    """Import platform exports or network files into a snapshot folder."""
    from sitegen.commands import run_import

    run_import(sources, from_, out, taken, network, window_days, merge, directed, quiet)


new_app = typer.Typer(help="Create new content.", no_args_is_help=True)
app.add_typer(new_app, name="new")


@new_app.command("post")
@user_errors
def new_post(
    title: str = typer.Argument(..., help="The post's title."),
    config: Path = CONFIG,
    quiet: bool = QUIET,
):
    """Write content/posts/<date>-<slug>.md with its front matter filled in."""
    from datetime import date

    from sitegen.commands import require_project
    from sitegen.config import load_config
    from sitegen.scaffold import new_post as write_post

    require_project(config)
    path = write_post(load_config(config).content_dir, title, date.today())
    print(path)


@app.command()
@user_errors
def deploy(
    remote: str = typer.Option("origin", "--remote", help="Git remote to push to."),
    branch: str = typer.Option("gh-pages", "--branch", help="Branch that holds the site."),
    message: str = typer.Option(None, "--message", "-m", help="Commit message."),
    allow_dirty: bool = typer.Option(
        False, "--allow-dirty", help="Deploy even with uncommitted changes to the content."),
    no_build: bool = typer.Option(False, "--no-build", help="Publish output/ as it is."),
    config: Path = CONFIG,
    quiet: bool = QUIET,
):
    """Build, commit output/ to the gh-pages branch, and push it."""
    from sitegen.commands import run_deploy

    run_deploy(config, remote, branch, message, allow_dirty, no_build, quiet)


@app.command()
@user_errors
def check(config: Path = CONFIG, quiet: bool = QUIET):
    """Validate settings, snapshots, posts and embeds without building; list every problem."""
    from sitegen.check import check_project
    from sitegen.commands import require_project
    from sitegen.console import err, print_error

    require_project(config)
    problems = check_project(config)
    for problem in problems:
        print_error(str(problem))
    if problems:
        err.print(f"{len(problems)} problem(s) found")
        raise typer.Exit(2)
    if not quiet:
        err.print("no problems found")


@app.command()
@user_errors
def serve(
    port: int = typer.Option(8000, "--port", "-p", min=1, max=65535,
                             help="Port on 127.0.0.1 (1 to 65535)."),
    drafts: bool = typer.Option(False, "--drafts", help="Include posts and pages marked draft."),
    config: Path = CONFIG,
    quiet: bool = QUIET,
):
    """Preview the site on 127.0.0.1, rebuilding and reloading the page on every change."""
    from sitegen.commands import require_project
    from sitegen.console import err
    from sitegen.serve import serve as run_server

    require_project(config)
    try:
        def report(message: str, is_error: bool) -> None:
            if is_error or not quiet:
                err.print(message, markup=False)

        run_server(config, port, drafts, report)
    except KeyboardInterrupt:
        err.print("stopped")
    except OSError as exc:
        from sitegen.errors import SitegenError

        raise SitegenError(f"cannot serve on 127.0.0.1:{port}: {exc.strerror}") from None


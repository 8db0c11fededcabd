"""sitegen installs by name: the distribution ``sitegen-reports`` and ``sitegen --version``.

The slow tests (marked ``slow``, about a minute, run by the plain ``python -m pytest -q``) prove
the package as a user gets it: they build the sdist and, from it, the wheel (``python -m build``
on a copy of this source tree), check both with ``twine check``, install the wheel into a fresh
virtual environment (no system site-packages: its dependencies come from the package index) and
build the demo report and a new ``sitegen init`` project with that environment's ``sitegen``.
A wheel that misses a module, a template, a static file or a data file, or a dependency missing
from pyproject.toml, fails here and not on a user's machine.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from importlib import metadata
from pathlib import Path

import pytest
import typer.main
from typer.testing import CliRunner

from sitegen import __version__
from sitegen.cli import app

ROOT = Path(__file__).resolve().parent.parent
DISTRIBUTION = "sitegen-reports"
# never part of a distribution: version control, tools' caches and what builds write
LEFT_OUT = {".git", "node_modules", "output", "build", "dist", ".venv", "__pycache__",
            ".sitegen-cache", ".pytest_cache", ".ruff_cache", ".hypothesis", ".benchmarks"}


# --- the name and the version (fast) ------------------------------------------------------


def test_the_distribution_is_called_sitegen_reports():
    try:
        installed = metadata.version(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        pytest.fail("sitegen-reports is not installed: run python -m pip install -e '.[test]'")
    assert installed == __version__


def test_version_prints_the_version_and_exits_0():
    result = CliRunner().invoke(app, ["--version"])
    assert result.exit_code == 0, result.output
    assert result.stdout == f"sitegen {metadata.version(DISTRIBUTION)}\n"


def test_the_options_of_sitegen_itself_are_documented():
    """tests/test_docs.py checks the commands' options; these come before any command."""
    page = (ROOT / "docs" / "commands.md").read_text(encoding="utf-8")
    for param in typer.main.get_command(app).params:
        for name in param.opts:
            assert f"`sitegen {name}`" in page, f"docs/commands.md does not explain {name}"


# --- the wheel and the sdist (slow) -------------------------------------------------------


def run(command: list, cwd: Path, timeout: int = 300) -> str:
    """Run a command in ``cwd``, outside this test environment (never importing this source
    tree's sitegen); its output, or a failure showing it."""
    env = {k: v for k, v in os.environ.items()
           if k not in {"PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV"}}
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    done = subprocess.run([str(part) for part in command], cwd=cwd, env=env, timeout=timeout,
                          capture_output=True, text=True)
    assert done.returncode == 0, f"{command} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


def ignored_by_git() -> set[Path]:
    """What git ignores in this tree (benchmark data, scratch), when it is a git checkout."""
    try:
        listed = subprocess.run(["git", "-C", str(ROOT), "ls-files", "--others", "--ignored",
                                 "--exclude-standard", "--directory"], capture_output=True,
                                text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return set()
    return {(ROOT / line.rstrip("/")).resolve() for line in listed.splitlines() if line}


def copy_source(target: Path) -> Path:
    """This source tree without what no distribution holds (so nothing is built in it), nor
    what git ignores (gigabytes of benchmark networks, links that loop)."""
    ignored = ignored_by_git()

    def left_out(folder: str, names: list[str]) -> set[str]:
        return {name for name in names if name in LEFT_OUT or name.endswith(".egg-info")
                or (Path(folder) / name).resolve() in ignored}

    shutil.copytree(ROOT, target, ignore=left_out)
    return target


@pytest.fixture(scope="module")
def source(tmp_path_factory) -> Path:
    return copy_source(tmp_path_factory.mktemp("source") / "sitegen")


@pytest.fixture(scope="module")
def dists(source: Path, tmp_path_factory) -> dict[str, Path]:
    """The sdist and the wheel built from it: {"sdist": path, "wheel": path}."""
    out = tmp_path_factory.mktemp("dist")
    run([sys.executable, "-m", "build", "--outdir", out, source], cwd=out)
    return {"sdist": next(out.glob("*.tar.gz")), "wheel": next(out.glob("*.whl"))}


@pytest.fixture(scope="module")
def venv(dists: dict[str, Path], tmp_path_factory) -> Path:
    """A fresh virtual environment with the wheel and its dependencies; its scripts folder."""
    root = tmp_path_factory.mktemp("venv")
    run([sys.executable, "-m", "venv", root], cwd=root)
    scripts = root / ("Scripts" if os.name == "nt" else "bin")
    # --no-compile: byte-compiling plotly's thousands of modules would take most of the time
    run([scripts / "python", "-m", "pip", "install", "--quiet", "--no-compile", dists["wheel"]],
        cwd=root, timeout=600)
    return scripts


@pytest.mark.slow
def test_twine_check_passes(dists: dict[str, Path]):
    run([sys.executable, "-m", "twine", "check", "--strict", dists["sdist"], dists["wheel"]],
        cwd=dists["wheel"].parent)


@pytest.mark.slow
def test_the_wheel_holds_every_module_and_file_of_the_package_and_the_theme(source, dists):
    names = set(zipfile.ZipFile(dists["wheel"]).namelist())
    expected = {f"sitegen/{path}" for path in files_under(source / "sitegen")}
    expected |= {f"sitegen/themes/{path}" for path in files_under(source / "themes")}
    assert sorted(expected - names) == []
    assert f"sitegen_reports-{__version__}.dist-info/METADATA" in names


def files_under(folder: Path) -> list[str]:
    """Every file below ``folder``, relative to it (bytecode left out)."""
    return [path.relative_to(folder).as_posix() for path in folder.rglob("*")
            if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc"]


@pytest.mark.slow
def test_the_installed_wheel_is_the_one_that_runs(venv: Path):
    assert run([venv / "sitegen", "--version"], cwd=venv) == f"sitegen {__version__}\n"
    where = run([venv / "python", "-c", "import sitegen; print(sitegen.__file__)"], cwd=venv)
    assert Path(where.strip()).is_relative_to(venv.parent)


@pytest.mark.slow
def test_the_installed_wheel_builds_the_demo(venv: Path, source: Path, tmp_path: Path):
    project = tmp_path / "demo"
    shutil.copytree(source / "content", project / "content")
    shutil.copy(source / "sitegen.yml", project / "sitegen.yml")
    run([venv / "sitegen", "build", "--quiet"], cwd=project)
    output = project / "output"
    assert (output / "index.html").is_file() and (output / "feed.xml").is_file()
    for name in files_under(source / "themes" / "default" / "static"):
        shipped = source / "themes" / "default" / "static" / name
        assert (output / "assets" / name).read_bytes() == shipped.read_bytes(), name


@pytest.mark.slow
def test_the_installed_wheel_starts_a_project_that_builds(venv: Path, tmp_path: Path):
    run([venv / "sitegen", "init", "report", "--quiet"], cwd=tmp_path)
    run([venv / "sitegen", "build", "--quiet"], cwd=tmp_path / "report")
    assert (tmp_path / "report" / "output" / "index.html").is_file()
    workflow = (tmp_path / "report" / ".github" / "workflows" / "pages.yml").read_text("utf-8")
    assert f'python -m pip install "{DISTRIBUTION}=={__version__}"' in workflow

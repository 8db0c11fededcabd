"""docs/getting-started.md shows what the commands print: its steps are run in a scratch folder
and each sample output on the page is compared with what sitegen printed.

Only what varies from run to run is normalised: the build time and the date in a new post's
file name. When a test here fails, run the step yourself and paste its output into the page.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sitegen.cli import app

PAGE = Path(__file__).resolve().parents[1] / "docs" / "getting-started.md"
FENCE = re.compile(r"^```(\w*)\n(.*?)^```$", re.S | re.M)
HEADING = re.compile(r"^## (.+)$", re.M)
# shown on the page but not run here: they install, serve until stopped, or publish
NOT_RUN = {"sitegen --version", "sitegen --help", "sitegen serve", "sitegen deploy"}
RUN = {"sitegen init my-report", "sitegen build", "sitegen analyze content/snapshots",
       'sitegen new post "Who talks back?"', "sitegen check"}
TYPOS = {"[[chart:class-mix]]": "[[chart:class-mixx]]",
         "[[account:riverside_news]]": "[[account:riverside_new]]"}


def sections() -> dict[str, str]:
    """The page's text under each '## ' heading."""
    text = PAGE.read_text(encoding="utf-8")
    starts = list(HEADING.finditer(text))
    return {m[1]: text[m.end():following.start() if following else len(text)]
            for m, following in zip(starts, [*starts[1:], None])}


def blocks(heading: str, language: str = "") -> list[str]:
    """The fenced blocks of one section written in ``language`` ('' : sample output)."""
    section = next(text for title, text in sections().items() if heading in title)
    return [body.rstrip("\n") for lang, body in FENCE.findall(section) if lang == language]


def normalised(text: str) -> str:
    text = re.sub(r" in \d+\.\d s$", " in N s", text, flags=re.M)
    return re.sub(r"\d{4}-\d\d-\d\d-who-talks-back", "DATE-who-talks-back", text)


@pytest.fixture
def sitegen(tmp_path: Path, monkeypatch, restore_logging):
    """Run ``sitegen ARGS`` in the current folder (the test moves it with monkeypatch)."""
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()

    def _run(command: str, status: int = 0):
        result = runner.invoke(app, shlex.split(command)[1:])
        assert result.exit_code == status, (command, result.output)
        return result

    return _run


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_every_command_the_page_shows_is_run_here():
    shown = set()
    for block in FENCE.findall(PAGE.read_text(encoding="utf-8")):
        if block[0] == "sh":
            shown |= {line.split("#")[0].strip() for line in block[1].splitlines()
                      if line.startswith("sitegen")}
    assert shown - NOT_RUN == RUN


def start_project(sitegen, tmp_path: Path, monkeypatch) -> Path:
    """Step 2: sitegen init, cd, and the title and address set as the page shows."""
    for command in blocks("Start a project", "sh")[0].splitlines():
        if command.startswith("sitegen"):
            sitegen(command)
    monkeypatch.chdir(tmp_path / "my-report")
    settings = Path("sitegen.yml")
    for line in blocks("Start a project", "yaml")[0].splitlines()[1:]:
        key = line.split(":")[0]
        current = re.search(rf"^{key}:.*$", settings.read_text(encoding="utf-8"), re.M)[0]
        edit(settings, current, line)
    return settings


def test_the_sample_outputs_are_what_sitegen_prints(sitegen, tmp_path, monkeypatch):
    start_project(sitegen, tmp_path, monkeypatch)
    [build] = blocks("Build the site")
    assert normalised(sitegen("sitegen build").stderr) == normalised(build) + "\n"
    assert "riverside_news" in sitegen("sitegen analyze content/snapshots").stdout

    written = sitegen('sitegen new post "Who talks back?"').stdout.strip()
    example = re.search(r"such as `(content/posts/[^`]+)`", sections()["6. Write a post"])[1]
    assert normalised(written) == normalised(example)
    post = blocks("Write a post", "markdown")[0] + "\n"
    for right, wrong in TYPOS.items():
        assert f"`{wrong}`" in sections()["7. Check everything"]
        post = post.replace(right, wrong)
    Path(written).write_text(post, encoding="utf-8")
    [check] = blocks("Check everything")
    assert normalised(sitegen("sitegen check", status=2).stderr) == normalised(check) + "\n"


def test_the_error_samples_are_what_sitegen_prints(sitegen, tmp_path, monkeypatch):
    settings = start_project(sitegen, tmp_path, monkeypatch)
    misspelt, indented, no_project = blocks("When something goes wrong")
    edit(settings, "  title:", "  titel:")
    assert sitegen("sitegen build", status=2).stderr == misspelt + "\n"
    edit(settings, "  titel:", "  title:")
    edit(settings, "  posts_per_page:", "   posts_per_page:")
    assert sitegen("sitegen build", status=2).stderr == indented + "\n"
    monkeypatch.chdir(tmp_path)
    assert sitegen("sitegen build", status=2).stderr == no_project + "\n"

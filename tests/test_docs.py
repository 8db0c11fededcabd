"""The user guide in docs/ is kept true: every setting, command, option, chart, figure and
front matter key the code knows is documented, and every relative link leads somewhere.

When a test here fails after you added something to sitegen, document it on the page the
message names (for settings: run ``python docs/_gen_config.py``).
"""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest
import typer.main

from sitegen.charts import CHARTS
from sitegen.cli import app
from sitegen.config import SECTIONS, all_settings
from sitegen.content import FRONT_MATTER_KEYS
from sitegen.site.embeds import FIGURES

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
PAGES = sorted(DOCS.glob("*.md"))
LINKED_FILES = [*PAGES, ROOT / "README.md"]

FENCE = re.compile(r"^(```|~~~).*?^\1[ \t]*$", re.S | re.M)
CODE_SPAN = re.compile(r"(`+)(.+?)\1", re.S)
INLINE_LINK = re.compile(r"!?\[(?:[^\[\]]|\[[^\]]*\])*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
REFERENCE_LINK = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)", re.M)
FILE_SUFFIXES = {"js", "css", "svg", "html", "xml", "yml", "json", "csv", "md", "txt"}
HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$", re.M)


# --- reading the pages -------------------------------------------------------------------


def read(name: str) -> str:
    return (DOCS / name).read_text(encoding="utf-8")


def without_code_blocks(text: str) -> str:
    """The page with fenced code blocks blanked out (every offset kept)."""
    return FENCE.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)


def section(text: str, heading: str) -> str:
    """The part of a page under the first heading containing ``heading``, up to the next
    heading of the same or a higher level ('' when there is no such heading)."""
    prose = without_code_blocks(text)
    for match in HEADING.finditer(prose):
        if heading in match[2]:
            level = len(match[1])
            rest = prose[match.end():]
            following = [m for m in HEADING.finditer(rest) if len(m[1]) <= level]
            end = following[0].start() if following else len(rest)
            return text[match.start():match.end() + end]
    return ""


def github_anchor(heading: str) -> str:
    """The anchor GitHub gives a heading: lowercase, punctuation dropped, spaces to hyphens."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", heading)  # a link: its text
    text = re.sub(r"[^\w\- ]", "", text.strip().lower())
    return text.replace(" ", "-")


def anchors(path: Path) -> set[str]:
    found: dict[str, int] = {}
    result = set()
    for match in HEADING.finditer(without_code_blocks(path.read_text(encoding="utf-8"))):
        anchor = github_anchor(match[2])
        count = found.get(anchor, 0)
        result.add(anchor if count == 0 else f"{anchor}-{count}")
        found[anchor] = count + 1
    return result


def links(text: str) -> list[str]:
    """Link targets in Markdown prose (not in code)."""
    prose = CODE_SPAN.sub("", without_code_blocks(text))
    return INLINE_LINK.findall(prose) + REFERENCE_LINK.findall(prose)


def backticked(name: str, text: str) -> bool:
    return f"`{name}`" in text


# --- settings: docs/configuration.md ------------------------------------------------------


def load_generator():
    spec = importlib.util.spec_from_file_location("_gen_config", DOCS / "_gen_config.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("key", [key for key, _, _ in all_settings()])
def test_every_setting_is_in_the_configuration_page(key):
    assert backticked(key, read("configuration.md")), (
        f"setting {key} is not documented in docs/configuration.md: "
        "run python docs/_gen_config.py")


def test_the_settings_tables_are_up_to_date():
    generator = load_generator()
    page = read("configuration.md")
    assert generator.render(page) == page, (
        "docs/configuration.md does not match sitegen.config: run python docs/_gen_config.py")


def test_settings_named_in_the_docs_exist():
    known = {key for key, _, _ in all_settings()}
    pattern = re.compile(r"`((?:" + "|".join(SECTIONS) + r")\.[a-z_]+)`")
    for page in PAGES:
        for key in pattern.findall(page.read_text(encoding="utf-8")):
            if key.rsplit(".", 1)[1] in FILE_SUFFIXES:  # site.js is a file, not a setting
                continue
            assert key in known, f"{page.name} names a setting that does not exist: {key}"


# --- commands: docs/commands.md -----------------------------------------------------------


def command_tree(command=None, path: tuple[str, ...] = ()):
    """(path, command) for every command and group under the sitegen command line."""
    command = command or typer.main.get_command(app)
    for name, sub in sorted(getattr(command, "commands", {}).items()):
        yield (*path, name), sub
        yield from command_tree(sub, (*path, name))


COMMANDS = list(command_tree())


def command_section(path: tuple[str, ...]) -> str:
    """The section of commands.md whose heading is `sitegen PATH ...`."""
    page = read("commands.md")
    title = "`sitegen " + " ".join(path)
    for match in HEADING.finditer(without_code_blocks(page)):
        heading = match[2]
        if heading.startswith(title) and heading[len(title)] in " `":
            return section(page, heading)
    return ""


@pytest.mark.parametrize("path", [p for p, _ in COMMANDS], ids=" ".join)
def test_every_command_has_a_section(path):
    assert command_section(path), (
        f"docs/commands.md has no heading '## `sitegen {' '.join(path)} ...`'")


def option_cases():
    for path, command in COMMANDS:
        for param in command.params:
            names = [*param.opts, *param.secondary_opts]
            if param.param_type_name == "argument":
                names = [param.name.upper()]
            for name in names:
                yield pytest.param(path, name, id=f"{' '.join(path)} {name}")


@pytest.mark.parametrize(("path", "name"), list(option_cases()))
def test_every_option_and_argument_is_documented(path, name):
    text = command_section(path)
    found = re.search(r"(?<![\w-])" + re.escape(name) + r"(?![\w-])", text)
    assert found, f"sitegen {' '.join(path)}: {name} is not in its section of docs/commands.md"


def test_documented_commands_exist():
    known = {" ".join(p) for p, _ in COMMANDS}
    for match in re.finditer(r"^##+ `sitegen ([a-z ]+?)(?: [A-Z]+)*`", read("commands.md"), re.M):
        assert match[1] in known, f"docs/commands.md documents an unknown command: {match[1]}"


# --- writing.md: charts, figures, front matter --------------------------------------------


@pytest.mark.parametrize("name", sorted(CHARTS))
def test_every_chart_is_in_the_writing_guide(name):
    assert backticked(name, section(read("writing.md"), "Charts")), (
        f"chart {name} is not in the Charts section of docs/writing.md")


@pytest.mark.parametrize("name", FIGURES)
def test_every_figure_is_in_the_writing_guide(name):
    assert backticked(name, section(read("writing.md"), "Single figures")), (
        f"figure {name} is not in the Single figures section of docs/writing.md")


@pytest.mark.parametrize("key", FRONT_MATTER_KEYS)
def test_every_front_matter_key_is_in_the_writing_guide(key):
    table = section(read("writing.md"), "Front matter")
    assert re.search(rf"^\| `{key}` \|", table, re.M), (
        f"front matter key {key} has no row in the Front matter table of docs/writing.md")


# --- links ---------------------------------------------------------------------------------


def link_cases():
    for page in LINKED_FILES:
        for target in links(page.read_text(encoding="utf-8")):
            if not re.match(r"[a-z][a-z0-9+.-]*:", target):  # http:, https:, mailto: ...
                yield pytest.param(page, target, id=f"{page.name} {target}")


@pytest.mark.parametrize(("page", "target"), list(link_cases()))
def test_relative_links_lead_somewhere(page, target):
    file_part, _, anchor = target.partition("#")
    destination = (page.parent / file_part).resolve() if file_part else page
    assert destination.exists(), f"{page.name}: link to a missing file: {target}"
    if anchor and destination.suffix == ".md":
        assert anchor in anchors(destination), (
            f"{page.name}: link to a missing heading: {target}")


def test_the_link_checker_sees_links():
    assert links("[a](b.md) `[c](d.md)` [e]: f.md\n[g][h]\n[i]: j.md") == ["b.md", "j.md"]
    assert "sitegen-new-post-title" in anchors(DOCS / "commands.md")


def test_every_guide_page_is_linked_from_the_index():
    index = read("index.md")
    for page in PAGES:
        if page.name != "index.md":
            assert f"]({page.name})" in index, f"docs/index.md does not link {page.name}"

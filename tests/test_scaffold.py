"""``sitegen init`` and ``sitegen new post``: a project that builds at once, and new posts
with safe, unique names. Library functions are tested directly; the CLI at its edge
(exit codes and messages) through Typer's CliRunner.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from sitegen import __version__, scaffold
from sitegen.analysis.classify import CLASSES
from sitegen.cli import app
from sitegen.config import Config, all_settings, load_config
from sitegen.content import load_posts, read_post
from sitegen.errors import SitegenError
from sitegen.scaffold import init_project, new_post
from sitegen.starter import SNAPSHOT_JANUARY

DAY = date(2024, 5, 2)
def project_files() -> set[str]:
    """What ``init`` writes today (asked after the call: a module-level set went stale when a
    run crossed midnight)."""
    return {
        "sitegen.yml",
        "content/snapshots/2024-01.yml",
        "content/snapshots/2024-02.yml",
        f"content/posts/{date.today().isoformat()}-welcome.md",
        "content/pages/about.md",
        ".gitignore",
        ".github/workflows/pages.yml",
    }


@pytest.fixture
def sitegen(restore_logging):
    """Run the CLI: ``sitegen("build", "-q")`` returns click's Result."""
    runner = CliRunner()
    return lambda *args: runner.invoke(app, list(args))


@pytest.fixture
def new_project(tmp_path: Path) -> Path:
    root = tmp_path / "report"
    init_project(root)
    return root


def relative_files(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}


# --------------------------------------------------------------------------------------
# sitegen init
# --------------------------------------------------------------------------------------


def test_init_writes_the_project_files_and_returns_them(tmp_path: Path):
    root = tmp_path / "report"
    written = init_project(root)
    assert {p.relative_to(root).as_posix() for p in written} == project_files()
    assert relative_files(root) == project_files()
    assert "output/" in (root / ".gitignore").read_text().splitlines()


def test_a_new_project_builds_at_once(tmp_path: Path, sitegen, monkeypatch):
    result = sitegen("init", str(tmp_path / "report"))
    assert result.exit_code == 0, result.output
    assert "created" in result.output and "sitegen.yml" in result.output
    monkeypatch.chdir(tmp_path / "report")
    result = sitegen("build", "--quiet")
    assert result.exit_code == 0, result.output
    site = tmp_path / "report" / "output"
    assert (site / "index.html").is_file()
    welcome = (site / "posts" / "welcome" / "index.html").read_text("utf-8")
    assert "[[" not in welcome  # both embeds were rendered
    assert 'data-figure="reciprocity"' in welcome and "class-mix" in welcome
    assert sitegen("check", "--quiet").exit_code == 0


def test_the_sample_snapshots_show_every_way_of_use(new_project: Path, analyze):
    reports = analyze(new_project / "content" / "snapshots")
    assert len(reports) == 2
    for report in reports:
        assert len(report.accounts()) == 12
        assert all(report.network.classes[name] > 0 for name in CLASSES), report.network.classes


def test_an_import_beside_the_sample_is_warned_of_and_one_into_its_name_refused(
        new_project: Path, sitegen, monkeypatch):
    """The starter says to replace its snapshots; a user who imports beside them instead
    gets a series whose past is the made-up sample (its ids 101 ... also number real
    networks' accounts), and one who imports into ``2024-01/`` two snapshots of one name."""
    monkeypatch.chdir(new_project)
    edges = new_project / "edges.txt"
    edges.write_text("101 102\n102 101\n103 101\n", "utf-8")
    imported = sitegen("import", "--from", "edgelist", str(edges), "--out",
                       "content/snapshots/2024-03", "--taken", "2024-03-31", "--quiet")
    assert imported.exit_code == 0, imported.output
    result = sitegen("build")
    assert result.exit_code == 0, result.output
    warning = " ".join(result.stderr.split())
    assert ("WARNING content/snapshots/2024-03: in a series with the sample network that "
            "'sitegen init' wrote (content/snapshots/2024-01.yml, "
            "content/snapshots/2024-02.yml)") in warning, warning
    assert "hint: delete the sample's snapshots" in warning
    # a rebuild that reuses the analysis (a post changed) says it again, as one with nothing
    # changed does: it was said only when the analysis was made
    for post in (new_project / "content" / "posts").glob("*.md"):
        post.write_text(post.read_text("utf-8") + "\nMore.\n", "utf-8")
    again = sitegen("build")
    assert again.exit_code == 0 and "built" in again.stderr, again.output
    assert " ".join(again.stderr.split()).count("in a series with the sample network") == 1
    for sample in ("2024-01.yml", "2024-02.yml"):
        (new_project / "content" / "snapshots" / sample).unlink()
    result = sitegen("build")
    assert result.exit_code == 0 and "sample" not in result.stderr, result.output

    # imported with a network's name, beside the sample: refused, the sample named
    write_sample = (new_project / "content" / "snapshots" / "2024-02.yml").write_text
    write_sample(SNAPSHOT_JANUARY.replace("2024-01-31", "2024-02-28"), "utf-8")
    (new_project / "content" / "snapshots" / "2024-03" / "snapshot.yml").write_text(
        "taken: 2024-03-31\nnetwork: riverside\n", "utf-8")
    result = sitegen("build")
    assert result.exit_code == 2
    said = " ".join(result.stderr.split())
    assert "names the network 'riverside' and content/snapshots/2024-02.yml names 'sample'" \
        in said and "hint: delete the sample's snapshots that 'sitegen init' wrote " \
        "(content/snapshots/2024-02.yml)" in said, said
    (new_project / "content" / "snapshots" / "2024-02.yml").unlink()

    imported = sitegen("import", "--from", "edgelist", str(edges), "--out",
                       "content/snapshots/2024-01", "--taken", "2024-01-31", "--quiet")
    assert imported.exit_code == 0, imported.output
    (new_project / "content" / "snapshots" / "2024-01.yml").write_text(
        SNAPSHOT_JANUARY, "utf-8")
    result = sitegen("build")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: content/snapshots/2024-01.yml: two snapshots named "
                                    "'2024-01': this one and content/snapshots/2024-01")


def test_the_settings_file_lists_every_setting_at_its_default(new_project: Path):
    path = new_project / "sitegen.yml"
    config = load_config(path)
    assert config == Config(root=new_project, source=path)
    text = path.read_text("utf-8")
    for key, field, _ in all_settings():
        section, name = key.split(".")
        block = re.search(rf"^{section}:\n((?:[ #].*\n|\n)*)", text, re.M).group(1)
        assert re.search(rf"^  {name}: ", block, re.M), f"{key} is missing"
        help_words = field.metadata["help"].split()[:4]
        assert " ".join(help_words) in text, f"{key} has no help comment"


def test_the_settings_file_follows_the_declarations(monkeypatch):
    fake = [("site.title", _field("Quoted: 'yes' # no", "A title."), str)]
    monkeypatch.setattr(scaffold, "all_settings", lambda: iter(fake))
    text = scaffold.settings_file()
    assert yaml.safe_load(text) == {"site": {"title": "Quoted: 'yes' # no"}}
    assert "  # A title.\n" in text


def _field(default, help_text):
    import dataclasses

    @dataclasses.dataclass
    class One:
        value: str = dataclasses.field(
            default=default, metadata={"help": help_text, "choices": None, "min": None}
        )

    return dataclasses.fields(One)[0]


def test_init_refuses_to_overwrite_and_writes_nothing(tmp_path: Path, sitegen):
    root = tmp_path / "report"
    root.mkdir()
    (root / "sitegen.yml").write_text("site: {title: Mine}\n")
    (root / ".gitignore").write_text("mine\n")
    with pytest.raises(SitegenError) as caught:
        init_project(root)
    message = str(caught.value)
    assert "sitegen.yml: already exists" in message and ".gitignore: already exists" in message
    assert "--force" in message
    assert relative_files(root) == {"sitegen.yml", ".gitignore"}
    assert (root / "sitegen.yml").read_text() == "site: {title: Mine}\n"

    result = sitegen("init", str(root))
    assert result.exit_code == 2
    assert "already exists" in result.output and "Traceback" not in result.output
    assert relative_files(root) == {"sitegen.yml", ".gitignore"}


def test_init_force_overwrites(tmp_path: Path, sitegen):
    root = tmp_path / "report"
    root.mkdir()
    (root / "sitegen.yml").write_text("site: {title: Mine}\n")
    (root / "keep.txt").write_text("mine\n")
    result = sitegen("init", str(root), "--force", "--quiet")
    assert result.exit_code == 0, result.output
    assert result.output == ""
    assert "title: Network report" in (root / "sitegen.yml").read_text()
    assert relative_files(root) == project_files() | {"keep.txt"}


def test_init_force_replaces_a_link_without_writing_through_it(tmp_path: Path):
    root = tmp_path / "report"
    root.mkdir()
    elsewhere = tmp_path / "elsewhere.txt"
    elsewhere.write_text("not yours")
    (root / ".gitignore").symlink_to(elsewhere)
    init_project(root, force=True)
    assert elsewhere.read_text() == "not yours"
    assert not (root / ".gitignore").is_symlink()


def test_init_refuses_a_folder_in_the_way_even_with_force(tmp_path: Path):
    root = tmp_path / "report"
    (root / ".gitignore").mkdir(parents=True)
    with pytest.raises(SitegenError, match=r"\.gitignore: is in the way"):
        init_project(root, force=True)
    assert relative_files(root) == set()


def test_init_into_a_file_is_refused(tmp_path: Path, sitegen):
    (tmp_path / "report").write_text("x")
    result = sitegen("init", str(tmp_path / "report"))
    assert result.exit_code == 2
    assert "is not a folder" in result.output


# --------------------------------------------------------------------------------------
# The GitHub Pages workflow
# --------------------------------------------------------------------------------------


@pytest.fixture
def workflow(new_project: Path) -> dict:
    return yaml.safe_load((new_project / ".github/workflows/pages.yml").read_text("utf-8"))


def steps_using(job: dict) -> dict[str, dict]:
    return {step["uses"].split("@")[0]: step for step in job["steps"] if "uses" in step}


def test_workflow_triggers_permissions_and_concurrency(workflow: dict):
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as true
    assert triggers["push"]["branches"] == ["main"]
    assert "workflow_dispatch" in triggers
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    assert workflow["concurrency"]["group"] == "pages"


def test_workflow_builds_with_sitegen_and_uploads_the_output(workflow: dict):
    build = workflow["jobs"]["build"]
    uses = [step.get("uses") for step in build["steps"]]
    assert uses[:2] == ["actions/checkout@v4", "actions/setup-python@v5"]
    actions = steps_using(build)
    assert actions["actions/configure-pages"]["uses"].endswith("@v5")
    assert actions["actions/configure-pages"]["id"] == "pages"
    assert actions["actions/upload-pages-artifact"] == {
        "uses": "actions/upload-pages-artifact@v3",
        "with": {"path": "output"},
    }
    runs = [step["run"] for step in build["steps"] if "run" in step]
    assert 'sitegen build --url "${{ steps.pages.outputs.base_url }}/"' in runs
    install = next(run for run in runs if "pip install" in run)
    # PyPI's "sitegen" is an unrelated program: the workflow installs sitegen-reports, pinned
    assert install == f'python -m pip install "sitegen-reports=={scaffold.installed_version()}"'


def test_workflow_deploys_with_the_official_action(workflow: dict):
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert deploy["environment"] == {
        "name": "github-pages",
        "url": "${{ steps.deployment.outputs.page_url }}",
    }
    assert deploy["steps"] == [{"id": "deployment", "uses": "actions/deploy-pages@v4"}]


def test_the_workflow_installs_the_release_that_wrote_it(monkeypatch):
    versions = {"sitegen-reports": "1.2.3"}
    monkeypatch.setattr(scaffold.metadata, "version", lambda name: versions[name])
    assert scaffold.install_requirement() == "sitegen-reports==1.2.3"
    workflow = scaffold.project_files(DAY)[".github/workflows/pages.yml"]
    assert 'python -m pip install "sitegen-reports==1.2.3"' in workflow


def test_a_source_folder_never_installed_has_the_package_version(monkeypatch):
    def not_installed(name: str) -> str:
        raise scaffold.metadata.PackageNotFoundError(name)

    monkeypatch.setattr(scaffold.metadata, "version", not_installed)
    assert scaffold.installed_version() == __version__


# --------------------------------------------------------------------------------------
# sitegen new post
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "name"),
    [
        ("Who talks back?", "2024-05-02-who-talks-back.md"),
        ("Ça va? Réseaux & amis", "2024-05-02-ça-va-réseaux-amis.md"),
        ("日本語", "2024-05-02-日本語.md"),
        ("!!!", "2024-05-02-post.md"),
        ("Index", "2024-05-02-index-post.md"),
        ("../../etc/passwd", "2024-05-02-etc-passwd.md"),
    ],
)
def test_new_post_names(tmp_path: Path, title: str, name: str):
    path = new_post(tmp_path / "content", title, DAY)
    assert path == tmp_path / "content" / "posts" / name
    assert read_post(path).title == title


def test_new_post_front_matter(tmp_path: Path):
    title = 'He said: "yes" # not a comment, --- and [brackets]'
    path = new_post(tmp_path, title, DAY)
    post = read_post(path)
    assert (post.title, post.date, post.tags, post.summary, post.draft) == (
        title,
        DAY,
        (),
        "",
        True,
    )
    assert post.body.strip()
    assert load_posts(path.parent) == []  # a draft stays out of the site
    assert [p.title for p in load_posts(path.parent, drafts=True)] == [title]


def test_new_post_never_overwrites(tmp_path: Path):
    first = new_post(tmp_path, "日本語", DAY)
    first.write_text("my words")
    second = new_post(tmp_path, "日本語!", DAY)
    third = new_post(tmp_path, "「日本語」", DAY)
    assert [p.name for p in (first, second, third)] == [
        "2024-05-02-日本語.md",
        "2024-05-02-日本語-2.md",
        "2024-05-02-日本語-3.md",
    ]
    assert first.read_text() == "my words"


def test_new_post_slug_is_unique_across_dates(tmp_path: Path):
    """Posts are addressed by slug without the date, so a slug used on another day is taken."""
    new_post(tmp_path, "Monthly update", date(2024, 4, 1))
    path = new_post(tmp_path, "Monthly update", DAY)
    assert path.name == "2024-05-02-monthly-update-2.md"
    slugs = [p.slug for p in load_posts(path.parent, drafts=True)]
    assert sorted(slugs) == ["monthly-update", "monthly-update-2"]


def test_new_post_does_not_take_a_slug_another_post_sets(tmp_path: Path):
    """commands.md: 'when a post already uses the slug, -2, -3 ... is added'; a slug set by
    'slug:' in a post's front matter was not seen (only file names were), and the build then
    failed on the two posts of one slug."""
    posts = tmp_path / "posts"
    posts.mkdir()
    (posts / "2024-03-01-whatever.md").write_text(
        "---\ntitle: X\ndate: 2024-03-01\nslug: custom-one\n---\nx\n")
    (posts / "2024-03-02-broken.md").write_text("---\ntitle: [\n---\nx\n")  # its name's slug
    assert new_post(tmp_path, "Custom one", DAY).name == "2024-05-02-custom-one-2.md"
    assert new_post(tmp_path, "Broken", DAY).name == "2024-05-02-broken-2.md"


def test_new_post_long_title_keeps_its_slug(tmp_path: Path):
    title = "A very long title " * 8
    paths = [new_post(tmp_path, title, DAY) for _ in range(2)]
    posts = [read_post(p) for p in paths]
    assert posts[0].slug != posts[1].slug
    assert all(p.source.stem.endswith(p.slug) for p in posts)


def test_new_post_needs_a_title(tmp_path: Path):
    with pytest.raises(SitegenError, match="needs a title"):
        new_post(tmp_path, "   ", DAY)
    assert not (tmp_path / "posts").exists() or not any((tmp_path / "posts").iterdir())


def test_cli_new_post(new_project: Path, sitegen, monkeypatch):
    monkeypatch.chdir(new_project)
    result = sitegen("new", "post", "Ça va?")
    assert result.exit_code == 0, result.output
    path = Path(result.output.strip())
    assert path.name == f"{date.today().isoformat()}-ça-va.md"
    assert (new_project / path).is_file()
    assert sitegen("build", "--quiet", "--drafts").exit_code == 0


def test_cli_new_post_with_broken_settings(new_project: Path, sitegen, monkeypatch):
    monkeypatch.chdir(new_project)
    Path("sitegen.yml").write_text("site:\n  posts_per_page: none\n")
    result = sitegen("new", "post", "Hello")
    assert result.exit_code == 2
    assert "posts_per_page" in result.output
    assert not list(Path("content/posts").glob("*hello*"))

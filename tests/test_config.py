"""sitegen.yml: defaults, reading, validation (every problem at once), and overrides."""

from __future__ import annotations

import dataclasses
import textwrap
from pathlib import Path

import pytest

from sitegen.config import (
    SECTIONS,
    AnalysisSettings,
    Config,
    PathSettings,
    SiteSettings,
    all_settings,
    config_from_mapping,
    load_config,
    with_overrides,
)
from sitegen.errors import ConfigError


@pytest.fixture
def config_error(project):
    """``config_error(text)``: the ConfigError message for a sitegen.yml holding ``text``."""

    def _error(text: str | bytes) -> str:
        path = project / "sitegen.yml"
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        with pytest.raises(ConfigError) as caught:
            load_config(path)
        return str(caught.value)

    return _error


def test_defaults_without_a_settings_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    config = load_config()
    assert config == Config(root=Path("."))
    assert config.analysis == AnalysisSettings()
    assert config.analysis.unknown_accounts == "error"
    assert config.content_dir == Path("content")


def test_the_project_file_is_read_from_the_current_folder(project, monkeypatch):
    monkeypatch.chdir(project)
    assert load_config().site.title == "Test network"  # written by the project fixture


def test_values_are_read_and_paths_are_relative_to_the_file(project, write):
    write(
        {
            "sitegen.yml": """
                site:
                  title: 2024 elections
                  url: https://user.github.io/report/
                analysis:
                  consumer_min_following: 25
                  broadcaster_min_audience_ratio: 5
                  unknown_accounts: warn
                paths:
                  content: data
            """
        },
        project,
    )
    config = load_config(project / "sitegen.yml")
    assert config.site.title == "2024 elections"  # a number-like title stays text
    assert config.site.url == "https://user.github.io/report/"
    assert config.analysis.consumer_min_following == 25
    assert config.analysis.broadcaster_min_audience_ratio == 5.0
    assert isinstance(config.analysis.broadcaster_min_audience_ratio, float)
    assert config.analysis.unknown_accounts == "warn"
    assert config.analysis.active_min_actions == 3  # untouched settings keep their default
    assert config.root == project
    assert config.content_dir == project / "data"
    assert config.output_dir == project / "output"


def test_empty_file_and_empty_sections_mean_defaults(config_error, project):
    (project / "sitegen.yml").write_text("site:\nanalysis:\n", encoding="utf-8")
    assert load_config(project / "sitegen.yml").analysis == AnalysisSettings()
    (project / "sitegen.yml").write_text("", encoding="utf-8")
    assert load_config(project / "sitegen.yml").site.title == "Network report"


def test_every_problem_is_reported_at_once(project):
    path = project / "sitegen.yml"
    path.write_text(
        textwrap.dedent("""\
            analysis:
              unknown_accounts: maybe
              active_min_actions: 0
              reciprocator_min_reciprocity: -0.1
              reciprocator_min_given: 2.5
              consumer_min_folowing: 3
            site:
              posts_per_page: true
            extras: 1
            """),
        encoding="utf-8",
    )
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    sections = ", ".join(SECTIONS)
    analysis_keys = ", ".join(f.name for f in dataclasses.fields(AnalysisSettings))
    # each at the line of its setting, in the order of the file
    assert [str(p) for p in caught.value.problems] == [
        f"{path}:2: 'analysis.unknown_accounts': expected one of error, warn, got 'maybe'",
        f"{path}:3: 'analysis.active_min_actions': expected at least 1, got 0",
        f"{path}:4: 'analysis.reciprocator_min_reciprocity': expected at least 0, got -0.1",
        f"{path}:5: 'analysis.reciprocator_min_given': expected a whole number, got 2.5",
        f"{path}:6: unknown setting 'analysis.consumer_min_folowing'\n"
        f"  hint: did you mean 'analysis.consumer_min_following'? valid: {analysis_keys}",
        f"{path}:8: 'site.posts_per_page': expected a whole number, got True",
        f"{path}:9: unknown section 'extras'\n  hint: valid sections: {sections}",
    ]
    assert str(caught.value) == "\n".join(str(p) for p in caught.value.problems)


@pytest.mark.parametrize(
    ("section", "key", "value", "expected"),
    [
        ("site", "posts_per_page", True, "expected a whole number, got True"),
        ("site", "posts_per_page", 2.0, "expected a whole number, got 2.0"),
        ("site", "build_time", "yes", "expected true or false, got 'yes'"),
        ("analysis", "broadcaster_min_audience_ratio", "high", "expected a number, got 'high'"),
        ("site", "title", ["a", "b"], "expected text, got a list"),
    ],
)
def test_wrong_types(section, key, value, expected):
    with pytest.raises(ConfigError) as caught:
        config_from_mapping({section: {key: value}}, "sitegen.yml")
    assert str(caught.value) == f"sitegen.yml: '{section}.{key}': {expected}"


def test_top_level_must_be_a_mapping(config_error, project):
    assert config_error("- site\n") == (
        f"{project / 'sitegen.yml'}: expected a mapping of sections at the top level"
    )


def test_section_must_be_a_mapping(config_error, project):
    assert config_error("site: My report\n") == (
        f"{project / 'sitegen.yml'}:1: 'site': expected a mapping of settings"
    )


def test_invalid_yaml(config_error, project):
    message = config_error("site:\n title: x\n  url: y\n")
    assert message == (
        f"{project / 'sitegen.yml'}:3: not valid YAML: this line is indented more than the "
        "line above it, which has a value\n  hint: the lines of one section, or of one list, "
        "start in the same column (spaces only) (the YAML parser said: mapping values are not "
        "allowed here)")


def test_python_tags_are_refused(config_error, project):
    message = config_error("site: {title: !!python/object/apply:os.system [echo hi]}\n")
    assert message == (f"{project / 'sitegen.yml'}:1: not valid YAML: tags such as "
                       "!!python/... are not allowed; use plain values")


def test_not_utf8(config_error, project):
    """Saved as Latin-1: the line of the first byte that is not UTF-8 is named."""
    assert config_error(b"site:\n  title: caf\xe9\n").startswith(
        f"{project / 'sitegen.yml'}:2: not UTF-8 text"
    )


def test_alias_explosion_gives_a_short_message(config_error):
    levels = ["[lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    levels += ["[" + ", ".join([f"*l{i}"] * 10) + "]" for i in range(5)]
    items = "\n".join(f"    - &l{i} {body}" for i, body in enumerate(levels))
    message = config_error(f"site:\n  title:\n{items}\n")
    assert len(message) < 500
    assert "aliases (*name) are not allowed" in message


def test_explicit_file_that_does_not_exist(tmp_path):
    with pytest.raises(ConfigError) as caught:
        load_config(tmp_path / "missing.yml")
    assert str(caught.value) == f"{tmp_path / 'missing.yml'}: config file not found"


def test_with_overrides_replaces_only_given_values():
    config = Config()
    changed = with_overrides(
        config, analysis={"consumer_min_following": 20, "active_min_actions": None}
    )
    assert changed.analysis.consumer_min_following == 20
    assert changed.analysis.active_min_actions == 3
    assert config.analysis.consumer_min_following == 10  # the original is untouched
    assert with_overrides(config, site={"title": None}) == config


def test_every_setting_is_declared_with_help_and_a_valid_default():
    keys = []
    for key, field, kind in all_settings():
        keys.append(key)
        assert field.metadata["help"].strip(), key
        if kind in (bool, int, float, str):
            assert isinstance(field.default, kind), key
        if field.metadata["choices"]:
            assert field.default in field.metadata["choices"], key
        if field.metadata["min"] is not None:
            assert field.default >= field.metadata["min"], key
    assert "analysis.consumer_min_following" in keys
    assert len(keys) == len(set(keys))
    # the declared defaults round-trip through validation unchanged
    mapping = {}
    for key, field, _ in all_settings():
        section, name = key.split(".")
        if section in ("site", "analysis", "paths"):
            mapping.setdefault(section, {})[name] = field.default
    config = config_from_mapping(mapping)
    assert config.site == SiteSettings()
    assert config.analysis == AnalysisSettings()
    assert config.paths == PathSettings()

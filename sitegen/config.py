"""sitegen.yml: every setting declared once, with its type, default and help text.

Each section is a frozen dataclass; a field's ``metadata`` carries the help text and,
where there are few valid values, the choices. The same declarations drive validation,
the commented ``sitegen.yml`` that ``sitegen init`` writes, and the docs test.
"""

from __future__ import annotations

import dataclasses
import difflib
import re
import typing
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from sitegen.errors import ConfigError, Problem
from sitegen.schemes import is_url
from sitegen.yamlfile import key_lines, read_yaml


def setting(default, help: str, choices: tuple[str, ...] | None = None, minimum=None,
            check=None):
    """Declare one setting: default value, help text, and optional constraints (``check``:
    a function of the value returning what was expected, or None when the value is fine)."""
    metadata = {"help": help, "choices": choices, "min": minimum, "check": check}
    if isinstance(default, dict):  # a mapping (spark.conf): each instance its own
        return field(default_factory=lambda: dict(default), metadata=metadata)
    return field(default=default, metadata=metadata)


def time_zone_problem(name: str) -> str | None:
    """None for a time zone name the analysis engine knows, else what was expected."""
    if name == "UTC":
        return None
    import duckdb

    try:
        duckdb.connect().execute("SELECT timezone($tz, TIMESTAMPTZ '2024-01-01 00:00:00+00')",
                                 {"tz": name})
    except duckdb.Error:
        return "an IANA time zone name such as UTC or Europe/Berlin"
    return None


MAX_NUMBER = 10**9  # of any number setting: the engine binds it as a 64-bit value
MEMORY = re.compile(r"\s*(\d+(?:\.\d+)?)\s*([KMGT])(i?)B\s*", re.IGNORECASE)
MIN_MEMORY = 100 * 1000**2  # DuckDB needs some room even for a small project


def memory_problem(text: str) -> str | None:
    """None for an amount of memory such as 4GB or 512MiB (at least 100MB), else what was
    expected; checked before DuckDB sees it."""
    match = MEMORY.fullmatch(text)
    if match:
        base = 1024 if match[3] else 1000
        amount = float(match[1]) * base ** ("KMGT".index(match[2].upper()) + 1)
        if MIN_MEMORY <= amount <= 1024**5:
            return None
    return "an amount of memory of at least 100MB, such as 4GB or 512MiB (units KB, MB, GB, " \
           "TB, KiB, MiB, GiB, TiB)"


def url_problem(url: str) -> str | None:
    """None for an http or https address with a host (and no ?query or #fragment: every
    link starts with its path), else what was expected."""
    try:
        parts = urlsplit(url.strip())
        if parts.scheme.lower() in ("http", "https") and parts.hostname \
                and not (parts.query or parts.fragment or "?" in url or "#" in url):
            return None
    except ValueError:  # such as an unclosed [ of an IPv6 address
        pass
    return ("an address starting with http:// or https://, without ?query or #fragment, such "
            "as https://user.github.io/report/")


@dataclass(frozen=True)
class SiteSettings:
    title: str = setting("Network report", "Site title, shown in every page header and the feed.")
    url: str = setting(
        "http://localhost:8000/",
        "Public address of the site; may have a sub-path (https://user.github.io/report/).",
        check=url_problem,
    )
    description: str = setting("", "One-sentence description for the home page and the feed.")
    author: str = setting("", "Default author of posts and of the feed.")
    language: str = setting("en", "Language of the pages (the html lang attribute).")
    theme: str = setting("default", "Theme folder under themes/; missing templates fall back.")
    posts_per_page: int = setting(10, "Posts per page on the home page and the archive.", minimum=1)
    account_pages: int = setting(
        50, "How many accounts get a page of their own (the most followed; without "
        "followers in the data, the most interacted with, else the most posting, else those "
        "following the most).", minimum=0
    )
    plotly_cdn: str = setting(
        "", "Load plotly.js from this address instead of the site's own copy (empty: own copy)."
    )
    cname: str = setting("", "Custom domain written to CNAME for GitHub Pages (empty: none).")
    build_time: bool = setting(
        False, "Stamp pages with the build time (off keeps builds byte-identical)."
    )


@dataclass(frozen=True)
class AnalysisSettings:
    active_min_actions: int = setting(
        3,
        "Posts plus interactions given at or above which an account counts as active "
        "(Socialbakers: under 3 posts is inactive).",
        minimum=1,
    )
    consumer_min_following: int = setting(
        10, "An inactive account following at least this many is a consumer, else dormant.",
        minimum=1,
    )
    reciprocator_min_reciprocity: float = setting(
        0.5, "Follow or interaction reciprocity at or above which an active account reciprocates.",
        minimum=0,
    )
    reciprocator_min_given: int = setting(
        2, "Interactions an account must give to reciprocate (Huberman et al. 2009: two).",
        minimum=0,
    )
    broadcaster_min_audience_ratio: float = setting(
        3.0, "Followers per account followed at or above which an active account broadcasts.",
        minimum=0,
    )
    unknown_accounts: str = setting(
        "error", "An edge naming an account missing from accounts: error, or warn and drop it.",
        choices=("error", "warn"),
    )
    min_group_size: int = setting(
        10, "Attribute groups smaller than this are marked as small in by-group figures.",
        minimum=1,
    )
    window_days: int = setting(
        30, "Days before a snapshot's 'taken' date whose timed posts and interactions count, "
        "when snapshot.yml gives no window_days (rows dated outside are left out, with a "
        "warning; undated rows count).", minimum=1,
        check=lambda days: None if days <= 36525 else "at most 36525 (100 years)")
    time_zone: str = setting(
        "UTC", "Time zone (IANA name) of the days and hours in the activity rhythm chart.",
        check=time_zone_problem)
    attributes: list = setting(
        (), "Account columns to group by (age_band, party ...); empty: every column sitegen "
        "does not know, except identifier-like ones. snapshot.yml 'attributes' wins.")
    lexicons: list = setting(
        ("en",), "Lexicons of the rules that tell promotional from conversational posts: a "
        "built-in name (en) or the path of a YAML file, relative to sitegen.yml "
        "(docs/method.md, 'What posts are for').")
    burstiness_min_posts: int = setting(
        10, "Posts with a time of day an account needs before its burstiness is measured.",
        minimum=3)
    memory_limit: str = setting("4GB", "Memory DuckDB may use before spilling to disk.",
                                check=memory_problem)
    engine: str = setting(
        "duckdb", "What runs the analysis SQL: duckdb (this machine), or spark (a cluster; "
        "the spark section, docs/scale.md).", choices=("duckdb", "spark"))
    audit_min_score: float = setting(
        0.5, "Follower-audit flags scoring below this are not reported (0 to 1).", minimum=0)
    audit_jump_z: float = setting(
        3.5, "Robust z-score of a follower jump that counts half (Iglewicz and Hoaglin's "
        "outlier cut-off).", minimum=0)
    audit_min_peers: int = setting(
        5, "Accounts of similar size needed to judge a jump against peers.", minimum=1)
    audit_fresh_days: int = setting(
        30, "A follower created this many days or fewer before the snapshot counts as new.",
        minimum=1)
    audit_following_ratio: float = setting(
        10.0, "Following:followers ratio at which a new follower counts as following far more "
        "than followed (calibrated on Cresci et al. 2015, see docs/audit.md).", minimum=1)
    audit_many_following: int = setting(
        100, "Accounts a new follower must follow before 'following far more' can count.",
        minimum=0)
    audit_few_followers: int = setting(
        0, "A new follower following many and followed by fewer than this also counts as "
        "following far more (0: this rule is off).", minimum=0)
    audit_min_checks: int = setting(
        2, "Checks a new follower must meet to look empty (calibrated on Cresci et al. 2015).",
        minimum=1)
    audit_engagement_z: float = setting(
        2.0, "z of the engagement shortfall at which it counts half.", minimum=0)
    audit_empty_z: float = setting(
        3.0, "Binomial z of the empty new followers at which that signal counts half.",
        minimum=0)
    audit_baseline_min_new: int = setting(
        5, "New followers an account needs to count towards the usual share of empty ones.",
        minimum=1)
    repost_max_depth: int = setting(
        3, "How many repost hops amplification follows from an account's posts.", minimum=1)


@dataclass(frozen=True)
class PrivacySettings:
    pseudonymize: bool = setting(
        False, "Publish every account under a keyed pseudonym; names and bios are dropped.")
    key_env: str = setting(
        "SITEGEN_PRIVACY_KEY",
        "Environment variable holding the secret key for pseudonyms (never commit the key).")
    named: list = setting(
        (), "Handles or ids of accounts the author chooses to name (kept as they are).")
    keep: list = setting(
        (), "Account attribute columns published with pseudonyms on (age_band ...); every "
        "other column is dropped.")


@dataclass(frozen=True)
class SparkSettings:
    master: str = setting(
        "local[*]", "Spark master URL (local[*]: every core of this machine; yarn; "
        "spark://host:7077 ...), when remote is empty.")
    remote: str = setting(
        "", "Spark Connect URL (sc://host:15002); when set, master is not used.")
    driver_memory: str = setting(
        "2g", "Heap of the Spark driver (applies when sitegen starts the JVM).",
        check=lambda text: None if re.fullmatch(r"\d+[kmgt]?", text.strip().lower())
        else "a size such as 2g or 512m")
    shuffle_partitions: int = setting(
        0, "spark.sql.shuffle.partitions; 0: two per core of a local master (Spark's default "
        "of 200 slows small runs three-fold), the cluster's own default otherwise.", minimum=0)
    local_dir: str = setting(
        "", "Folder for Spark's scratch files (spark.local.dir); empty: a temporary folder.")
    conf: dict = setting(
        {}, "Any other Spark settings, passed through as they are "
        "(spark.executor.memory: 8g ...).")


@dataclass(frozen=True)
class PathSettings:
    content: str = setting("content", "Folder with snapshots/, posts/ and pages/.")
    output: str = setting("output", "Folder the site is written to (replaced on each build).")
    themes: str = setting("themes", "Folder holding the project's own themes.")
    snapshots: str = setting(
        "", "Where the snapshots are when not in content/snapshots: a folder, or a URL the "
        "engine reads (s3a://, hdfs://, file:// ...: docs/scale.md).")


@dataclass(frozen=True)
class Config:
    site: SiteSettings = field(default_factory=SiteSettings)
    analysis: AnalysisSettings = field(default_factory=AnalysisSettings)
    paths: PathSettings = field(default_factory=PathSettings)
    privacy: PrivacySettings = field(default_factory=PrivacySettings)
    spark: SparkSettings = field(default_factory=SparkSettings)
    root: Path = Path(".")
    source: Path | None = None

    @property
    def content_dir(self) -> Path:
        return self.root / self.paths.content

    @property
    def snapshots(self) -> Path | str:
        """The folder of the snapshots (``content/snapshots`` unless ``paths.snapshots``
        names another), or the URL the engine reads them from."""
        where = self.paths.snapshots
        if not where:
            return self.content_dir / "snapshots"
        return where if is_url(where) else self.root / where

    @property
    def output_dir(self) -> Path:
        return self.root / self.paths.output

    @property
    def themes_dir(self) -> Path:
        return self.root / self.paths.themes


SECTIONS = {"site": SiteSettings, "analysis": AnalysisSettings, "paths": PathSettings,
            "privacy": PrivacySettings, "spark": SparkSettings}


def all_settings():
    """Yield (dotted key, field, python type) for every declared setting."""
    for section, cls in SECTIONS.items():
        hints = typing.get_type_hints(cls)
        for f in dataclasses.fields(cls):
            yield f"{section}.{f.name}", f, hints[f.name]


def default_of(declared: dataclasses.Field):
    """A declared setting's default value (a mapping's comes from its factory)."""
    if declared.default is dataclasses.MISSING:
        return declared.default_factory()
    return declared.default


def _shown(value) -> str:
    """A found value, short enough for a one-line message."""
    if isinstance(value, (dict, list)):
        return "a mapping" if isinstance(value, dict) else "a list"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _coerce(key: str, value, kind: type, meta: dict, source: str) -> tuple[object, Problem | None]:
    """Check one value against its declaration; return it (converted) or a problem."""
    names = {int: "a whole number", float: "a number", str: "text", bool: "true or false",
             list: "a list of words", dict: "a mapping of names to values"}
    if kind is dict:
        if isinstance(value, dict) and all(isinstance(k, str) and isinstance(v, (str, int, float,
                                           bool)) for k, v in value.items()):
            return {k: str(v).lower() if isinstance(v, bool) else str(v)
                    for k, v in sorted(value.items())}, None
        return None, Problem(f"'{key}': expected {names[kind]}, got {_shown(value)}", source)
    if kind is list:
        if isinstance(value, (list, tuple)) and all(isinstance(v, (str, int)) for v in value):
            return tuple(str(v) for v in value), None
        return None, Problem(f"'{key}': expected {names[kind]}, got {_shown(value)}", source)
    ok = (
        (kind is bool and isinstance(value, bool))
        or (kind is int and isinstance(value, int) and not isinstance(value, bool))
        or (kind is float and isinstance(value, (int, float)) and not isinstance(value, bool))
        or (kind is str and isinstance(value, (str, int, float)) and not isinstance(value, bool))
    )
    if not ok:
        return None, Problem(f"'{key}': expected {names[kind]}, got {_shown(value)}", source)
    value = kind(value)
    if kind in (int, float) and not -MAX_NUMBER <= value <= MAX_NUMBER:  # also NaN, .inf
        return None, Problem(f"'{key}': expected a number from {-MAX_NUMBER:,} to "
                             f"{MAX_NUMBER:,}, got {value!r}", source)
    if meta["choices"] and value not in meta["choices"]:
        valid = ", ".join(meta["choices"])
        return None, Problem(f"'{key}': expected one of {valid}, got {value!r}", source)
    if meta["min"] is not None and value < meta["min"]:
        return None, Problem(f"'{key}': expected at least {meta['min']}, got {value!r}", source)
    expected = meta.get("check") and meta["check"](value)
    if expected:
        return None, Problem(f"'{key}': expected {expected}, got {value!r}", source)
    return value, None


def _did_you_mean(word, valid, listed: str, prefix: str = "") -> str:
    """A hint for an unknown name: the closest valid one, then the list of valid ones."""
    close = difflib.get_close_matches(str(word), list(valid), n=1)
    return f"did you mean '{prefix}{close[0]}'? {listed}" if close else listed


def _unknown_setting(section: str, key, known: dict) -> Problem:
    elsewhere = [name for name, cls in SECTIONS.items()
                 if name != section and key in {f.name for f in dataclasses.fields(cls)}]
    hint = _did_you_mean(key, known, f"valid: {', '.join(known)}", prefix=f"{section}.")
    if elsewhere:
        hint = f"'{key}' is a setting of the section '{elsewhere[0]}'; {hint}"
    return Problem(f"unknown setting '{section}.{key}'", hint=hint)


def _located(problems: list[tuple[str, Problem]], source: str,
             lines: dict[str, int]) -> list[Problem]:
    """Each problem with the file and the line of its setting, in the order of the file."""
    for key, problem in problems:
        problem.file, problem.line = source, lines.get(key)
    return [p for _, p in sorted(problems, key=lambda kp: lines.get(kp[0], 0))]


def config_from_mapping(data: dict, source: str = "sitegen.yml", root: Path = Path("."),
                        lines: dict[str, int] | None = None) -> Config:
    """Validate a parsed sitegen.yml; collect every problem, then fail once. ``lines``
    (dotted name -> line, from the YAML nodes) puts each problem at its line."""
    problems: list[tuple[str, Problem]] = []
    sections: dict[str, object] = {}
    for name in sorted(set(data) - set(SECTIONS), key=str):
        problems.append((str(name), Problem(f"unknown section '{name}'", hint=_did_you_mean(
            name, SECTIONS, f"valid sections: {', '.join(SECTIONS)}"))))
    for name, cls in SECTIONS.items():
        raw = data.get(name) or {}
        if not isinstance(raw, dict):
            problems.append((name, Problem(f"'{name}': expected a mapping of settings")))
            raw = {}
        values = {}
        hints = typing.get_type_hints(cls)
        known = {f.name: f for f in dataclasses.fields(cls)}
        for key in sorted(set(raw) - set(known), key=str):
            problems.append((f"{name}.{key}", _unknown_setting(name, key, known)))
        for key in set(raw) & set(known):
            value, problem = _coerce(f"{name}.{key}", raw[key], hints[key],
                                     dict(known[key].metadata), source)
            if problem:
                problems.append((f"{name}.{key}", problem))
            else:
                values[key] = value
        sections[name] = cls(**values)
    if problems:
        raise ConfigError(*_located(problems, source, lines or {}))
    sections["analysis"] = _lexicons_from(sections["analysis"], root)
    return Config(**sections, root=root, source=Path(source))


LEXICON_NAME = r"[a-z]{2,3}(-\w+)?"  # a built-in lexicon (sitegen/lexicons/NAME.yml)


def lexicon_files(analysis: AnalysisSettings) -> list[Path]:
    """The lexicons named by a path (the built-in ones are sitegen's own files)."""
    return [Path(name) for name in analysis.lexicons if not re.fullmatch(LEXICON_NAME, name)]


def _lexicons_from(analysis, root: Path):
    """Lexicon files named relative to sitegen.yml, found from wherever sitegen runs."""
    named = [name if re.fullmatch(LEXICON_NAME, name) or Path(name).is_absolute()
             else str(root / name) for name in map(str, analysis.lexicons)]
    return dataclasses.replace(analysis, lexicons=tuple(named))


def load_config(path: Path | None = None) -> Config:
    """Read sitegen.yml (or defaults when the default file is absent)."""
    if path is None:
        path = Path("sitegen.yml")
        if not path.exists():
            return Config(root=Path("."))
    if not path.is_file():
        raise ConfigError(Problem("config file not found", path))
    data, node = read_yaml(path, ConfigError)
    data = data or {}
    if not isinstance(data, dict):
        raise ConfigError(Problem("expected a mapping of sections at the top level", path))
    return config_from_mapping(data, str(path), root=path.parent, lines=key_lines(node))


def with_overrides(config: Config, **sections: dict) -> Config:
    """Return a copy of ``config`` with some settings replaced (e.g. from CLI options),
    each checked against its declaration like a setting of the file."""
    changes, problems = {}, []
    for name, values in sections.items():
        values = {k: v for k, v in values.items() if v is not None}
        fields = {f.name: f for f in dataclasses.fields(SECTIONS[name])}
        hints = typing.get_type_hints(SECTIONS[name])
        for key, value in values.items():
            _, problem = _coerce(f"{name}.{key}", value, hints[key],
                                 dict(fields[key].metadata), "command line")
            problems += [problem] if problem else []
        if values:
            changes[name] = dataclasses.replace(getattr(config, name), **values)
    if problems:
        raise ConfigError(*problems)
    return dataclasses.replace(config, **changes)

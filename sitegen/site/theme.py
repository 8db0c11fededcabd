"""Find theme templates and static files: the project's theme first, then the default.

A project theme overrides any single template or static file; ``{% extends
"default:base.html" %}`` reaches the default version of a template it replaces.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import traceback
from pathlib import Path
from typing import TYPE_CHECKING

import sitegen
from sitegen.config import Config
from sitegen.errors import ConfigError, Problem, SitegenError
from sitegen.handles import hides_characters, isolated
from sitegen.slugs import slugify
from sitegen.snapshots.coverage import differences_text
from sitegen.yamlfile import utf8_text

if TYPE_CHECKING:
    import jinja2


def default_theme_dir() -> Path:
    """The default theme shipped in the package (or beside it in a source checkout)."""
    package = Path(sitegen.__file__).parent
    for candidate in (package / "themes" / "default", package.parent / "themes" / "default"):
        if (candidate / "templates").is_dir():
            return candidate
    raise ConfigError("the default theme is missing from the sitegen installation")


def theme_dirs(config: Config) -> list[Path]:
    """Theme folders in lookup order: the configured theme, then the default."""
    default = default_theme_dir()
    name = config.site.theme
    if name == "default":
        own = config.themes_dir / "default"
        return [own, default] if own.is_dir() and own.resolve() != default.resolve() else [default]
    own = config.themes_dir / name
    if not own.is_dir():
        raise ConfigError(Problem(f"'site.theme': no theme folder {own}", config.source))
    return [own, default]


def environment(config: Config, checked: bool = False,
                compiled: Path | None = None) -> jinja2.Environment:
    """A Jinja environment with autoescaping on for HTML and XML; ``checked``: this theme was
    checked for template loops before (its files unchanged since), so it is not again;
    ``compiled``: a folder where templates are kept compiled (Jinja's bytecode cache, which
    compiles a template again whenever its text differs)."""
    import jinja2  # here: the check that nothing changed needs only the folders

    dirs = theme_dirs(config)
    default = jinja2.FileSystemLoader(str(default_theme_dir() / "templates"))
    loader = jinja2.ChoiceLoader([
        *(jinja2.FileSystemLoader(str(d / "templates")) for d in dirs),
        jinja2.PrefixLoader({"default": default}, delimiter=":"),
    ])
    env = jinja2.Environment(loader=loader, autoescape=jinja2.select_autoescape(["html", "xml"]),
                             undefined=jinja2.StrictUndefined, trim_blocks=True,
                             lstrip_blocks=True, keep_trailing_newline=True,
                             bytecode_cache=_bytecode_cache(compiled))
    env.filters["tag_slug"] = lambda tag: slugify(str(tag), "tag")
    env.globals["hides_characters"] = hides_characters
    env.filters["isolated"] = isolated
    env.filters["differences_text"] = differences_text
    env.finalize = shown_text
    if not checked:
        _refuse_loops(env, dirs)
    return env


# control characters HTML and XML cannot hold (tab, newline and return they can)
CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def shown_text(value: object) -> object:
    """Every value a template writes: text from the data with a control character (a BEL in
    a name) shows U+FFFD in its place, visibly (a page or feed cannot hold one); markup the
    build made, and anything not text, as it is."""
    if type(value) is str and CONTROLS.search(value):
        return CONTROLS.sub("\ufffd", value)
    return value


def render_template(env: jinja2.Environment, name: str, context: dict) -> str:
    """A template rendered; any failure of its own (a syntax error, an undefined name, an
    expression that fails: ``{{ 1 // 0 }}``) a ``SitegenError`` located in the theme."""
    try:
        return env.get_template(name).render(context)
    except SitegenError:
        raise
    except Exception as exc:  # noqa: BLE001 - whatever a template's expression raises
        raise SitegenError(template_problem(exc, name)) from None


def template_problem(exc: Exception, template: str) -> Problem:
    """A template's error, located: the file and line of the template where it happened (a
    syntax error says them; an error while rendering, the frames Jinja gives the template's
    lines), else the template's name."""
    file, line = getattr(exc, "filename", None), getattr(exc, "lineno", None)
    if not line:
        for frame, number in traceback.walk_tb(exc.__traceback__):
            name = frame.f_code.co_filename
            if name.endswith((".html", ".xml")) and os.path.isfile(name):
                file, line = name, number  # the innermost template frame wins
    import jinja2  # here: the check that nothing changed needs only the folders

    message = getattr(exc, "message", None) or str(exc)
    if not isinstance(exc, jinja2.TemplateError):
        message = f"{type(exc).__name__}: {message}"
    return Problem(f"theme template error: {message}", file or template, line)


def _bytecode_cache(folder: Path | None) -> jinja2.BytecodeCache | None:
    import jinja2

    if folder is None:
        return None
    folder.mkdir(parents=True, exist_ok=True)
    return jinja2.FileSystemBytecodeCache(str(folder))


def _refuse_loops(env: jinja2.Environment, dirs: list[Path]) -> None:
    """A template that extends, includes or imports itself (directly or through others)
    would recurse until Python gives up: refuse it, naming the chain. A template that is
    not UTF-8 text (``dirs``: the theme folders) is refused at its line."""
    import jinja2
    from jinja2 import meta

    uses: dict[str, set[str]] = {}
    for name in env.list_templates():
        try:
            source = env.loader.get_source(env, name)[0]
            uses[name] = set(meta.find_referenced_templates(env.parse(source))) - {None}
        except jinja2.TemplateError:
            uses[name] = set()  # a syntax error is reported where the template is used
        except UnicodeDecodeError:
            path = next(f for d in dirs if (f := d / "templates" / name).is_file())
            utf8_text(path.read_bytes(), path, ConfigError)
            raise
    for start in sorted(uses):
        chain = _loop_from(start, uses, [start])
        if chain:
            raise ConfigError(Problem(
                f"theme template loop: {' -> '.join(chain)}", start,
                hint="a template may not extend, include or import itself; a project "
                     "template extends the default one as \"default:NAME\""))


def _loop_from(name: str, uses: dict[str, set[str]], chain: list[str]) -> list[str] | None:
    for used in sorted(uses.get(name, ())):
        if used == chain[0]:
            return [*chain, used]
        if used not in chain and len(chain) < 50:
            found = _loop_from(used, uses, [*chain, used])
            if found:
                return found
    return None


def static_files(config: Config) -> dict[str, Path]:
    """Relative path -> file for every static file, the project's theme winning."""
    files: dict[str, Path] = {}
    for folder in reversed(theme_dirs(config)):
        static = folder / "static"
        if static.is_dir():
            for path in sorted(static.rglob("*")):
                if path.is_file():
                    files[path.relative_to(static).as_posix()] = path
    return files


def theme_fingerprint(config: Config) -> str:
    """A hash of every template and static file in use, and of sitegen's and plotly's
    versions: anything that changes how a page looks changes it."""
    from importlib.metadata import version

    digest = hashlib.sha256(f"{sitegen.__version__}|{version('plotly')}".encode())
    for folder in theme_dirs(config):
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                # each file as its name and its bytes' hash: a NUL in an image's bytes
                # cannot make two sets of files hash alike
                digest.update(json.dumps([path.relative_to(folder).as_posix(), hashlib.sha256(
                    path.read_bytes()).hexdigest()]).encode() + b"\n")
    return digest.hexdigest()

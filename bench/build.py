"""Benchmark ``sitegen build`` against Hugo, Pelican and MkDocs on the same generated posts.

Generates, from one seed, N posts of about 600 words (headings, lists, links, now and then
a code block; a few embed a chart, a figure or an account card) and, with
``scripts/generate_network.py``, a network of M accounts (10 follows and 5 interactions per
account, two monthly snapshots) into a scratch project under ``bench/out/`` with its own
``sitegen.yml``. Then it times, each as a fresh process, with wall time, CPU time and peak
RSS of the child (``os.wait4``):

1. a full ``sitegen build`` from a clean state (no ``output/``, no ``.sitegen-cache/``, no
   spare site ``.sitegen-build-output-spare``);
2. a rebuild after one sentence was appended to one post;
3. a rebuild with nothing changed;
4. inside ``sitegen serve``: its own rebuild function (``sitegen.serve.rebuild``) driven in
   one long-lived process, as the server calls it: one first build, then a rebuild after one
   post changed (``repeat`` times) and one with nothing changed, each timed by the server's
   own "built in" report (wall time) and by the CPU time of the process and its workers;
5. the cold build in its two parts, each alone: ``sitegen build`` of the same posts (embeds
   removed) with a network of three accounts, and the bare DuckDB floor of
   ``bench/analysis.py`` on the network's snapshots, all at once (its query and CSV: no
   checks, no pages); the report then says what the network adds to the cold build against
   that floor, and what the target "cold build <= Pelican's" would leave it;
6. ``hugo`` on the same posts (plain Markdown, embeds removed; minimal layouts with the
   same pagination, tag pages and an RSS feed) when it is on the PATH (Debian's ``hugo``
   package; skipped with a message otherwise: the benchmark does not install it);
7. ``pelican content -o out -s pelicanconf.py`` and ``mkdocs build -q`` on the same posts,
   installed for the benchmark only into ``bench/out/venv-others`` (skipped with a message
   when that installation fails).

Each is run ``--repeat`` times (3 by default) and the median is shown, with the ratios of
sitegen's cold build to Hugo's and Pelican's, and each target of issue 14 with whether it is
met. sitegen runs from this repository's checkout (``PYTHONPATH``), whatever is installed.

Usage::

    python bench/build.py --posts 1000 --accounts 100000 --seed 1 [--repeat 3] [--skip-others]

The network is generated once per (accounts, seed) and reused by later runs; posts are
written afresh each run. Results are printed as a table and saved as ``results.json`` in
the scratch project.
"""

from __future__ import annotations

import argparse
import compileall
import hashlib
import json
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "bench" / "out"
GENERATOR = REPO / "scripts" / "generate_network.py"
OTHERS_VENV = OUT / "venv-others"
OTHERS_PACKAGES = ("pelican", "markdown", "mkdocs")
# the sitegen of this checkout, whatever is installed (an editable install may point elsewhere)
# as a user runs it: bytecode written once and reused (a machine that sets
# PYTHONDONTWRITEBYTECODE would compile sitegen's modules again in every process)
SITEGEN_ENV = {**{k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"},
               "PYTHONPATH": os.pathsep.join(
                   [str(REPO), *filter(None, [os.environ.get("PYTHONPATH")])])}

FOLLOWS_PER_ACCOUNT = 10
INTERACTIONS_PER_ACCOUNT = 5
SNAPSHOTS = 2
WORDS_PER_POST = 600

# The same shortcode syntax as sitegen.content.SHORTCODE (kept here so that the benchmark
# does not import the package it measures).
SHORTCODE = re.compile(r"\[\[\s*(chart|account|figure)\s*:[^\]]*\]\]")

# --------------------------------------------------------------------------- words


def words_of(text: str) -> tuple[str, ...]:
    return tuple(text.split())


WORDS = words_of("""
able about above account across action active actually after again against almost alone
along already also always among amount analysis answer anyone appear approach area argue
around article attention audience author average away balance base basic become before
begin behind believe below better between beyond big bit board body book both break bring
broad build busy call calm camera card care carry case cause center chance change chart
check choice circle city claim class clear close cloud common community compare complete
concern consider context continue control conversation count country course cover create
current cycle daily data date deal decide deep degree depend describe detail develop
different direct discuss distance draw during early easy edge effect effort either
else empty end enough entire even evening event every evidence exact example expect
explain face fact fair fall family far fast feature feed feel few field figure file fill
final find first fit focus follow form forward free friend front full future gain gather
general give glance goal good graph great ground group grow guess habit half hand happen
hard head hear heavy help high hold home hope hour however idea image imagine important
include increase indeed inside instead interest issue item join keep kind know large last
late later lead learn least leave less level light likely line link list listen little
local long look loud main major make many map mark matter mean measure meet member middle
might mind minute miss model moment month more morning most move much name narrow near
need network never news next night noise normal note notice number observe offer often
open order other outside own page pair part pass past pattern people perhaps period person
picture piece place plain plan point popular post power practice present pretty probably
problem process public pull purpose push question quick quiet quite rate rather reach read
ready real reason receive recent record reflect region remain remember reply report rest
result return reveal right rise round rule sample scale scene season second section see
seem send sense series serve set share short show side signal similar simple since single
size slow small social some sort sound source space speak special spend spread stage stand
start state stay step still story strong study subject such suggest summer support sure
surface system table take talk task team tell tend term test than thread through time
today together topic total touch toward track trend true trust turn type under until usual
value various view voice wait walk watch wave week weight whole wide window winter within
without word work world write year yet young zone
""")
SMALL_WORDS = words_of("a the of to and in on for with by as at from or that this it is was")
TAGS = words_of("""
analysis audience bots broadcasters community data design dormant engagement feeds
followers growth interactions method metrics network news notes open-data privacy
reciprocity replies report research snapshots trends updates visualisation weekly
""")
CHARTS = (
    "class-mix",
    "followers-following",
    "reciprocity-distribution",
    "ways-of-use",
    "class-mix-over-time",
)
FIGURES = ("reciprocity", "rho", "density", "accounts", "follows", "interactions")
BUYER = "growthhacker"  # planted by generate_network.py when there are two snapshots


class Writer:
    """Seeded text: sentences, paragraphs and Markdown blocks of lorem-like English."""

    def __init__(self, rng: random.Random):
        self.rng = rng

    def word(self) -> str:
        return self.rng.choice(SMALL_WORDS if self.rng.random() < 0.3 else WORDS)

    def words(self, low: int, high: int) -> list[str]:
        return [self.word() for _ in range(self.rng.randint(low, high))]

    def sentence(self, links: bool = True) -> str:
        words = self.words(7, 19)
        if links and self.rng.random() < 0.12:
            i = self.rng.randrange(len(words))
            path = "/".join(self.rng.choice(WORDS) for _ in range(2))
            words[i] = f"[{words[i]}](https://example.org/{path}/)"
        elif self.rng.random() < 0.10:
            i = self.rng.randrange(len(words))
            words[i] = self.rng.choice(("*{}*", "**{}**", "`{}`")).format(words[i])
        if self.rng.random() < 0.2:
            words.insert(self.rng.randrange(1, len(words)), ",")
        text = " ".join(words).replace(" ,", ",")
        return text[0].upper() + text[1:] + self.rng.choice(".....?!")

    def paragraph(self) -> str:
        return " ".join(self.sentence() for _ in range(self.rng.randint(2, 5)))

    def title(self) -> str:
        words = [self.rng.choice(WORDS) for _ in range(self.rng.randint(3, 7))]
        return " ".join(words).capitalize()

    def bullet_list(self) -> str:
        ordered = self.rng.random() < 0.35
        items = []
        for i in range(self.rng.randint(3, 6)):
            marker = f"{i + 1}." if ordered else "-"
            items.append(f"{marker} {' '.join(self.words(3, 10)).capitalize()}")
        return "\n".join(items)

    def code_block(self) -> str:
        names = [self.rng.choice(WORDS) for _ in range(4)]
        lines = [
            f"def {names[0]}_{names[1]}({names[2]}, {names[3]}=10):",
            f'    """{" ".join(self.words(4, 8)).capitalize()}."""',
            f"    total = sum(len(x) for x in {names[2]})",
            f"    return total / max({names[3]}, 1)",
        ]
        return "```python\n" + "\n".join(lines) + "\n```"

    def quote(self) -> str:
        return "> " + self.sentence(links=False)


@dataclass(frozen=True)
class GeneratedPost:
    name: str  # file stem: YYYY-MM-DD-slug
    slug: str
    title: str
    day: date
    tags: tuple[str, ...]
    summary: str
    body: str  # Markdown, possibly with sitegen embeds on lines of their own

    def plain_body(self) -> str:
        """The body without embed lines, for Pelican and MkDocs."""
        lines = [ln for ln in self.body.splitlines() if not SHORTCODE.search(ln)]
        return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + "\n"

    def sitegen_text(self) -> str:
        tags = ", ".join(self.tags)
        return (
            f"---\ntitle: {json.dumps(self.title)}\ndate: {self.day.isoformat()}\n"
            f"tags: [{tags}]\nsummary: {json.dumps(self.summary)}\ndraft: false\n---\n"
            f"{self.body}"
        )

    def sitegen_plain_text(self) -> str:
        """As ``sitegen_text``, without the embeds (for the build of the posts alone)."""
        return self.sitegen_text().replace(self.body, self.plain_body())

    def pelican_text(self) -> str:
        return (
            f"Title: {self.title}\nDate: {self.day.isoformat()}\nTags: "
            f"{', '.join(self.tags)}\nSlug: {self.slug}\nSummary: {self.summary}\n\n"
            f"{self.plain_body()}"
        )

    def mkdocs_text(self) -> str:
        return f"# {self.title}\n\n{self.plain_body()}"


def embed_line(rng: random.Random) -> str:
    kind = rng.choices(("chart", "figure", "account"), weights=(5, 4, 1))[0]
    if kind == "chart":
        return f"[[chart:{rng.choice(CHARTS)}]]"
    if kind == "figure":
        name = rng.choice(FIGURES)
        return f"In the latest snapshot the network's {name} is [[figure:{name}]]."
    return f"[[account:{BUYER}]]"


def make_posts(count: int, seed: int, embed_share: float = 0.05) -> list[GeneratedPost]:
    """``count`` posts of about 600 words each, the same for the same seed."""
    rng = random.Random(f"bench-posts-{seed}")
    write = Writer(rng)
    day = date(2018, 1, 1)
    posts = []
    for number in range(1, count + 1):
        day += timedelta(days=rng.choice((0, 1, 1, 2, 3)))
        title = write.title()
        slug = f"{number:05d}-" + "-".join(title.lower().split()[:4])
        target = rng.randint(WORDS_PER_POST - 60, WORDS_PER_POST + 60)
        blocks = [write.paragraph()]
        embeds = rng.randint(1, 3) if rng.random() < embed_share else 0
        words = len(blocks[0].split())
        while words < target:
            roll = rng.random()
            if roll < 0.12:
                block = f"## {write.title()}"
            elif roll < 0.22:
                block = write.bullet_list()
            elif roll < 0.26:
                block = write.code_block()
            elif roll < 0.30:
                block = write.quote()
            elif roll < 0.32:
                block = (
                    f"Thanks to @{BUYER} for the question."
                    if rng.random() < 0.3
                    else write.paragraph()
                )
            else:
                block = write.paragraph()
            blocks.append(block)
            words += len(block.split())
        for _ in range(embeds):
            blocks.insert(rng.randint(1, len(blocks)), embed_line(rng))
        tags = tuple(sorted(rng.sample(TAGS, rng.randint(1, 4))))
        summary = write.sentence(links=False).replace("`", "").replace("*", "")
        posts.append(
            GeneratedPost(
                f"{day.isoformat()}-{slug}",
                slug,
                title,
                day,
                tags,
                summary,
                "\n\n".join(blocks) + "\n",
            )
        )
    return posts


# --------------------------------------------------------------------------- projects


def write_sitegen_project(root: Path, posts: list[GeneratedPost], plain: bool = False) -> None:
    (root / "content" / "pages").mkdir(parents=True, exist_ok=True)
    folder = root / "content" / "posts"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for post in posts:
        text = post.sitegen_plain_text() if plain else post.sitegen_text()
        (folder / f"{post.name}.md").write_text(text, "utf-8")
    (root / "content" / "pages" / "about.md").write_text(
        "---\ntitle: About\n---\nA generated project for `bench/build.py`.\n", "utf-8"
    )
    (root / "sitegen.yml").write_text(
        "# Written by bench/build.py\n"
        "site:\n"
        '  title: "sitegen benchmark"\n'
        '  url: "https://example.org/bench/"\n'
        '  description: "Generated posts and a generated network."\n'
        '  author: "bench"\n'
        "analysis:\n"
        "  unknown_accounts: error\n",
        "utf-8",
    )


def write_pelican_project(root: Path, posts: list[GeneratedPost]) -> None:
    shutil.rmtree(root, ignore_errors=True)
    (root / "content").mkdir(parents=True)
    for post in posts:
        (root / "content" / f"{post.name}.md").write_text(post.pelican_text(), "utf-8")
    (root / "pelicanconf.py").write_text(
        "# Written by bench/build.py: Pelican's defaults, paginated like sitegen.\n"
        "AUTHOR = 'bench'\nSITENAME = 'Pelican benchmark'\nSITEURL = 'https://example.org/bench'\n"
        "PATH = 'content'\nTIMEZONE = 'UTC'\nDEFAULT_LANG = 'en'\n"
        "DEFAULT_PAGINATION = 10\n",
        "utf-8",
    )


def write_mkdocs_project(root: Path, posts: list[GeneratedPost]) -> None:
    shutil.rmtree(root, ignore_errors=True)
    (root / "docs").mkdir(parents=True)
    for post in posts:
        (root / "docs" / f"{post.name}.md").write_text(post.mkdocs_text(), "utf-8")
    (root / "docs" / "index.md").write_text("# MkDocs benchmark\n\nGenerated posts.\n", "utf-8")
    (root / "mkdocs.yml").write_text(
        "# Written by bench/build.py\nsite_name: MkDocs benchmark\ntheme:\n  name: mkdocs\n",
        "utf-8",
    )


HUGO_LAYOUTS = {
    "_default/baseof.html": (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        "<title>{{ .Title }} | {{ .Site.Title }}</title></head><body>\n"
        '<nav><a href="{{ "/" | relURL }}">Home</a> <a href="{{ "/posts/" | relURL }}">Posts</a>'
        ' <a href="{{ "/tags/" | relURL }}">Tags</a></nav>\n'
        '<main>{{ block "main" . }}{{ end }}</main></body></html>\n'
    ),
    "_default/single.html": (
        '{{ define "main" }}<article><h1>{{ .Title }}</h1><p>{{ .Date.Format "2006-01-02" }}'
        '{{ range .Params.tags }} <a href="{{ "/tags/" | relURL }}{{ . | urlize }}/">{{ . }}</a>'
        "{{ end }}</p>{{ .Content }}</article>\n"
        '{{ with .NextInSection }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}'
        '{{ with .PrevInSection }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}'
        "{{ end }}\n"
    ),
    "_default/list.html": (
        '{{ define "main" }}<h1>{{ .Title }}</h1>{{ $pager := .Paginate .Pages }}'
        '{{ range $pager.Pages }}<article><h2><a href="{{ .RelPermalink }}">{{ .Title }}</a>'
        "</h2><p>{{ .Summary }}</p></article>{{ end }}"
        '{{ template "_internal/pagination.html" . }}{{ end }}\n'
    ),
    "_default/terms.html": (
        '{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Data.Terms.ByCount }}'
        '<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> ({{ .Count }})</li>'
        "{{ end }}</ul>{{ end }}\n"
    ),
    "index.html": (
        '{{ define "main" }}<h1>{{ .Site.Title }}</h1>'
        '{{ range first 10 (where .Site.RegularPages "Section" "posts") }}'
        '<article><h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2>'
        "<p>{{ .Summary }}</p></article>{{ end }}{{ end }}\n"
    ),
}


def write_hugo_project(root: Path, posts: list[GeneratedPost]) -> None:
    """The same posts for Hugo: YAML front matter, plain Markdown, minimal layouts paginated
    like sitegen (10 a page), tag pages and Hugo's own RSS feeds."""
    shutil.rmtree(root, ignore_errors=True)
    folder = root / "content" / "posts"
    folder.mkdir(parents=True)
    for post in posts:
        front = (
            f"---\ntitle: {json.dumps(post.title)}\ndate: {post.day.isoformat()}\n"
            f"tags: [{', '.join(post.tags)}]\nslug: {post.slug}\n"
            f"summary: {json.dumps(post.summary)}\n---\n"
        )
        (folder / f"{post.name}.md").write_text(front + post.plain_body(), "utf-8")
    for name, text in HUGO_LAYOUTS.items():
        (root / "layouts" / name).parent.mkdir(parents=True, exist_ok=True)
        (root / "layouts" / name).write_text(text, "utf-8")
    (root / "config.toml").write_text(
        "# Written by bench/build.py\n"
        'baseURL = "https://example.org/bench/"\ntitle = "Hugo benchmark"\n'
        'languageCode = "en"\npaginate = 10\n[taxonomies]\ntag = "tags"\n',
        "utf-8",
    )


def ensure_network(root: Path, accounts: int, seed: int) -> float | None:
    """Generate the snapshots unless the same ones are there; return seconds spent."""
    target = root / "content" / "snapshots"
    spec = {
        "accounts": accounts,
        "follows": accounts * FOLLOWS_PER_ACCOUNT,
        "interactions": accounts * INTERACTIONS_PER_ACCOUNT,
        "snapshots": SNAPSHOTS,
        "seed": seed,
        "generator": hashlib.sha256(GENERATOR.read_bytes()).hexdigest(),
    }
    stamp = root / "network.json"
    if stamp.is_file() and target.is_dir() and json.loads(stamp.read_text()) == spec:
        return None
    shutil.rmtree(target, ignore_errors=True)
    stamp.unlink(missing_ok=True)
    started = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            str(GENERATOR),
            "--accounts",
            str(accounts),
            "--follows",
            str(spec["follows"]),
            "--interactions",
            str(spec["interactions"]),
            "--snapshots",
            str(SNAPSHOTS),
            "--seed",
            str(seed),
            "--out",
            str(target),
            "--quiet",
        ],
        check=True,
    )
    stamp.write_text(json.dumps(spec, indent=1), "utf-8")
    return time.perf_counter() - started


# --------------------------------------------------------------------------- measuring


@dataclass
class Run:
    tool: str
    case: str
    posts: int
    accounts: int
    seconds: float | None  # median wall time; None: failed
    cpu_seconds: float | None  # median user + system time
    peak_mib: float | None
    html_files: int | None = None
    note: str = ""


def measure(argv: list[str], cwd: Path, log: Path, env: dict | None = None
            ) -> tuple[float, float, float, int]:
    """Run ``argv`` as a child; return (wall seconds, CPU seconds, peak RSS in MiB, exit code).

    CPU is user + system time of the child and the children it waited for: less disturbed
    than wall time by other processes on a busy machine (and above it when threads overlap).
    """
    with log.open("wb") as out:
        started = time.perf_counter()
        child = subprocess.Popen(
            argv, cwd=cwd, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            env=env,
        )
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)  # already reaped by wait4
    cpu = usage.ru_utime + usage.ru_stime
    return seconds, cpu, usage.ru_maxrss / 1024, child.returncode  # ru_maxrss: KiB on Linux


def count_html(folder: Path) -> int:
    return sum(1 for _ in folder.rglob("*.html")) if folder.is_dir() else 0


def tail(path: Path, lines: int = 15) -> str:
    return "\n".join(path.read_text("utf-8", "replace").splitlines()[-lines:])


def timed(
    tool: str,
    case: str,
    argv: list[str],
    cwd: Path,
    site: Path,
    repeat: int,
    sizes: tuple[int, int],
    before=None,
    check=None,
    env: dict | None = None,
) -> Run:
    """Median wall and CPU time, largest peak RSS over ``repeat`` runs (``before`` first)."""
    times, cpus, peaks = [], [], []
    log = cwd / f"{tool}-{case.replace(' ', '-')}.log"
    for attempt in range(repeat):
        if before:
            before(attempt)
        seconds, cpu, peak, code = measure(argv, cwd, log, env)
        if code != 0:
            print(
                f"  {tool} {case}: exit code {code}; last lines of {log}:\n{tail(log)}",
                file=sys.stderr,
            )
            return Run(tool, case, *sizes, None, None, None, note=f"failed (exit {code})")
        problem = check(attempt) if check else None
        if problem:
            print(f"  {tool} {case}: {problem}", file=sys.stderr)
            return Run(tool, case, *sizes, None, None, None, note=problem)
        times.append(seconds)
        cpus.append(cpu)
        peaks.append(peak)
        print(f"  {tool} {case}: {seconds:.2f} s, CPU {cpu:.2f} s, {peak:.0f} MiB", file=sys.stderr)
    median = statistics.median
    return Run(tool, case, *sizes, median(times), median(cpus), max(peaks), count_html(site))


def bench_sitegen(
    root: Path, posts: list[GeneratedPost], accounts: int, repeat: int, seed: int
) -> list[Run]:
    argv = [
        sys.executable,
        "-m",
        "sitegen",
        "build",
        "--config",
        str(root / "sitegen.yml"),
        "--quiet",
    ]
    output = root / "output"
    sizes = (len(posts), accounts)

    def clean(_attempt: int) -> None:
        # the spare site beside output/ too: a build would take unchanged pages from it
        for folder in (output, root / ".sitegen-cache", *root.glob(".sitegen-build-output-*")):
            shutil.rmtree(folder, ignore_errors=True)

    touched = posts[random.Random(f"bench-touch-{seed}").randrange(len(posts))]
    touched_file = root / "content" / "posts" / f"{touched.name}.md"
    marker = {}

    def touch(attempt: int) -> None:
        marker["word"] = f"benchedit{attempt}z{time.time_ns()}"
        with touched_file.open("a", encoding="utf-8") as handle:
            handle.write(f"\nOne more sentence, {marker['word']}, added by the benchmark.\n")

    def changed_page_has_edit(_attempt: int) -> str | None:
        page = output / "posts" / touched.slug / "index.html"
        if not page.is_file():
            return f"{page} was not written"
        if marker["word"] not in page.read_text("utf-8"):
            return f"the edit to {touched_file.name} is missing from {page}"
        return None

    def nothing_written(_attempt: int) -> str | None:
        now = file_times(output)
        changed = sorted(k for k in now if marker["times"].get(k) != now[k])
        marker["times"] = now
        return f"wrote {len(changed)} file(s), e.g. {changed[:3]}" if changed else None

    def remember_times(_attempt: int) -> None:
        marker.setdefault("times", file_times(output))

    same = dict(env=SITEGEN_ENV)
    return [
        timed("sitegen", "full build", argv, root, output, repeat, sizes, before=clean, **same),
        timed(
            "sitegen",
            "one post changed",
            argv,
            root,
            output,
            repeat,
            sizes,
            before=touch,
            check=changed_page_has_edit,
            **same,
        ),
        timed(
            "sitegen",
            "nothing changed",
            argv,
            root,
            output,
            repeat,
            sizes,
            before=remember_times,
            check=nothing_written,
            **same,
        ),
        *bench_serve(root, touched, touched_file, repeat, sizes),
    ]


# A network of three accounts: sitegen builds nothing without a snapshot
TINY_SNAPSHOT = {
    "snapshot.yml": "taken: 2024-01-31\n",
    "accounts.csv": "id,handle\n1,ada\n2,bo\n3,cy\n",
    "follows.csv": "follower,followed\n1,2\n2,1\n3,1\n",
}
FLOOR = REPO / "bench" / "analysis.py"
# the floor's query on each snapshot, all at once (as the build analyses them: two at a time)
FLOOR_AT_ONCE = """
import os, subprocess, sys
floor, out, *snapshots = sys.argv[1:]
workers = [subprocess.Popen([sys.executable, floor, "--floor-worker", s,
                             os.path.join(out, os.path.basename(s) + ".csv")],
                            stdout=subprocess.DEVNULL) for s in snapshots]
sys.exit(max(w.wait() for w in workers))
"""


def bench_parts(root: Path, posts: list[GeneratedPost], accounts: int, repeat: int
                ) -> list[Run]:
    """The cold build's two parts, each alone: sitegen on the same posts (embeds removed)
    with a network of three accounts, and the bare DuckDB floor of ``bench/analysis.py`` on
    the network's snapshots (its query and CSV, no checks, no pages): what the network adds
    can cost no less than the floor."""
    alone = OUT / f"sitegen-posts-p{len(posts)}"
    write_sitegen_project(alone, posts, plain=True)
    tiny = alone / "content" / "snapshots" / "2024-01"
    tiny.mkdir(parents=True, exist_ok=True)
    for name, text in TINY_SNAPSHOT.items():
        (tiny / name).write_text(text, "utf-8")

    def clean(_attempt: int) -> None:
        for folder in (alone / "output", alone / ".sitegen-cache",
                       *alone.glob(".sitegen-build-output-*")):
            shutil.rmtree(folder, ignore_errors=True)

    build = [sys.executable, "-m", "sitegen", "build", "--config", str(alone / "sitegen.yml"),
             "--quiet"]
    scratch = OUT / "floor-at-once"
    scratch.mkdir(parents=True, exist_ok=True)
    snapshots = sorted(str(s) for s in (root / "content" / "snapshots").iterdir() if s.is_dir())
    floor = [sys.executable, "-c", FLOOR_AT_ONCE, str(FLOOR), str(scratch), *snapshots]
    return [
        timed("sitegen", "posts alone", build, alone, alone / "output", repeat,
              (len(posts), 3), before=clean, env=SITEGEN_ENV),
        timed("duckdb floor", "network alone", floor, scratch, scratch, repeat, (0, accounts)),
    ]


def file_times(folder: Path) -> dict[str, int]:
    return {p.relative_to(folder).as_posix(): p.stat().st_mtime_ns for p in folder.rglob("*")
            if p.is_file()}


# drives sitegen serve's own rebuild function in one process, as the server does
SERVE_SCRIPT = """
import json, sys, time
from pathlib import Path
from sitegen.serve import PreviewState, preview_folder, rebuild
config, post, slug, repeat = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3], int(sys.argv[4])
times, cpus, problems = [], [], []
def report(message, failed):
    if failed:
        problems.append(message)
    elif message.startswith("built in "):
        times.append(float(message.split()[2]))
def timed_rebuild(state):
    # CPU time of this process and of the worker processes it waited for
    def cpu():
        own, children = time.process_time(), os.times()
        return own + children.children_user + children.children_system
    started = cpu()
    rebuild(config, state, 8000, False, report)
    cpus.append(cpu() - started)
import os
with preview_folder() as folder:
    state = PreviewState(folder / "site")
    timed_rebuild(state)
    for attempt in range(repeat):
        word = f"serveedit{attempt}"
        with post.open("a", encoding="utf-8") as handle:
            handle.write(f"\\nOne more sentence, {word}, added in serve.\\n")
        timed_rebuild(state)
        page = state.folder / "posts" / slug / "index.html"
        if word not in page.read_text("utf-8"):
            problems.append(f"the edit is missing from {page}")
    timed_rebuild(state)
    state.session.close()
print(json.dumps({"times": times, "cpus": cpus, "problems": problems}))
"""


def bench_serve(
    root: Path, touched: GeneratedPost, touched_file: Path, repeat: int, sizes: tuple[int, int]
) -> list[Run]:
    """sitegen serve's rebuilds, timed by the server's own report, in one process."""
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            SERVE_SCRIPT,
            str(root / "sitegen.yml"),
            str(touched_file),
            touched.slug,
            str(repeat),
        ],
        cwd=root,
        env=SITEGEN_ENV,
        capture_output=True,
        text=True,
    )
    try:
        found = json.loads(done.stdout.strip().splitlines()[-1])
    except (IndexError, ValueError):
        found = {"times": [], "problems": [f"exit {done.returncode}: {done.stderr[-400:]}"]}
    times, cpus, problems = found["times"], found.get("cpus", []), found["problems"]
    if problems or len(times) != repeat + 2:
        note = (problems or ["missing timings"])[0]
        print(f"  sitegen serve: {note}", file=sys.stderr)
        return [Run("sitegen serve", "one post changed", *sizes, None, None, None, note=note)]
    print(f"  sitegen serve: rebuilds {', '.join(f'{t:.2f}' for t in times)} s, CPU "
          f"{', '.join(f'{t:.2f}' for t in cpus)} s", file=sys.stderr)
    median = statistics.median
    cpus = cpus if len(cpus) == len(times) else [None] * len(times)
    return [
        Run("sitegen serve", "first build", *sizes, times[0], cpus[0], None),
        Run("sitegen serve", "one post changed", *sizes, median(times[1:-1]),
            median(cpus[1:-1]) if cpus[1] is not None else None, None),
        Run("sitegen serve", "nothing changed", *sizes, times[-1], cpus[-1], None),
    ]


def bench_hugo(posts: list[GeneratedPost], repeat: int) -> tuple[list[Run], str, dict]:
    """Hugo on the same posts, when it is installed (never installed from here)."""
    hugo = shutil.which("hugo")
    if hugo is None:
        return [], "hugo is not on the PATH (Debian: apt-get install hugo)", {}
    root = OUT / "hugo"
    write_hugo_project(root, posts)

    def clean(_attempt: int) -> None:
        for folder in ("out", "resources", ".hugo_build.lock"):
            path = root / folder
            shutil.rmtree(path, ignore_errors=True) if path.is_dir() else path.unlink(
                missing_ok=True
            )

    run = timed(
        "hugo",
        "full build",
        [hugo, "--quiet", "--destination", "out"],
        root,
        root / "out",
        repeat,
        (len(posts), 0),
        before=clean,
    )
    version = subprocess.run([hugo, "version"], capture_output=True, text=True).stdout.split()
    return [run], "", {"hugo": version[1] if len(version) > 1 else "?"}


def others_venv() -> Path | str:
    """The venv with Pelican and MkDocs, made on first use; a reason string on failure."""
    python = OTHERS_VENV / "bin" / "python"
    tools = [OTHERS_VENV / "bin" / name for name in ("pelican", "mkdocs")]
    if python.exists() and all(t.exists() for t in tools):
        return OTHERS_VENV
    print(f"installing {', '.join(OTHERS_PACKAGES)} into {OTHERS_VENV} ...", file=sys.stderr)
    try:
        subprocess.run(
            [sys.executable, "-m", "venv", "--clear", str(OTHERS_VENV)],
            check=True,
            capture_output=True,
            text=True,
        )
        subprocess.run(
            [str(python), "-m", "pip", "install", "-q", *OTHERS_PACKAGES],
            check=True,
            capture_output=True,
            text=True,
        )
    except (OSError, subprocess.CalledProcessError) as exc:
        detail = getattr(exc, "stderr", "") or str(exc)
        return f"could not install {', '.join(OTHERS_PACKAGES)}: {detail.strip()[-400:]}"
    return OTHERS_VENV


def versions(python: Path, packages: tuple[str, ...]) -> dict[str, str]:
    code = (
        "import importlib.metadata as m, json, sys; "
        "print(json.dumps({p: m.version(p) for p in sys.argv[1:]}))"
    )
    try:
        done = subprocess.run(
            [str(python), "-c", code, *packages], capture_output=True, text=True, check=True
        )
        return json.loads(done.stdout)
    except (OSError, subprocess.CalledProcessError, ValueError):
        return {}


def bench_others(posts: list[GeneratedPost], repeat: int) -> tuple[list[Run], str, dict]:
    venv = others_venv()
    if isinstance(venv, str):
        return [], venv, {}
    sizes = (len(posts), 0)
    pelican, mkdocs = OUT / "pelican", OUT / "mkdocs"
    python = str(venv / "bin" / "python")  # "-m": a moved venv's scripts name a gone python
    write_pelican_project(pelican, posts)
    write_mkdocs_project(mkdocs, posts)
    runs = [
        timed(
            "pelican",
            "full build",
            [python, "-m", "pelican", "content", "-o", "out", "-s", "pelicanconf.py"],
            pelican,
            pelican / "out",
            repeat,
            sizes,
            before=lambda _: shutil.rmtree(pelican / "out", ignore_errors=True),
        ),
        timed(
            "mkdocs",
            "full build",
            [python, "-m", "mkdocs", "build", "-q"],
            mkdocs,
            mkdocs / "site",
            repeat,
            sizes,
            before=lambda _: shutil.rmtree(mkdocs / "site", ignore_errors=True),
        ),
    ]
    return runs, "", versions(venv / "bin" / "python", OTHERS_PACKAGES)


# --------------------------------------------------------------------------- report


def table(runs: list[Run]) -> str:
    header = ("tool", "build", "posts", "accounts", "seconds", "CPU s", "peak MiB", "html files")
    rows = [header] + [
        (
            r.tool,
            r.case,
            f"{r.posts:,}",
            f"{r.accounts:,}" if r.accounts else "-",
            f"{r.seconds:.2f}" if r.seconds is not None else r.note,
            f"{r.cpu_seconds:.2f}" if r.cpu_seconds is not None else "-",
            f"{r.peak_mib:.0f}" if r.peak_mib is not None else "-",
            f"{r.html_files:,}" if r.html_files is not None else "-",
        )
        for r in runs
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    lines = []
    for n, row in enumerate(rows):
        cells = [c.ljust(w) if i < 2 else c.rjust(w) for i, (c, w) in enumerate(zip(row, widths))]
        lines.append("  ".join(cells).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def find(runs: list[Run], tool: str, case: str) -> Run | None:
    return next(
        (r for r in runs if r.tool == tool and r.case == case and r.seconds is not None), None
    )


def ratios(runs: list[Run]) -> list[str]:
    full = find(runs, "sitegen", "full build")
    lines = []
    for other in ("hugo", "pelican", "mkdocs"):
        theirs = find(runs, other, "full build")
        if full and theirs:
            lines.append(
                f"full build sitegen/{other}: {full.seconds / theirs.seconds:.2f} x wall time, "
                f"{full.cpu_seconds / theirs.cpu_seconds:.2f} x CPU time, "
                f"{full.peak_mib / theirs.peak_mib:.2f} x peak memory"
            )
    for tool, case in (
        ("sitegen", "one post changed"),
        ("sitegen", "nothing changed"),
        ("sitegen serve", "one post changed"),
    ):
        rebuild = find(runs, tool, case)
        if full and rebuild:
            lines.append(
                f"{tool} rebuild, {case}: {rebuild.seconds:.2f} s "
                f"({rebuild.seconds / full.seconds:.1%} of the full build)"
            )
    return lines


def targets(runs: list[Run]) -> list[str]:
    """Issue 14's targets for the build, each with its measure and whether it is met."""
    pelican = find(runs, "pelican", "full build")
    wanted = [
        ("cold build <= Pelican's", "sitegen", "full build", pelican.seconds if pelican else None),
        ("one post changed, new process <= 1.0 s", "sitegen", "one post changed", 1.0),
        ("one post changed, in sitegen serve <= 0.5 s", "sitegen serve", "one post changed", 0.5),
        ("nothing changed, new process <= 0.5 s", "sitegen", "nothing changed", 0.5),
    ]
    lines = []
    for text, tool, case, limit in wanted:
        run = find(runs, tool, case)
        if run is None or limit is None:
            lines.append(f"target {text}: not measured")
            continue
        verdict = "met" if run.seconds <= limit else "NOT met"
        cpu = "" if run.cpu_seconds is None else (
            f" (CPU {run.cpu_seconds:.2f} s: {'met' if run.cpu_seconds <= limit else 'NOT met'}"
            " by CPU time, which a busy machine disturbs less)")
        lines.append(f"target {text}: {run.seconds:.2f} s against {limit:.2f} s, {verdict}{cpu}")
    return lines


def split(runs: list[Run], cores: int) -> list[str]:
    """What the network adds to the cold build, against its floor and against what the
    target of "cold build <= Pelican's" leaves it."""
    full, alone = find(runs, "sitegen", "full build"), find(runs, "sitegen", "posts alone")
    floor, pelican = find(runs, "duckdb floor", "network alone"), find(runs, "pelican",
                                                                         "full build")
    if not (full and alone and floor):
        return []
    added, added_cpu = full.seconds - alone.seconds, full.cpu_seconds - alone.cpu_seconds
    lines = [f"cold build in parts: the posts alone {alone.seconds:.2f} s (CPU "
             f"{alone.cpu_seconds:.2f} s); the network adds {added:.2f} s (CPU {added_cpu:.2f} "
             f"s, {added_cpu / floor.cpu_seconds:.1f} x the CPU time of its bare DuckDB floor, "
             f"{floor.seconds:.2f} s and CPU {floor.cpu_seconds:.2f} s for its snapshots at "
             "once)"]
    if pelican:
        budget = cores * pelican.seconds - alone.cpu_seconds
        lines.append(
            f"cold build <= Pelican's leaves the network {pelican.seconds - alone.seconds:.2f} s"
            f" after the posts, or {budget:.2f} CPU s with every one of {cores} cores busy "
            f"throughout: {budget / floor.cpu_seconds:.1f} x its floor's CPU time, for its "
            "checks, analysis, downloads and pages")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, default=1000, help="posts to generate")
    parser.add_argument("--accounts", type=int, default=100_000, help="accounts in the network")
    parser.add_argument("--seed", type=int, default=1, help="random seed")
    parser.add_argument(
        "--repeat",
        type=int,
        default=3,
        help="runs of each build; the median time is shown (default 3)",
    )
    parser.add_argument(
        "--skip-others", action="store_true", help="do not build with Hugo, Pelican and MkDocs"
    )
    args = parser.parse_args(argv)
    if min(args.posts, args.accounts, args.repeat) < 1:
        parser.error("--posts, --accounts and --repeat must be at least 1")

    # sitegen's bytecode, as an installed package has it: with PYTHONDONTWRITEBYTECODE set, or
    # after an edit, every run would otherwise compile the changed modules again (0.06-0.08 s
    # of a one-post rebuild when none has its bytecode: not what a user's rebuild spends)
    compileall.compile_dir(REPO / "sitegen", quiet=1)
    load_before = os.getloadavg()[0]
    root = OUT / f"sitegen-p{args.posts}-a{args.accounts}-s{args.seed}"
    root.mkdir(parents=True, exist_ok=True)
    print(f"scratch project: {root}", file=sys.stderr)
    started = time.perf_counter()
    posts = make_posts(args.posts, args.seed)
    write_sitegen_project(root, posts)
    words = sum(len(p.body.split()) for p in posts) / len(posts)
    print(
        f"{len(posts):,} posts, {words:.0f} words on average, "
        f"{sum(bool(SHORTCODE.search(p.body)) for p in posts)} with embeds "
        f"({time.perf_counter() - started:.1f} s)",
        file=sys.stderr,
    )
    generated = ensure_network(root, args.accounts, args.seed)
    print(
        f"network of {args.accounts:,} accounts: "
        + (f"generated in {generated:.1f} s" if generated is not None else "reused"),
        file=sys.stderr,
    )

    runs = bench_sitegen(root, posts, args.accounts, args.repeat, args.seed)
    runs += bench_parts(root, posts, args.accounts, args.repeat)
    skipped, other_versions = "--skip-others given", {}
    hugo_skipped = "--skip-others given"
    if not args.skip_others:
        hugo_runs, hugo_skipped, hugo_version = bench_hugo(posts, args.repeat)
        others, skipped, other_versions = bench_others(posts, args.repeat)
        runs += hugo_runs + others
        other_versions = {**hugo_version, **other_versions}
    tool_versions = {**versions(Path(sys.executable), ("sitegen", "markdown")), **other_versions}

    print()
    print(table(runs))
    print()
    for line in ratios(runs) + targets(runs) + split(runs, os.cpu_count() or 1):
        print(line)
    if hugo_skipped:
        print(f"Hugo skipped: {hugo_skipped}")
    if skipped:
        print(f"Pelican and MkDocs skipped: {skipped}")
    print(
        f"python {platform.python_version()}, {os.cpu_count()} CPUs, load average "
        f"{load_before:.1f} before and {os.getloadavg()[0]:.1f} after the run; "
        + ", ".join(f"{k} {v}" for k, v in tool_versions.items())
    )
    (root / "results.json").write_text(
        json.dumps(
            {
                "posts": args.posts,
                "accounts": args.accounts,
                "seed": args.seed,
                "repeat": args.repeat,
                "load_average": [load_before, os.getloadavg()[0]],
                "versions": tool_versions,
                "others_skipped": skipped,
                "hugo_skipped": hugo_skipped,
                "runs": [asdict(r) for r in runs],
            },
            indent=1,
        ),
        "utf-8",
    )
    return 0 if all(r.seconds is not None for r in runs) else 1


if __name__ == "__main__":
    sys.exit(main())

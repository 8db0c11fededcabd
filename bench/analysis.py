"""Benchmark: ``sitegen analyze`` against NetworkX on seeded synthetic networks.

For each size (accounts:follows:interactions) the script generates one snapshot with
``scripts/generate_network.py`` (timed separately, not counted), then measures, each in a
subprocess of its own so that its peak memory is its own:

* sitegen: ``sitegen analyze SNAPSHOT --format csv --output FILE`` (load, validate, analyse,
  write the per-account table);
* networkx: read follows.csv into a DiGraph, ``overall_reciprocity`` and per-node
  ``reciprocity`` (the follow figures only, a fraction of what sitegen computes);
* the DuckDB floor: bare DuckDB on the same files, reading follows.csv and interactions.csv
  and writing a per-account CSV of follow and interaction degrees and reciprocity; no
  validation, no classes: what any DuckDB program must at least spend. sitegen's time is also
  printed as a multiple of it (issue 14's target: at most 3x at 10M follows): the two are
  run in turns, and the ratio is the median of each pair's (the machine's speed moves both
  runs of a pair alike).

Wall time comes from the clock, peak memory from the child's ``ru_maxrss`` (os.wait4).
The target: 1M accounts, 10M follows and 5M interactions in under 60 s and 4 GiB.

    python bench/analysis.py --sizes 100000:1000000:500000,1000000:10000000:5000000
"""

from __future__ import annotations

import argparse
import csv
import functools
import os
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GENERATOR = ROOT / "scripts" / "generate_network.py"
DEFAULT_SIZES = "10000:100000:50000,100000:1000000:500000,1000000:10000000:5000000"
TARGET = {"accounts": 1_000_000, "follows": 10_000_000, "seconds": 60.0, "mib": 4096.0}


@dataclass(frozen=True)
class Size:
    """One benchmark size: what the generator is asked for."""

    accounts: int
    follows: int
    interactions: int

    @classmethod
    def parse(cls, text: str) -> Size:
        accounts, follows, interactions = (int(part) for part in text.split(":"))
        return cls(accounts, follows, interactions)

    @property
    def label(self) -> str:
        return f"{short(self.accounts)}/{short(self.follows)}/{short(self.interactions)}"


@dataclass(frozen=True)
class Measurement:
    """Wall time and peak resident memory of one command run as a child process."""

    seconds: float
    peak_mib: float
    status: int
    output: str
    cpu_seconds: float = 0.0  # user + system: steadier than wall time on a busy machine


def short(n: int) -> str:
    """1000000 -> 1M, 50000 -> 50k."""
    for unit, size in (("M", 1_000_000), ("k", 1_000)):
        if n >= size and n % (size // 10) == 0:
            return f"{n / size:g}{unit}"
    return str(n)


def measure(command: list[str], log: Path | None = None) -> Measurement:
    """Run ``command``; return its wall time and peak RSS (MiB) from os.wait4's rusage."""
    started = time.perf_counter()
    with open(log or os.devnull, "w", encoding="utf-8") as sink:
        child = subprocess.Popen(command, stdout=sink, stderr=subprocess.STDOUT, cwd=ROOT)
        _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    output = log.read_text(encoding="utf-8", errors="replace") if log else ""
    return Measurement(seconds, usage.ru_maxrss / 1024, child.returncode, output,
                       usage.ru_utime + usage.ru_stime)


def best_of(runs: int, run) -> tuple[Measurement, str]:
    """Run a measurement ``runs`` times; the fastest run, and every time for the note."""
    return fastest([run() for _ in range(max(runs, 1))])


def fastest(results: list[Measurement]) -> tuple[Measurement, str]:
    """The fastest of some runs (one that failed only when all did), and every time."""
    best = min(results, key=lambda r: (r.status != 0, r.seconds))
    times = "/".join(f"{r.seconds:.1f}" for r in results)
    return best, (f"runs {times} s" if len(results) > 1 else "")


def alternating(runs: int, run, other) -> tuple[Measurement, str, Measurement, str, list[float]]:
    """``run`` and ``other`` taken in turns, ``runs`` times each: the fastest of each, their
    times, and the ratio of each pair's times (a machine whose speed drifts moves both runs
    of a pair alike, where runs taken one block after the other would each catch a part)."""
    pairs = [(run(), other()) for _ in range(max(runs, 1))]
    first, first_times = fastest([a for a, _ in pairs])
    second, second_times = fastest([b for _, b in pairs])
    ratios = [a.seconds / b.seconds for a, b in pairs if not a.status and not b.status]
    return first, first_times, second, second_times, ratios


def joined(*parts: str) -> str:
    return "; ".join(p for p in parts if p)


def generate(size: Size, seed: int, out: Path) -> tuple[Path, Measurement | None]:
    """Generate one snapshot for ``size`` (reused when already there); return its folder."""
    folder = out / f"{size.accounts}-{size.follows}-{size.interactions}-seed{seed}"
    snapshot = folder / "2024-01"
    done = folder / ".complete"
    if done.is_file():
        return snapshot, None
    command = [
        sys.executable,
        str(GENERATOR),
        "--accounts",
        str(size.accounts),
        "--follows",
        str(size.follows),
        "--interactions",
        str(size.interactions),
        "--snapshots",
        "1",
        "--seed",
        str(seed),
        "--out",
        str(folder),
    ]
    result = measure(command, folder.parent / f"{folder.name}.log")
    if result.status:
        raise SystemExit(f"generator failed:\n{result.output}")
    done.write_text("ok\n")
    return snapshot, result


def run_sitegen(snapshot: Path, out: Path) -> Measurement:
    """``sitegen analyze`` writing the per-account CSV table, in its own process."""
    target = out / f"{snapshot.parent.name}.accounts.csv"
    command = [
        sys.executable,
        "-m",
        "sitegen",
        "analyze",
        str(snapshot),
        "--format",
        "csv",
        "--output",
        str(target),
        "--quiet",
    ]
    return measure(command, out / f"{snapshot.parent.name}.sitegen.log")


def run_networkx(snapshot: Path, out: Path) -> Measurement:
    """The NetworkX reference, in its own process (this script's --networkx-worker mode)."""
    command = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--networkx-worker",
        str(snapshot / "follows.csv"),
    ]
    return measure(command, out / f"{snapshot.parent.name}.networkx.log")


def run_floor(snapshot: Path, out: Path) -> Measurement:
    """Bare DuckDB on the same files, in its own process (--floor-worker mode)."""
    target = out / f"{snapshot.parent.name}.floor.csv"
    command = [sys.executable, str(Path(__file__).resolve()), "--floor-worker", str(snapshot),
               str(target)]
    return measure(command, out / f"{snapshot.parent.name}.floor.log")


# per account: follows out, in and mutual, follow reciprocity; interaction partners and theirs
FLOOR_SQL = """
CREATE TABLE f AS SELECT follower AS s, followed AS d FROM read_csv($follows, header = true,
  columns = {'follower': 'VARCHAR', 'followed': 'VARCHAR', 'since': 'VARCHAR'});
CREATE TABLE i AS SELECT DISTINCT source AS s, target AS d FROM read_csv($interactions,
  header = true, all_varchar = true);
COPY (
  WITH fo AS (SELECT s AS k, count(*) AS n FROM f GROUP BY 1),
       fi AS (SELECT d AS k, count(*) AS n FROM f GROUP BY 1),
       fm AS (SELECT a.s AS k, count(*) AS n FROM f a JOIN f b ON a.s = b.d AND a.d = b.s
              GROUP BY 1),
       io AS (SELECT s AS k, count(*) AS n FROM i GROUP BY 1),
       ii AS (SELECT d AS k, count(*) AS n FROM i GROUP BY 1),
       im AS (SELECT a.s AS k, count(*) AS n FROM i a JOIN i b ON a.s = b.d AND a.d = b.s
              GROUP BY 1),
       ids AS (SELECT k FROM fo UNION SELECT k FROM fi UNION SELECT k FROM io
               UNION SELECT k FROM ii)
  SELECT k, fo.n AS following, fi.n AS followers,
    2.0 * coalesce(fm.n, 0) / nullif(coalesce(fo.n, 0) + coalesce(fi.n, 0), 0) AS follow_r,
    2.0 * coalesce(im.n, 0) / nullif(coalesce(io.n, 0) + coalesce(ii.n, 0), 0) AS inter_r
  FROM ids LEFT JOIN fo USING (k) LEFT JOIN fi USING (k) LEFT JOIN fm USING (k)
    LEFT JOIN io USING (k) LEFT JOIN ii USING (k) LEFT JOIN im USING (k)
) TO '{target}' (HEADER)
"""


def floor_worker(snapshot: Path, target: Path) -> None:
    import duckdb

    db = duckdb.connect()
    sql = FLOOR_SQL.replace("{target}", str(target).replace("'", "''"))
    params = {"follows": str(snapshot / "follows.csv"),
              "interactions": str(snapshot / "interactions.csv")}
    for statement in filter(str.strip, sql.split(";")):
        db.execute(statement, {k: v for k, v in params.items() if f"${k}" in statement})
    print("floor:", db.execute(f"SELECT count(*) FROM read_csv('{target}')").fetchone()[0])


def networkx_worker(follows: Path) -> None:
    """Load follows.csv into a DiGraph and compute overall and per-node reciprocity."""
    import networkx as nx

    graph = nx.DiGraph()
    with follows.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        next(reader)
        graph.add_edges_from((row[0], row[1]) for row in reader)
    overall = nx.overall_reciprocity(graph)
    per_node = nx.reciprocity(graph, graph.nodes)
    print(
        f"nodes {graph.number_of_nodes()} edges {graph.number_of_edges()} "
        f"overall_reciprocity {overall:.6f} per-node values {len(per_node)}"
    )


def table(rows: list[tuple[str, ...]], headers: tuple[str, ...]) -> str:
    """A plain, aligned text table."""
    widths = [max(len(str(r[i])) for r in [headers, *rows]) for i in range(len(headers))]
    lines = ["  ".join(str(v).ljust(w) for v, w in zip(headers, widths)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(str(v).ljust(w) for v, w in zip(r, widths)).rstrip() for r in rows]
    return "\n".join(lines)


def verdict(size: Size, result: Measurement) -> str:
    """Whether a sitegen run at the target size met the target."""
    if size.accounts < TARGET["accounts"] or size.follows < TARGET["follows"]:
        return ""
    met = result.seconds < TARGET["seconds"] and result.peak_mib < TARGET["mib"]
    return "target met (<60 s, <4 GiB)" if met else "target MISSED (<60 s, <4 GiB)"


def benchmark(
    sizes: list[Size], seed: int, skip_networkx_above: int, out: Path, repeat: int = 1
) -> int:
    """Generate, measure and print the two tables; return a process exit status."""
    out.mkdir(parents=True, exist_ok=True)
    load_before = os.getloadavg()[0]
    generated, results, failed = [], [], False
    for size in sizes:
        print(f"[{size.label}] generating ...", file=sys.stderr, flush=True)
        snapshot, made = generate(size, seed, out)
        generated.append(
            (
                size.label,
                f"{made.seconds:.1f}" if made else "reused",
                f"{made.peak_mib:.0f}" if made else "-",
            )
        )
        print(f"[{size.label}] sitegen analyze and the DuckDB floor, in turns ...",
              file=sys.stderr, flush=True)
        result, times, floor, floor_times, ratios = alternating(
            repeat, functools.partial(run_sitegen, snapshot, out),
            functools.partial(run_floor, snapshot, out))
        failed |= result.status != 0 or floor.status != 0
        note = f"exit {result.status}: see log" if result.status else verdict(size, result)
        note = joined(note, times)
        if ratios:
            each = "/".join(f"{r:.2f}" for r in ratios)
            note = joined(note, f"{statistics.median(ratios):.2f}x the floor's time (median of "
                                f"the runs taken in turns: {each})")
        if not floor.status:
            note = joined(note, f"fastest {result.seconds / floor.seconds:.1f}x the floor's "
                                f"fastest ({result.cpu_seconds / floor.cpu_seconds:.1f}x its CPU "
                                f"time: {result.cpu_seconds:.1f} s against "
                                f"{floor.cpu_seconds:.1f} s), "
                                f"{result.peak_mib / floor.peak_mib:.1f}x its memory")
        results.append(
            (size.label, "sitegen", f"{result.seconds:.1f}", f"{result.peak_mib:.0f}", note)
        )
        results.append((size.label, "duckdb floor", f"{floor.seconds:.1f}",
                        f"{floor.peak_mib:.0f}", floor.output.strip() if floor.status
                        else joined("degrees and reciprocity, per-account CSV", floor_times)))
        if size.follows > skip_networkx_above:
            results.append(
                (
                    size.label,
                    "networkx",
                    "-",
                    "-",
                    f"skipped: {size.follows:,} follows > --skip-networkx-above",
                )
            )
            continue
        print(f"[{size.label}] networkx ...", file=sys.stderr, flush=True)
        result, times = best_of(repeat, functools.partial(run_networkx, snapshot, out))
        failed |= result.status != 0
        results.append(
            (
                size.label,
                "networkx",
                f"{result.seconds:.1f}",
                f"{result.peak_mib:.0f}",
                result.output.strip()
                if result.status
                else joined("follow reciprocity only", times),
            )
        )
    print(
        f"seed {seed}; sizes are accounts/follows/interactions asked of the generator; "
        f"{os.cpu_count()} CPUs; load average {load_before:.1f} before, "
        f"{os.getloadavg()[0]:.1f} after (other work on the machine slows every figure)\n"
    )
    print(table(generated, ("size", "generation s", "generation peak MiB")) + "\n")
    print(table(results, ("size", "tool", "seconds", "peak MiB", "note")))
    return 1 if failed else 0


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes",
        default=DEFAULT_SIZES,
        help=f"comma-separated accounts:follows:interactions (default {DEFAULT_SIZES})",
    )
    parser.add_argument(
        "--skip-networkx-above",
        type=int,
        default=5_000_000,
        metavar="N",
        help="skip NetworkX for sizes with more than N follows (default 5M; "
        "at 10M it needs about 4 minutes and over 4 GiB)",
    )
    parser.add_argument("--seed", type=int, default=1, help="generator seed (default 1)")
    parser.add_argument(
        "--repeat", type=int, default=1, help="runs per measurement; the fastest is shown"
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=ROOT / "bench" / "out",
        help="where networks and outputs go (default bench/out, git-ignored)",
    )
    parser.add_argument("--networkx-worker", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--floor-worker", type=Path, nargs=2, help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.networkx_worker:
        networkx_worker(args.networkx_worker)
        return 0
    if args.floor_worker:
        floor_worker(*args.floor_worker)
        return 0
    sizes = [Size.parse(part) for part in args.sizes.split(",") if part.strip()]
    return benchmark(sizes, args.seed, args.skip_networkx_above, args.out, args.repeat)


if __name__ == "__main__":
    sys.exit(main())

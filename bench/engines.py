"""Benchmark: the same network analysed by the DuckDB engine and by the Spark engine.

For each size (accounts:follows:interactions) the snapshot comes from bench/analysis.py's
generator (``scripts/generate_network.py``, cached under bench/out/ and reused), then each
engine runs, in a child process of its own::

    python -m sitegen analyze SNAPSHOT --engine duckdb|spark --format csv --output FILE -q \\
        --config bench/out/engines/sitegen.yml

The settings file (written by this script) asks for ``spark.master: local[2]``, a driver heap
(--driver-memory) and a scratch folder under bench/out/engines/. Measured for the whole process
tree, because the Spark engine's JVM is a grandchild (python -> spark-submit -> java) that
pyspark never waits for:

* wall time, from the clock;
* CPU time (user + system): this script makes itself a child subreaper (prctl), so a JVM left
  behind by its python parent is handed to this script, which reaps it; the rusage of every
  process reaped (the child, and each orphan) adds up to the tree's CPU time;
* peak memory: the peak of the sum of VmRSS over the child and all its descendants, read from
  /proc every 0.2 s (``ru_maxrss`` is one process's peak, and misses the JVM).

Then the two CSV files are compared: byte for byte, else column by column (rows differing,
and the largest relative difference of numeric columns).

    python bench/engines.py --sizes 100000:1000000:500000,1000000:10000000:5000000
"""

from __future__ import annotations

import argparse
import ctypes
import filecmp
import importlib.util
import os
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SIZES = "100000:1000000:500000,1000000:10000000:5000000"
PR_SET_CHILD_SUBREAPER = 36
PAGE_TICKS = os.sysconf("SC_CLK_TCK")
SETTINGS = """\
# written by bench/engines.py: the engine comes from --engine
analysis:
  memory_limit: {memory_limit}
spark:
  master: "local[2]"
  driver_memory: {driver_memory}
  local_dir: {local_dir}
"""


def _bench_analysis():
    """bench/analysis.py as a module: its Size, generate(), table() and short()."""
    spec = importlib.util.spec_from_file_location("bench_analysis", ROOT / "bench" / "analysis.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


base = _bench_analysis()


@dataclass(frozen=True)
class TreeMeasurement:
    """Wall time, CPU time and peak memory of a command and every process it started."""

    seconds: float
    cpu_seconds: float
    peak_mib: float  # peak of the summed VmRSS of the tree
    largest_mib: float  # the largest ru_maxrss of one process (python alone, or the JVM)
    processes: int  # how many processes the tree ever had
    status: int


def descendants(root: int) -> list[int]:
    """Every live process below ``root`` (by the parent field of /proc/PID/stat)."""
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as handle:
                stat = handle.read()
        except OSError:
            continue
        parent = int(stat[stat.rindex(b")") + 2:].split()[1])
        children.setdefault(parent, []).append(int(entry.name))
    found, todo = [], [root]
    while todo:
        for pid in children.get(todo.pop(), []):
            found.append(pid)
            todo.append(pid)
    return found


def rss_kib(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii", errors="replace") as handle:
            for line in handle:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0  # gone, or a zombie (no VmRSS line)


class TreeSampler(threading.Thread):
    """Sums VmRSS over this script's descendants every ``interval`` seconds; keeps the peak."""

    def __init__(self, interval: float = 0.2):
        super().__init__(daemon=True)
        self.interval, self.peak_kib, self.pids = interval, 0, set()
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            tree = descendants(os.getpid())
            self.pids.update(tree)
            self.peak_kib = max(self.peak_kib, sum(rss_kib(pid) for pid in tree))
            self.done.wait(self.interval)


def measure_tree(command: list[str], log: Path) -> TreeMeasurement:
    """Run ``command`` with its output in ``log``; wait for it and for every orphan it left
    (this script is their subreaper); add up their rusage."""
    sampler = TreeSampler()
    started = time.perf_counter()
    with open(log, "w", encoding="utf-8") as sink:
        child = subprocess.Popen(command, stdout=sink, stderr=subprocess.STDOUT, cwd=ROOT)
        sampler.start()
        _, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
        cpu, largest = usage.ru_utime + usage.ru_stime, usage.ru_maxrss
        while True:  # orphans (the JVM) were re-parented to this script: reap them
            try:
                _, _, usage = os.wait4(-1, 0)
            except ChildProcessError:
                break
            cpu, largest = cpu + usage.ru_utime + usage.ru_stime, max(largest, usage.ru_maxrss)
    seconds = time.perf_counter() - started
    sampler.done.set()
    sampler.join()
    return TreeMeasurement(seconds, cpu, sampler.peak_kib / 1024, largest / 1024,
                           len(sampler.pids), child.returncode)


def become_subreaper() -> None:
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_CHILD_SUBREAPER)")


def write_settings(scratch: Path, driver_memory: str, memory_limit: str) -> Path:
    """The sitegen.yml both engines run with (Spark on local[2])."""
    scratch.mkdir(parents=True, exist_ok=True)
    path = scratch / "sitegen.yml"
    path.write_text(SETTINGS.format(driver_memory=driver_memory, memory_limit=memory_limit,
                                    local_dir=scratch / "spark-local"), encoding="utf-8")
    return path


def run_engine(engine: str, snapshot: Path, settings: Path, scratch: Path) -> tuple[
        TreeMeasurement, Path]:
    """``sitegen analyze --engine ENGINE`` writing the per-account CSV, in its own process."""
    name = snapshot.parent.name
    target = scratch / f"{name}.{engine}.csv"
    target.unlink(missing_ok=True)
    command = [sys.executable, "-m", "sitegen", "analyze", str(snapshot), "--engine", engine,
               "--format", "csv", "--output", str(target), "-q", "--config", str(settings)]
    return measure_tree(command, scratch / f"{name}.{engine}.log"), target


COMPARE_SQL = """
SELECT count(*) FILTER (a.{c} IS DISTINCT FROM b.{c}),
       max(abs(TRY_CAST(a.{c} AS DOUBLE) - TRY_CAST(b.{c} AS DOUBLE))
           / nullif(greatest(abs(TRY_CAST(a.{c} AS DOUBLE)), abs(TRY_CAST(b.{c} AS DOUBLE))), 0))
FROM read_csv($a, all_varchar = true) a FULL JOIN read_csv($b, all_varchar = true) b
  USING (snapshot, id)
"""


def compare_csv(duck: Path, spark: Path) -> str:
    """``identical``, or which columns differ: rows differing and largest relative difference."""
    if filecmp.cmp(duck, spark, shallow=False):
        return "CSV files identical"
    import duckdb

    db = duckdb.connect()
    columns = [d[0] for d in db.execute("SELECT * FROM read_csv($a, all_varchar = true) "
                                        "LIMIT 0", {"a": str(duck)}).description]
    differing = []
    for column in columns:
        quoted = '"' + column.replace('"', '""') + '"'
        rows, relative = db.execute(COMPARE_SQL.format(c=quoted),
                                    {"a": str(duck), "b": str(spark)}).fetchone()
        if rows:
            differing.append(f"{column}: {rows:,} rows" +
                             (f", max relative {relative:.1e}" if relative is not None else ""))
    return "CSV files differ: " + ("; ".join(differing) or "row order or formatting only")


def benchmark(args: argparse.Namespace) -> int:
    """Generate (or reuse), run both engines per size, print the tables; an exit status."""
    sizes = [base.Size.parse(part) for part in args.sizes.split(",") if part.strip()]
    become_subreaper()
    settings = write_settings(args.out / "engines", args.driver_memory, args.memory_limit)
    load_before, rows, notes, failed = os.getloadavg()[0], [], [], False
    for size in sizes:
        print(f"[{size.label}] generating ...", file=sys.stderr, flush=True)
        snapshot, _ = base.generate(size, args.seed, args.out)
        outputs = {}
        for engine in ("duckdb", "spark"):
            if engine == "spark" and size.follows > args.skip_spark_above:
                rows.append((size.label, engine, "-", "-", "-", "-",
                             f"skipped: {size.follows:,} follows > --skip-spark-above"))
                continue
            print(f"[{size.label}] {engine} ...", file=sys.stderr, flush=True)
            result, target = run_engine(engine, snapshot, settings, args.out / "engines")
            failed |= result.status != 0
            if result.status == 0:
                outputs[engine] = target
            rows.append((size.label, engine, f"{result.seconds:.1f}",
                         f"{result.cpu_seconds:.1f}", f"{result.peak_mib:.0f}",
                         f"{result.largest_mib:.0f}",
                         f"exit {result.status}: see {target.with_suffix('.log').name}"
                         if result.status else f"processes in the tree: {result.processes}"))
            print(f"[{size.label}] {engine}: {rows[-1][2]} s, {rows[-1][3]} CPU s, "
                  f"{rows[-1][4]} MiB", file=sys.stderr, flush=True)
        if len(outputs) == 2:
            notes.append(f"{size.label}: {compare_csv(outputs['duckdb'], outputs['spark'])}")
    print(f"seed {args.seed}; sizes are accounts/follows/interactions asked of the generator; "
          f"Spark local[2], driver heap {args.driver_memory}; {os.cpu_count()} CPUs; load "
          f"average {load_before:.1f} before, {os.getloadavg()[0]:.1f} after (other work on "
          "the machine slows every figure)\n")
    print(base.table(rows, ("size", "engine", "seconds", "CPU s", "peak MiB (tree)",
                            "largest process MiB", "note")))
    print("\n" + "\n".join(notes))
    return 1 if failed else 0


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default=DEFAULT_SIZES,
                        help=f"comma-separated accounts:follows:interactions "
                             f"(default {DEFAULT_SIZES})")
    parser.add_argument("--seed", type=int, default=1, help="generator seed (default 1)")
    parser.add_argument("--skip-spark-above", type=int, default=50_000_000, metavar="N",
                        help="skip Spark for sizes with more than N follows (default 50M; "
                             "on local[2] the 10M run takes many minutes)")
    parser.add_argument("--driver-memory", default="4g",
                        help="spark.driver_memory (default 4g: local mode runs everything "
                             "in the driver's JVM)")
    parser.add_argument("--memory-limit", default="4GB",
                        help="analysis.memory_limit for DuckDB (default 4GB)")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out",
                        help="where networks and outputs go (default bench/out, git-ignored)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    return benchmark(parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())

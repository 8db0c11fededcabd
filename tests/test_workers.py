"""No process outlives a build: the Markdown worker processes end when the build is killed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                reason="the kernel's parent-death signal is Linux only")

# a stand-in build: starts the build's worker pool, keeps its workers busy, prints their ids
SCRIPT = """
import time
from sitegen.site.markdown_render import worker_pool
pool = worker_pool(2)
futures = [pool.submit(time.sleep, 120) for _ in range(2)]
while len(pool._processes) < 2:
    time.sleep(0.05)
print(*pool._processes, flush=True)
time.sleep(120)
"""


def alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split()[2] != "Z"
    except FileNotFoundError:
        return False


def test_killed_builds_leave_no_worker_processes():
    build = subprocess.Popen([sys.executable, "-c", SCRIPT], stdout=subprocess.PIPE, text=True)
    workers = [int(pid) for pid in build.stdout.readline().split()]
    assert len(workers) == 2 and all(alive(pid) for pid in workers)
    os.kill(build.pid, signal.SIGKILL)
    build.wait()
    deadline = time.monotonic() + 10
    while any(alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(alive(pid) for pid in workers)


# a stand-in build whose workers wait for work when Ctrl-C comes (to the whole process group,
# as a terminal sends it); the build itself ends quietly, as sitegen's commands do
IDLE_SCRIPT = """
import os, sys, time
from sitegen.site.markdown_render import worker_pool
pool = worker_pool(2)
for future in [pool.submit(abs, -1) for _ in range(4)]:
    future.result()
try:
    print(*pool._processes, flush=True)
    time.sleep(120)
except KeyboardInterrupt:
    time.sleep(1)  # the workers' say, if any, is printed meanwhile
    sys.stderr.flush()
    os._exit(130)
"""


def test_ctrl_c_in_the_terminal_prints_no_traceback_of_the_workers():
    """The workers ignore Ctrl-C (the build answers it, and they end with it): each printed
    its own KeyboardInterrupt traceback."""
    build = subprocess.Popen([sys.executable, "-c", IDLE_SCRIPT], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True, start_new_session=True)
    workers = [int(pid) for pid in build.stdout.readline().split()]
    assert len(workers) == 2 and all(alive(pid) for pid in workers)
    os.killpg(build.pid, signal.SIGINT)
    _, said = build.communicate(timeout=30)
    assert build.returncode == 130
    assert "Traceback" not in said and "KeyboardInterrupt" not in said, said
    deadline = time.monotonic() + 10
    while any(alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(alive(pid) for pid in workers)

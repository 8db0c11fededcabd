"""Issue 10 (smaller): data reaches the terminal, Plotly, git and the preview server only as
what it is.

- the terminal: ids and values in errors and warnings print as plain text (no rich markup or
  emoji codes; control characters shown as escapes), and a problem prints on one line;
- charts: every data string inside a Plotly figure is escaped for Plotly once, and titles,
  captions, summaries and tables (shown by Jinja, which escapes them) are plain text;
- deploy: the branch is a plain branch name, the remote never an option, and credentials in
  an address never appear in a message;
- serve: the temporary folder goes when the server stops (Ctrl+C and SIGTERM too), a client
  that goes away is no error, and only requests for the preview's own address are answered;
- the build lock: one build at a time, checked with real processes.
"""

from __future__ import annotations

import http.client
import json
import logging
import os
import re
import select
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import textwrap
import threading
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from test_serve import free_port, wait_for
from typer.testing import CliRunner

from sitegen.analysis.pipeline import run_analysis
from sitegen.chart_base import ChartRequest, plot_text
from sitegen.charts import CHARTS, build_chart
from sitegen.cli import app
from sitegen.config import AnalysisSettings, load_config
from sitegen.console import err, setup_logging
from sitegen.deploy import deploy
from sitegen.errors import DeployError, Problem, SitegenError
from sitegen.scaffold import init_project
from sitegen.serve import STATUS_PATH, serve
from sitegen.snapshots import open_db

REPO = Path(__file__).resolve().parents[1]
HOSTILE = "x\x1b[2J:smile:[bold]b"  # clears the screen; an emoji code; rich markup
SHOWN = "x\\x1b[2J:smile:[bold]b"  # what the terminal must show instead


def snapshot(taken: str, follows_to: str = "a") -> str:
    return (f"taken: {taken}\naccounts:\n  - {{id: a}}\nfollows:\n"
            f"  - {{follower: a, followed: {json.dumps(follows_to)}}}\n")


# --- the terminal -----------------------------------------------------------------------


def test_errors_show_data_as_plain_text(tmp_path: Path, restore_logging):
    (tmp_path / "s.yml").write_text(snapshot("2024-01-01", HOSTILE))
    result = CliRunner().invoke(app, ["analyze", str(tmp_path / "s.yml")])
    assert result.exit_code == 2, result.output
    assert "\x1b" not in result.output and "\N{SMILING FACE WITH OPEN MOUTH}" not in result.output
    assert f"unknown account '{SHOWN}'" in result.output


def test_warnings_show_data_as_plain_text(capsys, restore_logging):
    setup_logging()
    logging.getLogger("sitegen.test").warning("kept %s", HOSTILE + "\nnext line")
    printed = capsys.readouterr().err
    assert "\x1b" not in printed
    assert f"kept {SHOWN}\\nnext line" in printed


def test_another_librarys_log_is_shown_only_when_critical(capsys, restore_logging):
    """kaleido's browser logs a traceback for a chart it cannot draw (hostile text); the
    build says so in a warning of its own: no traceback in the user's terminal."""
    for verbose in (False, True):
        setup_logging(verbose=verbose)
        try:
            raise ValueError("deep inside")
        except ValueError:
            logging.getLogger("choreographer.channels").error("JSONError", exc_info=True)
        logging.getLogger("sitegen.site.chart_images").warning("chart images: 1 of 2 not made")
        logging.getLogger("somelib").critical("disk on fire")
        printed = capsys.readouterr().err
        assert "chart images: 1 of 2 not made" in printed and "disk on fire" in printed
        assert ("Traceback" in printed) is verbose and ("JSONError" in printed) is verbose


def test_other_lines_show_data_as_plain_text(capsys):
    err.print(f"created {HOSTILE}")
    assert capsys.readouterr().err == f"created {SHOWN}\n"


def test_a_problem_prints_on_one_line_whatever_it_holds(tmp_path: Path, restore_logging):
    problem = Problem("bad 'a\nb\x1b[2J'", Path("snap\nshot\r.yml"), 3, hint="see\x85here")
    assert str(problem).splitlines() == ["snap\\nshot\\r.yml:3: bad 'a\\nb\\x1b[2J'",
                                         "  hint: see\\x85here"]
    assert str(SitegenError(problem)) == str(problem)
    path = tmp_path / "bad\nname\u202e.yml"
    path.write_text(snapshot("2024-01-01", "nobody\nelse"))
    result = CliRunner().invoke(app, ["analyze", str(path)])
    assert result.exit_code == 2
    assert result.output.splitlines() == [
        f"error: {tmp_path}/bad\\nname\\u202e.yml:5: unknown account 'nobody\\nelse' in column "
        "'followed'"]


# --- charts -----------------------------------------------------------------------------

SERIES = """taken: {taken}
accounts:
  - {{id: a, handle: "<b>ann</b> & co", followers_count: {followers}, following_count: 12,
     "<i>band</i>": "<b>young</b> & x"}}
  - {{id: b, handle: ben, followers_count: 8, following_count: 9, "<i>band</i>": old}}
  - {{id: c, handle: cleo, followers_count: 5, following_count: 40, "<i>band</i>": old}}
follows:
  - {{follower: a, followed: b}}
  - {{follower: b, followed: a}}
  - {{follower: c, followed: a}}
"""
ACTIVITY = """interactions:
  - {{source: a, target: b, kind: reply, at: "{day}T10:00:00"}}
  - {{source: b, target: a, kind: repost, at: "{day}T11:00:00"}}
posts:
  - {{author: a, at: "{day}T09:00:00", text: "<script>x</script> buy now & save"}}
  - {{author: b, at: "{day}T09:30:00", text: "@ann <b>thanks</b>!"}}
"""
# snapshot names with markup plotly.js would render (a file name cannot hold "/")
NAMES = {"2024-01 <b>jan & co": ("2024-01-01", "2023-12-20", 10),
         "2024-02 <br><img src=x>": ("2024-02-01", "2024-01-20", 50)}
ENTITY = re.compile(r"&(?:lt|gt|amp);")
ESCAPED_ONCE = re.compile(r"(?:[^<>&]|&(?:lt|gt|amp);)*")
ESCAPED_TWICE = re.compile(r"&amp;(?:lt|gt|amp);")


def charts_of(folder: Path, activity: bool) -> list:
    for name, (taken, day, followers) in NAMES.items():
        text = SERIES.format(taken=taken, followers=followers)
        (folder / f"{name}.yml").write_text(text + (ACTIVITY.format(day=day) if activity else ""))
    db = open_db("1GB")
    analysis = run_analysis(folder, db, AnalysisSettings())
    charts = []
    for name in CHARTS:
        options = (("account", "a"),) if name == "audience-engagement" else ()
        charts.append(build_chart(name, ChartRequest(analysis.reports, analysis.latest,
                                                     options, analysis)))
    db.close()
    return charts


@pytest.fixture(scope="module")
def charts(tmp_path_factory) -> list:
    return charts_of(tmp_path_factory.mktemp("series"), activity=True)


def figure_strings(node, key: str = ""):
    """(key, text) for every string in a Plotly figure."""
    if isinstance(node, str):
        yield key, node
    elif isinstance(node, dict):
        for name, value in node.items():
            yield from figure_strings(value, name)
    elif isinstance(node, list):
        for value in node:
            yield from figure_strings(value, key)


def test_every_data_string_in_a_figure_is_escaped_for_plotly_once(charts):
    assert all(chart.drawn for chart in charts), [c.id for c in charts if not c.drawn]
    for chart in charts:
        for key, text in figure_strings(json.loads(chart.figure_json)):
            if key != "hovertemplate":  # sitegen's own markup, with no data in it
                assert ESCAPED_ONCE.fullmatch(text), (chart.id, key, text)
                assert not ESCAPED_TWICE.search(text), (chart.id, key, text)
    by_id = {chart.id.split("-")[0] if chart.id.startswith("audience-") else chart.id: chart
             for chart in charts}
    for chart_id in ("class-mix-over-time", "class-transitions", "growth", "audience"):
        strings = [text for _, text in figure_strings(json.loads(by_id[chart_id].figure_json))]
        for name in NAMES:  # the snapshot names are there, escaped
            assert any(plot_text(name) in text for text in strings), (chart_id, name)


def test_titles_captions_and_tables_are_plain_text(charts):
    for chart in charts:
        cells = [str(cell) for row in chart.rows for cell in row]
        for text in (chart.title, chart.caption, chart.summary, *chart.headers, *cells):
            assert not ENTITY.search(text), (chart.id, text)
    audience = next(chart for chart in charts if chart.id.startswith("audience-"))
    assert audience.title == "@<b>ann</b> & co: audience and engagement"
    assert "2024-02 <br><img src=x>" in audience.summary


def test_a_chart_not_drawn_has_a_plain_title(tmp_path: Path):
    audience = next(c for c in charts_of(tmp_path, activity=False)
                    if c.id.startswith("audience-"))
    assert not audience.drawn
    assert audience.title == "@<b>ann</b> & co: audience and engagement"


# --- deploy -----------------------------------------------------------------------------


def git(cwd: Path, *args: str) -> str:
    result = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


@pytest.fixture
def project_repo(tmp_path: Path, monkeypatch) -> tuple[Path, Path]:
    """A committed project with a built-looking output/, and a bare repository as origin."""
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "gitconfig"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_TERMINAL_PROMPT", "0")
    for role in ("AUTHOR", "COMMITTER"):
        monkeypatch.setenv(f"GIT_{role}_NAME", "Test Author")
        monkeypatch.setenv(f"GIT_{role}_EMAIL", "author@example.org")
    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "--quiet", "--bare", str(remote))
    root = tmp_path / "report"
    init_project(root)
    git(root, "init", "--quiet", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "--quiet", "-m", "Start")
    git(root, "remote", "add", "origin", str(remote))
    (root / "output").mkdir(exist_ok=True)
    (root / "output" / "index.html").write_text("<!DOCTYPE html><title>site</title>\n")
    return root, remote


def publish(root: Path, remote: str = "origin", branch: str = "gh-pages"):
    config = load_config(root / "sitegen.yml")
    return deploy(config, remote, branch, None, allow_dirty=True, build=None)


@pytest.mark.parametrize("branch", ["HEAD", "-x", "--upload-pack=x", "@{-1}", ""])
def test_a_branch_must_be_a_plain_branch_name(project_repo, branch: str):
    root, remote = project_repo
    with pytest.raises(DeployError, match="is not a valid branch name"):
        publish(root, branch=branch)
    assert git(remote, "for-each-ref") == ""


def test_a_remote_is_never_an_option(project_repo, tmp_path: Path):
    root, remote = project_repo
    other = tmp_path / "other.git"
    git(tmp_path, "init", "--quiet", "--bare", str(other))
    for name in (f"--repo={other}", "-v", ""):
        with pytest.raises(DeployError, match="is not a git remote"):
            publish(root, remote=name)
    assert git(other, "for-each-ref") == "" and git(remote, "for-each-ref") == ""
    assert publish(root).changed  # a remote's name still does


def test_credentials_in_an_address_never_show(project_repo):
    root, _ = project_repo
    address = "https://someone:SECRET-TOKEN@127.0.0.1:9/owner/report.git"
    with pytest.raises(DeployError) as caught:
        publish(root, remote=address)
    text = str(caught.value)
    assert "could not push" in text and "SECRET-TOKEN" not in text and "someone" not in text
    assert "https://***@127.0.0.1:9/owner/report.git" in text
    git(root, "remote", "set-url", "origin", address)
    with pytest.raises(DeployError) as caught:
        publish(root)
    assert "SECRET-TOKEN" not in str(caught.value)


def test_redact_hides_the_user_information_of_every_address():
    from sitegen.deploy import redact

    text = "to https://u:p@ss@github.com/o/r.git, https://TOKEN@x.org and git@github.com:o/r"
    assert redact(text) == "to https://***@github.com/o/r.git, https://***@x.org and " \
                           "git@github.com:o/r"


# --- serve ------------------------------------------------------------------------------

SMALL = "taken: 2024-01-01\naccounts:\n  - {id: a, handle: anna}\n  - {id: b, handle: ben}\n"
BIG = 16 * 1024 * 1024  # more than a socket's buffers hold


def status(port: int) -> dict | None:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{STATUS_PATH}", timeout=5) as page:
            return json.loads(page.read())
    except (OSError, ValueError):
        return None


def preview_project(root: Path) -> Path:
    (root / "content" / "snapshots").mkdir(parents=True)
    (root / "content" / "snapshots" / "2024-01.yml").write_text(SMALL)
    (root / "sitegen.yml").write_text("site:\n  title: Preview\n")
    static = root / "themes" / "default" / "static"
    static.mkdir(parents=True)
    with (static / "big.bin").open("wb") as big:
        big.truncate(BIG)
    return root


@pytest.fixture
def preview(tmp_path: Path, monkeypatch):
    """``sitegen serve`` in a thread, its temporary folders in tmp_path/tmp."""
    root = preview_project(tmp_path / "report")
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    monkeypatch.chdir(root)
    port, stop = free_port(), threading.Event()
    thread = threading.Thread(target=serve, args=(None, port, False, lambda m, e: None, stop,
                                                  0.1), daemon=True)
    thread.start()
    wait_for(lambda: status(port), 60)
    yield port, scratch, stop, thread
    stop.set()
    thread.join(timeout=10)


def test_the_preview_folder_goes_when_the_server_stops(preview):
    port, scratch, stop, thread = preview
    assert list(scratch.glob("sitegen-serve-*"))
    stop.set()
    thread.join(timeout=10)
    assert list(scratch.glob("sitegen-serve-*")) == []


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_ctrl_c_or_sigterm_removes_the_preview_folder(tmp_path: Path, signum):
    root = preview_project(tmp_path / "report")
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "sitegen", "serve", "--port", str(port), "--quiet"], cwd=root,
        env={**os.environ, "TMPDIR": str(scratch)}, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True)
    try:
        wait_for(lambda: status(port) or server.poll() is not None, 60)
        assert list(scratch.glob("sitegen-serve-*"))
        server.send_signal(signum)
        _, said = server.communicate(timeout=30)
    finally:
        if server.poll() is None:
            server.kill()
            server.communicate()
    assert "Traceback" not in said
    assert list(scratch.glob("sitegen-serve-*")) == []


def test_a_client_that_goes_away_mid_response_is_no_error(preview, capfd, caplog):
    port = preview[0]
    caplog.set_level(logging.DEBUG, logger="sitegen.serve")
    client = socket.socket()
    client.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    client.connect(("127.0.0.1", port))
    client.sendall(f"GET /assets/big.bin HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
    assert client.recv(1024).startswith(b"HTTP/1.0 200")
    client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    client.close()  # a reset, mid-file
    wait_for(lambda: any("disconnected" in r.getMessage() for r in caplog.records), 20)
    assert status(port) is not None  # still serving
    printed = capfd.readouterr()
    assert "Traceback" not in printed.err + printed.out


@pytest.mark.parametrize(("host", "expected"), [
    ("127.0.0.1:{port}", 200), ("localhost:{port}", 200), ("LocalHost:{port}", 200),
    ("[::1]:{port}", 200), ("evil.example:{port}", 421), ("127.0.0.1.evil.example:{port}", 421),
    ("localhost", 421), ("127.0.0.1:1{port}", 421), (None, 421),
])
@pytest.mark.parametrize("method", ["GET", "HEAD"])
def test_only_requests_for_the_preview_address_are_answered(preview, host, expected, method):
    port = preview[0]
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.putrequest(method, "/", skip_host=True)
    if host is not None:
        connection.putheader("Host", host.format(port=port))
    connection.endheaders()
    assert connection.getresponse().status == expected
    connection.close()


# --- the build lock ---------------------------------------------------------------------

# a build's hold on its output folder, in a process of its own: "late" opens the lock file,
# then waits to be told before it locks it (as a process the scheduler paused there would)
HOLDER = textwrap.dedent("""
    import fcntl, sys
    from pathlib import Path
    from sitegen.errors import SitegenError
    from sitegen.site import writer

    if sys.argv[2] == "late":
        real_flock = fcntl.flock

        def late_flock(handle, flags):
            fcntl.flock = real_flock
            print("opened", flush=True)
            sys.stdin.readline()
            real_flock(handle, flags)

        fcntl.flock = late_flock
    try:
        staging = writer.Staging(Path(sys.argv[1]))
    except SitegenError as exc:
        print("refused:", exc, flush=True)
        sys.exit(2)
    print("locked", flush=True)
    sys.stdin.readline()
    staging.abort()
""")


def holder(output: Path, mode: str = "now") -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", HOLDER, str(output), mode], cwd=REPO,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)


def said(process: subprocess.Popen, timeout: float = 60) -> str:
    ready, _, _ = select.select([process.stdout], [], [], timeout)
    assert ready, "the process said nothing"
    return process.stdout.readline().strip()


def tell(process: subprocess.Popen) -> None:
    process.stdin.write("\n")
    process.stdin.flush()


def end(*processes: subprocess.Popen) -> None:
    for process in processes:
        if process.poll() is None:
            process.kill()
        process.communicate()


def test_a_build_that_locked_a_removed_lock_file_tries_again(tmp_path: Path):
    output = tmp_path / "output"
    first = holder(output)
    second = third = None
    try:
        assert said(first) == "locked"
        second = holder(output, "late")
        assert said(second) == "opened"  # the first build's lock file
        tell(first)
        first.wait(timeout=30)  # the first build ends: its lock file is removed
        tell(second)
        assert said(second) == "locked"
        third = holder(output)
        assert said(third).startswith(
            f"refused: another sitegen build is writing {output}")  # not both at once
    finally:
        end(*(p for p in (first, second, third) if p is not None))


def test_a_second_build_stops_clearly_while_the_first_holds_the_lock(tmp_path: Path):
    project = preview_project(tmp_path / "report")
    (project / "themes" / "default" / "static" / "big.bin").unlink()
    first = holder(project / "output")
    try:
        assert said(first) == "locked"
        second = subprocess.run([sys.executable, "-m", "sitegen", "build"], cwd=project,
                                capture_output=True, text=True, timeout=300)
        tell(first)
    finally:
        end(first)
    assert second.returncode == 2, second.stderr
    assert second.stderr.splitlines() == [
        f"error: another sitegen build is writing {project / 'output'}",
        "  hint: wait for it to finish"]
    assert not (project / "output").exists()
    third = subprocess.run([sys.executable, "-m", "sitegen", "build", "--quiet"], cwd=project,
                           capture_output=True, text=True, timeout=300)
    assert third.returncode == 0, third.stderr
    assert (project / "output" / "index.html").is_file()

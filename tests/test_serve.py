"""``sitegen serve``: a real server on 127.0.0.1 that rebuilds on change, survives a broken
build (showing the error) and recovers when it is fixed."""

from __future__ import annotations

import json
import socket
import threading
import time
import urllib.error
import urllib.request
from email.message import Message
from pathlib import Path

import pytest

from sitegen.serve import STATUS_PATH, serve

SNAPSHOT = """taken: 2024-01-01
accounts:
  - {id: a, handle: anna}
  - {id: b, handle: ben}
follows:
  - {follower: a, followed: b}
  - {follower: b, followed: a}
"""
POST = "---\ntitle: Hello\ndate: 2024-01-02\n---\nFirst words.\n"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


def wait_for(condition, timeout: float = 30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError("timed out")


@pytest.fixture
def preview(tmp_path: Path, monkeypatch):
    root = tmp_path / "report"
    (root / "content" / "snapshots").mkdir(parents=True)
    (root / "content" / "posts").mkdir()
    (root / "content" / "snapshots" / "2024-01.yml").write_text(SNAPSHOT)
    (root / "content" / "posts" / "2024-01-02-hello.md").write_text(POST)
    (root / "sitegen.yml").write_text("site:\n  title: Preview\n")
    monkeypatch.chdir(root)
    port, stop, said = free_port(), threading.Event(), []
    thread = threading.Thread(
        target=serve, args=(None, port, False, lambda m, e: said.append(m), stop, 0.1),
        daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{port}"

    def status() -> dict | None:
        try:
            return json.loads(get(base + STATUS_PATH)[1])
        except (OSError, ValueError):
            return None

    wait_for(status)
    yield root, base, status, said
    stop.set()
    thread.join(timeout=10)


def test_serves_the_site_with_a_reload_script(preview):
    root, base, status, said = preview
    code, page = get(base + "/posts/hello/")
    assert code == 200 and "First words." in page
    assert STATUS_PATH in page  # the page asks for the build number to reload itself
    assert not (root / "output").exists()  # the preview never touches output/
    assert any("serving on http://127.0.0.1:" in m for m in said)


def test_rebuilds_on_change_and_recovers_from_a_broken_build(preview):
    root, base, status, said = preview
    post = root / "content" / "posts" / "2024-01-02-hello.md"
    first = status()["build"]
    post.write_text(POST.replace("First words.", "Second words."))
    wait_for(lambda: status()["build"] > first)
    assert "Second words." in get(base + "/posts/hello/")[1]

    before = status()["build"]
    post.write_text(POST + "\n[[chart:no-such-chart]]\n")
    broken = wait_for(lambda: (s := status())["build"] > before and s)
    assert "no-such-chart" in broken["error"]
    code, page = get(base + "/posts/hello/")
    assert code == 500 and "no-such-chart" in page and STATUS_PATH in page
    assert any(m.startswith("build failed") for m in said)

    post.write_text(POST.replace("First words.", "Fixed words."))
    fixed = wait_for(lambda: (s := status())["build"] > broken["build"] and s)
    assert fixed["error"] is None
    assert "Fixed words." in get(base + "/posts/hello/")[1]


def request(url: str, method: str = "GET") -> tuple[int, Message, bytes]:
    """Status, headers and body, redirects not followed."""

    class Stay(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(Stay)
    try:
        with opener.open(urllib.request.Request(url, method=method), timeout=5) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def test_a_folder_without_its_slash_is_redirected_as_github_pages_does(preview):
    """``/posts/hello`` goes to ``/posts/hello/`` (a page served at the address without the
    slash would resolve its relative links against the wrong folder)."""
    root, base, status, said = preview
    code, headers, _ = request(base + "/posts/hello?x=1")
    assert code == 301 and headers["Location"] == "/posts/hello/?x=1"
    code, headers, _ = request(base + "/posts")
    assert code == 301 and headers["Location"] == "/posts/"


def test_a_failed_build_shows_its_error_at_every_page_address(preview):
    """With or without the folder's slash, or the page's own name: never the last good page
    as if nothing had failed. Other files are still served."""
    root, base, status, said = preview
    before = status()["build"]
    post = root / "content" / "posts" / "2024-01-02-hello.md"
    post.write_text(POST + "\n[[chart:no-such-chart]]\n")
    wait_for(lambda: (s := status())["build"] > before and s["error"])
    for path in ("/", "/posts/hello/", "/posts/hello", "/posts/hello/index.html", "/posts",
                 "/posts/a-new-one"):  # the last: the page the failed build was to make
        code, _, body = request(base + path)
        assert code == 500 and b"no-such-chart" in body, path
    code, _, body = request(base + "/feed.xml")
    assert code == 200 and body.startswith(b"<?xml")
    assert request(base + "/assets/gone.css")[0] == 404


@pytest.mark.parametrize("path", ["/posts/hello/", "/feed.xml", "/no/such/page/", STATUS_PATH])
def test_head_answers_as_get_does_without_a_body(preview, path):
    root, base, status, said = preview
    got, got_headers, body = request(base + path)
    head, head_headers, head_body = request(base + path, "HEAD")
    assert head == got and head_body == b""
    assert head_headers["Content-Length"] == got_headers["Content-Length"] == str(len(body))
    assert head_headers["Content-Type"] == got_headers["Content-Type"]


def test_a_template_that_fails_as_it_renders_is_a_failed_build_not_the_end(preview):
    """Any failure of a build (here a template's {{ 1 // 0 }}, not a Jinja error) is shown
    like every other, and the server goes on."""
    root, base, status, said = preview
    before = status()["build"]
    template = root / "themes" / "default" / "templates" / "post.html"
    template.parent.mkdir(parents=True)
    template.write_text('{% extends "base.html" %}{% block main %}{{ 1 // 0 }}{% endblock %}')
    broken = wait_for(lambda: (s := status())["build"] > before and s)
    assert "ZeroDivisionError" in broken["error"]
    template.unlink()
    fixed = wait_for(lambda: (s := status())["build"] > broken["build"] and s)
    assert fixed["error"] is None and "First words." in get(base + "/posts/hello/")[1]


def test_an_edit_made_during_the_first_build_is_built(tmp_path, monkeypatch):
    """The watch starts after the first build: a post saved meanwhile is still seen."""
    root = tmp_path / "report"
    (root / "content" / "snapshots").mkdir(parents=True)
    (root / "content" / "posts").mkdir()
    (root / "content" / "snapshots" / "2024-01.yml").write_text(SNAPSHOT)
    post = root / "content" / "posts" / "2024-01-02-hello.md"
    post.write_text(POST)
    (root / "sitegen.yml").write_text("site:\n  title: Preview\n")
    monkeypatch.chdir(root)
    port, stop, said = free_port(), threading.Event(), []

    def report(message: str, error: bool) -> None:
        if message.startswith("built in") and not said:  # the first build is done, the
            post.write_text(POST.replace("First words.", "Saved meanwhile."))  # watch not on
        said.append(message)

    thread = threading.Thread(target=serve, args=(None, port, False, report, stop, 0.1),
                              daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{port}"
    def shown() -> bool:
        try:
            return "Saved meanwhile." in get(base + "/posts/hello/")[1]
        except OSError:  # not serving yet
            return False

    try:
        wait_for(shown)
    finally:
        stop.set()
        thread.join(timeout=10)


def test_binds_to_loopback_only(preview):
    """The listening socket's address, as the kernel reports it, is 127.0.0.1."""
    root, base, status, said = preview
    port = int(base.rsplit(":", 1)[1])
    table = Path("/proc/net/tcp")
    if not table.exists():
        pytest.skip("no /proc/net/tcp on this system")
    listening = [line.split()[1] for line in table.read_text().splitlines()[1:]
                 if line.split()[3] == "0A"]  # state 0A: LISTEN
    ours = [address for address in listening if int(address.split(":")[1], 16) == port]
    assert ours == ["0100007F:" + f"{port:04X}"]  # 127.0.0.1, little-endian hex


def test_the_not_found_page_reloads_itself_too(preview):
    """A page the author is about to make: the 404 page reloads when a build makes it."""
    root, base, status, said = preview
    code, page = get(base + "/posts/later/")
    assert code == 404 and STATUS_PATH in page
    before = status()["build"]
    (root / "content" / "posts" / "2024-01-03-later.md").write_text(
        POST.replace("Hello", "Later"))
    wait_for(lambda: status()["build"] > before)
    assert get(base + "/posts/later/")[0] == 200


def test_a_name_longer_than_the_system_takes_is_not_found(preview):
    """Not a traceback in the terminal and no answer: the site's 404 page."""
    root, base, status, said = preview
    for path in ("/" + "a" * 300, "/posts/" + "b" * 5000 + "/"):
        code, page = get(base + path)
        assert code == 404, path
    assert get(base + "/posts/hello/")[0] == 200


def test_a_termination_signal_marks_the_command_interrupted():
    """SIGTERM, as Ctrl-C: DuckDB turns the interrupt into 'Query interrupted', which then
    ends serve quietly (status 130) only when the interrupt is on record."""
    import signal

    from sitegen.console import INTERRUPTED
    from sitegen.serve import _interrupt

    INTERRUPTED.clear()
    try:
        with pytest.raises(KeyboardInterrupt):
            _interrupt(signal.SIGTERM, None)
        assert INTERRUPTED.is_set()
    finally:
        INTERRUPTED.clear()

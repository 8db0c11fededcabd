"""A site with a file GitHub would warn about or refuse says so: the build warns, naming the
file, and a deploy stops before pushing a file over 100 MB."""

from __future__ import annotations

import logging
import os

import pytest

from sitegen.config import load_config
from sitegen.console import PlainFormatter
from sitegen.errors import DeployError
from sitegen.site import sizes
from sitegen.site.build import build_site


def sparse_file(path, size: int) -> None:
    """A file of ``size`` bytes that takes no disk space (a hole)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        handle.truncate(size)


def test_files_over_the_limits_are_found_largest_first(tmp_path):
    sparse_file(tmp_path / "data" / "big.json", sizes.WARN_BYTES + 1)
    sparse_file(tmp_path / "data" / "huge.csv", sizes.REFUSED_BYTES + 1)
    sparse_file(tmp_path / "index.html", sizes.WARN_BYTES)  # at the limit: fine
    assert sizes.large_files(tmp_path) == [("data/huge.csv", sizes.REFUSED_BYTES + 1),
                                           ("data/big.json", sizes.WARN_BYTES + 1)]


def test_over_50_mb_is_over_in_either_unit(tmp_path):
    """A file under GitHub's 50 MiB but over 50,000,000 bytes is "over 50 MB" to a reader
    counting in decimal: it is found, and a download that large would be compressed; a
    file of 50,000,000 bytes is not; one GitHub refuses is over 100 MiB."""
    sparse_file(tmp_path / "mib.json", 50 * 1024 * 1024 - 1)
    sparse_file(tmp_path / "decimal.csv", 50_000_000)
    assert sizes.large_files(tmp_path) == [("mib.json", 50 * 1024 * 1024 - 1)]
    assert sizes.LIMIT_BYTES <= 50_000_000  # what sitegen itself writes
    assert sizes.REFUSED_BYTES == 100 * 1024 * 1024


def test_a_built_site_over_the_limit_warns_with_the_file(tmp_path, caplog, restore_logging):
    caplog.set_level(logging.WARNING, logger="sitegen.site.sizes")
    sparse_file(tmp_path / "data" / "accounts.json", 60 * sizes.MB)
    sizes.warn_large_files(tmp_path)
    [record] = [r for r in caplog.records if r.name == "sitegen.site.sizes"]
    assert str(tmp_path / "data" / "accounts.json") in record.getMessage()
    assert "60.0 MB" in record.getMessage() and record.hint == sizes.HINT
    # shown as an error's hint is: on a line of its own, not as an escaped "\n"
    shown = PlainFormatter("%(message)s").format(record)
    assert shown.splitlines() == [record.getMessage(), f"  hint: {sizes.HINT}"]


def test_a_site_over_the_1_gb_github_pages_publishes_warns(tmp_path, caplog, restore_logging):
    """Every file under the limits, the whole over 1 GB (six snapshots of 1M accounts made
    1.16 GB, without a word): a warning with the size and the data folders taking most."""
    caplog.set_level(logging.WARNING, logger="sitegen.site.sizes")
    for number in range(1, 7):  # six snapshots' downloads of 45 MB files, four each
        for name in ("a", "b", "c", "d"):
            sparse_file(tmp_path / "data" / f"2024-0{number}" / f"{name}.gz", 45 * sizes.MB)
    sparse_file(tmp_path / "data" / "2024-06" / "e.gz", 20 * sizes.MB)
    sparse_file(tmp_path / "index.html", 1000)
    sizes.warn_large_files(tmp_path)
    [record] = [r for r in caplog.records if r.name == "sitegen.site.sizes"]
    assert record.getMessage() == (
        f"{tmp_path}: the site holds 1.10 GB (1,100,001,000 bytes), over the 1 GB GitHub "
        "Pages publishes; the largest: data/2024-06/ 200 MB, data/2024-01/ 180 MB, "
        "data/2024-02/ 180 MB")
    assert record.hint == sizes.SITE_HINT
    caplog.clear()
    (tmp_path / "data" / "2024-06" / "e.gz").unlink()  # 1,080,001,000: still over
    for name in ("a", "b"):
        (tmp_path / "data" / "2024-06" / f"{name}.gz").unlink()  # 990,001,000 bytes
    sizes.warn_large_files(tmp_path)
    assert [r for r in caplog.records if r.name == "sitegen.site.sizes"] == []


def test_a_file_of_ones_own_that_grew_is_named_again(tmp_path, caplog, restore_logging):
    """A file of the user's in the output folder, kept by each build: named once by a build
    with nothing changed, and named as too large once it grew past the limit (a build with
    nothing else changed then does the whole work, which looks at every file)."""
    from test_partial_data_site import build
    from test_purpose_site import project

    output = build(tmp_path / "project", project())
    (output / "keep.txt").write_text("mine\n")
    config = load_config(tmp_path / "project" / "sitegen.yml")
    caplog.set_level(logging.INFO)
    for _ in range(2):  # the first build names the file; the next, with nothing changed, too
        caplog.clear()
        build_site(config)
        kept = [r for r in caplog.records if "did not make" in r.getMessage()]
        assert len(kept) == 1 and "keep.txt" in kept[0].getMessage()
    assert any("nothing changed" in r.getMessage() for r in caplog.records)
    sparse_file(output / "keep.txt", 60 * sizes.MB)
    caplog.clear()
    build_site(config)
    warned = [r for r in caplog.records if r.name == "sitegen.site.sizes"]
    assert [r.getMessage() for r in warned] == [
        f"{output / 'keep.txt'}: 60.0 MB (60,000,000 bytes), over 50 MB (GitHub warns over "
        "50 MiB)"]
    assert warned[0].hint == sizes.OWN_FILE_HINT  # the user's file: not about accounts


def test_a_deploy_refuses_a_file_github_refuses(tmp_path):
    sparse_file(tmp_path / "data" / "accounts.csv", sizes.REFUSED_BYTES + 1)
    with pytest.raises(DeployError) as raised:
        sizes.refuse_unpushable(tmp_path)
    assert "accounts.csv" in str(raised.value) and "100 MiB" in str(raised.value)
    os.remove(tmp_path / "data" / "accounts.csv")
    sizes.refuse_unpushable(tmp_path)  # nothing too large: no error


def test_the_build_warns_about_its_large_files(tmp_path, monkeypatch, caplog, restore_logging):
    """A real build, with the limit lowered so that its accounts download is 'too large'."""
    from test_partial_data_site import build
    from test_purpose_site import project

    monkeypatch.setattr(sizes, "WARN_BYTES", 200)
    caplog.set_level(logging.WARNING, logger="sitegen.site.sizes")
    output = build(tmp_path / "project", project())
    warned = [r.getMessage() for r in caplog.records if r.name == "sitegen.site.sizes"]
    assert warned and all(m.startswith(str(output)) for m in warned)
    assert any("accounts.json" in m for m in warned)

"""Writes that hold: SIGTERM and SIGKILL leave no stray temporary and no damaged file, a full disk
is one clear line, every output path is checked first, permissions and symlinks are kept."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import AS_OF, DATA

LIST = DATA / "applicants" / "applicants.csv"
CATALOG = DATA / "catalog"


def _long_list(folder: Path, rows: int = 150_000) -> Path:
    path = folder / "long.csv"
    body = "".join(
        f"가람{i},인천 남동구,C25,{i % 300 + 1},{i % 90000 + 100}\n" for i in range(rows)
    )
    path.write_text("기업명,소재지,업종코드,상시근로자수,매출액(백만원)\n" + body, encoding="utf-8")
    return path


def _start(args: list, folder: Path) -> subprocess.Popen:
    command = [sys.executable, "-m", "sfmatch", "batch", *map(str, args), "--as-of", AS_OF,
               "--programs", str(CATALOG)]  # fmt: skip
    return subprocess.Popen(command, cwd=folder, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            start_new_session=True, text=True)  # fmt: skip


def _temporaries(folder: Path) -> list[Path]:
    return sorted(folder.glob(".*.tmp"))


def _wait_for_temporary(folder: Path, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 30
    while not _temporaries(folder):
        if process.poll() is not None or time.monotonic() > deadline:
            pytest.skip("the run ended before it could be interrupted")
        time.sleep(0.02)


def test_sigterm_cleans_up_and_says_one_line(tmp_path):
    source = _long_list(tmp_path)
    out = tmp_path / "out.csv"
    out.write_text("the old results\n")
    process = _start([source, "-o", out], tmp_path)
    _wait_for_temporary(tmp_path, process)
    process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 143, err
    assert err.strip() == "error: terminated"
    assert _temporaries(tmp_path) == []
    assert out.read_text() == "the old results\n"


def test_after_sigkill_the_next_run_removes_the_stray_temporary(tmp_path):
    source = _long_list(tmp_path)
    out = tmp_path / "out.csv"
    process = _start([source, "-o", out], tmp_path)
    _wait_for_temporary(tmp_path, process)
    os.killpg(process.pid, signal.SIGKILL)  # no program can clean up after this
    process.communicate(timeout=60)
    assert _temporaries(tmp_path), "SIGKILL leaves the temporary"
    again = _start([LIST, "-o", out], tmp_path)
    again.communicate(timeout=60)
    assert _temporaries(tmp_path) == [] and out.read_text(encoding="utf-8-sig").startswith("row,")


@pytest.fixture
def full_disk(tmp_path):
    """A 64 KB tmpfs, where the machine allows mounting one (root, in a sandbox that permits
    it); skipped otherwise, since a full disk cannot be faked honestly."""
    folder = tmp_path / "full"
    folder.mkdir()
    if os.geteuid() != 0 or not shutil.which("mount"):
        pytest.skip("mounting a small tmpfs needs root")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(folder)],
                          capture_output=True)  # fmt: skip
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode().strip()}")
    yield folder
    subprocess.run(["umount", str(folder)], capture_output=True)


@pytest.mark.parametrize("fmt", ["csv", "json", "xlsx"])
def test_a_full_disk_is_one_line_and_keeps_the_old_file(tmp_path, full_disk, fmt):
    source = _long_list(tmp_path, rows=3_000)
    out = full_disk / f"out.{fmt}"
    out.write_text("old\n")
    process = _start([source, "-o", out], tmp_path)
    _, err = process.communicate(timeout=120)
    assert process.returncode == 1, err
    assert err.strip().splitlines() == [f"error: {out}: cannot write: No space left on device"]
    assert out.read_text() == "old\n" and _temporaries(full_disk) == []


def test_every_output_is_checked_before_any_is_replaced(cli, tmp_path):
    out = tmp_path / "out.csv"
    out.write_text("old\n")
    run = cli("batch", LIST, "-o", out, "--errors", tmp_path / "missing" / "e.csv",
              "--programs", CATALOG, "--as-of", AS_OF)  # fmt: skip
    assert run.code == 1 and "folder does not exist" in run.err
    assert out.read_text() == "old\n"


def test_permissions_and_symlinks_are_kept(cli, tmp_path):
    real = tmp_path / "real.csv"
    real.write_text("old\n")
    real.chmod(0o600)
    link = tmp_path / "out.csv"
    link.symlink_to(real)
    run = cli("batch", LIST, "-o", link, "--programs", CATALOG, "--as-of", AS_OF)
    assert run.code == 1  # the list has one rejected row; the results are written
    assert link.is_symlink() and link.resolve() == real
    assert real.read_text(encoding="utf-8-sig").startswith("row,")
    assert real.stat().st_mode & 0o777 == 0o600


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_dash_writes_the_results_to_stdout_as_the_file_would_hold_them(cli, tmp_path, fmt):
    """`-o -`: the same bytes as `-o FILE` (CSV without the BOM Excel needs in a file), and
    nothing named `-` is made."""
    out = tmp_path / f"out.{fmt}"
    common = ("--format", fmt, "--as-of", AS_OF, "--programs", CATALOG)
    to_file = cli("batch", LIST, "-o", out, *common)
    to_stdout = cli("batch", LIST, "-o", "-", *common)
    assert to_file.code == to_stdout.code == 1  # the list has rejected rows: still written
    held = out.read_bytes().decode("utf-8-sig" if fmt == "csv" else "utf-8")
    assert to_stdout.out == held
    assert to_stdout.err_lines[-1].endswith("; wrote standard output")
    assert not (Path.cwd() / "-").exists()


@pytest.mark.parametrize(("args", "said"), [
    (("batch", LIST, "-o", "-", "--format", "xlsx"), "a workbook cannot go to standard output"),
    (("convert", LIST, "-o", "-"), "convert writes a file per row into a folder"),
])  # fmt: skip
def test_dash_is_refused_where_the_output_cannot_be_a_stream(cli, args, said):
    run = cli(*args)
    assert run.code == 2
    assert run.err_lines == [f"error: -o: {said} " + run.err_lines[0].split(f"{said} ", 1)[1]]
    assert not (Path.cwd() / "-").exists()


def test_dash_is_stdout_for_the_commands_that_print(cli):
    run = cli("recommend", DATA / "company.toml", "-o", "-", "--format", "json",
              "--programs", CATALOG, "--as-of", AS_OF)  # fmt: skip
    assert run.code == 0 and run.out.startswith("{") and "wrote" not in run.err


# --- many files into one folder (`convert`) -------------------------------------------------


def test_a_folder_write_replaces_all_its_files_or_none(tmp_path):
    from sfmatch.output import FolderWrite

    folder = tmp_path / "profiles"
    folder.mkdir()
    kept = folder / "b.toml"
    kept.write_text("old\n")
    kept.chmod(0o600)
    with pytest.raises(RuntimeError), FolderWrite(folder) as files:
        files.write("a.toml", "new a\n")
        files.write("b.toml", "new b\n")
        raise RuntimeError("the run fails half-way")
    assert sorted(p.name for p in folder.iterdir()) == ["b.toml"]  # no temporary either
    assert kept.read_text() == "old\n"
    with FolderWrite(folder) as files:
        files.write("a.toml", "new a\n")
        files.write("b.toml", "new b\n")
    assert sorted(p.name for p in folder.iterdir()) == ["a.toml", "b.toml"]
    assert kept.read_text() == "new b\n" and kept.stat().st_mode & 0o777 == 0o600


def test_a_folder_write_removes_the_temporaries_of_a_killed_run_first(tmp_path):
    from sfmatch.output import FolderWrite

    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True).stdout.strip()  # fmt: skip
    stray = tmp_path / f".a.toml.sfmatch-{dead}-x1y2.tmp"
    mine = tmp_path / f".a.toml.sfmatch-{os.getpid()}-x1y2.tmp"  # a live process's: kept
    stray.write_text("half")
    mine.write_text("half")
    with FolderWrite(tmp_path) as files:
        files.write("a.toml", "whole\n")
    assert not stray.exists() and mine.exists()
    assert (tmp_path / "a.toml").read_text() == "whole\n"

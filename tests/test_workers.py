"""No worker outlives its run (issue 17): `workers.Workers` answers in order, raises a worker's
error where the answer is awaited, and stops every worker however the run ends; and `batch` and
`gaps`, sent SIGTERM at many moments of a run, exit 143 within 5 s with no process of the run left
2 s later and no temporary file left."""

from __future__ import annotations

import multiprocessing
import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from sfmatch.workers import WorkerFailed, Workers

from conftest import AS_OF, DATA

FORK = multiprocessing.get_context("fork")


def _double(n: int) -> int:
    if n == 13:
        raise ValueError("thirteen")
    if n == 99:
        os._exit(7)  # a worker that dies without answering
    return 2 * n


def _nothing() -> None:
    pass


def _alive(pid: int) -> bool:
    """A process that runs (a zombie, ended and not yet reaped, counts as ended)."""
    try:
        os.kill(pid, 0)
        with open(f"/proc/{pid}/stat", encoding="ascii") as handle:
            return handle.read().rsplit(") ", 1)[1][0] != "Z"
    except (ProcessLookupError, FileNotFoundError):
        return False


@pytest.mark.parametrize("count", [1, 2, 3])
def test_answers_come_in_order_whatever_the_number_of_workers(count):
    tasks = [n for n in range(200) if n not in (13, 99)]
    with Workers(FORK, count, _nothing, (), _double) as workers:
        assert list(workers.map(tasks)) == [2 * n for n in tasks]
        pids = [p.pid for p in workers.processes]
    assert not any(_alive(pid) for pid in pids)


def test_a_workers_error_is_raised_where_its_answer_is_awaited_and_all_stop():
    with pytest.raises(ValueError, match="thirteen"), Workers(FORK, 2, _nothing, (), _double) as w:
        pids = [p.pid for p in w.processes]
        list(w.map(range(20)))
    assert not any(_alive(pid) for pid in pids)


def test_a_worker_that_dies_is_an_error_never_replaced():
    with (
        pytest.raises(WorkerFailed, match="exit code 7"),
        Workers(FORK, 2, _nothing, (), _double) as w,
    ):
        list(w.map([1, 2, 99, 3]))


def test_a_reader_that_stops_early_stops_every_worker():
    with Workers(FORK, 2, _nothing, (), _double) as workers:
        pids = [p.pid for p in workers.processes]
        answers = workers.map(range(1000))
        assert next(answers) == 0
        answers.close()
    assert not any(_alive(pid) for pid in pids)


def test_workers_die_with_a_parent_killed_with_sigkill(tmp_path):
    """SIGKILL leaves the parent no chance to stop them: the kernel does (Linux)."""
    if not sys.platform.startswith("linux"):
        pytest.skip("PR_SET_PDEATHSIG is Linux's")
    script = tmp_path / "parent.py"
    script.write_text(textwrap.dedent(f"""
        import multiprocessing, sys, time
        sys.path.insert(0, {str(Path(__file__).parent)!r})
        from sfmatch.workers import Workers
        from test_workers import _nothing, _double
        workers = Workers(multiprocessing.get_context("fork"), 2, _nothing, (), _double)
        print(*[p.pid for p in workers.processes], flush=True)
        time.sleep(60)
    """), encoding="utf-8")  # fmt: skip
    parent = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True)
    pids = [int(p) for p in parent.stdout.readline().split()]
    assert len(pids) == 2 and all(_alive(pid) for pid in pids)
    parent.kill()
    parent.wait()
    deadline = time.monotonic() + 2
    while any(_alive(pid) for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.02)
    assert not any(_alive(pid) for pid in pids)


# --- SIGTERM at many moments of a run -------------------------------------------------------

RUNS = 30  # SIGTERMs that interrupt a run, per command (the CI minimum)


def _list(folder: Path, rows: int) -> Path:
    path = folder / "list.csv"
    body = "".join(
        f"가람{i},인천 남동구,C25,{i % 300 + 1},{i % 90000 + 100}\n" for i in range(rows)
    )
    path.write_text("기업명,소재지,업종코드,상시근로자수,매출액(백만원)\n" + body, encoding="utf-8")
    return path


def _command(command: str, source: Path, out: Path) -> list[str]:
    args = [sys.executable, "-m", "sfmatch", command, str(source), "-o", str(out),
            "--as-of", AS_OF, "--programs", str(DATA / "catalog"), "--jobs", "2"]  # fmt: skip
    return args + (["--format", "csv"] if command == "gaps" else [])


def _group_gone(pgid: int, within: float = 2.0) -> bool:
    """Whether no process of the group is left `within` seconds (an empty group stays empty:
    nothing is left to fork into it, so this returns as soon as it is)."""
    deadline = time.monotonic() + within
    while True:
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            return True
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)


@pytest.mark.parametrize("command", ["batch", "gaps"])
def test_sigterm_at_any_moment_ends_the_run_and_every_worker(tmp_path, command):
    """At least 30 SIGTERMs at moments spread over a whole run (start-up, reading, scoring,
    writing): each run exits 143 (or, before sfmatch has started, dies of the signal: a shell
    reports 143 too) within 5 s, no process of its group is alive 2 s later, and no temporary
    file is left. The run happens in its own session, so its workers are found by group."""
    source = _list(tmp_path, 12_000)
    out = tmp_path / "out.csv"
    started = time.monotonic()
    whole = subprocess.run(_command(command, source, out), cwd=tmp_path, capture_output=True)
    length = time.monotonic() - started
    assert whole.returncode == 0, whole.stderr
    rng = random.Random(17)
    interrupted = problems = 0
    for attempt in range(3 * RUNS):
        if interrupted >= RUNS:
            break
        process = subprocess.Popen(_command(command, source, out), cwd=tmp_path,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                   start_new_session=True)  # fmt: skip
        time.sleep(rng.uniform(0.0, 1.1 * length))
        process.send_signal(signal.SIGTERM)
        sent = time.monotonic()
        try:
            _, err = process.communicate(timeout=5)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            pytest.fail(f"attempt {attempt}: still running 5 s after SIGTERM")
        took = time.monotonic() - sent
        if process.returncode == 0:
            continue  # it had finished before the signal: not a case
        interrupted += 1
        assert process.returncode in (143, -signal.SIGTERM), (attempt, process.returncode, err)
        if process.returncode == 143:
            assert err.decode().strip().splitlines()[-1] == "error: terminated", err
        assert took < 5
        if not _group_gone(process.pid):
            os.killpg(process.pid, signal.SIGKILL)
            problems += 1
        assert sorted(tmp_path.glob(".*.tmp")) == [], attempt
    assert problems == 0, f"{problems} runs left processes behind"
    assert interrupted >= RUNS, f"only {interrupted} of the runs were interrupted"

"""No worker outlives its run (issue 17): `workers.Workers` answers in order, raises a worker's
error where the answer is awaited, and stops every worker however the run ends; and `batch` and
`gaps`, sent SIGTERM at many moments of a run, exit 143 within 5 s with no process of the run left
2 s later and no temporary file left."""

from __future__ import annotations

import contextlib
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
    args = [sys.executable, "-m", "sfmatch", command, str(source), "-o", str(out)]
    if command == "convert":  # one process, a file per row: the temporaries are in `out`
        return args
    args += ["--as-of", AS_OF, "--programs", str(DATA / "catalog"), "--jobs", "2"]
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


def _as_from_a_terminal() -> None:
    """The signal dispositions of a command typed at a terminal, whatever this test inherited: a
    shell's background job ignores SIGINT, `nohup` SIGHUP, and a run started so keeps ignoring
    them, as it should (then no case here would be one)."""
    for ending in (signal.SIGINT, signal.SIGHUP, signal.SIGTERM):
        signal.signal(ending, signal.SIG_DFL)


# command, signal, runs, the exit code and last line it must end with. SIGTERM goes to the
# main process (`kill PID`); Ctrl-C and a closed terminal signal the whole process group, as a
# terminal does: the workers get them too.
SIGNAL_CASES = [
    ("batch", signal.SIGTERM, RUNS, 143, "error: terminated"),
    ("gaps", signal.SIGTERM, RUNS, 143, "error: terminated"),
    ("convert", signal.SIGTERM, 10, 143, "error: terminated"),
    ("batch", signal.SIGHUP, 8, 129, "error: hung up"),
    ("batch", signal.SIGINT, 8, 130, "error: interrupted"),
]


INTERPRETER_STARTING = (b"Fatal Python error: init_import_site", b"Could not import runpy module")


@pytest.mark.parametrize(("command", "signum", "runs", "code", "line"), SIGNAL_CASES,
                         ids=[f"{c[0]}-{c[1].name}" for c in SIGNAL_CASES])  # fmt: skip
def test_a_signal_at_any_moment_ends_the_run_and_every_worker(
    tmp_path, command, signum, runs, code, line
):
    """Signals at moments spread over a whole run (start-up, reading, scoring, writing): each
    run exits with 128 + the signal (or, before sfmatch has started, dies of it: a shell
    reports the same number) within 5 s, no process of its group is alive 2 s later, and no
    temporary file is left. The run happens in its own session, so its workers are found by
    group. SFMATCH_STRESS_SEED=N draws other moments."""
    to_group = signum != signal.SIGTERM
    source = _list(tmp_path, 600 if command == "convert" else 12_000)
    out = tmp_path / ("profiles" if command == "convert" else "out.csv")
    started = time.monotonic()
    whole = subprocess.run(_command(command, source, out), cwd=tmp_path, capture_output=True)
    length = time.monotonic() - started  # the shortest whole run seen: the first is often slow
    assert whole.returncode == 0, whole.stderr
    rng = random.Random(int(os.environ.get("SFMATCH_STRESS_SEED", "17")))
    interrupted = problems = 0
    for attempt in range(4 * runs):
        if interrupted >= runs:
            break
        started = time.monotonic()
        process = subprocess.Popen(_command(command, source, out), cwd=tmp_path,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                   start_new_session=True,
                                   preexec_fn=_as_from_a_terminal)  # fmt: skip
        time.sleep(rng.uniform(0.0, 1.05 * length))  # a few land after the end: not a case
        if to_group:
            with contextlib.suppress(ProcessLookupError):  # the run may have ended already
                os.killpg(process.pid, signum)
        else:
            process.send_signal(signum)
        sent = time.monotonic()
        try:
            _, err = process.communicate(timeout=5)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            pytest.fail(f"attempt {attempt}: still running 5 s after {signum.name}")
        took = time.monotonic() - sent
        if process.returncode == 0:  # it had finished before the signal: not a case
            length = min(length, sent - started)
            continue
        interrupted += 1
        if process.returncode == 1 and err.startswith(INTERPRETER_STARTING):
            # Ctrl-C while the interpreter imports `site` or `runpy` (for `-m`), before any code
            # of sfmatch runs: CPython itself ends so, exit 1. Nothing started, nothing is left.
            assert signum == signal.SIGINT and b"KeyboardInterrupt" in err, (attempt, err)
        else:
            assert process.returncode in (code, -signum), (attempt, process.returncode, err)
        if process.returncode == code:  # (dead of the signal: it came as Python started)
            assert err.decode().strip().splitlines()[-1] == line, err
            assert b"Traceback" not in err, err
        assert took < 5, (attempt, took, err)
        if not _group_gone(process.pid):
            os.killpg(process.pid, signal.SIGKILL)
            problems += 1
        assert sorted(tmp_path.rglob(".*.tmp")) == [], attempt
    assert problems == 0, f"{problems} runs left processes behind"
    assert interrupted >= runs, f"only {interrupted} of the runs were interrupted"


def test_a_run_started_to_ignore_hangups_goes_on_through_one(tmp_path):
    """`nohup sfmatch batch …`: SIGHUP is ignored by the run and by its workers alike."""
    source = _list(tmp_path, 12_000)
    process = subprocess.Popen(
        _command("batch", source, tmp_path / "out.csv"), cwd=tmp_path,
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True,
        preexec_fn=lambda: signal.signal(signal.SIGHUP, signal.SIG_IGN),
    )  # fmt: skip
    time.sleep(1.0)
    with contextlib.suppress(ProcessLookupError):  # a fast machine may be done already
        os.killpg(process.pid, signal.SIGHUP)  # the whole session, workers too, as a terminal does
    _, err = process.communicate(timeout=120)
    assert process.returncode == 0, err
    assert "read 12000 = scored 12000" in err.decode().replace(",", "")


# --- a reader that leaves: `sfmatch batch list.csv -o - | head` ------------------------------


@pytest.mark.parametrize("command", ["batch", "gaps"])
def test_a_reader_that_leaves_ends_the_run_quietly_with_its_workers(tmp_path, command):
    """Exit 1 and not a word (a closed pipe is not the run's problem to report), and no
    process of the run left."""
    source = _list(tmp_path, 12_000)
    args = _command(command, source, Path("-"))
    process = subprocess.Popen(args, cwd=tmp_path, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, start_new_session=True)  # fmt: skip
    if command == "batch":  # `head -1`: one line while the workers score, then gone
        assert process.stdout.readline().startswith(b"row,name")
    # (gaps writes once all is scored, a few lines a pipe would take whole: gone before that)
    process.stdout.close()
    err = process.stderr.read().decode()
    assert process.wait(timeout=60) == 1
    assert "Traceback" not in err and "BrokenPipe" not in err and "Exception" not in err, err
    assert _group_gone(process.pid)


def test_a_signal_python_wraps_on_its_way_still_ends_the_run_as_that_signal(cli, monkeypatch):
    """SIGTERM in the middle of making a class (an import inside a command) reaches the
    boundary as `RuntimeError: Error calling __set_name__`: still exit 143, one line."""
    from sfmatch import engine
    from sfmatch.cli import Terminated

    def wrapped(*_args, **_kwargs):
        try:
            raise Terminated()
        except Terminated as exc:
            raise RuntimeError("Error calling __set_name__ on 'cached_property'") from exc

    monkeypatch.setattr(engine, "recommend", wrapped)
    run = cli("recommend", DATA / "company.toml", "--programs", DATA / "catalog")
    assert (run.code, run.err_lines) == (143, ["error: terminated"])


def test_a_worker_ends_on_sigterm_though_it_was_started_with_signals_held():
    """Workers are forked while SIGTERM is held back in the parent; they must not keep it held,
    or multiprocessing's own clean-up at exit (SIGTERM, then wait) would wait forever."""
    with Workers(FORK, 2, _nothing, (), _double) as workers:
        assert list(workers.map([1, 2])) == [2, 4]  # set up and serving
        first = workers.processes[0]
        os.kill(first.pid, signal.SIGTERM)
        first.join(5)
        assert first.exitcode == -signal.SIGTERM


def test_a_sigterm_a_library_turned_into_another_error_still_ends_as_sigterm(cli, monkeypatch):
    """pydantic reports what building a schema raised as a SchemaError, with no cause to follow:
    once SIGTERM has come, the run ends as terminated whatever error it became."""
    from sfmatch import cli as boundary
    from sfmatch import engine

    def swallowed(*_args, **_kwargs):
        try:
            boundary._terminate(signal.SIGTERM, None)
        except boundary.Terminated:
            raise RuntimeError("Error building 'model' validator: Terminated: ") from None

    monkeypatch.setattr(engine, "recommend", swallowed)
    run = cli("recommend", DATA / "company.toml", "--programs", DATA / "catalog")
    assert (run.code, run.err_lines) == (143, ["error: terminated"])

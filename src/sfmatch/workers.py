"""Worker processes that end with their run, whatever ends it.

`multiprocessing.Pool` was not safe to stop from a signal: SIGTERM raised in the main process
could leave one of the pool's shared queue locks held (then `terminate` hung on a futex), and the
pool's maintenance thread could fork replacement workers after the signal, which blocked on that
lock forever with their parent gone (issue 17). `Workers` shares nothing that can be held:

- each worker has its own two pipes (tasks in, results out), with no lock between processes and
  no thread in the main process; chunks go round-robin, at most two outstanding a worker, and
  results come back in the order sent, so the output does not depend on the number of workers;
- a worker reads its task pipe in a thread of its own, so the main process never waits to hand
  over a task while a worker waits to hand back a result (no deadlock on full pipes);
- nothing refills: a worker that dies is an error of the run, never replaced;
- stopping is certain: every worker alive is sent SIGKILL and reaped, with the signals that end a
  run (`signals.ENDING`) held back meanwhile, on a normal end, an error, Ctrl-C, SIGTERM or
  SIGHUP alike;
- a worker dies with its parent: on Linux the kernel sends it SIGKILL when the parent dies
  (`PR_SET_PDEATHSIG`), even when the parent was killed with SIGKILL; elsewhere (spawned workers)
  the end of its task pipe ends it.

The main process's own end, the one error line and exit code 143 (129, 130), stays `cli.main`'s.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import suppress
from typing import Any

from sfmatch.signals import ENDING, held

OUTSTANDING = 2  # tasks sent to one worker and not yet answered (keeps it busy, memory flat)
PR_SET_PDEATHSIG = 1  # linux/prctl.h


class WorkerFailed(RuntimeError):
    """A worker process ended without answering (killed from outside, out of memory)."""


class Workers:
    """`count` processes running `work(task)` after `setup(*args)`; `map` gives the answers in
    order. Use as a context manager: leaving it stops every worker, whatever the reason."""

    def __init__(
        self, context: Any, count: int, setup: Callable[..., None], args: tuple,
        work: Callable[[Any], Any],
    ) -> None:  # fmt: skip
        self.processes: list = []
        self.tasks: list = []
        self.answers: list = []
        try:  # a signal waits until every started worker is known, so that stop() reaches it
            with held():
                self._start(context, count, setup, args, work)
        except BaseException:
            self.stop()
            raise

    def _start(self, context: Any, count: int, setup: Callable, args: tuple, work: Callable):
        for _ in range(count):
            task_out, task_in = context.Pipe(duplex=False)
            answer_out, answer_in = context.Pipe(duplex=False)
            process = context.Process(
                target=_serve, args=(os.getpid(), setup, args, work, task_out, answer_in),
                daemon=True,
            )  # fmt: skip
            self.tasks.append(task_in)
            self.answers.append(answer_out)
            process.start()
            self.processes.append(process)
            task_out.close()  # the worker's ends, in this process
            answer_in.close()

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def map(self, tasks: Iterable[Any]) -> Iterator[Any]:
        """Each task's answer, in the order of the tasks; tasks go round-robin, at most
        `OUTSTANDING` a worker."""
        count = len(self.processes)
        pending: deque[int] = deque()  # the worker of each task sent and not yet answered
        waiting = [0] * count
        turn = 0
        for task in tasks:
            while waiting[turn] >= OUTSTANDING:  # its oldest answer first: the queue's head
                yield self._answer(pending, waiting)
            self.tasks[turn].send(task)
            pending.append(turn)
            waiting[turn] += 1
            turn = (turn + 1) % count
        while pending:
            yield self._answer(pending, waiting)

    def _answer(self, pending: deque[int], waiting: list[int]) -> Any:
        worker = pending.popleft()
        waiting[worker] -= 1
        try:
            kind, value = self.answers[worker].recv()
        except (EOFError, OSError) as exc:
            process = self.processes[worker]
            process.join(1)  # its pipe can end a moment before the process does
            code = process.exitcode
            raise WorkerFailed(
                f"a worker process ended without answering (exit code {code})"
            ) from exc
        if kind == "error":
            raise value
        return value

    def stop(self) -> None:
        """Every worker alive is killed and reaped; signals wait until this is done."""
        with held():
            for process in self.processes:
                if process.exitcode is None:
                    with suppress(ProcessLookupError):  # gone since
                        os.kill(process.pid, signal.SIGKILL)
            for process in self.processes:
                process.join()
            for connection in self.tasks + self.answers:
                connection.close()
            self.processes, self.tasks, self.answers = [], [], []


def _die_with(parent: int) -> None:
    """Ask the kernel to kill this process when its parent dies (Linux), and end now if the
    parent is already gone."""
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):  # no prctl: the task pipe's end still ends it
            pass
    if os.getppid() != parent:
        os._exit(0)


def _serve(parent: int, setup: Callable[..., None], args: tuple, work: Callable, tasks, answers):
    """A worker's life: set up, then answer each task in order until the task pipe ends."""
    _die_with(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the main process's to handle
    for ending in ENDING:  # SIGTERM, SIGHUP: a worker just ends (unless the run ignores it)
        if ending != signal.SIGINT and signal.getsignal(ending) is not signal.SIG_IGN:
            signal.signal(ending, signal.SIG_DFL)
    if hasattr(signal, "pthread_sigmask"):  # forked while the parent held them back: not here
        signal.pthread_sigmask(signal.SIG_UNBLOCK, ENDING)
    setup(*args)
    inbox: deque = deque()
    ready = threading.Condition()

    def read() -> None:  # so that the main process never waits to hand a task over
        while True:
            try:
                task = tasks.recv()
            except (EOFError, OSError):
                task = _END
            with ready:
                inbox.append(task)
                ready.notify()
            if task is _END:
                return

    threading.Thread(target=read, daemon=True).start()
    while True:
        with ready:
            while not inbox:
                ready.wait()
            task = inbox.popleft()
        if task is _END:
            os._exit(0)
        try:
            answer = ("ok", work(task))
        except Exception as exc:  # the main process raises it where the answer is awaited
            answer = ("error", exc)
        try:
            answers.send(answer)
        except (BrokenPipeError, OSError):  # the main process is gone
            os._exit(0)
        except Exception as exc:  # an answer or error that cannot be pickled
            answers.send(("error", WorkerFailed(f"{type(exc).__name__}: {exc}")))


_END = object()

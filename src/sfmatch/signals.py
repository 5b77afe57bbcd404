"""Holding signals back while the program is in a state a signal must not interrupt."""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager

# The signals that end a run (cli.main turns them to 143, 130 and 129).
ENDING = (signal.SIGTERM, signal.SIGINT, *([signal.SIGHUP] if hasattr(signal, "SIGHUP") else []))


@contextmanager
def held(*signals: signal.Signals) -> Iterator[None]:
    """Delivery of `signals` (default `ENDING`) deferred to the end of the block: a signal that
    comes meanwhile is delivered when the block ends, so the block itself is never cut short
    (a temporary file created and known; worker processes started and known, or stopped). In the
    main thread of a POSIX system; elsewhere the block runs as it is."""
    can = (
        hasattr(signal, "pthread_sigmask") and threading.current_thread() is threading.main_thread()
    )
    before = signal.pthread_sigmask(signal.SIG_BLOCK, signals or ENDING) if can else None
    try:
        yield
    finally:
        if before is not None:
            signal.pthread_sigmask(signal.SIG_SETMASK, before)

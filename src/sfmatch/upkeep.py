"""Keeping the catalog true (issue 21): which programs' facts are old, and what to re-check.

Plain data for the CLI to render: the engine's window of each program, its family, the date
its facts were verified and the source to re-check.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sfmatch.engine import STALE_AFTER_DAYS, window_state
from sfmatch.records import Program
from sfmatch.results import WindowState


@dataclass(frozen=True)
class Stale:
    """A program whose facts are older than the days asked for."""

    program: str
    family: str
    verified: dt.date
    age_days: int
    source: str
    url: str | None
    window: WindowState


def stale(programs: Sequence[Program], as_of: dt.date, days: int = STALE_AFTER_DAYS) -> list[Stale]:
    """Every program verified more than `days` days before `as_of`, oldest first (then by id):
    what a maintainer re-checks first."""
    found = [
        Stale(p.id, p.family_id, p.verified, (as_of - p.verified).days, p.source, p.url,
              window_state(p.window, as_of))
        for p in programs
        if (as_of - p.verified).days > days
    ]  # fmt: skip
    return sorted(found, key=lambda s: (s.verified, s.program))

"""`programs stale` as a table, JSON or CSV: the same `upkeep.Stale` objects in each."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from sfmatch.i18n import N_
from sfmatch.render.data import window_dict
from sfmatch.render.table import window_text
from sfmatch.upkeep import Stale

STALE_COLUMNS = ("program", "family", "verified", "age_days", "source", "url", "window",
                 "window_opens", "window_closes")  # fmt: skip


def stale_dict(found: Sequence[Stale], as_of: dt.date, days: int) -> dict:
    """`{"as_of", "days", "programs": [{"program", "family", "verified", "age_days", "source",
    "window"}]}`; `url` and the window's dates (`window_detail`) are extensions."""
    return {
        "as_of": as_of.isoformat(),
        "days": days,
        "programs": [
            {
                "program": s.program,
                "family": s.family,
                "verified": s.verified.isoformat(),
                "age_days": s.age_days,
                "source": s.source,
                "window": s.window.status,
                "url": s.url,
                "window_detail": window_dict(s.window),
            }
            for s in found
        ],
    }


def stale_rows(found: Sequence[Stale]) -> Iterator[tuple]:
    for s in found:
        w = s.window
        yield (s.program, s.family, s.verified.isoformat(), s.age_days, s.source, s.url,
               w.status, w.opens.isoformat() if w.opens else None,
               w.closes.isoformat() if w.closes else None)  # fmt: skip


def render_stale(console: Console, found: Sequence[Stale], as_of: dt.date, days: int,
                 lang: str = "en") -> None:  # fmt: skip
    """One row a program, oldest first: what to re-check, where, and its window now."""
    if not found:
        console.print(N_("every program was verified within {days} days before {as_of}",
                         days=days, as_of=as_of).say(lang))  # fmt: skip
        return
    table = Table(box=box.SIMPLE_HEAD, header_style="bold", pad_edge=False)
    table.add_column(N_("Program").say(lang), overflow="fold", min_width=24)
    table.add_column(N_("Verified").say(lang), no_wrap=True)
    table.add_column(N_("Re-check at").say(lang), overflow="fold", ratio=1)
    for s in found:
        cell = Text(s.program)
        cell.append("\n" + N_("family {family}", family=s.family).say(lang), style="dim")
        age = N_("{days} days ago", days=s.age_days).say(lang)
        where = Text(s.source + (f"\n{s.url}" if s.url else ""))
        where.append("\n" + N_("window: {window}", window=window_text(s.window, lang)).say(lang),
                     style="dim")  # fmt: skip
        table.add_row(cell, f"{s.verified.isoformat()}\n{age}", where)
    console.print(table)
    console.print(N_("{n} programs verified more than {days} days before {as_of}: re-check their"
                     " announcements, then update `verified`", n=len(found), days=days,
                     as_of=as_of).say(lang), style="dim")  # fmt: skip

"""`programs stale` and `programs import` as a table, JSON or CSV: the same objects in each."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from sfmatch.i18n import N_, said
from sfmatch.render.data import window_dict
from sfmatch.render.table import window_text

if TYPE_CHECKING:  # `programs stale` imports neither the notices nor the engine's upkeep
    from sfmatch.notices import Outcome
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


def import_dict(outcomes: Sequence[Outcome], folder: str, lang: str = "en") -> dict:
    """`{"notices": [{"pblancId", "title", "family", "draft", "why"}]}`; `kept`, `folder` and
    `source` (the file it came from) are extensions; `draft` is the path written, or null."""
    return {
        "folder": folder,
        "notices": [
            {
                "pblancId": o.notice.id,
                "title": o.notice.title,
                "family": o.family,
                "draft": f"{folder.rstrip('/')}/{o.draft}" if o.draft else None,
                "why": said(o.why, lang),
                "kept": o.kept,
                "source": o.notice.source,
            }
            for o in outcomes
        ],
    }


def render_import(console: Console, outcomes: Sequence[Outcome], folder: str,
                  lang: str = "en") -> None:  # fmt: skip
    """One row a notice: kept (drafted, or already in the catalog) first, then the skipped."""
    table = Table(box=box.SIMPLE_HEAD, header_style="bold", pad_edge=False)
    table.add_column(N_("Notice").say(lang), overflow="fold", ratio=2)
    table.add_column(N_("Draft").say(lang), overflow="fold", ratio=1)
    table.add_column(N_("Why").say(lang), overflow="fold", ratio=2)
    for o in sorted(outcomes, key=lambda o: (not o.kept, o.draft is None)):
        cell = Text(o.notice.title)
        cell.append(f"\n{o.notice.id}", style="dim")
        draft = Text(o.draft or "—", style="" if o.draft else "dim")
        if o.family:
            draft.append("\n" + N_("family {family}", family=o.family).say(lang), style="dim")
        table.add_row(cell, draft, said(o.why, lang))
    console.print(table)
    drafts = sum(1 for o in outcomes if o.draft)
    kept = sum(1 for o in outcomes if o.kept)
    console.print(N_("{n} notices: {kept} about smart factories, {drafts} drafts written to"
                     " {folder}; review each against its notice, then move it into the catalog",
                     n=len(outcomes), kept=kept, drafts=drafts, folder=folder).say(lang),
                  style="dim")  # fmt: skip

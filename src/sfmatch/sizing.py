"""Size class from revenue and industry when a profile gives none (contract §4.3), by the law in
force on the as-of date.

The caps (3-year average revenue by KSIC division, 중소기업기본법 시행령 별표1 and 별표3) changed on
2025-09-01. Both tables, with their dates and sources, are in `data/size_caps.toml`; a size is
derived with the one in force on the as-of date.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

from sfmatch.units import format_money, ksic_division

_억 = 10**8
MICRO_EMPLOYEES = 10
GRACE_NOTE = (
    "a firm that has outgrown SME size stays an SME for 5 years (since 2024-08-21): if it was an"
    " SME within the last 5 years, it may still apply as one"
)


@dataclass(frozen=True)
class SizeCaps:
    """One table of the law: SME and small-firm caps in won by division, from a date."""

    start: dt.date
    sme: dict[int, int]
    small: dict[int, int]
    source: str
    confirm: str  # a to-confirm note where the table's figures are weakly sourced, else ""


def _caps(table: dict[str, list[int]]) -> dict[int, int]:
    return {division: int(cap) * _억 for cap, divisions in table.items() for division in divisions}


@cache
def tables() -> tuple[SizeCaps, ...]:
    """Every table of the law, oldest first."""
    text = (resources.files("sfmatch") / "data" / "size_caps.toml").read_text(encoding="utf-8")
    found = [
        SizeCaps(t["from"], _caps(t["sme"]), _caps(t["small"]), t["source"], t["confirm"])
        for t in tomllib.loads(text)["table"]
    ]
    return tuple(sorted(found, key=lambda t: t.start))


def caps_on(as_of: dt.date) -> SizeCaps:
    """The table in force on `as_of` (the oldest one before the first date)."""
    found = tables()[0]
    for table in tables():
        if table.start <= as_of:
            found = table
    return found


def derive_size(
    ksic: str, employees: int, revenue_krw: int | None, as_of: dt.date
) -> tuple[str | None, tuple[str, ...]]:
    """(size, to-confirm notes); size is None when revenue is unknown."""
    if revenue_krw is None:
        return None, ()
    caps = caps_on(as_of)
    division = ksic_division(ksic)
    sme, small = caps.sme[division], caps.small[division]
    notes: list[str] = []
    basis = f"revenue {format_money(revenue_krw)} in KSIC C{division}"
    law = f"(caps in force from {caps.start})"
    if revenue_krw > sme:
        size = "midsize"
        notes.append(
            f"size midsize derived: {basis} is over the SME cap {format_money(sme)} {law};"
            f" large-group membership is not detected, confirm it; {GRACE_NOTE}"
        )
    elif revenue_krw <= small:
        size = "micro" if employees < MICRO_EMPLOYEES else "small"
        notes.append(
            f"size {size} derived: {basis} is within the small-firm cap {format_money(small)} {law}"
            + (f" and {employees} employees < {MICRO_EMPLOYEES}" if size == "micro" else "")
            + "; assets and independence tests are not checked"
        )
    else:
        size = "medium"
        notes.append(
            f"size medium derived: {basis} is above the small-firm cap {format_money(small)} and"
            f" within the SME cap {format_money(sme)} {law}; assets and independence tests are"
            " not checked"
        )
    if caps.confirm:
        notes.append(caps.confirm)
    return size, tuple(notes)

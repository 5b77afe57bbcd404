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
from pathlib import Path

from sfmatch.i18n import N_, Msg
from sfmatch.units import format_money, ksic_division

_억 = 10**8
MICRO_EMPLOYEES = 10
GRACE_NOTE = N_(
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
    weak: bool  # the per-division figures are weakly sourced: a derived size says to confirm


def _caps(table: dict[str, list[int]]) -> dict[int, int]:
    return {division: int(cap) * _억 for cap, divisions in table.items() for division in divisions}


@cache
def tables() -> tuple[SizeCaps, ...]:
    """Every table of the law, oldest first."""
    text = (Path(__file__).parent / "data" / "size_caps.toml").read_text(encoding="utf-8")
    found = [
        SizeCaps(t["from"], _caps(t["sme"]), _caps(t["small"]), t["source"], t["weak"])
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
    ksic: str, employees: int | None, revenue_krw: int | None, as_of: dt.date
) -> tuple[str | None, tuple[Msg, ...]]:
    """(size, to-confirm notes); size is None when revenue is unknown, or when it is within the
    small-firm cap and the head count, which tells micro from small, is unknown."""
    if revenue_krw is None:
        return None, ()
    caps = caps_on(as_of)
    division = ksic_division(ksic)
    sme, small = caps.sme[division], caps.small[division]
    notes: list[Msg] = []
    basis = N_("revenue {revenue} in KSIC C{division}", revenue=format_money(revenue_krw),
               division=division)  # fmt: skip
    if revenue_krw > sme:
        size = "midsize"
        notes.append(N_("size midsize derived: {basis} is over the SME cap {cap} (caps in force"
                        " from {date}); large-group membership is not detected, confirm it; {grace}",
                        basis=basis, cap=format_money(sme), date=caps.start, grace=GRACE_NOTE))  # fmt: skip
    elif revenue_krw <= small and employees is None:
        return None, (N_("size not derived: {basis} is within the small-firm cap {cap}, but"
                         " without the head count micro (under {micro} employees) and small cannot"
                         " be told apart", basis=basis, cap=format_money(small),
                         micro=MICRO_EMPLOYEES),)  # fmt: skip
    elif revenue_krw <= small:
        size = "micro" if employees < MICRO_EMPLOYEES else "small"
        cap = format_money(small)
        if size == "micro":
            notes.append(N_("size micro derived: {basis} is within the small-firm cap {cap} (caps"
                            " in force from {date}) and {employees} employees < {micro}; assets and"
                            " independence tests are not checked", basis=basis, cap=cap,
                            date=caps.start, employees=employees, micro=MICRO_EMPLOYEES))  # fmt: skip
        else:
            notes.append(N_("size small derived: {basis} is within the small-firm cap {cap} (caps"
                            " in force from {date}); assets and independence tests are not checked",
                            basis=basis, cap=cap, date=caps.start))  # fmt: skip
    else:
        size = "medium"
        notes.append(N_("size medium derived: {basis} is above the small-firm cap {small} and within"
                        " the SME cap {sme} (caps in force from {date}); assets and independence"
                        " tests are not checked", basis=basis, small=format_money(small),
                        sme=format_money(sme), date=caps.start))  # fmt: skip
    if caps.weak:
        notes.append(N_("the caps in force from {date} by division come from one secondary copy of"
                        " the MSS range guide; confirm the division's cap (중소기업 범위 확인)",
                        date=caps.start))  # fmt: skip
    return size, tuple(notes)

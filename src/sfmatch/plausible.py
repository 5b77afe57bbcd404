"""Values that cannot be true (errors) or are hard to believe (warnings), judged on the as-of date.

A file or a cell can be well formed and still wrong: a firm founded next year, a program received
in 2031, a million employees. The rules, in docs/places.md ("Plausibility"):

- `founded` after the as-of date, or before 1900: an error;
- a `prior` year after the as-of year: an error;
- (more than 200,000 employees is refused by the model itself: `models.MAX_EMPLOYEES`);
- revenue under `MIN_REVENUE_PER_EMPLOYEE` a head for a firm of 10 or more, or over
  `MAX_REVENUE_PER_EMPLOYEE`: a warning (a unit slip, 백만원 for 원, is the usual cause).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sfmatch.i18n import N_, Msg
from sfmatch.units import format_money

if TYPE_CHECKING:
    from sfmatch.models import Profile

PLAUSIBLE = frozenset({"founded", "prior"})  # the fields `impossible` judges
MIN_REVENUE_PER_EMPLOYEE = 10_000_000  # 1,000만원 a year
MAX_REVENUE_PER_EMPLOYEE = 100_000_000_000  # 1,000억 a year


def impossible(field: str, value: object, as_of: dt.date) -> tuple[Msg, Msg] | None:
    """(what is wrong, how to fix it) for one field's value, or None when it may be true."""
    if field == "founded" and isinstance(value, dt.date):
        if value > as_of:
            return (N_("founded {date} is after the as-of date {as_of}", date=value, as_of=as_of),
                    N_("check the date"))  # fmt: skip
        if value.year < 1900:
            return N_("founded {date} is before 1900", date=value), N_("check the date")
    if field == "prior" and isinstance(value, list):
        for i, entry in enumerate(value):
            year = entry.get("year") if isinstance(entry, dict) else getattr(entry, "year", None)
            if isinstance(year, int) and year > as_of.year:
                return (
                    N_("prior[{i}] year {year} is after the as-of year {as_of}", i=i, year=year,
                       as_of=as_of.year),
                    N_("a program received must lie in the past"),
                )  # fmt: skip
    return None


def profile_problems(profile: Profile, as_of: dt.date) -> list[tuple[str, Msg, Msg]]:
    """(field, what, hint) for each value of the profile that cannot be true."""
    found = []
    for field in sorted(PLAUSIBLE):
        problem = impossible(field, getattr(profile, field), as_of)
        if problem:
            found.append((field, *problem))
    return found


def doubt(revenue: int | None, employees: int) -> Msg | None:
    """A warning on revenue and head count that may be true but rarely is, or None."""
    if revenue is None or not employees:
        return None
    if employees >= 10 and revenue < MIN_REVENUE_PER_EMPLOYEE * employees:
        return N_("revenue under {amount} an employee (10 or more employees): check the unit of"
                  " the revenue", amount=format_money(MIN_REVENUE_PER_EMPLOYEE))  # fmt: skip
    if revenue > MAX_REVENUE_PER_EMPLOYEE * employees:
        return N_("revenue over {amount} an employee: check its unit",
                  amount=format_money(MAX_REVENUE_PER_EMPLOYEE))  # fmt: skip
    return None


def doubts(profile: Profile) -> list[Msg]:
    """Warnings on the profile's values that may be true but rarely are."""
    found = doubt(profile.revenue_krw, profile.employees)
    if found is None:
        return []
    return [N_("{doubt} ({revenue}, {employees} employees)", doubt=found,
               revenue=format_money(profile.revenue_krw), employees=f"{profile.employees:,}")]  # fmt: skip

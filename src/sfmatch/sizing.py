"""Size class from revenue and industry when a profile gives none (contract §4.3).

Caps are 3-year average revenue by KSIC division, from the Framework Act on SMEs as summarised in
../shared/research/korea-programs.md ("Definitions").
"""

from __future__ import annotations

from sfmatch.units import format_money, ksic_division

_억 = 10**8


def _caps(table: dict[int, tuple[int, ...]]) -> dict[int, int]:
    return {division: cap * _억 for cap, divisions in table.items() for division in divisions}


SME_CAP = _caps(
    {
        1500: (14, 15, 17, 24, 28, 32),
        1000: (10, 12, 13, 16, 19, 20, 22, 25, 26, 29, 30, 31),
        800: (11, 18, 21, 23, 27, 33),
        600: (34,),
    }
)
SMALL_CAP = _caps(
    {
        120: (10, 11, 14, 15, 19, 20, 21, 23, 24, 25, 26, 28, 29, 30, 32),
        80: (12, 13, 16, 17, 18, 22, 27, 31, 33),
        10: (34,),
    }
)
# Caps the research marks as inferred [I] rather than found [F].
INFERRED_SMALL_CAP = frozenset({16, 17, 18, 22, 27, 31, 33, 34})
MICRO_EMPLOYEES = 10


def derive_size(
    ksic: str, employees: int, revenue_krw: int | None
) -> tuple[str | None, tuple[str, ...]]:
    """(size, to-confirm notes); size is None when revenue is unknown."""
    if revenue_krw is None:
        return None, ()
    division = ksic_division(ksic)
    notes: list[str] = []
    basis = f"revenue {format_money(revenue_krw)} in KSIC C{division}"
    if revenue_krw > SME_CAP[division]:
        size = "midsize"
        notes.append(
            f"size midsize derived: {basis} is over the SME cap {format_money(SME_CAP[division])};"
            " large-group membership is not detected, confirm it"
        )
    elif revenue_krw <= SMALL_CAP[division]:
        size = "micro" if employees < MICRO_EMPLOYEES else "small"
        notes.append(
            f"size {size} derived: {basis} is within the small-firm cap"
            f" {format_money(SMALL_CAP[division])}"
            + (f" and {employees} employees < {MICRO_EMPLOYEES}" if size == "micro" else "")
            + "; assets and independence tests are not checked"
        )
    else:
        size = "medium"
        notes.append(
            f"size medium derived: {basis} is above the small-firm cap"
            f" {format_money(SMALL_CAP[division])} and within the SME cap"
            f" {format_money(SME_CAP[division])}; assets and independence tests are not checked"
        )
    if division in INFERRED_SMALL_CAP:
        notes.append(f"the small-firm cap for C{division} is inferred in the research; verify it")
    return size, tuple(notes)

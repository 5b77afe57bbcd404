"""The policy view's tables (`sfmatch gaps`): rows built once from a `Portfolio`, then laid out
as a Rich table, CSV, JSON or a workbook (the page, `render.html`, lays out the same rows), so
that the formats cannot disagree."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator

from rich import box
from rich.cells import cell_len
from rich.console import Console
from rich.table import Table
from rich.text import Text

from sfmatch import labels, vocab
from sfmatch.catalog import Catalog
from sfmatch.i18n import N_, Joined, Msg, Term, said
from sfmatch.output import csv_text
from sfmatch.portfolio import ALL, COVERAGE, SETTLE, SUMS, Group, Portfolio
from sfmatch.render.data import JSON_VERSION
from sfmatch.results import CREDIT
from sfmatch.units import format_money

# The five ways a stated need is covered, in reading order: the column and the engine's kind.
# They add up to the firms stating the need.
COVERAGE_COLUMNS = {
    "covered_sure": "covered",  # an eligible program, not closed, the firm's cash enough
    "covered_possible": "possible",  # only needs-info programs would cover it
    "closed-only": "closed-only",
    "cofunding": "cofunding",
    "uncovered": "uncovered",
}
NEED_COLUMNS = ("group", "need", "firms", "stating", *COVERAGE_COLUMNS, "uncovered_share",
                "to_settle")  # fmt: skip
# With a what-if catalog: its coverage beside the baseline's, and the firms that change.
SCENARIO_NEED_COLUMNS = (
    "what_if_sure", "what_if_possible", "what_if_uncovered", "newly_sure", "newly_possible",
    "losing_sure", "losing_possible",
)  # fmt: skip
DEMAND_COLUMNS = ("demand_krw", "demand_firms", "demand_cap_krw", "demand_cap_firms",
                  "demand_unknown_firms")  # fmt: skip
PROGRAM_COLUMNS = (
    "program", "name_ko", "funding_kind", "eligible", "needs_info", *DEMAND_COLUMNS,
    "needs_info_max_krw", "needs_info_unknown_firms", "budget_krw", "demand_to_budget", "slots",
    "eligible_to_slots", "oversubscribed",
)  # fmt: skip


LEFT_OUT_COLUMNS = ("row", "name", "brn", "region", "district", "size", "need", "coverage",
                    "reasons")  # fmt: skip


def left_out_rows(portfolio: Portfolio, lang: str = "en") -> list[dict]:
    """The firms a need leaves without sure coverage, their reasons said in `lang`."""
    return [{**r, "reasons": said(r["reasons"], lang)} for r in portfolio.left_out]


def left_out_table(
    portfolio: Portfolio, lang: str = "en"
) -> tuple[tuple[str, ...], Iterator[list]]:
    """The firms a need leaves without sure coverage (`gaps --list-uncovered`): only possibly
    covered, closed only, cash short or uncovered (`coverage`), each with why every program
    covering the need does not cover it for sure now (for a possible one, what to confirm); a
    folder's firms carry their `file`."""
    rows = left_out_rows(portfolio, lang)
    columns = (*LEFT_OUT_COLUMNS, "file") if any(r["file"] for r in rows) else LEFT_OUT_COLUMNS
    return columns, ([r[c] for c in columns] for r in rows)


CHANGE_COLUMNS = ("row", "name", "brn", "region", "district", "program", "before", "after")


def changes_table(portfolio: Portfolio) -> tuple[tuple[str, ...], Iterator[list]]:
    """Each firm's programs whose status a what-if catalog changes (`gaps --changes`): before
    and after, `absent` where a catalog lacks the program; a folder's firms carry their `file`."""
    rows = portfolio.changes
    columns = (*CHANGE_COLUMNS, "file") if any(r["file"] for r in rows) else CHANGE_COLUMNS
    return columns, ([r[c] for c in columns] for r in rows)


def firms_json(key: str, rows: list[dict], as_of: dt.date, **about: str) -> str:
    data = {"sfmatch": JSON_VERSION, "as_of": as_of.isoformat(), **about, key: rows}
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def settle_cell(to_settle: dict[str, int]) -> str:
    """A row's `to_settle` in one CSV or workbook cell: `sf_level 6272; conditions 6033`."""
    return "; ".join(f"{name} {n}" for name, n in to_settle.items())


def _cells(row: dict, columns: tuple[str, ...]) -> list:
    return [settle_cell(row[c]) if c == "to_settle" else row[c] for c in columns]


def _needs_table(portfolio: Portfolio, what_if: Catalog | None) -> tuple[tuple[str, ...], Iterator]:
    columns = (*NEED_COLUMNS, *SCENARIO_NEED_COLUMNS) if what_if else NEED_COLUMNS
    return columns, (_cells(r, columns) for r in need_rows(portfolio))


def _programs_rows(portfolio: Portfolio, catalog: Catalog, as_of: dt.date) -> Iterator[list]:
    return ([r[c] for c in PROGRAM_COLUMNS] for r in program_rows(portfolio, catalog, as_of))


def _kinds_rows(portfolio: Portfolio, catalog: Catalog, as_of: dt.date) -> Iterator[list]:
    return ([r[c] for c in KIND_COLUMNS] for r in kind_rows(portfolio, catalog, as_of))


NEED_ORDER = sorted(vocab.NEEDS.codes, key=lambda n: (n != "maintenance", vocab.NEEDS.rank(n)))


def need_rows(portfolio: Portfolio) -> Iterator[dict]:
    """Per group and need: firms stating it, and how it is covered: for sure, possibly (with
    the firms lacking each fact that would settle it, `to_settle`, in `SETTLE` order), closed
    only, cash short, uncovered; the five add up to `stating`. With a what-if catalog, its
    sure, possible and uncovered counts, and the firms it moves, firm by firm. Maintenance
    always comes first, and always shows, even where no firm states it."""
    scenario = portfolio.scenario
    for label in portfolio.labels():
        group = portfolio.groups[label]
        for need in NEED_ORDER:
            n = vocab.NEEDS.rank(need)
            stating = int(group.stated[n])
            if not stating and need != "maintenance":
                continue
            counts = {column: int(group.coverage[n, COVERAGE.index(kind)])
                      for column, kind in COVERAGE_COLUMNS.items()}  # fmt: skip
            share = round(counts["uncovered"] / stating, 3) if stating else None
            settle = {name: int(v) for name, v in zip(SETTLE, group.settle[n], strict=True) if v}
            row = {"group": label, "need": need, "firms": group.firms, "stating": stating,
                   **counts, "uncovered_share": share, "to_settle": settle}  # fmt: skip
            if scenario is not None:
                other = scenario.groups[label].coverage[n]
                row |= {
                    "what_if_sure": int(other[COVERAGE.index("covered")]),
                    "what_if_possible": int(other[COVERAGE.index("possible")]),
                    "what_if_uncovered": int(other[COVERAGE.index("uncovered")]),
                    "newly_sure": int(group.newly_sure[n]),
                    "newly_possible": int(group.newly_possible[n]),
                    "losing_sure": int(group.losing_sure[n]),
                    "losing_possible": int(group.losing_possible[n]),
                }
            yield row


def _sum(total: int, firms: int) -> int | None:
    """An amount summed over `firms`: unknown (None) where no firm gave one, never zero."""
    return total if firms else None


def program_rows(portfolio: Portfolio, catalog: Catalog, as_of: dt.date) -> Iterator[dict]:
    """Per current program: applicants, and the demand of the eligible ones against the budget
    and slots. Demand sums estimates only (`demand_krw`, over `demand_firms`); the firms known
    only by an upper bound are summed apart (`demand_cap_krw`, "at most"), those with no figure
    counted (`demand_unknown_firms`); needs-info firms apart again (`needs_info_max_krw`, at
    most, if they qualify). Loans and guarantees are credit, not summed as support. An amount
    no firm gave, or an unknown budget, is empty, never zero."""
    older = catalog.superseded(as_of)
    rows = []
    for j, program_id in enumerate(portfolio.programs):
        if program_id in older:
            continue
        program = catalog.get(program_id)
        funding = program.funding
        kind = funding.kind if funding else "grant"
        sums = {name: int(getattr(portfolio, name)[j]) for name in SUMS}
        eligible, needs_info = sums["eligible"], sums["needs_info"]
        exact_firms, cap_firms = sums["demand_exact_firms"], sums["demand_caps_firms"]
        unknown, possible_unknown = sums["demand_unknown"], sums["possible_unknown"]
        demand = _sum(sums["demand_exact"], exact_firms)
        cap = _sum(sums["demand_caps"], cap_firms)
        possible = _sum(sums["possible_max"], needs_info - possible_unknown)
        if kind in CREDIT:  # credit is not support: see the kinds table
            demand = cap = possible = None
            exact_firms = cap_firms = unknown = possible_unknown = 0
        budget = funding.budget_krw if funding else None
        slots = funding.slots if funding else None
        ratio = round(demand / budget, 2) if budget and demand is not None else None
        per_slot = round(eligible / slots, 2) if slots else None
        over = bool((budget and demand is not None and demand > budget)
                    or (slots and eligible > slots))  # fmt: skip
        rows.append({
            "program": program_id, "name_ko": program.name_ko or program.name, "funding_kind": kind,
            "eligible": eligible, "needs_info": needs_info, "demand_krw": demand,
            "demand_firms": exact_firms, "demand_cap_krw": cap, "demand_cap_firms": cap_firms,
            "demand_unknown_firms": unknown, "needs_info_max_krw": possible,
            "needs_info_unknown_firms": possible_unknown, "budget_krw": budget,
            "demand_to_budget": ratio, "slots": slots, "eligible_to_slots": per_slot,
            "oversubscribed": over,
        })  # fmt: skip
    yield from sorted(rows, key=lambda r: (-r["eligible"], -r["needs_info"], r["program"]))


KIND_COLUMNS = ("funding_kind", "credit", "programs", "eligible", *DEMAND_COLUMNS, "budget_krw",
                "budget_unknown_programs")  # fmt: skip
KIND_ORDER = ("grant", "voucher", "service", "loan", "guarantee")


def kind_rows(portfolio: Portfolio, catalog: Catalog, as_of: dt.date) -> list[dict]:
    """Demand summed apart per funding kind (grant, voucher, service; loan and guarantee as
    credit): never one total across kinds. As for programs: estimates, upper bounds and firms
    with no figure apart. Credit is an upper bound, every eligible firm drawing its whole limit
    (a loan with no known limit: its firms are unknown). Budgets add up where known; the
    programs whose budget is unknown are counted (all unknown: empty, never zero)."""
    older = catalog.superseded(as_of)
    sums: dict[str, dict] = {}
    for j, program_id in enumerate(portfolio.programs):
        if program_id in older:
            continue
        funding = catalog.get(program_id).funding
        kind = funding.kind if funding else "grant"
        row = sums.setdefault(kind, dict.fromkeys(KIND_COLUMNS, 0))
        row |= {"funding_kind": kind, "credit": kind in CREDIT}
        eligible = int(portfolio.eligible[j])
        row["programs"] += 1
        row["eligible"] += eligible
        if kind in CREDIT:
            limit = funding.max_krw if funding else None
            if limit:
                row["demand_cap_krw"] += eligible * limit
                row["demand_cap_firms"] += eligible
            else:
                row["demand_unknown_firms"] += eligible
        else:
            row["demand_krw"] += int(portfolio.demand_exact[j])
            row["demand_firms"] += int(portfolio.demand_exact_firms[j])
            row["demand_cap_krw"] += int(portfolio.demand_caps[j])
            row["demand_cap_firms"] += int(portfolio.demand_caps_firms[j])
            row["demand_unknown_firms"] += int(portfolio.demand_unknown[j])
        budget = funding.budget_krw if funding else None
        row["budget_krw"] += budget or 0
        row["budget_unknown_programs"] += budget is None
    for row in sums.values():
        row["demand_krw"] = _sum(row["demand_krw"], row["demand_firms"])
        row["demand_cap_krw"] = _sum(row["demand_cap_krw"], row["demand_cap_firms"])
        known = row["programs"] - row["budget_unknown_programs"]
        row["budget_krw"] = _sum(row["budget_krw"], known)
    return sorted(sums.values(), key=lambda r: KIND_ORDER.index(r["funding_kind"]))


def _firms(n: int) -> Msg:
    return N_("{n} firm", n=f"{n:,}") if n == 1 else N_("{n} firms", n=f"{n:,}")


def demand_parts(r: dict) -> list[Msg]:
    """A programs or kinds row's demand for people, never a range from 0: the estimate and its
    firms, then the firms known only by an upper bound (at most), then those with no figure."""
    parts = []
    if r["demand_firms"]:
        parts.append(N_("{amount} ({firms})", amount=format_money(r["demand_krw"]),
                        firms=_firms(r["demand_firms"])))  # fmt: skip
    if r["demand_cap_firms"]:
        parts.append(N_("at most {amount} ({firms}, upper bounds)",
                        amount=format_money(r["demand_cap_krw"]),
                        firms=_firms(r["demand_cap_firms"])))  # fmt: skip
    if r["demand_unknown_firms"]:
        parts.append(N_("{firms} with no estimate", firms=_firms(r["demand_unknown_firms"])))
    return parts


def demand_text(r: dict, lang: str = "en", sep: str = " + ") -> str:
    """Demand as a person should read it (`demand_parts`): credit for a loan's program row, a
    dash without an eligible firm."""
    if "program" in r and r["funding_kind"] in CREDIT:
        return N_("credit").say(lang)
    parts = demand_parts(r)
    return sep.join(p.say(lang) for p in parts) if r["eligible"] and parts else "—"


def needs_info_text(r: dict, lang: str = "en", sep: str = " + ") -> str:
    """What a program's needs-info firms would ask, apart from demand: at most the sum of their
    estimates and upper bounds, and those with no figure; a dash without one."""
    if r["funding_kind"] in CREDIT:
        return N_("credit").say(lang) if r["needs_info"] else "—"
    parts = []
    known = r["needs_info"] - r["needs_info_unknown_firms"]
    if known:
        parts.append(N_("at most {amount} ({firms})", amount=format_money(r["needs_info_max_krw"]),
                        firms=_firms(known)))  # fmt: skip
    if r["needs_info_unknown_firms"]:
        parts.append(N_("{firms} with no estimate", firms=_firms(r["needs_info_unknown_firms"])))
    return sep.join(p.say(lang) for p in parts) or "—"


def settle_parts(row: dict) -> list[Msg]:
    """What would settle a need's possible coverage, largest first: `level for 6,272 firms`."""
    ranked = sorted(row["to_settle"].items(), key=lambda item: (-item[1], SETTLE.index(item[0])))
    return [N_("{fact} for {firms}", fact=labels.CRITERION[name], firms=_firms(n))
            for name, n in ranked]  # fmt: skip


def settle_line(row: dict, need: str | Msg) -> Msg:
    """One need's possible coverage and what would settle it, for people."""
    return N_("{need}: {firms} possibly covered; to settle it, confirm {facts}", need=need,
              firms=_firms(row["covered_possible"]), facts=Joined(settle_parts(row), ", "))  # fmt: skip


# What the policy view's coverage and demand mean; the table, the page and the help say it.
COVERAGE_NOTE = N_(
    "Covered for sure: an eligible program, not closed, whose own share the firm's cash covers."
    " Possibly covered: only programs that need information would cover it; what would settle it"
    " is counted per fact (a firm counts under each fact it lacks, so these do not add up)."
    " Closed only, own share short and uncovered as for one firm. The five add up to the firms"
    " stating the need; firms stating no need are counted apart, never as covered."
)
DEMAND_NOTE = N_(
    "Demand: the estimated support of eligible firms, summed where it is an estimate; firms"
    " known only by an upper bound (a cap, or the largest project for want of a budget) are"
    " summed apart as at most, and firms with no figure counted. Firms that need information are"
    " apart: at most what they would ask if they qualify. Loans and guarantees are credit, not"
    " summed as support. Red: more demand or firms than budget or slots."
)


def gaps_json(
    portfolio: Portfolio,
    catalog: Catalog,
    as_of: dt.date,
    summary: dict,
    what_if: Catalog | None = None,
) -> str:
    total = portfolio.total()
    data = {
        "sfmatch": JSON_VERSION,
        "as_of": as_of.isoformat(),
        "summary": {**summary, "firms": total.firms, "no_needs": total.no_needs},
        "needs": list(need_rows(portfolio)),
        "no_needs": {label: portfolio.groups[label].no_needs for label in portfolio.labels()},
        "programs": list(program_rows(portfolio, catalog, as_of)),
        "kinds": kind_rows(portfolio, catalog, as_of),
    }
    if what_if is not None and portfolio.scenario is not None:
        data["what_if_programs"] = list(program_rows(portfolio.scenario, what_if, as_of))
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def gaps_csv(
    portfolio: Portfolio,
    catalog: Catalog,
    as_of: dt.date,
    table: str,
    what_if: Catalog | None = None,
) -> str:
    shown, where = (portfolio.scenario, what_if) if what_if else (portfolio, catalog)
    if table == "programs":
        return csv_text(PROGRAM_COLUMNS, _programs_rows(shown, where, as_of))  # type: ignore[arg-type]
    if table == "kinds":
        return csv_text(KIND_COLUMNS, _kinds_rows(shown, where, as_of))  # type: ignore[arg-type]
    return csv_text(*_needs_table(portfolio, what_if))


Sheets = list[tuple[str, tuple[str, ...], Iterator]]


def gaps_sheets(
    portfolio: Portfolio,
    catalog: Catalog,
    as_of: dt.date,
    summary: dict,
    what_if: Catalog | None = None,
) -> Sheets:
    """The workbook's sheets (`gaps -o gaps.xlsx`): what was read, the needs table, each group's
    firms and those stating no need, the programs table, and the what-if catalog's programs if
    any. The same rows as CSV and JSON."""
    total = portfolio.total()
    about = {"as_of": as_of.isoformat(), **summary, "firms": total.firms,
             "no_needs": total.no_needs}  # fmt: skip
    groups = (
        (label, portfolio.groups[label].firms, portfolio.groups[label].no_needs)
        for label in portfolio.labels()
    )
    sheets = [
        ("about", ("item", "value"), iter(about.items())),
        ("needs", *_needs_table(portfolio, what_if)),
        ("groups", ("group", "firms", "no_needs"), groups),
        ("programs", PROGRAM_COLUMNS, _programs_rows(portfolio, catalog, as_of)),
        ("kinds", KIND_COLUMNS, _kinds_rows(portfolio, catalog, as_of)),
    ]
    if what_if is not None and portfolio.scenario is not None:
        rows = _programs_rows(portfolio.scenario, what_if, as_of)
        sheets.append(("what-if programs", PROGRAM_COLUMNS, rows))
    return sheets


def _group(label: str, lang: str) -> str:
    return N_("all firms").say(lang) if label == ALL else label


def _need(code: str, lang: str, sep: str = " ") -> str:
    """A need as the table names it: its Korean label, with the code before it in English."""
    return vocab.NEEDS.label(code) if lang == "ko" else f"{code}{sep}({vocab.NEEDS.label(code)})"


def _coverage_table(
    title: str, lang: str, codes: list[str], headers: list[str], figures: int, width: int
) -> tuple[Table, list[str]]:
    """A table of needs and counts, and the needs as its first column names them. Neither a need
    nor a figure is ever cut. Where the console has room, each need on one line and each count
    column as wide as its header's longest word and its figures; else the need on two lines (the
    code, then the Korean label); else the headers as Rich folds them (never cropped)."""
    from rich.measure import Measurement

    console = Console(width=width)
    wides = [max([figures, *(cell_len(word) for word in h.split())]) for h in headers]
    for sep, whole in ((" ", True), ("\n", True), ("\n", False)):
        needs = [_need(code, lang, sep) for code in codes]
        table = Table(box=box.SIMPLE_HEAD, header_style="bold", pad_edge=False, title=title,
                      title_justify="left")  # fmt: skip
        longest = max(cell_len(line) for need in needs for line in need.split("\n"))
        table.add_column(N_("Need").say(lang), no_wrap=True, min_width=longest)
        for header, wide in zip(headers, wides, strict=True):
            table.add_column(header, justify="right", overflow="fold",
                             min_width=wide if whole else None)  # fmt: skip
        if not whole or Measurement.get(console, console.options, table).minimum < width:
            break
    return table, needs


MAX_GROUPS = 30  # groups a breakdown shows in the terminal and on the page; files hold them all


def breakdown_needs(portfolio: Portfolio) -> list[str]:
    """The needs a breakdown has a table for: those some firm states, maintenance first."""
    stated = portfolio.total().stated
    return [need for need in NEED_ORDER if stated[vocab.NEEDS.rank(need)]]


def breakdown_rows(portfolio: Portfolio, need: str) -> list[dict]:
    """A need's rows (`need_rows`), one a group, the most uncovered firms first, then the most
    firms stating it, then by group."""
    rows = [r for r in need_rows(portfolio) if r["need"] == need]
    return sorted(rows, key=lambda r: (-r["uncovered"], -r["stating"], r["group"]))


def render_gaps(
    console: Console,
    portfolio: Portfolio,
    catalog: Catalog,
    as_of: dt.date,
    what_if: Catalog | None = None,
    lang: str = "en",
    by: str | None = None,
) -> None:
    """The needs table of all firms; with a breakdown (`by`), then one table per need stated,
    its groups as rows (the most uncovered first, `MAX_GROUPS` at most); then the programs'
    demand and the demand per funding kind."""

    def say(value) -> str:
        return said(value, lang)

    breakdown, portfolio = portfolio, (portfolio.whole() if by is not None else portfolio)

    total = portfolio.total()
    title = N_("Needs and coverage across {firms}, as of {date}", firms=_firms(total.firms),
               date=as_of)  # fmt: skip
    console.print(Text(say(title), "bold"))
    console.print(say(COVERAGE_NOTE), style="dim")
    if what_if is not None:
        console.print(say(N_("With a what-if catalog: under each table, its coverage for sure and"
                             " possible beside the baseline's, and the firms it moves.")),
                      style="dim")  # fmt: skip
    rows = list(need_rows(portfolio))
    for label in portfolio.labels():
        group: Group = portfolio.groups[label]
        mine = [r for r in rows if r["group"] == label]
        heading = f"{_group(label, lang)} · {say(_firms(group.firms))}"
        names = [N_("Stating"), *labels.COVERAGE.values(), N_("% uncovered")]
        table, needs = _coverage_table(heading, lang, [r["need"] for r in mine],
                                    [say(n) for n in names], 7, console.width)  # fmt: skip
        for r in mine:
            share = "—" if r["uncovered_share"] is None else f"{100 * r['uncovered_share']:.0f}%"
            style = "bold red" if r["need"] == "maintenance" and r["uncovered"] else ""
            cells = [Text(needs[mine.index(r)], style), f"{r['stating']:,}",
                     *(f"{r[c]:,}" for c in COVERAGE_COLUMNS), share]  # fmt: skip
            cells[-2] = Text(f"{r['uncovered']:,}", style)
            table.add_row(*cells)
        console.print(table)
        for r in mine:
            if r["covered_possible"]:
                console.print("  " + say(settle_line(r, _need(r["need"], lang))))
        if group.no_needs:
            line = N_(
                "{firms} stating no need (not counted as covered)", firms=_firms(group.no_needs)
            )
            console.print("  " + say(line), style="dim")
        if what_if is not None:
            console.print(_what_if_table(mine, lang, console.width))
    if by is not None:
        for need in breakdown_needs(breakdown):
            _breakdown_table(console, breakdown, need, by, lang)
    _programs_table(console, portfolio, catalog, as_of, N_("Programs"), lang)
    _kinds_table(console, kind_rows(portfolio, catalog, as_of), lang)
    if what_if is not None and portfolio.scenario is not None:
        _programs_table(console, portfolio.scenario, what_if, as_of, N_("What-if programs"), lang)
    console.print(say(DEMAND_NOTE), style="dim")


def _breakdown_table(console: Console, portfolio: Portfolio, need: str, by: str,
                     lang: str) -> None:  # fmt: skip
    """One need across the groups of a breakdown: a group a row, named as a reader names it, the
    counts as columns, the most uncovered firms first. Where the console is too narrow, the last
    columns are left out, and a line says which; the groups past `MAX_GROUPS` are counted in a
    line that says where they all are."""
    rows = breakdown_rows(portfolio, need)
    shown = rows[:MAX_GROUPS]
    title = N_("{need} by {breakdown}: the groups with the most uncovered firms first",
               need=Term("need", need), breakdown=labels.BREAKDOWN[by])  # fmt: skip
    console.print()
    console.print(Text(title.say(lang), "bold"))  # wrapped, never cut
    names = [N_("Stating"), labels.COVERAGE["uncovered"], N_("% uncovered"),
             labels.COVERAGE["covered_sure"], labels.COVERAGE["covered_possible"],
             labels.COVERAGE["closed-only"], labels.COVERAGE["cofunding"], N_("Firms")]  # fmt: skip
    cells = []
    for r in shown:
        share = "—" if r["uncovered_share"] is None else f"{100 * r['uncovered_share']:.0f}%"
        hot = "bold red" if r["uncovered"] else ""
        cells.append([said(labels.group_words(r["group"], by), lang), f"{r['stating']:,}",
                      Text(f"{r['uncovered']:,}", hot), share, f"{r['covered_sure']:,}",
                      f"{r['covered_possible']:,}", f"{r['closed-only']:,}",
                      f"{r['cofunding']:,}", f"{r['firms']:,}"])  # fmt: skip
    headers = [name.say(lang) for name in names]
    # a column is at least as wide as its header's longest word and its widest figure: headers
    # wrap between words, figures never break (a column is whole or left out)
    wides = [max([cell_len(word) for word in header.split()]
                 + [cell_len(str(row[1 + i])) for row in cells]) for i, header in
             enumerate(headers)]  # fmt: skip
    group = labels.BREAKDOWN[by].say(lang)
    widest = max([cell_len(row[0]) for row in cells] + [cell_len(group)])

    def build(columns: int, names_width: int) -> Table:
        """Every column of a fixed width, so that the table is as wide as it measures."""
        table = Table(box=box.SIMPLE_HEAD, header_style="bold", pad_edge=False)
        table.add_column(group, overflow="fold", width=names_width)
        for header, wide in zip(headers[:columns], wides, strict=False):
            table.add_column(header, justify="right", overflow="fold", width=wide)
        for row in cells:
            table.add_row(*row[: 1 + columns])
        return table

    def width(table: Table) -> int:  # with the padding after the last column
        return _natural_width(table) + 1

    names_width = min(widest, 20)  # a longer group name wraps
    columns = len(names)
    while columns > 2 and width(build(columns, names_width)) > console.width:
        columns -= 1
    room = console.width - width(build(columns, names_width))
    console.print(build(columns, names_width + max(0, min(room, widest - names_width))))
    if columns < len(names):
        left = [name.say(lang) for name in names[columns:]]
        notice = N_("The terminal is {width} columns wide: {columns} left out (widen it, or use"
                    " --format csv).", width=console.width, columns=left)  # fmt: skip
        console.print(notice.say(lang), style="yellow")
    if len(rows) > len(shown):
        more = N_("{more} more groups, fewer uncovered firms: every group is in -o gaps.xlsx or"
                  " --format csv", more=len(rows) - len(shown))  # fmt: skip
        console.print(more.say(lang), style="dim")


def _what_if_table(rows: list[dict], lang: str, width: int) -> Table:
    """A group's what-if: sure, possible and uncovered now → with the what-if catalog, and the
    firms it moves, compared firm by firm."""
    title = N_("What-if against the baseline (now → what-if)").say(lang)
    names = [labels.COVERAGE["covered_sure"], labels.COVERAGE["covered_possible"],
             labels.COVERAGE["uncovered"], N_("Newly sure"), N_("Newly possible"),
             N_("Losing sure"), N_("Losing possible")]  # fmt: skip
    figures = 2 * len(f"{max(r['stating'] for r in rows):,}") + 3  # `110 → 72`
    table, needs = _coverage_table(title, lang, [r["need"] for r in rows],
                                [name.say(lang) for name in names], figures, width)  # fmt: skip
    for r in rows:
        table.add_row(
            needs[rows.index(r)],
            f"{r['covered_sure']:,} → {r['what_if_sure']:,}",
            f"{r['covered_possible']:,} → {r['what_if_possible']:,}",
            f"{r['uncovered']:,} → {r['what_if_uncovered']:,}",
            Text(f"+{r['newly_sure']:,}", "green" if r["newly_sure"] else ""),
            Text(f"+{r['newly_possible']:,}", "green" if r["newly_possible"] else ""),
            Text(f"−{r['losing_sure']:,}", "red" if r["losing_sure"] else ""),
            Text(f"−{r['losing_possible']:,}", "red" if r["losing_possible"] else ""),
        )
    return table


def _kinds_table(console: Console, rows: list[dict], lang: str = "en") -> None:
    title = N_("Demand by funding kind, summed apart (loans and guarantees are credit)")
    table = Table(box=box.SIMPLE_HEAD, header_style="bold", pad_edge=False, title_justify="left",
                  title=title.say(lang))  # fmt: skip
    table.add_column(N_("Kind").say(lang))
    for name in (N_("Programs"), N_("Eligible"), N_("Demand"), N_("Budget (known)"),
                 N_("Budget unknown")):  # fmt: skip
        if name == N_("Demand"):  # amounts with words: wrapped between words
            table.add_column(name.say(lang), overflow="fold", min_width=TEXT_WIDTH)
        else:
            table.add_column(name.say(lang), justify="right", overflow="fold")
    for r in rows:
        kind = (
            labels.KIND[r["funding_kind"]].say(lang)
            if r["funding_kind"] in labels.KIND
            else r["funding_kind"]
        )
        if r["credit"]:
            kind = N_("{kind} (credit)", kind=kind).say(lang)
        table.add_row(kind, f"{r['programs']:,}", f"{r['eligible']:,}",
                      demand_text(r, lang, "\n+ "), format_money(r["budget_krw"]),
                      f"{r['budget_unknown_programs']:,}")  # fmt: skip
    console.print(table)


def _programs_table(
    console: Console, portfolio: Portfolio, catalog: Catalog, as_of: dt.date, title: Msg,
    lang: str = "en",
) -> None:  # fmt: skip
    """Demand against budget per program, then the needs-info firms apart. Where the console
    is too narrow for every column, the last ones are left out, and a line says which (Rich
    would crop them silently)."""
    heading = N_("{title}: demand of eligible firms against budget and slots", title=title)
    unknown = N_("unknown").say(lang)
    names = [N_("Eligible"), N_("Demand"), N_("Budget"), N_("Demand/budget"), N_("Slots"),
             N_("Needs info"), N_("Needs-info demand")]  # fmt: skip
    texts = (names[1], names[-1])
    rows = []
    for r in program_rows(portfolio, catalog, as_of):
        if not (r["eligible"] or r["needs_info"]):
            continue
        cell = Text(r["name_ko"])
        cell.append(f"\n{r['program']}", style="dim")
        over = "bold red" if r["oversubscribed"] else ""
        budget = format_money(r["budget_krw"]) if r["budget_krw"] else unknown
        ratio = "—" if r["demand_to_budget"] is None else f"{r['demand_to_budget']:.2f}×"
        slots = unknown if r["slots"] is None else f"{r['slots']:,}"
        rows.append((cell, f"{r['eligible']:,}", demand_text(r, lang, "\n+ "), budget,
                     Text(ratio, over), Text(slots, over), f"{r['needs_info']:,}",
                     needs_info_text(r, lang, "\n+ ")))  # fmt: skip

    def build(shown: int) -> Table:
        table = Table(box=box.SIMPLE_HEAD, header_style="bold", pad_edge=False,
                      title=heading.say(lang), title_justify="left")  # fmt: skip
        table.add_column(N_("Program").say(lang), overflow="fold", min_width=room, max_width=room)
        for name in names[:shown]:  # figures are never broken: a column is whole or left out
            if name in texts:  # amounts with words: wrapped between words, at a fixed width
                table.add_column(name.say(lang), width=TEXT_WIDTH, overflow="fold")
            else:
                table.add_column(name.say(lang), justify="right", no_wrap=True)
        for row in rows:
            table.add_row(*row[: 1 + shown])
        return table

    # the program column as wide as its longest id (names wrap, ids stay whole)
    room = max([26] + [len(str(row[0]).split("\n")[-1]) for row in rows])
    shown = len(names)
    while shown > 2 and _natural_width(build(shown)) > console.width:
        shown -= 1
    console.print(build(shown))
    if shown < len(names):
        left = [name.say(lang) for name in names[shown:]]
        notice = N_("The terminal is {width} columns wide: {columns} left out (widen it, or use"
                    " --format csv).", width=console.width, columns=left)  # fmt: skip
        console.print(notice.say(lang), style="yellow")


TEXT_WIDTH = 24  # a demand cell's width in the terminal table: `at most 218억 (109 firms, …`


def _natural_width(table: Table) -> int:
    """How wide a table lays out with room to spare: its figure columns never wrap and its
    program column is fixed, so this is the width it needs."""
    import io

    wide = Console(file=io.StringIO(), width=1_000, color_system=None)
    wide.print(table)
    return max(cell_len(line.rstrip()) for line in wide.file.getvalue().splitlines())

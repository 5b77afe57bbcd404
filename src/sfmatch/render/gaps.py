"""The policy view's tables (`sfmatch gaps`): rows built once from a `Portfolio`, then laid out
as a Rich table, CSV or JSON, so that the formats cannot disagree."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from sfmatch import vocab
from sfmatch.catalog import Catalog
from sfmatch.output import csv_text
from sfmatch.portfolio import COVERAGE, Group, Portfolio
from sfmatch.render.data import JSON_VERSION
from sfmatch.results import CREDIT
from sfmatch.units import format_money

NEED_COLUMNS = ("group", "need", "firms", "stating", *COVERAGE, "uncovered_share")
# With a what-if catalog: its coverage beside the baseline's, and the firms that change.
SCENARIO_NEED_COLUMNS = ("what_if_covered", "what_if_uncovered", "newly_covered", "losing")
PROGRAM_COLUMNS = (
    "program", "name_ko", "funding_kind", "eligible", "needs_info", "demand_low_krw",
    "demand_high_krw", "demand_unknown_firms", "budget_krw", "demand_to_budget", "slots",
    "eligible_to_slots", "oversubscribed",
)  # fmt: skip


LEFT_OUT_COLUMNS = ("row", "name", "brn", "region", "district", "size", "need", "coverage",
                    "reasons")  # fmt: skip


def left_out_table(portfolio: Portfolio) -> tuple[tuple[str, ...], Iterator[list]]:
    """The firms a need leaves uncovered (`gaps --list-uncovered`), each with why every program
    covering the need does not cover it now; a folder's firms carry their `file`."""
    rows = portfolio.left_out
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


def _needs_table(portfolio: Portfolio, what_if: Catalog | None) -> tuple[tuple[str, ...], Iterator]:
    columns = (*NEED_COLUMNS, *SCENARIO_NEED_COLUMNS) if what_if else NEED_COLUMNS
    return columns, ([r[c] for c in columns] for r in need_rows(portfolio))


def _programs_rows(portfolio: Portfolio, catalog: Catalog, as_of: dt.date) -> Iterator[list]:
    return ([r[c] for c in PROGRAM_COLUMNS] for r in program_rows(portfolio, catalog, as_of))


def need_rows(portfolio: Portfolio) -> Iterator[dict]:
    """Per group and need: firms stating it, and how it is covered (with a what-if catalog, its
    coverage too, and the firms it newly covers or leaves uncovered). Maintenance always comes
    first, and always shows, even where no firm states it."""
    order = sorted(vocab.NEEDS.codes, key=lambda n: (n != "maintenance", vocab.NEEDS.rank(n)))
    scenario = portfolio.scenario
    for label in portfolio.labels():
        group = portfolio.groups[label]
        for need in order:
            n = vocab.NEEDS.rank(need)
            stating = int(group.stated[n])
            if not stating and need != "maintenance":
                continue
            counts = dict(zip(COVERAGE, map(int, group.coverage[n]), strict=True))
            share = round(counts["uncovered"] / stating, 3) if stating else None
            row = {"group": label, "need": need, "firms": group.firms, "stating": stating,
                   **counts, "uncovered_share": share}  # fmt: skip
            if scenario is not None:
                other = scenario.groups[label].coverage[n]
                row |= {
                    "what_if_covered": int(other[COVERAGE.index("covered")]),
                    "what_if_uncovered": int(other[COVERAGE.index("uncovered")]),
                    "newly_covered": int(group.newly[n]),
                    "losing": int(group.lost[n]),
                }
            yield row


def program_rows(portfolio: Portfolio, catalog: Catalog, as_of: dt.date) -> Iterator[dict]:
    """Per current program: applicants, and the demand of the eligible ones against the budget
    and slots. Demand is a range where some estimates are caps; loans are credit, not summed as
    support; an unknown budget is said so, never shown as zero."""
    older = catalog.superseded(as_of)
    rows = []
    for j, program_id in enumerate(portfolio.programs):
        if program_id in older:
            continue
        program = catalog.get(program_id)
        funding = program.funding
        kind = funding.kind if funding else "grant"
        eligible, needs_info = int(portfolio.eligible[j]), int(portfolio.needs_info[j])
        low = int(portfolio.demand_exact[j])
        high = low + int(portfolio.demand_caps[j])
        unknown = int(portfolio.demand_unknown[j])
        if kind in CREDIT or (eligible and unknown == eligible):
            low = high = None  # credit is not support; no estimate is not zero
        budget = funding.budget_krw if funding else None
        slots = funding.slots if funding else None
        ratio = round(high / budget, 2) if budget and high is not None else None
        per_slot = round(eligible / slots, 2) if slots else None
        over = bool((ratio is not None and low / budget > 1) or (per_slot or 0) > 1)  # type: ignore[operator]
        rows.append({
            "program": program_id, "name_ko": program.name_ko or program.name, "funding_kind": kind,
            "eligible": eligible, "needs_info": needs_info, "demand_low_krw": low,
            "demand_high_krw": high, "demand_unknown_firms": unknown if kind not in CREDIT else 0,
            "budget_krw": budget, "demand_to_budget": ratio,
            "slots": slots, "eligible_to_slots": per_slot, "oversubscribed": over,
        })  # fmt: skip
    yield from sorted(rows, key=lambda r: (-r["eligible"], -r["needs_info"], r["program"]))


KIND_COLUMNS = (
    "funding_kind", "credit", "programs", "eligible", "demand_low_krw", "demand_high_krw",
    "demand_unknown_firms", "budget_krw", "budget_unknown_programs",
)  # fmt: skip


def kind_rows(portfolio: Portfolio, catalog: Catalog, as_of: dt.date) -> list[dict]:
    """Demand summed apart per funding kind (grant, voucher, service; loan and guarantee as
    credit, up to every eligible firm drawing its whole limit): never one total across kinds.
    Budgets add up where known; the programs whose budget is unknown are counted."""
    older = catalog.superseded(as_of)
    sums: dict[str, dict] = {}
    for j, program_id in enumerate(portfolio.programs):
        if program_id in older:
            continue
        funding = catalog.get(program_id).funding
        kind = funding.kind if funding else "grant"
        row = sums.setdefault(kind, dict.fromkeys(KIND_COLUMNS, 0))
        row |= {"funding_kind": kind, "credit": kind in CREDIT}
        eligible, exact = int(portfolio.eligible[j]), int(portfolio.demand_exact[j])
        row["programs"] += 1
        row["eligible"] += eligible
        if kind in CREDIT:  # at most every eligible firm drawing the whole limit
            limit = funding.max_krw if funding else None
            row["demand_high_krw"] += eligible * (limit or 0)
            row["demand_unknown_firms"] += 0 if limit else eligible
        else:
            row["demand_low_krw"] += exact
            row["demand_high_krw"] += exact + int(portfolio.demand_caps[j])
            row["demand_unknown_firms"] += int(portfolio.demand_unknown[j])
        budget = funding.budget_krw if funding else None
        row["budget_krw"] += budget or 0
        row["budget_unknown_programs"] += budget is None
    order = ("grant", "voucher", "service", "loan", "guarantee")
    return sorted(sums.values(), key=lambda r: order.index(r["funding_kind"]))


def kind_demand(r: dict, unknown: str) -> str:
    """A kinds row's demand for people: an amount or a range, and the eligible firms it cannot
    estimate (`unknown` is the word for them, in the page's language); none without a firm."""
    low, high, n = r["demand_low_krw"], r["demand_high_krw"], r["demand_unknown_firms"]
    if not r["eligible"]:
        return "—"
    if n and not high:
        return f"{unknown} ({n:,})"
    text = format_money(low) if low == high else f"{format_money(low)} – {format_money(high)}"
    return text + (f" + {unknown} ({n:,})" if n else "")


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
        rows = kind_rows(shown, where, as_of)  # type: ignore[arg-type]
        return csv_text(KIND_COLUMNS, ([r[c] for c in KIND_COLUMNS] for r in rows))
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
        ("kinds", KIND_COLUMNS,
         ([r[c] for c in KIND_COLUMNS] for r in kind_rows(portfolio, catalog, as_of))),
    ]  # fmt: skip
    if what_if is not None and portfolio.scenario is not None:
        rows = _programs_rows(portfolio.scenario, what_if, as_of)
        sheets.append(("what-if programs", PROGRAM_COLUMNS, rows))
    return sheets


def demand_text(r: dict) -> str:
    """Demand as a person should read it: credit, unknown, an amount or a range, and how many
    eligible firms it leaves out for want of an estimate."""
    if r["funding_kind"] in CREDIT:
        return "credit"
    low, high = r["demand_low_krw"], r["demand_high_krw"]
    if low is None:
        return "unknown"
    if low == high:
        text = format_money(low)
    else:
        text = (
            f"≤ {format_money(high)}" if not low else f"{format_money(low)} – {format_money(high)}"
        )
    return text + (f" + {r['demand_unknown_firms']} unknown" if r["demand_unknown_firms"] else "")


def _firms(n: int) -> str:
    return f"{n:,} firm" if n == 1 else f"{n:,} firms"


def render_gaps(
    console: Console,
    portfolio: Portfolio,
    catalog: Catalog,
    as_of: dt.date,
    what_if: Catalog | None = None,
) -> None:
    total = portfolio.total()
    console.print(Text(f"Needs and coverage across {_firms(total.firms)}, as of {as_of}", "bold"))
    if what_if is not None:
        console.print("With a what-if catalog: its coverage beside the baseline's, and the firms"
                      " it newly covers or leaves uncovered.", style="dim")  # fmt: skip
    rows = list(need_rows(portfolio))
    for label in portfolio.labels():
        group: Group = portfolio.groups[label]
        table = Table(box=box.SIMPLE_HEAD, header_style="bold", pad_edge=False,
                      title=f"{label} · {_firms(group.firms)}", title_justify="left")  # fmt: skip
        table.add_column("Need")
        names = ["Stating", "Covered", "Closed only", "Cash short", "Uncovered", "% unc."]
        if what_if is not None:
            names += ["What-if covered", "Newly covered", "Losing"]
        for name in names:
            table.add_column(name, justify="right")
        for r in (r for r in rows if r["group"] == label):
            share = "—" if r["uncovered_share"] is None else f"{100 * r['uncovered_share']:.0f}%"
            need = f"{r['need']} ({vocab.NEEDS.label(r['need'])})"
            style = "bold red" if r["need"] == "maintenance" and r["uncovered"] else ""
            cells = [Text(need, style), f"{r['stating']:,}", f"{r['covered']:,}",
                     f"{r['closed-only']:,}", f"{r['cofunding']:,}",
                     Text(f"{r['uncovered']:,}", style), share]  # fmt: skip
            if what_if is not None:
                cells += [f"{r['what_if_covered']:,}", Text(f"+{r['newly_covered']:,}", "green"),
                          Text(f"−{r['losing']:,}", "red" if r["losing"] else "")]  # fmt: skip
            table.add_row(*cells)
        console.print(table)
        if group.no_needs:
            console.print(f"  {_firms(group.no_needs)} stating no need (not counted as covered)",
                          style="dim")  # fmt: skip
    _programs_table(console, portfolio, catalog, as_of, "Programs")
    _kinds_table(console, kind_rows(portfolio, catalog, as_of))
    if what_if is not None and portfolio.scenario is not None:
        _programs_table(console, portfolio.scenario, what_if, as_of, "What-if programs")
    console.print(
        "Demand: the estimated support of eligible firms; a range where some estimates are only"
        " a program's cap; loans are credit, not summed. Red: more demand or firms than budget"
        " or slots.",
        style="dim",
    )


def _kinds_table(console: Console, rows: list[dict]) -> None:
    table = Table(box=box.SIMPLE_HEAD, header_style="bold", pad_edge=False, title_justify="left",
                  title="Demand by funding kind, summed apart (loans and guarantees are credit)")  # fmt: skip
    table.add_column("Kind")
    for name in ("Programs", "Eligible", "Demand", "Budget (known)", "Budget unknown"):
        table.add_column(name, justify="right")
    for r in rows:
        demand = kind_demand(r, "unknown")
        table.add_row(r["funding_kind"] + (" (credit)" if r["credit"] else ""),
                      f"{r['programs']:,}", f"{r['eligible']:,}", demand,
                      format_money(r["budget_krw"]) if r["budget_krw"] else "—",
                      f"{r['budget_unknown_programs']:,}")  # fmt: skip
    console.print(table)


def _programs_table(
    console: Console, portfolio: Portfolio, catalog: Catalog, as_of: dt.date, title: str
) -> None:
    programs = Table(box=box.SIMPLE_HEAD, header_style="bold", pad_edge=False,
                     title=f"{title}: demand of eligible firms against budget and slots",
                     title_justify="left")  # fmt: skip
    programs.add_column("Program", overflow="fold", min_width=34)
    for name in ("Eligible", "Needs info", "Demand", "Budget", "Demand/budget", "Slots"):
        programs.add_column(name, justify="right")
    for r in program_rows(portfolio, catalog, as_of):
        if not (r["eligible"] or r["needs_info"]):
            continue
        cell = Text(r["name_ko"])
        cell.append(f"\n{r['program']}", style="dim")
        over = "bold red" if r["oversubscribed"] else ""
        budget = format_money(r["budget_krw"]) if r["budget_krw"] else "unknown"
        ratio = "—" if r["demand_to_budget"] is None else f"{r['demand_to_budget']:.2f}×"
        slots = "unknown" if r["slots"] is None else f"{r['slots']:,}"
        programs.add_row(cell, f"{r['eligible']:,}", f"{r['needs_info']:,}",
                         demand_text(r), budget,
                         Text(ratio, over), Text(slots, over))  # fmt: skip
    console.print(programs)

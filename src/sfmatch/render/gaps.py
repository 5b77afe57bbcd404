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

from sfmatch import labels, vocab
from sfmatch.catalog import Catalog
from sfmatch.i18n import N_, Msg, said
from sfmatch.output import csv_text
from sfmatch.portfolio import ALL, COVERAGE, Group, Portfolio
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


def left_out_rows(portfolio: Portfolio, lang: str = "en") -> list[dict]:
    """The firms a need leaves uncovered, their reasons said in `lang`."""
    return [{**r, "reasons": said(r["reasons"], lang)} for r in portfolio.left_out]


def left_out_table(
    portfolio: Portfolio, lang: str = "en"
) -> tuple[tuple[str, ...], Iterator[list]]:
    """The firms a need leaves uncovered (`gaps --list-uncovered`), each with why every program
    covering the need does not cover it now; a folder's firms carry their `file`."""
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


def demand_text(r: dict, lang: str = "en") -> str:
    """Demand as a person should read it: credit, unknown, an amount or a range, and how many
    eligible firms it leaves out for want of an estimate."""
    if r["funding_kind"] in CREDIT:
        return N_("credit").say(lang)
    low, high = r["demand_low_krw"], r["demand_high_krw"]
    if low is None:
        return N_("unknown").say(lang)
    if low == high:
        text = format_money(low)
    else:
        text = (
            f"≤ {format_money(high)}" if not low else f"{format_money(low)} – {format_money(high)}"
        )
    if not r["demand_unknown_firms"]:
        return text
    return N_("{amount} + {n} unknown", amount=text, n=r["demand_unknown_firms"]).say(lang)


def _group(label: str, lang: str) -> str:
    return N_("all firms").say(lang) if label == ALL else label


def _firms(n: int) -> Msg:
    return N_("{n} firm", n=f"{n:,}") if n == 1 else N_("{n} firms", n=f"{n:,}")


def render_gaps(
    console: Console,
    portfolio: Portfolio,
    catalog: Catalog,
    as_of: dt.date,
    what_if: Catalog | None = None,
    lang: str = "en",
) -> None:
    def say(value) -> str:
        return said(value, lang)

    total = portfolio.total()
    title = N_("Needs and coverage across {firms}, as of {date}", firms=_firms(total.firms),
               date=as_of)  # fmt: skip
    console.print(Text(say(title), "bold"))
    if what_if is not None:
        console.print(say(N_("With a what-if catalog: its coverage beside the baseline's, and the"
                             " firms it newly covers or leaves uncovered.")), style="dim")  # fmt: skip
    rows = list(need_rows(portfolio))
    for label in portfolio.labels():
        group: Group = portfolio.groups[label]
        table = Table(box=box.SIMPLE_HEAD, header_style="bold", pad_edge=False,
                      title=f"{_group(label, lang)} · {say(_firms(group.firms))}",
                      title_justify="left")  # fmt: skip
        table.add_column(say(N_("Need")))
        names = [N_("Stating"), N_("Covered"), labels.GAP_KIND["closed-only"],
                 labels.GAP_KIND["cofunding"], labels.GAP_KIND["uncovered"], N_("% uncovered")]  # fmt: skip
        if what_if is not None:
            names += [N_("What-if covered"), N_("Newly covered"), N_("Losing")]
        for name in names:
            table.add_column(say(name), justify="right", overflow="fold")
        for r in (r for r in rows if r["group"] == label):
            share = "—" if r["uncovered_share"] is None else f"{100 * r['uncovered_share']:.0f}%"
            need = f"{r['need']} ({vocab.NEEDS.label(r['need'])})"
            if lang == "ko":
                need = vocab.NEEDS.label(r["need"])
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
            line = N_(
                "{firms} stating no need (not counted as covered)", firms=_firms(group.no_needs)
            )
            console.print("  " + say(line), style="dim")
    _programs_table(console, portfolio, catalog, as_of, N_("Programs"), lang)
    _kinds_table(console, kind_rows(portfolio, catalog, as_of), lang)
    if what_if is not None and portfolio.scenario is not None:
        _programs_table(console, portfolio.scenario, what_if, as_of, N_("What-if programs"), lang)
    console.print(
        say(N_("Demand: the estimated support of eligible firms; a range where some estimates are"
               " only a program's cap; loans are credit, not summed. Red: more demand or firms"
               " than budget or slots.")),
        style="dim",
    )  # fmt: skip


def _kinds_table(console: Console, rows: list[dict], lang: str = "en") -> None:
    title = N_("Demand by funding kind, summed apart (loans and guarantees are credit)")
    table = Table(box=box.SIMPLE_HEAD, header_style="bold", pad_edge=False, title_justify="left",
                  title=title.say(lang))  # fmt: skip
    table.add_column(N_("Kind").say(lang))
    for name in (N_("Programs"), N_("Eligible"), N_("Demand"), N_("Budget (known)"),
                 N_("Budget unknown")):  # fmt: skip
        table.add_column(name.say(lang), justify="right", overflow="fold")
    for r in rows:
        demand = kind_demand(r, N_("unknown").say(lang))
        kind = (
            labels.KIND[r["funding_kind"]].say(lang)
            if r["funding_kind"] in labels.KIND
            else r["funding_kind"]
        )
        if r["credit"]:
            kind = N_("{kind} (credit)", kind=kind).say(lang)
        table.add_row(kind, f"{r['programs']:,}", f"{r['eligible']:,}", demand,
                      format_money(r["budget_krw"]) if r["budget_krw"] else "—",
                      f"{r['budget_unknown_programs']:,}")  # fmt: skip
    console.print(table)


def _programs_table(
    console: Console, portfolio: Portfolio, catalog: Catalog, as_of: dt.date, title: Msg,
    lang: str = "en",
) -> None:  # fmt: skip
    """Demand against budget per program. Where the console is too narrow for every column, the
    last ones are left out, and a line says which (Rich would crop them silently)."""
    heading = N_("{title}: demand of eligible firms against budget and slots", title=title)
    unknown = N_("unknown").say(lang)
    names = [N_("Eligible"), N_("Needs info"), N_("Demand"), N_("Budget"), N_("Demand/budget"),
             N_("Slots")]  # fmt: skip
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
        rows.append((cell, f"{r['eligible']:,}", f"{r['needs_info']:,}", demand_text(r, lang),
                     budget, Text(ratio, over), Text(slots, over)))  # fmt: skip

    def build(shown: int) -> Table:
        table = Table(box=box.SIMPLE_HEAD, header_style="bold", pad_edge=False,
                      title=heading.say(lang), title_justify="left")  # fmt: skip
        table.add_column(N_("Program").say(lang), overflow="fold", min_width=room, max_width=room)
        for name in names[:shown]:  # figures are never broken: a column is whole or left out
            table.add_column(name.say(lang), justify="right", no_wrap=True)
        for row in rows:
            table.add_row(*row[: 1 + shown])
        return table

    # the program column as wide as its longest id (names wrap, ids stay whole)
    room = max([26] + [len(str(row[0]).split("\n")[-1]) for row in rows])
    shown = len(names)
    while shown > 3 and _natural_width(build(shown)) > console.width:
        shown -= 1
    console.print(build(shown))
    if shown < len(names):
        left = [name.say(lang) for name in names[shown:]]
        notice = N_("The terminal is {width} columns wide: {columns} left out (widen it, or use"
                    " --format csv).", width=console.width, columns=left)  # fmt: skip
        console.print(notice.say(lang), style="yellow")


def _natural_width(table: Table) -> int:
    """How wide a table lays out with room to spare: its figure columns never wrap and its
    program column is fixed, so this is the width it needs."""
    import io

    from rich.cells import cell_len

    wide = Console(file=io.StringIO(), width=1_000, color_system=None)
    wide.print(table)
    return max(cell_len(line.rstrip()) for line in wide.file.getvalue().splitlines())

"""Rich tables a consultant can hand to a client. Takes a Console; never owns one."""

from __future__ import annotations

import datetime as dt

from rich import box
from rich.console import Console, Group
from rich.measure import Measurement
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from sfmatch import vocab
from sfmatch.models import Program
from sfmatch.results import CREDIT, CompanyView, Money, Recommendation, Result, WindowState
from sfmatch.units import format_money

STATUS_STYLE = {"eligible": "bold green", "needs-info": "yellow", "ineligible": "red"}
OUTCOME_STYLE = {"pass": "green", "fail": "bold red", "unknown": "yellow"}


def window_text(window: WindowState) -> str:
    if window.status == "rolling":
        return "rolling (상시)"
    if window.status == "unannounced":
        return "yearly (TBA)"
    if window.status == "upcoming":
        return f"opens {window.opens}"
    if window.status == "closed":
        return f"closed; next ~{window.next_opens}" if window.next_opens else "closed"
    if window.status == "expected-open":
        return f"expected open to ~{window.closes} ({window.days_left}d), by last year's dates"
    if window.closes is None:
        return "open"
    soon = "closing soon: " if window.status == "closing-soon" else "open to "
    return f"{soon}{window.closes} ({window.days_left}d)"


def company_line(company: CompanyView) -> str:
    where = company.district or company.region
    size = company.size or "size unknown"
    if company.size_derived:
        size += " (derived)"
    parts = [
        where,
        f"KSIC {company.ksic}",
        f"{company.employees} employees",
        f"revenue {format_money(company.revenue_krw)}",
        size,
        f"level {company.sf_level or 'unknown'}",
    ]
    if company.needs is not None:
        parts.append("needs " + (", ".join(company.needs) or "none"))
    return " · ".join(parts)


def _program_cell(result: Result) -> Text:
    text = Text(result.name_ko or result.name)
    text.append(f"\n{result.program}", style="dim")
    if result.status == "ineligible" and result.first_fail:
        text.append(f"\nwhy not: {result.first_fail}", style="red")
    return text


def _status_cell(result: Result) -> Text:
    text = Text(result.status, style=STATUS_STYLE[result.status])
    missing = [c.criterion for c in result.checks if c.outcome == "unknown"]
    if result.status == "needs-info":
        text.append("\nask: " + ", ".join(missing), style="dim")
    return text


def support_text(m: Money) -> str:
    """The support as a person should read it: a loan is credit (`loan ≤ 70억`), a cap is a cap
    (`≤ 2,000만`), help in kind says so; only an estimate is a bare amount."""
    if m.kind in CREDIT:
        return f"{m.kind} ≤ {format_money(m.limit_krw)}" if m.limit_krw is not None else m.kind
    if m.estimated_support_krw is None:
        return "in kind" if m.kind == "service" else "—"
    amount = format_money(m.estimated_support_krw)
    text = f"≤ {amount}" if m.support_is_cap else amount
    return f"{text} in kind" if m.kind == "service" else text


def max_support_text(program: Program) -> str:
    """A program's most per firm, as `support_text` words it: a loan's is credit."""
    funding = program.funding
    if funding is None or funding.max_krw is None:
        return funding.kind if funding and funding.kind in CREDIT else "—"
    amount = format_money(funding.max_krw)
    return f"{funding.kind} ≤ {amount}" if funding.kind in CREDIT else f"≤ {amount}"


def own_share(m: Money) -> int | None:
    """The own share to show: that of the project the program funds, where the company's
    budget is larger than that (`Money.project_own_krw`)."""
    return m.project_own_krw if m.project_own_krw is not None else m.self_share_krw


def _money_cell(result: Result) -> Text:
    """Support on the first line, the company's own share under it."""
    m = result.money
    text = Text(support_text(m))
    own = own_share(m)
    if own is not None:
        text.append(f"\nown {format_money(own)}", style="dim")
        if m.project_krw is not None:
            text.append(f"\nof {format_money(m.project_krw)}", style="dim")
    if m.project_short if m.project_krw is not None else m.cofunding_short:
        text.append("\ncash short", style="bold red")
    return text


def _ranking_table(shown: list[Result], console: Console) -> Table:
    """The wide layout when it fits the console whole; else the compact one, so that Rich never has
    to drop a column."""
    wide = _layout(shown, compact=False, id_width=_id_width(shown))
    # Only a table whose natural width fits is laid out wide: Rich's shrinking cannot honour the
    # id column's minimum and would crop the last column instead.
    unbounded = console.options.update_width(10_000)  # measure without clamping to the console
    if Measurement.get(console, unbounded, wide).maximum <= console.width:
        return wide
    # Compact: the widest program column that still fits whole, so that ids stay unbroken
    # wherever the console allows (80 columns do for every shipped id).
    room = _id_width(shown)
    while True:
        compact = _layout(shown, compact=True, id_width=room)
        if room <= 20 or Measurement.get(console, unbounded, compact).maximum <= console.width:
            return compact
        room -= 1


def _id_width(shown: list[Result]) -> int:
    # Whole ids on one line where the console allows: consultants copy them into `sfmatch explain`.
    return min(36, max((len(r.program) for r in shown), default=20))


def _layout(shown: list[Result], compact: bool, id_width: int) -> Table:
    """Wide: one column each. Compact: the window and the score go under the status and the
    covered needs under the program, so that the program's id keeps its whole width."""
    table = Table(box=box.SIMPLE_HEAD, header_style="bold", pad_edge=False)
    table.add_column("#", justify="right")
    table.add_column("Program", min_width=id_width, overflow="fold")
    table.add_column("Status", min_width=10, max_width=16)
    if not compact:
        table.add_column("Window", min_width=9, max_width=16)
    if not compact:
        table.add_column("Score", justify="right", min_width=5)
    table.add_column("Support", justify="right", min_width=10)
    if not compact:
        table.add_column("Covers", min_width=8)
    for rank, r in enumerate(shown, 1):
        program, status = _program_cell(r), _status_cell(r)
        covers = ", ".join(r.covers) or "—"
        score = "—" if r.score is None else f"{r.score:.1f}"
        if compact:
            program.append(f"\ncovers: {covers}", style="dim")
            status.append(f"\n{window_text(r.window)}", style="dim")
            status.append(f"\nscore {score}", style="dim")
            table.add_row(str(rank), program, status, _money_cell(r))
        else:
            window = window_text(r.window)
            table.add_row(str(rank), program, status, window, score, _money_cell(r), covers)
    return table


def render_recommendation(
    console: Console,
    rec: Recommendation,
    shown: list[Result],
    show_all: bool,
    off_need: list[Result] | None = None,
) -> None:
    """The ranked table, then near misses and gaps. `shown` is what --top and --all leave;
    `off_need`, the programs open to the firm that cover none of its needs, is only counted."""
    off_need = off_need or []
    console.print(Text(f"{rec.company.name} — smart-factory programs as of {rec.as_of}", "bold"))
    console.print(company_line(rec.company), style="dim")
    table = _ranking_table(shown, console)
    if shown:
        console.print(table)
    else:
        none = "covers your needs" if off_need else "is eligible or needs info"
        console.print(f"No program to show: none {none}.", style="yellow")
    ineligible = sum(r.status == "ineligible" and r.current for r in rec.results)
    older = sum(not r.current for r in rec.results)
    listed = {r.program for r in shown} | {r.program for r in off_need}
    beyond_top = sum(
        r.program not in listed and (show_all or (r.status != "ineligible" and r.current))
        for r in rec.results
    )
    if beyond_top:
        console.print(f"{beyond_top} more beyond --top.", style="dim")
    if off_need:
        console.print(
            f"{len(off_need)} more programs you can apply for cover none of your needs"
            " (use --all).",
            style="dim",
        )
    if ineligible and not show_all:
        console.print(f"{ineligible} ineligible programs not shown (use --all).", style="dim")
    if older and not show_all:
        console.print(
            f"{older} older editions not shown: each family is shown as its current edition"
            " (use --all).",
            style="dim",
        )

    near = rec.near_misses
    console.print(Text(f"\nNear misses: {len(near)} (one change away)", "bold"))
    for r in near:
        console.print(f"  • {r.name_ko or r.name} ({r.program}): {r.flip}")

    console.print(Text("\nGaps", "bold"))
    if rec.company.needs is None:
        console.print("  needs not given: add `needs` to the profile to see gaps.", style="yellow")
    elif not rec.gaps:
        console.print("  none: every need is covered by a program you can apply for.")
    for gap in rec.gaps:
        line = Text(f"{gap.kind}: {gap.detail}")
        if gap.need == "maintenance":
            console.print(
                Panel(line, title="MAINTENANCE GAP", title_align="left", border_style="bold red")
            )
        else:
            console.print(Text("  • ").append(line))


def render_explain(
    console: Console, company: CompanyView, result: Result, program: Program, as_of: dt.date
) -> None:
    console.print(Text(f"{result.name_ko or result.name} ({result.program})", "bold"))
    console.print(f"{program.name} · {program.operator} · {program.scope}", style="dim")
    console.print(f"{company.name}: {company_line(company)} · as of {as_of}", style="dim")
    status = Text("Status: ").append(result.status, STATUS_STYLE[result.status])
    if result.near_miss:
        status.append(f" — near miss: {result.flip}", style="yellow")
    console.print(status)

    checks = Table(title="Criteria", title_justify="left", header_style="bold")
    checks.add_column("Criterion")
    checks.add_column("Outcome")
    checks.add_column("Detail", overflow="fold")
    for c in result.checks:
        checks.add_row(c.criterion, Text(c.outcome, OUTCOME_STYLE[c.outcome]), c.detail)
    if not result.checks:
        checks.add_row("—", "", "the program sets no checkable criteria")
    console.print(checks)

    score = Table(title="Score", title_justify="left", header_style="bold")
    score.add_column("Component")
    score.add_column("Points", justify="right")
    score.add_column("Detail", overflow="fold")
    for c in result.components:
        score.add_row(c.name, f"{c.points:.1f} / {c.max_points}", c.detail)
    total = "— (ineligible)" if result.score is None else f"{result.score:.1f} / 100"
    score.add_row(Text("total", "bold"), Text(total, "bold"), "")
    console.print(score)

    m = result.money
    cash = format_money(company.cofunding_krw) if company.cofunding_krw is not None else "unknown"
    shown_short = m.project_short if m.project_krw is not None else m.cofunding_short
    short = {True: "short", False: "enough", None: "unknown"}[shown_short]
    if m.kind in CREDIT:
        console.print(f"Money: {support_text(m)}: credit to be repaid, not support")
    else:
        console.print(
            f"Money: support {support_text(m)} · own share {format_money(own_share(m))}"
            f" · cash {cash} ({short})"
        )
    if m.project_krw is not None:
        console.print(
            f"  your project budget {format_money(company.project_budget_krw)} is more than this"
            f" program funds: the figures are for a {format_money(m.project_krw)} project"
            f" (max support / government share); the rest, {format_money(m.self_share_krw)}"
            " in all, is yours",
            style="dim",
        )
    if m.support_is_cap:
        console.print("  the support is the program's cap, not an estimate", style="dim")
    console.print(f"Window: {window_text(result.window)}")
    console.print(f"Source: {program.source} (verified {program.verified})")
    if result.to_confirm:
        console.print(Text("To confirm", "bold"))
        for note in result.to_confirm:
            console.print(f"  • {note}")


def _range(rule) -> str:
    if rule.min is not None and rule.max is not None:
        return f"{_v(rule.min)}–{_v(rule.max)}"
    return f"≥ {_v(rule.min)}" if rule.min is not None else f"≤ {_v(rule.max)}"


def _v(value: object) -> str:
    return format_money(value) if isinstance(value, int) and value >= 10**4 else str(value)


def rule_text(name: str, rule: object) -> str:
    if isinstance(rule, list):
        return ", ".join(map(str, rule))
    if rule is True:
        return "required"
    if name == "prior_excluded":
        uses = "" if rule.max_uses == 1 else f", at most {rule.max_uses} uses"  # type: ignore[attr-defined]
        return f"{', '.join(rule.programs)} within {rule.within_years} years{uses}"  # type: ignore[attr-defined]
    return _range(rule)


def render_program_list(console: Console, programs: list[Program], windows: list[WindowState]):
    """One row a program: names, id, then scope and covered needs under them, so that it fits 80
    columns with whole ids."""
    table = Table(box=box.SIMPLE_HEAD, header_style="bold", pad_edge=False)
    id_width = min(36, max((len(p.id) for p in programs), default=20))
    table.add_column("Program", min_width=id_width, overflow="fold")
    table.add_column("Window", min_width=9, max_width=16)
    table.add_column("Max support", justify="right")
    for program, window in zip(programs, windows, strict=True):
        cell = Text(program.name_ko or program.name)
        cell.append(f"\n{program.id}", style="dim")
        cell.append(f"\n{program.scope} · covers {', '.join(program.covers)}", style="dim")
        table.add_row(cell, window_text(window), max_support_text(program))
    console.print(table)
    console.print(f"{len(programs)} programs", style="dim")


def render_families(console: Console, families: list[tuple[str, list[str], list[str]]]) -> None:
    """One row a program family: its editions in the catalog (or none: a past family kept for
    prior participation), then the names it answers to in a `prior` entry or `--program`."""
    table = Table(box=box.SIMPLE_HEAD, header_style="bold", pad_edge=False)
    table.add_column("Family", overflow="fold")
    table.add_column("Names it answers to", overflow="fold")
    for family, editions, names in families:
        cell = Text(family)
        shown = ", ".join(editions) if editions else "none: a past program, for prior records"
        cell.append(f"\neditions: {shown}", style="dim")
        table.add_row(cell, "; ".join(names) or "—")
    console.print(table)
    console.print(f"{len(families)} families", style="dim")


def render_program(console: Console, program: Program, window: WindowState) -> None:
    info = Table.grid(padding=(0, 2))
    info.add_column(style="bold")
    info.add_column()
    funding = program.funding
    rows = [
        ("id", program.id),
        ("family", program.family_id),
        ("name", program.name),
        ("name_ko", program.name_ko or "—"),
        ("operator", program.operator),
        ("scope", program.scope),
        ("covers", ", ".join(f"{c} ({vocab.NEEDS.label(c)})" for c in program.covers)),
        ("window", window_text(window)),
        ("max support", max_support_text(program)),
        ("kind", funding.kind if funding else "grant"),
        ("gov share", f"{funding.gov_share:.0%}" if funding and funding.gov_share else "—"),
        ("slots", str(funding.slots) if funding and funding.slots is not None else "—"),
        ("budget", format_money(funding.budget_krw if funding else None)),
        ("keywords", ", ".join(program.keywords) or "—"),
        ("source", program.source),
        ("url", program.url or "—"),
        ("verified", str(program.verified)),
    ]
    for name, value in rows:
        info.add_row(name, value)
    parts: list = [info]
    if program.summary:
        parts.append(Text("\n" + program.summary))
    rules = Table(title="Eligibility", title_justify="left", header_style="bold")
    rules.add_column("Criterion")
    rules.add_column("Rule")
    for name in type(program.eligibility).model_fields:
        rule = getattr(program.eligibility, name)
        if rule is not None:
            rules.add_row(name, rule_text(name, rule))
    parts.append(rules)
    if program.notes:
        parts.append(Text("To confirm", "bold"))
        parts.extend(Text(f"  • {note}") for note in program.notes)
    console.print(Group(*parts))

"""Rich tables a consultant can hand to a client. Takes a Console; never owns one.

Every word is a message said in the reader's language (`lang`, `ko` or `en`); labels of codes
come from `sfmatch.labels`, the texts of results from the results themselves.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from rich import box
from rich.cells import cell_len
from rich.console import Console, Group
from rich.measure import Measurement
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from sfmatch import labels
from sfmatch.criteria import ANY, CONDITIONS, OPEN_TO_ALL, READ_THE_CALL, Condition, conditions_of
from sfmatch.engine import largest_project
from sfmatch.i18n import N_, Msg, Named, Term, catalog_notes, operator_words, said
from sfmatch.records import PriorExcluded, Program
from sfmatch.results import CREDIT, CompanyView, Money, Recommendation, Result, WindowState
from sfmatch.units import format_money

STATUS_STYLE = {"eligible": "bold green", "needs-info": "yellow", "ineligible": "red"}
OUTCOME_STYLE = {"pass": "green", "fail": "bold red", "unknown": "yellow"}

if TYPE_CHECKING:
    from sfmatch.roadmap import Roadmap


def window_text(window: WindowState, lang: str) -> str:
    return labels.window_words(window).say(lang)


def company_parts(company: CompanyView, lang: str) -> list[str]:
    """The company in short, part by part: where, KSIC, head count, revenue, size, level, needs."""
    where = Term("place", company.district or company.region)
    if company.size is None:
        size: Msg | Term = N_("size unknown")
    elif company.size_derived:
        size = N_("{size} (derived)", size=Term("size", company.size))
    else:
        size = Term("size", company.size)
    level = Term("level", company.sf_level) if company.sf_level else N_("unknown")
    parts: list = [
        where,
        N_("KSIC {code}", code=company.ksic),
        N_("{n} employees", n=company.employees)
        if company.employees is not None
        else N_("head count unknown"),
        N_("revenue {revenue}", revenue=format_money(company.revenue_krw))
        if company.revenue_krw is not None
        else N_("revenue unknown"),
        size,
        N_("level {level}", level=level),
    ]
    if company.needs is not None:
        needs = [Term("need", n) for n in company.needs] or N_("none")
        parts.append(N_("needs {needs}", needs=needs))
    return [said(p, lang) for p in parts]


def _program_cell(result: Result, lang: str) -> Text:
    text = Text(_name(result, lang))
    text.append(f"\n{result.program}", style="dim")
    if result.status == "ineligible" and result.first_fail:
        text.append("\n" + N_("why not: {reason}", reason=result.first_fail).say(lang), style="red")
    return text


def _status_cell(result: Result, lang: str) -> Text:
    label = labels.status_label(result.status, result.window, said_beside=True)
    text = Text(label.say(lang), style=STATUS_STYLE[result.status])
    if result.status == "needs-info":
        asked = [labels.CRITERION[c] for c, _q in result.questions]
        text.append("\n" + N_("to confirm: {what}", what=asked).say(lang), style="dim")
    return text


def support_text(m: Money, lang: str) -> str:
    """The support as a person should read it: a loan is credit (`loan ≤ 70억`), a cap is a cap
    (`≤ 2,000만`), help in kind says so; only an estimate is a bare amount."""
    kind = labels.KIND[m.kind]
    if m.kind in CREDIT:
        if m.limit_krw is None:
            return kind.say(lang)
        return N_("{kind} ≤ {amount}", kind=kind, amount=format_money(m.limit_krw)).say(lang)
    if m.estimated_support_krw is None:
        return N_("in kind").say(lang) if m.kind == "service" else "—"
    amount = format_money(m.estimated_support_krw)
    text = f"≤ {amount}" if m.support_is_cap else amount
    return N_("{amount} in kind", amount=text).say(lang) if m.kind == "service" else text


def max_support_text(program: Program, lang: str) -> str:
    """A program's most per firm, as `support_text` words it: a loan's is credit."""
    funding = program.funding
    if funding is None or funding.max_krw is None:
        return labels.KIND[funding.kind].say(lang) if funding and funding.kind in CREDIT else "—"
    amount = format_money(funding.max_krw)
    if funding.kind in CREDIT:
        return N_("{kind} ≤ {amount}", kind=labels.KIND[funding.kind], amount=amount).say(lang)
    return f"≤ {amount}"


def _money_cell(result: Result, lang: str) -> Text:
    """Support on the first line, the company's own share under it, then the project it is of
    (or the program a matching program is estimated on)."""
    m = result.money
    text = Text(support_text(m, lang))
    if m.self_share_krw is not None:
        own = N_("own {amount}", amount=format_money(m.self_share_krw))
        text.append("\n" + own.say(lang), style="dim")
    if m.basis == "matched" and m.matched is not None:
        text.append("\n" + N_("matching {program}", program=m.matched).say(lang), style="dim")
    elif m.self_share_krw is not None and m.project_krw is not None:
        of = N_("of {amount}", amount=format_money(m.project_krw))
        text.append("\n" + of.say(lang), style="dim")
    if m.cofunding_short:
        text.append("\n" + N_("cash short").say(lang), style="bold red")
    return text


def parts_lines(parts: list[str], width: int, sep: str = " · ") -> list[str]:
    """Parts joined with `sep`, broken between parts only, so that no line ends on a separator
    or splits a part (`KSIC 25` stays whole); a part wider than the line gets a line of its own."""
    lines: list[str] = []
    for part in parts:
        if lines and cell_len(lines[-1]) + cell_len(sep) + cell_len(part) <= width:
            lines[-1] += sep + part
        else:
            lines.append(part)
    return lines


def _print_parts(console: Console, parts: list[str], style: str = "dim") -> None:
    for line in parts_lines(parts, console.width):
        console.print(line, style=style, overflow="fold")


HEADERS = {
    "rank": N_("#"),
    "program": N_("Program"),
    "status": N_("Status"),
    "window": N_("Window"),
    "score": N_("Score"),
    "support": N_("Support"),
    "covers": N_("Covers"),
}


def _ranking_table(shown: list[Result], console: Console, lang: str) -> tuple[Table, Msg | None]:
    """The wide layout when it fits the console whole; else the compact one, so that Rich never has
    to drop a column; where even that cannot fit, the support column goes, with a notice."""
    wide = _layout(shown, "wide", _id_width(shown), lang)
    # Only a table whose natural width fits is laid out wide: Rich's shrinking cannot honour the
    # id column's minimum and would crop the last column instead.
    unbounded = console.options.update_width(10_000)  # measure without clamping to the console
    if Measurement.get(console, unbounded, wide).maximum <= console.width:
        return wide, None
    # Compact: the window and score move under the status, so that the program column keeps the
    # whole width of the longest id (80 columns hold every shipped one): ids are never broken.
    compact = _layout(shown, "compact", _id_width(shown), lang)
    if Measurement.get(console, unbounded, compact).maximum <= console.width:
        return compact, None
    notice = N_("The terminal is {width} columns wide: the support column is left out (widen it,"
                " or use --format csv).", width=console.width)  # fmt: skip
    return _layout(shown, "narrow", _id_width(shown), lang), notice


def _id_width(shown: list[Result]) -> int:
    # Whole ids on one line where the console allows: consultants copy them into `sfmatch explain`.
    return min(36, max((len(r.program) for r in shown), default=20))


def _layout(shown: list[Result], layout: str, id_width: int, lang: str) -> Table:
    """Wide: one column each. Compact: the window and the score go under the status and the
    covered needs under the program, so that the program's id keeps its whole width. Narrow:
    compact without the support column."""
    wide = layout == "wide"
    table = Table(box=box.SIMPLE_HEAD, header_style="bold", pad_edge=False)
    head = {k: v.say(lang) for k, v in HEADERS.items()}
    table.add_column(head["rank"], justify="right")
    # The name wraps within the id's width, so that the id stays whole on its line.
    table.add_column(head["program"], min_width=id_width, max_width=id_width, overflow="fold")
    table.add_column(head["status"], min_width=10, max_width=18)
    if wide:
        table.add_column(head["window"], min_width=9, max_width=18)
        table.add_column(head["score"], justify="right", min_width=5)
    if layout != "narrow":
        table.add_column(
            head["support"], justify="right", min_width=10, max_width=None if wide else 14
        )
    if wide:
        table.add_column(head["covers"], min_width=8)
    for rank, r in enumerate(shown, 1):
        program, status = _program_cell(r, lang), _status_cell(r, lang)
        covers = said([Term("need", n) for n in r.covers], lang) or "—"
        score = "—" if r.score is None else f"{r.score:.1f}"
        if wide:
            window = window_text(r.window, lang)
            table.add_row(str(rank), program, status, window, score, _money_cell(r, lang), covers)
            continue
        program.append("\n" + N_("covers: {needs}", needs=covers).say(lang), style="dim")
        status.append(f"\n{window_text(r.window, lang)}", style="dim")
        status.append("\n" + N_("score {score}", score=score).say(lang), style="dim")
        if layout == "narrow":
            table.add_row(str(rank), program, status)
        else:
            table.add_row(str(rank), program, status, _money_cell(r, lang))
    return table


def render_recommendation(
    console: Console,
    rec: Recommendation,
    shown: list[Result],
    show_all: bool,
    off_need: list[Result] | None = None,
    lang: str = "en",
) -> None:
    """The ranked table, then questions, near misses and gaps. `shown` is what --top and --all
    leave; `off_need`, the programs open to the firm that cover none of its needs, is counted."""

    def say(message) -> str:
        return said(message, lang)

    off_need = off_need or []
    title = N_(
        "{name} — smart-factory programs as of {date}", name=rec.company.name, date=rec.as_of
    )
    console.print(Text(say(title), "bold"))
    _print_parts(console, company_parts(rec.company, lang))
    table, notice = _ranking_table(shown, console, lang)
    if shown:
        console.print(table)
    elif off_need:
        console.print(say(N_("No program you can apply for covers your needs.")), style="yellow")
    else:
        console.print(say(N_("No program you can apply for.")), style="yellow")
    if notice is not None and shown:
        console.print(say(notice), style="yellow")
    ineligible = sum(r.status == "ineligible" and r.current for r in rec.results)
    older = sum(not r.current for r in rec.results)
    listed = {r.program for r in shown} | {r.program for r in off_need}
    beyond_top = sum(
        r.program not in listed and (show_all or (r.status != "ineligible" and r.current))
        for r in rec.results
    )
    counts = []
    if beyond_top:
        counts.append(N_("{n} more beyond --top.", n=beyond_top))
    if off_need:  # eligible ones apart from those to confirm: possible is not sure
        eligible = sum(r.status == "eligible" for r in off_need)
        counts.append(N_("{n} more programs cover none of your needs: {eligible} eligible, {open}"
                         " to confirm (--all shows them).", n=len(off_need), eligible=eligible,
                         open=len(off_need) - eligible))  # fmt: skip
    if ineligible and not show_all:
        counts.append(N_("{n} you cannot apply for are not shown (--all).", n=ineligible))
    if older and not show_all:
        counts.append(N_("{n} older editions are not shown (--all).", n=older))
    for line in counts:
        console.print(say(line), style="dim")

    questions = rec.questions
    if questions:
        console.print(Text("\n" + say(N_("Questions to answer")), "bold"))
        for _criterion, question, programs in questions:
            n = N_("({n} programs)", n=len(programs))
            console.print(f"  • {say(question)} " + say(n), highlight=False)

    near, farther = rec.near, rec.farther
    console.print(Text("\n" + say(N_("Near misses: {n}", n=len(near))), "bold"))
    if not near:
        console.print("  " + say(N_("none: no program is one small change away.")), style="dim")
    for r in near:
        console.print(f"  • {_name(r, lang)} ({r.program}): {said(r.flip, lang)}", highlight=False)
    if farther:
        line = N_("One criterion away, but not near: {n}", n=len(farther))
        console.print(Text("\n" + say(line), "bold"))
        for r in farther:
            console.print(f"  • {_name(r, lang)} ({r.program}): {said(r.flip, lang)}",
                          style="dim", highlight=False)  # fmt: skip

    console.print(Text("\n" + say(N_("Gaps")), "bold"))
    if rec.company.needs is None:
        text = N_("needs not given: add `needs` to the profile to see gaps.")
        console.print("  " + say(text), style="yellow")
    elif not rec.gaps and not rec.unconfirmed:
        console.print("  " + say(N_("none: every need is covered by a program you can apply for.")))
    if rec.unconfirmed:  # possible is not sure: say which needs wait for answers
        console.print("  • " + say(labels.unconfirmed_words(rec.unconfirmed)), style="yellow")
    for gap in rec.gaps:
        line = Text(f"{say(labels.GAP_KIND[gap.kind])}: {say(gap.detail)}")
        if gap.need == "maintenance":
            title = say(N_("MAINTENANCE GAP"))
            console.print(Panel(line, title=title, title_align="left", border_style="bold red"))
        else:
            console.print(Text("  • ").append(line))


def _scope(scope: str, lang: str) -> str:
    return labels.SCOPE[scope].say(lang) if scope in labels.SCOPE else scope


def _name(result: Result, lang: str) -> str:
    return (result.name_ko or result.name) if lang == "ko" else result.name


def render_explain(
    console: Console,
    company: CompanyView,
    result: Result,
    program: Program,
    as_of: dt.date,
    lang: str = "en",
) -> None:
    def say(message) -> str:
        return said(message, lang)

    console.print(Text(f"{_name(result, lang)} ({result.program})", "bold"))
    _print_parts(console, [Named(program.name_ko, program.name).say(lang),
                           operator_words(program).say(lang), _scope(program.scope, lang)])  # fmt: skip
    as_of_text = say(N_("as of {date}", date=as_of))
    _print_parts(console, [company.name, *company_parts(company, lang), as_of_text])
    status = Text(say(N_("Status: "))).append(
        say(labels.status_label(result.status, result.window)), STATUS_STYLE[result.status]
    )
    if result.near_miss:
        kind = N_("near miss") if result.near else N_("one criterion away")
        status.append(f" — {say(kind)}: {said(result.flip, lang)}", style="yellow")
    console.print(status)

    checks = Table(title=say(N_("Criteria")), title_justify="left", header_style="bold")
    checks.add_column(say(N_("Criterion")))
    checks.add_column(say(N_("Outcome")))
    checks.add_column(say(N_("Detail")), overflow="fold")
    for c in result.checks:
        detail = Text(say(c.detail))
        if c.question is not None:
            detail.append("\n" + say(N_("ask: {question}", question=c.question)), style="yellow")
        elif c.outcome == "fail" and c.flip is not None:
            detail.append(f"\n→ {say(c.flip)}", style="dim")
        if c.source is not None:
            detail.append("\n" + say(N_("source: {source}", source=c.source)), style="dim")
        outcome = Text(say(labels.OUTCOME[c.outcome]), OUTCOME_STYLE[c.outcome])
        if c.weak:  # a weak condition never refuses: its fail is to confirm
            outcome = Text(say(N_("{outcome} (weak)", outcome=labels.OUTCOME[c.outcome])),
                           "yellow")  # fmt: skip
        checks.add_row(say(labels.CRITERION[c.criterion]), outcome, detail)
    console.print(checks)

    score = Table(title=say(N_("Score")), title_justify="left", header_style="bold")
    score.add_column(say(N_("Component")))
    score.add_column(say(N_("Points")), justify="right")
    score.add_column(say(N_("Detail")), overflow="fold")
    for c in result.components:
        score.add_row(
            say(labels.COMPONENT[c.name]), f"{c.points:.1f} / {c.max_points}", say(c.detail)
        )
    total = say(N_("— (ineligible)")) if result.score is None else f"{result.score:.1f} / 100"
    score.add_row(Text(say(N_("total")), "bold"), Text(total, "bold"), "")
    console.print(score)

    m = result.money
    cash = format_money(company.cofunding_krw) if company.cofunding_krw is not None else None
    short = {True: N_("short"), False: N_("enough"), None: N_("unknown")}[m.cofunding_short]
    if m.kind in CREDIT:
        line = N_(
            "Money: {support}: credit to be repaid, not support", support=support_text(m, lang)
        )
    else:
        own = format_money(m.self_share_krw) if m.self_share_krw is not None else N_("unknown")
        line = N_("Money: support {support} · own share {own} · cash {cash} ({short})",
                  support=support_text(m, lang), own=own,
                  cash=cash or N_("unknown"), short=short)  # fmt: skip
    console.print(say(line))
    project = labels.project_words(m)
    if project is not None and m.kind not in CREDIT:
        console.print("  " + say(project), style="dim")
    if m.support_is_cap:
        console.print("  " + say(N_("the support is an upper bound, not an estimate")), style="dim")
    console.print(say(N_("Window: {window}", window=labels.window_words(result.window))))
    console.print(say(N_("Source: {source} (verified {date})", source=program.source,
                         date=program.verified)), highlight=False)  # fmt: skip
    if result.to_confirm:
        console.print(Text(say(N_("To confirm")), "bold"))
        for note in result.to_confirm:
            console.print(f"  • {say(note)}", highlight=False)


def _range(rule) -> str:
    if rule.min is not None and rule.max is not None:
        return f"{_v(rule.min)}–{_v(rule.max)}"
    return f"≥ {_v(rule.min)}" if rule.min is not None else f"≤ {_v(rule.max)}"


def _v(value: object) -> str:
    return format_money(value) if isinstance(value, int) and value >= 10**4 else str(value)


def condition_cells(condition: Condition, lang: str) -> tuple[str, str]:
    """A program's condition as `programs show` lists it: what it is, and its rule, marked
    weak and with its own source where it has them."""
    name = condition.criterion
    head = f"{labels.CRITERION[name].say(lang)} ({name})"
    if name == ANY:
        text = " | ".join(
            " + ".join(f"{labels.CRITERION[n].say(lang)} {rule_text(n, r, lang)}" for n, r in alt)
            for alt in condition.rule
        )
    elif name == CONDITIONS:
        text = READ_THE_CALL.say(lang)
    elif name == OPEN_TO_ALL:
        text = N_("every manufacturer may apply").say(lang)
    else:
        text = rule_text(name, condition.rule, lang)
    if condition.weak:
        head += "\n" + N_("weak or single source").say(lang)
    if condition.source is not None:
        text += "\n" + N_("source: {source}", source=condition.source).say(lang)
    return head, text


def rule_text(name: str, rule: object, lang: str) -> str:
    if isinstance(rule, list):
        return ", ".join(map(str, rule))
    if rule is True:
        return N_("required").say(lang)
    if name == "prior_excluded":
        limit: PriorExcluded = rule  # type: ignore[assignment]
        text = N_(
            "{programs} within {years} years", programs=limit.programs, years=limit.within_years
        )
        if limit.max_uses != 1:
            text = N_("{rule}, at most {uses} uses", rule=text, uses=limit.max_uses)
        return text.say(lang)
    return _range(rule)


def render_program_list(
    console: Console, programs: list[Program], windows: list[WindowState], lang: str = "en"
) -> None:
    """One row a program: names, id, then scope and covered needs under them, so that it fits 80
    columns with whole ids."""
    table = Table(box=box.SIMPLE_HEAD, header_style="bold", pad_edge=False)
    id_width = min(36, max((len(p.id) for p in programs), default=20))
    table.add_column(N_("Program").say(lang), min_width=id_width, overflow="fold")
    table.add_column(N_("Window").say(lang), min_width=9, max_width=18)
    table.add_column(N_("Max support").say(lang), justify="right")
    for program, window in zip(programs, windows, strict=True):
        cell = Text((program.name_ko or program.name) if lang == "ko" else program.name)
        cell.append(f"\n{program.id}", style="dim")
        covers = N_("{scope} · covers {needs}", scope=_scope(program.scope, lang),
                    needs=[Term("need", c) for c in program.covers])  # fmt: skip
        cell.append("\n" + covers.say(lang), style="dim")
        table.add_row(cell, window_text(window, lang), max_support_text(program, lang))
    console.print(table)
    console.print(N_("{n} programs", n=len(programs)).say(lang), style="dim")


def render_families(
    console: Console, families: list[tuple[str, list[str], list[str]]], lang: str = "en"
) -> None:
    """One row a program family: its editions in the catalog (or none: a past family kept for
    prior participation), then the names it answers to in a `prior` entry or `--program`."""
    table = Table(box=box.SIMPLE_HEAD, header_style="bold", pad_edge=False)
    table.add_column(N_("Family").say(lang), overflow="fold")
    table.add_column(N_("Names it answers to").say(lang), overflow="fold")
    for family, editions, names in families:
        cell = Text(family)
        shown = editions or N_("none: a past program, for prior records")
        cell.append("\n" + N_("editions: {editions}", editions=shown).say(lang), style="dim")
        table.add_row(cell, "; ".join(names) or "—")
    console.print(table)
    console.print(N_("{n} families", n=len(families)).say(lang), style="dim")


def render_program(
    console: Console, program: Program, window: WindowState, lang: str = "en"
) -> None:
    info = Table.grid(padding=(0, 2))
    info.add_column(style="bold")
    info.add_column()
    funding = program.funding
    kind = funding.kind if funding else "grant"
    rows = [
        (N_("id"), program.id),
        (N_("family"), program.family_id),
        (N_("name"), program.name),
        (N_("Korean name"), program.name_ko or "—"),
        (N_("operator"), operator_words(program).say(lang)),
        (N_("scope"), _scope(program.scope, lang)),
        (
            N_("covers"),
            said(
                [N_("{code} ({label})", code=c, label=Term("need", c)) for c in program.covers],
                lang,
            ),
        ),
        (N_("window"), window_text(window, lang)),
        (N_("max support"), max_support_text(program, lang)),
        (N_("funding kind"), f"{kind} ({labels.KIND[kind].say(lang)})"),
        (
            N_("government share"),
            f"{funding.gov_share:.0%}" if funding and funding.gov_share else "—",
        ),
        (
            N_("largest project"),
            "—" if funding and funding.matches else format_money(largest_project(funding)),
        ),
        (N_("matches"), ", ".join(funding.matches) if funding and funding.matches else "—"),
        (N_("slots"), str(funding.slots) if funding and funding.slots is not None else "—"),
        (N_("budget"), format_money(funding.budget_krw if funding else None)),
        (N_("keywords"), ", ".join(program.keywords) or "—"),
        (N_("source"), program.source),
        (N_("url"), program.url or "—"),
        (N_("verified"), str(program.verified)),
    ]
    for name, value in rows:
        info.add_row(name.say(lang), value)
    parts: list = [info]
    if program.summary:
        parts.append(Text("\n" + Named(program.summary_ko, program.summary).say(lang)))
    rules = Table(title=N_("Eligibility").say(lang), title_justify="left", header_style="bold")
    rules.add_column(N_("Criterion").say(lang))
    rules.add_column(N_("Rule").say(lang), overflow="fold")
    for condition in conditions_of(program.eligibility):
        rules.add_row(*condition_cells(condition, lang))
    parts.append(rules)
    if program.notes:
        parts.append(Text(N_("To confirm").say(lang), "bold"))
        parts.extend(Text(f"  • {note.say(lang)}") for note in catalog_notes(program))
    console.print(Group(*parts))


def render_roadmap(
    console: Console, company: CompanyView, roadmap: Roadmap, lang: str = "en"
) -> None:
    """The steps as a numbered list (it reads at any width): when, what, why, and what goes
    beside each; then what could not be placed."""

    def say(message) -> str:
        return said(message, lang)

    title = N_("{name} — roadmap from {start} to {until}", name=company.name,
               start=roadmap.as_of, until=roadmap.until)  # fmt: skip
    console.print(Text(say(title), "bold"))
    _print_parts(console, company_parts(company, lang))
    if not roadmap.steps:
        console.print(say(N_("No step to plan.")), style="yellow")
    for step in roadmap.steps:
        when = str(step.start) if step.start else say(N_("date not known"))
        head = Text(f"\n{step.order}. {when} · ", style="bold")
        head.append(say(Term("need", step.stage)), style="bold")
        if step.program is None:
            head.append(" — " + say(N_("no program open to you")), style="bold red")
        else:
            name = (step.name_ko or step.name) if lang == "ko" else (step.name or step.name_ko)
            head.append(f" — {name} ", style="bold")
            head.append(f"({step.program})", style="dim")
            if step.status:
                style = STATUS_STYLE.get(step.status, "cyan")
                head.append(" · " + say(labels.STEP_STATUS[step.status]), style=style)
        console.print(head)
        for why in step.why:
            console.print(f"   - {say(why)}", highlight=False)
        for aside in step.beside:
            name = (aside.name_ko or aside.name) if lang == "ko" else aside.name
            line = N_("with {role}: {name} ({program})", role=Term("need", aside.role),
                      name=name, program=aside.program)  # fmt: skip
            console.print(f"   + {say(line)}", highlight=False)
            for why in aside.why:
                console.print(f"       {say(why)}", style="dim", highlight=False)
    if roadmap.notes:
        console.print(Text("\n" + say(N_("Not placed")), "bold"))
        for note in roadmap.notes:
            console.print(f"  • {say(note)}", highlight=False)

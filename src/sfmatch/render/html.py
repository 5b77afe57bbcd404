"""The policy view as a page to hand over (`sfmatch gaps --html FILE`).

One self-contained HTML file: inline CSS, inline SVG charts (pygal, text kept as text, no script
fetched), printable on A4, no network. It lays out the same rows as the table, CSV and JSON
(`render.gaps.need_rows`, `program_rows`), so the formats cannot disagree. Labels are Korean with
English beside, looked up in `LABELS` and the vocabularies, never spelled twice.

The page is deterministic: the same inputs give the same bytes (pygal's random chart ids and its
generation date are replaced).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Sequence
from importlib import resources

from sfmatch import labels, vocab
from sfmatch.catalog import Catalog, press_citations
from sfmatch.i18n import N_, Msg, Named, Term, operator_words, said
from sfmatch.portfolio import ALL, Portfolio
from sfmatch.render.gaps import (
    COVERAGE_COLUMNS,
    COVERAGE_NOTE,
    DEMAND_NOTE,
    MAX_GROUPS,
    breakdown_rows,
    demand_text,
    kind_rows,
    need_rows,
    needs_info_text,
    program_rows,
    settle_line,
)
from sfmatch.results import CREDIT
from sfmatch.units import format_money

# Every heading and legend of the page: a message, shown in Korean with English beside.
LABELS: dict[str, Msg] = {
    "title": N_("Smart-factory support: needs and gaps"),
    "as_of": N_("as of"),
    "inputs": N_("inputs"),
    "firms": N_("firms"),
    "no_needs": N_("stating no need"),
    "read": N_("rows read"),
    "scored": N_("scored"),
    "rejected": N_("rejected"),
    "catalog": N_("catalog"),
    "verified": N_("verified"),
    "need": N_("need"),
    "stating": N_("stating"),
    **labels.COVERAGE,
    "uncovered_share": N_("% uncovered"),
    "coverage": N_("Coverage per need"),
    "to_settle": N_("What would settle the possible coverage"),
    "programs": N_("Demand against budget per program"),
    "program": N_("program"),
    "eligible": N_("eligible firms"),
    "needs_info": N_("needing info"),
    "needs_info_demand": N_("needing info: at most"),
    "demand": N_("demand"),
    "demand_estimate": N_("estimated demand"),
    "demand_at_most": N_("with upper bounds, at most"),
    "budget": N_("budget"),
    "demand_to_budget": N_("demand/budget"),
    "slots": N_("slots"),
    "unknown": N_("unknown"),
    "credit": N_("credit"),
    "breakdown": N_("Breakdown"),
    "group": N_("group"),
    "scenario": N_("What-if comparison"),
    "now_to_what_if": N_("now → what-if"),
    "what_if_sure": N_("what-if: covered for sure"),
    "what_if_possible": N_("what-if: possibly covered"),
    "newly_sure": N_("newly covered for sure"),
    "newly_possible": N_("newly possibly covered"),
    "losing_sure": N_("losing sure coverage"),
    "losing_possible": N_("losing possible coverage"),
    "what_if_programs": N_("What-if programs"),
    "sources": N_("Program sources"),
    "operator": N_("operator"),
    "source": N_("source"),
    "oversubscribed": N_("oversubscribed"),
    "by": N_("split by"),
    **labels.BREAKDOWN,
    "eok": N_("100M KRW"),
    "kinds": N_("Demand by funding kind, summed apart"),
    "funding_kind": N_("funding kind"),
    "grant": N_("grant"),
    "voucher": N_("voucher"),
    "service": N_("service"),
    "loan": N_("loan"),
    "guarantee": N_("guarantee"),
    "programs_count": N_("programs"),
    "budget_unknown_programs": N_("budget unknown"),
    "no_firms": N_("no firms were read"),
    "no_programs": N_("no program has an eligible or needs-info firm"),
}
# The five kinds of coverage, from covered for sure to uncovered: greens, then ambers to red.
COLORS = {"covered_sure": "#2e7d32", "covered_possible": "#9ccc65", "closed-only": "#fdd835",
          "cofunding": "#ef6c00", "uncovered": "#c62828"}  # fmt: skip
SCENARIO_COLORS = ("#2e7d32", "#1565c0", "#9ccc65", "#64b5f6")  # sure, what-if; possible, what-if
FONTS = '"Noto Sans KR", "Noto Sans CJK KR", "Malgun Gothic", "Apple SD Gothic Neo", sans-serif'
EOK = 10**8


MAX_PROGRAMS = 10  # programs the page lists; the CSV and the workbook hold them all
MAX_CHARTED = 10  # groups the breakdown charts (its table lists MAX_GROUPS)


# The page is in one language, its reader's (`gaps --lang`, else the locale): set while a page
# is made (`gaps_html`), read by the helpers below and by the template.
_PAGE = {"lang": "ko"}


def word(key: str) -> str:
    """A heading or legend of the page, in the page's language."""
    return LABELS[key].say(_PAGE["lang"])


label = word  # a legend of a chart, a kind of funding: the same words


def both(message: Msg) -> tuple[str, None]:
    """A sentence of the page, in the page's language (the template's `sentence`)."""
    return message.say(_PAGE["lang"]), None


def need_label(code: str) -> str:
    """`유지보수·사후관리·A/S (maintenance)`: a need as the reader names it, its code beside."""
    words = Term("need", code).say(_PAGE["lang"])
    return code if words == code else f"{words} ({code})"


def group_label(group: str, by: str | None) -> str:
    """A group as the reader names it, its code beside: `인천광역시 부평구 (incheon/bupyeong)`."""
    words = said(labels.group_words(group, by), _PAGE["lang"])
    return group if words == group else f"{words} ({group})"


def gaps_html(
    portfolio: Portfolio,
    catalog: Catalog,
    as_of: dt.date,
    summary: dict,
    inputs: Sequence[str],
    by: str | None = None,
    what_if: Catalog | None = None,
    lang: str = "ko",
) -> str:
    """The policy page, in `lang`."""
    before, _PAGE["lang"] = _PAGE["lang"], lang
    try:
        return _gaps_html(portfolio, catalog, as_of, summary, inputs, by, what_if)
    finally:
        _PAGE["lang"] = before


def _gaps_html(portfolio, catalog, as_of, summary, inputs, by, what_if) -> str:
    import jinja2  # only for the page

    whole = portfolio.whole()
    needs = list(need_rows(whole))
    counted = [r for r in program_rows(portfolio, catalog, as_of)
               if r["eligible"] or r["needs_info"]]  # fmt: skip
    programs = counted[:MAX_PROGRAMS]  # the page prints on a few sheets; the files hold them all
    charts = _Charts()
    page = {
        "as_of": as_of.isoformat(),
        "inputs": list(inputs),
        "summary": summary,
        "firms": whole.groups[ALL].firms,
        "no_needs": whole.groups[ALL].no_needs,
        "by": by,
        "needs": needs,
        "settle": [
            both(settle_line(r, Term("need", r["need"]))) for r in needs if r["covered_possible"]
        ],
        "coverage_chart": charts.coverage(
            [need_label(r["need"]) for r in needs], needs, word("coverage")
        ),
        "programs": [_program(r) for r in programs],
        "programs_note": both(
            N_(
                "the {shown} programs with the most eligible firms, of {total}"
                " with eligible or needs-info firms: every program is in the"
                " workbook (gaps -o gaps.xlsx) and the CSV",
                shown=len(programs),
                total=len(counted),
            )
        )
        if len(counted) > len(programs)
        else None,
        "demand_chart": charts.demand(counted),
        "kinds": [_kind(r) for r in kind_rows(portfolio, catalog, as_of)],
        "catalog": _freshness(catalog, as_of),
        "sources": _sources(
            catalog,
            as_of,
            what_if,
            {r["program"] for r in programs} | {r["program"] for r in counted if r["budget_krw"]},
        ),
        "breakdown": None,
        "scenario": None,
        "notes": {"coverage": both(COVERAGE_NOTE), "demand": both(DEMAND_NOTE)},
    }
    if by is not None:
        page["breakdown"] = _breakdown(portfolio, by, charts)
    if what_if is not None and portfolio.scenario is not None:
        page["scenario"] = _scenario(whole, portfolio, catalog, what_if, as_of, charts)
    template = resources.files("sfmatch.render").joinpath("templates/gaps.html").read_text("utf-8")
    env = jinja2.Environment(
        autoescape=True, keep_trailing_newline=True, undefined=jinja2.StrictUndefined
    )
    env.filters["num"] = lambda n: "—" if n is None else f"{n:,}"
    env.filters["pct"] = lambda x: "—" if x is None else f"{100 * x:.0f}%"
    env.globals |= {"label": label, "need_label": need_label, "KINDS": tuple(COVERAGE_COLUMNS),
                    "group_label": lambda g: group_label(g, by), "both": both,
                    "FONTS": FONTS, "word": word, "lang": _PAGE["lang"]}  # fmt: skip
    return env.from_string(template).render(**page)


def _program(r: dict) -> dict:
    """A program row's cells: unknown said so (미상), never zero; no demand without an eligible
    firm; demand never a range from 0 (estimates, upper bounds and unknowns apart); the
    needs-info firms' at most apart."""
    unknown = word("unknown")
    demand = demand_text(r, "ko")
    if r["funding_kind"] in CREDIT:
        demand = label("credit")
    ratio = r["demand_to_budget"]
    return {
        **r,
        "demand": demand,
        "needs_info_demand": needs_info_text(r, "ko"),
        "budget": format_money(r["budget_krw"]) if r["budget_krw"] else unknown,
        "ratio": "—" if ratio is None else f"{ratio:.2f}×",
        "slots_text": unknown if r["slots"] is None else f"{r['slots']:,}",
    }


def _kind(r: dict) -> dict:
    return {**r, "name": label(r["funding_kind"]), "demand": demand_text(r, _PAGE["lang"]),
            "budget": format_money(r["budget_krw"])}  # fmt: skip


def _freshness(catalog: Catalog, as_of: dt.date) -> dict:
    """How current the catalog is: its programs, the oldest and newest check of their facts."""
    current = [p for p in catalog.programs if p.id not in catalog.superseded(as_of)]
    days = sorted(p.verified for p in current)
    recent = sum(1 for d in days if (as_of - d).days <= 183)
    return {"programs": len(current), "oldest": days[0].isoformat() if days else "—",
            "newest": days[-1].isoformat() if days else "—", "recent": recent,
            "programs_text": both(N_("{n} current programs", n=len(current))),
            "recent_text": both(N_("{n} checked in the last 6 months", n=recent))}  # fmt: skip


def _sources(
    catalog: Catalog, as_of: dt.date, what_if: Catalog | None, shown: set[str]
) -> list[dict]:
    """The source and date of each program the page shows, and of each program a what-if
    catalog adds or changes."""
    seen = {(p.id, p.verified, p.source) for p in catalog.programs if p.id not in shown}
    rows = []
    for where, tag in ((catalog, ""), (what_if, "what-if")):
        if where is None:
            continue
        older = where.superseded(as_of)
        for p in sorted(where.programs, key=lambda p: p.id):
            if p.id in older or (p.id, p.verified, p.source) in seen:
                continue
            seen.add((p.id, p.verified, p.source))
            link = p.source if p.source.startswith(("http://", "https://")) else None
            rows.append({"id": p.id, "name": Named(p.name_ko, p.name).say(_PAGE["lang"]),
                         "operator": operator_words(p).say(_PAGE["lang"]),
                         "verified": p.verified.isoformat(), "link": link,
                         # the articles cited; the research sheet's own references stay in
                         # the catalog (and in `programs show`)
                         "source": link or press_citations(p.source) or "—",
                         "tag": tag})  # fmt: skip
    return rows


def _focus(portfolio: Portfolio) -> str:
    """The need a breakdown charts: maintenance where any firm states it or none states any,
    else the most stated."""
    stated = portfolio.total().stated
    if stated[vocab.NEEDS.rank("maintenance")] or not stated.any():
        return "maintenance"
    return vocab.NEEDS.codes[int(stated.argmax())]


def _breakdown(portfolio: Portfolio, by: str, charts: _Charts) -> dict:
    need = _focus(portfolio)
    rows = breakdown_rows(portfolio, need)
    shown = rows[:MAX_GROUPS]  # the page prints on a few sheets; the files hold every group
    note = N_("the {shown} groups with the most uncovered firms, of {total}: every group is in"
              " the workbook (gaps -o gaps.xlsx) and the CSV", shown=len(shown),
              total=len(rows))  # fmt: skip
    return {"need": need, "rows": shown, "total": len(rows), "note": both(note),
            "chart": charts.coverage([group_label(r["group"], by) for r in shown[:MAX_CHARTED]],
                                     shown[:MAX_CHARTED], None, row=16)
            if shown else None}  # fmt: skip


def _scenario(whole, portfolio, catalog, what_if, as_of, charts) -> dict:
    rows = list(need_rows(whole))
    base = {r["program"]: r for r in program_rows(portfolio, catalog, as_of)}
    changed = [
        _program(r)
        for r in program_rows(portfolio.scenario, what_if, as_of)
        if base.get(r["program"]) != r
        and (r["eligible"] or r["needs_info"] or r["program"] in base)
    ]
    return {"rows": rows, "programs": changed, "chart": charts.compare(rows)}


class _Charts:
    """pygal charts as inline SVG: text as text, no script to fetch, stable ids."""

    def __init__(self) -> None:
        self.count = 0  # charts made so far: their ids

    def _style(self, colors: Sequence[str]):
        from pygal.style import Style

        return Style(font_family=FONTS, background="white", plot_background="white",
                     colors=tuple(colors), label_font_size=11, major_label_font_size=11,
                     legend_font_size=11, title_font_size=14, value_font_size=10)  # fmt: skip

    def _svg(self, chart) -> str:
        self.count += 1
        svg = chart.render(is_unicode=True, disable_xml_declaration=True)
        svg = re.sub(r"chart-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
                     f"chart-{self.count}", svg)  # fmt: skip
        svg = re.sub(r" on \d{4}-\d{2}-\d{2}-->", "-->", svg)  # the clock's date
        return re.sub(r"<script.*?</script>", "", svg, flags=re.S)  # tooltips need none

    def _config(self, kind, colors: Sequence[str], names: list[str], rows: int, row: int = 24,
                **options):  # fmt: skip
        """A horizontal chart with `names` as its labels. pygal sizes the label margin as if
        every character were Latin; Korean ones are about twice as wide, so the margin grows by
        the widest label's Korean characters."""
        wide = max((sum(unicodedata.east_asian_width(c) in "WF" for c in n) for n in names),
                   default=0)  # fmt: skip
        # The legend one entry a line, below the plot (which starts after the labels' margin):
        # Korean with English beside is too long for two columns.
        chart = kind(js=[], style=self._style(colors), width=760,
                     height=(80 if options.get("title") else 50) + row * max(rows, 1)
                     + 18 * len(colors), legend_at_bottom_columns=1,
                     legend_at_bottom=True, print_values=False, truncate_label=-1,
                     truncate_legend=-1, margin_left=6 + 5 * wide, **options)  # fmt: skip
        chart.x_labels = names[::-1]  # pygal draws the first label at the bottom: read top down
        return chart

    @staticmethod
    def _add(chart, title: str, values: list) -> None:
        chart.add(title, values[::-1])  # in the order of the labels (see `_config`)

    def coverage(self, names: list[str], rows: list[dict], title: str | None,
                 row: int = 24) -> str:  # fmt: skip
        """The five kinds of coverage stacked, from covered for sure to uncovered (`title`: None
        where the heading above names it)."""
        import pygal

        chart = self._config(pygal.HorizontalStackedBar, [COLORS[k] for k in COVERAGE_COLUMNS],
                             names, len(rows), row, title=title)  # fmt: skip
        for kind in COVERAGE_COLUMNS:
            self._add(chart, label(kind), [r[kind] for r in rows])
        return self._svg(chart)

    def demand(self, programs: list[dict]) -> str | None:
        """Against budget, in 억원: the estimated demand of eligible firms, with their upper
        bounds at most, and apart what the needs-info firms would ask at most; for programs
        (not credit) whose budget and one of these are known."""
        import pygal

        def eok(krw: int | None) -> float | None:
            return None if krw is None else round(krw / EOK, 1)

        def at_most(r: dict) -> int | None:
            if r["demand_krw"] is None and r["demand_cap_krw"] is None:
                return None
            return (r["demand_krw"] or 0) + (r["demand_cap_krw"] or 0)

        known = [r for r in programs if r["budget_krw"] and r["funding_kind"] not in CREDIT
                 and (at_most(r) is not None or r["needs_info_max_krw"] is not None)]  # fmt: skip
        if not known:
            return None
        chart = self._config(pygal.HorizontalBar, ("#1565c0", "#90caf9", "#ffb74d", "#90a4ae"),
                             [r["name_ko"] for r in known], 4 * len(known),
                             title=f"{word('programs')} ({word('eok')})")  # fmt: skip
        self._add(chart, label("demand_estimate"), [eok(r["demand_krw"]) for r in known])
        self._add(chart, label("demand_at_most"), [eok(at_most(r)) for r in known])
        self._add(chart, label("needs_info_demand"), [eok(r["needs_info_max_krw"]) for r in known])
        self._add(chart, label("budget"), [eok(r["budget_krw"]) for r in known])
        return self._svg(chart)

    def compare(self, rows: list[dict]) -> str:
        """Per need: covered for sure now and with the what-if catalog, then possibly."""
        import pygal

        chart = self._config(pygal.HorizontalBar, SCENARIO_COLORS,
                             [need_label(r["need"]) for r in rows], 4 * len(rows),
                             title=word("scenario"))  # fmt: skip
        self._add(chart, label("covered_sure"), [r["covered_sure"] for r in rows])
        self._add(chart, label("what_if_sure"), [r["what_if_sure"] for r in rows])
        self._add(chart, label("covered_possible"), [r["covered_possible"] for r in rows])
        self._add(chart, label("what_if_possible"), [r["what_if_possible"] for r in rows])
        return self._svg(chart)

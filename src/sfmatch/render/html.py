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

from sfmatch import vocab
from sfmatch.catalog import Catalog
from sfmatch.portfolio import ALL, COVERAGE, Portfolio
from sfmatch.render.gaps import demand_text, kind_demand, kind_rows, need_rows, program_rows
from sfmatch.results import CREDIT
from sfmatch.units import format_money

# Korean label, English label: every heading and legend of the page.
LABELS: dict[str, tuple[str, str]] = {
    "title": ("스마트공장 지원사업 수요·공백 분석", "Smart-factory support: needs and gaps"),
    "as_of": ("기준일", "as of"),
    "inputs": ("분석 대상", "inputs"),
    "firms": ("기업 수", "firms"),
    "no_needs": ("필요 분야 미기재", "stating no need"),
    "read": ("읽은 행", "rows read"),
    "scored": ("분석", "scored"),
    "rejected": ("제외(오류)", "rejected"),
    "catalog": ("사업 목록", "catalog"),
    "verified": ("확인일", "verified"),
    "need": ("필요 분야", "need"),
    "stating": ("필요 기업", "stating"),
    "covered": ("지원 가능", "covered"),
    "closed-only": ("접수 마감만", "closed only"),
    "cofunding": ("자부담 부족", "cash short"),
    "uncovered": ("지원 사업 없음", "uncovered"),
    "uncovered_share": ("공백 비율", "% uncovered"),
    "coverage": ("필요 분야별 지원 현황", "Coverage per need"),
    "programs": ("사업별 수요 대비 예산", "Demand against budget per program"),
    "program": ("사업", "program"),
    "eligible": ("지원 가능 기업", "eligible"),
    "needs_info": ("정보 필요", "needs info"),
    "demand": ("수요(추정 지원액)", "demand"),
    "budget": ("예산", "budget"),
    "demand_to_budget": ("수요/예산", "demand/budget"),
    "slots": ("선정 규모", "slots"),
    "unknown": ("미상", "unknown"),
    "credit": ("융자", "credit"),
    "breakdown": ("구분별 현황", "Breakdown"),
    "group": ("구분", "group"),
    "scenario": ("가상 시나리오 비교", "What-if comparison"),
    "what_if_covered": ("시나리오 지원 가능", "what-if covered"),
    "newly_covered": ("새로 지원", "newly covered"),
    "losing": ("지원 상실", "losing"),
    "what_if_programs": ("시나리오 사업", "What-if programs"),
    "sources": ("사업 출처", "Program sources"),
    "operator": ("운영 기관", "operator"),
    "source": ("출처", "source"),
    "oversubscribed": ("초과 수요", "oversubscribed"),
    "by": ("구분 기준", "split by"),
    "district": ("시·군·구", "district"),
    "size": ("기업 규모", "size class"),
    "level": ("스마트공장 수준", "smart-factory level"),
    "root": ("뿌리산업 여부", "root industry"),
    "division": ("업종(KSIC 중분류)", "KSIC division"),
    "eok": ("억원", "100M KRW"),
    "kinds": ("지원 방식별 수요 (따로 합산)", "Demand by funding kind, summed apart"),
    "funding_kind": ("지원 방식", "funding kind"),
    "grant": ("보조금", "grant"),
    "voucher": ("바우처", "voucher"),
    "service": ("현물·서비스", "service"),
    "loan": ("융자", "loan"),
    "guarantee": ("보증", "guarantee"),
    "programs_count": ("사업 수", "programs"),
    "budget_unknown_programs": ("예산 미상 사업", "budget unknown"),
}
COLORS = {"covered": "#2e7d32", "closed-only": "#f9a825", "cofunding": "#ef6c00",
          "uncovered": "#c62828"}  # fmt: skip
FONTS = '"Noto Sans KR", "Noto Sans CJK KR", "Malgun Gothic", "Apple SD Gothic Neo", sans-serif'
MAX_GROUPS = 30  # groups charted in the breakdown; the table lists them all
EOK = 10**8


def label(key: str) -> str:
    """`지원 가능 (covered)`: Korean, with the English beside."""
    ko, en = LABELS[key]
    return f"{ko} ({en})"


def need_label(code: str) -> str:
    return f"{vocab.NEEDS.label(code)} ({code})"


def group_label(group: str, by: str | None) -> str:
    """A group as a Korean reader names it, its code beside: `인천광역시 부평구 (incheon/bupyeong)`."""
    if by == "district":
        from sfmatch.places import korea

        code, _, rest = group.partition(" ")
        place = korea().by_code.get(code)
        if place is not None:  # `incheon (district unknown)`: the region only
            return f"{place.label}{' (시·군·구 미상)' if rest else ''} ({group})"
    words = {"size": vocab.SIZES, "level": vocab.LEVELS}
    if by in words and group in words[by].codes:
        return f"{words[by].label(group)} ({group})"
    names = {"root": "뿌리산업", "not root": "뿌리산업 아님", "root unknown": "뿌리산업 여부 미상",
             "size unknown": "규모 미상", "level unknown": "수준 미상"}  # fmt: skip
    return f"{names[group]} ({group})" if group in names else group


def gaps_html(
    portfolio: Portfolio,
    catalog: Catalog,
    as_of: dt.date,
    summary: dict,
    inputs: Sequence[str],
    by: str | None = None,
    what_if: Catalog | None = None,
) -> str:
    import jinja2  # only for the page

    whole = portfolio.whole()
    needs = list(need_rows(whole))
    programs = [r for r in program_rows(portfolio, catalog, as_of)
                if r["eligible"] or r["needs_info"]]  # fmt: skip
    charts = _Charts()
    page = {
        "as_of": as_of.isoformat(),
        "inputs": list(inputs),
        "summary": summary,
        "firms": whole.groups[ALL].firms,
        "no_needs": whole.groups[ALL].no_needs,
        "by": by,
        "needs": needs,
        "coverage_chart": charts.coverage(
            [need_label(r["need"]) for r in needs], needs, LABELS["coverage"][0]
        ),
        "programs": [_program(r) for r in programs],
        "demand_chart": charts.demand(programs),
        "kinds": [_kind(r) for r in kind_rows(portfolio, catalog, as_of)],
        "catalog": _freshness(catalog, as_of),
        "sources": _sources(catalog, as_of, what_if),
        "breakdown": None,
        "scenario": None,
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
    env.globals |= {"label": label, "need_label": need_label, "COVERAGE": COVERAGE,
                    "group_label": lambda g: group_label(g, by),
                    "FONTS": FONTS, "ko": lambda key: LABELS[key][0],
                    "en": lambda key: LABELS[key][1]}  # fmt: skip
    return env.from_string(template).render(**page)


def _program(r: dict) -> dict:
    """A program row's cells: unknown said so (미상), never zero; no demand without an eligible
    firm."""
    unknown = LABELS["unknown"][0]
    demand = demand_text(r).replace("unknown", unknown)
    if r["funding_kind"] in CREDIT:
        demand = label("credit")
    elif not r["eligible"]:
        demand = "—"
    ratio = r["demand_to_budget"]
    return {
        **r,
        "demand": demand,
        "budget": format_money(r["budget_krw"]) if r["budget_krw"] else unknown,
        "ratio": "—" if ratio is None or not r["eligible"] else f"{ratio:.2f}×",
        "slots_text": unknown if r["slots"] is None else f"{r['slots']:,}",
    }


def _kind(r: dict) -> dict:
    demand = kind_demand(r, LABELS["unknown"][0])
    return {**r, "name": label(r["funding_kind"]), "demand": demand,
            "budget": format_money(r["budget_krw"]) if r["budget_krw"] else "—"}  # fmt: skip


def _freshness(catalog: Catalog, as_of: dt.date) -> dict:
    """How current the catalog is: its programs, the oldest and newest check of their facts."""
    current = [p for p in catalog.programs if p.id not in catalog.superseded(as_of)]
    days = sorted(p.verified for p in current)
    recent = sum(1 for d in days if (as_of - d).days <= 183)
    return {"programs": len(current), "oldest": days[0].isoformat() if days else "—",
            "newest": days[-1].isoformat() if days else "—", "recent": recent}  # fmt: skip


def _sources(catalog: Catalog, as_of: dt.date, what_if: Catalog | None) -> list[dict]:
    seen, rows = set(), []
    for where, tag in ((catalog, ""), (what_if, "what-if")):
        if where is None:
            continue
        older = where.superseded(as_of)
        for p in sorted(where.programs, key=lambda p: p.id):
            if p.id in older or (p.id, p.verified, p.source) in seen:
                continue
            seen.add((p.id, p.verified, p.source))
            link = p.source if p.source.startswith(("http://", "https://")) else None
            rows.append({"id": p.id, "name": p.name_ko or p.name, "operator": p.operator,
                         "verified": p.verified.isoformat(), "source": p.source, "link": link,
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
    rows = [r for r in need_rows(portfolio) if r["need"] == need]
    shown = sorted(rows, key=lambda r: (-r["uncovered"], -r["stating"], r["group"]))[:MAX_GROUPS]
    title = f"{need_label(need)} · {LABELS['breakdown'][0]}"
    return {"need": need, "rows": rows, "shown": len(shown),
            "chart": charts.coverage([group_label(r["group"], by) for r in shown], shown, title)
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

    def _config(self, kind, colors: Sequence[str], names: list[str], rows: int, **options):
        """A horizontal chart with `names` as its labels. pygal sizes the label margin as if
        every character were Latin; Korean ones are about twice as wide, so the margin grows by
        the widest label's Korean characters."""
        wide = max((sum(unicodedata.east_asian_width(c) in "WF" for c in n) for n in names),
                   default=0)  # fmt: skip
        chart = kind(js=[], style=self._style(colors), width=760, height=110 + 24 * max(rows, 1),
                     legend_at_bottom=True, legend_at_bottom_columns=2, print_values=False,
                     truncate_label=-1, truncate_legend=-1, margin_left=6 + 5 * wide,
                     **options)  # fmt: skip
        chart.x_labels = names[::-1]  # pygal draws the first label at the bottom: read top down
        return chart

    @staticmethod
    def _add(chart, title: str, values: list) -> None:
        chart.add(title, values[::-1])  # in the order of the labels (see `_config`)

    def coverage(self, names: list[str], rows: list[dict], title: str) -> str:
        import pygal

        chart = self._config(pygal.HorizontalStackedBar, [COLORS[k] for k in COVERAGE], names,
                             len(rows), title=title)  # fmt: skip
        for kind in COVERAGE:
            self._add(chart, label(kind), [r[kind] for r in rows])
        return self._svg(chart)

    def demand(self, programs: list[dict]) -> str | None:
        """Demand (upper bound) against budget, in 억원, for programs whose both are known."""
        import pygal

        known = [r for r in programs if r["budget_krw"] and r["demand_high_krw"] is not None]
        if not known:
            return None
        chart = self._config(pygal.HorizontalBar, ("#1565c0", "#90a4ae"),
                             [r["name_ko"] for r in known], 2 * len(known),
                             title=f"{LABELS['programs'][0]} ({LABELS['eok'][0]})")  # fmt: skip
        self._add(chart, label("demand"), [round(r["demand_high_krw"] / EOK, 1) for r in known])
        self._add(chart, label("budget"), [round(r["budget_krw"] / EOK, 1) for r in known])
        return self._svg(chart)

    def compare(self, rows: list[dict]) -> str:
        import pygal

        chart = self._config(pygal.HorizontalBar, (COLORS["covered"], "#1565c0"),
                             [need_label(r["need"]) for r in rows], 2 * len(rows),
                             title=LABELS["scenario"][0])  # fmt: skip
        self._add(chart, label("covered"), [r["covered"] for r in rows])
        self._add(chart, label("what_if_covered"), [r["what_if_covered"] for r in rows])
        return self._svg(chart)

"""The consultant's report on one company (`sfmatch report PROFILE -o report.html`).

One self-contained page to hand to a client: inline CSS, no script, nothing fetched, printable
on A4. The client's version says what a factory owner acts on, in the page's language: the
first programs in full, the others in a line each, no back-office notes (how the profile was
read, the catalog's own notes, its research references and confidence marks); a program's
facts from an earlier call are one plain sentence, and each program's source one line of
agency, date and link. `detail=True` is the consultant's version, with all of them.

It lays out the same result objects as `recommend`, `explain` and `roadmap` (the
recommendation, its questions and near misses, its gaps, the roadmap); every number comes from
them, and every word is a message said in the page's language (`lang`, Korean by default).
The bars of the money column are drawn in CSS from the same amounts. The same inputs give the
same bytes.
"""

from __future__ import annotations

import datetime as dt
import re
from importlib import resources

from sfmatch import labels
from sfmatch.catalog import Catalog
from sfmatch.i18n import N_, Note, Term, operator_words, said
from sfmatch.render.table import company_parts, support_text
from sfmatch.results import CREDIT, Recommendation, Result
from sfmatch.roadmap import Roadmap
from sfmatch.units import format_money

CARDS = 3  # programs the client's version lays out in full; the rest go in a table
FONTS = '"Noto Sans KR", "Noto Sans CJK KR", "Malgun Gothic", "Apple SD Gothic Neo", sans-serif'

# Every heading and fixed word of the page.
WORDS = {
    "recommended": N_("Programs to apply for"),
    "recommended_note": N_("Ranked; each covers at least one of the needs you stated."),
    "others": N_("Other programs open to you"),
    "others_note": N_("They cover none of the needs you stated."),
    "why": N_("Why it fits"),
    "money": N_("Money"),
    "window": N_("Window"),
    "confirm": N_("To confirm"),
    "support": N_("support"),
    "own": N_("own share"),
    "cap": N_("cap: the most the program pays, not an estimate"),
    "questions": N_("Questions to answer"),
    "questions_note": N_("Each answer settles what some programs still need to know."),
    "near": N_("Near misses"),
    "near_note": N_("One criterion fails, and it is within reach."),
    "farther": N_("One criterion away, but not near"),
    "gaps": N_("Gaps: needs no program you can apply for covers"),
    "no_gaps": N_("None: every need you stated is covered by a program you can apply for."),
    "no_needs": N_("Needs not given: add them to the profile to see gaps."),
    "roadmap": N_("Roadmap: what to apply for, in what order"),
    "when": N_("When"),
    "stage": N_("Stage"),
    "program": N_("Program"),
    "beside": N_("Beside it"),
    "not_placed": N_("Not placed"),
    "sources": N_("Sources"),
    "verified": N_("verified"),
    "none": N_("none"),
    "date_unknown": N_("date not known"),
    "cash_short": N_("cash short"),
    "catalog_notes": N_("Catalog notes (as written in the catalog)"),
    "more": N_("Also covering your needs"),
    "support_short": N_("Support"),
    "status": N_("Status"),
}


def report_html(
    rec: Recommendation, roadmap: Roadmap, catalog: Catalog, as_of: dt.date, lang: str = "ko",
    detail: bool = False,
) -> str:  # fmt: skip
    """The page; `detail`: the consultant's version (see the module)."""
    import jinja2  # only for the page

    def say(value) -> str:
        return said(value, lang)

    words = {key: say(message) for key, message in WORDS.items()}
    company = rec.company
    words["title"] = say(N_("Smart-factory support: recommendations for {name}", name=company.name))
    open_now = [r for r in rec.results if r.current and r.status != "ineligible"]
    if company.needs:
        leading = [r for r in open_now if r.covers]
        others = [r for r in open_now if not r.covers]
    else:
        leading, others = open_now, []
    shown_ids = {r.program for r in leading + others}
    near = [_miss(r, say, lang) for r in rec.near]
    farther = [_miss(r, say, lang) for r in rec.farther] if detail else []  # not within reach
    steps = [_step(s, say, lang) for s in roadmap.steps]
    programs_named = (
        shown_ids
        | {r.program for r in rec.near_misses}
        | {s.program for s in roadmap.steps if s.program}
        | {a.program for s in roadmap.steps for a in s.beside}
    )
    cards = len(leading) if detail else CARDS
    if not detail:  # the programs the client's page names
        programs_named = (
            {r.program for r in leading}
            | {r.program for r in rec.near}
            | {s.program for s in roadmap.steps if s.program}
            | {a.program for s in roadmap.steps for a in s.beside}
        )
    page = {
        "detail": detail,
        "lang": lang,
        "as_of": as_of.isoformat(),
        "words": words,
        "prepared": say(
            N_(
                "Prepared with sfmatch on {date}, from the program catalog as of that date.",
                date=as_of,
            )
        ),
        "company": {
            "name": company.name,
            "line": company_parts(company, lang),
            "needs": [say(Term("need", n)) for n in company.needs or ()],
        },
        "facts": [
            (say(N_("project budget")), format_money(company.project_budget_krw)),
            (say(N_("cash for the own share")), format_money(company.cofunding_krw)),
        ],
        "leading": [
            _program(r, rank, say, lang, catalog, as_of, detail)
            for rank, r in enumerate(leading[:cards], 1)
        ],
        "more": [
            _program(r, rank, say, lang, catalog, as_of, detail)
            for rank, r in enumerate(leading[cards:], cards + 1)
        ],
        "others": [
            _program(r, rank, say, lang, catalog, as_of, detail) for rank, r in enumerate(others, 1)
        ]
        if detail
        else [],
        "others_line": say(
            N_(
                "{n} more programs are open to you that cover none of the needs you stated.",
                n=len(others),
            )
        )
        if others and not detail
        else None,
        "questions": [
            {
                "question": say(q),
                "criterion": c,
                "asked_by": say(N_("asked by {programs}", programs=list(programs))),
            }
            for c, q, programs in rec.questions
        ],
        "near": near,
        "farther": farther,
        "needs_given": company.needs is not None,
        "unconfirmed": say(labels.unconfirmed_words(rec.unconfirmed)) if rec.unconfirmed else None,
        "gaps": [
            {
                "need": g.need,
                "need_label": say(Term("need", g.need)),
                "kind": say(labels.GAP_KIND[g.kind]),
                "detail": say(g.detail),
                "maintenance": g.need == "maintenance",
            }
            for g in rec.gaps
        ],
        "roadmap_note": say(
            N_(
                "From {start} to {until}. A step that waits for a build assumes"
                " the build takes about six months.",
                start=roadmap.as_of,
                until=roadmap.until,
            )
        ),
        "steps": steps,
        "not_placed": [say(n) for n in roadmap.notes],
        "sources": _sources(catalog, sorted(programs_named), lang, detail),
        "warnings": [say(w) for w in rec.warnings] if detail else [],
        "FONTS": FONTS,
    }
    template = (
        resources.files("sfmatch.render").joinpath("templates/report.html").read_text("utf-8")
    )
    env = jinja2.Environment(
        autoescape=True, keep_trailing_newline=True, undefined=jinja2.StrictUndefined
    )
    return env.from_string(template).render(**page)


def _name(ko: str | None, en: str | None, lang: str) -> str:
    return (ko or en or "") if lang == "ko" else (en or ko or "")


def _program(r: Result, rank: int, say, lang: str, catalog: Catalog, as_of: dt.date,
             detail: bool) -> dict:  # fmt: skip
    m = r.money
    own = m.self_share_krw
    support = support_text(m, lang)
    amount = m.estimated_support_krw
    bar = None
    if m.kind not in CREDIT and amount and own is not None and amount + own > 0:
        share = round(100 * amount / (amount + own))
        bar = {"support": share, "own": 100 - share}
    # why it fits: the firm conditions that passed (weak ones are in the notes, to confirm)
    met = [say(c.detail) for c in r.checks if c.outcome == "pass" and not c.weak]
    if not met:  # needs-info on every condition: say so, not a bare "none"
        met = [say(N_("no condition is known to be met yet: see what to confirm"))]
    covers = [say(Term("need", n)) for n in r.covers]
    return {
        "rank": rank,
        "program": r.program,
        "name": _name(r.name_ko, r.name, lang),
        "status": r.status,
        "status_label": say(labels.status_label(r.status, r.window)),
        "score": say(N_("score {score}", score="—" if r.score is None else f"{r.score:.1f}")),
        "covers": covers,
        "met": met,
        "support": say(N_("not published")) if support == "—" else support,
        "support_is_cap": m.support_is_cap,
        "own": format_money(own) if own is not None else None,
        "project": say(labels.project_words(m)) if labels.project_words(m) else None,
        "short": bool(m.cofunding_short),
        "bar": bar,
        "credit": m.kind in CREDIT,
        "window": say(labels.window_words(r.window)),
        "window_status": r.window.status,
        "questions": [say(q) for _c, q in r.questions],
        # the catalog's own notes (as written) for the consultant; for the client, ours (in
        # the page's language), and where the facts come from an earlier call, a sentence
        "notes": [say(note) for note in r.to_confirm]
        if detail
        else [
            *(say(note) for note in r.to_confirm if not isinstance(note, Note)),
            *([say(dated)] if (dated := _dated(catalog.get(r.program), as_of)) else []),
        ],
    }


def _dated(program, as_of: dt.date):
    """A plain sentence where a program's facts may be out of date for the firm: they come from
    an earlier year's call, or were last checked over a year ago; else None."""
    if program is None:
        return None
    from sfmatch.catalog import edition_start

    start = edition_start(program)
    if start is not None and start.year < as_of.year:
        return N_("This is as the {year} call said; check the {now} call.", year=start.year,
                  now=as_of.year)  # fmt: skip
    if (as_of - program.verified).days > 365:
        return N_("Checked on {date}; check the current call.", date=program.verified)
    return None


def _miss(r: Result, say, lang: str) -> dict:
    return {"program": r.program, "name": _name(r.name_ko, r.name, lang), "flip": say(r.flip),
            "distance": r.distance}  # fmt: skip


def _step(s, say, lang: str) -> dict:
    return {
        "order": s.order,
        "when": str(s.start) if s.start else say(WORDS["date_unknown"]),
        "stage": say(Term("need", s.stage)),
        "program": s.program,
        "name": _name(s.name_ko, s.name, lang),
        "status": say(labels.STEP_STATUS[s.status]) if s.status else None,
        "why": [say(w) for w in s.why],
        "beside": [
            {
                "role": say(Term("need", a.role)),
                "program": a.program,
                "name": _name(a.name_ko, a.name, lang),
            }
            for a in s.beside
        ],
    }


def _sources(catalog: Catalog, ids: list[str], lang: str, detail: bool) -> list[dict]:
    """Each named program's source. The client's version: its agency (without the catalog's
    confidence marks such as `[I]`), the date its facts were checked and its page; the research
    notes of `source` only in the consultant's."""
    rows = []
    for program_id in ids:
        p = catalog.get(program_id)
        if p is None:
            continue
        link = p.url if p.url and p.url.startswith(("http://", "https://")) else None
        operator = operator_words(p).say(lang)
        if not detail:
            operator = re.sub(r"\s*\[[A-Z]{1,2}\]", "", operator)
        rows.append({"id": p.id, "name": _name(p.name_ko, p.name, lang), "operator": operator,
                     "source": p.source if detail else None, "link": link,
                     "verified": p.verified.isoformat()})  # fmt: skip
    return rows

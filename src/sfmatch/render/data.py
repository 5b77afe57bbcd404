"""Results as JSON-ready dicts and CSV rows — the same objects the tables render."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from sfmatch import labels
from sfmatch.i18n import Note, Term, said
from sfmatch.output import csv_text
from sfmatch.results import (
    Check,
    CompanyView,
    Component,
    Gap,
    Recommendation,
    Result,
    WindowState,
)

JSON_VERSION = "1"

if TYPE_CHECKING:
    from sfmatch.roadmap import Roadmap


def _day(value) -> str | None:
    return value.isoformat() if value else None


def window_dict(window: WindowState) -> dict:
    return {
        "status": window.status,
        "opens": _day(window.opens),
        "closes": _day(window.closes),
        "days_left": window.days_left,
        "next_opens": _day(window.next_opens),
    }


def result_dict(result: Result, lang: str = "en") -> dict:
    """Contract §5 keys first; `scope`, `flip`, `window_detail`, `score_components` and what
    follows are extensions. Codes stay codes; texts are said in `lang`, labels beside codes."""

    def say(value) -> str | None:
        return None if value is None else said(value, lang)

    return {
        "program": result.program,
        "name": result.name,
        "name_ko": result.name_ko,
        "status": result.status,
        "window": result.window.status,
        "score": result.score,
        "covers": list(result.covers),
        "estimated_support_krw": result.money.estimated_support_krw,
        "self_share_krw": result.money.self_share_krw,
        "cofunding_short": result.money.cofunding_short,
        "near_miss": result.near_miss,
        "criteria": [check_dict(c, lang) for c in result.checks],
        "to_confirm": [say(note) for note in result.to_confirm],
        "scope": result.scope,
        "flip": say(result.flip),
        "window_detail": window_dict(result.window),
        "score_components": [component_dict(c, lang) for c in result.components],
        "superseded_by": result.superseded_by,
        "funding_kind": result.money.kind,
        "support_is_cap": result.money.support_is_cap,
        "credit_limit_krw": result.money.limit_krw,
        "project_krw": result.money.project_krw,
        "project_basis": result.money.basis,
        "matched_program": result.money.matched,
        "reason": say(result.first_fail) if result.status == "ineligible" else None,
        "distance": _distance(result.distance),
        "near": result.near,
        "questions": [{"criterion": c, "question": say(q)} for c, q in result.questions],
        "status_label": _label("status", result.status, result.window, lang),
        "window_label": _label("window", None, result.window, lang),
    }


_LABELS: dict[tuple, str] = {}


def _label(kind: str, status: str | None, window: WindowState, lang: str) -> str:
    """A result's status or window label, said once for the same status and window."""
    key = (kind, status, window, lang)
    found = _LABELS.get(key)
    if found is None:
        if len(_LABELS) >= SAID_LIMIT:
            _LABELS.clear()
        label = (labels.status_label(status, window) if kind == "status"  # type: ignore[arg-type]
                 else labels.window_words(window))  # fmt: skip
        found = _LABELS[key] = said(label, lang)
    return found


# Batch JSON says once, under the top-level "programs" by id, what is the same for every
# applicant (the program's names, window, funding kind, the catalog's notes, each condition's
# source and each score part's maximum), and for each applicant what is its own. The contract's
# keys of a result stay in it.
CONTRACT_KEYS = frozenset({"program", "status", "window", "score", "covers",
                           "estimated_support_krw", "self_share_krw", "cofunding_short",
                           "near_miss", "criteria", "to_confirm"})  # fmt: skip
PROGRAM_KEYS = ("name", "name_ko", "scope", "superseded_by", "funding_kind",
                "window_detail", "window_label")  # fmt: skip
_CHECK_KEYS = frozenset({"criterion", "outcome", "detail"})


def _nothing(value: object) -> bool:
    """No value to say: None, false, an empty list or text (0 is a value: `x in (False, ...)`
    would take it for false)."""
    return value is None or value is False or (isinstance(value, list | str) and not value)


def batch_result_dict(result: Result, lang: str, programs: dict[str, dict]) -> dict:
    """A result as batch JSON gives it: what `result_dict` says, less what `programs[id]` (added
    on the program's first result) says once; extension keys without a value are left out.
    Built directly, in `result_dict`'s key order (a test holds the two equal), each condition
    and score part made once for the same object and each message said once: a batch makes
    millions of them."""
    if result.program not in programs:
        full = result_dict(result, lang)
        said_once = {key: full[key] for key in PROGRAM_KEYS}
        said_once["to_confirm"] = [said(n, lang) for n in result.to_confirm if isinstance(n, Note)]
        said_once["criteria"] = [  # in the order of every result's criteria of this program
            {"criterion": c["criterion"], "source": c["source"]} for c in full["criteria"]
        ]
        said_once["score_max"] = {c["name"]: c["max"] for c in full["score_components"]}
        programs[result.program] = said_once
    money, window = result.money, result.window
    own = {  # the contract's keys, always
        "program": result.program,
        "status": result.status,
        "window": window.status,
        "score": result.score,
        "covers": list(result.covers),
        "estimated_support_krw": money.estimated_support_krw,
        "self_share_krw": money.self_share_krw,
        "cofunding_short": money.cofunding_short,
        "near_miss": result.near_miss,
        "criteria": [_made_once(c, lang, _batch_check) for c in result.checks],
        "to_confirm": [_text(n, lang) for n in result.to_confirm if not isinstance(n, Note)],
    }
    extensions = (
        ("flip", None if result.flip is None else _text(result.flip, lang)),
        ("score_components", [_made_once(c, lang, _batch_component) for c in result.components]),
        ("support_is_cap", money.support_is_cap),
        ("credit_limit_krw", money.limit_krw),
        ("project_krw", money.project_krw),
        ("project_basis", money.basis),
        ("matched_program", money.matched),
        ("reason", _made_once(result.failing, lang, _fail_text)
         if result.status == "ineligible" and result.failing is not None else None),
        ("distance", _distance(result.distance)),
        ("near", result.near),
        ("questions", [_made_once(c, lang, _question) for c in result.checks
                       if c.question is not None]),
        ("status_label", _label("status", result.status, window, lang)),
    )  # fmt: skip
    own.update((key, value) for key, value in extensions if not _nothing(value))
    return own


_TEXTS: dict[tuple, str] = {}  # (message, lang): its text
# A message keeps its values, and an applicant's own (its revenue) never come back: 50,000 of
# them took a process from 103 MB to 188 MB, 5,000 to 118 MB, as fast (100,000 applicants).
TEXTS_LIMIT = 5_000


def _text(value, lang: str) -> str:
    """`said(value, lang)`, said once for the same message: a list's applicants share most of
    their reasons, questions and gaps word for word (85% of them on a synthetic list)."""
    key = (value, lang)
    try:
        found = _TEXTS.get(key)
    except TypeError:  # a value that cannot be a key
        return said(value, lang)
    if found is None:
        if len(_TEXTS) >= TEXTS_LIMIT:
            _TEXTS.clear()
        found = _TEXTS[key] = said(value, lang)
    return found


_SAID: dict[tuple, tuple[object, Any]] = {}  # id, lang, maker: (the object, what was made)
SAID_LIMIT = 50_000


def _made_once(thing: object, lang: str, make: Callable[[Any, str], Any]) -> Any:
    """`make(thing, lang)`, made once for the same object and maker: the catalog keeps checks
    and score parts by what they are made of (`criteria.Remembered`), so a list's applicants
    share them. What it makes is shared: a caller that changes it copies it first."""
    key = (id(thing), lang, make)
    known = _SAID.get(key)
    if known is None or known[0] is not thing:
        if len(_SAID) >= SAID_LIMIT:
            _SAID.clear()
        known = _SAID[key] = (thing, make(thing, lang))
    return known[1]


def check_dict(c: Check, lang: str) -> dict:
    """One condition's outcome (contract §4.1) with its v2 marks: `weak` and its own `source`,
    and for a rule with alternatives each alternative's checks."""
    return dict(_made_once(c, lang, _check_dict))  # type: ignore[arg-type]


def component_dict(c: Component, lang: str) -> dict:
    """One part of the score: its points (to 2 decimals), maximum and why."""
    return dict(_made_once(c, lang, _component_dict))  # type: ignore[arg-type]


def _component_dict(c: Component, lang: str) -> dict:
    return {"name": c.name, "points": round(c.points, 2), "max": c.max_points,
            "detail": said(c.detail, lang)}  # fmt: skip


def _batch_check(c: Check, lang: str) -> dict:
    """A condition as batch JSON gives it: its source is said once of the program, and keys
    without a value are left out, but for the contract's three."""
    return {k: v for k, v in _made_once(c, lang, _check_dict).items()
            if k in _CHECK_KEYS or (k != "source" and not _nothing(v))}  # fmt: skip


def _batch_component(c: Component, lang: str) -> dict:
    """A score part as batch JSON gives it: its maximum is said once of the program."""
    return {k: v for k, v in _made_once(c, lang, _component_dict).items() if k != "max"}


def _fail_text(c: Check, lang: str) -> str:
    """A failing condition said as a result's reason (`Result.first_fail`)."""
    return said(c.flip or c.detail, lang)


def _question(c: Check, lang: str) -> dict:
    return {"criterion": c.criterion, "question": said(c.question, lang)}


def _check_dict(c: Check, lang: str) -> dict:
    found = {
        "criterion": c.criterion,
        "outcome": c.outcome,
        "detail": said(c.detail, lang),
        "question": said(c.question, lang) if c.question is not None else None,
        "flip": said(c.flip, lang) if c.flip is not None else None,
        "distance": _distance(c.distance),
        "near": c.near,
        "weak": c.weak,
        "source": c.source,
    }
    if c.alternatives:
        found["alternatives"] = [
            [{"criterion": a.criterion, "outcome": a.outcome, "detail": said(a.detail, lang)}
             for a in alternative]
            for alternative in c.alternatives
        ]  # fmt: skip
    return found


def _distance(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


def gap_dict(gap: Gap, lang: str = "en") -> dict:
    return {
        "need": gap.need,
        "kind": gap.kind,
        "detail": _text(gap.detail, lang),
        "programs": list(gap.programs),
        "kind_label": _text(labels.GAP_KIND[gap.kind], lang),
    }


def _company_dict(company: CompanyView, lang: str = "en") -> dict:
    data = asdict(company)
    data["needs"] = list(company.needs) if company.needs is not None else None
    data["notes"] = [said(note, lang) for note in company.notes]
    return data


def recommendation_dict(rec: Recommendation, lang: str = "en") -> dict:
    return {
        "sfmatch": JSON_VERSION,
        "as_of": rec.as_of.isoformat(),
        "company": _company_dict(rec.company, lang),
        "results": [result_dict(r, lang) for r in rec.results],
        "gaps": [gap_dict(g, lang) for g in rec.gaps],
        # extension (v2): needs covered only by programs to confirm, not for sure
        "unconfirmed_needs": list(rec.unconfirmed),
        "warnings": [said(w, lang) for w in rec.warnings],
        "lang": lang,
        "questions": [
            {"criterion": c, "question": said(q, lang), "programs": list(programs)}
            for c, q, programs in rec.questions
        ],
    }


def explanation_dict(
    as_of: dt.date, company: CompanyView, result: Result, lang: str = "en"
) -> dict:
    """`explain --format json`: the company as seen and one result."""
    return {
        "sfmatch": JSON_VERSION,
        "as_of": as_of.isoformat(),
        "company": _company_dict(company, lang),
        "result": result_dict(result, lang),
        "lang": lang,
    }


def to_json(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


# Fixed, documented column order of `recommend --format csv` (README, "Output formats").
CSV_COLUMNS = (
    "rank",
    "program",
    "name_ko",
    "name",
    "status",
    "score",
    "window",
    "closes",
    "next_opens",
    "covers",
    "estimated_support_krw",
    "self_share_krw",
    "cofunding_short",
    "near_miss",
    "flip",
    "to_confirm",
    "funding_kind",
    "support_is_cap",
    "reason",  # an ineligible program's first failing criterion
    # in --lang's language, for people reading the sheet: the labels of status and window, the
    # questions of a needs-info result, and whether a near miss is near
    "status_label",
    "window_label",
    "questions",
    "near",
    # v2 §4.5: the project the money figures are of, and a matching program's matched program
    "project_krw",
    "matched_program",
)


def yes_no(value: bool | None) -> str:
    """A tri-state flag for spreadsheets: yes, no, or empty when unknown."""
    return "" if value is None else ("yes" if value else "no")


def recommendation_csv(results: list[Result], lang: str = "en") -> str:
    rows = (
        (
            rank,
            r.program,
            r.name_ko,
            r.name,
            r.status,
            r.score,
            r.window.status,
            _day(r.window.closes),
            _day(r.window.next_opens),
            ";".join(r.covers),
            r.money.estimated_support_krw,
            r.money.self_share_krw,
            yes_no(r.money.cofunding_short),
            yes_no(r.near_miss),
            said(r.flip, lang),
            " | ".join(said(note, lang) for note in r.to_confirm),
            r.money.kind,
            yes_no(r.money.support_is_cap),
            said(r.first_fail, lang) if r.status == "ineligible" else None,
            said(labels.status_label(r.status, r.window), lang),
            said(labels.window_words(r.window), lang),
            " | ".join(said(q, lang) for _c, q in r.questions),
            yes_no(r.near) if r.near_miss else "",
            r.money.project_krw,
            r.money.matched,
        )
        for rank, r in enumerate(results, 1)
    )
    return csv_text(CSV_COLUMNS, rows)


def roadmap_dict(roadmap: Roadmap, company: CompanyView, lang: str = "en") -> dict:
    """`roadmap --format json`: codes as codes, texts in `lang`, labels beside the codes."""
    return {
        "sfmatch": JSON_VERSION,
        "as_of": roadmap.as_of.isoformat(),
        "until": roadmap.until.isoformat(),
        "lang": lang,
        "company": _company_dict(company, lang),
        "steps": [
            {
                "order": s.order,
                "stage": s.stage,
                "stage_label": said(Term("need", s.stage), lang),
                "program": s.program,
                "name_ko": s.name_ko,
                "name": s.name,
                "status": s.status,
                "status_label": said(labels.STEP_STATUS[s.status], lang) if s.status else None,
                "start": _day(s.start),
                "window": s.window.status if s.window else None,
                "window_label": said(labels.window_words(s.window), lang) if s.window else None,
                "after": list(s.after),
                "why": [said(w, lang) for w in s.why],
                "beside": [
                    {
                        "program": a.program,
                        "name_ko": a.name_ko,
                        "name": a.name,
                        "role": a.role,
                        "role_label": said(Term("need", a.role), lang),
                        "why": [said(w, lang) for w in a.why],
                    }
                    for a in s.beside
                ],
            }
            for s in roadmap.steps
        ],
        "notes": [said(n, lang) for n in roadmap.notes],
    }

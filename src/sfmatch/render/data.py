"""Results as JSON-ready dicts and CSV rows — the same objects the tables render."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict

from sfmatch.output import csv_text
from sfmatch.results import CompanyView, Gap, Recommendation, Result, WindowState

JSON_VERSION = "1"


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


def result_dict(result: Result) -> dict:
    """Contract §5 keys first; `scope`, `flip`, `window_detail`, `score_components` are extensions."""
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
        "criteria": [
            {"criterion": c.criterion, "outcome": c.outcome, "detail": c.detail}
            for c in result.checks
        ],
        "to_confirm": list(result.to_confirm),
        "scope": result.scope,
        "flip": result.flip,
        "window_detail": window_dict(result.window),
        "score_components": [
            {"name": c.name, "points": round(c.points, 2), "max": c.max_points, "detail": c.detail}
            for c in result.components
        ],
        "superseded_by": result.superseded_by,
        "funding_kind": result.money.kind,
        "support_is_cap": result.money.support_is_cap,
        "credit_limit_krw": result.money.limit_krw,
        "project_krw": result.money.project_krw,
        "project_own_krw": result.money.project_own_krw,
        "reason": result.first_fail if result.status == "ineligible" else None,
    }


def gap_dict(gap: Gap) -> dict:
    return {
        "need": gap.need,
        "kind": gap.kind,
        "detail": gap.detail,
        "programs": list(gap.programs),
    }


def _company_dict(company: CompanyView) -> dict:
    data = asdict(company)
    data["needs"] = list(company.needs) if company.needs is not None else None
    data["notes"] = list(company.notes)
    return data


def recommendation_dict(rec: Recommendation) -> dict:
    return {
        "sfmatch": JSON_VERSION,
        "as_of": rec.as_of.isoformat(),
        "company": _company_dict(rec.company),
        "results": [result_dict(r) for r in rec.results],
        "gaps": [gap_dict(g) for g in rec.gaps],
        "warnings": list(rec.warnings),
    }


def explanation_dict(as_of: dt.date, company: CompanyView, result: Result) -> dict:
    """`explain --format json`: the company as seen and one result."""
    return {
        "sfmatch": JSON_VERSION,
        "as_of": as_of.isoformat(),
        "company": _company_dict(company),
        "result": result_dict(result),
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
)


def yes_no(value: bool | None) -> str:
    """A tri-state flag for spreadsheets: yes, no, or empty when unknown."""
    return "" if value is None else ("yes" if value else "no")


def recommendation_csv(results: list[Result]) -> str:
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
            r.flip,
            " | ".join(r.to_confirm),
            r.money.kind,
            yes_no(r.money.support_is_cap),
            r.first_fail if r.status == "ineligible" else None,
        )
        for rank, r in enumerate(results, 1)
    )
    return csv_text(CSV_COLUMNS, rows)

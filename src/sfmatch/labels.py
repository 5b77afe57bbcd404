"""Every code a person reads, as a message: statuses, window states, outcomes, funding kinds, gap
kinds, criteria and score components. Renderers look a code's label up here; none spells one."""

from __future__ import annotations

from sfmatch.i18n import N_, Msg, Term
from sfmatch.results import Money, WindowState
from sfmatch.units import format_money

STATUS = {
    "eligible": N_("eligible"),
    "needs-info": N_("needs info"),
    "ineligible": N_("ineligible"),
}

# A roadmap step's status: as the program's, or waiting for an earlier step of the plan.
STEP_STATUS = {
    **STATUS,
    "ineligible-until-an-earlier-step": N_("after an earlier step"),
}

SCOPE = {"central": N_("central"), "local": N_("local")}

OUTCOME = {"pass": N_("pass"), "fail": N_("fail"), "unknown": N_("unknown")}

# The window's state in a word (CSV's window_label; the tables say more, see `window_words`).
WINDOW = {
    "rolling": N_("rolling"),
    "upcoming": N_("upcoming"),
    "open": N_("open"),
    "closing-soon": N_("closing soon"),
    "expected-open": N_("expected open"),
    "closed": N_("closed"),
    "unannounced": N_("dates not announced"),
}

KIND = {
    "grant": N_("grant"),
    "loan": N_("loan"),
    "voucher": N_("voucher"),
    "service": N_("service in kind"),
    "guarantee": N_("guarantee"),
}

GAP_KIND = {
    "uncovered": N_("uncovered"),
    "closed-only": N_("closed only"),
    "cofunding": N_("own share short"),
}

# The policy view's five kinds of coverage of a stated need, in the order they are shown
# (contract v2 extension of `gaps`): the columns of the needs table and their labels.
# The breakdowns of the policy view (`gaps --by`), and its groups that are no code of a vocabulary.
BREAKDOWN = {"district": N_("district"), "size": N_("size class"),
             "level": N_("smart-factory level"), "root": N_("root industry or not"),
             "division": N_("KSIC division")}  # fmt: skip
GROUPS = {"root": N_("root industry"), "not root": N_("not root industry"),
          "root unknown": N_("root industry unknown"), "size unknown": N_("size unknown"),
          "level unknown": N_("level unknown"), "district unknown": N_("district unknown")}  # fmt: skip


def group_words(group: str, by: str | None) -> Msg | Term | str:
    """A group of a breakdown as a reader names it: `인천광역시 부평구` (`Bupyeong-gu, Incheon`),
    `인천광역시 (시·군·구 미상)`, `소기업`, `뿌리산업`; a code nothing names is shown as it is
    (a KSIC division, `C25`)."""
    from sfmatch import vocab

    if by == "district":
        code, _, rest = group.partition(" ")  # `incheon (district unknown)`: the region only
        place = Term("place", code)
        return N_("{region} (district unknown)", region=place) if rest else place
    if by in ("size", "level") and group in vocab.BY_NAME[by].codes:
        return Term(by, group)
    return GROUPS.get(group, group)


COVERAGE = {
    "covered_sure": N_("covered for sure"),
    "covered_possible": N_("possibly covered"),
    "closed-only": GAP_KIND["closed-only"],
    "cofunding": GAP_KIND["cofunding"],
    "uncovered": GAP_KIND["uncovered"],
}

CRITERION = {
    "regions": N_("region"),
    "districts": N_("district"),
    "sizes": N_("size class"),
    "employees": N_("employees"),
    "revenue_krw": N_("revenue"),
    "ksic": N_("industry (KSIC)"),
    "exclude_ksic": N_("excluded industries"),
    "sf_level": N_("smart-factory level"),
    "age_years": N_("years since founding"),
    "root": N_("root industry"),
    "processes_any": N_("processes"),
    "prior_required": N_("prior participation required"),
    "prior_excluded": N_("earlier participation limit"),
    "clean_record": N_("disqualifiers"),
    "any": N_("one of several conditions"),
    "conditions": N_("conditions on who may apply"),
    "open_to_all": N_("open to every manufacturer"),
}

COMPONENT = {
    "needs": N_("needs"),
    "relevance": N_("relevance"),
    "funding": N_("funding"),
    "window": N_("window"),
    "bonus": N_("bonus"),
}


# The columns of the tables sfmatch writes, as a workbook's first header row says them (the
# second holds the codes, which scripts and the CSV files use). A column not here is shown by
# its code, or, in a sheet of rejected rows, by the list's own header.
COLUMN = {
    "row": N_("row"),
    "name": N_("company"),
    "brn": N_("business registration no."),
    "region": N_("region"),
    "district": N_("district"),
    "size": N_("size class"),
    "duplicate_of": N_("possible duplicate of row"),
    "other_site_of": N_("same name elsewhere (its other factory?)"),
    "rank": N_("rank"),
    "program": N_("program ID"),
    "name_ko": N_("program"),
    "status": N_("status"),
    "score": N_("score"),
    "window": N_("call"),
    "covers": N_("needs covered"),
    "estimated_support_krw": N_("estimated support (KRW)"),
    "self_share_krw": N_("own share (KRW)"),
    "cofunding_short": N_("own share short"),
    "near_miss": N_("near miss"),
    "gaps": N_("needs left uncovered"),
    "funding_kind": N_("kind of support"),
    "support_is_cap": N_("support is the cap"),
    "status_label": N_("status, in words"),
    "window_label": N_("call, in words"),
    "readiness": N_("readiness"),
    "readiness_detail": N_("readiness, in detail"),
    "ask_for": N_("questions to ask"),
    "flip": N_("what would change it"),
    "reason": N_("why not eligible"),
    "ask_for_criteria": N_("criteria of the questions"),
    "kind": N_("kind"),
    "problems": N_("problems"),
    "file": N_("profile file"),
    "group": N_("group"),
    "need": N_("need"),
    "firms": N_("firms"),
    "stating": N_("firms stating it"),
    "covered_sure": N_("covered for sure"),
    "covered_possible": N_("possibly covered"),
    "closed-only": N_("only by closed calls"),
    "cofunding": N_("own share short"),
    "uncovered": N_("uncovered"),
    "uncovered_share": N_("share uncovered"),
    "to_settle": N_("facts to settle"),
    "eligible": N_("eligible firms"),
    "budget_krw": N_("budget (KRW)"),
    "demand_krw": N_("demand (KRW)"),
    "coverage": N_("coverage"),
    "reasons": N_("reasons"),
    "before": N_("before"),
    "after": N_("after"),
    "programs": N_("programs"),
}


def window_words(window: WindowState) -> Msg:
    """The window as a person reads it: `접수 중 (~2026-12-31, D-34)`, `마감 임박 (D-12)`."""
    status = window.status
    if status == "rolling":
        return N_("rolling (any time)")
    if status == "unannounced":
        return N_("yearly, dates not announced")
    if status == "upcoming":
        return N_("announced: opens {date}", date=window.opens)
    if status == "closed":
        if window.next_opens:
            return N_("closed; next expected ~{date}", date=window.next_opens)
        return N_("closed")
    if status == "expected-open":
        return N_("expected open to ~{date} (D-{days}), by last year's dates",
                  date=window.closes, days=window.days_left)  # fmt: skip
    if window.closes is None:
        return N_("open")
    if status == "closing-soon":
        return N_("closing soon (D-{days}, {date})", days=window.days_left, date=window.closes)
    return N_("open to {date} (D-{days})", date=window.closes, days=window.days_left)


def project_words(m: Money) -> Msg | None:
    """What the money figures are of (contract v2 §4.5): the funded project, and why it is that
    one; None where there is none to tell."""
    if m.basis == "matched":
        if m.matched is None:
            return N_("none of the programs it matches is open to the company with a known own"
                      " share")  # fmt: skip
        return N_("on your own share {own} in {program}",
                  own=format_money(m.project_krw), program=m.matched)  # fmt: skip
    if m.project_krw is None or m.estimated_support_krw is None:
        return None
    project = format_money(m.project_krw)
    if m.basis == "capped":
        return N_("for a {project} project, the most this program funds (your budget is"
                  " larger)", project=project)  # fmt: skip
    if m.basis == "largest":
        return N_("for a {project} project, the most this program funds (no budget given)",
                  project=project)  # fmt: skip
    return N_("for your {project} project", project=project)


def status_label(status: str, window: WindowState, said_beside: bool = False) -> Msg:
    """A status as a person reads it beside its window (contract v2 extension): a program the
    firm fits whose call is not taking applications now is not "eligible" (신청 가능) plain, but
    fits, with when the call is expected; only "fits" where the window is `said_beside` it (the
    table's cell, whose next line is the window)."""
    if status != "eligible" or window.accepting:
        return STATUS[status]
    if said_beside:
        return N_("fits")
    if window.status == "closed":
        if window.next_opens:
            return N_("fits; call closed, next expected ~{date}", date=window.next_opens)
        return N_("fits; call closed")
    if window.status == "upcoming":
        return N_("fits; call opens {date}", date=window.opens)
    return N_("fits; call dates not announced")  # unannounced: a yearly call, dates not known


def unconfirmed_words(needs: tuple[str, ...]) -> Msg:
    """The needs only programs to confirm cover (`Recommendation.unconfirmed`), as the table and
    the report say them: covered once the questions are answered, not before."""
    return N_("covered only once confirmed: {needs} (only programs that need information cover"
              " them: see the questions above)", needs=[Term("need", n) for n in needs])  # fmt: skip

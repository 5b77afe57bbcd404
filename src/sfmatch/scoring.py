"""The 0–100 score as a sum of named components, each explained (contract §4.6).

| component  | max | earned by                                                                  |
|------------|-----|----------------------------------------------------------------------------|
| needs      | 40  | share of the company's needs the program covers                            |
| relevance  | 25  | program keywords (or summary words) mentioned in goals/industry; 3 = full  |
| funding    | 15  | 10 for affording the own share with the cash at hand, 5 for the share of   |
|            |     | the project budget the support pays                                        |
| window     | 10  | open/rolling 10, expected open by last year's dates 8 (open less 2, not    |
|            |     | announced), upcoming or unannounced 8, closed-but-yearly 4, closed 0       |
| bonus      | 10  | +5 root-industry program for a root firm, +5 small-firm program for a      |
|            |     | micro/small firm                                                           |
"""

from __future__ import annotations

from collections.abc import Callable
from operator import attrgetter

from sfmatch.i18n import N_, Joined, Msg, Term
from sfmatch.labels import KIND, WINDOW
from sfmatch.records import Program
from sfmatch.results import CREDIT, Component, Money, WindowState
from sfmatch.text import Mentions, key, tokens
from sfmatch.units import format_money

NEEDS_MAX, RELEVANCE_MAX, FUNDING_MAX, WINDOW_MAX, BONUS_MAX = 40, 25, 15, 10, 10
FULL_RELEVANCE_HITS = 3
EXPECTED_DISCOUNT = 2  # an expected-open window ranks as open, less this: it is not announced
WINDOW_POINTS = {
    "rolling": 10,
    "open": 10,
    "closing-soon": 10,
    "expected-open": 10 - EXPECTED_DISCOUNT,
    "upcoming": 8,
    "unannounced": 8,
}
SMALL_SIZES = frozenset({"micro", "small"})
AFFORD_POINTS, PAID_POINTS = 10.0, 5.0  # the two parts of funding; half of each when unknown
ROOT_BONUS, SMALL_BONUS = 5, 5


def needs_points(company_needs: list[str] | tuple[str, ...] | None, covered: tuple) -> float:
    """The needs component's points alone (the batch engine's, without the words)."""
    return NEEDS_MAX * len(covered) / len(company_needs) if company_needs else 0


def needs_component(company_needs: list[str] | None, covered: tuple[str, ...]) -> Component:
    if not company_needs:
        if company_needs == []:
            return Component("needs", 0, NEEDS_MAX, N_("no needs listed"))
        return Component("needs", 0, NEEDS_MAX, N_("needs not given: add needs to rank by fit"))
    points = needs_points(company_needs, covered)
    why = N_(
        "covers {covered} of {needs} needs: {shown}",
        covered=len(covered),
        needs=len(company_needs),
        shown=[Term("need", n) for n in covered] or N_("none"),
    )
    return Component("needs", points, NEEDS_MAX, why)  # fmt: skip


def relevance_terms(program: Program) -> list[str]:
    """The words relevance looks for: the keywords, else the summary's longer words."""
    terms = program.keywords or [t for t in tokens(program.summary or "") if len(t) >= 4]
    return list(dict.fromkeys(terms))


def relevance_component(
    text: str, program: Program, mention: Callable[[str], float] | None = None
) -> Component:
    """`mention(term)` is `mentions(text, term)`, or the same worked out beforehand (batch)."""
    if not text.strip():
        return Component("relevance", 0, RELEVANCE_MAX, N_("no goals or industry given"))
    mention = mention or Mentions(text).of
    scored = sorted(
        ((mention(term), term) for term in relevance_terms(program)), key=lambda h: -h[0]
    )
    hits: list[tuple[float, str]] = []
    for strength, term in scored:
        # `유지보수 비용` and `유지보수` are one mention, not two
        if strength > 0 and not any(_overlap(term, t) for _, t in hits):
            hits.append((strength, term))
    hits = hits[:FULL_RELEVANCE_HITS]
    strength = sum(s for s, _ in hits)
    points = RELEVANCE_MAX * min(1.0, strength / FULL_RELEVANCE_HITS)
    if not hits:
        why = N_("goals/industry mention no program keyword")
        return Component("relevance", 0, RELEVANCE_MAX, why)
    shown = [t if s == 1 else f"{t}~{s:.2f}" for s, t in hits]
    return Component(
        "relevance", points, RELEVANCE_MAX, N_("goals/industry mention {terms}", terms=shown)
    )


def _overlap(a: str, b: str) -> bool:
    ka, kb = key(a), key(b)
    return ka in kb or kb in ka


def funding_component(money: Money, budget: int | None, cash: int | None) -> Component:
    parts: list[Msg] = []
    if money.self_share_krw is not None and cash is not None:
        share = money.self_share_krw
        afford = AFFORD_POINTS if share == 0 else AFFORD_POINTS * min(1.0, cash / share)
        parts.append(N_("cash {cash} vs own share {share}", cash=format_money(cash),
                        share=format_money(share)))  # fmt: skip
    else:
        afford = AFFORD_POINTS / 2
        parts.append(N_("own share or cash unknown ({half} of {all})",
                        half=f"{AFFORD_POINTS / 2:g}", all=f"{AFFORD_POINTS:g}"))  # fmt: skip
    support = money.estimated_support_krw
    if money.kind in CREDIT:
        amount = 0.0
        parts.append(N_("a {kind}: credit to repay, no support money", kind=KIND[money.kind]))
    elif support is None:
        amount = 0.0
        parts.append(N_("support amount not published"))
    elif budget:
        amount = PAID_POINTS * min(1.0, support / budget)
        parts.append(N_("support pays {pct}% of the budget",
                        pct=round(100 * min(1.0, support / budget))))  # fmt: skip
    else:
        amount = PAID_POINTS / 2
        parts.append(N_("project budget unknown ({half} of {all})",
                        half=f"{PAID_POINTS / 2:g}", all=f"{PAID_POINTS:g}"))  # fmt: skip
    return Component("funding", afford + amount, FUNDING_MAX, Joined(parts))


def window_component(window: WindowState) -> Component:
    if window.status == "closed":
        points = 4 if window.next_opens else 0
        why = (N_("closed; expected to reopen {date}", date=window.next_opens)
               if window.next_opens else N_("closed"))  # fmt: skip
        return Component("window", points, WINDOW_MAX, why)
    why = WINDOW[window.status]
    if window.status == "expected-open":
        why = N_("expected open by last year's dates ({opens} – {closes}): confirm",
                 opens=window.opens, closes=window.closes)  # fmt: skip
    return Component("window", WINDOW_POINTS[window.status], WINDOW_MAX, why)


def bonus_component(program: Program, is_root: bool, size: str | None) -> Component:
    rules = program.eligibility
    points, why = 0, []  # type: list[Msg]
    if is_root and (rules.root or rules.processes_any):
        points += ROOT_BONUS
        why.append(N_("+{points} root-industry program for a root firm", points=ROOT_BONUS))
    targets_small = rules.sizes is not None and set(rules.sizes) <= SMALL_SIZES
    if size in SMALL_SIZES and targets_small:
        points += SMALL_BONUS
        why.append(N_("+{points} small-firm program for a micro/small firm", points=SMALL_BONUS))
    shown = Joined(why) if why else N_("none")
    return Component("bonus", min(points, BONUS_MAX), BONUS_MAX, shown)


def total(components: tuple[Component, ...]) -> float:
    return round(sum(map(_POINTS, components)), 1)


_POINTS = attrgetter("points")

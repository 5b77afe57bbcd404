"""What the engine returns: plain frozen data with reasons, rendered alike by every format."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields
from typing import Any, Literal, NamedTuple

from sfmatch.i18n import Joined, Msg, Note

Outcome = Literal["pass", "fail", "unknown"]
Status = Literal["eligible", "needs-info", "ineligible"]
# `unannounced` (extension): a yearly program whose dates are not known; never shown as rolling.
WindowStatus = Literal[
    "rolling", "upcoming", "open", "closing-soon", "expected-open", "closed", "unannounced"
]
GapKind = Literal["uncovered", "closed-only", "cofunding"]

STATUS_ORDER: dict[str, int] = {"eligible": 0, "needs-info": 1, "ineligible": 2}


@dataclass(frozen=True)
class Check:
    """One criterion's outcome for one company, with a detail naming both values."""

    criterion: str
    outcome: Outcome
    detail: Msg
    flip: Msg | None = None  # a fail: what would turn it into a pass, in the user's terms
    question: Msg | None = None  # an unknown: what to ask the firm, in words it can answer
    distance: float | None = None  # a fail: how far the firm is (criteria.NEAR_DISTANCE)
    near: bool = False  # a fail that could realistically flip
    # Contract v2 §4.1: a condition from a weak, single or inferred source. Where it fails the
    # firm is asked to confirm it (needs-info), never refused; where it passes it is to confirm.
    weak: bool = False
    source: str | None = None  # the rule's own source, where the file gives one
    # A rule with alternatives: each alternative's checks (all must hold for it to).
    alternatives: tuple[tuple[Check, ...], ...] = ()

    @property
    def blocks(self) -> bool:
        """A fail that makes the program ineligible: a firm condition the company fails."""
        return self.outcome == "fail" and not self.weak

    @property
    def open(self) -> bool:
        """Still to be settled: unknown, or a weak condition the company fails as given."""
        return self.outcome == "unknown" or (self.outcome == "fail" and self.weak)


@dataclass(frozen=True)
class WindowState:
    status: WindowStatus
    opens: dt.date | None = None
    closes: dt.date | None = None
    days_left: int | None = None
    next_opens: dt.date | None = None  # expected next opening of a closed yearly program

    @property
    def accepting(self) -> bool:
        """Taking applications, as far as is known (an expected-open window most likely is)."""
        return self.status in ("rolling", "open", "closing-soon", "expected-open")


CREDIT = frozenset({"loan", "guarantee"})  # funding kinds whose amount is credit, not support


@dataclass(frozen=True)
class Money:
    """A program's money for a company (contract v2 §4.5), computed once by `engine.money_for`
    and shown alike by every output."""

    estimated_support_krw: int | None  # never a loan's or guarantee's amount
    self_share_krw: int | None  # the funded project less the support
    cofunding_short: bool | None  # None when the company's cash or the own share is unknown
    kind: str = "grant"  # funding.kind: grant, loan, voucher, service, guarantee
    support_is_cap: bool = False  # the support is an upper bound (a cap, or the largest project)
    limit_krw: int | None = None  # a loan's or guarantee's limit (credit, not support)
    # The funded project: the company's budget, never more than the largest the program funds
    # (`basis` "budget" or "capped"), that largest with no budget ("largest"), or for a matching
    # program the own share of the program it matches ("matched", `matched` names it).
    project_krw: int | None = None
    basis: str | None = None
    matched: str | None = None


class Matched(NamedTuple):
    """The program a matching program is estimated on, and its own share for the company."""

    program: str
    own_krw: int
    upper: bool  # that own share is for the program's largest project (no budget given)


class Decided(NamedTuple):
    """What a batch engine decided of a firm that `engine.recommend` need not find again: the
    programs the firm is ineligible for (older editions with them), and for each matching
    program the program its estimate rests on (None: none). Nothing known by default."""

    ineligible: frozenset[str] = frozenset()
    estimated_on: dict[str, str | None] | None = None


@dataclass(frozen=True)
class Component:
    """One part of the score: points earned out of a maximum, and why."""

    name: str
    points: float
    max_points: float
    detail: Msg | Joined


@dataclass(frozen=True)
class Result:
    """How one program fits one company."""

    program: str
    name: str
    name_ko: str | None
    scope: str
    status: Status
    window: WindowState
    score: float | None
    components: tuple[Component, ...]
    covers: tuple[str, ...]  # the program's covered needs that the company also needs
    money: Money
    checks: tuple[Check, ...]
    near_miss: bool  # contract §4.2: one failing criterion, one the firm can change
    flip: Msg | None
    to_confirm: tuple[Note | Msg, ...]  # the catalog's notes as written (`Note`), then ours
    superseded_by: str | None = None  # an older edition: the family's current one on the date
    distance: float | None = None  # a near miss's: how far its one failing criterion is
    near: bool = False  # a near miss that could realistically flip (criteria.NEAR_DISTANCE)

    @classmethod
    def made(cls, **fields: Any) -> Result:
        """`Result(**fields)`, every field given, filled at once: a frozen dataclass sets each
        of its 17 fields through `object.__setattr__`, and a batch makes a result for each
        program it reads for each applicant (2 µs each; this takes half). A test holds the two
        equal."""
        assert fields.keys() == _RESULT_FIELDS, fields.keys() ^ _RESULT_FIELDS
        result = object.__new__(cls)
        result.__dict__.update(fields)
        return result

    @property
    def current(self) -> bool:
        return self.superseded_by is None

    @property
    def failing(self) -> Check | None:
        """The first condition that fails, None where none does."""
        return next((c for c in self.checks if c.blocks), None)

    @property
    def first_fail(self) -> Msg | None:
        """Why an ineligible program is: its first failing criterion, said as what would flip it
        where that is known, else as the check's detail. None where nothing fails."""
        fail = self.failing
        return None if fail is None else (fail.flip or fail.detail)

    @property
    def questions(self) -> tuple[tuple[str, Msg], ...]:
        """(criterion, question) for each criterion that is unknown."""
        return tuple((c.criterion, c.question) for c in self.checks if c.question is not None)


_RESULT_FIELDS = frozenset(f.name for f in fields(Result))


@dataclass(frozen=True)
class Gap:
    need: str
    kind: GapKind
    detail: Msg
    programs: tuple[
        str, ...
    ] = ()  # programs that bear on the gap (closed ones, short ones, near ones)


@dataclass(frozen=True)
class CompanyView:
    """The company as the engine saw it: canonical values plus what was derived."""

    name: str
    region: str
    district: str | None
    ksic: str
    employees: int | None
    revenue_krw: int | None
    size: str | None
    size_derived: bool
    sf_level: str | None
    needs: tuple[str, ...] | None
    project_budget_krw: int | None
    cofunding_krw: int | None
    notes: tuple[Msg, ...]


@dataclass(frozen=True)
class Recommendation:
    as_of: dt.date
    company: CompanyView
    results: tuple[Result, ...]  # every catalog program, in contract §4.7 order
    gaps: tuple[Gap, ...]
    warnings: tuple[Msg, ...]

    @property
    def near_misses(self) -> tuple[Result, ...]:
        """Current editions one changeable criterion away (§4.2), nearest first."""
        found = [r for r in self.results if r.near_miss and r.current]
        return tuple(sorted(found, key=lambda r: (r.distance is None, r.distance or 0, r.program)))

    @property
    def near(self) -> tuple[Result, ...]:
        """The near misses that could realistically flip, nearest first."""
        return tuple(r for r in self.near_misses if r.near)

    @property
    def farther(self) -> tuple[Result, ...]:
        """The near misses one criterion away that are not near."""
        return tuple(r for r in self.near_misses if not r.near)

    @property
    def unconfirmed(self) -> tuple[str, ...]:
        """The stated needs with no gap that no program covers for sure (an eligible current one,
        not closed, its own share within the cash): only programs to confirm cover them, so
        they are covered once the questions are answered, not before (contract v2: possible is
        never sure)."""
        gapped = {g.need for g in self.gaps}
        found = []
        for need in self.company.needs or ():
            sure = any(
                r.current and r.status == "eligible" and need in r.covers
                and r.window.status != "closed" and not r.money.cofunding_short
                for r in self.results
            )  # fmt: skip
            if need not in gapped and not sure:
                found.append(need)
        return tuple(found)

    @property
    def questions(self) -> tuple[tuple[str, Msg, tuple[str, ...]], ...]:
        """Every question the open current programs ask, once: (criterion, question, programs)."""
        found: dict[tuple[str, Msg], list[str]] = {}
        for r in self.results:
            if r.status == "needs-info" and r.current:
                for criterion, question in r.questions:
                    found.setdefault((criterion, question), []).append(r.program)
        return tuple((c, q, tuple(ps)) for (c, q), ps in found.items())


class Line(NamedTuple):
    """One shown result as a batch table lists it: a projection of `Result`."""

    program: str
    name_ko: str | None
    status: Status
    score: float | None
    window: WindowState
    covers: tuple[str, ...]
    support: int | None
    own: int | None
    short: bool | None
    near_miss: bool
    kind: str = "grant"
    support_is_cap: bool = False


@dataclass(frozen=True)
class Outline:
    """A recommendation as batch tables show it: size, the shown results in order, gap kinds.

    `outline(recommendation)` projects a full recommendation; `vector.BatchEngine` computes the same
    outline for thousands of applicants at once. Tests hold the two equal.
    """

    size: str | None
    results: tuple[Line, ...]
    gaps: tuple[tuple[str, GapKind], ...]  # (need, kind), in find_gaps order


def outline(recommendation: Recommendation, top: int | None = None) -> Outline:
    """The non-ineligible results of current editions in order (the first `top` when given), and
    the gaps' kinds."""
    shown = [r for r in recommendation.results if r.status != "ineligible" and r.current]
    return Outline(
        size=recommendation.company.size,
        results=tuple(
            Line(
                r.program,
                r.name_ko,
                r.status,
                r.score,
                r.window,
                r.covers,
                r.money.estimated_support_krw,
                r.money.self_share_krw,
                r.money.cofunding_short,
                r.near_miss,
                r.money.kind,
                r.money.support_is_cap,
            )
            for r in (shown[:top] if top else shown)
        ),
        gaps=tuple((g.need, g.kind) for g in recommendation.gaps),
    )

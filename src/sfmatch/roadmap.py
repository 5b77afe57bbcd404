"""A roadmap: what a firm can apply for next, and in what order, over the next 12–24 months.

`plan(recommendation, profile, catalog)` lays out steps from what the engine already computed
(statuses, ranks, current editions); it re-checks no eligibility and reads no file.

**The ladder.** A step's `stage` is a need code. The ladder stages, in order:

1. `level-assessment` (수준확인) when the firm's `sf_level` is unknown or `none`, or when the firm
   asks for it. *Assumption:* a level check does not hold up the steps after it (it is quick and
   can run beside a build application); it is placed first so that the level is known when
   applying. Where no level-check program is open to the firm and the firm did not ask for one,
   the stage is left out without a note.
2. `construction` (기초 구축) when the firm has no government smart-factory build on record and
   its level is `none`, `basic` or unknown. *Assumption:* a prior government build means the basic
   build is done, whatever the level says; a level of `intermediate1` or above means the firm is
   past a basic build even without one (a note says so). A *government build* is a `prior` entry
   of a family that a catalog program covering `construction` or `upgrade` belongs to, or that an
   after-care program (covering `maintenance`) names in `prior_required`: the A/S programs list
   the government build families (*assumption:* that list is the catalog's best statement of
   what counts as one).
3. `upgrade` (고도화) after a build: a prior one, or this plan's construction step, which it then
   waits for; directly when the level is `basic` or higher. *Assumption:* it is reached (and
   left out, with a note) only at `advanced`.
4. `ai` (manufacturing AI) after this plan's upgrade step (or its construction step where there
   is no upgrade step), directly when the level is `intermediate1` or higher. Below that (or with
   the level unknown) the upgrade stage is its prerequisite.

Stages that the firm's stated `needs` name are planned; so are the stages they need first (a
build before after-care, a level check before a build, ...), each saying which stated need it
comes before. Without stated needs (no `needs` key) the whole ladder is planned; an empty list
plans nothing, and a note says so. `maintenance` (사후관리, A/S) is a step of its own when the
firm asks for it, after a build (its prior one, or this plan's, through `prior_required`); so is
every other need it states (`consulting`, `talent`, `data`, `robotics`, `carbon`,
`process-improvement`), waiting only for what its program requires. `cofunding` and `financing`
are never steps: they go beside steps, and a note says so where they could go beside none.

**Choosing a program.** For each stage, the first program covering it among the current
editions, in the engine's rank order: eligible, then needs-info (its unknown criteria become "to
confirm"), then one that is ineligible *only* by `prior_required` where an earlier step of this
plan is of a required family (the chain: a build, then its after-care), which then waits for
that step. A program (or another edition of its family) already planned for an earlier stage
is not planned again, nor one whose window closed for good (closed, with no next opening
known). Programs ineligible for any other reason are never planned. A stage with no program is
a step without one (a gap), and a note.

**Timing.** A step can start on the earliest day, on or after the later of `as_of` and the end
of every step it waits for, on which its window accepts applications (`engine.window_state`):
rolling or open, that day; upcoming, its opening; a closed yearly window, its next projected
opening (and later years by the same projection). A step waiting for another waits for that
step's project to finish: `PROJECT_MONTHS` after the earlier step can start (an assumption, and
an optimistic one: selection time is not counted). A program whose dates are not announced, or a
step waiting for one, has no start: it is kept, placed last and noted. A step that can start only
after `as_of + horizon_months` is not a step but a note, and so is every step waiting for it.
Steps are ordered by start (none last), then by stage (the ladder first, then after-care, then
the other needs in vocabulary order).

**Beside each step** go the programs that go with it (`Aside`): co-funding of the own share
(`cofunding`) and policy loans (`financing`) beside a build step or a step with an own share;
after-care (`maintenance`) and expert help (`consulting`) beside a build step, unless the firm
asked for them as steps. At most `ASIDES_PER_ROLE` of each, by the same choice as steps.

Everything said to people is an `i18n.Msg` (Korean in the gettext catalog). Deterministic: the
same inputs give the same roadmap.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field

from sfmatch import labels, vocab
from sfmatch.catalog import Catalog
from sfmatch.engine import window_state
from sfmatch.i18n import N_, Msg, Term
from sfmatch.records import Profile, Program, Window
from sfmatch.results import Recommendation, Result, WindowState

# ASSUMPTION (not from a source): a typical smart-factory project runs about six months, so a
# step that needs an earlier one finished (an upgrade after a build, after-care after a build)
# starts at the earliest this many months after the earlier step can start.
PROJECT_MONTHS = 6
ASIDES_PER_ROLE = 2  # programs of one role listed beside a step

LADDER = ("level-assessment", "construction", "upgrade", "ai")
BUILD_STAGES = ("construction", "upgrade", "ai")
MONEY_ROLES = ("cofunding", "financing")  # never steps of their own

# Step.status: the program's status today, or waiting for an earlier step (the chain).
CHAINED = "ineligible-until-an-earlier-step"


@dataclass(frozen=True)
class Aside:
    """A program that goes with a step: co-funding, a loan, after-care, consulting."""

    program: str
    name_ko: str | None
    name: str
    role: str  # the need code it serves beside the step
    why: tuple[Msg, ...]


@dataclass(frozen=True)
class Step:
    """One step of a roadmap: a stage of the ladder (or another need) and the program for it."""

    order: int  # 1, 2, ... in the roadmap's order
    stage: str  # a need code
    program: str | None  # None: no program open to the firm covers the stage (a gap)
    name_ko: str | None
    name: str | None
    status: str | None  # eligible, needs-info, CHAINED; None for a gap
    start: dt.date | None  # earliest day the firm can apply in this plan; None: unannounced
    window: WindowState | None  # on `start` (on as_of when there is no start); None for a gap
    after: tuple[str, ...]  # program ids of earlier steps it waits for
    why: tuple[Msg, ...]
    beside: tuple[Aside, ...] = ()


@dataclass(frozen=True)
class Roadmap:
    as_of: dt.date
    until: dt.date  # as_of + horizon
    steps: tuple[Step, ...]
    notes: tuple[Msg, ...]  # what could not be placed, and why


def plan(
    rec: Recommendation, profile: Profile, catalog: Catalog, horizon_months: int = 24
) -> Roadmap:
    """The roadmap of a firm from its recommendation (see the module's docstring)."""
    if horizon_months < 1:
        raise ValueError(f"horizon_months must be at least 1, got {horizon_months}")
    return _Planner(rec, profile, catalog, horizon_months).run()


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later, the month's last day where it is shorter."""
    total = day.month - 1 + months
    year, month = day.year + total // 12, total % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def first_accepting(window: Window | None, day: dt.date) -> tuple[dt.date | None, str]:
    """The first day on or after `day` on which the window accepts, and how it was found:
    `now` (accepting on `day`), `opens`, `projected` (a closed yearly window's next opening),
    or, without a day, `unannounced` or `closed` (closed, with no next opening known)."""
    how = "now"
    for _ in range(3):  # upcoming → its opening; closed yearly → the projected one: both accept
        state = window_state(window, day)
        if state.accepting:
            return day, how
        if state.status == "upcoming" and state.opens:
            day, how = state.opens, "opens"
        elif state.status == "closed" and state.next_opens:
            day, how = state.next_opens, "projected"
        else:
            return None, "unannounced" if state.status == "unannounced" else "closed"
    return None, "closed"  # pragma: no cover - window_state always accepts on those days


@dataclass
class _Planned:
    stage: str
    index: int  # processing order: the ladder, after-care, the other needs
    result: Result | None
    program: Program | None
    status: str | None
    start: dt.date | None
    after: tuple[str, ...]
    why: list[Msg]
    dropped: bool = False  # starts beyond the horizon
    beside: tuple[Aside, ...] = field(default=())


class _Planner:
    def __init__(self, rec: Recommendation, profile: Profile, catalog: Catalog, months: int):
        self.rec, self.profile, self.catalog = rec, profile, catalog
        self.as_of = rec.as_of
        self.until = add_months(rec.as_of, months)
        self.current = [r for r in rec.results if r.current]
        self.level = profile.sf_level
        self.builds = _prior_builds(profile, catalog)
        self.planned: list[_Planned] = []
        self.notes: list[Msg] = []

    # -- which stages ----------------------------------------------------------------------

    def _level_rank(self) -> int | None:
        return None if self.level is None else vocab.LEVELS.rank(self.level)

    def _reached(self, stage: str) -> Msg | None:
        """Why a stage is behind the firm already, or None."""
        rank = self._level_rank()
        if stage == "construction":
            if self.builds:
                program, year = self.builds[0]
                return N_(
                    "{stage}: already done ({program}, {year})",
                    stage=_need(stage),
                    program=program,
                    year=year,
                )
            if rank is not None and rank >= vocab.LEVELS.rank("intermediate1"):
                return N_(
                    "{stage}: already reached (your level is {level})",
                    stage=_need(stage),
                    level=_level(self.level),
                )
        if stage == "upgrade" and self.level == "advanced":
            return N_(
                "{stage}: already reached (your level is {level})",
                stage=_need(stage),
                level=_level(self.level),
            )
        return None

    def _prerequisites(self, stage: str) -> list[str]:
        rank = self._level_rank()
        low_or_unknown = self.level in (None, "none")
        found: list[str] = []
        if stage in BUILD_STAGES and low_or_unknown:
            found.append("level-assessment")
        if stage in ("upgrade", "ai", "maintenance"):
            found.append("construction")
        if stage == "ai" and (rank is None or rank < vocab.LEVELS.rank("intermediate1")):
            found.append("upgrade")
        return found

    def stages(self) -> list[tuple[str, list[Msg]]]:
        """The stages to plan, in processing order, each with why it is in the plan."""
        needs = self.profile.needs
        if needs is None:
            self.notes.append(N_("your needs are not given: the plan follows the whole ladder"))
            targets = [s for s in LADDER if s != "level-assessment" or self.level in (None, "none")]
        else:
            targets = [n for n in needs if n not in MONEY_ROLES]
            if not needs:
                self.notes.append(N_("no needs are stated: nothing to plan"))
        why: dict[str, list[Msg]] = {}
        skipped: set[str] = set()

        def include(stage: str, asked: Msg | None, first_for: str | None) -> None:
            if stage in why or stage in skipped:
                return
            reached = self._reached(stage)
            if reached is not None:
                skipped.add(stage)
                self.notes.append(reached)
                return
            if stage == "level-assessment" and asked is None and not self._offered(stage):
                skipped.add(stage)  # not asked for, and no program offers it: left out quietly
                return
            for before in self._prerequisites(stage):
                include(before, None, stage)
            reasons = [asked] if asked is not None else []
            if first_for is not None:
                reasons.append(
                    N_(
                        "you did not list {stage}, but it comes before {need}, which you did",
                        stage=_need(stage),
                        need=_need(first_for),
                    )
                )
            why[stage] = reasons

        for stage in sorted(targets, key=_stage_key):
            asked = N_("you asked for {need}", need=_need(stage)) if needs is not None else None
            include(stage, asked, None)
        return [(s, why[s]) for s in sorted(why, key=_stage_key)]

    def _offered(self, stage: str) -> bool:
        """Whether a current program covering `stage` is open to the firm (not ineligible)."""
        return any(r.status != "ineligible" and stage in self._covers(r) for r in self.current)

    # -- choosing and timing -------------------------------------------------------------------

    def _covers(self, result: Result) -> list[str]:
        program = self.catalog.get(result.program)
        return list(program.covers) if program else []

    def _chain(self, result: Result, upto: list[_Planned]) -> _Planned | None:
        """The earlier step whose program satisfies `result`'s `prior_required`, where that rule
        fails or is unknown only for want of it: the one that ends first."""
        program = self.catalog.get(result.program)
        required = program.eligibility.prior_required if program else None
        if not required:
            return None
        fits = [
            p
            for p in upto
            if p.program is not None
            and (p.program.id in required or p.program.family_id in required)
        ]
        if not fits:
            return None
        return min(fits, key=lambda p: (p.start is None, p.start or dt.date.min, p.index))

    def candidates(
        self, need: str, upto: list[_Planned], fresh: bool = True
    ) -> list[tuple[Result, _Planned | None]]:
        """Programs covering `need` the firm could be planned for, in the order of choice, each
        with the earlier step it waits for through `prior_required` (None: it waits for none).
        `fresh`: leave out the families of the steps in `upto`."""
        used = {p.program.family_id for p in upto if p.program is not None} if fresh else set()
        open_now: list[tuple[Result, _Planned | None]] = []
        chained: list[tuple[Result, _Planned | None]] = []
        for r in self.current:
            program = self.catalog.get(r.program)
            if program is None or need not in program.covers or program.family_id in used:
                continue
            if first_accepting(program.window, self.as_of)[1] == "closed":
                continue  # closed for good: nothing to apply for
            if r.status == "ineligible":
                fails = [c for c in r.checks if c.blocks]
                if any(c.criterion != "prior_required" for c in fails):
                    continue
                via = self._chain(r, upto)
                if via is not None:
                    chained.append((r, via))
                continue
            prior_unknown = any(
                c.criterion == "prior_required" and c.outcome == "unknown" for c in r.checks
            )
            open_now.append((r, self._chain(r, upto) if prior_unknown else None))
        return open_now + chained

    def timing(
        self, program: Program, waits: list[_Planned]
    ) -> tuple[dt.date | None, list[Msg], bool]:
        """When a program can start after the steps it waits for: (start, why, beyond the
        horizon). Waiting for a step means waiting for its project to finish."""
        why: list[Msg] = []
        ready = self.as_of
        for p in waits:
            name = p.program.id if p.program else ""
            if p.stage in BUILD_STAGES:
                why.append(
                    N_(
                        "after the build is finished (about {months} months, assumed)",
                        months=PROJECT_MONTHS,
                    )
                )
            else:
                why.append(
                    N_(
                        "after {program} is finished (about {months} months, assumed)",
                        program=name,
                        months=PROJECT_MONTHS,
                    )
                )
        for p in waits:
            if p.dropped:
                return None, why, True
        unknown = [p for p in waits if p.start is None]
        if unknown:
            why.extend(
                N_(
                    "its start depends on {program}, whose dates are not announced",
                    program=p.program.id if p.program else "",
                )
                for p in unknown
            )
            return None, why, False
        for p in waits:
            assert p.start is not None
            ready = max(ready, add_months(p.start, PROJECT_MONTHS))
        if ready > self.until:
            return None, why, True
        start, how = first_accepting(program.window, ready)
        why.append(_window_words(program.window, start, how, self.as_of))
        return start, why, start is not None and start > self.until

    # -- the plan ------------------------------------------------------------------------------

    def run(self) -> Roadmap:
        for index, (stage, why) in enumerate(self.stages()):
            self.planned.append(self._place(stage, index, why))
        for p in self.planned:
            p.beside = self._beside(p)
        self._money_notes()
        kept = [p for p in self.planned if not p.dropped]
        kept.sort(key=lambda p: (p.start is None, p.start or dt.date.min, p.index))
        steps = tuple(
            Step(
                order=n,
                stage=p.stage,
                program=p.program.id if p.program else None,
                name_ko=p.program.name_ko if p.program else None,
                name=p.program.name if p.program else None,
                status=p.status,
                start=p.start,
                window=(
                    None
                    if p.program is None
                    else window_state(p.program.window, p.start or self.as_of)
                ),
                after=p.after,
                why=tuple(p.why),
                beside=p.beside,
            )
            for n, p in enumerate(kept, 1)
        )
        return Roadmap(self.as_of, self.until, steps, tuple(self.notes))

    def _money_notes(self) -> None:
        """Co-funding and loans a firm asked for go beside steps: say where none could."""
        for need in self.profile.needs or ():
            if need not in MONEY_ROLES:
                continue
            if any(a.role == need for p in self.planned for a in p.beside):
                continue
            takers = [p for p in self.planned if not p.dropped and self._takes_money(p)]
            if takers:
                self.notes.append(
                    N_("{stage}: no program open to you covers it", stage=_need(need))
                )
            else:
                self.notes.append(
                    N_(
                        "{need}: it goes beside a step with an own share, and this plan has none",
                        need=_need(need),
                    )
                )

    def _takes_money(self, step: _Planned) -> bool:
        """Whether co-funding and loans go beside a step: a build, or one with an own share."""
        return step.program is not None and (
            step.stage in BUILD_STAGES or _has_own_share(step.program)
        )

    def _place(self, stage: str, index: int, why: list[Msg]) -> _Planned:
        earlier = list(self.planned)
        why = list(why) + self._stage_words(stage, earlier)
        options = self.candidates(stage, earlier)
        if not options:
            return self._gap(stage, index, why)
        result, via = options[0]
        program = self.catalog.get(result.program)
        assert program is not None
        waits = self._stage_waits(stage, earlier)
        if via is not None and via not in waits:
            waits.append(via)
        status = CHAINED if result.status == "ineligible" else result.status
        if via is not None:
            what = via.program.id if via.program else ""
            if via.stage in BUILD_STAGES:
                why.append(N_("needs a completed government build first: {program}", program=what))
            else:
                why.append(N_("needs {program} completed first", program=what))
        unknown = _to_confirm(result)
        if unknown:
            why.append(N_("to confirm: {criteria}", criteria=unknown))
        start, timing_why, beyond = self.timing(program, waits)
        why.extend(timing_why)
        after = tuple(p.program.id for p in waits if p.program is not None)
        placed = _Planned(stage, index, result, program, status, start, after, why)
        if beyond:
            placed.dropped = True
            self.notes.append(self._beyond_note(placed, waits))
        elif start is None:
            self.notes.append(
                N_(
                    "{program} ({stage}): dates not announced; placed last",
                    program=program.id,
                    stage=_need(stage),
                )
            )
            alternative = self._dated_alternative(stage, options[1:], earlier)
            if alternative is not None:
                why.append(alternative)
        return placed

    def _beyond_note(self, placed: _Planned, waits: list[_Planned]) -> Msg:
        assert placed.program is not None
        dropped = [p for p in waits if p.dropped]
        if dropped and dropped[0].program is not None:
            return N_(
                "{program} ({stage}) waits for {earlier}, which starts after {until}",
                program=placed.program.id,
                stage=_need(placed.stage),
                earlier=dropped[0].program.id,
                until=self.until,
            )
        if placed.start is None:
            return N_(
                "{program} ({stage}) cannot start by {until}, the end of the plan",
                program=placed.program.id,
                stage=_need(placed.stage),
                until=self.until,
            )
        return N_(
            "{program} ({stage}) can start only on {date}, after {until}, the end of the plan",
            program=placed.program.id,
            stage=_need(placed.stage),
            date=placed.start,
            until=self.until,
        )

    def _dated_alternative(
        self, stage: str, others: list[tuple[Result, _Planned | None]], earlier: list[_Planned]
    ) -> Msg | None:
        """Where the chosen program has no dates: the next one that has, within the plan."""
        for result, via in others:
            program = self.catalog.get(result.program)
            assert program is not None
            waits = self._stage_waits(stage, earlier)
            if via is not None and via not in waits:
                waits.append(via)
            start, _why, beyond = self.timing(program, waits)
            if start is not None and not beyond:
                return N_(
                    "another option with known dates: {program}, from {date}",
                    program=program.id,
                    date=start,
                )
        return None

    def _gap(self, stage: str, index: int, why: list[Msg]) -> _Planned:
        covering = [r for r in self.current if stage in self._covers(r)]
        near = next((r for r in covering if r.status == "ineligible"), None)
        open_to_us = [self.catalog.get(r.program) for r in covering if r.status != "ineligible"]
        used = {p.program.family_id for p in self.planned if p.program is not None}
        if not open_to_us:
            said = N_("{stage}: no program open to you covers it", stage=_need(stage))
        elif all(p is not None and p.family_id in used for p in open_to_us):
            said = N_(
                "{stage}: every program open to you for it is already in an earlier step",
                stage=_need(stage),
            )
        else:  # the others' windows closed, with no next call known
            said = N_(
                "{stage}: the programs open to you for it have closed, and no next call is known",
                stage=_need(stage),
            )
        why = [*why, said]
        self.notes.append(said)
        if near is not None:
            closest = N_(
                "{stage}: the nearest is {program}, not open to you: {reason}",
                stage=_need(stage),
                program=near.program,
                reason=near.first_fail or "",
            )
            why.append(closest)
            self.notes.append(closest)
        return _Planned(stage, index, None, None, None, None, (), why)

    def _stage_waits(self, stage: str, earlier: list[_Planned]) -> list[_Planned]:
        """The earlier steps a stage waits for by the ladder (not by a program's own rules)."""
        by_stage = {p.stage: p for p in earlier if p.program is not None}
        if stage == "upgrade" and "construction" in by_stage:
            return [by_stage["construction"]]
        if stage == "ai":
            for before in ("upgrade", "construction"):
                if before in by_stage:
                    return [by_stage[before]]
        return []

    def _stage_words(self, stage: str, earlier: list[_Planned]) -> list[Msg]:
        """Why the stage is where it is on the ladder, in the firm's own facts."""
        level, rank = self.level, self._level_rank()
        planned = {p.stage for p in earlier if p.program is not None}
        if stage == "level-assessment":
            if level is None:
                return [N_("your smart-factory level is not known; a level check comes first")]
            if level == "none":
                return [N_("your level is {level}; a level check comes first", level=_level(level))]
            return []
        if stage == "construction":
            if self.profile.prior is None:
                return [
                    N_(
                        "no government build on record (past programs not given: skip this"
                        " step if the firm had one)"
                    )
                ]
            return [N_("no government build on record; a basic build is the first stage")]
        if stage == "upgrade":
            words = []
            if self.builds:
                program, year = self.builds[0]
                words.append(
                    N_(
                        "builds on your earlier government build: {program} ({year})",
                        program=program,
                        year=year,
                    )
                )
            if rank is not None and rank >= vocab.LEVELS.rank("basic"):
                words.append(
                    N_(
                        "your level is {level}; this program is the next stage up",
                        level=_level(level),
                    )
                )
            elif "construction" not in planned and not self.builds:
                words.append(
                    N_(
                        "no build before it in this plan: check that the program takes"
                        " a firm without one"
                    )
                )
            return words
        if stage == "ai":
            if rank is not None and rank >= vocab.LEVELS.rank("intermediate1"):
                return [
                    N_(
                        "your level is {level}; ready for the manufacturing AI track",
                        level=_level(level),
                    )
                ]
            return []
        if stage == "maintenance" and self.builds:
            program, year = self.builds[0]
            return [
                N_(
                    "after-care for your earlier government build: {program} ({year})",
                    program=program,
                    year=year,
                )
            ]
        return []

    # -- beside each step ------------------------------------------------------------------

    def _beside(self, step: _Planned) -> tuple[Aside, ...]:
        if step.program is None or step.dropped:
            return ()
        steps = {p.program.id for p in self.planned if p.program is not None}
        stated = set(self.profile.needs or ())
        roles: list[str] = []
        if self._takes_money(step):
            roles.extend(MONEY_ROLES)
        if step.stage in BUILD_STAGES:
            roles.extend(r for r in ("maintenance", "consulting") if r not in stated)
        upto = [p for p in self.planned if p.index <= step.index and not p.dropped]
        found: list[Aside] = []
        for role in roles:
            taken = 0
            for result, via in self.candidates(role, upto, fresh=False):
                if taken == ASIDES_PER_ROLE:
                    break
                if result.program in steps:
                    continue
                aside = self._aside(step, role, result, via)
                if aside is not None:
                    found.append(aside)
                    taken += 1
        return tuple(found)

    def _aside(
        self, step: _Planned, role: str, result: Result, via: _Planned | None
    ) -> Aside | None:
        program = self.catalog.get(result.program)
        assert program is not None
        why: list[Msg] = [_ROLE_WORDS[role]]
        ready = step.start
        if via is not None or (role == "maintenance" and step.stage in BUILD_STAGES):
            why.append(
                N_(
                    "after the build is finished (about {months} months, assumed)",
                    months=PROJECT_MONTHS,
                )
            )
            ready = add_months(step.start, PROJECT_MONTHS) if step.start else None
        unknown = _to_confirm(result)
        if unknown:
            why.append(N_("to confirm: {criteria}", criteria=unknown))
        # Where the step has no start, the program's own next window is still worth saying.
        start, how = first_accepting(program.window, ready or self.as_of)
        if start is not None and start > self.until:
            return None
        why.append(_window_words(program.window, start, how, self.as_of))
        return Aside(program.id, program.name_ko, program.name, role, tuple(why))


_ROLE_WORDS: dict[str, Msg] = {
    "cofunding": N_("co-funding: can pay part of your own share"),
    "financing": N_("policy loan: can finance your own share"),
    "maintenance": N_("after-care (A/S) for what this step builds"),
    "consulting": N_("expert help to prepare this step"),
}


def _window_words(window: Window | None, start: dt.date | None, how: str, today: dt.date) -> Msg:
    """When applications can be made, in plain words."""
    if start is None:
        if how == "unannounced":
            return N_("dates not announced yet: watch for the yearly call")
        return N_("closed; the next call is not announced")
    state = window_state(window, start)
    if state.status == "rolling":
        return N_("rolling: apply any time")
    if how == "projected":
        return N_("expected to open {date}, by last year's dates (to confirm)", date=start)
    if state.status == "expected-open":
        return N_(
            "expected to be open from {date} until {closes}, by last year's dates (to confirm)",
            date=start,
            closes=state.closes,
        )
    if how == "opens":
        return N_("applications open {date}", date=start)
    if start == today:
        if state.closes is not None:
            return N_("open now, until {closes}", closes=state.closes)
        return N_("open now")
    if state.closes is not None:
        return N_("open from {date} until {closes}", date=start, closes=state.closes)
    return N_("open from {date}", date=start)


def _to_confirm(result: Result) -> tuple[Msg, ...]:
    words = [labels.CRITERION[c.criterion] for c in result.checks if c.open]
    return tuple(dict.fromkeys(words))


def _has_own_share(program: Program) -> bool:
    funding = program.funding
    return (
        funding is not None
        and funding.kind in ("grant", "voucher")
        and funding.gov_share is not None
        and funding.gov_share < 1
    )


def _prior_builds(profile: Profile, catalog: Catalog) -> list[tuple[str, int]]:
    """The firm's prior government smart-factory builds (program as written, year), newest
    first: entries of a family a catalog program covering construction or upgrade belongs to,
    or that an after-care program names in `prior_required` (see the module's docstring)."""
    families: set[str] = set()
    for p in catalog.programs:
        if {"construction", "upgrade"} & set(p.covers):
            families.add(p.family_id)
        if "maintenance" in p.covers and p.eligibility.prior_required:
            families.update(p.eligibility.prior_required)
    found = []
    for entry in profile.prior or ():
        family = catalog.family_of(entry.program)
        if entry.program in families or (family is not None and family in families):
            found.append((entry.program, entry.year))
    return sorted(found, key=lambda e: (-e[1], e[0]))


def _stage_key(need: str) -> tuple[int, int]:
    """Processing order: the ladder, then after-care, then the other needs."""
    if need in LADDER:
        return (0, LADDER.index(need))
    if need == "maintenance":
        return (1, 0)
    return (2, vocab.NEEDS.rank(need))


def _need(code: str) -> Term:
    return Term("need", code)


def _level(code: str | None) -> Term | str:
    return Term("level", code) if code else ""

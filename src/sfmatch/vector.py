"""The batch engine: the whole catalog against a chunk of applicants at once, over arrays.

`engine.recommend` explains one company, check by check; at about 40,000 applicant×program pairs a
second it is too slow for lists of 100,000. This engine gives what a batch table shows of the same
recommendation (`results.Outline`: status, score, window, covered needs, money, near miss, gaps),
equal to `outline(recommend(...))` field for field (tests hold them equal on every example profile
and on seeded random ones). It computes it differently:

- A categorical condition (region, KSIC, level, root processes, prior participation, record,
  size), weak or firm, and a rule with alternatives (contract v2 §4.1) is decided by the engine's
  own `criteria.check` once per distinct value of the facts it reads (remembered from chunk to
  chunk, up to a limit) and looked up for every applicant with that value; so are the needs and
  relevance components.
- The numeric conditions (employees, revenue, years since founding), weak or firm, size
  derivation and the money and funding rules (v2 §4.5, the funded project; a matching program
  on the program the firm ranks first) are array operations that restate §4.2–4.6 one for one.
- Status, near miss, score, order and gaps are array operations over applicants × programs.
- `Line`s are built only for the results shown (`top`), never for every pair.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable, Sequence
from itertools import compress
from types import SimpleNamespace

import numpy as np

from sfmatch import scoring, vocab
from sfmatch.catalog import Catalog
from sfmatch.criteria import (
    ANY,
    CONDITIONS,
    CRITERIA,
    READS,
    Condition,
    Facts,
    changeable,
    check,
    conditions_of,
    settles,
    whole_years,
)
from sfmatch.engine import is_matching, largest_project, matches, recommend, window_state
from sfmatch.models import Profile, Program
from sfmatch.portfolio import POSSIBLE, SETTLE, Portfolio, group_labels
from sfmatch.results import CREDIT, Decided, GapKind, Line, Outline, outline
from sfmatch.sizing import MICRO_EMPLOYEES, caps_on
from sfmatch.text import TermSet
from sfmatch.units import ksic_division

# The profile facts each criterion reads (criteria.READS): a categorical one is decided once per
# distinct value of them, criteria with the same facts together; the numeric ones are compared as
# arrays. `size` is the given or derived size (Facts.size); whether it was derived changes a
# check's words only, and the date is the run's.
NUMERIC = ("employees", "revenue_krw", "age_years")
_ONE_RUN = frozenset({"size_derived", "as_of"})
CATEGORICAL: dict[str, tuple[str, ...]] = {
    name: tuple(fact for fact in facts if fact not in _ONE_RUN)
    for name, facts in READS.items()
    if name not in NUMERIC
}
assert set(CATEGORICAL) | set(NUMERIC) == set(CRITERIA), "every criterion needs a batch rule"

# Per pair, counts packed in one integer so that conditions add up: firm fails, changeable firm
# fails, open ones (unknown, or weak and failed). Six bits each: a program has at most 14 table
# criteria and `models.MAX_RULES` rules.
FAIL, CHANGEABLE_FAIL, UNKNOWN = 1, 1 << 6, 1 << 12
_MASK = 0x3F
# Per pair, a bit per fact that would settle an open condition (`criteria.settles`): the policy
# view counts the firms a need is only possibly covered for by them.
BIT = {name: 1 << i for i, name in enumerate(SETTLE)}
STATUSES = ("eligible", "needs-info", "ineligible")
SIZE_CODES = (None, *vocab.SIZES.codes)
GAP_KINDS: tuple[GapKind | None, ...] = (None, "uncovered", "closed-only", "cofunding")
# The profile fields a numeric criterion reads, for a rule with alternatives that has one.
NUMERIC_FACTS = {name: tuple(f for f in READS[name] if f not in _ONE_RUN) for name in NUMERIC}
HUGE = 2**62  # numbers from here on do not fit the int64 arrays (sums included)
MEMO_LIMIT = 20_000  # distinct values remembered per fact; a full memo starts again (flat memory)


class Columns:
    """A chunk of companies as one list per profile field: what the batch engine reads.

    `Columns.of(profiles)` lays validated profiles out so; the fast reading of applicant lists
    fills the lists straight from the cells, without making a profile per row.
    """

    FIELDS = tuple(Profile.model_fields)

    def __init__(self, values: dict[str, list]) -> None:
        self.values = values
        self.count = len(values["name"])

    @classmethod
    def of(cls, profiles: Sequence[Profile]) -> Columns:
        return cls({f: [getattr(p, f) for p in profiles] for f in cls.FIELDS})

    def __getattr__(self, field: str) -> list:
        try:
            return self.values[field]
        except KeyError:
            raise AttributeError(field) from None


def _hashable(value: object) -> Hashable:
    return tuple(value) if type(value) is list else value  # type: ignore[return-value]


def _keys(columns: Columns, facts: tuple[str, ...], sizes: list[str | None]) -> list[Hashable]:
    """Each company's hashable key of `facts` (lists as tuples; `size` the given or derived)."""
    lists = [
        sizes if f == "size"
        else list(map(_hashable, columns.values[f])) if f in LIST_FACTS else columns.values[f]
        for f in facts
    ]  # fmt: skip
    return lists[0] if len(lists) == 1 else list(zip(*lists, strict=True))


def _facts(condition: Condition) -> tuple[str, ...]:
    """The profile facts a condition reads (`size`: the given or derived size), in one order."""
    found: list[str] = []
    for name in condition.reads():
        found += NUMERIC_FACTS.get(name, CATEGORICAL.get(name, ()))
    return tuple(sorted(set(found)))


LIST_FACTS = frozenset({"processes", "prior", "disqualifiers", "needs"})


class _Memo:
    """Rows of per-program values, computed once per distinct key and looked up per applicant."""

    def __init__(self) -> None:
        self.rows: dict[Hashable, np.ndarray] = {}

    def table(self, keys: Sequence[Hashable], compute: Callable[[int], np.ndarray]) -> np.ndarray:
        """(applicants × programs) values for `keys`; `compute(i)` gives the row for key i."""
        local = dict.fromkeys(keys)  # the distinct keys, in order of first sight
        index = dict(zip(local, range(len(local)), strict=True))
        codes = np.fromiter(map(index.__getitem__, keys), dtype=np.intp, count=len(keys))
        if len(self.rows) + len(local) > MEMO_LIMIT:
            self.rows.clear()
        # Codes are numbered in order of first sight, so unique() gives each one's first row.
        _, first = np.unique(codes, return_index=True)
        rows = []
        for k, i in zip(local, first.tolist(), strict=True):
            row = self.rows.get(k)
            if row is None:
                row = self.rows[k] = compute(i)
            rows.append(row)
        return np.stack(rows)[codes]


class BatchEngine:
    """The catalog prepared once for a date; `outlines_of` scores one chunk of companies."""

    def __init__(self, catalog: Catalog, as_of: dt.date) -> None:
        self.catalog = catalog
        self.as_of = as_of
        # Columns in id order: a stable sort on (status, score) then breaks ties by id (§4.7).
        self.programs: list[Program] = sorted(catalog.programs, key=lambda p: p.id)
        programs = self.programs
        self.ids = [p.id for p in programs]
        self.last_status: np.ndarray | None = None  # of the last chunk outlined
        # matching column → (the column each firm's estimate rests on, whether there is one)
        self.last_matched: dict[int, tuple[np.ndarray, np.ndarray]] = {}
        self.kinds = [p.funding.kind if p.funding else "grant" for p in programs]
        self.names_ko = [p.name_ko for p in programs]
        self.windows = [window_state(p.window, as_of) for p in programs]
        self.window_points = np.array(
            [scoring.window_component(w).points for w in self.windows], dtype=float
        )
        self.closed = np.array([w.status == "closed" for w in self.windows])
        older = catalog.superseded(as_of)  # a family's older editions: never shown, no gaps
        self.current = np.array([p.id not in older for p in programs])
        self.covers = {
            need: np.array([need in p.covers for p in programs]) for need in vocab.NEEDS.codes
        }
        self.root_program = np.array(
            [bool(p.eligibility.root or p.eligibility.processes_any) for p in programs]
        )
        self.small_program = np.array(
            [
                p.eligibility.sizes is not None and set(p.eligibility.sizes) <= scoring.SMALL_SIZES
                for p in programs
            ]
        )
        # Each program's conditions (criteria.conditions_of): numeric ones as arrays; the
        # others decided once per distinct value of the facts they read, grouped by those facts.
        groups: dict[tuple[str, ...], list[tuple[int, Condition]]] = {}
        self.numeric: list[tuple[int, Condition]] = []
        self.undecided = np.zeros(len(programs), dtype=np.int32)  # the `conditions` check
        for j, program in enumerate(programs):
            for condition in conditions_of(program.eligibility):
                if condition.criterion == CONDITIONS:
                    self.undecided[j] = UNKNOWN
                elif condition.criterion in NUMERIC:
                    self.numeric.append((j, condition))
                elif condition.criterion in CATEGORICAL or condition.criterion == ANY:
                    groups.setdefault(_facts(condition), []).append((j, condition))
        self.groups = [(facts, pairs, _Memo()) for facts, pairs in groups.items()]
        # a matching program's columns, and the columns of the current programs it matches
        self.matching = [
            (j, [m for m, other in enumerate(programs) if self.current[m] and matches(p, other)])
            for j, p in enumerate(programs) if is_matching(p)
        ]  # fmt: skip
        self.matched_columns = np.array(sorted({m for _, cols in self.matching for m in cols}),
                                        dtype=np.intp)  # fmt: skip
        self.needs_memo = _Memo()
        self.covered: dict[tuple[str, ...] | None, list[tuple[str, ...]]] = {}
        self.gap_orders: dict[tuple[str, ...] | None, list[tuple[str, int]]] = {}
        self.gap_lists: dict[tuple, tuple[tuple[str, GapKind], ...]] = {}
        self.relevance_memo = _Memo()
        self.programs_of: dict[str, list[int]] = {}
        for j, program in enumerate(programs):
            for term in scoring.relevance_terms(program):
                self.programs_of.setdefault(term, []).append(j)
        self.term_set = TermSet(list(self.programs_of))
        self.ages: dict[dt.date, int] = {}
        self.huge_catalog = any(not -HUGE < n < HUGE for p in programs for n in _numbers(p))
        self.divisions: dict[str, int] = {}

    # --- values decided once per distinct fact -------------------------------------------------

    def _decide(self, pairs: list[tuple[int, Condition]], facts: dict, size: str | None):
        """(packed fail/open counts, settle bits) of the conditions `pairs` for one combination
        of facts: a 2 × programs array."""
        profile = SimpleNamespace(**facts)  # only what these conditions read
        view = Facts(profile, size, False, self.as_of, self.catalog.family_of)  # type: ignore[arg-type]
        row = np.zeros((2, len(self.programs)), dtype=np.int32)
        for j, condition in pairs:
            found = check(view, condition)
            if found.blocks:
                row[0, j] += FAIL + (CHANGEABLE_FAIL if changeable(found) else 0)
            elif found.open:
                row[0, j] += UNKNOWN
                for name in settles(found):
                    row[1, j] |= BIT[name]
        return row

    def _covered(self, needs: tuple[str, ...] | None) -> list[tuple[str, ...]]:
        """Per program, the company's needs it covers, in the company's order."""
        found = self.covered.get(needs)
        if found is None:
            if len(self.covered) >= MEMO_LIMIT:
                self.covered.clear()
            found = self.covered[needs] = [
                tuple(n for n in (needs or ()) if n in p.covers) for p in self.programs
            ]
        return found

    def _needs_row(self, needs: tuple[str, ...] | None) -> np.ndarray:
        return np.array([scoring.needs_points(needs, c) for c in self._covered(needs)], dtype=float)

    def _relevance_row(self, text: str) -> np.ndarray:
        """Each program's relevance points for one text; every catalog term is looked for once,
        and only programs with a term mentioned are scored (the others have 0 points)."""
        row = np.zeros(len(self.programs))
        if not text.strip():
            return row
        strengths = self.term_set.mentioned(text)
        scored = {j for term in strengths for j in self.programs_of[term]}
        for j in sorted(scored):
            row[j] = scoring.relevance_component(
                text, self.programs[j], lambda t: strengths.get(t, 0.0)
            ).points
        return row

    def _gap_order(self, needs: tuple[str, ...] | None) -> list[tuple[str, int]]:
        """(need, column) in find_gaps order: maintenance first, then the vocabulary's order."""
        found = self.gap_orders.get(needs)
        if found is None:
            if len(self.gap_orders) >= MEMO_LIMIT:
                self.gap_orders.clear()
            ranked = sorted(needs or (), key=lambda n: (n != "maintenance", vocab.NEEDS.rank(n)))
            found = self.gap_orders[needs] = [(n, vocab.NEEDS.rank(n)) for n in ranked]
        return found

    def _division(self, ksic: str) -> int:
        found = self.divisions.get(ksic)
        if found is None:
            found = self.divisions[ksic] = ksic_division(ksic)
        return found

    def _age(self, founded: dt.date) -> int:
        found = self.ages.get(founded)
        if found is None:
            found = self.ages[founded] = whole_years(founded, self.as_of)
        return found

    # --- one chunk -----------------------------------------------------------------------------

    def outlines(self, profiles: Sequence[Profile], top: int | None) -> list[Outline]:
        """Each profile's outline, equal to `outline(recommend(profile, ...), top)`."""
        return self.outlines_of(Columns.of(profiles), top)

    def outlines_of(self, companies: Columns, top: int | None) -> list[Outline]:
        """Each company's outline, equal to `outline(recommend(its profile, ...), top)`."""
        if not companies.count:
            return []
        huge = list(range(companies.count)) if self.huge_catalog else self._huge(companies)
        if huge:  # numbers past 64 bits (typos, surely) are scored the exact way, one by one
            return self._with_exact(companies, huge, top)
        k = companies.count
        found = self._scored(companies, scores=True)
        status, tenths = found.status, found.tenths
        support, support_known, own, own_known, upper = found.money
        short_known = own_known & found.cash_known[:, None]
        short = np.where(short_known, found.cash[:, None] < own, False)

        # Order (§4.7): status, then score (higher first), then id (the column order).
        order = np.argsort(found.order_key, axis=1, kind="stable")
        if top:
            order = order[:, :top]
        gaps = self._gaps(status, short & short_known, k)
        gaps = np.where(gaps == POSSIBLE, 0, gaps)  # needs-info programs cover a need (§4.8)
        is_cap = support_known & upper
        self.last_status = status  # for recommend: the programs a firm is ineligible for
        return self._build(
            k, found.size_names, order, status, tenths, found.near, support, support_known, own,
            own_known, short, short_known, found.needs_keys, gaps, is_cap,
        )  # fmt: skip

    def _scored(self, companies: Columns, scores: bool) -> SimpleNamespace:
        """Status, money and (with `scores`, or where a matching program needs the firm's
        ranking) score and order key of every pair of a chunk."""
        _, sizes, size_names, status, near = self._status(companies)
        budget, budget_known = _known(companies.project_budget_krw)
        cash, cash_known = _known(companies.cofunding_krw)
        money = self._money(budget, budget_known)
        found = SimpleNamespace(status=status, near=near, size_names=size_names, money=money,
                                cash=cash, cash_known=cash_known, tenths=None, order_key=None,
                                needs_keys=None)  # fmt: skip
        if not scores and not self.matching:
            return found
        # Scores of every column; or, where only a matching program needs the firm's ranking of
        # the programs it matches (the policy view), of those columns alone.
        cols = slice(None) if scores else self.matched_columns
        # Score: the five components, added in the order of engine.evaluate.
        needs_keys = found.needs_keys = list(map(_hashable, companies.needs))
        needs_points = self.needs_memo.table(needs_keys, lambda i: self._needs_row(needs_keys[i]))
        texts = [
            " ".join(t for t in pair if t)
            for pair in zip(companies.goals, companies.industry, strict=True)
        ]
        relevance = self.relevance_memo.table(texts, lambda i: self._relevance_row(texts[i]))
        is_root = np.array(
            [
                bool(cert or processes)
                for cert, processes in zip(
                    companies.root_certified, companies.processes, strict=True
                )
            ]
        )
        small = np.isin(sizes, [SIZE_CODES.index(s) for s in scoring.SMALL_SIZES])
        bonus = np.minimum(
            scoring.ROOT_BONUS * (is_root[:, None] & self.root_program[cols])
            + scoring.SMALL_BONUS * (small[:, None] & self.small_program[cols]),
            scoring.BONUS_MAX,
        )

        def order_key() -> np.ndarray:
            support, support_known, own, own_known, _ = (m[:, cols] for m in money)
            funding = self._funding(
                support, support_known, own, own_known, budget, budget_known, cash, cash_known
            )
            total = (needs_points[:, cols] + relevance[:, cols] + funding
                     + self.window_points[cols] + bonus)  # fmt: skip
            tenths = _round_tenths(total)
            key = status[:, cols] * 2000 + (1000 - tenths)
            if scores:
                found.tenths = tenths
                return key
            full = np.zeros(status.shape, dtype=key.dtype)  # only the matched columns are read
            full[:, cols] = key
            return full

        found.order_key = order_key()
        if self.matching:  # estimated on the program the firm ranks first: then scored
            self._matched_money(money, status, found.order_key)
            if scores:
                found.order_key = order_key()
        return found

    def _status(self, companies: Columns):
        """(employees, size codes, size names, status per pair, near miss per pair): status 0
        eligible, 1 needs-info, 2 ineligible, an older edition counted as ineligible (never
        shown, no bearing on gaps)."""
        k = companies.count
        employees, employees_known = _known(companies.employees)
        revenue, revenue_known = _known(companies.revenue_krw)
        ages, age_known = _known(
            [None if day is None else self._age(day) for day in companies.founded]
        )
        sizes = self._sizes(companies, employees, employees_known, revenue, revenue_known)
        size_names = [SIZE_CODES[s] for s in sizes.tolist()]

        # Eligibility: packed counts per pair, summed over conditions; open ones' settle bits.
        packed = np.zeros((k, len(self.programs)), dtype=np.int32) + self.undecided
        settle = np.zeros((k, len(self.programs)), dtype=np.int32)
        settle[:, self.undecided > 0] = BIT[CONDITIONS]
        for facts, pairs, memo in self.groups:
            keys = size_names if facts == ("size",) else _keys(companies, facts, size_names)

            def decide(i: int, facts=facts, pairs=pairs) -> np.ndarray:
                sample = {f: companies.values[f][i] for f in facts if f != "size"}
                return self._decide(pairs, sample, size_names[i])

            found = memo.table(keys, decide)
            packed += found[:, 0]
            settle |= found[:, 1]
        counts, bits = self._numeric(
            (employees, employees_known), (revenue, revenue_known), (ages, age_known)
        )
        packed += counts
        settle |= bits
        fails = packed & _MASK
        unknowns = (packed >> 12) & _MASK
        status = np.where(fails > 0, 2, np.where(unknowns > 0, 1, 0))
        status = np.where(self.current, status, 2)
        near = (fails == 1) & (((packed >> 6) & _MASK) == 1)
        self.last_settle = settle  # what would settle each open pair (the policy view)
        return employees, sizes, size_names, status, near

    def portfolio_of(
        self,
        companies: Columns,
        by: str | None,
        what_if: BatchEngine | None = None,
        assume: tuple[str, ...] = (),
    ) -> Portfolio:
        """What `sfmatch gaps` sums of a chunk: per group of companies (`by`), each need's
        coverage (covered for sure, possibly with what would settle it, or as `find_gaps` judges
        a gap); per program, eligible and needs-info applicants and their demand. Scores are
        computed only for the programs a matching program matches (its estimate rests on the
        firm's ranking of them). With a what-if engine (another catalog), the same for it in
        `scenario`, and per need the firms it moves, sure and possible apart, firm by firm.
        `assume`: needs taken as stated by every firm (a registry export states none)."""
        if not companies.count:
            part = Portfolio.empty(self.ids)
            part.scenario = Portfolio.empty(what_if.ids) if what_if else None
            return part
        part, gaps, settle, stated, no_needs, labels = self._portfolio(companies, by, assume)
        self.last_gaps = (stated, gaps)  # for the list of firms a need leaves out
        if what_if is not None:
            part.scenario, other, other_settle, *_ = what_if._portfolio(companies, by, assume)
        for label in dict.fromkeys(labels):
            rows = np.array([lab == label for lab in labels])
            changed = other[rows] if what_if is not None else None
            part.add_group(label, stated[rows], gaps[rows], no_needs[rows], settle[rows], changed)
            if part.scenario is not None:
                part.scenario.add_group(label, stated[rows], other[rows], no_needs[rows],
                                        other_settle[rows])  # fmt: skip
        return part

    def _portfolio(self, companies: Columns, by: str | None, assume: tuple[str, ...] = ()):
        """(the program sums of a chunk, gap kinds, needs stated, firms with no needs, each
        firm's group label)."""
        if self.huge_catalog or self._huge(companies):
            raise ValueError("numbers past 64 bits cannot be summed")  # refused when read
        k = companies.count
        found = self._scored(companies, scores=False)
        status, size_names = found.status, found.size_names
        support, support_known, own, own_known, upper = found.money
        short = (own_known & found.cash_known[:, None]) & (found.cash[:, None] < own)
        gaps = self._gaps(status, short, k)
        self.last_status = status  # for the firms whose status a what-if catalog changes
        stated = np.zeros((k, len(vocab.NEEDS.codes)), dtype=bool)
        no_needs = np.zeros(k, dtype=bool)
        for i, needs in enumerate(companies.needs):
            if needs:
                stated[i, [vocab.NEEDS.rank(n) for n in needs]] = True
            elif not assume:
                no_needs[i] = True
        if assume:
            stated[:, [vocab.NEEDS.rank(n) for n in assume]] = True
        # Per firm and need only possibly covered, the facts that would settle it: the settle
        # bits of every needs-info program covering it (open, the firm's cash enough).
        candidates = (status == 1) & ~self.closed & ~short
        settle = np.zeros((k, len(vocab.NEEDS.codes)), dtype=np.int32)
        for n, need in enumerate(vocab.NEEDS.codes):
            rows = np.flatnonzero(stated[:, n] & (gaps[:, n] == POSSIBLE))
            if len(rows):
                chosen = np.where(candidates[rows] & self.covers[need], self.last_settle[rows], 0)
                settle[rows, n] = np.bitwise_or.reduce(chosen, axis=1)
        is_cap = support_known & upper
        eligible, needs_info = status == 0, status == 1
        exact = support_known & ~is_cap
        part = Portfolio.empty(self.ids)
        part.eligible += eligible.sum(axis=0)
        part.needs_info += needs_info.sum(axis=0)
        part.demand_exact += np.where(eligible & exact, support, 0).sum(axis=0)
        part.demand_exact_firms += (eligible & exact).sum(axis=0)
        part.demand_caps += np.where(eligible & is_cap, support, 0).sum(axis=0)
        part.demand_caps_firms += (eligible & is_cap).sum(axis=0)
        part.demand_unknown += (eligible & ~support_known).sum(axis=0)
        part.possible_max += np.where(needs_info & support_known, support, 0).sum(axis=0)
        part.possible_unknown += (needs_info & ~support_known).sum(axis=0)
        labels = group_labels(companies, size_names, by)
        return part, gaps, settle, stated, no_needs, labels

    @staticmethod
    def _huge(companies: Columns) -> list[int]:
        """Companies with a number the arrays cannot hold (|n| >= 2**62)."""
        numbers = zip(companies.employees, companies.revenue_krw, companies.project_budget_krw,
                      companies.cofunding_krw, strict=True)  # fmt: skip
        return [
            i
            for i, row in enumerate(numbers)
            if any(n is not None and not -HUGE < n < HUGE for n in row)
        ]

    def _with_exact(self, companies: Columns, huge: list[int], top: int | None) -> list[Outline]:
        exact = {}
        for i in huge:
            given = {
                f: column[i] for f, column in companies.values.items() if column[i] is not None
            }
            profile = Profile.trusted(given)
            exact[i] = outline(recommend(profile, self.catalog, self.as_of), top)
        rest = [i for i in range(companies.count) if i not in exact]
        others = Columns({f: [column[i] for i in rest] for f, column in companies.values.items()})
        fast = iter(self.outlines_of(others, top))
        self.last_status = None  # of the others only
        return [exact[i] if i in exact else next(fast) for i in range(companies.count)]

    def decided(self, count: int) -> list[Decided]:
        """What the last `outlines_of` (of `count` companies) decided of each company that
        `engine.recommend` need not find again: the programs it is ineligible for (older
        editions with them), and for each matching program the program its estimate rests on
        (None: none). Nothing where it scored some companies the exact way."""
        status = self.last_status
        if status is None or len(status) != count:
            return [Decided()] * count
        ids = self.ids
        out = [frozenset(compress(ids, row)) for row in (status == 2).tolist()]
        on: list[dict[str, str | None]] = [{} for _ in range(count)]
        for j, _columns in self.matching:
            if j not in self.last_matched:  # a matching program that matches nothing
                for each in on:
                    each[ids[j]] = None
                continue
            pick, found = self.last_matched[j]
            for each, column, any_ in zip(on, pick.tolist(), found.tolist(), strict=True):
                each[ids[j]] = ids[column] if any_ else None
        return [Decided(no, of) for no, of in zip(out, on, strict=True)]

    def _sizes(
        self, companies: Columns, employees: np.ndarray, employees_known, revenue: np.ndarray, known
    ) -> np.ndarray:
        """Size codes: as given, or derived from revenue and KSIC, and under the small-firm cap
        from the head count (sizing.derive_size); 0 where that is unknown."""
        divisions = [self._division(code) for code in companies.ksic]
        caps = caps_on(self.as_of)  # the law in force on the as-of date
        sme = np.array([caps.sme[d] for d in divisions], dtype=np.int64)
        small = np.array([caps.small[d] for d in divisions], dtype=np.int64)
        code = SIZE_CODES.index
        derived = np.where(
            revenue > sme,
            code("midsize"),
            np.where(
                revenue <= small,
                np.where(employees < MICRO_EMPLOYEES, code("micro"), code("small")),
                code("medium"),
            ),
        )
        derived = np.where(known & (employees_known | (revenue > small)), derived, 0)
        given = np.array([code(size) for size in companies.size])
        return np.where(given > 0, given, derived)

    def _numeric(self, employees, revenue, ages):
        """(packed counts, settle bits) of the employees, revenue and age conditions
        (criteria.py, as arrays), each given as (values, known): a weak one that fails is open,
        not a fail."""
        shape = (len(employees[0]), len(self.programs))
        packed = np.zeros(shape, dtype=np.int32)
        bits = np.zeros(shape, dtype=np.int32)
        columns = {"employees": employees, "revenue_krw": revenue, "age_years": ages}
        for j, condition in self.numeric:
            name, rule = condition.criterion, condition.rule
            values, known = columns[name]
            fail = np.zeros(len(values), dtype=bool)
            if rule.max is not None:
                fail |= values > rule.max
            if rule.min is not None:
                fail |= values < rule.min
            if known is not None:
                fail &= known
                packed[:, j] += UNKNOWN * ~known
                bits[:, j] |= np.where(known, 0, BIT[name])
            if condition.weak:
                packed[:, j] += UNKNOWN * fail
                bits[:, j] |= np.where(fail, BIT[CONDITIONS], 0)
            else:
                weight = FAIL + (CHANGEABLE_FAIL if CRITERIA[name].changeable else 0)
                packed[:, j] += weight * fail
        return packed, bits

    def _money(self, budget: np.ndarray, budget_known: np.ndarray):
        """engine.money_for over arrays, but for matching programs (`_matched_money`):
        (support, known), (own share, known) and whether the support is an upper bound."""
        k, n = len(budget), len(self.programs)
        support = np.zeros((k, n), dtype=np.int64)
        support_known = np.zeros((k, n), dtype=bool)
        own = np.zeros((k, n), dtype=np.int64)
        own_known = np.zeros((k, n), dtype=bool)
        upper = np.zeros((k, n), dtype=bool)
        for j, program in enumerate(self.programs):
            funding = program.funding
            if funding is None or funding.kind in CREDIT or funding.matches is not None:
                continue  # no support, a credit limit, or a matching program: later
            cap, share, largest = funding.max_krw, funding.gov_share, largest_project(funding)
            if largest is None:
                project, project_known = budget, budget_known
            else:
                project = np.where(budget_known, np.minimum(budget, largest), largest)
                project_known = np.ones(k, dtype=bool)
            if share is not None and largest is not None:
                by_share = np.rint(share * project).astype(np.int64)
                support[:, j] = np.minimum(cap, by_share) if cap is not None else by_share
                own[:, j] = project - support[:, j]
                support_known[:, j] = own_known[:, j] = True
                upper[:, j] = ~budget_known
            elif cap is not None:
                support[:, j] = np.where(project_known, np.minimum(cap, project), cap)
                support_known[:, j] = upper[:, j] = True
        return support, support_known, own, own_known, upper

    def _matched_money(self, money, status: np.ndarray, order_key: np.ndarray) -> None:
        """A matching program's money, in place: its share of the own share of the program it
        matches that the firm ranks first (not ineligible, own share known; engine.matched_by)."""
        support, support_known, own, own_known, upper = money
        k, n = status.shape
        self.last_matched = {}
        for j, columns in self.matching:
            funding = self.programs[j].funding
            assert funding is not None
            found = np.zeros(k, dtype=bool)
            base = np.zeros(k, dtype=np.int64)
            base_upper = np.zeros(k, dtype=bool)
            if columns:
                cols = np.array(columns)
                usable = (status[:, cols] != 2) & own_known[:, cols]
                # the firm's ranking: status, score, then id (the column order)
                rank = np.where(usable, order_key[:, cols].astype(np.int64) * n + cols, 2**62)
                pick = cols[np.argmin(rank, axis=1)]
                found = usable.any(axis=1)
                rows = np.arange(k)
                base = np.where(found, own[rows, pick], 0)
                base_upper = found & upper[rows, pick]
                self.last_matched[j] = (pick, found)
            cap, share = funding.max_krw, funding.gov_share
            if share is not None:
                by_share = np.rint(share * base).astype(np.int64)
                support[:, j] = np.minimum(cap, by_share) if cap is not None else by_share
                own[:, j] = base - support[:, j]
                support_known[:, j] = own_known[:, j] = found
                upper[:, j] = base_upper
            elif cap is not None:
                support[:, j] = np.minimum(cap, base)
                support_known[:, j] = upper[:, j] = found
        return None

    @staticmethod
    def _funding(
        support, support_known, own, own_known, budget, budget_known, cash, cash_known
    ) -> np.ndarray:
        """scoring.funding_component's points over arrays."""
        both = own_known & cash_known[:, None]
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio = np.minimum(1.0, cash[:, None] / own)
            paid = np.minimum(1.0, support / budget[:, None])
        full, paid_full = scoring.AFFORD_POINTS, scoring.PAID_POINTS
        afford = np.where(both, np.where(own == 0, full, full * ratio), full / 2)
        has_budget = (budget_known & (budget != 0))[:, None]
        amount = np.where(support_known, np.where(has_budget, paid_full * paid, paid_full / 2), 0.0)
        return afford + amount

    def _gaps(self, status: np.ndarray, short: np.ndarray, count: int) -> np.ndarray:
        """engine.find_gaps over arrays: a gap kind (index into GAP_KINDS) per applicant × need,
        with `POSSIBLE` where only needs-info programs cover it (the policy view's split)."""
        open_ = status != 2
        accepting = open_ & ~self.closed
        not_short = accepting & ~short
        sure = not_short & (status == 0)
        kinds = np.zeros((count, len(vocab.NEEDS.codes)), dtype=np.int8)
        for n, need in enumerate(vocab.NEEDS.codes):
            cover = self.covers[need]
            any_open = (open_ & cover).any(axis=1)
            any_accepting = (accepting & cover).any(axis=1)
            all_short = ~(not_short & cover).any(axis=1)
            any_sure = (sure & cover).any(axis=1)
            kinds[:, n] = np.where(
                ~any_open, 1, np.where(~any_accepting, 2, np.where(
                    all_short, 3, np.where(any_sure, 0, POSSIBLE))))  # fmt: skip
        return kinds

    def _build(
        self, count, size_names, order, status, tenths, near, support, support_known, own,
        own_known, short, short_known, needs_keys, gaps, is_cap,
    ) -> list[Outline]:  # fmt: skip
        """Python values for the shown results only."""
        picked_status = np.take_along_axis(status, order, axis=1)
        shown = picked_status != 2  # a prefix of each row: the order puts ineligible last

        def pick(values: np.ndarray) -> list:
            return np.take_along_axis(values, order, axis=1)[shown].tolist()

        rows = np.nonzero(shown)[0].tolist()
        columns, states, scores, nears = (
            order[shown].tolist(),
            pick(status),
            pick(tenths),
            pick(near),
        )
        supports, supports_known, caps = pick(support), pick(support_known), pick(is_cap)
        owns, owns_known, shorts, shorts_known = (
            pick(own),
            pick(own_known),
            pick(short),
            pick(short_known),
        )
        covered = [self._covered(key) for key in needs_keys]
        ids, names, windows, kinds = self.ids, self.names_ko, self.windows, self.kinds
        lines = [
            Line(ids[j], names[j], STATUSES[state], score / 10, windows[j], covered[i][j],
                 money if money_known else None, paid if paid_known else None,
                 is_short if short_known_ else None, is_near, kinds[j], is_cap_)
            for i, j, state, score, is_near, money, money_known, paid, paid_known, is_short,
                short_known_, is_cap_ in zip(rows, columns, states, scores, nears, supports,
                                             supports_known, owns, owns_known, shorts,
                                             shorts_known, caps, strict=True)
        ]  # fmt: skip
        counts = shown.sum(axis=1).tolist()
        # An applicant's gap kinds as one number (2 bits a need), so that the gaps of each
        # (needs, kinds) met are put in order once.
        packed = (gaps.astype(np.int64) << (2 * np.arange(gaps.shape[1]))).sum(axis=1).tolist()
        found = self.gap_lists
        if len(found) > MEMO_LIMIT:
            found.clear()
        outlines = []
        start = 0
        for i, count in enumerate(counts):
            key = (needs_keys[i], packed[i])
            listed = found.get(key)
            if listed is None:
                kinds = gaps[i].tolist()
                listed = found[key] = tuple(
                    (need, GAP_KINDS[kinds[n]])
                    for need, n in self._gap_order(needs_keys[i])
                    if kinds[n]
                )
            outlines.append(Outline(size_names[i], tuple(lines[start : start + count]), listed))
            start += count
        return outlines


def _numbers(program: Program) -> list[int]:
    """The program's numbers that the arrays compare or add."""
    funding = program.funding
    found = [funding.max_krw, funding.project_max_krw] if funding else []
    for condition in conditions_of(program.eligibility):
        if condition.criterion in NUMERIC:
            found += [condition.rule.min, condition.rule.max]
    return [n for n in found if n is not None]


def _known(values: list[int | None]) -> tuple[np.ndarray, np.ndarray]:
    known = np.array([v is not None for v in values], dtype=bool)
    return np.array([v or 0 for v in values], dtype=np.int64), known


def _round_tenths(total: np.ndarray) -> np.ndarray:
    """round(x, 1) * 10 as integers, exactly as Python rounds (not as x * 10 happens to round).

    Only where x * 10 lies next to a half can the two differ; those few are rounded by Python.
    """
    scaled = total * 10
    tenths = np.rint(scaled).astype(np.int64)
    near_half = np.abs(scaled - np.floor(scaled) - 0.5) < 1e-6
    for index in zip(*np.nonzero(near_half), strict=True):
        tenths[index] = round(round(float(total[index]), 1) * 10)
    return tenths

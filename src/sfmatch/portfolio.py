"""The policy view (`sfmatch gaps`): coverage of needs across many firms, and demand on programs.

A `Portfolio` is sums only: per group of firms (all of them, or by district, size, level, root or
KSIC division), how many state each need and how the catalog covers it (as `engine.find_gaps`
judges it for one firm); per program, eligible and needs-info applicants and the demand of the
eligible ones. The batch engine fills one per chunk of a list (`BatchEngine.portfolio_of`), and
chunks add up, so memory does not grow with the list.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from sfmatch import vocab
from sfmatch.criteria import CONDITIONS, CRITERIA

# Coverage of a stated need, in the order of the batch engine's gap kinds: 0 covered for sure (an
# eligible open program the firm's cash can pay its share of), then the gaps of §4.8, then
# possibly covered (only needs-info programs would cover it: `vector.POSSIBLE`).
COVERAGE = ("covered", "uncovered", "closed-only", "cofunding", "possible")
POSSIBLE = COVERAGE.index("possible")
# The facts that would settle a possible coverage: the criteria whose facts are missing, and
# `conditions` (the announcement's conditions: none encoded, or a weak one failed).
SETTLE = (*CRITERIA, CONDITIONS)
BREAKDOWNS = ("district", "size", "level", "root", "division")
ALL = "all firms"


@dataclass
class Group:
    """One group of firms: how many, how many state no need, and per need how many state it and
    how it is covered (counts by `COVERAGE`), and for the firms it is only possibly covered for,
    how many lack each fact that would settle it (counts by `SETTLE`)."""

    firms: int = 0
    no_needs: int = 0
    stated: np.ndarray = field(default_factory=lambda: np.zeros(len(vocab.NEEDS.codes), int))
    coverage: np.ndarray = field(
        default_factory=lambda: np.zeros((len(vocab.NEEDS.codes), len(COVERAGE)), int)
    )
    settle: np.ndarray = field(
        default_factory=lambda: np.zeros((len(vocab.NEEDS.codes), len(SETTLE)), int)
    )
    # With a what-if catalog, per need: the firms it newly covers for sure, or newly possibly
    # (from neither); and those it takes sure coverage from, or possible coverage (to neither).
    newly_sure: np.ndarray = field(default_factory=lambda: np.zeros(len(vocab.NEEDS.codes), int))
    newly_possible: np.ndarray = field(
        default_factory=lambda: np.zeros(len(vocab.NEEDS.codes), int)
    )
    losing_sure: np.ndarray = field(default_factory=lambda: np.zeros(len(vocab.NEEDS.codes), int))
    losing_possible: np.ndarray = field(
        default_factory=lambda: np.zeros(len(vocab.NEEDS.codes), int)
    )


SUMS = (
    "eligible", "needs_info", "demand_exact", "demand_exact_firms", "demand_caps",
    "demand_caps_firms", "demand_unknown", "possible_max", "possible_unknown",
)  # fmt: skip


@dataclass
class Portfolio:
    """Sums over firms; `merge` adds another's (chunks, or several lists). Per program (in the
    batch engine's column order): eligible and needs-info firms; the demand of the eligible
    ones, summed apart where it is an estimate (`demand_exact`, over `demand_exact_firms`) and
    where only an upper bound is known (`demand_caps`), with the firms of no figure counted
    (`demand_unknown`); and what the needs-info firms would ask at most (`possible_max`), with
    those of no figure counted (`possible_unknown`)."""

    programs: list[str]
    eligible: np.ndarray
    needs_info: np.ndarray
    demand_exact: np.ndarray
    demand_exact_firms: np.ndarray
    demand_caps: np.ndarray
    demand_caps_firms: np.ndarray
    demand_unknown: np.ndarray
    possible_max: np.ndarray
    possible_unknown: np.ndarray
    groups: dict[str, Group] = field(default_factory=dict)
    scenario: Portfolio | None = None  # the same firms against a what-if catalog
    left_out: list[dict] = field(default_factory=list)  # firms a need leaves uncovered, if asked
    changes: list[dict] = field(default_factory=list)  # firms a what-if changes, if asked

    @classmethod
    def empty(cls, programs: list[str]) -> Portfolio:
        n = len(programs)
        zeros = [np.zeros(n, dtype=np.int64) for _ in SUMS]
        return cls(list(programs), *zeros)

    def add_group(
        self,
        label: str,
        stated: np.ndarray,
        gaps: np.ndarray,
        no_needs: np.ndarray,
        settle: np.ndarray,
        what_if: np.ndarray | None = None,
    ) -> None:
        """Firms of one group: `stated` (firms × needs), their coverage kinds (firms × needs),
        the bits of what would settle a possible coverage (firms × needs, `SETTLE` order), and
        with a what-if catalog the coverage kinds it gives (`what_if`)."""
        group = self.groups.setdefault(label, Group())
        group.firms += len(stated)
        group.no_needs += int(no_needs.sum())
        group.stated += stated.sum(axis=0)
        for kind in range(len(COVERAGE)):
            group.coverage[:, kind] += (stated & (gaps == kind)).sum(axis=0)
        possible = stated & (gaps == POSSIBLE)
        for b in range(len(SETTLE)):
            group.settle[:, b] += (possible & ((settle >> b) & 1).astype(bool)).sum(axis=0)
        if what_if is not None:
            sure, after_sure = stated & (gaps == 0), stated & (what_if == 0)
            after_possible = stated & (what_if == POSSIBLE)
            group.newly_sure += (after_sure & ~sure).sum(axis=0)
            group.newly_possible += (after_possible & ~sure & ~possible).sum(axis=0)
            group.losing_sure += (sure & ~after_sure).sum(axis=0)
            group.losing_possible += (possible & ~after_sure & ~after_possible).sum(axis=0)

    def merge(self, other: Portfolio) -> None:
        assert other.programs == self.programs, "portfolios of one catalog only"
        for name in SUMS:
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for label, theirs in other.groups.items():
            mine = self.groups.setdefault(label, Group())
            _add(mine, theirs)
        self.left_out += other.left_out
        self.changes += other.changes
        if other.scenario is not None:
            if self.scenario is None:
                self.scenario = Portfolio.empty(other.scenario.programs)
            self.scenario.merge(other.scenario)

    def whole(self) -> Portfolio:
        """The same sums with every group as one, `ALL` (the what-if's too)."""
        whole = Portfolio(self.programs, *(getattr(self, name) for name in SUMS),
                          groups={ALL: self.total()})  # fmt: skip
        if self.scenario is not None:
            whole.scenario = self.scenario.whole()
        return whole

    def labels(self) -> list[str]:
        """The groups in reading order: sizes and levels from small to large, others by name, a
        group whose value is unknown last."""
        return sorted(self.groups, key=_group_order)

    def total(self) -> Group:
        """All groups together."""
        found = Group()
        for group in self.groups.values():
            _add(found, group)
        return found


def _group_order(label: str) -> tuple:
    for words in (vocab.SIZES, vocab.LEVELS):
        if label in words.codes:
            return (0, words.rank(label), label)
    return (2 if "unknown" in label else 1, 0, label)


def _add(mine: Group, theirs: Group) -> None:
    mine.firms += theirs.firms
    mine.no_needs += theirs.no_needs
    for name in (
        "stated",
        "coverage",
        "settle",
        "newly_sure",
        "newly_possible",
        "losing_sure",
        "losing_possible",
    ):
        setattr(mine, name, getattr(mine, name) + getattr(theirs, name))


def group_labels(companies, size_names: list[str | None], by: str | None) -> list[str]:
    """Each firm's group for a breakdown (`BREAKDOWNS`), or one group for all."""
    if by is None:
        return [ALL] * companies.count
    if by == "district":
        from sfmatch.places import korea

        tiers = korea().districts_of  # 세종 has no 시·군·구: its firms are its group
        return [
            d or (f"{r} (district unknown)" if tiers.get(r) else r)
            for r, d in zip(companies.region, companies.district, strict=True)
        ]
    if by == "size":
        return [s or "size unknown" for s in size_names]
    if by == "level":
        return [level or "level unknown" for level in companies.sf_level]
    if by == "root":
        return [
            "root" if (cert or processes) else ("not root" if cert is False else "root unknown")
            for cert, processes in zip(companies.root_certified, companies.processes, strict=True)
        ]
    if by == "division":
        return [code[:3] for code in companies.ksic]
    raise ValueError(by)

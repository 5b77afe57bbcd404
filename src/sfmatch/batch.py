"""Scoring applicant lists: every row scored or rejected, likely duplicates flagged, never merged.

Rows go in chunks: read (by columns where the output allows), scored by the batch engine over
arrays, and laid out, in worker processes for long lists, while the main process reads the list,
counts, flags duplicates in row order and writes. The results are those of `recommend`.
"""

from __future__ import annotations

import datetime as dt
import functools
import gc
import hashlib
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, NamedTuple

import numpy as np

from sfmatch.applicants import (
    Applicant,
    ApplicantList,
    FastReader,
    Rejected,
    Unknown,
    parse_row,
)
from sfmatch.catalog import Catalog
from sfmatch.engine import company_view, evaluate, rank_key, recommend, why_not
from sfmatch.i18n import N_, Joined, Msg, Named, Term, said
from sfmatch.models import Profile, Program, Readiness
from sfmatch.plausible import doubt
from sfmatch.results import Outline, Recommendation, Result
from sfmatch.text import raw_key
from sfmatch.workers import Workers

if TYPE_CHECKING:
    from sfmatch.vector import Columns
    from sfmatch.vocab import Within


@dataclass(frozen=True)
class Scored:
    applicant: Applicant
    outline: Outline  # what the batch tables show, equal to outline(recommend(...), top)
    duplicate_of: str | None  # e.g. "row 3 (same BRN)"
    recommendation: Recommendation | None = None  # the full one, with every reason (JSON only)
    other_site_of: str | None = None  # e.g. "row 3 (same name in another 시·군·구 of 경상남도)"

    @property
    def size(self) -> str | None:
        return self.outline.size


@dataclass(frozen=True)
class Outside:
    """A row left out: its place is not surely the one the list is kept to (`--region`)."""

    row: int


@dataclass
class Tally:
    """`read = scored + rejected`, always (contract §5); blank rows are counted apart, and so
    are the rows left out because their place is not surely `outside_of`, the one the list is
    kept to (`--region`): every row of the list is one of these."""

    scored: int = 0
    rejected: int = 0
    outside: int = 0
    outside_of: str | None = None  # the place code of `--region`
    blank: int = 0
    duplicates: int = 0
    other_sites: int = 0  # rows named as a firm of another 시·군·구: its other factory, perhaps
    unknown: list[Unknown] = field(default_factory=list)  # scored rows with unreadable cells
    masked_brns: int = 0  # BRNs published masked (`608127****`): no checksum, no duplicates
    # How places and prior programs were read where a person should know, and doubtful
    # values: each note → its number of rows.
    readings: Counter[str] = field(default_factory=Counter)
    notes: list[Msg] = field(default_factory=list)  # for the user, about the run, not the rows

    @property
    def read(self) -> int:
        return self.scored + self.rejected

    @property
    def unknown_cells(self) -> int:
        return sum(len(u.problems) for u in self.unknown)

    def summary(self, lang: str = "en") -> str:
        """`read N = scored S + rejected R` and what else a person should know, in `lang`
        (English: the contract's line, which scripts read)."""
        parts = [rows_read(self.read, N_("scored"), self.scored, self.rejected)]
        if self.outside:
            parts.append(left_out(self.outside, self.outside_of))
        if self.unknown_cells:
            parts.append(N_("{n} cells read as unknown", n=self.unknown_cells))
        if self.masked_brns:
            parts.append(N_("{n} masked BRNs (not checked, not used for duplicates)",
                            n=self.masked_brns))  # fmt: skip
        if self.blank:
            parts.append(N_("{n} blank rows skipped", n=self.blank))
        if self.duplicates:
            parts.append(N_("{n} possible duplicates flagged (not merged)", n=self.duplicates))
        if self.other_sites:
            parts.append(N_("{n} rows named as a firm in another district (its other factories?"
                            " said in other_site_of, not flagged as duplicates)",
                            n=self.other_sites))  # fmt: skip
        return said(Joined(parts), lang)


def rows_read(read: int, done: Msg, scored: int, rejected: int) -> Msg:
    """The head of a run's summary line: the rows read and where each went (`done`: scored,
    or converted); the contract's `read N = scored S + rejected R`."""
    return N_("read {read} = {done} {scored} + rejected {rejected}", read=read, done=done,
              scored=scored, rejected=rejected)  # fmt: skip


def left_out(rows: int, place: str | None) -> Msg:
    """The rows `--region` left out, counted apart from those read."""
    return N_("{n} rows outside {place} left out (--region)", n=rows,
              place=Term("place", place or "?"))  # fmt: skip


_CORPORATE = re.compile(
    r"\(주\)|㈜|주식회사|\(유\)|유한회사|\(합\)|co\.?,?\s*ltd\.?|ltd\.?|inc\.?|corp\.?|company|co\.",
    re.IGNORECASE,
)


def name_key(name: str) -> str:
    """A company name without legal-form words and spacing: `(주)한울 정밀` ~ `한울정밀 주식회사`."""
    return raw_key(_CORPORATE.sub(" ", name))  # names are met once: not worth a cache


def _digest(*parts: str) -> int:
    """A stable 64-bit key: the index holds a million of these in about 110 MB, half of the text."""
    data = "\0".join(parts).encode()
    return int.from_bytes(hashlib.blake2b(data, digest_size=8).digest(), "big")


# BRN as a number; digests of (region, name) and of (district, name) where the district is
# known; the region; the district
DuplicateKeys = tuple[int | None, int, int | None, str, str | None]


def duplicate_keys(profile: Profile) -> DuplicateKeys:
    return keys_of(profile.name, profile.brn, profile.region, profile.district)


def keys_of(name: str, brn: str | None, region: str, district: str | None = None) -> DuplicateKeys:
    """A row's keys for duplicates: one firm is one BRN, or one name in one 시·군·구 (in one
    시·도 where a 시·군·구 is not known); a name met in another 시·군·구 of the 시·도 is the firm's
    other factory, perhaps: counted, not flagged."""
    checked = brn is not None and "*" not in brn  # a masked BRN takes no part
    named = _digest(name_key(name))  # one digest a row; a place's key is the name's moved by it
    return ((int(brn.replace("-", "")) if checked else None), named ^ _place_key(region),
            named ^ _place_key(district) if district else None, region, district)  # fmt: skip


@functools.cache
def _place_key(place: str) -> int:
    """A place's own 64 bits, which move a name's key to the key of that name in that place."""
    return _digest("place", place)


class FirstRows:
    """64-bit key → the first row it was seen on, for millions of keys in 16 bytes each.

    Sorted numpy arrays in levels of growing size (two levels of like size are merged), looked
    up by binary search; a Python dict would take some 90 bytes a key, and the index is the one
    thing in a batch run that grows with the list.
    """

    def __init__(self) -> None:
        self.levels: list[tuple[np.ndarray, np.ndarray]] = []  # (sorted keys, their first rows)

    def first(self, keys: Sequence[int], rows: Sequence[int]) -> list[int]:
        """For each key in order, the first row it was seen on (its own row if new); remembers."""
        if not keys:
            return []
        keys_ = np.array(keys, dtype=np.uint64)
        rows_ = np.array(rows, dtype=np.int32)  # a list's rows: CSV lines, or a sheet's (≤ 2^20)
        found = np.full(len(keys_), -1, dtype=np.int64)
        for level_keys, level_rows in self.levels:
            at = np.minimum(np.searchsorted(level_keys, keys_), len(level_keys) - 1)
            found = np.where((found < 0) & (level_keys[at] == keys_), level_rows[at], found)
        distinct, first, inverse = np.unique(keys_, return_index=True, return_inverse=True)
        found = np.where(found >= 0, found, rows_[first][inverse])
        new = found[first] == rows_[first]  # not seen in an earlier chunk
        self._add(distinct[new], rows_[first][new])
        return found.tolist()

    def peek(self, keys: Sequence[int]) -> list[int]:
        """For each key, the first row it was seen on, or -1; remembers nothing."""
        if not keys:
            return []
        keys_ = np.array(keys, dtype=np.uint64)
        found = np.full(len(keys_), -1, dtype=np.int64)
        for level_keys, level_rows in self.levels:
            at = np.minimum(np.searchsorted(level_keys, keys_), len(level_keys) - 1)
            found = np.where((found < 0) & (level_keys[at] == keys_), level_rows[at], found)
        return found.tolist()

    def _add(self, keys: np.ndarray, rows: np.ndarray) -> None:
        if not len(keys):
            return
        self.levels.append((keys, rows))
        while len(self.levels) > 1 and len(self.levels[-2][0]) <= 2 * len(self.levels[-1][0]):
            (k1, r1), (k2, r2) = self.levels.pop(), self.levels.pop()
            # two sorted levels of distinct keys (a key is added once) merged in place of a
            # sort: where each key of the smaller goes, then the larger in the places left
            size = len(k1) + len(k2)
            at = np.searchsorted(k2, k1) + np.arange(len(k1))
            keys_, rows_ = np.empty(size, dtype=k2.dtype), np.empty(size, dtype=r2.dtype)
            keys_[at], rows_[at] = k1, r1
            rest = np.ones(size, dtype=bool)
            rest[at] = False
            keys_[rest], rows_[rest] = k2, r2
            self.levels.append((keys_, rows_))


class OtherSite(str):
    """The flag of a row named as a firm an earlier row named in another 시·군·구 of its 시·도:
    that firm's other factory, perhaps (column `other_site_of`), not a duplicate."""

    __slots__ = ()


def is_duplicate(flag: str | None) -> bool:
    """Whether a row's flag says it may be an earlier row's duplicate (not its other factory)."""
    return bool(flag) and flag.__class__ is not OtherSite


class Duplicates:
    """Flags each row whose BRN, or whose name in its 시·군·구, an earlier row had (where either
    row's 시·군·구 is not known, its name in its 시·도); merges nothing. Counts the rows whose
    name an earlier row had in another 시·군·구 of the 시·도 (`other_sites`)."""

    def __init__(self, lang: str = "en") -> None:
        self.lang = lang
        self.by_brn = FirstRows()
        self.by_name = FirstRows()  # the name in its region, and in its 시·군·구
        self.by_region_alone = FirstRows()  # the name in its region, for rows of no 시·군·구
        self.other_sites = 0

    def check(self, rows: list[int], keys: list[DuplicateKeys]) -> list[str | None]:
        """The flags of a chunk of rows, in order: 'row 3 (same BRN)', 'row 5 (same name in
        incheon/namdong)', an `OtherSite` ('row 5 (same name in another 시·군·구 of incheon)') or
        None. A BRN match is named before a name match."""
        if not rows:
            return []
        brns, region_keys, district_keys, regions, districts = zip(*keys, strict=True)
        # a name's keys in its region and in its 시·군·구 differ (`keys_of`): one index holds
        # both, looked up at once
        placed = [i for i, k in enumerate(district_keys) if k is not None]
        n = len(rows)
        found = self.by_name.first([*region_keys, *(district_keys[i] for i in placed)],
                                   [*rows, *(rows[i] for i in placed)])  # fmt: skip
        by_region = found[:n]
        by_district: list[int | None] = [None] * n
        for i, first in zip(placed, found[n:], strict=True):
            by_district[i] = first
        by_brn = self._some(self.by_brn, brns, rows)
        # rows of no 시·군·구: remembered by region, for the rows of a 시·군·구 to look up
        alone = [k if d is None else None for d, k in zip(district_keys, region_keys, strict=True)]
        self._some(self.by_region_alone, alone, rows)
        near_alone = (self.by_region_alone.peek(region_keys) if self.by_region_alone.levels
                      else [-1] * len(rows))  # fmt: skip
        flags: list[str | None] = []
        for i, row in enumerate(rows):
            if by_brn[i] is not None and by_brn[i] != row:
                flags.append(self._said(N_("row {row} (same BRN)", row=by_brn[i])))
            elif by_district[i] is not None and by_district[i] != row:
                flags.append(self._same_name(by_district[i], districts[i]))
            elif by_district[i] is not None and -1 < near_alone[i] < row:  # of no 시·군·구
                flags.append(self._same_name(near_alone[i], regions[i]))
            elif by_district[i] is None and by_region[i] != row:
                flags.append(self._same_name(by_region[i], regions[i]))
            elif by_district[i] is not None and by_region[i] != row:
                # a name seen before in another 시·군·구 of the 시·도: its other factory?
                flags.append(self._other_site(by_region[i], regions[i]))
                self.other_sites += 1
            else:
                flags.append(None)
        return flags

    def _other_site(self, row: int, region: str) -> OtherSite:
        from sfmatch.vocab import place_words

        where = Named(place_words(region, "ko"), region)
        return OtherSite(self._said(N_("row {row} (same name in another 시·군·구 of {region})",
                                       row=row, region=where)))  # fmt: skip

    def _same_name(self, row: int, place: str) -> str:
        """`row 5 (same name in incheon/namdong)`; in Korean the place as Koreans name it."""
        from sfmatch.vocab import place_words

        where = Named(place_words(place, "ko"), place)
        return self._said(N_("row {row} (same name in {place})", row=row, place=where))

    def _said(self, flag: Msg) -> str:
        return said(flag, self.lang)

    @staticmethod
    def _some(index: FirstRows, keys: Sequence, rows: list[int]) -> list[int | None]:
        """`index.first` of the rows whose key is not None; None for the others."""
        picked = [i for i, k in enumerate(keys) if k is not None]
        if len(picked) == len(keys):
            return index.first(keys, rows)
        found: list[int | None] = [None] * len(keys)
        for i, first in zip(picked, index.first([keys[i] for i in picked],
                                                [rows[i] for i in picked]), strict=True):  # fmt: skip
            found[i] = first
        return found


Progress = Callable[[int], None]  # told the number of rows read so far


CHUNK = 2048  # rows scored together: big enough for arrays to pay, small for flat memory
# With every reason kept (JSON, --program JSON), an applicant's results weigh some 50 KB: smaller
# chunks keep the few chunks in flight between processes small.
DETAILED_CHUNK = 128
# What a worker sends back of a chunk's scored applicants (`Scored`, or `Ranked` with a program).
Shape = Callable[[list], object]
# row, name, BRN, region, district, and the profile file for a folder of profiles
Heads = list[tuple[int, str, "str | None", str, "str | None", "str | None"]]
# Lays a chunk's applicants out as text, from their heads and outlines (e.g. CSV rows): then no
# profile is made per row at all.
Text = Callable[[Heads, list[Outline]], object]


class Chunk(NamedTuple):
    """A chunk of rows scored: every row in order, and its scored applicants shaped."""

    items: list[Rejected | Outside | tuple[int, DuplicateKeys]]  # or (row, duplicate keys)
    shaped: object  # the chunk's `Scored` list, or what `shape` made of it (e.g. CSV text)
    unknown: list[Unknown]  # scored rows with cells read as unknown
    readings: Counter[str]  # notes on how the rows were read (see Tally.readings) → rows
    masked: int  # masked BRNs


@dataclass(frozen=True)
class Job:
    """What scoring a list needs, the same in every process (spawned workers get it pickled).

    `detailed`: keep every reason (`recommend` per applicant, or full `Ranked` results); `shape`
    makes what a worker sends back of a chunk's `Scored` (or `Ranked`, with `program`); `text`
    lays a chunk out as text straight from the columns read, with no profile per row (CSV).
    """

    listing: ApplicantList
    catalog: Catalog
    as_of: dt.date
    top: int | None = None
    detailed: bool = False
    shape: Shape | None = None
    program: Program | None = None
    text: Text | None = None
    portfolio: bool = False  # sum a `Portfolio` per chunk (`sfmatch gaps`), grouped by `by`
    by: str | None = None
    what_if: Catalog | None = None  # with `portfolio`: compare with this catalog, firm by firm
    left_out: str | None = None  # with `portfolio`: list the firms this need leaves uncovered
    assume: tuple[str, ...] = ()  # with `portfolio`: needs taken as every firm's (lists without)
    changes: bool = False  # with `what_if`: list each firm's programs whose status changes
    within: Within | None = None  # keep only the rows whose place is surely this (`--region`)
    lang: str = "en"  # the duplicate flags are said in it (a person reads them)


class Scorer:
    """Turns chunks of raw rows into scored applicants and rejections; one per process."""

    def __init__(self, job: Job) -> None:
        from sfmatch.vector import BatchEngine  # numpy: only for batches

        listing = job.listing
        self.listing = listing
        self.reader = FastReader(listing) if listing.kind != "folder" else None
        if self.reader is not None:
            self.reader.within = job.within
        self.parse = listing.parser(self.reader)
        self.engine = BatchEngine(job.catalog, job.as_of)
        self.catalog, self.as_of, self.top = job.catalog, job.as_of, job.top
        self.detailed, self.shape, self.program, self.text = (
            job.detailed, job.shape, job.program, job.text
        )  # fmt: skip
        self.portfolio, self.by = job.portfolio, job.by
        self.what_if = BatchEngine(job.what_if, job.as_of) if job.what_if is not None else None
        self.left_out, self.assume, self.changes = job.left_out, job.assume, job.changes
        self.within = job.within

    def chunk(self, rows: list[tuple[int, object]]) -> Chunk:
        from sfmatch.vector import Columns

        if self.portfolio:
            companies, items, applicants, heads = self._read(rows)
            part = self.engine.portfolio_of(companies, self.by, self.what_if, self.assume)
            if self.left_out is not None and companies.count:
                part.left_out = self._left_out(companies, heads)
            if self.changes and self.what_if is not None and companies.count:
                part.changes = self._changes(heads)
            return Chunk(items, part, *self._reports(applicants, companies))
        if self.text is not None:
            return self._text_chunk(rows)
        parsed = [self._kept(self.parse(number, raw)) for number, raw in rows]
        applicants = [a for a in parsed if isinstance(a, Applicant)]
        profiles = [a.profile for a in applicants]
        items = [
            (item.row, duplicate_keys(item.profile)) if isinstance(item, Applicant) else item
            for item in parsed
        ]
        reports = self._reports(applicants, Columns.of(profiles))
        if self.program is not None:
            ranked = [self._rank(a) for a in applicants]
            return Chunk(items, self.shape(ranked) if self.shape else ranked, *reports)
        outlines = self.engine.outlines(profiles, self.top)
        full: list[Recommendation | None] = [None] * len(profiles)
        if self.detailed:  # the shown programs, found by the batch engine, said in full
            decided = self.engine.decided(len(profiles))
            full = [recommend(p, self.catalog, self.as_of, [line.program for line in o.results],
                              [need for need, _kind in o.gaps], known)
                    for p, o, known in zip(profiles, outlines, decided, strict=True)]  # fmt: skip
        scored = [
            Scored(a, o, None, rec) for a, o, rec in zip(applicants, outlines, full, strict=True)
        ]
        return Chunk(items, self.shape(scored) if self.shape else scored, *reports)

    def _kept(self, item: Applicant | Rejected) -> Applicant | Rejected | Outside:
        """An applicant of another place than `--region`'s becomes `Outside`."""
        if self.within is None or not isinstance(item, Applicant):
            return item
        p = item.profile
        return item if self.within.holds(p.region, p.district, p.area) else Outside(item.row)

    def _reports(
        self, applicants: list[Applicant], companies: Columns
    ) -> tuple[list[Unknown], Counter[str], int]:
        """What the run reports of a chunk's scored rows: cells read as unknown; how places
        and prior programs were read where a person should know (places: the reader's count
        for the rows it read, the rows' own for the others), and doubtful values; masked BRNs."""
        unknown = [a.unknown for a in applicants if a.unknown is not None]
        notes: Counter[str] = Counter()
        if self.reader is not None:
            notes, self.reader.notes = self.reader.notes, Counter()
        for a in applicants:
            notes.update(a.notes)
        for prior in companies.prior:
            for entry in prior or ():
                note = self.catalog.read_program(entry.program).note()
                if note:
                    notes[note] += 1
        found = map(doubt, companies.revenue_krw, companies.employees)
        notes.update(d for d in found if d is not None)
        masked = sum(1 for b in companies.brn if b is not None and "*" in b)
        return unknown, notes, masked

    def _left_out(self, companies, heads) -> list[dict]:
        """The firms of a chunk that state the need and are not covered for it, each with what
        every program covering the need says of them (`recommend`'s reasons, for these few)."""
        from sfmatch import vocab
        from sfmatch.portfolio import COVERAGE

        need = self.left_out
        n = vocab.NEEDS.rank(need)
        stated, gaps = self.engine.last_gaps
        found = []
        for i in np.flatnonzero(stated[:, n] & (gaps[:, n] != 0)).tolist():
            given = {
                f: column[i] for f, column in companies.values.items() if column[i] is not None
            }
            rec = recommend(Profile.trusted(given), self.catalog, self.as_of)
            reasons = Joined(
                (N_("{program}: {reason}", program=r.program, reason=why_not(r))
                 for r in rec.results
                 if r.current and need in self.catalog.get(r.program).covers),
                " | ",
            )  # said in the reader's language where the list is written  # fmt: skip
            row, name, brn, region, district, file = heads[i]
            found.append({
                "row": row, "file": file, "name": name, "brn": brn, "region": region,
                "district": district, "size": rec.company.size, "need": need,
                "coverage": COVERAGE[int(gaps[i, n])], "reasons": reasons,
            })  # fmt: skip
        return found

    def _changes(self, heads) -> list[dict]:
        """Each firm's programs whose status the what-if catalog changes, both statuses given. A
        program in one catalog only is `absent` from the other; ineligible and absent are no
        change (the firm cannot have it either way)."""
        from sfmatch.vector import STATUSES

        before, after = self.engine.last_status, self.what_if.last_status  # type: ignore[union-attr]
        old, new = self.engine.ids, self.what_if.ids  # type: ignore[union-attr]
        absent = len(STATUSES)
        names = (*STATUSES, "absent")
        found, k = [], len(heads)
        for program in sorted(set(old) | set(new)):
            was = before[:, old.index(program)] if program in old else np.full(k, absent)
            now = after[:, new.index(program)] if program in new else np.full(k, absent)
            same = (was == now) | ((np.minimum(was, now) == 2) & (np.maximum(was, now) == absent))
            for i in np.flatnonzero(~same).tolist():
                row, name, brn, region, district, file = heads[i]
                found.append({
                    "row": row, "file": file, "name": name, "brn": brn, "region": region,
                    "district": district, "program": program, "before": names[was[i]],
                    "after": names[now[i]],
                })  # fmt: skip
        return sorted(found, key=lambda r: (r["file"] or "", r["row"], r["program"]))

    def _text_chunk(self, rows: list[tuple[int, object]]) -> Chunk:
        """Read column by column, scored by the batch engine, laid out as text: no profile is
        made for a row read whole."""
        assert self.text is not None
        companies, items, applicants, heads = self._read(rows)
        text = self.text(heads, self.engine.outlines_of(companies, self.top))
        return Chunk(items, text, *self._reports(applicants, companies))

    def _read(self, rows: list[tuple[int, object]]):
        """A chunk read column by column: (the companies read whole, every row's item, the
        applicants read the full way, the heads of the companies). Rows that are not read
        whole are read the full way, which explains."""
        from sfmatch.vector import Columns

        if self.reader is None:  # a folder of profile files: a profile each anyway
            parsed = [self._kept(self.parse(number, raw)) for number, raw in rows]
            values = Columns.of([a.profile for a in parsed if isinstance(a, Applicant)]).values
            good = [isinstance(a, Applicant) for a in parsed]
            applicants = [a for a in parsed if isinstance(a, Applicant)]
        else:
            values, good = self.reader.read_columns(rows)  # type: ignore[arg-type]
            parsed = [
                None if ok else parse_row(self.listing, number, cells)  # type: ignore[arg-type]
                for ok, (number, cells) in zip(good, rows, strict=True)
            ]
            applicants = []
            for i, item in enumerate(parsed):
                if isinstance(item, Applicant):  # read whole the full way after all
                    for name in values:
                        values[name][i] = getattr(item.profile, name)
                    good[i] = True
                    applicants.append(item)
            if self.within is not None:  # rows read whole, but of another place: left out
                columns = (values["region"], values["district"], values["area"])
                for i, (region, district, area) in enumerate(zip(*columns, strict=True)):
                    if good[i] and not self.within.holds(region, district, area):
                        good[i] = False
                        parsed[i] = Outside(rows[i][0])
                applicants = [a for a in applicants if self._kept(a) is a]
            if not all(good):
                values = {name: [v for v, ok in zip(column, good, strict=True) if ok]
                          for name, column in values.items()}  # fmt: skip
        companies = Columns(values)
        numbers = [number for (number, _), ok in zip(rows, good, strict=True) if ok]
        keys = list(map(keys_of, companies.name, companies.brn, companies.region,
                        companies.district))  # fmt: skip
        scored = iter(zip(numbers, keys, strict=True))
        items = [item if isinstance(item, Rejected | Outside) else next(scored) for item in parsed]
        files = (
            [a.file for a in parsed if isinstance(a, Applicant)]
            if self.reader is None
            else ([None] * len(numbers))
        )
        heads = list(zip(numbers, companies.name, companies.brn, companies.region,
                         companies.district, files, strict=True))  # fmt: skip
        return companies, items, applicants, heads

    def _rank(self, applicant: Applicant) -> Ranked:
        """The applicant against the one program being selected for, with every reason."""
        assert self.program is not None
        view = company_view(applicant.profile, self.as_of)
        result = evaluate(applicant.profile, view, self.program, self.as_of, self.catalog)
        score, detail = readiness_score(applicant.profile.readiness)
        return Ranked(applicant, result, score, detail, view.size)


def score_chunks(
    job: Job, tally: Tally, progress: Progress | None = None, jobs: int = 1
) -> Iterator[tuple[Chunk, list[str | None]]]:
    """Chunks of rows in order, counted, with the duplicate flags of their scored applicants.

    Scored exactly as `recommend` would score them: through the batch engine (the outline), or
    with `job.detailed` through `recommend` itself, keeping every reason (some 50 times slower);
    with `job.program`, as `Ranked` against that one program. With `jobs` > 1, worker processes
    parse, score and lay out chunks while this process reads the list, flags duplicates and
    counts; the results are the same as with one, in order.
    """
    chunks = _chunks(job.listing.raw_rows(), DETAILED_CHUNK if job.detailed else CHUNK)
    duplicates = Duplicates(job.lang)
    read = 0
    # Leaving the block, however (the end, an error, Ctrl-C, SIGTERM, or this generator closed
    # by its reader), stops every worker: none outlives the run (`workers.Workers`).
    with (
        (_start_workers(job, jobs, tally) if jobs > 1 else None) or nullcontext() as workers,
        _fewer_collections(),
    ):
        results = workers.map(chunks) if workers else map(Scorer(job).chunk, chunks)
        for chunk in results:
            scored: list[tuple[int, DuplicateKeys]] = [
                item for item in chunk.items if not isinstance(item, Rejected | Outside)
            ]  # type: ignore[misc]
            outside = sum(1 for item in chunk.items if isinstance(item, Outside))
            tally.outside += outside
            tally.rejected += len(chunk.items) - len(scored) - outside
            tally.scored += len(scored)
            tally.unknown += chunk.unknown
            tally.masked_brns += chunk.masked
            tally.readings.update(chunk.readings)
            flags = duplicates.check([row for row, _ in scored], [keys for _, keys in scored])
            tally.duplicates += sum(map(is_duplicate, flags))
            tally.other_sites = duplicates.other_sites
            read += len(chunk.items)
            if progress is not None:
                progress(read)
            yield chunk, flags
    tally.blank = job.listing.blank_rows


def score_list(
    job: Job, tally: Tally, progress: Progress | None = None, jobs: int = 1
) -> Iterator[Scored | Rejected]:
    """Each row in order: a scored applicant with its duplicate flag, or a rejection."""
    for chunk, flags in score_chunks(job, tally, progress, jobs):
        scored = iter(zip(chunk.shaped, flags, strict=True))  # type: ignore[call-overload]
        for item in chunk.items:
            if isinstance(item, Rejected):
                yield item
            elif isinstance(item, Outside):
                continue
            else:
                applicant, flag = next(scored)
                if not flag:
                    yield applicant
                elif is_duplicate(flag):
                    yield replace(applicant, duplicate_of=flag)
                else:
                    yield replace(applicant, other_site_of=flag)


@contextmanager
def _fewer_collections() -> Iterator[None]:
    """Scoring makes many small objects and few that live: the collector's default of a look
    every 700 allocations spends a third of the time finding nothing (measured). Look every
    10,000 instead; cycles are still collected."""
    before = gc.get_threshold()
    gc.set_threshold(10_000, 10, 10)
    try:
        yield
    finally:
        gc.set_threshold(*before)


def _chunks(rows: Iterator[tuple[int, object]], size: int) -> Iterator[list[tuple[int, object]]]:
    chunk: list[tuple[int, object]] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


_WORKER: Scorer | None = None
# Forked workers start at once with the catalog loaded; where fork is unsafe (macOS) or absent
# (Windows), they start fresh and get what they need by pickling.
START_METHOD = "fork" if sys.platform.startswith("linux") else "spawn"


def _start_worker(job: Job) -> None:
    global _WORKER
    gc.set_threshold(10_000, 10, 10)  # as _fewer_collections, for the worker's whole life
    _WORKER = Scorer(job)


def _work(chunk: list[tuple[int, object]]) -> Chunk:
    assert _WORKER is not None
    return _WORKER.chunk(chunk)


def _start_workers(job: Job, jobs: int, tally: Tally) -> Workers | None:
    """`jobs` worker processes, or None where none can start (a sandbox without shared
    memory, say): then the list is scored in this process, the same, only slower."""
    import multiprocessing

    try:
        context = multiprocessing.get_context(START_METHOD)
        return Workers(context, jobs, _start_worker, (job,), _work)
    except OSError as exc:
        tally.notes.append(N_("cannot start worker processes ({why}); scoring in one process",
                              why=exc.strerror or str(exc)))  # fmt: skip
        return None


@dataclass(frozen=True)
class Ranked:
    """One applicant's result for the program an administrator is selecting for."""

    applicant: Applicant
    result: Result
    readiness: float | None
    readiness_detail: Msg | Joined
    size: str | None  # given or derived


READINESS_WEIGHTS = {"ceo_commitment": 40, "dedicated_staff": 30, "data_ready": 30}


def readiness_score(readiness: Readiness | None) -> tuple[float | None, Msg | Joined]:
    """0–100 from CEO commitment (1–5, 40), a dedicated staff member (30), data readiness (1–5, 30).

    Shown beside the program score, never added to it, so that each office can weigh it its own way.
    Unknown parts earn nothing and are named.
    """
    if readiness is None:
        return None, N_("readiness not given")
    parts: list[Msg] = []
    unknown: list[str] = []
    points = 0.0
    if readiness.ceo_commitment is not None:
        points += READINESS_WEIGHTS["ceo_commitment"] * (readiness.ceo_commitment - 1) / 4
        parts.append(N_("CEO commitment {n}/5", n=readiness.ceo_commitment))
    else:
        unknown.append("ceo_commitment")
    if readiness.dedicated_staff is not None:
        points += READINESS_WEIGHTS["dedicated_staff"] * readiness.dedicated_staff
        parts.append(
            N_("dedicated staff") if readiness.dedicated_staff else N_("no dedicated staff")
        )
    else:
        unknown.append("dedicated_staff")
    if readiness.data_ready is not None:
        points += READINESS_WEIGHTS["data_ready"] * (readiness.data_ready - 1) / 4
        parts.append(N_("data readiness {n}/5", n=readiness.data_ready))
    else:
        unknown.append("data_ready")
    if not unknown:
        return round(points, 1), Joined(parts, ", ")
    return round(points, 1), N_("{parts}; unknown: {unknown}", parts=Joined(parts, ", "),
                                unknown=unknown)  # fmt: skip


def ranking_key(item: Ranked) -> tuple[int, float, int]:
    """The administrator's order: status, then score (higher first), then row."""
    return (*rank_key(item.result)[:2], item.applicant.row)  # type: ignore[return-value]


def rank_for_program(
    listing: ApplicantList,
    catalog: Catalog,
    program: Program,
    as_of: dt.date,
    tally: Tally,
    progress: Progress | None = None,
    jobs: int = 1,
    shape: Callable[[list[Ranked]], list[tuple[tuple, object]]] | None = None,
    within: Within | None = None,
    lang: str = "en",
) -> tuple[list[tuple[object, str | None]], list[Rejected]]:
    """The administrator view: applicants ranked for one program by status, then score, then row.

    Each comes as (its `Ranked`, or what `shape` keeps of it, e.g. its table cells; its duplicate
    flag). The whole list is held to be sorted, so `shape` keeps memory down (a table row is a
    tenth of a `Ranked`). `shape` gives (ranking_key, kept) per item.
    """
    ranked: list[tuple[tuple, str | None, object]] = []
    rejected: list[Rejected] = []
    # Without a shape, every full `Ranked` is kept: chunks as small as for any detailed run.
    job = Job(listing, catalog, as_of, detailed=shape is None, shape=shape or _keyed,
              program=program, within=within, lang=lang)  # fmt: skip
    chunks = score_chunks(job, tally, progress, jobs)
    for chunk, flags in chunks:
        rejected += [item for item in chunk.items if isinstance(item, Rejected)]
        keyed: list[tuple[tuple, object]] = chunk.shaped  # type: ignore[assignment]
        ranked += [(key, flag, kept) for (key, kept), flag in zip(keyed, flags, strict=True)]
    ranked.sort(key=lambda entry: entry[0])
    return [(kept, flag) for _, flag, kept in ranked], rejected


def _keyed(items: list[Ranked]) -> list[tuple[tuple, object]]:
    return [(ranking_key(item), item) for item in items]

"""Scoring applicant lists: every row scored or rejected, likely duplicates flagged, never merged."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from sfmatch.applicants import Applicant, ApplicantList, Rejected
from sfmatch.catalog import Catalog
from sfmatch.engine import company_view, evaluate, rank_key, recommend
from sfmatch.models import Program, Readiness
from sfmatch.results import Outline, Recommendation, Result, outline
from sfmatch.text import key


@dataclass(frozen=True)
class Scored:
    applicant: Applicant
    outline: Outline  # what the batch tables show, equal to outline(recommend(...), top)
    duplicate_of: str | None  # e.g. "row 3 (same BRN)"
    recommendation: Recommendation | None = None  # the full one, with every reason (JSON only)

    @property
    def size(self) -> str | None:
        return self.outline.size


@dataclass
class Tally:
    """`read = scored + rejected`, always; blank rows are counted apart."""

    scored: int = 0
    rejected: int = 0
    blank: int = 0
    duplicates: int = 0

    @property
    def read(self) -> int:
        return self.scored + self.rejected

    def summary(self) -> str:
        text = f"read {self.read} = scored {self.scored} + rejected {self.rejected}"
        if self.blank:
            text += f"; {self.blank} blank rows skipped"
        if self.duplicates:
            text += f"; {self.duplicates} possible duplicates flagged (not merged)"
        return text


_CORPORATE = re.compile(
    r"\(주\)|㈜|주식회사|\(유\)|유한회사|\(합\)|co\.?,?\s*ltd\.?|ltd\.?|inc\.?|corp\.?|company|co\.",
    re.IGNORECASE,
)


def name_key(name: str) -> str:
    """A company name without legal-form words and spacing: `(주)한울 정밀` ~ `한울정밀 주식회사`."""
    return key(_CORPORATE.sub(" ", name))


def _digest(*parts: str) -> int:
    """A stable 64-bit key: the index holds a million of these in about 110 MB, half of the text."""
    data = "\0".join(parts).encode()
    return int.from_bytes(hashlib.blake2b(data, digest_size=8).digest(), "big")


@dataclass
class Duplicates:
    """Remembers the first row of each BRN and of each (region, name) seen, compactly."""

    by_brn: dict[int, int] = field(default_factory=dict)
    by_name: dict[int, int] = field(default_factory=dict)

    def check(self, applicant: Applicant) -> str | None:
        profile = applicant.profile
        found = None
        if profile.brn:
            first = self.by_brn.setdefault(int(profile.brn.replace("-", "")), applicant.row)
            if first != applicant.row:
                found = f"row {first} (same BRN)"
        name = _digest(profile.region, name_key(profile.name))
        first = self.by_name.setdefault(name, applicant.row)
        if found is None and first != applicant.row:
            found = f"row {first} (same name in {profile.region})"
        return found


Progress = Callable[[int], None]  # told the number of rows read so far


def _counted(
    listing: ApplicantList, tally: Tally, progress: Progress | None
) -> Iterator[tuple[Applicant, str | None] | Rejected]:
    """Rows in order, counted into `tally`; each applicant comes with its duplicate flag."""
    duplicates = Duplicates()
    for n, item in enumerate(listing, 1):
        if progress is not None and n % 500 == 0:
            progress(n)
        if isinstance(item, Rejected):
            tally.rejected += 1
            yield item
            continue
        tally.scored += 1
        duplicate = duplicates.check(item)
        tally.duplicates += duplicate is not None
        yield item, duplicate
    tally.blank = listing.blank_rows


CHUNK = 2048  # applicants scored together: big enough for arrays to pay, small for flat memory


def score_list(
    listing: ApplicantList,
    catalog: Catalog,
    as_of: dt.date,
    tally: Tally,
    progress: Progress | None = None,
    top: int | None = None,
    detailed: bool = False,
) -> Iterator[Scored | Rejected]:
    """Each row in order, scored against the whole catalog exactly as `recommend` would, or rejected.

    Applicants are scored a chunk at a time by the batch engine, which gives the outline of what
    `recommend` gives. `detailed` also keeps each full recommendation (every check and reason) for
    formats that show them; that runs `recommend` per applicant and is some twenty times slower.
    """
    from sfmatch.vector import BatchEngine  # numpy: only for batches

    engine = BatchEngine(catalog, as_of)
    pending: list[tuple[Applicant, str | None] | Rejected] = []

    def scored() -> Iterator[Scored | Rejected]:
        applicants = [item for item in pending if not isinstance(item, Rejected)]
        if detailed:
            full = [recommend(a.profile, catalog, as_of) for a, _ in applicants]
            outlines = [outline(rec, top) for rec in full]
        else:
            full = [None] * len(applicants)
            outlines = engine.outlines([a.profile for a, _ in applicants], top)
        done = iter(zip(applicants, outlines, full, strict=True))
        for item in pending:
            if isinstance(item, Rejected):
                yield item
            else:
                (applicant, duplicate), outlined, rec = next(done)
                yield Scored(applicant, outlined, duplicate, rec)
        pending.clear()

    waiting = 0
    for item in _counted(listing, tally, progress):
        pending.append(item)
        waiting += not isinstance(item, Rejected)
        if waiting == CHUNK:
            yield from scored()
            waiting = 0
    yield from scored()


@dataclass(frozen=True)
class Ranked:
    """One applicant's result for the program an administrator is selecting for."""

    applicant: Applicant
    result: Result
    readiness: float | None
    readiness_detail: str
    duplicate_of: str | None
    size: str | None  # given or derived


READINESS_WEIGHTS = {"ceo_commitment": 40, "dedicated_staff": 30, "data_ready": 30}


def readiness_score(readiness: Readiness | None) -> tuple[float | None, str]:
    """0–100 from CEO commitment (1–5, 40), a dedicated staff member (30), data readiness (1–5, 30).

    Shown beside the program score, never added to it, so that each office can weigh it its own way.
    Unknown parts earn nothing and are named.
    """
    if readiness is None:
        return None, "readiness not given"
    parts, unknown = [], []
    points = 0.0
    if readiness.ceo_commitment is not None:
        points += READINESS_WEIGHTS["ceo_commitment"] * (readiness.ceo_commitment - 1) / 4
        parts.append(f"CEO {readiness.ceo_commitment}/5")
    else:
        unknown.append("ceo_commitment")
    if readiness.dedicated_staff is not None:
        points += READINESS_WEIGHTS["dedicated_staff"] * readiness.dedicated_staff
        parts.append("dedicated staff" if readiness.dedicated_staff else "no dedicated staff")
    else:
        unknown.append("dedicated_staff")
    if readiness.data_ready is not None:
        points += READINESS_WEIGHTS["data_ready"] * (readiness.data_ready - 1) / 4
        parts.append(f"data {readiness.data_ready}/5")
    else:
        unknown.append("data_ready")
    detail = ", ".join(parts) + (f"; unknown: {', '.join(unknown)}" if unknown else "")
    return round(points, 1), detail


def rank_for_program(
    listing: ApplicantList,
    catalog: Catalog,
    program: Program,
    as_of: dt.date,
    tally: Tally,
    progress: Progress | None = None,
) -> tuple[list[Ranked], list[Rejected]]:
    """The administrator view: applicants ranked for one program by status, then score."""
    ranked: list[Ranked] = []
    rejected: list[Rejected] = []
    for item in _counted(listing, tally, progress):
        if isinstance(item, Rejected):
            rejected.append(item)
            continue
        applicant, duplicate = item
        view = company_view(applicant.profile)
        result = evaluate(applicant.profile, view, program, as_of, catalog)
        score, detail = readiness_score(applicant.profile.readiness)
        ranked.append(Ranked(applicant, result, score, detail, duplicate, view.size))
    ranked.sort(key=lambda r: (*rank_key(r.result)[:2], r.applicant.row))
    return ranked, rejected

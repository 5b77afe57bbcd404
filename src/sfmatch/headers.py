"""Applicant-list headers (Korean or English, with units) mapped to profile keys (contract §5)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from sfmatch.i18n import N_, Joined, Msg
from sfmatch.text import jamo, key

# Profile keys, and `readiness.*` for the administrator's readiness table, with the header
# wordings seen in Korean applicant lists. Matching is on `text.key` (no spaces, case-folded).
HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "name": (
        "기업명",
        "회사명",
        "업체명",
        "상호",
        "상호명",
        "법인명",
        "신청기업",
        "company",
        "company name",
        "firm",
    ),
    "brn": (
        "사업자등록번호",
        "사업자번호",
        "사업자 등록 번호",
        "business registration number",
        "registration number",
    ),
    "region": (
        "소재지",
        "지역",
        "시도",
        "시·도",
        "시도명",
        "본사 소재지",
        "사업장 소재지",
        "공장 소재지",
        "location",
        "province",
    ),
    "district": ("구군", "시군구", "시·군·구", "시군구명", "자치구", "district"),
    "address": (
        "주소",
        "공장대표주소(지번)",
        "공장주소(지번)",
        "지번주소",
        "공장주소",
        "사업장 주소",
        "본사 주소",
        "소재지 주소",
        "address",
    ),
    "ksic": (
        "대표업종번호",
        "대표업종코드",
        "업종코드",
        "산업분류코드",
        "표준산업분류코드",
        "표준산업분류",
        "ksic code",
        "industry code",
    ),
    # the official KSIC class name (FactoryOn, the Busan registry): read into `ksic` where a row
    # has no code, and kept as `industry` (a list's column, not a profile key)
    "ksic_name": (
        "업종명",
        "대표업종명",
        "업종명칭",
        "산업분류명",
        "표준산업분류명",
        "ksic name",
        "ksic class name",
    ),
    "industry": (
        "업종",
        "업태",
        "주요제품",
        "주생산품",
        "주요 생산품",
        "생산품",
        "products",
        "main products",
    ),
    "employees": (
        "상시근로자수",
        "상시 근로자 수",
        "상시근로자",
        "종업원수",
        "직원수",
        "근로자수",
        "고용인원",
        "headcount",
        "staff",
        "number of employees",
    ),
    "revenue_krw": (
        "매출액",
        "연매출",
        "연 매출액",
        "매출",
        "평균매출액",
        "3년 평균 매출액",
        "revenue",
        "sales",
        "turnover",
    ),
    "founded": (
        "설립일",
        "설립일자",
        "설립연월일",
        "창업일",
        "개업일",
        "established",
        "founding date",
    ),
    "size": ("기업규모", "기업 규모", "규모", "기업구분", "공장크기", "company size"),
    "sf_level": (
        "스마트공장 수준",
        "스마트공장수준",
        "구축수준",
        "현재 수준",
        "smart factory level",
        "sf level",
    ),
    "processes": ("뿌리기술", "뿌리공정", "뿌리기술 분야", "root processes"),
    "root_certified": (
        "뿌리기업확인서",
        "뿌리기업 확인서",
        "뿌리기업 확인",
        "뿌리기업여부",
        "root certified",
        "root certificate",
    ),
    "needs": (
        "필요분야",
        "지원희망분야",
        "희망분야",
        "수요분야",
        "필요 지원",
        "신청분야",
        "지원분야",
        "support needs",
    ),
    "goals": ("목표", "추진목표", "사업목표", "신청내용", "도입목표", "objectives"),
    "project_budget_krw": (
        "총사업비",
        "사업비",
        "계획사업비",
        "총 사업비",
        "project budget",
        "total project cost",
    ),
    "cofunding_krw": (
        "자부담",
        "자부담금",
        "자기부담금",
        "가용자금",
        "자부담 가능액",
        "own share",
        "cash",
    ),
    "prior": ("기수혜", "기수혜이력", "수혜이력", "참여이력", "기존 수혜", "prior participation"),
    "disqualifiers": ("결격사유", "제외사유", "exclusions"),
    "readiness.ceo_commitment": ("대표자 의지", "경영자 의지", "ceo 의지", "ceo commitment"),
    "readiness.dedicated_staff": ("전담인력", "전담 인력", "전담인력 유무", "dedicated staff"),
    "readiness.data_ready": (
        "데이터 준비도",
        "데이터준비도",
        "데이터 준비",
        "data ready",
        "data readiness",
    ),
}

# Wordings that name a key less surely than the ones above: used when no better column is there,
# and as the better column's stand-in where its cell is blank (see `Column.fills`).
SECOND_CHOICE: dict[str, tuple[str, ...]] = {
    "address": (
        "공장대표주소(도로명)",
        "공장대표주소",
        "공장주소(도로명)",
        "도로명주소",
        "road address",
    ),
    # FactoryOn's 업종번호 lists all of a factory's codes; 대표업종번호 is the main one.
    "ksic": ("업종번호", "업종코드(전체)"),
}
# Columns whose cells add up to a key: 남종업원 + 여종업원 when there is no 종업원수.
PARTS: dict[str, tuple[str, ...]] = {
    "employees": ("남종업원", "여종업원", "남자종업원", "여자종업원", "남성 근로자", "여성 근로자"),
}
JOINED = frozenset({"industry", "goals"})  # several such columns are read together, not chosen
KEYS = (*HEADER_ALIASES, "-")  # what --map may name; `-` leaves a column unused

MONEY_KEYS = frozenset({"revenue_krw", "project_budget_krw", "cofunding_krw"})
UNITS = {
    "원": 1,
    "천원": 10**3,
    "만원": 10**4,
    "백만원": 10**6,
    "천만원": 10**7,
    "억원": 10**8,
    "억": 10**8,
    "krw": 1,
    "천": 10**3,
    "만": 10**4,
    "백만": 10**6,
}
FUZZY_HEADER_CUTOFF = 85.0
_UNIT = re.compile(r"[\(\[]\s*([^\)\]]*?)\s*[\)\]]")
EXACT, SECOND, PART, FUZZY, MAPPED = "exact", "second choice", "part", "fuzzy", "set by --map"
# How surely a header names its key, best last: a column named by --map beats every other.
_RANK = {FUZZY: 1, PART: 2, SECOND: 3, EXACT: 4, MAPPED: 5}

_INDEX: dict[str, tuple[str, str]] = {}  # alias key → (key, how)
for _field, _aliases in HEADER_ALIASES.items():
    for _alias in (_field, _field.split(".")[-1], *_aliases):
        _INDEX.setdefault(key(_alias), (_field, EXACT))
for _table, _how in ((SECOND_CHOICE, SECOND), (PARTS, PART)):
    for _field, _aliases in _table.items():
        for _alias in _aliases:
            _INDEX.setdefault(key(_alias), (_field, _how))


# The exact aliases on jamo for the fuzzy step; among equal scores the first wins, so the order
# is by field, descending, as the sorted scan this replaced chose (same scores, same pick).
_EXACT = sorted(((a, f) for a, (f, h) in _INDEX.items() if h == EXACT), key=lambda af: af[1],
                reverse=True)  # fmt: skip
_FUZZY = [jamo(a) for a, _ in _EXACT]
_FUZZY_FIELDS = [f for _, f in _EXACT]


def header_key(header: str) -> str | None:
    """The key a header names exactly (`매출액` → `revenue_krw`), or None."""
    found = _INDEX.get(key(header))
    return found[0] if found is not None and found[1] == EXACT else None


@dataclass(frozen=True)
class Column:
    """One header of the list and what it became."""

    index: int
    header: str
    field: str | None  # a profile key, `readiness.*`, or None when this column is not read
    scale: int = 1  # money unit from the header: (백만원) → 1,000,000
    how: str = ""  # exact, second choice, part, fuzzy 91, set by --map; with the unit
    fills: str | None = None  # not read itself: its cells stand in for (or add to) this key's
    score: float = 0.0  # how close a fuzzy header is

    @property
    def rank(self) -> tuple[int, float]:
        return _RANK.get(self.how.split(",")[0].split(" ")[0] if self.how else "", 0), self.score


def map_header(index: int, header: str, mapped: str | None = None) -> Column:
    """`매출액(백만원)` → revenue_krw × 1,000,000; `Company Name` → name; `비고` → nothing.

    `mapped` is the key `--map` gave this header (`-` for none), which wins over every alias."""
    text = header.strip()
    scale, unit = 1, ""
    for inner in _UNIT.findall(text):
        if key(inner) in UNITS:
            scale, unit = UNITS[key(inner)], inner
    base = _UNIT.sub(" ", text)
    score = 100.0
    if mapped is not None:
        field, how = (None, MAPPED) if mapped == "-" else (mapped, MAPPED)
    else:
        field, how = _INDEX.get(key(text)) or _INDEX.get(key(base)) or (None, "")
    if field is None and mapped is None and len(key(base)) >= 2:
        # `text.similarity` against every exact alias, the best taken (rapidfuzz's loop in C:
        # the header search tries every cell of the first rows)
        found = process.extractOne(
            jamo(key(base)), _FUZZY, scorer=fuzz.ratio, score_cutoff=FUZZY_HEADER_CUTOFF
        )
        if found is not None:
            field, how, score = _FUZZY_FIELDS[found[2]], f"fuzzy {found[1]:.0f}", found[1]
    if field is None:
        return Column(index, header, None, 1, how or "no match")
    if scale != 1 and field not in MONEY_KEYS:
        scale, unit = 1, ""  # `상시근로자수(명)`-style notes are not money units
    how = f"{how}, unit {unit}" if unit else how
    return Column(index, header, field, scale, how, score=score)


def map_headers(
    headers: list[str], mapped: dict[str, str] | None = None
) -> tuple[list[Column], list[tuple[Column, Column]]]:
    """Every header's column, and the pairs of columns that name one key equally surely.

    Where several columns read as one key, the surest is read and the others stand in for its
    blank cells (`fills`), shown as alternatives in the mapping; free-text keys (`JOINED`) read
    them all together; parts (남종업원, 여종업원) add up when no column holds the total. Only
    two exact (or two --map) names for one key are a clash for the caller to report.
    """
    mapped = mapped or {}
    columns = [map_header(i, h, mapped.get(h.strip())) for i, h in enumerate(headers)]
    by_field: dict[str, list[Column]] = {}
    for c in columns:
        if c.field is not None:
            by_field.setdefault(c.field, []).append(c)
    clashes = []
    for field, group in by_field.items():
        ranked = sorted(group, key=lambda c: (-c.rank[0], -c.rank[1], c.index))
        whole = [c for c in ranked if not c.how.startswith(PART)]
        best = whole[0] if whole else ranked[0]  # only parts: the first holds their sum
        for other in ranked:
            if other is best:
                continue
            if other.rank == best.rank and best.rank[0] >= _RANK[SECOND] and field not in JOINED:
                clashes.append((best, other))
            columns[other.index] = Column(
                other.index, other.header, None, other.scale, other.how, fills=field
            )
    return columns, clashes


def header_score(cells: list[object], mapped: dict[str, str] | None = None) -> int:
    """How many cells of a row read as known headers (or are named by --map): finds the header
    row under a title row."""
    mapped = mapped or {}
    return sum(
        1
        for i, c in enumerate(cells)
        if isinstance(c, str) and (c.strip() in mapped or map_header(i, c).field is not None)
    )


# How a header was read (`Column.how`), as `--show-mapping` says it.
HOW_WORDS = {EXACT: N_("exact"), SECOND: N_("second choice"), PART: N_("part"),
             MAPPED: N_("set by --map"), "no match": N_("no match")}  # fmt: skip


def how_words(how: str) -> Msg | Joined:
    """`fuzzy 91, unit 백만원` → the words a person reads, in any language."""
    kind, _, unit = how.partition(", unit ")
    if kind.startswith(f"{FUZZY} "):
        said: Msg = N_("fuzzy {score}", score=kind.removeprefix(f"{FUZZY} "))
    else:
        said = HOW_WORDS.get(kind, N_("{how}", how=kind))
    return Joined([said, N_("unit {unit}", unit=unit)], ", ") if unit else said

"""The controlled vocabularies of contract §1, with Korean and English aliases and fuzzy lookup."""

from __future__ import annotations

from dataclasses import dataclass, field

from sfmatch.errors import ValueProblem, described
from sfmatch.i18n import N_, Msg, Named
from sfmatch.text import is_short_latin, key, mentions, similarity

FUZZY_CUTOFF = 80.0


@dataclass(frozen=True)
class Vocabulary:
    """Canonical codes, each with a Korean label and aliases; resolves free input to a code."""

    noun: str
    terms: dict[str, tuple[str, ...]]  # code -> (Korean label, aliases...)
    _index: dict[str, str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        index: dict[str, str] = {}
        for code, aliases in self.terms.items():
            for alias in (code, *aliases):
                index.setdefault(key(alias), code)
        object.__setattr__(self, "_index", index)

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(self.terms)

    def label(self, code: str) -> str:
        """The Korean label: the first of the code's words."""
        return self.terms[code][0]

    def english(self, code: str) -> str:
        """The English words: the code read as words (`tax-arrears` → `tax arrears`)."""
        return ENGLISH.get(code, code.replace("-", " "))

    def rank(self, code: str) -> int:
        return self.codes.index(code)

    def exact(self, text: str) -> str | None:
        return self._index.get(key(text))

    def closest(self, text: str, limit: int = 3) -> list[str]:
        """Codes ordered by how close their best alias is to `text`."""
        k = key(text)
        best: dict[str, float] = {}
        for alias, code in self._index.items():
            best[code] = max(best.get(code, 0.0), similarity(k, alias))
        return sorted(best, key=lambda c: (-best[c], self.rank(c)))[:limit]

    def fuzzy(self, text: str) -> str | None:
        """The one code whose alias is within the cutoff, or None when none is, or two codes tie."""
        k = key(text)
        if not k:
            return None
        scored: dict[str, float] = {}
        for alias, code in self._index.items():
            if is_short_latin(alias) or len(alias) < 2:
                continue  # two-letter acronyms are only ever matched exactly
            scored[code] = max(scored.get(code, 0.0), similarity(k, alias))
        ranked = sorted(scored.items(), key=lambda kv: -kv[1])
        if not ranked or ranked[0][1] < FUZZY_CUTOFF:
            return None
        if len(ranked) > 1 and ranked[1][1] == ranked[0][1]:
            return None
        return ranked[0][0]

    def resolve(self, value: object) -> str:
        """Exact alias first, then a jamo-fuzzy match; otherwise an error naming the closest codes."""
        if not isinstance(value, str):
            raise ValueProblem(
                N_(
                    "expected a {noun} as text, got {given}",
                    noun=self.noun_words,
                    given=described(value),
                ),
                N_("use one of {choices}", choices=[self.named(c) for c in self.codes]),
            )
        code = self.exact(value) or self.fuzzy(value)
        if code is None:
            raise self.unknown(value)
        return code

    def unknown(self, value: str) -> ValueProblem:
        """`'자동화'`: unknown need (hint: did you mean 고도화, …?), the closest codes said as a
        person names them: Korean labels in Korean, codes in English."""
        near = [self.named(c) for c in self.closest(value)]
        return ValueProblem(N_("unknown {noun} {value}", noun=self.noun_words, value=repr(value)),
                            N_("did you mean {near}?", near=near))  # fmt: skip

    def named(self, code: str) -> Named:
        """A code as a person writes it: its Korean label, or itself in English."""
        return Named(self.label(code), code)

    @property
    def noun_words(self) -> Msg:
        return NOUN_WORDS.get(self.noun, N_("{noun}", noun=self.noun))


# Each vocabulary's noun (and a place's), in an error's words.
NOUN_WORDS = {"size class": N_("size class"), "smart-factory level": N_("smart-factory level"),
              "need": N_("need"), "root-industry process": N_("root-industry process"),
              "disqualifier": N_("disqualifier"), "region": N_("region"),
              "district": N_("district")}  # fmt: skip


def _regions() -> Vocabulary:
    """Today's regions, for labels and lists; reading places is `places`' job."""
    from sfmatch.places import REGION_ALIASES, korea

    k = korea()
    return Vocabulary(
        "region",
        {code: (k.by_code[code].ko, *REGION_ALIASES[code]) for code in k.current_regions},
    )


REGIONS = _regions()

REGION_GROUPS: dict[str, tuple[str, ...]] = {
    "capital": ("seoul", "incheon", "gyeonggi"),
    "non-capital": tuple(c for c in REGIONS.codes if c not in {"seoul", "incheon", "gyeonggi"}),
}
REGION_GROUP_ALIASES = {"capital": ("수도권",), "non-capital": ("비수도권", "지방")}

SIZES = Vocabulary(
    "size class",
    {
        "micro": ("소상공인", "소공인", "micro", "micro enterprise"),
        "small": ("소기업", "small", "small enterprise"),
        "medium": ("중기업", "medium", "medium enterprise"),
        "midsize": ("중견기업", "중견", "mid-size", "middle-standing", "mid-sized"),
        "large": ("대기업", "large", "large enterprise"),
    },
)

LEVELS = Vocabulary(
    "smart-factory level",
    {
        "none": ("ICT 미적용", "미적용", "없음", "no ict"),
        "basic": ("기초", "basic"),
        "intermediate1": ("중간1", "고도화1", "intermediate 1", "mid1"),
        "intermediate2": ("중간2", "고도화2", "intermediate 2", "mid2"),
        "advanced": ("고도화", "advanced"),
    },
)

NEEDS = Vocabulary(
    "need",
    {
        "construction": ("구축", "신규 구축", "도입", "construction", "build", "first build"),
        "upgrade": ("고도화", "upgrade", "업그레이드", "수준 향상", "level up"),
        "ai": ("AI·인공지능", "AI", "인공지능", "제조AI", "AI 자율공장", "manufacturing ai"),
        "maintenance": (
            "유지보수·사후관리·A/S",
            "유지보수",
            "사후관리",
            "A/S",
            "AS",
            "유지관리",
            "애프터서비스",
            "maintenance",
            "after-care",
            "aftercare",
            "after-sales",
            "구독",
            "subscription",
        ),
        "consulting": (
            "컨설팅·진단·멘토링",
            "컨설팅",
            "진단",
            "멘토링",
            "자문",
            "consulting",
            "diagnosis",
            "mentoring",
            "expert advice",
        ),
        "talent": (
            "인력·교육·채용",
            "인력",
            "교육",
            "채용",
            "훈련",
            "talent",
            "training",
            "hiring",
        ),
        "data": ("데이터", "data", "데이터 표준화", "data standardisation", "data collection"),
        "robotics": ("로봇", "robotics", "robot", "협동로봇", "cobot"),
        "carbon": (
            "탄소·에너지",
            "탄소",
            "에너지",
            "탄소중립",
            "carbon",
            "energy",
            "carbon neutral",
        ),
        "cofunding": (
            "자부담·매칭",
            "자부담",
            "자기부담",
            "매칭",
            "cofunding",
            "co-funding",
            "own share",
            "self-share",
            "matching fund",
        ),
        "financing": (
            "융자·정책자금",
            "융자",
            "정책자금",
            "대출",
            "financing",
            "loan",
            "policy loan",
        ),
        "level-assessment": ("수준확인", "수준 확인", "level assessment", "level check"),
        "process-improvement": ("공정개선", "공정 개선", "process improvement", "공정혁신"),
    },
)

PROCESSES = Vocabulary(
    "root-industry process",
    {
        "casting": ("주조", "casting"),
        "mold": ("금형", "mold", "mould", "die"),
        "forming": ("소성가공", "forming", "forging", "단조"),
        "welding": ("용접", "welding"),
        "surface-treatment": ("표면처리", "surface treatment", "도금", "plating"),
        "heat-treatment": ("열처리", "heat treatment"),
        "injection-press": (
            "사출·프레스",
            "사출",
            "프레스",
            "injection",
            "press",
            "injection molding",
        ),
        "precision-machining": ("정밀가공", "precision machining", "machining", "cnc"),
        "additive-manufacturing": (
            "적층제조",
            "3d 프린팅",
            "additive manufacturing",
            "3d printing",
        ),
        "industrial-film-paper": (
            "산업용 필름·지류",
            "산업용 필름",
            "industrial film",
            "film",
            "지류",
        ),
        "robotics": ("로봇", "robotics", "robot"),
        "sensors": ("센서", "sensors", "sensor"),
        "industrial-software": ("산업지능형 SW", "산업지능형 소프트웨어", "industrial software"),
        "engineering-design": ("엔지니어링 설계", "engineering design", "설계"),
    },
)

DISQUALIFIERS = Vocabulary(
    "disqualifier",
    {
        "tax-arrears": (
            "국세·지방세 체납",
            "체납",
            "세금 체납",
            "국세 체납",
            "지방세 체납",
            "tax arrears",
        ),
        "closed": ("휴·폐업", "휴업", "폐업", "closed", "closure"),
        "insolvent": ("회생·파산 절차", "회생", "파산", "insolvent", "bankruptcy", "insolvency"),
        "credit-default": ("금융기관 채무불이행", "채무불이행", "credit default", "default"),
    },
)


# English words where the code does not read as them.
ENGLISH = {"intermediate1": "intermediate 1", "intermediate2": "intermediate 2", "none": "none (no ICT)",
           "ai": "AI", "cofunding": "co-funding (own share)", "level-assessment": "level check"}  # fmt: skip

# The vocabularies by the name an `i18n.Term` gives.
BY_NAME = {"size": SIZES, "level": LEVELS, "need": NEEDS, "process": PROCESSES,
           "disqualifier": DISQUALIFIERS}  # fmt: skip


GROUP_WORDS = {
    "capital": ("수도권", "the capital area"),
    "non-capital": ("비수도권", "outside the capital area"),
}


def place_words(code: str, lang: str) -> str:
    """A region, region group or district code as a reader names it: `인천광역시 부평구` or
    `Bupyeong-gu, Incheon`; a code the map does not know is shown as it is."""
    if code in GROUP_WORDS:
        return GROUP_WORDS[code][0 if lang == "ko" else 1]
    from sfmatch.places import korea

    map_ = korea()
    place = map_.by_code.get(code)
    if place is None:
        return code
    if lang == "ko":
        return place.label
    region = map_.by_code.get(place.region)
    return place.en if place.is_region or region is None else f"{place.en}, {region.en}"


def _place_text(value: object, noun: str) -> str:
    if not isinstance(value, str):
        raise ValueProblem(N_("expected a {noun} as text, got {given}",
                              noun=NOUN_WORDS.get(noun, noun), given=described(value)))  # fmt: skip
    return value


def resolve_region(value: object) -> str:
    """Today's region from a name, code or address: `인천시 남동구` → `incheon`, `광주` →
    `jeonnam-gwangju`, `창원` → `gyeongnam`."""
    from sfmatch.places import resolve

    return resolve(_place_text(value, "region")).region


def resolve_region_or_group(value: object) -> str:
    """A region of a program rule, old or new (`gwangju` keeps its meaning), or a region group
    (`capital`, `non-capital`)."""
    from sfmatch.places import korea

    text = _place_text(value, "region")
    for group, aliases in REGION_GROUP_ALIASES.items():
        if key(text) in {key(group), *map(key, aliases)}:
            return group
    return korea().rule_region(text)


def resolve_rule_district(value: object) -> str:
    """A district of a program rule, `region/district`, old or new (`incheon/jung` is kept)."""
    from sfmatch.places import korea

    return korea().rule_district(_place_text(value, "district"))


def area_of(code: str) -> frozenset[str]:
    """The pieces of today's map a region, group or district code covers (`places.atoms_of`)."""
    from sfmatch.places import korea

    if code in REGION_GROUPS:
        return frozenset().union(*(korea().atoms_of(r) for r in REGION_GROUPS[code]))
    return korea().atoms_of(code)


def company_area(region: str, district: str | None, area: str | None) -> frozenset[str]:
    """Where a company may be: its district's pieces, narrowed by a former code it named."""
    found = area_of(district or region)
    return found & area_of(area) if area else found


def resolve_need(value: object) -> str:
    """A need from a code, a label or free text (`"유지보수 비용"` → `maintenance`).

    Free text resolves when it mentions the aliases of exactly one need. Text that mentions several
    (`"AI 공정개선"`) is an error, so that one entry never silently becomes two needs.
    """
    if not isinstance(value, str):
        return NEEDS.resolve(value)
    code = NEEDS.exact(value)
    if code:
        return code
    found = [c for c in NEEDS.codes if any(mentions(value, a) == 1.0 for a in (c, *NEEDS.terms[c]))]
    if len(found) == 1:
        return found[0]
    if len(found) > 1:
        raise ValueProblem(
            N_(
                "need {value} mentions several needs: {found}",
                value=repr(value),
                found=[NEEDS.named(c) for c in found],
            ),
            N_("list each need as its own entry"),
        )
    return NEEDS.resolve(value)


@dataclass(frozen=True)
class Within:
    """A place a list is kept to (`--region`, `--district`): a row is kept where its place is
    surely inside (a row of Incheon with no district is not surely in 남동구)."""

    code: str  # the region or district
    atoms: frozenset[str]

    def holds(self, region: str, district: str | None, area: str | None) -> bool:
        return company_area(region, district, area) <= self.atoms


def within(region: str, district: str | None = None) -> Within:
    """The place `--region` (and `--district`) name, read as a profile's place is: `인천`,
    `인천 남동구`, `인천광역시` with `--district 남동구`. Raises a `ValueProblem` saying why
    where it names no place."""
    from sfmatch.places import resolve

    placed = resolve(region, district)
    return Within(placed.district or placed.region,
                  company_area(placed.region, placed.district, placed.area))  # fmt: skip

"""Korea's regions and districts (시·도, 시·군·구) as they are today, and every name they had since 1988.

The data are files with sources (`data/sigungu.tsv` from MOIS's 법정동코드 and the laws that changed
the map, `data/places_en.tsv` for English names and codes, `data/dong.tsv` for the 법정동 that moved
when a district was divided). This module reads them once and answers two questions:

- *Where is this company?* `resolve` reads what people write (`"인천 중구 운서동"`, `"창원"`,
  `"Bupyeong-gu"`, `"2823700000"`) into today's region and district, with notes on what was read
  how (old names, non-exact matches, divided districts). It never guesses across regions.
- *Does a rule's place contain it?* Every code, old or new, names an area: a set of today's
  districts, or parts of one where an old boundary cuts through it (`areas`). A rule written with
  `gwangju` or `incheon/jung` keeps meaning the land it meant.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from sfmatch.errors import ValueProblem
from sfmatch.i18n import N_, Msg, Named
from sfmatch.text import fold, key, similarity, tokens

FUZZY_CUTOFF = 80.0
_SUFFIX = re.compile(r"(특별자치시|특별자치도|특별시|광역시|통합특별시|시|군|구|도)$")


@dataclass(frozen=True)
class Place:
    """One row of the map: a region (시·도) or a district (시·군·구), current or abolished."""

    mois: str  # the 10-digit MOIS code (법정동코드)
    code: str  # sfmatch's code: `incheon`, `incheon/bupyeong`, `gyeonggi/suwon-yeongtong`
    ko: str  # `인천광역시`, or the district's name within its region (`수원시 영통구`)
    region_ko: str
    en: str
    kind: str  # sido, si, gun, gu, si-with-gu, gu-in-si
    region: str  # the code of its own region (the former one, for abolished rows)
    start: dt.date | None
    until: dt.date | None  # abolished on this day
    successors: tuple[str, ...]  # MOIS codes of what replaced it

    @property
    def current(self) -> bool:
        return self.until is None

    @property
    def is_region(self) -> bool:
        return self.kind == "sido"

    @property
    def label(self) -> str:
        """How a Korean reader names it: `인천광역시`, `인천광역시 남동구`."""
        return self.ko if self.is_region else f"{self.region_ko} {self.ko}"


@dataclass(frozen=True)
class Placed:
    """Where a company is: today's region and district, and what reading the input involved."""

    region: str
    district: str | None
    area: str | None = None  # a former code the input named, where it says more (see `atoms_of`)
    notes: tuple[Msg, ...] = ()
    unread: tuple[PlaceProblem, ...] = ()  # districts that could not be read (lenient reading)


class PlaceProblem(ValueProblem):
    """A place that cannot be read; `field` says which input (`region` or `district`)."""

    def __init__(self, field: str, what: object, hint: object = ""):
        super().__init__(what, hint)
        self.field = field


# Region names people write, beyond the official name, its code and English name.
REGION_ALIASES: dict[str, tuple[str, ...]] = {
    "seoul": ("서울", "서울시", "seoul city", "seoul special city"),
    "busan": ("부산", "부산시", "pusan", "busan city"),
    "daegu": ("대구", "대구시", "daegu city"),
    "incheon": ("인천", "인천시", "incheon city"),
    "gwangju": ("광주", "광주 광역시", "gwangju city"),
    "daejeon": ("대전", "대전시", "daejeon city"),
    "ulsan": ("울산", "울산시", "ulsan city"),
    "sejong": ("세종", "세종시", "sejong city"),
    "gyeonggi": ("경기", "경기도", "gyeonggi-do", "gyeonggi province"),
    "gangwon": (
        "강원",
        "강원도",
        "강원특별자치도",
        "gangwon-do",
        "gangwon province",
        "gangwon state",
    ),
    "chungbuk": ("충북", "충청북도", "chungcheongbuk-do", "north chungcheong"),
    "chungnam": ("충남", "충청남도", "chungcheongnam-do", "south chungcheong"),
    "jeonbuk": (
        "전북",
        "전라북도",
        "전북특별자치도",
        "jeollabuk-do",
        "north jeolla",
        "jeonbuk state",
    ),
    "jeonnam": ("전남", "전라남도", "jeollanam-do", "south jeolla"),
    "gyeongbuk": ("경북", "경상북도", "gyeongsangbuk-do", "north gyeongsang"),
    "gyeongnam": ("경남", "경상남도", "gyeongsangnam-do", "south gyeongsang"),
    "jeju": ("제주", "제주도", "제주특별자치도", "jeju-do", "jeju special self-governing province"),
    "jeonnam-gwangju": (
        "전남광주",
        "전남광주특별시",
        "광주전남",
        "광주전남특별시",
        "전남광주통합시",
        "jeonnam gwangju",
    ),
}
# Names that could mean places in two regions: resolved by what is written with them, or an error.
AMBIGUOUS_ALONE = frozenset({key("광주시")})  # 광주광역시, or 경기도 광주시


class KoreaMap:
    """The map, loaded once: places by code and by MOIS code, name indexes, and areas."""

    def __init__(self, rows: list[Place], moves: list[tuple[str, str, str]]) -> None:
        self.by_mois = {p.mois: p for p in rows}
        self.by_code: dict[str, Place] = {}
        # a current row wins its code, else the one abolished last (인천 중구: 2026, not 1995)
        for p in sorted(rows, key=_newest_first):
            self.by_code.setdefault(p.code, p)
        self.regions = [p for p in rows if p.is_region]
        # regions with no 시·군·구 tier today (세종): a district named in them is an old one
        self.tierless = {p.code for p in self.regions if p.current} - {
            p.region for p in rows if p.current and not p.is_region
        }
        self.current_regions = tuple(p.code for p in self.regions if p.current)
        self.districts_of: dict[str, list[Place]] = {}  # region code → its districts, any age
        for p in rows:
            if not p.is_region:
                self.districts_of.setdefault(p.region, []).append(p)
        self.region_index: dict[str, str] = {}  # alias key → region code (current or former)
        for p in sorted(self.regions, key=lambda p: not p.current):
            for alias in (p.code, p.ko, p.en, p.mois, p.mois[:2], *REGION_ALIASES.get(p.code, ())):
                self.region_index.setdefault(key(alias), p.code)
        self.moves: dict[str, dict[str, str]] = {}  # district MOIS → {dong: MOIS of its district}
        for old, dong, new in moves:
            self.moves.setdefault(old, {})[dong] = new
        self.children: dict[str, list[Place]] = {}  # si-with-gu MOIS → its 구
        for p in rows:
            if p.kind == "gu-in-si":
                parent = self._parent(p)
                if parent is not None:
                    self.children.setdefault(parent.mois, []).append(p)
        # District names, per region (what is written after a region) and nationwide.
        self.district_index: dict[str, dict[str, list[Place]]] = {}
        self.national: dict[str, list[Place]] = {}
        for p in rows:
            if p.is_region:
                continue
            for alias in self._district_aliases(p):
                for region in {p.region, self.today(p).region}:
                    found = self.district_index.setdefault(region, {}).setdefault(alias, [])
                    if p not in found:
                        found.append(p)
                self.national.setdefault(alias, [])
                if p not in self.national[alias]:
                    self.national[alias].append(p)
        self._atoms: dict[str, frozenset[str]] = {}
        found: dict[str, list[Place]] = {}
        for old in rows:
            if not old.current and not old.is_region:
                for mois in old.successors:
                    found.setdefault(mois, []).append(old)
        self._predecessors = {mois: tuple(olds) for mois, olds in found.items()}

    # --- names -------------------------------------------------------------------------------

    def _parent(self, p: Place) -> Place | None:
        si = p.ko.split(" ")[0]
        for q in self.districts_of.get(p.region, []):
            if q.ko == si and q.kind == "si-with-gu" and (q.until == p.until or q.current):
                return q
        return None

    def _district_aliases(self, p: Place) -> set[str]:
        names = {p.ko, p.code, p.code.split("/")[1], p.en.split(",")[0], p.mois, p.mois[:5]}
        own = p.ko.split(" ")[-1]  # `영통구` of `수원시 영통구`
        names.add(own)
        short = _SUFFIX.sub("", own)
        if len(short) >= 2:
            names.add(short)  # 부평, 창원, 화성
        if p.kind == "gu-in-si":
            si, _, gu = p.ko.partition(" ")
            names.add(_SUFFIX.sub("", si) + gu)  # 수원영통구
        found = {key(n) for n in names}
        found.discard("")
        return found

    def today(self, p: Place) -> Place:
        """The current place a row became (itself when current; the region, when divided)."""
        seen = 0
        while not p.current and len(p.successors) == 1 and seen < 5:
            p, seen = self.by_mois[p.successors[0]], seen + 1
        if not p.current:  # divided: its successors share one region
            first = self.by_mois[p.successors[0]] if p.successors else None
            if first is not None and first.current:
                return self.by_code[first.region]
        return p

    # --- areas -------------------------------------------------------------------------------

    def atoms_of(self, code: str) -> frozenset[str]:
        """The pieces of today's map a code covers: today's smallest districts, where one that
        was formed from parts of two old districts counts as two pieces (제물포구, from 중구
        and 동구). A region covers its districts; an old code covers the land it named."""
        found = self._atoms.get(code)
        if found is None:
            place = self.by_code.get(code)
            found = self._atoms[code] = self._atoms_of_place(place) if place else frozenset()
        return found

    def _atoms_of_place(self, p: Place) -> frozenset[str]:
        if p.is_region:
            # its districts on its last day (전라남도's of 2026, not 광산군 of 1988)
            members = [d for d in self.districts_of.get(p.region, []) if d.region == p.code
                       and (d.current or (p.until is not None and d.until >= p.until))]  # fmt: skip
            if p.current:
                leaves = [d for d in members if d.current]
                if not leaves:
                    return frozenset({p.code})  # 세종: no 시군구 tier
                return frozenset().union(*(self._atoms_of_place(d) for d in leaves))
            if len(p.successors) == 1 and not members:
                return self._atoms_of_place(self.by_mois[p.successors[0]])
            return frozenset().union(*(self._atoms_of_place(d) for d in members))
        if p.current:
            kids = self.children.get(p.mois)
            if kids:
                return frozenset().union(*(self._atoms_of_place(k) for k in kids if k.current))
            parts = self.predecessors(p)
            if len(parts) > 1:
                return frozenset(f"{p.code}@{old.code}" for old in parts)
            return frozenset({p.code})
        pieces: set[str] = set()
        for mois in p.successors:
            successor = self.by_mois[mois]
            atoms = self._atoms_of_place(successor)
            split = {a for a in atoms if a.endswith(f"@{p.code}")}
            pieces |= split or atoms
        return frozenset(pieces)

    def predecessors(self, p: Place) -> tuple[Place, ...]:
        """The abolished districts whose land makes up a current one (two for 제물포구)."""
        return self._predecessors.get(p.mois, ())

    # --- reading what people write -----------------------------------------------------------

    def resolve(
        self,
        region: str | None,
        district: str | None = None,
        address: str | None = None,
        lenient: bool = False,
    ) -> Placed:
        """Today's region and district from a region (a name, code or address), an optional
        district and an optional full address; see the module docstring. A region that cannot
        be read raises; so does a district, unless `lenient` (lists: the district is then
        unknown, and the problem is in `unread`)."""
        notes: list[Msg] = []
        unread: list[PlaceProblem] = []
        source = region if region is not None and region.strip() else address
        if source is None or not source.strip():
            raise PlaceProblem("region", N_("no region given"),
                               N_("write the 시·도, e.g. 인천광역시"))  # fmt: skip
        field = "region" if source is region else "address"
        words = tokens(source)
        found = self._leading_region(source, words, field, notes)
        region_code, rest, named = found
        place = self.by_code[region_code]
        current = self.today(place)
        area = None
        if not place.current:
            area = place.code if self.atoms_of(place.code) != self.atoms_of(current.code) else None
            if area:
                notes.append(N_("{old} is part of {new} since {date} ({old_code} → {new_code})",
                                old=place.ko, new=current.ko, date=place.until,
                                old_code=place.code, new_code=current.code))  # fmt: skip
        if named is not None:  # the region came from a district name (`창원`, `포항시 남구`)
            rest = [*named, *rest]
        tried = [
            (district, "district", True),
            (" ".join(rest) if rest else None, field, field == "region"),
            (address if source is not address else None, "address", False),
        ]
        dong_words = words + (tokens(address) if address and source is not address else [])
        if district is not None and district.strip():
            dong_words = tokens(district) + dong_words
        for text, where, strict in tried:
            if text is None or not text.strip():
                continue
            try:
                got = self._district(current.code, text, where, strict, dong_words, notes)
            except PlaceProblem as exc:
                if not lenient:
                    raise
                unread.append(exc)
                continue
            if got is not None:
                d, former = got
                if former is not None:
                    area = former
                # A district that moved region takes it along (군위군: 경북 until 2023, 대구 now);
                # one that became a region of no 시·군·구 tier is that region (연기군: 세종).
                if d is not None and self.by_code[d].is_region:
                    return Placed(d, None, self._finer(area, d, None), tuple(notes), tuple(unread))
                home = self.by_code[d].region if d is not None else current.code
                if home != current.code and not any(self.by_code[d].label in n for n in notes):
                    notes.append(N_("{district} is in {region} today ({old_code} → {new_code})",
                                    district=self.by_code[d].label, region=self.by_code[home].ko,
                                    old_code=current.code, new_code=home))  # fmt: skip
                finer = self._finer(area, home, d)
                return Placed(home, d, finer, tuple(notes), tuple(unread))
            if where == "district":
                break  # a given district decides; an address does not overrule it
        finer = self._finer(area, current.code, None)
        return Placed(current.code, None, finer, tuple(notes), tuple(unread))

    def _finer(self, area: str | None, region: str, district: str | None) -> str | None:
        """Keep a former code only where it says more than the region and district do."""
        if area is None:
            return None
        known = self.atoms_of(district or region)
        return None if known <= self.atoms_of(area) else area

    def _leading_region(
        self, text: str, words: list[str], field: str, notes: list[Msg]
    ) -> tuple[str, list[str], list[str] | None]:
        """(region code, the words after it, district words when the region came from them)."""
        whole = key(text)
        if "/" in text:  # a code such as incheon/bupyeong
            head, _, tail = fold(text).partition("/")
            code = self.region_index.get(key(head))
            if code is not None:
                return code, [tail], None
        if whole.isdigit() and len(whole) in (5, 10):
            place = self.by_mois.get(whole.ljust(10, "0"))
            if place is not None:
                if place.is_region:
                    return place.code, [], None
                return place.region, [], [place.code.split("/")[1]]
        for n in range(len(words), 0, -1):
            code = self.region_index.get(key(" ".join(words[:n])))
            if code is not None and key(" ".join(words[:n])) not in AMBIGUOUS_ALONE:
                return code, words[n:], None
        by_district = self._region_of_district(words, field)
        if by_district is not None:
            return by_district
        first = words[0] if words else text
        code, _ = self._fuzzy(first, self.region_index)
        if code is not None:
            notes.append(N_("{field} {text} read as {place} ({code}), not exact", field=field,
                            text=repr(first), place=self.by_code[code].ko, code=code))  # fmt: skip
            return code, words[1:], None
        closest = self._closest_regions(first)
        raise PlaceProblem(
            "region" if field == "region" else "address",
            N_("unknown region {value}", value=repr(text)),
            N_("closest: {near}", near=[Named(self.by_code[c].ko, c) for c in closest]),
        )

    def _region_of_district(
        self, words: list[str], field: str
    ) -> tuple[str, list[str], list[str]] | None:
        """A region named by its district (`창원` → 경상남도): only when the name is in one."""
        for n in (2, 1):
            if len(words) < n:
                continue
            alias = key(" ".join(words[:n]))
            found = list(self.national.get(alias, ()))
            if alias in AMBIGUOUS_ALONE:  # `광주시`: 경기도 광주시, or 광주광역시 as people say it
                found += [p for p in self.regions if p.code == "gwangju"]
            if not found:
                continue
            regions = sorted({self.today(p).code if p.is_region else self.today(p).region
                              for p in found})  # fmt: skip
            if len(regions) == 1:
                return regions[0], words[n:], words[:n]
            listed = {q.mois for q in found if q.current}  # an old name of one listed: left out
            named = {str(self._candidate(p)): p for p in found
                     if p.current or self.today(p).mois not in listed}  # fmt: skip
            shown = [named[text] for text in sorted(named)]
            raise PlaceProblem(
                "region" if field == "region" else "address",
                N_(
                    "{name} is in several regions: {regions}",
                    name=repr(" ".join(words[:n])),
                    regions=[self._candidate(p) for p in shown],
                ),
                N_("write the region with it, e.g. {example}", example=repr(shown[0].label)),
            )
        return None

    def _elsewhere(self, where: str, what: Msg) -> PlaceProblem:
        """A district given with a region it is not in (`what` says which)."""
        region = dict(what.args)["region"]
        return PlaceProblem(
            where, what, N_("write a district of {region}, or fix the region", region=region)
        )

    def _candidate(self, p: Place) -> Msg | str:
        """How an error names a place a name may mean: today's name, or the old one with
        what it is now."""
        if p.current:
            return p.label
        now = self.today(p)
        if now.is_region:  # divided
            return N_("{place} (now divided: {now})", place=p.label,
                      now=[self.by_mois[m].ko for m in p.successors])  # fmt: skip
        return N_("{place} (now {now})", place=p.label,
                  now=now.ko if now.region == p.region else now.label)  # fmt: skip

    def _district(
        self,
        region: str,
        text: str,
        where: str,
        strict: bool,
        dong_words: list[str],
        notes: list[Msg],
    ) -> tuple[str | None, str | None] | None:
        """(today's district or None when divided, the former code named) from `text`, or None
        when `text` names no district and need not (`strict`: it must)."""
        words = tokens(text)
        if "/" in text:
            head, _, tail = fold(text).partition("/")
            given = self.region_index.get(key(head))
            if given is not None and self.today(self.by_code[given]).code != region:
                named = self.by_code[region].ko
                raise self._elsewhere(
                    where, N_("district {value} is not in {region}", value=repr(text), region=named)
                )
            words = tokens(tail)
        elif words and not self._names_district(region, words):
            for n in range(len(words), 0, -1):  # a leading region (`인천광역시 부평구`)
                given = self.region_index.get(key(" ".join(words[:n])))
                if given is None:
                    continue
                if self.today(self.by_code[given]).code != region:
                    named = self.by_code[region].ko
                    raise self._elsewhere(
                        where, N_("{value} is not in {region}", value=repr(text), region=named)
                    )
                words = words[n:]
                break
        if not words:
            return None
        index = self.district_index.get(region, {})
        if not index or (region in self.tierless and not self._names_district(region, words)):
            return None  # 세종: no districts (but the old ones it took in: 연기군)
        place, used = None, 0
        for n in (2, 1):
            if len(words) >= n:
                found = index.get(key(" ".join(words[:n])))
                if found:
                    place, used = self._best(found), n
                    break
        if place is None:
            code, _ = self._fuzzy(words[0], index)
            if code is not None:
                place, used = code, 1  # type: ignore[assignment]
                notes.append(N_("{field} {text} read as {place} ({code}), not exact", field=where,
                                text=repr(words[0]), place=place.label,  # type: ignore[union-attr]
                                code=place.code))  # type: ignore[union-attr]  # fmt: skip
        if place is None:
            if not strict:
                return None
            closest = self._closest_districts(region, words[0])
            raise PlaceProblem(
                where,
                N_(
                    "no district {value} in {region}",
                    value=repr(words[0]),
                    region=self.by_code[region].ko,
                ),
                N_("closest: {near}", near=", ".join(closest)),
            )
        kids = self.children.get(place.mois)
        if kids:  # `창원시 마산회원구`, or 창원시 with the 구 in the address
            for word in [*words[used : used + 1], *dong_words]:
                kid = next((k for k in kids if key(word) in self._district_aliases(k)), None)
                if kid is not None and kid.current:
                    place = kid
                    break
            else:  # the 구 by the 동, as an old district's was divided (청주시 오창읍: 청원군's)
                place = self._kid_by_dong(place, kids, dong_words) or place
        return self._today_district(place, dong_words, notes)

    def _kid_by_dong(self, city: Place, kids: list[Place], words: list[str]) -> Place | None:
        """The 구 of a city a 동 is in, from the 동 of the old districts its 구 were made of."""
        olds = [p for p in self.districts_of.get(city.region, [])
                if not p.current and p.ko == city.ko]  # fmt: skip
        for kid in kids:
            olds += [p for p in self.predecessors(kid) if p not in olds]
        for old in olds:
            moved = self._by_dong(old, words)
            if moved is not None and self.today(moved) in kids:
                return self.today(moved)
        return None

    def _names_district(self, region: str, words: list[str]) -> bool:
        """Whether the words start with a district of the region (`광주시` in 경기도, `제주시`)."""
        index = self.district_index.get(region, {})
        return any(key(" ".join(words[:n])) in index for n in (2, 1) if len(words) >= n)

    def _best(self, found: list[Place]) -> Place:
        """Today's place of a name, else the one that had it last (인천 남구: 인천광역시 남구
        until 2018, not 인천직할시 남구 until 1995)."""
        current = [p for p in found if p.current]
        if current:
            return current[0]
        return max(found, key=lambda p: p.until or dt.date.max)

    def _today_district(
        self, place: Place, dong_words: list[str], notes: list[Msg]
    ) -> tuple[str | None, str | None]:
        if place.current:
            moved = self._by_dong(place, dong_words)
            return (moved.code if moved else place.code), None
        step = place  # renamed or merged, maybe more than once (마산시: 2001, then 2010)
        while not step.current and len(step.successors) == 1:
            step = self.by_mois[step.successors[0]]
        if step.current:
            now = self.today(step)
            notes.append(N_("{old} is {new} since {date}", old=place.label, new=now.label,
                            date=self._last_change(place)))  # fmt: skip
            return now.code, place.code
        todays = {self.today(self.by_mois[m]).mois for m in step.successors}
        if len(todays) == 1:  # divided, then joined again (부천시 중구 → 1993 구 → 부천시)
            now = self.by_mois[todays.pop()]
            if now.current and not now.is_region:
                notes.append(N_("{old} is {new} since {date}", old=place.label, new=now.label,
                                date=step.until))  # fmt: skip
                return now.code, place.code
        moved = self._by_dong(place, dong_words) or self._by_dong(step, dong_words)
        if moved is not None and not moved.current:
            moved = self.today(moved)
        if moved is not None and moved.current and not moved.is_region:
            notes.append(N_("{old} was divided on {date}: read as {new} by the 동 in the address",
                            old=place.label, date=step.until, new=moved.ko))  # fmt: skip
            return moved.code, place.code
        now_in = {self.today(self.by_mois[m]).region for m in step.successors}
        successors = [self.today(self.by_mois[m]).ko for m in step.successors]
        example = next(iter(self.moves.get(place.mois, self.moves.get(step.mois, {}))), "")
        notes.append(N_("{old} was divided on {date} into {successors}; without the 동 the"
                        " district is unknown (give the address, e.g. {example})",
                        old=place.label, date=step.until, successors=sorted(set(successors),
                        key=successors.index), example=f"{place.label} {example}"))  # fmt: skip
        if len(now_in) == 1 and now_in != {place.region}:  # 울주군 (경남 until 1997): 울산
            return now_in.pop(), place.code
        return None, place.code

    def _last_change(self, p: Place) -> dt.date | None:
        """The day a chain of renames and mergers (each with one successor) ended in today's
        place: since when it is called so."""
        day = p.until
        while not p.current and len(p.successors) == 1:
            day, p = p.until, self.by_mois[p.successors[0]]
        return day

    def _by_dong(self, place: Place, words: list[str]) -> Place | None:
        """The district a 법정동 named in the words is in, for a divided district (a 면 whose
        리 went different ways is named with its 리: `수암면 수암리`)."""
        moves = self.moves.get(place.mois)
        if not moves:
            return None
        for first, second in zip(words, [*words[1:], ""], strict=True):
            found = moves.get(f"{first} {second}") or moves.get(first)
            if found:
                return self.by_mois[found]
        return None

    def _fuzzy(self, text: str, index: dict) -> tuple[object | None, float]:
        k = key(text)
        if len(k) < 2:
            return None, 0.0
        best: dict[object, float] = {}
        for alias, value in index.items():
            if len(alias) < 2 or alias.isdigit() or (len(alias) <= 3 and alias.isascii()):
                continue
            # an old name is read exactly or not at all: never guessed across a merger
            targets = [p for p in value if p.current] if isinstance(value, list) else [value]
            for target in targets:
                score = similarity(k, alias)
                if score > best.get(target, 0.0):
                    best[target] = score
        ranked = sorted(best.items(), key=lambda kv: -kv[1])
        if not ranked or ranked[0][1] < FUZZY_CUTOFF:
            return None, 0.0
        if len(ranked) > 1 and ranked[1][1] == ranked[0][1]:
            return None, 0.0
        return ranked[0][0], ranked[0][1]

    def _closest_regions(self, text: str) -> list[str]:
        k = key(text)
        best: dict[str, float] = {}
        for alias, code in self.region_index.items():
            now = self.today(self.by_code[code]).code
            best[now] = max(best.get(now, 0.0), similarity(k, alias))
        return sorted(best, key=lambda c: (-best[c], c))[:3]

    def _closest_districts(self, region: str, text: str) -> list[str]:
        k = key(text)
        best: dict[str, float] = {}
        for p in self.districts_of.get(region, []):
            if p.current:
                best[p.ko] = max(similarity(k, a) for a in self._district_aliases(p))
        return sorted(best, key=lambda n: (-best[n], n))[:3]

    # --- codes in program rules --------------------------------------------------------------

    def rule_region(self, text: str) -> str:
        """A region code for a rule, old or new (`gwangju` keeps meaning former 광주광역시)."""
        code = self.region_index.get(key(text))
        if code is None:
            words = tokens(text)
            code = self.region_index.get(key(words[0])) if len(words) > 1 else None
        if code is None:
            code, _ = self._fuzzy(text, self.region_index)  # type: ignore[assignment]
        if code is None:
            raise PlaceProblem(
                "region",
                N_("unknown region {value}", value=repr(text)),
                N_(
                    "closest: {near}",
                    near=[Named(self.by_code[c].ko, c) for c in self._closest_regions(text)],
                ),
            )
        return code

    def rule_district(self, text: str) -> str:
        """A district code for a rule, old or new (`incheon/jung` keeps meaning former 중구)."""
        head, sep, tail = fold(text).partition("/")
        if not sep:
            raise PlaceProblem(
                "district",
                N_("district {value} needs a region", value=repr(text)),
                N_("write region/district"),
            )
        region = self.rule_region(head)
        index = self.district_index.get(region, {})
        found = index.get(key(tail))
        if not found:
            close = self._closest_districts(self.today(self.by_code[region]).code, tail)
            raise PlaceProblem(
                "district",
                N_("unknown district of {region} {value}", region=region, value=repr(tail)),
                N_("closest: {near}", near=", ".join(close)),
            )
        own = [p for p in found if p.region == region] or found
        return self._best(own).code


def _newest_first(p: Place) -> tuple[bool, int]:
    return (not p.current, -(p.until.toordinal() if p.until else 0))


def _date(text: str) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def _rows(name: str) -> Iterable[list[str]]:
    text = (Path(__file__).parent / "data" / name).read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    yield from csv.reader(lines[1:], delimiter="\t", quoting=csv.QUOTE_NONE)


@cache
def korea() -> KoreaMap:
    """The map, read from the package's data files on first use; kept as it was built
    (`sfmatch.cache`: building it takes longer than a recommendation)."""
    from sfmatch.cache import kept

    return kept("places", list, _korea)


def _korea() -> KoreaMap:
    english = {mois: (code, en) for mois, code, en in _rows("places_en.tsv")}
    rows = []
    regions: dict[str, tuple[str, str]] = {}  # region name → (code, name) for district rows
    for mois, sido, sigungu, kind, start, until, successor, _source in _rows("sigungu.tsv"):
        code, en = english[mois]
        if kind == "sido":
            regions[sido] = (code, sido)
        region = code.split("/")[0]
        rows.append(
            Place(
                mois=mois,
                code=code,
                ko=sigungu or sido,
                region_ko=sido,
                en=en,
                kind=kind,
                region=region,
                start=_date(start),
                until=_date(until),
                successors=tuple(re.findall(r"\b\d{10}\b", successor)),
            )
        )
    moves = [(old, dong, new) for old, dong, new, _source in _rows("dong.tsv")]
    return KoreaMap(rows, moves)


@lru_cache(maxsize=65536)
def resolve(
    region: str | None,
    district: str | None = None,
    address: str | None = None,
    lenient: bool = False,
) -> Placed:
    """`KoreaMap.resolve` for the places met again and again in a list (cached)."""
    return korea().resolve(region, district, address, lenient)

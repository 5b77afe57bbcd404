"""Korea's map as of today, read from what people write: every 시·군·구, the 2026 changes, old
names by their 법정동, names in several regions, and typos that never cross a region."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sfmatch import places, vocab
from sfmatch.models import Profile
from sfmatch.places import PlaceProblem, korea

SIGUNGU = Path(places.__file__).parent / "data" / "sigungu.tsv"
ROWS = list(csv.DictReader(SIGUNGU.open(encoding="utf-8"), delimiter="\t"))
CURRENT = [r for r in ROWS if not r["until"] and r["sigungu"]]
ABOLISHED = [r for r in ROWS if r["until"] and r["sigungu"]]


def test_the_table_is_whole():
    assert len(ROWS) == 503  # and 150 abolished from 1988 to 2019 (sigungu.md, places.md)
    assert len(CURRENT) == 268  # sigungu.md: 268 current 시군구
    assert len([r for r in ROWS if not r["until"] and not r["sigungu"]]) == 16
    codes = [korea().by_mois[r["code"]].code for r in CURRENT]
    assert len(codes) == len(set(codes)), "each current district has its own code"


@pytest.mark.parametrize("row", CURRENT, ids=lambda r: f"{r['sido']} {r['sigungu']}")
def test_every_current_district_resolves_from_its_names_and_codes(row):
    place = korea().by_mois[row["code"]]
    want = (place.region, place.code)
    for region, district in (
        (row["sido"], row["sigungu"]),  # 경기도 / 수원시 영통구
        (f"{row['sido']} {row['sigungu']}", None),  # an address
        (place.region, place.code),  # the codes
        (row["code"], None),  # the 10-digit MOIS code
        (row["code"][:5], None),  # the 5-digit 시군구 code
        (place.region, place.en.split(",")[0]),  # Yeongtong-gu
    ):
        got = places.resolve(region, district)
        assert (got.region, got.district) == want, (region, district, got)
        assert not got.notes, got.notes


def _today(mois: str) -> set[str]:
    """The current places an old code's land is in: a chain of renames and mergers followed to
    its end, every successor of a division."""
    place = korea().by_mois[mois]
    if place.current:
        return {place.code}
    return set().union(*(_today(m) for m in place.successors))


@pytest.mark.parametrize("row", ABOLISHED, ids=lambda r: f"{r['code']} {r['sido']} {r['sigungu']}")
def test_every_abolished_district_maps_to_its_successor_or_says_it_is_divided(row):
    """Every 시·군·구 abolished since 1988 (MOIS 법정동코드 and its 말소일자): by its code, it reads
    as the place it became, or as unknown with the candidates named where its land was divided;
    by its name, never an error and never a fuzzy guess."""
    place = korea().by_mois[row["code"]]
    now = _today(row["code"])
    namesakes = [p for p in korea().districts_of.get(place.region, [])
                 if p.current and p.ko == place.ko]  # fmt: skip
    got = places.resolve(row["code"])
    said = " ".join(str(n) for n in got.notes)
    if namesakes:  # a name of today's map again (부천시 원미구: 1993–2016, and since 2024): it,
        # or where its land went (창원시 of 2010: 의창구 or 성산구, by the 동)
        assert got.district in {namesakes[0].code, *now} or (
            got.district is None and "divided" in said), got  # fmt: skip
    elif len(now) == 1:
        (code,) = now
        if korea().by_code[code].is_region:  # 연기군 → 세종, which has no 시·군·구 tier
            assert (got.region, got.district) == (code, None), got
        else:
            assert got.district == code, got
        assert "divided" not in said
    else:  # unknown without a 동, never a guess; the successors are named
        assert got.district is None and "divided" in said, got
        assert got.region in {korea().by_code[c].region for c in now}
    by_name = places.resolve(row["sido"], row["sigungu"])
    assert by_name.district is None or korea().by_code[by_name.district].current
    assert "not exact" not in " ".join(str(n) for n in by_name.notes), by_name.notes


DONG = Path(places.__file__).parent / "data" / "dong.tsv"
MOVES = [r for r in csv.DictReader((x for x in DONG.open(encoding="utf-8") if x[0] != "#"),
                                   delimiter="\t")]  # fmt: skip


@pytest.mark.parametrize("move", MOVES, ids=lambda r: f"{r['from']} {r['dong']}")
def test_every_moved_dong_of_a_divided_district_reads_into_its_district_today(move):
    old = korea().by_mois[move["from"]]
    want = _today(move["to"])
    got = places.resolve(old.region_ko, old.ko, f"{old.label} {move['dong']} 1")
    assert got.district in want or (got.district is None and len(want) > 1), (move, got)


@pytest.mark.parametrize(
    ("region", "district", "address", "want"),
    [
        # 2026-07-01: 광주·전남 → 전남광주통합특별시; 인천 중·동·서구 → 제물포·영종·검단·서해구
        ("광주광역시", "광산구", None, "jeonnam-gwangju/gwangsan"),
        ("전라남도", "나주시", None, "jeonnam-gwangju/naju"),
        ("전남광주통합특별시", "광산구", None, "jeonnam-gwangju/gwangsan"),
        ("인천", "동구", None, "incheon/jemulpo"),
        ("인천 중구 운서동", None, None, "incheon/yeongjong"),
        ("인천광역시", "중구", "인천광역시 중구 신흥동3가 7-12", "incheon/jemulpo"),
        ("인천광역시", "서구", "인천광역시 서구 마전동 613-2", "incheon/geomdan"),
        ("인천광역시", "서구", "인천광역시 서구 가정로 12 (가좌동)", "incheon/seohae"),
        ("인천", "동구", "인천광역시 동구 금곡동 1", "incheon/jemulpo"),  # 금곡동: by the old 구
        ("인천", "서구", "인천광역시 서구 금곡동 1", "incheon/geomdan"),
        ("인천광역시 제물포구", None, None, "incheon/jemulpo"),
        # 화성시 has four 구 since 2026-02-01; the 읍·면·동 decides
        ("경기도", "화성시", "경기도 화성시 향남읍 상신리 100", "gyeonggi/hwaseong-manse"),
        ("경기 화성시 동탄구", None, None, "gyeonggi/hwaseong-dongtan"),
        ("경기도", "화성시", None, "gyeonggi/hwaseong"),
        ("경기도", "화성시", "경기도 화성시 능동 1", "gyeonggi/hwaseong"),  # 능동 is split
        # cities name their region; 구 inside cities
        ("창원", None, None, "gyeongnam/changwon"),
        ("창원시 마산회원구", None, None, "gyeongnam/changwon-masanhoewon"),
        ("포항시", None, None, "gyeongbuk/pohang"),
        ("화성", None, None, "gyeonggi/hwaseong"),
        ("수원시 영통구", None, None, "gyeonggi/suwon-yeongtong"),
        ("경기도", "수원시", "경기도 수원시 영통구 광교로 1", "gyeonggi/suwon-yeongtong"),
        ("경기도", "수원시", None, "gyeonggi/suwon"),
        ("부산", "강서구", None, "busan/gangseo"),
        ("경상남도", "고성군", None, "gyeongnam/goseong"),
        ("대구광역시", "서구", None, "daegu/seo"),  # not Incheon's 서구
        ("대구", "군위군", None, "daegu/gunwi"),
        ("경상북도", "군위군", None, "daegu/gunwi"),  # moved to 대구 on 2023-07-01
        ("강원도", "춘천시", None, "gangwon/chuncheon"),
        ("세종특별자치시 조치원읍", None, None, None),
    ],
)
def test_places_people_write(region, district, address, want):
    got = places.resolve(region, district, address)
    assert got.district == want, got


def test_without_a_dong_a_divided_district_is_unknown_with_its_successors_named():
    got = places.resolve("인천광역시", "중구")
    assert got.district is None and got.area == "incheon/jung"
    assert "제물포구" in str(got.notes[0]) and "영종구" in str(got.notes[0])


@pytest.mark.parametrize(
    ("text", "candidates"),
    [
        ("중구", ["서울특별시 중구", "부산광역시 중구", "인천광역시 중구"]),
        ("동구", ["대구광역시 동구", "전남광주통합특별시 동구", "인천광역시 동구 (now 제물포구)"]),
        ("강서구", ["서울특별시 강서구", "부산광역시 강서구"]),
        ("고성군", ["강원특별자치도 고성군", "경상남도 고성군"]),
        ("광주시", ["경기도 광주시"]),
    ],
)
def test_a_name_in_several_regions_needs_its_region(text, candidates):
    with pytest.raises(PlaceProblem) as caught:
        places.resolve(text)
    assert "several regions" in str(caught.value.what)
    for candidate in candidates:
        assert candidate in str(caught.value.what)


@pytest.mark.parametrize(
    ("region", "district", "read_as"),
    [("인천광역시 남동굴", None, "incheon/namdong"), ("인천", "부평굴", "incheon/bupyeong"),
     ("인쳔광역시", None, None)],
)  # fmt: skip
def test_a_typo_is_read_within_its_region_and_reported(region, district, read_as):
    got = places.resolve(region, district)
    assert got.region == "incheon" and got.district == read_as
    assert any("not exact" in str(n) for n in got.notes), got.notes


@pytest.mark.parametrize(
    ("region", "district", "fragment"),
    [("부산광역시 남동구", None, "no district '남동구' in 부산광역시"),
     ("인천", "해운대구", "no district '해운대구' in 인천광역시"),
     ("인천", "busan/haeundae", "is not in 인천광역시"),
     ("Atlantis", None, "unknown region 'Atlantis'")],
)  # fmt: skip
def test_a_district_that_cannot_be_read_is_an_error_naming_the_closest(region, district, fragment):
    with pytest.raises(PlaceProblem) as caught:
        places.resolve(region, district)
    assert fragment in str(caught.value.what) and caught.value.hint


def test_창원_is_never_강원():
    assert places.resolve("창원").region == "gyeongnam"


def _profile(**given) -> Profile:
    return Profile.model_validate({"name": "x", "ksic": "C25", "employees": 5, **given})


@pytest.mark.parametrize(
    ("given", "rule", "outcome"),
    [
        # rules written with the old regions keep their meaning for firms in those areas
        ({"region": "전라남도", "district": "나주시"}, ["jeonnam"], True),
        ({"region": "전남광주통합특별시", "district": "나주시"}, ["jeonnam"], True),
        ({"region": "광주광역시"}, ["gwangju"], True),
        ({"region": "광주광역시", "district": "광산구"}, ["jeonnam"], False),
        ({"region": "전남광주통합특별시"}, ["jeonnam"], None),  # which part is not known
        ({"region": "전남광주통합특별시"}, ["gwangju", "jeonnam"], True),
        ({"region": "전남광주통합특별시"}, ["non-capital"], True),
        ({"region": "인천", "district": "중구"}, ["incheon/jung"], True),
        ({"region": "인천", "district": "영종구"}, ["incheon/jung"], True),
        ({"region": "인천", "district": "제물포구"}, ["incheon/jung"], None),  # 중구 or 동구 part
        ({"region": "인천", "address": "인천 중구 신포동 1"}, ["incheon/jung"], True),
        ({"region": "인천", "address": "인천 동구 송림동 1"}, ["incheon/jung"], False),
        ({"region": "인천", "district": "검단구"}, ["incheon/seo"], True),
        ({"region": "인천", "district": "부평구"}, ["incheon/seo"], False),
        ({"region": "경기", "district": "화성시 동탄구"}, ["gyeonggi/hwaseong"], True),
        ({"region": "경기", "district": "화성시"}, ["gyeonggi/hwaseong-dongtan"], None),
        # and rules written with names from before 2020 (마산시 until 2010, 인천 남구 until 2018)
        ({"region": "경남", "district": "창원시 마산회원구"}, ["gyeongnam/masan"], True),
        ({"region": "경남", "district": "창원시 의창구"}, ["gyeongnam/masan"], False),
        ({"region": "경남", "address": "경남 마산시 합성동 1"}, ["gyeongnam/masan"], True),
        ({"region": "경남", "district": "창원시"}, ["gyeongnam/masan"], None),
        ({"region": "인천", "district": "미추홀구"}, ["incheon/nam"], True),
    ],
)
def test_old_codes_in_rules_keep_the_land_they_named(given, rule, outcome):
    from sfmatch.criteria import Facts, districts, regions

    profile = _profile(**given)
    check = (districts if "/" in rule[0] else regions)(Facts(profile, None, False, None, str), rule)
    assert check.outcome == {True: "pass", False: "fail", None: "unknown"}[outcome], check.detail


def test_programs_keep_old_codes_and_profiles_get_todays():
    assert vocab.resolve_region_or_group("gwangju") == "gwangju"
    assert vocab.resolve_rule_district("incheon/jung") == "incheon/jung"
    assert _profile(region="gwangju").region == "jeonnam-gwangju"
    assert _profile(region="incheon", district="incheon/jung").district is None


def test_area_is_worked_out_never_given():
    with pytest.raises(ValueError, match="unknown key 'area'"):
        _profile(region="인천", area="incheon/jung")
    assert "area" not in _profile(region="광주").model_dump()


# --- properties --------------------------------------------------------------------------------


_NAMES = sorted({r["sigungu"] for r in ROWS if r["sigungu"]} | {r["sido"] for r in ROWS})
_WORDS = st.one_of(
    st.sampled_from(_NAMES),
    st.sampled_from(
        ["운서동", "신포동", "마전동", "가좌동", "향남읍", "능동", "금곡동", "123-4", "(고잔동)"]
    ),
    st.text(
        alphabet="인천광역시중구동서남북창원화성부산강원도군읍면리로길 0123456789-/(),", max_size=8
    ),
)
_TEXT = st.lists(_WORDS, max_size=4).map(" ".join)


@settings(max_examples=400, deadline=None)
@given(region=_TEXT, district=st.none() | _TEXT, address=st.none() | _TEXT)
def test_any_text_is_read_as_todays_place_or_is_one_clear_problem(region, district, address):
    """Whatever is written, the answer is today's region (and district in it), or one
    PlaceProblem; never a crash, never a district of another region, and reading the codes
    again gives the same place."""
    try:
        got = places.resolve(region, district, address)
    except PlaceProblem as exc:
        assert exc.what and exc.field in ("region", "district", "address")
        return
    assert got.region in korea().current_regions
    if got.district is not None:
        place = korea().by_code[got.district]
        assert place.current and place.region == got.region
        again = places.resolve(got.region, got.district)
        assert (again.region, again.district) == (got.region, got.district)
    lenient = places.resolve(region, district, address, lenient=True)
    assert (lenient.region, lenient.district) == (got.region, got.district)


def test_a_district_that_moved_region_takes_the_region_along():
    """Found by the property above: 군위군 was in 경북 until 2023-07-01 and is in 대구 today; a firm
    that writes a 경북 city as its region and 군위군 as its district is in 대구."""
    for region in ("경산시", "경북", "경상북도"):
        got = places.resolve(region, "군위군")
        assert (got.region, got.district) == ("daegu", "daegu/gunwi"), region
        assert got.notes


@pytest.mark.parametrize(
    ("written", "region", "district", "said"),
    [
        # issue 20: names from before 2020, as firms and old records keep them
        ("인천 남구", "incheon", "incheon/michuhol", "2018-07-01"),
        ("충청남도 연기군", "sejong", None, "2012-07-01"),  # 세종: no 시·군·구 tier
        ("충남 연기군 조치원읍 1", "sejong", None, "2012-07-01"),
        ("경기도 여주군", "gyeonggi", "gyeonggi/yeoju", "2013-09-23"),
        ("경남 마산시 합성동 1", "gyeongnam", "gyeongnam/changwon-masanhoewon", "2010-07-01"),
        ("경남 진해시", "gyeongnam", "gyeongnam/changwon-jinhae", "2010-07-01"),
        ("충북 청원군 오창읍 1", "chungbuk", "chungbuk/cheongju-cheongwon", "2014-07-01"),
        ("충청북도 청주시 오창읍 1", "chungbuk", "chungbuk/cheongju-cheongwon", ""),
        ("경북 영일군 흥해읍 1", "gyeongbuk", "gyeongbuk/pohang-buk", "1995-01-01"),
        ("경상남도 울산시 남구", "ulsan", "ulsan/nam", "1997-07-15"),
    ],
)
def test_names_since_1988_read_into_todays_map(written, region, district, said):
    got = places.resolve(written)
    assert (got.region, got.district) == (region, district), got
    notes = " ".join(str(n) for n in got.notes)
    assert said in notes and "not exact" not in notes, notes


@pytest.mark.parametrize(
    ("written", "candidates"),
    [
        ("경남 마산시", ("마산합포구", "마산회원구")),
        ("충북 청원군", ("상당구", "서원구", "흥덕구", "청원구")),  # never guessed as 청원구
    ],
)
def test_a_divided_district_without_its_dong_is_unknown_with_the_candidates(written, candidates):
    got = places.resolve(written)
    assert got.district is None and got.area is not None, got
    notes = " ".join(str(n) for n in got.notes)
    assert "divided" in notes and all(c in notes for c in candidates), notes

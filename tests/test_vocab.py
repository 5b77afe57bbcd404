"""Korean and English aliases normalise to canonical codes; near misses are fuzzy, far ones errors."""

from __future__ import annotations

import pytest

from sfmatch import vocab
from sfmatch.errors import ValueProblem

REGIONS = [
    ("인천광역시", "incheon"), ("Incheon Metropolitan City", "incheon"), ("incheon", "incheon"),
    ("인천시 남동구", "incheon"), ("인천", "incheon"), ("서울특별시 강남구", "seoul"),
    ("경상남도", "gyeongnam"), ("경남", "gyeongnam"), ("Gyeonggi-do", "gyeonggi"),
    ("전북특별자치도", "jeonbuk"), ("강원특별자치도", "gangwon"), ("제주특별자치도", "jeju"),
    ("세종특별자치시", "sejong"), ("충청북도", "chungbuk"), ("Busan", "busan"),
    ("Incheonn", "incheon"), ("인쳔광역시", "incheon"),  # typos: fuzzy on jamo
]  # fmt: skip


@pytest.mark.parametrize(("given", "code"), REGIONS)
def test_regions(given, code):
    assert vocab.resolve_region(given) == code


def test_an_unknown_region_names_the_closest_codes():
    with pytest.raises(ValueProblem) as caught:
        vocab.resolve_region("Mars")
    assert str(caught.value.hint).startswith("closest: ")
    assert len(str(caught.value.hint).split(",")) == 3


NEEDS = [
    ("maintenance", "maintenance"), ("유지보수 비용", "maintenance"), ("maintenance costs", "maintenance"),
    ("A/S", "maintenance"), ("사후관리", "maintenance"), ("AI", "ai"), ("인공지능", "ai"),
    ("컨설팅", "consulting"), ("전문가 진단", "consulting"), ("인력 채용", "talent"),
    ("자부담", "cofunding"), ("own share", "cofunding"), ("정책자금", "financing"),
    ("수준확인", "level-assessment"), ("공정 개선", "process-improvement"), ("탄소중립", "carbon"),
    ("로봇", "robotics"), ("데이터 표준화", "data"), ("고도화", "upgrade"), ("구축", "construction"),
    ("유지보슈", "maintenance"),  # a jamo typo
]  # fmt: skip


@pytest.mark.parametrize(("given", "code"), NEEDS)
def test_needs(given, code):
    assert vocab.resolve_need(given) == code


def test_a_need_naming_two_needs_is_an_error_not_a_guess():
    with pytest.raises(ValueProblem, match="several needs"):
        vocab.resolve_need("AI 공정개선")


def test_short_acronyms_match_only_as_words():
    with pytest.raises(ValueProblem):
        vocab.resolve_need("glass")  # contains "as" but is not A/S


@pytest.mark.parametrize(
    ("table", "given", "code"),
    [(vocab.SIZES, "소기업", "small"), (vocab.SIZES, "중견기업", "midsize"), (vocab.SIZES, "소공인", "micro"),
     (vocab.LEVELS, "중간1", "intermediate1"), (vocab.LEVELS, "고도화", "advanced"),
     (vocab.LEVELS, "ICT 미적용", "none"), (vocab.PROCESSES, "사출·프레스", "injection-press"),
     (vocab.PROCESSES, "금형", "mold"), (vocab.DISQUALIFIERS, "국세 체납", "tax-arrears"),
     (vocab.DISQUALIFIERS, "폐업", "closed")],
)  # fmt: skip
def test_other_vocabularies(table, given, code):
    assert table.resolve(given) == code


def test_every_code_resolves_to_itself_and_its_korean_label_back_to_it():
    for table in (vocab.REGIONS, vocab.SIZES, vocab.LEVELS, vocab.NEEDS, vocab.PROCESSES,
                  vocab.DISQUALIFIERS):  # fmt: skip
        for code in table.codes:
            assert table.resolve(code) == code
            assert table.resolve(table.label(code)) == code


def test_region_groups():
    assert vocab.resolve_region_or_group("수도권") == "capital"
    assert vocab.REGION_GROUPS["capital"] == ("seoul", "incheon", "gyeonggi")
    # 16 regions today: 광주 and 전남 are one since 2026-07-01
    assert len(vocab.REGIONS.codes) == 16 and "jeonnam-gwangju" in vocab.REGIONS.codes
    assert len(vocab.REGION_GROUPS["non-capital"]) == 13
    assert "incheon" not in vocab.REGION_GROUPS["non-capital"]

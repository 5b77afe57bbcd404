"""The fast reading of applicant rows must agree with the full one, row for row.

`FastReader` validates each distinct cell once; `parse_row` validates the whole row through the
model and explains every problem. Seeded random rows, drawn from good and bad cells of every kind,
go through both: wherever the fast reading accepts a row, the full one accepts it with an equal
profile; a row the full reading accepts but the fast one leaves to it must be a rare kind of row,
and good rows must take the fast way (or nothing would be faster).
"""

from __future__ import annotations

import csv
import datetime as dt
import random

import pytest

from sfmatch.applicants import Applicant, FastReader, open_list, parse_row

HEADERS = [
    "기업명",
    "사업자등록번호",
    "소재지",
    "구군",
    "업종코드",
    "상시근로자수",
    "매출액(백만원)",
    "설립일",
    "기업규모",
    "스마트공장 수준",
    "뿌리공정",
    "뿌리기업 확인서",
    "필요분야",
    "추진목표",
    "총사업비(천원)",
    "자부담 가능액",
    "기수혜",
    "결격사유",
    "대표자 의지",
    "전담인력",
]
GOOD: dict[str, list[object]] = {
    "기업명": ["(주)한울정밀", "다솔 Tech", " 가온 "],
    "사업자등록번호": ["", "131-86-04565", "1318604565"],
    "소재지": ["인천광역시 남동구 논현동", "인천", "경기도 시흥시", "경남", "Incheon"],
    "구군": ["", "", "남동구", "부평구"],
    "업종코드": ["C29", "25112", "c22", "C10", "C34"],
    "상시근로자수": ["38", "1,200", "0", "9명", 12, 7.0],
    "매출액(백만원)": ["", "8,500", "120000", "15억", 300.5],
    "설립일": ["", "2006-04-01", "2006.4.1", dt.datetime(2011, 5, 2)],
    "기업규모": ["", "소기업", "중기업", "micro"],
    "스마트공장 수준": ["", "기초", "중간1", "미적용", "고도화"],
    "뿌리공정": ["", "주조", "금형; 용접", "열처리,표면처리"],
    "뿌리기업 확인서": ["", "Y", "N", "예", True],
    "필요분야": ["", "유지보수; AI", "구축", "컨설팅, 자부담", "데이터"],
    "추진목표": ["", "설비 예지보전", "MES 고도화"],
    "총사업비(천원)": ["", "100,000", "2억"],
    "자부담 가능액": ["", "3천만원", "20000000"],
    "기수혜": ["", "kr-mss-sf-build:2019", "kr-mss-sf-build:2019; kr-mss-sf-as:2022"],
    "결격사유": ["", "", "체납"],
    "대표자 의지": ["", "4", 5],
    "전담인력": ["", "Y", "아니오"],
}
BAD: dict[str, list[object]] = {
    "기업명": ["", "  "],
    "사업자등록번호": ["123-45-67890", "abc"],
    "소재지": ["", "중구", "Atlantis"],
    "구군": ["해운대구", "없는구"],
    "업종코드": ["", "A01", "C99", "x"],
    "상시근로자수": ["", "-3", "many", True, 2.5],
    "매출액(백만원)": ["-5", "lots"],
    "설립일": ["2006-13-01", "yesterday"],
    "기업규모": ["huge"],
    "스마트공장 수준": ["level 9"],
    "뿌리공정": ["painting"],
    "뿌리기업 확인서": ["maybe"],
    "필요분야": ["everything", "유지보수 AI"],
    "추진목표": [],
    "총사업비(천원)": ["-1"],
    "자부담 가능액": ["some"],
    "기수혜": ["build 2019", "kr-mss-sf-build:19"],
    "결격사유": ["bad luck"],
    "대표자 의지": ["9", "0"],
    "전담인력": ["perhaps"],
}


@pytest.fixture(scope="module")
def listing(tmp_path_factory):
    path = tmp_path_factory.mktemp("fast") / "list.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerow(HEADERS)
        csv.writer(handle).writerow(["(주)가상", "", "인천", "", "C25", "3"] + [""] * 14)
    opened = open_list(path)
    assert not opened.unmapped, [c.header for c in opened.unmapped]
    return opened


def _row(rng: random.Random, bad_share: float) -> list[object]:
    cells = []
    for header in HEADERS:
        pool = BAD[header] if BAD[header] and rng.random() < bad_share else GOOD[header]
        cells.append(rng.choice(pool))
    if rng.random() < 0.05:
        cells.append("beyond the header")
    return cells


@pytest.mark.parametrize("seed", range(4))
def test_fast_reading_agrees_with_the_full_one(listing, seed):
    rng = random.Random(seed)
    fast = FastReader(listing)
    kinds = {"fast": 0, "full": 0, "unknown": 0, "rejected": 0}
    for number in range(2, 1502):
        cells = _row(rng, bad_share=0.04)
        quick = fast.read(number, cells)
        full = parse_row(listing, number, cells)
        if quick is not None:
            assert isinstance(full, Applicant), (cells, full)
            assert quick.profile == full.profile, cells
            assert quick.profile.model_fields_set == full.profile.model_fields_set, cells
            kinds["fast"] += 1
        elif isinstance(full, Applicant):
            kinds["full" if full.unknown is None else "unknown"] += 1
        else:
            kinds["rejected"] += 1
    # Every kind of row occurs, and rows without a cell read as unknown take the fast way.
    assert kinds["rejected"] > 100 and kinds["unknown"] > 100 and kinds["fast"] > 300, kinds
    assert kinds["full"] == 0, kinds


def test_cells_of_another_type_are_not_confused(listing):
    """1, 1.0 and True are equal dict keys; as Excel cells they are not the same head count."""
    fast = FastReader(listing)
    base = ["(주)가상", "", "인천", "", "C25", 1] + [""] * 14
    assert fast.read(2, base) is not None
    assert fast.read(3, [*base[:5], True, *base[6:]]) is None
    full = parse_row(listing, 3, [*base[:5], True, *base[6:]])
    assert isinstance(full, Applicant) and full.profile.employees is None and full.unknown


@pytest.mark.parametrize("seed", range(4))
def test_reading_by_columns_agrees_with_reading_by_rows(listing, seed):
    """A chunk read column by column gives each good row's profile values, and no others."""
    rng = random.Random(100 + seed)
    fast = FastReader(listing)
    rows = [(number, _row(rng, bad_share=0.04)) for number in range(2, 1502)]
    values, good = FastReader(listing).read_columns(rows)
    assert len(good) == len(rows) and 300 < sum(good) < len(rows) - 100
    for i, (number, cells) in enumerate(rows):
        by_row = fast.read(number, cells)
        assert good[i] == (by_row is not None), cells
        if by_row is not None:
            assert {f: values[f][i] for f in values} == dict(by_row.profile), cells

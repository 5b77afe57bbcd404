#!/usr/bin/env python3
"""Writes the registry-shaped test inputs into this folder (README.md here lists their quirks).

    /work/main/.venv/bin/python tests/data/registry/make_fixtures.py

    factoryon.xlsx        a KICOX FactoryOn "공장등록현황" export: every cell text, claims 1,048,576 rows
    datagokr_cp949.csv    a data.go.kr file download (전국공장등록현황): CP949, CRLF
    applicants_2026.csv   an office's 신청기업 명단 saved from Excel as "CSV UTF-8", title row on top
    busan_cp949.csv       부산광역시_제조업 공장등록현황 (data.go.kr): CP949, no KSIC code, no head count

Deterministic: one seeded generator and fixed document/zip timestamps, so a rerun writes
byte-identical files. Every company, person and number is fictional. Standard library + openpyxl.

Row numbers below are what a person sees: the xlsx sheet row, or the CSV line counting the
header line (and the title line, where there is one). Rare quirks sit at the rows named in the
tables; common variation (which region, mask style, date style, ...) comes from the generator.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
import re
import zipfile
from pathlib import Path

from openpyxl import Workbook
from openpyxl.writer.excel import ExcelWriter  # wb.save() would stamp "now" into docProps/core.xml

HERE = Path(__file__).resolve().parent
SEED = 20260412
FIXED_TIME = dt.datetime(2026, 3, 2, 9, 0, 0)


# --- check digits and masks ------------------------------------------------------------------

_BRN_WEIGHTS = (1, 3, 7, 1, 3, 7, 1, 3, 5)


def brn(first9: str) -> str:
    """'131-86-0456' (9 digits, any dashes) → '131-86-04565', with the 사업자등록번호 check digit."""
    d = [int(c) for c in first9 if c.isdigit()]
    assert len(d) == 9, first9
    s = sum(x * w for x, w in zip(d, _BRN_WEIGHTS, strict=True)) + d[8] * 5 // 10
    digits = "".join(map(str, d)) + str((10 - s % 10) % 10)
    return f"{digits[:3]}-{digits[3:5]}-{digits[5:]}"


def masked(full: str, dashed: bool) -> str:
    """How public data publishes a BRN: '608127****' or '608-12-7****' (last four hidden)."""
    digits = full.replace("-", "")
    return f"{digits[:3]}-{digits[3:5]}-{digits[5]}****" if dashed else f"{digits[:6]}****"


# --- pools -----------------------------------------------------------------------------------

# 대표업종번호 → (업종명, 생산품 choices, 주원자재 choices). KSIC 5-digit, manufacturing (10–34).
KSIC = {
    "25112": (
        "구조용 금속판제품 및 공작물 제조업",
        ["철구조물, 금속판 가공품", "판넬, 브라켓", "자동차 부품, 금형"],
        ["SS400, 철판", "SPCC, SPHC"],
    ),
    "25111": (
        "금속 문, 창, 셔터 및 관련제품 제조업",
        ["방화문, 셔터", "알루미늄 창호"],
        ["알루미늄, 강판", "EGI, 유리"],
    ),
    "25912": (
        "자동차용 금속 압형제품 제조업",
        ["자동차 부품, 금형", "프레스 부품"],
        ["SPCC, 알루미늄", "SAPH440, SPFC590"],
    ),
    "25922": ("도금업", ["아연도금 가공", "니켈도금 부품"], ["아연, 니켈", "황산, 크롬"]),
    "25924": (
        "절삭가공 및 유사 처리업",
        ["정밀가공품, 샤프트", "CNC 가공 부품"],
        ["SM45C, 알루미늄", "SUS304, 황동"],
    ),
    "25999": (
        "그 외 기타 분류 안된 금속 가공제품 제조업",
        ["볼트, 너트", "금속 가공품"],
        ["SWCH, 철선", "SS400"],
    ),
    "29133": (
        "탭, 밸브 및 유사장치 제조업",
        ["산업용 밸브, 피팅", "볼밸브"],
        ["SCS13, 황동", "주물, SUS316"],
    ),
    "29199": (
        "그 외 기타 일반 목적용 기계 제조업",
        ["컨베이어, 자동화 장치", "집진기"],
        ["SS400, 베어링"],
    ),
    "29229": (
        "기타 가공 공작기계 제조업",
        ["전용기, 지그", "자동화 설비"],
        ["SS400, 알루미늄 프로파일", "전장부품, 모터"],
    ),
    "22212": ("플라스틱 필름 제조업", ["PE 필름, 포장재"], ["LDPE, LLDPE"]),
    "22241": (
        "운송장비 조립용 플라스틱제품 제조업",
        ["자동차 내장 사출품, 범퍼 부품", "사출품"],
        ["PP, ABS", "PC, 나일론"],
    ),
    "10309": ("기타 과실·채소 가공 및 저장 처리업", ["절임 채소, 김치"], ["배추, 고춧가루"]),
    "10712": ("빵류 제조업", ["식빵, 냉동 생지"], ["밀가루, 버터"]),
    "10801": ("배합 사료 제조업", ["양돈 사료, 양계 사료"], ["옥수수, 대두박"]),
    "13402": ("직물, 편조원단 및 의복류 염색 가공업", ["염색 원단"], ["폴리에스터 원단, 염료"]),
    "20499": ("그 외 기타 분류 안된 화학제품 제조업", ["세정제, 코팅제"], ["계면활성제, 용제"]),
    "24311": ("선철주물 주조업", ["주물 부품, 맨홀 뚜껑"], ["선철, 고철"]),
    "26299": ("그 외 기타 전자부품 제조업", ["PCB 조립품, 센서 모듈"], ["PCB, 전자부품"]),
    "28111": ("전동기 및 발전기 제조업", ["소형 모터, 감속기"], ["규소강판, 동선"]),
    "30320": (
        "자동차 차체용 신품 부품 제조업",
        ["자동차 부품, 금형", "차체 프레스 부품"],
        ["SPCC, 알루미늄", "GA강판, SPFH"],
    ),
    "30399": ("그 외 자동차용 신품 부품 제조업", ["브레이크 부품, 브라켓"], ["FC250, SPHC"]),
    "31114": ("선박 구성 부분품 제조업", ["선박 블록, 의장품"], ["후판, 형강"]),
}
COMMON_CODES = [
    "25112",
    "25112",
    "29133",
    "29133",
    "22241",
    "22241",
    "10801",
    "25924",
    "25912",
    "30320",
]
NON_MANUFACTURING = {
    "46102": "음·식료품 및 담배 중개업",
    "58221": "시스템 소프트웨어 개발 및 공급업",
}

STEMS = [
    "가람",
    "누리",
    "미르",
    "다솜",
    "한결",
    "새빛",
    "푸른솔",
    "해든",
    "보람",
    "늘품",
    "솔빛",
    "이음",
    "채움",
    "하람",
    "단비",
    "라온",
    "별하",
    "나래",
    "마루",
    "윤슬",
    "여울",
    "초롱",
    "온새",
    "든솔",
    "꽃샘",
    "너울",
    "도란",
    "모람",
    "바름",
    "비솔",
    "새온",
    "아라",
    "에움",
    "예그린",
    "온결",
    "자람",
    "참솔",
    "토리",
    "해밀",
    "휘나",
    "늘봄",
    "다올",
    "아토",
    "버금",
    "물빛",
    "빛결",
    "산들",
    "슬기",
    "우듬지",
    "은솔",
    "잎새",
    "청솔",
    "함초롬",
    "희온",
    "고운결",
    "누리봄",
    "단솔",
    "맑음",
    "봄누리",
    "샘솔",
    "아람",
    "해올",
]
SUFFIXES = {  # by KSIC division, so names fit the trade
    "10": ["식품", "푸드", "농산"],
    "13": ["염색", "텍스타일"],
    "20": ["케미칼", "화학"],
    "22": ["플라텍", "폴리머", "화성"],
    "24": ["주물", "캐스팅"],
    "25": ["정밀", "금속", "메탈", "기공", "판금"],
    "26": ["전자", "일렉트론"],
    "28": ["전기", "모터텍"],
    "29": ["기계", "엔지니어링", "오토메이션", "테크"],
    "30": ["오토텍", "오토파츠"],
    "31": ["마린", "조선기자재"],
}
# A legal form around the name (weights); "{}" alone is a sole proprietor (개인사업자).
FORMS = (
    ["(주){}"] * 5
    + ["주식회사 {}"] * 3
    + ["{}(주)"] * 2
    + ["㈜{}", "(주) {}", "{} 주식회사", "(유){}"]
    + ["{}"] * 4
)
TAX_OFFICES = [
    "121",
    "122",
    "124",
    "131",
    "134",
    "135",
    "137",
    "138",
    "140",
    "312",
    "314",
    "402",
    "410",
    "504",
    "513",
    "514",
    "601",
    "603",
    "606",
    "608",
    "609",
    "615",
    "616",
    "621",
]

# (시도, 시군구 as FactoryOn writes it, how addresses spell the city part, 시군구 code, weight,
#  places there: (법정동 or 읍·면, 리 when it is a 읍·면 else "", a road there))
# 수원시/화성시/포항시: the city alone; 창원시 마산회원구, 안산시 단원구, 청주시 흥덕구: city and 구.
REGIONS = [
    (
        "인천광역시",
        "남동구",
        "인천광역시 남동구",
        "28200",
        6,
        [("고잔동", "", "남동대로"), ("논현동", "", "앵고개로"), ("남촌동", "", "남동서로")],
    ),
    (
        "인천광역시",
        "부평구",
        "인천광역시 부평구",
        "28237",
        3,
        [("청천동", "", "새벌로"), ("갈산동", "", "부평대로")],
    ),
    ("인천광역시", "계양구", "인천광역시 계양구", "28245", 2, [("서운동", "", "서운산단로")]),
    ("인천광역시", "연수구", "인천광역시 연수구", "28185", 1, [("송도동", "", "송도과학로")]),
    ("인천광역시", "미추홀구", "인천광역시 미추홀구", "28177", 1, [("도화동", "", "염전로")]),
    (
        "경기도",
        "화성시",
        "경기도 화성시",
        "41590",
        3,
        [
            ("향남읍", "상신리", "발안로"),
            ("팔탄면", "구장리", "버들로"),
            ("우정읍", "화수리", "화수로"),
            ("봉담읍", "수영리", "효행로"),
            ("진안동", "", "병점중앙로"),
        ],
    ),
    ("경기도", "수원시", "경기도 수원시 영통구", "41117", 1, [("매탄동", "", "매영로")]),
    (
        "경기도",
        "안산시 단원구",
        "경기도 안산시 단원구",
        "41273",
        2,
        [("원시동", "", "산단로"), ("성곡동", "", "해안로")],
    ),
    ("경기도", "시흥시", "경기도 시흥시", "41390", 2, [("정왕동", "", "공단1대로")]),
    (
        "경기도",
        "김포시",
        "경기도 김포시",
        "41570",
        1,
        [("양촌읍", "학운리", "황금로"), ("대곶면", "대벽리", "대곶로")],
    ),
    ("경기도", "평택시", "경기도 평택시", "41220", 1, [("포승읍", "원정리", "포승공단순환로")]),
    (
        "경상남도",
        "창원시 마산회원구",
        "경상남도 창원시 마산회원구",
        "48127",
        1,
        [("봉암동", "", "봉암공단2길")],
    ),
    (
        "경상남도",
        "창원시 성산구",
        "경상남도 창원시 성산구",
        "48123",
        2,
        [("웅남동", "", "공단로"), ("성주동", "", "성주로")],
    ),
    (
        "경상남도",
        "김해시",
        "경상남도 김해시",
        "48250",
        2,
        [("주촌면", "내삼리", "골든루트로"), ("안동", "", "김해대로")],
    ),
    (
        "경상북도",
        "포항시",
        "경상북도 포항시 남구",
        "47111",
        1,
        [("장흥동", "", "철강로"), ("호동", "", "호동로")],
    ),
    (
        "경상북도",
        "구미시",
        "경상북도 구미시",
        "47190",
        2,
        [("공단동", "", "1공단로"), ("임수동", "", "3공단로")],
    ),
    (
        "충청남도",
        "아산시",
        "충청남도 아산시",
        "44200",
        1,
        [("둔포면", "석곡리", "아산밸리로"), ("인주면", "걸매리", "인주산단로")],
    ),
    (
        "충청북도",
        "청주시 흥덕구",
        "충청북도 청주시 흥덕구",
        "43113",
        1,
        [("송정동", "", "직지대로"), ("옥산면", "남촌리", "과학산업2로")],
    ),
    (
        "부산광역시",
        "강서구",
        "부산광역시 강서구",
        "26440",
        2,
        [("송정동", "", "녹산산업중로"), ("지사동", "", "과학산단로")],
    ),
    (
        "대구광역시",
        "달서구",
        "대구광역시 달서구",
        "27290",
        2,
        [("갈산동", "", "성서공단로"), ("호산동", "", "호산로")],
    ),
    ("서울특별시", "금천구", "서울특별시 금천구", "11545", 1, [("가산동", "", "가산디지털1로")]),
    (
        "울산광역시",
        "울주군",
        "울산광역시 울주군",
        "31710",
        1,
        [("온산읍", "화산리", "온산로"), ("온양읍", "고산리", "온양로")],
    ),
    ("대전광역시", "대덕구", "대전광역시 대덕구", "30230", 1, [("문평동", "", "대덕대로")]),
    (
        "강원특별자치도",
        "원주시",
        "강원특별자치도 원주시",
        "51130",
        1,
        [("문막읍", "동화리", "동화공단로")],
    ),
    ("전북특별자치도", "익산시", "전북특별자치도 익산시", "52140", 1, [("팔봉동", "", "석암로")]),
    ("제주특별자치도", "제주시", "제주특별자치도 제주시", "50110", 1, [("영평동", "", "첨단로")]),
]


# --- factoryon.xlsx --------------------------------------------------------------------------

FACTORYON_HEADER = (
    "회사명",
    "공장관리번호",
    "공장대표주소(도로명)",
    "공장대표주소(지번)",
    "사업자등록번호",
    "대표업종번호",
    "업종번호",
    "업종명",
    "시도",
    "시군구",
    "남종업원",
    "여종업원",
    "종업원수",
    "생산품",
    "주원자재",
    "공장크기",
    "최초등록일",
)
FACTORYON_COUNT = 120  # sheet rows 2..121; then 3 blank rows 122..124

# sheet row → (시도, 시군구, 공장대표주소(도로명), 공장대표주소(지번), 시군구 code)
FACTORYON_PLACES = {
    # the same company's two factories (see SAME_COMPANY)
    3: (
        "인천광역시",
        "남동구",
        "인천광역시 남동구 남동대로 215 (고잔동)",
        "인천광역시 남동구 고잔동 651-3",
        "28200",
    ),
    97: (
        "인천광역시",
        "부평구",
        "인천광역시 부평구 새벌로 88 (청천동)",
        "인천광역시 부평구 청천동 402-7",
        "28237",
    ),
    # Incheon before the 2026 reorganisation: the 법정동 decides the new 구
    7: (
        "인천광역시",
        "중구",
        "인천광역시 중구 영종대로 85 (운서동)",
        "인천광역시 중구 운서동 2850-1",
        "28110",
    ),  # → 영종구
    21: ("인천광역시", "중구", "", "인천광역시 중구 운남동 1580-7", "28110"),  # → 영종구
    14: (
        "인천광역시",
        "중구",
        "인천광역시 중구 신흥로 30 (신흥동3가)",
        "인천광역시 중구 신흥동3가 7-12",
        "28110",
    ),  # → 제물포구
    34: ("인천광역시", "중구", "인천광역시 중구 인중로 176 (신흥동3가)", "", "28110"),  # → 제물포구
    26: (
        "인천광역시",
        "동구",
        "인천광역시 동구 송림로 50 (송림동)",
        "인천광역시 동구 송림동 123",
        "28140",
    ),  # → 제물포구
    48: ("인천광역시", "동구", "", "인천광역시 동구 만석동 2-45", "28140"),  # → 제물포구
    39: (
        "인천광역시",
        "서구",
        "인천광역시 서구 완정로 100 (마전동)",
        "인천광역시 서구 마전동 613-2",
        "28260",
    ),  # → 검단구
    55: ("인천광역시", "서구", "", "인천광역시 서구 오류동 1605", "28260"),  # → 검단구
    45: (
        "인천광역시",
        "서구",
        "인천광역시 서구 가좌로 84 (가좌동)",
        "인천광역시 서구 가좌동 178-1",
        "28260",
    ),  # → 서해구
    80: (
        "인천광역시",
        "서구",
        "인천광역시 서구 정서진로 10 (원창동)",
        "인천광역시 서구 원창동 390-5",
        "28260",
    ),  # → 서해구
    62: (
        "인천광역시",
        "서구",
        "인천광역시 서구 봉수대로 500",
        "",
        "28260",
    ),  # no 법정동 anywhere: unknown
    73: ("인천광역시", "중구", "", "", "28110"),  # both addresses blank: unknown
    # Incheon after the reorganisation
    86: (
        "인천광역시",
        "제물포구",
        "인천광역시 제물포구 송림로 72 (송림동)",
        "인천광역시 제물포구 송림동 301-4",
        "28140",
    ),
    92: ("인천광역시", "제물포구", "", "인천광역시 제물포구 신흥동3가 31-2", "28110"),
    98: (
        "인천광역시",
        "검단구",
        "인천광역시 검단구 검단산단로 40 (오류동)",
        "인천광역시 검단구 오류동 1570",
        "28260",
    ),
    105: ("인천광역시", "검단구", "인천광역시 검단구 완정로 60 (마전동)", "", "28260"),
    110: (
        "인천광역시",
        "영종구",
        "인천광역시 영종구 영종대로 120 (운서동)",
        "인천광역시 영종구 운서동 3101-2",
        "28110",
    ),
    116: (
        "인천광역시",
        "서해구",
        "인천광역시 서해구 가좌로 30 (가좌동)",
        "인천광역시 서해구 가좌동 590-1",
        "28260",
    ),
    # old 시도 names
    10: (
        "강원도",
        "원주시",
        "강원도 원주시 문막읍 동화공단로 25",
        "강원도 원주시 문막읍 동화리 1820",
        "42130",
    ),
    42: (
        "강원도",
        "춘천시",
        "강원도 춘천시 퇴계농공로 15 (퇴계동)",
        "강원도 춘천시 퇴계동 1001",
        "42110",
    ),
    23: (
        "전라북도",
        "익산시",
        "전라북도 익산시 석암로 55 (팔봉동)",
        "전라북도 익산시 팔봉동 900-3",
        "45140",
    ),
    57: (
        "전라북도",
        "완주군",
        "전라북도 완주군 봉동읍 완주산단5로 80",
        "전라북도 완주군 봉동읍 장구리 700",
        "45710",
    ),
    30: (
        "전라남도",
        "여수시",
        "전라남도 여수시 여수산단로 1000 (월내동)",
        "전라남도 여수시 월내동 50-2",
        "46130",
    ),
    69: (
        "전라남도",
        "나주시",
        "전라남도 나주시 산포면 혁신산단로 20",
        "전라남도 나주시 산포면 신도리 400",
        "46170",
    ),
    35: (
        "광주광역시",
        "광산구",
        "광주광역시 광산구 하남산단6번로 50 (장덕동)",
        "광주광역시 광산구 장덕동 970-1",
        "29200",
    ),
    76: (
        "광주광역시",
        "북구",
        "광주광역시 북구 첨단과기로 100 (오룡동)",
        "광주광역시 북구 오룡동 1100",
        "29170",
    ),
    # new 시도 name; row 102 keeps the old name in both addresses
    64: (
        "전남광주통합특별시",
        "광산구",
        "전남광주통합특별시 광산구 하남산단8번로 33 (안청동)",
        "전남광주통합특별시 광산구 안청동 730",
        "29200",
    ),
    89: (
        "전남광주통합특별시",
        "나주시",
        "전남광주통합특별시 나주시 산포면 혁신산단로 55",
        "전남광주통합특별시 나주시 산포면 신도리 420",
        "46170",
    ),
    102: (
        "전남광주통합특별시",
        "광산구",
        "광주광역시 광산구 평동산단로 90 (옥동)",
        "광주광역시 광산구 옥동 500",
        "29200",
    ),
    # 세종: no 시군구
    18: (
        "세종특별자치시",
        "",
        "세종특별자치시 부강면 부강외천로 50",
        "세종특별자치시 부강면 갈산리 100",
        "36110",
    ),
    84: (
        "세종특별자치시",
        "",
        "세종특별자치시 전동면 전동산단길 20",
        "세종특별자치시 전동면 노장리 300",
        "36110",
    ),
    # 중구/동구/서구 outside Incheon: must not be re-mapped
    33: (
        "대구광역시",
        "서구",
        "대구광역시 서구 달서천로 90 (비산동)",
        "대구광역시 서구 비산동 1600",
        "27170",
    ),
    59: (
        "울산광역시",
        "동구",
        "울산광역시 동구 방어진순환도로 100 (전하동)",
        "울산광역시 동구 전하동 1",
        "31170",
    ),
    # regions the generator may miss
    53: (
        "서울특별시",
        "금천구",
        "서울특별시 금천구 가산디지털1로 128 (가산동)",
        "서울특별시 금천구 가산동 60-11",
        "11545",
    ),
    114: (
        "울산광역시",
        "울주군",
        "울산광역시 울주군 온산읍 온산로 41",
        "울산광역시 울주군 온산읍 화산리 220",
        "31710",
    ),
    # 창원 written as the city alone (elsewhere "창원시 성산구" style)
    46: (
        "경상남도",
        "창원시",
        "경상남도 창원시 의창구 팔용로 300 (팔용동)",
        "경상남도 창원시 의창구 팔용동 40-1",
        "48121",
    ),
    # 화성: the 읍·면·동 is in the address (the 2026 구 follows from it)
    8: (
        "경기도",
        "화성시",
        "경기도 화성시 향남읍 발안로 12",
        "경기도 화성시 향남읍 상신리 100",
        "41590",
    ),
    28: (
        "경기도",
        "화성시",
        "경기도 화성시 봉담읍 효행로 250",
        "경기도 화성시 봉담읍 수영리 55-3",
        "41590",
    ),
    54: (
        "경기도",
        "화성시",
        "경기도 화성시 동탄산단6길 15 (석우동)",
        "경기도 화성시 석우동 30-2",
        "41590",
    ),
    79: (
        "경기도",
        "화성시",
        "경기도 화성시 병점중앙로 100 (진안동)",
        "경기도 화성시 진안동 800-4",
        "41590",
    ),
    100: ("경기도", "화성시", "경기도 화성시 우정읍 화수로 60", "", "41590"),
}
FACTORYON_NAMES = {
    2: " (주)한빛정밀",
    9: "주식회사 새솔금속 ",
    15: "㈜다온테크",
    36: "(주)하늘채유통",
    67: "주식회사 비트누리소프트",
    99: "(주)소담푸드상사 ",
}
FACTORYON_PADDING = {24: " {}", 41: "{} ", 58: "  {}", 77: "{} ", 96: " {} ", 113: "{}  "}
SAME_COMPANY = {97: 3}  # row 97 is a second factory of row 3's company: same name, same BRN
# sheet row → (대표업종번호, 업종번호); the rest list their 대표업종번호 alone
FACTORYON_CODES = {
    5: ("25111", "25111, 29133"),
    12: ("25112", "25111,25112"),
    20: ("29133", "29133, 25111"),
    31: ("22241", "22241, 22212"),
    38: ("10801", "10801,10309"),
    50: ("25924", "25924, 25922, 29229"),
    63: ("30320", "30320,25912"),
    74: ("26299", "26299, 28111"),
    90: ("24311", "24311,25999"),
    101: ("20499", "20499, 22212"),
    115: ("25112", "25112, 25111, 25999"),
    33: ("13402", "13402"),
    59: ("31114", "31114"),
    30: ("20499", "20499"),
    # outside manufacturing (rejected): 99 also lists a manufacturing code after its 대표업종번호
    36: ("46102", "46102"),
    67: ("58221", "58221"),
    99: ("46102", "46102, 10801"),
}
FACTORYON_PRODUCTS = {
    36: ("가공식품 중개", "-"),
    67: ("생산관리 소프트웨어", "-"),
    99: ("냉동식품, 사료 원료", "옥수수, 대두박"),
}
FULL_BRN_ROWS = {6, 29, 52, 71, 88, 107}
BLANK_BRN_ROWS = {13, 47, 83, 118}
TOTAL_BLANK_ROWS = {11, 27, 60, 94}  # 종업원수 blank, 남/여 given
EMPLOYEES_BLANK_ROWS = {44, 85}  # 남, 여, 종업원수 all blank: read, head count unknown
FACTORYON_SIZES = {
    20: "중견기업",
    63: "중견기업",
    90: "중견기업",
    50: "대기업",
    59: "대기업",
    16: "",
    40: "",
    75: "",
    108: "",
}
FACTORYON_DATE_BLANK = {19, 66, 104}


# --- datagokr_cp949.csv ----------------------------------------------------------------------

DATAGOKR_HEADER = (
    "회사명",
    "공장대표주소",
    "사업자등록번호",
    "대표업종번호",
    "업종명",
    "시도",
    "시군구",
    "종업원수",
    "생산품",
    "공장크기",
    "최초등록일",
)
DATAGOKR_COUNT = 60  # CSV lines 2..61

# CSV line → (시도, 시군구, 공장대표주소)
DATAGOKR_PLACES = {
    5: ("인천광역시", "중구", "인천광역시 중구 운서동 2850-1"),
    12: ("인천광역시", "동구", "인천광역시 동구 송림로 50 (송림동)"),
    19: ("인천광역시", "서구", "인천광역시 서구 마전동 613-2"),
    26: ("인천광역시", "서구", "인천광역시 서구 가좌로 84 (가좌동)"),
    33: ("인천광역시", "중구", "인천광역시 중구 신흥동3가 7-12"),
    59: ("인천광역시", "중구", ""),
    38: ("인천광역시", "제물포구", "인천광역시 제물포구 송림로 72 (송림동)"),
    45: ("인천광역시", "검단구", "인천광역시 검단구 검단산단로 40 (오류동)"),
    52: ("인천광역시", "영종구", "인천광역시 영종구 운서동 3101-2"),
    8: ("강원도", "원주시", "강원도 원주시 문막읍 동화공단로 31"),
    16: ("강원특별자치도", "원주시", "강원특별자치도 원주시 문막읍 동화공단로 77"),
    21: ("전라북도", "익산시", "전라북도 익산시 석암로 21 (팔봉동)"),
    29: ("전북특별자치도", "익산시", "전북특별자치도 익산시 팔봉동 612-4"),
    36: ("전라남도", "나주시", "전라남도 나주시 산포면 혁신산단로 33"),
    42: ("광주광역시", "광산구", "광주광역시 광산구 하남산단6번로 107 (장덕동)"),
    50: ("전남광주통합특별시", "광산구", "전남광주통합특별시 광산구 안청동 741-2"),
    55: ("세종특별자치시", "", "세종특별자치시 부강면 부강외천로 62"),
    11: ("대구광역시", "서구", "대구광역시 서구 달서천로 120 (비산동)"),
    24: ("경기도", "화성시", "경기도 화성시 향남읍 상신리 230"),
    47: ("경상남도", "창원시 마산회원구", "경상남도 창원시 마산회원구 봉암공단2길 17 (봉암동)"),
}
DATAGOKR_NAMES = {23: "똠방각하 식품", 31: "(주)온담식자재유통", 48: "주식회사 코드나래"}
DATAGOKR_CODES = {23: "10309", 9: "25999", 31: "46102", 48: "58221"}  # 31, 48: rejected
DATAGOKR_PRODUCTS = {9: "볼트, 너트", 31: "식자재 중개", 48: "공정관리 소프트웨어"}
DATAGOKR_FULL_BRN = {6, 35, 57}
DATAGOKR_BLANK_BRN = {14, 44}
DATAGOKR_EMPLOYEES_BLANK = {40}  # read, head count unknown
DATAGOKR_SIZES = {20: "중견기업", 53: ""}
DATAGOKR_DATE_BLANK = {27, 53}


# --- applicants_2026.csv: written out by hand ------------------------------------------------

APPLICANTS_TITLE = "2026년 스마트공장 구축지원사업 신청기업 명단"
APPLICANTS_HEADER = (
    "연번",
    "기업명",
    "대표자",
    "사업자등록번호",
    "소재지",
    "업종코드",
    "상시근로자수",
    "매출액(백만원)",
    "스마트공장 수준",
    "신청분야",
    "기수혜이력",
    "비고",
)
# (기업명, 대표자, 사업자등록번호, 소재지, 업종코드, 상시근로자수, 매출액(백만원), 수준,
#  신청분야, 기수혜이력, 비고)
APPLICANTS = [
    (
        "(주)해솔정밀",
        "김도윤",
        brn("131-86-0458"),
        "인천 남동구 논현동",
        "C25",
        "38",
        "8,500",
        "기초",
        "유지보수; AI",
        "스마트공장 구축(2021)",
        "",
    ),
    (
        "새길판금",
        "이서준",
        brn("122-23-4417"),
        "인천광역시 부평구",
        "25112",
        "6",
        "900",
        "미적용",
        "구축; 자부담",
        "",
        "대표 통화 완료(3/18)",
    ),
    (
        "주식회사 온빛테크",
        "박지호",
        "",
        "경기 화성시 동탄구",
        "29",
        "52",
        "12,300",
        "중간1",
        "AI; 데이터",
        "스마트공장 AS:2023",
        "사업자번호 추후 제출",
    ),
    (
        "가온기계(주)",
        "최민재",
        brn("609-81-2230"),
        "창원시 성산구",
        "C29",
        "120",
        "31,000",
        "기초",
        "고도화",
        "스마트공장 구축(2019), 스마트공장 AS:2022",
        "",
    ),
    (
        "㈜미르플라스틱",
        "정하은",
        brn("131-81-7702"),
        "인천 중구 운서동",
        "22241",
        "17",
        "2,400",
        "미적용",
        "구축",
        "",
        "영종도 소재",
    ),
    (
        "(주)누리오토텍",
        "강태윤",
        brn("131-86-3391"),
        "인천광역시 남동구 남동대로 215 (고잔동)",
        "30320",
        "84",
        "21,700",
        "중간1",
        "유지보수; 데이터",
        "혁신바우처 2022",
        "",
    ),
    (
        "청솔금속",
        "조은서",
        brn("137-12-5580"),
        "인천시 서구 가좌동",
        "25112",
        "9",
        "1,150",
        "미적용",
        "구축",
        "",
        "",
    ),
    (
        "(주)아라메탈",
        "윤건우",
        brn("137-81-4426"),
        "인천 서구 마전동",
        "C25",
        "23",
        "4,800",
        "기초",
        "구축; AI",
        "없음",
        "검단 이전 예정",
    ),
    (
        "주식회사 도란기공",
        "장서연",
        brn("121-86-9913"),
        "인천 동구 송림동",
        "25924",
        "14",
        "1,730",
        "기초",
        "유지보수",
        "스마트공장 구축(2020)",
        "",
    ),
    (
        "여울정밀",
        "임준혁",
        "",
        "인천 중구 신흥동3가",
        "25",
        "5",
        "620",
        "미적용",
        "구축; 자부담",
        "",
        "사업자등록증 사본 미제출",
    ),
    (
        "(주)빛결테크",
        "오세린",
        brn("121-81-6657"),
        "인천 제물포구",
        "26299",
        "31",
        "6,200",
        "기초",
        "AI",
        "-",
        "",
    ),
    (
        "(주)에움산업",
        "서도현",
        brn("137-86-2204"),
        "인천광역시 검단구 오류동",
        "C29",
        "47",
        "9,900",
        "중간1",
        "데이터; 고도화",
        "스마트공장 AS:2024",
        "현장실사 희망: 4월 둘째 주",
    ),
    (
        "토리식품",
        "신유나",
        brn("122-07-3318"),
        "인천 계양구 서운동",
        "10801",
        "12",
        "3,050",
        "미적용",
        "구축",
        "",
        "",
    ),
    (
        "(주)하람폴리머",
        "권민호",
        brn("131-87-0095"),
        "인천 미추홀구",
        "C22",
        "26",
        "5,400",
        "기초",
        "유지보수; AI",
        "혁신바우처 2022",
        "",
    ),
    (
        "주식회사 바름엔지니어링",
        "안재성",
        brn("134-86-7721"),
        "경기도 시흥시 정왕동",
        "29133",
        "63",
        "14,800",
        "중간1",
        "고도화; 데이터",
        "스마트공장 구축(2018)",
        "2개 공장 중 시흥공장만 신청",
    ),
    (
        "(주)늘봄메탈",
        "송하준",
        brn("134-81-5540"),
        "경기 안산시 단원구 성곡동",
        "25912",
        "41",
        "10,200",
        "기초",
        "구축",
        "",
        "",
    ),
    (
        "자람판금",
        "전미경",
        brn("137-19-2086"),
        "경기 김포시 양촌읍",
        "25112",
        "8",
        "870",
        "미적용",
        "구축; 자부담",
        "",
        "대표 여성기업",
    ),
    (
        "(주)해밀오토파츠",
        "홍성택",
        brn("124-86-6612"),
        "경기도 화성시 향남읍 상신리",
        "30320",
        "95",
        "27,400",
        "중간1",
        "AI; 데이터",
        "스마트공장 구축(2021), 스마트공장 AS:2023",
        "",
    ),
    (
        "새온전자(주)",
        "유채원",
        brn("124-81-3307"),
        "수원시 영통구",
        "C26",
        "19",
        "3,900",
        "기초",
        "AI",
        "",
        "",
    ),
    (
        "(주)단솔정밀",
        "고은호",
        brn("615-86-1179"),
        "경남 김해시 주촌면",
        "C25",
        "57",
        "11,600",
        "기초",
        "유지보수; 데이터",
        "스마트공장 구축(2022)",
        "",
    ),
    (
        "봄누리기계",
        "문정우",
        brn("608-12-7304"),
        "경상남도 창원시 마산회원구 봉암동",
        "29",
        "11",
        "1,480",
        "미적용",
        "구축",
        "",
        "창원시 추천",
    ),
    (
        "(주)샘솔메탈",
        "양희수",
        brn("621-81-4478"),
        "부산 강서구 송정동",
        "25999",
        "34",
        "7,100",
        "기초",
        "구축; AI",
        "혁신바우처 2023",
        "",
    ),
    (
        "주식회사 아토텍스타일",
        "배수진",
        brn("514-86-2290"),
        "대구 달서구 호산동",
        "C13",
        "22",
        "4,150",
        "미적용",
        "구축",
        "",
        "",
    ),
    (
        "(주)산들전자",
        "백승훈",
        brn("513-81-6015"),
        "경북 구미시 공단동",
        "26299",
        "140",
        "38,500",
        "중간1",
        "고도화; AI",
        "스마트공장 구축(2017), 스마트공장 AS:2021",
        "",
    ),
    (
        "청솔주물",
        "허지안",
        brn("506-23-1142"),
        "포항시 남구",
        "24311",
        "16",
        "2,050",
        "미적용",
        "구축; 자부담",
        "",
        "",
    ),
    (
        "(주)슬기오토메이션",
        "남궁현",
        brn("312-86-5593"),
        "충남 아산시 둔포면",
        "29199",
        "44",
        "8,800",
        "기초",
        "유지보수; AI",
        "스마트공장 AS:2023",
        "",
    ),
    (
        "(주)맑음케미칼",
        "노태경",
        brn("301-81-2749"),
        "청주시 흥덕구",
        "20499",
        "29",
        "6,700",
        "기초",
        "데이터",
        "",
        "대표자 변경(2025.12)",
    ),
    (
        "(주)잎새일렉트론",
        "하윤서",
        brn("119-86-4021"),
        "서울 금천구 가산동",
        "C26",
        "18",
        "2,900",
        "기초",
        "AI",
        "",
        "",
    ),
    (
        "우듬지마린",
        "곽동훈",
        brn("610-09-8835"),
        "울산 울주군 온산읍",
        "31",
        "27",
        "5,600",
        "미적용",
        "구축",
        "",
        "",
    ),
    (
        "(주)아람기계",
        "성민아",
        brn("224-81-1570"),
        "강원 원주시 문막읍",
        "29",
        "36",
        "7,450",
        "기초",
        "구축; 데이터",
        "혁신바우처 2022",
        "",
    ),
    (
        "은솔푸드",
        "차은결",
        "",
        "전북 익산시",
        "C10",
        "13",
        "",
        "미적용",
        "구축",
        "",
        "매출액 미기재(신규 법인 전환)",
    ),
    (
        "(주)물빛정밀",
        "주혜림",
        brn("410-86-3326"),
        "광주광역시 광산구",
        "25924",
        "49",
        "9,300",
        "기초",
        "유지보수",
        "스마트공장 구축(2020)",
        "",
    ),
    (
        "(주)다올케미칼",
        "우성진",
        brn("412-81-6684"),
        "전남 나주시",
        "20499",
        "21",
        "4,700",
        "미적용",
        "구축; AI",
        "",
        "",
    ),
    (
        "희온식품",
        "구태민",
        brn("307-15-9001"),
        "세종시 부강면",
        "10712",
        "15",
        "1,900",
        "미적용",
        "구축",
        "",
        "",
    ),
    (
        "(주)아토메탈",
        "민경록",
        brn("616-81-2258"),
        "제주도 제주시",
        "25112",
        "10",
        "1,320",
        "기초",
        "AI",
        "",
        "도서지역",
    ),
    (
        "(주)고운결테크",
        "류지환",
        brn("131-86-8840"),
        "인천 남동구 남동공단",
        "29229",
        "72",
        "16,900",
        "중간1",
        "고도화; AI",
        "스마트공장 구축(2019), 혁신바우처 2022",
        "",
    ),
    (
        "맑음기공",
        "나은채",
        brn("131-25-6603"),
        "인천 연수구 송도동",
        "25",
        "7",
        "780",
        "미적용",
        "구축; 자부담",
        "",
        "",
    ),
    (
        "(주)예그린정밀",
        "탁성규 외 1명",
        brn("121-86-1094"),
        "인천광역시 중구",
        "C25",
        "33",
        "6,050",
        "기초",
        "유지보수; AI",
        "스마트공장 AS:2023",
        "공동대표",
    ),
    (
        "참솔산업(주)",
        "진하람",
        "",
        "인천 서구",
        "22241",
        "24",
        "3,600",
        "기초",
        "구축",
        "",
        "주소 확인 필요",
    ),
    (
        "(주)너울오토텍",
        "표상욱",
        brn("125-81-7742"),
        "경기 평택시 포승읍",
        "30399",
        "58",
        "13,200",
        "기초",
        "데이터; AI",
        "스마트공장 구축(2023)",
        "",
    ),
]


# --- row builders ----------------------------------------------------------------------------


def company_name(rng: random.Random, code: str, used: set[str]) -> tuple[str, bool]:
    """A fictional name with a legal form, and whether it is a corporation."""
    while True:
        base = rng.choice(STEMS) + rng.choice(SUFFIXES[code[:2]])
        if base not in used:
            used.add(base)
            break
    form = rng.choice(FORMS)
    return form.format(base), form != "{}"


def random_brn(rng: random.Random, corporate: bool) -> str:
    middle = rng.choice(["81", "86", "87"]) if corporate else f"{rng.randint(1, 39):02d}"
    return brn(rng.choice(TAX_OFFICES) + middle + f"{rng.randint(0, 9999):04d}")


def pool_place(rng: random.Random) -> tuple[str, str, str, str, str]:
    """(시도, 시군구, 도로명 address, 지번 address, code) somewhere in REGIONS."""
    sido, sigungu, prefix, code, _, places = rng.choices(REGIONS, weights=[r[4] for r in REGIONS])[
        0
    ]
    dong, ri, road = rng.choice(places)
    number = rng.randint(5, 420)
    lot = str(rng.randint(1, 1999)) + (f"-{rng.randint(1, 30)}" if rng.random() < 0.6 else "")
    if ri:  # 읍·면: the road address names the 읍·면, the lot address the 리 too
        road_addr, lot_addr = f"{prefix} {dong} {road} {number}", f"{prefix} {dong} {ri} {lot}"
    else:  # 동: road addresses often carry the 법정동 in parentheses
        paren = f" ({dong})" if rng.random() < 0.75 else ""
        road_addr, lot_addr = f"{prefix} {road} {number}{paren}", f"{prefix} {dong} {lot}"
    if rng.random() < 0.06:
        road_addr = ""
    elif rng.random() < 0.06:
        lot_addr = ""
    return sido, sigungu, road_addr, lot_addr, code


def headcount(rng: random.Random, size: str) -> tuple[int, int]:
    lo, hi = {
        "소기업": (2, 45),
        "중기업": (50, 280),
        "중견기업": (300, 950),
        "대기업": (1000, 2600),
        "": (3, 40),
    }[size]
    total = rng.randint(lo, hi)
    women = round(total * rng.uniform(0.08, 0.45))
    return total - women, women


def registration_date(rng: random.Random) -> dt.date:
    return dt.date(1995, 1, 1) + dt.timedelta(days=rng.randint(0, 30 * 365))


def factoryon_rows(rng: random.Random) -> list[tuple[str, ...]]:
    used: set[str] = set()
    rows: dict[int, tuple[str, ...]] = {}
    for r in range(2, 2 + FACTORYON_COUNT):
        main, codes = FACTORYON_CODES.get(r) or (rng.choice(COMMON_CODES + list(KSIC)),) * 2
        industry = NON_MANUFACTURING.get(main) or KSIC[main][0]
        name, corporate = company_name(rng, main if main in KSIC else "10801", used)
        name = FACTORYON_NAMES.get(r) or FACTORYON_PADDING.get(r, "{}").format(name)
        corporate = corporate or r in FACTORYON_NAMES
        sido, sigungu, road_addr, lot_addr, area = FACTORYON_PLACES.get(r) or pool_place(rng)

        full = random_brn(rng, corporate)
        if r in FULL_BRN_ROWS:
            brn_cell = full
        elif r in BLANK_BRN_ROWS:
            brn_cell = ""
        else:
            brn_cell = masked(full, dashed=rng.random() < 0.35)

        size = FACTORYON_SIZES.get(r, "중기업" if rng.random() < 0.15 else "소기업")
        men, women = headcount(rng, size)
        employees = (str(men), str(women), str(men + women))
        if r in TOTAL_BLANK_ROWS:
            employees = (str(men), str(women), "")
        elif r in EMPLOYEES_BLANK_ROWS:
            employees = ("", "", "")

        day = registration_date(rng)
        dashed_date = rng.random() < 0.2
        date_cell = (
            ""
            if r in FACTORYON_DATE_BLANK
            else f"{day:%Y-%m-%d}"
            if dashed_date
            else f"{day:%Y%m%d}"
        )
        factory_no = f"{area}{day:%Y}{rng.randint(0, 99999):05d}"

        if r in FACTORYON_PRODUCTS:
            product, material = FACTORYON_PRODUCTS[r]
        else:
            product, material = rng.choice(KSIC[main][1]), rng.choice(KSIC[main][2])
        rows[r] = (
            name,
            factory_no,
            road_addr,
            lot_addr,
            brn_cell,
            main,
            codes,
            industry,
            sido,
            sigungu,
            *employees,
            product,
            material,
            size,
            date_cell,
        )
    for r, first in SAME_COMPANY.items():
        rows[r] = (rows[first][0], rows[r][1], rows[r][2], rows[r][3], rows[first][4], *rows[r][5:])
    return [rows[r] for r in sorted(rows)]


def datagokr_rows(rng: random.Random) -> list[tuple[str, ...]]:
    used: set[str] = set()
    rows = []
    for line in range(2, 2 + DATAGOKR_COUNT):
        main = DATAGOKR_CODES.get(line) or rng.choice(COMMON_CODES + list(KSIC))
        industry = NON_MANUFACTURING.get(main) or KSIC[main][0]
        name, corporate = company_name(rng, main if main in KSIC else "10801", used)
        name = DATAGOKR_NAMES.get(line, name)
        if line in DATAGOKR_PLACES:
            sido, sigungu, address = DATAGOKR_PLACES[line]
        else:
            sido, sigungu, road_addr, lot_addr, _ = pool_place(rng)
            address = (road_addr if rng.random() < 0.7 else lot_addr) or road_addr or lot_addr

        full = random_brn(rng, corporate)
        if line in DATAGOKR_FULL_BRN:
            brn_cell = full
        elif line in DATAGOKR_BLANK_BRN:
            brn_cell = ""
        else:
            brn_cell = masked(full, dashed=rng.random() < 0.2)

        size = DATAGOKR_SIZES.get(line, "중기업" if rng.random() < 0.15 else "소기업")
        men, women = headcount(rng, size)
        employees = "" if line in DATAGOKR_EMPLOYEES_BLANK else str(men + women)
        day = registration_date(rng)
        dashed_date = rng.random() < 0.85
        date_cell = (
            ""
            if line in DATAGOKR_DATE_BLANK
            else f"{day:%Y-%m-%d}"
            if dashed_date
            else f"{day:%Y%m%d}"
        )
        product = DATAGOKR_PRODUCTS.get(line) or rng.choice(KSIC[main][1])
        rows.append(
            (
                name,
                address,
                brn_cell,
                main,
                industry,
                sido,
                sigungu,
                employees,
                product,
                size,
                date_cell,
            )
        )
    return rows


# --- writers ---------------------------------------------------------------------------------


def write_factoryon(path: Path, rows: list[tuple[str, ...]]) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "공장등록현황"
    ws.append(FACTORYON_HEADER)
    for row in rows:
        assert len(row) == len(FACTORYON_HEADER) and all(isinstance(c, str) for c in row), row
        ws.append(list(row))
    for _ in range(3):  # trailing blank rows, as exports leave them
        ws.append([""] * len(FACTORYON_HEADER))
    wb.create_sheet("참고")  # left completely empty
    wb.properties.creator = "공장등록현황"
    wb.properties.created = wb.properties.modified = FIXED_TIME
    buffer = io.BytesIO()
    ExcelWriter(wb, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED)).save()
    claim_million_rows(buffer.getvalue(), path)


def claim_million_rows(xlsx: bytes, path: Path) -> None:
    """Re-zip with sheet1's <dimension> saying A1:Q1048576; other members' bytes unchanged.

    Every member gets the same fixed timestamp so reruns are byte-identical."""
    with zipfile.ZipFile(io.BytesIO(xlsx)) as zin, zipfile.ZipFile(path, "w") as zout:
        for info in zin.infolist():
            body = zin.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                body, n = re.subn(
                    rb'<dimension ref="[^"]*"\s*/>', b'<dimension ref="A1:Q1048576"/>', body
                )
                assert n == 1, "no <dimension> in sheet1.xml"
            member = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME.timetuple()[:6])
            member.compress_type = info.compress_type
            member.external_attr = info.external_attr
            zout.writestr(member, body)


def write_csv(path: Path, rows: list[tuple[str, ...]], encoding: str) -> None:
    """Comma-separated, CRLF, quotes only where a cell needs them (as Excel and data.go.kr do)."""
    with path.open("w", encoding=encoding, newline="") as handle:
        csv.writer(handle, lineterminator="\r\n").writerows(rows)


# --- busan_cp949.csv: 부산광역시_제조업 공장등록현황 (순번, 회사명, 공장대표주소, 업종명, 전화번호) ------
# No KSIC code and no head count: the industry is the official KSIC (10th revision) class name,
# sometimes with "외 1종" (one more class) or spaced its own way.

BUSAN_HEADER = ("순번", "회사명", "공장대표주소", "업종명", "전화번호")
BUSAN_CLASSES = (
    "어망 및 기타 끈 가공품 제조업",
    "볼트 및 너트류 제조업",
    "금속 열처리업",
    "도금, 착색 및 기타 표면 처리 강재 제조업",
    "선박 구성 부분품 제조업",
    "그 외 기타 플라스틱 제품 제조업",
    "자동차 차체용 신품 부품 제조업",
    "기타 금속 가공제품 제조업",
    "수산동물 냉동품 제조업",
    "수산동물 건조 및 염장품 제조업",
    "신발 부분품 제조업",
    "끈 및 로프 제조업",
    "금속 단조제품 제조업",
    "액체 펌프 제조업",
    "내연기관 제조업",
    "기타 식품 첨가물 제조업",
)
BUSAN_PLACES = (  # (구·군, road, 법정동)
    ("강서구", "녹산산단382로", "송정동"),
    ("강서구", "과학산단로", "지사동"),
    ("사상구", "학장로", "학장동"),
    ("사상구", "새벽로", "괘법동"),
    ("사하구", "다대로", "장림동"),
    ("사하구", "을숙도대로", "신평동"),
    ("기장군", "정관읍 농공길", "정관읍"),
    ("영도구", "해양로", "동삼동"),
    ("금정구", "금샘로", "회동동"),
    ("해운대구", "센텀동로", "우동"),
)
BUSAN_QUIRKS = {  # line → the 업종명 as written
    5: "어망 및 기타 끈 가공품 제조업 외 1종",
    17: "금속 열처리업 외 2종",
    33: "볼트 및 너트류 제조업 외 1종",
    9: "어망및기타끈가공품제조업",  # spaced its own way
    44: "선박 구성부분품 제조업",
    21: "도금ㆍ착색 및 기타 표면 처리 강재 제조업",  # a middle dot for the comma
    27: "볼트 및 너트류 제조압",  # a typo: read not exactly, with a warning
    38: "기타 산업용 농산물 도매업",  # REJECT: not manufacturing
    71: "화물 운송 중개, 대리 및 관련 서비스업",  # REJECT: not manufacturing
    52: "",  # REJECT: no class name, no code
}
BUSAN_ROWS = 80  # lines 2–81


def busan_rows(rng: random.Random) -> list[tuple[str, ...]]:
    rows = []
    used: set[str] = set()
    for line in range(2, 2 + BUSAN_ROWS):
        district, road, dong = rng.choice(BUSAN_PLACES)
        industry = BUSAN_QUIRKS.get(line, rng.choice(BUSAN_CLASSES))
        stem = rng.choice(
            ("해동", "동백", "갈매기", "오륙도", "금정", "낙동", "다대", "수영", "가덕")
        )
        tail = rng.choice(("정밀", "산업", "테크", "기계", "수산", "금속", "화학", "엔지니어링"))
        name = f"{stem}{tail}"
        while name in used:
            name += rng.choice(("1", "2", "3"))
        used.add(name)
        form = rng.choice(("(주){}", "주식회사 {}", "{}(주)", "{}", "{}"))
        number = f"{rng.randint(1, 999)}" + (f"-{rng.randint(1, 30)}" if rng.random() < 0.3 else "")
        address = f"부산광역시 {district} {road} {number} ({dong})"
        if rng.random() < 0.15:
            address = f"부산광역시 {district} {dong} {rng.randint(1, 1500)}-{rng.randint(1, 9)}"
        phone = (
            "" if rng.random() < 0.1 else f"051-{rng.randint(200, 999)}-{rng.randint(0, 9999):04d}"
        )
        rows.append((str(line - 1), form.format(name), address, industry, phone))
    return rows


def main() -> None:
    write_csv(HERE / "busan_cp949.csv", [BUSAN_HEADER, *busan_rows(random.Random(SEED + 1))],
              "cp949")  # fmt: skip
    rng = random.Random(SEED)
    write_factoryon(HERE / "factoryon.xlsx", factoryon_rows(rng))

    write_csv(HERE / "datagokr_cp949.csv", [DATAGOKR_HEADER, *datagokr_rows(rng)], "cp949")

    width = len(APPLICANTS_HEADER)
    applicants = [(str(i), *row) for i, row in enumerate(APPLICANTS, start=1)]
    assert len(applicants) == 40 and all(len(row) == width for row in applicants)
    title = (APPLICANTS_TITLE,) + ("",) * (width - 1)  # Excel pads the title row with commas
    blank = ("",) * width  # and keeps one formatted-but-empty row at the end
    write_csv(
        HERE / "applicants_2026.csv", [title, APPLICANTS_HEADER, *applicants, blank], "utf-8-sig"
    )


if __name__ == "__main__":
    main()

"""Lists as administrators hold them: a FactoryOn 공장등록현황 export, a data.go.kr CP949 download and
an office's 신청 명단 (fictional rows in the real shapes, see tests/data/registry/README.md) go
through `batch` as they come; programs named in people's words; values that cannot be true."""

from __future__ import annotations

import csv
import io
import json
import time
from pathlib import Path

import pytest

from conftest import DATA, ROOT

REGISTRY = DATA / "registry"
AS_OF = "2026-11-26"


def batch(cli, source, *extra):
    return cli("batch", source, "--as-of", AS_OF, "--programs", ROOT / "programs", *extra)


def _csv(path) -> list[dict]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))


def _first_rows(path) -> dict[str, dict]:
    found: dict[str, dict] = {}
    for row in _csv(path):
        found.setdefault(row["row"], row)
    return found


@pytest.mark.parametrize(
    ("name", "read", "rejected", "rejected_rows"),
    [
        ("factoryon.xlsx", 120, 3, {"36", "67", "99"}),
        ("datagokr_cp949.csv", 60, 2, {"31", "48"}),
        ("applicants_2026.csv", 40, 0, set()),
        ("busan_cp949.csv", 80, 3, {"38", "52", "71"}),
    ],
)
def test_real_list_shapes_go_through_as_they_come(
    cli, tmp_path, name, read, rejected, rejected_rows
):
    out, errors = tmp_path / "out.csv", tmp_path / "errors.csv"
    started = time.perf_counter()
    run = batch(cli, REGISTRY / name, "-o", out, "--errors", errors)
    assert time.perf_counter() - started < 30
    assert f"read {read} = scored {read - rejected} + rejected {rejected}" in run.err
    assert run.code == (1 if rejected else 0)
    assert (read - rejected) / read >= 0.9
    reported = [r for r in _csv(errors) if r["kind"] == "rejected"]
    assert {r["row"] for r in reported} == rejected_rows
    for r in reported:  # only a non-manufacturer, or no industry at all: a blank head count is
        # unknown, not a rejection
        assert ("not a manufacturing code" in r["problems"]
                or "not the name of a KSIC manufacturing class" in r["problems"]
                or "missing required value for 'ksic'" in r["problems"]), r  # fmt: skip
    assert "Traceback" not in run.err


def test_factory_registry_places_come_out_right(cli, tmp_path):
    out = tmp_path / "out.csv"
    run = batch(cli, REGISTRY / "factoryon.xlsx", "-o", out)
    rows = _first_rows(out)
    expected = {
        "7": ("incheon", "incheon/yeongjong"),  # 중구 운서동
        "14": ("incheon", "incheon/jemulpo"),  # 중구 신흥동3가
        "26": ("incheon", "incheon/jemulpo"),  # 동구
        "39": ("incheon", "incheon/geomdan"),  # 서구 마전동
        "45": ("incheon", "incheon/seohae"),  # 서구 가좌동
        "73": ("incheon", ""),  # 중구, no address: unknown, never a guess
        "62": ("incheon", ""),  # 서구, no 동
        "8": ("gyeonggi", "gyeonggi/hwaseong-manse"),  # 화성시 향남읍
        "24": ("gyeonggi", "gyeonggi/suwon-yeongtong"),  # 수원시, 영통구 in the address
        "37": ("gyeongnam", "gyeongnam/changwon-masanhoewon"),
        "30": ("jeonnam-gwangju", "jeonnam-gwangju/yeosu"),  # 전라남도
        "35": ("jeonnam-gwangju", "jeonnam-gwangju/gwangsan"),  # 광주광역시
        "10": ("gangwon", "gangwon/wonju"),  # 강원도
        "33": ("daegu", "daegu/seo"),  # not Incheon's 서구
        "18": ("sejong", ""),
    }
    for row, (region, district) in expected.items():
        assert (rows[row]["region"], rows[row]["district"]) == (region, district), row
    assert "107 masked BRNs" in run.err
    assert "blank rows skipped" not in run.err  # its 3 blank rows are below the last filled one
    assert "인천광역시 중구 was divided on 2026-07-01 into 제물포구, 영종구" in run.err
    # one line names every unused column
    unused = [x for x in run.err_lines if "map to no profile key" in x]
    assert len(unused) == 1 and "'공장관리번호', '주원자재', '최초등록일'" in unused[0]


def test_registry_columns_are_read_as_a_person_would(cli, tmp_path):
    run = batch(cli, REGISTRY / "factoryon.xlsx", "-o", tmp_path / "o.csv", "--show-mapping")
    for line in [
        "'대표업종번호' → ksic (exact)",
        "'업종번호' → (alternative for ksic) (second choice)",
        "'공장대표주소(지번)' → address (exact)",
        "'공장대표주소(도로명)' → (alternative for address) (second choice)",
        "'남종업원' → (alternative for employees) (part)",
        "'업종명' → ksic_name (exact)",  # the class name: the code where none is given
        "'생산품' → industry (exact)",
        "'공장크기' → size (exact)",
    ]:
        assert line in run.err, line
    rows = _first_rows(tmp_path / "o.csv")
    assert "11" in rows  # 종업원수 blank, 남종업원 and 여종업원 filled: scored
    assert rows["20"]["size"] == "midsize"  # 공장크기 중견기업


def test_masked_numbers_are_masked_not_wrong_and_never_duplicates(cli, tmp_path):
    out = tmp_path / "o.csv"
    run = batch(cli, REGISTRY / "datagokr_cp949.csv", "-o", out)
    rows = _first_rows(out)
    assert rows["18"]["brn"].endswith("****")
    assert "checksum" not in run.err
    assert not any("same BRN" in r["duplicate_of"] for r in rows.values())


def test_optional_cells_that_cannot_be_read_are_unknown_not_rejections(cli, tmp_path):
    source = tmp_path / "list.csv"
    source.write_text(
        "기업명,소재지,시군구,업종코드,상시근로자수,매출액,설립일,스마트공장 수준\n"
        "가람정밀,인천,남동굴,C25,12,lots,2031-01-01,level 9\n"
        "누리금속,부산광역시,남동구,C25,8,9억,,기초\n"
        "다온테크,Atlantis,,C25,8,,,\n",
        encoding="utf-8",
    )
    out, errors = tmp_path / "out.csv", tmp_path / "errors.csv"
    run = batch(cli, source, "-o", out, "--errors", errors)
    assert "read 3 = scored 2 + rejected 1; 4 cells read as unknown" in run.err
    assert any(x.startswith("warning: ") and "column 매출액" in x for x in run.err_lines)
    assert "founded 2031-01-01 is after the as-of date" in run.err
    assert "no district '남동구' in 부산광역시" in run.err
    assert "'남동굴' read as 인천광역시 남동구" in run.err  # a typo within its region, reported
    reports = _csv(errors)
    assert [(r["row"], r["kind"]) for r in reports] == [
        ("2", "unknown"),
        ("3", "unknown"),
        ("4", "rejected"),
    ]
    rows = _first_rows(out)
    assert rows["2"]["district"] == "incheon/namdong" and rows["3"]["district"] == ""
    # the --errors file goes back into batch as it is
    again = batch(cli, errors, "-o", tmp_path / "again.csv")
    assert "map to no profile key" not in again.err


def test_map_and_map_file_name_columns(cli, tmp_path):
    source = tmp_path / "list.csv"
    source.write_text(
        "업체명,지역,코드,인원,메모\n가람정밀,인천 남동구,C25,12,x\n", encoding="utf-8"
    )
    out = tmp_path / "out.csv"
    run = batch(cli, source, "-o", out, "--show-mapping")
    assert run.code == 1 and "no column for the required key 'ksic'" in run.err
    assert "'코드' → (not used)" in run.err  # the mapping shows, though the mapping fails
    mapping = tmp_path / "map.toml"
    mapping.write_text('"코드" = "ksic"\n"인원" = "employees"\n', encoding="utf-8")
    run = batch(cli, source, "-o", out, "--map-file", mapping, "--map", "메모=-")
    assert run.code == 0, run.err
    assert "read 1 = scored 1 + rejected 0" in run.err and "map to no profile key" not in run.err
    run = batch(cli, source, "-o", out, "--map", "코드=ksicc")
    assert run.code == 2 and "did you mean 'ksic'?" in run.err
    run = batch(cli, source, "-o", out, "--map", "없는열=ksic")
    assert run.code == 1 and "--map names a column '없는열' the list does not have" in run.err


def test_two_exact_names_for_one_key_stop_the_run_and_say_how_to_choose(cli, tmp_path):
    source = tmp_path / "list.csv"
    source.write_text(
        "기업명,회사명,소재지,업종코드,종업원수\n가람,가람,인천,C25,3\n", encoding="utf-8"
    )
    run = batch(cli, source, "-o", tmp_path / "o.csv")
    assert run.code == 1
    assert "columns '기업명' and '회사명' both read as name" in run.err
    assert "--map '회사명=-'" in run.err
    run = batch(cli, source, "-o", tmp_path / "o.csv", "--map", "회사명=-")
    assert run.code == 0


def test_prior_programs_in_peoples_words(cli, tmp_path):
    out = tmp_path / "o.csv"
    run = batch(cli, REGISTRY / "applicants_2026.csv", "-o", out)
    assert "prior program '스마트공장 구축' read as kr-mss-sf-build (by name)" in run.err
    assert "prior program '혁신바우처' read as kr-kosmes-innovation-voucher (by name)" in run.err
    assert "cannot read prior entry" not in run.err


def _profile(tmp_path, prior: str):
    path = tmp_path / "firm.toml"
    path.write_text(
        'name = "가람정밀"\nregion = "인천광역시"\ndistrict = "남동구"\nksic = "C25"\n'
        'employees = 12\nrevenue_krw = "30억"\nsf_level = "basic"\nneeds = ["maintenance"]\n'
        f"disqualifiers = []\nprior = {prior}\n",
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize(
    "prior",
    [
        '[{program = "스마트공장 구축", year = 2021}]',
        '[{program = "kr-mss-sf-build-2021", year = 2021}]',
        '[{program = "kr-mss-sf-buld", year = 2021}]',  # a typo of an id: unknown, not fail
    ],
)
def test_a_newcomer_prior_entry_never_gives_a_false_maintenance_gap(cli, tmp_path, prior):
    run = cli("recommend", _profile(tmp_path, prior), "--as-of", AS_OF, "--format", "json")
    assert run.code == 0, run.err
    data = run.json()
    assert not [g for g in data["gaps"] if g["need"] == "maintenance"], data["gaps"]
    after_care = next(r for r in data["results"] if r["program"] == "kr-kosmes-sf-as-2021")
    assert after_care["status"] in ("eligible", "needs-info")
    assert "prior program" in run.err


def test_programs_are_found_by_name_for_explain_and_batch(cli, tmp_path):
    path = _profile(tmp_path, "[]")
    run = cli("explain", path, "스마트공장 AS", "--as-of", AS_OF)
    assert run.code == 0 and "read as kr-kosmes-sf-as-2021" in run.err
    run = cli("programs", "families")
    assert run.code == 0 and "kr-mss-sf-build" in run.out and "none: a past program" in run.out


@pytest.mark.parametrize(
    ("extra", "fragment"),
    [
        ("founded = 2030-01-01", "founded 2030-01-01 is after the as-of date 2026-11-26"),
        ('prior = [{program = "혁신바우처", year = 2030}]', "prior[0] year 2030 is after"),
        ("employees = 1000000", "1,000,000 employees is more than any employer"),
    ],
)
def test_values_that_cannot_be_true_are_errors(cli, tmp_path, extra, fragment):
    path = tmp_path / "firm.toml"
    lines = ['name = "가람"', 'region = "인천"', 'ksic = "C25"', "employees = 12", extra]
    key = extra.split(" ")[0]
    path.write_text("\n".join(x for x in lines if not (x.startswith(key + " ") and x != extra)))
    run = cli("recommend", path, "--as-of", AS_OF)
    assert run.code == 1 and fragment in run.err and len(run.err_lines) == 1, run.err


def test_revenue_that_is_hard_to_believe_is_a_warning(cli, tmp_path):
    path = tmp_path / "firm.toml"
    path.write_text(
        'name = "가람"\nregion = "인천"\nksic = "C25"\nemployees = 400\nrevenue_krw = "25억"\n'
    )
    run = cli("recommend", path, "--as-of", AS_OF)
    assert run.code == 0 and "warning: " in run.err and "check the unit" in run.err


def test_a_profile_with_an_old_place_name_is_read_with_a_warning(cli, tmp_path):
    path = tmp_path / "firm.toml"
    path.write_text('name = "가람"\nregion = "인천 중구 운서동"\nksic = "C25"\nemployees = 4\n')
    run = cli("recommend", path, "--as-of", AS_OF, "--format", "json")
    assert run.code == 0
    assert run.json()["company"]["district"] == "incheon/yeongjong"
    assert "warning: " in run.err and "영종구" in run.err
    path.write_text('name = "가람"\nregion = "창원"\nksic = "C25"\nemployees = 4\n')
    assert (
        cli("recommend", path, "--as-of", AS_OF, "--format", "json").json()["company"]["region"]
        == "gyeongnam"
    )


def test_a_folder_of_profiles_says_which_file_each_row_came_from(cli, tmp_path):
    out = tmp_path / "out.csv"
    run = cli("batch", ROOT / "profiles", "--as-of", AS_OF, "-o", out, "--top", "1")
    assert run.code == 0
    rows = _csv(out)
    assert list(rows[0])[-1] == "file" and list(rows[0])[:2] == ["row", "name"]
    assert {Path(r["file"]).name for r in rows} == {
        p.name for p in (ROOT / "profiles").glob("*.toml")
    }
    # an old lot address in a profile: read by its 동, and said once on stderr
    purun = next(r for r in rows if r["file"].endswith("purun-injection.toml"))
    assert purun["district"] == "incheon/geomdan"
    assert "인천광역시 서구 was divided on 2026-07-01: read as 검단구" in run.err
    run = cli("validate", ROOT / "profiles")
    assert run.code == 0 and "purun-injection.toml: 인천광역시 서구 was divided" in run.err


def test_json_lists_the_cells_read_as_unknown(cli, tmp_path):
    source = tmp_path / "list.csv"
    source.write_text(
        "기업명,소재지,업종코드,상시근로자수,매출액\n가람,인천,C25,12,lots\n", "utf-8"
    )
    out = tmp_path / "out.json"
    run = batch(cli, source, "-o", out)
    assert run.code == 0
    import json

    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["summary"]["unknown_cells"] == 1 and data["rejected"] == []
    assert (
        data["unknown"][0]["row"] == 2
        and "cannot read amount 'lots'" in data["unknown"][0]["problems"][0]
    )


def test_the_busan_registry_is_read_by_its_class_names(cli, tmp_path):
    """부산광역시_제조업 공장등록현황: no KSIC code and no head count, only the class name (업종명),
    sometimes with "외 1종" or spaced its own way; a name of no manufacturing class is that row's
    problem, and a name read not exactly is said."""
    out, errors = tmp_path / "out.json", tmp_path / "errors.csv"
    run = batch(cli, REGISTRY / "busan_cp949.csv", "-o", out, "--errors", errors)
    assert "read 80 = scored 77 + rejected 3" in run.err, run.err
    assert "76 rows: KSIC read from the class name (업종명)" in run.err
    assert "1 row: industry '볼트 및 너트류 제조압' read as KSIC 25941" in run.err
    by_row = {a["row"]: a for a in json.loads(out.read_text(encoding="utf-8"))["applicants"]}
    rejected = {r["row"]: r["problems"] for r in _csv(errors)}
    assert "sfmatch matches manufacturers" in rejected["38"]  # 도매업
    assert "missing required value for 'ksic'" in rejected["52"] and "업종명" in rejected["52"]
    assert all(a["company"]["region"] == "busan" and a["company"]["district"]
               for a in by_row.values())  # fmt: skip
    # no head count and no revenue: the size is unknown, so a rule on it is to confirm, never
    # a refusal
    sized = [r for a in by_row.values() for r in a["results"]
             if "size" in json.dumps(r, ensure_ascii=False)]  # fmt: skip
    assert sized and all(r["status"] != "ineligible" or "size" not in r.get("reason", "")
                         for r in sized)  # fmt: skip


def test_the_class_names_of_the_busan_registry_give_their_codes(cli, tmp_path):
    out = tmp_path / "out.csv"
    convert = cli("convert", REGISTRY / "busan_cp949.csv", "-o", tmp_path / "profiles")
    assert convert.code == 1, convert.err  # three rows rejected, the rest written
    written = {p.stem: p.read_text(encoding="utf-8") for p in (tmp_path / "profiles").iterdir()}
    assert len(written) == 77
    fishing_net = [t for t in written.values() if "어망 및 기타 끈 가공품 제조업" in t]
    assert fishing_net and all('ksic = "C13922"' in t for t in fishing_net)
    del out


@pytest.mark.parametrize("name", ["busan_cp949.csv", "factoryon.xlsx"])
def test_rows_read_the_quick_way_equal_rows_read_in_full(name):
    """The quick readers (row by row, and a chunk by columns) give the profile the full reading
    gives, class names read into codes included (tests/test_fast_reading.py does so for codes)."""
    from sfmatch.applicants import Applicant, FastReader, open_list, parse_row

    listing = open_list(REGISTRY / name)
    rows = list(listing.raw_rows())
    fast = FastReader(listing)
    values, good = FastReader(listing).read_columns(rows)
    quick_rows = 0
    for i, (number, cells) in enumerate(rows):
        full = parse_row(listing, number, cells)
        quick = fast.read(number, cells)
        if quick is not None:
            quick_rows += 1
            assert isinstance(full, Applicant) and quick.profile == full.profile, number
        if good[i]:
            assert isinstance(full, Applicant)
            assert values["ksic"][i] == full.profile.ksic, number
            assert values["industry"][i] == full.profile.industry, number
    assert quick_rows >= 0.9 * len(rows)

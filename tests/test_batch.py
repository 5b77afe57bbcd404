"""`sfmatch batch` and `sfmatch convert`: Korean applicant lists in every encoding Excel writes,
nothing lost (read = scored + rejected), every rejection explained, Excel-safe outputs."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import zipfile
from collections import Counter

import pytest

from sfmatch.render.batch import BATCH_COLUMNS
from sfmatch.render.data import CONTRACT_KEYS, PROGRAM_KEYS

from conftest import AS_OF, DATA, ROOT

LIST = DATA / "applicants" / "applicants.csv"
CATALOG = DATA / "catalog"
SUMMARY = "read 5 = scored 4 + rejected 1; 1 blank rows skipped; 1 possible duplicates flagged"


def _variant(tmp_path, encoding: str, name: str) -> str:
    text = LIST.read_text(encoding="utf-8")
    if encoding == "utf-16":
        text = text.replace(",", "\t").replace('"8\t500"', '"8,500"').replace('"3\t000"', '"3,000"')
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def batch(cli, source, *extra):
    return cli("batch", source, "--programs", CATALOG, "--as-of", AS_OF, *extra)


def _csv(path):
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "CSV must carry a UTF-8 BOM for Excel"
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


@pytest.mark.parametrize(
    ("encoding", "name"),
    [("utf-8", "plain.csv"), ("utf-8-sig", "excel-utf8.csv"), ("cp949", "excel-ansi.csv"),
     ("utf-16", "excel-unicode.txt")],
)  # fmt: skip
def test_every_excel_encoding_reads_the_same(cli, tmp_path, encoding, name):
    source = _variant(tmp_path, encoding, name)
    out = tmp_path / "out.csv"
    run = batch(cli, source, "-o", out)
    assert run.code == 1  # one row was rejected; the good rows are still written
    assert SUMMARY in run.err_lines[-1]
    rows = _csv(out)
    assert sorted({int(r["row"]) for r in rows}) == [3, 4, 7, 8]
    hanul = [r for r in rows if r["row"] == "3"]
    assert hanul[0]["name"] == "(주)한울정밀" and hanul[0]["district"] == "incheon/namdong"


def test_decomposed_hangul_reads_as_composed(cli, tmp_path):
    """macOS and some exports write Hangul decomposed (NFD): the same list, the same results."""
    import unicodedata

    source = tmp_path / "nfd.csv"
    source.write_text(unicodedata.normalize("NFD", LIST.read_text("utf-8")), encoding="utf-8")
    assert "한울" not in source.read_text("utf-8")  # really decomposed
    run_nfd = batch(cli, source, "-o", tmp_path / "nfd-out.csv")
    run_nfc = batch(cli, LIST, "-o", tmp_path / "nfc-out.csv")
    assert run_nfd.code == run_nfc.code == 1
    assert _csv(tmp_path / "nfd-out.csv") == _csv(tmp_path / "nfc-out.csv")


def test_a_wrong_encoding_override_is_one_clear_line(cli, tmp_path):
    source = _variant(tmp_path, "cp949", "ansi.csv")
    run = batch(cli, source, "-o", tmp_path / "out.csv", "--encoding", "utf-8")
    assert run.code == 1
    errors = [line for line in run.err_lines if not line.startswith("warning: ")]
    assert len(errors) == 1 and "not utf-8 text" in errors[0]
    assert not (tmp_path / "out.csv").exists()


def test_headers_map_with_units_and_unmapped_ones_are_reported(cli, tmp_path):
    run = batch(cli, LIST, "-o", tmp_path / "out.csv", "--show-mapping")
    assert "header row 2" in run.err
    assert "'매출액(백만원)' → revenue_krw ×1,000,000" in run.err
    assert "'대표자 의지' → readiness.ceo_commitment" in run.err
    assert (
        "warning: " in run.err
        and "map to no profile key; their values are not used: '비고'" in run.err
    )


def test_rejections_name_the_line_the_column_and_the_reason(cli, tmp_path):
    errors = tmp_path / "rejected.csv"
    run = batch(cli, LIST, "-o", tmp_path / "out.csv", "--errors", errors)
    lines = [x for x in run.err_lines if x.startswith("error: ")]
    # a head count that cannot be read would be unknown (employees is optional); this row is
    # rejected for its region, and every problem of it is said
    assert any(f"{LIST}:6: row 6, column 상시근로자수(명): expected a whole number" in x
               for x in lines)  # fmt: skip
    assert any("column 사업자등록번호: BRN '123-45-67890' fails its checksum" in x for x in lines)
    assert any("column 소재지: unknown region 'Mars'" in x for x in lines)
    rejected = _csv(errors)
    assert [r["row"] for r in rejected] == ["6"]
    assert rejected[0]["기업명"] == "Bad Co" and "many" in rejected[0]["problems"]


def test_the_errors_file_can_be_fixed_and_run_again(cli, tmp_path):
    errors = tmp_path / "rejected.csv"
    batch(cli, LIST, "-o", tmp_path / "out.csv", "--errors", errors)
    text = errors.read_text(encoding="utf-8-sig")
    fixed = text.replace(",123-45-67890,Mars,C25,many,", ",,인천,C25,12,")
    assert fixed != text
    errors.write_text(fixed, encoding="utf-8-sig")
    run = batch(cli, errors, "-o", tmp_path / "again.csv")
    assert run.code == 0, run.err
    assert "read 1 = scored 1 + rejected 0" in run.err
    assert "'row'" not in run.err and "'problems'" not in run.err  # our own columns, no warning


def test_duplicates_are_flagged_never_merged(cli, tmp_path):
    out = tmp_path / "out.csv"
    batch(cli, LIST, "-o", out)
    rows = _csv(out)
    assert {r["duplicate_of"] for r in rows if r["row"] == "7"} == {
        "row 3 (same name in incheon)"
    }  # no district given
    assert {r["duplicate_of"] for r in rows if r["row"] == "3"} == {""}


def test_csv_output_neutralises_formulas(cli, tmp_path):
    out = tmp_path / "out.csv"
    batch(cli, LIST, "-o", out)
    names = {r["name"] for r in _csv(out)}
    assert '\'=HYPERLINK("http://x")' in names


def test_top_limits_programs_per_applicant_and_gaps_are_kept(cli, tmp_path):
    out = tmp_path / "out.csv"
    batch(cli, LIST, "-o", out, "--top", "1")
    rows = _csv(out)
    assert [r["rank"] for r in rows if r["row"] == "3"] == ["1"]
    dodam = [r for r in rows if r["row"] == "4"]
    assert len(dodam) == 1 and dodam[0]["program"] == "t-micro"
    assert dodam[0]["gaps"] == "cofunding uncovered"  # 자부담 help: no program in this catalog


def test_json_output_and_summary(cli, tmp_path):
    out = tmp_path / "out.json"
    run = batch(cli, LIST, "-o", out)
    assert run.code == 1
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["summary"] == {
        "read": 5,
        "scored": 4,
        "rejected": 1,
        "blank": 1,
        "duplicates": 1,
        "unknown_cells": 0,
        "masked_brns": 0,
        "other_sites": 0,
    }
    assert [a["row"] for a in data["applicants"]] == [3, 4, 7, 8]
    assert data["rejected"][0]["row"] == 6 and len(data["rejected"][0]["problems"]) == 3


def test_json_reads_the_same_through_every_kind_of_handle(cli, tmp_path):
    """Entries go to a UTF-8 file as the UTF-8 the workers made; to any other handle (text in
    memory, another encoding) as text. All give the same JSON, duplicate flag included."""
    from sfmatch.render.batch import compact_json, write_batch_json

    out = tmp_path / "out.json"
    batch(cli, LIST, "-o", out)
    data = json.loads(out.read_text(encoding="utf-8"))
    flagged = [a for a in data["applicants"] if a["duplicate_of"]]
    assert flagged  # the case reaches the duplicate flag the writer puts in
    entries = [(compact_json({**a, "duplicate_of": None}), {}) for a in data["applicants"]]
    flags = [a["duplicate_of"] for a in data["applicants"]]
    from sfmatch.batch import Tally

    texts = []
    for make in (io.StringIO, lambda: io.TextIOWrapper(io.BytesIO(), "utf-8", newline=""),
                 lambda: io.TextIOWrapper(io.BytesIO(), "cp949", newline="")):  # fmt: skip
        handle = make()
        write_batch_json(handle, [(entries, flags)], [], Tally(), dt.date.fromisoformat(AS_OF),
                         "list.csv")  # fmt: skip
        if isinstance(handle, io.TextIOWrapper):
            handle.flush()
            texts.append(handle.buffer.getvalue().decode(handle.encoding))  # type: ignore[attr-defined]
        else:
            texts.append(handle.getvalue())
    assert texts[0] == texts[1] == texts[2]
    assert json.loads(texts[0])["applicants"] == data["applicants"]


def test_compact_json_is_the_standard_librarys_without_spaces():
    from sfmatch.render.batch import compact_json

    value = {"name": "가나 \"quoted\" \u2028", "score": 15.5, "n": [0, -3, None, True],
             "nested": {"k": 0.1 + 0.2}}  # fmt: skip
    assert (
        compact_json(value) == json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()
    )
    huge = {"project_krw": 10**30}  # past 64 bits: orjson refuses, the standard library writes
    assert compact_json(huge) == b'{"project_krw":1000000000000000000000000000000}'


def _empty(value) -> bool:
    return value is None or value is False or value == [] or value == ""


def _filled(result: dict) -> dict:
    """A result without its keys that say nothing (batch JSON leaves those out; 0 is said)."""
    kept = {k: v for k, v in result.items() if not _empty(v) or k in CONTRACT_KEYS}
    kept["criteria"] = [{k: v for k, v in c.items() if not _empty(v) or k in ("criterion",
                        "outcome", "detail")} for c in result["criteria"]]  # fmt: skip
    return kept


def _whole(result: dict, programs: dict) -> dict:
    """A batch JSON result with what its program's entry says once put back, as `recommend`
    gives it."""
    said_once = programs[result["program"]]
    whole = {**result, **{k: said_once[k] for k in PROGRAM_KEYS}}
    whole["to_confirm"] = said_once["to_confirm"] + result["to_confirm"]
    assert [c["criterion"] for c in result["criteria"]] == [
        c["criterion"] for c in said_once["criteria"]
    ]
    whole["criteria"] = [{**c, "source": s["source"]}
                         for c, s in zip(result["criteria"], said_once["criteria"], strict=True)]  # fmt: skip
    whole["score_components"] = [{**c, "max": said_once["score_max"][c["name"]]}
                                 for c in result["score_components"]]  # fmt: skip
    return _filled(whole)


def test_batch_results_equal_recommend_for_the_example_profiles(cli, tmp_path):
    """The same engine for one company or a list: identical results, field for field."""
    out = tmp_path / "out.json"
    run = cli("batch", ROOT / "profiles", "--as-of", AS_OF, "-o", out,
              "--programs", ROOT / "programs")  # fmt: skip
    assert run.code == 0, run.err
    written = json.loads(out.read_text(encoding="utf-8"))
    batch_results = written["applicants"]
    for entry in batch_results:
        entry["results"] = [_whole(r, written["programs"]) for r in entry["results"]]
    profiles = sorted((ROOT / "profiles").rglob("*.toml"))
    assert len(batch_results) == len(profiles)
    for entry, path in zip(batch_results, profiles, strict=True):
        single = cli("recommend", path, "--as-of", AS_OF, "--format", "json",
                     "--programs", ROOT / "programs").json()  # fmt: skip
        # what batch lists: the non-ineligible results of current editions
        expected = [
            _filled(r)
            for r in single["results"]
            if r["status"] != "ineligible" and not r["superseded_by"]
        ]
        assert entry["results"] == expected, path.name
        assert entry["gaps"] == single["gaps"], path.name


@pytest.mark.parametrize("top", [None, 3])
def test_batch_csv_equals_recommend_for_the_example_profiles(cli, tmp_path, top):
    """CSV and XLSX come from the batch engine, not from `recommend`: the same, cell for cell."""
    out = tmp_path / "out.csv"
    extra = ["--top", str(top)] if top else []
    run = cli("batch", ROOT / "profiles", "--as-of", AS_OF, "-o", out,
              "--programs", ROOT / "programs", *extra)  # fmt: skip
    assert run.code == 0, run.err
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    profiles = sorted((ROOT / "profiles").rglob("*.toml"))
    checked = 0
    for number, path in enumerate(profiles, 1):
        single = cli("recommend", path, "--as-of", AS_OF, "--format", "json",
                     "--programs", ROOT / "programs").json()  # fmt: skip
        shown = [
            r for r in single["results"] if r["status"] != "ineligible" and not r["superseded_by"]
        ][:top]
        mine = [r for r in rows if r["row"] == str(number)]
        gaps = "; ".join(f"{g['need']} {g['kind']}" for g in single["gaps"])
        assert {r["gaps"] for r in mine} == {gaps}, path.name
        assert mine[0]["size"] == (single["company"]["size"] or ""), path.name
        if not shown:
            assert len(mine) == 1 and mine[0]["program"] == "", path.name
            continue
        assert len(mine) == len(shown), path.name

        def flag(value):
            return "" if value is None else ("yes" if value else "no")

        def cell(value):
            return "" if value is None else str(value)

        for rank, (row, result) in enumerate(zip(mine, shown, strict=True), 1):
            expected = {
                "rank": str(rank),
                "program": result["program"],
                "status": result["status"],
                "score": str(result["score"]),
                "window": result["window"],
                "covers": ";".join(result["covers"]),
                "estimated_support_krw": cell(result["estimated_support_krw"]),
                "self_share_krw": cell(result["self_share_krw"]),
                "cofunding_short": flag(result["cofunding_short"]),
                "near_miss": flag(result["near_miss"]),
                "funding_kind": result["funding_kind"],
                "support_is_cap": flag(result["support_is_cap"]),
            }
            assert {k: row[k] for k in expected} == expected, (path.name, rank)
            checked += 1
    assert checked >= 2 * len(profiles)


def test_a_bad_profile_in_a_folder_is_a_rejected_row(cli, tmp_path):
    folder = tmp_path / "profiles"
    folder.mkdir()
    (folder / "a.toml").write_text((ROOT / "profiles" / "hanul-precision.toml").read_text("utf-8"))
    (folder / "b.toml").write_text('name = "x"\n', encoding="utf-8")
    run = batch(cli, folder, "-o", tmp_path / "out.csv")
    assert run.code == 1
    assert "read 2 = scored 1 + rejected 1" in run.err
    assert "b.toml: region: missing required key 'region'" in run.err


def _xlsx_list(path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "신청목록"
    sheet.append(["2026 스마트공장 신청기업 (가상)"])
    sheet.append(["기업명", "사업자등록번호", "소재지", "업종코드", "상시근로자수", "매출액(억원)",
                  "설립일", "필요분야", "자부담(천원)", "총사업비(백만원)", "전담인력"])  # fmt: skip
    sheet.append(["", "131-86-04565", "인천광역시 남동구", 29, 38, 85,
                  dt.datetime(2006, 4, 1), "유지보수, AI", 50000, 160, "Y"])  # fmt: skip
    name = sheet.cell(3, 1, "=1+1 주식회사")
    name.data_type = "s"  # a text cell that looks like a formula, as Excel keeps one typed as text
    sheet.append(["도담판금", None, "인천 부평구", "25112", 6, 9.5, "2015.03.02", "구축", 10000, 100,
                  "N"])  # fmt: skip
    sheet.append([None] * 11)
    sheet.append(["누락기업", None, "인천", None, 12, "abc", None, None, None, None, "maybe"])
    book.save(path)


def test_xlsx_in_and_out(cli, tmp_path):
    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter

    source = tmp_path / "list.xlsx"
    _xlsx_list(source)
    out = tmp_path / "out.xlsx"
    run = batch(cli, source, "-o", out, "--top", "2")
    assert run.code == 1
    assert "read 3 = scored 2 + rejected 1; 1 blank rows skipped" in run.err
    assert f"error: {source}:6: row 6, column 매출액(억원): cannot read amount 'abc'" in run.err
    assert "row 6, column 업종코드: missing required value for 'ksic'" in run.err
    book = load_workbook(out)
    assert book.sheetnames == ["results", "rejected"]
    results, rejected = book["results"], book["rejected"]
    # what a person reads, then the codes (with the filter buttons); the rows under both
    assert results.freeze_panes == "A3" and rejected.freeze_panes == "A3"
    labels = [c.value for c in results[1]]
    codes = [c.value for c in results[2]]
    assert codes == list(BATCH_COLUMNS) and len(labels) == len(codes)
    assert labels[:3] == ["row", "company", "business registration no."]
    assert results.auto_filter.ref == f"A2:{get_column_letter(len(codes))}{results.max_row}"
    # the rejected rows' own columns, named once every rejection is known (after the results)
    assert [c.value for c in rejected[2]] == ["row", "kind", "problems", "기업명", "사업자등록번호",
        "소재지", "업종코드", "상시근로자수", "매출액(억원)", "설립일", "필요분야", "자부담(천원)",
        "총사업비(백만원)", "전담인력"]  # fmt: skip
    assert rejected["D3"].value == "누락기업"
    assert rejected.auto_filter.ref.startswith("A2:")
    name_cell = results["B3"]
    assert name_cell.value == "=1+1 주식회사" and name_cell.data_type == "s"  # text, not a formula
    assert results["A3"].value == 3 and results["F3"].value == "small"  # 85억 in C29 → small
    assert rejected["A3"].value == 6
    assert results.column_dimensions["J"].width > 8  # readable widths


def test_xlsx_header_is_korean_under_korean(cli, tmp_path):
    from openpyxl import load_workbook

    source = tmp_path / "list.xlsx"
    _xlsx_list(source)
    out = tmp_path / "out.xlsx"
    run = batch(cli, source, "-o", out, "--top", "2", "--lang", "ko")
    assert run.code == 1
    results = load_workbook(out, read_only=True)["results"]
    labels, codes = (list(r) for r in results.iter_rows(max_row=2, values_only=True))
    assert codes == list(BATCH_COLUMNS)
    said = dict(zip(codes, labels, strict=True))
    assert (said["name"], said["status"], said["estimated_support_krw"]) == (
        "기업명", "판정", "예상 지원액(원)")  # fmt: skip
    assert all(re.search("[가-힣]", label) for label in labels), labels


def test_xlsx_sheet_option(cli, tmp_path):
    source = tmp_path / "list.xlsx"
    _xlsx_list(source)
    run = batch(cli, source, "-o", tmp_path / "out.csv", "--sheet", "없는시트")
    assert run.code == 1 and "no sheet named '없는시트'" in run.err and "신청목록" in run.err


def test_program_mode_ranks_applicants_with_readiness_apart(cli, tmp_path):
    out = tmp_path / "ranked.csv"
    run = batch(cli, LIST, "-o", out, "--program", "kr-kosmes-sf-as-2021")
    assert run.code == 1
    rows = _csv(out)
    assert [(r["rank"], r["row"]) for r in rows] == [("1", "3"), ("2", "4"), ("3", "7"), ("4", "8")]
    assert [r["status"] for r in rows] == ["needs-info"] * 4
    assert rows[0]["score"] == "42.5" and rows[0]["ask_for_criteria"] == "clean_record"
    assert rows[0]["ask_for"].startswith("Does any of these apply to the company: unpaid national")
    # readiness is shown apart, never added to the score: CEO 4/5 → 30, dedicated staff → 30
    assert rows[0]["readiness"] == "60.0"
    assert rows[0]["readiness_detail"] == "CEO commitment 4/5, dedicated staff; unknown: data_ready"
    assert rows[1]["ask_for_criteria"] == "prior_required, clean_record"
    assert rows[1]["ask_for"].startswith("Has the company completed any of these programs: ")
    assert rows[2]["ask_for"].startswith("Which program is the prior record 'kr-x'?")
    assert rows[0]["status_label"] == "needs info"
    korean = batch(cli, LIST, "-o", tmp_path / "ko.csv", "--program",
                              "kr-kosmes-sf-as-2021", "--lang", "ko")  # fmt: skip
    assert korean.code == 1
    first = _csv(tmp_path / "ko.csv")[0]
    assert first["ask_for"] == (
        "국세·지방세 체납, 휴·폐업, 회생·파산 절차, 금융기관 채무불이행 중 해당하는 것이 있습니까?"
    )
    assert first["status_label"] == "확인 필요" and first["status"] == "needs-info"
    assert first["readiness_detail"] == "대표 의지 4/5, 전담 인력 있음; 미기재: data_ready"
    # row 7's prior 'kr-x' names no program known: unknown, never a false fail
    assert rows[2]["ask_for_criteria"] == "prior_required, clean_record" and not rows[2]["flip"]
    assert "prior program 'kr-x' names no program or family known" in run.err


@pytest.mark.parametrize(
    ("args", "code", "fragment"),
    [
        ([str(LIST)], 2, "-o: batch writes its results to a file"),
        ([str(LIST), "-o", "x.csv", "--program", "kr-nope"], 2, "unknown program id 'kr-nope'"),
        ([str(LIST), "-o", "x.csv", "--format", "pdf"], 2, "unknown format 'pdf'"),
        ([str(LIST), "-o", str(LIST)], 2, "is the applicant list itself"),
        ([str(LIST), "-o", "x.csv", "--errors", "x.csv"], 2, "is the same file as -o"),
        (["missing.csv", "-o", "x.csv"], 1, "file or folder not found"),
        ([str(CATALOG / "t-busan.toml"), "-o", "x.csv"], 1, "cannot read .toml files"),
    ],
)
def test_batch_usage_and_file_errors(cli, tmp_path, monkeypatch, args, code, fragment):
    monkeypatch.chdir(tmp_path)
    run = cli("batch", *args, "--programs", CATALOG)
    assert run.code == code
    assert len(run.err_lines) == 1 and fragment in run.err


def test_cells_beyond_the_header_reject_the_row_and_are_kept(cli, tmp_path):
    source = tmp_path / "list.csv"
    source.write_text("기업명,소재지,업종코드,상시근로자수\n한울,인천,C29,38,surprise\n", "utf-8")
    errors = tmp_path / "rejected.csv"
    run = batch(cli, source, "-o", tmp_path / "out.csv", "--errors", errors)
    assert run.code == 1 and "row 2: 1 filled cells beyond the last header" in run.err
    assert _csv(errors)[0]["problems"].endswith("(hint: give those columns a header)")
    assert "surprise" in errors.read_text(encoding="utf-8-sig")


def test_a_list_without_the_required_columns(cli, tmp_path):
    source = tmp_path / "list.csv"
    source.write_text("기업명,소재지\n한울,인천\n", encoding="utf-8")
    run = batch(cli, source, "-o", tmp_path / "out.csv")
    assert run.code == 1
    assert "no column for the required key 'ksic'" in run.err
    assert "'employees'" not in run.err  # a list without head counts is scored (issue 20)


def test_convert_writes_editable_profiles_that_validate(cli, tmp_path):
    folder = tmp_path / "converted"
    run = cli("convert", LIST, "-o", folder)
    assert run.code == 1
    assert "read 5 = converted 4 + rejected 1; 1 blank rows skipped" in run.err
    files = sorted(p.name for p in folder.iterdir())
    assert files[0] == "00003-주-한울정밀.toml" and len(files) == 4
    text = (folder / files[0]).read_text(encoding="utf-8")
    assert text.startswith("# Converted by sfmatch from ")
    assert 'region = "incheon"' in text and "revenue_krw = 8500000000" in text
    assert cli("validate", folder).code == 0


def test_a_failed_xlsx_write_keeps_the_old_file_and_leaves_no_temporary(cli, tmp_path, monkeypatch):
    import sfmatch.output

    out = tmp_path / "out.xlsx"
    out.write_bytes(b"previous results")

    def broken(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(sfmatch.output.os, "fsync", broken)
    run = batch(cli, LIST, "-o", out)
    assert run.code == 1 and "No space left on device" in run.err
    assert out.read_bytes() == b"previous results"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.xlsx"]


def test_duplicate_index_by_brn_and_by_name():
    from sfmatch.batch import Duplicates, duplicate_keys
    from sfmatch.models import Profile

    index = Duplicates()

    def check(row, name, region="incheon", brn=None):
        data = {"name": name, "region": region, "ksic": "C25", "employees": 5}
        profile = Profile.model_validate(data | ({"brn": brn} if brn else {}))
        return index.check([row], [duplicate_keys(profile)])[0]

    assert check(2, "한울정밀", brn="131-86-04565") is None
    assert check(3, "Other Co", brn="1318604565") == "row 2 (same BRN)"
    assert check(4, "(주) 한울 정밀") == "row 2 (same name in incheon)"
    assert check(5, "한울정밀", region="busan") is None  # another region
    assert check(6, "한울정밀㈜", region="busan") == "row 5 (same name in busan)"
    assert index.other_sites == 0  # rows without a 시·군·구, or of another 시·도: not counted


def test_a_name_without_its_district_may_be_any_factory_of_its_region():
    """Where one of two rows gives no 시·군·구, they may be the same factory: flagged, by region."""
    from sfmatch.batch import Duplicates, keys_of

    index = Duplicates()

    def check(row, district=None, region="incheon"):
        return index.check([row], [keys_of("한울정밀", None, region, district)])[0]

    assert check(2, "incheon/namdong") is None
    assert check(3) == "row 2 (same name in incheon)"  # no district: perhaps row 2
    assert check(4, "incheon/bupyeong") == "row 3 (same name in incheon)"  # row 3 may be here
    assert index.other_sites == 0
    fresh = Duplicates()
    rows = [5, 6, 7]
    keys = [
        keys_of("한울정밀", None, "incheon", d)
        for d in ("incheon/namdong", "incheon/bupyeong", None)
    ]
    assert fresh.check(rows, keys) == [
        None,
        "row 5 (same name in another 시·군·구 of incheon)",  # row 6: another district, before
        "row 5 (same name in incheon)",  # any row without one: its other factory, perhaps
    ]
    assert fresh.other_sites == 1


def test_a_firms_other_factory_is_counted_not_flagged(cli, tmp_path):
    """Issue 20: one firm is one BRN, or one name in one 시·군·구; the same name in another
    시·군·구 is most often the firm's other factory: counted in the summary, never flagged."""
    source = tmp_path / "list.csv"
    source.write_text(
        "기업명,소재지,업종코드,상시근로자수,사업자등록번호\n"
        "한울정밀,인천 남동구,C25,12,\n"  # row 2
        "(주)한울정밀,인천 부평구,C25,30,\n"  # row 3: its other factory, perhaps
        "한울 정밀,인천 남동구,C25,12,\n"  # row 4: row 2 again
        "바다산업,인천 서구 백석동,C24,5,131-86-04565\n"  # row 5
        "바다산업 2공장,인천 연수구,C24,9,131-86-04565\n",  # row 6: the same BRN
        encoding="utf-8",
    )
    out = tmp_path / "out.json"
    run = batch(cli, source, "-o", out)
    assert "2 possible duplicates flagged" in run.err
    assert "1 rows named as a firm in another district (its other factories? said in" in run.err
    data = json.loads(out.read_text(encoding="utf-8"))
    flags = {a["row"]: a["duplicate_of"] for a in data["applicants"]}
    assert flags == {2: None, 3: None, 4: "row 2 (same name in incheon/namdong)", 5: None,
                     6: "row 5 (same BRN)"}  # fmt: skip
    others = {a["row"]: a["other_site_of"] for a in data["applicants"]}
    assert others == {2: None, 3: "row 2 (same name in another 시·군·구 of incheon)", 4: None,
                      5: None, 6: None}  # fmt: skip
    assert data["summary"]["duplicates"] == 2 and data["summary"]["other_sites"] == 1
    for fmt in ("csv", "xlsx"):  # its own column, last (before a folder's file)
        batch(cli, source, "-o", tmp_path / f"out.{fmt}")
    rows = _csv(tmp_path / "out.csv")
    assert next(r["other_site_of"] for r in rows if r["row"] == "3").startswith("row 2 (same name")
    assert all(not r["other_site_of"] for r in rows if r["row"] != "3")
    from openpyxl import load_workbook

    sheet = load_workbook(tmp_path / "out.xlsx")["results"]
    header = [c.value for c in sheet[2]]  # row 1: the labels, row 2: the codes
    assert header[-1] == "other_site_of"
    flagged = {r[0]: r[-1] for r in sheet.iter_rows(min_row=3, values_only=True)}
    assert flagged[3].startswith("row 2 (same name") and flagged[2] is None


def test_convert_into_a_path_under_a_file_is_one_line(cli, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    run = cli("convert", LIST, "-o", blocker / "sub")
    assert run.code == 2
    assert [x for x in run.err_lines if x.startswith("error")] == [
        f"error: -o: cannot create folder {blocker / 'sub'}: Not a directory"
        " (hint: give a writable folder)"
    ]


def test_an_unreadable_list_is_one_line(cli, tmp_path, monkeypatch):
    from pathlib import Path

    source = tmp_path / "locked.csv"
    source.write_bytes(LIST.read_bytes())
    real_open = Path.open

    def locked(self, *args, **kwargs):
        if self == source:
            raise PermissionError(13, "Permission denied")
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", locked)
    run = batch(cli, source, "-o", tmp_path / "out.csv")
    assert run.code == 1
    assert run.err_lines == [f"error: {source}: cannot read file: Permission denied"
                             " (hint: check its permissions)"]  # fmt: skip


def test_a_sheet_that_breaks_while_streamed_is_one_line(cli, tmp_path, monkeypatch):
    """A sheet too big to load is streamed (openpyxl): one that breaks on its 4th row."""
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

    from sfmatch import workbook

    monkeypatch.setattr(workbook, "STREAMED_FROM", 0)
    source = tmp_path / "list.xlsx"
    _xlsx_list(source)
    real_rows = ReadOnlyWorksheet.iter_rows

    def breaks(self, *args, **kwargs):
        for n, row in enumerate(real_rows(self, *args, **kwargs), 1):
            if n == 4:
                raise KeyError("broken xml")
            yield row

    monkeypatch.setattr(ReadOnlyWorksheet, "iter_rows", breaks)
    run = batch(cli, source, "-o", tmp_path / "out.csv")
    assert run.code == 1
    assert "the sheet is damaged after row 3 (KeyError)" in run.err
    assert "Traceback" not in run.err and not (tmp_path / "out.csv").exists()


def test_a_sheet_cut_short_is_one_line(cli, tmp_path):
    """A sheet whose XML ends halfway (a download cut off) is loaded by calamine, which fails
    on it as a whole: one line, nothing written."""
    whole = tmp_path / "whole.xlsx"
    _xlsx_list(whole)
    source = tmp_path / "list.xlsx"
    with zipfile.ZipFile(whole) as zin, zipfile.ZipFile(source, "w") as zout:
        for info in zin.infolist():
            body = zin.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                body = body[: len(body) // 2]
            zout.writestr(info, body)
    run = batch(cli, source, "-o", tmp_path / "out.csv")
    assert run.code == 1
    assert run.err_lines == [f"error: {source}: the sheet is damaged (XmlError)"
                             " (hint: open it in Excel and save it again as .xlsx)"]  # fmt: skip
    assert not (tmp_path / "out.csv").exists()


def test_the_program_view_says_why_each_ineligible_applicant_is(cli, tmp_path):
    out = tmp_path / "ranked.csv"
    run = cli("batch", DATA / "registry" / "factoryon.xlsx", "--program", "kr-kosmes-sf-as-2021",
              "--as-of", "2026-11-26", "-o", out)  # fmt: skip
    assert run.code == 1  # the registry's five bad rows
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    ineligible = [r for r in rows if r["status"] == "ineligible"]
    assert ineligible and all(r["reason"] for r in ineligible)
    assert not any(r["reason"] for r in rows if r["status"] != "ineligible")
    assert any("program takes micro, small" in r["reason"] for r in ineligible)


def test_labels_beside_the_codes_in_the_reader_s_language(cli, tmp_path):
    """Codes stay codes for scripts; the label columns, last, follow --lang (CSV and XLSX alike)."""
    for lang, eligible in (("ko", "신청 가능"), ("en", "eligible")):
        out = tmp_path / f"{lang}.csv"
        batch(cli, LIST, "-o", out, "--lang", lang)
        rows = _csv(out)
        header = list(rows[0])
        assert header[-3:] == ["status_label", "window_label", "other_site_of"]
        shown = [r for r in rows if r["status"] == "eligible"]
        assert shown and all(r["status_label"] == eligible for r in shown)
        assert {r["status"] for r in rows} <= {"eligible", "needs-info", ""}
    korean = {r["window"]: r["window_label"] for r in _csv(tmp_path / "ko.csv") if r["window"]}
    assert korean.get("rolling") == "상시"


def test_batch_json_says_what_a_program_is_once(cli, tmp_path):
    """The registry with --top 3: the catalog's notes, sources, names and windows sit once under
    "programs", and an applicant's results hold their own reasons and figures, ≤ 5 KB a firm
    (51 KB when each result repeated its program's notes)."""
    out = tmp_path / "out.json"
    run = cli("batch", DATA / "registry" / "factoryon.xlsx", "--top", "3", "--as-of",
              "2026-11-26", "-o", out)  # fmt: skip
    assert run.code == 1, run.err  # the registry's bad rows
    text = out.read_text(encoding="utf-8")
    data = json.loads(text)
    applicants = data["applicants"]
    shown = {r["program"] for a in applicants for r in a["results"]}
    assert shown and shown == set(data["programs"])
    notes = Counter(n for p in data["programs"].values() for n in p["to_confirm"])
    assert notes
    for note, programs in notes.items():  # once for each program that has it, no more
        assert text.count(json.dumps(note, ensure_ascii=False)) == programs, note
    for result in (r for a in applicants for r in a["results"]):
        assert set(result) >= CONTRACT_KEYS and not set(PROGRAM_KEYS) & set(result)
        assert all("source" not in c for c in result["criteria"])
    per_firm = len(json.dumps(applicants, ensure_ascii=False).encode()) / len(applicants)
    assert per_firm <= 5_000, per_firm


def test_batch_json_leaves_out_what_says_nothing_and_keeps_a_zero():
    """An extension key is left out of a batch JSON result when it says nothing; a 0 (a credit
    limit, a distance) says something: `0 in (None, False, ...)` is true in Python."""
    from sfmatch.render.data import _nothing

    assert all(_nothing(v) for v in (None, False, [], ""))
    assert not any(_nothing(v) for v in (0, 0.0, True, [0], "0"))


def test_a_rejected_row_is_never_said_to_be_scored(cli, tmp_path):
    """Issue 20: a row rejected for a required cell has other cells' problems too; they are said
    without "the row is still scored" (it is not). A scored row's unknown cells keep it."""
    source = tmp_path / "list.csv"
    source.write_text(
        "기업명,소재지,업종코드,상시근로자수,매출액\n"
        "가나,인천 남동구,,12,abc\n"  # no KSIC: rejected; its revenue unread too
        "다라,인천 남동구,C25,12,abc\n",  # scored, revenue unknown
        encoding="utf-8",
    )
    run = batch(cli, source, "-o", tmp_path / "o.csv", "--errors", tmp_path / "e.csv")
    assert run.code == 1 and "read 2 = scored 1 + rejected 1" in run.err
    first = [line for line in run.err_lines if ":2: row 2" in line]
    second = [line for line in run.err_lines if ":3: row 3" in line]
    assert first and all(line.startswith("error:") and "still scored" not in line for line in first)
    assert second and all(line.startswith("warning:") and "still scored" in line for line in second)
    errors = (tmp_path / "e.csv").read_text(encoding="utf-8-sig").splitlines()
    assert "still scored" not in errors[1] and "still scored" in errors[2]

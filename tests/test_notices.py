"""Notices from 기업마당 as draft program files (issue 21): kept or skipped with the reason,
matched to the catalog's families, drafted with their window, source and date, and valid."""

from __future__ import annotations

import datetime as dt
import json
import tomllib

import pytest

from sfmatch.notices import Notice, read_answers, relevance, title_core, window_of

from conftest import DATA, ROOT

BIZINFO = DATA / "bizinfo"
ANSWERS = [BIZINFO / "answer_list.json", BIZINFO / "answer_one_item.json", BIZINFO / "answer.xml"]
PROGRAMS = ROOT / "programs"


def _notice(**given) -> Notice:
    fields = dict(id="P1", title="", url=None, agency=None, executor=None, field="기술",
                  period=None, summary="", hashtags=(), created=None, source="x")  # fmt: skip
    return Notice(**{**fields, **given})


def test_every_shape_of_answer_is_read():
    notices = read_answers(ANSWERS)
    assert len(notices) == 8 + 1 + 1
    one = next(n for n in notices if n.id == "PBLN_000000000900011")
    assert one.hashtags == ("스마트공장", "고도화")  # `hashTags`, the other spelling
    xml = next(n for n in notices if n.id == "PBLN_000000000900021")
    assert xml.summary == "제조 현장의 AI 도입을 지원합니다" and xml.period == "예산 소진시까지"
    assert "<b>" not in notices[0].summary and notices[0].created == dt.date(2027, 2, 20)


def test_the_data_go_kr_mirror_is_read_too(tmp_path):
    path = tmp_path / "mirror.json"
    item = json.loads((BIZINFO / "answer_one_item.json").read_text(encoding="utf-8"))
    item = item["jsonArray"]["item"]
    path.write_text(json.dumps({"response": {"header": {"resultCode": "00"},
                                             "body": {"items": {"item": [item]}}}},
                               ensure_ascii=False), encoding="utf-8")  # fmt: skip
    assert [n.id for n in read_answers([path])] == ["PBLN_000000000900011"]


def test_the_import_drafts_editions_and_new_programs_and_says_why_it_skips(cli, tmp_path):
    drafts = tmp_path / "drafts"
    run = cli("programs", "import", *ANSWERS, "-o", drafts, "--format", "json",
              "--as-of", "2026-12-05", "--programs", PROGRAMS)  # fmt: skip
    assert run.code == 0, run.err
    got: dict[str, dict] = {}
    for n in run.json()["notices"]:
        got.setdefault(n["pblancId"], n)  # the first of a notice given twice
    assert set(got) == {f"PBLN_0000000009000{i:02d}" for i in (1, 2, 3, 4, 5, 6, 7, 11, 21)}
    assert all(set(n) >= {"pblancId", "title", "family", "draft", "why"} for n in got.values())
    editions = {
        "PBLN_000000000900001": "kr-kosmes-sf-as",
        "PBLN_000000000900003": "kr-mss-regional-sf",
        "PBLN_000000000900011": "kr-mss-sf-upgrade",
        "PBLN_000000000900021": "kr-mss-manufacturing-ai-sf",
    }
    for notice, family in editions.items():
        assert got[notice]["family"] == family, got[notice]
        assert got[notice]["draft"] == f"{drafts}/{family}-2027.toml"
    new = got["PBLN_000000000900006"]
    assert new["family"] is None and new["draft"].endswith("new-pbln-000000000900006-2026.toml")
    voucher = got["PBLN_000000000900002"]
    assert voucher["draft"] is None and "already in the catalog" in voucher["why"]
    assert "export" in got["PBLN_000000000900004"]["why"]
    assert "start-up" in got["PBLN_000000000900005"]["why"]
    assert "loan" in got["PBLN_000000000900007"]["why"]
    dupes = [n for n in run.json()["notices"] if n["pblancId"] == "PBLN_000000000900001"]
    assert len(dupes) == 2 and "the same notice again" in dupes[1]["why"]
    written = sorted(p.name for p in drafts.iterdir())
    assert len(written) == 5 and not any(p.name.startswith(".") for p in drafts.iterdir())
    # every draft passes validate as the catalog's files do (warnings allowed)
    check = cli("validate", drafts)
    assert check.code == 0 and "5 valid programs" in check.err and "0 problems" in check.err


def test_a_new_edition_copies_the_newest_rules_and_money_marked_to_confirm(cli, tmp_path):
    drafts = tmp_path / "drafts"
    cli("programs", "import", BIZINFO / "answer_list.json", "-o", drafts, "--programs", PROGRAMS)
    draft = tomllib.loads((drafts / "kr-kosmes-sf-as-2027.toml").read_text(encoding="utf-8"))
    previous = tomllib.loads(
        (PROGRAMS / "central" / "kr-kosmes-sf-as-2021.toml").read_text("utf-8")
    )
    assert draft["eligibility"] == previous["eligibility"]
    assert draft["funding"]["max_krw"] == 20_000_000
    assert draft["window"] == {"opens": dt.date(2027, 3, 1), "closes": dt.date(2027, 4, 30)}
    assert draft["verified"] == dt.date(2027, 2, 20) and "PBLN_000000000900001" in draft["source"]
    assert "copied from kr-kosmes-sf-as-2021; confirm each against the notice" in draft["notes"][0]
    assert "공고와 하나하나 대조하세요" in draft["notes_ko"][0]
    assert len(draft["notes"]) == len(draft["notes_ko"])
    new = tomllib.loads((drafts / "new-pbln-000000000900006-2026.toml").read_text("utf-8"))
    assert "eligibility" not in new and "funding" not in new  # nothing invented
    assert new["scope"] == "local" and new["operator_ko"] == "부산테크노파크"
    assert new["window"] == {"recurs": "yearly"}  # 사업별 상이: dates not known
    assert any("사업별 상이" in note for note in new["notes"])


@pytest.mark.parametrize(
    ("period", "opens", "closes", "rolling", "noted"),
    [
        ("20270301 ~ 20270430", "2027-03-01", "2027-04-30", False, False),
        ("2027-03-01 ~ 2027-04-30", "2027-03-01", "2027-04-30", False, False),
        ("2027.03.01 ~ 2027.04.30", "2027-03-01", "2027-04-30", False, False),
        ("20270430 ~ 20270301", "2027-03-01", "2027-04-30", False, False),  # swapped
        ("20270301 ~", "2027-03-01", None, False, False),  # no closing date
        ("상시", None, None, True, False),
        ("상시 접수", None, None, True, False),
        ("예산 소진시까지", None, None, True, True),
        ("사업별 상이", None, None, False, True),
        ("", None, None, False, True),
        (None, None, None, False, True),
    ],
)
def test_windows_in_every_form(period, opens, closes, rolling, noted):
    w = window_of(_notice(period=period))
    day = dt.date.fromisoformat
    assert (w.opens, w.closes) == (opens and day(opens), closes and day(closes))
    assert w.rolling == rolling and (w.note is not None) == noted


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        ({"title": "2027년 스마트공장 구축 지원"}, True),
        ({"title": "2027년 중소기업 지원", "hashtags": ("스마트 공장",)}, True),
        ({"title": "2027년 혁신 지원", "summary": "제조혁신 컨설팅", "field": "경영"}, True),
        ({"title": "2027년 혁신 지원", "summary": "제조혁신 컨설팅", "field": "수출"}, False),
        ({"title": "2027년 정책자금 융자", "field": "금융"}, False),
        ({"title": "2027년 스마트공장 자금 융자", "field": "금융"}, True),  # a smart-factory loan
        ({"title": "2027년 청년 인턴", "field": "인력"}, False),
        ({"title": "2027년 판로 개척", "field": "내수"}, False),
    ],
)
def test_which_notices_are_kept_and_why(given, kept):
    found, why = relevance(_notice(**given))
    assert found == kept
    assert str(why.id).startswith("skipped") != kept


def test_a_title_s_program_name_is_its_words_without_year_and_call():
    assert title_core("[중소벤처기업부] 2027년 스마트공장 AS 지원사업 참여기업 모집 공고") == (
        "스마트공장 AS 지원사업"
    )
    assert title_core("2026년도 제2차 혁신바우처 (재공고)") == "혁신바우처"


def test_broken_answers_are_each_one_line_and_nothing_is_written(cli, tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text('{"jsonArray": [', encoding="utf-8")
    shapeless = tmp_path / "shapeless.json"
    shapeless.write_text('{"items": []}', encoding="utf-8")
    nameless = tmp_path / "nameless.json"
    nameless.write_text('{"jsonArray": [{"pblancNm": "제목만"}]}', encoding="utf-8")
    badxml = tmp_path / "bad.xml"
    badxml.write_text("<rss><item>", encoding="utf-8")
    drafts = tmp_path / "drafts"
    run = cli("programs", "import", broken, shapeless, nameless, badxml, tmp_path / "none.json",
              "-o", drafts)  # fmt: skip
    assert run.code == 1 and "Traceback" not in run.err
    errors = [x for x in run.err_lines if x.startswith("error: ")]
    assert len(errors) == 5, errors
    assert any("not a saved 기업마당 answer: JSON" in e for e in errors)
    assert any("no jsonArray" in e for e in errors)
    assert any("no pblancId or pblancNm" in e for e in errors)
    assert any("XML" in e for e in errors)
    assert not drafts.exists()
    file = tmp_path / "file"
    file.write_text("x", encoding="utf-8")
    assert cli("programs", "import", BIZINFO / "answer.xml", "-o", file).code == 2
    inside = cli("programs", "import", BIZINFO / "answer.xml", "-o", PROGRAMS / "drafts",
                 "--programs", PROGRAMS)  # fmt: skip
    assert inside.code == 2 and "inside the catalog" in inside.err
    assert not (PROGRAMS / "drafts").exists()


def test_the_report_as_a_table_in_korean(cli, tmp_path):
    run = cli("programs", "import", BIZINFO / "answer_list.json", "-o", tmp_path / "d",
              "--lang", "ko", "--programs", PROGRAMS)  # fmt: skip
    assert run.code == 0
    assert "제목에 '스마트공장'" in run.out and "건너뜀" in run.out


def test_a_second_call_of_one_edition_is_said_not_drafted_twice(cli, tmp_path):
    item = json.loads((BIZINFO / "answer_one_item.json").read_text(encoding="utf-8"))
    first = item["jsonArray"]["item"]
    second = {**first, "pblancId": "PBLN_000000000900012",
              "pblancNm": "2027년 스마트공장 구축 및 고도화 지원사업 제2차 공고",
              "reqstBeginEndDe": "20270701 ~ 20270731"}  # fmt: skip
    path = tmp_path / "two.json"
    path.write_text(json.dumps({"jsonArray": [first, second]}, ensure_ascii=False), "utf-8")
    run = cli("programs", "import", path, "-o", tmp_path / "d", "--format", "json",
              "--programs", PROGRAMS)  # fmt: skip
    notices = run.json()["notices"]
    assert notices[0]["draft"] and notices[1]["draft"] is None
    assert "the same edition as notice PBLN_000000000900011" in notices[1]["why"]
    assert [p.name for p in (tmp_path / "d").iterdir()] == ["kr-mss-sf-upgrade-2027.toml"]

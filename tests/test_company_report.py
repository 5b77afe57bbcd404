"""`sfmatch report`: the page a consultant hands to a client holds the same results as the JSON
of `recommend` and `roadmap`, in Korean by default, fetches nothing, is the same bytes for the
same inputs, and prints on A4 in a real browser where Chromium is installed."""

from __future__ import annotations

import html
import re
import subprocess

from sfmatch.units import format_money

from conftest import ROOT

PROFILE = ROOT / "profiles" / "hanul-precision.toml"
AS_OF = "2026-11-27"


def _text(page: str) -> str:
    body = re.sub(r"<style.*?</style>", " ", page, flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", body)))


def _report(cli, tmp_path, *extra, profile=PROFILE, name="report.html"):
    page = tmp_path / name
    run = cli("report", profile, "-o", page, "--as-of", AS_OF, *extra)
    assert run.code == 0, run.err
    return page.read_text(encoding="utf-8")


def test_the_page_holds_what_recommend_and_roadmap_say(cli, tmp_path):
    page = _report(cli, tmp_path)
    text = _text(page)
    rec = cli("recommend", PROFILE, "--as-of", AS_OF, "--format", "json", "--lang", "ko").json()
    plan = cli("roadmap", PROFILE, "--as-of", AS_OF, "--format", "json", "--lang", "ko").json()
    assert '<html lang="ko">' in page
    assert "Hanul Precision Co. 스마트공장 지원사업 추천 보고서" in text
    leading = [r for r in rec["results"]
               if r["status"] != "ineligible" and not r["superseded_by"] and r["covers"]]  # fmt: skip
    assert leading
    positions = [text.index(r["program"]) for r in leading]
    assert positions == sorted(positions)  # ranked as recommend ranks them
    first = leading[0]
    assert first["status_label"] in text and first["window_label"] in text
    assert (
        "지원 2,000만" in text and "자부담 2,000만" in text
    )  # recommend's money, the same figures
    for gap in rec["gaps"]:
        assert gap["detail"] in text
    # the maintenance gap is boxed where there is one (Hanul's cash covers the A/S own share)
    maintenance = any(g["need"] == "maintenance" for g in rec["gaps"])
    assert ('class="gap maintenance"' in page) == maintenance
    for step in plan["steps"]:
        assert step["program"] in text and step["stage_label"] in text
    for result in rec["results"]:  # the near misses within reach; the others in --detail
        if result["near_miss"] and not result["superseded_by"]:
            assert (result["flip"] in text) == result["near"], result["program"]
    assert "출처" in text and "확인일 2025-11-01" in text  # sources with their verified dates


def test_the_clients_page_carries_no_back_office_and_the_detail_does(cli, tmp_path):
    """The client's page: no warnings on how the profile was read, none of the catalog's own
    notes (in either language), research references or confidence marks; where a program's
    facts come from an earlier call, one plain Korean sentence. `--detail` has them all."""
    client = _report(cli, tmp_path, name="client.html")
    detail = _report(cli, tmp_path, "--detail", name="detail.html")
    text, full = _text(client), _text(detail)
    assert 'class="warnings"' not in client and 'class="warnings"' in detail
    for back_office in ("research sheet", "[I]", "(item ", "<details"):
        assert back_office not in client, back_office
    assert "research sheet" in full  # the sources' research notes, for the consultant
    from sfmatch.catalog import load_catalog

    catalog = load_catalog(ROOT / "programs")
    notes = {n for p in catalog.programs for n in p.notes}
    # (a short note, `상시 접수`, is also what the page says of a window)
    korean = {n for p in catalog.programs for n in p.notes_ko if len(n) > 20}
    assert not any(n in text for n in notes | korean)
    assert any(n in full for n in korean)  # the Korean page says the catalog's notes in Korean
    assert re.search(r"20\d\d년 공고 기준입니다\. 2026년 공고를 확인하세요\.", text)
    assert text.count("kr-") + text.count("ic-") < full.count("kr-") + full.count("ic-")


def test_a_maintenance_gap_is_boxed_with_the_figures_of_the_table(cli, tmp_path):
    """v2 §4.5: the gap names the own share and the project the table shows for the program."""
    profile = tmp_path / "short.toml"
    text = PROFILE.read_text(encoding="utf-8").replace('"5,000만"', '"500만"')
    profile.write_text(text, encoding="utf-8")
    page = _report(cli, tmp_path, profile=profile)
    rec = cli("recommend", profile, "--as-of", AS_OF, "--format", "json", "--lang", "ko").json()
    gap = next(g for g in rec["gaps"] if g["need"] == "maintenance")
    assert gap["kind"] == "cofunding" and 'class="gap maintenance"' in page
    assert gap["detail"] in _text(page)
    shown = {r["program"]: r for r in rec["results"]}
    # the gap's smallest own share, and its project, are those the table shows for the program
    smallest = min((shown[p] for p in gap["programs"]), key=lambda r: r["self_share_krw"])
    own, project = (format_money(smallest[k]) for k in ("self_share_krw", "project_krw"))
    assert f"가장 적은 자부담 {own}: {smallest['program']}, 사업비 {project} 기준" in gap["detail"]


def test_questions_are_asked_in_plain_words(cli, tmp_path):
    profile = tmp_path / "firm.toml"
    profile.write_text(
        'name = "질문 테스트"\nregion = "인천 남동구"\nksic = "C25"\nemployees = 12\n'
        'needs = ["construction"]\n', encoding="utf-8")  # fmt: skip
    text = _text(_report(cli, tmp_path, profile=profile))
    assert "확인이 필요한 질문" in text
    assert "최근 3년 평균 매출액은 얼마입니까?" in text
    assert "revenue_krw" not in text and "prior_excluded" not in text  # no codes for a person


def test_english_on_request_and_the_same_bytes_each_time(cli, tmp_path):
    english = _report(cli, tmp_path, "--lang", "en", name="en.html")
    assert '<html lang="en">' in english
    assert "Smart-factory support: recommendations for Hanul Precision Co." in english
    assert "Programs to apply for" in english and "신청 추천 사업" not in english
    again = _report(cli, tmp_path, "--lang", "en", name="again.html")
    assert english == again
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", english.split("<body>")[0])
    assert "<script" not in english and "@import" not in english


def test_the_report_needs_an_html_file(cli, tmp_path):
    missing = cli("report", PROFILE)
    assert missing.code == 2 and "-o" in missing.err
    wrong = cli("report", PROFILE, "-o", tmp_path / "report.pdf")
    assert wrong.code == 2 and ".html" in wrong.err and not (tmp_path / "report.pdf").exists()
    bad = cli("report", PROFILE, "-o", tmp_path / "r.html", "--lang", "fr")
    assert bad.code == 2 and "unknown language 'fr'" in bad.err


def test_a_real_browser_lays_the_report_out_and_prints_it_on_a4(cli, tmp_path, chromium):
    page = tmp_path / "report.html"
    assert cli("report", PROFILE, "-o", page, "--as-of", AS_OF).code == 0
    base = chromium
    dom = subprocess.run([*base, "--dump-dom", page.as_uri()], capture_output=True, text=True,
                         timeout=120, check=True).stdout  # fmt: skip
    assert "신청 추천 사업" in dom and dom.count('class="program"') >= 3
    pdf = tmp_path / "report.pdf"
    subprocess.run([*base, "--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.as_uri()],
                   capture_output=True, timeout=120, check=True)  # fmt: skip
    data = pdf.read_bytes()
    sizes = re.findall(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", data)
    assert sizes and all(abs(float(w) - 595.9) < 2 and abs(float(h) - 842.9) < 2
                         for w, h in sizes)  # A4 in points  # fmt: skip
    assert 2 <= len(sizes) <= 3  # several pages, none cut off; the client's page, at most 3

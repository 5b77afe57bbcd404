"""`sfmatch gaps --html`: the page a policy officer hands over holds the same numbers as the JSON,
fetches nothing, and is the same bytes for the same inputs. Where Chromium is installed, a real
browser opens it, lays it out and prints it."""

from __future__ import annotations

import html
import re
import subprocess

from sfmatch.render.gaps import MAX_GROUPS

from conftest import AS_OF, DATA, ROOT

SCENARIO = ROOT / "programs" / "scenarios" / "incheon-maintenance"
REGISTRY = DATA / "registry" / "factoryon.xlsx"


def _page(cli, tmp_path, *args, name="report.html"):
    page = tmp_path / name
    run = cli("gaps", *args, "--html", page, "--format", "json")
    assert run.code in (0, 1), run.err
    assert f"wrote {page}" in run.err
    return page.read_text(encoding="utf-8"), run.json()


def _text(page: str) -> str:
    """The page's visible text, tags and charts removed, spaces collapsed."""
    body = re.sub(r"<svg.*?</svg>", " ", page, flags=re.S)
    body = re.sub(r"<style.*?</style>", " ", body, flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", body)))


FIVE = ("covered_sure", "covered_possible", "closed-only", "cofunding", "uncovered")


def test_the_page_holds_the_numbers_of_the_json(cli, tmp_path):
    from sfmatch.i18n import Term
    from sfmatch.render.gaps import demand_text, needs_info_text, settle_line

    page, data = _page(cli, tmp_path, ROOT / "profiles", "--as-of", AS_OF)
    text = _text(page)
    # one language, Korean by default (the page goes to councils); English under --lang en
    assert "스마트공장 지원사업 수요·공백 분석" in text and "Smart-factory support" not in text
    assert f"기준일 {AS_OF}" in text and "(as of)" not in text
    for row in data["needs"]:  # stating, then covered for sure, possibly, closed only, ...
        cells = " ".join(f"{row[k]:,}" for k in ("stating", *FIVE))
        assert f"({row['need']}) {cells}" in text, row["need"]
        assert sum(row[k] for k in FIVE) == row["stating"]
    from sfmatch.render.html import MAX_PROGRAMS

    counted = [p for p in data["programs"] if p["eligible"] or p["needs_info"]]
    shown = counted[:MAX_PROGRAMS]  # the page lists these; the files hold them all
    assert len(counted) > len(shown)
    for p in counted:  # eligible, demand never a range from 0, budget, …, needs info apart
        row = f"{p['name_ko']} {p['program']} {p['eligible']:,} "
        assert (row in text) == (p in shown), p["program"]
        if p in shown:
            demand = demand_text(p, "ko")
            assert demand in text and "0원 –" not in demand, p["program"]
            assert f"{p['needs_info']:,} {needs_info_text(p, 'ko')}" in text, p["program"]
    assert f"{len(shown)}개 사업" in text and f"전체 {len(counted)}개" in text
    assert text.count(" kr-") + text.count(" ic-") >= len(shown)
    assert "미상" in text  # unknown budgets are said so
    charted = any(p["budget_krw"] and p["funding_kind"] not in ("loan", "guarantee")
                  and (p["demand_firms"] or p["demand_cap_firms"] or p["needs_info_max_krw"])
                  for p in counted)  # fmt: skip
    assert page.count("<svg") == 1 + charted  # coverage, and demand against budget
    assert "지원 사업 없음" in page and "(uncovered)" not in page  # the legend, in Korean
    for row in data["needs"]:  # what would settle a possible coverage, need by need
        line = settle_line(row, Term("need", row["need"])).say("ko")
        assert (line in text) == bool(row["covered_possible"]), row["need"]


def test_the_page_fetches_nothing_and_is_the_same_bytes_each_time(cli, tmp_path):
    args = (REGISTRY, "--as-of", "2026-11-26", "--need", "유지보수", "--by", "district",
            "--with", SCENARIO)  # fmt: skip
    first, _ = _page(cli, tmp_path, *args, name="a.html")
    second, _ = _page(cli, tmp_path, *args, name="b.html")
    assert first == second
    assert not re.search(r"<script|<link|<img|@import|url\(", first)
    assert not re.search(r"(src|href)=\"(?!https?://[^\"]*\" *>)", first)  # only source links
    assert "chart-1" in first and "2026-11-26" in first


def test_breakdown_and_scenario_sections(cli, tmp_path):
    args = (REGISTRY, "--as-of", "2026-11-26", "--need", "유지보수", "--with", SCENARIO)
    page, data = _page(cli, tmp_path, *args, "--by", "district")
    text = _text(page)
    assert page.count("<svg") == 4  # coverage, demand, breakdown, scenario
    assert "인천광역시 영종구 (incheon/yeongjong)" in text  # today's districts, named in Korean
    assert "인천광역시 (시·군·구 미상) (incheon (district unknown))" in text
    # the page keeps to the 30 groups with the most uncovered firms; the files hold them all
    rows = sorted((r for r in data["needs"] if r["need"] == "maintenance"),
                  key=lambda r: (-r["uncovered"], -r["stating"], r["group"]))  # fmt: skip
    assert len(rows) > MAX_GROUPS
    for n, row in enumerate(rows):
        cells = " ".join(f"{row[k]:,}" for k in ("firms", "stating", *FIVE))
        assert (f"({row['group']}) {cells}" in text) == (n < MAX_GROUPS), row["group"]
    assert f"{MAX_GROUPS}개 그룹" in text and f"전체 {len(rows)}개" in text
    whole = cli(
        "gaps", *args, "--format", "json"
    ).json()  # no --by: the page's scenario is the whole
    row = next(r for r in whole["needs"] if r["need"] == "maintenance")
    cells = (f"{row['stating']:,} {row['covered_sure']:,} → {row['what_if_sure']:,} "
             f"{row['covered_possible']:,} → {row['what_if_possible']:,} "
             f"{row['uncovered']:,} → {row['what_if_uncovered']:,} +{row['newly_sure']:,} "
             f"+{row['newly_possible']:,} −{row['losing_sure']:,} −{row['losing_possible']:,}")  # fmt: skip
    assert row["newly_sure"] > 0 and f"(maintenance) {cells}" in text
    proposal = next(p for p in data["what_if_programs"]
                    if p["program"] == "ic-maintenance-cost-proposal")  # fmt: skip
    assert f"ic-maintenance-cost-proposal {proposal['eligible']:,}" in text
    assert "what-if" in text  # its source listed, marked as the scenario's


def test_a_page_that_cannot_be_written_is_one_line(cli, tmp_path):
    run = cli("gaps", ROOT / "profiles", "--html", tmp_path / "no" / "such" / "r.html")
    assert run.code != 0 and len(run.err_lines) == 1 and "r.html" in run.err


def test_a_real_browser_lays_the_page_out_and_prints_it_on_a4(cli, tmp_path, chromium):
    page = tmp_path / "report.html"
    run = cli("gaps", REGISTRY, "--as-of", "2026-11-26", "--by", "size", "--need", "유지보수",
              "--with", SCENARIO, "--html", page)  # fmt: skip
    assert run.code == 1  # the registry's five bad rows; the page is written all the same
    base = chromium
    dom = subprocess.run([*base, "--dump-dom", page.as_uri()], capture_output=True, text=True,
                         timeout=120, check=True).stdout  # fmt: skip
    assert "필요 분야별 지원 현황" in dom and dom.count("<svg") == 4
    assert "소기업 (small)" in dom and "규모 미상 (size unknown)" in dom  # size groups in Korean
    pdf = tmp_path / "report.pdf"
    subprocess.run([*base, "--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.as_uri()],
                   capture_output=True, timeout=120, check=True)  # fmt: skip
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF")
    sizes = re.findall(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", data)
    assert sizes and all(abs(float(w) - 595.9) < 2 and abs(float(h) - 842.9) < 2
                         for w, h in sizes)  # A4 in points  # fmt: skip
    assert _pages(data) <= 4


def _pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf))


def test_the_page_of_a_district_breakdown_prints_on_four_a4_sheets(cli, tmp_path, chromium):
    """The registry by district, with a scenario: every section, the groups and programs that
    matter most (the files hold the rest), on at most 4 sheets of A4."""
    page = tmp_path / "report.html"
    run = cli("gaps", REGISTRY, "--as-of", "2026-11-26", "--by", "district", "--need", "유지보수",
              "--with", SCENARIO, "--html", page)  # fmt: skip
    assert run.code == 1  # the registry's five bad rows; the page is written all the same
    pdf = tmp_path / "report.pdf"
    subprocess.run([*chromium, "--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.as_uri()],
                   capture_output=True, timeout=120, check=True)  # fmt: skip
    data = pdf.read_bytes()
    assert 1 < _pages(data) <= 4
    text = page.read_text(encoding="utf-8")
    for section in ("coverage", "breakdown", "programs", "scenario", "sources"):
        assert f'<section id="{section}">' in text


def test_an_empty_list_gives_a_page_that_says_so(cli, tmp_path):
    source = tmp_path / "empty.csv"
    source.write_text("기업명,소재지,업종코드,상시근로자수\n", encoding="utf-8")
    page, data = _page(cli, tmp_path, source, "--as-of", AS_OF, "--by", "district")
    assert data["summary"]["read"] == 0
    text = _text(page)
    assert "읽은 기업이 없습니다" in text and "기업이 있는 사업이 없습니다" in text
    assert "No data" not in page  # pygal's placeholder over an empty chart


def test_groups_read_from_small_to_large_unknown_last(cli):
    data = cli("gaps", ROOT / "profiles", "--as-of", AS_OF, "--by", "size",
               "--format", "json").json()  # fmt: skip
    order = list(data["no_needs"])
    assert order == ["micro", "small", "medium", "midsize", "size unknown"], order


def test_the_page_is_english_under_lang_en(cli, tmp_path):
    page, _ = _page(cli, tmp_path, ROOT / "profiles", "--as-of", AS_OF, "--lang", "en")
    text = _text(page)
    assert '<html lang="en">' in page and "Smart-factory support: needs and gaps" in text
    assert not re.search(r"[가-힣]{2,}입니다|지원 사업 없음", text), text[:500]


def test_the_page_cites_articles_not_the_research_sheet(cli, tmp_path):
    """The page goes outside: each program's source is the articles its facts come from, not
    the catalog makers' references to their research sheet (those stay in the catalog)."""
    from sfmatch.catalog import press_citations

    page, _ = _page(cli, tmp_path, ROOT / "profiles", "--as-of", AS_OF)
    sources = page[page.index('<section id="sources">') :]
    assert "research sheet" not in sources and "Update of" not in sources
    assert press_citations("asiae 2021-01-27 (2021012708094364300) (research sheet item 10)") == (
        "asiae 2021-01-27 (2021012708094364300)"
    )
    assert "asiae 2021-01-27 (2021012708094364300)" in sources

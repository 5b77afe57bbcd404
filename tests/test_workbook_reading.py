"""Workbooks as exporters write them: a size that claims too few or too many rows, a million
formatted empty rows, cells of every kind, and a progress line that says what is happening while
they are read. Both readers (calamine loading a sheet, openpyxl streaming one too big to load)
must give the same rows."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import pty
import re
import select
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from sfmatch import workbook
from sfmatch.applicants import open_list

AS_OF = "2026-12-04"
HEADER = ["기업명", "소재지", "업종코드", "상시근로자수", "매출액(백만원)"]


def _workbook(rows: int, extra: list | None = None) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for i in range(rows):
        sheet.append([f"가람{i}", "인천 남동구", "C25", i % 300 + 1, i % 90000 + 100])
    if extra is not None:
        sheet.append(extra)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _rewritten(xlsx: bytes, path: Path, dimension: str, blank_rows_to: int = 0) -> Path:
    """The workbook with sheet1's <dimension> set to `dimension`, and formatted empty rows (a
    cell with a style and no value, as Excel keeps them) down to row `blank_rows_to`."""
    with zipfile.ZipFile(io.BytesIO(xlsx)) as zin, zipfile.ZipFile(path, "w") as zout:
        for info in zin.infolist():
            body = zin.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                body, n = re.subn(rb'<dimension ref="[^"]*"\s*/>',
                                  f'<dimension ref="{dimension}"/>'.encode(), body)  # fmt: skip
                assert n == 1
                last = int(re.findall(rb'<row r="(\d+)"', body)[-1])
                blanks = "".join(
                    f'<row r="{r}"><c r="A{r}" s="0"/></row>'
                    for r in range(last + 1, blank_rows_to + 1)
                )
                body = body.replace(b"</sheetData>", blanks.encode() + b"</sheetData>")
            zout.writestr(zipfile.ZipInfo(info.filename), body, zipfile.ZIP_DEFLATED)
    return path


def _read(path: Path) -> tuple[int, int]:
    listing = open_list(path)
    rows = sum(1 for _ in listing.raw_rows())
    return rows, listing.blank_rows


@pytest.fixture(params=["loaded", "streamed"])
def reader(request, monkeypatch):
    """Each test of readings runs with both readers: a sheet is streamed past STREAMED_FROM."""
    if request.param == "streamed":
        monkeypatch.setattr(workbook, "STREAMED_FROM", 0)
    return request.param


@pytest.mark.parametrize("dimension", ["A1", "A1:E100", "A1:E301", "A1:Q1048576"])
def test_every_row_is_read_whatever_size_the_workbook_claims(tmp_path, dimension, reader):
    """openpyxl trusts the claimed size and stops at its last row: a workbook that claims `A1`
    would lose every row without a word."""
    path = _rewritten(_workbook(300), tmp_path / "list.xlsx", dimension)
    assert _read(path) == (300, 0)


def test_formatted_empty_rows_below_the_data_are_not_rows(tmp_path, reader):
    """Excel keeps rows that were once formatted; they are not rows of the list, and a summary
    of 'a million blank rows skipped' would tell nobody anything."""
    path = _rewritten(_workbook(10), tmp_path / "list.xlsx", "A1:E50000", 50_000)
    assert _read(path) == (10, 0)
    with zipfile.ZipFile(path) as package:  # they are cut before calamine parses the sheet
        xml = package.read("xl/worksheets/sheet1.xml")
    cut = workbook._without_empty_rows(xml)
    assert cut is not None and len(cut) < len(xml) // 10 and cut.endswith(b"</worksheet>")


def test_blank_rows_between_filled_ones_are_counted(tmp_path, reader):
    xlsx = _workbook(3, [None] * 5)
    book = Workbook()
    sheet = book.active
    for row in [HEADER, *[["가람", "인천 남동구", "C25", 5, 100]] * 2, [], [None, ""], ["나래",
                "인천 남동구", "C25", 6, 200], [], []]:  # fmt: skip
        sheet.append(row)
    path = tmp_path / "list.xlsx"
    book.save(path)
    assert xlsx and _read(path) == (3, 2)


def test_a_note_beside_the_named_columns_is_a_column_without_a_name(tmp_path, cli, reader):
    """A cell in a column with no header is not read, and the run says so; the row is scored.
    (In CSV, a cell past the last header rejects its row: it is a shifted row more often.)"""
    xlsx = _workbook(2, ["나래", "인천 남동구", "C25", 10, 1000, None, "메모"])
    path = _rewritten(xlsx, tmp_path / "list.xlsx", "A1:G4")
    out = tmp_path / "out.csv"
    result = cli("batch", str(path), "-o", str(out), "--as-of", AS_OF)
    assert result.code == 0, result.err
    assert "read 3 = scored 3 + rejected 0" in result.err
    assert (f"warning: {path}: 1 filled cells in columns without a header are not used: G (1)"
            " (hint: give those columns a header, or see --show-mapping)") in result.err_lines  # fmt: skip


def test_a_column_without_a_header_in_a_csv_is_said_too(tmp_path, cli):
    path = tmp_path / "list.csv"
    path.write_text("기업명,소재지,업종코드,상시근로자수,,매출액(백만원)\n"
                    "가람,인천 남동구,C25,5,메모,100\n나래,인천 남동구,C25,6,,200\n",
                    encoding="utf-8")  # fmt: skip
    result = cli("batch", str(path), "-o", str(tmp_path / "out.csv"), "--as-of", AS_OF)
    assert result.code == 0, result.err
    assert any("1 filled cells in columns without a header are not used: E (1)" in line
               for line in result.err_lines), result.err  # fmt: skip


def _every_kind() -> Workbook:
    """A sheet with a title row, an empty column A, and cells of every kind Excel stores."""
    import datetime as dt

    book = Workbook()
    sheet = book.active
    sheet["B1"] = "2026년 신청 기업 목록"
    sheet.append([None, *HEADER, "설립일", "비고"])
    kinds = [
        ["가람", "인천 남동구", "C25", 12, 4500, dt.datetime(2006, 4, 1), "메모"],
        ["나래", "인천광역시 부평구", 25112, 7.0, 1234.5, dt.datetime(2010, 1, 2, 13, 30), True],
        ["다온", "인천 서구", "C25", "45명", "8,500", 45000, dt.time(8, 30)],
        ["라온", "인천 서구", "C25", 3, 1e20, "2012.03.15", False],
        ["마루", "인천 서구", "00123", 1, 0, dt.date(2020, 2, 29), "  앞뒤 공백  "],
        ["바다", "인천 서구", "C25", -3, 0.1, None, "오류가 될 칸"],
    ]
    for row in kinds:
        sheet.append([None, *row])
    return book


def _with_error_cells(book: Workbook, path: Path) -> Path:
    """The workbook with error cells as Excel writes them (a formula and its cached error)."""
    buffer = io.BytesIO()
    book.save(buffer)
    with zipfile.ZipFile(buffer) as zin, zipfile.ZipFile(path, "w") as zout:
        for info in zin.infolist():
            body = zin.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                body, n = re.subn(rb'<c r="H8"[^>]*>.*?</c>',
                                  b'<c r="H8" t="e"><f>1/0</f><v>#DIV/0!</v></c>', body)  # fmt: skip
                body, m = re.subn(rb'<c r="F4"[^>]*>.*?</c>',
                                  b"<c r='F4' t='e'><v>#N/A</v></c>", body)  # fmt: skip
                assert n == m == 1
            zout.writestr(info, body)
    return path


def _readings(path: Path) -> tuple:
    listing = open_list(path)
    rows = list(listing.raw_rows())
    return listing.header_row, [c.header for c in listing.columns], rows, listing.blank_rows


def test_both_readers_read_every_kind_of_cell_alike(tmp_path, monkeypatch):
    path = _with_error_cells(_every_kind(), tmp_path / "list.xlsx")
    loaded = _readings(path)
    monkeypatch.setattr(workbook, "STREAMED_FROM", 0)
    assert _readings(path) == loaded
    header_row, headers, rows, blank = loaded
    assert header_row == 2 and headers[:2] == ["", "기업명"] and blank == 0
    cells = dict(rows)
    assert cells[3][1:] == ["가람", "인천 남동구", "C25", 12, 4500, dt.datetime(2006, 4, 1), "메모"]
    assert cells[4][4:] == [7, "#N/A", dt.datetime(2010, 1, 2, 13, 30), True]  # 7.0 is 7
    assert cells[5][6:] == [45000, dt.time(8, 30)]
    assert cells[6][5:] == [1e20, "2012.03.15", False] and type(cells[6][5]) is float
    assert cells[7][3:] == ["00123", 1, 0, dt.datetime(2020, 2, 29), "  앞뒤 공백  "]
    assert cells[8][4:] == [-3, 0.1, None, "#DIV/0!"]


@pytest.mark.parametrize(
    "fixture", sorted(p.name for p in (Path(__file__).parent / "data").rglob("*.xlsx"))
)
def test_both_readers_read_the_fixture_workbooks_alike(fixture, monkeypatch):
    path = next((Path(__file__).parent / "data").rglob(fixture))
    loaded = _readings(path)
    monkeypatch.setattr(workbook, "STREAMED_FROM", 0)
    assert _readings(path) == loaded
    assert loaded[2]  # rows were read


def test_error_cells_are_found_whatever_the_sheet_part_is_called(tmp_path):
    """The sheet's part is found through the workbook's relationships, as Excel finds it, not by
    its usual name (xl/worksheets/sheet1.xml): other writers name it otherwise."""
    usual = _with_error_cells(_every_kind(), tmp_path / "usual.xlsx")
    renamed = tmp_path / "renamed.xlsx"
    with zipfile.ZipFile(usual) as zin, zipfile.ZipFile(renamed, "w") as zout:
        for info in zin.infolist():
            body = zin.read(info.filename)
            name = info.filename.replace("worksheets/sheet1.xml", "worksheets/data.xml")
            if info.filename in ("xl/_rels/workbook.xml.rels", "[Content_Types].xml"):
                body = body.replace(b"/sheet1.xml", b"/data.xml")
            zout.writestr(name, body)
    assert "xl/worksheets/data.xml" in zipfile.ZipFile(renamed).namelist()
    cells = dict(_readings(renamed)[2])
    assert cells[4][5] == "#N/A" and cells[8][7] == "#DIV/0!"
    assert _readings(renamed) == _readings(usual)


@pytest.mark.parametrize(
    ("name", "content", "said"),
    [
        ("web.xls", "<html><body><table><tr><td>기업명</td></tr></table></body></html>",
         "it is a web page, an HTML table saved under an Excel name) (hint: open it in Excel and"
         " save it as .xlsx, or save it as CSV)"),
        ("old.xls", '<?xml version="1.0"?><Workbook></Workbook>',
         "it is an XML file, perhaps Excel 2003 XML) (hint: open it in Excel and save it as .xlsx)"),
        ("list.xlsx", "기업명,소재지\n", "ZipError) (hint: save it again as .xlsx)"),
    ],
)  # fmt: skip
def test_a_file_that_only_looks_like_a_workbook_is_one_line(cli, tmp_path, name, content, said):
    """Public systems export web pages and XML files named .xls: the line says what it is."""
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    run = cli("batch", path, "-o", tmp_path / "out.csv")
    assert run.code == 1
    assert run.err_lines == [f"error: {path}: cannot open as an Excel workbook ({said}"]


def test_an_xls_workbook_is_read_as_the_same_list_in_csv(tmp_path, cli):
    """Offices still hold .xls files (Excel 97-2003): applicants.xls is applicants.csv saved so
    (make_xls.py), its numbers stored as numbers; both give the same results and rejections."""
    source = Path(__file__).parent / "data" / "applicants"
    runs = {}
    for suffix in ("csv", "xls"):
        out = tmp_path / f"{suffix}.json"
        run = cli("batch", source / f"applicants.{suffix}", "-o", out, "--as-of", AS_OF)
        assert run.code == 1, run.err  # its bad rows
        lines = [x.replace(f"applicants.{suffix}", "LIST").replace(str(out), "OUT")
                 for x in run.err_lines]  # fmt: skip
        runs[suffix] = (lines, json.loads(out.read_text(encoding="utf-8"))["applicants"])
    assert runs["xls"] == runs["csv"]
    assert "read 5 = scored 4 + rejected 1; 1 blank rows skipped" in runs["xls"][0][-1]


def test_a_workbook_is_opened_once(tmp_path, monkeypatch, reader):
    """Opening one parses every distinct text in it, seconds in a big one: once for the header
    and once more for the rows would double that."""
    import openpyxl

    opened = []
    real_init, real_load = workbook.Workbook.__init__, openpyxl.load_workbook
    monkeypatch.setattr(workbook.Workbook, "__init__",
                        lambda *a, **k: opened.append("book") or real_init(*a, **k))  # fmt: skip
    monkeypatch.setattr(openpyxl, "load_workbook",
                        lambda *a, **k: opened.append("stream") or real_load(*a, **k))  # fmt: skip
    path = tmp_path / "list.xlsx"
    path.write_bytes(_workbook(50))
    assert _read(path) == (50, 0)
    # the streamed reading opens the sheet once more, in openpyxl, for its rows only
    assert opened == (["book"] if reader == "loaded" else ["book", "stream"])


def _on_a_terminal(args: list[str], cwd: Path) -> tuple[int, str]:
    """Run with stderr on a pseudo-terminal (stdout and stdin elsewhere); its exit code and
    everything it showed there."""
    leader, follower = pty.openpty()
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "120"}
    env.pop("NO_COLOR", None)
    process = subprocess.Popen(args, cwd=cwd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                               stderr=follower, env=env)  # fmt: skip
    os.close(follower)
    shown = bytearray()
    while True:
        ready, _, _ = select.select([leader], [], [], 60)
        if not ready:
            process.kill()
            break
        try:
            got = os.read(leader, 65536)
        except OSError:  # the terminal's other end closed: the run is over
            break
        if not got:
            break
        shown += got
    os.close(leader)
    return process.wait(timeout=60), shown.decode("utf-8", "replace")


_STREAMING = "import sys; from sfmatch import workbook, cli; workbook.STREAMED_FROM = 0; sys.exit(cli.main())"


@pytest.mark.parametrize("command", ["batch", "convert"])
def test_reading_a_big_workbook_shows_rows_reached_not_zero_scored(tmp_path, command):
    """A sheet too big to load is streamed: 300,000 formatted empty rows under a few, read as
    one so. Its terminal line says it opens the file, then the row it has reached, while no row
    is scored yet."""
    path = _rewritten(_workbook(20), tmp_path / "list.xlsx", "A1:E1048576", 300_000)
    assert path.stat().st_size > 256 * 1024  # a list this big gets a progress line
    out = tmp_path / ("out.csv" if command == "batch" else "profiles")
    args = [sys.executable, "-c", _STREAMING, command, str(path), "-o", str(out)]
    code, shown = _on_a_terminal(args + (["--as-of", AS_OF] if command == "batch" else []),
                                 tmp_path)  # fmt: skip
    assert code == 0, shown
    assert "opening list.xlsx" in shown
    reached = [int(n.replace(",", "")) for n in re.findall(r"reading row ([\d,]+)", shown)]
    assert reached and max(reached) > 100_000, shown[-2000:]
    assert "scoring 0 rows" not in shown
    done = "scored" if command == "batch" else "converted"
    assert f"· 0 {done}" in shown or f"· 20 {done}" in shown
    assert f"read 20 = {done} 20 + rejected 0; wrote" in shown


def test_a_loaded_workbook_shows_its_opening(tmp_path):
    """The same workbook loaded (its size): calamine reads only the cells that hold values, so
    the formatted rows cost nothing and the line says it opens the file until it is read."""
    path = _rewritten(_workbook(20), tmp_path / "list.xlsx", "A1:E1048576", 300_000)
    args = [sys.executable, "-m", "sfmatch", "batch", str(path), "-o", "out.csv", "--as-of", AS_OF]
    code, shown = _on_a_terminal(args, tmp_path)
    assert code == 0, shown
    assert "opening list.xlsx" in shown and "read 20 = scored 20 + rejected 0; wrote" in shown


def test_a_list_that_cannot_be_looked_at_gets_no_progress_line_but_its_own_error(monkeypatch):
    """The progress line starts before the list is opened: a file it may not even look at
    (a folder without search permission) is for opening to report in one line, not a crash."""
    from sfmatch.commands._lists import _progress

    def denied(self, *args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "stat", denied)
    with _progress(Path("locked/list.xlsx")) as bar:
        assert bar is None


def test_a_sheet_whose_bytes_do_not_inflate_is_one_line(tmp_path, cli):
    """A download damaged in the middle of the sheet's compressed bytes (zlib fails on it): one
    line, exit 1, not an internal error."""
    path = tmp_path / "list.xlsx"
    path.write_bytes(_workbook(300))
    damaged = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as package:
        sheet = package.getinfo("xl/worksheets/sheet1.xml")
    start = sheet.header_offset + 30 + len(sheet.filename) + len(sheet.extra) + 200
    for at in range(start, start + 50):
        damaged[at] ^= 0x55
    path.write_bytes(bytes(damaged))
    run = cli("batch", str(path), "-o", str(tmp_path / "out.csv"), "--as-of", AS_OF)
    assert run.code == 1, run.err
    assert run.err_lines == [f"error: {path}: the sheet is damaged (damaged compressed data)"
                             " (hint: open it in Excel and save it again as .xlsx)"]  # fmt: skip
    assert "internal error" not in run.err and not (tmp_path / "out.csv").exists()

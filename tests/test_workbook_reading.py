"""Workbooks as exporters write them: a size that claims too few or too many rows, a million
formatted empty rows, and a progress line that says what is happening while they are read."""

from __future__ import annotations

import io
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


@pytest.mark.parametrize("dimension", ["A1", "A1:E100", "A1:E301", "A1:Q1048576"])
def test_every_row_is_read_whatever_size_the_workbook_claims(tmp_path, dimension):
    """openpyxl trusts the claimed size and stops at its last row: a workbook that claims `A1`
    would lose every row without a word."""
    path = _rewritten(_workbook(300), tmp_path / "list.xlsx", dimension)
    assert _read(path) == (300, 0)


def test_a_million_formatted_empty_rows_are_counted_as_blank(tmp_path):
    path = _rewritten(_workbook(10), tmp_path / "list.xlsx", "A1:E50000", 50_000)
    assert _read(path) == (10, 50_000 - 11)


def test_a_note_beside_the_named_columns_is_a_column_without_a_name(tmp_path, cli):
    """A cell in a column with no header, inside the sheet's claimed width, is not read (as
    before the size was no longer trusted for rows); the row is scored."""
    xlsx = _workbook(2, ["나래", "인천 남동구", "C25", 10, 1000, None, "메모"])
    path = _rewritten(xlsx, tmp_path / "list.xlsx", "A1:G4")
    out = tmp_path / "out.csv"
    result = cli("batch", str(path), "-o", str(out), "--as-of", AS_OF)
    assert result.code == 0, result.err
    assert "read 3 = scored 3 + rejected 0" in result.err


def test_a_workbook_is_opened_once(tmp_path, monkeypatch):
    """Opening one parses every distinct text in it, seconds in a big one: once for the header
    and once more for the rows would double that."""
    import openpyxl

    opened = []
    real = openpyxl.load_workbook
    monkeypatch.setattr(
        openpyxl, "load_workbook", lambda *a, **k: opened.append(1) or real(*a, **k)
    )
    path = tmp_path / "list.xlsx"
    path.write_bytes(_workbook(50))
    assert _read(path) == (50, 0)
    assert len(opened) == 1


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


@pytest.mark.parametrize("command", ["batch", "convert"])
def test_reading_a_big_workbook_shows_rows_reached_not_zero_scored(tmp_path, command):
    """A workbook with a few rows and 300,000 formatted empty ones under them: its terminal
    line says it opens the file, then the row it has reached, while no row is scored yet."""
    path = _rewritten(_workbook(20), tmp_path / "list.xlsx", "A1:E1048576", 300_000)
    assert path.stat().st_size > 256 * 1024  # a list this big gets a progress line
    out = tmp_path / ("out.csv" if command == "batch" else "profiles")
    args = [sys.executable, "-m", "sfmatch", command, str(path), "-o", str(out)]
    code, shown = _on_a_terminal(args + (["--as-of", AS_OF] if command == "batch" else []),
                                 tmp_path)  # fmt: skip
    assert code == 0, shown
    assert "opening list.xlsx" in shown
    reached = [int(n.replace(",", "")) for n in re.findall(r"reading row ([\d,]+)", shown)]
    assert reached and max(reached) > 100_000, shown[-2000:]
    assert "scoring 0 rows" not in shown
    done = "scored" if command == "batch" else "converted"
    assert f"· 0 {done}" in shown or f"· 20 {done}" in shown


def test_a_list_that_cannot_be_looked_at_gets_no_progress_line_but_its_own_error(monkeypatch):
    """The progress line starts before the list is opened: a file it may not even look at
    (a folder without search permission) is for opening to report in one line, not a crash."""
    from sfmatch.commands._lists import _progress

    def denied(self, *args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "stat", denied)
    with _progress(Path("locked/list.xlsx")) as bar:
        assert bar is None

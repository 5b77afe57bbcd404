"""The XLSX writer of the data rows (render/xlsx.py) against xlsxwriter, whose rows it replaces:
the same cells must give the same sheet XML, byte for byte, and read back the same."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sfmatch.render import xlsx

AS_OF = dt.date(2026, 12, 5)
HEADER = ["row", "name", "score", "flag", "note"]

PIECES = ["_x0041_", "_x00", "&", "<", ">", "\t", "\n", "\r", " ", "\x00", "\x1f", "\ufffe",
          "기업", "<r>", "</r>", '"']  # fmt: skip
texts = st.lists(
    st.one_of(st.characters(codec="utf-8", exclude_categories=("Cs",)), st.sampled_from(PIECES)),
    max_size=12,
).map("".join)
# (control characters and the noncharacters U+FFFE/U+FFFF are written as _xHHHH_, as Excel and
# xlsxwriter write them, which openpyxl gives back as written)
plain_texts = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Cn")),
                      max_size=20)  # fmt: skip
cells = st.one_of(
    st.none(),
    texts,
    st.booleans(),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=False, allow_infinity=False),
)
rows = st.lists(st.lists(cells, min_size=5, max_size=5), max_size=6)


def _ours(path, data, repeat_from: int | None = None) -> bytes:
    xlsx.write_workbook(path, [(("results", HEADER, data), HEADER, repeat_from)], AS_OF)
    return path.read_bytes()


def _xlsxwriters(data) -> bytes:
    """The same rows written by xlsxwriter in constant-memory mode, as sfmatch wrote them."""
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"strings_to_formulas": False, "strings_to_urls": False,
                                        "strings_to_numbers": False, "constant_memory": True})  # fmt: skip
    sheet = book.add_worksheet("results")
    for n, row in enumerate(data, xlsx.HEADER_ROWS):
        for col, value in enumerate(row):
            if value is None:
                continue
            if isinstance(value, bool):
                sheet.write_boolean(n, col, value)
            elif isinstance(value, int | float):
                sheet.write_number(n, col, value)
            else:
                sheet.write_string(n, col, value)
    book.close()
    return buffer.getvalue()


def _rows_xml(workbook: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(workbook)) as package:
        body = package.read("xl/worksheets/sheet1.xml")
    if b"<sheetData>" not in body:  # <sheetData/>: no row at all
        return b""
    data = body.split(b"<sheetData>", 1)[1].split(b"</sheetData>", 1)[0]
    return b"".join(re.findall(rb'<row r="(?:[3-9]|\d\d+)"[^>]*>.*?</row>', data))


@settings(max_examples=200, deadline=None)
@given(rows, st.sampled_from([None, 0, 2, 4]), st.randoms(use_true_random=False))
def test_rows_are_written_as_xlsxwriter_writes_them(tmp_path_factory, data, repeat_from, rng):
    """With runs of repeated values made once too (`repeat_from`): the rows are drawn again,
    shuffled, so that runs repeat, and some repeat with equal values of other kinds."""
    # xlsxwriter writes a text that starts with <r> and ends with </r> as rich text, raw: a name
    # such as that would break its XML; sfmatch escapes it as any other text
    again = [list(row) for row in data]
    rng.shuffle(again)
    data = [*data, *again, *[[True if c == 1 else c for c in row] for row in data]]
    rich = any(isinstance(c, str) and c.startswith("<r>") and c.endswith("</r>")
               for row in data for c in row)  # fmt: skip
    ours = _ours(tmp_path_factory.mktemp("x") / "out.xlsx", data, repeat_from)
    if not rich:
        assert _rows_xml(ours) == _rows_xml(_xlsxwriters(data))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.one_of(st.none(), plain_texts, st.booleans(),
                                   st.integers(-(2**53), 2**53)), min_size=5, max_size=5),
                min_size=1, max_size=6))  # fmt: skip
def test_rows_read_back_as_written(tmp_path_factory, data):
    """openpyxl reads each cell back as it was written (texts, whole numbers, booleans)."""
    from openpyxl import load_workbook

    path = tmp_path_factory.mktemp("x") / "out.xlsx"
    _ours(path, data)
    sheet = load_workbook(path)["results"]
    for n, row in enumerate(data, xlsx.HEADER_ROWS + 1):
        for col, value in enumerate(row, 1):
            assert sheet.cell(n, col).value == value, (n, col)


def test_equal_values_of_other_kinds_keep_their_own_cells(tmp_path):
    """Cells are made once per distinct value: 1, 1.0, True and '1' are equal keys in Python,
    0.0 and -0.0 too, but not the same cell."""
    data = [[1, 1.0, True, "1", 0.0], [-0.0, 0.0, 1, True, "1"], [True, 1, 1.0, 1, -0.0],
            [True, 1, 1.0, 1, 0.0]]  # fmt: skip
    for repeat_from in (None, 0, 3):
        ours = _rows_xml(_ours(tmp_path / "out.xlsx", data, repeat_from))
        assert ours == _rows_xml(_xlsxwriters(data)), repeat_from
        assert b'<c r="C3" t="b">' in ours and b'<c r="A4"><v>-0</v>' in ours


def test_the_frame_says_where_the_rows_end(tmp_path):
    """The dimension and the filter cover every row written, not the header alone."""
    from openpyxl import load_workbook

    path = tmp_path / "out.xlsx"
    _ours(path, [[1, "가람", 3.5, True, None], [2, "나래", 4, False, "메모"]])
    sheet = load_workbook(path)["results"]
    assert sheet.dimensions == "A1:E4" and sheet.auto_filter.ref == "A2:E4"
    assert sheet.freeze_panes == "A3" and sheet["B4"].value == "나래" and sheet["D3"].value is True


def test_a_workbook_is_the_same_bytes_every_time(tmp_path):
    data = [[n, f"기업{n}", n * 1.5, n % 2 == 0, None] for n in range(50)]
    assert _ours(tmp_path / "a.xlsx", data) == _ours(tmp_path / "b.xlsx", data)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.xlsx", "b.xlsx"]  # no temporary


@pytest.mark.parametrize("limit", [3, 4, 7])
def test_rows_past_a_sheets_end_go_on_in_the_next(tmp_path, monkeypatch, limit):
    from openpyxl import load_workbook

    monkeypatch.setattr(xlsx, "XLSX_MAX_ROWS", limit)
    data = [[n, f"기업{n}", None, None, None] for n in range(10)]
    path = tmp_path / "out.xlsx"
    _ours(path, data)
    book = load_workbook(path, read_only=True)
    read = [r[0] for s in book.worksheets for r in s.iter_rows(min_row=3, values_only=True)]
    assert read == list(range(10))
    assert all(s.max_row <= limit for s in book.worksheets)

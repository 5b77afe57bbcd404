"""Writes applicants.xls: applicants.csv as an Excel 97-2003 workbook, the kind offices still
hold, with numbers stored as numbers (as Excel stores what it reads as one) and the rest as text.

Run with xlwt installed (`pip install xlwt`; not a dependency of sfmatch or its tests):
    python tests/data/applicants/make_xls.py
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import xlwt

HERE = Path(__file__).parent
NUMBER = re.compile(r"[1-9]\d*")  # "8,500" stays text, as a CSV cell Excel kept as typed


def main() -> None:
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("신청목록")
    with (HERE / "applicants.csv").open(encoding="utf-8-sig", newline="") as handle:
        for r, row in enumerate(csv.reader(handle)):
            for c, cell in enumerate(row):
                if cell:
                    sheet.write(r, c, int(cell) if NUMBER.fullmatch(cell) else cell)
    book.save(str(HERE / "applicants.xls"))


if __name__ == "__main__":
    main()

"""A registry-shaped workbook against the same rows as CSV (a benchmark, not a test).

The FactoryOn 공장등록현황 export holds some 6,300 rows in a sheet whose rows are formatted down to
Excel's last one, 1,048,576. For each size N this writes N synthetic applicants with batch.py's
generator (the same rows for the same --seed) as a UTF-8 CSV, and as an .xlsx (xlsxwriter,
numbers as numbers) whose sheet then gets a formatted, empty row down to row --rows-to (default
1,048,576), as that export has. It times, end to end and --runs times, interleaved:

  csv       sfmatch batch LIST.csv  -o OUT.csv --top 3 --as-of 2026-03-02   (the baseline)
  xlsx      sfmatch batch LIST.xlsx -o OUT.csv --top 3 --as-of 2026-03-02   (calamine)
  streamed  the same, with the sheet streamed by openpyxl as a sheet too big to load is
            (sfmatch.workbook.STREAMED_FROM set to 0): the reader of the versions before

Wall time and peak RSS are measured as batch.py does (its run_once). Every run must end its
stderr with `read N = scored N + rejected 0`. It reports the median wall time per reading and
its ratio to the CSV median of the same runs (issue 18's goal: xlsx <= 1.5x csv). It reports; it
does not gate: exit code 0 whenever the commands ran, 2 if one of them failed.

Usage: python benchmarks/workbook.py [--sizes 6336] [--runs N] [--seed S] [--rows-to R]
                                    [--keep DIR] [--json]
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import statistics
import sys
import time
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import (
    CommandFailed,
    checked_sizes,
    clean_env,
    find_sfmatch,
    list_arguments,
    machine,
    machine_lines,
    report_failure,
    workspace,
)
from batch import AS_OF, TOP, generate_csv, run_once

DEFAULT_SIZES = "6336"  # the FactoryOn registry of issue 18
DEFAULT_SEED = 20260302
EXCEL_ROWS = 1_048_576
NUMBER = re.compile(r"-?[1-9]\d{0,14}")
STREAMING = "import sys; from sfmatch import workbook, cli; workbook.STREAMED_FROM = 0; sys.exit(cli.main())"


def write_workbook(csv_path: Path, path: Path, rows_to: int) -> None:
    """The CSV's rows as a sheet, then a formatted empty row (a styled cell without a value, as
    Excel keeps them) in every row below, down to `rows_to`."""
    import xlsxwriter

    plain = path.with_suffix(".plain.xlsx")
    book = xlsxwriter.Workbook(str(plain), {"constant_memory": True, "strings_to_numbers": False})
    sheet = book.add_worksheet("공장등록현황")
    with csv_path.open(encoding="utf-8", newline="") as handle:
        for r, row in enumerate(csv.reader(handle)):
            for c, cell in enumerate(row):
                if NUMBER.fullmatch(cell):
                    sheet.write_number(r, c, int(cell))
                elif cell:
                    sheet.write_string(r, c, cell)
    book.close()
    with zipfile.ZipFile(plain) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            body = zin.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                last = int(re.findall(rb'<row r="(\d+)"', body)[-1])
                blanks = b"".join(
                    b'<row r="%d"><c r="A%d" s="0"/></row>' % (r, r)
                    for r in range(last + 1, rows_to + 1)
                )
                body = body.replace(b"</sheetData>", blanks + b"</sheetData>")
                body = re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:J%d"/>' % rows_to,
                              body)  # fmt: skip
            zout.writestr(info.filename, body)
    plain.unlink()


def argvs(sfmatch: Path, csv_path: Path, xlsx: Path, work: Path) -> dict[str, list[str]]:
    tail = ["-o", str(work / "out.csv"), "--top", str(TOP), "--as-of", AS_OF]
    python = str(sfmatch.parent / "python")
    return {
        "csv": [str(sfmatch), "batch", str(csv_path), *tail],
        "xlsx": [str(sfmatch), "batch", str(xlsx), *tail],
        "streamed": [python, "-c", STREAMING, "batch", str(xlsx), *tail],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmark reading a workbook against a CSV.")
    list_arguments(parser, DEFAULT_SIZES, DEFAULT_SEED)
    parser.add_argument("--rows-to", type=int, default=EXCEL_ROWS,
                        help="formatted empty rows down to this row (default 1,048,576)")  # fmt: skip
    args = parser.parse_args(argv)
    sizes = checked_sizes(parser, args)
    sfmatch = find_sfmatch()
    if sfmatch is None:
        return 2
    env = clean_env()
    env.update(NO_COLOR="1", COLUMNS="100")
    rows = []
    with workspace(args.keep) as (work, data_dir):
        try:
            for n in sizes:
                src = data_dir / f"applicants-{n}-seed{args.seed}.csv"
                generate_csv(src, n, args.seed)
                xlsx = data_dir / f"applicants-{n}-seed{args.seed}.xlsx"
                write_workbook(src, xlsx, max(args.rows_to, n + 1))
                commands = argvs(sfmatch, src, xlsx, work)
                walls: dict[str, list[float]] = {label: [] for label in commands}
                peaks: dict[str, float] = dict.fromkeys(commands, 0.0)
                for _ in range(args.runs):  # interleaved: machine noise hits all alike
                    for label, command in commands.items():
                        elapsed, peak = run_once(f"{label} ({n} rows)", command, n, work, env)[:2]
                        walls[label].append(elapsed)
                        peaks[label] = max(peaks[label], peak)
                base = statistics.median(walls["csv"])
                for label, times in walls.items():
                    median = statistics.median(times)
                    rows.append({"applicants": n, "reading": label, "walls_s": times,
                                 "median_s": round(median, 3), "peak_mb": round(peaks[label]),
                                 "vs_csv": round(median / base, 2)})  # fmt: skip
        except CommandFailed as exc:
            return report_failure(exc)
    report = {"machine": machine(), "runs": args.runs, "seed": args.seed,
              "rows_to": args.rows_to, "results": rows,
              "measured": time.strftime("%Y-%m-%d")}  # fmt: skip
    if args.json:
        print(json.dumps(report, indent=2, ensure_ascii=False))
        return 0
    print("\n".join(machine_lines(report["machine"], 14)))
    print(f"{'formatted to':<14}: row {args.rows_to:,}")
    print(f"{'applicants':>10}  {'reading':<9} {'median s':>9} {'vs csv':>8} {'peak MB':>8}")
    for row in rows:
        print(f"{row['applicants']:>10,}  {row['reading']:<9} {row['median_s']:>9.2f}"
              f" {row['vs_csv']:>7.2f}x {row['peak_mb']:>8,}")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""`sfmatch batch` writing CSV, XLSX and JSON results of the same list (a benchmark, not a test).

For each size N it writes N synthetic applicants with batch.py's generator (the same rows for
the same --seed), then times, end to end and --runs times, interleaved:

  csv   sfmatch batch LIST.csv -o OUT.csv  --top 3 --as-of 2026-03-02   (the baseline)
  xlsx  sfmatch batch LIST.csv -o OUT.xlsx --top 3 --as-of 2026-03-02
  json  sfmatch batch LIST.csv -o OUT.json --top 3 --as-of 2026-03-02

(--formats picks which; csv is always timed, as the yardstick). Wall time and peak RSS (summed
over the process and its workers) are measured as batch.py does (its run_once). Every run must
end its stderr with `read N = scored N + rejected 0`. It reports per format the median wall time,
its ratio to the CSV median of the same runs, the peak RSS (max over the runs) and the output's
bytes per applicant. Issue 18's goals: XLSX <= 2.5x CSV; JSON <= 3x CSV and <= 5 KB an
applicant; peak memory < 500 MB at 1,000,000 applicants in every format. It reports; it does not
gate: exit code 0 whenever the commands ran, 2 if one of them failed.

Usage: python benchmarks/formats.py [--sizes 6336] [--formats csv,xlsx,json] [--runs N]
                                    [--seed S] [--keep DIR] [--json]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
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

DEFAULT_SIZES = "6336"
DEFAULT_SEED = 20260302
FORMATS = ("csv", "xlsx", "json")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmark batch's output formats.")
    list_arguments(parser, DEFAULT_SIZES, DEFAULT_SEED)
    parser.add_argument("--formats", default=",".join(FORMATS),
                        help="comma list of csv, xlsx, json (csv is always timed)")  # fmt: skip
    args = parser.parse_args(argv)
    sizes = checked_sizes(parser, args)
    chosen = ["csv", *(f for f in FORMATS[1:] if f in args.formats.split(","))]
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
                walls: dict[str, list[float]] = {f: [] for f in chosen}
                peaks: dict[str, float] = dict.fromkeys(chosen, 0.0)
                sizes_out: dict[str, int] = {}
                for _ in range(args.runs):  # interleaved: machine noise hits all alike
                    for fmt in chosen:
                        out = work / f"out.{fmt}"
                        command = [str(sfmatch), "batch", str(src), "-o", str(out),
                                   "--top", str(TOP), "--as-of", AS_OF]  # fmt: skip
                        elapsed, peak = run_once(f"{fmt} ({n} rows)", command, n, work, env)[:2]
                        walls[fmt].append(elapsed)
                        peaks[fmt] = max(peaks[fmt], peak)
                        sizes_out[fmt] = out.stat().st_size
                        out.unlink()
                base = statistics.median(walls["csv"])
                for fmt in chosen:
                    median = statistics.median(walls[fmt])
                    rows.append({"applicants": n, "format": fmt, "walls_s": walls[fmt],
                                 "median_s": round(median, 3), "vs_csv": round(median / base, 2),
                                 "peak_mb": round(peaks[fmt]),
                                 "bytes_per_applicant": round(sizes_out[fmt] / n)})  # fmt: skip
        except CommandFailed as exc:
            return report_failure(exc)
    report = {"machine": machine(), "runs": args.runs, "seed": args.seed, "results": rows,
              "measured": time.strftime("%Y-%m-%d")}  # fmt: skip
    if args.json:
        print(json.dumps(report, indent=2, ensure_ascii=False))
        return 0
    print("\n".join(machine_lines(report["machine"], 14)))
    print(f"{'applicants':>10}  {'format':<6} {'median s':>9} {'vs csv':>8} {'peak MB':>8}"
          f" {'B/applicant':>12}")  # fmt: skip
    for row in rows:
        print(f"{row['applicants']:>10,}  {row['format']:<6} {row['median_s']:>9.2f}"
              f" {row['vs_csv']:>7.2f}x {row['peak_mb']:>8,} {row['bytes_per_applicant']:>12,}")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())

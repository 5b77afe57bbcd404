"""`sfmatch convert` against `sfmatch batch` of the same list (a benchmark, not a test).

For each size N it writes N synthetic applicants with batch.py's generator (the same rows for
the same --seed), then times, end to end and --runs times, interleaved:

  batch    sfmatch batch LIST.csv -o OUT.csv --top 3 --as-of 2026-03-02   (the baseline)
  convert  sfmatch convert LIST.csv -o FOLDER                            (a new, empty folder)

and, with --compare OTHER_SFMATCH, `convert` of another sfmatch executable (an earlier
version's) in the same runs, as `convert@base`. Wall time and peak RSS are measured as batch.py
does (its run_once). Every run must end its stderr with `read N = ... + rejected 0`.

It reports the median wall time per command and its ratio to the batch median of the same runs
(issue 18's goal: convert <= 2x batch). It reports; it does not gate: exit code 0 whenever the
commands ran, 2 if one of them failed.

Usage: python benchmarks/convert.py [--sizes 6000] [--runs N] [--seed S] [--keep DIR] [--json]
                                   [--compare OTHER_SFMATCH]
"""

from __future__ import annotations

import argparse
import json
import shutil
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

DEFAULT_SIZES = "6000"  # about the FactoryOn registry of issue 18 (6,336 rows)
DEFAULT_SEED = 20260302


def argvs(sfmatch: Path, compare: Path | None, src: Path, work: Path) -> dict[str, list[str]]:
    commands = {
        "batch": [
            str(sfmatch),
            "batch",
            str(src),
            "-o",
            str(work / "batch.csv"),
            "--top",
            str(TOP),
            "--as-of",
            AS_OF,
        ],
        "convert": [str(sfmatch), "convert", str(src), "-o", str(work / "profiles")],
    }
    if compare is not None:
        commands["convert@base"] = [str(compare), "convert", str(src), "-o", str(work / "base")]
    return commands


def timed(label: str, argv: list[str], n: int, work: Path, env: dict[str, str]) -> float:
    for folder in ("profiles", "base"):  # each convert writes a new folder
        shutil.rmtree(work / folder, ignore_errors=True)
    # run_once requires exit 0 (no row rejected) and all n rows scored
    return run_once(f"{label} ({n} rows)", argv, n, work, env)[0]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmark sfmatch convert against batch.")
    list_arguments(parser, DEFAULT_SIZES, DEFAULT_SEED)
    parser.add_argument("--compare", type=Path, metavar="OTHER_SFMATCH",
                        help="also time this sfmatch executable's convert")  # fmt: skip
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
                commands = argvs(sfmatch, args.compare, src, work)
                walls: dict[str, list[float]] = {label: [] for label in commands}
                for _ in range(args.runs):  # interleaved: machine noise hits all alike
                    for label, command in commands.items():
                        walls[label].append(timed(label, command, n, work, env))
                base = statistics.median(walls["batch"])
                for label, times in walls.items():
                    median = statistics.median(times)
                    rows.append({"applicants": n, "command": label, "walls_s": times,
                                 "median_s": round(median, 3),
                                 "vs_batch": round(median / base, 2)})  # fmt: skip
        except CommandFailed as exc:
            return report_failure(exc)
    report = {"machine": machine(), "runs": args.runs, "seed": args.seed, "results": rows,
              "measured": time.strftime("%Y-%m-%d")}  # fmt: skip
    if args.json:
        print(json.dumps(report, indent=2, ensure_ascii=False))
        return 0
    print("\n".join(machine_lines(report["machine"], 14)))
    print(f"{'applicants':>10}  {'command':<13} {'median s':>9} {'vs batch':>9}")
    for row in rows:
        print(f"{row['applicants']:>10,}  {row['command']:<13} {row['median_s']:>9.2f}"
              f" {row['vs_batch']:>8.2f}x")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())

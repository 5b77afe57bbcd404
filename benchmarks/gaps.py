"""Throughput benchmark for `sfmatch gaps` (a benchmark, not a test).

For each size N it writes N synthetic applicants to a UTF-8 CSV with batch.py's generator (the
same rows for the same --seed), then times, end to end and --runs times,

  A  sfmatch gaps LIST.csv --as-of 2026-03-02 --format csv -o OUT.csv
  B  sfmatch gaps LIST.csv --as-of 2026-03-02 --by district
         --with CATALOG/scenarios/incheon-maintenance --format xlsx -o OUT.xlsx

from an empty temporary folder with SFMATCH_PROGRAMS unset, so the bundled catalog is scored
(CATALOG is that catalog; if it has no scenarios folder, the repository's programs/ is used for
the --with folder). The baseline is timed in the same runs, interleaved with A and B:

  sfmatch batch LIST.csv -o OUT.csv --top 3 --as-of 2026-03-02

the command batch.py times, which scores the same applicant x program pairs. Wall time and peak
RSS are measured as batch.py does (its run_once: time.perf_counter; RSS summed over the process
tree, sampled every 20 ms, or ru_maxrss where larger). Every run must exit 0 and end its stderr
with `read N = scored N + rejected 0`; the generated list has no bad rows.

Per size and command it reports the median wall time, applicants/s, the peak RSS (max over the
runs) and, for A and B, the ratio of their median to the batch median of the same runs: what a
gaps report costs over a batch run of the same list.

It reports; it does not gate: exit code 0 whenever the commands ran, 2 if one of them failed.

Usage: python benchmarks/gaps.py [--sizes 10000,100000] [--runs N] [--seed S] [--keep DIR]
                                [--json]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

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
from batch import (
    AS_OF,
    DEFAULT_SEED,
    SUMMARY,
    TOP,
    bundled_catalog,
    generate_csv,
    run_once,
)

DEFAULT_SIZES = "10000,100000"
SCENARIO = Path("scenarios") / "incheon-maintenance"
BASELINE = "batch"
COMMANDS = {
    BASELINE: f"sfmatch batch LIST.csv -o OUT.csv --top {TOP} --as-of {AS_OF}",
    "gaps-csv": f"sfmatch gaps LIST.csv --as-of {AS_OF} --format csv -o OUT.csv",
    "gaps-xlsx": f"sfmatch gaps LIST.csv --as-of {AS_OF} --by district "
    f"--with CATALOG/{SCENARIO.as_posix()} --format xlsx -o OUT.xlsx",
}


def scenario_dir(catalog: Path) -> Path:
    """The incheon-maintenance scenario: in the bundled catalog, else in this checkout."""
    inside = catalog / SCENARIO
    if inside.is_dir():
        return inside
    return Path(__file__).resolve().parents[1] / "programs" / SCENARIO


def argvs(sfmatch: Path, csv_path: Path, work: Path, scenario: Path) -> dict[str, list[str]]:
    exe, src = str(sfmatch), str(csv_path)
    batch = [exe, "batch", src, "-o", str(work / "batch.csv"), "--top", str(TOP)]
    gaps = [exe, "gaps", src, "--as-of", AS_OF]
    by_district = ["--by", "district", "--with", str(scenario)]
    return {
        BASELINE: [*batch, "--as-of", AS_OF],
        "gaps-csv": [*gaps, "--format", "csv", "-o", str(work / "gaps.csv")],
        "gaps-xlsx": [*gaps, *by_district, "--format", "xlsx", "-o", str(work / "gaps.xlsx")],
    }


def timed(
    label: str, argv: list[str], n: int, work: Path, env: dict[str, str]
) -> tuple[float, float, str]:
    """batch.py's run_once, plus the check that nothing was rejected (`rejected 0`)."""
    name = f"{COMMANDS[label].split(' LIST.csv')[0]} ({n} rows)"
    elapsed, peak, summary = run_once(name, argv, n, work, env)
    match = SUMMARY.fullmatch(summary)
    if match is None or [int(g) for g in match.groups()] != [n, n, 0]:
        stderr = (work / "stderr.txt").read_text(encoding="utf-8", errors="replace")
        raise CommandFailed(name, 0, f"expected read {n} = scored {n} + rejected 0:\n{stderr}")
    return elapsed, peak, summary


def measure(
    sfmatch: Path,
    sizes: list[int],
    runs: int,
    seed: int,
    data_dir: Path,
    work: Path,
    scenario: Path,
) -> list[dict[str, object]]:
    env = clean_env()
    env.update(NO_COLOR="1", COLUMNS="100")
    results = []
    for n in sizes:
        csv_path = data_dir / f"applicants-{n}-seed{seed}.csv"
        start = time.perf_counter()
        generate_csv(csv_path, n, seed)
        generated = time.perf_counter() - start
        commands = argvs(sfmatch, csv_path, work, scenario)
        walls: dict[str, list[float]] = {label: [] for label in commands}
        rss: dict[str, list[float]] = {label: [] for label in commands}
        summaries: dict[str, str] = {}
        for _ in range(runs):  # interleaved, so machine noise hits all alike
            for label, argv in commands.items():
                elapsed, peak, summaries[label] = timed(label, argv, n, work, env)
                walls[label].append(elapsed)
                rss[label].append(peak)
        for label in commands:
            results.append(
                {
                    "applicants": n,
                    "command": label,
                    "csv_mb": round(csv_path.stat().st_size / 1e6, 2),
                    "generate_s": round(generated, 3),
                    "walls_s": walls[label],
                    "batch_walls_s": walls[BASELINE],
                    "peak_rss_mb": max(rss[label]),
                    "summary": summaries[label],
                }
            )
        for out in ("batch.csv", "gaps.csv", "gaps.xlsx"):
            (work / out).unlink(missing_ok=True)
    return results


def summarize(
    results: list[dict], catalog: Path, scenario: Path, runs: int, seed: int
) -> dict[str, object]:
    rows = []
    for r in results:
        n, wall = r["applicants"], statistics.median(r["walls_s"])
        batch = statistics.median(r["batch_walls_s"])
        rows.append(
            {
                "applicants": n,
                "command": r["command"],
                "median_s": round(wall, 3),
                "min_s": round(min(r["walls_s"]), 3),
                "max_s": round(max(r["walls_s"]), 3),
                "applicants_per_s": round(n / wall, 1),
                "peak_rss_mb": round(r["peak_rss_mb"], 1),
                "batch_median_s": round(batch, 3),
                "x_batch": round(wall / batch, 2),
                "csv_mb": r["csv_mb"],
                "generate_s": r["generate_s"],
                "summary": r["summary"],
            }
        )
    return {
        "machine": machine(),
        "commands": COMMANDS,
        "catalog": str(catalog),
        "scenario": str(scenario),
        "runs": runs,
        "seed": seed,
        "sizes": rows,
    }


def render_text(report: dict) -> str:
    m = report["machine"]
    lines = [
        *machine_lines(m, 9),
        f"catalog  : {report['catalog']}",
        f"scenario : {report['scenario']}",
        f"runs     : {report['runs']} per size, interleaved (median wall; peak RSS = max over "
        f"runs), seed {report['seed']}",
        "commands :",
        *(f"  {label:<9} = {command}" for label, command in report["commands"].items()),
        "  (CATALOG = the catalog above; the --with folder is the scenario above)",
        "",
        f"{'applicants':>10} {'command':<9} {'median s':>9} {'min s':>8} {'max s':>8} "
        f"{'appl/s':>10} {'RSS MB':>7} {'× batch':>8}",
    ]
    for s in report["sizes"]:
        ratio = "—" if s["command"] == BASELINE else f"{s['x_batch']:.2f}"
        lines.append(
            f"{s['applicants']:>10,} {s['command']:<9} {s['median_s']:>9.3f} {s['min_s']:>8.3f} "
            f"{s['max_s']:>8.3f} {s['applicants_per_s']:>10,.1f} {s['peak_rss_mb']:>7.1f} "
            f"{ratio:>8}"
        )
    lines.append("× batch = median of the command / median of sfmatch batch in the same runs")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmark sfmatch gaps against sfmatch batch.")
    list_arguments(parser, DEFAULT_SIZES, DEFAULT_SEED)
    args = parser.parse_args(argv)
    sizes = checked_sizes(parser, args)

    sfmatch = find_sfmatch()
    if sfmatch is None:
        return 2

    with workspace(args.keep) as (work, data_dir):
        env = clean_env()
        try:
            catalog = bundled_catalog(env, work)
            scenario = scenario_dir(catalog)
            if not scenario.is_dir():
                print(f"error: no scenario folder at {scenario}", file=sys.stderr)
                return 2
            results = measure(sfmatch, sizes, args.runs, args.seed, data_dir, work, scenario)
        except CommandFailed as exc:
            return report_failure(exc)

    report = summarize(results, catalog, scenario, args.runs, args.seed)
    print(json.dumps(report, indent=2, ensure_ascii=False) if args.json else render_text(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Throughput benchmark for `sfmatch batch` (a benchmark, not a test).

For each size N it writes N synthetic applicants to a UTF-8 CSV (deterministic for a --seed,
streamed, so a million rows need no memory), then times, end to end and --runs times,

  sfmatch batch LIST.csv -o OUT.csv --top 3 --as-of 2026-03-02

from an empty temporary folder with SFMATCH_PROGRAMS unset, so the bundled catalog is scored.
Each run's wall time comes from time.perf_counter; its peak RSS is the sum over the process and
its worker processes, sampled every 20 ms (an upper bound: forked workers share pages), or
os.wait4's ru_maxrss where that is larger.
Per size it reports the median wall time, applicants/s, pairs/s (pairs = N x programs in the
bundled catalog), ms per applicant and the peak RSS (max over the runs), against a baseline timed
in the same runs (interleaved): reading the same CSV and writing 3 rows per applicant with the csv
module, the I/O floor of any batch tool. It checks the targets of the issue where the sizes run
can show them:

  throughput  >= 1,000,000 pairs/s at 100,000 applicants (needs 100000 in --sizes)
  memory      peak RSS <= 500 MB at every size, i.e. flat as N grows
  linearity   time per applicant at the largest N <= 1.2x that at the smallest N (needs 2 sizes)

It reports; it does not gate: exit code 0 whenever the commands ran, 2 if one of them failed
(sfmatch exiting 1 because it rejected a generated row counts as a failure of the generator).

Usage: python benchmarks/batch.py [--sizes 1000,10000] [--runs N] [--seed S] [--keep DIR] [--json]
                                 [--jobs auto,1] [--goals] [--compare OTHER_SFMATCH]

--jobs times each listed --jobs value in the same interleaved runs ('auto' runs the command as
users do, with no flag); --goals adds a column of distinct free-text goals, the costly case for
relevance matching; --compare times another sfmatch executable (an earlier version's, installed
from a checkout of that commit) in the same interleaved runs, rows marked `@base`, with the
ratio of the two medians per size.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import random
import re
import statistics
import subprocess
import sys
import threading
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

AS_OF = "2026-03-02"
TOP = 3
DEFAULT_SIZES = "1000,10000"
DEFAULT_SEED = 20260302

HEADERS = [
    "기업명",
    "사업자등록번호",
    "소재지",
    "업종코드",
    "상시근로자수",
    "매출액(백만원)",
    "스마트공장 수준",
    "필요분야",
    "기수혜",
    "설립일",
]
LOCATIONS = [
    "인천광역시 남동구",
    "인천광역시 부평구",
    "인천광역시 서구",
    "경기도 시흥시",
    "경상남도 창원시",
    "서울특별시",
    "부산광역시",
]
INDUSTRIES = ["C25", "C29", "C22", "C10", "C30", "C26", "25112", "C20"]
LEVELS = ["미적용", "기초", "중간1", "중간2", "고도화", ""]  # "" = unknown
NEEDS = [
    "유지보수",
    "AI",
    "구축",
    "고도화",
    "컨설팅",
    "자부담",
    "데이터",
    "로봇",
    "탄소중립",
    "인력",
]
PRIOR = "kr-mss-sf-build:2019"
PRIOR_SHARE = 0.2
FOUNDED_FIRST = dt.date(1985, 1, 1).toordinal()
FOUNDED_LAST = dt.date(2024, 12, 31).toordinal()

TARGET_PAIRS_PER_S = 1_000_000
TARGET_PAIRS_AT = 100_000  # applicants
TARGET_RSS_MB = 500.0
TARGET_LINEARITY = 1.2  # max ratio of per-applicant time, largest N to smallest N
SUMMARY = re.compile(r"read (\d+) = (?:scored|converted) (\d+) \+ rejected (\d+)")


def bundled_catalog(env: dict[str, str], cwd: Path) -> Path:
    code = "from sfmatch.catalog import bundled_dir; print(bundled_dir())"
    proc = subprocess.run(
        [sys.executable, "-c", code], cwd=cwd, env=env, capture_output=True, text=True
    )
    if proc.returncode != 0:
        raise CommandFailed("bundled_dir()", proc.returncode, proc.stderr)
    return Path(proc.stdout.strip())


GOAL_PHRASES = [
    "설비 예지보전으로 유지보수 비용 절감",
    "AI 비전 검사 도입",
    "MES 고도화",
    "생산 데이터 수집과 분석",
    "공정 자동화",
    "탄소 배출 관리",
    "로봇 도입으로 인력난 해소",
    "품질 불량률 감소",
    "에너지 절감",
    "설비 가동률 모니터링",
]
PRODUCTS = ["볼트", "브라켓", "사출품", "센서 하우징", "기어", "배터리 케이스", "식품 포장"]


def goal_text(rng: random.Random, i: int) -> str:
    """A free-text goal, distinct for every row (a product line number), as consultants write."""
    phrases = ", ".join(rng.sample(GOAL_PHRASES, rng.randint(1, 3)))
    return f"{rng.choice(PRODUCTS)} {i}번 라인: {phrases}"


def generate_csv(path: Path, n: int, seed: int, goals: bool = False) -> None:
    """N applicants, one row each, written as they are drawn (constant memory).

    With `goals`, a 추진목표 column of distinct free text is added, drawn from a second random
    stream so that the other columns stay the same.
    """
    rng = random.Random(seed)
    goal_rng = random.Random(seed + 1)
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(HEADERS + (["추진목표"] if goals else []))
        for i in range(1, n + 1):
            founded = dt.date.fromordinal(rng.randint(FOUNDED_FIRST, FOUNDED_LAST))
            extra = [goal_text(goal_rng, i)] if goals else []
            writer.writerow(
                [
                    f"가상기업{i:07d}",
                    "",  # 사업자등록번호: a real one would need a valid checksum
                    rng.choice(LOCATIONS),
                    rng.choice(INDUSTRIES),
                    rng.randint(1, 400),
                    rng.randint(300, 150_000),  # 백만원: 3억 - 1,500억
                    rng.choice(LEVELS),
                    "; ".join(rng.sample(NEEDS, rng.randint(1, 3))),
                    PRIOR if rng.random() < PRIOR_SHARE else "",
                    founded.isoformat(),
                    *extra,
                ]
            )


def rss_mb(ru_maxrss: int) -> float:
    # Linux reports KiB, macOS bytes.
    return ru_maxrss / (1024 * 1024) if sys.platform == "darwin" else ru_maxrss / 1024


def tree_rss_mb(pid: int) -> float:
    """Resident memory of a process and all its descendants now (Linux /proc), in MB.

    Forked workers share pages with their parent and each counts them, so this is an upper bound
    of what the tree really holds. Elsewhere it reads 0 and the report falls back on ru_maxrss.
    """
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            total += next(int(x.split()[1]) for x in status.splitlines() if x.startswith("VmRSS"))
            for task in Path(f"/proc/{current}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, StopIteration, ValueError):
            continue  # gone meanwhile, or no /proc
    return total / 1024


def run_once(
    name: str, argv: list[str], n: int, cwd: Path, env: dict[str, str]
) -> tuple[float, float, str]:
    """One timed run: (wall seconds, peak RSS MB, sfmatch's summary line).

    Peak RSS is the larger of the process's own peak (ru_maxrss, which also covers each reaped
    worker on its own) and the largest sum over the process tree seen by sampling every 20 ms.
    """
    err_path = cwd / "stderr.txt"
    with open(err_path, "wb") as err:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=err)
        peak_tree = [0.0]
        done = threading.Event()

        def sample() -> None:
            while not done.wait(0.02):
                peak_tree[0] = max(peak_tree[0], tree_rss_mb(proc.pid))

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - start
        done.set()
        sampler.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    stderr = err_path.read_text(encoding="utf-8", errors="replace")
    if proc.returncode != 0:
        raise CommandFailed(name, proc.returncode, stderr)
    match = SUMMARY.search(stderr)
    if match is None or int(match.group(2)) != n:
        raise CommandFailed(name, 0, f"expected {n} rows scored, sfmatch said:\n{stderr}")
    return elapsed, max(rss_mb(usage.ru_maxrss), peak_tree[0]), match.group(0)


# The same-run baseline: the I/O any batch tool pays, reading the list and writing TOP rows per
# applicant with Python's csv module, with no parsing of values and no scoring.
IO_BASELINE = """
import csv, sys
with open(sys.argv[1], encoding="utf-8", newline="") as src, \\
        open(sys.argv[2], "w", encoding="utf-8-sig", newline="") as dst:
    out = csv.writer(dst)
    for row in csv.reader(src):
        for rank in range(int(sys.argv[3])):
            out.writerow([*row, rank])
"""


def time_baseline(csv_path: Path, out_path: Path, cwd: Path) -> float:
    argv = [sys.executable, "-c", IO_BASELINE, str(csv_path), str(out_path), str(TOP)]
    start = time.perf_counter()
    proc = subprocess.run(argv, cwd=cwd, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise CommandFailed("I/O baseline", proc.returncode, proc.stderr)
    return elapsed


def measure(
    sfmatch: Path,
    sizes: list[int],
    runs: int,
    seed: int,
    data_dir: Path,
    work: Path,
    jobs: list[str],
    goals: bool = False,
    compare: Path | None = None,
) -> list[dict[str, object]]:
    env = clean_env()
    env.update(NO_COLOR="1", COLUMNS="100")
    results = []
    for n in sizes:
        csv_path = data_dir / f"applicants-{n}-seed{seed}{'-goals' if goals else ''}.csv"
        start = time.perf_counter()
        generate_csv(csv_path, n, seed, goals)
        generated = time.perf_counter() - start
        out_path = work / "out.csv"
        argv = [str(sfmatch), "batch", str(csv_path), "-o", str(out_path)]
        argv += ["--top", str(TOP), "--as-of", AS_OF]
        variants = {j: argv + ([] if j == "auto" else ["--jobs", j]) for j in jobs}
        if compare is not None:
            variants |= {
                f"{j}@base": [str(compare), *command[1:]] for j, command in variants.items()
            }
        labels = list(variants)
        walls: dict[str, list[float]] = {j: [] for j in labels}
        rss: dict[str, list[float]] = {j: [] for j in labels}
        baselines, summary = [], ""
        for _ in range(runs):  # interleaved, so machine noise hits all alike
            baselines.append(time_baseline(csv_path, out_path, work))
            for j, command in variants.items():
                elapsed, peak, summary = run_once(
                    f"sfmatch batch ({n} rows)", command, n, work, env
                )
                walls[j].append(elapsed)
                rss[j].append(peak)
        out_path.unlink(missing_ok=True)
        for j in labels:
            results.append(
                {
                    "applicants": n,
                    "jobs": j,
                    "csv_mb": round(csv_path.stat().st_size / 1e6, 2),
                    "generate_s": round(generated, 3),
                    "walls_s": walls[j],
                    "baseline_walls_s": baselines,
                    "peak_rss_mb": max(rss[j]),
                    "summary": summary,
                }
            )
    return results


def summarize(
    results: list[dict], programs: int, catalog: Path, runs: int, seed: int
) -> dict[str, object]:
    sizes = []
    for r in results:
        n = r["applicants"]
        wall = statistics.median(r["walls_s"])
        sizes.append(
            {
                "applicants": n,
                "jobs": r["jobs"],
                "pairs": n * programs,
                "median_s": round(wall, 3),
                "min_s": round(min(r["walls_s"]), 3),
                "max_s": round(max(r["walls_s"]), 3),
                "applicants_per_s": round(n / wall, 1),
                "pairs_per_s": round(n * programs / wall, 1),
                "ms_per_applicant": round(wall / n * 1000.0, 4),
                "baseline_s": round(statistics.median(r["baseline_walls_s"]), 3),
                "x_baseline": round(wall / statistics.median(r["baseline_walls_s"]), 1),
                "peak_rss_mb": round(r["peak_rss_mb"], 1),
                "csv_mb": r["csv_mb"],
                "generate_s": r["generate_s"],
                "summary": r["summary"],
            }
        )

    everything, sizes = sizes, [s for s in sizes if s["jobs"] == "auto"] or sizes
    at_target = next((s for s in sizes if s["applicants"] == TARGET_PAIRS_AT), None)
    throughput = {
        "actual": None if at_target is None else at_target["pairs_per_s"],
        "target": TARGET_PAIRS_PER_S,
        "status": "not measured"
        if at_target is None
        else ("ok" if at_target["pairs_per_s"] >= TARGET_PAIRS_PER_S else "MISSED"),
    }
    peak = max(s["peak_rss_mb"] for s in sizes)
    memory = {
        "actual": peak,
        "growth_mb": round(sizes[-1]["peak_rss_mb"] - sizes[0]["peak_rss_mb"], 1),
        "target": TARGET_RSS_MB,
        "status": "ok" if peak <= TARGET_RSS_MB else "MISSED",
    }
    if len(sizes) < 2:
        linear = {"actual": None, "target": TARGET_LINEARITY, "status": "not measured"}
    else:
        ratio = sizes[-1]["ms_per_applicant"] / sizes[0]["ms_per_applicant"]
        linear = {
            "actual": round(ratio, 3),
            "target": TARGET_LINEARITY,
            "status": "ok" if ratio <= TARGET_LINEARITY else "MISSED",
        }
    return {
        "machine": machine(),
        "command": f"sfmatch batch LIST.csv -o OUT.csv --top {TOP} --as-of {AS_OF}",
        "catalog": {"path": str(catalog), "programs": programs},
        "runs": runs,
        "seed": seed,
        "sizes": everything,
        "targets": {"pairs_per_s": throughput, "peak_rss_mb": memory, "linearity": linear},
        "linearity": {
            "smallest": sizes[0]["applicants"],
            "largest": sizes[-1]["applicants"],
            "ratio": linear["actual"],
        },
    }


def render_text(report: dict) -> str:
    m, c = report["machine"], report["catalog"]
    lines = [
        *machine_lines(m, 8),
        f"command : {report['command']}",
        f"list    : {'with' if report.get('goals') else 'without'} a free-text goals column",
        f"catalog : {c['programs']} programs ({c['path']})",
        f"runs    : {report['runs']} per size (median wall; peak RSS = max over runs), "
        f"seed {report['seed']}",
        "",
        f"{'applicants':>10} {'jobs':>4} {'pairs':>10} {'median s':>9} {'min s':>8} {'max s':>8} "
        f"{'appl/s':>9} {'pairs/s':>10} {'ms/appl':>8} {'RSS MB':>7} {'I/O s':>7} {'× I/O':>6}",
    ]
    for s in report["sizes"]:
        lines.append(
            f"{s['applicants']:>10,} {s['jobs']:>4} {s['pairs']:>10,} {s['median_s']:>9.3f} "
            f"{s['min_s']:>8.3f} "
            f"{s['max_s']:>8.3f} {s['applicants_per_s']:>9,.1f} {s['pairs_per_s']:>10,.0f} "
            f"{s['ms_per_applicant']:>8.3f} {s['peak_rss_mb']:>7.1f} {s['baseline_s']:>7.3f} "
            f"{s['x_baseline']:>6.1f}"
        )
    lines.append("I/O = the same-run baseline: csv read + write of the same rows, no scoring")
    medians = {(s["applicants"], s["jobs"]): s["median_s"] for s in report["sizes"]}
    for (n, label), base in sorted(medians.items()):
        if label.endswith("@base") and (n, label.removesuffix("@base")) in medians:
            now = medians[(n, label.removesuffix("@base"))]
            lines.append(
                f"{n:>10,} {label.removesuffix('@base'):>4}: this / base = {now / base:.2f}"
            )
    lines.append("jobs: auto = the command as users run it (one process per CPU for long lists)")
    t = report["targets"]
    lin = report["linearity"]
    tp, mem, li = t["pairs_per_s"], t["peak_rss_mb"], t["linearity"]
    rows = [
        (
            f"pairs/s at {TARGET_PAIRS_AT:,} applicants",
            "—" if tp["actual"] is None else f"{tp['actual']:,.0f}",
            f">= {tp['target']:,}",
            tp["status"],
        ),
        (
            "peak RSS, max over sizes",
            f"{mem['actual']:.1f} MB",
            f"<= {mem['target']:.0f} MB",
            f"{mem['status']} (growth {mem['growth_mb']:+.1f} MB)",
        ),
        (
            f"s/applicant {lin['largest']:,} vs {lin['smallest']:,}",
            "—" if li["actual"] is None else f"{li['actual']:.2f}x",
            f"<= {li['target']:.1f}x",
            li["status"],
        ),
    ]
    lines += ["", f"{'target':<34} {'actual':>12} {'target':>13}  status"]
    for label, actual, target, status in rows:
        lines.append(f"{label:<34} {actual:>12} {target:>13}  {status}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmark sfmatch batch throughput.")
    list_arguments(parser, DEFAULT_SIZES, DEFAULT_SEED)
    parser.add_argument(
        "--goals",
        action="store_true",
        help="add a column of distinct free-text goals (relevance matching on every row)",
    )
    parser.add_argument(
        "--jobs",
        default="auto",
        help="comma list of --jobs values to time, 'auto' = no flag (default: auto); "
        "the targets are checked on auto",
    )
    parser.add_argument(
        "--compare",
        type=Path,
        help="another sfmatch executable to time in the same runs (rows marked @base)",
    )
    args = parser.parse_args(argv)
    sizes = checked_sizes(parser, args)

    sfmatch = find_sfmatch()
    if sfmatch is None:
        return 2

    with workspace(args.keep) as (work, data_dir):
        env = clean_env()
        try:
            catalog = bundled_catalog(env, work)
            programs = sum(1 for _ in catalog.rglob("*.toml"))
            if programs == 0:
                print(f"error: no *.toml programs under {catalog}", file=sys.stderr)
                return 2
            jobs = [j.strip() for j in args.jobs.split(",") if j.strip()]
            results = measure(
                sfmatch, sizes, args.runs, args.seed, data_dir, work, jobs, args.goals, args.compare
            )
        except CommandFailed as exc:
            return report_failure(exc)

    report = summarize(results, programs, catalog, args.runs, args.seed)
    report["goals"] = args.goals
    print(json.dumps(report, indent=2, ensure_ascii=False) if args.json else render_text(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())

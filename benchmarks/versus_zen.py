"""`sfmatch batch` against GoRules ZEN on the same catalog and list (a benchmark, not a test).

ZEN is a rules engine in Rust (the zen-engine package, 2.1.3: `pip install zen-engine==2.1.3`)
that evaluates JDM decision graphs. zen_graph/build_graph.py turns the bundled catalog, as sfmatch
loads it, into one graph of all programs that gives each applicant a status per program
(eligible, needs-info, ineligible: contract §4.1); see its docstring for how each criterion
maps. It writes N synthetic applicants with batch.py's generator (the same rows for the same
--seed), then times, end to end and interleaved, after one warm-up round of both:

  sfmatch  sfmatch batch LIST.csv -o OUT.csv --top 3 --as-of 2026-03-02
  zen      python zen_graph/run.py LIST.csv OUT.csv --graph DIR --as-of 2026-03-02 --jobs 2

Each is a subprocess started from an empty temporary folder with SFMATCH_PROGRAMS unset, timed
and measured as batch.py's run_once does (wall time; peak RSS summed over the process and its
workers), and must end its stderr with `read N = scored N + rejected 0`. sfmatch runs as users
run it (one worker process per CPU for a long list, 2 here); ZEN's runner uses --jobs worker
processes (default: one per CPU), each with one engine. ZEN's timed part is all of its work:
starting Python and importing zen, reading the CSV with the csv module, turning each row into
the graph's input, evaluating, and writing one CSV line of statuses per applicant. Building
the graph is not timed (it is made once per catalog, as sfmatch loads its catalog on every run,
which is timed).

The two do not do the same amount of work: sfmatch also reads every cell the full way (fuzzy
places, units, prior programs by name), and gives each applicant its top 3 programs with money,
score, window, gaps and near misses; ZEN gives statuses only. The ratio is what a team would
pay, or save, replacing sfmatch's engine with a rules engine that only decides statuses.

Agreement: each (applicant, program) status of ZEN's last timed run, for the first --check
applicants, against sfmatch's reference engine (`engine.evaluate`'s own steps: the list read as
batch reads it, `company_view`, `criteria.run_checks`, `engine.status_of`; every program, older
editions of a family included); and, for every applicant, each program sfmatch
batch's own output showed (top 3) against ZEN's status of it. Disagreements are counted by
(program, sfmatch's status, ZEN's) with a few examples and the criteria sfmatch checked. The
target is >= 99% equal. It reports; it does not gate: exit code 0 whenever both ran, 2 if one
of them failed.

Usage: python benchmarks/versus_zen.py [--size 100000] [--runs N] [--seed S] [--check 5000]
                                [--jobs N] [--keep DIR] [--json]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import statistics
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
# build_graph.py from its folder (the folder is not named `zen`: that is the engine's package)
sys.path.insert(0, str(Path(__file__).resolve().parent / "zen_graph"))

from _common import (
    CommandFailed,
    clean_env,
    find_sfmatch,
    machine,
    machine_lines,
    report_failure,
    workspace,
)
from batch import AS_OF, TOP, generate_csv, run_once
from build_graph import build

HERE = Path(__file__).resolve().parent
DEFAULT_SIZE = 100_000
DEFAULT_SEED = 20260302
DEFAULT_CHECK = 5_000
TARGET_AGREEMENT = 99.0  # percent of (applicant, program) statuses equal
RUNNER = HERE / "zen_graph" / "run.py"
EXAMPLES = 5


def write_graph(folder: Path) -> dict[str, object]:
    """graph.json and reading.json of the bundled catalog in `folder`; what was built."""
    from sfmatch.catalog import bundled_dir, load_catalog

    start = time.perf_counter()
    catalog = load_catalog(bundled_dir())
    graph, reading = build(catalog)
    folder.mkdir(parents=True, exist_ok=True)
    text = json.dumps(graph, ensure_ascii=False)
    (folder / "graph.json").write_text(text, encoding="utf-8")
    (folder / "reading.json").write_text(json.dumps(reading, ensure_ascii=False), "utf-8")
    return {
        "path": str(catalog.root),
        "programs": len(catalog.programs),
        "graph_nodes": len(graph["nodes"]),
        "graph_kb": round(len(text.encode()) / 1000, 1),
        "build_s": round(time.perf_counter() - start, 3),
    }


def measure(
    sfmatch: Path, csv_path: Path, n: int, runs: int, jobs: int, graph: Path, work: Path
) -> dict[str, dict[str, list[float]]]:
    """Wall times and peak RSS of both tools, one warm-up round, then `runs` interleaved."""
    env = clean_env()
    env.update(NO_COLOR="1", COLUMNS="100")
    commands = {
        "sfmatch": [str(sfmatch), "batch", str(csv_path), "-o", str(work / "sfmatch.csv"),
                    "--top", str(TOP), "--as-of", AS_OF],
        "zen": [sys.executable, str(RUNNER), str(csv_path), str(work / "zen.csv"),
                "--graph", str(graph), "--as-of", AS_OF, "--jobs", str(jobs)],
    }  # fmt: skip
    found: dict[str, dict[str, list[float]]] = {t: {"walls": [], "rss": []} for t in commands}
    for round_ in range(runs + 1):  # round 0 warms up: files cached, imports compiled
        for tool, argv in commands.items():
            elapsed, peak, _ = run_once(f"{tool} ({n} rows)", argv, n, work, env)
            if round_:
                found[tool]["walls"].append(elapsed)
                found[tool]["rss"].append(peak)
    return found


def reference(csv_path: Path, limit: int) -> Iterator[tuple[int, list[str], dict | None]]:
    """sfmatch's status of every program for each of the first `limit` rows, in order: (row,
    its cells, program -> (status, checks), or None for a row sfmatch rejects).

    The list is read as `sfmatch batch` reads it; a status is decided as `engine.evaluate`
    decides it: `company_view`, then `criteria.check` of each of the program's conditions
    (`conditions_of`), then `engine.status_of`. A condition's check is remembered by the values
    of the profile facts it reads (`vector.CATEGORICAL`, `vector.NUMERIC_FACTS`; `size` the given
    or derived size): exact (the same statuses as `recommend` gives, checked on 800 applicants)
    and some 20 times faster (it neither prices nor scores)."""
    from sfmatch.applicants import Applicant, open_list
    from sfmatch.catalog import bundled_dir, load_catalog
    from sfmatch.criteria import Facts, check, conditions_of
    from sfmatch.engine import company_view, status_of
    from sfmatch.vector import CATEGORICAL, NUMERIC_FACTS

    day = dt.date.fromisoformat(AS_OF)
    catalog = load_catalog(bundled_dir())
    reads = {**CATEGORICAL, **NUMERIC_FACTS}
    conditions = {
        p.id: [(c, sorted({f for n in c.reads() for f in reads[n]}))
               for c in conditions_of(p.eligibility)]
        for p in catalog.programs
    }  # fmt: skip
    memo: dict[tuple, object] = {}
    listing = open_list(csv_path)
    listing.as_of = day
    listing.check()
    parse = listing.parser()
    for count, (number, raw) in enumerate(listing.raw_rows()):
        if count >= limit:
            break
        item = parse(number, raw)
        if not isinstance(item, Applicant):
            yield number, raw, None  # type: ignore[misc]
            continue
        profile = item.profile
        view = company_view(profile, day)
        facts = Facts(profile, view.size, view.size_derived, day, catalog.family_of,
                      catalog.family_name)  # fmt: skip
        values = {"size": (view.size, view.size_derived)}
        found = {}
        for program, pairs in conditions.items():
            checks = []
            for condition, names in pairs:
                key = (id(condition), *(values[f] if f in values else _hashable(getattr(profile, f))
                                        for f in names))  # fmt: skip
                done = memo.get(key)
                if done is None:
                    done = memo[key] = check(facts, condition)
                checks.append(done)
            found[program] = (status_of(checks), checks)
        yield number, raw, found  # type: ignore[misc]


def _hashable(value: object) -> object:
    return tuple(value) if isinstance(value, list) else value


def _zen_rows(path: Path):
    with open(path, encoding="utf-8-sig", newline="") as fh:
        rows = csv.reader(fh)
        programs = next(rows)[2:]
        for row in rows:
            yield int(row[0]), dict(zip(programs, row[2:], strict=True))


def agreement(zen_out: Path, csv_path: Path, limit: int) -> dict[str, object]:
    """ZEN's statuses against sfmatch's, pair by pair, on the first `limit` rows (both in row
    order, compared as they are read: flat memory however many)."""
    start = time.perf_counter()
    zen_rows = _zen_rows(zen_out)
    at, statuses = -1, {}
    applicants = pairs = equal = missing = 0
    mismatches: Counter[tuple[str, str, str]] = Counter()
    examples = []
    for number, cells, results in reference(csv_path, limit):
        if results is None:
            continue  # sfmatch rejects the row: nothing to compare
        applicants += 1
        while at < number:
            at, statuses = next(zen_rows, (sys.maxsize, {}))
        if at != number:
            missing += 1  # ZEN wrote no line for it: every pair differs
        for program, (status, checks) in results.items():
            pairs += 1
            got = statuses.get(program, "(absent)") if at == number else "(absent)"
            if got == status:
                equal += 1
                continue
            mismatches[(program, status, got)] += 1
            if len(examples) < EXAMPLES:
                said = ", ".join(f"{c.criterion}={c.outcome}{' (weak)' if c.weak else ''}"
                                 for c in checks)  # fmt: skip
                examples.append({"row": number, "cells": cells, "program": program,
                                 "sfmatch": status, "zen": got, "checks": said})  # fmt: skip
    return {
        "applicants": applicants,
        "pairs": pairs,
        "equal": equal,
        "percent": round(100.0 * equal / pairs, 3) if pairs else None,
        "target": TARGET_AGREEMENT,
        "status": "not measured"
        if not pairs
        else ("ok" if 100.0 * equal / pairs >= TARGET_AGREEMENT else "MISSED"),
        "zen_rows_missing": missing,
        "mismatches": [
            {"program": p, "sfmatch": s, "zen": z, "count": c}
            for (p, s, z), c in mismatches.most_common()
        ],
        "examples": examples,
        "check_s": round(time.perf_counter() - start, 1),
    }


def shown_agreement(sfmatch_out: Path, zen_out: Path) -> dict[str, object]:
    """Every status sfmatch batch's output shows (its top programs per applicant) against ZEN's
    status of the same program for the same row; both files are in row order."""
    zen_rows = _zen_rows(zen_out)
    number, statuses = -1, {}
    shown = equal = 0
    mismatches: Counter[tuple[str, str, str]] = Counter()
    with open(sfmatch_out, encoding="utf-8-sig", newline="") as fh:
        for line in csv.DictReader(fh):
            row = int(line["row"])
            while number < row:
                number, statuses = next(zen_rows, (sys.maxsize, {}))
            shown += 1
            got = statuses.get(line["program"], "(absent)") if number == row else "(absent)"
            if got == line["status"]:
                equal += 1
            else:
                mismatches[(line["program"], line["status"], got)] += 1
    return {
        "shown": shown,
        "equal": equal,
        "percent": round(100.0 * equal / shown, 3) if shown else None,
        "mismatches": [
            {"program": p, "sfmatch": s, "zen": z, "count": c}
            for (p, s, z), c in mismatches.most_common(10)
        ],
    }


def summarize(times: dict, n: int, programs: int) -> list[dict[str, object]]:
    rows = []
    for tool, found in times.items():
        wall = statistics.median(found["walls"])
        rows.append({"tool": tool, "walls_s": found["walls"], "median_s": round(wall, 3),
                     "min_s": round(min(found["walls"]), 3),
                     "max_s": round(max(found["walls"]), 3),
                     "applicants_per_s": round(n / wall, 1),
                     "pairs_per_s": round(n * programs / wall, 1),
                     "peak_rss_mb": round(max(found["rss"]), 1)})  # fmt: skip
    return rows


def render_text(report: dict) -> str:
    c, a, s = report["catalog"], report["agreement"], report["shown_agreement"]
    lines = [
        *machine_lines(report["machine"], 8),
        f"catalog : {c['programs']} programs ({c['path']}); ZEN graph {c['graph_nodes']} nodes,"
        f" {c['graph_kb']} kB, built in {c['build_s']} s (not timed)",
        f"list    : {report['applicants']:,} applicants, seed {report['seed']},"
        f" {report['csv_mb']} MB",
        f"runs    : {report['runs']} interleaved after 1 warm-up round (median wall; peak RSS"
        " = max over runs)",
        f"sfmatch : {report['commands']['sfmatch']}",
        f"zen     : {report['commands']['zen']}",
        "",
        f"{'tool':<8} {'median s':>9} {'min s':>8} {'max s':>8} {'appl/s':>10} {'pairs/s':>11}"
        f" {'RSS MB':>7}",
    ]
    for r in report["results"]:
        lines.append(
            f"{r['tool']:<8} {r['median_s']:>9.3f} {r['min_s']:>8.3f} {r['max_s']:>8.3f}"
            f" {r['applicants_per_s']:>10,.0f} {r['pairs_per_s']:>11,.0f} {r['peak_rss_mb']:>7.1f}"
        )
    lines.append(f"zen / sfmatch (median wall) = {report['ratio']:.2f}")
    lines.append(
        f"agreement: {a['equal']:,} of {a['pairs']:,} (applicant, program) statuses equal"
        f" ({a['percent']}%) on the first {a['applicants']:,} applicants, against the reference engine;"
        f" target >= {a['target']}%: {a['status']}"
    )
    lines.append(
        f"shown    : {s['equal']:,} of {s['shown']:,} statuses in sfmatch batch's output (top"
        f" {TOP}, all applicants) equal ZEN's ({s['percent']}%)"
    )
    for m in a["mismatches"][:10]:
        lines.append(f"  differ: {m['program']}: sfmatch {m['sfmatch']}, zen {m['zen']}"
                     f" ({m['count']:,} applicants)")  # fmt: skip
    for e in a["examples"]:
        lines.append(f"  e.g. row {e['row']} {e['cells']}: {e['program']} sfmatch {e['sfmatch']}"
                     f" ({e['checks']}), zen {e['zen']}")  # fmt: skip
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmark sfmatch batch against GoRules ZEN.")
    parser.add_argument("--size", type=int, default=DEFAULT_SIZE,
                        help=f"applicants (default {DEFAULT_SIZE:,})")  # fmt: skip
    parser.add_argument("--runs", type=int, default=3, help="timed runs of each (default 3)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="generator seed")
    parser.add_argument("--check", type=int, default=DEFAULT_CHECK,
                        help="applicants whose every status is compared (default 5,000)")  # fmt: skip
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1,
                        help="ZEN worker processes (default: one per CPU, as sfmatch)")  # fmt: skip
    parser.add_argument("--keep", type=Path, help="write the generated CSV here and keep it")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    args = parser.parse_args(argv)
    if args.size < 1 or args.runs < 1 or args.check < 0 or args.jobs < 1:
        parser.error("--size, --runs and --jobs must be at least 1, --check at least 0")
    sfmatch = find_sfmatch()
    if sfmatch is None:
        return 2
    with workspace(args.keep) as (work, data_dir):
        csv_path = data_dir / f"applicants-{args.size}-seed{args.seed}.csv"
        generate_csv(csv_path, args.size, args.seed)
        catalog = write_graph(work / "graph")
        try:
            times = measure(sfmatch, csv_path, args.size, args.runs, args.jobs,
                            work / "graph", work)  # fmt: skip
        except CommandFailed as exc:
            if "No module named 'zen'" in exc.stderr:
                exc.stderr += "hint: pip install zen-engine==2.1.3\n"
            return report_failure(exc)
        agreed = agreement(work / "zen.csv", csv_path, min(args.check, args.size))
        shown = shown_agreement(work / "sfmatch.csv", work / "zen.csv")
        csv_mb = round(csv_path.stat().st_size / 1e6, 2)
    results = summarize(times, args.size, int(catalog["programs"]))
    report = {
        "machine": machine(),
        "measured": time.strftime("%Y-%m-%d"),
        "catalog": catalog,
        "applicants": args.size,
        "csv_mb": csv_mb,
        "seed": args.seed,
        "runs": args.runs,
        "jobs": {"sfmatch": "auto", "zen": args.jobs},
        "commands": {
            "sfmatch": f"sfmatch batch LIST.csv -o OUT.csv --top {TOP} --as-of {AS_OF}",
            "zen": f"python benchmarks/zen_graph/run.py LIST.csv OUT.csv --graph DIR --as-of {AS_OF}"
            f" --jobs {args.jobs}",
        },
        "results": results,
        "ratio": round(results[1]["median_s"] / results[0]["median_s"], 3),
        "agreement": agreed,
        "shown_agreement": shown,
    }
    print(json.dumps(report, indent=2, ensure_ascii=False) if args.json else render_text(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())

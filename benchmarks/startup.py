"""Startup-time benchmark for the sfmatch CLI (a benchmark, not a test).

Times these commands, interleaved round-robin so machine noise hits all of them equally:

  baseline     python -c "import typer, rich, pydantic, rapidfuzz"
  version      sfmatch --version
  recommend    sfmatch recommend PROFILE --as-of 2026-03-02 --format table
               (the catalog and the profile validated before: read from sfmatch's cache)

and compares each sfmatch median with the baseline median against the targets
(version <= 0.6x baseline, recommend <= 1.6x baseline). Reference rows, without a target:

  new-profile  recommend of a profile never seen before (each run's copy differs by a comment):
               the profile is validated with pydantic, the catalog comes from the cache
  no-cache     recommend with SFMATCH_CACHE=off: the catalog and the profile validated, as every
               run did before the cache
  pydantic     the baseline imports plus one one-field pydantic model, validated once
  typer-app    a three-option Typer command, run once (Typer >= 0.29 builds pydantic adapters)

The last two show the floor that the dependencies set for any command that validates its input
with them. sfmatch's cache lives in a temporary folder of the run, filled by the warm-up rounds;
sfmatch's package is compiled to bytecode first, as pip leaves an installed package (an editable
install under PYTHONDONTWRITEBYTECODE would otherwise compile it on every run).
It reports; it does not gate: exit code 0 whenever the commands ran, 2 if one of them failed.

Usage: python benchmarks/startup.py [--runs N] [--profile PATH] [--json]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import (
    CommandFailed,
    clean_env,
    find_sfmatch,
    machine,
    machine_lines,
    report_failure,
)

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_PROFILE = REPO_ROOT / "profiles" / "hanul-precision.toml"
WARMUP_ROUNDS = 2
TARGETS: dict[str, float] = {"version": 0.6, "recommend": 1.6}  # max ratio to baseline
REFERENCES = ("new-profile", "no-cache", "pydantic", "typer-app")  # ratios without a target
PYDANTIC_FLOOR = (
    "import typer, rich, pydantic, rapidfuzz\n"
    "from pydantic import BaseModel\n"
    "class M(BaseModel):\n    x: int\n"
    "M(x=1)"
)
TYPER_FLOOR = (
    "import typer\n"
    "app = typer.Typer()\n"
    "@app.command()\n"
    "def run(a: str, b: int = 1, c: str = 'x') -> None:\n    pass\n"
    "app(['q'], standalone_mode=False)"
)


def compile_package(sfmatch: Path) -> None:
    """sfmatch's package as bytecode, as pip leaves it when it installs."""
    python = sfmatch.with_name("python")
    code = (
        "import compileall, os, sfmatch\n"
        "compileall.compile_dir(os.path.dirname(sfmatch.__file__), quiet=1)"
    )
    subprocess.run([str(python if python.exists() else sys.executable), "-c", code], check=True)


def time_once(name: str, argv: list[str], cwd: Path, env: dict[str, str]) -> float:
    start = time.perf_counter()
    proc = subprocess.run(
        argv, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        # Re-run capturing stderr, so the timed run itself never pays for a pipe.
        again = subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True)
        raise CommandFailed(name, proc.returncode, again.stderr)
    return elapsed


def measure(
    commands: dict[str, list[str]], runs: int, cwd: Path, profile: Path
) -> dict[str, list[float]]:
    env = clean_env()
    env.update(NO_COLOR="1", COLUMNS="100", SFMATCH_CACHE=str(cwd / "cache"))
    envs = {name: env for name in commands}
    envs["no-cache"] = {**env, "SFMATCH_CACHE": "off"}
    text = profile.read_text(encoding="utf-8")
    samples: dict[str, list[float]] = {name: [] for name in commands}
    for round_no in range(WARMUP_ROUNDS + runs):
        # a profile never seen before: the same firm, its file one comment different
        (cwd / "new-profile.toml").write_text(f"{text}\n# run {round_no}\n", encoding="utf-8")
        for name, argv in commands.items():
            elapsed = time_once(name, argv, cwd, envs[name])
            if round_no >= WARMUP_ROUNDS:
                samples[name].append(elapsed * 1000.0)
    return samples


def summarize(samples: dict[str, list[float]], runs: int) -> dict[str, object]:
    stats = {
        name: {
            "median_ms": round(statistics.median(values), 1),
            "min_ms": round(min(values), 1),
            "max_ms": round(max(values), 1),
        }
        for name, values in samples.items()
    }
    base = statistics.median(samples["baseline"])
    ratios = {}
    for name in (*TARGETS, *REFERENCES):
        ratio = statistics.median(samples[name]) / base
        target = TARGETS.get(name)
        ratios[name] = {
            "ratio": round(ratio, 2),
            "target": target,
            "status": "reference" if target is None else ("ok" if ratio <= target else "MISSED"),
        }
    return {
        "machine": machine(),
        "runs": runs,
        "commands": stats,
        "ratios": ratios,
    }


def render_text(report: dict) -> str:
    m = report["machine"]
    lines = [
        *machine_lines(m, 8),
        f"runs    : {report['runs']} (after {WARMUP_ROUNDS} warm-up rounds, interleaved)",
        "",
        f"{'command':<12} {'median ms':>10} {'min ms':>8} {'max ms':>8}",
    ]
    for name, s in report["commands"].items():
        lines.append(f"{name:<12} {s['median_ms']:>10.1f} {s['min_ms']:>8.1f} {s['max_ms']:>8.1f}")
    lines += ["", f"{'ratio to baseline':<24} {'actual':>7} {'target':>8}  status"]
    for name, r in report["ratios"].items():
        label = f"{name} / baseline"
        target = "—" if r["target"] is None else f"{r['target']:.1f}x"
        lines.append(f"{label:<24} {r['ratio']:>6.2f}x {target:>8}  {r['status']}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmark sfmatch startup time.")
    parser.add_argument("--runs", type=int, default=15, help="timed rounds (default 15)")
    parser.add_argument("--profile", type=Path, default=DEFAULT_PROFILE, help="profile TOML")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")

    sfmatch = find_sfmatch()
    if sfmatch is None:
        return 2
    profile = args.profile.resolve()
    if not profile.is_file():
        print(f"error: profile not found: {profile}", file=sys.stderr)
        return 2

    recommend = [str(sfmatch), "recommend"]
    options = ["--as-of", "2026-03-02", "--format", "table"]
    commands = {
        "baseline": [sys.executable, "-c", "import typer, rich, pydantic, rapidfuzz"],
        "pydantic": [sys.executable, "-c", PYDANTIC_FLOOR],
        "typer-app": [sys.executable, "-c", TYPER_FLOOR],
        "version": [str(sfmatch), "--version"],
        "recommend": [*recommend, str(profile), *options],
        "new-profile": [*recommend, "new-profile.toml", *options],
        "no-cache": [*recommend, str(profile), *options],
    }
    compile_package(sfmatch)
    with tempfile.TemporaryDirectory(prefix="sfmatch-bench-") as tmp:
        try:
            samples = measure(commands, args.runs, Path(tmp), profile)
        except CommandFailed as exc:
            return report_failure(exc)

    report = summarize(samples, args.runs)
    print(json.dumps(report, indent=2) if args.json else render_text(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Helpers shared by the benchmark scripts (not a test module)."""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class CommandFailed(Exception):
    def __init__(self, name: str, returncode: int, stderr: str) -> None:
        super().__init__(f"{name} exited with code {returncode}")
        self.name, self.returncode, self.stderr = name, returncode, stderr


def find_sfmatch() -> Path | None:
    """The `sfmatch` executable of the running interpreter's environment, else the one on PATH;
    None, said on stderr, when there is none."""
    candidate = Path(sys.executable).parent / "sfmatch"
    if candidate.is_file():
        return candidate
    found = shutil.which("sfmatch")
    if found is None:
        print(f"error: no sfmatch executable next to {sys.executable} or on PATH", file=sys.stderr)
        return None
    return Path(found)


def clip(text: str, head: int = 20) -> str:
    """The first lines of a child's stderr and its last (the summary): a bad generator rejects
    every row, and a million error lines help nobody."""
    lines = text.splitlines(keepends=True)
    if len(lines) <= head + 1:
        return text
    return "".join([*lines[:head], f"... {len(lines) - head - 1} more lines ...\n", lines[-1]])


def report_failure(exc: CommandFailed) -> int:
    """A command that failed, said on stderr with its clipped output: the exit code 2."""
    print(f"error: {exc}", file=sys.stderr)
    print(clip(exc.stderr), file=sys.stderr, end="")
    return 2


def cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def machine() -> dict[str, object]:
    """What the numbers were measured on, for the report."""
    return {
        "platform": platform.platform(),
        "cpu_count": os.cpu_count(),
        "cpu_model": cpu_model(),
        "python": platform.python_version(),
    }


def machine_lines(m: dict[str, object], width: int) -> list[str]:
    """The report's first lines: what the numbers were measured on, labels padded to `width`."""
    return [
        f"{'machine':<{width}}: {m['platform']}",
        f"{'cpu':<{width}}: {m['cpu_model']} ({m['cpu_count']} logical CPUs)",
        f"{'python':<{width}}: {m['python']}",
    ]


def clean_env() -> dict[str, str]:
    """The environment without SFMATCH_PROGRAMS, so that the bundled catalog is scored."""
    return {k: v for k, v in os.environ.items() if k != "SFMATCH_PROGRAMS"}


def parse_sizes(text: str) -> list[int]:
    sizes = sorted({int(part) for part in text.split(",") if part.strip()})
    if not sizes or sizes[0] < 1:
        raise ValueError("sizes must be positive integers")
    return sizes


def list_arguments(parser: argparse.ArgumentParser, sizes: str, seed: int) -> None:
    """The options of the benchmarks over generated lists."""
    parser.add_argument("--sizes", default=sizes, help=f"applicant counts, comma list ({sizes})")
    parser.add_argument("--runs", type=int, default=3, help="timed runs per size (default 3)")
    parser.add_argument("--seed", type=int, default=seed, help="generator seed")
    parser.add_argument("--keep", type=Path, help="write the generated CSVs here and keep them")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")


def checked_sizes(parser: argparse.ArgumentParser, args: argparse.Namespace) -> list[int]:
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    try:
        return parse_sizes(args.sizes)
    except ValueError:
        parser.error(f"--sizes must be a comma list of positive integers, not {args.sizes!r}")
        raise  # parser.error exits


@contextmanager
def workspace(keep: Path | None) -> Iterator[tuple[Path, Path]]:
    """(an empty folder to run in, the folder for generated lists: `keep`, else the same)."""
    with tempfile.TemporaryDirectory(prefix="sfmatch-bench-") as tmp:
        work = Path(tmp)
        if keep is None:
            yield work, work
            return
        data_dir = keep.resolve()
        data_dir.mkdir(parents=True, exist_ok=True)
        yield work, data_dir

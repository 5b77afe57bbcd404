"""Helpers shared by the benchmark scripts (not a test module)."""

from __future__ import annotations

import os
import platform
import shutil
import sys
from pathlib import Path


class CommandFailed(Exception):
    def __init__(self, name: str, returncode: int, stderr: str) -> None:
        super().__init__(f"{name} exited with code {returncode}")
        self.name, self.returncode, self.stderr = name, returncode, stderr


def find_sfmatch() -> Path | None:
    """The `sfmatch` executable of the running interpreter's environment, else the one on PATH."""
    candidate = Path(sys.executable).parent / "sfmatch"
    if candidate.is_file():
        return candidate
    found = shutil.which("sfmatch")
    return Path(found) if found else None


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

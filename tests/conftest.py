"""Shared helpers: run the CLI in-process through its real error boundary."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest

from sfmatch.cli import main

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).parent / "data"
AS_OF = "2026-03-02"


@dataclass
class Run:
    code: int
    out: str
    err: str

    def json(self):
        return json.loads(self.out)

    @property
    def err_lines(self) -> list[str]:
        return [line for line in self.err.splitlines() if line.strip()]


@pytest.fixture
def cli(capsys, monkeypatch):
    """`cli("recommend", "x.toml")` → Run(code, out, err), at a fixed width and without colour."""
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.delenv("SFMATCH_PROGRAMS", raising=False)
    monkeypatch.delenv("SFMATCH_DEBUG", raising=False)
    # English unless a test says otherwise (the default follows the locale: see test_i18n.py)
    for name in ("LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")

    def run(*args: str | Path) -> Run:
        capsys.readouterr()
        code = main([str(a) for a in args])
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return run

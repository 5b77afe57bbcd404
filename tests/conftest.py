"""Shared helpers: run the CLI in-process through its real error boundary."""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from sfmatch.cli import main

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).parent / "data"
AS_OF = "2026-03-02"


def pytest_configure(config) -> None:
    """What is imported while tests are collected keeps its entries in a folder of the run's
    own, never in the user's ~/.cache (each test then has its own: `own_cache`)."""
    import tempfile

    os.environ["SFMATCH_CACHE"] = tempfile.mkdtemp(prefix="sfmatch-test-cache-")


def pytest_unconfigure(config) -> None:
    shutil.rmtree(os.environ.get("SFMATCH_CACHE", ""), ignore_errors=True)


@pytest.fixture(autouse=True)
def own_cache(tmp_path_factory, monkeypatch) -> Path:
    """Each test its own cache of validated files (sfmatch.cache), empty at its start, so that
    no test reads what another one kept; subprocesses inherit it."""
    where = tmp_path_factory.mktemp("cache")
    monkeypatch.setenv("SFMATCH_CACHE", str(where))
    return where


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


@pytest.fixture
def chromium(tmp_path) -> list[str]:
    """A headless Chromium command (Debian's package), with a fresh profile and no background
    traffic. Without one the test is skipped, except where SFMATCH_REQUIRE_BROWSER=1 (CI, which
    installs it): there a missing browser fails, so the page tests never skip unseen."""
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        if os.environ.get("SFMATCH_REQUIRE_BROWSER") == "1":
            pytest.fail("no Chromium, which SFMATCH_REQUIRE_BROWSER=1 requires"
                        " (apt-get install chromium fonts-noto-cjk)")  # fmt: skip
        pytest.skip("no Chromium here (apt-get install chromium fonts-noto-cjk)")
    profile = tmp_path / "chromium-profile"
    return [found, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
            "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", f"--user-data-dir={profile}"]  # fmt: skip

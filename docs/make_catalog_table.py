"""Writes the table of docs/catalog.md from the catalog itself (`programs/`), between its
`catalog-table` markers: `python docs/make_catalog_table.py`. A test fails when the page is not
current (tests/test_catalog.py)."""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
PAGE = HERE / "catalog.md"
BEGIN, END = "<!-- catalog-table: begin -->", "<!-- catalog-table: end -->"


def window_words(window) -> str:
    """The window as the file gives it: rolling (no [window]), announced dates, or yearly."""
    if window is None:
        return "rolling"
    if not (window.opens or window.closes):
        return "yearly, dates not announced"
    dates = f"{window.opens or '?'} – {window.closes or '?'}"
    return f"{dates}, yearly" if window.recurs else dates


def table() -> str:
    """The table: central programs, then local ones, each by id."""
    sys.path.insert(0, str(HERE.parent / "src"))
    from sfmatch.catalog import load_catalog

    catalog = load_catalog(HERE.parent / "programs")
    lines = [
        "| id | family | name_ko | scope | covers (kind) | window in the file | verified |",
        "|---|---|---|---|---|---|---|",
    ]
    for p in sorted(catalog.programs, key=lambda p: (p.scope != "central", p.id)):
        kind = p.funding.kind if p.funding is not None else "grant"
        covers = ", ".join(p.covers) + (f" ({kind})" if kind != "grant" else "")
        lines.append(f"| `{p.id}` | `{p.family_id}` | {p.name_ko} | {p.scope} | {covers} |"
                     f" {window_words(p.window)} | {p.verified} |")  # fmt: skip
    return "\n".join(lines)


def current(text: str) -> str:
    """`text` with its table made anew."""
    head, rest = text.split(BEGIN, 1)
    _old, tail = rest.split(END, 1)
    return f"{head}{BEGIN}\n{table()}\n{END}{tail}"


if __name__ == "__main__":
    PAGE.write_text(current(PAGE.read_text(encoding="utf-8")), encoding="utf-8")
    print(f"wrote {PAGE}")

"""The ZEN side of benchmarks/versus_zen.py: scores an applicant list with GoRules ZEN (a benchmark
helper, not a test), timed end to end as a subprocess, as `sfmatch batch` is.

  python benchmarks/zen_graph/run.py LIST.csv OUT.csv --graph DIR [--as-of 2026-03-02] [--jobs 2]

DIR holds graph.json and reading.json from build_graph.py. The main process reads the list with
the csv module and sends chunks of raw rows to `--jobs` worker processes (multiprocessing, fork);
each worker holds one `zen.ZenEngine` with the graph loaded once (a static loader), turns each
row into the graph's input (reading.json's tables: columns, places, levels, program families;
numbers, dates, KSIC and prior entries in plain Python), evaluates it (`ZenEngine.evaluate`,
one call per applicant) and lays its statuses out as a CSV line; the main process writes them
in order: row, name, then one status per program. It ends its stderr with
`read N = scored N + rejected R`, as sfmatch does, rejected rows being those without a readable
employee count or KSIC code.

`ZenEngine.evaluate(key, ...)` with the graph from the loader, not `create_decision(content)
.evaluate(...)`: in zen-engine 2.1.3 the latter took 12 times as long per applicant on this
graph (measured: about 600 us against 50, the same results), apparently compiling the
expressions on every call; `evaluate_batch` was no faster than a loop. ZEN is timed at its
fastest.

Imports `zen` (the zen-engine package): this folder must not hold a module of that name.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import multiprocessing
import re
import sys
from pathlib import Path

import zen

CHUNK = 2048
KEY = "sfmatch-catalog"  # the graph's name for the engine's loader
NO_PRIOR = {"없음", "해당없음", "해당 없음", "무", "-", "none", "n/a", "na"}
PRIOR_ENTRY = re.compile(r"^(?P<name>.+?)[\s:(/\-]*(?P<year>(?:19|20)\d\d)\s*년?\s*\)?$")
SPLIT = re.compile(r"[;,\n]")

_state: dict = {}


def _start(graph: str, reading: dict, header: list[str], as_of: str) -> None:
    """A worker: one engine, the graph created once, the header's columns found once."""
    loader = {"type": "static", "content": {KEY: json.loads(graph)}}
    _state["engine"] = zen.ZenEngine({"loader": loader})
    _state["reading"] = reading
    _state["as_of"] = as_of
    keys = {info["key"]: (i, info["scale"]) for i, h in enumerate(header)
            if (info := reading["columns"].get(h.strip()))}  # fmt: skip
    _state["keys"] = keys


def _prior(text: str, families: dict) -> list[dict] | None:
    entries = []
    for item in (part.strip() for part in SPLIT.split(text)):
        if not item or item.casefold() in NO_PRIOR:
            continue
        m = PRIOR_ENTRY.match(item)
        if m is None:
            return None  # unreadable: unknown
        name = m.group("name").strip(" :-/(")
        entries.append(
            {"program": name, "family": families.get(name), "year": int(m.group("year"))}
        )
    return entries


def _input(cells: list[str]) -> dict | None:
    """The graph's input from a row's cells; None when a required cell is unreadable."""
    reading, keys, as_of = _state["reading"], _state["keys"], _state["as_of"]

    def cell(key: str) -> str:
        at = keys.get(key)
        return cells[at[0]].strip() if at is not None and at[0] < len(cells) else ""

    try:
        employees = int(cell("employees").replace(",", ""))
    except ValueError:
        return None
    ksic = cell("ksic").upper()
    if not ksic:
        return None
    revenue = cell("revenue_krw").replace(",", "")
    founded = cell("founded") or None
    prior = cell("prior")
    level = cell("sf_level")
    return {
        "as_of": as_of,
        "area": reading["places"].get(cell("region")),
        "ksic": ksic if ksic.startswith("C") else "C" + ksic,
        "employees": employees,
        "revenue_krw": int(revenue) * keys["revenue_krw"][1] if revenue.isdigit() else None,
        "size": None,
        "sf_level": reading["levels"].get(level) if level else None,
        "founded": founded if founded and founded <= as_of else None,
        "prior": _prior(prior, reading["families"]) if prior else None,
        "root_certified": None,
        "processes": None,
        "disqualifiers": None,
    }


def _score(rows: list[tuple[int, list[str]]]) -> tuple[str, int, int]:
    """(CSV text of a chunk's statuses, rows read, rows rejected)."""
    evaluate = _state["engine"].evaluate
    name = _state["keys"]["name"][0]
    out = io.StringIO()
    writer = csv.writer(out)
    rejected = 0
    for number, cells in rows:
        given = _input(cells)
        if given is None:
            rejected += 1
            continue
        writer.writerow([number, cells[name], *evaluate(KEY, given)["result"]["statuses"]])
    return out.getvalue(), len(rows), rejected


def _chunks(reader, size: int):
    chunk = []
    for number, cells in enumerate(reader, 2):
        chunk.append((number, cells))
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Score an applicant list with ZEN.")
    parser.add_argument("list", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--graph", type=Path, required=True, help="folder of build_graph.py")
    parser.add_argument("--as-of", default="2026-03-02")
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args(argv)
    graph = (args.graph / "graph.json").read_text(encoding="utf-8")
    reading = json.loads((args.graph / "reading.json").read_text(encoding="utf-8"))
    read = rejected = 0
    with (
        open(args.list, encoding="utf-8-sig", newline="") as src,
        open(args.out, "w", encoding="utf-8-sig", newline="") as dst,
    ):
        rows = csv.reader(src)
        header = next(rows)
        dst.write(",".join(["row", "name", *reading["programs"]]) + "\r\n")
        init = (graph, reading, header, args.as_of)
        if args.jobs > 1:
            pool = multiprocessing.get_context("fork").Pool(args.jobs, _start, init)
            results = pool.imap(_score, _chunks(rows, CHUNK))
        else:
            pool, results = None, (_start(*init), map(_score, _chunks(rows, CHUNK)))[1]
        for text, count, bad in results:
            dst.write(text)
            read += count
            rejected += bad
        if pool is not None:
            pool.close()
            pool.join()
    print(f"read {read} = scored {read - rejected} + rejected {rejected}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

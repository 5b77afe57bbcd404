"""Builds a GoRules ZEN decision graph (JDM) of sfmatch's catalog, from the catalog as sfmatch
loads it (a benchmark helper, not a test): one graph of all programs, one status per program.

  python benchmarks/zen_graph/build_graph.py OUT_DIR [--programs FOLDER]

writes OUT_DIR/graph.json (the JDM) and OUT_DIR/reading.json (what `run.py` needs to turn a
row of batch.py's CSV into the graph's input). Nothing in either file is written by hand: the
catalog is read by `sfmatch.catalog.load_catalog`, each program's conditions by
`criteria.conditions_of` (table keys, `[[eligibility.rules]]`, weak ones, `any`, the
`conditions` check of a file with no firm condition), and each condition becomes a ZEN
expression giving 0 (pass), 1 (unknown) or 2 (fail), exactly as `criteria.py` decides it:

  regions, districts  the company's area against the rule's (`vocab.area_of`): pass when inside,
                      fail when outside, unknown when it may be either (an old code, a district
                      not given). The map's pieces are grouped into classes that no rule tells
                      apart, so an area is a short list (`reading.json` places).
  sizes               the given size, else derived in the graph (§4.3): a decision table of the
                      SME and small-firm caps per KSIC division of every law table
                      (`sizing.tables()`, picked by the as-of date), then revenue and employees.
  employees, revenue_krw, age_years   number ranges (revenue or founding not given: unknown).
  ksic, exclude_ksic  prefix tests; sf_level by rank; root, processes_any, clean_record.
  prior_required, prior_excluded      entries matched by id or family (a name the catalog cannot
                      read is unknown), the exclusion window counted from the as-of year.
  any                 alternatives: min over alternatives of max over their checks.
  weak                a fail asks to confirm: min(code, 1). `conditions`: 1, `open_to_all`: 0.

A program's status is max over its conditions: eligible, needs-info or ineligible (contract
§4.1). The graph: input -> facts (expressions: as-of day and year, KSIC division, founding day,
level rank) -> size caps (decision table) -> size class and age (expressions) -> conditions (one
array `c`, each distinct condition once) -> statuses (one array, in the order of
reading.json's `programs`, which is sfmatch's id order) -> output. The as-of date is an input
(`as_of`), as `--as-of` is to sfmatch.

What sfmatch does beyond this graph: reasons, questions and near misses per condition, money
(§4.5), scores and ranking (§4.6-4.7), gaps (§4.8), windows and the current edition of a family
(an older edition is never shown by `sfmatch batch`; here it gets its own status, as
`recommend` gives it), and reading free text. The graph takes facts as codes: `reading.json`
maps the cell values batch.py's generator writes (places, levels) to codes with sfmatch's own
readers (`applicants.read_place`, `vocab.LEVELS`), and program names to families with the
catalog (`Catalog.family_of`, exact names only; sfmatch also reads names fuzzily).
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
from pathlib import Path

# batch.py, beside this folder: the generator's vocabulary and headers
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from batch import HEADERS, LEVELS, LOCATIONS, PRIOR

from sfmatch import sizing, vocab
from sfmatch.applicants import read_place
from sfmatch.catalog import Catalog, bundled_dir, load_catalog
from sfmatch.criteria import ANY, CONDITIONS, OPEN_TO_ALL, Condition, conditions_of
from sfmatch.headers import map_headers

STATUSES = ("eligible", "needs-info", "ineligible")  # codes 0, 1, 2: a status is the max
PLACE_RULES = ("regions", "districts")


def _list(values) -> str:
    return "[" + ", ".join(json.dumps(v, ensure_ascii=False) for v in values) + "]"


def _area(codes: list[str]) -> frozenset[str]:
    return frozenset().union(*(vocab.area_of(c) for c in codes))


class Places:
    """Classes of the map's pieces: two pieces are one class when every place rule of the
    catalog has both or neither, so that inside / outside / partly is decided on classes."""

    def __init__(self, rules: list[frozenset[str]], companies: list[frozenset[str]]) -> None:
        self.rules = list(dict.fromkeys(rules))
        signatures: dict[tuple[bool, ...], str] = {}
        self.class_of: dict[str, str] = {}
        for atom in sorted(frozenset().union(*self.rules, *companies)):
            signature = tuple(atom in rule for rule in self.rules)
            self.class_of[atom] = signatures.setdefault(signature, f"p{len(signatures)}")

    def classes(self, atoms: frozenset[str]) -> list[str]:
        return sorted({self.class_of[a] for a in atoms})


def _place_rules(catalog: Catalog) -> list[frozenset[str]]:
    found = []
    for program in catalog.programs:
        for condition in conditions_of(program.eligibility):
            pairs = (
                [pair for alternative in condition.rule for pair in alternative]
                if condition.criterion == ANY
                else [(condition.criterion, condition.rule)]
            )
            found += [_area(rule) for name, rule in pairs if name in PLACE_RULES]
    return found


def check_code(name: str, rule, places: Places) -> str:
    """One criterion of `criteria.CRITERIA` as a ZEN expression: 0 pass, 1 unknown, 2 fail."""
    if name in PLACE_RULES:
        inside = _list(places.classes(_area(rule)))
        return (f"(area == null ? 1 : (all(area, # in {inside}) ? 0 : "
                f"(none(area, # in {inside}) ? 2 : 1)))")  # fmt: skip
    if name == "sizes":
        return f"(size_class == null ? 1 : (size_class in {_list(rule)} ? 0 : 2))"
    if name in ("employees", "revenue_krw", "age_years"):
        value = {"employees": "employees", "revenue_krw": "revenue_krw", "age_years": "age"}[name]
        tests = ([f"{value} > {rule.max}"] if rule.max is not None else []) + (
            [f"{value} < {rule.min}"] if rule.min is not None else []
        )
        code = f"({' or '.join(tests)} ? 2 : 0)"
        return code if name == "employees" else f"({value} == null ? 1 : {code})"
    if name in ("ksic", "exclude_ksic"):
        hit, miss = (0, 2) if name == "ksic" else (2, 0)
        return f"(some({_list(rule)}, startsWith(ksic, #)) ? {hit} : {miss})"
    if name == "sf_level":
        rank = vocab.LEVELS.rank
        tests = ([f"sf_rank > {rank(rule.max)}"] if rule.max is not None else []) + (
            [f"sf_rank < {rank(rule.min)}"] if rule.min is not None else []
        )
        return f"(sf_rank == null ? 1 : ({' or '.join(tests)} ? 2 : 0))"
    if name == "root":
        given = "processes != null and len(processes)"
        return (f"(root_certified == true or ({given} > 0) ? 0 : "
                f"(root_certified == false and {given} == 0 ? 2 : 1))")  # fmt: skip
    if name == "processes_any":
        return f"(processes == null ? 1 : (some(processes, # in {_list(rule)}) ? 0 : 2))"
    if name == "prior_required":
        names = _list(rule)
        return (f"(prior == null ? 1 : (some(prior, #.program in {names} or #.family in {names})"
                f" ? 0 : (some(prior, #.family == null) ? 1 : 2)))")  # fmt: skip
    if name == "prior_excluded":
        names = _list(rule.programs)
        recent = f"as_of_year - #.year < {rule.within_years}"
        hit = f"({recent} and (#.program in {names} or #.family in {names}))"
        unread = f"({recent} and #.family == null and not (#.program in {names}))"
        uses = rule.max_uses
        return (f"(prior == null ? 1 : (count(prior, {hit}) >= {uses} ? 2 : "
                f"(count(prior, {unread}) > 0 and count(prior, {hit}) + count(prior, {unread})"
                f" >= {uses} ? 1 : 0)))")  # fmt: skip
    if name == "clean_record":
        return "(disqualifiers == null ? 1 : (len(disqualifiers) == 0 ? 0 : 2))"
    raise ValueError(f"no ZEN translation of criterion {name!r}")


def condition_code(condition: Condition, places: Places) -> str:
    name = condition.criterion
    if name == CONDITIONS:
        return "1"  # unknown for everyone: read the announcement's conditions
    if name == OPEN_TO_ALL:
        return "0"
    if name == ANY:
        alternatives = [
            f"max([{', '.join(check_code(n, r, places) for n, r in alternative)}])"
            for alternative in condition.rule
        ]
        code = f"min([{', '.join(alternatives)}])"
    else:
        code = check_code(name, condition.rule, places)
    return f"min([{code}, 1])" if condition.weak else code


def _caps_table() -> dict:
    """The decision table of the size caps (`sizing.tables()`): the newest law in force on the
    as-of date, else the oldest; a row per law and group of divisions with the same caps."""
    laws = sizing.tables()
    rules = []
    for k, law in enumerate(reversed(laws)):
        groups: dict[tuple[int, int], list[int]] = {}
        for division in sorted(law.sme):
            groups.setdefault((law.sme[division], law.small[division]), []).append(division)
        since = "" if k == len(laws) - 1 else f">= {law.start.strftime('%Y%m%d')}"
        for (sme, small), divisions in groups.items():
            rules.append({"_id": f"r{len(rules)}", "i_date": since,
                          "i_div": ", ".join(map(str, divisions)),
                          "o_sme": str(sme), "o_small": str(small)})  # fmt: skip
    return {
        "hitPolicy": "first",
        "inputs": [
            {"id": "i_date", "name": "as-of date", "field": "as_of_day"},
            {"id": "i_div", "name": "KSIC division", "field": "division"},
        ],
        "outputs": [
            {"id": "o_sme", "name": "SME cap", "field": "sme_cap"},
            {"id": "o_small", "name": "small-firm cap", "field": "small_cap"},
        ],
        "rules": rules,
        "passThrough": True,
        "inputField": None,
        "outputPath": None,
        "executionMode": "single",
    }


def _node(node_id: str, kind: str, name: str, x: int, content: dict | None = None) -> dict:
    node = {"id": node_id, "type": kind, "name": name, "position": {"x": x, "y": 100}}
    if content is not None:
        node["content"] = content
    return node


def _expressions(pairs: list[tuple[str, str]], pass_through: bool) -> dict:
    return {
        "expressions": [{"id": f"e{i}", "key": k, "value": v} for i, (k, v) in enumerate(pairs)],
        "passThrough": pass_through,
        "inputField": None,
        "outputPath": None,
        "executionMode": "single",
    }


def _day(field: str) -> str:
    """A YYYY-MM-DD text as the number YYYYMMDD (ZEN slices include their end)."""
    return (f"number({field}[0:3]) * 10000 + number({field}[5:6]) * 100"
            f" + number({field}[8:9])")  # fmt: skip


def build(catalog: Catalog) -> tuple[dict, dict]:
    """(the JDM graph, the reading tables for run.py) of every program of `catalog`."""
    companies = {}
    for text in LOCATIONS:
        placed = read_place(text, None, None)
        companies[text] = vocab.company_area(placed.region, placed.district, placed.area)
    places = Places(_place_rules(catalog), list(companies.values()))
    programs = sorted(catalog.programs, key=lambda p: p.id)
    shared: dict[str, int] = {}  # a condition's expression -> its place in `c`, computed once
    statuses = []
    for program in programs:
        codes = [condition_code(c, places) for c in conditions_of(program.eligibility)]
        at = [shared.setdefault(code, len(shared)) for code in codes]
        statuses.append(f"{_list(STATUSES)}[max([{', '.join(f'c[{i}]' for i in at)}])]")
    # One expression each: ZEN spends about a microsecond on every key it sets (measured).
    conditions = [("c", f"[{', '.join(shared)}]")]
    statuses = [("statuses", f"[{', '.join(statuses)}]")]
    rank = " : ".join(
        f"sf_level == {json.dumps(c)} ? {i}" for i, c in enumerate(vocab.LEVELS.codes)
    )
    facts = [
        ("as_of_day", _day("as_of")),
        ("as_of_year", "number(as_of[0:3])"),
        ("division", "number(ksic[1:2])"),
        ("founded_day", f"founded == null ? null : {_day('founded')}"),
        ("sf_rank", f"sf_level == null ? null : ({rank} : null)"),
    ]
    size = [
        ("age", "founded_day == null ? null : floor((as_of_day - founded_day) / 10000)"),
        ("size_class",
         "size != null ? size : (revenue_krw == null ? null : (revenue_krw > sme_cap ? 'midsize'"
         f" : (revenue_krw <= small_cap ? (employees < {sizing.MICRO_EMPLOYEES} ? 'micro'"
         " : 'small') : 'medium')))"),
    ]  # fmt: skip
    nodes = [
        _node("input", "inputNode", "applicant", 0),
        _node("facts", "expressionNode", "facts", 250, _expressions(facts, True)),
        _node("caps", "decisionTableNode", "size caps by division", 500, _caps_table()),
        _node("size", "expressionNode", "size class and age", 750, _expressions(size, True)),
        _node("conditions", "expressionNode", "conditions (each once)", 1000,
              _expressions(conditions, False)),
        _node("status", "expressionNode", "status per program", 1250,
              _expressions(statuses, False)),
        _node("output", "outputNode", "statuses", 1500),
    ]  # fmt: skip
    order = [n["id"] for n in nodes]
    edges = [
        {"id": f"edge{i}", "sourceId": a, "targetId": b, "type": "edge"}
        for i, (a, b) in enumerate(itertools.pairwise(order))
    ]
    columns = {
        c.header: {"key": c.field, "scale": c.scale}
        for c in map_headers(HEADERS)[0]
        if c.field is not None
    }
    names = {p.id for p in catalog.programs} | {p.family_id for p in catalog.programs}
    names |= {family for family, _editions, _names in catalog.families()}
    names |= {n for _f, _e, aliases in catalog.families() for n in aliases}
    names.add(PRIOR.rpartition(":")[0])
    reading = {
        "programs": [p.id for p in programs],
        "statuses": list(STATUSES),
        "columns": columns,
        "places": {text: places.classes(area) for text, area in companies.items()},
        "levels": {text: vocab.LEVELS.resolve(text) for text in LEVELS if text},
        "families": {n: catalog.family_of(n) for n in sorted(names)},
    }
    return {"nodes": nodes, "edges": edges}, reading


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build the ZEN graph of the sfmatch catalog.")
    parser.add_argument("out", type=Path, help="folder for graph.json and reading.json")
    parser.add_argument("--programs", type=Path, help="catalog folder (default: the bundled one)")
    args = parser.parse_args(argv)
    graph, reading = build(load_catalog(args.programs or bundled_dir()))
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "graph.json").write_text(json.dumps(graph, ensure_ascii=False, indent=1))
    (args.out / "reading.json").write_text(json.dumps(reading, ensure_ascii=False, indent=1))
    print(f"{len(reading['programs'])} programs -> {args.out / 'graph.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

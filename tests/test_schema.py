"""The editor schemas (issue 21): JSON Schemas of program and profile files, made from the models.

They must hold every shipped file, refuse an unknown key as `validate` does, offer the
vocabularies as enums, and describe each key in English and Korean.
"""

from __future__ import annotations

import datetime as dt
import json
import tomllib

import pytest
from jsonschema import Draft202012Validator

from sfmatch.models import Profile, Program
from sfmatch.schema import DIALECT, schema

from conftest import ROOT

SHIPPED = {
    "program": sorted((ROOT / "programs").rglob("*.toml")),
    "profile": sorted((ROOT / "profiles").glob("*.toml")),
}


def _plain(value):
    """A TOML file's data as JSON has it (an editor's TOML schema tooling does the same)."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return value


def _errors(kind: str, data: dict) -> list[str]:
    return [e.message for e in Draft202012Validator(schema(kind)).iter_errors(_plain(data))]


@pytest.mark.parametrize("kind", ["program", "profile"])
def test_each_schema_is_draft_2020_12_and_holds_every_shipped_file(kind):
    found = schema(kind)
    assert found["$schema"] == DIALECT
    Draft202012Validator.check_schema(found)
    assert len(SHIPPED[kind]) >= 10
    for path in SHIPPED[kind]:
        assert _errors(kind, tomllib.loads(path.read_text(encoding="utf-8"))) == [], path


@pytest.mark.parametrize(("kind", "model"), [("program", Program), ("profile", Profile)])
def test_the_schema_has_the_models_keys_each_described_in_two_languages(kind, model):
    properties = schema(kind)["properties"]
    assert set(properties) == set(model.model_fields) - {"area"}  # area: never in a file
    for name, prop in properties.items():
        assert prop.get("x-description-ko"), name
        english, _, korean = prop["description"].partition("\n\n")
        assert english and korean == prop["x-description-ko"], name


def test_an_unknown_key_fails_as_validate_refuses_it(cli, tmp_path):
    path = tmp_path / "firm.toml"
    path.write_text(
        'name = "가람"\nregion = "인천"\nksic = "C25"\nemployes = 3\n', encoding="utf-8"
    )
    assert any("employes" in e for e in _errors("profile", tomllib.loads(path.read_text())))
    assert cli("validate", path).code == 1
    program = tomllib.loads(SHIPPED["program"][0].read_text(encoding="utf-8"))
    program["funding"] = {**program.get("funding", {}), "max_kwr": 1}
    assert any("max_kwr" in e for e in _errors("program", program))


def test_vocabularies_are_enums_and_money_takes_the_contracts_text():
    program = tomllib.loads(SHIPPED["program"][0].read_text(encoding="utf-8"))
    assert _errors("program", {**program, "covers": ["maintenance", "유지보수"]}) == []
    assert _errors("program", {**program, "covers": ["maintenence"]})  # a typo shows red
    assert _errors("program", {**program, "scope": "national"})
    base = {"name": "가람", "region": "인천", "ksic": "C25"}
    for money in ("1.5억", "6,000만", "2억5천만", "500만원", 300_000_000):
        assert _errors("profile", {**base, "revenue_krw": money}) == [], money
    for wrong in ("lots", "억", -5.5):
        assert _errors("profile", {**base, "revenue_krw": wrong}), wrong
    assert _errors("profile", {**base, "size": "huge"})
    assert _errors("profile", {**base, "needs": ["유지보수 비용을 줄이고 싶음"]}) == []  # free text
    needs = schema("profile")["properties"]["needs"]
    assert "maintenance" in json.dumps(needs) and "유지보수" in json.dumps(
        needs, ensure_ascii=False
    )


def test_the_commands_write_the_schemas(cli, tmp_path):
    run = cli("programs", "schema")
    assert run.code == 0 and json.loads(run.out) == schema("program")
    out = tmp_path / "profile.schema.json"
    run = cli("validate", "--schema", "profile", "-o", out)
    assert run.code == 0 and json.loads(out.read_text(encoding="utf-8")) == schema("profile")
    assert json.loads(cli("validate", "--schema", "program").out) == schema("program")
    wrong = cli("validate", "--schema", "profil")
    assert wrong.code == 2 and "use one of program, profile" in wrong.err
    both = cli("validate", "--schema", "profile", ROOT / "profiles")
    assert both.code == 2 and "checks no files" in both.err

"""Validated files as plain records, kept between runs (sfmatch.records, sfmatch.cache): the same
answers with the cache empty, full, damaged, off or unwritable, and never an entry made from other
bytes than the files hold."""

from __future__ import annotations

import os
import pickle
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import BaseModel

from sfmatch import cache, models, records
from sfmatch.catalog import load_catalog
from sfmatch.commands._shared import read_profile
from sfmatch.errors import DataError

from conftest import AS_OF, ROOT

PROFILES = sorted((ROOT / "profiles").glob("*.toml"))
PROGRAMS = ROOT / "programs"


def _models() -> list[type[BaseModel]]:
    return [
        value
        for value in vars(models).values()
        if isinstance(value, type)
        and issubclass(value, BaseModel)
        and value.__module__ == models.__name__
        and value is not models.Strict
        and value is not models._Range
    ]


def test_every_model_has_its_record_and_the_criteria_their_order():
    for model in _models():
        kind = getattr(records, model.__name__, None)
        assert isinstance(kind, type) and issubclass(kind, records.Record), model.__name__
    assert tuple(models.Criteria.model_fields) == records.CRITERIA_KEYS


def _same(model: object, record: object) -> None:
    """A record holds what its model holds, field by field, in order."""
    if isinstance(model, BaseModel):
        assert type(record).__name__ == type(model).__name__
        assert list(vars(record)) == list(type(model).model_fields)
        for name in type(model).model_fields:
            _same(getattr(model, name), getattr(record, name))
    elif isinstance(model, list):
        assert isinstance(record, list) and len(record) == len(model)
        for a, b in zip(model, record, strict=True):
            _same(a, b)
    else:
        assert type(record) is type(model) and record == model


def test_records_hold_what_the_models_validated():
    from sfmatch.catalog import program_files
    from sfmatch.loader import load_profile, load_program

    for path in program_files(PROGRAMS):
        program = load_program(path)
        record = models.to_record(program)
        _same(program, record)
        assert record.family_id == program.family_id
        assert record.eligibility.given() == program.eligibility.given()
        for rule in program.eligibility.rules:
            assert models.to_record(rule).given() == rule.given()
        assert pickle.loads(pickle.dumps(record)) == record
    for path in PROFILES:
        profile = load_profile(path)
        _same(profile, models.to_record(profile))


def test_a_record_is_read_only_and_compared_by_value():
    window = records.Window({"opens": None, "closes": None, "recurs": "yearly"})
    with pytest.raises(AttributeError):
        window.opens = 1  # type: ignore[attr-defined]
    with pytest.raises(AttributeError):
        del window.recurs  # type: ignore[attr-defined]
    assert window == records.Window(dict(vars(window)))
    assert window != records.Funding(dict(vars(window)))  # another kind
    assert hash(window) == hash(records.Window(dict(vars(window))))
    assert "recurs='yearly'" in repr(window)


def _entries(where: Path) -> list[str]:
    return sorted(p.name for p in where.glob("*.pickle"))


def test_a_catalog_is_kept_and_read_back_the_same(own_cache):
    first = load_catalog(PROGRAMS)
    kept = _entries(own_cache)
    assert [name.split("-")[0] for name in kept] == ["catalog"]
    again = load_catalog(PROGRAMS)
    assert again.programs == first.programs
    assert _entries(own_cache) == kept


def test_an_edited_program_file_is_validated_again(own_cache, tmp_path):
    folder = tmp_path / "programs"
    shutil.copytree(PROGRAMS, folder)
    before = load_catalog(folder)
    path = folder / "central" / "kr-mss-regional-sf-2026.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("verified = ", "verified = 2025-01-01\n#", 1), encoding="utf-8")
    after = load_catalog(folder)
    program = after.get("kr-mss-regional-sf-2026")
    assert str(program.verified) == "2025-01-01"
    assert after.programs != before.programs
    path.write_text(text.replace("verified = ", "verified = 1800-01-01\n#", 1), encoding="utf-8")
    with pytest.raises(DataError):  # a broken file is found again, whatever was kept
        load_catalog(folder)
    with pytest.raises(DataError):
        load_catalog(folder)
    path.write_text(text, encoding="utf-8")
    assert load_catalog(folder).programs == before.programs


def test_a_damaged_entry_is_made_again(own_cache):
    first = load_catalog(PROGRAMS)
    for entry in own_cache.glob("*.pickle"):
        entry.write_bytes(b"\x80\x05not a pickle")
    assert load_catalog(PROGRAMS).programs == first.programs
    for entry in own_cache.glob("*.pickle"):
        assert pickle.loads(entry.read_bytes())  # written anew


def test_off_and_unwritable_caches_change_nothing(own_cache, monkeypatch, tmp_path):
    monkeypatch.setenv("SFMATCH_CACHE", "off")
    assert cache.folder() is None
    off = load_catalog(PROGRAMS)
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(stat.S_IRUSR | stat.S_IXUSR)
    monkeypatch.setenv("SFMATCH_CACHE", str(locked / "sub"))
    try:
        assert load_catalog(PROGRAMS).programs == off.programs
        if os.geteuid() != 0:  # root writes anywhere
            assert not (locked / "sub").exists()
    finally:
        locked.chmod(stat.S_IRWXU)
    assert _entries(own_cache) == []


def test_no_entry_is_filed_under_bytes_it_was_not_made_from(own_cache, tmp_path, monkeypatch):
    """A profile saved again while it is validated: what was made is not kept under the bytes
    read before, which it may not match."""
    path = tmp_path / "firm.toml"
    shutil.copy(PROFILES[0], path)
    from sfmatch import loader

    real = loader.load_profile

    def saved_meanwhile(*args, **kwargs):
        found = real(*args, **kwargs)
        path.write_text(path.read_text(encoding="utf-8") + "\n# saved\n", encoding="utf-8")
        return found

    monkeypatch.setattr(loader, "load_profile", saved_meanwhile)
    read_profile(path)
    profiles = [name for name in _entries(own_cache) if name.startswith("profile-")]
    assert profiles == []
    monkeypatch.setattr(loader, "load_profile", real)
    read_profile(path)
    profiles = [name for name in _entries(own_cache) if name.startswith("profile-")]
    assert len(profiles) == 1


def test_entries_are_pruned_to_the_most_recently_used(own_cache, monkeypatch):
    monkeypatch.setattr(cache, "KEPT", 3)
    for n in range(5):
        cache.kept("test", lambda n=n: [("", str(n).encode())], lambda n=n: n)
        os.utime(own_cache / cache.key("test", [("", str(n).encode())]), ns=(n, n * 10**9))
    cache.kept("test", lambda: [("", b"9")], lambda: 9)
    left = {pickle.loads((own_cache / name).read_bytes()) for name in _entries(own_cache)}
    assert left == {3, 4, 9}


@pytest.mark.parametrize("profile", PROFILES, ids=lambda p: p.stem)
@pytest.mark.parametrize("lang", ["ko", "en"])
def test_answers_are_the_same_from_the_cache(cli, profile, lang):
    """Every example firm, as a table and as JSON, in both languages: the run that validates the
    files and the run that reads them from the cache say the same, byte for byte."""
    for fmt in ("table", "json"):
        args = ("recommend", profile, "--as-of", AS_OF, "--format", fmt, "--lang", lang)
        first, second = cli(*args), cli(*args)
        assert first.code == second.code == 0
        assert (first.out, first.err) == (second.out, second.err)
    report = ("roadmap", profile, "--as-of", AS_OF, "--lang", lang)
    assert cli(*report).out == cli(*report).out


def test_recommend_from_the_cache_loads_neither_typer_nor_pydantic(tmp_path):
    """What makes `recommend` start fast (benchmarks/startup.py): with the files validated
    before, a run of it imports neither Typer nor pydantic."""
    probe = (
        "import sys\n"
        "from sfmatch.cli import main\n"
        f"code = main(['recommend', {str(PROFILES[0])!r}, '--as-of', {AS_OF!r}])\n"
        "print(code, 'typer' in sys.modules, 'pydantic' in sys.modules, file=sys.stderr)\n"
    )
    env = {**os.environ, "SFMATCH_CACHE": str(tmp_path / "cache"), "COLUMNS": "100"}
    env.pop("SFMATCH_PROGRAMS", None)
    loaded = []
    for _ in range(2):
        run = subprocess.run(
            [sys.executable, "-c", probe], capture_output=True, text=True, env=env, cwd=tmp_path
        )
        loaded.append(run.stderr.strip().splitlines()[-1])
    assert loaded == ["0 False True", "0 False False"]

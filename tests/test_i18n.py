"""Korean and English: every message has its Korean text, the compiled catalog is the one the
sources say, and the default language follows the locale.

The messages are found as Babel finds them (`N_(...)` calls, `babel.cfg`); the Korean texts are
in `src/sfmatch/locale/ko/LC_MESSAGES/sfmatch.po`, compiled to `sfmatch.mo` (README, "Korean and
English", says how to update both).
"""

from __future__ import annotations

import gettext
import re
import string
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from sfmatch.i18n import N_, Msg, lang_from_env

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "src" / "sfmatch" / "locale" / "ko" / "LC_MESSAGES"


def _extracted() -> dict[str, str]:
    """msgid → where it is used, for every `N_` call in the package."""
    found = {}
    method_map = [("**.py", "python")]
    for filename, lineno, message, _comments, _context in extract_from_dir(
        ROOT / "src" / "sfmatch", method_map, keywords={"N_": None}
    ):
        if isinstance(message, tuple):
            message = message[0]
        found.setdefault(message, f"{filename}:{lineno}")
    return found


EXTRACTED = _extracted()
PO = {m.id: m for m in read_po((LOCALE / "sfmatch.po").open("rb")) if m.id}


def _fields(text: str) -> set[str]:
    return {name for _lit, name, _spec, _conv in string.Formatter().parse(text) if name}


def test_messages_are_found():
    assert len(EXTRACTED) > 200
    assert "What was the company's average yearly revenue over the last 3 years?" in EXTRACTED


def test_every_message_has_a_korean_text():
    missing = [f"{where}: {msgid!r}" for msgid, where in EXTRACTED.items()
               if msgid not in PO or not PO[msgid].string or PO[msgid].fuzzy]  # fmt: skip
    assert not missing, "no Korean text (update the .po, see README):\n" + "\n".join(missing)


def test_no_korean_text_is_left_without_its_message():
    stale = sorted(set(PO) - set(EXTRACTED))
    assert not stale, f"the .po has texts no code uses: {stale}"


@pytest.mark.parametrize("msgid", sorted(EXTRACTED))
def test_korean_text_has_the_same_places(msgid):
    korean = PO[msgid].string if msgid in PO else ""
    assert _fields(korean) == _fields(msgid), f"{msgid!r} → {korean!r}"


def test_korean_texts_are_korean():
    """A text copied over untranslated is caught: a Korean text of a message with English words
    has Hangul, or is all symbols and places (`{lo}–{hi}`)."""
    english = [
        msgid for msgid in EXTRACTED if re.search(r"[A-Za-z]{3,}", re.sub(r"\{\w+\}", "", msgid))
    ]
    lazy = [m for m in english if m in PO and not re.search(r"[가-힣]", PO[m].string)]
    assert not lazy, lazy


def test_the_compiled_catalog_is_the_po():
    with (LOCALE / "sfmatch.mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    for msgid, message in PO.items():
        assert compiled.gettext(msgid) == message.string, f"recompile the .mo: {msgid!r}"
    assert len(compiled._catalog) - 1 == len(PO)  # the header is one entry too


def test_a_message_is_said_in_either_language():
    message = N_("{n} employees — cap {max} ({over} over)", n=38, max=9, over=29)
    assert message.say("en") == "38 employees — cap 9 (29 over)"
    assert message.say("ko") == "상시근로자 38명 — 상한 9명 (29명 초과)"
    assert str(message) == message.say("en")
    assert isinstance(message, Msg) and hash(message) == hash(N_(message.id, **dict(message.args)))


@pytest.mark.parametrize(
    ("environ", "lang"),
    [
        ({}, "en"),
        ({"LANG": "ko_KR.UTF-8"}, "ko"),
        ({"LANG": "en_US.UTF-8"}, "en"),
        ({"LANG": "C"}, "en"),
        ({"LANG": "en_US.UTF-8", "LC_MESSAGES": "ko_KR.UTF-8"}, "ko"),
        ({"LANG": "ko_KR.UTF-8", "LC_ALL": "C.UTF-8"}, "en"),  # LC_ALL wins
        ({"LANG": "ko_KR.UTF-8", "LC_ALL": ""}, "ko"),  # an empty variable is not set
        ({"LC_ALL": "ko"}, "ko"),
    ],
)
def test_the_default_language_follows_the_locale(environ, lang):
    assert lang_from_env(environ) == lang


def test_lang_option_and_locale_on_the_command_line(cli, monkeypatch):
    profile = ROOT / "profiles" / "hanul-precision.toml"
    english = cli("recommend", profile, "--as-of", "2026-03-02")
    assert "smart-factory programs as of 2026-03-02" in english.out
    monkeypatch.setenv("LANG", "ko_KR.UTF-8")
    korean = cli("recommend", profile, "--as-of", "2026-03-02")
    assert "스마트공장 지원사업 (2026-03-02 기준)" in korean.out and "신청 가능" in korean.out
    assert cli("recommend", profile, "--as-of", "2026-03-02", "--lang", "en").out == english.out
    bad = cli("recommend", profile, "--lang", "jp")
    assert bad.code == 2 and "--lang" in bad.err and "모르는 언어입니다: 'jp'" in bad.err


def test_no_particle_hangs_on_a_value():
    """A particle right after a value is wrong for half the values (`5,000만로는`): the glossary
    says to reword, so that the Korean reads right whatever the value's last sound is."""
    particle = re.compile(r"\}(은|는|이|가|을|를|으로|로|과|와)(?=[\s,.:;)]|$)")
    hanging = [m.string for m in PO.values() if particle.search(m.string)]
    assert not hanging, hanging


def test_what_to_do_is_said_in_one_register():
    """What a person is asked to do ends in -세요 (확인하세요, 쓰세요), as the glossary says; the
    stiffer -십시오 of some older texts read as a second voice."""
    stiff = [m.string for m in PO.values() if "십시오" in m.string]
    assert not stiff, stiff


def test_the_summary_and_wrote_lines_speak_the_runs_language(cli, tmp_path):
    """`batch`, `convert` and `gaps` end with the rows read and where they went: the contract's
    English line under --lang en (scripts read it), the same numbers in Korean under --lang ko."""
    source = ROOT / "tests" / "data" / "registry" / "factoryon.xlsx"
    english = cli("batch", source, "-o", tmp_path / "en.csv", "--as-of", "2026-11-26")
    korean = cli(
        "batch", source, "-o", tmp_path / "ko.csv", "--as-of", "2026-11-26", "--lang", "ko"
    )
    last_en, last_ko = english.err_lines[-1], korean.err_lines[-1]
    assert last_en.startswith("read 120 = scored 117 + rejected 3;") and "wrote " in last_en
    assert (
        last_ko.startswith("읽은 행 120 = 분석 117 + 제외(오류) 3;")
        and "에 저장했습니다" in last_ko
    )
    assert re.findall(r"\d+", last_en.split("wrote")[0]) == re.findall(
        r"\d+", last_ko.rsplit(";", 1)[0])  # fmt: skip
    converted = cli("convert", source, "-o", tmp_path / "p", "--lang", "ko")
    assert converted.err_lines[-1].startswith("읽은 행 120 = 변환 117 + 제외(오류) 3;")
    outside = cli("gaps", source, "--lang", "ko", "--region", "인천", "--format", "json")
    assert "인천광역시 밖의 행 79개는 뺐습니다 (--region)" in outside.err_lines[-1]


def test_show_mapping_speaks_the_runs_language(cli, tmp_path):
    source = ROOT / "tests" / "data" / "registry" / "factoryon.xlsx"
    args = ("batch", source, "-o", tmp_path / "out.csv", "--show-mapping")
    english = cli(*args, "--lang", "en").err
    korean = cli(*args, "--lang", "ko").err
    assert "factoryon.xlsx: header row 1, encoding xlsx" in english
    assert (
        "'회사명' → name (exact)" in english and "'공장관리번호' → (not used) (no match)" in english
    )
    assert "factoryon.xlsx: 머리글 1행, 인코딩 xlsx" in korean
    assert "'회사명' → name (정확히 일치)" in korean and "(쓰지 않음) (맞는 항목 없음)" in korean
    mapping = [line for line in korean.splitlines() if " → " in line]
    assert mapping and not any(re.search(r"\((exact|fuzzy|part|not used)", x) for x in mapping)


def test_file_problems_are_said_in_the_runs_language(cli, tmp_path, monkeypatch):
    """A profile that cannot be read, or has a misspelt or missing key: Korean under a Korean
    locale or --lang ko, the contract's English under --lang en; the `error:` prefix, the path
    and the key's place stay as they are (scripts look for them)."""
    bad = tmp_path / "bad.toml"
    bad.write_text('name = "x"\nregion = "인천"\nemploys = 3\n', encoding="utf-8")
    monkeypatch.setenv("LANG", "ko_KR.UTF-8")
    korean = cli("recommend", bad)
    assert korean.code == 1
    assert f"error: {bad}:3: employs: 알 수 없는 항목 'employs'" in korean.err
    assert (
        "혹시 'employees' 항목입니까?" in korean.err
        and "필수 항목을 빠뜨렸습니다: 'ksic'" in korean.err
    )
    assert "파일이 없습니다" in cli("recommend", tmp_path / "none.toml").err
    english = cli("recommend", bad, "--lang", "en")
    assert "unknown key 'employs' (hint: did you mean 'employees'?)" in english.err
    assert "missing required key 'ksic'" in english.err
    monkeypatch.setenv("LANG", "C.UTF-8")
    assert "알 수 없는" not in cli("recommend", bad).err
    assert "알 수 없는 항목" in cli("recommend", bad, "--lang=ko").err

"""Support notices from 기업마당 (Bizinfo) as draft program files (issue 21).

A catalog maintainer saves the answer of 기업마당's 지원사업정보 API (JSON in either of its two
shapes, the data.go.kr mirror's JSON, or the RSS/XML form) and asks which notices are new
editions of programs the catalog has, which are new smart-factory programs, and which are
something else. For each notice:

- **Kept or skipped** (`relevance`): kept when its title or hashtags name smart factories or
  manufacturing innovation (`SMART_WORDS`), or its summary does and its field (분야) is one a
  smart-factory program is filed under (기술, 경영, 기타, or none); skipped otherwise, with the reason
  (an export, start-up or domestic-market notice, a loan for other purposes, no such words).
- **Matched** (`family_of`) to a catalog family: by the names and aliases the catalog and
  `data/families.toml` give each family, found inside the title (the longest wins; the agency
  breaks a tie), else read fuzzily as `prior` entries are; or marked new.
- **Drafted** (`draft`): a program file of the notice's year, its window read from
  `reqstBeginEndDe`, the notice's address and id as its source and its date as `verified`; for a
  known family, the newest edition's rules and money copied in, each marked to confirm against
  the notice. A draft is validated as a catalog file is, and never enters the catalog by itself.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass, field
from pathlib import Path

from sfmatch.errors import DataError, Problem
from sfmatch.i18n import N_, Msg
from sfmatch.text import key

# Words that make a notice a smart-factory or manufacturing-innovation one (compared without
# spaces or case).
SMART_WORDS = (
    "스마트공장", "스마트팩토리", "스마트제조", "제조혁신", "제조ai", "ai팩토리", "자율형공장",
    "등대공장", "공장자동화", "제조데이터", "제조현장", "뿌리기업", "뿌리산업", "smartfactory",
    "제조디지털", "제조dx", "공정혁신", "공정개선",
)  # fmt: skip
KEPT_FIELDS = ("기술", "경영", "기타", "")  # 분야 a smart-factory program is filed under
FIELD_WORDS = {
    "수출": N_("an export support notice"),
    "창업": N_("a start-up support notice"),
    "내수": N_("a domestic-market support notice"),
    "인력": N_("a staffing notice without smart-factory words in its title"),
    "금융": N_("a loan or guarantee for other purposes"),
}
# What a title says besides the program's name (removed before it is matched).
_TITLE_NOISE = re.compile(
    r"\[[^\]]*\]|\((수정|정정|재공고|연장|추가)[^)]*\)|(19|20)\d\d\s*년(도)?|제\s*\d+\s*차|"
    r"(참여|신청|지원)?\s*(기업|기관|업체)?\s*(모집|선정)?\s*(공고|안내|재공고|통합공고)|"
    r"참여기업|수요기업|모집|시행계획"
)
_PERIOD = re.compile(
    r"(?P<a>(19|20)\d\d[-./]?\d\d[-./]?\d\d)\s*~\s*(?P<b>(19|20)\d\d[-./]?\d\d[-./]?\d\d)?"
)
_ROLLING = ("상시", "수시")
_UNTIL_BUDGET = ("예산소진", "예산 소진", "소진시", "소진 시")
_TAGS = re.compile(r"<[^>]+>")
# Words that give a new program's needs (a known family's are copied); `covers` needs one.
_NEED_WORDS = {
    "construction": ("구축", "보급", "도입"),
    "upgrade": ("고도화",),
    "maintenance": ("a/s", "as지원", "사후관리", "유지보수"),
    "ai": ("ai", "인공지능"),
    "consulting": ("컨설팅", "진단", "멘토링"),
    "talent": ("인력", "교육", "인재"),
    "data": ("데이터",),
    "robotics": ("로봇",),
    "carbon": ("탄소", "에너지"),
    "cofunding": ("자부담", "매칭"),
    "financing": ("융자", "정책자금"),
    "level-assessment": ("수준확인",),
    "process-improvement": ("공정개선", "공정혁신"),
}


@dataclass(frozen=True)
class Notice:
    """One 지원사업 notice, its fields as 기업마당 names them."""

    id: str  # pblancId
    title: str  # pblancNm
    url: str | None  # pblancUrl
    agency: str | None  # jrsdInsttNm (소관)
    executor: str | None  # excInsttNm (수행)
    field: str  # pldirSportRealmLclasCodeNm
    period: str | None  # reqstBeginEndDe
    summary: str  # bsnsSumryCn, without HTML
    hashtags: tuple[str, ...]
    created: dt.date | None  # creatPnttm
    source: str  # the file it came from


@dataclass(frozen=True)
class Window:
    """A notice's application period read: dates, rolling, or left open (`note` says why)."""

    opens: dt.date | None = None
    closes: dt.date | None = None
    rolling: bool = False
    note: tuple[str, str] | None = None  # (English, Korean) where the text said no dates


@dataclass(frozen=True)
class Outcome:
    """What became of one notice: its family (None when new), the draft written (or None when
    skipped or already in the catalog), and why."""

    notice: Notice
    family: str | None
    draft: str | None
    why: Msg
    kept: bool
    data: dict = field(default_factory=dict, compare=False, repr=False)  # the draft's keys


# --- reading saved answers -------------------------------------------------------------------


def read_answers(paths: list[Path]) -> list[Notice]:
    """Every notice of every saved answer, in order; all problems reported together."""
    notices: list[Notice] = []
    problems: list[Problem] = []
    for path in paths:
        try:
            raw = path.read_bytes()
        except OSError as exc:
            problems.append(Problem(str(path), N_("cannot read: {why}", why=exc.strerror)))
            continue
        try:
            items = _items(raw)
        except ValueError as exc:
            what = N_("not a saved 기업마당 answer: {why}", why=str(exc))
            hint = N_("save the API's JSON (dataType=json) or RSS answer")
            problems.append(Problem(str(path), what, hint=hint))
            continue
        for n, item in enumerate(items, 1):
            try:
                notices.append(_notice(item, str(path)))
            except ValueError as exc:
                problems.append(Problem(str(path), N_("notice {n}: {why}", n=n, why=str(exc))))
    if problems:
        raise DataError(problems)
    return notices


def _items(raw: bytes) -> list[dict]:
    """The items of an answer: `{"jsonArray": [...]}`, `{"jsonArray": {"item": [...] or {...}}}`,
    data.go.kr's `{"response": {"body": {"items": {"item": ...}}}}`, or RSS/XML `<item>`s."""
    text = raw.decode("utf-8-sig", errors="strict").strip()
    if text.startswith("<"):
        try:
            root = ElementTree.fromstring(text)
        except ElementTree.ParseError as exc:
            raise ValueError(f"XML: {exc}") from None
        return [
            {child.tag: (child.text or "").strip() for child in item} for item in root.iter("item")
        ]
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(f"JSON: {exc.msg} (line {exc.lineno})") from None
    if isinstance(data, dict) and "response" in data:
        data = {"jsonArray": ((data["response"] or {}).get("body") or {}).get("items") or []}
    if not isinstance(data, dict) or "jsonArray" not in data:
        raise ValueError("no jsonArray")
    found = data["jsonArray"]
    if isinstance(found, dict):
        found = found.get("item", [])
    if isinstance(found, dict):  # one notice: an object, not a list
        found = [found]
    if not isinstance(found, list) or not all(isinstance(i, dict) for i in found):
        raise ValueError("jsonArray holds no notices")
    return found


def _notice(item: dict, source: str) -> Notice:
    def text(*names: str) -> str | None:
        for name in names:
            value = item.get(name)
            if value not in (None, ""):
                return str(value).strip()
        return None

    notice_id, title = text("pblancId"), text("pblancNm", "title")
    if not notice_id or not title:
        raise ValueError("no pblancId or pblancNm")
    tags = text("hashtags", "hashTags") or ""
    summary = html.unescape(_TAGS.sub(" ", text("bsnsSumryCn", "description") or ""))
    return Notice(
        id=notice_id,
        title=" ".join(html.unescape(title).split()),
        url=text("pblancUrl", "link"),
        agency=text("jrsdInsttNm", "author"),
        executor=text("excInsttNm"),
        field=text("pldirSportRealmLclasCodeNm", "lcategory") or "",
        period=text("reqstBeginEndDe", "reqstDt"),
        summary=" ".join(summary.split()),
        hashtags=tuple(t.strip() for t in tags.split(",") if t.strip()),
        created=_day(text("creatPnttm", "pubDate")),
        source=source,
    )


def _day(text: str | None) -> dt.date | None:
    if not text:
        return None
    m = re.search(r"((19|20)\d\d)[-./]?(\d\d)[-./]?(\d\d)", text)
    if not m:
        return None
    try:
        return dt.date(int(m.group(1)), int(m.group(3)), int(m.group(4)))
    except ValueError:
        return None


# --- deciding --------------------------------------------------------------------------------


def relevance(n: Notice) -> tuple[bool, Msg]:
    """Whether a notice is about smart factories or manufacturing innovation, and why."""
    title = key(n.title)
    tags = key(" ".join(n.hashtags))
    summary = key(n.summary)
    word = next((w for w in SMART_WORDS if w in title), None)
    if word:
        return True, N_("its title names {word}", word=repr(word))
    word = next((w for w in SMART_WORDS if w in tags), None)
    if word:
        return True, N_("its hashtags name {word}", word=repr(word))
    word = next((w for w in SMART_WORDS if w in summary), None)
    if word and n.field in KEPT_FIELDS:
        return True, N_("its summary names {word} (field {field})", word=repr(word),
                        field=n.field or "—")  # fmt: skip
    if n.field in FIELD_WORDS:
        return False, N_("skipped: {what} (field {field})", what=FIELD_WORDS[n.field],
                         field=n.field)  # fmt: skip
    return False, N_("skipped: no smart-factory or manufacturing-innovation words in its title,"
                     " hashtags or summary")  # fmt: skip


def title_core(title: str) -> str:
    """The program's name in a notice's title: without the year, 공고, 모집 and the like."""
    return " ".join(_TITLE_NOISE.sub(" ", title).split())


def family_of(n: Notice, catalog, names: list[tuple[str, str, str]] | None = None
              ) -> tuple[str | None, Msg | str]:  # fmt: skip
    """(the catalog family a notice is an edition of, how it was found), or (None, "").
    `names`: `catalog.names()`, made once for many notices."""
    core = key(title_core(n.title))
    whole = key(n.title)
    found: list[tuple[int, float, str, str]] = []  # (length, agency match, family, name)
    for alias, family, written in catalog.names() if names is None else names:
        if len(alias) >= 4 and not re.fullmatch(r"[a-z0-9-]+", alias) and alias in whole:
            found.append((len(alias), _agency_match(n, catalog, family), family, written))
    if found:
        found.sort(key=lambda f: (-f[0], -f[1], f[2]))
        return found[0][2], N_("its name {name} is in the title", name=repr(found[0][3]))
    if core:
        reading = catalog.read_program(core)
        if reading.family is not None:
            return reading.family, N_("the title read as its name ({how})", how=reading.how)
    return None, ""


def _agency_match(n: Notice, catalog, family: str) -> float:
    from sfmatch.text import similarity

    editions = [p for p in catalog.programs if p.family_id == family]
    agencies = [a for a in (n.agency, n.executor) if a]
    names = [x for p in editions for x in (p.operator, p.operator_ko) if x]
    return max((similarity(key(a), key(b)) for a in agencies for b in names), default=0.0)


def window_of(n: Notice) -> Window:
    """The application period: dates (`20260209 ~ 20260409`, `2026-02-09 ~ 2026-04-09`), rolling
    (상시), until the budget runs out (rolling, with a note), or left open with a note."""
    text = (n.period or "").strip()
    m = _PERIOD.search(text)
    if m:
        opens, closes = _day(m.group("a")), _day(m.group("b"))
        if opens and closes and opens > closes:
            opens, closes = closes, opens
        return Window(opens, closes)
    squeezed = text.replace(" ", "")
    if any(w.replace(" ", "") in squeezed for w in _UNTIL_BUDGET):
        return Window(rolling=True, note=(
            f"applications until the budget runs out ({text}): rolling, to confirm",
            f"접수: {text} (예산이 소진될 때까지, 확인 필요)"))  # fmt: skip
    if any(w in squeezed for w in _ROLLING):
        return Window(rolling=True)
    said = text or "—"
    return Window(note=(f"application period as the notice gives it: {said}; dates to confirm",
                        f"접수 기간(공고 원문): {said}. 날짜를 확인하세요"))  # fmt: skip


def notice_year(n: Notice, window: Window, as_of: dt.date) -> int:
    m = re.search(r"((19|20)\d\d)\s*년", n.title)
    if m:
        return int(m.group(1))
    day = window.opens or window.closes or n.created
    return day.year if day else as_of.year


# --- drafting --------------------------------------------------------------------------------

CONFIRM = ("DRAFT from 기업마당 notice {id}: {what} copied from {previous}; confirm each against"
           " the notice")  # fmt: skip
CONFIRM_KO = ("기업마당 공고 {id}의 초안입니다. {previous}에서 옮겨 온 {what}: 공고와 하나하나"
              " 대조하세요")  # fmt: skip


def decide(notices: list[Notice], catalog, as_of: dt.date) -> list[Outcome]:
    """Each notice kept or skipped, matched and drafted (`data`, not yet written)."""
    outcomes: list[Outcome] = []
    seen: set[str] = set()
    drafted: dict[str, str] = {}  # draft id → the notice it was made from
    names = catalog.names()
    for n in notices:
        if n.id in seen:
            outcomes.append(Outcome(n, None, None, N_("skipped: the same notice again"), False))
            continue
        seen.add(n.id)
        kept, why = relevance(n)
        if not kept:
            outcomes.append(Outcome(n, None, None, why, False))
            continue
        family, how = family_of(n, catalog, names)
        window = window_of(n)
        year = notice_year(n, window, as_of)
        editions = sorted((p for p in catalog.programs if p.family_id == family),
                          key=lambda p: p.id)  # fmt: skip
        if family is not None and editions:
            program_id = f"{family}-{year}"
            if catalog.get(program_id) is not None:
                why = N_("{why}; already in the catalog as {id}: re-check it against this notice",
                         why=why, id=program_id)  # fmt: skip
                outcomes.append(Outcome(n, family, None, why, True))
                continue
            if program_id in drafted:  # a second call of one edition (제2차): one draft
                why = N_("{why}; the same edition as notice {other}, drafted as {id}: add this"
                         " call's window to it", why=why, other=drafted[program_id],
                         id=program_id)  # fmt: skip
                outcomes.append(Outcome(n, family, None, why, True))
                continue
            drafted[program_id] = n.id
            data = _edition(n, editions[-1], program_id, window, as_of)
            why = N_("{why}; a new edition of {family} ({how})", why=why, family=family, how=how)
        else:
            program_id = _new_id(n, year, catalog)
            data = _new_program(n, program_id, family, window, as_of)
            if family:
                why = N_("{why}; a new program (family {family} has no edition in the catalog)",
                         why=why, family=family)  # fmt: skip
            else:
                why = N_("{why}; a new program", why=why)
        outcomes.append(Outcome(n, family, f"{program_id}.toml", why, True, data))
    return outcomes


def _source(n: Notice) -> str:
    return f"기업마당 notice {n.id}" + (f" ({n.url})" if n.url else "")


def _verified(n: Notice, window: Window, as_of: dt.date) -> dt.date:
    return n.created or window.opens or as_of


def _window_keys(window: Window) -> dict:
    if window.rolling:
        return {}
    if window.opens or window.closes:
        return {"window": {k: v for k, v in (("opens", window.opens), ("closes", window.closes))
                           if v is not None}}  # fmt: skip
    return {"window": {"recurs": "yearly"}}  # no dates known: announced yearly, dates open


def _edition(n: Notice, previous, program_id: str, window: Window, as_of: dt.date) -> dict:
    """A new edition: the previous edition's keys, with this notice's id, window, source and
    date, and a note that the copied rules and money are to confirm."""
    from sfmatch.models import Program

    data = Program.model_validate(_as_dict(previous)).model_dump(mode="python", exclude_none=True,
                                                                exclude_defaults=True)  # fmt: skip
    for stale in ("window", "url"):
        data.pop(stale, None)
    data.update(id=program_id, family=previous.family_id, source=_source(n),
                verified=_verified(n, window, as_of), **_window_keys(window))  # fmt: skip
    if n.url:
        data["url"] = n.url
    copied = [w for w, k in (("eligibility", "eligibility"), ("funding", "funding")) if k in data]
    what = " and ".join(copied) or "names and needs"
    what_ko = {"eligibility and funding": "신청 자격과 지원 금액", "eligibility": "신청 자격",
               "funding": "지원 금액"}.get(what, "사업명과 지원 분야")  # fmt: skip
    notes = [CONFIRM.format(id=n.id, what=what, previous=previous.id)]
    notes_ko = [CONFIRM_KO.format(id=n.id, what=what_ko, previous=previous.id)]
    if window.note:
        notes.append(window.note[0])
        notes_ko.append(window.note[1])
    had_ko = bool(data.get("notes_ko")) or not data.get("notes")
    data["notes"] = notes + list(data.get("notes", []))
    if had_ko:
        data["notes_ko"] = notes_ko + list(data.get("notes_ko", []))
    else:
        data.pop("notes_ko", None)
    return data


def _new_program(n: Notice, program_id: str, family: str | None, window: Window,
                 as_of: dt.date) -> dict:  # fmt: skip
    """A new program: what the notice says (names, agency, window, source), the needs its words
    name, and nothing invented: no rules, no money, each to fill in from the notice."""
    words = key(f"{n.title} {n.summary}")
    covers = [need for need, said in _NEED_WORDS.items() if any(key(w) in words for w in said)]
    guessed = not covers
    covers = covers or ["construction", "upgrade"]  # a smart-factory notice naming no need
    agency = n.executor or n.agency or "unknown"
    local = bool(re.search(r"(특별시|광역시|도청|시청|군청|구청|테크노파크|[가-힣]+(시|도|군|구)$)",
                           agency))  # fmt: skip
    notes = [f"DRAFT from 기업마당 notice {n.id}: a new program. Fill in eligibility and funding "
             "from the notice; none is copied or guessed"]  # fmt: skip
    notes_ko = [f"기업마당 공고 {n.id}의 초안: 새 사업입니다. 신청 자격과 지원 금액을 공고에서"
                " 옮겨 적으세요. 추측해 넣은 것은 없습니다"]  # fmt: skip
    if guessed:
        notes.append("covers: the notice names no need; construction and upgrade are placeholders")
        notes_ko.append("지원 분야: 공고에 분야가 없어 구축·고도화로 임시로 적었습니다")
    else:
        notes.append(f"covers read from the notice's words ({', '.join(covers)}): confirm")
        notes_ko.append(f"지원 분야는 공고의 낱말로 정했습니다 ({', '.join(covers)}). 확인하세요")
    notes.append(f"scope {'local' if local else 'central'} read from the agency {agency}: confirm")
    notes_ko.append(
        f"운영 기관({agency})으로 {'지방' if local else '중앙'} 사업으로 보았습니다. 확인하세요"
    )
    if window.note:
        notes.append(window.note[0])
        notes_ko.append(window.note[1])
    data: dict = {
        "id": program_id,
        **({"family": family} if family else {}),
        "name": title_core(n.title) or n.title,
        "name_ko": title_core(n.title) or n.title,
        "operator": agency,
        "operator_ko": agency,
        "scope": "local" if local else "central",
        "covers": covers,
        "source": _source(n),
        "verified": _verified(n, window, as_of),
        "notes": notes,
        "notes_ko": notes_ko,
        **_window_keys(window),
    }
    if n.url:
        data["url"] = n.url
    if n.summary:
        data["summary_ko"] = n.summary[:600]
    return data


def _new_id(n: Notice, year: int, catalog) -> str:
    """`new-<notice id>-<year>`: a draft's id until a maintainer names it."""
    stem = re.sub(r"[^a-z0-9]+", "-", n.id.lower()).strip("-") or "notice"
    found = f"new-{stem}-{year}"
    return found if catalog.get(found) is None else f"{found}-draft"


def _as_dict(program) -> dict:
    """A catalog record as the keys of its file."""
    from sfmatch.records import Record

    def plain(value):
        if isinstance(value, Record):
            return {k: plain(v) for k, v in value.__dict__.items() if v is not None}
        if isinstance(value, list | tuple):
            return [plain(v) for v in value]
        return value

    return plain(program)


def draft_texts(outcomes: list[Outcome], folder: Path) -> dict[str, str]:
    """Each draft's file name and text, validated as a catalog file is (a draft that is not
    valid is a bug of this module: `DataError` says which)."""
    import tomli_w

    from sfmatch.loader import validate_model
    from sfmatch.models import Program

    texts = {}
    for o in outcomes:
        if o.draft:
            validate_model(Program, o.data, folder / o.draft, "")
            head = (f"# DRAFT from 기업마당 notice {o.notice.id} ({o.notice.source}): review every"
                    " key against the notice,\n# then move this file into the catalog.\n")  # fmt: skip
            texts[o.draft] = head + tomli_w.dumps(o.data)
    return texts

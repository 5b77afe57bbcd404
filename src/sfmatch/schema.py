"""JSON Schemas (draft 2020-12) of the program and profile files, for editors (issue 21).

Made from the pydantic models, so they cannot drift from what `validate` accepts: every key, its
type, its bounds and `additionalProperties: false` (an unknown key is refused, as `validate`
refuses it). Added here: a description of each key in English and Korean (`DESCRIPTIONS`), the
vocabularies as enums (codes, with the Korean labels and aliases the contract accepts), and the
forms the contract gives money (`"1.5억"`) and places (a name, or an address). A schema is what
an editor checks while a maintainer types; `validate` stays the judge (it also reads a typo in a
need fuzzily, with a warning, where the schema shows it red).
"""

from __future__ import annotations

from typing import Any

from sfmatch import vocab

DIALECT = "https://json-schema.org/draft/2020-12/schema"
KINDS = ("program", "profile")

# Korean money as the contract writes it (§1): digits with commas or a point, units 조, 억, 천, 백,
# 만, 원: `"1.5억"`, `"6,000만"`, `"2억5천만"`, `"500만원"`, `"300000000"` (`validate` reads it exactly;
# the pattern only keeps an editor from letting words through, and cannot backtrack).
MONEY_TEXT = r"^[0-9][0-9,.\s조억천백만원]*$"  # digits first; then digits, commas, points, units

# key → (English, Korean); `Model.key` where a key means something else in one model.
DESCRIPTIONS: dict[str, tuple[str, str]] = {
    # profile
    "Profile.name": ("Company name.", "기업명."),
    "brn": (
        "사업자등록번호: 10 digits, dashes allowed; the check digit is validated.",
        "사업자등록번호: 숫자 10자리, 하이픈 가능. 검증 번호를 확인합니다.",
    ),
    "Profile.region": (
        "Region (시·도): a code (`incheon`), its Korean or English name, or an "
        "address that names it.",
        "시·도: 코드(`incheon`), 한글 또는 영문 이름, 또는 시·도가 들어간 주소.",
    ),
    "Profile.district": (
        "District (시·군·구): a code (`incheon/bupyeong`) or a name (`부평구`).",
        "시·군·구: 코드(`incheon/bupyeong`) 또는 이름(`부평구`).",
    ),
    "address": (
        "Full road or lot address: gives the district, and the 동 where a district was divided.",
        "도로명 또는 지번 주소: 시·군·구와, 나뉜 구의 경우 법정동을 알려 줍니다.",
    ),
    "Profile.ksic": (
        'KSIC code of manufacturing (C10–C34): `"C25112"`, `"25"`, or the '
        'class name (`"어망 및 기타 끈 가공품 제조업"`).',
        '표준산업분류 제조업 코드(C10–C34): `"C25112"`, `"25"`, 또는 업종명.',
    ),
    "industry": ("What the business makes, in free text.", "주요 업종·생산품 (자유 기술)."),
    "Profile.employees": (
        "Full-time employees (상시근로자). Optional: without it, criteria on "
        "head count are to confirm.",
        "상시근로자 수. 없으면 인원 요건은 '확인 필요'가 됩니다.",
    ),
    "Profile.revenue_krw": (
        'Average yearly revenue of the last 3 years, in won: an integer or `"85억"`.',
        '최근 3년 평균 매출액(원): 정수 또는 `"85억"`.',
    ),
    "founded": ("Founding date (YYYY-MM-DD).", "설립일 (YYYY-MM-DD)."),
    "Profile.size": (
        "Size class; when absent it is derived from revenue and KSIC.",
        "기업 규모. 없으면 매출액과 업종으로 판단합니다.",
    ),
    "Profile.sf_level": ("Current smart-factory level.", "현재 스마트공장 수준."),
    "processes": (
        "Root-industry processes the company runs (뿌리기술).",
        "회사가 하는 뿌리기술 공정.",
    ),
    "root_certified": ("Holds a 뿌리기업 확인서.", "뿌리기업 확인서 보유 여부."),
    "needs": (
        "What the company needs funded: need codes or their Korean words.",
        "지원받고 싶은 분야: 분야 코드 또는 한글 이름.",
    ),
    "goals": (
        "The company's goals in free text (matched against programs' keywords).",
        "회사의 목표 (자유 기술, 사업 키워드와 비교).",
    ),
    "project_budget_krw": ("The project's total cost in won.", "사업 총비용(원)."),
    "cofunding_krw": (
        "What the company can pay itself (자부담), in won.",
        "회사가 낼 수 있는 자부담 금액(원).",
    ),
    "Profile.prior": (
        "Programs the company took part in, with the year.",
        "이전에 참여한 지원사업과 연도.",
    ),
    "disqualifiers": (
        "Records that bar applicants (arrears, sanctions...).",
        "신청을 막는 사유 (체납, 제재 등).",
    ),
    "readiness": ("The administrator's readiness scores.", "담당자가 매기는 준비도 점수."),
    "PriorEntry.program": (
        "A program id, family or the name people use (`스마트공장 구축`).",
        "사업 id, 사업군 또는 흔히 부르는 이름 (`스마트공장 구축`).",
    ),
    "PriorEntry.year": ("The year of participation.", "참여 연도."),
    "ceo_commitment": ("The CEO's commitment, 1–5.", "대표자 의지, 1–5."),
    "dedicated_staff": ("A person dedicated to the project.", "전담 인력 여부."),
    "data_ready": ("How ready the company's data is, 1–5.", "데이터 준비도, 1–5."),
    # program
    "id": (
        "Unique id `[a-z0-9-]`, with the edition's year: `kr-mss-sf-upgrade-2025`.",
        "고유 id `[a-z0-9-]`, 연도 포함: `kr-mss-sf-upgrade-2025`.",
    ),
    "family": (
        "The id shared by the yearly editions of one program (default: id).",
        "같은 사업의 해마다의 공고가 함께 쓰는 id (기본: id).",
    ),
    "Program.name": ("English name.", "영문 사업명."),
    "name_ko": ("Korean name.", "한글 사업명."),
    "operator": ("Who runs it (English).", "운영 기관 (영문)."),
    "operator_ko": ("Who runs it, as Koreans name them.", "운영 기관 (한글)."),
    "scope": ("`central` (national) or `local`.", "`central`(중앙) 또는 `local`(지방)."),
    "covers": ("The needs it funds.", "지원하는 분야."),
    "keywords": (
        "Words matched against a company's goals and industry.",
        "기업의 목표·업종과 비교할 낱말.",
    ),
    "summary": ("One paragraph, in English.", "한 단락 요약 (영문)."),
    "summary_ko": ("The summary in Korean.", "한글 요약."),
    "url": ("The announcement's address.", "공고 주소."),
    "Program.source": (
        "Where the facts come from: announcement, press, research item.",
        "내용의 출처: 공고, 보도, 조사 항목.",
    ),
    "verified": (
        "The day the facts were last checked; `programs stale` lists old ones.",
        "내용을 마지막으로 확인한 날. 오래된 것은 `programs stale`가 보여 줍니다.",
    ),
    "notes": (
        "Conditions the engine cannot check: shown as 'to confirm'.",
        "엔진이 확인하지 못하는 조건: '확인 필요'로 보여 줍니다.",
    ),
    "notes_ko": ("The Korean of each note, in the same order.", "각 note의 한글, 같은 순서로."),
    "window": (
        "The application window; no table means rolling (상시).",
        "접수 기간. 표가 없으면 상시 접수.",
    ),
    "opens": ("First day of applications.", "접수 시작일."),
    "closes": ("Last day of applications.", "접수 마감일."),
    "recurs": (
        "`yearly`: called every year (dates projected when past).",
        "`yearly`: 해마다 공고 (지난 날짜는 다음 해로 추정).",
    ),
    "funding": ("What the program gives.", "지원 내용."),
    "kind": (
        "grant, loan, voucher, service or guarantee.",
        "grant(보조금), loan(융자), voucher(바우처), service(서비스), guarantee(보증).",
    ),
    "max_krw": (
        "Support per company in won (for a loan: the credit limit).",
        "기업당 지원 한도(원). 융자는 대출 한도.",
    ),
    "gov_share": (
        "Share of the project cost the program pays, 0.01–1.",
        "사업비 가운데 정부가 내는 비율, 0.01–1.",
    ),
    "slots": ("How many companies it funds.", "지원 기업 수."),
    "budget_krw": ("The program's whole budget in won.", "사업 총예산(원)."),
    "project_max_krw": (
        "The largest project cost it supports, in won.",
        "지원하는 최대 사업비(원).",
    ),
    "matches": (
        "A matching program: the programs whose own share it pays part of.",
        "매칭 사업: 자부담 일부를 대신 내 주는 대상 사업.",
    ),
    "eligibility": (
        "Who may apply; absent keys are not checked.",
        "신청 자격. 없는 항목은 확인하지 않습니다.",
    ),
    "regions": (
        "Regions or region groups (`non-capital`) the company must be in.",
        "기업이 있어야 하는 시·도 또는 권역 (`non-capital` 등).",
    ),
    "districts": (
        "Districts (`region/district`) the company must be in.",
        "기업이 있어야 하는 시·군·구 (`region/district`).",
    ),
    "sizes": ("Size classes that may apply.", "신청할 수 있는 기업 규모."),
    "employees": ("Head count range {min, max}, inclusive.", "상시근로자 수 범위 {min, max}."),
    "revenue_krw": ("Revenue range {min, max} in won.", "매출액 범위 {min, max} (원)."),
    "ksic": (
        "KSIC prefixes of which one must match (`C`, `C25`, `C2511`).",
        "하나는 맞아야 하는 업종코드 앞자리 (`C`, `C25`, `C2511`).",
    ),
    "exclude_ksic": ("KSIC prefixes of which none may match.", "맞으면 안 되는 업종코드 앞자리."),
    "sf_level": ("Smart-factory level range {min, max}.", "스마트공장 수준 범위 {min, max}."),
    "age_years": ("Whole years since founding, {min, max}.", "업력(년) 범위 {min, max}."),
    "root": ("`true`: root-industry firms only (뿌리기업).", "`true`: 뿌리기업만."),
    "processes_any": (
        "Root processes of which the company must run one.",
        "하나는 해야 하는 뿌리기술 공정.",
    ),
    "prior_required": (
        "Programs the company must have taken part in.",
        "먼저 참여했어야 하는 사업.",
    ),
    "prior_excluded": (
        "Programs whose earlier support bars the company.",
        "이미 받았으면 신청할 수 없는 사업.",
    ),
    "programs": ("Program ids or families.", "사업 id 또는 사업군."),
    "within_years": (
        "Only participation within these years counts.",
        "이 햇수 안의 참여만 셉니다.",
    ),
    "max_uses": (
        "How many earlier uses bar the company (default 1).",
        "이만큼 이미 받았으면 신청할 수 없습니다 (기본 1).",
    ),
    "clean_record": (
        "`true`: no disqualifiers (arrears, sanctions).",
        "`true`: 결격 사유가 없어야 함.",
    ),
    "rules": (
        "Extra conditions, each with its own source; `weak` ones are asked, never refused.",
        "출처가 따로 있는 추가 조건. `weak`인 조건은 확인을 요청할 뿐 탈락시키지 않습니다.",
    ),
    "Rule.source": ("The source of this condition.", "이 조건의 출처."),
    "weak": (
        "A condition from a weak or single source: to confirm, never a refusal.",
        "근거가 약한 조건: 확인 요청만 하고 탈락시키지 않습니다.",
    ),
    "any": ("Alternatives, of which one must hold.", "이 가운데 하나만 맞으면 됩니다."),
    "open_to_all": (
        "Every manufacturer may apply (with the source that says so).",
        "모든 제조업체가 신청할 수 있음 (근거 포함).",
    ),
    "OpenToAll.source": (
        "Where it says every manufacturer may apply.",
        "모든 제조업체가 신청할 수 있다는 근거.",
    ),
    "min": ("Lower bound, inclusive.", "하한 (포함)."),
    "max": ("Upper bound, inclusive.", "상한 (포함)."),
}

_VOCABS = {
    "needs": vocab.NEEDS, "covers": vocab.NEEDS, "size": vocab.SIZES, "sizes": vocab.SIZES,
    "sf_level": vocab.LEVELS, "processes": vocab.PROCESSES, "processes_any": vocab.PROCESSES,
    "disqualifiers": vocab.DISQUALIFIERS,
}  # fmt: skip
_MONEY = {"revenue_krw", "project_budget_krw", "cofunding_krw", "max_krw", "budget_krw",
          "project_max_krw"}  # fmt: skip
_RANGES = {"MoneyRange": "money", "LevelRange": "level"}


def schema(kind: str) -> dict[str, Any]:
    """The JSON Schema of a program file (`program`) or a profile file (`profile`)."""
    from sfmatch.models import Profile, Program

    model = {"program": Program, "profile": Profile}[kind]
    found = model.model_json_schema()
    if kind == "profile":
        found["properties"].pop("area", None)  # set by sfmatch, never written in a file
    for name, part in [(model.__name__, found), *found.get("$defs", {}).items()]:
        _describe(name, part)
    title = {"program": ("sfmatch support program", "sfmatch 지원사업 파일"),
             "profile": ("sfmatch company profile", "sfmatch 기업 프로필")}[kind]  # fmt: skip
    return {
        "$schema": DIALECT,
        "$id": f"https://sfmatch.invalid/schema/{kind}.json",
        "title": title[0],
        "x-title-ko": title[1],
        **{k: v for k, v in found.items() if k != "title"},
    }


def _describe(model: str, part: dict) -> None:
    """Each property of one object schema: its descriptions, its vocabulary as an enum, the
    contract's money text beside integers."""
    if model in _RANGES:
        for bound in ("min", "max"):
            prop = part["properties"][bound]
            _words(prop, f"{model}.{bound}", bound)
            if _RANGES[model] == "money":
                _with_money_text(prop)
            else:
                _with_terms(prop, vocab.LEVELS)
        return
    for name, prop in part.get("properties", {}).items():
        _words(prop, f"{model}.{name}", name)
        prop.pop("title", None)
        if name in _MONEY and "$ref" not in str(prop):
            _with_money_text(prop)
        elif name in _VOCABS:
            # a profile's needs may be free text that mentions one need (`유지보수 비용`):
            # the words are offered, any text taken
            _with_terms(prop, _VOCABS[name], free=model == "Profile" and name == "needs")
        elif name in ("region", "regions") and model != "Profile":
            _with_region_codes(prop)


def _words(prop: dict, specific: str, general: str) -> None:
    found = DESCRIPTIONS.get(specific) or DESCRIPTIONS.get(general)
    if found:
        prop["description"] = f"{found[0]}\n\n{found[1]}"
        prop["x-description-ko"] = found[1]


def _leaves(prop: dict) -> list[dict]:
    """The schemas of a value: itself, the non-null branches of an anyOf, and list items."""
    found = []
    for branch in prop.get("anyOf", [prop]):
        if branch.get("type") == "null":
            continue
        found.append(branch["items"] if branch.get("type") == "array" else branch)
    return found


def _with_money_text(prop: dict) -> None:
    for leaf in _leaves(prop):
        if leaf.get("type") == "integer":
            number = dict(leaf)
            leaf.clear()
            leaf["anyOf"] = [number, {"type": "string", "pattern": MONEY_TEXT}]


def _with_terms(prop: dict, words: vocab.Vocabulary, free: bool = False) -> None:
    """A term's codes, then the Korean labels and aliases the contract accepts, as one enum
    (`free`: or any text)."""
    codes = list(words.terms)
    said = sorted({alias for aliases in words.terms.values() for alias in aliases} - set(codes))
    for leaf in _leaves(prop):
        if leaf.get("type") == "string":
            leaf.pop("type")
            if free:
                leaf["anyOf"] = [{"enum": [*codes, *said]}, {"type": "string"}]
            else:
                leaf["enum"] = [*codes, *said]


def _with_region_codes(prop: dict) -> None:
    """Region codes and groups as examples: a rule may also name a region in words."""
    from sfmatch.places import korea

    codes = [*korea().current_regions, *vocab.REGION_GROUP_ALIASES]
    for leaf in _leaves(prop):
        if leaf.get("type") == "string":
            leaf["examples"] = codes

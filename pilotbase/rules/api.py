"""`POST /api/v1/eligibility/check`: the public self-check as JSON (spec/eligibility.md).

The body is read and parsed here, not by a schema, so that the engine's own validation and
messages (`staff[3].education: unknown code 'phd'`) are what a caller sees; the body's size is
bounded by DATA_UPLOAD_MAX_MEMORY_SIZE like any other request.
"""

from django.conf import settings
from django.http import JsonResponse
from ninja import Router

from pilotbase.api.schema import errors

from . import FactsError, policy_store
from .codes import EDUCATION, ETHICS_FIELDS, INCIDENT_TYPES, PILOT_LINES, SEVERITIES, TITLES
from .facts import _SECTION_BOOLEANS as SECTION_BOOLEANS

router = Router(tags=["申报条件"])
PREFIX = "/eligibility/"


def _json(data, status: int = 200) -> JsonResponse:
    return JsonResponse(data, status=status, safe=False, json_dumps_params={"ensure_ascii": False})


def _object(properties: dict, required: tuple[str, ...] = ()) -> dict:
    # An unknown key is refused (a misspelt fact must not pass as "not given"); a section may be null.
    schema = {"type": ["object", "null"], "properties": properties, "additionalProperties": False}
    return {**schema, "required": list(required)} if required else schema


def _flags(*names: str) -> dict:
    return {name: {"type": ["boolean", "null"]} for name in names}


def _flags_of(section: str) -> dict:
    """A section's yes/no facts, as the parser knows them (one list, so the schema cannot drift)."""
    return _flags(*sorted(SECTION_BOOLEANS[section]))


def _codes(codes) -> dict:
    return {"type": "string", "enum": sorted(codes)}


def _code_list(codes) -> dict:
    return {"type": ["array", "null"], "items": _codes(codes)}


DATE = {"type": "string", "format": "date"}
# Money and areas: a non-negative number, or its decimal text ("5000000.00")
AMOUNT = {"anyOf": [{"type": "number", "minimum": 0}, {"type": "string", "pattern": "^[0-9]+(\\.[0-9]+)?$"}]}
AMOUNT_OR_NULL = {"anyOf": [*AMOUNT["anyOf"], {"type": "null"}]}

# spec/eligibility.md "Input". What JSON Schema cannot say, the engine still refuses with 422 naming
# the field: a date after as_of (as_of defaults to today), and an industry-chain code that is not in
# the administrator's vocabulary.
FACTS = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "as_of": {"anyOf": [DATE, {"type": "null"}]},
        "applicant": _object(
            {
                **_flags_of("applicant"),
                "registered_on": {"anyOf": [DATE, {"type": "null"}]},
            }
        ),
        "industry": _object({"chains": {"type": ["array", "null"], "items": {"type": "string"}}}),
        "site": _object({**_flags_of("site"), "area_m2": AMOUNT_OR_NULL}),
        "equipment": _object({**_flags_of("equipment"), "original_value_yuan": AMOUNT_OR_NULL}),
        "pilot_lines": _code_list(PILOT_LINES),
        "external_pilot_projects": {"type": ["integer", "null"], "minimum": 0},
        "team": _object(_flags_of("team")),
        "staff": {
            "type": ["array", "null"],
            "items": {
                "type": "object",
                "additionalProperties": False,
                "properties": {
                    **_flags("full_time", "technical"),
                    "education": {"anyOf": [_codes(EDUCATION), {"type": "null"}]},
                    "title": {"anyOf": [_codes(TITLES), {"type": "null"}]},
                    "years_of_service": AMOUNT_OR_NULL,
                },
            },
        },
        "safety": _object(
            {
                **_flags_of("safety"),
                "incidents": {
                    "type": ["array", "null"],
                    "items": _object(
                        {"date": DATE, "type": _codes(INCIDENT_TYPES), "severity": _codes(SEVERITIES)},
                        required=("date", "type", "severity"),
                    )
                    | {"type": "object"},
                },
            }
        ),
        "management": _object(_flags_of("management")),
        "openness": _object(_flags_of("openness")),
        "ethics": _object({**_flags_of("ethics"), "fields": _code_list(ETHICS_FIELDS)}),
    },
}


@router.post(
    "check",
    auth=None,
    response={200: dict, **errors(413, 422)},
    summary="按《办法》第七条逐项判断申报条件（公开）",
    description="请求体为申报主体的事实 JSON 对象（spec/eligibility.md）；可用查询参数 unit 指定推荐单位代码。",
    openapi_extra={"requestBody": {"required": True, "content": {"application/json": {"schema": FACTS}}}},
)
def check(request, unit: str | None = None):
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    if limit is not None and int(request.META.get("CONTENT_LENGTH") or 0) > limit:
        return _json({"detail": "请求体过大", "field": ""}, status=413)
    try:
        result = policy_store.check_document(policy_store.load_json(request.body), jurisdiction=unit)
    except FactsError as exc:
        return _json({"detail": str(exc), "field": exc.field_path}, status=422)
    return _json(result)

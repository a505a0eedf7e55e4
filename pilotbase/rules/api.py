"""`POST /api/v1/eligibility/check`: the public self-check as JSON (spec/eligibility.md).

The body is read and parsed here, not by a schema, so that the engine's own validation and
messages (`staff[3].education: unknown code 'phd'`) are what a caller sees; the body's size is
bounded by DATA_UPLOAD_MAX_MEMORY_SIZE like any other request.
"""

from django.conf import settings
from django.http import JsonResponse
from ninja import Router

from . import FactsError, policy_store

router = Router(tags=["申报条件"])
PREFIX = "/eligibility/"


def _json(data, status: int = 200) -> JsonResponse:
    return JsonResponse(data, status=status, safe=False, json_dumps_params={"ensure_ascii": False})


@router.post(
    "check",
    auth=None,
    summary="按《办法》第七条逐项判断申报条件（公开）",
    description="请求体为申报主体的事实 JSON 对象；可用查询参数 unit 指定推荐单位代码。",
    openapi_extra={"requestBody": {"content": {"application/json": {"schema": {"type": "object"}}}}},
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

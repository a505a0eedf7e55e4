"""Public notices as JSON (anyone may read them)."""

from __future__ import annotations

from ninja import Query, Router, Schema

from pilotbase.api.schema import errors

from . import permissions
from .models import PublicNotice

router = Router(tags=["公示"])
PREFIX = "/notices/"


class ItemOut(Schema):
    label: str
    withdrawn: bool


class NoticeOut(Schema):
    id: int
    kind: str
    title: str
    body: str
    starts_on: str
    ends_on: str
    items: list[ItemOut]


def _out(n: PublicNotice) -> dict:
    return {
        "id": n.pk,
        "kind": n.kind,
        "title": n.title,
        "body": n.body,
        "starts_on": n.starts_on.isoformat(),
        "ends_on": n.ends_on.isoformat(),
        "items": [{"label": i.label, "withdrawn": i.withdrawn} for i in n.items.all()],
    }


@router.get("", response={200: list[NoticeOut], **errors(422)}, auth=None, summary="公示列表（公开）")
def list_notices(request, limit: int = Query(20, ge=1, le=100), offset: int = Query(0, ge=0, le=1_000_000)):
    qs = PublicNotice.objects.prefetch_related("items")[offset : offset + max(1, min(limit, 100))]
    return [_out(n) for n in qs]


@router.get("/{pk}", response={200: NoticeOut, **errors(404, 422)}, auth=None, summary="公示详情（公开）")
def get_notice(request, pk: int):
    return _out(permissions.get_public_notice(pk))

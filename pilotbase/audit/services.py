"""Writing and verifying the audit trail.

``record`` is called inside the transaction of the change it describes, so the event exists if and
only if the change does. Security events that have no change of their own (a failed sign-in, a
refusal) are recorded in a transaction of their own.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import timezone

from .context import current
from .models import AuditEvent, AuditHead

GENESIS = "0" * 64


def _canonical(value: Any) -> Any:
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False, sort_keys=True))


def content_hash(prev_hash: str, fields: dict[str, Any]) -> str:
    payload = json.dumps(
        {"prev": prev_hash, **fields}, ensure_ascii=False, sort_keys=True, separators=(",", ":")
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _fields_of(event: AuditEvent) -> dict[str, Any]:
    return {
        "seq": event.seq,
        "at": event.at.astimezone(dt.UTC).isoformat(timespec="microseconds"),
        "actor": event.actor_id,
        "actor_label": event.actor_label,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "object_repr": event.object_repr,
        "ip": event.ip,
        "data": event.data,
    }


def _describe(obj: Any) -> tuple[str, str, str]:
    if obj is None:
        return "", "", ""
    if isinstance(obj, models.Model):
        return obj._meta.label_lower, str(obj.pk), str(obj)[:200]
    if isinstance(obj, tuple) and len(obj) == 3:
        return tuple(str(x)[:200] for x in obj)  # type: ignore[return-value]
    return type(obj).__name__.lower(), "", str(obj)[:200]


def record(obj: Any, action: str, *, by=None, data: dict | None = None, actor_label: str = "") -> AuditEvent:
    """Append one event to the chain. ``by`` is the real person acting (or None for the system)."""
    with transaction.atomic():
        head, _ = AuditHead.objects.select_for_update().get_or_create(id=1)
        object_type, object_id, object_repr = _describe(obj)
        event = AuditEvent(
            seq=head.seq + 1,
            at=timezone.now(),
            actor=by if getattr(by, "pk", None) else None,
            actor_label=(actor_label or (by.get_username() if getattr(by, "pk", None) else "system"))[:150],
            action=action,
            object_type=object_type,
            object_id=object_id,
            object_repr=object_repr,
            ip=current.get().ip,
            data=_canonical(data or {}),
            prev_hash=head.hash,
        )
        event.hash = content_hash(event.prev_hash, _fields_of(event))
        event.save(force_insert=True)
        head.seq, head.hash = event.seq, event.hash
        head.save(update_fields=["seq", "hash"])
        return event


@dataclass
class VerifyResult:
    ok: bool
    checked: int
    broken_seq: int | None = None
    reason: str = ""


def verify(batch: int = 2000) -> VerifyResult:
    """Walk the whole chain in order; name the first row whose content or link does not match."""
    prev = GENESIS
    expected_seq = 1
    checked = 0
    last_seq = 0
    while True:
        rows = list(AuditEvent.objects.filter(seq__gt=last_seq).order_by("seq")[:batch])
        if not rows:
            break
        for event in rows:
            if event.seq != expected_seq:
                return VerifyResult(
                    False, checked, expected_seq, f"第 {expected_seq} 条记录缺失（下一条为 {event.seq}）"
                )
            if event.prev_hash != prev:
                return VerifyResult(False, checked, event.seq, f"第 {event.seq} 条记录的前序哈希与上一条不符")
            if content_hash(event.prev_hash, _fields_of(event)) != event.hash:
                return VerifyResult(False, checked, event.seq, f"第 {event.seq} 条记录的内容已被改动")
            prev = event.hash
            expected_seq += 1
            checked += 1
            last_seq = event.seq
    head = AuditHead.objects.filter(id=1).first()
    if head and head.seq != checked:
        return VerifyResult(
            False, checked, checked + 1, f"链尾记录缺失：应有 {head.seq} 条，实有 {checked} 条"
        )
    return VerifyResult(True, checked)


def history(obj: models.Model):
    """The events about one object, oldest first: the timeline shown to people who may see it."""
    return AuditEvent.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk)).select_related(
        "actor"
    )

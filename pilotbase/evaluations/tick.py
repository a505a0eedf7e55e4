"""What ``pilotbase tick`` moves each day for evaluations and rectification.

Idempotent: every step is a conditional update or a notification with a dedupe_key, so running it
twice, or once after days of downtime, does each thing once."""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction

from pilotbase.accounts import notify
from pilotbase.audit import services as audit
from pilotbase.bases import lifecycle

from .models import Evaluation, Rectification

REMINDER_DAYS = (90, 30, 7)


def _reminder_due(deadline: date, today: date) -> int | None:
    """The nearest reminder owed today (after downtime only the most recent one goes out)."""
    if today > deadline:
        return None
    owed = [d for d in REMINDER_DAYS if today >= deadline - timedelta(days=d)]
    return min(owed) if owed else None


@transaction.atomic
def run(today: date) -> dict[str, int]:
    counts = {"flagged_no_participation": 0, "rectification_due": 0, "reminders": 0}
    # Report deadline passed without a report: flag for the bureau's decision, never revoke alone.
    late = Evaluation.objects.filter(
        status=Evaluation.Status.AWAITING_REPORT,
        campaign__report_deadline__lt=today,
        no_participation_flagged_on=None,
        base__status__in=lifecycle.LIVE,
    ).select_related("base", "campaign")
    for ev in late:
        if Evaluation.objects.filter(pk=ev.pk, no_participation_flagged_on=None).update(
            no_participation_flagged_on=today
        ):
            counts["flagged_no_participation"] += 1
            audit.record(
                ev, "no_participation_flagged", by=None, data={"deadline": ev.campaign.report_deadline}
            )
            notify.send(
                lifecycle.officer_users(),
                f"未按期提交自评报告，待决定是否撤销：{ev.base.name}",
                url=ev.get_absolute_url(),
                dedupe_key=f"no-participation:{ev.pk}",
            )
    # Rectification year over: mark for re-evaluation.
    R = Rectification.Status
    for rect in Rectification.objects.filter(
        status__in=(R.OPEN, R.PLAN_SUBMITTED), deadline__lt=today
    ).select_related("base"):
        if Rectification.objects.filter(pk=rect.pk, status__in=(R.OPEN, R.PLAN_SUBMITTED)).update(
            status=R.DUE
        ):
            counts["rectification_due"] += 1
            audit.record(
                rect.base,
                "rectification_due",
                by=None,
                data={"rectification": rect.pk, "deadline": rect.deadline},
            )
            notify.send(
                lifecycle.officer_users(),
                f"整改期满，待复评：{rect.base.name}",
                url=f"/bases/{rect.base_id}/",
                dedupe_key=f"rectification-due:{rect.pk}",
            )
    # Reminders 90, 30 and 7 days before each deadline.
    for ev in Evaluation.objects.filter(
        status=Evaluation.Status.AWAITING_REPORT, base__status__in=lifecycle.LIVE
    ).select_related("base", "campaign"):
        days = _reminder_due(ev.campaign.report_deadline, today)
        if days:
            counts["reminders"] += notify.send(
                lifecycle.applicant_users(ev.base),
                f"绩效自评报告提交截止提醒（{days}天）：{ev.base.name}",
                f"截止日 {ev.campaign.report_deadline:%Y-%m-%d}",
                url=ev.get_absolute_url(),
                dedupe_key=f"reminder:evaluation:{ev.pk}:{days}",
            )
    for rect in Rectification.objects.filter(status__in=(R.OPEN, R.PLAN_SUBMITTED)).select_related("base"):
        days = _reminder_due(rect.deadline, today)
        if days:
            counts["reminders"] += notify.send(
                lifecycle.applicant_users(rect.base),
                f"整改期限提醒（{days}天）：{rect.base.name}",
                f"整改期限 {rect.deadline:%Y-%m-%d}",
                url=f"/bases/{rect.base_id}/",
                dedupe_key=f"reminder:rectification:{rect.pk}:{days}",
            )
    return counts

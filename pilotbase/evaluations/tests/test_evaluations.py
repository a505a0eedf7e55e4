"""Art. 9: the three-yearly evaluation from campaign to filed result, rectification and the daily tick."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from pilotbase.accounts.models import Notification
from pilotbase.accounts.permissions import Refused
from pilotbase.accounts.services import InvalidInput
from pilotbase.bases.lifecycle import add_years
from pilotbase.bases.models import PilotBase
from pilotbase.evaluations import services, tick
from pilotbase.evaluations.fixtures import make_base
from pilotbase.evaluations.models import Evaluation, Rectification, Revocation
from pilotbase.notices.models import PublicNotice

S = PilotBase.Status
E = Evaluation.Status
INDICATORS = {
    "pilot_projects": "12",
    "services_delivered": "40",
    "enterprises_served": "18",
    "open_sharing_hours": "2600",
    "incubated_enterprises": "3",
    "revenue_yuan": "1250000.50",
    "staff": "26",
}


def test_calendar_years_across_leap_days():
    assert add_years(date(2023, 2, 28), 3) == date(2026, 2, 28)
    assert add_years(date(2024, 2, 29), 3) == date(2027, 2, 28)
    assert add_years(date(2024, 2, 29), 1) == date(2025, 2, 28)
    assert add_years(date(2023, 3, 1), 1) == date(2024, 3, 1)


def test_a_base_is_due_on_its_third_anniversary_not_the_day_before(base_div1, base_div8):
    assert [b for b, _d in services.due_bases(date(2026, 2, 27))] == []
    assert [(b, d) for b, d in services.due_bases(date(2026, 2, 28))] == [(base_div1, date(2026, 2, 28))]
    # filed on a leap day: due on 28 February three years on
    assert {b.pk for b, _d in services.due_bases(date(2027, 2, 28))} == {base_div1.pk, base_div8.pk}


def open_campaign(world, as_of=date(2026, 3, 2), **kw):
    return services.open_campaign(
        title="2026年度中试基地绩效评价",
        notice_text="请各基地按时提交自评报告。",
        as_of=as_of,
        report_deadline=as_of + timedelta(days=60),
        by=world.officer,
        **kw,
    )


def test_campaign_lists_due_bases_adds_and_excuses_with_reasons(world, base_div1, base_div8, settings):
    other = make_base(world.applicant_c.organisation, name="红果番茄中试基地", filed_on=date(2022, 5, 5))
    with pytest.raises(InvalidInput) as exc:
        open_campaign(world, add={base_div8.pk: " "})
    assert exc.value.field == "reason"
    campaign = open_campaign(
        world, add={base_div8.pk: "群众反映服务中断，提前评价"}, excuse={other.pk: "正在办理主动取消"}
    )
    rows = {ev.base_id: ev for ev in campaign.evaluations.all()}
    assert rows[base_div1.pk].status == E.AWAITING_REPORT
    assert rows[base_div8.pk].added_reason.startswith("群众反映")
    assert rows[other.pk].status == E.EXCUSED
    base_div1.refresh_from_db(), other.refresh_from_db()
    assert (base_div1.status, other.status) == (S.UNDER_EVALUATION, S.ACTIVE)
    assert Notification.objects.filter(recipient=world.applicant_b, title__contains="自评报告").count() == 1


def walk_to_forwarded(world, ev):
    services.submit_self_evaluation(
        ev, indicators=INDICATORS, report="本基地三年来完成中试项目十二项。", by=world.applicant_b
    )
    services.forward(ev, opinion="经核实，材料真实。", by=world.reviewer_div1)
    return ev


def test_self_evaluation_refuses_impossible_values_and_other_organisations(world, base_div1):
    ev = open_campaign(world).evaluations.get()
    with pytest.raises(InvalidInput) as exc:
        services.submit_self_evaluation(
            ev, indicators={**INDICATORS, "staff": "-1"}, report="x" * 20, by=world.applicant_b
        )
    assert exc.value.field == "staff"
    with pytest.raises(InvalidInput) as exc:
        services.submit_self_evaluation(
            ev, indicators={**INDICATORS, "revenue_yuan": "1.001"}, report="x" * 20, by=world.applicant_b
        )
    assert exc.value.field == "revenue_yuan"
    with pytest.raises(Refused):
        services.submit_self_evaluation(ev, indicators=INDICATORS, report="x" * 20, by=world.applicant_a)
    with pytest.raises(Refused):
        services.forward(ev, opinion="材料真实", by=world.reviewer_div8)
    ev.refresh_from_db()
    assert ev.status == E.AWAITING_REPORT and ev.indicators == {}


def test_qualified_path_from_campaign_to_filed_result(world, base_div1, settings):
    settings.PILOTBASE_TODAY = "2026-04-01"
    ev = walk_to_forwarded(world, open_campaign(world).evaluations.get())
    assert ev.indicators["revenue_yuan"] == "1250000.50"
    services.entrust(ev, evaluator=world.evaluator, by=world.officer)
    services.set_grade(ev, grade="qualified", opinion="各项指标达到要求。", by=world.evaluator)
    # the second grader loses with a clear message
    with pytest.raises(InvalidInput) as exc:
        services.set_grade(ev, grade="excellent", opinion="成效突出。", by=world.officer)
    assert "已被评定为「合格」" in exc.value.message
    notice = services.publish_results(ev.campaign, starts_on=date(2026, 4, 1), by=world.officer)
    ev.refresh_from_db()
    assert ev.status == E.ON_NOTICE and notice.ends_on == date(2026, 4, 8)
    with pytest.raises(InvalidInput) as exc:
        services.file_result(ev, document_number="兵科发〔2026〕21号", by=world.officer)
    assert exc.value.field == "notice"
    settings.PILOTBASE_TODAY = "2026-04-09"
    with pytest.raises(InvalidInput):
        services.file_result(ev, document_number="兵科发[2026]21号", by=world.officer)
    services.file_result(ev, document_number="兵科发〔2026〕21号", by=world.officer)
    base_div1.refresh_from_db()
    assert base_div1.status == S.ACTIVE
    # three years later it is due again, counted from this evaluation
    assert services.due_bases(date(2029, 3, 1)) == []
    assert [b.pk for b, _ in services.due_bases(date(2029, 3, 2))] == [base_div1.pk]


def graded_and_filed(world, settings, grade):
    settings.PILOTBASE_TODAY = "2026-04-01"
    ev = walk_to_forwarded(world, open_campaign(world).evaluations.get())
    services.set_grade(ev, grade=grade, opinion="评价意见如上。", by=world.officer)
    services.publish_results(ev.campaign, starts_on=date(2026, 4, 1), by=world.officer)
    settings.PILOTBASE_TODAY = "2026-04-09"
    return services.file_result(ev, document_number="兵科发〔2026〕22号", by=world.officer)


def reevaluate(world, settings, rect, grade):
    """The re-evaluation as a real evaluation: indicators, evidence, opinion, grade, notice, result."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.PILOTBASE_TODAY = "2026-11-02"  # a Monday: the notice runs to Friday 6 November
    ev = services.start_reevaluation(rect, report_deadline=date(2026, 11, 30), by=world.officer)
    assert ev.is_reevaluation and ev.status == E.AWAITING_REPORT
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    services.add_evidence(ev, upload=SimpleUploadedFile("整改台账.pdf", pdf), by=world.applicant_b)
    walk_to_forwarded(world, ev)
    services.set_grade(ev, grade=grade, opinion="复评意见如上。", by=world.officer)
    services.publish_results(ev.campaign, starts_on=date(2026, 11, 2), by=world.officer)
    settings.PILOTBASE_TODAY = "2026-11-09"
    return services.file_result(ev, document_number="兵科发〔2026〕93号", by=world.officer)


def test_unqualified_base_rectifies_and_passes_its_reevaluation(world, base_div1, settings):
    ev = graded_and_filed(world, settings, "unqualified")
    base_div1.refresh_from_db()
    rect = ev.rectification
    assert base_div1.status == S.RECTIFYING and rect.deadline == date(2027, 4, 9)
    with pytest.raises(InvalidInput) as exc:  # nothing to re-evaluate before the report
        services.start_reevaluation(rect, report_deadline=date(2027, 3, 31), by=world.officer)
    assert exc.value.field == "status"
    services.submit_rectification(rect, plan="整改方案：补充设备共享制度。", by=world.applicant_b)
    services.submit_rectification(rect, report="整改报告：已完成全部整改。", by=world.applicant_b)
    with pytest.raises(Refused):
        services.start_reevaluation(rect, report_deadline=date(2027, 3, 31), by=world.applicant_b)
    again = reevaluate(world, settings, rect, "qualified")
    rect.refresh_from_db()
    base_div1.refresh_from_db()
    assert base_div1.status == S.ACTIVE
    assert (rect.status, rect.reevaluation, rect.reevaluation_opinion) == (
        Rectification.Status.PASSED,
        again,
        "复评意见如上。",
    )
    assert again.indicators["staff"] == 26 and again.evidence.count() == 1
    assert not Rectification.objects.filter(evaluation=again).exists()  # no second rectification
    with pytest.raises(InvalidInput):  # one re-evaluation per rectification
        services.start_reevaluation(rect, report_deadline=date(2027, 12, 31), by=world.officer)


def test_rectification_todos_follow_the_rectification(world, base_div1, settings):
    """The applicant is told while the base rectifies; the bureau once the report is in."""
    from pilotbase.evaluations.todos import for_user

    def titles(user):
        return [t.title for t in for_user(user)]

    ev = graded_and_filed(world, settings, "unqualified")
    rect = ev.rectification
    assert "限期整改中的基地" in titles(world.applicant_b)
    assert "待复评的整改基地" not in titles(world.officer)
    assert "限期整改中的基地" not in titles(world.applicant_a)  # another organisation's base
    services.submit_rectification(rect, report="整改报告：已完成全部整改。", by=world.applicant_b)
    assert "限期整改中的基地" not in titles(world.applicant_b)
    assert "待复评的整改基地" in titles(world.officer)


def test_base_still_unqualified_after_rectification_is_revoked(world, base_div1, settings):
    ev = graded_and_filed(world, settings, "unqualified")
    rect = ev.rectification
    services.submit_rectification(rect, report="整改报告：部分整改。", by=world.applicant_b)
    reevaluate(world, settings, rect, "unqualified")
    base_div1.refresh_from_db()
    rect.refresh_from_db()
    assert base_div1.status == S.REVOKED and rect.status == Rectification.Status.FAILED
    assert base_div1.revocation.reason == Revocation.Reason.RECTIFICATION_FAILED
    assert base_div1.revocation.document_number == "兵科发〔2026〕93号"
    assert "复评意见如上" in base_div1.revocation.evidence


def test_reevaluation_can_start_when_the_year_is_over_without_a_report(world, base_div1, settings):
    ev = graded_and_filed(world, settings, "unqualified")
    rect = ev.rectification
    settings.PILOTBASE_TODAY = "2027-04-10"
    assert tick.run(date(2027, 4, 10))["rectification_due"] == 1
    ev2 = services.start_reevaluation(rect, report_deadline=date(2027, 5, 10), by=world.officer)
    assert ev2.campaign.title.endswith("整改后复评") and list(ev2.campaign.evaluations.all()) == [ev2]
    base_div1.refresh_from_db()
    assert base_div1.status == S.RECTIFYING  # still rectifying until the re-evaluation is filed
    assert Notification.objects.filter(recipient=world.applicant_b, title__contains="整改后复评").exists()


def test_rectification_deadline_across_leap_day(world, base_div1, settings):
    settings.PILOTBASE_TODAY = "2027-02-01"
    ev = walk_to_forwarded(world, open_campaign(world, as_of=date(2027, 1, 4)).evaluations.get())
    services.set_grade(ev, grade="unqualified", opinion="指标未达到要求。", by=world.officer)
    # a notice that ended long ago (2027's holiday schedule is not in the table yet)
    notice = PublicNotice.objects.create(
        kind="evaluation",
        title="结果公示",
        starts_on=date(2027, 2, 1),
        ends_on=date(2027, 2, 8),
        published_by=world.officer,
    )
    Evaluation.objects.filter(pk=ev.pk).update(status=E.ON_NOTICE, notice=notice)
    settings.PILOTBASE_TODAY = "2028-02-29"
    ev = services.file_result(ev, document_number="兵科发〔2028〕1号", by=world.officer)
    assert ev.rectification.deadline == date(2029, 2, 28)


def test_tick_is_idempotent_and_flags_without_revoking(world, base_div1, settings):
    campaign = open_campaign(world)  # report deadline 2026-05-01
    first = tick.run(date(2026, 4, 1))  # 30 days before
    assert first["reminders"] == 1
    assert tick.run(date(2026, 4, 1))["reminders"] == 0
    # after days of downtime: the 7-day reminder once, then the deadline passes
    tick.run(date(2026, 4, 28))
    tick.run(date(2026, 4, 28))
    assert Notification.objects.filter(recipient=world.applicant_b, title__contains="截止提醒").count() == 2
    counts = [tick.run(date(2026, 5, 9)) for _ in range(2)]
    assert counts[0]["flagged_no_participation"] == 1 and counts[1]["flagged_no_participation"] == 0
    assert Notification.objects.filter(recipient=world.officer, title__contains="待决定是否撤销").count() == 1
    base_div1.refresh_from_db()
    assert base_div1.status == S.UNDER_EVALUATION  # no revocation without an officer
    ev = campaign.evaluations.get()
    assert ev.no_participation_flagged_on == date(2026, 5, 9)


def test_tick_command_runs_with_pinned_today(world, base_div1, settings):
    from io import StringIO

    from django.core.management import call_command

    open_campaign(world)
    settings.PILOTBASE_TODAY = "2026-05-09"
    out = StringIO()
    call_command("tick", stdout=out)
    call_command("tick", stdout=out)
    assert "标记未参评 1" in out.getvalue() and "标记未参评 0" in out.getvalue()


# --- pages -------------------------------------------------------------------------------------


def test_pages_walk_self_evaluation_and_forwarding(
    client, login, world, base_div1, base_div8, settings, django_assert_max_num_queries
):
    settings.PILOTBASE_TODAY = "2027-03-01"
    campaign = open_campaign(world, as_of=date(2027, 3, 1))
    ev1 = campaign.evaluations.get(base=base_div1)
    ev8 = campaign.evaluations.get(base=base_div8)
    login(world.applicant_b)
    bad = client.post(
        ev1.get_absolute_url(),
        {
            "action": "self_evaluate",
            **INDICATORS,
            "pilot_projects": "-3",
            "self_report": "本基地三年来完成中试项目十二项。",
        },
    )
    assert bad.status_code == 422 and "不能为负数" in bad.content.decode()
    ok = client.post(
        ev1.get_absolute_url(),
        {"action": "self_evaluate", **INDICATORS, "self_report": "本基地三年来完成中试项目十二项。"},
    )
    assert ok.status_code == 302
    assert client.get(ev8.get_absolute_url()).status_code == 404
    client.post("/accounts/logout/")
    login(world.reviewer_div8)
    assert client.get(ev1.get_absolute_url()).status_code == 404
    with django_assert_max_num_queries(12):
        page = client.get(campaign.get_absolute_url())
    assert base_div8.name in page.content.decode() and base_div1.name not in page.content.decode()
    client.post("/accounts/logout/")
    login(world.reviewer_div1)
    client.post(ev1.get_absolute_url(), {"action": "forward", "authenticity_opinion": "经核实，材料真实。"})
    ev1.refresh_from_db()
    assert ev1.status == E.FORWARDED
    client.post("/accounts/logout/")
    login(world.officer)
    page = client.get(f"/bases/{base_div1.pk}/").content.decode()
    assert "推荐单位出具真实性审核意见" in page and "绩效评价中" in page
    assert client.get("/evaluations/new/").status_code == 200


def test_todos_follow_the_evaluation(world, base_div1, base_div8):
    from pilotbase.evaluations.todos import for_user

    campaign = open_campaign(world, as_of=date(2027, 3, 1))
    assert [t.title for t in for_user(world.applicant_b)] == ["待提交的绩效自评报告"]
    walk_to_forwarded(world, campaign.evaluations.get(base=base_div1))
    assert [t.title for t in for_user(world.officer)] == ["待评定等次的绩效评价"]
    assert for_user(world.reviewer_div8) == [] and for_user(world.enterprise) == []
    tick.run(date(2027, 6, 1))
    assert "逾期未提交自评报告的基地" in [t.title for t in for_user(world.officer)]


def test_no_participation_revocation_closes_the_evaluation_and_the_catalogue_hears(
    world, base_div1, monkeypatch
):
    from pilotbase.bases import lifecycle
    from pilotbase.catalogue import services as catalogue_services

    reindexed = []
    monkeypatch.setattr(
        catalogue_services, "reindex_base", lambda base: reindexed.append(base.status), raising=False
    )
    campaign = open_campaign(world)
    tick.run(date(2026, 5, 9))
    lifecycle.revoke(
        base_div1,
        reason="no_participation",
        document_number="兵科发〔2026〕33号",
        evidence="逾期未提交自评报告，经催告仍未提交。",
        by=world.officer,
    )
    assert reindexed == [S.UNDER_EVALUATION, S.REVOKED]  # every status change is heard, the last one last
    ev = campaign.evaluations.get()
    assert ev.status == E.EXCUSED and "已撤销备案" in ev.excused_reason
    assert tick.run(date(2026, 5, 10)) == {
        "flagged_no_participation": 0,
        "rectification_due": 0,
        "reminders": 0,
    }


def test_an_open_objection_holds_the_result(world, base_div1, settings):
    from pilotbase.notices import services as notice_services

    settings.PILOTBASE_TODAY = "2026-04-01"
    ev = walk_to_forwarded(world, open_campaign(world).evaluations.get())
    services.set_grade(ev, grade="excellent", opinion="成效突出。", by=world.officer)
    notice = services.publish_results(ev.campaign, starts_on=date(2026, 4, 1), by=world.officer)
    notice_services.submit_objection(
        notice,
        item=notice.items.get(),
        real_name="王某某",
        contact="13800000000",
        text="该基地服务企业数量与实际不符，请核实。",
    )
    settings.PILOTBASE_TODAY = "2026-04-09"
    with pytest.raises(InvalidInput) as exc:
        services.file_result(ev, document_number="兵科发〔2026〕21号", by=world.officer)
    assert "异议" in exc.value.message
    ev.refresh_from_db()
    assert ev.status == E.ON_NOTICE


def test_evidence_is_checked_by_content_and_served_to_those_who_see_the_evaluation(
    client, login, world, base_div1
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    ev = open_campaign(world).evaluations.get()
    login(world.applicant_b)
    bad = client.post(
        ev.get_absolute_url(),
        {"action": "evidence", "evidence": SimpleUploadedFile("假.pdf", b"MZ\\x90 not a pdf")},
    )
    assert bad.status_code == 422 and not ev.evidence.exists()
    pdf = b"%PDF-1.4\\n1 0 obj<<>>endobj\\ntrailer<<>>\\n%%EOF\\n"
    ok = client.post(
        ev.get_absolute_url(), {"action": "evidence", "evidence": SimpleUploadedFile("台账.pdf", pdf)}
    )
    assert ok.status_code == 302
    item = ev.evidence.get()
    response = client.get(f"/evaluations/{ev.pk}/evidence/{item.pk}/")
    assert response.status_code == 200 and b"".join(response.streaming_content) == pdf
    client.post("/accounts/logout/")
    login(world.reviewer_div8)
    assert client.get(f"/evaluations/{ev.pk}/evidence/{item.pk}/").status_code == 404


def test_campaign_form_adds_and_excuses_with_reasons(client, login, world, base_div1, base_div8):
    login(world.officer)
    form = {
        "title": "2026年度绩效评价",
        "notice_text": "",
        "as_of": "2026-03-02",
        "report_deadline": "2026-05-01",
    }
    bad = client.post("/evaluations/new/", {**form, f"add_{base_div8.pk}": "1"})
    assert bad.status_code == 422 and "须写明理由" in bad.content.decode()
    ok = client.post(
        "/evaluations/new/",
        {
            **form,
            f"add_{base_div8.pk}": "1",
            f"add_reason_{base_div8.pk}": "专项检查",
            f"excuse_{base_div1.pk}": "1",
            f"excuse_reason_{base_div1.pk}": "正在办理取消",
        },
    )
    assert ok.status_code == 302
    statuses = dict(Evaluation.objects.values_list("base_id", "status"))
    assert statuses == {base_div8.pk: E.AWAITING_REPORT, base_div1.pk: E.EXCUSED}


def test_two_graders_at_once_one_wins(world, base_div1):
    ev = walk_to_forwarded(world, open_campaign(world).evaluations.get())
    seen_by_officer = Evaluation.objects.get(pk=ev.pk)
    services.entrust(ev, evaluator=world.evaluator, by=world.officer)
    seen_by_evaluator = Evaluation.objects.get(pk=ev.pk)
    services.set_grade(seen_by_evaluator, grade="unqualified", opinion="收入数据不足。", by=world.evaluator)
    with pytest.raises(InvalidInput) as exc:
        services.set_grade(seen_by_officer, grade="excellent", opinion="成效突出。", by=world.officer)
    assert exc.value.field == "grade" and "不合格" in exc.value.message
    assert Evaluation.objects.get(pk=ev.pk).grade == "unqualified"


def test_rectification_reminders_go_out_once_each(world, base_div1, settings):
    ev = graded_and_filed(world, settings, "unqualified")  # deadline 2027-04-09
    deadline = ev.rectification.deadline
    for days_before in (120, 90, 90, 60, 30, 30, 7, 7, 1):
        tick.run(deadline - timedelta(days=days_before))
    titles = list(
        Notification.objects.filter(
            recipient=world.applicant_b, title__startswith="整改期限提醒"
        ).values_list("title", flat=True)
    )
    assert sorted(titles) == sorted(f"整改期限提醒（{d}天）：{base_div1.name}" for d in (90, 30, 7))

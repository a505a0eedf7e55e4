"""Art. 9, 10, 12: the base record, revocation with a typed reason, misconduct, support, jurisdiction."""

from __future__ import annotations

from datetime import date

import pytest

from pilotbase.accounts.permissions import Refused
from pilotbase.accounts.services import InvalidInput
from pilotbase.audit.models import AuditEvent
from pilotbase.bases import lifecycle
from pilotbase.bases.models import MisconductRecord, PilotBase
from pilotbase.bases.services import in_penalty
from pilotbase.evaluations.fixtures import make_base
from pilotbase.evaluations.models import Evaluation, Revocation

S = PilotBase.Status


@pytest.fixture
def base(world):
    return make_base(
        world.applicant_b.organisation, name="阿拉尔棉籽蛋白中试基地", filed_on=date(2023, 2, 28)
    )


@pytest.fixture
def base_div8(world):
    return make_base(world.applicant_a.organisation, name="天业节水材料中试基地", filed_on=date(2024, 2, 29))


def revoke(world, base, **kw):
    args = {
        "reason": "no_participation",
        "document_number": "兵科发〔2026〕31号",
        "evidence": "经两次书面通知仍未提交自评报告。",
        "by": world.officer,
        **kw,
    }
    return lifecycle.revoke(base, **args)


@pytest.mark.parametrize("reason", ["rectification_refused", "no_participation"])
def test_revocation_keeps_the_history_and_leaves_the_directory(world, base, reason):
    revocation = revoke(world, base, reason=reason)
    base.refresh_from_db()
    assert base.status == S.REVOKED and revocation.reason == reason
    event = AuditEvent.objects.get(
        object_type="bases.pilotbase", object_id=str(base.pk), action="base_revoked"
    )
    assert event.data["reason"] == reason and event.data["to"] == S.REVOKED
    assert not PilotBase.objects.filter(pk=base.pk, status__in=lifecycle.LIVE).exists()


def test_withdrawal_at_the_bases_request(world, base):
    revoke(world, base, reason="withdrawal_requested", evidence="基地来函申请主动取消备案。")
    base.refresh_from_db()
    assert base.status == S.WITHDRAWN


def test_false_materials_enter_the_misconduct_register_and_block_applying(world, base):
    with pytest.raises(InvalidInput) as exc:
        revoke(world, base, reason="false_materials", evidence="自评报告收入数据系伪造。")
    assert exc.value.field == "penalty_years"
    revocation = revoke(
        world,
        base,
        reason="false_materials",
        evidence="自评报告收入数据系伪造。",
        penalty_years=3,
        decided_on=date(2026, 6, 1),
    )
    record = revocation.misconduct
    assert (record.penalty_from, record.penalty_until) == (date(2026, 6, 1), date(2029, 6, 1))
    assert in_penalty(world.applicant_b.organisation, date(2029, 6, 1))
    assert not in_penalty(world.applicant_b.organisation, date(2029, 6, 2))


@pytest.mark.parametrize(
    ("kw", "field"),
    [
        ({"reason": ""}, "reason"),
        ({"reason": "dislike"}, "reason"),
        ({"document_number": "兵科发[2026]31号"}, "document_number"),
        ({"document_number": "兵科发〔2026〕第31号"}, "document_number"),
        ({"evidence": " "}, "evidence"),
    ],
)
def test_revocation_without_reason_or_document_is_refused(world, base, kw, field):
    with pytest.raises(InvalidInput) as exc:
        revoke(world, base, **kw)
    assert exc.value.field == field
    base.refresh_from_db()
    assert (
        base.status == S.ACTIVE and not Revocation.objects.exists() and not MisconductRecord.objects.exists()
    )


def test_only_the_bureau_revokes_and_only_once(world, base):
    for user in (world.reviewer_div1, world.applicant_b, world.evaluator):
        with pytest.raises(Refused):
            revoke(world, base, by=user)
    revoke(world, base)
    with pytest.raises(InvalidInput) as exc:
        revoke(world, PilotBase.objects.get(pk=base.pk), document_number="兵科发〔2026〕32号")
    assert "已撤销备案" in exc.value.message


def test_support_only_for_excellent_bases(world, base):
    with pytest.raises(InvalidInput):
        lifecycle.record_support(
            base,
            kind="中试项目资金",
            amount_yuan="500000",
            granted_on=date(2026, 7, 1),
            document_number="兵科发〔2026〕40号",
            by=world.officer,
        )
    from pilotbase.evaluations.models import EvaluationCampaign

    campaign = EvaluationCampaign.objects.create(
        title="2026年度", as_of=date(2026, 3, 1), report_deadline=date(2026, 5, 1), opened_by=world.officer
    )
    Evaluation.objects.create(campaign=campaign, base=base, status=Evaluation.Status.FILED, grade="excellent")
    with pytest.raises(InvalidInput) as exc:
        lifecycle.record_support(
            base,
            kind="中试项目资金",
            amount_yuan="-1",
            granted_on=date(2026, 7, 1),
            document_number="兵科发〔2026〕40号",
            by=world.officer,
        )
    assert exc.value.field == "amount_yuan"
    record = lifecycle.record_support(
        base,
        kind="中试项目资金",
        amount_yuan="500000.00",
        granted_on=date(2026, 7, 1),
        document_number="兵科发〔2026〕40号",
        by=world.officer,
    )
    assert str(record.amount_yuan) == "500000.00"


# --- pages -------------------------------------------------------------------------------------


def test_reviewer_of_division_1_cannot_see_division_8s_base(client, login, world, base, base_div8):
    login(world.reviewer_div1)
    assert client.get(f"/bases/{base.pk}/").status_code == 200
    assert client.get(f"/bases/{base_div8.pk}/").status_code == 404
    page = client.get("/bases/").content.decode()
    assert base.name in page and base_div8.name not in page


def test_applicant_sees_own_bases_only(client, login, world, base, base_div8):
    login(world.applicant_a)
    assert client.get(f"/bases/{base.pk}/").status_code == 404
    assert client.get(f"/bases/{base_div8.pk}/").status_code == 200


def test_base_list_query_count(client, login, world, django_assert_max_num_queries):
    for i in range(15):
        make_base(world.applicant_b.organisation, name=f"测试基地{i}", filed_on=date(2023, 3, 1))
    login(world.officer)
    with django_assert_max_num_queries(12):
        response = client.get("/bases/")
    assert response.status_code == 200 and "测试基地14" in response.content.decode()


def test_revocation_form_shows_the_error_and_changes_nothing(client, login, world, base):
    login(world.officer)
    response = client.post(
        f"/bases/{base.pk}/revoke/",
        {"reason": "", "document_number": "兵科发〔2026〕31号", "evidence": "事实清楚，证据确凿。"},
    )
    assert response.status_code == 422 and "请选择撤销备案的理由" in response.content.decode()
    response = client.post(
        f"/bases/{base.pk}/revoke/",
        {
            "reason": "rectification_refused",
            "document_number": "兵科发〔2026〕31号",
            "evidence": "拒不提交整改方案。",
        },
    )
    assert response.status_code == 302
    page = client.get(f"/bases/{base.pk}/").content.decode()
    assert "已撤销备案" in page and "拒不整改" in page and "撤销/取消备案资格" in page


def test_reviewer_cannot_post_a_revocation(client, login, world, base):
    login(world.reviewer_div1)
    response = client.post(
        f"/bases/{base.pk}/revoke/",
        {
            "reason": "no_participation",
            "document_number": "兵科发〔2026〕31号",
            "evidence": "未参评，证据如附。",
        },
    )
    assert response.status_code == 403
    base.refresh_from_db()
    assert base.status == S.ACTIVE

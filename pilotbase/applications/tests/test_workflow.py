"""The filing workflow of Article 8, move by move, around the personas."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from pilotbase.accounts.permissions import NotVisible, Refused
from pilotbase.accounts.services import InvalidInput
from pilotbase.applications import demo, permissions, services
from pilotbase.applications.models import Application, FilingBatch, Material
from pilotbase.audit.services import history
from pilotbase.bases.models import MisconductRecord, PilotBase
from pilotbase.notices import services as notices
from pilotbase.operations import clock

S = Application.Status


def test_walk_from_draft_to_filed(world, complete, walk, settings):
    app = walk(complete, S.EVALUATED)
    assert app.status == S.EVALUATED and app.consolidated_score == Decimal("86.50")
    batch = services.create_batch(app.call, name="2026年第一批", by=world.officer)
    services.select_batch(batch, selected_ids=[app.pk], by=world.officer)
    notice = services.publish_batch(batch, starts_on=clock.today(), by=world.officer)
    app.refresh_from_db()
    assert app.status == S.ON_NOTICE
    batch.refresh_from_db()
    with pytest.raises(InvalidInput, match="公示期"):
        services.file_batch(batch, document_number="兵科发〔2026〕12号", by=world.officer)
    settings.PILOTBASE_TODAY = notice.ends_on.fromordinal(notice.ends_on.toordinal() + 1).isoformat()
    bases = services.file_batch(batch, document_number="兵科发〔2026〕12号", by=world.officer)
    app.refresh_from_db()
    assert app.status == S.FILED
    base = PilotBase.objects.get(source_application=app)
    assert base.filing_number.startswith(f"BTZS-{base.filed_on.year}-") and base.filing_number.endswith(
        "-001"
    )
    assert bases == [base] and base.recommending_unit.code == "division-1"
    actions = [e.action for e in history(app)]
    for expected in (
        "submit",
        "recommend",
        "start_formal_review",
        "send_to_experts",
        "select",
        "put_on_notice",
        "file",
    ):
        assert expected in actions


def test_submit_refused_when_a_material_kind_is_missing(world, call):
    app = services.start_application(call, by=world.applicant_b)
    app = demo.fill_and_upload(app, world.applicant_b, "基地")
    Material.objects.filter(application=app, kind=Material.Kind.TEAM).update(removed=True)
    with pytest.raises(InvalidInput) as exc:
        services.submit(app, pledge=True, by=world.applicant_b)
    assert "人才队伍证明" in exc.value.message
    app.refresh_from_db()
    assert app.status == S.DRAFT


def test_submit_requires_the_integrity_pledge(world, complete):
    with pytest.raises(InvalidInput, match="科研诚信承诺书"):
        services.submit(complete, pledge=False, by=world.applicant_b)


def test_organisation_in_penalty_period_cannot_submit(world, complete):
    today = clock.today()
    MisconductRecord.objects.create(
        organisation=complete.organisation, penalty_from=today, penalty_until=today, reason="提供虚假材料"
    )
    with pytest.raises(Refused, match="惩戒执行期"):
        services.submit(complete, pledge=True, by=world.applicant_b)


def test_applications_only_while_the_call_is_open(world, call, settings):
    settings.PILOTBASE_TODAY = call.closes_on.fromordinal(call.closes_on.toordinal() + 1).isoformat()
    with pytest.raises(InvalidInput, match="申报期"):
        services.start_application(call, by=world.applicant_b)


def test_document_number_form_is_checked(world):
    for bad in ("兵科发(2026)5号", "兵科发〔2026〕05号", "兵科发〔2026〕第5号", "〔2026〕5号"):
        with pytest.raises(InvalidInput):
            services.validate_document_number(bad)
    assert services.validate_document_number("兵科发〔2026〕5号") == "兵科发〔2026〕5号"


def test_only_the_applicants_own_recommending_unit_reviews(world, complete):
    app = services.submit(complete, pledge=True, by=world.applicant_b)
    with pytest.raises(NotVisible):
        permissions.get_application_for(world.reviewer_div8, app.pk)
    with pytest.raises(Refused):
        services.recommend(app, opinion="同意", by=world.reviewer_div8)
    with pytest.raises(Refused):
        services.recommend(app, opinion="同意", by=world.applicant_b)
    services.recommend(app, opinion="同意推荐", by=world.reviewer_div1)
    assert app.status == S.RECOMMENDED


def test_wrong_state_and_lost_race_are_refused(world, complete):
    app = services.submit(complete, pledge=True, by=world.applicant_b)
    with pytest.raises(InvalidInput, match="当前状态"):
        services.start_formal_review(app, by=world.officer)
    stale = Application.objects.get(pk=app.pk)
    services.recommend(app, opinion="同意推荐", by=world.reviewer_div1)
    with pytest.raises(services.WorkflowError):
        services.return_for_revision(stale, reasons="补充材料", by=world.reviewer_div1)


def test_return_resubmit_keeps_every_version_and_shows_differences(world, complete, login):
    app = services.submit(complete, pledge=True, by=world.applicant_b)
    services.return_for_revision(app, reasons="请补充对外中试项目", by=world.reviewer_div1)
    data = {"version": str(app.version), "site.area_m2": "3100"}
    from django.http import QueryDict

    q = QueryDict(mutable=True)
    q.update(data)
    app, errors = services.save_draft(
        app, step="conditions", data=q, expected_version=app.version, by=world.applicant_b
    )
    assert not errors and app.facts["site"]["area_m2"] == "3100"
    services.submit(app, pledge=True, by=world.applicant_b)
    assert list(app.versions.values_list("number", flat=True)) == [1, 2]
    client = login(world.reviewer_div1)
    page = client.get(f"/applications/{app.pk}/versions/").content.decode()
    assert "site.area_m2" in page and "3100" in page and "2600" in page


def test_not_recommend_and_withdraw(world, complete, call):
    app = services.submit(complete, pledge=True, by=world.applicant_b)
    services.not_recommend(app, reason="不属于兵团主导产业", by=world.reviewer_div1)
    assert app.status == S.NOT_RECOMMENDED
    other = demo.fill_and_upload(
        services.start_application(call, by=world.applicant_b), world.applicant_b, "另一基地"
    )
    services.withdraw(other, reason="", by=world.applicant_b)
    assert other.status == S.WITHDRAWN
    with pytest.raises(InvalidInput):
        services.withdraw(other, reason="", by=world.applicant_b)


def test_formal_review_needs_each_open_check_confirmed(world, complete, walk):
    app = walk(complete, S.FORMAL_REVIEW)
    with pytest.raises(InvalidInput, match="未核定"):
        services.send_to_experts(app, opinion="", by=world.officer)
    services.review_check(
        app, check_id="location_tech_advantage", status="fail", reason="区位优势不明显", by=world.officer
    )
    assert app.check_reviews["location_tech_advantage"]["by"] == "officer"
    services.reject(app, reason="不具备区位优势", by=world.officer)
    assert app.status == S.REJECTED


def test_consolidated_score_is_bounded(world, complete, walk):
    app = walk(complete, S.EXPERT_EVALUATION)
    for bad in ("101", "-1", "abc"):
        with pytest.raises(InvalidInput):
            services.record_consolidated_opinion(app, bad, "意见", world.officer)
    services.record_site_visit(
        app,
        visited_on=clock.today(),
        members="刘振宇、马丽娟",
        checklist_items=["场地", "设备"],
        findings="与申报一致",
        by=world.officer,
    )
    services.record_consolidated_opinion(app, "90", "同意", world.officer)
    assert app.status == S.EVALUATED


def test_selection_tells_the_others(world, complete, walk, call):
    first = walk(complete, S.EVALUATED)
    second = walk(
        demo.fill_and_upload(
            services.start_application(call, by=world.applicant_a), world.applicant_a, "天业基地"
        ),
        S.EVALUATED,
    )
    batch = services.create_batch(call, name="第一批", by=world.officer)
    services.select_batch(batch, selected_ids=[first.pk], by=world.officer)
    second.refresh_from_db()
    assert second.status == S.NOT_SELECTED
    assert world.applicant_a.notifications.filter(title__contains="未入选").exists()


def test_upheld_objection_takes_the_application_out_and_blocks_until_handled(world, complete, walk, settings):
    app = walk(complete, S.EVALUATED)
    batch = services.create_batch(app.call, name="第一批", by=world.officer)
    services.select_batch(batch, selected_ids=[app.pk], by=world.officer)
    notice = services.publish_batch(batch, starts_on=clock.today(), by=world.officer)
    item = notice.items.get()
    objection = notices.submit_objection(
        notice,
        item=item,
        real_name="王某某",
        contact="13800000000",
        text="该单位场地面积与实际不符，请核实。",
    )
    again = notices.submit_objection(
        notice,
        item=item,
        real_name="王某某",
        contact="13800000000",
        text="该单位场地面积与实际不符，请核实。",
    )
    assert again.pk == objection.pk
    settings.PILOTBASE_TODAY = notice.ends_on.fromordinal(notice.ends_on.toordinal() + 1).isoformat()
    batch.refresh_from_db()
    with pytest.raises(InvalidInput, match="异议"):
        services.file_batch(batch, document_number="兵科发〔2026〕12号", by=world.officer)
    notices.investigate(objection, by=world.officer)
    notices.decide(objection, upheld=True, result="经现场核实，场地面积不足", by=world.officer)
    app.refresh_from_db()
    assert app.status == S.OBJECTION_UPHELD and app.batch_id is None
    assert services.file_batch(batch, document_number="兵科发〔2026〕12号", by=world.officer) == []
    assert FilingBatch.objects.get(pk=batch.pk).status == FilingBatch.Status.FILED


def test_year_without_holiday_schedule_is_a_clear_refusal(world, complete, walk):
    import datetime

    app = walk(complete, S.EVALUATED)
    batch = services.create_batch(app.call, name="第一批", by=world.officer)
    services.select_batch(batch, selected_ids=[app.pk], by=world.officer)
    with pytest.raises(InvalidInput, match="节假日安排尚未录入"):
        services.publish_batch(batch, starts_on=datetime.date(2031, 3, 2), by=world.officer)


def test_html_named_pdf_is_refused_without_orphan_file(world, call, settings):
    from pathlib import Path

    app = services.start_application(call, by=world.applicant_b)
    upload = SimpleUploadedFile(
        "申请书.pdf", b"<html><script>alert(1)</script></html>", content_type="application/pdf"
    )
    with pytest.raises(InvalidInput):
        services.add_material(app, kind="application_form", upload=upload, by=world.applicant_b)
    root = Path(settings.MEDIA_ROOT) / "materials"
    assert not root.exists() or list(root.iterdir()) == []
    assert not Material.objects.exists()


def test_docx_zip_bomb_and_good_docx(world, call):
    import io
    import zipfile

    app = services.start_application(call, by=world.applicant_b)

    def make(members):
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
            for name, data in members.items():
                zf.writestr(name, data)
        return buf.getvalue()

    good = make(
        {
            "[Content_Types].xml": '<Types><Override ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
            "word/document.xml": "<w/>",
        }
    )
    m = services.add_material(
        app, kind="application_form", upload=SimpleUploadedFile("a.docx", good), by=world.applicant_b
    )
    assert m.content_type.endswith("wordprocessingml.document") and len(m.sha256) == 64
    bomb = make(
        {"[Content_Types].xml": "wordprocessingml.document.main+xml", "big.bin": b"\0" * (250 * 1024 * 1024)}
    )
    with pytest.raises(InvalidInput, match="压缩炸弹"):
        services.add_material(
            app, kind="other", upload=SimpleUploadedFile("b.docx", bomb), by=world.applicant_b
        )
    plain_zip = make({"x.txt": "hello"})
    with pytest.raises(InvalidInput):
        services.add_material(
            app, kind="other", upload=SimpleUploadedFile("c.docx", plain_zip), by=world.applicant_b
        )


def test_upload_size_limit(world, call, settings):
    settings.PILOTBASE_UPLOAD_MAX_BYTES = 100
    app = services.start_application(call, by=world.applicant_b)
    with pytest.raises(InvalidInput, match="大小上限"):
        services.add_material(
            app, kind="other", upload=SimpleUploadedFile("a.pdf", b"%PDF-" + b"x" * 200), by=world.applicant_b
        )


def test_bad_selection_leaves_the_batch_open(world, complete, walk, login):
    app = walk(complete, S.EVALUATED)
    batch = services.create_batch(app.call, name="第一批", by=world.officer)
    client = login(world.officer)
    response = client.post(f"/applications/batches/{batch.pk}/", {"selected": [str(app.pk + 999)]})
    assert response.status_code == 422 and "请从本批评估完成的申报中选择入选者" in response.content.decode()
    for bad in ([], [app.pk + 999]):
        with pytest.raises(InvalidInput):
            services.select_batch(batch, selected_ids=bad, by=world.officer)
    batch.refresh_from_db()
    assert batch.status == FilingBatch.Status.SELECTING
    services.select_batch(batch, selected_ids=[app.pk], by=world.officer)
    batch.refresh_from_db()
    with pytest.raises(services.WorkflowError, match="已完成遴选"):
        services.select_batch(batch, selected_ids=[app.pk], by=world.officer)

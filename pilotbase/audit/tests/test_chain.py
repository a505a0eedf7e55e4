"""The audit trail: every security event and change is recorded, chained and tamper-evident."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from pilotbase.accounts import services as account_services
from pilotbase.audit import services
from pilotbase.audit.models import AuditEvent


def test_chain_verifies_after_real_activity(world):
    result = services.verify()
    assert result.ok and result.checked == AuditEvent.objects.count() > 10


def test_a_row_edited_directly_in_the_database_is_named(world):
    victim = AuditEvent.objects.order_by("seq")[5]
    # An attacker with database access rewrites who did it, bypassing the application.
    AuditEvent.objects.filter(pk=victim.pk).update(actor_label="someone-else")
    result = services.verify()
    assert not result.ok and result.broken_seq == victim.seq


def test_a_deleted_row_is_detected(world):
    AuditEvent.objects.filter(seq=3).delete()
    result = services.verify()
    assert not result.ok and result.broken_seq == 3


def test_a_truncated_tail_is_detected(world):
    last = AuditEvent.objects.order_by("-seq").first()
    AuditEvent.objects.filter(pk=last.pk).delete()
    assert not services.verify().ok


def test_cli_verify_exits_nonzero_and_names_the_row(world, capsys):
    call_command("audit", "verify")
    assert "校验通过" in capsys.readouterr().out
    AuditEvent.objects.filter(seq=4).update(data={"forged": True})
    with pytest.raises(CommandError, match="第 4 条"):
        call_command("audit", "verify")


def test_rollback_of_a_change_rolls_back_its_audit_row(world):
    before = AuditEvent.objects.count()
    with pytest.raises(account_services.InvalidInput):
        account_services.create_organisation(
            name="X", credit_code="91350100M000100Y43", recommending_unit=None
        )
        account_services.create_organisation(
            name="Y", credit_code="91350100M000100Y43", recommending_unit=None
        )
    # The first organisation was created outside a transaction here; the refused second one wrote nothing.
    assert AuditEvent.objects.count() == before + 1
    assert services.verify().ok


def test_events_record_who_what_when_where(client, world, login):
    login(world.applicant_a)
    event = AuditEvent.objects.filter(action="login").order_by("-seq").first()
    assert event.actor == world.applicant_a and event.ip == "127.0.0.1" and event.at is not None


def test_only_the_audit_administrator_reads_the_trail(client, world, login):
    for name in ["sysadmin", "secadmin", "officer", "applicant_a"]:
        c = login(world.people[name], c=client.__class__())
        assert c.get("/audit/").status_code == 403, name
    c = login(world.auditadmin, c=client.__class__())
    response = c.get("/audit/")
    assert response.status_code == 200 and "审计日志" in response.content.decode()


def test_permission_denials_are_audited(client, world, login):
    login(world.applicant_a)
    client.get("/audit/")
    assert AuditEvent.objects.filter(action="permission_denied", actor=world.applicant_a).exists()

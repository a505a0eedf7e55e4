"""The holiday table as the system uses it: database-backed, administrator-maintained, with the
CLI and API of spec/calendar.md."""

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from pilotbase.workdays import services
from pilotbase.workdays.calendar import YearNotCovered, parse_schedule
from pilotbase.workdays.models import CoveredYear, HolidayDay

SCHEDULE_2027 = {
    "year": 2027,
    "source": "国务院办公厅关于2027年部分节假日安排的通知（测试用）",
    "days": [
        {"date": "2027-01-01", "kind": "off", "name": "元旦"},
        {"date": "2027-01-02", "kind": "off", "name": "元旦"},
        {"date": "2027-01-03", "kind": "off", "name": "元旦"},
        {"date": "2027-01-09", "kind": "work", "name": "元旦"},
    ],
}


def test_seeded_from_chinese_calendar_through_2026(db):
    assert set(CoveredYear.objects.values_list("year", flat=True)) == set(range(2004, 2027))
    assert HolidayDay.objects.get(date=date(2026, 2, 28)).kind == "work"


@pytest.mark.parametrize(("start", "end"), [("2025-09-26", "2025-10-09"), ("2026-02-16", "2026-02-28")])
def test_spec_examples_through_the_database_table(db, start, end):
    assert services.notice_end(date.fromisoformat(start)).isoformat() == end


def test_a_period_into_an_unentered_year_is_refused_naming_it(db):
    with pytest.raises(YearNotCovered, match="2027 年节假日安排尚未录入"):
        services.notice_end(date(2026, 12, 28))


def test_importing_a_year_makes_periods_into_it_computable(db, world):
    services.import_schedule(
        parse_schedule(json.dumps(SCHEDULE_2027, ensure_ascii=False), "json"), by=world.sysadmin
    )
    # 2026-12-28 Mon, 29, 30, 31, then 1-3 Jan off, 4 Jan Mon is the fifth working day.
    assert services.notice_end(date(2026, 12, 28)) == date(2027, 1, 4)
    assert services.is_workday(date(2027, 1, 9))  # an adjusted Saturday


def test_only_the_system_administrator_maintains_the_table(db, world):
    from pilotbase.accounts.permissions import Refused

    with pytest.raises(Refused):
        services.set_day(date(2026, 3, 2), kind="off", name="测试", source="测试", by=world.officer)


def test_a_correction_changes_every_later_computation(db, world):
    assert services.notice_end(date(2026, 3, 2)) == date(2026, 3, 6)
    services.set_day(date(2026, 3, 4), kind="off", name="临时调整", source="更正通知", by=world.sysadmin)
    assert services.notice_end(date(2026, 3, 2)) == date(2026, 3, 9)


def test_the_format_example_file_cannot_be_imported_as_real_data(db):
    example = Path(services.__file__).with_name("examples") / "2027-example.json"
    from pilotbase.accounts.services import InvalidInput

    with pytest.raises(InvalidInput):
        services.import_schedule(parse_schedule(example.read_text(encoding="utf-8"), "json"))


def test_cli_notice_end_and_is_workday(db, capsys):
    call_command("calendar", "notice-end", "2026-02-16")
    call_command("calendar", "notice-end", "2026-02-16", "--days", "3")
    call_command("calendar", "is-workday", "2026-10-10")
    call_command("calendar", "is-workday", "2026-10-05")
    assert capsys.readouterr().out.split() == ["2026-02-28", "2026-02-26", "true", "false"]


def test_cli_exit_status_two_for_a_bad_date():
    exe = str(Path(sys.executable).with_name("pilotbase"))
    out = subprocess.run([exe, "calendar", "notice-end", "2026-02-30"], capture_output=True, text=True, timeout=60)
    assert out.returncode == 2 and "日期格式错误" in out.stderr and out.stdout == ""


def test_cli_exit_status_two_for_a_year_without_data(db):
    with pytest.raises(CommandError, match="2027 年节假日安排尚未录入") as exc:
        call_command("calendar", "notice-end", "2026-12-28")
    assert exc.value.returncode == 2


def test_cli_import(db, tmp_path, capsys):
    path = tmp_path / "2027.json"
    path.write_text(json.dumps(SCHEDULE_2027, ensure_ascii=False), encoding="utf-8")
    call_command("calendar", "import", str(path))
    assert CoveredYear.objects.filter(year=2027).exists()
    bad = tmp_path / "bad.json"
    bad.write_text(
        '{"year": 2027, "source": "x", "days": [{"date": "2028-01-01", "kind": "off", "name": "元旦"}]}'
    )
    with pytest.raises(CommandError, match="不属于 2027 年") as exc:
        call_command("calendar", "import", str(bad))
    assert exc.value.returncode == 2


def test_api_gives_starts_on_and_ends_on(client, db):
    response = client.get("/api/v1/calendar/notice-end", {"start": "2026-02-16"})
    assert response.status_code == 200
    assert response.json() == {
        "starts_on": "2026-02-16",
        "ends_on": "2026-02-28",
        "working_days": 5,
        "label": "公示期：2026年2月16日至2026年2月28日",
    }
    refused = client.get("/api/v1/calendar/notice-end", {"start": "2026-12-28"})
    assert refused.status_code == 422 and "2027" in refused.json()["detail"]
    assert client.get("/api/v1/calendar/notice-end", {"start": "not-a-date"}).status_code == 422


def test_admin_page_imports_a_year(client, world, login):
    login(world.sysadmin)
    page = client.get("/workdays/?year=2026")
    assert page.status_code == 200 and "调休上班" in page.content.decode()
    response = client.post(
        "/workdays/", {"imp-format": "json", "imp-text": json.dumps(SCHEDULE_2027, ensure_ascii=False)}
    )
    assert response.status_code == 302
    bad = client.post("/workdays/", {"imp-format": "json", "imp-text": "{not json"})
    assert bad.status_code == 422 and "JSON" in bad.content.decode()


def test_other_roles_cannot_open_the_admin_page(client, world, login):
    login(world.officer)
    assert client.get("/workdays/").status_code == 403

"""The operator's console command, run as a separate process like an operator would."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

PILOTBASE = str(Path(sys.executable).with_name("pilotbase"))
REQUIRED = ["serve", "migrate", "demo", "createadmin", "units", "audit", "check"]


def run(*args, env=None):
    base = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    return subprocess.run(
        [PILOTBASE, *args], capture_output=True, text=True, timeout=120, env={**base, **(env or {})}
    )


def test_help_lists_the_operator_commands():
    out = run("--help")
    assert out.returncode == 0
    for name in REQUIRED:
        assert f"  {name} " in out.stdout, name


@pytest.mark.parametrize("name", REQUIRED)
def test_each_command_has_its_own_help(name):
    out = run(name, "--help")
    assert out.returncode == 0 and "usage: pilotbase" in out.stdout


def test_migrate_demo_units_and_audit_against_a_fresh_database(tmp_path):
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'fresh.sqlite3'}", "PILOTBASE_VAR": str(tmp_path)}
    assert run("migrate", "-v0", env=env).returncode == 0
    first = run("demo", env=env)
    assert first.returncode == 0 and "applicant_a" in first.stdout and "TOTP" in first.stdout
    # the logins are what an operator reads first: no flood of notification emails before them
    assert "Content-Type: text/plain" not in first.stdout and first.stdout.lstrip().startswith("演示数据已就绪")
    assert run("demo", env=env).returncode == 0  # idempotent
    units = run("units", "list", env=env)
    for code in ["division-1", "division-14", "corps-direct", "shihezi-university", "tarim-university"]:
        assert code in units.stdout
    assert "第十四师昆玉市" in units.stdout
    verify = run("audit", "verify", env=env)
    assert verify.returncode == 0 and "校验通过" in verify.stdout


def test_production_settings_pass_the_deploy_check_with_no_warnings(tmp_path):
    env = {
        "PILOTBASE_ENV": "production",
        "SECRET_KEY": "k" * 10 + "Zq8#vR2!mT5@wY9$pL3^nB6&xC1*dF4(gH7)jK0_" + "s" * 20,
        "ALLOWED_HOSTS": "pilotbase.example.gov.cn",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'prod.sqlite3'}",
        "PILOTBASE_VAR": str(tmp_path),
        "STATIC_ROOT": str(tmp_path / "static"),
    }
    out = run("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "no issues" in out.stdout


def test_production_refuses_the_development_secret_and_the_totp_waiver(tmp_path):
    env = {"PILOTBASE_ENV": "production", "ALLOWED_HOSTS": "x", "PILOTBASE_VAR": str(tmp_path)}
    assert "SECRET_KEY" in run("check", env=env).stderr
    env["SECRET_KEY"] = "x" * 60
    env["PILOTBASE_WAIVE_OTP"] = "1"
    assert "PILOTBASE_WAIVE_OTP" in run("check", env=env).stderr


def test_production_cookies_use_the_host_prefix(tmp_path):
    code = "from django.conf import settings as s; print(s.SESSION_COOKIE_NAME, s.CSRF_COOKIE_NAME, s.SESSION_COOKIE_SECURE)"
    env = {
        **os.environ,
        "PILOTBASE_ENV": "production",
        "SECRET_KEY": "y" * 60,
        "ALLOWED_HOSTS": "x",
        "PILOTBASE_VAR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "pilotbase.settings",
    }
    out = subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); " + code],
        capture_output=True,
        text=True,
        env=env,
    )
    assert out.stdout.split() == ["__Host-sessionid", "__Host-csrftoken", "True"]

"""等保 level 3, access control: no default accounts or passwords in production. The demo's
personas share one printed password and TOTP secrets derived from their usernames, so
``pilotbase demo`` refuses to run under the production settings (and creates nothing)."""

from pilotbase.operations.tests.test_cli import run


def test_demo_is_refused_in_production(tmp_path):
    env = {
        "PILOTBASE_ENV": "production",
        "SECRET_KEY": "q" * 60,
        "ALLOWED_HOSTS": "x",
        "PILOTBASE_VAR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'prod.sqlite3'}",
    }
    out = run("demo", env=env)
    assert out.returncode == 2 and "生产环境" in out.stderr
    assert "applicant_a" not in out.stdout

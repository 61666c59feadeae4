"""`manage.py check --deploy` on production-like settings (a subprocess, real settings.py)."""

import os
import subprocess
import sys

from django.conf import settings

SECRET = "k3Jd9-pQ2x!vL7mN0rT5wY8zA1bC4eF6gH-iJ2kL3mN4oP5qR6sT7uV8wX9y"


def run_check_deploy(**extra: str) -> subprocess.CompletedProcess:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "REDIS_URL", "EMAIL_URL", "SECURE_SSL_REDIRECT"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DEBUG="false",
        SECRET_KEY=SECRET,
        ALLOWED_HOSTS="example.org",
        **extra,
    )
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_secret_length_is_what_the_check_expects():
    assert len(SECRET) == 60
    assert len(set(SECRET)) >= 5


def test_production_settings_pass_the_deployment_checks():
    result = run_check_deploy(EMAIL_URL="smtp://mail.example.org:587?tls=true")
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_without_a_mail_server_is_flagged():
    # The default EMAIL_URL is console://, fine for `make run`, wrong in production.
    result = run_check_deploy()
    assert result.returncode != 0
    assert "mail.E001" in result.stderr


def test_a_bad_region_code_fails_the_checks():
    result = run_check_deploy(EMAIL_URL="smtp://mail.example.org", REGION_CODE="99")
    assert result.returncode != 0
    assert "cabildo.E001" in result.stderr

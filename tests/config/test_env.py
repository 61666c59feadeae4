"""config.env: strict readers for the environment, and settings.py built from them."""

import runpy
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.env import (
    env_bool,
    env_choice,
    env_int,
    env_list,
    env_str,
    parse_database_url,
    parse_email_url,
    parse_redis_url,
)

VAR = "CABILDO_TEST_VARIABLE"


@pytest.fixture
def setenv(monkeypatch):
    def set_value(value: str) -> None:
        monkeypatch.setenv(VAR, value)

    monkeypatch.delenv(VAR, raising=False)
    return set_value


# --- env_str ---------------------------------------------------------------------------


def test_env_str_reads_the_value_or_the_default(setenv):
    assert env_str(VAR, "por defecto") == "por defecto"
    setenv("valor")
    assert env_str(VAR, "por defecto") == "valor"
    setenv("")
    assert env_str(VAR, "por defecto") == ""


def test_env_str_without_default_is_required(setenv):
    with pytest.raises(ImproperlyConfigured, match=VAR):
        env_str(VAR)


# --- env_bool --------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["1", "true", "TRUE", "yes", "on", " True "])
def test_env_bool_true_values(setenv, value):
    setenv(value)
    assert env_bool(VAR, default=False) is True


@pytest.mark.parametrize("value", ["0", "false", "False", "no", "off", ""])
def test_env_bool_false_values(setenv, value):
    setenv(value)
    assert env_bool(VAR, default=True) is False


@pytest.mark.parametrize("value", ["maybe", "2", "verdadero", "t", "y"])
def test_env_bool_refuses_anything_else(setenv, value):
    setenv(value)
    with pytest.raises(ImproperlyConfigured, match="must be a boolean"):
        env_bool(VAR, default=True)


def test_env_bool_default_when_unset(setenv):
    assert env_bool(VAR, default=True) is True
    assert env_bool(VAR, default=False) is False


# --- env_int ---------------------------------------------------------------------------


def test_env_int_parses_and_defaults(setenv):
    assert env_int(VAR, 5) == 5
    setenv(" 31536000 ")
    assert env_int(VAR, 5, minimum=0) == 31_536_000


@pytest.mark.parametrize("value", ["doce", "1.5", "", "10s"])
def test_env_int_refuses_non_integers(setenv, value):
    setenv(value)
    with pytest.raises(ImproperlyConfigured, match="must be an integer"):
        env_int(VAR, 5)


def test_env_int_refuses_values_below_the_minimum(setenv):
    setenv("-1")
    with pytest.raises(ImproperlyConfigured, match="at least 0"):
        env_int(VAR, 5, minimum=0)
    setenv("0")
    assert env_int(VAR, 5, minimum=0) == 0


# --- env_list --------------------------------------------------------------------------


def test_env_list_splits_on_commas_and_trims(setenv):
    assert env_list(VAR, ["x"]) == ["x"]
    setenv("example.org, www.example.org ,127.0.0.1")
    assert env_list(VAR, []) == ["example.org", "www.example.org", "127.0.0.1"]


@pytest.mark.parametrize("value", ["a,,b", "a,", ",a", "", " "])
def test_env_list_refuses_empty_items(setenv, value):
    setenv(value)
    with pytest.raises(ImproperlyConfigured, match="empty item"):
        env_list(VAR, [])


# --- env_choice ------------------------------------------------------------------------


def test_env_choice_accepts_listed_values_in_any_case(setenv):
    assert env_choice(VAR, "immediate", {"immediate", "database"}) == "immediate"
    setenv(" Database ")
    assert env_choice(VAR, "immediate", {"immediate", "database"}) == "database"


def test_env_choice_refuses_others(setenv):
    setenv("celery")
    with pytest.raises(ImproperlyConfigured, match="must be one of database, immediate"):
        env_choice(VAR, "immediate", {"immediate", "database"})


# --- DATABASE_URL ----------------------------------------------------------------------


def test_sqlite_url_parses():
    config = parse_database_url("sqlite:////srv/cabildo/db.sqlite3")
    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert config["NAME"] == "/srv/cabildo/db.sqlite3"


@pytest.mark.parametrize("scheme", ["postgres", "postgresql", "pgsql"])
def test_postgres_url_parses(scheme):
    config = parse_database_url(f"{scheme}://cabildo:cla%40ve@db.example.org:5433/cabildo")
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert config["NAME"] == "cabildo"
    assert config["USER"] == "cabildo"
    assert config["PASSWORD"] == "cla@ve"
    assert config["HOST"] == "db.example.org"
    assert config["PORT"] == 5433
    assert config["CONN_HEALTH_CHECKS"] is True


@pytest.mark.parametrize(
    "url",
    [
        "mysql://u:p@h/db",
        "localhost:5432/cabildo",
        "",
        "postgres://db.example.org/",
        "postgres://db.example.org:puerto/cabildo",
    ],
)
def test_malformed_database_urls_are_refused(url):
    with pytest.raises(ImproperlyConfigured, match="DATABASE_URL"):
        parse_database_url(url)


# --- REDIS_URL -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    ["redis://127.0.0.1:6379/1", "rediss://:clave@redis.example.org:6380/0", "unix:///run/r.sock"],
)
def test_redis_urls_parse(url):
    assert parse_redis_url(url) == url


@pytest.mark.parametrize("url", ["http://redis:6379", "127.0.0.1:6379", "redis://", "redis:///0"])
def test_malformed_redis_urls_are_refused(url):
    with pytest.raises(ImproperlyConfigured, match="REDIS_URL"):
        parse_redis_url(url)


# --- EMAIL_URL -------------------------------------------------------------------------


def test_smtp_with_starttls_parses():
    config = parse_email_url("smtp://avisos%40gore.cl:cla%2Fve@mail.gore.cl:2525?tls=true")
    assert config["BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert config["OPTIONS"] == {
        "host": "mail.gore.cl",
        "port": 2525,
        "username": "avisos@gore.cl",
        "password": "cla/ve",
        "use_ssl": False,
        "use_tls": True,
        "timeout": 20,
    }


def test_smtp_defaults_to_port_587_without_tls():
    options = parse_email_url("smtp://mail.gore.cl")["OPTIONS"]
    assert options["port"] == 587
    assert options["use_tls"] is False
    assert options["use_ssl"] is False
    assert options["username"] == ""


def test_smtps_uses_implicit_tls_on_465():
    options = parse_email_url("smtps://u:p@mail.gore.cl")["OPTIONS"]
    assert options["port"] == 465
    assert options["use_ssl"] is True
    assert options["use_tls"] is False


@pytest.mark.parametrize(
    ("url", "backend"),
    [
        ("console://", "django.core.mail.backends.console.EmailBackend"),
        ("locmem://", "django.core.mail.backends.locmem.EmailBackend"),
    ],
)
def test_development_mail_backends(url, backend):
    assert parse_email_url(url) == {"BACKEND": backend}


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("ftp://mail.gore.cl", "must start with smtp://"),
        ("mail.gore.cl:587", "must start with smtp://"),
        ("smtp://", "names no host"),
        ("smtp://mail.gore.cl:puerto", "malformed port"),
        ("smtp://mail.gore.cl?tls=quizas", "tls must be true or false"),
    ],
)
def test_malformed_email_urls_are_refused(url, message):
    with pytest.raises(ImproperlyConfigured, match=message):
        parse_email_url(url)


# --- settings.py built from the environment -------------------------------------------

SETTINGS_FILE = Path(__file__).resolve().parents[2] / "config" / "settings.py"
SECRET = "k3Jd9-pQ2x!vL7mN0rT5wY8zA1bC4eF6gH-iJ2kL3mN4oP5qR6sT7uV8wX9yZ0aB"


@pytest.fixture
def clean_env(monkeypatch):
    for name in [
        "DEBUG",
        "SECRET_KEY",
        "ALLOWED_HOSTS",
        "DATABASE_URL",
        "REDIS_URL",
        "EMAIL_URL",
        "TASKS_BACKEND",
        "SECURE_HSTS_SECONDS",
        "RATE_LIMITS_ENABLED",
        "DATABASE_POOL",
        "DATABASE_CONN_MAX_AGE",
    ]:
        monkeypatch.delenv(name, raising=False)
    # As the development targets run (make run, make test): DEBUG turned on explicitly.
    monkeypatch.setenv("DEBUG", "true")
    return monkeypatch


def load_settings() -> dict:
    # A fresh run of the module's code; the settings in use by the tests stay untouched.
    return runpy.run_path(str(SETTINGS_FILE))


def test_debug_is_off_unless_turned_on(clean_env):
    clean_env.delenv("DEBUG")
    with pytest.raises(ImproperlyConfigured, match="SECRET_KEY"):
        load_settings()
    clean_env.setenv("SECRET_KEY", SECRET)
    clean_env.setenv("ALLOWED_HOSTS", "participa.gore.cl")
    settings = load_settings()
    assert settings["DEBUG"] is False
    assert settings["SESSION_COOKIE_SECURE"] is True


def test_defaults_are_the_embedded_ones(clean_env):
    settings = load_settings()
    assert settings["DEBUG"] is True
    assert settings["DATABASES"]["default"]["ENGINE"] == "django.db.backends.sqlite3"
    assert settings["CHANNEL_LAYERS"]["default"]["BACKEND"].endswith("InMemoryChannelLayer")
    assert settings["MAILERS"]["default"]["BACKEND"].endswith("console.EmailBackend")
    assert settings["TASKS"]["default"]["BACKEND"].endswith("ImmediateBackend")


def test_production_settings_read_the_environment(clean_env):
    clean_env.setenv("DEBUG", "false")
    clean_env.setenv("SECRET_KEY", SECRET)
    clean_env.setenv("ALLOWED_HOSTS", "participa.gore.cl")
    clean_env.setenv("DATABASE_URL", "postgres://cabildo@db/cabildo")
    clean_env.setenv("REDIS_URL", "redis://redis:6379/0")
    clean_env.setenv("EMAIL_URL", "smtps://u:p@mail.gore.cl")
    clean_env.setenv("TASKS_BACKEND", "database")
    settings = load_settings()
    assert settings["DEBUG"] is False
    assert settings["SECRET_KEY"] == SECRET
    assert settings["ALLOWED_HOSTS"] == ["participa.gore.cl"]
    assert settings["DATABASES"]["default"]["HOST"] == "db"
    assert settings["CHANNEL_LAYERS"]["default"]["CONFIG"]["hosts"][0]["address"] == (
        "redis://redis:6379/0"
    )
    assert settings["CACHES"]["default"]["LOCATION"] == "redis://redis:6379/0"
    assert settings["MAILERS"]["default"]["OPTIONS"]["use_ssl"] is True
    assert settings["TASKS"]["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend"
    assert settings["SESSION_COOKIE_SECURE"] is True
    assert settings["SECURE_SSL_REDIRECT"] is True
    assert settings["SECURE_HSTS_SECONDS"] == 31_536_000


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("DEBUG", "quizás"),
        ("DATABASE_URL", "mysql://u@h/db"),
        ("REDIS_URL", "http://redis"),
        ("EMAIL_URL", "smtp://"),
        ("TASKS_BACKEND", "celery"),
        ("SECURE_HSTS_SECONDS", "un año"),
        ("ALLOWED_HOSTS", "a,,b"),
        ("RATE_LIMITS_ENABLED", "sí"),
    ],
)
def test_a_malformed_variable_stops_the_start(clean_env, name, value):
    clean_env.setenv(name, value)
    with pytest.raises(ImproperlyConfigured, match=name):
        load_settings()


def test_production_requires_a_secret_key_and_hosts(clean_env):
    clean_env.setenv("DEBUG", "false")
    with pytest.raises(ImproperlyConfigured, match="SECRET_KEY"):
        load_settings()
    clean_env.setenv("SECRET_KEY", SECRET)
    with pytest.raises(ImproperlyConfigured, match="ALLOWED_HOSTS"):
        load_settings()
    clean_env.setenv("ALLOWED_HOSTS", "participa.gore.cl")
    assert load_settings()["ALLOWED_HOSTS"] == ["participa.gore.cl"]


def test_rate_limits_can_be_switched_off(clean_env):
    assert load_settings()["ACCOUNT_RATE_LIMITS"]["login_failed"] == "10/m/ip,5/5m/key"
    clean_env.setenv("RATE_LIMITS_ENABLED", "false")
    assert load_settings()["ACCOUNT_RATE_LIMITS"] is False


def test_postgresql_connections_are_pooled_or_kept_on_request(clean_env):
    clean_env.setenv("DATABASE_URL", "postgres://cabildo@db/cabildo")
    database = load_settings()["DATABASES"]["default"]
    assert database["CONN_MAX_AGE"] == 0
    assert "pool" not in database.get("OPTIONS", {})
    clean_env.setenv("DATABASE_CONN_MAX_AGE", "60")
    assert load_settings()["DATABASES"]["default"]["CONN_MAX_AGE"] == 60
    clean_env.setenv("DATABASE_POOL", "true")
    database = load_settings()["DATABASES"]["default"]
    assert database["OPTIONS"]["pool"] == {"min_size": 2, "max_size": 20}
    assert database["CONN_MAX_AGE"] == 0  # Django refuses a pool with persistent connections
    clean_env.setenv("DATABASE_POOL", "siempre")
    with pytest.raises(ImproperlyConfigured, match="DATABASE_POOL"):
        load_settings()

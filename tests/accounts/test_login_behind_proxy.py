"""Failed-login limits count each client, not the reverse proxy in front (issue 8).

Behind nginx every request reaches the application from the proxy's address; with
``TRUSTED_PROXY_COUNT=1`` the client is read from the address the proxy appends to
X-Forwarded-For, so one attacker's bad passwords lock out only that attacker.
"""

from django.test import Client

from tests.factories import PASSWORD, UserFactory

PROXY = "127.0.0.1"


def log_in(xff: str, email: str, password: str):
    client = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=xff)
    return client, client.post("/cuenta/login/", {"login": email, "password": password})


def attack(xff: str) -> None:
    # Ten bad passwords a minute, each for another address: the per-IP limit alone.
    for number in range(11):
        log_in(xff, f"nadie{number}@ejemplo.cl", "incorrecta-123")


def test_an_attacker_behind_the_proxy_locks_out_only_themselves(db, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    UserFactory(email="camila@ejemplo.cl")
    attack("203.0.113.66")
    _, refused = log_in("203.0.113.66", "camila@ejemplo.cl", PASSWORD)
    assert refused.status_code == 200  # the attacker's address is limited
    client, response = log_in("198.51.100.7", "camila@ejemplo.cl", PASSWORD)
    assert response.status_code == 302
    assert "_auth_user_id" in client.session


def test_a_forged_header_does_not_escape_the_limit(db, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    UserFactory(email="camila@ejemplo.cl")
    # The attacker writes their own X-Forwarded-For; nginx appends the real address.
    for number in range(11):
        log_in(f"10.0.0.{number}, 203.0.113.66", f"nadie{number}@ejemplo.cl", "incorrecta-123")
    _, refused = log_in("10.9.9.9, 203.0.113.66", "camila@ejemplo.cl", PASSWORD)
    assert refused.status_code == 200


def test_without_the_setting_everyone_behind_the_proxy_shares_one_limit(db, settings):
    # What the setting fixes: the default counts the proxy's address.
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    UserFactory(email="camila@ejemplo.cl")
    attack("203.0.113.66")
    _, response = log_in("198.51.100.7", "camila@ejemplo.cl", PASSWORD)
    assert response.status_code == 200

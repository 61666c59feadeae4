"""Redis stopped while the site runs, then started again: requests keep answering and
writes keep standing while it is down, and the cache works again once it is back. A
hung Redis (accepting connections, never answering) costs a timeout, not the page."""

import time

import pytest
from django.core.cache import cache

from consultations.models import Proposal, Support
from deliberation.models import Comment, RoomEvent
from tests.conftest import client_for
from tests.outage.servers import redis_settings
from tests.outage.site import build_site

RETRY_AFTER = 0.2


@pytest.fixture
def site(db):
    return build_site()


def point_at(settings, url: str) -> None:
    for name, value in redis_settings(url, retry_after=RETRY_AFTER).items():
        setattr(settings, name, value)


def visit_and_act(site, resident, capture, label: str) -> None:
    client = client_for(resident)
    for url in site.pages():
        response = client.get(url)
        if response.streaming:
            b"".join(response.streaming_content)
        assert response.status_code == 200, f"{label}: {url}"
    with capture(execute=True):
        response = client.post(
            f"/conversaciones/{site.discussion.pk}/comentar/", {"body": f"Comentario {label}"}
        )
    assert response.status_code == 302, label
    assert Comment.objects.filter(body__contains=f"Comentario {label}").exists()


def test_the_site_rides_through_a_redis_restart(
    site, resident, other_resident, redis_server, settings, django_capture_on_commit_callbacks
):
    point_at(settings, redis_server.url)
    capture = django_capture_on_commit_callbacks

    # Up: the pages fill the cache.
    visit_and_act(site, resident, capture, "antes")
    cache.set("outage-probe", "antes")
    assert cache.get("outage-probe") == "antes"

    # Down, mid-run: pages answer, writes stand, broadcasts are logged and skipped.
    redis_server.stop()
    visit_and_act(site, resident, capture, "durante")
    with capture(execute=True):
        response = client_for(other_resident).post(f"{site.proposal.get_absolute_url()}apoyar/")
    assert response.status_code == 302
    assert Support.objects.filter(proposal=site.proposal, user=other_resident).exists()
    assert cache.get("outage-probe") is None  # read as a miss
    events_during = RoomEvent.objects.filter(kind="comment.created").count()
    assert events_during == 2  # kept for the clients' catch-up

    # Back (empty, as a restarted Redis without persistence is): the cache works again
    # once the circuit's retry period has passed.
    redis_server.start()
    time.sleep(RETRY_AFTER * 2)
    cache.set("outage-probe", "después")
    assert cache.get("outage-probe") == "después"
    visit_and_act(site, resident, capture, "después")
    with capture(execute=True):
        response = client_for(other_resident).post(
            "/consultas/ciclovias/propuestas/nueva/", {"title": "Después", "body": "Vuelve."}
        )
    assert response.status_code == 302
    assert Proposal.objects.filter(title="Después").exists()


def test_a_hung_redis_costs_a_timeout_not_the_page(site, hung_redis, settings, client):
    point_at(settings, hung_redis.url)
    settings.CACHES["default"]["OPTIONS"]["RETRY_AFTER"] = 30  # one timeout, then skipped
    started = time.monotonic()
    for url in site.pages()[:8]:
        assert client.get(url).status_code == 200, url
    # One read timeout (0.5 s) for the whole run, not one per cache call.
    assert time.monotonic() - started < 3


def test_posting_while_the_channel_layer_hangs_returns_quickly(
    site, resident, hung_redis, settings, django_capture_on_commit_callbacks, caplog
):
    point_at(settings, hung_redis.url)
    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(resident).post(
            f"/conversaciones/{site.discussion.pk}/comentar/", {"body": "Redis colgado"}
        )
    assert response.status_code == 302
    assert Comment.objects.filter(author=resident).exists()
    # The cache's timeout, then the broadcast's bound (rooms.SEND_TIMEOUT, 2 s).
    assert time.monotonic() - started < 4
    assert "not broadcast" in caplog.text

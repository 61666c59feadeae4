"""With Redis unreachable (cache, channel layer and presence), on the configured
database: every main page answers 200, signing in works, and every write stands and is
stored. Only live delivery stops (the broadcast is logged as not sent; the event stays in
the log for catch-up)."""

import time

import pytest
from django.test import Client

from consultations.models import Proposal, Support
from deliberation.models import Comment, CommentVote, RoomEvent
from surveys.models import Response
from tests.conftest import client_for
from tests.deliberation.helpers import JSON
from tests.factories import PASSWORD
from tests.outage.site import build_site
from tests.surveys.factories import valid_post

pytestmark = pytest.mark.usefixtures("redis_down")

PAGES = [
    "home",
    "consultations",
    "consultation",
    "proposals",
    "proposals map",
    "proposal",
    "discussion",
    "consultation results",
    "survey results",
    "open data",
    "proposals CSV",
    "proposals JSON",
    "surveys JSON",
    "API consultations",
    "API proposals",
    "API results",
    "API document",
]


@pytest.fixture
def site(db):
    return build_site()


@pytest.mark.parametrize("page", PAGES)
def test_every_main_page_answers(site, client, page):
    url = site.all_pages()[page]
    started = time.monotonic()
    response = client.get(url)
    if response.streaming:
        b"".join(response.streaming_content)
    assert response.status_code == 200, url
    # A refused connection costs milliseconds; nothing waits for Redis.
    assert time.monotonic() - started < 5


def test_pages_answer_for_a_signed_in_resident(site, resident):
    client = client_for(resident)
    for url in site.pages()[:8]:
        assert client.get(url).status_code == 200, url


def test_signing_in_with_a_password_works(site, client, resident):
    # allauth counts login attempts in the cache (its lock needs cache.add to succeed).
    response = client.post("/cuenta/login/", {"login": resident.email, "password": PASSWORD})
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == resident.pk


def test_a_wrong_password_is_still_refused(site, client, resident):
    response = client.post("/cuenta/login/", {"login": resident.email, "password": "no-es-esta"})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_failed_logins_are_still_limited_in_the_process(site, resident):
    # allauth's limits live in the cache: with Redis down they count in the process's
    # memory, so guessing passwords stays slow (5 per account in 5 minutes).
    client = Client(REMOTE_ADDR="203.0.113.66")
    for _ in range(5):
        client.post("/cuenta/login/", {"login": resident.email, "password": "no-es-esta"})
    response = client.post("/cuenta/login/", {"login": resident.email, "password": PASSWORD})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert "Demasiados intentos" in response.content.decode()


def test_posting_a_comment_is_stored_and_its_event_kept_for_catch_up(
    site, resident, django_capture_on_commit_callbacks, caplog
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(resident).post(
            f"/conversaciones/{site.discussion.pk}/comentar/",
            {"body": "Se publica aunque Redis no esté", "alignment": "favor"},
        )
    assert response.status_code == 302
    comment = Comment.objects.get(author=resident)
    assert "Se publica aunque Redis no esté" in comment.body
    assert RoomEvent.objects.filter(kind="comment.created", subject_id=comment.pk).exists()
    assert "not broadcast" in caplog.text


def test_posting_from_the_page_script_answers_json(
    site, resident, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(resident).post(
            f"/conversaciones/{site.discussion.pk}/comentar/", {"body": "Con JavaScript"}, **JSON
        )
    assert response.status_code == 201
    assert Comment.objects.filter(pk=response.json()["comment"]).exists()


def test_editing_a_comment_is_stored(site, resident, django_capture_on_commit_callbacks):
    client = client_for(resident)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/conversaciones/{site.discussion.pk}/comentar/", {"body": "Primera"})
    comment = Comment.objects.get(author=resident)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/conversaciones/comentarios/{comment.pk}/editar/", {"body": "Segunda versión"}
        )
    assert response.status_code == 302
    comment.refresh_from_db()
    assert "Segunda versión" in comment.body
    assert comment.edited_at is not None


def test_voting_on_a_comment_is_stored(site, resident, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(resident).post(
            f"/conversaciones/comentarios/{site.comment.pk}/votar/", {"value": "up"}
        )
    assert response.status_code == 302
    assert CommentVote.objects.filter(comment=site.comment, voter=resident, value=1).exists()


def test_supporting_a_proposal_is_stored(site, resident, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(resident).post(f"{site.proposal.get_absolute_url()}apoyar/")
    assert response.status_code == 302
    assert Support.objects.filter(proposal=site.proposal, user=resident).exists()
    site.proposal.refresh_from_db()
    assert site.proposal.support_count == 2


def test_creating_a_proposal_is_stored(site, resident, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(resident).post(
            "/consultas/ciclovias/propuestas/nueva/",
            {"title": "Estacionamientos de bicicletas", "body": "En cada estación."},
        )
    assert response.status_code == 302
    proposal = Proposal.objects.get(author=resident)
    assert response.url == proposal.get_absolute_url()
    # The list counts it at once (the counts cache is skipped, not stale).
    listing = client_for(resident).get("/consultas/ciclovias/propuestas/")
    assert "Estacionamientos de bicicletas" in listing.content.decode()


def test_answering_a_survey_is_stored(site, resident, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(resident).post(
            "/consultas/ciclovias/encuesta/", valid_post(site.survey)
        )
    assert response.status_code == 302
    assert Response.objects.filter(survey=site.survey, respondent=resident).exists()


def test_rate_limits_still_stop_a_flood_counted_in_the_process(
    site, resident, settings, django_capture_on_commit_callbacks
):
    settings.CABILDO_RATE_LIMITS = {**settings.CABILDO_RATE_LIMITS, "comment": "2/m"}
    client = client_for(resident)
    url = f"/conversaciones/{site.discussion.pk}/comentar/"
    statuses = []
    for number in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            statuses.append(client.post(url, {"body": f"Comentario {number}"}).status_code)
    assert statuses == [302, 302, 429]
    assert Comment.objects.filter(author=resident).count() == 2

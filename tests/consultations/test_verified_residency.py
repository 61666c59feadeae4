"""A consultation for verified residents reads the comuna the official verified
(``User.verified_comuna``), not the profile comuna the person may change at will
(issue 9, item 5; rules.verified_refusal): said on the consultation page and enforced for
proposals, supports, comments and survey answers."""

import pytest
from django.contrib.messages import get_messages

from accounts.models import Comuna
from consultations.models import Consultation, Proposal, Support
from deliberation.models import Comment, Discussion
from surveys.models import Response
from tests.conftest import client_for
from tests.consultations import test_participation_rule as participation
from tests.consultations.factories import ProposalFactory
from tests.surveys.factories import make_survey, valid_post

URL, person = participation.URL, participation.person
rural = participation.rural  # «Transporte público rural» (a fixture)
# Verified and living in Quilpué, outside the territory.
VERIFIED_OUTSIDER = participation.VERIFIED_OUTSIDER

QUILPUE, OLMUE, CATEMU = "05801", "05803", "05702"
TERRITORY = "Catemu, Olmué, Petorca o Putaendo"

# Verified in Quilpué, then typed Olmué in the profile: the gap this file closes.
MOVED_IN = (
    f"Esta consulta es para residentes verificados de {TERRITORY}. Tu residencia está "
    "verificada en Quilpué y tu perfil dice que ahora vives en Olmué: para participar, pide "
    "una nueva verificación con tu cédula en una oficina del Gobierno Regional."
)
# Verified in Olmué, then typed Quilpué in the profile.
MOVED_OUT = (
    f"Esta consulta es para residentes verificados de {TERRITORY}. Tu residencia está "
    "verificada en Olmué, pero tu perfil dice que ahora vives en Quilpué. Si sigues viviendo "
    "en Olmué, corrige la comuna en tu perfil."
)
NO_VERIFIED_COMUNA = (
    f"Esta consulta es para residentes verificados de {TERRITORY}, y tu verificación no "
    "registra tu comuna. Pide una nueva verificación con tu cédula en una oficina del "
    "Gobierno Regional."
)


def verified(where: str | None, *, lives_in: str | bool | None = False, **fields):
    """A person verified in ``where`` whose profile now says ``lives_in`` (the same comuna
    unless given; None: no comuna)."""
    user = person(where, verified=True, **fields)
    if lives_in is not False:
        user.comuna = Comuna.objects.get(pk=lives_in) if lives_in else None
        user.save(update_fields=["comuna"])
    return user


def page(user) -> str:
    return client_for(user).get(URL).content.decode()


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


# --- The consultation page says it before anyone writes -----------------------------------


def test_everyone_reads_that_the_verified_comuna_counts(client, rural):
    assert (
        f"Residentes verificados de {TERRITORY}: cuenta la comuna donde se verificó su "
        "residencia (con la cédula, en una oficina del Gobierno Regional), no la que diga su "
        "perfil."
    ) in client.get(URL).content.decode()


def test_a_person_verified_in_quilpue_who_now_declares_olmue_is_asked_to_verify_again(rural):
    html = page(verified(QUILPUE, lives_in=OLMUE))
    assert MOVED_IN in html
    assert "puedes participar" not in html
    assert "/propuestas/nueva/" not in html


def test_a_person_verified_outside_is_told_where_they_were_verified(rural):
    html = page(verified(QUILPUE))
    assert VERIFIED_OUTSIDER in html
    assert 'href="/cuenta/perfil/">Ir a mi perfil</a>' in html


def test_a_person_verified_inside_who_now_declares_quilpue_is_told_to_fix_it(rural):
    assert MOVED_OUT in page(verified(OLMUE, lives_in=QUILPUE))


def test_a_person_verified_in_olmue_takes_part(rural):
    html = page(verified(OLMUE))
    assert "Tu residencia está verificada en Olmué: puedes participar." in html
    assert 'href="/consultas/rural/propuestas/nueva/"' in html


@pytest.mark.parametrize("lives_in", [CATEMU, None], ids=["moved-within", "no-comuna"])
def test_a_move_within_the_territory_or_a_cleared_comuna_keeps_the_verification(rural, lives_in):
    html = page(verified(OLMUE, lives_in=lives_in))
    assert "Tu residencia está verificada en Olmué: puedes participar." in html


def test_a_verification_without_a_comuna_asks_for_a_new_one(rural):
    # Verified before the comuna was recorded, with no comuna in the profile then (the
    # data migration had nothing to copy), or ticked in the admin.
    assert NO_VERIFIED_COMUNA in page(verified(None, lives_in=OLMUE))


def test_a_declared_comuna_rule_still_reads_the_profile(rural):
    Consultation.objects.filter(pk=rural.pk).update(residency_rule=Consultation.Residency.DECLARED)
    html = page(verified(QUILPUE, lives_in=OLMUE))
    assert "Tu perfil indica que vives en Olmué: puedes participar." in html


def test_the_page_queries_stay_constant_for_a_person_who_moved(
    rural, django_assert_max_num_queries
):
    client = client_for(verified(QUILPUE, lives_in=OLMUE))
    # The same thirteen as any consultation page (test_participation_rule.py): the rule
    # reads the person's two comuna codes and names them from the data file.
    with django_assert_max_num_queries(13):
        assert client.get(URL).status_code == 200


# --- Enforced by the actions, through their pages -------------------------------------------


@pytest.mark.parametrize(
    ("where", "lives_in", "refusal"),
    [(QUILPUE, OLMUE, MOVED_IN), (QUILPUE, False, VERIFIED_OUTSIDER), (OLMUE, QUILPUE, MOVED_OUT)],
    ids=["moved-in", "outside", "moved-out"],
)
def test_a_proposal_needs_the_verified_comuna_in_the_territory(rural, where, lives_in, refusal):
    data = {"title": "Buses de noche", "body": "Hasta las 23:00."}
    response = client_for(verified(where, lives_in=lives_in)).post(f"{URL}propuestas/nueva/", data)
    assert response.status_code == 400
    html = response.content.decode()
    assert refusal in html
    assert 'value="Buses de noche"' in html  # nothing typed is lost
    assert not Proposal.objects.exists()

    # The same proposal from a person verified in Olmué goes through.
    response = client_for(verified(OLMUE)).post(f"{URL}propuestas/nueva/", data)
    assert response.status_code == 302
    assert Proposal.objects.count() == 1


def test_a_support_needs_the_verified_comuna_in_the_territory(rural):
    proposal = ProposalFactory(consultation=rural)
    support = f"{URL}propuestas/{proposal.pk}/apoyar/"
    response = client_for(verified(QUILPUE, lives_in=OLMUE)).post(support)
    assert response.status_code == 302
    assert messages_of(response) == [MOVED_IN]
    assert not Support.objects.exists()

    response = client_for(verified(OLMUE, lives_in=CATEMU)).post(support)
    assert messages_of(response) == [f"Apoyaste «{proposal.title}»."]
    assert Support.objects.count() == 1


def test_a_comment_needs_the_verified_comuna_in_the_territory(rural):
    proposal = ProposalFactory(consultation=rural)
    discussion = Discussion.objects.get(object_id=proposal.pk, content_type__model="proposal")
    comment = f"/conversaciones/{discussion.pk}/comentar/"
    data = {"body": "Los buses no llegan a Olmué.", "alignment": "favor"}
    response = client_for(verified(QUILPUE, lives_in=OLMUE)).post(comment, data)
    assert MOVED_IN in response.content.decode()
    assert not Comment.objects.exists()

    response = client_for(verified(OLMUE)).post(comment, data)
    assert response.status_code == 302
    assert Comment.objects.count() == 1


def test_a_survey_answer_needs_the_verified_comuna_in_the_territory(rural):
    survey = make_survey(rural)
    answer = f"{URL}encuesta/"
    moved = client_for(verified(QUILPUE, lives_in=OLMUE))
    html = moved.get(answer).content.decode()
    assert MOVED_IN in html
    # Her profile says where she is verified and how to verify the new comuna.
    assert '<a href="/cuenta/perfil/">Ir a mi perfil</a>' in html
    response = moved.post(answer, valid_post(survey))
    assert response.status_code == 403
    assert MOVED_IN in response.content.decode()
    assert not Response.objects.exists()

    response = client_for(verified(OLMUE)).post(answer, valid_post(survey))
    assert response.status_code == 302
    assert Response.objects.count() == 1

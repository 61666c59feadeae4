"""consultations.views.create_proposal and actions.check_create_proposal:
/consultas/<slug>/propuestas/nueva/."""

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.utils import timezone

from consultations.actions import check_create_proposal
from consultations.models import Phase, Proposal
from tests.conftest import client_for
from tests.consultations.factories import ConsultationFactory, consultation_in

URL = "/consultas/parques/propuestas/nueva/"
VALID = {
    "title": "Un parque en el cerro Barón",
    "body": "Con árboles nativos y juegos.",
    "topics": ["areas-verdes"],
    "comuna": "05101",
    "latitude": "-33.0392",
    "longitude": "-71.6072",
}


def test_resident_sees_the_form(resident_client, proposals_consultation):
    response = resident_client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Escribe tu propuesta" in html
    assert 'name="title"' in html
    # The limit feeds the counter; no maxlength cuts a paste (issue 9).
    assert 'data-limit="150"' in html
    assert "maxlength" not in html
    assert 'value="areas-verdes"' in html  # the consultation's topics as choices
    assert 'name="latitude"' in html


def test_resident_publishes_a_located_proposal(resident, resident_client, proposals_consultation):
    response = resident_client.post(URL, VALID)
    proposal = Proposal.objects.get()
    assert response.status_code == 302
    assert response.url == proposal.get_absolute_url()
    assert proposal.author == resident
    assert proposal.title == "Un parque en el cerro Barón"
    assert proposal.body == "<p>Con árboles nativos y juegos.</p>"
    assert [t.slug for t in proposal.topics.all()] == ["areas-verdes"]
    assert proposal.comuna_id == "05101"
    assert (proposal.latitude, proposal.longitude) == (-33.0392, -71.6072)
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Publicaste tu propuesta. ¡Gracias por participar!"
    ]


def test_only_title_and_body_are_required(resident_client, proposals_consultation):
    response = resident_client.post(URL, {"title": "Idea", "body": "Texto"})
    assert response.status_code == 302
    proposal = Proposal.objects.get()
    assert proposal.comuna is None
    assert not proposal.has_point


def test_typed_html_is_shown_as_text(resident_client, proposals_consultation):
    body = '<p onclick="x()">Hola <b>mundo</b></p><script>alert(1)</script>'
    response = resident_client.post(URL, {"title": "Con HTML", "body": body})
    assert response.status_code == 302
    proposal = Proposal.objects.get()
    assert proposal.body_source == body
    assert "<script" not in proposal.body
    assert "<b>" not in proposal.body
    assert "&lt;b&gt;mundo&lt;/b&gt;" in proposal.body


def test_markdown_formats_the_body(resident_client, proposals_consultation):
    body = "Ver [el sitio](https://gore.cl) y *esto*\n\n- uno"
    resident_client.post(URL, {"title": "Con enlace", "body": body})
    assert Proposal.objects.get().body == (
        '<p>Ver <a href="https://gore.cl" rel="nofollow ugc">el sitio</a> y <em>esto</em></p>'
        "<ul><li>uno</li></ul>"
    )


def test_a_too_long_title_is_refused_and_nothing_is_lost(resident_client, proposals_consultation):
    data = {**VALID, "title": "x" * 151}
    response = resident_client.post(URL, data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "El título tiene 151 caracteres; el máximo es 150. Acórtalo un poco." in html
    assert 'value="' + "x" * 151 + '"' in html
    assert "Con árboles nativos y juegos." in html
    assert 'value="-33.0392"' in html
    assert 'value="areas-verdes" checked' in html or "checked" in html
    assert "no se perdió nada" in html
    assert Proposal.objects.count() == 0
    # The same request with a shorter title works: the refusal was about its length.
    assert resident_client.post(URL, {**data, "title": "x" * 150}).status_code == 302


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"title": "", "body": "Texto"}, "Escribe un título para tu propuesta."),
        ({"title": "Idea", "body": ""}, "Describe tu propuesta."),
        (
            {"title": "Idea", "body": "Texto", "latitude": "-33.0"},
            "Para marcar un punto escribe la latitud y la longitud, o deja ambas vacías.",
        ),
        (
            {"title": "Idea", "body": "Texto", "latitude": "33.0", "longitude": "-71.6"},
            "El punto debe estar en Chile",
        ),
        (
            {"title": "Idea", "body": "Texto", "latitude": "abc", "longitude": "-71.6"},
            "Escribe la latitud como número",
        ),
        ({"title": "Idea", "body": "Texto", "comuna": "13101"}, "Elige una opción válida"),
        ({"title": "Idea", "body": "Texto", "topics": ["inventado"]}, "Elige temas de la lista."),
    ],
)
def test_bad_input_is_explained_in_spanish(resident_client, proposals_consultation, data, message):
    response = resident_client.post(URL, data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Proposal.objects.count() == 0


def test_closed_proposals_phase_refuses_and_keeps_the_text(resident_client, proposals_consultation):
    phase = proposals_consultation.phases.get(kind=Phase.Kind.PROPOSALS)
    phase.closed_at = timezone.now()
    phase.save()
    response = resident_client.post(URL, VALID)
    assert response.status_code == 400
    html = response.content.decode()
    assert "La fase de propuestas está cerrada: ya no se reciben propuestas." in html
    assert "Con árboles nativos y juegos." in html
    assert Proposal.objects.count() == 0
    # Reopened, the same request goes through.
    phase.closed_at = None
    phase.save()
    assert resident_client.post(URL, VALID).status_code == 302


def test_get_before_the_phase_starts_says_when(resident_client, db):
    consultation_in(upcoming=(Phase.Kind.PROPOSALS,), slug="futura")
    html = resident_client.get("/consultas/futura/propuestas/nueva/").content.decode()
    assert "La fase de propuestas comienza el" in html


def test_verified_residence_is_required_when_the_consultation_asks(
    resident_client, verified_resident, proposals_consultation
):
    proposals_consultation.residency_rule = "verified"
    proposals_consultation.save()
    response = resident_client.post(URL, VALID)
    assert response.status_code == 400
    assert (
        "Esta consulta es para residentes verificados de la Región de Valparaíso."
        in response.content.decode()
    )
    assert client_for(verified_resident).post(URL, VALID).status_code == 302


def test_anonymous_visitor_is_sent_to_login(client, proposals_consultation):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url == f"/cuenta/login/?next={URL}"
    assert client.post(URL, VALID).status_code == 302
    assert Proposal.objects.count() == 0


def test_draft_consultation_is_not_found(resident_client, db):
    ConsultationFactory(slug="borrador", status="draft")
    assert resident_client.get("/consultas/borrador/propuestas/nueva/").status_code == 404


@pytest.mark.parametrize("method", ["put", "delete", "patch"])
def test_form_refuses_other_methods(resident_client, proposals_consultation, method):
    assert getattr(resident_client, method)(URL).status_code == 405


def test_action_refuses_outside_the_phase(resident, supports_consultation):
    phase = supports_consultation.phases.get(kind=Phase.Kind.PROPOSALS)
    phase.ends_at = timezone.now() - timezone.timedelta(minutes=1)
    phase.starts_at = timezone.now() - timezone.timedelta(days=3)
    phase.save()
    supports_consultation.refresh_from_db()
    with pytest.raises(ValidationError, match="La fase de propuestas está cerrada"):
        check_create_proposal(
            resident, consultation=supports_consultation, title="Tarde", body="Texto"
        )

"""A proposal's place (issue 9, item 4): its map point lies in the consultation's territory
and in the chosen comuna, or gives the proposal its comuna (``rules.placement``, applied
by ``ProposalForm`` and by ``check_create_proposal`` / ``check_edit_proposal``)."""

import re
from html import unescape

import pytest
from django.core.exceptions import ValidationError

from accounts.models import Comuna
from consultations.actions import check_create_proposal, check_edit_proposal
from consultations.models import Phase, Proposal
from tests.conftest import client_for
from tests.consultations.factories import ProposalFactory, consultation_in

QUILPUE = ("-33.0500", "-71.4400")  # 05801
SAN_ANTONIO = ("-33.5935", "-71.6200")  # 05601
SANTIAGO = ("-33.4500", "-70.6600")  # 13101, Región Metropolitana
OFF_VINA = ("-33.0100", "-71.5600")  # the sea, about 400 m off Viña del Mar's coast
MID_PACIFIC = ("-33.0000", "-75.0000")  # the sea, far from any comuna


@pytest.fixture
def san_antonio(db, division):
    """A consultation on the comuna of San Antonio alone, in its proposals phase."""
    consultation = consultation_in(
        Phase.Kind.PROPOSALS,
        slug="puerto",
        title="Borde costero de San Antonio",
        whole_region=False,
        division=division,
    )
    consultation.comunas.set(["05601"])
    return consultation


@pytest.fixture
def region(db, division):
    """A consultation on the whole region (Valparaíso), in its proposals phase."""
    return consultation_in(Phase.Kind.PROPOSALS, slug="region", division=division)


def post(client, consultation, point=None, comuna=""):
    data = {"title": "Mirador en la costanera", "body": "Bancas y sombra.", "comuna": comuna}
    if point:
        data["latitude"], data["longitude"] = point
    return client.post(f"/consultas/{consultation.slug}/propuestas/nueva/", data)


def field_errors(response, name: str) -> list[str]:
    """The messages tied to a field (its ``aria-describedby`` error list)."""
    html = response.content.decode()
    found = re.search(rf'<ul class="errorlist" id="id_{name}_error">(.*?)</ul>', html, re.S)
    return [unescape(m) for m in re.findall(r"<li>(.*?)</li>", found.group(1))] if found else []


def test_a_point_in_another_comuna_names_it_and_keeps_the_text(resident_client, san_antonio):
    response = post(resident_client, san_antonio, QUILPUE)
    assert response.status_code == 400
    assert field_errors(response, "latitude") == [
        "El punto está en Quilpué, fuera del territorio de esta consulta (San Antonio)."
    ]
    form = response.context["form"]
    assert form["title"].value() == "Mirador en la costanera"
    assert form["body"].value() == "Bancas y sombra."
    assert (form["latitude"].value(), form["longitude"].value()) == QUILPUE
    assert not Proposal.objects.exists()
    # The same proposal with a point inside the territory goes through.
    assert post(resident_client, san_antonio, SAN_ANTONIO).status_code == 302
    assert Proposal.objects.get().comuna_id == "05601"


def test_a_point_in_santiago_is_refused_with_its_region(resident_client, region):
    response = post(resident_client, region, SANTIAGO, comuna="05201")  # "Isla de Pascua"
    assert response.status_code == 400
    assert field_errors(response, "latitude") == [
        "El punto está en Santiago (Metropolitana de Santiago), fuera del territorio de esta "
        "consulta (la Región de Valparaíso)."
    ]
    assert not Proposal.objects.exists()


def test_a_point_outside_the_chosen_comuna_is_refused(resident_client, region):
    response = post(resident_client, region, QUILPUE, comuna="05201")
    assert response.status_code == 400
    assert field_errors(response, "latitude") == [
        "El punto está en Quilpué, no en Isla de Pascua: mueve el punto o elige Quilpué como "
        "comuna."
    ]
    assert response.context["form"]["comuna"].value() == "05201"
    assert post(resident_client, region, QUILPUE, comuna="05801").status_code == 302


def test_a_point_just_off_the_coast_says_it_is_at_sea(resident_client, region):
    response = post(resident_client, region, OFF_VINA)
    assert response.status_code == 400
    assert field_errors(response, "latitude") == [
        "El punto está en el mar, a unos 410 m de la costa de Viña del Mar: márcalo en tierra."
    ]


def test_a_point_far_out_at_sea_is_in_no_comuna(resident_client, region):
    response = post(resident_client, region, MID_PACIFIC)
    assert field_errors(response, "latitude") == [
        "El punto no está en ninguna comuna de Chile: revisa la latitud y la longitud."
    ]


def test_without_a_comuna_the_point_gives_it(resident_client, region):
    response = post(resident_client, region, QUILPUE)
    assert response.status_code == 302
    proposal = Proposal.objects.get()
    assert proposal.comuna_id == "05801"
    assert proposal.place_label == "Quilpué (Valparaíso)"


def test_a_comuna_without_a_point_is_still_offered_only_inside(resident_client, san_antonio):
    response = post(resident_client, san_antonio, comuna="05801")
    assert response.status_code == 400
    assert not Proposal.objects.exists()


# --- The actions answer the same, whoever calls them (the API, a script) -----------------


def test_the_create_action_refuses_a_point_outside(resident, san_antonio):
    with pytest.raises(ValidationError) as refused:
        check_create_proposal(
            resident,
            consultation=san_antonio,
            title="Idea",
            body="Texto",
            latitude=-33.05,
            longitude=-71.44,
        )
    assert refused.value.message_dict == {
        "latitude": [
            "El punto está en Quilpué, fuera del territorio de esta consulta (San Antonio)."
        ]
    }
    assert not Proposal.objects.exists()


def test_the_create_action_refuses_a_comuna_outside(resident, san_antonio):
    with pytest.raises(ValidationError) as refused:
        check_create_proposal(
            resident,
            consultation=san_antonio,
            title="Idea",
            body="Texto",
            comuna=Comuna.objects.get(pk="05801"),
        )
    assert refused.value.message_dict == {
        "comuna": ["Quilpué no está en el territorio de esta consulta (San Antonio)."]
    }


def test_the_create_action_derives_the_comuna(resident, san_antonio):
    proposal = check_create_proposal(
        resident,
        consultation=san_antonio,
        title="Idea",
        body="Texto",
        latitude=-33.5935,
        longitude=-71.62,
    )
    assert proposal.comuna_id == "05601"


def test_the_edit_action_refuses_a_point_outside(other_resident, san_antonio):
    proposal = ProposalFactory(consultation=san_antonio, author=other_resident)
    with pytest.raises(ValidationError) as refused:
        check_edit_proposal(
            other_resident,
            proposal=proposal,
            title="Idea",
            body="Texto",
            latitude=-33.05,
            longitude=-71.44,
        )
    assert "latitude" in refused.value.message_dict
    proposal.refresh_from_db()
    assert proposal.latitude is None


def test_editing_to_a_point_outside_is_refused_on_the_page(other_resident, san_antonio):
    proposal = ProposalFactory(consultation=san_antonio, author=other_resident)
    client = client_for(other_resident)
    data = {"title": "Nuevo título", "body": "Texto", "comuna": ""}
    data["latitude"], data["longitude"] = QUILPUE
    response = client.post(f"{proposal.get_absolute_url()}editar/", data)
    assert response.status_code == 400
    assert field_errors(response, "latitude") == [
        "El punto está en Quilpué, fuera del territorio de esta consulta (San Antonio)."
    ]
    assert response.context["form"]["title"].value() == "Nuevo título"
    data["latitude"], data["longitude"] = SAN_ANTONIO
    assert client.post(f"{proposal.get_absolute_url()}editar/", data).status_code == 302
    proposal.refresh_from_db()
    assert (proposal.title, proposal.comuna_id) == ("Nuevo título", "05601")


def test_anonymous_visitor_cannot_place_anything(client, san_antonio):
    response = post(client, san_antonio, SAN_ANTONIO)
    assert response.status_code == 302
    assert "/cuenta/" in response.url
    assert not Proposal.objects.exists()

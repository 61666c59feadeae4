"""Who may take part in a consultation (issue 9, item 5): ``Consultation.residency_rule``
(anyone, declared comuna, verified residents of its territory), said on its page before
anyone writes and enforced for proposals, supports, comments and survey answers."""

import json

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.models import Comuna
from consultations.actions import check_create_proposal, check_support_proposal
from consultations.models import Consultation, Phase, Proposal, Support
from deliberation.registry import policy_for
from surveys.rules import answering_refusal
from tests.conftest import client_for
from tests.consultations.factories import ProposalFactory, consultation_in
from tests.consultations.test_consultation_editor import CREATE, VALID
from tests.factories import UserFactory
from tests.surveys.factories import make_survey

URL = "/consultas/rural/"
RURAL = ["05702", "05803", "05404", "05705"]  # Catemu, Olmué, Petorca, Putaendo
# What counts is the comuna where the residence was verified (test_verified_residency.py).
VERIFIED_OUTSIDER = (
    "Esta consulta es para residentes verificados de Catemu, Olmué, Petorca o Putaendo, y tu "
    "residencia está verificada en Quilpué. Si ahora vives en Catemu, Olmué, Petorca o "
    "Putaendo, indica tu comuna en tu perfil y pide una nueva verificación en una oficina "
    "del Gobierno Regional."
)


@pytest.fixture
def rural(db, division):
    """«Transporte público rural»: its four comunas' verified residents take part."""
    consultation = consultation_in(
        Phase.Kind.PROPOSALS,
        Phase.Kind.SUPPORTS,
        Phase.Kind.DELIBERATION,
        slug="rural",
        title="Transporte público rural",
        whole_region=False,
        residency_rule=Consultation.Residency.VERIFIED,
        division=division,
    )
    consultation.comunas.set(RURAL)
    return Consultation.objects.get(pk=consultation.pk)


def rut(number: int) -> str:
    """A valid RUT ("12345678-5") for ``number`` (modulo 11 check digit)."""
    total, factor = 0, 2
    for digit in reversed(str(number)):
        total += int(digit) * factor
        factor = 2 if factor == 7 else factor + 1
    check = 11 - total % 11
    return f"{number}-{ {10: 'K', 11: '0'}.get(check, str(check)) }".replace(" ", "")


_ruts = iter(range(20_000_000, 20_001_000))


def person(comuna: str | None, *, verified: bool, **fields):
    extra = {"rut": rut(next(_ruts)), "is_verified_resident": True, "verified_at": timezone.now()}
    return UserFactory(
        comuna=Comuna.objects.get(pk=comuna) if comuna else None,
        **(extra if verified else {}),
        **fields,
    )


def test_a_verified_quilpue_resident_is_told_they_cannot_take_part(rural):
    quilpue = person("05801", verified=True)
    html = client_for(quilpue).get(URL).content.decode()
    assert "puedes participar" not in html
    assert "te permite participar" not in html
    assert VERIFIED_OUTSIDER in html
    assert 'href="/cuenta/perfil/">Ir a mi perfil</a>' in html
    assert "/propuestas/nueva/" not in html


def test_a_verified_olmue_resident_is_told_they_can(rural):
    olmue = person("05803", verified=True)
    html = client_for(olmue).get(URL).content.decode()
    assert "Tu residencia está verificada en Olmué: puedes participar." in html
    assert 'href="/consultas/rural/propuestas/nueva/"' in html


def test_anyone_reads_the_rule_before_writing(client, rural):
    html = client.get(URL).content.decode()
    assert (
        "Residentes verificados de Catemu, Olmué, Petorca o Putaendo: cuenta la comuna donde se "
        "verificó su residencia (con la cédula, en una oficina del Gobierno Regional), no la "
        "que diga su perfil."
    ) in html


def test_an_unverified_resident_of_the_territory_is_asked_to_verify(rural):
    html = client_for(person("05803", verified=False)).get(URL).content.decode()
    assert (
        "Esta consulta es para residentes verificados de Catemu, Olmué, Petorca o Putaendo. "
        "Agrega tu RUT en tu perfil"
    ) in html


def test_the_page_queries_stay_constant(rural, django_assert_max_num_queries):
    client = client_for(person("05801", verified=True))
    # The same thirteen as any consultation page: the rule reads the prefetched comunas
    # and the person's comuna code, and names comunas from the data file.
    with django_assert_max_num_queries(13):
        assert client.get(URL).status_code == 200


# --- Enforced by the actions, for every kind of participation ------------------------------


def test_proposals_are_refused_outside_the_territory(rural):
    quilpue = person("05801", verified=True)
    response = client_for(quilpue).post(
        f"{URL}propuestas/nueva/", {"title": "Buses de noche", "body": "Hasta las 23:00."}
    )
    assert response.status_code == 400
    assert VERIFIED_OUTSIDER in response.content.decode()
    with pytest.raises(ValidationError) as refused:
        check_create_proposal(quilpue, consultation=rural, title="Idea", body="Texto")
    assert refused.value.messages == [VERIFIED_OUTSIDER]
    assert not Proposal.objects.exists()
    olmue = person("05803", verified=True)
    check_create_proposal(olmue, consultation=rural, title="Idea", body="Texto")
    assert Proposal.objects.count() == 1


def test_supports_are_refused_outside_the_territory(rural):
    proposal = ProposalFactory(consultation=rural)
    quilpue = person("05801", verified=True)
    with pytest.raises(ValidationError) as refused:
        check_support_proposal(quilpue, proposal=proposal)
    assert refused.value.messages == [VERIFIED_OUTSIDER]
    check_support_proposal(person("05705", verified=True), proposal=proposal)
    assert Support.objects.count() == 1


def test_comments_are_refused_outside_the_territory(rural):
    proposal = ProposalFactory(consultation=rural)
    quilpue = person("05801", verified=True)
    for owner in (rural, proposal):
        refusal = policy_for(owner).comment_refusal(quilpue, owner)
        assert str(refusal) == VERIFIED_OUTSIDER
        assert policy_for(owner).comment_refusal(person("05404", verified=True), owner) is None


def test_survey_answers_are_refused_outside_the_territory(rural):
    survey = make_survey(rural)
    refusal = answering_refusal(person("05801", verified=True), survey)
    assert refusal is not None
    assert refusal.messages == [VERIFIED_OUTSIDER]
    assert answering_refusal(person("05702", verified=True), survey) is None


# --- Declared comuna -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("comuna", "refusal"),
    [
        ("05803", None),
        (
            "05801",
            "Esta consulta es para quienes viven en Catemu, Olmué, Petorca o Putaendo, y tu "
            "perfil dice que vives en Quilpué.",
        ),
        (
            None,
            "Esta consulta es para quienes viven en Catemu, Olmué, Petorca o Putaendo. Indica "
            "tu comuna en tu perfil para participar.",
        ),
    ],
)
def test_a_declared_comuna_rule_reads_the_profile(rural, comuna, refusal):
    Consultation.objects.filter(pk=rural.pk).update(residency_rule=Consultation.Residency.DECLARED)
    html = client_for(person(comuna, verified=False)).get(URL).content.decode()
    assert (
        "Quienes viven en Catemu, Olmué, Petorca o Putaendo, según la comuna de su perfil." in html
    )
    if refusal is None:
        assert "Tu perfil indica que vives en Olmué: puedes participar." in html
    else:
        assert refusal in html


def test_a_whole_region_rule_takes_any_comuna_of_the_region(db, division):
    consultation = consultation_in(
        Phase.Kind.PROPOSALS, slug="region", residency_rule=Consultation.Residency.DECLARED
    )
    viña = person("05109", verified=False)
    check_create_proposal(viña, consultation=consultation, title="Idea", body="Texto")
    santiago = person("13101", verified=False)
    with pytest.raises(ValidationError) as refused:
        check_create_proposal(santiago, consultation=consultation, title="Idea", body="Texto")
    assert refused.value.messages == [
        "Esta consulta es para quienes viven en la Región de Valparaíso, y tu perfil dice que "
        "vives en Santiago. Si vives en otra comuna, actualízala en tu perfil."
    ]


# --- Open data -----------------------------------------------------------------------------


def test_open_data_publishes_the_rule(client, rural):
    items = json.loads(b"".join(client.get("/datos/consultas.json").streaming_content))["items"]
    (item,) = [item for item in items if item["slug"] == "rural"]
    assert item["residency_rule"] == "verified"
    assert item["requires_verified_resident"] is True
    csv = b"".join(client.get("/datos/consultas.csv").streaming_content).decode("utf-8-sig")
    header, row = csv.splitlines()[:2]
    columns = header.split(",")
    assert row.split(",")[columns.index("residency_rule")] == "verified"


# --- The editor ----------------------------------------------------------------------------


def test_the_editor_offers_the_rule_and_saves_it(official_client):
    html = official_client.get(CREATE).content.decode()
    assert "<legend>Quién puede participar:</legend>" in html
    assert 'name="residency_rule" value="anyone"' in html
    assert official_client.post(CREATE, {**VALID, "residency_rule": "declared"}).status_code == 302
    assert Consultation.objects.get().residency_rule == Consultation.Residency.DECLARED


def test_the_editor_refuses_an_unknown_rule_and_keeps_the_rest(official_client):
    response = official_client.post(CREATE, {**VALID, "residency_rule": "vecinos"})
    assert response.status_code == 400
    assert "Elige una opción válida. vecinos no está entre las opciones disponibles." in (
        response.content.decode()
    )
    assert response.context["form"]["title"].value() == VALID["title"]
    assert not Consultation.objects.exists()


def test_an_editor_form_without_the_rule_means_anyone(official_client):
    data = {key: value for key, value in VALID.items() if key != "residency_rule"}
    assert official_client.post(CREATE, data).status_code == 302
    assert Consultation.objects.get().residency_rule == Consultation.Residency.ANYONE

"""The consultation editor: consultations.views.create_consultation (/consultas/nueva/),
edit_consultation (/consultas/<slug>/editar/) and publish_consultation
(/consultas/<slug>/publicar/), with actions.check_create_consultation,
check_edit_consultation and check_publish_consultation."""

import io
import re
from datetime import datetime, timedelta

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from consultations import actions
from consultations.actions import (
    check_create_consultation,
    check_edit_consultation,
    check_publish_consultation,
)
from consultations.forms import ConsultationInput, PhaseDates
from consultations.models import Consultation, Phase
from planning.models import PlanningInstrument
from tests.conftest import client_for, login_next, with_totp
from tests.consultations.factories import (
    ConsultationFactory,
    PhaseFactory,
    ProposalFactory,
    SupportFactory,
    consultation_in,
)
from tests.factories import DivisionFactory, UserFactory

CREATE = "/consultas/nueva/"
VALID = {
    "title": "Parques  urbanos para Valparaíso",
    "slug": "",
    "summary": "Queremos saber qué parques necesita tu barrio.",
    "body": "Primer párrafo.\n\nSegundo párrafo.",
    "image_alt": "",
    "whole_region": "",
    "comunas": ["05101", "05109"],
    "topics": ["areas-verdes", "deporte"],  # curated topics, by slug
    "planning_instrument": "",
    "residency_rule": "verified",
    "edit_window_minutes": "30",
    "support_limit": "3",
    "support_threshold": "50",
    "fase-proposals-starts_at": "2030-03-02T09:00",
    "fase-proposals-ends_at": "2030-03-31T18:00",
    "fase-supports-starts_at": "2030-03-15T09:00",
    "fase-supports-ends_at": "",
}


def checked_topics(html: str) -> set[str]:
    """The slugs of the topic checkboxes that are checked."""
    return set(re.findall(r'name="topics" value="([^"]+)"[^>]*\bchecked\b', html))


def local(text: str) -> datetime:
    """A datetime-local value as the aware datetime it means (America/Santiago)."""
    return timezone.make_aware(datetime.fromisoformat(text))


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def png(name: str = "plaza.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "green").save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def other_official():
    return with_totp(UserFactory(is_official=True, division=DivisionFactory(name="Otra")))


@pytest.fixture
def draft(db, division):
    """A draft of the ``official``'s division, in its proposals phase, with an upcoming
    supports phase."""
    consultation = consultation_in(
        Phase.Kind.PROPOSALS,
        upcoming=(Phase.Kind.SUPPORTS,),
        title="Ciclovías regionales",
        slug="ciclovias",
        division=division,
        status=Consultation.Status.DRAFT,
        topics=["Movilidad", "Seguridad"],
    )
    return Consultation.objects.get(pk=consultation.pk)


def edit_data(consultation: Consultation, **changes) -> dict:
    """What the edit page's form posts back unchanged, with ``changes``."""
    data = {
        "title": consultation.title,
        "slug": consultation.slug,
        "summary": consultation.summary,
        "body": "La descripción de la consulta.",
        "image_alt": consultation.image_alt,
        "whole_region": "on" if consultation.whole_region else "",
        "comunas": [comuna.cut for comuna in consultation.comunas.all()],
        "topics": [tag.slug for tag in consultation.topics.all()],
        "planning_instrument": consultation.planning_instrument_id or "",
        "residency_rule": consultation.residency_rule,
        "edit_window_minutes": str(consultation.edit_window_minutes),
        "support_limit": "",
        "support_threshold": "",
    }
    for phase in consultation.phases.all():
        prefix = f"fase-{phase.kind}"
        data[f"{prefix}-starts_at"] = timezone.localtime(phase.starts_at).strftime("%Y-%m-%dT%H:%M")
        data[f"{prefix}-ends_at"] = (
            timezone.localtime(phase.ends_at).strftime("%Y-%m-%dT%H:%M") if phase.ends_at else ""
        )
    data.update(changes)
    return data


# --- Creating ------------------------------------------------------------------------------


def test_official_sees_the_editor_for_their_division(official_client):
    response = official_client.get(CREATE)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Nueva consulta</h1>" in html
    assert 'name="division"' not in html  # their own, not editable
    assert "División de Planificación (DIPLADE)" in html
    assert 'name="whole_region" id="id_whole_region" checked' in html
    assert 'value="05101"' in html  # the region's comunas
    assert 'value="13101"' not in html  # Santiago is another region
    for kind in Phase.Kind.values:
        assert f'name="fase-{kind}-starts_at"' in html
    assert 'type="datetime-local"' in html
    assert 'enctype="multipart/form-data"' in html


def test_official_creates_a_draft_with_its_phases(official, official_client):
    response = official_client.post(CREATE, VALID)
    consultation = Consultation.objects.get()
    assert response.status_code == 302
    assert response.url == "/consultas/parques-urbanos-para-valparaiso/"
    assert consultation.status == Consultation.Status.DRAFT
    assert consultation.title == "Parques urbanos para Valparaíso"
    assert consultation.division == official.division
    assert consultation.body == "<p>Primer párrafo.</p><p>Segundo párrafo.</p>"
    assert not consultation.whole_region
    assert sorted(c.cut for c in consultation.comunas.all()) == ["05101", "05109"]
    assert sorted(t.name for t in consultation.topics.all()) == ["Deporte", "Áreas verdes"]
    assert consultation.residency_rule == "verified"
    assert (consultation.edit_window_minutes, consultation.support_limit) == (30, 3)
    assert consultation.support_threshold == 50
    phases = {phase.kind: phase for phase in consultation.phases.all()}
    assert set(phases) == {Phase.Kind.PROPOSALS, Phase.Kind.SUPPORTS}
    assert phases["proposals"].starts_at == local("2030-03-02T09:00")
    assert phases["proposals"].ends_at == local("2030-03-31T18:00")
    assert phases["supports"].ends_at is None
    assert messages_of(response) == [
        "Creaste la consulta como borrador: solo la ve el equipo del Gobierno Regional. "
        "Revísala y publícala cuando esté lista."
    ]
    # Residents do not see the draft.
    assert client_for(UserFactory()).get(response.url).status_code == 404


def test_phase_times_are_santiago_times(official_client):
    data = {**VALID, "fase-proposals-starts_at": "2030-07-01T09:00", "fase-proposals-ends_at": ""}
    assert official_client.post(CREATE, data).status_code == 302
    phase = Phase.objects.get(kind=Phase.Kind.PROPOSALS)
    # July is winter: Chile continental is UTC-4.
    assert phase.starts_at == datetime.fromisoformat("2030-07-01T13:00+00:00")


def test_administrator_chooses_the_division(admin, division):
    client = client_for(admin)
    html = client.get(CREATE).content.decode()
    assert 'name="division"' in html
    response = client.post(CREATE, {**VALID, "division": ""})
    assert response.status_code == 400
    assert "Elige la división responsable de la consulta." in response.content.decode()
    response = client.post(CREATE, {**VALID, "division": division.pk})
    assert response.status_code == 302
    assert Consultation.objects.get().division == division


def test_the_slug_comes_from_the_title_and_is_made_unique(official_client):
    official_client.post(CREATE, VALID)
    response = official_client.post(CREATE, VALID)
    assert response.url == "/consultas/parques-urbanos-para-valparaiso-2/"
    # A title that reads like a reserved address gets a suffix too.
    response = official_client.post(CREATE, {**VALID, "title": "Nueva"})
    assert response.url == "/consultas/nueva-2/"
    assert Consultation.objects.count() == 3


def test_a_chosen_slug_is_used_lowercased(official_client):
    response = official_client.post(CREATE, {**VALID, "slug": "Parques-2030"})
    assert response.url == "/consultas/parques-2030/"


@pytest.mark.parametrize(
    ("slug", "message"),
    [
        ("nueva", "La dirección «nueva» está reservada para la plataforma"),
        ("ciclovias", "Ya hay una consulta con el identificador «ciclovias»: elige otro."),
        ("con espacios", "Usa solo letras sin tildes, números y guiones"),
    ],
)
def test_a_reserved_taken_or_malformed_slug_is_refused_on_its_field(
    official_client, draft, slug, message
):
    response = official_client.post(CREATE, {**VALID, "slug": slug})
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert 'href="#id_slug"' in html  # in the summary, linked to the field
    assert 'aria-describedby="id_slug_helptext id_slug_error"' in html
    assert Consultation.objects.count() == 1


def test_the_create_page_routes_before_a_consultation_called_nueva(official_client, db):
    # Even if a "nueva" row were created behind the editor's back (the admin, a script),
    # /consultas/nueva/ stays the editor.
    ConsultationFactory(slug="nueva")
    assert "<h1>Nueva consulta</h1>" in official_client.get(CREATE).content.decode()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"title": ""}, "id_title", "Escribe el título de la consulta."),
        (
            {"fase-proposals-ends_at": "2030-03-01T09:00"},
            "id_fase-proposals-ends_at",
            "El término debe ser posterior al comienzo.",
        ),
        (
            {"fase-proposals-ends_at": "2030-03-02T09:00"},
            "id_fase-proposals-ends_at",
            "El término debe ser posterior al comienzo.",
        ),
        (
            {"fase-results-ends_at": "2030-05-01T09:00"},
            "id_fase-results-starts_at",
            "Para incluir esta fase indica también cuándo comienza",
        ),
        (
            {"fase-proposals-starts_at": "mañana"},
            "id_fase-proposals-starts_at",
            "Escribe una fecha y una hora válidas",
        ),
        (
            {"whole_region": "", "comunas": []},
            "id_comunas_0",
            "Elige al menos una comuna, o marca «Toda la región».",
        ),
        ({"comunas": ["13101"]}, "id_comunas_0", "Elige comunas de la lista."),
        ({"edit_window_minutes": "-1"}, "id_edit_window_minutes", "mayor o igual a 0"),
        ({"support_limit": "dos"}, "id_support_limit", "Escribe un número entero"),
        ({"summary": "x" * 301}, "id_summary", "tiene 301 caracteres; el máximo es 300"),
    ],
)
def test_bad_input_is_explained_next_to_its_field_and_nothing_is_lost(
    official_client, changes, field, message
):
    response = official_client.post(CREATE, {**VALID, **changes})
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert f'href="#{field}"' in html  # the summary links to the field
    assert "No se guardó la consulta" in html
    assert "no se perdió nada" in html
    # What was typed is still there, phases included.
    if "title" not in changes:
        assert 'value="Parques  urbanos para Valparaíso"' in html
    if "summary" not in changes:
        assert "Queremos saber qué parques necesita tu barrio." in html
    assert checked_topics(html) == {"areas-verdes", "deporte"}
    if "fase-proposals-starts_at" not in changes:
        assert 'value="2030-03-02T09:00"' in html
    assert 'value="2030-03-15T09:00"' in html
    if "comunas" not in changes:
        assert 'value="05109" id="id_comunas_36" checked' in html
    assert Consultation.objects.count() == 0
    # The valid request goes through: the refusal was about that field.
    assert official_client.post(CREATE, VALID).status_code == 302


def test_whole_region_ignores_comunas(official_client):
    official_client.post(CREATE, {**VALID, "whole_region": "on"})
    consultation = Consultation.objects.get()
    assert consultation.whole_region
    assert not consultation.comunas.exists()


def test_an_image_needs_its_alternative_text(official_client):
    response = official_client.post(CREATE, {**VALID, "image": png()})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Describe la imagen en el texto alternativo: es obligatorio si hay imagen." in html
    # The file is not sent again by the browser: the page says so.
    assert "La imagen que elegiste no se guardó: vuelve a elegirla" in html
    assert Consultation.objects.count() == 0
    response = official_client.post(
        CREATE, {**VALID, "image": png(), "image_alt": "Niños jugando en una plaza"}
    )
    assert response.status_code == 302
    consultation = Consultation.objects.get()
    assert consultation.image.name.startswith("consultas/plaza")
    assert consultation.image_alt == "Niños jugando en una plaza"


def test_a_file_that_is_not_an_image_is_refused(official_client):
    fake = SimpleUploadedFile("plaza.png", b"no soy una imagen", content_type="image/png")
    response = official_client.post(CREATE, {**VALID, "image": fake, "image_alt": "Plaza"})
    assert response.status_code == 400
    assert "El archivo no es una imagen válida" in response.content.decode()


def test_the_description_is_markdown_and_typed_html_stays_text(official_client):
    body = "Hola **región**\n\n<script>alert(1)</script>"
    response = official_client.post(CREATE, {**VALID, "body": body})
    assert response.status_code == 302
    consultation = Consultation.objects.get()
    assert consultation.body_source == body
    assert consultation.body == (
        "<p>Hola <strong>región</strong></p><p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"
    )
    html = official_client.get(response.url).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "<p>Hola <strong>región</strong></p>" in html


def test_escaped_text_in_the_title_is_not_markup(official_client):
    response = official_client.post(CREATE, {**VALID, "title": "<b>Plazas</b> & parques"})
    html = official_client.get(response.url).content.decode()
    assert "&lt;b&gt;Plazas&lt;/b&gt; &amp; parques" in html
    assert "<b>Plazas</b>" not in html


def test_anonymous_visitor_is_sent_to_login(client, db):
    assert login_next(client.get(CREATE)) == CREATE
    assert login_next(client.post(CREATE, VALID)) == CREATE
    assert Consultation.objects.count() == 0


@pytest.mark.parametrize("persona", ["resident", "moderator", "cosoc_member"])
def test_people_who_are_not_officials_are_refused(request, persona):
    client = client_for(request.getfixturevalue(persona))
    assert client.get(CREATE).status_code == 403
    assert client.post(CREATE, VALID).status_code == 403
    assert Consultation.objects.count() == 0


def test_official_without_2fa_is_sent_to_set_it_up(official_without_2fa):
    response = client_for(official_without_2fa).post(CREATE, VALID)
    assert response.url == "/cuenta/2fa/totp/activate/"
    assert Consultation.objects.count() == 0


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_the_editor_refuses_other_methods(official_client, method):
    assert getattr(official_client, method)(CREATE).status_code == 405


def test_residents_see_no_new_consultation_button(resident_client, official_client, db):
    assert 'href="/consultas/nueva/"' not in resident_client.get("/consultas/").content.decode()
    assert 'href="/consultas/nueva/"' in official_client.get("/consultas/").content.decode()


def fields(**changes) -> ConsultationInput:
    values = {
        "title": "Consulta",
        "slug": "",
        "summary": "Resumen",
        "body": "",
        "image": None,
        "remove_image": False,
        "image_alt": "",
        "whole_region": True,
        "comunas": [],
        "topics": [],
        "planning_instrument": None,
        "residency_rule": "anyone",
        "edit_window_minutes": 60,
        "support_limit": None,
        "support_threshold": None,
        "division": None,
        "phases": [],
    }
    return ConsultationInput(**{**values, **changes})


def test_action_refuses_officials_another_division_and_residents(official, resident):
    with pytest.raises(PermissionDenied):
        check_create_consultation(official, fields=fields(division=DivisionFactory()))
    with pytest.raises(PermissionDenied):
        check_create_consultation(resident, fields=fields())
    consultation = check_create_consultation(official, fields=fields(division=official.division))
    assert consultation.slug == "consulta"


def test_action_creates_the_phases_it_is_given_and_refreshes_search(official, monkeypatch):
    refreshed = []
    monkeypatch.setattr(actions, "refresh_consultation_search", refreshed.append)
    starts = timezone.now()
    consultation = check_create_consultation(
        official,
        fields=fields(
            division=official.division,
            phases=[PhaseDates(kind=Phase.Kind.INFORMATION, starts_at=starts, ends_at=None)],
        ),
    )
    phase = consultation.phases.get()
    assert (phase.kind, phase.starts_at, phase.ends_at) == ("information", starts, None)
    assert refreshed == [[consultation.pk]]


def test_action_refuses_a_taken_slug_on_the_slug_field(official, draft):
    with pytest.raises(ValidationError) as refused:
        check_create_consultation(
            official, fields=fields(division=official.division, slug="ciclovias")
        )
    assert refused.value.message_dict == {
        "slug": ["Ya hay una consulta con el identificador «ciclovias»: elige otro."]
    }


# --- Editing -------------------------------------------------------------------------------

EDIT = "/consultas/ciclovias/editar/"
PUBLISH = "/consultas/ciclovias/publicar/"


def test_official_sees_the_editor_filled_in(official_client, draft):
    response = official_client.get(EDIT)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Editar la consulta</h1>" in html
    assert 'value="Ciclovías regionales"' in html
    assert checked_topics(html) == {"movilidad", "seguridad"}
    proposals = draft.phases.get(kind=Phase.Kind.PROPOSALS)
    starts = timezone.localtime(proposals.starts_at).strftime("%Y-%m-%dT%H:%M")
    assert f'value="{starts}"' in html
    assert 'name="fase-results-starts_at" id="id_fase-results-starts_at">' in html  # empty


def test_official_edits_a_draft(official_client, draft, monkeypatch):
    refreshed = []
    monkeypatch.setattr(actions, "refresh_consultation_search", refreshed.append)
    instrument = PlanningInstrument.objects.create(name="ERD", slug="erd", kind="erd")
    data = edit_data(
        draft,
        title="Ciclovías seguras",
        slug="ciclovias-seguras",
        topics=["movilidad"],
        planning_instrument=instrument.pk,
        **{"fase-results-starts_at": "2030-06-01T09:00"},
    )
    response = official_client.post(EDIT, data)
    assert response.status_code == 302
    assert response.url == "/consultas/ciclovias-seguras/"
    assert messages_of(response) == ["Guardaste los cambios de la consulta."]
    draft.refresh_from_db()
    assert draft.title == "Ciclovías seguras"
    assert draft.planning_instrument == instrument
    assert [t.name for t in draft.topics.all()] == ["Movilidad"]
    assert draft.phases.get(kind=Phase.Kind.RESULTS).starts_at == local("2030-06-01T09:00")
    assert draft.phases.count() == 3
    assert refreshed == [[draft.pk]]


def test_a_phase_closed_early_stays_closed_when_its_dates_change(official_client, draft):
    proposals = draft.phases.get(kind=Phase.Kind.PROPOSALS)
    closed_at = timezone.now() - timedelta(hours=1)
    proposals.closed_at = closed_at
    proposals.save()
    html = official_client.get(EDIT).content.decode()
    assert "Se cerró anticipadamente el" in html
    assert "Cambiar sus fechas no la vuelve a abrir." in html
    later = timezone.localtime(proposals.ends_at + timedelta(days=5)).strftime("%Y-%m-%dT%H:%M")
    response = official_client.post(EDIT, edit_data(draft, **{"fase-proposals-ends_at": later}))
    assert response.status_code == 302
    proposals.refresh_from_db()
    assert proposals.closed_at == closed_at
    assert timezone.localtime(proposals.ends_at).strftime("%Y-%m-%dT%H:%M") == later
    assert not proposals.is_active()


def test_removing_a_phase_without_activity_deletes_it(official_client, draft):
    data = edit_data(draft, **{"fase-supports-starts_at": "", "fase-supports-ends_at": ""})
    assert official_client.post(EDIT, data).status_code == 302
    assert not draft.phases.filter(kind=Phase.Kind.SUPPORTS).exists()


def test_removing_the_proposals_phase_once_there_are_proposals_is_refused(official_client, draft):
    ProposalFactory(consultation=draft)
    data = edit_data(
        draft,
        title="Título nuevo",
        **{"fase-proposals-starts_at": "", "fase-proposals-ends_at": ""},
    )
    response = official_client.post(EDIT, data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Esta fase ya recibió propuestas: no se puede quitar." in html
    assert 'href="#id_fase-proposals-starts_at"' in html
    assert 'value="Título nuevo"' in html
    assert draft.phases.filter(kind=Phase.Kind.PROPOSALS).exists()
    draft.refresh_from_db()
    assert draft.title == "Ciclovías regionales"


def test_removing_the_supports_phase_once_there_are_supports_is_refused(official_client, draft):
    supports = draft.phases.get(kind=Phase.Kind.SUPPORTS)
    supports.starts_at = timezone.now() - timedelta(days=1)
    supports.save()
    SupportFactory(proposal=ProposalFactory(consultation=draft))
    data = edit_data(draft, **{"fase-supports-starts_at": "", "fase-supports-ends_at": ""})
    response = official_client.post(EDIT, data)
    assert response.status_code == 400
    assert "Esta fase ya recibió apoyos: no se puede quitar." in response.content.decode()


def test_the_action_refuses_removing_a_phase_with_activity_too(official, draft):
    ProposalFactory(consultation=draft)
    with pytest.raises(ValidationError, match="Propuestas: Esta fase ya recibió propuestas"):
        check_edit_consultation(
            official,
            consultation=draft,
            fields=fields(title="Otra", division=draft.division, phases=[]),
        )
    draft.refresh_from_db()
    assert draft.title == "Ciclovías regionales"


def test_the_list_search_finds_the_edited_text(official_client, draft, resident_client):
    # On PostgreSQL this reads the search vector the action refreshed.
    data = edit_data(draft, summary="Senderos para bicicletas en los cerros.")
    assert official_client.post(EDIT, data).status_code == 302
    official_client.post(PUBLISH)
    html = resident_client.get("/consultas/?q=senderos").content.decode()
    assert "Ciclovías regionales" in html


def test_a_published_consultation_stays_editable_and_keeps_its_address(official_client, draft):
    draft.status = Consultation.Status.PUBLISHED
    draft.save()
    html = official_client.get(EDIT).content.decode()
    assert 'name="slug" value="ciclovias" disabled' in html
    response = official_client.post(EDIT, edit_data(draft, title="Otro", slug="otra-direccion"))
    assert response.url == "/consultas/ciclovias/"
    draft.refresh_from_db()
    assert (draft.title, draft.slug, draft.status) == ("Otro", "ciclovias", "published")


@pytest.mark.parametrize("published", [False, True])
def test_an_edit_without_region_or_comunas_is_refused_and_nothing_is_lost(
    official_client, draft, published
):
    # Neither ticked nor chosen: refused on the comunas field, never saved as the region.
    draft.whole_region = False
    draft.status = Consultation.Status.PUBLISHED if published else Consultation.Status.DRAFT
    draft.save()
    draft.comunas.set(["05101"])
    data = edit_data(draft, title="Ciclovías costeras", whole_region="", comunas=[])
    response = official_client.post(EDIT, data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Elige al menos una comuna, o marca «Toda la región»." in html
    assert 'href="#id_comunas_0"' in html
    assert 'value="Ciclovías costeras"' in html
    assert 'name="whole_region" id="id_whole_region" checked' not in html
    draft.refresh_from_db()
    assert draft.title == "Ciclovías regionales"
    assert not draft.whole_region
    assert [c.cut for c in draft.comunas.all()] == ["05101"]
    # With a comuna, the same edit goes through.
    response = official_client.post(EDIT, {**data, "comunas": ["05109"]})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.title == "Ciclovías costeras"
    assert not draft.whole_region
    assert [c.cut for c in draft.comunas.all()] == ["05109"]


def test_a_draft_cannot_take_another_consultations_slug(official_client, draft):
    ConsultationFactory(slug="tomada")
    response = official_client.post(EDIT, edit_data(draft, slug="tomada"))
    assert response.status_code == 400
    assert "Ya hay una consulta con el identificador «tomada»" in response.content.decode()


def test_the_image_can_be_removed(official_client, draft):
    draft.image = png()
    draft.image_alt = "Una ciclovía"
    draft.save()
    html = official_client.get(EDIT).content.decode()
    assert 'alt="Una ciclovía"' in html
    assert "Quitar la imagen actual" in html
    response = official_client.post(EDIT, edit_data(draft, image_alt="", remove_image="on"))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert not draft.image
    assert draft.image_alt == ""


def test_keeping_the_image_keeps_requiring_its_text(official_client, draft):
    draft.image = png()
    draft.image_alt = "Una ciclovía"
    draft.save()
    response = official_client.post(EDIT, edit_data(draft, image_alt=""))
    assert response.status_code == 400
    assert "es obligatorio si hay imagen" in response.content.decode()


def test_administrators_edit_any_division(admin, draft):
    other = DivisionFactory(name="División de Infraestructura")
    response = client_for(admin).post(EDIT, edit_data(draft, division=other.pk))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.division == other


def test_officials_cannot_move_a_consultation_to_another_division(official, draft):
    with pytest.raises(PermissionDenied):
        check_edit_consultation(
            official, consultation=draft, fields=fields(division=DivisionFactory())
        )


def test_the_edit_action_refuses_an_official_of_another_division(official, draft):
    # The page answers 404 before the action runs; the action refuses on its own too
    # (the API and sockets to come call it directly), even when the form says the
    # consultation's own division.
    outsider = other_official()
    edited = fields(title="Ajeno", division=draft.division, phases=[])
    with pytest.raises(PermissionDenied):
        check_edit_consultation(outsider, consultation=draft, fields=edited)
    draft.refresh_from_db()
    assert draft.title == "Ciclovías regionales"
    check_edit_consultation(official, consultation=draft, fields=edited)
    draft.refresh_from_db()
    assert draft.title == "Ajeno"


def test_official_of_another_division_does_not_find_it(draft):
    client = client_for(other_official())
    assert client.get(EDIT).status_code == 404
    assert client.post(EDIT, edit_data(draft, title="Ajeno")).status_code == 404
    draft.refresh_from_db()
    assert draft.title == "Ciclovías regionales"


@pytest.mark.parametrize("persona", ["resident", "moderator"])
def test_edit_refuses_people_who_are_not_officials(request, draft, persona):
    assert client_for(request.getfixturevalue(persona)).get(EDIT).status_code == 403


def test_edit_sends_anonymous_visitors_to_login_and_officials_without_2fa_to_set_it_up(
    client, official_without_2fa, draft
):
    assert login_next(client.get(EDIT)) == EDIT
    assert client_for(official_without_2fa).get(EDIT).url == "/cuenta/2fa/totp/activate/"


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_edit_refuses_other_methods(official_client, draft, method):
    assert getattr(official_client, method)(EDIT).status_code == 405


def test_edit_page_queries_do_not_grow_with_the_consultation(
    official, draft, django_assert_max_num_queries
):
    draft.comunas.set(["05101", "05109", "05801"])
    draft.whole_region = False
    draft.save()
    PhaseFactory(consultation=draft, kind=Phase.Kind.RESULTS)
    for n in range(5):
        PlanningInstrument.objects.create(name=f"Plan {n}", slug=f"plan-{n}", kind="other")
    client = client_for(official)
    # 1. session, 2. user, 3. TOTP authenticator, 4. consultation (with instrument,
    # division, survey), 5. phases, 6. comunas, 7. topics, 8. the topics offered (active,
    # or the consultation's), 9. planning instruments for the select, 10. unread
    # notifications.
    with django_assert_max_num_queries(10):
        assert client.get(EDIT).status_code == 200


# --- Publishing ----------------------------------------------------------------------------


def test_official_publishes_a_draft_and_residents_then_see_it(official_client, draft, resident):
    html = official_client.get("/consultas/ciclovias/").content.decode()
    assert f'action="{PUBLISH}"' in html
    assert 'href="/consultas/ciclovias/editar/"' in html
    assert "Borrador: solo lo ve el equipo del Gobierno Regional" in html
    resident_client = client_for(resident)
    assert resident_client.get("/consultas/ciclovias/").status_code == 404
    response = official_client.post(PUBLISH)
    assert response.url == "/consultas/ciclovias/"
    assert messages_of(response) == [
        "Publicaste la consulta: desde ahora cualquier persona puede verla."
    ]
    draft.refresh_from_db()
    assert draft.is_published
    assert resident_client.get("/consultas/ciclovias/").status_code == 200
    assert "Ciclovías regionales" in resident_client.get("/consultas/").content.decode()
    # Published: no more publish button, still editable.
    html = official_client.get("/consultas/ciclovias/").content.decode()
    assert f'action="{PUBLISH}"' not in html
    assert 'href="/consultas/ciclovias/editar/"' in html


def test_a_draft_without_phases_cannot_be_published(official_client, official, db, division):
    ConsultationFactory(slug="vacia", status=Consultation.Status.DRAFT, division=division)
    html = official_client.get("/consultas/vacia/").content.decode()
    assert "Para publicar la consulta agrega al menos una fase" in html
    assert 'action="/consultas/vacia/publicar/"' not in html
    response = official_client.post("/consultas/vacia/publicar/")
    assert messages_of(response) == [
        "Para publicar la consulta agrega al menos una fase con su fecha de inicio "
        "(edita la consulta)."
    ]
    assert Consultation.objects.get(slug="vacia").status == Consultation.Status.DRAFT


def test_publishing_twice_is_explained(official_client, draft):
    official_client.post(PUBLISH)
    response = official_client.post(PUBLISH)
    assert messages_of(response)[-1] == "Esta consulta ya está publicada."


def test_administrators_publish_too(admin, draft):
    assert client_for(admin).post(PUBLISH).status_code == 302
    draft.refresh_from_db()
    assert draft.is_published


def test_publish_refuses_get(official_client, draft):
    assert official_client.get(PUBLISH).status_code == 405


def test_publish_sends_anonymous_visitors_to_login_and_back_to_the_consultation(client, draft):
    assert login_next(client.post(PUBLISH)) == "/consultas/ciclovias/"


@pytest.mark.parametrize("persona", ["resident", "moderator"])
def test_publish_refuses_people_who_are_not_officials(request, draft, persona):
    assert client_for(request.getfixturevalue(persona)).post(PUBLISH).status_code == 403
    draft.refresh_from_db()
    assert not draft.is_published


def test_publish_by_an_official_of_another_division_is_not_found(draft):
    assert client_for(other_official()).post(PUBLISH).status_code == 404
    draft.refresh_from_db()
    assert not draft.is_published


def test_publish_without_2fa_is_sent_to_set_it_up(official_without_2fa, draft):
    response = client_for(official_without_2fa).post(PUBLISH)
    assert response.url == "/cuenta/2fa/totp/activate/"


def test_publish_action_requires_an_acting_official(official_without_2fa, draft):
    with pytest.raises(PermissionDenied):
        check_publish_consultation(official_without_2fa, consultation=draft)


def test_the_publish_action_refuses_an_official_of_another_division(official, draft):
    with pytest.raises(PermissionDenied):
        check_publish_consultation(other_official(), consultation=draft)
    draft.refresh_from_db()
    assert draft.status == Consultation.Status.DRAFT
    assert check_publish_consultation(official, consultation=draft).is_published


def test_residents_see_no_editing_tools(resident_client, draft):
    draft.status = Consultation.Status.PUBLISHED
    draft.save()
    html = resident_client.get("/consultas/ciclovias/").content.decode()
    assert "/editar/" not in html
    assert "Gestión de la consulta" not in html


def test_detail_queries_stay_constant_for_the_official_of_a_draft(
    official, draft, django_assert_max_num_queries
):
    client = client_for(official)
    # 1. session, 2. user, 3. TOTP authenticator, 4. consultation, 5. phases, 6. comunas,
    # 7. topics, 8. its survey, 9. proposal and support totals, 10. draft answers,
    # 11-14. the discussion block, 15. unread notifications.
    with django_assert_max_num_queries(15):
        assert client.get("/consultas/ciclovias/").status_code == 200


def test_actions_refuse_a_consultation_without_territory(official):
    with pytest.raises(ValidationError) as refused:
        check_create_consultation(
            official, fields=fields(division=official.division, whole_region=False)
        )
    assert refused.value.message_dict == {
        "comunas": ["Elige al menos una comuna, o marca «Toda la región»."]
    }


def test_a_published_consultation_cannot_lose_all_its_phases(official_client, division):
    consultation = consultation_in(
        Phase.Kind.INFORMATION, Phase.Kind.DELIBERATION, slug="publicada", division=division
    )
    cleared = {
        f"fase-{kind}-{end}": ""
        for kind in (Phase.Kind.INFORMATION, Phase.Kind.DELIBERATION)
        for end in ("starts_at", "ends_at")
    }
    response = official_client.post(
        "/consultas/publicada/editar/", edit_data(consultation, **cleared)
    )
    assert response.status_code == 400
    assert "Una consulta publicada necesita al menos una fase" in response.text
    assert consultation.phases.count() == 2


def test_comunas_with_proposals_stay_in_the_territory(official_client, division):
    from accounts.models import Comuna
    from tests.consultations.factories import ProposalFactory

    consultation = consultation_in(Phase.Kind.PROPOSALS, slug="con-propuestas", division=division)
    quillota, valparaiso = Comuna.objects.filter(name__in=["Quillota", "Valparaíso"]).order_by(
        "name"
    )
    ProposalFactory(consultation=consultation, comuna=valparaiso)
    data = edit_data(consultation, whole_region="", comunas=[quillota.cut])
    response = official_client.post("/consultas/con-propuestas/editar/", data)
    assert response.status_code == 400
    assert (
        "Hay propuestas ubicadas en Valparaíso: mantén esas comunas o marca «Toda la región»."
        in response.text
    )
    consultation.refresh_from_db()
    assert consultation.whole_region
    data["comunas"] = [quillota.cut, valparaiso.cut]
    assert official_client.post("/consultas/con-propuestas/editar/", data).status_code == 302

"""The consultation editor in Chromium: an official creates a consultation with a proposals
phase (after a refused attempt that keeps what was typed), publishes it, and a resident
then finds it and may propose. The editor is scanned with axe-core, empty and with errors.
"""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from consultations.models import Consultation, Phase
from tests.browser.a11y import assert_accessible
from tests.browser.support import MOBILE, LiveASGIServer, datetime_local, signed_in_page
from tests.conftest import with_totp
from tests.factories import DivisionFactory, UserFactory


@pytest.fixture
def people():
    division = DivisionFactory(name="División de Planificación", acronym="DIPLADE")
    official = with_totp(
        UserFactory(
            email="paula@gore.cl", display_name="Paula", is_official=True, division=division
        )
    )
    resident = UserFactory(email="camila@ejemplo.cl", display_name="Camila")
    return {"official": official, "resident": resident, "division": division}


def test_official_creates_and_publishes_a_consultation_and_a_resident_finds_it(
    live_asgi: LiveASGIServer, new_context, people
) -> None:
    url = live_asgi.url
    page: Page = signed_in_page(new_context, live_asgi, people["official"])

    page.goto(f"{url}/consultas/")
    page.get_by_role("link", name="Nueva consulta").click()
    expect(page).to_have_url(f"{url}/consultas/nueva/")
    expect(page.get_by_role("heading", name="Nueva consulta", level=1)).to_be_visible()
    assert_accessible(page)

    now = timezone.now()
    proposals = page.get_by_role("group", name="Propuestas")
    page.get_by_label("Título").fill("Plazas para Quillota")
    page.get_by_label("Resumen").fill("Propón cómo mejorar las plazas de tu barrio.")
    page.get_by_label("Descripción (opcional)").fill("Recibimos ideas hasta fin de mes.")
    page.get_by_label("Toda la región").uncheck()
    topics = page.get_by_role("group", name="Temas (opcional)")
    topics.get_by_label("Áreas verdes").check()
    topics.get_by_label("Vivienda").check()
    # Comunas missing and the end before the start: both refused at once.
    proposals.get_by_label("Comienza").fill(datetime_local(now - timedelta(days=1)))
    proposals.get_by_label("Termina (opcional)").fill(datetime_local(now - timedelta(days=2)))
    page.get_by_role("button", name="Crear borrador").click()

    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("No se guardó la consulta")
    expect(summary).to_contain_text("Elige al menos una comuna, o marca «Toda la región».")
    expect(summary).to_contain_text("El término debe ser posterior al comienzo.")
    end = proposals.get_by_label("Termina (opcional)")
    expect(end).to_have_attribute("aria-invalid", "true")
    expect(end).to_have_accessible_description("El término debe ser posterior al comienzo.")
    # Nothing typed is lost.
    expect(page.get_by_label("Título")).to_have_value("Plazas para Quillota")
    expect(topics.get_by_label("Áreas verdes")).to_be_checked()
    expect(topics.get_by_label("Vivienda")).to_be_checked()
    expect(proposals.get_by_label("Comienza")).to_have_value(
        datetime_local(now - timedelta(days=1))
    )
    assert_accessible(page)
    # The summary's links take the person to the field.
    summary.get_by_role("link", name=re.compile("^Comunas")).click()
    expect(page.get_by_role("checkbox", name="Algarrobo")).to_be_focused()

    page.get_by_role("checkbox", name="Quillota").check()
    end.fill(datetime_local(now + timedelta(days=20)))
    page.get_by_role("button", name="Crear borrador").click()

    # (The summary link's fragment stays in the address: the browser keeps it.)
    expect(page).to_have_url(re.compile(rf"^{url}/consultas/plazas-para-quillota/(#.*)?$"))
    consultation = Consultation.objects.get()
    expect(page.locator(".messages")).to_contain_text("Creaste la consulta como borrador")
    expect(page.get_by_text("Borrador: solo lo ve el equipo del Gobierno Regional")).to_be_visible()
    assert consultation.status == Consultation.Status.DRAFT
    assert [phase.kind for phase in consultation.phases.all()] == [Phase.Kind.PROPOSALS]
    assert_accessible(page)

    page.on("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Publicar la consulta").click()
    expect(page.locator(".messages")).to_contain_text("Publicaste la consulta")
    expect(page.get_by_role("button", name="Publicar la consulta")).to_have_count(0)
    expect(page.get_by_role("link", name="Editar consulta")).to_be_visible()

    # A resident finds it in the list and may propose.
    resident = signed_in_page(new_context, live_asgi, people["resident"])
    resident.goto(f"{url}/consultas/")
    expect(resident.get_by_role("link", name="Nueva consulta")).to_have_count(0)
    resident.get_by_role("link", name="Plazas para Quillota").click()
    expect(resident.get_by_role("heading", level=1)).to_have_text("Plazas para Quillota")
    expect(resident.get_by_text("Quillota", exact=True)).to_be_visible()
    expect(resident.get_by_role("link", name="Escribir una propuesta")).to_be_visible()
    expect(resident.get_by_role("link", name="Editar consulta")).to_have_count(0)


def test_the_editor_fits_a_phone_and_edits_in_place(
    live_asgi: LiveASGIServer, new_context, people
) -> None:
    url = live_asgi.url
    page = signed_in_page(new_context, live_asgi, people["official"], **MOBILE)
    page.goto(f"{url}/consultas/nueva/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.get_by_label("Título").fill("Borde costero")
    page.get_by_label("Resumen").fill("Ideas para el borde costero.")
    page.get_by_role("group", name="Información").get_by_label("Comienza").fill(
        datetime_local(timezone.now())
    )
    page.get_by_role("button", name="Crear borrador").click()
    expect(page).to_have_url(f"{url}/consultas/borde-costero/")

    page.get_by_role("link", name="Editar consulta").click()
    expect(page.get_by_role("heading", name="Editar la consulta", level=1)).to_be_visible()
    expect(page.get_by_label("Título")).to_have_value("Borde costero")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert_accessible(page)
    page.get_by_label("Título").fill("Borde costero regional")
    page.get_by_role("button", name="Guardar cambios").click()
    expect(page.locator(".messages")).to_contain_text("Guardaste los cambios de la consulta.")
    expect(page.get_by_role("heading", level=1)).to_have_text("Borde costero regional")

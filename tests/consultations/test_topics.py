"""Curated topics (consultations.Topic): chosen from the administrators' list, shown in the
page's language and in Spanish order; typed tags moved onto the list by migration 0005."""

import importlib

import pytest
from django.apps import apps as django_apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from taggit.models import Tag, TaggedItem

from consultations import actions
from consultations.models import Consultation, Phase, Topic
from consultations.topics import CURATED, load_curated_topics
from tests.conftest import client_for
from tests.consultations.factories import ConsultationFactory, consultation_in

MIGRATION = importlib.import_module("consultations.migrations.0005_topics")


@pytest.fixture(autouse=True)
def _curated(db):
    # A transactional test elsewhere may have flushed the rows the migration wrote.
    load_curated_topics(Topic)


def test_the_curated_list_has_an_english_name_for_every_topic():
    topics = Topic.objects.filter(name__in=[name for name, _en in CURATED])
    assert topics.count() == len(CURATED)
    assert all(topic.is_active and topic.name_en for topic in topics)


def test_typed_tags_move_onto_the_curated_list(db):
    """The walk-through's "borde costero" beside "Espacios públicos" becomes one topic; a
    tag nobody curated stays, inactive, on what it was on."""
    consultation = ConsultationFactory()
    other = ConsultationFactory()
    content_type = ContentType.objects.get_for_model(Consultation)
    for obj, names in [
        (consultation, ["Borde costero", "Espacios públicos", "Ciclovías"]),
        (other, ["Humedales", "ÁREAS VERDES"]),
    ]:
        for name in names:
            tag, _created = Tag.objects.get_or_create(name=name)
            TaggedItem.objects.create(tag=tag, content_type=content_type, object_id=obj.pk)

    MIGRATION.curate(django_apps, None)

    assert sorted(t.name for t in consultation.topics.all()) == ["Espacios públicos", "Movilidad"]
    assert sorted(t.name for t in other.topics.all()) == ["Humedales", "Áreas verdes"]
    wetlands = Topic.objects.get(name="Humedales")
    assert (wetlands.slug, wetlands.is_active, wetlands.name_en) == ("humedales", False, "")
    assert not Topic.objects.filter(name__in=["Borde costero", "Ciclovías"]).exists()
    assert not TaggedItem.objects.exists()
    assert not Tag.objects.exists()


def test_an_english_page_shows_the_english_topic_name(client, db):
    consultation_in(Phase.Kind.PROPOSALS, slug="parques", topics=["Áreas verdes", "Agua"])
    client.cookies["django_language"] = "en"
    html = client.get("/consultas/parques/").content.decode()
    assert 'href="/consultas/?tema=areas-verdes">Green spaces</a>' in html
    assert ">Áreas verdes<" not in html
    listing = client.get("/consultas/").content.decode()
    # English names, in (Spanish-collation) alphabetical order of what the page shows.
    assert '<span class="tag">Green spaces</span> <span class="tag">Water</span>' in listing
    assert '<option value="areas-verdes">Green spaces</option>' in listing


def test_a_spanish_page_sorts_topics_in_spanish_order(client, db):
    consultation_in(Phase.Kind.PROPOSALS, slug="parques", topics=["Ruralidad", "Áreas verdes"])
    html = client.get("/consultas/parques/").content.decode()
    assert html.index(">Áreas verdes</a>") < html.index(">Ruralidad</a>")


def test_the_editor_offers_active_topics_as_checkboxes(official_client, db):
    Topic.objects.filter(name="Energía").update(is_active=False)
    html = official_client.get("/consultas/nueva/").content.decode()
    assert 'name="topics" value="areas-verdes"' in html
    assert 'name="topics" value="energia"' not in html
    assert 'type="text" name="topics"' not in html


def test_the_editor_refuses_a_topic_off_the_list_and_keeps_what_was_typed(official_client, db):
    data = {
        "title": "Costanera de Valparaíso",
        "summary": "Qué borde costero queremos.",
        "whole_region": "on",
        "topics": ["borde-costero"],
        "residency_rule": "anyone",
        "edit_window_minutes": "60",
    }
    response = official_client.post("/consultas/nueva/", data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Elige temas de la lista." in html
    assert 'value="Costanera de Valparaíso"' in html
    assert not Consultation.objects.exists()


def test_a_deactivated_topic_stays_on_the_consultations_that_have_it(official, division, db):
    consultation = consultation_in(Phase.Kind.PROPOSALS, division=division, topics=["Energía"])
    Topic.objects.filter(name="Energía").update(is_active=False)
    html = client_for(official).get(f"/consultas/{consultation.slug}/editar/").content.decode()
    assert 'name="topics" value="energia"' in html


def test_the_actions_refuse_topics_off_the_list(official, division, proposals_consultation):
    inactive = Topic.objects.create(name="Humedales", slug="humedales", is_active=False)
    fields = actions.ConsultationInput(
        title="Humedales",
        slug="",
        summary="Resumen",
        body="",
        image=None,
        remove_image=False,
        image_alt="",
        whole_region=True,
        comunas=[],
        topics=[inactive],
        planning_instrument=None,
        residency_rule="anyone",
        edit_window_minutes=60,
        support_limit=None,
        support_threshold=None,
        division=division,
    )
    with pytest.raises(ValidationError) as refused:
        actions.check_create_consultation(official, fields=fields)
    assert refused.value.message_dict == {"topics": ["Elige temas de la lista."]}

    health = Topic.objects.get(name="Salud")  # active, but not this consultation's
    with pytest.raises(ValidationError) as refused:
        actions.check_create_proposal(
            official,
            consultation=proposals_consultation,
            title="Idea",
            body="Texto",
            topics=[health],
        )
    assert refused.value.message_dict == {"topics": ["Elige temas de la lista."]}


def test_administrators_manage_the_list_in_the_admin(admin, resident_client, db):
    client = client_for(admin)
    response = client.get("/admin/consultations/topic/")
    assert response.status_code == 200
    assert "Green spaces" in response.content.decode()
    response = client.post(
        "/admin/consultations/topic/add/",
        {"name": "Humedales", "slug": "humedales", "name_en": "Wetlands", "is_active": "on"},
    )
    assert response.status_code == 302
    assert Topic.objects.get(slug="humedales").name_en == "Wetlands"
    assert resident_client.get("/admin/consultations/topic/").status_code == 302

"""config.views.site_search: /buscar/, over every registered search source (consultations,
proposals, comments), accent- and case-blind, only what anyone may read."""

import re

import pytest
from django.utils import timezone

from consultations.actions import refresh_consultation_search, refresh_proposal_search
from consultations.models import Consultation, Proposal
from deliberation.actions import create_discussion
from deliberation.models import Comment
from tests.conftest import client_for
from tests.consultations.factories import ConsultationFactory, ProposalFactory
from tests.deliberation.owners import (  # noqa: F401  (fixtures)
    discussion,
    make_comment,
    owner,
    owner_rules,
    test_owner_registered,
)

URL = "/buscar/"


def section_titles(response, key: str) -> list[str]:
    """Titles listed in one section of the page (consultas, propuestas, comentarios)."""
    html = response.content.decode()
    match = re.search(rf'<section aria-labelledby="section-{key}".*?</section>', html, re.S)
    if not match:
        return []
    return re.findall(r'class="search-result__title"><a href="[^"]+">([^<]+)</a>', match.group(0))


def all_titles(response) -> list[str]:
    return re.findall(
        r'class="search-result__title"><a href="[^"]+">([^<]+)</a>', response.content.decode()
    )


@pytest.fixture
def content(db, resident, other_resident):
    """One visible item of each kind mentioning "árboles", and one hidden of every sort."""
    published = ConsultationFactory(
        title="Árboles para Valparaíso", summary="Dónde plantar árboles nativos."
    )
    draft = ConsultationFactory(
        title="Árboles en borrador", summary="Arbolado.", status=Consultation.Status.DRAFT
    )
    visible = ProposalFactory(
        consultation=published, author=resident, title="Más árboles en la plaza"
    )
    pending = ProposalFactory(
        consultation=published,
        title="Árboles pendientes",
        moderation_status=Proposal.ModerationStatus.PENDING,
    )
    hidden = ProposalFactory(
        consultation=published,
        title="Árboles ocultos",
        moderation_status=Proposal.ModerationStatus.HIDDEN,
    )
    withdrawn = ProposalFactory(
        consultation=published,
        title="Árboles retirados",
        moderation_status=Proposal.ModerationStatus.WITHDRAWN,
    )
    in_draft = ProposalFactory(consultation=draft, title="Árboles de un borrador")
    refresh_consultation_search([published.pk, draft.pk])
    refresh_proposal_search([p.pk for p in (visible, pending, hidden, withdrawn, in_draft)])

    on_consultation = create_discussion(published)
    on_proposal = create_discussion(visible)
    make_comment(on_consultation, other_resident, "<p>Los ÁRBOLES dan sombra en verano.</p>")
    make_comment(on_proposal, other_resident, "<p>Que sean árboles nativos, por favor.</p>")
    make_comment(
        on_proposal,
        other_resident,
        "<p>Árboles escondidos por moderación.</p>",
        moderation_status=Comment.ModerationStatus.HIDDEN,
    )
    make_comment(
        on_proposal,
        other_resident,
        "<p>Árboles esperando revisión.</p>",
        moderation_status=Comment.ModerationStatus.PENDING,
    )
    make_comment(
        on_proposal,
        other_resident,
        "<p>Árboles que su autora borró.</p>",
        moderation_status=Comment.ModerationStatus.WITHDRAWN,
        deleted_at=timezone.now(),
    )
    make_comment(create_discussion(hidden), other_resident, "<p>Árboles bajo una oculta.</p>")
    make_comment(create_discussion(pending), other_resident, "<p>Árboles bajo una pendiente.</p>")
    make_comment(create_discussion(draft), other_resident, "<p>Árboles en el borrador.</p>")
    make_comment(create_discussion(in_draft), other_resident, "<p>Árboles muy en borrador.</p>")
    return published, visible


def test_finds_each_kind_without_accents_or_case(client, content):
    response = client.get(URL, {"q": "arbol"})
    assert response.status_code == 200
    assert section_titles(response, "consultas") == ["Árboles para Valparaíso"]
    assert section_titles(response, "propuestas") == ["Más árboles en la plaza"]
    assert set(section_titles(response, "comentarios")) == {
        "Comentario en «Árboles para Valparaíso»",
        "Comentario en «Más árboles en la plaza»",
    }
    html = response.content.decode()
    # Kind, snippet with the match marked, and where it is (with its link).
    assert "Propuesta" in html
    assert "<mark>ÁRBOLES</mark> dan sombra" in html
    published, visible = content
    assert f'En: <a href="{published.get_absolute_url()}">Árboles para Valparaíso</a>' in html
    assert f'href="{visible.get_absolute_url()}"' in html


@pytest.mark.parametrize("typed", ["ARBOLES", "árboles", "Arboles", "arboles"])
def test_every_spelling_finds_the_same(client, content, typed):
    assert len(all_titles(client.get(URL, {"q": typed}))) == 4


def test_a_comment_links_where_it_was_written(client, content):
    published, visible = content
    response = client.get(URL, {"q": "nativos"})
    assert section_titles(response, "comentarios") == ["Comentario en «Más árboles en la plaza»"]
    assert (
        f'En: <a href="{visible.get_absolute_url()}">Más árboles en la plaza</a>'
        in response.content.decode()
    )
    response = client.get(URL, {"q": "sombra", "tipo": "comentarios"})
    assert (
        f'En: <a href="{published.get_absolute_url()}">Árboles para Valparaíso</a>'
        in response.content.decode()
    )


@pytest.mark.parametrize("typed", ["nofollow", "strong", "href", "ugc", "https"])
def test_the_html_of_a_comment_is_not_searched(client, content, other_resident, typed):
    published, _visible = content
    make_comment(
        create_discussion(ProposalFactory(consultation=published, title="Veredas")),
        other_resident,
        '<p>Mira <strong>esto</strong> en <a href="https://veredas.cl" rel="nofollow ugc">'
        "el sitio</a>.</p>",
    )
    assert all_titles(client.get(URL, {"q": typed})) == []
    assert all_titles(client.get(URL, {"q": "sitios"})) == ["Comentario en «Veredas»"]


def test_hidden_pending_withdrawn_and_draft_content_never_shows(client, content):
    html = client.get(URL, {"q": "arboles"}).content.decode()
    for never in [
        "borrador",
        "pendiente",
        "oculta",
        "retirados",
        "escondidos",
        "esperando",
        "borró",
    ]:
        assert never not in html.lower(), never


def test_officials_and_moderators_get_the_public_results_too(official, moderator, content):
    for person in (official, moderator):
        response = client_for(person).get(URL, {"q": "arboles"})
        assert len(all_titles(response)) == 4
        assert "borrador" not in response.content.decode().lower()


def test_comments_of_an_owner_not_declared_public_are_not_searched(client, request, other_resident):
    # The test owner (tests/deliberation/owners.py) does not say what anyone may read.
    conversation = request.getfixturevalue("discussion")
    make_comment(conversation, other_resident, "<p>Árboles de una conversación cualquiera.</p>")
    assert all_titles(client.get(URL, {"q": "arboles"})) == []


def test_each_kind_is_capped_with_a_link_to_the_rest(client, content):
    published, _visible = content
    extra = [ProposalFactory(consultation=published, title=f"Árboles número {n}") for n in range(6)]
    refresh_proposal_search([p.pk for p in extra])
    response = client.get(URL, {"q": "arboles"})
    assert len(section_titles(response, "propuestas")) == 5
    html = response.content.decode()
    assert 'href="?q=arboles&amp;tipo=propuestas"' in html
    assert "Ver más propuestas" in html
    # That kind alone, paginated.
    alone = client.get(URL, {"q": "arboles", "tipo": "propuestas"})
    assert len(all_titles(alone)) == 7
    assert "7 resultados" in alone.content.decode()


def test_more_consultations_lead_to_the_filtered_consultation_list(client, content):
    more = [ConsultationFactory(title=f"Árboles {n}") for n in range(6)]
    refresh_consultation_search([c.pk for c in more])
    html = client.get(URL, {"q": "árboles"}).content.decode()
    assert 'href="/consultas/?q=%C3%A1rboles"' in html


def test_nothing_found_says_so(client, content):
    html = client.get(URL, {"q": "submarinos"}).content.decode()
    assert "No encontramos nada publicado que coincida con «submarinos»" in html


def test_the_page_without_a_query_asks_for_one_without_an_error(client, db):
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="id_q"' in html
    assert "errorlist" not in html


def test_an_empty_query_gets_a_clear_message(client, db):
    html = client.get(URL, {"q": "   "}).content.decode()
    assert "Escribe qué quieres buscar." in html
    assert 'aria-invalid="true"' in html


def test_an_over_long_query_gets_a_clear_message_and_keeps_the_text(client, content):
    typed = "árboles " * 30  # 240 characters
    response = client.get(URL, {"q": typed})
    html = response.content.decode()
    assert "La búsqueda puede tener hasta 200 caracteres; la tuya tiene 239." in html
    assert typed.strip() in html  # still in the box
    assert all_titles(response) == []


def test_a_query_of_signs_alone_gets_a_clear_message(client, content):
    html = client.get(URL, {"q": "¿?¡!"}).content.decode()
    assert "Escribe al menos una palabra" in html


def test_an_unknown_kind_is_refused_and_the_query_kept(client, content):
    html = client.get(URL, {"q": "arboles", "tipo": "naves"}).content.decode()
    assert 'aria-invalid="true"' in html
    assert 'value="arboles"' in html


def test_only_get(client, db):
    assert client.post(URL, {"q": "arboles"}).status_code == 405


def test_signed_in_residents_search_the_same(resident_client, content):
    assert len(all_titles(resident_client.get(URL, {"q": "arboles"}))) == 4


def test_the_header_has_a_search_box_on_every_page(client, db):
    html = client.get("/").content.decode()
    assert 'action="/buscar/"' in html
    assert '<label for="header-search-q"' in html


def test_queries_do_not_grow_with_results(client, content, django_assert_max_num_queries):
    # Session-free anonymous page: per section one query for its rows; comments one more
    # for their owners per owner kind (consultations, proposals) = 3 + 2.
    # Plus the kinds' content types (cached after the first request).
    client.get(URL, {"q": "arboles"})
    with django_assert_max_num_queries(5):
        client.get(URL, {"q": "arboles"})
    published, visible = content
    for n in range(10):
        ProposalFactory(consultation=published, title=f"Árboles {n}")
        make_comment(
            create_discussion(ConsultationFactory(title=f"Plazas {n}")),
            visible.author,
            "<p>Árboles también aquí.</p>",
        )
        # Comments on proposals of other consultations: each links its proposal, whose
        # address names its consultation (loaded with the proposals).
        make_comment(
            create_discussion(ProposalFactory(consultation=ConsultationFactory())),
            visible.author,
            "<p>Árboles en otra propuesta.</p>",
        )
    refresh_proposal_search(Proposal.objects.values_list("pk", flat=True))
    with django_assert_max_num_queries(5):
        client.get(URL, {"q": "arboles"})
    # One kind alone: a count and a page, plus the owners of the comments.
    with django_assert_max_num_queries(4):
        response = client.get(URL, {"q": "arboles", "tipo": "comentarios"})
    assert response.content.decode().count('<p class="search-result__where muted">En: <a') == 20

"""Search on /consultas/ and a consultation's proposals is accent- and case-blind, on SQLite
(folded text) and PostgreSQL (es_unaccent full-text search). Run with DATABASE_URL set to a
PostgreSQL database too."""

import re

import pytest

from consultations.actions import refresh_consultation_search, refresh_proposal_search
from consultations.models import Phase
from tests.consultations.factories import ConsultationFactory, ProposalFactory, consultation_in

LIST = "/consultas/"
PROPOSALS = "/consultas/ciclovias/propuestas/"


def consultation_titles(response) -> list[str]:
    return re.findall(
        r'class="consultation-card__title"><a href="[^"]+">([^<]+)</a>',
        response.content.decode(),
    )


def proposal_titles(response) -> list[str]:
    return re.findall(
        r'class="proposal-card__title"><a href="[^"]+">([^<]+)</a>', response.content.decode()
    )


@pytest.fixture
def consultations(db):
    made = [
        consultation_in(
            Phase.Kind.PROPOSALS,
            title="Ciclovías para Valparaíso",
            summary="Propón nuevas rutas.",
        ),
        ConsultationFactory(
            title="Plazas y parques",
            summary="Espacios Públicos de tu barrio.",
        ),
        ConsultationFactory(title="Árboles urbanos", summary="Arbolado en las veredas."),
        ConsultationFactory(title="Agua potable rural", summary="Sistemas APR."),
    ]
    refresh_consultation_search([c.pk for c in made])
    return made


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("ciclovias", {"Ciclovías para Valparaíso"}),
        ("CICLOVÍAS", {"Ciclovías para Valparaíso"}),
        ("espacios publicos", {"Plazas y parques"}),
        ("arbol", {"Árboles urbanos"}),
        ("arboles", {"Árboles urbanos"}),
        ("ÁRBOLES", {"Árboles urbanos"}),
        ("valparaiso", {"Ciclovías para Valparaíso"}),
        ("propon", {"Ciclovías para Valparaíso"}),
    ],
)
def test_consultation_search_ignores_accents_and_case(client, consultations, typed, expected):
    response = client.get(LIST, {"q": typed})
    assert response.status_code == 200
    assert set(consultation_titles(response)) == expected


def test_every_word_must_match_somewhere(client, consultations):
    assert consultation_titles(client.get(LIST, {"q": "espacios ciclovias"})) == []


@pytest.fixture
def proposals(supports_consultation):
    made = [
        ProposalFactory(
            consultation=supports_consultation,
            title="Más árboles en la costanera",
            body="<p>Sombra para quienes caminan.</p>",
        ),
        ProposalFactory(
            consultation=supports_consultation,
            title="Ciclovía por Ñuñoa",
            body="<p>Conectar los Espacios Públicos del sector.</p>",
        ),
        ProposalFactory(
            consultation=supports_consultation,
            title="Bicicleteros",
            body=(
                '<p>En las <strong>estaciones</strong>, como en <a href="https://bici.cl" '
                'rel="nofollow ugc">este ejemplo</a>.</p>'
            ),
        ),
    ]
    refresh_proposal_search([p.pk for p in made])
    return made


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("arbol", ["Más árboles en la costanera"]),
        ("ARBOLES", ["Más árboles en la costanera"]),
        ("ciclovia", ["Ciclovía por Ñuñoa"]),
        ("nunoa", ["Ciclovía por Ñuñoa"]),
        ("espacios publicos", ["Ciclovía por Ñuñoa"]),
        ("mas", ["Más árboles en la costanera"]),
    ],
)
def test_proposal_search_ignores_accents_and_case(client, proposals, typed, expected):
    response = client.get(PROPOSALS, {"q": typed})
    assert response.status_code == 200
    assert proposal_titles(response) == expected


def test_a_query_of_punctuation_alone_finds_nothing(client, proposals):
    response = client.get(PROPOSALS, {"q": "¡¿?!"})
    assert response.status_code == 200
    assert proposal_titles(response) == []


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        # A plural finds the singular, a singular the plural (SQLite: word_stems).
        ("ciclovias", ["Ciclovía por Ñuñoa"]),
        ("CICLOVÍAS", ["Ciclovía por Ñuñoa"]),
        ("espacio publico", ["Ciclovía por Ñuñoa"]),
        ("estacion", ["Bicicleteros"]),
        ("estaciones", ["Bicicleteros"]),
        ("arbol", ["Más árboles en la costanera"]),
        ("costaneras", ["Más árboles en la costanera"]),
        ("ejemplos", ["Bicicleteros"]),
        # Words match from their start: "via" is not in "Ciclovía".
        ("via", []),
    ],
)
def test_singular_and_plural_find_each_other(client, proposals, typed, expected):
    assert proposal_titles(client.get(PROPOSALS, {"q": typed})) == expected


@pytest.mark.parametrize("typed", ["nofollow", "strong", "href", "ugc", "https"])
def test_the_html_around_the_text_is_not_searched(client, proposals, typed):
    # The bold and the link of "Bicicleteros" are markup, not what its author wrote.
    assert proposal_titles(client.get(PROPOSALS, {"q": typed})) == []

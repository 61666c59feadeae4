"""consultations.views.proposals_map: /consultas/<slug>/propuestas/mapa/, a Leaflet map
of located proposals with the same list under it (the page works without tiles or JS)."""

import json
import re

import pytest

from tests.consultations.factories import ConsultationFactory, ProposalFactory

URL = "/consultas/ciclovias/propuestas/mapa/"


@pytest.fixture
def located(supports_consultation):
    here = ProposalFactory(
        consultation=supports_consultation,
        title="Con lugar",
        latitude=-33.0472,
        longitude=-71.6127,
        comuna_id="05101",
        support_count=7,
    )
    ProposalFactory(consultation=supports_consultation, title="Sin lugar")
    return here


def markers(response) -> list[dict]:
    html = response.content.decode()
    data = re.search(r'<script id="map-markers" type="application/json">(.*?)</script>', html)
    return json.loads(data.group(1))


def test_map_lists_located_proposals_for_the_map_and_as_text(client, located, settings):
    response = client.get(URL)
    assert response.status_code == 200
    assert markers(response) == [
        {
            "id": located.pk,
            "title": "Con lugar",
            "lat": -33.0472,
            "lon": -71.6127,
            "supports": 7,
            "url": located.get_absolute_url(),
            "place": "Valparaíso (Valparaíso)",
        }
    ]
    html = response.content.decode()
    assert "Sin lugar" not in html
    # Residents read the place, not raw coordinates (issue 9, item 13).
    assert "Valparaíso (Valparaíso)" in html
    assert "latitud -33.0472" not in html
    assert "1 propuesta con ubicación" in html
    assert f'data-tiles="{settings.CABILDO_MAP_TILE_URL}"' in html
    assert "vendor/leaflet/leaflet.css" in html
    assert "js/proposal_map.js" in html
    # The map stays hidden until its script runs: without it the list is the page.
    assert re.search(r'data-map="markers"[^>]*hidden', html)


def test_map_titles_are_escaped_in_the_json(client, supports_consultation):
    ProposalFactory(
        consultation=supports_consultation,
        title="</script><script>alert(1)</script>",
        latitude=-33.0,
        longitude=-71.6,
    )
    html = client.get(URL).content.decode()
    assert "</script><script>alert(1)" not in html


def test_map_filters_like_the_list(client, located, supports_consultation):
    ProposalFactory(
        consultation=supports_consultation,
        title="En Viña",
        latitude=-33.02,
        longitude=-71.55,
        comuna_id="05109",
    )
    assert [m["title"] for m in markers(client.get(URL, {"comuna": "05109"}))] == ["En Viña"]


def test_no_located_proposals_says_so(client, supports_consultation):
    html = client.get(URL).content.decode()
    assert "Ninguna propuesta marcó un lugar todavía." in html


def test_draft_consultation_map_is_not_found(client, db):
    ConsultationFactory(slug="borrador", status="draft")
    assert client.get("/consultas/borrador/propuestas/mapa/").status_code == 404


def test_map_refuses_post(client, located):
    assert client.post(URL).status_code == 405


@pytest.mark.parametrize("count", [3, 30])
def test_map_queries_do_not_grow(
    client, supports_consultation, django_assert_max_num_queries, count
):
    ProposalFactory.create_batch(
        count, consultation=supports_consultation, latitude=-33.0, longitude=-71.6
    )
    # 1. consultation, 2. phases, 3. comunas, 4. topics, 5. count (cold cache), 6. page ids,
    # 7. page rows, 8. their topics, 9. the markers.
    with django_assert_max_num_queries(9):
        assert client.get(URL).status_code == 200

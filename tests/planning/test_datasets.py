"""planning.datasets: /datos/instrumentos-de-planificacion.* and
/datos/destinos-de-aportes.* (public rows only, no person, described by their schemas)."""

import csv
import io
import json
from datetime import date

from planning import schemas
from planning.models import ParticipatoryInstance
from tests.planning.factories import comment_on, outcome_for


def body(response) -> str:
    return b"".join(
        response.streaming_content if response.streaming else [response.content]
    ).decode("utf-8-sig")


def test_instruments_file_with_sections_and_instances(client, instrument, section):
    ParticipatoryInstance.objects.create(
        instrument=instrument,
        title="Cabildo en Petorca",
        kind=ParticipatoryInstance.Kind.SESSION,
        starts_on=date(2026, 3, 1),
        ends_on=date(2026, 3, 1),
        open_to_all_residents=True,
        participants=80,
    )
    items = json.loads(body(client.get("/datos/instrumentos-de-planificacion.json")))["items"]
    assert len(items) == 1
    item = schemas.Instrument.model_validate(items[0])
    assert (item.status, item.elaboration_year) == ("consulta", 2026)
    assert item.sections[0].code == "OE 1"
    assert item.instances[0].participants == 80
    table = list(
        csv.reader(io.StringIO(body(client.get("/datos/instrumentos-de-planificacion.csv"))))
    )
    assert table[1][:4] == ["erd", "Estrategia Regional de Desarrollo", "erd", "consulta"]


def test_outcomes_file_groups_duplicates_and_names_nobody(
    client, proposal, section, official, other_resident
):
    comment = comment_on(proposal, body="<p>Lo mismo.</p>")
    outcome = outcome_for(proposal, comment, sections=[section], decided_by=official, progress=25)
    text = body(client.get("/datos/destinos-de-aportes.json"))
    items = [schemas.ContributionOutcome.model_validate(i) for i in json.loads(text)["items"]]
    assert {(i.contribution_kind, i.contribution_id) for i in items} == {
        ("propuesta", proposal.pk),
        ("comentario", comment.pk),
    }
    assert {i.outcome for i in items} == {outcome.pk}
    assert items[0].sections == ["erd:1"]
    assert items[0].progress == 25
    for name in (official.public_name, other_resident.public_name, official.email):
        assert name not in text


def test_outcome_file_queries_do_not_grow(
    client, proposal, section, official, django_assert_max_num_queries
):
    for _index in range(5):
        outcome_for(comment_on(proposal), sections=[section], decided_by=official)
    # 1. a batch of links with outcomes, 2. their sections, 3. comments, 4. their owners,
    # 5. the empty batch that ends the file.
    with django_assert_max_num_queries(5):
        body(client.get("/datos/destinos-de-aportes.json"))

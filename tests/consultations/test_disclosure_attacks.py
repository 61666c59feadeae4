"""The two known ways to undo small-cell suppression, tried through the results page, its
CSV summary and the API's JSON (every published figure of people goes through
common.disclosure; consultations.results says when).

"Cannot be undone" means: from everything published, the attacker cannot tell the true
count they are after from at least one other true count. It does not mean that naive
subtraction gives a wrong number: with 2 real people and 3 made-up accounts the figure
is 5, and 5 - 3 happens to be right, but 3 or 4 real people publish the same 5.
"""

import csv
import io
import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from accounts.models import User
from consultations.models import Consultation, ParticipationSnapshot, Phase
from tests.consultations.factories import consultation_in
from tests.surveys.factories import add_responses, demographic_people, make_survey

QUILPUE = "05801"
BREAKDOWNS = {
    "comuna": ("por comuna", "by_comuna"),
    "genero": ("por género", "by_gender"),
    "edad": ("por tramo de edad", "by_age_range"),
}
WITHHELD = {"small": "menos de 5", "reserved": "reservado"}


# --- What the attacker reads: every figure of people, from each place it is published ----


def from_page(client, slug: str) -> dict[str, str]:
    response = client.get(f"/consultas/{slug}/resultados/")
    assert response.status_code == 200
    html = response.content.decode()
    total = re.search(r"<dt>Personas participantes</dt><dd>(.*?)</dd>", html).group(1)
    figures = {"total": total}
    for key, (caption, _field) in BREAKDOWNS.items():
        table = re.search(
            rf"<caption[^>]*>Personas participantes {caption}</caption>.*?</table>(.*?</details>)?",
            html,
            re.S,
        )
        if table:
            for label, value in re.findall(
                r'<th scope="row">(.*?)</th><td class="num">(.*?)</td>', table.group(0), re.S
            ):
                figures[f"{key}:{label}"] = value
            # The comunas under 5 grouped in one row (its own figure is checked in
            # test_results_grouping.py): each one is "menos de 5", as in the files.
            members = re.search(
                r'class="results-table__members">.*?<p>(.*?)\.</p>', table.group(0), re.S
            )
            if members:
                for label in members.group(1).split(", "):
                    figures[f"{key}:{label}"] = WITHHELD["small"]
    return figures


def from_csv(client, slug: str) -> dict[str, str]:
    response = client.get(f"/consultas/{slug}/resultados/resumen.csv")
    assert response.status_code == 200
    rows = csv.DictReader(io.StringIO(response.content.decode("utf-8").lstrip("\ufeff")))
    figures = {}
    for row in rows:
        value = row["personas"] or row["nota"]
        if row["seccion"] == "participacion" and row["categoria"] == "Personas participantes":
            figures["total"] = value
        elif row["seccion"].startswith("participantes_por_"):
            key = row["seccion"].removeprefix("participantes_por_")
            figures[f"{key}:{row['categoria']}"] = value
    return figures


def from_api(client, slug: str) -> dict[str, str]:
    response = client.get(f"/api/v1/consultations/{slug}/results/")
    assert response.status_code == 200
    participation = response.json()["participation"]
    total = participation["participants"]
    figures = {"total": WITHHELD["small"] if total is None else str(total)}
    for key, (_caption, field) in BREAKDOWNS.items():
        for cell in participation[field] or []:
            value = WITHHELD[cell["suppressed"]] if cell["count"] is None else str(cell["count"])
            figures[f"{key}:{cell['label']}"] = value
    return figures


def everywhere(client, slug: str) -> dict[str, dict[str, str]]:
    """The figures of people of each place, after checking the places agree."""
    published = {
        "page": from_page(client, slug),
        "csv": from_csv(client, slug),
        "api": from_api(client, slug),
    }
    assert published["page"] == published["csv"] == published["api"]
    return published


def breakdown_figures(published: dict[str, dict[str, str]]) -> dict[str, str]:
    return {key: value for key, value in published["page"].items() if key != "total"}


# --- (a) Padding: made-up accounts push a small cell over the threshold -----------------


def closed_consultation(
    slug: str, *, real_in_cell: int, padding: int, others: int = 10
) -> Consultation:
    """A consultation whose survey (its only way to take part) has closed: ``others``
    women and men of Valparaíso aged 18 to 44, and in the attacker's target cell (Quilpué,
    non-binary, no age stated) ``real_in_cell`` real people and ``padding`` made-up
    accounts. Worlds that differ in ``real_in_cell`` differ only in the target cell."""
    consultation = consultation_in(Phase.Kind.RESULTS, slug=slug)
    survey = make_survey(consultation, state="closed")
    people = demographic_people(others, comunas=("05101",))
    people += demographic_people(
        real_in_cell + padding, comunas=(QUILPUE,), genders=("NB",), ages=("",)
    )
    add_responses(survey, len(people), people=people)
    return consultation


def test_padding_a_small_cell_does_not_reveal_its_true_count(db, client):
    # The attacker adds 3 accounts to the target cell, where 2 real people took part, so
    # it reaches 5 and is published. Had 3 or 4 real people taken part, every published
    # figure of people would be the same, on the page, in the CSV and in the API: the
    # attacker cannot tell 2 from 3 or 4 (5 - 3 = 2 is right only by chance).
    worlds = {}
    for real in (2, 3, 4):
        closed_consultation(f"real-{real}", real_in_cell=real, padding=3)
        worlds[real] = everywhere(client, f"real-{real}")
    page = worlds[2]["page"]
    assert (page["comuna:Quilpué"], page["genero:No binario"], page["edad:Sin dato"]) == (
        "5",
        "5",
        "5",
    )
    assert worlds[2] == worlds[3] == worlds[4]


@pytest.mark.parametrize("padding", range(0, 11))
def test_no_amount_of_padding_singles_out_a_true_count(db, client, padding):
    # Whatever the number of made-up accounts, each true count of one or more real people
    # publishes the same figure as another true count: a band, never the count.
    published = {}
    for real in range(0, 7):
        slug = f"p{padding}-r{real}"
        closed_consultation(slug, real_in_cell=real, padding=padding, others=0)
        published[real] = from_api(client, slug)["comuna:Quilpué"]
    for real in range(1, 6):
        alike = [other for other in published if published[other] == published[real]]
        assert len(alike) >= 2, (real, published)


def test_the_total_minus_the_published_cells_leaves_a_band(db, client):
    # 10 women, 10 men and 1 non-binary person. With exact figures the total (21) minus
    # the published cells (10 + 10) would say that exactly one person is in the small
    # categories. Published figures are multiples of 5, the total rounded on its own, so
    # 0 to 6 people fit the published figures.
    consultation = consultation_in(Phase.Kind.RESULTS, slug="generos")
    people = demographic_people(10, genders=("F",)) + demographic_people(10, genders=("M",))
    people += demographic_people(1, genders=("NB",))
    add_responses(make_survey(consultation, state="closed"), 21, people=people)
    published = everywhere(client, "generos")["api"]
    assert published["total"] == "20"
    assert (published["genero:Femenino"], published["genero:Masculino"]) == ("10", "10")

    def band(value: str) -> range:  # the true counts the stated rule publishes as value
        return range(0, 5) if value == "menos de 5" else range(int(value) - 2, int(value) + 3)

    for value in published.values():
        assert value in WITHHELD.values() or int(value) % 5 == 0  # the stated rule holds
    rest = {
        total - women - men
        for total in band(published["total"])
        for women in band(published["genero:Femenino"])
        for men in band(published["genero:Masculino"])
        if total - women - men >= 0
    }
    assert {0, 1, 2} <= rest


# --- (b) Differencing: two snapshots around one known person ---------------------------


def test_while_open_no_breakdown_is_published_so_two_snapshots_tell_nothing(db, client):
    consultation = consultation_in(Phase.Kind.RESULTS, slug="abierta")
    survey = make_survey(consultation, state="open")
    add_responses(survey, 12, people=demographic_people(12))
    before = everywhere(client, "abierta")
    # One person the attacker knows (a non-binary resident of Quilpué, 60 or older)
    # answers the survey.
    known = demographic_people(1, comunas=(QUILPUE,), genders=("NB",), ages=("60+",))
    add_responses(survey, 1, people=known)
    after = everywhere(client, "abierta")
    assert breakdown_figures(before) == breakdown_figures(after) == {}
    assert before == after  # 12 and 13 people: "10" both times
    assert before["page"]["total"] == "10"
    html = client.get("/consultas/abierta/resultados/").content.decode()
    assert "Cifras de personas redondeadas a múltiplos de 5" in html
    assert "El desglose por comuna, género y tramo de edad se publicará cuando cierre" in html


def test_after_the_close_the_figures_are_frozen(db, client, monkeypatch):
    consultation = closed_consultation("cerrada", real_in_cell=2, padding=0)
    before = everywhere(client, "cerrada")
    api_before = client.get("/api/v1/consultations/cerrada/results/").json()
    # After the close, a response is added anyway (a late row: the total would be 13,
    # published 15) and three participants move to Quilpué in their profiles (its cell
    # would be 5, published). Either would tell the attacker an exact count; neither
    # shows, because the final figures were computed once.
    add_responses(consultation.survey, 1)
    movers = User.objects.filter(comuna_id="05101").order_by("pk").values_list("pk", flat=True)
    User.objects.filter(pk__in=list(movers[:3])).update(comuna_id=QUILPUE, gender="NB")
    # A day later, long after any short cache would have expired.
    later = timezone.now() + timedelta(days=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    after = everywhere(client, "cerrada")
    assert after == before
    api_after = client.get("/api/v1/consultations/cerrada/results/").json()
    assert api_after["participation"] == api_before["participation"]
    assert api_after["generated_at"] == api_before["generated_at"]
    assert (before["page"]["total"], before["page"]["comuna:Quilpué"]) == ("10", "menos de 5")


def test_the_frozen_figures_outlive_the_cache(db, client):
    # A Redis flush (or an eviction) after the close must not compute them once more: the
    # next reading would be a second snapshot.
    consultation = closed_consultation("cerrada", real_in_cell=2, padding=0)
    before = everywhere(client, "cerrada")
    assert ParticipationSnapshot.objects.filter(consultation=consultation).count() == 1
    movers = User.objects.filter(comuna_id="05101").order_by("pk").values_list("pk", flat=True)
    User.objects.filter(pk__in=list(movers[:3])).update(comuna_id=QUILPUE, gender="NB")
    cache.clear()
    assert everywhere(client, "cerrada") == before
    assert ParticipationSnapshot.objects.filter(consultation=consultation).count() == 1

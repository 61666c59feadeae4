"""A place is named one way (accounts.territory.comuna_label): the comuna and its region,
the region left out in sentences about the deployment's own region; a map point through
the same function (accounts.geo.point_label)."""

from accounts.geo import point_label
from accounts.territory import comuna_label


def test_a_comuna_is_named_with_its_region():
    assert comuna_label("05801") == "Quilpué (Valparaíso)"
    assert comuna_label("13101") == "Santiago (Metropolitana de Santiago)"
    assert comuna_label("99999") == ""


def test_the_home_region_is_left_out_where_asked():
    assert comuna_label("05801", home_region="05") == "Quilpué"
    assert comuna_label("13101", home_region="05") == "Santiago (Metropolitana de Santiago)"


def test_a_point_is_named_like_its_comuna():
    assert point_label(-33.05, -71.44) == "Quilpué (Valparaíso)"
    assert point_label(-33.0, -72.5) == ""  # at sea
    assert point_label(float("nan"), 0) == ""

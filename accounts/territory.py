"""Chile's regions and comunas, loaded from ``accounts/data/territorio.json``.

The file names its public source. Loading is an upsert, so the data migration and
``seed_demo`` can both run it any number of times.
"""

import json
from functools import cache
from pathlib import Path
from typing import Any

DATA_FILE = Path(__file__).parent / "data" / "territorio.json"


@cache
def territory_data() -> dict[str, Any]:
    with DATA_FILE.open(encoding="utf-8") as handle:
        return json.load(handle)


def region_codes() -> set[str]:
    return {region["cut"] for region in territory_data()["regions"]}


def load_territory(region_model: Any, comuna_model: Any) -> int:
    """Create or update every region and comuna; return how many comunas the file has.

    Takes the model classes so a migration can pass its historical models.
    """
    data = territory_data()
    regions = [region_model(cut=r["cut"], name=r["name"]) for r in data["regions"]]
    region_model.objects.bulk_create(
        regions, update_conflicts=True, unique_fields=["cut"], update_fields=["name"]
    )
    comunas = [
        comuna_model(
            cut=c["cut"],
            name=c["name"],
            region_id=c["region_cut"],
            province_cut=c["province_cut"],
            province=c["province"],
            latitude=c["lat"],
            longitude=c["lon"],
        )
        for c in data["comunas"]
    ]
    comuna_model.objects.bulk_create(
        comunas,
        update_conflicts=True,
        unique_fields=["cut"],
        update_fields=["name", "region", "province_cut", "province", "latitude", "longitude"],
    )
    return len(comunas)


# --- Names without a query (pages that name a point's comuna) ---------------------------


@cache
def _comunas_by_cut() -> dict[str, dict[str, Any]]:
    return {comuna["cut"]: comuna for comuna in territory_data()["comunas"]}


@cache
def _region_names() -> dict[str, str]:
    return {region["cut"]: region["name"] for region in territory_data()["regions"]}


def comuna_name(cut: str) -> str:
    """The comuna's official name ("Quilpué"), or "" for an unknown code."""
    comuna = _comunas_by_cut().get(cut)
    return comuna["name"] if comuna else ""


def region_name(cut: str) -> str:
    """The region's name as the data file spells it ("Valparaíso"), or ""."""
    return _region_names().get(cut, "")


def comuna_label(cut: str, *, home_region: str = "") -> str:
    """How a place is named to residents: "Quilpué (Valparaíso)", the comuna and its
    region; just "Quilpué" when its region is ``home_region`` (sentences about a
    consultation of the deployment's region name other regions only); "" for an unknown
    code. The one way a comuna is named (pages, the map, the form's sentences)."""
    comuna = _comunas_by_cut().get(cut)
    if comuna is None:
        return ""
    if comuna["region_cut"] == home_region:
        return comuna["name"]
    return f"{comuna['name']} ({region_name(comuna['region_cut'])})"


def region_comuna_cuts(region_cut: str) -> frozenset[str]:
    """The CUT codes of a region's comunas."""
    return frozenset(
        comuna["cut"]
        for comuna in territory_data()["comunas"]
        if comuna["region_cut"] == region_cut
    )

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

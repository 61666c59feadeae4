"""The registry of open datasets: what /datos/ lists and hands out as CSV and JSON files.

Each app that publishes data registers its datasets from its ``AppConfig.ready()``
(``consultations.datasets.register``); the ``opendata`` app, at the top of the layers,
reads the registry to list them, stream the files and describe them in the OpenAPI
document. The registry lives here, below every app, so that an app registers without
importing ``opendata``. It knows nothing of what the rows are.

What an app promises for each dataset: only what anyone can read on the site, and never a
person (no e-mails, ids or names of those who take part). The files carry the CC BY 4.0
licence that ``opendata`` states.
"""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Annotated, Any

from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest
from django.utils.functional import Promise
from pydantic import BaseModel, ConfigDict, Field

type Item = dict[str, Any]


class ItemSchema(BaseModel):
    """Base of the pydantic models that describe items (and the API's responses): closed,
    so the document says ``additionalProperties: false`` and a field that a row builder
    adds without describing it fails validation instead of reaching the public."""

    model_config = ConfigDict(extra="forbid")


# Values the row builders write as text: ISO 8601 date-times (``timezone.localtime``, with
# microseconds, as the CSV has them) and absolute URLs, kept exactly as built.
DateTime = Annotated[str, Field(json_schema_extra={"format": "date-time"})]
Url = Annotated[str, Field(json_schema_extra={"format": "uri"})]
Count = Annotated[int, Field(ge=0)]
Slug = Annotated[str, Field(pattern=r"^[-a-zA-Z0-9_]+$")]


@dataclass(frozen=True)
class Dataset:
    """One public dataset.

    - ``slug``: its files' address, ``/datos/<slug>.csv`` and ``.json`` (Spanish, stable).
    - ``name``: the JSON file's ``"dataset"`` value (English, stable).
    - ``title``, ``description``: what /datos/ says about it (lazy translations).
    - ``columns``: the CSV header; ``csv_rows(item)`` gives an item's rows in that order
      (one or more: a survey's item is one row per option).
    - ``items(request)``: every item, as JSON-ready dicts, in a stable order (ascending
      id). Large datasets yield batch by batch, so a file streams while it is written;
      the request builds absolute URLs.
    - ``item_schema``: a pydantic model of one item (closed: no field it does not list);
      the OpenAPI document describes the JSON file with it, and the tests validate real
      files against that document.
    """

    slug: str
    name: str
    title: str | Promise
    description: str | Promise
    columns: Sequence[str]
    items: Callable[[HttpRequest], Iterable[Item]]
    csv_rows: Callable[[Item], Iterable[Sequence[Any]]]
    item_schema: type | None = None


_datasets: dict[str, Dataset] = {}


def register_dataset(dataset: Dataset) -> None:
    """Publish ``dataset``. Called from an app's ``AppConfig.ready()`` (and by tests);
    /datos/ lists datasets in the order they were registered (``INSTALLED_APPS``)."""
    for other in _datasets.values():
        if dataset.slug == other.slug or dataset.name == other.name:
            raise ImproperlyConfigured(
                f"Dataset {dataset.slug!r} ({dataset.name}) clashes with {other.slug!r} "
                f"({other.name}): slugs and names are addresses and must stay unique."
            )
    _datasets[dataset.slug] = dataset


def unregister_dataset(slug: str) -> None:
    """Withdraw a dataset (tests that register their own)."""
    _datasets.pop(slug, None)


def registered_datasets() -> list[Dataset]:
    """Every published dataset, in registration order."""
    return list(_datasets.values())


def dataset_for(slug: str) -> Dataset | None:
    """The dataset at ``/datos/<slug>.*``, or None."""
    return _datasets.get(slug)

"""What the platform holds about a person: export (JSON) and anonymisation hooks.

``accounts`` sits below every other app, so it cannot know their models. Each app
registers, in its ``AppConfig.ready()``, an exporter (returns a JSON-able section) and,
if it holds personal data of its own, an anonymiser run when the account is deleted.
"""

from collections.abc import Callable
from typing import Any

from django.utils import timezone

Exporter = Callable[[Any], dict[str, Any] | list[Any]]
Anonymiser = Callable[[Any], None]

_exporters: dict[str, Exporter] = {}
_anonymisers: dict[str, Anonymiser] = {}


def register_exporter(section: str, exporter: Exporter) -> None:
    _exporters[section] = exporter


def register_anonymiser(name: str, anonymiser: Anonymiser) -> None:
    _anonymisers[name] = anonymiser


def anonymisers() -> list[Anonymiser]:
    return list(_anonymisers.values())


def export_user_data(user: Any) -> dict[str, Any]:
    """Everything about ``user``, one section per registered exporter."""
    data: dict[str, Any] = {
        "generated_at": timezone.now().isoformat(),
        "format": "cabildo-export/1",
    }
    for section, exporter in sorted(_exporters.items()):
        data[section] = exporter(user)
    return data

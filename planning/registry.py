"""Which participatory processes inform a planning instrument, and how to list them.

``planning`` sits below the apps that run processes (consultations now; the public
account and the councils later), so it cannot import them. Each registers a source once,
in its ``AppConfig.ready()``; an instrument's page shows one section per source.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class InformingProcess:
    """One process, as an instrument's page lists it."""

    title: str
    summary: str
    url: str


@dataclass(frozen=True)
class ProcessSource:
    # The section's heading and what it says when nothing informs the instrument (lazy).
    heading: Any
    empty: Any
    # The public processes that inform ``instrument``, newest first (one query).
    processes: Callable[[Any], list[InformingProcess]]


_sources: dict[str, ProcessSource] = {}


def register_process_source(key: str, source: ProcessSource) -> None:
    """Add a section to the instruments' pages (call once, from the app's ``ready()``)."""
    _sources[key] = source


def process_sources() -> list[ProcessSource]:
    return list(_sources.values())

from dataclasses import dataclass
from typing import Any

from planning.models import PlanningInstrument
from planning.registry import InformingProcess, process_sources


@dataclass(frozen=True)
class ProcessSection:
    heading: Any
    empty: Any
    processes: list[InformingProcess]


def processes_informing(instrument: PlanningInstrument) -> list[ProcessSection]:
    """One section per registered source (``planning.registry``), with the public
    processes that inform the instrument: one query per source."""
    return [
        ProcessSection(source.heading, source.empty, source.processes(instrument))
        for source in process_sources()
    ]

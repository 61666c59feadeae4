"""Open data of the planning app (instruments, sections, outcomes): registered in /datos/
and the API from ``PlanningConfig.ready()``."""


def register() -> None:
    """Register planning's datasets (filled by the outcomes work)."""

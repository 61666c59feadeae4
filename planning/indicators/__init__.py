"""The participation indicators (/indicadores/)."""


def register() -> None:
    """Register the indicators' datasets (filled by the indicators work)."""

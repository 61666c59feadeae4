"""What deliberation plugs into planning: how outcomes find any contribution type."""


def register() -> None:
    """Register the contribution resolver in ``planning.registry`` (filled by the outcomes
    work)."""

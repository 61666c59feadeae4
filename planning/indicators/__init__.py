"""The participation indicators (/indicadores/): the strategic indicator and participation
over time. docs/indicators.md has the criteria and the method."""


def register() -> None:
    """Register the indicators' datasets and admin (``PlanningConfig.ready()``)."""
    from planning.indicators import admin, datasets

    datasets.register()
    admin.register()

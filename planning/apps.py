from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanningConfig(AppConfig):
    name = "planning"
    verbose_name = _("Planificación")

    def ready(self) -> None:
        from planning import datasets, indicators

        datasets.register()
        indicators.register()

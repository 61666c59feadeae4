from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationsConfig(AppConfig):
    name = "consultations"
    verbose_name = _("Consultas")

    def ready(self) -> None:
        from accounts.privacy import register_exporter
        from consultations import contributions, datasets, participation, search, surveys
        from consultations.exports import export_proposals, export_supports
        from consultations.queries import consultations_informing
        from planning.registry import ProcessSource, register_process_source

        contributions.register()
        surveys.register()
        datasets.register()
        search.register()
        participation.register()
        register_exporter("proposals", export_proposals)
        register_exporter("supports", export_supports)
        register_process_source(
            "consultations",
            ProcessSource(
                heading=_("Consultas que lo informan"),
                empty=_("Todavía ninguna consulta informa este instrumento."),
                processes=consultations_informing,
            ),
        )

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationsConfig(AppConfig):
    name = "consultations"
    verbose_name = _("Consultas")

    def ready(self) -> None:
        from accounts.privacy import register_exporter
        from consultations import contributions, surveys
        from consultations.exports import export_proposals, export_supports

        contributions.register()
        surveys.register()
        register_exporter("proposals", export_proposals)
        register_exporter("supports", export_supports)

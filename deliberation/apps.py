from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeliberationConfig(AppConfig):
    name = "deliberation"
    verbose_name = _("Deliberación")

    def ready(self) -> None:
        from django.conf import settings

        from accounts.privacy import register_anonymiser, register_exporter
        from deliberation import contributions, outcomes, participation, privacy, ratelimits, search
        from deliberation.events import DiscussionRoom
        from deliberation.rooms import register_room

        # A malformed limit fails at start-up, not at someone's first comment.
        for spec in settings.CABILDO_RATE_LIMITS.values():
            ratelimits.parse(spec)
        register_exporter("deliberation", privacy.export_deliberation)
        register_anonymiser("deliberation", privacy.anonymise_deliberation)
        register_room(DiscussionRoom())
        contributions.register()
        search.register()
        outcomes.register()
        participation.register()

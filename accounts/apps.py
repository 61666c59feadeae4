from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Personas")

    def ready(self) -> None:
        from common import collation, pagecache

        collation.install()  # Spanish order and fold() on SQLite connections
        pagecache.install()  # every write to a shared table invalidates cached pages

        from accounts import checks  # noqa: F401  (registers the system checks)
        from accounts.exports import export_account
        from accounts.privacy import register_exporter

        register_exporter("account", export_account)

        from allauth.mfa.signals import authenticator_added

        from accounts.middleware import record_activation

        authenticator_added.connect(record_activation, dispatch_uid="cabildo.record_activation")

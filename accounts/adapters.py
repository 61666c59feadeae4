from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.http import HttpRequest
from django.utils import translation

from accounts.models import User
from common.site import government_name


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request: HttpRequest, user: User, form, commit: bool = True) -> User:
        user = super().save_user(request, user, form, commit=False)
        user.display_name = form.cleaned_data["display_name"]
        user.language = translation.get_language() or "es-cl"
        if commit:
            user.save()
        return user

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        """allauth's e-mails (templates/account/email/) sign as Cabildo and its government,
        not as the host name, and greet the person by name when allauth says who it is."""
        user = context.get("user")
        cabildo = {
            "CABILDO_GOVERNMENT_NAME": government_name(),
            "site_url": settings.CABILDO_SITE_URL,
            "recipient_name": user.public_name if isinstance(user, User) else "",
        }
        super().send_mail(template_prefix, email, {**cabildo, **context})

    def send_notification_mail(
        self,
        template_prefix: str,
        user: User,
        context: dict[str, Any] | None = None,
        email: str | None = None,
    ) -> None:
        # Security notices (ACCOUNT_EMAIL_NOTIFICATIONS) name the account holder too.
        super().send_notification_mail(
            template_prefix, user, {"user": user, **(context or {})}, email
        )

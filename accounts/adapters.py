from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.flows.email_verification import (
    consume_email_verification_rate_limit,
)
from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from accounts.demo import is_demo_staff_email
from accounts.models import User
from common.site import government_name

# allauth sends at most one verification e-mail per address every few minutes
# (ACCOUNT_RATE_LIMITS["confirm_email"]) and, within that wait, silently sends none.
VERIFICATION_COOLDOWN = _("Ya te enviamos un correo hace poco; podrás pedir otro en unos minutos.")


def verification_cooling_down(request: HttpRequest, email: str) -> bool:
    """Whether allauth would skip a verification e-mail to ``email`` now (its rate limit,
    checked without counting)."""
    return not consume_email_verification_rate_limit(request, email, dry_run=True)


class AccountAdapter(DefaultAccountAdapter):
    def authenticate(self, request: HttpRequest, **credentials: Any) -> User | None:
        """allauth's check of the password, refusing the demo staff accounts with DEBUG off:
        their password and TOTP secret are published in the README."""
        user = super().authenticate(request, **credentials)
        if user is not None and not settings.DEBUG and is_demo_staff_email(user.email):
            raise ValidationError(
                _("Las cuentas de demostración del equipo no pueden ingresar en este servidor."),
                code="demo_account",
            )
        return user

    def should_send_confirmation_mail(
        self, request: HttpRequest, email_address: EmailAddress, signup: bool
    ) -> bool:
        """Signing in with an address not verified yet sends a new link, unless one went
        out a few minutes ago: then nothing is sent, and the page says so."""
        if not super().should_send_confirmation_mail(request, email_address, signup):
            return False
        if verification_cooling_down(request, email_address.email):
            messages.info(request, VERIFICATION_COOLDOWN)
            return False
        return True

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

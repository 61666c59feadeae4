"""Demo data for accounts: the territory, the divisions and one account per role."""

from typing import TextIO

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.conf import settings

from accounts.models import Comuna, Division, Region, User
from accounts.territory import load_territory

DEMO_PASSWORD = "cabildo-demo-2026"  # noqa: S105  (public on purpose: demo only)
# A fixed TOTP secret for the demo staff accounts, so anyone can add it to an app
# (or run `manage.py demo_totp_code`) and use the staff roles in the demo.
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPCABILDO2"  # noqa: S105  (idem)

DIVISIONS = [
    ("División de Planificación y Desarrollo Regional", "DIPLADE"),
    ("División de Desarrollo Social y Humano", "DIDESO"),
    ("División de Infraestructura y Transporte", "DIT"),
]

ACCOUNTS = [
    # email, display name, flags, needs TOTP
    ("residente@demo.cabildo.cl", "Camila Rojas", {}, False),
    ("vecino@demo.cabildo.cl", "Jorge Muñoz", {}, False),
    ("cosoc@demo.cabildo.cl", "Rosa Huenchumilla", {"is_cosoc_member": True}, False),
    ("moderacion@demo.cabildo.cl", "Equipo de Moderación", {"is_moderator": True}, True),
    # A second moderator: an appeal is resolved by someone other than who decided.
    ("moderacion2@demo.cabildo.cl", "Segunda Moderadora", {"is_moderator": True}, True),
    # A resident a moderator blocked for a week (the moderation demo).
    ("bloqueado@demo.cabildo.cl", "Tomás Vidal", {}, False),
    ("funcionaria@demo.cabildo.cl", "Paula Contreras", {"is_official": True}, True),
    (
        "admin@demo.cabildo.cl",
        "Administración Cabildo",
        {"is_staff": True, "is_superuser": True},
        True,
    ),
]
# Their password and TOTP secret are public: with DEBUG off they are never created, and
# refuse to sign in (accounts.adapters.AccountAdapter.authenticate).
DEMO_STAFF_EMAILS = frozenset(email for email, _name, _flags, staff in ACCOUNTS if staff)


def is_demo_staff_email(email: str) -> bool:
    return (email or "").strip().lower() in DEMO_STAFF_EMAILS


def seed(stdout: TextIO) -> list[tuple[str, str]]:
    """Create or refresh the demo accounts; return (role, e-mail) lines for the summary.

    With DEBUG off (``seed_demo --allow-production``, a public demonstration server) the
    staff accounts are left out: anyone could sign in with their published secrets."""
    count = load_territory(Region, Comuna)
    own = Comuna.objects.filter(region_id=settings.CABILDO_REGION_CODE).order_by("cut")
    stdout.write(f"Territory: {count} comunas, {own.count()} in the deployment's region.\n")
    divisions = [
        Division.objects.update_or_create(name=name, defaults={"acronym": acronym})[0]
        for name, acronym in DIVISIONS
    ]
    comunas = list(own[:4])
    summary = []
    for index, (email, name, flags, needs_totp) in enumerate(ACCOUNTS):
        if needs_totp and not settings.DEBUG:
            stdout.write(
                f"Skipped {email}: staff demo accounts are never created with DEBUG off.\n"
            )
            continue
        defaults = {
            "display_name": name,
            "comuna": comunas[index % len(comunas)] if comunas else None,
            **flags,
        }
        if flags.get("is_official"):
            defaults["division"] = divisions[0]
        user, created = User.objects.update_or_create(email=email, defaults=defaults)
        if created or not user.has_usable_password():
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        if (
            needs_totp
            and not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
        ):
            TOTP.activate(user, DEMO_TOTP_SECRET)
        summary.append((name, email))
    return summary

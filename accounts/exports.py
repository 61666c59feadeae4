"""The accounts section of a person's data export."""

from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator

from accounts.models import Notification, User
from accounts.roles import roles_of


def export_account(user: User) -> dict[str, Any]:
    return {
        "email": user.email,
        "display_name": user.display_name,
        "date_joined": user.date_joined.isoformat(),
        "last_login": user.last_login.isoformat() if user.last_login else None,
        "language": user.language,
        "comuna": {"cut": user.comuna.cut, "name": user.comuna.name} if user.comuna else None,
        "gender": user.gender or None,
        "age_range": user.age_range or None,
        # The RUT the person typed, held or claimed alike (as their profile shows it).
        "rut": user.declared_rut,
        "email_frequency": user.email_frequency,
        "verified_resident": user.is_verified_resident,
        "verified_at": user.verified_at.isoformat() if user.verified_at else None,
        # Where the residence was verified, which may differ from the profile's comuna.
        "verified_comuna": {"cut": user.verified_comuna_id, "name": user.verified_comuna_name}
        if user.verified_comuna_name
        else None,
        "roles": [str(role.value) for role in roles_of(user)],
        "division": str(user.division) if user.division_id else None,
        "email_addresses": [
            {"email": a.email, "verified": a.verified, "primary": a.primary}
            for a in EmailAddress.objects.filter(user=user).order_by("email")
        ],
        # Secrets stay out of the export: only which kinds of second factor exist.
        "two_factor": sorted(
            Authenticator.objects.filter(user=user).values_list("type", flat=True)
        ),
        "notifications": [
            {
                "kind": n.kind,
                "subject": n.subject,
                "body": n.body,
                "url": n.url,
                "created_at": n.created_at.isoformat(),
                "read_at": n.read_at.isoformat() if n.read_at else None,
            }
            for n in Notification.objects.filter(recipient=user).order_by("created_at")
        ],
    }

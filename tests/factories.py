"""Factories for volume; the named personas live in tests/conftest.py."""

import factory
from allauth.account.models import EmailAddress

from accounts.models import Comuna, Division, Notification, User

PASSWORD = "contraseña-de-prueba-123"


class DivisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Division
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"División de prueba {n}")
    acronym = factory.Sequence(lambda n: f"DP{n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"persona{n}@ejemplo.cl")
    display_name = factory.Sequence(lambda n: f"Persona {n}")
    comuna = factory.LazyFunction(lambda: Comuna.objects.get(cut="05101"))
    # A verified person was verified where their profile placed them (as the official's
    # page does), unless the test says otherwise.
    verified_comuna = factory.LazyAttribute(
        lambda person: person.comuna if getattr(person, "is_verified_resident", False) else None
    )

    @factory.post_generation
    def password(self, create: bool, extracted: str | None, **kwargs) -> None:
        self.set_password(extracted or PASSWORD)
        if create:
            self.save(update_fields=["password"])

    @factory.post_generation
    def verified_email(self, create: bool, extracted: bool | None, **kwargs) -> None:
        if create and extracted is not False:
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)


class NotificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Notification

    recipient = factory.SubFactory(UserFactory)
    kind = "test.kind"
    subject = factory.Sequence(lambda n: f"Aviso {n}")
    url = "/"

"""Factories shared by every app's tests (users, accounts)."""

import factory
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

PASSWORD = "Mot-de-passe-solide-2026"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"personne{n}@exemple.fr")
    name = factory.Faker("name", locale="fr_FR")
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def verified(obj, create, extracted, **kwargs):
        """Give the user a confirmed primary email (pass verified=False to skip)."""
        if create and extracted is not False:
            EmailAddress.objects.get_or_create(
                user=obj, email=obj.email, defaults={"verified": True, "primary": True}
            )


class StaffFactory(UserFactory):
    """A member of staff with a second factor (TOTP), as production requires; pass
    mfa=False for one without."""

    is_staff = True

    @factory.post_generation
    def mfa(obj, create, extracted, **kwargs):
        if create and extracted is not False:
            Authenticator.objects.get_or_create(
                user=obj, type=Authenticator.Type.TOTP, defaults={"data": {"secret": "test"}}
            )

    @factory.post_generation
    def groups(obj, create, extracted, **kwargs):
        """Put the user in the staff groups named in `groups` (a list of names)."""
        if create and extracted:
            obj.groups.add(*(Group.objects.get(name=name) for name in extracted))


class SuperuserFactory(StaffFactory):
    is_staff = True
    is_superuser = True

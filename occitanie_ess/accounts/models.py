"""The portal's user: a person identified by their email address, with a display name.

Django's default user requires a unique username, which the portal never asks for: every
account then shared the empty username and the second sign-up failed. Here the email is
the identifier (stored in lower case, so unique whatever its case) and `name` is how staff
screens, emails and exports address the person.
"""

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager):
    use_in_migrations = True

    def get_by_natural_key(self, email):
        return self.get(email__iexact=email)

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email), **extra_fields)
        user.set_password(password)
        user.full_clean(exclude=["password"], validate_unique=False, validate_constraints=False)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields["is_staff"] = True
        extra_fields["is_superuser"] = True
        return self._create_user(email, password, **extra_fields)


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(
        _("adresse électronique"),
        max_length=254,
        unique=True,
        error_messages={"unique": _("Un compte existe déjà avec cette adresse électronique.")},
    )
    name = models.CharField(
        _("nom affiché"),
        max_length=150,
        blank=True,
        help_text=_("Prénom et nom, tels qu'ils apparaissent aux équipes et dans les courriels."),
    )
    is_staff = models.BooleanField(
        _("membre de l'équipe"),
        default=False,
        help_text=_("Peut se connecter à l'administration."),
    )
    is_active = models.BooleanField(
        _("actif"),
        default=True,
        help_text=_("Décochez plutôt que de supprimer le compte."),
    )
    date_joined = models.DateTimeField(_("date d'inscription"), default=timezone.now)

    class Notifications(models.TextChoices):
        IMMEDIATE = "immediat", _("Un courriel à chaque fois")
        DAILY = "quotidien", _("Un résumé par jour")
        NONE = "aucun", _("Aucun courriel")

    staff_notifications = models.CharField(
        _("courriels de l'équipe"),
        max_length=10,
        choices=Notifications,
        default=Notifications.IMMEDIATE,
        help_text=_(
            "Pour les membres de l'équipe : comment être prévenu de ce qui les attend "
            "(candidature déposée, exposant à confirmer, conflit de réservation)."
        ),
    )

    objects = UserManager()

    EMAIL_FIELD = "email"
    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = ["name"]

    class Meta:
        verbose_name = _("compte")
        verbose_name_plural = _("comptes")
        ordering = ["email"]

    def __str__(self) -> str:
        """Return « Name <email> », or the email alone when no name was given."""
        return f"{self.name} <{self.email}>" if self.name else self.email

    def save(self, *args, **kwargs):
        # One address, one account, whatever the case it is typed in (allauth lowercases too).
        self.email = self.email.strip().lower()
        super().save(*args, **kwargs)

    def get_full_name(self) -> str:
        """Return the display name, or the email when the person gave none."""
        return self.name or self.email

    def get_short_name(self) -> str:
        """Return the first word of the display name, or the email."""
        return self.name.split()[0] if self.name.strip() else self.email


def user_display(user) -> str:
    """Return how allauth's pages and emails name the person (ACCOUNT_USER_DISPLAY)."""
    return user.get_full_name()

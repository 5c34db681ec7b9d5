import secrets

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Crée un compte d'administration s'il n'en existe aucun et affiche son mot de passe une "
        "seule fois. / Creates a superuser when there is none; prints its password once."
    )

    def add_arguments(self, parser):
        parser.add_argument("--email", default="admin@ess-occitanie.localhost")

    def handle(self, *args, **options):
        User = get_user_model()
        if User.objects.filter(is_superuser=True).exists():
            self.stdout.write("Un compte d'administration existe déjà : rien à faire.")
            return
        password = secrets.token_urlsafe(15)
        email = options["email"]
        user = User.objects.create_superuser(
            email=email, name="Administration du portail", password=password
        )
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        self.stdout.write(
            self.style.WARNING(
                "\nCompte d'administration créé (ce mot de passe ne sera plus affiché) :\n"
                f"  identifiant : {email}\n  mot de passe : {password}\n"
            )
        )

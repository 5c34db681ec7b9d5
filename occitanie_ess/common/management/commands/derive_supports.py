from django.core.management.base import BaseCommand
from django.db import transaction

from occitanie_ess.common import registry


class Command(BaseCommand):
    help = (
        "Réaligne les accompagnements de l'annuaire sur leurs enregistrements d'origine "
        "(résidences, promotions, financements). / Rebuilds the derived support rows."
    )

    def handle(self, *args, **options):
        for name, rederive in registry.support_sources():
            with transaction.atomic():
                counts = rederive()
            self.stdout.write(
                f"{name} : {counts['created']} créé(s), {counts['updated']} mis à jour, "
                f"{counts['deleted']} supprimé(s)."
            )

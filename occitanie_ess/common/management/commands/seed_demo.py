from django.core.management.base import BaseCommand
from django.db import transaction

from occitanie_ess.common import registry
from occitanie_ess.common.search import search_index_rebuild


class Command(BaseCommand):
    help = (
        "Charge les données de démonstration (idempotent) : les entités du document fondateur, "
        "puis des entreprises générées. / Loads the demo data, idempotently."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--enterprises",
            type=int,
            default=60,
            help="Nombre total d'entreprises générées (Faker fr_FR) ; 100000 pour les mesures.",
        )
        parser.add_argument("--seed", type=int, default=2015, help="Graine du générateur.")

    def handle(self, *args, **options):
        if options["enterprises"] < 0:
            self.stderr.write("--enterprises doit être positif ou nul.")
            return
        for loader in registry.seeders():
            with transaction.atomic():
                loader(stdout=self.stdout, options=options)
        # Bulk-created rows send no signal: the search index is rebuilt once, at the end.
        search_index_rebuild(stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Données de démonstration chargées."))

from django.core.management.base import BaseCommand

from occitanie_ess.common.search import search_index_rebuild


class Command(BaseCommand):
    help = (
        "Reconstruit l'index de la recherche du site (pages, fiches des applications, "
        "vocabulaire). / Rebuilds the site-wide search index and its vocabulary."
    )

    def handle(self, *args, **options):
        counts = search_index_rebuild(stdout=self.stdout)
        for name, count in sorted(counts.items()):
            self.stdout.write(f"  {name} : {count}")

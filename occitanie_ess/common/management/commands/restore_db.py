from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from occitanie_ess.common import dbtools


class Command(BaseCommand):
    help = (
        "Restaure une sauvegarde dans une base vide (DATABASE_URL, ou --database-url). "
        "/ Restores a dump into an empty database."
    )

    def add_arguments(self, parser):
        parser.add_argument("dump", type=Path)
        parser.add_argument("--database-url", help="Base cible, vide (défaut : DATABASE_URL).")

    def handle(self, *args, **options):
        if not options["dump"].is_file():
            raise CommandError(f"Fichier introuvable : {options['dump']}")
        if options["database_url"]:
            config = dbtools.config_from_url(options["database_url"])
        else:
            config = settings.DATABASES["default"]
        dbtools.restore(config, options["dump"])
        self.stdout.write(self.style.SUCCESS(f"Sauvegarde restaurée dans « {config['NAME']} »."))

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from occitanie_ess.common import dbtools


class Command(BaseCommand):
    help = "Sauvegarde la base dans un fichier pg_dump (format custom). / Dumps the database."

    def add_arguments(self, parser):
        default = Path(settings.BASE_DIR) / "var" / "backups"
        parser.add_argument("--output", type=Path, help=f"Fichier de sortie (défaut : {default}/…)")

    def handle(self, *args, **options):
        output = options["output"]
        if output is None:
            folder = Path(settings.BASE_DIR) / "var" / "backups"
            folder.mkdir(parents=True, exist_ok=True)
            output = folder / f"occitanie_ess-{timezone.localtime():%Y%m%d-%H%M%S}.dump"
        dbtools.dump(settings.DATABASES["default"], output)
        self.stdout.write(self.style.SUCCESS(f"Sauvegarde écrite : {output}"))

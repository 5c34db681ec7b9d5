from django.core.management.base import BaseCommand

from occitanie_ess.common.notifications import staff_digests_send


class Command(BaseCommand):
    help = (
        "Envoie à chaque membre de l'équipe le résumé quotidien de ce qui l'attend (à lancer "
        "une fois par jour). / Mails each member of staff their daily summary."
    )

    def handle(self, *args, **options):
        count = staff_digests_send()
        self.stdout.write(f"{count} résumé(s) envoyé(s).")

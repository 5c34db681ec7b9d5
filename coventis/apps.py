from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _ensure_organisers_group(sender, **kwargs):
    from coventis.services import organisers_group_ensure

    organisers_group_ensure()


class CoventisConfig(AppConfig):
    name = "coventis"
    verbose_name = _("Coventis, salon d'affaires")

    def ready(self):
        # Register this app's contributions to the shared pages (home figures, search,
        # sitemap, open data, directory panels, demo data).
        from coventis import contributions  # noqa: F401

        # The staff group "Organisation Coventis", after auth created the permissions.
        post_migrate.connect(
            _ensure_organisers_group, sender=self, dispatch_uid="coventis_organisers_group"
        )

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class CommonConfig(AppConfig):
    name = "occitanie_ess.common"
    label = "common"
    verbose_name = _("Socle commun")

    def ready(self):
        from occitanie_ess.common import cache, checks  # noqa: F401  (checks registers them)
        from occitanie_ess.common.groups import staff_groups_post_migrate

        # The staff groups the apps register, after each app's migrations (auth's own
        # receiver, connected earlier, has created that app's permissions by then).
        post_migrate.connect(staff_groups_post_migrate, dispatch_uid="common_staff_groups")
        cache.connect_signals()
        # Every app's contributions.py, this one's included, in the order of
        # INSTALLED_APPS, as the admin discovers admin.py: all the apps and their models
        # are loaded once any app's ready() runs.
        autodiscover_modules("contributions")

"""Admin for the directory team: filters, search, autocomplete, history, CSV import with a
dry run, duplicate warnings, bulk publication."""

import datetime

from django.contrib import admin, messages
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext, ngettext_lazy
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportModelAdmin
from simple_history.admin import SimpleHistoryAdmin

from occitanie_ess.common.admin_tools import service_action
from occitanie_ess.common.registry import DashboardBlock, Todo
from structures import services
from structures.models import (
    Departement,
    Enterprise,
    Organisation,
    Support,
    SupportStructure,
    Thematic,
)
from structures.resources import EnterpriseResource

# A record not checked for a year is due for a check (the directory's freshness promise).
VERIFY_AFTER_DAYS = 365


class VerificationFilter(admin.SimpleListFilter):
    title = _("vérification")
    parameter_name = "verification"

    def lookups(self, request, model_admin):
        return [("a-verifier", _("à vérifier (plus d'un an ou jamais)"))]

    def queryset(self, request, queryset):
        if self.value() == "a-verifier":
            limit = timezone.localdate() - datetime.timedelta(days=VERIFY_AFTER_DAYS)
            return queryset.filter(Q(last_verified__isnull=True) | Q(last_verified__lt=limit))
        return queryset


def dashboard(request):
    """The directory block of the admin's home, for those who edit it: published and
    unpublished records, and the ones due for a check."""
    if not request.user.has_perm("structures.change_enterprise"):
        return None
    limit = timezone.localdate() - datetime.timedelta(days=VERIFY_AFTER_DAYS)
    stale = Q(last_verified__isnull=True) | Q(last_verified__lt=limit)
    counts = Organisation.objects.aggregate(
        enterprises=Count("pk", filter=Q(category=Organisation.Category.ENTERPRISE)),
        structures=Count("pk", filter=Q(category=Organisation.Category.STRUCTURE)),
        unpublished=Count(
            "pk", filter=Q(category=Organisation.Category.ENTERPRISE, is_published=False)
        ),
        stale=Count("pk", filter=Q(category=Organisation.Category.ENTERPRISE) & stale),
    )
    enterprises = reverse("admin:structures_enterprise_changelist")
    structures = reverse("admin:structures_supportstructure_changelist")
    return DashboardBlock(
        title=gettext("Annuaire"),
        figures=(
            (gettext("Entreprises sociales"), counts["enterprises"], enterprises),
            (gettext("Structures d'accompagnement"), counts["structures"], structures),
            (
                gettext("Entreprises non publiées"),
                counts["unpublished"],
                f"{enterprises}?is_published__exact=0",
            ),
        ),
        links=(
            (
                gettext("Importer des entreprises (CSV)"),
                reverse("admin:structures_enterprise_import"),
            ),
            (gettext("Accompagnements"), reverse("admin:structures_support_changelist")),
        ),
        todos=(
            Todo(
                gettext("Fiches d'entreprise à vérifier (plus d'un an ou jamais)"),
                counts["stale"],
                f"{enterprises}?verification=a-verifier",
            ),
        ),
        order=50,
    )


@admin.register(Departement)
class DepartementAdmin(admin.ModelAdmin):
    list_display = ("code", "name")
    search_fields = ("code", "name")

    def has_add_permission(self, request):
        # The 13 départements come from a data migration (INSEE codes).
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Thematic)
class ThematicAdmin(admin.ModelAdmin):
    list_display = ("name", "slug")
    search_fields = ("name",)
    prepopulated_fields = {"slug": ("name",)}


class SupportInline(admin.TabularInline):
    """The supports typed in the directory (incubations…). Those derived from a residency,
    a cohort or a financing are changed where their record lives, and listed read-only
    under "Accompagnements"."""

    model = Support
    extra = 0
    autocomplete_fields = ("structure", "enterprise")

    def get_queryset(self, request):
        return super().get_queryset(request).typed()


class EnterpriseSupportInline(SupportInline):
    fk_name = "enterprise"
    verbose_name_plural = _("accompagnements reçus")


class StructureSupportInline(SupportInline):
    fk_name = "structure"
    verbose_name_plural = _("entreprises accompagnées")


def _publication_action(*, published: bool, name: str, description, done):
    return service_action(
        name=name,
        description=description,
        done=done,
        bulk=lambda request, queryset: services.organisations_set_published(
            organisations=queryset, published=published, user=request.user
        ),
    )


publish = _publication_action(
    published=True,
    name="publish",
    description=_("Publier les fiches sélectionnées"),
    done=ngettext_lazy("%(count)d fiche publiée.", "%(count)d fiches publiées.", "count"),
)
unpublish = _publication_action(
    published=False,
    name="unpublish",
    description=_("Dépublier les fiches sélectionnées"),
    done=ngettext_lazy("%(count)d fiche dépubliée.", "%(count)d fiches dépubliées.", "count"),
)


class OrganisationAdmin(SimpleHistoryAdmin):
    """What support structures and enterprises share in the admin."""

    search_fields = ("name", "slug", "siret", "commune")
    list_select_related = ("departement",)
    autocomplete_fields = ("departement", "thematics")
    prepopulated_fields = {"slug": ("name",)}
    readonly_fields = ("created_at", "updated_at")
    list_per_page = 50
    actions = (publish, unpublish)
    date_hierarchy = "updated_at"

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        self.warn_duplicates(request, obj)

    def warn_duplicates(self, request, obj) -> None:
        """Warn (after saving) about other records with a nearly identical name."""
        similar = list(Organisation.objects.exclude(pk=obj.pk).similar_to(obj.name)[:5])
        if not similar:
            return
        links = format_html_join(
            ", ",
            '<a href="{}">{}</a>',
            (
                (
                    reverse(
                        "admin:structures_enterprise_change"
                        if other.is_enterprise
                        else "admin:structures_supportstructure_change",
                        args=[other.pk],
                    ),
                    other.name,
                )
                for other in similar
            ),
        )
        messages.warning(
            request,
            format_html(
                "{} {}",
                _("Doublon possible : des fiches portent un nom presque identique :"),
                links,
            ),
        )


# Where a structure or an enterprise is and how to reach it: both admins show the same.
CONTACT_FIELDS = (
    "address",
    "postcode",
    "commune",
    "code_insee",
    "departement",
    ("latitude", "longitude"),
    "website",
    "social_links",
    "email",
    "phone",
)


@admin.register(SupportStructure)
class SupportStructureAdmin(OrganisationAdmin):
    list_display = ("name", "kind", "commune", "departement", "is_published", "updated_at")
    list_filter = ("kind", "departement", "is_published", VerificationFilter, "thematics")
    inlines = (StructureSupportInline,)
    fieldsets = (
        (None, {"fields": ("name", "slug", "kind", "operator", "description", "logo")}),
        (
            _("Coordonnées"),
            {"fields": (*CONTACT_FIELDS, "siret")},
        ),
        (
            _("Publication"),
            {"fields": ("thematics", "is_published", "last_verified", "created_at", "updated_at")},
        ),
    )

    def save_model(self, request, obj, form, change):
        obj.category = Organisation.Category.STRUCTURE
        super().save_model(request, obj, form, change)


@admin.register(Enterprise)
class EnterpriseAdmin(ImportExportModelAdmin, OrganisationAdmin):
    resource_classes = (EnterpriseResource,)
    list_display = (
        "name",
        "legal_form",
        "esus",
        "siret",
        "commune",
        "departement",
        "is_published",
        "updated_at",
    )
    list_filter = (
        "legal_form",
        "esus",
        "departement",
        "is_published",
        VerificationFilter,
        "headcount",
        "thematics",
    )
    inlines = (EnterpriseSupportInline,)
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "name",
                    "slug",
                    "legal_form",
                    "esus",
                    "siret",
                    "creation_date",
                    "headcount",
                    "logo",
                )
            },
        ),
        (_("Présentation"), {"fields": ("description", "social_impact", "thematics")}),
        (
            _("Coordonnées"),
            {"fields": CONTACT_FIELDS},
        ),
        (
            _("Publication"),
            {"fields": ("is_published", "last_verified", "created_at", "updated_at")},
        ),
    )

    def save_model(self, request, obj, form, change):
        obj.category = Organisation.Category.ENTERPRISE
        super().save_model(request, obj, form, change)


@admin.register(Support)
class SupportAdmin(SimpleHistoryAdmin):
    list_display = ("structure", "enterprise", "kind", "start_date", "end_date", "source")
    list_filter = ("source", "kind", "structure")
    list_select_related = ("structure", "enterprise")
    search_fields = ("structure__name", "enterprise__name")
    autocomplete_fields = ("structure", "enterprise")
    date_hierarchy = "start_date"

    def has_change_permission(self, request, obj=None):
        # A derived support changes with its residency, cohort membership or financing.
        if obj is not None and not obj.is_typed:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and not obj.is_typed:
            return False
        return super().has_delete_permission(request, obj)

    def delete_queryset(self, request, queryset):
        # Bulk deletion from the list removes typed supports only.
        super().delete_queryset(request, queryset.typed())

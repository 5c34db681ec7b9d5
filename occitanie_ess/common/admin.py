"""Admin of the common toolkit: the search's synonyms and acronyms, and its index."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from occitanie_ess.common.models import SearchDocument, Synonym
from occitanie_ess.common.search import search_index_rebuild


@admin.register(Synonym)
class SynonymAdmin(admin.ModelAdmin):
    """Staff list what visitors type for one another (PTCE ↔ pôle territorial…)."""

    list_display = ("term", "equivalents", "updated_at")
    search_fields = ("term", "equivalents")
    actions = ("rebuild_index",)

    @admin.action(description=_("Reconstruire l'index de la recherche"))
    def rebuild_index(self, request, queryset):
        counts = search_index_rebuild()
        self.message_user(
            request,
            _("Index reconstruit : %(count)s documents.") % {"count": sum(counts.values())},
            messages.SUCCESS,
        )


@admin.register(SearchDocument)
class SearchDocumentAdmin(admin.ModelAdmin):
    """What the search holds, read-only: the apps fill it from their records."""

    list_display = ("title", "kind", "url", "source", "updated_at")
    list_filter = ("source", "kind")
    search_fields = ("title", "url")
    readonly_fields = ("source", "key", "kind", "title", "url", "keywords", "body", "boost")
    exclude = ("vector", "title_search")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

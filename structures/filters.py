"""The directory's facets (django-filter): the filter state lives in the URL's query."""

from functools import cached_property

import django_filters
from django import forms
from django.db.models import F, FloatField, Value
from django.utils.translation import gettext_lazy as _

from occitanie_ess.common.pagination import CappedPaginator
from structures.models import SEARCH_STAGES, Organisation, SupportStructure, Thematic
from structures.territory import DEPARTEMENTS

PAGE_SIZES = (10, 20, 50, 100)
DEFAULT_PAGE_SIZE = 20
# The directory counts and pages through at most this many records ("plus de 1 000"): a visitor
# refines rather than reads 50 pages, and crawlers reach every record through sitemap.xml.
COUNT_CAP = 1_000


# The 13 départements are the territory's fixed list: validating a code needs no query.
DEPARTEMENT_CHOICES = [(code, f"{name} ({code})") for code, name, _slug in DEPARTEMENTS]


def departement_filter(*, empty_label, **kwargs) -> django_filters.ChoiceFilter:
    """Return the facet « Département » (`departement=34`), as every public list offers it:
    pass `field_name` (the path to a département's code) or `method`."""
    return django_filters.ChoiceFilter(
        label=_("Département"), choices=DEPARTEMENT_CHOICES, empty_label=empty_label, **kwargs
    )


def thematic_filter(*, field_name: str, empty_label) -> django_filters.ModelChoiceFilter:
    """Return the facet « Thématique » (`thematique=<slug>`) on the thematics at `field_name`."""
    return django_filters.ModelChoiceFilter(
        label=_("Thématique"),
        field_name=field_name,
        queryset=Thematic.objects.all(),
        to_field_name="slug",
        empty_label=empty_label,
    )


class DirectoryFilter(django_filters.FilterSet):
    """Search, facets and sort of the public directory.

    An invalid value in one field (an unknown département, a made-up sort) leaves that
    field out: the list is still answered, filtered by the valid fields, and the form
    shows the French error next to the field.
    """

    SORTS = (
        ("pertinence", _("Pertinence (avec une recherche)")),
        ("nom", _("Nom, de A à Z")),
        ("-nom", _("Nom, de Z à A")),
        ("-creation", _("Création, la plus récente d'abord")),
        ("-maj", _("Mise à jour, la plus récente d'abord")),
    )
    # Names sort as a French reader expects, whatever the database's collation: by the
    # name without accents and in lower case (`name_search`: « Épicerie » among the E, not
    # after « Zèbre » as the C collation puts it), then as written, then by id.
    BY_NAME = ("name_search", "name", "id")
    SORT_FIELDS = {
        # The default order: support structures ("structure" sorts after "entreprise")
        # first, then every record by name.
        "defaut": ("-category", *BY_NAME),
        "nom": BY_NAME,
        "-nom": tuple(f"-{field}" for field in BY_NAME),
        "-creation": (F("creation_date").desc(nulls_last=True), *BY_NAME),
        "-maj": ("-updated_at", "id"),
    }

    q = django_filters.CharFilter(
        label=_("Rechercher"),
        method="filter_search",
        max_length=200,
        help_text=_("Un nom, une commune, une activité ; les accents et fautes légères passent."),
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    categorie = django_filters.ChoiceFilter(
        label=_("Catégorie"),
        field_name="category",
        choices=Organisation.Category.choices,
        empty_label=_("Toutes"),
    )
    type = django_filters.ChoiceFilter(
        label=_("Type de structure"),
        field_name="kind",
        choices=Organisation.Kind.choices,
        empty_label=_("Tous"),
    )
    departement = departement_filter(method="filter_departement", empty_label=_("Tous"))
    thematique = thematic_filter(field_name="thematics", empty_label=_("Toutes"))
    forme = django_filters.ChoiceFilter(
        label=_("Forme juridique"),
        field_name="legal_form",
        choices=Organisation.LegalForm.choices,
        empty_label=_("Toutes"),
    )
    esus = django_filters.ChoiceFilter(
        label=_("Agrément ESUS"),
        choices=(("oui", _("Avec l'agrément ESUS")), ("non", _("Sans l'agrément ESUS"))),
        method="filter_esus",
        empty_label=_("Indifférent"),
    )
    accompagnee_par = django_filters.ModelChoiceFilter(
        label=_("Accompagnée par"),
        queryset=SupportStructure.objects.published().only("id", "slug", "name"),
        to_field_name="slug",
        method="filter_supported_by",
        empty_label=_("Toute structure"),
    )
    tri = django_filters.ChoiceFilter(
        label=_("Trier par"),
        choices=SORTS,
        method="filter_sort",
        empty_label=_("Par défaut"),
    )
    taille = django_filters.TypedChoiceFilter(
        label=_("Résultats par page"),
        choices=[(str(size), str(size)) for size in PAGE_SIZES],
        coerce=int,
        method="filter_nothing",
    )

    class Meta:
        model = Organisation
        fields = []

    def __init__(self, *args, search_stage: int = 0, analysed=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.search_stage = search_stage
        self._analysed = analysed

    @property
    def analysed(self):
        """Return the search's analysis (occitanie_ess.common.search.analyse), made once
        for this filter and the wider ones it leads to."""
        if self._analysed is None:
            from occitanie_ess.common.search import analyse

            self._analysed = analyse(self.query)
        return self._analysed

    def filter_search(self, queryset, name, value):
        if not value.strip():
            return queryset
        found = queryset.search_stage(value, self.search_stage, analysed=self.analysed)
        if found is None:  # a stage that does not apply: nothing, and on to the next one
            return queryset.none().annotate(rank=Value(0.0, output_field=FloatField()))
        return found

    def widened(self):
        """Return this filter at the search's next stage, or None.

        Organisation.search answers with the first stage that matches a record anywhere in
        the directory. Asking it first costs every page a query; instead a page asks at
        the first stage, and only when it comes back empty checks whether that stage
        matches anything at all (then the empty page is the answer, as before) or moves
        to the next stage that applies. Same answers, one query fewer on every page
        that finds something.
        """
        query = self.query
        if not query or self.search_stage >= SEARCH_STAGES - 1:
            return None
        published = Organisation.objects.published()
        current = published.search_stage(query, self.search_stage, analysed=self.analysed)
        if current is not None and current.exists():
            return None
        for stage in range(self.search_stage + 1, SEARCH_STAGES):
            if published.search_stage(query, stage, analysed=self.analysed) is not None:
                return DirectoryFilter(
                    self.data, queryset=self.queryset, search_stage=stage, analysed=self.analysed
                )
        return None

    def widest(self, found) -> "DirectoryFilter":
        """Return this filter, or the wider one its search leads to (`widened`) as long as
        `found(filter)` is false: what a page shows when its own query found nothing."""
        filterset = self
        while filterset.query and not found(filterset):
            wider = filterset.widened()
            if wider is None:
                break
            filterset = wider
        return filterset

    @cached_property
    def paginator(self) -> CappedPaginator:
        """Return the list's pages: the records in their order, as directory cards, counted
        and paged through up to COUNT_CAP."""
        return CappedPaginator(
            self.ordered(), self.page_size, cap=COUNT_CAP, rows=Organisation.objects.for_cards()
        )

    def filter_departement(self, queryset, name, value):
        return queryset.in_departement(value)

    def filter_esus(self, queryset, name, value):
        return queryset.filter(esus=value == "oui")

    def filter_supported_by(self, queryset, name, value):
        return queryset.supported_by(value)

    def filter_sort(self, queryset, name, value):
        # Sorting is applied by `ordered()`, once every filter (the search among them) ran.
        return queryset

    def filter_nothing(self, queryset, name, value):
        return queryset

    @property
    def query(self) -> str:
        """Return the valid search the visitor typed, stripped ("" without one)."""
        self.form.is_valid()  # the valid fields' cleaned_data, even beside an invalid one
        return (self.form.cleaned_data.get("q") or "").strip()

    @property
    def sort(self) -> str:
        """Return the valid requested sort, or the default (relevance when searching)."""
        searching = bool(self.query)
        sort = self.form.cleaned_data.get("tri") or ("pertinence" if searching else "defaut")
        if sort == "pertinence" and not searching:
            sort = "defaut"
        return sort

    @property
    def page_size(self) -> int:
        """Return the valid requested page size, or the default."""
        self.form.is_valid()
        return self.form.cleaned_data.get("taille") or DEFAULT_PAGE_SIZE

    def ordered(self):
        """Return the filtered records in the requested order (a stable one)."""
        queryset = self.qs
        sort = self.sort
        if sort == "pertinence":
            return queryset.order_by("-rank", *self.BY_NAME)
        return queryset.order_by(*self.SORT_FIELDS[sort])

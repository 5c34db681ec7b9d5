import django_filters
from django.utils.translation import gettext_lazy as _

from coventis.models import Exhibitor
from structures.models import Departement, Thematic


class ExhibitorFilter(django_filters.FilterSet):
    """Filter an edition's exhibitors by thematic and département (plain GET form)."""

    thematique = django_filters.ModelChoiceFilter(
        label=_("Thématique"),
        field_name="enterprise__thematics",
        queryset=Thematic.objects.all(),
        to_field_name="slug",
        empty_label=_("Toutes les thématiques"),
    )
    departement = django_filters.ModelChoiceFilter(
        label=_("Département"),
        field_name="enterprise__departement",
        queryset=Departement.objects.all(),
        to_field_name="code",
        empty_label=_("Tous les départements"),
    )

    class Meta:
        model = Exhibitor
        fields = []

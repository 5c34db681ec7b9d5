import django_filters
from django.utils.translation import gettext_lazy as _

from coventis.models import Exhibitor
from structures.filters import departement_filter, thematic_filter


class ExhibitorFilter(django_filters.FilterSet):
    """Filter an edition's exhibitors by thematic and département (plain GET form)."""

    thematique = thematic_filter(
        field_name="enterprise__thematics", empty_label=_("Toutes les thématiques")
    )
    departement = departement_filter(
        field_name="enterprise__departement__code", empty_label=_("Tous les départements")
    )

    class Meta:
        model = Exhibitor
        fields = []

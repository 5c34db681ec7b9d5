"""Filters of the public list of FISO financings (GET parameters, work without JS)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from fiso.models import Financing
from structures.filters import departement_filter, thematic_filter


def decision_years():
    """Return the years of the public financings' decisions, most recent first."""
    years = (
        Financing.objects.public()
        .filter(decision_date__isnull=False)
        .dates("decision_date", "year", order="DESC")
    )
    return [(str(day.year), str(day.year)) for day in years]


class FinancingFilter(django_filters.FilterSet):
    annee = django_filters.ChoiceFilter(
        label=_("Année de décision"),
        field_name="decision_date__year",
        choices=decision_years,
        empty_label=_("Toutes les années"),
    )
    departement = departement_filter(
        field_name="enterprise__departement__code", empty_label=_("Tous les départements")
    )
    instrument = django_filters.ChoiceFilter(
        label=_("Instrument"),
        choices=Financing.Instrument.choices,
        empty_label=_("Tous les instruments"),
    )
    # One enterprise per financing: a thematic matches each financing once (no DISTINCT).
    thematique = thematic_filter(
        field_name="enterprise__thematics", empty_label=_("Toutes les thématiques")
    )

    class Meta:
        model = Financing
        fields = ["annee", "departement", "instrument", "thematique"]

"""Filters of the public list of FISO financings (GET parameters, work without JS)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from fiso.models import Financing
from structures.models import Departement, Thematic


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
    departement = django_filters.ModelChoiceFilter(
        label=_("Département"),
        field_name="enterprise__departement",
        queryset=Departement.objects.all(),
        to_field_name="code",
        empty_label=_("Tous les départements"),
    )
    instrument = django_filters.ChoiceFilter(
        label=_("Instrument"),
        choices=Financing.Instrument.choices,
        empty_label=_("Tous les instruments"),
    )
    thematique = django_filters.ModelChoiceFilter(
        label=_("Thématique"),
        field_name="enterprise__thematics",
        queryset=Thematic.objects.all(),
        to_field_name="slug",
        empty_label=_("Toutes les thématiques"),
        distinct=True,
    )

    class Meta:
        model = Financing
        fields = ["annee", "departement", "instrument", "thematique"]

"""What the directory adds to the site-wide pages, through occitanie_ess.common.registry."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from occitanie_ess.common.registry import Figure, register_figures, register_seeder
from structures import seed
from structures.models import Organisation


@register_figures
def figures():
    """Return the number of published structures and enterprises (one query)."""
    counts = Organisation.objects.published().aggregate(
        structures=Count("pk", filter=Q(category=Organisation.Category.STRUCTURE)),
        enterprises=Count("pk", filter=Q(category=Organisation.Category.ENTERPRISE)),
    )
    url = reverse("structures:index")
    return [
        Figure(_("structures d'accompagnement"), counts["structures"], url, order=10),
        Figure(_("entreprises sociales dans l'annuaire"), counts["enterprises"], url, order=20),
    ]


register_seeder(order=10)(seed.seed)

"""The portal's template filters: `euros` and `date_fr` (see occitanie_ess.common.formats)."""

from django import template

from occitanie_ess.common import formats

register = template.Library()

register.filter("euros", formats.euros)
register.filter("date_fr", formats.date_fr)

"""The directory's result cards, written in Python.

A page shows up to 100 cards, and the template language spends about 0.2 ms a card on
variable lookups, translations and filters. As the admin writes its change list's cells
(`items_for_result`), the cards are written here, in plain f-strings: every value a record
holds goes through `escape` (html.escape, which Django's own `escape` calls), the labels
every card repeats are translated once per page, and the records' addresses come from one
reversed URL. The markup is the one the directory's template used
(templates/structures/index.html shows where the list goes).
"""

from html import escape

from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext

from occitanie_ess.common import images
from structures.models import Organisation

DESCRIPTION_WORDS = 24
LOGO_SIZE = 44
# A slug no record has: reversed once per page, then replaced by each record's slug.
_SLUG = "slug-placeholder"


def _picture(record) -> str:
    thumbs = images.thumbnails(record.logo, size=LOGO_SIZE) if record.logo else []
    if thumbs:
        srcset = ", ".join(f"{thumb.url} {thumb.density}x" for thumb in thumbs)
        return (
            f'<img class="card__logo" src="{escape(thumbs[0].url)}" srcset="{escape(srcset)}"'
            f' width="{thumbs[0].width}" height="{thumbs[0].height}" alt="" loading="lazy">'
        )
    return (
        f'<span class="avatar avatar--small avatar--{record.avatar_tone}" aria-hidden="true">'
        f"{escape(record.initials)}</span>"
    )


def card_html(record, labels: dict) -> str:
    """Return one record's card; `labels` holds what every card of a page shares
    (translated words, choice labels, the detail URL with _SLUG in it)."""
    meta = [labels["category"][record.category]]
    # The record's type (Organisation.type_display): an enterprise's legal form, a
    # structure's kind.
    if record.is_enterprise:
        type_label = labels["legal_form"].get(record.legal_form)
    else:
        type_label = labels["kind"].get(record.kind)
    if type_label:
        meta.append(type_label)
    if record.esus and record.legal_form != Organisation.LegalForm.COMMERCIALE_ESUS:
        meta.append(labels["esus"])
    url = labels["url"].replace(_SLUG, record.slug)
    parts = [
        f'<li class="card"><div class="card__head">{_picture(record)}'
        f'<h3><a class="card__link" href="{escape(url)}">{escape(record.name)}</a></h3></div>'
        f'<p class="card__meta">{escape(" · ".join(meta))}</p>'
    ]
    if record.commune or record.departement:
        place = record.commune
        if record.departement:
            place = f"{place} ({record.departement.name})".strip()
        parts.append(f'<p class="card__meta">{escape(place)}</p>')
    if record.description:
        words = Truncator(record.description).words(DESCRIPTION_WORDS, truncate=" …")
        parts.append(f"<p>{escape(words)}</p>")
    if record.thematic_names:
        tags = "".join(f'<li class="tag">{escape(name)}</li>' for name in record.thematic_names)
        parts.append(f'<ul class="tags" aria-label="{escape(labels["thematics"])}">{tags}</ul>')
    parts.append("</li>")
    return "".join(parts)


def cards_html(records) -> SafeString:
    """Return the cards of `records` (read with OrganisationQuerySet.for_cards())."""
    labels = {
        "esus": gettext("agrément ESUS"),
        "thematics": gettext("Thématiques"),
        "category": {value: str(label) for value, label in Organisation.Category.choices},
        "kind": {value: str(label) for value, label in Organisation.Kind.choices},
        "legal_form": {value: str(label) for value, label in Organisation.LegalForm.choices},
        "url": reverse("structures:detail", kwargs={"slug": _SLUG}),
    }
    return mark_safe("".join(card_html(record, labels) for record in records))  # noqa: S308 - escaped above

"""The directory's result cards, written in Python.

A page shows up to 100 cards, and the template language spends about 0.2 ms a card on
variable lookups, translations and filters: most of a directory page's own time. As the
admin writes its change list's cells (`items_for_result`), the cards are written here with
`format_html`, which escapes every value; the markup is the one the directory's template
used (templates/structures/index.html shows where the list goes).
"""

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext

from occitanie_ess.common import images

DESCRIPTION_WORDS = 24
LOGO_SIZE = 44


def _head(record) -> SafeString:
    thumbs = images.thumbnails(record.logo, size=LOGO_SIZE) if record.logo else []
    if thumbs:
        picture = format_html(
            '<img class="card__logo" src="{}" srcset="{}" width="{}" height="{}" alt=""'
            ' loading="lazy">',
            thumbs[0].url,
            ", ".join(f"{thumb.url} {thumb.density}x" for thumb in thumbs),
            thumbs[0].width,
            thumbs[0].height,
        )
    else:
        picture = format_html(
            '<span class="avatar avatar--small avatar--{}" aria-hidden="true">{}</span>',
            record.avatar_tone,
            record.initials,
        )
    return format_html(
        '<div class="card__head">{}<h3><a class="card__link" href="{}">{}</a></h3></div>',
        picture,
        record.get_absolute_url(),
        record.name,
    )


def card_html(record, labels: dict[str, str]) -> SafeString:
    """Return one record's card (`labels`: the translated words every card repeats)."""
    meta = [str(record.get_category_display())]
    if record.type_display:
        meta.append(str(record.type_display))
    if record.esus and record.legal_form != record.LegalForm.COMMERCIALE_ESUS:
        meta.append(labels["esus"])
    parts = [_head(record), format_html('<p class="card__meta">{}</p>', " · ".join(meta))]
    if record.commune or record.departement:
        place = record.commune
        if record.departement:
            place = f"{place} ({record.departement.name})".strip()
        parts.append(format_html('<p class="card__meta">{}</p>', place))
    if record.description:
        words = Truncator(record.description).words(DESCRIPTION_WORDS, truncate=" …")
        parts.append(format_html("<p>{}</p>", words))
    if record.thematic_names:
        parts.append(
            format_html(
                '<ul class="tags" aria-label="{}">{}</ul>',
                labels["thematics"],
                format_html_join(
                    "", '<li class="tag">{}</li>', ((n,) for n in record.thematic_names)
                ),
            )
        )
    return format_html('<li class="card">{}</li>', mark_safe("".join(parts)))


def cards_html(records) -> SafeString:
    """Return the cards of `records` (read with OrganisationQuerySet.for_cards())."""
    labels = {"esus": gettext("agrément ESUS"), "thematics": gettext("Thématiques")}
    return mark_safe("".join(card_html(record, labels) for record in records))

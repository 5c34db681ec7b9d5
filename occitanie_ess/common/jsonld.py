"""schema.org descriptions (JSON-LD) placed in pages: the one helper every app uses."""

import json

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.safestring import SafeString, mark_safe

# Inside <script type="application/ld+json">, "</script>" or "<!--" in a value would end
# or corrupt the block: escape the characters the way django.utils.html.json_script does.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def json_ld(data: dict) -> SafeString:
    """Return `data` as JSON safe to place inside a <script type="application/ld+json">."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    return mark_safe(text.translate(_SCRIPT_ESCAPES))  # noqa: S308 - escaped just above


def place(*, name: str = "", address: dict | None = None, latitude=None, longitude=None) -> dict:
    """Return a schema.org Place: its name, postal address and, when known, its geo
    coordinates (schema.org puts `geo` on a Place, not on an Organization or an Event)."""
    data = {"@type": "Place"}
    if name:
        data["name"] = name
    if address:
        data["address"] = address
    if latitude is not None and longitude is not None:
        data["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": float(latitude),
            "longitude": float(longitude),
        }
    return data


def publisher_organization(*, url: str, logo_url: str) -> dict:
    """Return the schema.org Organization of the publisher (the Région), from the settings."""
    return {
        "@type": "GovernmentOrganization",
        "name": settings.OPEN_DATA_PUBLISHER_NAME,
        "url": url or settings.OPEN_DATA_PUBLISHER_URL,
        "logo": logo_url,
    }

"""The portal's one template-tag library: icons from the vendored set, amounts and dates
in French (delegating to occitanie_ess.common.formats), WebP thumbnails of uploaded
images, and form fields rendered without a template per widget (formhtml).

Icons are Lucide's (ISC licence, static/icons/LICENCE-Lucide-ISC.txt), copied one file
per icon used; they are inlined so that a page makes no request for them.
"""

import functools
import re

from django import template
from django.conf import settings
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from occitanie_ess.common import formats, images
from occitanie_ess.common.formhtml import form_fields_html

register = template.Library()

ICONS_DIR = settings.BASE_DIR / "static" / "icons"
_ICON_NAME = re.compile(r"^[a-z0-9-]+$")


@functools.cache
def _icon_body(name: str) -> str:
    """Return the inner markup of the vendored icon `name` (read once per process)."""
    if not _ICON_NAME.match(name):
        raise ValueError(f"invalid icon name: {name!r}")
    source = (ICONS_DIR / f"{name}.svg").read_text(encoding="utf-8")
    inner = source[source.index(">", source.index("<svg")) + 1 : source.rindex("</svg>")]
    return " ".join(inner.split())


@register.simple_tag
def icon(name: str, css_class: str = "") -> str:
    """Return the icon `name` as inline, decorative SVG (hidden from assistive tech)."""
    classes = f"icon {css_class}".strip()
    return format_html(
        '<svg class="{}" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" width="24" '
        'height="24" fill="none" stroke="currentColor" stroke-width="2" '
        'stroke-linecap="round" stroke-linejoin="round" aria-hidden="true" '
        'focusable="false">{}</svg>',
        classes,
        mark_safe(_icon_body(name)),  # noqa: S308 - a vendored file of ours, not user input
    )


@register.simple_tag
def thumbnails(image_file, size: int = 96) -> list:
    """Return the WebP thumbnails (1×, 2×) of an uploaded image for a `size` px box."""
    return images.thumbnails(image_file, size=int(size))


@register.simple_tag
def form_fields(form):
    """Return the form's fields as components/field.html would render them."""
    return form_fields_html(form)


@register.filter
def euros(value, places=None) -> str:
    """Return `value` as formats.euros writes it (« 1 234 567 € », never wrapping);
    `{{ x|euros:2 }}` always shows the cents. An empty value renders as nothing."""
    if value in (None, ""):
        return ""
    return formats.euros(value, None if places is None else int(places))


register.filter("decimal_fr", formats.decimal_fr)
register.filter("date_fr", formats.date_fr)

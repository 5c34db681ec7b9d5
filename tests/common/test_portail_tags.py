"""The portal's template tags: inline icons from the vendored set, euros that never wrap,
and no second tag library beside `portail`."""

from decimal import Decimal

import pytest
from django.template import Context, Template

from occitanie_ess.common.context_processors import SECTIONS
from occitanie_ess.common.templatetags.portail import euros, icon

NBSP = "\u00a0"


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (Decimal("925000"), 0, f"925{NBSP}000{NBSP}€"),
        (Decimal("2300000.00"), 0, f"2{NBSP}300{NBSP}000{NBSP}€"),
        (Decimal("12500.5"), 2, f"12{NBSP}500,50{NBSP}€"),
        (30000, 0, f"30{NBSP}000{NBSP}€"),
        ("45000.00", 0, f"45{NBSP}000{NBSP}€"),
        (Decimal("12500.5"), None, f"12{NBSP}500,50{NBSP}€"),
        (None, 0, ""),
        ("", 0, ""),
    ],
)
def test_euros_are_grouped_in_french_and_never_wrap(value, decimals, expected):
    assert euros(value, decimals) == expected
    assert " " not in euros(value, decimals)


def test_euros_in_a_template():
    html = Template("{% load portail %}{{ amount|euros }}").render(
        Context({"amount": Decimal("80000.00")})
    )
    assert html == f"80{NBSP}000{NBSP}€"


def test_the_portal_has_one_tag_library():
    from django.conf import settings

    folders = [
        folder
        for folder in settings.BASE_DIR.iterdir()
        if folder.is_dir() and not folder.name.startswith(".") and folder.name != "node_modules"
    ]
    names = {
        library.stem
        for folder in folders
        for library in folder.glob("**/templatetags/*.py")
        if library.stem != "__init__"
    }
    assert names == {"portail"}


def test_form_fields_comes_from_portail():
    from django import forms

    class Form(forms.Form):
        name = forms.CharField(label="Nom")

    html = Template("{% load portail %}{% form_fields form %}").render(Context({"form": Form()}))
    assert 'name="name"' in html and "Nom" in html


def test_icon_is_inline_decorative_svg():
    svg = str(icon("map-pin", "big"))
    assert svg.startswith('<svg class="icon big"')
    assert 'aria-hidden="true"' in svg and 'focusable="false"' in svg
    assert "<circle" in svg and "<!--" not in svg and "lucide" not in svg


@pytest.mark.parametrize("name", ["../settings", "MAP", "map pin", ""])
def test_icon_refuses_names_outside_the_set(name):
    with pytest.raises(ValueError):
        icon(name)


def test_every_icon_used_by_a_template_is_vendored():
    import re

    from django.conf import settings

    used = set()
    for template in (settings.BASE_DIR / "templates").rglob("*.html"):
        used |= set(re.findall(r'{% icon "([a-z0-9-]+)"', template.read_text(encoding="utf-8")))
    used |= {section.icon for section in SECTIONS if section.icon}
    vendored = {p.stem for p in (settings.BASE_DIR / "static" / "icons").glob("*.svg")}
    assert used and used <= vendored

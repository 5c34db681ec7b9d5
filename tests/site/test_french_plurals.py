"""French plural rules: « 0 financement », « 1 résultat », « 2 résultats »."""

import ast
import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "fr" / "LC_MESSAGES"


def po_plurals(path: Path) -> list[tuple[str, str]]:
    """Return the (singular, plural) of every plural message of the .po file at `path`."""
    entries, current, key = [], {}, None
    for line in path.read_text().splitlines() + [""]:
        if not line.strip():
            if "msgid_plural" in current:
                entries.append((current["msgid"], current["msgid_plural"]))
            current, key = {}, None
        elif line.startswith(("msgid ", "msgid_plural ")):
            key, _, quoted = line.partition(" ")
            current[key] = ast.literal_eval(quoted)
        elif line.startswith('"') and key:
            current[key] += ast.literal_eval(line)
        else:
            key = None
    return entries


def test_every_plural_message_has_its_french_forms():
    """The site is written in French, so a message needs no translation, except its plural
    forms: without them Django counts as in English (« 0 résultats »). `make install`
    compiles the catalogue; `make messages` adds new messages without their forms."""
    mo = CATALOGUE / "django.mo"
    assert mo.exists(), "Catalogue non compilé : lancez `make install`."
    with mo.open("rb") as file:
        catalogue = gettext.GNUTranslations(file)
    plurals = po_plurals(CATALOGUE / "django.po")
    assert len(plurals) > 20
    for singular, plural in plurals:
        forms = [catalogue._catalog.get((singular, index)) for index in range(3)]
        assert forms == [singular, plural, plural], singular


def test_zero_and_one_are_singular_in_french():
    with translation.override("fr"):
        for count, expected in ((0, "0 financement"), (1, "1 financement"), (2, "2 financements")):
            text = translation.ngettext(
                "%(counter)s financement", "%(counter)s financements", count
            )
            assert text % {"counter": count} == expected


@pytest.mark.django_db
def test_a_search_that_finds_nothing_says_zero_result(client):
    html = client.get(reverse("structures:index"), {"q": "xqzw"}).content.decode()
    assert re.search(r"\b0 résultat\b(?!s)", html), "« 0 résultat » attendu"

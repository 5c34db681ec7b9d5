import re

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory

from occitanie_ess.common.formhtml import form_fields_html
from structures.views import directory_filter
from tests.structures.factories import SupportStructureFactory, ThematicFactory

pytestmark = pytest.mark.django_db


def normalised(html: str) -> str:
    return re.sub(r">\s+<", "><", re.sub(r"\s+", " ", html)).strip()


@pytest.mark.parametrize(
    "query",
    [
        "",
        "q=recyclerie&tri=nom&page=2",
        "accompagnee_par=catalis&thematique=culture&esus=oui&taille=50&departement=34",
        # Invalid values: French errors, aria-invalid, aria-describedby with the error id.
        "departement=99&tri=zz&taille=7&accompagnee_par=inconnue",
        # Markup typed into the search box stays text.
        "q=%3Cscript%3Ealert(1)%3C%2Fscript%3E%22%27%26",
    ],
)
def test_fields_are_written_as_the_field_template_writes_them(query):
    ThematicFactory(name="Culture", slug="culture")
    SupportStructureFactory(name="Catalis & co <incubateur>", slug="catalis")
    form = directory_filter(RequestFactory().get("/annuaire/?" + query)).form
    expected = "".join(
        render_to_string("components/field.html", {"field": field})
        for field in form.visible_fields()
    )
    assert normalised(str(form_fields_html(form))) == normalised(expected)


def test_model_choices_follow_an_edit(django_assert_num_queries):
    ThematicFactory(name="Culture", slug="culture")
    request = RequestFactory().get("/annuaire/")
    form_fields_html(directory_filter(request).form)
    with django_assert_num_queries(0):
        form_fields_html(directory_filter(request).form)
    ThematicFactory(name="Mobilité", slug="mobilite")
    assert "Mobilité" in form_fields_html(directory_filter(request).form)


def test_two_forms_never_share_a_fields_options():
    """The options kept per process belong to one form class: another form with a field
    of the same name, or the same form declared elsewhere, shows its own choices."""
    from django import forms

    class First(forms.Form):
        choix = forms.ChoiceField(choices=[("a", "Alpha")])

    class Second(forms.Form):
        choix = forms.ChoiceField(choices=[("b", "Bêta")])

    first, second = form_fields_html(First()), form_fields_html(Second())
    assert "Alpha" in first and "Bêta" not in first
    assert "Bêta" in second and "Alpha" not in second
    # django-filter builds its form classes with type(): same module, same name. One
    # with other fields is another form.
    built = [
        type("Filtres", (forms.Form,), fields)
        for fields in (
            {"choix": forms.ChoiceField(choices=[("c", "Gamma")])},
            {"choix": forms.ChoiceField(choices=[("d", "Delta")]), "q": forms.CharField()},
        )
    ]
    assert built[0].__qualname__ == built[1].__qualname__
    assert "Gamma" in form_fields_html(built[0]())
    assert "Delta" in form_fields_html(built[1]())

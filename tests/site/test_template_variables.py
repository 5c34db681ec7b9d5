"""The suite's guard against typos in template variables is itself checked."""

import pytest
from django.template import Context, Origin, Template, engines

from tests.conftest import PORTAL_TEMPLATES


def render(source: str, name: str) -> str:
    engine = engines["django"].engine
    return Template(source, origin=Origin(name=name), engine=engine).render(Context({}))


def test_an_unknown_variable_in_a_portal_template_fails_the_test():
    with pytest.raises(pytest.fail.Exception, match="variable 'utilisateur.nmo'"):
        render("Bonjour {{ utilisateur.nmo }}", f"{PORTAL_TEMPLATES}/pages/essai.html")


def test_a_third_party_template_keeps_its_silent_unknown_variables():
    assert render("[{{ attrs.errors }}]", "/site-packages/allauth/elements/field.html") == "[]"

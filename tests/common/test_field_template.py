"""components/field.html: what aria-describedby points at exists, and no id repeats."""

import re

from django import forms
from django.contrib.auth.password_validation import password_validators_help_text_html
from django.template.loader import render_to_string


class PasswordForm(forms.Form):
    password = forms.CharField(help_text=password_validators_help_text_html())

    def clean_password(self):
        raise forms.ValidationError(["Trop court.", "Trop courant."])


def test_two_errors_share_one_id_and_the_help_list_is_not_in_a_paragraph():
    form = PasswordForm(data={"password": "x"})
    assert not form.is_valid()
    html = render_to_string("components/field.html", {"field": form["password"]})
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(ids) == len(set(ids)), ids
    described = re.search(r'aria-describedby="([^"]+)"', html).group(1).split()
    assert described == ["id_password_helptext", "id_password_error"]
    for target in described:
        assert f'id="{target}"' in html
    help_block = re.search(r'<(\w+) class="field__help"', html).group(1)
    assert help_block == "div"  # the password rules are a <ul>, which a <p> cannot hold
    assert "Trop court." in html and "Trop courant." in html

"""The admin actions that hand the selected rows to a service: one shape for every app."""

import pytest
from django.contrib.messages import SUCCESS, get_messages
from django.urls import reverse
from django.utils.translation import ngettext_lazy

from fiso.models import Financing
from occitanie_ess.common.admin_tools import service_action
from tests.fiso.factories import PublicFinancingFactory

DONE = ngettext_lazy("%(count)d fiche publiée.", "%(count)d fiches publiées.", "count")


def test_a_service_action_takes_either_each_or_bulk():
    with pytest.raises(ValueError):
        service_action(name="x", description="X", done=DONE)
    with pytest.raises(ValueError):
        service_action(
            name="x", description="X", done=DONE, each=lambda r, o: None, bulk=lambda r, q: 0
        )


def test_a_service_action_keeps_its_name_description_and_permissions():
    action = service_action(name="publish", description="Publier", done=DONE, bulk=lambda r, q: 0)
    assert action.__name__ == "publish"
    assert action.short_description == "Publier"
    assert action.allowed_permissions == ["change"]


@pytest.mark.django_db
def test_nothing_eligible_still_says_so(admin_client):
    """A selection of financings already granted: the action says that none was granted
    rather than nothing at all (the shared shape of every app's actions)."""
    financing = PublicFinancingFactory()
    assert financing.status == Financing.Status.GRANTED
    response = admin_client.post(
        reverse("admin:fiso_financing_changelist"),
        {"action": "commit_selected", "_selected_action": [financing.pk]},
        follow=True,
    )
    reported = [(m.level, str(m)) for m in get_messages(response.wsgi_request)]
    assert len(reported) == 1
    level, message = reported[0]
    assert level == SUCCESS and message.startswith("0 financement")

import io

import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.urls import reverse

from occitanie_ess.common import registry
from tests.factories import UserFactory
from tests.files import pdf_bytes
from tests.structures.factories import EnterpriseFactory
from tests.yess.factories import ApplicationFactory, CallFactory, CohortFactory, make_status
from yess.models import Application, Status
from yess.services import JURY_GROUP, TEAM_GROUP, jury_group_ensure, team_group_ensure

pytestmark = pytest.mark.django_db


def test_groups_are_created_idempotently_with_their_permissions():
    for _twice in range(2):
        team_group_ensure()
        jury_group_ensure()
    assert Group.objects.filter(name=TEAM_GROUP).count() == 1
    team = Group.objects.get(name=TEAM_GROUP)
    jury = Group.objects.get(name=JURY_GROUP)
    assert team.permissions.filter(codename="change_application").exists()
    assert jury.permissions.filter(codename="add_score").exists()
    assert not jury.permissions.filter(codename="change_application").exists()


def test_home_figure_counts_selected_projects(client):
    make_status(ApplicationFactory(), Status.SELECTED)
    make_status(ApplicationFactory(), Status.NOT_SELECTED)
    figure = next(f for f in registry.collect_figures() if f.url == reverse("yess:index"))
    assert figure.value == 1


def test_personal_data_export_holds_the_answers_and_timeline():
    user = UserFactory()
    application = make_status(
        ApplicationFactory(applicant=user, summary="Mon résumé"), Status.SUBMITTED
    )
    ApplicationFactory()  # someone else's
    data = registry.collect_personal_data(user)["yess"]
    assert len(data["candidatures"]) == 1
    exported = data["candidatures"][0]
    assert exported["resume"] == "Mon résumé"
    assert exported["statut"] == "Déposée"
    assert exported["historique"][0]["vers"] == "Déposée"
    import json

    from django.core.serializers.json import DjangoJSONEncoder

    json.dumps(data, cls=DjangoJSONEncoder)  # serialisable
    assert application.pk  # the application stays


def test_account_deletion_deletes_drafts_with_their_files_and_anonymises_the_rest(
    _private_media, django_capture_on_commit_callbacks
):
    user = UserFactory()
    draft = ApplicationFactory(applicant=user, pitch_deck=None)
    draft.pitch_deck.save("a.pdf", ContentFile(pdf_bytes()), save=True)
    path = _private_media / draft.pitch_deck.name
    assert path.exists()
    kept = make_status(ApplicationFactory(applicant=user, call=CallFactory()), Status.SELECTED)
    with django_capture_on_commit_callbacks(execute=True):
        registry.run_account_deletion(user)
        user.delete()
    assert not Application.objects.filter(pk=draft.pk).exists()
    assert not path.exists()
    kept.refresh_from_db()
    assert kept.is_anonymised and kept.applicant is None
    assert kept.status == Status.SELECTED
    assert kept.status_changes.count() == 1


def test_account_panel_lists_the_users_applications(client):
    application = make_status(ApplicationFactory(project_name="Mon projet"), Status.SUBMITTED)
    client.force_login(application.applicant)
    html = client.get(reverse("account_space")).content.decode()
    assert "Mes candidatures à la YESS Académie" in html
    assert application.get_absolute_url() in html and "Déposée" in html


def test_enterprise_panel_names_the_cohort():
    cohort = CohortFactory()
    enterprise = EnterpriseFactory()
    application = make_status(ApplicationFactory(call=cohort.call), Status.SELECTED)
    application.enterprise = enterprise
    application.save()
    panels = registry.collect_panels(enterprise, None)
    panel = next(p for p in panels if p.template_name == "yess/panels/enterprise.html")
    assert panel.context["cohorts"] == [cohort]
    assert all(
        p.template_name != "yess/panels/enterprise.html"
        for p in registry.collect_panels(EnterpriseFactory(), None)
    )


def test_sitemap_lists_the_yess_pages(client):
    import datetime

    from django.utils import timezone

    past = CallFactory(
        opens_at=timezone.now() - datetime.timedelta(days=400),
        closes_at=timezone.now() - datetime.timedelta(days=300),
    )
    cohort = CohortFactory(call=past)
    body = client.get("/sitemap.xml").content.decode()
    assert body.count("/yess-academie/</loc>") == 1  # listed once, by the site's section
    assert cohort.get_absolute_url() in body
    assert "/candidater/" not in body


def test_seeder_is_idempotent(settings):
    from structures import seed as structures_seed
    from yess import seed
    from yess.models import Attendance, Call, Session

    structures_seed.seed(stdout=io.StringIO(), options={"enterprises": 35, "seed": 1})
    out = io.StringIO()
    seed.seed(stdout=out, options={})
    counts = (
        Call.objects.count(),
        Application.objects.count(),
        Session.objects.count(),
        Attendance.objects.count(),
    )
    seed.seed(stdout=io.StringIO(), options={})
    assert counts == (
        Call.objects.count(),
        Application.objects.count(),
        Session.objects.count(),
        Attendance.objects.count(),
    )
    assert Application.objects.filter(status=Status.SELECTED).count() == 30
    assert all(a.enterprise.is_example for a in Application.objects.all())
    current = Call.objects.current()
    assert current is not None and current.is_open()
    assert current.criteria.count() == 5
    assert "promotion" in out.getvalue()

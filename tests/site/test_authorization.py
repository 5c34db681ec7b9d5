"""The authorization matrix (QUALITY.md): every private URL × every role. No one reads or
changes what is not theirs; staff reach only their own app in the admin."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from tests.coventis.factories import MeetingRequestFactory
from tests.factories import StaffFactory, SuperuserFactory, UserFactory
from tests.fiso.factories import FinancingFactory, PublicFinancingFactory
from tests.realis.factories import BookingFactory, MembershipFactory, ResidencyFactory
from tests.yess.factories import ApplicationFactory

pytestmark = pytest.mark.django_db

GROUPS = {
    "annuaire": "Équipe annuaire",
    "fiso": "Équipe FISO",
    "realis": "Équipe REALIS",
    "yess": "Équipe YESS",
    "jury": "Jury YESS",
    "coventis": "Organisation Coventis",
}
ROLES = ["anonymous", "applicant_a", "applicant_b", "resident", "superuser", *GROUPS]


@pytest.fixture
def world(settings):
    """Return one user per role and one private record of each kind, owned by someone."""
    settings.ADMIN_REQUIRE_MFA = False
    users = {
        "applicant_a": UserFactory(),
        "applicant_b": UserFactory(),
        "superuser": SuperuserFactory(),
    }
    for role, group_name in GROUPS.items():
        staff = StaffFactory()
        staff.groups.add(Group.objects.get(name=group_name))
        users[role] = staff
    residency = ResidencyFactory()
    users["resident"] = MembershipFactory(enterprise=residency.enterprise).user
    meeting = MeetingRequestFactory()
    meeting.buyer.user = users["applicant_a"]
    meeting.buyer.save()
    records = {
        "application": ApplicationFactory(applicant=users["applicant_a"], submitted=True),
        "booking": BookingFactory(enterprise=residency.enterprise, booked_by=users["resident"]),
        "meeting": meeting,
        "hidden_financing": FinancingFactory(is_public=False),
        "public_financing": PublicFinancingFactory(),
    }
    return users, records


def status_for(client, users, role, url):
    client.logout()
    if role != "anonymous":
        client.force_login(users[role])
    return client.get(url).status_code


def urls(records):
    application = records["application"].pk
    return {
        "application": reverse("yess:application_detail", args=[application]),
        "withdraw": reverse("yess:application_withdraw", args=[application]),
        "booking": reverse("realis:booking_detail", args=[records["booking"].pk]),
        "booking_cancel": reverse("realis:booking_cancel", args=[records["booking"].pk]),
        "meeting": reverse("coventis:meeting", args=[records["meeting"].pk]),
        "hidden_financing": reverse("fiso:detail", args=[records["hidden_financing"].pk]),
        "schedule_csv": reverse("fiso:schedule_csv", args=[records["public_financing"].pk]),
        "admin_financings": reverse("admin:fiso_financing_changelist"),
        "admin_bookings": reverse("admin:realis_booking_changelist"),
        "admin_applications": reverse("admin:yess_application_changelist"),
        "admin_registrations": reverse("admin:coventis_registration_changelist"),
        "admin_enterprises": reverse("admin:structures_enterprise_changelist"),
        "admin_journal": reverse("admin:journal"),
    }


# Who may open each URL with a 200; everyone else gets a refusal (302 to login for the
# anonymous, 403 or 404 for the others: never the page).
ALLOWED = {
    "application": {"applicant_a"},
    "withdraw": {"applicant_a"},
    "booking": {"resident"},
    "booking_cancel": {"resident"},
    "meeting": {"applicant_a"},
    "hidden_financing": set(),
    "schedule_csv": {"fiso", "superuser"},
    "admin_financings": {"fiso", "superuser"},
    "admin_bookings": {"realis", "superuser"},
    # Jurors read the applications they score.
    "admin_applications": {"yess", "jury", "superuser"},
    "admin_registrations": {"coventis", "superuser"},
    # FISO and REALIS staff read the directory to record whom they finance or host, the
    # YESS team to link an applicant's enterprise, Coventis organisers an exhibitor's.
    "admin_enterprises": {"annuaire", "fiso", "realis", "yess", "coventis", "superuser"},
    # The audit journal: the auditors' group (every view permission and the admin's log).
    "admin_journal": {"superuser"},
}


@pytest.mark.parametrize("target", sorted(ALLOWED))
def test_authorization_matrix(client, world, target):
    users, records = world
    url = urls(records)[target]
    seen = {role: status_for(client, users, role, url) for role in ROLES}
    for role, status in seen.items():
        if role in ALLOWED[target]:
            assert status == 200, (target, role, status)
        elif role == "anonymous":
            assert status in (302, 404), (target, role, status)
        else:
            assert status in (302, 403, 404), (target, role, status)

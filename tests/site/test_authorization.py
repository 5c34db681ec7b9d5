"""The authorization matrix: every URL of the resolver × every role.

URLs are enumerated from the resolver, so a new URL fails `test_every_url_is_classified`
until someone says who may open it. Staff roles come twice, with and without a second
factor: with MFA required (the production default), a member of staff without TOTP reaches
no staff page, inside the admin or out of it. No one reads what is not theirs.
"""

import pytest
from django.contrib import admin
from django.core.files.base import ContentFile
from django.http import HttpResponse
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from coventis.models import MeetingRequest
from tests.coventis.factories import EditionFactory, MeetingRequestFactory, ProgrammeItemFactory
from tests.factories import StaffFactory, SuperuserFactory, UserFactory
from tests.files import pdf_bytes
from tests.fiso.factories import FinancingFactory, PublicFinancingFactory
from tests.realis.factories import BookingFactory, MembershipFactory, ResidencyFactory
from tests.structures.factories import EnterpriseFactory
from tests.yess.factories import ApplicationFactory, CohortFactory
from yess.models import JuryAssignment

pytestmark = pytest.mark.django_db

GROUPS = {
    "annuaire": "Équipe annuaire",
    "fiso": "Équipe FISO",
    "realis": "Équipe REALIS",
    "yess": "Équipe YESS",
    "jury": "Jury YESS",
    "coventis": "Organisation Coventis",
}
STAFF_ROLES = ["superuser", *GROUPS]
ROLES = [
    "anonymous",
    "applicant_a",
    "applicant_b",
    "resident",
    *STAFF_ROLES,
    *(f"{role}_sans_mfa" for role in STAFF_ROLES),
]
EVERYONE = frozenset(ROLES)
SIGNED_IN = EVERYONE - {"anonymous"}


def _walk(patterns, namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from _walk(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name


def resolver_names() -> set[str]:
    """Return the name of every URL the site answers, outside the admin."""
    return {name for name in _walk(get_resolver().url_patterns) if not name.startswith("admin:")}


# allauth's own pages (sign-up, login, password, 2FA): they hold no one else's data. They
# are requested by every role and must never fail; allauth's tests cover their logic.
ALLAUTH = {
    name
    for name in (
        "account_login account_logout account_inactive account_signup account_reauthenticate "
        "account_request_reauthentication_code account_confirm_reauthentication_code "
        "account_email account_email_verification_sent account_change_password "
        "account_set_password account_reset_password account_confirm_login_code "
        "account_confirm_email account_reset_password_from_key_done "
        "account_reset_password_from_key account_reset_password_done mfa_index "
        "mfa_authenticate mfa_reauthenticate mfa_activate_totp mfa_deactivate_totp "
        "mfa_view_recovery_codes mfa_generate_recovery_codes mfa_download_recovery_codes"
    ).split()
}

# name -> (arguments from the world's records, roles that get the page, method).
# Everyone else gets a refusal: a redirect to the login page when anonymous, a 403 or a
# 404 otherwise, never the page.
MATRIX = {
    # Public pages and files.
    "home": (None, EVERYONE),
    "strategie": (None, EVERYONE),
    "parcours": (None, EVERYONE),
    "mentions_legales": (None, EVERYONE),
    "accessibilite": (None, EVERYONE),
    "confidentialite": (None, EVERYONE),
    "plan_du_site": (None, EVERYONE),
    "recherche": (None, EVERYONE),
    "donnees": (None, EVERYONE),
    "sitemap": (None, EVERYONE),
    "robots": (None, EVERYONE),
    "healthz": (None, EVERYONE),
    "liveness": (None, EVERYONE),
    "structures:index": (None, EVERYONE),
    "structures:map": (None, EVERYONE),
    "structures:export_csv": (None, EVERYONE),
    "structures:export_json": (None, EVERYONE),
    "structures:export_data_inclusion_json": (None, EVERYONE),
    "structures:export_data_inclusion_csv": (None, EVERYONE),
    "structures:detail": (lambda r: [r["enterprise"].slug], EVERYONE),
    "fiso:index": (None, EVERYONE),
    "fiso:detail": (lambda r: [r["public_financing"].public_id], EVERYONE),
    "fiso:export_csv": (None, EVERYONE),
    "fiso:export_json": (None, EVERYONE),
    "realis:index": (None, EVERYONE),
    "yess:index": (None, EVERYONE),
    "yess:cohort_detail": (lambda r: [r["cohort"].call.year], EVERYONE),
    "coventis:index": (None, EVERYONE),
    "coventis:feed": (None, EVERYONE),
    "coventis:edition": (lambda r: [r["edition"].year], EVERYONE),
    "coventis:programme_ics": (
        lambda r: [ProgrammeItemFactory(edition=r["edition"]).edition.year],
        EVERYONE,
    ),
    "datapackage": (None, EVERYONE),
    "table_schema": (lambda r: ["annuaire-csv"], EVERYONE),
    # The public read-only API (/api/v1/).
    "api:api-root": (None, EVERYONE),
    "api:index": (None, EVERYONE),
    "api:openapi-json": (None, EVERYONE),
    "api:openapi-view": (None, EVERYONE),
    "api:annuaire": (None, EVERYONE),
    "api:annuaire_data_inclusion": (None, EVERYONE),
    "api:annuaire_fiche": (lambda r: [r["enterprise"].slug], EVERYONE),
    "api:fiso_financements": (None, EVERYONE),
    "api:yess_promotions": (None, EVERYONE),
    "api:coventis_editions": (None, EVERYONE),
    "api:coventis_edition": (lambda r: [r["edition"].year], EVERYONE),
    "api:coventis_exposants": (lambda r: [r["edition"].year], EVERYONE),
    # Anyone signed in, each on their own data.
    "account_space": (None, SIGNED_IN),
    "account_my_data": (None, SIGNED_IN),
    "account_delete": (None, SIGNED_IN),
    "account_staff_notifications": (None, set(STAFF_ROLES)),
    "realis:calendar": (None, SIGNED_IN),
    "yess:apply": (None, SIGNED_IN),
    "yess:review": (None, {"applicant_b"}),
    "yess:step": (lambda r: ["projet"], SIGNED_IN),
    "coventis:register": (lambda r: [r["edition"].year], SIGNED_IN),
    "coventis:schedule": (lambda r: [r["edition"].year], SIGNED_IN),
    # Someone's own records.
    "realis:booking_create": (None, {"resident"}),
    "realis:booking_detail": (lambda r: [r["booking"].pk], {"resident"}),
    "realis:booking_cancel": (lambda r: [r["booking"].pk], {"resident"}),
    "yess:application_detail": (lambda r: [r["application"].pk], {"applicant_a"}),
    "yess:application_withdraw": (lambda r: [r["application"].pk], {"applicant_a"}),
    "coventis:meeting": (lambda r: [r["meeting"].pk], {"applicant_a"}),
    "coventis:schedule_ics": (lambda r: [r["meeting"].slot.edition.year], {"applicant_a"}),
    "coventis:meeting_request": (lambda r: [r["meeting"].slot.edition.year], {"applicant_a"}),
    "fiso:detail#hidden": (lambda r: [r["hidden_financing"].public_id], set()),
    # A submitted application's file: its applicant, the YESS team, its assigned juror.
    "yess:attachment": (
        lambda r: [r["application"].pk, "presentation"],
        {"applicant_a", "yess", "jury", "superuser"},
    ),
    # A draft is its applicant's alone, staff included.
    "yess:attachment#draft": (lambda r: [r["draft"].pk, "presentation"], {"applicant_b"}),
    "yess:cohort_sessions": (lambda r: [r["cohort"].call.year], {"yess", "superuser"}),
    # Staff tools outside the admin.
    "yess:jury_list": (None, {"yess", "jury", "superuser"}),
    "yess:jury_score": (lambda r: [r["application"].pk], {"jury"}),
    "yess:ranking": (lambda r: [r["application"].call.year], {"yess", "jury", "superuser"}),
    "fiso:schedule_csv": (lambda r: [r["hidden_financing"].pk], {"fiso", "superuser"}),
    # Actions that only take a POST: nobody else may perform them.
    "yess:submit": (None, set(), "post"),
    "yess:autosave": (lambda r: ["projet"], set(), "post"),
    "coventis:meeting_accept": (lambda r: [r["meeting"].pk], set(), "post"),
    "coventis:meeting_decline": (lambda r: [r["meeting"].pk], set(), "post"),
    "coventis:meeting_cancel": (lambda r: [r["meeting"].pk], set(), "post"),
}
# POST-only actions reachable by their owners (tested in each app); here: by no one else.
POST_OWNERS = {
    "yess:submit": SIGNED_IN,
    "yess:autosave": SIGNED_IN,
    "coventis:meeting_accept": set(),
    "coventis:meeting_decline": set(),
    "coventis:meeting_cancel": {"applicant_a"},
}

# Admin change lists: who reads them besides the superuser (with a second factor).
ADMIN = {
    "fiso_financing": {"fiso"},
    "realis_booking": {"realis"},
    "yess_application": {"yess", "jury"},
    "yess_juryassignment": {"yess"},
    "coventis_registration": {"coventis"},
    # The YESS team links an applicant's enterprise, the Coventis organisers an exhibitor's
    # (the admin's autocomplete needs the view permission).
    "structures_enterprise": {"annuaire", "fiso", "realis", "yess", "coventis"},
    "accounts_user": {"realis"},
}


@pytest.fixture
def world(settings):
    """Return one user per role and one private record of each kind, owned by someone."""
    settings.ADMIN_REQUIRE_MFA = True
    users = {"applicant_a": UserFactory(), "applicant_b": UserFactory()}
    users["superuser"] = SuperuserFactory()
    users["superuser_sans_mfa"] = SuperuserFactory(mfa=False)
    for role, group_name in GROUPS.items():
        users[role] = StaffFactory(groups=[group_name])
        users[f"{role}_sans_mfa"] = StaffFactory(mfa=False, groups=[group_name])
    residency = ResidencyFactory()
    users["resident"] = MembershipFactory(enterprise=residency.enterprise).user
    meeting = MeetingRequestFactory(status=MeetingRequest.Status.ACCEPTED)
    meeting.buyer.user = users["applicant_a"]
    meeting.buyer.save()
    application = ApplicationFactory(applicant=users["applicant_a"], submitted=True)
    draft = ApplicationFactory(applicant=users["applicant_b"], call=application.call)
    for record in (application, draft):
        record.pitch_deck.save(f"{record.pk}.pdf", ContentFile(pdf_bytes()), save=True)
    for juror in ("jury", "jury_sans_mfa"):
        JuryAssignment.objects.create(application=application, juror=users[juror])
    records = {
        "application": application,
        "draft": draft,
        "cohort": CohortFactory(),
        "edition": EditionFactory(),
        "enterprise": EnterpriseFactory(),
        "booking": BookingFactory(enterprise=residency.enterprise, booked_by=users["resident"]),
        "meeting": meeting,
        "hidden_financing": FinancingFactory(is_public=False),
        "public_financing": PublicFinancingFactory(),
    }
    return users, records


def request_as(client, users, role, url, method="get"):
    client.logout()
    if role != "anonymous":
        client.force_login(users[role])
    response = getattr(client, method)(url)
    if response.streaming:
        # Read and close a file download, as a browser would, and keep what was sent.
        body = b"".join(response.streaming_content)
        response = HttpResponse(body, status=response.status_code)
    return response


def test_every_url_is_classified():
    """A new URL must say here who may open it."""
    known = ALLAUTH | {name.split("#")[0] for name in MATRIX}
    assert sorted(resolver_names() - known) == []


# Pages that answer every signed-in person about their own data: another's data must not
# be in them (name -> a text of applicant A's records).
OWN_ANSWER = {"coventis:schedule_ics": lambda r: r["meeting"].exhibitor.enterprise.name}
# An applicant who has already applied to the open call is sent to their application.
SENT_TO_OWN = {"yess:apply", "yess:step"}


def check(seen: dict, allowed, target, records):
    for role, response in seen.items():
        status = response.status_code
        assert status != 500, (target, role)
        if target in OWN_ANSWER and role != "anonymous" and status == 200:
            mine = OWN_ANSWER[target](records) in response.content.decode()
            assert mine == (role in allowed), (target, role)
        elif role in allowed:
            assert status == (302 if target in SENT_TO_OWN and role == "applicant_a" else 200), (
                target,
                role,
                status,
            )
        elif role == "anonymous":
            assert status in (302, 404), (target, role, status)
            if status == 302:
                assert "/compte/login/" in response["Location"], (target, role)
        else:
            # Refused, or sent back to their own space: never the page.
            assert status in (302, 403, 404), (target, role, status)


@pytest.mark.parametrize("target", sorted(MATRIX))
def test_authorization_matrix(client, world, target):
    users, records = world
    args, allowed, *method = MATRIX[target]
    method = method[0] if method else "get"
    url = reverse(target.split("#")[0], args=args(records) if args else None)
    roles = ROLES if method == "get" else [r for r in ROLES if r not in POST_OWNERS[target]]
    seen = {role: request_as(client, users, role, url, method) for role in roles}
    check(seen, allowed, target, records)


@pytest.mark.parametrize("name", sorted(ALLAUTH))
def test_account_pages_never_fail_whoever_asks(client, world, name):
    users, _records = world
    kwargs = {
        "account_confirm_email": {"key": "cle-inconnue"},
        "account_reset_password_from_key": {"uidb36": "zz", "key": "cle-inconnue"},
    }.get(name)
    url = reverse(name, kwargs=kwargs)
    for role in ROLES:
        assert request_as(client, users, role, url).status_code < 500, (name, role)


@pytest.mark.parametrize("model", sorted(ADMIN))
def test_admin_change_lists(client, world, model):
    users, _records = world
    url = reverse(f"admin:{model}_changelist")
    seen = {role: request_as(client, users, role, url) for role in ROLES}
    allowed = {"superuser", *ADMIN[model]}
    for role, response in seen.items():
        status = response.status_code
        if role in allowed:
            assert status == 200, (model, role, status)
        else:
            assert status in (302, 403), (model, role, status)


def test_no_admin_page_opens_without_a_second_factor(client, world):
    """Every registered model's change list, for each member of staff without TOTP."""
    users, _records = world
    urls = [
        reverse(f"admin:{m._meta.app_label}_{m._meta.model_name}_changelist")
        for m in admin.site._registry
    ]
    urls.append(reverse("admin:index"))
    for role in STAFF_ROLES:
        client.force_login(users[f"{role}_sans_mfa"])
        for url in urls:
            assert client.get(url).status_code in (302, 403), (role, url)


def test_a_juror_reads_in_the_admin_only_the_applications_assigned(client, world):
    users, records = world
    other = ApplicationFactory(submitted=True, project_name="Épicerie mobile")
    client.force_login(users["jury"])
    page = client.get(reverse("admin:yess_application_changelist")).content.decode()
    assert records["application"].project_name in page
    assert other.project_name not in page
    assert client.get(reverse("admin:yess_application_change", args=[other.pk])).status_code in (
        302,
        403,
        404,
    )


def test_staff_never_see_a_draft_in_the_admin(client, world):
    users, records = world
    client.force_login(users["yess"])
    url = reverse("admin:yess_application_change", args=[records["draft"].pk])
    assert client.get(url).status_code in (302, 404)

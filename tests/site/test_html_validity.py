"""Every page template passes the Nu Html Checker (npm vnu-jar, Java 17), on the demo data.

The test visits every public page (every URL of the sitemap, the search, the directory's
filters, the 404 page), every form (empty and sent back with errors) and the signed-in
pages of each kind of user (applicant, REALIS resident, Coventis buyer, YESS juror), then
checks them all in one run of the checker. It also checks that every page template of
templates/ was rendered at least once, so that a new template cannot escape the check.
"""

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import reverse

from coventis.models import Edition, MeetingRequest
from realis.models import Space
from tests.coventis.factories import MeetingRequestFactory, MeetingSlotFactory
from tests.factories import StaffFactory, UserFactory
from tests.realis.factories import BookingFactory, MembershipFactory, ResidencyFactory
from tests.site.test_shared_cache import DOWN as REDIS_DOWN
from tests.yess.factories import ApplicationFactory, make_status
from yess.forms import STEPS
from yess.models import Call, Cohort, JuryAssignment, Status

# The crawl renders every page of a small demo (the demo_data fixture).
DEMO_ENTERPRISES = 20
VNU_JAR = Path(settings.BASE_DIR) / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
# Templates that are not pages: e-mails, admin screens (Django's own markup), and the 500
# page (rendered without context, checked alone).
NOT_PAGES = re.compile(r"(^|/)(email|admin)/|^500\.html$")


class Crawl:
    """The pages fetched so far: their HTML and the templates they rendered."""

    def __init__(self, client, folder: Path):
        self.client = client
        self.folder = folder
        self.pages: dict[str, str] = {}
        self.templates: set[str] = set()

    def visit(self, label: str, url: str, *, data=None, expect=(200,)):
        method = self.client.post if data is not None else self.client.get
        response = method(url, data or {}) if data is not None else method(url)
        assert response.status_code in expect, (label, url, response.status_code)
        self.templates.update(t.name for t in response.templates if t.name)
        if "text/html" in response.get("Content-Type", "") and response.content:
            name = f"{len(self.pages):03d}-{re.sub(r'[^a-z0-9]+', '-', label.lower())}.html"
            (self.folder / name).write_bytes(response.content)
            self.pages[name] = f"{label} {url}"
        return response


def public_pages(crawl: Crawl):
    sitemap = crawl.client.get(reverse("sitemap")).content.decode()
    for location in re.findall(r"<loc>http://testserver(.*?)</loc>", sitemap):
        crawl.visit("sitemap", location)
    crawl.visit("recherche", reverse("recherche") + "?q=insertion")
    crawl.visit("recherche vide", reverse("recherche") + "?q=zzzzqqq")
    crawl.visit("recherche html", reverse("recherche") + "?q=%3Cscript%3E%22")
    directory = reverse("structures:index")
    crawl.visit("annuaire filtré", directory + "?departement=34&categorie=entreprise&q=bio")
    crawl.visit("annuaire page 2", directory + "?page=2&par_page=12")
    crawl.visit("carte", reverse("structures:map"))
    crawl.visit("404", "/page-qui-n-existe-pas/", expect=(404,))
    crawl.visit("400 caractère nul", reverse("recherche") + "?q=%00", expect=(400,))
    crawl.visit("coventis filtres", reverse("coventis:edition", args=[2027]) + "?q=bio")
    for name in ("account_login", "account_signup", "account_reset_password"):
        crawl.visit(name, reverse(name))
    crawl.visit("inscription erreurs", reverse("account_signup"), data={"email": "x"})
    crawl.visit("connexion erreurs", reverse("account_login"), data={"login": "x"})
    crawl.visit("oubli erreurs", reverse("account_reset_password"), data={"email": "x"})
    crawl.visit("oubli envoyé", reverse("account_reset_password_done"))
    # The French 503 page of rate-limited forms while the shared cache is down.
    with override_settings(CACHES=REDIS_DOWN):
        crawl.visit("cache indisponible", reverse("account_login"), data={}, expect=(503,))


def applicant_pages(crawl: Crawl):
    user = UserFactory()
    crawl.client.force_login(user)
    for name in ("account_space", "account_delete", "account_change_password", "account_email"):
        crawl.visit(name, reverse(name))
    crawl.visit(
        "mot de passe erreurs",
        reverse("account_change_password"),
        data={"oldpassword": "faux", "password1": "a", "password2": "b"},
    )
    crawl.visit("suppression erreurs", reverse("account_delete"), data={"confirm": ""})
    crawl.visit("candidater", reverse("yess:apply"))
    call = Call.objects.current()
    application = ApplicationFactory(call=call, applicant=user)
    for step in STEPS:
        crawl.visit(f"étape {step.slug}", reverse("yess:step", args=[step.slug]))
    crawl.visit(
        "étape erreurs",
        reverse("yess:step", args=[STEPS[0].slug]),
        data={"project_name": "x" * 1000, "next": "1"},
    )
    crawl.visit("récapitulatif", reverse("yess:review"))
    make_status(application, Status.SUBMITTED)
    crawl.visit("candidature", reverse("yess:application_detail", args=[application.pk]))
    crawl.visit("retrait", reverse("yess:application_withdraw", args=[application.pk]))
    edition = Edition.objects.get(year=2027)
    crawl.visit("inscription coventis", reverse("coventis:register", args=[2027]))
    crawl.visit("inscription coventis erreurs", reverse("coventis:register", args=[2027]), data={})
    meeting = MeetingRequestFactory(slot=MeetingSlotFactory(edition=edition))
    meeting.buyer.user = user
    meeting.buyer.save()
    MeetingRequestFactory(
        slot=MeetingSlotFactory(edition=edition),
        buyer=meeting.buyer,
        status=MeetingRequest.Status.ACCEPTED,
    )
    crawl.visit("planning", reverse("coventis:schedule", args=[2027]))
    crawl.visit("rendez-vous", reverse("coventis:meeting", args=[meeting.pk]))
    crawl.visit("demande rdv", reverse("coventis:meeting_request", args=[2027]))
    crawl.visit("demande rdv erreurs", reverse("coventis:meeting_request", args=[2027]), data={})
    crawl.visit("mon espace", reverse("account_space"))
    crawl.visit("réservations refusées", reverse("realis:booking_create"), expect=(200, 403))


def resident_pages(crawl: Crawl):
    residency = ResidencyFactory()
    user = MembershipFactory(enterprise=residency.enterprise).user
    crawl.client.force_login(user)
    booking = BookingFactory(
        enterprise=residency.enterprise, booked_by=user, space=Space.objects.first()
    )
    crawl.visit("agenda realis", reverse("realis:calendar"))
    crawl.visit("réserver", reverse("realis:booking_create"))
    crawl.visit("réserver erreurs", reverse("realis:booking_create"), data={"purpose": "x"})
    crawl.visit("réservation", reverse("realis:booking_detail", args=[booking.pk]))
    crawl.visit("annuler", reverse("realis:booking_cancel", args=[booking.pk]))
    crawl.visit("espace résident", reverse("account_space"))


def juror_pages(crawl: Crawl):
    juror = StaffFactory(groups=["Jury YESS"])
    crawl.client.force_login(juror)
    call = Call.objects.current()
    application = ApplicationFactory(call=call, submitted=True)
    JuryAssignment.objects.create(application=application, juror=juror)
    crawl.visit("jury", reverse("yess:jury_list"))
    crawl.visit("notation", reverse("yess:jury_score", args=[application.pk]))
    crawl.visit("notation erreurs", reverse("yess:jury_score", args=[application.pk]), data={})
    crawl.visit("classement", reverse("yess:ranking", args=[call.year]))
    # The sessions of a cohort are for its members and the YESS team.
    cohort = Cohort.objects.select_related("call").first()
    team = StaffFactory(groups=["Équipe YESS"])
    crawl.client.force_login(team)
    crawl.visit("séances", reverse("yess:cohort_sessions", args=[cohort.call.year]))
    crawl.visit("courriels de l'équipe", reverse("account_staff_notifications"))
    crawl.visit(
        "courriels de l'équipe erreurs",
        reverse("account_staff_notifications"),
        data={"staff_notifications": "jamais"},
    )


def run_vnu(folder: Path) -> list[dict]:
    """Return the checker's error messages for every HTML file of `folder`."""
    java = shutil.which("java")
    assert java, (
        "Java 17 est nécessaire au validateur HTML : apt-get install openjdk-17-jre-headless"
    )
    assert VNU_JAR.exists(), "Le validateur HTML manque : lancez « npm ci » (paquet vnu-jar)."
    result = subprocess.run(
        [java, "-jar", str(VNU_JAR), "--errors-only", "--format", "json", str(folder)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    return json.loads(result.stderr or result.stdout)["messages"]


@pytest.mark.django_db
def test_every_page_template_passes_the_nu_html_checker(demo_data, client, tmp_path):
    crawl = Crawl(client, tmp_path)
    public_pages(crawl)
    applicant_pages(crawl)
    resident_pages(crawl)
    juror_pages(crawl)
    crawl.client.logout()

    page_templates = {
        str(path.relative_to(settings.BASE_DIR / "templates"))
        for path in (settings.BASE_DIR / "templates").rglob("*.html")
    }
    page_templates = {name for name in page_templates if not NOT_PAGES.search(name)}
    assert sorted(page_templates - crawl.templates) == []

    # The CSP runs no inline script without the page's nonce: every inline script a browser
    # would run carries it (data blocks, JSON or JSON-LD, are not run).
    for name, label in crawl.pages.items():
        for tag in re.findall(r"<script\b[^>]*>", (tmp_path / name).read_text()):
            data = re.search(r'type="application/(ld\+)?json"', tag)
            assert "src=" in tag or data or re.search(r'nonce="[^"]+"', tag), (label, tag)

    messages = run_vnu(tmp_path)
    errors = [
        f"{crawl.pages[Path(m['url']).name]} (ligne {m.get('lastLine')}): {m['message']}"
        for m in messages
    ]
    print(f"Nu Html Checker: {len(crawl.pages)} pages, {len(errors)} errors")
    assert errors == []
    assert len(crawl.pages) > 50


def test_the_500_page_passes_the_nu_html_checker(tmp_path):
    from occitanie_ess.views import server_error

    (tmp_path / "500.html").write_bytes(server_error(None).content)
    assert [m["message"] for m in run_vnu(tmp_path)] == []

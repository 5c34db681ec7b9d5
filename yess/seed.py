"""Demo data for the YESS Académie: this year's call (open, dates given as examples), last
year's call and its cohort of about thirty projects linked to generated directory
enterprises, and the cohort's coaching sessions with attendance. Idempotent: calls are
found by year, applications by (call, enterprise), sessions by (cohort, title)."""

import datetime
import random
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from structures.models import SupportStructure
from structures.seed import demo_pool
from yess.models import (
    Application,
    Attendance,
    Call,
    Cohort,
    Criterion,
    Session,
    Stage,
    Status,
    StatusChange,
)
from yess.services import cohort_supports_rederive

PARIS = ZoneInfo("Europe/Paris")
DESCRIPTION = (
    "Piloté par REALIS, le pôle d'innovation sociale de la Région Occitanie, le programme "
    "entrepreneurial YESS Académie s'adresse aux entrepreneurs sociaux pour booster la "
    "création et le développement de leur projet. Il comprend une phase de sélection "
    "(une trentaine de projets par an) puis une phase d'accompagnement de la promotion de "
    "l'année : coaching intensif, suivi personnalisé, formations."
)
CRITERIA = [
    ("Utilité sociale", "Le besoin social traité et l'impact attendu sur le public.", 5, 3),
    ("Caractère innovant", "Ce que le projet apporte de nouveau sur son territoire.", 5, 2),
    ("Équipe", "La capacité de l'équipe à porter le projet.", 5, 2),
    ("Modèle économique", "La viabilité et la diversité des ressources.", 5, 2),
    ("Ancrage territorial", "Les partenariats et la place du projet en Occitanie.", 5, 1),
]
SESSIONS = [
    (Session.Kind.COACHING, "Séminaire de lancement de la promotion", 0),
    (Session.Kind.TRAINING, "Formation : construire son modèle économique", 3),
    (Session.Kind.TRAINING, "Formation : mesurer son impact social", 6),
    (Session.Kind.COACHING, "Coaching intensif : préparer sa levée de fonds", 9),
    (Session.Kind.FOLLOW_UP, "Suivi personnalisé : point d'étape à mi-parcours", 12),
    (Session.Kind.TRAINING, "Formation : recruter et manager en ESS", 16),
    (Session.Kind.COACHING, "Coaching intensif : pitch devant les financeurs", 20),
]


def _at(year, month, day, hour=9, minute=0) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, minute, tzinfo=PARIS)


def _calendar(year: int) -> str:
    return "\n".join(
        [
            f"1er octobre {year - 1} : ouverture des candidatures",
            f"31 janvier {year} à midi : clôture des candidatures",
            f"février {year} : examen des dossiers par le jury",
            f"mars {year} : entretiens des projets retenus",
            f"avril {year} : annonce de la promotion {year}",
            f"mai {year} : début de l'accompagnement",
        ]
    )


def ensure_call(year: int, operator) -> Call:
    """Return the call of `year` (window 1 October of the year before – 31 January, noon)."""
    call, _created = Call.objects.get_or_create(
        year=year,
        defaults={
            "title": f"Appel à candidatures YESS Académie {year}",
            "operator": operator,
            "description": DESCRIPTION,
            "opens_at": _at(year - 1, 10, 1),
            "closes_at": _at(year, 1, 31, 12),
            "capacity": 30,
            "calendar": _calendar(year),
            "is_example": True,
        },
    )
    for position, (label, description, max_score, weight) in enumerate(CRITERIA):
        Criterion.objects.get_or_create(
            call=call,
            label=label,
            defaults={
                "description": description,
                "max_score": max_score,
                "weight": weight,
                "position": position,
            },
        )
    return call


def current_call_year(today: datetime.date) -> int:
    """Return the year of the call running around `today` (calls open in October)."""
    return today.year + 1 if today.month >= 10 else today.year


@transaction.atomic
def seed(*, stdout, options):
    """Load the demo calls, cohort, sessions and attendance (idempotent)."""
    operator = SupportStructure.objects.filter(slug="realis").first()
    year = current_call_year(timezone.localdate())
    current = ensure_call(year, operator)
    # The demo must let a visitor apply: keep the current call open around today.
    now = timezone.now()
    if not current.is_open(now) and current.is_example and current.closes_at <= now:
        current.closes_at = now + datetime.timedelta(days=60)
        current.save(update_fields=["closes_at"])
    past = ensure_call(year - 1, operator)
    cohort, _created = Cohort.objects.get_or_create(
        call=past, defaults={"name": f"Promotion {past.year}"}
    )
    rng = random.Random(year)
    # Published enterprises only: the cohort's page lists every member it counts. Once the
    # cohort is full, its members stay (more enterprises generated later change nothing).
    members_now = list(
        Application.objects.filter(call=past, status=Status.SELECTED)
        .exclude(enterprise=None)
        .select_related("enterprise")
        .order_by("pk")
    )
    if len(members_now) >= past.capacity:
        enterprises = [a.enterprise for a in members_now]
    else:
        enterprises = demo_pool(60)[-past.capacity :]
    members = []
    for enterprise in enterprises:
        application = Application.objects.filter(call=past, enterprise=enterprise).first()
        if application is None:
            submitted = past.opens_at + datetime.timedelta(days=rng.randint(10, 100))
            application = Application.objects.create(
                call=past,
                applicant=None,
                enterprise=enterprise,
                status=Status.SELECTED,
                project_name=enterprise.name,
                summary=enterprise.description[:1500],
                departement_id=enterprise.departement_id,
                commune=enterprise.commune,
                stage=rng.choice([Stage.PROTOTYPE, Stage.LAUNCHED]),
                funding_needs=Decimal(rng.randrange(20, 150) * 1000),
                submitted_at=submitted,
            )
            steps = [Status.SUBMITTED, Status.UNDER_REVIEW, Status.SHORTLISTED, Status.SELECTED]
            previous = Status.DRAFT
            for offset, status in enumerate(steps):
                StatusChange.objects.create(
                    application=application,
                    from_status=previous,
                    to_status=status,
                    at=submitted + datetime.timedelta(days=20 * offset),
                    note="Historique donné à titre d'exemple." if offset == 0 else "",
                )
                previous = status
        members.append(application)
    start = _at(past.year, 5, 12, 9, 30)
    for title_kind, title, week in SESSIONS:
        starts_at = start + datetime.timedelta(weeks=week)
        session, created = Session.objects.get_or_create(
            cohort=cohort,
            title=title,
            defaults={
                "kind": title_kind,
                "starts_at": starts_at,
                "ends_at": starts_at + datetime.timedelta(hours=3),
                "location": "REALIS, Montpellier",
                "description": "Séance donnée à titre d'exemple.",
            },
        )
        if created:
            Attendance.objects.bulk_create(
                [
                    Attendance(session=session, application=member, present=rng.random() < 0.85)
                    for member in members
                ],
                ignore_conflicts=True,
            )
    cohort_supports_rederive()
    stdout.write(
        f"YESS Académie : appel {current.year} ouvert, promotion {past.year} "
        f"({len(members)} projets), {len(SESSIONS)} séances."
    )

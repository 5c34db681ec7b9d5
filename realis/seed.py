"""Demo data for REALIS: the building's spaces and shared services, residencies for some
generated enterprises, V@SI as an alumnus, and a year of coaching sessions.

The seed document gives the facts (three years at most, about thirty companies, personal
and collective coaching, shared services and common spaces, V@SI hosted by REALIS); every
other value (rooms, capacities, equipment, dates, hours) is an example, marked as such.
Idempotent: records are found by slug, by enterprise or by (date, topic).
"""

import datetime
import random
from decimal import Decimal

from realis.models import CoachingSession, Residency, SharedService, Space, add_years, today
from realis.services import residencies_support_rederive, residency_save
from structures.models import Enterprise
from structures.seed import demo_pool

EXAMPLE = "Donné à titre d'exemple."

SPACES = [
    # (slug, name, kind, capacity, area, equipment, bookable)
    (
        "salle-garrigue",
        "Salle Garrigue",
        Space.Kind.MEETING_ROOM,
        12,
        30,
        "Écran et visioconférence\nTableau blanc\nBoucle magnétique",
        True,
    ),
    ("salle-lez", "Salle du Lez", Space.Kind.MEETING_ROOM, 6, 15, "Écran\nTableau blanc", True),
    (
        "agora",
        "L'Agora",
        Space.Kind.COMMON,
        60,
        120,
        "Vidéoprojecteur\nSonorisation\nChaises empilables",
        True,
    ),
    (
        "atelier-prototypage",
        "Atelier de prototypage",
        Space.Kind.WORKSHOP,
        8,
        45,
        "Établis\nImprimante 3D\nOutillage partagé",
        True,
    ),
    (
        "cuisine-partagee",
        "Cuisine partagée",
        Space.Kind.COMMON,
        20,
        35,
        "Cuisine équipée\nTables de repas",
        False,
    ),
]
OFFICES = 12

SERVICES = [
    ("Accueil et domiciliation", "Accueil du public, réception du courrier, domiciliation."),
    ("Reprographie", "Impression, numérisation et reliure partagées."),
    ("Réseau et internet très haut débit", "Wi-Fi et réseau filaire dans tout le bâtiment."),
    ("Veille et mise en réseau", "Rencontres entre résidents, partenaires de l'ESS et financeurs."),
]

COLLECTIVE_TOPICS = [
    "Modèle économique et mesure d'impact social",
    "Financer son projet : FISO, prêts d'honneur, subventions",
    "Marchés publics et clauses sociales",
    "Gouvernance coopérative",
    "Communication et réseaux",
    "Recrutement et premier emploi",
]
INDIVIDUAL_TOPICS = [
    "Prévisionnel financier",
    "Stratégie commerciale",
    "Statuts et agrément ESUS",
    "Préparation d'un comité de financement",
]


def seed_spaces() -> list[Space]:
    """Return the meeting rooms, common spaces, workshop and offices, created once."""
    for order, (slug, name, kind, capacity, area, equipment, bookable) in enumerate(SPACES):
        Space.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "kind": kind,
                "capacity": capacity,
                "area": area,
                "equipment": equipment,
                "is_bookable": bookable,
                "description": EXAMPLE,
                "order": order,
            },
        )
    offices = []
    for number in range(1, OFFICES + 1):
        office, _created = Space.objects.get_or_create(
            slug=f"bureau-{number}",
            defaults={
                "name": f"Bureau {number}",
                "kind": Space.Kind.OFFICE,
                "capacity": 2 + number % 3,
                "area": 12 + 2 * (number % 3),
                "equipment": "Postes de travail\nArmoire",
                "description": EXAMPLE,
                "order": 100 + number,
            },
        )
        offices.append(office)
    return offices


def seed_services() -> None:
    """Create the shared services once."""
    for order, (name, description) in enumerate(SERVICES):
        SharedService.objects.get_or_create(
            name=name, defaults={"description": f"{description} {EXAMPLE}", "order": order}
        )


def seed_vasi() -> None:
    """Record V@SI, hosted by REALIS from 2015 to 2018 (seed document), as an alumnus."""
    vasi = Enterprise.objects.filter(slug="vasi").first()
    if vasi is None or Residency.objects.filter(enterprise=vasi).exists():
        return
    residency_save(
        residency=Residency(
            enterprise=vasi,
            status=Residency.Status.ALUMNUS,
            entry_date=datetime.date(2015, 9, 1),
            planned_exit_date=datetime.date(2018, 8, 31),
            actual_exit_date=datetime.date(2018, 8, 31),
            settled_commune="Montpellier",
            jobs_at_exit=6,
            still_active=True,
            notes=(
                "Premier financement FISO de France. Dates de la résidence et emplois à la "
                f"sortie : {EXAMPLE.lower()}"
            ),
        )
    )


def seed_residencies(offices: list[Space], *, on: datetime.date) -> list[Enterprise]:
    """Give residencies to some example enterprises: ten current (the youngest of the demo
    pool, one leaving within three months), six alumni (each created before it entered);
    return the current residents. Only published enterprises: the pépinière's page lists
    every resident it counts."""
    rng = random.Random(2015)
    if Residency.objects.exclude(enterprise__slug="vasi").exists():
        # Seeded already: more enterprises generated since must not add residents.
        return [
            r.enterprise
            for r in Residency.objects.current(on).select_related("enterprise").order_by("pk")
        ]
    pool = demo_pool(60)
    young = sorted(pool, key=lambda e: (e.creation_date or on, e.pk), reverse=True)
    chosen = young[:10]
    for index in range(6):
        entry = datetime.date(2016 + index, 9, 1)
        candidate = next(
            (
                e
                for e in pool
                if e not in chosen and (e.creation_date is None or e.creation_date <= entry)
            ),
            None,
        )
        if candidate is not None:
            chosen.append(candidate)
    with_residency = set(
        Residency.objects.filter(enterprise__in=chosen).values_list("enterprise_id", flat=True)
    )
    residents = []
    for index, enterprise in enumerate(chosen):
        if index < 10:
            residents.append(enterprise)
        if enterprise.pk in with_residency:
            continue
        if index < 10:
            entry = max(
                on - datetime.timedelta(days=30 + 110 * index),
                enterprise.creation_date or datetime.date.min,
            )
            residency_save(
                residency=Residency(
                    enterprise=enterprise,
                    status=Residency.Status.RESIDENT,
                    entry_date=entry,
                    planned_exit_date=add_years(entry, 3) - datetime.timedelta(days=1),
                    office=offices[index % len(offices)],
                    notes=EXAMPLE,
                )
            )
        else:
            entry = datetime.date(2016 + index - 10, 9, 1)
            exit_date = add_years(entry, 3) - datetime.timedelta(days=1 + rng.randint(0, 120))
            residency_save(
                residency=Residency(
                    enterprise=enterprise,
                    status=Residency.Status.ALUMNUS,
                    entry_date=entry,
                    planned_exit_date=add_years(entry, 3) - datetime.timedelta(days=1),
                    actual_exit_date=exit_date,
                    settled_commune=enterprise.commune,
                    jobs_at_exit=rng.randint(2, 15),
                    still_active=index != 15,
                    notes=EXAMPLE,
                )
            )
    return residents


def seed_coaching(residents: list[Enterprise], *, on: datetime.date) -> None:
    """Record, for each month of the current year so far, one collective session with
    the enterprises in residence that day and two individual ones (found again by date
    and topic). An enterprise is never coached before its entry nor after its exit."""
    if not residents:
        return

    def hosted(day: datetime.date) -> list[Enterprise]:
        ids = set(
            Residency.objects.covering(day)
            .filter(enterprise__in=residents)
            .values_list("enterprise_id", flat=True)
        )
        return [e for e in residents if e.pk in ids]

    for month in range(1, on.month + 1):
        collective_day = datetime.date(on.year, month, 8)
        present = hosted(collective_day) if collective_day <= on else []
        if present:
            session, created = CoachingSession.objects.get_or_create(
                date=collective_day,
                topic=COLLECTIVE_TOPICS[month % len(COLLECTIVE_TOPICS)],
                defaults={
                    "kind": CoachingSession.Kind.COLLECTIVE,
                    "hours": Decimal("3.00"),
                    "coach": "Équipe REALIS",
                    "notes": EXAMPLE,
                },
            )
            if created:
                session.enterprises.set(present)
        for number in range(2):
            day = datetime.date(on.year, month, 15 + 5 * number)
            present = hosted(day) if day <= on else []
            if not present:
                continue
            enterprise = present[(month * 2 + number) % len(present)]
            session, created = CoachingSession.objects.get_or_create(
                date=day,
                topic=INDIVIDUAL_TOPICS[(month + number) % len(INDIVIDUAL_TOPICS)],
                defaults={
                    "kind": CoachingSession.Kind.INDIVIDUAL,
                    "hours": Decimal("1.50"),
                    "coach": "Chargée d'accompagnement REALIS",
                    "notes": EXAMPLE,
                },
            )
            if created:
                session.enterprises.set([enterprise])


def seed(*, stdout, options):
    """Load REALIS's demo data (idempotent)."""
    on = today()
    offices = seed_spaces()
    seed_services()
    seed_vasi()
    residents = seed_residencies(offices, on=on)
    seed_coaching(residents, on=on)
    residencies_support_rederive()
    stdout.write("REALIS : espaces, services, résidences (dont V@SI), séances d'accompagnement.")

"""Demo data for Coventis: the history of editions since the first Rencontres régionales de
l'ESS (2005, Montpellier, as the seed document says), then an open upcoming edition with its
programme, meeting slots and exhibitors taken among the generated enterprises.

The seed document gives only the origin (2005, Montpellier) and the rhythm (biennial); the
dates, venues, themes and figures here are plausible examples, and every edition is marked
`is_example` so that its page says so. Idempotent: editions are found by year, the rest by
natural keys.
"""

import datetime
from zoneinfo import ZoneInfo

from coventis.models import Edition, Exhibitor, MeetingSlot, ProgrammeItem
from structures.models import Enterprise
from structures.seed import generated_enterprises

PARIS = ZoneInfo("Europe/Paris")
R = Edition.Kind.RENCONTRES
C = Edition.Kind.COVENTIS
CORUM = ("Le Corum", "Esplanade Charles-de-Gaulle", "Montpellier")
PARC_EXPO = ("Parc des expositions de Montpellier", "Route de la Foire", "Pérols")
NIMES = ("Parc des expositions de Nîmes", "Chemin du Mas de Vignoles", "Nîmes")
TOULOUSE = ("Centre de congrès Pierre-Baudis", "11 esplanade Compans-Caffarelli", "Toulouse")

# (kind, number, start, days, place, theme, exhibitors, visitors)
HISTORY = [
    (
        R,
        1,
        datetime.date(2005, 11, 17),
        1,
        CORUM,
        "L'économie sociale et solidaire, une autre façon d'entreprendre",
        60,
        800,
    ),
    (R, 2, datetime.date(2007, 11, 15), 2, CORUM, "Entreprendre autrement en région", 80, 1000),
    (
        R,
        3,
        datetime.date(2009, 11, 19),
        2,
        NIMES,
        "Coopérer pour l'emploi face à la crise",
        100,
        1200,
    ),
    (C, 1, datetime.date(2011, 10, 13), 2, PARC_EXPO, "Acheter socialement responsable", 120, 2000),
    (
        C,
        2,
        datetime.date(2013, 10, 17),
        2,
        PARC_EXPO,
        "La commande publique, levier de l'ESS",
        150,
        2500,
    ),
    (C, 3, datetime.date(2015, 10, 15), 2, PARC_EXPO, "Innovation sociale et emploi", 160, 2800),
    (
        C,
        4,
        datetime.date(2017, 10, 12),
        2,
        TOULOUSE,
        "Une région, une économie sociale et solidaire",
        180,
        3000,
    ),
    (
        C,
        5,
        datetime.date(2019, 10, 17),
        2,
        PARC_EXPO,
        "Coopérer pour la transition écologique",
        200,
        3200,
    ),
    (C, 6, datetime.date(2021, 10, 14), 2, TOULOUSE, "Relocaliser, coopérer, innover", 170, 2400),
    (
        C,
        7,
        datetime.date(2023, 10, 12),
        2,
        PARC_EXPO,
        "Achats responsables et clauses sociales",
        210,
        3400,
    ),
    (
        C,
        8,
        datetime.date(2025, 10, 16),
        2,
        TOULOUSE,
        "L'ESS, partenaire des territoires",
        220,
        3500,
    ),
]

UPCOMING_YEAR = 2027
UPCOMING_START = datetime.date(2027, 10, 14)

PRACTICAL = (
    "Entrée libre sur inscription pour les visiteurs ; les acheteurs et les exposants "
    "s'inscrivent pour les rendez-vous d'affaires. Accès en tramway et en bus ; le lieu est "
    "accessible aux personnes à mobilité réduite. (Informations données à titre d'exemple.)"
)

# (day offset, start "HH:MM", end, kind, room, title, speakers)
PROGRAMME = [
    (0, "09:00", "09:45", "conference", "Auditorium", "Ouverture du salon", "Région Occitanie"),
    (
        0,
        "10:00",
        "11:00",
        "conference",
        "Auditorium",
        "La commande publique responsable : où en est-on ?",
        "Acheteurs publics d'Occitanie, Réseau des acheteurs responsables",
    ),
    (
        0,
        "10:00",
        "11:30",
        "atelier",
        "Salle Garrigue",
        "Répondre à un marché public avec clause sociale",
        "Chambre régionale de l'ESS",
    ),
    (
        0,
        "11:30",
        "12:30",
        "pitch",
        "Auditorium",
        "Pitchs : économie circulaire",
        "Entreprises exposantes",
    ),
    (
        0,
        "14:00",
        "15:30",
        "conference",
        "Auditorium",
        "Financer l'innovation sociale : le FISO",
        "Bpifrance, Région Occitanie",
    ),
    (
        0,
        "14:00",
        "15:00",
        "atelier",
        "Salle Garrigue",
        "Coopérer entre SCOP et SCIC",
        "Union régionale des SCOP",
    ),
    (
        0,
        "16:00",
        "17:00",
        "pitch",
        "Auditorium",
        "Pitchs : les lauréats de la YESS Académie",
        "REALIS",
    ),
    (
        1,
        "09:30",
        "10:30",
        "conference",
        "Auditorium",
        "Acheter local, acheter solidaire",
        "Collectivités d'Occitanie",
    ),
    (
        1,
        "09:30",
        "11:00",
        "atelier",
        "Salle Garrigue",
        "Construire une offre pour les acheteurs privés",
        "Alter'Incub, Catalis",
    ),
    (
        1,
        "11:00",
        "12:00",
        "pitch",
        "Auditorium",
        "Pitchs : santé et services à la personne",
        "Entreprises exposantes",
    ),
    (
        1,
        "14:00",
        "15:00",
        "conference",
        "Auditorium",
        "Les PTCE, coopérations de territoire",
        "Le Périscope, Les Ateliers",
    ),
    (
        1,
        "15:30",
        "16:30",
        "conference",
        "Auditorium",
        "Clôture et bilan du salon",
        "Région Occitanie",
    ),
]


def _at(day: datetime.date, hhmm: str) -> datetime.datetime:
    hour, minute = (int(part) for part in hhmm.split(":"))
    return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=PARIS)


def seed_history() -> dict[int, Edition]:
    """Create or update the past editions; return them by year."""
    editions = {}
    for kind, number, start, days, (venue, address, city), theme, exhibitors, visitors in HISTORY:
        edition, _created = Edition.objects.update_or_create(
            year=start.year,
            defaults={
                "kind": kind,
                "number": number,
                "start_date": start,
                "end_date": start + datetime.timedelta(days=days - 1),
                "city": city,
                "venue": venue,
                "address": address,
                "theme": theme,
                "exhibitors_count": exhibitors,
                "visitors_count": visitors,
                "is_example": True,
                "registration_open": False,
                "description": (
                    "Première édition des Rencontres régionales de l'ESS, à Montpellier."
                    if start.year == 2005
                    else ""
                ),
            },
        )
        editions[edition.year] = edition
    return editions


def seed_upcoming() -> Edition:
    """Create or update the open upcoming edition with its programme and slots."""
    edition, _created = Edition.objects.update_or_create(
        year=UPCOMING_YEAR,
        defaults={
            "kind": C,
            "number": 9,
            "start_date": UPCOMING_START,
            "end_date": UPCOMING_START + datetime.timedelta(days=1),
            "city": "Pérols",
            "venue": PARC_EXPO[0],
            "address": PARC_EXPO[1],
            "theme": "Acheter local, acheter solidaire",
            "description": (
                "Deux jours de rendez-vous d'affaires entre acheteurs publics, entreprises et "
                "entreprises de l'ESS d'Occitanie, de conférences, d'ateliers et de pitchs."
            ),
            "practical_info": PRACTICAL,
            "is_example": True,
            "registration_open": True,
            "registration_closes_at": _at(UPCOMING_START - datetime.timedelta(days=13), "18:00"),
            "capacity": 2500,
        },
    )
    for offset, start, end, kind, room, title, speakers in PROGRAMME:
        day = UPCOMING_START + datetime.timedelta(days=offset)
        ProgrammeItem.objects.update_or_create(
            edition=edition,
            title=title,
            defaults={
                "kind": kind,
                "room": room,
                "start": _at(day, start),
                "end": _at(day, end),
                "speakers": speakers,
            },
        )
    for offset in (0, 1):
        day = UPCOMING_START + datetime.timedelta(days=offset)
        for first, count in (("09:30", 6), ("14:00", 6)):
            start = _at(day, first)
            for index in range(count):
                slot_start = start + datetime.timedelta(minutes=30 * index)
                MeetingSlot.objects.get_or_create(
                    edition=edition,
                    start=slot_start,
                    defaults={"end": slot_start + datetime.timedelta(minutes=30)},
                )
    return edition


def seed_exhibitors(edition: Edition, enterprises: list[Enterprise], prefix: str) -> None:
    """Make `enterprises` exhibitors of `edition`, with stands <prefix>01, <prefix>02…"""
    for index, enterprise in enumerate(enterprises, start=1):
        Exhibitor.objects.get_or_create(
            edition=edition,
            enterprise=enterprise,
            defaults={"stand": f"{prefix}{index:02d}"},
        )


def seed(*, stdout, options):
    """Load Coventis's demo data (idempotent)."""
    history = seed_history()
    upcoming = seed_upcoming()
    generated = list(generated_enterprises().filter(is_published=True)[:20])
    seed_exhibitors(upcoming, generated[:12], "A")
    if 2025 in history:
        seed_exhibitors(history[2025], generated[8:16], "B")
    stdout.write(
        f"Coventis : {len(history) + 1} éditions depuis 2005, l'édition {UPCOMING_YEAR} ouverte."
    )

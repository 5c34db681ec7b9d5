"""Demo data of the FISO: the Occitanie envelope and its financings (idempotent).

Facts from the seed document: the envelope (2.3 M€ since 2015, State (PIA) and Région at
parity, run by Bpifrance) and the first FISO financing in France, to V@SI, accompanied by
REALIS. The document gives no amount: every amount here is an example, marked as such.
Financings are found by their decision reference, so running the seeder twice adds nothing.
"""

import datetime
from decimal import Decimal

from django.db import transaction

from fiso.models import Envelope, Financing
from fiso.services import financing_commit, financings_support_rederive
from structures.models import Enterprise, SupportStructure
from structures.seed import demo_pool, incubator_for

ENVELOPE = {
    "name": "FISO Occitanie",
    "start_year": 2015,
    "capacity": Decimal("2300000.00"),
    "state_share": Decimal("50.00"),
    "region_share": Decimal("50.00"),
    "operator": "Bpifrance",
    "attributing_body": "Bpifrance, pour l'État (PIA) et la Région Occitanie",
}
# Examples count from this day, so that the demo data never changes with the clock.
REFERENCE_DAY = datetime.date(2026, 11, 1)
S = Financing.Status
ADVANCE = Financing.Instrument.REPAYABLE_ADVANCE
LOAN = Financing.Instrument.ZERO_RATE_LOAN

VASI_FINANCING = {
    "reference": "FISO-OCC-2016-001",
    "instrument": ADVANCE,
    "amount": Decimal("50000.00"),
    "development_needs": Decimal("120000.00"),
    "purpose": (
        "Lancement sur le marché d'un programme d'activités physiques adaptées pour des "
        "patients atteints de pathologies qui les isolent socialement."
    ),
    "status": S.REPAID,
    "decision_date": datetime.date(2016, 3, 15),
    "disbursement_date": datetime.date(2016, 4, 1),
    "deferral_months": 24,
    "instalment_count": 20,
    "repayment_frequency": Financing.Frequency.QUARTERLY,
    "note": "Premier financement FISO de France",
    "is_public": True,
}

# (reference suffix, instrument, amount, needs, status, decision, structure, public, purpose,
#  thematic of the enterprise it fits). "incubateur" is the incubator of the enterprise's area.
# fmt: off
EXAMPLES = [
    (2, LOAN, "80000", "200000", S.REPAID, "2016-11-08", "incubateur", True,
     "Industrialisation d'un procédé de réemploi de matériaux du bâtiment.",
     "economie-circulaire"),
    (3, ADVANCE, "45000", "95000", S.REPAYING, "2017-06-20", "incubateur", True,
     "Premier déploiement commercial d'une conciergerie solidaire en milieu rural.",
     "services-a-la-personne"),
    (4, LOAN, "120000", "260000", S.REPAYING, "2018-02-13", "le-periscope", True,
     "Mise sur le marché d'une offre de mobilité partagée pour les zones peu denses.",
     "mobilite"),
    (5, ADVANCE, "30000", "60000", S.REPAYING, "2019-04-09", "realis", True,
     "Lancement d'une épicerie solidaire itinérante.", "alimentation-durable"),
    (6, LOAN, "150000", "340000", S.REPAYING, "2020-09-29", "les-ateliers", True,
     "Création d'une filière de réparation et de revente d'électroménager.",
     "economie-circulaire"),
    (7, ADVANCE, "65000", "140000", S.DISBURSED, "2021-05-18", "incubateur", True,
     "Commercialisation d'un service d'accompagnement numérique des seniors.",
     "numerique-inclusif"),
    (8, LOAN, "200000", "450000", S.DISBURSED, "2022-10-04", "incubateur", True,
     "Montée en charge d'une cuisine centrale bio pour la restauration collective.",
     "alimentation-durable"),
    (9, ADVANCE, "90000", "190000", S.DISBURSED, "2023-06-27", "realis", False,
     "Premier lancement d'un tiers-lieu de formation aux métiers du réemploi.",
     "economie-circulaire"),
    (10, LOAN, "110000", "230000", S.GRANTED, "2024-12-10", "le-periscope", True,
     "Lancement commercial d'une coopérative d'énergie citoyenne.", "transition-energetique"),
    (11, ADVANCE, "75000", "160000", S.GRANTED, "2025-07-08", "", True,
     "Mise sur le marché d'une plateforme de covoiturage solidaire.", "mobilite"),
    (12, LOAN, "60000", "150000", S.INSTRUCTION, "", "realis", False,
     "Essaimage d'un atelier vélo participatif.", "mobilite"),
    (13, ADVANCE, "40000", "85000", S.REFUSED, "2024-03-12", "", False,
     "Projet de ressourcerie (refusé : dossier incomplet).", "economie-circulaire"),
]
# fmt: on


def _fitting(pool: list, thematic: str, decided: datetime.date | None):
    """Return the first enterprise of `pool` created before the decision (a year
    before, when it can), preferably working in `thematic`; None when the pool is empty."""
    day = decided or REFERENCE_DAY

    def existed(enterprise, margin: int) -> bool:
        created = enterprise.creation_date
        return created is None or created <= day - datetime.timedelta(days=margin)

    def works_in(enterprise) -> bool:
        return any(t.slug == thematic for t in enterprise.thematics.all())

    for test in (
        lambda e: works_in(e) and existed(e, 365),
        lambda e: existed(e, 365),
        lambda e: existed(e, 0),
        lambda e: True,
    ):
        found = next((e for e in pool if test(e)), None)
        if found is not None:
            return found
    return None


def _repaid_by(financing: Financing, day: datetime.date) -> Decimal:
    """Return what the schedule has repaid by `day` (the demo assumes every payment on time)."""
    return sum((i.amount for i in financing.repayment_schedule() if i.due_date <= day), Decimal(0))


@transaction.atomic
def _create(envelope: Envelope, enterprise, structure, data: dict) -> Financing:
    status = data.pop("status")
    financing = Financing(
        envelope=envelope,
        enterprise=enterprise,
        accompanying_structure=structure,
        amount_is_example=True,
        **data,
    )
    if status in Financing.DISBURSED_STATUSES and financing.disbursement_date is None:
        financing.disbursement_date = financing.decision_date + datetime.timedelta(days=30)
    if status == S.REPAID:
        financing.repaid_amount = financing.amount
    elif status == S.REPAYING:
        financing.repaid_amount = _repaid_by(financing, REFERENCE_DAY)
    if status in Financing.COMMITTED_STATUSES:
        return financing_commit(financing=financing, status=status)
    financing.status = status
    financing.full_clean()
    financing.save()
    return financing


def seed(*, stdout, options):
    """Load the FISO demo data (idempotent)."""
    envelope, _created = Envelope.objects.get_or_create(name=ENVELOPE["name"], defaults=ENVELOPE)
    realis = SupportStructure.objects.filter(slug="realis").first()
    vasi = Enterprise.objects.filter(slug="vasi").first()
    if realis is None or vasi is None:
        stdout.write("FISO : REALIS ou V@SI absents de l'annuaire, financements non chargés.")
        return
    if not Financing.objects.filter(reference=VASI_FINANCING["reference"]).exists():
        _create(envelope, vasi, realis, dict(VASI_FINANCING))

    structures = {s.slug: s for s in SupportStructure.objects.all()}
    financed = set(
        Financing.objects.filter(envelope=envelope).values_list("enterprise_id", flat=True)
    )
    pool = [e for e in demo_pool() if e.pk not in financed]
    existing = set(Financing.objects.filter(envelope=envelope).values_list("reference", flat=True))
    for row in EXAMPLES:
        number, instrument, amount, needs, status, decided, slug, public, purpose, thematic = row
        decision_date = datetime.date.fromisoformat(decided) if decided else None
        year = decision_date.year if decision_date else REFERENCE_DAY.year
        reference = f"FISO-OCC-{year}-{number:03d}"
        if reference in existing:
            continue
        enterprise = _fitting(pool, thematic, decision_date)
        if enterprise is None:
            break
        pool.remove(enterprise)
        if slug == "incubateur":
            slug = incubator_for(enterprise.departement.code if enterprise.departement else "34")
        _create(
            envelope,
            enterprise,
            structures.get(slug),
            {
                "reference": reference,
                "instrument": instrument,
                "amount": Decimal(amount),
                "development_needs": Decimal(needs),
                "purpose": purpose,
                "status": status,
                "decision_date": decision_date,
                "is_public": public,
            },
        )
    financings_support_rederive()
    totals = Financing.objects.filter(envelope=envelope).totals()
    stdout.write(
        f"FISO : enveloppe de {envelope.capacity} €, {totals['count']} financements engagés "
        f"pour {totals['committed']} € (montants donnés à titre d'exemple)."
    )

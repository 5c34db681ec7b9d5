"""Demo data for the directory: every structure the seed document names, then generated
enterprises (Faker fr_FR) so that lists are not empty. Idempotent: records are found by
slug, generated ones are only added up to the requested total."""

import random
from datetime import date

from django.utils.text import slugify

from structures.models import (
    Departement,
    Enterprise,
    Organisation,
    Support,
    SupportStructure,
    Thematic,
)
from structures.territory import ensure_departements

THEMATICS = [
    "Économie circulaire",
    "Insertion par l'activité économique",
    "Santé et activités physiques adaptées",
    "Alimentation durable",
    "Mobilité",
    "Habitat et logement",
    "Culture",
    "Éducation et jeunesse",
    "Numérique inclusif",
    "Transition énergétique",
    "Services à la personne",
    "Tourisme solidaire",
]

EXAMPLE = " (Coordonnées données à titre d'exemple.)"

# The structures of the seed document, with the facts it gives; addresses are examples.
STRUCTURES = [
    {
        "name": "REALIS",
        "kind": Organisation.Kind.PEPINIERE,
        "operator": "Région Occitanie",
        "commune": "Montpellier",
        "postcode": "34000",
        "departement": "34",
        "description": (
            "Pôle d'innovation sociale géré en direct par la Région Occitanie, REALIS accompagne "
            "au démarrage et au développement de leur activité, durant trois ans, une trentaine "
            "d'entreprises économiquement performantes et socialement responsables, pour qu'elles "
            "deviennent des PME de l'ESS et s'implantent durablement sur le territoire : "
            "hébergement, accompagnement personnalisé et collectif, services mutualisés et "
            "espaces communs, dans un bâtiment éco-conçu à Montpellier qui a bénéficié de fonds "
            "européens. REALIS pilote aussi la YESS Académie."
        ),
        "thematics": [],
    },
    {
        "name": "Alter'Incub",
        "kind": Organisation.Kind.INCUBATEUR,
        "operator": "",
        "commune": "Montpellier",
        "postcode": "34000",
        "departement": "34",
        "description": (
            "Incubateur d'entreprises sociales soutenu par la Région Occitanie, qui intervient "
            "dès le stade de l'idée pour accompagner les projets porteurs d'innovation sociale "
            "et à fort potentiel."
        ),
        "thematics": [],
    },
    {
        "name": "Catalis",
        "kind": Organisation.Kind.INCUBATEUR,
        "operator": "",
        "commune": "Toulouse",
        "postcode": "31000",
        "departement": "31",
        "description": (
            "Incubateur d'innovation sociale soutenu par la Région Occitanie, qui intervient dès "
            "le stade de l'idée pour accompagner les projets porteurs d'innovation et à fort "
            "potentiel."
        ),
        "thematics": [],
    },
    {
        "name": "Le Périscope",
        "kind": Organisation.Kind.PTCE,
        "operator": "",
        "commune": "Ramonville-Saint-Agne",
        "postcode": "31520",
        "departement": "31",
        "description": (
            "Pôle territorial de coopération économique (PTCE) à Ramonville, soutenu par la "
            "Région Occitanie."
        ),
        "thematics": [],
    },
    {
        "name": "Les Ateliers",
        "kind": Organisation.Kind.PTCE,
        "operator": "",
        "commune": "Castres",
        "postcode": "81100",
        "departement": "81",
        "description": (
            "Pôle territorial de coopération économique (PTCE) à Castres, soutenu par la Région "
            "Occitanie."
        ),
        "thematics": [],
    },
    {
        "name": "Bpifrance Occitanie",
        "kind": Organisation.Kind.FINANCEUR,
        "operator": "Bpifrance",
        "commune": "Toulouse",
        "postcode": "31000",
        "departement": "31",
        "description": (
            "Bpifrance met en œuvre le Fonds d'innovation sociale (FISO) en Occitanie, abondé à "
            "parité par l'État (Programme d'Investissements d'Avenir) et la Région."
        ),
        "thematics": [],
    },
    {
        "name": "Coventis",
        "kind": Organisation.Kind.SALON,
        "operator": "",
        "commune": "Montpellier",
        "postcode": "34000",
        "departement": "34",
        "description": (
            "Salon d'affaires socialement responsables en Occitanie, biennal, né après plusieurs "
            "éditions des Rencontres régionales de l'ESS débutées en 2005 à Montpellier, pour "
            "augmenter la visibilité des entreprises de l'ESS."
        ),
        "thematics": [],
    },
    {
        "name": "Région Occitanie / Pyrénées-Méditerranée",
        "kind": Organisation.Kind.COLLECTIVITE,
        "operator": "",
        "commune": "Toulouse",
        "postcode": "31400",
        "departement": "31",
        "description": (
            "La Région a intégré l'innovation sociale dans les priorités de sa Stratégie "
            "régionale pour l'emploi et la croissance (SREC)."
        ),
        "thematics": [],
    },
]

VASI = {
    "name": "V@SI",
    "slug": "vasi",
    "legal_form": Organisation.LegalForm.COMMERCIALE_ESUS,
    "esus": True,
    "commune": "Montpellier",
    "postcode": "34000",
    "departement": "34",
    "description": (
        "Entreprise spécialisée en activités physiques adaptées pour des patients atteints de "
        "pathologies qui isolent socialement les personnes qui en sont atteintes. Accompagnée par "
        "la pépinière REALIS, elle a reçu le premier financement du FISO en France."
    ),
    "social_impact": (
        "Rompre l'isolement social des personnes malades par l'activité physique adaptée."
    ),
}

LEGAL_FORM_WEIGHTS = [
    (Organisation.LegalForm.ASSOCIATION, 45),
    (Organisation.LegalForm.SCOP, 15),
    (Organisation.LegalForm.SCIC, 12),
    (Organisation.LegalForm.COOPERATIVE, 8),
    (Organisation.LegalForm.MUTUELLE, 3),
    (Organisation.LegalForm.FONDATION, 4),
    (Organisation.LegalForm.COMMERCIALE_ESUS, 13),
]

ACTIVITIES = [
    "Recyclerie et réemploi",
    "Épicerie solidaire",
    "Atelier vélo participatif",
    "Chantier d'insertion",
    "Tiers-lieu rural",
    "Conciergerie solidaire",
    "Ferme maraîchère bio",
    "Coopérative d'énergie citoyenne",
    "Restaurant d'insertion",
    "Garage solidaire",
    "Ressourcerie",
    "Cuisine centrale bio",
    "Agence de tourisme solidaire",
    "Café associatif",
    "Plateforme de covoiturage rural",
]


def seed_thematics() -> list[Thematic]:
    """Return the demo thematics, created once."""
    return [
        Thematic.objects.get_or_create(slug=slugify(name), defaults={"name": name})[0]
        for name in THEMATICS
    ]


def seed_structures(departements: dict[str, Departement]) -> dict[str, SupportStructure]:
    """Return the seed document's structures by name, created once."""
    structures = {}
    for data in STRUCTURES:
        data = dict(data)
        thematics = data.pop("thematics")
        data["departement"] = departements[data.pop("departement")]
        data["description"] += EXAMPLE
        structure, _created = SupportStructure.objects.get_or_create(
            slug=slugify(data["name"]), defaults=data
        )
        if thematics:
            structure.thematics.set(thematics)
        structures[structure.name] = structure
    return structures


def seed_vasi(departements, structures, thematics) -> Enterprise:
    """Return V@SI, the first FISO-financed enterprise in France, hosted by REALIS."""
    data = dict(VASI)
    data["departement"] = departements[data.pop("departement")]
    vasi, created = Enterprise.objects.get_or_create(slug=data.pop("slug"), defaults=data)
    if created:
        vasi.thematics.set([t for t in thematics if t.slug.startswith("sante")])
    Support.objects.get_or_create(
        structure=structures["REALIS"],
        enterprise=vasi,
        kind=Support.Kind.HOSTING,
        start_date=date(2015, 9, 1),
        defaults={"end_date": date(2018, 8, 31)},
    )
    return vasi


def generate_enterprises(total: int, *, seed: int, departements, structures, thematics, stdout):
    """Add generated enterprises until `total` exist (beyond the named ones), in batches."""
    from faker import Faker

    existing = Enterprise.objects.filter(slug__startswith="exemple-").count()
    missing = total - existing
    if missing <= 0:
        return
    fake = Faker("fr_FR")
    fake.seed_instance(seed + existing)
    rng = random.Random(seed + existing)
    deps = list(departements.values())
    forms, weights = zip(*LEGAL_FORM_WEIGHTS, strict=True)
    supporters = [s for s in structures.values() if s.kind in ("pepiniere", "incubateur", "ptce")]
    batch_size = 5000
    # Faker's paragraphs and dates cost ~0.5 ms a record; 100,000 records draw from pools.
    paragraphs = [fake.paragraph(nb_sentences=3) for _ in range(500)]
    sentences = [fake.sentence(nb_words=12) for _ in range(500)]
    towns = [fake.city() for _ in range(800)]

    def day_between(start: date, end: date) -> date:
        return date.fromordinal(rng.randint(start.toordinal(), end.toordinal()))

    Through = Organisation.thematics.through
    for start in range(existing, total, batch_size):
        batch = []
        for number in range(start, min(start + batch_size, total)):
            legal_form = rng.choices(forms, weights)[0]
            activity = rng.choice(ACTIVITIES)
            town = rng.choice(towns)
            departement = rng.choice(deps)
            batch.append(
                Enterprise(
                    category=Organisation.Category.ENTERPRISE,
                    name=f"{activity} {fake.last_name()}",
                    slug=f"exemple-{number + 1}",
                    legal_form=legal_form,
                    esus=legal_form == Organisation.LegalForm.COMMERCIALE_ESUS
                    or rng.random() < 0.2,
                    commune=town,
                    postcode=f"{departement.code.zfill(2)}{rng.randint(0, 999):03d}",
                    departement=departement,
                    description=(
                        f"{activity} à {town}. {rng.choice(paragraphs)} "
                        "(Entreprise fictive générée pour la démonstration.)"
                    ),
                    social_impact=rng.choice(sentences),
                    creation_date=day_between(date(1990, 1, 1), date(2025, 12, 31)),
                    headcount=rng.choice(Organisation.Headcount.values),
                    is_published=rng.random() > 0.03,
                    last_verified=day_between(date(2025, 1, 1), date(2026, 11, 1)),
                )
            )
        created = Enterprise.objects.bulk_create(batch)
        Through.objects.bulk_create(
            [
                Through(organisation_id=e.pk, thematic_id=t.pk)
                for e in created
                for t in rng.sample(thematics, rng.randint(1, 3))
            ]
        )
        Support.objects.bulk_create(
            [
                Support(
                    structure=rng.choice(supporters),
                    enterprise_id=e.pk,
                    kind=rng.choice(Support.Kind.values),
                    start_date=day_between(date(2015, 1, 1), date(2026, 6, 30)),
                )
                for e in created
                if rng.random() < 0.4
            ]
        )
        stdout.write(f"  … {start + len(created)} entreprises générées")


def seed(*, stdout, options):
    """Load the directory's demo data (idempotent)."""
    departements = ensure_departements(Departement)
    thematics = seed_thematics()
    structures = seed_structures(departements)
    seed_vasi(departements, structures, thematics)
    generate_enterprises(
        options.get("enterprises", 60),
        seed=options.get("seed", 2015),
        departements=departements,
        structures=structures,
        thematics=thematics,
        stdout=stdout,
    )
    stdout.write("Annuaire : structures du document fondateur, V@SI, entreprises d'exemple.")

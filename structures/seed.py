"""Demo data for the directory: every structure the seed document names, then generated
enterprises a Région could show in a demonstration.

Generated enterprises live in real communes of Occitanie (the official list, with postal
and INSEE codes, and GeoNames coordinates; see structures/communes.py), are named and
described from written templates per activity (structures/seed_catalogue.py), with the
legal forms and sizes that fit the activity, and slugs made from their names. Every one is
marked `is_example` and says so on its page. Idempotent: named records are found by slug,
generated ones are only added up to the requested total, in batches (100,000 load in a
couple of minutes for the benchmarks).

Who supports whom is not generated here, except incubations and PTCE memberships typed as
staff would: residencies, cohort memberships and financings derive their own supports.
"""

import bisect
import itertools
import random
from datetime import date, timedelta

from django.utils.text import slugify

from structures import communes as official
from structures.models import (
    Departement,
    Enterprise,
    Organisation,
    Support,
    SupportStructure,
    Thematic,
)
from structures.seed_catalogue import ACTIVITIES, COMMERCIALE, a, de
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
        data.update(locate(data["commune"], data["departement"].code))
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
    data.update(locate(data["commune"], data["departement"].code))
    vasi, created = Enterprise.objects.get_or_create(slug=data.pop("slug"), defaults=data)
    if created:
        vasi.thematics.set([t for t in thematics if t.slug.startswith("sante")])
    # Its hosting by REALIS is its residency (realis.seed), which derives the support:
    # a row typed here by earlier demo data would say it twice.
    Support.objects.typed().filter(
        structure=structures["REALIS"], enterprise=vasi, kind=Support.Kind.HOSTING
    ).delete()
    return vasi


def locate(commune: str, departement: str) -> dict:
    """Return the INSEE code and coordinates of a named commune of the seed document."""
    match = next(
        c for c in official.communes() if c.name == commune and c.departement == departement
    )
    latitude, longitude = official.coordinates(match)
    return {"code_insee": match.code_insee, "latitude": latitude, "longitude": longitude}


EXAMPLE_NOTE = "(Entreprise fictive, présentée à titre d'exemple.)"
STREETS = (
    "rue de la République",
    "avenue Jean-Jaurès",
    "place de la Mairie",
    "rue Victor-Hugo",
    "chemin des Écoliers",
    "rue du Moulin",
    "avenue de la Gare",
    "rue des Artisans",
    "place du Marché",
    "rue Pasteur",
)
# Where each incubator works (seed document: Alter'Incub in Montpellier, Catalis in
# Toulouse); the split of départements between them is an example.
INCUBATOR_AREAS = {
    "alterincub": ("11", "12", "30", "34", "48", "66"),
    "catalis": ("09", "31", "32", "46", "65", "81", "82"),
}
PTCE_AREAS = {"le-periscope": ("31",), "les-ateliers": ("81",)}
LAST_DAY = date(2026, 11, 1)  # examples count from this day, whatever the clock says
BATCH_SIZE = 5000


def generated_enterprises():
    """Return the generated example enterprises, oldest first (other apps' demo data
    draws its residents, cohort members and financed enterprises from them)."""
    return Enterprise.objects.filter(is_example=True).order_by("pk")


def demo_pool(size: int = 200) -> list[Enterprise]:
    """Return the first `size` published example enterprises (with their thematics), the
    stable pool from which the apps' demo data picks residents, laureates and financed
    enterprises: the same whatever the total generated, so reseeding adds nothing."""
    return list(
        generated_enterprises()
        .filter(is_published=True)
        .select_related("departement")
        .prefetch_related("thematics")[:size]
    )


def incubator_for(departement_code: str) -> str:
    """Return the slug of the incubator working in a département (examples)."""
    return next(s for s, area in INCUBATOR_AREAS.items() if departement_code in area)


def unique_slug(name: str, commune: str, taken: set[str]) -> str:
    """Return a slug made from the name (then the commune, then a number) not in
    `taken`, and add it there."""
    base = slugify(name)[:200].strip("-") or "entreprise"
    candidates = itertools.chain(
        (base, f"{base}-{slugify(commune)}"[:210]),
        (f"{base}-{number}" for number in itertools.count(2)),
    )
    slug = next(c for c in candidates if c not in taken)
    taken.add(slug)
    return slug


def distinct_name(rng: random.Random, activity, commune: str, names: set[str]) -> str:
    """Return a name for an enterprise of `activity` in `commune` that no record bears
    yet (a few draws, then the commune in brackets), and add it to `names`."""
    name = ""
    for _attempt in range(4):
        name = rng.choice(activity.names).format(
            brand=rng.choice(activity.brands), commune=commune, de_commune=de(commune)
        )
        if name not in names:
            break
    else:
        if commune not in name:
            name = f"{name} ({commune})"
    names.add(name)
    return name


def _weighted(rng: random.Random, pairs):
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights)[0]


def _day_between(rng: random.Random, start: date, end: date) -> date:
    return date.fromordinal(rng.randint(start.toordinal(), end.toordinal()))


def generate_enterprises(total: int, *, seed: int, departements, structures, thematics, stdout):
    """Add generated enterprises until `total` exist (beyond the named ones), in batches."""
    existing = generated_enterprises().count()
    if total - existing <= 0:
        return
    places = official.communes()
    # More enterprises where more people live, without burying the countryside.
    cumulative = list(itertools.accumulate(max(c.population, 1) ** 0.85 for c in places))
    activity_weights = list(itertools.accumulate(a.weight for a in ACTIVITIES))
    thematic_ids = {t.slug: t.pk for t in thematics}
    taken = set(Organisation.objects.values_list("slug", flat=True))
    names = set(Organisation.objects.values_list("name", flat=True))
    structure_ids = {s.slug: s.pk for s in structures.values()}
    Through = Organisation.thematics.through
    for start in range(existing, total, BATCH_SIZE):
        batch, extras = [], []
        for number in range(start, min(start + BATCH_SIZE, total)):
            rng = random.Random(seed * 1_000_003 + number)
            commune = places[bisect.bisect(cumulative, rng.random() * cumulative[-1])]
            activity = ACTIVITIES[
                bisect.bisect(activity_weights, rng.random() * activity_weights[-1])
            ]
            year_last = min(activity.founded[1], LAST_DAY.year - 1)
            created = _day_between(rng, date(activity.founded[0], 1, 1), date(year_last, 12, 31))
            name = distinct_name(rng, activity, commune.name, names)
            words = {
                "name": name,
                "a_commune": a(commune.name),
                "de_commune": de(commune.name),
                "year": created.year,
            }
            description = " ".join(
                [
                    rng.choice(activity.openings).format(**words),
                    rng.choice(activity.middles),
                    rng.choice(activity.closings),
                    EXAMPLE_NOTE,
                ]
            )
            legal_form = _weighted(rng, activity.legal_forms)
            latitude, longitude = official.coordinates(commune)
            batch.append(
                Enterprise(
                    category=Organisation.Category.ENTERPRISE,
                    name=name,
                    slug=unique_slug(name, commune.name, taken),
                    legal_form=legal_form,
                    esus=legal_form == COMMERCIALE
                    or "insertion-par-lactivite-economique" in activity.thematics
                    or rng.random() < 0.2,
                    address=f"{rng.randint(1, 48)} {rng.choice(STREETS)}",
                    postcode=rng.choice(commune.postcodes),
                    commune=commune.name,
                    code_insee=commune.code_insee,
                    departement=departements[commune.departement],
                    latitude=latitude,
                    longitude=longitude,
                    description=description,
                    social_impact=rng.choice(activity.impacts),
                    creation_date=created,
                    headcount=_weighted(rng, activity.headcounts),
                    is_published=rng.random() > 0.03,
                    is_example=True,
                    last_verified=_day_between(rng, date(2025, 1, 1), LAST_DAY),
                )
            )
            extras.append((activity, commune, created, rng.random()))
        made = Enterprise.objects.bulk_create(batch)
        links, supports = [], []
        for enterprise, (activity, commune, created, draw) in zip(made, extras, strict=True):
            slugs = set(activity.thematics)
            links += [
                Through(organisation_id=enterprise.pk, thematic_id=thematic_ids[t])
                for t in sorted(slugs)
            ]
            supports += typed_supports(enterprise, commune, created, draw, structure_ids)
        Through.objects.bulk_create(links)
        Support.objects.bulk_create(supports)
        stdout.write(f"  … {start + len(made)} entreprises générées")


def typed_supports(enterprise, commune, created: date, draw: float, structure_ids) -> list:
    """Return the supports staff would type for a generated enterprise: an incubation by
    the incubator of its area when it was created since 2012 (one in eight), or a PTCE
    membership for one in twenty of the enterprises of a PTCE's département."""
    if draw < 0.125 and created.year >= 2012:
        slug = incubator_for(commune.departement)
        start = max(created - timedelta(days=270), date(2011, 1, 1))
        end = start + timedelta(days=540)
        return [
            Support(
                structure_id=structure_ids[slug],
                enterprise_id=enterprise.pk,
                kind=Support.Kind.INCUBATION,
                start_date=start,
                end_date=end if end < LAST_DAY else None,
            )
        ]
    for slug, area in PTCE_AREAS.items():
        if commune.departement in area and 0.125 <= draw < 0.175:
            return [
                Support(
                    structure_id=structure_ids[slug],
                    enterprise_id=enterprise.pk,
                    kind=Support.Kind.COACHING,
                    start_date=max(created, date(2014, 1, 1)),
                )
            ]
    return []


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
    stdout.write(
        "Annuaire : structures du document fondateur, V@SI, entreprises d'exemple dans des "
        "communes réelles d'Occitanie."
    )

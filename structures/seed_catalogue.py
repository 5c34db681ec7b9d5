"""What the demo enterprises are made of: one entry per kind of social enterprise, with
names, written descriptions (three sentences drawn from short lists, so that two records
rarely read alike), the legal forms and sizes that fit the activity, and its thematics.

Everything here is invented for the demonstration; the seeder marks every record it makes
from it as an example (`Organisation.is_example`).
"""

from dataclasses import dataclass

ASSOCIATION = "association"
SCOP = "scop"
SCIC = "scic"
COOPERATIVE = "cooperative"
MUTUELLE = "mutuelle"
FONDATION = "fondation"
COMMERCIALE = "commerciale"

VOWELS = tuple("AEÉÈÊIÎOÔUYHaeéèêiîoôuyh")


def de(commune: str) -> str:
    """Return "de <commune>" with French elision and contraction ("d'Albi", "du Vigan")."""
    if commune.startswith("Le "):
        return "du " + commune[3:]
    if commune.startswith("Les "):
        return "des " + commune[4:]
    if commune.startswith(VOWELS):
        return "d'" + commune
    return "de " + commune


def a(commune: str) -> str:
    """Return "à <commune>" with French contraction ("au Vigan", "aux Cabannes")."""
    if commune.startswith("Le "):
        return "au " + commune[3:]
    if commune.startswith("Les "):
        return "aux " + commune[4:]
    return "à " + commune


@dataclass(frozen=True)
class Activity:
    """A kind of social enterprise and how to write one up."""

    label: str
    names: tuple[str, ...]  # formats with {brand}, {commune}, {de_commune}
    brands: tuple[str, ...]
    openings: tuple[str, ...]  # formats with {name}, {a_commune}, {de_commune}, {year}
    middles: tuple[str, ...]
    closings: tuple[str, ...]
    impacts: tuple[str, ...]
    legal_forms: tuple[tuple[str, int], ...]
    headcounts: tuple[tuple[str, int], ...]
    thematics: tuple[str, ...]  # thematic slugs
    founded: tuple[int, int]
    weight: int = 10


ACTIVITIES = (
    Activity(
        label="Ressourcerie",
        names=(
            "Ressourcerie {brand}",
            "La Ressourcerie {de_commune}",
            "{brand}, ressourcerie {de_commune}",
            "Recyclerie {brand}",
            "La Recyclerie {de_commune}",
        ),
        brands=("La Boucle", "Le Grenier", "Trait d'Union", "La Remise", "Seconde Main", "L'Abri"),
        openings=(
            "{name} collecte, trie et revend {a_commune} les objets dont les habitants n'ont "
            "plus l'usage.",
            "Depuis {year}, {name} donne une seconde vie aux meubles, vêtements et objets du "
            "quotidien collectés {a_commune} et alentour.",
            "{name} est une ressourcerie ouverte {a_commune} : collecte en apport volontaire, "
            "valorisation et boutique solidaire.",
        ),
        middles=(
            "Les objets sont réparés ou détournés dans son atelier avant d'être proposés à "
            "petits prix.",
            "Elle travaille avec la déchetterie intercommunale et les bailleurs sociaux du "
            "secteur.",
            "Des ateliers de réparation ouverts au public ont lieu chaque mois.",
        ),
        closings=(
            "Plusieurs dizaines de tonnes sont détournées de l'enfouissement chaque année.",
            "Ses salariés en parcours d'insertion y apprennent les métiers du réemploi.",
            "La boutique est aussi un lieu de rencontre pour le quartier.",
        ),
        impacts=(
            "Réduire les déchets du territoire et créer des emplois locaux.",
            "Rendre l'équipement de la maison accessible aux petits budgets.",
        ),
        legal_forms=((ASSOCIATION, 7), (SCIC, 2)),
        headcounts=(("1-9", 5), ("10-49", 4)),
        thematics=("economie-circulaire", "insertion-par-lactivite-economique"),
        founded=(1998, 2024),
        weight=12,
    ),
    Activity(
        label="Épicerie solidaire",
        names=("Épicerie solidaire {brand}", "L'Épicerie solidaire {de_commune}"),
        brands=("Le Panier", "La Cagette", "Le Garde-Manger", "Coup de Pouce", "L'Escale"),
        openings=(
            "{name} propose {a_commune} des produits alimentaires et d'hygiène à prix réduit "
            "aux foyers orientés par les travailleurs sociaux.",
            "Ouverte en {year}, {name} accueille {a_commune} des familles aux revenus modestes "
            "pour des courses au juste prix.",
        ),
        middles=(
            "Une partie des produits vient des producteurs du département.",
            "Des ateliers cuisine et budget sont animés par des bénévoles.",
            "Elle fonctionne avec une équipe salariée réduite et une quarantaine de bénévoles.",
        ),
        closings=(
            "L'accès est limité dans le temps, le temps de mener à bien un projet personnel.",
            "Les clients solidaires paient le prix plein et financent ainsi les remises.",
        ),
        impacts=("Lutter contre la précarité alimentaire sans stigmatiser.",),
        legal_forms=((ASSOCIATION, 10),),
        headcounts=(("0", 3), ("1-9", 6)),
        thematics=("alimentation-durable",),
        founded=(2000, 2024),
        weight=8,
    ),
    Activity(
        label="Atelier vélo",
        names=("Atelier vélo {brand}", "{brand}, atelier vélo participatif"),
        brands=("La Rustine", "Roue Libre", "Le Dérailleur", "La Chambre à Air", "Vélo Cité"),
        openings=(
            "{name} apprend {a_commune} à réparer soi-même son vélo, avec des outils partagés "
            "et l'aide de mécaniciens bénévoles.",
            "Créé en {year}, {name} récupère des vélos abandonnés et les remet en état pour les "
            "revendre à petit prix.",
        ),
        middles=(
            "Des sessions de remise en selle sont proposées aux adultes qui n'ont jamais roulé.",
            "L'atelier intervient dans les collèges pour le savoir rouler à vélo.",
        ),
        closings=(
            "Chaque année, plusieurs centaines de vélos reprennent la route.",
            "L'adhésion est à prix libre.",
        ),
        impacts=("Rendre le vélo accessible à tous et réduire la place de la voiture.",),
        legal_forms=((ASSOCIATION, 10),),
        headcounts=(("0", 4), ("1-9", 5)),
        thematics=("mobilite", "economie-circulaire"),
        founded=(2008, 2025),
        weight=6,
    ),
    Activity(
        label="Chantier d'insertion",
        names=("Chantier d'insertion {brand}", "{brand} {commune}"),
        brands=("Les Jardins du Causse", "Pierres Sèches", "Rivières Vivantes", "Sentiers"),
        openings=(
            "{name} emploie {a_commune} des personnes éloignées de l'emploi sur des travaux "
            "d'entretien d'espaces naturels et de petit patrimoine.",
            "Conventionné par l'État depuis {year}, {name} accompagne vers l'emploi des "
            "salariés en contrat à durée déterminée d'insertion.",
        ),
        middles=(
            "Les chantiers portent sur la restauration de murets, de berges et de sentiers de "
            "randonnée.",
            "Chaque salarié construit son projet professionnel avec une conseillère en insertion.",
        ),
        closings=(
            "Plus de la moitié des salariés sortent vers un emploi ou une formation.",
            "Les communes et le syndicat de rivière sont ses premiers donneurs d'ordre.",
        ),
        impacts=("Ramener vers l'emploi durable des personnes qui en sont éloignées.",),
        legal_forms=((ASSOCIATION, 10),),
        headcounts=(("10-49", 8), ("1-9", 2)),
        thematics=("insertion-par-lactivite-economique",),
        founded=(1992, 2022),
        weight=8,
    ),
    Activity(
        label="Tiers-lieu",
        names=("Tiers-lieu {brand}", "{brand}, tiers-lieu {de_commune}"),
        brands=("La Fabrique", "L'Établi", "Le Quai", "La Grange", "L'Atelier Commun"),
        openings=(
            "{name} réunit {a_commune} un espace de travail partagé, un atelier et un café "
            "associatif.",
            "Installé en {year} dans un ancien bâtiment communal, {name} accueille "
            "indépendants, associations et habitants.",
        ),
        middles=(
            "On y trouve une fabrique numérique, des bureaux à la journée et une salle pour "
            "les associations.",
            "Une permanence d'aide aux démarches en ligne y est tenue deux fois par semaine.",
        ),
        closings=(
            "Le lieu est géré par ses usagers, réunis en coopérative.",
            "Il programme aussi concerts, marchés et projections.",
        ),
        impacts=("Recréer des lieux de travail et de rencontre dans les petites villes.",),
        legal_forms=((SCIC, 6), (ASSOCIATION, 4)),
        headcounts=(("1-9", 8), ("0", 2)),
        thematics=("numerique-inclusif", "culture"),
        founded=(2012, 2025),
        weight=7,
    ),
    Activity(
        label="Conciergerie solidaire",
        names=("Conciergerie solidaire {brand}", "{brand}, conciergerie {de_commune}"),
        brands=("Coup de Main", "Le Relais", "Services Plus", "La Clé"),
        openings=(
            "{name} rend {a_commune} les petits services du quotidien aux habitants et aux "
            "salariés des entreprises voisines.",
            "Depuis {year}, {name} propose repassage, courses, petits travaux et dépôt de colis.",
        ),
        middles=(
            "Les services sont réalisés par des salariés en parcours d'insertion.",
            "Les entreprises abonnées l'offrent à leurs salariés.",
        ),
        closings=(
            "Elle a créé plusieurs emplois pérennes dans le bassin.",
            "Un point relais est ouvert en centre-ville.",
        ),
        impacts=("Créer des emplois de proximité en rendant service aux habitants.",),
        legal_forms=((SCIC, 4), (ASSOCIATION, 4), (COMMERCIALE, 2)),
        headcounts=(("1-9", 6), ("10-49", 3)),
        thematics=("services-a-la-personne", "insertion-par-lactivite-economique"),
        founded=(2010, 2024),
        weight=6,
    ),
    Activity(
        label="Maraîchage bio d'insertion",
        names=("Jardins {de_commune}", "Les Jardins de {brand}", "Ferme {brand}"),
        brands=("la Source", "la Vallée", "l'Orb", "la Garonne", "la Plaine", "Bellevue"),
        openings=(
            "{name} cultive en agriculture biologique des légumes vendus en paniers {a_commune} "
            "et dans les cantines du secteur.",
            "Depuis {year}, {name} emploie des maraîchers en insertion sur quelques hectares "
            "en agriculture biologique.",
        ),
        middles=(
            "Les paniers sont distribués chaque semaine à plusieurs centaines d'adhérents.",
            "La ferme fournit aussi la restauration scolaire de la communauté de communes.",
        ),
        closings=(
            "Des visites sont organisées pour les écoles au printemps.",
            "Une partie de la production est donnée à l'épicerie solidaire voisine.",
        ),
        impacts=("Produire une alimentation locale de qualité en créant de l'emploi.",),
        legal_forms=((ASSOCIATION, 6), (SCIC, 3)),
        headcounts=(("10-49", 6), ("1-9", 4)),
        thematics=("alimentation-durable", "insertion-par-lactivite-economique"),
        founded=(1995, 2023),
        weight=7,
    ),
    Activity(
        label="Coopérative d'énergie citoyenne",
        names=("{brand} Énergie", "Énergies citoyennes {de_commune}", "{brand}, énergie citoyenne"),
        brands=("Soleil", "Lum'Occ", "Vent d'Autan", "Tramontane", "Causse"),
        openings=(
            "{name} installe {a_commune} et alentour des centrales solaires sur les toits "
            "publics, financées par les habitants.",
            "Créée en {year}, {name} associe citoyens, communes et entreprises pour produire "
            "une électricité renouvelable locale.",
        ),
        middles=(
            "Chaque sociétaire a une voix, quel que soit le nombre de ses parts.",
            "Les bénéfices sont réinvestis dans de nouveaux projets et dans des actions de "
            "sobriété énergétique.",
        ),
        closings=(
            "Ses centrales couvrent la consommation de plusieurs centaines de foyers.",
            "Les écoles accueillent des animations sur l'énergie.",
        ),
        impacts=("Rendre aux habitants la maîtrise de leur énergie.",),
        legal_forms=((SCIC, 6), (COOPERATIVE, 3), (COMMERCIALE, 1)),
        headcounts=(("0", 4), ("1-9", 6)),
        thematics=("transition-energetique",),
        founded=(2010, 2025),
        weight=5,
    ),
    Activity(
        label="Restaurant d'insertion",
        names=("Restaurant {brand}", "{brand}, restaurant d'insertion"),
        brands=("Le Bon Sens", "La Popote", "Le Comptoir", "L'Assiette"),
        openings=(
            "{name} sert {a_commune} une cuisine de saison faite maison, préparée par une "
            "équipe en parcours d'insertion.",
            "Ouvert en {year}, {name} forme aux métiers de la restauration des personnes "
            "éloignées de l'emploi.",
        ),
        middles=(
            "Les produits viennent de producteurs de la région.",
            "Un service traiteur répond aux commandes des entreprises et des collectivités.",
        ),
        closings=(
            "Les salariés préparent un titre professionnel de cuisine ou de service.",
            "Le restaurant est ouvert le midi, du lundi au vendredi.",
        ),
        impacts=("Former et ramener vers l'emploi par les métiers de la cuisine.",),
        legal_forms=((ASSOCIATION, 6), (SCOP, 2), (SCIC, 2)),
        headcounts=(("10-49", 7), ("1-9", 3)),
        thematics=("insertion-par-lactivite-economique", "alimentation-durable"),
        founded=(1996, 2024),
        weight=6,
    ),
    Activity(
        label="Garage solidaire",
        names=("Garage solidaire {brand}", "Garage solidaire {de_commune}"),
        brands=("Roule Ma Poule", "Mobil'Aide", "Le Cric", "Point Mécanique"),
        openings=(
            "{name} entretient et répare à prix réduit les véhicules des personnes aux revenus "
            "modestes {a_commune}.",
            "Depuis {year}, {name} loue aussi des voitures et des scooters à petit prix pour "
            "se rendre au travail ou en formation.",
        ),
        middles=(
            "Les clients sont orientés par France Travail, les missions locales et les "
            "services sociaux.",
            "Les mécaniciens encadrent des salariés en insertion.",
        ),
        closings=(
            "Sans voiture, bien des emplois du territoire restent inaccessibles.",
            "Des véhicules d'occasion révisés sont aussi proposés à la vente.",
        ),
        impacts=("Lever le frein de la mobilité dans l'accès à l'emploi.",),
        legal_forms=((ASSOCIATION, 8), (SCIC, 2)),
        headcounts=(("1-9", 7), ("10-49", 2)),
        thematics=("mobilite", "insertion-par-lactivite-economique"),
        founded=(2005, 2024),
        weight=5,
    ),
    Activity(
        label="Activité physique adaptée",
        names=("{brand} Sport Santé", "{brand}, activité physique adaptée"),
        brands=("Cap Santé", "Mouvement", "Élan", "Bouger Ensemble", "Équilibre"),
        openings=(
            "{name} propose {a_commune} des séances d'activité physique adaptée aux personnes "
            "atteintes de maladies chroniques.",
            "Créée en {year}, {name} intervient sur prescription médicale auprès de patients "
            "que la maladie isole.",
        ),
        middles=(
            "Les séances sont encadrées par des enseignants en activité physique adaptée.",
            "Elle travaille avec les médecins, les hôpitaux et les maisons de santé du secteur.",
        ),
        closings=(
            "Les séances collectives recréent du lien autant qu'elles entretiennent la forme.",
            "Certaines mutuelles prennent en charge une partie du programme.",
        ),
        impacts=("Rompre l'isolement des malades chroniques par l'activité physique.",),
        legal_forms=((ASSOCIATION, 6), (COMMERCIALE, 3), (SCIC, 1)),
        headcounts=(("1-9", 8), ("0", 2)),
        thematics=("sante-et-activites-physiques-adaptees",),
        founded=(2008, 2025),
        weight=5,
    ),
    Activity(
        label="Habitat partagé",
        names=("{brand}, habitat partagé", "Maison partagée {de_commune}"),
        brands=("Les Colibris", "Toit Commun", "La Maison des Âges", "Habiter Ensemble"),
        openings=(
            "{name} loue {a_commune} des logements accessibles réunis autour d'espaces "
            "communs, pour des personnes âgées, des jeunes et des familles.",
            "Depuis {year}, {name} accompagne des habitants qui veulent vivre ensemble tout "
            "en gardant chacun son chez-soi.",
        ),
        middles=(
            "Une coordinatrice anime la vie collective et les liens avec le voisinage.",
            "Le projet a été monté avec un bailleur social et la commune.",
        ),
        closings=(
            "Les loyers restent modérés grâce au conventionnement des logements.",
            "Une salle commune est ouverte aux associations du quartier.",
        ),
        impacts=("Offrir une alternative à l'isolement et à l'établissement spécialisé.",),
        legal_forms=((ASSOCIATION, 5), (SCIC, 3), (COOPERATIVE, 2)),
        headcounts=(("1-9", 7), ("0", 3)),
        thematics=("habitat-et-logement", "services-a-la-personne"),
        founded=(2010, 2025),
        weight=4,
    ),
    Activity(
        label="Aide à domicile",
        names=("{brand}, aide à domicile", "Aide à domicile {de_commune}"),
        brands=("Présence", "Le Fil d'Ariane", "Bien Chez Soi", "Entraide Services"),
        openings=(
            "{name} intervient au domicile des personnes âgées et handicapées {a_commune} et "
            "dans les villages voisins.",
            "Créée en {year}, {name} aide au quotidien des personnes en perte d'autonomie.",
        ),
        middles=(
            "Ses aides à domicile sont salariées, formées et remplacées pendant leurs congés.",
            "Elle est autorisée par le Département.",
        ),
        closings=(
            "Plusieurs centaines de personnes sont accompagnées chaque année.",
            "Un service de portage de repas complète l'offre.",
        ),
        impacts=("Permettre de vieillir chez soi dans de bonnes conditions.",),
        legal_forms=((ASSOCIATION, 7), (SCIC, 2), (MUTUELLE, 1)),
        headcounts=(("50-249", 3), ("10-49", 6), ("250+", 1)),
        thematics=("services-a-la-personne",),
        founded=(1975, 2020),
        weight=5,
    ),
    Activity(
        label="Tourisme solidaire",
        names=("{brand}, voyages solidaires", "{brand} Tourisme"),
        brands=("Chemins de Traverse", "Terres d'Oc", "Escapades", "Pays Vivant"),
        openings=(
            "Basée {a_commune}, {name} organise des séjours dans les villages de la région, chez "
            "des habitants et des producteurs.",
            "Depuis {year}, {name} fait découvrir le territoire à des groupes et des familles, "
            "hors saison.",
        ),
        middles=(
            "Une partie du prix finance des projets des villages d'accueil.",
            "Les séjours sont accessibles aux personnes à mobilité réduite.",
        ),
        closings=(
            "Elle travaille avec une trentaine d'hébergeurs et de guides.",
            "Les séjours de vacances pour familles modestes bénéficient d'aides de la CAF.",
        ),
        impacts=("Faire vivre les territoires ruraux par un tourisme respectueux.",),
        legal_forms=((ASSOCIATION, 5), (SCOP, 3), (COMMERCIALE, 2)),
        headcounts=(("1-9", 8), ("10-49", 2)),
        thematics=("tourisme-solidaire",),
        founded=(2000, 2024),
        weight=4,
    ),
    Activity(
        label="Café associatif",
        names=("Café associatif {brand}", "{brand}, café associatif {de_commune}"),
        brands=("Le Lieu-Dit", "La Placette", "Le Bistrot d'Ici", "Le Papotin"),
        openings=(
            "{name} est le lieu de rencontre du village : café, épicerie d'appoint et "
            "programmation culturelle {a_commune}.",
            "Rouvert en {year} par des habitants, {name} a fait revivre le dernier café de la "
            "commune.",
        ),
        middles=(
            "Le bar est tenu par des bénévoles, avec un salarié à temps partiel.",
            "Concerts, soirées jeux et repas partagés y ont lieu chaque semaine.",
        ),
        closings=(
            "Il accueille aussi le marché de producteurs du samedi.",
            "Les associations de la commune s'y réunissent gratuitement.",
        ),
        impacts=("Maintenir un lieu de vie et de lien social au village.",),
        legal_forms=((ASSOCIATION, 10),),
        headcounts=(("0", 5), ("1-9", 5)),
        thematics=("culture",),
        founded=(2005, 2025),
        weight=6,
    ),
    Activity(
        label="Coopérative d'activités et d'emploi",
        names=("{brand}, coopérative d'activités", "CAE {brand}"),
        brands=("Coop'Envol", "Entreprendre Ensemble", "Terres d'Envol", "Coop'Actions"),
        openings=(
            "{name} permet, depuis ses locaux {a_commune}, à des porteurs de projet de tester "
            "et développer leur activité en tant qu'entrepreneurs salariés.",
            "Depuis {year}, {name} héberge des activités de services, d'artisanat et de conseil.",
        ),
        middles=(
            "Chaque entrepreneur bénéficie de la gestion comptable et d'un accompagnement "
            "individuel.",
            "Les entrepreneurs peuvent devenir associés au bout de trois ans.",
        ),
        closings=(
            "Elle compte plusieurs dizaines d'entrepreneurs dans le département.",
            "Des formations collectives ont lieu chaque mois.",
        ),
        impacts=("Entreprendre sans être seul, avec un statut de salarié.",),
        legal_forms=((SCOP, 6), (SCIC, 4)),
        headcounts=(("10-49", 6), ("50-249", 3), ("1-9", 1)),
        thematics=("insertion-par-lactivite-economique",),
        founded=(1998, 2020),
        weight=3,
    ),
    Activity(
        label="Numérique inclusif",
        names=("{brand}, médiation numérique", "{brand} Numérique"),
        brands=("Clic Solidaire", "Pixel", "Le Lien Numérique", "ConnectOc"),
        openings=(
            "{name} accompagne {a_commune} les personnes en difficulté avec le numérique dans "
            "leurs démarches en ligne.",
            "Créée en {year}, {name} reconditionne des ordinateurs et forme leurs nouveaux "
            "utilisateurs.",
        ),
        middles=(
            "Des conseillers numériques tiennent des permanences en mairie et en médiathèque.",
            "Les ordinateurs proviennent d'entreprises et de collectivités du territoire.",
        ),
        closings=(
            "Plusieurs centaines de personnes sont accompagnées chaque année.",
            "Les ateliers sont gratuits pour les allocataires des minima sociaux.",
        ),
        impacts=("Que personne ne soit privé de ses droits faute de savoir utiliser internet.",),
        legal_forms=((ASSOCIATION, 6), (SCIC, 3), (COMMERCIALE, 1)),
        headcounts=(("1-9", 7), ("10-49", 3)),
        thematics=("numerique-inclusif", "education-et-jeunesse"),
        founded=(2012, 2025),
        weight=5,
    ),
)

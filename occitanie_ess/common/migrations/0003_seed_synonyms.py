"""Seed the synonyms and acronyms a visitor types (the founding document's vocabulary)."""

from django.db import migrations

# (term, equivalents): the acronyms of the founding document and of French ESS.
SYNONYMS = (
    ("ESS", ["économie sociale et solidaire"]),
    (
        "PTCE",
        [
            "pôle territorial de coopération économique",
            "pôles territoriaux de coopération économique",
        ],
    ),
    ("ESUS", ["entreprise solidaire d'utilité sociale", "agrément ESUS"]),
    ("SREC", ["stratégie régionale pour l'emploi et la croissance", "stratégie régionale"]),
    (
        "SRDEII",
        ["schéma régional de développement économique, d'innovation et d'internationalisation"],
    ),
    (
        "CPRDFOP",
        [
            "contrat de plan régional de développement de la formation et de l'orientation "
            "professionnelles"
        ],
    ),
    ("SRESRI", ["schéma régional de l'enseignement supérieur, de la recherche et de l'innovation"]),
    ("FISO", ["fonds d'innovation sociale", "fond innovation sociale"]),
    ("PIA", ["programme d'investissements d'avenir"]),
    ("REALIS", ["Réalis", "pôle Réalis", "pépinière d'innovation sociale"]),
    ("YESS", ["YESS Académie"]),
    ("SCOP", ["société coopérative et participative", "société coopérative de production"]),
    ("SCIC", ["société coopérative d'intérêt collectif"]),
    ("IAE", ["insertion par l'activité économique"]),
    ("RSE", ["responsabilité sociétale des entreprises"]),
    ("CRESS", ["chambre régionale de l'économie sociale et solidaire"]),
    ("Bpifrance", ["BPI", "banque publique d'investissement"]),
    ("open data", ["données ouvertes", "opendata"]),
    ("RGAA", ["accessibilité", "référentiel général d'amélioration de l'accessibilité"]),
    ("RGPD", ["données personnelles", "confidentialité"]),
    ("incubateur", ["incubation"]),
)


def seed(apps, schema_editor):
    Synonym = apps.get_model("common", "Synonym")
    for term, equivalents in SYNONYMS:
        Synonym.objects.get_or_create(term=term, defaults={"equivalents": "\n".join(equivalents)})


def unseed(apps, schema_editor):
    Synonym = apps.get_model("common", "Synonym")
    Synonym.objects.filter(term__in=[term for term, _equivalents in SYNONYMS]).delete()


class Migration(migrations.Migration):
    dependencies = [("common", "0002_site_search_index")]
    operations = [migrations.RunPython(seed, unseed)]

"""The territory: the 13 départements of the Occitanie region, by INSEE code."""

DEPARTEMENTS = [
    ("09", "Ariège", "ariege"),
    ("11", "Aude", "aude"),
    ("12", "Aveyron", "aveyron"),
    ("30", "Gard", "gard"),
    ("31", "Haute-Garonne", "haute-garonne"),
    ("32", "Gers", "gers"),
    ("34", "Hérault", "herault"),
    ("46", "Lot", "lot"),
    ("48", "Lozère", "lozere"),
    ("65", "Hautes-Pyrénées", "hautes-pyrenees"),
    ("66", "Pyrénées-Orientales", "pyrenees-orientales"),
    ("81", "Tarn", "tarn"),
    ("82", "Tarn-et-Garonne", "tarn-et-garonne"),
]


def ensure_departements(Departement) -> dict:
    """Create or update the 13 départements on the given model; return them by code."""
    return {
        code: Departement.objects.update_or_create(
            code=code, defaults={"name": name, "slug": slug}
        )[0]
        for code, name, slug in DEPARTEMENTS
    }

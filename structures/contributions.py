"""What the directory adds to the site-wide pages, through occitanie_ess.common.registry."""

from urllib.parse import urlencode

from django.contrib.postgres.search import (
    SearchRank,
    TrigramWordSimilarity,
)
from django.contrib.sitemaps import Sitemap
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import CharField, Count, F, Q, Value
from django.db.models.functions import Lower
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from occitanie_ess.common.cache import public_data_memo
from occitanie_ess.common.exports import FRENCH_DIALECT
from occitanie_ess.common.registry import (
    Dataset,
    Figure,
    Offer,
    Resource,
    SearchFacet,
    SearchResult,
    register_admin_dashboard,
    register_api_router,
    register_datasets,
    register_figures,
    register_offers,
    register_search,
    register_search_facets,
    register_search_page,
    register_search_rebuild,
    register_search_vocabulary,
    register_seeder,
    register_sitemap,
    register_staff_group,
    register_territories,
)
from occitanie_ess.common.search import headline, highlight, search_vocabulary_add, words_of
from structures import admin, api, exports, seed, services
from structures.models import (
    Departement,
    Enterprise,
    Organisation,
    Support,
    SupportStructure,
    Thematic,
    Unaccent,
)
from structures.territory import DEPARTEMENTS

SEARCH_LIMIT = 20
SEARCH_CANDIDATES = 200
ESUS_LONG = "entreprise solidaire d'utilité sociale"
# Words a facet label holds that say nothing of the facet ("Habitat et logement").
FACET_STOP_WORDS = {"les", "des", "par", "pour", "sur", "avec", "aux", "une"}
# "45 fiches … en Ariège": the preposition each département takes in French.
DEPARTEMENT_IN = {
    "09": gettext_lazy("en Ariège"),
    "11": gettext_lazy("dans l'Aude"),
    "12": gettext_lazy("dans l'Aveyron"),
    "30": gettext_lazy("dans le Gard"),
    "31": gettext_lazy("en Haute-Garonne"),
    "32": gettext_lazy("dans le Gers"),
    "34": gettext_lazy("dans l'Hérault"),
    "46": gettext_lazy("dans le Lot"),
    "48": gettext_lazy("en Lozère"),
    "65": gettext_lazy("dans les Hautes-Pyrénées"),
    "66": gettext_lazy("dans les Pyrénées-Orientales"),
    "81": gettext_lazy("dans le Tarn"),
    "82": gettext_lazy("en Tarn-et-Garonne"),
}


@register_figures
def figures():
    """Return the number of published support structures that accompany enterprises
    (pépinières, incubators, PTCEs, networks: not the funders, fairs and public bodies,
    which are counted apart as partners) and of published enterprises (one query)."""
    counts = Organisation.objects.published().aggregate(
        accompanying=Count(
            "pk",
            filter=Q(
                category=Organisation.Category.STRUCTURE,
                kind__in=Organisation.ACCOMPANYING_KINDS,
            ),
        ),
        partners=Count(
            "pk",
            filter=Q(category=Organisation.Category.STRUCTURE)
            & ~Q(kind__in=Organisation.ACCOMPANYING_KINDS),
        ),
        enterprises=Count("pk", filter=Q(category=Organisation.Category.ENTERPRISE)),
    )
    url = reverse("structures:index")
    structures_url = f"{url}?categorie={Organisation.Category.STRUCTURE}"
    note = ""
    if counts["partners"]:
        note = ngettext(
            "et %(count)s partenaire (financeur, salon, collectivité)",
            "et %(count)s partenaires (financeurs, salon, collectivité)",
            counts["partners"],
        ) % {"count": counts["partners"]}
    return [
        Figure(
            _("structures d'accompagnement"),
            counts["accompanying"],
            structures_url,
            order=10,
            note=note,
        ),
        Figure(_("entreprises sociales dans l'annuaire"), counts["enterprises"], url, order=20),
    ]


@register_search
def search(query, ts_query) -> list[SearchResult]:
    """Return the best published directory records for the site-wide search.

    Ranking every match of a broad word ("association" among 100,000 records) would read
    thousands of rows; only a bounded candidate set is ranked: the records whose name
    matches (the name's own GIN index), then, if they are too few, records whose other
    words match (`full_vector`: description, commune, département, kind, thematics,
    supporters). Three indexed queries at most.
    """
    published = Organisation.objects.published()
    # No ORDER BY in the candidate queries: with one, the planner walks the name index and
    # computes to_tsvector() row by row instead of reading the GIN index.
    ids = list(
        published.name_matching(ts_query)
        .order_by()
        .values_list("pk", flat=True)[:SEARCH_CANDIDATES]
    )
    if len(ids) < SEARCH_LIMIT:
        ids += list(
            published.filter(full_vector=ts_query)
            .exclude(pk__in=ids)
            .order_by()
            .values_list("pk", flat=True)[:SEARCH_CANDIDATES]
        )
    if not ids and len(query.words) == 1:
        # No text match: names written nearly the same way ("alterincub"), by the word
        # similarity of the trigram index (whole-name similarity matches too loosely).
        needle = Lower(Unaccent(Value(query.text, output_field=CharField())))
        ids = list(
            published.filter(name_search__trigram_word_similar=needle)
            .order_by()  # bounded: the final query ranks these by similarity
            .values_list("pk", flat=True)[:SEARCH_CANDIDATES]
        )
    if not ids:
        return []
    needle = Value(query.folded)
    records = (
        Organisation.objects.filter(pk__in=ids)
        .annotate(
            rank=(SearchRank(F("full_vector"), ts_query, normalization=Value(1)) + Value(0.01))
            * (Value(1.0) + TrigramWordSimilarity(needle, F("name_search"))),
            excerpt=headline("description", ts_query),
        )
        .order_by("-rank", "name")
        .only("name", "slug", "category", "description", "commune")[:SEARCH_LIMIT]
    )
    return [
        SearchResult(
            title=record.name,
            url=record.get_absolute_url(),
            kind=str(record.get_category_display()),
            summary=highlight(record.excerpt) if record.description else "",
            rank=float(record.rank),
        )
        for record in records
    ]


def _significant(text: str) -> list[str]:
    return [word for word in words_of(text) if len(word) >= 3 and word not in FACET_STOP_WORDS]


def _same_word(a: str, b: str) -> bool:
    """Return True for one word, give or take a plural (mobilité, mobilites)."""
    return a == b or (min(len(a), len(b)) >= 5 and a.rstrip("sx") == b.rstrip("sx"))


def _names(label: str, variants: list[list[str]]) -> int:
    """Return 2 when the query holds the whole label, 1 when the label holds the whole
    query (a word of four letters or more), 0 otherwise."""
    label_words = _significant(label)
    if not label_words:
        return 0
    best = 0
    for variant in variants:
        if all(any(_same_word(w, v) for v in variant) for w in label_words):
            return 2
        if variant and all(len(v) >= 4 for v in variant):
            if all(any(_same_word(v, w) for w in label_words) for v in variant):
                best = 1
    return best


@register_search_facets
def facets(query) -> list[SearchFacet]:
    """Return the départements, thematics, structure kinds and legal forms the query names,
    each with its number of published records and its directory URL."""
    variants = [_significant(" ".join(query.words)), _significant(" ".join(query.corrected_words))]
    # An acronym names its facet too: "iae" → Insertion par l'activité économique.
    variants += [_significant(phrase) for phrase in query.synonyms]
    variants = [v for v in variants if v]
    if not variants:
        return []
    found = []  # (strength, label template, name, params, order)
    departements, thematics = facet_labels()
    for departement in departements:
        strength = _names(departement.name, variants)
        if departement.code in query.words:
            strength = 2
        if strength:
            found.append((strength, "departement", departement, {"departement": departement.code}))
    for thematic in thematics:
        strength = _names(thematic.name, variants)
        if strength:
            found.append((strength, "thematique", thematic, {"thematique": thematic.slug}))
    for value, label in Organisation.Kind.choices:
        strength = max(_names(str(label), variants), _names(value, variants))
        if strength and value != Organisation.Kind.AUTRE:
            found.append((strength, "type", label, {"type": value}))
    for value, label in Organisation.LegalForm.choices:
        strength = max(_names(str(label), variants), _names(value, variants))
        if strength:
            found.append((strength, "forme", label, {"forme": value}))
    esus = _names("ESUS", variants) == 2 or _names(ESUS_LONG, variants) == 2
    if esus:
        found.append((2, "esus", None, {"esus": "oui"}))
    if not found:
        return []
    best = max(strength for strength, *_rest in found)
    found = [item for item in found if item[0] == best][:6]
    counts = facet_counts()
    url = reverse("structures:index")
    result = []
    for index, (_strength, field, obj, params) in enumerate(found):  # noqa: B007
        count = counts.get((field, next(iter(params.values()))), 0)
        result.append(
            SearchFacet(
                label=_facet_label(field, obj, count),
                url=f"{url}?{urlencode(params)}",
                count=count,
                order=index,
            )
        )
    return result


FACET_COUNTS_KEY = "structures:search-facet-counts"
FACET_COUNTS_TIMEOUT = 600  # a backstop: bulk loads send no signal


def facet_counts() -> dict:
    """Return the number of published records per facet value, {(field, value): n}.

    Four GROUP BY queries over the directory, cached until a record changes (the
    signals below clear it) so that a search naming a place costs no full count.
    """
    counts = cache.get(FACET_COUNTS_KEY)
    if counts is not None:
        return counts
    published = Organisation.objects.published()
    counts = {}
    for row in published.order_by().values("departement__code").annotate(n=Count("pk")):
        counts[("departement", row["departement__code"])] = row["n"]
    for row in published.order_by().values("thematics__slug").annotate(n=Count("pk")):
        counts[("thematique", row["thematics__slug"])] = row["n"]
    for row in published.order_by().values("kind").annotate(n=Count("pk")):
        counts[("type", row["kind"])] = row["n"]
    for row in published.order_by().values("legal_form", "esus").annotate(n=Count("pk")):
        key = ("forme", row["legal_form"])
        counts[key] = counts.get(key, 0) + row["n"]
        if row["esus"]:
            counts[("esus", "oui")] = counts.get(("esus", "oui"), 0) + row["n"]
    cache.set(FACET_COUNTS_KEY, counts, FACET_COUNTS_TIMEOUT)
    return counts


@public_data_memo
def facet_labels() -> tuple[list, list]:
    """Return the départements and the thematics (read once per process until an edit)."""
    return list(Departement.objects.all()), list(Thematic.objects.all())


def facet_counts_clear(**kwargs):
    """Forget the cached facet counts (a record, a thematic, a département, or a record's
    thematics or publication changed)."""
    cache.delete(FACET_COUNTS_KEY)


def _facet_label(field: str, obj, count: int) -> str:
    if field == "departement":
        return ngettext(
            "%(count)s fiche de l'annuaire %(place)s",
            "%(count)s fiches de l'annuaire %(place)s",
            count,
        ) % {"count": count, "place": DEPARTEMENT_IN.get(obj.code, obj.name)}
    if field == "thematique":
        return ngettext(
            "%(count)s fiche de l'annuaire sur le thème « %(name)s »",
            "%(count)s fiches de l'annuaire sur le thème « %(name)s »",
            count,
        ) % {"count": count, "name": obj.name}
    if field == "type":
        return ngettext(
            "%(count)s structure de type « %(name)s »",
            "%(count)s structures de type « %(name)s »",
            count,
        ) % {"count": count, "name": obj}
    if field == "esus":
        return ngettext(
            "%(count)s entreprise avec l'agrément ESUS",
            "%(count)s entreprises avec l'agrément ESUS",
            count,
        ) % {"count": count}
    return ngettext(
        "%(count)s entreprise de forme « %(name)s »",
        "%(count)s entreprises de forme « %(name)s »",
        count,
    ) % {"count": count, "name": obj}


@register_search_vocabulary
def vocabulary():
    """Return the words of published names, communes and descriptions, with their counts."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT word, count(*)
            FROM structures_organisation AS o,
                 regexp_split_to_table(
                     lower(structures_immutable_unaccent(
                         o.name || ' ' || o.commune || ' ' || o.description)),
                     '[^a-z0-9]+') AS word
            WHERE o.is_published AND length(word) BETWEEN 3 AND 60
            GROUP BY word
            """
        )
        rows = cursor.fetchall()
    labels = [d.name for d in Departement.objects.all()]
    labels += [t.name for t in Thematic.objects.all()]
    labels += [str(label) for _value, label in Organisation.Kind.choices]
    labels += [str(label) for _value, label in Organisation.LegalForm.choices]
    return rows + [(word, 1) for label in labels for word in words_of(label)]


def add_record_words(sender, instance, raw=False, **kwargs):
    """Keep the spelling vocabulary current when a record is saved."""
    if raw or not instance.is_published:
        return
    text = f"{instance.name} {instance.commune} {instance.description}"
    transaction.on_commit(lambda: search_vocabulary_add(texts=[text]), robust=True)


for _model in (Organisation, SupportStructure, Enterprise):
    post_save.connect(add_record_words, sender=_model, dispatch_uid=f"vocab-{_model.__name__}")
    post_save.connect(facet_counts_clear, sender=_model, dispatch_uid=f"facets-{_model.__name__}")
    post_delete.connect(
        facet_counts_clear, sender=_model, dispatch_uid=f"facets-del-{_model.__name__}"
    )
m2m_changed.connect(
    facet_counts_clear, sender=Organisation.thematics.through, dispatch_uid="facets-thematics"
)
for _model in (Thematic, Departement):
    post_save.connect(facet_counts_clear, sender=_model, dispatch_uid=f"facets-{_model.__name__}")
    post_delete.connect(
        facet_counts_clear, sender=_model, dispatch_uid=f"facets-del-{_model.__name__}"
    )

register_search_rebuild(services.organisations_search_extra_refresh)


def refresh_thematics_words(sender, instance, action, reverse, pk_set, **kwargs):
    """A record's thematics changed: its search words follow."""
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if reverse:  # thematic.organisations.add(...): pk_set are records (None on clear)
        ids = pk_set if pk_set is not None else None
        if ids is None:
            return
    else:
        ids = [instance.pk]
    services.organisations_search_extra_refresh(ids=ids)


def refresh_supported_words(sender, instance, raw=False, **kwargs):
    """A support was recorded or removed: the enterprise's search words follow."""
    if not raw and instance.enterprise_id:
        services.organisations_search_extra_refresh(ids=[instance.enterprise_id])


def refresh_related_words(sender, instance, raw=False, created=False, **kwargs):
    """A record was saved (its département, kind…), a thematic or a structure renamed:
    the words of the records concerned follow."""
    if raw:
        return
    if isinstance(instance, Thematic):
        ids = list(instance.organisations.values_list("pk", flat=True))
    else:
        ids = [instance.pk]
        if not created:
            ids += Support.objects.filter(structure_id=instance.pk).values_list(
                "enterprise_id", flat=True
            )
    services.organisations_search_extra_refresh(ids=ids)


m2m_changed.connect(
    refresh_thematics_words, sender=Organisation.thematics.through, dispatch_uid="words-them"
)
post_save.connect(refresh_supported_words, sender=Support, dispatch_uid="words-support")
post_delete.connect(refresh_supported_words, sender=Support, dispatch_uid="words-support-del")
post_save.connect(refresh_related_words, sender=Thematic, dispatch_uid="words-thematic")
for _model in (Organisation, SupportStructure, Enterprise):
    post_save.connect(
        refresh_related_words, sender=_model, dispatch_uid=f"words-struct-{_model.__name__}"
    )

register_search_page(
    "structures:index",
    _("Annuaire"),
    "annuaire structures d'accompagnement entreprises sociales recherche",
)


class DirectorySitemap(Sitemap):
    """Every published directory record."""

    changefreq = "weekly"
    priority = 0.6

    def items(self):
        return Organisation.objects.published().only("slug", "updated_at").order_by("pk")

    def lastmod(self, item):
        return item.updated_at


register_sitemap("annuaire", DirectorySitemap)


@register_datasets
def datasets():
    """Return the directory's exports for /donnees/."""
    return [
        Dataset(
            title=_("Annuaire des structures et entreprises de l'ESS en Occitanie"),
            description=_(
                "Toutes les fiches publiées de l'annuaire : structures d'accompagnement "
                "(pépinières, incubateurs, PTCE, financeurs…) et entreprises sociales. Les "
                "filtres de l'annuaire s'appliquent aussi au téléchargement : ajoutez-les à "
                "l'adresse (par exemple ?departement=34&categorie=entreprise)."
            ),
            fields_doc=tuple((name, str(meaning)) for name, meaning in exports.DIRECTORY_FIELDS),
            order=10,
            resources=(
                Resource(
                    name="annuaire-csv",
                    label=_("CSV (UTF-8, point-virgule)"),
                    url=reverse("structures:export_csv"),
                    format="csv",
                    title=_("Annuaire (CSV)"),
                    schema=exports.directory_csv_schema(),
                    dialect=FRENCH_DIALECT,
                ),
                Resource(
                    name="annuaire-json",
                    url=reverse("structures:export_json"),
                    format="json",
                    title=_("Annuaire (JSON)"),
                    schema=exports.directory_json_schema(),
                ),
            ),
        ),
        Dataset(
            title=_("Structures au format data·inclusion"),
            description=_(
                "Les mêmes fiches publiées, avec les noms de champs du schéma « structure » "
                "de data·inclusion (version 1), pour être reprises par les plateformes de "
                "l'inclusion. Les champs que l'annuaire ne connaît pas valent null."
            ),
            fields_doc=tuple((name, str(meaning)) for name, meaning in exports.DATA_INCLUSION_DOC),
            order=11,
            resources=(
                Resource(
                    name="structures-data-inclusion-csv",
                    label=_("CSV (UTF-8, point-virgule)"),
                    url=reverse("structures:export_data_inclusion_csv"),
                    format="csv",
                    title=_("Structures data·inclusion (CSV)"),
                    schema=exports.data_inclusion_csv_schema(),
                    dialect=FRENCH_DIALECT,
                ),
                Resource(
                    name="structures-data-inclusion-json",
                    url=reverse("structures:export_data_inclusion_json"),
                    format="json",
                    title=_("Structures data·inclusion (JSON)"),
                    schema=exports.data_inclusion_json_schema(),
                ),
            ),
        ),
    ]


register_seeder(order=10)(seed.seed)
register_api_router("annuaire", api.router)
register_staff_group("structures", services.directory_group_ensure)


@register_territories
def territories():
    """Return the 13 départements of Occitanie as (code, name)."""
    return [(code, name) for code, name, _slug in DEPARTEMENTS]


# The incubators and PTCEs of the seed document, as links of the support chain: what the
# incubators and the PTCEs do (seed document), whom each serves.
OFFER_KINDS = {
    Organisation.Kind.INCUBATEUR: {
        "why": _(
            "Un incubateur d'innovation sociale soutenu par la Région : il accompagne les "
            "projets porteurs d'innovation sociale et à fort potentiel dès le stade de l'idée."
        ),
        "stages": frozenset({"idee", "creation"}),
        "needs": frozenset({"accompagnement"}),
        "order": 20,
    },
    Organisation.Kind.PTCE: {
        "why": _(
            "Un pôle territorial de coopération économique : entreprises, associations et "
            "collectivités d'un territoire y coopèrent pour créer des activités et des débouchés."
        ),
        "stages": frozenset({"creation", "developpement", "changement-echelle"}),
        "needs": frozenset({"marche", "accompagnement", "hebergement"}),
        "order": 50,
    },
}


@register_offers
def offers():
    """Return the published incubators and PTCEs as offers of the support chain (one query)."""
    records = (
        Organisation.objects.published()
        .structures()
        .filter(kind__in=list(OFFER_KINDS))
        .select_related("departement")
        .only("name", "slug", "kind", "commune", "departement__code", "departement__name")
    )
    result = []
    for record in records:
        kind = OFFER_KINDS[record.kind]
        place = record.commune
        if record.departement:
            place = f"{record.commune} ({record.departement.name})".strip()
        result.append(
            Offer(
                key=f"structure-{record.slug}",
                title=record.name,
                why=kind["why"],
                next_step=_("Contacter %(name)s") % {"name": record.name},
                url=record.get_absolute_url(),
                stages=kind["stages"],
                needs=kind["needs"],
                departements=frozenset({record.departement.code} if record.departement else ()),
                place=place,
                order=kind["order"],
            )
        )
    return result


# The block of the admin's home page for this app's staff (built in structures/admin.py).
register_admin_dashboard(admin.dashboard)

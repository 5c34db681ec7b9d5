"""The ecosystem directory: territories, thematics, support structures, social enterprises.

Every other app points at these records. A support structure and a social enterprise are
both rows of one `Organisation` table (the public directory lists, searches, paginates and
links them by slug in one query, and 100,000 of them load with bulk_create), told apart by
`category`; `SupportStructure` and `Enterprise` are proxy models with their own managers,
admin and rules, and the rules specific to each category are CHECK constraints.
"""

from urllib.parse import urlsplit

from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import (
    SearchRank,
    SearchVector,
    SearchVectorField,
    TrigramSimilarity,
    TrigramWordSimilarity,
)
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, F, OuterRef, Q, Value
from django.db.models.functions import Greatest, JSONObject, Lower, Replace
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from stdnum.exceptions import ValidationError as StdnumValidationError
from stdnum.fr import siret as stdnum_siret

from occitanie_ess.common import jsonld

SEARCH_CONFIG = "french_unaccent"
# Paths under /annuaire/ that are pages, not records (structures/urls.py).
RESERVED_SLUGS = ("carte", "data-inclusion")

# An IMMUTABLE wrapper around unaccent() (created by migration 0003), so that a stored
# generated column and its trigram index can use it; PostgreSQL's unaccent() is only STABLE.
UNACCENT_FUNCTION = "structures_immutable_unaccent"


class Unaccent(models.Func):
    """The text without its accents, through the immutable unaccent() wrapper."""

    function = UNACCENT_FUNCTION
    output_field = models.CharField()


def validate_siret(value: str) -> None:
    """Raise a French ValidationError unless `value` is a SIRET with a valid checksum."""
    try:
        stdnum_siret.validate(value)
    except StdnumValidationError as error:
        raise ValidationError(
            _("« %(value)s » n'est pas un numéro SIRET valide (14 chiffres, clé de contrôle)."),
            code="invalid_siret",
            params={"value": value},
        ) from error


class Departement(models.Model):
    """One of the 13 départements of Occitanie, by INSEE code."""

    code = models.CharField(_("code INSEE"), max_length=3, unique=True)
    name = models.CharField(_("nom"), max_length=80)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("département")
        verbose_name_plural = _("départements")

    def __str__(self):
        return f"{self.name} ({self.code})"


class Thematic(models.Model):
    """A field of action (économie circulaire, insertion, santé…)."""

    name = models.CharField(_("nom"), max_length=120, unique=True)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)

    class Meta:
        # As a French reader expects: « Économie » among the E, not after « Mobilité » as
        # the database's C collation puts it.
        ordering = [Lower(Unaccent("name")), "name"]
        verbose_name = _("thématique")
        verbose_name_plural = _("thématiques")

    def __str__(self):
        return self.name


# Organisation.search's stages: every word, any word, a name written nearly so.
SEARCH_STAGES = 3


def _thematics_of_record():
    """Return the thematics of the outer query's record, in French name order (for a
    subquery)."""
    return Thematic.objects.filter(organisations=OuterRef("pk")).order_by(*Thematic._meta.ordering)


class OrganisationQuerySet(models.QuerySet):
    def published(self):
        """Return the records the public may see."""
        return self.filter(is_published=True)

    def in_departement(self, departement):
        """Return the records located in `departement` (a Departement or its code)."""
        code = getattr(departement, "code", departement)
        # A subquery, not a join: PostgreSQL then reads the département's records in the
        # list's order from organisation_published_dept and stops at the rows it needs.
        return self.filter(departement=Departement.objects.filter(code=code).values("pk")[:1])

    def structures(self):
        """Return the support structures."""
        return self.filter(category=Organisation.Category.STRUCTURE)

    def accompanying(self):
        """Return the structures whose job is to accompany enterprises (pépinières,
        incubators, PTCEs, networks), not the funders, fairs and public bodies."""
        return self.structures().filter(kind__in=Organisation.ACCOMPANYING_KINDS)

    def enterprises(self):
        """Return the social enterprises."""
        return self.filter(category=Organisation.Category.ENTERPRISE)

    def for_list(self):
        """Return the records with what a list or an export shows (département, thematics),
        without the search index's columns (a kilobyte a record that no page shows)."""
        return (
            self.select_related("departement")
            .prefetch_related("thematics")
            .defer(*Organisation.SEARCH_COLUMNS)
        )

    def with_thematic_links(self):
        """Return the records with their thematics' names and slugs as `thematic_links`
        ([{"name": …, "slug": …}], in French name order), read in the records' own query: no
        prefetch query for a detail page."""
        links = _thematics_of_record().values(link=JSONObject(name="name", slug="slug"))
        return self.annotate(thematic_links=ArraySubquery(links))

    def for_cards(self):
        """Return the records with what a directory card shows, in one query: the
        département joined, the thematics' names as `thematic_names`, in French name order."""
        names = _thematics_of_record()
        return (
            self.select_related("departement")
            .defer(*Organisation.SEARCH_COLUMNS, *Organisation.DETAIL_COLUMNS)
            .annotate(thematic_names=ArraySubquery(names.values("name")))
        )

    def supported_by(self, structure):
        """Return the enterprises that `structure` supports or has supported."""
        return self.filter(
            Exists(Support.objects.filter(enterprise=OuterRef("pk"), structure=structure))
        )

    def search(self, query: str):
        """Return the records matching `query`, annotated with a `rank` (best first).

        The query is understood as the site-wide search understands it
        (occitanie_ess.common.search.analyse): French full text with accents folded and
        stemming, the name weighted before the description and the commune, words the
        index does not know replaced by the nearest indexed word ("montpelier" →
        "montpellier"), synonyms and acronyms expanded (PTCE ↔ pôle territorial de
        coopération économique); served by the GIN index on `search_vector`. When no
        record has every word, records with any of them; when none has any, the trigram
        similarity of the name or the commune (GIN trigram indexes on `name_search` and
        `commune_search`), so that a typo outside the vocabulary still finds its record:
        the first of the SEARCH_STAGES that matches a record.
        """
        from occitanie_ess.common.search import analyse, clean_text

        if not clean_text(query):
            return self.search_stage(query, 0)
        analysed = analyse(query)
        for stage in range(SEARCH_STAGES):
            found = self.search_stage(query, stage, analysed=analysed)
            if found is not None and (stage == SEARCH_STAGES - 1 or found.exists()):
                return found
        raise AssertionError("the last stage always answers")

    def search_stage(self, query: str, stage: int, *, analysed=None):
        """Return the records matching `query` at one stage of the search, with a `rank`:
        0, every word (or every record, for a query without words); 1, any word; 2, a name
        or commune written nearly so. None when the stage does not apply (a query of one
        word has no « any word »). `analysed`: the query's analysis, when already made."""
        from occitanie_ess.common.search import analyse, clean_text

        text = clean_text(query)
        if not text:
            rank = Value(0.0, output_field=models.FloatField())
            return self.annotate(rank=rank) if stage == 0 else None
        if stage < SEARCH_STAGES - 1:
            analysed = analysed if analysed is not None else analyse(query)
            if not analysed:
                return None
            ts_query = (analysed.tsquery, analysed.relaxed_tsquery)[stage]
            return self.matching(ts_query) if ts_query is not None else None
        needle_text = text[:200]
        needle = Lower(Unaccent(Value(needle_text, output_field=models.CharField())))
        condition = Q(name_search__trigram_word_similar=needle) | Q(
            commune_search__trigram_word_similar=needle
        )
        if " " not in needle_text:
            condition |= Q(name_search__trigram_similar=needle)
        return self.annotate(
            rank=Greatest(
                TrigramSimilarity("name_search", needle),
                TrigramWordSimilarity(needle, "name_search"),
                TrigramWordSimilarity(needle, "commune_search") * Value(0.5),
            )
        ).filter(condition)

    def matching(self, ts_query):
        """Return the records matching the text-search query `ts_query`, with a `rank`."""
        return self.filter(search_vector=ts_query).annotate(
            rank=SearchRank(F("search_vector"), ts_query)
        )

    def name_matching(self, ts_query):
        """Return the records whose name alone matches `ts_query` (`name_vector`'s GIN
        index; a column of its own, so that PostgreSQL's statistics on it are right)."""
        return self.filter(name_vector=ts_query)

    def similar_to(self, name: str, *, threshold: float = 0.6):
        """Return the records whose name is nearly identical to `name`, most similar first."""
        needle = Lower(Unaccent(Value(name, output_field=models.CharField())))
        return (
            self.annotate(similarity=TrigramSimilarity("name_search", needle))
            .filter(name_search__trigram_similar=needle, similarity__gte=threshold)
            .order_by("-similarity")
        )


# Kept at module level to connect the proxies' saves to it (see the end of the module).
ORGANISATION_HISTORY = HistoricalRecords(
    excluded_fields=[
        "search_vector",
        "name_vector",
        "full_vector",
        "search_extra",
        "name_search",
        "commune_search",
        "created_at",
        "updated_at",
    ],
    m2m_fields=["thematics"],
    verbose_name=_("historique de l'organisation"),
)


# Names shown for the usual networks' hosts; any other host is shown as it is.
SOCIAL_NETWORKS = (
    ("linkedin.com", "LinkedIn"),
    ("facebook.com", "Facebook"),
    ("instagram.com", "Instagram"),
    ("x.com", "X"),
    ("twitter.com", "X"),
    ("youtube.com", "YouTube"),
    ("bsky.app", "Bluesky"),
    ("mastodon.social", "Mastodon"),
    ("piaille.fr", "Mastodon"),
)


class OrganisationCategory(models.TextChoices):
    STRUCTURE = "structure", _("Structure d'accompagnement")
    ENTERPRISE = "entreprise", _("Entreprise sociale")


class OrganisationLegalForm(models.TextChoices):
    ASSOCIATION = "association", _("Association")
    SCOP = "scop", _("SCOP")
    SCIC = "scic", _("SCIC")
    COOPERATIVE = "cooperative", _("Coopérative")
    MUTUELLE = "mutuelle", _("Mutuelle")
    FONDATION = "fondation", _("Fondation")
    COMMERCIALE_ESUS = "commerciale", _("Société commerciale agréée ESUS")


class Organisation(models.Model):
    """A directory record: a support structure or a social enterprise."""

    # Module-level so that the constraints in Meta can name its values.
    Category = OrganisationCategory

    class Kind(models.TextChoices):
        PEPINIERE = "pepiniere", _("Pépinière")
        INCUBATEUR = "incubateur", _("Incubateur")
        PTCE = "ptce", _("Pôle territorial de coopération économique (PTCE)")
        FINANCEUR = "financeur", _("Financeur")
        RESEAU = "reseau", _("Réseau")
        SALON = "salon", _("Salon")
        COLLECTIVITE = "collectivite", _("Collectivité")
        AUTRE = "autre", _("Autre")

    # The kinds of structure that accompany enterprises (what "structures
    # d'accompagnement" counts); a funder, a fair or a public body is a partner.
    ACCOMPANYING_KINDS = (Kind.PEPINIERE, Kind.INCUBATEUR, Kind.PTCE, Kind.RESEAU)

    # Module-level too, for the constraints in Meta.
    LegalForm = OrganisationLegalForm

    class Headcount(models.TextChoices):
        NONE = "0", _("Aucun salarié")
        FEW = "1-9", _("1 à 9 salariés")
        SMALL = "10-49", _("10 à 49 salariés")
        MEDIUM = "50-249", _("50 à 249 salariés")
        LARGE = "250+", _("250 salariés et plus")

    category = models.CharField(_("catégorie"), max_length=20, choices=Category, db_index=True)
    name = models.CharField(_("nom"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    siret = models.CharField(
        _("SIRET"),
        max_length=14,
        blank=True,
        validators=[validate_siret],
        help_text=_("14 chiffres, sans espace."),
    )
    description = models.TextField(_("description"), blank=True)
    address = models.CharField(_("adresse"), max_length=250, blank=True)
    postcode = models.CharField(_("code postal"), max_length=5, blank=True)
    commune = models.CharField(_("commune"), max_length=120, blank=True)
    code_insee = models.CharField(_("code INSEE de la commune"), max_length=5, blank=True)
    departement = models.ForeignKey(
        Departement,
        on_delete=models.PROTECT,
        related_name="organisations",
        verbose_name=_("département"),
        null=True,
        blank=True,
    )
    latitude = models.DecimalField(
        _("latitude"), max_digits=8, decimal_places=5, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=8, decimal_places=5, null=True, blank=True
    )
    website = models.URLField(_("site web"), blank=True)
    social_links = ArrayField(
        models.URLField(max_length=300),
        size=6,
        blank=True,
        default=list,
        verbose_name=_("réseaux sociaux"),
        help_text=_(
            "Adresses des pages sur les réseaux (LinkedIn, Mastodon, Facebook…), séparées par "
            "des virgules ; six au plus."
        ),
    )
    email = models.EmailField(_("courriel"), blank=True)
    phone = models.CharField(_("téléphone"), max_length=20, blank=True)
    logo = models.ImageField(_("logo"), upload_to="logos/", blank=True)
    thematics = models.ManyToManyField(
        Thematic, related_name="organisations", blank=True, verbose_name=_("thématiques")
    )
    is_published = models.BooleanField(_("publié"), default=True, db_index=True)
    is_example = models.BooleanField(
        _("fiche d'exemple"),
        default=False,
        db_default=False,
        help_text=_("Données de démonstration : la fiche est inventée et le dit."),
    )
    last_verified = models.DateField(_("dernière vérification"), null=True, blank=True)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)
    # Support structures only.
    kind = models.CharField(_("type de structure"), max_length=20, choices=Kind, blank=True)
    operator = models.CharField(
        _("opérateur"), max_length=200, blank=True, help_text=_("Qui porte la structure.")
    )
    # Social enterprises only.
    legal_form = models.CharField(
        _("forme juridique"), max_length=20, choices=LegalForm, blank=True
    )
    esus = models.BooleanField(_("agrément ESUS"), default=False)
    creation_date = models.DateField(_("date de création"), null=True, blank=True)
    social_impact = models.TextField(_("impact social"), blank=True)
    headcount = models.CharField(_("effectif"), max_length=10, choices=Headcount, blank=True)
    # The name and the slug's words alone: the site search ranks name matches first.
    name_vector = models.GeneratedField(
        expression=SearchVector("name", config=SEARCH_CONFIG)
        + SearchVector(Replace("slug", Value("-"), Value(" ")), config=SEARCH_CONFIG),
        output_field=SearchVectorField(),
        db_persist=True,
    )
    # Words a visitor may type for the record that live in other rows: its thematics and
    # the names of the structures that support it. Kept current by
    # services.organisations_search_extra_refresh (signals, and rebuild_search_index).
    search_extra = models.TextField(_("mots de recherche"), blank=True, default="", editable=False)
    # The directory's text search: the name and the slug's words (how the name is written
    # without its signs: "V@SI" is "vasi") first, then the description, then the commune.
    search_vector = models.GeneratedField(
        expression=SearchVector("name", weight="A", config=SEARCH_CONFIG)
        + SearchVector(Replace("slug", Value("-"), Value(" ")), weight="A", config=SEARCH_CONFIG)
        + SearchVector("commune", weight="C", config=SEARCH_CONFIG)
        + SearchVector("description", weight="B", config=SEARCH_CONFIG),
        output_field=SearchVectorField(),
        db_persist=True,
    )
    # The site-wide search's: the same, plus the département, kind, thematics and
    # supporters (search_extra). Kept apart so that a directory search for a word stays
    # as narrow as the visitor's word ("habitat" is not every record of the thematic,
    # which the directory's own facet lists).
    full_vector = models.GeneratedField(
        expression=SearchVector("name", weight="A", config=SEARCH_CONFIG)
        + SearchVector(Replace("slug", Value("-"), Value(" ")), weight="A", config=SEARCH_CONFIG)
        + SearchVector("commune", weight="C", config=SEARCH_CONFIG)
        + SearchVector("description", weight="B", config=SEARCH_CONFIG)
        + SearchVector("search_extra", weight="C", config=SEARCH_CONFIG),
        output_field=SearchVectorField(),
        db_persist=True,
    )
    # The name without accents, in lower case: the trigram index for typo-tolerant search
    # and duplicate detection. Computed by PostgreSQL, so bulk_create keeps it current.
    name_search = models.GeneratedField(
        expression=Lower(Unaccent("name")),
        output_field=models.CharField(max_length=200),
        db_persist=True,
    )

    commune_search = models.GeneratedField(
        expression=Lower(Unaccent("commune")),
        output_field=models.CharField(max_length=120),
        db_persist=True,
    )

    objects = OrganisationQuerySet.as_manager()

    # Generated for the search indexes; no page or export reads them.
    SEARCH_COLUMNS = (
        "name_vector",
        "search_extra",
        "search_vector",
        "full_vector",
        "name_search",
        "commune_search",
    )
    # Shown on the detail page only, not on a directory card.
    DETAIL_COLUMNS = (
        "address",
        "latitude",
        "longitude",
        "website",
        "social_links",
        "email",
        "phone",
        "social_impact",
        "siret",
        "code_insee",
    )
    history = ORGANISATION_HISTORY

    class Meta:
        # French order wherever no other is asked (the admin's lists, the facets' options):
        # by the name without accents or capitals first (`name_search`), as the directory.
        ordering = ["name_search", "name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        indexes = [
            GinIndex(fields=["search_vector"], name="organisation_search_gin"),
            # A search within one département (the directory's most common pair): btree_gin
            # lets one GIN index answer both, instead of two bitmaps of thousands of rows
            # each ANDed together (keys query at 100,000 records: 4.2 -> 2.8 ms on average).
            GinIndex(fields=["departement", "search_vector"], name="organisation_dept_search_gin"),
            GinIndex(fields=["name_vector"], name="organisation_namevector_gin"),
            GinIndex(fields=["full_vector"], name="organisation_fullvector_gin"),
            GinIndex(fields=["name"], name="organisation_name_trgm", opclasses=["gin_trgm_ops"]),
            GinIndex(
                fields=["name_search"],
                name="organisation_namesearch_trgm",
                opclasses=["gin_trgm_ops"],
            ),
            GinIndex(
                fields=["commune_search"],
                name="organisation_commune_trgm",
                opclasses=["gin_trgm_ops"],
            ),
            # The directory's sort by name, among published records.
            models.Index(
                fields=["name_search", "name", "id"],
                name="organisation_published_name",
                condition=Q(is_published=True),
            ),
            # The directory's other sorts (structures.filters.DirectoryFilter.SORT_FIELDS):
            # a page of them reads a few index entries, not every published record.
            models.Index(
                fields=["-updated_at", "id"],
                name="organisation_published_updated",
                condition=Q(is_published=True),
            ),
            models.Index(
                F("creation_date").desc(nulls_last=True),
                "name_search",
                "name",
                "id",
                name="organisation_published_created",
                condition=Q(is_published=True),
            ),
            # Its default order: the support structures first, then by name.
            models.Index(
                fields=["-category", "name_search", "name", "id"],
                name="organisation_published_default",
                condition=Q(is_published=True),
            ),
            # Each order within one département (a visitor's first facet, and a crawler
            # walks every département's list in every order); the first also gives the
            # map its count per département from the index alone.
            models.Index(
                fields=["departement", "-category", "name_search", "name", "id"],
                name="organisation_published_dept",
                condition=Q(is_published=True),
            ),
            models.Index(
                fields=["departement", "name_search", "name", "id"],
                name="organisation_dept_name",
                condition=Q(is_published=True),
            ),
            models.Index(
                "departement",
                F("creation_date").desc(nulls_last=True),
                "name_search",
                "name",
                "id",
                name="organisation_dept_created",
                condition=Q(is_published=True),
            ),
            models.Index(
                fields=["departement", "-updated_at", "id"],
                name="organisation_dept_updated",
                condition=Q(is_published=True),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(slug__in=RESERVED_SLUGS),
                name="organisation_slug_not_reserved",
                violation_error_message=_(
                    "Ce slug est réservé par une page de l'annuaire ; choisissez-en un autre."
                ),
            ),
            models.UniqueConstraint(
                fields=["siret"],
                condition=~Q(siret=""),
                name="organisation_siret_unique",
                violation_error_message=_("Une organisation porte déjà ce numéro SIRET."),
            ),
            models.CheckConstraint(
                condition=Q(siret="") | Q(siret__regex=r"^[0-9]{14}$"),
                name="organisation_siret_digits",
                violation_error_message=_("Le SIRET compte exactement 14 chiffres."),
            ),
            models.CheckConstraint(
                condition=~Q(category=OrganisationCategory.STRUCTURE) | ~Q(kind=""),
                name="organisation_structure_has_kind",
                violation_error_message=_("Indiquez le type de la structure d'accompagnement."),
            ),
            models.CheckConstraint(
                condition=~Q(category=OrganisationCategory.ENTERPRISE) | ~Q(legal_form=""),
                name="organisation_enterprise_has_legal_form",
                violation_error_message=_("Indiquez la forme juridique de l'entreprise."),
            ),
            models.CheckConstraint(
                condition=~Q(legal_form=OrganisationLegalForm.COMMERCIALE_ESUS) | Q(esus=True),
                name="organisation_commercial_needs_esus",
                violation_error_message=_(
                    "Une société commerciale relève de l'ESS seulement avec l'agrément ESUS."
                ),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("structures:detail", kwargs={"slug": self.slug})

    @property
    def initials(self) -> str:
        """Return up to two capital letters from the name, for an avatar without a logo."""
        small = {"de", "du", "des", "la", "le", "les", "l", "d", "et", "à", "en", "pour"}
        words = "".join(c if c.isalnum() else " " for c in self.name).split()
        significant = [w for w in words if w.lower() not in small] or words
        return "".join(w[0] for w in significant[:2]).upper()

    @property
    def avatar_tone(self) -> int:
        """Return a stable colour index (0–4) for the avatar, derived from the name."""
        return sum(self.name.encode()) % 5

    @property
    def is_enterprise(self) -> bool:
        """Return True for a social enterprise, False for a support structure."""
        return self.category == self.Category.ENTERPRISE

    # Django's get_FOO_display() rebuilds a dict of the field's choices at every call and
    # translates every lazy label to hash it: a directory page of 20 cards spent more
    # time there than in its SQL. These read a dict built once (the label stays lazy).
    def get_category_display(self):
        return _CATEGORY_LABELS.get(self.category, self.category)

    def get_kind_display(self):
        return _KIND_LABELS.get(self.kind, self.kind)

    def get_legal_form_display(self):
        return _LEGAL_FORM_LABELS.get(self.legal_form, self.legal_form)

    def get_headcount_display(self):
        return _HEADCOUNT_LABELS.get(self.headcount, self.headcount)

    @property
    def type_display(self) -> str:
        """Return the record's type: the structure's kind or the enterprise's legal form."""
        if self.is_enterprise:
            return self.get_legal_form_display()
        return self.get_kind_display()

    @property
    def schema_org_type(self) -> str:
        """Return the schema.org type: NGO for non-profits, Organization otherwise."""
        non_profit = {self.LegalForm.ASSOCIATION, self.LegalForm.FONDATION}
        return "NGO" if self.legal_form in non_profit else "Organization"

    @property
    def social_networks(self) -> list[tuple[str, str]]:
        """Return (network name, url) for each social link, named after its host."""
        links = []
        for url in self.social_links:
            host = urlsplit(url).hostname or ""
            host = host.removeprefix("www.")
            name = next(
                (
                    label
                    for domain, label in SOCIAL_NETWORKS
                    if host == domain or host.endswith("." + domain)
                ),
                host,
            )
            links.append((name, url))
        return links

    def json_ld(self, *, url: str, logo_url: str = "") -> dict:
        """Return the schema.org description of the record (JSON-LD), at absolute `url`,
        with its logo at absolute `logo_url` if it has one. The address is also given as
        the `location` Place, which carries the coordinates (`geo` belongs to a Place)."""
        data = {
            "@context": "https://schema.org",
            "@type": self.schema_org_type,
            "name": self.name,
            "url": url,
        }
        if self.description:
            data["description"] = self.description
        address = {"@type": "PostalAddress", "addressCountry": "FR"}
        for key, value in (
            ("streetAddress", self.address),
            ("postalCode", self.postcode),
            ("addressLocality", self.commune),
        ):
            if value:
                address[key] = value
        if self.departement_id:
            address["addressRegion"] = "Occitanie"
        data["address"] = address
        if self.creation_date:
            data["foundingDate"] = self.creation_date.isoformat()
        if self.siret:
            data["taxID"] = self.siret
        same_as = [url for url in (self.website, *self.social_links) if url]
        if same_as:
            data["sameAs"] = same_as if len(same_as) > 1 else same_as[0]
        if self.email:
            data["email"] = self.email
        if self.phone:
            data["telephone"] = self.phone
        if logo_url:
            data["logo"] = logo_url
        data["location"] = jsonld.place(
            address=address, latitude=self.latitude, longitude=self.longitude
        )
        return data


_CATEGORY_LABELS = dict(Organisation.Category.choices)
_KIND_LABELS = dict(Organisation.Kind.choices)
_LEGAL_FORM_LABELS = dict(Organisation.LegalForm.choices)
_HEADCOUNT_LABELS = dict(Organisation.Headcount.choices)


class SupportStructureManager(models.Manager.from_queryset(OrganisationQuerySet)):
    def get_queryset(self):
        return super().get_queryset().filter(category=Organisation.Category.STRUCTURE)


class EnterpriseManager(models.Manager.from_queryset(OrganisationQuerySet)):
    def get_queryset(self):
        return super().get_queryset().filter(category=Organisation.Category.ENTERPRISE)


class SupportStructure(Organisation):
    """A structure that supports social enterprises: pépinière, incubator, PTCE…"""

    objects = SupportStructureManager()

    class Meta:
        proxy = True
        verbose_name = _("structure d'accompagnement")
        verbose_name_plural = _("structures d'accompagnement")

    def save(self, *args, **kwargs):
        self.category = Organisation.Category.STRUCTURE
        super().save(*args, **kwargs)


class Enterprise(Organisation):
    """A social enterprise of the ESS (économie sociale et solidaire)."""

    objects = EnterpriseManager()

    class Meta:
        proxy = True
        verbose_name = _("entreprise sociale")
        verbose_name_plural = _("entreprises sociales")

    def save(self, *args, **kwargs):
        self.category = Organisation.Category.ENTERPRISE
        super().save(*args, **kwargs)


# The proxies share Organisation's history table; simple-history's admin looks the
# history manager up on each model's own _meta.
# Signals are sent with the proxy as sender, so a proxy's save or delete would escape the
# history without these receivers.
for _proxy in (SupportStructure, Enterprise):
    _proxy._meta.simple_history_manager_attribute = "history"
    models.signals.post_save.connect(ORGANISATION_HISTORY.post_save, sender=_proxy, weak=False)
    models.signals.post_delete.connect(ORGANISATION_HISTORY.post_delete, sender=_proxy, weak=False)


class SupportQuerySet(models.QuerySet):
    def typed(self):
        """Return the supports typed by staff in the directory (incubations…)."""
        return self.filter(source=Support.Source.TYPED)

    def derived(self):
        """Return the supports derived from another record (residency, cohort, financing)."""
        return self.exclude(source=Support.Source.TYPED)


class SupportSource(models.TextChoices):
    TYPED = "saisie", _("Saisi dans l'annuaire")
    RESIDENCY = "residence", _("Résidence à la pépinière")
    COHORT = "promotion", _("Promotion de la YESS Académie")
    FINANCING = "financement", _("Financement du FISO")


class Support(models.Model):
    """Which structure supports which enterprise, how, and from when to when.

    A support is either typed by staff (an incubation: `source` "saisie") or derived from
    the record that *is* the relation: a REALIS residency, a YESS cohort membership, a
    FISO financing's accompanying structure. A derived row is written only by the
    services of the app that owns the record (through `structures.services.support_derive`,
    in the same transaction), found again by (`source`, `source_id`), and never typed:
    the directory shows and filters on one set of rows, and each row has one origin.
    """

    class Kind(models.TextChoices):
        HOSTING = "hebergement", _("Hébergement")
        INCUBATION = "incubation", _("Incubation")
        COACHING = "accompagnement", _("Accompagnement")
        FINANCING = "financement", _("Financement")

    # Module-level so that the constraints in Meta can name its values.
    Source = SupportSource

    structure = models.ForeignKey(
        SupportStructure,
        on_delete=models.CASCADE,
        related_name="supported",
        verbose_name=_("structure"),
        limit_choices_to={"category": Organisation.Category.STRUCTURE},
    )
    enterprise = models.ForeignKey(
        Enterprise,
        on_delete=models.CASCADE,
        related_name="supports",
        verbose_name=_("entreprise"),
        limit_choices_to={"category": Organisation.Category.ENTERPRISE},
    )
    kind = models.CharField(_("nature"), max_length=20, choices=Kind)
    start_date = models.DateField(_("début"))
    end_date = models.DateField(_("fin"), null=True, blank=True)
    source = models.CharField(
        _("origine"),
        max_length=20,
        choices=Source,
        default=Source.TYPED,
        db_default=Source.TYPED,
        editable=False,
    )
    source_id = models.PositiveBigIntegerField(
        _("identifiant de l'enregistrement d'origine"), null=True, blank=True, editable=False
    )

    history = HistoricalRecords(verbose_name=_("historique de l'accompagnement"))
    objects = SupportQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date"]
        verbose_name = _("accompagnement")
        verbose_name_plural = _("accompagnements")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="support_end_after_start",
                violation_error_message=_("La fin de l'accompagnement précède son début."),
            ),
            models.UniqueConstraint(
                fields=["structure", "enterprise", "kind", "start_date"],
                condition=Q(source=SupportSource.TYPED),
                name="support_unique_period",
                violation_error_message=_("Cet accompagnement est déjà enregistré."),
            ),
            models.CheckConstraint(
                condition=Q(source=SupportSource.TYPED, source_id__isnull=True)
                | (~Q(source=SupportSource.TYPED) & Q(source_id__isnull=False)),
                name="support_derived_has_origin",
                violation_error_message=_(
                    "Un accompagnement dérivé d'un autre enregistrement en porte l'identifiant."
                ),
            ),
            models.UniqueConstraint(
                fields=["source", "source_id"],
                condition=~Q(source=SupportSource.TYPED),
                name="support_one_per_origin",
                violation_error_message=_("Cet enregistrement a déjà son accompagnement."),
            ),
        ]

    def __str__(self):
        return f"{self.structure} → {self.enterprise} ({self.get_kind_display()})"

    @property
    def is_typed(self) -> bool:
        """Return True when staff typed the support (it derives from no other record)."""
        return self.source == self.Source.TYPED

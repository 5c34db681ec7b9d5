"""The common toolkit's own tables: the site-wide search index, its vocabulary, synonyms.

The apps fill the search index through the registry (`register_search_source` in their
`contributions.py`); the toolkit never imports an app.
"""

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

# French text search with accents folded (migration 0001).
SEARCH_CONFIG = "french_unaccent"
# An IMMUTABLE wrapper around unaccent() (migration 0002): generated columns and their
# indexes need one; PostgreSQL's own unaccent() is only STABLE.
UNACCENT_FUNCTION = "common_immutable_unaccent"


class Unaccent(models.Func):
    """The text without its accents, through the immutable unaccent() wrapper."""

    function = UNACCENT_FUNCTION
    output_field = models.TextField()


class SearchDocument(models.Model):
    """One public page or record as the site-wide search sees it (denormalised).

    Rows are written only by `occitanie_ess.common.search` from the sources the apps
    register; `source` names the registered source, `key` the record within it.
    """

    source = models.CharField(_("source"), max_length=60)
    key = models.CharField(_("clé"), max_length=120)
    kind = models.CharField(_("type"), max_length=80)
    title = models.CharField(_("titre"), max_length=300)
    url = models.CharField(_("adresse"), max_length=300)
    keywords = models.TextField(_("mots-clés"), blank=True)
    body = models.TextField(_("texte"), blank=True)
    boost = models.FloatField(_("poids"), default=1.0)
    updated_at = models.DateTimeField(_("indexé le"), auto_now=True)
    vector = models.GeneratedField(
        expression=SearchVector("title", weight="A", config=SEARCH_CONFIG)
        + SearchVector("keywords", weight="B", config=SEARCH_CONFIG)
        + SearchVector("body", weight="C", config=SEARCH_CONFIG),
        output_field=SearchVectorField(),
        db_persist=True,
    )
    title_search = models.GeneratedField(
        expression=Lower(Unaccent("title")),
        output_field=models.TextField(),
        db_persist=True,
    )

    class Meta:
        verbose_name = _("document indexé")
        verbose_name_plural = _("documents indexés")
        constraints = [
            models.UniqueConstraint(fields=["source", "key"], name="searchdocument_source_key")
        ]
        indexes = [
            GinIndex(fields=["vector"], name="searchdocument_vector_gin"),
            GinIndex(
                fields=["title_search"],
                name="searchdocument_title_trgm",
                opclasses=["gin_trgm_ops"],
            ),
        ]

    def __str__(self):
        return self.title


class SearchTerm(models.Model):
    """One word of the indexed vocabulary (lower case, no accents), for spelling help."""

    word = models.CharField(_("mot"), max_length=60, unique=True)
    frequency = models.PositiveIntegerField(_("fréquence"), default=1)

    class Meta:
        verbose_name = _("mot du vocabulaire")
        verbose_name_plural = _("vocabulaire de la recherche")
        indexes = [
            GinIndex(fields=["word"], name="searchterm_word_trgm", opclasses=["gin_trgm_ops"])
        ]

    def __str__(self):
        return self.word


class Synonym(models.Model):
    """Words that mean the same to a visitor: an acronym and its long forms.

    Searching for any of them finds what the others find (PTCE ↔ pôle territorial de
    coopération économique). Staff edit the list in the admin.
    """

    term = models.CharField(
        _("terme"),
        max_length=120,
        unique=True,
        help_text=_("Le plus souvent un sigle : PTCE, ESUS, SREC…"),
    )
    equivalents = models.TextField(
        _("équivalents"),
        help_text=_(
            "Une expression par ligne, cherchée comme une expression entière "
            "(« pôle territorial de coopération économique »)."
        ),
    )
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    class Meta:
        ordering = ["term"]
        verbose_name = _("synonyme")
        verbose_name_plural = _("synonymes et sigles")

    def __str__(self):
        return self.term

    def phrases(self) -> list[str]:
        """Return the term and its equivalents, one expression each, without blanks."""
        lines = [self.term, *self.equivalents.splitlines()]
        return [" ".join(line.split()) for line in lines if line.strip()]


class StaffNotification(models.Model):
    """Something awaiting a member of staff who asked for a daily summary: kept until the
    day's digest is sent (occitanie_ess.common.notifications)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("destinataire"),
    )
    subject = models.CharField(_("objet"), max_length=200)
    line = models.CharField(_("détail"), max_length=300)
    url = models.CharField(_("lien"), max_length=300)
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    sent_at = models.DateTimeField(_("envoyée le"), null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("notification en attente")
        verbose_name_plural = _("notifications en attente")
        indexes = [
            models.Index(
                fields=["user", "created_at"],
                condition=models.Q(sent_at__isnull=True),
                name="common_staffnotif_pending",
            )
        ]

    def __str__(self):
        return f"{self.subject} — {self.line}"

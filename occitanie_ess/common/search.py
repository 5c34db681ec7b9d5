"""The site-wide search: what a visitor typed, understood, then matched and ranked.

`analyse()` turns the typed text into a PostgreSQL text-search query: French stemming with
accents folded (the `french_unaccent` configuration), words the index does not know
replaced by their nearest indexed word (trigram similarity over the vocabulary table:
"montpelier" → "montpellier"), and each synonym or acronym staff listed in the admin
expanded to its equivalents (PTCE ↔ pôle territorial de coopération économique).

`search()` runs that query over the denormalised `SearchDocument` table (pages and
records the apps register through `register_search_source`) and over the live providers
the apps register (`register_search`: the directory, whose 100,000 rows are searched in
place), and collects the facets the apps recognise ("Ariège" → 45 fiches en Ariège).

The index is kept current by the registered sources' model signals (after commit) and
rebuilt by `manage.py rebuild_search_index` (run by `seed_demo` too).
"""

import html
import logging
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlsplit

from django.contrib.auth.models import AnonymousUser
from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    TrigramWordSimilarity,
)
from django.db import connection, transaction
from django.db.models import F, FloatField, Value
from django.db.models.functions import Greatest
from django.db.models.signals import post_delete, post_save
from django.test import RequestFactory
from django.urls import resolve, reverse
from django.utils.safestring import SafeString, mark_safe

from occitanie_ess.common import registry
from occitanie_ess.common.cache import public_data_changed, public_data_memo
from occitanie_ess.common.mail import site_url
from occitanie_ess.common.models import SEARCH_CONFIG, SearchDocument, SearchTerm, Synonym
from occitanie_ess.common.registry import SearchResult

logger = logging.getLogger(__name__)

MAX_QUERY_LENGTH = 200
# A word of the query is replaced by an indexed word only when they are this similar
# (pg_trgm similarity, 0..1): "tolouse"/"toulouse" 0.55, "catalys"/"catalis" 0.45.
CORRECTION_THRESHOLD = 0.4
# Headline markers: control characters that indexed text never holds (see `clean_text`),
# turned into <mark> only after the excerpt is HTML-escaped.
MARK_START, MARK_STOP = "\x02", "\x03"
WORD_RE = re.compile(r"\w+", re.UNICODE)
# Lone surrogates, NUL and other control characters: never stored, never sent to SQL.
_UNSAFE_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")


def clean_text(text: str) -> str:
    """Return `text` without control characters or lone surrogates, spaces collapsed."""
    return " ".join(_UNSAFE_RE.sub(" ", text).split())


def fold(text: str) -> str:
    """Return `text` in lower case without accents (Python's twin of unaccent + lower)."""
    decomposed = unicodedata.normalize("NFKD", text.lower().replace("œ", "oe").replace("æ", "ae"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def words_of(text: str) -> list[str]:
    """Return the folded words of `text` (letters and digits), in order."""
    return WORD_RE.findall(fold(text))


@dataclass
class AnalysedQuery:
    """What the visitor typed, and the text-search query built from it."""

    text: str
    words: list[str]
    corrected_words: list[str]
    tsquery: SearchQuery | None
    relaxed_tsquery: SearchQuery | None
    synonyms: list[str] = field(default_factory=list)
    # Each word, or its nearest indexed word when the index does not know it.
    suggested_words: list[str] = field(default_factory=list)

    @property
    def corrected_text(self) -> str:
        """Return the query with the corrected words, or "" when nothing was corrected."""
        if self.corrected_words == self.words:
            return ""
        return " ".join(self.corrected_words)

    @property
    def suggestion(self) -> str:
        """Return "Vouliez-vous dire" text: the query with its unknown words replaced."""
        if not self.suggested_words or self.suggested_words == self.words:
            return ""
        return " ".join(self.suggested_words)

    @property
    def folded(self) -> str:
        return " ".join(self.words)

    def __bool__(self) -> bool:
        return self.tsquery is not None


def _vocabulary_lookup(words: list[str]) -> dict[str, tuple[bool, bool, str, float]]:
    """Return, for each folded word: (known, stop word, nearest indexed word, similarity),
    the nearest word ("" and 0.0 for a known word) by trigram similarity."""
    if not words:
        return {}
    # The nearest word is looked for only for a word the index does not know: a known
    # word is never corrected nor suggested (analyse), so its trigram scan is saved.
    sql = """
        SELECT q.word, q.known,
               numnode(plainto_tsquery(%s::regconfig, q.word)) = 0 AS stop,
               best.word, best.sim
        FROM (
            SELECT w.word,
                   EXISTS (SELECT 1 FROM common_searchterm t WHERE t.word = w.word) AS known
            FROM unnest(%s::text[]) AS w(word)
        ) AS q
        LEFT JOIN LATERAL (
            SELECT t.word, similarity(t.word, q.word) AS sim
            FROM common_searchterm t
            WHERE NOT q.known AND length(q.word) >= 3 AND t.word %% q.word
                  AND t.word <> q.word
            ORDER BY similarity(t.word, q.word) DESC, t.frequency DESC, t.word
            LIMIT 1
        ) AS best ON true
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [SEARCH_CONFIG, list(dict.fromkeys(words))])
        return {row[0]: (row[1], row[2], row[3] or "", row[4] or 0.0) for row in cursor}


def _contains(haystack: list[str], needle: list[str]) -> int:
    """Return the index where `needle` occurs in `haystack` as a run of words, else -1."""
    size = len(needle)
    for start in range(len(haystack) - size + 1):
        if haystack[start : start + size] == needle:
            return start
    return -1


def _plain(text: str) -> SearchQuery:
    return SearchQuery(text, config=SEARCH_CONFIG, search_type="plain")


def _phrase(text: str) -> SearchQuery:
    return SearchQuery(text, config=SEARCH_CONFIG, search_type="phrase")


def analyse(text: str) -> AnalysedQuery:
    """Return the analysed query for `text` (two small queries: vocabulary, synonyms)."""
    text = clean_text(text)[:MAX_QUERY_LENGTH]
    words = words_of(text)[:20]
    if not words:
        return AnalysedQuery(text, [], [], None, None)
    lookup = _vocabulary_lookup(words)
    corrected = []
    suggested = []
    for word in words:
        known, stop, nearest, similarity = lookup.get(word, (True, True, "", 0.0))
        if not known and not stop and nearest and similarity >= CORRECTION_THRESHOLD:
            corrected.append(nearest)
        else:
            corrected.append(word)
        suggested.append(nearest if not known and not stop and nearest else word)
    significant = [w for w in words if not lookup.get(w, (True, True))[1]]
    if not significant:
        # Only stop words ("de la"): nothing a text index can match.
        return AnalysedQuery(text, words, corrected, None, None, suggested_words=suggested)

    alternatives = [_plain(" ".join(words))]
    if corrected != words:
        alternatives.append(_plain(" ".join(corrected)))
    expanded = []
    for group in synonym_groups():
        phrases = [phrase for phrase, _words in group]
        folded = [list(phrase_words) for _phrase, phrase_words in group]
        for variant in {tuple(words), tuple(corrected)}:
            variant = list(variant)
            for index, phrase_words in enumerate(folded):
                start = _contains(variant, phrase_words) if phrase_words else -1
                if start < 0:
                    continue
                rest = " ".join(variant[:start] + variant[start + len(phrase_words) :])
                for other_index, other in enumerate(phrases):
                    if other_index == index:
                        continue
                    alternative = _phrase(other)
                    if rest.strip():
                        alternative &= _plain(rest)
                    alternatives.append(alternative)
                expanded.extend(p for i, p in enumerate(phrases) if i != index)
                break
    tsquery = alternatives[0]
    for alternative in alternatives[1:]:
        tsquery |= alternative
    relaxed = None
    if len(significant) > 1:
        pieces = [_plain(w) for w in dict.fromkeys(significant + corrected)]
        relaxed = pieces[0]
        for piece in pieces[1:]:
            relaxed |= piece
    return AnalysedQuery(
        text,
        words,
        corrected,
        tsquery,
        relaxed,
        synonyms=list(dict.fromkeys(expanded)),
        suggested_words=suggested,
    )


@public_data_memo
def synonym_groups() -> list[list[tuple[str, tuple[str, ...]]]]:
    """Return every synonym group as its phrases, each with its folded words: read once
    per process until an edit, so that a search folds only its own words."""
    return [
        [(phrase, tuple(words_of(phrase))) for phrase in synonym.phrases()]
        for synonym in Synonym.objects.all()
    ]


def synonyms_changed(sender, instance=None, **kwargs) -> None:
    """Make every process read the synonyms again (a new public data version), and add a
    new synonym's words to the vocabulary."""
    public_data_changed()
    if instance is not None and kwargs.get("signal") is post_save:
        search_vocabulary_add(texts=instance.phrases())


def highlight(fragment: str) -> SafeString:
    """Return a headline fragment HTML-escaped, its matches wrapped in <mark>."""
    escaped = html.escape(fragment.replace("\n", " "))
    escaped = escaped.replace(MARK_START, "<mark>").replace(MARK_STOP, "</mark>")
    return mark_safe(escaped)  # noqa: S308 - escaped just above; only our markers remain.


def headline(expression, tsquery, **options) -> SearchHeadline:
    """Return a ts_headline expression with the safe markers `highlight()` expects."""
    return SearchHeadline(
        expression,
        tsquery,
        config=SEARCH_CONFIG,
        start_sel=MARK_START,
        stop_sel=MARK_STOP,
        max_words=options.get("max_words", 30),
        min_words=options.get("min_words", 12),
        max_fragments=options.get("max_fragments", 2),
        fragment_delimiter=" … ",
    )


def search_documents(tsquery: SearchQuery, query: AnalysedQuery, limit: int = 30):
    """Return the indexed pages and records matching `tsquery` as SearchResults."""
    needle = Value(query.folded)
    documents = (
        SearchDocument.objects.filter(vector=tsquery)
        .annotate(
            rank=SearchRank(F("vector"), tsquery, normalization=Value(1))
            * F("boost")
            * (
                Value(1.0)
                + Greatest(
                    TrigramWordSimilarity(needle, F("title_search")),
                    Value(0.0, output_field=FloatField()),
                )
            ),
            excerpt=headline("body", tsquery),
        )
        .order_by("-rank", "title")[:limit]
    )
    return [
        SearchResult(
            title=document.title,
            url=document.url,
            kind=document.kind,
            summary=highlight(document.excerpt) if document.body else "",
            rank=float(document.rank),
        )
        for document in documents
    ]


@dataclass
class SearchOutcome:
    """Everything the search page shows."""

    query: AnalysedQuery
    results: list[SearchResult]
    facets: list
    relaxed: bool = False

    @property
    def groups(self) -> list[tuple[str, list[SearchResult]]]:
        """Return the results grouped by kind, the group with the best result first."""
        groups: dict[str, list[SearchResult]] = {}
        for result in self.results:
            groups.setdefault(str(result.kind), []).append(result)
        return list(groups.items())


def _collect(query: AnalysedQuery, tsquery: SearchQuery, limit: int) -> list[SearchResult]:
    """Return the indexed documents and the live providers' results, best first."""
    results = list(search_documents(tsquery, query))
    for provider in registry.search_providers():
        results.extend(provider(query, tsquery))
    return sorted(results, key=lambda r: r.rank, reverse=True)[:limit]


def search(text: str, limit: int = 60) -> SearchOutcome:
    """Return the results, facets and suggestions for what a visitor typed."""
    query = analyse(text)
    if not query:
        return SearchOutcome(query, [], [])
    facets = [facet for provider in registry.search_facet_providers() for facet in provider(query)]
    facets.sort(key=lambda facet: facet.order)
    results = _collect(query, query.tsquery, limit)
    relaxed = False
    if not results and query.relaxed_tsquery is not None:
        results = _collect(query, query.relaxed_tsquery, limit)
        relaxed = bool(results)
    return SearchOutcome(query, results, facets, relaxed)


# --- The index: sources registered by the apps, kept current, rebuilt on demand ---------


def _documents_of(source) -> list[SearchDocument]:
    rows = []
    for document in source.documents():
        rows.append(
            SearchDocument(
                source=source.name,
                key=str(document.key)[:120],
                kind=str(document.kind)[:80],
                title=clean_text(str(document.title))[:300],
                url=str(document.url)[:300],
                keywords=clean_text(str(document.keywords)),
                body=clean_text(str(document.body)),
                boost=document.boost,
            )
        )
    return rows


@transaction.atomic
def search_source_refresh(*, name: str) -> int:
    """Replace the indexed documents of the registered source `name`; return their count."""
    source = registry.search_sources()[name]
    documents = _documents_of(source)
    with connection.cursor() as cursor:
        # Two saves at once refresh the same source one after the other, never interleaved.
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [f"search:{name}"])
    SearchDocument.objects.filter(source=name).delete()
    SearchDocument.objects.bulk_create(documents)
    search_vocabulary_add(texts=[f"{d.title} {d.keywords} {d.body}" for d in documents])
    return len(documents)


def search_vocabulary_add(*, texts) -> None:
    """Add the words of `texts` to the vocabulary (existing words are kept as they are)."""
    counts: dict[str, int] = {}
    for text in texts:
        for word in words_of(text):
            if 3 <= len(word) <= 60 and not word.isdigit():
                counts[word] = counts.get(word, 0) + 1
    if not counts:
        return
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO common_searchterm (word, frequency)
            SELECT * FROM unnest(%s::text[], %s::int[])
            ON CONFLICT (word) DO NOTHING
            """,
            [list(counts), list(counts.values())],
        )


@transaction.atomic
def search_index_rebuild(*, stdout=None) -> dict[str, int]:
    """Rebuild every registered source and the vocabulary; return the documents per source."""
    for hook in registry.search_rebuild_hooks():
        hook()
    sources = registry.search_sources()
    counts = {name: search_source_refresh(name=name) for name in sources}
    SearchDocument.objects.exclude(source__in=list(sources)).delete()
    SearchTerm.objects.all().delete()
    words: dict[str, int] = {}
    for provider in registry.search_vocabulary_providers():
        for word, frequency in provider():
            if 3 <= len(word) <= 60 and not word.isdigit():
                words[word] = words.get(word, 0) + frequency
    for document in SearchDocument.objects.values_list("title", "keywords", "body"):
        for word in words_of(" ".join(document)):
            if 3 <= len(word) <= 60 and not word.isdigit():
                words[word] = words.get(word, 0) + 1
    for synonym in Synonym.objects.all():
        for word in words_of(" ".join(synonym.phrases())):
            if len(word) >= 3:
                words[word] = words.get(word, 0) + 1
    SearchTerm.objects.bulk_create(
        (
            SearchTerm(word=word, frequency=min(frequency, 2**31 - 1))
            for word, frequency in words.items()
        ),
        batch_size=5000,
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE common_searchterm")
        cursor.execute("ANALYZE common_searchdocument")
    if stdout is not None:
        stdout.write(f"{sum(counts.values())} documents, {len(words)} mots indexés.")
    return counts


def connect_source(source) -> None:
    """Refresh `source` after the commit of any save or deletion of its models."""

    def handler(sender, **kwargs):
        if kwargs.get("raw"):
            return
        # robust: the record is saved whatever happens to its index entry (logged).
        transaction.on_commit(lambda: search_source_refresh(name=source.name), robust=True)

    for model in source.models:
        uid = f"search-source-{source.name}-{model._meta.label}"
        post_save.connect(handler, sender=model, weak=False, dispatch_uid=uid + "-save")
        post_delete.connect(handler, sender=model, weak=False, dispatch_uid=uid + "-delete")


# --- Site pages: their rendered text ----------------------------------------------------


class _MainText(HTMLParser):
    """Collect the text of <main> (without scripts, styles, forms) and its first <h1>."""

    SKIPPED = {"script", "style", "form", "nav", "svg", "template"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth_main = 0
        self.skipping = 0
        self.in_h1 = False
        self.h1: list[str] = []
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "main":
            self.depth_main += 1
        elif tag in self.SKIPPED:
            self.skipping += 1
        elif tag == "h1" and not self.h1:
            self.in_h1 = True

    def handle_endtag(self, tag):
        if tag == "main":
            self.depth_main = max(0, self.depth_main - 1)
        elif tag in self.SKIPPED:
            self.skipping = max(0, self.skipping - 1)
        elif tag == "h1":
            self.in_h1 = False

    def handle_data(self, data):
        if self.depth_main and not self.skipping:
            self.parts.append(data)
            if self.in_h1:
                self.h1.append(data)


def page_text(url: str) -> tuple[str, str]:
    """Return (title, text) of the public page at `url`, rendered as a visitor sees it on
    the public site (SITE_URL's host and scheme, as the mail module's links)."""
    from django.contrib.sessions.backends.signed_cookies import SessionStore

    site = urlsplit(site_url())
    request = RequestFactory().get(url, HTTP_HOST=site.netloc, secure=site.scheme == "https")
    request.user = AnonymousUser()
    request.session = SessionStore()
    match = resolve(url)
    response = match.func(request, *match.args, **match.kwargs)
    if hasattr(response, "render"):
        response.render()
    parser = _MainText()
    parser.feed(response.content.decode())
    return clean_text(" ".join(parser.h1)), clean_text(" ".join(parser.parts))


def rendered_document(url: str, *, key: str, kind: str, keywords: str = "", boost: float = 1.0):
    """Return the IndexedDocument of the public page at `url`, from its rendered <main>,
    or None when the page does not render (said in the log)."""
    from occitanie_ess.common.registry import IndexedDocument

    try:
        title, text = page_text(url)
    except Exception:
        logger.exception("Search index: the page %s did not render", url)
        return None
    return IndexedDocument(
        key=key, kind=kind, title=title or url, url=url, body=text, keywords=keywords, boost=boost
    )


def rendered_documents(
    records: Iterable,
    *,
    kind: str,
    keywords: str | Callable[[Any], str] = "",
    key: Callable[[Any], str] = lambda record: str(record.pk),
) -> Iterator:
    """Return, one by one, the IndexedDocument of each record's public page (its
    get_absolute_url()), keyed by `key(record)`; `keywords` is a text or a function of the
    record. A page that does not render is left out (said in the log)."""
    for record in records:
        document = rendered_document(
            record.get_absolute_url(),
            key=key(record),
            kind=kind,
            keywords=keywords(record) if callable(keywords) else keywords,
        )
        if document is not None:
            yield document


def site_pages_documents():
    """Return one IndexedDocument per registered page, from its rendered text."""
    for url_name, kind, keywords in registry.search_pages():
        document = rendered_document(
            reverse(url_name), key=url_name, kind=kind, keywords=keywords, boost=1.5
        )
        if document is not None:
            yield document


post_save.connect(synonyms_changed, sender=Synonym, dispatch_uid="search-synonyms-save")
post_delete.connect(synonyms_changed, sender=Synonym, dispatch_uid="search-synonyms-delete")

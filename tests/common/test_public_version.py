"""The public data version (occitanie_ess.common.cache) is read once per request."""

from contextlib import contextmanager

from django.core.cache import cache
from django.core.signals import request_finished, request_started

from occitanie_ess.common.cache import VERSION_KEY, public_version, public_version_bump
from tests.checks import connections_kept


@contextmanager
def in_a_request():
    """Send the signals of a request's start and end, without closing database
    connections."""
    with connections_kept():
        request_started.send(sender=None)
        try:
            yield
        finally:
            request_finished.send(sender=None)


def test_a_request_renders_from_one_version_and_the_next_request_sees_an_edit():
    with in_a_request():
        seen = public_version()
        cache.incr(VERSION_KEY)  # another worker's edit, while this page renders
        assert public_version() == seen
        public_version_bump()  # this request's own edit: its next read is fresh
        assert public_version() == seen + 2
    cache.incr(VERSION_KEY)
    assert public_version() == seen + 3
    with in_a_request():
        assert public_version() == seen + 3


def test_outside_a_request_every_read_asks_the_cache():
    before = public_version()
    cache.incr(VERSION_KEY)
    assert public_version() == before + 1


def test_a_memo_builds_once_per_version_and_again_after_an_edit():
    from occitanie_ess.common.cache import PublicDataMemo

    memo, built = PublicDataMemo(limit=2), []

    def build(value):
        built.append(value)
        return value

    assert memo.get("a", lambda: build("A")) == "A"
    assert memo.get("a", lambda: build("autre")) == "A"
    assert built == ["A"]
    public_version_bump()  # an edit, in this process or another
    assert memo.get("a", lambda: build("A2")) == "A2"
    # Bounded: past its limit it starts again rather than growing.
    memo.get("b", lambda: build("B"))
    memo.get("c", lambda: build("C"))
    assert len(memo.values) <= 2


def test_a_synonym_added_in_another_process_reaches_this_ones_search(db):
    """The synonyms are kept per process: another worker's edit bumps the shared version,
    which this process reads on its next search."""
    from occitanie_ess.common.models import Synonym
    from occitanie_ess.common.search import analyse

    assert "périscope" not in analyse("grappe").synonyms
    Synonym.objects.bulk_create([Synonym(term="grappe", equivalents="périscope")])  # no signal
    assert "périscope" not in analyse("grappe").synonyms  # this process has not been told
    cache.incr(VERSION_KEY)  # what the other worker's signal did
    assert "périscope" in analyse("grappe").synonyms

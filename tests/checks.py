"""Assertions and helpers shared by the tests of several apps."""

import html
import json
import re
import threading
from contextlib import contextmanager

from django.core.signals import request_finished, request_started
from django.db import close_old_connections, connection


def run_concurrently(calls):
    """Run each callable in its own thread, released together (so that they race for real
    against PostgreSQL); return their results or exceptions, in order."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def worker(index, call):
        try:
            barrier.wait()
            results[index] = call()
        except Exception as error:  # noqa: BLE001 - the test inspects it
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=item) for item in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def refused_input(response) -> bool:
    """Return True when the response is the portal's French refusal of text holding a NUL
    byte or a lone surrogate (InputSanityMiddleware): a 400 that changed nothing."""
    return response.status_code == 400 and "caractères invisibles" in response.content.decode()


def body(response) -> bytes:
    """Return the response's whole body, streamed or not."""
    return b"".join(response.streaming_content) if response.streaming else response.content


def page_text(markup: str) -> str:
    """Return the text a reader sees in `markup`: tags removed, entities decoded, runs of
    spaces (non-breaking ones included) made one space."""
    plain = html.unescape(re.sub(r"<[^>]+>", " ", markup)).replace("\xa0", " ")
    return re.sub(r"\s+", " ", plain)


def json_ld(page: str) -> dict:
    """Return the page's JSON-LD block, parsed; it must carry the page's CSP nonce, as
    every inline script of the portal does."""
    match = re.search(
        r'<script type="application/ld\+json" nonce="[^"]+">(.*?)</script>', page, re.S
    )
    assert match, "no JSON-LD block with the page's nonce"
    return json.loads(match.group(1))


@contextmanager
def connections_kept():
    """Keep the test's database connection open across requests' start and end signals
    (Django's test client does the same: a real request closes it when it finishes)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)

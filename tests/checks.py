"""Assertions and helpers shared by the tests of several apps."""

import threading

from django.db import connection


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

"""Two gunicorn instances on two ports against one PostgreSQL and one Redis behave as one
site: a login made on one is valid on the other (sessions live in the database), and a rate
limit counted on one holds on the other (its counters live in the shared cache)."""

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

import pytest
from django.contrib.auth.hashers import make_password
from django.db import connection

from tests.factories import PASSWORD, UserFactory

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(port: int, dbname: str, cache_prefix: str = "ess-two") -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        {
            "DATABASE_URL": f"postgres:///{dbname}",
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": "two-instances-shared-secret-" + "k" * 30,
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DJANGO_SECURE_SSL_REDIRECT": "0",
            "DJANGO_STATIC_MANIFEST": "0",
            "DJANGO_CACHE_KEY_PREFIX": cache_prefix,
        }
    )
    gunicorn = Path(sys.executable).parent / "gunicorn"
    return subprocess.Popen(
        [str(gunicorn), "occitanie_ess.wsgi:application", "-b", f"127.0.0.1:{port}", "-w", "1"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def wait_until_up(port: int) -> None:
    for _ in range(150):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz/live", timeout=1)
            return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"gunicorn on port {port} did not start")


class LoopbackIsSecure(http.cookiejar.DefaultCookiePolicy):
    """Send Secure cookies to 127.0.0.1 over HTTP, as browsers do for a loopback address
    (the portal's cookies are Secure whenever DEBUG is off)."""

    def return_ok_secure(self, cookie, request):
        return request.host.startswith("127.0.0.1") or super().return_ok_secure(cookie, request)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@pytest.mark.django_db(transaction=True)
def test_a_login_on_one_instance_is_valid_on_the_other():
    # The servers run with the production hasher list: store a PBKDF2 hash.
    user = UserFactory(email="deux@exemple.fr")
    user.password = make_password(PASSWORD, hasher="pbkdf2_sha256")
    user.save(update_fields=["password"])
    dbname = connection.settings_dict["NAME"]
    port_a, port_b = free_port(), free_port()
    prefix = f"ess-two-{uuid.uuid4().hex}"
    servers = [start_gunicorn(port_a, dbname, prefix), start_gunicorn(port_b, dbname, prefix)]
    try:
        wait_until_up(port_a)
        wait_until_up(port_b)
        jar = http.cookiejar.CookieJar(policy=LoopbackIsSecure())
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect)
        login_page = opener.open(f"http://127.0.0.1:{port_a}/compte/login/").read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login_page).group(1)
        body = urllib.parse.urlencode(
            {"login": "deux@exemple.fr", "password": PASSWORD, "csrfmiddlewaretoken": token}
        ).encode()
        try:
            opener.open(f"http://127.0.0.1:{port_a}/compte/login/", data=body)
        except urllib.error.HTTPError as redirect:
            assert redirect.code == 302
        else:
            raise AssertionError("the login did not redirect")
        space = opener.open(f"http://127.0.0.1:{port_b}/compte/")
        assert space.status == 200
        assert "deux@exemple.fr" in space.read().decode()
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=20)


def post_login(opener, port: int, email: str, password: str) -> int:
    """Post the login form on `port`; return the HTTP status (302 on success). Every
    instance gets the same Host, as behind the load balancer (allauth keys its per-address
    counter on the site's domain)."""
    url = f"http://127.0.0.1:{port}/compte/login/"
    host = {"Host": "127.0.0.1"}
    page = opener.open(urllib.request.Request(url, headers=host)).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    body = urllib.parse.urlencode(
        {"login": email, "password": password, "csrfmiddlewaretoken": token}
    ).encode()
    try:
        return opener.open(urllib.request.Request(url, data=body, headers=host)).status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.mark.django_db(transaction=True)
def test_failed_logins_are_counted_across_instances():
    """Per-process counters let twice the limit through with two workers: 5 failures for one
    address (ACCOUNT_RATE_LIMITS login_failed 5/5m/key) spread over two instances lock it."""
    user = UserFactory(email="limite@exemple.fr")
    user.password = make_password(PASSWORD, hasher="pbkdf2_sha256")
    user.save(update_fields=["password"])
    dbname = connection.settings_dict["NAME"]
    ports = [free_port(), free_port()]
    prefix = f"ess-two-{uuid.uuid4().hex}"
    servers = [start_gunicorn(port, dbname, prefix) for port in ports]
    try:
        for port in ports:
            wait_until_up(port)
        jar = http.cookiejar.CookieJar(policy=LoopbackIsSecure())
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect)
        for attempt in range(5):
            assert post_login(opener, ports[attempt % 2], "limite@exemple.fr", "faux") == 200
        # The right password is now refused on either instance (429, allauth's limit).
        assert post_login(opener, ports[0], "limite@exemple.fr", PASSWORD) != 302
        assert post_login(opener, ports[1], "limite@exemple.fr", PASSWORD) != 302
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=20)

"""The mail module against a real SMTP server (aiosmtpd) that is down or refuses: the
request answers, the message waits in the task queue, is tried again and arrives."""

import socket
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from occitanie_ess.common.mail import mail_render, mail_send, message_enqueue
from occitanie_ess.common.mail_backends import EmlFileBackend
from tests.factories import UserFactory

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


class Inbox:
    """An SMTP handler that refuses the first `refuse` messages (451), then keeps them."""

    def __init__(self, refuse: int = 0):
        self.refuse = refuse
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        if self.refuse > 0:
            self.refuse -= 1
            return "451 4.3.0 Service momentanement indisponible"
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp(settings):
    """SMTP settings on a free local port, the database task queue; yields a starter."""
    port = free_port()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "use_tls": False, "timeout": 5},
        }
    }
    settings.TASKS = DATABASE_TASKS
    controllers = []

    def start(handler: Inbox) -> Inbox:
        controller = Controller(handler, hostname="127.0.0.1", port=port)
        controller.start()
        controllers.append(controller)
        return handler

    yield start
    for controller in controllers:
        controller.stop()


def run_worker(**options):
    call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0", **options)


def time_passes():
    """Make every deferred attempt due now (instead of waiting for its delay)."""
    DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())


@pytest.mark.django_db(transaction=True)
def test_a_password_reset_answers_while_smtp_is_down_and_the_email_arrives_later(client, smtp):
    user = UserFactory(email="porteuse@exemple.fr")
    response = client.post(reverse("account_reset_password"), {"email": user.email})
    assert response.status_code == 302  # the request did not wait for, nor fail on, SMTP
    assert DBTaskResult.objects.filter(status="READY").count() == 1

    run_worker(max_tasks=1)  # nothing listens on the port: connection refused
    assert DBTaskResult.objects.filter(status="FAILED").count() == 1
    retry = DBTaskResult.objects.get(status="READY")
    assert retry.args_kwargs["kwargs"]["attempt"] == 2
    assert retry.run_after > timezone.now()  # deferred, not hammering a down server

    inbox = smtp(Inbox())
    time_passes()
    run_worker()
    assert len(inbox.messages) == 1
    message = inbox.messages[0]
    assert message["To"] == "porteuse@exemple.fr"
    assert "http://testserver/compte/password/reset/key/" in message.get_content()
    assert DBTaskResult.objects.filter(status="SUCCESSFUL").count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_refusing_server_gets_the_message_again_until_it_accepts(smtp):
    inbox = smtp(Inbox(refuse=2))
    with transaction.atomic():
        mail_send(template="yess/withdrawn", to="a@exemple.fr", name="Awa", context=CONTEXT)
        assert DBTaskResult.objects.count() == 0  # queued only once committed
    for _attempt in range(3):
        run_worker(max_tasks=1)
        time_passes()
    assert len(inbox.messages) == 1
    assert inbox.messages[0].get_content().startswith("Bonjour Awa,")
    assert list(DBTaskResult.objects.values_list("status", flat=True).order_by("enqueued_at")) == [
        "FAILED",
        "FAILED",
        "SUCCESSFUL",
    ]


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_change_sends_nothing(smtp):
    inbox = smtp(Inbox())
    with pytest.raises(RuntimeError), transaction.atomic():
        mail_send(template="yess/withdrawn", to="a@exemple.fr", context=CONTEXT)
        raise RuntimeError
    run_worker()
    assert DBTaskResult.objects.count() == 0 and inbox.messages == []


@pytest.mark.django_db(transaction=True)
def test_a_message_is_given_up_after_the_last_delay(smtp, settings):
    settings.MAIL_RETRY_DELAYS = [1, 1]
    message_enqueue(mail.EmailMessage("Sujet", "Corps", to=["a@exemple.fr"]))
    for _attempt in range(5):
        run_worker(max_tasks=1)
        time_passes()
    assert DBTaskResult.objects.filter(status="FAILED").count() == 3
    assert not DBTaskResult.objects.filter(status="READY").exists()


CONTEXT = {
    "application": {"project_name": "Épicerie « L'Arbre » & co"},
    "call": {"title": "appel 2026 de la YESS Académie"},
    "url": "http://testserver/yess-academie/mes-candidatures/7/",
}


def test_every_message_is_greeted_signed_and_linked_to_the_site(settings):
    settings.SITE_URL = "https://portail.exemple.fr"
    subject, body = mail_render(template="yess/withdrawn", context=CONTEXT, name="Awa Diallo")
    assert subject == "[Portail ESS Occitanie] Candidature retirée : Épicerie « L'Arbre » & co"
    assert body.startswith("Bonjour Awa Diallo,\n\n")
    assert "« Épicerie « L'Arbre » & co »" in body  # text, not HTML-escaped
    assert body.rstrip().endswith("https://portail.exemple.fr/")
    _subject, anonymous = mail_render(template="yess/withdrawn", context=CONTEXT)
    assert anonymous.startswith("Bonjour,\n")


def test_development_mail_is_one_readable_eml_per_message(tmp_path):
    link = "https://ess.laregion.fr/compte/confirm-email/" + "Mg:1vQxYz:" + "a" * 60 + "/"
    backend = EmlFileBackend(file_path=str(tmp_path))
    messages = [
        mail.EmailMessage("Confirmez votre adresse", f"Bonjour Zoé,\n\n{link}\n", to=[to])
        for to in ("a@exemple.fr", "b@exemple.fr")
    ]
    assert backend.send_messages(messages) == 2
    files = sorted(tmp_path.glob("*.eml"))
    assert len(files) == 2
    raw = files[0].read_bytes()
    assert b"Content-Transfer-Encoding: 8bit" in raw
    assert link.encode() in raw and "Zoé".encode() in raw


@pytest.mark.django_db
def test_a_message_goes_to_the_users_address_and_to_nobody_without_a_user(
    django_capture_on_commit_callbacks,
):
    user = UserFactory(email="awa@exemple.fr", name="Awa Diallo")
    with django_capture_on_commit_callbacks(execute=True):
        mail_send(template="yess/withdrawn", user=user, context=CONTEXT)
        # An anonymised record's former owner: nothing to send, no error.
        mail_send(template="yess/withdrawn", user=None, context=CONTEXT)
    assert [message.to for message in mail.outbox] == [["awa@exemple.fr"]]
    assert mail.outbox[0].body.startswith("Bonjour Awa Diallo,\n")

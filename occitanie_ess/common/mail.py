"""Every email the portal sends: built from French templates, sent by a background task.

`mail_send()` renders `templates/<app>/email/<name>_subject.txt` and `_body.txt`, wraps
the body in the portal's layout (a greeting by the person's name, the signature and the
site's address, templates/email/layout_body.txt), and enqueues the sending once the
current transaction commits: a request never waits for an SMTP server, a rolled-back
change sends nothing, and a committed one always has its message queued.

The task (`deliver`) runs in the worker (`manage.py db_worker`, started by `make run` and
`make serve`). When the SMTP server is down or refuses the message, the task enqueues a
new attempt after a growing delay (MAIL_RETRY_DELAYS) and fails visibly; the message is
given up only after the last delay. Links in messages come from SITE_URL.
"""

import logging
from datetime import timedelta
from smtplib import SMTPException

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.db import transaction
from django.tasks import task
from django.template.loader import render_to_string
from django.utils import timezone

logger = logging.getLogger(__name__)


def site_url(path: str = "") -> str:
    """Return the absolute URL of `path` on the public site (SITE_URL, never guessed)."""
    return settings.SITE_URL.rstrip("/") + path


def person_name(user) -> str:
    """Return how to greet `user` in a message: their name, or "" (greeted plainly)."""
    if user is None:
        return ""
    name = getattr(user, "name", "")
    if not name and hasattr(user, "get_full_name"):
        name = user.get_full_name()
    return (name or "").strip()


def mail_render(*, template: str, context: dict, name: str = "") -> tuple[str, str]:
    """Return the subject and the full body of `template` ("<app>/<name>")."""
    app, _slash, base = template.partition("/")
    context = {"site_url": site_url(), "name": name, **context}
    subject = render_to_string(f"{app}/email/{base}_subject.txt", context)
    subject = settings.EMAIL_SUBJECT_PREFIX + " ".join(subject.split())
    body = render_to_string(f"{app}/email/{base}_body.txt", context).strip("\n")
    body = render_to_string("email/layout_body.txt", {**context, "body": body})
    return subject, body


def mail_send(
    *,
    template: str,
    to: str | list[str] | None = None,
    context: dict | None = None,
    user=None,
    name: str | None = None,
    reply_to: list[str] | None = None,
) -> None:
    """Build the message of `template` for `to` (by default `user`'s address) now, and
    send it once committed.

    The message greets `name`, or else `user` by their name. Nothing is sent to an empty
    address, nor without `to` to no user (an anonymised record's former owner).
    """
    if to is None:
        to = user.email if user is not None else ""
    recipients = [to] if isinstance(to, str) else list(to)
    recipients = [address for address in recipients if address]
    if not recipients:
        return
    subject, body = mail_render(
        template=template, context=context or {}, name=person_name(user) if name is None else name
    )
    message = EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
    if reply_to:
        message.reply_to = list(reply_to)
    message_enqueue(message)


def message_enqueue(message: EmailMessage, *, on_commit: bool = True) -> None:
    """Queue an already built message for the worker (once committed, by default)."""
    data = _serialise(message)
    if on_commit:
        transaction.on_commit(lambda: deliver.enqueue(message=data, attempt=1))
    else:
        deliver.enqueue(message=data, attempt=1)


def _serialise(message: EmailMessage) -> dict:
    return {
        "subject": str(message.subject),
        "body": str(message.body),
        "from_email": message.from_email or settings.DEFAULT_FROM_EMAIL,
        "to": list(message.to),
        "cc": list(message.cc),
        "bcc": list(message.bcc),
        "reply_to": list(message.reply_to),
        "headers": {str(k): str(v) for k, v in (message.extra_headers or {}).items()},
        "alternatives": [
            [str(content), str(mimetype)]
            for content, mimetype in getattr(message, "alternatives", [])
        ],
    }


def _message(data: dict) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        data["subject"],
        data["body"],
        data["from_email"],
        data["to"],
        cc=data["cc"],
        bcc=data["bcc"],
        reply_to=data["reply_to"],
        headers=data["headers"],
    )
    for content, mimetype in data["alternatives"]:
        message.attach_alternative(content, mimetype)
    return message


@task
def deliver(*, message: dict, attempt: int = 1) -> None:
    """Send one message; on an SMTP or network failure, enqueue the next attempt."""
    try:
        _message(message).send()
    except (SMTPException, OSError) as error:
        delays = settings.MAIL_RETRY_DELAYS
        if attempt > len(delays):
            logger.error("Courriel abandonné après %s essais : %s", attempt, message["subject"])
            raise
        retry = deliver
        if deliver.get_backend().supports_defer:
            retry = deliver.using(run_after=timezone.now() + timedelta(seconds=delays[attempt - 1]))
        logger.warning("Envoi du courriel reporté (essai %s) : %s", attempt, error)
        retry.enqueue(message=message, attempt=attempt + 1)
        raise

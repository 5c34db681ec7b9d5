"""Tell staff what awaits them: a YESS application submitted, an exhibitor claim to
confirm, a booking conflict.

`staff_notify()` finds the active staff whose groups (or own rights) hold the permission of
the work, and for each, by the preference on their account: sends an email at once (through
the mail module's task queue, once the transaction commits), or keeps the item for the
daily summary that `staff_digests_send()` mails (`manage.py send_staff_digests`, run daily
by the scheduler), or nothing. Superusers are not notified of everything: only staff whose
groups do the work.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from occitanie_ess.common.mail import mail_send, site_url
from occitanie_ess.common.models import StaffNotification


def staff_recipients(permission: str):
    """Return the active staff holding `permission` ("app_label.codename") through a group
    or their own rights."""
    app_label, codename = permission.split(".", 1)
    perm = Permission.objects.filter(content_type__app_label=app_label, codename=codename)
    User = get_user_model()
    return (
        User.objects.filter(is_active=True, is_staff=True)
        .filter(Q(groups__permissions__in=perm) | Q(user_permissions__in=perm))
        .distinct()
        .order_by("pk")
    )


def staff_notify(*, permission: str, subject: str, line: str, path: str) -> int:
    """Notify the staff holding `permission` that `line` awaits them at `path` (a path of
    the site, made absolute with SITE_URL); return how many people were told or queued."""
    url = site_url(path)
    Notifications = get_user_model().Notifications
    told = 0
    for user in staff_recipients(permission):
        if user.staff_notifications == Notifications.IMMEDIATE:
            mail_send(
                template="common/staff_notification",
                to=user.email,
                user=user,
                context={"subject": subject, "line": line, "url": url},
            )
        elif user.staff_notifications == Notifications.DAILY:
            StaffNotification.objects.create(user=user, subject=subject, line=line, url=url)
        else:
            continue
        told += 1
    return told


@transaction.atomic
def staff_digests_send() -> int:
    """Mail each member of staff the day's summary of what awaits them; return how many
    summaries were queued. Items are marked sent in the same transaction."""
    pending = StaffNotification.objects.select_for_update(skip_locked=True).filter(
        sent_at__isnull=True
    )
    by_user: dict[int, list[StaffNotification]] = {}
    for item in pending.select_related("user"):
        by_user.setdefault(item.user_id, []).append(item)
    now = timezone.now()
    for items in by_user.values():
        user = items[0].user
        if user.is_active:
            mail_send(
                template="common/staff_digest",
                to=user.email,
                user=user,
                context={"items": items, "count": len(items)},
            )
    StaffNotification.objects.filter(
        pk__in=[i.pk for items in by_user.values() for i in items]
    ).update(sent_at=now)
    return len(by_user)

"""In-app notifications and their emails, each sent once."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import connection
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from pathway.models import Notification, User
from pathway.services.outbox import outbox_enqueue

logger = logging.getLogger(__name__)

# pathway.tasks.send_notification_emails, named rather than imported (the tasks module
# imports this one); tests/pathway/test_outbox.py checks the name is registered.
SEND_EMAILS_TASK = "pathway.tasks.send_notification_emails"

# A claim older than this was left by a worker that died; the email may be sent again.
EMAIL_CLAIM_EXPIRY = timedelta(minutes=15)


@dataclass(frozen=True)
class NewNotification:
    user_id: int
    key: str
    kind: str
    message: str
    case_id: int | None = None
    send_email: bool = True


def notifications_create(items: Iterable[NewNotification]) -> list[int]:
    """Create the notifications not already created (by key) and queue their emails.

    Safe to call twice with the same items, or from two workers at once: the unique key
    lets only one row exist per event. Two queries whatever the number of items.
    Returns the ids of the notifications whose email is now queued.
    """
    items = list(items)
    if not items:
        return []
    postgresql = connection.vendor == "postgresql"
    ids = _insert_new_postgresql(items) if postgresql else _insert_new(items)
    if ids:
        # Saved with the notifications; published when (and only if) they commit, or by
        # the relay once the broker is back (pathway.services.outbox).
        outbox_enqueue(SEND_EMAILS_TASK, [ids])
    return ids


def _insert_new(items: list[NewNotification]) -> list[int]:
    Notification.objects.bulk_create(
        [
            Notification(
                user_id=i.user_id,
                key=i.key,
                kind=i.kind,
                message=i.message[:300],
                case_id=i.case_id,
                send_email=i.send_email,
            )
            for i in items
        ],
        ignore_conflicts=True,
    )
    return list(
        Notification.objects.filter(
            key__in=[i.key for i in items],
            send_email=True,
            emailed_at__isnull=True,
            email_claimed_at__isnull=True,
        ).values_list("pk", flat=True)
    )


def _insert_new_postgresql(items: list[NewNotification]) -> list[int]:
    """One statement: rows as arrays, conflicts on the key skipped, new ids returned."""
    table = Notification._meta.db_table
    now = timezone.now()
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (user_id, key, kind, case_id, message, created_at, send_email) "  # noqa: S608
            "SELECT * FROM unnest(%s::bigint[], %s::varchar[], %s::varchar[], %s::bigint[], "
            "%s::varchar[], %s::timestamptz[], %s::boolean[]) "
            "ON CONFLICT (key) DO NOTHING RETURNING id, send_email",
            [
                [i.user_id for i in items],
                [i.key for i in items],
                [i.kind for i in items],
                [i.case_id for i in items],
                [i.message[:300] for i in items],
                [now] * len(items),
                [i.send_email for i in items],
            ],
        )
        return [pk for pk, send_email in cursor.fetchall() if send_email]


def notification_email_send(notification_id: int) -> bool:
    """Claim, send and mark one notification's email. False if someone else has it.

    The email says what needs doing and where, never who the family is.
    """
    now = timezone.now()
    claimed = Notification.objects.filter(
        Q(email_claimed_at__isnull=True) | Q(email_claimed_at__lt=now - EMAIL_CLAIM_EXPIRY),
        pk=notification_id,
        emailed_at__isnull=True,
        send_email=True,
    ).update(email_claimed_at=now)
    if not claimed:
        return False
    notification = Notification.objects.select_related("user").get(pk=notification_id)
    if not notification.user.email:
        Notification.objects.filter(pk=notification_id).update(send_email=False)
        return False
    link = settings.SITE_URL + reverse("notifications")
    try:
        send_mail(
            subject=f"{settings.SERVICE_NAME}: {notification.get_kind_display()}",
            message=f"{notification.message}\n\nSign in to see the details: {link}\n",
            from_email=None,
            recipient_list=[notification.user.email],
        )
    except Exception:
        # Let the claim go so the retry (or the next sweep) can send it.
        Notification.objects.filter(pk=notification_id).update(email_claimed_at=None)
        raise
    Notification.objects.filter(pk=notification_id).update(emailed_at=timezone.now())
    return True


def notifications_requeue_unsent(*, older_than: timedelta = timedelta(minutes=10)) -> int:
    """Queue again the emails whose task never ran.

    The outbox delivers each queue request to the broker; this covers what happens after:
    a worker that died before sending, or a broker that lost its queue (a Redis restarted
    without persistence). The email claim keeps a second delivery from sending twice.
    """
    now = timezone.now()
    cutoff = now - older_than
    unclaimed = Q(email_claimed_at__isnull=True) | Q(email_claimed_at__lt=now - EMAIL_CLAIM_EXPIRY)
    ids = list(
        Notification.objects.filter(
            unclaimed,
            send_email=True,
            emailed_at__isnull=True,
            created_at__lt=cutoff,
        ).values_list("pk", flat=True)[:5000]
    )
    if ids:
        outbox_enqueue(SEND_EMAILS_TASK, [ids])
    return len(ids)


def notifications_mark_read(*, user: User, ids: list[int] | None = None) -> int:
    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=ids)
    return unread.update(read_at=timezone.now())

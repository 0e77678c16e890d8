"""Notifications: one function to send them, and the kinds of message the portal knows.

``notify`` stores one in-app notification per recipient at once (inside the caller's
transaction) and queues the e-mail / SMS / WeChat delivery in a Celery task after commit.
A ``dedupe_key`` makes a repeated call for the same recipient a no-op.
"""

import contextlib
import contextvars
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from . import metrics
from .models import Notification, User
from .usercache import forget_unread

DELIVERY_BATCH = 500


@dataclass(frozen=True)
class Kind:
    """A kind of message: its title (a lazy %-format string over the context), its body
    template and the channels it goes out on besides the portal itself."""

    code: str
    title: Promise | str
    body_template: str
    channels: tuple[str, ...] = field(default=("email",))


KINDS: dict[str, Kind] = {}


def register(kind: Kind) -> Kind:
    KINDS[kind.code] = kind
    return kind


register(
    Kind(
        code="message",
        title="%(subject)s",  # the sender writes the subject, in the recipient's language
        body_template="notifications/message.txt",
    )
)
register(
    Kind(
        code="welcome",
        title=_("Welcome to the park party-service portal"),
        body_template="notifications/welcome.txt",
    )
)


class UnknownKind(LookupError):
    pass


def _render(kind: Kind, recipient: User, context: dict) -> tuple[str, str]:
    with translation.override(recipient.language or None):
        title = str(kind.title) % context
        body = render_to_string(kind.body_template, {**context, "recipient": recipient}).strip()
    return title[:200], body


# While set (``delivered_in_place``), notifications are stored as already sent on: the demo
# data's history makes hundreds, and nobody is there to receive them.
_SEND_ON = contextvars.ContextVar("notifications_send_on", default=True)


@contextlib.contextmanager
def delivered_in_place():
    """Notifications made inside are kept in the portal and marked delivered, not queued
    for e-mail, SMS or WeChat (``seed_demo``)."""
    token = _SEND_ON.set(False)
    try:
        yield
    finally:
        _SEND_ON.reset(token)


def notify(
    *,
    recipients: Iterable[User],
    kind: str,
    context: dict | None = None,
    url: str = "",
    dedupe_key: str | None = None,
) -> list[int]:
    """Notify each recipient once; return the ids of the notifications created by this call.

    The context must be JSON-serialisable: it is stored with the notification.
    """
    if kind not in KINDS:
        raise UnknownKind(kind)
    kind_def = KINDS[kind]
    context = dict(context or {})
    recipients = list({user.pk: user for user in recipients}.values())
    if dedupe_key:
        already = set(
            Notification.objects.filter(
                dedupe_key=dedupe_key, recipient__in=[u.pk for u in recipients]
            ).values_list("recipient_id", flat=True)
        )
        recipients = [u for u in recipients if u.pk not in already]
    if not recipients:
        return []

    rows = []
    for user in recipients:
        title, body = _render(kind_def, user, context)
        rows.append(
            Notification(
                recipient=user,
                kind=kind,
                title=title,
                body=body,
                url=url,
                context=context,
                channels=list(kind_def.channels),
                dedupe_key=dedupe_key,
                delivered_at=None if _SEND_ON.get() else timezone.now(),
            )
        )
    if dedupe_key:
        # A concurrent call may have inserted some of these rows since the check above.
        Notification.objects.bulk_create(rows, ignore_conflicts=True)
        ids = list(
            Notification.objects.filter(
                dedupe_key=dedupe_key,
                recipient__in=[u.pk for u in recipients],
                delivered_at__isnull=True,
            ).values_list("pk", flat=True)
        )
    else:
        ids = [row.pk for row in Notification.objects.bulk_create(rows)]
    forget_unread(user.pk for user in recipients)
    sending = ids if kind_def.channels and _SEND_ON.get() else []
    created = len(rows)

    def after_commit():
        """Counted for the operator's metrics, and queued for sending on, once stored."""
        from .tasks import deliver_notifications

        metrics.count("portal_notifications", created, kind=kind)
        for start in range(0, len(sending), DELIVERY_BATCH):
            deliver_notifications.delay(sending[start : start + DELIVERY_BATCH])

    transaction.on_commit(after_commit)
    return ids


def mark_read(*, user: User, notification_ids: Iterable[int] | None = None) -> int:
    """Mark the user's own notifications read (all unread ones when no ids are given)."""
    qs = Notification.objects.for_user(user).unread()
    if notification_ids is not None:
        qs = qs.filter(pk__in=list(notification_ids))
    forget_unread([user.pk])
    return qs.update(read_at=timezone.now())

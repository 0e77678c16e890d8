"""A person's own data: what the portal holds about them (every app contributes through
``registry.personal_data``), exported as xlsx or JSON, and deletion on request.

Carrying out a deletion request anonymises the account (name, mobile, e-mail, username; it
can no longer sign in), deletes what serves only the person (notifications, sign-in records)
and keeps what the park must keep (requests, bookings, financing records, change records),
now under the anonymised name; the outcome lists both, with the reasons.
"""

import io
import json

import openpyxl
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .errors import StepRefused
from .excel import row_of
from .models import ErasureRequest
from .registry import registry


def sections_of(user) -> list[tuple[str, str, list[dict]]]:
    """(key, title, rows) of everything held about ``user``, in the registry's order."""
    return [
        (source.key, str(source.title), source.rows(user))
        for source in registry.ordered(registry.personal_data)
    ]


def as_json(user) -> bytes:
    data = {
        "exported_at": timezone.now().isoformat(),
        "sections": [
            {"key": key, "title": title, "rows": rows} for key, title, rows in sections_of(user)
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=2, default=str).encode()


def as_xlsx(user) -> bytes:
    book = openpyxl.Workbook(write_only=True)
    for _key, title, rows in sections_of(user):
        sheet = book.create_sheet(title[:31])
        headers = list(rows[0]) if rows else []
        if headers:
            sheet.append(row_of(sheet, headers))
        for row in rows:
            sheet.append(row_of(sheet, [str(row.get(h, "")) for h in headers]))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def ask_for_erasure(*, user, reason: str) -> ErasureRequest:
    if ErasureRequest.objects.filter(user=user, status=ErasureRequest.Status.PENDING).exists():
        raise StepRefused(_("Your deletion request is already waiting for review."))
    return ErasureRequest.objects.create(user=user, reason=reason.strip())


@transaction.atomic
def decide(*, actor, request_id: int, carry_out: bool, note: str = "") -> ErasureRequest:
    """Carry out or refuse a pending request. Refusing needs a reason for the person."""
    if not actor.has_perm("portal.change_erasurerequest"):
        raise StepRefused(_("Only park administrators decide deletion requests."), status=403)
    item = ErasureRequest.objects.select_for_update().get(pk=request_id)
    if item.status != ErasureRequest.Status.PENDING:
        raise StepRefused(_("This deletion request has already been decided."))
    if item.user_id == actor.pk:
        raise StepRefused(_("Another administrator must decide your own deletion request."))
    if not carry_out and not note.strip():
        raise StepRefused(_("Say why the request is refused: the person is told."), status=400)
    lines = [note.strip()] if note.strip() else []
    if carry_out:
        user = get_user_model().objects.select_for_update().get(pk=item.user_id)
        lines += [source.on_erasure(user) for source in registry.ordered(registry.personal_data)]
        item.status = ErasureRequest.Status.DONE
    else:
        item.status = ErasureRequest.Status.REFUSED
    item.outcome = "\n".join(line for line in lines if line)[:5000]
    item.decided_by = actor
    item.decided_at = timezone.now()
    item.save(update_fields=["status", "outcome", "decided_by", "decided_at"])
    return item


# --- What the portal itself holds ------------------------------------------------------------


def local_time(value) -> str:
    """A stored time as the person's page and export show it: local, to the minute."""
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def account_rows(user) -> list[dict]:
    return [{
        _("Username"): user.username, _("Full name"): user.name,
        _("Mobile phone"): user.phone or "", _("E-mail"): user.email,
        _("Language"): user.get_language_display(),
        _("Joined"): local_time(user.date_joined), _("Last sign-in"): local_time(user.last_login),
    }]  # fmt: skip


def notification_rows(user) -> list[dict]:
    return [
        {
            _("Sent at"): local_time(n.created_at),
            _("Title"): n.title,
            _("Read at"): local_time(n.read_at),
        }
        for n in user.notifications.order_by("-created_at")[:500]
    ]


def sign_in_rows(user) -> list[dict]:
    from axes.models import AccessLog

    return [
        {_("Signed in at"): local_time(log.attempt_time),
         _("Signed out at"): local_time(log.logout_time),
         _("From address"): log.ip_address or "", _("Browser"): (log.user_agent or "")[:120]}
        for log in AccessLog.objects.filter(username=f"user:{user.pk}")
        .order_by("-attempt_time")[:200]
    ]  # fmt: skip


def erase_account(user) -> str:
    """Anonymise the account; it can no longer sign in."""
    user.name = _("Former user %(id)s") % {"id": user.pk}
    user.username = f"erased-{user.pk}"
    user.phone = None
    user.email = ""
    user.first_name = user.last_name = ""
    user.is_active = False
    user.set_unusable_password()
    user.save()
    # The record of changes kept the old name, username and e-mail: they go too.
    user.history.update(
        name=user.name, username=user.username, email="", first_name="", last_name=""
    )
    return _("Account: name, mobile number, e-mail and username removed; the account is closed.")


def erase_notifications(user) -> str:
    from axes.models import AccessAttempt, AccessLog

    count = user.notifications.all().delete()[0]
    AccessLog.objects.filter(username=f"user:{user.pk}").delete()
    AccessAttempt.objects.filter(username=f"user:{user.pk}").delete()
    return _("Notifications (%(count)s) and sign-in records deleted.") % {"count": count}

"""What the request loop holds about a person, for their own page (``portal.privacy``)."""

from django.utils.translation import gettext as _

from portal.privacy import local_time

from .models import Request


def rows(user) -> list[dict]:
    submitted = Request.objects.filter(submitter=user).order_by("-submitted_at")[:1000]
    return [
        {_("Number"): r.number, _("Title"): r.title, _("State"): r.get_state_display(),
         _("Submitted"): local_time(r.submitted_at)}
        for r in submitted
    ]  # fmt: skip


def on_erasure(user) -> str:
    count = Request.objects.filter(submitter=user).count()
    return _(
        "Requests: the %(count)s requests you submitted are kept, with their timelines, as the "
        "park's record of services to your enterprise; they now show the anonymised name."
    ) % {"count": count}

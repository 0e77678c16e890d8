"""What the lectures hold about a person (``portal.privacy``): the sessions a trainee of
their mobile was enrolled in and attended, and the certificates."""

from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Enrolment, Trainee


def _trainees(user):
    if not user.phone_index:
        return Trainee.objects.none()
    return Trainee.objects.filter(mobile_index=user.phone_index)


def rows(user) -> list[dict]:
    enrolments = Enrolment.objects.filter(trainee__in=_trainees(user)).select_related(
        "session__course", "trainee__enterprise"
    )[:1000]
    return [
        {_("Session"): str(e.session),
         _("Starts at"): timezone.localtime(e.session.starts_at).strftime("%Y-%m-%d %H:%M"),
         _("Name"): e.trainee.name, _("Mobile phone"): e.trainee.mobile,
         _("Enterprise"): e.trainee.enterprise.name, _("State"): e.get_state_display(),
         _("Checked in at"): (timezone.localtime(e.attended_at).strftime("%Y-%m-%d %H:%M")
                              if e.attended_at else "")}
        for e in enrolments
    ]  # fmt: skip


def on_erasure(user) -> str:
    """The trainee's name and mobile are removed; the attendance stays, nameless, in the
    lectures' figures (sessions held and person-times are the park's record)."""
    count = 0
    for trainee in _trainees(user):
        trainee.name = _("(deleted)")
        trainee.mobile = ""
        Trainee.objects.filter(pk=trainee.pk).update(
            name=trainee.name, mobile="", mobile_index=f"erased:{trainee.pk}"
        )
        count += 1
    return _(
        "Lectures: the name and mobile of %(count)s trainee records are removed; the "
        "attendance stays, without a name, in the lectures' figures."
    ) % {"count": count}

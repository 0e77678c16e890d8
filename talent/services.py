"""Every write of the talent app: talents and positions, joint technical problems posted,
and the lectures' enrolment (seats, then the waiting list), attendance (the session's QR
code or staff marking, once per person) and certificates."""

import datetime

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.errors import StepRefused
from portal.models import User
from portal.notifications import notify
from portal.personal_data import mobile_index, normalize_mobile
from portal.roles import Role

from .choices import CheckIn, DemandState, EnrolmentState
from .models import Certificate, Enrolment, Problem, ProblemNote, Session, TalentDemand, Trainee
from .permissions import acts_for, runs_lectures

# A session's QR code checks people in from this long before it starts until it ends.
CHECK_IN_OPENS = datetime.timedelta(hours=1)


def _officers():
    return User.objects.filter(is_active=True, groups__name=Role.TALENT_OFFICER)


# --- positions and problems ------------------------------------------------------------------


def post_demand(*, actor, enterprise, **fields) -> TalentDemand:
    if not acts_for(actor, enterprise.pk):
        raise StepRefused(_("Only a user of the enterprise can post its positions."), status=403)
    return TalentDemand.objects.create(enterprise=enterprise, posted_by=actor, **fields)


@transaction.atomic
def close_demand(*, actor, demand_id: int, state: str) -> TalentDemand:
    demand = TalentDemand.objects.select_for_update().get(pk=demand_id)
    if not acts_for(actor, demand.enterprise_id):
        raise StepRefused(_("Only a user of the enterprise can close its positions."), status=404)
    if demand.state != DemandState.OPEN:
        raise StepRefused(_("This position is closed already."))
    demand.state = state
    demand.save(update_fields=["state", "updated_at"])
    return demand


@transaction.atomic
def post_problem(*, actor, enterprise, title: str, field: str, description: str) -> Problem:
    """An enterprise posts a technical problem it cannot solve alone; the talent officers
    are told."""
    if not acts_for(actor, enterprise.pk):
        raise StepRefused(_("Only a user of the enterprise can post its problems."), status=403)
    problem = Problem.objects.create(
        enterprise=enterprise, posted_by=actor, title=title, field=field, description=description
    )
    ProblemNote.objects.create(problem=problem, author=actor, state=problem.state,
                               text=_("Posted by the enterprise."))  # fmt: skip
    notify(
        recipients=_officers(), kind="problem_posted",
        context={"enterprise": enterprise.name, "title": title},
        url=reverse("talent:problem_detail", args=[problem.pk]),
    )  # fmt: skip
    return problem


# --- enrolment ---------------------------------------------------------------------------------


def _lock_session(session_id: int) -> Session:
    return Session.objects.select_for_update().select_related("course").get(pk=session_id)


def _open_for_enrolment(session: Session) -> None:
    if session.is_cancelled:
        raise StepRefused(_("This session is cancelled."))
    if session.has_started:
        raise StepRefused(_("This session has started: enrolment is closed."))


def _trainee(enterprise, name: str, mobile: str) -> Trainee:
    number = normalize_mobile(mobile)
    trainee = Trainee.objects.filter(
        enterprise=enterprise, mobile_index=mobile_index(number)
    ).first()
    if trainee is None:
        return Trainee.objects.create(enterprise=enterprise, name=name, mobile=number)
    if trainee.name != name:
        trainee.name = name
        trainee.save(update_fields=["name"])
    return trainee


@transaction.atomic
def enrol(*, actor, session_id: int, enterprise, people: list[dict]) -> list[Enrolment]:
    """An enterprise user enrols its people (name and mobile each) in a session: each takes
    a seat while seats last, then a place on the waiting list, in the order given. Someone
    enrolled already is refused by name; nothing is enrolled then."""
    if not acts_for(actor, enterprise.pk):
        raise StepRefused(_("Only a user of the enterprise can enrol its people."), status=403)
    session = _lock_session(session_id)
    _open_for_enrolment(session)
    taken = session.enrolments.filter(state=EnrolmentState.ENROLLED).count()
    done = []
    for person in people:
        trainee = _trainee(enterprise, person["name"], person["mobile"])
        enrolment = Enrolment.objects.filter(session=session, trainee=trainee).first()
        if enrolment is not None and enrolment.state != EnrolmentState.CANCELLED:
            raise StepRefused(
                _("%(name)s is enrolled in this session already.") % {"name": trainee.name}
            )
        state = EnrolmentState.ENROLLED if taken < session.capacity else EnrolmentState.WAITING
        taken += state == EnrolmentState.ENROLLED
        if enrolment is None:
            enrolment = Enrolment.objects.create(
                session=session, trainee=trainee, state=state, enrolled_by=actor
            )
        else:  # enrolled again after cancelling: at the end of the queue
            enrolment.state, enrolment.enrolled_by = state, actor
            enrolment.created_at = timezone.now()
            enrolment.save(update_fields=["state", "enrolled_by", "created_at"])
        done.append(enrolment)
    return done


def may_cancel(user, enrolment) -> bool:
    return runs_lectures(user) or acts_for(user, enrolment.trainee.enterprise_id)


@transaction.atomic
def cancel_enrolment(*, actor, enrolment_id: int) -> Enrolment:
    """The enterprise (or staff) cancels a place before the session starts; a freed seat
    goes to the first on the waiting list, whose enterprise is told."""
    enrolment = Enrolment.objects.select_related("trainee").get(pk=enrolment_id)
    if not may_cancel(actor, enrolment):
        raise StepRefused(_("This enrolment is not yours to cancel."), status=404)
    session = _lock_session(enrolment.session_id)
    enrolment = Enrolment.objects.select_for_update().select_related("trainee").get(pk=enrolment_id)
    if session.has_started:
        raise StepRefused(_("This session has started: places can no longer be cancelled."))
    if enrolment.state == EnrolmentState.CANCELLED:
        raise StepRefused(_("This place is cancelled already."))
    freed = enrolment.state == EnrolmentState.ENROLLED
    enrolment.state = EnrolmentState.CANCELLED
    enrolment.save(update_fields=["state"])
    if freed:
        _promote(session)
    return enrolment


def _promote(session: Session) -> None:
    """Seats free → the first people waiting take them, and their enterprise is told."""
    free = session.capacity - session.enrolments.filter(state=EnrolmentState.ENROLLED).count()
    if free <= 0:
        return
    waiting = list(
        session.enrolments.filter(state=EnrolmentState.WAITING)
        .select_related("trainee", "enrolled_by").order_by("created_at", "id")[:free]
    )  # fmt: skip
    for enrolment in waiting:
        enrolment.state = EnrolmentState.ENROLLED
        enrolment.save(update_fields=["state"])
        if enrolment.enrolled_by is not None:
            notify(
                recipients=[enrolment.enrolled_by], kind="enrolment_promoted",
                context={"name": enrolment.trainee.name, "session": str(session),
                         "starts_at": f"{timezone.localtime(session.starts_at):%Y-%m-%d %H:%M}"},
                url=reverse("talent:session_detail", args=[session.pk]),
                dedupe_key=f"enrolment-promoted:{enrolment.pk}",
            )  # fmt: skip


# --- attendance and certificates ---------------------------------------------------------------


@transaction.atomic
def check_in(*, actor, code: str) -> Enrolment:
    """A signed-in trainee scans the session's code at the door: their enrolment (found by
    the mobile they sign in with) is marked attended, once."""
    session = Session.objects.select_related("course").filter(check_in_code=code).first()
    if session is None or session.is_cancelled:
        raise StepRefused(_("This check-in code belongs to no session."), status=404)
    now = timezone.now()
    if now < session.starts_at - CHECK_IN_OPENS:
        raise StepRefused(_("Check-in opens an hour before the session starts."))
    if now > session.ends_at:
        raise StepRefused(_("This session is over: check-in is closed."))
    phone_index = getattr(actor, "phone_index", None)
    enrolment = (
        Enrolment.objects.select_for_update().select_related("trainee")
        .filter(session=session, trainee__mobile_index=phone_index, state=EnrolmentState.ENROLLED)
        .first() if phone_index else None
    )  # fmt: skip
    if enrolment is None:
        raise StepRefused(
            _("No one with your account's mobile number holds a seat in this session."),
            status=404,
        )
    if enrolment.attended_at is not None:
        raise StepRefused(
            _("You were checked in already at %(time)s.")
            % {"time": timezone.localtime(enrolment.attended_at).strftime("%H:%M")},
            code="already_checked_in",
        )
    _attend(enrolment, how=CheckIn.QR, by=actor, at=now)
    return enrolment


@transaction.atomic
def mark_attendance(*, actor, session_id: int, enrolment_ids: list[int]) -> int:
    """Staff tick who came; people checked in already stay as they were (once per person
    and session). The number newly marked."""
    if not runs_lectures(actor):
        raise StepRefused(_("Only park staff can mark attendance."), status=403)
    session = _lock_session(session_id)
    if session.is_cancelled:
        raise StepRefused(_("This session is cancelled."))
    now = timezone.now()
    if now < session.starts_at - CHECK_IN_OPENS:
        raise StepRefused(_("Attendance can be marked from an hour before the session starts."))
    marked = 0
    for enrolment in (
        session.enrolments.select_for_update().select_related("trainee")
        .filter(pk__in=enrolment_ids, state=EnrolmentState.ENROLLED, attended_at__isnull=True)
    ):  # fmt: skip
        _attend(enrolment, how=CheckIn.STAFF, by=actor, at=min(now, session.ends_at))
        marked += 1
    return marked


def _attend(enrolment: Enrolment, *, how: str, by, at) -> None:
    enrolment.attended_at, enrolment.check_in, enrolment.marked_by = at, how, by
    enrolment.save(update_fields=["attended_at", "check_in", "marked_by"])
    award_certificate(course=enrolment.session.course, trainee=enrolment.trainee,
                      on=timezone.localdate(at))  # fmt: skip


def award_certificate(*, course, trainee, on: datetime.date) -> Certificate | None:
    """The trainee's certificate of the course once they attended enough of its sessions
    (issued once; its number is the course's and the trainee's)."""
    attended = Enrolment.objects.filter(
        trainee=trainee, session__course=course, attended_at__isnull=False
    ).count()
    if attended < course.sessions_to_complete:
        return None
    number = f"HM{on:%Y}{course.pk:04d}{trainee.pk:07d}"
    try:
        with transaction.atomic():
            certificate, _created = Certificate.objects.get_or_create(
                course=course, trainee=trainee, defaults={"number": number, "issued_on": on}
            )
    except IntegrityError:  # issued by a concurrent check-in
        certificate = Certificate.objects.get(course=course, trainee=trainee)
    return certificate


# --- reminders ---------------------------------------------------------------------------------

REMIND_AHEAD = datetime.timedelta(hours=24)


def remind_sessions(*, now=None) -> int:
    """The day before a session (any hourly run within the 24 hours before it starts): each
    enterprise user who enrolled people is reminded of them, and each trainee with an
    account of their mobile is reminded too; once per person and session, however often
    it runs. The number of notifications sent."""
    now = now or timezone.now()
    sent = 0
    sessions = Session.objects.filter(
        is_cancelled=False, starts_at__gt=now, starts_at__lte=now + REMIND_AHEAD
    )
    for session in sessions.select_related("course"):
        seated = list(
            session.enrolments.filter(state=EnrolmentState.ENROLLED)
            .select_related("trainee", "enrolled_by").order_by("created_at", "id")
        )  # fmt: skip
        if not seated:
            continue
        context = {
            "session": session.title, "course": session.course.title, "place": session.place,
            "starts_at": f"{timezone.localtime(session.starts_at):%Y-%m-%d %H:%M}",
        }  # fmt: skip
        url = reverse("talent:session_detail", args=[session.pk])
        key = f"session-reminder:{session.pk}"
        by_user = {}
        for enrolment in seated:
            if enrolment.enrolled_by is not None and enrolment.enrolled_by.is_active:
                by_user.setdefault(enrolment.enrolled_by, []).append(enrolment.trainee.name)
        for user, names in by_user.items():
            sent += len(notify(recipients=[user], kind="session_reminder_enterprise",
                               context={**context, "names": "、".join(names)}, url=url,
                               dedupe_key=key))  # fmt: skip
        trainees = User.objects.filter(
            is_active=True, phone_index__in=[e.trainee.mobile_index for e in seated]
        ).exclude(pk__in=[u.pk for u in by_user])
        sent += len(notify(recipients=trainees, kind="session_reminder", context=context,
                           url=url, dedupe_key=key))  # fmt: skip
    return sent

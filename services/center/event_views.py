"""The center's events: the public list and page, registering and cancelling it, and the
staff's pages to schedule an event, tick who came and cancel one."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from portal.errors import StepRefused

from . import selectors, services
from .forms import AttendanceForm, EventForm
from .permissions import runs_events


@require_safe
def events(request):
    return render(request, "center/events.html", {
        "upcoming": selectors.upcoming_events()[:50], "past": selectors.past_events()[:30],
        "figures": selectors.event_figures(), "staff": runs_events(request.user),
    })  # fmt: skip


@require_safe
def event(request, pk):
    event = get_object_or_404(selectors.events(), pk=pk)
    return render(request, "center/event.html", {
        "event": event, "registration": selectors.registration_of(request.user, event),
        "now": timezone.now(), "staff": runs_events(request.user),
    })  # fmt: skip


@login_required
@require_POST
def register(request, pk):
    try:
        services.register(actor=request.user, event_id=pk)
    except services.Event.DoesNotExist:
        raise Http404 from None
    except StepRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("You are registered; we remind you the day before."))
    return redirect("center:event", pk=pk)


@login_required
@require_POST
def unregister(request, pk):
    try:
        services.unregister(actor=request.user, event_id=pk)
    except StepRefused as refused:
        if refused.status == 404:
            raise Http404 from None
        messages.error(request, refused.message)
    else:
        messages.success(request, _("Your registration is cancelled; the place is free again."))
    return redirect("center:event", pk=pk)


@login_required
def new_event(request):
    if not runs_events(request.user):
        raise Http404
    form = EventForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            starts_at, ends_at = form.times()
            data = form.cleaned_data
            try:
                event = services.schedule_event(
                    actor=request.user, venue_id=data["venue"].pk, title=data["title"],
                    kind=data["kind"], starts_at=starts_at, ends_at=ends_at,
                    capacity=data["capacity"], organiser=data["organiser"],
                    description=data["description"],
                )  # fmt: skip
            except StepRefused as refused:
                form.add_error(None, refused.message)
                status = 409 if refused.code == "clash" else refused.status
            else:
                messages.success(request, _("The event is scheduled and its venue booked."))
                return redirect("center:event", pk=event.pk)
        else:
            status = 400
    return render(request, "center/event_form.html", {"form": form}, status=status)


@login_required
def attendance(request, pk):
    if not runs_events(request.user):
        raise Http404
    event = get_object_or_404(selectors.events(), pk=pk)
    roster = list(selectors.roster(event))
    form = AttendanceForm(request.POST or None, roster=roster)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                came = services.mark_event_attendance(
                    actor=request.user, event_id=event.pk, present=set(form.cleaned_data["present"])
                )
            except StepRefused as refused:
                messages.error(request, refused.message)
            else:
                messages.success(request, _("Attendance saved: %(n)s came.") % {"n": came})
            return redirect("center:event_attendance", pk=pk)
        status = 400
    return render(request, "center/event_roster.html", {
        "event": event, "roster": roster, "form": form, "begun": event.starts_at <= timezone.now(),
    }, status=status)  # fmt: skip


@login_required
@require_POST
def cancel_event(request, pk):
    if not runs_events(request.user):
        raise Http404
    try:
        services.cancel_event(actor=request.user, event_id=pk)
    except services.Event.DoesNotExist:
        raise Http404 from None
    except StepRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("The event is cancelled; everyone registered is told."))
    return redirect("center:event", pk=pk)

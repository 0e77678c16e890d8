"""The low-cost accommodation: rooms and free beds (public), an enterprise's applications,
and the staff's page to allocate beds, refuse and record check-outs."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from portal.errors import StepRefused

from . import selectors, services
from .choices import StayState
from .forms import AllocateForm, CheckOutForm, RefuseForm, StayForm
from .models import StayApplication
from .permissions import acts_for_enterprise, allocates_rooms


def accommodation(request):
    today = timezone.localdate()
    form = StayForm(request.POST or None) if acts_for_enterprise(request.user) else None
    status = 200
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.apply_for_stay(
                    actor=request.user, occupant=data["occupant"],
                    occupant_kind=data["occupant_kind"], starts=data["starts"],
                    ends=data["ends"], note=data["note"],
                )  # fmt: skip
            except StepRefused as refused:
                form.add_error(None, refused.message)
                status = refused.status
            else:
                messages.success(request, _("Applied; park staff allocate a bed and tell you."))
                return redirect("center:accommodation")
        else:
            status = 400
    return render(request, "center/accommodation.html", {
        "rooms": selectors.rooms_with_beds(today), "form": form,
        "occupancy": selectors.accommodation_occupancy(today),
        "applications": selectors.applications_of(request.user)[:100],
        "staff": allocates_rooms(request.user),
    }, status=status)  # fmt: skip


@login_required
@require_POST
def withdraw(request, pk):
    try:
        services.withdraw_stay(actor=request.user, application_id=pk)
    except StayApplication.DoesNotExist:
        raise Http404 from None
    except StepRefused as refused:
        if refused.status == 404:
            raise Http404 from None
        messages.error(request, refused.message)
    else:
        messages.success(request, _("The application is withdrawn."))
    return redirect("center:accommodation")


@login_required
@require_safe
def staff_accommodation(request):
    if not allocates_rooms(request.user):
        raise Http404
    today = timezone.localdate()
    waiting = selectors.applications_for_staff(request.user).filter(state=StayState.APPLIED)
    waiting = [
        (a, AllocateForm(initial={"starts": a.wanted.lower, "ends": a.wanted.upper},
                         prefix=f"a{a.pk}"))
        for a in waiting.order_by("created_at")[:100]
    ]  # fmt: skip
    return render(request, "center/staff_accommodation.html", {
        "waiting": waiting, "current": selectors.current_stays(today)[:300],
        "coming": selectors.stays_waiting(today)[:100],
        "rooms": selectors.rooms_with_beds(today),
        "occupancy": selectors.accommodation_occupancy(today), "today": today,
    })  # fmt: skip


def _staff_step(request, form, action, *, invalid: str, done: str):
    """One decision of the staff on an application: the form read, the service called with
    its data, the outcome said; anyone else gets a 404."""
    if not allocates_rooms(request.user):
        raise Http404
    if not form.is_valid():
        messages.error(request, invalid)
    else:
        try:
            action(form.cleaned_data)
        except StayApplication.DoesNotExist:
            raise Http404 from None
        except StepRefused as refused:
            messages.error(request, refused.message)
        else:
            messages.success(request, done)
    return redirect("center:staff_accommodation")


@login_required
@require_POST
def allocate(request, pk):
    return _staff_step(
        request, AllocateForm(request.POST, prefix=f"a{pk}"),
        lambda data: services.allocate_stay(
            actor=request.user, application_id=pk, room_id=data["room"].pk,
            starts=data["starts"], ends=data["ends"],
        ),
        invalid=_("Choose a room and the check-in and check-out dates."),
        done=_("The bed is allocated; the enterprise is told."),
    )  # fmt: skip


@login_required
@require_POST
def refuse(request, pk):
    return _staff_step(
        request, RefuseForm(request.POST),
        lambda data: services.refuse_stay(actor=request.user, application_id=pk,
                                          reason=data["reason"]),
        invalid=_("Say why the application is refused."),
        done=_("The application is refused; the enterprise is told."),
    )  # fmt: skip


@login_required
@require_POST
def check_out(request, pk):
    return _staff_step(
        request, CheckOutForm(request.POST),
        lambda data: services.check_out(actor=request.user, application_id=pk, day=data["day"]),
        invalid=_("Give the check-out date."),
        done=_("The check-out is recorded; the bed is free from that day."),
    )  # fmt: skip

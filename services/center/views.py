"""The center's pages: its floors and venues (public), a venue's week with its booking
form, one's own bookings, and the staff's bookings to decide."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from portal.errors import StepRefused

from . import selectors, services
from .choices import BookingState
from .forms import BookingForm, RefuseForm, WeekForm
from .models import Booking, Venue
from .permissions import decides_bookings, may_book, owns_booking


@require_safe
def center(request):
    return render(request, "center/center.html", {"floors": selectors.floors_with_venues()})


@require_safe
def circle(request):
    """The five-minute service circle, drawn and listed."""
    return render(request, "center/circle.html", {"circle": selectors.service_circle()})


def _monday(request) -> tuple[datetime.date, bool]:
    form = WeekForm(request.GET or None)
    today = timezone.localdate()
    day = form.cleaned_data["week"] if form.is_valid() and form.cleaned_data["week"] else today
    return day - datetime.timedelta(days=day.weekday()), form.is_bound and not form.is_valid()


def venue(request, pk):
    venue = get_object_or_404(Venue.objects.select_related("floor"), pk=pk)
    monday, bad_week = _monday(request)
    form = BookingForm(request.POST or None) if may_book(request.user) else None
    status = 400 if bad_week else 200
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            starts_at, ends_at = form.times()
            try:
                booking = services.book_venue(
                    actor=request.user, venue_id=venue.pk, starts_at=starts_at, ends_at=ends_at,
                    purpose=form.cleaned_data["purpose"], attendees=form.cleaned_data["attendees"],
                )  # fmt: skip
            except StepRefused as refused:
                form.add_error(None, refused.message)
                status = 409 if refused.code == "clash" else refused.status
            else:
                if booking.state == BookingState.PENDING:
                    messages.success(request, _("Booked; it waits for park staff to approve it."))
                else:
                    when = services.when_of(booking)
                    messages.success(request, _("Booked: %(venue)s, %(when)s.")
                                     % {"venue": venue.name, "when": when})  # fmt: skip
                day = timezone.localtime(booking.starts_at).date()
                return redirect(f"{request.path}?week={day.isoformat()}")
        else:
            status = 400
    return render(request, "center/venue.html", {
        "venue": venue, "days": selectors.week_of(venue, monday), "form": form,
        "monday": monday, "previous": monday - datetime.timedelta(days=7),
        "next": monday + datetime.timedelta(days=7), "staff": decides_bookings(request.user),
        "user_id": request.user.pk if request.user.is_authenticated else None,
    }, status=status)  # fmt: skip


@login_required
@require_safe
def my_bookings(request):
    bookings = selectors.bookings_of(request.user).order_by("-during")[:200]
    return render(request, "center/my_bookings.html", {"bookings": bookings,
                                                      "now": timezone.now()})  # fmt: skip


@login_required
@require_POST
def cancel(request, pk):
    booking = get_object_or_404(Booking, pk=pk)
    if not (owns_booking(request.user, booking) or decides_bookings(request.user)):
        raise Http404
    try:
        services.cancel_booking(actor=request.user, booking_id=booking.pk)
    except StepRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("The booking is cancelled: the time is free again."))
    return redirect("center:my_bookings" if owns_booking(request.user, booking)
                    else "center:staff_bookings")  # fmt: skip


@login_required
@require_safe
def staff_bookings(request):
    if not decides_bookings(request.user):
        raise Http404
    pending = selectors.bookings_for_staff(request.user).filter(state=BookingState.PENDING)
    coming = selectors.bookings_for_staff(request.user).filter(
        state=BookingState.CONFIRMED, during__startswith__gte=timezone.now()
    )
    return render(request, "center/staff_bookings.html", {
        "pending": pending.order_by("during")[:200], "coming": coming.order_by("during")[:100],
        "refuse_form": RefuseForm(),
        "occupancy": selectors.occupancy(start=timezone.localdate()),
    })  # fmt: skip


@login_required
@require_POST
def decide(request, pk, decision):
    if not decides_bookings(request.user) or decision not in ("approve", "refuse"):
        raise Http404
    reason = ""
    if decision == "refuse":
        form = RefuseForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Say why the booking is refused."))
            return redirect("center:staff_bookings")
        reason = form.cleaned_data["reason"]
    try:
        services.decide_booking(actor=request.user, booking_id=pk,
                                approve=decision == "approve", reason=reason)  # fmt: skip
    except Booking.DoesNotExist:
        raise Http404 from None
    except StepRefused as refused:
        messages.error(request, refused.message)
    else:
        done = (_("The booking is approved.") if decision == "approve"
                else _("The booking is refused; the person who booked is told."))  # fmt: skip
        messages.success(request, done)
    return redirect("center:staff_bookings")

"""Screens of the reception day: the enterprise's bookings and the host's day sheet."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.errors import StepRefused
from services.loop.models import Category, HandlingUnit
from services.loop.permissions import is_dispatcher, is_supervisor

from .choices import BookingStatus
from .forms import BookForm, CancelForm, SheetForm, first_error
from .models import ReceptionBooking, ReceptionDay
from .services import ACTIVE, book, cancel_booking, confirm_booking, raise_request


@login_required
def reception_booking(request):
    """The enterprise's page for reception days: book a slot, see and cancel its bookings."""
    if not request.user.has_perm("portal.act_for_enterprise"):
        raise Http404
    status = 200
    if request.method == "POST":
        form = CancelForm(request.POST) if "cancel" in request.POST else BookForm(request.POST)
        try:
            if not form.is_valid():
                raise StepRefused(first_error(form), code="invalid", status=400)
            if isinstance(form, CancelForm):
                cancel_booking(actor=request.user, booking_id=form.cleaned_data["cancel"].pk)
                messages.success(request, _("The booking was cancelled."))
            else:
                data = form.cleaned_data
                booking = book(
                    actor=request.user, day_id=data["day"].pk, topic=data["topic"],
                    attendees=data["attendees"],
                )  # fmt: skip
                if booking.status == BookingStatus.WAITING:
                    messages.info(request, _("The day is full: you are on the waiting list."))
                else:
                    messages.success(request, _("Your slot is booked."))
            return redirect("reception:reception_booking")
        except StepRefused as exc:
            messages.error(request, exc.message)
            status = exc.status  # what was typed comes back with the reason
    days = list(
        ReceptionDay.objects.filter(date__gte=timezone.localdate())
        .select_related("host")
        .annotate(taken=Count("bookings", filter=Q(bookings__status__in=ACTIVE)))
    )
    mine = list(
        ReceptionBooking.objects.filter(enterprise__memberships__user=request.user)
        .select_related("day")
        .order_by("-day__date")
    )
    # A day the enterprise has a place on shows that place, not the booking form again.
    booked = {b.day_id: b for b in mine if b.status != BookingStatus.CANCELLED}
    for day in days:
        day.free = max(day.slots - day.taken, 0)
        day.mine = booked.get(day.pk)
    return render(
        request,
        "reception/reception_booking.html",
        {"days": days, "mine": mine, "form_data": request.POST},
        status=status,
    )


def _reception_staff(user) -> bool:
    return is_dispatcher(user) or is_supervisor(user)


@login_required
def reception_days(request):
    """Reception days for staff: upcoming ones, and past ones with the requests they produced."""
    if not _reception_staff(request.user):
        raise Http404
    days = (
        ReceptionDay.objects.select_related("host")
        .annotate(
            booked=Count("bookings", filter=Q(bookings__status__in=ACTIVE), distinct=True),
            raised=Count("bookings__requests", distinct=True),
            resolved=Count(
                "bookings__requests",
                filter=Q(bookings__requests__resolved_at__isnull=False),
                distinct=True,
            ),
        )
        .order_by("-date")
    )
    return render(request, "reception/reception_days.html", {"days": days})


@login_required
def reception_sheet(request, pk):
    """The day's sheet for the host and staff (prints cleanly): every booking, and a form to
    turn each problem raised into a supervised request assigned to a unit."""
    if not _reception_staff(request.user):
        raise Http404
    day = ReceptionDay.objects.select_related("host").filter(pk=pk).first()
    if day is None:
        raise Http404
    if request.method == "POST":
        form = SheetForm(request.POST)
        try:
            if not form.is_valid():
                raise StepRefused(first_error(form), code="invalid", status=400)
            data = form.cleaned_data
            if data["confirm"]:
                confirm_booking(actor=request.user, booking_id=data["booking"].pk)
                messages.success(request, _("The booking is confirmed."))
            else:
                created = raise_request(
                    actor=request.user, booking_id=data["booking"].pk,
                    category_id=data["category"].pk, title=data["title"],
                    description=data["description"], lead_unit=data["lead_unit"],
                )  # fmt: skip
                messages.success(
                    request,
                    _("Request %(number)s was assigned and is supervised.")
                    % {"number": created.number},
                )
            return redirect("reception:reception_sheet", pk=pk)
        except StepRefused as exc:
            messages.error(request, exc.message)
    bookings = (
        day.bookings.exclude(status=BookingStatus.CANCELLED)
        .select_related("enterprise")
        .prefetch_related("requests__lead_unit")
        .order_by("status", "created_at")
    )
    return render(
        request,
        "reception/reception_sheet.html",
        {
            "day": day,
            "bookings": bookings,
            "categories": Category.objects.filter(is_active=True),
            "units": HandlingUnit.objects.filter(is_active=True),
            "can_confirm": is_dispatcher(request.user),
        },
    )

"""Screens of the request closed loop: the enterprise's side and the staff queues."""

import contextlib
import datetime
import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alliances.models import Chain
from portal.errors import StepRefused
from portal.pagination import keyset_page

from . import figures, services
from .choices import Channel, Light, State
from .forms import (
    DispatchForm,
    ExtensionForm,
    NoteForm,
    RateForm,
    ReasonForm,
    ReopenForm,
    ResolveForm,
    ReviewForm,
    SubmitRequestForm,
    SuperviseForm,
)
from .models import Attachment, Category, HandlingUnit, Request
from .permissions import available_steps, is_dispatcher, is_supervisor, unit_ids_of
from .selectors import (
    QUEUES,
    list_rows,
    queue_counts,
    request_for_detail,
    requests_visible_to,
    sees_internal,
)

PAGE_SIZE = 30


@login_required
def request_new(request):
    if not request.user.has_perm("portal.act_for_enterprise"):
        raise Http404
    form = SubmitRequestForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            created = services.submit_request(
                actor=request.user,
                category_id=data["category"].pk,
                title=data["title"],
                description=data["description"],
                is_green=data["is_green"],
                files=data["files"],
                idempotency_key=data["token"],
            )
        except StepRefused as refused:
            form.add_error(None, refused.message)
        else:
            messages.success(
                request,
                _("Your request %(number)s was received. You will be told at every step.")
                % {"number": created.number},
            )
            return redirect("request_detail", pk=created.pk)
    categories = Category.objects.filter(is_active=True)
    return render(request, "services/request_new.html", {"form": form, "categories": categories})


@login_required
def my_requests(request):
    if not request.user.has_perm("portal.act_for_enterprise"):
        raise Http404
    rows = list_rows(requests_visible_to(request.user)).order_by("-submitted_at", "-id")
    state = request.GET.get("state")
    if state in State.values:
        rows = rows.filter(state=state)
    page, next_token = keyset_page(
        rows, order="-submitted_at", after=request.GET.get("after"), size=PAGE_SIZE
    )
    return render(
        request,
        "services/my_requests.html",
        {"page": page, "next_token": next_token, "states": State.choices, "state": state},
    )


@login_required
def request_detail(request, pk):
    try:
        item = request_for_detail(request.user, pk)
    except Request.DoesNotExist:
        raise Http404 from None
    return _render_detail(request, item)


STEP_FORMS = {
    "dispatch": DispatchForm,
    "reject": ReasonForm,
    "apply_return": ReasonForm,
    "progress": NoteForm,
    "apply_extension": ExtensionForm,
    "resolve": ResolveForm,
    "rate": RateForm,
    "reopen": ReopenForm,
    "supervise": SuperviseForm,
}


def _render_detail(request, item, *, bound_step=None, bound_form=None, status=200):
    """The request's page; after a refused step, that step's form comes back as it was typed,
    with the reason it was refused."""
    forms = {step: form_class() for step, form_class in STEP_FORMS.items()}
    forms["dispatch"] = DispatchForm(
        initial={"lead_unit": item.lead_unit_id or item.category.default_unit_id}
    )
    if bound_step in forms:
        forms[bound_step] = bound_form
    attachments = [
        a for a in item.attachments.all() if sees_internal(request.user) or not a.is_internal
    ]
    return render(
        request,
        "services/request_detail.html",
        {
            "item": item,
            "steps": available_steps(request.user, item),
            "forms": forms,
            "attachments": attachments,
            "internal": sees_internal(request.user),
            "rating_ends": services.rating_window_ends(item),
            "proposed": services.proposed_deadline(item.category, is_green=item.is_green),
        },
        status=status,
    )


def _run_step(request, item, step):
    """Parse the step's form and call its service function; returns a message or raises."""
    post, files, user = request.POST, request.FILES, request.user

    def valid(form):
        if not form.is_valid():
            raise StepRefused(
                "; ".join(
                    f"{form.fields[f].label if f in form.fields else ''} {e}"
                    for f, errs in form.errors.items()
                    for e in errs
                ),
                code="invalid",
                status=400,
            )
        return form.cleaned_data

    if step == "withdraw":
        services.withdraw_request(actor=user, request_id=item.pk)
        return _("The request was withdrawn.")
    if step == "dispatch":
        data = valid(DispatchForm(post))
        services.dispatch_request(
            actor=user, request_id=item.pk, lead_unit_id=data["lead_unit"].pk,
            co_unit_ids=[u.pk for u in data["co_units"]], deadline=data["deadline"],
            note=data["note"],
        )  # fmt: skip
        return _("Dispatched.")
    if step == "reject":
        services.reject_request(
            actor=user, request_id=item.pk, reason=valid(ReasonForm(post))["reason"]
        )
        return _("The request is not accepted; the enterprise sees the reason.")
    if step == "sign_for":
        services.sign_for(actor=user, request_id=item.pk)
        return _("Signed for: the request is now in progress.")
    if step == "apply_return":
        services.apply_return(
            actor=user, request_id=item.pk, reason=valid(ReasonForm(post))["reason"]
        )
        return _("The return application was sent to the dispatchers.")
    if step in ("review_return", "review_extension") and (
        (item.pending_return if step == "review_return" else item.pending_extension) is None
    ):
        raise StepRefused(_("This has already been decided."))
    if step == "review_return":
        data = valid(ReviewForm(post))
        services.review_return(
            actor=user, application_id=item.pending_return.pk,
            approve=data["decision"] == "approve", note=data["note"],
        )  # fmt: skip
        return _("The return application was reviewed.")
    if step == "progress":
        data = valid(NoteForm(post, files))
        services.add_progress(
            actor=user,
            request_id=item.pk,
            note=data["note"],
            internal=data["internal"],
            files=data["files"],
        )
        return _("Progress noted.")
    if step == "apply_extension":
        data = valid(ExtensionForm(post))
        services.apply_extension(
            actor=user,
            request_id=item.pk,
            reason=data["reason"],
            requested_deadline=data["requested_deadline"],
        )
        return _("The extension request was sent.")
    if step == "review_extension":
        data = valid(ReviewForm(post))
        services.review_extension(
            actor=user, extension_id=item.pending_extension.pk,
            approve=data["decision"] == "approve", note=data["note"],
        )  # fmt: skip
        return _("The extension request was decided.")
    if step == "resolve":
        data = valid(ResolveForm(post, files))
        services.resolve_request(
            actor=user, request_id=item.pk, result=data["result"], files=data["files"]
        )
        return _("Resolved; the enterprise is asked to rate the result.")
    if step == "rate":
        data = valid(RateForm(post))
        services.rate_request(
            actor=user, request_id=item.pk, rating=data["rating"], comment=data["comment"]
        )
        return _("Thank you for rating.")
    if step == "reopen":
        data = valid(ReopenForm(post))
        services.rate_request(
            actor=user, request_id=item.pk, rating="unsatisfied", comment=data["comment"]
        )
        return _("The request goes back to the unit to be redone.")
    if step == "supervise":
        data = valid(SuperviseForm(post))
        services.supervise_request(
            actor=user, request_id=item.pk, level=data["level"],
            instruction=data["instruction"], new_deadline=data["new_deadline"],
        )  # fmt: skip
        return _("The supervision notice was issued.")
    if step == "acknowledge":
        services.acknowledge_supervision(actor=user, notice_id=item.open_notice.pk)
        return _("The supervision notice was acknowledged.")
    raise Http404


@login_required
@require_POST
def request_step(request, pk, step):
    try:
        item = request_for_detail(request.user, pk)
    except Request.DoesNotExist:
        raise Http404 from None
    if step not in available_steps(request.user, item):
        messages.error(request, _("This step is not open to you on this request now."))
        return redirect("request_detail", pk=pk)
    try:
        messages.success(request, _run_step(request, item, step))
    except StepRefused as refused:
        if step not in STEP_FORMS:
            messages.error(request, refused.message)
            return redirect("request_detail", pk=pk)
        form = STEP_FORMS[step](request.POST)
        form.is_valid()
        form.add_error(None, refused.message)
        item = request_for_detail(request.user, pk)  # as it is now, after the refusal
        return _render_detail(request, item, bound_step=step, bound_form=form, status=400)
    return redirect("request_detail", pk=pk)


@login_required
def attachment_download(request, pk):
    attachment = Attachment.objects.filter(pk=pk).select_related("request").first()
    if (
        attachment is None
        or not requests_visible_to(request.user).filter(pk=attachment.request_id).exists()
    ):
        raise Http404
    if attachment.is_internal and not sees_internal(request.user):
        raise Http404
    return FileResponse(
        attachment.file.open("rb"), as_attachment=True, filename=attachment.original_name,
        content_type=attachment.content_type,
    )  # fmt: skip


@login_required
def staff_requests(request):
    user = request.user
    if not (is_dispatcher(user) or is_supervisor(user) or unit_ids_of(user)):
        raise Http404
    queue = request.GET.get("queue", "all")
    rows = QUEUES.get(queue, QUEUES["all"])(_filtered_for_staff(request))
    page, next_token = keyset_page(
        list_rows(rows), order="-submitted_at", after=request.GET.get("after"), size=PAGE_SIZE
    )
    query = request.GET.copy()
    query.pop("after", None)
    counts = queue_counts(user)
    return render(
        request,
        "services/staff_requests.html",
        {
            "page": page, "next_token": next_token, "query": query.urlencode(),
            "queue": queue, "counts": counts, "states": State.choices,
            "lights": Light.choices, "channels": Channel.choices,
            "units": HandlingUnit.objects.filter(is_active=True),
            "categories": Category.objects.all(),
            "chains": Chain.objects.all(),
            "bulk": is_dispatcher(user) and queue == "submitted",
        },
    )  # fmt: skip


def _filtered_for_staff(request):
    """The staff request list's filters, shared by the queues, the figures and the ledger."""
    rows = requests_visible_to(request.user)
    get = request.GET
    simple = {"state": State.values, "channel": Channel.values, "light": Light.values}
    for param, allowed in simple.items():
        if get.get(param) in allowed:
            rows = rows.filter(**{param: get[param]})
    for param, field in (
        ("unit", "lead_unit_id"),
        ("category", "category_id"),
        ("chain", "enterprise__chains"),
    ):
        if get.get(param, "").isdigit():
            rows = rows.filter(**{field: int(get[param])})
    # Local days as a range of instants, so the (submitted_at, id) index serves the filter.
    for param, lookup, shift in (("from", "submitted_at__gte", 0), ("to", "submitted_at__lt", 1)):
        if get.get(param):
            with contextlib.suppress(ValueError):  # a malformed date filters nothing
                day = datetime.date.fromisoformat(get[param]) + datetime.timedelta(days=shift)
                start = timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
                rows = rows.filter(**{lookup: start})
    q = get.get("q", "").strip()
    if q:
        if q.upper().startswith("QY"):
            rows = rows.filter(number=q.upper())
        else:
            rows = rows.filter(Q(title__icontains=q) | Q(enterprise__name__icontains=q))
    return rows


@login_required
def staff_figures(request):
    if not request.user.has_perm("services.view_request"):
        raise Http404
    by = request.GET.get("by", "unit")
    if by not in figures.DIMENSIONS:
        by = "unit"
    if not request.GET.get("from"):
        # Figures cover the last twelve months unless asked otherwise.
        request.GET = request.GET.copy()
        request.GET["from"] = (timezone.localdate() - datetime.timedelta(days=365)).isoformat()
    rows = _filtered_for_staff(request)
    total, groups = figures.compute(rows, by=by)
    # Grouped by unit, the rows are the league table's input already: rank, do not recount.
    league = figures.league_table(unit_rows=groups) if by == "unit" else figures.league_table(rows)
    return render(
        request,
        "services/staff_figures.html",
        {
            "total": total, "groups": groups, "by": by, "dimensions": figures.DIMENSIONS,
            "league": league, "query": request.GET.urlencode(),
        },
    )  # fmt: skip


@login_required
def staff_ledger(request):
    """The request ledger (台账) as an xlsx file, with the current filters."""
    import openpyxl

    if not request.user.has_perm("services.view_request"):
        raise Http404
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet(_("Requests"))
    sheet.append([
        _("Number"), _("Enterprise"), _("Category"), _("Title"), _("Channel"), _("State"),
        _("Lead unit"), _("Submitted"), _("Dispatched"), _("Signed for"), _("Deadline"),
        _("Resolved"), _("Rating"), _("Redone"), _("Returned"), _("Warning light"),
    ])  # fmt: skip
    rows = _filtered_for_staff(request).select_related("enterprise", "category", "lead_unit")

    def local(value):
        return timezone.localtime(value).replace(tzinfo=None) if value else None

    for r in rows.order_by("-submitted_at", "-id").iterator(chunk_size=2000):
        sheet.append([
            r.number, r.enterprise.name, r.category.name, r.title, r.get_channel_display(),
            r.get_state_display(), r.lead_unit.name if r.lead_unit else "", local(r.submitted_at),
            local(r.dispatched_at), local(r.signed_at), local(r.deadline), local(r.resolved_at),
            r.get_rating_display() if r.rating else "", r.redo_count, r.return_count,
            r.get_light_display(),
        ])  # fmt: skip
    buffer = io.BytesIO()
    book.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="requests-{stamp}.xlsx"'
    return response


@login_required
@require_POST
def staff_bulk_dispatch(request):
    """Dispatch several requests at once, each to the chosen unit or to its category's
    default unit; each goes through the same step function and may be refused on its own."""
    if not is_dispatcher(request.user):
        raise Http404
    ids = [int(i) for i in request.POST.getlist("ids") if i.isdigit()]
    unit_id = request.POST.get("lead_unit", "")
    done, refused = [], []
    items = requests_visible_to(request.user).filter(pk__in=ids).select_related("category")
    for item in items:
        target = int(unit_id) if unit_id.isdigit() else item.category.default_unit_id
        try:
            if target is None:
                raise StepRefused(_("Choose the lead unit."))
            services.dispatch_request(actor=request.user, request_id=item.pk, lead_unit_id=target)
            done.append(item.number)
        except StepRefused as exc:
            refused.append(f"{item.number}: {exc.message}")
    if done:
        messages.success(request, _("Dispatched: %(numbers)s") % {"numbers": "、".join(done)})
    for line in refused:
        messages.error(request, line)
    if not ids:
        messages.error(request, _("Select the requests to dispatch."))
    return redirect(f"{reverse('staff_requests')}?queue=submitted")


@login_required
def reception_booking(request):
    """The enterprise's page for reception days: book a slot, see and cancel its bookings."""
    from .models import ReceptionBooking, ReceptionDay
    from .reception import book, cancel_booking

    if not request.user.has_perm("portal.act_for_enterprise"):
        raise Http404
    if request.method == "POST":
        try:
            if request.POST.get("cancel", "").isdigit():
                cancel_booking(actor=request.user, booking_id=int(request.POST["cancel"]))
                messages.success(request, _("The booking was cancelled."))
            else:
                booking = book(
                    actor=request.user,
                    day_id=int(request.POST.get("day", "0") or 0),
                    topic=request.POST.get("topic", ""),
                    attendees=request.POST.get("attendees", ""),
                )
                if booking.status == ReceptionBooking.Status.WAITING:
                    messages.info(request, _("The day is full: you are on the waiting list."))
                else:
                    messages.success(request, _("Your slot is booked."))
            return redirect("reception_booking")
        except (StepRefused, ReceptionDay.DoesNotExist, ReceptionBooking.DoesNotExist) as exc:
            messages.error(request, getattr(exc, "message", _("No such reception day.")))
    days = ReceptionDay.objects.filter(date__gte=timezone.localdate()).select_related("host")
    mine = (
        ReceptionBooking.objects.filter(enterprise__memberships__user=request.user)
        .select_related("day")
        .order_by("-day__date")
    )
    return render(
        request,
        "services/reception_booking.html",
        {"days": days, "mine": mine, "form_data": request.POST},
    )


def _reception_staff(user) -> bool:
    return is_dispatcher(user) or is_supervisor(user)


@login_required
def reception_days(request):
    """Reception days for staff: upcoming ones, and past ones with the requests they produced."""
    from django.db.models import Count, Q

    from .models import ReceptionDay

    if not _reception_staff(request.user):
        raise Http404
    days = (
        ReceptionDay.objects.select_related("host")
        .annotate(
            booked=Count(
                "bookings", filter=Q(bookings__status__in=["booked", "confirmed"]), distinct=True
            ),
            raised=Count("bookings__requests", distinct=True),
            resolved=Count(
                "bookings__requests",
                filter=Q(bookings__requests__resolved_at__isnull=False),
                distinct=True,
            ),
        )
        .order_by("-date")
    )
    return render(request, "services/reception_days.html", {"days": days})


@login_required
def reception_sheet(request, pk):
    """The day's sheet for the host and staff (prints cleanly): every booking, and a form to
    turn each problem raised into a supervised request assigned to a unit."""
    from .models import ReceptionBooking, ReceptionDay
    from .reception import confirm_booking, raise_request

    if not _reception_staff(request.user):
        raise Http404
    day = ReceptionDay.objects.select_related("host").filter(pk=pk).first()
    if day is None:
        raise Http404
    if request.method == "POST":
        try:
            booking_id = int(request.POST.get("booking", "0") or 0)
            if request.POST.get("confirm"):
                confirm_booking(actor=request.user, booking_id=booking_id)
                messages.success(request, _("The booking is confirmed."))
            else:
                created = raise_request(
                    actor=request.user,
                    booking_id=booking_id,
                    category_id=int(request.POST.get("category") or 0),
                    title=request.POST.get("title", ""),
                    description=request.POST.get("description", ""),
                    lead_unit_id=int(request.POST.get("lead_unit") or 0),
                )
                messages.success(
                    request,
                    _("Request %(number)s was assigned and is supervised.")
                    % {"number": created.number},
                )
            return redirect("reception_sheet", pk=pk)
        except (StepRefused, ReceptionBooking.DoesNotExist, ValueError) as exc:
            messages.error(request, getattr(exc, "message", _("Check the form.")))
    bookings = (
        day.bookings.exclude(status="cancelled")
        .select_related("enterprise")
        .prefetch_related("requests__lead_unit")
        .order_by("status", "created_at")
    )
    return render(
        request,
        "services/reception_sheet.html",
        {
            "day": day,
            "bookings": bookings,
            "categories": Category.objects.filter(is_active=True),
            "units": HandlingUnit.objects.filter(is_active=True),
            "can_confirm": is_dispatcher(request.user),
        },
    )

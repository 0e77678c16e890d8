"""Screens of the request closed loop: the enterprise's side and the staff queues."""

import datetime
import io
import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.humanize.templatetags.humanize import intcomma
from django.db.models import F
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from alliances.models import Chain
from portal.errors import StepRefused
from portal.excel import row_of, set_widths
from portal.files import serve_file
from portal.fragments import fragment_html, rows_html
from portal.history import changes_of
from portal.pagination import page_or_first
from portal.steps import page_steps, step_form, take_on_page, web_input
from portal.text import terms
from portal.text.anonymise import anonymise, draft_html

from . import figures, inputs, services, steps
from .choices import Channel, Light, State
from .filters import RequestFilter
from .forms import (
    BulkDispatchForm,
    CaseFilterForm,
    ReplyTemplateForm,
    SimilarQueryForm,
    TypicalCaseForm,
)
from .models import Attachment, Category, HandlingUnit, ReplyTemplate, Request, TypicalCase
from .permissions import is_dispatcher, is_supervisor, unit_ids_of
from .recipients import unit_people
from .selectors import (
    FILTER_CHOICES,
    QUEUES,
    capped_count,
    list_rows,
    queue_counts,
    request_for_detail,
    requests_visible_to,
    sees_all_requests,
    sees_internal,
    works_requests,
)
from .similarity import similar, similar_open
from .steps import STEPS
from .suggestions import record_shown, suggest
from .uploads import content_type_of

PAGE_SIZE = 30


def _new_request_page(request, input_class, render_page, create, done_message):
    """A page that creates a request from ``input_class`` (the API's input): the empty form
    with a fresh idempotency key, or the created request's page, or the form again as it
    was typed with the reasons it was refused."""
    if request.method != "POST":
        form = step_form(input_class)
        form.initial["idempotency_key"] = uuid.uuid4().hex
        return render_page(request, form)
    body = input_class(data=web_input(input_class, request.POST, request.FILES))
    if not body.is_valid():
        form = step_form(input_class, data=request.POST, errors=body.errors)
        return render_page(request, form, status=400)
    try:
        created = create(body.validated_data)
    except StepRefused as refused:
        form = step_form(input_class, data=request.POST, errors={None: [refused.message]})
        return render_page(request, form, status=refused.status)
    messages.success(request, done_message(created))
    return redirect("services:request_detail", pk=created.pk)


@login_required
def request_new(request):
    """The enterprise's form for a new request (the same input as the API's)."""
    if not request.user.has_perm("portal.act_for_enterprise"):
        raise Http404

    def create(data):
        return services.submit_request(
            actor=request.user, category_id=data["category"].pk, title=data["title"],
            description=data["description"], is_green=data["is_green"], files=data["files"],
            idempotency_key=data["idempotency_key"], cases_seen=data["cases_seen"],
        )  # fmt: skip

    return _new_request_page(
        request, inputs.SubmitInput, _render_new, create,
        lambda created: _("Your request %(number)s was received. You will be told at every "
                          "step.") % {"number": created.number},
    )  # fmt: skip


@login_required
def staff_request_enter(request):
    """Park staff enter a request received by phone, on a visit, at the window, by letter or
    from the 12345 hotline, for an enterprise of the registry (the API's intake input)."""
    if not (is_dispatcher(request.user) or is_supervisor(request.user)):
        raise Http404
    return _new_request_page(
        request, inputs.IntakeInput, _render_enter,
        lambda data: services.enter_from_input(request.user, data),
        lambda created: _("Request %(number)s was entered for %(enterprise)s; its people are "
                          "told.") % {"number": created.number,
                                      "enterprise": created.enterprise.name},
    )  # fmt: skip


def _render_enter(request, form, status=200):
    return render(request, "services/staff_request_enter.html", {"form": form}, status=status)


def _render_new(request, form, status=200):
    categories = Category.objects.filter(is_active=True)
    return render(
        request, "services/request_new.html", {"form": form, "categories": categories},
        status=status,
    )  # fmt: skip


@login_required
def my_requests(request):
    if not request.user.has_perm("portal.act_for_enterprise"):
        raise Http404
    rows = list_rows(requests_visible_to(request.user)).order_by("-submitted_at", "-id")
    state = request.GET.get("state")
    if state in State.values:
        rows = rows.filter(state=state)
    page, next_token, bad_token = page_or_first(
        rows, order="-submitted_at", after=request.GET.get("after"), size=PAGE_SIZE
    )
    _bad_filters(request, [bad_token] if bad_token else [])
    return render(
        request,
        "services/my_requests.html",
        {
            "page": page,
            # Rows tell the working days left: drawn again each day.
            "rows": rows_html("services/_my_request_row.html", page, today=timezone.localdate()),
            "next_token": next_token,
            "states": State.choices,
            "state": state,
        },
        status=400 if bad_token else 200,
    )


@login_required
def request_detail(request, pk):
    try:
        item = request_for_detail(request.user, pk)
    except Request.DoesNotExist:
        raise Http404 from None
    return _render_detail(request, item)


def _render_detail(request, item, *, bound_step=None, bound_form=None, status=200):
    """The request's page with a form for every step the user may take now; after a refused
    step, that step's form comes back as it was typed, with the reasons."""

    def prepare(step, form, bound):
        if step.name == "dispatch" and not bound:
            form.initial["lead_unit"] = item.lead_unit_id or item.category.default_unit_id
        if step.name in ("assign", "reassign"):  # the lead unit's own people only
            form.fields["handler"].queryset = unit_people(item.lead_unit).order_by("name")
            form.fields["handler"].label_from_instance = _person

    steps = page_steps(
        STEPS, request.user, item, bound_step=bound_step, bound_form=bound_form, prepare=prepare
    )
    attachments = [
        a for a in item.attachments.all() if sees_internal(request.user) or not a.is_internal
    ]
    return render(
        request,
        "services/request_detail.html",
        {
            "item": item,
            "steps": steps,
            "attachments": attachments,
            "internal": sees_internal(request.user),
            "change_record": changes_of(item)
            if request.user.has_perm("portal.view_changerecord")
            else None,
            "rating_ends": services.rating_window_ends(item),
            "revisit_by": services.revisit_due_by(item),
            "proposed": services.proposed_deadline(item.category, is_green=item.is_green),
            "replies": _replies_for(request.user, item, steps),
            "reply_steps": REPLY_STEPS,
            **_related(request.user, item),
        },
        status=status,
    )


def _person(user) -> str:
    return user.get_full_name() or user.get_username()


def _related(user, item) -> dict:
    """What the page shows beside the request itself: the main request a duplicate was
    merged into (its public steps and result, which the duplicate's enterprise follows); for
    the staff, the duplicates merged in, similar open requests, the revisit calls and the
    typical case."""
    related = {"main": None, "main_events": []}
    if item.merged_into_id:
        related["main"] = item.merged_into
        related["main_events"] = list(
            item.merged_into.events.public().select_related("unit").order_by("created_at", "id")
        )
    if not sees_internal(user):
        return related
    related["duplicates"] = list(item.duplicates.only("id", "number", "title", "enterprise_id"))
    if item.hotline_number:  # other requests entered from the same 12345 ticket
        related["same_ticket"] = list(
            Request.objects.filter(hotline_number=item.hotline_number).exclude(pk=item.pk)
            .select_related("enterprise").only("id", "number", "title", "enterprise__name")
            .order_by("pk")[:5]
        )  # fmt: skip
    related["revisits"] = list(item.revisits.select_related("called_by"))
    related["case"] = TypicalCase.objects.filter(request=item).first()
    related["may_publish"] = (
        is_supervisor(user) and item.state in (State.RESOLVED, State.CLOSED)
        and related["case"] is None
    )  # fmt: skip
    if item.is_open and (is_dispatcher(user) or is_supervisor(user)):
        related["similar"] = similar_open(item)
    if item.state in (State.SUBMITTED, State.RETURNED) and is_dispatcher(user):
        related["suggestion"] = suggest(item)
        if item.state == State.SUBMITTED:
            record_shown(item, related["suggestion"])
    return related


@login_required
@require_POST
def request_step(request, pk, step):
    """Take one declared step from the request's page (see ``steps.STEPS``)."""
    try:
        item = request_for_detail(request.user, pk)
    except Request.DoesNotExist:
        raise Http404 from None
    if step not in STEPS:
        raise Http404
    return take_on_page(
        request, STEPS[step], item, back=redirect("services:request_detail", pk=pk),
        # As it is now, after the refusal, with the step's form as it was typed.
        render_bound=lambda form: _render_detail(
            request, request_for_detail(request.user, pk), bound_step=step, bound_form=form,
            status=400,
        ),
    )  # fmt: skip


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
    return serve_file(
        attachment.file,
        filename=attachment.original_name,
        content_type=content_type_of(attachment.original_name),
    )


# The steps whose text a unit's reply templates go into.
REPLY_STEPS = frozenset({"progress", "resolve"})


def _replies_for(user, item, offered) -> list:
    """The reply templates of this user's units that handle the request, when the page
    offers a step they go into (one query then, none otherwise)."""
    if not any(step.name in REPLY_STEPS for step, _form, _open in offered):
        return []
    handling = {item.lead_unit_id, *(u.pk for u in item.co_units.all())}
    units = handling & unit_ids_of(user)
    return list(ReplyTemplate.objects.filter(unit_id__in=units).order_by("title"))


@login_required
def staff_replies(request):
    """A handler's reply templates (常用语), kept per unit: list, add, remove."""
    units = HandlingUnit.objects.filter(pk__in=unit_ids_of(request.user))
    if not units:
        raise Http404
    form = ReplyTemplateForm(request.POST or None, units=units)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            reply = form.save(commit=False)
            reply.created_by = request.user
            reply.save()
            messages.success(
                request, _("The reply “%(title)s” was added.") % {"title": reply.title}
            )
            return redirect("services:staff_replies")
        status = 400
    replies = ReplyTemplate.objects.filter(unit__in=units).select_related("unit")
    return render(request, "services/staff_replies.html", {"form": form, "replies": replies},
                  status=status)  # fmt: skip


@login_required
@require_POST
def staff_reply_delete(request, pk):
    reply = ReplyTemplate.objects.filter(pk=pk, unit_id__in=unit_ids_of(request.user)).first()
    if reply is None:
        raise Http404
    reply.delete()
    messages.success(request, _("The reply “%(title)s” was removed.") % {"title": reply.title})
    return redirect("services:staff_replies")


@login_required
def staff_requests(request):
    user = request.user
    if not works_requests(user):
        raise Http404
    queue = request.GET.get("queue", "all")
    rows, errors = _filtered_for_staff(request)
    _bad_filters(request, errors)
    holds = bool(unit_ids_of(user))
    if queue == "mine" and holds:
        rows = rows.filter(handler=user, state__in=State.open_states())
    else:
        rows = QUEUES.get(queue, QUEUES["all"])(rows)
    # The warning queue is read most urgent first: the earliest deadline (most overdue) on top;
    # the revisit calls oldest resolution first.
    order = {"warning": "deadline", "revisit": "resolved_at"}.get(queue, "-submitted_at")
    page, next_token, bad_token = page_or_first(
        list_rows(rows), order=order, after=request.GET.get("after"), size=PAGE_SIZE
    )
    if bad_token:
        errors = [*errors, bad_token]
        _bad_filters(request, [bad_token])
    query = request.GET.copy()
    query.pop("after", None)
    counts = queue_counts(user)
    if holds:  # "assigned to me": this person's own, counted afresh (one indexed query)
        counts = {**counts, "mine": capped_count(
            Request.objects.filter(handler=user, state__in=State.open_states())
        )}  # fmt: skip
    bulk = is_dispatcher(user) and queue == "submitted"
    return render(
        request,
        "services/staff_requests.html",
        {
            "page": page, "next_token": next_token, "query": query.urlencode(),
            "rows": rows_html(
                "services/_staff_request_row.html", page, bulk=bulk, today=timezone.localdate()
            ),
            "filters": _filter_bar(request, queue, query.urlencode()),
            "queue": queue, "counts": counts, "bulk": bulk,
            "may_enter": is_dispatcher(request.user) or is_supervisor(request.user),
            "holds": holds, "center": sees_all_requests(user),
            "keeps_replies": bool(unit_ids_of(request.user)),
            "units": HandlingUnit.objects.filter(is_active=True),  # read for bulk only
        },
        status=400 if errors else 200,
    )  # fmt: skip


def _filter_bar(request, queue: str, query: str):
    """The staff list's filters, drawn once for each choice of values until a unit, a
    category or a chain changes (FILTER_CHOICES)."""
    get = {name: value for name, value in request.GET.dict().items() if name != "after"}
    can_ledger = request.user.has_perm("services.view_request")
    return fragment_html(
        "services/_staff_filters.html",
        (FILTER_CHOICES.read(), queue, sorted(get.items()), query, can_ledger),
        lambda: {
            "get": get, "queue": queue, "query": query, "can_ledger": can_ledger,
            "states": State.choices, "lights": Light.choices, "channels": Channel.choices,
            "units": HandlingUnit.objects.filter(is_active=True),
            "categories": Category.objects.all(), "chains": Chain.objects.all(),
        },
        seconds=3600,  # a typed search makes a part of its own: let it go soon
    )  # fmt: skip


def _filtered_for_staff(request, filterset=None):
    """The staff lists' rows under the request's filters (RequestFilter, shared with the API),
    and the filter errors when a value is bad (the page then answers 400 with them)."""
    if filterset is None:
        filterset = RequestFilter(request.GET, queryset=requests_visible_to(request.user))
    if filterset.is_valid():
        return filterset.qs, []
    errors = [f"{filterset.form.fields[name].label or name}: {error}"
              for name, errors in filterset.errors.items() for error in errors]  # fmt: skip
    return filterset.queryset.none(), errors


def _bad_filters(request, errors) -> None:
    for error in errors:
        messages.error(request, error)


@login_required
def staff_figures(request):
    if not request.user.has_perm("services.view_request"):
        raise Http404
    by = request.GET.get("by", "unit")
    if by not in figures.DIMENSIONS:
        by = "unit"
    if not request.GET.get("from"):
        # Figures cover twelve calendar months, this one included, unless asked otherwise.
        first = timezone.localdate().replace(day=1)
        for _month in range(11):
            first = (first - datetime.timedelta(days=1)).replace(day=1)
        request.GET = request.GET.copy()
        request.GET["from"] = first.isoformat()
    filterset = RequestFilter(request.GET, queryset=requests_visible_to(request.user))
    months = _whole_months_asked(request, filterset)
    if months is not None:
        total, groups = figures.from_months(*months, by=by)
        unit_rows = groups if by == "unit" else figures.month_groups(*months, "unit")
        league, too_few = figures.league_table(unit_rows=unit_rows)
        scope = {"first": months[0], "last": months[1]}
        errors = []
    else:
        rows, errors = _filtered_for_staff(request, filterset)
        _bad_filters(request, errors)
        total, groups = figures.compute(rows, by=by)
        # Grouped by unit, the rows are the league table's input already: rank, do not recount.
        league, too_few = (
            figures.league_table(unit_rows=groups) if by == "unit" else figures.league_table(rows)
        )
        scope = {"requests": rows}
    paused = figures.pauses(**scope)
    figures.add_unit_extras(
        [*league, *too_few], figures.chases_by_unit(**scope), paused.days_by_unit
    )
    after = figures.after_resolution(total, paused, **scope)
    return render(
        request,
        "services/staff_figures.html",
        {
            "total": total, "groups": groups, "by": by, "dimensions": figures.DIMENSIONS,
            "league": league, "too_few": too_few, "least": figures.LEAGUE_MIN_REQUESTS,
            "after": after,
            "query": request.GET.urlencode(),
        },
        status=400 if errors else 200,
    )  # fmt: skip


def _whole_months_asked(request, filterset):
    """The months asked for, when the kept month figures answer the question: the person sees
    every request, and the only filter is a period of whole months."""
    if not sees_all_requests(request.user) or not filterset.is_valid():
        return None
    asked = {name for name, value in filterset.form.cleaned_data.items() if value not in (None, "")}
    if asked - {"from", "to"}:
        return None
    data = filterset.form.cleaned_data
    return figures.whole_months(data.get("from"), data.get("to"))


@login_required
def staff_ledger(request):
    """The request ledger (台账) as an xlsx file, with the current filters."""
    import openpyxl

    if not request.user.has_perm("services.view_request"):
        raise Http404
    rows, errors = _filtered_for_staff(request)
    if errors:
        return HttpResponse("\n".join(errors), status=400, content_type="text/plain; charset=utf-8")
    if rows.count() > settings.LEDGER_MAX_ROWS:
        # Written while the browser waits: a ledger longer than this would hold a web worker
        # past its timeout (gunicorn.conf.py). A shorter period or a filter makes it fit.
        messages.error(request, _(
            "The ledger holds more than %(max)s requests with these filters, more than one "
            "file can carry. Choose a shorter period or another filter and export again."
        ) % {"max": intcomma(settings.LEDGER_MAX_ROWS)})  # fmt: skip
        query = request.GET.urlencode()
        return redirect(reverse("services:staff_requests") + (f"?{query}" if query else ""))
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet(_("Requests"))
    set_widths(sheet, [16, 28, 14, 36, 10, 16, 18, 17, 17, 17, 17, 17, 10, 8, 8, 10])
    sheet.append([
        _("Number"), _("Enterprise"), _("Category"), _("Title"), _("Channel"), _("State"),
        _("Lead unit"), _("Submitted"), _("Dispatched"), _("Signed for"), _("Deadline"),
        _("Resolved"), _("Rating"), _("Redone"), _("Returned"), _("Warning light"),
    ])  # fmt: skip
    rows = rows.select_related("enterprise", "category", "lead_unit")

    def local(value):
        return timezone.localtime(value).replace(tzinfo=None) if value else None

    for r in rows.order_by("-submitted_at", "-id").iterator(chunk_size=2000):
        sheet.append(row_of(sheet, [
            r.number, r.enterprise.name, r.category.name, r.title, r.get_channel_display(),
            r.get_state_display(), r.lead_unit.name if r.lead_unit else "", local(r.submitted_at),
            local(r.dispatched_at), local(r.signed_at), local(r.deadline), local(r.resolved_at),
            r.get_rating_display() if r.rating else "", r.redo_count, r.return_count,
            r.get_light_display(),
        ]))  # fmt: skip
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
    form = BulkDispatchForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(f"{reverse('services:staff_requests')}?queue=submitted")
    chosen = form.cleaned_data["lead_unit"]
    done, refused = [], []
    chosen_ids = [r.pk for r in form.cleaned_data["ids"]]
    items = requests_visible_to(request.user).filter(pk__in=chosen_ids)
    for item in items.select_related("category__default_unit"):
        unit = chosen or item.category.default_unit
        try:
            if unit is None:
                raise StepRefused(_("Choose the lead unit."))
            steps.dispatch_request(actor=request.user, request_id=item.pk, lead_unit=unit)
            done.append(item.number)
        except StepRefused as exc:
            refused.append(f"{item.number}: {exc.message}")
    if done:
        messages.success(request, _("Dispatched: %(numbers)s") % {"numbers": "、".join(done)})
    for line in refused:
        messages.error(request, line)
    return redirect(f"{reverse('services:staff_requests')}?queue=submitted")


# --- typical cases (典型案例) -----------------------------------------------------------------


@login_required
def case_publish(request, pk):
    """A supervisor publishes a resolved request as a typical case: the form starts from the
    request's own words with everything that recognises someone taken out (each removal
    shown), the supervisor edits and confirms, and nothing is saved that the anonymiser
    would still change."""
    if not is_supervisor(request.user):
        raise Http404
    item = (
        requests_visible_to(request.user)
        .select_related("enterprise", "submitter", "handler", "category")
        .filter(pk=pk, state__in=[State.RESOLVED, State.CLOSED]).first()
    )  # fmt: skip
    if item is None:
        raise Http404
    if TypicalCase.objects.filter(request=item).exists():
        messages.error(request, _("This request is published as a typical case already."))
        return redirect("services:request_detail", pk=pk)
    chain = item.enterprise.chains.order_by("pk").first()
    form = TypicalCaseForm(
        request.POST or None, request=item,
        initial={"category": item.category_id, "chain": chain.pk if chain else None},
    )  # fmt: skip
    if request.method == "POST" and form.is_valid():
        case = form.save(commit=False)
        case.request, case.published_by = item, request.user
        case.save()
        messages.success(request, _("The typical case “%(title)s” is published.")
                         % {"title": case.title})  # fmt: skip
        return redirect("services:case_detail", pk=case.pk)
    # The request's own words, anonymised: the draft the supervisor starts from, with what
    # was taken out marked beside it.
    names = form.names()
    source = []
    for field, text in (("title", item.title), ("problem", item.description),
                        ("solution", item.result)):  # fmt: skip
        clean, removals = anonymise(text or "", names)
        form.initial.setdefault(field, clean)
        source.append((field, draft_html(text or "", removals), len(removals)))
    return render(
        request, "services/case_publish.html", {"form": form, "item": item, "source": source},
        status=400 if request.method == "POST" else 200,
    )  # fmt: skip


CASES_PAGE = 20


@require_safe
def case_list(request):
    """The published typical cases, by category and chain; open to everyone."""
    filters = CaseFilterForm(request.GET or None)
    rows = TypicalCase.objects.filter(is_published=True).select_related("category", "chain")
    status = 200
    if filters.is_bound and not filters.is_valid():
        status, rows = 400, rows.none()  # the form says which value is wrong
    elif filters.is_bound:
        if filters.cleaned_data.get("category"):
            rows = rows.filter(category=filters.cleaned_data["category"])
        if filters.cleaned_data.get("chain"):
            rows = rows.filter(chain=filters.cleaned_data["chain"])
    page, next_token, bad_token = page_or_first(
        rows.defer("grams", "terms", "solution"), order="-published_at",
        after=request.GET.get("after"),
        size=CASES_PAGE,
    )  # fmt: skip
    _bad_filters(request, [bad_token] if bad_token else [])
    query = request.GET.copy()
    query.pop("after", None)
    return render(
        request, "services/case_list.html",
        {"page": page, "next_token": next_token, "filters": filters, "query": query.urlencode()},
        status=400 if bad_token else status,
    )  # fmt: skip


@require_safe
def case_detail(request, pk):
    case = (
        TypicalCase.objects.select_related("category", "chain")
        .filter(pk=pk, is_published=True).defer("grams", "terms").first()
    )  # fmt: skip
    if case is None:
        raise Http404
    TypicalCase.objects.filter(pk=pk).update(views=F("views") + 1)
    return render(request, "services/case_detail.html", {"case": case})


@login_required
@require_safe
def request_similar(request):
    """While an enterprise types a new request: its own open requests that may be the same,
    and the typical cases like it (a part of the page, fetched as the person types)."""
    if not request.user.has_perm("portal.act_for_enterprise"):
        raise Http404
    query = SimilarQueryForm(request.GET)
    if not query.is_valid():
        return HttpResponse(status=400)
    text = terms(query.cleaned_data["title"], query.cleaned_data["description"])
    # Its own open requests only: another enterprise's requests are never shown to it.
    own = similar(
        requests_visible_to(request.user).filter(state__in=sorted(State.open_states()))
        .only("id", "number", "title", "state", "terms"), text, limit=3,
    )  # fmt: skip
    cases = similar(
        TypicalCase.objects.filter(is_published=True)
        .only("id", "title", "terms", "category__name").select_related("category"),
        text, limit=3,
    )  # fmt: skip
    return render(request, "services/_similar_aside.html", {"own": own, "cases": cases})

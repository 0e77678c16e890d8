"""Reads of requests, scoped to what the asking user may see; another scope's id is a 404."""

import datetime

from django.conf import settings
from django.core.cache import cache
from django.db.models import Prefetch, Q
from django.utils import timezone

from alliances.permissions import enterprise_id_of
from portal.fragments import Stamp

from .choices import Light, ReviewStatus, State
from .models import Request, RequestEvent
from .permissions import is_dispatcher, is_supervisor, unit_ids_of


def sees_all_requests(user) -> bool:
    """Dispatchers, supervisors and park administrators (whoever may view requests) see
    every request; what each may do with one is the steps' business."""
    return user.is_authenticated and (
        user.has_perm("services.view_request")
        or is_dispatcher(user)
        or is_supervisor(user)
        or user.is_superuser
    )


def works_requests(user) -> bool:
    """Who has the staff pages of requests: those who see every request, and the handlers of
    a unit (who see their units')."""
    return sees_all_requests(user) or bool(unit_ids_of(user))


def requests_visible_to(user):
    if not user.is_authenticated:
        return Request.objects.none()
    if sees_all_requests(user):
        return Request.objects.all()
    units = unit_ids_of(user)
    if units:
        return Request.objects.filter(Q(lead_unit__in=units) | Q(co_units__in=units)).distinct()
    enterprise_id = enterprise_id_of(user)
    if enterprise_id is not None and user.has_perm("portal.act_for_enterprise"):
        return Request.objects.filter(enterprise_id=enterprise_id)
    return Request.objects.none()


def sees_internal(user) -> bool:
    """Staff and units see internal notes; enterprise users never do."""
    return bool(unit_ids_of(user)) or sees_all_requests(user)


def request_for_detail(user, pk: int) -> Request:
    events = RequestEvent.objects.select_related("actor", "unit").prefetch_related("attachments")
    if not sees_internal(user):
        events = events.public()
    return (
        requests_visible_to(user)
        .select_related(
            "enterprise", "submitter", "category", "lead_unit", "handler", "merged_into"
        )
        .prefetch_related(
            "co_units",
            Prefetch("events", queryset=events),
            "return_applications",
            "extension_requests",
            "supervision_notices__issued_by",
            "pauses",
        )
        .get(pk=pk)
    )


def list_rows(queryset):
    """What a list row shows, in a fixed number of queries."""
    return queryset.select_related("enterprise", "category", "lead_unit").only(
        "id", "number", "title", "state", "light", "channel", "is_green", "is_supervised",
        "deadline", "submitted_at", "paused_at", "chase_count", "enterprise__name",
        "category__name",
        "lead_unit__name",
    )  # fmt: skip


QUEUES = {
    "submitted": lambda qs: qs.filter(state=State.SUBMITTED),
    "dispatched": lambda qs: qs.filter(state=State.DISPATCHED),
    "in_progress": lambda qs: qs.filter(state=State.IN_PROGRESS),
    "returns": lambda qs: qs.filter(return_applications__status=ReviewStatus.PENDING),
    "extensions": lambda qs: qs.filter(extension_requests__status=ReviewStatus.PENDING),
    "warning": lambda qs: qs.open().filter(light__in=[Light.YELLOW, Light.RED]),
    "supervised": lambda qs: qs.open().supervised(),
    "returned": lambda qs: qs.filter(state=State.RETURNED),
    "pauses": lambda qs: qs.filter(pauses__status=ReviewStatus.PENDING),
    "paused": lambda qs: qs.open().filter(paused_at__isnull=False),
    # Resolved (or closed after resolution) and not yet revisited: the revisit calls to make.
    # (requests resolved before the queue's period are not called any more)
    "revisit": lambda qs: qs.filter(
        state__in=[State.RESOLVED, State.CLOSED],
        revisited_at__isnull=True,
        resolved_at__gte=timezone.now()
        - datetime.timedelta(days=settings.REQUEST_REVISIT_QUEUE_DAYS),
    ),
    "all": lambda qs: qs,
}


COUNT_CAP = 1000


def capped_count(queryset, cap: int = COUNT_CAP) -> int:
    """Count up to ``cap`` rows (shown as "1000+"): a queue badge needs no exact count of a
    million rows, and the database stops as soon as it has seen enough."""
    return queryset.order_by()[:cap].count()


# Queue sizes are counted once per scope and kept until a request, a return application or
# an extension request changes (forget_queue_counts), five minutes at most.
QUEUE_COUNTS_SECONDS = 300
QUEUES_STAMP = Stamp("loop:queues")
# The staff list's filter bar is kept until a unit, a category or a chain changes.
FILTER_CHOICES = Stamp("loop:filter-choices")


def forget_queue_counts(**_kwargs) -> None:
    """Every queue is counted afresh: now, and again after the transaction commits (a page
    read meanwhile may have kept counts from before the change)."""
    QUEUES_STAMP.bump()


def queue_counts(user) -> dict[str, int]:
    """The size of every work queue this user sees, each capped (see ``capped_count``);
    shared by everyone who sees the same requests."""
    if sees_all_requests(user):
        scope = "all"
    elif unit_ids_of(user):
        scope = "units:" + ",".join(str(pk) for pk in sorted(unit_ids_of(user)))
    else:
        scope = f"user:{user.pk}"
    key = f"queues:{scope}:{QUEUES_STAMP.read()}"
    counts = cache.get(key)
    if counts is None:
        visible = requests_visible_to(user)
        counts = {name: capped_count(rows(visible))
                  for name, rows in QUEUES.items() if name != "all"}  # fmt: skip
        cache.set(key, counts, QUEUE_COUNTS_SECONDS)
    return counts

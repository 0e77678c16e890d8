"""The request closed loop over REST: lists and details scoped per user, and each step as an
action that calls its service function (refusals answer with their message and status)."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from portal.api.pagination import CreatedCursorPagination
from portal.errors import StepRefused

from .. import services
from ..filters import RequestFilter
from ..models import Request, RequestEvent
from ..selectors import list_rows, requests_visible_to, sees_internal
from . import serializers as s

REFUSED = OpenApiResponse(
    description="The step is refused: {detail, code}. 400 for bad input, 403 when the user may "
    "not take it, 404 outside the user's scope, 409 when the request's state does not allow it."
)


ERRORS = (400, 403, 404, 409)
LIST_FIELDS = [
    "id", "number", "title", "channel", "is_green", "state", "light", "deadline",
    "is_supervised", "submitted_at",
]  # fmt: skip
# Related names read in the same query, renamed to the serializer's keys.
LIST_RENAMED = {
    "enterprise__name": "enterprise",
    "category__name": "category",
    "lead_unit__name": "lead_unit",
}


class RequestCursorPagination(CreatedCursorPagination):
    ordering = ("-submitted_at", "-id")
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


class RequestViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Requests the signed-in user may see: an enterprise its own, a unit its units', the
    dispatchers and supervisors all. Another scope's id answers 404."""

    pagination_class = RequestCursorPagination
    queryset = Request.objects.none()
    filterset_class = RequestFilter

    def get_queryset(self):
        visible = requests_visible_to(self.request.user)
        if self.action == "list":
            return list_rows(visible)
        events = RequestEvent.objects.select_related("actor", "unit")
        if not sees_internal(self.request.user):
            events = events.public()
        return visible.select_related("enterprise", "category", "lead_unit").prefetch_related(
            Prefetch("events", queryset=events)
        )

    @extend_schema(responses=s.RequestListSerializer(many=True))
    def list(self, request):
        """Plain rows straight from the database: the list is the hot path, and a serializer
        per row would cost more than the query."""
        queryset = self.filter_queryset(self.get_queryset()).values(*LIST_FIELDS, *LIST_RENAMED)
        page = self.paginate_queryset(queryset)
        for row in page:
            for old, new in LIST_RENAMED.items():
                row[new] = row.pop(old)
            for key in ("deadline", "submitted_at"):
                if row[key] is not None:
                    row[key] = timezone.localtime(row[key]).isoformat()
        return self.get_paginated_response(page)

    def get_serializer_class(self):
        return s.RequestListSerializer if self.action == "list" else s.RequestDetailSerializer

    def _detail(self, pk, code=status.HTTP_200_OK):
        item = get_object_or_404(self.get_queryset(), pk=pk)
        return Response(s.RequestDetailSerializer(item).data, status=code)

    def _step(self, request, pk, serializer_class, call):
        """Validate the body, check the request is in scope, run the step, answer the detail."""
        get_object_or_404(requests_visible_to(request.user), pk=pk)
        data = {}
        if serializer_class is not None:
            body = serializer_class(data=request.data)
            body.is_valid(raise_exception=True)
            data = body.validated_data
        call(request.user, int(pk), data)
        return self._detail(pk)

    @extend_schema(
        request=s.SubmitSerializer,
        responses={201: s.RequestDetailSerializer, 400: REFUSED, 403: REFUSED},
    )
    def create(self, request):
        """Submit a request for the user's enterprise; the same idempotency key (or
        Idempotency-Key header) returns the first request instead of a second one."""
        body = s.SubmitSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        key = data.get("idempotency_key") or request.headers.get("Idempotency-Key", "")
        item = services.submit_request(
            actor=request.user, category_id=data["category"], title=data["title"],
            description=data["description"], is_green=data["is_green"], idempotency_key=key[:64],
        )  # fmt: skip
        return self._detail(item.pk, status.HTTP_201_CREATED)

    @staticmethod
    def _make_action(name, serializer_class, call):
        def step(self, request, pk=None):
            return self._step(request, pk, serializer_class, call)

        # Named before decorating: the router maps POST to the method by this name.
        step.__name__ = f"{name}_step"
        step = action(
            detail=True, methods=["post"], url_path=name.replace("_", "-"), url_name=name
        )(step)
        return extend_schema(
            request=serializer_class,
            responses={200: s.RequestDetailSerializer, **dict.fromkeys(ERRORS, REFUSED)},
            description=call.__doc__,
        )(step)


def _pending(request_id: int, relation: str) -> int:
    item = Request.objects.get(pk=request_id)
    pending = getattr(item, relation).filter(status="pending").values_list("pk", flat=True).first()
    if pending is None:
        raise StepRefused(_("Nothing is waiting for review."), code="illegal_state")
    return pending


def _open_notice(request_id: int) -> int:
    notice = (
        Request.objects.get(pk=request_id)
        .supervision_notices.filter(acknowledged_at__isnull=True)
        .values_list("pk", flat=True)
        .first()
    )
    if notice is None:
        raise StepRefused(_("There is no supervision notice to acknowledge."), code="illegal_state")
    return notice


# --- The steps: one small function each, documented for the OpenAPI schema ---------------


def _withdraw(user, pk, data):
    """The enterprise withdraws a request not yet accepted."""
    services.withdraw_request(actor=user, request_id=pk)


def _dispatch(user, pk, data):
    """A dispatcher gives the request to a lead unit (and co-units) with a deadline."""
    services.dispatch_request(
        actor=user, request_id=pk, lead_unit_id=data["lead_unit"], co_unit_ids=data["co_units"],
        deadline=data["deadline"], note=data["note"],
    )  # fmt: skip


def _reject(user, pk, data):
    """A dispatcher declines a request, with a reason the enterprise sees."""
    services.reject_request(actor=user, request_id=pk, reason=data["reason"])


def _sign_for(user, pk, data):
    """A handler of the lead unit signs for the request."""
    services.sign_for(actor=user, request_id=pk)


def _apply_return(user, pk, data):
    """The lead unit applies to give the request back."""
    services.apply_return(actor=user, request_id=pk, reason=data["reason"])


def _review_return(user, pk, data):
    """A dispatcher approves or refuses the pending return application."""
    services.review_return(
        actor=user, application_id=_pending(pk, "return_applications"),
        approve=data["approve"], note=data["note"],
    )  # fmt: skip


def _progress(user, pk, data):
    """A handling unit posts progress; internal notes stay with the staff."""
    services.add_progress(actor=user, request_id=pk, note=data["note"], internal=data["internal"])


def _apply_extension(user, pk, data):
    """The lead unit asks for more time."""
    services.apply_extension(
        actor=user, request_id=pk, reason=data["reason"],
        requested_deadline=data["requested_deadline"],
    )  # fmt: skip


def _review_extension(user, pk, data):
    """A dispatcher or supervisor decides the pending extension request."""
    services.review_extension(
        actor=user, extension_id=_pending(pk, "extension_requests"),
        approve=data["approve"], note=data["note"],
    )  # fmt: skip


def _resolve(user, pk, data):
    """The lead unit resolves the request with a result."""
    services.resolve_request(actor=user, request_id=pk, result=data["result"])


def _rate(user, pk, data):
    """The enterprise rates the result; unsatisfied sends it back for redo."""
    services.rate_request(actor=user, request_id=pk, rating=data["rating"], comment=data["comment"])


def _supervise(user, pk, data):
    """A supervisor issues a supervision notice."""
    services.supervise_request(
        actor=user, request_id=pk, level=data["level"], instruction=data["instruction"],
        new_deadline=data["new_deadline"],
    )  # fmt: skip


def _acknowledge(user, pk, data):
    """The lead unit acknowledges the open supervision notice."""
    services.acknowledge_supervision(actor=user, notice_id=_open_notice(pk))


STEPS = [
    ("withdraw", None, _withdraw),
    ("dispatch", s.DispatchSerializer, _dispatch),
    ("reject", s.ReasonSerializer, _reject),
    ("sign_for", None, _sign_for),
    ("apply_return", s.ReasonSerializer, _apply_return),
    ("review_return", s.ReviewSerializer, _review_return),
    ("progress", s.NoteSerializer, _progress),
    ("apply_extension", s.ExtensionSerializer, _apply_extension),
    ("review_extension", s.ReviewSerializer, _review_extension),
    ("resolve", s.ResolveSerializer, _resolve),
    ("rate", s.RateSerializer, _rate),
    ("supervise", s.SuperviseSerializer, _supervise),
    ("acknowledge", None, _acknowledge),
]

# Method names get a suffix: "dispatch" is the name of the view's own request handler.
for _name, _serializer, _call in STEPS:
    setattr(RequestViewSet, f"{_name}_step", RequestViewSet._make_action(_name, _serializer, _call))

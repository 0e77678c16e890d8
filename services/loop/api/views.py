"""The request closed loop over REST: lists and details scoped per user, and each step as an
action that calls its service function (refusals answer with their message and status)."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.response import Response

from portal.api.pagination import CreatedCursorPagination
from portal.api.steps import add_step_actions, refused

from .. import inputs, services
from ..filters import RequestFilter
from ..models import Request, RequestEvent
from ..permissions import is_dispatcher, is_supervisor
from ..selectors import list_rows, requests_visible_to, sees_internal
from ..steps import STEPS
from . import serializers as s

REFUSED = refused("request")

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
    # JSON, and multipart for the steps that carry files (the schema offers each one type).
    parser_classes = [JSONParser, MultiPartParser]
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

    @extend_schema(
        request=inputs.SubmitInput,
        responses={201: s.RequestDetailSerializer, 400: REFUSED, 403: REFUSED},
    )
    def create(self, request):
        """Submit a request for the user's enterprise; the same idempotency key (or
        Idempotency-Key header) returns the first request instead of a second one."""
        data = request.data
        if not data.get("idempotency_key") and "Idempotency-Key" in request.headers:
            data = data.copy()
            data["idempotency_key"] = request.headers["Idempotency-Key"]
        body = inputs.SubmitInput(data=data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        item = services.submit_request(
            actor=request.user, category_id=data["category"].pk, title=data["title"],
            description=data["description"], is_green=data["is_green"], files=data["files"],
            idempotency_key=data["idempotency_key"], cases_seen=data["cases_seen"],
        )  # fmt: skip
        return self._detail(item.pk, status.HTTP_201_CREATED)

    @extend_schema(
        request=inputs.IntakeInput,
        responses={201: s.RequestDetailSerializer, 400: REFUSED, 403: REFUSED},
    )
    @action(detail=False, methods=["post"], url_path="intake")
    def intake(self, request):
        """Park staff enter a request an enterprise brought by phone, visit, window, letter
        or the 12345 hotline (``channel``), naming the enterprise by credit code or name."""
        if not (is_dispatcher(request.user) or is_supervisor(request.user)):
            raise PermissionDenied(_("Only park staff can enter a request for an enterprise."))
        body = inputs.IntakeInput(data=request.data)
        body.is_valid(raise_exception=True)
        item = services.enter_from_input(request.user, body.validated_data)
        return self._detail(item.pk, status.HTTP_201_CREATED)


add_step_actions(
    RequestViewSet, STEPS, detail_serializer=s.RequestDetailSerializer,
    respond=lambda view, pk: view._detail(pk),
)  # fmt: skip

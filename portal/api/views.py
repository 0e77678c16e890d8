from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

from ..models import Notification
from ..notifications import mark_read
from ..registry import registry
from .serializers import MeSerializer, NotificationSerializer


def _root_links() -> dict[str, str]:
    """The API's parts: the portal's own and every app's routes (portal.registry)."""
    links = {"me": "api-me", "notifications": "api-notification-list"}
    links |= {route.prefix: f"{route.basename}-list" for route in registry.api_routes}
    return links | {"schema": "api-schema", "docs": "api-docs"}


class ApiRootView(APIView):
    """Where the API's parts live."""

    @extend_schema(
        responses=inline_serializer(
            "ApiRoot", {name: serializers.URLField() for name in _root_links()}
        )
    )
    def get(self, request, format=None):
        return Response(
            {
                name: reverse(url_name, request=request, format=format)
                for name, url_name in _root_links().items()
            }
        )


class MeView(APIView):
    """The signed-in user: roles and the enterprise they act for."""

    @extend_schema(responses=MeSerializer)
    def get(self, request):
        return Response(MeSerializer(request.user).data)


class NotificationViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """The signed-in user's own notifications, newest first."""

    serializer_class = NotificationSerializer
    queryset = Notification.objects.none()  # for the schema; requests use get_queryset

    def get_queryset(self):
        return Notification.objects.for_user(self.request.user)

    @extend_schema(
        request=None,
        responses=inline_serializer("MarkedRead", {"marked": serializers.IntegerField()}),
        description=_("Mark this notification read."),
    )
    @action(detail=True, methods=["post"], url_path="read")
    def read(self, request, pk=None):
        notification = self.get_object()
        return Response(
            {"marked": mark_read(user=request.user, notification_ids=[notification.pk])}
        )

    @extend_schema(
        request=None,
        responses=inline_serializer("MarkedAllRead", {"marked": serializers.IntegerField()}),
        description=_("Mark all of the user's notifications read."),
    )
    @action(detail=False, methods=["post"], url_path="read-all")
    def read_all(self, request):
        return Response({"marked": mark_read(user=request.user)})

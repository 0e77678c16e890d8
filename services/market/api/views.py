"""The market over REST: the catalog, and orders scoped to who asks (an enterprise its own,
a provider those placed with it, staff all); each step of an order is an action."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.response import Response

from portal.api.pagination import CreatedCursorPagination
from portal.api.steps import add_step_actions, refused

from .. import services
from ..inputs import OrderInput
from ..models import MarketService, Order
from ..selectors import orders_visible_to
from ..steps import STEPS
from . import serializers as s


class ServiceViewSet(viewsets.ReadOnlyModelViewSet):
    """The services on offer, by category and name."""

    serializer_class = s.ServiceSerializer
    pagination_class = None  # a catalog of a few dozen services
    queryset = (
        MarketService.objects.offered()
        .select_related("category", "provider")
        .order_by("category__order", "category_id", "name")
    )


class OrderPagination(CreatedCursorPagination):
    ordering = ("-ordered_at", "-id")


class OrderViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Orders the signed-in user may see; another scope's id answers 404."""

    pagination_class = OrderPagination
    queryset = Order.objects.none()

    def get_queryset(self):
        rows = orders_visible_to(self.request.user).select_related(
            "service__category", "provider", "enterprise"
        )
        if self.action == "retrieve":
            rows = rows.prefetch_related("events__actor")
        return rows

    def get_serializer_class(self):
        return s.OrderDetailSerializer if self.action == "retrieve" else s.OrderSerializer

    def _detail(self, pk, code=status.HTTP_200_OK):
        order = (
            orders_visible_to(self.request.user)
            .select_related("service__category", "provider", "enterprise")
            .prefetch_related("events__actor")
            .get(pk=pk)
        )
        return Response(s.OrderDetailSerializer(order).data, status=code)

    @extend_schema(
        request=OrderInput,
        responses={
            201: s.OrderDetailSerializer,
            **dict.fromkeys((400, 403, 409), refused("order")),
        },
    )
    def create(self, request):
        """An enterprise user orders a service of the catalog for their enterprise."""
        body = OrderInput(data=request.data)
        body.is_valid(raise_exception=True)
        order = services.place_order(
            actor=request.user, service_id=body.validated_data["service"].pk,
            need=body.validated_data["need"],
        )  # fmt: skip
        return self._detail(order.pk, status.HTTP_201_CREATED)


add_step_actions(
    OrderViewSet, STEPS, detail_serializer=s.OrderDetailSerializer,
    respond=lambda view, pk: view._detail(pk),
)  # fmt: skip

from rest_framework import viewsets

from portal.api.pagination import BadCursorIs400

from ..filters import EnterpriseFilter
from ..selectors import enterprise_list_for_staff, enterprises_visible_to, public_alliances
from .serializers import AllianceSerializer, EnterpriseSerializer


class NameCursorPagination(BadCursorIs400):
    ordering = ("name", "id")
    page_size_query_param = "page_size"
    max_page_size = 200


class EnterpriseViewSet(viewsets.ReadOnlyModelViewSet):
    """The enterprise registry: park staff see every enterprise, an enterprise user only
    their own (another enterprise's id answers 404). Contact mobiles are masked."""

    serializer_class = EnterpriseSerializer
    filterset_class = EnterpriseFilter
    pagination_class = NameCursorPagination
    queryset = enterprise_list_for_staff()

    def get_queryset(self):
        visible = enterprises_visible_to(self.request.user).values("pk")
        return super().get_queryset().filter(pk__in=visible)


class AllianceViewSet(viewsets.ReadOnlyModelViewSet):
    """The four industry-chain party alliances with their current chair and honour totals."""

    serializer_class = AllianceSerializer
    pagination_class = None
    queryset = public_alliances().order_by("chain__order")
    lookup_field = "slug"

from django.utils.translation import gettext_lazy as _
from rest_framework import permissions, viewsets
from rest_framework.pagination import CursorPagination

from ..filters import EnterpriseFilter
from ..permissions import is_registry_staff
from ..selectors import enterprise_list_for_staff, public_alliances
from .serializers import AllianceSerializer, EnterpriseSerializer


class IsRegistryStaff(permissions.BasePermission):
    message = _("Only park staff may read the enterprise registry.")

    def has_permission(self, request, view):
        return is_registry_staff(request.user)


class NameCursorPagination(CursorPagination):
    ordering = ("name", "id")
    page_size_query_param = "page_size"
    max_page_size = 200


class EnterpriseViewSet(viewsets.ReadOnlyModelViewSet):
    """The enterprise registry for park staff; contact mobiles are masked."""

    serializer_class = EnterpriseSerializer
    permission_classes = [permissions.IsAuthenticated, IsRegistryStaff]
    filterset_class = EnterpriseFilter
    pagination_class = NameCursorPagination
    queryset = enterprise_list_for_staff()


class AllianceViewSet(viewsets.ReadOnlyModelViewSet):
    """The four industry-chain party alliances with their current chair and honour totals."""

    serializer_class = AllianceSerializer
    permission_classes = [permissions.IsAuthenticated, IsRegistryStaff]
    pagination_class = None
    queryset = public_alliances().order_by("chain__order")
    lookup_field = "slug"

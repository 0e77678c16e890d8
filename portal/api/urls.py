from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import SimpleRouter

from alliances.api.views import AllianceViewSet, EnterpriseViewSet
from services.api.views import RequestViewSet

from .views import ApiRootView, MeView, NotificationViewSet

router = SimpleRouter()
router.register("notifications", NotificationViewSet, basename="api-notification")
router.register("enterprises", EnterpriseViewSet, basename="api-enterprise")
router.register("alliances", AllianceViewSet, basename="api-alliance")
router.register("requests", RequestViewSet, basename="api-request")

urlpatterns = [
    path("", ApiRootView.as_view(), name="api-root"),
    path("me/", MeView.as_view(), name="api-me"),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("", include(router.urls)),
]

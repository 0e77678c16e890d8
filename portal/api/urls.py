from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import SimpleRouter

from alliances.api.views import AllianceViewSet, EnterpriseViewSet
from services.finance import api as bank_api
from services.loop.api.views import RequestViewSet

from .views import ApiRootView, MeView, NotificationViewSet

router = SimpleRouter()
router.register("notifications", NotificationViewSet, basename="api-notification")
router.register("enterprises", EnterpriseViewSet, basename="api-enterprise")
router.register("alliances", AllianceViewSet, basename="api-alliance")
router.register("requests", RequestViewSet, basename="api-request")

# The partner-bank API: API keys only (see services/finance/api.py).
bank_router = SimpleRouter()
bank_router.register("needs", bank_api.NeedViewSet, basename="bank-need")
bank_router.register("offers", bank_api.OfferViewSet, basename="bank-offer")
bank_router.register("loans", bank_api.LoanViewSet, basename="bank-loan")

urlpatterns = [
    path("", ApiRootView.as_view(), name="api-root"),
    path("me/", MeView.as_view(), name="api-me"),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("bank/stats/", bank_api.StatsView.as_view(), name="bank-stats"),
    path("bank/", include(bank_router.urls)),
    path("", include(router.urls)),
]

"""The partner-bank API under /api/v1/bank/: API keys only (see ``auth.py``)."""

from django.urls import include, path

from portal.api.routers import Router

from . import views as api

router = Router()
router.register("needs", api.NeedViewSet, basename="bank-need")
router.register("offers", api.OfferViewSet, basename="bank-offer")
router.register("loans", api.LoanViewSet, basename="bank-loan")

urlpatterns = [
    path("bank/stats/", api.StatsView.as_view(), name="bank-stats"),
    path("bank/", include(router.urls)),
]

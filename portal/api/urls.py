from csp.constants import UNSAFE_INLINE
from csp.decorators import csp_update
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from ..registry import registry
from .routers import Router
from .views import ApiRootView, MeView, NotificationViewSet

# The portal's own routes, then every app's (see portal.registry).
router = Router()
router.register("notifications", NotificationViewSet, basename="api-notification")
for route in registry.api_routes:
    router.register(route.prefix, route.viewset, basename=route.basename)

urlpatterns = [
    path("", ApiRootView.as_view(), name="api-root"),
    path("me/", MeView.as_view(), name="api-me"),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # Swagger UI loads its script from this URL (no inline script) but sets inline styles.
    path(
        "docs/",
        csp_update({"style-src": UNSAFE_INLINE})(
            SpectacularSwaggerSplitView.as_view(url_name="api-schema")
        ),
        name="api-docs",
    ),
    *(path("", include(module)) for module in registry.api_urls),
    path("", include(router.urls)),
]

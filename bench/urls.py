from django.http import JsonResponse
from django.urls import include, path

from services.loop.models import Request


def bare_requests(request):
    """The baseline: the newest 50 requests as JSON, straight from .values(), after the
    session check every real endpoint must make."""
    if not request.user.is_authenticated:
        return JsonResponse({"detail": "sign in"}, status=403)
    rows = list(
        Request.objects.order_by("-submitted_at", "-id").values(
            "id", "number", "title", "state", "light", "deadline", "submitted_at",
            "enterprise__name", "category__name", "lead_unit__name",
        )[:50]
    )  # fmt: skip
    return JsonResponse({"results": rows})


urlpatterns = [
    path("bench/bare/", bare_requests),
    path("", include("portal.urls")),
]

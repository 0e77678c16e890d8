"""Every API error is JSON with a human-readable ``detail`` (and field ``errors`` when any)."""

from django.http import JsonResponse
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from portal.errors import StepRefused


def _first_message(data) -> str:
    if isinstance(data, dict):
        for value in data.values():
            return _first_message(value)
    if isinstance(data, list) and data:
        return _first_message(data[0])
    return str(data)


def exception_handler(exc, context):
    if isinstance(exc, StepRefused):
        return Response({"detail": str(exc.message), "code": exc.code}, status=exc.status)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    data = response.data
    if isinstance(exc, exceptions.ValidationError):
        errors = data if isinstance(data, dict) else {"non_field_errors": data}
        response.data = {
            "detail": _("The request has invalid fields: %(message)s")
            % {"message": _first_message(data)},
            "code": "invalid",
            "errors": errors,
        }
    elif isinstance(exc, exceptions.Throttled):
        wait = int(exc.wait or 1)
        response.data = {
            "detail": _("Too many calls with this key: wait %(seconds)d s and try again.")
            % {"seconds": wait},
            "code": "throttled",
            "retry_after": wait,
        }
    elif isinstance(exc, exceptions.NotFound) or response.status_code == 404:
        # Not Django's "No <Model> matches the given query.": no model names, translated.
        response.data = {"detail": _("Not found."), "code": "not_found"}
    elif isinstance(data, dict) and "detail" in data:
        code = getattr(data["detail"], "code", None) or getattr(exc, "default_code", "error")
        response.data = {"detail": str(data["detail"]), "code": code}
    return response


def not_found(request, exception=None):
    """JSON 404 under /api/, the normal page elsewhere."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": _("Not found."), "code": "not_found"}, status=404)
    from django.views.defaults import page_not_found

    return page_not_found(request, exception)


def server_error(request):
    if request.path.startswith("/api/"):
        return JsonResponse(
            {"detail": _("The server failed to answer; the error was logged."), "code": "error"},
            status=500,
        )
    from django.views.defaults import server_error as page_server_error

    return page_server_error(request)

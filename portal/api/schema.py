"""The published OpenAPI schema says what the API does, so that a client generated from it
works: one body type per operation (JSON, or multipart where files travel), every error
answer documented with its body, and names that do not change with the reader's language.
"""

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiResponse, inline_serializer
from rest_framework import serializers

ERROR = inline_serializer(
    "Error",
    {
        "detail": serializers.CharField(help_text="What went wrong, in the caller's language"),
        "code": serializers.CharField(help_text="A stable code, e.g. not_found, refused"),
        "errors": serializers.DictField(
            child=serializers.ListField(child=serializers.CharField()), required=False,
            help_text="Per field, what is wrong (on 400)",
        ),
        "retry_after": serializers.IntegerField(required=False, help_text="Seconds (on 429)"),
    },
)  # fmt: skip

_ERROR_TEXT = {
    400: "Invalid input: `detail` says which field, `errors` lists every field's problems.",
    401: "Not signed in, or no valid key.",
    403: "Signed in, but not allowed to do this (or, for a session, no CSRF token).",
    404: "Not found, or not visible to the caller.",
    409: "The object's state does not allow it now.",
    429: "Too many calls: `retry_after` gives the seconds to wait.",
}


def _has_files(serializer) -> bool:
    if isinstance(serializer, type):
        serializer = serializer()
    fields = getattr(serializer, "fields", None) or {}
    for field in fields.values():
        child = getattr(field, "child", None)
        if isinstance(field, serializers.FileField) or isinstance(child, serializers.FileField):
            return True
    return False


class PortalAutoSchema(AutoSchema):
    def map_parsers(self):
        """One body type: multipart where files travel, JSON everywhere else (the views may
        accept more, for compatibility; a generated client needs one)."""
        serializer = self.get_request_serializer()
        if serializer is not None and _has_files(serializer):
            return ["multipart/form-data"]
        return ["application/json"]

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        codes = {400} if self.method in ("POST", "PUT", "PATCH") or self._has_query() else set()
        codes |= {401, 403}
        if "{" in self.path:
            codes.add(404)
        if self.method in ("POST", "PUT", "PATCH", "DELETE") and "{" in self.path:
            codes.add(409)
        if getattr(self.view, "throttle_classes", None):
            codes.add(429)
        for code in sorted(codes):
            if str(code) not in responses:
                responses[str(code)] = self._get_response_for_code(
                    OpenApiResponse(ERROR, description=_ERROR_TEXT[code]), str(code)
                )
        return responses

    def _has_query(self) -> bool:
        return bool(self._get_filter_parameters() or self._get_pagination_parameters())


def postprocess(result, generator, request, public):
    """Query parameters carry no ``title``: the labels are translated, and a generator would
    make class names of them (``BankNeedsList紧急程度``)."""
    for path in result.get("paths", {}).values():
        for operation in path.values():
            for parameter in operation.get("parameters", []) if isinstance(operation, dict) else []:
                parameter.get("schema", {}).pop("title", None)
    return result

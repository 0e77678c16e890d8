"""The router of every API: a row named by its numeric id takes digits only in the URL, so
``/requests/null/`` or ``/requests/1e400/`` is a 404 before any view parses it."""

from rest_framework.routers import SimpleRouter


class Router(SimpleRouter):
    def get_lookup_regex(self, viewset, lookup_prefix=""):
        if getattr(viewset, "lookup_field", "pk") != "pk" or hasattr(viewset, "lookup_value_regex"):
            return super().get_lookup_regex(viewset, lookup_prefix)
        kwarg = getattr(viewset, "lookup_url_kwarg", None) or "pk"
        return f"(?P<{lookup_prefix}{kwarg}>[0-9]+)"

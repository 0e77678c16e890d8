"""Who calls the bank API: a bank's key (never a portal session), and each key's rate."""

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication
from rest_framework.permissions import BasePermission
from rest_framework.throttling import SimpleRateThrottle
from rest_framework_api_key.permissions import KeyParser

from portal.history import add_context

from ..models import BankAPIKey


class BankKeyAuthentication(BaseAuthentication):
    """``X-Api-Key: <key>`` (or ``Authorization: Api-Key <key>``). A missing, unknown, revoked
    or expired key is 401."""

    parser = KeyParser()

    def authenticate(self, request):
        raw = request.META.get("HTTP_X_API_KEY", "").strip() or self.parser.get_from_authorization(
            request
        )
        if not raw:
            return None
        try:
            key = BankAPIKey.objects.get_from_key(raw)
        except BankAPIKey.DoesNotExist:
            raise exceptions.AuthenticationFailed(
                _("The API key is not valid or has been revoked.")
            ) from None
        if key.has_expired:
            raise exceptions.AuthenticationFailed(_("The API key has expired."))
        if not key.bank.is_active:
            raise exceptions.AuthenticationFailed(_("The bank's access is suspended."))
        # Changes the bank makes are recorded as made by it, through this key.
        add_context(bank=key.bank_id, api_key=key.prefix)
        # No portal user: a bank key never gains the rights of any person.
        return AnonymousUser(), key

    def authenticate_header(self, request):
        return "Api-Key"


class BankKeyScheme(OpenApiAuthenticationExtension):
    target_class = BankKeyAuthentication
    name = "bankApiKey"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "X-Api-Key",
            "description": "A partner bank's key, issued by the park. `Authorization: Api-Key "
            "<key>` is accepted too.",
        }


class HasBankKey(BasePermission):
    def has_permission(self, request, view):
        return isinstance(request.auth, BankAPIKey)


class BankKeyThrottle(SimpleRateThrottle):
    """Per key, at ``BANK_API_RATE`` (e.g. ``600/min``)."""

    scope = "bank"

    def get_rate(self):
        return settings.BANK_API_RATE

    def get_cache_key(self, request, view):
        if isinstance(request.auth, BankAPIKey):
            return f"throttle:bank-key:{request.auth.prefix}"
        return None


# --- documented errors ----------------------------------------------------------------------

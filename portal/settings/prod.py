"""Production: refuses to start without a real secret key; passes ``check --deploy``."""

from django.core.exceptions import ImproperlyConfigured

from portal.logs import logging_config

from .base import *  # noqa: F403
from .base import FIELD_ENCRYPTION_KEYS, FIELD_HASH_KEY, LOG_LEVEL, SECRET_KEY, env

# One JSON object a line, for the operator's log collector.
LOGGING = logging_config(LOG_LEVEL, env("LOG_FORMAT", default="json"))

DEBUG = False

if (
    len(SECRET_KEY) < 50
    or len(set(SECRET_KEY)) < 5
    or SECRET_KEY.startswith(("django-insecure", "dev-"))
):
    raise ImproperlyConfigured(
        "SECRET_KEY must be set to a random value of at least 50 characters in production."
    )
if not FIELD_ENCRYPTION_KEYS:
    raise ImproperlyConfigured(
        "FIELD_ENCRYPTION_KEYS must hold a Fernet key for personal data; make one with "
        "python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())'"
    )
if len(FIELD_HASH_KEY) < 32:
    raise ImproperlyConfigured(
        "FIELD_HASH_KEY must be a random value of at least 32 characters (it keys the lookup "
        "of encrypted mobile numbers); make one with "
        "python -c 'import secrets; print(secrets.token_urlsafe(48))'"
    )
if not env.list("ALLOWED_HOSTS", default=[]):
    raise ImproperlyConfigured("ALLOWED_HOSTS must name the hosts this portal answers on.")

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
# The container health check probes over plain HTTP from inside the network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

"""Sign in with a username or a mainland mobile number."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db.models import Q

from .personal_data import looks_like_mobile, mobile_index
from .usercache import auth_facts


class UsernameOrPhoneBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        user_model = get_user_model()
        if username is None:
            username = kwargs.get(user_model.USERNAME_FIELD)
        if not username or password is None:
            return None
        user = _find_user(username)
        if user is None:
            # Spend the same time as a real check so response times do not reveal accounts.
            user_model().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None

    def get_all_permissions(self, user_obj, obj=None):
        """The user's own and their roles' permissions in one query (Django asks twice),
        kept on the user object for the request and in the cache across requests
        (portal.usercache: any change of groups or permissions is seen on the next page)."""
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        return auth_facts(user_obj)["perms"]


def sign_in_name(request, credentials) -> str | None:
    """The name failed sign-ins are counted under: the account, however it was named
    (username, or the mobile number in any spelling), so switching gains no extra attempts.
    A mobile number of no account is counted under its blind index: the attempt log never
    holds a number in clear."""
    name = ((credentials or {}).get("username") or "").strip()
    user = _find_user(name)
    if user is not None:
        return f"user:{user.pk}"
    if looks_like_mobile(name):
        return f"mobile:{mobile_index(name)[:20]}"
    return name[:150]


def _find_user(name: str):
    if not name:
        return None
    match = Q(username=name)
    if looks_like_mobile(name):
        match |= Q(phone_index=mobile_index(name))
    return get_user_model()._default_manager.filter(match).order_by("pk").first()

"""Sign in with a username or a mainland mobile number."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db.models import Q

from .personal_data import normalize_mobile


class UsernameOrPhoneBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        user_model = get_user_model()
        if username is None:
            username = kwargs.get(user_model.USERNAME_FIELD)
        if not username or password is None:
            return None
        phone = normalize_mobile(username)
        match = Q(username=username)
        if phone.isdigit():
            match |= Q(phone=phone)
        user = user_model._default_manager.filter(match).order_by("pk").first()
        if user is None:
            # Spend the same time as a real check so response times do not reveal accounts.
            user_model().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None

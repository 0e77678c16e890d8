from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    """Sign in with a username or a mobile number."""

    username = forms.CharField(
        label=_("Username or mobile number"),
        max_length=150,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    error_messages = {
        "invalid_login": _(
            "The username or mobile number and password do not match. Please try again."
        ),
        "inactive": _("This account is disabled. Please contact the service center."),
    }


class IdListField(forms.Field):
    """Ids chosen on a page: whole numbers only, anything else is a clear error."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value):
        values = value if isinstance(value, list | tuple) else [value] if value else []
        for item in values:
            if not (isinstance(item, str) and item.isascii() and item.isdigit() and len(item) < 19):
                raise forms.ValidationError(_("Choose from the list."), code="invalid")
        return [int(item) for item in values]


class MarkReadForm(forms.Form):
    """Which of the user's notifications to mark read: none chosen means all of them."""

    id = IdListField(required=False)

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    """Sign in with a username or a mobile number."""

    username = forms.CharField(
        label=_("Username or mobile number"),
        max_length=150,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    # No one's password is this long; a megabyte of it would only cost hashing time.
    password = forms.CharField(
        label=_("Password"), strip=False, max_length=256,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )  # fmt: skip
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


class ImportUploadForm(forms.Form):
    """A spreadsheet to import: an .xlsx file of at most IMPORT_MAX_MB."""

    file = forms.FileField(label=_("Excel file (.xlsx)"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(
                _("Upload an Excel workbook (.xlsx); save older .xls files as .xlsx first.")
            )
        if upload.size > settings.IMPORT_MAX_MB * 1024 * 1024:
            raise forms.ValidationError(
                _("The file is larger than %(mb)s MB. Split it into smaller files.")
                % {"mb": settings.IMPORT_MAX_MB}
            )
        return upload


class ErasureRequestForm(forms.Form):
    reason = forms.CharField(
        label=_("Why (optional)"), required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )  # fmt: skip


class ErasureDecisionForm(forms.Form):
    """Staff's decision on a deletion request (in the administration)."""

    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("carry_out", _("Carry out: anonymise and delete")), ("refuse", _("Refuse"))],
    )
    note = forms.CharField(
        label=_("Note to the person"), required=False, max_length=2000, widget=forms.Textarea,
        help_text=_("Required when refusing: say why."),
    )  # fmt: skip

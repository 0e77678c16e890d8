"""What the reception pages take from a user; a bad value is a message, never a crash."""

from django import forms
from django.utils.translation import gettext_lazy as _

from services.loop.models import Category, HandlingUnit

from .models import ReceptionBooking, ReceptionDay


def first_error(form) -> str:
    return next(str(error) for errors in form.errors.values() for error in errors)


class BookForm(forms.Form):
    day = forms.ModelChoiceField(
        queryset=ReceptionDay.objects.all(),
        error_messages={
            "required": _("No such reception day."),
            "invalid_choice": _("No such reception day."),
        },
    )
    topic = forms.CharField(max_length=200, required=False)
    attendees = forms.CharField(max_length=200, required=False)


class CancelForm(forms.Form):
    cancel = forms.ModelChoiceField(
        queryset=ReceptionBooking.objects.all(),
        error_messages={"invalid_choice": _("No such booking.")},
    )


class SheetForm(forms.Form):
    """A booking confirmed, or a problem raised at the day turned into a request."""

    booking = forms.ModelChoiceField(
        queryset=ReceptionBooking.objects.all(),
        error_messages={"invalid_choice": _("No such booking."), "required": _("No such booking.")},
    )
    confirm = forms.BooleanField(required=False)
    category = forms.ModelChoiceField(
        queryset=Category.objects.filter(is_active=True), required=False
    )
    title = forms.CharField(max_length=120, required=False)
    description = forms.CharField(required=False, max_length=5000)
    lead_unit = forms.ModelChoiceField(
        queryset=HandlingUnit.objects.filter(is_active=True), required=False
    )

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("confirm") and not self.errors:
            if cleaned.get("category") is None:
                raise forms.ValidationError(_("Choose a category."))
            if cleaned.get("lead_unit") is None:
                raise forms.ValidationError(_("Choose the lead unit."))
        return cleaned

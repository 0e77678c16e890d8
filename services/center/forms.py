import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class BookingForm(forms.Form):
    day = forms.DateField(
        label=_("Date"), widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
    )
    starts = forms.TimeField(
        label=_("From"), widget=forms.TimeInput(format="%H:%M", attrs={"type": "time"})
    )
    ends = forms.TimeField(
        label=_("To"), widget=forms.TimeInput(format="%H:%M", attrs={"type": "time"})
    )
    purpose = forms.CharField(
        label=_("Purpose"), max_length=120,
        help_text=_("e.g. a branch meeting, a customer negotiation"),
    )  # fmt: skip
    attendees = forms.IntegerField(label=_("Attendees"), min_value=1, max_value=2000)

    def times(self) -> tuple[datetime.datetime, datetime.datetime]:
        data = self.cleaned_data
        zone = timezone.get_current_timezone()
        return (
            datetime.datetime.combine(data["day"], data["starts"], tzinfo=zone),
            datetime.datetime.combine(data["day"], data["ends"], tzinfo=zone),
        )


class RefuseForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300)


class WeekForm(forms.Form):
    week = forms.DateField(required=False)

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .choices import EventKind, OccupantKind
from .models import Room, Venue


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


def _date_input():
    return forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


def _time_input():
    return forms.TimeInput(format="%H:%M", attrs={"type": "time"})


class EventForm(forms.Form):
    """Staff schedule an event in a venue: its time is booked for it."""

    title = forms.CharField(label=_("Title"), max_length=120)
    kind = forms.ChoiceField(label=_("Kind"), choices=EventKind.choices)
    venue = forms.ModelChoiceField(label=_("Venue"), queryset=Venue.objects.none())
    day = forms.DateField(label=_("Date"), widget=_date_input())
    starts = forms.TimeField(label=_("From"), widget=_time_input())
    ends = forms.TimeField(label=_("To"), widget=_time_input())
    capacity = forms.IntegerField(label=_("Places"), min_value=1, max_value=2000)
    organiser = forms.CharField(label=_("Organiser"), max_length=120, required=False)
    description = forms.CharField(
        label=_("Description"), max_length=2000, required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["venue"].queryset = Venue.objects.filter(is_bookable=True).select_related(
            "floor"
        )

    times = BookingForm.times


class AttendanceForm(forms.Form):
    present = forms.TypedMultipleChoiceField(coerce=int, required=False)

    def __init__(self, *args, roster=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["present"].choices = [(r.pk, str(r.user)) for r in roster]


class StayForm(forms.Form):
    occupant = forms.CharField(label=_("Occupant's name"), max_length=60)
    occupant_kind = forms.ChoiceField(label=_("Occupant is"), choices=OccupantKind.choices)
    starts = forms.DateField(label=_("From (check-in)"), widget=_date_input())
    ends = forms.DateField(label=_("To (check-out)"), widget=_date_input())
    note = forms.CharField(
        label=_("Note"), max_length=300, required=False,
        help_text=_("e.g. the post the person takes up, a wish for a single room"),
    )  # fmt: skip


class AllocateForm(forms.Form):
    room = forms.ModelChoiceField(label=_("Room"), queryset=Room.objects.none())
    starts = forms.DateField(label=_("From (check-in)"), widget=_date_input())
    ends = forms.DateField(label=_("To (check-out)"), widget=_date_input())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["room"].queryset = Room.objects.filter(is_available=True)


class CheckOutForm(forms.Form):
    day = forms.DateField(label=_("Check-out date"), widget=_date_input())

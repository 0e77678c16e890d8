"""What each step of the loop takes from a user: one serializer per input, read by the web
form (files included) and the API alike, and by the OpenAPI schema."""

import datetime

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from .choices import (
    INTAKE_CHANNELS,
    REVISIT_RATINGS,
    Channel,
    Decision,
    Rating,
    SupervisionLevel,
)
from .models import Category, HandlingUnit, Request
from .numbering import ticket_number, valid_ticket

TEXTAREA = {"base_template": "textarea.html"}


def _upload_help() -> str:
    return _(
        "PDF, images, Word, Excel or text; up to %(mb)s MB each and %(total)s MB for all "
        "files of a request."
    ) % {"mb": settings.REQUEST_MAX_UPLOAD_MB, "total": settings.REQUEST_MAX_TOTAL_MB}


def _files(label):
    return serializers.ListField(
        child=serializers.FileField(),
        required=False,
        max_length=settings.REQUEST_MAX_FILES,
        default=list,
        label=label,
        help_text=lazy(_upload_help, str)(),  # in the language of whoever reads it
    )


# A deadline further out than this is a typing slip (and working days to the year 9999
# take seconds to count).
LATEST_DEADLINE = datetime.timedelta(days=2 * 366)


def _future(value):
    if value is None:
        return value
    if value <= timezone.now():
        raise serializers.ValidationError(_("The deadline must be in the future."))
    if value > timezone.now() + LATEST_DEADLINE:
        raise serializers.ValidationError(_("Choose a deadline within two years."))
    return value


class SubmitInput(serializers.Serializer):
    """A new request, from the enterprise's form or the API. The same ``idempotency_key``
    twice returns the first request: a double-clicked form creates one."""

    category = serializers.PrimaryKeyRelatedField(
        label=_("Category"), queryset=Category.objects.filter(is_active=True)
    )
    title = serializers.CharField(label=_("Title"), max_length=120)
    description = serializers.CharField(
        label=_("Describe the problem"), max_length=5000, style={**TEXTAREA, "rows": 6}
    )
    is_green = serializers.BooleanField(
        label=_("Green channel: urgent, needs a faster answer"), required=False, default=False
    )
    files = _files(_("Attachments"))
    idempotency_key = serializers.CharField(
        max_length=64, required=False, allow_blank=True, default="",
        style={"input_type": "hidden"},
    )  # fmt: skip
    cases_seen = serializers.RegexField(
        r"^[0-9]{1,10}(,[0-9]{1,10}){0,19}$", max_length=240, required=False, allow_blank=True,
        default="", style={"input_type": "hidden"},
        help_text=_("The typical cases opened while the request was typed (ids, by commas)."),
    )  # fmt: skip

    def validate_cases_seen(self, value):
        return sorted({int(pk) for pk in value.split(",")}) if value else []


def registry_enterprise(text: str):
    """The enterprise of the registry named by its unified social credit code or its name (a
    part of the name will do when only one enterprise has it)."""
    from alliances.models import Enterprise

    text = text.strip()
    code = text.replace(" ", "").upper()
    exact = Enterprise.objects.filter(Q(credit_code=code) | Q(name=text))[:2]
    if len(exact) == 1:
        return exact[0]
    found = list(Enterprise.objects.filter(name__icontains=text).order_by("name")[:6])
    if len(found) == 1:
        return found[0]
    if not found:
        raise serializers.ValidationError(
            _("No enterprise in the registry matches “%(text)s”.") % {"text": text}
        )
    names = "、".join(e.name for e in found[:5]) + ("…" if len(found) > 5 else "")
    raise serializers.ValidationError(_(
        "Several enterprises match “%(text)s”: %(names)s. Type more of the name, or the "
        "credit code."
    ) % {"text": text, "names": names})  # fmt: skip


def _not_in_future(value):
    if value > timezone.now() + datetime.timedelta(minutes=5):
        raise serializers.ValidationError(_("This time is still to come."))


def same_ticket(number: str):
    """The first request entered with this 12345 ticket number, if any."""
    if not number:
        return None
    return (
        Request.objects.filter(hotline_number=number).select_related("enterprise")
        .only("id", "number", "title", "enterprise__name").order_by("pk").first()
    )  # fmt: skip


class IntakeInput(SubmitInput):
    """A request park staff enter for an enterprise that brought it another way."""

    enterprise = serializers.CharField(
        label=_("Enterprise"), max_length=200,
        help_text=_("Its unified social credit code, or its name."),
    )  # fmt: skip
    channel = serializers.ChoiceField(label=_("Received by"), choices=INTAKE_CHANNELS)
    caller_name = serializers.CharField(
        label=_("Who brought it"), max_length=60, required=False, allow_blank=True, default=""
    )
    caller_phone = serializers.RegexField(
        r"^[0-9+\- ]{5,20}$", max_length=20, label=_("Their phone"), required=False,
        allow_blank=True, default="",
        error_messages={"invalid": _("Enter a phone number: digits, spaces or -.")},
    )  # fmt: skip
    received_at = serializers.DateTimeField(
        label=_("Received at"), required=False, allow_null=True, default=None,
        validators=[_not_in_future], help_text=_("Leave empty for now."),
    )  # fmt: skip
    hotline_number = serializers.CharField(
        label=_("12345 ticket number"), max_length=64, required=False, allow_blank=True,
        default="", trim_whitespace=True,
        help_text=_("6 to 32 letters and digits, as on the 12345 ticket; spaces and dashes may "
                    "be typed and are left out."),
    )  # fmt: skip
    same_ticket_anyway = serializers.BooleanField(
        label=_("Enter it although another request has this ticket number"), required=False,
        default=False,
        help_text=_("Only when the 12345 ticket holds more than one matter."),
    )  # fmt: skip

    def validate_enterprise(self, value):
        return registry_enterprise(value)

    def validate_hotline_number(self, value):
        value = ticket_number(value)
        if value and not valid_ticket(value):
            raise serializers.ValidationError(
                _("A 12345 ticket number is 6 to 32 letters (A–Z) and digits; spaces and dashes "
                  "are left out.")
            )  # fmt: skip
        return value

    def validate(self, data):
        if data["channel"] == Channel.HOTLINE and not data["hotline_number"]:
            raise serializers.ValidationError(
                {"hotline_number": _("A request transferred from 12345 keeps its ticket number.")}
            )
        first = same_ticket(data["hotline_number"])
        if first is not None and not data["same_ticket_anyway"]:
            raise serializers.ValidationError(
                {"hotline_number": _(
                    "Request %(number)s (%(title)s, %(enterprise)s) already has this 12345 "
                    "ticket number. Open it to add to it; enter this one only if the ticket "
                    "holds another matter, and tick the box below."
                ) % {"number": first.number, "title": first.title,
                     "enterprise": first.enterprise.name}}
            )  # fmt: skip
        return data


class DispatchInput(serializers.Serializer):
    lead_unit = serializers.PrimaryKeyRelatedField(
        label=_("Lead unit"), queryset=HandlingUnit.objects.filter(is_active=True)
    )
    co_units = serializers.PrimaryKeyRelatedField(
        label=_("Co-handling units"),
        queryset=HandlingUnit.objects.filter(is_active=True),
        many=True,
        required=False,
        default=list,
    )
    deadline = serializers.DateTimeField(
        label=_("Deadline"),
        required=False,
        allow_null=True,
        default=None,
        validators=[_future],
        help_text=_("Leave empty for the category's limit in working days."),
    )
    note = serializers.CharField(
        label=_("Note"), required=False, allow_blank=True, default="", max_length=2000,
        style=TEXTAREA,
    )  # fmt: skip


class ReasonInput(serializers.Serializer):
    reason = serializers.CharField(label=_("Reason"), max_length=2000, style=TEXTAREA)


class ProgressInput(serializers.Serializer):
    note = serializers.CharField(label=_("Progress"), max_length=5000, style=TEXTAREA)
    internal = serializers.BooleanField(
        label=_("Internal: not shown to the enterprise"), required=False, default=False
    )
    files = _files(_("Attachments"))


class MaterialInput(serializers.Serializer):
    note = serializers.CharField(
        label=_("What you add"), max_length=5000, style=TEXTAREA,
        help_text=_("Documents asked for, new facts, a correction: the units handling the "
                    "request see it on its timeline and are told."),
    )  # fmt: skip
    files = _files(_("Attachments"))


class ExtensionInput(serializers.Serializer):
    reason = serializers.CharField(label=_("Reason"), max_length=2000, style=TEXTAREA)
    requested_deadline = serializers.DateTimeField(label=_("New deadline"), validators=[_future])


class ResolveInput(serializers.Serializer):
    result = serializers.CharField(label=_("Result"), max_length=5000, style=TEXTAREA)
    files = _files(_("Attachments"))


class RateInput(serializers.Serializer):
    rating = serializers.ChoiceField(
        label=_("How satisfied are you?"), choices=REVISIT_RATINGS,
        style={"base_template": "radio.html"},
    )  # fmt: skip
    send_back = serializers.BooleanField(
        label=_("Not satisfied: send it back to the unit to be redone"),
        help_text=_("The unit works on it again, with a new deadline. Leave it unticked to "
                    "close the request as unsatisfied."),
        required=False, default=False,
    )  # fmt: skip
    comment = serializers.CharField(
        label=_("Comment"), required=False, allow_blank=True, default="", max_length=2000,
        style=TEXTAREA,
    )  # fmt: skip

    def validate(self, data):
        if data["rating"] != Rating.UNSATISFIED:
            data["send_back"] = False
        elif data["send_back"] and not data["comment"].strip():
            raise serializers.ValidationError(
                {"comment": [_("Say what is still not solved, for the unit that redoes it.")]}
            )
        return data


class ReopenInput(serializers.Serializer):
    comment = serializers.CharField(
        label=_("What is still not solved?"), max_length=2000, style=TEXTAREA
    )


class SuperviseInput(serializers.Serializer):
    level = serializers.ChoiceField(label=_("Level"), choices=SupervisionLevel.choices)
    instruction = serializers.CharField(label=_("Instruction"), max_length=2000, style=TEXTAREA)
    new_deadline = serializers.DateTimeField(
        label=_("New deadline"), required=False, allow_null=True, default=None,
        validators=[_future],
    )  # fmt: skip


class ReviewInput(serializers.Serializer):
    decision = serializers.ChoiceField(label=_("Decision"), choices=Decision.choices)
    note = serializers.CharField(
        label=_("Note"), required=False, allow_blank=True, default="", max_length=2000
    )


class NoteInput(serializers.Serializer):
    note = serializers.CharField(
        label=_("Note"), required=False, allow_blank=True, default="", max_length=2000
    )


def _person_label(user) -> str:
    return user.get_full_name() or user.get_username()


@extend_schema_field(OpenApiTypes.INT)
class HandlerField(serializers.PrimaryKeyRelatedField):
    """A person who works in a handling unit (the step checks it is the lead unit)."""

    def get_queryset(self):
        from portal.models import User

        return User.objects.filter(is_active=True, handling_units__isnull=False).distinct()

    def display_value(self, instance):
        return _person_label(instance)


class AssignInput(serializers.Serializer):
    handler = HandlerField(label=_("Handler"))
    note = serializers.CharField(
        label=_("Note"), required=False, allow_blank=True, default="", max_length=2000
    )


class ReassignInput(serializers.Serializer):
    handler = HandlerField(label=_("New handler"))
    reason = serializers.CharField(label=_("Reason"), max_length=2000, style=TEXTAREA)


# A pause longer than this is a typing slip, or a case to give back.
LONGEST_PAUSE = datetime.timedelta(days=366)


class PauseInput(serializers.Serializer):
    reason = serializers.CharField(
        label=_("What the unit waits for"), max_length=2000, style=TEXTAREA,
        help_text=_("E.g. the enterprise's documents, a court ruling, a weather window. The "
                    "enterprise sees it once a dispatcher approves."),
    )  # fmt: skip
    until = serializers.DateField(
        label=_("Resume on"), required=False, allow_null=True, default=None,
        help_text=_("The clock runs again on this day at the latest; leave empty to resume "
                    "by hand."),
    )  # fmt: skip
    awaits_material = serializers.BooleanField(
        label=_("Resume when the enterprise adds material"), required=False, default=False
    )

    def validate_until(self, value):
        if value is None:
            return value
        today = timezone.localdate()
        if value <= today:
            raise serializers.ValidationError(_("Choose a day after today."))
        if value > today + LONGEST_PAUSE:
            raise serializers.ValidationError(_("Choose a day within a year."))
        return value


class RevisitInput(serializers.Serializer):
    reached = serializers.BooleanField(
        label=_("The enterprise was reached"), required=False, default=False
    )
    rating = serializers.ChoiceField(
        label=_("How satisfied is it?"), choices=REVISIT_RATINGS, required=False,
        allow_blank=True, default="", style={"base_template": "radio.html"},
    )  # fmt: skip
    remarks = serializers.CharField(
        label=_("Remarks"), required=False, allow_blank=True, default="", max_length=2000,
        style=TEXTAREA,
    )  # fmt: skip
    send_back = serializers.BooleanField(
        label=_("Not satisfied: send it back to the unit to be redone"), required=False,
        default=False,
    )  # fmt: skip

    def validate(self, data):
        if not data["reached"]:
            if data["rating"] or data["send_back"]:
                raise serializers.ValidationError({"reached": [_(
                    "A satisfaction can only be recorded when the enterprise was reached."
                )]})  # fmt: skip
            return data
        if not data["rating"]:
            raise serializers.ValidationError({"rating": [_("Choose how satisfied it is.")]})
        if data["send_back"]:
            if data["rating"] != Rating.UNSATISFIED:
                raise serializers.ValidationError({"send_back": [_(
                    "Only an unsatisfied enterprise's request goes back to be redone."
                )]})  # fmt: skip
            if not data["remarks"].strip():
                raise serializers.ValidationError(
                    {"remarks": [_("Say what is still not solved, for the unit that redoes it.")]}
                )
        return data


class MergeInput(serializers.Serializer):
    into = serializers.CharField(
        label=_("Main request (its number)"), max_length=20,
        help_text=_("The request this one repeats, e.g. QY202611-00123."),
    )  # fmt: skip
    note = serializers.CharField(
        label=_("Note"), required=False, allow_blank=True, default="", max_length=2000
    )

    def validate_into(self, value):
        found = Request.objects.filter(number=value.strip().upper()).first()
        if found is None:
            raise serializers.ValidationError(
                _("No request %(number)s to merge into.") % {"number": value.strip()}
            )
        return found

"""What each step of the loop takes from a user: one serializer per input, read by the web
form (files included) and the API alike, and by the OpenAPI schema."""

import datetime

from django.conf import settings
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from .choices import Decision, Rating, SupervisionLevel
from .models import Category, HandlingUnit

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
        label=_("How satisfied are you?"),
        choices=[
            (Rating.SATISFIED, Rating.SATISFIED.label),
            (Rating.BASICALLY, Rating.BASICALLY.label),
            (Rating.UNSATISFIED, Rating.UNSATISFIED.label),
        ],
        style={"base_template": "radio.html"},
    )
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

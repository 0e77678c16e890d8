"""What each step of the loop takes from a user: one serializer per input, read by the web
form (files included) and the API alike, and by the OpenAPI schema."""

from django.conf import settings
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from .choices import Decision, Rating, SupervisionLevel
from .models import HandlingUnit

TEXTAREA = {"base_template": "textarea.html"}


def _upload_help() -> str:
    return _("PDF, images, Word, Excel or text; up to %(mb)s MB each.") % {
        "mb": settings.REQUEST_MAX_UPLOAD_MB
    }


def _files(label):
    return serializers.ListField(
        child=serializers.FileField(),
        required=False,
        default=list,
        label=label,
        help_text=lazy(_upload_help, str)(),  # in the language of whoever reads it
    )


def _future(value):
    if value is not None and value <= timezone.now():
        raise serializers.ValidationError(_("The deadline must be in the future."))
    return value


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
        label=_("Note"), required=False, allow_blank=True, default="", style=TEXTAREA
    )


class ReasonInput(serializers.Serializer):
    reason = serializers.CharField(label=_("Reason"), style=TEXTAREA)


class ProgressInput(serializers.Serializer):
    note = serializers.CharField(label=_("Progress"), style=TEXTAREA)
    internal = serializers.BooleanField(
        label=_("Internal: not shown to the enterprise"), required=False, default=False
    )
    files = _files(_("Attachments"))


class ExtensionInput(serializers.Serializer):
    reason = serializers.CharField(label=_("Reason"), style=TEXTAREA)
    requested_deadline = serializers.DateTimeField(label=_("New deadline"), validators=[_future])


class ResolveInput(serializers.Serializer):
    result = serializers.CharField(label=_("Result"), style=TEXTAREA)
    files = _files(_("Attachments"))


class RateInput(serializers.Serializer):
    rating = serializers.ChoiceField(
        label=_("How satisfied are you?"),
        choices=[
            (Rating.SATISFIED, Rating.SATISFIED.label),
            (Rating.BASICALLY, Rating.BASICALLY.label),
        ],
        style={"base_template": "radio.html"},
    )
    comment = serializers.CharField(
        label=_("Comment"), required=False, allow_blank=True, default="", style=TEXTAREA
    )


class ReopenInput(serializers.Serializer):
    comment = serializers.CharField(label=_("What is still not solved?"), style=TEXTAREA)


class SuperviseInput(serializers.Serializer):
    level = serializers.ChoiceField(label=_("Level"), choices=SupervisionLevel.choices)
    instruction = serializers.CharField(label=_("Instruction"), style=TEXTAREA)
    new_deadline = serializers.DateTimeField(
        label=_("New deadline"), required=False, allow_null=True, default=None,
        validators=[_future],
    )  # fmt: skip


class ReviewInput(serializers.Serializer):
    decision = serializers.ChoiceField(label=_("Decision"), choices=Decision.choices)
    note = serializers.CharField(label=_("Note"), required=False, allow_blank=True, default="")

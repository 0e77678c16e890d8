"""What a person types at each step of an order (the web form and the API body alike)."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from .choices import Stars

TEXTAREA = {"base_template": "textarea.html", "rows": 3}


@extend_schema_field(OpenApiTypes.INT)
class OfferedService(serializers.PrimaryKeyRelatedField):
    def get_queryset(self):
        from .models import MarketService

        return MarketService.objects.offered()


class NeedInput(serializers.Serializer):
    """What an enterprise asks of the service it orders (the service's page names it)."""

    need = serializers.CharField(
        label=_("What you need"), max_length=2000, style=TEXTAREA,
        help_text=_("What the provider should do for you, and by when if it matters."),
    )  # fmt: skip


class OrderInput(NeedInput):
    service = OfferedService(
        label=_("Service"),
        error_messages={"does_not_exist": _("This service is not offered any more.")},
    )


class OrderAcceptInput(serializers.Serializer):
    price = serializers.DecimalField(
        label=_("Agreed price (yuan)"), max_digits=12, decimal_places=2, min_value=0,
        required=False, allow_null=True, default=None,
        help_text=_("The price agreed with the enterprise, if already known."),
    )  # fmt: skip
    expected_on = serializers.DateField(
        label=_("Expected delivery"), required=False, allow_null=True, default=None
    )
    note = serializers.CharField(
        label=_("Note to the enterprise"), required=False, allow_blank=True, default="",
        max_length=2000, style=TEXTAREA,
    )  # fmt: skip

    def validate_expected_on(self, value):
        if value is not None and value < timezone.localdate():
            raise serializers.ValidationError(_("The expected delivery cannot be in the past."))
        return value


class OrderReasonInput(serializers.Serializer):
    reason = serializers.CharField(label=_("Reason"), max_length=2000, style=TEXTAREA)


class OrderCompleteInput(serializers.Serializer):
    note = serializers.CharField(
        label=_("What was delivered"), max_length=2000, style=TEXTAREA,
        help_text=_("The enterprise reads this before it rates the service."),
    )  # fmt: skip
    price = serializers.DecimalField(
        label=_("Final price (yuan)"), max_digits=12, decimal_places=2, min_value=0,
        required=False, allow_null=True, default=None,
    )  # fmt: skip


class OrderRateInput(serializers.Serializer):
    rating = serializers.ChoiceField(
        label=_("How good was the service?"), choices=Stars.choices,
        style={"base_template": "radio.html"},
    )  # fmt: skip
    comment = serializers.CharField(
        label=_("Comment"), required=False, allow_blank=True, default="", max_length=2000,
        style=TEXTAREA,
    )  # fmt: skip

    def validate(self, data):
        if data["rating"] <= Stars.TWO and not data["comment"].strip():
            raise serializers.ValidationError(
                {"comment": [_("Tell the provider and the park what went wrong.")]}
            )
        return data

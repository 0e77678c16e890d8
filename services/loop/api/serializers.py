from rest_framework import serializers

from portal.api.serializers import BlankAsNullChoiceField

from ..choices import Rating, State
from ..models import Request, RequestEvent


class EventSerializer(serializers.ModelSerializer):
    actor = serializers.CharField(
        source="actor.get_full_name", default=None, read_only=True, allow_null=True
    )
    unit = serializers.CharField(source="unit.name", default=None, read_only=True, allow_null=True)
    from_state = BlankAsNullChoiceField(
        choices=State.choices, help_text="null on the first event (the request had no state)."
    )

    class Meta:
        model = RequestEvent
        fields = [
            "id",
            "step",
            "actor",
            "unit",
            "from_state",
            "to_state",
            "note",
            "is_internal",
            "created_at",
        ]
        read_only_fields = fields  # the timeline is written by the steps only


class RequestListSerializer(serializers.ModelSerializer):
    enterprise = serializers.CharField(source="enterprise.name", read_only=True)
    category = serializers.CharField(source="category.name", read_only=True)
    lead_unit = serializers.CharField(
        source="lead_unit.name", default=None, read_only=True, allow_null=True
    )

    class Meta:
        model = Request
        fields = [
            "id", "number", "title", "enterprise", "category", "channel", "is_green", "state",
            "light", "lead_unit", "deadline", "is_supervised", "submitted_at",
        ]  # fmt: skip
        read_only_fields = fields


class RequestDetailSerializer(RequestListSerializer):
    events = EventSerializer(many=True, read_only=True)
    rating = BlankAsNullChoiceField(choices=Rating.choices)
    handler = serializers.CharField(
        source="handler.get_full_name", default=None, read_only=True, allow_null=True,
        help_text="The person of the lead unit who holds the request (承办人).",
    )  # fmt: skip
    merged_into = serializers.CharField(
        source="merged_into.number", default=None, read_only=True, allow_null=True,
        help_text="The number of the main request a duplicate was merged into.",
    )  # fmt: skip

    class Meta(RequestListSerializer.Meta):
        fields = [
            *RequestListSerializer.Meta.fields, "description", "result", "reject_reason",
            "rating", "rating_comment", "redo_count", "return_count", "dispatched_at",
            "signed_at", "resolved_at", "closed_at", "received_at", "hotline_number", "handler",
            "paused_at", "paused_days", "merged_into", "revisited_at", "events",
        ]  # fmt: skip
        read_only_fields = fields

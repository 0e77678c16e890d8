from rest_framework import serializers

from ..choices import Rating, SupervisionLevel
from ..models import Request, RequestEvent


class EventSerializer(serializers.ModelSerializer):
    actor = serializers.CharField(source="actor.get_full_name", default=None, read_only=True)
    unit = serializers.CharField(source="unit.name", default=None, read_only=True)

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


class RequestListSerializer(serializers.ModelSerializer):
    enterprise = serializers.CharField(source="enterprise.name", read_only=True)
    category = serializers.CharField(source="category.name", read_only=True)
    lead_unit = serializers.CharField(source="lead_unit.name", default=None, read_only=True)

    class Meta:
        model = Request
        fields = [
            "id", "number", "title", "enterprise", "category", "channel", "is_green", "state",
            "light", "lead_unit", "deadline", "is_supervised", "submitted_at",
        ]  # fmt: skip
        read_only_fields = fields


class RequestDetailSerializer(RequestListSerializer):
    events = EventSerializer(many=True, read_only=True)

    class Meta(RequestListSerializer.Meta):
        fields = [
            *RequestListSerializer.Meta.fields, "description", "result", "reject_reason",
            "rating", "rating_comment", "redo_count", "return_count", "dispatched_at",
            "signed_at", "resolved_at", "closed_at", "events",
        ]  # fmt: skip
        read_only_fields = fields


class SubmitSerializer(serializers.Serializer):
    category = serializers.IntegerField()
    title = serializers.CharField(max_length=120)
    description = serializers.CharField()
    is_green = serializers.BooleanField(default=False)
    idempotency_key = serializers.CharField(max_length=64, required=False, allow_blank=True)


class DispatchSerializer(serializers.Serializer):
    lead_unit = serializers.IntegerField()
    co_units = serializers.ListField(child=serializers.IntegerField(), required=False, default=list)
    deadline = serializers.DateTimeField(required=False, allow_null=True, default=None)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField()


class NoteSerializer(serializers.Serializer):
    note = serializers.CharField()
    internal = serializers.BooleanField(default=False)


class ReviewSerializer(serializers.Serializer):
    approve = serializers.BooleanField()
    note = serializers.CharField(required=False, allow_blank=True, default="")


class ExtensionSerializer(serializers.Serializer):
    reason = serializers.CharField()
    requested_deadline = serializers.DateTimeField()


class ResolveSerializer(serializers.Serializer):
    result = serializers.CharField()


class RateSerializer(serializers.Serializer):
    rating = serializers.ChoiceField(
        choices=[Rating.SATISFIED, Rating.BASICALLY, Rating.UNSATISFIED]
    )
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class SuperviseSerializer(serializers.Serializer):
    level = serializers.ChoiceField(choices=SupervisionLevel.choices)
    instruction = serializers.CharField()
    new_deadline = serializers.DateTimeField(required=False, allow_null=True, default=None)

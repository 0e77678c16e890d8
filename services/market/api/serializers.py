from rest_framework import serializers

from portal.api.serializers import BlankAsNullChoiceField

from ..choices import OrderState
from ..models import MarketService, Order, OrderEvent


class ServiceSerializer(serializers.ModelSerializer):
    category = serializers.CharField(source="category.name", read_only=True)
    provider = serializers.CharField(source="provider.name", read_only=True)

    class Meta:
        model = MarketService
        fields = ["id", "category", "provider", "name", "description", "price_from", "price_to",
                  "price_unit", "expected_days"]  # fmt: skip
        read_only_fields = fields


class OrderEventSerializer(serializers.ModelSerializer):
    actor = serializers.CharField(source="actor.get_full_name", read_only=True)
    from_state = BlankAsNullChoiceField(
        choices=OrderState.choices, help_text="null on the first event (the order had no state)."
    )

    class Meta:
        model = OrderEvent
        fields = ["id", "step", "actor", "from_state", "to_state", "note", "created_at"]
        read_only_fields = fields


class OrderSerializer(serializers.ModelSerializer):
    service = serializers.CharField(source="service.name", read_only=True)
    category = serializers.CharField(source="service.category.name", read_only=True)
    provider = serializers.CharField(source="provider.name", read_only=True)
    enterprise = serializers.CharField(source="enterprise.name", read_only=True)

    class Meta:
        model = Order
        fields = ["id", "service", "category", "provider", "enterprise", "state", "need", "price",
                  "expected_on", "decline_reason", "delivery_note", "rating", "rating_comment",
                  "ordered_at", "accepted_at", "done_at", "rated_at"]  # fmt: skip
        read_only_fields = fields


class OrderDetailSerializer(OrderSerializer):
    events = OrderEventSerializer(many=True, read_only=True)

    class Meta(OrderSerializer.Meta):
        fields = [*OrderSerializer.Meta.fields, "events"]
        read_only_fields = fields

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from ..models import Notification, User
from ..registry import registry
from ..roles import Role


class BlankAsNullChoiceField(serializers.ChoiceField):
    """A choice not made yet: null in the answer, never an empty string outside the enum."""

    def __init__(self, **kwargs):
        super().__init__(**{"read_only": True, "allow_null": True, **kwargs})

    def to_representation(self, value):
        return super().to_representation(value) if value else None


class EnterpriseRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(read_only=True)
    credit_code = serializers.CharField(read_only=True)


class MeSerializer(serializers.ModelSerializer):
    roles = serializers.SerializerMethodField(help_text=_("Codes of the roles this user holds."))
    enterprise = serializers.SerializerMethodField()
    phone = serializers.CharField(source="masked_phone", read_only=True)

    class Meta:
        model = User
        fields = ["id", "username", "name", "phone", "email", "language", "roles", "enterprise"]

    def get_roles(self, obj) -> list[str]:
        return sorted(code for code in obj.role_codes if code in Role.values)

    def get_enterprise(self, obj) -> EnterpriseRefSerializer(allow_null=True):  # type: ignore[valid-type]
        enterprise = registry.enterprise_of(obj)
        return EnterpriseRefSerializer(enterprise).data if enterprise else None


class NotificationSerializer(serializers.ModelSerializer):
    is_read = serializers.BooleanField(read_only=True)

    class Meta:
        model = Notification
        fields = ["id", "kind", "title", "body", "url", "created_at", "read_at", "is_read"]
        read_only_fields = fields

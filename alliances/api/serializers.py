from rest_framework import serializers

from portal.api.serializers import BlankAsNullChoiceField

from ..choices import GrowthStage, HonourKind, Scale
from ..models import Alliance, Enterprise, PartyOrganization
from ..selectors import chair_terms_around, honour_totals


class PartyOrganizationSerializer(serializers.ModelSerializer):
    class Meta:
        model = PartyOrganization
        fields = ["name", "org_type", "secretary", "member_count"]


class EnterpriseSerializer(serializers.ModelSerializer):
    chains = serializers.SlugRelatedField(slug_field="name", many=True, read_only=True)
    contact_mobile = serializers.CharField(source="masked_contact_mobile", read_only=True)
    party_organization = PartyOrganizationSerializer(read_only=True, allow_null=True)
    scale = BlankAsNullChoiceField(choices=Scale.choices)
    growth_stage = BlankAsNullChoiceField(choices=GrowthStage.choices)

    class Meta:
        model = Enterprise
        fields = [
            "id", "name", "credit_code", "legal_representative", "contact_person",
            "contact_mobile", "address", "founded_on", "employees", "annual_output",
            "annual_tax", "scale", "labels", "growth_stage", "chains", "party_organization",
        ]  # fmt: skip
        read_only_fields = fields


class ChairSerializer(serializers.Serializer):
    member = serializers.CharField(source="member.name", read_only=True)
    starts_on = serializers.DateField(read_only=True)
    ends_on = serializers.DateField(read_only=True)


class HonoursSerializer(serializers.Serializer):
    """An alliance's honours: how many of each kind, and their economic benefit in yuan."""

    craftsman = serializers.IntegerField(read_only=True, help_text=HonourKind.CRAFTSMAN.label)
    model_post = serializers.IntegerField(read_only=True, help_text=HonourKind.MODEL_POST.label)
    red_workshop = serializers.IntegerField(read_only=True, help_text=HonourKind.RED_WORKSHOP.label)
    economic_benefit = serializers.DecimalField(
        max_digits=16, decimal_places=2, read_only=True, help_text="yuan"
    )


class AllianceSerializer(serializers.ModelSerializer):
    chain = serializers.CharField(source="chain.name", read_only=True)
    member_count = serializers.IntegerField(read_only=True)
    enterprise_count = serializers.IntegerField(read_only=True)
    current_chair = serializers.SerializerMethodField()
    honours = serializers.SerializerMethodField()

    class Meta:
        model = Alliance
        fields = [
            "id", "name", "slug", "chain", "founded_on", "member_count", "enterprise_count",
            "current_chair", "honours",
        ]  # fmt: skip

    def get_current_chair(self, obj) -> ChairSerializer(allow_null=True):  # type: ignore[valid-type]
        current, _next = chair_terms_around(obj)
        return ChairSerializer(current).data if current else None

    def get_honours(self, obj) -> HonoursSerializer:
        totals = honour_totals(alliance=obj)
        return HonoursSerializer({
            **{kind: totals.count(kind) for kind in HonourKind.values},
            "economic_benefit": totals.benefit,
        }).data  # fmt: skip

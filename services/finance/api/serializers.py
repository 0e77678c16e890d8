"""What the bank API shows: needs with personal data masked, offers, loans."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from portal.personal_data import mask_mobile, mask_name, mask_resident_id

from .. import actions
from ..models import FinancingNeed, Loan, Offer


class ChainRefSerializer(serializers.Serializer):
    code = serializers.CharField(read_only=True, help_text="What the needs' chain filter takes")
    name = serializers.CharField(read_only=True)


class BankEnterpriseSerializer(serializers.Serializer):
    credit_code = serializers.CharField(read_only=True)
    name = serializers.CharField(read_only=True)
    chains = serializers.SerializerMethodField()
    scale = serializers.CharField(read_only=True)
    labels = serializers.ListField(child=serializers.CharField(), read_only=True)

    @extend_schema_field(ChainRefSerializer(many=True))
    def get_chains(self, enterprise) -> list[dict]:
        """Each chain by code (what the ``chain`` filter takes) and name."""
        return [{"code": chain.code, "name": chain.name} for chain in enterprise.chains.all()]


class NeedSerializer(serializers.ModelSerializer):
    enterprise = BankEnterpriseSerializer()
    contact_name = serializers.SerializerMethodField()
    contact_mobile = serializers.SerializerMethodField()
    contact_id_number = serializers.SerializerMethodField()
    posted_at = serializers.DateTimeField(source="created_at")
    your_offer = serializers.IntegerField(allow_null=True, read_only=True)

    class Meta:
        model = FinancingNeed
        fields = [
            "id", "enterprise", "amount", "purpose", "term_months", "collateral", "urgency",
            "contact_name", "contact_mobile", "contact_id_number", "status", "posted_at",
            "your_offer",
        ]  # fmt: skip

    def get_contact_name(self, need) -> str:
        return mask_name(need.contact_name)

    def get_contact_mobile(self, need) -> str:
        return mask_mobile(need.contact_mobile)

    def get_contact_id_number(self, need) -> str:
        return mask_resident_id(need.contact_id_number)


class OfferSerializer(serializers.ModelSerializer):
    need = serializers.IntegerField(source="need_id")

    class Meta:
        model = Offer
        fields = [
            "id", "need", "amount", "rate", "term_months", "conditions", "valid_until",
            "bank_contact", "status", "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = ["id", "status", "created_at", "updated_at"]


class OfferChangeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Offer
        fields = actions.OFFER_FIELDS


class LoanSerializer(serializers.ModelSerializer):
    need = serializers.IntegerField(source="need_id", read_only=True)
    offer = serializers.IntegerField(source="offer_id")

    class Meta:
        model = Loan
        fields = ["id", "need", "offer", "amount", "granted_on", "term_months", "recorded_at"]
        read_only_fields = ["id", "need", "recorded_at"]

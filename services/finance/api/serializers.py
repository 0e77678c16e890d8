"""What the bank API shows: needs with personal data masked, offers, loans."""

import functools

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from alliances.models import Chain, Enterprise
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

    @staticmethod
    def chains_of(enterprise_ids) -> dict[int, list[dict]]:
        """``get_chains`` of many enterprises in one query: {enterprise id: chains}."""
        links = Enterprise.chains.through.objects.filter(enterprise_id__in=set(enterprise_ids))
        order = [f"chain__{field}" for field in Chain._meta.ordering]
        chains = {}
        for enterprise_id, code, name in links.order_by("enterprise_id", *order).values_list(
            "enterprise_id", "chain__code", "chain__name"
        ):
            chains.setdefault(enterprise_id, []).append({"code": code, "name": name})
        return chains


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
        return MASKED["contact_name"](need.contact_name)

    def get_contact_mobile(self, need) -> str:
        return MASKED["contact_mobile"](need.contact_mobile)

    def get_contact_id_number(self, need) -> str:
        return MASKED["contact_id_number"](need.contact_id_number)


# --- the needs list from plain rows ---------------------------------------------------------
# The list is the banks' hot path. It reads ``.values()`` rows and draws each item with the
# serializers' own fields, so that it answers exactly what NeedSerializer answers for one need
# (a test compares them) without a model, a nested serializer and a many-to-many manager per
# need. The personal data is masked here and in NeedSerializer by the same functions.

MASKED = {
    "contact_name": mask_name,
    "contact_mobile": mask_mobile,
    "contact_id_number": mask_resident_id,
}
SOURCES = {"posted_at": "created_at"}


@functools.cache
def _fields():
    """The plain fields of the need and of its enterprise, built once per process (a field's
    ``to_representation`` keeps no state between calls)."""
    need = NeedSerializer().fields
    enterprise = need["enterprise"].fields
    return (
        {n: f for n, f in need.items() if n != "enterprise" and n not in MASKED},
        {n: f for n, f in enterprise.items() if n != "chains"},
    )


def need_values(queryset):
    """``queryset`` as the plain rows ``need_rows`` draws."""
    need, enterprise = _fields()
    return queryset.values(
        *[SOURCES.get(n, n) for n in need], *MASKED, "enterprise_id",
        *[f"enterprise__{n}" for n in enterprise],
    )  # fmt: skip


def _plain(fields, row, prefix=""):
    item = {}
    for name, field in fields.items():
        value = row[prefix + SOURCES.get(name, name)]
        item[name] = None if value is None else field.to_representation(value)
    return item


def need_rows(rows, chains: dict[int, list[dict]]) -> list[dict]:
    """The needs list's items from ``need_values`` rows; ``chains`` maps an enterprise's id to
    its chains as ``get_chains`` draws them."""
    need, enterprise = _fields()
    items = []
    for row in rows:
        firm = _plain(enterprise, row, "enterprise__")
        firm["chains"] = chains.get(row["enterprise_id"], [])
        item = {"id": row["id"], "enterprise": firm}
        item.update(_plain(need, row))
        item.update({name: mask(row[name]) for name, mask in MASKED.items()})
        items.append({name: item[name] for name in NeedSerializer.Meta.fields})
    return items


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

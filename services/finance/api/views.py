"""The bank API's endpoints: shared needs, offers, loans and the bank's own figures;
every call logged, POSTs idempotent."""

import functools
import hashlib
import json

from django.db import connection, transaction
from django.db.models import Count, OuterRef, Subquery
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
    inline_serializer,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from portal.api.pagination import CreatedCursorPagination
from portal.api.schema import ERROR
from portal.errors import StepRefused

from .. import actions, figures
from ..choices import OfferStatus
from ..models import BankAccessLog, BankAPIKey, FinancingNeed, IdempotentResponse, Loan, Offer
from .auth import BankKeyAuthentication, BankKeyThrottle, HasBankKey
from .filters import NeedFilter
from .serializers import (
    BankEnterpriseSerializer,
    LoanSerializer,
    NeedSerializer,
    OfferChangeSerializer,
    OfferSerializer,
    need_rows,
    need_values,
)


def _errors(*codes):
    text = {
        400: "Invalid fields: `detail` says which, `errors` per field.",
        401: "No key, or an unknown, revoked or expired key.",
        404: "Not found, or outside this bank's scope (not shared with it, consent withdrawn).",
        409: "The object's state does not allow it (e.g. the need is already settled).",
        422: "The Idempotency-Key was used before with a different request.",
        429: "Too many calls for this key; `retry_after` gives the seconds to wait.",
    }
    return {code: OpenApiResponse(ERROR, description=text[code]) for code in (401, 429, *codes)}


# --- what a bank sees -----------------------------------------------------------------------


class BankAPIView:
    """Key authentication, the bank permission and throttle, and one access-log row per call
    with the needs it read."""

    authentication_classes = [BankKeyAuthentication]
    permission_classes = [HasBankKey]
    throttle_classes = [BankKeyThrottle]

    @property
    def bank(self):
        return self.request.auth.bank

    def reads_needs(self, ids) -> None:
        self.request.needs_read = {*getattr(self.request, "needs_read", ()), *ids}

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        key = request.auth if isinstance(request.auth, BankAPIKey) else None
        if key is not None:
            BankAccessLog.objects.create(
                bank_id=key.bank_id, key=key, method=request.method,
                path=request.get_full_path()[:300], status_code=response.status_code,
                need_ids=sorted(getattr(request, "needs_read", ())),
            )  # fmt: skip
            now = timezone.now()
            if key.last_used_at is None or (now - key.last_used_at).total_seconds() > 60:
                BankAPIKey.objects.filter(pk=key.pk).update(last_used_at=now)
        return response


IDEMPOTENCY_HEADER = OpenApiParameter(
    "Idempotency-Key", OpenApiTypes.STR, OpenApiParameter.HEADER,
    description="Any unique string of up to 100 printable ASCII characters. A retry with the "
    "same key and body gets the first answer again (header `Idempotent-Replayed: true`) "
    "and creates nothing.",
)  # fmt: skip


def idempotent(method):
    """Run a POST once per (bank, Idempotency-Key); replay the stored answer on a retry."""

    @functools.wraps(method)
    def wrapper(self, request, *args, **kwargs):
        key = request.headers.get("Idempotency-Key", "").strip()
        if not key:
            return method(self, request, *args, **kwargs)
        if len(key) > 100 or not (key.isascii() and key.isprintable()):
            raise StepRefused(
                _("The Idempotency-Key must be up to 100 printable ASCII characters."),
                code="invalid", status=400,
            )  # fmt: skip
        body = json.dumps(request.data, sort_keys=True, default=str)
        fingerprint = hashlib.sha256(
            f"{request.method} {request.path}\n{body}".encode()
        ).hexdigest()
        bank = self.bank
        with transaction.atomic():
            with connection.cursor() as cursor:  # concurrent retries wait for the first
                cursor.execute("SELECT pg_advisory_xact_lock(%s, hashtext(%s))", [bank.pk, key])
            stored = IdempotentResponse.objects.filter(bank=bank, key=key).first()
            if stored is not None:
                if stored.fingerprint != fingerprint:
                    raise StepRefused(
                        _("This Idempotency-Key was already used for a different request."),
                        code="idempotency_conflict", status=422,
                    )  # fmt: skip
                if stored.content is None:  # stored before the bytes were kept
                    replay = Response(stored.body, status=stored.status_code)
                else:
                    replay = _json_bytes(bytes(stored.content), stored.status_code)
                replay["Idempotent-Replayed"] = "true"
                return replay
            response = method(self, request, *args, **kwargs)
            if not 200 <= response.status_code < 300:
                return response
            content = JSONRenderer().render(response.data)
            IdempotentResponse.objects.create(
                bank=bank, key=key, fingerprint=fingerprint,
                status_code=response.status_code, body=response.data, content=content,
            )  # fmt: skip
            return _json_bytes(content, response.status_code)

    return wrapper


def _json_bytes(content: bytes, status_code: int) -> HttpResponse:
    """An answer of exactly these bytes: the first answer to an idempotent POST and its
    replays are byte for byte the same."""
    return HttpResponse(content, status=status_code, content_type="application/json")


# --- endpoints ------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary="Needs shared with your bank",
        description="Open financing needs whose enterprise consented to share them with your "
        "bank, newest first (cursor pages), plus needs settled on your own offer. Contact "
        "name, mobile and ID number are masked.",
        responses={200: NeedSerializer(many=True), **_errors(400)},
    ),
    retrieve=extend_schema(
        summary="One shared need",
        responses={200: NeedSerializer, **_errors(404)},
        examples=[
            OpenApiExample(
                "A need",
                response_only=True,
                value={
                    "id": 42,
                    "enterprise": {
                        "credit_code": "91370684MA3C8XXXX1",
                        "name": "蓬莱某海工装备有限公司",
                        "chains": ["海工装备"],
                        "scale": "small",
                        "labels": ["specialized"],
                    },
                    "amount": "500.00",
                    "purpose": "采购钢材",
                    "term_months": 12,
                    "collateral": "厂房抵押",
                    "urgency": "urgent",
                    "contact_name": "王**",
                    "contact_mobile": "138****5678",
                    "contact_id_number": "370684********1234",
                    "status": "open",
                    "posted_at": "2026-11-20T09:30:00+08:00",
                    "your_offer": None,
                },
            )
        ],
    ),
)
class NeedViewSet(BankAPIView, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                  viewsets.GenericViewSet):  # fmt: skip
    serializer_class = NeedSerializer
    pagination_class = CreatedCursorPagination
    filterset_class = NeedFilter
    queryset = FinancingNeed.objects.none()

    def get_queryset(self):
        own = Offer.objects.filter(
            need=OuterRef("pk"),
            bank=self.bank,
            status__in=[OfferStatus.OPEN, OfferStatus.ACCEPTED],
        ).values("pk")[:1]
        # The list shows open needs; a need settled on this bank's offer stays readable by id.
        scope = (
            actions.open_needs_shared_with(self.bank)
            if self.action == "list"
            else actions.needs_shared_with(self.bank)
        )
        scope = scope.annotate(your_offer=Subquery(own))
        if self.action == "list":
            return scope  # read as plain rows (list)
        return scope.select_related("enterprise").prefetch_related("enterprise__chains")

    def list(self, request, *args, **kwargs):
        """Plain rows drawn by the serializer's fields (``need_rows``): the same items as
        NeedSerializer answers, at a fraction of the cost."""
        rows = self.paginate_queryset(need_values(self.filter_queryset(self.get_queryset())))
        self.reads_needs(row["id"] for row in rows)
        chains = BankEnterpriseSerializer.chains_of(row["enterprise_id"] for row in rows)
        return self.get_paginated_response(need_rows(rows, chains))

    def retrieve(self, request, *args, **kwargs):
        need = self.get_object()
        self.reads_needs([need.pk])
        return Response(self.get_serializer(need).data)


@extend_schema_view(
    list=extend_schema(
        summary="Your bank's offers", responses={200: OfferSerializer(many=True), **_errors(400)}
    ),
    retrieve=extend_schema(
        summary="One of your offers", responses={200: OfferSerializer, **_errors(404)}
    ),
    create=extend_schema(
        summary="Make an offer on a shared need",
        parameters=[IDEMPOTENCY_HEADER],
        request=OfferSerializer,
        responses={201: OfferSerializer, **_errors(400, 404, 409, 422)},
        examples=[
            OpenApiExample(
                "An offer",
                request_only=True,
                value={
                    "need": 42,
                    "amount": "500.00",
                    "rate": "3.65",
                    "term_months": 12,
                    "conditions": "厂房抵押，按月付息",
                    "valid_until": "2026-12-31",
                    "bank_contact": "普惠金融部 李经理 0535-5600000",
                },
            )
        ],
    ),
    partial_update=extend_schema(
        summary="Change your open offer",
        request=OfferChangeSerializer,
        responses={200: OfferSerializer, **_errors(400, 404, 409)},
    ),
)
class OfferViewSet(BankAPIView, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                   viewsets.GenericViewSet):  # fmt: skip
    """Offers are the bank's own: another bank's offer is never listed and answers 404."""

    serializer_class = OfferSerializer
    pagination_class = CreatedCursorPagination
    queryset = Offer.objects.none()
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return Offer.objects.filter(bank=self.bank)

    def _answer(self, offer, code=status.HTTP_200_OK):
        self.reads_needs([offer.need_id])
        return Response(OfferSerializer(offer).data, status=code)

    @idempotent
    def create(self, request):
        body = OfferSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        need_id = data.pop("need_id")
        offer = actions.make_offer(bank=self.bank, need_id=need_id, **data)
        return self._answer(offer, status.HTTP_201_CREATED)

    def partial_update(self, request, pk=None):
        self.get_object()  # 404 outside the bank's own offers
        body = OfferChangeSerializer(data=request.data, partial=True)
        body.is_valid(raise_exception=True)
        return self._answer(
            actions.update_offer(bank=self.bank, offer_id=int(pk), **body.validated_data)
        )

    @extend_schema(
        summary="Withdraw your open offer", request=None,
        responses={200: OfferSerializer, **_errors(404, 409)},
    )  # fmt: skip
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        self.get_object()
        return self._answer(actions.withdraw_offer(bank=self.bank, offer_id=int(pk)))


@extend_schema_view(
    list=extend_schema(
        summary="Your bank's loans", responses={200: LoanSerializer(many=True), **_errors(400)}
    ),
    retrieve=extend_schema(
        summary="One of your loans", responses={200: LoanSerializer, **_errors(404)}
    ),
    create=extend_schema(
        summary="Record the loan on an accepted offer",
        parameters=[IDEMPOTENCY_HEADER],
        responses={201: LoanSerializer, **_errors(400, 404, 409, 422)},
        examples=[
            OpenApiExample(
                "A loan",
                request_only=True,
                value={
                    "offer": 7,
                    "amount": "500.00",
                    "granted_on": "2026-11-25",
                    "term_months": 12,
                },
            )
        ],
    ),
)
class LoanViewSet(BankAPIView, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                  viewsets.GenericViewSet):  # fmt: skip
    serializer_class = LoanSerializer
    queryset = Loan.objects.none()

    class Pages(CreatedCursorPagination):
        ordering = ("-recorded_at", "-id")

    pagination_class = Pages

    def get_queryset(self):
        return Loan.objects.filter(bank=self.bank)

    @idempotent
    def create(self, request):
        body = LoanSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        loan = actions.record_loan(bank=self.bank, offer_id=data.pop("offer_id"), **data)
        self.reads_needs([loan.need_id])
        return Response(LoanSerializer(loan).data, status=status.HTTP_201_CREATED)


STATS = inline_serializer(
    "BankStats",
    {
        "needs_open": serializers.IntegerField(help_text="Open needs shared with your bank"),
        "offers": inline_serializer(
            "BankStatsOffers",
            {
                status: serializers.IntegerField(help_text=label)
                for status, label in OfferStatus.choices
            },
            help_text="Your offers by status",
        ),
        "loans": serializers.IntegerField(),
        "financed_enterprises": serializers.IntegerField(),
        "amount": serializers.DecimalField(max_digits=14, decimal_places=2, help_text="10k yuan"),
        "by_month": inline_serializer(
            "BankStatsMonth",
            {
                "month": serializers.CharField(help_text="YYYY-MM"),
                "loans": serializers.IntegerField(),
                "amount": serializers.DecimalField(
                    max_digits=14, decimal_places=2, help_text="10k yuan"
                ),
            },
            many=True,
        ),
    },
)


class StatsView(BankAPIView, APIView):
    @extend_schema(summary="Your bank's figures", responses={200: STATS, **_errors()})
    def get(self, request):
        bank = self.bank
        offers = dict(Offer.objects.filter(bank=bank).values_list("status").annotate(n=Count("id")))
        loans = Loan.objects.filter(bank=bank)
        sums = figures.loan_sums(loans)
        return Response({
            "needs_open": actions.open_needs_shared_with(bank).count(),
            "offers": {choice: offers.get(choice, 0) for choice in OfferStatus.values},
            "loans": sums["loans"],
            "financed_enterprises": sums["enterprises"],
            "amount": f"{sums['amount']:.2f}",
            "by_month": [
                {"month": f"{m['month']:%Y-%m}", "loans": m["loans"], "amount": f"{m['amount']}"}
                for m in figures.by_month(loans, months=None)
            ],
        })  # fmt: skip

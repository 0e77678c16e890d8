"""The market services the park brings to its enterprises ("政府引导 + 市场主导"): providers
under contract, their catalog of services by category, and the orders enterprises place."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from portal.history import track_history, track_links

from .choices import OrderState, OrderStep, Stars

MONEY = {"max_digits": 12, "decimal_places": 2}


class Provider(models.Model):
    """A firm under contract with the park to serve its enterprises at market prices (an HR
    agency, a law firm, an accountancy...). Its people sign in as provider users (members)
    and answer the orders placed with it."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    description = models.TextField(_("description"), blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    office_phone = models.CharField(_("office phone"), max_length=20, blank=True)
    contract_number = models.CharField(_("contract number"), max_length=40, blank=True)
    contract_from = models.DateField(_("contract from"))
    contract_until = models.DateField(_("contract until"))
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="providers", blank=True,
        verbose_name=_("provider users"),
    )  # fmt: skip
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("service provider")
        verbose_name_plural = _("service providers")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(contract_until__gte=F("contract_from")),
                name="provider_contract_dates",
                violation_error_message=_("The contract cannot end before it starts."),
            )
        ]

    def __str__(self):
        return self.name


class ServiceCategory(models.Model):
    """A kind of market service (人力, 法务, 财税, 知识产权...)."""

    name = models.CharField(_("name"), max_length=40, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("service category")
        verbose_name_plural = _("service categories")
        ordering = ["order", "id"]

    def __str__(self):
        return self.name


class MarketServiceQuerySet(models.QuerySet):
    def offered(self):
        """Services on offer today: offered, by an active provider whose contract runs."""
        from django.utils import timezone

        today = timezone.localdate()
        return self.filter(
            is_active=True, provider__is_active=True, provider__contract_from__lte=today,
            provider__contract_until__gte=today,
        )  # fmt: skip


class MarketService(models.Model):
    """One service of the catalog: what a provider offers, at what price and how fast."""

    category = models.ForeignKey(
        ServiceCategory, on_delete=models.PROTECT, related_name="services",
        verbose_name=_("category"),
    )  # fmt: skip
    provider = models.ForeignKey(
        Provider, on_delete=models.PROTECT, related_name="services", verbose_name=_("provider")
    )
    name = models.CharField(_("name"), max_length=80)
    description = models.TextField(_("description"))
    price_from = models.DecimalField(
        _("price from (yuan)"), validators=[MinValueValidator(0)], **MONEY
    )
    price_to = models.DecimalField(
        _("price up to (yuan)"), null=True, blank=True, validators=[MinValueValidator(0)],
        help_text=_("Leave empty for a fixed price."), **MONEY,
    )  # fmt: skip
    price_unit = models.CharField(
        _("priced per"), max_length=20, blank=True, help_text=_("e.g. per case, per month")
    )
    expected_days = models.PositiveSmallIntegerField(
        _("expected time (working days)"), validators=[MinValueValidator(1)]
    )
    is_active = models.BooleanField(_("offered"), default=True)

    objects = MarketServiceQuerySet.as_manager()

    class Meta:
        verbose_name = _("market service")
        verbose_name_plural = _("market services")
        ordering = ["category__order", "category_id", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(price_to__isnull=True) | Q(price_to__gte=F("price_from")),
                name="market_service_price_range",
                violation_error_message=_("The highest price cannot be below the lowest."),
            ),
            models.UniqueConstraint(
                fields=["provider", "name"],
                name="market_service_unique_name",
                violation_error_message=_("This provider already offers a service of this name."),
            ),
        ]

    def __str__(self):
        return self.name


class Order(models.Model):
    """An enterprise's order of a market service; the provider accepts or declines it,
    delivers it, and the enterprise rates what it got."""

    enterprise = models.ForeignKey(
        "alliances.Enterprise", on_delete=models.PROTECT, related_name="market_orders",
        verbose_name=_("enterprise"),
    )  # fmt: skip
    service = models.ForeignKey(
        MarketService, on_delete=models.PROTECT, related_name="orders", verbose_name=_("service")
    )
    # The provider when it was ordered: a service may later move to another provider.
    provider = models.ForeignKey(
        Provider, on_delete=models.PROTECT, related_name="orders", verbose_name=_("provider")
    )
    ordered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("ordered by"),
    )  # fmt: skip
    need = models.TextField(_("what you need"), max_length=2000)
    state = models.CharField(
        _("state"), max_length=10, choices=OrderState.choices, default=OrderState.ORDERED
    )
    price = models.DecimalField(_("agreed price (yuan)"), null=True, blank=True, **MONEY)
    expected_on = models.DateField(_("expected delivery"), null=True, blank=True)
    decline_reason = models.TextField(_("reason declined"), blank=True)
    delivery_note = models.TextField(_("what was delivered"), blank=True)
    rating = models.PositiveSmallIntegerField(
        _("rating"), choices=Stars.choices, null=True, blank=True
    )
    rating_comment = models.TextField(_("rating comment"), blank=True)
    ordered_at = models.DateTimeField(_("ordered at"), auto_now_add=True)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    done_at = models.DateTimeField(_("delivered at"), null=True, blank=True)
    rated_at = models.DateTimeField(_("rated at"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("market order")
        verbose_name_plural = _("market orders")
        ordering = ["-ordered_at", "-id"]
        indexes = [
            models.Index(fields=["enterprise", "-ordered_at"], name="order_enterprise_recent"),
            models.Index(fields=["provider", "state", "-ordered_at"], name="order_provider_queue"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5),
                name="order_rating_range",
            ),
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(state=OrderState.DONE),
                name="order_rated_when_done",
            ),
        ]

    def __str__(self):
        return f"{self.service} · {self.enterprise}"

    @property
    def is_open(self) -> bool:
        return self.state in OrderState.open_states()


class OrderEvent(models.Model):
    """One step of an order, kept for good: who did what, when, from which state to which."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="events")
    step = models.CharField(_("step"), max_length=10, choices=OrderStep.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("by"),
    )  # fmt: skip
    from_state = models.CharField(_("from"), max_length=10, choices=OrderState.choices, blank=True)
    to_state = models.CharField(_("to"), max_length=10, choices=OrderState.choices)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        verbose_name = _("order event")
        verbose_name_plural = _("order events")
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.get_step_display()} · {self.created_at:%Y-%m-%d %H:%M}"


track_history(Provider, ServiceCategory, MarketService, Order)
track_links(Provider.members.through, app_label="market", model_name="ProviderMemberHistory")

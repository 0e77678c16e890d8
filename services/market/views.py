"""The market's pages: the public catalog, ordering a service, the orders a person may see
and each order's page with the steps they may take."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe
from rest_framework.exceptions import ValidationError

from portal.errors import StepRefused
from portal.pagination import page_or_first
from portal.steps import page_steps, step_form, take_on_page

from . import selectors, services
from .forms import OrderFilterForm
from .inputs import NeedInput
from .models import MarketService, Order
from .permissions import is_provider_user, may_order, sees_all_orders
from .steps import STEPS

ORDERS_PAGE = 30


@require_safe
def catalog(request):
    """The services the park's providers offer, by category; open to everyone."""
    return render(request, "market/catalog.html", {
        "categories": selectors.catalog(), "may_order": may_order(request.user),
    })  # fmt: skip


def service_detail(request, pk):
    """A service of the catalog; an enterprise user orders it here."""
    service = get_object_or_404(
        MarketService.objects.offered().select_related("provider", "category"), pk=pk,
    )  # fmt: skip
    form, status = step_form(NeedInput), 200
    if request.method == "POST":
        if not may_order(request.user):
            raise Http404
        body = NeedInput(data=request.POST)
        try:
            body.is_valid(raise_exception=True)
            order = services.place_order(
                actor=request.user, service_id=service.pk, need=body.validated_data["need"]
            )
        except ValidationError as exc:
            form, status = step_form(NeedInput, data=request.POST, errors=exc.detail), 400
        except StepRefused as exc:
            messages.error(request, exc.message)
            return redirect("market:service", pk=pk)
        else:
            messages.success(
                request,
                _("Your order is placed: %(provider)s is told and answers on the order's page.")
                % {"provider": service.provider},
            )
            return redirect("market:order_detail", pk=order.pk)
    elif request.method not in ("GET", "HEAD"):
        raise Http404
    return render(request, "market/service_detail.html", {
        "service": service, "form": form, "may_order": may_order(request.user),
    }, status=status)  # fmt: skip


@login_required
@require_safe
def order_list(request):
    """An enterprise's orders, a provider's orders to answer, or every order for staff."""
    user = request.user
    if not (may_order(user) or is_provider_user(user) or sees_all_orders(user)):
        raise Http404
    filters = OrderFilterForm(request.GET or None)
    rows = selectors.orders_visible_to(user).select_related(
        "service__category", "provider", "enterprise"
    )
    status = 200
    if filters.is_bound and not filters.is_valid():
        status, rows = 400, rows.none()  # the form says which value is wrong
    elif filters.is_bound:
        rows = filters.apply(rows)
    page, next_token, bad_token = page_or_first(
        rows, order="-ordered_at", after=request.GET.get("after"), size=ORDERS_PAGE
    )
    if bad_token:
        messages.error(request, bad_token)
    query = request.GET.copy()
    query.pop("after", None)
    return render(request, "market/order_list.html", {
        "page": page, "next_token": next_token, "query": query.urlencode(), "filters": filters,
        "provider_view": is_provider_user(user), "staff_view": sees_all_orders(user),
    }, status=400 if bad_token else status)  # fmt: skip


def _render_order(request, order, *, bound_step=None, bound_form=None, status=200):
    steps = page_steps(STEPS, request.user, order, bound_step=bound_step, bound_form=bound_form)
    return render(request, "market/order_detail.html", {
        "item": order, "steps": steps, "events": list(order.events.all()),
    }, status=status)  # fmt: skip


def _order(request, pk) -> Order:
    try:
        return selectors.order_for_detail(request.user, pk)
    except Order.DoesNotExist:
        raise Http404 from None


@login_required
@require_safe
def order_detail(request, pk):
    return _render_order(request, _order(request, pk))


@login_required
@require_POST
def order_step(request, pk, step):
    """Take one declared step of an order from its page (see ``steps.STEPS``)."""
    order = _order(request, pk)
    if step not in STEPS:
        raise Http404
    return take_on_page(
        request, STEPS[step], order, back=redirect("market:order_detail", pk=pk),
        render_bound=lambda form: _render_order(
            request, _order(request, pk), bound_step=step, bound_form=form, status=400
        ),
    )  # fmt: skip


@login_required
@require_safe
def staff_figures(request):
    """Orders and ratings per provider and per category, for park staff."""
    if not sees_all_orders(request.user):
        raise Http404
    return render(request, "market/staff_figures.html", {
        "providers": selectors.figures_by_provider(),
        "categories": selectors.figures_by_category(),
    })  # fmt: skip

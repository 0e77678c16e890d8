"""Kinds of message the market sends."""

from django.utils.translation import gettext_lazy as _

from portal.notifications import Kind, register

for code, title in [
    ("market_order_placed", _("New order: %(service)s for %(enterprise)s")),
    ("market_order_accepted", _("%(provider)s accepted your order of %(service)s")),
    ("market_order_declined", _("%(provider)s declined your order of %(service)s")),
    ("market_order_done", _("%(service)s is delivered: please rate it")),
    ("market_order_cancelled", _("%(enterprise)s cancelled its order of %(service)s")),
    ("market_order_rated", _("%(enterprise)s rated %(service)s: %(rating)s of 5")),
]:
    register(Kind(code=code, title=title, body_template=f"notifications/{code}.txt"))

from django.urls import path

from . import views
from .finance import views as finance

urlpatterns = [
    path("finance/", finance.need_list, name="finance"),
    path("finance/new/", finance.need_new, name="finance_new"),
    path("staff/finance/", finance.staff_figures, name="staff_finance"),
    path("finance/<int:pk>/", finance.need_detail, name="finance_need"),
    path("finance/<int:pk>/consent/", finance.need_consent, name="finance_consent"),
    path("finance/<int:pk>/withdraw/", finance.need_withdraw, name="finance_withdraw"),
    path("finance/<int:pk>/close/", finance.need_close, name="finance_close"),
    path(
        "finance/<int:pk>/offers/<int:offer_pk>/accept/",
        finance.offer_accept,
        name="finance_accept",
    ),
    path(
        "finance/meetings/<int:pk>/register/",
        finance.meeting_register,
        name="finance_meeting_register",
    ),
    path("requests/new/", views.request_new, name="request_new"),
    path("requests/", views.my_requests, name="my_requests"),
    path("requests/<int:pk>/", views.request_detail, name="request_detail"),
    path("requests/<int:pk>/<slug:step>/", views.request_step, name="request_step"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment_download"),
    path("reception/", views.reception_booking, name="reception_booking"),
    path("staff/reception/", views.reception_days, name="reception_days"),
    path("staff/reception/<int:pk>/", views.reception_sheet, name="reception_sheet"),
    path("staff/requests/", views.staff_requests, name="staff_requests"),
    path("staff/figures/", views.staff_figures, name="staff_figures"),
    path("staff/requests/dispatch/", views.staff_bulk_dispatch, name="staff_bulk_dispatch"),
    path("staff/requests/ledger.xlsx", views.staff_ledger, name="staff_ledger"),
]

from django.urls import path

from . import views

app_name = "services"

urlpatterns = [
    path("requests/new/", views.request_new, name="request_new"),
    path("requests/new/similar/", views.request_similar, name="request_similar"),
    path("requests/", views.my_requests, name="my_requests"),
    path("cases/", views.case_list, name="case_list"),
    path("cases/<int:pk>/", views.case_detail, name="case_detail"),
    path("staff/requests/<int:pk>/case/", views.case_publish, name="case_publish"),
    path("requests/<int:pk>/", views.request_detail, name="request_detail"),
    path("requests/<int:pk>/<slug:step>/", views.request_step, name="request_step"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment_download"),
    path("staff/requests/", views.staff_requests, name="staff_requests"),
    path("staff/requests/enter/", views.staff_request_enter, name="staff_request_enter"),
    path("staff/replies/", views.staff_replies, name="staff_replies"),
    path("staff/replies/<int:pk>/delete/", views.staff_reply_delete, name="staff_reply_delete"),
    path("staff/figures/", views.staff_figures, name="staff_figures"),
    path("staff/requests/dispatch/", views.staff_bulk_dispatch, name="staff_bulk_dispatch"),
    path("staff/requests/ledger.xlsx", views.staff_ledger, name="staff_ledger"),
]

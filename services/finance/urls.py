from django.urls import path

from . import views

app_name = "finance"

urlpatterns = [
    path("finance/", views.need_list, name="finance"),
    path("finance/new/", views.need_new, name="finance_new"),
    path("staff/finance/", views.staff_figures, name="staff_finance"),
    path("finance/<int:pk>/", views.need_detail, name="finance_need"),
    path("finance/<int:pk>/consent/", views.need_consent, name="finance_consent"),
    path("finance/<int:pk>/withdraw/", views.need_withdraw, name="finance_withdraw"),
    path("finance/<int:pk>/close/", views.need_close, name="finance_close"),
    path(
        "finance/<int:pk>/offers/<int:offer_pk>/accept/",
        views.offer_accept,
        name="finance_accept",
    ),
    path(
        "finance/meetings/<int:pk>/register/",
        views.meeting_register,
        name="finance_meeting_register",
    ),
]

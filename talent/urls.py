from django.urls import path

from . import views

app_name = "talent"

urlpatterns = [
    path("talent/", views.talent_list, name="talents"),
    path("talent/new/", views.talent_new, name="talent_new"),
    path("talent/export.xlsx", views.talent_export, name="talent_export"),
    path("talent/<int:pk>/", views.talent_detail, name="talent_detail"),
    path("talent/<int:pk>/edit/", views.talent_edit, name="talent_edit"),
    path("talent/<int:pk>/identity/", views.talent_identity, name="talent_identity"),
    path("talent/positions/", views.demand_list, name="demands"),
    path("talent/positions/<int:pk>/close/", views.demand_close, name="demand_close"),
    path("innovation/", views.innovation, name="innovation"),
    path("innovation/problems/", views.problem_list, name="problems"),
    path("innovation/problems/<int:pk>/", views.problem_detail, name="problem_detail"),
    path("innovation/problems/<int:pk>/<slug:step>/", views.problem_step, name="problem_step"),
    path("lectures/", views.lectures, name="lectures"),
    path("lectures/sessions/<int:pk>/", views.session_detail, name="session_detail"),
    path("lectures/sessions/<int:pk>/enrol/", views.session_enrol, name="session_enrol"),
    path("lectures/sessions/<int:pk>/attendance/", views.session_mark, name="session_mark"),
    path("lectures/sessions/<int:pk>/qr/", views.session_qr, name="session_qr"),
    path("lectures/enrolments/<int:pk>/cancel/", views.enrolment_cancel, name="enrolment_cancel"),
    path("lectures/check-in/<str:code>/", views.check_in, name="check_in"),
    path("lectures/certificates/", views.certificate_list, name="certificates"),
    path("lectures/certificates/<str:number>/", views.certificate, name="certificate"),
    path("staff/talent/", views.staff_figures, name="staff_figures"),
]

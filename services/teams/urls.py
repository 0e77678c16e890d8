from django.urls import path

from . import views

app_name = "teams"

urlpatterns = [
    path("teams/", views.team_list, name="teams"),
    path("teams/<int:pk>/", views.team_detail, name="team_detail"),
    path("teams/visits/", views.visit_list, name="visits"),
    path("teams/visits/new/", views.visit_new, name="visit_new"),
    path("teams/visits/<int:pk>/", views.visit_detail, name="visit_detail"),
    path("paperwork/", views.case_list, name="cases"),
    path("paperwork/<int:pk>/", views.case_detail, name="case_detail"),
    path("paperwork/<int:pk>/<slug:step>/", views.case_step, name="case_step"),
    path("policies/", views.policy_list, name="policies"),
    path("policies/<int:pk>/", views.policy_detail, name="policy_detail"),
    path("policies/<int:pk>/document/", views.policy_document, name="policy_document"),
    path("policies/<int:pk>/push/", views.policy_push, name="policy_push"),
    path("staff/teams/liaisons/", views.liaisons, name="liaisons"),
    path("staff/teams/", views.staff_figures, name="staff_figures"),
]

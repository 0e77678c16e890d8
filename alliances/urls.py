from django.urls import path

from . import staff_views, views

app_name = "alliances"

urlpatterns = [
    path("alliances/", views.alliance_list, name="alliance_list"),
    path("alliances/<slug:slug>/", views.alliance_detail, name="alliance_detail"),
    path("join/", views.join, name="join"),
    path("enterprise/", views.my_enterprise, name="my_enterprise"),
    path("enterprise/edit/", views.enterprise_edit, name="enterprise_edit"),
    path("enterprise/invite/", views.invite, name="enterprise_invite"),
    path(
        "enterprise/colleagues/<int:membership_id>/remove/",
        views.remove_colleague,
        name="remove_colleague",
    ),
    path("invitations/<str:token>/", views.accept_invitation, name="accept_invitation"),
    path("staff/enterprises/", staff_views.enterprise_list, name="staff_enterprises"),
    path("staff/enterprises/<int:pk>/", staff_views.enterprise_detail, name="staff_enterprise"),
    path(
        "staff/enterprises/<int:pk>/growth/", staff_views.growth_step_add, name="staff_growth_step"
    ),
    path("staff/applications/", staff_views.application_queue, name="staff_applications"),
    path(
        "staff/applications/<int:pk>/review/",
        staff_views.application_review,
        name="staff_application_review",
    ),
    path("staff/changes/", staff_views.change_queue, name="staff_changes"),
    path("staff/changes/<int:pk>/review/", staff_views.change_review, name="staff_change_review"),
]

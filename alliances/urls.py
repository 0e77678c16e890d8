from django.urls import path

from . import views

urlpatterns = [
    path("alliances/", views.alliance_list, name="alliance_list"),
    path("alliances/<slug:slug>/", views.alliance_detail, name="alliance_detail"),
]

from django.urls import path

from . import views

app_name = "reception"

urlpatterns = [
    path("reception/", views.reception_booking, name="reception_booking"),
    path("staff/reception/", views.reception_days, name="reception_days"),
    path("staff/reception/<int:pk>/", views.reception_sheet, name="reception_sheet"),
]

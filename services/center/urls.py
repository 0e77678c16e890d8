from django.urls import path

from . import views

app_name = "center"

urlpatterns = [
    path("center/", views.center, name="center"),
    path("center/venues/<int:pk>/", views.venue, name="venue"),
    path("center/bookings/", views.my_bookings, name="my_bookings"),
    path("center/bookings/<int:pk>/cancel/", views.cancel, name="cancel"),
    path("staff/center/bookings/", views.staff_bookings, name="staff_bookings"),
    path("staff/center/bookings/<int:pk>/<slug:decision>/", views.decide, name="decide"),
]

from django.urls import path

from . import event_views, stay_views, views

app_name = "center"

urlpatterns = [
    path("center/", views.center, name="center"),
    path("center/venues/<int:pk>/", views.venue, name="venue"),
    path("center/bookings/", views.my_bookings, name="my_bookings"),
    path("center/bookings/<int:pk>/cancel/", views.cancel, name="cancel"),
    path("staff/center/bookings/", views.staff_bookings, name="staff_bookings"),
    path("staff/center/bookings/<int:pk>/<slug:decision>/", views.decide, name="decide"),
    path("center/circle/", views.circle, name="circle"),
    path("center/events/", event_views.events, name="events"),
    path("center/events/<int:pk>/", event_views.event, name="event"),
    path("center/events/<int:pk>/register/", event_views.register, name="event_register"),
    path("center/events/<int:pk>/unregister/", event_views.unregister, name="event_unregister"),
    path("staff/center/events/new/", event_views.new_event, name="event_new"),
    path(
        "staff/center/events/<int:pk>/attendance/", event_views.attendance, name="event_attendance"
    ),
    path("staff/center/events/<int:pk>/cancel/", event_views.cancel_event, name="event_cancel"),
    path("center/accommodation/", stay_views.accommodation, name="accommodation"),
    path("center/accommodation/<int:pk>/withdraw/", stay_views.withdraw, name="stay_withdraw"),
    path("staff/center/accommodation/", stay_views.staff_accommodation, name="staff_accommodation"),
    path(
        "staff/center/accommodation/<int:pk>/allocate/", stay_views.allocate, name="stay_allocate"
    ),
    path("staff/center/accommodation/<int:pk>/refuse/", stay_views.refuse, name="stay_refuse"),
    path(
        "staff/center/accommodation/<int:pk>/check-out/",
        stay_views.check_out,
        name="stay_check_out",
    ),
]

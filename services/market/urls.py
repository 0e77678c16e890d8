from django.urls import path

from . import views

app_name = "market"

urlpatterns = [
    path("market/", views.catalog, name="catalog"),
    path("market/services/<int:pk>/", views.service_detail, name="service"),
    path("market/orders/", views.order_list, name="orders"),
    path("market/orders/<int:pk>/", views.order_detail, name="order_detail"),
    path("market/orders/<int:pk>/<slug:step>/", views.order_step, name="order_step"),
    path("staff/market/", views.staff_figures, name="staff_figures"),
]

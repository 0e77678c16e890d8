from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, re_path

from . import dashboard_views, import_views, privacy_views, views
from .forms import LoginForm
from .health import healthz
from .registry import registry

urlpatterns = [
    path("", views.home, name="home"),
    path("me/", views.landing, name="landing"),
    path("workbench/", views.workbench, name="workbench"),
    path("staff/dashboard/", dashboard_views.dashboard_page, name="dashboard"),
    path("staff/dashboard/charts.css", dashboard_views.dashboard_css, name="dashboard_css"),
    path("staff/dashboard/<slug:key>.xlsx", dashboard_views.dashboard_xlsx, name="dashboard_xlsx"),
    path("notifications/", views.notification_list, name="notifications"),
    path("notifications/read/", views.notification_mark_read, name="notifications_mark_read"),
    path("notifications/<int:pk>/open/", views.notification_open, name="notification_open"),
    path("me/data/", privacy_views.my_data, name="my_data"),
    re_path(
        r"^me/data/export\.(?P<fmt>json|xlsx)$",
        privacy_views.my_data_export,
        name="my_data_export",
    ),
    path("me/data/erase/", privacy_views.my_data_erase, name="my_data_erase"),
    path("imports/<slug:kind>/", import_views.import_new, name="import_new"),
    path("imports/<slug:kind>/template.xlsx", import_views.import_template, name="import_template"),
    path("imports/job/<int:pk>/", import_views.import_job, name="import_job"),
    path("imports/job/<int:pk>/confirm/", import_views.import_confirm, name="import_confirm"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(
            authentication_form=LoginForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    # Every app's pages (see portal.registry).
    *(path("", include(module)) for module in registry.url_modules),
    path("healthz", healthz, name="healthz"),
    path("api/v1/", include("portal.api.urls")),
    path("admin/", admin.site.urls),
]

handler404 = "portal.api.errors.not_found"
handler500 = "portal.api.errors.server_error"

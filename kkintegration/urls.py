"""URL configuration for kkintegration."""

from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from committees import accounts
from committees.site import views as site_views

admin.site.site_header = _("kkintegration – maintenance of the action plans")
admin.site.site_title = _("kkintegration")
admin.site.index_title = _("Plans, indicators and funding")

handler500 = "committees.site.views.server_error"

urlpatterns = [
    # Public pages: plans, indicators, activities, funding
    path("", include("committees.site.urls")),
    path("", include("indicators.urls")),
    path("", include("activities.urls")),
    path("", include("budgets.urls")),
    # Operations
    path("healthz", site_views.healthz, name="healthz"),
    # Accounts, administration and language switch
    path("konto/login/", accounts.LoginView.as_view(), name="login"),
    path("konto/password_reset/", accounts.password_reset, name="password_reset"),
    path(
        "konto/password_reset/done/", accounts.password_reset_done, name="password_reset_done"
    ),
    path(
        "konto/reset/<uidb64>/<token>/",
        accounts.password_reset_confirm,
        name="password_reset_confirm",
    ),
    path("konto/reset/done/", accounts.password_reset_complete, name="password_reset_complete"),
    path("konto/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
]

"""URL configuration for kkintegration."""

from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from committees import views as committee_views

admin.site.site_header = _("kkintegration – maintenance of the action plans")
admin.site.site_title = _("kkintegration")
admin.site.index_title = _("Plans, indicators and funding")

urlpatterns = [
    # Public pages
    path("", committee_views.home, name="home"),
    # Administration and language switch
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
]

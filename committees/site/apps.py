from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SiteConfig(AppConfig):
    """The public plan site and what works on whole plans across the apps: the plan
    loader and the Bilag workbook. It sits on top: it imports every app, none imports it."""

    name = "committees.site"
    label = "site"
    verbose_name = _("Public plan site")

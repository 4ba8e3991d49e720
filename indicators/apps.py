from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    name = "indicators"
    verbose_name = _("Indicators and values")

    def ready(self):
        from . import signals  # noqa: F401 - connects the data-version receivers

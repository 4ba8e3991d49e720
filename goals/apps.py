from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GoalsConfig(AppConfig):
    name = "goals"
    verbose_name = _("Objectives and targets")

    def ready(self):
        from . import signals  # noqa: F401 - connects the data-version receivers

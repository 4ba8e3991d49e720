from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BudgetsConfig(AppConfig):
    name = "budgets"
    verbose_name = _("Funding")

    def ready(self):
        from . import signals  # noqa: F401 - connects the data-version receivers

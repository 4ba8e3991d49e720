from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommitteesConfig(AppConfig):
    name = "committees"
    verbose_name = _("Committees and action plans")

    def ready(self):
        from . import signals  # noqa: F401 - connects the data-version receivers

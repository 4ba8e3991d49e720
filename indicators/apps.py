from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    name = "indicators"
    verbose_name = _("Indicators and values")

    def ready(self):
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from .barometer import rollup

        def changed(**kwargs):
            if kwargs.get("raw"):
                return
            # a new token in the same transaction: visible to others exactly at commit
            rollup.invalidate()

        # Anything the roll-up or the cached Bilag workbooks read: values, plans and money.
        for label in [
            "indicators.IndicatorValue",
            "indicators.Indicator",
            "indicators.Breakdown",
            "goals.Target",
            "goals.Objective",
            "committees.ActionPlan",
            "committees.Committee",
            "goals.Theme",
            "activities.Activity",
            "budgets.FundingLine",
            "budgets.FundingYear",
            "budgets.FundingSource",  # not in the roll-up, but in the cached Bilag
        ]:
            post_save.connect(changed, sender=label, dispatch_uid=f"rollup-save-{label}")
            post_delete.connect(changed, sender=label, dispatch_uid=f"rollup-delete-{label}")
        m2m_changed.connect(changed, dispatch_uid="rollup-m2m")
